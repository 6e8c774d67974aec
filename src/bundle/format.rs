//! The `.paso` container: magic, manifest, ed25519 signature over the manifest, zstd-compressed SQLite.
//!
//! ```text
//! offset  size  field
//! 0       8     magic "PASOBNDL"
//! 8       4     container format, u32 little-endian (1)
//! 12      4     manifest length M, u32 little-endian (at most 1 MiB)
//! 16      M     manifest, UTF-8 JSON (see [`Manifest`])
//! 16+M    64    ed25519 signature over SIGNING_CONTEXT ‖ manifest bytes
//! 80+M    …     payload: zstd-compressed SQLite content; its length and sha256 are in the manifest
//! ```
//! Nothing in the payload is used before the signature and both hashes check out.

use super::keys::{key_id, PublisherKey, TrustedKeys};
use super::root::RootList;
use super::BundleError;
use ed25519_dalek::{Signature, Signer as _, Verifier};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Read;

/// The first 8 bytes of every bundle.
pub const MAGIC: &[u8; 8] = b"PASOBNDL";
/// The container format this code reads and writes.
pub const CONTAINER_FORMAT: u32 = 1;
/// Domain separation for signatures, so a bundle signature can never be replayed as another message.
pub const SIGNING_CONTEXT: &[u8] = b"paso-bundle-manifest-v1\n";
/// Largest manifest accepted.
pub const MAX_MANIFEST_BYTES: usize = 1 << 20;
/// Largest decompressed content any limit may allow (endless-data guard on top of the signed size; the
/// benchmark's 1M-place bundle holds 816 MB); the
/// limit a bundle is opened under is [`crate::store::Limits`], 64 MiB by default.
pub const MAX_CONTENT_BYTES: u64 = 1 << 30;
/// Largest zstd window a bundle payload may ask for (128 MiB, zstd's own default); the builder's level 19
/// uses at most 8 MiB.
pub const MAX_PAYLOAD_WINDOW_LOG: u32 = 27;
/// zstd level of the payload; a delta update recompresses with it to rebuild the exact signed bytes.
pub const PAYLOAD_ZSTD_LEVEL: i32 = 19;
const HEADER_BYTES: usize = 16;
const SIGNATURE_BYTES: usize = 64;

/// The signed description of a bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Which data set this is, e.g. `paso-mesoamerica`; updates only replace the same id.
    pub bundle_id: String,
    /// Monotonic version; phones refuse anything not newer than what they have.
    pub version: u64,
    /// The newest date found in the inputs (YYYY-MM-DD), never the build clock.
    pub created: String,
    /// The content database schema version.
    pub schema_version: u32,
    /// The oldest app version (semver `MAJOR.MINOR.PATCH`) that can read the content.
    pub min_app_version: String,
    /// Who signed it.
    pub publisher: Publisher,
    /// Size and hashes of the payload.
    pub content: ContentInfo,
    /// What the bundle covers.
    pub coverage: Coverage,
    /// Every data source, its licence and the attribution to show.
    pub attributions: Vec<Attribution>,
    /// Root lists (oldest first) that vouch for the publisher key: each is signed by a root key on its own,
    /// so it is checked against the phone's root keys, not against this manifest's signer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub root: Vec<RootList>,
}

/// The signer of a bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    /// Human name, e.g. "Paso editors (development key)".
    pub name: String,
    /// First 16 hex digits of sha256(public key).
    pub key_id: String,
}

/// Sizes and hashes that bind the payload to the signed manifest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentInfo {
    /// Compression of the payload; only `zstd`.
    pub compression: String,
    /// Payload length in bytes.
    pub bytes: u64,
    /// Hex sha256 of the payload.
    pub sha256: String,
    /// Decompressed SQLite length in bytes.
    pub db_bytes: u64,
    /// Hex sha256 of the decompressed SQLite file.
    pub db_sha256: String,
}

/// The area and counts a bundle covers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coverage {
    /// ISO2 codes of the countries with places or guides.
    pub countries: Vec<String>,
    /// West, south, east, north in degrees.
    pub bbox: [f64; 4],
    /// Number of places.
    pub places: u64,
    /// Number of places with a position.
    pub mapped_places: u64,
    /// Number of towns.
    pub towns: u64,
    /// Number of country guides (country × language).
    pub guides: u64,
}

