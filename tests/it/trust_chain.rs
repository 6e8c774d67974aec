//! The trust chain, attacked through the real `paso-data` binary as a build from this repository ships it
//! (no publisher or root key built in): a bundle signed with the committed development key, the same with
//! version 2^64−1, a frozen `latest.json` re-signed to expire in 2099; then root lists (`paso-data root
//! sign`) with a root key given by `--trust-root`: revocation of a publisher key, rotation of the root key,
//! an expired root list, a version jump past the root list's limit and the root-signed allowance that lets
//! it through, and a rotation learned from `latest.json`.

use crate::common::*;
use crate::update_support::*;
use paso::bundle::keys::{write_key_pair, write_root_key_pair};
use paso::bundle::TrustedKeys;
use paso::update::index::LatestIndex;
use paso::update::{self, UpdateError};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// `paso-data install SOURCE --data-dir DIR --json EXTRA…`: (exit code, JSON answer).
fn install(source: &str, data: &DataDir, extra: &[&str]) -> (Option<i32>, serde_json::Value) {
    let dir = data.path().display().to_string();
    let mut args = vec!["install", source, "--data-dir", &dir, "--json"];
    args.extend_from_slice(extra);
    let output = paso_data(&args);
    (
        output.status.code(),
        json(&String::from_utf8_lossy(&output.stdout)),
    )
}

/// Key files of a deployment under test: root keys and publisher keys, made as `keygen` makes them.
struct Keys {
    dir: tempfile::TempDir,
}

impl Keys {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `NAME.key` and `NAME.pub` from a fixed seed; returns the secret key.
    fn publisher(&self, name: &str, seed: u8) -> ed25519_dalek::SigningKey {
        let key = ed25519_dalek::SigningKey::from_bytes(&[seed; 32]);
        if !self.path(&format!("{name}.key")).exists() {
            write_key_pair(&self.path(name), &key).unwrap();
        }
        key
    }

    fn root(&self, name: &str, seed: u8) {
        let key = ed25519_dalek::SigningKey::from_bytes(&[seed; 32]);
        if !self.path(&format!("{name}.key")).exists() {
            write_root_key_pair(&self.path(name), &key).unwrap();
        }
    }

    fn file(&self, name: &str) -> String {
        self.path(name).display().to_string()
    }

    /// `paso-data root sign` with the given arguments (paths are key names under the key folder); returns
    /// the root list file.
    fn sign(&self, out: &str, args: &[(&str, &str)]) -> String {
        let out = self.file(out);
        let mut owned = vec!["root".to_string(), "sign".to_string()];
        for (flag, value) in args {
            owned.push(flag.to_string());
            owned.push(match *flag {
                "--root-key" | "--publisher" | "--next-root" => self.file(value),
                _ => value.to_string(),
            });
        }
        owned.extend(["--out".to_string(), out.clone()]);
        let refs: Vec<&str> = owned.iter().map(String::as_str).collect();
        paso_data_ok(&refs);
        out
    }

    fn trust_root(&self, name: &str) -> [String; 2] {
        ["--trust-root".into(), self.file(&format!("{name}.pub"))]
    }
}

fn read_list(path: &str) -> paso::bundle::root::RootList {
    paso::bundle::root::RootList::from_json(&std::fs::read(path).unwrap()).unwrap()
}

/// `bundle(n)` signed by `key`, carrying the root lists in `lists` (what `build --root` makes).
fn signed_by(n: u64, key: &ed25519_dalek::SigningKey, lists: &[&str]) -> Vec<u8> {
    let lists: Vec<_> = lists.iter().map(|p| read_list(p)).collect();
    resign(&bundle(n), key, |m| m.root = lists)
}

