//! The app side of data updates: the settings screen asks for an install (a file on the phone, or an update
//! address the person typed), a worker thread runs it with [`crate::update`] off the UI thread and reports
//! progress over a channel, and on success the data is reopened with [`crate::update::open_active`] so that
//! every screen shows the new bundle. Nothing here contacts anything unless the person pressed a button.

use super::errors::Refusal;
use super::state::Data;
use crate::bundle::TrustedKeys;
use crate::catalog::Catalog;
use crate::update::{self, ActiveSource, InstallOutcome, Progress, Stage, UpdateError};
use dioxus::prelude::*;
use futures_util::StreamExt;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// What the person asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateRequest {
    /// Install the bundle (`.paso`) or patch (`.patch`) file at this path.
    File(PathBuf),
    /// Install these bytes of a bundle or patch file the person picked (a browser gives bytes, not a path).
    Bytes(Vec<u8>),
    /// Check this address (a `latest.json`, or a `.paso` or `.patch` URL) and install what it offers.
    Check(String),
}

/// How a finished update ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateResult {
    /// A new bundle is installed, and the app now shows it.
    Installed {
        /// The new version.
        version: u64,
    },
    /// What was offered is what the phone already has; nothing was written.
    UpToDate {
        /// Its version.
        version: u64,
    },
    /// Refused or failed; the installed data is unchanged.
    Refused {
        /// Why (its message: [`super::errors::UiError::message_key`]).
        reason: Refusal,
        /// Details in English, for support: copied by a button, never shown on the page.
        detail: String,
    },
}

impl UpdateResult {
    /// The result of an install.
    pub fn of(outcome: &Result<InstallOutcome, UpdateError>) -> Self {
        match outcome {
            Ok(InstallOutcome::Installed(installed)) => UpdateResult::Installed {
                version: installed.version,
            },
            Ok(InstallOutcome::UpToDate { version, .. }) => {
                UpdateResult::UpToDate { version: *version }
            }
            Err(error) => UpdateResult::Refused {
                reason: Refusal::of(error),
                detail: error.to_string(),
            },
        }
    }
}

/// Where the update job stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum UpdatePhase {
    /// Nothing asked yet (or the result was forgotten with the session).
    #[default]
    Idle,
    /// Working; the latest progress report, once there is one.
    Running(Option<Progress>),
    /// Finished.
    Done(UpdateResult),
}

/// What the worker thread hands back when it is done.
pub struct Finished {
    /// The install's outcome.
    pub outcome: Result<InstallOutcome, UpdateError>,
    /// After a new bundle was installed: the data directory opened again (the new data, or the best valid
    /// one if the new one cannot be opened after all).
    pub reopened: Option<Result<(Catalog, ActiveSource), UpdateError>>,
}

/// True where the person picks a file from the browser's file chooser rather than typing its path.
pub const PICKS_FILES: bool = cfg!(target_arch = "wasm32");

/// Turns a leading `~/` into the home directory: people copy paths as their file manager shows them.
pub fn expand_home(path: &str) -> PathBuf {
    let path = path.trim();
    match (path.strip_prefix("~/"), dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(path),
    }
}

/// Runs a request to its end in the calling thread (the app calls it on a worker thread): installs with
/// `trusted` (the built-in keys and any `--trust` key), reporting progress, and after an install reopens
/// the data directory.
pub fn run_request(
    data_dir: &Path,
    request: &UpdateRequest,
    trusted: &TrustedKeys,
    progress: &mut dyn FnMut(Progress),
) -> Finished {
    let outcome = match request {
        UpdateRequest::File(path) => update::install_file(data_dir, path, trusted, progress),
        UpdateRequest::Bytes(bytes) => {
            update::install_bytes(data_dir, bytes.clone(), trusted, progress)
        }
        #[cfg(not(target_arch = "wasm32"))]
        UpdateRequest::Check(url) => update::check_and_install(data_dir, url, trusted, progress),
        #[cfg(target_arch = "wasm32")]
        UpdateRequest::Check(_) => Err(UpdateError::Network(
            "this build cannot download updates".into(),
        )),
    };
    let reopened = match &outcome {
        Ok(InstallOutcome::Installed(_)) => Some(update::open_active(data_dir, trusted)),
        _ => None,
    };
    Finished { outcome, reopened }
}

