//! Reader for `pois/pois_all.csv`, the Wikidata extract (hospitals, embassies and consulates) and the few
//! national lists staged with it: one serde row per line, the licence gate applied row by row.

use super::super::diagnostics::Diagnostics;
use super::super::licence::{gate, LicenceDecision};
use super::super::BundleError;
use super::csv::{read_rows, Unused};
use super::{
    country, exact_or_none, opt, parse_position, ImportedPlace, PlaceFields, Refusal, SourcePaths,
};
use crate::model::*;
use serde::Deserialize;

/// One line of `pois_all.csv`. Every column must be present; those typed [`Unused`] are the extract's QA
/// columns, checked by name and not shipped.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PoiRow {
    id: String,
    bundle_status: String,
    category: String,
    subcategory: String,
    name: String,
    name_es: String,
    name_en: String,
    name_fr: String,
    country_iso2: String,
    #[allow(dead_code)]
    region_flag: Unused,
    lat: String,
    lon: String,
    address: String,
    city: String,
    admin1: String,
    phone: String,
    email: String,
    website: String,
    opening_hours: String,
    #[allow(dead_code)]
    operator: Unused,
    operator_iso2: String,
    wikidata: String,
    #[allow(dead_code)]
    source_type: Unused,
    #[allow(dead_code)]
    source_id: Unused,
    source: String,
    source_date: String,
    licence: String,
    #[allow(dead_code)]
    licence_status: Unused,
    #[allow(dead_code)]
    attribution: Unused,
    #[allow(dead_code)]
    geo_check_country: Unused,
    #[allow(dead_code)]
    geo_check_km: Unused,
    /// The extract's notes are editors' QA notes (duplicates, label rules), not shown.
    #[allow(dead_code)]
    notes: Unused,
}

/// Which `sources.json` dataset a `pois_all.csv` row belongs to.
fn pois_dataset(source: &str) -> &'static str {
    if source.contains("database-of-embassies") {
        "wd_embassies"
    } else if source.contains("sdm-test-data") {
        "wd_hospitals"
    } else if source.contains("dala_hnd") {
        "hn_sesal"
    } else if source.contains("proyecto2-sig") {
        "cr_ign"
    } else {
        "pois_other"
    }
}

/// Reads `pois/pois_all.csv`: Wikidata hospitals and missions; rows the licence gate refuses are returned apart.
pub fn read_pois(
    paths: &SourcePaths,
    diagnostics: &mut Diagnostics,
) -> Result<(Vec<ImportedPlace>, Vec<Refusal>), BundleError> {
    let relative = "pois/pois_all.csv";
    let label = paths.label(relative);
    let mut places = Vec::new();
    let mut refused = Vec::new();
    read_rows(
        &paths.join(relative),
        &label,
        diagnostics,
        |row: PoiRow, at, diagnostics| {
            let licence = match gate(&row.licence, Some(row.bundle_status.as_str())) {
                LicenceDecision::Allowed(licence) => licence,
                LicenceDecision::Refused { licence, reason } => {
                    refused.push(Refusal {
                        file: label.clone(),
                        id: row.id,
                        licence,
                        reason,
                    });
                    return;
                }
            };
            let category = match row.category.as_str() {
                "health" => Category::Health,
                "consulate_embassy" => Category::Consulate,
                other => match other.parse::<Category>() {
                    Ok(category) => category,
                    Err(why) => {
                        diagnostics.error(&at, Some("category"), why, None);
                        return;
                    }
                },
            };
            let Some(country) = country(&row.country_iso2, &at, "country_iso2", diagnostics) else {
                return;
            };
            let position = parse_position(&row.lat, &row.lon, &at, diagnostics);
            let fields = PlaceFields {
                id: row.id,
                category,
                subcategory: opt(&row.subcategory),
                names: LocalizedNames {
                    name: row.name,
                    es: opt(&row.name_es),
                    en: opt(&row.name_en),
                    fr: opt(&row.name_fr),
                },
                country,
                admin1: opt(&row.admin1),
                town: opt(&row.city),
                address: opt(&row.address),
                position,
                precision: exact_or_none(position),
                phone_text: opt(&row.phone),
                email: opt(&row.email),
                website: opt(&row.website),
                opening_hours: opt(&row.opening_hours),
                serves_text: LocalizedText::default(),
                services: LocalizedText::default(),
                status: PlaceStatus::Unknown,
                verification: Verification::Unverified,
                last_checked: None,
                verified_by: None,
                desk_check: None,
                provenance: Provenance {
                    dataset: pois_dataset(&row.source).to_string(),
                    url: opt(&row.wikidata).map(|q| format!("https://www.wikidata.org/wiki/{q}")),
                    title: None,
                    date: opt(&row.source_date),
                    licence: licence.to_string(),
                    evidence: None,
                    evidence_lang: None,
                },
                notes: LocalizedText::default(),
                operator_country: CountryCode::parse(&row.operator_iso2),
            };
            places.push(ImportedPlace::new(fields, at));
        },
    )?;
    Ok((places, refused))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_row_names_every_column_of_the_staged_extract() {
        let header = "id,bundle_status,category,subcategory,name,name_es,name_en,name_fr,country_iso2,region_flag,lat,lon,address,city,admin1,phone,email,website,opening_hours,operator,operator_iso2,wikidata,source_type,source_id,source,source_date,licence,licence_status,attribution,geo_check_country,geo_check_km,notes";
        let mut columns = super::super::csv::columns_of::<PoiRow>().to_vec();
        let mut expected: Vec<&str> = header.split(',').collect();
        columns.sort_unstable();
        expected.sort_unstable();
        assert_eq!(columns, expected);
    }

    #[test]
    fn datasets_follow_the_source_column() {
        assert_eq!(
            pois_dataset("github:database-of-embassies/x"),
            "wd_embassies"
        );
        assert_eq!(pois_dataset("something else"), "pois_other");
    }
}
