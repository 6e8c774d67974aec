//! The map's geometry: Web Mercator projection, the viewport (centre, zoom, size), its pan, zoom and fit
//! arithmetic, and the pinch gesture. Pure functions, no UI.
//!
//! # Units
//! *World* coordinates are Web Mercator scaled to `0 ≤ x, y ≤ 1` (x grows east, y grows south).
//! *Screen* coordinates are CSS pixels from the map's top-left corner. Zoom `z` draws the world
//! `256 · 2^z` pixels wide, as map tiles do.

use super::shapes::MapShapes;
use crate::model::LatLon;

/// The farthest the map zooms out.
pub const MIN_ZOOM: f64 = 2.0;
/// The farthest the map zooms in (a few streets across).
pub const MAX_ZOOM: f64 = 16.0;
/// The zoom used when the map opens on "you are here" (about 25 km across on a phone).
pub const HERE_ZOOM: f64 = 11.0;
/// The size assumed before the map has been measured (and in headless renders).
pub const DEFAULT_SIZE: (f64, f64) = (360.0, 480.0);

pub(super) const TILE_PX: f64 = 256.0;
/// Mercator's latitude limit.
const MAX_LAT: f64 = 85.051_128_779_806_59;

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
    pub(super) fn distance(self, other: Screen) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }

    pub(super) fn midpoint(self, other: Screen) -> Screen {
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

    pub(super) fn including(self, w: World) -> Self {
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

    pub(super) fn center(&self) -> World {
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

    /// The middle of the drawing area.
    pub fn middle(&self) -> Screen {
        Screen {
            x: self.width / 2.0,
            y: self.height / 2.0,
        }
    }

    /// True when a screen point is on the map or within `margin` pixels of its edges.
    pub fn shows(&self, screen: Screen, margin: f64) -> bool {
        screen.x >= -margin
            && screen.y >= -margin
            && screen.x <= self.width + margin
            && screen.y <= self.height + margin
    }
}

/// Room left around "you are here" and the nearest results when the map opens on them (screen pixels):
/// a marker, its label and the controls fit.
pub const FIT_PADDING_PX: f64 = 64.0;
/// The map never opens closer than this on "you are here" and the nearest results: [`HERE_ZOOM`], about
/// 25 km across on a phone, so the towns around are named too.
pub const FIT_MAX_ZOOM: f64 = HERE_ZOOM;

/// The first view: "you are here" and the nearest results (`fit`) when both are known; around "you are
/// here" when no result is; else every point, else every border.
pub fn initial_view(
    world: &[World],
    here: Option<LatLon>,
    fit: &[LatLon],
    shapes: &MapShapes,
    size: (f64, f64),
) -> Viewport {
    if let Some(here) = here.filter(LatLon::is_valid) {
        let around = fit.iter().copied().filter(LatLon::is_valid).map(project);
        return match WorldRect::around(std::iter::once(project(here)).chain(around)) {
            Some(rect) if !fit.is_empty() => {
                let fitted = Viewport::fit(rect, size.0, size.1, FIT_PADDING_PX);
                Viewport {
                    zoom: fitted.zoom.min(FIT_MAX_ZOOM),
                    ..fitted
                }
            }
            _ => Viewport::centered(here, HERE_ZOOM, size.0, size.1),
        };
    }
    let rect = WorldRect::around(world.iter().copied()).or_else(|| shapes.bounds());
    match rect {
        Some(rect) => Viewport::fit(rect, size.0, size.1, 24.0),
        None => Viewport::centered(LatLon::new(14.0, -86.0), 4.0, size.0, size.1),
    }
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
