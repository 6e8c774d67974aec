//! Every app screen rendered headless (VirtualDom + dioxus-ssr) against the small signed fixture bundle and an
//! in-memory user database, in Spanish, English and French, with assertions on what a person would read;
//! plus simulated taps (category chip, place row, quick exit, report, export, clear data).

use crate::common::*;
use dioxus::prelude::*;
use dioxus_core::Mutation;
use dioxus_html::{PlatformEventData, SerializedFormData};
use paso::catalog::Catalog;
use paso::model::LatLon;
use paso::store::user::{ReportKind, ReportState};
use paso::store::UserStore;
use paso::ui::app::{App, AppProps};
use paso::ui::state::{Boot, Start};
use std::rc::Rc;

/// GeoNames centre of Tapachula (as in the fixture's towns).
const TAPACHULA: LatLon = LatLon::new(14.90541, -92.25891);
/// San José, Costa Rica (a point inside Costa Rica for the guide and emergency numbers).
const SAN_JOSE: LatLon = LatLon::new(9.93388, -84.08489); // GeoNames centre of San José

const LANGS: [&str; 3] = ["es", "en", "fr"];

/// The search box, found by its placeholder.
const SEARCH_ES: &str = "Por ejemplo: Tapachula, albergue, asilo";
const SEARCH_EN: &str = "For example: Tapachula, albergue, asylum";

thread_local! {
    static CATALOG: Rc<Catalog> = Rc::new(
        Catalog::open(&mini_bundle(), &dev_trusted()).expect("the fixture bundle opens"),
    );
}

/// A running app in a headless VirtualDom, with every mutation recorded so taps can find their element.
pub struct Phone {
    /// The app's DOM and what it rendered ([`Headless`]'s taps and typing work on the phone too).
    pub ui: Headless,
    pub user: Rc<UserStore>,
    dir: tempfile::TempDir,
}

impl Phone {
    fn open(route: &str, lang: &str, at: Option<LatLon>) -> Self {
        Self::open_with(route, lang, at, |_| {})
    }

    fn open_with(
        route: &str,
        lang: &str,
        at: Option<LatLon>,
        prepare: impl FnOnce(&UserStore),
    ) -> Self {
        let user = UserStore::in_memory().unwrap();
        user.set_setting("language", Some(lang)).unwrap();
        prepare(&user);
        let user = Rc::new(user);
        let dir = tempfile::tempdir().unwrap();
        let boot = Boot {
            catalog: Ok(CATALOG.with(Rc::clone)),
            user: user.clone(),
            user_problem: None,
            source: None,
            data_dir: Some(dir.path().to_path_buf()),
            report_server: None,
            trusted: Default::default(),
            start: Start {
                at,
                lang: Some(lang.to_string()),
                route: Some(route.to_string()),
            },
        };
        Self::start(boot, dir)
    }

    /// Starts the app on a prepared boot; `dir` is kept alive as long as the phone.
    pub fn start(boot: Boot, dir: tempfile::TempDir) -> Self {
        let user = boot.user.clone();
        let ui = Headless::start(VirtualDom::new_with_props(App, AppProps { boot }));
        Self { ui, user, dir }
    }
}

impl std::ops::Deref for Phone {
    type Target = Headless;
    fn deref(&self) -> &Headless {
        &self.ui
    }
}

