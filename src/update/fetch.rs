//! HTTP(S) downloads for updates, made only when the user asks. A download is kept in
//! `DATA_DIR/bundles/downloads/` and resumed with a Range request after a dropped connection (now or at the
//! next try); it never holds more bytes than the signed head of the file declares, checks that head as soon as
//! it has arrived (so a forged file is dropped after a few bytes), and gives up after timeouts.

use super::layout::Layout;
use super::offer::{Bounds, Pace};
pub use super::offer::{Container, Download, FetchOptions};
use super::{Progress, Stage, UpdateError};
use crate::bundle::format::sha256_hex;
use crate::bundle::TrustedKeys;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How many times a download is resumed within one call before it gives up.
const MAX_RESUMES: u32 = 4;
/// Connection, name lookup and per-read timeouts.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);
const READ_TIMEOUT: Duration = Duration::from_secs(30);
/// Redirects followed for one request.
const MAX_REDIRECTS: u32 = 5;
/// What every request says it is: the most common User-Agent prefix, naming neither the app nor its HTTP
/// library.
pub const USER_AGENT: &str = "Mozilla/5.0";

/// Scheme, host and port of a URL, to compare redirect targets.
fn origin(url: &url::Url) -> (String, Option<String>, Option<u16>) {
    (
        url.scheme().to_string(),
        url.host_str().map(str::to_ascii_lowercase),
        url.port_or_known_default(),
    )
}

/// Where a download's bytes are kept between tries.
fn part_path(download: &Download, layout: &Layout) -> PathBuf {
    let key = match &download.declared {
        Some((_, sha256)) => sha256.clone(),
        None => sha256_hex(download.url.as_bytes()),
    };
    layout
        .downloads()
        .join(format!("{}.part", &key[..32.min(key.len())]))
}

/// The HTTP client for updates.
pub struct Fetcher {
    agent: ureq::Agent,
    options: FetchOptions,
}

impl Default for Fetcher {
    fn default() -> Self {
        Self::new()
    }
}

fn network(error: impl std::fmt::Display) -> UpdateError {
    UpdateError::Network(error.to_string())
}

impl Fetcher {
    /// A client with the default [`FetchOptions`].
    pub fn new() -> Self {
        Self::with_options(FetchOptions::default())
    }

    /// A client with timeouts, no cookies, no content decoding, no automatic redirects and a neutral
    /// User-Agent.
    pub fn with_options(options: FetchOptions) -> Self {
        let per_read = READ_TIMEOUT.min(options.rate_window.max(Duration::from_millis(100)));
        let config = ureq::Agent::config_builder()
            .timeout_resolve(Some(CONNECT_TIMEOUT))
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .timeout_per_read(Some(per_read))
            .timeout_per_write(Some(READ_TIMEOUT))
            .timeout_global(Some(options.deadline))
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(USER_AGENT)
            .build();
        Self {
            agent: config.new_agent(),
            options,
        }
    }

