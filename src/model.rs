//! Domain types shared by every layer: ids, places, categories, target groups, coordinates, countries.
//!
//! This module does no I/O and knows nothing about SQLite, files or the UI.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A stable place identifier with a source prefix, e.g. `wd:Q10272240` or `mx-tapachula-belen`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PlaceId(pub String);

impl fmt::Display for PlaceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An ISO 3166-1 alpha-2 country code in upper case, e.g. `CR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Parses two ASCII letters, any case.
    pub fn parse(text: &str) -> Option<Self> {
        let bytes = text.trim().as_bytes();
        if bytes.len() == 2 && bytes.iter().all(u8::is_ascii_alphabetic) {
            Some(Self([
                bytes[0].to_ascii_uppercase(),
                bytes[1].to_ascii_uppercase(),
            ]))
        } else {
            None
        }
    }

    /// The code as a `&str`, upper case.
    pub fn as_str(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CountryCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        CountryCode::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a country code: {text:?}")))
    }
}

/// The 9 countries on the route that Paso covers, south to north.
pub const ROUTE_COUNTRIES: [&str; 9] = ["CO", "PA", "CR", "NI", "HN", "SV", "GT", "BZ", "MX"];

/// A WGS84 position in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LatLon {
    /// Latitude in degrees, −90 … 90.
    pub lat: f64,
    /// Longitude in degrees, −180 … 180.
    pub lon: f64,
}

impl LatLon {
    /// A position, without range checks.
    pub const fn new(lat: f64, lon: f64) -> Self {
        Self { lat, lon }
    }

    /// True when both values are finite and in range.
    pub fn is_valid(&self) -> bool {
        self.lat.is_finite()
            && self.lon.is_finite()
            && (-90.0..=90.0).contains(&self.lat)
            && (-180.0..=180.0).contains(&self.lon)
    }
}

impl FromStr for LatLon {
    type Err = String;
    /// Parses `"LAT,LON"`, e.g. `"14.9054,-92.2589"`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (lat, lon) = text
            .split_once(',')
            .ok_or_else(|| format!("expected LAT,LON but got {text:?}"))?;
        let lat: f64 = lat
            .trim()
            .parse()
            .map_err(|_| format!("latitude {lat:?} is not a number"))?;
        let lon: f64 = lon
            .trim()
            .parse()
            .map_err(|_| format!("longitude {lon:?} is not a number"))?;
        let point = LatLon::new(lat, lon);
        if point.is_valid() {
            Ok(point)
        } else {
            Err(format!("{lat},{lon} is out of range"))
        }
    }
}

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable snake_case id used in bundles, URLs, the CLI and Fluent keys.
            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text.trim() {
                    $($text => Ok($name::$variant),)+
                    other => Err(format!(
                        "unknown {} {other:?}; expected one of: {}",
                        stringify!($name),
                        [$($text),+].join(", ")
                    )),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum! {
    /// What kind of help a place offers.
    Category {
        /// Shelters, casas del migrante, albergues.
        Shelter = "shelter",
        /// Hospitals, clinics, health centres.
        Health = "health",
        /// Migration and asylum offices (including detention centres, labelled as such).
        MigrationOffice = "migration_office",
        /// Border crossings and internal checkpoints.
        BorderCrossing = "border_crossing",
        /// Government reception, transit and return centres.
        ReceptionCentre = "reception_centre",
        /// Embassies and consulates.
        Consulate = "consulate",
        /// UNHCR, IOM, Red Cross, MSF and church or NGO aid points.
        HumanitarianOrg = "humanitarian_org",
        /// Legal aid and protection hotlines.
        LegalAid = "legal_aid",
    }
}

string_enum! {
    /// Who a place says it serves (derived from the source's own words).
    TargetGroup {
        /// Families travelling together.
        Families = "families",
        /// Women.
        Women = "women",
        /// Children travelling alone.
        UnaccompaniedChildren = "unaccompanied_children",
        /// Lesbian, gay, bisexual, trans and intersex people.
        Lgbti = "lgbti",
    }
}

string_enum! {
    /// How exact a place's position is.
    LocationPrecision {
        /// Coordinates given by the source for the place itself.
        Exact = "exact",
        /// Placed at its town's centroid: approximate, possibly several km off.
        Town = "town",
        /// A country-wide service (a hotline): never on the map.
        Country = "country",
        /// No position known: listed under its country, never on the map.
        None = "none",
    }
}

string_enum! {
    /// Whether a place is operating, as far as its source says.
    PlaceStatus {
        /// A dated source reports it operating.
        Open = "open",
        /// Closed: kept only to warn people away.
        Closed = "closed",
        /// Closed for now.
        TemporarilyClosed = "temporarily_closed",
        /// Announced, not yet open.
        Planned = "planned",
        /// A temporary facility.
        Temporary = "temporary",
        /// An informal point (e.g. an irregular boat departure), kept as risk information.
        Informal = "informal",
        /// The source says nothing about current operation.
        Unknown = "unknown",
    }
}

impl PlaceStatus {
    /// True when people should be warned not to go there.
    pub fn is_closed(&self) -> bool {
        matches!(self, PlaceStatus::Closed | PlaceStatus::TemporarilyClosed)
    }
}

string_enum! {
    /// How far a place has been checked against reality: the verification ladder.
    Verification {
        /// Found in one source; nobody has confirmed it since.
        Unverified = "unverified",
        /// Confirmed by a second or newer public source on `last_checked` (a desk check, not a visit).
        DeskChecked = "desk_checked",
        /// A named organisation (`verified_by`) confirmed it on the ground on `last_checked`.
        FieldVerified = "field_verified",
    }
}

/// The languages of editorial text: every curated free-text field exists in each of them.
pub const TEXT_LANGS: [&str; 3] = ["es", "en", "fr"];

/// A free text in up to three languages (es, en, fr). Curated rows carry all three; an editor's import may
/// carry fewer, and then the reader shows another language, marked as such.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalizedText {
    /// Spanish.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub es: Option<String>,
    /// English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    /// French.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fr: Option<String>,
}

impl LocalizedText {
    /// A text known in one language only (`lang` outside es/en/fr counts as English).
    pub fn one(lang: &str, text: Option<String>) -> Self {
        let mut localized = Self::default();
        localized.set(lang, text);
        localized
    }

    /// Sets the text of `lang`; empty text counts as none.
    pub fn set(&mut self, lang: &str, text: Option<String>) {
        let text = text.filter(|t| !t.trim().is_empty());
        match lang {
            "es" => self.es = text,
            "fr" => self.fr = text,
            _ => self.en = text,
        }
    }

    /// The text written in exactly `lang`, if any.
    pub fn exact(&self, lang: &str) -> Option<&str> {
        match lang {
            "es" => self.es.as_deref(),
            "en" => self.en.as_deref(),
            "fr" => self.fr.as_deref(),
            _ => None,
        }
    }

    /// The text for a reader of `lang`, with the language it is really written in: `lang` itself when it
    /// exists, otherwise Spanish, then English, then French.
    pub fn get(&self, lang: &str) -> Option<(&str, &'static str)> {
        if let Some(found) = TEXT_LANGS.iter().find(|l| **l == lang) {
            if let Some(text) = self.exact(found) {
                return Some((text, found));
            }
        }
        TEXT_LANGS
            .iter()
            .find_map(|l| self.exact(l).map(|text| (text, *l)))
    }

    /// True when no language has a text.
    pub fn is_empty(&self) -> bool {
        self.es.is_none() && self.en.is_none() && self.fr.is_none()
    }

    /// The languages that lack a text while another language has one.
    pub fn missing(&self) -> Vec<&'static str> {
        if self.is_empty() {
            return Vec::new();
        }
        TEXT_LANGS
            .iter()
            .copied()
            .filter(|l| self.exact(l).is_none())
            .collect()
    }

    /// Every text with its language.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        TEXT_LANGS
            .iter()
            .filter_map(|l| self.exact(l).map(|text| (*l, text)))
    }
}

/// The later source that confirmed a place (or its closure) in a desk check.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeskCheck {
    /// The page.
    pub url: String,
    /// Its title.
    pub title: Option<String>,
    /// Its date, as the page gives it.
    pub date: Option<String>,
    /// A short verbatim quote from it.
    pub evidence: Option<String>,
}

/// A place in a language: the name to show in `lang`, falling back to the source name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LocalizedNames {
    /// The name as the source writes it.
    pub name: String,
    /// Spanish name, if the source gives one.
    pub es: Option<String>,
    /// English name, if the source gives one.
    pub en: Option<String>,
    /// French name, if the source gives one.
    pub fr: Option<String>,
}

impl LocalizedNames {
    /// The name in `lang` (`es`, `en`, `fr`), or the source name.
    pub fn get(&self, lang: &str) -> &str {
        let localized = match lang {
            "es" => self.es.as_deref(),
            "en" => self.en.as_deref(),
            "fr" => self.fr.as_deref(),
            _ => None,
        };
        localized
            .filter(|name| !name.is_empty())
            .unwrap_or(&self.name)
    }
}

/// Where a fact came from, and under what licence it may be shipped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// The dataset id (see the bundle's attributions), e.g. `wd_hospitals` or `paso_curated`.
    pub dataset: String,
    /// The page or record the row comes from.
    pub url: Option<String>,
    /// The page's title.
    pub title: Option<String>,
    /// The source's date, as the source gives it (may be approximate text such as "c. 2022").
    pub date: Option<String>,
    /// SPDX-style licence id, e.g. `CC0-1.0`.
    pub licence: String,
    /// A short verbatim quote that supports the point (curated rows).
    pub evidence: Option<String>,
    /// The quote's language (ISO 639-1), when known.
    pub evidence_lang: Option<String>,
}

/// One point of help, as stored in a bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Stable id.
    pub id: PlaceId,
    /// Main category.
    pub category: Category,
    /// Finer type as the source gives it, e.g. `embassy`, `CATEM`.
    pub subcategory: Option<String>,
    /// Names.
    pub names: LocalizedNames,
    /// Country the place is in.
    pub country: CountryCode,
    /// State, province or department.
    pub admin1: Option<String>,
    /// Town used for placement or shown as the address line.
    pub town: Option<String>,
    /// Address text.
    pub address: Option<String>,
    /// Position; `None` when unknown (never invented).
    pub position: Option<LatLon>,
    /// How exact `position` is.
    pub precision: LocationPrecision,
    /// Phone text exactly as the source gives it.
    pub phone_text: Option<String>,
    /// Dialable numbers extracted from `phone_text`.
    pub phones: Vec<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Opening hours in OSM syntax.
    pub opening_hours: Option<String>,
    /// Target groups read out of `serves_text`, in every language it has (`text::target_groups_in`).
    pub serves: Vec<TargetGroup>,
    /// Who it serves, in words.
    pub serves_text: LocalizedText,
    /// Services offered, in words.
    pub services: LocalizedText,
    /// Operating status.
    pub status: PlaceStatus,
    /// How far it has been checked (the verification ladder).
    pub verification: Verification,
    /// The day of the last desk or field check (YYYY-MM-DD), if any.
    pub last_checked: Option<String>,
    /// The organisation that verified it on the ground (field-verified places).
    pub verified_by: Option<String>,
    /// The newer source a desk check found, if any.
    pub desk_check: Option<DeskCheck>,
    /// Where it comes from.
    pub provenance: Provenance,
    /// Caveats from the source or the editors.
    pub notes: LocalizedText,
    /// For diplomatic missions: the sending state.
    pub operator_country: Option<CountryCode>,
}

impl Place {
    /// True when the place may be drawn on the map and ranked by distance.
    pub fn is_mappable(&self) -> bool {
        self.position.is_some()
            && matches!(
                self.precision,
                LocationPrecision::Exact | LocationPrecision::Town
            )
    }
}

/// The fixed sections every country guide has, in order: `key-points` first.
pub const GUIDE_SECTIONS: [&str; 7] = [
    "key-points",
    "entry",
    "asylum",
    "rights",
    "risks",
    "emergency",
    "help",
];

/// Limits of the `key-points` section (format v2): items, words in all, words per sentence.
pub const KEY_POINTS_MAX_ITEMS: usize = 5;
/// At most this many words in the whole `key-points` section.
pub const KEY_POINTS_MAX_WORDS: usize = 80;
/// At most this many words in one sentence of the `key-points` section.
pub const KEY_POINTS_MAX_SENTENCE_WORDS: usize = 12;

/// Who publishes a source: the citation list shows it in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceTier {
    /// A government body.
    Official,
    /// A UN agency.
    Un,
    /// A non-governmental organisation.
    Ngo,
    /// A newspaper or news site.
    Press,
    /// Anything else.
    Other,
}

impl SourceTier {
    /// Every tier.
    pub const ALL: [SourceTier; 5] = [
        SourceTier::Official,
        SourceTier::Un,
        SourceTier::Ngo,
        SourceTier::Press,
        SourceTier::Other,
    ];

    /// The id written in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceTier::Official => "official",
            SourceTier::Un => "un",
            SourceTier::Ngo => "ngo",
            SourceTier::Press => "press",
            SourceTier::Other => "other",
        }
    }

    /// True for government and UN sources, the ones an emergency number should rest on.
    pub fn is_authoritative(self) -> bool {
        matches!(self, SourceTier::Official | SourceTier::Un)
    }
}

/// How much of a date a page shows, when it shows less than a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    /// `YYYY-MM`: the page shows only a month.
    Month,
    /// `YYYY`: the page shows only a year.
    Year,
}

/// A source's date as the page itself shows it, read from `published`, `date_precision` and `read_on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceDate {
    /// A full date.
    Day(chrono::NaiveDate),
    /// Year and month only (the page shows no day).
    Month(i32, u32),
    /// A year only (the page shows only a year).
    Year(i32),
    /// The page shows no date; this is the day we read it.
    Undated {
        /// When an editor read the page.
        read_on: chrono::NaiveDate,
    },
}

