//! Report a problem with a place (closed, moved, wrong phone, wrong hours, treated badly, other, with an
//! optional note and no personal data), and the outbox: the reports on this phone, their state, and
//! "Send now" to the build's report server (never automatic; on a worker thread), "Export reports" to a JSON
//! Lines file a field worker can collect. A position goes with a report only when the person ticked "attach my
//! position".

use crate::i18n::{Arg, Localizer};
use crate::store::user::{NewReport, ReportKind, ReportState, MAX_NOTE_CHARS};
use crate::ui::app::Route;
use crate::ui::components::back::BackButton;
use crate::ui::components::icon::{Icon, IconName};
use crate::ui::components::ids::{action, field};
use crate::ui::components::queued::Queued;
use crate::ui::errors::{Storage, UiError};
use crate::ui::present::{brief, OutboxCounts};
use crate::ui::state::{use_tr, Services, Session};
use crate::wire::WirePosition;
use dioxus::prelude::*;

/// The words for a report kind.
pub fn kind_label(tr: &Localizer, kind: ReportKind) -> String {
    tr.tr(&format!("report-kind-{}", kind.as_str()))
}

/// The words for an outbox state.
pub fn state_label(tr: &Localizer, state: ReportState) -> String {
    tr.tr(&format!("outbox-state-{}", state.as_str()))
}

/// True when a note seems to hold an e-mail address (people are asked not to write personal data).
pub fn looks_personal(note: &str) -> bool {
    note.split_whitespace()
        .any(|word| word.contains('@') && word.contains('.'))
}

/// The report form about a place.
#[component]
pub fn ReportScreen(id: String) -> Element {
    rsx! { ReportForm { place_id: Some(id) } }
}

/// The report form about a place that is missing from the data: what it is and where, in words.
#[component]
pub fn NewPlaceReport() -> Element {
    rsx! { ReportForm { place_id: None } }
}

/// The one report form: about `place_id`, or (with `None`) about a place that is missing.
#[component]
fn ReportForm(place_id: Option<String>) -> Element {
    let tr = use_tr();
    let services = use_context::<Services>();
    let new_place = place_id.is_none();
    let id = place_id.unwrap_or_default();
    let mut kind = use_signal(move || new_place.then_some(ReportKind::NewPlace));
    let mut note = use_signal(String::new);
    let mut done = use_signal(|| false);
    let mut problem = use_signal(|| None::<String>);
    let mut attach = use_signal(|| false);
    let here = use_context::<Session>().here;
    let lang = tr.lang();
    let name = if new_place {
        kind_label(&tr, ReportKind::NewPlace)
    } else {
        brief(&services.catalog, &id)
            .map(|p| p.names.get(lang).to_string())
            .unwrap_or_else(|| id.clone())
    };
    if done() {
        return rsx! { Queued { title: tr.tr("report-thanks"), body: tr.tr("report-queued") } };
    }
    let personal = looks_personal(&note());
    let submit = {
        let services = services.clone();
        let id = id.clone();
        let tr = tr.clone();
        move |event: FormEvent| {
            event.prevent_default();
            let Some(chosen) = kind() else {
                problem.set(Some(tr.tr("report-pick-kind")));
                return;
            };
            if new_place && note().trim().is_empty() {
                problem.set(Some(tr.tr("report-new-note-needed")));
                return;
            }
            let report = NewReport {
                place_id: (!new_place).then_some(id.as_str()),
                kind: chosen,
                note: &note(),
                bundle_version: services.bundle_version(),
                lang: tr.lang(),
                // Only when the person ticked the box, and only "my place" as they chose it.
                position: if attach() {
                    here.peek().as_ref().map(|h| WirePosition {
                        lat: h.position.lat,
                        lon: h.position.lon,
                    })
                } else {
                    None
                },
            };
            match services.user.queue_report(&report) {
                Ok(_) => done.set(true),
                Err(_) => problem.set(Some(UiError::Storage(Storage::Save).message(&tr))),
            }
        }
    };
    rsx! {
        div { class: "screen-body",
            BackButton {}
            h1 {
                Icon { name: IconName::Report }
                span { {tr.tr("report-title")} }
            }
            p { class: "kind", "{name}" }
            if new_place {
                p { {tr.tr("report-new-explain")} }
            }
            form { onsubmit: submit,
                fieldset { class: "kinds", hidden: new_place,
                    legend { {tr.tr("report-what")} }
                    for k in ReportKind::ABOUT_A_PLACE.iter().copied().filter(|_| !new_place) {
                        label { key: "{k.as_str()}", class: if kind() == Some(k) { "radio on" } else { "radio" },
                            input {
                                r#type: "radio",
                                name: "kind",
                                value: k.as_str(),
                                checked: kind() == Some(k),
                                onchange: move |_| kind.set(Some(k)),
                            }
                            span { {kind_label(&tr, k)} }
                        }
                    }
                }
                div { class: "field",
                    label { r#for: "report-note",
                        if new_place {
                            {tr.tr("report-new-note")}
                        } else {
                            {tr.tr("report-note")}
                        }
                    }
                    textarea {
                        id: "report-note",
                        rows: "4",
                        maxlength: "{MAX_NOTE_CHARS}",
                        value: "{note}",
                        oninput: move |event| note.set(event.value()),
                    }
                    p { class: "small", {tr.tr("report-no-personal")} }
                    if personal {
                        p { class: "banner warn", role: "alert", {tr.tr("report-personal-warning")} }
                    }
                }
                if let Some(my_place) = here() {
                    label { class: if attach() { "check on" } else { "check" },
                        input {
                            r#type: "checkbox",
                            name: field::ATTACH_POSITION,
                            checked: attach(),
                            onchange: move |event: FormEvent| attach.set(event.checked()),
                        }
                        span { {tr.tr_args("report-attach-position", &[("place", Arg::Text(&my_place.label))])} }
                    }
                }
                if let Some(message) = problem() {
                    p { class: "banner warn", role: "alert", "{message}" }
                }
                button { class: "btn primary wide", r#type: "submit",
                    Icon { name: IconName::Report, light: true }
                    span { {tr.tr("report-send")} }
                }
            }
        }
    }
}

