//! Field staff's outbox in the user database: "I verified this place today" visits, queued on the phone and
//! sent with the staff token only when the person taps "Send now". The token itself is a setting, wiped by
//! "Clear all my data" like everything else.

use rusqlite::params;
use uuid::Uuid;

use super::user::{today, Outbox, ReportState, SendTally, UserStore};
use super::StoreError;
use crate::wire::{BatchAnswer, FieldFinding, WireVerification};

/// The setting that holds a staff token; when set, the app is in staff mode.
pub const SETTING_STAFF_TOKEN: &str = "staff_token";

/// A visit queued on this phone.
#[derive(Debug, Clone, PartialEq)]
pub struct QueuedVerification {
    /// What travels.
    pub wire: WireVerification,
    /// Waiting, sent, duplicate or rejected (verifications are not exported to files).
    pub state: ReportState,
    /// The server's reason for a refusal.
    pub reason: String,
}

impl UserStore {
    /// The staff token, when this phone is in staff mode.
    pub fn staff_token(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .setting(SETTING_STAFF_TOKEN)?
            .filter(|token| !token.trim().is_empty()))
    }

    /// Queues a visit to `place_id` made today, with a new travel id.
    pub fn queue_verification(
        &self,
        place_id: &str,
        lang: &str,
        fields: &[FieldFinding],
        notes: &str,
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::new_v4();
        let notes: String = notes
            .trim()
            .chars()
            .take(crate::wire::MAX_TEXT_CHARS)
            .collect();
        let fields = serde_json::to_string(fields).unwrap_or_else(|_| "[]".into());
        self.conn.execute(
            "INSERT INTO verifications (uuid, place_id, visited_on, lang, fields, notes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id.to_string(), place_id, today(), lang, fields, notes],
        )?;
        self.after_write(false);
        Ok(id)
    }

    /// Every queued visit, newest first.
    pub fn verifications(&self) -> Result<Vec<QueuedVerification>, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT uuid, place_id, visited_on, lang, fields, notes, state, reason
             FROM verifications ORDER BY id DESC",
        )?;
        let rows = statement.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
            ))
        })?;
        let mut visits = Vec::new();
        for row in rows {
            let (id, place_id, visited_on, lang, fields, notes, state, reason) = row?;
            visits.push(QueuedVerification {
                wire: WireVerification {
                    id: Uuid::parse_str(&id).unwrap_or_default(),
                    place_id,
                    visited_on,
                    lang,
                    fields: serde_json::from_str(&fields).unwrap_or_default(),
                    notes,
                },
                state: ReportState::parse(&state),
                reason,
            });
        }
        Ok(visits)
    }

    /// The visits still waiting for a server's answer, oldest first.
    pub fn verifications_to_send(&self) -> Result<Vec<WireVerification>, StoreError> {
        let mut waiting: Vec<WireVerification> = self
            .verifications()?
            .into_iter()
            .filter(|v| v.state.awaits_server())
            .map(|v| v.wire)
            .collect();
        waiting.reverse();
        Ok(waiting)
    }

    /// Records a server's answer to a batch of visits, in one transaction (as
    /// [`UserStore::record_answer`] does for reports).
    pub fn record_verification_answer(
        &self,
        answer: &BatchAnswer,
    ) -> Result<SendTally, StoreError> {
        self.record_outcomes(Outbox::Verifications, answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{CorrectionField, ItemResult, Outcome};

    #[test]
    fn visits_queue_travel_and_are_cleared_with_everything_else() {
        let store = UserStore::in_memory().unwrap();
        assert_eq!(store.staff_token().unwrap(), None);
        store
            .set_setting(SETTING_STAFF_TOKEN, Some("paso_1_ab"))
            .unwrap();
        assert_eq!(store.staff_token().unwrap().as_deref(), Some("paso_1_ab"));
        let fields = vec![FieldFinding {
            field: CorrectionField::Status,
            corrected: Some("closed".into()),
        }];
        let first = store
            .queue_verification("cr-1", "es", &fields, "  cerrado  ")
            .unwrap();
        let second = store.queue_verification("cr-2", "es", &[], "").unwrap();
        let waiting = store.verifications_to_send().unwrap();
        assert_eq!(
            waiting.iter().map(|v| v.id).collect::<Vec<_>>(),
            vec![first, second]
        );
        assert_eq!(waiting[0].fields, fields);
        assert_eq!(waiting[0].notes, "cerrado");
        let tally = store
            .record_verification_answer(&BatchAnswer {
                results: vec![ItemResult {
                    id: first,
                    outcome: Outcome::Accepted,
                    reason: None,
                }],
            })
            .unwrap();
        assert_eq!(tally.accepted, 1);
        assert_eq!(store.verifications_to_send().unwrap().len(), 1);
        store.clear_all().unwrap();
        assert!(store.verifications().unwrap().is_empty());
        assert_eq!(store.staff_token().unwrap(), None, "the token is wiped too");
    }
}
