//! The app's outbox (library level) sends to a real `paso-server` on loopback: a timeout followed by a
//! retry still stores each report exactly once, refusals come back with their reason, and nothing is sent
//! that the person did not queue.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use paso::report_sender::{send_outbox, SendError, SendOptions};
use paso::store::user::{NewReport, ReportKind, ReportState, UserStore};
use paso::wire::WirePosition;

use crate::server::{generous, Backend, Db, Running};

/// A loopback relay in front of the server that holds back the answer of its first `stalls` connections
/// for `stall` (the request still reaches the server, so the report is stored while the phone times out).
fn stalling_relay(
    server: SocketAddr,
    stalls: usize,
    stall: Duration,
) -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(mut client) = client else { break };
            let n = counter.fetch_add(1, Ordering::SeqCst);
            std::thread::spawn(move || {
                let Ok(mut upstream) = TcpStream::connect(server) else {
                    return;
                };
                let mut to_server = client.try_clone().unwrap();
                let mut from_client = upstream.try_clone().unwrap();
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut to_server, &mut from_client);
                });
                let mut buffer = [0u8; 8192];
                if n < stalls {
                    std::thread::sleep(stall);
                }
                while let Ok(read) = upstream.read(&mut buffer) {
                    if read == 0 {
                        break;
                    }
                    if client.write_all(&buffer[..read]).is_err() {
                        break;
                    }
                }
            });
        }
    });
    (address, connections)
}

fn queue(user: &UserStore, kind: ReportKind, place: Option<&str>, note: &str) {
    user.queue_report(&NewReport {
        place_id: place,
        kind,
        note,
        bundle_version: 3,
        lang: "fr",
        position: None,
    })
    .unwrap();
}

#[test]
fn a_timeout_then_a_retry_stores_each_report_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::new(Backend::Sqlite);
    let server = Running::start(&db, generous());
    let user = UserStore::open(&dir.path().join("user.sqlite")).unwrap();
    queue(
        &user,
        ReportKind::Closed,
        Some("mini-cr-0001"),
        "fermé depuis lundi",
    );
    queue(&user, ReportKind::WrongPhone, Some("mini-cr-0002"), "");
    user.queue_report(&NewReport {
        place_id: None,
        kind: ReportKind::NewPlace,
        note: "un nouveau refuge près de l'église",
        bundle_version: 3,
        lang: "fr",
        position: Some(WirePosition {
            lat: 8.4,
            lon: -77.5,
        }),
    })
    .unwrap();

    let (relay, connections) = stalling_relay(server.address, 1, Duration::from_secs(3));
    let options = SendOptions {
        timeout: Duration::from_millis(1500),
        attempts: 3,
        backoff: Duration::from_millis(100),
    };
    let tally = send_outbox(&format!("http://{relay}"), &user, &options).unwrap();
    assert!(
        connections.load(Ordering::SeqCst) >= 2,
        "the first try timed out, so a second was made"
    );
    // The first try reached the server, so the retry's answer is "duplicate" for all three.
    assert_eq!(tally.accepted + tally.duplicate, 3, "{tally:?}");
    assert_eq!(server.storage.snapshot().unwrap().reports.len(), 3);
    let states: Vec<ReportState> = user.reports().unwrap().iter().map(|r| r.state).collect();
    assert!(states.iter().all(|s| !s.awaits_server()), "{states:?}");
    let held = server.storage.snapshot().unwrap();
    let new_place = held.reports.iter().find(|r| r.place_id.is_none()).unwrap();
    assert_eq!(
        new_place.position,
        Some(WirePosition {
            lat: 8.4,
            lon: -77.5
        })
    );
    assert_eq!(new_place.lang, "fr");

    // Tapping again sends nothing more.
    let again = send_outbox(&format!("http://{}", server.address), &user, &options).unwrap();
    assert_eq!(again.accepted + again.duplicate + again.rejected, 0);
    assert_eq!(server.storage.snapshot().unwrap().reports.len(), 3);
}

