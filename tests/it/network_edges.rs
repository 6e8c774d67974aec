//! The network rules of updates, each tried against a small hostile server on 127.0.0.1: a server that
//! drips bytes is cut off by the minimum rate, a slow but steady one by the total deadline, a redirect to
//! another server is refused unless allowed, the User-Agent names neither Paso nor its HTTP library, and a
//! symbolic or hard link planted where the partial download goes never lets a write land outside
//! `DATA_DIR/bundles/`.

use crate::update_support::*;
use paso::update::fetch::FetchOptions;
use paso::update::{self, InstallOutcome, UpdateError};
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What a test server does with one request: it gets the request head (request line and headers).
type Handler = dyn Fn(&str, &mut TcpStream) -> std::io::Result<()> + Send + Sync;

/// A server on 127.0.0.1 that records every request head and answers with `handler`.
struct Server {
    port: u16,
    heads: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(
        handler: impl Fn(&str, &mut TcpStream) -> std::io::Result<()> + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let heads = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        {
            let heads = heads.clone();
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    let Ok(mut stream) = stream else { continue };
                    let (heads, handler) = (heads.clone(), handler.clone());
                    std::thread::spawn(move || {
                        let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
                        let mut reader = BufReader::new(stream.try_clone().unwrap());
                        let mut head = String::new();
                        loop {
                            let mut line = String::new();
                            if reader.read_line(&mut line).unwrap_or(0) == 0
                                || line.trim().is_empty()
                            {
                                break;
                            }
                            head.push_str(&line);
                        }
                        heads.lock().unwrap().push(head.clone());
                        let _ = handler(&head, &mut stream);
                    });
                }
            });
        }
        Self { port, heads }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.port)
    }

    fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }
}

/// Sends `body` whole.
fn send_file(stream: &mut TcpStream, body: &[u8]) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)
}

/// Sends `body` in `chunk`-byte pieces with `pause` between them.
fn send_slowly(
    stream: &mut TcpStream,
    body: &[u8],
    chunk: usize,
    pause: Duration,
) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )?;
    for piece in body.chunks(chunk) {
        stream.write_all(piece)?;
        stream.flush()?;
        std::thread::sleep(pause);
    }
    Ok(())
}

fn install(
    data: &DataDir,
    url: &str,
    options: &FetchOptions,
) -> Result<InstallOutcome, UpdateError> {
    update::check_and_install_with(data.path(), url, &trusted(), options, &mut |_| {})
}

/// Short limits so the tests stay fast; the defaults are ten minutes and 20 KiB per 20 s.
fn quick_limits() -> FetchOptions {
    FetchOptions {
        deadline: Duration::from_secs(3),
        rate_window: Duration::from_millis(500),
        min_bytes_per_window: 1000,
        allow_other_hosts: false,
    }
}

#[test]
fn a_server_dripping_bytes_is_cut_off_by_the_minimum_rate() {
    let data = DataDir::with(1);
    let before = sha_file(&data.current());
    let body = bundle(2);
    let server =
        Server::start(move |_, stream| send_slowly(stream, &body, 1, Duration::from_millis(100)));
    let started = Instant::now();
    let outcome = install(&data, &server.url("v2.paso"), &quick_limits());
    let took = started.elapsed();
    let error = outcome.expect_err("a dripping server was accepted");
    assert_eq!(error.reason_key(), "network", "{error}");
    assert!(error.to_string().contains("too slow"), "{error}");
    // At this rate the whole bundle would take hours; the limits stop it within about one window.
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert_eq!(sha_file(&data.current()), before);
    assert_eq!(server.heads().len(), 1, "a too-slow server is not retried");
}

