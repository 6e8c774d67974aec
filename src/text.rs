//! Text helpers shared by import, search and display: accent folding, HTML detection, phone extraction
//! and reading target groups out of a source's own words. Pure functions, no I/O.

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

/// True when a phone field holds at least one dialable number and nothing that looks like markup.
pub fn looks_like_phone(text: &str) -> bool {
    !extract_phone_numbers(text).is_empty() && find_markup(text).is_none()
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