impl std::ops::DerefMut for Phone {
    fn deref_mut(&mut self) -> &mut Headless {
        &mut self.ui
    }
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn near_me_shows_distances_badges_and_warnings_in_every_language() {
    for lang in LANGS {
        let html = Phone::open("/", lang, Some(TAPACHULA)).html();
        // "My place" is named by its nearest town, region and country, never by coordinates.
        let named = match lang {
            "es" => "Cerca de Tapachula, Chiapas (México)",
            "en" => "Near Tapachula, Chiapas (Mexico)",
            _ => "Près de Tapachula, Chiapas (Mexique)",
        };
        assert!(html.contains(named), "{lang}: {html}");
        assert!(
            !html.contains("14,905") && !html.contains("14.905"),
            "{lang}: coordinates shown"
        );
        let (km, approx_line, approx_badge, unverified, closed) = match lang {
            "es" => (
                "1,2 km · sureste",
                "≈ 0 m · en Tapachula (centro del pueblo)",
                "Ubicación aproximada",
                "Sin confirmar",
                "Cerrado — no vaya",
            ),
            "en" => (
                "1.2 km · south-east",
                "≈ 0 m · in Tapachula (town centre)",
                "Approximate location",
                "Not confirmed",
                "Closed — do not go",
            ),
            _ => (
                "1,2 km · sud-est",
                "≈ 0 m · à Tapachula (centre-ville)",
                "Position approximative",
                "Non confirmé",
                "Fermé — n’y allez pas",
            ),
        };
        assert!(html.contains(km), "{lang}: no {km:?}");
        assert!(html.contains(approx_line), "{lang}: no {approx_line:?}");
        assert!(html.contains(approx_badge), "{lang}: no approximate badge");
        assert!(html.contains(unverified), "{lang}: no unverified badge");
        assert!(html.contains(closed), "{lang}: no closed warning");
        assert!(html.contains("class=\"closed-warning\""));
        assert!(!html.contains('⟦'), "{lang}: a message is missing:\n{html}");
        // 20 rows, each with its category icon beside the words; the tabs, the SOS and the quick exit.
        assert_eq!(count(&html, "class=\"row-btn\""), 20, "{lang}");
        assert!(html.contains("data:image/svg+xml;base64,"));
        assert!(html.contains("class=\"top-btn sos\"") && html.contains("class=\"top-btn exit\""));
        assert!(html.contains("<nav class=\"tabs\""));
    }
}

#[test]
fn near_me_never_lists_points_without_coordinates() {
    let html = Phone::open("/", "en", Some(SAN_JOSE)).html();
    let unplaced: Vec<_> = CATALOG.with(|c| {
        c.places()
            .iter()
            .filter(|p| p.position.is_none())
            .map(|p| p.names.get("en").to_string())
            .collect()
    });
    assert!(!unplaced.is_empty(), "the fixture has unplaced rows");
    for name in unplaced {
        assert!(
            !html.contains(&format!(">{name}<")),
            "{name} has no coordinates but is listed"
        );
    }
}

#[test]
fn without_a_place_near_me_asks_where_you_are() {
    for lang in LANGS {
        let html = Phone::open("/", lang, None).html();
        let expected = match lang {
            "es" => "¿Dónde estás?",
            "en" => "Where are you?",
            _ => "Où êtes-vous ?",
        };
        assert!(html.contains(expected), "{lang}");
        assert_eq!(count(&html, "class=\"row-btn\""), 0);
    }
}

#[test]
fn tapping_a_category_chip_filters_the_list_and_tapping_a_row_opens_the_place() {
    let mut phone = Phone::open("/", "es", Some(TAPACHULA));
    assert!(phone.html().contains("Clínica Hospital ISSSTE"));
    phone.tap("data-category", "shelter");
    let html = phone.html();
    assert!(html.contains("Albergue Diocesano Belén"));
    assert!(
        !html.contains("Clínica Hospital ISSSTE"),
        "only shelters remain"
    );
    assert!(
        html.contains("aria-pressed=\"true\" data-category=\"shelter\"")
            || html.contains("data-category=\"shelter\" aria-pressed=\"true\"")
            || html.contains("class=\"chip on\"")
    );
    // The closed shelter in Los Chiles is far away; the nearest shelters come first and are approximate.
    let first_row = html.split("class=\"row-btn\"").nth(1).unwrap();
    assert!(first_row.contains("≈ 0 m"), "{first_row}");
    // Tapping the picked chip again shows everything.
    phone.tap("data-category", "shelter");
    assert!(phone.html().contains("Clínica Hospital ISSSTE"));
    // Who it serves: families.
    phone.tap("data-serves", "families");
    let html = phone.html();
    assert_eq!(count(&html, "class=\"chip small on\""), 1);
    // A row is found by its place id (`data-place`, as the browser test finds it) and opens the place.
    assert!(html.contains("data-place=\"mx-tapachula-albergue-belen\""));
    phone.tap("data-place", "mx-tapachula-albergue-belen");
    let html = phone.html();
    assert!(html.contains("class=\"screen-body place\""), "{html}");
    assert!(html.contains("De dónde viene esta información"), "{html}");
}

#[test]
fn a_place_has_tel_links_source_licence_and_the_precision_notice() {
    for lang in LANGS {
        let html = Phone::open("/place/cr-consultorio-juridico-la-salle", lang, None).html();
        assert!(
            html.contains("href=\"tel:84558166\""),
            "{lang}: no tel: link\n{html}"
        );
        assert!(
            html.contains("LicenseRef-Paso-Editorial"),
            "{lang}: no licence"
        );
        assert!(
            html.contains(
                "<blockquote lang=\"es\">Consultorio Jurídico La Salle: 8455-8166</blockquote>"
            ),
            "{lang}: no evidence quote"
        );
        assert!(html.contains("href=\"geo:"), "{lang}: no geo: link");
        let (notice, report, save) = match lang {
            "es" => ("no la puerta del lugar", "Avisar de un problema", "Guardar"),
            "en" => ("not the door of the place", "Report a problem", "Save"),
            _ => (
                "pas la porte du lieu",
                "Signaler un problème",
                "Enregistrer",
            ),
        };
        assert!(
            html.contains(notice) && html.contains(report) && html.contains(save),
            "{lang}"
        );
        assert!(!html.contains('⟦'), "{lang}: a message is missing");
    }
    let html = Phone::open("/place/wd:Q80413004", "en", None).html();
    assert!(html.contains("href=\"tel:+50622892226\""), "{html}");
    assert!(html.contains("CC0-1.0"));
}

#[test]
fn saving_and_sharing_a_place() {
    let mut phone = Phone::open("/place/mx-tapachula-albergue-belen", "en", Some(TAPACHULA));
    assert!(phone
        .html()
        .contains("≈ 0 m · in Tapachula (town centre) from your place"));
    phone.tap("data-action", "save");
    assert_eq!(
        phone.user.saved_places().unwrap(),
        vec!["mx-tapachula-albergue-belen".to_string()]
    );
    assert!(phone.html().contains(">Saved<"));
    phone.tap("data-action", "share");
    let html = phone.html();
    let share = html
        .split("<textarea")
        .nth(1)
        .expect("the share text shows");
    assert!(share.contains("Albergue Diocesano Belén") && share.contains("From Paso"));
    phone.tap("href", "/");
    let html = phone.html();
    assert!(html.contains("Saved places"), "{html}");
}

#[test]
fn the_guide_shows_sections_review_date_visa_line_and_emergency_numbers() {
    for lang in LANGS {
        let phone = Phone::open_with("/guide/CR", lang, None, |user| {
            user.set_setting("nationality", Some("VE")).unwrap();
        });
        let html = phone.html();
        let (section, visa, confirm) = match lang {
            "es" => (
                "Entrar a Costa Rica",
                "Pasaporte de Venezuela: necesita visa",
                "confirma con la autoridad de migración",
            ),
            "en" => (
                "Entering Costa Rica",
                "Venezuela passport: visa required",
                "confirm with the migration authority",
            ),
            _ => (
                "Entrer au Costa Rica",
                "Passeport Venezuela : visa obligatoire",
                "vérifiez auprès de l’autorité migratoire",
            ),
        };
        assert!(html.contains(section), "{lang}: no entry section\n{html}");
        let dating = match lang {
            "es" => "Recopilada de fuentes públicas el 2 dic 2026; aún no revisada por personal de campo",
            "en" => "Compiled from public sources on 2 Dec 2026 — not yet checked by field staff",
            _ => "Compilé à partir de sources publiques le 2 déc. 2026 — pas encore vérifié par des équipes de terrain",
        };
        assert!(
            html.contains(dating),
            "{lang}: the guide says it was only compiled\n{html}"
        );
        assert!(
            !html.contains("Checked on") && !html.contains("Revisada el"),
            "{lang}: never 'checked'"
        );
        assert!(html.contains("2025-01-12"), "{lang}: no visa data date");
        assert!(html.contains(visa), "{lang}: no visa line {visa:?}");
        assert!(html.contains(confirm), "{lang}");
        assert!(
            html.contains("href=\"tel:911\""),
            "{lang}: no emergency number"
        );
        assert_eq!(
            count(&html, "id=\"section-"),
            7,
            "{lang}: seven foldable sections"
        );
        let first = &html[html.find("id=\"section-").unwrap()..];
        let first = &first[..first.find('>').unwrap()];
        assert!(
            first.starts_with("id=\"section-key-points\"") && first.contains("open"),
            "{lang}: key points first and open: {first}"
        );
        let (tier, year_only, conflict, truths, card) = match lang {
            "es" => (
                "prensa",
                "18 oct 2025",
                "Las fuentes no coinciden",
                "Lo que es verdad aquí",
                "Volver al sur",
            ),
            "en" => (
                "press",
                "18 Oct 2025",
                "Sources disagree",
                "What’s true here",
                "Going back south",
            ),
            _ => (
                "presse",
                "18 oct. 2025",
                "Les sources divergent",
                "Ce qui est vrai ici",
                "Retourner vers le sud",
            ),
        };
        assert!(
            html.contains(&format!("({tier} · {year_only})")),
            "{lang}: tier and date of nacion-flujo-inverso-2025\n{html}"
        );
        let undated = match lang {
            "es" => "(agencia de la ONU · sin fecha, leída el 2 dic 2026)",
            "en" => "(UN agency · undated, read on 2 Dec 2026)",
            _ => "(agence de l’ONU · non datée, lue le 2 déc. 2026)",
        };
        assert!(
            html.contains(undated),
            "{lang}: an undated UN page says when it was read"
        );
        assert!(
            html.contains(&format!("<p class=\"paso-conflict-title\">{conflict}</p>")),
            "{lang}: conflict box"
        );
        assert!(
            !html.contains("[!conflict]"),
            "{lang}: the marker is not shown"
        );
        assert!(
            html.contains(truths) && html.contains(card),
            "{lang}: Costa Rica's cards are on the guide"
        );
        assert!(
            !html.contains("Cobros y estafas") && !html.contains("Charges and scams"),
            "{lang}: a card for CO/PA/MX only is not on Costa Rica's guide"
        );
        assert!(
            html.contains("https://help.unhcr.org/costarica/sobre-el-sitio/refugiocostarica"),
            "{lang}: sources listed"
        );
        assert!(!html.contains('⟦'), "{lang}: a message is missing");
    }
}

#[test]
fn whats_true_is_reachable_from_near_me_and_shows_every_card_in_each_language() {
    for lang in LANGS {
        let (button, title, darien, free, undated) = match lang {
            "es" => (
                "Lo que es verdad",
                "Lo que es verdad",
                "Cruzar el Darién: cuánto dura y qué peligros tiene",
                "Los trámites de asilo son gratis",
                "sin fecha, leída el 2 dic 2026",
            ),
            "en" => (
                "What’s true",
                "What’s true",
                "Crossing the Darién: how long it takes and its dangers",
                "Asylum procedures are free",
                "undated, read on 2 Dec 2026",
            ),
            _ => (
                "Ce qui est vrai",
                "Ce qui est vrai",
                "Traverser le Darién : combien de temps et quels dangers",
                "Les démarches d",
                "non datée, lue le 2 déc. 2026",
            ),
        };
        let mut phone = Phone::open("/", lang, Some(TAPACHULA));
        let near = phone.html();
        let link = &near[near
            .find("truths-open")
            .expect("a What's true button on Near me")..];
        assert!(
            link[..link.find("</a>").unwrap()].contains(button),
            "{lang}: {link}"
        );
        phone.tap("href", "/truths");
        let html = phone.html();
        assert!(
            html.contains(&format!("<span>{title}</span>")),
            "{lang}: heading\n{html}"
        );
        assert_eq!(
            count(&html, "class=\"section truth-card\""),
            5,
            "{lang}: five cards"
        );
        assert!(html.contains(darien), "{lang}: Darién card");
        assert!(
            html.contains(&free.replace('’', "'")) || html.contains(free),
            "{lang}: free card"
        );
        assert!(
            html.contains(undated),
            "{lang}: an undated source says when it was read"
        );
        assert!(
            html.contains("href=\"#card-darien-crossing-src-msf-hk-panama\""),
            "{lang}: card citations point to the card's list"
        );
        assert!(
            html.contains("id=\"card-darien-crossing-src-msf-hk-panama\""),
            "{lang}"
        );
        assert!(
            !html.contains("[@") && !html.contains('⟦'),
            "{lang}: no raw citation or missing message"
        );
        // In Tapachula, the card about Mexico's crossings comes first and open.
        let first = &html[html.find("class=\"section truth-card\"").unwrap()..];
        assert!(
            first[..200].contains("card-extortion-at-crossings")
                && first[..first.find('>').unwrap()].contains("open"),
            "{lang}: {}",
            &first[..200]
        );
    }
}

#[test]
fn the_guide_tab_opens_on_the_country_of_my_place_and_asks_for_a_nationality() {
    let html = Phone::open("/guide", "en", Some(SAN_JOSE)).html();
    assert!(html.contains("Entering Costa Rica"));
    assert!(html.contains("Tell Paso your nationality"));
    let html = Phone::open("/guide", "en", None).html();
    assert!(html.contains("Choose a country to read its guide."));
}

#[test]
fn search_finds_towns_places_and_guide_sections_as_you_type_and_a_town_sets_my_place() {
    let mut phone = Phone::open("/search", "es", None);
    assert!(phone.html().contains("Los acentos no importan"));
    phone.type_into("placeholder", SEARCH_ES, "tapachula");
    phone.wait_for_work();
    let html = phone.html();
    assert!(html.contains("Ciudades y pueblos"), "{html}");
    assert!(html.contains("Lugares"));
    assert!(html.contains("Albergue Diocesano Belén"));
    // Accents are ignored.
    phone.type_into("placeholder", SEARCH_ES, "belen");
    phone.wait_for_work();
    assert!(phone.html().contains("Albergue Diocesano Belén"));
    phone.type_into("placeholder", SEARCH_ES, "asilo");
    phone.wait_for_work();
    assert!(phone.html().contains("Guías"), "guide sections are found");
    // Picking a town makes it "my place" and shows Near me.
    let mut phone = Phone::open("/search", "en", None);
    phone.type_into("placeholder", SEARCH_EN, "tapachula");
    phone.wait_for_work();
    phone.tap("data-town", &tapachula_town_id());
    let html = phone.html();
    assert!(html.contains("Near Tapachula"), "{html}");
    assert!(html.contains("≈ 0 m · in Tapachula (town centre)"));
}

fn tapachula_town_id() -> String {
    CATALOG.with(|c| {
        c.search("tapachula", "en", 10)
            .unwrap()
            .into_iter()
            .find_map(|hit| match hit.target {
                paso::store::content::SearchTarget::Town(id) => Some(id),
                _ => None,
            })
            .expect("the fixture has the town of Tapachula")
    })
}

#[test]
fn reports_are_filed_listed_and_exported() {
    for lang in LANGS {
        let html = Phone::open("/report/mx-tapachula-albergue-belen", lang, None).html();
        let (closed, treated, no_personal) = match lang {
            "es" => ("Está cerrado", "Me trataron mal", "No escribas nombres"),
            "en" => ("It is closed", "I was treated badly", "Do not write names"),
            _ => (
                "C’est fermé",
                "On m’a mal traité·e",
                "N’écrivez pas de noms",
            ),
        };
        assert!(
            html.contains(closed) && html.contains(treated) && html.contains(no_personal),
            "{lang}"
        );
        assert_eq!(
            count(&html, "type=\"radio\""),
            paso::store::user::ReportKind::ABOUT_A_PLACE.len(),
            "every kind about a place, and not \"a place that is missing\""
        );
        let (money, unsafe_here) = match lang {
            "es" => ("Me pidieron dinero", "No es seguro"),
            "en" => ("They asked me for money", "It is not safe"),
            _ => ("On m’a demandé de l’argent", "Ce n’est pas sûr"),
        };
        assert!(html.contains(money) && html.contains(unsafe_here), "{lang}");
        assert!(!html.contains("value=\"new_place\""), "{lang}");
    }
    let mut phone = Phone::open("/report/mx-tapachula-albergue-belen", "en", None);
    phone.change("value", "closed");
    phone.type_into("maxlength", "1000", "closed since January");
    // Submitting a form goes through its submit event.
    let form = phone.listener("submit");
    phone.fire(
        "submit",
        PlatformEventData::new(Box::new(SerializedFormData::new(String::new(), vec![]))),
        form,
    );
    assert!(
        phone.html().contains("Your report is saved on this phone"),
        "{}",
        phone.html()
    );
    let reports = phone.user.reports().unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].kind, ReportKind::Closed);
    assert_eq!(reports[0].note, "closed since January");
    assert_eq!(reports[0].bundle_version, 1);
}

