//! Checks on one imported place: required fields, coordinates (range, swapped, inside the stated country),
//! opening hours, phones, e-mail, web links and markup in text.

use super::diagnostics::{Diagnostics, Location};
use crate::model::{LatLon, LocationPrecision, Place};
use crate::spatial::CountryLocator;
use crate::text::{find_markup, looks_like_phone};

/// Farther than this outside the stated country is an error.
pub const OUTSIDE_COUNTRY_ERROR_M: f64 = 25_000.0;

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
        if let Err(error) = hours.parse::<opening_hours::OpeningHours>() {
            let first_line = error.to_string().lines().next().unwrap_or("").to_string();
            diagnostics.error(
                at,
                Some("opening_hours"),
                format!("{hours:?} is not valid OSM opening_hours syntax ({first_line})"),
                Some("OSM syntax such as \"Mo-Fr 08:00-16:00; Sa 09:00-12:00\""),
            );
        }
    }
    if let Some(phone) = place.phone_text.as_deref().filter(|p| !p.trim().is_empty()) {
        if !looks_like_phone(phone) {
            diagnostics.error(
                at,
                Some("phone"),
                format!("{phone:?} does not look like a phone number"),
                Some("digits with optional +, spaces or dashes, e.g. +52 962 123 4567"),
            );
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
        if !(website.starts_with("https://") || website.starts_with("http://")) {
            diagnostics.error(
                at,
                Some("website"),
                format!("{website:?} is not an http(s) link"),
                Some("a link starting with https://"),
            );
        }
    }
    let mut text_fields: Vec<(String, Option<&str>)> = vec![
        ("name".into(), Some(place.names.name.as_str())),
        ("name_es".into(), place.names.es.as_deref()),
        ("name_en".into(), place.names.en.as_deref()),
        ("name_fr".into(), place.names.fr.as_deref()),
        ("address".into(), place.address.as_deref()),
        ("town".into(), place.town.as_deref()),
        ("evidence".into(), place.provenance.evidence.as_deref()),
        ("source_title".into(), place.provenance.title.as_deref()),
        ("phone".into(), place.phone_text.as_deref()),
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
        if let Some(markup) = value.and_then(find_markup) {
            diagnostics.error(
                at,
                Some(field),
                format!("contains markup or script {markup:?}"),
                Some("plain text without HTML tags"),
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
