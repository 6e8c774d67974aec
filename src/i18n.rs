//! Languages: Fluent bundles for ES/EN/FR compiled in from `locales/`, negotiation, a fallback chain and
//! locale-aware number formatting. Formatting never fails: a missing message falls back to the next
//! language, and a message missing everywhere shows its key in brackets, never a blank.

use crate::model::{
    Category, Dating, LocationPrecision, PlaceStatus, SourceDate, SourceTier, TargetGroup,
    Verification,
};
use fluent::concurrent::FluentBundle;
use fluent::{FluentArgs, FluentResource, FluentValue};
use std::sync::Arc;
use unic_langid::LanguageIdentifier;

/// The languages Paso ships, with their names written in themselves.
pub const LANGUAGES: [(&str, &str); 3] = [("es", "Español"), ("en", "English"), ("fr", "Français")];

/// One of the languages Paso ships: the typed form of `es`, `en`, `fr` wherever a language is passed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Lang {
    /// Spanish, the default on the route.
    #[default]
    Es,
    /// English.
    En,
    /// French.
    Fr,
}

impl Lang {
    /// Every shipped language, in the order of [`LANGUAGES`].
    pub const ALL: [Lang; 3] = [Lang::Es, Lang::En, Lang::Fr];

    /// The language of an exact code (`es`, `en`, `fr`, any case); `None` for anything else.
    pub fn parse(code: &str) -> Option<Self> {
        match code.trim().to_ascii_lowercase().as_str() {
            "es" => Some(Lang::Es),
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            _ => None,
        }
    }

    /// The best shipped language for a requested tag (`fr-CA` → French; unknown → Spanish).
    pub fn negotiate(tag: &str) -> Self {
        Self::parse(negotiate(&[tag])).unwrap_or_default()
    }

    /// The code, `es`, `en` or `fr`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// Position in [`Lang::ALL`] (for per-language tables).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The languages to try, in order: this one, then en, es, fr (as [`fallback_chain`]).
    pub fn fallback_chain(self) -> Vec<Lang> {
        fallback_chain(self.as_str())
            .into_iter()
            .filter_map(Lang::parse)
            .collect()
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The default language on the route.
pub const DEFAULT_LANGUAGE: &str = "es";

/// Every `.ftl` file, compiled in: (language, file name, text).
pub const FTL_FILES: &[(&str, &str, &str)] = &[
    ("es", "main.ftl", include_str!("../locales/es/main.ftl")),
    ("en", "main.ftl", include_str!("../locales/en/main.ftl")),
    ("fr", "main.ftl", include_str!("../locales/fr/main.ftl")),
    ("es", "ui.ftl", include_str!("../locales/es/ui.ftl")),
    ("en", "ui.ftl", include_str!("../locales/en/ui.ftl")),
    ("fr", "ui.ftl", include_str!("../locales/fr/ui.ftl")),
];

const MONTHS_SHORT_ES: [&str; 12] = [
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
];
const MONTHS_SHORT_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_SHORT_FR: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];
const MONTHS_LONG_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const MONTHS_LONG_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_LONG_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// Picks the best supported language for a list of requested ones (`fr-CA` → `fr`).
pub fn negotiate(requested: &[&str]) -> &'static str {
    for wanted in requested {
        let primary = wanted.split(['-', '_']).next().unwrap_or("").to_lowercase();
        if let Some((code, _)) = LANGUAGES.iter().find(|(code, _)| *code == primary) {
            return code;
        }
    }
    DEFAULT_LANGUAGE
}

/// The languages to try, in order, for `lang`: itself (negotiated), then en, es, fr.
pub fn fallback_chain(lang: &str) -> Vec<&'static str> {
    let first = negotiate(&[lang]);
    let mut chain = vec![first];
    for next in ["en", "es", "fr"] {
        if !chain.contains(&next) {
            chain.push(next);
        }
    }
    chain
}

fn load_bundle(lang: &'static str) -> FluentBundle<FluentResource> {
    let id: LanguageIdentifier = lang.parse().expect("shipped language ids parse");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(false);
    for (file_lang, name, text) in FTL_FILES {
        if *file_lang != lang {
            continue;
        }
        let resource =
            FluentResource::try_new(text.to_string()).unwrap_or_else(|(partial, errors)| {
                log::warn!(
                    "locales/{lang}/{name}: {} syntax error(s); using what parsed",
                    errors.len()
                );
                partial
            });
        if let Err(errors) = bundle.add_resource(resource) {
            log::warn!(
                "locales/{lang}/{name}: {} duplicate message(s)",
                errors.len()
            );
        }
    }
    bundle
}

