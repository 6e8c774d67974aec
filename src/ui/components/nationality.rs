//! The nationality picker's choices: the route's most common nationalities first (from cited counts), a
//! filter that finds a country by any of its Spanish, English or French names (accents, case and
//! by-ear spelling forgiven), and the big buttons that show them.

use crate::i18n::Arg;
use crate::model::CountryCode;
use crate::store::fuzzy::by_ear_key;
use crate::text::fold;
use crate::ui::components::icon::{Icon, IconName};
use crate::ui::components::ids::field;
use crate::ui::state::{use_tr, Prefs, Services, SETTING_NATIONALITY};
use dioxus::prelude::*;

/// The nationalities counted most often crossing the Darién, most first. Not invented; from:
/// - Migración Colombia, Observatorio de Migraciones, Migrantes y Movilidad Humana, exits towards the
///   Darién in 2023, presented in Bogotá on 30 January 2024 (EFE, as published by
///   <https://noticiassin.com/mas-de-539000-migrantes-cruzaron-el-darien-en-2023-1576237>): Venezuela
///   298,356; Ecuador 49,079; Haiti 42,737; China 22,587; Afghanistan 2,962; Chile 2,440; India 1,653.
/// - That count leaves out Colombians, who leave their own country. Panama's Servicio Nacional de
///   Migración counted, from January to early May 2024, Venezuela 93,860, Ecuador 11,010, Colombia 9,309
///   and Haiti 9,235 (<https://newsroompanama.com/world/the-migrants-are-still-moving-through-the-darien>,
///   9 May 2024), so Colombia comes third, ahead of Haiti.
pub const ROUTE_NATIONALITIES: [&str; 8] = ["VE", "EC", "CO", "HT", "CN", "AF", "CL", "IN"];

/// One country as the picker knows it: its code, its names in es, en and fr, and the name to show.
#[derive(Clone, Debug, PartialEq)]
pub struct CountryChoice {
    /// The country.
    pub code: CountryCode,
    /// The name in the screen's language.
    pub shown: String,
    /// The names in every language, folded (lower case, no accents), for the filter.
    folded_names: Vec<String>,
    /// The same names by ear (h dropped, v→b, z→s …).
    by_ear_names: Vec<String>,
}

impl CountryChoice {
    /// A country with `shown` for the screen and `names` in all languages.
    pub fn new(code: CountryCode, shown: &str, names: &[&str]) -> Self {
        Self {
            code,
            shown: shown.to_string(),
            folded_names: names.iter().map(|name| fold(name)).collect(),
            by_ear_names: names.iter().map(|name| by_ear_key(name)).collect(),
        }
    }

    /// How well `filter` (already folded, not empty) fits: 0 = a name starts with it, 1 = a word of a
    /// name starts with it, 2 = it is inside a name or fits by ear; `None` = no fit.
    fn fit(&self, folded_filter: &str, by_ear_filter: &str) -> Option<u8> {
        if self
            .folded_names
            .iter()
            .any(|n| n.starts_with(folded_filter))
        {
            return Some(0);
        }
        if self.folded_names.iter().any(|n| {
            n.split([' ', '-', '('])
                .any(|w| w.starts_with(folded_filter))
        }) {
            return Some(1);
        }
        let inside = self.folded_names.iter().any(|n| n.contains(folded_filter));
        let by_ear = !by_ear_filter.is_empty()
            && self.by_ear_names.iter().any(|n| n.contains(by_ear_filter));
        (inside || by_ear).then_some(2)
    }
}

/// The buttons to show: with an empty filter, the route's most common nationalities in the cited order;
/// otherwise every country whose name in any language fits the filter, best fit first, then by name,
/// at most `limit`.
pub fn nationality_choices(
    all: &[CountryChoice],
    filter: &str,
    limit: usize,
) -> Vec<CountryChoice> {
    let folded_filter = fold(filter.trim());
    if folded_filter.is_empty() {
        return ROUTE_NATIONALITIES
            .iter()
            .filter_map(|code| all.iter().find(|c| c.code.as_str() == *code).cloned())
            .collect();
    }
    let by_ear_filter = by_ear_key(filter.trim());
    let mut fits: Vec<(u8, String, &CountryChoice)> = all
        .iter()
        .filter_map(|c| {
            c.fit(&folded_filter, &by_ear_filter)
                .map(|fit| (fit, fold(&c.shown), c))
        })
        .collect();
    fits.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    fits.into_iter()
        .take(limit)
        .map(|(_, _, c)| c.clone())
        .collect()
}

