//! Measuring and comparing guide prose: the one definition of a word and a sentence (format v2) that the
//! builder's `key-points` limits, the tests and `paso-data guide-stats` all use, and the numeric facts
//! (numbers, amounts, dates) that must be the same in every language of a guide or card. Pure functions.
//!
//! Words are whitespace-separated tokens that hold a letter or digit, after removing `[@id]` citations and
//! Markdown link targets (`[text](target)` counts as `text`). Markup alone (`-`, `>`, `##`, `**`, `|`,
//! `[!conflict]`) is not a word.
//! A sentence ends at a word ending in `.`, `!` or `?` (closing quotes, brackets and emphasis marks after
//! it are ignored), at the end of a list item, and at the end of a paragraph or heading, so that a missing
//! final full stop never joins two blocks into one sentence.

use crate::model::Guide;

/// One sentence as counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Words in it.
    pub words: usize,
    /// 0-based line (in the measured text) where it starts.
    pub line: usize,
    /// The sentence as read, words joined by single spaces (for error messages).
    pub text: String,
}

/// Words and sentences of some prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProseStats {
    /// Words.
    pub words: usize,
    /// Sentences.
    pub sentences: usize,
}

impl ProseStats {
    /// Average words per sentence (0 for no sentences).
    pub fn average_sentence_words(&self) -> f64 {
        if self.sentences == 0 {
            0.0
        } else {
            self.words as f64 / self.sentences as f64
        }
    }
}

impl std::ops::Add for ProseStats {
    type Output = ProseStats;
    fn add(self, other: ProseStats) -> ProseStats {
        ProseStats {
            words: self.words + other.words,
            sentences: self.sentences + other.sentences,
        }
    }
}

