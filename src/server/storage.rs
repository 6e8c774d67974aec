//! What the report server keeps, behind one trait that both backends implement: reports from phones,
//! verifications and staff, editors' decisions and the audit log. Types and the trait only; the SQL lives in
//! [`super::sqlite`] and [`super::postgres`].

use uuid::Uuid;

use crate::store::user::ReportKind;
use crate::wire::{CorrectionField, FieldFinding, WirePosition, WireReport, WireVerification};

/// Why the server's database failed.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The embedded SQLite database.
    #[error("server database (SQLite): {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The PostgreSQL database.
    #[error("server database (PostgreSQL): {0}")]
    Postgres(String),
    /// The data folder could not be made or read.
    #[error("server data folder {path}: {source}")]
    Folder {
        /// The folder.
        path: std::path::PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// A stored row no longer reads as what was written (hand-edited database, or a newer server).
    #[error("server database holds {what} {value:?}, which this server does not know")]
    Corrupt {
        /// The column.
        what: &'static str,
        /// The value found.
        value: String,
    },
    /// The database was made by a newer server.
    #[error("server database is at schema {found}; this server knows up to {known}")]
    TooNew {
        /// Version found.
        found: i64,
        /// Newest this build knows.
        known: i64,
    },
    /// A staff name is already taken.
    #[error(
        "a staff member named {0:?} already exists (revoked names stay taken, for the audit log)"
    )]
    NameTaken(String),
}

/// What a staff member may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Sends verifications.
    FieldStaff,
    /// Sends verifications and reviews the queue.
    Editor,
}

impl Role {
    /// Stable id, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::FieldStaff => "field_staff",
            Role::Editor => "editor",
        }
    }

    /// The role with this id.
    pub fn from_id(id: &str) -> Option<Self> {
        [Role::FieldStaff, Role::Editor]
            .into_iter()
            .find(|r| r.as_str() == id)
    }
}

/// A staff member as stored (the token itself is never stored, only its argon2 hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    /// Row id, the first part of the token.
    pub id: i64,
    /// Who (shown to editors and in the audit log; never exported into a bundle).
    pub name: String,
    /// Their organisation (exported: it stands behind a verification).
    pub organisation: String,
    /// What they may do.
    pub role: Role,
    /// The argon2 hash of the token's secret (PHC string).
    pub token_hash: String,
    /// The day they were revoked, if they were.
    pub revoked_on: Option<String>,
}

/// A new staff member.
#[derive(Debug, Clone)]
pub struct NewStaff<'a> {
    /// Who.
    pub name: &'a str,
    /// Their organisation.
    pub organisation: &'a str,
    /// What they may do.
    pub role: Role,
    /// The argon2 hash of the secret.
    pub token_hash: &'a str,
}

/// A report as the server holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredReport {
    /// The phone-made id.
    pub id: Uuid,
    /// The place, or `None` for a new place.
    pub place_id: Option<String>,
    /// What is wrong.
    pub kind: ReportKind,
    /// Free text.
    pub text: String,
    /// The app language.
    pub lang: String,
    /// The bundle version on the phone.
    pub bundle_version: u64,
    /// The day it was written.
    pub created_on: String,
    /// The day it arrived.
    pub received_on: String,
    /// Only when the person attached it.
    pub position: Option<WirePosition>,
}

impl StoredReport {
    /// The stored form of a report that arrived on `received_on`.
    pub fn new(report: &WireReport, received_on: &str) -> Self {
        StoredReport {
            id: report.id,
            place_id: report.place_id.clone(),
            kind: report.kind,
            text: report.text.clone(),
            lang: report.lang.clone(),
            bundle_version: report.bundle_version,
            created_on: report.created_on.clone(),
            received_on: received_on.to_string(),
            position: report.position,
        }
    }
}

/// A verification as the server holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredVerification {
    /// The phone-made id.
    pub id: Uuid,
    /// Who sent it.
    pub staff_id: i64,
    /// The place visited.
    pub place_id: String,
    /// The day of the visit.
    pub visited_on: String,
    /// The language of its texts.
    pub lang: String,
    /// What was found.
    pub fields: Vec<FieldFinding>,
    /// Notes.
    pub notes: String,
    /// The day it arrived.
    pub received_on: String,
}

impl StoredVerification {
    /// The stored form of a verification `staff_id` sent on `received_on`.
    pub fn new(verification: &WireVerification, staff_id: i64, received_on: &str) -> Self {
        StoredVerification {
            id: verification.id,
            staff_id,
            place_id: verification.place_id.clone(),
            visited_on: verification.visited_on.clone(),
            lang: verification.lang.clone(),
            fields: verification.fields.clone(),
            notes: verification.notes.clone(),
            received_on: received_on.to_string(),
        }
    }
}

/// Which kind of item a decision is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    /// A report from a phone.
    Report,
    /// A verification from field staff.
    Verification,
}

