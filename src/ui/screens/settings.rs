//! Settings and about: language, nationality, the outbox, the bundle (version, date, publisher, signature,
//! which file it came from, and any installed update that could not be opened) and its data sources with
//! licences, updating the data (from a file or an update address, run by [`crate::ui::updates`]), "Pass it
//! on" (a copy of the signed data in use, saved as a file for another phone, by [`crate::update::share`]),
//! "Clear all my data" with a confirmation, and quick exit.

use crate::i18n::Arg;
use crate::i18n::Localizer;
use crate::store::verifications::SETTING_STAFF_TOKEN;
use crate::ui::app::Route;
use crate::ui::components::icon::{Icon, IconName};
use crate::ui::components::ids::{action, field};
use crate::ui::components::language::LanguageButtons;
use crate::ui::components::nationality::NationalityField;
use crate::ui::errors::{Refusal, Storage, SupportDetails, UiError};
use crate::ui::state::quick_exit;
use crate::ui::state::{use_tr, Data, Prefs, Services};
use crate::ui::updates::{
    expand_home, stage_key, use_update_controls, UpdatePhase, UpdateRequest, UpdateResult,
    PICKS_FILES,
};
use crate::update::share::{self, InUse, ShareError, Shared};
use crate::update::{ActiveSource, Slot};
use dioxus::prelude::*;
use std::path::PathBuf;