fn offer(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

#[test]
fn a_bundle_signed_with_the_committed_dev_key_is_refused_without_trust() {
    let scratch = tempfile::tempdir().unwrap();
    let file = offer(scratch.path(), "dev.paso", &bundle(1));
    let data = DataDir::new();
    let (code, answer) = install(&file, &data, &[]);
    assert_eq!(code, Some(2), "{answer}");
    assert_eq!(answer["reason"], "no-trusted-publisher", "{answer}");
    assert!(answer["message"]
        .as_str()
        .unwrap()
        .contains("trusts no publisher yet"));
    assert!(!data.current().exists(), "nothing was installed");
    // The plain-text refusal names the reason too.
    let dir = data.path().display().to_string();
    let output = paso_data(&["install", &file, "--data-dir", &dir]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("refused (no-trusted-publisher)"),
        "{stderr}"
    );
    // `verify` and the query commands refuse it as well; the embedded bundle needs no key.
    let verify = paso_data(&["verify", &file]);
    assert!(!verify.status.success());
    assert!(String::from_utf8_lossy(&verify.stderr).contains("trusts no publisher yet"));
    assert!(!paso_data(&["info", "--bundle", &file]).status.success());
    paso_data_ok(&["info"]);
    paso_data_ok(&["verify", &file, "--trust", &dev_pub()]);
    // The app keeps showing the embedded bundle.
    assert_eq!(data.active().1, update::Slot::Embedded);
    // A build with a production key (a stranger's here) refuses it as untrusted.
    let mut production = TrustedKeys::built_in();
    production.add(stranger_key().verifying_key(), "production");
    let refused = update::install_bytes(data.path(), bundle(1), &production, &mut |_| {});
    assert!(
        matches!(refused, Err(UpdateError::Untrusted { .. })),
        "{refused:?}"
    );
}

#[test]
fn a_dev_signed_bundle_with_version_u64_max_is_refused_and_locks_nothing_out() {
    let scratch = tempfile::tempdir().unwrap();
    let max = resign(&bundle(1), &dev_key(), |m| m.version = u64::MAX);
    let file = offer(scratch.path(), "max.paso", &max);
    let data = DataDir::new();
    let (code, answer) = install(&file, &data, &[]);
    assert_eq!(
        (code, answer["reason"].as_str()),
        (Some(2), Some("no-trusted-publisher"))
    );
    // Even where the key is trusted (a stolen publisher key), the jump is over the limit.
    let (code, answer) = install(
        &file,
        &data,
        &dev_trust_args().each_ref().map(String::as_str),
    );
    assert_eq!(
        (code, answer["reason"].as_str()),
        (Some(2), Some("version-jump")),
        "{answer}"
    );
    assert!(!data.current().exists());
    // The next real update still installs.
    let next = offer(scratch.path(), "v2.paso", &bundle(2));
    let (code, answer) = install(
        &next,
        &data,
        &dev_trust_args().each_ref().map(String::as_str),
    );
    assert_eq!(
        (code, answer["result"].as_str()),
        (Some(0), Some("installed")),
        "{answer}"
    );
}

#[test]
fn a_frozen_latest_json_re_signed_to_expire_in_2099_is_refused() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    let b1 = offer(work.path(), "v1.paso", &bundle(1));
    paso_data_ok(&[
        "publish",
        &b1,
        "--key",
        &dev_key_path().display().to_string(),
        "--out",
        &site.display().to_string(),
    ]);
    // The attacker replays the old index, re-signed with the committed key to look fresh for 70 years.
    let index: LatestIndex =
        serde_json::from_slice(&std::fs::read(site.join("latest.json")).unwrap()).unwrap();
    let mut signed = index.signed;
    signed.expires = "2099-12-31T00:00:00Z".into();
    std::fs::write(
        site.join("latest.json"),
        LatestIndex::sign(signed, &dev_key()).to_json(),
    )
    .unwrap();
    let server = Server::start(&site, HashMap::new());
    let data = DataDir::new();
    let (code, answer) = install(&server.url("latest.json"), &data, &[]);
    assert_eq!(code, Some(2), "{answer}");
    assert_eq!(answer["reason"], "no-trusted-publisher", "{answer}");
    let bundle_name = format!("{}-v{}.paso", embedded().bundle_id, v(1));
    assert!(
        server.requests_for(&bundle_name).is_empty(),
        "nothing is downloaded after the index is refused"
    );
    assert!(!data.current().exists());
}

