//! What the screens show, computed without any UI: the Near me filters and ranking, honest distance lines,
//! open-now from OSM opening hours, visa wording, outbox counts, share text and safe links. Pure functions,
//! unit-tested here; the screens only lay the results out.

use crate::catalog::{Catalog, NearQuery, Nearby};
use crate::catalog::{PlaceBrief, VisaLine};
use crate::i18n::{Arg, Localizer};
use crate::model::{Category, LatLon, LocationPrecision, Place, TargetGroup};
use crate::store::user::{Report, ReportState};
use chrono::NaiveDateTime;
use std::cmp::Ordering;

/// How many rows Near me shows at first, and how many more each "Show more" adds.
pub const PAGE: usize = 20;

/// The Near me filters the person chose.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NearFilters {
    /// One category, or every category.
    pub category: Option<Category>,
    /// Places that say they serve any of these groups (empty: everyone).
    pub serves: Vec<TargetGroup>,
    /// How many rows to show.
    pub limit: usize,
}

impl NearFilters {
    /// No filter, one page.
    pub fn new() -> Self {
        Self {
            category: None,
            serves: Vec::new(),
            limit: PAGE,
        }
    }

    /// Tapping a category chip: picks it, or clears it when it was already picked. The list starts again
    /// from one page.
    pub fn pick_category(&mut self, category: Option<Category>) {
        self.category = if self.category == category {
            None
        } else {
            category
        };
        self.limit = PAGE;
    }

    /// Tapping a who-it-serves chip: adds or removes the group.
    pub fn toggle_serves(&mut self, group: TargetGroup) {
        if let Some(at) = self.serves.iter().position(|g| *g == group) {
            self.serves.remove(at);
        } else {
            self.serves.push(group);
            self.serves.sort();
        }
        self.limit = PAGE;
    }

    /// True when any filter narrows the list.
    pub fn is_filtered(&self) -> bool {
        self.category.is_some() || !self.serves.is_empty()
    }

    /// The catalog query for these filters around `origin`. Closed and approximate places are kept: they
    /// are shown with their warning and badge.
    pub fn query(&self, origin: LatLon) -> NearQuery {
        let mut query = NearQuery::around(origin);
        query.categories = self.category.into_iter().collect();
        query.serves = self.serves.clone();
        query.limit = self.limit.max(1);
        query
    }
}

/// Orders rows for Near me: places that are not closed first, nearest first, then the closed ones (shown
/// apart as "closed — do not go"); among places at the very same distance (many route points sit on their
/// town's centre) better-checked ones come first, then by name.
pub fn rank(rows: &mut [Nearby], lang: &str) {
    rows.sort_by(|a, b| {
        a.place
            .status
            .is_closed()
            .cmp(&b.place.status.is_closed())
            .then_with(|| {
                a.distance_m
                    .partial_cmp(&b.distance_m)
                    .unwrap_or(Ordering::Equal)
            })
            .then_with(|| b.place.verification.cmp(&a.place.verification))
            .then_with(|| {
                crate::text::fold(a.place.names.get(lang))
                    .cmp(&crate::text::fold(b.place.names.get(lang)))
            })
    });
}

/// The places Near me lists: the catalog's nearest for the filters, ranked. Places without coordinates
/// never appear (the catalog indexes only mapped places).
pub fn near_rows(
    catalog: &Catalog,
    origin: LatLon,
    filters: &NearFilters,
    lang: &str,
) -> Vec<Nearby> {
    let mut rows = catalog.near(&filters.query(origin));
    rank(&mut rows, lang);
    rows
}

/// True when a place's position is its town's centre, so its distance is only approximate.
pub fn is_approximate(place: &PlaceBrief) -> bool {
    place.precision == LocationPrecision::Town
}

