//! The report server's wire format: what a phone's outbox and field staff send to `paso-server`, what it
//! answers, and the corrections rows it exports for `paso-data build`. Types and limits only, no I/O.
//!
//! A report carries no account, no device id and no time of day. A position travels only when the person
//! ticked "attach my position" ([`WireReport::position`]).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::store::user::ReportKind;

/// The report server this build's app sends to, set when the app is built (`PASO_REPORT_SERVER=https://…`
/// at `cargo build`); `None` in the default build, where reports leave the phone only by export.
pub const BUILT_IN_REPORT_SERVER: Option<&str> = option_env!("PASO_REPORT_SERVER");

/// Where phones send batches of reports ([`ReportBatch`] → [`BatchAnswer`]).
pub const REPORTS_PATH: &str = "/v1/reports";
/// Where field staff send batches of verifications ([`VerificationBatch`] → [`BatchAnswer`]), with
/// `Authorization: Bearer <token>`.
pub const VERIFICATIONS_PATH: &str = "/v1/verifications";
/// Largest request body the server reads, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Most reports or verifications in one batch.
pub const MAX_BATCH: usize = 50;
/// Longest free text (a report's text, a verification's notes or a corrected value), in characters.
pub const MAX_TEXT_CHARS: usize = crate::store::user::MAX_NOTE_CHARS;

/// A batch of reports from one phone's outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportBatch {
    /// The reports, each with its own id.
    pub reports: Vec<WireReport>,
}

/// One report as it travels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireReport {
    /// Made on the phone when the report was written; the same report retried keeps its id, which is what
    /// makes sending idempotent.
    pub id: Uuid,
    /// The place reported; `None` for [`ReportKind::NewPlace`].
    pub place_id: Option<String>,
    /// What is wrong.
    pub kind: ReportKind,
    /// Free text, possibly empty.
    #[serde(default)]
    pub text: String,
    /// The app language the person used (`es`, `en` or `fr`).
    pub lang: String,
    /// The version of the bundle the report was made against.
    pub bundle_version: u64,
    /// The day it was written (YYYY-MM-DD); no time of day.
    pub created_on: String,
    /// Only when the person ticked "attach my position".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<WirePosition>,
}

/// A position in WGS 84 degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WirePosition {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// A batch of verifications from one staff member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerificationBatch {
    /// The verifications, each with its own id.
    pub verifications: Vec<WireVerification>,
}

/// What a staff member found when they visited a place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireVerification {
    /// Made on the phone; retries keep it.
    pub id: Uuid,
    /// The place visited.
    pub place_id: String,
    /// The day of the visit (YYYY-MM-DD).
    pub visited_on: String,
    /// The language of the corrected texts and notes (`es`, `en` or `fr`).
    pub lang: String,
    /// Each field checked: confirmed as the bundle has it, or corrected. Fields left out were not checked.
    pub fields: Vec<FieldFinding>,
    /// Free notes.
    #[serde(default)]
    pub notes: String,
}

/// One field of a place as a staff member found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldFinding {
    /// Which field.
    pub field: CorrectionField,
    /// `None`: confirmed as the bundle has it. `Some`: the value found, in the field's format
    /// ([`CorrectionField`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected: Option<String>,
}

/// The fields a verification or an accepted report can change, and the format of their values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionField {
    /// Operating status: a `PlaceStatus` id (`open`, `closed`, `temporarily_closed`, …).
    Status,
    /// The phone text, as written at the door.
    Phone,
    /// Opening hours in OSM syntax.
    OpeningHours,
    /// The services offered, in words, in the row's language.
    Services,
    /// Who it serves, in words, in the row's language.
    Serves,
    /// The exact position, `lat,lon` in decimal degrees, only when the person stood at the door.
    Position,
}

impl CorrectionField {
    /// Every field, in the order forms show them.
    pub const ALL: [CorrectionField; 6] = [
        CorrectionField::Status,
        CorrectionField::Phone,
        CorrectionField::OpeningHours,
        CorrectionField::Services,
        CorrectionField::Serves,
        CorrectionField::Position,
    ];

    /// Stable id, as in the corrections CSV's `field` column.
    pub fn as_str(&self) -> &'static str {
        match self {
            CorrectionField::Status => "status",
            CorrectionField::Phone => "phone",
            CorrectionField::OpeningHours => "opening_hours",
            CorrectionField::Services => "services",
            CorrectionField::Serves => "serves",
            CorrectionField::Position => "position",
        }
    }

    /// The field with this stable id, if there is one.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == id)
    }
}

/// The server's answer to a batch: one result per item, in the order sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchAnswer {
    /// One per item sent.
    pub results: Vec<ItemResult>,
}

