//! Secure data updates: install a newer signed bundle from a file (sideload, SD card, another phone) or from a
//! plain static web server (a signed `latest.json` naming full bundles and deltas), refuse anything forged,
//! older, for another data set or for a newer app, swap it in atomically, keep the previous bundle, and open
//! the best valid bundle at start. It never installs unverified bytes and never touches the user database.
//!
//! The threats it answers (TUF's list): arbitrary install (ed25519 signatures by trusted keys over every
//! manifest, patch header and index), rollback (the highest installed version is recorded with its signed
//! manifest and survives a fall back to the previous bundle), freeze (the index is signed with an expiry),
//! mix-and-match (the index, the patch and the bundle must name the same data set, version and hashes),
//! endless data (every download stops at the size the signed head declares), key compromise (root lists,
//! [`crate::bundle::root`], applied first by `update::roots`: a publisher key they leave out is revoked, a version
//! may jump only as far as they allow, and nothing is accepted once the list in force has expired). A build
//! that trusts no publisher refuses every update with [`UpdateError::NoTrustedPublisher`].
//!
//! Data directory layout (see [`layout`]): `DATA_DIR/bundles/{current.paso, previous.paso, state.json, root.json,
//! downloads/}`; nothing outside `DATA_DIR/bundles` (such as the user database beside it) is ever opened.

pub mod active;
pub mod delta;
mod error;
#[cfg(not(target_arch = "wasm32"))]
pub mod fetch;
pub mod files;
pub mod index;
mod install;
pub mod layout;
pub mod offer;
pub mod publish;
#[cfg(not(target_arch = "wasm32"))]
mod remote;
mod roots;
pub mod share;
pub mod state;

pub use active::{open_active, ActiveSource, Skipped, Slot};
pub use error::UpdateError;
pub use install::MAX_FILE_BYTES;

use crate::bundle::format;
use crate::bundle::TrustedKeys;
use layout::Layout;
use std::path::Path;

/// What the install is doing, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the update list.
    Checking,
    /// Downloading (`done` of `total` bytes; `total` 0 while unknown).
    Downloading,
    /// Checking signatures and hashes.
    Verifying,
    /// Writing the new bundle into place.
    Installing,
}

/// A progress report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The stage.
    pub stage: Stage,
    /// Bytes done (downloads only).
    pub done: u64,
    /// Bytes in all (downloads only; 0 while unknown).
    pub total: u64,
}

impl Progress {
    pub(crate) fn stage(stage: Stage) -> Self {
        Self {
            stage,
            done: 0,
            total: 0,
        }
    }
}

/// How an installed bundle arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// A bundle file given by path.
    File,
    /// A patch file given by path, applied to the installed bundle.
    FilePatch,
    /// A full bundle downloaded.
    DownloadFull,
    /// A patch downloaded and applied to the installed bundle.
    DownloadDelta,
}

impl Via {
    /// Stable id: `file`, `file-patch`, `full`, `delta`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Via::File => "file",
            Via::FilePatch => "file-patch",
            Via::DownloadFull => "full",
            Via::DownloadDelta => "delta",
        }
    }
}

/// A bundle that was installed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    /// The data set.
    pub bundle_id: String,
    /// The version it replaced, if one was installed.
    pub from_version: Option<u64>,
    /// The new version.
    pub version: u64,
    /// sha256 of the new bundle file.
    pub sha256: String,
    /// Name of the trusted key that signed it.
    pub publisher: String,
    /// How it came.
    pub via: Via,
    /// Bytes downloaded for it.
    pub downloaded_bytes: u64,
    /// Why a delta was not used although one was offered (the full bundle was fetched instead).
    pub delta_failure: Option<String>,
}

/// The result of an install that was not refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstallOutcome {
    /// A new bundle is in place.
    Installed(Installed),
    /// The offered bundle is the one in use; nothing was written.
    UpToDate {
        /// Its version.
        version: u64,
        /// Its sha256.
        sha256: String,
    },
}

