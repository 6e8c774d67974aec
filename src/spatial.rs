//! Pure geometry: the R-tree of places (nearest, radius), great-circle distance and bearing, and
//! "which country is this point in". It does no I/O and knows nothing about SQLite or the UI.
//!
//! # Units
//! Positions are WGS84 degrees. Every distance this module returns is great-circle metres on the
//! GRS80 mean-radius sphere ([`geo::Haversine`]); bearings are degrees clockwise from true north, `0 ≤ b < 360`.

use crate::model::{CountryCode, LatLon};
use geo::{
    Bearing, BoundingRect, Closest, ClosestPoint, Contains, Distance, Haversine, MultiPolygon,
    Point, Rect,
};
use rstar::primitives::GeomWithData;
use rstar::{RTree, AABB};

pub mod borders;
pub mod packed;

/// Earth radius used to turn chord lengths into metres, matching [`geo::Haversine`].
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Great-circle distance between two positions.
///
/// # Units
/// Metres.
pub fn distance_m(a: LatLon, b: LatLon) -> f64 {
    Haversine.distance(to_point(a), to_point(b))
}

/// Initial bearing from `from` to `to`.
///
/// # Units
/// Degrees clockwise from true north, `0 ≤ b < 360`; 0 when the points coincide.
pub fn bearing_deg(from: LatLon, to: LatLon) -> f64 {
    if from == to {
        return 0.0;
    }
    let bearing = Haversine.bearing(to_point(from), to_point(to));
    if bearing.is_finite() {
        bearing.rem_euclid(360.0)
    } else {
        0.0
    }
}

/// The 8-point compass sector (`n`, `ne`, `e`, …) for a bearing in degrees.
pub fn compass_point(bearing_deg: f64) -> &'static str {
    const POINTS: [&str; 8] = ["n", "ne", "e", "se", "s", "sw", "w", "nw"];
    let sector = ((bearing_deg.rem_euclid(360.0) + 22.5) / 45.0).floor() as usize % 8;
    POINTS[sector]
}

/// True when `position` lies inside `shape` (a country's polygons).
pub fn contains(shape: &MultiPolygon<f64>, position: LatLon) -> bool {
    position.is_valid() && shape.contains(&to_point(position))
}

fn to_point(position: LatLon) -> Point<f64> {
    Point::new(position.lon, position.lat)
}

