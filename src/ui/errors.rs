//! What can go wrong in the app, typed: the data cannot be opened, an update is refused (one reason per
//! [`UpdateError`] variant), the person's own storage fails, a screen's question to the catalog fails, or a
//! component fails unexpectedly (caught by the root `ErrorBoundary`). [`UiError::message_key`] is the one
//! place that maps each to its Fluent message; no screen classifies an error by its text, and no internal
//! error text is shown (the "copy details for support" button holds it, off the page).

use crate::i18n::Localizer;
use crate::update::UpdateError;
use dioxus::prelude::*;

pub use super::state::DataProblem;

/// Why an update was refused or failed, one per [`UpdateError`] variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Refusal {
    Empty,
    NotPasoData,
    Incomplete,
    Tampered,
    Untrusted,
    NoTrustedPublisher,
    Revoked,
    RootRefused,
    RootExpired,
    VersionJump,
    Older,
    VersionConflict,
    WrongBundle,
    AppTooOld,
    Unsupported,
    WrongBase,
    DeltaFailed,
    TooLarge,
    Stale,
    BadIndex,
    Network,
    Io,
    Busy,
    NotAsInstalled,
}

impl Refusal {
    /// Every reason.
    pub const ALL: [Refusal; 24] = [
        Refusal::Empty,
        Refusal::NotPasoData,
        Refusal::Incomplete,
        Refusal::Tampered,
        Refusal::Untrusted,
        Refusal::NoTrustedPublisher,
        Refusal::Revoked,
        Refusal::RootRefused,
        Refusal::RootExpired,
        Refusal::VersionJump,
        Refusal::Older,
        Refusal::VersionConflict,
        Refusal::WrongBundle,
        Refusal::AppTooOld,
        Refusal::Unsupported,
        Refusal::WrongBase,
        Refusal::DeltaFailed,
        Refusal::TooLarge,
        Refusal::Stale,
        Refusal::BadIndex,
        Refusal::Network,
        Refusal::Io,
        Refusal::Busy,
        Refusal::NotAsInstalled,
    ];

    /// The reason of an update error, by its variant.
    pub fn of(error: &UpdateError) -> Self {
        match error {
            UpdateError::Empty => Refusal::Empty,
            UpdateError::NotPasoData => Refusal::NotPasoData,
            UpdateError::Incomplete => Refusal::Incomplete,
            UpdateError::Tampered(_) => Refusal::Tampered,
            UpdateError::Untrusted { .. } => Refusal::Untrusted,
            UpdateError::NoTrustedPublisher => Refusal::NoTrustedPublisher,
            UpdateError::Revoked { .. } => Refusal::Revoked,
            UpdateError::RootRefused(_) => Refusal::RootRefused,
            UpdateError::RootExpired { .. } => Refusal::RootExpired,
            UpdateError::VersionJump { .. } => Refusal::VersionJump,
            UpdateError::Older { .. } => Refusal::Older,
            UpdateError::VersionConflict { .. } => Refusal::VersionConflict,
            UpdateError::WrongBundle { .. } => Refusal::WrongBundle,
            UpdateError::AppTooOld { .. } => Refusal::AppTooOld,
            UpdateError::Unsupported(_) => Refusal::Unsupported,
            UpdateError::WrongBase => Refusal::WrongBase,
            UpdateError::DeltaFailed(_) => Refusal::DeltaFailed,
            UpdateError::TooLarge { .. } => Refusal::TooLarge,
            UpdateError::Stale { .. } => Refusal::Stale,
            UpdateError::BadIndex(_) => Refusal::BadIndex,
            UpdateError::Network(_) => Refusal::Network,
            UpdateError::Io { .. } => Refusal::Io,
            UpdateError::Busy => Refusal::Busy,
            UpdateError::NotAsInstalled { .. } => Refusal::NotAsInstalled,
        }
    }

