//! `paso-data bench`: Paso measured side by side, in one run, against what an engineer would otherwise use
//! (brute force, SQLite's R*Tree and LIKE, kiddo, the `sqlite3` shell), on the real default bundle and on
//! seeded synthetic places. It reports ratios with min/median/max over rounds, never bare absolute times,
//! and fails when two methods that must agree (nearest ids, FTS vs LIKE rows) do not. It checks no timing:
//! the budgets are printed as met or missed, and the quick mode is a correctness smoke test for CI.
//!
//! Behind the `cli` feature; never linked into the phone app.

pub mod keystrokes;
pub mod nearest;
pub mod profile;
pub mod report;
pub mod search;
pub mod startup;
pub mod stats;
pub mod synthetic;
pub mod ui;

use crate::bundle::BundleError;
use crate::catalog::DEFAULT_BUNDLE;
use crate::model::{Category, LatLon};
use crate::store::StoreError;
use nearest::{Indexes, Method, PointSet};
use report::{Budget, Report, Table};
use stats::{micros_per, Rounds};
use std::path::PathBuf;
use std::time::Instant;
use synthetic::{BundleDb, SyntheticPlaces, Town};

/// What can stop a benchmark run.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// Two methods that must agree did not: the run is void.
    #[error("results differ: {0}")]
    Mismatch(String),
    /// The bundle could not be read.
    #[error(transparent)]
    Bundle(#[from] BundleError),
    /// The content store refused the bundle.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// SQLite failed.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A child process or a benchmark input could not be set up.
    #[error("{0}")]
    Setup(String),
}

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Short smoke run for CI: small sizes, one round, every correctness check, no child-process timing
    /// beyond one run each.
    pub quick: bool,
    /// The `paso-data` executable to time as a child process (cold start, peak memory); `None` skips those.
    pub paso_data_exe: Option<PathBuf>,
    /// The development signing key, for the synthetic 1M bundle; `None` skips the 1M memory measurement.
    pub dev_key: Option<PathBuf>,
    /// Publisher public key files trusted for the synthetic bundle (in process and by the timed
    /// `paso-data near --trust`); nothing is trusted implicitly.
    pub trust: Vec<PathBuf>,
    /// Write the synthetic 100k and 1M bundles when they are not cached yet (several minutes, once per
    /// machine); without it, a run skips the start and memory lines of a size with no cached bundle and says so.
    pub write_synthetic_bundle: bool,
    /// Where temporary files go (the decompressed database for the `sqlite3` floor, the synthetic bundle).
    pub work_dir: PathBuf,
    /// Seed of every random choice.
    pub seed: u64,
    /// Print progress to stderr.
    pub progress: bool,
}

impl Options {
    /// The built-in keys plus the ones in [`Options::trust`].
    pub fn trusted(&self) -> Result<crate::bundle::TrustedKeys, BenchError> {
        let mut trusted = crate::bundle::TrustedKeys::built_in();
        for path in &self.trust {
            trusted.add(crate::bundle::keys::read_verifying_key(path)?, "");
        }
        Ok(trusted)
    }

    /// The full run, with temporary files under the system temp directory.
    pub fn full() -> Self {
        Self {
            quick: false,
            paso_data_exe: None,
            dev_key: None,
            trust: Vec::new(),
            write_synthetic_bundle: false,
            work_dir: std::env::temp_dir().join("paso-bench"),
            seed: 2026,
            progress: false,
        }
    }

    /// The CI smoke run.
    pub fn quick() -> Self {
        Self {
            quick: true,
            ..Self::full()
        }
    }
}

/// Sizes and counts for one run.
struct Plan {
    rounds: usize,
    queries: usize,
    synthetic_sizes: Vec<usize>,
    search_synthetic: usize,
    search_rounds: usize,
    process_runs: usize,
    ui_rounds: usize,
}