/// The distance line of a row. Exact points: "1,2 km · sureste". Town-level points never get a precise
/// figure: "≈ 0 m · en Tapachula (centro del pueblo)".
pub fn distance_line(tr: &Localizer, row: &Nearby) -> String {
    let distance = tr.distance(row.distance_m);
    let direction = tr.direction(row.bearing_deg);
    if is_approximate(&row.place) {
        let distance = if row.distance_m >= 1000.0 {
            format!("{distance} {direction}")
        } else {
            distance
        };
        match row.place.town.as_deref().filter(|t| !t.trim().is_empty()) {
            Some(town) => tr.tr_args(
                "near-approx-in-town",
                &[
                    ("distance", Arg::Text(&distance)),
                    ("town", Arg::Text(town)),
                ],
            ),
            None => tr.tr_args("near-approx", &[("distance", Arg::Text(&distance))]),
        }
    } else if row.distance_m < 20.0 {
        tr.tr_args("near-here", &[("distance", Arg::Text(&distance))])
    } else {
        tr.tr_args(
            "near-distance",
            &[
                ("distance", Arg::Text(&distance)),
                ("direction", Arg::Text(&direction)),
            ],
        )
    }
}

/// Whether a place is open at a moment, from its OSM opening hours.
#[derive(Debug, Clone, PartialEq)]
pub enum OpenState {
    /// Open; closes at this time of day (HH:MM) when known.
    Open {
        /// Closing time.
        until: Option<String>,
    },
    /// Closed at this moment; opens at this time (HH:MM, with the weekday when not today) when known.
    Shut {
        /// Next opening.
        opens: Option<String>,
    },
    /// No hours, hours that do not parse, or hours that do not say.
    Unknown,
}

/// Evaluates OSM opening hours at `now` (the phone's local time).
pub fn open_state(hours: Option<&str>, now: NaiveDateTime) -> OpenState {
    let Some(hours) = hours.map(str::trim).filter(|h| !h.is_empty()) else {
        return OpenState::Unknown;
    };
    let Ok(parsed) = hours.parse::<opening_hours::OpeningHours>() else {
        return OpenState::Unknown;
    };
    let time = |at: NaiveDateTime| {
        if at.date() == now.date() {
            at.format("%H:%M").to_string()
        } else {
            at.format("%a %H:%M").to_string()
        }
    };
    let (kind, _) = parsed.state(now);
    // Changes more than a week away mean "never" (e.g. 24/7).
    let horizon = now + chrono::Duration::days(8);
    let next = parsed.next_change(now).filter(|at| *at < horizon);
    match kind {
        opening_hours::RuleKind::Open => OpenState::Open {
            until: next.map(time),
        },
        opening_hours::RuleKind::Closed => OpenState::Shut {
            opens: next.map(time),
        },
        opening_hours::RuleKind::Unknown => OpenState::Unknown,
    }
}

/// The open-now text, or `None` when the hours are unknown.
pub fn open_text(tr: &Localizer, state: &OpenState) -> Option<String> {
    match state {
        OpenState::Open { until: Some(until) } => {
            Some(tr.tr_args("open-now-until", &[("time", Arg::Text(until))]))
        }
        OpenState::Open { until: None } => Some(tr.tr("open-now")),
        OpenState::Shut { opens: Some(opens) } => {
            Some(tr.tr_args("shut-now-opens", &[("time", Arg::Text(opens))]))
        }
        OpenState::Shut { opens: None } => Some(tr.tr("shut-now")),
        OpenState::Unknown => None,
    }
}

/// The visa line for a passport, in words: "Venezuela passport: visa required".
pub fn visa_text(tr: &Localizer, line: &VisaLine, passport_name: &str) -> String {
    let requirement = line.requirement.trim();
    let what = if let Ok(days) = requirement.parse::<i64>() {
        if days < 0 {
            tr.tr("visa-own-country")
        } else {
            tr.tr_args("visa-days", &[("days", Arg::Number(days as f64))])
        }
    } else {
        match requirement {
            "visa free" => tr.tr("visa-free"),
            "visa required" => tr.tr("visa-required"),
            "visa on arrival" => tr.tr("visa-on-arrival"),
            "e-visa" => tr.tr("visa-e-visa"),
            "eta" => tr.tr("visa-eta"),
            "no admission" => tr.tr("visa-no-admission"),
            other => other.to_string(),
        }
    };
    tr.tr_args(
        "visa-line",
        &[
            ("passport", Arg::Text(passport_name)),
            ("requirement", Arg::Text(&what)),
        ],
    )
}

/// How many reports are in each outbox state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutboxCounts {
    /// Waiting on the phone.
    pub queued: usize,
    /// Written to an export file.
    pub exported: usize,
    /// Confirmed received.
    pub sent: usize,
}