/// Removes `[@id]` citations and the `(target)` of Markdown links, keeping the link text.
pub fn strip_citations_and_link_targets(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(at) = rest.find(['[', ']']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with("[@") {
            match rest.find(']') {
                Some(end) => rest = &rest[end + 1..],
                None => {
                    out.push_str(rest);
                    rest = "";
                }
            }
        } else if rest.starts_with("](") {
            out.push(']');
            match rest.find(')') {
                Some(end) => rest = &rest[end + 1..],
                None => rest = &rest[2..],
            }
        } else {
            out.push_str(&rest[..1]);
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Strips a list marker (`- `, `* `, `+ `, `1. `, `1) `) from the start of a trimmed line.
fn list_item_rest(line: &str) -> Option<&str> {
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some(rest);
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits < 4 {
        let after = &line[digits..];
        if let Some(rest) = after
            .strip_prefix(". ")
            .or_else(|| after.strip_prefix(") "))
        {
            return Some(rest);
        }
    }
    None
}

/// True when a trimmed line opens a list item.
pub fn is_list_item(line: &str) -> bool {
    list_item_rest(line.trim_start()).is_some()
}

fn is_word(token: &str) -> bool {
    token != "[!conflict]" && token.chars().any(char::is_alphanumeric)
}

fn ends_sentence(token: &str) -> bool {
    token
        .trim_end_matches([')', ']', '"', '\'', '»', '”', '’', '*', '_'])
        .ends_with(['.', '!', '?'])
}

/// Every sentence of some CommonMark prose, by the rule in this module's header.
pub fn sentences(markdown: &str) -> Vec<Sentence> {
    let clean = strip_citations_and_link_targets(markdown);
    let mut found = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut start = 0;
    let close = |current: &mut Vec<&str>, start: usize, found: &mut Vec<Sentence>| {
        if !current.is_empty() {
            found.push(Sentence {
                words: current.len(),
                line: start,
                text: current.join(" "),
            });
            current.clear();
        }
    };
    for (number, raw) in clean.lines().enumerate() {
        let mut line = raw.trim();
        while let Some(rest) = line.strip_prefix('>') {
            line = rest.trim_start();
        }
        if line.is_empty() || line.starts_with('#') || line.starts_with('|') {
            close(&mut current, start, &mut found);
        }
        if let Some(rest) = list_item_rest(line) {
            close(&mut current, start, &mut found);
            line = rest;
        }
        let heading = line.starts_with('#');
        for token in line.split_whitespace() {
            if !is_word(token) {
                if ends_sentence(token) {
                    close(&mut current, start, &mut found);
                }
                continue;
            }
            if current.is_empty() {
                start = number;
            }
            current.push(token);
            if ends_sentence(token) {
                close(&mut current, start, &mut found);
            }
        }
        if heading || raw.trim_start().starts_with('|') {
            close(&mut current, start, &mut found);
        }
    }
    close(&mut current, start, &mut found);
    found
}

/// Words and sentences of some CommonMark prose.
pub fn prose_stats(markdown: &str) -> ProseStats {
    let found = sentences(markdown);
    ProseStats {
        words: found.iter().map(|s| s.words).sum(),
        sentences: found.len(),
    }
}

/// Month names in es, en and fr; a match becomes the fact `month:N`.
const MONTHS: [[&str; 3]; 12] = [
    ["enero", "january", "janvier"],
    ["febrero", "february", "février"],
    ["marzo", "march", "mars"],
    ["abril", "april", "avril"],
    ["mayo", "May", "mai"],
    ["junio", "june", "juin"],
    ["julio", "july", "juillet"],
    ["agosto", "august", "août"],
    ["septiembre", "september", "septembre"],
    ["octubre", "october", "octobre"],
    ["noviembre", "november", "novembre"],
    ["diciembre", "december", "décembre"],
];

fn month_of(word: &str) -> Option<usize> {
    MONTHS.iter().position(|names| {
        names.iter().any(|name| {
            if *name == "May" {
                word == "May"
            } else {
                word.to_lowercase() == *name
            }
        })
    })
}

/// The numbers, amounts and dates in some prose, normalised so that every language yields the same
/// multiset (sorted) when the facts agree.
///
/// The rule: citations and link targets are removed first. A number is a run of digits; inside it, a `.`,
/// `,`, space, no-break space or `'` followed by exactly three digits groups thousands (`7 000`, `7,000`,
/// `7.000` → `7000`); a `.` or `,` followed by one or two digits is a decimal mark (`47,5`, `47.5` →
/// `47.5`); a time `8:30` stays `8:30` and `8:00` becomes `8`. Leading zeros go (`08` → `8`). Anything
/// else (hyphens, slashes, dashes) separates numbers, so `2–6` gives `2` and `6`. A month name next to a
/// number (within two words) gives `month:N` (English "May" only with a capital).
pub fn numeric_facts(markdown: &str) -> Vec<String> {
    let clean = strip_citations_and_link_targets(markdown);
    let chars: Vec<char> = clean.chars().collect();
    let mut facts = Vec::new();
    let mut i = 0;
    let digit_run = |from: usize| {
        chars[from..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_alphabetic()) {
            i += 1;
            continue;
        }
        let first = digit_run(i);
        let mut integer: String = chars[i..i + first].iter().collect();
        let mut decimal = String::new();
        let mut time: Option<String> = None;
        i += first;
        let mut group_ok = first <= 3;
        while i + 1 < chars.len() {
            let separator = chars[i];
            let run = digit_run(i + 1);
            let followed_by_word = chars
                .get(i + 1 + run)
                .is_some_and(|c| c.is_ascii_digit() || c.is_alphabetic());
            if matches!(separator, '.' | ',' | ' ' | '\u{a0}' | '\u{202f}' | '\'')
                && run == 3
                && group_ok
                && !followed_by_word
            {
                integer.extend(&chars[i + 1..i + 4]);
                i += 4;
            } else if matches!(separator, '.' | ',') && (run == 1 || run == 2) && !followed_by_word
            {
                decimal = chars[i + 1..i + 1 + run].iter().collect();
                i += 1 + run;
                break;
            } else if separator == ':' && run == 2 {
                let minutes: String = chars[i + 1..i + 3].iter().collect();
                time = Some(minutes);
                i += 3;
                break;
            } else {
                break;
            }
            group_ok = true;
        }
        let integer = integer.trim_start_matches('0');
        let integer = if integer.is_empty() { "0" } else { integer };
        let decimal = decimal.trim_end_matches('0');
        let fact = match (time, decimal.is_empty()) {
            (Some(minutes), _) if minutes != "00" => format!("{integer}:{minutes}"),
            (_, true) => integer.to_string(),
            (_, false) => format!("{integer}.{decimal}"),
        };
        facts.push(fact);
    }
    let words: Vec<&str> = clean
        .split(|c: char| c.is_whitespace() || ",.;:()[]*".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    for (at, word) in words.iter().enumerate() {
        let Some(month) = month_of(word) else {
            continue;
        };
        let near = words[at.saturating_sub(2)..(at + 3).min(words.len())]
            .iter()
            .any(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()));
        if near {
            facts.push(format!("month:{}", month + 1));
        }
    }
    facts.sort();
    facts
}

/// Acronyms (tokens of two or more capital letters, digits and hyphens, such as `COMAR` or `CA-4`; Roman
/// numerals aside) whose first use is neither inside parentheses, as in "Comisión Mexicana de Ayuda a
/// Refugiados (COMAR)", nor followed by a parenthesis that writes it out, as in "COMAR (Comisión …)".
/// A heuristic for the closing-note table; it cannot tell whether the words before it really spell it out.
pub fn unexplained_acronyms(markdown: &str) -> Vec<String> {
    let clean = strip_citations_and_link_targets(markdown);
    let tokens: Vec<&str> = clean.split_whitespace().collect();
    let mut seen: Vec<String> = Vec::new();
    let mut unexplained = Vec::new();
    for (at, raw) in tokens.iter().enumerate() {
        let bare = raw
            .trim_start_matches(['*', '_', '"', '«', '“'])
            .trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_', '"', '»', '”']);
        let in_parentheses = bare.starts_with('(') && bare.ends_with(')');
        let word = raw.trim_matches(|c: char| !(c.is_alphanumeric() || c == '-'));
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let is_acronym = letters >= 2
            && word
                .chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-')
            && !word.chars().all(|c| "IVXLC".contains(c));
        if !is_acronym || seen.iter().any(|s| s == word) {
            continue;
        }
        seen.push(word.to_string());
        let explained_after = tokens.get(at + 1).is_some_and(|next| next.starts_with('('));
        if !(in_parentheses || explained_after) {
            unexplained.push(word.to_string());
        }
    }
    unexplained
}

/// What `paso-data guide-stats` reports for one guide file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GuideStats {
    /// Words and sentences of every section body (headings aside).
    pub prose: ProseStats,
    /// Words of the `key-points` section.
    pub key_points_words: usize,
    /// Distinct emergency numbers in the front matter.
    pub emergency_numbers: usize,
    /// Of those, the ones cited to at least one official or UN source.
    pub emergency_authoritative: usize,
    /// `> [!conflict]` blocks.
    pub conflicts: usize,
    /// Acronyms whose first use is not written out (see [`unexplained_acronyms`]).
    pub unexplained_acronyms: usize,
}

/// Measures a guide by the rules of this module.
pub fn guide_stats(guide: &Guide) -> GuideStats {
    let prose = guide
        .sections
        .iter()
        .map(|s| prose_stats(&s.body))
        .fold(ProseStats::default(), |a, b| a + b);
    let key_points_words = guide
        .sections
        .iter()
        .find(|s| s.id == "key-points")
        .map(|s| prose_stats(&s.body).words)
        .unwrap_or(0);
    let compact = |n: &str| n.chars().filter(char::is_ascii_digit).collect::<String>();
    let mut numbers: Vec<(String, bool)> = Vec::new();
    for entry in &guide.emergency {
        let authoritative = guide
            .sources
            .iter()
            .any(|s| s.id == entry.source && s.tier.is_authoritative());
        let key = compact(&entry.number);
        match numbers.iter_mut().find(|(n, _)| *n == key) {
            Some((_, backed)) => *backed |= authoritative,
            None => numbers.push((key, authoritative)),
        }
    }
    let conflicts = guide
        .sections
        .iter()
        .flat_map(|s| s.body.lines())
        .filter(|line| {
            line.trim_start()
                .strip_prefix('>')
                .is_some_and(|rest| rest.trim() == "[!conflict]")
        })
        .count();
    let all_text: String = guide
        .sections
        .iter()
        .map(|s| s.body.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    GuideStats {
        unexplained_acronyms: unexplained_acronyms(&all_text).len(),
        prose,
        key_points_words,
        emergency_numbers: numbers.len(),
        emergency_authoritative: numbers.iter().filter(|(_, backed)| *backed).count(),
        conflicts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_skip_citations_link_targets_and_markup() {
        let text = "- Llame al **911** [@a]. Vea [la página](https://x.org/a/b c) hoy!\n- Otra cosa [@b, @c]";
        let found = sentences(text);
        assert_eq!(
            found.iter().map(|s| s.words).collect::<Vec<_>>(),
            vec![3, 4, 2]
        );
        assert_eq!(found[2].line, 1);
        assert_eq!(
            prose_stats(text),
            ProseStats {
                words: 9,
                sentences: 3
            }
        );
    }

    #[test]
    fn paragraphs_headings_and_conflict_blocks_close_sentences() {
        let text = "Uno dos tres\n\nCuatro cinco. Seis?\n\n> [!conflict]\n> A dice 4 a 8 años [@a]. B dice otra cosa [@b].";
        let found = sentences(text);
        assert_eq!(
            found.iter().map(|s| s.words).collect::<Vec<_>>(),
            vec![3, 2, 1, 6, 4]
        );
        assert_eq!(prose_stats("47.5 por ciento. Fin.").sentences, 2);
        assert!((prose_stats("Uno dos. Tres.").average_sentence_words() - 1.5).abs() < 1e-9);
    }

    #[test]
    fn acronyms_count_as_explained_only_when_written_out_at_first_use() {
        let text = "La Comisión Mexicana de Ayuda a Refugiados (COMAR) decide. Luego COMAR llama. El INM (Instituto Nacional de Migración) ayuda. El **Permiso (PPT):** sirve. La DGME no. Sala IV. **ACNUR** [@acnur-2024].";
        assert_eq!(unexplained_acronyms(text), vec!["DGME", "ACNUR"]);
    }

    #[test]
    fn locale_number_formats_normalise_to_the_same_facts() {
        let es = numeric_facts("Pague 47,5 % o US$ 7 000 antes del 25 de enero de 2025 [@acnur-2024], 2–6 años, 08:00.");
        let en = numeric_facts(
            "Pay 47.5% or US$7,000 before January 25, 2025 [@acnur-2024], 2-6 years, 8:00.",
        );
        let fr = numeric_facts("Payez 47,5 % ou 7\u{202f}000 dollars US avant le 25 janvier 2025 [@acnur-2024], 2 à 6 ans, 8:00.");
        assert_eq!(es, en);
        assert_eq!(es, fr);
        assert_eq!(
            es,
            vec!["2", "2025", "25", "47.5", "6", "7000", "8", "month:1"]
        );
        assert_eq!(numeric_facts("1.000 personas"), vec!["1000"]);
        assert_eq!(
            numeric_facts("Call 2222-3333 or 911."),
            vec!["2222", "3333", "911"]
        );
        assert_ne!(numeric_facts("4 a 8 años"), numeric_facts("2 to 6 years"));
        assert!(numeric_facts("You may ask 3 times")
            .iter()
            .all(|f| !f.starts_with("month")));
    }
}