    /// The stable id [`UpdateError::reason_key`] gives the same reason (the CLI's `reason` field).
    pub fn key(self) -> &'static str {
        match self {
            Refusal::Empty => "empty",
            Refusal::NotPasoData => "not-paso-data",
            Refusal::Incomplete => "incomplete",
            Refusal::Tampered => "tampered",
            Refusal::Untrusted => "untrusted",
            Refusal::NoTrustedPublisher => "no-trusted-publisher",
            Refusal::Revoked => "revoked",
            Refusal::RootRefused => "root-refused",
            Refusal::RootExpired => "root-expired",
            Refusal::VersionJump => "version-jump",
            Refusal::Older => "older",
            Refusal::VersionConflict => "version-conflict",
            Refusal::WrongBundle => "wrong-bundle",
            Refusal::AppTooOld => "app-too-old",
            Refusal::Unsupported => "unsupported",
            Refusal::WrongBase => "wrong-base",
            Refusal::DeltaFailed => "delta-failed",
            Refusal::TooLarge => "too-large",
            Refusal::Stale => "stale",
            Refusal::BadIndex => "bad-index",
            Refusal::Network => "network",
            Refusal::Io => "io",
            Refusal::Busy => "busy",
            Refusal::NotAsInstalled => "not-as-installed",
        }
    }

    /// The reason a stable id names (as [`crate::update::Skipped`] records it); `None` for ids that are no
    /// refusal (`missing`, `embedded-newer`).
    pub fn from_key(key: &str) -> Option<Self> {
        Refusal::ALL.into_iter().find(|r| r.key() == key)
    }

    /// What a bundle that cannot be opened for this reason means for the person (at start, when even the
    /// built-in data fails).
    pub fn data_problem(self) -> DataProblem {
        match self {
            Refusal::Empty | Refusal::NotPasoData | Refusal::Incomplete | Refusal::Tampered => {
                DataProblem::Damaged
            }
            Refusal::Untrusted
            | Refusal::NoTrustedPublisher
            | Refusal::Revoked
            | Refusal::RootRefused
            | Refusal::RootExpired => DataProblem::Untrusted,
            Refusal::AppTooOld | Refusal::Unsupported => DataProblem::TooNew,
            _ => DataProblem::Other,
        }
    }
}

/// The person's own storage (the user database and exported files) failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Storage {
    /// The user database could not be opened: nothing done now is kept.
    Open,
    /// A setting, a saved place or a report could not be written.
    Save,
    /// The report export file could not be written.
    Export,
    /// The outbox could not be read.
    Outbox,
    /// Clearing all data failed.
    Clear,
}

/// A question to the catalog failed on a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Content {
    /// A place could not be read.
    Place,
    /// Search failed.
    Search,
}

/// Everything the app tells a person went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UiError {
    /// The data cannot be opened.
    Data(DataProblem),
    /// An update was refused or failed; the installed data is unchanged.
    Update(Refusal),
    /// The person's own storage failed.
    Storage(Storage),
    /// Reading the content failed on a screen.
    Content(Content),
    /// A component failed (caught by the root error boundary).
    Unexpected,
}

impl UiError {
    /// Every error, for checking that each has a message in es, en and fr.
    pub fn all() -> Vec<UiError> {
        let mut all: Vec<UiError> = [
            DataProblem::Missing,
            DataProblem::Damaged,
            DataProblem::Untrusted,
            DataProblem::TooNew,
            DataProblem::UserData,
            DataProblem::Other,
        ]
        .into_iter()
        .map(UiError::Data)
        .collect();
        all.extend(Refusal::ALL.map(UiError::Update));
        all.extend(
            [
                Storage::Open,
                Storage::Save,
                Storage::Export,
                Storage::Outbox,
                Storage::Clear,
            ]
            .map(UiError::Storage),
        );
        all.extend([Content::Place, Content::Search].map(UiError::Content));
        all.push(UiError::Unexpected);
        all
    }

