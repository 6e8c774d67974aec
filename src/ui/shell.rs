//! The layout around every screen: the header (language, emergency numbers, quick exit), the screen, the
//! bottom tabs; and the page for an unknown address.

use super::app::{action, Route};
use super::components::emergency::EmergencyButton;
use super::components::icon::{Icon, IconName};
use super::state::{quick_exit, set_language, use_tr, Prefs, Services};
use crate::i18n::LANGUAGES;
use dioxus::prelude::*;

/// The layout around every screen: header, the screen, bottom tabs.
#[component]
pub(super) fn Shell() -> Element {
    let tr = use_tr();
    let prefs = use_context::<Prefs>();
    let services = use_context::<Services>();
    let route = use_route::<Route>();
    let mut lang_open = use_signal(|| false);
    let first_run = matches!(route, Route::FirstRun {});
    let tabs = [
        (Route::Near {}, IconName::Near, "tab-near"),
        (Route::MapScreen {}, IconName::Map, "tab-map"),
        (Route::Search {}, IconName::Search, "tab-search"),
        (Route::GuideHere {}, IconName::Guide, "tab-guide"),
        (Route::Settings {}, IconName::Settings, "tab-settings"),
    ];
    let active_tab = match &route {
        Route::Near {}
        | Route::PlaceScreen { .. }
        | Route::ReportScreen { .. }
        | Route::Truths {} => 0,
        Route::MapScreen {} => 1,
        Route::Search {} => 2,
        Route::GuideHere {} | Route::Guide { .. } | Route::GuideSection { .. } => 3,
        Route::Settings {} | Route::Outbox {} => 4,
        _ => usize::MAX,
    };
    rsx! {
        div { class: "app", lang: tr.lang(),
            header { class: "top",
                Link { class: "brand", to: Route::Near {}, "aria-label": tr.tr("brand-label"),
                    span { class: "brand-mark", "P" }
                    span { class: "brand-word", {tr.tr("app-name")} }
                }
                button {
                    class: "top-btn",
                    r#type: "button",
                    "aria-expanded": if lang_open() { "true" } else { "false" },
                    "aria-label": tr.tr("header-language"),
                    onclick: move |_| lang_open.toggle(),
                    Icon { name: IconName::Language }
                    span { {tr.lang().to_uppercase()} }
                }
                EmergencyButton {
                    label: tr.tr("header-sos"),
                    description: tr.tr("header-emergency"),
                    on_press: move |_| {
                        navigator().push(Route::Emergency {});
                    },
                }
                button {
                    class: "top-btn exit",
                    r#type: "button",
                    "data-action": action::QUICK_EXIT,
                    "aria-label": tr.tr("quick-exit-label"),
                    onclick: {
                        let user = services.user.clone();
                        move |_| quick_exit(prefs, &user)
                    },
                    Icon { name: IconName::Exit, light: true }
                    span { {tr.tr("quick-exit-short")} }
                }
            }
            if lang_open() {
                nav { class: "lang-panel", "aria-label": tr.tr("header-language"),
                    for (code , name) in LANGUAGES {
                        button {
                            key: "{code}",
                            r#type: "button",
                            class: if code == tr.lang() { "lang-btn on" } else { "lang-btn" },
                            lang: code,
                            "aria-pressed": if code == tr.lang() { "true" } else { "false" },
                            onclick: {
                                let services = services.clone();
                                move |_| {
                                    set_language(prefs, &services, code);
                                    lang_open.set(false);
                                }
                            },
                            "{name}"
                        }
                    }
                }
            }
            main { class: "screen", id: "main", Outlet::<Route> {} }
            if !first_run {
                nav { class: "tabs", "aria-label": tr.tr("tabs-label"),
                    ul {
                        for (i , (to , icon , key)) in tabs.into_iter().enumerate() {
                            li { key: "{key}",
                                Link {
                                    class: if i == active_tab { "tab on" } else { "tab" },
                                    to,
                                    Icon { name: icon }
                                    span { {tr.tr(key)} }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// An unknown address (never linked to; shown if a typed route is wrong).
#[component]
pub(super) fn NotFound(segments: Vec<String>) -> Element {
    let tr = use_tr();
    rsx! {
        div { class: "screen-body",
            h1 { {tr.tr("not-found-title")} }
            Link { class: "btn primary", to: Route::Near {}, {tr.tr("tab-near")} }
        }
    }
}
