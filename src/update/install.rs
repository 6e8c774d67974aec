//! The install itself: check an offered bundle (signature, hashes, data set, version, app version, that it
//! opens), then stage it beside the installed one, fsync, record its version, keep the installed bundle as
//! the previous one and rename the new one into place. At every instant `current.paso` is a whole trusted
//! bundle (the old one or the new one), and nothing outside `DATA_DIR/bundles` is touched.

use super::delta;
use super::layout::{self, Layout};
use super::state::{InstalledFile, State};
use super::{InstallOutcome, Installed, Progress, Stage, UpdateError, Via};
use crate::bundle::format::{self, sha256_hex, VerifiedBundle};
use crate::bundle::root::VersionPolicy;
use crate::bundle::TrustedKeys;
use crate::catalog::Catalog;
use crate::store::Limits;

/// Largest file accepted for an install (a bundle or a patch) under the default [`Limits`].
pub const MAX_FILE_BYTES: u64 = crate::store::limits::DEFAULT_MAX_DB_BYTES + (2 << 20);

/// A bundle file on disk that verified (signature, payload hash).
pub(crate) struct Local {
    pub bytes: Vec<u8>,
    pub verified: VerifiedBundle,
}

impl Local {
    /// What the install record calls this file.
    pub fn file(&self) -> InstalledFile {
        InstalledFile {
            bundle_id: self.verified.manifest.bundle_id.clone(),
            version: self.verified.manifest.version,
            file_sha256: self.verified.file_sha256.clone(),
        }
    }
}

/// What is installed: the current and previous bundles (when they verify), the anti-rollback record and
/// the embedded default.
pub(crate) struct Snapshot {
    pub current: Option<Result<Local, UpdateError>>,
    pub previous: Option<Result<Local, UpdateError>>,
    pub state: State,
    pub embedded: VerifiedBundle,
    /// How far a version may jump, from the root list in force.
    pub policy: VersionPolicy,
}

/// What to do with an offered bundle.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    /// It is what is in use already.
    UpToDate,
    /// Install it.
    Install,
}

pub(crate) fn read_local(
    path: &std::path::Path,
    trusted: &TrustedKeys,
) -> Option<Result<Local, UpdateError>> {
    let bytes = match layout::read_optional(path) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return None,
        Err(e) => return Some(Err(e)),
    };
    if bytes.is_empty() {
        return Some(Err(UpdateError::Empty));
    }
    Some(
        format::verify(&bytes, trusted)
            .map(|verified| Local { bytes, verified })
            .map_err(UpdateError::from),
    )
}

impl Snapshot {
    pub fn read(layout: &Layout, trusted: &TrustedKeys) -> Result<Self, UpdateError> {
        Ok(Self {
            current: read_local(&layout.current(), trusted),
            previous: read_local(&layout.previous(), trusted),
            state: State::load(layout, &trusted.with_history())?,
            embedded: crate::catalog::verify_embedded()?,
            policy: trusted.policy(),
        })
    }

    pub fn current(&self) -> Option<&Local> {
        self.current.as_ref().and_then(|c| c.as_ref().ok())
    }

    fn previous(&self) -> Option<&Local> {
        self.previous.as_ref().and_then(|c| c.as_ref().ok())
    }

    /// The data set this phone uses: the one installed last, else the installed bundle's, else the embedded
    /// bundle's.
    pub fn expected_bundle_id(&self) -> String {
        self.state
            .last_bundle_id()
            .map(str::to_string)
            .or_else(|| {
                self.current()
                    .map(|c| c.verified.manifest.bundle_id.clone())
            })
            .or_else(|| {
                self.previous()
                    .map(|c| c.verified.manifest.bundle_id.clone())
            })
            .unwrap_or_else(|| self.embedded.manifest.bundle_id.clone())
    }

    /// Every (version, file sha256) known for a data set: recorded, installed, previous, embedded.
    fn known(&self, bundle_id: &str) -> Vec<(u64, String)> {
        let mut known = Vec::new();
        if let Some(record) = self.state.highest(bundle_id) {
            known.push((record.version, record.file_sha256));
        }
        for local in [self.current(), self.previous()].into_iter().flatten() {
            let v = &local.verified;
            if v.manifest.bundle_id == bundle_id {
                known.push((v.manifest.version, v.file_sha256.clone()));
            }
        }
        if self.embedded.manifest.bundle_id == bundle_id {
            known.push((
                self.embedded.manifest.version,
                self.embedded.file_sha256.clone(),
            ));
        }
        known
    }