/// One language's Fluent bundle, parsed on first use.
struct LazyBundle {
    lang: &'static str,
    bundle: std::sync::OnceLock<FluentBundle<FluentResource>>,
}

impl LazyBundle {
    fn new(lang: &'static str) -> Self {
        Self {
            lang,
            bundle: std::sync::OnceLock::new(),
        }
    }

    fn get(&self) -> &FluentBundle<FluentResource> {
        self.bundle.get_or_init(|| load_bundle(self.lang))
    }
}

/// Translates messages for one language, falling back through the others.
#[derive(Clone)]
pub struct Localizer {
    lang: &'static str,
    /// The fallback chain; each language's files are parsed the first time a message is looked up in it
    /// (a start parses one language, the others only if a message were missing).
    chain: Arc<Vec<LazyBundle>>,
}

impl PartialEq for Localizer {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
    }
}

impl std::fmt::Debug for Localizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Localizer({})", self.lang)
    }
}

/// A message argument.
pub enum Arg<'a> {
    /// Text.
    Text(&'a str),
    /// A number (selects plural forms).
    Number(f64),
}

impl Localizer {
    /// A localizer for `lang` (negotiated: unknown languages get the default).
    pub fn new(lang: &str) -> Self {
        let chain = fallback_chain(lang);
        Self {
            lang: chain[0],
            chain: Arc::new(chain.into_iter().map(LazyBundle::new).collect()),
        }
    }

