//! The invariants of ARCHITECTURE.md that can be checked by reading the source: what each layer never does.

use crate::common::root;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// Lines of code, comments left out (a doc line may name what the code must not do).
fn code(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_absent(dir: &str, needles: &[&str], why: &str) {
    for file in rust_files(&root().join(dir)) {
        let text = code(&file);
        for needle in needles {
            assert!(
                !text.contains(needle),
                "{} contains {needle:?}: {why}",
                file.display()
            );
        }
    }
}

#[test]
fn the_ui_never_runs_sql_or_injects_html() {
    assert_absent(
        "src/ui",
        &["rusqlite", "store::content", "dangerous_inner_html"],
        "the UI asks the catalog and never injects HTML",
    );
}

#[test]
fn the_pure_modules_do_no_io() {
    for file in ["src/spatial.rs", "src/model.rs", "src/text.rs"] {
        let text = code(&root().join(file));
        for needle in ["std::fs", "rusqlite", "std::net", "File::"] {
            assert!(!text.contains(needle), "{file} does I/O ({needle})");
        }
    }
}

#[test]
fn updates_never_open_the_user_database() {
    assert_absent(
        "src/update",
        &["UserStore", "user.sqlite", "store::user"],
        "updates touch only DATA_DIR/bundles",
    );
}

#[test]
fn anyhow_only_in_binaries_and_every_module_says_what_it_is_for() {
    for file in rust_files(&root().join("src")) {
        let relative = file.strip_prefix(root()).unwrap().display().to_string();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.starts_with("//!"),
            "{relative} does not open with a //! line"
        );
        if !(relative == "src/main.rs" || relative.starts_with("src/bin/")) {
            assert!(
                !code(&file).contains("anyhow"),
                "{relative} uses anyhow outside a binary"
            );
        }
    }
}

/// The keys of a key list file, parsed as the app parses its built-in lists.
fn listed_keys(file: &str) -> Vec<ed25519_dalek::VerifyingKey> {
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    paso::bundle::TrustedKeys::parse(&text)
        .unwrap_or_else(|e| panic!("{file} does not parse: {e}"))
        .keys()
        .iter()
        .map(|k| k.verifying_key)
        .collect()
}

#[test]
fn no_build_trusts_the_development_key() {
    let dev = paso::bundle::keys::read_verifying_key(&crate::common::dev_pub_path()).unwrap();
    for file in [
        "data/keys/trusted_publishers.txt",
        "data/keys/trusted_roots.txt",
    ] {
        assert!(
            !listed_keys(file).contains(&dev),
            "{file} lists the development key, whose secret is in the repository"
        );
    }
    // What is compiled in, too (the files above are what `include_str!` reads; this checks the binary's view).
    let built_in = paso::bundle::TrustedKeys::built_in();
    assert!(!built_in.keys().iter().any(|k| k.verifying_key == dev));
    assert!(!built_in.roots().iter().any(|k| k.verifying_key == dev));
}
