//! Verified content databases on disk (`DATA_DIR/bundles/db/`): a bundle is verified and decompressed once,
//! at install or on the first start with it, and later starts open the database file in place after a
//! cheap check.
//!
//! The cheap check, for a bundle file: its size, modification time and inode are those recorded when it was
//! verified; the signed manifest at its head (a few hundred bytes) still verifies against the trusted keys
//! and names the database hash recorded; the database file's size, modification time and inode are those
//! recorded, and so are those of the two files beside it: the copy of its trees of places (`<hash>.trees`)
//! and its 1:10m country borders parsed and packed (`<hash>.borders`), both mapped into memory rather than
//! read; and the database's schema objects have the digest recorded after their full check (so a later
//! start does not build the schema in memory to compare). For the embedded bundle, the record names the
//! sha256 pinned into this binary. Anything else means a full check: the bundle is read, verified and
//! decompressed again, and the database rewritten.
//!
//! Threat model: the files live in the app's private storage. The check catches corruption and accidental
//! change (a restored backup, a half-copied folder, a file edited by hand). It does not defend against
//! someone who can already write the app's private storage, since they could replace the app too.

use super::content::{ContentStore, SchemaCheck, ShelfCopies};
use super::{Limits, StoreError};
use crate::bundle::format::{self, Manifest, VerifiedBundle};
use crate::bundle::TrustedKeys;
#[cfg(not(target_arch = "wasm32"))]
use crate::spatial::borders::PackedBorders;
#[cfg(not(target_arch = "wasm32"))]
use crate::spatial::packed::PackedTrees;
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Identity of a file as the filesystem reports it: if any of these change, the file is checked again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct FileStamp {
    len: u64,
    modified_ns: u128,
    inode: u64,
}

impl FileStamp {
    fn of(path: &Path) -> std::io::Result<Self> {
        let meta = std::fs::metadata(path)?;
        let modified_ns = meta
            .modified()?
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Ok(Self {
            len: meta.len(),
            modified_ns,
            inode,
        })
    }
}

/// What the shelf remembers about one verified bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Record {
    /// sha256 of the whole bundle file, as verified.
    file_sha256: String,
    /// The bundle file as it was when verified (none for the embedded bundle).
    bundle: Option<FileStamp>,
    /// The database file's name in the shelf.
    db_file: String,
    /// The database file as written.
    db: FileStamp,
    /// The copy of the database's trees of places beside it, as written.
    trees: FileStamp,
    /// The packed borders beside it, as written.
    borders: FileStamp,
    /// [`ContentStore::schema_digest`] of the database, after its full schema check.
    schema_sha256: String,
    /// sha256 of the database, from the signed manifest.
    db_sha256: String,
    /// Name of the key that signed the bundle (or the manifest's publisher).
    signer_name: String,
}

/// A database written to the shelf by [`Shelf::write`], not yet recorded for any bundle file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShelvedDb {
    file: String,
    stamp: FileStamp,
    trees: FileStamp,
    borders: FileStamp,
    schema_sha256: String,
}

/// The file beside a shelved database that holds a copy of its `place_trees` archive.
fn trees_path(db_path: &Path) -> PathBuf {
    db_path.with_extension("trees")
}

/// The file beside a shelved database that holds its 1:10m borders, parsed and packed.
fn borders_path(db_path: &Path) -> PathBuf {
    db_path.with_extension("borders")
}

fn copies(db_path: &Path) -> ShelfCopies {
    ShelfCopies {
        trees: trees_path(db_path),
        borders: borders_path(db_path),
    }
}

#[cfg(not(target_arch = "wasm32"))]
struct MappedFile(memmap2::Mmap);

