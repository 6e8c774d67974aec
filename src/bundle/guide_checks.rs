//! Checks shared by country guides and "What's true" cards (format v2, `data/guides/FORMAT.md`): splitting
//! TOML front matter from the body, honest dating, sources with tiers and real dates, citations, links,
//! the `> [!conflict]` block and raw-HTML refusal. Every finding names its file and, when known, its line.

use super::diagnostics::{Diagnostics, Location};
use super::BundleError;
use crate::model::{Dating, FieldReview, GuideSource, SourceDate};
use crate::text::{check_text, find_hidden, find_markup, text_rule, web_link_problem, TextShape};
use pulldown_cmark::{Event, Parser, Tag};

/// Guide and card languages; every country and card needs all of them.
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

/// The only `> [!kind]` block that exists.
pub const CONFLICT_MARKER: &str = "[!conflict]";

/// A Markdown file cut into its front matter and body.
pub struct Document<'a> {
    /// The TOML between the `+++` lines.
    pub front: &'a str,
    /// The body, leading blank lines removed.
    pub body: &'a str,
    /// The 1-based file line of the body's first line.
    pub body_first_line: u64,
}

/// Cuts `+++` front matter from the body; refuses a file without it.
pub fn split_document<'a>(
    text: &'a str,
    label: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Document<'a>> {
    let Some(rest) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
    else {
        diagnostics.error(
            &Location::line(label, 1),
            None,
            "the file does not start with +++ front matter",
            Some("+++ on line 1, TOML, then +++"),
        );
        return None;
    };
    let Some(end) = rest.find("\n+++") else {
        diagnostics.error(
            &Location::file(label),
            None,
            "the front matter is not closed",
            Some("a line with +++ after the TOML"),
        );
        return None;
    };
    let front = &rest[..end];
    let after_close = &rest[end + 4..];
    let body = after_close.trim_start_matches(['\r', '\n']);
    let skipped_newlines = after_close[..after_close.len() - body.len()]
        .matches('\n')
        .count() as u64;
    // Line 1 is the opening +++, then the TOML lines, then the closing +++; skipped newlines end that line and blanks.
    let body_first_line = front.lines().count() as u64 + 2 + skipped_newlines;
    Some(Document {
        front,
        body,
        body_first_line,
    })
}