impl SourceDate {
    /// Reads the three front-matter fields; `Err` says what is wrong, for the builder's message.
    pub fn from_fields(
        published: &str,
        precision: Option<DatePrecision>,
        read_on: Option<&str>,
    ) -> Result<Self, String> {
        let day = |text: &str| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
        if published == "undated" {
            if precision.is_some() {
                return Err("\"undated\" takes no date_precision".into());
            }
            return match read_on {
                Some(text) => day(text)
                    .map(|read_on| SourceDate::Undated { read_on })
                    .ok_or_else(|| format!("read_on {text:?} is not a YYYY-MM-DD date")),
                None => Err(
                    "\"undated\" needs read_on = \"YYYY-MM-DD\", the day the page was read".into(),
                ),
            };
        }
        if read_on.is_some() {
            return Err("read_on is only for published = \"undated\"".into());
        }
        let parts: Vec<&str> = published.split('-').collect();
        let numbers: Option<Vec<u32>> = parts
            .iter()
            .map(|p| {
                p.chars()
                    .all(|c| c.is_ascii_digit())
                    .then(|| p.parse().ok())
                    .flatten()
            })
            .collect();
        let shape_ok = |lengths: &[usize]| {
            parts.len() == lengths.len() && parts.iter().zip(lengths).all(|(p, l)| p.len() == *l)
        };
        match (numbers.as_deref(), precision) {
            (Some([_, _, _]), None) if shape_ok(&[4, 2, 2]) => day(published)
                .map(SourceDate::Day)
                .ok_or_else(|| format!("{published:?} is not a real date")),
            (Some([_, _, _]), Some(_)) if shape_ok(&[4, 2, 2]) => {
                Err(format!("{published:?} is a full date: drop date_precision"))
            }
            (Some([year, month]), Some(DatePrecision::Month))
                if shape_ok(&[4, 2]) && (1..=12).contains(month) =>
            {
                Ok(SourceDate::Month(*year as i32, *month))
            }
            (Some([_, _]), None) if shape_ok(&[4, 2]) => Err(format!(
                "{published:?} is a year-month without date_precision = \"month\" (use it only when the page shows only a month)"
            )),
            (Some([year]), Some(DatePrecision::Year)) if shape_ok(&[4]) => Ok(SourceDate::Year(*year as i32)),
            (Some([_]), None) if shape_ok(&[4]) => Err(format!(
                "{published:?} is a bare year without date_precision = \"year\" (only when the page shows only a year; if it shows no date, write \"undated\" and read_on)"
            )),
            _ => Err(format!(
                "{published:?} does not match date_precision {:?}",
                precision.map(|p| match p {
                    DatePrecision::Month => "month",
                    DatePrecision::Year => "year",
                })
            )),
        }
    }
}