    /// Refuses another data set, an older version, or the same version with other bytes.
    pub fn decide(
        &self,
        bundle_id: &str,
        version: u64,
        sha256: &str,
    ) -> Result<Decision, UpdateError> {
        let expected = self.expected_bundle_id();
        if bundle_id != expected {
            return Err(UpdateError::WrongBundle {
                expected,
                found: bundle_id.to_string(),
            });
        }
        if self
            .current()
            .is_some_and(|c| c.verified.file_sha256 == sha256)
        {
            return Ok(Decision::UpToDate);
        }
        let known = self.known(bundle_id);
        let Some(floor) = known.iter().map(|(v, _)| *v).max() else {
            return Ok(Decision::Install);
        };
        if version < floor {
            return Err(UpdateError::Older {
                offered: version,
                installed: floor,
            });
        }
        if !self.policy.allows(floor, version) {
            return Err(UpdateError::VersionJump {
                offered: version,
                floor,
                allowed: self.policy.max_version_jump,
            });
        }
        if version == floor {
            if !known.iter().any(|(v, s)| *v == version && s == sha256) {
                return Err(UpdateError::VersionConflict { version });
            }
            // The embedded bundle is what runs when nothing valid is installed.
            if self.current().is_none() && sha256 == self.embedded.file_sha256 {
                return Ok(Decision::UpToDate);
            }
        }
        Ok(Decision::Install)
    }
}

/// Checks and installs a whole bundle file. The bundle is hashed once ([`format::verify`]); the
/// [`VerifiedBundle`] it gives is what every later step uses.
pub(crate) fn install_bundle(
    layout: &Layout,
    bytes: Vec<u8>,
    trusted: &TrustedKeys,
    via: Via,
    progress: &mut dyn FnMut(Progress),
) -> Result<InstallOutcome, UpdateError> {
    progress(Progress::stage(Stage::Verifying));
    if bytes.is_empty() {
        return Err(UpdateError::Empty);
    }
    if delta::is_patch(&bytes) {
        return install_patch(layout, &bytes, trusted, via, progress);
    }
    let limits = Limits::default();
    let verified = format::verify(&bytes, trusted)?;
    // Refused before anything is decompressed.
    if verified.manifest.content.db_bytes > limits.max_db_bytes {
        return Err(UpdateError::TooLarge {
            offered: verified.manifest.content.db_bytes,
            allowed: limits.max_db_bytes,
        });
    }
    let snapshot = Snapshot::read(layout, trusted)?;
    let manifest = &verified.manifest;
    let from_version = snapshot.current().map(|c| c.verified.manifest.version);
    if snapshot.decide(&manifest.bundle_id, manifest.version, &verified.file_sha256)?
        == Decision::UpToDate
    {
        return Ok(InstallOutcome::UpToDate {
            version: manifest.version,
            sha256: verified.file_sha256.clone(),
        });
    }
    // The new bundle must open the way the app opens it at start, and pass SQLite's quick check, before
    // it may replace anything.
    // Its database goes to the shelf now, decompressed once: the check below opens that very file, and the
    // next start opens it by the cheap check.
    #[cfg(not(target_arch = "wasm32"))]
    let (shelf, db) = {
        let shelf = layout.shelf();
        let db = opens_fully_shelved(&shelf, &bytes, &verified, &limits)?;
        (shelf, db)
    };
    // A browser has no shelf: the bundle opens in memory, as it will at every start there.
    #[cfg(target_arch = "wasm32")]
    opens_fully(&bytes, &verified, &limits)?;
    progress(Progress::stage(Stage::Installing));
    swap_in(layout, &bytes, &verified, &snapshot, trusted, &limits)?;
    // Best effort: without the record, the next start verifies the bundle in full and shelves it again.
    #[cfg(not(target_arch = "wasm32"))]
    {
        if let Err(error) = shelf.record(&layout.current(), &verified, &db) {
            log::warn!("the installed bundle's database was not recorded ({error})");
        }
        shelf.prune(&[&layout.current(), &layout.previous()]);
    }
    Ok(InstallOutcome::Installed(Installed {
        bundle_id: manifest.bundle_id.clone(),
        from_version,
        version: manifest.version,
        sha256: verified.file_sha256.clone(),
        publisher: verified.signer.name().to_string(),
        via,
        downloaded_bytes: 0,
        delta_failure: None,
    }))
}

/// Opens a verified bundle exactly as the app does at start ([`Catalog::open_verified`]: content hash,
/// exact schema, every place read, the R-tree built, all under the time limit), then runs
/// `PRAGMA quick_check`. The catalog is dropped before returning, so the install never holds two databases.
pub(crate) fn opens_fully(
    bytes: &[u8],
    verified: &VerifiedBundle,
    limits: &Limits,
) -> Result<(), UpdateError> {
    let catalog = Catalog::open_verified(bytes, verified, limits)?;
    catalog.quick_check()?;
    Ok(())
}

