//! Attacks by a signer (a stolen or careless publisher key) and by anyone who can write the data folder,
//! run through the real `paso-data install` and `verify` in child processes: a bundle whose `places` is a
//! view that loops for hours, memory bombs (bundles and patches that inflate far beyond their size), two
//! installs at once, a broken current bundle that must not become the rollback copy, and an older signed
//! bundle put in place of `current.paso`. After every refusal nothing installed, recorded or saved by the
//! user has changed, and no refused input makes the process use more than 64 MiB above its baseline.

use crate::common::*;
use crate::update_support::*;
use paso::bundle::format::{self, Manifest, SIGNING_CONTEXT};
use paso::update::delta::{self, PatchBase, PatchHeader, PatchPayload, PatchTarget};
use paso::update::layout::Layout;
use paso::update::state::{InstalledFile, State};
use paso::update::{self, Slot, SlotStatus};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The most a refused input may add to the process's peak resident memory.
const MAX_EXTRA_RSS: u64 = 64 << 20;

fn dev_pub() -> PathBuf {
    root().join("data/keys/dev-only-DO-NOT-SHIP.pub")
}

/// Runs `paso-data` under GNU time; returns its output and peak resident memory in bytes.
fn measured(args: &[&str]) -> (Output, u64) {
    let output = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(env!("CARGO_BIN_EXE_paso-data"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .output()
        .expect("/usr/bin/time runs (GNU time, installed by .ci/setup)");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let kilobytes: u64 = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no peak RSS in:\n{stderr}"));
    (output, kilobytes * 1024)
}

/// Peak resident memory of `paso-data --version`.
fn baseline_rss() -> u64 {
    measured(&["--version"]).1
}

/// `paso-data install FILE` into `data`, trusting the dev key explicitly.
fn cli_install(data: &Path, file: &Path) -> (Output, u64) {
    measured(&[
        "install",
        &file.display().to_string(),
        "--data-dir",
        &data.display().to_string(),
        "--trust",
        &dev_pub().display().to_string(),
    ])
}

/// Hex sha256 of bytes.
fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A bundle file with `payload` as it is and `manifest` (whose content fields the caller set), signed with
/// the dev key: what a holder of the key can make.
fn signed(mut manifest: Manifest, payload: &[u8]) -> Vec<u8> {
    use ed25519_dalek::Signer;
    let key = dev_key();
    manifest.publisher.key_id = paso::bundle::keys::key_id(&key.verifying_key());
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).unwrap();
    let mut message = SIGNING_CONTEXT.to_vec();
    message.extend_from_slice(&manifest_bytes);
    let mut out = format::MAGIC.to_vec();
    out.extend_from_slice(&format::CONTAINER_FORMAT.to_le_bytes());
    out.extend_from_slice(&(manifest_bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(&manifest_bytes);
    out.extend_from_slice(&key.sign(&message).to_bytes());
    out.extend_from_slice(payload);
    out
}

/// zstd of `prefix` followed by `zeros` zero bytes, made as a stream (the test never holds the zeros);
/// returns the payload, the decompressed length and its sha256.
fn zero_bomb(prefix: &[u8], zeros: u64) -> (Vec<u8>, u64, String) {
    let mut encoder = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
    let mut hasher = Sha256::new();
    encoder.write_all(prefix).unwrap();
    hasher.update(prefix);
    let chunk = vec![0u8; 1 << 20];
    let mut left = zeros;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        encoder.write_all(&chunk[..n]).unwrap();
        hasher.update(&chunk[..n]);
        left -= n as u64;
    }
    (
        encoder.finish().unwrap(),
        prefix.len() as u64 + zeros,
        hex::encode(hasher.finalize()),
    )
}

/// A bundle of version `v(n)` whose database is `prefix` + `zeros` zero bytes, every hash right.
fn bomb_bundle(n: u64, prefix: &[u8], zeros: u64) -> Vec<u8> {
    let (payload, db_bytes, db_sha256) = zero_bomb(prefix, zeros);
    let mut manifest = embedded();
    manifest.version = v(n);
    manifest.content.bytes = payload.len() as u64;
    manifest.content.sha256 = sha(&payload);
    manifest.content.db_bytes = db_bytes;
    manifest.content.db_sha256 = db_sha256;
    signed(manifest, &payload)
}

/// The database of fixture `v(n)`.
fn fixture_db(n: u64) -> Vec<u8> {
    let file = bundle(n);
    format::verify(&file, &trusted())
        .unwrap()
        .decompress(&file)
        .unwrap()
}

/// Fixture `v(n)` with its database edited by `sql`, re-signed with the dev key.
fn edited_bundle(n: u64, sql: &str) -> Vec<u8> {
    let file = bundle(n);
    let manifest = format::verify(&file, &trusted()).unwrap().manifest;
    let db = fixture_db(n);
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.deserialize_read_exact(rusqlite::MAIN_DB, &db[..], db.len(), false)
        .unwrap();
    conn.execute_batch(sql).unwrap();
    conn.execute_batch("VACUUM;").unwrap();
    let db = conn.serialize(rusqlite::MAIN_DB).unwrap().to_vec();
    format::write(manifest, &db, &dev_key()).unwrap()
}

/// What must not change when an install is refused.
struct Snapshot {
    files: Vec<(String, String)>,
    user: Vec<(String, String)>,
}

impl Snapshot {
    fn of(data: &DataDir) -> Self {
        let bundles = data.path().join("bundles");
        let mut files: Vec<(String, String)> = ["current.paso", "previous.paso", "state.json"]
            .iter()
            .filter(|name| bundles.join(name).exists())
            .map(|name| (name.to_string(), sha_file(&bundles.join(name))))
            .collect();
        files.sort();
        Self {
            files,
            user: data.user_fingerprint(),
        }
    }

    fn unchanged(&self, data: &DataDir, case: &str) {
        let now = Self::of(data);
        assert_eq!(now.files, self.files, "{case}: the installed files changed");
        assert_eq!(now.user, self.user, "{case}: the user database changed");
        let staging: Vec<_> = std::fs::read_dir(data.path().join("bundles"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".staging"))
            .collect();
        assert!(staging.is_empty(), "{case}: left {staging:?}");
    }
}

/// Asserts a CLI install was refused with `reason`, within the memory bound, and changed nothing.
fn refused_by_cli(data: &DataDir, offered: &[u8], reason: &str, case: &str) -> u64 {
    let before = Snapshot::of(data);
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("offered.paso");
    std::fs::write(&path, offered).unwrap();
    let (output, rss) = cli_install(data.path(), &path);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{case}: not refused:\n{stderr}"
    );
    assert!(
        stderr.contains(&format!("refused ({reason})")),
        "{case}: refused for another reason:\n{stderr}"
    );
    before.unchanged(data, case);
    let baseline = baseline_rss();
    assert!(
        rss < baseline + MAX_EXTRA_RSS,
        "{case}: peak RSS {} MiB, baseline {} MiB",
        rss >> 20,
        baseline >> 20
    );
    eprintln!(
        "{case}: refused ({reason}), peak RSS {:.1} MiB (baseline {:.1} MiB)",
        rss as f64 / 1048576.0,
        baseline as f64 / 1048576.0
    );
    rss
}

#[test]
fn a_bundle_whose_places_table_is_an_endless_view_is_refused_at_install() {
    // About 1e11 rows: before the exact-schema check, this installed in 0.2 s and then the app never
    // started again.
    let attack = edited_bundle(
        3,
        "DROP TABLE places;
         CREATE VIEW places AS
           WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000000)
           SELECT printf('x-%d', i) AS id, 'shelter' AS category, NULL AS subcategory, 'x' AS name,
                  NULL AS name_es, NULL AS name_en, NULL AS name_fr, 'CR' AS country, NULL AS admin1,
                  NULL AS town, NULL AS address, 9.9 AS lat, -84.0 AS lon, 'exact' AS location_precision,
                  NULL AS phone_text, '[]' AS phones, NULL AS email, NULL AS website, NULL AS opening_hours,
                  '[]' AS serves, NULL AS serves_text, NULL AS services, 'open' AS status,
                  'unverified' AS verification, NULL AS verified_on, 'x' AS dataset, NULL AS source_url,
                  NULL AS source_title, NULL AS source_date, 'x' AS licence, NULL AS evidence,
                  NULL AS notes, NULL AS operator_country
           FROM n;",
    );
    let data = DataDir::with(2);
    refused_by_cli(&data, &attack, "unsupported", "places is a looping view");
    // A trigger, and an extra table, are refused the same way.
    for (case, sql) in [
        (
            "a trigger",
            "CREATE TRIGGER t AFTER INSERT ON meta BEGIN SELECT 1; END;",
        ),
        ("an extra table", "CREATE TABLE extra (x);"),
    ] {
        refused_by_cli(&data, &edited_bundle(3, sql), "unsupported", case);
    }
    // `verify` says the same.
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("attack.paso");
    std::fs::write(&path, &attack).unwrap();
    let output = paso_data(&["verify", &path.display().to_string()]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("NOT valid"));
    assert_eq!(data.active(), (v(2), Slot::Current));
    // Planted as an older installer would have left it, it neither hangs the app nor `status`: the app
    // falls back, and status names the reason.
    plant_as_installed(&data, &attack);
    let (_, source) = update::open_active(data.path(), &trusted()).unwrap();
    assert_ne!(source.slot, Slot::Current, "{source:?}");
    assert_eq!(source.skipped[0].reason_key, "unsupported", "{source:?}");
    let output = paso_data(&[
        "status",
        "--data-dir",
        &data.path().display().to_string(),
        "--trust",
        &dev_pub().display().to_string(),
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("INVALID (unsupported)"), "{stdout}");
}

#[test]
fn memory_bombs_are_refused_before_they_inflate() {
    let data = DataDir::with(2);
    // 500 MiB of zeros in a few KB, every hash right: refused from the signed size alone.
    let zeros = bomb_bundle(3, b"", 500 << 20);
    assert!(zeros.len() < 40_000, "{} bytes", zeros.len());
    let rss_zeros = refused_by_cli(&data, &zeros, "too-large", "500 MiB of zeros");
    // A real database followed by 490 MiB of zeros.
    let padded = bomb_bundle(3, &fixture_db(3), 490 << 20);
    let rss_padded = refused_by_cli(&data, &padded, "too-large", "real db + 490 MiB of zeros");
    // Within the size limit but a lie: the stream is longer than the signed size.
    let liar = {
        let (payload, _, _) = zero_bomb(b"", 200 << 20);
        let mut manifest = embedded();
        manifest.version = v(3);
        manifest.content.bytes = payload.len() as u64;
        manifest.content.sha256 = sha(&payload);
        manifest.content.db_bytes = 32 << 20;
        manifest.content.db_sha256 = sha(&[]);
        signed(manifest, &payload)
    };
    let rss_liar = refused_by_cli(&data, &liar, "tampered", "32 MiB declared, 200 MiB inside");
    // `verify` no longer calls the zero bomb valid, and stays within the bound.
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("zeros.paso");
    std::fs::write(&path, &zeros).unwrap();
    let (output, rss_verify) = measured(&["verify", &path.display().to_string()]);
    assert!(!output.status.success(), "verify accepted the zero bomb");
    assert!(rss_verify < baseline_rss() + MAX_EXTRA_RSS);
    eprintln!(
        "memory bombs: peak RSS zeros {} MiB, padded {} MiB, liar {} MiB, verify {} MiB",
        rss_zeros >> 20,
        rss_padded >> 20,
        rss_liar >> 20,
        rss_verify >> 20
    );
}

/// A patch from the installed `v(2)` signed with the dev key, whose payload is `payload` and whose header
/// says `to`.
fn forged_patch(base: &[u8], to: PatchTarget, payload: &[u8], window_log: u32) -> Vec<u8> {
    let header = PatchHeader {
        bundle_id: embedded().bundle_id,
        method: delta::METHOD.into(),
        from: PatchBase {
            version: v(2),
            sha256: sha(base),
        },
        to,
        payload: PatchPayload {
            bytes: payload.len() as u64,
            sha256: sha(payload),
            window_log,
        },
        key_id: paso::bundle::keys::key_id(&dev_key().verifying_key()),
    };
    delta::write_patch(&header, payload, &dev_key())
}

#[test]
fn patch_bombs_are_refused_within_the_memory_bound() {
    let data = DataDir::with(2);
    let base = bundle(2);
    let (zeros, _, _) = zero_bomb(b"", 1 << 30);
    let target = |db_bytes: u64| PatchTarget {
        version: v(3),
        sha256: "0".repeat(64),
        bytes: db_bytes + 2000,
        head_bytes: 2000,
        db_bytes,
    };
    // 1 GiB of zeros in a small patch that says so: refused from its signed header.
    let declared = forged_patch(&base, target(1 << 30), &zeros, 27);
    assert!(declared.len() < 100_000, "{} bytes", declared.len());
    let rss_declared = refused_by_cli(&data, &declared, "too-large", "patch declaring 1 GiB");
    // A huge window: refused from its signed header.
    let window = forged_patch(&base, target(1 << 20), &zeros, 31);
    let rss_window = refused_by_cli(&data, &window, "too-large", "patch asking a 2 GiB window");
    // Declares 32 MiB, inflates to 1 GiB: decoding stops at the declared size.
    let liar = forged_patch(&base, target(32 << 20), &zeros, 27);
    let rss_liar = refused_by_cli(
        &data,
        &liar,
        "delta-failed",
        "patch: 32 MiB declared, 1 GiB inside",
    );
    eprintln!(
        "patch bombs: peak RSS declared {} MiB, window {} MiB, liar {} MiB",
        rss_declared >> 20,
        rss_window >> 20,
        rss_liar >> 20
    );
}

#[test]
fn two_installs_at_once_end_with_the_highest_version_every_time() {
    const RUNS: usize = 30;
    let scratch = tempfile::tempdir().unwrap();
    let (v3, v4) = (
        scratch.path().join("v3.paso"),
        scratch.path().join("v4.paso"),
    );
    std::fs::write(&v3, bundle(3)).unwrap();
    std::fs::write(&v4, bundle(4)).unwrap();
    let spawn = |file: &Path, data: &Path| {
        Command::new(env!("CARGO_BIN_EXE_paso-data"))
            .args(["install", &file.display().to_string(), "--data-dir"])
            .arg(data)
            .args(["--trust", &dev_pub().display().to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("paso-data starts")
    };
    let mut v3_refused = 0;
    for run in 0..RUNS {
        let data = DataDir::with(2);
        let user_before = data.user_fingerprint();
        // Alternate which one starts first.
        let (a, b) = if run % 2 == 0 { (&v3, &v4) } else { (&v4, &v3) };
        let first = spawn(a, data.path());
        let second = spawn(b, data.path());
        let outputs = [
            first.wait_with_output().unwrap(),
            second.wait_with_output().unwrap(),
        ];
        for output in &outputs {
            let stderr = String::from_utf8_lossy(&output.stderr);
            match output.status.code() {
                Some(0) => {}
                // v3 after v4: refused as older, as it must be.
                Some(2) if stderr.contains("refused (older)") => v3_refused += 1,
                other => panic!("run {run}: exit {other:?}: {stderr}"),
            }
        }
        assert_eq!(
            std::fs::read(data.current()).unwrap(),
            bundle(4),
            "run {run}: v4 is not current"
        );
        assert_eq!(data.active(), (v(4), Slot::Current), "run {run}");
        let status = update::status(data.path(), &trusted()).unwrap();
        assert_eq!(status.highest_installed, Some(v(4)), "run {run}");
        assert!(
            status.state_problems.is_empty(),
            "run {run}: {:?}",
            status.state_problems
        );
        assert!(
            matches!(status.previous, SlotStatus::Valid(_)),
            "run {run}: {:?}",
            status.previous
        );
        assert_eq!(data.user_fingerprint(), user_before, "run {run}");
    }
    eprintln!(
        "concurrent installs: {RUNS} runs, v4 current in all; v3 refused as older in {v3_refused}"
    );
}

/// Records `file` as installed and current, the way an older app that did not open bundles fully would
/// have, then puts it in place.
fn plant_as_installed(data: &DataDir, file: &[u8]) {
    let layout = Layout::new(data.path());
    let verified = format::verify(file, &trusted()).unwrap();
    let mut state = State::load(&layout, &trusted()).unwrap();
    state.record(&verified.head().unwrap(), file, &verified.file_sha256);
    state.set_current(vec![InstalledFile {
        bundle_id: verified.manifest.bundle_id.clone(),
        version: verified.manifest.version,
        file_sha256: verified.file_sha256.clone(),
    }]);
    state.save(&layout).unwrap();
    std::fs::write(data.current(), file).unwrap();
}

#[test]
fn a_current_bundle_that_does_not_open_never_becomes_the_previous_one() {
    let data = DataDir::with(2);
    data.install_bytes(&bundle(3)).unwrap();
    let good_previous = std::fs::read(data.previous()).unwrap();
    // Correctly signed, right hashes, but not a SQLite database: it cannot be installed any more, so it
    // is planted as an older installer would have left it.
    let broken = bomb_bundle(4, b"this is not a SQLite database", 4096);
    assert!(
        data.install_bytes(&broken).is_err(),
        "the broken bundle installs"
    );
    plant_as_installed(&data, &broken);
    let (_, source) = update::open_active(data.path(), &trusted()).unwrap();
    assert_eq!(source.slot, Slot::Previous, "{source:?}");
    data.install_bytes(&bundle(5)).unwrap();
    assert_eq!(std::fs::read(data.current()).unwrap(), bundle(5));
    assert_eq!(
        std::fs::read(data.previous()).unwrap(),
        good_previous,
        "the broken bundle replaced the good previous one"
    );
    assert_eq!(data.active(), (v(5), Slot::Current));
}

#[test]
fn an_older_signed_bundle_put_in_place_of_current_is_not_opened() {
    let data = DataDir::with(2);
    data.install_bytes(&bundle(3)).unwrap();
    data.install_bytes(&bundle(4)).unwrap();
    assert_eq!(data.active(), (v(4), Slot::Current));
    let before = Snapshot::of(&data);
    for (case, planted) in [
        ("an older signed bundle", bundle(2)),
        (
            "the same version, other content",
            bundle_with(4, Edit::FakePhone),
        ),
    ] {
        std::fs::write(data.current(), &planted).unwrap();
        let (catalog, source) = update::open_active(data.path(), &trusted()).unwrap();
        assert_eq!(source.slot, Slot::Previous, "{case}: {source:?}");
        assert_eq!(catalog.manifest().version, v(3), "{case}");
        assert_eq!(source.skipped[0].slot, Slot::Current);
        assert_eq!(source.skipped[0].reason_key, "not-as-installed", "{case}");
        let status = update::status(data.path(), &trusted()).unwrap();
        assert!(
            matches!(
                status.current,
                SlotStatus::Invalid {
                    reason_key: "not-as-installed",
                    ..
                }
            ),
            "{case}: {:?}",
            status.current
        );
        std::fs::write(data.current(), bundle(4)).unwrap();
    }
    before.unchanged(&data, "after the plants were undone");
    assert_eq!(data.active(), (v(4), Slot::Current));
}
