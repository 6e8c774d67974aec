//! The app's shared state, handed to screens through Dioxus context: the opened data ([`Services`]), the
//! person's stored preferences ([`Prefs`]), and the in-memory session that quick exit forgets ([`Session`]).
//! The data itself can be replaced while the app runs (after an update): see [`Data`].

use super::map::{prepare_shapes, MapShapes};
use crate::catalog::{BorderScale, Catalog};
use crate::i18n::Localizer;
use crate::model::{CountryCode, LatLon};
use crate::store::{StoreError, UserStore};
use crate::update::{ActiveSource, UpdateError};
use dioxus::prelude::*;
use std::cell::OnceCell;
use std::path::PathBuf;
use std::rc::Rc;

/// Why the data could not be opened, in words the person can read (see [`DataProblem::message_key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataProblem {
    /// No bundle file.
    Missing,
    /// The bundle is damaged or was altered.
    Damaged,
    /// Signed by someone this app does not trust.
    Untrusted,
    /// The bundle needs a newer app.
    TooNew,
    /// The person's own database cannot be opened.
    UserData,
    /// Anything else.
    Other,
}

impl DataProblem {
    /// Classifies a bundle opening error.
    pub fn of_bundle(error: &StoreError) -> Self {
        use crate::bundle::BundleError as B;
        match error {
            StoreError::Bundle(B::Io { source, .. }) | StoreError::Io { source, .. }
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                DataProblem::Missing
            }
            StoreError::Bundle(
                B::UntrustedPublisher { .. }
                | B::NoTrustedPublisher
                | B::RevokedPublisher { .. }
                | B::RootRefused(_)
                | B::RootExpired { .. }
                | B::Key(_),
            ) => DataProblem::Untrusted,
            StoreError::Bundle(B::AppTooOld { .. } | B::UnsupportedFormat(_))
            | StoreError::UnsupportedSchema { .. } => DataProblem::TooNew,
            StoreError::Bundle(
                B::NotABundle
                | B::Truncated
                | B::ManifestInvalid(_)
                | B::BadSignature
                | B::ContentSizeMismatch { .. }
                | B::ContentHashMismatch
                | B::Decompress(_)
                | B::TooLarge { .. },
            )
            | StoreError::Corrupt(_) => DataProblem::Damaged,
            _ => DataProblem::Other,
        }
    }

    /// Classifies an error of [`crate::update::open_active`] (which only fails when even the embedded
    /// bundle cannot be opened), by its variant.
    pub fn of_update(error: &UpdateError) -> Self {
        match error {
            UpdateError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                DataProblem::Missing
            }
            _ => super::errors::Refusal::of(error).data_problem(),
        }
    }

    /// The Fluent key of the message shown for this problem (see [`super::errors::UiError::message_key`]).
    pub fn message_key(&self) -> &'static str {
        super::errors::UiError::Data(*self).message_key()
    }
}

/// Where the app starts: from the command line (`--at`, `--lang`, `--screen`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Start {
    /// The starting position for Near me (as a phone's location would be).
    pub at: Option<LatLon>,
    /// The language to show, overriding the stored one.
    pub lang: Option<String>,
    /// The screen to open first (a route path such as `/place/wd:Q1`).
    pub route: Option<String>,
}

/// Everything the app opened before showing anything.
#[derive(Clone)]
pub struct Boot {
    /// The verified content, or why it could not be opened.
    pub catalog: Result<Rc<Catalog>, DataProblem>,
    /// The person's own database (in memory when the file could not be opened).
    pub user: Rc<UserStore>,
    /// Set when the user database file could not be opened and an in-memory one is used instead.
    pub user_problem: Option<DataProblem>,
    /// Which bundle file was opened and which were passed over ([`crate::update::open_active`]); `None` when
    /// the data was opened without a data directory (the embedded bundle, or a test's own).
    pub source: Option<ActiveSource>,
    /// The data directory: the user database, exported reports and `bundles/` (installed updates) live
    /// there; `None` keeps everything off disk and turns updates off.
    pub data_dir: Option<PathBuf>,
    /// The keys updates are checked with: the built-in ones and any `--trust` key.
    pub trusted: crate::bundle::TrustedKeys,
    /// The report server "Send now" posts to (the build's own, [`crate::wire::BUILT_IN_REPORT_SERVER`]);
    /// `None`: reports leave only by export.
    pub report_server: Option<String>,
    /// How to start.
    pub start: Start,
}

