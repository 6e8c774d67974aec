//! Corrections (`data/corrections/*.csv`, written by `paso-server export`): changes to places that already
//! exist, applied after every other input is read and before validation. A field visit makes a place
//! `field_verified` on its day by its organisation; accepted reports change the field only.

use std::path::{Path, PathBuf};

use super::csv::read_rows;
use super::ImportedPlace;
use crate::bundle::diagnostics::{Diagnostics, Location};
use crate::bundle::validate::{
    opening_hours_problem, phone_text_problem, OPENING_HOURS_HINT, PHONE_HINT,
};
use crate::bundle::BundleError;
use crate::model::{LatLon, LocationPrecision, PlaceStatus, Verification};
use crate::text::{check_text, extract_phone_numbers, target_groups_in, text_rule};
use crate::wire::{CorrectionBasis, CorrectionField, CorrectionRow};

/// The corrections files in `folder`, in name order (none when the folder does not exist).
pub fn correction_files(folder: &Path) -> Result<Vec<PathBuf>, BundleError> {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(super::io_error(folder)(e)),
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    files.sort();
    Ok(files)
}

/// Applies every row of every file in `folder` to `places`, in file and row order (a later row wins). Each
/// problem is reported at its file, line and column; how many rows were applied.
pub fn apply_corrections(
    folder: &Path,
    places: &mut [ImportedPlace],
    diagnostics: &mut Diagnostics,
) -> Result<usize, BundleError> {
    let mut applied = 0;
    for path in correction_files(folder)? {
        let label = path.display().to_string();
        read_rows::<CorrectionRow>(&path, &label, diagnostics, |row, at, diagnostics| {
            if apply(&row, &at, places, diagnostics) {
                applied += 1;
            }
        })?;
    }
    Ok(applied)
}

/// One row; `false` (with its diagnostics) when it could not be applied.
fn apply(
    row: &CorrectionRow,
    at: &Location,
    places: &mut [ImportedPlace],
    diagnostics: &mut Diagnostics,
) -> bool {
    let Some(imported) = places.iter_mut().find(|p| p.place.id.0 == row.place_id) else {
        diagnostics.error(
            at,
            Some("place_id"),
            format!("no place has the id {:?}", row.place_id),
            Some("a correction changes a place another input gives; new places go in an editor import"),
        );
        return false;
    };
    let mut fine = true;
    let mut refuse = |column: &str, message: String, hint: &str| {
        diagnostics.error(at, Some(column), message, Some(hint));
        fine = false;
    };
    if chrono::NaiveDate::parse_from_str(&row.date, "%Y-%m-%d").is_err() {
        refuse(
            "date",
            format!("{:?} is not a date", row.date),
            "YYYY-MM-DD",
        );
    }
    if row.organisation.trim().is_empty() {
        refuse(
            "organisation",
            "the organisation is empty".into(),
            "who stands behind the change",
        );
    }
    for (column, text) in [
        ("organisation", row.organisation.as_str()),
        ("evidence", row.evidence.as_str()),
    ] {
        let rule = if column == "organisation" {
            text_rule("verified_by")
        } else {
            text_rule("evidence")
        };
        if let Err(problem) = check_text(rule, text) {
            refuse(column, format!("the {column} {problem}"), "plain text");
        }
    }
    let value = row.value.trim();
    match row.field {
        None if !value.is_empty() => refuse(
            "value",
            "a row with no field confirms the place as it is, and has no value".into(),
            "name the field, or leave the value empty",
        ),
        None if row.basis == CorrectionBasis::Reports => refuse(
            "field",
            "accepted reports must change a field".into(),
            "status, phone, opening_hours, services, serves or position",
        ),
        Some(_) if value.is_empty() => refuse(
            "value",
            "the new value is empty".into(),
            "the value found, in the field's format",
        ),
        _ => {}
    }
    let lang_needed = matches!(
        row.field,
        Some(CorrectionField::Services | CorrectionField::Serves)
    );
    if lang_needed && !["es", "en", "fr"].contains(&row.lang.as_str()) {
        refuse(
            "lang",
            format!("{:?} is not es, en or fr", row.lang),
            "the language of the text",
        );
    }
    if !fine {
        return false;
    }
    let place = &mut imported.place;
    if let Some(field) = row.field {
        let column = field.as_str();
        let rule = match field {
            CorrectionField::Phone => text_rule("phone"),
            CorrectionField::OpeningHours => text_rule("opening_hours"),
            CorrectionField::Services => text_rule("services"),
            _ => text_rule("serves"),
        };
        if let Err(problem) = check_text(rule, value) {
            diagnostics.error(at, Some("value"), format!("the {column} {problem}"), None);
            return false;
        }
        match field {
            CorrectionField::Status => match value.parse::<PlaceStatus>() {
                Ok(status) => place.status = status,
                Err(message) => {
                    diagnostics.error(at, Some("value"), message, None);
                    return false;
                }
            },
            CorrectionField::Phone => {
                if let Some(problem) = phone_text_problem(value) {
                    diagnostics.error(at, Some("value"), problem, Some(PHONE_HINT));
                    return false;
                }
                place.phone_text = Some(value.to_string());
                place.phones = extract_phone_numbers(value);
            }
            CorrectionField::OpeningHours => {
                if let Some(problem) = opening_hours_problem(value) {
                    diagnostics.error(at, Some("value"), problem, Some(OPENING_HOURS_HINT));
                    return false;
                }
                place.opening_hours = Some(value.to_string());
            }
            CorrectionField::Services => place.services.set(&row.lang, Some(value.to_string())),
            CorrectionField::Serves => {
                place.serves_text.set(&row.lang, Some(value.to_string()));
                place.serves = target_groups_in(&place.serves_text);
            }
            CorrectionField::Position => match parse_position(value) {
                Some(position) => {
                    place.position = Some(position);
                    place.precision = LocationPrecision::Exact;
                }
                None => {
                    diagnostics.error(
                        at,
                        Some("value"),
                        format!("{value:?} is not a position"),
                        Some("latitude,longitude in decimal degrees, e.g. 14.9054,-92.2589"),
                    );
                    return false;
                }
            },
        }
    }
    if row.basis == CorrectionBasis::FieldVisit {
        let newer = place.last_checked.as_deref().is_none_or(|day| {
            place.verification != Verification::FieldVerified || day <= row.date.as_str()
        });
        if newer {
            place.verification = Verification::FieldVerified;
            place.last_checked = Some(row.date.clone());
            place.verified_by = Some(row.organisation.trim().to_string());
        }
    }
    true
}

