//! `paso-data`: the editors' and field staff's command line tool. It builds, signs and verifies bundles and
//! answers the same questions as the app (near, search, guide). Glue only: the logic lives in the library.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use paso::bundle::build::{build, BuildOptions};
use paso::bundle::keys::{generate, read_signing_key, write_key_pair};
use paso::bundle::{verify, BundleError};
use paso::catalog::SearchTarget;
use paso::catalog::{Catalog, Column, NearQuery};
use paso::i18n::Localizer;
use paso::model::{Category, CountryCode, LatLon, TargetGroup};
use paso::store::{ContentStore, Limits};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod bench;
mod guide_stats;
mod trust;
mod update_commands;

use trust::TrustArgs;

#[derive(Parser)]
#[command(
    name = "paso-data",
    version,
    about = "Build, sign, verify and query Paso data bundles"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Largest content database to open, in MiB (default 64). Only for bundles known to be larger, such as
    /// the benchmark's synthetic 1M-place bundle; `install` always uses the app's default.
    #[arg(long, global = true)]
    max_db_mib: Option<u64>,
}

/// The limits bundles are opened under, from `--max-db-mib`.
static LIMITS: std::sync::OnceLock<Limits> = std::sync::OnceLock::new();

fn limits() -> Limits {
    LIMITS.get().copied().unwrap_or_default()
}

