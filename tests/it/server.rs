//! `paso-server` over real HTTP on 127.0.0.1: idempotent reports, bad input refused with nothing stored,
//! staff tokens (missing, wrong, revoked → 401), the rate limit, and the review page's accept/reject with
//! its audit log and export.

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use paso::server::http::{serve, AppState, ServerConfig};
use paso::server::sqlite::SqliteStorage;
use paso::server::storage::Storage;
use paso::store::user::ReportKind;
use paso::wire::{
    BatchAnswer, CorrectionBasis, CorrectionField, CorrectionRow, FieldFinding, Outcome,
    ReportBatch, VerificationBatch, WirePosition, WireReport, WireVerification, MAX_BATCH,
    REPORTS_PATH, VERIFICATIONS_PATH,
};
use uuid::Uuid;

/// A server on its own runtime thread, on an embedded database in a temporary folder.
pub struct Running {
    /// Where it listens.
    pub address: SocketAddr,
    /// Its database, shared with the test for inspection.
    pub storage: Arc<SqliteStorage>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    /// Starts a server on the database in `folder`.
    pub fn start(folder: &Path, config: ServerConfig) -> Self {
        let storage = Arc::new(SqliteStorage::open_in(folder).unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (ready, address) = std::sync::mpsc::channel();
        let shared: Arc<dyn Storage> = storage.clone();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                ready.send(listener.local_addr().unwrap()).unwrap();
                serve(listener, AppState::new(shared, config), async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
            });
        });
        Running {
            address: address.recv().unwrap(),
            storage,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// The URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn generous() -> ServerConfig {
    ServerConfig {
        requests_per_minute: NonZeroU32::new(10_000).unwrap(),
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(std::time::Duration::from_secs(30)))
        .build()
        .new_agent()
}

/// POSTs `body` as JSON; the status and the body text.
fn post_json(url: &str, body: &str, token: Option<&str>) -> (u16, String) {
    let mut request = agent().post(url).header("Content-Type", "application/json");
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    let mut response = request.send(body).unwrap();
    let status = response.status().as_u16();
    (
        status,
        response.body_mut().read_to_string().unwrap_or_default(),
    )
}

fn report(n: u128, kind: ReportKind, text: &str) -> WireReport {
    WireReport {
        id: Uuid::from_u128(n),
        place_id: (kind != ReportKind::NewPlace).then(|| "mini-cr-0001".to_string()),
        kind,
        text: text.into(),
        lang: "es".into(),
        bundle_version: 3,
        created_on: "2026-12-01".into(),
        position: None,
    }
}

fn send_reports(server: &Running, reports: Vec<WireReport>) -> BatchAnswer {
    let body = serde_json::to_string(&ReportBatch { reports }).unwrap();
    let (status, text) = post_json(&server.url(REPORTS_PATH), &body, None);
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).unwrap()
}

fn stored_reports(server: &Running) -> usize {
    server.storage.snapshot().unwrap().reports.len()
}

#[test]
fn a_report_sent_twice_is_stored_once_and_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), generous());
    let mut with_position = report(2, ReportKind::Moved, "se mudó dos cuadras al norte");
    with_position.position = Some(WirePosition {
        lat: 9.93,
        lon: -84.08,
    });
    let first = send_reports(
        &server,
        vec![
            report(1, ReportKind::Closed, "cerrado"),
            with_position.clone(),
        ],
    );
    assert!(first
        .results
        .iter()
        .all(|r| r.outcome == Outcome::Accepted && r.reason.is_none()));
    let again = send_reports(
        &server,
        vec![
            report(1, ReportKind::Closed, "cerrado"),
            report(3, ReportKind::Other, ""),
        ],
    );
    let outcomes: Vec<_> = again.results.iter().map(|r| (r.id, r.outcome)).collect();
    assert_eq!(
        outcomes,
        vec![
            (Uuid::from_u128(1), Outcome::Duplicate),
            (Uuid::from_u128(3), Outcome::Accepted)
        ]
    );
    assert_eq!(stored_reports(&server), 3);
    drop(server);

    let server = Running::start(dir.path(), generous());
    let snapshot = server.storage.snapshot().unwrap();
    assert_eq!(snapshot.reports.len(), 3);
    let moved = snapshot
        .reports
        .iter()
        .find(|r| r.id == with_position.id)
        .unwrap();
    assert_eq!(moved.position, with_position.position);
    assert_eq!(
        send_reports(&server, vec![with_position]).results[0].outcome,
        Outcome::Duplicate
    );
    // The client's address is used for the rate limit only: it is nowhere in the database.
    drop(server);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("127.0.0.1"), "an address was stored");
    }
}

