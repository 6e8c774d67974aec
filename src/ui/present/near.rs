//! Near me without any UI: the filters, the ranking, honest distance lines, place look-up by id and the
//! "point chosen" label.

use crate::catalog::{Catalog, NearQuery, Nearby, PlaceBrief};
use crate::i18n::{Arg, Localizer};
use crate::model::{Category, LatLon, LocationPrecision, TargetGroup};
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
}
