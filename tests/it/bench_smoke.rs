//! `paso-data bench --quick` through the library and through the binary: every nearest method returns the
//! same ids, FTS5 and LIKE return the same rows, and the report has every section. Timing is never checked.

use crate::common::*;
use paso::bench::{run, Options};

#[test]
fn the_quick_benchmark_agrees_across_methods_and_reports_every_section() {
    let work = tempfile::tempdir().unwrap();
    let mut options = Options::quick();
    options.work_dir = work.path().to_path_buf();
    options.paso_data_exe = Some(env!("CARGO_BIN_EXE_paso-data").into());
    let report = run(&options).expect("methods agree");
    let nearest = report.table("Nearest").expect("nearest table");
    for method in [
        "Paso rstar (in memory)",
        "Paso bundle trees (the app's near)",
        "brute force",
        "SQLite R*Tree",
        "kiddo k-d tree",
    ] {
        for filter in ["all", "shelter"] {
            assert!(
                nearest
                    .rows
                    .iter()
                    .any(|r| r[1] == filter && r[2] == method && r[0].starts_with("real ")),
                "{method} {filter} missing on the real bundle"
            );
            assert!(
                nearest
                    .rows
                    .iter()
                    .any(|r| r[1] == filter && r[2] == method && r[0].starts_with("synthetic ")),
                "{method} {filter} missing on synthetic points"
            );
        }
    }
    let search = report.table("Search").expect("search table");
    assert_eq!(search.rows.len(), 6, "{search:?}");
    let found: Vec<&str> = search.rows.iter().map(|r| r[3].as_str()).collect();
    assert_eq!(found[0], found[2], "FTS5 and LIKE row counts");
    assert_ne!(found[0], "0");
    let cold = report.table("Cold start").expect("cold start table");
    for step in [
        "shelf cheap check",
        "first near query",
        "first start only: verify",
    ] {
        assert!(
            cold.rows.iter().any(|r| r[0].starts_with(step)),
            "{step}: {cold:?}"
        );
    }
    assert!(report.table("Bundle size").is_some());
    let ui = report.table("UI").expect("UI table");
    assert_eq!(
        ui.rows.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        ["es", "en", "fr"]
    );
    assert!(report
        .budgets
        .iter()
        .any(|b| b.what == "default bundle size"));
    let text = report.to_markdown();
    assert!(text.contains("--quick"), "{text}");
}

#[test]
fn paso_data_bench_quick_runs_and_prints_the_ratio_table() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("report.md");
    let text = paso_data_ok(&[
        "bench",
        "--quick",
        "--work-dir",
        work.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(text.contains("| points"), "{text}");
    assert!(text.contains("× Paso"), "{text}");
    assert!(text.contains("× FTS5"), "{text}");
    assert!(text.contains("Search per keystroke"), "{text}");
    assert!(
        text.contains("search per keystroke on the real bundle"),
        "{text}"
    );
    assert!(text.contains("## Budgets"), "{text}");
    assert_eq!(std::fs::read_to_string(&out).unwrap().trim(), text.trim());
}
