//! The offline map: country borders from the bundle drawn as SVG, place markers by category, clusters when
//! zoomed out, "you are here", pan and zoom by buttons, drag, pinch, wheel and keys. No tiles, no network.
//!
//! The pure parts (projection, viewport arithmetic, border simplification per zoom, grid clustering,
//! hit-testing) are plain functions tested below; [`MapView`] only wires them to events and elements.
//!
//! # Units
//! *World* coordinates are Web Mercator scaled to `0 ≤ x, y ≤ 1` (x grows east, y grows south).
//! *Screen* coordinates are CSS pixels from the map's top-left corner. Zoom `z` draws the world
//! `256 · 2^z` pixels wide, as map tiles do.

use crate::catalog::PlaceBrief;
use crate::model::{Category, CountryCode, LatLon, LocationPrecision, PlaceId, ROUTE_COUNTRIES};
use dioxus::prelude::*;
use geo::{BoundingRect, Coord, LineString, MultiPolygon, Polygon, Simplify};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::rc::Rc;
use std::sync::{Arc, OnceLock};

/// The farthest the map zooms out.
pub const MIN_ZOOM: f64 = 2.0;
/// The farthest the map zooms in (a few streets across).
pub const MAX_ZOOM: f64 = 16.0;
/// The zoom used when the map opens on "you are here" (about 25 km across on a phone).
pub const HERE_ZOOM: f64 = 11.0;
/// At most this many markers and clusters are rendered, whatever the zoom and the window size.
pub const MAX_MARKERS: usize = 150;
/// Side of a clustering cell, in screen pixels (before it grows to respect [`MAX_MARKERS`]).
pub const CELL_PX: f64 = 56.0;
/// A tap this close to a marker's centre (screen pixels) hits it: a 48 px target.
pub const HIT_RADIUS_PX: f64 = 24.0;
/// Pointer travel (screen pixels) after which a press is a drag, not a tap.
pub const DRAG_SLOP_PX: f64 = 8.0;
/// The size assumed before the map has been measured (and in headless renders).
pub const DEFAULT_SIZE: (f64, f64) = (360.0, 480.0);

const TILE_PX: f64 = 256.0;
/// Mercator's latitude limit.
const MAX_LAT: f64 = 85.051_128_779_806_59;
/// Border outlines are prepared for these integer zooms; other zooms use the nearest one.
const MIN_LOD: u8 = 2;
const MAX_LOD: u8 = 10;
/// Simplification tolerance, in screen pixels at the outline's own zoom.
const TOLERANCE_PX: f64 = 0.6;
/// Polygons smaller than this (screen pixels, both sides) at an outline's zoom are left out.
const MIN_POLYGON_PX: f64 = 1.5;

/// A position in world coordinates (see the module's `# Units`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct World {
    /// 0 at 180° W, 1 at 180° E.
    pub x: f64,
    /// 0 at the northern Mercator limit, 1 at the southern one.
    pub y: f64,
}

/// A position in screen pixels from the map's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Screen {
    /// Pixels to the right.
    pub x: f64,
    /// Pixels down.
    pub y: f64,
}

impl Screen {
    fn distance(self, other: Screen) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }

    fn midpoint(self, other: Screen) -> Screen {
        Screen {
            x: (self.x + other.x) / 2.0,
            y: (self.y + other.y) / 2.0,
        }
    }
}

/// An axis-aligned box in world coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WorldRect {
    /// North-west corner (smallest x and y).
    pub min: World,
    /// South-east corner (largest x and y).
    pub max: World,
}

impl WorldRect {
    /// The smallest box holding every position, or `None` for none.
    pub fn around(positions: impl IntoIterator<Item = World>) -> Option<Self> {
        let mut rect: Option<WorldRect> = None;
        for w in positions {
            rect = Some(match rect {
                None => WorldRect { min: w, max: w },
                Some(r) => r.including(w),
            });
        }
        rect
    }

    fn including(self, w: World) -> Self {
        WorldRect {
            min: World {
                x: self.min.x.min(w.x),
                y: self.min.y.min(w.y),
            },
            max: World {
                x: self.max.x.max(w.x),
                y: self.max.y.max(w.y),
            },
        }
    }

    fn center(&self) -> World {
        World {
            x: (self.min.x + self.max.x) / 2.0,
            y: (self.min.y + self.max.y) / 2.0,
        }
    }
}

/// Web Mercator: a position to world coordinates (latitudes beyond ±85.05° are clamped).
pub fn project(position: LatLon) -> World {
    let lat = position.lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    World {
        x: (position.lon + 180.0) / 360.0,
        y: 0.5 - (lat.tan() + 1.0 / lat.cos()).ln() / (2.0 * std::f64::consts::PI),
    }
}

/// The inverse of [`project`].
pub fn unproject(world: World) -> LatLon {
    let n = std::f64::consts::PI * (1.0 - 2.0 * world.y);
    LatLon::new(n.sinh().atan().to_degrees(), world.x * 360.0 - 180.0)
}

/// What the map shows: a centre, a zoom and the size of the drawing area.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// The world position at the middle of the map.
    pub center: World,
    /// Zoom level, [`MIN_ZOOM`] ..= [`MAX_ZOOM`]; fractional values are fine.
    pub zoom: f64,
    /// Width in screen pixels.
    pub width: f64,
    /// Height in screen pixels.
    pub height: f64,
}

impl Viewport {
    /// A viewport centred on a position.
    pub fn centered(position: LatLon, zoom: f64, width: f64, height: f64) -> Self {
        Viewport {
            center: project(position),
            zoom: zoom.clamp(MIN_ZOOM, MAX_ZOOM),
            width,
            height,
        }
    }

    /// The viewport that shows all of `rect`, with `padding_px` to spare on every side.
    pub fn fit(rect: WorldRect, width: f64, height: f64, padding_px: f64) -> Self {
        let span_x = (rect.max.x - rect.min.x).max(1e-12);
        let span_y = (rect.max.y - rect.min.y).max(1e-12);
        let usable_w = (width - 2.0 * padding_px).max(1.0);
        let usable_h = (height - 2.0 * padding_px).max(1.0);
        let scale = (usable_w / span_x).min(usable_h / span_y);
        Viewport {
            center: rect.center(),
            zoom: (scale / TILE_PX).log2().clamp(MIN_ZOOM, MAX_ZOOM),
            width,
            height,
        }
    }

    /// Pixels per world unit.
    pub fn scale(&self) -> f64 {
        TILE_PX * self.zoom.exp2()
    }

    /// Where a world position appears on screen.
    pub fn to_screen(&self, world: World) -> Screen {
        let scale = self.scale();
        Screen {
            x: (world.x - self.center.x) * scale + self.width / 2.0,
            y: (world.y - self.center.y) * scale + self.height / 2.0,
        }
    }

    /// The world position under a screen point.
    pub fn to_world(&self, screen: Screen) -> World {
        let scale = self.scale();
        World {
            x: self.center.x + (screen.x - self.width / 2.0) / scale,
            y: self.center.y + (screen.y - self.height / 2.0) / scale,
        }
    }

