//! Where updates live on disk and the crash-safe file operations they use. Everything is under
//! `DATA_DIR/bundles/`; nothing here opens any other file of the data directory (the user database stays
//! out of reach).
//!
//! ```text
//! DATA_DIR/bundles/current.paso      the installed bundle
//! DATA_DIR/bundles/previous.paso     the one it replaced (one-step rollback)
//! DATA_DIR/bundles/state.json        highest version ever installed per data set, with its signed manifest
//! DATA_DIR/bundles/root.json         the chain of root lists accepted here (publisher keys, limits)
//! DATA_DIR/bundles/downloads/*.part  interrupted downloads, resumed with HTTP Range requests
//! DATA_DIR/bundles/.staging-*        a bundle being installed (same file system, renamed into place)
//! DATA_DIR/bundles/install.lock      locked exclusively for the whole of an install (see [`Layout::lock`])
//! ```

use super::files;
use super::UpdateError;
#[cfg(not(target_arch = "wasm32"))]
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Staging files older than this are left over from a killed install and are removed.
const STALE_STAGING: Duration = Duration::from_secs(600);

/// How long an install waits for another one to finish before it gives up with [`UpdateError::Busy`].
pub const LOCK_WAIT: Duration = Duration::from_secs(120);

/// Held while an install runs; dropping it lets the next one in. The operating system releases the lock
/// when the process dies, so a killed install never blocks the next.
#[derive(Debug)]
pub struct InstallLock {
    #[cfg(not(target_arch = "wasm32"))]
    _file: fs::File,
}

/// The update files of one data directory.
#[derive(Debug, Clone)]
pub struct Layout {
    dir: PathBuf,
}

impl Layout {
    /// The layout for a data directory (the directory that also holds the user database).
    pub fn new(data_dir: &Path) -> Self {
        Self {
            dir: data_dir.join("bundles"),
        }
    }

    /// `DATA_DIR/bundles`.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The installed bundle.
    pub fn current(&self) -> PathBuf {
        self.dir.join("current.paso")
    }

    /// The bundle the current one replaced.
    pub fn previous(&self) -> PathBuf {
        self.dir.join("previous.paso")
    }

    /// The anti-rollback record.
    pub fn state(&self) -> PathBuf {
        self.dir.join("state.json")
    }

    /// The chain of root lists accepted here (see `update::roots`).
    pub fn root(&self) -> PathBuf {
        self.dir.join("root.json")
    }

    /// The verified databases of the bundles here, `DATA_DIR/bundles/db/` (see [`crate::store::shelf`]).
    pub fn shelf(&self) -> crate::store::shelf::Shelf {
        crate::store::shelf::Shelf::new(self.dir.join("db"))
    }

    /// Interrupted downloads.
    pub fn downloads(&self) -> PathBuf {
        self.dir.join("downloads")
    }

    /// Creates `DATA_DIR/bundles` (and its downloads folder).
    pub fn create(&self) -> Result<(), UpdateError> {
        files::create_dir_all(&self.downloads()).map_err(|e| UpdateError::io(&self.downloads(), e))
    }

    /// The lock file.
    pub fn lock_file(&self) -> PathBuf {
        self.dir.join("install.lock")
    }

    /// Takes the exclusive install lock on `DATA_DIR/bundles/`, waiting up to [`LOCK_WAIT`] for another
    /// install (another thread or process) to finish, then giving up with [`UpdateError::Busy`].
    pub fn lock(&self) -> Result<InstallLock, UpdateError> {
        self.create()?;
        #[cfg(not(target_arch = "wasm32"))]
        {
            let path = self.lock_file();
            let file = fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(|e| UpdateError::io(&path, e))?;
            let waited = std::time::Instant::now();
            loop {
                match fs4::FileExt::try_lock(&file) {
                    Ok(()) => return Ok(InstallLock { _file: file }),
                    Err(fs4::TryLockError::WouldBlock) if waited.elapsed() < LOCK_WAIT => {
                        std::thread::sleep(Duration::from_millis(20));
                    }
                    Err(fs4::TryLockError::WouldBlock) => return Err(UpdateError::Busy),
                    Err(fs4::TryLockError::Error(e)) => return Err(UpdateError::io(&path, e)),
                }
            }
        }
        #[cfg(target_arch = "wasm32")]
        Ok(InstallLock {})
    }