#[test]
fn bad_input_gets_a_clear_4xx_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), generous());
    let good = serde_json::to_string(&ReportBatch {
        reports: vec![report(9, ReportKind::Closed, "cerrado")],
    })
    .unwrap();
    let huge = serde_json::to_string(&ReportBatch {
        reports: vec![report(10, ReportKind::Closed, &"x".repeat(1 << 20))],
    })
    .unwrap();
    let too_many = serde_json::to_string(&ReportBatch {
        reports: (0..=MAX_BATCH as u128)
            .map(|n| report(100 + n, ReportKind::Other, ""))
            .collect(),
    })
    .unwrap();
    let cases: Vec<(&str, String, u16, &str)> = vec![
        ("1 MB text", huge, 413, "larger than"),
        ("too many reports", too_many, 413, "at most 50"),
        (
            "malformed JSON",
            "{\"reports\": [".into(),
            400,
            "not a valid batch",
        ),
        (
            "not JSON at all",
            "closed!".into(),
            400,
            "not a valid batch",
        ),
        (
            "unknown kind",
            good.replace("\"closed\"", "\"bribe\""),
            400,
            "unknown variant",
        ),
        (
            "bad UUID",
            good.replace("00000000-0000-0000-0000-000000000009", "nine"),
            400,
            "UUID",
        ),
        (
            "unknown field (a device id)",
            good.replace("\"lang\"", "\"device\":\"abc\",\"lang\""),
            400,
            "unknown field",
        ),
    ];
    for (what, body, status, says) in cases {
        let (got, text) = post_json(&server.url(REPORTS_PATH), &body, None);
        assert_eq!(got, status, "{what}: {text}");
        let error: serde_json::Value = serde_json::from_str(&text).unwrap();
        let message = error["error"].as_str().unwrap();
        assert!(message.contains(says), "{what}: {message}");
    }
    assert_eq!(stored_reports(&server), 0);

    // Items with hidden characters, overlong text or a wrong shape are refused one by one, with a reason.
    let mut new_place_with_id = report(23, ReportKind::NewPlace, "");
    new_place_with_id.place_id = Some("mini-cr-0001".into());
    let answer = send_reports(
        &server,
        vec![
            report(20, ReportKind::Closed, "cerrado \u{202E}otreiba"),
            report(21, ReportKind::Closed, &"x".repeat(1001)),
            report(22, ReportKind::Closed, "bell\u{0007}"),
            new_place_with_id,
            report(24, ReportKind::Closed, "cerrado de verdad"),
        ],
    );
    let reasons: Vec<_> = answer
        .results
        .iter()
        .map(|r| (r.outcome, r.reason.clone().unwrap_or_default()))
        .collect();
    assert!(reasons[0].1.contains("direction control"), "{reasons:?}");
    assert!(reasons[1].1.contains("1001 characters"), "{reasons:?}");
    assert!(reasons[2].1.contains("control character"), "{reasons:?}");
    assert!(reasons[3].1.contains("new_place"), "{reasons:?}");
    assert_eq!(reasons[4], (Outcome::Accepted, String::new()));
    assert!(reasons[..4].iter().all(|(o, _)| *o == Outcome::Rejected));
    assert_eq!(stored_reports(&server), 1);
}

#[test]
fn the_rate_limit_answers_429_per_address() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(
        dir.path(),
        ServerConfig {
            requests_per_minute: NonZeroU32::new(3).unwrap(),
        },
    );
    let body = serde_json::to_string(&ReportBatch { reports: vec![] }).unwrap();
    let statuses: Vec<u16> = (0..5)
        .map(|_| post_json(&server.url(REPORTS_PATH), &body, None).0)
        .collect();
    assert_eq!(statuses, vec![200, 200, 200, 429, 429]);
}

