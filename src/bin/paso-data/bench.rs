//! `paso-data bench`: argument glue around [`paso::bench::run`].

use anyhow::{Context, Result};
use std::path::PathBuf;

/// Arguments of `paso-data bench`.
#[derive(clap::Args)]
pub struct BenchArgs {
    /// Short smoke run for CI: checks that the methods agree; the numbers mean nothing.
    #[arg(long)]
    quick: bool,
    /// Seed for the synthetic places and the query points.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// The development key that signs the temporary synthetic 100k and 1M bundles (for the start and memory lines).
    #[arg(long, default_value = "data/keys/dev-only-DO-NOT-SHIP.key")]
    dev_key: PathBuf,
    /// Write the synthetic 100k and 1M bundles for the start and memory lines if they are not cached yet (several minutes, once).
    #[arg(long)]
    write_synthetic_bundle: bool,
    /// Where temporary files go (the synthetic bundles are cached there between runs).
    #[arg(long)]
    work_dir: Option<PathBuf>,
    /// Also write the report (Markdown) to this file.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Only run this many of the query points through the nearest loops at 1M (the app's near, the app's
    /// near reading every candidate's facts, kiddo), for callgrind; times nothing (see
    /// `paso::bench::profile`).
    #[arg(long, value_name = "QUERIES")]
    profile_nearest: Option<usize>,
    #[command(flatten)]
    trust: crate::trust::TrustArgs,
}

pub fn command_bench(args: BenchArgs) -> Result<()> {
    let mut options = if args.quick {
        paso::bench::Options::quick()
    } else {
        paso::bench::Options::full()
    };
    options.seed = args.seed;
    options.progress = true;
    options.paso_data_exe = std::env::current_exe().ok();
    options.dev_key = Some(args.dev_key).filter(|p| p.exists());
    options.trust = args.trust.trust.clone();
    // The synthetic bundle is signed with --dev-key: its public key (beside it) is trusted for that bundle.
    if let Some(public) = options
        .dev_key
        .as_ref()
        .map(|k| k.with_extension("pub"))
        .filter(|p| p.exists())
    {
        options.trust.push(public);
    }
    options.write_synthetic_bundle = args.write_synthetic_bundle;
    if let Some(dir) = args.work_dir {
        options.work_dir = dir;
    }
    if let Some(queries) = args.profile_nearest {
        let ran = paso::bench::profile::profile_nearest(&options, queries)
            .context("the profiled nearest loops failed")?;
        println!("{ran} queries per loop at 1M places: the app's near, the app's near reading facts, kiddo; all agree");
        return Ok(());
    }
    let report = paso::bench::run(&options).context("the benchmark run failed")?;
    let text = report.to_markdown();
    println!("{text}");
    if let Some(out) = args.out {
        std::fs::write(&out, &text).with_context(|| format!("cannot write {}", out.display()))?;
    }
    Ok(())
}
