//! `paso-data bench --profile-nearest`: the nearest query loops at 1M places and nothing else, for
//! `valgrind --tool=callgrind`, whose instruction counts repeat on this noisy machine where wall-clock
//! ratios do not. The same synthetic points and query points as the full run; each method's loop is a
//! function of its own, so `--toggle-collect` counts the queries and not the setup:
//!
//! ```sh
//! valgrind --tool=callgrind --collect-atstart=no \
//!   --toggle-collect='paso::bench::profile::loop_app_near' \
//!   --toggle-collect='paso::bench::profile::loop_app_near_reading_facts' \
//!   --toggle-collect='paso::bench::profile::loop_kiddo' \
//!   paso-data bench --profile-nearest 2000
//! ```
//!
//! It times nothing and writes no report.

use super::nearest::{BundleTrees, KiddoTrees, Neighbour, PointSet};
use super::synthetic::{self, BundleDb};
use super::{category_weights, real_points, synthetic_set, BenchError, Options};
use crate::model::LatLon;

/// The size the full run's largest nearest line uses.
pub const PROFILED_SIZE: usize = 1_000_000;

/// Queries per loop.
const K: usize = 10;

/// Builds the full run's 1M points and runs `queries` of its query points through the app's near (no
/// fact filter: no facts read), the app's near through a filter that keeps every place (reading every
/// candidate's facts, as every query did before), and kiddo; fails if they disagree. Returns the number
/// of queries per loop.
pub fn profile_nearest(options: &Options, queries: usize) -> Result<usize, BenchError> {
    let base = BundleDb::open_embedded()?;
    let towns = base.towns()?;
    let catalog = crate::catalog::Catalog::open_default()?;
    let weights = category_weights(&real_points(&catalog));
    let origins: Vec<LatLon> = synthetic::positions(queries, options.seed + 1, &towns)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    // The full run seeds its synthetic sizes `seed + 10 + n`; 1M is its second size.
    let set: PointSet = synthetic_set(PROFILED_SIZE, options.seed + 11, &towns, &weights);
    let bundle = BundleTrees::build(&set)?;
    let kiddo = KiddoTrees::build(&set)?;
    let app = loop_app_near(&bundle, &origins);
    let facts = loop_app_near_reading_facts(&bundle, &origins);
    let reference = loop_kiddo(&kiddo, &set, &origins);
    for (n, ((a, f), r)) in app.iter().zip(&facts).zip(&reference).enumerate() {
        for got in [a, f] {
            super::nearest::check_same(r, got).map_err(|why| {
                BenchError::Mismatch(format!("profiled nearest, query {n}: {why}"))
            })?;
        }
    }
    Ok(origins.len())
}

/// The app's near, unfiltered, one query per origin.
#[inline(never)]
pub fn loop_app_near(bundle: &BundleTrees, origins: &[LatLon]) -> Vec<Vec<Neighbour>> {
    origins
        .iter()
        .map(|o| bundle.nearest(*o, K, None))
        .collect()
}

/// The app's near through a filter closure that keeps every place (so every candidate's facts are read).
#[inline(never)]
pub fn loop_app_near_reading_facts(
    bundle: &BundleTrees,
    origins: &[LatLon],
) -> Vec<Vec<Neighbour>> {
    origins
        .iter()
        .map(|o| bundle.nearest_reading_facts(*o, K))
        .collect()
}

/// kiddo's tree, as the full run queries it.
#[inline(never)]
pub fn loop_kiddo(kiddo: &KiddoTrees, set: &PointSet, origins: &[LatLon]) -> Vec<Vec<Neighbour>> {
    origins
        .iter()
        .map(|o| kiddo.nearest(&set.positions, *o, K, None))
        .collect()
}
