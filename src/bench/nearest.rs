//! k-nearest places, four ways, on the same points and the same queries: Paso's R-tree
//! ([`crate::spatial::PlaceIndex`]), a brute-force haversine scan ([`crate::spatial::brute_force_nearest`]),
//! SQLite's R*Tree module used the way a developer would (a bounding box that widens until it holds `k`
//! places inside its inscribed circle, then an exact sort), and `kiddo` (a k-d tree on unit-sphere xyz).
//!
//! Every method returns the `k` places with the smallest (great-circle distance, index), so their answers
//! must be identical; [`check_same`] says where they are not.

use super::BenchError;
use crate::model::{Category, LatLon};
use crate::spatial::packed::{self, PackedError, PackedPlace, PackedTrees};
use crate::spatial::{brute_force_nearest, distance_m, PlaceIndex};
use kiddo::{ImmutableKdTree, SquaredEuclidean};
use rusqlite::{params, Connection};
use std::num::NonZeroUsize;

/// Mean Earth radius in metres, as [`crate::spatial`] uses.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// The first box SQLite is asked for has this half-size; it doubles until it holds the answer.
pub const RTREE_START_RADIUS_M: f64 = 1_000.0;

/// The points to search: positions and categories, index `i` is point `i`.
#[derive(Debug, Clone)]
pub struct PointSet {
    /// What the points are, e.g. `real default bundle` or `synthetic 1M`.
    pub label: String,
    /// True for generated points.
    pub synthetic: bool,
    /// Positions (all valid).
    pub positions: Vec<LatLon>,
    /// Categories.
    pub categories: Vec<Category>,
}

impl PointSet {
    /// Number of points.
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }
}

/// One answer: the point's index and its great-circle distance in metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbour {
    /// Index in the [`PointSet`].
    pub id: u32,
    /// Great-circle metres from the query point.
    pub distance_m: f64,
}

/// The methods compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// Paso's R-tree on unit-sphere xyz.
    Paso,
    /// What the app runs: the bundle's k-d trees of places (one per category), read in place
    /// ([`crate::spatial::packed`], as [`crate::store::ContentStore::nearest`] queries them).
    PasoBundle,
    /// Haversine distance to every point, then a sort.
    BruteForce,
    /// SQLite R*Tree on lon/lat boxes, widened until `k` hits, then an exact sort.
    SqliteRtree,
    /// kiddo's immutable k-d tree on unit-sphere xyz (one tree per category for filtered queries).
    Kiddo,
}

impl Method {
    /// All of them, Paso first.
    pub const ALL: [Method; 5] = [
        Method::Paso,
        Method::PasoBundle,
        Method::BruteForce,
        Method::SqliteRtree,
        Method::Kiddo,
    ];

    /// A short name for tables.
    pub fn name(&self) -> &'static str {
        match self {
            Method::Paso => "Paso rstar (in memory)",
            Method::PasoBundle => "Paso bundle trees (the app's near)",
            Method::BruteForce => "brute force",
            Method::SqliteRtree => "SQLite R*Tree",
            Method::Kiddo => "kiddo k-d tree",
        }
    }
}

