//! The screen after something was queued in the outbox (a report, a visit): what happened, in words, and the
//! way to the outbox.

use crate::ui::app::Route;
use crate::ui::components::back::BackButton;
use crate::ui::components::icon::{Icon, IconName};
use crate::ui::state::use_tr;
use dioxus::prelude::*;

/// "Thank you"-style title, what now waits in the outbox, a button to it and "Back".
#[component]
pub fn Queued(title: String, body: String) -> Element {
    let tr = use_tr();
    rsx! {
        div { class: "screen-body",
            h1 {
                Icon { name: IconName::Check }
                span { "{title}" }
            }
            p { "{body}" }
            Link { class: "btn primary wide", to: Route::Outbox {},
                Icon { name: IconName::Outbox, light: true }
                span { {tr.tr("outbox-title")} }
            }
            BackButton {}
        }
    }
}
