//! Shared paths and helpers for the integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file under `tests/data/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/data").join(name)
}

/// The development signing key (dev-only; signs the default bundle and the fixtures).
pub fn dev_key_path() -> PathBuf {
    root().join("data/keys/dev-only-DO-NOT-SHIP.key")
}

/// The development signing key.
pub fn dev_key() -> ed25519_dalek::SigningKey {
    paso::bundle::keys::read_signing_key(&dev_key_path()).expect("the dev key reads")
}

/// The development public key file: tests trust it explicitly (`--trust`), no build does.
pub fn dev_pub_path() -> PathBuf {
    root().join("data/keys/dev-only-DO-NOT-SHIP.pub")
}

/// The development public key file's path as a string, for `--trust` arguments.
pub fn dev_pub() -> String {
    dev_pub_path().display().to_string()
}

/// `--trust` of the development key, as command line arguments.
pub fn dev_trust_args() -> [String; 2] {
    ["--trust".into(), dev_pub_path().display().to_string()]
}

/// The built-in keys plus the development key, trusted explicitly as `--trust` does.
pub fn dev_trusted() -> paso::bundle::TrustedKeys {
    let mut trusted = paso::bundle::TrustedKeys::built_in();
    let key = paso::bundle::keys::read_verifying_key(&dev_pub_path()).expect("the dev key reads");
    trusted.add(key, "Paso development key (trusted by the tests)");
    trusted
}

/// The small signed fixture bundle (Costa Rica and the Tapachula area, real rows).
pub fn mini_bundle() -> Vec<u8> {
    std::fs::read(fixture("mini.paso")).expect("tests/data/mini.paso exists")
}

/// Runs the `paso-data` binary built for these tests.
pub fn paso_data(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paso-data"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("paso-data runs")
}

/// stdout of a run that must succeed.
pub fn paso_data_ok(args: &[&str]) -> String {
    let output = paso_data(args);
    assert!(
        output.status.success(),
        "paso-data {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8 output")
}
