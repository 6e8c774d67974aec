//! The app: the routes (one screen each), the root component that provides the shared state (the layout
//! around every screen is [`super::shell`]), and the one function that opens the data.

pub use super::components::ids::{action, field};
use super::errors::UnexpectedError;
use super::present::NearFilters;
use super::screens::emergency::Emergency;
use super::screens::error::DataErrorScreen;
use super::screens::first_run::FirstRun;
use super::screens::guide::{Guide, GuideHere, GuideSection};
use super::screens::map::MapScreen;
use super::screens::near::Near;
use super::screens::neutral::Neutral;
use super::screens::place::PlaceScreen;
use super::screens::report::{NewPlaceReport, Outbox, ReportScreen};
use super::screens::search::Search;
use super::screens::settings::Settings;
use super::screens::truths::Truths;
use super::screens::verify::VerifyScreen;
use super::shell::{NotFound, Shell};
use super::state::*;
pub use super::state::{quick_exit, set_language};
use super::updates::use_updates;
use crate::bundle::TrustedKeys;
use crate::catalog::Catalog;
use crate::i18n::{negotiate, Localizer};
use crate::model::CountryCode;
use crate::store::StoreError;
use crate::update::{self, ActiveSource};
use dioxus::history::{History, MemoryHistory};
use dioxus::prelude::*;
use std::path::Path;
use std::rc::Rc;

/// The app's stylesheet (shipped in `assets/`).
pub const CSS: &str = include_str!("../../assets/paso.css");

/// Every screen, one route each.
#[derive(Routable, Clone, PartialEq, Debug)]
#[rustfmt::skip]
#[allow(missing_docs)]
pub enum Route {
    #[layout(Shell)]
        #[route("/")]
        Near {},
        #[route("/welcome")]
        FirstRun {},
        #[route("/map")]
        MapScreen {},
        #[route("/place/:id")]
        PlaceScreen { id: String },
        #[route("/guide")]
        GuideHere {},
        #[route("/guide/:country")]
        Guide { country: String },
        #[route("/guide/:country/:section")]
        GuideSection { country: String, section: String },
        #[route("/search")]
        Search {},
        #[route("/report/:id")]
        ReportScreen { id: String },
        #[route("/report-new")]
        NewPlaceReport {},
        #[route("/verify/:id")]
        VerifyScreen { id: String },
        #[route("/outbox")]
        Outbox {},
        #[route("/settings")]
        Settings {},
        #[route("/emergency")]
        Emergency {},
        #[route("/truths")]
        Truths {},
    #[end_layout]
    #[route("/:..segments")]
    NotFound { segments: Vec<String> },
}

/// Opens the content bundle. This is the one place that decides which bundle the app reads: with a data
/// directory, the best valid one of the installed update, the one it replaced and the embedded default
/// ([`update::open_active`], which also says which it used and which it passed over); without one, the
/// embedded default.
pub fn open_catalog(
    data_dir: Option<&Path>,
    trusted: &TrustedKeys,
) -> (Result<Catalog, DataProblem>, Option<ActiveSource>) {
    match data_dir {
        Some(dir) => match update::open_active(dir, trusted) {
            Ok((catalog, source)) => (Ok(catalog), Some(source)),
            Err(error) => {
                log::warn!("the data bundle cannot be opened: {error}");
                (Err(DataProblem::of_update(&error)), None)
            }
        },
        None => (
            Catalog::open_default().map_err(|error: StoreError| {
                log::warn!("the data bundle cannot be opened: {error}");
                DataProblem::of_bundle(&error)
            }),
            None,
        ),
    }
}

/// Props of the root component.
#[derive(Props, Clone, PartialEq)]
pub struct AppProps {
    /// What was opened at start.
    pub boot: Boot,
}

