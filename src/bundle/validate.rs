//! Checks on one imported place: required fields, coordinates (range, swapped, inside the stated country),
//! opening hours, phones (what becomes a `tel:` link), e-mail, web links, and in every text field: markup,
//! hidden or direction-changing characters and the length limits of [`crate::text::TEXT_RULES`].

use super::diagnostics::{Diagnostics, Location};
use crate::model::{LatLon, LocationPrecision, Place};
use crate::spatial::CountryLocator;
use crate::text::{
    check_text, find_markup, phone_problem, source_link_problem, text_rule, web_link_problem,
    TEXT_RULES,
};

/// Farther than this outside the stated country is an error.
pub const OUTSIDE_COUNTRY_ERROR_M: f64 = 25_000.0;

/// What a phone field should look like.
pub(crate) const PHONE_HINT: &str =
    "digits with optional +, spaces or dashes, e.g. +52 962 123 4567";
/// What an opening-hours field should look like.
pub(crate) const OPENING_HOURS_HINT: &str =
    "OSM syntax such as \"Mo-Fr 08:00-16:00; Sa 09:00-12:00\"";

/// Why a phone text is refused, as a diagnostic says it.
pub(crate) fn phone_text_problem(phone: &str) -> Option<String> {
    phone_problem(phone).map(|why| format!("{phone:?} does not look like a phone number: {why}"))
}

/// Why an opening-hours text is not OSM syntax, as a diagnostic says it.
pub(crate) fn opening_hours_problem(hours: &str) -> Option<String> {
    hours
        .parse::<opening_hours::OpeningHours>()
        .err()
        .map(|error| {
            let first_line = error.to_string().lines().next().unwrap_or("").to_string();
            format!("{hours:?} is not valid OSM opening_hours syntax ({first_line})")
        })
}

/// Validates a place and records every problem found.
pub fn check_place(
    place: &Place,
    at: &Location,
    locator: &CountryLocator,
    diagnostics: &mut Diagnostics,
) {
    if place.id.0.trim().is_empty() {
        diagnostics.error(
            at,
            Some("id"),
            "the id is empty",
            Some("a stable id such as ngo-tapachula-shelter-1"),
        );
    }
    if place.names.name.trim().is_empty() {
        diagnostics.error(
            at,
            Some("name"),
            "the name is empty",
            Some("the place's name as the source writes it"),
        );
    }
    check_position(place, at, locator, diagnostics);
    if let Some(hours) = place
        .opening_hours
        .as_deref()
        .filter(|h| !h.trim().is_empty())
    {
        if let Some(problem) = opening_hours_problem(hours) {
            diagnostics.error(at, Some("opening_hours"), problem, Some(OPENING_HOURS_HINT));
        }
    }
    if let Some(phone) = place.phone_text.as_deref().filter(|p| !p.trim().is_empty()) {
        if let Some(problem) = phone_text_problem(phone) {
            diagnostics.error(at, Some("phone"), problem, Some(PHONE_HINT));
        }
    }
    if let Some(email) = place.email.as_deref().filter(|e| !e.trim().is_empty()) {
        let valid = email.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty() && domain.contains('.') && !email.contains(char::is_whitespace)
        });
        if !valid {
            diagnostics.error(
                at,
                Some("email"),
                format!("{email:?} is not an e-mail address"),
                Some("name@example.org"),
            );
        }
    }
    if let Some(website) = place.website.as_deref().filter(|w| !w.trim().is_empty()) {
        if let Some(why) = web_link_problem(website) {
            diagnostics.error(
                at,
                Some("website"),
                format!("{website:?} {why}"),
                Some("https:// or http:// and a host name, e.g. https://www.acnur.org/"),
            );
        }
    }
    // A source address is shown as a link when it is one; anything that names a scheme must be a plain one.
    if let Some(url) = place
        .provenance
        .url
        .as_deref()
        .filter(|u| u.contains("://") || find_markup(u).is_some())
    {
        if let Some(why) = source_link_problem(url) {
            diagnostics.error(
                at,
                Some("source_url"),
                format!("{url:?} {why}"),
                Some("https:// or http:// and a host name, or plain text"),
            );
        }
    }
    let mut text_fields: Vec<(String, Option<&str>)> = vec![
        ("id".into(), Some(place.id.0.as_str())),
        ("name".into(), Some(place.names.name.as_str())),
        ("name_es".into(), place.names.es.as_deref()),
        ("name_en".into(), place.names.en.as_deref()),
        ("name_fr".into(), place.names.fr.as_deref()),
        ("address".into(), place.address.as_deref()),
        ("town".into(), place.town.as_deref()),
        ("evidence".into(), place.provenance.evidence.as_deref()),
        ("source_title".into(), place.provenance.title.as_deref()),
        ("phone".into(), place.phone_text.as_deref()),
        ("subcategory".into(), place.subcategory.as_deref()),
        ("admin1".into(), place.admin1.as_deref()),
        ("email".into(), place.email.as_deref()),
        ("website".into(), place.website.as_deref()),
        ("opening_hours".into(), place.opening_hours.as_deref()),
        ("source_url".into(), place.provenance.url.as_deref()),
        ("source_date".into(), place.provenance.date.as_deref()),
        ("last_checked".into(), place.last_checked.as_deref()),
        ("verified_by".into(), place.verified_by.as_deref()),
        (
            "checked_url".into(),
            place.desk_check.as_ref().map(|c| c.url.as_str()),
        ),
        (
            "checked_title".into(),
            place.desk_check.as_ref().and_then(|c| c.title.as_deref()),
        ),
        (
            "checked_date".into(),
            place.desk_check.as_ref().and_then(|c| c.date.as_deref()),
        ),
        (
            "checked_evidence".into(),
            place
                .desk_check
                .as_ref()
                .and_then(|c| c.evidence.as_deref()),
        ),
        ("licence".into(), Some(place.provenance.licence.as_str())),
    ];
    for (field, text) in [
        ("serves", &place.serves_text),
        ("services", &place.services),
        ("notes", &place.notes),
    ] {
        text_fields.extend(
            text.iter()
                .map(|(lang, value)| (format!("{field}_{lang}"), Some(value))),
        );
    }
    for (field, value) in &text_fields {
        let field = field.as_str();
        let Some(value) = *value else { continue };
        // `notes_es` has the limit of `notes`.
        let rule = TEXT_RULES
            .iter()
            .find(|r| r.field == field)
            .copied()
            .unwrap_or_else(|| text_rule(field.rsplit_once('_').map_or(field, |(base, _)| base)));
        if let Some(markup) = find_markup(value) {
            diagnostics.error(
                at,
                Some(field),
                format!("contains markup or script {markup:?}"),
                Some("plain text without HTML tags"),
            );
        }
        if let Err(problem) = check_text(rule, value) {
            diagnostics.error(
                at,
                Some(field),
                problem.to_string(),
                Some("plain visible text within the limit (README, Editor import)"),
            );
        }
    }
}

