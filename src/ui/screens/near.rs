//! Near me, the home screen: the nearest help around "my place" with category and who-it-serves filters,
//! each row with distance and direction, badges and warnings; the way to the "What's true" cards; and the
//! saved places.
//!
//! Laid out for the first screen of a small phone (360 × 640): "my place" on one line, the filters in one
//! row (category chips that scroll sideways, and a "who it serves" button that unfolds its chips below),
//! then the results, so at least three show above the fold at 100% text size.

use crate::i18n::Arg;
use crate::model::PlaceId;
use crate::model::TargetGroup;
use crate::ui::app::Route;
use crate::ui::components::chips::CategoryChips;
use crate::ui::components::icon::{Icon, IconName};
use crate::ui::components::place::PlaceRow;
use crate::ui::present::{brief, near_rows, NearFilters, PAGE};
use crate::ui::state::{use_tr, Services, Session};
use dioxus::prelude::*;

/// The Near me screen.
#[component]
pub fn Near() -> Element {
    let tr = use_tr();
    let services = use_context::<Services>();
    let session = use_context::<Session>();
    let mut filters = session.filters;
    let nav = navigator();
    let here = (session.here)();
    let current = filters();
    let lang = tr.lang();
    let catalog = services.catalog.clone();
    rsx! {
        div { class: "screen-body near-screen",
            // The tab bar already says where we are; the title stays for screen readers.
            h1 { class: "sr-only", {tr.tr("near-title")} }
            match here {
                None => rsx! {
                    WhereAreYou {}
                },
                Some(here) => {
                    let rows = near_rows(&catalog, here.position, &current, lang);
                    let full_page = rows.len() >= current.limit;
                    let now = chrono::Local::now().naive_local();
                    let country = catalog.country_at(here.position);
                    let (closed_rows, open_rows): (Vec<_>, Vec<_>) =
                        rows.iter().cloned().partition(|row| row.place.status.is_closed());
                    rsx! {
                        div { class: "here",
                            Icon { name: IconName::Pin }
                            span { class: "here-label",
                                {tr.tr_args("near-from", &[("place", Arg::Text(&here.label))])}
                            }
                            Link { class: "btn small", to: Route::Search {}, {tr.tr("near-change-place")} }
                        }
                        FilterRow {
                            selected: current.category,
                            serves: current.serves.clone(),
                            on_pick: move |category| filters.write().pick_category(category),
                            on_toggle: move |group| filters.write().toggle_serves(group),
                        }
                        p { class: "count", "aria-live": "polite",
                            {tr.tr_args("places-found", &[("count", Arg::Number(rows.len() as f64))])}
                        }
                        if rows.is_empty() {
                            div { class: "empty",
                                p { {tr.tr("near-empty")} }
                                if current.is_filtered() {
                                    button {
                                        class: "btn",
                                        r#type: "button",
                                        onclick: move |_| filters.set(NearFilters::new()),
                                        {tr.tr("near-clear-filters")}
                                    }
                                }
                            }
                        }
                        for (group, group_rows) in [(false, open_rows), (true, closed_rows)] {
                            if group && !group_rows.is_empty() {
                                h2 { class: "group-closed",
                                    Icon { name: IconName::Warning }
                                    span { {tr.tr("near-closed-group")} }
                                }
                            }
                            ul { class: "rows",
                                for row in group_rows {
                                    PlaceRow {
                                        key: "{row.place.id}",
                                        tr: tr.clone(),
                                        across: row.across_border.then(|| catalog.country_name(row.place.country, tr.language())),
                                        item: row.clone(),
                                        now,
                                        on_open: move |id: PlaceId| {
                                            nav.push(Route::PlaceScreen { id: id.0 });
                                        },
                                    }
                                }
                            }
                        }
                        if full_page {
                            button {
                                class: "btn wide",
                                r#type: "button",
                                onclick: move |_| filters.write().limit += PAGE,
                                {tr.tr("near-show-more")}
                            }
                        }
                        if let Some(code) = country {
                            Link { class: "btn wide", to: Route::Guide { country: code.to_string() },
                                Icon { name: IconName::Guide }
                                span {
                                    {tr.tr_args("near-read-guide", &[("country", Arg::Text(&catalog.country_name(code, tr.language())))])}
                                }
                            }
                        }
                    }
                }
            }
            Link { class: "btn wide truths-open", to: Route::Truths {},
                Icon { name: IconName::Info }
                span { {tr.tr("truths-open")} }
            }
            SavedPlaces {}
        }
    }
}