/// The root component: provides the language, the preferences, the data (replaced after an update) and the
/// update controls, and shows the neutral screen while the person has quick-exited.
#[allow(non_snake_case)]
pub fn App(props: AppProps) -> Element {
    let boot = props.boot;
    let user = boot.user.clone();
    let start = boot.start.clone();
    let lang = use_signal(|| {
        let stored = user.setting(SETTING_LANGUAGE).ok().flatten();
        let system = std::env::var("LANG").ok();
        negotiate(&[start
            .lang
            .as_deref()
            .or(stored.as_deref())
            .or(system.as_deref())
            .unwrap_or("es")])
    });
    let nationality = use_signal(|| {
        user.setting(SETTING_NATIONALITY)
            .ok()
            .flatten()
            .and_then(|code| CountryCode::parse(&code))
    });
    let exited = use_signal(|| false);
    let session = use_signal(|| 0u32);
    let cleared = use_signal(|| false);
    use_context_provider(|| Prefs {
        lang,
        nationality,
        exited,
        session,
        cleared,
    });
    let tr = use_memo(move || Localizer::new(lang()));
    use_context_provider(|| tr);
    let data = use_signal(|| Data {
        catalog: boot.catalog.clone(),
        source: boot.source.clone(),
        generation: 0,
    });
    use_context_provider(|| data);
    let mut updates = use_updates(boot.data_dir.clone(), boot.trusted.clone(), data);
    // A new session (after quick exit or clearing data) does not show the last one's update result.
    use_effect(move || {
        session();
        updates.forget();
    });
    let Data {
        catalog: opened,
        generation,
        ..
    } = data();

    let body = if exited() {
        rsx! { Neutral {} }
    } else {
        match &opened {
            Err(problem) => rsx! { DataErrorScreen { problem: *problem } },
            Ok(catalog) => {
                let mut services =
                    Services::new(catalog.clone(), boot.user.clone(), boot.data_dir.clone());
                services.report_server = boot.report_server.clone();
                let first = session() == 0;
                let route = if first {
                    boot.start.route.clone()
                } else {
                    None
                };
                let route = route.unwrap_or_else(|| {
                    // A language given on the command line counts as chosen, until the person clears
                    // their data: then the first run comes back.
                    let chosen = boot.user.setting(SETTING_LANGUAGE).ok().flatten().is_some()
                        || (boot.start.lang.is_some() && !cleared());
                    if chosen {
                        Route::Near {}
                    } else {
                        Route::FirstRun {}
                    }
                    .to_string()
                });
                let at = if first { boot.start.at } else { None };
                rsx! {
                    Ready {
                        key: "{session}",
                        services,
                        generation,
                        route,
                        at: at.map(|p| (p.lat, p.lon)),
                        user_problem: boot.user_problem,
                    }
                }
            }
        }
    };
    // The window title says "Paso" only while Paso shows; the neutral screen sets its own.
    let title = tr().tr("app-name");
    rsx! {
        if !exited() {
            document::Title { "{title}" }
        }
        style { {CSS} }
        // A component that fails shows a message in the person's language, never its error text.
        ErrorBoundary {
            handle_error: move |errors: ErrorContext| rsx! {
                UnexpectedError { tr: tr(), errors }
            },
            {body}
        }
    }
}

/// Props of [`Ready`].
#[derive(Props, Clone)]
struct ReadyProps {
    services: Services,
    generation: u32,
    route: String,
    at: Option<(f64, f64)>,
    user_problem: Option<DataProblem>,
}

impl PartialEq for ReadyProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.services.catalog, &other.services.catalog)
            && self.generation == other.generation
            && self.route == other.route
            && self.at == other.at
    }
}

/// One session: a fresh navigation history, "my place", search text and filters. Remounted (and so
/// forgotten) after quick exit. The screens below it are remounted when the data is replaced (after an
/// update), keeping the session and the screen the person is on.
#[allow(non_snake_case)]
fn Ready(props: ReadyProps) -> Element {
    let tr = use_tr();
    let at = props.at;
    let catalog = props.services.catalog.clone();
    let lang = tr.lang();
    let here = use_signal(|| {
        at.map(|(lat, lon)| {
            let position = crate::model::LatLon::new(lat, lon);
            Here {
                position,
                label: super::components::place_name::label_for(
                    &catalog,
                    &Localizer::new(lang),
                    position,
                ),
            }
        })
    });
    let search = use_signal(String::new);
    let filters = use_signal(NearFilters::new);
    use_context_provider(|| Session {
        here,
        search,
        filters,
    });
    let route = props.route.clone();
    use_context_provider(|| Rc::new(MemoryHistory::with_initial_path(route)) as Rc<dyn History>);
    let generation = props.generation;
    let screens = rsx! {
        DataScope { key: "{generation}", services: props.services.clone() }
    };
    rsx! {
        if props.user_problem.is_some() {
            p { class: "banner warn", role: "alert", {super::errors::UiError::Storage(super::errors::Storage::Open).message(&tr)} }
        }
        {screens}
    }
}

/// Props of [`DataScope`].
#[derive(Props, Clone)]
struct DataScopeProps {
    services: Services,
}

impl PartialEq for DataScopeProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.services.catalog, &other.services.catalog)
    }
}

/// Provides one opening of the data to the router and every screen (keyed by the data's generation, so a
/// new bundle means fresh screens; the history, and so the current screen, is kept above it).
#[allow(non_snake_case)]
fn DataScope(props: DataScopeProps) -> Element {
    use_context_provider(|| props.services.clone());
    rsx! {
        Router::<Route> {}
    }
}

