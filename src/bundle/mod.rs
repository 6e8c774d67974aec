//! Bundles: reading and verifying them (container, keys, root lists), which the app needs, and everything
//! editors do to make one (import curated CSV, HXL, plain CSV and GeoJSON, validate, licence gate, guides, build,
//! sign), which only the `cli` feature compiles. It never touches the UI.

// The builder: only `paso-data` (feature `cli`) compiles it; the phone library keeps the reading side below.
#[cfg(feature = "cli")]
pub mod build;
#[cfg(feature = "cli")]
pub mod cards;
#[cfg(feature = "cli")]
pub mod diagnostics;
#[cfg(feature = "cli")]
pub mod editor_import;
#[cfg(feature = "cli")]
pub mod guide_checks;
#[cfg(feature = "cli")]
pub mod guides;
#[cfg(feature = "cli")]
pub mod import;
#[cfg(feature = "cli")]
pub mod licence;
#[cfg(feature = "cli")]
pub mod validate;

// Reading a bundle: the container and its verification, publisher keys, root lists.
pub mod format;
pub mod keys;
pub mod root;

#[cfg(feature = "cli")]
pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use format::{verify, Attribution, Manifest, VerifiedBundle};
pub use keys::TrustedKeys;

/// What can go wrong reading, verifying or building a bundle.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The bytes do not start with the bundle magic.
    #[error("this is not a Paso bundle (the file does not start with PASOBNDL)")]
    NotABundle,
    /// The container format is newer or older than this app understands.
    #[error("unsupported bundle container format {0}")]
    UnsupportedFormat(u32),
    /// The file ends before its declared parts.
    #[error("the bundle is truncated")]
    Truncated,
    /// The manifest is not valid.
    #[error("the bundle manifest is invalid: {0}")]
    ManifestInvalid(String),
    /// The signature does not match the manifest: the bundle was altered.
    #[error("the bundle signature does not match: the bundle was altered or damaged")]
    BadSignature,
    /// Signed by a key this app does not trust.
    #[error("the bundle is signed by an unknown publisher (key {key_id})")]
    UntrustedPublisher {
        /// The key id the manifest names.
        key_id: String,
    },
    /// This build trusts no publisher key at all (the repository ships none; a deployment adds its own).
    #[error("this build trusts no publisher yet: add a production key to data/keys/trusted_publishers.txt (or a root key) and rebuild, or pass --trust")]
    NoTrustedPublisher,
    /// Signed by a key the root list in force left out.
    #[error("the bundle is signed by a revoked publisher key (key {key_id}): the newest root list no longer names it")]
    RevokedPublisher {
        /// The revoked key's id.
        key_id: String,
    },
    /// A root list does not verify or does not follow the one in force.
    #[error("root list refused: {0}")]
    RootRefused(String),
    /// The root list in force has expired: no update is accepted until a newer one arrives.
    #[error(
        "the root list in force (v{version}) expired on {expires}; a newer root list is needed"
    )]
    RootExpired {
        /// Its version.
        version: u64,
        /// When it expired (RFC 3339).
        expires: String,
    },
    /// The payload's length differs from the signed manifest.
    #[error("the bundle content is {actual} bytes but the signed manifest says {declared}")]
    ContentSizeMismatch {
        /// Signed size.
        declared: u64,
        /// Size found.
        actual: u64,
    },
    /// The payload's hash differs from the signed manifest.
    #[error(
        "the bundle content does not match its signed hash: the bundle was altered or damaged"
    )]
    ContentHashMismatch,
    /// The content cannot be decompressed.
    #[error("the bundle content cannot be decompressed: {0}")]
    Decompress(String),
    /// The content is larger than any bundle may be.
    #[error("the bundle declares {bytes} bytes of content, more than the {allowed} allowed")]
    TooLarge {
        /// Declared size.
        bytes: u64,
        /// The limit it was opened under.
        allowed: u64,
    },
    /// The bundle needs a newer app.
    #[error("this bundle needs app version {needed} or newer; this app is {ours}")]
    AppTooOld {
        /// Version the bundle needs.
        needed: String,
        /// This app's version.
        ours: String,
    },
    /// A key file or key list is unusable.
    #[error("key problem: {0}")]
    Key(String),
    /// Input validation failed; nothing was written.
    #[cfg(feature = "cli")]
    #[error("{} error(s) in the inputs; nothing was written", .0.error_count())]
    Invalid(Diagnostics),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// Building the content database failed.
    #[error("content database: {0}")]
    Sqlite(#[from] rusqlite::Error),
}