impl ItemKind {
    /// Stable id, as stored and in the review page's forms.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Report => "report",
            ItemKind::Verification => "verification",
        }
    }

    /// The kind with this id.
    pub fn from_id(id: &str) -> Option<Self> {
        [ItemKind::Report, ItemKind::Verification]
            .into_iter()
            .find(|k| k.as_str() == id)
    }
}

/// An editor's decision on one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Which kind of item.
    pub item_kind: ItemKind,
    /// Its id.
    pub item_id: Uuid,
    /// Accepted or rejected.
    pub accepted: bool,
    /// For an accepted report: the field it changes (`None`: taken note of, nothing changes).
    pub field: Option<CorrectionField>,
    /// For an accepted report: the field's new value.
    pub value: String,
}

/// A decision as stored, with who made it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDecision {
    /// The decision.
    pub decision: Decision,
    /// The editor.
    pub editor_id: i64,
    /// The day.
    pub decided_on: String,
}

/// One line of the audit log: who did what, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// UTC time, `YYYY-MM-DDTHH:MM:SSZ`.
    pub at: String,
    /// The staff member who acted (`None` for the server's own command line).
    pub staff_id: Option<i64>,
    /// What: `accept`, `reject`, `staff_add`, `staff_revoke`.
    pub action: String,
    /// What it was about, in words: an item id, a staff name.
    pub subject: String,
    /// Details: the field and value accepted, the role given.
    pub detail: String,
}

/// Everything the review queue needs, in one read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// Every report, oldest first.
    pub reports: Vec<StoredReport>,
    /// Every verification, oldest first.
    pub verifications: Vec<StoredVerification>,
    /// Every decision, oldest first.
    pub decisions: Vec<StoredDecision>,
    /// Every staff member.
    pub staff: Vec<Staff>,
}

/// The server's database. Every method is one transaction: it either happens whole or not at all, and an
/// answer is sent only after it is durable.
pub trait Storage: Send + Sync + 'static {
    /// Stores the reports not stored before; `true` for each one stored now, `false` for one already
    /// held (same id).
    fn put_reports(&self, reports: &[StoredReport]) -> Result<Vec<bool>, StorageError>;
    /// Stores the verifications not stored before; `true` for each one stored now.
    fn put_verifications(
        &self,
        verifications: &[StoredVerification],
    ) -> Result<Vec<bool>, StorageError>;
    /// Adds a staff member and audits it.
    fn add_staff(&self, staff: &NewStaff<'_>, at: &str) -> Result<i64, StorageError>;
    /// Revokes a staff member by name; `false` when there is no such active member.
    fn revoke_staff(&self, name: &str, at: &str) -> Result<bool, StorageError>;
    /// The staff member with this id, revoked or not.
    fn staff(&self, id: i64) -> Result<Option<Staff>, StorageError>;
    /// Records a decision and its audit line; `false` (nothing written) when the item does not exist or
    /// was decided already.
    fn decide(
        &self,
        decision: &Decision,
        editor: &Staff,
        decided_on: &str,
        at: &str,
    ) -> Result<bool, StorageError>;
    /// Everything, for the review page and the export.
    fn snapshot(&self) -> Result<Snapshot, StorageError>;
    /// The audit log, newest first.
    fn audit(&self) -> Result<Vec<AuditEntry>, StorageError>;
}

/// The stored form of a verification's findings (JSON, the wire's own shape).
pub(crate) fn findings_to_json(fields: &[FieldFinding]) -> String {
    serde_json::to_string(fields).unwrap_or_else(|_| "[]".into())
}

/// Reads findings back.
pub(crate) fn findings_from_json(json: &str) -> Result<Vec<FieldFinding>, StorageError> {
    serde_json::from_str(json).map_err(|_| StorageError::Corrupt {
        what: "verification fields",
        value: json.chars().take(80).collect(),
    })
}

/// Reads a stored uuid back.
pub(crate) fn uuid_from_text(what: &'static str, text: &str) -> Result<Uuid, StorageError> {
    Uuid::parse_str(text).map_err(|_| StorageError::Corrupt {
        what,
        value: text.to_string(),
    })
}

/// Reads a stored report kind back.
pub(crate) fn kind_from_text(text: &str) -> Result<ReportKind, StorageError> {
    ReportKind::from_id(text).ok_or_else(|| StorageError::Corrupt {
        what: "report kind",
        value: text.to_string(),
    })
}

/// Reads a stored role back.
pub(crate) fn role_from_text(text: &str) -> Result<Role, StorageError> {
    Role::from_id(text).ok_or_else(|| StorageError::Corrupt {
        what: "staff role",
        value: text.to_string(),
    })
}

/// Reads a stored correction field back (empty: none).
pub(crate) fn field_from_text(text: &str) -> Result<Option<CorrectionField>, StorageError> {
    if text.is_empty() {
        return Ok(None);
    }
    CorrectionField::from_id(text)
        .map(Some)
        .ok_or_else(|| StorageError::Corrupt {
            what: "correction field",
            value: text.to_string(),
        })
}
