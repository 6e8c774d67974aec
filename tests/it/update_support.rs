//! Helpers for the update tests: fixture bundles of the embedded data set built from `tests/data/mini` with
//! chosen versions, re-signing with edited manifests, data directories with a user database, and a small HTTP
//! server on 127.0.0.1 that can misbehave on purpose (drop a connection, send too much, send forever).

#![allow(dead_code)]

use crate::common::*;
use paso::bundle::build::{build, BuildOptions};
use paso::bundle::format::{self, Manifest, SIGNING_CONTEXT};
use paso::bundle::TrustedKeys;
use paso::store::user::ReportKind;
use paso::store::UserStore;
use paso::update::{self, InstallOutcome, Slot};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// The embedded bundle's data set and version; fixtures use the same data set and versions above it.
pub fn embedded() -> Manifest {
    paso::catalog::verify_embedded().unwrap().manifest
}

/// Version `embedded + n`.
pub fn v(n: u64) -> u64 {
    embedded().version + n
}

/// A TEST-ONLY edit that makes a bundle's content differ: one place's phone becomes a fake number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edit {
    /// The mini sources as they are.
    None,
    /// One phone number replaced by a clearly fake test value.
    FakePhone,
}

/// The mini fixture rebuilt as data set `embedded().bundle_id`, version `v(n)`, signed with the dev key.
pub fn bundle(n: u64) -> Vec<u8> {
    bundle_with(n, Edit::None)
}

/// Like [`bundle`], with a content edit.
pub fn bundle_with(n: u64, edit: Edit) -> Vec<u8> {
    type Built = HashMap<(u64, Edit), Vec<u8>>;
    static CACHE: OnceLock<Mutex<Built>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    cache
        .entry((n, edit))
        .or_insert_with(|| build_fixture(v(n), edit))
        .clone()
}

fn build_fixture(version: u64, edit: Edit) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let sources = dir.path().join("mini");
    copy_dir(&fixture("mini"), &sources);
    let config = sources.join("bundle.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let text = text
        .lines()
        .map(|line| {
            if line.starts_with("bundle_id") {
                format!("bundle_id = \"{}\"", embedded().bundle_id)
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&config, text).unwrap();
    if edit == Edit::FakePhone {
        let pois = sources.join("sources/pois/pois_all.csv");
        let mut reader = csv::Reader::from_path(&pois).unwrap();
        let headers = reader.headers().unwrap().clone();
        let phone = headers.iter().position(|h| h == "phone").unwrap();
        let mut rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        let mut first: Vec<String> = rows[0].iter().map(str::to_string).collect();
        first[phone] = "+506 0000 0000".into(); // TEST-ONLY value
        rows[0] = csv::StringRecord::from(first);
        let mut writer = csv::Writer::from_path(&pois).unwrap();
        writer.write_record(&headers).unwrap();
        for row in &rows {
            writer.write_record(row).unwrap();
        }
        writer.flush().unwrap();
    }
    let options = BuildOptions {
        data_dir: sources,
        imports: vec![],
        version: Some(version),
    };
    build(&options, &dev_key(), &mut |_| {})
        .expect("the mini fixture builds")
        .bundle
}

/// Re-signs a bundle after editing its manifest (the payload is kept as it is).
pub fn resign(
    file: &[u8],
    key: &ed25519_dalek::SigningKey,
    edit: impl FnOnce(&mut Manifest),
) -> Vec<u8> {
    use ed25519_dalek::Signer;
    let raw = format::split(file).unwrap();
    let mut manifest: Manifest = serde_json::from_slice(raw.manifest_bytes).unwrap();
    manifest.publisher.key_id = paso::bundle::keys::key_id(&key.verifying_key());
    edit(&mut manifest);
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).unwrap();
    let mut message = SIGNING_CONTEXT.to_vec();
    message.extend_from_slice(&manifest_bytes);
    let mut out = format::MAGIC.to_vec();
    out.extend_from_slice(&format::CONTAINER_FORMAT.to_le_bytes());
    out.extend_from_slice(&(manifest_bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(&manifest_bytes);
    out.extend_from_slice(&key.sign(&message).to_bytes());
    out.extend_from_slice(&file[raw.payload_start..]);
    out
}

/// A key nobody trusts.
pub fn stranger_key() -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[0x5a; 32])
}

/// Hex sha256 of a file.
pub fn sha_file(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).unwrap()))
}

