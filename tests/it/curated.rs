//! The curated route points: the per-country CSVs, their column check, the three-language rule, the
//! verification ladder, and the schema version of the content they land in.

use crate::common::*;
use paso::bundle::build::{build, BuildOptions};
use paso::bundle::TrustedKeys;
use paso::store::{ContentStore, StoreError};
use std::path::Path;

/// A copy of the mini fixture's data folder that a test may change.
fn mini_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("mini"), dir.path());
    dir
}

fn edit(path: &Path, edit: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, edit(text)).unwrap();
}

/// Builds a data folder and returns every finding as text (errors and warnings), and whether it built.
fn build_findings(data: &Path) -> (bool, String) {
    let options = BuildOptions {
        data_dir: data.to_path_buf(),
        imports: Vec::new(),
        version: None,
    };
    match build(&options, &dev_key(), &mut |_| {}) {
        Ok(report) => (true, report.diagnostics.to_string()),
        Err(paso::bundle::BundleError::Invalid(findings)) => (false, findings.to_string()),
        Err(other) => panic!("build failed for another reason: {other}"),
    }
}

fn dev_trust() -> TrustedKeys {
    TrustedKeys::from_keys(vec![dev_key().verifying_key()])
}

#[test]
fn bundles_of_older_content_schemas_are_refused_with_a_clear_message() {
    for (file, found) in [("mini-schema-v1.paso", 1), ("mini-schema-v2.paso", 2)] {
        let old = std::fs::read(fixture(file)).unwrap();
        let error = ContentStore::open(&old, &dev_trust())
            .err()
            .expect("refused");
        assert!(
            matches!(
                error,
                StoreError::UnsupportedSchema { found: f, supported }
                    if f == found && supported == paso::store::schema::CONTENT_SCHEMA_VERSION
            ),
            "{file}: {error:?}"
        );
        assert!(
            error
                .to_string()
                .contains(&format!("schema {found} is not supported")),
            "{error}"
        );
    }
}

#[test]
fn a_curated_csv_with_a_missing_column_is_refused_naming_the_file_and_the_column() {
    let data = mini_copy();
    edit(
        &data.path().join("sources/curated/route_points/cr.csv"),
        |text| text.replacen(",evidence_lang,", ",", 1),
    );
    let (built, findings) = build_findings(data.path());
    assert!(!built);
    assert!(
        findings.contains("curated/route_points/cr.csv, line 1")
            && findings.contains("missing: [\"evidence_lang\"]"),
        "{findings}"
    );
}

#[test]
fn the_default_bundle_rule_refuses_an_untranslated_curated_text_and_an_import_only_lists_it() {
    let data = mini_copy();
    let file = data.path().join("sources/curated/route_points/cr.csv");
    // Blank the French "services" of the first row that has services.
    let mut reader = csv::Reader::from_path(&file).unwrap();
    let headers = reader.headers().unwrap().clone();
    let mut rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let column = headers.iter().position(|h| h == "services_fr").unwrap();
    let en = headers.iter().position(|h| h == "services_en").unwrap();
    let target = rows
        .iter()
        .position(|r| !r[en].is_empty())
        .expect("a row with services");
    let mut fields: Vec<String> = rows[target].iter().map(String::from).collect();
    // Test-only: give the row's other texts all three languages, so only the one blanked below is missing.
    for field in ["serves", "services", "notes"] {
        let at = |lang: &str| {
            headers
                .iter()
                .position(|h| h == format!("{field}_{lang}"))
                .unwrap()
        };
        let text = ["en", "es", "fr"]
            .iter()
            .map(|l| fields[at(l)].clone())
            .find(|t| !t.is_empty())
            .unwrap_or_else(|| "test-only text".to_string());
        for lang in ["es", "en", "fr"] {
            if fields[at(lang)].is_empty() {
                fields[at(lang)] = text.clone();
            }
        }
    }
    fields[column] = String::new();
    rows[target] = csv::StringRecord::from(fields);
    let mut writer = csv::Writer::from_path(&file).unwrap();
    writer.write_record(&headers).unwrap();
    for row in &rows {
        writer.write_record(row).unwrap();
    }
    writer.flush().unwrap();
    let line = target + 2;

    let (_, findings) = build_findings(data.path());
    let expected = format!("cr.csv, line {line}: untranslated: services_fr empty");
    assert!(findings.contains(&expected), "{expected}\n{findings}");

    edit(&data.path().join("bundle.toml"), |text| {
        text.replacen(
            "version = 1\n",
            "version = 1\nrequire_translations = true\n",
            1,
        )
    });
    let (built, findings) = build_findings(data.path());
    assert!(!built, "the default-bundle rule must refuse it");
    assert!(
        findings.contains(&format!("error: sources/curated/route_points/{expected}")),
        "{findings}"
    );
}

#[test]
fn the_verification_ladder_needs_its_evidence() {
    let data = mini_copy();
    let file = data.path().join("sources/curated/route_points/cr.csv");
    edit(&file, |text| {
        // The second line is the first data row: claim a desk check without naming the page.
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        lines[1] = lines[1].replacen(",unverified,", ",desk_checked,", 1);
        lines.join("\n") + "\n"
    });
    let (built, findings) = build_findings(data.path());
    assert!(!built);
    assert!(
        findings.contains("cr.csv, line 2, field `checked_url`")
            && findings.contains("cr.csv, line 2, field `checked_evidence`"),
        "{findings}"
    );
}
