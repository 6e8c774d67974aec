//! A numbered source list under a guide or card: each source's title (linked), who publishes it in words
//! and its date as the page shows it ("2025 (year only)", "undated, read on …"). Citation numbers in the
//! text are positions in this list; `anchor_prefix` + source id is each entry's element id.

use crate::i18n::Localizer;
use crate::model::GuideSource;
use crate::ui::present::web_link;
use dioxus::prelude::*;

/// The sources, in order, with tier and honest date.
#[component]
pub fn SourceList(
    tr: Localizer,
    sources: Vec<GuideSource>,
    anchor_prefix: String,
    heading: String,
    /// A card's list (class `sources card-sources`) rather than the guide's (class `sources`).
    #[props(default)]
    of_card: bool,
) -> Element {
    rsx! {
        section { class: if of_card { "sources card-sources" } else { "sources" },
            h2 { "{heading}" }
            ol {
                for source in sources.iter() {
                    li { key: "{source.id}", id: "{anchor_prefix}{source.id}",
                        match web_link(&source.url) {
                            Some(url) => rsx! { a { href: "{url}", rel: "noopener noreferrer", "{source.title}" } },
                            None => rsx! { span { "{source.title}" } },
                        }
                        " "
                        span { class: "source-meta",
                            "({tr.source_tier(source.tier)} · "
                            {source.date().map(|d| tr.source_date(d)).unwrap_or_else(|| source.published.clone())}
                            ")"
                        }
                    }
                }
            }
        }
    }
}
