//! Icons: the SVG files shipped in `assets/icons/`, shown as `<img>` with a `data:` URI (no raw HTML is ever
//! injected). Icons always stand beside a word; an icon-only button carries an `aria-label` instead.

use base64::Engine;
use dioxus::prelude::*;

/// Every shipped icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IconName {
    /// `assets/icons/all.svg`.
    All,
    /// `assets/icons/approximate.svg`.
    Approximate,
    /// `assets/icons/back.svg`.
    Back,
    /// `assets/icons/border_crossing.svg`.
    BorderCrossing,
    /// `assets/icons/check.svg`.
    Check,
    /// `assets/icons/clock.svg`.
    Clock,
    /// `assets/icons/closed.svg`.
    Closed,
    /// `assets/icons/consulate.svg`.
    Consulate,
    /// `assets/icons/emergency.svg`.
    Emergency,
    /// `assets/icons/exit.svg`.
    Exit,
    /// `assets/icons/guide.svg`.
    Guide,
    /// `assets/icons/health.svg`.
    Health,
    /// `assets/icons/humanitarian_org.svg`.
    HumanitarianOrg,
    /// `assets/icons/info.svg`.
    Info,
    /// `assets/icons/language.svg`.
    Language,
    /// `assets/icons/legal_aid.svg`.
    LegalAid,
    /// `assets/icons/lock.svg`.
    Lock,
    /// `assets/icons/map.svg`.
    Map,
    /// `assets/icons/migration_office.svg`.
    MigrationOffice,
    /// `assets/icons/near.svg`.
    Near,
    /// `assets/icons/outbox.svg`.
    Outbox,
    /// `assets/icons/people.svg`.
    People,
    /// `assets/icons/phone.svg`.
    Phone,
    /// `assets/icons/pin.svg`.
    Pin,
    /// `assets/icons/reception_centre.svg`.
    ReceptionCentre,
    /// `assets/icons/report.svg`.
    Report,
    /// `assets/icons/save.svg`.
    Save,
    /// `assets/icons/search.svg`.
    Search,
    /// `assets/icons/settings.svg`.
    Settings,
    /// `assets/icons/share.svg`.
    Share,
    /// `assets/icons/shelter.svg`.
    Shelter,
    /// `assets/icons/trash.svg`.
    Trash,
    /// `assets/icons/unverified.svg`.
    Unverified,
    /// `assets/icons/update.svg`.
    Update,
    /// `assets/icons/warning.svg`.
    Warning,
    /// `assets/icons/website.svg`.
    Website,
}

impl IconName {
    /// Every icon.
    pub const ALL: [IconName; 36] = [
        IconName::All,
        IconName::Approximate,
        IconName::Back,
        IconName::BorderCrossing,
        IconName::Check,
        IconName::Clock,
        IconName::Closed,
        IconName::Consulate,
        IconName::Emergency,
        IconName::Exit,
        IconName::Guide,
        IconName::Health,
        IconName::HumanitarianOrg,
        IconName::Info,
        IconName::Language,
        IconName::LegalAid,
        IconName::Lock,
        IconName::Map,
        IconName::MigrationOffice,
        IconName::Near,
        IconName::Outbox,
        IconName::People,
        IconName::Phone,
        IconName::Pin,
        IconName::ReceptionCentre,
        IconName::Report,
        IconName::Save,
        IconName::Search,
        IconName::Settings,
        IconName::Share,
        IconName::Shelter,
        IconName::Trash,
        IconName::Unverified,
        IconName::Update,
        IconName::Warning,
        IconName::Website,
    ];

