//! What an update address offers, decided without the network: the signed `latest.json` read and checked
//! (root lists first, expiry, data set, version, sizes) into a [`Plan`] of what to download, the bounds a
//! download may never pass (its signed head, then the length it declares), and the checks a downloaded
//! file must pass before it is installed. The desktop fetcher ([`super::fetch`], blocking HTTP) and the web
//! build's (the browser's `fetch`) both go through these, so no refusal is weaker in a browser.

use super::delta;
use super::index::{resolve, LatestIndex, SignedIndex};
use super::install::{install_bundle, install_patch, Decision, Snapshot};
use super::layout::Layout;
use super::{InstallOutcome, Progress, UpdateError, Via};
use crate::bundle::format::{self, sha256_hex};
use crate::bundle::TrustedKeys;
use std::time::Duration;

/// Limits of every download (the index, a patch, a bundle).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchOptions {
    /// Longest one file may take in all, every resume included (default 10 minutes: a 1 MB bundle at
    /// 1.7 KB/s).
    pub deadline: Duration,
    /// The rate is measured over windows this long (default 20 s); a server silent for a whole window is
    /// treated as slow too.
    pub rate_window: Duration,
    /// Fewer bytes than this in one window ends the download (default 20 KiB per 20 s, about 1 KiB/s; a
    /// server dripping one byte every 10 s is cut off after 20 s).
    pub min_bytes_per_window: u64,
    /// Follow redirects to another scheme, host or port (default no: only the update address's own server).
    pub allow_other_hosts: bool,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self {
            deadline: Duration::from_secs(600),
            rate_window: Duration::from_secs(20),
            min_bytes_per_window: 20 << 10,
            allow_other_hosts: false,
        }
    }
}

/// The deadline and minimum rate of one file, across its requests.
pub(crate) struct Pace<'a> {
    options: &'a FetchOptions,
    url: &'a str,
    started: web_time::Instant,
    window_started: web_time::Instant,
    window_bytes: u64,
}

impl<'a> Pace<'a> {
    pub fn start(options: &'a FetchOptions, url: &'a str) -> Self {
        let now = web_time::Instant::now();
        Self {
            options,
            url,
            started: now,
            window_started: now,
            window_bytes: 0,
        }
    }

    /// Time left before the deadline, or the error once it has passed.
    pub fn remaining(&self) -> Result<Duration, UpdateError> {
        self.options
            .deadline
            .checked_sub(self.started.elapsed())
            .filter(|left| !left.is_zero())
            .ok_or_else(|| {
                UpdateError::Network(format!(
                    "{}: the download took longer than {} s",
                    self.url,
                    self.options.deadline.as_secs_f64()
                ))
            })
    }

    /// Counts `bytes` that just arrived; fails when the deadline passed or the last window was too slow.
    pub fn arrived(&mut self, bytes: u64) -> Result<(), UpdateError> {
        self.remaining()?;
        self.window_bytes += bytes;
        let window = self.window_started.elapsed();
        if window >= self.options.rate_window {
            if self.window_bytes < self.options.min_bytes_per_window {
                return Err(UpdateError::Network(format!(
                    "{}: the server is too slow ({} bytes in {:.1} s; at least {} per {:.1} s)",
                    self.url,
                    self.window_bytes,
                    window.as_secs_f64(),
                    self.options.min_bytes_per_window,
                    self.options.rate_window.as_secs_f64()
                )));
            }
            self.window_started = web_time::Instant::now();
            self.window_bytes = 0;
        }
        Ok(())
    }
}

/// What kind of file a download is, which says how to read its signed head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// A `.paso` bundle.
    Bundle,
    /// A `.patch` delta.
    Patch,
}

/// One file to download.
#[derive(Debug, Clone)]
pub struct Download {
    /// Where it is.
    pub url: String,
    /// Bundle or patch.
    pub container: Container,
    /// Length and sha256 promised by a signed index, if the file came from one.
    pub declared: Option<(u64, String)>,
}

/// A bytes-so-far view of a download, deciding how much more may be read.
pub(crate) struct Bounds<'a> {
    pub download: &'a Download,
    pub trusted: &'a TrustedKeys,
    /// The whole file's length, once the signed head has been checked.
    pub total: Option<u64>,
}

