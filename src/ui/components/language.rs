//! The language choice: the three languages as big buttons, each written in itself (first run, settings).

use crate::i18n::LANGUAGES;
use crate::ui::components::icon::{Icon, IconName};
use crate::ui::state::{set_language, use_tr, Prefs, Services};
use dioxus::prelude::*;

/// The three languages as big buttons, each written in itself.
#[component]
pub fn LanguageButtons() -> Element {
    let tr = use_tr();
    let prefs = use_context::<Prefs>();
    let services = use_context::<Services>();
    rsx! {
        div { class: "lang-choice", role: "group", "aria-label": tr.tr("settings-language"),
            for (code , name) in LANGUAGES {
                button {
                    key: "{code}",
                    r#type: "button",
                    class: if code == tr.lang() { "btn lang on" } else { "btn lang" },
                    lang: code,
                    "aria-pressed": if code == tr.lang() { "true" } else { "false" },
                    onclick: {
                        let services = services.clone();
                        move |_| set_language(prefs, &services, code)
                    },
                    Icon { name: IconName::Language }
                    span { "{name}" }
                }
            }
        }
    }
}
