//! Editors' files: the three example formats import cleanly; bad inputs are all reported at once with file,
//! line or feature, and field, and the build writes nothing.

use crate::common::*;
use paso::bundle::build::{build, BuildOptions};
use paso::bundle::BundleError;
use paso::catalog::Catalog;
use paso::model::{Category, LocationPrecision, TargetGroup};

fn build_with(imports: &[&str]) -> Result<paso::bundle::build::BuildReport, BundleError> {
    let options = BuildOptions {
        data_dir: root().join("tests/data/mini"),
        imports: imports.iter().map(|name| fixture(name)).collect(),
        version: Some(7),
    };
    build(&options, &dev_key(), &mut |_| {})
}

#[test]
fn the_example_files_of_each_format_import_into_a_signed_bundle() {
    let report = build_with(&[
        "editor-example-hxl.csv",
        "editor-example-plain.csv",
        "editor-example.geojson",
    ])
    .unwrap();
    assert_eq!(report.manifest.version, 7);
    let catalog = Catalog::open(&report.bundle, &dev_trusted()).unwrap();
    let la72 = catalog.place("example-hxl-la72").unwrap().unwrap();
    assert_eq!(
        (la72.category, la72.precision),
        (Category::Shelter, LocationPrecision::Exact)
    );
    assert_eq!(la72.phones, vec!["+52 934 342 1111"]);
    assert!(
        la72.serves.contains(&TargetGroup::Women)
            && la72.serves.contains(&TargetGroup::UnaccompaniedChildren)
    );
    let managua = catalog.place("example-csv-dgme-managua").unwrap().unwrap();
    assert_eq!(managua.category, Category::MigrationOffice);
    let tegucigalpa = catalog
        .place("example-geojson-inm-tegucigalpa")
        .unwrap()
        .unwrap();
    assert_eq!(
        (tegucigalpa.category, tegucigalpa.country.as_str()),
        (Category::MigrationOffice, "HN")
    );
    let attributions: Vec<_> = report
        .manifest
        .attributions
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    for id in [
        "editor:editor-example-hxl.csv",
        "editor:editor-example-plain.csv",
        "editor:editor-example.geojson",
    ] {
        assert!(
            attributions.contains(&id),
            "{id} credited in {attributions:?}"
        );
    }
}

#[test]
fn every_bad_input_is_reported_with_its_location_in_one_run() {
    let Err(BundleError::Invalid(diagnostics)) =
        build_with(&["bad/places.csv", "bad/features.geojson"])
    else {
        panic!("bad inputs must fail the build");
    };
    let all = diagnostics.to_string();
    let expect = [
        "bad/places.csv, line 3, field `lat`: latitude and longitude look swapped",
        "bad/places.csv, line 4, field `lat`: coordinates 123,-84 are out of range",
        "bad/places.csv, line 5, field `lat`: the point is",
        "bad/places.csv, line 6, field `opening_hours`",
        "bad/places.csv, line 7, field `phone`: \"call us\" does not look like a phone number",
        "bad/places.csv, line 8, field `name`: contains markup",
        "bad/places.csv, line 9, field `id`: duplicate id \"test-only-ok\"",
        "bad/places.csv, line 10, field `website`",
        "bad/places.csv, line 11, field `id`: required field `id` is empty",
        "bad/places.csv, line 11, field `category`: required field `category` is empty",
        "features.geojson, feature 0, field `geometry`: geometry is LineString, not a Point",
        "features.geojson, feature 1, field `amenity`: no tag says what kind of place this is",
    ];
    for needle in expect {
        assert!(all.contains(needle), "missing {needle:?} in:\n{all}");
    }
    assert!(
        all.contains("in GT"),
        "says where the point really is:\n{all}"
    );
    // The non-commercial licence is refused by the gate, as a warning naming the licence.
    assert!(
        all.contains(
            "line 12, field `licence`: refused by the licence gate: licence \"CC-BY-NC-4.0\""
        ),
        "{all}"
    );
}

#[test]
fn a_failed_cli_build_writes_nothing_and_names_file_line_and_field() {
    let out = std::env::temp_dir().join(format!("paso-bad-{}.paso", std::process::id()));
    let output = paso_data(&[
        "build",
        "--sources",
        "tests/data/mini",
        "--import",
        "tests/data/bad/places.csv",
        "--out",
        out.to_str().unwrap(),
        "--key",
        dev_key_path().to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad/places.csv, line 3, field `lat`"),
        "{stderr}"
    );
    assert!(stderr.contains("no bundle was written"), "{stderr}");
    assert!(!out.exists(), "a failed build left a file behind");
    let dir = out.parent().unwrap();
    let leftovers = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("paso-bad-"))
        .count();
    assert_eq!(leftovers, 0);
}

#[test]
fn the_licence_gate_refuses_the_unclear_registers_and_names_their_licence() {
    let out = std::env::temp_dir().join(format!("paso-gate-{}.paso", std::process::id()));
    let stdout = paso_data_ok(&[
        "build",
        "--out",
        out.to_str().unwrap(),
        "--key",
        dev_key_path().to_str().unwrap(),
    ]);
    std::fs::remove_file(&out).ok();
    assert!(stdout.contains("licence gate: refused 1359 row(s) of sources/pois/pois_all.csv: licence \"not stated in repository (presumed Secretaría de Salud de Honduras / HDX)\""), "{stdout}");
    assert!(
        stdout.contains("licence gate: refused 37 row(s)"),
        "{stdout}"
    );
}
