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

/// The modules of `bundle` the app itself needs to open a bundle: the container, keys and root lists.
const CORE_BUNDLE_MODULES: [&str; 3] = ["format", "keys", "root"];

/// True when `feature` turns on `wanted`, directly or through other features.
fn feature_enables(features: &toml::Table, feature: &str, wanted: &str) -> bool {
    let entries = features
        .get(feature)
        .and_then(|list| list.as_array())
        .map(Vec::as_slice)
        .unwrap_or_default();
    entries.iter().filter_map(|e| e.as_str()).any(|entry| {
        entry == wanted
            || (!entry.contains(':')
                && !entry.contains('/')
                && entry != feature
                && feature_enables(features, entry, wanted))
    })
}

#[test]
fn the_phone_library_does_not_compile_the_builder() {
    // Every module of `bundle` but the reading side is behind `cli`, and so is every re-export from one.
    let text = std::fs::read_to_string(root().join("src/bundle/mod.rs")).unwrap();
    let mut attributes: Vec<String> = Vec::new();
    let mut modules: Vec<(String, bool)> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with("#[") {
            attributes.push(line.replace(' ', ""));
            continue;
        }
        if line.starts_with("//") || line.is_empty() {
            continue;
        }
        let behind_cli = attributes.iter().any(|a| a == "#[cfg(feature=\"cli\")]");
        attributes.clear();
        if let Some(name) = line
            .strip_prefix("pub mod ")
            .and_then(|rest| rest.strip_suffix(';'))
        {
            let core = CORE_BUNDLE_MODULES.contains(&name);
            assert_eq!(
                behind_cli,
                !core,
                "src/bundle/mod.rs: `mod {name}` must be {} the `cli` feature",
                if core { "outside" } else { "behind" }
            );
            modules.push((name.to_string(), behind_cli));
        } else if let Some(path) = line.strip_prefix("pub use ") {
            let first = path.split("::").next().unwrap_or("");
            if let Some((_, gated)) = modules.iter().find(|(name, _)| name == first) {
                assert_eq!(
                    behind_cli, *gated,
                    "src/bundle/mod.rs: `pub use {path}` must be gated like `mod {first}`"
                );
            }
        }
    }
    for name in CORE_BUNDLE_MODULES
        .iter()
        .chain(&["build", "import", "editor_import", "validate"])
    {
        assert!(
            modules.iter().any(|(m, _)| m == name),
            "src/bundle/mod.rs declares no `pub mod {name};` (does the check still read the right file?)"
        );
    }

    // The crates only the builder uses are optional, and only `cli` turns them on; no renderer (nor the default
    // build) turns on `cli`.
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(root().join("Cargo.toml")).unwrap()).unwrap();
    let dependencies = manifest["dependencies"].as_table().unwrap();
    let features = manifest["features"].as_table().unwrap();
    for krate in ["csv", "toml"] {
        assert_eq!(
            dependencies[krate]
                .get("optional")
                .and_then(|o| o.as_bool()),
            Some(true),
            "Cargo.toml: `{krate}` must be an optional dependency"
        );
        let enabling: Vec<&str> = features
            .keys()
            .map(String::as_str)
            .filter(|feature| feature_enables(features, feature, &format!("dep:{krate}")))
            .collect();
        assert_eq!(
            enabling,
            ["cli"],
            "Cargo.toml: only `cli` may turn on `{krate}`"
        );
    }
    for feature in ["default", "desktop", "web", "mobile"] {
        assert!(
            features.contains_key(feature),
            "Cargo.toml has no feature {feature}"
        );
        assert!(
            !feature_enables(features, feature, "cli"),
            "Cargo.toml: `{feature}` turns on `cli`, so the app would compile the builder"
        );
    }
}
