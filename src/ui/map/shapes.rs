//! Country borders prepared for drawing: projected once, simplified for each integer zoom, tiny islands
//! dropped, written as compact SVG path data in whole pixels.

use super::viewport::{project, World, WorldRect, TILE_PX};
use super::viewport::{Screen, Viewport};
use crate::model::{CountryCode, LatLon};
use geo::{
    BoundingRect, Contains, Coord, LineString, MultiPolygon, Point, Polygon, Rect, Simplify,
};
use std::fmt::Write as _;
use std::sync::Arc;

/// Border outlines are prepared for these integer zooms; other zooms use the nearest one.
pub(super) const MIN_LOD: u8 = 2;
pub(super) const MAX_LOD: u8 = 10;
/// Simplification tolerance, in screen pixels at the outline's own zoom.
const TOLERANCE_PX: f64 = 0.6;
/// Polygons smaller than this (screen pixels, both sides) at an outline's zoom are left out.
const MIN_POLYGON_PX: f64 = 1.5;

/// The prepared border outline to use at a zoom.
pub fn lod_for_zoom(zoom: f64) -> u8 {
    zoom.round().clamp(MIN_LOD as f64, MAX_LOD as f64) as u8
}

/// The simplification tolerance (in world units) of the outline prepared for a zoom: a fraction of a pixel.
pub fn tolerance_for_lod(lod: u8) -> f64 {
    TOLERANCE_PX / (TILE_PX * f64::from(lod).exp2())
}

/// Country borders prepared for drawing: projected, simplified per zoom, as SVG path data.
/// Cheap to clone; two values are equal when they share the same preparation.
#[derive(Clone)]
pub struct MapShapes(Arc<ShapesInner>);

struct ShapesInner {
    countries: Vec<CountryCode>,
    /// Where outline coordinates start from (world), to keep the numbers in paths small.
    origin: World,
    bounds: Option<WorldRect>,
    /// `paths[lod - MIN_LOD][country]`: path data in pixels at that zoom, relative to `origin`.
    paths: Vec<Vec<String>>,
    /// Each country's outline (world, simplified at [`AREA_LOD`]) and its box: where its name may go.
    areas: Vec<(MultiPolygon<f64>, Rect<f64>)>,
}

/// The outline level used to find where a country's name fits.
const AREA_LOD: u8 = 7;
/// Spots tried for country names: a grid of this many columns and rows over the map.
const SPOT_GRID: (usize, usize) = (6, 9);

impl PartialEq for MapShapes {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for MapShapes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MapShapes")
            .field("countries", &self.0.countries)
            .field("bounds", &self.0.bounds)
            .finish_non_exhaustive()
    }
}

impl MapShapes {
    /// The countries drawn, in input order.
    pub fn countries(&self) -> &[CountryCode] {
        &self.0.countries
    }

    /// The box around every border, if any.
    pub fn bounds(&self) -> Option<WorldRect> {
        self.0.bounds
    }

    /// Where outline coordinates start from (world): path data is in pixels relative to it.
    pub fn origin(&self) -> World {
        self.0.origin
    }

    /// Where each country in view can carry its name: the spots of a grid over the map that fall inside the
    /// country, nearest to their middle first. Countries covering fewer than two spots are left out (a
    /// sliver at the edge is not named).
    pub fn country_spots(&self, view: &Viewport) -> Vec<(CountryCode, Vec<Screen>)> {
        let (cols, rows) = SPOT_GRID;
        let spots: Vec<Screen> = (0..rows)
            .flat_map(|r| {
                (0..cols).map(move |c| Screen {
                    x: view.width * (c as f64 + 0.5) / cols as f64,
                    y: view.height * (r as f64 + 0.5) / rows as f64,
                })
            })
            .collect();
        let top_left = view.to_world(Screen { x: 0.0, y: 0.0 });
        let bottom_right = view.to_world(Screen {
            x: view.width,
            y: view.height,
        });
        let mut found = Vec::new();
        for (code, (area, rect)) in self.0.countries.iter().zip(&self.0.areas) {
            let apart = rect.max().x < top_left.x
                || rect.min().x > bottom_right.x
                || rect.max().y < top_left.y
                || rect.min().y > bottom_right.y;
            if apart {
                continue;
            }
            let inside: Vec<Screen> = spots
                .iter()
                .copied()
                .filter(|s| {
                    let w = view.to_world(*s);
                    area.contains(&Point::new(w.x, w.y))
                })
                .collect();
            if inside.len() < 2 {
                continue;
            }
            let n = inside.len() as f64;
            let mean = Screen {
                x: inside.iter().map(|s| s.x).sum::<f64>() / n,
                y: inside.iter().map(|s| s.y).sum::<f64>() / n,
            };
            let mut ranked = inside;
            ranked.sort_by(|a, b| a.distance(mean).total_cmp(&b.distance(mean)));
            found.push((*code, ranked));
        }
        found
    }

