//! Country guides: parse `data/guides/<cc>/<lang>.md` (TOML front matter + CommonMark) and validate them
//! against the rules in `data/guides/FORMAT.md`.

use super::diagnostics::{Diagnostics, Location};
use super::BundleError;
use crate::model::{
    CountryCode, EmergencyNumber, Guide, GuideSection, GuideSource, GUIDE_SECTIONS,
};
use crate::text::{check_text, find_hidden, find_markup, text_rule, web_link_problem, TextShape};
use pulldown_cmark::{Event, Parser, Tag};
use std::path::Path;

/// Guide languages; every country needs all of them.
pub const GUIDE_LANGUAGES: [&str; 3] = ["es", "en", "fr"];

/// Place categories a `paso:category/…` link may name.
const LINKABLE_CATEGORIES: [&str; 8] = [
    "shelter",
    "health",
    "migration_office",
    "border_crossing",
    "reception_centre",
    "consulate",
    "humanitarian_org",
    "legal_aid",
];

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    country: String,
    lang: String,
    title: String,
    reviewed_on: String,
    #[serde(default)]
    sources: Vec<GuideSource>,
    #[serde(default)]
    emergency: Vec<EmergencyNumber>,
}

/// True for `YYYY-MM-DD`, `YYYY-MM` or `YYYY` that are real dates.
pub fn is_partial_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
    match (parts.as_slice(), numbers.as_deref()) {
        ([y], Some(_)) => y.len() == 4,
        ([y, m], Some([_, month])) => y.len() == 4 && m.len() == 2 && (1..=12).contains(month),
        ([_, _, _], Some(_)) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
        _ => false,
    }
}

/// Source ids cited as `[@id]` in some Markdown.
pub fn citations(body: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find("[@") {
        rest = &rest[start + 2..];
        let Some(end) = rest.find(']') else { break };
        for id in rest[..end].split([',', ';']) {
            let id = id.trim().trim_start_matches('@').to_string();
            if !id.is_empty() && !found.contains(&id) {
                found.push(id);
            }
        }
        rest = &rest[end..];
    }
    found
}