impl PartialEq for Boot {
    fn eq(&self, other: &Self) -> bool {
        let same_catalog = match (&self.catalog, &other.catalog) {
            (Ok(a), Ok(b)) => Rc::ptr_eq(a, b),
            (Err(a), Err(b)) => a == b,
            _ => false,
        };
        same_catalog
            && Rc::ptr_eq(&self.user, &other.user)
            && self.user_problem == other.user_problem
            && self.source == other.source
            && self.data_dir == other.data_dir
            && self.trusted == other.trusted
            && self.report_server == other.report_server
            && self.start == other.start
    }
}

/// The data the app shows now. It starts as [`Boot`] opened it and is replaced, with a new `generation`,
/// when an update is installed; every screen below the app then re-reads it.
#[derive(Clone)]
pub struct Data {
    /// The verified content, or why it could not be opened.
    pub catalog: Result<Rc<Catalog>, DataProblem>,
    /// Which bundle file it came from (see [`Boot::source`]).
    pub source: Option<ActiveSource>,
    /// Counts replacements: 0 at start.
    pub generation: u32,
}

/// The opened data, for screens.
#[derive(Clone)]
pub struct Services {
    /// The verified content.
    pub catalog: Rc<Catalog>,
    /// The person's own database.
    pub user: Rc<UserStore>,
    /// Where exports are written.
    pub data_dir: Option<PathBuf>,
    /// The report server "Send now" posts to ([`Boot::report_server`]); `None` when there is none.
    pub report_server: Option<String>,
    shapes: Rc<OnceCell<MapShapes>>,
}

impl Services {
    /// Wraps opened data.
    pub fn new(catalog: Rc<Catalog>, user: Rc<UserStore>, data_dir: Option<PathBuf>) -> Self {
        Self {
            catalog,
            user,
            data_dir,
            report_server: None,
            shapes: Rc::new(OnceCell::new()),
        }
    }

    /// The map's country shapes, prepared the first time the map is opened.
    pub fn shapes(&self) -> MapShapes {
        self.shapes
            .get_or_init(|| {
                prepare_shapes(
                    &self
                        .catalog
                        .borders(BorderScale::Medium)
                        .unwrap_or_default(),
                )
            })
            .clone()
    }

    /// The version of the bundle, recorded with each report.
    pub fn bundle_version(&self) -> u64 {
        self.catalog.manifest().version
    }
}

/// The setting key of the chosen language.
pub const SETTING_LANGUAGE: &str = "language";
/// The setting key of the person's nationality (ISO code).
pub const SETTING_NATIONALITY: &str = "nationality";

/// Stored preferences and the app-wide switches.
#[derive(Clone, Copy)]
pub struct Prefs {
    /// The language shown.
    pub lang: Signal<&'static str>,
    /// The person's nationality, if they gave it.
    pub nationality: Signal<Option<CountryCode>>,
    /// True while the quick-exit neutral screen is shown.
    pub exited: Signal<bool>,
    /// Counts sessions; a new session starts after quick exit or clearing data.
    pub session: Signal<u32>,
    /// True once the person cleared all their data in this run.
    pub cleared: Signal<bool>,
}

/// The chosen "my place" for Near me. It lives in memory only.
#[derive(Debug, Clone, PartialEq)]
pub struct Here {
    /// Where.
    pub position: LatLon,
    /// What to call it: a town name, or the coordinates.
    pub label: String,
}

/// The session: what quick exit forgets (and the navigation history, owned by the router).
#[derive(Clone, Copy)]
pub struct Session {
    /// "My place".
    pub here: Signal<Option<Here>>,
    /// The search box text.
    pub search: Signal<String>,
    /// Near me filters.
    pub filters: Signal<super::present::NearFilters>,
}

/// The localizer for the chosen language; reading it re-renders the caller when the language changes.
pub fn use_tr() -> Localizer {
    let memo = use_context::<Memo<Localizer>>();
    let tr = memo.read().clone();
    tr
}

/// Leaves at once for the neutral screen; the session (my place, search, filters, history) is dropped with
/// it, and the user database is sealed so no journal beside it holds anything of the session
/// ([`crate::store::UserStore::seal`]).
pub fn quick_exit(mut prefs: Prefs, user: &crate::store::UserStore) {
    prefs.exited.set(true);
    let _ = user.seal();
}

/// Switches the language now and remembers it on the device.
pub fn set_language(mut prefs: Prefs, services: &Services, code: &str) {
    let code = crate::i18n::negotiate(&[code]);
    prefs.lang.set(code);
    // Failing to store it only means asking again next time.
    let _ = services.user.set_setting(SETTING_LANGUAGE, Some(code));
}
