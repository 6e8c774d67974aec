//! Readers of the staged default sources in `data/sources/` and the editorial inputs with fixed columns (curated route points, reviewed town centres): each
//! file's row is a serde struct naming every column ([`csv`]), and every place is built by one constructor,
//! [`ImportedPlace::new`], which editors' imports use too.

pub mod borders;
pub mod corrections;
pub mod countries;
pub mod csv;
pub mod curated;
pub mod gazetteer;
pub mod pois;
pub mod town_positions;

pub use borders::{read_borders, Border};
pub use countries::{read_countries, read_visas, Country, VisaRule};
pub use gazetteer::{core_name, Gazetteer, Placement, Town};
pub use pois::read_pois;

use super::diagnostics::{Diagnostics, Location};
use super::BundleError;
use crate::model::*;
use crate::text::{extract_phone_numbers, target_groups_in};
use std::path::{Path, PathBuf};

/// A place read from an input, with where it came from.
#[derive(Debug, Clone)]
pub struct ImportedPlace {
    /// The place.
    pub place: Place,
    /// Its file and line.
    pub at: Location,
}

/// What an input row says about a place: every field of [`Place`] except those derived from others (the
/// dialable numbers of `phone_text`, the target groups of `serves_text`).
#[derive(Debug, Clone)]
pub struct PlaceFields {
    /// Stable id.
    pub id: String,
    /// Main category.
    pub category: Category,
    /// Finer type as the source gives it.
    pub subcategory: Option<String>,
    /// Names.
    pub names: LocalizedNames,
    /// Country.
    pub country: CountryCode,
    /// Region.
    pub admin1: Option<String>,
    /// Town.
    pub town: Option<String>,
    /// Address text.
    pub address: Option<String>,
    /// Position, as the source gives it or as the gazetteer placed it.
    pub position: Option<LatLon>,
    /// How exact `position` is ([`exact_or_none`] for a source's own coordinates).
    pub precision: LocationPrecision,
    /// Phone text as the source gives it.
    pub phone_text: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Opening hours (OSM syntax).
    pub opening_hours: Option<String>,
    /// Who it serves, in words.
    pub serves_text: LocalizedText,
    /// Services, in words.
    pub services: LocalizedText,
    /// Status.
    pub status: PlaceStatus,
    /// The verification ladder.
    pub verification: Verification,
    /// Day of the last check.
    pub last_checked: Option<String>,
    /// Who verified it on the ground.
    pub verified_by: Option<String>,
    /// The newer source a desk check found.
    pub desk_check: Option<DeskCheck>,
    /// Where it comes from.
    pub provenance: Provenance,
    /// Caveats.
    pub notes: LocalizedText,
    /// For diplomatic missions: the sending state.
    pub operator_country: Option<CountryCode>,
}

/// The precision of a source's own coordinates: exact when it gives them, none otherwise.
pub fn exact_or_none(position: Option<LatLon>) -> LocationPrecision {
    if position.is_some() {
        LocationPrecision::Exact
    } else {
        LocationPrecision::None
    }
}

impl ImportedPlace {
    /// The one way a row becomes a place: phone numbers and target groups are derived here, for every input.
    pub fn new(fields: PlaceFields, at: Location) -> Self {
        let phones = fields
            .phone_text
            .as_deref()
            .map(extract_phone_numbers)
            .unwrap_or_default();
        let serves = target_groups_in(&fields.serves_text);
        Self {
            place: Place {
                id: PlaceId(fields.id),
                category: fields.category,
                subcategory: fields.subcategory,
                names: fields.names,
                country: fields.country,
                admin1: fields.admin1,
                town: fields.town,
                address: fields.address,
                position: fields.position,
                precision: fields.precision,
                phone_text: fields.phone_text,
                phones,
                email: fields.email,
                website: fields.website,
                opening_hours: fields.opening_hours,
                serves,
                serves_text: fields.serves_text,
                services: fields.services,
                status: fields.status,
                verification: fields.verification,
                last_checked: fields.last_checked,
                verified_by: fields.verified_by,
                desk_check: fields.desk_check,
                provenance: fields.provenance,
                notes: fields.notes,
                operator_country: fields.operator_country,
            },
            at,
        }
    }
}

/// A row the licence gate kept out.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    /// The file.
    pub file: String,
    /// The row's id.
    pub id: String,
    /// The licence text.
    pub licence: String,
    /// Why it was refused.
    pub reason: String,
}

