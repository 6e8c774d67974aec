//! Emergency help: the header's SOS button (on every screen, one tap from the numbers) and the emergency
//! numbers block, each number a big `tel:` button with what it is for.

use super::icon::{Icon, IconName};
use crate::i18n::{Arg, Localizer};
use crate::model::EmergencyNumber;
use crate::text::dial_string;
use dioxus::prelude::*;

/// A country's emergency and help numbers, from its guide.
#[component]
pub fn EmergencyNumbers(tr: Localizer, country: String, numbers: Vec<EmergencyNumber>) -> Element {
    rsx! {
        section { class: "emergency", "aria-labelledby": "emergency-title",
            h2 { id: "emergency-title",
                Icon { name: IconName::Emergency }
                span { {tr.tr_args("emergency-title", &[("country", Arg::Text(&country))])} }
            }
            if numbers.is_empty() {
                p { {tr.tr("emergency-none")} }
            }
            ul { class: "calls",
                for (i , number) in numbers.iter().enumerate() {
                    li { key: "{i}",
                        a { class: "call", href: "tel:{dial_string(&number.number)}",
                            Icon { name: IconName::Phone, light: true }
                            strong { "{number.number}" }
                            span { "{number.label}" }
                        }
                    }
                }
            }
        }
    }
}

/// The red SOS button in the header of every screen: one tap opens the emergency numbers.
#[component]
pub fn EmergencyButton(label: String, description: String, on_press: EventHandler<()>) -> Element {
    rsx! {
        button {
            class: "top-btn sos",
            r#type: "button",
            "aria-label": "{description}",
            onclick: move |_| on_press.call(()),
            Icon { name: IconName::Emergency, light: true }
            span { "{label}" }
        }
    }
}
