//! The user database: settings (language, nationality), saved places and the report outbox. It is a separate
//! SQLite file that no bundle update ever touches. It stores no location history and no timestamps finer
//! than a day; "clear all my data" wipes it with secure delete.
//!
//! Nothing removed stays readable on disk: deleted and overwritten values are zeroed in the file
//! (`secure_delete`), and the database keeps no write-ahead log. In WAL mode every old version of a page stays
//! in `-wal` until a checkpoint resets it, so a cleared nationality could be read there after the app is
//! killed; in rollback-journal mode (`DELETE`) the journal holds only the transaction under way and is
//! deleted at its commit. The user database is tiny and has one connection, so WAL's concurrency buys nothing.

use super::StoreError;
use crate::wire::{BatchAnswer, Outcome, WirePosition, WireReport};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// The newest user schema; older files are upgraded step by step.
pub const USER_SCHEMA_VERSION: i64 = 4;

/// Upgrades, in order: `MIGRATIONS[n]` takes a version-`n` file to version `n + 1`.
const MIGRATIONS: [&str; 4] = [
    // 0 → 1: the first schema.
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
     CREATE TABLE saved_places (place_id TEXT PRIMARY KEY, saved_on TEXT NOT NULL) WITHOUT ROWID;
     CREATE TABLE reports (
         id INTEGER PRIMARY KEY,
         place_id TEXT NOT NULL,
         kind TEXT NOT NULL,
         note TEXT NOT NULL DEFAULT '',
         created_on TEXT NOT NULL,
         state TEXT NOT NULL DEFAULT 'queued'
     );",
    // 1 → 2: remember which bundle a report was made against, so field staff can match it.
    "ALTER TABLE reports ADD COLUMN bundle_version INTEGER NOT NULL DEFAULT 0;",
    // 2 → 3: reports that travel to a report server. Each gets an id made on the phone (`uuid`, filled in
    // for older rows by `assign_missing_report_ids`), `place_id` may be empty for a new place, the app
    // language and, only when the person ticked it, a position; the server's reason for a refusal is kept.
    "CREATE TABLE reports_v3 (
         id INTEGER PRIMARY KEY,
         uuid TEXT UNIQUE,
         place_id TEXT,
         kind TEXT NOT NULL,
         note TEXT NOT NULL DEFAULT '',
         created_on TEXT NOT NULL,
         state TEXT NOT NULL DEFAULT 'queued',
         bundle_version INTEGER NOT NULL DEFAULT 0,
         lang TEXT NOT NULL DEFAULT '',
         lat REAL,
         lon REAL,
         reason TEXT NOT NULL DEFAULT ''
     );
     INSERT INTO reports_v3 (id, place_id, kind, note, created_on, state, bundle_version)
         SELECT id, place_id, kind, note, created_on, state, bundle_version FROM reports;
     DROP TABLE reports;
     ALTER TABLE reports_v3 RENAME TO reports;",
    // 3 → 4: field staff's verifications ("I verified this place today"), queued like reports.
    "CREATE TABLE verifications (
         id INTEGER PRIMARY KEY,
         uuid TEXT NOT NULL UNIQUE,
         place_id TEXT NOT NULL,
         visited_on TEXT NOT NULL,
         lang TEXT NOT NULL,
         fields TEXT NOT NULL,
         notes TEXT NOT NULL DEFAULT '',
         state TEXT NOT NULL DEFAULT 'queued',
         reason TEXT NOT NULL DEFAULT ''
     );",
];

/// What a report says is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// The place is closed.
    Closed,
    /// It moved.
    Moved,
    /// The phone number is wrong.
    WrongPhone,
    /// The hours are wrong.
    WrongHours,
    /// The person was treated badly there.
    TreatedBadly,
    /// Someone asked for money for a service that should be free.
    ChargedMoney,
    /// The place or its surroundings are not safe.
    Unsafe,
    /// A place that is not in the bundle (a report with no place id).
    NewPlace,
    /// Something else.
    Other,
}