/// The filters in one row: the category chips (scrolling sideways) and the "who it serves" button, whose
/// chips unfold below it while it is open or while a group is chosen.
#[component]
fn FilterRow(
    selected: Option<crate::model::Category>,
    serves: Vec<TargetGroup>,
    on_pick: EventHandler<Option<crate::model::Category>>,
    on_toggle: EventHandler<TargetGroup>,
) -> Element {
    let tr = use_tr();
    let mut unfolded = use_signal(|| false);
    let open = unfolded() || !serves.is_empty();
    rsx! {
        div { class: "filter-row", "data-layout": "filter-row",
            CategoryChips { tr: tr.clone(), selected, on_pick }
            button {
                class: if open { "chip serves-toggle on" } else { "chip serves-toggle" },
                r#type: "button",
                "aria-expanded": if open { "true" } else { "false" },
                "aria-controls": "serves-chips",
                onclick: move |_| unfolded.toggle(),
                Icon { name: IconName::People }
                span { {tr.tr("filter-serves")} }
                if !serves.is_empty() {
                    span { class: "count-pill", "{serves.len()}" }
                }
            }
        }
        // Always in the page (so its state survives), hidden while folded.
        div {
                id: "serves-chips",
                class: "chips serves-chips",
                hidden: !open,
                role: "group",
                "aria-label": tr.tr("filter-serves"),
                for group in TargetGroup::ALL.iter().copied() {
                    button {
                        key: "{group}",
                        class: if serves.contains(&group) { "chip small on" } else { "chip small" },
                        r#type: "button",
                        "data-serves": group.as_str(),
                        "aria-pressed": if serves.contains(&group) { "true" } else { "false" },
                        onclick: move |_| on_toggle.call(group),
                        span { {tr.target_group(group)} }
                    }
                }
        }
    }
}

/// Asked when no place is chosen yet: pick a town by search or tap the map.
#[component]
fn WhereAreYou() -> Element {
    let tr = use_tr();
    rsx! {
        section { class: "where",
            h2 { {tr.tr("near-where-title")} }
            p { {tr.tr("near-where-text")} }
            UseMyLocation {}
            Link { class: "btn primary wide", to: Route::Search {},
                Icon { name: IconName::Search, light: true }
                span { {tr.tr("near-pick-town")} }
            }
            Link { class: "btn wide", to: Route::MapScreen {},
                Icon { name: IconName::Map }
                span { {tr.tr("near-pick-map")} }
            }
        }
    }
}

/// "Use my location", where the platform has a location to ask for (the browser): the position is asked for
/// only when tapped; a refusal says so and leaves the other ways to choose a place. Nothing where there is
/// none (the desktop has no GPS).
#[component]
fn UseMyLocation() -> Element {
    #[cfg(all(feature = "web", target_arch = "wasm32"))]
    {
        let tr = use_tr();
        let services = use_context::<Services>();
        let session = use_context::<Session>();
        let mut refused = use_signal(|| false);
        let mut asking = use_signal(|| false);
        let ask = move |_| {
            let catalog = services.catalog.clone();
            let tr = tr.clone();
            let mut here = session.here;
            asking.set(true);
            refused.set(false);
            crate::web::locate(move |position| {
                asking.set(false);
                match position {
                    Some(position) => {
                        let label =
                            crate::ui::components::place_name::label_for(&catalog, &tr, position);
                        here.set(Some(crate::ui::state::Here { position, label }));
                    }
                    None => refused.set(true),
                }
            });
        };
        let tr = use_tr();
        rsx! {
            button {
                class: "btn primary wide",
                r#type: "button",
                "data-action": "use-my-location",
                disabled: asking(),
                onclick: ask,
                Icon { name: IconName::Pin, light: true }
                span { {tr.tr("near-use-location")} }
            }
            if refused() {
                p { class: "notice", role: "status", {tr.tr("near-location-refused")} }
            }
        }
    }
    #[cfg(not(all(feature = "web", target_arch = "wasm32")))]
    rsx! {}
}

/// The places the person saved on this phone.
#[component]
fn SavedPlaces() -> Element {
    let tr = use_tr();
    let services = use_context::<Services>();
    let saved = services.user.saved_places().unwrap_or_default();
    let lang = tr.lang();
    let places: Vec<_> = saved
        .iter()
        .filter_map(|id| brief(&services.catalog, id))
        .collect();
    if places.is_empty() {
        return rsx! {};
    }
    rsx! {
        section { class: "saved",
            h2 {
                Icon { name: IconName::Save }
                span { {tr.tr("saved-title")} }
            }
            ul { class: "links",
                for place in places {
                    li { key: "{place.id}",
                        Link { to: Route::PlaceScreen { id: place.id.0.clone() },
                            Icon { name: IconName::of_category(place.category) }
                            span { {place.names.get(lang).to_string()} }
                        }
                    }
                }
            }
        }
    }
}
