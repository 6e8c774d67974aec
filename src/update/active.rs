//! Which bundle the app opens: the installed one, if it is the file the install record names and it opens;
//! else the previous one; if that does not open either, the embedded default. An installed bundle older
//! than the embedded one (the app itself was updated since) gives way to the embedded one. The caller
//! learns which was used and why.

use super::layout::Layout;
use super::state::{InstalledFile, State};
use super::UpdateError;
use crate::bundle::TrustedKeys;
use crate::catalog::Catalog;
use crate::store::shelf::Shelf;
use crate::store::Limits;
use std::path::Path;

/// Where the open bundle came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// `DATA_DIR/bundles/current.paso`.
    Current,
    /// `DATA_DIR/bundles/previous.paso`.
    Previous,
    /// The bundle built into the app.
    Embedded,
}

impl Slot {
    /// Stable id: `current`, `previous`, `embedded`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Slot::Current => "current",
            Slot::Previous => "previous",
            Slot::Embedded => "embedded",
        }
    }
}

/// A bundle that was passed over, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Which one.
    pub slot: Slot,
    /// [`UpdateError::reason_key`], or `missing`, or `embedded-newer`.
    pub reason_key: &'static str,
    /// Details in English, for logs and field staff.
    pub detail: String,
}

/// Which bundle [`open_active`] opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveSource {
    /// The one in use.
    pub slot: Slot,
    /// The ones tried before it (missing ones included only when something else went wrong).
    pub skipped: Vec<Skipped>,
}

/// Refuses a `current.paso` that the install record does not name (see [`super::state`]).
pub(crate) fn check_recorded(state: &State, file: &InstalledFile) -> Result<(), UpdateError> {
    if state.allows_current(file) {
        return Ok(());
    }
    Err(UpdateError::NotAsInstalled {
        recorded: state.expected_current(&file.bundle_id),
        found: file.version,
        found_sha256: file.file_sha256.clone(),
    })
}

fn open_file(
    shelf: &Shelf,
    path: &Path,
    trusted: &TrustedKeys,
    record: Option<&State>,
) -> Result<Option<Catalog>, UpdateError> {
    match super::files::len(path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(UpdateError::io(path, error)),
        Ok(0) => return Err(UpdateError::Empty),
        Ok(_) => {}
    }
    // Verified in full the first time (or after any change), then by the shelf's cheap check.
    #[cfg(not(target_arch = "wasm32"))]
    let (catalog, _) = Catalog::open_shelved(shelf, path, trusted, &Limits::default())?;
    // A browser has no shelf: verified in full, in memory, at every start.
    #[cfg(target_arch = "wasm32")]
    let catalog = {
        let _ = shelf;
        let bytes = super::files::read(path).map_err(|e| UpdateError::io(path, e))?;
        Catalog::open_with(&bytes, trusted, &Limits::default())?
    };
    if let Some(state) = record {
        let manifest = catalog.manifest();
        check_recorded(
            state,
            &InstalledFile {
                bundle_id: manifest.bundle_id.clone(),
                version: manifest.version,
                file_sha256: catalog.file_sha256().to_string(),
            },
        )?;
    }
    Ok(Some(catalog))
}

/// Opens the best valid bundle of a data directory (see the module docs). Only reads.
pub fn open_active(
    data_dir: &Path,
    trusted: &TrustedKeys,
) -> Result<(Catalog, ActiveSource), UpdateError> {
    let layout = Layout::new(data_dir);
    let trusted = &super::roots::in_force(&layout, trusted);
    let shelf = layout.shelf();
    let embedded_head = crate::catalog::embedded_manifest()?;
    let mut skipped = Vec::new();
    let state = State::load(&layout, &trusted.with_history());
    for (slot, path) in [
        (Slot::Current, layout.current()),
        (Slot::Previous, layout.previous()),
    ] {
        // `current.paso` must be the file the install record names; the previous one is a fallback.
        let opened = match (slot, &state) {
            (Slot::Current, Ok(state)) => open_file(&shelf, &path, trusted, Some(state)),
            (Slot::Current, Err(error)) => Err(UpdateError::io(
                &layout.state(),
                std::io::Error::other(error.to_string()),
            )),
            _ => open_file(&shelf, &path, trusted, None),
        };
        match opened {
            Ok(Some(catalog)) => {
                let manifest = catalog.manifest();
                let embedded = &embedded_head;
                if manifest.bundle_id == embedded.bundle_id && manifest.version < embedded.version {
                    skipped.push(Skipped {
                        slot,
                        reason_key: "embedded-newer",
                        detail: format!(
                            "v{} is older than the app's built-in v{}",
                            manifest.version, embedded.version
                        ),
                    });
                    break;
                }
                return Ok((catalog, ActiveSource { slot, skipped }));
            }
            Ok(None) => skipped.push(Skipped {
                slot,
                reason_key: "missing",
                detail: format!("{} does not exist", path.display()),
            }),
            Err(error) => skipped.push(Skipped {
                slot,
                reason_key: error.reason_key(),
                detail: error.to_string(),
            }),
        }
    }
    if skipped.iter().all(|s| s.reason_key == "missing") {
        skipped.clear();
    }
    #[cfg(target_arch = "wasm32")]
    let catalog = Catalog::open_default()?;
    #[cfg(not(target_arch = "wasm32"))]
    let catalog = match Catalog::open_default_shelved(&shelf) {
        Ok((catalog, _)) => catalog,
        Err(error) => {
            // A full disk or a read-only folder must not stop the app: the embedded bundle opens in memory.
            log::warn!("the embedded bundle could not be shelved ({error}); opening it in memory");
            Catalog::open_default()?
        }
    };
    Ok((
        catalog,
        ActiveSource {
            slot: Slot::Embedded,
            skipped,
        },
    ))
}
