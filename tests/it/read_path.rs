//! The read path: a bundle is verified in full once (at install), its database kept on the shelf
//! (`DATA_DIR/bundles/db/`), and every later start opens that file in place after the cheap check. A changed
//! database is verified and written again; a changed bundle is refused exactly as before.

use crate::update_support::*;
use paso::catalog::{Catalog, NearQuery};
use paso::model::LatLon;
use paso::store::shelf::{Opened, Shelf};
use paso::store::Limits;
use paso::update::{self, Slot};
use std::path::{Path, PathBuf};

fn shelf_of(data: &DataDir) -> Shelf {
    Shelf::new(data.path().join("bundles/db"))
}

fn shelved_databases(data: &DataDir) -> Vec<PathBuf> {
    std::fs::read_dir(data.path().join("bundles/db"))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "sqlite"))
                .collect()
        })
        .unwrap_or_default()
}

fn answers(catalog: &Catalog) -> Vec<(String, u64)> {
    let mut query = NearQuery::around(LatLon::new(9.93, -84.08));
    query.limit = 15;
    catalog
        .near(&query)
        .into_iter()
        .map(|n| (n.place.id.0, n.distance_m.round() as u64))
        .collect()
}

/// Marks a file as changed the way a restore or a bad write would (timestamps are coarse).
fn touch_far_back(path: &Path) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000))
        .unwrap();
}

#[test]
fn an_install_shelves_the_database_and_the_next_start_only_runs_the_cheap_check() {
    let data = DataDir::with(2);
    assert_eq!(
        shelved_databases(&data).len(),
        1,
        "the install shelved one database"
    );
    let (catalog, how) = Catalog::open_shelved(
        &shelf_of(&data),
        &data.current(),
        &trusted(),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(
        how,
        Opened::Cheap,
        "the start after an install verified again"
    );
    let in_memory = Catalog::open(&std::fs::read(data.current()).unwrap(), &trusted()).unwrap();
    assert!(!answers(&catalog).is_empty());
    assert_eq!(answers(&catalog), answers(&in_memory));
    assert_eq!(data.active(), (v(2), Slot::Current));
}

#[test]
fn a_damaged_shelved_database_is_checked_again_and_the_bundle_still_opens() {
    let data = DataDir::with(2);
    let expected = answers(&update::open_active(data.path(), &trusted()).unwrap().0);
    let db = shelved_databases(&data).pop().unwrap();
    let mut bytes = std::fs::read(&db).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle..middle + 8192].fill(0);
    std::fs::write(&db, &bytes).unwrap();
    touch_far_back(&db);
    let (catalog, source) = update::open_active(data.path(), &trusted()).unwrap();
    assert_eq!(source.slot, Slot::Current, "{source:?}");
    assert_eq!(answers(&catalog), expected);
    assert_ne!(
        std::fs::read(&db).unwrap(),
        bytes,
        "the damaged copy is still there"
    );
    let (_, how) = Catalog::open_shelved(
        &shelf_of(&data),
        &data.current(),
        &trusted(),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(how, Opened::Cheap, "the rewritten database is recorded");
}

#[test]
fn a_tampered_bundle_is_refused_although_its_database_is_on_the_shelf() {
    let data = DataDir::with(2);
    data.install_bytes(&bundle(3)).unwrap();
    let mut bytes = std::fs::read(data.current()).unwrap();
    let last = bytes.len() - 100;
    bytes[last] ^= 0x55;
    std::fs::write(data.current(), &bytes).unwrap();
    touch_far_back(&data.current());
    let (catalog, source) = update::open_active(data.path(), &trusted()).unwrap();
    assert_eq!(source.slot, Slot::Previous, "{source:?}");
    assert_eq!(source.skipped[0].slot, Slot::Current);
    assert_eq!(catalog.manifest().version, v(2));
}

#[test]
fn installs_leave_only_the_databases_of_the_bundles_that_may_open() {
    let data = DataDir::with(2);
    data.install_bytes(&bundle(3)).unwrap();
    data.install_bytes(&bundle_with(4, Edit::FakePhone))
        .unwrap();
    let shelved = shelved_databases(&data);
    assert!(
        !shelved.is_empty() && shelved.len() <= 2,
        "{} databases shelved for current and previous: {shelved:?}",
        shelved.len()
    );
    assert_eq!(data.active(), (v(4), Slot::Current));
}