/// A source a guide or card cites.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuideSource {
    /// Short id used in `[@id]` citations.
    pub id: String,
    /// http(s) link.
    pub url: String,
    /// The page's own title.
    pub title: String,
    /// Who publishes it.
    pub tier: SourceTier,
    /// The page's own date: `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (with `date_precision`), or `undated`.
    pub published: String,
    /// `month` or `year` when the page shows less than a full date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_precision: Option<DatePrecision>,
    /// For `undated` pages: the day an editor read it (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_on: Option<String>,
    /// When an editor read a dated page, if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessed: Option<String>,
}

impl GuideSource {
    /// The date as the page shows it; `None` only for sources the builder would have refused.
    pub fn date(&self) -> Option<SourceDate> {
        SourceDate::from_fields(
            &self.published,
            self.date_precision,
            self.read_on.as_deref(),
        )
        .ok()
    }
}

/// An emergency or help number from a guide, with the source that shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmergencyNumber {
    /// emergency, police, ambulance, fire, anti_trafficking, gender_violence, child_protection, migration,
    /// human_rights or other.
    pub kind: String,
    /// As dialled.
    pub number: String,
    /// Short label in the guide's language.
    pub label: String,
    /// Id of the source that shows the number.
    pub source: String,
}

/// One section of a guide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GuideSection {
    /// One of [`GUIDE_SECTIONS`].
    pub id: String,
    /// Heading in the guide's language.
    pub title: String,
    /// CommonMark body (validated: no HTML; links only http(s) and `paso:`).
    pub body: String,
    /// Source ids cited in the body.
    pub sources: Vec<String>,
}