/// The settings and about screen.
#[component]
pub fn Settings() -> Element {
    let tr = use_tr();
    let mut prefs = use_context::<Prefs>();
    let services = use_context::<Services>();
    let mut confirming = use_signal(|| false);
    let mut problem = use_signal(|| None::<String>);
    let mut staff_input = use_signal(String::new);
    let mut staff_on = use_signal({
        let user = services.user.clone();
        move || user.staff_token().ok().flatten().is_some()
    });
    let manifest = services.catalog.manifest().clone();
    let signer = services.catalog.signer_name().to_string();
    let source = use_context::<Signal<Data>>().read().source.clone();
    let clear = {
        let services = services.clone();
        let tr = tr.clone();
        move |_| match services.user.clear_all() {
            Ok(()) => {
                prefs.nationality.set(None);
                prefs.cleared.set(true);
                confirming.set(false);
                // A new session: "my place", search text, filters and history are forgotten too.
                prefs.session += 1;
            }
            Err(_) => problem.set(Some(UiError::Storage(Storage::Clear).message(&tr))),
        }
    };
    rsx! {
        div { class: "screen-body settings",
            h1 {
                Icon { name: IconName::Settings }
                span { {tr.tr("settings-title")} }
            }
            section {
                h2 { {tr.tr("settings-language")} }
                LanguageButtons {}
            }
            section {
                h2 { {tr.tr("settings-nationality")} }
                NationalityField {}
            }
            section { class: "exit-box",
                h2 { {tr.tr("quick-exit-title")} }
                p { {tr.tr("quick-exit-explain")} }
                button {
                    class: "btn danger wide",
                    r#type: "button",
                    onclick: {
                        let user = services.user.clone();
                        move |_| quick_exit(prefs, &user)
                    },
                    Icon { name: IconName::Exit, light: true }
                    span { {tr.tr("quick-exit-button")} }
                }
            }
            section {
                h2 { {tr.tr("settings-reports")} }
                p { class: "report-server",
                    match &services.report_server {
                        Some(address) => tr.tr_args("settings-report-server", &[("address", Arg::Text(address))]),
                        None => tr.tr("settings-no-report-server"),
                    }
                }
                Link { class: "btn wide", to: Route::Outbox {},
                    Icon { name: IconName::Outbox }
                    span { {tr.tr("outbox-title")} }
                }
            }
            section { class: "staff-box",
                h2 { {tr.tr("settings-staff")} }
                if staff_on() {
                    p { class: "banner ok", {tr.tr("settings-staff-on")} }
                    button {
                        class: "btn wide",
                        r#type: "button",
                        "data-action": action::STAFF_REMOVE,
                        onclick: {
                            let user = services.user.clone();
                            let tr = tr.clone();
                            move |_| match user.set_setting(SETTING_STAFF_TOKEN, None) {
                                Ok(()) => staff_on.set(false),
                                Err(_) => problem.set(Some(UiError::Storage(Storage::Save).message(&tr))),
                            }
                        },
                        Icon { name: IconName::Lock }
                        span { {tr.tr("settings-staff-remove")} }
                    }
                } else {
                    p { {tr.tr("settings-staff-explain")} }
                    label { r#for: field::STAFF_TOKEN, {tr.tr("settings-staff-token")} }
                    input {
                        id: field::STAFF_TOKEN,
                        name: field::STAFF_TOKEN,
                        r#type: "password",
                        autocomplete: "off",
                        value: "{staff_input}",
                        oninput: move |event| staff_input.set(event.value()),
                    }
                    button {
                        class: "btn wide",
                        r#type: "button",
                        "data-action": action::STAFF_SAVE,
                        onclick: {
                            let user = services.user.clone();
                            let tr = tr.clone();
                            move |_| {
                                let token = staff_input().trim().to_string();
                                if token.is_empty() {
                                    return;
                                }
                                match user.set_setting(SETTING_STAFF_TOKEN, Some(&token)) {
                                    Ok(()) => {
                                        staff_input.set(String::new());
                                        staff_on.set(true);
                                    }
                                    Err(_) => problem.set(Some(UiError::Storage(Storage::Save).message(&tr))),
                                }
                            }
                        },
                        Icon { name: IconName::Lock }
                        span { {tr.tr("settings-staff-save")} }
                    }
                }
            }
            section { class: "about-data",
                h2 { {tr.tr("settings-data")} }
                if let Some(source) = &source {
                    SkippedBundles { source: source.clone() }
                }
                dl { class: "facts",
                    dt { {tr.tr("settings-bundle-version")} }
                    dd { "{manifest.bundle_id} v{manifest.version}" }
                    dt { {tr.tr("settings-bundle-date")} }
                    dd { "{manifest.created}" }
                    dt { {tr.tr("settings-publisher")} }
                    dd { "{manifest.publisher.name}" }
                    dt { {tr.tr("settings-signature")} }
                    dd { class: "signature-ok",
                        Icon { name: IconName::Check }
                        span { {tr.tr_args("settings-signature-ok", &[("signer", Arg::Text(&signer))])} }
                    }
                    if let Some(source) = &source {
                        dt { {tr.tr("settings-source")} }
                        dd { class: "data-source", {tr.tr(source_key(source.slot))} }
                    }
                    dt { {tr.tr("settings-places")} }
                    dd {
                        {tr.tr_args("places-found", &[("count", Arg::Number(manifest.coverage.places as f64))])}
                    }
                }
                UpdatePanel {}
                SharePanel {
                    in_use: InUse {
                        slot: source.as_ref().map_or(Slot::Embedded, |s| s.slot),
                        bundle_id: manifest.bundle_id.clone(),
                        version: manifest.version,
                        file_sha256: services.catalog.file_sha256().to_string(),
                    },
                    data_dir: services.data_dir.clone(),
                }
                h3 { {tr.tr("settings-sources")} }
                ul { class: "attributions",
                    for source in manifest.attributions.iter() {
                        li { key: "{source.id}",
                            strong { "{source.name}" }
                            span { class: "licence", " · {source.licence}" }
                            br {}
                            span { class: "small", "{source.attribution}" }
                        }
                    }
                }
            }
            section { class: "clear-box",
                h2 { {tr.tr("clear-title")} }
                p { {tr.tr("clear-explain")} }
                if let Some(message) = problem() {
                    p { class: "banner warn", role: "alert", "{message}" }
                }
                if confirming() {
                    div { class: "confirm", role: "alertdialog", "aria-labelledby": "clear-confirm",
                        p { id: "clear-confirm", strong { {tr.tr("clear-confirm")} } }
                        button { class: "btn danger wide", r#type: "button", "data-action": action::CLEAR_CONFIRM, onclick: clear,
                            Icon { name: IconName::Trash, light: true }
                            span { {tr.tr("clear-yes")} }
                        }
                        button { class: "btn wide", r#type: "button", onclick: move |_| confirming.set(false),
                            {tr.tr("clear-no")}
                        }
                    }
                } else {
                    button { class: "btn wide", r#type: "button", "data-action": action::CLEAR, onclick: move |_| confirming.set(true),
                        Icon { name: IconName::Trash }
                        span { {tr.tr("clear-button")} }
                    }
                }
            }
            section { class: "about",
                h2 { {tr.tr("about-title")} }
                p { {tr.tr("privacy-promise")} }
                p { class: "small", {tr.tr_args("about-version", &[("version", Arg::Text(crate::APP_VERSION))])} }
            }
        }
    }
}

/// The message naming where the data in use came from.
fn source_key(slot: Slot) -> &'static str {
    match slot {
        Slot::Current => "settings-source-current",
        Slot::Previous => "settings-source-previous",
        Slot::Embedded => "settings-source-embedded",
    }
}