/// Parses and checks one guide file; problems go to `diagnostics` with their line.
pub fn parse_guide(text: &str, label: &str, diagnostics: &mut Diagnostics) -> Option<Guide> {
    let file = Location::file(label);
    let Some(rest) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
    else {
        diagnostics.error(
            &Location::line(label, 1),
            None,
            "the guide does not start with +++ front matter",
            Some("+++ on line 1, TOML, then +++"),
        );
        return None;
    };
    let Some(end) = rest.find("\n+++") else {
        diagnostics.error(
            &file,
            None,
            "the front matter is not closed",
            Some("a line with +++ after the TOML"),
        );
        return None;
    };
    let front_text = &rest[..end];
    let after_close = &rest[end + 4..];
    let body = after_close.trim_start_matches(['\r', '\n']);
    let skipped_newlines = after_close[..after_close.len() - body.len()]
        .matches('\n')
        .count() as u64;
    // Line 1 is the opening +++, then the TOML lines, then the closing +++; skipped newlines end that line and blanks.
    let body_first_line = front_text.lines().count() as u64 + 2 + skipped_newlines;
    // Hidden and direction-changing characters anywhere in the front matter, with their line.
    for (index, front_line) in front_text.lines().enumerate() {
        if let Some(problem) = find_hidden(front_line, TextShape::Paragraphs) {
            diagnostics.error(
                &Location::line(label, index as u64 + 2),
                Some("front matter"),
                problem.to_string(),
                Some("plain visible text"),
            );
        }
    }
    let front: FrontMatter = match toml::from_str(front_text) {
        Ok(front) => front,
        Err(error) => {
            let line = error
                .span()
                .map(|span| front_text[..span.start].lines().count().max(1) as u64 + 1)
                .unwrap_or(1);
            diagnostics.error(
                &Location::line(label, line),
                None,
                format!("front matter: {}", error.message()),
                None,
            );
            return None;
        }
    };
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
    if chrono::NaiveDate::parse_from_str(&front.reviewed_on, "%Y-%m-%d").is_err() {
        diagnostics.error(
            &file,
            Some("reviewed_on"),
            format!("{:?} is not a date", front.reviewed_on),
            Some("YYYY-MM-DD"),
        );
    }
    let mut limit = |field: &str, value: &str| {
        if let Err(problem) = check_text(text_rule(field), value) {
            let key = field.trim_start_matches("guide.");
            diagnostics.error(&file, Some(key), problem.to_string(), None);
        }
    };
    limit("guide.title", &front.title);
    for source in &front.sources {
        limit("guide.sources.title", &source.title);
        limit("guide.sources.url", &source.url);
    }
    for number in &front.emergency {
        limit("guide.emergency.label", &number.label);
        limit("guide.emergency.number", &number.number);
    }
    for source in &front.sources {
        let valid_id = !source.id.is_empty()
            && source
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid_id {
            diagnostics.error(
                &file,
                Some("sources.id"),
                format!("{:?} is not a valid source id", source.id),
                Some("lower-case letters, digits and -"),
            );
        }
        if let Some(why) = web_link_problem(&source.url) {
            diagnostics.error(
                &file,
                Some("sources.url"),
                format!("source {:?}: {:?} {why}", source.id, source.url),
                Some("https:// or http:// and a host name"),
            );
        }
        if !is_partial_date(&source.published) {
            diagnostics.error(
                &file,
                Some("sources.published"),
                format!(
                    "source {:?}: {:?} is not a date",
                    source.id, source.published
                ),
                Some("YYYY-MM-DD, YYYY-MM or YYYY"),
            );
        }
        if let Some(accessed) = &source.accessed {
            if !is_partial_date(accessed) {
                diagnostics.error(
                    &file,
                    Some("sources.accessed"),
                    format!("source {:?}: {accessed:?} is not a date", source.id),
                    Some("YYYY-MM-DD"),
                );
            }
        }
        if front.sources.iter().filter(|s| s.id == source.id).count() > 1 {
            diagnostics.error(
                &file,
                Some("sources.id"),
                format!("source id {:?} is listed twice", source.id),
                None,
            );
        }
    }
    let known = |id: &str| front.sources.iter().any(|s| s.id == id);

    let mut sections: Vec<GuideSection> = Vec::new();
    let mut current: Option<(GuideSection, u64)> = None;
    let finish = |current: Option<(GuideSection, u64)>, sections: &mut Vec<GuideSection>| {
        if let Some((mut section, _)) = current {
            section.body = section.body.trim().to_string();
            section.sources = citations(&section.body);
            sections.push(section);
        }
    };
    for (index, line) in body.lines().enumerate() {
        let number = body_first_line + index as u64;
        if let Some(heading) = line.strip_prefix("## ") {
            finish(current.take(), &mut sections);
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
            current = Some((
                GuideSection {
                    id: id.trim().to_string(),
                    title: title.trim().to_string(),
                    body: String::new(),
                    sources: Vec::new(),
                },
                number,
            ));
        } else if let Some((section, _)) = current.as_mut() {
            section.body.push_str(line);
            section.body.push('\n');
        } else if !line.trim().is_empty() {
            diagnostics.error(
                &Location::line(label, number),
                None,
                "text before the first section",
                Some("## Title {#entry} first"),
            );
        }
        if let Some(markup) = find_markup(line) {
            diagnostics.error(
                &Location::line(label, number),
                None,
                format!("raw HTML or script {markup:?} is not allowed"),
                Some("plain Markdown"),
            );
        }
        if let Err(problem) = check_text(text_rule("guide.line"), line) {
            diagnostics.error(
                &Location::line(label, number),
                None,
                problem.to_string(),
                Some("plain visible text; shorter lines"),
            );
        }
    }
    finish(current, &mut sections);

    let ids: Vec<&str> = sections.iter().map(|s| s.id.as_str()).collect();
    if ids != GUIDE_SECTIONS {
        diagnostics.error(
            &file,
            None,
            format!("sections are {ids:?}"),
            Some(&format!("exactly {GUIDE_SECTIONS:?}, in order")),
        );
    }
    let mut cited_anywhere: Vec<String> = Vec::new();
    for section in &sections {
        if section.sources.is_empty() {
            diagnostics.error(
                &file,
                Some(&format!("section {}", section.id)),
                "cites no source",
                Some("at least one [@source-id]"),
            );
        }
        for id in &section.sources {
            if !known(id) {
                diagnostics.error(
                    &file,
                    Some(&format!("section {}", section.id)),
                    format!("cites [@{id}], which is not in sources"),
                    None,
                );
            }
            cited_anywhere.push(id.clone());
        }
        for (field, value) in [
            ("guide.section.title", &section.title),
            ("guide.section", &section.body),
        ] {
            if let Err(problem) = check_text(text_rule(field), value) {
                diagnostics.error(
                    &file,
                    Some(&format!("section {}", section.id)),
                    format!("{}: {problem}", field.trim_start_matches("guide.")),
                    None,
                );
            }
        }
        check_markdown(&section.body, &section.id, &file, diagnostics);
    }
    for source in &front.sources {
        if !cited_anywhere.contains(&source.id) {
            diagnostics.error(
                &file,
                Some("sources"),
                format!("source {:?} is never cited", source.id),
                None,
            );
        }
    }
    let emergency_body: String = sections
        .iter()
        .find(|s| s.id == "emergency")
        .map(|s| s.body.chars().filter(char::is_ascii_digit).collect())
        .unwrap_or_default();
    let emergency_text = sections
        .iter()
        .find(|s| s.id == "emergency")
        .map(|s| s.body.as_str())
        .unwrap_or("");
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
        let compact = |t: &str| {
            t.chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .collect::<String>()
        };
        if !compact(emergency_text).contains(&compact(&number.number))
            || !emergency_body.contains(&digits)
        {
            diagnostics.error(
                &file,
                Some("emergency.number"),
                format!("{} is not written in the emergency section", number.number),
                None,
            );
        }
        if !known(&number.source) {
            diagnostics.error(
                &file,
                Some("emergency.source"),
                format!(
                    "number {} cites unknown source {:?}",
                    number.number, number.source
                ),
                None,
            );
        }
    }
    Some(Guide {
        country: country?,
        lang: front.lang,
        title: front.title,
        reviewed_on: front.reviewed_on,
        sources: front.sources,
        emergency: front.emergency,
        sections,
    })
}

