//! The whole truth loop, on real parts: a report filed in the app and a field visit reach a real
//! `paso-server`; an editor accepts both on the review page (the report with the phone the visit found);
//! `paso-server export`
//! writes the corrections; `paso-data build` makes a signed bundle from them; `paso-data near --json` and the
//! app's place screen show the place as field-verified, on that day, by that organisation, with the phone found.

use paso::report_sender::{send_outbox, send_verifications, SendOptions};
use paso::store::user::{NewReport, ReportKind};
use paso::store::UserStore;
use paso::wire::{CorrectionField, FieldFinding};

use crate::common::{copy_dir, dev_key_path, dev_pub_path, fixture, paso_data_ok};
use crate::server::{generous, paso_server, Backend, Db, Running};

const PLACE: &str = "mx-tapachula-albergue-belen";

/// Builds `data` into `bundle` with `paso-data build`, and the `paso-data near --json` row of `place` (next to
/// Tapachula's centre) in it.
pub fn build_and_ask_near(
    data: &std::path::Path,
    bundle: &std::path::Path,
    place: &str,
) -> serde_json::Value {
    paso_data_ok(&[
        "build",
        "--sources",
        data.to_str().unwrap(),
        "--out",
        bundle.to_str().unwrap(),
        "--key",
        dev_key_path().to_str().unwrap(),
    ]);
    let near = paso_data_ok(&[
        "near",
        "--bundle",
        bundle.to_str().unwrap(),
        "--trust",
        dev_pub_path().to_str().unwrap(),
        "--lat",
        "14.90541",
        "--lon",
        "-92.25891",
        "--limit",
        "50",
        "--json",
    ]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&near).unwrap();
    rows.into_iter()
        .find(|r| r["id"] == place)
        .expect("the place is near")
}

fn form_post(
    url: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> ureq::http::Response<ureq::Body> {
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .new_agent();
    let mut request = agent.post(url);
    if let Some(cookie) = cookie {
        request = request.header("Cookie", cookie);
    }
    request.send_form(form.iter().copied()).unwrap()
}

#[test]
fn a_report_and_a_visit_become_a_field_verified_place_in_the_next_bundle() {
    let dir = tempfile::tempdir().unwrap();
    // The deployment's backend: PostgreSQL.
    let db = Db::new(Backend::Postgres);
    let editor_token = paso_server(
        &db,
        &["staff", "add", "Eva", "--org", "Paso editors", "--editor"],
    );
    let staff_token = paso_server(
        &db,
        &["staff", "add", "Luis", "--org", "Cruz Roja Mexicana"],
    );
    let server = Running::start(&db, generous());
    let address = format!("http://{}", server.address);

    // A person on the route files a report; a field worker visits the place and corrects its phone.
    let phone = UserStore::open(&dir.path().join("user.sqlite")).unwrap();
    phone
        .queue_report(&NewReport {
            place_id: Some(PLACE),
            kind: ReportKind::WrongPhone,
            note: "el número no contesta",
            bundle_version: 1,
            lang: "es",
            position: None,
        })
        .unwrap();
    let fields = [
        FieldFinding {
            field: CorrectionField::Status,
            corrected: None,
        },
        FieldFinding {
            field: CorrectionField::Phone,
            corrected: Some("+52 962 625 5000".into()),
        },
    ];
    phone
        .queue_verification(PLACE, "es", &fields, "Abierto; el teléfono nuevo contesta.")
        .unwrap();
    let options = SendOptions::default();
    assert_eq!(send_outbox(&address, &phone, &options).unwrap().accepted, 1);
    assert_eq!(
        send_verifications(&address, staff_token.trim(), &phone, &options)
            .unwrap()
            .accepted,
        1
    );
    let visited_on = phone.verifications().unwrap()[0].wire.visited_on.clone();

    // The editor signs in, sees both on the queue, and accepts both: the report changes the phone, the
    // visit (a staff member was there) makes the place field-verified.
    let signed_in = form_post(
        &format!("{address}/review/sign-in"),
        None,
        &[("token", editor_token.trim())],
    );
    assert_eq!(signed_in.status().as_u16(), 303);
    let cookie = signed_in.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let held = server.storage.snapshot().unwrap();
    let (report, visit) = (
        held.reports[0].id.to_string(),
        held.verifications[0].id.to_string(),
    );
    let queue = ureq::get(&format!("{address}/review"))
        .header("Cookie", &cookie)
        .call()
        .unwrap()
        .into_body()
        .read_to_string()
        .unwrap();
    assert!(
        queue.contains(&format!("data-report=\"{report}\"")),
        "{queue}"
    );
    assert!(queue.contains(&format!("data-verification=\"{visit}\"")));
    let forms: [&[(&str, &str)]; 2] = [
        &[
            ("item_kind", "report"),
            ("item_id", &report),
            ("decision", "accept"),
            ("field", "phone"),
            ("value", "+52 962 625 5000"),
        ],
        &[
            ("item_kind", "verification"),
            ("item_id", &visit),
            ("decision", "accept"),
        ],
    ];
    for form in forms {
        let decided = form_post(&format!("{address}/review/decide"), Some(&cookie), form);
        assert_eq!(decided.status().as_u16(), 303, "{form:?}");
    }
    drop(server);

    // Export, build, and ask the new bundle.
    let data = dir.path().join("data");
    copy_dir(&fixture("mini"), &data);
    let corrections = data.join("corrections/field-verifications.csv");
    paso_server(&db, &["export", "--out", corrections.to_str().unwrap()]);
    let bundle = dir.path().join("next.paso");
    let row = build_and_ask_near(&data, &bundle, PLACE);
    assert_eq!(row["verification"], "field_verified", "{row}");
    assert_eq!(row["status"], "open");

    let catalog = paso::catalog::Catalog::open(
        &std::fs::read(&bundle).unwrap(),
        &crate::common::dev_trusted(),
    )
    .unwrap();
    let place = catalog.place(PLACE).unwrap().unwrap();
    assert_eq!(place.verified_by.as_deref(), Some("Cruz Roja Mexicana"));
    assert_eq!(place.last_checked.as_deref(), Some(visited_on.as_str()));
    assert_eq!(place.phone_text.as_deref(), Some("+52 962 625 5000"));
    assert!(!place.phones.is_empty(), "the corrected phone is dialable");

    // What the person sees on the place screen, in Spanish.
    let html = crate::common::render_once(dioxus::prelude::VirtualDom::new_with_props(
        paso::ui::app::App,
        paso::ui::app::AppProps {
            boot: paso::ui::state::Boot {
                catalog: Ok(std::rc::Rc::new(catalog)),
                user: std::rc::Rc::new(UserStore::in_memory().unwrap()),
                user_problem: None,
                source: None,
                data_dir: None,
                trusted: Default::default(),
                report_server: None,
                start: paso::ui::state::Start {
                    at: None,
                    lang: Some("es".into()),
                    route: Some(format!("/place/{PLACE}")),
                },
            },
        },
    ));
    let line = format!("Cruz Roja Mexicana fue al lugar y lo confirmó el {visited_on}.");
    assert!(html.contains(&line), "{line} is not on the place screen");
}
