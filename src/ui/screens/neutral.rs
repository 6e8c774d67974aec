//! The quick-exit screen: a plain, working calculator that says nothing about Paso. The session (my place,
//! search text, filters, navigation history) is already gone when it shows. Pressing "=" on a fresh "0"
//! comes back to Paso in a new, empty session.

use crate::ui::state::{use_tr, Prefs};
use dioxus::prelude::*;

/// A tiny four-function calculator.
#[derive(Debug, Clone, PartialEq)]
pub struct Calculator {
    /// What the display shows.
    pub display: String,
    stored: Option<f64>,
    operator: Option<char>,
    fresh: bool,
}

/// What a key press asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Press {
    /// Keep calculating.
    Stay,
    /// Go back to Paso ("=" on a fresh "0").
    Resume,
}

impl Default for Calculator {
    fn default() -> Self {
        Self {
            display: "0".into(),
            stored: None,
            operator: None,
            fresh: true,
        }
    }
}

impl Calculator {
    fn value(&self) -> f64 {
        self.display.parse().unwrap_or(0.0)
    }

    fn apply(&self, a: f64, b: f64, op: char) -> f64 {
        match op {
            '+' => a + b,
            '−' => a - b,
            '×' => a * b,
            '÷' if b != 0.0 => a / b,
            _ => f64::NAN,
        }
    }

    fn show(value: f64) -> String {
        if !value.is_finite() {
            return "Error".into();
        }
        let text = format!("{:.8}", value);
        let text = text.trim_end_matches('0').trim_end_matches('.');
        if text == "-0" {
            "0".into()
        } else {
            text.into()
        }
    }

    /// Presses a key: a digit, `.`, `+ − × ÷`, `=` or `C`.
    pub fn press(&mut self, key: char) -> Press {
        match key {
            '0'..='9' => {
                if self.fresh || self.display == "0" {
                    self.display = key.to_string();
                } else if self.display.len() < 12 {
                    self.display.push(key);
                }
                self.fresh = false;
            }
            '.' => {
                if self.fresh {
                    self.display = "0".into();
                    self.fresh = false;
                }
                if !self.display.contains('.') {
                    self.display.push('.');
                }
            }
            '+' | '−' | '×' | '÷' => {
                let value = self.value();
                let result = match (self.stored, self.operator) {
                    (Some(a), Some(op)) if !self.fresh => self.apply(a, value, op),
                    _ => value,
                };
                self.display = Self::show(result);
                self.stored = Some(result);
                self.operator = Some(key);
                self.fresh = true;
            }
            '=' => {
                if self.display == "0" && self.operator.is_none() && self.fresh {
                    return Press::Resume;
                }
                if let (Some(a), Some(op)) = (self.stored, self.operator) {
                    self.display = Self::show(self.apply(a, self.value(), op));
                }
                self.stored = None;
                self.operator = None;
                self.fresh = true;
            }
            _ => *self = Self::default(),
        }
        Press::Stay
    }
}

const KEYS: [char; 16] = [
    '7', '8', '9', '÷', '4', '5', '6', '×', '1', '2', '3', '−', 'C', '0', '=', '+',
];

/// The neutral screen.
#[component]
pub fn Neutral() -> Element {
    let tr = use_tr();
    let mut prefs = use_context::<Prefs>();
    let mut calculator = use_signal(Calculator::default);
    rsx! {
        document::Title { {tr.tr("neutral-title")} }
        main { class: "neutral",
            h1 { class: "neutral-title", {tr.tr("neutral-title")} }
            output { class: "calc-display", "aria-live": "polite", "{calculator.read().display}" }
            div { class: "calc-keys",
                for key in KEYS {
                    button {
                        key: "{key}",
                        class: "calc-key",
                        "data-key": "{key}",
                        r#type: "button",
                        onclick: move |_| {
                            if calculator.write().press(key) == Press::Resume {
                                prefs.session += 1;
                                prefs.exited.set(false);
                            }
                        },
                        "{key}"
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(keys: &str) -> (Calculator, Press) {
        let mut calculator = Calculator::default();
        let mut last = Press::Stay;
        for key in keys.chars() {
            last = calculator.press(key);
        }
        (calculator, last)
    }

    #[test]
    fn it_calculates_like_a_calculator() {
        assert_eq!(run("12+30=").0.display, "42");
        assert_eq!(run("7×6−2=").0.display, "40");
        assert_eq!(run("1÷4=").0.display, "0.25");
        assert_eq!(run("1÷0=").0.display, "Error");
        assert_eq!(run("99C").0.display, "0");
    }

    #[test]
    fn only_equals_on_a_fresh_zero_resumes() {
        assert_eq!(run("=").1, Press::Resume);
        assert_eq!(run("5=").1, Press::Stay);
        assert_eq!(run("0+=").1, Press::Stay);
        assert_eq!(run("12C=").1, Press::Resume);
    }
}
