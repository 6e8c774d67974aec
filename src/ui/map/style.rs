//! The map's look: one stylesheet (layout, markers, clusters, controls, labels, scale bar, legend) and
//! one colour per category; the category icons come from [`crate::ui::components::icon`].

use crate::model::Category;
use crate::ui::components::icon::{css_url, IconName};
use std::fmt::Write as _;
use std::sync::OnceLock;

/// The marker colour of a category (its icon is drawn white on it).
pub(super) fn category_colour(category: Category) -> &'static str {
    match category {
        Category::Shelter => "#0b3d91",
        Category::Health => "#b00020",
        Category::MigrationOffice => "#5b2a86",
        Category::BorderCrossing => "#5d4037",
        Category::ReceptionCentre => "#00695c",
        Category::Consulate => "#37474f",
        Category::HumanitarianOrg => "#ad1457",
        Category::LegalAid => "#a33c00",
    }
}

const BASE_CSS: &str = "
.paso-map { position: relative; width: 100%; height: 60vh; min-height: 18rem; overflow: hidden;
  touch-action: none; user-select: none; -webkit-user-select: none; background: #cfe3f2;
  border: 1px solid #8c8c8c; border-radius: 0.5rem; cursor: grab; }
.paso-map:focus-visible { outline: 3px solid #ffbf00; outline-offset: -3px; }
.paso-map-svg { position: absolute; left: 0; top: 0; width: 100%; height: 100%; display: block;
  pointer-events: none; }
.paso-map-land { fill: #efeadb; stroke: #6b6b6b; stroke-width: 1; stroke-linejoin: round; fill-rule: evenodd; }
.paso-map-land.route { fill: #fffdf4; stroke: #333333; stroke-width: 1.5; }
.paso-map-here-halo { fill: rgba(11, 61, 145, 0.22); }
.paso-map-here-dot { fill: #0b3d91; stroke: #ffffff; stroke-width: 3; }
.paso-map-here-ring { fill: none; stroke: #0b3d91; stroke-width: 4; }
.paso-map-marker, .paso-map-cluster { position: absolute; transform: translate(-50%, -50%);
  pointer-events: none; margin: 0; padding: 0; border: 2px solid #ffffff;
  box-shadow: 0 0 0 1px #111111; color: #ffffff; font: inherit; }
.paso-map-marker { width: 2rem; height: 2rem; border-radius: 50%;
  background-repeat: no-repeat; background-position: center; background-size: 1.25rem; }
.paso-map-marker.approximate { border-style: dashed; box-shadow: 0 0 0 1px #111111, 0 0 0 5px rgba(255, 240, 179, 0.9); }
.paso-map-marker.closed { background-color: #5c5c5c; border-color: #b00020; }
.paso-map-marker.closed::after { content: ''; position: absolute; left: -0.25rem; right: -0.25rem;
  top: 50%; height: 0.25rem; margin-top: -0.125rem; background: #b00020; transform: rotate(-45deg); }
.paso-map-cluster { min-width: 2.375rem; height: 2.375rem; padding: 0 0.3125rem; border-radius: 1.1875rem;
  border-width: 2px; background: #1f2a44; font-size: 0.875rem; font-weight: 700; line-height: 1; }
.paso-map-marker:focus-visible, .paso-map-cluster:focus-visible { outline: 3px solid #ffbf00; outline-offset: 2px; }
.paso-map.pointing { cursor: pointer; }
.paso-map-tip { position: absolute; transform: translate(-50%, -100%); margin-top: -1.5rem; max-width: 16rem;
  padding: 0.25rem 0.5rem; border-radius: 0.375rem; background: #111111; color: #ffffff; font-size: 0.875rem;
  line-height: 1.25; pointer-events: none; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; z-index: 1; }
.paso-map-controls { position: absolute; z-index: 2; right: 0.5rem; top: 0.5rem; display: flex; flex-direction: column;
  gap: 0.5rem; }
.paso-map-btn { width: 3rem; height: 3rem; min-width: 48px; min-height: 48px; margin: 0; padding: 0;
  border: 2px solid #111111; border-radius: 0.5rem; background-color: #ffffff; color: #111111;
  font-size: 1.75rem; font-weight: 700; line-height: 1; cursor: pointer;
  background-repeat: no-repeat; background-position: center; background-size: 1.5rem; }
.paso-map-btn:focus-visible { outline: 3px solid #ffbf00; outline-offset: 2px; }
.paso-map-label { font-family: inherit; font-weight: 700; fill: #1a1a1a; stroke: #ffffff; stroke-width: 3px;
  paint-order: stroke; stroke-linejoin: round; }
.paso-map-label.city { font-size: 15px; }
.paso-map-label.town { font-size: 13px; font-weight: 600; }
.paso-map-label.country { font-size: 13px; letter-spacing: 0.12em; fill: #5a4626; }
.paso-map-town-dot { fill: #1a1a1a; stroke: #ffffff; stroke-width: 1.5; }
.paso-map-here-accuracy { fill: rgba(11, 61, 145, 0.12); stroke: #0b3d91; stroke-width: 2; stroke-dasharray: 6 4; }
.paso-map-scale { position: absolute; z-index: 2; right: 0.5rem; bottom: 0.5rem; padding: 0.125rem 0.375rem;
  border-radius: 0.25rem; background: rgba(255, 255, 255, 0.9); color: #111111; font-size: 0.8125rem;
  font-weight: 700; line-height: 1.2; pointer-events: none; text-align: center; }
.paso-map-scale-bar { display: block; height: 0.375rem; border: 2px solid #111111; border-top: 0; }
.paso-map-legend { position: absolute; z-index: 3; left: 0.5rem; bottom: 0.5rem; max-width: calc(100% - 1rem);
  display: flex; flex-direction: column-reverse; align-items: flex-start; gap: 0.375rem; cursor: default; }
.paso-map-legend-btn { min-height: 3rem; min-width: 3rem; padding: 0 0.75rem; border: 2px solid #111111;
  border-radius: 0.5rem; background: #ffffff; color: #111111; font: inherit; font-weight: 700; cursor: pointer; }
.paso-map-legend-btn:focus-visible { outline: 3px solid #ffbf00; outline-offset: 2px; }
.paso-map-legend-list { list-style: none; margin: 0; padding: 0.5rem; max-height: 45vh; overflow-y: auto;
  border: 2px solid #111111; border-radius: 0.5rem; background: #ffffff; color: #111111; font-size: 0.9375rem; }
.paso-map-legend-list li { display: flex; align-items: center; gap: 0.5rem; min-height: 2.25rem; }
.paso-map-legend-list .paso-map-marker { position: relative; transform: none; flex: none; }
.paso-map-legend-here { flex: none; width: 1.5rem; height: 1.5rem; margin: 0 0.25rem; border-radius: 50%;
  background: #0b3d91; border: 3px solid #ffffff; box-shadow: 0 0 0 3px #0b3d91; }
";

/// The map's stylesheet: layout, and one colour and icon per category.
pub(super) fn map_css() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| {
        let mut css = BASE_CSS.to_string();
        for category in Category::ALL {
            let _ = writeln!(
                css,
                ".paso-map-marker.cat-{} {{ background-color: {}; background-image: {}; }}",
                category.as_str(),
                category_colour(*category),
                css_url(IconName::of_category(*category), "#ffffff"),
            );
        }
        let _ = writeln!(
            css,
            ".paso-map-btn.locate {{ background-image: {}; }}",
            css_url(IconName::Near, "#111111"),
        );
        css
    })
}