/// The built-in keys plus the development key, trusted explicitly.
pub fn trusted() -> TrustedKeys {
    dev_trusted()
}

/// A data directory with a user database holding some reports.
pub struct DataDir {
    pub dir: tempfile::TempDir,
}

impl DataDir {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let data = Self { dir };
        let user = UserStore::open(&data.user_db()).unwrap();
        user.save_place("cr-test-place").unwrap();
        for i in 0..3 {
            user.add_report(
                "cr-test-place",
                ReportKind::WrongPhone,
                &format!("test note {i}"),
                1,
            )
            .unwrap();
        }
        data
    }

    /// With `v(n)` installed from a file.
    pub fn with(n: u64) -> Self {
        let data = Self::new();
        data.install_bytes(&bundle(n)).unwrap();
        data
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn user_db(&self) -> PathBuf {
        self.path().join("user.db")
    }

    pub fn current(&self) -> PathBuf {
        self.path().join("bundles/current.paso")
    }

    pub fn previous(&self) -> PathBuf {
        self.path().join("bundles/previous.paso")
    }

    /// Hash of every file of the user database (the WAL included, if any).
    pub fn user_fingerprint(&self) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = std::fs::read_dir(self.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    sha_file(&p),
                )
            })
            .collect();
        files.sort();
        files
    }

    /// Writes bytes to a file in a scratch folder and installs it.
    pub fn install_bytes(&self, bytes: &[u8]) -> Result<InstallOutcome, update::UpdateError> {
        let scratch = tempfile::tempdir().unwrap();
        let path = scratch.path().join("offered.paso");
        std::fs::write(&path, bytes).unwrap();
        update::install_file(self.path(), &path, &trusted(), &mut |_| {})
    }

    /// The version open_active opens, and from where.
    pub fn active(&self) -> (u64, Slot) {
        let (catalog, source) = update::open_active(self.path(), &trusted()).unwrap();
        (catalog.manifest().version, source.slot)
    }
}

/// How the test server answers one path.
#[derive(Debug, Clone)]
pub enum Behavior {
    /// Serve the file, honouring `Range: bytes=N-`.
    Normal,
    /// The first request gets full headers but only half the body, then the connection drops.
    DropHalfwayOnce,
    /// Every request gets full headers but only half the body, then the connection drops.
    DropHalfwayAlways,
    /// Like `DropHalfwayOnce`, from a server that ignores Range requests (always 200, whole file).
    DropHalfwayOnceNoRanges,
    /// Serve the file followed by `extra` junk bytes, with a Content-Length that counts them.
    Oversize(usize),
    /// Serve the file followed by junk, forever, with no Content-Length.
    Endless,
    /// Serve zeros forever with no Content-Length.
    EndlessZeros,
    /// Answer 200 with an HTML error page.
    Html,
    /// Answer with this status and no body.
    Status(u16),
}

/// A request the server saw.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    pub range: Option<String>,
}

/// A static file server on 127.0.0.1 for one test.
pub struct Server {
    pub base: String,
    stop: Arc<AtomicBool>,
    port: u16,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    pub junk_sent: Arc<AtomicU64>,
}

