//! The trees of places a bundle carries: k-d trees on unit-sphere xyz (kiddo), one over every mappable
//! place and one per category, with each place's exact position and filter facts, written once by the
//! builder as an rkyv archive and queried in place from its bytes (memory-mapped on disk), so the first
//! nearest answer reads a few pages whatever the bundle's size. Pure: bytes in, answers out, no I/O.
//!
//! # Numbers
//! Places are numbered `1..=n` in id order (the bundle's `place_boxes.n`); every answer names a number.
//!
//! # Exactness
//! The trees rank by chord length, which orders points as great-circle distance does; answers are
//! re-ranked by [`super::distance_m`] with ties by number, and every point within a hair of the `k`-th
//! chord is fetched first, so they equal a brute-force sort exactly (see the tests).

use super::{bearing_deg, distance_m, sort_hits, Hit, EARTH_RADIUS_M};
use crate::model::{Category, LatLon, TargetGroup};
use kiddo::{ImmutableKdTree, SquaredEuclidean};
use rkyv::rancor::Error as RkyvError;
use std::num::NonZeroUsize;

type Tree = ImmutableKdTree<f64, 3>;
type ArchivedTree = <Tree as rkyv::Archive>::Archived;

/// What the builder knows of one mappable place, in number order.
#[derive(Debug, Clone, PartialEq)]
pub struct PackedPlace {
    /// Exact position.
    pub position: LatLon,
    /// Category.
    pub category: Category,
    /// Closed or temporarily closed.
    pub closed: bool,
    /// Placed at its town's centre.
    pub town_level: bool,
    /// Who it says it serves.
    pub serves: Vec<TargetGroup>,
}

/// The facts a near query filters on, for one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlaceFacts {
    /// Its number (`1..=n`).
    pub number: u32,
    /// Closed or temporarily closed.
    pub closed: bool,
    /// Placed at its town's centre.
    pub town_level: bool,
    serves: u8,
}

impl PlaceFacts {
    /// True when the place says it serves `group`.
    pub fn serves(&self, group: TargetGroup) -> bool {
        self.serves & group_bit(group) != 0
    }
}

fn group_bit(group: TargetGroup) -> u8 {
    let position = TargetGroup::ALL
        .iter()
        .position(|g| *g == group)
        .expect("every group is in ALL");
    1 << position
}

const CLOSED: u8 = 1;
const TOWN_LEVEL: u8 = 2;

#[derive(rkyv::Archive, rkyv::Serialize)]
struct CategoryTree {
    /// Index in [`Category::ALL`].
    category: u8,
    tree: Tree,
    /// `numbers[item]` is the place number of the tree's item.
    numbers: Vec<u32>,
}

#[derive(rkyv::Archive, rkyv::Serialize)]
struct PlaceTrees {
    /// Over every place; item `i` is number `i + 1`. None when there are no places.
    every: Option<Tree>,
    by_category: Vec<CategoryTree>,
    lat: Vec<f64>,
    lon: Vec<f64>,
    flags: Vec<u8>,
    serves: Vec<u8>,
}

/// Why archived trees cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PackedError {
    /// The bytes are not a valid archive of trees.
    #[error("the bundle's trees of places are damaged: {0}")]
    Damaged(String),
    /// A tree could not be built.
    #[error("the trees of places could not be built: {0}")]
    Build(String),
}

