//! Cold start and memory: `paso-data near` timed as a child process against the `sqlite3` shell opening the
//! same (decompressed) database as a floor; the in-process steps of a first start (verify and shelve) and of
//! every later start (the shelf's cheap check, the first query, country borders); and peak resident memory
//! through `/usr/bin/time -v`.

use super::stats::{timed, Rounds};
use super::BenchError;
use crate::catalog::{Catalog, NearQuery};
use crate::model::LatLon;
use crate::store::shelf::{Opened, Shelf};
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
    cold_start_with(paso_data, &near_args(), sqlite3, db, runs)
}

/// Like [`cold_start`], with other `paso-data` arguments (another bundle) and floor database.
pub fn cold_start_with(
    paso_data: &Path,
    args: &[String],
    sqlite3: &Path,
    db: &Path,
    runs: usize,
) -> Result<(Rounds, Rounds), BenchError> {
    let floor = vec![db.display().to_string(), "select 1".to_string()];
    let mut paso = Rounds::default();
    let mut shell = Rounds::default();
    for run in 0..=runs {
        let a = run_quietly(paso_data, args)?;
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
    /// First start: the pin check and payload hash ([`crate::bundle::format::verify_pinned`]).
    pub verify: Rounds,
    /// First start: the whole shelving (pin check, decompression into the shelf file with its hash,
    /// opening it).
    pub first_start: Rounds,
    /// Every later start: the shelf's cheap check and opening the database file in place.
    pub cheap_open: Rounds,
    /// The first `near` query on a fresh catalog (R*Tree caps, then the origin's country).
    pub first_near: Rounds,
    /// Of which: parsing the 1:10m country borders for "which country" (on the first near with answers).
    pub borders: Rounds,
    /// Later start as a whole: cheap open + first near.
    pub later_start: Rounds,
}

impl Steps {
    /// The steps of a later start, in order, with their rounds (their sum is the in-process total).
    pub fn named(&self) -> Vec<(&'static str, &Rounds)> {
        vec![
            (
                "shelf cheap check + open (immutable, mmap)",
                &self.cheap_open,
            ),
            ("first near query (incl. country borders)", &self.first_near),
        ]
    }
}

fn ms(duration: std::time::Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// Measures each step on the embedded bundle, `rounds` times, as the app opens it: once into an empty shelf
/// (the first start), then from the shelf (every later start).
pub fn steps(rounds: usize, work: &Path) -> Result<Steps, BenchError> {
    let mut steps = Steps::default();
    for round in 0..rounds {
        let dir = work.join(format!("steps-shelf-{round}"));
        let _ = std::fs::remove_dir_all(&dir);
        let shelf = Shelf::new(&dir);
        let (verified, t_verify) = timed(crate::catalog::verify_embedded);
        std::hint::black_box(verified?);
        let (first, t_first) = timed(|| Catalog::open_default_shelved(&shelf));
        drop(first?);
        let (catalog, t_cheap) = timed(|| Catalog::open_default_shelved(&shelf));
        let (catalog, how) = catalog?;
        if how != Opened::Cheap {
            return Err(BenchError::Mismatch(
                "the second open of the embedded bundle was not the cheap one".into(),
            ));
        }
        let mut query = NearQuery::around(TAPACHULA);
        query.limit = 10;
        let (found, t_near) = timed(|| catalog.near(&query));
        if found.is_empty() {
            return Err(BenchError::Mismatch(
                "the first near query found nothing".into(),
            ));
        }
        let (fresh, _) = Catalog::open_default_shelved(&shelf)?;
        let (country, t_borders) = timed(|| fresh.country_at(TAPACHULA));
        std::hint::black_box(country);
        steps.verify.push(ms(t_verify));
        steps.first_start.push(ms(t_first));
        steps.cheap_open.push(ms(t_cheap));
        steps.first_near.push(ms(t_near));
        steps.borders.push(ms(t_borders));
        steps.later_start.push(ms(t_cheap + t_near));
        let _ = std::fs::remove_dir_all(&dir);
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