impl ReportKind {
    /// Every kind, in display order; [`ReportKind::NewPlace`] comes last, so that the kinds before it are
    /// [`ReportKind::ABOUT_A_PLACE`].
    pub const ALL: [ReportKind; 9] = [
        ReportKind::Closed,
        ReportKind::Moved,
        ReportKind::WrongPhone,
        ReportKind::WrongHours,
        ReportKind::TreatedBadly,
        ReportKind::ChargedMoney,
        ReportKind::Unsafe,
        ReportKind::Other,
        ReportKind::NewPlace,
    ];

    /// The kinds a report about an existing place can have: all but [`ReportKind::NewPlace`].
    pub const ABOUT_A_PLACE: &'static [ReportKind] = match Self::ALL.split_last() {
        Some((ReportKind::NewPlace, about_a_place)) => about_a_place,
        _ => panic!("ReportKind::ALL must end with NewPlace"),
    };

    /// Stable id.
    pub fn as_str(&self) -> &'static str {
        match self {
            ReportKind::Closed => "closed",
            ReportKind::Moved => "moved",
            ReportKind::WrongPhone => "wrong_phone",
            ReportKind::WrongHours => "wrong_hours",
            ReportKind::TreatedBadly => "treated_badly",
            ReportKind::ChargedMoney => "charged_money",
            ReportKind::Unsafe => "unsafe",
            ReportKind::NewPlace => "new_place",
            ReportKind::Other => "other",
        }
    }

    /// The kind with this stable id, if there is one.
    pub fn from_id(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    fn parse(text: &str) -> Self {
        Self::from_id(text).unwrap_or(ReportKind::Other)
    }
}

/// Where a report is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    /// Waiting on the phone.
    Queued,
    /// Written to an export file for a field worker.
    Exported,
    /// Confirmed received.
    Sent,
    /// The report server had it already from an earlier send (a retry after a timeout).
    Duplicate,
    /// The report server refused it; [`Report::reason`] says why.
    Rejected,
}

impl ReportState {
    /// Stable id.
    pub fn as_str(&self) -> &'static str {
        match self {
            ReportState::Queued => "queued",
            ReportState::Exported => "exported",
            ReportState::Sent => "sent",
            ReportState::Duplicate => "duplicate",
            ReportState::Rejected => "rejected",
        }
    }

    pub(super) fn parse(text: &str) -> Self {
        match text {
            "exported" => ReportState::Exported,
            "sent" => ReportState::Sent,
            "duplicate" => ReportState::Duplicate,
            "rejected" => ReportState::Rejected,
            _ => ReportState::Queued,
        }
    }

    /// True while a send may still carry the report: queued, or exported to a file (which may be lost).
    pub fn awaits_server(&self) -> bool {
        matches!(self, ReportState::Queued | ReportState::Exported)
    }
}

/// A problem report about a place. It holds no personal data: no name, no contact, and a position only when
/// the person ticked "attach my position".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Local id.
    pub id: i64,
    /// The id the report travels under; a retried send keeps it, so the server stores it once.
    pub uuid: Uuid,
    /// The place reported; `None` for a place missing from the bundle.
    pub place_id: Option<String>,
    /// What is wrong.
    pub kind: ReportKind,
    /// Optional free text.
    pub note: String,
    /// Day it was made (YYYY-MM-DD).
    pub created_on: String,
    /// Outbox state.
    pub state: ReportState,
    /// Version of the bundle the report was made against.
    pub bundle_version: u64,
    /// The app language when it was written (`es`, `en` or `fr`); empty for reports older than user
    /// schema 3.
    pub lang: String,
    /// Only when the person ticked "attach my position".
    pub position: Option<WirePosition>,
    /// The report server's reason, for a rejected report.
    pub reason: String,
}

impl Report {
    /// The report as it travels to a report server.
    pub fn to_wire(&self) -> WireReport {
        WireReport {
            id: self.uuid,
            place_id: self.place_id.clone(),
            kind: self.kind,
            text: self.note.clone(),
            lang: self.lang.clone(),
            bundle_version: self.bundle_version,
            created_on: self.created_on.clone(),
            position: self.position,
        }
    }
}