#[test]
fn refusals_come_back_with_their_reason_and_unanswered_reports_keep_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::new(Backend::Sqlite);
    let server = Running::start(&db, generous());
    let user = UserStore::open(&dir.path().join("user.sqlite")).unwrap();
    queue(
        &user,
        ReportKind::Closed,
        Some("mini-cr-0001"),
        "cerrado \u{202E}otreiba",
    );
    queue(
        &user,
        ReportKind::Unsafe,
        Some("mini-cr-0001"),
        "hay hombres armados en la puerta",
    );
    let tally = send_outbox(
        &format!("http://{}", server.address),
        &user,
        &SendOptions::default(),
    )
    .unwrap();
    assert_eq!((tally.accepted, tally.rejected), (1, 1), "{tally:?}");
    let rejected = user
        .reports()
        .unwrap()
        .into_iter()
        .find(|r| r.state == ReportState::Rejected)
        .unwrap();
    assert!(
        rejected.reason.contains("direction control"),
        "{}",
        rejected.reason
    );

    // A server that is down: the report stays waiting, ready for the next tap.
    queue(&user, ReportKind::Other, Some("mini-cr-0003"), "");
    let down = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let options = SendOptions {
        timeout: Duration::from_millis(500),
        attempts: 2,
        backoff: Duration::from_millis(50),
    };
    let error = send_outbox(&format!("http://{down}"), &user, &options).unwrap_err();
    assert!(matches!(error, SendError::Unreachable(_)), "{error}");
    assert_eq!(user.reports_to_send().unwrap().len(), 1);
}

/// A phone on `route` in `lang`, on the fixture bundle, sending to `server`.
fn phone(
    route: &str,
    lang: &str,
    user: impl Into<std::rc::Rc<UserStore>>,
    server: &Running,
    at: Option<paso::model::LatLon>,
) -> crate::ui_screens::Phone {
    use crate::common::{dev_trusted, mini_bundle};
    use paso::ui::state::{Boot, Start};
    use std::rc::Rc;
    let user: Rc<UserStore> = user.into();
    user.set_setting("language", Some(lang)).unwrap();
    let boot = Boot {
        catalog: Ok(Rc::new(
            paso::catalog::Catalog::open(&mini_bundle(), &dev_trusted()).unwrap(),
        )),
        user,
        user_problem: None,
        source: None,
        data_dir: None,
        trusted: Default::default(),
        report_server: Some(format!("http://{}", server.address)),
        start: Start {
            at,
            lang: Some(lang.to_string()),
            route: Some(route.into()),
        },
    };
    crate::ui_screens::Phone::start(boot, tempfile::tempdir().unwrap())
}

/// Taps "Send now" and waits until the screen shows `expected`.
fn send_now(phone: &mut crate::ui_screens::Phone, expected: &str) {
    phone.ui.tap("data-action", "send-now");
    for _ in 0..50 {
        if phone.ui.html().contains(expected) {
            return;
        }
        phone.ui.wait_for_work();
    }
    panic!("no {expected:?} on screen: {}", phone.ui.html());
}

/// The outbox screen's "Send now", in every language, against a real server: the reports reach it once, and
/// the screen says what happened.
#[test]
fn the_outbox_sends_only_when_tapped_and_says_what_happened() {
    let db = Db::new(Backend::Sqlite);
    let server = Running::start(&db, generous());
    for (n, lang) in ["es", "en", "fr"].into_iter().enumerate() {
        let user = UserStore::in_memory().unwrap();
        queue(
            &user,
            ReportKind::Closed,
            Some("mx-tapachula-albergue-belen"),
            "",
        );
        let mut phone = phone("/outbox", lang, user, &server, None);
        let (send, sent) = match lang {
            "es" => ("Enviar ahora", "Enviado. Recibidos: 1."),
            "en" => ("Send now", "Sent. Received: 1."),
            _ => ("Envoyer maintenant", "Envoyé. Reçus : 1."),
        };
        assert!(phone.ui.html().contains(send), "{lang}");
        assert_eq!(
            server.storage.snapshot().unwrap().reports.len(),
            n,
            "{lang}: nothing is sent before the tap"
        );
        send_now(&mut phone, sent);
        assert_eq!(
            server.storage.snapshot().unwrap().reports.len(),
            n + 1,
            "{lang}"
        );
        assert_eq!(phone.user.reports().unwrap()[0].state, ReportState::Sent);
    }
}