    /// Where a position appears on screen.
    pub fn project(&self, position: LatLon) -> Screen {
        self.to_screen(project(position))
    }

    /// The position under a screen point.
    pub fn latlon_at(&self, screen: Screen) -> LatLon {
        unproject(self.to_world(screen))
    }

    /// The map dragged by `(dx, dy)` pixels: what was under the pointer stays under it.
    pub fn panned(self, dx: f64, dy: f64) -> Self {
        let scale = self.scale();
        Viewport {
            center: World {
                x: self.center.x - dx / scale,
                y: self.center.y - dy / scale,
            },
            ..self
        }
    }

    /// The map zoomed to `zoom` (clamped) keeping the world point under `anchor` where it is.
    pub fn zoomed_at(self, anchor: Screen, zoom: f64) -> Self {
        let fixed = self.to_world(anchor);
        let zoom = zoom.clamp(MIN_ZOOM, MAX_ZOOM);
        let scale = TILE_PX * zoom.exp2();
        Viewport {
            center: World {
                x: fixed.x - (anchor.x - self.width / 2.0) / scale,
                y: fixed.y - (anchor.y - self.height / 2.0) / scale,
            },
            zoom,
            ..self
        }
    }

    /// The same centre and zoom in a drawing area of another size.
    pub fn resized(self, width: f64, height: f64) -> Self {
        Viewport {
            width,
            height,
            ..self
        }
    }

    /// The viewport with its centre kept inside `bounds` (so the map can't be lost off-screen).
    pub fn clamped(self, bounds: Option<WorldRect>) -> Self {
        let mut view = self;
        view.zoom = view.zoom.clamp(MIN_ZOOM, MAX_ZOOM);
        if let Some(b) = bounds {
            view.center.x = view.center.x.clamp(b.min.x, b.max.x);
            view.center.y = view.center.y.clamp(b.min.y, b.max.y);
        }
        view
    }

    /// True when a screen point is on the map or within `margin` pixels of its edges.
    pub fn shows(&self, screen: Screen, margin: f64) -> bool {
        screen.x >= -margin
            && screen.y >= -margin
            && screen.x <= self.width + margin
            && screen.y <= self.height + margin
    }
}

/// The prepared border outline to use at a zoom.
pub fn lod_for_zoom(zoom: f64) -> u8 {
    zoom.round().clamp(MIN_LOD as f64, MAX_LOD as f64) as u8
}

/// The simplification tolerance (in world units) of the outline prepared for a zoom: a fraction of a pixel.
pub fn tolerance_for_lod(lod: u8) -> f64 {
    TOLERANCE_PX / (TILE_PX * f64::from(lod).exp2())
}

/// A group of points drawn as one marker (one member) or one numbered cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// Indexes of the member points, ascending.
    pub members: Vec<usize>,
    /// Where it is drawn: the members' mean position.
    pub center: World,
    /// The members' bounding box.
    pub bounds: WorldRect,
}

impl Cluster {
    /// True when it stands for one point.
    pub fn is_single(&self) -> bool {
        self.members.len() == 1
    }
}

/// Groups the points shown in `view` by a square grid of `cell_px` screen pixels.
///
/// The grid is fixed to the world (not to the screen), so clusters stay put while the map is dragged.
/// Points off the map (beyond one hit radius) are left out; every shown point is in exactly one cluster.
pub fn cluster_points(points: &[World], view: &Viewport, cell_px: f64) -> Vec<Cluster> {
    let scale = view.scale();
    let cell_px = cell_px.max(1.0);
    let mut cells: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for (index, point) in points.iter().enumerate() {
        if !view.shows(view.to_screen(*point), HIT_RADIUS_PX) {
            continue;
        }
        let key = (
            (point.x * scale / cell_px).floor() as i64,
            (point.y * scale / cell_px).floor() as i64,
        );
        cells.entry(key).or_default().push(index);
    }
    let mut keyed: Vec<((i64, i64), Vec<usize>)> = cells.into_iter().collect();
    keyed.sort_by_key(|(key, _)| (key.1, key.0));
    keyed
        .into_iter()
        .map(|(_, members)| {
            let n = members.len() as f64;
            let (sx, sy) = members
                .iter()
                .fold((0.0, 0.0), |(x, y), &i| (x + points[i].x, y + points[i].y));
            let bounds =
                WorldRect::around(members.iter().map(|&i| points[i])).unwrap_or(WorldRect {
                    min: points[members[0]],
                    max: points[members[0]],
                });
            Cluster {
                center: World {
                    x: sx / n,
                    y: sy / n,
                },
                members,
                bounds,
            }
        })
        .collect()
}

/// Clusters the points shown in `view` into at most `max_items` markers and clusters: the grid starts at
/// [`CELL_PX`] and grows until the count fits; then groups drawn closer than [`MIN_GAP_PX`] are merged so
/// markers don't cover each other.
pub fn layout_markers(points: &[World], view: &Viewport, max_items: usize) -> Vec<Cluster> {
    let max_items = max_items.max(1);
    let mut cell = CELL_PX;
    loop {
        let clusters = cluster_points(points, view, cell);
        if clusters.len() <= max_items {
            return merge_close(clusters, points, view, MIN_GAP_PX);
        }
        cell *= 1.5;
    }
}

/// Markers and clusters whose centres are closer than this (screen pixels) are merged.
pub const MIN_GAP_PX: f64 = 36.0;

/// Merges groups drawn closer than `min_px` into a bigger one (biggest first) until no two are that close.
/// Keeps every member.
pub fn merge_close(
    mut clusters: Vec<Cluster>,
    points: &[World],
    view: &Viewport,
    min_px: f64,
) -> Vec<Cluster> {
    loop {
        let before = clusters.len();
        clusters = merge_pass(clusters, points, view, min_px);
        if clusters.len() == before {
            return clusters;
        }
    }
}

