//! Why an update was refused or failed: one variant per reason, each with a stable key the app maps to a
//! message in the user's language.

use crate::bundle::BundleError;
use crate::store::StoreError;

/// Every reason an update can be refused or fail. Nothing was installed when one of these is returned, and
/// the installed bundle is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    /// The file is empty.
    #[error("the file is empty")]
    Empty,
    /// The bytes are not a Paso bundle or patch (for example an HTML error page).
    #[error("this is not a Paso data file")]
    NotPasoData,
    /// The file ends too early: an interrupted copy or download.
    #[error("the file is incomplete (cut short)")]
    Incomplete,
    /// A signature or hash does not match: the file was altered or damaged.
    #[error("the data was altered or damaged: {0}")]
    Tampered(String),
    /// Signed by a key this app does not trust.
    #[error("the data is not from a trusted publisher (key {key_id})")]
    Untrusted {
        /// The key id the file names.
        key_id: String,
    },
    /// This build trusts no publisher key at all: updates wait until a deployment adds its own.
    #[error("this build trusts no publisher yet, so no update can be installed")]
    NoTrustedPublisher,
    /// Signed by a publisher key the newest root list left out.
    #[error("the data is signed by a revoked publisher key ({key_id})")]
    Revoked {
        /// The revoked key's id.
        key_id: String,
    },
    /// A root list (the signed list of publisher keys) does not verify or does not follow the one in force.
    #[error("the list of trusted publishers is not valid: {0}")]
    RootRefused(String),
    /// The root list in force has expired, and no newer one came with the update.
    #[error(
        "the list of trusted publishers (v{version}) expired on {expires}; a newer one is needed"
    )]
    RootExpired {
        /// Its version.
        version: u64,
        /// When it expired (RFC 3339).
        expires: String,
    },
    /// The version jumps further above the highest known one than the root list allows.
    #[error("version {offered} jumps more than {allowed} versions above version {floor}; the root key must allow it")]
    VersionJump {
        /// Version offered.
        offered: u64,
        /// Highest version known here.
        floor: u64,
        /// Largest jump allowed.
        allowed: u64,
    },
    /// Older than a bundle this phone has already installed: a downgrade or a replay.
    #[error("version {offered} is older than version {installed}, which was already installed")]
    Older {
        /// Version offered.
        offered: u64,
        /// Highest version ever installed here.
        installed: u64,
    },
    /// Same version number as an installed bundle, different bytes.
    #[error(
        "version {version} was already installed with different content; refusing the other copy"
    )]
    VersionConflict {
        /// The version.
        version: u64,
    },
    /// Another data set than the one this phone uses.
    #[error("this is data set {found:?}, not {expected:?}")]
    WrongBundle {
        /// The data set installed here.
        expected: String,
        /// The data set offered.
        found: String,
    },
    /// Needs a newer app.
    #[error("this data needs app version {needed} or newer; this app is {ours}")]
    AppTooOld {
        /// Version needed.
        needed: String,
        /// This app's version.
        ours: String,
    },
    /// A format this app cannot read (a newer container, schema or manifest).
    #[error("this data is in a format this app cannot read: {0}")]
    Unsupported(String),
    /// A delta made for another base than the installed bundle.
    #[error("this update patch is for another version of the data than the one installed")]
    WrongBase,
    /// Applying a delta did not give the bundle it promised.
    #[error("the update patch did not produce the promised data: {0}")]
    DeltaFailed(String),
    /// More data than the signed size allows, or a declared size over the limit.
    #[error("the data is larger than declared or allowed ({offered} bytes; at most {allowed})")]
    TooLarge {
        /// Bytes offered or declared.
        offered: u64,
        /// Bytes allowed.
        allowed: u64,
    },
    /// The update index is past its expiry date: a mirror that stopped updating, or a replayed index.
    #[error("the update list expired on {expires}; the server may be stale")]
    Stale {
        /// When it expired (RFC 3339).
        expires: String,
    },
    /// The update index (latest.json) is not valid.
    #[error("the update list is invalid: {0}")]
    BadIndex(String),
    /// Another install is running in this data directory and did not finish in time.
    #[error("another update is running; try again when it has finished")]
    Busy,
    /// The installed bundle is not the one recorded when it was installed (replaced by hand or by an
    /// attacker, for example with an older signed bundle).
    #[error("the installed data is v{found} (sha256 {found_sha256}), not what was recorded at install ({})", recorded.map_or("nothing".to_string(), |v| format!("v{v}")))]
    NotAsInstalled {
        /// Version recorded at install, if any.
        recorded: Option<u64>,
        /// Version found.
        found: u64,
        /// sha256 of the file found.
        found_sha256: String,
    },
    /// The network failed or the server answered with an error.
    #[error("network problem: {0}")]
    Network(String),
    /// A local file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

