//! Which bundle the app opens: the installed one; if it does not open, the previous one; if that does not
//! open either, the embedded default. An installed bundle older than the embedded one (the app itself was
//! updated since) gives way to the embedded one. The caller learns which was used and why.

use super::layout::Layout;
use super::UpdateError;
use crate::bundle::TrustedKeys;
use crate::catalog::Catalog;
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

fn open_file(path: &Path, trusted: &TrustedKeys) -> Result<Option<Catalog>, UpdateError> {
    let Some(bytes) = super::layout::read_optional(path)? else {
        return Ok(None);
    };
    if bytes.is_empty() {
        return Err(UpdateError::Empty);
    }
    Ok(Some(Catalog::open(&bytes, trusted)?))
}

/// Opens the best valid bundle of a data directory (see the module docs). Only reads.
pub fn open_active(
    data_dir: &Path,
    trusted: &TrustedKeys,
) -> Result<(Catalog, ActiveSource), UpdateError> {
    let layout = Layout::new(data_dir);
    let trusted = &super::roots::in_force(&layout, trusted);
    let embedded_head = crate::catalog::verify_embedded()?;
    let mut skipped = Vec::new();
    for (slot, path) in [
        (Slot::Current, layout.current()),
        (Slot::Previous, layout.previous()),
    ] {
        match open_file(&path, trusted) {
            Ok(Some(catalog)) => {
                let manifest = catalog.store().manifest();
                let embedded = &embedded_head.manifest;
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
    let catalog = Catalog::open_default()?;
    Ok((
        catalog,
        ActiveSource {
            slot: Slot::Embedded,
            skipped,
        },
    ))
}