impl Plan {
    fn new(options: &Options) -> Self {
        if options.quick {
            Self {
                rounds: 1,
                queries: 200,
                synthetic_sizes: vec![20_000],
                search_synthetic: 5_000,
                search_rounds: 1,
                process_runs: 1,
                ui_rounds: 1,
            }
        } else {
            Self {
                rounds: 5,
                queries: 10_000,
                synthetic_sizes: vec![100_000, 1_000_000],
                search_synthetic: 100_000,
                search_rounds: 5,
                process_runs: 15,
                ui_rounds: 7,
            }
        }
    }

    /// How many of the queries a method answers per round, given the seconds one query took: all of them
    /// for the fast methods; for the slow ones (brute force, SQLite at 100k+) as many as fit in a fixed
    /// time per round, so the whole run stays within two minutes. The table lists the count.
    fn queries_for(&self, seconds_per_query: f64) -> usize {
        let per_round = if self.queries < 1000 { 0.05 } else { 0.4 };
        ((per_round / seconds_per_query.max(1e-9)) as usize).clamp(5, self.queries)
    }
}

/// Reports progress when asked, as `info` log lines (target `paso::bench`, which `paso-data` shows).
struct Progress {
    on: bool,
    start: Instant,
}

impl Progress {
    fn say(&self, what: &str) {
        if self.on {
            log::info!("[{:>6.1}s] {what}", self.start.elapsed().as_secs_f64());
        }
    }
}

/// Runs every benchmark and returns the report. Fails when methods that must agree disagree.
pub fn run(options: &Options) -> Result<Report, BenchError> {
    let plan = Plan::new(options);
    let progress = Progress {
        on: options.progress,
        start: Instant::now(),
    };
    let mut report = Report::new(options.quick);
    report.machine = report::machine_description();

    progress.say("opening the default bundle");
    let base = BundleDb::open_embedded()?;
    let towns = base.towns()?;
    let catalog = crate::catalog::Catalog::open_default()?;
    let real = real_points(&catalog);
    let weights = category_weights(&real);

    // 1. Nearest.
    let queries: Vec<LatLon> = synthetic::positions(plan.queries, options.seed + 1, &towns)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    let mut nearest_table = Table::new(
        "Nearest k=10 (µs/query: median (min–max) over rounds; ratio = method ÷ Paso, per round)",
        &[
            "points",
            "filter",
            "method",
            "queries",
            "µs/query",
            "× Paso",
        ],
    );
    let mut sets = vec![real];
    for (n, size) in plan.synthetic_sizes.iter().enumerate() {
        sets.push(synthetic_set(
            *size,
            options.seed + 10 + n as u64,
            &towns,
            &weights,
        ));
    }
    let mut at_largest = None;
    for set in &sets {
        progress.say(&format!("nearest: building indexes on {}", set.label));
        let (indexes, build) = Indexes::build(set)?;
        nearest_table.note(format!(
            "{}: index build {:.2} s Paso rstar, {:.2} s SQLite R*Tree, {:.2} s kiddo, {:.2} s Paso bundle trees (done once, by the builder)",
            set.label, build[0], build[1], build[2], build[3]
        ));
        for category in [None, Some(Category::Shelter)] {
            progress.say(&format!(
                "nearest: {} {}",
                set.label,
                category.map_or("all", |c| c.as_str())
            ));
            let measured = bench_nearest(&indexes, &queries, category, &plan)?;
            let paso = measured[0].1.clone();
            for (method, rounds, count) in &measured {
                let ratio = rounds.ratio_to(&paso);
                nearest_table.row(vec![
                    set.label.clone(),
                    category.map_or("all".into(), |c| c.as_str().into()),
                    method.name().into(),
                    count.to_string(),
                    rounds.spread().map_or("-".into(), |s| s.show_auto()),
                    ratio.map_or("-".into(), |s| s.show_auto()),
                ]);
            }
            if !set.synthetic && category == Some(Category::Shelter) {
                let of = |m: Method| measured.iter().find(|(x, _, _)| *x == m).map(|(_, r, _)| r);
                if let (Some(brute), Some(bundle)) =
                    (of(Method::BruteForce), of(Method::PasoBundle))
                {
                    if let Some(ratio) = brute.ratio_to(bundle) {
                        report.budgets.push(Budget::at_least(
                            "filtered (shelter) nearest k=10, real bundle: the app's near vs brute force",
                            5.0,
                            ratio,
                        ));
                    }
                }
            }
            if set.len() == *plan.synthetic_sizes.last().unwrap_or(&0) && category.is_none() {
                at_largest = Some((set.label.clone(), measured));
            }
        }
    }
    nearest_table.note(format!(
        "query points: {} from seed {}, drawn like the synthetic places (85% around real towns, 15% uniform over the route's box)",
        plan.queries,
        options.seed + 1
    ));
    nearest_table.note(
        "every method's ids were checked equal to Paso's on every query it answered; slow methods answer the first N queries that fit in 0.4 s per round (listed)".into(),
    );
    report.tables.push(nearest_table);
    if let Some((label, measured)) = at_largest {
        let paso = &measured[0].1;
        let of = |m: Method| measured.iter().find(|(x, _, _)| *x == m).map(|(_, r, _)| r);
        if let Some(brute) = of(Method::BruteForce).and_then(|r| r.ratio_to(paso)) {
            report.budgets.push(Budget::at_least(
                &format!("nearest k=10 at {label}: Paso vs brute force"),
                100.0,
                brute,
            ));
        }
        if let Some(rtree) = of(Method::SqliteRtree).and_then(|r| r.ratio_to(paso)) {
            report.budgets.push(Budget::at_least(
                &format!("nearest k=10 at {label}: Paso vs SQLite R*Tree"),
                20.0,
                rtree,
            ));
        }
        if let Some(kiddo) = of(Method::Kiddo).and_then(|r| paso.ratio_to(r)) {
            report.budgets.push(Budget::at_most(
                &format!("nearest k=10 at {label}: Paso rstar (in memory) time ÷ kiddo time"),
                2.0,
                kiddo,
            ));
        }
        let bundle = of(Method::PasoBundle);
        if let Some(kiddo) = of(Method::Kiddo).and_then(|r| bundle?.ratio_to(r)) {
            report.budgets.push(Budget::at_most(
                &format!(
                    "nearest k=10 at {label}: the app's near (bundle trees) time ÷ kiddo time"
                ),
                1.5,
                kiddo,
            ));
        }
    }

    drop(sets);

    // 2. Search.
    search_section(
        &mut report,
        &plan,
        options,
        &base,
        &towns,
        &weights,
        &progress,
    )?;
    progress.say("search: per keystroke, on the real and a synthetic bundle");
    keystrokes::section(
        &mut report,
        plan.search_rounds,
        plan.search_synthetic,
        options.seed,
        &base,
        &towns,
        &weights,
        &catalog,
    )?;
    // 3–5. Bundle size, cold start, memory.
    startup_section(
        &mut report,
        &plan,
        options,
        &base,
        &towns,
        &weights,
        &progress,
    )?;
    // 6. UI.
    progress.say("ui: rendering the Nearby screen");
    ui::section(&mut report, plan.ui_rounds, &catalog)?;

    report.seconds = progress.start.elapsed().as_secs_f64();
    Ok(report)
}