impl Server {
    /// Serves `root`; `behaviors` maps a file name to a misbehaviour.
    pub fn start(root: &Path, behaviors: HashMap<String, Behavior>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let junk_sent = Arc::new(AtomicU64::new(0));
        let dropped = Arc::new(Mutex::new(std::collections::HashSet::new()));
        let root = root.to_path_buf();
        let behaviors = Arc::new(behaviors);
        {
            let (stop, seen, junk_sent) = (stop.clone(), seen.clone(), junk_sent.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (root, behaviors, seen, junk_sent, dropped) = (
                        root.clone(),
                        behaviors.clone(),
                        seen.clone(),
                        junk_sent.clone(),
                        dropped.clone(),
                    );
                    std::thread::spawn(move || {
                        let _ = serve(stream, &root, &behaviors, &seen, &junk_sent, &dropped);
                    });
                }
            });
        }
        Self {
            base: format!("http://127.0.0.1:{port}"),
            stop,
            port,
            seen,
            junk_sent,
        }
    }

    /// `http://127.0.0.1:PORT/name`.
    pub fn url(&self, name: &str) -> String {
        format!("{}/{name}", self.base)
    }

    /// The requests for one file name.
    pub fn requests_for(&self, name: &str) -> Vec<Seen> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.path == format!("/{name}"))
            .cloned()
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve(
    mut stream: TcpStream,
    root: &Path,
    behaviors: &HashMap<String, Behavior>,
    seen: &Mutex<Vec<Seen>>,
    junk_sent: &AtomicU64,
    dropped: &Mutex<std::collections::HashSet<String>>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(std::time::Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let mut range = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("range") {
                range = Some(value.trim().to_string());
            }
        }
    }
    seen.lock().unwrap().push(Seen {
        path: path.clone(),
        range: range.clone(),
    });
    let name = path.trim_start_matches('/').to_string();
    let behavior = behaviors.get(&name).cloned().unwrap_or(Behavior::Normal);
    let body = std::fs::read(root.join(&name));
    let head = |status: &str, extra: &str| {
        format!("HTTP/1.1 {status}\r\nConnection: close\r\n{extra}\r\n")
    };
    match behavior {
        Behavior::Status(code) => {
            stream.write_all(head(&format!("{code} Test"), "Content-Length: 0\r\n").as_bytes())?;
        }
        Behavior::Html => {
            let page = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>";
            stream.write_all(
                head(
                    "200 OK",
                    &format!(
                        "Content-Type: text/html\r\nContent-Length: {}\r\n",
                        page.len()
                    ),
                )
                .as_bytes(),
            )?;
            stream.write_all(page)?;
        }
        Behavior::EndlessZeros => {
            stream.write_all(head("200 OK", "").as_bytes())?;
            endless(&mut stream, junk_sent);
        }
        _ => {
            let Ok(body) = body else {
                stream.write_all(head("404 Not Found", "Content-Length: 0\r\n").as_bytes())?;
                return Ok(());
            };
            let start = range
                .as_deref()
                .and_then(|r| r.strip_prefix("bytes="))
                .and_then(|r| r.strip_suffix('-'))
                .and_then(|r| r.parse::<usize>().ok());
            let start = match behavior {
                Behavior::DropHalfwayOnceNoRanges => None,
                _ => start,
            };
            let (status, part) = match start {
                Some(start) if start < body.len() => (
                    format!(
                        "206 Partial Content\r\nContent-Range: bytes {start}-{}/{}",
                        body.len() - 1,
                        body.len()
                    ),
                    &body[start..],
                ),
                Some(_) => {
                    stream.write_all(
                        head("416 Range Not Satisfiable", "Content-Length: 0\r\n").as_bytes(),
                    )?;
                    return Ok(());
                }
                None => ("200 OK".to_string(), &body[..]),
            };
            match behavior {
                Behavior::DropHalfwayAlways => {
                    stream.write_all(
                        head(&status, &format!("Content-Length: {}\r\n", part.len())).as_bytes(),
                    )?;
                    stream.write_all(&part[..part.len() / 2])?;
                    stream.flush()?;
                    let _ = stream.shutdown(std::net::Shutdown::Both);
                }
                Behavior::DropHalfwayOnce | Behavior::DropHalfwayOnceNoRanges
                    if dropped.lock().unwrap().insert(name.clone()) =>
                {
                    stream.write_all(
                        head(&status, &format!("Content-Length: {}\r\n", part.len())).as_bytes(),
                    )?;
                    stream.write_all(&part[..part.len() / 2])?;
                    stream.flush()?;
                    let _ = stream.shutdown(std::net::Shutdown::Both);
                }
                Behavior::Oversize(extra) => {
                    stream.write_all(
                        head(
                            &status,
                            &format!("Content-Length: {}\r\n", part.len() + extra),
                        )
                        .as_bytes(),
                    )?;
                    stream.write_all(part)?;
                    stream.write_all(&vec![b'x'; extra])?;
                }
                Behavior::Endless => {
                    stream.write_all(head(&status, "").as_bytes())?;
                    stream.write_all(part)?;
                    endless(&mut stream, junk_sent);
                }
                _ => {
                    stream.write_all(
                        head(&status, &format!("Content-Length: {}\r\n", part.len())).as_bytes(),
                    )?;
                    stream.write_all(part)?;
                }
            }
        }
    }
    stream.flush()
}

/// Writes junk until the client goes away (or 256 MiB, so a broken client cannot hang the test run).
fn endless(stream: &mut TcpStream, sent: &AtomicU64) {
    let chunk = vec![0u8; 64 << 10];
    for _ in 0..4096 {
        if stream.write_all(&chunk).is_err() {
            return;
        }
        sent.fetch_add(chunk.len() as u64, Ordering::SeqCst);
    }
}