#[cfg(not(target_arch = "wasm32"))]
impl crate::spatial::packed::TreeBytes for MappedFile {
    fn bytes(&self) -> &[u8] {
        &self.0
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn map_file(path: &Path) -> Result<MappedFile, StoreError> {
    let io = |source| StoreError::Io {
        path: path.display().to_string(),
        source,
    };
    let file = File::open(path).map_err(io)?;
    // SAFETY: the shelf writes each file beside a database once, to a staging name, and renames it into
    // place; nothing writes it afterwards (a changed file fails the cheap check, and is replaced, never
    // edited).
    let map = unsafe { memmap2::Mmap::map(&file) }.map_err(io)?;
    Ok(MappedFile(map))
}

#[cfg(not(target_arch = "wasm32"))]
/// Maps the shelf's copy of a database's trees of places into memory and checks its structure; pages are
/// read as queries touch them.
pub(crate) fn map_trees(path: &Path) -> Result<PackedTrees, StoreError> {
    Ok(PackedTrees::new(Box::new(map_file(path)?))?)
}

#[cfg(not(target_arch = "wasm32"))]
/// Maps the shelf's packed borders of a database into memory and checks their structure; only the shapes
/// whose box holds a point are read.
pub(crate) fn map_borders(path: &Path) -> Result<PackedBorders, StoreError> {
    Ok(PackedBorders::new(Box::new(map_file(path)?))?)
}

fn signer_name(verified: &VerifiedBundle) -> String {
    match verified.signer.name() {
        "" => verified.manifest.publisher.name.clone(),
        name => name.to_string(),
    }
}

/// How a database was opened: straight from the shelf, or after a full check that (re)wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// The cheap check passed; nothing was hashed or decompressed.
    Cheap,
    /// The bundle was verified and decompressed, and the database written to the shelf.
    Full,
}

/// The folder of verified databases and their records.
#[derive(Debug, Clone)]
pub struct Shelf {
    dir: PathBuf,
}

impl Shelf {
    /// The shelf in `dir` (created on the first write).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// Its folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn io(&self, path: &Path, source: std::io::Error) -> StoreError {
        StoreError::Io {
            path: path.display().to_string(),
            source,
        }
    }

    /// The record of a bundle file: one per path, so `current.paso` and `previous.paso` each have theirs.
    fn record_path(&self, bundle: &Path) -> PathBuf {
        let absolute = std::path::absolute(bundle).unwrap_or_else(|_| bundle.to_path_buf());
        let key = format::sha256_hex(absolute.to_string_lossy().as_bytes());
        self.dir.join(format!("{}.json", &key[..20]))
    }

    fn embedded_record_path(&self) -> PathBuf {
        self.dir.join("embedded.json")
    }

    fn read_record(&self, path: &Path) -> Option<Record> {
        let text = std::fs::read(path).ok()?;
        serde_json::from_slice(&text).ok()
    }

    /// Opens the bundle file at `path`: by the cheap check when its record still holds, else by a full
    /// verification (which writes the database and the record again). The caller learns which.
    pub fn open_file(
        &self,
        path: &Path,
        trusted: &TrustedKeys,
        limits: &Limits,
    ) -> Result<(ContentStore, Opened), StoreError> {
        let record_path = self.record_path(path);
        if let Some(store) = self.open_cheaply(path, &record_path, trusted, limits) {
            return Ok((store, Opened::Cheap));
        }
        let bytes = std::fs::read(path).map_err(|e| self.io(path, e))?;
        let stamp = FileStamp::of(path).map_err(|e| self.io(path, e))?;
        let verified = format::verify(&bytes, trusted)?;
        let store = self.shelve(&bytes, &verified, Some(stamp), &record_path, limits)?;
        Ok((store, Opened::Full))
    }

    /// The cheap check of a bundle file (see the module docs); `None` whenever it does not hold.
    fn open_cheaply(
        &self,
        path: &Path,
        record_path: &Path,
        trusted: &TrustedKeys,
        limits: &Limits,
    ) -> Option<ContentStore> {
        let record = self.read_record(record_path)?;
        if record.bundle != Some(FileStamp::of(path).ok()?) {
            return None;
        }
        let head = read_head(path).ok()?;
        let verified = format::verify_head(&head, trusted).ok()?;
        if verified.manifest.content.db_sha256 != record.db_sha256
            || verified.file_len() != record.bundle?.len
        {
            return None;
        }
        self.open_recorded(&record, verified.manifest, limits)
    }

    /// Opens the database a record names, if the file is still as written.
    fn open_recorded(
        &self,
        record: &Record,
        manifest: Manifest,
        limits: &Limits,
    ) -> Option<ContentStore> {
        let db_path = self.dir.join(&record.db_file);
        if FileStamp::of(&db_path).ok()? != record.db
            || FileStamp::of(&trees_path(&db_path)).ok()? != record.trees
            || FileStamp::of(&borders_path(&db_path)).ok()? != record.borders
        {
            return None;
        }
        match ContentStore::open_file(
            &db_path,
            Some(copies(&db_path)),
            SchemaCheck::Recorded(record.schema_sha256.clone()),
            manifest,
            record.signer_name.clone(),
            record.file_sha256.clone(),
            limits,
        ) {
            Ok(store) => Some(store),
            Err(error) => {
                log::warn!("a shelved content database did not open ({error}); checking it again");
                None
            }
        }
    }