    /// A fresh staging path beside the bundles, unique to this process and call.
    pub fn staging(&self, what: &str) -> PathBuf {
        let mut nonce = [0u8; 6];
        let _ = getrandom::getrandom(&mut nonce);
        // A browser tab has no process id (std's panics there); the nonce alone tells calls apart.
        #[cfg(not(target_arch = "wasm32"))]
        let process = std::process::id();
        #[cfg(target_arch = "wasm32")]
        let process = 0;
        self.dir
            .join(format!(".staging-{what}-{process}-{}", hex::encode(nonce)))
    }

    /// Removes staging files left by an install that was killed more than ten minutes ago.
    pub fn remove_stale_staging(&self) {
        let Ok(entries) = files::list(&self.dir) else {
            return;
        };
        for (path, modified) in entries {
            let staging = path
                .file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with(".staging-"));
            // Files without a time (the web build's, in memory) never outlive the install that made them.
            let old = modified
                .and_then(|modified| std::time::SystemTime::now().duration_since(modified).ok())
                .is_some_and(|age| age > STALE_STAGING);
            if staging && old {
                let _ = files::remove_file(&path);
            }
        }
    }
}

impl Layout {
    /// Removes every kept partial download (after an install, they are of no more use).
    pub fn clear_downloads(&self) {
        if let Ok(entries) = files::list(&self.downloads()) {
            for (path, _) in entries {
                if path.to_string_lossy().ends_with(".part") {
                    let _ = files::remove_file(&path);
                }
            }
        }
    }
}

/// Reads a file; `None` when it does not exist.
pub fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, UpdateError> {
    match files::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(UpdateError::io(path, e)),
    }
}

/// Writes `bytes` to a new file at `path` and flushes it to the disk.
pub fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), UpdateError> {
    files::write_synced(path, bytes).map_err(|e| UpdateError::io(path, e))
}

/// Flushes a directory's entries (renames, new files) to the disk. A no-op where directories cannot be
/// opened (Windows).
pub fn sync_dir(dir: &Path) -> Result<(), UpdateError> {
    files::sync_dir(dir).map_err(|e| UpdateError::io(dir, e))
}

/// Renames `from` over `to` (atomic on one file system).
pub fn rename(from: &Path, to: &Path) -> Result<(), UpdateError> {
    files::rename(from, to).map_err(|e| UpdateError::io(to, e))
}

/// Replaces `path` with `bytes` so that at every instant it holds either the old or the new bytes.
pub fn replace_atomically(layout: &Layout, path: &Path, bytes: &[u8]) -> Result<(), UpdateError> {
    let staging = layout.staging("file");
    let outcome = write_synced(&staging, bytes)
        .and_then(|()| rename(&staging, path))
        .and_then(|()| sync_dir(layout.dir()));
    if outcome.is_err() {
        let _ = files::remove_file(&staging);
    }
    outcome
}

/// Makes `to` a durable copy of `from` without a moment where `to` is missing or partial: a hard link
/// (or, where links are not supported, a synced copy) under a staging name, renamed over `to`.
pub fn copy_atomically(layout: &Layout, from: &Path, to: &Path) -> Result<(), UpdateError> {
    let staging = layout.staging("copy");
    let linked = files::hard_link(from, &staging).is_ok();
    let outcome = if linked {
        Ok(())
    } else {
        files::read(from)
            .map_err(|e| UpdateError::io(from, e))
            .and_then(|bytes| write_synced(&staging, &bytes))
    }
    .and_then(|()| rename(&staging, to))
    .and_then(|()| sync_dir(layout.dir()));
    // When `from` and `to` already are links to one file, POSIX rename leaves the staging link in place.
    let _ = files::remove_file(&staging);
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn replace_and_copy_leave_no_staging_files() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path());
        layout.create().unwrap();
        let a = layout.dir().join("a");
        replace_atomically(&layout, &a, b"one").unwrap();
        replace_atomically(&layout, &a, b"two").unwrap();
        copy_atomically(&layout, &a, &layout.dir().join("b")).unwrap();
        assert_eq!(fs::read(layout.dir().join("b")).unwrap(), b"two");
        let names: Vec<String> = fs::read_dir(layout.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(names.is_empty(), "{names:?}");
        assert_eq!(read_optional(&layout.current()).unwrap(), None);
    }
}