impl OutboxCounts {
    /// Counts reports by state.
    pub fn of(reports: &[Report]) -> Self {
        let mut counts = Self::default();
        for report in reports {
            match report.state {
                ReportState::Queued => counts.queued += 1,
                ReportState::Exported => counts.exported += 1,
                ReportState::Sent => counts.sent += 1,
            }
        }
        counts
    }

    /// True when "Export reports" has something to write.
    pub fn can_export(&self) -> bool {
        self.queued > 0
    }

    /// True when "Mark as received" has something to mark.
    pub fn can_mark_sent(&self) -> bool {
        self.exported > 0
    }
}

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

/// A compact place by id (the catalog keeps them ordered by id).
pub fn brief<'a>(catalog: &'a Catalog, id: &str) -> Option<&'a PlaceBrief> {
    let places = catalog.places();
    places
        .binary_search_by(|p| p.id.0.as_str().cmp(id))
        .ok()
        .map(|at| &places[at])
        .or_else(|| places.iter().find(|p| p.id.0 == id))
}

/// A "point chosen" label for a position: "14,905, −92,259".
pub fn position_label(tr: &Localizer, position: LatLon) -> String {
    format!(
        "{}; {}",
        tr.number(position.lat, 3),
        tr.number(position.lon, 3)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CountryCode, LocalizedNames, PlaceId, PlaceStatus, Verification};

    fn brief(id: &str, name: &str, precision: LocationPrecision, town: Option<&str>) -> PlaceBrief {
        PlaceBrief {
            id: PlaceId(id.into()),
            category: Category::Shelter,
            names: LocalizedNames {
                name: name.into(),
                ..Default::default()
            },
            country: CountryCode::parse("MX").unwrap(),
            town: town.map(String::from),
            position: Some(LatLon::new(14.9, -92.26)),
            precision,
            serves: vec![],
            status: PlaceStatus::Unknown,
            verification: Verification::Unverified,
            opening_hours: None,
            phones: vec![],
            operator_country: None,
        }
    }

    fn row(place: PlaceBrief, distance_m: f64) -> Nearby {
        Nearby {
            place,
            distance_m,
            bearing_deg: 135.0,
            across_border: false,
        }
    }

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn category_chips_toggle_and_serves_chips_add_and_remove() {
        let mut filters = NearFilters::new();
        filters.limit = 60;
        filters.pick_category(Some(Category::Shelter));
        assert_eq!(filters.category, Some(Category::Shelter));
        assert_eq!(filters.limit, PAGE, "a new filter starts from one page");
        filters.pick_category(Some(Category::Shelter));
        assert_eq!(filters.category, None, "tapping the picked chip clears it");
        filters.toggle_serves(TargetGroup::Women);
        filters.toggle_serves(TargetGroup::Families);
        assert_eq!(
            filters.serves,
            vec![TargetGroup::Families, TargetGroup::Women]
        );
        filters.toggle_serves(TargetGroup::Women);
        assert_eq!(filters.serves, vec![TargetGroup::Families]);
        assert!(filters.is_filtered());
        let query = filters.query(LatLon::new(1.0, 2.0));
        assert!(query.include_closed && query.include_approximate);
        assert_eq!(query.serves, vec![TargetGroup::Families]);
        assert!(query.categories.is_empty());
    }

    #[test]
    fn closed_places_follow_every_open_one_and_ties_put_verified_first_then_by_name() {
        let mut closed = brief("a", "Albergue A", LocationPrecision::Town, None);
        closed.status = PlaceStatus::Closed;
        let mut verified = brief("c", "Casa C", LocationPrecision::Town, None);
        verified.verification = Verification::FieldVerified;
        let mut rows = vec![
            row(brief("z", "Zeta", LocationPrecision::Exact, None), 900.0),
            row(closed, 0.0),
            row(brief("b", "Ángel", LocationPrecision::Town, None), 0.0),
            row(verified, 0.0),
            row(brief("d", "Beta", LocationPrecision::Town, None), 0.0),
        ];
        rank(&mut rows, "es");
        let order: Vec<&str> = rows.iter().map(|r| r.place.id.0.as_str()).collect();
        assert_eq!(
            order,
            ["c", "b", "d", "z", "a"],
            "the closed one goes last, after the far one"
        );
    }

    #[test]
    fn approximate_points_never_get_a_precise_distance() {
        let es = Localizer::new("es");
        let approx = row(
            brief("t", "X", LocationPrecision::Town, Some("Tapachula")),
            0.0,
        );
        assert_eq!(
            distance_line(&es, &approx),
            "≈ 0 m · en Tapachula (centro del pueblo)"
        );
        let far = row(
            brief("t", "X", LocationPrecision::Town, Some("Ciudad Hidalgo")),
            28_000.0,
        );
        assert_eq!(
            distance_line(&Localizer::new("en"), &far),
            "≈ 28 km south-east · in Ciudad Hidalgo (town centre)"
        );
        let exact = row(brief("e", "X", LocationPrecision::Exact, None), 1234.0);
        assert_eq!(distance_line(&es, &exact), "1,2 km · sureste");
        assert_eq!(
            distance_line(&Localizer::new("en"), &exact),
            "1.2 km · south-east"
        );
        assert_eq!(
            distance_line(&Localizer::new("fr"), &exact),
            "1,2 km · sud-est"
        );
    }

    #[test]
    fn open_now_follows_the_hours_and_unknown_hours_say_nothing() {
        // 2026-03-02 is a Monday.
        let hours = Some("Mo-Fr 08:00-17:00");
        assert_eq!(
            open_state(hours, at("2026-03-02 10:00")),
            OpenState::Open {
                until: Some("17:00".into())
            }
        );
        assert_eq!(
            open_state(hours, at("2026-03-02 07:00")),
            OpenState::Shut {
                opens: Some("08:00".into())
            }
        );
        assert_eq!(
            open_state(hours, at("2026-03-07 12:00")),
            OpenState::Shut {
                opens: Some("Mon 08:00".into())
            }
        );
        assert_eq!(
            open_state(Some("24/7"), at("2026-03-07 12:00")),
            OpenState::Open { until: None }
        );
        assert_eq!(open_state(None, at("2026-03-02 10:00")), OpenState::Unknown);
        assert_eq!(
            open_state(Some("when the priest is in"), at("2026-03-02 10:00")),
            OpenState::Unknown
        );
        let en = Localizer::new("en");
        assert_eq!(
            open_text(&en, &open_state(hours, at("2026-03-02 10:00"))).unwrap(),
            "Open now · until 17:00"
        );
        assert_eq!(open_text(&en, &OpenState::Unknown), None);
    }

    #[test]
    fn visa_lines_are_worded_and_plural() {
        let line = |requirement: &str| VisaLine {
            passport: "VE".into(),
            destination: "CR".into(),
            requirement: requirement.into(),
            as_of: "2025-01-12".into(),
        };
        let en = Localizer::new("en");
        assert_eq!(
            visa_text(&en, &line("visa required"), "Venezuela"),
            "Venezuela passport: visa required"
        );
        assert_eq!(
            visa_text(&en, &line("90"), "Colombia"),
            "Colombia passport: no visa for up to 90 days"
        );
        assert_eq!(
            visa_text(&en, &line("1"), "Colombia"),
            "Colombia passport: no visa for up to 1 day"
        );
        assert!(visa_text(&Localizer::new("es"), &line("-1"), "Costa Rica").contains("propio país"));
        assert!(visa_text(&en, &line("something new"), "X").contains("something new"));
    }

    #[test]
    fn outbox_counts_drive_the_buttons() {
        let report = |state| Report {
            id: 1,
            place_id: "x".into(),
            kind: crate::store::user::ReportKind::Closed,
            note: String::new(),
            created_on: "2026-01-01".into(),
            state,
            bundle_version: 1,
        };
        let counts = OutboxCounts::of(&[
            report(ReportState::Queued),
            report(ReportState::Exported),
            report(ReportState::Exported),
            report(ReportState::Sent),
        ]);
        assert_eq!(
            counts,
            OutboxCounts {
                queued: 1,
                exported: 2,
                sent: 1
            }
        );
        assert!(counts.can_export() && counts.can_mark_sent());
        assert!(!OutboxCounts::of(&[report(ReportState::Sent)]).can_export());
    }

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
