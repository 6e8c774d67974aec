//! Editors' own files: HXL-tagged CSV, plain CSV with a header, and GeoJSON points with OSM-style tags.
//! Each becomes places plus a dataset credit; every problem is reported with file, line or feature, and field.
//! CSV (plain or HXL) is read here; GeoJSON with OSM-style tags in [`osm`].

mod osm;

use super::diagnostics::{Diagnostics, Location};
use super::import::{exact_or_none, Dataset, ImportedPlace, PlaceFields, Refusal};
use super::licence::{gate, LicenceDecision};
use super::BundleError;
use crate::model::*;
use crate::spatial::CountryLocator;
use std::collections::BTreeMap;
use std::path::Path;

/// What one editor file contributed.
#[derive(Debug, Default)]
pub struct EditorImport {
    /// Places that passed the licence gate.
    pub places: Vec<ImportedPlace>,
    /// Rows the licence gate refused.
    pub refused: Vec<Refusal>,
    /// The file's credit line.
    pub dataset: Option<Dataset>,
}

/// HXL hashtags (attributes in any order) and the plain-CSV column each maps to.
const HXL_COLUMNS: &[(&str, &str)] = &[
    ("#meta+id", "id"),
    ("#loc+name", "name"),
    ("#loc+name+i_es", "name_es"),
    ("#loc+name+i_en", "name_en"),
    ("#loc+name+i_fr", "name_fr"),
    ("#org", "organisation"),
    ("#org+name", "organisation"),
    ("#meta+category", "category"),
    ("#sector", "category"),
    ("#country+code", "country"),
    ("#adm1+name", "admin1"),
    ("#loc+town", "town"),
    ("#adm2+name", "town"),
    ("#loc+address", "address"),
    ("#contact+address", "address"),
    ("#geo+lat", "lat"),
    ("#geo+lon", "lon"),
    ("#contact+phone", "phone"),
    ("#contact+email", "email"),
    ("#contact+url", "website"),
    ("#meta+opening_hours", "opening_hours"),
    ("#service", "services"),
    ("#service+i_es", "services_es"),
    ("#service+i_en", "services_en"),
    ("#service+i_fr", "services_fr"),
    ("#targeted", "serves"),
    ("#targeted+i_es", "serves_es"),
    ("#targeted+i_en", "serves_en"),
    ("#targeted+i_fr", "serves_fr"),
    ("#meta+lang", "lang"),
    ("#status", "status"),
    ("#date+reported", "source_date"),
    ("#date+verified", "last_checked"),
    ("#org+verified", "verified_by"),
    ("#meta+source", "source_url"),
    ("#meta+licence", "licence"),
    ("#meta+attribution", "attribution"),
    ("#description", "notes"),
    ("#description+i_es", "notes_es"),
    ("#description+i_en", "notes_en"),
    ("#description+i_fr", "notes_fr"),
];

/// Sorts an HXL hashtag's attributes so `#loc+i_es+name` equals `#loc+name+i_es`.
fn canonical_hashtag(tag: &str) -> String {
    let tag = tag.trim().to_lowercase();
    let mut parts = tag.split('+');
    let head = parts.next().unwrap_or("").to_string();
    let mut attributes: Vec<&str> = parts.filter(|a| !a.is_empty()).collect();
    attributes.sort_unstable();
    std::iter::once(head.as_str())
        .chain(attributes)
        .collect::<Vec<_>>()
        .join("+")
}

fn hxl_column(tag: &str) -> Option<&'static str> {
    let wanted = canonical_hashtag(tag);
    HXL_COLUMNS
        .iter()
        .find(|(hashtag, _)| canonical_hashtag(hashtag) == wanted)
        .map(|(_, column)| *column)
}

/// Imports a `.csv` (HXL or plain) or `.geojson` editor file.
pub fn import_file(
    path: &Path,
    locator: &CountryLocator,
    diagnostics: &mut Diagnostics,
) -> Result<EditorImport, BundleError> {
    let label = path.display().to_string();
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    match extension.as_str() {
        "csv" => import_csv(path, &label, locator, diagnostics),
        "geojson" | "json" => osm::import_geojson(path, &label, locator, diagnostics),
        _ => {
            diagnostics.error(
                &Location::file(&label),
                None,
                format!("unknown file type {extension:?}"),
                Some(".csv (plain or HXL) or .geojson"),
            );
            Ok(EditorImport::default())
        }
    }
}