/// The position on the unit sphere; Euclidean order of these equals great-circle order.
fn unit_xyz(position: LatLon) -> [f64; 3] {
    let (lat, lon) = (position.lat.to_radians(), position.lon.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// Squared chord length on the unit sphere for a great-circle distance in metres.
fn chord_squared(distance_m: f64) -> f64 {
    let angle = (distance_m / EARTH_RADIUS_M).clamp(0.0, std::f64::consts::PI);
    let chord = 2.0 * (angle / 2.0).sin();
    chord * chord
}

/// One answer of a spatial query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// The caller's index of the point (position in the slice given to [`PlaceIndex::new`]).
    pub index: u32,
    /// Great-circle distance from the query point, in metres.
    pub distance_m: f64,
    /// Bearing from the query point to the hit, in degrees.
    pub bearing_deg: f64,
}

type IndexedPoint = GeomWithData<[f64; 3], u32>;

/// An R-tree over place positions, bulk-loaded once.
pub struct PlaceIndex {
    tree: RTree<IndexedPoint>,
    positions: Vec<LatLon>,
}

impl PlaceIndex {
    /// Bulk-loads the index; the `n`th position gets index `n`. Invalid positions are skipped.
    pub fn new(positions: Vec<LatLon>) -> Self {
        let points = positions
            .iter()
            .enumerate()
            .filter(|(_, position)| position.is_valid())
            .map(|(index, position)| IndexedPoint::new(unit_xyz(*position), index as u32))
            .collect();
        Self {
            tree: RTree::bulk_load(points),
            positions,
        }
    }

    /// Number of indexed points.
    pub fn len(&self) -> usize {
        self.tree.size()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// The position of the point with `index`.
    pub fn position(&self, index: u32) -> Option<LatLon> {
        self.positions.get(index as usize).copied()
    }

    fn hit(&self, origin: LatLon, index: u32) -> Hit {
        let position = self.positions[index as usize];
        Hit {
            index,
            distance_m: distance_m(origin, position),
            bearing_deg: bearing_deg(origin, position),
        }
    }

    /// The `k` nearest points that pass `keep`, nearest first (ties by index).
    /// `max_distance_m` limits the search radius when given.
    ///
    /// # Units
    /// `max_distance_m` and the hits' distances are metres.
    pub fn nearest(
        &self,
        origin: LatLon,
        k: usize,
        max_distance_m: Option<f64>,
        mut keep: impl FnMut(u32) -> bool,
    ) -> Vec<Hit> {
        if k == 0 || !origin.is_valid() {
            return Vec::new();
        }
        let query = unit_xyz(origin);
        let limit = max_distance_m.map(chord_squared);
        let mut hits: Vec<Hit> = Vec::with_capacity(k);
        let mut last_chord = f64::NEG_INFINITY;
        for (point, chord2) in self.tree.nearest_neighbor_iter_with_distance_2(&query) {
            if limit.is_some_and(|limit| chord2 > limit) {
                break;
            }
            // Keep collecting equal-distance neighbours so ties resolve by index, deterministically.
            if hits.len() >= k && chord2 > last_chord {
                break;
            }
            if keep(point.data) {
                hits.push(self.hit(origin, point.data));
                last_chord = chord2;
            }
        }
        sort_hits(&mut hits);
        hits.truncate(k);
        if let Some(max) = max_distance_m {
            hits.retain(|hit| hit.distance_m <= max);
        }
        hits
    }

    /// Every point within `radius_m` that passes `keep`, nearest first.
    ///
    /// # Units
    /// `radius_m` and the hits' distances are metres.
    pub fn within(
        &self,
        origin: LatLon,
        radius_m: f64,
        mut keep: impl FnMut(u32) -> bool,
    ) -> Vec<Hit> {
        if !origin.is_valid() || !radius_m.is_finite() || radius_m < 0.0 {
            return Vec::new();
        }
        let mut hits: Vec<Hit> = self
            .tree
            .locate_within_distance(unit_xyz(origin), chord_squared(radius_m))
            .filter(|point| keep(point.data))
            .map(|point| self.hit(origin, point.data))
            .filter(|hit| hit.distance_m <= radius_m)
            .collect();
        sort_hits(&mut hits);
        hits
    }

    /// Indices of the points inside a lat/lon box (for the map).
    pub fn in_box(&self, south_west: LatLon, north_east: LatLon) -> Vec<u32> {
        let mut found: Vec<u32> = self
            .positions
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.is_valid()
                    && p.lat >= south_west.lat
                    && p.lat <= north_east.lat
                    && p.lon >= south_west.lon
                    && p.lon <= north_east.lon
            })
            .map(|(index, _)| index as u32)
            .collect();
        found.sort_unstable();
        found
    }
}

/// Sorts nearest first; equal distances by index, so results are deterministic.
fn sort_hits(hits: &mut [Hit]) {
    hits.sort_by(|a, b| {
        a.distance_m
            .total_cmp(&b.distance_m)
            .then(a.index.cmp(&b.index))
    });
}

/// The brute-force reference: every point, sorted by haversine distance. Used by tests and benches.
pub fn brute_force_nearest(
    positions: &[LatLon],
    origin: LatLon,
    k: usize,
    mut keep: impl FnMut(u32) -> bool,
) -> Vec<Hit> {
    let mut hits: Vec<Hit> = positions
        .iter()
        .enumerate()
        .filter(|(index, position)| position.is_valid() && keep(*index as u32))
        .map(|(index, position)| Hit {
            index: index as u32,
            distance_m: distance_m(origin, *position),
            bearing_deg: bearing_deg(origin, *position),
        })
        .collect();
    sort_hits(&mut hits);
    hits.truncate(k);
    hits
}

