//! The anti-rollback record `DATA_DIR/bundles/state.json`: for each data set, the highest version ever
//! installed here, kept with its signed manifest and signature so that a damaged or hand-edited record is
//! noticed (a record that does not verify is ignored). It outlives a fall back to the previous bundle, so
//! an older bundle replayed later is refused even offline.
//!
//! It also names the bundle files that may be `current.paso` (version and sha256): the one installed last,
//! and during a swap the one it replaces too, so a crash at any point leaves a `current.paso` that opens.
//! The app refuses a `current.paso` that is not named there (replaced behind the installer's back).

use super::layout::{replace_atomically, Layout};
use super::UpdateError;
use crate::bundle::format::{self, VerifiedHead};
use crate::bundle::TrustedKeys;
use serde::{Deserialize, Serialize};

const STATE_FORMAT: u32 = 1;
/// Largest state file read.
const MAX_STATE_BYTES: u64 = 4 << 20;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateFile {
    format: u32,
    bundles: Vec<StoredRecord>,
    /// The files that may be `current.paso`; absent in records written before it existed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    current: Vec<InstalledFile>,
}

/// A bundle file this installer put in place as `current.paso`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstalledFile {
    /// The data set.
    pub bundle_id: String,
    /// Its version.
    pub version: u64,
    /// sha256 of the file.
    pub file_sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredRecord {
    bundle_id: String,
    version: u64,
    file_sha256: String,
    /// The exact signed manifest.
    manifest: String,
    /// Hex ed25519 signature over it.
    signature: String,
}

/// The highest installed version of one data set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The data set.
    pub bundle_id: String,
    /// Its highest installed version.
    pub version: u64,
    /// sha256 of that bundle file.
    pub file_sha256: String,
}

/// The loaded record.
#[derive(Debug, Default)]
pub struct State {
    stored: Vec<StoredRecord>,
    verified: Vec<bool>,
    current: Vec<InstalledFile>,
    /// Why parts of the file were ignored (damaged, signed by a key no longer trusted).
    pub problems: Vec<String>,
}

impl StoredRecord {
    fn verify(&self, trusted: &TrustedKeys) -> Result<(), String> {
        let signature = hex::decode(&self.signature).map_err(|e| e.to_string())?;
        if signature.len() != 64 {
            return Err("the signature is not 64 bytes".into());
        }
        let mut head = format::MAGIC.to_vec();
        head.extend_from_slice(&format::CONTAINER_FORMAT.to_le_bytes());
        head.extend_from_slice(&(self.manifest.len() as u32).to_le_bytes());
        head.extend_from_slice(self.manifest.as_bytes());
        head.extend_from_slice(&signature);
        let verified = format::verify_head(&head, trusted).map_err(|e| e.to_string())?;
        if verified.manifest.version != self.version
            || verified.manifest.bundle_id != self.bundle_id
        {
            return Err("the record does not match its signed manifest".into());
        }
        Ok(())
    }
}