    /// The Fluent key of the message shown: the one mapping from errors to words.
    pub fn message_key(self) -> &'static str {
        match self {
            UiError::Data(DataProblem::Missing) => "error-bundle-missing",
            UiError::Data(DataProblem::Damaged) => "error-bundle-damaged",
            UiError::Data(DataProblem::Untrusted) => "error-bundle-untrusted",
            UiError::Data(DataProblem::TooNew) => "error-bundle-too-new",
            UiError::Data(DataProblem::UserData) | UiError::Storage(Storage::Open) => {
                "error-user-data"
            }
            UiError::Data(DataProblem::Other) => "error-bundle-other",
            UiError::Update(reason) => match reason {
                Refusal::Empty => "update-refused-empty",
                Refusal::NotPasoData => "update-refused-not-paso-data",
                Refusal::Incomplete => "update-refused-incomplete",
                Refusal::Tampered => "update-refused-tampered",
                Refusal::Untrusted => "update-refused-untrusted",
                Refusal::NoTrustedPublisher => "update-refused-no-trusted-publisher",
                Refusal::Revoked => "update-refused-revoked",
                Refusal::RootRefused => "update-refused-root-refused",
                Refusal::RootExpired => "update-refused-root-expired",
                Refusal::VersionJump => "update-refused-version-jump",
                Refusal::Older => "update-refused-older",
                Refusal::VersionConflict => "update-refused-version-conflict",
                Refusal::WrongBundle => "update-refused-wrong-bundle",
                Refusal::AppTooOld => "update-refused-app-too-old",
                Refusal::Unsupported => "update-refused-unsupported",
                Refusal::WrongBase => "update-refused-wrong-base",
                Refusal::DeltaFailed => "update-refused-delta-failed",
                Refusal::TooLarge => "update-refused-too-large",
                Refusal::Stale => "update-refused-stale",
                Refusal::BadIndex => "update-refused-bad-index",
                Refusal::Network => "update-refused-network",
                Refusal::Io => "update-refused-io",
                Refusal::Busy => "update-refused-busy",
                Refusal::NotAsInstalled => "update-refused-not-as-installed",
            },
            UiError::Storage(Storage::Save) => "error-save",
            UiError::Storage(Storage::Export) => "error-export",
            UiError::Storage(Storage::Outbox) => "error-outbox",
            UiError::Storage(Storage::Clear) => "error-clear",
            UiError::Content(Content::Place) => "error-place-load",
            UiError::Content(Content::Search) => "error-search",
            UiError::Unexpected => "error-unexpected",
        }
    }

    /// The message in the localizer's language.
    pub fn message(self, tr: &Localizer) -> String {
        tr.tr(self.message_key())
    }
}

impl From<&UpdateError> for UiError {
    fn from(error: &UpdateError) -> Self {
        UiError::Update(Refusal::of(error))
    }
}

/// "Copy details for support": the internal error text goes to the clipboard when pressed, for a field
/// worker; it is never written on the page.
#[component]
pub fn SupportDetails(tr: Localizer, detail: String) -> Element {
    let mut copied = use_signal(|| false);
    rsx! {
        button {
            class: "btn support-details",
            r#type: "button",
            "data-action": super::components::ids::action::COPY_DETAILS,
            onclick: move |_| {
                let text = serde_json::to_string(&detail).unwrap_or_default();
                let _ = document::eval(&format!("navigator.clipboard.writeText({text})"));
                copied.set(true);
            },
            if copied() {
                {tr.tr("support-details-copied")}
            } else {
                {tr.tr("support-details-copy")}
            }
        }
    }
}

