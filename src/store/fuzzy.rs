//! Typo-tolerant matching of typed words against the search vocabulary: a Spanish-by-ear spelling key and a
//! bounded edit distance (`strsim`). Pure: no I/O. The content store builds the [`Vocabulary`] from its FTS5
//! rows once and turns the [`Alternative`]s into FTS5 queries; FTS5 stays the first stage.

use crate::text::fold;

/// At most this many typed words are searched.
pub const MAX_WORDS: usize = 8;

/// At most this many alternatives per typed word go into the FTS5 query (closest first).
const MAX_ALTERNATIVES: usize = 24;

/// How a search hit matched what was typed, best first: the order results are ranked in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    /// Every typed word is a whole word of the hit.
    Exact,
    /// Every typed word starts a word of the hit.
    Prefix,
    /// A word matched only through its by-ear spelling key ("Tenosike" → Tenosique).
    ByEar,
    /// A word matched only within the allowed edit distance ("Chuluteca" → Choluteca).
    Fuzzy,
}

impl MatchKind {
    /// The name used by `paso-data search --json`: `exact`, `prefix`, `by-ear`, `fuzzy`.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Prefix => "prefix",
            MatchKind::ByEar => "by-ear",
            MatchKind::Fuzzy => "fuzzy",
        }
    }

    /// True when the hit is a guess the screen should name ("Showing results for «…»").
    pub fn is_correction(self) -> bool {
        matches!(self, MatchKind::ByEar | MatchKind::Fuzzy)
    }
}

/// The searchable words of what a person typed: folded (accents and case off), split on anything that is not
/// a letter or digit, at most [`MAX_WORDS`]. FTS5's `unicode61 remove_diacritics 2` tokenizer splits the same way.
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(MAX_WORDS)
        .map(str::to_owned)
        .collect()
}

/// The Spanish-by-ear spelling key of a word: accents folded, `h` dropped, `v`→`b`, `z`/`ce`/`ci`→`s`,
/// `ll`→`y`, `qu`/`k`→`c`, `ñ`→`n`. Two spellings that sound alike in Latin American Spanish get one key.
pub fn by_ear_key(word: &str) -> String {
    let chars: Vec<char> = fold(word).chars().collect();
    let mut key = String::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let next = chars.get(i + 1).copied();
        match (chars[i], next) {
            ('h', _) => {}
            ('v', _) => key.push('b'),
            ('z', _) => key.push('s'),
            ('c', Some('e' | 'i')) => key.push('s'),
            ('l', Some('l')) => {
                key.push('y');
                i += 1;
            }
            ('q', Some('u')) => {
                key.push('c');
                i += 1;
            }
            ('k', _) => key.push('c'),
            ('ñ', _) => key.push('n'),
            (c, _) => key.push(c),
        }
        i += 1;
    }
    key
}

/// The edit distance allowed for a word of `letters` letters: none up to 3, 1 for 4–6, 2 for longer.
pub fn allowed_distance(letters: usize) -> usize {
    match letters {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// A vocabulary term that may be what a typed word meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternative {
    /// The term, folded, as FTS5 indexes it.
    pub term: String,
    /// By ear or fuzzy.
    pub kind: MatchKind,
    /// Edit distance (0 for a by-ear key that is equal; 1 for one that only starts alike).
    pub distance: usize,
}

#[derive(Debug, Clone)]
struct Term {
    text: String,
    key: String,
    letters: usize,
}

/// The distinct folded words of the searchable text, each with its by-ear key.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    terms: Vec<Term>,
}

impl Vocabulary {
    /// Every distinct word of two letters or more in `texts` (digits-only words left out).
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut distinct = std::collections::BTreeSet::new();
        for text in texts {
            for word in words_unbounded(text) {
                if word.chars().count() >= 2 && !word.chars().all(|c| c.is_numeric()) {
                    distinct.insert(word);
                }
            }
        }
        let terms = distinct
            .into_iter()
            .map(|text| Term {
                key: by_ear_key(&text),
                letters: text.chars().count(),
                text,
            })
            .collect();
        Self { terms }
    }

    /// How many distinct terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// True when there is nothing to match against.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The terms a typed `word` (folded, from [`words`]) may have meant, closest first, at most 24. Terms FTS5
    /// already finds (the word itself, and for the `last`, half-typed word every term it starts) are left out.
    ///
    /// - by ear: the term's [`by_ear_key`] equals the word's (for the last word: starts with it);
    /// - fuzzy: the edit distance between the words, or between their keys, is within
    ///   [`allowed_distance`] of the longer of the two; for the last word also the distance to the term's
    ///   closest prefix, within the allowance of the typed word's own length ("Tapacu" → Tapachula).
    pub fn alternatives(&self, word: &str, last: bool) -> Vec<Alternative> {
        let letters = word.chars().count();
        if letters < 3 {
            return Vec::new();
        }
        let key = by_ear_key(word);
        let mut found = Vec::new();
        for term in &self.terms {
            if term.text == word || (last && term.text.starts_with(word)) {
                continue;
            }
            if term.key == key {
                found.push(alternative(term, MatchKind::ByEar, 0));
                continue;
            }
            if last && key.chars().count() >= 3 && term.key.starts_with(&key) {
                found.push(alternative(term, MatchKind::ByEar, 1));
                continue;
            }
            if letters < 4 {
                continue;
            }
            let whole = allowed_distance(letters.max(term.letters));
            if term.letters.abs_diff(letters) <= whole {
                let distance =
                    strsim::levenshtein(word, &term.text).min(strsim::levenshtein(&key, &term.key));
                if distance <= whole {
                    found.push(alternative(term, MatchKind::Fuzzy, distance));
                    continue;
                }
            }
            if last {
                let own = allowed_distance(letters);
                if let Some(distance) = prefix_distance(&key, &term.key, own) {
                    found.push(alternative(term, MatchKind::Fuzzy, distance));
                }
            }
        }
        let shared = |term: &str| {
            std::cmp::Reverse(
                word.chars()
                    .zip(term.chars())
                    .take_while(|(a, b)| a == b)
                    .count(),
            )
        };
        found.sort_by(|a, b| {
            (a.kind, a.distance, shared(&a.term), &a.term).cmp(&(
                b.kind,
                b.distance,
                shared(&b.term),
                &b.term,
            ))
        });
        found.truncate(MAX_ALTERNATIVES);
        found
    }
}

