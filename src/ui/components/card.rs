//! A "What's true" card: a foldable box with its title, its sourced text (rendered safely by
//! [`crate::ui::markdown::GuideMarkdown`]), how it is dated and its own source list.

use super::icon::{Icon, IconName};
use super::sources::SourceList;
use crate::i18n::Localizer;
use crate::model::Card;
use crate::ui::markdown::GuideMarkdown;
use dioxus::prelude::*;

/// One card; `open` unfolds it.
#[component]
pub fn TruthCard(tr: Localizer, card: Card, open: bool) -> Element {
    let prefix = format!("card-{}-src-", card.id);
    rsx! {
        details { class: "section truth-card", id: "card-{card.id}", open,
            summary {
                h3 {
                    Icon { name: IconName::Info }
                    span { "{card.title}" }
                }
            }
            GuideMarkdown {
                body: card.body.clone(),
                sources: card.sources.clone(),
                on_category: |_| {},
                anchor_prefix: prefix.clone(),
                lang: tr.lang().to_string(),
            }
            p { class: "dating small", {tr.dating(&card.dating)} }
            SourceList {
                tr: tr.clone(),
                sources: card.sources.clone(),
                anchor_prefix: prefix,
                heading: tr.tr("guide-sources"),
                of_card: true,
            }
        }
    }
}
