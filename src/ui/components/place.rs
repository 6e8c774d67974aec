//! How a place is shown in a list: the row with distance and direction, and the badges and warnings a
//! stressed reader must not miss (closed — do not go, approximate location, not verified, open now).

use super::icon::{Icon, IconName};
use crate::catalog::Nearby;
use crate::i18n::{Arg, Localizer};
use crate::model::{PlaceId, PlaceStatus, Verification};
use crate::ui::present::{distance_line, is_approximate, open_state, open_text, OpenState};
use chrono::NaiveDateTime;
use dioxus::prelude::*;

/// The kinds of badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadgeKind {
    /// Placed at its town's centre.
    Approximate,
    /// Nobody has checked it yet.
    Unverified,
    /// Checked by field staff.
    Verified,
    /// Open at this moment.
    OpenNow,
    /// Shut at this moment (but not closed for good).
    ShutNow,
    /// A risk or a status to note (informal point, not open yet, temporary).
    Caution,
}

impl BadgeKind {
    fn class(&self) -> &'static str {
        match self {
            BadgeKind::Approximate => "badge approx",
            BadgeKind::Unverified => "badge unverified",
            BadgeKind::Verified => "badge verified",
            BadgeKind::OpenNow => "badge open",
            BadgeKind::ShutNow => "badge shut",
            BadgeKind::Caution => "badge caution",
        }
    }

    fn icon(&self) -> IconName {
        match self {
            BadgeKind::Approximate => IconName::Approximate,
            BadgeKind::Unverified => IconName::Unverified,
            BadgeKind::Verified => IconName::Check,
            BadgeKind::OpenNow | BadgeKind::ShutNow => IconName::Clock,
            BadgeKind::Caution => IconName::Warning,
        }
    }
}

/// A small labelled badge with its icon.
#[component]
pub fn Badge(kind: BadgeKind, text: String) -> Element {
    rsx! {
        span { class: kind.class(),
            Icon { name: kind.icon() }
            span { "{text}" }
        }
    }
}

/// The strong "Closed — do not go" warning.
#[component]
pub fn ClosedWarning(text: String) -> Element {
    rsx! {
        strong { class: "closed-warning",
            Icon { name: IconName::Closed, light: true }
            span { "{text}" }
        }
    }
}

/// The badges for a place's precision, verification, status and hours.
#[component]
pub fn PlaceBadges(
    tr: Localizer,
    approximate: bool,
    verification: Verification,
    status: PlaceStatus,
    open: OpenState,
) -> Element {
    let caution = matches!(
        status,
        PlaceStatus::Informal | PlaceStatus::Planned | PlaceStatus::Temporary
    );
    let open_text = open_text(&tr, &open);
    rsx! {
        if status.is_closed() {
            ClosedWarning { text: tr.status(status) }
        }
        span { class: "badges",
            if caution {
                Badge { kind: BadgeKind::Caution, text: tr.status(status) }
            }
            if approximate {
                Badge { kind: BadgeKind::Approximate, text: tr.tr("badge-approximate") }
            }
            if verification == Verification::Unverified {
                Badge { kind: BadgeKind::Unverified, text: tr.verification(verification) }
            } else {
                Badge { kind: BadgeKind::Verified, text: tr.verification(verification) }
            }
            if let Some(text) = open_text {
                if !status.is_closed() {
                    Badge {
                        kind: if matches!(open, OpenState::Open { .. }) { BadgeKind::OpenNow } else { BadgeKind::ShutNow },
                        text,
                    }
                }
            }
        }
    }
}

/// One Near me row: icon, name, category, distance and direction (approximate for town-level points),
/// badges, and the closed warning. Tapping it opens the place; its button carries the place id as `data-place`.
#[component]
pub fn PlaceRow(
    tr: Localizer,
    item: Nearby,
    now: NaiveDateTime,
    on_open: EventHandler<PlaceId>,
    /// The place's country name when it lies across a border from the person.
    #[props(default)]
    across: Option<String>,
) -> Element {
    let place = &item.place;
    let lang = tr.lang();
    let name = place.names.get(lang).to_string();
    let category = tr.category(place.category);
    let line = distance_line(&tr, &item);
    let open = open_state(place.opening_hours.as_deref(), now);
    let id = place.id.clone();
    let closed = place.status.is_closed();
    rsx! {
        li { class: if closed { "row closed" } else { "row" },
            button {
                class: "row-btn",
                r#type: "button",
                "data-place": "{place.id}",
                onclick: move |_| on_open.call(id.clone()),
                span { class: "row-head",
                    Icon { name: IconName::of_category(place.category), large: true }
                    span { class: "row-name", "{name}" }
                }
                span { class: "row-meta",
                    span { class: "row-cat", "{category}" }
                    span { class: "row-dist", "{line}" }
                    if let Some(country) = across {
                        span { class: "row-border",
                            {tr.tr_args("near-across-border", &[("country", Arg::Text(&country))])}
                        }
                    }
                }
                PlaceBadges {
                    tr: tr.clone(),
                    approximate: is_approximate(place),
                    verification: place.verification,
                    status: place.status,
                    open,
                }
            }
        }
    }
}

/// A text from the bundle, marked with its language when it is not the screen's (an editor's import may lack
/// a translation).
#[component]
pub fn LangText(
    tr: Localizer,
    text: String,
    text_lang: &'static str,
    screen_lang: &'static str,
) -> Element {
    rsx! {
        span { lang: "{text_lang}", "{text}" }
        if text_lang != screen_lang {
            " "
            span { class: "lang-mark", {tr.tr_args("text-lang-mark", &[("lang", Arg::Text(text_lang))])} }
        }
    }
}
