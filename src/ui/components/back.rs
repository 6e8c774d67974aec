//! "Back", on every screen below a tab.

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
