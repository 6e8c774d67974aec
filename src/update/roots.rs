//! The root lists accepted on this phone, `DATA_DIR/bundles/root.json`: the chain of every root list applied
//! here, oldest first, replayed on top of the built-in root keys each time it is read (so a hand-edited or
//! damaged file proves nothing and is ignored). Applying a delivered list that is newer makes the chain
//! longer; a list is never replaced by an older one.

use super::layout::{replace_atomically, Layout};
use super::UpdateError;
use crate::bundle::root::RootList;
use crate::bundle::TrustedKeys;
use serde::{Deserialize, Serialize};

const ROOT_FILE_FORMAT: u32 = 1;
/// Largest root.json read.
const MAX_ROOT_FILE_BYTES: u64 = 1 << 20;

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RootFile {
    format: u32,
    chain: Vec<RootList>,
}

/// The stored chain, if it reads; a damaged file is ignored.
fn load(layout: &Layout) -> Vec<RootList> {
    let path = layout.root();
    let Ok(bytes) = super::files::read_at_most(&path, MAX_ROOT_FILE_BYTES) else {
        return Vec::new();
    };
    match serde_json::from_slice::<RootFile>(&bytes) {
        Ok(file) if file.format == ROOT_FILE_FORMAT => file.chain,
        _ => {
            log::warn!("{} is damaged; ignored", path.display());
            Vec::new()
        }
    }
}

/// `base` with the stored chain applied, and the chain (empty when it does not follow from `base`).
fn stored(layout: &Layout, base: &TrustedKeys) -> (TrustedKeys, Vec<RootList>) {
    let chain = load(layout);
    match base.apply_root_lists(&chain) {
        Ok((trusted, _)) => (trusted, chain),
        Err(error) => {
            log::warn!("the stored root lists do not verify ({error}); ignored");
            (base.clone(), Vec::new())
        }
    }
}

/// The keys in force in a data directory: `base` with the stored root lists applied. Only reads; expiry is
/// not checked (opening data already installed never depends on the clock).
pub(crate) fn in_force(layout: &Layout, base: &TrustedKeys) -> TrustedKeys {
    stored(layout, base).0
}

/// The keys for accepting new data: the stored root lists, then the `delivered` ones (from a bundle or a
/// `latest.json`), applied on top of `trusted`; newer delivered lists are stored. Refuses a delivered list
/// that does not verify or follow, an expired root list in force, and a build that trusts no publisher.
pub(crate) fn accept(
    layout: &Layout,
    trusted: &TrustedKeys,
    delivered: &[RootList],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<TrustedKeys, UpdateError> {
    let (in_force, chain) = stored(layout, trusted);
    let (accepted, applied) = in_force.apply_root_lists(delivered)?;
    accepted.check_fresh(now)?;
    if accepted.keys().is_empty() && accepted.revoked().is_empty() {
        return Err(UpdateError::NoTrustedPublisher);
    }
    if !applied.is_empty() {
        layout.create()?;
        let file = RootFile {
            format: ROOT_FILE_FORMAT,
            chain: chain.into_iter().chain(applied).collect(),
        };
        let bytes = serde_json::to_vec_pretty(&file).expect("root lists serialize");
        replace_atomically(layout, &layout.root(), &bytes)?;
    }
    Ok(accepted)
}
