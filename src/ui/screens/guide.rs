//! The country guide: opens on the country of "my place" (or a chosen one), with the visa line for the
//! person's nationality, their consulates, the emergency numbers, the foldable sections (rendered safely by
//! [`crate::ui::markdown::GuideMarkdown`]) with the key points first and open, how the guide is dated
//! (compiled at a desk, or checked on the ground by whom), the country's "What's true" cards and the sources.

use crate::i18n::Arg;
use crate::model::CountryCode;
use crate::ui::app::Route;
use crate::ui::components::card::TruthCard;
use crate::ui::components::emergency::EmergencyNumbers;
use crate::ui::components::icon::{Icon, IconName};
use crate::ui::components::sources::SourceList;
use crate::ui::markdown::GuideMarkdown;
use crate::ui::present::{visa_text, NearFilters};
use crate::ui::state::{use_tr, Prefs, Services, Session};
use dioxus::prelude::*;

/// The guide tab: the country "my place" is in, else a country to choose.
#[component]
pub fn GuideHere() -> Element {
    let services = use_context::<Services>();
    let session = use_context::<Session>();
    let country = (session.here)().and_then(|here| services.catalog.country_at(here.position));
    rsx! {
        GuideView { country: country.map(|c| c.to_string()), section: None }
    }
}

/// A country's guide.
#[component]
pub fn Guide(country: String) -> Element {
    rsx! {
        GuideView { country: Some(country), section: None }
    }
}

/// A country's guide opened on one section (from search).
#[component]
pub fn GuideSection(country: String, section: String) -> Element {
    rsx! {
        GuideView { country: Some(country), section: Some(section) }
    }
}

#[component]
fn GuideView(country: Option<String>, section: Option<String>) -> Element {
    let tr = use_tr();
    let services = use_context::<Services>();
    let prefs = use_context::<Prefs>();
    let session = use_context::<Session>();
    let nav = navigator();
    let lang = tr.lang();
    let catalog = services.catalog.clone();
    let with_guides = catalog.guide_countries(tr.language()).to_vec();
    let code = country.as_deref().and_then(CountryCode::parse);
    // In the person's language, else in another shipped one (said so on screen).
    let guide = code.and_then(|code| catalog.guide(code, tr.language()).ok().flatten());
    let picker = rsx! {
        div { class: "field",
            label { r#for: "guide-country", {tr.tr("guide-choose-country")} }
            select {
                id: "guide-country",
                onchange: move |event| {
                    if let Some(code) = CountryCode::parse(&event.value()) {
                        nav.replace(Route::Guide { country: code.to_string() });
                        // The picker is at the foot of a guide: the chosen guide opens at its start (its title
                        // and key points), not at the foot of its sources.
                        let _ = document::eval("window.scrollTo(0, 0)");
                    }
                },
                if code.is_none() {
                    option { value: "", selected: true, {tr.tr("guide-choose-country")} }
                }
                for (c , name) in with_guides.iter() {
                    option { key: "{c}", value: "{c}", selected: Some(*c) == code, "{name}" }
                }
            }
        }
    };
    let Some(code) = code else {
        return rsx! {
            div { class: "screen-body",
                h1 {
                    Icon { name: IconName::Guide }
                    span { {tr.tr("guide-title")} }
                }
                p { {tr.tr("guide-pick-text")} }
                {picker}
            }
        };
    };
    let Some(guide) = guide else {
        return rsx! {
            div { class: "screen-body",
                h1 {
                    Icon { name: IconName::Guide }
                    span { {catalog.country_name(code, tr.language())} }
                }
                p { class: "banner", {tr.tr("guide-missing")} }
                {picker}
            }
        };
    };
    let nationality = (prefs.nationality)();
    let visa = nationality.map(|passport| {
        let passport_name = catalog.country_name(passport, tr.language());
        match catalog.visa(passport, code) {
            Ok(Some(line)) => (
                visa_text(&tr, &line, &passport_name),
                Some(line.as_of.clone()),
            ),
            _ => (
                tr.tr_args("visa-unknown", &[("passport", Arg::Text(&passport_name))]),
                None,
            ),
        }
    });
    let consulates: Vec<(String, String)> = nationality
        .map(|passport| {
            catalog
                .missions_of(passport, code)
                .into_iter()
                .map(|p| (p.id.0.clone(), p.names.get(lang).to_string()))
                .collect()
        })
        .unwrap_or_default();
    let other_language = guide.lang != lang;
    let cards = catalog.cards_for(code, tr.language()).unwrap_or_default();
    let mut filters = session.filters;
    rsx! {
        article { class: "screen-body guide",
            h1 {
                Icon { name: IconName::Guide }
                span { "{guide.title}" }
            }
            p { class: if guide.dating.field_review.is_some() { "dating reviewed" } else { "dating compiled" },
                Icon { name: if guide.dating.field_review.is_some() { IconName::Check } else { IconName::Info } }
                span { {tr.dating(&guide.dating)} }
            }
            if other_language {
                p { class: "banner", {tr.tr("guide-other-language")} }
            }
            section { class: "visa",
                h2 { {tr.tr("guide-visa-title")} }
                match visa {
                    Some((line, as_of)) => rsx! {
                        p { class: "visa-line", strong { "{line}" } }
                        p { class: "small",
                            if let Some(date) = as_of {
                                {tr.tr_args("visa-as-of", &[("date", Arg::Text(&date))])}
                                " "
                            }
                            {tr.tr("visa-confirm")}
                        }
                    },
                    None => rsx! {
                        p {
                            {tr.tr("visa-no-nationality")}
                            " "
                            Link { to: Route::Settings {}, {tr.tr("visa-set-nationality")} }
                        }
                    },
                }
                if !consulates.is_empty() {
                    h3 { {tr.tr("guide-your-consulate")} }
                    ul { class: "links",
                        for (id , name) in consulates {
                            li { key: "{id}",
                                Link { to: Route::PlaceScreen { id: id.clone() },
                                    Icon { name: IconName::Consulate }
                                    span { "{name}" }
                                }
                            }
                        }
                    }
                }
            }
            EmergencyNumbers {
                tr: tr.clone(),
                country: guide.title.clone(),
                numbers: guide.emergency.clone(),
            }
            for (i , part) in guide.sections.iter().enumerate() {
                details {
                    key: "{part.id}",
                    id: "section-{part.id}",
                    class: "section",
                    // The key points are always first and open; a section asked for (from search) opens too.
                    open: part.id == "key-points" || match section.as_deref() {
                        Some(wanted) => wanted == part.id,
                        None => i == 0,
                    },
                    summary {
                        h2 { "{part.title}" }
                    }
                    GuideMarkdown {
                        body: part.body.clone(),
                        // The whole list: citation numbers are positions in the list drawn below.
                        sources: guide.sources.clone(),
                        on_category: move |category: String| {
                            let mut next = NearFilters::new();
                            next.category = category.parse().ok();
                            filters.set(next);
                            nav.push(Route::Near {});
                        },
                    }
                }
            }
            if !cards.is_empty() {
                section { class: "truths",
                    h2 {
                        Icon { name: IconName::Info }
                        span { {tr.tr("truths-here")} }
                    }
                    for card in cards {
                        TruthCard { key: "{card.id}", tr: tr.clone(), card: card.clone(), open: false }
                    }
                }
            }
            SourceList {
                tr: tr.clone(),
                sources: guide.sources.clone(),
                anchor_prefix: "src-".to_string(),
                heading: tr.tr("guide-sources"),
            }
            {picker}
        }
    }
}
