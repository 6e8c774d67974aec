//! Typo-tolerant search on the real default bundle: misspellings by ear, by keyboard and half-typed words in
//! Spanish, English and French must still put their town, place or category in the top 3. Prints the hit
//! rate of the FTS5 stages alone (what search did before) next to the whole search.

use paso::catalog::{Catalog, SearchHit};
use paso::store::fuzzy::MatchKind;
use paso::text::fold;

/// What was typed, the interface language, and the word (folded) a top-3 hit must carry in its title or in
/// what it matched.
const MISSPELLINGS: &[(&str, &str, &str)] = &[
    // Towns, as heard or as a fast keyboard drops letters.
    ("Tapacula", "es", "tapachula"),
    ("Tapachu", "es", "tapachula"),
    ("Tapacu", "es", "tapachula"),
    ("tapachla", "en", "tapachula"),
    ("Tenosike", "es", "tenosique"),
    ("Tenocique", "es", "tenosique"),
    ("Tihuana", "es", "tijuana"),
    ("Tijuan", "en", "tijuana"),
    ("Siudad Juares", "es", "juarez"),
    ("ciudad juares", "en", "juarez"),
    ("Esquipula", "es", "esquipulas"),
    ("Eskipulas", "es", "esquipulas"),
    ("Tecun Uman", "es", "tecun"),
    ("Tekun Uman", "fr", "tecun"),
    ("Chuluteca", "es", "choluteca"),
    ("Choluteka", "en", "choluteca"),
    ("Danli", "es", "danli"),
    ("Nekocli", "es", "necocli"),
    ("Necocly", "fr", "necocli"),
    ("Capurgana", "es", "capurgana"),
    ("Kapurgana", "fr", "capurgana"),
    ("Tegusigalpa", "es", "tegucigalpa"),
    ("Tegucijalpa", "en", "tegucigalpa"),
    ("Uehuetenango", "es", "huehuetenango"),
    ("Guehuetenango", "es", "huehuetenango"),
    ("Reinosa", "es", "reynosa"),
    ("Matamorros", "en", "matamoros"),
    ("Managa", "fr", "managua"),
    ("Yavisa", "es", "yaviza"),
    ("Meteti", "es", "meteti"),
    ("Suchiatte", "es", "suchiate"),
    ("San Pedro Zula", "es", "sula"),
    ("Comallagua", "es", "comayagua"),
    ("Esteli", "fr", "esteli"),
    ("Acandi", "es", "acandi"),
    ("Necoclí", "fr", "necocli"),
    // Category and place words.
    ("alverge", "es", "albergue"),
    ("albege", "es", "albergue"),
    ("ospital", "es", "hospital"),
    ("hopital", "fr", "hopital"),
    ("hôpital", "fr", "hopital"),
    ("hospitl", "en", "hospital"),
    ("migrasion", "es", "migracion"),
    ("migrazion", "es", "migracion"),
    ("migracon", "es", "migracion"),
    ("consolado", "es", "consulado"),
    ("consulat", "fr", "consulat"),
    ("embajda", "es", "embajada"),
    ("ambasade", "fr", "ambassade"),
    ("emabssy", "en", "embassy"),
    ("refujio", "es", "refugio"),
    ("hebergement", "fr", "hebergement"),
    ("ebergement", "fr", "hebergement"),
    ("shelte", "en", "shelter"),
    ("sheltr", "en", "shelter"),
    ("fronterisso", "es", "fronteriz"),
];

fn found(hits: &[SearchHit], expected: &str) -> bool {
    hits.iter()
        .take(3)
        .any(|h| fold(&h.title).contains(expected) || fold(&h.matched).contains(expected))
}

#[test]
fn misspellings_still_find_their_town_place_or_category_in_the_top_3() {
    assert!(MISSPELLINGS.len() >= 40);
    let catalog = Catalog::open_default().unwrap();
    let mut before = 0;
    let mut after = 0;
    let mut missed = Vec::new();
    for &(typed, lang, expected) in MISSPELLINGS {
        let hits = catalog.search(typed, lang, 40).unwrap();
        let fts_only: Vec<SearchHit> = hits
            .iter()
            .filter(|h| !h.how.is_correction())
            .cloned()
            .collect();
        before += usize::from(found(&fts_only, expected));
        if found(&hits, expected) {
            after += 1;
        } else {
            let top: Vec<String> = hits
                .iter()
                .take(3)
                .map(|h| format!("{} [{} {}]", h.title, h.how.as_str(), h.matched))
                .collect();
            missed.push(format!("{typed:?} ({lang}) → {top:?}, wanted {expected}"));
        }
    }
    println!(
        "misspellings in the top 3: FTS5 alone {before}/{n}, with by-ear and fuzzy {after}/{n}",
        n = MISSPELLINGS.len()
    );
    assert!(missed.is_empty(), "missed:\n{}", missed.join("\n"));
}

#[test]
fn each_hit_says_how_it_matched_and_exact_ranks_first() {
    let catalog = Catalog::open_default().unwrap();
    for (typed, how, matched) in [
        ("Tapachula", MatchKind::Exact, "Tapachula"),
        ("Tapach", MatchKind::Prefix, "Tapachula"),
        ("Tenosike", MatchKind::ByEar, "Tenosique"),
        ("Chuluteca", MatchKind::Fuzzy, "Choluteca"),
    ] {
        let hits = catalog.search(typed, "es", 40).unwrap();
        let first = hits.first().unwrap_or_else(|| panic!("{typed}: no hit"));
        assert_eq!(
            (first.how, first.matched.as_str()),
            (how, matched),
            "{typed}"
        );
        assert!(
            hits.windows(2).all(|w| w[0].how <= w[1].how),
            "{typed}: not ranked by how it matched"
        );
    }
}

#[test]
fn a_correct_word_is_not_drowned_by_guesses() {
    let catalog = Catalog::open_default().unwrap();
    let hits = catalog.search("Tapachula", "es", 40).unwrap();
    assert!(hits.iter().take(3).all(|h| h.how == MatchKind::Exact));
    assert!(catalog.search("zzqxw", "es", 40).unwrap().is_empty());
}

#[test]
fn paso_data_search_json_says_what_matched_and_how() {
    let output = crate::common::paso_data_ok(&["search", "Tapacula", "--json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&output).unwrap();
    assert_eq!(rows[0]["kind"], "town");
    assert_eq!(rows[0]["title"], "Tapachula");
    assert_eq!(rows[0]["matched"], "Tapachula");
    assert_eq!(rows[0]["how"], "by-ear");
    let output = crate::common::paso_data_ok(&["search", "tapachula", "--json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&output).unwrap();
    assert_eq!(rows[0]["how"], "exact");
}