#[allow(clippy::too_many_arguments)]
fn search_section(
    report: &mut Report,
    plan: &Plan,
    options: &Options,
    base: &BundleDb,
    towns: &[Town],
    weights: &[(Category, u64)],
    progress: &Progress,
) -> Result<(), BenchError> {
    use search::{Corpus, SearchMethod};
    let words = synthetic::CategoryWords::load();
    let typed = search::queries(&words, towns);
    let mut table = Table::new(
        "Search (µs/query: median (min–max) over rounds; ratio = method ÷ FTS5, per round)",
        &[
            "rows",
            "method",
            "queries",
            "rows found",
            "µs/query",
            "× FTS5",
        ],
    );
    progress.say("search: building the corpora");
    let real = Corpus::from_bundle(base)?;
    let places =
        SyntheticPlaces::generate(plan.search_synthetic, options.seed + 20, towns, weights);
    let synthetic = Corpus::synthetic(&places, towns)?;
    let corpora = [
        (format!("real {}", real.rows()), real),
        (
            format!("synthetic {}", size_label(synthetic.rows())),
            synthetic,
        ),
    ];
    for (label, corpus) in &corpora {
        progress.say(&format!("search: {label}"));
        let mut found = 0;
        for (query, lang) in &typed {
            found += corpus.check(query, lang)?;
        }
        let mut rounds: Vec<Rounds> = vec![Rounds::default(); SearchMethod::ALL.len()];
        for _ in 0..plan.search_rounds {
            for (slot, method) in SearchMethod::ALL.iter().enumerate() {
                let start = Instant::now();
                for (query, lang) in &typed {
                    std::hint::black_box(corpus.find(*method, query, lang)?);
                }
                rounds[slot].push(micros_per(start.elapsed(), typed.len()));
            }
        }
        for (slot, method) in SearchMethod::ALL.iter().enumerate() {
            table.row(vec![
                label.clone(),
                method.name().into(),
                typed.len().to_string(),
                if *method == SearchMethod::FtsRankedTop20 {
                    "≤ 20 each".into()
                } else {
                    found.to_string()
                },
                rounds[slot].spread().map_or("-".into(), |s| s.show_auto()),
                rounds[slot]
                    .ratio_to(&rounds[0])
                    .map_or("-".into(), |s| s.show_auto()),
            ]);
        }
        if label.starts_with("synthetic") {
            if let Some(ratio) = rounds[2].ratio_to(&rounds[0]) {
                report.budgets.push(report::Budget::at_least(
                    &format!("search at {label}: FTS5 vs LIKE scan"),
                    10.0,
                    ratio,
                ));
            }
        }
    }
    table.note(format!(
        "{} typed queries in es/en/fr (category words cut to 6 letters with their accents, town-name prefixes, and pairs); FTS5 and LIKE returned the same rows for every query",
        typed.len()
    ));
    table.note(format!(
        "synthetic rows: names = the app's category word (es/en/fr) + a real town name + a number; body = town, country, category words in 3 languages (seed {})",
        options.seed + 20
    ));
    report.tables.push(table);
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn startup_section(
    report: &mut Report,
    plan: &Plan,
    options: &Options,
    base: &BundleDb,
    towns: &[Town],
    weights: &[(Category, u64)],
    progress: &Progress,
) -> Result<(), BenchError> {
    use report::show_bytes;
    // 4. Bundle size.
    let manifest = &base.verified.manifest;
    let bundle_bytes = DEFAULT_BUNDLE.len() as u64;
    let mut sizes = Table::new(
        "Bundle size",
        &["bundle", "places", "file", "bytes/place", "SQLite inside"],
    );
    sizes.row(vec![
        "default (real)".into(),
        manifest.coverage.places.to_string(),
        show_bytes(bundle_bytes),
        format!(
            "{:.0}",
            bundle_bytes as f64 / manifest.coverage.places.max(1) as f64
        ),
        show_bytes(manifest.content.db_bytes),
    ]);
    report.budgets.push(report::Budget::bytes_at_most(
        "default bundle size",
        2_000_000,
        bundle_bytes,
    ));

    // 3. Cold start: in-process steps, then child processes.
    progress.say("cold start: in-process steps");
    let work = &options.work_dir;
    std::fs::create_dir_all(work).map_err(|source| BenchError::Io {
        path: work.display().to_string(),
        source,
    })?;
    let steps = startup::steps(if options.quick { 1 } else { 10 }, work)?;
    let mut cold = Table::new(
        "Cold start on the default bundle (ms: median (min–max))",
        &["what", "ms", "share of in-process total"],
    );
    let total: f64 = steps
        .named()
        .iter()
        .filter_map(|(_, r)| r.spread().map(|s| s.median))
        .sum();
    for (name, rounds) in steps.named() {
        let spread = rounds.spread();
        cold.row(vec![
            name.into(),
            spread.map_or("-".into(), |s| s.show(2)),
            spread.map_or("-".into(), |s| {
                format!("{:.0}%", 100.0 * s.median / total.max(1e-9))
            }),
        ]);
    }
    cold.row(vec![
        "in-process total (sum of medians)".into(),
        format!("{total:.2}"),
        "100%".into(),
    ]);
    for (name, rounds) in [
        (
            "of which: country borders (1:10m) for \"which country\"",
            &steps.borders,
        ),
        ("first start only: pin check + payload hash", &steps.verify),
        (
            "first start only: verify + decompress into the shelf + open",
            &steps.first_start,
        ),
    ] {
        cold.row(vec![
            name.into(),
            rounds.spread().map_or("-".into(), |s| s.show(2)),
            "".into(),
        ]);
    }
    // Install, end to end, into an empty data folder: verify, shelve, quick check, swap, record.
    // The embedded bundle itself is "up to date" everywhere, so the same content as the next version,
    // signed with the development key.
    let next_version = match &options.dev_key {
        Some(key) => {
            let key = crate::bundle::keys::read_signing_key(key)?;
            let mut manifest = manifest.clone();
            manifest.version += 1;
            Some(crate::bundle::format::write(manifest, &base.bytes, &key)?)
        }
        None => None,
    };
    let bundle_path = work.join("default-next.paso");
    if let Some(bytes) = &next_version {
        std::fs::write(&bundle_path, bytes).map_err(|source| BenchError::Io {
            path: bundle_path.display().to_string(),
            source,
        })?;
    } else {
        report
            .skipped
            .push("install: no development key given (--dev-key) to sign the next version".into());
    }
    let trusted = options.trusted()?;
    let mut installs = Rounds::default();
    for round in 0..if next_version.is_none() {
        0
    } else if options.quick {
        1
    } else {
        5
    } {
        let data_dir = work.join(format!("install-{round}"));
        let _ = std::fs::remove_dir_all(&data_dir);
        let (outcome, took) = stats::timed(|| {
            crate::update::install_file(&data_dir, &bundle_path, &trusted, &mut |_| {})
        });
        let _ = std::fs::remove_dir_all(&data_dir);
        match outcome {
            Ok(crate::update::InstallOutcome::Installed(_)) => {
                installs.push(took.as_secs_f64() * 1000.0)
            }
            Ok(_) => {
                report
                    .skipped
                    .push("install: the default bundle was not installed".into());
                break;
            }
            Err(error) => {
                report.skipped.push(format!(
                    "install of the default bundle: refused ({error}); give --trust with its key"
                ));
                break;
            }
        }
    }
    if let Some(spread) = installs.spread() {
        cold.row(vec![
            "install of the default bundle, end to end (file → installed, shelved)".into(),
            spread.show(2),
            "".into(),
        ]);
        report.budgets.push(report::Budget::millis_at_most(
            "install of the default bundle, end to end",
            1500.0,
            spread,
        ));
    }
    // The child processes keep their shelf here; the first run of each kind fills it (not counted).
    let shelf_dir = work.join("shelf");
    let _ = std::fs::remove_dir_all(&shelf_dir);
    std::env::set_var("PASO_DATA_CACHE", &shelf_dir);
    let db_path = work.join("default-bundle.db");
    std::fs::write(&db_path, &base.bytes).map_err(|source| BenchError::Io {
        path: db_path.display().to_string(),
        source,
    })?;
    let sqlite3 = startup::find_on_path("sqlite3");
    match (&options.paso_data_exe, &sqlite3) {
        (Some(exe), Some(sqlite3)) => {
            progress.say("cold start: child processes");
            let (paso, shell) = startup::cold_start(exe, sqlite3, &db_path, plan.process_runs)?;
            let ratio = paso.ratio_to(&shell);
            cold.row(vec![
                format!(
                    "process: paso-data near (default bundle), {} runs",
                    paso.0.len()
                ),
                paso.spread().map_or("-".into(), |s| s.show(2)),
                "".into(),
            ]);
            cold.row(vec![
                "floor: sqlite3 bundle.db 'select 1' (decompressed db)".into(),
                shell.spread().map_or("-".into(), |s| s.show(2)),
                "".into(),
            ]);
            if let Some(ratio) = ratio {
                cold.row(vec![
                    "ratio paso-data ÷ sqlite3 (per run pair)".into(),
                    format!("{}×", ratio.show(2)),
                    "".into(),
                ]);
                report.budgets.push(report::Budget::at_most(
                    "cold start to first answer ÷ sqlite3 floor",
                    2.0,
                    ratio,
                ));
            }
        }
        (None, _) => report
            .skipped
            .push("cold start as a child process: no paso-data executable given".into()),
        (_, None) => report
            .skipped
            .push("cold start floor: no sqlite3 on PATH (Debian package sqlite3)".into()),
    }
    cold.note("in-process steps are measured on the embedded bundle the way the app opens it: into an empty shelf (first start), then from the shelf (every later start); shares are of the later start's sum of medians".into());
    cold.note("child processes: paso-data keeps its shelf in $PASO_DATA_CACHE (here the work folder); the first, uncounted run of each kind verifies and shelves the bundle".into());
    report.tables.push(cold);

    // 5. Memory.
    let time = Some(PathBuf::from("/usr/bin/time")).filter(|p| p.is_file());
    let mut memory = Table::new(
        "Peak memory (max RSS from /usr/bin/time -v; median of runs)",
        &["process", "peak RSS", "wall ms"],
    );
    match (&options.paso_data_exe, &time) {
        (Some(exe), Some(time)) => {
            progress.say("memory: peak RSS");
            let runs = if options.quick { 1 } else { 3 };
            let measure =
                |program: &std::path::Path, args: &[String]| -> Result<(u64, f64), BenchError> {
                    let mut rss = Vec::new();
                    let mut wall = Vec::new();
                    for _ in 0..runs {
                        let (bytes, ms) = startup::peak_rss(time, program, args)?;
                        rss.push(bytes as f64);
                        wall.push(ms);
                    }
                    Ok((
                        stats::Spread::of(&rss).map_or(0, |s| s.median as u64),
                        stats::Spread::of(&wall).map_or(0.0, |s| s.median),
                    ))
                };
            let (idle, idle_ms) = measure(exe, &["--version".to_string()])?;
            memory.row(vec![
                "paso-data --version (process floor)".into(),
                show_bytes(idle),
                format!("{idle_ms:.1}"),
            ]);
            // Once unmeasured: the first start shelves the bundle; every later start is what is measured.
            startup::run_quietly(exe, &startup::near_args())?;
            let (near, near_ms) = measure(exe, &startup::near_args())?;
            memory.row(vec![
                "paso-data near (default bundle)".into(),
                show_bytes(near),
                format!("{near_ms:.1}"),
            ]);
            if let Some(sqlite3) = &sqlite3 {
                let (floor, floor_ms) =
                    measure(sqlite3, &[db_path.display().to_string(), "select 1".into()])?;
                memory.row(vec![
                    "sqlite3 bundle.db 'select 1'".into(),
                    show_bytes(floor),
                    format!("{floor_ms:.1}"),
                ]);
            }
            report.budgets.push(report::Budget::bytes_at_most(
                "peak RSS of paso-data near (default bundle) ≤ process floor + 8 MB",
                idle + 8_000_000,
                near,
            ));
            // Every synthetic size (100k and 1M): the start and the memory must not grow with the bundle.
            for size in plan.synthetic_sizes.iter().copied() {
                let big = if options.quick {
                    Err(format!(
                        "peak RSS on the synthetic {} bundle: not in --quick",
                        size_label(size)
                    ))
                } else {
                    synthetic_bundle_file(options, base, towns, weights, size, progress)?
                };
                match big {
                    Ok((path, bytes, note)) => {
                        memory.note(note);
                        let mut args = startup::near_args();
                        // Far above the app's 64 MiB default database limit, so raised explicitly.
                        args.extend([
                            "--bundle".to_string(),
                            path.display().to_string(),
                            "--max-db-mib".to_string(),
                            (crate::bundle::format::MAX_CONTENT_BYTES >> 20).to_string(),
                        ]);
                        for key in &options.trust {
                            args.extend(["--trust".to_string(), key.display().to_string()]);
                        }
                        startup::run_quietly(exe, &args)?;
                        let (rss, wall_ms) = measure(exe, &args)?;
                        let label = size_label(size);
                        report.budgets.push(report::Budget::bytes_at_most(
                            &format!("peak RSS of paso-data near ({label} bundle)"),
                            64 << 20,
                            rss,
                        ));
                        if let Some(sqlite3) = &sqlite3 {
                            let big_db = work.join("synthetic-bundle.db");
                            let verified = crate::bundle::verify(&bytes, &options.trusted()?)?;
                            let db = verified.decompress_within(
                                &bytes,
                                crate::bundle::format::MAX_CONTENT_BYTES,
                            )?;
                            std::fs::write(&big_db, &db).map_err(|source| BenchError::Io {
                                path: big_db.display().to_string(),
                                source,
                            })?;
                            drop(db);
                            let (paso, shell) = startup::cold_start_with(
                                exe,
                                &args,
                                sqlite3,
                                &big_db,
                                plan.process_runs,
                            )?;
                            if let Some(ratio) = paso.ratio_to(&shell) {
                                memory.note(format!(
                                    "cold start at {label}: paso-data near {} ms, sqlite3 floor {} ms",
                                    paso.spread().map_or("-".into(), |s| s.show(1)),
                                    shell.spread().map_or("-".into(), |s| s.show(1)),
                                ));
                                report.budgets.push(report::Budget::at_most(
                                    &format!("cold start at {label} ÷ sqlite3 floor"),
                                    3.0,
                                    ratio,
                                ));
                            }
                            let _ = std::fs::remove_file(&big_db);
                        }
                        memory.row(vec![
                            format!(
                                "paso-data near (synthetic {label} bundle, {})",
                                show_bytes(bytes.len() as u64)
                            ),
                            show_bytes(rss),
                            format!("{wall_ms:.1}"),
                        ]);
                        let places = manifest.coverage.places + size as u64;
                        sizes.row(vec![
                            format!("synthetic {label} (real bundle + {label} synthetic places)"),
                            places.to_string(),
                            show_bytes(bytes.len() as u64),
                            format!("{:.0}", bytes.len() as f64 / places as f64),
                            "-".into(),
                        ]);
                    }
                    Err(why) => report.skipped.push(why),
                }
            }
        }
        (None, _) => report
            .skipped
            .push("peak RSS: no paso-data executable given".into()),
        (_, None) => report
            .skipped
            .push("peak RSS: /usr/bin/time is missing (Debian package time)".into()),
    }
    report.tables.push(sizes);
    report.tables.push(memory);
    Ok(())
}

/// The mapped places of the real bundle (exact or town-centre positions), as the catalog indexes them.
fn real_points(catalog: &crate::catalog::Catalog) -> PointSet {
    let mapped: Vec<_> = catalog
        .places()
        .iter()
        .filter(|p| p.is_mappable())
        .collect();
    PointSet {
        label: format!("real {}", mapped.len()),
        synthetic: false,
        positions: mapped.iter().filter_map(|p| p.position).collect(),
        categories: mapped.iter().map(|p| p.category).collect(),
    }
}

fn category_weights(set: &PointSet) -> Vec<(Category, u64)> {
    Category::ALL
        .iter()
        .map(|c| (*c, set.categories.iter().filter(|x| *x == c).count() as u64))
        .collect()
}

fn size_label(size: usize) -> String {
    if size >= 1_000_000 && size % 1_000_000 == 0 {
        format!("{}M", size / 1_000_000)
    } else if size >= 1000 && size % 1000 == 0 {
        format!("{}k", size / 1000)
    } else {
        size.to_string()
    }
}

fn synthetic_set(size: usize, seed: u64, towns: &[Town], weights: &[(Category, u64)]) -> PointSet {
    let places = SyntheticPlaces::generate(size, seed, towns, weights);
    PointSet {
        label: format!("synthetic {}", size_label(size)),
        synthetic: true,
        positions: places.positions,
        categories: places.categories,
    }
}

/// Times every method over the queries, round by round (methods interleaved), and checks each method's
/// answers against Paso's. Returns (method, µs per query per round, queries answered).
fn bench_nearest(
    indexes: &Indexes,
    queries: &[LatLon],
    category: Option<Category>,
    plan: &Plan,
) -> Result<Vec<(Method, Rounds, usize)>, BenchError> {
    const K: usize = 10;
    let mut measured = Vec::new();
    for method in Method::ALL {
        // Calibration (also a warm-up): a few queries to size the slow methods' share.
        let probe = queries.len().min(3);
        let start = Instant::now();
        for origin in &queries[..probe] {
            std::hint::black_box(indexes.nearest(method, *origin, K, category)?);
        }
        let seconds = start.elapsed().as_secs_f64() / probe.max(1) as f64;
        let count = match method {
            Method::Paso | Method::PasoBundle | Method::Kiddo => queries.len(),
            Method::BruteForce | Method::SqliteRtree => plan.queries_for(seconds),
        };
        measured.push((method, Rounds::default(), count));
    }
    let mut answers: Vec<Vec<Vec<nearest::Neighbour>>> = vec![Vec::new(); Method::ALL.len()];
    for round in 0..plan.rounds {
        for (slot, (method, rounds, count)) in measured.iter_mut().enumerate() {
            let mut found = Vec::with_capacity(*count);
            let start = Instant::now();
            for origin in &queries[..*count] {
                found.push(indexes.nearest(*method, *origin, K, category)?);
            }
            rounds.push(micros_per(start.elapsed(), *count));
            if round == 0 {
                answers[slot] = found;
            } else {
                std::hint::black_box(found);
            }
        }
    }
    for (slot, method) in Method::ALL.iter().enumerate().skip(1) {
        for (n, (expected, got)) in answers[0].iter().zip(&answers[slot]).enumerate() {
            nearest::check_same(expected, got).map_err(|why| {
                BenchError::Mismatch(format!(
                    "nearest on {} ({}), query {n} at {:?}: Paso vs {}: {why}",
                    indexes.set().label,
                    category.map_or("all", |c| c.as_str()),
                    queries[n],
                    method.name()
                ))
            })?;
        }
    }
    Ok(measured)
}

/// The cached synthetic bundle of `size` places for the memory line: reused when it is in the work
/// directory and verifies, written (minutes: zstd level 19) only when `--write-synthetic-bundle` asks.
/// `Ok(Err(why))` says why it is skipped.
#[allow(clippy::type_complexity)]
fn synthetic_bundle_file(
    options: &Options,
    base: &BundleDb,
    towns: &[Town],
    weights: &[(Category, u64)],
    size: usize,
    progress: &Progress,
) -> Result<Result<(PathBuf, Vec<u8>, String), String>, BenchError> {
    let label = size_label(size);
    let path = options.work_dir.join(format!(
        "synthetic-{label}-seed{}-schema{}.paso",
        options.seed,
        crate::store::schema::CONTENT_SCHEMA_VERSION
    ));
    let trusted = options.trusted()?;
    if let Some(bytes) = std::fs::read(&path)
        .ok()
        .filter(|bytes| crate::bundle::verify(bytes, &trusted).is_ok())
    {
        let note = format!("the synthetic bundle was reused from {}", path.display());
        return Ok(Ok((path, bytes, note)));
    }
    if !options.write_synthetic_bundle {
        return Ok(Err(format!(
            "peak RSS on the synthetic {label} bundle: not written yet; run `paso-data bench --write-synthetic-bundle` once (several minutes), later runs reuse it from {}",
            options.work_dir.display()
        )));
    }
    let Some(key) = &options.dev_key else {
        return Ok(Err(format!(
            "peak RSS on the synthetic {label} bundle: no development key to sign it (--dev-key)"
        )));
    };
    progress.say(&format!(
        "memory: writing a synthetic {label} bundle (once; later runs reuse it)"
    ));
    let key = crate::bundle::keys::read_signing_key(key)?;
    let places = SyntheticPlaces::generate(size, options.seed + 30, towns, weights);
    let (bytes, took) = stats::timed(|| synthetic::synthetic_bundle(base, &places, towns, &key));
    let bytes = bytes?;
    std::fs::write(&path, &bytes).map_err(|source| BenchError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let note = format!(
        "the synthetic bundle was written to {} in {:.1} s (not part of any measurement; reused by later runs)",
        path.display(),
        took.as_secs_f64()
    );
    Ok(Ok((path, bytes, note)))
}