#[test]
fn a_position_goes_with_a_report_only_when_ticked() {
    for lang in LANGS {
        let html = Phone::open("/report/mx-tapachula-albergue-belen", lang, Some(TAPACHULA)).html();
        let attach = match lang {
            "es" => "Enviar mi ubicación",
            "en" => "Attach my position",
            _ => "Joindre ma position",
        };
        assert!(html.contains(attach), "{lang}: {html}");
        assert!(!html.contains("checked"), "{lang}: the box starts unticked");
        let without = Phone::open("/report/mx-tapachula-albergue-belen", lang, None).html();
        assert!(
            !without.contains(attach),
            "{lang}: no place chosen, nothing to attach"
        );
    }
    for tick in [false, true] {
        let mut phone = Phone::open("/report/mx-tapachula-albergue-belen", "en", Some(TAPACHULA));
        phone.change("value", "moved");
        if tick {
            let id = phone.element("name", "attach-position");
            phone.fire(
                "change",
                PlatformEventData::new(Box::new(SerializedFormData::new("true".into(), vec![]))),
                id,
            );
        }
        let form = phone.listener("submit");
        phone.fire(
            "submit",
            PlatformEventData::new(Box::new(SerializedFormData::new(String::new(), vec![]))),
            form,
        );
        let report = phone.user.reports().unwrap().remove(0);
        let position = report.position.map(|p| (p.lat, p.lon));
        let expected = tick.then_some((TAPACHULA.lat, TAPACHULA.lon));
        assert_eq!(position, expected, "ticked: {tick}");
    }
}

