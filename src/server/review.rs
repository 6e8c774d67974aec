//! The editors' review pages, rendered on the server with maud: plain HTML forms, no script. Every text that
//! came from a phone or a staff member is escaped by maud and shown as text.

use maud::{html, Markup, DOCTYPE};

use super::export::corrections;
use super::queue::{pending, PlaceQueue};
use super::storage::{AuditEntry, ItemKind, Snapshot, Staff, StoredReport, StoredVerification};
use crate::store::user::ReportKind;
use crate::wire::CorrectionField;

const STYLE: &str =
    "body{font-family:sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#111}\
section{border:2px solid #333;border-radius:.5rem;padding:.5rem 1rem;margin:1rem 0}\
.item{border-top:1px solid #999;padding:.5rem 0}.muted{color:#444}\
button{font-size:1rem;padding:.4rem .8rem;margin:.2rem}table{border-collapse:collapse}\
td,th{border:1px solid #999;padding:.2rem .4rem;text-align:left}";

fn page(title: &str, editor: Option<&Staff>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · paso-server" }
                style { (STYLE) }
            }
            body {
                header {
                    h1 { (title) }
                    @if let Some(editor) = editor {
                        p class="muted" {
                            "Signed in as " (editor.name) " (" (editor.organisation) "). "
                            a href="/review" { "Queue" } " · " a href="/review/audit" { "Audit log" }
                        }
                        form method="post" action="/review/sign-out" { button type="submit" { "Sign out" } }
                    }
                }
                main { (body) }
            }
        }
    }
}

/// The sign-in form, with a message after a failed try.
pub fn sign_in_page(message: Option<&str>) -> Markup {
    page(
        "Review sign-in",
        None,
        html! {
            @if let Some(message) = message { p role="alert" { strong { (message) } } }
            form method="post" action="/review/sign-in" {
                label for="token" { "Staff token" }
                br;
                input id="token" name="token" type="password" autocomplete="off" size="80" required;
                br;
                button type="submit" { "Sign in" }
            }
        },
    )
}

/// A form that could not be used.
pub fn problem_page(problem: &str) -> Markup {
    page(
        "Not done",
        None,
        html! {
            p role="alert" { (problem) }
            p { a href="/review" { "Back to the queue" } }
        },
    )
}

/// The queue: places with pending items, their counts, and a form per item.
pub fn queue_page(editor: &Staff, snapshot: &Snapshot) -> Markup {
    let queues = pending(snapshot);
    let staff_name = |id: i64| {
        snapshot
            .staff
            .iter()
            .find(|s| s.id == id)
            .map(|s| format!("{} ({})", s.name, s.organisation))
            .unwrap_or_else(|| format!("staff #{id}"))
    };
    let exported = corrections(snapshot).len();
    page(
        "Review queue",
        Some(editor),
        html! {
            p {
                (queues.len()) " place(s) wait for a decision. "
                (exported) " accepted change(s) are ready for " code { "paso-server export" } "."
            }
            p class="muted" {
                "Reports carry no account and no device id: reports that agree may come from one person. "
                "A single report changes nothing until an editor accepts it."
            }
            @for queue in &queues {
                (place_section(queue, &staff_name))
            }
        },
    )
}

fn place_section(queue: &PlaceQueue, staff_name: &dyn Fn(i64) -> String) -> Markup {
    html! {
        section {
            h2 {
                @match &queue.place_id {
                    Some(id) => { "Place " code { (id) } }
                    None => { "New places (add them with an editor import, not here)" }
                }
            }
            @if !queue.kinds.is_empty() {
                p {
                    "Reports here: "
                    @for (i, count) in queue.kinds.iter().enumerate() {
                        @if i > 0 { "; " }
                        strong { (count.kind) } " " (count.reports) " on " (count.days) " day(s)"
                    }
                }
            }
            @for report in &queue.reports { (report_item(report)) }
            @for visit in &queue.verifications { (verification_item(visit, staff_name)) }
        }
    }
}

/// The field a report of this kind most likely changes, and the value to start from.
fn proposed(report: &StoredReport) -> (Option<CorrectionField>, String) {
    match report.kind {
        ReportKind::Closed => (Some(CorrectionField::Status), "closed".into()),
        ReportKind::Moved => (
            Some(CorrectionField::Position),
            report
                .position
                .map(|p| format!("{},{}", p.lat, p.lon))
                .unwrap_or_default(),
        ),
        ReportKind::WrongPhone => (Some(CorrectionField::Phone), String::new()),
        ReportKind::WrongHours => (Some(CorrectionField::OpeningHours), String::new()),
        _ => (None, String::new()),
    }
}

fn decide_buttons(kind: ItemKind, id: &uuid::Uuid) -> Markup {
    html! {
        input type="hidden" name="item_kind" value=(kind.as_str());
        input type="hidden" name="item_id" value=(id.to_string());
        button type="submit" name="decision" value="accept" { "Accept" }
        button type="submit" name="decision" value="reject" { "Reject" }
    }
}

fn report_item(report: &StoredReport) -> Markup {
    let (field, value) = proposed(report);
    html! {
        div class="item" data-report=(report.id.to_string()) {
            p {
                strong { (report.kind.as_str()) } " · written " (report.created_on)
                " · app in " (report.lang) " · bundle " (report.bundle_version)
                @if let Some(p) = report.position { " · position attached " (p.lat) "," (p.lon) }
            }
            @if !report.text.is_empty() { blockquote { (report.text) } }
            form method="post" action="/review/decide" {
                @if report.place_id.is_some() {
                    label { "Change "
                        select name="field" {
                            option value="" selected[field.is_none()] { "nothing (take note only)" }
                            @for f in CorrectionField::ALL {
                                option value=(f.as_str()) selected[field == Some(f)] { (f.as_str()) }
                            }
                        }
                    }
                    " "
                    label { "to " input name="value" value=(value) size="40"; }
                }
                (decide_buttons(ItemKind::Report, &report.id))
            }
        }
    }
}

fn verification_item(visit: &StoredVerification, staff_name: &dyn Fn(i64) -> String) -> Markup {
    html! {
        div class="item" data-verification=(visit.id.to_string()) {
            p { strong { "Field visit" } " on " (visit.visited_on) " by " (staff_name(visit.staff_id)) }
            ul {
                @for finding in &visit.fields {
                    li {
                        (finding.field.as_str()) ": "
                        @match &finding.corrected {
                            Some(value) => { "corrected to " q { (value) } }
                            None => { "confirmed" }
                        }
                    }
                }
            }
            @if !visit.notes.is_empty() { blockquote { (visit.notes) } }
            form method="post" action="/review/decide" {
                (decide_buttons(ItemKind::Verification, &visit.id))
            }
        }
    }
}

/// The audit log, newest first.
pub fn audit_page(editor: &Staff, entries: &[AuditEntry], staff: &[Staff]) -> Markup {
    let name = |id: Option<i64>| match id {
        Some(id) => staff
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| format!("staff #{id}")),
        None => "server command line".into(),
    };
    page(
        "Audit log",
        Some(editor),
        html! {
            table {
                thead { tr { th { "When (UTC)" } th { "Who" } th { "What" } th { "About" } th { "Details" } } }
                tbody {
                    @for entry in entries {
                        tr {
                            td { (entry.at) } td { (name(entry.staff_id)) } td { (entry.action) }
                            td { (entry.subject) } td { (entry.detail) }
                        }
                    }
                }
            }
        },
    )
}
