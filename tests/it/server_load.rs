//! Load and faults (ignored by default; run with `cargo test --no-default-features --features server --test it
//! -- --ignored server_load --nocapture`): 50 clients send 10,000 reports to a real `paso-server` process on
//! 127.0.0.1, 10% of them sent again as retried duplicates, the server is killed with SIGKILL half-way and
//! started again; afterwards every report is held exactly once and nothing else is. Prints throughput and
//! latency percentiles.

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::server::{Backend, Db};
use paso::store::user::ReportKind;
use paso::wire::{BatchAnswer, Outcome, ReportBatch, WireReport, REPORTS_PATH};
use uuid::Uuid;

const CLIENTS: usize = 50;
const REPORTS: usize = 10_000;
const KILL_AFTER: usize = REPORTS / 2;

fn free_port() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

fn start_server(db: &Db, address: SocketAddr) -> Child {
    let child = Command::new(env!("CARGO_BIN_EXE_paso-server"))
        .args(db.args())
        .args(["serve", "--listen", &address.to_string()])
        .args(["--requests-per-minute", "100000000"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(address).is_err() {
        assert!(Instant::now() < deadline, "paso-server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

fn report(n: usize) -> WireReport {
    WireReport {
        id: Uuid::from_u128(0xA000_0000 + n as u128),
        place_id: Some(format!("load-{}", n % 500)),
        kind: ReportKind::ALL[n % (ReportKind::ALL.len() - 1)],
        text: format!("report number {n}"),
        lang: "es".into(),
        bundle_version: 1,
        created_on: "2026-12-03".into(),
        position: None,
    }
}

/// One client's send of one report, retried until the server answers; the answer and its latency.
fn send_until_answered(agent: &ureq::Agent, url: &str, body: &str) -> (Outcome, Duration) {
    loop {
        let started = Instant::now();
        let answer = agent
            .post(url)
            .header("Content-Type", "application/json")
            .send(body)
            .ok()
            .filter(|r| r.status().as_u16() == 200)
            .and_then(|mut r| r.body_mut().read_to_string().ok())
            .and_then(|text| serde_json::from_str::<BatchAnswer>(&text).ok());
        match answer {
            Some(answer) => return (answer.results[0].outcome, started.elapsed()),
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[test]
#[ignore = "load and fault run: prints figures for BENCHMARKS.md"]
fn fifty_clients_a_kill_and_a_restart_lose_and_double_nothing_on_sqlite() {
    load_and_kill(Backend::Sqlite, "embedded SQLite");
}

#[test]
#[ignore = "load and fault run: prints figures for BENCHMARKS.md"]
fn fifty_clients_a_kill_and_a_restart_lose_and_double_nothing_on_postgres() {
    load_and_kill(Backend::Postgres, "PostgreSQL");
}

fn load_and_kill(backend: Backend, name: &str) {
    let db = Db::new(backend);
    let address = free_port();
    let server = Arc::new(Mutex::new(start_server(&db, address)));
    let url = format!("http://{address}{REPORTS_PATH}");
    // Every tenth report is sent a second time after its first answer: a retry the server must see as a
    // duplicate.
    let work: VecDeque<(usize, bool)> = (0..REPORTS)
        .flat_map(|n| {
            let again = (n % 10 == 0).then_some((n, true));
            std::iter::once((n, false)).chain(again)
        })
        .collect();
    let requests = work.len();
    let work = Arc::new(Mutex::new(work));
    let answered = Arc::new(AtomicUsize::new(0));
    let outcomes = Arc::new(Mutex::new(HashMap::<usize, Vec<Outcome>>::new()));
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(requests)));
    let started = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (work, answered, outcomes, latencies, url) = (
                work.clone(),
                answered.clone(),
                outcomes.clone(),
                latencies.clone(),
                url.clone(),
            );
            std::thread::spawn(move || {
                let agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .timeout_global(Some(Duration::from_secs(10)))
                    .build()
                    .new_agent();
                loop {
                    let Some((n, _again)) = work.lock().unwrap().pop_front() else {
                        break;
                    };
                    let body = serde_json::to_string(&ReportBatch {
                        reports: vec![report(n)],
                    })
                    .unwrap();
                    let (outcome, latency) = send_until_answered(&agent, &url, &body);
                    outcomes.lock().unwrap().entry(n).or_default().push(outcome);
                    latencies.lock().unwrap().push(latency);
                    answered.fetch_add(1, Ordering::SeqCst);
                }
            })
        })
        .collect();

    while answered.load(Ordering::SeqCst) < KILL_AFTER {
        std::thread::sleep(Duration::from_millis(5));
    }
    let killed_at = answered.load(Ordering::SeqCst);
    let down = Instant::now();
    {
        let mut child = server.lock().unwrap();
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        *child = start_server(&db, address);
    }
    let restart = down.elapsed();
    for client in clients {
        client.join().unwrap();
    }
    let elapsed = started.elapsed();
    {
        let mut child = server.lock().unwrap();
        child.kill().unwrap();
        child.wait().unwrap();
    }

    let held = db.try_open().unwrap().snapshot().unwrap();
    let held_ids: Vec<Uuid> = held.reports.iter().map(|r| r.id).collect();
    let unique: HashSet<Uuid> = held_ids.iter().copied().collect();
    assert_eq!(held_ids.len(), unique.len(), "a report is held twice");
    let sent: HashSet<Uuid> = (0..REPORTS).map(|n| report(n).id).collect();
    assert_eq!(unique, sent, "held reports are exactly the reports sent");
    let outcomes = outcomes.lock().unwrap();
    let accepted_once = outcomes
        .values()
        .filter(|o| o.iter().filter(|x| **x == Outcome::Accepted).count() == 1)
        .count();
    assert!(
        outcomes
            .values()
            .all(|o| o.iter().filter(|x| **x == Outcome::Accepted).count() <= 1),
        "a report was accepted twice"
    );
    let duplicates: usize = outcomes
        .values()
        .map(|o| o.iter().filter(|x| **x == Outcome::Duplicate).count())
        .sum();
    let mut latencies = latencies.lock().unwrap().clone();
    latencies.sort();
    println!(
        "server load ({name}, {} build): {CLIENTS} clients, {REPORTS} reports + {} retried duplicates, \
         SIGKILL after {killed_at} answers, back in {:.0} ms; {requests} requests in {:.1} s = {:.0} requests/s; \
         latency p50 {:.1} ms, p99 {:.1} ms, max {:.0} ms; {accepted_once} accepted once, {duplicates} duplicate answers; \
         held {} reports, each once",
        if cfg!(debug_assertions) { "debug" } else { "release" },
        requests - REPORTS,
        restart.as_secs_f64() * 1000.0,
        elapsed.as_secs_f64(),
        requests as f64 / elapsed.as_secs_f64(),
        percentile(&latencies, 0.5).as_secs_f64() * 1000.0,
        percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
        latencies.last().unwrap().as_secs_f64() * 1000.0,
        held_ids.len(),
    );
}