/// What the root error boundary shows instead of a screen that failed: the message, a way back, and the
/// details for support (off the page).
#[component]
pub fn UnexpectedError(tr: Localizer, errors: ErrorContext) -> Element {
    let detail = errors
        .error()
        .map(|error| format!("{error:?}"))
        .unwrap_or_default();
    rsx! {
        main { class: "screen-body data-error", role: "alert",
            h1 { {tr.tr("error-title")} }
            p { class: "banner warn", {UiError::Unexpected.message(&tr)} }
            button {
                class: "btn primary",
                r#type: "button",
                onclick: move |_| errors.clear_errors(),
                {tr.tr("error-try-again")}
            }
            SupportDetails { tr: tr.clone(), detail }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::LANGUAGES;

    #[test]
    fn every_refusal_is_its_update_errors_reason_and_every_key_is_one_refusal() {
        let samples = [
            UpdateError::Empty,
            UpdateError::Tampered("x".into()),
            UpdateError::Busy,
            UpdateError::Network("x".into()),
            UpdateError::Older {
                offered: 1,
                installed: 2,
            },
        ];
        for error in &samples {
            assert_eq!(Refusal::of(error).key(), error.reason_key(), "{error}");
        }
        let keys: Vec<&str> = Refusal::ALL.iter().map(|r| r.key()).collect();
        assert_eq!(keys, UpdateError::REASON_KEYS);
        for reason in Refusal::ALL {
            assert_eq!(Refusal::from_key(reason.key()), Some(reason));
        }
        assert_eq!(Refusal::from_key("missing"), None);
        assert_eq!(Refusal::from_key("embedded-newer"), None);
    }

    #[test]
    fn every_error_has_its_own_message_in_es_en_and_fr() {
        for (lang, _) in LANGUAGES {
            let tr = Localizer::new(lang);
            for error in UiError::all() {
                assert!(
                    tr.has_own(error.message_key()),
                    "{lang}: {error:?} has no message {}",
                    error.message_key()
                );
            }
            for key in [
                "support-details-copy",
                "support-details-copied",
                "error-try-again",
            ] {
                assert!(tr.has_own(key), "{lang}: {key}");
            }
        }
        // Distinct reasons read differently.
        let en = Localizer::new("en");
        assert_ne!(
            UiError::Update(Refusal::Tampered).message(&en),
            UiError::Update(Refusal::Older).message(&en)
        );
    }

    #[component]
    fn Failing() -> Element {
        let number: u32 = "not a number".parse()?;
        rsx! { "{number}" }
    }

    #[allow(non_snake_case)]
    fn Root(lang: &'static str) -> Element {
        let tr = Localizer::new(lang);
        rsx! {
            ErrorBoundary {
                handle_error: move |errors: ErrorContext| rsx! {
                    UnexpectedError { tr: tr.clone(), errors }
                },
                Failing {}
            }
        }
    }

    fn render(lang: &'static str) -> String {
        let mut dom = VirtualDom::new_with_props(Root, lang);
        dom.rebuild_in_place();
        dom.render_immediate(&mut dioxus_core::NoOpMutations);
        dioxus_ssr::render(&dom)
    }

    #[test]
    fn a_failing_screen_shows_the_message_in_each_language_and_never_the_error_text() {
        for (lang, words) in [
            ("es", "No se pudo mostrar esta pantalla"),
            ("en", "This screen could not be shown"),
            ("fr", "Cet écran n’a pas pu s’afficher"),
        ] {
            let html = render(lang);
            let tr = Localizer::new(lang);
            assert!(html.contains(words), "{lang}: {html}");
            assert!(
                html.contains(&tr.tr("support-details-copy")),
                "{lang}: {html}"
            );
            assert!(html.contains(&tr.tr("error-try-again")), "{lang}: {html}");
            assert!(
                !html.contains("invalid digit"),
                "{lang}: internal text shown: {html}"
            );
            assert!(!html.contains('⟦'), "{lang}: a message is missing: {html}");
        }
    }

    #[test]
    fn support_details_hold_the_text_off_the_page() {
        for (lang, _) in LANGUAGES {
            let tr = Localizer::new(lang);
            let html = dioxus_ssr::render_element(rsx! {
                SupportDetails { tr: tr.clone(), detail: "sha256 mismatch at /data/bundles/current.paso" }
            });
            assert!(
                html.contains(&tr.tr("support-details-copy")),
                "{lang}: {html}"
            );
            assert!(
                html.contains("data-action=\"copy-details\""),
                "{lang}: {html}"
            );
            assert!(!html.contains("sha256 mismatch"), "{lang}: {html}");
        }
    }
}
