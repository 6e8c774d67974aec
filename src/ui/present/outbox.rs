//! Outbox counts that drive the report buttons.

use crate::store::user::{Report, ReportState};

/// How many reports are in each outbox state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutboxCounts {
    /// Waiting on the phone.
    pub queued: usize,
    /// Written to an export file.
    pub exported: usize,
    /// Confirmed received, or already held by the report server.
    pub sent: usize,
    /// Refused by the report server.
    pub rejected: usize,
}

impl OutboxCounts {
    /// Counts reports by state.
    pub fn of(reports: &[Report]) -> Self {
        let mut counts = Self::default();
        for report in reports {
            match report.state {
                ReportState::Queued => counts.queued += 1,
                ReportState::Exported => counts.exported += 1,
                ReportState::Sent | ReportState::Duplicate => counts.sent += 1,
                ReportState::Rejected => counts.rejected += 1,
            }
        }
        counts
    }

    /// True when "Export reports" has something to write.
    pub fn can_export(&self) -> bool {
        self.queued > 0
    }

    /// True when "Mark as received" has something to mark.
    pub fn can_mark_sent(&self) -> bool {
        self.exported > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outbox_counts_drive_the_buttons() {
        let report = |state| Report {
            id: 1,
            uuid: uuid::Uuid::from_u128(1),
            place_id: Some("x".into()),
            kind: crate::store::user::ReportKind::Closed,
            note: String::new(),
            created_on: "2026-01-01".into(),
            state,
            bundle_version: 1,
            lang: "es".into(),
            position: None,
            reason: String::new(),
        };
        let counts = OutboxCounts::of(&[
            report(ReportState::Queued),
            report(ReportState::Exported),
            report(ReportState::Exported),
            report(ReportState::Sent),
            report(ReportState::Duplicate),
            report(ReportState::Rejected),
        ]);
        assert_eq!(
            counts,
            OutboxCounts {
                queued: 1,
                exported: 2,
                sent: 2,
                rejected: 1,
            }
        );
        assert!(counts.can_export() && counts.can_mark_sent());
        assert!(!OutboxCounts::of(&[report(ReportState::Sent)]).can_export());
    }
}
