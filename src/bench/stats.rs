//! Summaries of repeated measurements: min, median and max, and ratios computed round by round so that a
//! noisy machine slows both sides of a comparison alike.

use std::time::{Duration, Instant};

/// Min, median and max of some repeated measurements.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// Smallest value.
    pub min: f64,
    /// Median (mean of the two middle values for an even count).
    pub median: f64,
    /// Largest value.
    pub max: f64,
}

impl Spread {
    /// The spread of `values`; `None` when there are none (or only NaNs).
    pub fn of(values: &[f64]) -> Option<Self> {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
        if sorted.is_empty() {
            return None;
        }
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let median = if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
        };
        Some(Self {
            min: sorted[0],
            median,
            max: sorted[n - 1],
        })
    }

    /// `median (min–max)` with `decimals` digits, e.g. `4.1 (3.9–5.0)`.
    pub fn show(&self, decimals: usize) -> String {
        if self.min == self.max {
            return format!("{:.*}", decimals, self.median);
        }
        format!(
            "{:.*} ({:.*}–{:.*})",
            decimals, self.median, decimals, self.min, decimals, self.max
        )
    }

    /// Like [`Spread::show`], with the number of decimals chosen from the size of the median.
    pub fn show_auto(&self) -> String {
        self.show(decimals_for(self.median))
    }
}

/// Enough decimals to show two or three significant digits.
pub fn decimals_for(value: f64) -> usize {
    let value = value.abs();
    if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else if value >= 1.0 {
        2
    } else if value >= 0.1 {
        3
    } else {
        4
    }
}

/// Per-round values of one measured thing (µs per query, ms per run, …).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rounds(pub Vec<f64>);

impl Rounds {
    /// Adds one round's value.
    pub fn push(&mut self, value: f64) {
        self.0.push(value);
    }

    /// The spread over rounds.
    pub fn spread(&self) -> Option<Spread> {
        Spread::of(&self.0)
    }

    /// Round-by-round ratio `self / base`, over the rounds both have.
    pub fn ratio_to(&self, base: &Rounds) -> Option<Spread> {
        let ratios: Vec<f64> = self
            .0
            .iter()
            .zip(&base.0)
            .filter(|(_, b)| **b > 0.0)
            .map(|(a, b)| a / b)
            .collect();
        Spread::of(&ratios)
    }
}

/// Runs `work` once and returns what it gave and how long it took.
pub fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = work();
    (value, start.elapsed())
}

/// Microseconds per item for a duration covering `items` items.
pub fn micros_per(duration: Duration, items: usize) -> f64 {
    duration.as_secs_f64() * 1e6 / items.max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_has_the_middle_value_and_the_extremes() {
        let spread = Spread::of(&[5.0, 1.0, 3.0]).unwrap();
        assert_eq!((spread.min, spread.median, spread.max), (1.0, 3.0, 5.0));
        assert_eq!(Spread::of(&[4.0, 1.0, 2.0, 3.0]).unwrap().median, 2.5);
        assert!(Spread::of(&[]).is_none());
        assert_eq!(spread.show(1), "3.0 (1.0–5.0)");
    }

    #[test]
    fn ratios_are_taken_round_by_round() {
        let slow = Rounds(vec![10.0, 30.0, 20.0]);
        let fast = Rounds(vec![1.0, 2.0, 4.0]);
        let ratio = slow.ratio_to(&fast).unwrap();
        assert_eq!((ratio.min, ratio.median, ratio.max), (5.0, 10.0, 15.0));
    }
}