#[test]
fn a_missing_place_is_reported_in_words_and_never_with_an_id() {
    for lang in LANGS {
        let html = Phone::open("/outbox", lang, None).html();
        let link = match lang {
            "es" => "Falta un lugar que ayuda",
            "en" => "A place that helps is missing",
            _ => "Il manque un lieu qui aide",
        };
        assert!(html.contains(link), "{lang}: the outbox offers it");
        let html = Phone::open("/report-new", lang, Some(TAPACHULA)).html();
        let explain = match lang {
            "es" => "nada se añade a la aplicación sin comprobarlo",
            "en" => "nothing is added to the app without a check",
            _ => "rien n’est ajouté à l’application sans vérification",
        };
        assert!(html.contains(explain), "{lang}: {html}");
        assert_eq!(
            count(&html, "type=\"radio\""),
            0,
            "{lang}: no kinds to pick"
        );
    }
    let mut phone = Phone::open("/report-new", "en", Some(TAPACHULA));
    let submit = |phone: &mut Phone| {
        let form = phone.listener("submit");
        phone.fire(
            "submit",
            PlatformEventData::new(Box::new(SerializedFormData::new(String::new(), vec![]))),
            form,
        );
    };
    submit(&mut phone);
    assert!(phone
        .html()
        .contains("Write what the place is and where it is."));
    assert!(phone.user.reports().unwrap().is_empty());
    phone.type_into(
        "maxlength",
        "1000",
        "a new shelter run by the parish, next to the church",
    );
    let id = phone.element("name", "attach-position");
    phone.fire(
        "change",
        PlatformEventData::new(Box::new(SerializedFormData::new("true".into(), vec![]))),
        id,
    );
    submit(&mut phone);
    let reports = phone.user.reports().unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].kind, ReportKind::NewPlace);
    assert_eq!(reports[0].place_id, None);
    assert!(reports[0].position.is_some());
    assert!(
        reports[0].to_wire().problem().is_none(),
        "the server will take it"
    );
}