/// Answers "which country is this point in" from country polygons.
pub struct CountryLocator {
    countries: Vec<(CountryCode, MultiPolygon<f64>, Rect<f64>)>,
    coverage: Option<Rect<f64>>,
    boxes: RTree<GeomWithData<rstar::primitives::Rectangle<[f64; 2]>, usize>>,
}

impl CountryLocator {
    /// Builds the locator from (country, polygons) pairs.
    pub fn new(countries: Vec<(CountryCode, MultiPolygon<f64>)>) -> Self {
        let countries: Vec<_> = countries
            .into_iter()
            .filter_map(|(code, shape)| shape.bounding_rect().map(|rect| (code, shape, rect)))
            .collect();
        let boxes = countries
            .iter()
            .enumerate()
            .map(|(index, (_, _, rect))| {
                GeomWithData::new(
                    rstar::primitives::Rectangle::from_corners(
                        [rect.min().x, rect.min().y],
                        [rect.max().x, rect.max().y],
                    ),
                    index,
                )
            })
            .collect();
        let coverage = countries.iter().map(|(_, _, rect)| *rect).reduce(|a, b| {
            Rect::new(
                (a.min().x.min(b.min().x), a.min().y.min(b.min().y)),
                (a.max().x.max(b.max().x), a.max().y.max(b.max().y)),
            )
        });
        Self {
            countries,
            coverage,
            boxes: RTree::bulk_load(boxes),
        }
    }

    /// True when `position` lies inside the area the border data covers (borders may be clipped to it).
    pub fn covers(&self, position: LatLon) -> bool {
        self.coverage.is_some_and(|rect| {
            position.lon >= rect.min().x
                && position.lon <= rect.max().x
                && position.lat >= rect.min().y
                && position.lat <= rect.max().y
        })
    }

    /// The country whose polygon contains `position`, if any.
    pub fn country_at(&self, position: LatLon) -> Option<CountryCode> {
        if !position.is_valid() {
            return None;
        }
        let point = to_point(position);
        self.boxes
            .locate_all_at_point(&[position.lon, position.lat])
            .map(|entry| &self.countries[entry.data])
            .find(|(_, shape, _)| shape.contains(&point))
            .map(|(code, _, _)| *code)
    }

    /// Distance from `position` to the border of `country` (0 when inside).
    /// `None` when the country is unknown to the locator.
    ///
    /// # Units
    /// Metres (great-circle distance to the nearest polygon point).
    pub fn distance_to_country_m(&self, position: LatLon, country: CountryCode) -> Option<f64> {
        let point = to_point(position);
        let (_, shape, _) = self
            .countries
            .iter()
            .find(|(code, _, _)| *code == country)?;
        if shape.contains(&point) {
            return Some(0.0);
        }
        match shape.closest_point(&point) {
            Closest::Intersection(_) => Some(0.0),
            Closest::SinglePoint(nearest) => Some(Haversine.distance(point, nearest)),
            Closest::Indeterminate => None,
        }
    }

    /// The countries known to the locator.
    pub fn countries(&self) -> impl Iterator<Item = CountryCode> + '_ {
        self.countries.iter().map(|(code, _, _)| *code)
    }

    /// Bounding box of a country: (south-west, north-east).
    pub fn bounds(&self, country: CountryCode) -> Option<(LatLon, LatLon)> {
        self.countries
            .iter()
            .find(|(code, _, _)| *code == country)
            .map(|(_, _, rect)| {
                (
                    LatLon::new(rect.min().y, rect.min().x),
                    LatLon::new(rect.max().y, rect.max().x),
                )
            })
    }
}

