//! The few file operations every update step uses, behind one small interface: the file system on desktop
//! and phone; in the web build, a map of files in memory that [`crate::web`] fills from the browser's Cache
//! Storage at start and that hands every change of a kept file (`current.paso`, `previous.paso`,
//! `state.json`, `root.json`) to a [`Keeper`] that writes it back there. The update logic above it (verify,
//! anti-rollback record, root lists, the order of the swap) is the same code on both.

use std::io;
use std::path::{Path, PathBuf};

/// Reads a whole file.
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    imp::read(path)
}

/// Reads at most `max` bytes of a file.
pub fn read_at_most(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    imp::read_at_most(path, max)
}

/// Creates (or truncates) a file with `bytes` and flushes it to the disk.
pub fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    imp::write_synced(path, bytes)
}

/// Renames `from` over `to`.
pub fn rename(from: &Path, to: &Path) -> io::Result<()> {
    imp::rename(from, to)
}

/// Removes a file.
pub fn remove_file(path: &Path) -> io::Result<()> {
    imp::remove_file(path)
}

/// Makes `to` another name of `from` (fails where links are not supported; callers copy then).
pub fn hard_link(from: &Path, to: &Path) -> io::Result<()> {
    imp::hard_link(from, to)
}

/// Creates a folder and its parents.
pub fn create_dir_all(path: &Path) -> io::Result<()> {
    imp::create_dir_all(path)
}

/// The size of a file.
pub fn len(path: &Path) -> io::Result<u64> {
    imp::len(path)
}

/// The files directly in `dir`, with their modification times where known.
pub fn list(dir: &Path) -> io::Result<Vec<(PathBuf, Option<std::time::SystemTime>)>> {
    imp::list(dir)
}

/// Flushes a folder's entries (renames, new files) to the disk, where that means something.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    imp::sync_dir(dir)
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use std::fs::{self, File};
    use std::io::{self, Read, Write};
    use std::path::{Path, PathBuf};

    pub fn read(path: &Path) -> io::Result<Vec<u8>> {
        fs::read(path)
    }

    pub fn read_at_most(path: &Path, max: u64) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        File::open(path)?.take(max).read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    pub fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
        let mut file = File::create(path)?;
        file.write_all(bytes)?;
        file.sync_all()
    }

    pub fn rename(from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }

    pub fn remove_file(path: &Path) -> io::Result<()> {
        fs::remove_file(path)
    }

    pub fn hard_link(from: &Path, to: &Path) -> io::Result<()> {
        fs::hard_link(from, to)
    }

    pub fn create_dir_all(path: &Path) -> io::Result<()> {
        fs::create_dir_all(path)
    }

    pub fn len(path: &Path) -> io::Result<u64> {
        Ok(fs::metadata(path)?.len())
    }

    pub fn list(dir: &Path) -> io::Result<Vec<(PathBuf, Option<std::time::SystemTime>)>> {
        Ok(fs::read_dir(dir)?
            .flatten()
            .map(|entry| {
                let modified = entry.metadata().and_then(|m| m.modified()).ok();
                (entry.path(), modified)
            })
            .collect())
    }

    pub fn sync_dir(dir: &Path) -> io::Result<()> {
        #[cfg(unix)]
        File::open(dir)?.sync_all()?;
        #[cfg(not(unix))]
        let _ = dir;
        Ok(())
    }
}

/// Where the web build keeps a changed file: called with its path and its new bytes, or `None` once it is
/// removed. Only files directly in `bundles/` whose names do not start with `.` are kept.
#[cfg(target_arch = "wasm32")]
pub type Keeper = Box<dyn Fn(&Path, Option<&[u8]>)>;

