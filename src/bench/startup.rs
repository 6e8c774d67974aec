//! Cold start and memory: `paso-data near` timed as a child process against the `sqlite3` shell opening the
//! same (decompressed) database as a floor; the in-process share of each step (signature check,
//! decompression, opening SQLite, loading places, building the index, country borders, first query); and
//! peak resident memory through `/usr/bin/time -v`.

use super::stats::{timed, Rounds};
use super::BenchError;
use crate::catalog::{Catalog, NearQuery};
use crate::model::LatLon;
use crate::spatial::{CountryLocator, PlaceIndex};
use crate::store::ContentStore;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// The GeoNames centre of Tapachula, the query point of every cold-start and memory run.
pub const TAPACHULA: LatLon = LatLon::new(14.90541, -92.25891);

/// The arguments of the measured `paso-data near` run (default bundle unless `--bundle` is added).
pub fn near_args() -> Vec<String> {
    [
        "near",
        "--lat",
        &TAPACHULA.lat.to_string(),
        "--lon",
        &TAPACHULA.lon.to_string(),
        "--limit",
        "10",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Runs a command to completion with output discarded; returns its wall time in milliseconds.
pub fn run_quietly(program: &Path, args: &[String]) -> Result<f64, BenchError> {
    let start = Instant::now();
    let status = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| BenchError::Setup(format!("cannot run {}: {e}", program.display())))?;
    let elapsed = start.elapsed().as_secs_f64() * 1000.0;
    if !status.success() {
        return Err(BenchError::Setup(format!(
            "{} {} failed: {status}",
            program.display(),
            args.join(" ")
        )));
    }
    Ok(elapsed)
}

/// Wall times of `runs` alternating runs of `paso-data near` (default bundle) and `sqlite3 DB 'select 1'`,
/// in milliseconds: (paso-data, sqlite3). The first run of each is a warm-up and not counted.
pub fn cold_start(
    paso_data: &Path,
    sqlite3: &Path,
    db: &Path,
    runs: usize,
) -> Result<(Rounds, Rounds), BenchError> {
    let near = near_args();
    let floor = vec![db.display().to_string(), "select 1".to_string()];
    let mut paso = Rounds::default();
    let mut shell = Rounds::default();
    for run in 0..=runs {
        let a = run_quietly(paso_data, &near)?;
        let b = run_quietly(sqlite3, &floor)?;
        if run > 0 {
            paso.push(a);
            shell.push(b);
        }
    }
    Ok((paso, shell))
}

/// In-process milliseconds of each step from bundle bytes to the first `near` answer, per round.
#[derive(Debug, Clone, Default)]
pub struct Steps {
    /// Signature and payload hash ([`verify`]).
    pub verify: Rounds,
    /// zstd decompression and the database hash.
    pub decompress: Rounds,
    /// Opening the database in SQLite: copying it into an in-memory connection and reading the schema version.
    pub open: Rounds,
    /// Reading every place's compact row.
    pub load_places: Rounds,
    /// Bulk-loading the R-tree.
    pub index: Rounds,
    /// Parsing the 10m country borders into the point-in-country locator.
    pub borders: Rounds,
    /// `Catalog::open` as a whole (all of the above).
    pub catalog_open: Rounds,
    /// The first `near` query on a fresh catalog.
    pub first_near: Rounds,
}

impl Steps {
    /// The named steps, in order, with their rounds.
    pub fn named(&self) -> Vec<(&'static str, &Rounds)> {
        vec![
            ("signature + payload hash", &self.verify),
            ("zstd decompression + db hash", &self.decompress),
            ("SQLite open (deserialize)", &self.open),
            ("load places", &self.load_places),
            ("R-tree build", &self.index),
            ("country borders", &self.borders),
            ("first near query", &self.first_near),
        ]
    }
}

fn ms(duration: std::time::Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// Measures each step on the embedded bundle, `rounds` times, as the app opens it (checked by its pinned
/// sha256, with no key list).
pub fn steps(rounds: usize) -> Result<Steps, BenchError> {
    let bundle = crate::catalog::DEFAULT_BUNDLE;
    let mut steps = Steps::default();
    for _ in 0..rounds {
        let (verified, t_verify) = timed(crate::catalog::verify_embedded);
        let verified = verified?;
        let (db, t_decompress) = timed(|| verified.decompress(bundle));
        let db = db?;
        let (conn, t_open) = timed(|| -> Result<rusqlite::Connection, BenchError> {
            let mut conn = rusqlite::Connection::open_in_memory()?;
            conn.deserialize_read_exact(rusqlite::MAIN_DB, &db[..], db.len(), true)?;
            conn.query_row(
                "SELECT value FROM meta WHERE key = 'schema_version'",
                [],
                |r| r.get::<_, String>(0),
            )?;
            Ok(conn)
        });
        drop((conn?, db));
        let store = ContentStore::open_verified(
            bundle,
            &crate::catalog::verify_embedded()?,
            &crate::store::Limits::default(),
        )?;
        let (places, t_places) = timed(|| store.briefs());
        let places = places?;
        let positions: Vec<LatLon> = places
            .iter()
            .filter(|p| p.is_mappable())
            .filter_map(|p| p.position)
            .collect();
        let (index, t_index) = timed(|| PlaceIndex::new(positions));
        std::hint::black_box(index);
        let (locator, t_borders) = timed(|| -> Result<CountryLocator, BenchError> {
            Ok(CountryLocator::new(
                store
                    .borders("10m")?
                    .into_iter()
                    .filter_map(|(code, geometry)| {
                        crate::spatial::geometry_to_multipolygon(&geometry).map(|g| (code, g))
                    })
                    .collect(),
            ))
        });
        std::hint::black_box(locator?);
        drop(store);
        let (catalog, t_catalog) = timed(Catalog::open_default);
        let catalog = catalog?;
        let mut query = NearQuery::around(TAPACHULA);
        query.limit = 10;
        let (found, t_near) = timed(|| catalog.near(&query));
        if found.is_empty() {
            return Err(BenchError::Mismatch(
                "the first near query found nothing".into(),
            ));
        }
        steps.verify.push(ms(t_verify));
        steps.decompress.push(ms(t_decompress));
        steps.open.push(ms(t_open));
        steps.load_places.push(ms(t_places));
        steps.index.push(ms(t_index));
        steps.borders.push(ms(t_borders));
        steps.catalog_open.push(ms(t_catalog));
        steps.first_near.push(ms(t_near));
    }
    Ok(steps)
}

/// Peak resident set size in bytes of a command, from GNU time's `-v` report
/// ("Maximum resident set size (kbytes)"), and its wall time in milliseconds.
pub fn peak_rss(time: &Path, program: &Path, args: &[String]) -> Result<(u64, f64), BenchError> {
    let start = Instant::now();
    let output = Command::new(time)
        .arg("-v")
        .arg(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| BenchError::Setup(format!("cannot run {}: {e}", time.display())))?;
    let elapsed = start.elapsed().as_secs_f64() * 1000.0;
    if !output.status.success() {
        return Err(BenchError::Setup(format!(
            "{} {} failed: {}",
            program.display(),
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    let report = String::from_utf8_lossy(&output.stderr);
    let kilobytes = report
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse::<u64>().ok())
        .ok_or_else(|| BenchError::Setup(format!("{} -v printed no peak RSS", time.display())))?;
    Ok((kilobytes * 1024, elapsed))
}

/// The first executable called `name` on `PATH`.
pub fn find_on_path(name: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}