    /// The language code, `es`, `en` or `fr`.
    pub fn lang(&self) -> &'static str {
        self.lang
    }

    /// The language, typed.
    pub fn language(&self) -> Lang {
        Lang::parse(self.lang).unwrap_or_default()
    }

    /// The message `key`, or `⟦key⟧` when no language has it.
    pub fn tr(&self, key: &str) -> String {
        self.tr_args(key, &[])
    }

    /// The message `key` with arguments.
    pub fn tr_args(&self, key: &str, args: &[(&str, Arg)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Text(text) => fluent_args.set(*name, FluentValue::from(text.to_string())),
                Arg::Number(number) => fluent_args.set(*name, FluentValue::from(*number)),
            }
        }
        for bundle in self.chain.iter().map(LazyBundle::get) {
            let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
            if !errors.is_empty() {
                log::warn!("{key} in {}: {errors:?}", bundle.locales[0]);
            }
            return text.into_owned();
        }
        format!("⟦{key}⟧")
    }

    /// True when `key` exists in this exact language (no fallback).
    pub fn has_own(&self, key: &str) -> bool {
        self.chain[0].get().has_message(key)
    }

    /// A day written the way this language writes it: "27 nov 2026" (es), "27 Nov 2026" (en),
    /// "27 nov. 2026" (fr).
    pub fn date(&self, day: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        let month = day.month0() as usize;
        let short = match self.lang {
            "en" => MONTHS_SHORT_EN[month],
            "fr" => MONTHS_SHORT_FR[month],
            _ => MONTHS_SHORT_ES[month],
        };
        format!("{} {short} {}", day.day(), day.year())
    }

    /// `YYYY-MM-DD` as [`Self::date`], or the text itself when it is not a date.
    pub fn date_text(&self, iso: &str) -> String {
        chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
            .map(|day| self.date(day))
            .unwrap_or_else(|_| iso.to_string())
    }

    /// A source's date, honestly: "14 mar 2025", "March 2025 (month only)", "2025 (year only)",
    /// "undated, read on 2 Dec 2026".
    pub fn source_date(&self, date: SourceDate) -> String {
        match date {
            SourceDate::Day(day) => self.date(day),
            SourceDate::Month(year, month) => {
                let index = (month.clamp(1, 12) - 1) as usize;
                let name = match self.lang {
                    "en" => MONTHS_LONG_EN[index].to_string(),
                    "fr" => MONTHS_LONG_FR[index].to_string(),
                    _ => MONTHS_LONG_ES[index].to_string(),
                };
                self.tr_args(
                    "source-date-month",
                    &[
                        ("month", Arg::Text(&name)),
                        ("year", Arg::Text(&year.to_string())),
                    ],
                )
            }
            SourceDate::Year(year) => self.tr_args(
                "source-date-year",
                &[("year", Arg::Text(&year.to_string()))],
            ),
            SourceDate::Undated { read_on } => self.tr_args(
                "source-date-undated",
                &[("date", Arg::Text(&self.date(read_on)))],
            ),
        }
    }

    /// Who publishes a source, in words: "government", "UN agency", …
    pub fn source_tier(&self, tier: SourceTier) -> String {
        self.tr(&format!("source-tier-{}", tier.as_str()))
    }

    /// How a guide or card is dated, in one line: compiled at a desk, or checked on the ground by whom.
    pub fn dating(&self, dating: &Dating) -> String {
        match &dating.field_review {
            Some(review) => self.tr_args(
                "dating-field-reviewed",
                &[
                    ("org", Arg::Text(&review.by)),
                    ("date", Arg::Text(&self.date_text(&review.on))),
                ],
            ),
            None => self.tr_args(
                "dating-compiled",
                &[("date", Arg::Text(&self.date_text(&dating.compiled_on)))],
            ),
        }
    }

    /// Category label, e.g. "Albergue".
    pub fn category(&self, category: Category) -> String {
        self.tr(&format!("category-{}", category.as_str()))
    }

    /// Target group label.
    pub fn target_group(&self, group: TargetGroup) -> String {
        self.tr(&format!("serves-{}", group.as_str()))
    }

    /// Status label.
    pub fn status(&self, status: PlaceStatus) -> String {
        self.tr(&format!("status-{}", status.as_str()))
    }

    /// Precision label.
    pub fn precision(&self, precision: LocationPrecision) -> String {
        self.tr(&format!("precision-{}", precision.as_str()))
    }

    /// Verification label.
    pub fn verification(&self, verification: Verification) -> String {
        self.tr(&format!("verification-{}", verification.as_str()))
    }

    /// A decimal number with `decimals` digits and this language's separators: 1234.5 → "1.234,5" (es),
    /// "1,234.5" (en), "1 234,5" (fr, with a narrow no-break space).
    pub fn number(&self, value: f64, decimals: usize) -> String {
        let (group, decimal) = match self.lang {
            "en" => (",", "."),
            "fr" => ("\u{202f}", ","),
            _ => (".", ","),
        };
        let text = format!("{:.*}", decimals, value.abs());
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let mut grouped = String::new();
        for (i, digit) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 && whole.len() > 4 {
                grouped.push_str(group);
            }
            grouped.push(digit);
        }
        let sign = if value < 0.0 && text.chars().any(|c| c != '0' && c != '.') {
            "-"
        } else {
            ""
        };
        if fraction.is_empty() {
            format!("{sign}{grouped}")
        } else {
            format!("{sign}{grouped}{decimal}{fraction}")
        }
    }

    /// A distance: "850 m", "1,2 km" (es/fr) or "1.2 km" (en), "35 km".
    ///
    /// # Units
    /// `metres` is metres.
    pub fn distance(&self, metres: f64) -> String {
        if metres < 1000.0 {
            let rounded = ((metres / 10.0).round() * 10.0).max(0.0);
            format!("{} m", self.number(rounded, 0))
        } else if metres < 10_000.0 {
            format!("{} km", self.number(metres / 1000.0, 1))
        } else {
            format!("{} km", self.number((metres / 1000.0).round(), 0))
        }
    }

    /// Compass direction word for a bearing, e.g. "noreste".
    pub fn direction(&self, bearing_deg: f64) -> String {
        self.tr(&format!(
            "direction-{}",
            crate::spatial::compass_point(bearing_deg)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(text: &str) -> BTreeSet<String> {
        let resource = FluentResource::try_new(text.to_string()).expect("every .ftl parses");
        resource
            .entries()
            .filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                fluent_syntax::ast::Entry::Term(t) => Some(format!("-{}", t.id.name)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn languages_parse_print_and_fall_back() {
        for (lang, (code, _)) in Lang::ALL.iter().zip(LANGUAGES) {
            assert_eq!(lang.as_str(), code);
            assert_eq!(Lang::parse(code), Some(*lang));
            assert_eq!(Lang::ALL[lang.index()], *lang);
        }
        assert_eq!(Lang::parse("FR"), Some(Lang::Fr));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::negotiate("fr-CA"), Lang::Fr);
        assert_eq!(Lang::negotiate("de"), Lang::Es);
        assert_eq!(Lang::Fr.fallback_chain(), [Lang::Fr, Lang::En, Lang::Es]);
        assert_eq!(Localizer::new("en").language(), Lang::En);
    }

    #[test]
    fn every_ftl_parses_and_every_key_exists_in_every_language() {
        let per_lang: Vec<(&str, BTreeSet<String>)> = LANGUAGES
            .iter()
            .map(|(lang, _)| {
                let all = FTL_FILES
                    .iter()
                    .filter(|(l, _, _)| l == lang)
                    .flat_map(|(_, _, text)| keys(text))
                    .collect();
                (*lang, all)
            })
            .collect();
        let union: BTreeSet<String> = per_lang.iter().flat_map(|(_, k)| k.clone()).collect();
        for (lang, have) in &per_lang {
            let missing: Vec<_> = union.difference(have).collect();
            assert!(missing.is_empty(), "{lang} is missing {missing:?}");
        }
        assert!(union.len() > 20);
    }

    #[test]
    fn distances_follow_the_locale() {
        assert_eq!(Localizer::new("es").distance(1234.0), "1,2 km");
        assert_eq!(Localizer::new("fr").distance(1234.0), "1,2 km");
        assert_eq!(Localizer::new("en").distance(1234.0), "1.2 km");
        assert_eq!(Localizer::new("en").distance(847.0), "850 m");
        assert_eq!(Localizer::new("es").distance(35_400.0), "35 km");
        assert_eq!(Localizer::new("es").number(12345.0, 0), "12.345");
        assert_eq!(Localizer::new("en").number(1234.0, 0), "1234");
    }

    #[test]
    fn missing_messages_fall_back_visibly() {
        let es = Localizer::new("es");
        assert_eq!(es.tr("no-such-key"), "⟦no-such-key⟧");
        assert_eq!(Localizer::new("de-DE").lang(), "es");
        assert_eq!(negotiate(&["fr-CA", "en"]), "fr");
        assert_eq!(es.category(Category::Shelter), "Albergue");
        assert_eq!(
            Localizer::new("fr").category(Category::Shelter),
            "Hébergement"
        );
    }

    #[test]
    fn plurals_follow_fluent_rules() {
        let en = Localizer::new("en");
        assert_eq!(
            en.tr_args("places-found", &[("count", Arg::Number(1.0))]),
            "1 place"
        );
        assert_eq!(
            en.tr_args("places-found", &[("count", Arg::Number(3.0))]),
            "3 places"
        );
        let fr = Localizer::new("fr");
        assert_eq!(
            fr.tr_args("places-found", &[("count", Arg::Number(0.0))]),
            "0 lieu"
        );
    }

    #[test]
    fn source_dates_say_how_much_the_page_shows_in_each_language() {
        use crate::model::SourceDate;
        let day = |t: &str| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap();
        let forms = [
            SourceDate::Day(day("2025-03-14")),
            SourceDate::Month(2025, 3),
            SourceDate::Year(2025),
            SourceDate::Undated {
                read_on: day("2026-12-02"),
            },
        ];
        let expected = [
            (
                "es",
                [
                    "14 mar 2025",
                    "marzo de 2025 (solo el mes)",
                    "2025 (solo el año)",
                    "sin fecha, leída el 2 dic 2026",
                ],
            ),
            (
                "en",
                [
                    "14 Mar 2025",
                    "March 2025 (month only)",
                    "2025 (year only)",
                    "undated, read on 2 Dec 2026",
                ],
            ),
            (
                "fr",
                [
                    "14 mars 2025",
                    "mars 2025 (mois seulement)",
                    "2025 (année seulement)",
                    "non datée, lue le 2 déc. 2026",
                ],
            ),
        ];
        for (lang, texts) in expected {
            let tr = Localizer::new(lang);
            for (form, text) in forms.iter().zip(texts) {
                assert_eq!(tr.source_date(*form), text, "{lang}");
            }
        }
    }
}
