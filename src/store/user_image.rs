//! The user database as one image of bytes, for a platform where the app has no file it may write (the web
//! build, whose SQLite runs in memory on the page's main thread): opened from the last image, and handed to a
//! [`Saver`] after every change, so what the browser stores is always the whole database as it is now.
//!
//! The same [`UserStore`] code runs on it (settings, saved places, outbox, clear, seal); only where the bytes
//! rest differs. An image that is not a user database fails like a damaged file does on desktop.

use super::{StoreError, UserStore};
use rusqlite::backup::Backup;
use rusqlite::{Connection, MAIN_DB};

/// Receives the whole database after a change; an `Err` (e.g. storage full) is logged and the next change
/// tries again.
pub type Saver = Box<dyn Fn(&[u8]) -> Result<(), String>>;

impl UserStore {
    /// Opens a user database from an image [`UserStore::image`] made (upgrading it as a file would be);
    /// empty bytes give a new database. It lives in memory; [`UserStore::save_with`] keeps it.
    pub fn from_image(bytes: &[u8]) -> Result<Self, StoreError> {
        let mut conn = Connection::open_in_memory()?;
        if !bytes.is_empty() {
            conn.deserialize_read_exact(MAIN_DB, bytes, bytes.len(), false)?;
        }
        Self::setup(conn, None)
    }

    /// The whole database as bytes (an SQLite file image): copied by SQLite's backup into a fresh memory
    /// database, then serialized, so the live connection is never changed.
    pub fn image(&self) -> Result<Vec<u8>, StoreError> {
        let mut copy = Connection::open_in_memory()?;
        {
            let backup = Backup::new(&self.conn, &mut copy)?;
            // Every page in one step (the database is small; nothing else writes it meanwhile).
            backup.run_to_completion(i32::MAX, std::time::Duration::ZERO, None)?;
        }
        let data = copy.serialize(MAIN_DB)?;
        Ok(data.to_vec())
    }

    /// From now on, hands [`UserStore::image`] to `saver` after every change.
    pub fn save_with(&mut self, saver: Saver) {
        self.saver = Some(saver);
    }

    /// Called at the end of every write: when there is a saver and rows changed since it last ran (or
    /// `always`, for a clear), it gets the new image.
    pub(super) fn after_write(&self, always: bool) {
        let Some(saver) = &self.saver else { return };
        let changes = self.conn.total_changes();
        if !always && changes == self.saved_changes.get() {
            return;
        }
        match self
            .image()
            .map_err(|e| e.to_string())
            .and_then(|b| saver(&b))
        {
            Ok(()) => self.saved_changes.set(changes),
            Err(error) => log::warn!("the user data could not be saved ({error}); kept in memory"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::user::ReportKind;
    use std::cell::RefCell;
    use std::rc::Rc;

    #[test]
    fn every_change_is_saved_and_an_image_reopens_as_it_was() {
        let stored = Rc::new(RefCell::new(Vec::<u8>::new()));
        let mut user = UserStore::from_image(&[]).unwrap();
        let sink = stored.clone();
        user.save_with(Box::new(move |bytes| {
            *sink.borrow_mut() = bytes.to_vec();
            Ok(())
        }));
        user.set_setting("language", Some("fr")).unwrap();
        user.save_place("p1").unwrap();
        user.add_report("p1", ReportKind::Closed, "fermé", 3)
            .unwrap();
        let again = UserStore::from_image(&stored.borrow()).unwrap();
        assert_eq!(again.setting("language").unwrap().as_deref(), Some("fr"));
        assert_eq!(again.saved_places().unwrap(), vec!["p1".to_string()]);
        assert_eq!(again.reports().unwrap().len(), 1);
        assert_eq!(again.reports().unwrap()[0].note, "fermé");

        user.clear_all().unwrap();
        let cleared = UserStore::from_image(&stored.borrow()).unwrap();
        assert_eq!(cleared.setting("language").unwrap(), None);
        assert!(cleared.saved_places().unwrap().is_empty());
        assert!(cleared.reports().unwrap().is_empty());
    }

    #[test]
    fn an_image_that_is_not_a_database_is_refused() {
        assert!(UserStore::from_image(b"not a database at all, just text......").is_err());
    }
}