/// One data source as credited in the app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attribution {
    /// Dataset id used by places' provenance.
    pub id: String,
    /// What it is.
    pub name: String,
    /// SPDX-style licence id.
    pub licence: String,
    /// The line to show.
    pub attribution: String,
    /// Where it comes from.
    pub origin: String,
    /// How many rows of it are in the bundle.
    pub rows: u64,
}

/// Why a bundle is trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signer {
    /// A trusted publisher key signed it.
    Publisher(Box<PublisherKey>),
    /// Its whole file matches the sha256 pinned when the app was built: the bundle compiled into the app.
    Pinned,
}

impl Signer {
    /// The trusted list's name for the key; empty for a pinned bundle or an unnamed key.
    pub fn name(&self) -> &str {
        match self {
            Signer::Publisher(key) => &key.name,
            Signer::Pinned => "",
        }
    }

    /// The publisher key, unless the bundle is pinned.
    pub fn key(&self) -> Option<&PublisherKey> {
        match self {
            Signer::Publisher(key) => Some(key.as_ref()),
            Signer::Pinned => None,
        }
    }
}

/// A parsed bundle whose signature (or pinned hash) and payload hash have been checked.
#[derive(Debug, Clone)]
pub struct VerifiedBundle {
    /// The signed manifest.
    pub manifest: Manifest,
    /// The exact manifest bytes that were signed.
    pub manifest_bytes: Vec<u8>,
    /// What vouches for it.
    pub signer: Signer,
    /// Hex sha256 of the whole bundle file.
    pub file_sha256: String,
    payload_range: std::ops::Range<usize>,
}

impl VerifiedBundle {
    /// The compressed payload inside `file` (the same bytes given to [`verify`]).
    pub fn payload<'a>(&self, file: &'a [u8]) -> &'a [u8] {
        &file[self.payload_range.clone()]
    }

    /// The checked head of this bundle (what the anti-rollback record keeps); `None` for a pinned bundle,
    /// whose head no key checked.
    pub fn head(&self) -> Option<VerifiedHead> {
        Some(VerifiedHead {
            manifest: self.manifest.clone(),
            manifest_bytes: self.manifest_bytes.clone(),
            signer: self.signer.key()?.clone(),
            payload_start: self.payload_range.start,
        })
    }

    /// A stream of the decompressed content, for reading it straight into its one destination (SQLite's
    /// memory) with no copy in between. Refuses a signed size above `max_db_bytes` before decompressing
    /// anything; the stream never yields more than the signed size, and [`ContentReader::finish`] checks
    /// size and hash.
    pub fn content_reader<'a>(
        &self,
        file: &'a [u8],
        max_db_bytes: u64,
    ) -> Result<ContentReader<'a>, BundleError> {
        let declared = self.manifest.content.db_bytes;
        let allowed = max_db_bytes.min(MAX_CONTENT_BYTES);
        if declared > allowed {
            return Err(BundleError::TooLarge {
                bytes: declared,
                allowed,
            });
        }
        let mut decoder = zstd::stream::Decoder::new(self.payload(file))
            .map_err(|e| BundleError::Decompress(e.to_string()))?;
        decoder
            .window_log_max(MAX_PAYLOAD_WINDOW_LOG)
            .map_err(|e| BundleError::Decompress(e.to_string()))?;
        Ok(ContentReader {
            decoder: decoder.take(declared + 1),
            declared,
            read: 0,
            hasher: Sha256::new(),
            expected_sha256: self.manifest.content.db_sha256.clone(),
        })
    }

    /// Decompresses the payload and checks its size and hash against the manifest, refusing a database
    /// larger than [`crate::store::limits::DEFAULT_MAX_DB_BYTES`].
    pub fn decompress(&self, file: &[u8]) -> Result<Vec<u8>, BundleError> {
        self.decompress_within(file, crate::store::limits::DEFAULT_MAX_DB_BYTES)
    }

    /// Like [`VerifiedBundle::decompress`], with another size limit.
    pub fn decompress_within(
        &self,
        file: &[u8],
        max_db_bytes: u64,
    ) -> Result<Vec<u8>, BundleError> {
        let mut reader = self.content_reader(file, max_db_bytes)?;
        let mut db = Vec::with_capacity(reader.declared as usize);
        reader
            .read_to_end(&mut db)
            .map_err(|e| BundleError::Decompress(e.to_string()))?;
        reader.finish()?;
        Ok(db)
    }
}

