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
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The newest user schema; older files are upgraded step by step.
pub const USER_SCHEMA_VERSION: i64 = 2;

/// Upgrades, in order: `MIGRATIONS[n]` takes a version-`n` file to version `n + 1`.
const MIGRATIONS: [&str; 2] = [
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
    /// Something else.
    Other,
}

impl ReportKind {
    /// Every kind, in display order.
    pub const ALL: [ReportKind; 6] = [
        ReportKind::Closed,
        ReportKind::Moved,
        ReportKind::WrongPhone,
        ReportKind::WrongHours,
        ReportKind::TreatedBadly,
        ReportKind::Other,
    ];

    /// Stable id.
    pub fn as_str(&self) -> &'static str {
        match self {
            ReportKind::Closed => "closed",
            ReportKind::Moved => "moved",
            ReportKind::WrongPhone => "wrong_phone",
            ReportKind::WrongHours => "wrong_hours",
            ReportKind::TreatedBadly => "treated_badly",
            ReportKind::Other => "other",
        }
    }

    fn parse(text: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == text)
            .unwrap_or(ReportKind::Other)
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
}

impl ReportState {
    /// Stable id.
    pub fn as_str(&self) -> &'static str {
        match self {
            ReportState::Queued => "queued",
            ReportState::Exported => "exported",
            ReportState::Sent => "sent",
        }
    }

    fn parse(text: &str) -> Self {
        match text {
            "exported" => ReportState::Exported,
            "sent" => ReportState::Sent,
            _ => ReportState::Queued,
        }
    }
}

/// A problem report about a place. It holds no personal data: no name, no contact, no position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Local id.
    pub id: i64,
    /// The place reported.
    pub place_id: String,
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
    conn: Connection,
    path: Option<PathBuf>,
}

fn today() -> String {
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

    fn setup(mut conn: Connection, path: Option<PathBuf>) -> Result<Self, StoreError> {
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
        Ok(Self { conn, path })
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
        Ok(())
    }

    /// Saves a place as a favourite.
    pub fn save_place(&self, place_id: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT OR IGNORE INTO saved_places VALUES (?1, ?2)",
            params![place_id, today()],
        )?;
        Ok(())
    }

    /// Removes a favourite.
    pub fn unsave_place(&self, place_id: &str) -> Result<(), StoreError> {
        self.conn
            .execute("DELETE FROM saved_places WHERE place_id = ?1", [place_id])?;
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
        let note: String = note.trim().chars().take(MAX_NOTE_CHARS).collect();
        self.conn.execute(
            "INSERT INTO reports (place_id, kind, note, created_on, state, bundle_version) VALUES (?1, ?2, ?3, ?4, 'queued', ?5)",
            params![place_id, kind.as_str(), note, today(), bundle_version as i64],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Every report, newest first.
    pub fn reports(&self) -> Result<Vec<Report>, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT id, place_id, kind, note, created_on, state, bundle_version FROM reports ORDER BY id DESC",
        )?;
        let rows = statement.query_map([], |r| {
            Ok(Report {
                id: r.get(0)?,
                place_id: r.get(1)?,
                kind: ReportKind::parse(&r.get::<_, String>(2)?),
                note: r.get(3)?,
                created_on: r.get(4)?,
                state: ReportState::parse(&r.get::<_, String>(5)?),
                bundle_version: r.get::<_, i64>(6)? as u64,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
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
        Ok(ReportExport {
            path,
            count: queued.len(),
        })
    }

    /// Marks exported reports as sent (a field worker confirmed receipt).
    pub fn mark_exported_sent(&self) -> Result<usize, StoreError> {
        Ok(self.conn.execute(
            "UPDATE reports SET state = 'sent' WHERE state = 'exported'",
            [],
        )?)
    }

    /// Deletes every setting, saved place and report, and overwrites the freed pages.
    pub fn clear_all(&self) -> Result<(), StoreError> {
        self.conn.execute_batch(
            "DELETE FROM settings; DELETE FROM saved_places; DELETE FROM reports; VACUUM;",
        )?;
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
            (first.place_id.as_str(), first.kind, first.note.as_str()),
            ("wd:Q1", ReportKind::Closed, "cerrado desde enero")
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
