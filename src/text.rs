//! Text helpers shared by import, search and display: accent folding, HTML detection, hidden characters and
//! length limits for every text field, phone extraction and checks, strict web links, and reading target
//! groups out of a source's own words. Pure functions, no I/O.

use crate::model::TargetGroup;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Lower-cases and strips accents: `"Hôpital Ñandú"` → `"hopital nandu"`.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Folds and keeps only letters and digits, single-spaced: used to match town and region names.
pub fn match_key(text: &str) -> String {
    fold(text)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Describes the first piece of markup or script in `text`, if any (`<b>`, `</p>`, `javascript:`, `onerror=`).
pub fn find_markup(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let bytes = lower.as_bytes();
    for (at, window) in bytes.windows(2).enumerate() {
        if window[0] == b'<'
            && (window[1].is_ascii_alphabetic() || window[1] == b'/' || window[1] == b'!')
        {
            let end = lower[at..]
                .find('>')
                .map(|e| at + e + 1)
                .unwrap_or(lower.len().min(at + 20));
            return Some(text.get(at..end).unwrap_or("<").to_string());
        }
    }
    for needle in ["javascript:", "vbscript:", "data:text/html"] {
        if lower.contains(needle) {
            return Some(needle.to_string());
        }
    }
    None
}

/// Whether a field may hold several lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextShape {
    /// One line: no control character at all.
    Line,
    /// Free text: tab, line feed and carriage return are allowed, no other control character.
    Paragraphs,
}

/// The limit and shape of one text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRule {
    /// The field (CSV column, GeoJSON-derived column or guide key).
    pub field: &'static str,
    /// Longest value accepted, in characters (Unicode scalar values).
    pub max_chars: usize,
    /// One line or free text.
    pub shape: TextShape,
}

const fn line(field: &'static str, max_chars: usize) -> TextRule {
    TextRule {
        field,
        max_chars,
        shape: TextShape::Line,
    }
}

const fn paragraphs(field: &'static str, max_chars: usize) -> TextRule {
    TextRule {
        field,
        max_chars,
        shape: TextShape::Paragraphs,
    }
}

/// Every text field the builder accepts, with its limit: the one place these limits are defined (README,
/// "Editor import", lists them). Place fields first, then guide fields (`guide.*`).
pub const TEXT_RULES: &[TextRule] = &[
    line("id", 100),
    line("name", 200),
    line("name_es", 200),
    line("name_en", 200),
    line("name_fr", 200),
    line("subcategory", 100),
    line("admin1", 100),
    line("town", 100),
    line("address", 300),
    line("phone", 200),
    line("email", 254),
    line("website", 500),
    line("opening_hours", 500),
    line("serves", 500),
    paragraphs("services", 1000),
    paragraphs("notes", 2000),
    paragraphs("evidence", 1000),
    line("source_url", 500),
    line("source_title", 300),
    line("source_date", 100),
    line("verified_on", 100),
    line("last_checked", 100),
    line("verified_by", 100),
    line("checked_url", 500),
    line("checked_title", 300),
    line("checked_date", 100),
    paragraphs("checked_evidence", 1000),
    line("licence", 100),
    line("attribution", 300),
    line("guide.title", 200),
    line("guide.sources.title", 300),
    line("guide.sources.url", 500),
    line("guide.emergency.label", 200),
    line("guide.emergency.number", 40),
    line("guide.section.title", 200),
    paragraphs("guide.line", 2000),
    paragraphs("guide.section", 20_000),
];

/// The rule of a field; an unknown field gets the strictest shape and a 200-character limit.
pub fn text_rule(field: &str) -> TextRule {
    TEXT_RULES
        .iter()
        .find(|rule| rule.field == field)
        .copied()
        .unwrap_or(TextRule {
            field: "other",
            max_chars: 200,
            shape: TextShape::Line,
        })
}

