//! Property tests on every parser an update feeds untrusted bytes to (bundle container and manifest, patch,
//! `latest.json`, the state record): no panic on arbitrary bytes, and no mutation of a genuine file is ever
//! accepted as genuine.

use crate::common::*;
use crate::update_support::*;
use paso::bundle::format;
use paso::update::delta;
use paso::update::index::LatestIndex;
use paso::update::layout::Layout;
use paso::update::state::State;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;
use std::sync::OnceLock;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z")
        .unwrap()
        .into()
}

/// A genuine patch and a genuine index to mutate.
fn genuine() -> &'static (Vec<u8>, Vec<u8>) {
    static GENUINE: OnceLock<(Vec<u8>, Vec<u8>)> = OnceLock::new();
    GENUINE.get_or_init(|| {
        let patch = delta::make_patch(&bundle(2), &bundle(3), &dev_key(), &trusted()).unwrap();
        let index = LatestIndex::sign(
            paso::update::index::SignedIndex {
                format: 1,
                bundle_id: embedded().bundle_id,
                version: v(3),
                published: "2026-05-01T00:00:00Z".into(),
                expires: "2026-07-01T00:00:00Z".into(),
                full: paso::update::index::FileEntry {
                    path: "b.paso".into(),
                    bytes: bundle(3).len() as u64,
                    sha256: format::sha256_hex(&bundle(3)),
                },
                deltas: vec![],
            },
            &dev_key(),
        )
        .to_json();
        (patch, index)
    })
}

fn every_parser(input: &[u8]) {
    let trusted = trusted();
    let _ = format::head_len(input);
    let _ = format::split(input);
    let _ = format::verify_head(input, &trusted);
    if let Ok(verified) = format::verify(input, &trusted) {
        let _ = verified.decompress(input);
    }
    let _ = delta::head_len(input);
    let _ = delta::verify_head(input, &trusted);
    let _ = delta::read_patch(input, &trusted);
    let _ = LatestIndex::parse(input, &trusted, now());
}

fn mutate(good: &[u8], flips: &[(Index, u8)], head_only: bool, cut: Option<Index>) -> Vec<u8> {
    let mut bad = good.to_vec();
    let span = if head_only {
        format::head_len(&good[..16])
            .or_else(|_| delta::head_len(&good[..16]))
            .unwrap_or(good.len())
            .min(good.len())
    } else {
        good.len()
    };
    for (at, mask) in flips {
        bad[at.index(span)] ^= mask;
    }
    if let Some(cut) = cut {
        bad.truncate(cut.index(bad.len()));
    }
    bad
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn arbitrary_bytes_never_panic_a_parser(
        kind in 0u8..4,
        declared in 0u32..1500,
        body in vec(any::<u8>(), 0..1500),
    ) {
        let mut input = match kind {
            0 => Vec::new(),
            1 => [&format::MAGIC[..], &1u32.to_le_bytes(), &declared.to_le_bytes()].concat(),
            2 => [&delta::PATCH_MAGIC[..], &1u32.to_le_bytes(), &declared.to_le_bytes()].concat(),
            _ => b"{\"signed\": {\"format\": 1, ".to_vec(),
        };
        input.extend_from_slice(&body);
        every_parser(&input);
    }
}

proptest! {
    #![proptest_config(config(400))]

    #[test]
    fn a_mutated_bundle_is_never_accepted(
        flips in vec((any::<Index>(), 1u8..=255), 1..5),
        head_only in any::<bool>(),
        cut in proptest::option::weighted(0.2, any::<Index>()),
    ) {
        let good = bundle(2);
        let bad = mutate(&good, &flips, head_only, cut);
        prop_assume!(bad != good);
        every_parser(&bad);
        let accepted = format::verify(&bad, &trusted()).and_then(|v| v.decompress(&bad).map(|_| ()));
        prop_assert!(accepted.is_err());
    }

    #[test]
    fn a_mutated_patch_is_never_accepted(
        flips in vec((any::<Index>(), 1u8..=255), 1..5),
        head_only in any::<bool>(),
        cut in proptest::option::weighted(0.2, any::<Index>()),
    ) {
        let good = &genuine().0;
        let bad = mutate(good, &flips, head_only, cut);
        prop_assume!(&bad != good);
        every_parser(&bad);
        prop_assert!(delta::read_patch(&bad, &trusted()).is_err());
    }

    #[test]
    fn a_mutated_index_is_refused_or_says_the_same(
        flips in vec((any::<Index>(), 1u8..=255), 1..4),
        cut in proptest::option::weighted(0.2, any::<Index>()),
    ) {
        let good = &genuine().1;
        let original = LatestIndex::parse(good, &trusted(), now()).unwrap();
        let bad = mutate(good, &flips, false, cut);
        every_parser(&bad);
        if let Ok(parsed) = LatestIndex::parse(&bad, &trusted(), now()) {
            // Only changes JSON ignores (whitespace) can pass.
            prop_assert_eq!(parsed, original);
        }
    }
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn a_damaged_state_record_never_panics(
        body in vec(any::<u8>(), 0..600),
        json_prefix in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path());
        layout.create().unwrap();
        let mut bytes = if json_prefix {
            b"{\"format\": 1, \"bundles\": [{\"bundle_id\": \"x\", \"version\": 9, ".to_vec()
        } else {
            Vec::new()
        };
        bytes.extend_from_slice(&body);
        std::fs::write(layout.state(), &bytes).unwrap();
        let state = State::load(&layout, &trusted()).unwrap();
        prop_assert!(state.highest("x").is_none());
    }
}