impl Bounds<'_> {
    /// How many bytes the download may hold now: 16 until the head length is known, then the head, then
    /// the whole file as its signed head declares it.
    pub fn limit(&mut self, data: &[u8]) -> Result<u64, UpdateError> {
        if let Some(total) = self.total {
            return Ok(total);
        }
        if data.len() < 16 {
            return Ok(16);
        }
        let head_len = match self.download.container {
            Container::Bundle => format::head_len(&data[..16])?,
            Container::Patch => delta::head_len(&data[..16])?,
        };
        if data.len() < head_len {
            return Ok(head_len as u64);
        }
        let total = match self.download.container {
            Container::Bundle => {
                let head = format::verify_head(&data[..head_len], self.trusted)?;
                let manifest = &head.manifest;
                if manifest.content.bytes > format::MAX_CONTENT_BYTES
                    || manifest.content.db_bytes > format::MAX_CONTENT_BYTES
                {
                    return Err(UpdateError::TooLarge {
                        offered: manifest.content.bytes.max(manifest.content.db_bytes),
                        allowed: format::MAX_CONTENT_BYTES,
                    });
                }
                head.file_len()
            }
            Container::Patch => delta::verify_head(&data[..head_len], self.trusted)?.file_len(),
        };
        if let Some((declared, _)) = &self.download.declared {
            if *declared != total {
                return Err(UpdateError::Tampered(format!(
                    "the update list says {declared} bytes but the file's signed head says {total}"
                )));
            }
        }
        self.total = Some(total);
        Ok(total)
    }
}

/// What to do about an address, once its index (or its file name) has been read.
pub(crate) enum Offer {
    /// What it offers is what the phone has.
    UpToDate(InstallOutcome),
    /// Download and install.
    Fetch(Box<Plan>),
}

/// The downloads an address leads to: the delta made for the installed bundle, if any, and the full bundle.
pub(crate) struct Plan {
    /// The keys in force after the root lists the index carried.
    pub trusted: TrustedKeys,
    /// The signed index, when the address was a `latest.json`.
    pub index: Option<SignedIndex>,
    /// The patch from the installed bundle, tried first.
    pub delta: Option<Download>,
    /// The full bundle (or the one file a direct address names).
    pub full: Download,
}