/// What is wrong with a text value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextProblem {
    /// A character that is invisible or reorders text, at this 1-based character position.
    Hidden {
        /// The character.
        character: char,
        /// 1-based position in the value.
        position: usize,
        /// What it is.
        what: &'static str,
    },
    /// Longer than the field allows.
    TooLong {
        /// Characters in the value.
        chars: usize,
        /// The limit.
        max_chars: usize,
    },
}

impl std::fmt::Display for TextProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TextProblem::Hidden {
                character,
                position,
                what,
            } => write!(
                f,
                "contains {what} U+{:04X} at character {position}",
                u32::from(*character)
            ),
            TextProblem::TooLong { chars, max_chars } => {
                write!(f, "is {chars} characters long; at most {max_chars}")
            }
        }
    }
}

/// Names the kind of a character no field may hold, or `None` for an ordinary character.
///
/// Refused: the Unicode direction controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), which
/// can make a text read differently from what it holds; control characters (category Cc); zero-width space
/// U+200B, word joiner U+2060 and the invisible operators U+2061–U+2064, byte order mark U+FEFF inside a
/// value, line and paragraph separators U+2028/U+2029, interlinear annotation U+FFF9–U+FFFB, the Hangul
/// fillers often used as "blank" names, and the tag characters U+E0000–U+E007F (which can carry hidden
/// ASCII). Zero-width non-joiner and joiner (U+200C, U+200D) are part of correct spelling in Persian, Arabic
/// and Indic scripts, so they are refused only where they join nothing: see [`find_hidden`].
fn hidden_kind(c: char) -> Option<&'static str> {
    match c {
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}' => Some("a direction control"),
        c if c.is_control() => Some("a control character"),
        '\u{200B}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{180E}' => {
            Some("an invisible character")
        }
        '\u{2028}' | '\u{2029}' => Some("a line separator"),
        '\u{FFF9}'..='\u{FFFB}' => Some("an annotation character"),
        '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' => Some("a blank filler character"),
        '\u{E0000}'..='\u{E007F}' => Some("a tag character"),
        _ => None,
    }
}

/// The first invisible or direction-changing character in `text`, if any (see [`hidden_kind`]).
/// In [`TextShape::Paragraphs`] fields, tab, line feed and carriage return are allowed.
/// U+200C and U+200D pass only between two letters or marks of a script other than Latin (where they shape
/// the joining), never at an edge, beside a space or in Latin text.
pub fn find_hidden(text: &str, shape: TextShape) -> Option<TextProblem> {
    let chars: Vec<char> = text.chars().collect();
    let joins = |at: usize| {
        let letter = |c: Option<&char>| {
            c.is_some_and(|c| !c.is_ascii() && (c.is_alphabetic() || is_combining_mark(*c)))
        };
        at > 0 && letter(chars.get(at - 1)) && letter(chars.get(at + 1))
    };
    for (at, &c) in chars.iter().enumerate() {
        let what = match c {
            '\t' | '\n' | '\r' if shape == TextShape::Paragraphs => None,
            '\u{200C}' | '\u{200D}' if joins(at) => None,
            '\u{200C}' | '\u{200D}' => Some("a zero-width joiner that joins nothing"),
            other => hidden_kind(other),
        };
        if let Some(what) = what {
            return Some(TextProblem::Hidden {
                character: c,
                position: at + 1,
                what,
            });
        }
    }
    None
}

/// Checks one field's value against its rule: hidden characters first, then length.
pub fn check_text(rule: TextRule, text: &str) -> Result<(), TextProblem> {
    if let Some(problem) = find_hidden(text, rule.shape) {
        return Err(problem);
    }
    let chars = text.chars().count();
    if chars > rule.max_chars {
        return Err(TextProblem::TooLong {
            chars,
            max_chars: rule.max_chars,
        });
    }
    Ok(())
}

/// Longest dialable number, in digits (E.164 allows 15).
pub const MAX_PHONE_DIGITS: usize = 15;

