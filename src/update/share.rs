//! "Pass it on": saves the signed bundle this phone uses as one file, which another phone installs with
//! "Update from a file" and verifies there exactly as any update ([`super::install_file`]). It reads only
//! `DATA_DIR/bundles/current.paso` or `previous.paso`, copies the bytes only when they are the very bundle in
//! use (same sha256), and writes only the file the person names: never over another file, and never a
//! half-written one under that name (the bytes go to a staging name beside it, are read back, then renamed).

use super::layout::{self, Layout};
use super::Slot;
use crate::bundle::format::sha256_hex;
use std::fs::{self, OpenOptions};
use std::path::{Path, PathBuf};

/// Why a copy was not saved.
#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    /// The data in use is the one built into the app: every phone with this app version already has it.
    #[error("the data in use is the one built into the app (version {version}); there is no file to share")]
    EmbeddedOnly {
        /// Its version.
        version: u64,
    },
    /// The installed file is no longer the bundle the app opened (changed, removed or damaged since).
    #[error("{path} is not the bundle in use any more (expected sha256 {expected})")]
    NotInUse {
        /// The installed file.
        path: String,
        /// The sha256 of the bundle in use.
        expected: String,
    },
    /// Another file already has that name.
    #[error("{0} already exists; choose another name or folder")]
    Exists(String),
    /// Reading or writing failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

impl ShareError {
    fn io(path: &Path, source: std::io::Error) -> Self {
        ShareError::Io {
            path: path.display().to_string(),
            source,
        }
    }

    /// Stable id, for messages: `embedded-only`, `not-in-use`, `exists`, `io`.
    pub fn reason_key(&self) -> &'static str {
        match self {
            ShareError::EmbeddedOnly { .. } => "embedded-only",
            ShareError::NotInUse { .. } => "not-in-use",
            ShareError::Exists(_) => "exists",
            ShareError::Io { .. } => "io",
        }
    }
}

/// The bundle in use, as [`share_copy`] needs to know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InUse {
    /// Which file it was opened from.
    pub slot: Slot,
    /// Its data set.
    pub bundle_id: String,
    /// Its version.
    pub version: u64,
    /// The sha256 of the whole bundle file.
    pub file_sha256: String,
}

impl InUse {
    /// The file name a copy gets when the person names a folder: `paso-<data set>-v<version>.paso`.
    pub fn file_name(&self) -> String {
        let id: String = self
            .bundle_id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        format!("paso-{id}-v{}.paso", self.version)
    }
}

/// A saved copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    /// Where it is.
    pub path: PathBuf,
    /// Its size.
    pub bytes: u64,
    /// False when that file already held these very bytes, so nothing was written.
    pub written: bool,
}

/// Saves the bundle in use to `destination`: a folder (the copy gets [`InUse::file_name`]) or a file path.
/// Refuses when the data in use is the embedded bundle, when the installed file is not the bundle in use,
/// and when another file has the name; a file that already holds the same bytes counts as saved.
pub fn share_copy(
    data_dir: &Path,
    in_use: &InUse,
    destination: &Path,
) -> Result<Shared, ShareError> {
    let bytes = read_in_use(data_dir, in_use)?;
    let target = if destination.is_dir() {
        destination.join(in_use.file_name())
    } else {
        destination.to_path_buf()
    };
    if target.exists() {
        let same = fs::read(&target)
            .map(|existing| sha256_hex(&existing) == in_use.file_sha256)
            .unwrap_or(false);
        if same {
            return Ok(Shared {
                path: target,
                bytes: bytes.len() as u64,
                written: false,
            });
        }
        return Err(ShareError::Exists(target.display().to_string()));
    }
    write_new(&target, &bytes, &in_use.file_sha256)?;
    Ok(Shared {
        path: target,
        bytes: bytes.len() as u64,
        written: true,
    })
}

/// The bytes of the bundle in use, read from its installed file and checked to be the very bundle that was
/// opened (a browser gives them as a download). Refuses the embedded bundle: there is no file to share.
pub fn read_in_use(data_dir: &Path, in_use: &InUse) -> Result<Vec<u8>, ShareError> {
    let layout = Layout::new(data_dir);
    let source = match in_use.slot {
        Slot::Embedded => {
            return Err(ShareError::EmbeddedOnly {
                version: in_use.version,
            })
        }
        Slot::Current => layout.current(),
        Slot::Previous => layout.previous(),
    };
    let not_in_use = || ShareError::NotInUse {
        path: source.display().to_string(),
        expected: in_use.file_sha256.clone(),
    };
    match layout::read_optional(&source) {
        Ok(Some(bytes)) if sha256_hex(&bytes) == in_use.file_sha256 => Ok(bytes),
        _ => Err(not_in_use()),
    }
}

