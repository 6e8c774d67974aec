//! Staff mode's "I verified this place today": field staff say, for one place, whether it is open, whether
//! the phone and hours are as shown or what they are, whether they stood at the door, and notes. The visit is
//! queued in the outbox and leaves only with "Send now".

use crate::model::PlaceStatus;
use crate::ui::components::back::BackButton;
use crate::ui::components::icon::{Icon, IconName};
use crate::ui::components::ids::field;
use crate::ui::components::queued::Queued;
use crate::ui::errors::{Storage, UiError};
use crate::ui::state::{use_tr, Services, Session};
use crate::wire::{CorrectionField, FieldFinding, MAX_TEXT_CHARS};
use dioxus::prelude::*;

/// The statuses a visit can find, in the form's order.
const FOUND_STATUSES: [PlaceStatus; 3] = [
    PlaceStatus::Open,
    PlaceStatus::TemporarilyClosed,
    PlaceStatus::Closed,
];

/// What a text field of the form says: confirmed when it matches the bundle, corrected otherwise; `None`
/// when it was not checked.
pub fn finding(
    field: CorrectionField,
    checked: bool,
    found: &str,
    shown: Option<&str>,
) -> Option<FieldFinding> {
    if !checked {
        return None;
    }
    let found = found.trim();
    let corrected = (Some(found) != shown.map(str::trim)).then(|| found.to_string());
    Some(FieldFinding { field, corrected })
}