/// The 1-based file line of a front-matter key (first match), for messages.
pub fn front_key_line(front: &str, key: &str) -> Option<u64> {
    front
        .lines()
        .position(|line| {
            line.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|index| index as u64 + 2)
}

/// The 1-based file line of `key` inside the `[[sources]]` table whose id is `id` (or of its id line).
fn source_key_line(front: &str, id: &str, key: &str) -> Option<u64> {
    let lines: Vec<&str> = front.lines().collect();
    let id_line = format!("id = \"{id}\"");
    let id_at = lines
        .iter()
        .position(|line| line.trim().split('#').next().unwrap_or("").trim() == id_line)?;
    let table_start = lines[..id_at]
        .iter()
        .rposition(|line| line.trim().starts_with("[["))
        .unwrap_or(0);
    let table_end = lines[id_at..]
        .iter()
        .position(|line| line.trim().starts_with("[["))
        .map(|offset| id_at + offset)
        .unwrap_or(lines.len());
    let found = (table_start..table_end).find(|&at| {
        lines[at]
            .trim_start()
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    });
    Some(found.unwrap_or(id_at) as u64 + 2)
}

/// Parses the TOML front matter into `T`, refusing the v1 key `reviewed_on` with its replacement.
pub fn parse_front<T: serde::de::DeserializeOwned>(
    front: &str,
    label: &str,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    // Hidden and direction-changing characters anywhere in the front matter, with their line.
    for (index, front_line) in front.lines().enumerate() {
        if let Some(problem) = find_hidden(front_line, TextShape::Paragraphs) {
            diagnostics.error(
                &Location::line(label, index as u64 + 2),
                Some("front matter"),
                problem.to_string(),
                Some("plain visible text"),
            );
        }
    }
    if let Some(line) = front_key_line(front, "reviewed_on") {
        diagnostics.error(
            &Location::line(label, line),
            Some("reviewed_on"),
            "reviewed_on no longer exists: the date a text was compiled is not a check of its facts",
            Some("compiled_on = \"YYYY-MM-DD\"; field_reviewed_on and field_reviewed_by only after a check on the ground"),
        );
        return None;
    }
    match toml::from_str(front) {
        Ok(parsed) => Some(parsed),
        Err(error) => {
            let line = error
                .span()
                .map(|span| front[..span.start].lines().count().max(1) as u64 + 1)
                .unwrap_or(1);
            diagnostics.error(
                &Location::line(label, line),
                None,
                format!("front matter: {}", error.message()),
                None,
            );
            None
        }
    }
}

/// Checks `compiled_on` and the field review pair; returns the dating when it is sound.
pub fn check_dating(
    compiled_on: &str,
    field_reviewed_on: Option<&str>,
    field_reviewed_by: Option<&str>,
    front: &str,
    label: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Dating> {
    let at = |key: &str| {
        front_key_line(front, key)
            .map(|line| Location::line(label, line))
            .unwrap_or_else(|| Location::file(label))
    };
    let is_day = |text: &str| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok();
    let mut sound = true;
    if !is_day(compiled_on) {
        diagnostics.error(
            &at("compiled_on"),
            Some("compiled_on"),
            format!("{compiled_on:?} is not a date"),
            Some("YYYY-MM-DD, the day the text was compiled"),
        );
        sound = false;
    }
    let field_review = match (field_reviewed_on, field_reviewed_by) {
        (None, None) => None,
        (Some(on), Some(by)) => {
            if !is_day(on) {
                diagnostics.error(
                    &at("field_reviewed_on"),
                    Some("field_reviewed_on"),
                    format!("{on:?} is not a date"),
                    Some("YYYY-MM-DD"),
                );
                sound = false;
            }
            if by.trim().is_empty() {
                diagnostics.error(
                    &at("field_reviewed_by"),
                    Some("field_reviewed_by"),
                    "names nobody",
                    Some("the person or organisation that checked on the ground"),
                );
                sound = false;
            }
            Some(FieldReview {
                on: on.to_string(),
                by: by.trim().to_string(),
            })
        }
        (Some(_), None) => {
            diagnostics.error(
                &at("field_reviewed_on"),
                Some("field_reviewed_on"),
                "a field review date without field_reviewed_by",
                Some("both field_reviewed_on and field_reviewed_by, or neither"),
            );
            return None;
        }
        (None, Some(_)) => {
            diagnostics.error(
                &at("field_reviewed_by"),
                Some("field_reviewed_by"),
                "a field reviewer without field_reviewed_on",
                Some("both field_reviewed_on and field_reviewed_by, or neither"),
            );
            return None;
        }
    };
    sound.then(|| Dating {
        compiled_on: compiled_on.to_string(),
        field_review,
    })
}

/// Checks ids, links, dates and duplicates of the listed sources.
pub fn check_sources(
    sources: &[GuideSource],
    front: &str,
    label: &str,
    diagnostics: &mut Diagnostics,
) {
    for source in sources {
        let at = |key: &str| {
            source_key_line(front, &source.id, key)
                .map(|line| Location::line(label, line))
                .unwrap_or_else(|| Location::file(label))
        };
        let valid_id = !source.id.is_empty()
            && source
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid_id {
            diagnostics.error(
                &at("id"),
                Some("sources.id"),
                format!("{:?} is not a valid source id", source.id),
                Some("lower-case letters, digits and -"),
            );
        }
        if let Some(why) = web_link_problem(&source.url) {
            diagnostics.error(
                &at("url"),
                Some("sources.url"),
                format!("source {:?}: {:?} {why}", source.id, source.url),
                Some("https:// or http:// and a host name"),
            );
        }
        limit_text(
            "guide.sources.title",
            &source.title,
            &at("title"),
            diagnostics,
        );
        limit_text("guide.sources.url", &source.url, &at("url"), diagnostics);
        if let Err(why) = SourceDate::from_fields(
            &source.published,
            source.date_precision,
            source.read_on.as_deref(),
        ) {
            diagnostics.error(
                &at("published"),
                Some("sources.published"),
                format!("source {:?}: {why}", source.id),
                Some("YYYY-MM-DD; YYYY-MM + date_precision = \"month\"; YYYY + date_precision = \"year\"; \"undated\" + read_on"),
            );
        }
        if let Some(accessed) = &source.accessed {
            if chrono::NaiveDate::parse_from_str(accessed, "%Y-%m-%d").is_err() {
                diagnostics.error(
                    &at("accessed"),
                    Some("sources.accessed"),
                    format!("source {:?}: {accessed:?} is not a date", source.id),
                    Some("YYYY-MM-DD"),
                );
            }
        }
        if sources.iter().filter(|s| s.id == source.id).count() > 1 {
            diagnostics.error(
                &at("id"),
                Some("sources.id"),
                format!("source id {:?} is listed twice", source.id),
                None,
            );
        }
    }
}

/// Checks one text field against its length and character rule (`crate::text::text_rule`), e.g.
/// `guide.title` or `guide.section`; the field name in the finding drops the `guide.` prefix.
pub fn limit_text(field: &str, value: &str, at: &Location, diagnostics: &mut Diagnostics) {
    if let Err(problem) = check_text(text_rule(field), value) {
        diagnostics.error(
            at,
            Some(field.trim_start_matches("guide.")),
            problem.to_string(),
            None,
        );
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

/// Line-level checks of a body: raw HTML, callout kinds and cited conflict blocks.
/// `lines` are (file line, text) pairs.
pub fn check_body_lines(lines: &[(u64, &str)], label: &str, diagnostics: &mut Diagnostics) {
    let mut open_conflict: Option<(u64, bool)> = None;
    let close = |open: &mut Option<(u64, bool)>, diagnostics: &mut Diagnostics| {
        if let Some((line, false)) = open.take() {
            diagnostics.error(
                &Location::line(label, line),
                None,
                "the conflict block cites no source",
                Some("each side of the disagreement with its [@source-id]"),
            );
        }
    };
    for &(number, line) in lines {
        if let Err(problem) = check_text(text_rule("guide.line"), line) {
            diagnostics.error(
                &Location::line(label, number),
                None,
                problem.to_string(),
                Some("plain visible text; shorter lines"),
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
        let quoted = line.trim_start().strip_prefix('>').map(str::trim);
        match quoted {
            Some(inner) if inner.starts_with("[!") => {
                close(&mut open_conflict, diagnostics);
                if inner == CONFLICT_MARKER {
                    open_conflict = Some((number, false));
                } else {
                    diagnostics.error(
                        &Location::line(label, number),
                        None,
                        format!("unknown block {inner:?}"),
                        Some("> [!conflict], the only kind"),
                    );
                }
            }
            Some(inner) => {
                if let Some((_, cited)) = open_conflict.as_mut() {
                    *cited |= inner.contains("[@");
                }
            }
            None => close(&mut open_conflict, diagnostics),
        }
    }
    close(&mut open_conflict, diagnostics);
}

/// CommonMark-level checks of a body: no HTML, no images, only allowed links.
pub fn check_markdown(body: &str, field: &str, label: &str, diagnostics: &mut Diagnostics) {
    let file = Location::file(label);
    for event in Parser::new(body) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                diagnostics.error(
                    &file,
                    Some(field),
                    format!("raw HTML {:?} is not allowed", html.trim()),
                    None,
                );
            }
            Event::Start(Tag::Image { .. }) => {
                diagnostics.error(&file, Some(field), "images are not allowed", None);
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Err(why) = check_link(&dest_url) {
                    diagnostics.error(
                        &file,
                        Some(field),
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

/// Every cited id is listed, every listed source is cited.
pub fn check_cited(
    cited: &[String],
    sources: &[GuideSource],
    label: &str,
    diagnostics: &mut Diagnostics,
) {
    for id in cited {
        if !sources.iter().any(|s| &s.id == id) {
            diagnostics.error(
                &Location::file(label),
                Some("sources"),
                format!("[@{id}] is cited but not in sources"),
                None,
            );
        }
    }
    for source in sources {
        if !cited.contains(&source.id) {
            diagnostics.error(
                &Location::file(label),
                Some("sources"),
                format!("source {:?} is never cited", source.id),
                None,
            );
        }
    }
}

/// One language file of a guide or card folder, read: the folder's name, the language, the label findings
/// use (`guides/<label_prefix><folder>/<lang>.md`) and the text.
pub struct LanguageFile {
    /// The folder, e.g. `cr` or `darien-crossing`.
    pub folder: String,
    /// es, en or fr.
    pub lang: &'static str,
    /// Where findings point.
    pub label: String,
    /// The file's text.
    pub text: String,
}

/// Reads `dir/<folder>/<lang>.md` for every sub-folder (sorted, `skip` left out) and every language of
/// [`GUIDE_LANGUAGES`]. A missing language is an error naming `what` ("country", "card"); the files found are
/// returned grouped by folder.
pub fn read_language_folders(
    dir: &std::path::Path,
    label_prefix: &str,
    skip: Option<&str>,
    what: &str,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<Vec<LanguageFile>>, BundleError> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut folders: Vec<String> = std::fs::read_dir(dir)
        .map_err(|source| BundleError::Io {
            path: dir.display().to_string(),
            source,
        })?
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().to_string())
        .filter(|name| Some(name.as_str()) != skip)
        .collect();
    folders.sort();
    let mut groups = Vec::new();
    for folder in folders {
        let mut files = Vec::new();
        for lang in GUIDE_LANGUAGES {
            let path = dir.join(&folder).join(format!("{lang}.md"));
            let label = format!("guides/{label_prefix}{folder}/{lang}.md");
            if !path.exists() {
                diagnostics.error(
                    &Location::file(&label),
                    None,
                    "this language is missing",
                    Some(format!("es.md, en.md and fr.md for every {what}").as_str()),
                );
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|source| BundleError::Io {
                path: path.display().to_string(),
                source,
            })?;
            files.push(LanguageFile {
                folder: folder.clone(),
                lang,
                label,
                text,
            });
        }
        groups.push(files);
    }
    Ok(groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_and_links_are_recognised() {
        assert_eq!(citations("a [@x] b [@y, @z] c [@x]"), vec!["x", "y", "z"]);
        assert!(check_link("paso:category/shelter").is_ok());
        assert!(check_link("paso:category/hotel").is_err());
        assert!(check_link("file:///etc/passwd").is_err());
    }

    #[test]
    fn only_cited_conflict_blocks_exist() {
        let mut diagnostics = Diagnostics::default();
        let lines = [
            (10, "> [!conflict]"),
            (11, "> A dice 4 [@a]. B dice 2 [@b]."),
            (12, ""),
            (13, "> [!warning]"),
            (14, "> [!conflict]"),
            (15, "> Nadie cita."),
        ];
        check_body_lines(&lines, "x.md", &mut diagnostics);
        let all = diagnostics.to_string();
        assert!(
            all.contains("x.md, line 13: unknown block \"[!warning]\""),
            "{all}"
        );
        assert!(
            all.contains("x.md, line 14: the conflict block cites no source"),
            "{all}"
        );
        assert!(!all.contains("line 10"), "{all}");
    }

    #[test]
    fn source_lines_are_found_for_messages() {
        let front = "country = \"CR\"\n\n[[sources]]\nid = \"a\"\npublished = \"2025\"\n\n[[sources]]\nid = \"b\"\nurl = \"x\"\npublished = \"2024\"\n";
        assert_eq!(source_key_line(front, "a", "published"), Some(6));
        assert_eq!(source_key_line(front, "b", "published"), Some(11));
        assert_eq!(source_key_line(front, "b", "tier"), Some(9));
        assert_eq!(front_key_line(front, "country"), Some(2));
    }
}