/// Says so when an installed update was passed over at start because it could not be opened (not when it
/// is just missing, or older than the data built into the app).
#[component]
fn SkippedBundles(source: ActiveSource) -> Element {
    let tr = use_tr();
    // A missing file, or one older than the built-in data, is no refusal and says nothing.
    let broken: Vec<(&'static str, String)> = source
        .skipped
        .iter()
        .filter_map(|s| {
            let reason = Refusal::from_key(s.reason_key)?;
            let what = match s.slot {
                Slot::Previous => "settings-skipped-previous",
                _ => "settings-skipped-current",
            };
            Some((what, UiError::Update(reason).message(&tr)))
        })
        .collect();
    rsx! {
        for (what , why) in broken {
            p { key: "{what}", class: "banner warn skipped", role: "status",
                strong { {tr.tr(what)} }
                " {why}"
            }
        }
    }
}

/// A byte count for people: "850 kB", "1,2 MB" (es/fr), "1.2 MB" (en).
fn size_text(tr: &Localizer, bytes: u64) -> String {
    if bytes < 1_000_000 {
        format!("{} kB", tr.number((bytes as f64 / 1000.0).ceil(), 0))
    } else {
        format!("{} MB", tr.number(bytes as f64 / 1_000_000.0, 1))
    }
}

/// What "Save a copy" last did, as the panel shows it.
#[derive(Debug, Clone, PartialEq)]
enum ShareShown {
    /// Saved (or already there): the message, the file, its size in bytes.
    Saved(&'static str, String, u64),
    /// Not saved: the message and the details for support.
    Refused(&'static str, String),
}

/// The message for a copy that was not saved.
fn share_refusal_key(error: &ShareError) -> &'static str {
    match error {
        ShareError::EmbeddedOnly { .. } => "share-embedded",
        ShareError::NotInUse { .. } => "share-refused-not-in-use",
        ShareError::Exists(_) => "share-refused-exists",
        ShareError::Io { .. } => "share-refused-io",
    }
}

impl ShareShown {
    /// What to show after a "Save a copy". The path is the person's own text: it is shown, never logged.
    fn of(outcome: Result<Shared, ShareError>) -> Self {
        match outcome {
            Ok(saved) => ShareShown::Saved(
                if saved.written {
                    "share-saved"
                } else {
                    "share-already"
                },
                saved.path.display().to_string(),
                saved.bytes,
            ),
            Err(error) => ShareShown::Refused(share_refusal_key(&error), error.to_string()),
        }
    }
}

/// The browser's "Save a copy": the bundle in use, checked as in [`share::read_in_use`], given as a download.
fn download_in_use(data_dir: &std::path::Path, in_use: &InUse) -> Result<Shared, ShareError> {
    let name = in_use.file_name();
    let bytes = share::read_in_use(data_dir, in_use)?;
    give_as_download(&name, &bytes)?;
    Ok(Shared {
        path: PathBuf::from(name),
        bytes: bytes.len() as u64,
        written: true,
    })
}

#[cfg(all(feature = "web", target_arch = "wasm32"))]
fn give_as_download(name: &str, bytes: &[u8]) -> Result<(), ShareError> {
    crate::web::download(name, bytes).map_err(|error| ShareError::Io {
        path: name.to_string(),
        source: std::io::Error::other(error.to_string()),
    })
}

#[cfg(not(all(feature = "web", target_arch = "wasm32")))]
fn give_as_download(name: &str, _bytes: &[u8]) -> Result<(), ShareError> {
    Err(ShareError::Io {
        path: name.to_string(),
        source: std::io::Error::other("this build has no browser to download into"),
    })
}

/// "Pass it on": saves the signed data in use as one file (to a typed folder or file name, by default the
/// Downloads folder) that another phone installs with "Update from this file". When the data in use is the
/// one built into the app, it says that any phone with this app version already has it, and offers nothing.
#[component]
fn SharePanel(in_use: InUse, data_dir: Option<PathBuf>) -> Element {
    let tr = use_tr();
    let mut destination = use_signal(String::new);
    let mut shown = use_signal(|| None::<ShareShown>);
    let data_dir = match data_dir {
        Some(dir) if in_use.slot != Slot::Embedded => dir,
        _ => {
            return rsx! {
                section { class: "share-box",
                    h3 {
                        Icon { name: IconName::Share }
                        span { {tr.tr("share-title")} }
                    }
                    p { class: "share-embedded", {tr.tr("share-embedded")} }
                }
            };
        }
    };
    // Looked up once, not at every render.
    let default_folder = use_hook(share::default_folder);
    let placeholder = default_folder
        .as_ref()
        .map(|folder| folder.display().to_string())
        .unwrap_or_default();
    let result = shown().map(|shown| match shown {
        ShareShown::Saved(key, path, bytes) => rsx! {
            p { class: "banner ok share-result", role: "status",
                {tr.tr_args(key, &[("path", Arg::Text(&path)), ("size", Arg::Text(&size_text(&tr, bytes)))])}
            }
        },
        ShareShown::Refused(key, detail) => rsx! {
            div { class: "banner warn share-result", role: "alert",
                p { strong { {tr.tr("share-refused")} } }
                p { {tr.tr(key)} }
                SupportDetails { tr: tr.clone(), detail }
            }
        },
    });
    rsx! {
        section { class: "share-box",
            h3 {
                Icon { name: IconName::Share }
                span { {tr.tr("share-title")} }
            }
            p { {tr.tr("share-explain")} }
            if PICKS_FILES {
                // A browser saves downloads where the person's settings say.
                button {
                    class: "btn wide",
                    r#type: "button",
                    "data-action": action::SHARE_DATA,
                    onclick: move |_| shown.set(Some(ShareShown::of(download_in_use(&data_dir, &in_use)))),
                    Icon { name: IconName::Share }
                    span { {tr.tr("share-button")} }
                }
            } else {
                div { class: "field",
                    label { r#for: field::SHARE_TO, {tr.tr("share-folder-label")} }
                    input {
                        id: field::SHARE_TO,
                        r#type: "text",
                        autocomplete: "off",
                        spellcheck: "false",
                        placeholder: "{placeholder}",
                        oninput: move |event| destination.set(event.value()),
                    }
                    button {
                        class: "btn wide",
                        r#type: "button",
                        "data-action": action::SHARE_DATA,
                        onclick: move |_| {
                            let typed = destination.peek().trim().to_string();
                            let target = if typed.is_empty() {
                                default_folder.clone()
                            } else {
                                Some(expand_home(&typed))
                            };
                            let outcome = match target {
                                Some(target) => share::share_copy(&data_dir, &in_use, &target),
                                None => Err(ShareError::Io {
                                    path: String::new(),
                                    source: std::io::Error::other("no folder was named and there is no home folder"),
                                }),
                            };
                            shown.set(Some(ShareShown::of(outcome)));
                        },
                        Icon { name: IconName::Share }
                        span { {tr.tr("share-button")} }
                    }
                }
            }
            {result}
        }
    }
}

/// "Update the data": a file path and an update address (empty: nothing is contacted until the person types
/// one and presses the button), the progress of a running install and its result. The two fields are not
/// written back from their signals, so a slow re-render never overwrites what is being typed.
#[component]
fn UpdatePanel() -> Element {
    let tr = use_tr();
    let mut updates = use_update_controls();
    let mut file = use_signal(String::new);
    let mut address = use_signal(String::new);
    let mut missing = use_signal(|| None::<&'static str>);
    let phase = (updates.phase)();
    let running = matches!(phase, UpdatePhase::Running(_));
    if !updates.available {
        return rsx! {
            section { class: "update-box",
                h3 { {tr.tr("update-title")} }
                p { {tr.tr("update-unavailable")} }
            }
        };
    }
    let status = match &phase {
        UpdatePhase::Idle => None,
        UpdatePhase::Running(progress) => {
            let (text, bar) = match progress {
                None => (tr.tr("update-stage-verifying"), None),
                Some(p) => {
                    let text = tr.tr_args(
                        stage_key(p),
                        &[
                            ("done", Arg::Text(&size_text(&tr, p.done))),
                            ("total", Arg::Text(&size_text(&tr, p.total))),
                        ],
                    );
                    let bar = (p.total > 0).then(|| (p.done.min(p.total), p.total));
                    (text, bar)
                }
            };
            Some(rsx! {
                div { class: "update-status", role: "status", "aria-live": "polite",
                    p { "{text}" }
                    match bar {
                        Some((done, total)) => rsx! { progress { max: "{total}", value: "{done}", "{text}" } },
                        None => rsx! { progress { "{text}" } },
                    }
                }
            })
        }
        UpdatePhase::Done(UpdateResult::Installed { version }) => Some(rsx! {
            p { class: "banner ok update-result", role: "status",
                {tr.tr_args("update-installed", &[("version", Arg::Text(&version.to_string()))])}
            }
        }),
        UpdatePhase::Done(UpdateResult::UpToDate { version }) => Some(rsx! {
            p { class: "banner update-result", role: "status",
                {tr.tr_args("update-up-to-date", &[("version", Arg::Text(&version.to_string()))])}
            }
        }),
        UpdatePhase::Done(UpdateResult::Refused { reason, detail }) => Some(rsx! {
            div { class: "banner warn update-result", role: "alert",
                p { strong { {tr.tr("update-refused")} } }
                p { class: "refusal", {UiError::Update(*reason).message(&tr)} }
                p { {tr.tr("update-nothing-changed")} }
                SupportDetails { tr: tr.clone(), detail }
            }
        }),
    };
    rsx! {
        section { class: "update-box",
            h3 { {tr.tr("update-title")} }
            p { {tr.tr("update-explain")} }
            if PICKS_FILES {
                div { class: "field",
                    label { r#for: field::UPDATE_FILE, {tr.tr("update-file-pick-label")} }
                    input {
                        id: field::UPDATE_FILE,
                        r#type: "file",
                        accept: ".paso,.patch",
                        disabled: running,
                        "data-action": action::UPDATE_FILE,
                        onchange: move |event: FormEvent| {
                            let picked = event.files().into_iter().next();
                            async move {
                                let Some(picked) = picked else { return };
                                if picked.size() > crate::update::MAX_FILE_BYTES {
                                    updates.refuse(crate::update::UpdateError::TooLarge {
                                        offered: picked.size(),
                                        allowed: crate::update::MAX_FILE_BYTES,
                                    });
                                    return;
                                }
                                match picked.read_bytes().await {
                                    Ok(bytes) => updates.start(UpdateRequest::Bytes(bytes.to_vec())),
                                    Err(error) => updates.refuse(crate::update::UpdateError::Io {
                                        path: picked.name(),
                                        source: std::io::Error::other(error.to_string()),
                                    }),
                                }
                            }
                        },
                    }
                }
            } else {
                div { class: "field",
                    label { r#for: field::UPDATE_FILE, {tr.tr("update-file-label")} }
                    input {
                        id: field::UPDATE_FILE,
                        r#type: "text",
                        inputmode: "url",
                        autocomplete: "off",
                        spellcheck: "false",
                        placeholder: tr.tr("update-file-placeholder"),
                        oninput: move |event| file.set(event.value()),
                    }
                    button {
                        class: "btn wide",
                        r#type: "button",
                        disabled: running,
                        "data-action": action::UPDATE_FILE,
                        onclick: move |_| {
                            let path = file.peek().trim().to_string();
                            if path.is_empty() {
                                missing.set(Some("update-file-missing"));
                            } else {
                                missing.set(None);
                                updates.start(UpdateRequest::File(expand_home(&path)));
                            }
                        },
                        Icon { name: IconName::Update }
                        span { {tr.tr("update-file-button")} }
                    }
                }
            }
            div { class: "field",
                label { r#for: field::UPDATE_ADDRESS, {tr.tr("update-address-label")} }
                input {
                    id: field::UPDATE_ADDRESS,
                    r#type: "url",
                    autocomplete: "off",
                    spellcheck: "false",
                    placeholder: tr.tr("update-address-placeholder"),
                    oninput: move |event| address.set(event.value()),
                }
                button {
                    class: "btn wide",
                    r#type: "button",
                    disabled: running,
                    "data-action": action::UPDATE_CHECK,
                    onclick: move |_| {
                        let url = address.peek().trim().to_string();
                        if url.is_empty() {
                            missing.set(Some("update-address-missing"));
                        } else {
                            missing.set(None);
                            updates.start(UpdateRequest::Check(url));
                        }
                    },
                    Icon { name: IconName::Website }
                    span { {tr.tr("update-check-button")} }
                }
            }
            if let Some(key) = missing() {
                p { class: "banner warn", role: "alert", {tr.tr(key)} }
            }
            {status}
        }
    }
}
