//! Natural Earth country borders at two scales: 50m for the map, 10m for "which country is this point in".

use super::super::diagnostics::{Diagnostics, Location};
use super::super::BundleError;
use super::{read_text, SourcePaths};
use crate::model::CountryCode;

/// A country's border geometry at one scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Border {
    /// Country.
    pub country: CountryCode,
    /// `50m` (map) or `10m` (point in country).
    pub scale: &'static str,
    /// GeoJSON geometry text.
    pub geometry: String,
}

/// Reads the Natural Earth borders at both scales.
pub fn read_borders(
    paths: &SourcePaths,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<Border>, BundleError> {
    let mut borders = Vec::new();
    for (scale, relative) in [
        ("50m", "boundaries/countries_mesoamerica_50m.geojson"),
        ("10m", "boundaries/countries_mesoamerica_10m.geojson"),
    ] {
        let label = paths.label(relative);
        let collection: serde_json::Value =
            serde_json::from_str(&read_text(&paths.join(relative))?)
                .map_err(|e| BundleError::ManifestInvalid(format!("{label}: not GeoJSON: {e}")))?;
        let features = collection
            .get("features")
            .and_then(|f| f.as_array())
            .cloned()
            .unwrap_or_default();
        for (index, feature) in features.iter().enumerate() {
            let code = feature
                .pointer("/properties/iso_a2")
                .and_then(|v| v.as_str())
                .and_then(CountryCode::parse);
            let Some(code) = code else { continue };
            let Some(geometry) = feature.get("geometry").filter(|g| !g.is_null()) else {
                diagnostics.error(
                    &Location::feature(&label, index as u64),
                    Some("geometry"),
                    "no geometry",
                    None,
                );
                continue;
            };
            borders.push(Border {
                country: code,
                scale,
                geometry: geometry.to_string(),
            });
        }
    }
    borders.sort_by(|a, b| (a.scale, a.country).cmp(&(b.scale, b.country)));
    Ok(borders)
}
