//! From accepted decisions to corrections rows (`data/corrections/*.csv`) for `paso-data build`. Rejected
//! and unreviewed items never become a row.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use super::storage::{ItemKind, Snapshot, Staff};
use crate::wire::{CorrectionBasis, CorrectionField, CorrectionRow};

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The file or its folder.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// A row could not be written as CSV.
    #[error("{path}: {source}")]
    Csv {
        /// The file.
        path: std::path::PathBuf,
        /// What went wrong.
        source: csv::Error,
    },
}

/// How many reports of one kind a place has, and on how many different days they were written.
pub fn agreeing(snapshot: &Snapshot, place_id: &str, kind: &str) -> (usize, usize) {
    let same: Vec<_> = snapshot
        .reports
        .iter()
        .filter(|r| r.place_id.as_deref() == Some(place_id) && r.kind.as_str() == kind)
        .collect();
    let days: BTreeSet<&str> = same.iter().map(|r| r.created_on.as_str()).collect();
    (same.len(), days.len())
}

/// The corrections rows of every accepted decision, in the order they were decided.
pub fn corrections(snapshot: &Snapshot) -> Vec<CorrectionRow> {
    let staff: HashMap<i64, &Staff> = snapshot.staff.iter().map(|s| (s.id, s)).collect();
    let organisation = |id: i64| {
        staff
            .get(&id)
            .map(|s| s.organisation.clone())
            .unwrap_or_default()
    };
    let mut rows = Vec::new();
    for stored in snapshot.decisions.iter().filter(|d| d.decision.accepted) {
        let decision = &stored.decision;
        match decision.item_kind {
            ItemKind::Report => {
                let Some(report) = snapshot.reports.iter().find(|r| r.id == decision.item_id)
                else {
                    continue;
                };
                let (Some(place_id), Some(field)) = (&report.place_id, decision.field) else {
                    continue;
                };
                let (count, days) = agreeing(snapshot, place_id, report.kind.as_str());
                rows.push(CorrectionRow {
                    place_id: place_id.clone(),
                    field: Some(field),
                    value: decision.value.clone(),
                    lang: text_lang(field, &report.lang),
                    basis: CorrectionBasis::Reports,
                    date: stored.decided_on.clone(),
                    organisation: organisation(stored.editor_id),
                    evidence: format!(
                        "{count} report(s) of \"{}\" written on {days} different day(s); accepted by an editor",
                        report.kind.as_str()
                    ),
                });
            }
            ItemKind::Verification => {
                let Some(visit) = snapshot
                    .verifications
                    .iter()
                    .find(|v| v.id == decision.item_id)
                else {
                    continue;
                };
                let evidence = if visit.notes.trim().is_empty() {
                    "visited by a staff member".to_string()
                } else {
                    format!("visited by a staff member; notes: {}", visit.notes.trim())
                };
                let row = |field: Option<CorrectionField>, value: &str| CorrectionRow {
                    place_id: visit.place_id.clone(),
                    field,
                    value: value.to_string(),
                    lang: field.map(|f| text_lang(f, &visit.lang)).unwrap_or_default(),
                    basis: CorrectionBasis::FieldVisit,
                    date: visit.visited_on.clone(),
                    organisation: organisation(visit.staff_id),
                    evidence: evidence.clone(),
                };
                let corrected: Vec<_> = visit
                    .fields
                    .iter()
                    .filter_map(|f| {
                        f.corrected
                            .as_deref()
                            .map(|value| row(Some(f.field), value))
                    })
                    .collect();
                if corrected.is_empty() {
                    rows.push(row(None, ""));
                } else {
                    rows.extend(corrected);
                }
            }
        }
    }
    rows
}

/// The row's `lang`: only texts in words have one.
fn text_lang(field: CorrectionField, lang: &str) -> String {
    match field {
        CorrectionField::Services | CorrectionField::Serves => lang.to_string(),
        _ => String::new(),
    }
}

/// Writes `rows` to `path` as a corrections CSV, whole or not at all (a temporary file beside it, then a
/// rename), making the folder if needed.
pub fn write_csv(path: &Path, rows: &[CorrectionRow]) -> Result<(), ExportError> {
    let io = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(io)?;
    let temporary = folder.join(format!(
        ".{}.partial",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("export")
    ));
    let mut writer = csv::Writer::from_path(&temporary).map_err(|source| ExportError::Csv {
        path: temporary.clone(),
        source,
    })?;
    if rows.is_empty() {
        writer
            .write_record([
                "place_id",
                "field",
                "value",
                "lang",
                "basis",
                "date",
                "organisation",
                "evidence",
            ])
            .map_err(|source| ExportError::Csv {
                path: temporary.clone(),
                source,
            })?;
    }
    for row in rows {
        writer.serialize(row).map_err(|source| ExportError::Csv {
            path: temporary.clone(),
            source,
        })?;
    }
    let file = writer.into_inner().map_err(|e| io(e.into_error()))?;
    file.sync_all().map_err(io)?;
    drop(file);
    std::fs::rename(&temporary, path).map_err(io)?;
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}