enum Event {
    Progress(Progress),
    Finished(Box<Finished>),
}

/// Runs `work` on a worker thread (inline where there are no threads).
fn on_worker(work: impl FnOnce() + Send + 'static) {
    #[cfg(not(target_arch = "wasm32"))]
    std::thread::spawn(work);
    #[cfg(target_arch = "wasm32")]
    work();
}

/// Runs a request on a worker thread, showing its progress, and waits for its end (`None` if the worker
/// stopped without an answer).
async fn run_on_worker(
    dir: PathBuf,
    request: UpdateRequest,
    trusted: TrustedKeys,
    mut phase: Signal<UpdatePhase>,
) -> Option<Box<Finished>> {
    let (events_tx, mut events) = futures_channel::mpsc::unbounded();
    on_worker(move || {
        let progress_tx = events_tx.clone();
        let finished = run_request(&dir, &request, &trusted, &mut |p| {
            let _ = progress_tx.unbounded_send(Event::Progress(p));
        });
        let _ = events_tx.unbounded_send(Event::Finished(Box::new(finished)));
    });
    while let Some(event) = events.next().await {
        match event {
            Event::Progress(p) => phase.set(UpdatePhase::Running(Some(p))),
            Event::Finished(done) => return Some(done),
        }
    }
    None
}

/// The update controls, shared by the app root and the settings screen through context.
#[derive(Clone, Copy)]
pub struct Updates {
    /// Where the job stands.
    pub phase: Signal<UpdatePhase>,
    /// False when the app has no data directory to install into.
    pub available: bool,
    requests: Coroutine<UpdateRequest>,
}

impl Updates {
    /// Starts a request, unless one is running.
    pub fn start(&mut self, request: UpdateRequest) {
        if matches!(*self.phase.peek(), UpdatePhase::Running(_)) {
            return;
        }
        self.phase.set(UpdatePhase::Running(None));
        self.requests.send(request);
    }

    /// Ends with a refusal found before any request could start (a picked file too large to read).
    pub fn refuse(&mut self, error: UpdateError) {
        if matches!(*self.phase.peek(), UpdatePhase::Running(_)) {
            return;
        }
        let result = UpdateResult::of(&Err(error));
        self.phase.set(UpdatePhase::Done(result));
    }

    /// True while a request runs.
    pub fn running(&self) -> bool {
        matches!(*self.phase.read(), UpdatePhase::Running(_))
    }

    /// Forgets a finished result (a new session must not show the last one's).
    pub fn forget(&mut self) {
        if matches!(*self.phase.peek(), UpdatePhase::Done(_)) {
            self.phase.set(UpdatePhase::Idle);
        }
    }
}

