//! HTTP(S) downloads for updates, made only when the user asks. A download is kept in
//! `DATA_DIR/bundles/downloads/` and resumed with a Range request after a dropped connection (now or at the
//! next try); it never holds more bytes than the signed head of the file declares, checks that head as soon as
//! it has arrived (so a forged file is dropped after a few bytes), and gives up after timeouts.

use super::delta;
use super::layout::Layout;
use super::{Progress, Stage, UpdateError};
use crate::bundle::format::{self, sha256_hex};
use crate::bundle::TrustedKeys;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How many times a download is resumed within one call before it gives up.
const MAX_RESUMES: u32 = 4;
/// Connection, name lookup and per-read timeouts.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);
const READ_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest a single request may take, so a server that drips bytes cannot hold the phone forever; what
/// arrived is kept and resumed.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(600);

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

impl Download {
    fn part_path(&self, layout: &Layout) -> PathBuf {
        let key = match &self.declared {
            Some((_, sha256)) => sha256.clone(),
            None => sha256_hex(self.url.as_bytes()),
        };
        layout
            .downloads()
            .join(format!("{}.part", &key[..32.min(key.len())]))
    }
}

/// A bytes-so-far view of a download, deciding how much more may be read.
struct Bounds<'a> {
    download: &'a Download,
    trusted: &'a TrustedKeys,
    /// The whole file's length, once the signed head has been checked.
    total: Option<u64>,
}

impl Bounds<'_> {
    /// How many bytes the download may hold now: 16 until the head length is known, then the head, then
    /// the whole file as its signed head declares it.
    fn limit(&mut self, data: &[u8]) -> Result<u64, UpdateError> {
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

/// The HTTP client for updates.
pub struct Fetcher {
    agent: ureq::Agent,
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
    /// A client with timeouts, no cookies and no content decoding.
    pub fn new() -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_resolve(Some(CONNECT_TIMEOUT))
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .timeout_per_read(Some(READ_TIMEOUT))
            .timeout_per_write(Some(READ_TIMEOUT))
            .timeout_global(Some(REQUEST_TIMEOUT))
            .http_status_as_error(false)
            .user_agent(concat!("paso/", env!("CARGO_PKG_VERSION")))
            .build();
        Self {
            agent: config.new_agent(),
        }
    }

    /// A small file (the index), read whole up to `limit` bytes.
    pub fn small(&self, url: &str, limit: u64) -> Result<Vec<u8>, UpdateError> {
        let mut response = self.agent.get(url).call().map_err(network)?;
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
        response
            .body_mut()
            .as_reader()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(network)?;
        if bytes.len() as u64 > limit {
            return Err(UpdateError::TooLarge {
                offered: bytes.len() as u64,
                allowed: limit,
            });
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
        let part = download.part_path(layout);
        let resumed = std::fs::metadata(&part).is_ok_and(|m| m.len() > 0);
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
        let mut data = std::fs::read(part).unwrap_or_default();
        // A kept partial file that no longer checks out is started over.
        let usable = match bounds.limit(&data) {
            Ok(limit) => data.len() as u64 <= limit,
            Err(_) => false,
        };
        if !usable {
            data.clear();
            bounds.total = None;
        }
        // Append mode: every write lands at the end, also after the file is cut back for a restart.
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(part)
            .map_err(|e| UpdateError::io(part, e))?;
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
        bounds: &mut Bounds,
        data: &mut Vec<u8>,
        file: &mut std::io::BufWriter<std::fs::File>,
        part: &Path,
        received: &mut u64,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(), Attempt> {
        let start = data.len() as u64;
        let mut request = self.agent.get(&download.url);
        if start > 0 {
            request = request.header("Range", format!("bytes={start}-"));
        }
        let mut response = request
            .call()
            .map_err(|e| Attempt::Interrupted(e.to_string()))?;
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

enum Attempt {
    /// Refused for good: the bytes are wrong.
    Refused(UpdateError),
    /// The connection failed; resume from what arrived.
    Interrupted(String),
    /// The server cannot resume; start over.
    Restart,
}
