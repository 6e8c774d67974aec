//! Open-now from OSM opening hours, and its wording.

use crate::i18n::{Arg, Localizer};
use chrono::NaiveDateTime;

/// Whether a place is open at a moment, from its OSM opening hours.
#[derive(Debug, Clone, PartialEq)]
pub enum OpenState {
    /// Open; closes at this time of day (HH:MM) when known.
    Open {
        /// Closing time.
        until: Option<String>,
    },
    /// Closed at this moment; opens at this time (HH:MM, with the weekday when not today) when known.
    Shut {
        /// Next opening.
        opens: Option<String>,
    },
    /// No hours, hours that do not parse, or hours that do not say.
    Unknown,
}

/// Evaluates OSM opening hours at `now` (the phone's local time).
pub fn open_state(hours: Option<&str>, now: NaiveDateTime) -> OpenState {
    let Some(hours) = hours.map(str::trim).filter(|h| !h.is_empty()) else {
        return OpenState::Unknown;
    };
    let Ok(parsed) = hours.parse::<opening_hours::OpeningHours>() else {
        return OpenState::Unknown;
    };
    let time = |at: NaiveDateTime| {
        if at.date() == now.date() {
            at.format("%H:%M").to_string()
        } else {
            at.format("%a %H:%M").to_string()
        }
    };
    let (kind, _) = parsed.state(now);
    // Changes more than a week away mean "never" (e.g. 24/7).
    let horizon = now + chrono::Duration::days(8);
    let next = parsed.next_change(now).filter(|at| *at < horizon);
    match kind {
        opening_hours::RuleKind::Open => OpenState::Open {
            until: next.map(time),
        },
        opening_hours::RuleKind::Closed => OpenState::Shut {
            opens: next.map(time),
        },
        opening_hours::RuleKind::Unknown => OpenState::Unknown,
    }
}

/// The open-now text, or `None` when the hours are unknown.
pub fn open_text(tr: &Localizer, state: &OpenState) -> Option<String> {
    match state {
        OpenState::Open { until: Some(until) } => {
            Some(tr.tr_args("open-now-until", &[("time", Arg::Text(until))]))
        }
        OpenState::Open { until: None } => Some(tr.tr("open-now")),
        OpenState::Shut { opens: Some(opens) } => {
            Some(tr.tr_args("shut-now-opens", &[("time", Arg::Text(opens))]))
        }
        OpenState::Shut { opens: None } => Some(tr.tr("shut-now")),
        OpenState::Unknown => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn open_now_follows_the_hours_and_unknown_hours_say_nothing() {
        // 2026-03-02 is a Monday.
        let hours = Some("Mo-Fr 08:00-17:00");
        assert_eq!(
            open_state(hours, at("2026-03-02 10:00")),
            OpenState::Open {
                until: Some("17:00".into())
            }
        );
        assert_eq!(
            open_state(hours, at("2026-03-02 07:00")),
            OpenState::Shut {
                opens: Some("08:00".into())
            }
        );
        assert_eq!(
            open_state(hours, at("2026-03-07 12:00")),
            OpenState::Shut {
                opens: Some("Mon 08:00".into())
            }
        );
        assert_eq!(
            open_state(Some("24/7"), at("2026-03-07 12:00")),
            OpenState::Open { until: None }
        );
        assert_eq!(open_state(None, at("2026-03-02 10:00")), OpenState::Unknown);
        assert_eq!(
            open_state(Some("when the priest is in"), at("2026-03-02 10:00")),
            OpenState::Unknown
        );
        let en = Localizer::new("en");
        assert_eq!(
            open_text(&en, &open_state(hours, at("2026-03-02 10:00"))).unwrap(),
            "Open now · until 17:00"
        );
        assert_eq!(open_text(&en, &OpenState::Unknown), None);
    }
}