/// Like [`opens_fully`], through the shelf: the database is written to `DATA_DIR/bundles/db/` (hash
/// checked as it is decompressed), opened from that file the way the app opens it, and quick-checked.
#[cfg(not(target_arch = "wasm32"))]
fn opens_fully_shelved(
    shelf: &crate::store::shelf::Shelf,
    bytes: &[u8],
    verified: &VerifiedBundle,
    limits: &Limits,
) -> Result<crate::store::shelf::ShelvedDb, UpdateError> {
    let db = shelf.write(bytes, verified, limits)?;
    let catalog = Catalog::from_store(shelf.open_written(&db, verified, limits)?)?;
    catalog.quick_check()?;
    Ok(db)
}

/// Applies a patch to the installed bundle, then installs the result like any bundle.
pub(crate) fn install_patch(
    layout: &Layout,
    patch_bytes: &[u8],
    trusted: &TrustedKeys,
    via: Via,
    progress: &mut dyn FnMut(Progress),
) -> Result<InstallOutcome, UpdateError> {
    let patch = delta::read_patch(patch_bytes, trusted)?;
    let snapshot = Snapshot::read(layout, trusted)?;
    let header = &patch.header;
    // Refuse an unwanted target before doing any work.
    if snapshot.decide(&header.bundle_id, header.to.version, &header.to.sha256)?
        == Decision::UpToDate
    {
        return Ok(InstallOutcome::UpToDate {
            version: header.to.version,
            sha256: header.to.sha256.clone(),
        });
    }
    let base = snapshot.current().ok_or(UpdateError::WrongBase)?;
    let rebuilt = delta::apply(&patch, patch_bytes, &base.bytes, trusted)?;
    install_bundle(layout, rebuilt, trusted, via, progress)
}

/// The crash-safe swap. Order: stage + fsync the new file; record its version, naming both the installed
/// file and the new one as what `current.paso` may be; make `previous.paso` a copy of the installed bundle
/// (only if that one opens fully and is the one recorded, so a good previous is never replaced by a broken
/// or foreign one); rename the staged file over `current.paso`; fsync the directory; name only the new
/// file in the record.
fn swap_in(
    layout: &Layout,
    bytes: &[u8],
    verified: &VerifiedBundle,
    snapshot: &Snapshot,
    trusted: &TrustedKeys,
    limits: &Limits,
) -> Result<(), UpdateError> {
    layout.create()?;
    layout.remove_stale_staging();
    let new_file = InstalledFile {
        bundle_id: verified.manifest.bundle_id.clone(),
        version: verified.manifest.version,
        file_sha256: verified.file_sha256.clone(),
    };
    let installed = snapshot
        .current()
        .filter(|c| snapshot.state.allows_current(&c.file()))
        .filter(|c| opens_fully(&c.bytes, &c.verified, limits).is_ok());
    let staging = layout.staging("bundle");
    let staged = (|| {
        layout::write_synced(&staging, bytes)?;
        // Read it back: a full disk or a failing card must not pass as installed.
        let written = super::files::read(&staging).map_err(|e| UpdateError::io(&staging, e))?;
        if sha256_hex(&written) != verified.file_sha256 {
            return Err(UpdateError::io(
                &staging,
                std::io::Error::other("the staged copy differs from what was written"),
            ));
        }
        drop(written);
        let mut state = State::load(layout, &trusted.with_history())?;
        let head = verified.head().ok_or_else(|| UpdateError::Untrusted {
            key_id: verified.manifest.publisher.key_id.clone(),
        })?;
        state.record(&head, bytes, &verified.file_sha256);
        let mut may_be_current: Vec<InstalledFile> = snapshot
            .current()
            .map(Local::file)
            .filter(|f| state.allows_current(f))
            .into_iter()
            .collect();
        may_be_current.push(new_file.clone());
        state.set_current(may_be_current);
        state.save(layout)?;
        if installed.is_some() {
            layout::copy_atomically(layout, &layout.current(), &layout.previous())?;
        }
        layout::rename(&staging, &layout.current())?;
        layout::sync_dir(layout.dir())?;
        // Best effort: if this fails, the record still names the new file (and the old one).
        state.set_current(vec![new_file.clone()]);
        let _ = state.save(layout);
        Ok(())
    })();
    if staged.is_err() {
        let _ = super::files::remove_file(&staging);
    }
    staged
}
