//! What to call a position: the words a screen shows for "my place" and for a tap on the map.

use crate::catalog::Catalog;
use crate::i18n::Localizer;
use crate::model::LatLon;
use crate::ui::present::position_label;

/// What to call a position nobody named (from `--at` or a tap on the map): its coordinates and country.
pub fn label_for(catalog: &Catalog, tr: &Localizer, position: LatLon) -> String {
    let coordinates = position_label(tr, position);
    match catalog.country_at(position) {
        Some(code) => format!(
            "{coordinates} ({})",
            catalog.country_name(code, tr.language())
        ),
        None => coordinates,
    }
}
