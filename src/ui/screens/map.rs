//! The map tab: the offline map ([`crate::ui::map::MapView`]) with every mapped place of the chosen
//! category, town and country names, "you are here" (with a ring when it is only a town's centre), opening
//! on you and your nearest results; tap a marker to open a place, tap the map to set "my place".

use crate::catalog::Catalog;
use crate::catalog::PlaceBrief;
use crate::i18n::{Arg, Localizer};
use crate::model::{Category, CountryCode, LatLon, LocationPrecision, PlaceId};
use crate::ui::app::Route;
use crate::ui::components::chips::CategoryChips;
use crate::ui::components::place_name::label_for;
use crate::ui::map::{MapLabels, MapPoint, MapTown, MapView};
use crate::ui::present::near_rows;
use crate::ui::present::NearFilters;
use crate::ui::state::{use_tr, Here, Services, Session};
use dioxus::prelude::*;
use std::rc::Rc;

/// The map screen.
#[component]
pub fn MapScreen() -> Element {
    let tr = use_tr();
    let services = use_context::<Services>();
    let session = use_context::<Session>();
    let mut filters = session.filters;
    let mut here = session.here;
    let nav = navigator();
    let category = filters().category;
    // The markers (about 2,000, each with a Fluent label) are built when the category, the language or
    // the data change, not on every render; the map gets them as one shared list.
    let points = use_memo({
        let catalog = services.catalog.clone();
        let tr = use_context::<Memo<Localizer>>();
        move || {
            let tr = tr.read();
            let category = filters.read().category;
            catalog
                .places()
                .iter()
                .filter(|p| category.is_none_or(|c| p.category == c))
                .filter_map(|p| MapPoint::from_place(p, marker_label(&tr, p)))
                .collect::<Rc<[MapPoint]>>()
        }
    });
    // Towns by population and country names: read once per opening of the map.
    let towns = use_hook({
        let catalog = services.catalog.clone();
        move || map_towns(&catalog)
    });
    let country_names = use_memo({
        let catalog = services.catalog.clone();
        let tr = use_context::<Memo<Localizer>>();
        move || {
            let lang = tr.read().lang();
            catalog
                .countries()
                .iter()
                .map(|c| (c.code, c.name(lang).to_string()))
                .collect::<Rc<[(CountryCode, String)]>>()
        }
    });
    let here_now = (session.here)();
    // The map opens on "my place" and the first results Near me shows for the same filters.
    let fit = use_memo({
        let catalog = services.catalog.clone();
        let tr = use_context::<Memo<Localizer>>();
        move || {
            let Some(here) = (session.here)() else {
                return Rc::from(Vec::<LatLon>::new());
            };
            nearest_positions(&catalog, here.position, &filters.read(), tr.read().lang())
        }
    });
    let here_accuracy_m = here_now
        .as_ref()
        .filter(|h| is_town_centre(&towns, h.position))
        .map(|_| TOWN_ACCURACY_M);
    let labels = map_labels(&tr);
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
                points: points(),
                here: here_now.as_ref().map(|h| h.position),
                labels,
                fit: fit(),
                towns: towns.clone(),
                country_names: country_names(),
                here_accuracy_m,
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

/// A marker's accessible name and tooltip: the place's name, and the words for what the grey (closed) or
/// dashed (approximate) marker shows, so a screen reader hears them too.
pub fn marker_label(tr: &Localizer, place: &PlaceBrief) -> String {
    let mut label = place.names.get(tr.lang()).to_string();
    if place.status.is_closed() {
        label = format!("{label}, {}", tr.status(place.status));
    }
    if place.precision == LocationPrecision::Town {
        label = format!("{label}, {}", tr.tr("badge-approximate"));
    }
    label
}

/// The map's words in the person's language. The cluster label keeps `{n}` for [`MapView`] to fill in.
pub fn map_labels(tr: &Localizer) -> MapLabels {
    MapLabels {
        zoom_in: tr.tr("map-zoom-in"),
        zoom_out: tr.tr("map-zoom-out"),
        you_are_here: tr.tr("map-you-are-here"),
        cluster: tr.tr_args("map-cluster", &[("n", Arg::Text("{n}"))]),
        map: tr.tr("map-label"),
        legend: tr.tr("map-legend"),
        categories: Category::ALL
            .iter()
            .map(|c| (*c, tr.category(*c)))
            .collect(),
        closed: tr.tr("map-legend-closed"),
        approximate: tr.tr("badge-approximate"),
        scale: tr.tr("map-scale"),
    }
}

/// How many of the nearest results the map opens on (the ones Near me shows first).
pub const FIT_RESULTS: usize = 3;
/// The ring drawn around "you are here" when it is a town's centre (picked from the town list, not
/// measured): "somewhere in this town". A display choice, not a measured accuracy.
pub const TOWN_ACCURACY_M: f64 = 2_000.0;

/// The positions of the first [`FIT_RESULTS`] mappable results Near me shows at `origin` with `filters`.
pub fn nearest_positions(
    catalog: &Catalog,
    origin: LatLon,
    filters: &NearFilters,
    lang: &str,
) -> Rc<[LatLon]> {
    near_rows(catalog, origin, filters, lang)
        .iter()
        .filter(|row| row.place.is_mappable())
        .filter_map(|row| row.place.position)
        .take(FIT_RESULTS)
        .collect()
}

/// The bundle's towns, most populous first (those without a population last), for the map's labels (none
/// if unreadable).
pub fn map_towns(catalog: &Catalog) -> Rc<[MapTown]> {
    catalog
        .towns_by_population()
        .unwrap_or_default()
        .into_iter()
        .map(|(town, population)| MapTown {
            name: town.name,
            position: town.position,
            population,
        })
        .collect()
}

/// True when a position is one of the bundle's town centres (to within about 10 m): "my place" was picked
/// as a town, so it is approximate.
pub fn is_town_centre(towns: &[MapTown], position: LatLon) -> bool {
    towns.iter().any(|t| {
        (t.position.lat - position.lat).abs() < 1e-4 && (t.position.lon - position.lon).abs() < 1e-4
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PlaceStatus;

    #[test]
    fn the_cluster_label_gets_its_argument() {
        // Without the argument Fluent would give "{$n} places" and report an error on every render.
        assert_eq!(map_labels(&Localizer::new("en")).cluster, "{n} places");
        assert_eq!(map_labels(&Localizer::new("es")).cluster, "{n} lugares");
        assert_eq!(map_labels(&Localizer::new("fr")).cluster, "{n} lieux");
    }

    #[test]
    fn marker_labels_say_closed_and_approximate() {
        let catalog = Catalog::open_default().unwrap();
        let mut place = catalog
            .places()
            .iter()
            .find(|p| p.precision == LocationPrecision::Exact && !p.status.is_closed())
            .unwrap()
            .clone();
        let en = Localizer::new("en");
        let name = place.names.get("en").to_string();
        assert_eq!(marker_label(&en, &place), name);
        place.status = PlaceStatus::Closed;
        place.precision = LocationPrecision::Town;
        assert_eq!(
            marker_label(&en, &place),
            format!("{name}, Closed — do not go, Approximate location")
        );
        let es = Localizer::new("es");
        let label = marker_label(&es, &place);
        assert!(label.contains("Ubicación aproximada"), "{label}");
    }
}
