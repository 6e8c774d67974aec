//! The map tab: the offline map ([`crate::ui::map::MapView`]) with every mapped place of the chosen
//! category, "you are here", tap a marker to open a place, tap the map to set "my place".

use super::near::label_for;
use crate::model::{LocationPrecision, PlaceId};
use crate::ui::app::Route;
use crate::ui::components::chips::CategoryChips;
use crate::ui::map::{MapLabels, MapPoint, MapView};
use crate::ui::state::{use_tr, Here, Services, Session};
use dioxus::prelude::*;

/// The map screen.
#[component]
pub fn MapScreen() -> Element {
    let tr = use_tr();
    let services = use_context::<Services>();
    let session = use_context::<Session>();
    let mut filters = session.filters;
    let mut here = session.here;
    let nav = navigator();
    let lang = tr.lang();
    let category = filters().category;
    let points: Vec<MapPoint> = services
        .catalog
        .places()
        .iter()
        .filter(|p| category.is_none_or(|c| p.category == c))
        .filter(|p| {
            matches!(
                p.precision,
                LocationPrecision::Exact | LocationPrecision::Town
            )
        })
        .filter_map(|p| {
            Some(MapPoint {
                id: p.id.clone(),
                position: p.position?,
                category: p.category,
                closed: p.status.is_closed(),
                approximate: p.precision == LocationPrecision::Town,
                label: p.names.get(lang).to_string(),
            })
        })
        .collect();
    let labels = MapLabels {
        zoom_in: tr.tr("map-zoom-in"),
        zoom_out: tr.tr("map-zoom-out"),
        you_are_here: tr.tr("map-you-are-here"),
        cluster: tr.tr("map-cluster"),
        map: tr.tr("map-label"),
    };
    let catalog = services.catalog.clone();
    let pick_tr = tr.clone();
    rsx! {
        div { class: "screen-body map-screen",
            h1 { class: "sr-only", {tr.tr("tab-map")} }
            CategoryChips {
                tr: tr.clone(),
                selected: category,
                on_pick: move |c| filters.write().pick_category(c),
            }
            p { class: "small", {tr.tr("map-hint")} }
            MapView {
                shapes: services.shapes(),
                points,
                here: (session.here)().map(|h| h.position),
                labels,
                on_select: move |id: PlaceId| {
                    nav.push(Route::PlaceScreen { id: id.0 });
                },
                on_pick: move |position| {
                    let label = label_for(&catalog, &pick_tr, position);
                    here.set(Some(Here { position, label }));
                    nav.push(Route::Near {});
                },
            }
        }
    }
}