    /// Opens the bundle compiled into the app (`bundle`, whose sha256 `build.rs` pinned as `pinned_sha256`):
    /// from the shelf when its record names this very pin, else by [`format::verify_pinned`] and a rewrite.
    pub fn open_pinned(
        &self,
        bundle: &[u8],
        pinned_sha256: &str,
        limits: &Limits,
    ) -> Result<(ContentStore, Opened), StoreError> {
        let record_path = self.embedded_record_path();
        if let Some(record) = self
            .read_record(&record_path)
            .filter(|r| r.file_sha256 == pinned_sha256)
        {
            // The bytes are this binary's own, pinned at build time: reading the manifest needs no check.
            let manifest = format::split(bundle)
                .ok()
                .and_then(|raw| serde_json::from_slice::<Manifest>(raw.manifest_bytes).ok());
            if let Some(store) = manifest
                .filter(|m| m.content.db_sha256 == record.db_sha256)
                .and_then(|m| self.open_recorded(&record, m, limits))
            {
                return Ok((store, Opened::Cheap));
            }
        }
        let verified = format::verify_pinned(bundle, pinned_sha256)?;
        let store = self.shelve(bundle, &verified, None, &record_path, limits)?;
        Ok((store, Opened::Full))
    }

    /// Records that the bundle file now at `path` is `verified`, its database being `db` (written by
    /// [`Shelf::write`] before the file was moved there), so the next start opens it by the cheap check.
    pub fn record(
        &self,
        path: &Path,
        verified: &VerifiedBundle,
        db: &ShelvedDb,
    ) -> Result<(), StoreError> {
        let stamp = FileStamp::of(path).map_err(|e| self.io(path, e))?;
        self.write_record(&self.record_path(path), verified, Some(stamp), db)
    }

    /// Writes the database of a verified bundle to the shelf. It is decompressed once, straight into a
    /// staging file, and renamed into place only after its size and hash are checked.
    pub fn write(
        &self,
        bytes: &[u8],
        verified: &VerifiedBundle,
        limits: &Limits,
    ) -> Result<ShelvedDb, StoreError> {
        std::fs::create_dir_all(&self.dir).map_err(|e| self.io(&self.dir, e))?;
        let file = format!("{}.sqlite", verified.manifest.content.db_sha256);
        let path = self.dir.join(&file);
        let stamp = self.write_db(bytes, verified, &path, limits)?;
        let (trees, borders, schema_sha256) = self.write_copies(&path, verified, limits)?;
        Ok(ShelvedDb {
            file,
            stamp,
            trees,
            borders,
            schema_sha256,
        })
    }

    /// Opens a database [`Shelf::write`] wrote, for `verified`.
    pub fn open_written(
        &self,
        db: &ShelvedDb,
        verified: &VerifiedBundle,
        limits: &Limits,
    ) -> Result<ContentStore, StoreError> {
        let db_path = self.dir.join(&db.file);
        ContentStore::open_file(
            &db_path,
            Some(copies(&db_path)),
            SchemaCheck::Recorded(db.schema_sha256.clone()),
            verified.manifest.clone(),
            signer_name(verified),
            verified.file_sha256.clone(),
            limits,
        )
    }

    fn shelve(
        &self,
        bytes: &[u8],
        verified: &VerifiedBundle,
        bundle: Option<FileStamp>,
        record_path: &Path,
        limits: &Limits,
    ) -> Result<ContentStore, StoreError> {
        let db = self.write(bytes, verified, limits)?;
        let store = self.open_written(&db, verified, limits)?;
        self.write_record(record_path, verified, bundle, &db)?;
        Ok(store)
    }

    fn write_record(
        &self,
        record_path: &Path,
        verified: &VerifiedBundle,
        bundle: Option<FileStamp>,
        db: &ShelvedDb,
    ) -> Result<(), StoreError> {
        let record = Record {
            file_sha256: verified.file_sha256.clone(),
            bundle,
            db_file: db.file.clone(),
            db: db.stamp,
            trees: db.trees,
            borders: db.borders,
            schema_sha256: db.schema_sha256.clone(),
            db_sha256: verified.manifest.content.db_sha256.clone(),
            signer_name: signer_name(verified),
        };
        let json = serde_json::to_vec_pretty(&record).expect("a record serializes");
        write_atomically(record_path, &json).map_err(|e| self.io(record_path, e))
    }

