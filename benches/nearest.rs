//! Criterion: k=10 nearest on 100,000 synthetic places (seeded, clustered around the default bundle's real
//! towns) — Paso's R-tree, kiddo, SQLite R*Tree and brute force, with and without a category filter.
//! `paso-data bench` runs the same comparison at more sizes with ratios; this is the fine-grained view.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use paso::bench::nearest::{Indexes, Method, PointSet};
use paso::bench::synthetic::{positions, BundleDb, SyntheticPlaces};
use paso::model::{Category, LatLon};
use std::hint::black_box;
use std::time::Duration;

fn nearest(c: &mut Criterion) {
    let base = BundleDb::open_embedded().expect("default bundle");
    let towns = base.towns().expect("towns");
    let weights: Vec<(Category, u64)> = Category::ALL.iter().map(|c| (*c, 1)).collect();
    let places = SyntheticPlaces::generate(100_000, 2036, &towns, &weights);
    let set = PointSet {
        label: "synthetic 100k".into(),
        synthetic: true,
        positions: places.positions,
        categories: places.categories,
    };
    let (indexes, _) = Indexes::build(&set).expect("indexes");
    let queries: Vec<LatLon> = positions(1000, 2027, &towns)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    let mut group = c.benchmark_group("nearest_k10_synthetic_100k");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for category in [None, Some(Category::Shelter)] {
        let filter = category.map_or("all", |c| c.as_str());
        for method in Method::ALL {
            // Brute force answers 20 queries per iteration; the others all 1000.
            let count = if method == Method::BruteForce {
                20
            } else {
                queries.len()
            };
            group.throughput(criterion::Throughput::Elements(count as u64));
            group.bench_with_input(
                BenchmarkId::new(method.name(), filter),
                &queries[..count],
                |b, queries| {
                    b.iter(|| {
                        for origin in queries {
                            black_box(indexes.nearest(method, *origin, 10, category).unwrap());
                        }
                    })
                },
            );
        }
    }
    group.finish();
}

criterion_group!(benches, nearest);
criterion_main!(benches);