/// What became of one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemResult {
    /// The item's id.
    pub id: Uuid,
    /// Stored now, stored before, or refused.
    pub outcome: Outcome,
    /// Why it was refused (plain English, for the outbox and logs); `None` unless rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The fate of one sent item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Stored now.
    Accepted,
    /// Already stored by an earlier send of the same id; nothing changed.
    Duplicate,
    /// Not stored; see the reason.
    Rejected,
}

/// What an accepted correction rests on: the corrections CSV's `basis` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionBasis {
    /// A staff member of `organisation` was at the place on `date`: the place becomes `field_verified`.
    FieldVisit,
    /// An editor of `organisation` accepted reports from people on the route: the field changes, but
    /// nobody from the organisation was there, so the verification level does not rise.
    Reports,
}

/// One row of a corrections file (`data/corrections/*.csv`), written by `paso-server export` and applied
/// by `paso-data build` to a place that already exists. Columns, in order:
/// `place_id,field,value,lang,basis,date,organisation,evidence`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionRow {
    /// An id that exists in the bundle's other inputs.
    pub place_id: String,
    /// The field changed; empty for a visit that confirmed the place as it is.
    #[serde(default)]
    pub field: Option<CorrectionField>,
    /// The new value, in the field's format; empty when the row confirms without change.
    #[serde(default)]
    pub value: String,
    /// The language of a `services` or `serves` value; empty otherwise.
    #[serde(default)]
    pub lang: String,
    /// A visit or accepted reports.
    pub basis: CorrectionBasis,
    /// The day of the visit, or of the editor's decision (YYYY-MM-DD).
    pub date: String,
    /// The organisation that stands behind the row.
    pub organisation: String,
    /// What it rests on, in words: "visited by a staff member", "4 reports on 3 days", notes.
    #[serde(default)]
    pub evidence: String,
}

/// The languages an item may name: the app's.
fn language_problem(lang: &str) -> Option<String> {
    let known = crate::i18n::Lang::ALL.iter().any(|l| l.as_str() == lang);
    (!known).then(|| format!("lang {lang:?} is not one of es, en, fr"))
}

/// Why a day is not a `YYYY-MM-DD` date.
fn day_problem(name: &str, day: &str) -> Option<String> {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .is_err()
        .then(|| format!("{name} {day:?} is not a date (YYYY-MM-DD)"))
}

/// Why a text may not travel: hidden or direction characters, or longer than [`MAX_TEXT_CHARS`].
fn text_problem(name: &str, text: &str) -> Option<String> {
    let rule = crate::text::TextRule {
        field: "text",
        max_chars: MAX_TEXT_CHARS,
        shape: crate::text::TextShape::Paragraphs,
    };
    crate::text::check_text(rule, text)
        .err()
        .map(|problem| format!("{name} {problem}"))
}

/// Why a place id is not one (empty, too long, or with hidden characters).
fn place_id_problem(place_id: &str) -> Option<String> {
    if place_id.trim().is_empty() {
        return Some("place_id is empty".into());
    }
    crate::text::check_text(crate::text::text_rule("id"), place_id)
        .err()
        .map(|problem| format!("place_id {problem}"))
}

impl WirePosition {
    /// Why these are not WGS 84 degrees.
    pub fn problem(&self) -> Option<String> {
        let ok = (-90.0..=90.0).contains(&self.lat) && (-180.0..=180.0).contains(&self.lon);
        (!ok).then(|| {
            format!(
                "position {},{} is not a latitude,longitude",
                self.lat, self.lon
            )
        })
    }
}

impl WireReport {
    /// Why the server refuses this report, or `None`: the checks a batch's items get one by one (the shape
    /// itself — a UUID, a known kind — is checked when the batch is read).
    pub fn problem(&self) -> Option<String> {
        let place = match (&self.place_id, self.kind) {
            (None, ReportKind::NewPlace) => None,
            (Some(_), ReportKind::NewPlace) => {
                Some("a new_place report has no place_id".to_string())
            }
            (None, _) => Some(format!("a {} report needs a place_id", self.kind.as_str())),
            (Some(id), _) => place_id_problem(id),
        };
        place
            .or_else(|| text_problem("text", &self.text))
            .or_else(|| language_problem(&self.lang))
            .or_else(|| day_problem("created_on", &self.created_on))
            .or_else(|| self.position.and_then(|p| p.problem()))
    }
}

