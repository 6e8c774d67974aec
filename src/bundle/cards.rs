//! "What's true" cards: parse `data/guides/cards/<card-id>/<lang>.md` (format v2 front matter with `card`
//! and `countries`, free CommonMark body) and check them like guides, plus: every paragraph and list item
//! cites a source, and the three languages share sources and countries.

use super::diagnostics::{Diagnostics, Location};
use super::guide_checks::{
    check_body_lines, check_cited, check_dating, check_markdown, check_sources, citations,
    limit_text, parse_front, read_language_folders, split_document, LanguageFile, GUIDE_LANGUAGES,
};
use super::BundleError;
use crate::model::{Card, CountryCode, GuideSource};
use crate::prose::is_list_item;
use std::path::Path;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    card: String,
    lang: String,
    title: String,
    #[serde(default)]
    countries: Vec<String>,
    compiled_on: String,
    #[serde(default)]
    field_reviewed_on: Option<String>,
    #[serde(default)]
    field_reviewed_by: Option<String>,
    #[serde(default)]
    sources: Vec<GuideSource>,
}

/// Parses and checks one card file; problems go to `diagnostics` with their line.
pub fn parse_card(text: &str, label: &str, diagnostics: &mut Diagnostics) -> Option<Card> {
    let file = Location::file(label);
    let document = split_document(text, label, diagnostics)?;
    let front: FrontMatter = parse_front(document.front, label, diagnostics)?;
    let valid_id = !front.card.is_empty()
        && front
            .card
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid_id {
        diagnostics.error(
            &file,
            Some("card"),
            format!("{:?} is not a valid card id", front.card),
            Some("lower-case letters, digits and -"),
        );
    }
    if !GUIDE_LANGUAGES.contains(&front.lang.as_str()) {
        diagnostics.error(
            &file,
            Some("lang"),
            format!("unknown language {:?}", front.lang),
            Some("es, en or fr"),
        );
    }
    let mut countries = Vec::new();
    for code in &front.countries {
        match CountryCode::parse(code) {
            Some(country) => countries.push(country),
            None => diagnostics.error(
                &file,
                Some("countries"),
                format!("{code:?} is not a country code"),
                Some("ISO2 such as PA"),
            ),
        }
    }
    let dating = check_dating(
        &front.compiled_on,
        front.field_reviewed_on.as_deref(),
        front.field_reviewed_by.as_deref(),
        document.front,
        label,
        diagnostics,
    );
    check_sources(&front.sources, document.front, label, diagnostics);
    let lines: Vec<(u64, &str)> = document
        .body
        .lines()
        .enumerate()
        .map(|(index, line)| (document.body_first_line + index as u64, line))
        .collect();
    check_body_lines(&lines, label, diagnostics);
    check_every_block_cited(&lines, label, diagnostics);
    let body = document.body.trim().to_string();
    limit_text("guide.title", &front.title, &file, diagnostics);
    limit_text("guide.section", &body, &file, diagnostics);
    check_markdown(&body, "body", label, diagnostics);
    let cited = citations(&body);
    if cited.is_empty() {
        diagnostics.error(
            &file,
            Some("body"),
            "cites no source",
            Some("[@source-id] after every fact"),
        );
    }
    check_cited(&cited, &front.sources, label, diagnostics);
    Some(Card {
        id: front.card,
        lang: front.lang,
        title: front.title,
        countries,
        dating: dating?,
        sources: front.sources,
        body,
        cited,
    })
}

/// Every paragraph and list item (headings and conflict markers aside) carries a citation.
fn check_every_block_cited(lines: &[(u64, &str)], label: &str, diagnostics: &mut Diagnostics) {
    let mut block: Option<(u64, bool)> = None;
    let finish = |block: &mut Option<(u64, bool)>, diagnostics: &mut Diagnostics| {
        if let Some((line, false)) = block.take() {
            diagnostics.error(
                &Location::line(label, line),
                Some("body"),
                "this paragraph or list item cites no source",
                Some("[@source-id] after every fact"),
            );
        }
    };
    for &(number, line) in lines {
        let text = line.trim().trim_start_matches('>').trim();
        if text.is_empty() || text.starts_with('#') || text == "[!conflict]" {
            finish(&mut block, diagnostics);
            continue;
        }
        if is_list_item(text) {
            finish(&mut block, diagnostics);
        }
        let cited = text.contains("[@");
        match block.as_mut() {
            Some((_, has)) => *has |= cited,
            None => block = Some((number, cited)),
        }
    }
    finish(&mut block, diagnostics);
}