/// Fills the web build's files (at start, from the browser's storage) and names the [`Keeper`] of later
/// changes.
#[cfg(target_arch = "wasm32")]
pub fn mount(files: Vec<(PathBuf, Vec<u8>)>, keeper: Keeper) {
    imp::mount(files, keeper)
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use super::Keeper;
    use std::cell::RefCell;
    use std::collections::BTreeMap;
    use std::io;
    use std::path::{Path, PathBuf};

    thread_local! {
        static FILES: RefCell<BTreeMap<PathBuf, Vec<u8>>> = const { RefCell::new(BTreeMap::new()) };
        static KEEPER: RefCell<Option<Keeper>> = const { RefCell::new(None) };
    }

    pub fn mount(files: Vec<(PathBuf, Vec<u8>)>, keeper: Keeper) {
        FILES.with(|map| map.borrow_mut().extend(files));
        KEEPER.with(|k| *k.borrow_mut() = Some(keeper));
    }

    /// A file worth keeping across reloads: directly in `bundles/`, not a staging or hidden file.
    fn kept(path: &Path) -> bool {
        let in_bundles = path
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|name| name == "bundles");
        let visible = path
            .file_name()
            .is_some_and(|name| !name.to_string_lossy().starts_with('.'));
        in_bundles && visible
    }

    fn keep(path: &Path, bytes: Option<&[u8]>) {
        if kept(path) {
            KEEPER.with(|k| {
                if let Some(keeper) = k.borrow().as_ref() {
                    keeper(path, bytes);
                }
            });
        }
    }

    fn missing(path: &Path) -> io::Error {
        io::Error::new(
            io::ErrorKind::NotFound,
            format!("{} does not exist", path.display()),
        )
    }

    pub fn read(path: &Path) -> io::Result<Vec<u8>> {
        FILES.with(|map| map.borrow().get(path).cloned().ok_or_else(|| missing(path)))
    }

    pub fn read_at_most(path: &Path, max: u64) -> io::Result<Vec<u8>> {
        let mut bytes = read(path)?;
        bytes.truncate(usize::try_from(max).unwrap_or(usize::MAX));
        Ok(bytes)
    }

    pub fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
        FILES.with(|map| map.borrow_mut().insert(path.to_path_buf(), bytes.to_vec()));
        keep(path, Some(bytes));
        Ok(())
    }

    pub fn rename(from: &Path, to: &Path) -> io::Result<()> {
        let bytes = FILES.with(|map| map.borrow_mut().remove(from));
        let bytes = bytes.ok_or_else(|| missing(from))?;
        keep(to, Some(&bytes));
        keep(from, None);
        FILES.with(|map| map.borrow_mut().insert(to.to_path_buf(), bytes));
        Ok(())
    }

    pub fn remove_file(path: &Path) -> io::Result<()> {
        FILES
            .with(|map| map.borrow_mut().remove(path))
            .ok_or_else(|| missing(path))?;
        keep(path, None);
        Ok(())
    }

    pub fn hard_link(_from: &Path, _to: &Path) -> io::Result<()> {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "no links in the browser's storage",
        ))
    }

    pub fn create_dir_all(_path: &Path) -> io::Result<()> {
        Ok(())
    }

    pub fn len(path: &Path) -> io::Result<u64> {
        FILES.with(|map| {
            map.borrow()
                .get(path)
                .map(|bytes| bytes.len() as u64)
                .ok_or_else(|| missing(path))
        })
    }

    pub fn list(dir: &Path) -> io::Result<Vec<(PathBuf, Option<std::time::SystemTime>)>> {
        Ok(FILES.with(|map| {
            map.borrow()
                .keys()
                .filter(|path| path.parent() == Some(dir))
                .map(|path| (path.clone(), None))
                .collect()
        }))
    }

    pub fn sync_dir(_dir: &Path) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_native_files_read_write_rename_and_list() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        write_synced(&a, b"hello").unwrap();
        assert_eq!(read_at_most(&a, 3).unwrap(), b"hel");
        assert_eq!(len(&a).unwrap(), 5);
        rename(&a, &b).unwrap();
        assert_eq!(read(&a).unwrap_err().kind(), io::ErrorKind::NotFound);
        let listed = list(dir.path()).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].0, b);
        assert!(listed[0].1.is_some());
        remove_file(&b).unwrap();
        assert!(list(dir.path()).unwrap().is_empty());
        sync_dir(dir.path()).unwrap();
    }
}
