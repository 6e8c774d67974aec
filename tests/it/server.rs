//! `paso-server` over real HTTP on 127.0.0.1, on both backends (the embedded SQLite and a throwaway
//! PostgreSQL cluster, see [`pg`]): idempotent reports, also when sent at once from many clients, bad input
//! refused with nothing stored, staff tokens (missing, wrong, revoked → 401), the rate limit, the review page's
//! accept/reject with its audit log and export, and a database from a newer server refused.

mod pg;

use std::ffi::OsString;
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

use paso::server::http::{serve, AppState, ServerConfig};
use paso::server::postgres::PostgresStorage;
use paso::server::sqlite::SqliteStorage;
use paso::server::storage::{Storage, StorageError};
use paso::store::user::ReportKind;
use paso::wire::{
    BatchAnswer, CorrectionBasis, CorrectionField, CorrectionRow, FieldFinding, Outcome,
    ReportBatch, VerificationBatch, WirePosition, WireReport, WireVerification, MAX_BATCH,
    REPORTS_PATH, VERIFICATIONS_PATH,
};
use uuid::Uuid;

/// Which backend a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The embedded database in a temporary folder.
    Sqlite,
    /// A fresh database on the test cluster.
    Postgres,
}

/// Generates, for each test body `fn name(backend: Backend)`, the tests `name::sqlite` and `name::postgres`.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(mod $name {
            #[test]
            fn sqlite() {
                super::$name(super::Backend::Sqlite)
            }

            #[test]
            fn postgres() {
                super::$name(super::Backend::Postgres)
            }
        })*
    };
}

on_both_backends!(
    a_report_sent_twice_is_stored_once_and_survives_a_restart,
    the_same_reports_sent_at_once_by_many_clients_are_stored_once,
    bad_input_gets_a_clear_4xx_and_nothing_is_stored,
    the_rate_limit_answers_429_per_address,
    staff_endpoints_need_a_valid_unrevoked_token,
    editors_accept_and_reject_on_the_review_page_and_export_only_what_they_accepted,
    a_database_from_a_newer_server_is_refused,
);

/// One test's database, and a temporary folder for its other files.
pub struct Db {
    /// The test's folder (the embedded database lives in its `server/`).
    pub dir: tempfile::TempDir,
    /// The PostgreSQL address.
    url: Option<String>,
}

impl Db {
    /// A new, empty database on `backend`.
    pub fn new(backend: Backend) -> Self {
        Db {
            dir: tempfile::tempdir().unwrap(),
            url: (backend == Backend::Postgres).then(pg::fresh_database),
        }
    }

    /// The embedded database's folder.
    fn data(&self) -> PathBuf {
        self.dir.path().join("server")
    }

    /// Opens (and migrates) it.
    pub fn try_open(&self) -> Result<Arc<dyn Storage>, StorageError> {
        Ok(match &self.url {
            None => Arc::new(SqliteStorage::open_in(&self.data())?),
            Some(url) => Arc::new(PostgresStorage::open(url)?),
        })
    }

    /// The `paso-server` arguments that choose it.
    pub fn args(&self) -> Vec<OsString> {
        match &self.url {
            None => vec!["--data".into(), self.data().into()],
            Some(url) => vec!["--database".into(), url.into()],
        }
    }

    /// Everything stored, as text: the embedded database's files, or every row of every PostgreSQL table.
    fn raw_text(&self) -> String {
        match &self.url {
            None => std::fs::read_dir(self.data())
                .unwrap()
                .map(|entry| {
                    String::from_utf8_lossy(&std::fs::read(entry.unwrap().path()).unwrap())
                        .into_owned()
                })
                .collect(),
            Some(url) => {
                let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
                let tables = client
                    .query(
                        "SELECT table_name::text FROM information_schema.tables
                         WHERE table_schema = 'public'",
                        &[],
                    )
                    .unwrap();
                let mut text = String::new();
                for table in tables {
                    let name: String = table.get(0);
                    for row in client
                        .query(&format!("SELECT t::text FROM {name} t"), &[])
                        .unwrap()
                    {
                        text.push_str(row.get::<_, &str>(0));
                        text.push('\n');
                    }
                }
                text
            }
        }
    }

    /// Marks the database as made by a server with schema `version`.
    fn set_schema_version(&self, version: i64) {
        match &self.url {
            None => {
                rusqlite::Connection::open(self.data().join(paso::server::sqlite::DATABASE_FILE))
                    .unwrap()
                    .pragma_update(None, "user_version", version)
                    .unwrap()
            }
            Some(url) => {
                postgres::Client::connect(url, postgres::NoTls)
                    .unwrap()
                    .execute(
                        "INSERT INTO schema_version (version) VALUES ($1)",
                        &[&version],
                    )
                    .unwrap();
            }
        }
    }
}