/// Runs the `paso-server` binary on the embedded database in `data`.
fn paso_server(data: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_paso-server"))
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "paso-server {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn verification(n: u128, place_id: &str) -> WireVerification {
    WireVerification {
        id: Uuid::from_u128(n),
        place_id: place_id.into(),
        visited_on: "2026-12-03".into(),
        lang: "es".into(),
        fields: vec![
            FieldFinding {
                field: CorrectionField::Status,
                corrected: None,
            },
            FieldFinding {
                field: CorrectionField::Phone,
                corrected: Some("+506 2222-0000".into()),
            },
        ],
        notes: "Abierto, atendimos a dos familias.".into(),
    }
}

#[test]
fn staff_endpoints_need_a_valid_unrevoked_token() {
    let dir = tempfile::tempdir().unwrap();
    let token = paso_server(
        dir.path(),
        &["staff", "add", "Ana Pérez", "--org", "Cruz Roja"],
    )
    .trim()
    .to_string();
    assert!(token.starts_with("paso_"), "{token}");
    let stored = std::fs::read(dir.path().join(paso::server::sqlite::DATABASE_FILE)).unwrap();
    let secret = token.rsplit('_').next().unwrap();
    assert!(
        !String::from_utf8_lossy(&stored).contains(secret),
        "the token itself was stored"
    );

    let server = Running::start(dir.path(), generous());
    let body = serde_json::to_string(&VerificationBatch {
        verifications: vec![verification(1, "mini-cr-0001")],
    })
    .unwrap();
    let url = server.url(VERIFICATIONS_PATH);
    let wrong = format!(
        "{}{}",
        &token[..token.len() - 1],
        if token.ends_with('0') { '1' } else { '0' }
    );
    for (what, bearer) in [
        ("missing", None),
        ("wrong", Some(wrong.as_str())),
        ("garbage", Some("hello")),
    ] {
        let (status, text) = post_json(&url, &body, bearer);
        assert_eq!(status, 401, "{what} token: {text}");
    }
    let (status, text) = post_json(&url, &body, Some(&token));
    assert_eq!(status, 200, "{text}");
    let answer: BatchAnswer = serde_json::from_str(&text).unwrap();
    assert_eq!(answer.results[0].outcome, Outcome::Accepted);
    let (_, again) = post_json(&url, &body, Some(&token));
    let again: BatchAnswer = serde_json::from_str(&again).unwrap();
    assert_eq!(again.results[0].outcome, Outcome::Duplicate);

    paso_server(dir.path(), &["staff", "revoke", "Ana Pérez"]);
    let other = serde_json::to_string(&VerificationBatch {
        verifications: vec![verification(2, "mini-cr-0001")],
    })
    .unwrap();
    let (status, text) = post_json(&url, &other, Some(&token));
    assert_eq!(status, 401, "revoked token: {text}");
    assert_eq!(server.storage.snapshot().unwrap().verifications.len(), 1);
}

/// A browser-less review session: the cookie the sign-in set.
fn sign_in(server: &Running, token: &str) -> Result<String, u16> {
    let mut response = agent()
        .post(&server.url("/review/sign-in"))
        .send_form([("token", token)])
        .unwrap();
    if response.status().as_u16() != 303 {
        let _ = response.body_mut().read_to_string();
        return Err(response.status().as_u16());
    }
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    Ok(cookie.split(';').next().unwrap().to_string())
}

fn get_page(server: &Running, path: &str, cookie: &str) -> String {
    let mut response = agent()
        .get(&server.url(path))
        .header("Cookie", cookie)
        .call()
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    response.body_mut().read_to_string().unwrap()
}

fn decide(server: &Running, cookie: &str, form: &[(&str, &str)]) -> u16 {
    agent()
        .post(&server.url("/review/decide"))
        .header("Cookie", cookie)
        .send_form(form.iter().copied())
        .unwrap()
        .status()
        .as_u16()
}

