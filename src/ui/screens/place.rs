//! One place in full: what it is, who it serves, how to reach it (tel: and geo: links), its hours, where
//! the facts come from and how sure they are; Save, Share (plain text) and Report a problem.

use crate::catalog::Nearby;
use crate::i18n::{Arg, Localizer};
use crate::model::{LocationPrecision, Place, Verification};
use crate::spatial::{bearing_deg, distance_m};
use crate::text::dial_string;
use crate::ui::app::Route;
use crate::ui::components::back::BackButton;
use crate::ui::components::icon::{Icon, IconName};
use crate::ui::components::ids::action;
use crate::ui::components::place::{LangText, PlaceBadges};
use crate::ui::errors::{Content, Storage, UiError};
use crate::ui::present::{
    brief, distance_line, geo_uri, open_state, open_text, share_text, web_link,
};
use crate::ui::state::{use_tr, Services, Session};
use dioxus::prelude::*;

/// The place screen.
#[component]
pub fn PlaceScreen(id: String) -> Element {
    let tr = use_tr();
    let services = use_context::<Services>();
    let session = use_context::<Session>();
    let user = services.user.clone();
    let saved_id = id.clone();
    let mut saved = use_signal(move || user.is_saved(&saved_id).unwrap_or(false));
    let mut sharing = use_signal(|| false);
    let mut problem = use_signal(|| None::<String>);
    let loaded = services.catalog.place(&id);
    let place = match loaded {
        Ok(Some(place)) => place,
        Ok(None) => {
            return rsx! {
                div { class: "screen-body",
                    BackButton {}
                    p { class: "banner warn", role: "alert", {tr.tr("place-not-found")} }
                }
            }
        }
        Err(_) => {
            return rsx! {
                div { class: "screen-body",
                    BackButton {}
                    p { class: "banner warn", role: "alert", {UiError::Content(Content::Place).message(&tr)} }
                }
            }
        }
    };
    let lang = tr.lang();
    let name = place.names.get(lang).to_string();
    let now = chrono::Local::now().naive_local();
    let open = open_state(place.opening_hours.as_deref(), now);
    let from_here = (session.here)().and_then(|here| {
        let position = place.position.filter(|_| place.is_mappable())?;
        let brief = brief(&services.catalog, &place.id.0)?.clone();
        Some(distance_line(
            &tr,
            &Nearby {
                place: brief,
                distance_m: distance_m(here.position, position),
                bearing_deg: bearing_deg(here.position, position),
                across_border: services
                    .catalog
                    .country_at(here.position)
                    .is_some_and(|c| c != place.country),
            },
        ))
    });
    let subcategory = place
        .subcategory
        .as_deref()
        .map(|s| format!("subcategory-{s}"))
        .filter(|key| tr.has_own(key))
        .map(|key| tr.tr(&key));
    let toggle_save = {
        let services = services.clone();
        let id = place.id.0.clone();
        let tr = tr.clone();
        move |_| {
            let result = if saved() {
                services.user.unsave_place(&id)
            } else {
                services.user.save_place(&id)
            };
            match result {
                Ok(()) => saved.toggle(),
                Err(_) => problem.set(Some(UiError::Storage(Storage::Save).message(&tr))),
            }
        }
    };
    let share = share_text(&tr, &place);
    rsx! {
        article { class: "screen-body place",
            BackButton {}
            h1 {
                Icon { name: IconName::of_category(place.category), large: true }
                span { "{name}" }
            }
            p { class: "kind",
                {tr.category(place.category)}
                if let Some(sub) = subcategory {
                    " · {sub}"
                }
            }
            PlaceBadges {
                tr: tr.clone(),
                approximate: place.precision == LocationPrecision::Town,
                verification: place.verification,
                status: place.status,
                open: open.clone(),
            }
            if let Some(line) = from_here {
                p { class: "from-here",
                    Icon { name: IconName::Near }
                    span { {tr.tr_args("place-from-here", &[("distance", Arg::Text(&line))])} }
                }
            }
            if let Some(message) = problem() {
                p { class: "banner warn", role: "alert", "{message}" }
            }
            div { class: "actions",
                for (i , number) in place.phones.iter().enumerate() {
                    a { key: "{i}", class: "btn call", href: "tel:{dial_string(number)}",
                        Icon { name: IconName::Phone, light: true }
                        span { {tr.tr_args("place-call", &[("number", Arg::Text(number))])} }
                    }
                }
                button {
                    class: if saved() { "btn on" } else { "btn" },
                    r#type: "button",
                    "aria-pressed": if saved() { "true" } else { "false" },
                    "data-action": action::SAVE,
                    onclick: toggle_save,
                    Icon { name: IconName::Save }
                    span { {if saved() { tr.tr("place-saved") } else { tr.tr("place-save") }} }
                }
                button {
                    class: "btn",
                    r#type: "button",
                    "aria-expanded": if sharing() { "true" } else { "false" },
                    "data-action": action::SHARE,
                    onclick: move |_| sharing.toggle(),
                    Icon { name: IconName::Share }
                    span { {tr.tr("place-share")} }
                }
                Link { class: "btn", to: Route::ReportScreen { id: place.id.0.clone() },
                    Icon { name: IconName::Report }
                    span { {tr.tr("place-report")} }
                }
                if services.user.staff_token().ok().flatten().is_some() {
                    Link { class: "btn", to: Route::VerifyScreen { id: place.id.0.clone() }, "data-action": action::VERIFY,
                        Icon { name: IconName::Check }
                        span { {tr.tr("place-verify")} }
                    }
                }
            }
            if sharing() {
                section { class: "share",
                    label { r#for: "share-text", {tr.tr("share-hint")} }
                    textarea { id: "share-text", readonly: true, rows: "8", value: "{share}" }
                }
            }
            Facts { tr: tr.clone(), place: place.clone(), open_line: open_text(&tr, &open) }
            Provenance { tr: tr.clone(), place: place.clone() }
        }
    }
}

/// What the place offers, where it is and how to reach it.
#[component]
fn Facts(tr: Localizer, place: Place, open_line: Option<String>) -> Element {
    let services = use_context::<Services>();
    let lang = tr.lang();
    let country = services.catalog.country_name(place.country, tr.language());
    let address: Vec<String> = [
        place.address.clone(),
        place.town.clone(),
        place.admin1.clone(),
        Some(country),
    ]
    .into_iter()
    .flatten()
    .filter(|part| !part.trim().is_empty())
    .fold(Vec::new(), |mut parts, part| {
        if !parts.iter().any(|p: &String| p.contains(part.as_str())) {
            parts.push(part);
        }
        parts
    });
    let serves: Option<(String, &'static str)> = place
        .serves_text
        .get(lang)
        .map(|(text, text_lang)| (text.to_string(), text_lang))
        .or_else(|| {
            (!place.serves.is_empty()).then(|| {
                let groups: Vec<String> =
                    place.serves.iter().map(|g| tr.target_group(*g)).collect();
                (groups.join(", "), lang)
            })
        });
    let services_text = place
        .services
        .get(lang)
        .map(|(text, text_lang)| (text.to_string(), text_lang));
    let mission_of = place
        .operator_country
        .map(|code| services.catalog.country_name(code, tr.language()));
    let position = place.position.filter(|_| place.is_mappable());
    let website = place.website.clone();
    rsx! {
        dl { class: "facts",
            if let Some((serves, text_lang)) = serves {
                dt { {tr.tr("place-serves")} }
                dd { LangText { tr: tr.clone(), text: serves, text_lang, screen_lang: lang } }
            }
            if let Some(of) = mission_of {
                dt { {tr.tr("place-mission-of")} }
                dd { "{of}" }
            }
            if let Some((services_text, text_lang)) = services_text {
                dt { {tr.tr("place-services")} }
                dd { LangText { tr: tr.clone(), text: services_text, text_lang, screen_lang: lang } }
            }
            dt { {tr.tr("place-address")} }
            dd { {address.join(", ")} }
            if let Some(phone) = place.phone_text.clone() {
                dt { {tr.tr("place-phone")} }
                dd { "{phone}" }
            }
            if let Some(email) = place.email.clone() {
                dt { {tr.tr("place-email")} }
                dd { "{email}" }
            }
            if let Some(url) = website {
                dt { {tr.tr("place-website")} }
                dd {
                    if let Some(link) = web_link(&url) {
                        a { href: "{link}", rel: "noopener noreferrer",
                            Icon { name: IconName::Website }
                            span { "{link}" }
                        }
                    } else {
                        "{url}"
                    }
                }
            }
            dt { {tr.tr("place-hours")} }
            dd {
                match place.opening_hours.clone() {
                    Some(hours) => rsx! {
                        span { "{hours}" }
                        if let Some(line) = open_line {
                            " · "
                            strong { "{line}" }
                        }
                    },
                    None => rsx! { {tr.tr("place-hours-unknown")} },
                }
            }
        }
        section { class: "where-is",
            h2 {
                Icon { name: IconName::Pin }
                span { {tr.tr("place-location")} }
            }
            p { class: if place.precision == LocationPrecision::Town { "notice approx" } else { "notice" },
                {tr.precision(place.precision)}
                ". "
                {tr.tr(&format!("precision-notice-{}", place.precision.as_str()))}
            }
            if let Some(position) = position {
                a { class: "btn wide", href: geo_uri(position, place.names.get(lang)),
                    Icon { name: IconName::Map }
                    span { {tr.tr("place-open-in-maps")} }
                }
            }
        }
    }
}

/// The verification ladder in plain words: found in one source, confirmed by another source on a day, or
/// checked on the spot by a named organisation on a day.
fn verification_line(tr: &Localizer, place: &Place) -> String {
    match (
        place.verification,
        place.last_checked.as_deref(),
        place.verified_by.as_deref(),
    ) {
        (Verification::FieldVerified, Some(date), Some(org)) => tr.tr_args(
            "place-field-verified",
            &[("date", Arg::Text(date)), ("org", Arg::Text(org))],
        ),
        (Verification::DeskChecked, Some(date), _) => {
            tr.tr_args("place-desk-checked", &[("date", Arg::Text(date))])
        }
        (Verification::Unverified, Some(date), _) => {
            tr.tr_args("place-unconfirmed-since", &[("date", Arg::Text(date))])
        }
        _ => tr.tr("place-unconfirmed"),
    }
}

/// Where the facts come from: source, date, licence, verification, and the evidence quote.
#[component]
fn Provenance(tr: Localizer, place: Place) -> Element {
    let services = use_context::<Services>();
    let source = &place.provenance;
    let dataset = services
        .catalog
        .manifest()
        .attributions
        .iter()
        .find(|a| a.id == source.dataset)
        .map(|a| a.name.clone())
        .unwrap_or_else(|| source.dataset.clone());
    let verified = verification_line(&tr, &place);
    let lang = tr.lang();
    let notes = place
        .notes
        .get(lang)
        .map(|(text, text_lang)| (text.to_string(), text_lang));
    let evidence_lang = source.evidence_lang.clone().unwrap_or_default();
    let desk_check = place.desk_check.clone();
    rsx! {
        section { class: "source",
            h2 {
                Icon { name: IconName::Info }
                span { {tr.tr("place-source-title")} }
            }
            dl { class: "facts",
                dt { {tr.tr("place-source")} }
                dd {
                    span { "{dataset}" }
                    if let Some(title) = source.title.clone() {
                        br {}
                        match source.url.as_deref().and_then(web_link) {
                            Some(url) => rsx! { a { href: "{url}", rel: "noopener noreferrer", "{title}" } },
                            None => rsx! { span { "{title}" } },
                        }
                    }
                }
                dt { {tr.tr("place-source-date-label")} }
                dd { {source.date.clone().unwrap_or_else(|| tr.tr("place-date-unknown"))} }
                dt { {tr.tr("place-licence")} }
                dd { "{source.licence}" }
                dt { {tr.tr("place-verification")} }
                dd { "{verified}" }
            }
            if let Some(evidence) = source.evidence.clone() {
                figure { class: "evidence",
                    figcaption { {tr.tr("place-evidence")} }
                    blockquote { lang: "{evidence_lang}", "{evidence}" }
                    if !evidence_lang.is_empty() && evidence_lang != lang {
                        p { class: "lang-mark", {tr.tr_args("text-lang-mark", &[("lang", Arg::Text(&evidence_lang))])} }
                    }
                }
            }
            if let Some(check) = desk_check {
                figure { class: "evidence",
                    figcaption { {tr.tr("place-desk-check")} }
                    p {
                        match web_link(&check.url) {
                            Some(url) => rsx! { a { href: "{url}", rel: "noopener noreferrer", {check.title.clone().unwrap_or(url.to_string())} } },
                            None => rsx! { span { {check.title.clone().unwrap_or(check.url.clone())} } },
                        }
                        if let Some(date) = check.date.clone() {
                            " ({date})"
                        }
                    }
                    if let Some(quote) = check.evidence.clone() {
                        blockquote { "{quote}" }
                    }
                }
            }
            if let Some((notes, text_lang)) = notes {
                p { class: "notes",
                    strong { {tr.tr("place-notes")} }
                    " "
                    LangText { tr: tr.clone(), text: notes, text_lang, screen_lang: lang }
                }
            }
        }
    }
}