#[test]
fn a_steady_but_endless_download_is_cut_off_by_the_deadline() {
    let data = DataDir::with(1);
    let body = bundle(2);
    // About 40 KB/s: above the minimum rate, far too slow for a deadline of one second.
    let server =
        Server::start(move |_, stream| send_slowly(stream, &body, 2000, Duration::from_millis(50)));
    let options = FetchOptions {
        deadline: Duration::from_secs(1),
        ..quick_limits()
    };
    assert!(
        bundle(2).len() > 200_000,
        "the bundle outlasts the deadline"
    );
    let started = Instant::now();
    let error = install(&data, &server.url("v2.paso"), &options).expect_err("accepted");
    assert_eq!(error.reason_key(), "network", "{error}");
    assert!(error.to_string().contains("longer than"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn the_default_limits_are_the_documented_ones() {
    let defaults = FetchOptions::default();
    assert_eq!(defaults.deadline, Duration::from_secs(600));
    assert_eq!(
        (defaults.rate_window, defaults.min_bytes_per_window),
        (Duration::from_secs(20), 20 << 10)
    );
    assert!(!defaults.allow_other_hosts);
}

#[test]
fn a_redirect_to_another_server_is_refused_unless_allowed() {
    let body = bundle(2);
    let other = Server::start(move |_, stream| send_file(stream, &body));
    let target = other.url("v2.paso");
    let redirecting = Server::start(move |head, stream| {
        let location = if head.starts_with("GET /same.paso ") {
            "/v2.paso".to_string()
        } else if head.starts_with("GET /v2.paso ") {
            return send_file(stream, &bundle(2));
        } else {
            target.clone()
        };
        write!(
            stream,
            "HTTP/1.1 302 Found\r\nConnection: close\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n"
        )
    });
    let data = DataDir::with(1);
    let before = sha_file(&data.current());
    let error = install(&data, &redirecting.url("away.paso"), &quick_limits())
        .expect_err("followed a redirect to another server");
    assert_eq!(error.reason_key(), "network", "{error}");
    assert!(error.to_string().contains("another server"), "{error}");
    assert!(other.heads().is_empty(), "the other server was contacted");
    assert_eq!(sha_file(&data.current()), before);

    // A redirect on the same server is followed.
    let outcome = install(&data, &redirecting.url("same.paso"), &quick_limits()).unwrap();
    assert_eq!(outcome.version(), v(2));

    // An update address that allows other hosts follows the redirect.
    let data = DataDir::with(1);
    let allowing = FetchOptions {
        allow_other_hosts: true,
        ..quick_limits()
    };
    let outcome = install(&data, &redirecting.url("away.paso"), &allowing).unwrap();
    assert_eq!(outcome.version(), v(2));
    assert_eq!(other.heads().len(), 1);
}

#[test]
fn the_user_agent_says_nothing_about_the_app() {
    let body = bundle(2);
    let server = Server::start(move |_, stream| send_file(stream, &body));
    let data = DataDir::with(1);
    install(&data, &server.url("v2.paso"), &quick_limits()).unwrap();
    let heads = server.heads();
    assert!(!heads.is_empty());
    for head in heads {
        let agent = head
            .lines()
            .find_map(|l| {
                l.split_once(':')
                    .filter(|(name, _)| name.eq_ignore_ascii_case("user-agent"))
                    .map(|(_, value)| value.trim().to_string())
            })
            .unwrap_or_default();
        assert_eq!(agent, paso::update::fetch::USER_AGENT, "{head}");
        let lower = agent.to_lowercase();
        assert!(!lower.contains("paso") && !lower.contains("ureq"), "{head}");
        // No other header names the app either (the path is the server's own file name).
        let headers = head.split_once('\n').unwrap().1.to_lowercase();
        assert!(!headers.contains("paso/"), "{head}");
    }
}

/// Where the partial download of `url` (a direct `.paso` address) goes.
fn part_path(data: &DataDir, url: &str) -> std::path::PathBuf {
    let key = hex::encode(Sha256::digest(url.as_bytes()));
    data.path()
        .join("bundles/downloads")
        .join(format!("{}.part", &key[..32]))
}

#[cfg(unix)]
#[test]
fn a_link_planted_at_the_partial_download_never_lets_a_write_out() {
    let body = bundle(2);
    let server = Server::start(move |_, stream| send_file(stream, &body));
    let url = server.url("v2.paso");
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.txt");
    let original = b"TEST-ONLY a file outside DATA_DIR/bundles\n".to_vec();

    // A symbolic link at the partial file.
    std::fs::write(&victim, &original).unwrap();
    let data = DataDir::with(1);
    let part = part_path(&data, &url);
    std::fs::create_dir_all(part.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&victim, &part).unwrap();
    let outcome = install(&data, &url, &quick_limits()).unwrap();
    assert_eq!(outcome.version(), v(2));
    assert_eq!(
        std::fs::read(&victim).unwrap(),
        original,
        "written through a symlink"
    );

    // A hard link at the partial file.
    let data = DataDir::with(1);
    let part = part_path(&data, &url);
    std::fs::create_dir_all(part.parent().unwrap()).unwrap();
    std::fs::hard_link(&victim, &part).unwrap();
    install(&data, &url, &quick_limits()).unwrap();
    assert_eq!(
        std::fs::read(&victim).unwrap(),
        original,
        "written through a hard link"
    );

    // The downloads folder itself a link to a folder outside.
    let data = DataDir::with(1);
    let downloads = data.path().join("bundles/downloads");
    let _ = std::fs::remove_dir_all(&downloads);
    std::os::unix::fs::symlink(outside.path(), &downloads).unwrap();
    install(&data, &url, &quick_limits()).unwrap();
    let names: Vec<String> = std::fs::read_dir(outside.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["victim.txt"], "a file was made outside");
    assert_eq!(std::fs::read(&victim).unwrap(), original);
}