/// Staff mode: a token entered in Settings turns it on, the place screen offers the visit form, the visit is
/// queued, and "Send now" delivers it with the token.
#[test]
fn field_staff_record_a_visit_and_send_it_with_their_token() {
    use paso::server::storage::{NewStaff, Role};
    use paso::server::tokens;
    use paso::wire::{CorrectionField, FieldFinding};

    let db = Db::new(Backend::Sqlite);
    let server = Running::start(&db, generous());
    let (secret, hash) = tokens::new_secret();
    let staff_id = server
        .storage
        .add_staff(
            &NewStaff {
                name: "Luis",
                organisation: "Cruz Roja",
                role: Role::FieldStaff,
                token_hash: &hash,
            },
            "2026-12-03T10:00:00Z",
        )
        .unwrap();
    let token = tokens::token(staff_id, &secret);

    let place = "mx-tapachula-albergue-belen";
    for lang in ["es", "en", "fr"] {
        let html = phone(
            &format!("/place/{place}"),
            lang,
            UserStore::in_memory().unwrap(),
            &server,
            None,
        )
        .ui
        .html();
        assert!(
            !html.contains("data-action=\"verify\""),
            "{lang}: no staff mode without a token"
        );
    }
    let mut settings = phone(
        "/settings",
        "en",
        UserStore::in_memory().unwrap(),
        &server,
        None,
    );
    settings.ui.type_into("name", "staff-token", &token);
    settings.ui.tap("data-action", "staff-save");
    assert!(
        settings.ui.html().contains("Staff mode is on"),
        "{}",
        settings.ui.html()
    );
    assert_eq!(
        settings.user.staff_token().unwrap().as_deref(),
        Some(token.as_str())
    );

    let user = UserStore::in_memory().unwrap();
    user.set_setting(
        paso::store::verifications::SETTING_STAFF_TOKEN,
        Some(&token),
    )
    .unwrap();
    let html = phone(&format!("/place/{place}"), "es", user, &server, None)
        .ui
        .html();
    assert!(html.contains("Verifiqué este lugar hoy"), "{html}");

    let user = UserStore::in_memory().unwrap();
    user.set_setting(
        paso::store::verifications::SETTING_STAFF_TOKEN,
        Some(&token),
    )
    .unwrap();
    let mut visit = phone(
        &format!("/verify/{place}"),
        "en",
        user,
        &server,
        Some(paso::model::LatLon::new(14.9054, -92.2589)),
    );
    visit.ui.change("value", "temporarily_closed");
    for checkbox in [
        "verify-phone-checked",
        "verify-serves-checked",
        "verify-at-door",
    ] {
        let id = visit.ui.element("name", checkbox);
        visit.ui.fire(
            "change",
            dioxus_html::PlatformEventData::new(Box::new(dioxus_html::SerializedFormData::new(
                "true".into(),
                vec![],
            ))),
            id,
        );
    }
    visit
        .ui
        .type_into("name", "verify-phone", "+52 962 000 0000");
    let form = visit.ui.listener("submit");
    visit.ui.fire(
        "submit",
        dioxus_html::PlatformEventData::new(Box::new(dioxus_html::SerializedFormData::new(
            String::new(),
            vec![],
        ))),
        form,
    );
    assert!(
        visit.ui.html().contains("Visit saved"),
        "{}",
        visit.ui.html()
    );
    let queued = visit.user.verifications_to_send().unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].place_id, place);
    let field = |f: CorrectionField| queued[0].fields.iter().find(|x| x.field == f).cloned();
    assert_eq!(
        field(CorrectionField::Status),
        Some(FieldFinding {
            field: CorrectionField::Status,
            corrected: Some("temporarily_closed".into())
        })
    );
    assert_eq!(
        field(CorrectionField::Phone)
            .and_then(|f| f.corrected)
            .as_deref(),
        Some("+52 962 000 0000")
    );
    assert_eq!(
        field(CorrectionField::Position)
            .and_then(|f| f.corrected)
            .as_deref(),
        Some("14.905400,-92.258900")
    );
    assert_eq!(
        field(CorrectionField::OpeningHours),
        None,
        "hours were not checked"
    );

    // The same phone's outbox, on the same user database.
    let mut outbox = phone("/outbox", "en", visit.user.clone(), &server, None);
    assert!(outbox.ui.html().contains("My visits (field staff)"));
    send_now(&mut outbox, "Sent. Received: 1.");
    let held = server.storage.snapshot().unwrap();
    assert_eq!(held.verifications.len(), 1);
    assert_eq!(held.verifications[0].staff_id, staff_id);
    assert_eq!(held.verifications[0].place_id, place);
    assert_eq!(
        outbox.user.verifications().unwrap()[0].state,
        ReportState::Sent
    );
}