    fn write_db(
        &self,
        bytes: &[u8],
        verified: &VerifiedBundle,
        db_path: &Path,
        limits: &Limits,
    ) -> Result<FileStamp, StoreError> {
        let staging = staging_path(db_path);
        let written = (|| {
            let mut reader = verified.content_reader(bytes, limits.max_db_bytes)?;
            let mut file = File::create(&staging).map_err(|e| self.io(&staging, e))?;
            std::io::copy(&mut reader, &mut file).map_err(|e| self.io(&staging, e))?;
            // Size and hash before the file may be used.
            reader.finish()?;
            file.sync_all().map_err(|e| self.io(&staging, e))?;
            drop(file);
            std::fs::rename(&staging, db_path).map_err(|e| self.io(db_path, e))?;
            sync_dir(&self.dir);
            FileStamp::of(db_path).map_err(|e| self.io(db_path, e))
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&staging);
        }
        written
    }

    /// Checks the schema of the database just written at `db_path` in full, and writes beside it the copy
    /// of its trees of places and its 1:10m borders parsed and packed, so later starts map them instead of
    /// reading or parsing them. Returns their stamps and the schema's digest.
    fn write_copies(
        &self,
        db_path: &Path,
        verified: &VerifiedBundle,
        limits: &Limits,
    ) -> Result<(FileStamp, FileStamp, String), StoreError> {
        let store = ContentStore::open_file(
            db_path,
            None,
            SchemaCheck::Full,
            verified.manifest.clone(),
            signer_name(verified),
            verified.file_sha256.clone(),
            limits,
        )?;
        let trees = trees_path(db_path);
        write_atomically(&trees, &store.tree_bytes()?).map_err(|e| self.io(&trees, e))?;
        let shapes: Vec<_> = store
            .borders("10m")? // the scale "which country" is answered from
            .into_iter()
            .filter_map(|(code, geometry)| {
                crate::spatial::geometry_to_multipolygon(&geometry).map(|shape| (code, shape))
            })
            .collect();
        let borders = borders_path(db_path);
        write_atomically(&borders, &crate::spatial::borders::pack(&shapes)?)
            .map_err(|e| self.io(&borders, e))?;
        sync_dir(&self.dir);
        Ok((
            FileStamp::of(&trees).map_err(|e| self.io(&trees, e))?,
            FileStamp::of(&borders).map_err(|e| self.io(&borders, e))?,
            store.schema_digest()?,
        ))
    }

    /// Removes the databases no record names, and records whose bundle file is gone (`bundle_paths` lists
    /// the bundle files that may still exist). Run under the install lock.
    pub fn prune(&self, bundle_paths: &[&Path]) {
        let live: Vec<PathBuf> = bundle_paths
            .iter()
            .filter(|p| p.exists())
            .map(|p| self.record_path(p))
            .chain([self.embedded_record_path()])
            .collect();
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let mut kept = Vec::new();
        for path in entries.flatten().map(|e| e.path()) {
            if path.extension().is_some_and(|x| x == "json") {
                match (live.contains(&path), self.read_record(&path)) {
                    (true, Some(record)) => kept.push(record.db_file),
                    _ => {
                        let _ = std::fs::remove_file(&path);
                    }
                }
            }
        }
        for path in std::fs::read_dir(&self.dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
        {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let stem = name
                .strip_suffix(".trees")
                .or_else(|| name.strip_suffix(".borders"));
            let db_name = match stem {
                Some(stem) => format!("{stem}.sqlite"),
                None => name.to_string(),
            };
            let shelved = name.ends_with(".sqlite") || stem.is_some();
            if shelved && !kept.contains(&db_name) {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}

/// The head of a bundle file (header, manifest, signature), read without the payload.
pub fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut file = File::open(path)?;
    let mut head = vec![0u8; 16];
    file.read_exact(&mut head)?;
    let len = format::head_len(&head).map_err(std::io::Error::other)?;
    head.resize(len, 0);
    file.read_exact(&mut head[16..])?;
    Ok(head)
}

fn staging_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.partial", std::process::id()));
    path.with_file_name(name)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let staging = staging_path(path);
    let written = (|| {
        let mut file = File::create(&staging)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&staging, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&staging);
    }
    written
}

fn sync_dir(dir: &Path) {
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LatLon;

    const MINI: &[u8] = include_bytes!("../../tests/data/mini.paso");

    fn dev_keys() -> TrustedKeys {
        crate::bundle::keys::dev_trusted()
    }

    /// The fixture bundle as `current.paso` in a fresh folder, and an empty shelf beside it (the folder
    /// lives as long as the first value).
    fn mini_on_a_shelf() -> (TempDir, PathBuf, Shelf) {
        let dir = tempdir();
        let bundle = dir.join("current.paso");
        std::fs::write(&bundle, MINI).unwrap();
        let shelf = Shelf::new(dir.join("db"));
        (dir, bundle, shelf)
    }

    /// The shelf's one file with this extension (`sqlite`, `trees`, `borders`).
    fn shelved_file(shelf: &Shelf, extension: &str) -> PathBuf {
        std::fs::read_dir(shelf.dir())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == extension))
            .unwrap_or_else(|| panic!("the shelf keeps a .{extension} file"))
    }