fn merge_pass(
    mut clusters: Vec<Cluster>,
    points: &[World],
    view: &Viewport,
    min_px: f64,
) -> Vec<Cluster> {
    // Biggest first, so small groups join big ones; ties keep the grid order (stable sort).
    clusters.sort_by_key(|c| std::cmp::Reverse(c.members.len()));
    let mut merged: Vec<(Cluster, Screen)> = Vec::with_capacity(clusters.len());
    for cluster in clusters {
        let at = view.to_screen(cluster.center);
        match merged
            .iter_mut()
            .find(|(_, there)| there.distance(at) < min_px)
        {
            Some((target, there)) => {
                target.members.extend(cluster.members);
                target.members.sort_unstable();
                let n = target.members.len() as f64;
                let (sx, sy) = target
                    .members
                    .iter()
                    .fold((0.0, 0.0), |(x, y), &i| (x + points[i].x, y + points[i].y));
                target.center = World {
                    x: sx / n,
                    y: sy / n,
                };
                target.bounds = WorldRect {
                    min: World {
                        x: target.bounds.min.x.min(cluster.bounds.min.x),
                        y: target.bounds.min.y.min(cluster.bounds.min.y),
                    },
                    max: World {
                        x: target.bounds.max.x.max(cluster.bounds.max.x),
                        y: target.bounds.max.y.max(cluster.bounds.max.y),
                    },
                };
                *there = view.to_screen(target.center);
            }
            None => merged.push((cluster, at)),
        }
    }
    let mut out: Vec<Cluster> = merged.into_iter().map(|(c, _)| c).collect();
    // A stable order for keyed rendering: by position on screen, top to bottom.
    out.sort_by(|a, b| {
        (a.center.y, a.center.x)
            .partial_cmp(&(b.center.y, b.center.x))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    out
}

/// The marker or cluster a tap at `at` hits: the nearest one whose centre is within [`HIT_RADIUS_PX`].
pub fn hit_test(clusters: &[Cluster], view: &Viewport, at: Screen) -> Option<usize> {
    clusters
        .iter()
        .enumerate()
        .map(|(i, c)| (i, view.to_screen(c.center).distance(at)))
        .filter(|(_, d)| *d <= HIT_RADIUS_PX)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// What tapping a cluster does.
#[derive(Debug, Clone, PartialEq)]
pub enum ClusterTap {
    /// Zoom to this viewport, where the members spread apart.
    ZoomTo(Viewport),
    /// The members share one spot (a town centre) or the map is fully zoomed in: fan them out around it.
    Spread,
}

/// Decides what tapping a cluster does: zoom in on its members (at least one step) or fan them out.
pub fn cluster_tap(cluster: &Cluster, view: &Viewport) -> ClusterTap {
    let span_px = (cluster.bounds.max.x - cluster.bounds.min.x)
        .max(cluster.bounds.max.y - cluster.bounds.min.y)
        * TILE_PX
        * MAX_ZOOM.exp2();
    if view.zoom >= MAX_ZOOM - 1e-9 || span_px < CELL_PX {
        return ClusterTap::Spread;
    }
    let fitted = Viewport::fit(cluster.bounds, view.width, view.height, CELL_PX);
    let zoom = fitted.zoom.max(view.zoom + 1.0).min(MAX_ZOOM);
    ClusterTap::ZoomTo(Viewport {
        center: cluster.bounds.center(),
        zoom,
        ..*view
    })
}

/// Screen positions for `n` markers fanned out around `center`: a sunflower spiral that leaves the centre
/// (and "you are here") free, with markers at least 36 px apart.
pub fn spread_positions(center: Screen, n: usize) -> Vec<Screen> {
    const GOLDEN_ANGLE: f64 = 2.399_963_229_728_653;
    (0..n)
        .map(|i| {
            let r = 34.0 + 26.0 * (i as f64).sqrt();
            let angle = i as f64 * GOLDEN_ANGLE;
            Screen {
                x: center.x + r * angle.cos(),
                y: center.y + r * angle.sin(),
            }
        })
        .collect()
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
}

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
    MapShapes(Arc::new(ShapesInner {
        countries,
        origin,
        bounds,
        paths,
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

/// A place to draw on the map.
#[derive(Clone, PartialEq, Debug)]
pub struct MapPoint {
    /// The place, passed to `on_select` when its marker is tapped.
    pub id: PlaceId,
    /// Where it is.
    pub position: LatLon,
    /// Its category: the marker's colour and icon.
    pub category: Category,
    /// Closed: the marker is greyed and struck through.
    pub closed: bool,
    /// Placed at its town's centre: the marker has a dashed ring.
    pub approximate: bool,
    /// The marker's accessible name and tooltip (the screen decides what it says).
    pub label: String,
}

impl MapPoint {
    /// The marker for a place, if it can be mapped (see [`PlaceBrief::is_mappable`]).
    pub fn from_place(place: &PlaceBrief, label: String) -> Option<Self> {
        if !place.is_mappable() {
            return None;
        }
        Some(MapPoint {
            id: place.id.clone(),
            position: place.position?,
            category: place.category,
            closed: place.status.is_closed(),
            approximate: place.precision == LocationPrecision::Town,
            label,
        })
    }
}

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
}

/// One marker or cluster as drawn.
#[derive(Debug, Clone, PartialEq)]
struct Item {
    cluster: Cluster,
    at: Screen,
}

/// Everything a render needs, computed from the props and the viewport.
struct Layout {
    view: Viewport,
    items: Vec<Item>,
}

/// A fanned-out group: the places and the spot they share.
#[derive(Debug, Clone, PartialEq)]
struct Spread {
    center: World,
    ids: Vec<PlaceId>,
    zoom: f64,
}

fn layout(points: &[MapPoint], view: Viewport, spread: Option<&Spread>) -> Layout {
    let world: Vec<World> = points.iter().map(|p| project(p.position)).collect();
    let spread = spread.filter(|s| (s.zoom - view.zoom).abs() < 1e-9);
    let in_spread = |p: &MapPoint| spread.is_some_and(|s| s.ids.contains(&p.id));
    let spread_members: Vec<usize> = (0..points.len())
        .filter(|&i| in_spread(&points[i]))
        .take(MAX_MARKERS / 2)
        .collect();
    // Points being fanned out are left out of the grid (others at the same spot still cluster).
    let rest: Vec<usize> = (0..points.len())
        .filter(|i| !spread_members.contains(i))
        .collect();
    let rest_world: Vec<World> = rest.iter().map(|&i| world[i]).collect();
    let mut items: Vec<Item> =
        layout_markers(&rest_world, &view, MAX_MARKERS - spread_members.len())
            .into_iter()
            .map(|mut c| {
                c.members.iter_mut().for_each(|m| *m = rest[*m]);
                Item {
                    at: view.to_screen(c.center),
                    cluster: c,
                }
            })
            .collect();
    if let (Some(s), false) = (spread, spread_members.is_empty()) {
        let hub = view.to_screen(s.center);
        for (&member, at) in spread_members
            .iter()
            .zip(spread_positions(hub, spread_members.len()))
        {
            items.push(Item {
                cluster: Cluster {
                    members: vec![member],
                    center: world[member],
                    bounds: WorldRect {
                        min: world[member],
                        max: world[member],
                    },
                },
                at,
            });
        }
    }
    Layout { view, items }
}

impl Layout {
    fn hit(&self, at: Screen) -> Option<&Item> {
        self.items
            .iter()
            .map(|item| (item, item.at.distance(at)))
            .filter(|(_, d)| *d <= HIT_RADIUS_PX)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(item, _)| item)
    }
}

/// The first view: around "you are here" when known, else every point, else every border.
fn initial_view(
    points: &[MapPoint],
    here: Option<LatLon>,
    shapes: &MapShapes,
    size: (f64, f64),
) -> Viewport {
    if let Some(here) = here.filter(LatLon::is_valid) {
        return Viewport::centered(here, HERE_ZOOM, size.0, size.1);
    }
    let rect =
        WorldRect::around(points.iter().map(|p| project(p.position))).or_else(|| shapes.bounds());
    match rect {
        Some(rect) => Viewport::fit(rect, size.0, size.1, 24.0),
        None => Viewport::centered(LatLon::new(14.0, -86.0), 4.0, size.0, size.1),
    }
}

/// Pointer state between events; kept out of signals so moves don't re-render by themselves.
#[derive(Default)]
struct Gesture {
    pointers: Vec<(i32, Screen)>,
    travel: f64,
}

fn category_colour(category: Category) -> &'static str {
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

fn category_icon(category: Category) -> &'static str {
    match category {
        Category::Shelter => include_str!("../../assets/icons/shelter.svg"),
        Category::Health => include_str!("../../assets/icons/health.svg"),
        Category::MigrationOffice => include_str!("../../assets/icons/migration_office.svg"),
        Category::BorderCrossing => include_str!("../../assets/icons/border_crossing.svg"),
        Category::ReceptionCentre => include_str!("../../assets/icons/reception_centre.svg"),
        Category::Consulate => include_str!("../../assets/icons/consulate.svg"),
        Category::HumanitarianOrg => include_str!("../../assets/icons/humanitarian_org.svg"),
        Category::LegalAid => include_str!("../../assets/icons/legal_aid.svg"),
    }
}

/// An SVG as a `url("data:…")` with no `<`, `>`, `&` or `#` left (the stylesheet is set as text).
fn svg_data_url(svg: &str, stroke: &str) -> String {
    let svg = svg.trim().replace("#111111", stroke).replace('"', "'");
    let mut encoded = String::with_capacity(svg.len() + 64);
    for c in svg.chars() {
        match c {
            '<' => encoded.push_str("%3C"),
            '>' => encoded.push_str("%3E"),
            '#' => encoded.push_str("%23"),
            '%' => encoded.push_str("%25"),
            '&' => encoded.push_str("%26"),
            '\n' | '\r' | '\t' => encoded.push(' '),
            c => encoded.push(c),
        }
    }
    format!("url(\"data:image/svg+xml,{encoded}\")")
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
";

/// The map's stylesheet: layout, and one colour and icon per category.
fn map_css() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| {
        let mut css = BASE_CSS.to_string();
        for category in Category::ALL {
            let _ = writeln!(
                css,
                ".paso-map-marker.cat-{} {{ background-color: {}; background-image: {}; }}",
                category.as_str(),
                category_colour(*category),
                svg_data_url(category_icon(*category), "#ffffff"),
            );
        }
        let _ = writeln!(
            css,
            ".paso-map-btn.locate {{ background-image: {}; }}",
            svg_data_url(include_str!("../../assets/icons/near.svg"), "#111111"),
        );
        css
    })
}

fn cluster_label(template: &str, n: usize) -> String {
    let count = n.to_string();
    // `{n}` as agreed; `{$n}` / `{ $n }` too, in case a Fluent placeholder arrives unresolved.
    for placeholder in ["{n}", "{ $n }", "{$n}"] {
        if template.contains(placeholder) {
            return template.replace(placeholder, &count);
        }
    }
    format!("{template} ({count})")
}

/// The offline map.
///
/// Tapping a marker calls `on_select` with its place; tapping a cluster zooms in on it (or fans out places
/// that share one spot); tapping empty map calls `on_pick` with the position under the pointer.
/// At most [`MAX_MARKERS`] markers and clusters are ever in the DOM.
#[component]
pub fn MapView(
    shapes: MapShapes,
    points: Vec<MapPoint>,
    here: Option<LatLon>,
    labels: MapLabels,
    on_select: EventHandler<PlaceId>,
    on_pick: EventHandler<LatLon>,
) -> Element {
    let mut size = use_signal(|| DEFAULT_SIZE);
    // `None` until the user moves the map: the view then follows the props (here, points, size).
    let mut moved_view = use_signal(|| None::<Viewport>);
    let mut spread = use_signal(|| None::<Spread>);
    // The marker or cluster under a mouse pointer (desktop): its label and where it is drawn.
    let mut hover = use_signal(|| None::<(String, Screen)>);
    let gesture = use_hook(|| Rc::new(RefCell::new(Gesture::default())));

    let (width, height) = size();
    let bounds = shapes.bounds();
    let view = moved_view()
        .map(|v| v.resized(width, height))
        .unwrap_or_else(|| initial_view(&points, here, &shapes, (width, height)))
        .clamped(bounds);
    let layout = Rc::new(layout(&points, view, spread.read().as_ref()));

    let lod = lod_for_zoom(view.zoom);
    let k = (view.zoom - f64::from(lod)).exp2();
    let origin = view.to_screen(shapes.0.origin);
    let transform = format!("matrix({k} 0 0 {k} {:.2} {:.2})", origin.x, origin.y);
    let borders: Vec<(CountryCode, &String)> = shapes
        .countries()
        .iter()
        .copied()
        .zip(shapes.paths(lod))
        .collect();
    let here_at = here
        .filter(LatLon::is_valid)
        .map(|h| view.project(h))
        .filter(|s| view.shows(*s, 16.0));

    let mut set_view = move |v: Viewport| {
        moved_view.set(Some(v.clamped(bounds)));
        if hover.peek().is_some() {
            hover.set(None);
        }
        if spread.peek().as_ref().is_some_and(|s| s.zoom != v.zoom) {
            spread.set(None);
        }
    };

    let tap_cluster = {
        let points = points.clone();
        move |item: &Item, view: Viewport| match cluster_tap(&item.cluster, &view) {
            ClusterTap::ZoomTo(v) => set_view(v),
            ClusterTap::Spread => {
                set_view(view);
                spread.set(Some(Spread {
                    center: item.cluster.center,
                    ids: item
                        .cluster
                        .members
                        .iter()
                        .map(|&i| points[i].id.clone())
                        .collect(),
                    zoom: view.zoom,
                }));
            }
        }
    };

    let onpointerdown = {
        let gesture = gesture.clone();
        move |e: Event<PointerData>| {
            let at = element_point(e.data().as_ref());
            let mut g = gesture.borrow_mut();
            if g.pointers.is_empty() {
                g.travel = 0.0;
            }
            g.pointers.retain(|(id, _)| *id != e.data().pointer_id());
            g.pointers.push((e.data().pointer_id(), at));
        }
    };
    let onpointermove = {
        let gesture = gesture.clone();
        let layout = layout.clone();
        let points = points.clone();
        let cluster_text = labels.cluster.clone();
        move |e: Event<PointerData>| {
            let id = e.data().pointer_id();
            let at = element_point(e.data().as_ref());
            let mut g = gesture.borrow_mut();
            let Some(slot) = g.pointers.iter().position(|(p, _)| *p == id) else {
                if e.data().pointer_type() == "mouse" {
                    let under = layout.hit(at).map(|item| {
                        let text = match item.cluster.members.as_slice() {
                            [one] => points[*one].label.clone(),
                            many => cluster_label(&cluster_text, many.len()),
                        };
                        (text, item.at)
                    });
                    if *hover.peek() != under {
                        hover.set(under);
                    }
                }
                return;
            };
            if hover.peek().is_some() {
                hover.set(None);
            }
            let before = g.pointers.clone();
            g.pointers[slot].1 = at;
            let after = g.pointers.clone();
            drop(g);
            let next = match (before.as_slice(), after.as_slice()) {
                ([(_, a)], [(_, b)]) => {
                    gesture.borrow_mut().travel += a.distance(*b);
                    view.panned(b.x - a.x, b.y - a.y)
                }
                ([(_, a0), (_, a1), ..], [(_, b0), (_, b1), ..]) => {
                    gesture.borrow_mut().travel += DRAG_SLOP_PX + 1.0;
                    pinch(view, (*a0, *a1), (*b0, *b1))
                }
                _ => return,
            };
            set_view(next);
        }
    };
    let release = {
        let gesture = gesture.clone();
        move |e: Event<PointerData>| {
            let id = e.data().pointer_id();
            gesture.borrow_mut().pointers.retain(|(p, _)| *p != id);
        }
    };
    let onpointerleave = {
        let release = release.clone();
        move |e: Event<PointerData>| {
            release(e);
            if hover.peek().is_some() {
                hover.set(None);
            }
        }
    };
    let onclick = {
        let gesture = gesture.clone();
        let layout = layout.clone();
        let mut tap_cluster = tap_cluster.clone();
        let ids = points_ids(&points);
        move |e: Event<MouseData>| {
            let dragged = std::mem::take(&mut gesture.borrow_mut().travel) > DRAG_SLOP_PX;
            if dragged {
                return;
            }
            let at = element_point(e.data().as_ref());
            match layout.hit(at) {
                Some(item) if item.cluster.is_single() => {
                    on_select.call(ids[item.cluster.members[0]].clone());
                }
                Some(item) => tap_cluster(item, layout.view),
                None => on_pick.call(layout.view.latlon_at(at)),
            }
        }
    };
    let onwheel = move |e: Event<WheelData>| {
        e.prevent_default();
        let step = match e.data().delta() {
            dioxus::html::geometry::WheelDelta::Pixels(d) => -d.y / 200.0,
            dioxus::html::geometry::WheelDelta::Lines(d) => -d.y / 6.0,
            dioxus::html::geometry::WheelDelta::Pages(d) => -d.y,
        };
        let at = element_point(e.data().as_ref());
        set_view(view.zoomed_at(at, view.zoom + step.clamp(-1.0, 1.0)));
    };
    let onkeydown = move |e: Event<KeyboardData>| {
        let next = match e.key() {
            Key::ArrowLeft => view.panned(64.0, 0.0),
            Key::ArrowRight => view.panned(-64.0, 0.0),
            Key::ArrowUp => view.panned(0.0, 64.0),
            Key::ArrowDown => view.panned(0.0, -64.0),
            Key::Character(c) if c == "+" || c == "=" => {
                view.zoomed_at(middle(&view), view.zoom + 1.0)
            }
            Key::Character(c) if c == "-" => view.zoomed_at(middle(&view), view.zoom - 1.0),
            _ => return,
        };
        e.prevent_default();
        set_view(next);
    };

    let ids = points_ids(&points);
    rsx! {
        div {
            class: if hover.read().is_some() { "paso-map pointing" } else { "paso-map" },
            role: "region",
            aria_label: "{labels.map}",
            tabindex: "0",
            onresize: move |e: Event<ResizeData>| {
                if let Ok(s) = e.data().get_content_box_size() {
                    if s.width > 0.0 && s.height > 0.0 && *size.peek() != (s.width, s.height) {
                        size.set((s.width, s.height));
                    }
                }
            },
            onmounted: move |e: Event<MountedData>| async move {
                if let Ok(rect) = e.data().get_client_rect().await {
                    if rect.width() > 0.0 && rect.height() > 0.0 {
                        size.set((rect.width(), rect.height()));
                    }
                }
            },
            onpointerdown,
            onpointermove,
            onpointerup: release.clone(),
            onpointercancel: release.clone(),
            onpointerleave,
            onclick,
            onwheel,
            onkeydown,
            style { {map_css()} }
            div { class: "paso-map-controls",
                button {
                    r#type: "button",
                    class: "paso-map-btn zoom-in",
                    aria_label: "{labels.zoom_in}",
                    title: "{labels.zoom_in}",
                    onclick: move |e: Event<MouseData>| {
                        e.stop_propagation();
                        set_view(view.zoomed_at(middle(&view), view.zoom.floor() + 1.0));
                    },
                    "+"
                }
                button {
                    r#type: "button",
                    class: "paso-map-btn zoom-out",
                    aria_label: "{labels.zoom_out}",
                    title: "{labels.zoom_out}",
                    onclick: move |e: Event<MouseData>| {
                        e.stop_propagation();
                        set_view(view.zoomed_at(middle(&view), view.zoom.ceil() - 1.0));
                    },
                    "−"
                }
                if let Some(here) = here.filter(LatLon::is_valid) {
                    button {
                        r#type: "button",
                        class: "paso-map-btn locate",
                        aria_label: "{labels.you_are_here}",
                        title: "{labels.you_are_here}",
                        onclick: move |e: Event<MouseData>| {
                            e.stop_propagation();
                            set_view(Viewport::centered(here, view.zoom.max(HERE_ZOOM), view.width, view.height));
                        },
                    }
                }
            }
            svg {
                class: "paso-map-svg",
                xmlns: "http://www.w3.org/2000/svg",
                view_box: "0 0 {width} {height}",
                g { transform: "{transform}", "aria-hidden": "true",
                    for (code, d) in borders {
                        path {
                            key: "{code}",
                            class: if ROUTE_COUNTRIES.contains(&code.as_str()) { "paso-map-land route" } else { "paso-map-land" },
                            vector_effect: "non-scaling-stroke",
                            d: "{d}",
                        }
                    }
                }
            }
            // "You are here": the dot under the markers, a ring above them (a place at the same spot must
            // not hide it, nor be hidden).
            if let Some(at) = here_at {
                svg {
                    class: "paso-map-svg",
                    xmlns: "http://www.w3.org/2000/svg",
                    view_box: "0 0 {width} {height}",
                    "aria-hidden": "true",
                    g { transform: "translate({at.x:.1} {at.y:.1})",
                        circle { class: "paso-map-here-halo", r: "18" }
                        circle { class: "paso-map-here-dot", r: "8" }
                    }
                }
            }
            for item in layout.items.iter().cloned() {
                if item.cluster.is_single() {
                    {
                        let point = &points[item.cluster.members[0]];
                        let id = ids[item.cluster.members[0]].clone();
                        let class = format!(
                            "paso-map-marker cat-{}{}{}",
                            point.category.as_str(),
                            if point.closed { " closed" } else { "" },
                            if point.approximate { " approximate" } else { "" },
                        );
                        rsx! {
                            button {
                                key: "{id}",
                                r#type: "button",
                                class: "{class}",
                                style: "left:{item.at.x:.1}px;top:{item.at.y:.1}px",
                                aria_label: "{point.label}",
                                title: "{point.label}",
                                onclick: move |e: Event<MouseData>| {
                                    e.stop_propagation();
                                    on_select.call(id.clone());
                                },
                            }
                        }
                    }
                } else {
                    {
                        let n = item.cluster.members.len();
                        let label = cluster_label(&labels.cluster, n);
                        let key = format!("c{}", ids[item.cluster.members[0]]);
                        let mut tap_cluster = tap_cluster.clone();
                        rsx! {
                            button {
                                key: "{key}",
                                r#type: "button",
                                class: "paso-map-cluster",
                                style: "left:{item.at.x:.1}px;top:{item.at.y:.1}px",
                                aria_label: "{label}",
                                title: "{label}",
                                onclick: move |e: Event<MouseData>| {
                                    e.stop_propagation();
                                    tap_cluster(&item, view);
                                },
                                "{n}"
                            }
                        }
                    }
                }
            }

            if let Some(at) = here_at {
                svg {
                    class: "paso-map-svg paso-map-top",
                    xmlns: "http://www.w3.org/2000/svg",
                    view_box: "0 0 {width} {height}",
                    g {
                        class: "paso-map-here",
                        role: "img",
                        "aria-label": "{labels.you_are_here}",
                        transform: "translate({at.x:.1} {at.y:.1})",
                        circle { class: "paso-map-here-ring", r: "25" }
                    }
                }
            }
            if let Some((text, at)) = hover() {
                div {
                    class: "paso-map-tip",
                    "aria-hidden": "true",
                    style: "left:{at.x:.1}px;top:{at.y:.1}px",
                    "{text}"
                }
            }
        }
    }
}

fn points_ids(points: &[MapPoint]) -> Vec<PlaceId> {
    points.iter().map(|p| p.id.clone()).collect()
}

fn middle(view: &Viewport) -> Screen {
    Screen {
        x: view.width / 2.0,
        y: view.height / 2.0,
    }
}

fn element_point(data: &impl InteractionElementOffset) -> Screen {
    let p = data.element_coordinates();
    Screen { x: p.x, y: p.y }
}

/// The view after two pointers moved from `before` to `after`: zoom by the change in their distance around
/// their old midpoint, then follow the midpoint.
pub fn pinch(view: Viewport, before: (Screen, Screen), after: (Screen, Screen)) -> Viewport {
    let d0 = before.0.distance(before.1).max(1.0);
    let d1 = after.0.distance(after.1).max(1.0);
    let m0 = before.0.midpoint(before.1);
    let m1 = after.0.midpoint(after.1);
    view.zoomed_at(m0, view.zoom + (d1 / d0).log2())
        .panned(m1.x - m0.x, m1.y - m0.y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    fn random_points(n: usize, seed: u64) -> Vec<World> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        (0..n)
            .map(|_| {
                project(LatLon::new(
                    rng.gen_range(5.0..25.0),
                    rng.gen_range(-95.0..-75.0),
                ))
            })
            .collect()
    }

    fn phone_view(points: &[World]) -> Viewport {
        Viewport::fit(
            WorldRect::around(points.iter().copied()).unwrap(),
            360.0,
            640.0,
            24.0,
        )
    }

    #[test]
    fn projection_round_trips() {
        for (lat, lon) in [
            (0.0, 0.0),
            (14.9054, -92.2589),
            (8.43, -77.3),
            (32.7, -117.1),
            (-33.9, 151.2),
        ] {
            let back = unproject(project(LatLon::new(lat, lon)));
            assert!(
                close(back.lat, lat, 1e-9) && close(back.lon, lon, 1e-9),
                "{lat},{lon} -> {back:?}"
            );
        }
        assert_eq!(project(LatLon::new(0.0, 0.0)), World { x: 0.5, y: 0.5 });
        // North is up: a northern point is higher on screen.
        assert!(project(LatLon::new(20.0, -90.0)).y < project(LatLon::new(10.0, -90.0)).y);
    }

    #[test]
    fn screen_and_world_round_trip_and_the_centre_is_in_the_middle() {
        let view = Viewport::centered(LatLon::new(9.93, -84.08), 7.3, 390.0, 700.0);
        let middle = view.project(LatLon::new(9.93, -84.08));
        assert!(
            close(middle.x, 195.0, 1e-6) && close(middle.y, 350.0, 1e-6),
            "{middle:?}"
        );
        let at = Screen { x: 12.5, y: 600.0 };
        let there = view.to_screen(view.to_world(at));
        assert!(close(there.x, at.x, 1e-6) && close(there.y, at.y, 1e-6));
        let position = view.latlon_at(at);
        let again = view.project(position);
        assert!(close(again.x, at.x, 1e-6) && close(again.y, at.y, 1e-6));
    }

    #[test]
    fn panning_moves_the_map_with_the_pointer_and_zooming_keeps_the_anchor() {
        let view = Viewport::centered(LatLon::new(14.9, -92.26), 9.0, 360.0, 640.0);
        let tapachula = LatLon::new(14.9054, -92.2589);
        let before = view.project(tapachula);
        let after = view.panned(30.0, -12.0).project(tapachula);
        assert!(close(after.x - before.x, 30.0, 1e-6) && close(after.y - before.y, -12.0, 1e-6));

        let anchor = Screen { x: 40.0, y: 500.0 };
        let under = view.latlon_at(anchor);
        let zoomed = view.zoomed_at(anchor, 12.5);
        assert_eq!(zoomed.zoom, 12.5);
        let still = zoomed.project(under);
        assert!(
            close(still.x, anchor.x, 1e-6) && close(still.y, anchor.y, 1e-6),
            "{still:?}"
        );
        assert_eq!(view.zoomed_at(anchor, 99.0).zoom, MAX_ZOOM);
        assert_eq!(view.zoomed_at(anchor, -5.0).zoom, MIN_ZOOM);
    }

    #[test]
    fn pinching_apart_to_twice_the_distance_zooms_in_one_step() {
        let view = Viewport::centered(LatLon::new(9.0, -79.5), 8.0, 360.0, 640.0);
        let a = (Screen { x: 150.0, y: 300.0 }, Screen { x: 210.0, y: 300.0 });
        let b = (Screen { x: 120.0, y: 300.0 }, Screen { x: 240.0, y: 300.0 });
        let pinched = pinch(view, a, b);
        assert!(close(pinched.zoom, 9.0, 1e-9), "{}", pinched.zoom);
        // The point between the fingers stays between them.
        let under = view.latlon_at(Screen { x: 180.0, y: 300.0 });
        let still = pinched.project(under);
        assert!(close(still.x, 180.0, 1e-6) && close(still.y, 300.0, 1e-6));
    }

    #[test]
    fn fitting_shows_every_corner() {
        let points = random_points(200, 1);
        let view = phone_view(&points);
        for p in &points {
            assert!(view.shows(view.to_screen(*p), 0.0), "{p:?} is off the map");
        }
        let clamped = view
            .panned(1e6, 1e6)
            .clamped(WorldRect::around(points.iter().copied()));
        assert!(view.shows(clamped.to_screen(clamped.center), 0.0));
    }

    #[test]
    fn clustering_keeps_every_shown_point_exactly_once() {
        let points = random_points(2_000, 7);
        for view in [
            phone_view(&points),
            phone_view(&points).zoomed_at(Screen { x: 100.0, y: 200.0 }, 7.0),
            Viewport::centered(LatLon::new(15.0, -90.0), 12.0, 360.0, 640.0),
        ] {
            let clusters = cluster_points(&points, &view, CELL_PX);
            let mut seen: Vec<usize> = clusters.iter().flat_map(|c| c.members.clone()).collect();
            seen.sort_unstable();
            let shown: Vec<usize> = (0..points.len())
                .filter(|&i| view.shows(view.to_screen(points[i]), HIT_RADIUS_PX))
                .collect();
            assert_eq!(seen, shown, "at zoom {}", view.zoom);
            for c in &clusters {
                for &m in &c.members {
                    let p = points[m];
                    assert!(p.x >= c.bounds.min.x && p.x <= c.bounds.max.x);
                    assert!(p.y >= c.bounds.min.y && p.y <= c.bounds.max.y);
                }
            }
        }
        // With the whole region in view, every point is kept.
        let all: usize = cluster_points(&points, &phone_view(&points), CELL_PX)
            .iter()
            .map(|c| c.members.len())
            .sum();
        assert_eq!(all, points.len());
    }

    #[test]
    fn the_number_of_markers_is_bounded_even_in_a_big_window() {
        let points = random_points(2_000, 3);
        for (w, h) in [(360.0, 640.0), (1920.0, 1080.0), (3840.0, 2160.0)] {
            let view = Viewport::fit(
                WorldRect::around(points.iter().copied()).unwrap(),
                w,
                h,
                0.0,
            );
            let clusters = layout_markers(&points, &view, MAX_MARKERS);
            assert!(
                clusters.len() <= MAX_MARKERS,
                "{} at {w}x{h}",
                clusters.len()
            );
            assert_eq!(
                clusters.iter().map(|c| c.members.len()).sum::<usize>(),
                points.len()
            );
        }
    }

    #[test]
    fn markers_and_clusters_do_not_cover_each_other() {
        let points = random_points(2_000, 9);
        for view in [
            phone_view(&points),
            Viewport::centered(LatLon::new(15.0, -85.0), 7.0, 360.0, 640.0),
        ] {
            let items = layout_markers(&points, &view, MAX_MARKERS);
            for (i, a) in items.iter().enumerate() {
                for b in &items[i + 1..] {
                    let d = view.to_screen(a.center).distance(view.to_screen(b.center));
                    assert!(d >= MIN_GAP_PX, "{d} px apart at zoom {}", view.zoom);
                }
            }
            let shown = (0..points.len())
                .filter(|&i| view.shows(view.to_screen(points[i]), HIT_RADIUS_PX))
                .count();
            assert_eq!(items.iter().map(|c| c.members.len()).sum::<usize>(), shown);
        }
    }

    #[test]
    fn a_tap_on_a_marker_hits_it_and_a_tap_beside_it_does_not() {
        let points = random_points(300, 11);
        let view = Viewport::centered(LatLon::new(15.0, -85.0), 9.0, 360.0, 640.0);
        let clusters = layout_markers(&points, &view, MAX_MARKERS);
        let single = clusters
            .iter()
            .position(Cluster::is_single)
            .expect("a single marker");
        let at = view.to_screen(clusters[single].center);
        assert_eq!(hit_test(&clusters, &view, at), Some(single));
        let near = Screen {
            x: at.x + 20.0,
            y: at.y,
        };
        assert!(hit_test(&clusters, &view, near).is_some());
        assert_eq!(
            hit_test(
                &clusters,
                &view,
                Screen {
                    x: -500.0,
                    y: -500.0
                }
            ),
            None
        );
    }

    #[test]
    fn tapping_a_cluster_zooms_in_until_it_splits_or_fans_out_a_shared_spot() {
        let points = random_points(2_000, 5);
        let view = phone_view(&points);
        let clusters = layout_markers(&points, &view, MAX_MARKERS);
        let big = clusters.iter().max_by_key(|c| c.members.len()).unwrap();
        let ClusterTap::ZoomTo(zoomed) = cluster_tap(big, &view) else {
            panic!("a cluster of distinct points must zoom");
        };
        assert!(zoomed.zoom >= view.zoom + 1.0);
        let members: Vec<World> = big.members.iter().map(|&i| points[i]).collect();
        let split = layout_markers(&members, &zoomed, MAX_MARKERS);
        assert!(split.len() > 1, "the cluster did not split");
        assert_eq!(
            split.iter().map(|c| c.members.len()).sum::<usize>(),
            members.len()
        );

        let town = project(LatLon::new(14.9054, -92.2589));
        let same = vec![town; 12];
        let together = layout_markers(
            &same,
            &Viewport::centered(LatLon::new(14.9, -92.26), 12.0, 360.0, 640.0),
            MAX_MARKERS,
        );
        assert_eq!(together.len(), 1);
        assert_eq!(cluster_tap(&together[0], &view), ClusterTap::Spread);
        let hub = Screen { x: 100.0, y: 100.0 };
        for n in [2, 12, MAX_MARKERS / 2] {
            let fanned = spread_positions(hub, n);
            assert_eq!(fanned.len(), n);
            for (i, a) in fanned.iter().enumerate() {
                assert!(a.distance(hub) >= 30.0, "the centre stays free");
                for b in &fanned[i + 1..] {
                    assert!(
                        a.distance(*b) >= 36.0,
                        "fanned markers overlap: {a:?} {b:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn outlines_get_simpler_as_the_map_zooms_out() {
        assert!(tolerance_for_lod(3) > tolerance_for_lod(8));
        assert_eq!(lod_for_zoom(0.0), MIN_LOD);
        assert_eq!(lod_for_zoom(6.4), 6);
        assert_eq!(lod_for_zoom(15.0), MAX_LOD);
        // A square with a wiggly edge and a tiny island.
        let mut ring: Vec<String> = vec!["[-90,10]".into()];
        for i in 0..=100 {
            let lon = -90.0 + f64::from(i) * 0.1;
            let lat = 15.0 + if i % 2 == 0 { 0.0 } else { 0.001 };
            ring.push(format!("[{lon},{lat}]"));
        }
        ring.extend(["[-80,10]".to_string(), "[-90,10]".to_string()]);
        let geometry = format!(
            r#"{{"type":"MultiPolygon","coordinates":[[[{}]],[[[-85,5],[-84.99,5],[-84.99,5.01],[-85,5]]]]}}"#,
            ring.join(",")
        );
        let shapes = prepare_shapes(&[(CountryCode::parse("CR").unwrap(), geometry)]);
        assert_eq!(shapes.countries().len(), 1);
        let coarse = &shapes.paths(3)[0];
        let fine = &shapes.paths(MAX_LOD)[0];
        assert_eq!(
            coarse.matches('M').count(),
            1,
            "the island is dropped when tiny: {coarse}"
        );
        assert_eq!(
            fine.matches('M').count(),
            2,
            "the island is drawn when zoomed in"
        );
        assert!(coarse.len() < 40, "{coarse}");
        assert!(fine.len() > coarse.len());
        assert!(
            prepare_shapes(&[(CountryCode::parse("CR").unwrap(), "not json".into())])
                .countries()
                .is_empty()
        );
    }

    // ---- headless renders against the real default bundle ----

    fn labels() -> MapLabels {
        MapLabels {
            zoom_in: "Acercar".into(),
            zoom_out: "Alejar".into(),
            you_are_here: "Estás aquí".into(),
            cluster: "{n} lugares".into(),
            map: "Mapa".into(),
        }
    }

    fn mapped_points(catalog: &Catalog) -> Vec<MapPoint> {
        catalog
            .places()
            .iter()
            .filter_map(|p| MapPoint::from_place(p, p.names.get("es").to_string()))
            .collect()
    }

    #[derive(Props, Clone, PartialEq)]
    struct HarnessProps {
        shapes: MapShapes,
        points: Vec<MapPoint>,
        here: Option<LatLon>,
    }

    #[allow(non_snake_case)]
    fn Harness(props: HarnessProps) -> Element {
        rsx! {
            MapView {
                shapes: props.shapes,
                points: props.points,
                here: props.here,
                labels: labels(),
                on_select: |_| {},
                on_pick: |_| {},
            }
        }
    }

    fn render(shapes: MapShapes, points: Vec<MapPoint>, here: Option<LatLon>) -> String {
        let mut dom = VirtualDom::new_with_props(
            Harness,
            HarnessProps {
                shapes,
                points,
                here,
            },
        );
        dom.rebuild_in_place();
        dioxus_ssr::render(&dom)
    }

    /// The numbers shown by clusters plus the single markers.
    fn places_drawn(html: &str) -> usize {
        let singles = html.matches("class=\"paso-map-marker ").count();
        let clustered: usize = html
            .split("class=\"paso-map-cluster\"")
            .skip(1)
            .map(|rest| {
                let after = &rest[rest.find('>').unwrap() + 1..];
                after[..after.find('<').unwrap()].parse::<usize>().unwrap()
            })
            .sum();
        singles + clustered
    }

    #[test]
    fn the_whole_region_renders_with_borders_and_few_elements() {
        let catalog = Catalog::open_default().unwrap();
        let borders = catalog
            .borders(crate::catalog::BorderScale::Medium)
            .unwrap();
        let shapes = prepare_shapes(&borders);
        assert_eq!(shapes.countries().len(), borders.len());
        let points = mapped_points(&catalog);
        assert!(points.len() > 1_500, "{}", points.len());
        let html = render(shapes, points.clone(), None);
        assert!(html.contains("<svg"), "no svg");
        assert_eq!(html.matches("<path").count(), borders.len());
        assert!(html.contains("class=\"paso-map-land route\""));
        let items = html.matches("class=\"paso-map-marker ").count()
            + html.matches("class=\"paso-map-cluster\"").count();
        assert!(
            items > 1 && items <= MAX_MARKERS,
            "{items} markers and clusters"
        );
        assert_eq!(
            places_drawn(&html),
            points.len(),
            "every place is in a marker or a cluster"
        );
        assert!(html.contains("aria-label=\"Acercar\"") && html.contains("aria-label=\"Alejar\""));
        assert!(html.contains("lugares\""), "cluster labels say their count");
        assert!(!html.contains("{n}"));
        assert!(
            !html.contains("class=\"paso-map-here\""),
            "no 'you are here' without a position"
        );
        assert!(!html.contains("http") || !html.contains("tile"), "no tiles");
        let elements = html.matches('<').count() - html.matches("</").count();
        assert!(elements < 2 * MAX_MARKERS + 40, "{elements} elements");
        let path_bytes: usize = html
            .split(" d=\"")
            .skip(1)
            .map(|p| p.find('"').unwrap())
            .sum();
        eprintln!("whole region: {items} markers and clusters, {elements} elements, {path_bytes} bytes of path data, {} bytes of HTML", html.len());
    }

    #[test]
    fn real_borders_and_places_stay_small_at_every_zoom_and_window_size() {
        let catalog = Catalog::open_default().unwrap();
        let shapes = prepare_shapes(
            &catalog
                .borders(crate::catalog::BorderScale::Medium)
                .unwrap(),
        );
        let mut sizes = Vec::new();
        for lod in MIN_LOD..=MAX_LOD {
            let bytes: usize = shapes.paths(lod).iter().map(String::len).sum();
            sizes.push(bytes);
            assert!(bytes < 64 * 1024, "outline level {lod}: {bytes} bytes");
        }
        assert!(sizes.windows(2).all(|w| w[0] <= w[1]), "{sizes:?}");
        let world: Vec<World> = mapped_points(&catalog)
            .iter()
            .map(|p| project(p.position))
            .collect();
        let rect = WorldRect::around(world.iter().copied()).unwrap();
        let mut counts = Vec::new();
        for (w, h) in [
            (360.0, 480.0),
            (390.0, 700.0),
            (1280.0, 800.0),
            (1920.0, 1080.0),
        ] {
            let view = Viewport::fit(rect, w, h, 24.0);
            let items = layout_markers(&world, &view, MAX_MARKERS);
            assert!(items.len() <= MAX_MARKERS);
            assert_eq!(
                items.iter().map(|c| c.members.len()).sum::<usize>(),
                world.len()
            );
            counts.push((w, h, items.len()));
        }
        eprintln!("outline bytes per level {MIN_LOD}..={MAX_LOD}: {sizes:?}; whole region items per window: {counts:?}");
    }

    #[test]
    fn you_are_here_is_drawn_and_the_map_opens_around_it() {
        let catalog = Catalog::open_default().unwrap();
        let shapes = prepare_shapes(
            &catalog
                .borders(crate::catalog::BorderScale::Medium)
                .unwrap(),
        );
        let tapachula = LatLon::new(14.9054, -92.2589);
        let html = render(shapes, mapped_points(&catalog), Some(tapachula));
        assert!(
            html.contains("class=\"paso-map-here\" role=\"img\" aria-label=\"Estás aquí\""),
            "no here marker: {html}"
        );
        assert!(
            html.contains("aria-label=\"Estás aquí\""),
            "the locate button is labelled"
        );
        let (w, h) = DEFAULT_SIZE;
        assert!(
            html.contains(&format!("translate({:.1} {:.1})", w / 2.0, h / 2.0)),
            "here is in the middle"
        );
        let items = html.matches("class=\"paso-map-marker ").count()
            + html.matches("class=\"paso-map-cluster\"").count();
        assert!((1..=MAX_MARKERS).contains(&items), "{items}");
    }

    #[test]
    fn markers_show_category_state_and_escape_their_labels() {
        let shapes = prepare_shapes(&[]);
        let point = |id: &str, lat: f64, category, closed, approximate| MapPoint {
            id: PlaceId(id.into()),
            position: LatLon::new(lat, -84.0),
            category,
            closed,
            approximate,
            label: format!("<script>alert('{id}')</script>"),
        };
        let html = render(
            shapes,
            vec![
                point("a", 9.0, Category::Shelter, true, false),
                point("b", 10.0, Category::Health, false, true),
            ],
            None,
        );
        assert!(
            html.contains("paso-map-marker cat-shelter closed"),
            "{html}"
        );
        assert!(html.contains("paso-map-marker cat-health approximate"));
        assert!(
            !html.contains("<script>"),
            "{}",
            &html[html.find("<script>").unwrap().saturating_sub(200)..]
        );
        assert!(html.contains("&#60;script&#62;alert"), "{html}");
    }
}
