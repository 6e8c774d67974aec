//! Country tables: names in es/en/fr for every ISO code, calling codes and capitals of the target countries,
//! and the visa matrix for journeys to the route countries.

use super::super::diagnostics::Diagnostics;
use super::super::BundleError;
use super::csv::{read_rows, Unused};
use super::{country, SourcePaths};
use crate::model::*;
use serde::Deserialize;
use std::collections::HashMap;

/// A country's names and calling codes.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    /// ISO2.
    pub code: CountryCode,
    /// Names.
    pub name_es: String,
    /// Names.
    pub name_en: String,
    /// Names.
    pub name_fr: String,
    /// e.g. `+506`.
    pub calling_codes: Option<String>,
}

/// One cell of the visa matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct VisaRule {
    /// Passport.
    pub passport: CountryCode,
    /// Destination.
    pub destination: CountryCode,
    /// `visa free`, `visa required`, a number of days, …
    pub requirement: String,
}

/// A line of `countries/country_names_target.csv` (the route and neighbouring countries); the gazetteer reads
/// the capitals from it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TargetCountryRow {
    pub(super) iso2: String,
    #[allow(dead_code)]
    iso3: Unused,
    #[allow(dead_code)]
    iso_numeric: Unused,
    #[allow(dead_code)]
    role: Unused,
    #[allow(dead_code)]
    name_en: Unused,
    #[allow(dead_code)]
    name_es: Unused,
    #[allow(dead_code)]
    name_fr: Unused,
    #[allow(dead_code)]
    common_en: Unused,
    #[allow(dead_code)]
    common_es: Unused,
    #[allow(dead_code)]
    common_fr: Unused,
    #[allow(dead_code)]
    official_en: Unused,
    #[allow(dead_code)]
    official_es: Unused,
    #[allow(dead_code)]
    official_fr: Unused,
    #[allow(dead_code)]
    alt_names_en: Unused,
    #[allow(dead_code)]
    alt_names_es: Unused,
    #[allow(dead_code)]
    alt_names_fr: Unused,
    pub(super) capital: String,
    #[allow(dead_code)]
    lat: Unused,
    #[allow(dead_code)]
    lon: Unused,
    pub(super) calling_codes: String,
    #[allow(dead_code)]
    currencies: Unused,
    #[allow(dead_code)]
    languages: Unused,
    #[allow(dead_code)]
    borders: Unused,
    #[allow(dead_code)]
    demonym_en_m: Unused,
    #[allow(dead_code)]
    demonym_fr_m: Unused,
    #[allow(dead_code)]
    demonym_fr_f: Unused,
    #[allow(dead_code)]
    flag_emoji: Unused,
}

/// A line of `countries/country_names_all.csv` (every ISO code).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CountryNameRow {
    iso2: String,
    #[allow(dead_code)]
    iso3: Unused,
    #[allow(dead_code)]
    iso_numeric: Unused,
    name_en: String,
    name_es: String,
    name_fr: String,
    #[allow(dead_code)]
    alt_en: Unused,
    #[allow(dead_code)]
    alt_es: Unused,
    #[allow(dead_code)]
    alt_fr: Unused,
}

/// A line of `visa-requirements/passport-index-tidy-iso2.csv`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VisaRow {
    #[serde(rename = "Passport")]
    passport: String,
    #[serde(rename = "Destination")]
    destination: String,
    #[serde(rename = "Requirement")]
    requirement: String,
}

/// Reads country names (all ISO codes, MIT) and calling codes (target countries, ODbL).
pub fn read_countries(
    paths: &SourcePaths,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<Country>, BundleError> {
    let mut calling: HashMap<CountryCode, String> = HashMap::new();
    read_rows(
        &paths.join("countries/country_names_target.csv"),
        &paths.label("countries/country_names_target.csv"),
        diagnostics,
        |row: TargetCountryRow, _, _| {
            if let (Some(code), Some(codes)) = (
                CountryCode::parse(&row.iso2),
                super::opt(&row.calling_codes),
            ) {
                calling.insert(code, codes.replace('|', ", "));
            }
        },
    )?;
    let mut countries = Vec::new();
    read_rows(
        &paths.join("countries/country_names_all.csv"),
        &paths.label("countries/country_names_all.csv"),
        diagnostics,
        |row: CountryNameRow, at, diagnostics| {
            let Some(code) = country(&row.iso2, &at, "iso2", diagnostics) else {
                return;
            };
            countries.push(Country {
                code,
                name_es: row.name_es,
                name_en: row.name_en,
                name_fr: row.name_fr,
                calling_codes: calling.get(&code).cloned(),
            });
        },
    )?;
    countries.sort_by_key(|c| c.code);
    Ok(countries)
}

/// Reads the visa matrix for journeys *to* the route countries.
pub fn read_visas(
    paths: &SourcePaths,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<VisaRule>, BundleError> {
    let relative = "visa-requirements/passport-index-tidy-iso2.csv";
    let mut rules = Vec::new();
    read_rows(
        &paths.join(relative),
        &paths.label(relative),
        diagnostics,
        |row: VisaRow, at, diagnostics| {
            if !ROUTE_COUNTRIES.contains(&row.destination.as_str()) {
                return;
            }
            let (Some(passport), Some(destination)) = (
                country(&row.passport, &at, "Passport", diagnostics),
                country(&row.destination, &at, "Destination", diagnostics),
            ) else {
                return;
            };
            rules.push(VisaRule {
                passport,
                destination,
                requirement: row.requirement,
            });
        },
    )?;
    rules.sort_by_key(|r| (r.destination, r.passport));
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::import::csv::columns_of;

    fn sorted(columns: &[&'static str]) -> Vec<&'static str> {
        let mut columns = columns.to_vec();
        columns.sort_unstable();
        columns
    }

    #[test]
    fn the_rows_name_every_column_of_the_staged_files() {
        let target = "iso2,iso3,iso_numeric,role,name_en,name_es,name_fr,common_en,common_es,common_fr,official_en,official_es,official_fr,alt_names_en,alt_names_es,alt_names_fr,capital,lat,lon,calling_codes,currencies,languages,borders,demonym_en_m,demonym_fr_m,demonym_fr_f,flag_emoji";
        let target: Vec<&str> = target.split(',').collect();
        assert_eq!(sorted(columns_of::<TargetCountryRow>()), sorted(&target));
        assert_eq!(
            columns_of::<VisaRow>(),
            ["Passport", "Destination", "Requirement"]
        );
    }
}