/// Writes `bytes` as a new file at `target`: the name is reserved first (so nothing else is overwritten),
/// the bytes go to a staging file beside it, are synced and read back, and the staging file is renamed over
/// the reservation. On any failure both are removed.
fn write_new(target: &Path, bytes: &[u8], sha256: &str) -> Result<(), ShareError> {
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "paso.paso".into());
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(target)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => ShareError::Exists(target.display().to_string()),
            _ => ShareError::io(target, e),
        })?;
    let mut nonce = [0u8; 6];
    let _ = getrandom::getrandom(&mut nonce);
    let staging = folder.join(format!(".{name}.{}.part", hex::encode(nonce)));
    let outcome = (|| {
        layout::write_synced(&staging, bytes).map_err(|_| {
            ShareError::io(
                &staging,
                std::io::Error::other("the copy could not be written"),
            )
        })?;
        // Read it back: a full card or a failing stick must not pass as saved.
        let written = fs::read(&staging).map_err(|e| ShareError::io(&staging, e))?;
        if sha256_hex(&written) != sha256 {
            return Err(ShareError::io(
                &staging,
                std::io::Error::other("the saved copy differs from the bundle"),
            ));
        }
        fs::rename(&staging, target).map_err(|e| ShareError::io(target, e))?;
        let _ = layout::sync_dir(&folder);
        Ok(())
    })();
    if outcome.is_err() {
        let _ = fs::remove_file(&staging);
        let _ = fs::remove_file(target);
    }
    outcome
}

/// Where a copy goes when the person names no folder: the Downloads folder, else the home folder.
pub fn default_folder() -> Option<PathBuf> {
    dirs::download_dir()
        .filter(|dir| dir.is_dir())
        .or_else(dirs::home_dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_use(slot: Slot, bytes: &[u8]) -> InUse {
        InUse {
            slot,
            bundle_id: "route/test".into(),
            version: 7,
            file_sha256: sha256_hex(bytes),
        }
    }

    fn installed(bytes: &[u8]) -> tempfile::TempDir {
        let data = tempfile::tempdir().unwrap();
        let layout = Layout::new(data.path());
        layout.create().unwrap();
        fs::write(layout.current(), bytes).unwrap();
        data
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_folder_gets_a_named_copy_of_the_bytes_in_use_and_nothing_else() {
        let data = installed(b"signed bundle bytes");
        let out = tempfile::tempdir().unwrap();
        let shared = share_copy(
            data.path(),
            &in_use(Slot::Current, b"signed bundle bytes"),
            out.path(),
        )
        .unwrap();
        assert_eq!(shared.path, out.path().join("paso-route-test-v7.paso"));
        assert!(shared.written);
        assert_eq!(shared.bytes, 19);
        assert_eq!(fs::read(&shared.path).unwrap(), b"signed bundle bytes");
        assert_eq!(entries(out.path()), ["paso-route-test-v7.paso"]);
        // Again: the same bytes are there already, nothing is written.
        let again = share_copy(
            data.path(),
            &in_use(Slot::Current, b"signed bundle bytes"),
            out.path(),
        )
        .unwrap();
        assert!(!again.written);
    }

    #[test]
    fn another_file_of_that_name_is_never_overwritten() {
        let data = installed(b"signed bundle bytes");
        let out = tempfile::tempdir().unwrap();
        let mine = out.path().join("notes.paso");
        fs::write(&mine, b"someone's file").unwrap();
        let error = share_copy(
            data.path(),
            &in_use(Slot::Current, b"signed bundle bytes"),
            &mine,
        )
        .unwrap_err();
        assert_eq!(error.reason_key(), "exists", "{error}");
        assert_eq!(fs::read(&mine).unwrap(), b"someone's file");
        assert_eq!(entries(out.path()), ["notes.paso"]);
    }

    #[test]
    fn the_embedded_bundle_and_a_changed_installed_file_are_not_shared() {
        let data = installed(b"signed bundle bytes");
        let out = tempfile::tempdir().unwrap();
        let error = share_copy(data.path(), &in_use(Slot::Embedded, b"x"), out.path()).unwrap_err();
        assert!(
            matches!(error, ShareError::EmbeddedOnly { version: 7 }),
            "{error}"
        );
        let error = share_copy(
            data.path(),
            &in_use(Slot::Current, b"the bytes that were opened"),
            out.path(),
        )
        .unwrap_err();
        assert_eq!(error.reason_key(), "not-in-use", "{error}");
        let error = share_copy(
            data.path(),
            &in_use(Slot::Previous, b"signed bundle bytes"),
            out.path(),
        )
        .unwrap_err();
        assert_eq!(
            error.reason_key(),
            "not-in-use",
            "no previous.paso: {error}"
        );
        assert!(entries(out.path()).is_empty());
    }

    #[test]
    fn a_folder_that_cannot_be_written_leaves_nothing_behind() {
        let data = installed(b"signed bundle bytes");
        let out = tempfile::tempdir().unwrap();
        let missing = out.path().join("no-such-folder").join("copy.paso");
        let error = share_copy(
            data.path(),
            &in_use(Slot::Current, b"signed bundle bytes"),
            &missing,
        )
        .unwrap_err();
        assert_eq!(error.reason_key(), "io", "{error}");
        assert!(error.to_string().contains("no-such-folder"), "{error}");
        assert!(entries(out.path()).is_empty());
    }
}