fn unit_xyz(position: LatLon) -> [f64; 3] {
    let (lat, lon) = (position.lat.to_radians(), position.lon.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// Sorts by distance then index and keeps `k`: the order every method must agree on.
fn finish(mut found: Vec<Neighbour>, k: usize) -> Vec<Neighbour> {
    found.sort_by(|a, b| a.distance_m.total_cmp(&b.distance_m).then(a.id.cmp(&b.id)));
    found.truncate(k);
    found
}

/// The four indexes, built over one [`PointSet`].
pub struct Indexes<'a> {
    set: &'a PointSet,
    paso: PlaceIndex,
    boxes: BundleTrees,
    rtree: SqliteRtree,
    kiddo: KiddoTrees,
}

impl<'a> Indexes<'a> {
    /// Builds all indexes, returning them and the seconds each build took (Paso, SQLite, kiddo, Paso
    /// bundle trees).
    pub fn build(set: &'a PointSet) -> Result<(Self, [f64; 4]), BenchError> {
        let (paso, paso_s) = super::stats::timed(|| PlaceIndex::new(set.positions.clone()));
        let (boxes, boxes_s) = super::stats::timed(|| BundleTrees::build(set));
        let (rtree, rtree_s) = super::stats::timed(|| SqliteRtree::build(set));
        let (kiddo, kiddo_s) = super::stats::timed(|| KiddoTrees::build(set));
        Ok((
            Self {
                set,
                paso,
                boxes: boxes?,
                rtree: rtree?,
                kiddo: kiddo?,
            },
            [
                paso_s.as_secs_f64(),
                rtree_s.as_secs_f64(),
                kiddo_s.as_secs_f64(),
                boxes_s.as_secs_f64(),
            ],
        ))
    }

    /// The points.
    pub fn set(&self) -> &PointSet {
        self.set
    }

    /// The `k` nearest points to `origin` (of `category` only, when given), by `method`.
    pub fn nearest(
        &self,
        method: Method,
        origin: LatLon,
        k: usize,
        category: Option<Category>,
    ) -> Result<Vec<Neighbour>, BenchError> {
        let categories = &self.set.categories;
        let keep = |i: u32| category.is_none_or(|c| categories[i as usize] == c);
        Ok(match method {
            Method::Paso => self
                .paso
                .nearest(origin, k, None, keep)
                .into_iter()
                .map(|hit| Neighbour {
                    id: hit.index,
                    distance_m: hit.distance_m,
                })
                .collect(),
            Method::BruteForce => brute_force_nearest(&self.set.positions, origin, k, keep)
                .into_iter()
                .map(|hit| Neighbour {
                    id: hit.index,
                    distance_m: hit.distance_m,
                })
                .collect(),
            Method::PasoBundle => self.boxes.nearest(origin, k, category),
            Method::SqliteRtree => self.rtree.nearest(origin, k, category)?,
            Method::Kiddo => self.kiddo.nearest(&self.set.positions, origin, k, category),
        })
    }
}

/// The bundle's own trees of places ([`crate::spatial::packed`], as the builder writes them), over the
/// points, queried as [`crate::catalog::Catalog::near`] queries them.
pub struct BundleTrees {
    trees: PackedTrees,
}

impl BundleTrees {
    /// Builds the archive (point `i` is place number `i + 1`) and opens it from memory.
    pub fn build(set: &PointSet) -> Result<Self, BenchError> {
        let places: Vec<PackedPlace> = set
            .positions
            .iter()
            .zip(&set.categories)
            .map(|(position, category)| PackedPlace {
                position: *position,
                category: *category,
                closed: false,
                town_level: false,
                serves: Vec::new(),
            })
            .collect();
        let setup = |e: PackedError| BenchError::Setup(e.to_string());
        let bytes = packed::build(&places).map_err(setup)?;
        let trees = PackedTrees::new(Box::new(packed::aligned_copy(&bytes))).map_err(setup)?;
        Ok(Self { trees })
    }

    /// The `k` nearest, as [`crate::catalog::Catalog::near`] finds them with no filter on closed,
    /// approximate or serves (the category picks the tree): no facts read.
    pub fn nearest(&self, origin: LatLon, k: usize, category: Option<Category>) -> Vec<Neighbour> {
        let categories: Vec<Category> = category.into_iter().collect();
        Self::neighbours(self.trees.nearest(origin, k, None, &categories, None))
    }

    /// The `k` nearest through a fact filter that keeps every place: every candidate's facts are read,
    /// as every query did before the filter-free path (for `bench --profile-nearest`).
    pub fn nearest_reading_facts(&self, origin: LatLon, k: usize) -> Vec<Neighbour> {
        let keep_all = |_: packed::PlaceFacts| true;
        Self::neighbours(self.trees.nearest(origin, k, None, &[], Some(&keep_all)))
    }

    fn neighbours(hits: Vec<crate::spatial::Hit>) -> Vec<Neighbour> {
        hits.into_iter()
            .map(|hit| Neighbour {
                id: hit.index - 1,
                distance_m: hit.distance_m,
            })
            .collect()
    }
}

/// SQLite's R*Tree module with the point's exact position and category as auxiliary columns.
pub struct SqliteRtree {
    conn: Connection,
}

impl SqliteRtree {
    /// Loads every point into an in-memory R*Tree (one transaction).
    pub fn build(set: &PointSet) -> Result<Self, BenchError> {
        let mut conn = Connection::open_in_memory()?;
        conn.execute_batch(
            "CREATE VIRTUAL TABLE places_rtree USING rtree(
                 id, min_lon, max_lon, min_lat, max_lat, +lat REAL, +lon REAL, +category TEXT);",
        )?;
        let tx = conn.transaction()?;
        {
            let mut insert =
                tx.prepare("INSERT INTO places_rtree VALUES (?1, ?2, ?2, ?3, ?3, ?3, ?2, ?4)")?;
            for (i, (position, category)) in set.positions.iter().zip(&set.categories).enumerate() {
                insert.execute(params![
                    i as i64,
                    position.lon,
                    position.lat,
                    category.as_str()
                ])?;
            }
        }
        tx.commit()?;
        Ok(Self { conn })
    }

    /// Asks for the box around the circle of radius `r` (starting at [`RTREE_START_RADIUS_M`], doubling),
    /// until at least `k` places lie inside the circle; then sorts those exactly.
    pub fn nearest(
        &self,
        origin: LatLon,
        k: usize,
        category: Option<Category>,
    ) -> Result<Vec<Neighbour>, BenchError> {
        let sql_all = "SELECT id, lat, lon FROM places_rtree
                       WHERE max_lon >= ?1 AND min_lon <= ?2 AND max_lat >= ?3 AND min_lat <= ?4";
        let sql_category = "SELECT id, lat, lon FROM places_rtree
                       WHERE max_lon >= ?1 AND min_lon <= ?2 AND max_lat >= ?3 AND min_lat <= ?4
                         AND category = ?5";
        let mut statement = self.conn.prepare_cached(match category {
            Some(_) => sql_category,
            None => sql_all,
        })?;
        let mut radius = RTREE_START_RADIUS_M;
        let half_world = std::f64::consts::PI * EARTH_RADIUS_M;
        loop {
            let [west, south, east, north] = circle_box(origin, radius);
            let mut rows = match category {
                Some(c) => statement.query(params![west, east, south, north, c.as_str()])?,
                None => statement.query(params![west, east, south, north])?,
            };
            let mut inside = Vec::new();
            while let Some(row) = rows.next()? {
                let position = LatLon::new(row.get(1)?, row.get(2)?);
                let d = distance_m(origin, position);
                if d <= radius {
                    inside.push(Neighbour {
                        id: row.get::<_, i64>(0)? as u32,
                        distance_m: d,
                    });
                }
            }
            if inside.len() >= k || radius >= half_world {
                return Ok(finish(inside, k));
            }
            radius *= 2.0;
        }
    }
}