/// How a guide or card is dated: always compiled at a desk, checked on the ground only when someone did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dating {
    /// YYYY-MM-DD: the day the text was compiled from public sources.
    pub compiled_on: String,
    /// A check on the ground by a named person or organisation, if one happened.
    pub field_review: Option<FieldReview>,
}

/// A check of every fact on the ground.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldReview {
    /// YYYY-MM-DD.
    pub on: String,
    /// The person or organisation that checked.
    pub by: String,
}

/// A country guide in one language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Guide {
    /// Country.
    pub country: CountryCode,
    /// es, en or fr.
    pub lang: String,
    /// Country name in that language.
    pub title: String,
    /// Desk date and field review.
    pub dating: Dating,
    /// Cited sources.
    pub sources: Vec<GuideSource>,
    /// Emergency and help numbers.
    pub emergency: Vec<EmergencyNumber>,
    /// The sections, in [`GUIDE_SECTIONS`] order.
    pub sections: Vec<GuideSection>,
}

/// A "What's true" card in one language: a short sourced answer to something smugglers or rumours get wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    /// `[a-z0-9-]`, the folder name, the same in every language.
    pub id: String,
    /// es, en or fr.
    pub lang: String,
    /// Heading in that language.
    pub title: String,
    /// Countries where it matters; empty for everywhere.
    pub countries: Vec<CountryCode>,
    /// Desk date and field review.
    pub dating: Dating,
    /// Cited sources.
    pub sources: Vec<GuideSource>,
    /// CommonMark body (validated like guide sections).
    pub body: String,
    /// Source ids cited in the body.
    pub cited: Vec<String>,
}

