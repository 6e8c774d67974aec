//! Criterion: search on the real default bundle's search table and on 20,000 synthetic rows — the FTS5
//! prefix query, the app's ranked top-20 query, and a LIKE scan over the same folded text.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use paso::bench::search::{queries, Corpus, SearchMethod};
use paso::bench::synthetic::{BundleDb, CategoryWords, SyntheticPlaces};
use paso::model::Category;
use std::hint::black_box;
use std::time::Duration;

fn search(c: &mut Criterion) {
    let base = BundleDb::open_embedded().expect("default bundle");
    let towns = base.towns().expect("towns");
    let weights: Vec<(Category, u64)> = Category::ALL.iter().map(|c| (*c, 1)).collect();
    let places = SyntheticPlaces::generate(20_000, 2046, &towns, &weights);
    let typed = queries(&CategoryWords::load(), &towns);
    let corpora = [
        ("real", Corpus::from_bundle(&base).expect("real corpus")),
        (
            "synthetic_20k",
            Corpus::synthetic(&places, &towns).expect("synthetic corpus"),
        ),
    ];
    let mut group = c.benchmark_group("search");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .throughput(criterion::Throughput::Elements(typed.len() as u64));
    for (label, corpus) in &corpora {
        for method in SearchMethod::ALL {
            group.bench_with_input(
                BenchmarkId::new(method.name(), label),
                corpus,
                |b, corpus| {
                    b.iter(|| {
                        for (query, lang) in &typed {
                            black_box(corpus.find(method, query, lang).unwrap());
                        }
                    })
                },
            );
        }
    }
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
