//! Country guides: parse `data/guides/<cc>/<lang>.md` (TOML front matter + CommonMark, format v2) and
//! validate them against `data/guides/FORMAT.md`: seven fixed sections with `key-points` first and within
//! its limits, honest dating, tiered and dated sources, cited conflict blocks, emergency numbers written
//! in the text and (a warning) resting on an official or UN source.

use super::diagnostics::{Diagnostics, Location};
use super::guide_checks::{
    check_body_lines, check_cited, check_dating, check_markdown, check_sources, citations,
    limit_text, parse_front, read_language_folders, split_document, LanguageFile,
};
use super::BundleError;
use crate::model::{
    CountryCode, EmergencyNumber, Guide, GuideSection, GuideSource, GUIDE_SECTIONS,
    KEY_POINTS_MAX_ITEMS, KEY_POINTS_MAX_SENTENCE_WORDS, KEY_POINTS_MAX_WORDS,
};
use crate::prose::{is_list_item, prose_stats, sentences};
use std::path::Path;

pub use super::guide_checks::GUIDE_LANGUAGES;

/// The folder under `data/guides` that holds cards, not a country.
pub const CARDS_FOLDER: &str = "cards";

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    country: String,
    lang: String,
    title: String,
    compiled_on: String,
    #[serde(default)]
    field_reviewed_on: Option<String>,
    #[serde(default)]
    field_reviewed_by: Option<String>,
    #[serde(default)]
    sources: Vec<GuideSource>,
    #[serde(default)]
    emergency: Vec<EmergencyNumber>,
}

/// A section while it is read: its heading line and its body lines with their file lines.
struct SectionDraft<'a> {
    id: String,
    title: String,
    heading_line: u64,
    lines: Vec<(u64, &'a str)>,
}