impl State {
    /// Reads `state.json`; a missing file is an empty record, a damaged one is ignored (and said so in
    /// [`State::problems`]) since the installed bundles still carry their own versions.
    pub fn load(layout: &Layout, trusted: &TrustedKeys) -> Result<Self, UpdateError> {
        let path = layout.state();
        let bytes = match super::files::read_at_most(&path, MAX_STATE_BYTES) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => return Err(UpdateError::io(&path, e)),
        };
        let file: StateFile = match serde_json::from_slice(&bytes) {
            Ok(file) => file,
            Err(e) => {
                return Ok(Self {
                    problems: vec![format!("state.json is damaged ({e}); ignored")],
                    ..Self::default()
                })
            }
        };
        if file.format != STATE_FORMAT {
            return Ok(Self {
                problems: vec![format!(
                    "state.json has format {}, not {STATE_FORMAT}; ignored",
                    file.format
                )],
                ..Self::default()
            });
        }
        let mut state = Self {
            current: file.current,
            ..Self::default()
        };
        for record in file.bundles {
            let ok = match record.verify(trusted) {
                Ok(()) => true,
                Err(why) => {
                    state.problems.push(format!(
                        "the record of {} v{} does not verify ({why}); ignored",
                        record.bundle_id, record.version
                    ));
                    false
                }
            };
            state.verified.push(ok);
            state.stored.push(record);
        }
        Ok(state)
    }

    /// The highest verified record of a data set.
    pub fn highest(&self, bundle_id: &str) -> Option<Record> {
        self.stored
            .iter()
            .zip(&self.verified)
            .filter(|(r, ok)| **ok && r.bundle_id == bundle_id)
            .map(|(r, _)| Record {
                bundle_id: r.bundle_id.clone(),
                version: r.version,
                file_sha256: r.file_sha256.clone(),
            })
            .max_by_key(|r| r.version)
    }

    /// The data set installed most recently (the last verified record).
    pub fn last_bundle_id(&self) -> Option<&str> {
        self.stored
            .iter()
            .zip(&self.verified)
            .rev()
            .find(|(_, ok)| **ok)
            .map(|(r, _)| r.bundle_id.as_str())
    }

    /// Records an installed bundle (its head as verified, and its file hash), replacing the record of its data
    /// set if the new version is higher; the data set moves to the end (most recent).
    pub fn record(&mut self, head: &VerifiedHead, file: &[u8], file_sha256: &str) {
        let manifest = &head.manifest;
        if self
            .highest(&manifest.bundle_id)
            .is_some_and(|r| r.version > manifest.version)
        {
            return;
        }
        let signature_start = head.payload_start - 64;
        let record = StoredRecord {
            bundle_id: manifest.bundle_id.clone(),
            version: manifest.version,
            file_sha256: file_sha256.to_string(),
            manifest: String::from_utf8_lossy(&head.manifest_bytes).into_owned(),
            signature: hex::encode(&file[signature_start..head.payload_start]),
        };
        let keep: Vec<usize> = (0..self.stored.len())
            .filter(|&i| self.stored[i].bundle_id != manifest.bundle_id)
            .collect();
        self.stored = keep.iter().map(|&i| self.stored[i].clone()).collect();
        self.verified = keep.iter().map(|&i| self.verified[i]).collect();
        self.stored.push(record);
        self.verified.push(true);
    }

    /// Names the files that may be `current.paso` from now on.
    pub fn set_current(&mut self, files: Vec<InstalledFile>) {
        self.current = files;
    }

    /// True when `file` may be `current.paso`: it is named by the last install, or (for a record written
    /// before those names existed) it is the highest version recorded for its data set.
    pub fn allows_current(&self, file: &InstalledFile) -> bool {
        if self.current.is_empty() {
            return self
                .highest(&file.bundle_id)
                .is_some_and(|r| r.version == file.version && r.file_sha256 == file.file_sha256);
        }
        self.current.contains(file)
    }

    /// What the record says `current.paso` should be, for error messages: the last file named.
    pub fn expected_current(&self, bundle_id: &str) -> Option<u64> {
        self.current
            .iter()
            .rev()
            .find(|f| f.bundle_id == bundle_id)
            .map(|f| f.version)
            .or_else(|| self.highest(bundle_id).map(|r| r.version))
    }

    /// Writes `state.json` atomically.
    pub fn save(&self, layout: &Layout) -> Result<(), UpdateError> {
        let file = StateFile {
            format: STATE_FORMAT,
            bundles: self.stored.clone(),
            current: self.current.clone(),
        };
        let bytes = serde_json::to_vec_pretty(&file).expect("the state serializes");
        replace_atomically(layout, &layout.state(), &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::format::write;
    use ed25519_dalek::SigningKey;

    fn bundle(version: u64, key: &SigningKey) -> Vec<u8> {
        let manifest = crate::bundle::format::test_manifest("b", version);
        write(manifest, b"db", key).unwrap()
    }

    #[test]
    fn the_record_keeps_the_highest_version_and_survives_a_reload() {
        let key = SigningKey::from_bytes(&[3; 32]);
        let trusted = TrustedKeys::from_keys(vec![key.verifying_key()]);
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path());
        layout.create().unwrap();
        let mut state = State::load(&layout, &trusted).unwrap();
        for version in [2, 5, 3] {
            let file = bundle(version, &key);
            let head = format::verify_head(&file, &trusted).unwrap();
            state.record(&head, &file, &format::sha256_hex(&file));
        }
        state.save(&layout).unwrap();
        let loaded = State::load(&layout, &trusted).unwrap();
        assert_eq!(loaded.highest("b").unwrap().version, 5);
        assert_eq!(loaded.last_bundle_id(), Some("b"));
        assert!(loaded.problems.is_empty());
        // Under another trusted key list the record cannot be checked, so it is ignored, not believed.
        let other = TrustedKeys::from_keys(vec![SigningKey::from_bytes(&[4; 32]).verifying_key()]);
        let unverified = State::load(&layout, &other).unwrap();
        assert_eq!(unverified.highest("b"), None);
        assert_eq!(unverified.problems.len(), 1);
    }
}
