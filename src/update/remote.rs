//! Updating from a static web server over blocking HTTP: read the signed `latest.json`, refuse what is
//! stale, older or for another data set before downloading anything ([`super::offer`]), try the delta made
//! for the installed bundle, and fetch the full bundle if there is none or it fails. A URL of a `.paso` or
//! `.patch` file is fetched directly.

use super::fetch::{FetchOptions, Fetcher};
use super::index::MAX_INDEX_BYTES;
use super::layout::Layout;
use super::offer::{self, Offer};
use super::{InstallOutcome, Progress, Stage, UpdateError};
use crate::bundle::TrustedKeys;

/// Checks `url` (a `latest.json`, or a bundle or patch file) and installs what it offers.
pub(crate) fn check_and_install(
    layout: &Layout,
    url: &str,
    trusted: &TrustedKeys,
    options: &FetchOptions,
    progress: &mut dyn FnMut(Progress),
    now: chrono::DateTime<chrono::Utc>,
) -> Result<InstallOutcome, UpdateError> {
    let fetcher = Fetcher::with_options(options.clone());
    let plan = if offer::is_index(url) {
        progress(Progress::stage(Stage::Checking));
        let index_bytes = fetcher.small(url, MAX_INDEX_BYTES)?;
        match offer::read_index(layout, url, &index_bytes, trusted, now)? {
            Offer::UpToDate(outcome) => return Ok(outcome),
            Offer::Fetch(plan) => *plan,
        }
    } else {
        offer::direct(layout, url, trusted, now)?
    };
    let mut delta_failure = None;
    if let Some(delta) = &plan.delta {
        let attempt = fetcher
            .download(layout, delta, &plan.trusted, progress)
            .and_then(|(bytes, received)| {
                offer::install_delta(layout, &plan, &bytes, progress)
                    .map(|outcome| outcome.with_download(received, None))
            });
        match attempt {
            Ok(outcome) => return Ok(outcome),
            Err(error) if error.is_policy() => return Err(error),
            Err(error) => delta_failure = Some(error.to_string()),
        }
    }
    let (bytes, received) = fetcher.download(layout, &plan.full, &plan.trusted, progress)?;
    offer::install_full(layout, &plan, bytes, now, progress)
        .map(|outcome| outcome.with_download(received, delta_failure))
}
