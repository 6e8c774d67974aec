//! Markers and clusters: a world-fixed grid groups the points in view into at most [`MAX_MARKERS`]
//! items, close groups merge so markers never cover each other, taps hit the nearest item, and places
//! sharing one spot fan out. Pure functions, no UI; [`layout`] turns them into what one render draws.

use super::labels::{view_labels, LabelBox, MapTown, PlacedLabel};
use super::shapes::MapShapes;
use super::viewport::project;
use super::viewport::{Screen, Viewport, World, WorldRect, MAX_ZOOM, TILE_PX};
use crate::catalog::PlaceBrief;
use crate::model::CountryCode;
use crate::model::{Category, LatLon, LocationPrecision, PlaceId};
use std::collections::HashMap;
use std::rc::Rc;

/// At most this many markers and clusters are rendered, whatever the zoom and the window size.
pub const MAX_MARKERS: usize = 150;
/// Side of a clustering cell, in screen pixels (before it grows to respect [`MAX_MARKERS`]).
pub const CELL_PX: f64 = 56.0;
/// A tap this close to a marker's centre (screen pixels) hits it: a 48 px target.
pub const HIT_RADIUS_PX: f64 = 24.0;
/// Pointer travel (screen pixels) after which a press is a drag, not a tap.
pub const DRAG_SLOP_PX: f64 = 8.0;

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

/// One marker or cluster as drawn.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Item {
    pub(super) cluster: Cluster,
    pub(super) at: Screen,
}

/// Everything a render needs, computed from the props and the viewport.
pub(super) struct Layout {
    pub(super) view: Viewport,
    pub(super) items: Vec<Item>,
}

/// A fanned-out group: the places and the spot they share.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Spread {
    pub(super) center: World,
    pub(super) ids: Vec<PlaceId>,
    pub(super) zoom: f64,
}

/// Lays out one render: `world` and `ids` are the points' projected positions and ids, in the same order
/// (computed once per point list, see [`Prepared`]).
pub(super) fn layout(
    world: &[World],
    ids: &[PlaceId],
    view: Viewport,
    spread: Option<&Spread>,
) -> Layout {
    let spread = spread.filter(|s| (s.zoom - view.zoom).abs() < 1e-9);
    let spread_members: Vec<usize> = match spread {
        Some(s) => (0..ids.len())
            .filter(|&i| s.ids.contains(&ids[i]))
            .take(MAX_MARKERS / 2)
            .collect(),
        None => Vec::new(),
    };
    // Points being fanned out are left out of the grid (others at the same spot still cluster).
    let rest: Vec<usize> = (0..world.len())
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
    pub(super) fn hit(&self, at: Screen) -> Option<&Item> {
        self.items
            .iter()
            .map(|item| (item, item.at.distance(at)))
            .filter(|(_, d)| *d <= HIT_RADIUS_PX)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(item, _)| item)
    }
}

/// The work done once per point list, not on every render: projected positions and ids (same order as the
/// points), and the last marker layout with the view and fan-out it was made for.
#[derive(Default)]
pub(super) struct Prepared {
    points: Option<Rc<[MapPoint]>>,
    pub(super) world: Rc<[World]>,
    pub(super) ids: Rc<[PlaceId]>,
    last: Option<(Viewport, Option<Spread>, Rc<Layout>)>,
    /// The last labels, with the view and the (pointers of the) town and name lists they were made for.
    labels: Option<(Viewport, usize, usize, Rc<[PlacedLabel]>)>,
}

impl Prepared {
    /// Positions and ids of `points`, recomputed only when the list itself changed.
    pub(super) fn refresh(&mut self, points: &Rc<[MapPoint]>) {
        if self.points.as_ref().is_some_and(|p| Rc::ptr_eq(p, points)) {
            return;
        }
        self.world = points.iter().map(|p| project(p.position)).collect();
        self.ids = points.iter().map(|p| p.id.clone()).collect();
        self.points = Some(points.clone());
        self.last = None;
    }

    /// The marker layout for a view, reused while neither the view nor the fan-out changed.
    pub(super) fn layout(&mut self, view: Viewport, spread: Option<&Spread>) -> Rc<Layout> {
        if let Some((v, s, layout)) = &self.last {
            if *v == view && s.as_ref() == spread {
                return layout.clone();
            }
        }
        let made = Rc::new(layout(&self.world, &self.ids, view, spread));
        self.last = Some((view, spread.cloned(), made.clone()));
        made
    }

    /// The town, city and country labels for a view, reused while the view and the lists are the same.
    pub(super) fn labels(
        &mut self,
        view: Viewport,
        shapes: &MapShapes,
        names: &Rc<[(CountryCode, String)]>,
        towns: &Rc<[MapTown]>,
        obstacles: &[LabelBox],
    ) -> Rc<[PlacedLabel]> {
        let key = (
            Rc::as_ptr(names) as *const () as usize,
            Rc::as_ptr(towns) as *const () as usize,
        );
        if let Some((v, n, t, labels)) = &self.labels {
            if *v == view && (*n, *t) == key {
                return labels.clone();
            }
        }
        let made: Rc<[PlacedLabel]> = view_labels(&view, shapes, names, towns, obstacles).into();
        self.labels = Some((view, key.0, key.1, made.clone()));
        made
    }
}
