//! The map tab: the offline map ([`crate::ui::map::MapView`]) with every mapped place of the chosen
//! category, "you are here", tap a marker to open a place, tap the map to set "my place".

use crate::catalog::PlaceBrief;
use crate::i18n::{Arg, Localizer};
use crate::model::{LocationPrecision, PlaceId};
use crate::ui::app::Route;
use crate::ui::components::chips::CategoryChips;
use crate::ui::components::place_name::label_for;
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
    let category = filters().category;
    let points: Vec<MapPoint> = services
        .catalog
        .places()
        .iter()
        .filter(|p| category.is_none_or(|c| p.category == c))
        .filter_map(|p| MapPoint::from_place(p, marker_label(&tr, p)))
        .collect();
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
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
