//! The visa line for a passport, in words.

use crate::catalog::VisaLine;
use crate::i18n::{Arg, Localizer};

/// The visa line for a passport, in words: "Venezuela passport: visa required".
pub fn visa_text(tr: &Localizer, line: &VisaLine, passport_name: &str) -> String {
    let requirement = line.requirement.trim();
    let what = if let Ok(days) = requirement.parse::<i64>() {
        if days < 0 {
            tr.tr("visa-own-country")
        } else {
            tr.tr_args("visa-days", &[("days", Arg::Number(days as f64))])
        }
    } else {
        match requirement {
            "visa free" => tr.tr("visa-free"),
            "visa required" => tr.tr("visa-required"),
            "visa on arrival" => tr.tr("visa-on-arrival"),
            "e-visa" => tr.tr("visa-e-visa"),
            "eta" => tr.tr("visa-eta"),
            "no admission" => tr.tr("visa-no-admission"),
            other => other.to_string(),
        }
    };
    tr.tr_args(
        "visa-line",
        &[
            ("passport", Arg::Text(passport_name)),
            ("requirement", Arg::Text(&what)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visa_lines_are_worded_and_plural() {
        let line = |requirement: &str| VisaLine {
            passport: "VE".into(),
            destination: "CR".into(),
            requirement: requirement.into(),
            as_of: "2025-01-12".into(),
        };
        let en = Localizer::new("en");
        assert_eq!(
            visa_text(&en, &line("visa required"), "Venezuela"),
            "Venezuela passport: visa required"
        );
        assert_eq!(
            visa_text(&en, &line("90"), "Colombia"),
            "Colombia passport: no visa for up to 90 days"
        );
        assert_eq!(
            visa_text(&en, &line("1"), "Colombia"),
            "Colombia passport: no visa for up to 1 day"
        );
        assert!(visa_text(&Localizer::new("es"), &line("-1"), "Costa Rica").contains("propio país"));
        assert!(visa_text(&en, &line("something new"), "X").contains("something new"));
    }
}
