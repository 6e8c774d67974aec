//! Search as a person types it: every keystroke of real words (spelled right and spelled by ear) runs the
//! app's own search (`Catalog::search`: FTS5 first, then the by-ear and fuzzy stages), on the real bundle
//! and on a synthetic one, timed keystroke by keystroke.

use super::report::{Budget, Report, Table};
use super::stats::{Rounds, Spread};
use super::synthetic::{synthetic_bundle, BundleDb, SyntheticPlaces, Town};
use super::BenchError;
use crate::bundle::TrustedKeys;
use crate::catalog::Catalog;
use crate::model::Category;
use std::time::Instant;

/// Words typed as they are spelled, with the language of the screen.
pub const SPELLED_RIGHT: [(&str, &str); 8] = [
    ("Tapachula", "es"),
    ("albergue", "es"),
    ("hospital", "es"),
    ("migración", "es"),
    ("Necoclí", "es"),
    ("refuge", "fr"),
    ("shelter", "en"),
    ("Choluteca", "en"),
];

/// The same kind of words as people on the route spell them by ear or with one slip (each must take
/// the fuzzy or by-ear path for its last keystrokes).
pub const SPELLED_BY_EAR: [(&str, &str); 8] = [
    ("Tapacula", "es"),
    ("alverge", "es"),
    ("ospital", "es"),
    ("migrasion", "es"),
    ("Nekocli", "es"),
    ("refuje", "fr"),
    ("shelterr", "en"),
    ("Cholutega", "en"),
];

/// Results asked for on each keystroke (what the search screen shows).
const LIMIT: usize = 20;

/// Every prefix of `word` of two letters or more, as the field holds it after each keystroke.
pub fn keystrokes(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    (2..=chars.len())
        .map(|n| chars[..n].iter().collect())
        .collect()
}

/// The milliseconds of each keystroke of `words` in one pass.
fn type_words(catalog: &Catalog, words: &[(&str, &str)]) -> Result<Vec<f64>, BenchError> {
    let mut millis = Vec::new();
    for (word, lang) in words {
        for typed in keystrokes(word) {
            let start = Instant::now();
            std::hint::black_box(catalog.search(&typed, lang, LIMIT)?);
            millis.push(start.elapsed().as_secs_f64() * 1000.0);
        }
    }
    Ok(millis)
}

/// The 95th percentile of `values` (nearest rank).
fn p95(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[((sorted.len() as f64 * 0.95).ceil() as usize).clamp(1, sorted.len()) - 1]
}

