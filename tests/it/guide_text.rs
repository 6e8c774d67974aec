//! Guide and card text (format v2) checked from the files in `data/`: every card passes the builder's
//! checks, the numbers, amounts and dates of every guide section and card are the same in es, en and fr
//! (after normalising locale formats, `paso::prose::numeric_facts`), and `paso-data guide-stats` prints
//! the measures the library computes.

use crate::common::*;
use paso::bundle::cards::read_cards;
use paso::bundle::guides::{read_guides, CARDS_FOLDER};
use paso::bundle::Diagnostics;
use paso::prose::{guide_stats, numeric_facts};
use std::collections::BTreeMap;

fn data_guides() -> std::path::PathBuf {
    root().join("data/guides")
}

#[test]
fn every_card_in_data_passes_the_builder_in_three_languages() {
    let mut diagnostics = Diagnostics::default();
    let cards = read_cards(&data_guides().join(CARDS_FOLDER), &mut diagnostics).unwrap();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
    let mut ids: Vec<&str> = cards.iter().map(|c| c.id.as_str()).collect();
    ids.dedup();
    assert!(ids.len() >= 5, "only {} cards: {ids:?}", ids.len());
    assert_eq!(cards.len(), ids.len() * 3, "every card in es, en and fr");
    for card in &cards {
        assert!(
            card.dating.field_review.is_none(),
            "{}: nobody checked it on the ground",
            card.id
        );
        assert!(!card.cited.is_empty(), "{}/{}", card.id, card.lang);
    }
}

/// `(file, part)` → the normalised facts in each language.
fn mismatches(parts: BTreeMap<(String, String), BTreeMap<String, Vec<String>>>) -> Vec<String> {
    let mut found = Vec::new();
    for ((file, part), by_lang) in parts {
        let Some(es) = by_lang.get("es") else {
            continue;
        };
        for (lang, facts) in &by_lang {
            if facts != es {
                found.push(format!("{file} {part}: es {es:?} but {lang} {facts:?}"));
            }
        }
    }
    found
}

#[test]
fn numbers_amounts_and_dates_match_across_languages_in_every_guide_and_card() {
    let mut diagnostics = Diagnostics::default();
    let guides = read_guides(&data_guides(), &mut diagnostics).unwrap();
    let cards = read_cards(&data_guides().join(CARDS_FOLDER), &mut diagnostics).unwrap();
    let mut parts: BTreeMap<(String, String), BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for guide in &guides {
        for section in &guide.sections {
            parts
                .entry((format!("guides/{}", guide.country), section.id.clone()))
                .or_default()
                .insert(guide.lang.clone(), numeric_facts(&section.body));
        }
    }
    for card in &cards {
        parts
            .entry((format!("cards/{}", card.id), "body".into()))
            .or_default()
            .insert(card.lang.clone(), numeric_facts(&card.body));
    }
    assert_eq!(
        parts.len(),
        guides.len() / 3 * paso::model::GUIDE_SECTIONS.len() + cards.len() / 3,
        "every section of every guide and every card is compared"
    );
    assert!(
        guides.len() >= 27 && cards.len() >= 15,
        "{} guides, {} cards",
        guides.len(),
        cards.len()
    );
    let found = mismatches(parts);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn a_changed_number_in_one_language_is_caught() {
    let mut parts: BTreeMap<(String, String), BTreeMap<String, Vec<String>>> = BTreeMap::new();
    let part = parts.entry(("cards/x".into(), "body".into())).or_default();
    part.insert(
        "es".into(),
        numeric_facts("Entre 4 y 10 días, 7.000 dólares."),
    );
    part.insert(
        "en".into(),
        numeric_facts("Between 4 and 10 days, 7,000 dollars."),
    );
    part.insert(
        "fr".into(),
        numeric_facts("Entre 4 et 12 jours, 7 000 dollars."),
    );
    let found = mismatches(parts);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("fr"), "{found:?}");
}

#[test]
fn guide_stats_prints_the_library_measures_for_each_country() {
    let out = paso_data_ok(&["guide-stats", "--data", "tests/data/mini"]);
    let mut diagnostics = Diagnostics::default();
    let guides = read_guides(&fixture("mini/guides"), &mut diagnostics).unwrap();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
    let es = guides.iter().find(|g| g.lang == "es").unwrap();
    let stats = guide_stats(es);
    let row = format!(
        "| CR | {} | {:.1} | {} | {} | {}/{} | {} | 0 |",
        stats.prose.words,
        stats.prose.average_sentence_words(),
        stats.key_points_words,
        stats.unexplained_acronyms,
        stats.emergency_authoritative,
        stats.emergency_numbers,
        stats.conflicts
    );
    assert!(out.contains(&row), "{row} not in\n{out}");
    assert_eq!(
        stats.conflicts, 2,
        "the fixture (Costa Rica) has two conflict blocks"
    );
    assert!(stats.key_points_words <= 80);
    assert!(
        stats.prose.words > 500 && stats.prose.sentences > 40,
        "{stats:?}"
    );
}
