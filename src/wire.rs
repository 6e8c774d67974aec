//! The report server's wire format: what a phone's outbox and field staff send to `paso-server`, what it
//! answers, and the corrections rows it exports for `paso-data build`. Types and limits only, no I/O.
//!
//! A report carries no account, no device id and no time of day. A position travels only when the person
//! ticked "attach my position" ([`WireReport::position`]).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::store::user::ReportKind;

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

#[cfg(test)]
mod tests {
    use super::*;

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
