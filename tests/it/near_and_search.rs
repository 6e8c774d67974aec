//! Nearest and search on the real default bundle and the fixture, through the library and the CLI.

use crate::common::*;
use paso::catalog::{Catalog, NearQuery};
use paso::model::{Category, LatLon};
use paso::spatial::{brute_force_nearest, distance_m};
use rand::{Rng, SeedableRng};

#[test]
fn nearest_on_the_real_bundle_equals_a_brute_force_haversine_sort() {
    let catalog = Catalog::open_default().unwrap();
    let mapped: Vec<_> = catalog
        .places()
        .iter()
        .filter(|p| p.is_mappable())
        .collect();
    let positions: Vec<LatLon> = mapped.iter().map(|p| p.position.unwrap()).collect();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(42);
    for _ in 0..300 {
        let origin = LatLon::new(rng.gen_range(7.0..32.0), rng.gen_range(-117.0..-77.0));
        let shelter_only = rng.gen_bool(0.3);
        let mut query = NearQuery::around(origin);
        query.limit = 10;
        if shelter_only {
            query.categories = vec![Category::Shelter];
        }
        let fast: Vec<f64> = catalog.near(&query).iter().map(|n| n.distance_m).collect();
        let mut slow = brute_force_nearest(&positions, origin, 10, |i| {
            !shelter_only || mapped[i as usize].category == Category::Shelter
        });
        // Near lists open places first, then the closed ones, each group nearest first.
        slow.sort_by_key(|h| mapped[h.index as usize].status.is_closed());
        let slow: Vec<f64> = slow.iter().map(|h| h.distance_m).collect();
        assert_eq!(fast, slow, "at {origin:?}");
    }
}

