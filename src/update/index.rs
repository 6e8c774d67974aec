//! `latest.json`, the signed index a static server publishes: the newest version, where its full bundle is,
//! which deltas lead to it, and until when the index is fresh. It is signed by a publisher key (so a frozen
//! or replayed index is noticed once it expires), and every file it names is checked again against its own
//! signature: the index only says where to look and how many bytes to read at most.
//!
//! ```json
//! { "signed": { "format": 1, "bundle_id": "paso-mesoamerica", "version": 3,
//!               "published": "2026-01-02T10:00:00Z", "expires": "2026-02-01T10:00:00Z",
//!               "full": { "path": "paso-mesoamerica-v3.paso", "bytes": 1047869, "sha256": "…" },
//!               "deltas": [ { "from_version": 2, "from_sha256": "…",
//!                             "file": { "path": "paso-mesoamerica-v2-to-v3.patch", "bytes": 9000, "sha256": "…" } } ] },
//!   "key_id": "…", "signature": "…" }
//! ```
//! The signature covers `INDEX_SIGNING_CONTEXT` followed by the compact JSON of `signed` exactly as
//! [`SignedIndex`] serializes it (fields in declaration order), so whitespace does not matter.

use super::UpdateError;
use crate::bundle::keys::key_id;
use crate::bundle::root::RootList;
use crate::bundle::TrustedKeys;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier};
use serde::{Deserialize, Serialize};

/// Domain separation for index signatures.
pub const INDEX_SIGNING_CONTEXT: &[u8] = b"paso-latest-index-v1\n";
/// The index format this code reads and writes.
pub const INDEX_FORMAT: u32 = 1;
/// Largest index read from a server.
pub const MAX_INDEX_BYTES: u64 = 256 << 10;

/// The whole `latest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatestIndex {
    /// The signed part.
    pub signed: SignedIndex,
    /// Key id of the signer.
    pub key_id: String,
    /// Hex ed25519 signature.
    pub signature: String,
    /// Root lists (oldest first) vouching for the signer, each signed by a root key on its own; delivered
    /// beside `signed` so that a phone learns of a rotation or revocation before it downloads anything.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub root: Vec<RootList>,
}

/// What the publisher signs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedIndex {
    /// Index format ([`INDEX_FORMAT`]).
    pub format: u32,
    /// The data set.
    pub bundle_id: String,
    /// The newest version.
    pub version: u64,
    /// When it was published (RFC 3339, UTC).
    pub published: String,
    /// After this instant (RFC 3339) the index is stale and refused.
    pub expires: String,
    /// The newest full bundle.
    pub full: FileEntry,
    /// Patches from older versions to the newest.
    pub deltas: Vec<DeltaEntry>,
}

/// A file on the server, beside `latest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// File name relative to the index (letters, digits, `.`, `_`, `-`).
    pub path: String,
    /// Exact length.
    pub bytes: u64,
    /// Hex sha256.
    pub sha256: String,
}

/// A patch to the newest version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeltaEntry {
    /// The version it applies to.
    pub from_version: u64,
    /// sha256 of the exact bundle file it applies to.
    pub from_sha256: String,
    /// The patch file.
    pub file: FileEntry,
}

fn signing_message(signed: &SignedIndex) -> Vec<u8> {
    let mut message = INDEX_SIGNING_CONTEXT.to_vec();
    message.extend_from_slice(&serde_json::to_vec(signed).expect("the index serializes"));
    message
}