fn check_markdown(body: &str, section: &str, file: &Location, diagnostics: &mut Diagnostics) {
    let field = format!("section {section}");
    for event in Parser::new(body) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                diagnostics.error(
                    file,
                    Some(&field),
                    format!("raw HTML {:?} is not allowed", html.trim()),
                    None,
                );
            }
            Event::Start(Tag::Image { .. }) => {
                diagnostics.error(file, Some(&field), "images are not allowed", None);
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Err(why) = check_link(&dest_url) {
                    diagnostics.error(
                        file,
                        Some(&field),
                        why,
                        Some("https://…, paso:category/<category> or paso:place/<id>"),
                    );
                }
            }
            _ => {}
        }
    }
}

/// Checks a guide link: http(s), `paso:category/<known category>` or `paso:place/<id>`.
pub fn check_link(url: &str) -> Result<(), String> {
    if url.starts_with("https://") || url.starts_with("http://") {
        return match web_link_problem(url) {
            None => Ok(()),
            Some(why) => Err(format!("link {url:?} {why}")),
        };
    }
    if let Some(category) = url.strip_prefix("paso:category/") {
        return if LINKABLE_CATEGORIES.contains(&category) {
            Ok(())
        } else {
            Err(format!("link {url:?} names an unknown category"))
        };
    }
    if url
        .strip_prefix("paso:place/")
        .is_some_and(|id| !id.is_empty())
    {
        return Ok(());
    }
    Err(format!("link {url:?} is not allowed"))
}