/// Why a phone field is refused (its free text may say "WhatsApp" or "/"; what matters is what becomes a
/// `tel:` link).
pub fn phone_problem(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    for needle in [
        "://", "tel:", "sms:", "callto:", "wa.me", "?", "=", "&", "%", "\\",
    ] {
        if lower.contains(needle) {
            return Some(format!("contains link syntax {needle:?}"));
        }
    }
    let chars: Vec<char> = text.chars().collect();
    for (at, &c) in chars.iter().enumerate() {
        if c != '+' {
            continue;
        }
        let before_ok = at == 0 || {
            let before = chars[at - 1];
            before.is_whitespace() || ";,/(:".contains(before)
        };
        let after_ok = chars.get(at + 1).is_some_and(char::is_ascii_digit);
        if !before_ok || !after_ok {
            return Some("has a + that does not start a number".into());
        }
    }
    let numbers = extract_phone_numbers(text);
    if numbers.is_empty() {
        return Some("holds no dialable number".into());
    }
    for number in &numbers {
        let plain = number
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || " -.".contains(c) || (c == '+' && i == 0));
        let digits = number.chars().filter(char::is_ascii_digit).count();
        if !plain || digits > MAX_PHONE_DIGITS {
            return Some(format!(
                "{number:?} is not a plain number (digits, at most {MAX_PHONE_DIGITS}, after at most one leading +)"
            ));
        }
    }
    None
}

/// Why `text` is not a plain web address: `http://` or `https://` with a real host name (letters, digits and
/// hyphens in dot-separated labels, ending in an alphabetic top-level domain), no user name or password, no
/// spaces or control characters.
pub fn web_link_problem(text: &str) -> Option<String> {
    link_problem(text, false)
}

/// Like [`web_link_problem`], but a numeric IP host is accepted: for the address of a source, which some
/// news pages only have (they are cited, not offered as a button).
pub fn source_link_problem(text: &str) -> Option<String> {
    link_problem(text, true)
}

fn link_problem(text: &str, allow_ip: bool) -> Option<String> {
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("contains spaces or control characters".into());
    }
    let lower = text.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Some("is not an http(s) link".into());
    }
    let url = match url::Url::parse(text) {
        Ok(url) => url,
        Err(error) => return Some(format!("is not a valid link ({error})")),
    };
    if !url.username().is_empty() || url.password().is_some() {
        return Some("has a user name or password before the host".into());
    }
    let host = match url.host() {
        Some(url::Host::Domain(host)) => host,
        Some(url::Host::Ipv4(_) | url::Host::Ipv6(_)) if allow_ip => return None,
        _ => return Some("has no host name (an IP address or nothing)".into()),
    };
    let labels: Vec<&str> = host.split('.').collect();
    let label_ok = |label: &&str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let tld_ok = labels.last().is_some_and(|tld| {
        tld.len() >= 2 && (tld.chars().all(|c| c.is_ascii_alphabetic()) || tld.starts_with("xn--"))
    });
    if labels.len() < 2 || !labels.iter().all(label_ok) || !tld_ok {
        return Some(format!("{host:?} is not a real host name"));
    }
    None
}

/// Pulls dialable numbers out of a phone field as a source writes it.
///
/// `"516-28-46; 6977-1941"` → `["516-28-46", "6977-1941"]`; `"9-1-1"` → `["9-1-1"]`;
/// `"145; CICESCT rapid response group 8990-5187 (2025)"` → `["145", "8990-5187"]`.
/// Year-like runs inside parentheses are notes, not numbers, and are skipped.
pub fn extract_phone_numbers(text: &str) -> Vec<String> {
    let mut numbers = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    let flush = |current: &mut String, numbers: &mut Vec<String>, in_note: bool| {
        let candidate = current.trim().trim_end_matches(['-', ' ']).to_string();
        let digits = candidate.chars().filter(char::is_ascii_digit).count();
        let looks_like_year =
            digits == 4 && (candidate.starts_with("19") || candidate.starts_with("20"));
        if digits >= 3 && !(in_note && looks_like_year) && !numbers.contains(&candidate) {
            numbers.push(candidate);
        }
        current.clear();
    };
    for c in text.chars() {
        match c {
            '0'..='9' => current.push(c),
            '+' if current.trim().is_empty() => current.push(c),
            ' ' | '-' | '.' if !current.trim().is_empty() => current.push(c),
            _ => {
                flush(&mut current, &mut numbers, depth > 0);
                if c == '(' {
                    depth += 1;
                } else if c == ')' {
                    depth = depth.saturating_sub(1);
                }
            }
        }
    }
    flush(&mut current, &mut numbers, depth > 0);
    numbers
}