#[test]
fn the_outbox_counts_states_and_exports_json_lines() {
    for lang in LANGS {
        let phone = Phone::open_with("/outbox", lang, None, |user| {
            user.add_report("mx-tapachula-albergue-belen", ReportKind::WrongPhone, "", 1)
                .unwrap();
            user.add_report("cr-consultorio-juridico-la-salle", ReportKind::Moved, "", 1)
                .unwrap();
        });
        let html = phone.html();
        let waiting = match lang {
            "es" => "2 avisos en espera",
            "en" => "2 reports waiting",
            _ => "2 signalements en attente",
        };
        assert!(html.contains(waiting), "{lang}: {html}");
        assert!(html.contains("Albergue Diocesano Belén"));
    }
    let mut phone = Phone::open_with("/outbox", "en", None, |user| {
        user.add_report("mx-tapachula-albergue-belen", ReportKind::WrongPhone, "", 1)
            .unwrap();
    });
    assert!(phone.html().contains("1 report waiting"));
    phone.tap("data-action", "export");
    let html = phone.html();
    assert!(html.contains("1 report written to"), "{html}");
    assert!(html.contains("No reports waiting"));
    assert!(html.contains(">Exported<"));
    let files: Vec<_> = std::fs::read_dir(phone.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    assert_eq!(files.len(), 1);
    let line = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        html.contains(&files[0].display().to_string()),
        "the path is shown"
    );
    let value: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    assert_eq!(value["kind"], "wrong_phone");
    assert_eq!(
        phone.user.reports().unwrap()[0].state,
        ReportState::Exported
    );
}

#[test]
fn settings_show_the_bundle_its_sources_and_clear_everything_after_confirming() {
    for lang in LANGS {
        let html = Phone::open("/settings", lang, None).html();
        assert!(html.contains("paso-test-fixture v1"), "{lang}");
        assert!(html.contains("Paso editors (development key, not for production)"));
        assert!(html.contains("class=\"signature-ok\""));
        assert!(
            html.contains("Made with Natural Earth"),
            "{lang}: attributions listed"
        );
        assert!(html.contains("CC-BY-4.0"));
        assert!(html.contains("Español") && html.contains("English") && html.contains("Français"));
        assert!(!html.contains('⟦'), "{lang}: a message is missing");
        let no_server = match lang {
            "es" => "Esta aplicación no tiene servidor de avisos",
            "en" => "This app has no report server",
            _ => "Cette application n’a pas de serveur de signalements",
        };
        assert!(html.contains(no_server), "{lang}: where reports go is said");
    }
    let mut phone = Phone::open_with("/settings", "en", None, |user| {
        user.set_setting("nationality", Some("VE")).unwrap();
        user.save_place("mx-tapachula-albergue-belen").unwrap();
    });
    assert!(phone.html().contains("Remove nationality (Venezuela)"));
    phone.tap("data-action", "clear");
    assert!(phone.html().contains("This cannot be undone"));
    assert!(
        phone.user.setting("nationality").unwrap().is_some(),
        "nothing is deleted before confirming"
    );
    phone.tap("data-action", "clear-confirm");
    assert_eq!(phone.user.setting("nationality").unwrap(), None);
    assert!(phone.user.saved_places().unwrap().is_empty());
    let html = phone.html();
    assert!(
        html.contains("Welcome to Paso"),
        "a new session starts at the first run:\n{html}"
    );
}

#[test]
fn data_problems_are_told_in_the_persons_language_without_a_panic() {
    use paso::ui::state::DataProblem;
    for (lang, expected) in [
        ("es", "Los datos de ayuda están dañados"),
        ("en", "The help data is damaged"),
        ("fr", "Les données d’aide sont abîmées"),
    ] {
        let boot = Boot {
            catalog: Err(DataProblem::Damaged),
            user: Rc::new(UserStore::in_memory().unwrap()),
            user_problem: None,
            source: None,
            data_dir: None,
            report_server: None,
            trusted: Default::default(),
            start: Start {
                lang: Some(lang.into()),
                ..Default::default()
            },
        };
        let html = render_once(VirtualDom::new_with_props(App, AppProps { boot }));
        assert!(html.contains(expected), "{lang}: {html}");
        assert!(html.contains("role=\"alert\""));
    }
    // The person's own database failing is said once, and the app still works (in memory).
    let boot = Boot {
        catalog: Ok(CATALOG.with(Rc::clone)),
        user: Rc::new(UserStore::in_memory().unwrap()),
        user_problem: Some(DataProblem::UserData),
        source: None,
        data_dir: None,
        report_server: None,
        trusted: Default::default(),
        start: Start {
            lang: Some("en".into()),
            at: Some(TAPACHULA),
            route: None,
        },
    };
    let html = render_once(VirtualDom::new_with_props(App, AppProps { boot }));
    assert!(html.contains("Your saved data could not be opened"));
    assert!(
        html.contains("Albergue Diocesano Belén"),
        "Near me still works"
    );
}

