//! `paso-data diff | publish | install | status`: the update commands for editors and field staff. Glue only:
//! the logic is in `paso::update`. `install` does exactly what the app does and exits with status 2 on any
//! refusal, naming the reason.

use crate::trust::TrustArgs;
use anyhow::{Context, Result};
use paso::bundle::keys::read_signing_key;
use paso::update::{
    self, delta, publish, InstallOutcome, Progress, SlotStatus, Stage, UpdateError,
};
use serde_json::json;
use std::path::PathBuf;

/// Exit status of a refused install.
const REFUSED: i32 = 2;

/// `paso-data diff OLD NEW --key KEY --out PATCH`.
#[derive(clap::Args)]
pub struct DiffArgs {
    /// The bundle phones have.
    old: PathBuf,
    /// The newer bundle.
    new: PathBuf,
    /// The publisher's secret key file (signs the patch).
    #[arg(long)]
    key: PathBuf,
    /// Where to write the patch.
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    trust: TrustArgs,
}

/// `paso-data publish BUNDLE... --key KEY --out DIR`.
#[derive(clap::Args)]
pub struct PublishArgs {
    /// Bundle files: the newest is published in full, with patches to it from the others.
    #[arg(required = true)]
    bundles: Vec<PathBuf>,
    /// The publisher's secret key file (signs the patches and latest.json).
    #[arg(long)]
    key: PathBuf,
    /// The folder to serve as is.
    #[arg(long)]
    out: PathBuf,
    /// Patches from at most this many older versions (0: full bundle only).
    #[arg(long, default_value_t = 3)]
    deltas: usize,
    /// Days until latest.json goes stale (phones then refuse it until it is published again).
    #[arg(long, default_value_t = 30)]
    expires_days: u32,
    /// A root list (from `root sign`) to deliver beside latest.json, oldest first. Repeatable.
    #[arg(long = "root")]
    root: Vec<PathBuf>,
    #[command(flatten)]
    trust: TrustArgs,
}

/// `paso-data install FILE|URL --data-dir DIR`.
#[derive(clap::Args)]
pub struct InstallArgs {
    /// A .paso or .patch file, or an http(s) URL of a latest.json, .paso or .patch.
    source: String,
    /// The app's data folder (bundles go to DIR/bundles; nothing else in DIR is touched).
    #[arg(long)]
    data_dir: PathBuf,
    #[command(flatten)]
    trust: TrustArgs,
    /// Follow redirects to another server (scheme, host or port); refused by default.
    #[arg(long)]
    allow_other_hosts: bool,
    /// JSON output.
    #[arg(long)]
    json: bool,
}

/// `paso-data status --data-dir DIR`.
#[derive(clap::Args)]
pub struct StatusArgs {
    /// The app's data folder.
    #[arg(long)]
    data_dir: PathBuf,
    #[command(flatten)]
    trust: TrustArgs,
    /// JSON output.
    #[arg(long)]
    json: bool,
}

/// Writes a signed patch from OLD to NEW.
pub fn command_diff(args: DiffArgs) -> Result<()> {
    let key = read_signing_key(&args.key)?;
    let read = |path: &PathBuf| {
        std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
    };
    let (old, new) = (read(&args.old)?, read(&args.new)?);
    let mut trusted = args.trust.keys_for(&new)?;
    trusted.add(key.verifying_key(), "the --key given");
    let patch = delta::make_patch(&old, &new, &key, &trusted).with_context(|| {
        format!(
            "cannot diff {} → {}",
            args.old.display(),
            args.new.display()
        )
    })?;
    std::fs::write(&args.out, &patch)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let header = delta::read_patch(&patch, &trusted)?.header;
    println!(
        "wrote {}: v{} → v{}, {} bytes ({:.1}% of the {}-byte bundle)",
        args.out.display(),
        header.from.version,
        header.to.version,
        patch.len(),
        100.0 * patch.len() as f64 / new.len() as f64,
        new.len()
    );
    Ok(())
}

/// Lays out a static folder.
pub fn command_publish(args: PublishArgs) -> Result<()> {
    let key = read_signing_key(&args.key)?;
    let mut bundles = Vec::new();
    for path in &args.bundles {
        bundles
            .push(std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?);
    }
    let now = chrono::Utc::now();
    let options = publish::PublishOptions {
        max_deltas: args.deltas,
        expires: now + chrono::Duration::days(i64::from(args.expires_days)),
        now,
        root: crate::trust::read_root_lists(&args.root)?,
        trusted: args.trust.keys()?,
    };
    let report = publish::publish(&bundles, &key, &args.out, &options)
        .with_context(|| format!("cannot publish to {}", args.out.display()))?;
    println!(
        "published {} v{} to {}:",
        report.bundle_id,
        report.version,
        args.out.display()
    );
    for file in &report.files {
        let name = file.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        match file.from_version {
            Some(from) => println!(
                "  {name:<44} {:>10} bytes  (delta from v{from})",
                file.bytes
            ),
            None => println!("  {name:<44} {:>10} bytes", file.bytes),
        }
    }
    Ok(())
}

fn progress_bar(hidden: bool) -> indicatif::ProgressBar {
    let bar = if hidden {
        indicatif::ProgressBar::hidden()
    } else {
        indicatif::ProgressBar::new(0)
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg:12} {bar:30} {bytes}/{total_bytes}")
            .expect("valid template"),
    );
    bar
}

