//! The Near me filters: category chips (icon and word) and who-it-serves chips. Big, toggleable, and
//! announced as pressed or not.

use super::icon::{Icon, IconName};
use crate::i18n::Localizer;
use crate::model::{Category, TargetGroup};
use dioxus::prelude::*;

/// "All" plus one chip per category; tapping the picked chip again shows everything.
#[component]
pub fn CategoryChips(
    tr: Localizer,
    selected: Option<Category>,
    on_pick: EventHandler<Option<Category>>,
) -> Element {
    rsx! {
        div { class: "chips scroll", role: "group", "aria-label": tr.tr("filter-category"),
            button {
                class: if selected.is_none() { "chip on" } else { "chip" },
                r#type: "button",
                "aria-pressed": if selected.is_none() { "true" } else { "false" },
                onclick: move |_| on_pick.call(None),
                Icon { name: IconName::All }
                span { {tr.tr("category-all")} }
            }
            for category in Category::ALL.iter().copied() {
                button {
                    key: "{category}",
                    class: if selected == Some(category) { "chip on" } else { "chip" },
                    r#type: "button",
                    "data-category": category.as_str(),
                    "aria-pressed": if selected == Some(category) { "true" } else { "false" },
                    onclick: move |_| on_pick.call(Some(category)),
                    Icon { name: IconName::of_category(category) }
                    span { {tr.category(category)} }
                }
            }
        }
    }
}

/// Who a place serves: families, women, unaccompanied children, LGBTI people (any of the chosen). Folded
/// until a group is chosen, to leave room for the list on small screens.
#[component]
pub fn ServesFilter(
    tr: Localizer,
    selected: Vec<TargetGroup>,
    on_toggle: EventHandler<TargetGroup>,
) -> Element {
    let any = !selected.is_empty();
    rsx! {
        details { class: "serves", open: any,
            summary {
                Icon { name: IconName::People }
                span { {tr.tr("filter-serves")} }
                if any {
                    span { class: "count-pill", "{selected.len()}" }
                }
            }
            div { class: "chips", role: "group", "aria-label": tr.tr("filter-serves"),
                for group in TargetGroup::ALL.iter().copied() {
                    button {
                        key: "{group}",
                        class: if selected.contains(&group) { "chip small on" } else { "chip small" },
                        r#type: "button",
                        "data-serves": group.as_str(),
                        "aria-pressed": if selected.contains(&group) { "true" } else { "false" },
                        onclick: move |_| on_toggle.call(group),
                        span { {tr.target_group(group)} }
                    }
                }
            }
        }
    }
}
