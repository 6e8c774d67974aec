//! The fault matrix: every forged, damaged, stale, older or oversized offer is refused with the right reason,
//! and the installed bundle stays byte for byte what it was (and is what the app opens). Real files, a real
//! HTTP server on 127.0.0.1, the real verifier. The reason key maps one to one to an `UpdateError` variant.

use crate::common::*;
use crate::update_support::*;
use paso::bundle::format;
use paso::update::delta::{self, PatchHeader};
use paso::update::index::{FileEntry, LatestIndex, SignedIndex};
use paso::update::publish::{publish, PublishOptions};
use paso::update::{self, InstallOutcome, Slot, UpdateError, Via};
use std::collections::HashMap;
use std::path::Path;

/// A data directory at `v(2)`, with its state remembered to prove nothing changed.
struct Installed {
    data: DataDir,
    current_sha: String,
    state: Vec<u8>,
    user: Vec<(String, String)>,
}

impl Installed {
    fn at(n: u64) -> Self {
        let data = DataDir::with(n);
        Self {
            current_sha: sha_file(&data.current()),
            state: std::fs::read(data.path().join("bundles/state.json")).unwrap(),
            user: data.user_fingerprint(),
            data,
        }
    }

    /// Asserts the refusal reason and that nothing was changed.
    fn refused(&self, case: &str, outcome: Result<InstallOutcome, UpdateError>, reason: &str) {
        match outcome {
            Err(error) => assert_eq!(
                error.reason_key(),
                reason,
                "{case}: refused for the wrong reason: {error}"
            ),
            Ok(outcome) => panic!("{case}: accepted: {outcome:?}"),
        }
        self.intact(case);
    }

    fn intact(&self, case: &str) {
        assert_eq!(
            sha_file(&self.data.current()),
            self.current_sha,
            "{case}: current.paso changed"
        );
        assert_eq!(
            std::fs::read(self.data.path().join("bundles/state.json")).unwrap(),
            self.state,
            "{case}: state.json changed"
        );
        assert_eq!(
            self.data.user_fingerprint(),
            self.user,
            "{case}: the user database changed"
        );
        let leftovers: Vec<_> = std::fs::read_dir(self.data.path().join("bundles"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".staging"))
            .collect();
        assert!(leftovers.is_empty(), "{case}: left {leftovers:?}");
        let version = format::verify(&std::fs::read(self.data.current()).unwrap(), &trusted())
            .unwrap()
            .manifest
            .version;
        assert_eq!(
            self.data.active(),
            (version, Slot::Current),
            "{case}: the app would not open the installed bundle"
        );
    }

    fn file(&self, bytes: &[u8]) -> Result<InstallOutcome, UpdateError> {
        self.data.install_bytes(bytes)
    }

    fn url(&self, url: &str) -> Result<InstallOutcome, UpdateError> {
        update::check_and_install(self.data.path(), url, &trusted(), &mut |_| {})
    }
}

fn flip(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut bad = bytes.to_vec();
    bad[at] ^= 0x20;
    bad
}

fn patch(from: &[u8], to: &[u8]) -> Vec<u8> {
    delta::make_patch(from, to, &dev_key(), &trusted()).unwrap()
}

fn patch_parts(patch: &[u8]) -> (PatchHeader, Vec<u8>) {
    let header = delta::read_patch(patch, &trusted()).unwrap().header;
    let payload = patch[patch.len() - header.payload.bytes as usize..].to_vec();
    (header, payload)
}

fn site(bundles: &[Vec<u8>], max_deltas: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let now = chrono::Utc::now();
    publish(
        bundles,
        &dev_key(),
        dir.path(),
        &PublishOptions {
            max_deltas,
            expires: now + chrono::Duration::days(30),
            now,
            root: vec![],
            trusted: paso::bundle::TrustedKeys::default(),
        },
    )
    .unwrap();
    dir
}

fn full_name(n: u64) -> String {
    format!("{}-v{}.paso", embedded().bundle_id, v(n))
}