fn alternative(term: &Term, kind: MatchKind, distance: usize) -> Alternative {
    Alternative {
        term: term.text.clone(),
        kind,
        distance,
    }
}

/// The smallest edit distance between `typed` and a prefix of `term`, if it is within `allowed`.
fn prefix_distance(typed: &str, term: &str, allowed: usize) -> Option<usize> {
    let letters = typed.chars().count();
    let lowest = letters.saturating_sub(allowed).max(1);
    let ends: Vec<usize> = term
        .char_indices()
        .map(|(i, _)| i)
        .skip(1)
        .chain(std::iter::once(term.len()))
        .collect();
    // ends[n - 1] is the byte end of the n-letter prefix.
    (lowest..=letters + allowed)
        .filter_map(|n| ends.get(n - 1))
        .map(|&end| strsim::levenshtein(typed, &term[..end]))
        .min()
        .filter(|&d| d <= allowed)
}

fn words_unbounded(text: &str) -> impl Iterator<Item = String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect::<Vec<_>>()
        .into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_by_ear_key_merges_what_sounds_alike() {
        for (a, b) in [
            ("Tenosike", "Tenosique"),
            ("Siudad Juares", "Ciudad Juárez"),
            ("alberge", "halberge"),
            ("Yamasa", "Llamasa"),
            ("Necoclí", "Nekocli"),
            ("baca", "vaca"),
            ("Niño", "nino"),
        ] {
            assert_eq!(by_ear_key(a), by_ear_key(b), "{a} / {b}");
        }
        assert_ne!(by_ear_key("casa"), by_ear_key("cesa"));
        assert_eq!(by_ear_key("Quito"), "cito");
        assert_eq!(by_ear_key("cita"), "sita");
    }

    #[test]
    fn the_allowed_distance_grows_with_the_word() {
        assert_eq!([3, 4, 6, 7, 12].map(allowed_distance), [0, 1, 1, 2, 2]);
    }

    #[test]
    fn alternatives_are_ranked_by_ear_before_fuzzy() {
        let vocabulary =
            Vocabulary::from_texts(["Tapachula Tenosique Choluteca", "albergue hospital"]);
        let by_ear = vocabulary.alternatives("tenosike", true);
        assert_eq!(by_ear[0].term, "tenosique");
        assert_eq!(by_ear[0].kind, MatchKind::ByEar);
        let fuzzy = vocabulary.alternatives("chuluteca", false);
        assert_eq!(fuzzy[0].term, "choluteca");
        assert_eq!(fuzzy[0].kind, MatchKind::Fuzzy);
        for half_typed in ["tapacu", "tapaxu", "tapacchu"] {
            let found = vocabulary.alternatives(half_typed, true);
            assert!(
                found.iter().any(|a| a.term == "tapachula"),
                "{half_typed}: {found:?}"
            );
        }
        // Too far: three edits in a six-letter word, not the last.
        assert!(vocabulary.alternatives("tapxyz", false).is_empty());
        // What FTS5 finds by itself (a plain prefix) is not repeated.
        assert!(vocabulary.alternatives("tapachu", true).is_empty());
        assert!(vocabulary.alternatives("tapa", true).is_empty());
        // Words under three letters are never guessed at.
        assert!(vocabulary.alternatives("ta", true).is_empty());
    }

    #[test]
    fn prefix_distance_measures_against_the_closest_prefix() {
        assert_eq!(prefix_distance("tapacu", "tapacula", 1), Some(0));
        assert_eq!(prefix_distance("tapcu", "tapacula", 1), Some(1));
        assert_eq!(prefix_distance("xyzw", "tapacula", 1), None);
        assert_eq!(prefix_distance("añb", "ñañbc", 1), Some(1));
    }
}
