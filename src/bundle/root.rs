//! Root lists (TUF's root role): an offline root key signs which publisher keys are valid, until when, and
//! how far a bundle version may jump. Bundles and `latest.json` carry the newest list; a phone applies it on
//! top of the root keys it trusts, so a compromised publisher key is revoked by the next list, and a root key
//! is rotated by a list signed by both the old and the new root key.
//!
//! ```json
//! { "signed": { "format": 1, "version": 2, "expires": "2027-12-31T00:00:00Z",
//!               "publishers": [ { "key": "<64 hex>", "name": "Example NGO data desk" } ],
//!               "root_keys":  [ { "key": "<64 hex>", "name": "Example NGO root 2026" } ],
//!               "max_version_jump": 1000, "allow_versions_up_to": 0 },
//!   "signatures": [ { "key_id": "…", "signature": "<128 hex>" } ] }
//! ```
//! Each signature covers [`ROOT_SIGNING_CONTEXT`] followed by the compact JSON of `signed` as
//! [`SignedRoot`] serializes it. A list is accepted when (1) its version is higher than the one in force,
//! (2) one of the root keys in force signed it, and (3) one of its own `root_keys` signed it (so a new root
//! key is really held). One signature of each suffices: there is no threshold above one.

use super::keys::{key_id, parse_public_hex, PublisherKey};
use super::BundleError;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

/// Domain separation: a root signature can never pass for a bundle, patch or index signature.
pub const ROOT_SIGNING_CONTEXT: &[u8] = b"paso-root-list-v1\n";
/// The root list format this code reads and writes.
pub const ROOT_FORMAT: u32 = 1;
/// Largest version jump over the highest known version when no root list says otherwise. A publisher that
/// releases daily reaches it after almost three years, so a phone offline for months still updates; a
/// stolen publisher key can push the version at most this far (never to 2^64−1).
pub const DEFAULT_MAX_VERSION_JUMP: u64 = 1000;

/// A signed root list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RootList {
    /// What the root keys sign.
    pub signed: SignedRoot,
    /// One or more root signatures.
    pub signatures: Vec<RootSignature>,
}

/// The signed part of a root list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedRoot {
    /// [`ROOT_FORMAT`].
    pub format: u32,
    /// Monotonic, from 1; a phone never goes back to a lower one.
    pub version: u64,
    /// After this instant (RFC 3339) no update is accepted until a newer list arrives.
    pub expires: String,
    /// The only publisher keys whose bundles, patches and indexes are accepted; any other is revoked.
    pub publishers: Vec<NamedKey>,
    /// The root keys that must sign the next list.
    pub root_keys: Vec<NamedKey>,
    /// Largest version jump over the highest version known on the phone.
    pub max_version_jump: u64,
    /// Versions up to this one pass whatever the jump (a root-signed allowance; 0: none).
    pub allow_versions_up_to: u64,
}

/// A public key with a name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedKey {
    /// 64 hex digits.
    pub key: String,
    /// Who holds it.
    pub name: String,
}

/// One root signature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RootSignature {
    /// Key id of the root key.
    pub key_id: String,
    /// Hex ed25519 signature.
    pub signature: String,
}

/// How far a bundle version may go above the highest version known on the phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionPolicy {
    /// Largest jump.
    pub max_version_jump: u64,
    /// Versions up to this pass whatever the jump.
    pub allow_versions_up_to: u64,
}

impl Default for VersionPolicy {
    fn default() -> Self {
        Self {
            max_version_jump: DEFAULT_MAX_VERSION_JUMP,
            allow_versions_up_to: 0,
        }
    }
}

impl VersionPolicy {
    /// True when `version` may follow `floor`, the highest version known.
    pub fn allows(&self, floor: u64, version: u64) -> bool {
        version <= floor.saturating_add(self.max_version_jump)
            || version <= self.allow_versions_up_to
    }
}

fn signing_message(signed: &SignedRoot) -> Vec<u8> {
    let mut message = ROOT_SIGNING_CONTEXT.to_vec();
    message.extend_from_slice(&serde_json::to_vec(signed).expect("a root list serializes"));
    message
}

impl RootList {
    /// Signs a root list with every key given.
    pub fn sign(signed: SignedRoot, keys: &[SigningKey]) -> Self {
        let message = signing_message(&signed);
        let signatures = keys
            .iter()
            .map(|key| RootSignature {
                key_id: key_id(&key.verifying_key()),
                signature: hex::encode(key.sign(&message).to_bytes()),
            })
            .collect();
        Self { signed, signatures }
    }

