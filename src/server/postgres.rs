//! The report server's PostgreSQL backend, for a real deployment (`paso-server --database postgres://…`): the
//! schema of [`super::sqlite`] in PostgreSQL's types, migrated at open inside one transaction and tracked in a
//! `schema_version` table. It uses the blocking `postgres` client (tokio-postgres's wrapper, PostgreSQL only, so
//! the crate graph keeps its one SQLite) through a small r2d2 pool, because [`Storage`] is synchronous and the
//! HTTP layer calls it on `spawn_blocking` threads.

use std::time::Duration;

use postgres::types::{FromSql, ToSql};
use postgres::{Client, IsolationLevel, NoTls, Row, Transaction};
use r2d2_postgres::{r2d2, PostgresConnectionManager};

use super::storage::{
    field_from_text, findings_from_json, findings_to_json, kind_from_text, role_from_text,
    uuid_from_text, AuditEntry, Decision, ItemKind, NewStaff, Snapshot, Staff, Storage,
    StorageError, StoredDecision, StoredReport, StoredVerification,
};
use crate::wire::WirePosition;

/// Connections kept open at most: the server's concurrent transactions.
const POOL_SIZE: u32 = 8;

/// How long a transaction waits for a free connection (or for the database to answer a new one).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Held for the whole migration, so that two servers starting at once migrate one after the other.
const MIGRATION_LOCK: i64 = 0x7061_736f_0001; // "paso", 1

/// The schema, one step per version; a database is brought up to the last step at open. The same tables and
/// columns as SQLite's, in PostgreSQL's types.
const MIGRATIONS: &[&str] = &[
    // 1: reports, staff, verifications, decisions, audit log.
    "CREATE TABLE reports (
        seq BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        place_id TEXT,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        lang TEXT NOT NULL,
        bundle_version BIGINT NOT NULL,
        created_on TEXT NOT NULL,
        received_on TEXT NOT NULL,
        lat DOUBLE PRECISION,
        lon DOUBLE PRECISION
    );
    CREATE TABLE staff (
        id BIGSERIAL PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        organisation TEXT NOT NULL,
        role TEXT NOT NULL,
        token_hash TEXT NOT NULL,
        revoked_on TEXT
    );
    CREATE TABLE verifications (
        seq BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        staff_id BIGINT NOT NULL REFERENCES staff(id),
        place_id TEXT NOT NULL,
        visited_on TEXT NOT NULL,
        lang TEXT NOT NULL,
        fields TEXT NOT NULL,
        notes TEXT NOT NULL,
        received_on TEXT NOT NULL
    );
    CREATE TABLE decisions (
        seq BIGSERIAL PRIMARY KEY,
        item_kind TEXT NOT NULL,
        item_id TEXT NOT NULL,
        accepted BOOLEAN NOT NULL,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        editor_id BIGINT NOT NULL REFERENCES staff(id),
        decided_on TEXT NOT NULL,
        UNIQUE (item_kind, item_id)
    );
    CREATE TABLE audit (
        seq BIGSERIAL PRIMARY KEY,
        at TEXT NOT NULL,
        staff_id BIGINT REFERENCES staff(id),
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        detail TEXT NOT NULL
    );",
];

type Pool = r2d2::Pool<PostgresConnectionManager<NoTls>>;

/// The PostgreSQL backend.
pub struct PostgresStorage {
    /// Always `Some` until dropped (see the `Drop` impl).
    pool: Option<Pool>,
}

/// The error in the server's own words (`ERROR: …`), or with its causes ("error connecting to server:
/// Connection refused …"): the driver's own message alone says only "db error".
fn pg(error: postgres::Error) -> StorageError {
    if let Some(db) = error.as_db_error() {
        let mut text = format!("{}: {}", db.severity(), db.message());
        if let Some(detail) = db.detail() {
            text.push_str(&format!(" ({detail})"));
        }
        return StorageError::Postgres(text);
    }
    let mut text = error.to_string();
    let mut cause = std::error::Error::source(&error);
    while let Some(inner) = cause {
        text.push_str(&format!(": {inner}"));
        cause = inner.source();
    }
    StorageError::Postgres(text)
}

fn col<'a, T: FromSql<'a>>(row: &'a Row, index: usize) -> Result<T, StorageError> {
    row.try_get(index).map_err(pg)
}

