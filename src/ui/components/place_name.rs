//! What to call a position: the words a screen shows for "my place" and for a tap on the map, from the
//! bundle's towns ("Tapachula, Chiapas (México)"), found offline; coordinates are only in place details.

use crate::catalog::Catalog;
use crate::i18n::{Arg, Localizer};
use crate::model::LatLon;

/// What to call a position nobody named (from `--at`, a tap on the map, GPS): the nearest town of the
/// bundle within [`crate::catalog::NEAR_TOWN_M`], its region and country; else the country; never numbers.
pub fn label_for(catalog: &Catalog, tr: &Localizer, position: LatLon) -> String {
    let lang = tr.language();
    if let Some(town) = catalog.nearest_town(position) {
        let country = catalog.country_name(town.country, lang);
        return match town.admin1.as_deref().filter(|r| *r != town.name) {
            Some(region) => tr.tr_args(
                "here-town",
                &[
                    ("town", Arg::Text(&town.name)),
                    ("region", Arg::Text(region)),
                    ("country", Arg::Text(&country)),
                ],
            ),
            None => tr.tr_args(
                "here-town-no-region",
                &[
                    ("town", Arg::Text(&town.name)),
                    ("country", Arg::Text(&country)),
                ],
            ),
        };
    }
    match catalog.country_at(position) {
        Some(code) => tr.tr_args(
            "here-country",
            &[("country", Arg::Text(&catalog.country_name(code, lang)))],
        ),
        None => tr.tr("here-unnamed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_position_is_named_by_its_nearest_town_region_and_country_in_each_language() {
        let catalog = Catalog::open_default().unwrap();
        let tapachula = LatLon::new(14.905, -92.259);
        for (lang, words) in [
            ("es", "Cerca de Tapachula, Chiapas (México)"),
            ("en", "Near Tapachula, Chiapas (Mexico)"),
            ("fr", "Près de Tapachula, Chiapas (Mexique)"),
        ] {
            let tr = Localizer::new(lang);
            let label = label_for(&catalog, &tr, tapachula);
            let shown = tr.tr_args("near-from", &[("place", Arg::Text(&label))]);
            assert_eq!(shown, words, "{lang}");
            assert!(
                !label.chars().any(|c| c.is_ascii_digit()),
                "{lang}: {label}"
            );
        }
        let sea = label_for(&catalog, &Localizer::new("en"), LatLon::new(0.0, -120.0));
        assert_eq!(sea, "the chosen point");
    }
}
