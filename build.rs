//! Pins the embedded default bundle: hashes `data/default.paso` at build time and emits its sha256 as a
//! constant, so the app opens the bundle compiled into it by that hash and needs no publisher key for it.

use sha2::{Digest, Sha256};
use std::path::Path;

fn main() {
    let bundle = Path::new("data/default.paso");
    println!("cargo:rerun-if-changed={}", bundle.display());
    println!("cargo:rerun-if-changed=build.rs");
    let bytes = std::fs::read(bundle).expect("data/default.paso is readable");
    let sha256: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("default_bundle_sha256.rs");
    std::fs::write(
        &out,
        format!(
            "/// Hex sha256 of `data/default.paso`, computed when this binary was built.\n\
             pub const DEFAULT_BUNDLE_SHA256: &str = \"{sha256}\";\n"
        ),
    )
    .expect("OUT_DIR is writable");
}
