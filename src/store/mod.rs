//! SQLite storage: the read-only content database from a verified bundle, and the separate read-write user
//! database (settings, saved places, the report outbox). The UI never imports this module; it goes through
//! [`crate::catalog`] and [`crate::store::user::UserStore`] handles passed in by the app shell.

pub mod content;
pub mod fuzzy;
pub mod limits;
pub mod schema;
pub mod shelf;
pub mod user;
pub mod user_image;
pub mod verifications;

pub use content::ContentStore;
pub use limits::Limits;
pub use user::UserStore;

/// What can go wrong opening or querying a database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The bundle failed verification.
    #[error(transparent)]
    Bundle(#[from] crate::bundle::BundleError),
    /// The content schema is one this app does not know.
    #[error("the bundle's content schema {found} is not supported (this app reads {supported})")]
    UnsupportedSchema {
        /// In the bundle.
        found: u32,
        /// What this app reads.
        supported: u32,
    },
    /// The content database holds something its schema does not name (a view, a trigger, another
    /// table) or lacks something it names.
    #[error("the content database does not have the expected schema: {0}")]
    SchemaMismatch(String),
    /// A query ran longer than [`limits::Limits::query_time`] and was interrupted.
    #[error("a query on the content database ran longer than its time limit and was stopped")]
    TooSlow,
    /// The database file is damaged.
    #[error("the database is damaged: {0}")]
    Corrupt(String),
    /// The user database was written by a newer app.
    #[error("the user database has version {found}, newer than this app's {supported}")]
    UserSchemaTooNew {
        /// In the file.
        found: i64,
        /// This app's.
        supported: i64,
    },
    /// The bundle's trees of places are damaged.
    #[error(transparent)]
    Trees(#[from] crate::spatial::packed::PackedError),
    /// Any other SQLite failure.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                StoreError::Corrupt(error.to_string())
            }
            Some(rusqlite::ErrorCode::OperationInterrupted) => StoreError::TooSlow,
            _ => StoreError::Sqlite(error),
        }
    }
}
