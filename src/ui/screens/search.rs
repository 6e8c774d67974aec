//! Search as you type across places, towns and guide sections (accents and case ignored). Picking a town
//! makes it "my place" for Near me.

use crate::catalog::{SearchHit, SearchTarget};
use crate::i18n::{Arg, Localizer};
use crate::model::Category;
use crate::ui::app::Route;
use crate::ui::components::icon::{Icon, IconName};
use crate::ui::errors::{Content, UiError};
use crate::ui::present::brief;
use crate::ui::state::{use_tr, Here, Services, Session};
use dioxus::prelude::*;

/// How many results one search shows.
pub const SEARCH_LIMIT: usize = 40;

/// How long typing must pause before the search runs: a newer keystroke cancels the older search.
pub const SEARCH_PAUSE: std::time::Duration = std::time::Duration::from_millis(120);

/// The search screen.
#[component]
pub fn Search() -> Element {
    let tr = use_tr();
    let services = use_context::<Services>();
    let session = use_context::<Session>();
    let mut text = session.search;
    let mut here = session.here;
    let nav = navigator();
    // What the field shows is written only when the app changes it (on opening the screen): a re-render
    // never writes an older value back over keys typed since.
    let shown = use_hook(|| text.peek().clone());
    // The text last searched: set after a pause in typing, by the newest keystroke's task only.
    let mut searched = use_signal(|| text.peek().clone());
    let mut generation = use_signal(|| 0u64);
    let mut pending = use_signal(|| None::<dioxus::core::Task>);
    let oninput = move |event: Event<FormData>| {
        let typed = event.value();
        text.set(typed.clone());
        if let Some(older) = pending.take() {
            older.cancel();
        }
        let mine = *generation.peek() + 1;
        generation.set(mine);
        pending.set(Some(spawn(async move {
            pause(SEARCH_PAUSE).await;
            if *generation.peek() == mine {
                searched.set(typed);
            }
        })));
    };
    let query = searched();
    let lang = tr.lang();
    let (hits, failed) = match services.catalog.search(&query, lang, SEARCH_LIMIT) {
        Ok(hits) => (hits, false),
        Err(_) => (Vec::new(), true),
    };
    let correction = hits
        .first()
        .filter(|h| h.how.is_correction())
        .map(|h| h.matched.clone());
    let towns: Vec<&SearchHit> = hits
        .iter()
        .filter(|h| matches!(h.target, SearchTarget::Town(_)))
        .collect();
    let places: Vec<&SearchHit> = hits
        .iter()
        .filter(|h| matches!(h.target, SearchTarget::Place(_)))
        .collect();
    let sections: Vec<&SearchHit> = hits
        .iter()
        .filter(|h| matches!(h.target, SearchTarget::Guide(..)))
        .collect();
    let typed = !query.trim().is_empty();
    rsx! {
        div { class: "screen-body",
            h1 {
                Icon { name: IconName::Search }
                span { {tr.tr("search-title")} }
            }
            div { class: "field",
                label { r#for: "search-box", {tr.tr("search-label")} }
                input {
                    id: "search-box",
                    r#type: "search",
                    autocomplete: "off",
                    placeholder: tr.tr("search-placeholder"),
                    autofocus: true,
                    initial_value: "{shown}",
                    onmounted: move |event: Event<MountedData>| async move {
                        let _ = event.data().set_focus(true).await;
                    },
                    oninput,
                }
            }
            if let Some(matched) = correction {
                p { class: "small", "aria-live": "polite", "data-correction": "{matched}",
                    {tr.tr_args("search-showing-for", &[("matched", Arg::Text(&matched))])}
                }
            }
            if failed {
                p { class: "banner warn", role: "alert", {UiError::Content(Content::Search).message(&tr)} }
            }
            if typed && hits.is_empty() && !failed {
                p { "aria-live": "polite", {tr.tr("search-nothing")} }
            }
            if !towns.is_empty() {
                section {
                    h2 { {tr.tr("search-towns")} }
                    p { class: "small", {tr.tr("search-towns-hint")} }
                    ul { class: "links",
                        for (i , hit) in towns.into_iter().enumerate() {
                            li { key: "t{i}",
                                button {
                                    class: "link-btn",
                                    "data-town": town_id(&hit.target),
                                    r#type: "button",
                                    onclick: {
                                        let target = hit.target.clone();
                                        let services = services.clone();
                                        move |_| {
                                            if let SearchTarget::Town(id) = &target {
                                                if let Ok(Some(town)) = services.catalog.town(id) {
                                                    here.set(Some(Here { position: town.position, label: town.name.clone() }));
                                                    nav.push(Route::Near {});
                                                }
                                            }
                                        }
                                    },
                                    Icon { name: IconName::Pin }
                                    span { "{hit.title}" }
                                }
                            }
                        }
                    }
                }
            }
            if !places.is_empty() {
                section {
                    h2 { {tr.tr("search-places")} }
                    ul { class: "links",
                        for (i , hit) in places.into_iter().enumerate() {
                            PlaceHit { key: "p{i}", tr: tr.clone(), hit: (*hit).clone(), category: place_category(&services, hit) }
                        }
                    }
                }
            }
            if !sections.is_empty() {
                section {
                    h2 { {tr.tr("search-guides")} }
                    ul { class: "links",
                        for (i , hit) in sections.into_iter().enumerate() {
                            if let SearchTarget::Guide(country, _, section) = &hit.target {
                                li { key: "g{i}",
                                    Link { to: Route::GuideSection { country: country.to_string(), section: section.clone() },
                                        Icon { name: IconName::Guide }
                                        span { "{hit.title}" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if !typed {
                p { class: "small", {tr.tr_args("search-help", &[("example", Arg::Text("Tapachula"))])} }
            }
        }
    }
}

/// Resolves after `duration` (a timer thread wakes the task; where there are no threads, at once).
async fn pause(duration: std::time::Duration) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let (done, wait) = futures_channel::oneshot::channel::<()>();
        std::thread::spawn(move || {
            std::thread::sleep(duration);
            let _ = done.send(());
        });
        let _ = wait.await;
    }
    #[cfg(target_arch = "wasm32")]
    let _ = duration;
}

fn town_id(target: &SearchTarget) -> String {
    match target {
        SearchTarget::Town(id) => id.clone(),
        _ => String::new(),
    }
}

fn place_category(services: &Services, hit: &SearchHit) -> Option<Category> {
    match &hit.target {
        SearchTarget::Place(id) => brief(&services.catalog, &id.0).map(|p| p.category),
        _ => None,
    }
}

#[component]
fn PlaceHit(tr: Localizer, hit: SearchHit, category: Option<Category>) -> Element {
    let SearchTarget::Place(id) = &hit.target else {
        return rsx! {};
    };
    rsx! {
        li {
            Link { to: Route::PlaceScreen { id: id.0.clone() },
                Icon { name: category.map(IconName::of_category).unwrap_or(IconName::Pin) }
                span { "{hit.title}" }
                if let Some(category) = category {
                    span { class: "small", " · {tr.category(category)}" }
                }
            }
        }
    }
}
