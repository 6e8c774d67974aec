//! End to end, through the `paso-data` binary: publish v1 and v2, serve the folder on 127.0.0.1, and move
//! an installed v1 to v2 through the delta; publish v3 alone and move to it through the full bundle. The
//! user database is never touched. Plus the delta size promise: a 1% change ships as at most 5% of the bundle.

use crate::common::*;
use crate::update_support::*;
use paso::update::{self, delta, Slot};
use std::collections::HashMap;
use std::path::Path;

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn write_bundle(dir: &Path, n: u64) -> String {
    let path = dir.join(format!("v{n}.paso"));
    std::fs::write(&path, bundle(n)).unwrap();
    path.display().to_string()
}

#[test]
fn publish_then_install_over_http_through_a_delta_then_a_full_bundle() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    let key = dev_key_path().display().to_string();
    let (b1, b2, b3) = (
        write_bundle(work.path(), 1),
        write_bundle(work.path(), 2),
        write_bundle(work.path(), 3),
    );
    let data = DataDir::new();
    let user_before = data.user_fingerprint();
    let data_dir = data.path().display().to_string();
    let site_arg = site.display().to_string();

    let installed = json(&paso_data_ok(&[
        "install",
        &b1,
        "--data-dir",
        &data_dir,
        "--trust",
        &dev_pub(),
        "--json",
    ]));
    assert_eq!(installed["result"], "installed");
    assert_eq!(installed["via"], "file");

    let out = paso_data_ok(&["publish", &b1, &b2, "--key", &key, "--out", &site_arg]);
    assert!(out.contains("delta from v"), "{out}");
    let server = Server::start(&site, HashMap::new());
    let latest = server.url("latest.json");

    let to_v2 = json(&paso_data_ok(&[
        "install",
        &latest,
        "--data-dir",
        &data_dir,
        "--trust",
        &dev_pub(),
        "--json",
    ]));
    assert_eq!(to_v2["result"], "installed", "{to_v2}");
    assert_eq!(to_v2["via"], "delta", "{to_v2}");
    assert_eq!(to_v2["from_version"], v(1));
    assert_eq!(to_v2["version"], v(2));
    let patch_name = format!("{}-v{}-to-v{}.patch", embedded().bundle_id, v(1), v(2));
    let patch_len = std::fs::metadata(site.join(&patch_name)).unwrap().len();
    assert_eq!(to_v2["downloaded_bytes"], patch_len);
    assert_eq!(server.requests_for(&patch_name).len(), 1);
    assert!(server
        .requests_for(&format!("{}-v{}.paso", embedded().bundle_id, v(2)))
        .is_empty());
    assert_eq!(std::fs::read(data.current()).unwrap(), bundle(2));

    // v3 published on its own: no delta leads to it, so the phone fetches the full bundle.
    let out = paso_data_ok(&["publish", &b3, "--key", &key, "--out", &site_arg]);
    assert!(!out.contains("delta from"), "{out}");
    let to_v3 = json(&paso_data_ok(&[
        "install",
        &latest,
        "--data-dir",
        &data_dir,
        "--trust",
        &dev_pub(),
        "--json",
    ]));
    assert_eq!(to_v3["via"], "full", "{to_v3}");
    assert_eq!(to_v3["from_version"], v(2));
    assert_eq!(to_v3["version"], v(3));
    assert_eq!(to_v3["downloaded_bytes"], bundle(3).len());
    assert_eq!(std::fs::read(data.current()).unwrap(), bundle(3));

    let again = json(&paso_data_ok(&[
        "install",
        &latest,
        "--data-dir",
        &data_dir,
        "--trust",
        &dev_pub(),
        "--json",
    ]));
    assert_eq!(again["result"], "up-to-date");

    let status = json(&paso_data_ok(&[
        "status",
        "--data-dir",
        &data_dir,
        "--trust",
        &dev_pub(),
        "--json",
    ]));
    assert_eq!(status["active"], "current");
    assert_eq!(status["installed"]["version"], v(3));
    assert_eq!(status["installed"]["valid"], true);
    assert_eq!(status["previous_kept"], true);
    assert_eq!(status["previous"]["version"], v(2));
    assert_eq!(status["highest_installed"], v(3));
    assert!(
        status["installed"]["publisher"]
            .as_str()
            .unwrap()
            .contains("--trust")
            && status["installed"]["publisher"]
                .as_str()
                .unwrap()
                .contains("dev-only-DO-NOT-SHIP.pub")
    );

    // A refusal exits non-zero and names the reason in plain words.
    let refused = paso_data(&[
        "install",
        &b1,
        "--data-dir",
        &data_dir,
        "--trust",
        &dev_pub(),
    ]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("refused (older)") && stderr.contains("older than version"),
        "{stderr}"
    );
    let refused = json(&String::from_utf8_lossy(
        &paso_data(&[
            "install",
            &b1,
            "--data-dir",
            &data_dir,
            "--trust",
            &dev_pub(),
            "--json",
        ])
        .stdout,
    ));
    assert_eq!(refused["reason"], "older");

    assert_eq!(
        data.user_fingerprint(),
        user_before,
        "the user database was touched"
    );
    assert_eq!(data.active(), (v(3), Slot::Current));
}