    /// The SVG text, compiled in from `assets/icons/`.
    pub fn svg(&self) -> &'static str {
        match self {
            IconName::All => include_str!("../../../assets/icons/all.svg"),
            IconName::Approximate => include_str!("../../../assets/icons/approximate.svg"),
            IconName::Back => include_str!("../../../assets/icons/back.svg"),
            IconName::BorderCrossing => include_str!("../../../assets/icons/border_crossing.svg"),
            IconName::Check => include_str!("../../../assets/icons/check.svg"),
            IconName::Clock => include_str!("../../../assets/icons/clock.svg"),
            IconName::Closed => include_str!("../../../assets/icons/closed.svg"),
            IconName::Consulate => include_str!("../../../assets/icons/consulate.svg"),
            IconName::Emergency => include_str!("../../../assets/icons/emergency.svg"),
            IconName::Exit => include_str!("../../../assets/icons/exit.svg"),
            IconName::Guide => include_str!("../../../assets/icons/guide.svg"),
            IconName::Health => include_str!("../../../assets/icons/health.svg"),
            IconName::HumanitarianOrg => include_str!("../../../assets/icons/humanitarian_org.svg"),
            IconName::Info => include_str!("../../../assets/icons/info.svg"),
            IconName::Language => include_str!("../../../assets/icons/language.svg"),
            IconName::LegalAid => include_str!("../../../assets/icons/legal_aid.svg"),
            IconName::Lock => include_str!("../../../assets/icons/lock.svg"),
            IconName::Map => include_str!("../../../assets/icons/map.svg"),
            IconName::MigrationOffice => include_str!("../../../assets/icons/migration_office.svg"),
            IconName::Near => include_str!("../../../assets/icons/near.svg"),
            IconName::Outbox => include_str!("../../../assets/icons/outbox.svg"),
            IconName::People => include_str!("../../../assets/icons/people.svg"),
            IconName::Phone => include_str!("../../../assets/icons/phone.svg"),
            IconName::Pin => include_str!("../../../assets/icons/pin.svg"),
            IconName::ReceptionCentre => include_str!("../../../assets/icons/reception_centre.svg"),
            IconName::Report => include_str!("../../../assets/icons/report.svg"),
            IconName::Save => include_str!("../../../assets/icons/save.svg"),
            IconName::Search => include_str!("../../../assets/icons/search.svg"),
            IconName::Settings => include_str!("../../../assets/icons/settings.svg"),
            IconName::Share => include_str!("../../../assets/icons/share.svg"),
            IconName::Shelter => include_str!("../../../assets/icons/shelter.svg"),
            IconName::Trash => include_str!("../../../assets/icons/trash.svg"),
            IconName::Unverified => include_str!("../../../assets/icons/unverified.svg"),
            IconName::Update => include_str!("../../../assets/icons/update.svg"),
            IconName::Warning => include_str!("../../../assets/icons/warning.svg"),
            IconName::Website => include_str!("../../../assets/icons/website.svg"),
        }
    }

    /// The icon of a category.
    pub fn of_category(category: crate::model::Category) -> Self {
        use crate::model::Category as C;
        match category {
            C::Shelter => IconName::Shelter,
            C::Health => IconName::Health,
            C::MigrationOffice => IconName::MigrationOffice,
            C::BorderCrossing => IconName::BorderCrossing,
            C::ReceptionCentre => IconName::ReceptionCentre,
            C::Consulate => IconName::Consulate,
            C::HumanitarianOrg => IconName::HumanitarianOrg,
            C::LegalAid => IconName::LegalAid,
        }
    }
}

/// The icon as a `data:image/svg+xml;base64,…` URI; `light` draws it white for dark buttons.
pub fn data_uri(name: IconName, light: bool) -> String {
    let svg = name.svg();
    let svg = if light {
        svg.replace("#111111", "#ffffff")
    } else {
        svg.to_string()
    };
    format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg.as_bytes())
    )
}

/// The icon as a CSS `url("data:…")` drawn in `stroke` (e.g. `#ffffff`), with no `<`, `>`, `&` or `#` left,
/// for a stylesheet that is set as text (the map's markers and buttons).
pub fn css_url(name: IconName, stroke: &str) -> String {
    let svg = name
        .svg()
        .trim()
        .replace("#111111", stroke)
        .replace('"', "'");
    let mut encoded = String::with_capacity(svg.len() + 64);
    for c in svg.chars() {
        match c {
            '<' => encoded.push_str("%3C"),
            '>' => encoded.push_str("%3E"),
            '#' => encoded.push_str("%23"),
            '%' => encoded.push_str("%25"),
            '&' => encoded.push_str("%26"),
            '\n' | '\r' | '\t' => encoded.push(' '),
            c => encoded.push(c),
        }
    }
    format!("url(\"data:image/svg+xml,{encoded}\")")
}

/// A 24 px icon (it scales with the text). Decorative: the word beside it says what it means.
#[component]
pub fn Icon(
    name: IconName,
    #[props(default)] light: bool,
    #[props(default)] large: bool,
) -> Element {
    let class = if large { "icon large" } else { "icon" };
    rsx! {
        img { class, src: data_uri(name, light), alt: "", "aria-hidden": "true" }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_icon_is_a_small_svg_drawn_in_the_dark_colour() {
        for name in IconName::ALL {
            let svg = name.svg();
            assert!(
                svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
                "{name:?}"
            );
            assert!(
                svg.contains("#111111"),
                "{name:?} must use the dark stroke so `light` can swap it"
            );
            assert!(
                !svg.contains("<script") && !svg.contains("href"),
                "{name:?}"
            );
            assert!(data_uri(name, true).starts_with("data:image/svg+xml;base64,"));
        }
        for name in IconName::ALL {
            let url = css_url(name, "#ffffff");
            assert!(
                url.starts_with("url(\"data:image/svg+xml,%3Csvg"),
                "{name:?}"
            );
            assert!(
                !url[5..url.len() - 2].contains(['<', '>', '&', '#', '"']),
                "{name:?}: {url}"
            );
            assert!(
                url.contains("%23ffffff") && !url.contains("%23111111"),
                "{name:?}"
            );
        }
        assert_ne!(
            data_uri(IconName::Exit, true),
            data_uri(IconName::Exit, false)
        );
    }
}
