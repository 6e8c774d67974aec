//! Bad content the builder must refuse in every input (curated CSV, POI CSV, editor HXL, CSV and GeoJSON,
//! guides): direction controls and invisible characters, over-long fields, phone texts that would make a
//! second `tel:` link, and web links that are not plain http(s) with a real host. Each refusal names the
//! file, the line (or feature) and the field. Fixtures: `tests/data/bad/`.

use crate::common::*;
use paso::bundle::build::{build, BuildOptions, BuildReport};
use paso::bundle::BundleError;
use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Appends the data rows of `rows` (a CSV with the same header) to `file`; returns the first new line.
fn append_rows(file: &Path, rows: &Path) -> usize {
    let existing = std::fs::read_to_string(file).unwrap();
    assert!(existing.ends_with('\n'));
    let first_new = existing.lines().count() + 1;
    let extra = std::fs::read_to_string(rows).unwrap();
    let (header, body) = extra.split_once('\n').unwrap();
    assert_eq!(header, existing.lines().next().unwrap(), "same columns");
    std::fs::write(file, existing + body).unwrap();
    first_new
}

fn build_dir(dir: &Path, imports: &[&str]) -> Result<BuildReport, BundleError> {
    let options = BuildOptions {
        data_dir: dir.to_path_buf(),
        imports: imports.iter().map(|name| fixture(name)).collect(),
        version: Some(7),
    };
    build(&options, &dev_key(), &mut |_| {})
}

fn errors(result: Result<BuildReport, BundleError>) -> String {
    match result {
        Err(BundleError::Invalid(diagnostics)) => diagnostics.to_string(),
        Err(other) => panic!("failed for another reason: {other}"),
        Ok(_) => panic!("the bad input was accepted"),
    }
}

fn expect_all(all: &str, expect: &[String]) {
    for needle in expect {
        assert!(
            all.contains(needle.as_str()),
            "missing {needle:?} in:\n{all}"
        );
    }
}

#[test]
fn editor_files_with_hidden_characters_long_fields_bad_phones_and_links_are_refused() {
    let all = errors(build_dir(
        &fixture("mini"),
        &["bad/hidden.csv", "bad/hidden-hxl.csv", "bad/hidden.geojson"],
    ));
    let csv = "bad/hidden.csv";
    let hxl = "bad/hidden-hxl.csv";
    let geo = "bad/hidden.geojson";
    let expect = [
        format!("{csv}, line 2, field `name`: contains a direction control U+202E"),
        format!("{csv}, line 3, field `notes_en`: contains an invisible character U+200B"),
        format!("{csv}, line 4, field `name`: is 201 characters long; at most 200"),
        format!("{csv}, line 5, field `phone`: \"+52 934 342 1111 ?call=+1900555\" does not look like a phone number: contains link syntax"),
        format!("{csv}, line 6, field `website`: \"javascript:alert(1)\" is not an http(s) link"),
        format!("{csv}, line 7, field `website`: \"https://acnur.org@evil.example/\" has a user name or password"),
        format!("{csv}, line 8, field `address`: contains a control character U+0007"),
        format!("{csv}, line 9, field `services_en`: contains a direction control U+2067"),
        format!("{csv}, line 10, field `services_en`: is 1001 characters long; at most 1000"),
        format!("{csv}, line 11, field `website`: \"https://localhost/x\""),
        format!("{hxl}, line 3, field `name`: contains a direction control U+200F"),
        format!("{hxl}, line 4, field `phone`: \"tel:+1900555\" does not look like a phone number: contains link syntax \"tel:\""),
        format!("{hxl}, line 5, field `website`: \"https://javascript:alert(1)\" is not a valid link"),
        format!("{geo}, feature 0, field `name`: contains a direction control U+061C"),
        format!("{geo}, feature 1, field `website`: \"data:text/plain,hello\" is not an http(s) link"),
        format!("{geo}, feature 2, field `phone`: \"52+1900555\" does not look like a phone number: has a + that does not start a number"),
        format!("{geo}, feature 3, field `name`: contains a tag character U+E0041"),
        format!("{geo}, field `attribution`: contains a direction control U+202E"),
    ];
    expect_all(&all, &expect);
    // The Persian name with its zero-width non-joiner between letters is correct spelling, not an attack.
    assert!(!all.contains("line 12"), "a good row was refused:\n{all}");
}

#[test]
fn curated_and_wikidata_rows_are_checked_like_editor_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mini = dir.path().join("mini");
    copy_dir(&fixture("mini"), &mini);
    let curated = append_rows(
        &mini.join("sources/curated/route_points/cr.csv"),
        &fixture("bad/curated_rows.csv"),
    );
    let pois = append_rows(
        &mini.join("sources/pois/pois_all.csv"),
        &fixture("bad/pois_rows.csv"),
    );
    let all = errors(build_dir(&mini, &[]));
    let c = "sources/curated/route_points/cr.csv";
    let p = "sources/pois/pois_all.csv";
    let expect = [
        // Before: `javascript:alert(1)` became `https://javascript:alert(1)` and was accepted.
        format!(
            "{c}, line {}, field `website`: \"javascript:alert(1)\" is not an http(s) link",
            curated
        ),
        format!(
            "{c}, line {}, field `name`: contains a direction control U+202E",
            curated + 1
        ),
        format!(
            "{c}, line {}, field `phone`: \"2222-2222 ?call=+1900555\" does not look like a phone number",
            curated + 2
        ),
        format!(
            "{p}, line {}, field `name`: contains a direction control U+2066",
            pois
        ),
        format!(
            "{p}, line {}, field `website`: \"https://javascript:alert(1)\" is not a valid link",
            pois + 1
        ),
        format!(
            "{p}, line {}, field `phone`: \"+506 2222-2222&call=+1900555\" does not look like a phone number",
            pois + 2
        ),
    ];
    expect_all(&all, &expect);
}

#[test]
fn a_guide_with_direction_controls_is_refused_with_its_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mini = dir.path().join("mini");
    copy_dir(&fixture("mini"), &mini);
    std::fs::copy(fixture("bad/guide-cr-en.md"), mini.join("guides/cr/en.md")).unwrap();
    let all = errors(build_dir(&mini, &[]));
    expect_all(
        &all,
        &[
            "guides/cr/en.md, line 4, field `front matter`: contains a direction control U+202E"
                .to_string(),
            "guides/cr/en.md, line 210: contains a direction control U+2066".to_string(),
        ],
    );
}
