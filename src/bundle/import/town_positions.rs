//! Reader for the reviewed town centres (`places/town_positions.csv`): villages on the route that neither
//! GeoNames file has, each with the public page that gives its centre, its licence and the day it was read.
//! They place town-level curated rows exactly as GeoNames towns do: town-centre precision, name *and* region.

use super::super::diagnostics::{Diagnostics, Location};
use super::super::licence::{gate, LicenceDecision};
use super::super::BundleError;
use super::{country, parse_position, Gazetteer, SourcePaths, Town};
use crate::spatial::CountryLocator;
use serde::Deserialize;

/// The reviewed table, under the sources root. A sources tree without it simply has no reviewed towns.
pub const TOWN_POSITIONS: &str = "places/town_positions.csv";

/// How far outside its country's 1:10m polygon a reviewed centre may lie (border villages, small islands
/// that the generalised coastline leaves out) before it is refused.
pub const OUTSIDE_COUNTRY_TOLERANCE_M: f64 = 5_000.0;

/// One line of the table. Every column must be present.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TownPositionRow {
    country: String,
    region: String,
    name: String,
    lat: String,
    lon: String,
    source_url: String,
    source_licence: String,
    retrieved_on: String,
    #[allow(dead_code)]
    why: String,
}

/// Reads the reviewed town centres into `gazetteer`; returns how many were added. A row is refused (an
/// error at its file and line) when it lacks its region, source or date, when its licence is not on the
/// allowlist, when it repeats another row, or when its position lies outside its country.
pub fn read_town_positions(
    paths: &SourcePaths,
    locator: &CountryLocator,
    gazetteer: &mut Gazetteer,
    diagnostics: &mut Diagnostics,
) -> Result<usize, BundleError> {
    let path = paths.join(TOWN_POSITIONS);
    if !path.exists() {
        return Ok(0);
    }
    let label = paths.label(TOWN_POSITIONS);
    let io = |error: csv::Error| BundleError::Io {
        path: path.display().to_string(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, error.to_string()),
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(&path)
        .map_err(io)?;
    let headers = reader.headers().map_err(io)?.clone();
    let mut added = 0;
    for record in reader.records() {
        let parsed = record.and_then(|record| {
            let line = record.position().map(|p| p.line()).unwrap_or(0);
            record
                .deserialize::<TownPositionRow>(Some(&headers))
                .map(|row| (row, line))
        });
        let (row, line) = match parsed {
            Ok(parsed) => parsed,
            Err(error) => {
                let line = error.position().map(|p| p.line()).unwrap_or(0);
                diagnostics.error(
                    &Location::line(&label, line),
                    None,
                    format!("malformed CSV row: {error}"),
                    None,
                );
                continue;
            }
        };
        let at = Location::line(&label, line);
        if let Some(town) = reviewed_town(row, line, &at, locator, diagnostics) {
            if gazetteer.add_reviewed(town) {
                added += 1;
            } else {
                diagnostics.error(
                    &at,
                    Some("name"),
                    "this town (country, region, name) is already listed",
                    Some("one row per town"),
                );
            }
        }
    }
    Ok(added)
}

fn reviewed_town(
    row: TownPositionRow,
    line: u64,
    at: &Location,
    locator: &CountryLocator,
    diagnostics: &mut Diagnostics,
) -> Option<Town> {
    let code = country(row.country.trim(), at, "country", diagnostics)?;
    let mut complete = true;
    for (field, value, hint) in [
        (
            "region",
            &row.region,
            "the town's province, department or state",
        ),
        (
            "name",
            &row.name,
            "the town's name as the curated rows write it",
        ),
        (
            "source_url",
            &row.source_url,
            "the public page that gives the centre",
        ),
        ("retrieved_on", &row.retrieved_on, "YYYY-MM-DD"),
    ] {
        if value.trim().is_empty() {
            diagnostics.error(at, Some(field), "this column is required", Some(hint));
            complete = false;
        }
    }
    if let LicenceDecision::Refused { reason, .. } = gate(&row.source_licence, None) {
        diagnostics.error(
            at,
            Some("source_licence"),
            reason,
            Some("the source's licence, e.g. CC0 1.0 (Wikidata) or CC BY 4.0 (GeoNames)"),
        );
        complete = false;
    }
    let position = parse_position(row.lat.trim(), row.lon.trim(), at, diagnostics);
    let Some(position) = position else {
        if complete {
            diagnostics.error(
                at,
                Some("lat"),
                "a reviewed town needs its centre",
                Some("decimal degrees as the source gives them"),
            );
        }
        return None;
    };
    let inside_box = locator.bounds(code).is_some_and(|(sw, ne)| {
        (sw.lat..=ne.lat).contains(&position.lat) && (sw.lon..=ne.lon).contains(&position.lon)
    });
    let outside_m = locator.distance_to_country_m(position, code);
    if !position.is_valid()
        || !inside_box
        || outside_m.is_none_or(|m| m > OUTSIDE_COUNTRY_TOLERANCE_M)
    {
        let found = locator
            .country_at(position)
            .map(|c| format!(" (it is in {c})"))
            .unwrap_or_default();
        diagnostics.error(
            at,
            Some("lat"),
            format!("{},{} is outside {code}{found}", position.lat, position.lon),
            Some(&format!("a centre inside {code}")),
        );
        return None;
    }
    complete.then(|| Town {
        id: format!("reviewed:{line}"),
        name: row.name.trim().to_string(),
        country: code,
        admin1: Some(row.region.trim().to_string()),
        population: None,
        position,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::import::Placement;
    use crate::model::{CountryCode, LatLon};
    use geo::{polygon, MultiPolygon};

    const HEADER: &str = "country,region,name,lat,lon,source_url,source_licence,retrieved_on,why\n";

    /// A sources tree with empty GeoNames files, Panama as a box, and `rows` as the reviewed table.
    fn gazetteer_with(rows: &str) -> (Gazetteer, Diagnostics) {
        let dir = super::super::gazetteer::tests::gazetteer_sources(&[]);
        std::fs::write(dir.path().join(TOWN_POSITIONS), format!("{HEADER}{rows}")).expect("write");
        let paths = SourcePaths::new(dir.path());
        let mut diagnostics = Diagnostics::default();
        let mut gazetteer = Gazetteer::read(&paths, &mut diagnostics).expect("gazetteer");
        let panama: MultiPolygon<f64> = polygon![
            (x: -83.0, y: 7.0), (x: -77.0, y: 7.0), (x: -77.0, y: 9.7), (x: -83.0, y: 9.7), (x: -83.0, y: 7.0)
        ]
        .into();
        let locator = CountryLocator::new(vec![(CountryCode::parse("PA").expect("PA"), panama)]);
        read_town_positions(&paths, &locator, &mut gazetteer, &mut diagnostics).expect("read");
        (gazetteer, diagnostics)
    }

    #[test]
    fn a_reviewed_village_places_rows_of_its_region_only() {
        let (gazetteer, diagnostics) = gazetteer_with(
            "PA,Comarca Emberá-Wounaan,Bajo Chiquito,8.1,-77.5,https://example.org/q,CC0 1.0 (Wikidata),2026-12-02,test\n",
        );
        assert!(!diagnostics.has_errors(), "{diagnostics}");
        let pa = CountryCode::parse("PA").expect("PA");
        match gazetteer.place(pa, "Bajo Chiquito", "Comarca Emberá-Wounaan", "") {
            Placement::AtTown(town) => assert_eq!(town.position, LatLon::new(8.1, -77.5)),
            other => panic!("not placed: {other:?}"),
        }
        assert_eq!(
            gazetteer.place(pa, "Bajo Chiquito", "Darién", ""),
            Placement::NotFound,
            "another region's row must not take the village"
        );
        assert_eq!(
            gazetteer.place(pa, "Bajo Chiquito", "", ""),
            Placement::NoRegion
        );
    }

    #[test]
    fn a_centre_outside_its_country_or_without_source_is_refused_with_its_line() {
        let (gazetteer, diagnostics) = gazetteer_with(concat!(
            "PA,Darién,Far Away,4.6,-74.1,https://example.org/q,CC0 1.0 (Wikidata),2026-12-02,in Colombia\n",
            "PA,Darién,No Source,8.4,-77.9,,CC0 1.0 (Wikidata),2026-12-02,no page\n",
            "PA,Darién,Unlicensed,8.4,-77.9,https://example.org/q,all rights reserved,2026-12-02,x\n",
        ));
        let errors: Vec<String> = diagnostics.items().iter().map(|d| d.to_string()).collect();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(
            errors[0].contains("town_positions.csv, line 2") && errors[0].contains("outside PA")
        );
        assert!(errors[1].contains("line 3") && errors[1].contains("source_url"));
        assert!(errors[2].contains("line 4") && errors[2].contains("source_licence"));
        let pa = CountryCode::parse("PA").expect("PA");
        for name in ["Far Away", "No Source", "Unlicensed"] {
            assert_eq!(gazetteer.place(pa, name, "Darién", ""), Placement::NotFound);
        }
    }
}
