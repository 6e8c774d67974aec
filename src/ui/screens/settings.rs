//! Settings and about: language, nationality, the outbox, the bundle (version, date, publisher, signature)
//! and its data sources with licences, "Clear all my data" with a confirmation, and quick exit.

use super::country_name;
use crate::i18n::{Arg, LANGUAGES};
use crate::model::CountryCode;
use crate::ui::app::{action, quick_exit, set_language, Route};
use crate::ui::components::icon::{Icon, IconName};
use crate::ui::state::{use_tr, Prefs, Services, SETTING_NATIONALITY};
use dioxus::prelude::*;

/// The three languages as big buttons, each written in itself.
#[component]
pub fn LanguageButtons() -> Element {
    let tr = use_tr();
    let prefs = use_context::<Prefs>();
    let services = use_context::<Services>();
    rsx! {
        div { class: "lang-choice", role: "group", "aria-label": tr.tr("settings-language"),
            for (code , name) in LANGUAGES {
                button {
                    key: "{code}",
                    r#type: "button",
                    class: if code == tr.lang() { "btn lang on" } else { "btn lang" },
                    lang: code,
                    "aria-pressed": if code == tr.lang() { "true" } else { "false" },
                    onclick: {
                        let services = services.clone();
                        move |_| set_language(prefs, &services, code)
                    },
                    Icon { name: IconName::Language }
                    span { "{name}" }
                }
            }
        }
    }
}

/// The optional nationality: stored only on this phone, clearable.
#[component]
pub fn NationalityField() -> Element {
    let tr = use_tr();
    let mut prefs = use_context::<Prefs>();
    let services = use_context::<Services>();
    let lang = tr.lang();
    let chosen = (prefs.nationality)();
    let mut countries: Vec<(CountryCode, String)> = services
        .catalog
        .countries()
        .unwrap_or_default()
        .into_iter()
        .map(|c| (c.code, c.name(lang).to_string()))
        .collect();
    countries.sort_by_cached_key(|c| crate::text::fold(&c.1));
    let store = services.clone();
    let clear = services.clone();
    rsx! {
        div { class: "field",
            label { r#for: "nationality", {tr.tr("nationality-label")} }
            select {
                id: "nationality",
                onchange: move |event| {
                    let code = CountryCode::parse(&event.value());
                    prefs.nationality.set(code);
                    let _ = store.user.set_setting(SETTING_NATIONALITY, code.as_ref().map(|c| c.as_str()));
                },
                option { value: "", selected: chosen.is_none(), {tr.tr("nationality-none")} }
                for (code , name) in countries {
                    option { key: "{code}", value: "{code}", selected: chosen == Some(code), "{name}" }
                }
            }
            p { class: "small",
                Icon { name: IconName::Lock }
                span { {tr.tr("nationality-why")} }
            }
            if let Some(code) = chosen {
                button {
                    class: "btn",
                    r#type: "button",
                    onclick: move |_| {
                        prefs.nationality.set(None);
                        let _ = clear.user.set_setting(SETTING_NATIONALITY, None);
                    },
                    Icon { name: IconName::Trash }
                    span { {tr.tr_args("nationality-clear", &[("country", Arg::Text(&country_name(&services.catalog, code, lang)))])} }
                }
            }
        }
    }
}

/// The settings and about screen.
#[component]
pub fn Settings() -> Element {
    let tr = use_tr();
    let mut prefs = use_context::<Prefs>();
    let services = use_context::<Services>();
    let mut confirming = use_signal(|| false);
    let mut problem = use_signal(|| None::<String>);
    let manifest = services.catalog.store().manifest().clone();
    let signer = services.catalog.store().signer_name().to_string();
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
            Err(_) => problem.set(Some(tr.tr("error-clear"))),
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
                    onclick: move |_| quick_exit(prefs),
                    Icon { name: IconName::Exit, light: true }
                    span { {tr.tr("quick-exit-button")} }
                }
            }
            section {
                h2 { {tr.tr("settings-reports")} }
                Link { class: "btn wide", to: Route::Outbox {},
                    Icon { name: IconName::Outbox }
                    span { {tr.tr("outbox-title")} }
                }
            }
            section { class: "about-data",
                h2 { {tr.tr("settings-data")} }
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
                    dt { {tr.tr("settings-places")} }
                    dd {
                        {tr.tr_args("places-found", &[("count", Arg::Number(manifest.coverage.places as f64))])}
                    }
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
