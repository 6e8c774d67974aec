//! "What's true": every card in the bundle, in the person's language (or another one when a card is not
//! translated), the ones for the country of "my place" first and open. Reached from Near me.

use crate::ui::components::back::BackButton;
use crate::ui::components::card::TruthCard;
use crate::ui::components::icon::{Icon, IconName};
use crate::ui::state::{use_tr, Services, Session};
use dioxus::prelude::*;

/// The "What's true" screen.
#[component]
pub fn Truths() -> Element {
    let tr = use_tr();
    let services = use_context::<Services>();
    let session = use_context::<Session>();
    let here = (session.here)().and_then(|here| services.catalog.country_at(here.position));
    let mut cards = services.catalog.cards(tr.language()).unwrap_or_default();
    // Cards naming the country I am in come first (stable order otherwise).
    cards.sort_by_key(|card| {
        !here.is_some_and(|country| !card.countries.is_empty() && card.countries.contains(&country))
    });
    rsx! {
        div { class: "screen-body truths",
            BackButton {}
            h1 {
                Icon { name: IconName::Info }
                span { {tr.tr("truths-title")} }
            }
            p { {tr.tr("truths-intro")} }
            if cards.is_empty() {
                p { class: "banner", {tr.tr("truths-none")} }
            }
            for (i , card) in cards.iter().enumerate() {
                TruthCard { key: "{card.id}", tr: tr.clone(), card: card.clone(), open: i == 0 }
            }
        }
    }
}
