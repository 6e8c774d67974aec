//! Reader for the curated route points (`data/sources/curated/route_points/<country>.csv`): one serde row per
//! line, every column required by name, town-level rows placed with the gazetteer, the verification ladder
//! checked, and the es/en/fr texts kept apart.

use super::super::diagnostics::{Diagnostics, Location};
use super::super::licence::EDITORIAL_LICENCE;
use super::super::BundleError;
use super::{
    country, io_error, parse_position, Gazetteer, ImportedPlace, PlaceFields, Placement,
    SourcePaths,
};
use crate::model::*;
use serde::Deserialize;

/// The folder of curated route points: one CSV per country (`co.csv`, `pa.csv`, …), read in name order.
pub const CURATED_DIR: &str = "curated/route_points";

/// One line of a curated CSV. Every column must be present (an empty cell is fine); `town_lat`, `town_lon`
/// and `town_match` are the compiler's notes and are not used: the builder places rows itself.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CuratedRow {
    id: String,
    category: String,
    subcategory: String,
    name: String,
    country: String,
    admin1: String,
    town: String,
    address: String,
    phone: String,
    email: String,
    website: String,
    serves_es: String,
    serves_en: String,
    serves_fr: String,
    services_es: String,
    services_en: String,
    services_fr: String,
    status: String,
    lat: String,
    lon: String,
    coord_source: String,
    location_precision: String,
    town_geonameid: String,
    #[allow(dead_code)]
    town_lat: String,
    #[allow(dead_code)]
    town_lon: String,
    #[allow(dead_code)]
    town_match: String,
    source_url: String,
    source_title: String,
    source_date: String,
    evidence: String,
    evidence_lang: String,
    notes_es: String,
    notes_en: String,
    notes_fr: String,
    verification_status: String,
    last_checked: String,
    checked_url: String,
    checked_title: String,
    checked_date: String,
    checked_evidence: String,
    verified_by: String,
}

/// The columns every curated CSV has, in order (the README's column table).
pub const CURATED_COLUMNS: [&str; 41] = [
    "id",
    "category",
    "subcategory",
    "name",
    "country",
    "admin1",
    "town",
    "address",
    "phone",
    "email",
    "website",
    "serves_es",
    "serves_en",
    "serves_fr",
    "services_es",
    "services_en",
    "services_fr",
    "status",
    "lat",
    "lon",
    "coord_source",
    "location_precision",
    "town_geonameid",
    "town_lat",
    "town_lon",
    "town_match",
    "source_url",
    "source_title",
    "source_date",
    "evidence",
    "evidence_lang",
    "notes_es",
    "notes_en",
    "notes_fr",
    "verification_status",
    "last_checked",
    "checked_url",
    "checked_title",
    "checked_date",
    "checked_evidence",
    "verified_by",
];

