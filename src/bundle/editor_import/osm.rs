//! GeoJSON editor files: Point features whose OSM-style tags (`amenity`, `healthcare`, `office`, `addr:*`,
//! `paso:*`) map to Paso's plain columns, then go through the same row checks as CSV imports.

use super::super::diagnostics::{Diagnostics, Location};
use super::super::BundleError;
use super::{accept, dataset_for, EditorImport};
use crate::spatial::CountryLocator;
use std::collections::BTreeMap;
use std::path::Path;

pub(super) fn import_geojson(
    path: &Path,
    label: &str,
    locator: &CountryLocator,
    diagnostics: &mut Diagnostics,
) -> Result<EditorImport, BundleError> {
    let text = std::fs::read_to_string(path).map_err(|source| BundleError::Io {
        path: label.to_string(),
        source,
    })?;
    let mut import = EditorImport::default();
    let collection: serde_json::Value = match serde_json::from_str(&text) {
        Ok(value) => value,
        Err(error) => {
            diagnostics.error(
                &Location::line(label, error.line() as u64),
                None,
                format!("not valid JSON: {error}"),
                Some("a GeoJSON FeatureCollection"),
            );
            return Ok(import);
        }
    };
    let Some(features) = collection.get("features").and_then(|f| f.as_array()) else {
        diagnostics.error(
            &Location::file(label),
            Some("features"),
            "no features array",
            Some("a GeoJSON FeatureCollection"),
        );
        return Ok(import);
    };
    let file_licence = collection
        .get("licence")
        .or_else(|| collection.get("license"))
        .and_then(|l| l.as_str())
        .map(str::to_string);
    let attribution = collection
        .get("attribution")
        .and_then(|a| a.as_str())
        .map(str::to_string);
    let mut licences: BTreeMap<String, usize> = BTreeMap::new();
    for (index, feature) in features.iter().enumerate() {
        let at = Location::feature(label, index as u64);
        let tags: BTreeMap<String, String> = feature
            .get("properties")
            .and_then(|p| p.as_object())
            .map(|props| {
                props
                    .iter()
                    .filter_map(|(k, v)| match v {
                        serde_json::Value::String(s) => Some((k.clone(), s.clone())),
                        serde_json::Value::Number(n) => Some((k.clone(), n.to_string())),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let geometry_type = feature.pointer("/geometry/type").and_then(|t| t.as_str());
        let coordinates = feature
            .pointer("/geometry/coordinates")
            .and_then(|c| c.as_array());
        let mut fields = osm_tags_to_fields(&tags, &at, diagnostics);
        match (geometry_type, coordinates) {
            (Some("Point"), Some(xy)) if xy.len() >= 2 => {
                fields.insert("lon".into(), xy[0].to_string());
                fields.insert("lat".into(), xy[1].to_string());
            }
            _ => {
                diagnostics.error(
                    &at,
                    Some("geometry"),
                    format!(
                        "geometry is {}, not a Point",
                        geometry_type.unwrap_or("missing")
                    ),
                    Some("{\"type\": \"Point\", \"coordinates\": [lon, lat]}"),
                );
                continue;
            }
        }
        if !fields.contains_key("id") {
            if let Some(id) = feature.get("id").and_then(|i| {
                i.as_str()
                    .map(str::to_string)
                    .or_else(|| i.as_u64().map(|n| n.to_string()))
            }) {
                fields.insert("id".into(), id);
            }
        }
        if !fields.contains_key("licence") {
            if let Some(licence) = &file_licence {
                fields.insert("licence".into(), licence.clone());
            }
        }
        if let Some(licence) = fields.get("licence") {
            *licences.entry(licence.clone()).or_default() += 1;
        }
        accept(fields, &at, label, locator, &mut import, diagnostics);
    }
    import.dataset = Some(dataset_for(label, attribution, &licences));
    Ok(import)
}

/// Maps OSM-style tags to Paso's plain columns; the category comes from the usual tag combinations.
fn osm_tags_to_fields(
    tags: &BTreeMap<String, String>,
    at: &Location,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, String> {
    let tag = |key: &str| tags.get(key).map(String::as_str).unwrap_or("");
    let mut fields = BTreeMap::new();
    let mut put = |column: &str, value: &str| {
        if !value.trim().is_empty() {
            fields.insert(column.to_string(), value.trim().to_string());
        }
    };
    put("id", tag("paso:id"));
    put("id", tag("@id"));
    put("name", tag("name"));
    put("name_es", tag("name:es"));
    put("name_en", tag("name:en"));
    put("name_fr", tag("name:fr"));
    put(
        "phone",
        if tag("phone").is_empty() {
            tag("contact:phone")
        } else {
            tag("phone")
        },
    );
    put(
        "email",
        if tag("email").is_empty() {
            tag("contact:email")
        } else {
            tag("email")
        },
    );
    put(
        "website",
        if tag("website").is_empty() {
            tag("contact:website")
        } else {
            tag("website")
        },
    );
    put("opening_hours", tag("opening_hours"));
    put("last_checked", tag("check_date"));
    put("lang", tag("paso:lang"));
    put("town", tag("addr:city"));
    put("admin1", tag("addr:state"));
    put("country", tag("addr:country"));
    put("country", tag("paso:country"));
    put("source_url", tag("source"));
    put(
        "licence",
        if tag("licence").is_empty() {
            tag("license")
        } else {
            tag("licence")
        },
    );
    put("notes", tag("description"));
    put("services", tag("paso:services"));
    put("status", tag("paso:status"));
    let address: Vec<&str> = ["addr:housenumber", "addr:street", "addr:city"]
        .iter()
        .map(|k| tag(k))
        .filter(|v| !v.is_empty())
        .collect();
    put("address", &address.join(" "));
    let serves = [tag("social_facility:for"), tag("paso:serves")]
        .iter()
        .filter(|v| !v.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("; ");
    put(
        "serves",
        &serves
            .replace("juvenile", "unaccompanied minors")
            .replace("lgbtq", "lgbti"),
    );
    let category = if !tag("paso:category").is_empty() {
        tag("paso:category")
    } else if tag("amenity") == "social_facility" && tag("social_facility") == "shelter" {
        "shelter"
    } else if tag("amenity") == "refugee_site" {
        "reception_centre"
    } else if matches!(tag("amenity"), "hospital" | "clinic" | "doctors")
        || !tag("healthcare").is_empty()
    {
        "health"
    } else if tag("office") == "diplomatic" || tag("amenity") == "embassy" {
        "consulate"
    } else if tag("office") == "government" && tag("government") == "immigration" {
        "migration_office"
    } else if tag("barrier") == "border_control" || tag("amenity") == "border_control" {
        "border_crossing"
    } else if matches!(tag("office"), "ngo" | "international_organization") {
        "humanitarian_org"
    } else if tag("office") == "lawyer" {
        "legal_aid"
    } else {
        diagnostics.error(at, Some("amenity"), "no tag says what kind of place this is", Some("amenity=social_facility+social_facility=shelter, healthcare=*, office=diplomatic, office=government+government=immigration, barrier=border_control, office=ngo, office=lawyer or paso:category=…"));
        ""
    };
    put("category", category);
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osm_tags_choose_the_category() {
        let mut diagnostics = Diagnostics::default();
        let at = Location::feature("x.geojson", 0);
        let tags = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<BTreeMap<_, _>>()
        };
        let shelter = osm_tags_to_fields(
            &tags(&[
                ("amenity", "social_facility"),
                ("social_facility", "shelter"),
                ("social_facility:for", "migrant;juvenile"),
            ]),
            &at,
            &mut diagnostics,
        );
        assert_eq!(shelter["category"], "shelter");
        assert!(shelter["serves"].contains("unaccompanied"));
        let clinic = osm_tags_to_fields(&tags(&[("healthcare", "clinic")]), &at, &mut diagnostics);
        assert_eq!(clinic["category"], "health");
        assert!(!diagnostics.has_errors());
        osm_tags_to_fields(&tags(&[("shop", "bakery")]), &at, &mut diagnostics);
        assert_eq!(diagnostics.error_count(), 1);
    }
}
