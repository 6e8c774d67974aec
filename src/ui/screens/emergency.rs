//! Emergency numbers, one tap away from every screen: the numbers of the country "my place" is in, or of
//! a chosen country, as big `tel:` buttons.

use crate::model::CountryCode;
use crate::ui::components::emergency::EmergencyNumbers;
use crate::ui::components::icon::{Icon, IconName};
use crate::ui::state::{use_tr, Services, Session};
use dioxus::prelude::*;

/// The emergency screen.
#[component]
pub fn Emergency() -> Element {
    let tr = use_tr();
    let services = use_context::<Services>();
    let session = use_context::<Session>();
    let catalog = services.catalog.clone();
    let here = (session.here)().and_then(|here| catalog.country_at(here.position));
    let mut picked = use_signal(|| None::<CountryCode>);
    let countries = catalog.guide_countries(tr.language()).to_vec();
    let country = picked().or(here).or(countries.first().map(|c| c.0));
    let guide = country.and_then(|code| catalog.guide(code, tr.language()).ok().flatten());
    rsx! {
        div { class: "screen-body",
            h1 {
                Icon { name: IconName::Emergency }
                span { {tr.tr("emergency-screen-title")} }
            }
            p { {tr.tr("emergency-explain")} }
            match (country, guide) {
                (Some(code), Some(guide)) => rsx! {
                    EmergencyNumbers {
                        tr: tr.clone(),
                        country: catalog.country_name(code, tr.language()),
                        numbers: guide.emergency.clone(),
                    }
                },
                _ => rsx! { p { class: "banner", {tr.tr("emergency-none")} } },
            }
            div { class: "field",
                label { r#for: "emergency-country", {tr.tr("emergency-other-country")} }
                select {
                    id: "emergency-country",
                    onchange: move |event| picked.set(CountryCode::parse(&event.value())),
                    for (code , name) in countries.iter() {
                        option { key: "{code}", value: "{code}", selected: Some(*code) == country, "{name}" }
                    }
                }
            }
        }
    }
}