/// A dataset's credit line, from `sources.json` or `bundle.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Id.
    pub id: String,
    /// What it is.
    pub name: String,
    /// Licence id.
    pub licence: String,
    /// Attribution line.
    pub attribution: String,
    /// Origin.
    pub origin: String,
}

/// Where each default source lives under the sources root (`data/sources`).
pub struct SourcePaths {
    root: PathBuf,
}

impl SourcePaths {
    /// The sources root.
    pub fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
        }
    }
    /// A path under the root.
    pub fn join(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }
    /// The label used in diagnostics.
    pub fn label(&self, relative: &str) -> String {
        format!("sources/{relative}")
    }
}

pub(crate) fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> BundleError + '_ {
    move |source| BundleError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Reads a file relative to the sources root.
pub fn read_text(path: &Path) -> Result<String, BundleError> {
    std::fs::read_to_string(path).map_err(io_error(path))
}

/// Reads the dataset credits from `sources.json`.
pub fn read_datasets(paths: &SourcePaths) -> Result<Vec<Dataset>, BundleError> {
    #[derive(serde::Deserialize)]
    struct SourcesJson {
        sources: Vec<serde_json::Value>,
    }
    let path = paths.join("sources.json");
    let parsed: SourcesJson = serde_json::from_str(&read_text(&path)?)
        .map_err(|e| BundleError::ManifestInvalid(format!("{}: {e}", path.display())))?;
    let text = |v: &serde_json::Value, key: &str| {
        v.get(key)
            .and_then(|x| x.as_str())
            .unwrap_or("")
            .to_string()
    };
    Ok(parsed
        .sources
        .iter()
        .map(|source| Dataset {
            id: text(source, "id"),
            name: text(source, "what"),
            licence: text(source, "licence"),
            attribution: text(source, "attribution"),
            origin: text(source, "origin"),
        })
        .collect())
}

/// The value, or `None` when empty (values arrive trimmed).
pub(crate) fn opt(value: &str) -> Option<String> {
    Some(value.trim())
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

pub(crate) fn parse_position(
    lat: &str,
    lon: &str,
    at: &Location,
    diagnostics: &mut Diagnostics,
) -> Option<LatLon> {
    if lat.is_empty() && lon.is_empty() {
        return None;
    }
    match (lat.parse::<f64>(), lon.parse::<f64>()) {
        (Ok(lat), Ok(lon)) => Some(LatLon::new(lat, lon)),
        _ => {
            diagnostics.error(
                at,
                Some("lat"),
                format!("coordinates {lat:?},{lon:?} are not numbers"),
                Some("decimal degrees such as 14.9054,-92.2589"),
            );
            None
        }
    }
}

pub(crate) fn country(
    code: &str,
    at: &Location,
    field: &str,
    diagnostics: &mut Diagnostics,
) -> Option<CountryCode> {
    let parsed = CountryCode::parse(code);
    if parsed.is_none() {
        diagnostics.error(
            at,
            Some(field),
            format!("{code:?} is not a country code"),
            Some("ISO 3166-1 alpha-2, e.g. CR"),
        );
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_constructor_derives_phone_numbers_and_target_groups() {
        let fields = PlaceFields {
            id: "x".into(),
            category: Category::Shelter,
            subcategory: None,
            names: LocalizedNames {
                name: "Casa".into(),
                ..Default::default()
            },
            country: CountryCode::parse("MX").unwrap(),
            admin1: None,
            town: None,
            address: None,
            position: Some(LatLon::new(14.9, -92.26)),
            precision: exact_or_none(Some(LatLon::new(14.9, -92.26))),
            phone_text: Some("+52 962 123 4567 (oficina)".into()),
            email: None,
            website: None,
            opening_hours: None,
            serves_text: LocalizedText::one("en", Some("families and women".into())),
            services: LocalizedText::default(),
            status: PlaceStatus::Unknown,
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
        let place = ImportedPlace::new(fields, Location::line("f.csv", 2)).place;
        assert_eq!(place.precision, LocationPrecision::Exact);
        assert_eq!(
            place.phones,
            extract_phone_numbers("+52 962 123 4567 (oficina)")
        );
        assert!(!place.phones.is_empty());
        assert_eq!(place.serves, target_groups_in(&place.serves_text));
        assert!(
            !place.serves.is_empty(),
            "families and women are target groups"
        );
        assert_eq!(exact_or_none(None), LocationPrecision::None);
    }
}
