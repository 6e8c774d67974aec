//! The offline map driven headless: taps, drags, the wheel, pinches, buttons and clusters, through the
//! same events a webview sends (serialized pointer, mouse and wheel data), checked in the rendered HTML
//! and in what `on_select` / `on_pick` receive. The points here are test-only positions, not places.

use crate::common::Headless;
use dioxus::prelude::*;
use dioxus_core::ElementId;
use dioxus_html::PlatformEventData;
use paso::catalog::Catalog;
use paso::i18n::Localizer;
use paso::model::{Category, CountryCode, LatLon, PlaceId};
use paso::store::UserStore;
use paso::ui::map::labels::{
    metres_per_px, min_population_for_zoom, reserved_boxes, CITY_POPULATION,
};
use paso::ui::map::{
    initial_view, place_labels, prepare_shapes, project, scale_bar, unproject, LabelKind,
    MapLabels, MapPoint, MapShapes, MapTown, MapView, Screen, Viewport, World, CELL_PX,
    DEFAULT_SIZE, HERE_ZOOM, MAX_MARKERS,
};
use paso::ui::present::NearFilters;
use paso::ui::screens::map::{map_labels, map_towns, nearest_positions};
use paso::ui::state::Services;
use serde_json::json;
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
        legend: "Legend".into(),
        categories: vec![(Category::Shelter, "Shelter".into())],
        closed: "Closed".into(),
        approximate: "Approximate location".into(),
        scale: "Scale".into(),
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
    points: Rc<[MapPoint]>,
    here: Option<LatLon>,
    #[props(default)]
    orient: Orient,
}

/// What orients a person on the map: its words, the positions to open on, towns, country names, the
/// accuracy ring.
#[derive(Clone, PartialEq, Default)]
struct Orient {
    labels: Option<MapLabels>,
    fit: Rc<[LatLon]>,
    towns: Rc<[MapTown]>,
    names: Rc<[(CountryCode, String)]>,
    accuracy_m: Option<f64>,
}

#[allow(non_snake_case)]
fn Harness(props: HarnessProps) -> Element {
    let orient = props.orient;
    rsx! {
        MapView {
            shapes: props.shapes,
            points: props.points,
            here: props.here,
            labels: orient.labels.unwrap_or_else(labels),
            fit: orient.fit,
            towns: orient.towns,
            country_names: orient.names,
            here_accuracy_m: orient.accuracy_m,
            on_select: |id: PlaceId| SELECTED.with(|s| s.borrow_mut().push(id.0)),
            on_pick: |at: LatLon| PICKED.with(|p| p.borrow_mut().push(at)),
        }
    }
}

/// A map in a headless VirtualDom ([`Headless`]), with its mutations recorded to find elements.
struct Map {
    ui: Headless,
}

impl Map {
    fn open(points: Vec<MapPoint>, here: Option<LatLon>) -> Self {
        Self::open_with(prepare_shapes(&[]), points, here, Orient::default())
    }

    fn open_with(
        shapes: MapShapes,
        points: Vec<MapPoint>,
        here: Option<LatLon>,
        orient: Orient,
    ) -> Self {
        SELECTED.with(|s| s.borrow_mut().clear());
        PICKED.with(|p| p.borrow_mut().clear());
        let dom = VirtualDom::new_with_props(
            Harness,
            HarnessProps {
                shapes,
                points: points.into(),
                here,
                orient,
            },
        );
        Map {
            ui: Headless::start(dom),
        }
    }

    fn html(&self) -> String {
        self.ui.html()
    }

    /// The map's own element: the one listening to pointer presses.
    fn surface(&self) -> ElementId {
        self.ui.listener("pointerdown")
    }

    /// The element that most recently got `name="value"`.
    fn element(&self, name: &str, value: &str) -> ElementId {
        self.ui.element(name, value)
    }