#[test]
fn a_new_person_starts_at_the_first_run_and_continues_to_near_me() {
    let user = Rc::new(UserStore::in_memory().unwrap());
    let boot = Boot {
        catalog: Ok(CATALOG.with(Rc::clone)),
        user: user.clone(),
        user_problem: None,
        source: None,
        data_dir: None,
        report_server: None,
        trusted: Default::default(),
        start: Start::default(),
    };
    let ui = Headless::start(VirtualDom::new_with_props(App, AppProps { boot }));
    let html = ui.html();
    assert!(
        [
            "Te damos la bienvenida a Paso",
            "Welcome to Paso",
            "Bienvenue dans Paso"
        ]
        .iter()
        .any(|t| html.contains(t)),
        "{html}"
    );
    let mut phone = Phone {
        ui,
        user,
        dir: tempfile::tempdir().unwrap(),
    };
    phone.tap("data-action", "continue");
    assert!(
        phone.user.setting("language").unwrap().is_some(),
        "the first run is done"
    );
    assert!(
        phone.html().contains("class=\"where\""),
        "Near me asks where you are"
    );
}

#[test]
fn first_run_offers_the_languages_in_words_and_the_privacy_promise() {
    for lang in LANGS {
        let phone = Phone::open_with("/welcome", lang, None, |user| {
            user.set_setting("language", None).unwrap();
        });
        let html = phone.html();
        assert!(
            html.contains(">Español<") && html.contains(">English<") && html.contains(">Français<")
        );
        let promise = match lang {
            "es" => "Tu ubicación se queda en este teléfono",
            "en" => "Your location stays on this phone",
            _ => "Votre position reste sur ce téléphone",
        };
        assert!(html.contains(promise), "{lang}");
        assert!(html.contains("id=\"nationality\""));
        assert!(
            !html.contains("<nav class=\"tabs\""),
            "no tabs before the first choice"
        );
    }
    let mut phone = Phone::open("/welcome", "es", None);
    phone.tap("lang", "fr");
    assert!(
        phone.html().contains("Bienvenue dans Paso"),
        "switching language re-renders"
    );
    assert_eq!(
        phone.user.setting("language").unwrap().as_deref(),
        Some("fr")
    );
}

#[test]
fn the_sos_button_opens_the_emergency_numbers_from_any_screen() {
    for route in [
        "/",
        "/settings",
        "/place/cr-consultorio-juridico-la-salle",
        "/guide/CR",
    ] {
        let mut phone = Phone::open(route, "es", Some(SAN_JOSE));
        phone.tap("aria-label", "Números de emergencia");
        let html = phone.html();
        assert!(html.contains("href=\"tel:911\""), "{route}: {html}");
        assert!(
            html.contains("Las llamadas a estos números son gratis"),
            "{route}"
        );
    }
}

#[test]
fn the_map_and_emergency_screens_render_in_every_language() {
    for lang in LANGS {
        let html = Phone::open("/map", lang, Some(TAPACHULA)).html();
        assert!(
            html.contains("data-category=\"shelter\""),
            "{lang}: the map has category chips"
        );
        assert!(!html.contains('⟦'), "{lang}: a message is missing");
        let html = Phone::open("/emergency", lang, Some(SAN_JOSE)).html();
        assert!(html.contains("href=\"tel:911\""), "{lang}");
        assert!(html.contains("href=\"tel:1147\""), "{lang}");
        assert!(!html.contains('⟦'), "{lang}: a message is missing");
    }
}

/// Renders an element built inside a VirtualDom (event handlers need its runtime).
fn render_in_dom(build: impl Fn() -> Element + 'static) -> String {
    #[derive(Props, Clone)]
    struct Wrap {
        render: Rc<dyn Fn() -> Element>,
    }
    impl PartialEq for Wrap {
        fn eq(&self, _: &Self) -> bool {
            false
        }
    }
    #[allow(non_snake_case)]
    fn Root(props: Wrap) -> Element {
        (props.render)()
    }
    let dom = VirtualDom::new_with_props(
        Root,
        Wrap {
            render: Rc::new(build),
        },
    );
    render_once(dom)
}

/// The part of the page a person sees (the inlined stylesheet is left out).
fn visible(html: &str) -> &str {
    html.rsplit("</style>").next().unwrap()
}

#[test]
fn quick_exit_shows_a_neutral_screen_and_forgets_the_session() {
    let mut phone = Phone::open("/search", "en", None);
    phone.type_into("placeholder", SEARCH_EN, "tapachula");
    phone.wait_for_work();
    phone.tap("data-town", &tapachula_town_id());
    assert!(phone.html().contains("Near Tapachula"));
    phone.tap("data-action", "quick-exit");
    let html = phone.html();
    let seen = visible(&html);
    assert!(seen.contains("Calculator"), "{seen}");
    for word in ["Paso", "Tapachula", "Albergue", "tel:", "Near"] {
        assert!(
            !seen.contains(word),
            "the neutral screen shows {word:?}:\n{seen}"
        );
    }
    // The calculator works, and "=" on a fresh 0 comes back to an empty session.
    phone.tap("data-key", "7");
    phone.tap("data-key", "×");
    phone.tap("data-key", "6");
    phone.tap("data-key", "=");
    assert!(visible(&phone.html()).contains(">42<"));
    phone.tap("data-key", "C");
    phone.tap("data-key", "=");
    let html = phone.html();
    assert!(
        html.contains("Where are you?"),
        "my place is forgotten:\n{html}"
    );
    assert!(!html.contains("Tapachula"));
    // The search text is forgotten too.
    phone.tap("href", "/search");
    let html = phone.html();
    assert!(html.contains("id=\"search-box\""), "{html}");
    assert!(!html.contains("value=\"tapachula\""));
}