impl InstallOutcome {
    /// Adds what a download brought (bytes received, why a delta was given up) to the outcome.
    pub(crate) fn with_download(mut self, received: u64, delta_failure: Option<String>) -> Self {
        if let InstallOutcome::Installed(installed) = &mut self {
            installed.downloaded_bytes += received;
            if delta_failure.is_some() {
                installed.delta_failure = delta_failure;
            }
        }
        self
    }

    /// The version in use after the install.
    pub fn version(&self) -> u64 {
        match self {
            InstallOutcome::Installed(installed) => installed.version,
            InstallOutcome::UpToDate { version, .. } => *version,
        }
    }
}

/// One bundle file of the data directory, as the settings screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleInfo {
    /// The data set.
    pub bundle_id: String,
    /// Version.
    pub version: u64,
    /// Date of its newest input (YYYY-MM-DD).
    pub created: String,
    /// Publisher name from the trusted key list (else from the manifest).
    pub publisher: String,
    /// Signer's key id.
    pub key_id: String,
    /// sha256 of the file.
    pub sha256: String,
    /// File size.
    pub bytes: u64,
}

/// A bundle slot: valid, or why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlotStatus {
    /// No file.
    Missing,
    /// The signature, hashes and app version check out.
    Valid(BundleInfo),
    /// Refused, with [`UpdateError::reason_key`] and details.
    Invalid {
        /// Stable reason id.
        reason_key: &'static str,
        /// Details in English.
        detail: String,
    },
}

/// What is installed in a data directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// `current.paso`.
    pub current: SlotStatus,
    /// `previous.paso` (kept for one-step rollback).
    pub previous: SlotStatus,
    /// The bundle built into the app.
    pub embedded: BundleInfo,
    /// Highest version ever installed here, per the anti-rollback record.
    pub highest_installed: Option<u64>,
    /// The data set this data directory accepts.
    pub bundle_id: String,
    /// Problems with the anti-rollback record (it is then partly ignored).
    pub state_problems: Vec<String>,
}

fn info(bytes: &[u8], verified: &format::VerifiedBundle) -> BundleInfo {
    let m = &verified.manifest;
    BundleInfo {
        bundle_id: m.bundle_id.clone(),
        version: m.version,
        created: m.created.clone(),
        publisher: if verified.signer.name().is_empty() {
            m.publisher.name.clone()
        } else {
            verified.signer.name().to_string()
        },
        key_id: m.publisher.key_id.clone(),
        sha256: verified.file_sha256.clone(),
        bytes: bytes.len() as u64,
    }
}

/// A slot checked the way the app opens it (for `current`, also against the install record).
fn slot_status(
    local: Option<Result<install::Local, UpdateError>>,
    record: Option<&state::State>,
) -> SlotStatus {
    let opened = |local: &install::Local| -> Result<(), UpdateError> {
        if let Some(state) = record {
            active::check_recorded(state, &local.file())?;
        }
        crate::store::ContentStore::open_verified(
            &local.bytes,
            &local.verified,
            &crate::store::Limits::default(),
        )?;
        Ok(())
    };
    match local {
        None => SlotStatus::Missing,
        Some(Ok(local)) => match opened(&local) {
            Ok(()) => SlotStatus::Valid(info(&local.bytes, &local.verified)),
            Err(error) => SlotStatus::Invalid {
                reason_key: error.reason_key(),
                detail: error.to_string(),
            },
        },
        Some(Err(error)) => SlotStatus::Invalid {
            reason_key: error.reason_key(),
            detail: error.to_string(),
        },
    }
}

