//! The offline map driven headless: taps, drags, the wheel, pinches, buttons and clusters, through the
//! same events a webview sends (serialized pointer, mouse and wheel data), checked in the rendered HTML
//! and in what `on_select` / `on_pick` receive. The points here are test-only positions, not places.

use dioxus::prelude::*;
use dioxus_core::{ElementId, Mutation, Mutations};
use dioxus_html::{PlatformEventData, SerializedHtmlEventConverter};
use paso::model::{Category, LatLon, PlaceId};
use paso::ui::map::{
    prepare_shapes, unproject, MapLabels, MapPoint, MapShapes, MapView, Screen, Viewport, World,
    CELL_PX, DEFAULT_SIZE, HERE_ZOOM, MAX_MARKERS,
};
use serde_json::json;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

thread_local! {
    static SELECTED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    static PICKED: RefCell<Vec<LatLon>> = const { RefCell::new(Vec::new()) };
}

/// Test-only centre: an arbitrary point on the route.
const CENTER: LatLon = LatLon::new(14.9, -92.26);

fn labels() -> MapLabels {
    MapLabels {
        zoom_in: "Zoom in".into(),
        zoom_out: "Zoom out".into(),
        you_are_here: "You are here".into(),
        cluster: "{n} places".into(),
        map: "Map".into(),
    }
}

fn point(id: &str, position: LatLon) -> MapPoint {
    MapPoint {
        id: PlaceId(id.into()),
        position,
        category: Category::Shelter,
        closed: false,
        approximate: false,
        label: format!("Test place {id}"),
    }
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
            on_select: |id: PlaceId| SELECTED.with(|s| s.borrow_mut().push(id.0)),
            on_pick: |at: LatLon| PICKED.with(|p| p.borrow_mut().push(at)),
        }
    }
}

/// A map in a headless VirtualDom, with its mutations recorded to find elements.
struct Map {
    dom: VirtualDom,
    edits: Vec<Mutation>,
}

impl Map {
    fn open(points: Vec<MapPoint>, here: Option<LatLon>) -> Self {
        dioxus_html::set_event_converter(Box::new(SerializedHtmlEventConverter));
        SELECTED.with(|s| s.borrow_mut().clear());
        PICKED.with(|p| p.borrow_mut().clear());
        let shapes = prepare_shapes(&[]);
        let mut dom = VirtualDom::new_with_props(
            Harness,
            HarnessProps {
                shapes,
                points,
                here,
            },
        );
        let mut mutations = Mutations::default();
        dom.rebuild(&mut mutations);
        Map {
            dom,
            edits: mutations.edits,
        }
    }

    fn html(&self) -> String {
        dioxus_ssr::render(&self.dom)
    }

    /// The map's own element: the one listening to pointer presses.
    fn surface(&self) -> ElementId {
        self.edits
            .iter()
            .find_map(|edit| match edit {
                Mutation::NewEventListener { name, id } if name == "pointerdown" => Some(*id),
                _ => None,
            })
            .expect("the map listens to pointers")
    }

