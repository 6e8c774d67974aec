//! Updating from a static web server: read the signed `latest.json`, refuse what is stale, older or for
//! another data set before downloading anything, try the delta made for the installed bundle, and fetch the
//! full bundle if there is none or it fails. A URL of a `.paso` or `.patch` file is fetched directly.

use super::fetch::{Container, Download, FetchOptions, Fetcher};
use super::index::{resolve, LatestIndex, SignedIndex, MAX_INDEX_BYTES};
use super::install::{install_bundle, install_patch, Decision, Snapshot};
use super::layout::Layout;
use super::{InstallOutcome, Progress, Stage, UpdateError, Via};
use crate::bundle::TrustedKeys;

fn url_path(url: &str) -> String {
    url.split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

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
    let path = url_path(url);
    if path.ends_with(".paso") || path.ends_with(".patch") {
        let (container, via) = if path.ends_with(".paso") {
            (Container::Bundle, Via::DownloadFull)
        } else {
            (Container::Patch, Via::DownloadDelta)
        };
        let download = Download {
            url: url.to_string(),
            container,
            declared: None,
        };
        let trusted = &super::roots::accept(layout, trusted, &[], now)?;
        let (bytes, received) = fetcher.download(layout, &download, trusted, progress)?;
        let trusted = &super::roots::accept(
            layout,
            trusted,
            &crate::bundle::format::peek_root_lists(&bytes),
            now,
        )?;
        return install_bundle(layout, bytes, trusted, via, progress)
            .map(|outcome| outcome.with_download(received, None));
    }
    progress(Progress::stage(Stage::Checking));
    let index_bytes = fetcher.small(url, MAX_INDEX_BYTES)?;
    // Root lists first: a rotation or revocation they carry decides which keys may sign the index.
    let accepted = super::roots::accept(
        layout,
        trusted,
        &LatestIndex::peek_root_lists(&index_bytes),
        now,
    )?;
    let trusted = &accepted;
    let index = LatestIndex::parse(&index_bytes, trusted, now)?;
    // Nothing larger than an install accepts is downloaded.
    if let Some(file) = std::iter::once(&index.full)
        .chain(index.deltas.iter().map(|d| &d.file))
        .find(|f| f.bytes > super::MAX_FILE_BYTES)
    {
        return Err(UpdateError::TooLarge {
            offered: file.bytes,
            allowed: super::MAX_FILE_BYTES,
        });
    }
    let snapshot = Snapshot::read(layout, trusted)?;
    if snapshot.decide(&index.bundle_id, index.version, &index.full.sha256)? == Decision::UpToDate {
        return Ok(InstallOutcome::UpToDate {
            version: index.version,
            sha256: index.full.sha256.clone(),
        });
    }
    let mut delta_failure = None;
    let base_sha = snapshot.current().map(|c| c.verified.file_sha256.clone());
    if let Some(delta) = index
        .deltas
        .iter()
        .find(|d| Some(&d.from_sha256) == base_sha.as_ref())
    {
        let download = Download {
            url: resolve(url, &delta.file.path),
            container: Container::Patch,
            declared: Some((delta.file.bytes, delta.file.sha256.clone())),
        };
        let attempt = fetcher
            .download(layout, &download, trusted, progress)
            .and_then(|(bytes, received)| {
                let header = super::delta::verify_head(&bytes, trusted)?.header;
                if header.to.sha256 != index.full.sha256 || header.to.version != index.version {
                    return Err(UpdateError::Tampered(
                        "the patch leads elsewhere than the update list says".into(),
                    ));
                }
                install_patch(layout, &bytes, trusted, Via::DownloadDelta, progress)
                    .map(|outcome| outcome.with_download(received, None))
            });
        match attempt {
            Ok(outcome) => return Ok(outcome),
            Err(error) if error.is_policy() => return Err(error),
            Err(error) => delta_failure = Some(error.to_string()),
        }
    }
    install_full(layout, url, &index, &fetcher, trusted, progress)
        .map(|outcome| outcome.with_download(0, delta_failure))
}

fn install_full(
    layout: &Layout,
    url: &str,
    index: &SignedIndex,
    fetcher: &Fetcher,
    trusted: &TrustedKeys,
    progress: &mut dyn FnMut(Progress),
) -> Result<InstallOutcome, UpdateError> {
    let download = Download {
        url: resolve(url, &index.full.path),
        container: Container::Bundle,
        declared: Some((index.full.bytes, index.full.sha256.clone())),
    };
    let (bytes, received) = fetcher.download(layout, &download, trusted, progress)?;
    let head = crate::bundle::format::verify_head(&bytes, trusted)?;
    if head.manifest.version != index.version || head.manifest.bundle_id != index.bundle_id {
        return Err(UpdateError::Tampered(
            "the bundle is not the one the update list names".into(),
        ));
    }
    install_bundle(layout, bytes, trusted, Via::DownloadFull, progress)
        .map(|outcome| outcome.with_download(received, None))
}