#[test]
fn a_root_list_revokes_a_publisher_key_and_rotates_the_root_key() {
    let keys = Keys::new();
    let scratch = tempfile::tempdir().unwrap();
    // The root key is made with the real command.
    paso_data_ok(&["root", "keygen", "--out", &keys.file("root1")]);
    keys.root("root2", 0x22);
    let a = keys.publisher("a", 0xa1);
    let b = keys.publisher("b", 0xb1);
    let far = "2099-01-01T00:00:00Z";
    let l1 = keys.sign(
        "l1.json",
        &[
            ("--root-key", "root1.key"),
            ("--publisher", "a.pub"),
            ("--version", "1"),
            ("--expires", far),
        ],
    );
    let data = DataDir::new();
    let trust_root1 = keys.trust_root("root1");
    let root1 = trust_root1.each_ref().map(String::as_str);

    // Publisher A, named by the root list: installed with only the root key trusted.
    let v1 = offer(scratch.path(), "v1.paso", &signed_by(1, &a, &[&l1]));
    let (code, answer) = install(&v1, &data, &root1);
    assert_eq!(
        (code, answer["result"].as_str()),
        (Some(0), Some("installed")),
        "{answer}"
    );
    assert!(data.path().join("bundles/root.json").exists());

    // A is compromised: root list v2 names only B. B's bundle carries it and installs.
    let l2 = keys.sign(
        "l2.json",
        &[
            ("--root-key", "root1.key"),
            ("--publisher", "b.pub"),
            ("--version", "2"),
            ("--expires", far),
        ],
    );
    let v2 = offer(scratch.path(), "v2.paso", &signed_by(2, &b, &[&l1, &l2]));
    let (code, answer) = install(&v2, &data, &root1);
    assert_eq!(
        (code, answer["result"].as_str()),
        (Some(0), Some("installed")),
        "{answer}"
    );

    // Revocation: A's next bundle is refused, with or without the old list it carries.
    for lists in [vec![], vec![l1.as_str()]] {
        let evil = offer(scratch.path(), "evil.paso", &signed_by(3, &a, &lists));
        let (code, answer) = install(&evil, &data, &root1);
        assert_eq!(
            (code, answer["reason"].as_str()),
            (Some(2), Some("revoked")),
            "{answer}"
        );
    }
    // A's key given with --trust is revoked too once a root list is in force.
    let evil = offer(scratch.path(), "evil.paso", &signed_by(3, &a, &[]));
    let trust_a = keys.file("a.pub");
    let (code, answer) = install(&evil, &data, &[root1[0], root1[1], "--trust", &trust_a]);
    assert_eq!(
        (code, answer["reason"].as_str()),
        (Some(2), Some("revoked")),
        "{answer}"
    );

    // Rotation: root2 takes over, in a list signed by both roots.
    let l3 = keys.sign(
        "l3.json",
        &[
            ("--root-key", "root1.key"),
            ("--root-key", "root2.key"),
            ("--next-root", "root2.pub"),
            ("--publisher", "b.pub"),
            ("--version", "3"),
            ("--expires", far),
        ],
    );
    let v3 = offer(scratch.path(), "v3.paso", &signed_by(3, &b, &[&l3]));
    let (code, answer) = install(&v3, &data, &root1);
    assert_eq!(
        (code, answer["result"].as_str()),
        (Some(0), Some("installed")),
        "{answer}"
    );
    // The old root key alone can no longer name publishers (say it was stolen too).
    let l4_old = keys.sign(
        "l4-old.json",
        &[
            ("--root-key", "root1.key"),
            ("--publisher", "a.pub"),
            ("--version", "4"),
            ("--expires", far),
        ],
    );
    let evil = offer(scratch.path(), "evil.paso", &signed_by(4, &a, &[&l4_old]));
    let (code, answer) = install(&evil, &data, &root1);
    assert_eq!(
        (code, answer["reason"].as_str()),
        (Some(2), Some("root-refused")),
        "{answer}"
    );
    // A root list signed only by a key that is not a root at all is refused the same way.
    let l4_fake = keys.sign(
        "l4-fake.json",
        &[
            ("--root-key", "a.key"),
            ("--publisher", "a.pub"),
            ("--version", "4"),
            ("--expires", far),
        ],
    );
    let evil = offer(scratch.path(), "evil.paso", &signed_by(4, &a, &[&l4_fake]));
    let (code, answer) = install(&evil, &data, &root1);
    assert_eq!(
        (code, answer["reason"].as_str()),
        (Some(2), Some("root-refused")),
        "{answer}"
    );
    // The new root key works, though the app was built (here: started) with root1 only.
    let l4 = keys.sign(
        "l4.json",
        &[
            ("--root-key", "root2.key"),
            ("--publisher", "b.pub"),
            ("--version", "4"),
            ("--expires", far),
        ],
    );
    let v4 = offer(scratch.path(), "v4.paso", &signed_by(4, &b, &[&l4]));
    let (code, answer) = install(&v4, &data, &root1);
    assert_eq!(
        (code, answer["result"].as_str()),
        (Some(0), Some("installed")),
        "{answer}"
    );

    // The stored chain is what `status` and the app open with: B's bundle is current and valid.
    let dir = data.path().display().to_string();
    let status = json(&paso_data_ok(&[
        "status",
        "--data-dir",
        &dir,
        "--json",
        root1[0],
        root1[1],
    ]));
    assert_eq!(status["active"], "current", "{status}");
    assert_eq!(status["installed"]["version"], v(4));
    // A root.json edited by hand proves nothing: it is replayed from the root keys the app trusts, so a
    // forged chain naming A is ignored (and with it the stored trust in B).
    let root_json = data.path().join("bundles/root.json");
    let forged = std::fs::read_to_string(&l4_fake).unwrap();
    std::fs::write(&root_json, format!("{{\"format\":1,\"chain\":[{forged}]}}")).unwrap();
    let status = json(&paso_data_ok(&[
        "status",
        "--data-dir",
        &dir,
        "--json",
        root1[0],
        root1[1],
    ]));
    assert_eq!(status["installed"]["valid"], false, "{status}");
    let evil = offer(scratch.path(), "evil.paso", &signed_by(5, &a, &[]));
    assert_ne!(install(&evil, &data, &root1).1["result"], "installed");
}