/// Parses and checks one guide file; problems go to `diagnostics` with their line.
pub fn parse_guide(text: &str, label: &str, diagnostics: &mut Diagnostics) -> Option<Guide> {
    let file = Location::file(label);
    let document = split_document(text, label, diagnostics)?;
    let front: FrontMatter = parse_front(document.front, label, diagnostics)?;
    let country = CountryCode::parse(&front.country);
    if country.is_none() {
        diagnostics.error(
            &file,
            Some("country"),
            format!("{:?} is not a country code", front.country),
            Some("ISO2 such as CR"),
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
    let dating = check_dating(
        &front.compiled_on,
        front.field_reviewed_on.as_deref(),
        front.field_reviewed_by.as_deref(),
        document.front,
        label,
        diagnostics,
    );
    check_sources(&front.sources, document.front, label, diagnostics);
    limit_text("guide.title", &front.title, &file, diagnostics);
    for number in &front.emergency {
        limit_text("guide.emergency.label", &number.label, &file, diagnostics);
        limit_text("guide.emergency.number", &number.number, &file, diagnostics);
    }

    let mut drafts: Vec<SectionDraft> = Vec::new();
    let mut all_lines: Vec<(u64, &str)> = Vec::new();
    for (index, line) in document.body.lines().enumerate() {
        let number = document.body_first_line + index as u64;
        all_lines.push((number, line));
        if let Some(heading) = line.strip_prefix("## ") {
            let heading = heading.trim();
            let Some((title, id)) = heading.strip_suffix('}').and_then(|h| h.rsplit_once("{#"))
            else {
                diagnostics.error(
                    &Location::line(label, number),
                    None,
                    format!("section heading {heading:?} has no id"),
                    Some("## Title {#entry}"),
                );
                continue;
            };
            drafts.push(SectionDraft {
                id: id.trim().to_string(),
                title: title.trim().to_string(),
                heading_line: number,
                lines: Vec::new(),
            });
        } else if let Some(draft) = drafts.last_mut() {
            draft.lines.push((number, line));
        } else if !line.trim().is_empty() {
            diagnostics.error(
                &Location::line(label, number),
                None,
                "text before the first section",
                Some("## Title {#key-points} first"),
            );
        }
    }
    check_body_lines(&all_lines, label, diagnostics);

    let ids: Vec<&str> = drafts.iter().map(|s| s.id.as_str()).collect();
    if ids != GUIDE_SECTIONS {
        diagnostics.error(
            &file,
            None,
            format!("sections are {ids:?}"),
            Some(&format!("exactly {GUIDE_SECTIONS:?}, in order")),
        );
    }
    if let Some(key_points) = drafts.iter().find(|d| d.id == "key-points") {
        check_key_points(key_points, label, diagnostics);
    }
    let sections: Vec<GuideSection> = drafts
        .iter()
        .map(|draft| {
            let body = draft
                .lines
                .iter()
                .map(|(_, line)| *line)
                .collect::<Vec<_>>()
                .join("\n")
                .trim()
                .to_string();
            GuideSection {
                id: draft.id.clone(),
                title: draft.title.clone(),
                sources: citations(&body),
                body,
            }
        })
        .collect();
    let mut cited_anywhere: Vec<String> = Vec::new();
    for (section, draft) in sections.iter().zip(&drafts) {
        if section.sources.is_empty() {
            diagnostics.error(
                &Location::line(label, draft.heading_line),
                Some(&format!("section {}", section.id)),
                "cites no source",
                Some("at least one [@source-id]"),
            );
        }
        for id in &section.sources {
            if !cited_anywhere.contains(id) {
                cited_anywhere.push(id.clone());
            }
        }
        let section_field = Location::line(label, draft.heading_line);
        limit_text(
            "guide.section.title",
            &section.title,
            &section_field,
            diagnostics,
        );
        limit_text("guide.section", &section.body, &section_field, diagnostics);
        check_markdown(
            &section.body,
            &format!("section {}", section.id),
            label,
            diagnostics,
        );
    }
    check_cited(&cited_anywhere, &front.sources, label, diagnostics);
    check_emergency(&front, &sections, document.front, label, diagnostics);
    Some(Guide {
        country: country?,
        lang: front.lang,
        title: front.title,
        dating: dating?,
        sources: front.sources,
        emergency: front.emergency,
        sections,
    })
}

/// `key-points`: only a bullet list, at most 5 items and 80 words, sentences of at most 12 words, every
/// item cited.
fn check_key_points(draft: &SectionDraft, label: &str, diagnostics: &mut Diagnostics) {
    let field = Some("section key-points");
    let mut items: Vec<(u64, String)> = Vec::new();
    for &(number, line) in &draft.lines {
        if is_list_item(line) {
            items.push((number, format!("{line}\n")));
        } else if line.trim().is_empty() {
            continue;
        } else if let Some((_, item)) = items.last_mut() {
            item.push_str(line);
            item.push('\n');
        } else {
            diagnostics.error(
                &Location::line(label, number),
                field,
                "key-points holds only a bullet list",
                Some("- Short sentence. [@source-id]"),
            );
        }
    }
    let heading = Location::line(label, draft.heading_line);
    if items.is_empty() {
        diagnostics.error(
            &heading,
            field,
            "no key points",
            Some("a bullet list of the 5 things a person arriving must know"),
        );
    }
    if items.len() > KEY_POINTS_MAX_ITEMS {
        diagnostics.error(
            &heading,
            field,
            format!("{} key points", items.len()),
            Some(&format!("at most {KEY_POINTS_MAX_ITEMS}")),
        );
    }
    let mut words = 0;
    for (position, (line, item)) in items.iter().enumerate() {
        if citations(item).is_empty() {
            diagnostics.error(
                &Location::line(label, *line),
                field,
                format!("key point {} cites no source", position + 1),
                Some("[@source-id] in every item"),
            );
        }
        for sentence in sentences(item) {
            if sentence.words > KEY_POINTS_MAX_SENTENCE_WORDS {
                diagnostics.error(
                    &Location::line(label, line + sentence.line as u64),
                    field,
                    format!(
                        "a sentence of {} words: {:?}",
                        sentence.words, sentence.text
                    ),
                    Some(&format!(
                        "at most {KEY_POINTS_MAX_SENTENCE_WORDS} words per sentence"
                    )),
                );
            }
        }
        words += prose_stats(item).words;
    }
    if words > KEY_POINTS_MAX_WORDS {
        diagnostics.error(
            &heading,
            field,
            format!("{words} words"),
            Some(&format!("at most {KEY_POINTS_MAX_WORDS} words in all")),
        );
    }
}

/// Every number is dialable, written in the emergency section and sourced; a warning when no source of
/// the number is official or UN.
fn check_emergency(
    front: &FrontMatter,
    sections: &[GuideSection],
    front_text: &str,
    label: &str,
    diagnostics: &mut Diagnostics,
) {
    let file = Location::file(label);
    let emergency_text = sections
        .iter()
        .find(|s| s.id == "emergency")
        .map(|s| s.body.as_str())
        .unwrap_or("");
    let compact = |t: &str| {
        t.chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
    };
    let emergency_digits: String = emergency_text
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let source = |id: &str| front.sources.iter().find(|s| s.id == id);
    let mut warned: Vec<String> = Vec::new();
    for number in &front.emergency {
        let digits: String = number.number.chars().filter(char::is_ascii_digit).collect();
        if digits.is_empty()
            || number
                .number
                .chars()
                .any(|c| !(c.is_ascii_digit() || " +-".contains(c)))
        {
            diagnostics.error(
                &file,
                Some("emergency.number"),
                format!("{:?} is not a dialable number", number.number),
                Some("digits, spaces, + and - only"),
            );
        }
        if !compact(emergency_text).contains(&compact(&number.number))
            || !emergency_digits.contains(&digits)
        {
            diagnostics.error(
                &file,
                Some("emergency.number"),
                format!("{} is not written in the emergency section", number.number),
                None,
            );
        }
        let Some(cited) = source(&number.source) else {
            diagnostics.error(
                &file,
                Some("emergency.source"),
                format!(
                    "number {} cites unknown source {:?}",
                    number.number, number.source
                ),
                None,
            );
            continue;
        };
        let backed = front.emergency.iter().any(|other| {
            compact(&other.number) == compact(&number.number)
                && source(&other.source).is_some_and(|s| s.tier.is_authoritative())
        });
        if !backed && !warned.contains(&compact(&number.number)) {
            warned.push(compact(&number.number));
            let wanted = format!("number = \"{}\"", number.number);
            let at = front_text
                .lines()
                .position(|line| line.trim() == wanted)
                .map(|index| Location::line(label, index as u64 + 2))
                .unwrap_or_else(|| file.clone());
            diagnostics.warning(
                &at,
                Some("emergency.source"),
                format!(
                    "{} ({}) rests only on {:?}, tier {}",
                    number.number,
                    number.label,
                    cited.id,
                    cited.tier.as_str()
                ),
                Some("an official or UN page that shows the number"),
            );
        }
    }
}

/// Reads every guide under `dir` (`<cc>/<lang>.md`) and checks that each country has all languages with
/// the same sections and sources. Returns the guides sorted by country and language.
pub fn read_guides(dir: &Path, diagnostics: &mut Diagnostics) -> Result<Vec<Guide>, BundleError> {
    let mut guides = Vec::new();
    for files in read_language_folders(dir, "", Some(CARDS_FOLDER), "country", diagnostics)? {
        let Some(cc) = files.first().map(|f| f.folder.clone()) else {
            continue;
        };
        let mut found: Vec<Guide> = Vec::new();
        for LanguageFile {
            lang, label, text, ..
        } in files
        {
            if let Some(guide) = parse_guide(&text, &label, diagnostics) {
                if guide.country.as_str().to_lowercase() != cc || guide.lang != lang {
                    diagnostics.error(
                        &Location::file(&label),
                        Some("country"),
                        format!(
                            "front matter says {}/{} but the file is {cc}/{lang}",
                            guide.country, guide.lang
                        ),
                        None,
                    );
                }
                found.push(guide);
            }
        }
        if let Some(first) = found.first() {
            let section_ids =
                |g: &Guide| g.sections.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
            let source_ids = |g: &Guide| {
                let mut ids: Vec<String> = g.sources.iter().map(|s| s.id.clone()).collect();
                ids.sort();
                ids
            };
            let (first_sections, first_sources) = (section_ids(first), source_ids(first));
            for other in &found[1..] {
                let label = format!("guides/{cc}/{}.md", other.lang);
                if section_ids(other) != first_sections {
                    diagnostics.error(
                        &Location::file(&label),
                        None,
                        format!("sections differ from guides/{cc}/{}.md", first.lang),
                        None,
                    );
                }
                if source_ids(other) != first_sources {
                    diagnostics.error(
                        &Location::file(&label),
                        Some("sources"),
                        format!("source ids differ from guides/{cc}/{}.md", first.lang),
                        Some("the same sources in every language"),
                    );
                }
            }
        }
        guides.extend(found);
    }
    Ok(guides)
}

#[cfg(test)]
mod tests;
