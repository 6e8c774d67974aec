//! First run: pick a language (shown in words, each in itself), read the privacy promise, optionally give
//! a nationality (kept only on this phone), then go to Near me.

use crate::ui::app::Route;
use crate::ui::components::icon::{Icon, IconName};
use crate::ui::components::ids::action;
use crate::ui::components::language::LanguageButtons;
use crate::ui::components::nationality::NationalityField;
use crate::ui::state::{set_language, use_tr, Prefs, Services};
use dioxus::prelude::*;

/// The first-run screen.
#[component]
pub fn FirstRun() -> Element {
    let tr = use_tr();
    let prefs = use_context::<Prefs>();
    let services = use_context::<Services>();
    let nav = navigator();
    rsx! {
        div { class: "screen-body first-run",
            h1 { {tr.tr("first-run-title")} }
            section {
                h2 { {tr.tr("first-run-language")} }
                LanguageButtons {}
            }
            section { class: "promise",
                h2 {
                    Icon { name: IconName::Lock }
                    span { {tr.tr("first-run-privacy-title")} }
                }
                p { {tr.tr("privacy-promise")} }
            }
            section {
                h2 { {tr.tr("first-run-nationality")} }
                NationalityField {}
            }
            button {
                class: "btn primary wide",
                r#type: "button",
                "data-action": action::CONTINUE,
                onclick: move |_| {
                    // Storing the language marks the first run as done.
                    set_language(prefs, &services, (prefs.lang)());
                    nav.replace(Route::Near {});
                },
                Icon { name: IconName::Near, light: true }
                span { {tr.tr("first-run-continue")} }
            }
        }
    }
}