fn import_csv(
    path: &Path,
    label: &str,
    locator: &CountryLocator,
    diagnostics: &mut Diagnostics,
) -> Result<EditorImport, BundleError> {
    let file = std::fs::File::open(path).map_err(|source| BundleError::Io {
        path: label.to_string(),
        source,
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(file);
    let mut rows: Vec<(u64, csv::StringRecord)> = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => rows.push((record.position().map(|p| p.line()).unwrap_or(0), record)),
            Err(error) => {
                let line = error.position().map(|p| p.line()).unwrap_or(0);
                diagnostics.error(
                    &Location::line(label, line),
                    None,
                    format!("malformed CSV: {error}"),
                    None,
                );
            }
        }
    }
    let is_hashtag_row = |record: &csv::StringRecord| {
        let cells: Vec<&str> = record
            .iter()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        !cells.is_empty() && cells.iter().filter(|c| c.starts_with('#')).count() * 2 > cells.len()
    };
    // HXL: the hashtag row is the first or second row; plain CSV: the first row is the header.
    let hashtag_row = rows.iter().take(2).position(|(_, r)| is_hashtag_row(r));
    let (columns, data_start): (Vec<Option<String>>, usize) = match hashtag_row {
        Some(at) => {
            let tags = &rows[at].1;
            let columns = tags
                .iter()
                .map(|tag| {
                    let tag = tag.trim();
                    if tag.is_empty() {
                        return None;
                    }
                    let column = hxl_column(tag);
                    if column.is_none() {
                        diagnostics.warning(
                            &Location::line(label, rows[at].0),
                            Some(tag),
                            "unknown HXL hashtag; the column is ignored",
                            Some("see README: Editor import"),
                        );
                    }
                    column.map(str::to_string)
                })
                .collect();
            (columns, at + 1)
        }
        None => match rows.first() {
            Some((_, header)) => (
                header
                    .iter()
                    .map(|h| Some(h.trim().trim_start_matches('\u{feff}').to_string()))
                    .collect(),
                1,
            ),
            None => {
                diagnostics.error(
                    &Location::file(label),
                    None,
                    "the file is empty",
                    Some("a header row and data rows"),
                );
                return Ok(EditorImport::default());
            }
        },
    };
    let mut import = EditorImport::default();
    let mut licences: BTreeMap<String, usize> = BTreeMap::new();
    let mut attribution = None;
    for (line, record) in &rows[data_start..] {
        let at = Location::line(label, *line);
        let mut fields: BTreeMap<String, String> = BTreeMap::new();
        for (column, value) in columns.iter().zip(record.iter()) {
            if let Some(column) = column {
                let value = value.trim();
                if !value.is_empty() {
                    fields
                        .entry(column.clone())
                        .and_modify(|existing| {
                            existing.push_str("; ");
                            existing.push_str(value);
                        })
                        .or_insert_with(|| value.to_string());
                }
            }
        }
        if fields.is_empty() {
            continue;
        }
        if attribution.is_none() {
            attribution = fields.get("attribution").cloned();
        }
        if let Some(licence) = fields.get("licence") {
            *licences.entry(licence.clone()).or_default() += 1;
        }
        accept(fields, &at, label, locator, &mut import, diagnostics);
    }
    import.dataset = Some(dataset_for(label, attribution, &licences));
    Ok(import)
}

pub(super) fn dataset_for(
    label: &str,
    attribution: Option<String>,
    licences: &BTreeMap<String, usize>,
) -> Dataset {
    let name = Path::new(label)
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| label.to_string());
    let licence = licences
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(l, _)| l.clone())
        .unwrap_or_default();
    Dataset {
        id: format!("editor:{name}"),
        name: format!("Editor import {name}"),
        licence,
        attribution: attribution.unwrap_or_else(|| format!("Data from {name}")),
        origin: name,
    }
}