/// The lon/lat box (west, south, east, north) holding every point within `radius_m` of `origin`.
fn circle_box(origin: LatLon, radius_m: f64) -> [f64; 4] {
    let angle = radius_m / EARTH_RADIUS_M;
    // Slightly enlarged against rounding, so a point exactly on the circle is inside the box.
    let dlat = angle.to_degrees() * (1.0 + 1e-9);
    let south = (origin.lat - dlat).max(-90.0);
    let north = (origin.lat + dlat).min(90.0);
    let cos_lat = origin.lat.to_radians().cos();
    if origin.lat.abs() + dlat >= 90.0 || angle.sin() >= cos_lat {
        return [-180.0, south, 180.0, north];
    }
    // The widest longitude offset of a small circle.
    let dlon = (angle.sin() / cos_lat).asin().to_degrees() * (1.0 + 1e-9);
    let (west, east) = (origin.lon - dlon, origin.lon + dlon);
    if west < -180.0 || east > 180.0 {
        return [-180.0, south, 180.0, north];
    }
    [west, south, east, north]
}

/// kiddo k-d trees: one over every point, and one per category (kiddo has no query-time filter, so a
/// developer keeps a tree per filter value). Items are indexes into `ids`.
pub struct KiddoTrees {
    all: ImmutableKdTree<f64, 3>,
    per_category: Vec<(Category, ImmutableKdTree<f64, 3>, Vec<u32>)>,
}

impl KiddoTrees {
    /// Builds the trees.
    pub fn build(set: &PointSet) -> Result<Self, BenchError> {
        let xyz: Vec<[f64; 3]> = set.positions.iter().map(|p| unit_xyz(*p)).collect();
        let all = ImmutableKdTree::new_from_slice(&xyz)
            .map_err(|e| BenchError::Setup(format!("kiddo: {e:?}")))?;
        let mut per_category = Vec::new();
        for category in Category::ALL {
            let ids: Vec<u32> = (0..set.len() as u32)
                .filter(|i| set.categories[*i as usize] == *category)
                .collect();
            if ids.is_empty() {
                continue;
            }
            let points: Vec<[f64; 3]> = ids.iter().map(|i| xyz[*i as usize]).collect();
            let tree = ImmutableKdTree::new_from_slice(&points)
                .map_err(|e| BenchError::Setup(format!("kiddo: {e:?}")))?;
            per_category.push((*category, tree, ids));
        }
        Ok(Self { all, per_category })
    }

    /// The `k` nearest by chord length, re-sorted by great-circle distance. When the `k`-th and the next
    /// are (nearly) equally far, every point at that distance is fetched so ties resolve by index.
    pub fn nearest(
        &self,
        positions: &[LatLon],
        origin: LatLon,
        k: usize,
        category: Option<Category>,
    ) -> Vec<Neighbour> {
        let (tree, ids) = match category {
            None => (&self.all, None),
            Some(c) => match self.per_category.iter().find(|(pc, _, _)| *pc == c) {
                Some((_, tree, ids)) => (tree, Some(ids.as_slice())),
                None => return Vec::new(),
            },
        };
        let Some(want) = NonZeroUsize::new(k + 1) else {
            return Vec::new();
        };
        let query = unit_xyz(origin);
        let found = tree
            .query(&query)
            .nearest_n::<SquaredEuclidean<f64>>(want)
            .execute();
        let id = |item: u32| ids.map_or(item, |ids| ids[item as usize]);
        let candidates: Vec<u32> = if found.len() > k
            && found[k].distance <= found[k - 1].distance * (1.0 + 1e-9) + 1e-24
        {
            tree.query(&query)
                .within::<SquaredEuclidean<f64>>(found[k - 1].distance * (1.0 + 1e-9) + 1e-24)
                .unsorted()
                .execute()
                .into_iter()
                .map(|r| id(r.item))
                .collect()
        } else {
            found.iter().take(k).map(|r| id(r.item)).collect()
        };
        finish(
            candidates
                .into_iter()
                .map(|id| Neighbour {
                    id,
                    distance_m: distance_m(origin, positions[id as usize]),
                })
                .collect(),
            k,
        )
    }
}

