//! What the map says: its words in the person's language ([`MapLabels`]), the cluster count label, town,
//! city and country names chosen by population for the zoom with no two overlapping ([`place_labels`]),
//! and the scale bar ([`scale_bar`]). Pure functions, no UI.

use super::shapes::MapShapes;
use super::viewport::{unproject, Screen, Viewport};
use crate::model::{Category, CountryCode, LatLon};
use dioxus::prelude::*;
use std::rc::Rc;

/// The map's words, in the user's language.
#[derive(Clone, PartialEq, Debug)]
pub struct MapLabels {
    /// Label of the zoom-in button.
    pub zoom_in: String,
    /// Label of the zoom-out button.
    pub zoom_out: String,
    /// Label of the "you are here" marker and of the button that centres the map on it.
    pub you_are_here: String,
    /// Label of a cluster; `{n}` is replaced by its count.
    pub cluster: String,
    /// Accessible name of the map.
    pub map: String,
    /// Title of the legend and of the button that opens it.
    pub legend: String,
    /// The legend's lines: each category's marker and name, in the order shown.
    pub categories: Vec<(Category, String)>,
    /// The legend's word for a closed place's (struck-through) marker.
    pub closed: String,
    /// The legend's word for an approximate place's (dashed) marker, and the accuracy ring's name.
    pub approximate: String,
    /// Accessible name of the scale bar.
    pub scale: String,
}

/// A cluster's label: the template with its count filled in.
pub(super) fn cluster_label(template: &str, n: usize) -> String {
    let count = n.to_string();
    // `{n}` as agreed; `{$n}` / `{ $n }` too, in case a Fluent placeholder arrives unresolved.
    for placeholder in ["{n}", "{ $n }", "{$n}"] {
        if template.contains(placeholder) {
            return template.replace(placeholder, &count);
        }
    }
    format!("{template} ({count})")
}

/// A town or city that may get a label: from the bundle's towns (GeoNames), with its population.
#[derive(Clone, PartialEq, Debug)]
pub struct MapTown {
    /// Its name, as the gazetteer writes it.
    pub name: String,
    /// Its centre.
    pub position: LatLon,
    /// Its population (GeoNames), or 0 when the gazetteer gives none: such towns are named only from
    /// zoom 10, after every town with a population.
    pub population: u64,
}

/// What a label names; the kind sets its size and style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    /// A country: capitals, spaced out, drawn first.
    Country,
    /// A city of [`CITY_POPULATION`] people or more.
    City,
    /// A smaller town.
    Town,
}

/// A town of this many people or more is drawn as a city.
pub const CITY_POPULATION: u64 = 100_000;
/// At most this many labels are drawn at once.
pub const MAX_LABELS: usize = 30;

impl LabelKind {
    /// The font size, in screen pixels.
    pub fn font_px(self) -> f64 {
        match self {
            LabelKind::Country => 13.0,
            LabelKind::City => 15.0,
            LabelKind::Town => 13.0,
        }
    }

    /// The CSS class of the `<text>`.
    pub fn class(self) -> &'static str {
        match self {
            LabelKind::Country => "paso-map-label country",
            LabelKind::City => "paso-map-label city",
            LabelKind::Town => "paso-map-label town",
        }
    }
}

/// A box on screen, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelBox {
    /// Top-left corner.
    pub min: Screen,
    /// Bottom-right corner.
    pub max: Screen,
}

impl LabelBox {
    /// True when the two boxes share any area.
    pub fn overlaps(&self, other: &LabelBox) -> bool {
        self.min.x < other.max.x
            && other.min.x < self.max.x
            && self.min.y < other.max.y
            && other.min.y < self.max.y
    }

    /// True when the whole box is inside a `width` × `height` area.
    pub fn inside(&self, width: f64, height: f64) -> bool {
        self.min.x >= 0.0 && self.min.y >= 0.0 && self.max.x <= width && self.max.y <= height
    }
}