#[derive(Subcommand)]
enum Command {
    /// Build a signed bundle from a data folder (and editors' files); writes nothing if any input has errors.
    Build {
        /// The data folder with bundle.toml, sources/, guides/ and optional editor/.
        #[arg(long, default_value = "data")]
        sources: PathBuf,
        /// Where to write the bundle (.paso).
        #[arg(long)]
        out: PathBuf,
        /// The publisher's secret key file (from `keygen`).
        #[arg(long)]
        key: PathBuf,
        /// Bundle version; defaults to the one in bundle.toml.
        #[arg(long)]
        version: Option<u64>,
        /// An editor file to import: HXL or plain CSV, or GeoJSON with OSM tags. Repeatable.
        #[arg(long = "import")]
        imports: Vec<PathBuf>,
        /// A root list (from `root sign`) to carry in the manifest, oldest first. Repeatable.
        #[arg(long = "root")]
        root: Vec<PathBuf>,
    },
    /// Check a bundle's signature (trusted publishers only) and hashes; exit 0 only when valid.
    Verify {
        /// The bundle file.
        file: PathBuf,
        #[command(flatten)]
        trust: TrustArgs,
    },
    /// Counts by country, category, precision, status and verification.
    Info {
        /// A bundle file; default: the embedded bundle.
        #[arg(long)]
        bundle: Option<PathBuf>,
        #[command(flatten)]
        trust: TrustArgs,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// The nearest help to a point.
    Near {
        /// A bundle file; default: the embedded bundle.
        #[arg(long)]
        bundle: Option<PathBuf>,
        #[command(flatten)]
        trust: TrustArgs,
        /// Latitude in degrees.
        #[arg(long, allow_hyphen_values = true)]
        lat: f64,
        /// Longitude in degrees.
        #[arg(long, allow_hyphen_values = true)]
        lon: f64,
        /// Only this category (repeatable): shelter, health, migration_office, border_crossing,
        /// reception_centre, consulate, humanitarian_org, legal_aid.
        #[arg(long = "category")]
        categories: Vec<Category>,
        /// Only places that serve this group (repeatable): families, women, unaccompanied_children, lgbti.
        #[arg(long = "serves")]
        serves: Vec<TargetGroup>,
        /// How many results.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Only within this many kilometres.
        #[arg(long)]
        radius_km: Option<f64>,
        /// Leave out closed places (by default they are listed, with a warning).
        #[arg(long)]
        exclude_closed: bool,
        /// Leave out places placed at a town's centre.
        #[arg(long)]
        exact_only: bool,
        /// Language for labels.
        #[arg(long, default_value = "en")]
        lang: String,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Search places, towns and guides by name (accents and case ignored).
    Search {
        /// A bundle file; default: the embedded bundle.
        #[arg(long)]
        bundle: Option<PathBuf>,
        #[command(flatten)]
        trust: TrustArgs,
        /// What to look for.
        query: String,
        /// Language of guide sections to include.
        #[arg(long, default_value = "es")]
        lang: String,
        /// How many results.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Print a country guide, with the visa line for a nationality.
    Guide {
        /// Country code, e.g. CR.
        country: String,
        /// Language.
        #[arg(long, default_value = "es")]
        lang: String,
        /// Passport country code, e.g. VE.
        #[arg(long)]
        nationality: Option<String>,
        /// A bundle file; default: the embedded bundle.
        #[arg(long)]
        bundle: Option<PathBuf>,
        #[command(flatten)]
        trust: TrustArgs,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Measure the guides in a data folder (format v2): words and average sentence length in Spanish,
    /// key-points words, acronyms not written out, emergency numbers with an official or UN source,
    /// conflict blocks, v2 errors.
    GuideStats {
        /// The data folder (holds `guides/`).
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// Language to measure.
        #[arg(long, default_value = "es")]
        lang: String,
    },
    /// Measure Paso against the alternatives (brute force, SQLite R*Tree and LIKE, kiddo, sqlite3) and
    /// print a ratio table; fails if methods that must agree do not. See BENCHMARKS.md.
    Bench(bench::BenchArgs),
    /// Write a signed patch from OLD to NEW (phones with OLD download only the patch).
    Diff(update_commands::DiffArgs),
    /// Lay out a folder for a static web server: latest.json, the newest full bundle, deltas to it.
    Publish(update_commands::PublishArgs),
    /// Install a bundle or patch file, or update from a URL, exactly as the app does; exit 2 on refusal.
    Install(update_commands::InstallArgs),
    /// Show the installed, previous and built-in bundles of a data folder.
    Status(update_commands::StatusArgs),
    /// Root keys and root lists: which publisher keys phones accept (revocation, rotation, version limits).
    #[command(subcommand)]
    Root(trust::RootCommand),
    /// Make a new publisher key pair: PREFIX.key (secret) and PREFIX.pub.
    Keygen {
        /// Path prefix for the two files.
        #[arg(long)]
        out: PathBuf,
    },
}

fn main() {
    // The library logs through `log`: warnings and errors, and the bench's progress lines (`--progress`), go to
    // stderr (RUST_LOG can ask for more).
    env_logger::Builder::from_env(
        env_logger::Env::default().default_filter_or("warn,paso::bench=info"),
    )
    .format_timestamp(None)
    .init();
    let cli = Cli::parse();
    if let Err(error) = run(cli) {
        eprintln!("error: {error:#}");
        std::process::exit(1);
    }
}

fn run(cli: Cli) -> Result<()> {
    if let Some(mib) = cli.max_db_mib {
        let _ = LIMITS.set(Limits::default().with_max_db_bytes(mib << 20));
    }
    match cli.command {
        Command::Build {
            sources,
            out,
            key,
            version,
            imports,
            root,
        } => command_build(&sources, &out, &key, version, imports, &root),
        Command::Verify { file, trust } => command_verify(&file, &trust),
        Command::Info {
            bundle,
            trust,
            json,
        } => command_info(bundle.as_deref(), &trust, json),
        Command::Near {
            bundle,
            trust,
            lat,
            lon,
            categories,
            serves,
            limit,
            radius_km,
            exclude_closed,
            exact_only,
            lang,
            json,
        } => {
            let origin = LatLon::new(lat, lon);
            if !origin.is_valid() {
                bail!("--lat {lat} --lon {lon} is not a position (latitude −90…90, longitude −180…180)");
            }
            let query = NearQuery {
                origin,
                categories,
                serves,
                include_closed: !exclude_closed,
                include_approximate: !exact_only,
                limit,
                radius_m: radius_km.map(|km| km * 1000.0),
            };
            command_near(bundle.as_deref(), &trust, &query, &lang, json)
        }
        Command::Search {
            bundle,
            trust,
            query,
            lang,
            limit,
            json,
        } => command_search(bundle.as_deref(), &trust, &query, &lang, limit, json),
        Command::Guide {
            country,
            lang,
            nationality,
            bundle,
            trust,
            json,
        } => command_guide(
            bundle.as_deref(),
            &trust,
            &country,
            &lang,
            nationality.as_deref(),
            json,
        ),
        Command::GuideStats { data, lang } => guide_stats::command_guide_stats(&data, &lang),
        Command::Bench(args) => bench::command_bench(args),
        Command::Diff(args) => update_commands::command_diff(args),
        Command::Publish(args) => update_commands::command_publish(args),
        Command::Install(args) => update_commands::command_install(args),
        Command::Status(args) => update_commands::command_status(args),
        Command::Root(command) => trust::command_root(command),
        Command::Keygen { out } => {
            let key = generate()?;
            let (secret, public) = write_key_pair(&out, &key)?;
            println!("wrote {secret} (secret: keep it offline) and {public}");
            println!(
                "key id {}",
                paso::bundle::keys::key_id(&key.verifying_key())
            );
            Ok(())
        }
    }
}

/// A bundle file checked with the built-in keys and `--trust`/`--trust-root` (and the root lists it
/// carries), or the embedded default bundle, checked by the hash pinned at build time. Both go through the
/// shelf of verified databases in the user's cache folder (`PASO_DATA_CACHE` overrides it): verified in
/// full the first time, then opened in place after the cheap check. Without a usable cache folder, the
/// bundle opens in memory as before.
fn open_catalog(bundle: Option<&Path>, trust: &TrustArgs) -> Result<Catalog> {
    let shelf = cli_shelf();
    match bundle {
        Some(path) => {
            // The root lists a bundle carries are in its head: the payload is read only without a shelf.
            let head = paso::store::shelf::read_head(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let keys = trust.keys_for(&head)?;
            if let Some(shelf) = &shelf {
                match Catalog::open_shelved(shelf, path, &keys, &limits()) {
                    Ok((catalog, _)) => return Ok(catalog),
                    Err(paso::store::StoreError::Io { path: at, source }) => {
                        log::warn!("the shelf failed at {at} ({source}); opening in memory")
                    }
                    Err(error) => {
                        return Err(error)
                            .with_context(|| format!("{} was refused", path.display()))
                    }
                }
            }
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            Catalog::open_with(&bytes, &keys, &limits())
                .with_context(|| format!("{} was refused", path.display()))
        }
        None => {
            if let Some(shelf) = &shelf {
                match Catalog::open_default_shelved(shelf) {
                    Ok((catalog, _)) => return Ok(catalog),
                    Err(error) => log::warn!("the shelf failed ({error}); opening in memory"),
                }
            }
            Catalog::open_default().context("the embedded default bundle was refused")
        }
    }
}

/// Where `paso-data` keeps verified databases: `$PASO_DATA_CACHE`, else the user's cache folder.
fn cli_shelf() -> Option<paso::store::shelf::Shelf> {
    let dir = std::env::var_os("PASO_DATA_CACHE")
        .map(PathBuf::from)
        .or_else(|| dirs::cache_dir().map(|d| d.join("paso-data")))?;
    Some(paso::store::shelf::Shelf::new(dir.join("db")))
}

fn command_build(
    sources: &Path,
    out: &Path,
    key: &Path,
    version: Option<u64>,
    imports: Vec<PathBuf>,
    root: &[PathBuf],
) -> Result<()> {
    let key = read_signing_key(key)?;
    let root = trust::read_root_lists(root)?;
    let bar = indicatif::ProgressBar::new(1);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
            .expect("valid template"),
    );
    let options = BuildOptions {
        data_dir: sources.to_path_buf(),
        imports,
        version,
    };
    let report = build(&options, &key, &mut |progress| {
        bar.set_length(progress.total);
        bar.set_position(progress.done);
        bar.set_message(progress.step);
    });
    bar.finish_and_clear();
    let report = match report {
        Ok(report) => report,
        Err(BundleError::Invalid(diagnostics)) => {
            eprint!("{diagnostics}");
            bail!(
                "{} error(s), {} warning(s); no bundle was written",
                diagnostics.error_count(),
                diagnostics.warning_count()
            );
        }
        Err(other) => return Err(other.into()),
    };
    let mut report = report;
    if !root.is_empty() {
        report.bundle = paso::bundle::format::with_root_lists(&report.bundle, root, &key)?;
    }
    write_atomically(out, &report.bundle)?;
    let manifest = &report.manifest;
    for warning in report.diagnostics.items().iter().take(12) {
        eprintln!("{warning}");
    }
    if report.diagnostics.warning_count() > 12 {
        eprintln!(
            "… and {} more warnings",
            report.diagnostics.warning_count() - 12
        );
    }
    let mut refused: BTreeMap<(String, String), usize> = BTreeMap::new();
    for refusal in &report.refused {
        *refused
            .entry((refusal.file.clone(), refusal.reason.clone()))
            .or_default() += 1;
    }
    for ((file, reason), count) in &refused {
        println!("licence gate: refused {count} row(s) of {file}: {reason}");
    }
    println!(
        "built {} v{} ({} bytes, {} places, {} on the map, {} towns, {} guides), created {}, sha256 {}",
        out.display(),
        manifest.version,
        report.bundle.len(),
        manifest.coverage.places,
        manifest.coverage.mapped_places,
        manifest.coverage.towns,
        manifest.coverage.guides,
        manifest.created,
        paso::bundle::format::sha256_hex(&report.bundle)
    );
    for attribution in &manifest.attributions {
        println!(
            "  {:<28} {:>6} rows  {}",
            attribution.id, attribution.rows, attribution.licence
        );
    }
    Ok(())
}

/// Writes to a temporary file beside `path`, syncs it and renames it over `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = dir.join(format!(
        ".{}.partial",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("bundle")
    ));
    let mut file =
        std::fs::File::create(&temp).with_context(|| format!("cannot write {}", temp.display()))?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&temp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

fn command_verify(file: &Path, trust: &TrustArgs) -> Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let verified = verify(&bytes, &trust.keys_for(&bytes)?)
        .with_context(|| format!("{} is NOT valid", file.display()))?;
    // Valid means the app would open it: size limit, content hash, exact schema, SQLite's quick check.
    ContentStore::open_verified(&bytes, &verified, &limits())
        .and_then(|store| store.quick_check())
        .with_context(|| format!("{} is NOT valid", file.display()))?;
    let m = &verified.manifest;
    println!(
        "{}: valid. {} v{} created {}, signed by {} (key {}), sha256 {}",
        file.display(),
        m.bundle_id,
        m.version,
        m.created,
        if verified.signer.name().is_empty() {
            &m.publisher.name
        } else {
            verified.signer.name()
        },
        m.publisher.key_id,
        verified.file_sha256
    );
    Ok(())
}

/// The curated route points as a country × category table, with totals.
fn print_curated_matrix(matrix: &BTreeMap<CountryCode, BTreeMap<Category, u64>>) {
    let total: u64 = matrix.values().flat_map(|c| c.values()).sum();
    println!("curated route points: {total}");
    let short = |c: &Category| match c {
        Category::Shelter => "shelter",
        Category::Health => "health",
        Category::MigrationOffice => "migr.",
        Category::BorderCrossing => "border",
        Category::ReceptionCentre => "recept.",
        Category::Consulate => "consul.",
        Category::HumanitarianOrg => "human.",
        Category::LegalAid => "legal",
    };
    print!("  {:<4}", "");
    for category in Category::ALL {
        print!("{:>8}", short(category));
    }
    println!("{:>8}", "all");
    for (country, counts) in matrix {
        print!("  {:<4}", country.as_str());
        for category in Category::ALL {
            print!("{:>8}", counts.get(category).copied().unwrap_or(0));
        }
        println!("{:>8}", counts.values().sum::<u64>());
    }
}

fn command_info(bundle: Option<&Path>, trust: &TrustArgs, as_json: bool) -> Result<()> {
    let catalog = open_catalog(bundle, trust)?;
    let manifest = catalog.manifest();
    let mut groups = BTreeMap::new();
    for column in Column::ALL {
        groups.insert(column.as_str(), catalog.counts(column)?);
    }
    let curated = catalog.country_category_counts()?;
    if as_json {
        let mut value = json!({
            "bundle_id": manifest.bundle_id,
            "version": manifest.version,
            "created": manifest.created,
            "sha256": catalog.file_sha256(),
            "publisher": manifest.publisher.name,
            "places": manifest.coverage.places,
            "mapped_places": manifest.coverage.mapped_places,
            "towns": manifest.coverage.towns,
            "guides": manifest.coverage.guides,
            "attributions": manifest.attributions,
        });
        for (column, counts) in &groups {
            let map: BTreeMap<&str, u64> = counts.iter().map(|(k, v)| (k.as_str(), *v)).collect();
            value[*column] = json!(map);
        }
        value["curated"] = json!({
            "total": curated.values().flat_map(|c| c.values()).sum::<u64>(),
            "by_country_category": curated
                .iter()
                .map(|(country, counts)| {
                    let counts: BTreeMap<&str, u64> =
                        counts.iter().map(|(c, n)| (c.as_str(), *n)).collect();
                    (country.to_string(), counts)
                })
                .collect::<BTreeMap<_, _>>(),
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    println!(
        "{} v{} created {} — {}",
        manifest.bundle_id, manifest.version, manifest.created, manifest.publisher.name
    );
    println!("sha256 {}", catalog.file_sha256());
    println!(
        "{} places ({} on the map), {} towns, {} guides",
        manifest.coverage.places,
        manifest.coverage.mapped_places,
        manifest.coverage.towns,
        manifest.coverage.guides
    );
    for (column, counts) in &groups {
        println!("by {column}:");
        for (key, count) in counts {
            println!("  {key:<24} {count:>6}");
        }
    }
    print_curated_matrix(&curated);
    println!("sources:");
    for a in &manifest.attributions {
        println!(
            "  {:<28} {:>6} rows  {:<26} {}",
            a.id, a.rows, a.licence, a.attribution
        );
    }
    Ok(())
}

fn command_near(
    bundle: Option<&Path>,
    trust: &TrustArgs,
    query: &NearQuery,
    lang: &str,
    as_json: bool,
) -> Result<()> {
    let catalog = open_catalog(bundle, trust)?;
    let results = catalog.near(query);
    let l10n = Localizer::new(lang);
    if as_json {
        let rows: Vec<_> = results
            .iter()
            .map(|n| {
                let p = &n.place;
                json!({
                    "id": p.id.0,
                    "name": p.names.get(l10n.lang()),
                    "category": p.category.as_str(),
                    "country": p.country.as_str(),
                    "across_border": n.across_border,
                    "town": p.town,
                    "lat": p.position.map(|x| x.lat),
                    "lon": p.position.map(|x| x.lon),
                    "distance_m": (n.distance_m * 10.0).round() / 10.0,
                    "bearing_deg": (n.bearing_deg * 10.0).round() / 10.0,
                    "location_precision": p.precision.as_str(),
                    "status": p.status.as_str(),
                    "verification": p.verification.as_str(),
                    "serves": p.serves,
                    "phones": p.phones,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    if results.is_empty() {
        println!("nothing found");
    }
    let mut closed_heading = false;
    for n in &results {
        let p = &n.place;
        if p.status.is_closed() && !closed_heading {
            closed_heading = true;
            println!("-- {} --", l10n.tr("near-closed-group"));
        }
        let mut flags = Vec::new();
        if n.across_border {
            let country = catalog.country_name(p.country, l10n.language());
            flags.push(l10n.tr_args(
                "near-across-border",
                &[("country", paso::i18n::Arg::Text(&country))],
            ));
        }
        if p.precision == paso::model::LocationPrecision::Town {
            flags.push(l10n.precision(p.precision));
        }
        if p.status.is_closed() || p.status != paso::model::PlaceStatus::Unknown {
            flags.push(l10n.status(p.status));
        }
        flags.push(l10n.verification(p.verification));
        println!(
            "{:>8} {:<10} {:<18} {}  [{}]",
            l10n.distance(n.distance_m),
            l10n.direction(n.bearing_deg),
            l10n.category(p.category),
            p.names.get(l10n.lang()),
            flags.join("; ")
        );
    }
    Ok(())
}

fn command_search(
    bundle: Option<&Path>,
    trust: &TrustArgs,
    query: &str,
    lang: &str,
    limit: usize,
    as_json: bool,
) -> Result<()> {
    let catalog = open_catalog(bundle, trust)?;
    let hits = catalog.search(query, lang, limit)?;
    let rows: Vec<_> = hits
        .iter()
        .map(|hit| {
            let mut row = match &hit.target {
                SearchTarget::Place(id) => json!({"kind": "place", "id": id.0, "title": hit.title}),
                SearchTarget::Town(id) => {
                    let town = catalog.town(id).ok().flatten();
                    json!({"kind": "town", "id": id, "title": hit.title,
                           "country": town.as_ref().map(|t| t.country.to_string()),
                           "admin1": town.as_ref().and_then(|t| t.admin1.clone()),
                           "lat": town.as_ref().map(|t| t.position.lat), "lon": town.as_ref().map(|t| t.position.lon)})
                }
                SearchTarget::Guide(country, lang, section) => {
                    json!({"kind": "guide", "country": country.as_str(), "lang": lang, "section": section, "title": hit.title})
                }
                SearchTarget::Card(id, lang) => {
                    json!({"kind": "card", "id": id, "lang": lang, "title": hit.title})
                }
            };
            row["matched"] = json!(hit.matched);
            row["how"] = json!(hit.how.as_str());
            row
        })
        .collect();
    if as_json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else if rows.is_empty() {
        println!("nothing found for {query:?}");
    } else {
        for row in rows {
            println!(
                "{:<6} {}  ({})",
                row["kind"].as_str().unwrap_or(""),
                row["title"].as_str().unwrap_or(""),
                row.get("id")
                    .or(row.get("section"))
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
            );
        }
    }
    Ok(())
}

fn command_guide(
    bundle: Option<&Path>,
    trust: &TrustArgs,
    country: &str,
    lang: &str,
    nationality: Option<&str>,
    as_json: bool,
) -> Result<()> {
    let catalog = open_catalog(bundle, trust)?;
    let country = CountryCode::parse(country)
        .with_context(|| format!("{country:?} is not a country code such as CR"))?;
    let lang = Localizer::new(lang).language();
    let guide = catalog
        .guide_in(country, lang)?
        .with_context(|| format!("the bundle has no guide for {country} in {lang}"))?;
    let visa = match nationality {
        Some(code) => {
            let passport = CountryCode::parse(code)
                .with_context(|| format!("{code:?} is not a country code such as VE"))?;
            catalog.visa(passport, country)?
        }
        None => None,
    };
    if as_json {
        let sections: Vec<_> = guide
            .sections
            .iter()
            .map(|s| {
                let sources: Vec<_> = s
                    .sources
                    .iter()
                    .filter_map(|id| guide.sources.iter().find(|x| &x.id == id))
                    .collect();
                json!({"id": s.id, "title": s.title, "text": s.body, "sources": sources})
            })
            .collect();
        let value = json!({
            "country": guide.country.as_str(),
            "lang": guide.lang,
            "title": guide.title,
            "compiled_on": guide.dating.compiled_on,
            "field_reviewed_on": guide.dating.field_review.as_ref().map(|r| &r.on),
            "field_reviewed_by": guide.dating.field_review.as_ref().map(|r| &r.by),
            "sections": sections,
            "emergency": guide.emergency,
            "sources": guide.sources,
            "visa": visa,
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    match &guide.dating.field_review {
        Some(review) => println!(
            "# {} (compiled {}; checked on the ground by {} on {})",
            guide.title, guide.dating.compiled_on, review.by, review.on
        ),
        None => println!(
            "# {} (compiled from public sources on {}; not yet checked by field staff)",
            guide.title, guide.dating.compiled_on
        ),
    }
    if let Some(visa) = &visa {
        println!(
            "\nVisa, {} passport → {}: {} (dataset as of {}; confirm with the authority)",
            visa.passport, visa.destination, visa.requirement, visa.as_of
        );
    }
    for section in &guide.sections {
        println!("\n## {}\n\n{}", section.title, section.body);
    }
    println!("\nSources:");
    for source in &guide.sources {
        println!(
            "- [{}] {} ({}, {}) {}",
            source.id,
            source.title,
            source.tier.as_str(),
            source.published,
            source.url
        );
    }
    Ok(())
}
