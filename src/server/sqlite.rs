//! The report server's embedded backend: one SQLite file (through rusqlite, the crate the app already links;
//! see ARCHITECTURE.md for why sqlx's SQLite driver is not used), migrated at open.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::storage::{
    field_from_text, findings_from_json, findings_to_json, kind_from_text, role_from_text,
    uuid_from_text, AuditEntry, Decision, ItemKind, NewStaff, Snapshot, Staff, Storage,
    StorageError, StoredDecision, StoredReport, StoredVerification,
};
use crate::wire::WirePosition;

/// The file inside the data folder.
pub const DATABASE_FILE: &str = "paso-server.sqlite3";

/// The schema, one step per version; a database is brought up to the last step at open.
const MIGRATIONS: &[&str] = &[
    // 1: reports, staff, verifications, decisions, audit log.
    "CREATE TABLE reports (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        place_id TEXT,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        lang TEXT NOT NULL,
        bundle_version INTEGER NOT NULL,
        created_on TEXT NOT NULL,
        received_on TEXT NOT NULL,
        lat REAL,
        lon REAL
    );
    CREATE TABLE staff (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        organisation TEXT NOT NULL,
        role TEXT NOT NULL,
        token_hash TEXT NOT NULL,
        revoked_on TEXT
    );
    CREATE TABLE verifications (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        staff_id INTEGER NOT NULL REFERENCES staff(id),
        place_id TEXT NOT NULL,
        visited_on TEXT NOT NULL,
        lang TEXT NOT NULL,
        fields TEXT NOT NULL,
        notes TEXT NOT NULL,
        received_on TEXT NOT NULL
    );
    CREATE TABLE decisions (
        seq INTEGER PRIMARY KEY,
        item_kind TEXT NOT NULL,
        item_id TEXT NOT NULL,
        accepted INTEGER NOT NULL,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        editor_id INTEGER NOT NULL REFERENCES staff(id),
        decided_on TEXT NOT NULL,
        UNIQUE (item_kind, item_id)
    );
    CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        staff_id INTEGER REFERENCES staff(id),
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        detail TEXT NOT NULL
    );",
];

/// The embedded backend.
pub struct SqliteStorage {
    conn: Mutex<Connection>,
}

impl SqliteStorage {
    /// Opens (creating and migrating) the database in `folder`, making the folder if needed.
    pub fn open_in(folder: &Path) -> Result<Self, StorageError> {
        std::fs::create_dir_all(folder).map_err(|source| StorageError::Folder {
            path: folder.to_path_buf(),
            source,
        })?;
        Self::open(&folder.join(DATABASE_FILE))
    }

    /// Opens (creating and migrating) the database file at `path`.
    pub fn open(path: &Path) -> Result<Self, StorageError> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // An "accepted" answer is a promise: the row must survive a crash right after it.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut conn)?;
        Ok(SqliteStorage {
            conn: Mutex::new(conn),
        })
    }

    fn with<T>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, StorageError>,
    ) -> Result<T, StorageError> {
        let mut conn = self
            .conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

fn migrate(conn: &mut Connection) -> Result<(), StorageError> {
    let known = MIGRATIONS.len() as i64;
    let found: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > known {
        return Err(StorageError::TooNew { found, known });
    }
    for (step, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", step as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

fn audit(
    tx: &Transaction<'_>,
    at: &str,
    staff_id: Option<i64>,
    action: &str,
    subject: &str,
    detail: &str,
) -> Result<(), StorageError> {
    tx.execute(
        "INSERT INTO audit (at, staff_id, action, subject, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![at, staff_id, action, subject, detail],
    )?;
    Ok(())
}

fn read_staff(
    row: &rusqlite::Row<'_>,
) -> rusqlite::Result<(i64, String, String, String, String, Option<String>)> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
    ))
}

fn staff_from(
    (id, name, organisation, role, token_hash, revoked_on): (
        i64,
        String,
        String,
        String,
        String,
        Option<String>,
    ),
) -> Result<Staff, StorageError> {
    Ok(Staff {
        id,
        name,
        organisation,
        role: role_from_text(&role)?,
        token_hash,
        revoked_on,
    })
}