/// The outbox: every report with its state, and the export.
#[component]
pub fn Outbox() -> Element {
    let tr = use_tr();
    let services = use_context::<Services>();
    let mut version = use_signal(|| 0u32);
    let mut message = use_signal(|| None::<(bool, String)>);
    let _ = version();
    let reports = services.user.reports();
    let lang = tr.lang();
    let (reports, failed) = match reports {
        Ok(reports) => (reports, false),
        Err(_) => (Vec::new(), true),
    };
    let counts = OutboxCounts::of(&reports);
    let visits = services.user.verifications().unwrap_or_default();
    let visits_waiting = visits.iter().filter(|v| v.state.awaits_server()).count();
    let export = {
        let services = services.clone();
        let tr = tr.clone();
        move |_| {
            let dir = services.data_dir.clone().unwrap_or_else(std::env::temp_dir);
            match services
                .user
                .export_reports(&dir, chrono::Local::now().date_naive())
            {
                Ok(export) => message.set(Some((
                    true,
                    tr.tr_args(
                        "outbox-exported",
                        &[
                            ("count", Arg::Number(export.count as f64)),
                            ("path", Arg::Text(&export.path.display().to_string())),
                        ],
                    ),
                ))),
                Err(_) => message.set(Some((
                    false,
                    UiError::Storage(Storage::Export).message(&tr),
                ))),
            }
            version += 1;
        }
    };
    let mut sending = use_signal(|| false);
    let send_now = {
        let services = services.clone();
        let tr = tr.clone();
        move |_| {
            if sending() {
                return;
            }
            sending.set(true);
            let services = services.clone();
            let tr = tr.clone();
            spawn(async move {
                let text = send_and_record(&services, &tr).await;
                message.set(Some(text));
                sending.set(false);
                version += 1;
            });
        }
    };
    let mark_sent = {
        let services = services.clone();
        let tr = tr.clone();
        move |_| {
            if services.user.mark_exported_sent().is_err() {
                message.set(Some((false, UiError::Storage(Storage::Save).message(&tr))));
            }
            version += 1;
        }
    };
    rsx! {
        div { class: "screen-body",
            BackButton {}
            h1 {
                Icon { name: IconName::Outbox }
                span { {tr.tr("outbox-title")} }
            }
            p {
                if services.report_server.is_some() {
                    {tr.tr("outbox-explain-server")}
                } else {
                    {tr.tr("outbox-explain")}
                }
            }
            p { class: "count", "aria-live": "polite",
                {tr.tr_args("outbox-waiting", &[("count", Arg::Number(counts.queued as f64))])}
            }
            if failed {
                p { class: "banner warn", role: "alert", {UiError::Storage(Storage::Outbox).message(&tr)} }
            }
            if let Some((ok, text)) = message() {
                p { class: if ok { "banner ok" } else { "banner warn" }, role: "status", "{text}" }
            }
            div { class: "actions",
                if services.report_server.is_some() {
                    button {
                        class: "btn primary",
                        r#type: "button",
                        disabled: sending() || counts.queued + counts.exported + visits_waiting == 0,
                        "data-action": action::SEND_NOW,
                        onclick: send_now,
                        Icon { name: IconName::Outbox, light: true }
                        span {
                            if sending() {
                                {tr.tr("outbox-sending")}
                            } else {
                                {tr.tr("outbox-send")}
                            }
                        }
                    }
                }
                button {
                    class: "btn primary",
                    r#type: "button",
                    disabled: !counts.can_export(),
                    "data-action": action::EXPORT,
                    onclick: export,
                    Icon { name: IconName::Outbox, light: true }
                    span { {tr.tr("outbox-export")} }
                }
                if counts.can_mark_sent() {
                    button { class: "btn", r#type: "button", "data-action": action::MARK_SENT, onclick: mark_sent,
                        Icon { name: IconName::Check }
                        span { {tr.tr("outbox-mark-sent")} }
                    }
                }
            }
            Link { class: "btn wide", to: Route::NewPlaceReport {}, "data-action": action::NEW_PLACE,
                Icon { name: IconName::Report }
                span { {tr.tr("report-new-link")} }
            }
            if reports.is_empty() && visits.is_empty() {
                p { {tr.tr("outbox-empty")} }
            }
            ul { class: "reports",
                for report in reports.iter() {
                    li { key: "{report.id}", class: "report",
                        strong {
                            {report_subject(&tr, &services.catalog, report, lang)}
                        }
                        span { class: "report-kind", {kind_label(&tr, report.kind)} }
                        if !report.note.is_empty() {
                            span { class: "report-note", "“{report.note}”" }
                        }
                        span { class: "report-meta",
                            "{report.created_on} · "
                            span { class: "state {report.state.as_str()}", {state_label(&tr, report.state)} }
                        }
                        if report.state == ReportState::Rejected && !report.reason.is_empty() {
                            span { class: "report-reason", "{report.reason}" }
                        }
                    }
                }
            }
            if !visits.is_empty() {
                h2 { {tr.tr("outbox-visits")} }
                ul { class: "reports visits",
                    for visit in visits.iter() {
                        li { key: "{visit.wire.id}", class: "report",
                            strong {
                                {brief(&services.catalog, &visit.wire.place_id)
                                    .map(|p| p.names.get(lang).to_string())
                                    .unwrap_or_else(|| visit.wire.place_id.clone())}
                            }
                            span { class: "report-meta",
                                "{visit.wire.visited_on} · "
                                span { class: "state {visit.state.as_str()}", {state_label(&tr, visit.state)} }
                            }
                            if visit.state == ReportState::Rejected && !visit.reason.is_empty() {
                                span { class: "report-reason", "{visit.reason}" }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Sends the waiting reports (and, in staff mode, visits with the staff token) to the report server: read
/// on this thread, posted on a worker thread, answers
/// recorded here. The banner to show (ok, text).
async fn send_and_record(services: &Services, tr: &Localizer) -> (bool, String) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use crate::report_sender::{
            add, batches_to_send, post_batches, post_verification_batches, record_answers,
            record_verification_answers, verification_batches, SendError, SendOptions,
        };
        let Some(server) = services.report_server.clone() else {
            return (false, tr.tr("outbox-send-failed"));
        };
        let token = services.user.staff_token().ok().flatten();
        let (Ok(batches), Ok(visits)) = (
            batches_to_send(&services.user),
            verification_batches(&services.user),
        ) else {
            return (false, UiError::Storage(Storage::Outbox).message(tr));
        };
        let (done, answer) = futures_channel::oneshot::channel();
        std::thread::spawn(move || {
            let options = SendOptions::default();
            let (answers, failure) = post_batches(&server, &batches, &options);
            let (visit_answers, visit_failure) = match (&failure, &token) {
                (None, Some(token)) if !visits.is_empty() => {
                    post_verification_batches(&server, token, &visits, &options)
                }
                _ => (Vec::new(), None),
            };
            let _ = done.send((answers, visit_answers, failure.or(visit_failure)));
        });
        let (answers, visit_answers, failure) = answer.await.unwrap_or_else(|_| {
            let stopped = SendError::Unreachable("the sending thread stopped".into());
            (Vec::new(), Vec::new(), Some(stopped))
        });
        let recorded = record_answers(&services.user, &answers).and_then(|mut tally| {
            add(
                &mut tally,
                record_verification_answers(&services.user, &visit_answers)?,
            );
            Ok(tally)
        });
        let Ok(tally) = recorded else {
            return (false, UiError::Storage(Storage::Save).message(tr));
        };
        let answers_received = answers.len() + visit_answers.len();
        let summary = tr.tr_args(
            "outbox-send-tally",
            &[
                ("accepted", Arg::Number(tally.accepted as f64)),
                ("duplicate", Arg::Number(tally.duplicate as f64)),
                ("rejected", Arg::Number(tally.rejected as f64)),
            ],
        );
        match failure {
            None => (true, summary),
            Some(SendError::Refused { .. }) => (false, tr.tr("outbox-send-refused")),
            Some(_) if answers_received == 0 => (false, tr.tr("outbox-send-failed")),
            Some(_) => (false, format!("{summary} {}", tr.tr("outbox-send-failed"))),
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        let _ = services;
        (false, tr.tr("outbox-send-failed"))
    }
}

/// What a report is about, for the outbox list: the place's name, its id when the bundle no longer has it, or
/// "a place that is missing" for a new place.
fn report_subject(
    tr: &Localizer,
    catalog: &crate::catalog::Catalog,
    report: &crate::store::user::Report,
    lang: &str,
) -> String {
    match &report.place_id {
        Some(id) => brief(catalog, id)
            .map(|p| p.names.get(lang).to_string())
            .unwrap_or_else(|| id.clone()),
        None => kind_label(tr, ReportKind::NewPlace),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e_mail_addresses_in_notes_are_flagged() {
        assert!(looks_personal("write me at ana@example.org"));
        assert!(!looks_personal("cerrado desde enero @ 8am"));
        assert!(!looks_personal("el teléfono correcto es 2289-2226"));
    }
}