/// Reads every guide under `dir` (`<cc>/<lang>.md`) and checks that each country has all languages with
/// the same sections and sources. Returns the guides sorted by country and language.
pub fn read_guides(dir: &Path, diagnostics: &mut Diagnostics) -> Result<Vec<Guide>, BundleError> {
    let mut guides = Vec::new();
    if !dir.exists() {
        return Ok(guides);
    }
    let mut countries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|source| BundleError::Io {
            path: dir.display().to_string(),
            source,
        })?
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().to_string())
        .collect();
    countries.sort();
    for cc in countries {
        let mut found: Vec<Guide> = Vec::new();
        for lang in GUIDE_LANGUAGES {
            let path = dir.join(&cc).join(format!("{lang}.md"));
            let label = format!("guides/{cc}/{lang}.md");
            if !path.exists() {
                diagnostics.error(
                    &Location::file(&label),
                    None,
                    "this language is missing",
                    Some("es.md, en.md and fr.md for every country"),
                );
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|source| BundleError::Io {
                path: path.display().to_string(),
                source,
            })?;
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
mod tests {
    use super::*;

    fn guide(body_extra: &str, emergency_number: &str) -> String {
        let mut text = String::from(
            "+++\ncountry = \"CR\"\nlang = \"en\"\ntitle = \"Costa Rica\"\nreviewed_on = \"2026-11-27\"\n\n[[sources]]\nid = \"s1\"\nurl = \"https://example.org/a\"\ntitle = \"A page\"\npublished = \"2025-03\"\n\n[[emergency]]\nkind = \"emergency\"\nnumber = \"911\"\nlabel = \"Emergencies\"\nsource = \"s1\"\n+++\n\n",
        );
        for id in GUIDE_SECTIONS {
            let extra = if id == "emergency" {
                format!("Call {emergency_number}.")
            } else {
                String::new()
            };
            text.push_str(&format!("## Title {{#{id}}}\n\nA fact. [@s1] {extra}\n\n"));
        }
        text.push_str(body_extra);
        text
    }

    #[test]
    fn a_good_guide_parses_with_all_sections_and_citations() {
        let mut diagnostics = Diagnostics::default();
        let parsed = parse_guide(&guide("", "911"), "cr/en.md", &mut diagnostics).unwrap();
        assert!(!diagnostics.has_errors(), "{diagnostics}");
        assert_eq!(parsed.sections.len(), 6);
        assert_eq!(parsed.sections[0].sources, vec!["s1"]);
    }

    #[test]
    fn html_bad_links_uncited_numbers_and_bad_dates_are_errors_with_lines() {
        let mut diagnostics = Diagnostics::default();
        let text = guide(
            "<script>alert(1)</script>\n[x](javascript:alert(1))\n",
            "112",
        )
        .replace("2025-03", "2025-13");
        parse_guide(&text, "cr/en.md", &mut diagnostics);
        let all = diagnostics.to_string();
        assert!(all.contains("raw HTML or script"), "{all}");
        assert!(all.contains("line 44: raw HTML"), "{all}");
        assert!(all.contains("not allowed"), "{all}");
        assert!(
            all.contains("911 is not written in the emergency section"),
            "{all}"
        );
        assert!(all.contains("\"2025-13\" is not a date"), "{all}");
    }

    #[test]
    fn citations_and_links_are_recognised() {
        assert_eq!(citations("a [@x] b [@y, @z] c [@x]"), vec!["x", "y", "z"]);
        assert!(check_link("paso:category/shelter").is_ok());
        assert!(check_link("paso:category/hotel").is_err());
        assert!(check_link("file:///etc/passwd").is_err());
        assert!(
            is_partial_date("2025") && is_partial_date("2025-02") && !is_partial_date("2025-02-30")
        );
    }
}