#[test]
fn near_tapachula_finds_real_shelters_and_hospitals_with_honest_flags() {
    let tapachula = LatLon::new(14.90541, -92.25891); // GeoNames centre of Tapachula
    let text = paso_data_ok(&[
        "near",
        "--lat",
        "14.90541",
        "--lon",
        "-92.25891",
        "--limit",
        "40",
        "--json",
    ]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(rows.len(), 40);
    for key in [
        "id",
        "name",
        "category",
        "lat",
        "lon",
        "distance_m",
        "bearing_deg",
        "location_precision",
        "status",
        "verification",
    ] {
        assert!(rows[0].get(key).is_some(), "near --json lacks {key}");
    }
    let shelters: Vec<_> = rows.iter().filter(|r| r["category"] == "shelter").collect();
    assert!(shelters.len() >= 3, "{shelters:?}");
    // Town-centre shelters say so; every shelter says how far it was checked.
    assert!(shelters.iter().any(|s| s["location_precision"] == "town"));
    assert!(shelters.iter().all(|s| {
        ["town", "exact"].contains(&s["location_precision"].as_str().unwrap())
            && ["unverified", "desk_checked", "field_verified"]
                .contains(&s["verification"].as_str().unwrap())
    }));
    assert!(rows
        .iter()
        .any(|r| r["category"] == "health" && r["location_precision"] == "exact"));
    // Open places first, nearest first; then the closed ones, nearest first. Tapachula is in Mexico.
    let closed_status =
        |r: &serde_json::Value| r["status"] == "closed" || r["status"] == "temporarily_closed";
    let first_closed = rows.iter().position(closed_status).unwrap_or(rows.len());
    assert!(
        rows[first_closed..].iter().all(closed_status),
        "closed rows are not last"
    );
    for group in [&rows[..first_closed], &rows[first_closed..]] {
        let distances: Vec<f64> = group
            .iter()
            .map(|r| r["distance_m"].as_f64().unwrap())
            .collect();
        assert!(
            distances.windows(2).all(|w| w[0] <= w[1]),
            "not sorted: {distances:?}"
        );
    }
    assert!(rows
        .iter()
        .all(|r| r["across_border"] == (r["country"] != "MX")));
    // Filters: closed places left out on request; a category filter keeps only that category.
    let open_only = paso_data_ok(&[
        "near",
        "--lat",
        "14.90541",
        "--lon",
        "-92.25891",
        "--limit",
        "60",
        "--exclude-closed",
        "--json",
    ]);
    assert!(!open_only.contains("\"status\": \"closed\""));
    let catalog = Catalog::open_default().unwrap();
    let mut query = NearQuery::around(tapachula);
    query.categories = vec![Category::Health];
    query.radius_m = Some(5_000.0);
    let hits = catalog.near(&query);
    assert!(
        !hits.is_empty()
            && hits
                .iter()
                .all(|n| n.place.category == Category::Health && n.distance_m <= 5_000.0)
    );
    assert!(hits
        .iter()
        .all(|n| (distance_m(tapachula, n.place.position.unwrap()) - n.distance_m).abs() < 1e-6));
}

#[test]
fn search_ignores_accents_and_case_and_finds_towns() {
    let hits = paso_data_ok(&["search", "tapachula", "--json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&hits).unwrap();
    assert_eq!(rows[0]["kind"], "town");
    assert_eq!(rows[0]["title"], "Tapachula");
    assert_eq!(rows[0]["admin1"], "Chiapas");
    let catalog = Catalog::open_default().unwrap();
    let french = catalog.search("hopital", "fr", 5).unwrap();
    assert!(
        !french.is_empty(),
        "hopital finds hospitals (Hôpital in French)"
    );
    let accented = catalog.search("Tecún Umán", "es", 5).unwrap();
    let plain = catalog.search("tecun uman", "es", 5).unwrap();
    assert!(!plain.is_empty());
    assert_eq!(accented, plain);
}

#[test]
fn capitals_are_found_by_their_spanish_names() {
    // GeoNames names these capitals in English; places/town_search_names.csv adds the Spanish names, each
    // found and shown as typed, and the town is listed once.
    for (typed, id, title) in [
        ("Ciudad de México", "gn:3530597", "Ciudad de México"),
        ("ciudad de guatemala", "gn:3598132", "Ciudad de Guatemala"),
        ("Ciudad de Panama", "gn:3703443", "Ciudad de Panamá"),
        ("Mexico City", "gn:3530597", "Mexico City"),
    ] {
        let hits = paso_data_ok(&["search", typed, "--json", "--limit", "1"]);
        let rows: Vec<serde_json::Value> = serde_json::from_str(&hits).unwrap();
        assert_eq!(rows[0]["kind"], "town", "{typed}: {hits}");
        assert_eq!(rows[0]["id"], id, "{typed}: {hits}");
        assert_eq!(rows[0]["title"], title, "{typed}: {hits}");
        let hits = paso_data_ok(&["search", typed, "--json", "--limit", "30"]);
        let rows: Vec<serde_json::Value> = serde_json::from_str(&hits).unwrap();
        assert_eq!(
            rows.iter().filter(|r| r["id"] == id).count(),
            1,
            "{typed}: {hits}"
        );
    }
}

#[test]
fn which_country_uses_the_borders() {
    let catalog = Catalog::open_default().unwrap();
    assert_eq!(
        catalog
            .country_at(LatLon::new(14.90541, -92.25891))
            .unwrap()
            .as_str(),
        "MX"
    );
    assert_eq!(
        catalog
            .country_at(LatLon::new(9.93388, -84.08489))
            .unwrap()
            .as_str(),
        "CR"
    ); // GeoNames San José
    assert_eq!(
        catalog.country_at(LatLon::new(12.0, -100.0)),
        None,
        "the Pacific is no country"
    );
}

#[test]
fn info_reports_counts_by_every_dimension() {
    let text = paso_data_ok(&["info", "--json"]);
    let info: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(info["places"].as_u64().unwrap() >= 2000);
    assert_eq!(info["sha256"].as_str().unwrap().len(), 64);
    for key in [
        "country",
        "category",
        "location_precision",
        "status",
        "verification",
    ] {
        assert!(
            info[key].as_object().is_some_and(|m| !m.is_empty()),
            "{key}"
        );
    }
    assert_eq!(info["country"].as_object().unwrap().len(), 9);
    // The curated route points, as a country × category matrix that adds up to its total.
    let curated = &info["curated"];
    let matrix = curated["by_country_category"].as_object().unwrap();
    assert_eq!(matrix.len(), 9, "every route country has curated points");
    let sum: u64 = matrix
        .values()
        .flat_map(|c| c.as_object().unwrap().values())
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(curated["total"].as_u64(), Some(sum));
    assert!(sum >= 400, "{sum}");
}