/// Adds the per-keystroke table and its budgets: ≤ 5 ms per keystroke on the real bundle (median), and
/// words spelled by ear ≤ 3× the cost of words spelled right, round by round.
#[allow(clippy::too_many_arguments)]
pub fn section(
    report: &mut Report,
    rounds: usize,
    synthetic_size: usize,
    seed: u64,
    base: &BundleDb,
    towns: &[Town],
    weights: &[(Category, u64)],
    real: &Catalog,
) -> Result<(), BenchError> {
    // The synthetic catalog is signed here with a throwaway key that only this run trusts.
    let key = ed25519_dalek::SigningKey::from_bytes(&seed_bytes(seed));
    let places = SyntheticPlaces::generate(synthetic_size, seed + 40, towns, weights);
    let bytes = synthetic_bundle(base, &places, towns, &key)?;
    let mut trusted = TrustedKeys::default();
    trusted.add(key.verifying_key(), "benchmark (this run only)");
    // A 100k-place synthetic database is larger than a phone's default limit; this run knows its size.
    let limits = crate::store::Limits::default().with_max_db_bytes(u64::MAX / 2);
    let synthetic = Catalog::open_with(&bytes, &trusted, &limits)?;
    let mut table = Table::new(
        "Search per keystroke (the app's search, ms per keystroke: median (min–max) over rounds of each round's median)",
        &["bundle", "typed", "keystrokes", "first keystroke ms", "median ms", "p95 ms", "× spelled right"],
    );
    let label_synthetic = format!("synthetic {}", super::size_label(synthetic.places().len()));
    for (label, catalog) in [
        (format!("real {}", real.places().len()), real),
        (label_synthetic, &synthetic),
    ] {
        // The very first keystrokes pay for building the fuzzy vocabulary: reported, not hidden.
        let first_right = type_words(catalog, &SPELLED_RIGHT[..1])?[0];
        let first_by_ear = type_words(catalog, &SPELLED_BY_EAR[..1])?[0];
        let mut medians = [Rounds::default(), Rounds::default()];
        let mut p95s = [Vec::new(), Vec::new()];
        let mut counts = [0, 0];
        for _ in 0..rounds.max(1) {
            for (slot, words) in [&SPELLED_RIGHT[..], &SPELLED_BY_EAR[..]]
                .into_iter()
                .enumerate()
            {
                let millis = type_words(catalog, words)?;
                counts[slot] = millis.len();
                p95s[slot].push(p95(&millis));
                if let Some(spread) = Spread::of(&millis) {
                    medians[slot].push(spread.median);
                }
            }
        }
        let ratio = medians[1].ratio_to(&medians[0]);
        for (slot, typed) in ["spelled right", "spelled by ear"].into_iter().enumerate() {
            table.row(vec![
                label.clone(),
                typed.into(),
                counts[slot].to_string(),
                if slot == 0 {
                    format!("{first_right:.2}")
                } else {
                    format!("{first_by_ear:.2}")
                },
                medians[slot].spread().map_or("-".into(), |s| s.show_auto()),
                Spread::of(&p95s[slot]).map_or("-".into(), |s| s.show_auto()),
                if slot == 0 {
                    "1".into()
                } else {
                    ratio.map_or("-".into(), |s| s.show_auto())
                },
            ]);
        }
        if label.starts_with("real") {
            let all: Vec<f64> = medians[0].0.iter().chain(&medians[1].0).copied().collect();
            if let Some(spread) = Spread::of(&all) {
                report.budgets.push(Budget::millis_at_most(
                    "search per keystroke on the real bundle (median)",
                    5.0,
                    spread,
                ));
            }
        }
        if let Some(ratio) = ratio {
            report.budgets.push(Budget::at_most(
                &format!("search per keystroke at {label}: spelled by ear ÷ spelled right"),
                3.0,
                ratio,
            ));
        }
    }
    table.note(format!(
        "typed: {} (right) and {} (by ear), every prefix of 2 letters or more, {LIMIT} results each; the first-keystroke column is the first search of the run (the by-ear one builds the fuzzy vocabulary)",
        SPELLED_RIGHT.map(|w| w.0).join(", "),
        SPELLED_BY_EAR.map(|w| w.0).join(", "),
    ));
    report.tables.push(table);
    Ok(())
}

/// A deterministic throwaway signing seed for the synthetic bundle.
fn seed_bytes(seed: u64) -> [u8; 32] {
    let mut bytes = [7u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_keystroke_from_the_second_letter_is_typed() {
        assert_eq!(
            keystrokes("Necoclí"),
            ["Ne", "Nec", "Neco", "Necoc", "Necocl", "Necoclí"]
        );
        assert!(keystrokes("a").is_empty());
    }

    #[test]
    fn the_by_ear_words_really_are_misspelled_and_the_app_still_finds_a_place() {
        let catalog = Catalog::open_default().unwrap();
        for ((right, _), (by_ear, lang)) in SPELLED_RIGHT.iter().zip(SPELLED_BY_EAR) {
            assert_ne!(right, &by_ear);
            let hits = catalog.search(by_ear, lang, LIMIT).unwrap();
            assert!(
                !hits.is_empty(),
                "{by_ear} finds nothing on the default bundle"
            );
        }
    }

    #[test]
    fn p95_is_a_value_near_the_top() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(p95(&values), 95.0);
        assert_eq!(p95(&[3.0]), 3.0);
    }
}