#[test]
fn trust_adds_a_publisher_key_for_one_install() {
    let work = tempfile::tempdir().unwrap();
    let prefix = work.path().join("editor");
    paso_data_ok(&["keygen", "--out", &prefix.display().to_string()]);
    let key = paso::bundle::keys::read_signing_key(&prefix.with_extension("key")).unwrap();
    let theirs = work.path().join("theirs.paso");
    std::fs::write(&theirs, resign(&bundle(2), &key, |_| {})).unwrap();
    let data = DataDir::new();
    let (file, dir) = (
        theirs.display().to_string(),
        data.path().display().to_string(),
    );
    // Trusting the dev key is not the same as trusting theirs.
    let refused = paso_data(&["install", &file, "--data-dir", &dir, "--trust", &dev_pub()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("refused (untrusted)"));
    let public = prefix.with_extension("pub").display().to_string();
    let out = paso_data_ok(&["install", &file, "--data-dir", &dir, "--trust", &public]);
    assert!(out.starts_with("installed"), "{out}");
}

#[test]
fn a_one_percent_change_ships_as_at_most_five_percent_of_the_bundle() {
    // The mini fixture has about a hundred places; one changed phone number is 1% of them.
    let old = bundle(2);
    let new = bundle_with(3, Edit::FakePhone);
    let patch = delta::make_patch(&old, &new, &dev_key(), &trusted()).unwrap();
    assert!(
        patch.len() * 20 <= new.len(),
        "the patch is {} bytes, {:.1}% of the {}-byte bundle",
        patch.len(),
        100.0 * patch.len() as f64 / new.len() as f64,
        new.len()
    );
    // And it rebuilds the exact signed bytes on the phone.
    let data = DataDir::with(2);
    data.install_bytes(&patch).unwrap();
    assert_eq!(std::fs::read(data.current()).unwrap(), new);
}

#[test]
fn no_update_path_touches_the_user_database() {
    let data = DataDir::new();
    let reports_before = paso::store::UserStore::open(&data.user_db())
        .unwrap()
        .reports()
        .unwrap();
    let before = data.user_fingerprint();
    let dir = tempfile::tempdir().unwrap();
    let now = chrono::Utc::now();
    update::publish::publish(
        &[bundle(1), bundle(2), bundle(3)],
        &dev_key(),
        dir.path(),
        &update::publish::PublishOptions {
            max_deltas: 1,
            expires: now + chrono::Duration::days(1),
            now,
            root: vec![],
            trusted: paso::bundle::TrustedKeys::default(),
        },
    )
    .unwrap();
    let server = Server::start(dir.path(), HashMap::new());
    let none = &mut |_| {};
    data.install_bytes(&bundle(1)).unwrap();
    data.install_bytes(&bundle(0)).unwrap_err();
    update::check_and_install(data.path(), &server.url("latest.json"), &trusted(), none).unwrap();
    update::check_and_install(data.path(), &server.url("nothing.json"), &trusted(), none)
        .unwrap_err();
    std::fs::write(data.current(), b"damaged").unwrap();
    update::open_active(data.path(), &trusted()).unwrap();
    update::status(data.path(), &trusted()).unwrap();
    // The app's "update from file" hands over the bytes it read from the file picker.
    update::install_bytes(data.path(), bundle(3), &trusted(), none).unwrap();
    assert_eq!(data.active(), (v(3), Slot::Current));
    assert_eq!(data.user_fingerprint(), before);
    let reports = paso::store::UserStore::open(&data.user_db())
        .unwrap()
        .reports()
        .unwrap();
    assert_eq!(reports, reports_before);
    assert_eq!(reports.len(), 3);
}
