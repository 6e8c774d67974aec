//! Validation findings with their location (file, line or feature, field), collected across a whole run.

use std::fmt;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth a look; the build goes on.
    Warning,
    /// The build refuses to write anything.
    Error,
}

/// One finding, pointing at the exact place in an input file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The input file, as given.
    pub file: String,
    /// 1-based line (CSV, Markdown) or 0-based feature index (GeoJSON), if known.
    pub line: Option<u64>,
    /// `line` or `feature`.
    pub line_kind: &'static str,
    /// The column, property or front-matter key.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What would be right.
    pub hint: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", {} {line}", self.line_kind)?;
        }
        if let Some(field) = &self.field {
            write!(f, ", field `{field}`")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (expected: {hint})")?;
        }
        Ok(())
    }
}

/// Every finding of a run, in the order found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

/// Where in a file a finding is.
#[derive(Debug, Clone)]
pub struct Location {
    file: String,
    line: Option<u64>,
    line_kind: &'static str,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}, {} {line}", self.file, self.line_kind),
            None => f.write_str(&self.file),
        }
    }
}

impl Location {
    /// A line of a text file (1-based).
    pub fn line(file: &str, line: u64) -> Self {
        Self {
            file: file.to_string(),
            line: Some(line),
            line_kind: "line",
        }
    }

    /// A feature of a GeoJSON file (0-based index).
    pub fn feature(file: &str, index: u64) -> Self {
        Self {
            file: file.to_string(),
            line: Some(index),
            line_kind: "feature",
        }
    }

    /// A whole file.
    pub fn file(file: &str) -> Self {
        Self {
            file: file.to_string(),
            line: None,
            line_kind: "line",
        }
    }
}

impl Diagnostics {
    /// Records an error.
    pub fn error(
        &mut self,
        at: &Location,
        field: Option<&str>,
        message: impl Into<String>,
        hint: Option<&str>,
    ) {
        self.push(Severity::Error, at, field, message.into(), hint);
    }

    /// Records a warning.
    pub fn warning(
        &mut self,
        at: &Location,
        field: Option<&str>,
        message: impl Into<String>,
        hint: Option<&str>,
    ) {
        self.push(Severity::Warning, at, field, message.into(), hint);
    }

    fn push(
        &mut self,
        severity: Severity,
        at: &Location,
        field: Option<&str>,
        message: String,
        hint: Option<&str>,
    ) {
        self.items.push(Diagnostic {
            severity,
            file: at.file.clone(),
            line: at.line,
            line_kind: at.line_kind,
            field: field.map(str::to_string),
            message,
            hint: hint.map(str::to_string),
        });
    }

    /// Adds every finding of another run.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// All findings.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// True when there is at least one error.
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for item in &self.items {
            writeln!(f, "{item}")?;
        }
        Ok(())
    }
}
