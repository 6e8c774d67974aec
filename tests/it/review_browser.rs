//! The editors' review page in a real browser: headless Chromium driven through ChromeDriver (fantoccini)
//! signs in with an editor's token, accepts one report (typing the new phone), rejects another, accepts a
//! field visit; the export is checked, a bundle is built from it, and `paso-data near --json` shows the place
//! field-verified with the phone the editor typed. Needs Debian's `chromium` and `chromium-driver`
//! (`bash .ci/setup` installs them).

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
use paso::store::user::ReportKind;
use paso::wire::{
    CorrectionBasis, CorrectionField, CorrectionRow, FieldFinding, ReportBatch, VerificationBatch,
    WireReport, WireVerification, REPORTS_PATH, VERIFICATIONS_PATH,
};
use uuid::Uuid;

use crate::common::{copy_dir, fixture};
use crate::server::{generous, paso_server, Backend, Db, Running};
use crate::truth_loop::build_and_ask_near;

const PLACE: &str = "mx-tapachula-albergue-belen";
const NEW_PHONE: &str = "+52 962 118 4000";

/// ChromeDriver on a free loopback port, stopped on drop.
pub(crate) struct Driver {
    child: Child,
    pub(crate) url: String,
}

impl Driver {
    pub(crate) fn start() -> Self {
        let binary = Path::new("/usr/bin/chromedriver");
        assert!(
            binary.exists() && Path::new("/usr/bin/chromium").exists(),
            "Chromium and ChromeDriver are missing: run `bash .ci/setup` (Debian packages chromium, chromium-driver)"
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Driver {
    /// A headless Chromium session with a 360 px wide window; `profile` (a folder) keeps its storage
    /// across reloads; `phone_viewport` (width, height in CSS pixels) emulates a phone's screen of that size
    /// (a headless window is at least 500 px wide).
    pub(crate) async fn session(
        &self,
        profile: Option<&Path>,
        phone_viewport: Option<(u32, u32)>,
    ) -> fantoccini::Client {
        let mut args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--window-size=360,640".into(),
        ];
        if let Some(profile) = profile {
            args.push(format!("--user-data-dir={}", profile.display()));
        }
        let mut options = serde_json::json!({ "binary": "/usr/bin/chromium", "args": args });
        if let Some((width, height)) = phone_viewport {
            options["mobileEmulation"] = serde_json::json!({
                "deviceMetrics": { "width": width, "height": height, "pixelRatio": 1.0 }
            });
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("goog:chromeOptions".into(), options);
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&self.url)
            .await
            .expect("chromedriver session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn post(url: &str, body: &str, token: Option<&str>) {
    let mut request = ureq::post(url).header("Content-Type", "application/json");
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    request.send(body).unwrap();
}

fn report(n: u128, kind: ReportKind) -> WireReport {
    WireReport {
        id: Uuid::from_u128(n),
        place_id: Some(PLACE.into()),
        kind,
        text: String::new(),
        lang: "es".into(),
        bundle_version: 1,
        created_on: "2026-12-01".into(),
        position: None,
    }
}

#[test]
fn an_editor_reviews_in_chromium_and_the_next_bundle_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::new(Backend::Sqlite);
    let editor = paso_server(
        &db,
        &["staff", "add", "Eva", "--org", "Paso editors", "--editor"],
    );
    let staff = paso_server(
        &db,
        &["staff", "add", "Luis", "--org", "Cruz Roja Mexicana"],
    );
    let (editor, staff) = (editor.trim(), staff.trim());
    let server = Running::start(&db, generous());
    let reports = ReportBatch {
        reports: vec![
            report(1, ReportKind::WrongPhone),
            report(2, ReportKind::Other),
        ],
    };
    post(
        &server.url(REPORTS_PATH),
        &serde_json::to_string(&reports).unwrap(),
        None,
    );
    let visit = VerificationBatch {
        verifications: vec![WireVerification {
            id: Uuid::from_u128(3),
            place_id: PLACE.into(),
            visited_on: "2026-12-03".into(),
            lang: "es".into(),
            fields: vec![FieldFinding {
                field: CorrectionField::Status,
                corrected: None,
            }],
            notes: "Abierto.".into(),
        }],
    };
    post(
        &server.url(VERIFICATIONS_PATH),
        &serde_json::to_string(&visit).unwrap(),
        Some(staff),
    );

    let driver = Driver::start();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let browser = driver.session(None, None).await;
        browser.goto(&server.url("/review")).await.unwrap();
        let token = browser.find(Locator::Css("input#token")).await.unwrap();
        token.send_keys(editor).await.unwrap();
        browser
            .find(Locator::Css("form[action='/review/sign-in'] button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        // The sign-in answers with the queue (after a redirect): wait for it.
        let queue = browser
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css("main section"))
            .await
            .expect("the queue after signing in");
        let body = queue.html(false).await.unwrap();
        assert!(body.contains(PLACE), "{body}");

        // Report 1 (wrong phone): type the phone found and accept.
        let one = format!("div[data-report='{}']", Uuid::from_u128(1));
        let value = browser
            .find(Locator::Css(&format!("{one} input[name='value']")))
            .await
            .unwrap();
        value.send_keys(NEW_PHONE).await.unwrap();
        // Each button posts its form; the answer is the queue again, without that item.
        let press = |item: String, button: &'static str| {
            let browser = browser.clone();
            async move {
                browser
                    .find(Locator::Css(&format!("{item} button[value='{button}']")))
                    .await
                    .unwrap()
                    .click()
                    .await
                    .unwrap();
                let deadline = Instant::now() + Duration::from_secs(20);
                while browser.find(Locator::Css(&item)).await.is_ok() {
                    assert!(Instant::now() < deadline, "{item} is still on the queue");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        };
        press(one, "accept").await;
        // Report 2: reject.
        press(
            format!("div[data-report='{}']", Uuid::from_u128(2)),
            "reject",
        )
        .await;
        // The visit: accept.
        press(
            format!("div[data-verification='{}']", Uuid::from_u128(3)),
            "accept",
        )
        .await;
        let queue = browser.source().await.unwrap();
        assert!(
            !queue.contains("data-report="),
            "the queue is empty: {queue}"
        );
        browser.goto(&server.url("/review/audit")).await.unwrap();
        let audit = browser.source().await.unwrap();
        assert!(audit.contains(&format!("phone = {NEW_PHONE}")), "{audit}");
        assert!(audit.contains("reject"));
        browser.close().await.unwrap();
    });
    let decided = server.storage.snapshot().unwrap().decisions;
    assert_eq!(decided.len(), 3);
    drop(server);

    let data = dir.path().join("data");
    copy_dir(&fixture("mini"), &data);
    let out = data.join("corrections/field-verifications.csv");
    paso_server(&db, &["export", "--out", out.to_str().unwrap()]);
    let rows: Vec<CorrectionRow> = csv::Reader::from_path(&out)
        .unwrap()
        .deserialize()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(
        (rows[0].field, rows[0].value.as_str(), rows[0].basis),
        (
            Some(CorrectionField::Phone),
            NEW_PHONE,
            CorrectionBasis::Reports
        )
    );
    assert_eq!(
        (rows[1].field, rows[1].basis),
        (None, CorrectionBasis::FieldVisit)
    );

    let bundle = dir.path().join("next.paso");
    let row = build_and_ask_near(&data, &bundle, PLACE);
    assert_eq!(row["verification"], "field_verified", "{row}");
    let phones = row["phones"].to_string();
    assert!(
        phones.contains("529621184000") || phones.contains("+52 962 118 4000"),
        "{phones}"
    );
}