/// The decompressed content of a verified bundle as a stream (see [`VerifiedBundle::content_reader`]). It
/// hashes what it yields; nothing read from it may be used before [`ContentReader::finish`] succeeds.
pub struct ContentReader<'a> {
    decoder: std::io::Take<zstd::stream::Decoder<'static, std::io::BufReader<&'a [u8]>>>,
    declared: u64,
    read: u64,
    hasher: Sha256,
    expected_sha256: String,
}

impl Read for ContentReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.decoder.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.read += n as u64;
        Ok(n)
    }
}

impl ContentReader<'_> {
    /// The signed size of the content.
    pub fn declared(&self) -> u64 {
        self.declared
    }

    /// Checks that the stream held exactly the signed size and hash.
    pub fn finish(mut self) -> Result<(), BundleError> {
        let mut rest = vec![0u8; 64 << 10];
        while self.read <= self.declared {
            match self.read(&mut rest) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => return Err(BundleError::Decompress(e.to_string())),
            }
        }
        if self.read != self.declared {
            return Err(BundleError::ContentSizeMismatch {
                declared: self.declared,
                actual: self.read,
            });
        }
        if hex::encode(self.hasher.finalize()) != self.expected_sha256 {
            return Err(BundleError::ContentHashMismatch);
        }
        Ok(())
    }
}

/// Hex sha256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Parsed but unverified parts of a bundle file.
#[derive(Debug)]
pub struct RawBundle<'a> {
    /// The manifest bytes.
    pub manifest_bytes: &'a [u8],
    /// The signature bytes.
    pub signature: [u8; SIGNATURE_BYTES],
    /// Offset of the payload.
    pub payload_start: usize,
}

/// Splits a bundle file into its parts without trusting anything in it.
pub fn split(file: &[u8]) -> Result<RawBundle<'_>, BundleError> {
    let manifest_len = split_header(file)?;
    let signature_start = HEADER_BYTES + manifest_len;
    let payload_start = signature_start + SIGNATURE_BYTES;
    if file.len() < payload_start {
        return Err(BundleError::Truncated);
    }
    Ok(RawBundle {
        manifest_bytes: &file[HEADER_BYTES..signature_start],
        signature: file[signature_start..payload_start]
            .try_into()
            .expect("64 bytes"),
        payload_start,
    })
}

/// The parts of a bundle that come before its payload, checked: the signed manifest and who signed it.
#[derive(Debug, Clone)]
pub struct VerifiedHead {
    /// The signed manifest.
    pub manifest: Manifest,
    /// The exact manifest bytes that were signed.
    pub manifest_bytes: Vec<u8>,
    /// The key that signed it.
    pub signer: PublisherKey,
    /// Offset of the payload: the length of the head.
    pub payload_start: usize,
}

impl VerifiedHead {
    /// The whole file's length, as the signed manifest declares it.
    pub fn file_len(&self) -> u64 {
        self.payload_start as u64 + self.manifest.content.bytes
    }
}

/// The length of a bundle's head (header, manifest, signature) from its first 16 bytes, before trusting
/// anything. Used to read a bundle as a stream and stop at the size its signed manifest declares.
pub fn head_len(first_bytes: &[u8]) -> Result<usize, BundleError> {
    let header = split_header(first_bytes)?;
    Ok(HEADER_BYTES + header + SIGNATURE_BYTES)
}