/// What is installed in `data_dir`: each bundle slot checked against `trusted`. Only reads.
pub fn status(data_dir: &Path, trusted: &TrustedKeys) -> Result<Status, UpdateError> {
    let layout = Layout::new(data_dir);
    let trusted = &roots::in_force(&layout, trusted);
    let snapshot = install::Snapshot::read(&layout, trusted)?;
    let bundle_id = snapshot.expected_bundle_id();
    let highest_installed = snapshot.state.highest(&bundle_id).map(|r| r.version);
    let embedded = info(crate::catalog::default_bundle(), &snapshot.embedded);
    let state_problems = snapshot.state.problems.clone();
    Ok(Status {
        current: slot_status(snapshot.current, Some(&snapshot.state)),
        previous: slot_status(snapshot.previous, None),
        embedded,
        highest_installed,
        bundle_id,
        state_problems,
    })
}

/// Installs a bundle (`.paso`) or patch (`.patch`) file: a sideload, an SD card, a file from another phone.
/// Refuses, with the installed bundle untouched, anything that is not newer, not trusted or not whole.
/// Holds the install lock on `DATA_DIR/bundles/` throughout (a second install waits for it).
pub fn install_file(
    data_dir: &Path,
    path: &Path,
    trusted: &TrustedKeys,
    progress: &mut dyn FnMut(Progress),
) -> Result<InstallOutcome, UpdateError> {
    let length = std::fs::metadata(path)
        .map_err(|e| UpdateError::io(path, e))?
        .len();
    if length > MAX_FILE_BYTES {
        return Err(UpdateError::TooLarge {
            offered: length,
            allowed: MAX_FILE_BYTES,
        });
    }
    let layout = Layout::new(data_dir);
    let _lock = layout.lock()?;
    let bytes = std::fs::read(path).map_err(|e| UpdateError::io(path, e))?;
    install_locked(&layout, bytes, trusted, progress)
}

/// Like [`install_file`], for bytes the app already holds (an Android file picker gives a stream, not a
/// path).
pub fn install_bytes(
    data_dir: &Path,
    bytes: Vec<u8>,
    trusted: &TrustedKeys,
    progress: &mut dyn FnMut(Progress),
) -> Result<InstallOutcome, UpdateError> {
    let layout = Layout::new(data_dir);
    let _lock = layout.lock()?;
    install_locked(&layout, bytes, trusted, progress)
}

fn install_locked(
    layout: &Layout,
    bytes: Vec<u8>,
    trusted: &TrustedKeys,
    progress: &mut dyn FnMut(Progress),
) -> Result<InstallOutcome, UpdateError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(UpdateError::TooLarge {
            offered: bytes.len() as u64,
            allowed: MAX_FILE_BYTES,
        });
    }
    let via = if delta::is_patch(&bytes) {
        Via::FilePatch
    } else {
        Via::File
    };
    // The root lists the bundle carries are checked on their own against the root keys, first.
    let trusted = roots::accept(
        layout,
        trusted,
        &format::peek_root_lists(&bytes),
        chrono::Utc::now(),
    )?;
    install::install_bundle(layout, bytes, &trusted, via, progress)
}

/// Installs from the network, when the user asks: `url` is a `latest.json` (the delta for the installed
/// bundle is tried first, then the full bundle), or a `.paso` or `.patch` file.
#[cfg(not(target_arch = "wasm32"))]
pub fn check_and_install(
    data_dir: &Path,
    url: &str,
    trusted: &TrustedKeys,
    progress: &mut dyn FnMut(Progress),
) -> Result<InstallOutcome, UpdateError> {
    check_and_install_with(
        data_dir,
        url,
        trusted,
        &fetch::FetchOptions::default(),
        progress,
    )
}

/// Like [`check_and_install`], with chosen network limits (deadline, minimum rate, redirects to other hosts).
#[cfg(not(target_arch = "wasm32"))]
pub fn check_and_install_with(
    data_dir: &Path,
    url: &str,
    trusted: &TrustedKeys,
    options: &fetch::FetchOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<InstallOutcome, UpdateError> {
    let layout = Layout::new(data_dir);
    let _lock = layout.lock()?;
    let outcome =
        remote::check_and_install(&layout, url, trusted, options, progress, chrono::Utc::now());
    if outcome.is_ok() {
        layout.clear_downloads();
    }
    outcome
}