impl PostgresStorage {
    /// Connects to the database at `url` (`postgres://user:password@host/dbname`, or libpq's `key=value`
    /// form), creating or migrating its tables.
    pub fn open(url: &str) -> Result<Self, StorageError> {
        let mut config: postgres::Config = url.parse().map_err(|e| {
            StorageError::Postgres(format!("--database is not a valid address: {e}"))
        })?;
        config.connect_timeout(CONNECT_TIMEOUT);
        // One plain connection first: a wrong address or password fails here at once with the server's own
        // words, where the pool would only time out.
        let mut client = config.connect(NoTls).map_err(pg)?;
        migrate(&mut client)?;
        drop(client);
        let pool = r2d2::Pool::builder()
            .max_size(POOL_SIZE)
            .min_idle(Some(1))
            .connection_timeout(CONNECT_TIMEOUT)
            .build(PostgresConnectionManager::new(config, NoTls))
            .map_err(|e| StorageError::Postgres(format!("connection pool: {e}")))?;
        Ok(PostgresStorage { pool: Some(pool) })
    }

    fn with<T>(
        &self,
        isolation: IsolationLevel,
        read_only: bool,
        work: impl FnOnce(&mut Transaction<'_>) -> Result<T, StorageError>,
    ) -> Result<T, StorageError> {
        let pool = self.pool.as_ref().expect("the pool lives until drop");
        let mut conn = pool
            .get()
            .map_err(|e| StorageError::Postgres(format!("no database connection: {e}")))?;
        let mut tx = conn
            .build_transaction()
            .isolation_level(isolation)
            .read_only(read_only)
            .start()
            .map_err(pg)?;
        let value = work(&mut tx)?;
        tx.commit().map_err(pg)?;
        Ok(value)
    }

    /// A writing transaction. Read committed is enough: every "store once" rests on a unique constraint and
    /// `ON CONFLICT DO NOTHING`, which waits for a concurrent insert of the same key and then does nothing.
    fn write<T>(
        &self,
        work: impl FnOnce(&mut Transaction<'_>) -> Result<T, StorageError>,
    ) -> Result<T, StorageError> {
        self.with(IsolationLevel::ReadCommitted, false, work)
    }

    /// A reading transaction that sees one moment for all its queries.
    fn read<T>(
        &self,
        work: impl FnOnce(&mut Transaction<'_>) -> Result<T, StorageError>,
    ) -> Result<T, StorageError> {
        self.with(IsolationLevel::RepeatableRead, true, work)
    }
}

impl Drop for PostgresStorage {
    fn drop(&mut self) {
        // Each blocking client blocks on its own small tokio runtime to close its connection, which panics on an
        // async thread (where the last handle to the storage may go when a server shuts down; measured: "Cannot
        // start a runtime from within a runtime", then an abort): close them on a plain thread.
        if let Some(pool) = self.pool.take() {
            let _ = std::thread::spawn(move || drop(pool)).join();
        }
    }
}

fn migrate(client: &mut Client) -> Result<(), StorageError> {
    let known = MIGRATIONS.len() as i64;
    let mut tx = client.transaction().map_err(pg)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .map_err(pg)?;
    // No "already exists, skipping" notice in the server's log at every start.
    tx.batch_execute("SET LOCAL client_min_messages = warning")
        .map_err(pg)?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_version (
            version BIGINT PRIMARY KEY,
            applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )",
    )
    .map_err(pg)?;
    let row = tx
        .query_one("SELECT COALESCE(MAX(version), 0) FROM schema_version", &[])
        .map_err(pg)?;
    let found: i64 = col(&row, 0)?;
    if found > known {
        return Err(StorageError::TooNew { found, known });
    }
    for (step, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.batch_execute(sql).map_err(pg)?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES ($1)",
            &[&(step as i64 + 1)],
        )
        .map_err(pg)?;
    }
    tx.commit().map_err(pg)
}

fn audit(
    tx: &mut Transaction<'_>,
    at: &str,
    staff_id: Option<i64>,
    action: &str,
    subject: &str,
    detail: &str,
) -> Result<(), StorageError> {
    tx.execute(
        "INSERT INTO audit (at, staff_id, action, subject, detail) VALUES ($1, $2, $3, $4, $5)",
        &[&at, &staff_id, &action, &subject, &detail],
    )
    .map_err(pg)?;
    Ok(())
}

const STAFF_COLUMNS: &str = "id, name, organisation, role, token_hash, revoked_on";

fn staff_from(row: &Row) -> Result<Staff, StorageError> {
    Ok(Staff {
        id: col(row, 0)?,
        name: col(row, 1)?,
        organisation: col(row, 2)?,
        role: role_from_text(col(row, 3)?)?,
        token_hash: col(row, 4)?,
        revoked_on: col(row, 5)?,
    })
}

impl Storage for PostgresStorage {
    fn put_reports(&self, reports: &[StoredReport]) -> Result<Vec<bool>, StorageError> {
        self.write(|tx| {
            let insert = tx
                .prepare(
                    "INSERT INTO reports (id, place_id, kind, text, lang, bundle_version, created_on,
                                          received_on, lat, lon)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                     ON CONFLICT (id) DO NOTHING",
                )
                .map_err(pg)?;
            reports
                .iter()
                .map(|r| {
                    let params: [&(dyn ToSql + Sync); 10] = [
                        &r.id.to_string(),
                        &r.place_id,
                        &r.kind.as_str(),
                        &r.text,
                        &r.lang,
                        &(r.bundle_version as i64),
                        &r.created_on,
                        &r.received_on,
                        &r.position.map(|p| p.lat),
                        &r.position.map(|p| p.lon),
                    ];
                    Ok(tx.execute(&insert, &params).map_err(pg)? == 1)
                })
                .collect()
        })
    }