fn split_header(file: &[u8]) -> Result<usize, BundleError> {
    if file.len() < HEADER_BYTES {
        return Err(
            if file.starts_with(&MAGIC[..file.len().min(8)]) && !file.is_empty() {
                BundleError::Truncated
            } else {
                BundleError::NotABundle
            },
        );
    }
    if &file[..8] != MAGIC {
        return Err(BundleError::NotABundle);
    }
    let format = u32::from_le_bytes(file[8..12].try_into().expect("4 bytes"));
    if format != CONTAINER_FORMAT {
        return Err(BundleError::UnsupportedFormat(format));
    }
    let manifest_len = u32::from_le_bytes(file[12..16].try_into().expect("4 bytes")) as usize;
    if manifest_len > MAX_MANIFEST_BYTES {
        return Err(BundleError::ManifestInvalid(format!(
            "manifest declares {manifest_len} bytes, more than the {MAX_MANIFEST_BYTES} allowed"
        )));
    }
    Ok(manifest_len)
}

/// Checks the head of a bundle (at least [`head_len`] bytes; the payload may follow or not): structure,
/// signature by a trusted key, manifest, app version. The payload is checked by [`verify`].
pub fn verify_head(file: &[u8], trusted: &TrustedKeys) -> Result<VerifiedHead, BundleError> {
    let raw = split(file)?;
    let signature = Signature::from_bytes(&raw.signature);
    let mut message = SIGNING_CONTEXT.to_vec();
    message.extend_from_slice(raw.manifest_bytes);
    // The signature is checked before the manifest is even parsed.
    let signer = trusted
        .keys()
        .iter()
        .find(|key| key.verifying_key.verify(&message, &signature).is_ok())
        .cloned();
    let manifest: Result<Manifest, BundleError> = serde_json::from_slice(raw.manifest_bytes)
        .map_err(|e| BundleError::ManifestInvalid(e.to_string()));
    let Some(signer) = signer else {
        // Distinguish "tampered" from "signed by someone we do not trust" (or revoked, or nobody trusted).
        let claimed = manifest.as_ref().ok().map(|m| m.publisher.key_id.as_str());
        return Err(trusted.refusal(&message, &signature, claimed));
    };
    let manifest = manifest?;
    if manifest.publisher.key_id != signer.key_id {
        return Err(BundleError::ManifestInvalid(
            "the manifest names a different key than the one that signed it".into(),
        ));
    }
    if manifest.content.compression != "zstd" {
        return Err(BundleError::ManifestInvalid(format!(
            "unknown compression {:?}",
            manifest.content.compression
        )));
    }
    check_app_version(&manifest.min_app_version)?;
    Ok(VerifiedHead {
        manifest,
        manifest_bytes: raw.manifest_bytes.to_vec(),
        signer,
        payload_start: raw.payload_start,
    })
}

/// Checks a bundle file: structure, signature by a trusted key, payload size and hash, app version.
/// The decompressed content is checked by [`VerifiedBundle::decompress`].
pub fn verify(file: &[u8], trusted: &TrustedKeys) -> Result<VerifiedBundle, BundleError> {
    let head = verify_head(file, trusted)?;
    check_payload(
        file,
        head.manifest,
        head.manifest_bytes,
        Signer::Publisher(Box::new(head.signer)),
        head.payload_start,
    )
}

/// Checks the bundle compiled into the app: its whole file must hash to `pinned_sha256` (recorded at build
/// time), then the structure, payload size and hash and app version are checked as for any bundle. No
/// publisher key is needed: the pin covers every byte, the signature included.
pub fn verify_pinned(file: &[u8], pinned_sha256: &str) -> Result<VerifiedBundle, BundleError> {
    if sha256_hex(file) != pinned_sha256 {
        return Err(BundleError::ContentHashMismatch);
    }
    let raw = split(file)?;
    let manifest: Manifest = serde_json::from_slice(raw.manifest_bytes)
        .map_err(|e| BundleError::ManifestInvalid(e.to_string()))?;
    check_app_version(&manifest.min_app_version)?;
    let manifest_bytes = raw.manifest_bytes.to_vec();
    check_payload(
        file,
        manifest,
        manifest_bytes,
        Signer::Pinned,
        raw.payload_start,
    )
}

/// The root lists a bundle's manifest carries, read before anything is trusted (each is checked on its own
/// against the root keys). Empty when the file is not a bundle or carries none.
pub fn peek_root_lists(file: &[u8]) -> Vec<RootList> {
    split(file)
        .ok()
        .and_then(|raw| serde_json::from_slice::<Manifest>(raw.manifest_bytes).ok())
        .map(|manifest| manifest.root)
        .unwrap_or_default()
}