/// A label as drawn: its text centred at `at`, inside `bounds`.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLabel {
    /// What it says.
    pub text: String,
    /// What it names.
    pub kind: LabelKind,
    /// The middle of its text.
    pub at: Screen,
    /// The town's centre, drawn as a dot just below its name (none for a country).
    pub dot: Option<Screen>,
    /// The room it takes, with a small margin: no two labels' bounds overlap.
    pub bounds: LabelBox,
}

/// The room a label takes when centred at `at`: a generous estimate of the text's width (0.7 em per
/// character, bold), one and a half lines high, plus a 2 px margin all round.
pub fn label_box(text: &str, kind: LabelKind, at: Screen) -> LabelBox {
    let em = kind.font_px();
    let spacing = if kind == LabelKind::Country {
        0.12
    } else {
        0.0
    };
    let chars = text.chars().count() as f64;
    let half_w = chars * em * (0.7 + spacing) / 2.0 + 2.0;
    let half_h = em * 0.75 + 2.0;
    LabelBox {
        min: Screen {
            x: at.x - half_w,
            y: at.y - half_h,
        },
        max: Screen {
            x: at.x + half_w,
            y: at.y + half_h,
        },
    }
}

/// The smallest population labelled at a zoom: big cities when zoomed out, every town with a population
/// (5,000 people and more in the bundle) from zoom 9, and the towns without one from zoom 10.
pub fn min_population_for_zoom(zoom: f64) -> u64 {
    match zoom.floor() as i64 {
        i64::MIN..=5 => 500_000,
        6 => 200_000,
        7 => 100_000,
        8 => 25_000,
        9 => 1,
        _ => 0,
    }
}

/// Country names are drawn up to this zoom (beyond it, town names orient better).
pub const MAX_COUNTRY_LABEL_ZOOM: f64 = 12.0;

/// Chooses the labels of a view: cities by population, largest first, then the country names (each at the
/// first of its screen spots where it fits), then smaller towns by population, all from
/// [`min_population_for_zoom`]; a town's name goes above its dot or else to its right, left or below; a label is left out when it would overlap one already placed, a named
/// town's dot or a `reserved` box (the controls), or stick out of the map. At most [`MAX_LABELS`].
///
/// `towns` must be sorted by population, largest first (as [`crate::catalog::Catalog`] returns them).
pub fn place_labels(
    view: &Viewport,
    countries: &[(String, Vec<Screen>)],
    towns: &[MapTown],
    reserved: &[LabelBox],
) -> Vec<PlacedLabel> {
    let mut placed: Vec<PlacedLabel> = Vec::new();
    // The dots of named towns: no later label may cover one.
    let mut dots: Vec<LabelBox> = Vec::new();
    let fits = |bounds: &LabelBox, placed: &[PlacedLabel], dots: &[LabelBox]| {
        bounds.inside(view.width, view.height)
            && !reserved.iter().any(|r| r.overlaps(bounds))
            && !placed.iter().any(|p| p.bounds.overlaps(bounds))
            && !dots.iter().any(|d| d.overlaps(bounds))
    };
    let min = min_population_for_zoom(view.zoom);
    // Cities first (they cannot move), then country names (they can), then smaller towns.
    for cities in [true, false] {
        if !cities && view.zoom <= MAX_COUNTRY_LABEL_ZOOM {
            for (name, spots) in countries {
                let text = name.to_uppercase();
                let kind = LabelKind::Country;
                if let Some((at, bounds)) = spots
                    .iter()
                    .map(|at| (*at, label_box(&text, kind, *at)))
                    .find(|(_, b)| fits(b, &placed, &dots))
                {
                    placed.push(PlacedLabel {
                        text,
                        kind,
                        at,
                        dot: None,
                        bounds,
                    });
                }
            }
        }
        for town in towns
            .iter()
            .take_while(|t| t.population >= min)
            .filter(|t| cities == (t.population >= CITY_POPULATION))
        {
            if placed.len() >= MAX_LABELS {
                break;
            }
            let dot = view.project(town.position);
            if !view.shows(dot, 0.0) {
                continue;
            }
            let kind = if town.population >= CITY_POPULATION {
                LabelKind::City
            } else {
                LabelKind::Town
            };
            let dot_box = LabelBox {
                min: Screen {
                    x: dot.x - 3.0,
                    y: dot.y - 3.0,
                },
                max: Screen {
                    x: dot.x + 3.0,
                    y: dot.y + 3.0,
                },
            };
            if placed.iter().any(|p| p.bounds.overlaps(&dot_box)) {
                continue;
            }
            // Above the dot, else to its right, left or below; then the same a marker's width away (a marker
            // or "you are here" may stand on the town's centre).
            let probe = label_box(&town.name, kind, dot);
            let half_w = (probe.max.x - dot.x).max(0.0);
            let half_h = (probe.max.y - dot.y).max(0.0);
            let up = kind.font_px() * 0.9;
            let mut candidates = Vec::with_capacity(8);
            for (gap_x, gap_y) in [(4.0, up - half_h), (28.0, 28.0)] {
                candidates.extend([
                    Screen {
                        x: dot.x,
                        y: dot.y - gap_y - half_h,
                    },
                    Screen {
                        x: dot.x + gap_x + half_w,
                        y: dot.y,
                    },
                    Screen {
                        x: dot.x - gap_x - half_w,
                        y: dot.y,
                    },
                    Screen {
                        x: dot.x,
                        y: dot.y + gap_y + half_h,
                    },
                ]);
            }
            if let Some((at, bounds)) = candidates
                .iter()
                .map(|at| (*at, label_box(&town.name, kind, *at)))
                .find(|(_, b)| fits(b, &placed, &dots))
            {
                placed.push(PlacedLabel {
                    text: town.name.clone(),
                    kind,
                    at,
                    dot: Some(dot),
                    bounds,
                });
                dots.push(dot_box);
            }
        }
    }
    placed
}

