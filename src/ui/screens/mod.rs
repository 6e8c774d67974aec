//! The screens, one per route. Each reads the shared state from context, asks the catalog or the user
//! store (never SQL), and lays out components.

pub mod emergency;
pub mod error;
pub mod first_run;
pub mod guide;
pub mod map;
pub mod near;
pub mod neutral;
pub mod place;
pub mod report;
pub mod search;
pub mod settings;
pub mod truths;

use crate::ui::app::Route;
use crate::ui::components::icon::{Icon, IconName};
use crate::ui::state::use_tr;
use dioxus::prelude::*;

/// "Back": to the previous screen, or to Near me when there is none.
#[component]
pub fn BackButton() -> Element {
    let tr = use_tr();
    let nav = navigator();
    rsx! {
        button {
            class: "back",
            r#type: "button",
            onclick: move |_| {
                if nav.can_go_back() {
                    nav.go_back();
                } else {
                    nav.push(Route::Near {});
                }
            },
            Icon { name: IconName::Back }
            span { {tr.tr("back")} }
        }
    }
}