/// True when a phone field holds at least one plain dialable number and nothing that looks like markup or a
/// link (see [`phone_problem`]).
pub fn looks_like_phone(text: &str) -> bool {
    phone_problem(text).is_none() && find_markup(text).is_none()
}

/// The digits of a phone number, for `tel:` links and comparisons (`+` kept in front).
pub fn dial_string(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    if number.trim_start().starts_with('+') {
        format!("+{digits}")
    } else {
        digits
    }
}

/// Target groups named in any language of a "who it serves" text, each once.
pub fn target_groups_in(serves: &crate::model::LocalizedText) -> Vec<TargetGroup> {
    let mut groups = Vec::new();
    for (_, text) in serves.iter() {
        for group in target_groups(text) {
            if !groups.contains(&group) {
                groups.push(group);
            }
        }
    }
    groups
}

/// Reads target groups out of a source's description of who a place serves (ES/EN/FR words).
pub fn target_groups(serves: &str) -> Vec<TargetGroup> {
    let folded = fold(serves);
    let has = |words: &[&str]| words.iter().any(|word| folded.contains(word));
    let mut groups = Vec::new();
    if has(&["famil"]) {
        groups.push(TargetGroup::Families);
    }
    if has(&["women", "woman", "mujer", "femme", "girls", "ninas"]) {
        groups.push(TargetGroup::Women);
    }
    if has(&[
        "unaccompanied",
        "no acompanad",
        "non accompagn",
        "minors",
        "menores",
        "adolescen",
    ]) {
        groups.push(TargetGroup::UnaccompaniedChildren);
    }
    if has(&["lgbt", "trans ", "transgender", "diversidad sexual"]) {
        groups.push(TargetGroup::Lgbti);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_strips_accents_and_case() {
        assert_eq!(fold("Hôpital Ñandú"), "hopital nandu");
        assert_eq!(
            match_key("Ciudad Tecún Umán (San Marcos)"),
            "ciudad tecun uman san marcos"
        );
    }

    #[test]
    fn markup_is_found_but_plain_comparisons_are_not() {
        assert_eq!(find_markup("hola <script>x</script>").unwrap(), "<script>");
        assert!(find_markup("edad < 18 años").is_none());
        assert!(find_markup("click javascript:alert(1)").is_some());
        assert!(find_markup("Casa del Migrante").is_none());
    }

    #[test]
    fn phone_numbers_are_extracted_from_annotated_text() {
        assert_eq!(
            extract_phone_numbers("516-28-46; 6977-1941"),
            vec!["516-28-46", "6977-1941"]
        );
        assert_eq!(
            extract_phone_numbers("145; CICESCT rapid response group 8990-5187 (2025)"),
            vec!["145", "8990-5187"]
        );
        assert_eq!(extract_phone_numbers("9-1-1"), vec!["9-1-1"]);
        assert_eq!(
            extract_phone_numbers("+52 934 342 1111"),
            vec!["+52 934 342 1111"]
        );
        assert!(extract_phone_numbers("call the office").is_empty());
        assert_eq!(dial_string("+52 934 342 1111"), "+529343421111");
    }

    #[test]
    fn direction_controls_and_invisible_characters_are_found() {
        for bad in [
            "Casa\u{202E}lanigriM",
            "a\u{2066}b",
            "\u{200F}x",
            "x\u{061C}",
            "zero\u{200B}width",
            "bell\u{7}",
            "tag\u{E0041}",
            "\u{3164}",
            "line\nbreak",
            "mid\u{FEFF}dle",
            "Latin\u{200D}joiner",
            "\u{200C}edge",
        ] {
            assert!(
                find_hidden(bad, TextShape::Line).is_some(),
                "{bad:?} passed"
            );
        }
        // Persian needs the zero-width non-joiner between letters; Devanagari conjuncts use the joiner.
        assert_eq!(find_hidden("می\u{200C}خواهم", TextShape::Line), None);
        assert_eq!(find_hidden("क्\u{200D}ष", TextShape::Line), None);
        assert_eq!(
            find_hidden("Cruz Roja\u{a0}Costa Rica, 9\u{202F}h", TextShape::Line),
            None
        );
        assert_eq!(
            find_hidden("two\nlines\twith tab", TextShape::Paragraphs),
            None
        );
        assert!(find_hidden("two\u{202A}lines", TextShape::Paragraphs).is_some());
        assert_eq!(
            find_hidden("ab\u{202E}", TextShape::Line),
            Some(TextProblem::Hidden {
                character: '\u{202E}',
                position: 3,
                what: "a direction control"
            })
        );
    }

    #[test]
    fn every_field_has_a_limit_and_long_names_are_refused() {
        let name = text_rule("name");
        assert_eq!(name.max_chars, 200);
        assert!(check_text(name, &"n".repeat(200)).is_ok());
        assert_eq!(
            check_text(name, &"ñ".repeat(201)),
            Err(TextProblem::TooLong {
                chars: 201,
                max_chars: 200
            })
        );
        let mut fields: Vec<&str> = TEXT_RULES.iter().map(|r| r.field).collect();
        fields.sort_unstable();
        fields.dedup();
        assert_eq!(fields.len(), TEXT_RULES.len(), "a field is listed twice");
    }

    #[test]
    fn phone_texts_that_would_make_other_call_links_are_refused() {
        for good in [
            "+52 934 342 1111",
            "516-28-46; 6977-1941",
            "WhatsApp +507 6000-0000 / 2500-0000",
            "145; CICESCT rapid response group 8990-5187 (2025)",
            "(+502) 2411-2411",
        ] {
            assert_eq!(phone_problem(good), None, "{good:?}");
        }
        for bad in [
            "+52 934 342 1111 ?call=+1900555",
            "tel:+1900555",
            "https://wa.me/1900555",
            "52+1900555",
            "+ 52 934",
            "1234567890123456",
            "no number here",
        ] {
            assert!(phone_problem(bad).is_some(), "{bad:?} passed");
        }
    }

    #[test]
    fn web_links_need_http_and_a_real_host() {
        for good in [
            "https://www.acnur.org/es/x?y=1",
            "http://migracion.go.cr",
            "https://xn--migracin-n6a.gob.example/",
        ] {
            assert_eq!(web_link_problem(good), None, "{good:?}");
        }
        for bad in [
            "javascript:alert(1)",
            "https://javascript:alert(1)",
            "https://localhost/x",
            "https://127.0.0.1/",
            "https://acnur.org@evil.example/",
            "https://exa mple.org",
            "ftp://example.org",
            "https://example.123",
            "https://-bad-.org",
            "www.example.org",
        ] {
            assert!(web_link_problem(bad).is_some(), "{bad:?} passed");
        }
        assert_eq!(
            source_link_problem("http://104.237.130.195/Cali-Baja/1"),
            None
        );
        assert!(source_link_problem("https://user@104.237.130.195/").is_some());
    }

    #[test]
    fn target_groups_come_from_the_sources_words() {
        assert_eq!(
            target_groups("women and children; LGBTI people"),
            vec![TargetGroup::Women, TargetGroup::Lgbti]
        );
        assert_eq!(
            target_groups("familias migrantes"),
            vec![TargetGroup::Families]
        );
        assert_eq!(
            target_groups("unaccompanied children"),
            vec![TargetGroup::UnaccompaniedChildren]
        );
        assert!(target_groups("travellers").is_empty());
    }
}