    fn fire(&mut self, event: &str, data: PlatformEventData, id: ElementId) {
        self.ui.fire(event, data, id);
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
        self.ui.click_at(id, x, y);
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

#[test]
fn markers_show_category_state_and_escape_their_labels() {
    // Test-only points with hostile labels.
    let point = |id: &str, lat: f64, category, closed, approximate| MapPoint {
        id: PlaceId(id.into()),
        position: LatLon::new(lat, -84.0),
        category,
        closed,
        approximate,
        label: format!("<script>alert('{id}')</script>"),
    };
    let html = Map::open(
        vec![
            point("a", 9.0, Category::Shelter, true, false),
            point("b", 10.0, Category::Health, false, true),
        ],
        None,
    )
    .html();
    assert!(
        html.contains("paso-map-marker cat-shelter closed"),
        "{html}"
    );
    assert!(html.contains("paso-map-marker cat-health approximate"));
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&#60;script&#62;alert"), "{html}");
}

// ---- A map that orients: labels, country names, scale bar, legend, accuracy ring, opening view ----

/// GeoNames centre of Tapachula.
const TAPACHULA: LatLon = LatLon::new(14.90541, -92.25891);
/// GeoNames centre of Canoas (Paso Canoas), Puntarenas.
const PASO_CANOAS: LatLon = LatLon::new(8.53305, -82.83844);

thread_local! {
    static DEFAULT: Rc<Catalog> = Rc::new(Catalog::open_default().expect("the default bundle opens"));
}

/// The default bundle's borders, as the app prepares them.
fn real_shapes() -> MapShapes {
    let catalog = DEFAULT.with(Rc::clone);
    Services::new(catalog, Rc::new(UserStore::in_memory().unwrap()), None).shapes()
}

fn country_names(lang: &str) -> Rc<[(CountryCode, String)]> {
    DEFAULT.with(|c| {
        c.countries()
            .iter()
            .map(|c| (c.code, c.name(lang).to_string()))
            .collect()
    })
}

#[test]
fn town_and_country_labels_never_overlap_at_three_zooms_and_the_biggest_town_is_named() {
    let shapes = real_shapes();
    let towns = DEFAULT.with(|c| map_towns(c));
    assert!(
        towns.iter().filter(|t| t.population > 0).count() > 1_000,
        "towns with a population"
    );
    assert!(towns.windows(2).all(|w| w[0].population >= w[1].population));
    let names = country_names("es");
    for (place, zooms) in [
        (TAPACHULA, [7.0, 9.0, 11.0]),
        (PASO_CANOAS, [7.5, 9.5, 11.5]),
    ] {
        for zoom in zooms {
            let view = Viewport::centered(place, zoom, 360.0, 480.0);
            let countries: Vec<(String, Vec<Screen>)> = shapes
                .country_spots(&view)
                .into_iter()
                .filter_map(|(code, at)| {
                    names
                        .iter()
                        .find(|(c, _)| *c == code)
                        .map(|(_, n)| (n.clone(), at))
                })
                .collect();
            let reserved = reserved_boxes(&view);
            let labels = place_labels(&view, &countries, &towns, &reserved);
            assert!(labels.len() >= 2, "zoom {zoom}: only {labels:?}");
            for (i, a) in labels.iter().enumerate() {
                assert!(a.bounds.inside(view.width, view.height), "{a:?} sticks out");
                assert!(
                    !reserved.iter().any(|r| r.overlaps(&a.bounds)),
                    "{a:?} under a control"
                );
                for b in &labels[i + 1..] {
                    assert!(
                        !a.bounds.overlaps(&b.bounds),
                        "zoom {zoom}: {a:?} overlaps {b:?}"
                    );
                }
            }
            // The most populous city well inside the view is named (cities are tried first).
            let biggest = towns.iter().find(|t| {
                let at = view.project(t.position);
                t.population >= CITY_POPULATION.max(min_population_for_zoom(zoom))
                    && at.x > 80.0
                    && at.x < 280.0
                    && at.y > 60.0
                    && at.y < 400.0
            });
            if let Some(biggest) = biggest {
                assert!(
                    labels.iter().any(|l| l.text == biggest.name),
                    "zoom {zoom}: {} is not named in {labels:?}",
                    biggest.name
                );
            }
            // Zoomed out, only big places; zoomed in, smaller towns too.
            if zoom >= 11.0 {
                assert!(
                    labels.iter().any(|l| l.kind == LabelKind::Town),
                    "{labels:?}"
                );
            }
        }
    }
    // Tapachula, a city, is named whenever it is in view.
    for zoom in [7.0, 9.0, 11.0] {
        let view = Viewport::centered(TAPACHULA, zoom, 360.0, 480.0);
        let labels = place_labels(&view, &[], &towns, &reserved_boxes(&view));
        assert!(
            labels.iter().any(|l| l.text == "Tapachula"),
            "{zoom}: {labels:?}"
        );
    }
    // Around Tapachula zoomed out, both sides of the border are named.
    let view = Viewport::centered(TAPACHULA, 7.0, 360.0, 480.0);
    let spots = shapes.country_spots(&view);
    for code in ["MX", "GT"] {
        assert!(
            spots.iter().any(|(c, _)| c.as_str() == code),
            "{code} has no room for its name: {spots:?}"
        );
    }
}

#[test]
fn the_rendered_map_names_tapachula_and_its_countries() {
    let towns = DEFAULT.with(|c| map_towns(c));
    let orient = Orient {
        labels: Some(map_labels(&Localizer::new("es"))),
        towns,
        names: country_names("es"),
        fit: Rc::from(vec![LatLon::new(15.3, -91.9)]),
        ..Orient::default()
    };
    let html = Map::open_with(real_shapes(), vec![], Some(TAPACHULA), orient).html();
    assert!(html.contains(">Tapachula</text>"), "{html}");
    assert!(html.contains("class=\"paso-map-label country\""), "{html}");
    assert!(
        html.contains(">MÉXICO</text>") || html.contains(">GUATEMALA</text>"),
        "{html}"
    );
}

#[test]
fn the_scale_bar_gives_a_round_length_for_a_known_zoom() {
    // At zoom 11 over Tapachula one pixel is 40,075,016.686 m × cos(14.905°) / (256 × 2^11) ≈ 73.87 m.
    let view = Viewport::centered(TAPACHULA, 11.0, 360.0, 480.0);
    assert!(
        (metres_per_px(&view) - 73.87).abs() < 0.05,
        "{}",
        metres_per_px(&view)
    );
    let bar = scale_bar(&view, 96.0);
    assert_eq!((bar.metres, bar.text.as_str()), (5000.0, "5 km"));
    assert!((bar.px - 67.7).abs() < 0.1, "{}", bar.px);
    let close = scale_bar(&Viewport::centered(TAPACHULA, 16.0, 360.0, 480.0), 96.0);
    assert_eq!((close.metres, close.text.as_str()), (200.0, "200 m"));
    assert!(close.px <= 96.0 && close.px > 48.0);
    // The map shows it.
    let html = Map::open(vec![], Some(TAPACHULA)).html();
    let drawn = scale_bar(
        &Viewport::centered(TAPACHULA, HERE_ZOOM, DEFAULT_SIZE.0, DEFAULT_SIZE.1),
        96.0,
    );
    assert!(
        html.contains(&format!("aria-label=\"Scale: {}\"", drawn.text)),
        "{html}"
    );
    assert!(html.contains(&format!("width:{:.1}px", drawn.px)), "{html}");
}

#[test]
fn the_legend_names_every_kind_of_marker_in_es_en_fr() {
    for (lang, title, closed) in [
        ("es", "Leyenda", "Cerrado"),
        ("en", "Legend", "Closed"),
        ("fr", "Légende", "Fermé"),
    ] {
        let tr = Localizer::new(lang);
        let orient = Orient {
            labels: Some(map_labels(&tr)),
            ..Orient::default()
        };
        let mut map = Map::open_with(prepare_shapes(&[]), vec![], Some(TAPACHULA), orient);
        let html = map.html();
        assert!(
            html.contains(&format!(">{title}</button>")),
            "{lang}: {html}"
        );
        assert!(!html.contains("data-legend"), "{lang}: folded at first");
        let button = map.element("aria-expanded", "false");
        map.click_on(button, 0.0, 0.0);
        let html = map.html();
        for category in Category::ALL {
            assert!(
                html.contains(&format!("data-legend=\"{}\"", category.as_str())),
                "{lang}: {category:?}"
            );
            assert!(html.contains(&format!("cat-{}", category.as_str())));
            assert!(
                html.contains(&tr.category(*category)),
                "{lang}: {category:?}"
            );
        }
        for kind in ["approximate", "closed", "here"] {
            assert!(
                html.contains(&format!("data-legend=\"{kind}\"")),
                "{lang}: {kind}"
            );
        }
        assert!(html.contains(&format!(">{closed}</span>")), "{lang}");
        assert!(html.contains(&tr.tr("badge-approximate")), "{lang}");
        assert!(!html.contains('⟦'), "{lang}: a message is missing");
        assert!(
            picked().is_empty(),
            "{lang}: opening the legend is not a map tap"
        );
    }
}

#[test]
fn an_approximate_place_gets_an_accuracy_ring_of_its_size() {
    let plain = Map::open(vec![], Some(TAPACHULA)).html();
    assert!(!visible(&plain).contains("paso-map-here-accuracy"));
    let orient = Orient {
        accuracy_m: Some(2_000.0),
        ..Orient::default()
    };
    let html = Map::open_with(prepare_shapes(&[]), vec![], Some(TAPACHULA), orient).html();
    let view = Viewport::centered(TAPACHULA, HERE_ZOOM, DEFAULT_SIZE.0, DEFAULT_SIZE.1);
    let r = 2_000.0 / metres_per_px(&view);
    assert!(
        html.contains(&format!("class=\"paso-map-here-accuracy\" r=\"{r:.1}\"")),
        "{html}"
    );
    assert!(
        html.contains("aria-label=\"You are here (Approximate location)\""),
        "{html}"
    );
}

#[test]
fn the_map_opens_on_you_and_your_nearest_results_not_the_whole_region() {
    let catalog = DEFAULT.with(Rc::clone);
    let shapes = real_shapes();
    let points: Vec<MapPoint> = catalog
        .places()
        .iter()
        .filter_map(|p| MapPoint::from_place(p, p.names.get("es").to_string()))
        .collect();
    let world: Vec<World> = points.iter().map(|p| project(p.position)).collect();
    let region = initial_view(&world, None, &[], &shapes, DEFAULT_SIZE);
    for here in [TAPACHULA, PASO_CANOAS, LatLon::new(9.93388, -84.08489)] {
        let fit = nearest_positions(&catalog, here, &NearFilters::new(), "es");
        assert_eq!(fit.len(), 3, "{here:?}");
        let view = initial_view(&world, Some(here), &fit, &shapes, DEFAULT_SIZE);
        assert!(
            view.shows(view.project(here), -8.0),
            "{here:?}: you are off the map"
        );
        for p in fit.iter() {
            assert!(
                view.shows(view.project(*p), -8.0),
                "{here:?}: {p:?} is off the map"
            );
        }
        assert!(
            view.zoom > region.zoom + 3.0,
            "{} vs the region's {}",
            view.zoom,
            region.zoom
        );
        // Rendered: the map opens there, with "you are here" on screen.
        let orient = Orient {
            fit: fit.clone(),
            ..Orient::default()
        };
        let mut map = Map::open_with(shapes.clone(), points.clone(), Some(here), orient);
        let (x, y) = map.here_at();
        assert!((0.0..=DEFAULT_SIZE.0).contains(&x) && (0.0..=DEFAULT_SIZE.1).contains(&y));
        assert!(map.markers() + map.clusters() >= 1);
        map.click_at(5.0, 5.0);
        let got = picked();
        let expected = view.latlon_at(Screen { x: 5.0, y: 5.0 });
        assert!(
            (got[0].lat - expected.lat).abs() < 1e-9,
            "the map opened on the fitted view"
        );
    }
}

/// The part of the map a person sees (the inlined stylesheet is left out).
fn visible(html: &str) -> &str {
    html.rsplit("</style>").next().unwrap()
}