/// Creates the update controls once, in the app root, and provides them to every screen. A request runs on a
/// worker thread; when it installs a bundle, `data` is replaced by the reopened data directory.
pub fn use_updates(
    data_dir: Option<PathBuf>,
    trusted: TrustedKeys,
    mut data: Signal<Data>,
) -> Updates {
    let mut phase = use_signal(UpdatePhase::default);
    let available = data_dir.is_some();
    let requests = use_coroutine(move |mut requests: UnboundedReceiver<UpdateRequest>| {
        let data_dir = data_dir.clone();
        let trusted = trusted.clone();
        async move {
            while let Some(request) = requests.next().await {
                let Some(dir) = data_dir.clone() else {
                    phase.set(UpdatePhase::Idle);
                    continue;
                };
                let finished = match request {
                    // A browser downloads with its own `fetch`, which only answers while the page runs.
                    #[cfg(all(feature = "web", target_arch = "wasm32"))]
                    UpdateRequest::Check(url) => {
                        let outcome =
                            crate::web::check_and_install(&dir, &url, &trusted, &mut |p| {
                                phase.set(UpdatePhase::Running(Some(p)))
                            })
                            .await;
                        let reopened = matches!(outcome, Ok(InstallOutcome::Installed(_)))
                            .then(|| update::open_active(&dir, &trusted));
                        Some(Box::new(Finished { outcome, reopened }))
                    }
                    request => run_on_worker(dir, request, trusted.clone(), phase).await,
                };
                let result = match finished {
                    Some(done) => {
                        let result = UpdateResult::of(&done.outcome);
                        match done.reopened {
                            Some(Ok((catalog, source))) => {
                                let generation = data.peek().generation + 1;
                                data.set(Data {
                                    catalog: Ok(Rc::new(catalog)),
                                    source: Some(source),
                                    generation,
                                });
                            }
                            Some(Err(error)) => log::warn!(
                                "the data was updated but cannot be opened now ({error}); \
                                 the app keeps showing the data it had until it restarts"
                            ),
                            None => {}
                        }
                        result
                    }
                    // The worker stopped without an answer (it panicked): the install is crash-safe, so the
                    // installed data is whole, old or new; say it failed.
                    None => UpdateResult::Refused {
                        reason: Refusal::Io,
                        detail: "the update stopped unexpectedly".into(),
                    },
                };
                if let UpdateResult::Refused { detail, .. } = &result {
                    log::warn!("update refused: {detail}");
                }
                phase.set(UpdatePhase::Done(result));
            }
        }
    });
    use_context_provider(|| Updates {
        phase,
        available,
        requests,
    })
}

/// The controls provided by [`use_updates`].
pub fn use_update_controls() -> Updates {
    use_context::<Updates>()
}

/// Which stage message to show for a progress report, and its arguments' byte counts.
pub fn stage_key(progress: &Progress) -> &'static str {
    match progress.stage {
        Stage::Checking => "update-stage-checking",
        Stage::Downloading if progress.total > 0 => "update-stage-downloading-of",
        Stage::Downloading => "update-stage-downloading",
        Stage::Verifying => "update-stage-verifying",
        Stage::Installing => "update-stage-installing",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Localizer, LANGUAGES};

    #[test]
    fn every_refusal_reason_has_a_message_in_every_language() {
        for (lang, _) in LANGUAGES {
            let tr = Localizer::new(lang);
            for reason in Refusal::ALL {
                let message = super::super::errors::UiError::Update(reason).message_key();
                assert!(
                    tr.has_own(message),
                    "{lang} has no message {message} for the update refusal reason {reason:?}"
                );
                assert!(!tr.tr(message).trim().is_empty());
            }
            for key in [
                "update-stage-checking",
                "update-stage-downloading",
                "update-stage-downloading-of",
                "update-stage-verifying",
                "update-stage-installing",
            ] {
                assert!(tr.has_own(key), "{lang}: {key}");
            }
        }
    }

    #[test]
    fn results_carry_the_reason_key_of_a_refusal() {
        let refused = UpdateResult::of(&Err(UpdateError::Older {
            offered: 1,
            installed: 2,
        }));
        assert!(matches!(
            refused,
            UpdateResult::Refused {
                reason: Refusal::Older,
                ..
            }
        ));
        assert_eq!(
            stage_key(&Progress {
                stage: Stage::Downloading,
                done: 5,
                total: 10
            }),
            "update-stage-downloading-of"
        );
    }

    #[test]
    fn a_path_may_start_at_home() {
        if let Some(home) = dirs::home_dir() {
            assert_eq!(expand_home(" ~/x.paso "), home.join("x.paso"));
        }
        assert_eq!(expand_home("/srv/x.paso"), PathBuf::from("/srv/x.paso"));
    }

    #[test]
    fn a_finished_install_can_cross_threads() {
        fn send<T: Send>() {}
        send::<Finished>();
    }
}