/// A lat/lon box as an rstar envelope (lon, lat), for callers that keep their own trees.
pub fn envelope(south_west: LatLon, north_east: LatLon) -> AABB<[f64; 2]> {
    AABB::from_corners(
        [south_west.lon, south_west.lat],
        [north_east.lon, north_east.lat],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, MultiPolygon};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn random_points(seed: u64, count: usize) -> Vec<LatLon> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        (0..count)
            .map(|_| LatLon::new(rng.gen_range(4.0..33.5), rng.gen_range(-118.5..-74.0)))
            .collect()
    }

    #[test]
    fn nearest_equals_brute_force_on_seeded_points() {
        let points = random_points(7, 3000);
        let index = PlaceIndex::new(points.clone());
        let queries = random_points(8, 200);
        for (n, origin) in queries.into_iter().enumerate() {
            let keep = |i: u32| n % 3 != 0 || i % 4 == 0; // a filter on a third of the queries
            let fast = index.nearest(origin, 10, None, keep);
            let slow = brute_force_nearest(&points, origin, 10, keep);
            let fast_ids: Vec<u32> = fast.iter().map(|hit| hit.index).collect();
            let slow_ids: Vec<u32> = slow.iter().map(|hit| hit.index).collect();
            assert_eq!(fast_ids, slow_ids, "query {n} at {origin:?}");
        }
    }

    #[test]
    fn radius_search_returns_exactly_the_points_inside() {
        let points = random_points(11, 2000);
        let index = PlaceIndex::new(points.clone());
        let origin = LatLon::new(14.9, -92.26);
        let radius = 300_000.0;
        let found: Vec<u32> = index
            .within(origin, radius, |_| true)
            .iter()
            .map(|h| h.index)
            .collect();
        let expected: Vec<u32> = brute_force_nearest(&points, origin, usize::MAX, |_| true)
            .into_iter()
            .filter(|hit| hit.distance_m <= radius)
            .map(|hit| hit.index)
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(found, expected);
        let limited = index.nearest(origin, 1000, Some(radius), |_| true);
        assert_eq!(limited.len(), expected.len());
    }

    #[test]
    fn distance_and_bearing_match_known_values() {
        // One degree of longitude on the equator is 111.195 km on the GRS80 mean sphere.
        let origin = LatLon::new(0.0, 0.0);
        let east = LatLon::new(0.0, 1.0);
        let metres = distance_m(origin, east);
        assert!((metres - 111_195.08).abs() < 1.0, "{metres}");
        assert!((bearing_deg(origin, east) - 90.0).abs() < 1e-9);
        let south_west = LatLon::new(-1.0, -1.0);
        let bearing = bearing_deg(origin, south_west);
        assert!((224.0..226.0).contains(&bearing), "{bearing}");
        assert_eq!(compass_point(bearing), "sw");
        assert_eq!(compass_point(359.0), "n");
        assert_eq!(bearing_deg(origin, origin), 0.0);
    }

    #[test]
    fn poles_antimeridian_and_bad_input_do_not_crash() {
        let points = vec![
            LatLon::new(90.0, 0.0),
            LatLon::new(-90.0, 180.0),
            LatLon::new(0.0, -180.0),
            LatLon::new(f64::NAN, 0.0),
        ];
        let index = PlaceIndex::new(points);
        assert_eq!(index.len(), 3);
        assert_eq!(
            index.nearest(LatLon::new(0.0, 179.9), 1, None, |_| true)[0].index,
            2
        );
        assert!(index
            .nearest(LatLon::new(f64::NAN, 1.0), 3, None, |_| true)
            .is_empty());
        assert_eq!(
            index.nearest(LatLon::new(89.0, 10.0), 1, None, |_| true)[0].index,
            0
        );
    }

    #[test]
    fn country_locator_finds_the_containing_polygon() {
        let square = |x: f64, y: f64| {
            MultiPolygon(vec![
                polygon![(x: x, y: y), (x: x + 1.0, y: y), (x: x + 1.0, y: y + 1.0), (x: x, y: y + 1.0)],
            ])
        };
        let locator = CountryLocator::new(vec![
            (CountryCode::parse("AA").unwrap(), square(0.0, 0.0)),
            (CountryCode::parse("BB").unwrap(), square(1.0, 0.0)),
        ]);
        assert_eq!(
            locator.country_at(LatLon::new(0.5, 1.5)).unwrap().as_str(),
            "BB"
        );
        assert_eq!(locator.country_at(LatLon::new(5.0, 5.0)), None);
        let away = locator
            .distance_to_country_m(LatLon::new(0.5, 2.1), CountryCode::parse("AA").unwrap())
            .unwrap();
        assert!((120_000.0..124_000.0).contains(&away), "{away}");
    }
}