    /// Parses a root list file.
    pub fn from_json(bytes: &[u8]) -> Result<Self, BundleError> {
        serde_json::from_slice(bytes)
            .map_err(|e| BundleError::RootRefused(format!("not a Paso root list: {e}")))
    }

    /// Pretty JSON.
    pub fn to_json(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("a root list serializes");
        bytes.push(b'\n');
        bytes
    }

    /// True when one of the signatures verifies with one of `keys`.
    pub fn signed_by_any(&self, keys: &[PublisherKey]) -> bool {
        let message = signing_message(&self.signed);
        self.signatures.iter().any(|s| {
            let Some(signature) = hex::decode(&s.signature)
                .ok()
                .and_then(|b| <[u8; 64]>::try_from(b).ok())
            else {
                return false;
            };
            let signature = Signature::from_bytes(&signature);
            keys.iter()
                .any(|k| k.verifying_key.verify(&message, &signature).is_ok())
        })
    }

    /// The expiry instant.
    pub fn expires(&self) -> Result<chrono::DateTime<chrono::Utc>, BundleError> {
        chrono::DateTime::parse_from_rfc3339(&self.signed.expires)
            .map(|t| t.with_timezone(&chrono::Utc))
            .map_err(|e| {
                BundleError::RootRefused(format!(
                    "root list v{}: expires {:?} is not an RFC 3339 time: {e}",
                    self.signed.version, self.signed.expires
                ))
            })
    }

    /// The publisher keys and the next root keys, parsed.
    pub fn keys(&self) -> Result<(Vec<PublisherKey>, Vec<PublisherKey>), BundleError> {
        let parse = |field: &str, list: &[NamedKey]| {
            list.iter()
                .enumerate()
                .map(|(i, named)| {
                    let verifying_key: VerifyingKey =
                        parse_public_hex(&named.key).map_err(|why| {
                            BundleError::RootRefused(format!(
                                "root list v{}, {field}[{i}]: {why}",
                                self.signed.version
                            ))
                        })?;
                    Ok(PublisherKey {
                        key_id: key_id(&verifying_key),
                        verifying_key,
                        name: named.name.clone(),
                    })
                })
                .collect::<Result<Vec<_>, BundleError>>()
        };
        Ok((
            parse("publishers", &self.signed.publishers)?,
            parse("root_keys", &self.signed.root_keys)?,
        ))
    }

    /// The version policy it sets.
    pub fn policy(&self) -> VersionPolicy {
        VersionPolicy {
            max_version_jump: self.signed.max_version_jump,
            allow_versions_up_to: self.signed.allow_versions_up_to,
        }
    }
}

/// A [`NamedKey`] for a public key.
pub fn named(key: &VerifyingKey, name: &str) -> NamedKey {
    NamedKey {
        key: hex::encode(key.as_bytes()),
        name: name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_jump_limit_and_the_allowance() {
        let policy = VersionPolicy {
            max_version_jump: 10,
            allow_versions_up_to: 500,
        };
        assert!(policy.allows(5, 15));
        assert!(!policy.allows(5, 16 + 500));
        assert!(policy.allows(5, 500), "the root-signed allowance");
        assert!(!VersionPolicy::default().allows(1, u64::MAX));
        assert!(VersionPolicy::default().allows(u64::MAX - 1, u64::MAX));
    }

    #[test]
    fn a_signature_covers_every_signed_field() {
        let root = SigningKey::from_bytes(&[9; 32]);
        let list = RootList::sign(
            SignedRoot {
                format: ROOT_FORMAT,
                version: 1,
                expires: "2030-01-01T00:00:00Z".into(),
                publishers: vec![],
                root_keys: vec![named(&root.verifying_key(), "root")],
                max_version_jump: 10,
                allow_versions_up_to: 0,
            },
            std::slice::from_ref(&root),
        );
        let (_, roots) = list.keys().unwrap();
        assert!(list.signed_by_any(&roots));
        let mut edited = list.clone();
        edited.signed.max_version_jump = u64::MAX;
        assert!(!edited.signed_by_any(&roots));
        let back = RootList::from_json(&list.to_json()).unwrap();
        assert_eq!(back, list);
    }
}
