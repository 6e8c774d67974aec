//! The Nearby screen rendered headless (VirtualDom + dioxus-ssr), in each language: the whole app on the
//! Near me route at Tapachula (one page of rows, as a phone first shows it), and the Near me result list
//! with 50 rows (the screen's own `PlaceRow` component, 50 nearest places).

use super::report::{Report, Table};
use super::startup::TAPACHULA;
use super::stats::{timed, Rounds};
use super::BenchError;
use crate::catalog::{Catalog, NearQuery};
use crate::i18n::Localizer;
use crate::model::{LatLon, PlaceId};
use crate::store::UserStore;
use crate::ui::app::{App, AppProps};
use crate::ui::components::place::PlaceRow;
use crate::ui::state::{Boot, Start};
use dioxus::prelude::*;
use std::rc::Rc;

/// How many rows the list render shows.
pub const ROWS: usize = 50;

#[derive(Props, Clone, PartialEq)]
struct ListProps {
    tr: Localizer,
    rows: Vec<crate::catalog::Nearby>,
}

/// The Near me result list as the screen lays it out.
#[allow(non_snake_case)]
fn NearList(props: ListProps) -> Element {
    let now = chrono::Local::now().naive_local();
    rsx! {
        ul { class: "rows",
            for row in props.rows {
                PlaceRow {
                    key: "{row.place.id}",
                    tr: props.tr.clone(),
                    item: row.clone(),
                    now,
                    on_open: move |_id: PlaceId| {},
                }
            }
        }
    }
}

/// Renders the whole app on the Near me route; returns the HTML.
pub fn render_near_screen(catalog: Rc<Catalog>, lang: &str) -> Result<String, BenchError> {
    let user = Rc::new(UserStore::in_memory()?);
    let boot = Boot {
        catalog: Ok(catalog),
        user,
        user_problem: None,
        source: None,
        data_dir: None,
        report_server: None,
        trusted: Default::default(),
        start: Start {
            at: Some(TAPACHULA),
            lang: Some(lang.to_string()),
            route: Some("/".to_string()),
        },
    };
    let mut dom = VirtualDom::new_with_props(App, AppProps { boot });
    dom.rebuild_in_place();
    Ok(dioxus_ssr::render(&dom))
}