/// Parses a `--screen` value (`first-run`, `near`, `map`, `place:<id>`, `guide:<CC>`, `search`,
/// `report:<id>`, `outbox`, `settings`, `emergency`, `truths`) into a route.
pub fn screen_route(text: &str) -> Result<Route, String> {
    let (name, arg) = match text.split_once(':') {
        Some((name, arg)) => (name, Some(arg.trim())),
        None => (text, None),
    };
    let need = |what: &str| {
        arg.filter(|a| !a.is_empty())
            .map(String::from)
            .ok_or_else(|| format!("--screen {name}:<{what}> needs a {what}"))
    };
    Ok(match name.trim() {
        "first-run" => Route::FirstRun {},
        "near" => Route::Near {},
        "map" => Route::MapScreen {},
        "place" => Route::PlaceScreen { id: need("id")? },
        "guide" => match arg {
            Some(code) => Route::Guide {
                country: CountryCode::parse(code)
                    .ok_or_else(|| format!("{code:?} is not a two-letter country code"))?
                    .to_string(),
            },
            None => Route::GuideHere {},
        },
        "search" => Route::Search {},
        "report" => Route::ReportScreen { id: need("id")? },
        "outbox" => Route::Outbox {},
        "settings" => Route::Settings {},
        "emergency" => Route::Emergency {},
        "truths" => Route::Truths {},
        other => {
            return Err(format!(
                "unknown screen {other:?}; expected first-run, near, map, place:<id>, guide:<CC>, search, report:<id>, outbox, settings, emergency or truths"
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screens_parse_and_place_ids_survive_the_route_path() {
        let route = screen_route("place:wd:Q80413004").unwrap();
        assert_eq!(
            route,
            Route::PlaceScreen {
                id: "wd:Q80413004".into()
            }
        );
        let path = route.to_string();
        assert_eq!(path.parse::<Route>().ok(), Some(route));
        assert_eq!(
            screen_route("guide:cr").unwrap(),
            Route::Guide {
                country: "CR".into()
            }
        );
        assert!(screen_route("guide:costa").is_err());
        assert!(screen_route("report:").is_err());
        assert!(screen_route("home").is_err());
        assert_eq!(screen_route("outbox").unwrap().to_string(), "/outbox");
    }

    /// The rule body of the first CSS rule whose selector starts with `selector`.
    fn rule(selector: &str) -> &'static str {
        let at = CSS
            .find(&format!("\n{selector} {{"))
            .unwrap_or_else(|| panic!("no CSS rule {selector}"));
        let body = &CSS[at..];
        &body[body.find('{').unwrap() + 1..body.find('}').unwrap()]
    }

    #[test]
    fn the_stylesheet_keeps_touch_targets_big_and_text_scalable() {
        assert!(CSS.contains("--touch: 3rem;"), "48 px touch targets");
        for selector in [
            ".btn, .link-btn",
            ".top-btn",
            ".lang-btn",
            ".back",
            ".chip",
            ".row-btn",
            ".tab",
            ".call",
            ".radio",
            ".calc-key",
            ".serves summary",
            ".section summary",
            ".btn.small",
        ] {
            let body = rule(selector);
            let ok = body.contains("min-height: var(--touch)")
                || body.contains("min-height: 3.5rem")
                || body.contains("min-height: 4rem");
            assert!(ok, "{selector} must be at least 48 px tall: {body}");
        }
        // Text scales with the phone's setting: sizes in rem, never px.
        for line in CSS.lines().filter(|l| l.contains("font-size")) {
            assert!(!line.contains("px"), "font sizes in rem: {line}");
        }
        // The stylesheet is inlined as a text node: keep it free of markup characters.
        assert!(!CSS.contains('<') && !CSS.contains('>') && !CSS.contains('&'));
    }

    #[test]
    fn data_problems_are_classified_for_the_person() {
        let bytes = crate::catalog::DEFAULT_BUNDLE;
        let mut tampered = bytes.to_vec();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        let keys = crate::bundle::keys::dev_trusted();
        let error = Catalog::open(&tampered, &keys).err().unwrap();
        assert_eq!(DataProblem::of_bundle(&error), DataProblem::Damaged);
        let error = Catalog::open(b"nonsense", &keys).err().unwrap();
        assert_eq!(DataProblem::of_bundle(&error), DataProblem::Damaged);
        let error = Catalog::open(bytes, &crate::bundle::TrustedKeys::default())
            .err()
            .unwrap();
        assert_eq!(DataProblem::of_bundle(&error), DataProblem::Untrusted);
        use crate::update::UpdateError;
        for (error, problem) in [
            (UpdateError::Tampered("x".into()), DataProblem::Damaged),
            (UpdateError::Incomplete, DataProblem::Damaged),
            (
                UpdateError::Untrusted { key_id: "k".into() },
                DataProblem::Untrusted,
            ),
            (
                UpdateError::AppTooOld {
                    needed: "9".into(),
                    ours: "0".into(),
                },
                DataProblem::TooNew,
            ),
            (
                UpdateError::Io {
                    path: "p".into(),
                    source: std::io::ErrorKind::NotFound.into(),
                },
                DataProblem::Missing,
            ),
            (UpdateError::Network("x".into()), DataProblem::Other),
        ] {
            assert_eq!(DataProblem::of_update(&error), problem, "{error}");
        }
    }
}