impl Card {
    /// True when the card concerns `country` (cards with no country concern every one).
    pub fn concerns(&self, country: CountryCode) -> bool {
        self.countries.is_empty() || self.countries.contains(&country)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes_parse_any_case_and_refuse_junk() {
        assert_eq!(CountryCode::parse("cr").unwrap().as_str(), "CR");
        assert!(CountryCode::parse("CRI").is_none());
        assert!(CountryCode::parse("1A").is_none());
    }

    #[test]
    fn categories_round_trip_through_their_ids() {
        for category in Category::ALL {
            assert_eq!(category.as_str().parse::<Category>().unwrap(), *category);
        }
        let error = "hotel".parse::<Category>().unwrap_err();
        assert!(error.contains("shelter"), "{error}");
    }

    #[test]
    fn latlon_parses_and_checks_range() {
        let point: LatLon = "14.9054, -92.2589".parse().unwrap();
        assert_eq!(point, LatLon::new(14.9054, -92.2589));
        assert!("91,0".parse::<LatLon>().is_err());
        assert!("abc".parse::<LatLon>().is_err());
    }

    #[test]
    fn localized_names_fall_back_to_the_source_name() {
        let names = LocalizedNames {
            name: "Hospital".into(),
            fr: Some("Hôpital".into()),
            ..Default::default()
        };
        assert_eq!(names.get("fr"), "Hôpital");
        assert_eq!(names.get("es"), "Hospital");
    }

    #[test]
    fn localized_text_falls_back_and_says_which_language_it_shows() {
        let text = LocalizedText::one("en", Some("families".into()));
        assert_eq!(text.get("fr"), Some(("families", "en")));
        assert_eq!(text.missing(), vec!["es", "fr"]);
        let mut full = text.clone();
        full.set("es", Some("familias".into()));
        full.set("fr", Some("familles".into()));
        assert_eq!(full.get("fr"), Some(("familles", "fr")));
        assert_eq!(full.get("de"), Some(("familias", "es")));
        assert!(full.missing().is_empty());
        assert!(LocalizedText::default().missing().is_empty());
        assert_eq!(
            LocalizedText::one("es", Some("  ".into())),
            LocalizedText::default()
        );
    }
}