/// A server on its own runtime thread.
pub struct Running {
    /// Where it listens.
    pub address: SocketAddr,
    /// Its database, shared with the test for inspection.
    pub storage: Arc<dyn Storage>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    /// Starts a server on `db`.
    pub fn start(db: &Db, config: ServerConfig) -> Self {
        let storage = db.try_open().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (ready, address) = std::sync::mpsc::channel();
        let shared = storage.clone();
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

/// A limit no test reaches.
pub fn generous() -> ServerConfig {
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

/// POSTs a JSON `body` larger than the server takes, as a client would start to, over a plain socket: it
/// declares the whole length but writes only one byte more than the limit, then reads the answer. (The server
/// answers 413 once it has read past the limit and closes; a client still writing the rest could get a reset
/// before it reads that answer, more often on a loaded machine.) The status and the body text.
fn post_oversized(address: SocketAddr, path: &str, body: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream
        .write_all(&body.as_bytes()[..paso::wire::MAX_BODY_BYTES + 1])
        .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer);
    let (head, text) = answer.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, text.to_string())
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

fn a_report_sent_twice_is_stored_once_and_survives_a_restart(backend: Backend) {
    let db = Db::new(backend);
    let server = Running::start(&db, generous());
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

    let server = Running::start(&db, generous());
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
    let stored = db.raw_text();
    assert!(stored.contains("se mudó"), "the check reads what is stored");
    assert!(!stored.contains("127.0.0.1"), "an address was stored");
}

fn bad_input_gets_a_clear_4xx_and_nothing_is_stored(backend: Backend) {
    let db = Db::new(backend);
    let server = Running::start(&db, generous());
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
        let (got, text) = if body.len() > paso::wire::MAX_BODY_BYTES {
            post_oversized(server.address, REPORTS_PATH, &body)
        } else {
            post_json(&server.url(REPORTS_PATH), &body, None)
        };
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

fn the_rate_limit_answers_429_per_address(backend: Backend) {
    let db = Db::new(backend);
    let server = Running::start(
        &db,
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

/// Runs the `paso-server` binary on `db`.
/// Runs the `paso-server` binary on `db`; its output.
pub fn paso_server(db: &Db, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_paso-server"))
        .args(db.args())
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

fn staff_endpoints_need_a_valid_unrevoked_token(backend: Backend) {
    let db = Db::new(backend);
    let token = paso_server(&db, &["staff", "add", "Ana Pérez", "--org", "Cruz Roja"])
        .trim()
        .to_string();
    assert!(token.starts_with("paso_"), "{token}");
    let stored = db.raw_text();
    let secret = token.rsplit('_').next().unwrap();
    assert!(
        stored.contains("Ana Pérez"),
        "the check reads what is stored"
    );
    assert!(!stored.contains(secret), "the token itself was stored");

    let server = Running::start(&db, generous());
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

    paso_server(&db, &["staff", "revoke", "Ana Pérez"]);
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

fn editors_accept_and_reject_on_the_review_page_and_export_only_what_they_accepted(
    backend: Backend,
) {
    let db = Db::new(backend);
    let editor = paso_server(
        &db,
        &["staff", "add", "Eva", "--org", "Paso editors", "--editor"],
    );
    let field = paso_server(&db, &["staff", "add", "Luis", "--org", "Cruz Roja"]);
    let (editor, field) = (editor.trim(), field.trim());
    let server = Running::start(&db, generous());

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

    let out = db.dir.path().join("corrections/field-verifications.csv");
    paso_server(&db, &["export", "--out", out.to_str().unwrap()]);
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

fn the_same_reports_sent_at_once_by_many_clients_are_stored_once(backend: Backend) {
    let db = Db::new(backend);
    let server = Running::start(&db, generous());
    let clients = 8;
    let batch: Vec<WireReport> = (1..=5)
        .map(|n| report(n, ReportKind::Closed, "cerrado"))
        .collect();
    let start = std::sync::Barrier::new(clients);
    let answers: Vec<BatchAnswer> = std::thread::scope(|scope| {
        let sending: Vec<_> = (0..clients)
            .map(|_| {
                scope.spawn(|| {
                    start.wait();
                    send_reports(&server, batch.clone())
                })
            })
            .collect();
        sending.into_iter().map(|s| s.join().unwrap()).collect()
    });
    for n in 1..=5 {
        let outcomes: Vec<Outcome> = answers
            .iter()
            .map(|a| {
                a.results
                    .iter()
                    .find(|r| r.id == Uuid::from_u128(n))
                    .unwrap()
                    .outcome
            })
            .collect();
        let accepted = outcomes.iter().filter(|o| **o == Outcome::Accepted).count();
        let duplicate = outcomes
            .iter()
            .filter(|o| **o == Outcome::Duplicate)
            .count();
        assert_eq!(
            (accepted, duplicate),
            (1, clients - 1),
            "report {n}: {outcomes:?}"
        );
    }
    assert_eq!(stored_reports(&server), 5);
}

fn a_database_from_a_newer_server_is_refused(backend: Backend) {
    let db = Db::new(backend);
    let storage = db.try_open().unwrap();
    storage
        .put_reports(&[paso::server::storage::StoredReport::new(
            &report(1, ReportKind::Closed, "cerrado"),
            "2026-12-03",
        )])
        .unwrap();
    drop(storage);
    // Opening again migrates nothing and loses nothing.
    assert_eq!(db.try_open().unwrap().snapshot().unwrap().reports.len(), 1);
    db.set_schema_version(99);
    match db.try_open() {
        Err(StorageError::TooNew {
            found: 99,
            known: 1,
        }) => {}
        Err(other) => panic!("expected TooNew, got {other}"),
        Ok(_) => panic!("a newer database was opened"),
    }
}

/// The last handle to the PostgreSQL backend may go on an async thread (a server shutting down): each blocking
/// client blocks on its own runtime to close, which tokio refuses there unless the backend closes them elsewhere.
#[test]
fn the_postgres_backend_may_be_dropped_on_an_async_thread() {
    let db = Db::new(Backend::Postgres);
    let storage = db.try_open().unwrap();
    assert!(storage.snapshot().unwrap().reports.is_empty());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async move {
        // Used from a blocking thread, as the HTTP layer does, then dropped here.
        let storage = tokio::task::spawn_blocking(move || {
            storage.audit().unwrap();
            storage
        })
        .await
        .unwrap();
        drop(storage);
    });
}