/// The scale bar of a view: a round length (1, 2 or 5 × 10ⁿ metres) drawn at most `max_px` wide, at the
/// latitude of the map's centre.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleBar {
    /// The length it stands for, in metres.
    pub metres: f64,
    /// Its width on screen, in pixels.
    pub px: f64,
    /// What it says: "500 m", "5 km".
    pub text: String,
}

/// Metres per screen pixel at the centre of a view (Web Mercator: the equator's length over the world's
/// width in pixels, times the cosine of the latitude).
///
/// # Units
/// Metres per CSS pixel.
pub fn metres_per_px(view: &Viewport) -> f64 {
    const EQUATOR_M: f64 = 40_075_016.686;
    let lat = unproject(view.center).lat.to_radians();
    EQUATOR_M * lat.cos() / view.scale()
}

/// The scale bar for a view, at most `max_px` wide.
pub fn scale_bar(view: &Viewport, max_px: f64) -> ScaleBar {
    let per_px = metres_per_px(view);
    let most = per_px * max_px;
    let magnitude = 10f64.powf(most.log10().floor());
    let metres = [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|m| *m <= most)
        .unwrap_or(magnitude);
    let text = if metres >= 1000.0 {
        format!("{} km", (metres / 1000.0).round())
    } else {
        format!("{} m", metres.round())
    };
    ScaleBar {
        metres,
        px: metres / per_px,
        text,
    }
}

/// Where labels must not go: the zoom buttons (top right), the legend button (bottom left) and the scale
/// bar (bottom right), at their size with 100% text.
pub fn reserved_boxes(view: &Viewport) -> [LabelBox; 3] {
    let (w, h) = (view.width, view.height);
    let corner = |x0: f64, y0: f64, x1: f64, y1: f64| LabelBox {
        min: Screen { x: x0, y: y0 },
        max: Screen { x: x1, y: y1 },
    };
    [
        corner(w - 64.0, 0.0, w, 8.0 + 3.0 * 56.0),
        corner(0.0, h - 64.0, 140.0, h),
        corner(w - 120.0, h - 44.0, w, h),
    ]
}

/// The box around a marker, cluster or "you are here" drawn at `at` with radius `r` (pixels): no label
/// goes under it.
pub fn obstacle(at: Screen, r: f64) -> LabelBox {
    LabelBox {
        min: Screen {
            x: at.x - r,
            y: at.y - r,
        },
        max: Screen {
            x: at.x + r,
            y: at.y + r,
        },
    }
}