    /// GETs `url`, following redirects that stay on its scheme, host and port (others only when the options
    /// allow them). `Err` is final: a refused redirect, a passed deadline, or a request that failed.
    fn get(
        &self,
        url: &str,
        range_from: u64,
        pace: &Pace,
    ) -> Result<ureq::http::Response<ureq::Body>, (bool, UpdateError)> {
        let first = url::Url::parse(url).map_err(|e| (true, network(format!("{url}: {e}"))))?;
        let mut current = first.clone();
        for _ in 0..=MAX_REDIRECTS {
            let remaining = pace.remaining().map_err(|e| (true, e))?;
            let mut request = self
                .agent
                .get(current.as_str())
                .config()
                .timeout_global(Some(remaining))
                .build();
            if range_from > 0 {
                request = request.header("Range", format!("bytes={range_from}-"));
            }
            let response = request
                .call()
                .map_err(|e| (false, network(format!("{current}: {e}"))))?;
            if !response.status().is_redirection() {
                return Ok(response);
            }
            let location = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| {
                    (
                        true,
                        network(format!("{current}: a redirect with no Location")),
                    )
                })?;
            let next = current.join(location).map_err(|e| {
                (
                    true,
                    network(format!("{current}: bad redirect {location:?}: {e}")),
                )
            })?;
            if origin(&next) != origin(&first) && !self.options.allow_other_hosts {
                return Err((
                    true,
                    UpdateError::Network(format!(
                        "{first}: refused a redirect to another server ({next}); the update address must be \
                         the server's own, or allow other hosts"
                    )),
                ));
            }
            current = next;
        }
        Err((
            true,
            network(format!("{url}: more than {MAX_REDIRECTS} redirects")),
        ))
    }

    /// A small file (the index), read whole up to `limit` bytes, under the deadline and minimum rate.
    pub fn small(&self, url: &str, limit: u64) -> Result<Vec<u8>, UpdateError> {
        let mut pace = Pace::start(&self.options, url);
        let mut response = self.get(url, 0, &pace).map_err(|(_, e)| e)?;
        let status = response.status().as_u16();
        if status != 200 {
            return Err(UpdateError::Network(format!(
                "{url}: the server answered {status}"
            )));
        }
        if let Some(length) = response.body().content_length() {
            if length > limit {
                return Err(UpdateError::TooLarge {
                    offered: length,
                    allowed: limit,
                });
            }
        }
        let mut bytes = Vec::new();
        let mut reader = response.body_mut().as_reader();
        let mut buffer = [0u8; 8 << 10];
        loop {
            let n = reader.read(&mut buffer).map_err(network)?;
            if n == 0 {
                break;
            }
            bytes.extend_from_slice(&buffer[..n]);
            if bytes.len() as u64 > limit {
                return Err(UpdateError::TooLarge {
                    offered: bytes.len() as u64,
                    allowed: limit,
                });
            }
            pace.arrived(n as u64)?;
        }
        Ok(bytes)
    }

    /// Downloads a bundle or patch, resuming an earlier partial download of the same file. Returns the whole
    /// file (its head verified; the caller verifies the rest) and how many bytes came over the network.
    pub fn download(
        &self,
        layout: &Layout,
        download: &Download,
        trusted: &TrustedKeys,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(Vec<u8>, u64), UpdateError> {
        layout.create()?;
        real_dir(&layout.downloads())?;
        let part = part_path(download, layout);
        let resumed = std::fs::symlink_metadata(&part).is_ok_and(|m| m.is_file() && m.len() > 0);
        let mut outcome = self.download_to(&part, download, trusted, progress);
        if outcome
            .as_ref()
            .is_err_and(|e| !matches!(e, UpdateError::Network(_)))
        {
            // Drop anything refused; if it was resumed from an earlier try, start over once.
            let _ = std::fs::remove_file(&part);
            if resumed {
                outcome = self.download_to(&part, download, trusted, progress);
                if outcome
                    .as_ref()
                    .is_err_and(|e| !matches!(e, UpdateError::Network(_)))
                {
                    let _ = std::fs::remove_file(&part);
                }
            }
        }
        // The bytes of a dropped connection stay for the next try.
        outcome
    }

    fn download_to(
        &self,
        part: &Path,
        download: &Download,
        trusted: &TrustedKeys,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(Vec<u8>, u64), UpdateError> {
        let mut bounds = Bounds {
            download,
            trusted,
            total: None,
        };
        let mut pace = Pace::start(&self.options, &download.url);
        let (file, mut data) = open_part(part)?;
        // A kept partial file that no longer checks out is started over.
        let usable = match bounds.limit(&data) {
            Ok(limit) => data.len() as u64 <= limit,
            Err(_) => false,
        };
        if !usable {
            data.clear();
            bounds.total = None;
        }
        file.set_len(data.len() as u64)
            .map_err(|e| UpdateError::io(part, e))?;
        let mut file = std::io::BufWriter::new(file);
        let mut received = 0u64;
        let mut failures = 0u32;
        let mut last_error = String::new();
        loop {
            let limit = bounds.limit(&data)?;
            if bounds.total.is_some() && data.len() as u64 == limit {
                break;
            }
            if failures > MAX_RESUMES {
                return Err(UpdateError::Network(format!(
                    "{}: gave up after {failures} interrupted attempts ({last_error})",
                    download.url
                )));
            }
            match self.one_request(
                download,
                &mut pace,
                &mut bounds,
                &mut data,
                &mut file,
                part,
                &mut received,
                progress,
            ) {
                Ok(()) => {}
                Err(Attempt::Refused(error)) => return Err(error),
                Err(Attempt::Interrupted(why)) => {
                    pace.remaining()?;
                    failures += 1;
                    last_error = why;
                    std::thread::sleep(Duration::from_millis(50 * u64::from(failures)));
                }
                Err(Attempt::Restart) => {
                    data.clear();
                    bounds.total = None;
                    file.flush().map_err(|e| UpdateError::io(part, e))?;
                    file.get_mut()
                        .set_len(0)
                        .map_err(|e| UpdateError::io(part, e))?;
                    failures += 1;
                    last_error = "the server ignored the resume request".into();
                }
            }
        }
        file.flush().map_err(|e| UpdateError::io(part, e))?;
        drop(file);
        let _ = std::fs::remove_file(part);
        if let Some((_, sha256)) = &download.declared {
            if &sha256_hex(&data) != sha256 {
                return Err(UpdateError::Tampered(
                    "the downloaded file does not match the update list's hash".into(),
                ));
            }
        }
        Ok((data, received))
    }

    #[allow(clippy::too_many_arguments)]
    fn one_request(
        &self,
        download: &Download,
        pace: &mut Pace,
        bounds: &mut Bounds,
        data: &mut Vec<u8>,
        file: &mut std::io::BufWriter<std::fs::File>,
        part: &Path,
        received: &mut u64,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(), Attempt> {
        let start = data.len() as u64;
        let mut response =
            self.get(&download.url, start, pace)
                .map_err(|(last, error)| match last {
                    true => Attempt::Refused(error),
                    false => Attempt::Interrupted(error.to_string()),
                })?;
        let status = response.status().as_u16();
        match status {
            200 if start > 0 => return Err(Attempt::Restart),
            200 => {}
            206 => {
                let range_start = response
                    .headers()
                    .get("content-range")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.strip_prefix("bytes "))
                    .and_then(|v| v.split('-').next())
                    .and_then(|v| v.trim().parse::<u64>().ok());
                if range_start != Some(start) {
                    return Err(Attempt::Restart);
                }
            }
            416 => return Err(Attempt::Restart),
            other => {
                return Err(Attempt::Refused(UpdateError::Network(format!(
                    "{}: the server answered {other}",
                    download.url
                ))))
            }
        }
        let offered = response.body().content_length();
        let check_offer = |bounds: &Bounds| -> Result<(), Attempt> {
            let allowed = bounds
                .total
                .or(download.declared.as_ref().map(|(bytes, _)| *bytes));
            match (offered, allowed) {
                (Some(offered), Some(allowed)) if start + offered > allowed => {
                    Err(Attempt::Refused(UpdateError::TooLarge {
                        offered: start + offered,
                        allowed,
                    }))
                }
                _ => Ok(()),
            }
        };
        check_offer(bounds)?;
        let mut reader = response.body_mut().as_reader();
        let mut buffer = vec![0u8; 64 << 10];
        loop {
            let had_total = bounds.total.is_some();
            let limit = bounds.limit(data).map_err(Attempt::Refused)?;
            if !had_total && bounds.total.is_some() {
                check_offer(bounds)?;
            }
            let room = limit.saturating_sub(data.len() as u64);
            if room == 0 {
                return match bounds.total {
                    Some(_) => Ok(()),
                    None => Err(Attempt::Refused(UpdateError::NotPasoData)),
                };
            }
            let want = room.min(buffer.len() as u64) as usize;
            let n = match reader.read(&mut buffer[..want]) {
                Ok(0) => return Err(Attempt::Interrupted("the connection closed early".into())),
                Ok(n) => n,
                Err(e) => return Err(Attempt::Interrupted(e.to_string())),
            };
            data.extend_from_slice(&buffer[..n]);
            *received += n as u64;
            file.write_all(&buffer[..n])
                .map_err(|e| Attempt::Refused(UpdateError::io(part, e)))?;
            pace.arrived(n as u64).map_err(Attempt::Refused)?;
            progress(Progress {
                stage: Stage::Downloading,
                done: data.len() as u64,
                total: bounds
                    .total
                    .or(download.declared.as_ref().map(|(b, _)| *b))
                    .unwrap_or(0),
            });
        }
    }
}

/// Makes sure `dir` is a real folder, not a symbolic link to somewhere else (a link is removed and the folder
/// made in its place).
fn real_dir(dir: &Path) -> Result<(), UpdateError> {
    let meta = std::fs::symlink_metadata(dir).map_err(|e| UpdateError::io(dir, e))?;
    if meta.file_type().is_symlink() {
        std::fs::remove_file(dir).map_err(|e| UpdateError::io(dir, e))?;
        std::fs::create_dir(dir).map_err(|e| UpdateError::io(dir, e))?;
    } else if !meta.is_dir() {
        return Err(UpdateError::io(
            dir,
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a folder"),
        ));
    }
    Ok(())
}

/// Opens (creating) the partial download for appending and reads what it holds, through the open handle.
/// Anything at that path that is not a plain file of its own (a symbolic link, a hard link to another
/// name, a folder) is removed first, so the write can never land outside `DATA_DIR/bundles/downloads/`; the
/// open itself does not follow links (`O_NOFOLLOW`), so a link planted in between makes it fail.
fn open_part(part: &Path) -> Result<(std::fs::File, Vec<u8>), UpdateError> {
    let foreign = |meta: &std::fs::Metadata| {
        #[cfg(unix)]
        let shared = {
            use std::os::unix::fs::MetadataExt;
            meta.nlink() > 1
        };
        #[cfg(not(unix))]
        let shared = false;
        !meta.file_type().is_file() || shared
    };
    if let Ok(meta) = std::fs::symlink_metadata(part) {
        if foreign(&meta) {
            let removed = if meta.is_dir() {
                std::fs::remove_dir_all(part)
            } else {
                std::fs::remove_file(part)
            };
            removed.map_err(|e| UpdateError::io(part, e))?;
        }
    }
    let mut options = std::fs::OpenOptions::new();
    // Append mode: every write lands at the end, also after the file is cut back for a restart.
    options.read(true).create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let mut file = options.open(part).map_err(|e| UpdateError::io(part, e))?;
    let meta = file.metadata().map_err(|e| UpdateError::io(part, e))?;
    if foreign(&meta) {
        return Err(UpdateError::io(
            part,
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "the partial download is linked elsewhere",
            ),
        ));
    }
    let mut data = Vec::new();
    file.read_to_end(&mut data)
        .map_err(|e| UpdateError::io(part, e))?;
    Ok((file, data))
}

enum Attempt {
    /// Refused for good: the bytes are wrong.
    Refused(UpdateError),
    /// The connection failed; resume from what arrived.
    Interrupted(String),
    /// The server cannot resume; start over.
    Restart,
}
