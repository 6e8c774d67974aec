//! Tests of the map's pure parts, and headless renders of [`MapView`] against the real default bundle.

use super::cluster::*;
use super::shapes::{MAX_LOD, MIN_LOD};
use super::viewport::*;
use super::*;
use crate::catalog::Catalog;
use crate::model::Category;
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
        legend: "Leyenda".into(),
        categories: vec![(Category::Shelter, "Albergue".into())],
        closed: "Cerrado".into(),
        approximate: "Ubicación aproximada".into(),
        scale: "Escala".into(),
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
    points: Rc<[MapPoint]>,
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
    let points: Rc<[MapPoint]> = points.into();
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
    assert!(
        path_bytes > 0 && path_bytes < 64 * 1024,
        "{path_bytes} bytes of path data"
    );
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
    let mut counts: Vec<usize> = Vec::new();
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
        counts.push(items.len());
    }
    assert!(counts.iter().all(|&n| n > 1), "{counts:?}");
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