/// `trusted` with the root lists the bundle carries applied: what to verify the bundle with when no stored
/// root list is at hand (the command line's `verify`, `info`, …).
pub fn trust_for(file: &[u8], trusted: &TrustedKeys) -> Result<TrustedKeys, BundleError> {
    Ok(trusted.apply_root_lists(&peek_root_lists(file))?.0)
}

/// Re-signs a bundle with root lists in its manifest (`paso-data build --root`); the payload is unchanged.
pub fn with_root_lists(
    file: &[u8],
    root: Vec<RootList>,
    key: &ed25519_dalek::SigningKey,
) -> Result<Vec<u8>, BundleError> {
    let raw = split(file)?;
    let mut manifest: Manifest = serde_json::from_slice(raw.manifest_bytes)
        .map_err(|e| BundleError::ManifestInvalid(e.to_string()))?;
    manifest.root = root;
    manifest.publisher.key_id = key_id(&key.verifying_key());
    let head = signed_head(&manifest, key)?;
    let mut out = head;
    out.extend_from_slice(&file[raw.payload_start..]);
    Ok(out)
}

fn signed_head(
    manifest: &Manifest,
    key: &ed25519_dalek::SigningKey,
) -> Result<Vec<u8>, BundleError> {
    let manifest_bytes = serde_json::to_vec_pretty(manifest)
        .map_err(|e| BundleError::ManifestInvalid(e.to_string()))?;
    let mut message = SIGNING_CONTEXT.to_vec();
    message.extend_from_slice(&manifest_bytes);
    let signature = key.sign(&message);
    let mut head = Vec::with_capacity(HEADER_BYTES + manifest_bytes.len() + SIGNATURE_BYTES);
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&CONTAINER_FORMAT.to_le_bytes());
    head.extend_from_slice(&(manifest_bytes.len() as u32).to_le_bytes());
    head.extend_from_slice(&manifest_bytes);
    head.extend_from_slice(&signature.to_bytes());
    Ok(head)
}

fn check_payload(
    file: &[u8],
    manifest: Manifest,
    manifest_bytes: Vec<u8>,
    signer: Signer,
    payload_start: usize,
) -> Result<VerifiedBundle, BundleError> {
    if manifest.content.compression != "zstd" {
        return Err(BundleError::ManifestInvalid(format!(
            "unknown compression {:?}",
            manifest.content.compression
        )));
    }
    let payload = &file[payload_start..];
    if payload.len() as u64 != manifest.content.bytes {
        return Err(BundleError::ContentSizeMismatch {
            declared: manifest.content.bytes,
            actual: payload.len() as u64,
        });
    }
    if sha256_hex(payload) != manifest.content.sha256 {
        return Err(BundleError::ContentHashMismatch);
    }
    Ok(VerifiedBundle {
        manifest_bytes,
        manifest,
        signer,
        file_sha256: sha256_hex(file),
        payload_range: payload_start..file.len(),
    })
}

/// Refuses content that needs a newer app than this one.
pub fn check_app_version(min_app_version: &str) -> Result<(), BundleError> {
    let needed = parse_semver(min_app_version).ok_or_else(|| {
        BundleError::ManifestInvalid(format!("min_app_version {min_app_version:?} is not x.y.z"))
    })?;
    let ours = parse_semver(crate::APP_VERSION).expect("the crate version is semver");
    if needed > ours {
        return Err(BundleError::AppTooOld {
            needed: min_app_version.to_string(),
            ours: crate::APP_VERSION.to_string(),
        });
    }
    Ok(())
}

fn parse_semver(text: &str) -> Option<(u64, u64, u64)> {
    let mut parts = text.trim().splitn(3, '.').map(|p| p.parse::<u64>().ok());
    Some((parts.next()??, parts.next()??, parts.next()??))
}

