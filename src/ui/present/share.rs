//! Share text and safe links: the plain text "Share" gives, `geo:` links, web links only when http(s).

use crate::i18n::{Arg, Localizer};
use crate::model::{LatLon, LocationPrecision, Place};

/// A `geo:` link that opens the place in the phone's maps app, labelled with its name.
pub fn geo_uri(position: LatLon, name: &str) -> String {
    let label: String = name
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | '#' | '&' | '?' | '%' | '<' | '>' | '"'))
        .collect();
    format!(
        "geo:{lat:.6},{lon:.6}?q={lat:.6},{lon:.6}({label})",
        lat = position.lat,
        lon = position.lon,
        label = label.trim().replace(' ', "+")
    )
}

/// A website link only when it is plain http(s); anything else is shown as text.
pub fn web_link(url: &str) -> Option<&str> {
    let url = url.trim();
    crate::text::web_link_problem(url).is_none().then_some(url)
}

/// The plain text "Share" gives: name, kind, where, phone, map link and source date. No HTML.
pub fn share_text(tr: &Localizer, place: &Place) -> String {
    let lang = tr.lang();
    let mut lines = vec![
        place.names.get(lang).to_string(),
        tr.category(place.category),
    ];
    if place.status.is_closed() {
        lines.push(tr.status(place.status));
    }
    let where_ = [place.address.as_deref(), place.town.as_deref()]
        .into_iter()
        .flatten()
        .filter(|t| !t.trim().is_empty())
        .collect::<Vec<_>>();
    if let Some(first) = where_.first() {
        lines.push(first.to_string());
    }
    if let Some(phone) = place.phone_text.as_deref().filter(|p| !p.trim().is_empty()) {
        lines.push(format!("{}: {phone}", tr.tr("place-phone")));
    }
    if let Some(position) = place.position.filter(|_| place.is_mappable()) {
        let mut line = format!("{:.5},{:.5}", position.lat, position.lon);
        if place.precision == LocationPrecision::Town {
            line = format!("{line} ({})", tr.precision(place.precision));
        }
        lines.push(line);
    }
    lines.push(tr.verification(place.verification));
    if let Some(date) = place.provenance.date.as_deref() {
        lines.push(tr.tr_args("place-source-date", &[("date", Arg::Text(date))]));
    }
    lines.push(tr.tr("share-footer"));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_only_safe_schemes_and_geo_labels_are_clean() {
        assert_eq!(
            web_link(" https://acnur.org/x "),
            Some("https://acnur.org/x")
        );
        assert_eq!(web_link("javascript:alert(1)"), None);
        assert_eq!(web_link("www.example.org"), None);
        assert_eq!(
            geo_uri(LatLon::new(14.9, -92.26), "Casa (Belén) & co"),
            "geo:14.900000,-92.260000?q=14.900000,-92.260000(Casa+Belén++co)"
        );
    }
}