#[test]
fn bundle_text_with_markup_is_shown_as_text() {
    use paso::catalog::Nearby;
    use paso::i18n::Localizer;
    use paso::model::*;
    use paso::store::content::PlaceBrief;
    use paso::ui::components::emergency::EmergencyNumbers;
    use paso::ui::components::place::PlaceRow;
    // Test-only data, built here and never stored anywhere.
    let hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    let item = Nearby {
        place: PlaceBrief {
            id: PlaceId("test-only-hostile".into()),
            category: Category::Shelter,
            names: LocalizedNames {
                name: hostile.into(),
                ..Default::default()
            },
            country: CountryCode::parse("MX").unwrap(),
            town: Some(hostile.into()),
            position: Some(TAPACHULA),
            precision: LocationPrecision::Town,
            serves: vec![],
            status: PlaceStatus::Closed,
            verification: Verification::Unverified,
            opening_hours: Some("Mo-Su 08:00-18:00".into()),
            phones: vec![],
            operator_country: None,
        },
        distance_m: 0.0,
        bearing_deg: 0.0,
        across_border: false,
    };
    let now = chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap();
    let html = render_in_dom(move || {
        rsx! {
            PlaceRow { tr: Localizer::new("en"), item: item.clone(), now, on_open: |_| {} }
            EmergencyNumbers {
                tr: Localizer::new("en"),
                country: hostile.to_string(),
                numbers: vec![EmergencyNumber {
                    kind: "other".into(),
                    number: "911\"><script>".into(),
                    label: hostile.into(),
                    source: "x".into(),
                }],
            }
        }
    });
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(html.contains("&#60;script&#62;alert"), "{html}");
    assert!(
        html.contains("href=\"tel:911\""),
        "only digits reach the tel: link: {html}"
    );
    // A closed place shows the warning and no "open now", even when its hours say open.
    assert!(
        html.contains("Closed — do not go") && !html.contains("Open now"),
        "{html}"
    );
}

#[test]
fn open_now_shows_on_rows_when_hours_are_known() {
    use paso::catalog::Nearby;
    use paso::i18n::Localizer;
    use paso::ui::components::place::PlaceRow;
    let mut place = CATALOG.with(|c| {
        c.places()
            .iter()
            .find(|p| p.position.is_some() && p.precision == paso::model::LocationPrecision::Exact)
            .unwrap()
            .clone()
    });
    // Test-only hours: the fixture, like the real data, has none.
    place.opening_hours = Some("Mo-Fr 08:00-17:00".into());
    place.status = paso::model::PlaceStatus::Open;
    let monday = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    for (hour, expected) in [
        (10, "Abierto ahora · hasta las 17:00"),
        (7, "Cerrado ahora · abre 08:00"),
    ] {
        let place = place.clone();
        let html = render_in_dom(move || {
            rsx! {
                PlaceRow {
                    tr: Localizer::new("es"),
                    item: Nearby { place: place.clone(), distance_m: 1234.0, bearing_deg: 90.0, across_border: false },
                    now: monday.and_hms_opt(hour, 0, 0).unwrap(),
                    on_open: |_| {},
                }
            }
        });
        assert!(html.contains(expected), "{html}");
        assert!(html.contains("1,2 km · este"), "{html}");
    }
}