/// Writes a bundle: manifest (with content sizes and hashes filled in from `db`), signature, payload.
/// Deterministic: the same manifest, database and key give the same bytes.
pub fn write(
    mut manifest: Manifest,
    db: &[u8],
    key: &ed25519_dalek::SigningKey,
) -> Result<Vec<u8>, BundleError> {
    let payload = zstd::bulk::compress(db, PAYLOAD_ZSTD_LEVEL)
        .map_err(|e| BundleError::Decompress(e.to_string()))?;
    manifest.content = ContentInfo {
        compression: "zstd".into(),
        bytes: payload.len() as u64,
        sha256: sha256_hex(&payload),
        db_bytes: db.len() as u64,
        db_sha256: sha256_hex(db),
    };
    manifest.publisher.key_id = key_id(&key.verifying_key());
    let mut file = signed_head(&manifest, key)?;
    file.extend_from_slice(&payload);
    Ok(file)
}

/// An unsigned manifest with empty content and coverage, for tests.
#[cfg(test)]
pub(crate) fn test_manifest(bundle_id: &str, version: u64) -> Manifest {
    Manifest {
        bundle_id: bundle_id.into(),
        version,
        created: "2026-01-01".into(),
        schema_version: 1,
        min_app_version: "0.1.0".into(),
        publisher: Publisher {
            name: "tests".into(),
            key_id: String::new(),
        },
        content: ContentInfo::default(),
        coverage: Coverage::default(),
        attributions: vec![],
        root: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::keys::TrustedKeys;

    fn manifest() -> Manifest {
        let mut manifest = test_manifest("test", 3);
        manifest.coverage.countries = vec!["CR".into()];
        manifest
    }

    fn key(seed: u8) -> ed25519_dalek::SigningKey {
        ed25519_dalek::SigningKey::from_bytes(&[seed; 32])
    }

    #[test]
    fn a_written_bundle_verifies_and_round_trips_its_content() {
        let signer = key(1);
        let file = write(manifest(), b"hello sqlite", &signer).unwrap();
        let trusted = TrustedKeys::from_keys(vec![signer.verifying_key()]);
        let verified = verify(&file, &trusted).unwrap();
        assert_eq!(verified.manifest.version, 3);
        assert_eq!(verified.decompress(&file).unwrap(), b"hello sqlite");
        assert_eq!(
            write(manifest(), b"hello sqlite", &signer).unwrap(),
            file,
            "deterministic"
        );
    }

    #[test]
    fn every_single_byte_flip_is_refused() {
        let signer = key(2);
        let file = write(manifest(), &[7u8; 300], &signer).unwrap();
        let trusted = TrustedKeys::from_keys(vec![signer.verifying_key()]);
        for at in 0..file.len() {
            let mut bad = file.clone();
            bad[at] ^= 0x01;
            let outcome = verify(&bad, &trusted).and_then(|v| v.decompress(&bad).map(|_| ()));
            assert!(outcome.is_err(), "flipping byte {at} was accepted");
        }
    }

    #[test]
    fn unknown_keys_truncation_and_junk_are_refused_with_the_right_error() {
        let file = write(manifest(), b"x", &key(3)).unwrap();
        let trusted = TrustedKeys::from_keys(vec![key(4).verifying_key()]);
        assert!(matches!(
            verify(&file, &trusted),
            Err(BundleError::UntrustedPublisher { .. })
        ));
        let trusted = TrustedKeys::from_keys(vec![key(3).verifying_key()]);
        assert!(matches!(
            verify(&file[..file.len() - 1], &trusted),
            Err(BundleError::ContentSizeMismatch { .. })
        ));
        assert!(matches!(
            verify(&file[..20], &trusted),
            Err(BundleError::Truncated)
        ));
        assert!(matches!(
            verify(b"", &trusted),
            Err(BundleError::NotABundle)
        ));
        assert!(matches!(
            verify(b"PK\x03\x04 not a bundle at all", &trusted),
            Err(BundleError::NotABundle)
        ));
    }

    #[test]
    fn a_bundle_for_a_newer_app_is_refused() {
        let mut newer = manifest();
        newer.min_app_version = "99.0.0".into();
        let file = write(newer, b"x", &key(5)).unwrap();
        let trusted = TrustedKeys::from_keys(vec![key(5).verifying_key()]);
        assert!(matches!(
            verify(&file, &trusted),
            Err(BundleError::AppTooOld { .. })
        ));
    }
}