    /// The element that most recently got `name="value"`.
    fn element(&self, name: &str, value: &str) -> ElementId {
        self.edits
            .iter()
            .rev()
            .find_map(|edit| match edit {
                Mutation::SetAttribute {
                    name: n,
                    value: dioxus_core::AttributeValue::Text(v),
                    id,
                    ..
                } if *n == name && v == value => Some(*id),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no element with {name}={value:?}:\n{}", self.html()))
    }

    fn fire(&mut self, event: &str, data: PlatformEventData, id: ElementId) {
        self.dom.runtime().handle_event(
            event,
            dioxus_core::Event::new(Rc::new(data) as Rc<dyn Any>, true),
            id,
        );
        let mut mutations = Mutations::default();
        self.dom.render_immediate(&mut mutations);
        self.edits.extend(mutations.edits);
    }

    fn pointer(&mut self, event: &str, pointer_id: i32, x: f64, y: f64, kind: &str) {
        let data: dioxus_html::SerializedPointerData = serde_json::from_value(json!({
            "alt_key": false, "button": 0, "buttons": 1, "client_x": x, "client_y": y,
            "ctrl_key": false, "meta_key": false, "offset_x": x, "offset_y": y, "page_x": x,
            "page_y": y, "screen_x": x, "screen_y": y, "shift_key": false,
            "pointer_id": pointer_id, "width": 1.0, "height": 1.0, "pressure": 0.5,
            "tangential_pressure": 0.0, "tilt_x": 0, "tilt_y": 0, "twist": 0,
            "pointer_type": kind, "is_primary": pointer_id == 1,
        }))
        .expect("pointer data");
        let surface = self.surface();
        self.fire(event, PlatformEventData::new(Box::new(data)), surface);
    }

    fn click_at(&mut self, x: f64, y: f64) {
        let surface = self.surface();
        self.click_on(surface, x, y);
    }

    fn click_on(&mut self, id: ElementId, x: f64, y: f64) {
        let data: dioxus_html::SerializedMouseData = serde_json::from_value(json!({
            "alt_key": false, "button": 0, "buttons": 0, "client_x": x, "client_y": y,
            "ctrl_key": false, "meta_key": false, "offset_x": x, "offset_y": y, "page_x": x,
            "page_y": y, "screen_x": x, "screen_y": y, "shift_key": false,
        }))
        .expect("mouse data");
        self.fire("click", PlatformEventData::new(Box::new(data)), id);
    }

    /// A press, a move and a release: a drag (or a tap when it does not move).
    fn drag(&mut self, from: (f64, f64), to: (f64, f64)) {
        self.pointer("pointerdown", 1, from.0, from.1, "mouse");
        self.pointer("pointermove", 1, to.0, to.1, "mouse");
        self.pointer("pointerup", 1, to.0, to.1, "mouse");
        self.click_at(to.0, to.1);
    }

    fn wheel(&mut self, x: f64, y: f64, delta_y: f64) {
        let data: dioxus_html::SerializedWheelData = serde_json::from_value(json!({
            "alt_key": false, "button": 0, "buttons": 0, "client_x": x, "client_y": y,
            "ctrl_key": false, "meta_key": false, "offset_x": x, "offset_y": y, "page_x": x,
            "page_y": y, "screen_x": x, "screen_y": y, "shift_key": false,
            "delta_mode": 0, "delta_x": 0.0, "delta_y": delta_y, "delta_z": 0.0,
        }))
        .expect("wheel data");
        let surface = self.surface();
        self.fire("wheel", PlatformEventData::new(Box::new(data)), surface);
    }

    /// Where "you are here" is drawn.
    fn here_at(&self) -> (f64, f64) {
        let html = self.html();
        let at = html.find("class=\"paso-map-here\"").expect("a here marker");
        let rest = &html[at..];
        let start = rest.find("translate(").unwrap() + "translate(".len();
        let end = start + rest[start..].find(')').unwrap();
        let mut numbers = rest[start..end]
            .split(' ')
            .map(|n| n.parse::<f64>().unwrap());
        (numbers.next().unwrap(), numbers.next().unwrap())
    }

    fn markers(&self) -> usize {
        self.html().matches("class=\"paso-map-marker ").count()
    }

    fn clusters(&self) -> usize {
        self.html().matches("class=\"paso-map-cluster\"").count()
    }
}

/// The view the map opens with when `here` is set and it has not been measured.
fn opening_view() -> Viewport {
    Viewport::centered(CENTER, HERE_ZOOM, DEFAULT_SIZE.0, DEFAULT_SIZE.1)
}

fn selected() -> Vec<String> {
    SELECTED.with(|s| s.borrow().clone())
}

fn picked() -> Vec<LatLon> {
    PICKED.with(|p| p.borrow().clone())
}

#[test]
fn a_tap_on_a_marker_selects_its_place_and_a_tap_on_empty_map_picks_a_position() {
    let view = opening_view();
    let east = view.latlon_at(Screen { x: 300.0, y: 100.0 });
    let mut map = Map::open(vec![point("east", east)], Some(CENTER));
    assert_eq!(map.markers(), 1);

    map.click_at(303.0, 98.0);
    assert_eq!(selected(), vec!["east".to_string()]);
    assert!(picked().is_empty());

    map.click_at(60.0, 400.0);
    let expected = view.latlon_at(Screen { x: 60.0, y: 400.0 });
    let got = picked();
    assert_eq!(got.len(), 1);
    assert!((got[0].lat - expected.lat).abs() < 1e-9 && (got[0].lon - expected.lon).abs() < 1e-9);

    // The marker's own button works too (keyboard and screen readers).
    let button = map.element("aria-label", "Test place east");
    map.click_on(button, 0.0, 0.0);
    assert_eq!(selected(), vec!["east".to_string(), "east".to_string()]);
}

#[test]
fn dragging_moves_the_map_and_is_not_a_tap() {
    let mut map = Map::open(vec![], Some(CENTER));
    let (w, h) = DEFAULT_SIZE;
    assert_eq!(map.here_at(), (w / 2.0, h / 2.0));
    map.drag((100.0, 100.0), (150.0, 80.0));
    assert_eq!(map.here_at(), (w / 2.0 + 50.0, h / 2.0 - 20.0));
    assert!(picked().is_empty(), "a drag must not pick a place");
    // A tap after the drag picks again.
    map.drag((10.0, 10.0), (10.0, 10.0));
    assert_eq!(picked().len(), 1);
}

#[test]
fn buttons_and_the_wheel_zoom_and_clusters_split() {
    // Two test points 20 px apart: one cluster at the opening zoom.
    let (a, b) = pair_in_one_cell(&opening_view(), Screen { x: 180.0, y: 240.0 });
    let mut map = Map::open(vec![point("a", a), point("b", b)], Some(CENTER));
    assert_eq!((map.markers(), map.clusters()), (0, 1), "{}", map.html());
    assert!(map.html().contains("aria-label=\"2 places\""));

    let zoom_in = map.element("aria-label", "Zoom in");
    map.click_on(zoom_in, 0.0, 0.0);
    map.click_on(zoom_in, 0.0, 0.0);
    assert_eq!(
        (map.markers(), map.clusters()),
        (2, 0),
        "two zoom steps split them"
    );
    assert!(picked().is_empty(), "buttons are not map taps");

    let zoom_out = map.element("aria-label", "Zoom out");
    map.click_on(zoom_out, 0.0, 0.0);
    map.click_on(zoom_out, 0.0, 0.0);
    assert_eq!((map.markers(), map.clusters()), (0, 1));

    // Wheel up at the centre: zoom in around the pointer; "you are here" stays put.
    for _ in 0..4 {
        map.wheel(180.0, 240.0, -100.0);
    }
    assert_eq!(map.here_at(), (180.0, 240.0));
    assert_eq!((map.markers(), map.clusters()), (2, 0));
}

/// Two test positions 20 px apart in the middle of one clustering cell near a screen point.
fn pair_in_one_cell(view: &Viewport, near: Screen) -> (LatLon, LatLon) {
    let scale = view.scale();
    let world = view.to_world(near);
    let cell = |v: f64| ((v * scale / CELL_PX).floor() + 0.5) * CELL_PX / scale;
    let middle = view.to_screen(World {
        x: cell(world.x),
        y: cell(world.y),
    });
    let at = |dx: f64| {
        unproject(view.to_world(Screen {
            x: middle.x + dx,
            y: middle.y,
        }))
    };
    (at(-10.0), at(10.0))
}

/// Where the first cluster is drawn.
fn cluster_at(html: &str) -> (f64, f64) {
    let at = html.find("class=\"paso-map-cluster\"").expect("a cluster");
    let rest = &html[at..];
    let left = rest.find("left:").unwrap() + 5;
    let x = rest[left..left + rest[left..].find("px").unwrap()]
        .parse()
        .unwrap();
    let top = rest.find("top:").unwrap() + 4;
    let y = rest[top..top + rest[top..].find("px").unwrap()]
        .parse()
        .unwrap();
    (x, y)
}

#[test]
fn tapping_a_cluster_zooms_in_on_it() {
    let (a, b) = pair_in_one_cell(&opening_view(), Screen { x: 70.0, y: 60.0 });
    let mut map = Map::open(vec![point("a", a), point("b", b)], Some(CENTER));
    assert_eq!((map.markers(), map.clusters()), (0, 1));
    let (x, y) = cluster_at(&map.html());
    map.click_at(x + 5.0, y - 5.0);
    assert_eq!((map.markers(), map.clusters()), (2, 0), "{}", map.html());
    assert!(selected().is_empty() && picked().is_empty());
}

#[test]
fn places_sharing_one_spot_fan_out_and_can_each_be_opened() {
    // Test-only: eight places at one town centre.
    let points: Vec<MapPoint> = (0..8).map(|i| point(&format!("p{i}"), CENTER)).collect();
    let mut map = Map::open(points, Some(CENTER));
    assert_eq!((map.markers(), map.clusters()), (0, 1));
    let (x, y) = map.here_at();
    map.click_at(x, y);
    assert_eq!((map.markers(), map.clusters()), (8, 0), "{}", map.html());
    let button = map.element("aria-label", "Test place p3");
    map.click_on(button, 0.0, 0.0);
    assert_eq!(selected(), vec!["p3".to_string()]);
}

#[test]
fn pinching_zooms_in() {
    let (a, b) = pair_in_one_cell(&opening_view(), Screen { x: 180.0, y: 240.0 });
    let mut map = Map::open(vec![point("a", a), point("b", b)], Some(CENTER));
    assert_eq!(map.clusters(), 1);
    map.pointer("pointerdown", 1, 150.0, 240.0, "touch");
    map.pointer("pointerdown", 2, 210.0, 240.0, "touch");
    map.pointer("pointermove", 1, 60.0, 240.0, "touch");
    map.pointer("pointermove", 2, 300.0, 240.0, "touch");
    map.pointer("pointerup", 1, 60.0, 240.0, "touch");
    map.pointer("pointerup", 2, 300.0, 240.0, "touch");
    map.click_at(300.0, 240.0);
    assert!(picked().is_empty(), "a pinch is not a tap");
    assert_eq!((map.markers(), map.clusters()), (2, 0), "{}", map.html());
    assert_eq!(
        map.here_at(),
        (180.0, 240.0),
        "the point between the fingers stays"
    );
}

#[test]
fn two_thousand_test_points_stay_under_the_element_budget_at_every_zoom() {
    // Test-only grid of positions covering the route region.
    let points: Vec<MapPoint> = (0..2_000)
        .map(|i| {
            let lat = 6.0 + f64::from(i / 50) * 0.6;
            let lon = -98.0 + f64::from(i % 50) * 0.5;
            point(&format!("g{i}"), LatLon::new(lat, lon))
        })
        .collect();
    let mut map = Map::open(points, None);
    let items = map.markers() + map.clusters();
    assert!(items <= MAX_MARKERS, "{items}");
    // Zooming in all the way never breaks the budget either.
    let zoom_in = map.element("aria-label", "Zoom in");
    for _ in 0..16 {
        map.click_on(zoom_in, 0.0, 0.0);
        let items = map.markers() + map.clusters();
        assert!(items <= MAX_MARKERS, "{items}");
    }
}
