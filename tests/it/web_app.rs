//! The web build in a real browser (issue 14, first part): headless Chromium at 360×640, driven through
//! ChromeDriver (fantoccini), opens `target/web/` served on 127.0.0.1. The first-run screen comes up in
//! Spanish; choosing English switches it; then the server is stopped and the page reloaded: the service
//! worker's cache starts the app offline, and the language chosen is still set (the user database kept in
//! `localStorage`). Runs only with `PASO_WEB_TESTS=1` after `bash .ci/web-build` (which needs clang, the
//! wasm32 target and wasm-bindgen-cli; see README); otherwise it says so and passes.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};

use crate::review_browser::Driver;

/// `python3 -m http.server` over a folder on a free loopback port, stopped on drop.
struct StaticServer {
    child: Child,
}

impl StaticServer {
    fn start(dir: &Path, port: u16) -> Self {
        let child = Command::new("python3")
            .args([
                "-m",
                "http.server",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
            ])
            .arg("--directory")
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 serves the web folder");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "the static server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        StaticServer { child }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until the page's body text contains `text`; returns the body text.
async fn wait_for_text(browser: &Client, text: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let body = match browser.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if body.contains(text) {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "{text:?} never showed; the page says: {body}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn screenshot(browser: &Client, name: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/web-shots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = browser.screenshot().await.unwrap();
    std::fs::write(dir.join(name), png).unwrap();
}

#[test]
fn the_web_app_starts_in_chromium_and_again_offline_with_the_language_kept() {
    if std::env::var("PASO_WEB_TESTS").as_deref() != Ok("1") {
        eprintln!("skipped: set PASO_WEB_TESTS=1 after `bash .ci/web-build` to run the web app in Chromium");
        return;
    }
    let web = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/web");
    assert!(
        web.join("index.html").exists() && web.join("paso_bg.wasm").exists(),
        "no web build in {}: run `bash .ci/web-build` first",
        web.display()
    );
    let port = free_port();
    let server = StaticServer::start(&web, port);
    let url = format!("http://127.0.0.1:{port}/");
    let driver = Driver::start();
    let profile = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let browser = driver.session(Some(profile.path()), true).await;
        browser.goto(&url).await.unwrap();
        wait_for_text(&browser, "Te damos la bienvenida a Paso").await;
        screenshot(&browser, "web-first-run-es-360x640.png").await;
        browser
            .find(Locator::Css(".lang-choice button[lang='en']"))
            .await
            .expect("the language buttons")
            .click()
            .await
            .unwrap();
        wait_for_text(&browser, "Welcome to Paso").await;
        let stored = browser
            .execute("return localStorage.getItem('paso.user.sqlite') !== null", vec![])
            .await
            .unwrap();
        assert_eq!(
            stored,
            serde_json::Value::Bool(true),
            "the user database is kept in localStorage"
        );
        // Let the service worker finish caching the shell, the wasm and the bundle.
        let cached: serde_json::Value = browser
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 navigator.serviceWorker.ready
                   .then(() => caches.keys())
                   .then(async (keys) => {
                     for (const key of keys) {
                       const cache = await caches.open(key);
                       if (await cache.match('./paso_bg.wasm') && await cache.match('./default.paso')) return done(true);
                     }
                     done(false);
                   })
                   .catch(() => done(false));",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            cached,
            serde_json::Value::Bool(true),
            "the service worker cached the wasm and the bundle"
        );

        drop(server);
        assert!(
            TcpStream::connect(("127.0.0.1", port)).is_err(),
            "the server is down"
        );
        let started = Instant::now();
        browser.refresh().await.unwrap();
        let offline = wait_for_text(&browser, "Exit").await;
        // Reported in BENCHMARKS.md (issue 14's budget), never asserted: the machines are noisy.
        eprintln!(
            "web: offline reload to Near me in {} ms",
            started.elapsed().as_millis()
        );
        assert!(
            !offline.contains("Salir"),
            "the English choice was kept: {offline}"
        );
        screenshot(&browser, "web-offline-en-360x640.png").await;
        browser.close().await.unwrap();
    });
}
