//! The offline map: country borders from the bundle drawn as SVG, place markers by category, clusters when
//! zoomed out, "you are here", pan and zoom by buttons, drag, pinch, wheel and keys. No tiles, no network.
//!
//! The pure parts live beside this file and are tested in `tests.rs`: [`viewport`] (projection, viewport
//! arithmetic, pinch), [`shapes`] (borders simplified per zoom), [`cluster`] (grid clustering, merging,
//! hit-testing, fanning out), [`labels`] (the map's words) and [`style`] (its stylesheet). [`MapView`]
//! only wires them to events and elements, and keeps the per-point work out of the render: positions
//! and ids are computed once per point list, the marker layout once per view.
//!
//! # Units
//! *World* coordinates are Web Mercator scaled to `0 ≤ x, y ≤ 1` (x grows east, y grows south).
//! *Screen* coordinates are CSS pixels from the map's top-left corner. Zoom `z` draws the world
//! `256 · 2^z` pixels wide, as map tiles do.

pub mod cluster;
pub mod labels;
pub mod shapes;
pub mod style;
pub mod viewport;

#[cfg(test)]
mod tests;

pub use cluster::{
    cluster_points, cluster_tap, hit_test, layout_markers, merge_close, spread_positions, Cluster,
    ClusterTap, MapPoint, CELL_PX, DRAG_SLOP_PX, HIT_RADIUS_PX, MAX_MARKERS, MIN_GAP_PX,
};
pub use labels::{
    place_labels, scale_bar, LabelBox, LabelKind, MapLabels, MapTown, PlacedLabel, ScaleBar,
};
pub use shapes::{lod_for_zoom, prepare_shapes, tolerance_for_lod, MapShapes};
pub use viewport::{
    initial_view, pinch, project, unproject, Screen, Viewport, World, WorldRect, DEFAULT_SIZE,
    FIT_MAX_ZOOM, FIT_PADDING_PX, HERE_ZOOM, MAX_ZOOM, MIN_ZOOM,
};

use crate::model::{CountryCode, LatLon, PlaceId, ROUTE_COUNTRIES};
use cluster::{Item, Prepared, Spread};
use dioxus::prelude::*;
use labels::{cluster_label, Legend, MapTownLabels, ScaleBarView};
use std::cell::RefCell;
use std::rc::Rc;
use style::map_css;

/// Pointer state between events; kept out of signals so moves don't re-render by themselves.
#[derive(Default)]
struct Gesture {
    pointers: Vec<(i32, Screen)>,
    travel: f64,
}

/// The offline map.
///
/// Tapping a marker calls `on_select` with its place; tapping a cluster zooms in on it (or fans out places
/// that share one spot); tapping empty map calls `on_pick` with the position under the pointer.
/// At most [`MAX_MARKERS`] markers and clusters are ever in the DOM.
///
/// It opens on `here` and the `fit` positions (the nearest results); names towns from `towns` (most
/// populous first) and countries from `country_names`; draws an accuracy ring of `here_accuracy_m`
/// metres around "you are here" when that is approximate; and shows a scale bar and a legend.
#[component]
pub fn MapView(
    shapes: MapShapes,
    points: Rc<[MapPoint]>,
    here: Option<LatLon>,
    labels: MapLabels,
    on_select: EventHandler<PlaceId>,
    on_pick: EventHandler<LatLon>,
    #[props(default)] fit: Rc<[LatLon]>,
    #[props(default)] towns: Rc<[MapTown]>,
    #[props(default)] country_names: Rc<[(CountryCode, String)]>,
    #[props(default)] here_accuracy_m: Option<f64>,
) -> Element {
    let mut size = use_signal(|| DEFAULT_SIZE);
    // `None` until the user moves the map: the view then follows the props (here, points, size).
    let mut moved_view = use_signal(|| None::<Viewport>);
    let mut spread = use_signal(|| None::<Spread>);
    // The marker or cluster under a mouse pointer (desktop): its label and where it is drawn.
    let mut hover = use_signal(|| None::<(String, Screen)>);
    let gesture = use_hook(|| Rc::new(RefCell::new(Gesture::default())));
    let prepared = use_hook(|| Rc::new(RefCell::new(Prepared::default())));
    prepared.borrow_mut().refresh(&points);
    let (world, ids) = {
        let p = prepared.borrow();
        (p.world.clone(), p.ids.clone())
    };

    let (width, height) = size();
    let bounds = shapes.bounds();
    let view = moved_view()
        .map(|v| v.resized(width, height))
        .unwrap_or_else(|| initial_view(&world, here, &fit, &shapes, (width, height)))
        .clamped(bounds);
    let layout = prepared.borrow_mut().layout(view, spread.read().as_ref());
    let here_at = here
        .filter(LatLon::is_valid)
        .map(|h| view.project(h))
        .filter(|s| view.shows(*s, 16.0));
    // Labels keep clear of the markers, the clusters and "you are here".
    let obstacles: Vec<LabelBox> = layout
        .items
        .iter()
        .map(|item| labels::obstacle(item.at, 20.0))
        .chain(here_at.map(|at| labels::obstacle(at, 26.0)))
        .collect();
    let placed = prepared
        .borrow_mut()
        .labels(view, &shapes, &country_names, &towns, &obstacles);
    let accuracy_px = here_accuracy_m
        .map(|m| m / labels::metres_per_px(&view))
        .filter(|r| r.is_finite() && *r > 12.0);
    let here_name = match here_accuracy_m {
        Some(_) => format!("{} ({})", labels.you_are_here, labels.approximate),
        None => labels.you_are_here.clone(),
    };

    let lod = lod_for_zoom(view.zoom);
    let k = (view.zoom - f64::from(lod)).exp2();
    let origin = view.to_screen(shapes.origin());
    let transform = format!("matrix({k} 0 0 {k} {:.2} {:.2})", origin.x, origin.y);
    let borders: Vec<(CountryCode, &String)> = shapes
        .countries()
        .iter()
        .copied()
        .zip(shapes.paths(lod))
        .collect();

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
        let ids = ids.clone();
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
                        .map(|&i| ids[i].clone())
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
        let ids = ids.clone();
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
                view.zoomed_at(view.middle(), view.zoom + 1.0)
            }
            Key::Character(c) if c == "-" => view.zoomed_at(view.middle(), view.zoom - 1.0),
            _ => return,
        };
        e.prevent_default();
        set_view(next);
    };

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
                        set_view(view.zoomed_at(view.middle(), view.zoom.floor() + 1.0));
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
                        set_view(view.zoomed_at(view.middle(), view.zoom.ceil() - 1.0));
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
                MapTownLabels { labels: placed }
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
                        if let Some(r) = accuracy_px {
                            circle { class: "paso-map-here-accuracy", r: "{r:.1}" }
                        }
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
                        "aria-label": "{here_name}",
                        transform: "translate({at.x:.1} {at.y:.1})",
                        circle { class: "paso-map-here-ring", r: "25" }
                    }
                }
            }
            ScaleBarView { bar: scale_bar(&view, 96.0), label: labels.scale.clone() }
            Legend { labels: labels.clone() }
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

fn element_point(data: &impl InteractionElementOffset) -> Screen {
    let p = data.element_coordinates();
    Screen { x: p.x, y: p.y }
}