/// A report about to be queued.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReport<'a> {
    /// The place reported; `None` for a new place.
    pub place_id: Option<&'a str>,
    /// What is wrong.
    pub kind: ReportKind,
    /// Free text; trimmed and cut to [`MAX_NOTE_CHARS`].
    pub note: &'a str,
    /// Version of the bundle on the phone.
    pub bundle_version: u64,
    /// The app language.
    pub lang: &'a str,
    /// Only when the person ticked "attach my position".
    pub position: Option<WirePosition>,
}

/// What a report server's answer changed in the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SendTally {
    /// Stored by the server now.
    pub accepted: usize,
    /// The server had them already.
    pub duplicate: usize,
    /// Refused, with a reason.
    pub rejected: usize,
}

/// The user database's two outbox tables.
#[derive(Debug, Clone, Copy)]
pub(super) enum Outbox {
    /// Reports from anyone.
    Reports,
    /// Field staff's visits.
    Verifications,
}

/// Longest note accepted, in characters.
pub const MAX_NOTE_CHARS: usize = 1000;

/// Where an export went and how many reports it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportExport {
    /// The new file.
    pub path: PathBuf,
    /// Reports written to it.
    pub count: usize,
}

/// Most export files tried for one day before giving up.
const MAX_EXPORTS_PER_DAY: u32 = 10_000;

/// The name of the `n`th export of a day (1-based): `paso-reports-2026-03-02.jsonl`, `…-2.jsonl`, …
pub fn export_file_name(day: chrono::NaiveDate, n: u32) -> String {
    let day = day.format("%Y-%m-%d");
    if n <= 1 {
        format!("paso-reports-{day}.jsonl")
    } else {
        format!("paso-reports-{day}-{n}.jsonl")
    }
}

/// Gives every report without a travel id (those queued before user schema 3) a new random one.
fn assign_missing_report_ids(conn: &Connection) -> Result<(), StoreError> {
    let missing: Vec<i64> = conn
        .prepare("SELECT id FROM reports WHERE uuid IS NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for id in missing {
        conn.execute(
            "UPDATE reports SET uuid = ?1 WHERE id = ?2",
            params![Uuid::new_v4().to_string(), id],
        )?;
    }
    Ok(())
}

/// Creates the first free export file of the day with `create_new` (never an existing file).
fn create_export_file(
    dir: &Path,
    day: chrono::NaiveDate,
) -> Result<(PathBuf, std::fs::File), StoreError> {
    for n in 1..=MAX_EXPORTS_PER_DAY {
        let path = dir.join(export_file_name(day, n));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => return Ok((path, file)),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(source) => {
                return Err(StoreError::Io {
                    path: path.display().to_string(),
                    source,
                })
            }
        }
    }
    Err(StoreError::Io {
        path: dir.display().to_string(),
        source: std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "too many report exports today",
        ),
    })
}

/// Syncs a folder so a new file's name survives a power cut (a no-op where folders cannot be opened).
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// The user's own database.
pub struct UserStore {
    pub(super) conn: Connection,
    path: Option<PathBuf>,
    /// Where the whole database goes after each change when it lives in memory (the web build: browser
    /// storage); see [`super::user_image`].
    pub(super) saver: Option<super::user_image::Saver>,
    /// [`Connection::total_changes`] when the saver last ran.
    pub(super) saved_changes: std::cell::Cell<u64>,
}

pub(super) fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