    fn put_verifications(
        &self,
        verifications: &[StoredVerification],
    ) -> Result<Vec<bool>, StorageError> {
        self.write(|tx| {
            let insert = tx
                .prepare(
                    "INSERT INTO verifications (id, staff_id, place_id, visited_on, lang, fields, notes,
                                                received_on)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                     ON CONFLICT (id) DO NOTHING",
                )
                .map_err(pg)?;
            verifications
                .iter()
                .map(|v| {
                    let params: [&(dyn ToSql + Sync); 8] = [
                        &v.id.to_string(),
                        &v.staff_id,
                        &v.place_id,
                        &v.visited_on,
                        &v.lang,
                        &findings_to_json(&v.fields),
                        &v.notes,
                        &v.received_on,
                    ];
                    Ok(tx.execute(&insert, &params).map_err(pg)? == 1)
                })
                .collect()
        })
    }

    fn add_staff(&self, staff: &NewStaff<'_>, at: &str) -> Result<i64, StorageError> {
        self.write(|tx| {
            // The unique name, not a prior look-up, decides: two adds of one name at once store one.
            let added = tx
                .query_opt(
                    "INSERT INTO staff (name, organisation, role, token_hash) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (name) DO NOTHING
                     RETURNING id",
                    &[
                        &staff.name,
                        &staff.organisation,
                        &staff.role.as_str(),
                        &staff.token_hash,
                    ],
                )
                .map_err(pg)?;
            let Some(row) = added else {
                return Err(StorageError::NameTaken(staff.name.to_string()));
            };
            let id: i64 = col(&row, 0)?;
            let detail = format!("{} of {}", staff.role.as_str(), staff.organisation);
            audit(tx, at, None, "staff_add", staff.name, &detail)?;
            Ok(id)
        })
    }

    fn revoke_staff(&self, name: &str, at: &str) -> Result<bool, StorageError> {
        self.write(|tx| {
            let day = &at[..at.len().min(10)];
            let changed = tx
                .execute(
                    "UPDATE staff SET revoked_on = $2 WHERE name = $1 AND revoked_on IS NULL",
                    &[&name, &day],
                )
                .map_err(pg)?;
            if changed == 1 {
                audit(tx, at, None, "staff_revoke", name, "")?;
            }
            Ok(changed == 1)
        })
    }

    fn staff(&self, id: i64) -> Result<Option<Staff>, StorageError> {
        self.read(|tx| {
            tx.query_opt(
                &format!("SELECT {STAFF_COLUMNS} FROM staff WHERE id = $1"),
                &[&id],
            )
            .map_err(pg)?
            .as_ref()
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
        self.write(|tx| {
            let table = match decision.item_kind {
                ItemKind::Report => "reports",
                ItemKind::Verification => "verifications",
            };
            let item_id = decision.item_id.to_string();
            let exists = tx
                .query_opt(&format!("SELECT 1 FROM {table} WHERE id = $1"), &[&item_id])
                .map_err(pg)?;
            if exists.is_none() {
                return Ok(false);
            }
            let field = decision.field.map(|f| f.as_str()).unwrap_or("");
            let stored = tx
                .execute(
                    "INSERT INTO decisions (item_kind, item_id, accepted, field, value, editor_id,
                                            decided_on)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)
                     ON CONFLICT (item_kind, item_id) DO NOTHING",
                    &[
                        &decision.item_kind.as_str(),
                        &item_id,
                        &decision.accepted,
                        &field,
                        &decision.value,
                        &editor.id,
                        &decided_on,
                    ],
                )
                .map_err(pg)?;
            if stored == 1 {
                let action = if decision.accepted {
                    "accept"
                } else {
                    "reject"
                };
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
        self.read(|tx| {
            let mut snapshot = Snapshot::default();
            let reports = tx
                .query(
                    "SELECT id, place_id, kind, text, lang, bundle_version, created_on, received_on,
                            lat, lon
                     FROM reports ORDER BY seq",
                    &[],
                )
                .map_err(pg)?;
            for r in &reports {
                let lat: Option<f64> = col(r, 8)?;
                let lon: Option<f64> = col(r, 9)?;
                let version: i64 = col(r, 5)?;
                snapshot.reports.push(StoredReport {
                    id: uuid_from_text("report id", col(r, 0)?)?,
                    place_id: col(r, 1)?,
                    kind: kind_from_text(col(r, 2)?)?,
                    text: col(r, 3)?,
                    lang: col(r, 4)?,
                    bundle_version: version as u64,
                    created_on: col(r, 6)?,
                    received_on: col(r, 7)?,
                    position: lat.zip(lon).map(|(lat, lon)| WirePosition { lat, lon }),
                });
            }
            let verifications = tx
                .query(
                    "SELECT id, staff_id, place_id, visited_on, lang, fields, notes, received_on
                     FROM verifications ORDER BY seq",
                    &[],
                )
                .map_err(pg)?;
            for v in &verifications {
                snapshot.verifications.push(StoredVerification {
                    id: uuid_from_text("verification id", col(v, 0)?)?,
                    staff_id: col(v, 1)?,
                    place_id: col(v, 2)?,
                    visited_on: col(v, 3)?,
                    lang: col(v, 4)?,
                    fields: findings_from_json(col(v, 5)?)?,
                    notes: col(v, 6)?,
                    received_on: col(v, 7)?,
                });
            }
            let decisions = tx
                .query(
                    "SELECT item_kind, item_id, accepted, field, value, editor_id, decided_on
                     FROM decisions ORDER BY seq",
                    &[],
                )
                .map_err(pg)?;
            for d in &decisions {
                let kind: &str = col(d, 0)?;
                snapshot.decisions.push(StoredDecision {
                    decision: Decision {
                        item_kind: ItemKind::from_id(kind).ok_or_else(|| {
                            StorageError::Corrupt {
                                what: "decision item kind",
                                value: kind.to_string(),
                            }
                        })?,
                        item_id: uuid_from_text("decision item id", col(d, 1)?)?,
                        accepted: col(d, 2)?,
                        field: field_from_text(col(d, 3)?)?,
                        value: col(d, 4)?,
                    },
                    editor_id: col(d, 5)?,
                    decided_on: col(d, 6)?,
                });
            }
            let staff = tx
                .query(
                    &format!("SELECT {STAFF_COLUMNS} FROM staff ORDER BY id"),
                    &[],
                )
                .map_err(pg)?;
            for s in &staff {
                snapshot.staff.push(staff_from(s)?);
            }
            Ok(snapshot)
        })
    }

    fn audit(&self) -> Result<Vec<AuditEntry>, StorageError> {
        self.read(|tx| {
            let rows = tx
                .query(
                    "SELECT at, staff_id, action, subject, detail FROM audit ORDER BY seq DESC",
                    &[],
                )
                .map_err(pg)?;
            rows.iter()
                .map(|r| {
                    Ok(AuditEntry {
                        at: col(r, 0)?,
                        staff_id: col(r, 1)?,
                        action: col(r, 2)?,
                        subject: col(r, 3)?,
                        detail: col(r, 4)?,
                    })
                })
                .collect()
        })
    }
}