/// `lat,lon` in decimal degrees, in range.
fn parse_position(text: &str) -> Option<LatLon> {
    let (lat, lon) = text.split_once(',')?;
    let (lat, lon): (f64, f64) = (lat.trim().parse().ok()?, lon.trim().parse().ok()?);
    let valid = (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon);
    valid.then_some(LatLon { lat, lon })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::{Category, CountryCode, LocalizedNames, LocalizedText, Provenance};

    fn places() -> Vec<ImportedPlace> {
        let fields = super::super::PlaceFields {
            id: "mx-1".into(),
            category: Category::Shelter,
            subcategory: None,
            names: LocalizedNames {
                name: "Albergue".into(),
                ..Default::default()
            },
            country: CountryCode::parse("MX").unwrap(),
            admin1: None,
            town: Some("Tapachula".into()),
            address: None,
            position: Some(LatLon::new(14.9, -92.26)),
            precision: LocationPrecision::Town,
            phone_text: None,
            email: None,
            website: None,
            opening_hours: None,
            serves_text: LocalizedText::default(),
            services: LocalizedText::default(),
            status: PlaceStatus::Open,
            verification: Verification::Unverified,
            last_checked: None,
            verified_by: None,
            desk_check: None,
            provenance: Provenance {
                dataset: "d".into(),
                url: None,
                title: None,
                date: None,
                licence: "CC0-1.0".into(),
                evidence: None,
                evidence_lang: None,
            },
            notes: LocalizedText::default(),
            operator_country: None,
        };
        vec![ImportedPlace::new(fields, Location::line("places.csv", 2))]
    }

    fn write(dir: &Path, text: &str) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(
            dir.join("a.csv"),
            format!("place_id,field,value,lang,basis,date,organisation,evidence\n{text}"),
        )
        .unwrap();
    }

    #[test]
    fn a_visit_verifies_the_place_and_corrects_its_fields() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "mx-1,phone,+52 962 118 4000,,field_visit,2026-12-03,Cruz Roja,visited\n\
             mx-1,status,temporarily_closed,,reports,2026-12-04,Paso editors,3 reports\n\
             mx-1,serves,families and women,en,field_visit,2026-12-03,Cruz Roja,visited\n\
             mx-1,position,\"14.9054,-92.2589\",,field_visit,2026-12-03,Cruz Roja,at the door\n",
        );
        let mut places = places();
        let mut diagnostics = Diagnostics::default();
        let applied = apply_corrections(dir.path(), &mut places, &mut diagnostics).unwrap();
        assert!(!diagnostics.has_errors(), "{diagnostics}");
        assert_eq!(applied, 4);
        let place = &places[0].place;
        assert_eq!(place.verification, Verification::FieldVerified);
        assert_eq!(place.last_checked.as_deref(), Some("2026-12-03"));
        assert_eq!(place.verified_by.as_deref(), Some("Cruz Roja"));
        assert_eq!(place.phone_text.as_deref(), Some("+52 962 118 4000"));
        assert_eq!(place.phones, vec!["+52 962 118 4000".to_string()]);
        assert_eq!(place.status, PlaceStatus::TemporarilyClosed);
        assert!(
            !place.serves.is_empty(),
            "target groups derived from the text"
        );
        assert_eq!(place.precision, LocationPrecision::Exact);
    }

    #[test]
    fn accepted_reports_change_a_field_but_verify_nothing() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "mx-1,status,closed,,reports,2026-12-04,Paso editors,5 reports\n",
        );
        let mut places = places();
        let mut diagnostics = Diagnostics::default();
        apply_corrections(dir.path(), &mut places, &mut diagnostics).unwrap();
        assert_eq!(places[0].place.status, PlaceStatus::Closed);
        assert_ne!(places[0].place.verification, Verification::FieldVerified);
    }

    #[test]
    fn bad_rows_are_refused_at_their_file_line_and_column() {
        let cases = [
            (
                "mx-404,,,,field_visit,2026-12-03,Cruz Roja,",
                "place_id",
                "no place has the id",
            ),
            (
                "mx-1,status,gone,,field_visit,2026-12-03,Cruz Roja,",
                "value",
                "unknown PlaceStatus",
            ),
            (
                "mx-1,phone,call me,,field_visit,2026-12-03,Cruz Roja,",
                "value",
                "phone number",
            ),
            (
                "mx-1,opening_hours,sometimes,,field_visit,2026-12-03,Cruz Roja,",
                "value",
                "opening_hours",
            ),
            (
                "mx-1,position,\"95,0\",,field_visit,2026-12-03,Cruz Roja,",
                "value",
                "not a position",
            ),
            (
                "mx-1,services,comida,de,field_visit,2026-12-03,Cruz Roja,",
                "lang",
                "es, en or fr",
            ),
            (
                "mx-1,,,,field_visit,yesterday,Cruz Roja,",
                "date",
                "not a date",
            ),
            ("mx-1,,,,field_visit,2026-12-03,,", "organisation", "empty"),
            (
                "mx-1,,,,reports,2026-12-03,Paso,",
                "field",
                "must change a field",
            ),
            (
                "mx-1,phone,,,field_visit,2026-12-03,Cruz Roja,",
                "value",
                "empty",
            ),
            (
                "mx-1,,,,field_visit,2026-12-03,Cruz \u{202E}Roja,",
                "organisation",
                "direction control",
            ),
            (
                "mx-1,email,a@b.org,,field_visit,2026-12-03,Cruz Roja,",
                "unknown variant `email`",
                "opening_hours",
            ),
        ];
        for (row, column, says) in cases {
            let dir = tempfile::tempdir().unwrap();
            write(dir.path(), &format!("{row}\n"));
            let mut places = places();
            let before = places[0].place.clone();
            let mut diagnostics = Diagnostics::default();
            apply_corrections(dir.path(), &mut places, &mut diagnostics).unwrap();
            let text = diagnostics.to_string();
            assert!(text.contains("a.csv, line 2"), "{row}: {text}");
            assert!(
                text.contains(column) && text.contains(says),
                "{row}: {text}"
            );
            assert_eq!(places[0].place, before, "{row}: nothing changed");
        }
    }

    #[test]
    fn no_folder_means_no_corrections() {
        let dir = tempfile::tempdir().unwrap();
        let mut places = places();
        let mut diagnostics = Diagnostics::default();
        let applied = apply_corrections(
            &dir.path().join("corrections"),
            &mut places,
            &mut diagnostics,
        )
        .unwrap();
        assert_eq!(applied, 0);
    }
}