    fn places(store: &ContentStore) -> usize {
        store.briefs().expect("briefs").len()
    }

    #[test]
    fn the_second_open_is_cheap_and_answers_the_same() {
        let (_dir, bundle, shelf) = mini_on_a_shelf();
        let limits = Limits::default();
        let (first, how) = shelf.open_file(&bundle, &dev_keys(), &limits).unwrap();
        assert_eq!(how, Opened::Full);
        let (second, how) = shelf.open_file(&bundle, &dev_keys(), &limits).unwrap();
        assert_eq!(how, Opened::Cheap);
        assert_eq!(places(&first), places(&second));
        assert!(places(&second) > 0);
        assert_eq!(first.file_sha256(), second.file_sha256());
        assert_eq!(first.manifest(), second.manifest());
    }

    #[test]
    fn a_changed_database_file_is_checked_again_and_rewritten() {
        let (_dir, bundle, shelf) = mini_on_a_shelf();
        let limits = Limits::default();
        let (store, _) = shelf.open_file(&bundle, &dev_keys(), &limits).unwrap();
        let expected = places(&store);
        drop(store);
        let db = shelved_file(&shelf, "sqlite");
        // Corrupt the middle of the database: a restored backup or a bad card.
        let mut bytes = std::fs::read(&db).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle..middle + 4096].fill(0xA5);
        std::fs::write(&db, &bytes).unwrap();
        // Timestamps are coarse: make sure this write does not share the first one's.
        File::options()
            .write(true)
            .open(&db)
            .unwrap()
            .set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000))
            .unwrap();
        let (store, how) = shelf.open_file(&bundle, &dev_keys(), &limits).unwrap();
        assert_eq!(how, Opened::Full);
        assert_eq!(places(&store), expected);
        assert_eq!(std::fs::read(&db).unwrap().len(), bytes.len());
        assert_ne!(std::fs::read(&db).unwrap(), bytes);
    }

    #[test]
    fn a_tampered_bundle_is_refused_even_with_its_database_on_the_shelf() {
        let (_dir, bundle, shelf) = mini_on_a_shelf();
        let limits = Limits::default();
        shelf.open_file(&bundle, &dev_keys(), &limits).unwrap();
        let mut bytes = MINI.to_vec();
        let last = bytes.len() - 10;
        bytes[last] ^= 0xFF;
        std::fs::write(&bundle, &bytes).unwrap();
        assert!(shelf.open_file(&bundle, &dev_keys(), &limits).is_err());
    }

    #[test]
    fn an_untrusted_signer_is_refused_on_the_cheap_path_too() {
        let (_dir, bundle, shelf) = mini_on_a_shelf();
        let limits = Limits::default();
        shelf.open_file(&bundle, &dev_keys(), &limits).unwrap();
        assert!(shelf
            .open_file(&bundle, &TrustedKeys::default(), &limits)
            .is_err());
    }

    #[test]
    fn a_changed_trees_file_is_checked_again_and_near_still_answers() {
        let (_dir, bundle, shelf) = mini_on_a_shelf();
        let limits = Limits::default();
        let origin = LatLon::new(14.9, -92.26);
        let near = |store: &ContentStore| store.nearest(origin, 5, None, &[], None).unwrap();
        let (store, _) = shelf.open_file(&bundle, &dev_keys(), &limits).unwrap();
        let expected = near(&store);
        assert!(!expected.is_empty());
        drop(store);
        let trees = shelved_file(&shelf, "trees");
        let good = std::fs::read(&trees).unwrap();
        std::fs::write(&trees, &good[..good.len() / 2]).unwrap();
        let (store, how) = shelf.open_file(&bundle, &dev_keys(), &limits).unwrap();
        assert_eq!(how, Opened::Full, "a cut trees file fails the cheap check");
        assert_eq!(near(&store), expected);
        assert_eq!(std::fs::read(&trees).unwrap(), good, "and is written again");
        // Damaged behind the check's back (same stamps): the structure check refuses the map, and the
        // database's own copy answers.
        drop(store);
        let mut bytes = good.clone();
        let end = bytes.len();
        bytes[end - 64..].fill(0xFF);
        let stamp = FileStamp::of(&trees).unwrap();
        std::fs::write(&trees, &bytes).unwrap();
        File::options()
            .write(true)
            .open(&trees)
            .unwrap()
            .set_modified(
                std::time::UNIX_EPOCH + std::time::Duration::from_nanos(stamp.modified_ns as u64),
            )
            .unwrap();
        assert!(map_trees(&trees).is_err());
        let (store, _) = shelf.open_file(&bundle, &dev_keys(), &limits).unwrap();
        assert_eq!(near(&store), expected);
    }

    #[test]
    fn a_changed_borders_file_is_checked_again_and_a_recorded_schema_must_match() {
        let (_dir, bundle, shelf) = mini_on_a_shelf();
        let limits = Limits::default();
        let (store, _) = shelf.open_file(&bundle, &dev_keys(), &limits).unwrap();
        assert!(
            store.packed_borders().is_some(),
            "the shelf packs the borders"
        );
        drop(store);
        let borders = shelved_file(&shelf, "borders");
        let good = std::fs::read(&borders).unwrap();
        std::fs::write(&borders, &good[..good.len() / 2]).unwrap();
        let (store, how) = shelf.open_file(&bundle, &dev_keys(), &limits).unwrap();
        assert_eq!(
            how,
            Opened::Full,
            "a cut borders file fails the cheap check"
        );
        assert_eq!(
            std::fs::read(&borders).unwrap(),
            good,
            "and is written again"
        );
        drop(store);
        // A record whose schema digest is not the database's: refused on the cheap path, checked in full.
        let record_path = shelf.record_path(&bundle);
        let mut record = shelf.read_record(&record_path).unwrap();
        record.schema_sha256 = "0".repeat(64);
        std::fs::write(&record_path, serde_json::to_vec(&record).unwrap()).unwrap();
        let (_, how) = shelf.open_file(&bundle, &dev_keys(), &limits).unwrap();
        assert_eq!(how, Opened::Full);
        let (_, how) = shelf.open_file(&bundle, &dev_keys(), &limits).unwrap();
        assert_eq!(how, Opened::Cheap);
    }

    #[test]
    fn prune_keeps_what_a_live_record_names() {
        let (_dir, bundle, shelf) = mini_on_a_shelf();
        shelf
            .open_file(&bundle, &dev_keys(), &Limits::default())
            .unwrap();
        std::fs::write(shelf.dir().join("stale.sqlite"), b"old").unwrap();
        std::fs::write(shelf.dir().join("stale.trees"), b"old").unwrap();
        std::fs::write(shelf.dir().join("stale.borders"), b"old").unwrap();
        shelf.prune(&[&bundle]);
        let names: Vec<String> = std::fs::read_dir(shelf.dir())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(!names.contains(&"stale.sqlite".to_string()), "{names:?}");
        assert!(!names.contains(&"stale.trees".to_string()), "{names:?}");
        assert!(!names.contains(&"stale.borders".to_string()), "{names:?}");
        assert_eq!(names.iter().filter(|n| n.ends_with(".borders")).count(), 1);
        assert_eq!(names.iter().filter(|n| n.ends_with(".sqlite")).count(), 1);
        assert_eq!(names.iter().filter(|n| n.ends_with(".trees")).count(), 1);
        let (_, how) = shelf
            .open_file(&bundle, &dev_keys(), &Limits::default())
            .unwrap();
        assert_eq!(how, Opened::Cheap);
    }

    /// A fresh folder, removed when the test ends.
    fn tempdir() -> TempDir {
        TempDir(tempfile::tempdir().expect("a temporary folder"))
    }

    struct TempDir(tempfile::TempDir);

    impl std::ops::Deref for TempDir {
        type Target = Path;
        fn deref(&self) -> &Path {
            self.0.path()
        }
    }
}
