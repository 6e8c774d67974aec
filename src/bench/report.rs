//! The benchmark report: the machine it ran on, tables of ratios, and the budget lines marked met or
//! missed. Printed as Markdown so it reads in a terminal, in CI logs and in BENCHMARKS.md alike.

use super::stats::Spread;
use std::fmt::Write;

/// One table of results.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Heading.
    pub title: String,
    /// Column names.
    pub headers: Vec<String>,
    /// Cells.
    pub rows: Vec<Vec<String>>,
    /// Lines printed under the table (what was synthetic, how many runs, …).
    pub notes: Vec<String>,
}

impl Table {
    /// An empty table.
    pub fn new(title: &str, headers: &[&str]) -> Self {
        Self {
            title: title.into(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Adds a note.
    pub fn note(&mut self, note: String) {
        self.notes.push(note);
    }
}

/// A goal from the performance issue and where the run stands against it.
#[derive(Debug, Clone, PartialEq)]
pub struct Budget {
    /// What is measured.
    pub what: String,
    /// The goal, in words (`≥ 100×`, `≤ 2 MB`).
    pub goal: String,
    /// The measured value, in words (median and range).
    pub measured: String,
    /// True when the median meets the goal.
    pub met: bool,
}

impl Budget {
    /// A ratio that should be at least `goal` (judged on the median).
    pub fn at_least(what: &str, goal: f64, measured: Spread) -> Self {
        Self {
            what: what.into(),
            goal: format!("≥ {goal}×"),
            measured: format!("{}×", measured.show_auto()),
            met: measured.median >= goal,
        }
    }

    /// A ratio that should be at most `goal` (judged on the median).
    pub fn at_most(what: &str, goal: f64, measured: Spread) -> Self {
        Self {
            what: what.into(),
            goal: format!("≤ {goal}×"),
            measured: format!("{}×", measured.show_auto()),
            met: measured.median <= goal,
        }
    }

    /// A time that should be at most `limit` milliseconds (judged on the median).
    pub fn millis_at_most(what: &str, limit: f64, measured: Spread) -> Self {
        Self {
            what: what.into(),
            goal: format!("≤ {limit} ms"),
            measured: format!("{} ms", measured.show_auto()),
            met: measured.median <= limit,
        }
    }

    /// A size that should be at most `limit` bytes.
    pub fn bytes_at_most(what: &str, limit: u64, measured: u64) -> Self {
        Self {
            what: what.into(),
            goal: format!("≤ {}", show_bytes(limit)),
            measured: show_bytes(measured),
            met: measured <= limit,
        }
    }
}

/// Bytes as `1.05 MB` (10^6) with the exact count.
pub fn show_bytes(bytes: u64) -> String {
    format!("{:.2} MB ({bytes} B)", bytes as f64 / 1e6)
}

/// Everything one run measured.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// True for the CI smoke run (sizes and rounds too small for the numbers to mean much).
    pub quick: bool,
    /// Where it ran.
    pub machine: Vec<(String, String)>,
    /// Result tables, in order.
    pub tables: Vec<Table>,
    /// Budget lines.
    pub budgets: Vec<Budget>,
    /// Things that could not be measured, and why.
    pub skipped: Vec<String>,
    /// Wall time of the whole run, in seconds.
    pub seconds: f64,
}

impl Report {
    /// An empty report.
    pub fn new(quick: bool) -> Self {
        Self {
            quick,
            ..Self::default()
        }
    }

    /// The table whose title starts with `prefix`.
    pub fn table(&self, prefix: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.title.starts_with(prefix))
    }

    /// The report as Markdown.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# paso-data bench{}\n",
            if self.quick {
                " --quick (smoke run: correctness only, numbers not meaningful)"
            } else {
                ""
            }
        );
        for (key, value) in &self.machine {
            let _ = writeln!(out, "- {key}: {value}");
        }
        for table in &self.tables {
            let _ = writeln!(out, "\n## {}\n", table.title);
            let widths: Vec<usize> = (0..table.headers.len())
                .map(|c| {
                    table
                        .rows
                        .iter()
                        .filter_map(|r| r.get(c))
                        .chain(std::iter::once(&table.headers[c]))
                        .map(|s| s.chars().count())
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let line = |cells: &[String]| {
                let padded: Vec<String> = cells
                    .iter()
                    .enumerate()
                    .map(|(c, s)| {
                        let width = widths.get(c).copied().unwrap_or(0);
                        format!("{s}{}", " ".repeat(width.saturating_sub(s.chars().count())))
                    })
                    .collect();
                format!("| {} |", padded.join(" | "))
            };
            let _ = writeln!(out, "{}", line(&table.headers));
            let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
            let _ = writeln!(out, "{}", line(&rule));
            for row in &table.rows {
                let _ = writeln!(out, "{}", line(row));
            }
            for note in &table.notes {
                let _ = writeln!(out, "\n- {note}");
            }
        }
        if !self.budgets.is_empty() {
            let _ = writeln!(out, "\n## Budgets (goals from the performance issue)\n");
            for budget in &self.budgets {
                let _ = writeln!(
                    out,
                    "- {} — {}: goal {}, measured {}",
                    if budget.met { "MET" } else { "MISSED" },
                    budget.what,
                    budget.goal,
                    budget.measured
                );
            }
        }
        if !self.skipped.is_empty() {
            let _ = writeln!(out, "\n## Not measured in this run\n");
            for line in &self.skipped {
                let _ = writeln!(out, "- {line}");
            }
        }
        let _ = writeln!(out, "\nwhole run: {:.1} s", self.seconds);
        out
    }
}

/// nproc, CPU model, RAM, OS and the compiler this binary was built for, from /proc where available.
pub fn machine_description() -> Vec<(String, String)> {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|r| r.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let ram = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|r| r.trim().trim_end_matches(" kB").trim().parse::<f64>().ok())
        .map(|kb| format!("{:.1} GiB", kb / 1024.0 / 1024.0))
        .unwrap_or_else(|| "unknown".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get().to_string())
        .unwrap_or_else(|_| "unknown".into());
    let os = std::fs::read_to_string("/etc/os-release")
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix("PRETTY_NAME=")
                .map(|v| v.trim_matches('"').to_string())
        })
        .unwrap_or_else(|| std::env::consts::OS.into());
    vec![
        ("cores (nproc)".into(), cores),
        ("CPU".into(), model),
        ("RAM".into(), ram),
        ("OS".into(), os),
        (
            "build".into(),
            format!(
                "{} profile, SQLite {}",
                if cfg!(debug_assertions) {
                    "debug"
                } else {
                    "release"
                },
                rusqlite::version()
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_has_aligned_tables_and_budget_lines() {
        let mut report = Report::new(false);
        let mut table = Table::new("Sizes", &["what", "bytes"]);
        table.row(vec!["bundle".into(), "1".into()]);
        table.note("real".into());
        report.tables.push(table);
        report.budgets.push(Budget::bytes_at_most(
            "default bundle",
            2_000_000,
            1_047_869,
        ));
        let spread = Spread::of(&[120.0, 150.0, 90.0]).unwrap();
        report
            .budgets
            .push(Budget::at_least("nearest vs brute", 100.0, spread));
        let text = report.to_markdown();
        assert!(text.contains("| what   | bytes |"), "{text}");
        assert!(text.contains("| bundle | 1     |"), "{text}");
        assert!(
            text.contains("MET — default bundle: goal ≤ 2.00 MB"),
            "{text}"
        );
        assert!(
            text.contains("MET — nearest vs brute: goal ≥ 100×, measured 120 (90–150)×"),
            "{text}"
        );
        let spread = Spread::of(&[80.0]).unwrap();
        assert!(!Budget::at_least("x", 100.0, spread).met);
    }
}