impl UserStore {
    /// Opens (creating and upgrading as needed) the user database at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Io {
                path: parent.display().to_string(),
                source,
            })?;
        }
        let conn = Connection::open(path)?;
        Self::setup(conn, Some(path.to_path_buf()))
    }

    /// A throw-away user database in memory (tests, quick exit sessions).
    pub fn in_memory() -> Result<Self, StoreError> {
        Self::setup(Connection::open_in_memory()?, None)
    }

    pub(super) fn setup(mut conn: Connection, path: Option<PathBuf>) -> Result<Self, StoreError> {
        conn.execute_batch(
            "PRAGMA secure_delete = ON; PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;",
        )?;
        // A file from an older app may still be in WAL mode: the switch above checkpointed and removed its log.
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > USER_SCHEMA_VERSION {
            return Err(StoreError::UserSchemaTooNew {
                found: version,
                supported: USER_SCHEMA_VERSION,
            });
        }
        for (from, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = conn.transaction()?;
            tx.execute_batch(migration)?;
            tx.pragma_update(None, "user_version", from as i64 + 1)?;
            tx.commit()?;
        }
        assign_missing_report_ids(&conn)?;
        let saved_changes = std::cell::Cell::new(conn.total_changes());
        Ok(Self {
            conn,
            path,
            saver: None,
            saved_changes,
        })
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Where the file is, if on disk.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// A setting.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Sets a setting; `None` removes it.
    pub fn set_setting(&self, key: &str, value: Option<&str>) -> Result<(), StoreError> {
        match value {
            Some(value) => self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?,
            None => self.conn.execute("DELETE FROM settings WHERE key = ?1", [key])?,
        };
        self.after_write(false);
        Ok(())
    }

    /// Saves a place as a favourite.
    pub fn save_place(&self, place_id: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT OR IGNORE INTO saved_places VALUES (?1, ?2)",
            params![place_id, today()],
        )?;
        self.after_write(false);
        Ok(())
    }

    /// Removes a favourite.
    pub fn unsave_place(&self, place_id: &str) -> Result<(), StoreError> {
        self.conn
            .execute("DELETE FROM saved_places WHERE place_id = ?1", [place_id])?;
        self.after_write(false);
        Ok(())
    }

    /// Saved place ids, oldest first.
    pub fn saved_places(&self) -> Result<Vec<String>, StoreError> {
        let mut statement = self
            .conn
            .prepare("SELECT place_id FROM saved_places ORDER BY saved_on, place_id")?;
        let rows = statement.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// True when a place is saved.
    pub fn is_saved(&self, place_id: &str) -> Result<bool, StoreError> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM saved_places WHERE place_id = ?1",
            [place_id],
            |r| r.get::<_, i64>(0),
        )? > 0)
    }

    /// Queues a report; the note is trimmed and cut to [`MAX_NOTE_CHARS`].
    pub fn add_report(
        &self,
        place_id: &str,
        kind: ReportKind,
        note: &str,
        bundle_version: u64,
    ) -> Result<i64, StoreError> {
        self.queue_report(&NewReport {
            place_id: Some(place_id),
            kind,
            note,
            bundle_version,
            lang: "",
            position: None,
        })
    }

    /// Queues a report with a new travel id; the note is trimmed and cut to [`MAX_NOTE_CHARS`].
    pub fn queue_report(&self, report: &NewReport<'_>) -> Result<i64, StoreError> {
        let note: String = report.note.trim().chars().take(MAX_NOTE_CHARS).collect();
        self.conn.execute(
            "INSERT INTO reports (uuid, place_id, kind, note, created_on, state, bundle_version, lang, lat, lon)
             VALUES (?1, ?2, ?3, ?4, ?5, 'queued', ?6, ?7, ?8, ?9)",
            params![
                Uuid::new_v4().to_string(),
                report.place_id,
                report.kind.as_str(),
                note,
                today(),
                report.bundle_version as i64,
                report.lang,
                report.position.map(|p| p.lat),
                report.position.map(|p| p.lon),
            ],
        )?;
        let id = self.conn.last_insert_rowid();
        self.after_write(false);
        Ok(id)
    }

    /// Every report, newest first.
    pub fn reports(&self) -> Result<Vec<Report>, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT id, uuid, place_id, kind, note, created_on, state, bundle_version, lang, lat, lon, reason
             FROM reports ORDER BY id DESC",
        )?;
        let rows = statement.query_map([], |r| {
            let uuid: String = r.get(1)?;
            let position = match (r.get::<_, Option<f64>>(9)?, r.get::<_, Option<f64>>(10)?) {
                (Some(lat), Some(lon)) => Some(WirePosition { lat, lon }),
                _ => None,
            };
            Ok(Report {
                id: r.get(0)?,
                uuid: Uuid::parse_str(&uuid).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        1,
                        rusqlite::types::Type::Text,
                        e.into(),
                    )
                })?,
                place_id: r.get(2)?,
                kind: ReportKind::parse(&r.get::<_, String>(3)?),
                note: r.get(4)?,
                created_on: r.get(5)?,
                state: ReportState::parse(&r.get::<_, String>(6)?),
                bundle_version: r.get::<_, i64>(7)? as u64,
                lang: r.get(8)?,
                position,
                reason: r.get(11)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The reports a send should carry, oldest first: queued ones, and exported ones (a file may be lost;
    /// the server stores a report sent both ways once).
    pub fn reports_to_send(&self) -> Result<Vec<Report>, StoreError> {
        let mut waiting: Vec<Report> = self
            .reports()?
            .into_iter()
            .filter(|r| r.state.awaits_server())
            .collect();
        waiting.reverse();
        Ok(waiting)
    }

    /// Records a report server's answer in one transaction: accepted reports become sent, duplicates
    /// duplicate, refusals rejected with their reason. Ids the outbox does not hold are ignored, and a report
    /// the answer leaves out stays as it was, so the next send retries it.
    pub fn record_answer(&self, answer: &BatchAnswer) -> Result<SendTally, StoreError> {
        self.record_outcomes(Outbox::Reports, answer)
    }

    /// Sets the state (and reason) of every item `answer` names in one outbox table, in one transaction.
    pub(super) fn record_outcomes(
        &self,
        outbox: Outbox,
        answer: &BatchAnswer,
    ) -> Result<SendTally, StoreError> {
        let sql = match outbox {
            Outbox::Reports => "UPDATE reports SET state = ?1, reason = ?2 WHERE uuid = ?3",
            Outbox::Verifications => {
                "UPDATE verifications SET state = ?1, reason = ?2 WHERE uuid = ?3"
            }
        };
        let tx = self.conn.unchecked_transaction()?;
        let mut tally = SendTally::default();
        for result in &answer.results {
            let (state, counter) = match result.outcome {
                Outcome::Accepted => (ReportState::Sent, &mut tally.accepted),
                Outcome::Duplicate => (ReportState::Duplicate, &mut tally.duplicate),
                Outcome::Rejected => (ReportState::Rejected, &mut tally.rejected),
            };
            *counter += tx.execute(
                sql,
                params![
                    state.as_str(),
                    result.reason.as_deref().unwrap_or(""),
                    result.id.to_string()
                ],
            )?;
        }
        tx.commit()?;
        self.after_write(false);
        Ok(tally)
    }

    /// Writes every queued report as JSON Lines to a new file in `dir`, then marks them exported.
    ///
    /// The file is named by the day (`paso-reports-YYYY-MM-DD.jsonl`, then `…-2.jsonl`, `…-3.jsonl` for later
    /// exports that day) and created with `create_new`, so an export never overwrites an earlier one. The
    /// reports are marked exported only after the file is written and synced (and its folder synced); when
    /// anything fails, the partial file is removed and nothing is marked.
    pub fn export_reports(
        &self,
        dir: &Path,
        day: chrono::NaiveDate,
    ) -> Result<ReportExport, StoreError> {
        let queued: Vec<Report> = self
            .reports()?
            .into_iter()
            .filter(|r| r.state == ReportState::Queued)
            .rev()
            .collect();
        let mut lines = String::new();
        for report in &queued {
            lines.push_str(&serde_json::to_string(report).expect("reports serialise"));
            lines.push('\n');
        }
        let (path, mut file) = create_export_file(dir, day)?;
        let io = |source| StoreError::Io {
            path: path.display().to_string(),
            source,
        };
        let written = {
            use std::io::Write;
            file.write_all(lines.as_bytes())
                .and_then(|()| file.sync_all())
                .and_then(|()| sync_dir(dir))
        };
        drop(file);
        if let Err(error) = written {
            let _ = std::fs::remove_file(&path);
            return Err(io(error));
        }
        let tx = self.conn.unchecked_transaction()?;
        for report in &queued {
            tx.execute(
                "UPDATE reports SET state = 'exported' WHERE id = ?1",
                [report.id],
            )?;
        }
        tx.commit()?;
        self.after_write(false);
        Ok(ReportExport {
            path,
            count: queued.len(),
        })
    }

    /// Marks exported reports as sent (a field worker confirmed receipt).
    pub fn mark_exported_sent(&self) -> Result<usize, StoreError> {
        let marked = self.conn.execute(
            "UPDATE reports SET state = 'sent' WHERE state = 'exported'",
            [],
        )?;
        self.after_write(false);
        Ok(marked)
    }

    /// Deletes every setting, saved place and report, and overwrites the freed pages.
    pub fn clear_all(&self) -> Result<(), StoreError> {
        self.conn.execute_batch(
            "DELETE FROM settings; DELETE FROM saved_places; DELETE FROM reports; DELETE FROM verifications;
             VACUUM;",
        )?;
        // Saved whatever the change count says: the stored image must become the empty database.
        self.after_write(true);
        self.seal()
    }

    /// Leaves nothing of the session readable beside the database file: called by quick exit. The journal
    /// mode is `DELETE` (no write-ahead log, see the module note), so this checks it still is, truncates any
    /// log a foreign tool left, and releases the connection's cached pages from memory.
    pub fn seal(&self) -> Result<(), StoreError> {
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("delete") && !mode.eq_ignore_ascii_case("memory") {
            self.conn
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")?;
        }
        self.conn.execute_batch("PRAGMA shrink_memory;")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_move_from_queued_to_exported_to_sent() {
        let dir = tempfile::tempdir().unwrap();
        let store = UserStore::open(&dir.path().join("user.db")).unwrap();
        store
            .add_report("wd:Q1", ReportKind::Closed, "  cerrado desde enero  ", 3)
            .unwrap();
        store
            .add_report("wd:Q2", ReportKind::WrongPhone, "", 3)
            .unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let export = store.export_reports(dir.path(), day).unwrap();
        assert_eq!(export.count, 2);
        assert_eq!(
            export.path,
            dir.path().join("paso-reports-2026-03-02.jsonl")
        );
        let text = std::fs::read_to_string(&export.path).unwrap();
        let first: Report = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        assert_eq!(
            (first.place_id.as_deref(), first.kind, first.note.as_str()),
            (Some("wd:Q1"), ReportKind::Closed, "cerrado desde enero")
        );
        assert!(store
            .reports()
            .unwrap()
            .iter()
            .all(|r| r.state == ReportState::Exported));
        let again = store.export_reports(dir.path(), day).unwrap();
        assert_eq!(again.count, 0, "exported reports are not exported twice");
        assert_eq!(
            again.path,
            dir.path().join("paso-reports-2026-03-02-2.jsonl"),
            "a second export the same day gets its own file"
        );
        assert_eq!(store.mark_exported_sent().unwrap(), 2);
        assert!(store
            .reports()
            .unwrap()
            .iter()
            .all(|r| r.state == ReportState::Sent));
    }

    #[test]
    fn a_failed_export_marks_nothing() {
        let store = UserStore::in_memory().unwrap();
        store.add_report("wd:Q1", ReportKind::Moved, "", 1).unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        assert!(store
            .export_reports(Path::new("/nonexistent-dir"), day)
            .is_err());
        assert_eq!(store.reports().unwrap()[0].state, ReportState::Queued);
    }

    #[test]
    fn a_version_1_file_is_upgraded_and_keeps_its_reports() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("user.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(MIGRATIONS[0]).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute("INSERT INTO reports (place_id, kind, note, created_on) VALUES ('x', 'closed', 'old', '2026-01-01')", []).unwrap();
        }
        let store = UserStore::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), USER_SCHEMA_VERSION);
        let reports = store.reports().unwrap();
        assert_eq!(
            (
                reports.len(),
                reports[0].note.as_str(),
                reports[0].bundle_version
            ),
            (1, "old", 0)
        );
    }

    #[test]
    fn a_version_2_file_gains_travel_ids_and_keeps_its_reports() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("user.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(MIGRATIONS[0]).unwrap();
            conn.execute_batch(MIGRATIONS[1]).unwrap();
            conn.pragma_update(None, "user_version", 2).unwrap();
            for place in ["a", "b"] {
                conn.execute("INSERT INTO reports (place_id, kind, note, created_on, state, bundle_version) VALUES (?1, 'moved', 'old', '2026-01-01', 'exported', 4)", [place]).unwrap();
            }
        }
        let store = UserStore::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), USER_SCHEMA_VERSION);
        let reports = store.reports().unwrap();
        assert_eq!(reports.len(), 2);
        assert_ne!(reports[0].uuid, reports[1].uuid);
        assert_eq!(reports[1].place_id.as_deref(), Some("a"));
        assert_eq!(
            (reports[1].kind, reports[1].bundle_version),
            (ReportKind::Moved, 4)
        );
        let ids: Vec<Uuid> = reports.iter().map(|r| r.uuid).collect();
        drop(store);
        let again: Vec<Uuid> = UserStore::open(&path)
            .unwrap()
            .reports()
            .unwrap()
            .iter()
            .map(|r| r.uuid)
            .collect();
        assert_eq!(ids, again, "travel ids are made once and kept");
    }

    #[test]
    fn a_new_place_report_travels_without_a_place_and_answers_set_each_state() {
        let store = UserStore::in_memory().unwrap();
        let here = WirePosition {
            lat: 14.9,
            lon: -92.26,
        };
        store
            .queue_report(&NewReport {
                place_id: None,
                kind: ReportKind::NewPlace,
                note: " albergue nuevo ",
                bundle_version: 9,
                lang: "es",
                position: Some(here),
            })
            .unwrap();
        store
            .add_report("wd:Q1", ReportKind::Unsafe, "", 9)
            .unwrap();
        store
            .add_report("wd:Q2", ReportKind::ChargedMoney, "", 9)
            .unwrap();
        let waiting = store.reports_to_send().unwrap();
        assert_eq!(waiting.len(), 3);
        let wire = waiting[0].to_wire();
        assert_eq!(
            (
                wire.place_id,
                wire.kind,
                wire.text.as_str(),
                wire.lang.as_str(),
                wire.position
            ),
            (
                None,
                ReportKind::NewPlace,
                "albergue nuevo",
                "es",
                Some(here)
            )
        );
        assert_eq!(
            waiting[1].to_wire().position,
            None,
            "no position unless ticked"
        );

        let answer = BatchAnswer {
            results: vec![
                crate::wire::ItemResult {
                    id: waiting[0].uuid,
                    outcome: Outcome::Accepted,
                    reason: None,
                },
                crate::wire::ItemResult {
                    id: waiting[1].uuid,
                    outcome: Outcome::Duplicate,
                    reason: None,
                },
                crate::wire::ItemResult {
                    id: Uuid::from_u128(7),
                    outcome: Outcome::Accepted,
                    reason: None,
                },
            ],
        };
        let tally = store.record_answer(&answer).unwrap();
        assert_eq!(
            tally,
            SendTally {
                accepted: 1,
                duplicate: 1,
                rejected: 0
            },
            "an unknown id changes nothing"
        );
        let left = store.reports_to_send().unwrap();
        assert_eq!(left.len(), 1, "the report the answer left out is retried");
        let refusal = BatchAnswer {
            results: vec![crate::wire::ItemResult {
                id: left[0].uuid,
                outcome: Outcome::Rejected,
                reason: Some("unknown place id".into()),
            }],
        };
        assert_eq!(store.record_answer(&refusal).unwrap().rejected, 1);
        let rejected = store
            .reports()
            .unwrap()
            .into_iter()
            .find(|r| r.uuid == left[0].uuid)
            .unwrap();
        assert_eq!(
            (rejected.state, rejected.reason.as_str()),
            (ReportState::Rejected, "unknown place id")
        );
        assert!(store.reports_to_send().unwrap().is_empty());
    }

    #[test]
    fn a_newer_file_is_refused_and_clear_all_empties_everything() {
        let store = UserStore::in_memory().unwrap();
        store.set_setting("nationality", Some("VE")).unwrap();
        store.save_place("wd:Q1").unwrap();
        store
            .add_report("wd:Q1", ReportKind::Other, "x", 1)
            .unwrap();
        store.clear_all().unwrap();
        assert_eq!(store.setting("nationality").unwrap(), None);
        assert!(store.saved_places().unwrap().is_empty() && store.reports().unwrap().is_empty());

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("user.db");
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        assert!(matches!(
            UserStore::open(&path),
            Err(StoreError::UserSchemaTooNew { found: 99, .. })
        ));
    }
}