/// The labels of a view: country names where [`MapShapes::country_spots`] finds room, then towns; none
/// under the controls or the `obstacles` (markers, clusters, "you are here").
pub(super) fn view_labels(
    view: &Viewport,
    shapes: &MapShapes,
    names: &[(CountryCode, String)],
    towns: &[MapTown],
    obstacles: &[LabelBox],
) -> Vec<PlacedLabel> {
    let countries: Vec<(String, Vec<Screen>)> = if names.is_empty() {
        Vec::new()
    } else {
        shapes
            .country_spots(view)
            .into_iter()
            .filter_map(|(code, at)| {
                names
                    .iter()
                    .find(|(c, _)| *c == code)
                    .map(|(_, name)| (name.clone(), at))
            })
            .collect()
    };
    let mut reserved = reserved_boxes(view).to_vec();
    reserved.extend_from_slice(obstacles);
    place_labels(view, &countries, towns, &reserved)
}

/// The names on the map, as SVG text with a white halo; decorative for screen readers (the markers and
/// Near me carry the words).
#[component]
pub fn MapTownLabels(labels: Rc<[PlacedLabel]>) -> Element {
    rsx! {
        g { class: "paso-map-labels", "aria-hidden": "true",
            for label in labels.iter() {
                if let Some(dot) = label.dot {
                    circle {
                        class: "paso-map-town-dot",
                        cx: "{dot.x:.1}",
                        cy: "{dot.y:.1}",
                        r: if label.kind == LabelKind::City { "3.5" } else { "2.5" },
                    }
                }
                text {
                    class: label.kind.class(),
                    x: "{label.at.x:.1}",
                    y: "{label.at.y:.1}",
                    "text-anchor": "middle",
                    "dominant-baseline": "central",
                    "{label.text}"
                }
            }
        }
    }
}

/// The scale bar, bottom right: a bar of [`ScaleBar::px`] and its length in words.
#[component]
pub fn ScaleBarView(bar: ScaleBar, label: String) -> Element {
    rsx! {
        div {
            class: "paso-map-scale",
            role: "img",
            aria_label: "{label}: {bar.text}",
            "data-metres": "{bar.metres}",
            span { class: "paso-map-scale-bar", style: "width:{bar.px:.1}px" }
            span { class: "paso-map-scale-text", "{bar.text}" }
        }
    }
}

/// The legend, bottom left: a button that opens the list of marker kinds (each category's colour and icon,
/// approximate, closed, "you are here").
#[component]
pub fn Legend(labels: MapLabels) -> Element {
    let mut open = use_signal(|| false);
    rsx! {
        div {
            class: "paso-map-legend",
            onclick: |e: Event<MouseData>| e.stop_propagation(),
            onpointerdown: |e: Event<PointerData>| e.stop_propagation(),
            button {
                r#type: "button",
                class: "paso-map-legend-btn",
                "aria-expanded": if open() { "true" } else { "false" },
                onclick: move |_| open.toggle(),
                "{labels.legend}"
            }
            if open() {
                ul { class: "paso-map-legend-list", aria_label: "{labels.legend}",
                    for (category, name) in labels.categories.iter() {
                        li { key: "{category.as_str()}", "data-legend": category.as_str(),
                            span { class: "paso-map-marker cat-{category.as_str()}", "aria-hidden": "true" }
                            span { "{name}" }
                        }
                    }
                    li { "data-legend": "approximate",
                        span { class: "paso-map-marker cat-shelter approximate", "aria-hidden": "true" }
                        span { "{labels.approximate}" }
                    }
                    li { "data-legend": "closed",
                        span { class: "paso-map-marker cat-shelter closed", "aria-hidden": "true" }
                        span { "{labels.closed}" }
                    }
                    li { "data-legend": "here",
                        span { class: "paso-map-legend-here", "aria-hidden": "true" }
                        span { "{labels.you_are_here}" }
                    }
                }
            }
        }
    }
}