fn some(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn texts(es: &str, en: &str, fr: &str) -> LocalizedText {
    LocalizedText {
        es: some(es),
        en: some(en),
        fr: some(fr),
    }
}

fn is_date(text: &str) -> bool {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

/// Reads every `curated/route_points/*.csv`, placing town-level rows with the gazetteer.
pub fn read_curated(
    paths: &SourcePaths,
    gazetteer: &Gazetteer,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<ImportedPlace>, BundleError> {
    let folder = paths.join(CURATED_DIR);
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .map_err(io_error(&folder))?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".csv"))
        .collect();
    files.sort();
    let mut places = Vec::new();
    for file in files {
        let relative = format!("{CURATED_DIR}/{file}");
        let path = paths.join(&relative);
        let label = paths.label(&relative);
        let mut reader = csv::ReaderBuilder::new()
            .flexible(false)
            .from_path(&path)
            .map_err(|e| csv_error(&path, e))?;
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| csv_error(&path, e))?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_string())
            .collect();
        if headers != CURATED_COLUMNS {
            let missing: Vec<&str> = CURATED_COLUMNS
                .iter()
                .copied()
                .filter(|c| !headers.iter().any(|h| h == c))
                .collect();
            let unknown: Vec<&str> = headers
                .iter()
                .map(String::as_str)
                .filter(|h| !CURATED_COLUMNS.contains(h))
                .collect();
            diagnostics.error(
                &Location::line(&label, 1),
                None,
                format!(
                    "the header row differs from the curated column list (missing: {missing:?}; unknown: {unknown:?})"
                ),
                Some("the columns of data/sources/curated/README.md, in that order"),
            );
            continue;
        }
        let header_record = reader.headers().map_err(|e| csv_error(&path, e))?.clone();
        for record in reader.records() {
            let parsed = record.and_then(|record| {
                let line = record.position().map(|p| p.line()).unwrap_or(0);
                record
                    .deserialize::<CuratedRow>(Some(&header_record))
                    .map(|row| (row, line))
            });
            match parsed {
                Ok((row, line)) => {
                    let at = Location::line(&label, line);
                    if let Some(fields) = curated_place(row, &at, gazetteer, diagnostics) {
                        places.push(ImportedPlace::new(fields, at));
                    }
                }
                Err(error) => {
                    let line = error.position().map(|p| p.line()).unwrap_or(0);
                    diagnostics.error(
                        &Location::line(&label, line),
                        None,
                        format!("malformed CSV row: {error}"),
                        None,
                    );
                }
            }
        }
    }
    Ok(places)
}

fn csv_error(path: &std::path::Path, error: csv::Error) -> BundleError {
    BundleError::Io {
        path: path.display().to_string(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, error.to_string()),
    }
}

/// Splits a source's annotated value: `"x@y.org (2020)"` → (`x@y.org`, `(2020)`).
fn split_annotation(value: &str) -> (Option<String>, Option<String>) {
    let value = value.trim();
    if value.is_empty() {
        return (None, None);
    }
    match value.split_once(" (") {
        Some((main, note)) => (Some(main.trim().to_string()), Some(format!("({note}"))),
        None => (Some(value.to_string()), None),
    }
}