#[test]
fn an_expired_root_list_stops_updates_until_a_newer_one_arrives() {
    let keys = Keys::new();
    let scratch = tempfile::tempdir().unwrap();
    keys.root("root", 0x31);
    let b = keys.publisher("b", 0xb2);
    let past = "2020-01-01T00:00:00Z";
    let far = "2099-01-01T00:00:00Z";
    let trust = keys.trust_root("root");
    let root = trust.each_ref().map(String::as_str);
    let data = DataDir::new();
    let expired = keys.sign(
        "l1.json",
        &[
            ("--root-key", "root.key"),
            ("--publisher", "b.pub"),
            ("--version", "1"),
            ("--expires", past),
        ],
    );
    let v1 = offer(scratch.path(), "v1.paso", &signed_by(1, &b, &[&expired]));
    let (code, answer) = install(&v1, &data, &root);
    assert_eq!(
        (code, answer["reason"].as_str()),
        (Some(2), Some("root-expired")),
        "{answer}"
    );
    assert!(!data.current().exists());
    assert!(
        !data.path().join("bundles/root.json").exists(),
        "an expired list is not stored"
    );
    // A fresh list lifts it, even when the bundle also carries the expired one.
    let fresh = keys.sign(
        "l2.json",
        &[
            ("--root-key", "root.key"),
            ("--publisher", "b.pub"),
            ("--version", "2"),
            ("--expires", far),
        ],
    );
    let v1 = offer(
        scratch.path(),
        "v1.paso",
        &signed_by(1, &b, &[&expired, &fresh]),
    );
    let (code, answer) = install(&v1, &data, &root);
    assert_eq!(
        (code, answer["result"].as_str()),
        (Some(0), Some("installed")),
        "{answer}"
    );
    // Once the list in force expires (here: a phone offline past it), a bundle with no newer list waits.
    let library_trust = {
        let mut t = TrustedKeys::built_in();
        t.add_root(
            paso::bundle::keys::read_verifying_key(&keys.path("root.pub")).unwrap(),
            "root",
        );
        t
    };
    let later = chrono::DateTime::parse_from_rfc3339("2100-01-01T00:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let (in_force, _) = library_trust
        .apply_root_lists(&[read_list(&fresh)])
        .unwrap();
    assert!(matches!(
        in_force.check_fresh(later),
        Err(paso::bundle::BundleError::RootExpired { version: 2, .. })
    ));
}

#[test]
fn a_version_jump_past_the_root_limit_needs_the_root_allowance() {
    let keys = Keys::new();
    let scratch = tempfile::tempdir().unwrap();
    keys.root("root", 0x41);
    let b = keys.publisher("b", 0xb3);
    let far = "2099-01-01T00:00:00Z";
    let trust = keys.trust_root("root");
    let root = trust.each_ref().map(String::as_str);
    let data = DataDir::new();
    let limited = keys.sign(
        "l1.json",
        &[
            ("--root-key", "root.key"),
            ("--publisher", "b.pub"),
            ("--version", "1"),
            ("--expires", far),
            ("--max-version-jump", "10"),
        ],
    );
    let v1 = offer(scratch.path(), "v1.paso", &signed_by(1, &b, &[&limited]));
    assert_eq!(install(&v1, &data, &root).1["result"], "installed");
    // v1 + 11 is more than 10 above the highest version known: refused, even though B signed it.
    let far_bundle = offer(scratch.path(), "v12.paso", &signed_by(12, &b, &[&limited]));
    let (code, answer) = install(&far_bundle, &data, &root);
    assert_eq!(
        (code, answer["reason"].as_str()),
        (Some(2), Some("version-jump")),
        "{answer}"
    );
    // Within the limit: fine (a phone offline for months, missing a few versions).
    let near_bundle = offer(scratch.path(), "v11.paso", &signed_by(11, &b, &[&limited]));
    assert_eq!(install(&near_bundle, &data, &root).1["result"], "installed");
    // The root allows a bigger jump explicitly, in a newer list the bundle carries.
    let allowance = keys.sign(
        "l2.json",
        &[
            ("--root-key", "root.key"),
            ("--publisher", "b.pub"),
            ("--version", "2"),
            ("--expires", far),
            ("--max-version-jump", "10"),
            ("--allow-versions-up-to", &v(500).to_string()),
        ],
    );
    let big = offer(
        scratch.path(),
        "v500.paso",
        &signed_by(500, &b, &[&allowance]),
    );
    let (code, answer) = install(&big, &data, &root);
    assert_eq!(
        (code, answer["result"].as_str()),
        (Some(0), Some("installed")),
        "{answer}"
    );
    // Past the allowance and the limit: refused again.
    let beyond = offer(
        scratch.path(),
        "v600.paso",
        &signed_by(600, &b, &[&allowance]),
    );
    assert_eq!(install(&beyond, &data, &root).1["reason"], "version-jump");
}

#[test]
fn a_rotation_delivered_in_latest_json_reaches_the_phone_before_any_download() {
    let keys = Keys::new();
    let work = tempfile::tempdir().unwrap();
    keys.root("root", 0x51);
    let a = keys.publisher("a", 0xa5);
    let b = keys.publisher("b", 0xb5);
    let far = "2099-01-01T00:00:00Z";
    let trust = keys.trust_root("root");
    let root = trust.each_ref().map(String::as_str);
    let data = DataDir::new();
    let l1 = keys.sign(
        "l1.json",
        &[
            ("--root-key", "root.key"),
            ("--publisher", "a.pub"),
            ("--version", "1"),
            ("--expires", far),
        ],
    );
    let v1 = offer(work.path(), "v1.paso", &signed_by(1, &a, &[&l1]));
    assert_eq!(install(&v1, &data, &root).1["result"], "installed");
    // The next bundle is signed by B and carries no root list: the index delivers the list naming B.
    let l2 = keys.sign(
        "l2.json",
        &[
            ("--root-key", "root.key"),
            ("--publisher", "b.pub"),
            ("--version", "2"),
            ("--expires", far),
        ],
    );
    let v2 = offer(work.path(), "v2.paso", &signed_by(2, &b, &[]));
    let site = work.path().join("site");
    paso_data_ok(&[
        "publish",
        &v2,
        "--key",
        &keys.file("b.key"),
        "--out",
        &site.display().to_string(),
        "--root",
        &l2,
    ]);
    let server = Server::start(&site, HashMap::new());
    let (code, answer) = install(&server.url("latest.json"), &data, &root);
    assert_eq!(
        (code, answer["result"].as_str()),
        (Some(0), Some("installed")),
        "{answer}"
    );
    assert_eq!(answer["version"], v(2));
}

#[test]
fn build_embeds_a_root_list_and_verify_checks_it_against_the_root_key() {
    let keys = Keys::new();
    keys.root("root", 0x61);
    keys.publisher("p", 0x71);
    let list = keys.sign(
        "l1.json",
        &[
            ("--root-key", "root.key"),
            ("--publisher", "p.pub"),
            ("--version", "1"),
            ("--expires", "2099-01-01T00:00:00Z"),
        ],
    );
    let out = keys.file("mini-rooted.paso");
    paso_data_ok(&[
        "build",
        "--sources",
        "tests/data/mini",
        "--key",
        &keys.file("p.key"),
        "--root",
        &list,
        "--out",
        &out,
    ]);
    let trust = keys.trust_root("root");
    let text = paso_data_ok(&["verify", &out, &trust[0], &trust[1]]);
    assert!(text.contains("valid"), "{text}");
    let refused = paso_data(&["verify", &out]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("trusts no publisher yet"));
    // The dev key does not vouch for it either.
    assert!(!paso_data(&["verify", &out, "--trust", &dev_pub()])
        .status
        .success());
    paso_data_ok(&["info", "--bundle", &out, &trust[0], &trust[1]]);
}