fn url_path(url: &str) -> String {
    url.split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// True when `url` names a `latest.json` rather than one `.paso` or `.patch` file.
pub(crate) fn is_index(url: &str) -> bool {
    let path = url_path(url);
    !(path.ends_with(".paso") || path.ends_with(".patch"))
}

/// The plan for an address that names one file: download it, then install it like any file.
pub(crate) fn direct(
    layout: &Layout,
    url: &str,
    trusted: &TrustedKeys,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Plan, UpdateError> {
    let container = if url_path(url).ends_with(".paso") {
        Container::Bundle
    } else {
        Container::Patch
    };
    Ok(Plan {
        trusted: super::roots::accept(layout, trusted, &[], now)?,
        index: None,
        delta: None,
        full: Download {
            url: url.to_string(),
            container,
            declared: None,
        },
    })
}

/// Reads a downloaded `latest.json`: its root lists first (a rotation or revocation they carry decides which
/// keys may sign the index), then the index itself (signature, expiry), the sizes it names, and whether it
/// offers anything newer for this phone's data set.
pub(crate) fn read_index(
    layout: &Layout,
    url: &str,
    index_bytes: &[u8],
    trusted: &TrustedKeys,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Offer, UpdateError> {
    let trusted = super::roots::accept(
        layout,
        trusted,
        &LatestIndex::peek_root_lists(index_bytes),
        now,
    )?;
    let index = LatestIndex::parse(index_bytes, &trusted, now)?;
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
    let snapshot = Snapshot::read(layout, &trusted)?;
    if snapshot.decide(&index.bundle_id, index.version, &index.full.sha256)? == Decision::UpToDate {
        return Ok(Offer::UpToDate(InstallOutcome::UpToDate {
            version: index.version,
            sha256: index.full.sha256.clone(),
        }));
    }
    let base_sha = snapshot.current().map(|c| c.verified.file_sha256.clone());
    let delta = index
        .deltas
        .iter()
        .find(|d| Some(&d.from_sha256) == base_sha.as_ref())
        .map(|delta| Download {
            url: resolve(url, &delta.file.path),
            container: Container::Patch,
            declared: Some((delta.file.bytes, delta.file.sha256.clone())),
        });
    let full = Download {
        url: resolve(url, &index.full.path),
        container: Container::Bundle,
        declared: Some((index.full.bytes, index.full.sha256.clone())),
    };
    Ok(Offer::Fetch(Box::new(Plan {
        trusted,
        index: Some(index),
        delta,
        full,
    })))
}

/// Refuses downloaded bytes that are not the length and sha256 the signed index promised.
fn as_declared(download: &Download, bytes: &[u8]) -> Result<(), UpdateError> {
    if let Some((length, sha256)) = &download.declared {
        if bytes.len() as u64 != *length || &sha256_hex(bytes) != sha256 {
            return Err(UpdateError::Tampered(format!(
                "{} is not the file the update list names",
                download.url
            )));
        }
    }
    Ok(())
}

/// Installs the downloaded delta of a plan: it must lead where the index says.
pub(crate) fn install_delta(
    layout: &Layout,
    plan: &Plan,
    bytes: &[u8],
    progress: &mut dyn FnMut(Progress),
) -> Result<InstallOutcome, UpdateError> {
    let download = plan.delta.as_ref().ok_or(UpdateError::WrongBase)?;
    as_declared(download, bytes)?;
    let header = delta::verify_head(bytes, &plan.trusted)?.header;
    if let Some(index) = &plan.index {
        if header.to.sha256 != index.full.sha256 || header.to.version != index.version {
            return Err(UpdateError::Tampered(
                "the patch leads elsewhere than the update list says".into(),
            ));
        }
    }
    install_patch(layout, bytes, &plan.trusted, Via::DownloadDelta, progress)
}

/// Installs the downloaded full bundle of a plan (or the one file of a direct address): for an index, it
/// must be the version and data set the index names.
pub(crate) fn install_full(
    layout: &Layout,
    plan: &Plan,
    bytes: Vec<u8>,
    now: chrono::DateTime<chrono::Utc>,
    progress: &mut dyn FnMut(Progress),
) -> Result<InstallOutcome, UpdateError> {
    as_declared(&plan.full, &bytes)?;
    let Some(index) = &plan.index else {
        // A direct file: the root lists it carries are checked on their own first, as for a file.
        let trusted =
            super::roots::accept(layout, &plan.trusted, &format::peek_root_lists(&bytes), now)?;
        let via = match plan.full.container {
            Container::Bundle => Via::DownloadFull,
            Container::Patch => Via::DownloadDelta,
        };
        return install_bundle(layout, bytes, &trusted, via, progress);
    };
    let head = format::verify_head(&bytes, &plan.trusted)?;
    if head.manifest.version != index.version || head.manifest.bundle_id != index.bundle_id {
        return Err(UpdateError::Tampered(
            "the bundle is not the one the update list names".into(),
        ));
    }
    install_bundle(layout, bytes, &plan.trusted, Via::DownloadFull, progress)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_names_an_index_unless_it_names_one_file() {
        assert!(is_index("https://example.org/paso/latest.json"));
        assert!(is_index("https://example.org/paso/"));
        assert!(!is_index("https://example.org/paso/v3.paso?x=1"));
        assert!(!is_index("https://example.org/paso/V2-TO-V3.PATCH#top"));
    }

    #[test]
    fn a_download_must_be_the_length_and_hash_the_index_declares() {
        let bytes = b"the signed file";
        let download = |length: u64, sha256: String| Download {
            url: "https://example.org/v3.paso".into(),
            container: Container::Bundle,
            declared: Some((length, sha256)),
        };
        assert!(as_declared(&download(15, sha256_hex(bytes)), bytes).is_ok());
        for wrong in [
            download(14, sha256_hex(bytes)),
            download(15, sha256_hex(b"another file")),
        ] {
            assert!(matches!(
                as_declared(&wrong, bytes),
                Err(UpdateError::Tampered(_))
            ));
        }
        let undeclared = Download {
            declared: None,
            ..download(0, String::new())
        };
        assert!(as_declared(&undeclared, bytes).is_ok());
    }
}
