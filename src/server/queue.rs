//! The editors' queue: the reports and verifications nobody has decided on yet, grouped per place, with how
//! many reports of each kind a place has and on how many different days. Counting is all it does: without
//! device ids, agreeing reports may come from one person, and the page says so.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::storage::{ItemKind, Snapshot, StoredReport, StoredVerification};
use uuid::Uuid;

/// One place's pending items.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceQueue {
    /// The place, or `None` for reports of new places.
    pub place_id: Option<String>,
    /// Pending reports, oldest first.
    pub reports: Vec<StoredReport>,
    /// Pending verifications, oldest first.
    pub verifications: Vec<StoredVerification>,
    /// For each report kind at this place: reports (pending or decided) and distinct days written.
    pub kinds: Vec<KindCount>,
}

/// How many reports of one kind a place has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindCount {
    /// The kind's id.
    pub kind: &'static str,
    /// Reports of it.
    pub reports: usize,
    /// Different days they were written on.
    pub days: usize,
}

/// The pending items of `snapshot`, per place (places in id order; new places last).
pub fn pending(snapshot: &Snapshot) -> Vec<PlaceQueue> {
    let decided: HashSet<(ItemKind, Uuid)> = snapshot
        .decisions
        .iter()
        .map(|d| (d.decision.item_kind, d.decision.item_id))
        .collect();
    let mut places: BTreeMap<(bool, String), PlaceQueue> = BTreeMap::new();
    for report in &snapshot.reports {
        if !decided.contains(&(ItemKind::Report, report.id)) {
            slot(&mut places, report.place_id.as_ref())
                .reports
                .push(report.clone());
        }
    }
    for visit in &snapshot.verifications {
        if !decided.contains(&(ItemKind::Verification, visit.id)) {
            slot(&mut places, Some(&visit.place_id))
                .verifications
                .push(visit.clone());
        }
    }
    let mut queues: Vec<PlaceQueue> = places.into_values().collect();
    for queue in &mut queues {
        let mut kinds: BTreeMap<&'static str, BTreeSet<&str>> = BTreeMap::new();
        let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
        for report in snapshot
            .reports
            .iter()
            .filter(|r| r.place_id == queue.place_id)
        {
            kinds
                .entry(report.kind.as_str())
                .or_default()
                .insert(&report.created_on);
            *counts.entry(report.kind.as_str()).or_default() += 1;
        }
        queue.kinds = kinds
            .into_iter()
            .map(|(kind, days)| KindCount {
                kind,
                reports: counts[kind],
                days: days.len(),
            })
            .collect();
    }
    queues
}

/// The queue of one place (new places sort last), made on first use.
fn slot<'a>(
    places: &'a mut BTreeMap<(bool, String), PlaceQueue>,
    place_id: Option<&String>,
) -> &'a mut PlaceQueue {
    let key = (place_id.is_none(), place_id.cloned().unwrap_or_default());
    places.entry(key).or_insert_with(|| PlaceQueue {
        place_id: place_id.cloned(),
        reports: Vec::new(),
        verifications: Vec::new(),
        kinds: Vec::new(),
    })
}