/// Renders [`ROWS`] Near me rows; returns the HTML.
pub fn render_near_list(catalog: &Catalog, lang: &str) -> String {
    let mut query = NearQuery::around(TAPACHULA);
    query.limit = ROWS;
    let rows = catalog.near(&query);
    let mut dom = VirtualDom::new_with_props(
        NearList,
        ListProps {
            tr: Localizer::new(lang),
            rows,
        },
    );
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

/// Renders both `rounds` times per language (after one warm-up), checks the list has [`ROWS`] rows, and
/// adds the table to `report`.
pub fn section(report: &mut Report, rounds: usize, catalog: &Catalog) -> Result<(), BenchError> {
    let shared = Rc::new(Catalog::open_default()?);
    let mut table = Table::new(
        "UI: Nearby rendered headless (VirtualDom + dioxus-ssr), ms: median (min–max)",
        &[
            "language",
            "whole Near me screen (1 page)",
            &format!("{ROWS}-row result list"),
            "HTML bytes (list)",
        ],
    );
    for lang in ["es", "en", "fr"] {
        let html = render_near_list(catalog, lang);
        let rows = html.matches("<li").count();
        if rows < ROWS {
            return Err(BenchError::Mismatch(format!(
                "the {lang} Near me list rendered {rows} rows, not {ROWS}"
            )));
        }
        let screen = render_near_screen(shared.clone(), lang)?;
        if screen.matches("<li").count() == 0 {
            return Err(BenchError::Mismatch(format!(
                "the {lang} Near me screen rendered no rows"
            )));
        }
        let mut screen_ms = Rounds::default();
        let mut list_ms = Rounds::default();
        for _ in 0..rounds {
            let (html, took) = timed(|| render_near_screen(shared.clone(), lang));
            std::hint::black_box(html?);
            screen_ms.push(took.as_secs_f64() * 1000.0);
            let (html, took) = timed(|| render_near_list(catalog, lang));
            std::hint::black_box(html);
            list_ms.push(took.as_secs_f64() * 1000.0);
        }
        table.row(vec![
            lang.into(),
            screen_ms.spread().map_or("-".into(), |s| s.show(2)),
            list_ms.spread().map_or("-".into(), |s| s.show(2)),
            html.len().to_string(),
        ]);
    }
    table.note(format!(
        "whole screen = App on the Near me route at Tapachula (real default bundle, in-memory user database): \
         VirtualDom build, first render and SSR to HTML; the screen shows one page of rows. \
         The {ROWS}-row list = the screen's PlaceRow component for the {ROWS} nearest places, same pipeline. \
         {rounds} rounds per language after a warm-up."
    ));
    report.tables.push(table);
    map_frames(report, rounds, catalog)
}

#[derive(Props, Clone, PartialEq)]
struct MapFrameProps {
    shapes: crate::ui::map::MapShapes,
    points: Rc<[crate::ui::map::MapPoint]>,
    here: LatLon,
    towns: Rc<[crate::ui::map::MapTown]>,
}

/// The map as the map screen shows it, opening on `here`.
#[allow(non_snake_case)]
fn MapFrame(props: MapFrameProps) -> Element {
    let tr = Localizer::new("es");
    rsx! {
        crate::ui::map::MapView {
            shapes: props.shapes,
            points: props.points,
            here: Some(props.here),
            labels: crate::ui::screens::map::map_labels(&tr),
            on_select: |_| {},
            on_pick: |_| {},
            towns: props.towns,
        }
    }
}

/// A map frame: the whole map view built and rendered to HTML around a point (what a pan or zoom to
/// that view re-renders, at most: a real pan diffs the previous frame instead of building a new one).
fn map_frames(report: &mut Report, rounds: usize, catalog: &Catalog) -> Result<(), BenchError> {
    let shapes =
        crate::ui::map::prepare_shapes(&catalog.borders(crate::catalog::BorderScale::Medium)?);
    let points: Rc<[crate::ui::map::MapPoint]> = catalog
        .places()
        .iter()
        .filter_map(|p| crate::ui::map::MapPoint::from_place(p, p.names.get("es").to_string()))
        .collect();
    let towns = crate::ui::screens::map::map_towns(catalog);
    let mut table = Table::new(
        "UI: a map frame rendered headless (MapView built, rendered and turned into HTML), ms: median (min–max)",
        &["view", "frame ms", "HTML bytes"],
    );
    let mut all = Rounds::default();
    for (name, here) in [
        ("Tapachula", TAPACHULA),
        ("Paso Canoas", LatLon::new(8.5333, -82.8333)),
        ("San José", LatLon::new(9.9333, -84.0833)),
        ("Necoclí", LatLon::new(8.42627, -76.78926)),
    ] {
        let frame = || {
            let mut dom = VirtualDom::new_with_props(
                MapFrame,
                MapFrameProps {
                    shapes: shapes.clone(),
                    points: points.clone(),
                    here,
                    towns: towns.clone(),
                },
            );
            dom.rebuild_in_place();
            dioxus_ssr::render(&dom)
        };
        let html = frame();
        if !html.contains("<svg") {
            return Err(BenchError::Mismatch(format!(
                "the map around {name} drew no svg"
            )));
        }
        let mut ms = Rounds::default();
        for _ in 0..rounds.max(3) {
            let (html, took) = timed(frame);
            std::hint::black_box(html);
            ms.push(took.as_secs_f64() * 1000.0);
            all.push(took.as_secs_f64() * 1000.0);
        }
        table.row(vec![
            name.into(),
            ms.spread().map_or("-".into(), |s| s.show(2)),
            html.len().to_string(),
        ]);
    }
    if let Some(spread) = all.spread() {
        report.budgets.push(super::report::Budget::millis_at_most(
            "a map frame (pan or zoom re-render, upper bound: a fresh build), median",
            16.7,
            spread,
        ));
    }
    table.note(format!(
        "{} points, the 1:50m borders and the towns of the default bundle; each frame builds a new VirtualDom, so it bounds what a pan or zoom re-renders",
        points.len()
    ));
    report.tables.push(table);
    Ok(())
}
