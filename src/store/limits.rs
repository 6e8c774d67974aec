//! What a bundle may ask of the phone, in one place: the largest content database it may unpack and how
//! long one query on it may run. A signed bundle is trusted for its facts, never for its size or its cost:
//! a publisher's mistake or a stolen key must not fill the memory or hang the app.

use std::time::Duration;

/// The largest decompressed content database opened by default: 64 MiB. The default bundle's is 5.4 MB,
/// so this leaves room to grow; a deployment or the benchmark's synthetic 1M-place bundle raises it
/// explicitly with [`Limits::with_max_db_bytes`].
pub const DEFAULT_MAX_DB_BYTES: u64 = 64 << 20;

/// How long one statement on the content database may run before SQLite interrupts it: 10 s. Every query
/// of the app takes milliseconds on the default bundle; reading all places of the benchmark's synthetic
/// 1M-place bundle takes a few seconds. A bundle crafted to loop for hours is stopped here.
pub const QUERY_TIME_LIMIT: Duration = Duration::from_secs(10);

/// SQLite virtual-machine steps between two looks at the clock.
pub(crate) const PROGRESS_STEPS: i32 = 10_000;

/// The limits a bundle is opened under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest decompressed database accepted, in bytes. Checked against the signed manifest's size
    /// before anything is decompressed, and enforced while decompressing.
    pub max_db_bytes: u64,
    /// How long one statement may run.
    pub query_time: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_db_bytes: DEFAULT_MAX_DB_BYTES,
            query_time: QUERY_TIME_LIMIT,
        }
    }
}

impl Limits {
    /// These limits with another database size limit, in bytes.
    pub fn with_max_db_bytes(self, max_db_bytes: u64) -> Self {
        Self {
            max_db_bytes,
            ..self
        }
    }

    /// The largest bundle or patch file accepted for an install under these limits: a compressed
    /// database is never much larger than the database, plus the head (manifest ≤ 1 MiB).
    pub fn max_file_bytes(&self) -> u64 {
        self.max_db_bytes + (2 << 20)
    }
}