/// Reads every card under `dir` (`<card-id>/<lang>.md`): all languages present, with the same sources and
/// countries. Returns the cards sorted by id and language.
pub fn read_cards(dir: &Path, diagnostics: &mut Diagnostics) -> Result<Vec<Card>, BundleError> {
    let mut cards = Vec::new();
    for files in read_language_folders(dir, "cards/", None, "card", diagnostics)? {
        let Some(id) = files.first().map(|f| f.folder.clone()) else {
            continue;
        };
        let mut found: Vec<Card> = Vec::new();
        for LanguageFile {
            lang, label, text, ..
        } in files
        {
            if let Some(card) = parse_card(&text, &label, diagnostics) {
                if card.id != id || card.lang != lang {
                    diagnostics.error(
                        &Location::file(&label),
                        Some("card"),
                        format!(
                            "front matter says {}/{} but the file is {id}/{lang}",
                            card.id, card.lang
                        ),
                        None,
                    );
                }
                found.push(card);
            }
        }
        if let Some(first) = found.first() {
            let source_ids = |c: &Card| {
                let mut ids: Vec<String> = c.sources.iter().map(|s| s.id.clone()).collect();
                ids.sort();
                ids
            };
            for other in &found[1..] {
                let label = format!("guides/cards/{id}/{}.md", other.lang);
                if source_ids(other) != source_ids(first) {
                    diagnostics.error(
                        &Location::file(&label),
                        Some("sources"),
                        format!("source ids differ from guides/cards/{id}/{}.md", first.lang),
                        Some("the same sources in every language"),
                    );
                }
                if other.countries != first.countries {
                    diagnostics.error(
                        &Location::file(&label),
                        Some("countries"),
                        format!("countries differ from guides/cards/{id}/{}.md", first.lang),
                        None,
                    );
                }
            }
        }
        cards.extend(found);
    }
    Ok(cards)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARD: &str = "+++\ncard = \"free\"\nlang = \"en\"\ntitle = \"It is free\"\ncountries = [\"MX\"]\ncompiled_on = \"2026-12-02\"\n\n[[sources]]\nid = \"a\"\nurl = \"https://example.org/a\"\ntitle = \"A\"\ntier = \"un\"\npublished = \"undated\"\nread_on = \"2026-12-02\"\n+++\n\nAsking for asylum is free. [@a]\n\n- Nobody may sell you a place in line. [@a]\n";

    #[test]
    fn a_good_card_parses() {
        let mut diagnostics = Diagnostics::default();
        let card = parse_card(CARD, "cards/free/en.md", &mut diagnostics).unwrap();
        assert!(!diagnostics.has_errors(), "{diagnostics}");
        assert_eq!(card.countries, vec![CountryCode::parse("MX").unwrap()]);
        assert_eq!(card.cited, vec!["a"]);
        assert!(card.dating.field_review.is_none());
    }

    #[test]
    fn an_uncited_paragraph_and_a_missing_tier_are_refused_with_lines() {
        let mut diagnostics = Diagnostics::default();
        let text = CARD.replace("- Nobody may", "A fact without a source.\n\n- Nobody may");
        parse_card(&text, "cards/free/en.md", &mut diagnostics);
        let all = diagnostics.to_string();
        assert!(
            all.contains("line 19, field `body`: this paragraph or list item cites no source"),
            "{all}"
        );
        let mut diagnostics = Diagnostics::default();
        parse_card(
            &CARD.replace("tier = \"un\"\n", ""),
            "cards/free/en.md",
            &mut diagnostics,
        );
        assert!(
            diagnostics.to_string().contains("missing field `tier`"),
            "{diagnostics}"
        );
    }
}