fn unit_xyz(position: LatLon) -> [f64; 3] {
    let (lat, lon) = (position.lat.to_radians(), position.lon.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// The squared chord of a great-circle distance (the trees' metric), a hair larger for rounding.
fn squared_chord_at_least(distance_m: f64) -> f64 {
    let half_angle = (distance_m / EARTH_RADIUS_M / 2.0).min(std::f64::consts::FRAC_PI_2);
    let chord = 2.0 * half_angle.sin();
    chord * chord * (1.0 + 1e-9) + 1e-24
}

/// Builds the archive of trees over `places` (number `i + 1` is `places[i]`). The same places give the
/// same bytes.
pub fn build(places: &[PackedPlace]) -> Result<Vec<u8>, PackedError> {
    let tree = |points: &[[f64; 3]]| {
        Tree::new_from_slice(points).map_err(|e| PackedError::Build(format!("{e:?}")))
    };
    let xyz: Vec<[f64; 3]> = places.iter().map(|p| unit_xyz(p.position)).collect();
    let every = if xyz.is_empty() {
        None
    } else {
        Some(tree(&xyz)?)
    };
    let mut by_category = Vec::new();
    for (number, category) in Category::ALL.iter().enumerate() {
        let numbers: Vec<u32> = (0..places.len())
            .filter(|i| places[*i].category == *category)
            .map(|i| i as u32 + 1)
            .collect();
        if numbers.is_empty() {
            continue;
        }
        let points: Vec<[f64; 3]> = numbers.iter().map(|n| xyz[*n as usize - 1]).collect();
        by_category.push(CategoryTree {
            category: number as u8,
            tree: tree(&points)?,
            numbers,
        });
    }
    let trees = PlaceTrees {
        every,
        by_category,
        lat: places.iter().map(|p| p.position.lat).collect(),
        lon: places.iter().map(|p| p.position.lon).collect(),
        flags: places
            .iter()
            .map(|p| {
                (if p.closed { CLOSED } else { 0 }) | (if p.town_level { TOWN_LEVEL } else { 0 })
            })
            .collect(),
        serves: places
            .iter()
            .map(|p| p.serves.iter().fold(0, |mask, g| mask | group_bit(*g)))
            .collect(),
    };
    rkyv::to_bytes::<RkyvError>(&trees)
        .map(|bytes| bytes.to_vec())
        .map_err(|e| PackedError::Build(e.to_string()))
}

/// The alignment the archive's start needs: kiddo keeps its leaves in 128-byte aligned (cache line) blocks.
/// A memory map is page-aligned; a copy is made with this alignment.
pub const ARCHIVE_ALIGNMENT: usize = 128;

/// Bytes that stay put while the trees are read: a memory map, or an aligned copy.
pub trait TreeBytes: Send + Sync {
    /// The archive.
    fn bytes(&self) -> &[u8];
}

impl TreeBytes for rkyv::util::AlignedVec<ARCHIVE_ALIGNMENT> {
    fn bytes(&self) -> &[u8] {
        self
    }
}

/// Copies `bytes` to memory aligned as the archive needs (for trees read from a database blob).
pub fn aligned_copy(bytes: &[u8]) -> rkyv::util::AlignedVec<ARCHIVE_ALIGNMENT> {
    let mut aligned = rkyv::util::AlignedVec::<ARCHIVE_ALIGNMENT>::with_capacity(bytes.len());
    aligned.extend_from_slice(bytes);
    aligned
}

/// Archived trees, checked once and then read in place.
pub struct PackedTrees {
    bytes: Box<dyn TreeBytes>,
}

impl std::fmt::Debug for PackedTrees {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PackedTrees")
            .field("bytes", &self.bytes.bytes().len())
            .field("places", &self.len())
            .finish()
    }
}

impl PackedTrees {
    /// Checks the archive's structure (bounds, alignment, lengths; not every coordinate) and keeps it.
    pub fn new(bytes: Box<dyn TreeBytes>) -> Result<Self, PackedError> {
        let archived = rkyv::access::<ArchivedPlaceTrees, RkyvError>(bytes.bytes())
            .map_err(|e| PackedError::Damaged(e.to_string()))?;
        let n = archived.lat.len();
        let sizes_agree = archived.lon.len() == n
            && archived.flags.len() == n
            && archived.serves.len() == n
            && archived.every.as_ref().map_or(0, |t| t.size()) == n
            && archived
                .by_category
                .iter()
                .all(|c| c.tree.size() == c.numbers.len());
        if !sizes_agree {
            return Err(PackedError::Damaged("its parts disagree on sizes".into()));
        }
        Ok(Self { bytes })
    }

    fn archived(&self) -> &ArchivedPlaceTrees {
        // SAFETY: `new` checked these very bytes with `rkyv::access`, and `TreeBytes` never changes them.
        unsafe { rkyv::access_unchecked::<ArchivedPlaceTrees>(self.bytes.bytes()) }
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.archived().lat.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The position of place `number`.
    pub fn position(&self, number: u32) -> Option<LatLon> {
        let archived = self.archived();
        let i = (number as usize).checked_sub(1)?;
        Some(LatLon::new(
            archived.lat.get(i)?.to_native(),
            archived.lon.get(i)?.to_native(),
        ))
    }

    fn facts(&self, number: u32) -> Option<PlaceFacts> {
        let archived = self.archived();
        let i = (number as usize).checked_sub(1)?;
        let flags = *archived.flags.get(i)?;
        Some(PlaceFacts {
            number,
            closed: flags & CLOSED != 0,
            town_level: flags & TOWN_LEVEL != 0,
            serves: *archived.serves.get(i)?,
        })
    }

    /// The `k` nearest places to `origin` in `categories` (every category when empty) that `keep`
    /// accepts (every place when `None`), within `max_distance_m` when given: nearest first, ties by
    /// number, equal to a brute-force sort of the kept places by [`distance_m`].
    ///
    /// With no `keep`, a candidate's facts are not read at all: each would be a random access into the
    /// flags and the serves arrays (one byte per place), paid for every candidate the tree returns.
    pub fn nearest(
        &self,
        origin: LatLon,
        k: usize,
        max_distance_m: Option<f64>,
        categories: &[Category],
        keep: Option<&dyn Fn(PlaceFacts) -> bool>,
    ) -> Vec<Hit> {
        if k == 0 || !origin.is_valid() {
            return Vec::new();
        }
        let archived = self.archived();
        let mut trees: Vec<(&ArchivedTree, Option<&[rkyv::rend::u32_le]>)> = Vec::new();
        if categories.is_empty() {
            trees.extend(archived.every.as_ref().map(|t| (t, None)));
        } else {
            for category in categories {
                let wanted = Category::ALL.iter().position(|c| c == category);
                trees.extend(
                    archived
                        .by_category
                        .iter()
                        .filter(|c| Some(c.category as usize) == wanted)
                        .map(|c| (&c.tree, Some(c.numbers.as_slice()))),
                );
            }
        }
        let limit = max_distance_m.map(squared_chord_at_least);
        let mut hits: Vec<Hit> = Vec::new();
        for (tree, numbers) in trees {
            let found = self.nearest_in(tree, numbers, origin, k, limit, keep);
            // One tree (no category, or one): its vector as it is, not copied.
            if hits.is_empty() {
                hits = found;
            } else {
                hits.extend(found);
            }
        }
        hits.retain(|h| max_distance_m.is_none_or(|m| h.distance_m <= m));
        sort_hits(&mut hits);
        hits.truncate(k);
        for hit in &mut hits {
            if let Some(position) = self.position(hit.index) {
                hit.bearing_deg = bearing_deg(origin, position);
            }
        }
        hits
    }

    /// The `k` nearest kept places of one tree (bearings left at 0). `numbers[item]` is the number of the
    /// tree's item (item `i` is number `i + 1` when `None`).
    fn nearest_in(
        &self,
        tree: &ArchivedTree,
        numbers: Option<&[rkyv::rend::u32_le]>,
        origin: LatLon,
        k: usize,
        limit: Option<f64>,
        keep: Option<&dyn Fn(PlaceFacts) -> bool>,
    ) -> Vec<Hit> {
        let size = tree.size();
        let query = unit_xyz(origin);
        let number = |item: u32| match numbers {
            None => Some(item + 1),
            Some(numbers) => numbers.get(item as usize).map(|n| n.to_native()),
        };
        let kept = |item: u32| {
            let n = number(item)?;
            match keep {
                None => Some(n),
                Some(keep) => self.facts(n).filter(|facts| keep(*facts)).map(|_| n),
            }
        };
        let hit = |n: u32| {
            self.position(n).map(|position| Hit {
                index: n,
                distance_m: distance_m(origin, position),
                bearing_deg: 0.0,
            })
        };
        // One more than wanted, so a tie at the k-th chord is seen.
        let mut want = k + 1;
        loop {
            let Some(asked) = NonZeroUsize::new(want.min(size)) else {
                return Vec::new();
            };
            let found = tree
                .query(&query)
                .nearest_n::<SquaredEuclidean<f64>>(asked)
                .execute();
            let exhausted = found.len() >= size;
            let last = found.last().map_or(0.0, |f| f.distance);
            // Vectors sized before they are filled: a filtered iterator collects by doubling from 4, and
            // those reallocations were a sixth of a query's instructions at 1M (BENCHMARKS.md).
            let mut passing: Vec<(f64, u32)> = Vec::with_capacity(found.len());
            passing.extend(
                found
                    .iter()
                    .filter(|f| limit.is_none_or(|l| f.distance <= l))
                    .filter_map(|f| kept(f.item).map(|n| (f.distance, n))),
            );
            if passing.len() >= k {
                // Every point whose chord is within a hair of the k-th kept one: a superset of the answer.
                let bound = passing[k - 1].0 * (1.0 + 1e-9) + 1e-24;
                let mut hits: Vec<Hit>;
                if exhausted || last > bound {
                    hits = Vec::with_capacity(passing.len());
                    hits.extend(
                        passing
                            .iter()
                            .filter(|(d, _)| *d <= bound)
                            .filter_map(|(_, n)| hit(*n)),
                    );
                } else {
                    let within = tree
                        .query(&query)
                        .within::<SquaredEuclidean<f64>>(bound)
                        .unsorted()
                        .execute();
                    hits = Vec::with_capacity(within.len());
                    hits.extend(
                        within
                            .into_iter()
                            .filter_map(|f| kept(f.item))
                            .filter_map(hit),
                    );
                }
                sort_hits(&mut hits);
                hits.truncate(k);
                return hits;
            }
            if exhausted || limit.is_some_and(|l| last > l) {
                let mut hits = Vec::with_capacity(passing.len());
                hits.extend(passing.into_iter().filter_map(|(_, n)| hit(n)));
                return hits;
            }
            want = want.saturating_mul(4);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spatial::brute_force_nearest;
    use rand::{Rng, SeedableRng};

    fn places(seed: u64, count: usize) -> Vec<PackedPlace> {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let towns: Vec<LatLon> = (0..20)
            .map(|_| LatLon::new(rng.gen_range(4.0..33.0), rng.gen_range(-118.0..-74.0)))
            .collect();
        (0..count)
            .map(|i| {
                // A third sit exactly on a town centre (ties), as town-level rows do.
                let position = if i % 3 == 0 {
                    towns[rng.gen_range(0..towns.len())]
                } else {
                    LatLon::new(rng.gen_range(4.0..33.0), rng.gen_range(-118.0..-74.0))
                };
                PackedPlace {
                    position,
                    category: Category::ALL[rng.gen_range(0..3)],
                    closed: rng.gen_bool(0.2),
                    town_level: i % 3 == 0,
                    serves: if rng.gen_bool(0.3) {
                        vec![TargetGroup::Women]
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect()
    }

    fn trees(places: &[PackedPlace]) -> PackedTrees {
        let bytes = build(places).expect("built");
        PackedTrees::new(Box::new(aligned_copy(&bytes))).expect("valid")
    }

    #[test]
    fn nearest_equals_brute_force_with_filters_ties_and_limits() {
        let places = places(7, 1500);
        let trees = trees(&places);
        let positions: Vec<LatLon> = places.iter().map(|p| p.position).collect();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(8);
        for round in 0..300 {
            let origin = if round % 4 == 0 {
                places[rng.gen_range(0..places.len())].position
            } else if round % 4 == 1 {
                // Anywhere on Earth, far ones included.
                LatLon::new(rng.gen_range(-89.0..89.0), rng.gen_range(-180.0..180.0))
            } else {
                LatLon::new(rng.gen_range(0.0..36.0), rng.gen_range(-120.0..-70.0))
            };
            let k = [1, 3, 10, 40][round % 4];
            let categories: Vec<Category> = match round % 3 {
                0 => Vec::new(),
                1 => vec![Category::Shelter],
                _ => vec![Category::Health, Category::MigrationOffice],
            };
            let limit = (round % 5 == 0).then_some(300_000.0);
            let open_only = round % 2 == 0;
            let women = round % 7 == 0;
            let keep = |f: PlaceFacts| {
                (!open_only || !f.closed) && (!women || f.serves(TargetGroup::Women))
            };
            // With no fact filter, the facts-free path (what the app's unfiltered near takes).
            let keep: Option<&dyn Fn(PlaceFacts) -> bool> = (open_only || women).then_some(&keep);
            let got = trees.nearest(origin, k, limit, &categories, keep);
            let expected = brute_force_nearest(&positions, origin, k, |i| {
                let p = &places[i as usize];
                (categories.is_empty() || categories.contains(&p.category))
                    && (!open_only || !p.closed)
                    && (!women || p.serves.contains(&TargetGroup::Women))
                    && limit.is_none_or(|l| distance_m(origin, p.position) <= l)
            });
            let got_ids: Vec<u32> = got.iter().map(|h| h.index).collect();
            let expected_ids: Vec<u32> = expected.iter().map(|h| h.index + 1).collect();
            assert_eq!(got_ids, expected_ids, "round {round} at {origin:?}");
            for (g, e) in got.iter().zip(&expected) {
                assert_eq!(g.distance_m, e.distance_m);
                assert_eq!(g.bearing_deg, e.bearing_deg);
            }
        }
    }

    #[test]
    fn the_same_places_give_the_same_bytes_and_damage_is_refused() {
        let places = places(3, 200);
        let bytes = build(&places).expect("built");
        assert_eq!(bytes, build(&places).expect("built again"));
        assert!(PackedTrees::new(Box::new(aligned_copy(&bytes[..bytes.len() / 2]))).is_err());
        assert!(PackedTrees::new(Box::new(aligned_copy(b"not trees at all"))).is_err());
        let empty = trees(&[]);
        assert!(empty.is_empty());
        assert_eq!(
            empty.nearest(LatLon::new(14.9, -92.3), 5, None, &[], None),
            Vec::new()
        );
    }

    #[test]
    fn no_filter_keeps_closed_and_town_level_places_as_a_filter_that_keeps_all_does() {
        let places = places(11, 1200);
        let trees = trees(&places);
        let positions: Vec<LatLon> = places.iter().map(|p| p.position).collect();
        let keep_all = |_: PlaceFacts| true;
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(12);
        let mut closed_or_town_level_seen = 0;
        for round in 0..200 {
            let origin = if round % 2 == 0 {
                places[rng.gen_range(0..places.len())].position
            } else {
                LatLon::new(rng.gen_range(0.0..36.0), rng.gen_range(-120.0..-70.0))
            };
            let categories: Vec<Category> = match round % 3 {
                0 => Vec::new(),
                1 => vec![Category::Shelter],
                _ => vec![Category::Health, Category::MigrationOffice],
            };
            let unfiltered = trees.nearest(origin, 10, None, &categories, None);
            let filtered = trees.nearest(origin, 10, None, &categories, Some(&keep_all));
            assert_eq!(unfiltered, filtered, "round {round}");
            let expected = brute_force_nearest(&positions, origin, 10, |i| {
                categories.is_empty() || categories.contains(&places[i as usize].category)
            });
            let ids: Vec<u32> = unfiltered.iter().map(|h| h.index).collect();
            let expected: Vec<u32> = expected.iter().map(|h| h.index + 1).collect();
            assert_eq!(ids, expected, "round {round}");
            closed_or_town_level_seen += ids
                .iter()
                .filter(|n| {
                    let p = &places[**n as usize - 1];
                    p.closed || p.town_level
                })
                .count();
        }
        // The places the facts would filter are among the answers, so dropping them would be caught.
        assert!(
            closed_or_town_level_seen > 100,
            "{closed_or_town_level_seen}"
        );
    }

    #[test]
    fn facts_carry_the_filters() {
        let places = places(5, 50);
        let trees = trees(&places);
        for (i, place) in places.iter().enumerate() {
            let facts = trees.facts(i as u32 + 1).expect("facts");
            assert_eq!(facts.closed, place.closed);
            assert_eq!(facts.town_level, place.town_level);
            assert_eq!(
                facts.serves(TargetGroup::Women),
                place.serves.contains(&TargetGroup::Women)
            );
            assert_eq!(trees.position(i as u32 + 1), Some(place.position));
        }
        assert_eq!(trees.position(0), None);
        assert_eq!(trees.position(51), None);
    }
}
