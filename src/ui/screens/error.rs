//! The screen shown when the data cannot be opened: what happened, in the person's language, and what to
//! do. Never a panic, never an internal error text.

use crate::i18n::LANGUAGES;
use crate::ui::components::icon::{Icon, IconName};
use crate::ui::errors::UiError;
use crate::ui::state::{use_tr, DataProblem, Prefs};
use dioxus::prelude::*;

/// The data error screen.
#[component]
pub fn DataErrorScreen(problem: DataProblem) -> Element {
    let tr = use_tr();
    let mut prefs = use_context::<Prefs>();
    rsx! {
        main { class: "screen-body data-error", role: "alert",
            h1 {
                Icon { name: IconName::Warning }
                span { {tr.tr("error-title")} }
            }
            p { class: "banner warn", {UiError::Data(problem).message(&tr)} }
            p { {tr.tr("error-what-to-do")} }
            div { class: "lang-choice",
                for (code , name) in LANGUAGES {
                    button {
                        key: "{code}",
                        class: "btn lang",
                        r#type: "button",
                        lang: code,
                        onclick: move |_| prefs.lang.set(code),
                        "{name}"
                    }
                }
            }
        }
    }
}