    /// SVG path data of every country at an outline level (see [`lod_for_zoom`]).
    pub fn paths(&self, lod: u8) -> &[String] {
        let i = usize::from(lod.clamp(MIN_LOD, MAX_LOD) - MIN_LOD);
        self.0.paths.get(i).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Projects and simplifies the bundle's borders once (input: `catalog.borders(BorderScale::Medium)`).
/// Geometries that do not parse are skipped.
pub fn prepare_shapes(borders: &[(CountryCode, String)]) -> MapShapes {
    let mut countries = Vec::new();
    let mut shapes: Vec<MultiPolygon<f64>> = Vec::new();
    for (code, geometry) in borders {
        if let Some(multi) = crate::spatial::geometry_to_multipolygon(geometry) {
            countries.push(*code);
            shapes.push(project_multipolygon(&multi));
        }
    }
    let bounds = WorldRect::around(
        shapes
            .iter()
            .filter_map(|m| m.bounding_rect())
            .flat_map(|r| {
                [
                    World {
                        x: r.min().x,
                        y: r.min().y,
                    },
                    World {
                        x: r.max().x,
                        y: r.max().y,
                    },
                ]
            }),
    );
    let origin = bounds.map(|b| b.min).unwrap_or(World { x: 0.0, y: 0.0 });
    let paths = (MIN_LOD..=MAX_LOD)
        .map(|lod| {
            shapes
                .iter()
                .map(|shape| outline_path(shape, lod, origin))
                .collect()
        })
        .collect();
    let areas = shapes
        .iter()
        .filter_map(|shape| {
            let simple = shape.simplify(tolerance_for_lod(AREA_LOD));
            let rect = simple.bounding_rect()?;
            Some((simple, rect))
        })
        .collect();
    MapShapes(Arc::new(ShapesInner {
        countries,
        origin,
        bounds,
        paths,
        areas,
    }))
}

fn project_multipolygon(multi: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let ring = |line: &LineString<f64>| -> LineString<f64> {
        line.coords()
            .map(|c| {
                let w = project(LatLon::new(c.y, c.x));
                Coord { x: w.x, y: w.y }
            })
            .collect()
    };
    MultiPolygon(
        multi
            .iter()
            .map(|p| Polygon::new(ring(p.exterior()), p.interiors().iter().map(ring).collect()))
            .collect(),
    )
}

/// SVG path data for a projected shape at one outline level: simplified, tiny islands dropped, whole
/// pixels relative to `origin`, relative moves.
fn outline_path(shape: &MultiPolygon<f64>, lod: u8, origin: World) -> String {
    let scale = TILE_PX * f64::from(lod).exp2();
    let simplified = shape.simplify(tolerance_for_lod(lod));
    let mut d = String::new();
    for polygon in simplified.iter() {
        let big_enough = polygon
            .bounding_rect()
            .is_some_and(|r| (r.width() * scale).max(r.height() * scale) >= MIN_POLYGON_PX);
        if !big_enough {
            continue;
        }
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            let mut pixels: Vec<(i64, i64)> = Vec::with_capacity(ring.0.len());
            for c in ring.coords() {
                let p = (
                    ((c.x - origin.x) * scale).round() as i64,
                    ((c.y - origin.y) * scale).round() as i64,
                );
                if pixels.last() != Some(&p) {
                    pixels.push(p);
                }
            }
            if pixels.len() > 1 && pixels.first() == pixels.last() {
                pixels.pop();
            }
            if pixels.len() < 3 {
                continue;
            }
            let (mut x, mut y) = pixels[0];
            let _ = write!(d, "M{x} {y}l");
            for &(px, py) in &pixels[1..] {
                let _ = write!(d, "{} {} ", px - x, py - y);
                (x, y) = (px, py);
            }
            d.pop();
            d.push('z');
        }
    }
    d
}