/// Builds a place from plain columns, applying the licence gate and recording problems.
pub(super) fn accept(
    fields: BTreeMap<String, String>,
    at: &Location,
    label: &str,
    locator: &CountryLocator,
    import: &mut EditorImport,
    diagnostics: &mut Diagnostics,
) {
    let get = |key: &str| fields.get(key).map(String::as_str).unwrap_or("");
    let opt = |key: &str| fields.get(key).cloned();
    let mut missing = false;
    for (key, hint) in [("id", "a stable id, unique in the bundle"), ("category", "shelter, health, migration_office, border_crossing, reception_centre, consulate, humanitarian_org or legal_aid"), ("licence", "CC0-1.0, CC-BY-4.0, ODbL-1.0, MIT, public-domain or LicenseRef-Paso-Editorial")] {
        if get(key).is_empty() {
            diagnostics.error(at, Some(key), format!("required field `{key}` is empty"), Some(hint));
            missing = true;
        }
    }
    let name = if get("name").is_empty() {
        get("organisation")
    } else {
        get("name")
    };
    if name.is_empty() {
        diagnostics.error(
            at,
            Some("name"),
            "required field `name` is empty",
            Some("the place's name (#loc+name or #org)"),
        );
        missing = true;
    }
    let category = match get("category").parse::<Category>() {
        Ok(category) => Some(category),
        Err(why) if !get("category").is_empty() => {
            diagnostics.error(at, Some("category"), why, None);
            None
        }
        Err(_) => None,
    };
    let position = match (get("lat"), get("lon")) {
        ("", "") => None,
        (lat, lon) => match (lat.parse::<f64>(), lon.parse::<f64>()) {
            (Ok(lat), Ok(lon)) => Some(LatLon::new(lat, lon)),
            _ => {
                diagnostics.error(
                    at,
                    Some("lat"),
                    format!("coordinates {lat:?},{lon:?} are not numbers"),
                    Some("decimal degrees"),
                );
                None
            }
        },
    };
    let country = match get("country") {
        "" => position.and_then(|p| locator.country_at(p)),
        code => CountryCode::parse(code),
    };
    if country.is_none() {
        diagnostics.error(
            at,
            Some("country"),
            format!(
                "country {:?} is missing or not an ISO code, and the point is in no known country",
                get("country")
            ),
            Some("ISO2 such as MX"),
        );
    }
    let status = match get("status") {
        "" => PlaceStatus::Unknown,
        other => other
            .to_lowercase()
            .replace(' ', "_")
            .parse()
            .unwrap_or_else(|why: String| {
                diagnostics.error(at, Some("status"), why, None);
                PlaceStatus::Unknown
            }),
    };
    let verification = match get("verification") {
        "" | "unverified" => Verification::Unverified,
        "verified" | "field_verified" => Verification::FieldVerified,
        "desk_checked" => Verification::DeskChecked,
        other => {
            diagnostics.error(
                at,
                Some("verification"),
                format!("unknown verification {other:?}"),
                Some("unverified, desk_checked or field_verified"),
            );
            Verification::Unverified
        }
    };
    if verification != Verification::Unverified && get("last_checked").is_empty() {
        diagnostics.error(
            at,
            Some("last_checked"),
            "a checked place needs the date it was checked",
            Some("YYYY-MM-DD"),
        );
    }
    if verification == Verification::FieldVerified && get("verified_by").is_empty() {
        diagnostics.error(
            at,
            Some("verified_by"),
            "a field-verified place names the organisation that went there",
            Some("the organisation's name"),
        );
    }
    // Untagged text (`services`, `serves`, `notes`) is in the row's `lang`; tagged columns say their own.
    let text_lang = match get("lang") {
        "" => {
            if ["services", "serves", "notes"]
                .iter()
                .any(|k| !get(k).is_empty())
            {
                diagnostics.warning(
                    at,
                    Some("lang"),
                    "the language of services/serves/notes is not stated; read as English",
                    Some("a lang column (es, en or fr), or services_es/_en/_fr columns"),
                );
            }
            "en"
        }
        lang @ ("es" | "en" | "fr") => lang,
        other => {
            diagnostics.error(
                at,
                Some("lang"),
                format!("{other:?} is not a text language"),
                Some("es, en or fr"),
            );
            "en"
        }
    };
    let localized = |key: &str| {
        let mut text = LocalizedText::one(text_lang, opt(key));
        for lang in TEXT_LANGS {
            if let Some(tagged) = opt(&format!("{key}_{lang}")) {
                text.set(lang, Some(tagged));
            }
        }
        text
    };
    let (Some(category), Some(country), false) = (category, country, missing) else {
        return;
    };
    let licence = match gate(get("licence"), None) {
        LicenceDecision::Allowed(licence) => licence,
        LicenceDecision::Refused { licence, reason } => {
            diagnostics.warning(
                at,
                Some("licence"),
                format!("refused by the licence gate: {reason}"),
                None,
            );
            import.refused.push(Refusal {
                file: label.to_string(),
                id: get("id").to_string(),
                licence,
                reason,
            });
            return;
        }
    };
    let file_name = Path::new(label)
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let fields = PlaceFields {
        id: get("id").to_string(),
        category,
        subcategory: opt("subcategory"),
        names: LocalizedNames {
            name: name.to_string(),
            es: opt("name_es"),
            en: opt("name_en"),
            fr: opt("name_fr"),
        },
        country,
        admin1: opt("admin1"),
        town: opt("town"),
        address: opt("address"),
        position,
        precision: exact_or_none(position),
        phone_text: opt("phone"),
        email: opt("email"),
        website: opt("website"),
        opening_hours: opt("opening_hours"),
        serves_text: localized("serves"),
        services: localized("services"),
        status,
        verification,
        last_checked: opt("last_checked"),
        verified_by: opt("verified_by"),
        desk_check: None,
        provenance: Provenance {
            dataset: format!("editor:{file_name}"),
            url: opt("source_url"),
            title: opt("source_title"),
            date: opt("source_date"),
            licence: licence.to_string(),
            evidence: opt("evidence"),
            evidence_lang: opt("evidence_lang"),
        },
        notes: localized("notes"),
        operator_country: opt("operator_country").and_then(|c| CountryCode::parse(&c)),
    };
    import.places.push(ImportedPlace::new(fields, at.clone()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hxl_attributes_match_in_any_order() {
        assert_eq!(hxl_column("#loc +i_es+name"), None);
        assert_eq!(hxl_column("#loc+i_es+name"), Some("name_es"));
        assert_eq!(hxl_column("#GEO+LAT"), Some("lat"));
        assert_eq!(hxl_column("#nothing"), None);
    }
}