/// Big buttons, one per country; the chosen one is pressed.
#[component]
pub fn NationalityButtons(
    choices: Vec<CountryChoice>,
    chosen: Option<CountryCode>,
    on_choose: EventHandler<CountryCode>,
) -> Element {
    rsx! {
        div { class: "nationality-choices", role: "group",
            for choice in choices {
                button {
                    key: "{choice.code}",
                    r#type: "button",
                    class: if chosen == Some(choice.code) { "btn nationality on" } else { "btn nationality" },
                    "aria-pressed": if chosen == Some(choice.code) { "true" } else { "false" },
                    "data-country": "{choice.code}",
                    onclick: {
                        let code = choice.code;
                        move |_| on_choose.call(code)
                    },
                    if chosen == Some(choice.code) {
                        Icon { name: IconName::Check }
                    }
                    span { "{choice.shown}" }
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
    let chosen = (prefs.nationality)();
    // Read and folded once per language, not on every keystroke in the filter.
    let catalog = services.catalog.clone();
    let choices = use_memo(move || {
        let lang = (prefs.lang)();
        catalog
            .countries()
            .iter()
            .map(|c| {
                CountryChoice::new(c.code, c.name(lang), &[&c.name_es, &c.name_en, &c.name_fr])
            })
            .collect::<Vec<CountryChoice>>()
    });
    let choices = choices.read();
    let mut filter = use_signal(String::new);
    let shown = nationality_choices(&choices, &filter(), 12);
    let mut countries: Vec<(CountryCode, String)> =
        choices.iter().map(|c| (c.code, c.shown.clone())).collect();
    countries.sort_by_cached_key(|c| crate::text::fold(&c.1));
    let store = services.clone();
    let tap = services.clone();
    let clear = services.clone();
    rsx! {
        div { class: "field",
            label { r#for: "nationality-filter", {tr.tr("nationality-filter-label")} }
            // Uncontrolled: the app never writes the typed text back, so no keystroke is lost.
            input {
                id: "nationality-filter",
                "data-field": field::NATIONALITY_FILTER,
                r#type: "search",
                autocomplete: "off",
                placeholder: tr.tr("nationality-filter-placeholder"),
                oninput: move |event| filter.set(event.value()),
            }
            p { class: "small",
                if filter().trim().is_empty() {
                    span { {tr.tr("nationality-common")} }
                } else if shown.is_empty() {
                    span { {tr.tr("nationality-no-match")} }
                }
            }
            NationalityButtons {
                choices: shown,
                chosen,
                on_choose: move |code: CountryCode| {
                    prefs.nationality.set(Some(code));
                    let _ = tap.user.set_setting(SETTING_NATIONALITY, Some(code.as_str()));
                },
            }
            label { r#for: "nationality", {tr.tr("nationality-all")} }
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
                    span { {tr.tr_args("nationality-clear", &[("country", Arg::Text(&services.catalog.country_name(code, tr.language())))])} }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> CountryCode {
        CountryCode::parse(text).unwrap()
    }

    fn sample() -> Vec<CountryChoice> {
        [
            ("VE", ["Venezuela", "Venezuela", "Venezuela"]),
            ("HT", ["Haití", "Haiti", "Haïti"]),
            ("EC", ["Ecuador", "Ecuador", "Équateur"]),
            ("CO", ["Colombia", "Colombia", "Colombie"]),
            ("CN", ["China", "China", "Chine"]),
            ("AF", ["Afganistán", "Afghanistan", "Afghanistan"]),
            ("CL", ["Chile", "Chile", "Chili"]),
            ("IN", ["India", "India", "Inde"]),
            ("CU", ["Cuba", "Cuba", "Cuba"]),
            ("DE", ["Alemania", "Germany", "Allemagne"]),
        ]
        .iter()
        .map(|(c, names)| CountryChoice::new(code(c), names[0], names))
        .collect()
    }

    #[test]
    fn an_empty_filter_shows_the_route_nationalities_in_the_cited_order() {
        let choices = nationality_choices(&sample(), " ", 12);
        let shown: Vec<&str> = choices.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(shown, ROUTE_NATIONALITIES);
    }

    #[test]
    fn the_filter_finds_a_country_by_any_language_accents_and_case_forgiven() {
        for filter in [
            "vene", "VENE", "haiti", "Haïti", "haití", "equat", "allem", "germ", "alem",
        ] {
            let found = nationality_choices(&sample(), filter, 12);
            assert!(!found.is_empty(), "{filter} finds nothing");
        }
        assert_eq!(
            nationality_choices(&sample(), "vene", 12)[0].code,
            code("VE")
        );
        assert_eq!(
            nationality_choices(&sample(), "haiti", 12)[0].code,
            code("HT")
        );
        assert_eq!(
            nationality_choices(&sample(), "Équateur", 12)[0].code,
            code("EC")
        );
    }

    #[test]
    fn spelling_by_ear_still_finds_the_country() {
        // b for v, no h.
        assert_eq!(
            nationality_choices(&sample(), "benezuela", 12)[0].code,
            code("VE")
        );
        assert_eq!(
            nationality_choices(&sample(), "aiti", 12)[0].code,
            code("HT")
        );
    }

    #[test]
    fn a_filter_that_fits_nothing_gives_nothing_and_prefix_fits_come_first() {
        assert!(nationality_choices(&sample(), "xyzw", 12).is_empty());
        let chi: Vec<CountryCode> = nationality_choices(&sample(), "chi", 12)
            .iter()
            .map(|c| c.code)
            .collect();
        assert_eq!(chi, vec![code("CL"), code("CN")]);
        assert_eq!(nationality_choices(&sample(), "a", 2).len(), 2);
    }
}