/// The ids of the guide's source list, in the order it is drawn.
fn source_list_ids(html: &str) -> Vec<String> {
    let list = &html[html.find("class=\"sources\"").expect("a source list")..];
    let list = &list[..list.find("</ol>").unwrap()];
    list.split("id=\"src-")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

#[test]
fn guide_citation_numbers_are_positions_in_the_guides_source_list() {
    let catalog = Rc::new(Catalog::open_default().expect("the default bundle opens"));
    let mut checked = 0;
    for (country, lang) in [("CR", "es"), ("PA", "en"), ("MX", "fr")] {
        let boot = Boot {
            catalog: Ok(catalog.clone()),
            user: Rc::new(UserStore::in_memory().unwrap()),
            user_problem: None,
            source: None,
            data_dir: None,
            report_server: None,
            trusted: Default::default(),
            start: Start {
                lang: Some(lang.into()),
                route: Some(format!("/guide/{country}")),
                ..Default::default()
            },
        };
        let html = Phone::start(boot, tempfile::tempdir().unwrap()).html();
        let ids = source_list_ids(&html);
        assert!(!ids.is_empty(), "{country}: no sources");
        // Every citation: <a href="#src-ID" title="…">N</a>, N the 1-based position of ID in the list.
        for cite in html.split("<sup class=\"paso-cite\">").skip(1) {
            let cite = &cite[..cite.find("</sup>").unwrap()];
            for link in cite.split("<a href=\"#src-").skip(1) {
                let id = &link[..link.find('"').unwrap()];
                let number: usize = link[link.find('>').unwrap() + 1..link.find("</a>").unwrap()]
                    .parse()
                    .unwrap();
                let position = ids
                    .iter()
                    .position(|s| s == id)
                    .unwrap_or_else(|| panic!("{country}: cited source {id} is not in the list"));
                assert_eq!(number, position + 1, "{country} {lang}: citation of {id}");
                checked += 1;
            }
        }
    }
    assert!(checked > 10, "only {checked} citations checked");
}

#[test]
fn a_text_in_another_language_than_the_screen_is_marked_with_its_language() {
    use paso::i18n::Localizer;
    use paso::ui::components::place::LangText;
    for (lang, mark) in [
        ("es", "(en inglés)"),
        ("en", "(in Spanish)"),
        ("fr", "(en anglais)"),
    ] {
        let text_lang = if lang == "es" {
            "en"
        } else if lang == "en" {
            "es"
        } else {
            "en"
        };
        let html = render_in_dom(move || {
            rsx! {
                LangText { tr: Localizer::new(lang), text: "texto".to_string(), text_lang, screen_lang: lang }
            }
        });
        assert!(html.contains(mark), "{lang}: {html}");
        assert!(html.contains(&format!("lang=\"{text_lang}\"")), "{html}");
        let same = render_in_dom(move || {
            rsx! {
                LangText { tr: Localizer::new(lang), text: "texto".to_string(), text_lang: lang, screen_lang: lang }
            }
        });
        assert!(!same.contains("lang-mark"), "{lang}: {same}");
    }
}

#[test]
fn every_curated_text_on_a_place_screen_is_in_the_screen_language_or_marked() {
    let catalog = CATALOG.with(Rc::clone);
    let ids: Vec<String> = catalog
        .places()
        .iter()
        .filter(|p| p.id.0.starts_with("cr-") || p.id.0.starts_with("mx-"))
        .map(|p| p.id.0.clone())
        .collect();
    assert!(ids.len() >= 10, "{ids:?}");
    for lang in LANGS {
        // The start of every language mark in this language: "(en inglés)", "(in Spanish)", "(en anglais)".
        let in_lang = if lang == "en" { "(in " } else { "(en " };
        for id in &ids {
            let place = catalog.place(id).unwrap().unwrap();
            let html = Phone::open(&format!("/place/{id}"), lang, None).html();
            for text in [&place.serves_text, &place.services, &place.notes] {
                if let Some((shown, text_lang)) = text.get(lang) {
                    let marked = format!("<span lang=\"{text_lang}\">");
                    assert!(
                        html.contains(&marked),
                        "{lang} {id}: text not shown with its language"
                    );
                    if text_lang != lang {
                        assert!(
                            html.contains(in_lang),
                            "{lang} {id}: {shown:?} is {text_lang} and unmarked"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn fast_typing_is_never_written_back_and_only_the_last_text_is_searched() {
    let mut phone = Phone::open("/search", "es", None);
    let before = phone.edits.len();
    let typed = "Tapachula";
    for end in 1..=typed.len() {
        phone.type_into("placeholder", SEARCH_ES, &typed[..end]);
    }
    // Typing writes nothing back into the field: no `value` set since the screen opened.
    assert!(
        !phone.edits[before..].iter().any(|edit| matches!(
            edit,
            Mutation::SetAttribute { name, .. } if *name == "value"
        )),
        "the field was written to while typing"
    );
    // The search waits for the pause after the last key, then shows that text's results.
    assert!(!phone.html().contains("Albergue Diocesano Belén"));
    phone.wait_for_work();
    let html = phone.html();
    assert!(html.contains("Albergue Diocesano Belén"), "{html}");
    assert!(
        !html.contains("data-correction"),
        "an exact word is no guess"
    );
}

#[test]
fn the_search_field_takes_the_focus_when_the_screen_opens() {
    let html = Phone::open("/search", "en", None).html();
    assert!(html.contains("autofocus"), "{html}");
}

#[test]
fn a_misspelled_town_says_which_word_was_searched_in_every_language() {
    for (lang, banner) in [
        ("es", "Mostrando resultados para «"),
        ("en", "Showing results for «"),
        ("fr", "Résultats pour « "),
    ] {
        let placeholder = paso::i18n::Localizer::new(lang).tr("search-placeholder");
        let mut phone = Phone::open("/search", lang, None);
        phone.type_into("placeholder", &placeholder, "Tapacula");
        phone.wait_for_work();
        let html = phone.html();
        assert!(html.contains(banner), "{lang}: {html}");
        assert!(html.contains("Tapachula"), "{lang}: {html}");
        assert!(
            html.contains("data-correction=\"Tapachula\""),
            "{lang}: {html}"
        );
    }
}

#[test]
fn the_nationality_picker_puts_the_route_nationalities_first_and_filters_in_every_language() {
    for lang in LANGS {
        let mut phone = Phone::open_with("/welcome", lang, None, |user| {
            user.set_setting("language", None).unwrap();
        });
        let html = phone.html();
        // The cited order (Migración Colombia 2023, Panama SNM 2024), before any typing.
        let order: Vec<usize> = ["VE", "EC", "CO", "HT", "CN", "AF", "CL", "IN"]
            .iter()
            .map(|code| {
                html.find(&format!("data-country=\"{code}\""))
                    .unwrap_or_else(|| panic!("{lang}: no {code} button"))
            })
            .collect();
        assert!(
            order.windows(2).all(|w| w[0] < w[1]),
            "{lang}: order {order:?}"
        );
        assert!(
            html.contains("id=\"nationality-filter\""),
            "{lang}: a filter box"
        );
        // Typing in any language's spelling finds the country.
        for (typed, code) in [
            ("vene", "VE"),
            ("haiti", "HT"),
            ("Haïti", "HT"),
            ("equat", "EC"),
            ("allem", "DE"),
        ] {
            phone.type_into("data-field", "nationality-filter", typed);
            let html = phone.html();
            let first = html.find("data-country=").expect("a match");
            assert_eq!(
                &html[first + 14..first + 16],
                code,
                "{lang}: {typed:?} shows {code} first"
            );
        }
        // Nothing matches: a plain message, no buttons.
        phone.type_into("data-field", "nationality-filter", "qqqq");
        let html = phone.html();
        assert!(!html.contains("data-country="), "{lang}: nothing fits qqqq");
        let none = match lang {
            "es" => "Ningún país con ese nombre",
            "en" => "No country with that name",
            _ => "Aucun pays de ce nom",
        };
        assert!(html.contains(none), "{lang}: says nothing fits");
        // Choosing a country stores it on this phone only.
        phone.type_into("data-field", "nationality-filter", "vene");
        phone.tap("data-country", "VE");
        assert_eq!(
            phone.user.setting("nationality").unwrap().as_deref(),
            Some("VE")
        );
        assert!(
            phone.html().contains("class=\"btn nationality on\""),
            "{lang}: the chosen country shows as pressed"
        );
    }
}