/// The visit form for one place.
#[component]
pub fn VerifyScreen(id: String) -> Element {
    let tr = use_tr();
    let services = use_context::<Services>();
    let here = use_context::<Session>().here;
    let place = services.catalog.place(&id).ok().flatten();
    let shown_phone = place.as_ref().and_then(|p| p.phone_text.clone());
    let shown_hours = place.as_ref().and_then(|p| p.opening_hours.clone());
    let shown_status = place.as_ref().map(|p| p.status);
    let lang = tr.lang();
    let shown_services = place
        .as_ref()
        .and_then(|p| p.services.exact(lang).map(str::to_string));
    let shown_serves = place
        .as_ref()
        .and_then(|p| p.serves_text.exact(lang).map(str::to_string));
    let services_checked = use_signal(|| false);
    let services_found = use_signal(|| shown_services.clone().unwrap_or_default());
    let serves_checked = use_signal(|| false);
    let serves_found = use_signal(|| shown_serves.clone().unwrap_or_default());
    let mut status = use_signal(|| None::<PlaceStatus>);
    let phone_checked = use_signal(|| false);
    let phone = use_signal(|| shown_phone.clone().unwrap_or_default());
    let hours_checked = use_signal(|| false);
    let hours = use_signal(|| shown_hours.clone().unwrap_or_default());
    let mut at_door = use_signal(|| false);
    let mut notes = use_signal(String::new);
    let mut done = use_signal(|| false);
    let mut problem = use_signal(|| None::<String>);
    let Some(place) = place else {
        return rsx! {
            div { class: "screen-body",
                BackButton {}
                p { class: "banner warn", role: "alert", {tr.tr("place-not-found")} }
            }
        };
    };
    if done() {
        return rsx! { Queued { title: tr.tr("verify-thanks"), body: tr.tr("verify-queued") } };
    }
    let submit = {
        let services = services.clone();
        let id = id.clone();
        let tr = tr.clone();
        let shown_phone = shown_phone.clone();
        let shown_hours = shown_hours.clone();
        let shown_services = shown_services.clone();
        let shown_serves = shown_serves.clone();
        move |event: FormEvent| {
            event.prevent_default();
            let mut fields = Vec::new();
            if let Some(found) = status() {
                fields.push(FieldFinding {
                    field: CorrectionField::Status,
                    corrected: (Some(found) != shown_status).then(|| found.as_str().to_string()),
                });
            }
            fields.extend(finding(
                CorrectionField::Phone,
                phone_checked(),
                &phone(),
                shown_phone.as_deref(),
            ));
            fields.extend(finding(
                CorrectionField::OpeningHours,
                hours_checked(),
                &hours(),
                shown_hours.as_deref(),
            ));
            fields.extend(finding(
                CorrectionField::Services,
                services_checked(),
                &services_found(),
                shown_services.as_deref(),
            ));
            fields.extend(finding(
                CorrectionField::Serves,
                serves_checked(),
                &serves_found(),
                shown_serves.as_deref(),
            ));
            if at_door() {
                if let Some(my_place) = here.peek().as_ref() {
                    fields.push(FieldFinding {
                        field: CorrectionField::Position,
                        corrected: Some(format!(
                            "{:.6},{:.6}",
                            my_place.position.lat, my_place.position.lon
                        )),
                    });
                }
            }
            if fields.is_empty() && notes().trim().is_empty() {
                problem.set(Some(tr.tr("verify-nothing")));
                return;
            }
            match services
                .user
                .queue_verification(&id, tr.lang(), &fields, &notes())
            {
                Ok(_) => done.set(true),
                Err(_) => problem.set(Some(UiError::Storage(Storage::Save).message(&tr))),
            }
        }
    };
    rsx! {
        div { class: "screen-body",
            BackButton {}
            h1 {
                Icon { name: IconName::Check }
                span { {tr.tr("verify-title")} }
            }
            p { class: "kind", {place.names.get(lang).to_string()} }
            form { onsubmit: submit,
                fieldset { class: "kinds",
                    legend { {tr.tr("verify-status")} }
                    for s in FOUND_STATUSES {
                        label { key: "{s.as_str()}", class: if status() == Some(s) { "radio on" } else { "radio" },
                            input {
                                r#type: "radio",
                                name: "status",
                                value: s.as_str(),
                                checked: status() == Some(s),
                                onchange: move |_| status.set(Some(s)),
                            }
                            span { {tr.tr(&format!("verify-status-{}", s.as_str()))} }
                        }
                    }
                }
                CheckedText {
                    checked: phone_checked,
                    value: phone,
                    check_name: field::VERIFY_PHONE_CHECKED,
                    input_name: field::VERIFY_PHONE,
                    input_type: "tel",
                    max_chars: 200,
                    label: tr.tr("verify-phone"),
                    hint: None,
                }
                CheckedText {
                    checked: hours_checked,
                    value: hours,
                    check_name: field::VERIFY_HOURS_CHECKED,
                    input_name: field::VERIFY_HOURS,
                    input_type: "text",
                    max_chars: 500,
                    label: tr.tr("verify-hours"),
                    hint: Some(tr.tr("verify-hours-format")),
                }
                CheckedText {
                    checked: services_checked,
                    value: services_found,
                    check_name: field::VERIFY_SERVICES_CHECKED,
                    input_name: field::VERIFY_SERVICES,
                    input_type: "text",
                    max_chars: 1000,
                    label: tr.tr("verify-services"),
                    hint: None,
                }
                CheckedText {
                    checked: serves_checked,
                    value: serves_found,
                    check_name: field::VERIFY_SERVES_CHECKED,
                    input_name: field::VERIFY_SERVES,
                    input_type: "text",
                    max_chars: 500,
                    label: tr.tr("verify-serves"),
                    hint: None,
                }
                if here().is_some() {
                    label { class: if at_door() { "check on" } else { "check" },
                        input {
                            r#type: "checkbox",
                            name: field::VERIFY_AT_DOOR,
                            checked: at_door(),
                            onchange: move |event: FormEvent| at_door.set(event.checked()),
                        }
                        span { {tr.tr("verify-at-door")} }
                    }
                }
                div { class: "field",
                    label { r#for: "verify-notes", {tr.tr("verify-notes")} }
                    textarea {
                        id: "verify-notes",
                        rows: "4",
                        maxlength: "{MAX_TEXT_CHARS}",
                        value: "{notes}",
                        oninput: move |event| notes.set(event.value()),
                    }
                }
                if let Some(message) = problem() {
                    p { class: "banner warn", role: "alert", "{message}" }
                }
                button { class: "btn primary wide", r#type: "submit",
                    Icon { name: IconName::Check, light: true }
                    span { {tr.tr("verify-save")} }
                }
            }
        }
    }
}

/// A field a visit may check: "I checked …" and the value found, starting from the bundle's.
#[component]
fn CheckedText(
    checked: Signal<bool>,
    value: Signal<String>,
    check_name: &'static str,
    input_name: &'static str,
    input_type: &'static str,
    max_chars: usize,
    label: String,
    hint: Option<String>,
) -> Element {
    rsx! {
        div { class: "field",
            label { class: if checked() { "check on" } else { "check" },
                input {
                    r#type: "checkbox",
                    name: check_name,
                    checked: checked(),
                    onchange: move |event: FormEvent| checked.set(event.checked()),
                }
                span { "{label}" }
            }
            input {
                r#type: input_type,
                name: input_name,
                maxlength: "{max_chars}",
                value: "{value}",
                oninput: move |event| value.set(event.value()),
            }
            if let Some(hint) = hint {
                p { class: "small", "{hint}" }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checked_field_is_confirmed_when_it_matches_and_corrected_when_not() {
        assert_eq!(finding(CorrectionField::Phone, false, "1", Some("1")), None);
        assert_eq!(
            finding(CorrectionField::Phone, true, " +506 1 ", Some("+506 1")),
            Some(FieldFinding {
                field: CorrectionField::Phone,
                corrected: None
            })
        );
        assert_eq!(
            finding(CorrectionField::Phone, true, "+506 2", Some("+506 1")),
            Some(FieldFinding {
                field: CorrectionField::Phone,
                corrected: Some("+506 2".into())
            })
        );
        assert_eq!(
            finding(
                CorrectionField::OpeningHours,
                true,
                "Mo-Fr 08:00-16:00",
                None
            )
            .unwrap()
            .corrected
            .as_deref(),
            Some("Mo-Fr 08:00-16:00")
        );
    }
}