/// Installs from a file or URL, as the app does.
pub fn command_install(args: InstallArgs) -> Result<()> {
    let trusted = args.trust.keys()?;
    let bar = progress_bar(args.json);
    let mut progress = |p: Progress| {
        bar.set_message(match p.stage {
            Stage::Checking => "checking",
            Stage::Downloading => "downloading",
            Stage::Verifying => "verifying",
            Stage::Installing => "installing",
        });
        if p.stage == Stage::Downloading {
            bar.set_length(p.total);
            bar.set_position(p.done);
        }
    };
    let is_url = args.source.starts_with("http://") || args.source.starts_with("https://");
    let outcome = if is_url {
        let options = update::fetch::FetchOptions {
            allow_other_hosts: args.allow_other_hosts,
            ..Default::default()
        };
        update::check_and_install_with(
            &args.data_dir,
            &args.source,
            &trusted,
            &options,
            &mut progress,
        )
    } else {
        update::install_file(
            &args.data_dir,
            std::path::Path::new(&args.source),
            &trusted,
            &mut progress,
        )
    };
    bar.finish_and_clear();
    match outcome {
        Ok(outcome) => {
            print_outcome(&outcome, args.json);
            Ok(())
        }
        Err(error) => refuse(&error, args.json),
    }
}

fn print_outcome(outcome: &InstallOutcome, as_json: bool) {
    match outcome {
        InstallOutcome::Installed(i) if as_json => println!(
            "{}",
            json!({
                "result": "installed",
                "bundle_id": i.bundle_id,
                "from_version": i.from_version,
                "version": i.version,
                "sha256": i.sha256,
                "publisher": i.publisher,
                "via": i.via.as_str(),
                "downloaded_bytes": i.downloaded_bytes,
                "delta_failure": i.delta_failure,
            })
        ),
        InstallOutcome::Installed(i) => {
            println!(
                "installed {} v{}{} via {} ({} bytes downloaded), signed by {}, sha256 {}",
                i.bundle_id,
                i.version,
                i.from_version
                    .map(|v| format!(" (was v{v})"))
                    .unwrap_or_default(),
                i.via.as_str(),
                i.downloaded_bytes,
                i.publisher,
                i.sha256
            );
            if let Some(why) = &i.delta_failure {
                println!(
                    "the delta could not be used ({why}); the full bundle was fetched instead"
                );
            }
        }
        InstallOutcome::UpToDate { version, sha256 } if as_json => println!(
            "{}",
            json!({"result": "up-to-date", "version": version, "sha256": sha256})
        ),
        InstallOutcome::UpToDate { version, .. } => {
            println!("already up to date: v{version} is installed")
        }
    }
}

fn refuse(error: &UpdateError, as_json: bool) -> ! {
    if as_json {
        println!(
            "{}",
            json!({"result": "refused", "reason": error.reason_key(), "message": error.to_string()})
        );
    } else {
        eprintln!(
            "refused ({}): {error}. The installed data is unchanged.",
            error.reason_key()
        );
    }
    std::process::exit(REFUSED)
}

fn slot_json(slot: &SlotStatus) -> serde_json::Value {
    match slot {
        SlotStatus::Missing => json!(null),
        SlotStatus::Valid(b) => json!({
            "valid": true, "bundle_id": b.bundle_id, "version": b.version, "created": b.created,
            "publisher": b.publisher, "key_id": b.key_id, "sha256": b.sha256, "bytes": b.bytes,
        }),
        SlotStatus::Invalid { reason_key, detail } => {
            json!({"valid": false, "reason": reason_key, "message": detail})
        }
    }
}

fn slot_text(slot: &SlotStatus) -> String {
    match slot {
        SlotStatus::Missing => "none".into(),
        SlotStatus::Valid(b) => format!(
            "{} v{} created {}, signed by {} (key {}), sha256 {}, {} bytes",
            b.bundle_id, b.version, b.created, b.publisher, b.key_id, b.sha256, b.bytes
        ),
        SlotStatus::Invalid { reason_key, detail } => format!("INVALID ({reason_key}): {detail}"),
    }
}

/// Prints what is installed.
pub fn command_status(args: StatusArgs) -> Result<()> {
    let trusted = args.trust.keys()?;
    let status = update::status(&args.data_dir, &trusted)?;
    let (_, active) = update::open_active(&args.data_dir, &trusted)?;
    if args.json {
        let value = json!({
            "bundle_id": status.bundle_id,
            "active": active.slot.as_str(),
            "skipped": active.skipped.iter().map(|s| json!({"slot": s.slot.as_str(), "reason": s.reason_key, "message": s.detail})).collect::<Vec<_>>(),
            "installed": slot_json(&status.current),
            "previous": slot_json(&status.previous),
            "previous_kept": matches!(status.previous, SlotStatus::Valid(_)),
            "embedded": slot_json(&SlotStatus::Valid(status.embedded.clone())),
            "highest_installed": status.highest_installed,
            "state_problems": status.state_problems,
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    println!("data set:  {}", status.bundle_id);
    println!("in use:    {}", active.slot.as_str());
    for skipped in &active.skipped {
        println!(
            "  skipped {} ({}): {}",
            skipped.slot.as_str(),
            skipped.reason_key,
            skipped.detail
        );
    }
    println!("installed: {}", slot_text(&status.current));
    println!("previous:  {}", slot_text(&status.previous));
    println!(
        "built in:  {}",
        slot_text(&SlotStatus::Valid(status.embedded.clone()))
    );
    if let Some(highest) = status.highest_installed {
        println!("highest version ever installed here: v{highest} (older ones are refused)");
    }
    for problem in &status.state_problems {
        println!("warning: {problem}");
    }
    Ok(())
}