fn signed_index(full: &[u8], version: u64, expires: chrono::DateTime<chrono::Utc>) -> SignedIndex {
    SignedIndex {
        format: 1,
        bundle_id: embedded().bundle_id,
        version,
        published: "2026-01-01T00:00:00Z".into(),
        expires: expires.to_rfc3339(),
        full: FileEntry {
            path: "offered.paso".into(),
            bytes: full.len() as u64,
            sha256: format::sha256_hex(full),
        },
        deltas: vec![],
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

#[test]
fn damaged_files_are_refused_and_change_nothing() {
    let at = Installed::at(2);
    let good = bundle(3);
    let head = format::head_len(&good[..16]).unwrap();
    at.refused(
        "flipped manifest byte",
        at.file(&flip(&good, 40)),
        "tampered",
    );
    at.refused(
        "flipped signature byte",
        at.file(&flip(&good, head - 10)),
        "tampered",
    );
    at.refused(
        "flipped content byte",
        at.file(&flip(&good, good.len() - 100)),
        "tampered",
    );
    at.refused(
        "truncated in the content",
        at.file(&good[..good.len() / 2]),
        "incomplete",
    );
    at.refused(
        "truncated in the manifest",
        at.file(&good[..100]),
        "incomplete",
    );
    at.refused("zero-length file", at.file(&[]), "empty");
    at.refused(
        "an HTML error page saved as the bundle",
        at.file(b"<!DOCTYPE html><html><body>404 Not Found</body></html>"),
        "not-paso-data",
    );
    // Trailing junk after a valid bundle is not part of what was signed.
    let mut longer = good.clone();
    longer.extend_from_slice(b"junk");
    at.refused("junk appended", at.file(&longer), "tampered");
}

#[test]
fn untrusted_older_conflicting_foreign_and_future_bundles_are_refused() {
    let at = Installed::at(2);
    let stranger = resign(&bundle(3), &stranger_key(), |_| {});
    at.refused("signed by an unknown key", at.file(&stranger), "untrusted");
    at.refused("older version", at.file(&bundle(1)), "older");
    at.refused(
        "same version, different content",
        at.file(&bundle_with(2, Edit::FakePhone)),
        "version-conflict",
    );
    at.refused(
        "another data set (the test fixture's own id)",
        at.file(&mini_bundle()),
        "wrong-bundle",
    );
    let future = resign(&bundle(3), &dev_key(), |m| {
        m.min_app_version = "99.0.0".into()
    });
    at.refused("for a newer app", at.file(&future), "app-too-old");
    let huge = resign(&bundle(3), &dev_key(), |m| m.content.db_bytes = 1 << 40);
    at.refused("declares a huge database", at.file(&huge), "too-large");
    let renamed = resign(&bundle(3), &dev_key(), |m| {
        m.bundle_id = "someone-else".into()
    });
    at.refused(
        "signed, but for another data set",
        at.file(&renamed),
        "wrong-bundle",
    );
    // Reinstalling what is installed is not an error and writes nothing.
    assert!(matches!(
        at.file(&bundle(2)),
        Ok(InstallOutcome::UpToDate { .. })
    ));
    at.intact("reinstall of the same bundle");
}

#[test]
fn bad_deltas_are_refused() {
    let at = Installed::at(2);
    let wrong_base = patch(&bundle(3), &bundle(4));
    at.refused(
        "delta against another base",
        at.file(&wrong_base),
        "wrong-base",
    );

    let good = patch(&bundle(2), &bundle(3));
    let (header, payload) = patch_parts(&good);
    let mut lying = header.clone();
    lying.to.sha256 = format::sha256_hex(b"not the target");
    let lying = delta::write_patch(&lying, &payload, &dev_key());
    at.refused(
        "delta whose result hash is wrong",
        at.file(&lying),
        "delta-failed",
    );

    let other = patch(&bundle(2), &bundle_with(3, Edit::FakePhone));
    let (_, other_payload) = patch_parts(&other);
    let mut mixed = header.clone();
    mixed.payload.bytes = other_payload.len() as u64;
    mixed.payload.sha256 = format::sha256_hex(&other_payload);
    let mixed = delta::write_patch(&mixed, &other_payload, &dev_key());
    at.refused(
        "delta that rebuilds other data than its header promises",
        at.file(&mixed),
        "delta-failed",
    );

    at.refused(
        "delta with a flipped payload byte",
        at.file(&flip(&good, good.len() - 3)),
        "tampered",
    );
    at.refused(
        "delta with a flipped header byte",
        at.file(&flip(&good, 30)),
        "tampered",
    );
    let stranger = delta::write_patch(&header, &payload, &stranger_key());
    let mut stranger_header = header.clone();
    stranger_header.key_id = paso::bundle::keys::key_id(&stranger_key().verifying_key());
    let stranger_named = delta::write_patch(&stranger_header, &payload, &stranger_key());
    at.refused(
        "delta signed by an unknown key",
        at.file(&stranger_named),
        "untrusted",
    );
    at.refused(
        "delta signed by a key other than the one it names",
        at.file(&stranger),
        "tampered",
    );
    at.refused(
        "delta to an older version",
        at.file(&patch(&bundle(0), &bundle(1))),
        "older",
    );
    at.refused(
        "truncated delta",
        at.file(&good[..good.len() - 5]),
        "incomplete",
    );
    // The good one works.
    let outcome = at.file(&good).unwrap();
    assert!(
        matches!(&outcome, InstallOutcome::Installed(i) if i.via == Via::FilePatch && i.version == v(3)),
        "{outcome:?}"
    );
    assert_eq!(std::fs::read(at.data.current()).unwrap(), bundle(3));
}

#[test]
fn an_older_bundle_is_refused_after_a_fall_back_to_the_previous_one() {
    let data = DataDir::with(2);
    data.install_bytes(&bundle(3)).unwrap();
    assert_eq!(std::fs::read(data.previous()).unwrap(), bundle(2));
    // The disk damages the installed bundle: the app falls back to the previous one …
    let damaged = flip(&bundle(3), bundle(3).len() - 50);
    std::fs::write(data.current(), &damaged).unwrap();
    let (_, source) = update::open_active(data.path(), &trusted()).unwrap();
    assert_eq!(source.slot, Slot::Previous);
    assert_eq!(source.skipped[0].reason_key, "tampered");
    // … but a replay of v2 or v1, even from a genuine signed file, stays refused, offline.
    for n in [2, 1] {
        let outcome = data.install_bytes(&bundle(n));
        assert!(
            matches!(outcome, Err(UpdateError::Older { installed, .. }) if installed == v(3)),
            "{outcome:?}"
        );
    }
    assert_eq!(std::fs::read(data.current()).unwrap(), damaged);
    // The same v3 repairs it, and the good previous bundle is kept (the damaged one is not copied over it).
    data.install_bytes(&bundle(3)).unwrap();
    assert_eq!(data.active(), (v(3), Slot::Current));
    assert_eq!(std::fs::read(data.previous()).unwrap(), bundle(2));
    // Both installed files gone: the embedded default, and the record still refuses old versions.
    std::fs::remove_file(data.current()).unwrap();
    std::fs::remove_file(data.previous()).unwrap();
    assert_eq!(data.active().1, Slot::Embedded);
    assert!(matches!(
        data.install_bytes(&bundle(2)),
        Err(UpdateError::Older { .. })
    ));
}

#[test]
fn a_damaged_state_record_does_not_open_the_door_to_old_versions() {
    let data = DataDir::with(3);
    let state = data.path().join("bundles/state.json");
    let text = std::fs::read_to_string(&state).unwrap();
    // Someone lowers the recorded version by hand: the record no longer verifies and is ignored, and the
    // installed bundle's own signed version still refuses the downgrade.
    std::fs::write(
        &state,
        text.replace(&format!("\"version\": {}", v(3)), "\"version\": 0"),
    )
    .unwrap();
    assert!(!update::status(data.path(), &trusted())
        .unwrap()
        .state_problems
        .is_empty());
    assert!(matches!(
        data.install_bytes(&bundle(2)),
        Err(UpdateError::Older { .. })
    ));
    std::fs::write(&state, b"{ garbage").unwrap();
    assert!(matches!(
        data.install_bytes(&bundle(1)),
        Err(UpdateError::Older { .. })
    ));
}

#[test]
fn bad_update_lists_are_refused() {
    let at = Installed::at(2);
    let dir = site(&[bundle(3)], 0);
    let server = Server::start(dir.path(), HashMap::new());
    let index = std::fs::read(dir.path().join("latest.json")).unwrap();

    write(dir.path(), "garbage.json", b"{\"signed\": [1, 2, ");
    at.refused(
        "garbage JSON",
        at.url(&server.url("garbage.json")),
        "bad-index",
    );
    write(
        dir.path(),
        "html.json",
        b"<html><body>Service unavailable</body></html>",
    );
    at.refused(
        "an HTML page as latest.json",
        at.url(&server.url("html.json")),
        "bad-index",
    );
    at.refused(
        "latest.json missing (404)",
        at.url(&server.url("missing.json")),
        "network",
    );

    let edited = String::from_utf8(index.clone()).unwrap().replace(
        &format!("\"version\": {}", v(3)),
        &format!("\"version\": {}", v(9)),
    );
    write(dir.path(), "edited.json", edited.as_bytes());
    at.refused(
        "latest.json edited",
        at.url(&server.url("edited.json")),
        "tampered",
    );

    let mut parsed: LatestIndex = serde_json::from_slice(&index).unwrap();
    let stranger = LatestIndex::sign(parsed.signed.clone(), &stranger_key());
    write(dir.path(), "stranger.json", &stranger.to_json());
    at.refused(
        "latest.json signed by an unknown key",
        at.url(&server.url("stranger.json")),
        "untrusted",
    );

    let past = chrono::Utc::now() - chrono::Duration::days(1);
    parsed.signed.expires = past.to_rfc3339();
    write(
        dir.path(),
        "stale.json",
        &LatestIndex::sign(parsed.signed.clone(), &dev_key()).to_json(),
    );
    at.refused(
        "an expired latest.json (freeze attack)",
        at.url(&server.url("stale.json")),
        "stale",
    );

    let future = chrono::Utc::now() + chrono::Duration::days(1);
    let mut huge = signed_index(&bundle(3), v(3), future);
    huge.full.bytes = 1 << 40;
    write(
        dir.path(),
        "huge.json",
        &LatestIndex::sign(huge, &dev_key()).to_json(),
    );
    at.refused(
        "latest.json declaring a huge file",
        at.url(&server.url("huge.json")),
        "too-large",
    );

    let mut escape = signed_index(&bundle(3), v(3), future);
    escape.full.path = "../../etc/passwd".into();
    write(
        dir.path(),
        "escape.json",
        &LatestIndex::sign(escape, &dev_key()).to_json(),
    );
    at.refused(
        "latest.json naming a path outside its folder",
        at.url(&server.url("escape.json")),
        "bad-index",
    );

    write(dir.path(), "offered.paso", &bundle(3));
    let mismatched = signed_index(&bundle(3), v(4), future);
    write(
        dir.path(),
        "mix.json",
        &LatestIndex::sign(mismatched, &dev_key()).to_json(),
    );
    at.refused(
        "latest.json says v4, the file is v3 (mix-and-match)",
        at.url(&server.url("mix.json")),
        "tampered",
    );

    let fetched_before = server.requests_for("offered.paso").len();
    write(dir.path(), "offered.paso", &bundle(1));
    let older = signed_index(&bundle(1), v(1), future);
    write(
        dir.path(),
        "older.json",
        &LatestIndex::sign(older, &dev_key()).to_json(),
    );
    at.refused(
        "latest.json offering an older version",
        at.url(&server.url("older.json")),
        "older",
    );
    assert_eq!(
        server.requests_for("offered.paso").len(),
        fetched_before,
        "nothing older is even downloaded"
    );
}

#[test]
fn bad_downloads_are_refused() {
    let at = Installed::at(2);
    let dir = site(&[bundle(3)], 0);
    let name = full_name(3);
    let cases: Vec<(&str, Behavior, &str)> = vec![
        (
            "the server sends more than the signed size",
            Behavior::Oversize(1000),
            "too-large",
        ),
        (
            "an HTML error page instead of the bundle",
            Behavior::Html,
            "not-paso-data",
        ),
        (
            "endless zeros instead of the bundle",
            Behavior::EndlessZeros,
            "not-paso-data",
        ),
        (
            "the bundle is missing (404)",
            Behavior::Status(404),
            "network",
        ),
        ("server error (500)", Behavior::Status(500), "network"),
    ];
    for (case, behavior, reason) in cases {
        let server = Server::start(dir.path(), HashMap::from([(name.clone(), behavior)]));
        at.refused(case, at.url(&server.url("latest.json")), reason);
    }
    // The bundle on the server was swapped for another genuine one: the hash in latest.json catches it.
    let swapped = site(&[bundle(3)], 0);
    let other = bundle_with(3, Edit::FakePhone);
    // A longer file is cut off at the size latest.json signs; a shorter or equal one fails the hash.
    let reason = if other.len() > bundle(3).len() {
        "too-large"
    } else {
        "tampered"
    };
    std::fs::write(swapped.path().join(&name), other).unwrap();
    let server = Server::start(swapped.path(), HashMap::new());
    at.refused(
        "a different v3 than latest.json names",
        at.url(&server.url("latest.json")),
        reason,
    );
    // A direct link to a bundle whose signed manifest declares an endless payload.
    let endless = resign(&bundle(3), &dev_key(), |m| m.content.bytes = 1 << 40);
    std::fs::write(swapped.path().join("endless.paso"), endless).unwrap();
    at.refused(
        "a signed manifest declaring a huge size",
        at.url(&server.url("endless.paso")),
        "too-large",
    );
    std::fs::write(
        swapped.path().join("untrusted.paso"),
        resign(&bundle(3), &stranger_key(), |_| {}),
    )
    .unwrap();
    at.refused(
        "a direct link to a bundle by an unknown key",
        at.url(&server.url("untrusted.paso")),
        "untrusted",
    );
}

#[test]
fn a_dropped_download_resumes_with_a_range_request() {
    let at = Installed::at(2);
    let dir = site(&[bundle(3)], 0);
    let name = full_name(3);
    let server = Server::start(
        dir.path(),
        HashMap::from([(name.clone(), Behavior::DropHalfwayOnce)]),
    );
    let outcome = at.url(&server.url("latest.json")).unwrap();
    let InstallOutcome::Installed(installed) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(
        (installed.via, installed.version),
        (Via::DownloadFull, v(3))
    );
    let requests = server.requests_for(&name);
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert_eq!(requests[0].range, None);
    let resumed_at: usize = requests[1]
        .range
        .as_deref()
        .and_then(|r| r.strip_prefix("bytes="))
        .and_then(|r| r.strip_suffix('-'))
        .and_then(|r| r.parse().ok())
        .expect("the second request asks for the rest");
    assert!(
        resumed_at > 0 && resumed_at < bundle(3).len(),
        "{resumed_at}"
    );
    assert_eq!(
        installed.downloaded_bytes,
        bundle(3).len() as u64,
        "no byte was fetched twice"
    );
    assert_eq!(std::fs::read(at.data.current()).unwrap(), bundle(3));
    assert_eq!(at.data.user_fingerprint(), at.user);
}

#[test]
fn an_endless_stream_is_read_only_up_to_the_signed_size() {
    let at = Installed::at(2);
    let dir = site(&[bundle(3)], 0);
    let name = full_name(3);
    let server = Server::start(
        dir.path(),
        HashMap::from([(name.clone(), Behavior::Endless)]),
    );
    let outcome = at.url(&server.url("latest.json")).unwrap();
    let InstallOutcome::Installed(installed) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(installed.downloaded_bytes, bundle(3).len() as u64);
    assert_eq!(std::fs::read(at.data.current()).unwrap(), bundle(3));
}

#[test]
fn a_broken_delta_falls_back_to_the_full_bundle() {
    let at = Installed::at(2);
    let dir = site(&[bundle(2), bundle(3)], 3);
    let patch_name = format!("{}-v{}-to-v{}.patch", embedded().bundle_id, v(2), v(3));
    assert!(dir.path().join(&patch_name).exists());
    // The patch on the server is damaged.
    let patch = std::fs::read(dir.path().join(&patch_name)).unwrap();
    std::fs::write(dir.path().join(&patch_name), flip(&patch, patch.len() - 2)).unwrap();
    let server = Server::start(dir.path(), HashMap::new());
    let outcome = at.url(&server.url("latest.json")).unwrap();
    let InstallOutcome::Installed(installed) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(installed.via, Via::DownloadFull);
    assert!(
        installed
            .delta_failure
            .as_deref()
            .unwrap_or("")
            .contains("hash"),
        "{installed:?}"
    );
    assert_eq!(server.requests_for(&patch_name).len(), 1);
    assert_eq!(std::fs::read(at.data.current()).unwrap(), bundle(3));
    // Up to date now: a second check downloads nothing.
    let again = at.url(&server.url("latest.json")).unwrap();
    assert!(matches!(again, InstallOutcome::UpToDate { version, .. } if version == v(3)));
    assert_eq!(server.requests_for(&full_name(3)).len(), 1);
}

#[test]
fn an_interrupted_download_resumes_at_the_next_try() {
    let at = Installed::at(2);
    let dir = site(&[bundle(3)], 0);
    let name = full_name(3);
    // Today the connection keeps dropping: the phone gives up, keeping what arrived.
    let flaky = Server::start(
        dir.path(),
        HashMap::from([(name.clone(), Behavior::DropHalfwayAlways)]),
    );
    at.refused(
        "the connection drops every time",
        at.url(&flaky.url("latest.json")),
        "network",
    );
    assert!(flaky.requests_for(&name).len() > 2);
    let kept: u64 = std::fs::read_dir(at.data.path().join("bundles/downloads"))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    assert!(kept > bundle(3).len() as u64 / 2, "{kept} bytes kept");
    // Next week, on another server address: only the rest is fetched.
    let good = Server::start(dir.path(), HashMap::new());
    let outcome = at.url(&good.url("latest.json")).unwrap();
    let InstallOutcome::Installed(installed) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(installed.downloaded_bytes, bundle(3).len() as u64 - kept);
    assert_eq!(
        good.requests_for(&name)[0].range,
        Some(format!("bytes={kept}-"))
    );
    assert_eq!(std::fs::read(at.data.current()).unwrap(), bundle(3));
    let leftovers = std::fs::read_dir(at.data.path().join("bundles/downloads"))
        .unwrap()
        .count();
    assert_eq!(leftovers, 0, "the partial download is removed once used");
}

#[test]
fn a_server_without_range_support_is_read_again_from_the_start() {
    let at = Installed::at(2);
    let dir = site(&[bundle(3)], 0);
    let name = full_name(3);
    let server = Server::start(
        dir.path(),
        HashMap::from([(name.clone(), Behavior::DropHalfwayOnceNoRanges)]),
    );
    let outcome = at.url(&server.url("latest.json")).unwrap();
    let InstallOutcome::Installed(installed) = outcome else {
        panic!("{outcome:?}")
    };
    let requests = server.requests_for(&name);
    assert!(requests.len() >= 3, "{requests:?}");
    assert!(requests[1].range.is_some() && requests.last().unwrap().range.is_none());
    assert!(installed.downloaded_bytes > bundle(3).len() as u64);
    assert_eq!(std::fs::read(at.data.current()).unwrap(), bundle(3));
}
