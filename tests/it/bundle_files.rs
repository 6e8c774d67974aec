//! The committed bundles: they rebuild byte for byte from their sources, verify, and refuse any tampering.

use crate::common::*;
use paso::bundle::build::{build, BuildOptions};
use paso::bundle::{verify, BundleError};
use paso::catalog::Catalog;
use paso::store::StoreError;

fn rebuild(data_dir: &str) -> Vec<u8> {
    let options = BuildOptions {
        data_dir: root().join(data_dir),
        imports: vec![],
        version: None,
    };
    build(&options, &dev_key(), &mut |_| {})
        .expect("the inputs are valid")
        .bundle
}

#[test]
fn the_default_bundle_is_exactly_what_its_sources_build() {
    let committed = std::fs::read(root().join("data/default.paso")).unwrap();
    let rebuilt = rebuild("data");
    assert!(
        rebuilt == committed,
        "data/default.paso is stale: run `cargo run --features cli --bin paso-data -- build --out data/default.paso --key data/keys/dev-only-DO-NOT-SHIP.key`"
    );
    assert_eq!(
        rebuild("data"),
        rebuilt,
        "two builds of the same inputs differ"
    );
}

#[test]
fn the_fixture_bundle_is_exactly_what_its_sources_build() {
    assert!(
        rebuild("tests/data/mini") == mini_bundle(),
        "tests/data/mini.paso is stale; rebuild it (see tests/data/mini/bundle.toml)"
    );
}

#[test]
fn the_default_bundle_meets_the_data_core_promises() {
    let catalog = Catalog::open_default().unwrap();
    let manifest = catalog.manifest();
    assert!(
        manifest.coverage.places >= 2000,
        "{} places",
        manifest.coverage.places
    );
    for country in paso::model::ROUTE_COUNTRIES {
        assert!(
            manifest.coverage.countries.iter().any(|c| c == country),
            "{country} missing"
        );
    }
    // The licence gate kept the unclear registers out; only allowlisted licences ship.
    assert!(catalog
        .places()
        .iter()
        .all(|p| !p.id.0.starts_with("hn-sesal:") && !p.id.0.starts_with("cr-ign:")));
    for attribution in &manifest.attributions {
        assert!(
            paso::bundle::licence::ALLOWED_LICENCES.contains(&attribution.licence.as_str()),
            "{attribution:?}"
        );
    }
    // Every curated point is unverified and keeps its evidence; closed ones stay, marked closed.
    let closed = catalog
        .place("mx-tapachula-comar-old-offices-closed")
        .unwrap()
        .unwrap();
    assert_eq!(closed.status, paso::model::PlaceStatus::Closed);
    assert!(closed.provenance.evidence.is_some() && closed.provenance.url.is_some());
    // A town-level row sits on its town's centre and says so; an unknown village gets no position.
    let belen = catalog
        .place("mx-tapachula-albergue-belen")
        .unwrap()
        .unwrap();
    assert_eq!(belen.precision, paso::model::LocationPrecision::Town);
    // "Paso Canoas" is GeoNames' "Canoas" (Puntarenas): placed by its core name, still in its region.
    let paso_canoas = catalog.place("cr-paso-canoas-catem-sur").unwrap().unwrap();
    assert_eq!(paso_canoas.precision, paso::model::LocationPrecision::Town);
    let canoas = paso_canoas.position.expect("placed");
    assert!((canoas.lat - 8.53305).abs() < 1e-4 && (canoas.lon + 82.83844).abs() < 1e-4);
    // A reviewed alias (places/town_aliases.csv): Roatán's office sits on the municipality's seat, Coxen Hole.
    let roatan = catalog
        .place("hn-roatan-inm-oficina-regional")
        .unwrap()
        .unwrap();
    assert_eq!(roatan.precision, paso::model::LocationPrecision::Town);
    assert!(roatan
        .position
        .is_some_and(|p| (p.lat - 16.3155).abs() < 0.01));
    // Bajo Chiquito is in neither GeoNames file: no position, never a guess.
    let bajo_chiquito = catalog
        .place("pa-bajo-chiquito-community")
        .unwrap()
        .unwrap();
    assert_eq!(
        (bajo_chiquito.position, bajo_chiquito.precision),
        (None, paso::model::LocationPrecision::None)
    );
}

#[test]
fn one_flipped_byte_anywhere_is_refused_by_verify_and_by_open() {
    let bundle = mini_bundle();
    let trusted = dev_trusted();
    // Manifest, signature and payload, including the payload's last byte.
    let raw = paso::bundle::format::split(&bundle).unwrap();
    let spots = [
        20,
        16 + raw.manifest_bytes.len() + 10,
        raw.payload_start + 100,
        bundle.len() - 1,
    ];
    for at in spots {
        let mut bad = bundle.clone();
        bad[at] ^= 0x40;
        assert!(
            verify(&bad, &trusted).is_err(),
            "verify accepted a flip at {at}"
        );
        assert!(
            Catalog::open(&bad, &trusted).is_err(),
            "open accepted a flip at {at}"
        );
        let path =
            std::env::temp_dir().join(format!("paso-tamper-{}-{at}.paso", std::process::id()));
        std::fs::write(&path, &bad).unwrap();
        let output = paso_data(&["verify", path.to_str().unwrap(), "--trust", &dev_pub()]);
        std::fs::remove_file(&path).ok();
        assert!(
            !output.status.success(),
            "paso-data verify accepted a flip at {at}"
        );
        assert!(String::from_utf8_lossy(&output.stderr).contains("NOT valid"));
    }
    paso_data_ok(&[
        "verify",
        fixture("mini.paso").to_str().unwrap(),
        "--trust",
        &dev_pub(),
    ]);
}

#[test]
fn a_bundle_signed_by_an_unknown_key_is_refused() {
    let stranger = ed25519_dalek::SigningKey::from_bytes(&[9; 32]);
    let options = BuildOptions {
        data_dir: root().join("tests/data/mini"),
        imports: vec![],
        version: None,
    };
    let bundle = build(&options, &stranger, &mut |_| {}).unwrap().bundle;
    let refused = Catalog::open(&bundle, &dev_trusted()).err().unwrap();
    assert!(
        matches!(
            refused,
            StoreError::Bundle(BundleError::UntrustedPublisher { .. })
        ),
        "{refused}"
    );
}
