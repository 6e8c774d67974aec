//! `paso-data guide-stats`: reads the guide files of a data folder with the builder's own parser and prints
//! one row per country (the measures are `paso::prose::guide_stats`), plus the v2 findings per file.

use anyhow::Result;
use paso::bundle::guides::read_guides;
use paso::bundle::{Diagnostics, Severity};
use paso::prose::guide_stats;
use std::path::Path;

pub fn command_guide_stats(data: &Path, lang: &str) -> Result<()> {
    let mut diagnostics = Diagnostics::default();
    let guides = read_guides(&data.join("guides"), &mut diagnostics)?;
    let findings = |cc: &str, severity: Severity| {
        let prefix = format!("guides/{cc}/");
        diagnostics
            .items()
            .iter()
            .filter(|d| d.severity == severity && d.file.starts_with(&prefix))
            .count()
    };
    println!("| country | words ({lang}) | avg sentence ({lang}) | key-points words | acronyms not written out ({lang}) | emergency numbers official/UN | conflict blocks | v2 errors (3 files) | warnings |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut countries: Vec<String> = std::fs::read_dir(data.join("guides"))?
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir() && e.file_name() != paso::bundle::guides::CARDS_FOLDER)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    countries.sort();
    for cc in countries {
        let errors = findings(&cc, Severity::Error);
        let warnings = findings(&cc, Severity::Warning);
        match guides
            .iter()
            .find(|g| g.country.as_str().eq_ignore_ascii_case(&cc) && g.lang == lang)
        {
            Some(guide) => {
                let stats = guide_stats(guide);
                println!(
                    "| {} | {} | {:.1} | {} | {} | {}/{} | {} | {errors} | {warnings} |",
                    cc.to_uppercase(),
                    stats.prose.words,
                    stats.prose.average_sentence_words(),
                    stats.key_points_words,
                    stats.unexplained_acronyms,
                    stats.emergency_authoritative,
                    stats.emergency_numbers,
                    stats.conflicts
                );
            }
            None => println!(
                "| {} | – | – | – | – | – | – | {errors} | {warnings} |",
                cc.to_uppercase()
            ),
        }
    }
    if diagnostics.has_errors() || diagnostics.warning_count() > 0 {
        println!();
        for item in diagnostics.items() {
            println!("{item}");
        }
    }
    Ok(())
}