/// Turns a GeoJSON geometry (Polygon or MultiPolygon), as the bundle stores a border, into a `geo` shape for
/// [`CountryLocator`] and the map. Any other geometry, or text that is not GeoJSON, gives `None`.
///
/// Two-dimensional positions (as the bundle's borders are) are read straight into coordinates, with no
/// JSON value per number; anything else goes through the `geojson` crate.
pub fn geometry_to_multipolygon(geometry: &str) -> Option<MultiPolygon<f64>> {
    #[derive(serde::Deserialize)]
    struct Kind<'a> {
        #[serde(rename = "type", borrow)]
        kind: std::borrow::Cow<'a, str>,
    }
    #[derive(serde::Deserialize)]
    struct Coordinates<T> {
        coordinates: T,
    }
    type Rings = Vec<Vec<[f64; 2]>>;
    fn polygon(rings: Rings) -> Option<geo::Polygon<f64>> {
        let mut rings = rings.into_iter().map(|ring| {
            geo::LineString::from(
                ring.into_iter()
                    .map(|[x, y]| geo::coord! { x: x, y: y })
                    .collect::<Vec<_>>(),
            )
        });
        let exterior = rings.next()?;
        Some(geo::Polygon::new(exterior, rings.collect()))
    }
    let fast = match serde_json::from_str::<Kind>(geometry).ok()?.kind.as_ref() {
        "Polygon" => serde_json::from_str::<Coordinates<Rings>>(geometry)
            .ok()
            .and_then(|c| polygon(c.coordinates))
            .map(|p| MultiPolygon(vec![p])),
        "MultiPolygon" => serde_json::from_str::<Coordinates<Vec<Rings>>>(geometry)
            .ok()
            .and_then(|c| {
                c.coordinates
                    .into_iter()
                    .map(polygon)
                    .collect::<Option<Vec<_>>>()
            })
            .map(MultiPolygon),
        _ => return None,
    };
    fast.or_else(|| {
        let geometry: geojson::Geometry = geometry.parse().ok()?;
        let shape: geo::Geometry<f64> = geometry.try_into().ok()?;
        match shape {
            geo::Geometry::Polygon(polygon) => Some(MultiPolygon(vec![polygon])),
            geo::Geometry::MultiPolygon(multi) => Some(multi),
            _ => None,
        }
    })
}

#[cfg(test)]
mod geometry_tests {
    use super::*;

    #[test]
    fn borders_parse_as_polygons_and_nothing_else_does() {
        let square = r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}"#;
        let two = r#"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,5]]]]}"#;
        let shape = geometry_to_multipolygon(square).expect("a polygon");
        assert_eq!(shape.0.len(), 1);
        assert!(shape.contains(&Point::new(0.5, 0.5)));
        assert!(!shape.contains(&Point::new(1.5, 0.5)));
        assert_eq!(geometry_to_multipolygon(two).map(|m| m.0.len()), Some(2));
        assert_eq!(
            geometry_to_multipolygon(r#"{"type":"Point","coordinates":[0,0]}"#),
            None
        );
        assert_eq!(geometry_to_multipolygon("not geojson"), None);
        // Three-dimensional positions take the geojson crate's path, with the same shape.
        let high =
            r#"{"type":"Polygon","coordinates":[[[0,0,9],[1,0,9],[1,1,9],[0,1,9],[0,0,9]]]}"#;
        assert_eq!(
            geometry_to_multipolygon(high).map(|m| m.contains(&Point::new(0.5, 0.5))),
            Some(true)
        );
        let parsed = geometry_to_multipolygon(two).expect("two");
        let by_crate: geo::Geometry<f64> = two
            .parse::<geojson::Geometry>()
            .expect("geojson")
            .try_into()
            .expect("geo");
        assert_eq!(geo::Geometry::MultiPolygon(parsed), by_crate);
    }
}