fn check_position(
    place: &Place,
    at: &Location,
    locator: &CountryLocator,
    diagnostics: &mut Diagnostics,
) {
    let Some(position) = place.position else {
        if matches!(place.precision, LocationPrecision::Exact) {
            diagnostics.error(
                at,
                Some("lat"),
                "coordinates are missing",
                Some("latitude and longitude in decimal degrees"),
            );
        }
        return;
    };
    if !position.is_valid() {
        diagnostics.error(
            at,
            Some("lat"),
            format!(
                "coordinates {},{} are out of range",
                position.lat, position.lon
            ),
            Some("latitude −90…90 and longitude −180…180"),
        );
        return;
    }
    let swapped = LatLon::new(position.lon, position.lat);
    let swapped_fits =
        swapped.is_valid() && locator.distance_to_country_m(swapped, place.country) == Some(0.0);
    if swapped_fits && locator.distance_to_country_m(position, place.country) != Some(0.0) {
        diagnostics.error(
            at,
            Some("lat"),
            format!(
                "latitude and longitude look swapped ({},{})",
                position.lat, position.lon
            ),
            Some(&format!("lat {} and lon {}", position.lon, position.lat)),
        );
        return;
    }
    if !locator.covers(position) {
        diagnostics.warning(
            at,
            Some("lat"),
            format!(
                "{},{} is outside the area the border data covers; the country was not checked",
                position.lat, position.lon
            ),
            None,
        );
        return;
    }
    let Some(distance) = locator.distance_to_country_m(position, place.country) else {
        diagnostics.warning(
            at,
            Some("country"),
            format!(
                "no border data for {}; the position was not checked",
                place.country
            ),
            None,
        );
        return;
    };
    if distance == 0.0 {
        return;
    }
    if distance > OUTSIDE_COUNTRY_ERROR_M {
        let found = locator
            .country_at(position)
            .map(|c| format!(", in {c}"))
            .unwrap_or_default();
        diagnostics.error(
            at,
            Some("lat"),
            format!(
                "the point is {:.0} km outside {}{found}",
                distance / 1000.0,
                place.country
            ),
            Some(&format!("a position inside {}", place.country)),
        );
    } else {
        diagnostics.warning(
            at,
            Some("lat"),
            format!(
                "border case: the point is {:.1} km outside {} on the 1:10m borders",
                distance / 1000.0,
                place.country
            ),
            None,
        );
    }
}