fn safe_name(path: &str) -> bool {
    !path.is_empty()
        && path.len() <= 200
        && !path.starts_with('.')
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

impl LatestIndex {
    /// Signs an index.
    pub fn sign(signed: SignedIndex, key: &SigningKey) -> Self {
        let signature = key.sign(&signing_message(&signed));
        Self {
            signed,
            key_id: key_id(&key.verifying_key()),
            signature: hex::encode(signature.to_bytes()),
            root: Vec::new(),
        }
    }

    /// Pretty JSON for the server.
    pub fn to_json(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("the index serializes");
        bytes.push(b'\n');
        bytes
    }

    /// The root lists an index carries, read before anything is trusted (each is checked on its own).
    pub fn peek_root_lists(bytes: &[u8]) -> Vec<RootList> {
        serde_json::from_slice::<LatestIndex>(bytes)
            .map(|index| index.root)
            .unwrap_or_default()
    }

    /// Parses and checks an index: JSON shape, signature by a trusted key, file names, and freshness at
    /// `now`.
    pub fn parse(
        bytes: &[u8],
        trusted: &TrustedKeys,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<SignedIndex, UpdateError> {
        if bytes.len() as u64 > MAX_INDEX_BYTES {
            return Err(UpdateError::TooLarge {
                offered: bytes.len() as u64,
                allowed: MAX_INDEX_BYTES,
            });
        }
        let index: LatestIndex = serde_json::from_slice(bytes)
            .map_err(|e| UpdateError::BadIndex(format!("not a Paso update list: {e}")))?;
        let signature: [u8; 64] = hex::decode(&index.signature)
            .ok()
            .and_then(|s| s.try_into().ok())
            .ok_or_else(|| {
                UpdateError::Tampered("the update list's signature is malformed".into())
            })?;
        let signature = Signature::from_bytes(&signature);
        let message = signing_message(&index.signed);
        let signer = trusted
            .keys()
            .iter()
            .find(|key| key.verifying_key.verify(&message, &signature).is_ok());
        let Some(signer) = signer else {
            return Err(
                match trusted.refusal(&message, &signature, Some(&index.key_id)) {
                    crate::bundle::BundleError::BadSignature => {
                        UpdateError::Tampered("the update list's signature does not match".into())
                    }
                    other => other.into(),
                },
            );
        };
        if signer.key_id != index.key_id {
            return Err(UpdateError::Tampered(
                "the update list names another key than the one that signed it".into(),
            ));
        }
        let signed = index.signed;
        if signed.format != INDEX_FORMAT {
            return Err(UpdateError::Unsupported(format!(
                "update list format {}",
                signed.format
            )));
        }
        let expires = chrono::DateTime::parse_from_rfc3339(&signed.expires)
            .map_err(|e| UpdateError::BadIndex(format!("expires: {e}")))?;
        if expires < now {
            return Err(UpdateError::Stale {
                expires: signed.expires,
            });
        }
        let files = std::iter::once(&signed.full).chain(signed.deltas.iter().map(|d| &d.file));
        for file in files {
            if !safe_name(&file.path) {
                return Err(UpdateError::BadIndex(format!(
                    "file name {:?} is not a plain name",
                    file.path
                )));
            }
            if file.sha256.len() != 64 || !file.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(UpdateError::BadIndex(format!(
                    "{}: sha256 is not 64 hex digits",
                    file.path
                )));
            }
            if file.bytes > crate::bundle::format::MAX_CONTENT_BYTES {
                return Err(UpdateError::TooLarge {
                    offered: file.bytes,
                    allowed: crate::bundle::format::MAX_CONTENT_BYTES,
                });
            }
        }
        Ok(signed)
    }
}

/// The URL of a file named in an index at `index_url`.
pub fn resolve(index_url: &str, path: &str) -> String {
    match index_url.rfind('/') {
        Some(slash) => format!("{}/{}", &index_url[..slash], path),
        None => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed() -> SignedIndex {
        SignedIndex {
            format: 1,
            bundle_id: "b".into(),
            version: 2,
            published: "2026-01-01T00:00:00Z".into(),
            expires: "2026-02-01T00:00:00Z".into(),
            full: FileEntry {
                path: "b-v2.paso".into(),
                bytes: 10,
                sha256: "0".repeat(64),
            },
            deltas: vec![],
        }
    }

    fn at(text: &str) -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::parse_from_rfc3339(text).unwrap().into()
    }

    #[test]
    fn a_signed_index_round_trips_and_expires() {
        let key = SigningKey::from_bytes(&[9; 32]);
        let trusted = TrustedKeys::from_keys(vec![key.verifying_key()]);
        let json = LatestIndex::sign(signed(), &key).to_json();
        let now = at("2026-01-15T00:00:00Z");
        assert_eq!(LatestIndex::parse(&json, &trusted, now).unwrap(), signed());
        let late = LatestIndex::parse(&json, &trusted, at("2026-03-01T00:00:00Z"));
        assert!(matches!(late, Err(UpdateError::Stale { .. })), "{late:?}");
        let edited = String::from_utf8(json.clone())
            .unwrap()
            .replace("\"version\": 2", "\"version\": 3");
        let tampered = LatestIndex::parse(edited.as_bytes(), &trusted, now);
        assert!(
            matches!(tampered, Err(UpdateError::Tampered(_))),
            "{tampered:?}"
        );
        let stranger =
            TrustedKeys::from_keys(vec![SigningKey::from_bytes(&[8; 32]).verifying_key()]);
        assert!(matches!(
            LatestIndex::parse(&json, &stranger, now),
            Err(UpdateError::Untrusted { .. })
        ));
        assert!(matches!(
            LatestIndex::parse(b"<html>404</html>", &trusted, now),
            Err(UpdateError::BadIndex(_))
        ));
    }

    #[test]
    fn file_names_stay_beside_the_index() {
        assert!(safe_name("paso-v2.paso"));
        for bad in ["../x", "/etc/passwd", "http://evil/x", ".hidden", "", "a/b"] {
            assert!(!safe_name(bad), "{bad}");
        }
        assert_eq!(
            resolve("http://127.0.0.1:8/d/latest.json", "x.paso"),
            "http://127.0.0.1:8/d/x.paso"
        );
    }
}