fn curated_place(
    row: CuratedRow,
    at: &Location,
    gazetteer: &Gazetteer,
    diagnostics: &mut Diagnostics,
) -> Option<PlaceFields> {
    let category = match row.category.parse::<Category>() {
        Ok(category) => category,
        Err(why) => {
            diagnostics.error(at, Some("category"), why, None);
            return None;
        }
    };
    let country = country(&row.country, at, "country", diagnostics)?;
    let status = match row.status.trim() {
        "" => PlaceStatus::Unknown,
        other => match other.parse::<PlaceStatus>() {
            Ok(status) => status,
            Err(why) => {
                diagnostics.error(at, Some("status"), why, None);
                return None;
            }
        },
    };
    let verification = match row.verification_status.parse::<Verification>() {
        Ok(verification) => verification,
        Err(why) => {
            diagnostics.error(at, Some("verification_status"), why, None);
            return None;
        }
    };
    let last_checked = some(&row.last_checked);
    if let Some(date) = &last_checked {
        if !is_date(date) {
            diagnostics.error(
                at,
                Some("last_checked"),
                format!("{date:?} is not a date"),
                Some("YYYY-MM-DD"),
            );
        }
    }
    let desk_check = some(&row.checked_url).map(|url| DeskCheck {
        url,
        title: some(&row.checked_title),
        date: some(&row.checked_date),
        evidence: some(&row.checked_evidence),
    });
    match verification {
        Verification::Unverified => {}
        Verification::DeskChecked => {
            for (field, value) in [
                ("last_checked", &row.last_checked),
                ("checked_url", &row.checked_url),
                ("checked_date", &row.checked_date),
                ("checked_evidence", &row.checked_evidence),
            ] {
                if value.trim().is_empty() {
                    diagnostics.error(
                        at,
                        Some(field),
                        "a desk-checked row names the newer page that confirmed it",
                        Some("the page, its date and a verbatim quote from it"),
                    );
                }
            }
        }
        Verification::FieldVerified => {
            if row.verified_by.trim().is_empty() || last_checked.is_none() {
                diagnostics.error(
                    at,
                    Some("verified_by"),
                    "a field-verified row names the organisation that went there, and the day",
                    Some("verified_by and last_checked"),
                );
            }
        }
    }
    let evidence = some(&row.evidence);
    let evidence_lang = some(&row.evidence_lang);
    if evidence.is_some() {
        match evidence_lang.as_deref() {
            Some(lang) if lang.len() == 2 && lang.chars().all(|c| c.is_ascii_lowercase()) => {}
            other => diagnostics.error(
                at,
                Some("evidence_lang"),
                format!("{:?}: the quote's language is needed", other.unwrap_or("")),
                Some("an ISO 639-1 code such as es, en or fr"),
            ),
        }
    }
    let (position, precision) = match row.location_precision.as_str() {
        "exact_from_source" => {
            if row.coord_source.trim().is_empty() {
                diagnostics.error(
                    at,
                    Some("coord_source"),
                    "exact coordinates must name where they come from",
                    Some("the page or map link that gives them"),
                );
            }
            (
                parse_position(&row.lat, &row.lon, at, diagnostics),
                LocationPrecision::Exact,
            )
        }
        "town" => match gazetteer.place(country, &row.town, &row.admin1, &row.town_geonameid) {
            Placement::AtTown(town) => (Some(town.position), LocationPrecision::Town),
            Placement::NotFound | Placement::NoRegion => (None, LocationPrecision::None),
        },
        "country" => (None, LocationPrecision::Country),
        "none" | "" => (None, LocationPrecision::None),
        other => {
            diagnostics.error(
                at,
                Some("location_precision"),
                format!("unknown precision {other:?}"),
                Some("exact_from_source, town, country or none"),
            );
            return None;
        }
    };
    let (email, _) = split_annotation(&row.email);
    let (website, _) = split_annotation(&row.website);
    // A bare host ("www.example.org") gets https://; anything naming another scheme (javascript:, data:,
    // ftp://) is kept as written, so validation refuses it instead of hiding it behind https://.
    let website = website.map(|w| {
        if w.contains("://") || url::Url::parse(&w).is_ok() {
            w
        } else {
            format!("https://{w}")
        }
    });
    Some(PlaceFields {
        id: row.id.trim().to_string(),
        category,
        subcategory: some(&row.subcategory),
        names: LocalizedNames {
            name: row.name.trim().to_string(),
            ..Default::default()
        },
        country,
        admin1: some(&row.admin1),
        town: some(&row.town),
        address: some(&row.address),
        position,
        precision,
        phone_text: some(&row.phone),
        email,
        website,
        opening_hours: None,
        serves_text: texts(&row.serves_es, &row.serves_en, &row.serves_fr),
        services: texts(&row.services_es, &row.services_en, &row.services_fr),
        status,
        verification,
        last_checked,
        verified_by: some(&row.verified_by),
        desk_check,
        provenance: Provenance {
            dataset: "paso_curated".into(),
            url: some(&row.source_url),
            title: some(&row.source_title),
            date: some(&row.source_date),
            licence: EDITORIAL_LICENCE.into(),
            evidence,
            evidence_lang,
        },
        notes: texts(&row.notes_es, &row.notes_en, &row.notes_fr),
        operator_country: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_are_split_from_values() {
        assert_eq!(
            split_annotation("info@x.org (2019)"),
            (Some("info@x.org".into()), Some("(2019)".into()))
        );
        assert_eq!(split_annotation(" "), (None, None));
    }

    #[test]
    fn the_column_list_matches_the_row_struct() {
        let header = CURATED_COLUMNS.join(",");
        let line = vec![""; CURATED_COLUMNS.len()].join(",");
        let text = format!("{header}\n{line}\n");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let row: Result<CuratedRow, _> = reader.deserialize().next().expect("one row");
        assert!(row.is_ok(), "{row:?}");
    }
}