#[test]
fn editors_accept_and_reject_on_the_review_page_and_export_only_what_they_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("server");
    let editor = paso_server(
        &data,
        &["staff", "add", "Eva", "--org", "Paso editors", "--editor"],
    );
    let field = paso_server(&data, &["staff", "add", "Luis", "--org", "Cruz Roja"]);
    let (editor, field) = (editor.trim(), field.trim());
    let server = Running::start(&data, generous());

    assert_eq!(
        sign_in(&server, field),
        Err(403),
        "field staff do not review"
    );
    assert_eq!(sign_in(&server, "paso_1_00"), Err(401));
    let unsigned = agent().get(&server.url("/review")).call().unwrap();
    assert!(unsigned
        .into_body()
        .read_to_string()
        .unwrap()
        .contains("Staff token"));

    send_reports(
        &server,
        vec![
            report(1, ReportKind::Closed, "<script>alert(1)</script> cerrado"),
            report(2, ReportKind::Closed, "ya no abre"),
            report(3, ReportKind::ChargedMoney, "cobran por entrar"),
        ],
    );
    let body = serde_json::to_string(&VerificationBatch {
        verifications: vec![verification(7, "mini-cr-0002")],
    })
    .unwrap();
    assert_eq!(
        post_json(&server.url(VERIFICATIONS_PATH), &body, Some(field)).0,
        200
    );

    let cookie = sign_in(&server, editor).unwrap();
    let queue = get_page(&server, "/review", &cookie);
    assert!(
        queue.contains("mini-cr-0001") && queue.contains("mini-cr-0002"),
        "{queue}"
    );
    assert!(queue.contains("closed</strong> 2 on 1 day(s)"), "{queue}");
    assert!(!queue.contains("<script>"), "report text must be escaped");
    assert!(queue.contains("&lt;script&gt;"));
    assert!(queue.contains("Luis (Cruz Roja)"));

    let one = Uuid::from_u128(1).to_string();
    let three = Uuid::from_u128(3).to_string();
    let seven = Uuid::from_u128(7).to_string();
    let accept_report = [
        ("item_kind", "report"),
        ("item_id", one.as_str()),
        ("decision", "accept"),
        ("field", "status"),
        ("value", "closed"),
    ];
    assert_eq!(decide(&server, &cookie, &accept_report), 303);
    let reject = [
        ("item_kind", "report"),
        ("item_id", three.as_str()),
        ("decision", "reject"),
    ];
    assert_eq!(decide(&server, &cookie, &reject), 303);
    let accept_visit = [
        ("item_kind", "verification"),
        ("item_id", seven.as_str()),
        ("decision", "accept"),
    ];
    assert_eq!(decide(&server, &cookie, &accept_visit), 303);
    assert_eq!(decide(&server, "paso_review=forged", &reject), 401);
    let bad = [
        ("item_kind", "report"),
        ("item_id", one.as_str()),
        ("decision", "maybe"),
    ];
    assert_eq!(decide(&server, &cookie, &bad), 400);

    let queue = get_page(&server, "/review", &cookie);
    assert!(!queue.contains(&format!("data-report=\"{one}\"")));
    assert!(!queue.contains(&format!("data-report=\"{three}\"")));
    assert!(queue.contains(&format!("data-report=\"{}\"", Uuid::from_u128(2))));
    let audit = get_page(&server, "/review/audit", &cookie);
    for needle in [
        "accept",
        "reject",
        "status = closed",
        "Eva",
        "staff_add",
        "Luis",
    ] {
        assert!(audit.contains(needle), "audit lacks {needle}: {audit}");
    }
    drop(server);

    let out = dir.path().join("corrections/field-verifications.csv");
    paso_server(&data, &["export", "--out", out.to_str().unwrap()]);
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let rows: Vec<CorrectionRow> = reader.deserialize().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0].place_id, "mini-cr-0001");
    assert_eq!(rows[0].field, Some(CorrectionField::Status));
    assert_eq!(rows[0].value, "closed");
    assert_eq!(rows[0].basis, CorrectionBasis::Reports);
    assert_eq!(rows[0].organisation, "Paso editors");
    assert!(
        rows[0].evidence.contains("2 report(s)"),
        "{}",
        rows[0].evidence
    );
    assert_eq!(rows[1].place_id, "mini-cr-0002");
    assert_eq!(rows[1].field, Some(CorrectionField::Phone));
    assert_eq!(rows[1].value, "+506 2222-0000");
    assert_eq!(rows[1].basis, CorrectionBasis::FieldVisit);
    assert_eq!(rows[1].date, "2026-12-03");
    assert_eq!(rows[1].organisation, "Cruz Roja");
    assert!(
        !std::fs::read_to_string(&out).unwrap().contains("Luis"),
        "staff names stay on the server"
    );
}