impl UpdateError {
    /// A stable id for the reason, for the UI's translations: `empty`, `not-paso-data`, `incomplete`,
    /// `tampered`, `untrusted`, `no-trusted-publisher`, `revoked`, `root-refused`, `root-expired`,
    /// `version-jump`, `older`, `version-conflict`, `wrong-bundle`, `app-too-old`, `unsupported`,
    /// `wrong-base`, `delta-failed`, `too-large`, `stale`, `bad-index`, `network`, `io`, `busy`,
    /// `not-as-installed`.
    pub fn reason_key(&self) -> &'static str {
        match self {
            UpdateError::Empty => "empty",
            UpdateError::NotPasoData => "not-paso-data",
            UpdateError::Incomplete => "incomplete",
            UpdateError::Tampered(_) => "tampered",
            UpdateError::Untrusted { .. } => "untrusted",
            UpdateError::NoTrustedPublisher => "no-trusted-publisher",
            UpdateError::Revoked { .. } => "revoked",
            UpdateError::RootRefused(_) => "root-refused",
            UpdateError::RootExpired { .. } => "root-expired",
            UpdateError::VersionJump { .. } => "version-jump",
            UpdateError::Older { .. } => "older",
            UpdateError::VersionConflict { .. } => "version-conflict",
            UpdateError::WrongBundle { .. } => "wrong-bundle",
            UpdateError::AppTooOld { .. } => "app-too-old",
            UpdateError::Unsupported(_) => "unsupported",
            UpdateError::WrongBase => "wrong-base",
            UpdateError::DeltaFailed(_) => "delta-failed",
            UpdateError::TooLarge { .. } => "too-large",
            UpdateError::Stale { .. } => "stale",
            UpdateError::BadIndex(_) => "bad-index",
            UpdateError::Network(_) => "network",
            UpdateError::Io { .. } => "io",
            UpdateError::Busy => "busy",
            UpdateError::NotAsInstalled { .. } => "not-as-installed",
        }
    }

    /// Every reason key, for checking that each has a translation.
    pub const REASON_KEYS: [&'static str; 24] = [
        "empty",
        "not-paso-data",
        "incomplete",
        "tampered",
        "untrusted",
        "no-trusted-publisher",
        "revoked",
        "root-refused",
        "root-expired",
        "version-jump",
        "older",
        "version-conflict",
        "wrong-bundle",
        "app-too-old",
        "unsupported",
        "wrong-base",
        "delta-failed",
        "too-large",
        "stale",
        "bad-index",
        "network",
        "io",
        "busy",
        "not-as-installed",
    ];

    /// True when the refusal is about what was offered (version, data set, app) rather than about damaged or
    /// unreachable bytes: fetching the full bundle instead of a delta would not help.
    pub fn is_policy(&self) -> bool {
        matches!(
            self,
            UpdateError::Older { .. }
                | UpdateError::VersionConflict { .. }
                | UpdateError::WrongBundle { .. }
                | UpdateError::AppTooOld { .. }
                | UpdateError::Untrusted { .. }
                | UpdateError::NoTrustedPublisher
                | UpdateError::Revoked { .. }
                | UpdateError::RootRefused(_)
                | UpdateError::RootExpired { .. }
                | UpdateError::VersionJump { .. }
        )
    }

    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        UpdateError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

impl From<BundleError> for UpdateError {
    fn from(error: BundleError) -> Self {
        match error {
            BundleError::NotABundle => UpdateError::NotPasoData,
            BundleError::UnsupportedFormat(format) => {
                UpdateError::Unsupported(format!("container format {format}"))
            }
            BundleError::Truncated => UpdateError::Incomplete,
            // Signed by a trusted key but not readable: a newer manifest layout.
            BundleError::ManifestInvalid(why) => UpdateError::Unsupported(why),
            BundleError::BadSignature => {
                UpdateError::Tampered("the signature does not match".into())
            }
            BundleError::UntrustedPublisher { key_id } => UpdateError::Untrusted { key_id },
            BundleError::NoTrustedPublisher => UpdateError::NoTrustedPublisher,
            BundleError::RevokedPublisher { key_id } => UpdateError::Revoked { key_id },
            BundleError::RootRefused(why) => UpdateError::RootRefused(why),
            BundleError::RootExpired { version, expires } => {
                UpdateError::RootExpired { version, expires }
            }
            BundleError::ContentSizeMismatch { declared, actual } if actual < declared => {
                UpdateError::Incomplete
            }
            BundleError::ContentSizeMismatch { declared, actual } => UpdateError::Tampered(
                format!("the content is {actual} bytes but the signed manifest says {declared}"),
            ),
            BundleError::ContentHashMismatch => {
                UpdateError::Tampered("the content does not match its signed hash".into())
            }
            BundleError::Decompress(why) => {
                UpdateError::Tampered(format!("the content cannot be decompressed: {why}"))
            }
            BundleError::TooLarge { bytes, allowed } => UpdateError::TooLarge {
                offered: bytes,
                allowed,
            },
            BundleError::AppTooOld { needed, ours } => UpdateError::AppTooOld { needed, ours },
            BundleError::Io { path, source } => UpdateError::Io { path, source },
            other => UpdateError::Unsupported(other.to_string()),
        }
    }
}

impl From<StoreError> for UpdateError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Bundle(error) => error.into(),
            StoreError::UnsupportedSchema { found, supported } => UpdateError::Unsupported(
                format!("content schema {found} (this app reads {supported})"),
            ),
            StoreError::Corrupt(why) => {
                UpdateError::Tampered(format!("the content database is damaged: {why}"))
            }
            StoreError::Io { path, source } => UpdateError::Io { path, source },
            other => UpdateError::Unsupported(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_keys_are_listed_once_each() {
        let mut keys = UpdateError::REASON_KEYS.to_vec();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), UpdateError::REASON_KEYS.len());
        assert!(UpdateError::REASON_KEYS.contains(&UpdateError::WrongBase.reason_key()));
        assert_eq!(
            UpdateError::from(BundleError::ContentSizeMismatch {
                declared: 10,
                actual: 4
            })
            .reason_key(),
            "incomplete"
        );
        assert_eq!(
            UpdateError::from(BundleError::BadSignature).reason_key(),
            "tampered"
        );
    }
}
