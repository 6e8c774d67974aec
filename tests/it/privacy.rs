//! Privacy on the phone: what the person cleared is not readable in any file of the user database after the
//! app is killed (the database, `-wal`, `-journal`), quick exit leaves nothing of the session beside it, and
//! report exports never overwrite each other.

use paso::store::user::{ReportKind, ReportState};
use paso::store::UserStore;
use std::path::Path;

/// TEST-ONLY values, distinctive enough that finding their bytes means they leaked.
const NATIONALITY: &str = "TEST-ONLY-NATIONALITY-XQ";
const NOTE: &str = "TEST-ONLY-REPORT-NOTE-7f3a";
const PLACE: &str = "test-only-saved-place-91c2";

/// Every file of the user database in `dir` (the database and anything SQLite keeps beside it).
fn database_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("user.sqlite")
        })
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn files_holding(dir: &Path, needle: &str) -> Vec<String> {
    database_files(dir)
        .into_iter()
        .filter(|(_, bytes)| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
        .map(|(name, _)| name)
        .collect()
}

/// Simulates the app being killed: the connection is never closed, so SQLite gets no chance to tidy up.
fn kill(store: UserStore) {
    std::mem::forget(store);
}

#[test]
fn a_cleared_nationality_is_in_no_file_after_a_kill() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.sqlite");
    let store = UserStore::open(&path).unwrap();
    store.set_setting("nationality", Some(NATIONALITY)).unwrap();
    assert_eq!(
        files_holding(dir.path(), NATIONALITY),
        vec!["user.sqlite"],
        "the test finds the value while it is set"
    );
    store.set_setting("nationality", None).unwrap();
    kill(store);
    assert!(
        files_holding(dir.path(), NATIONALITY).is_empty(),
        "the cleared value is readable in {:?}",
        files_holding(dir.path(), NATIONALITY)
    );
    assert_eq!(
        UserStore::open(&path)
            .unwrap()
            .setting("nationality")
            .unwrap(),
        None
    );
}

#[test]
fn a_changed_nationality_leaves_no_trace_of_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = UserStore::open(&dir.path().join("user.sqlite")).unwrap();
    store.set_setting("nationality", Some(NATIONALITY)).unwrap();
    store.set_setting("nationality", Some("VE")).unwrap();
    kill(store);
    assert!(files_holding(dir.path(), NATIONALITY).is_empty());
}

#[test]
fn a_database_left_in_wal_mode_by_an_older_app_is_scrubbed_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.sqlite");
    {
        // What the previous app version did: WAL mode, a nationality set then cleared, then killed.
        drop(UserStore::open(&path).unwrap());
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA secure_delete = ON; PRAGMA journal_mode = WAL;")
            .unwrap();
        conn.execute(
            "INSERT INTO settings VALUES ('nationality', ?1)",
            [NATIONALITY],
        )
        .unwrap();
        conn.execute("DELETE FROM settings", []).unwrap();
        std::mem::forget(conn);
    }
    assert_eq!(
        files_holding(dir.path(), NATIONALITY),
        vec!["user.sqlite-wal"],
        "the old app's leak is reproduced"
    );
    // The files as the killed process left them (its locks die with it), opened by the new app.
    let after = tempfile::tempdir().unwrap();
    for (name, bytes) in database_files(dir.path()) {
        std::fs::write(after.path().join(name), bytes).unwrap();
    }
    let store = UserStore::open(&after.path().join("user.sqlite")).unwrap();
    kill(store);
    assert!(
        files_holding(after.path(), NATIONALITY).is_empty(),
        "still readable in {:?}",
        files_holding(after.path(), NATIONALITY)
    );
}

#[test]
fn quick_exit_and_clear_all_leave_nothing_of_the_session_beside_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.sqlite");
    let store = UserStore::open(&path).unwrap();
    // A session: a place saved then unsaved, a report written then the data cleared.
    store.save_place(PLACE).unwrap();
    store.unsave_place(PLACE).unwrap();
    store
        .add_report("wd:Q1", ReportKind::Other, NOTE, 1)
        .unwrap();
    store.set_setting("nationality", Some(NATIONALITY)).unwrap();
    // What the quick-exit button calls.
    store.seal().unwrap();
    assert!(files_holding(dir.path(), PLACE).is_empty());
    let names: Vec<String> = database_files(dir.path())
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, vec!["user.sqlite"], "no journal or log is left");
    store.clear_all().unwrap();
    kill(store);
    for value in [NATIONALITY, NOTE, PLACE] {
        assert!(
            files_holding(dir.path(), value).is_empty(),
            "{value} is readable after clearing"
        );
    }
}

#[test]
fn two_exports_on_the_same_day_keep_both_files_and_every_report() {
    let dir = tempfile::tempdir().unwrap();
    let store = UserStore::open(&dir.path().join("user.sqlite")).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let first_note = "TEST-ONLY first export";
    let second_note = "TEST-ONLY second export";
    store
        .add_report("wd:Q1", ReportKind::Closed, first_note, 1)
        .unwrap();
    let first = store.export_reports(dir.path(), day).unwrap();
    store
        .add_report("wd:Q2", ReportKind::Moved, second_note, 1)
        .unwrap();
    let second = store.export_reports(dir.path(), day).unwrap();
    assert_ne!(
        first.path, second.path,
        "the second export overwrote the first"
    );
    assert_eq!((first.count, second.count), (1, 1));
    let first_text = std::fs::read_to_string(&first.path).unwrap();
    let second_text = std::fs::read_to_string(&second.path).unwrap();
    assert!(first_text.contains(first_note) && !first_text.contains(second_note));
    assert!(second_text.contains(second_note) && !second_text.contains(first_note));
    assert!(store
        .reports()
        .unwrap()
        .iter()
        .all(|r| r.state == ReportState::Exported));
    // A file that already has the next name is never touched either.
    let third_name = dir.path().join("paso-reports-2026-03-02-3.jsonl");
    std::fs::write(&third_name, "someone else's file\n").unwrap();
    store
        .add_report("wd:Q3", ReportKind::Other, "TEST-ONLY third", 1)
        .unwrap();
    let third = store.export_reports(dir.path(), day).unwrap();
    assert_eq!(
        third.path,
        dir.path().join("paso-reports-2026-03-02-4.jsonl")
    );
    assert_eq!(
        std::fs::read_to_string(&third_name).unwrap(),
        "someone else's file\n"
    );
}

#[test]
fn an_export_that_cannot_be_written_marks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = UserStore::open(&dir.path().join("user.sqlite")).unwrap();
    store
        .add_report("wd:Q1", ReportKind::Closed, "x", 1)
        .unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    assert!(store
        .export_reports(&dir.path().join("missing-folder"), day)
        .is_err());
    assert_eq!(store.reports().unwrap()[0].state, ReportState::Queued);
}