const STAFF_COLUMNS: &str = "id, name, organisation, role, token_hash, revoked_on";

impl Storage for SqliteStorage {
    fn put_reports(&self, reports: &[StoredReport]) -> Result<Vec<bool>, StorageError> {
        self.with(|tx| {
            let mut insert = tx.prepare(
                "INSERT INTO reports (id, place_id, kind, text, lang, bundle_version, created_on,
                                      received_on, lat, lon)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (id) DO NOTHING",
            )?;
            reports
                .iter()
                .map(|r| {
                    let stored = insert.execute(params![
                        r.id.to_string(),
                        r.place_id,
                        r.kind.as_str(),
                        r.text,
                        r.lang,
                        r.bundle_version as i64,
                        r.created_on,
                        r.received_on,
                        r.position.map(|p| p.lat),
                        r.position.map(|p| p.lon),
                    ])?;
                    Ok(stored == 1)
                })
                .collect()
        })
    }

    fn put_verifications(
        &self,
        verifications: &[StoredVerification],
    ) -> Result<Vec<bool>, StorageError> {
        self.with(|tx| {
            let mut insert = tx.prepare(
                "INSERT INTO verifications (id, staff_id, place_id, visited_on, lang, fields, notes,
                                            received_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (id) DO NOTHING",
            )?;
            verifications
                .iter()
                .map(|v| {
                    let stored = insert.execute(params![
                        v.id.to_string(),
                        v.staff_id,
                        v.place_id,
                        v.visited_on,
                        v.lang,
                        findings_to_json(&v.fields),
                        v.notes,
                        v.received_on,
                    ])?;
                    Ok(stored == 1)
                })
                .collect()
        })
    }

    fn add_staff(&self, staff: &NewStaff<'_>, at: &str) -> Result<i64, StorageError> {
        self.with(|tx| {
            let taken: Option<i64> = tx
                .query_row("SELECT id FROM staff WHERE name = ?1", [staff.name], |r| {
                    r.get(0)
                })
                .optional()?;
            if taken.is_some() {
                return Err(StorageError::NameTaken(staff.name.to_string()));
            }
            tx.execute(
                "INSERT INTO staff (name, organisation, role, token_hash) VALUES (?1, ?2, ?3, ?4)",
                params![
                    staff.name,
                    staff.organisation,
                    staff.role.as_str(),
                    staff.token_hash
                ],
            )?;
            let id = tx.last_insert_rowid();
            let detail = format!("{} of {}", staff.role.as_str(), staff.organisation);
            audit(tx, at, None, "staff_add", staff.name, &detail)?;
            Ok(id)
        })
    }

    fn revoke_staff(&self, name: &str, at: &str) -> Result<bool, StorageError> {
        self.with(|tx| {
            let day = &at[..at.len().min(10)];
            let changed = tx.execute(
                "UPDATE staff SET revoked_on = ?2 WHERE name = ?1 AND revoked_on IS NULL",
                params![name, day],
            )?;
            if changed == 1 {
                audit(tx, at, None, "staff_revoke", name, "")?;
            }
            Ok(changed == 1)
        })
    }

    fn staff(&self, id: i64) -> Result<Option<Staff>, StorageError> {
        self.with(|tx| {
            tx.query_row(
                &format!("SELECT {STAFF_COLUMNS} FROM staff WHERE id = ?1"),
                [id],
                read_staff,
            )
            .optional()?
            .map(staff_from)
            .transpose()
        })
    }

    fn decide(
        &self,
        decision: &Decision,
        editor: &Staff,
        decided_on: &str,
        at: &str,
    ) -> Result<bool, StorageError> {
        self.with(|tx| {
            let table = match decision.item_kind {
                ItemKind::Report => "reports",
                ItemKind::Verification => "verifications",
            };
            let item_id = decision.item_id.to_string();
            let exists: Option<i64> = tx
                .query_row(&format!("SELECT 1 FROM {table} WHERE id = ?1"), [&item_id], |r| {
                    r.get(0)
                })
                .optional()?;
            if exists.is_none() {
                return Ok(false);
            }
            let field = decision.field.map(|f| f.as_str()).unwrap_or("");
            let stored = tx.execute(
                "INSERT INTO decisions (item_kind, item_id, accepted, field, value, editor_id, decided_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (item_kind, item_id) DO NOTHING",
                params![
                    decision.item_kind.as_str(),
                    item_id,
                    decision.accepted,
                    field,
                    decision.value,
                    editor.id,
                    decided_on
                ],
            )?;
            if stored == 1 {
                let action = if decision.accepted { "accept" } else { "reject" };
                let subject = format!("{} {item_id}", decision.item_kind.as_str());
                let detail = match decision.field {
                    Some(field) => format!("{} = {}", field.as_str(), decision.value),
                    None => String::new(),
                };
                audit(tx, at, Some(editor.id), action, &subject, &detail)?;
            }
            Ok(stored == 1)
        })
    }

    fn snapshot(&self) -> Result<Snapshot, StorageError> {
        self.with(|tx| {
            let mut snapshot = Snapshot::default();
            let mut reports = tx.prepare(
                "SELECT id, place_id, kind, text, lang, bundle_version, created_on, received_on, lat, lon
                 FROM reports ORDER BY seq",
            )?;
            let rows = reports.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, Option<f64>>(8)?,
                    r.get::<_, Option<f64>>(9)?,
                ))
            })?;
            for row in rows {
                let (id, place_id, kind, text, lang, version, created_on, received_on, lat, lon) =
                    row?;
                snapshot.reports.push(StoredReport {
                    id: uuid_from_text("report id", &id)?,
                    place_id,
                    kind: kind_from_text(&kind)?,
                    text,
                    lang,
                    bundle_version: version as u64,
                    created_on,
                    received_on,
                    position: lat.zip(lon).map(|(lat, lon)| WirePosition { lat, lon }),
                });
            }
            let mut verifications = tx.prepare(
                "SELECT id, staff_id, place_id, visited_on, lang, fields, notes, received_on
                 FROM verifications ORDER BY seq",
            )?;
            let rows = verifications.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                ))
            })?;
            for row in rows {
                let (id, staff_id, place_id, visited_on, lang, fields, notes, received_on) = row?;
                snapshot.verifications.push(StoredVerification {
                    id: uuid_from_text("verification id", &id)?,
                    staff_id,
                    place_id,
                    visited_on,
                    lang,
                    fields: findings_from_json(&fields)?,
                    notes,
                    received_on,
                });
            }
            let mut decisions = tx.prepare(
                "SELECT item_kind, item_id, accepted, field, value, editor_id, decided_on
                 FROM decisions ORDER BY seq",
            )?;
            let rows = decisions.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, bool>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })?;
            for row in rows {
                let (kind, id, accepted, field, value, editor_id, decided_on) = row?;
                snapshot.decisions.push(StoredDecision {
                    decision: Decision {
                        item_kind: ItemKind::from_id(&kind).ok_or(StorageError::Corrupt {
                            what: "decision item kind",
                            value: kind.clone(),
                        })?,
                        item_id: uuid_from_text("decision item id", &id)?,
                        accepted,
                        field: field_from_text(&field)?,
                        value,
                    },
                    editor_id,
                    decided_on,
                });
            }
            let mut staff = tx.prepare(&format!("SELECT {STAFF_COLUMNS} FROM staff ORDER BY id"))?;
            for row in staff.query_map([], read_staff)? {
                snapshot.staff.push(staff_from(row?)?);
            }
            Ok(snapshot)
        })
    }

    fn audit(&self) -> Result<Vec<AuditEntry>, StorageError> {
        self.with(|tx| {
            let mut query = tx.prepare(
                "SELECT at, staff_id, action, subject, detail FROM audit ORDER BY seq DESC",
            )?;
            let rows = query.query_map([], |r| {
                Ok(AuditEntry {
                    at: r.get(0)?,
                    staff_id: r.get(1)?,
                    action: r.get(2)?,
                    subject: r.get(3)?,
                    detail: r.get(4)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }
}