/// Compares two answers to the same query; `Err` describes the first difference.
pub fn check_same(expected: &[Neighbour], got: &[Neighbour]) -> Result<(), String> {
    let a: Vec<u32> = expected.iter().map(|n| n.id).collect();
    let b: Vec<u32> = got.iter().map(|n| n.id).collect();
    if a == b {
        return Ok(());
    }
    Err(format!(
        "ids {a:?} (distances {:?}) vs {b:?} (distances {:?})",
        expected
            .iter()
            .map(|n| (n.distance_m * 1000.0).round() / 1000.0)
            .collect::<Vec<_>>(),
        got.iter()
            .map(|n| (n.distance_m * 1000.0).round() / 1000.0)
            .collect::<Vec<_>>()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    fn points(seed: u64, count: usize) -> PointSet {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut positions: Vec<LatLon> = (0..count)
            .map(|_| LatLon::new(rng.gen_range(4.0..33.5), rng.gen_range(-118.5..-74.0)))
            .collect();
        // Exact duplicates, as town-centre places have, to exercise tie-breaking.
        for i in 0..count / 10 {
            positions[i * 10 + 1] = positions[i * 10];
        }
        let categories = (0..count)
            .map(|i| Category::ALL[i % 3 * 2 % Category::ALL.len()])
            .collect();
        PointSet {
            label: "test".into(),
            synthetic: true,
            positions,
            categories,
        }
    }

    #[test]
    fn all_four_methods_agree_with_and_without_a_filter() {
        let set = points(3, 4000);
        let (indexes, _) = Indexes::build(&set).unwrap();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(4);
        for n in 0..150 {
            let origin = if n % 5 == 0 {
                set.positions[rng.gen_range(0..set.len())]
            } else {
                LatLon::new(rng.gen_range(0.0..40.0), rng.gen_range(-125.0..-70.0))
            };
            for category in [None, Some(Category::Shelter)] {
                let expected = indexes
                    .nearest(Method::BruteForce, origin, 10, category)
                    .unwrap();
                assert_eq!(expected.len(), 10);
                for method in [Method::Paso, Method::SqliteRtree, Method::Kiddo] {
                    let got = indexes.nearest(method, origin, 10, category).unwrap();
                    check_same(&expected, &got)
                        .unwrap_or_else(|why| panic!("{method:?} at {origin:?}: {why}"));
                }
            }
        }
    }

    #[test]
    fn a_different_answer_is_reported() {
        let a = [
            Neighbour {
                id: 1,
                distance_m: 5.0,
            },
            Neighbour {
                id: 2,
                distance_m: 7.0,
            },
        ];
        let swapped = [a[1], a[0]];
        assert!(check_same(&a, &a).is_ok());
        let why = check_same(&a, &swapped).unwrap_err();
        assert!(why.contains("[1, 2]") && why.contains("[2, 1]"), "{why}");
        assert!(check_same(&a, &a[..1]).is_err());
    }

    #[test]
    fn the_box_holds_the_circle() {
        let origin = LatLon::new(30.0, -100.0);
        let [west, south, east, north] = circle_box(origin, 100_000.0);
        for bearing in 0..360 {
            // Points on the circle, by stepping along the bearing.
            let b = (bearing as f64).to_radians();
            let angle = 100_000.0 / EARTH_RADIUS_M;
            let (lat1, lon1) = (origin.lat.to_radians(), origin.lon.to_radians());
            let lat2 = (lat1.sin() * angle.cos() + lat1.cos() * angle.sin() * b.cos()).asin();
            let lon2 = lon1
                + (b.sin() * angle.sin() * lat1.cos()).atan2(angle.cos() - lat1.sin() * lat2.sin());
            let (lat2, lon2) = (lat2.to_degrees(), lon2.to_degrees());
            assert!(lat2 >= south && lat2 <= north, "{bearing}");
            assert!(lon2 >= west && lon2 <= east, "{bearing}");
        }
        assert_eq!(circle_box(LatLon::new(89.5, 0.0), 100_000.0)[0], -180.0);
    }
}