impl WireVerification {
    /// Why the server refuses this verification, or `None`.
    pub fn problem(&self) -> Option<String> {
        let mut seen = Vec::new();
        for finding in &self.fields {
            if seen.contains(&finding.field) {
                return Some(format!("field {} is given twice", finding.field.as_str()));
            }
            seen.push(finding.field);
            if let Some(value) = &finding.corrected {
                if let Some(problem) = text_problem(finding.field.as_str(), value) {
                    return Some(problem);
                }
            }
        }
        place_id_problem(&self.place_id)
            .or_else(|| day_problem("visited_on", &self.visited_on))
            .or_else(|| language_problem(&self.lang))
            .or_else(|| text_problem("notes", &self.notes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> WireReport {
        WireReport {
            id: Uuid::from_u128(7),
            place_id: Some("curated-pa-0001".into()),
            kind: ReportKind::Closed,
            text: "cerrado desde el lunes".into(),
            lang: "es".into(),
            bundle_version: 3,
            created_on: "2026-12-01".into(),
            position: None,
        }
    }

    #[test]
    fn reports_name_what_is_wrong_with_them() {
        assert_eq!(report().problem(), None);
        type Change = Box<dyn Fn(&mut WireReport)>;
        let cases: Vec<(Change, &str)> = vec![
            (
                Box::new(|r| r.text = "abc\u{202E}def".into()),
                "direction control",
            ),
            (
                Box::new(|r| r.text = "a\u{0007}".into()),
                "control character",
            ),
            (
                Box::new(|r| r.text = "x".repeat(MAX_TEXT_CHARS + 1)),
                "characters long",
            ),
            (Box::new(|r| r.lang = "de".into()), "lang"),
            (
                Box::new(|r| r.created_on = "yesterday".into()),
                "created_on",
            ),
            (Box::new(|r| r.place_id = None), "needs a place_id"),
            (
                Box::new(|r| r.place_id = Some(" ".into())),
                "place_id is empty",
            ),
            (Box::new(|r| r.kind = ReportKind::NewPlace), "new_place"),
            (
                Box::new(|r| {
                    r.position = Some(WirePosition {
                        lat: 95.0,
                        lon: 0.0,
                    })
                }),
                "position",
            ),
        ];
        for (change, expected) in cases {
            let mut bad = report();
            change(&mut bad);
            let problem = bad.problem().expect(expected);
            assert!(problem.contains(expected), "{problem} lacks {expected}");
        }
        let mut new_place = report();
        new_place.kind = ReportKind::NewPlace;
        new_place.place_id = None;
        new_place.text = "line one\nline two".into();
        assert_eq!(new_place.problem(), None);
    }

    #[test]
    fn verifications_name_what_is_wrong_with_them() {
        let good = WireVerification {
            id: Uuid::from_u128(8),
            place_id: "curated-pa-0001".into(),
            visited_on: "2026-12-03".into(),
            lang: "en".into(),
            fields: vec![
                FieldFinding {
                    field: CorrectionField::Status,
                    corrected: None,
                },
                FieldFinding {
                    field: CorrectionField::Phone,
                    corrected: Some("+507 6000-0000".into()),
                },
            ],
            notes: String::new(),
        };
        assert_eq!(good.problem(), None);
        let mut twice = good.clone();
        twice.fields.push(FieldFinding {
            field: CorrectionField::Phone,
            corrected: None,
        });
        assert!(twice.problem().unwrap().contains("twice"));
        let mut hidden = good.clone();
        hidden.fields[1].corrected = Some("+507\u{200B}6000".into());
        assert!(hidden.problem().unwrap().contains("phone"));
        let mut undated = good;
        undated.visited_on = "2026-13-01".into();
        assert!(undated.problem().unwrap().contains("visited_on"));
    }

    #[test]
    fn a_report_round_trips_and_unknown_fields_are_refused() {
        let report = WireReport {
            id: Uuid::from_u128(0x1234),
            place_id: None,
            kind: ReportKind::NewPlace,
            text: "albergue nuevo junto a la iglesia".into(),
            lang: "es".into(),
            bundle_version: 7,
            created_on: "2026-12-02".into(),
            position: None,
        };
        let json = serde_json::to_string(&ReportBatch {
            reports: vec![report.clone()],
        })
        .unwrap();
        assert!(!json.contains("position"), "{json}");
        let back: ReportBatch = serde_json::from_str(&json).unwrap();
        assert_eq!(back.reports, vec![report]);

        let with_extra = json.replacen("\"lang\"", "\"device\":\"x\",\"lang\"", 1);
        assert!(serde_json::from_str::<ReportBatch>(&with_extra).is_err());
        let bad_kind = json.replace("new_place", "bribe");
        assert!(serde_json::from_str::<ReportBatch>(&bad_kind).is_err());
        let bad_id = json.replace("00000000-0000-0000-0000-000000001234", "not-a-uuid");
        assert!(serde_json::from_str::<ReportBatch>(&bad_id).is_err());
    }

    #[test]
    fn correction_fields_have_stable_ids() {
        for field in CorrectionField::ALL {
            assert_eq!(CorrectionField::from_id(field.as_str()), Some(field));
            let json = serde_json::to_string(&field).unwrap();
            assert_eq!(json, format!("\"{}\"", field.as_str()));
        }
        assert_eq!(CorrectionField::from_id("email"), None);
    }
}
