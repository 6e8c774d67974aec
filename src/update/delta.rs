//! Delta updates: a signed patch that turns one exact bundle into the next. Its payload is one zstd frame
//! that rebuilds the target's head (container header, signed manifest, signature) followed by the target's
//! SQLite file, compressed with the base's head and SQLite file as its reference ("patch-from"), so only the
//! changed bytes travel. Applying it checks the rebuilt head's signature, the database against the signed
//! database hash, recompresses the database exactly as the builder does and checks that the whole file
//! hashes to the target bundle's sha256: the phone ends with the very bytes the publisher signed.
//!
//! ```text
//! offset  size  field
//! 0       8     magic "PASOPTCH"
//! 8       4     patch format, u32 little-endian (1)
//! 12      4     header length H, u32 little-endian (at most 1 MiB)
//! 16      H     header, UTF-8 JSON (see [`PatchHeader`])
//! 16+H    64    ed25519 signature over PATCH_SIGNING_CONTEXT ‖ header bytes
//! 80+H    …     payload: one zstd frame: target head ‖ target database, against base head ‖ base database
//! ```

use super::UpdateError;
use crate::bundle::format::{self, sha256_hex, PAYLOAD_ZSTD_LEVEL};
use crate::bundle::keys::key_id;
use crate::bundle::TrustedKeys;
use crate::store::Limits;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};

/// The first 8 bytes of every patch.
pub const PATCH_MAGIC: &[u8; 8] = b"PASOPTCH";
/// The patch format this code reads and writes.
pub const PATCH_FORMAT: u32 = 1;
/// Domain separation: a patch signature can never pass for a bundle signature, nor the reverse.
pub const PATCH_SIGNING_CONTEXT: &[u8] = b"paso-patch-header-v1\n";
/// The only patch method.
pub const METHOD: &str = "zstd-patch-from-db-v1";
const HEADER_BYTES: usize = 16;
const SIGNATURE_BYTES: usize = 64;
const MAX_HEADER_BYTES: usize = 1 << 20;
/// Largest zstd window a patch may ask for: 256 MiB covers a base and a target at the 64 MiB default
/// database limit, with their heads. Decoding needs no window buffer (one pass into the output), so the
/// window only bounds how far back the patch may reach.
const MAX_WINDOW_LOG: u32 = 28;

/// The signed description of a patch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatchHeader {
    /// The data set.
    pub bundle_id: String,
    /// How the payload rebuilds the target ([`METHOD`]).
    pub method: String,
    /// The only bundle this patch applies to.
    pub from: PatchBase,
    /// The bundle it produces.
    pub to: PatchTarget,
    /// Size and hash of the payload.
    pub payload: PatchPayload,
    /// Key id of the signer.
    pub key_id: String,
}

/// The exact base bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatchBase {
    /// Its version.
    pub version: u64,
    /// sha256 of the whole base bundle file.
    pub sha256: String,
}

/// The exact target bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatchTarget {
    /// Its version.
    pub version: u64,
    /// sha256 of the whole target bundle file.
    pub sha256: String,
    /// Length of the target bundle file.
    pub bytes: u64,
    /// Length of the target file's head (container header, signed manifest, signature).
    pub head_bytes: u64,
    /// Length of the target's SQLite file.
    pub db_bytes: u64,
}

/// The payload's size, hash and zstd window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatchPayload {
    /// Length in bytes.
    pub bytes: u64,
    /// Hex sha256.
    pub sha256: String,
    /// zstd window log the decoder must allow.
    pub window_log: u32,
}

/// A patch whose signature and payload hash have been checked.
#[derive(Debug, Clone)]
pub struct VerifiedPatch {
    /// The signed header.
    pub header: PatchHeader,
    payload_start: usize,
}

/// The signed part of a patch (no payload yet), for stopping a download at its declared size.
#[derive(Debug, Clone)]
pub struct VerifiedPatchHead {
    /// The signed header.
    pub header: PatchHeader,
    /// Offset of the payload.
    pub payload_start: usize,
}

impl VerifiedPatchHead {
    /// The whole patch file's length, as its signed header declares it.
    pub fn file_len(&self) -> u64 {
        self.payload_start as u64 + self.header.payload.bytes
    }
}

/// True when the bytes start like a patch.
pub fn is_patch(bytes: &[u8]) -> bool {
    bytes.starts_with(PATCH_MAGIC)
}

/// The length of a patch's head (header, signed header, signature) from its first 16 bytes.
pub fn head_len(first_bytes: &[u8]) -> Result<usize, UpdateError> {
    Ok(HEADER_BYTES + header_len(first_bytes)? + SIGNATURE_BYTES)
}

fn header_len(file: &[u8]) -> Result<usize, UpdateError> {
    if file.is_empty() {
        return Err(UpdateError::Empty);
    }
    if file.len() < HEADER_BYTES {
        return Err(if PATCH_MAGIC.starts_with(file) {
            UpdateError::Incomplete
        } else {
            UpdateError::NotPasoData
        });
    }
    if &file[..8] != PATCH_MAGIC {
        return Err(UpdateError::NotPasoData);
    }
    let format = u32::from_le_bytes(file[8..12].try_into().expect("4 bytes"));
    if format != PATCH_FORMAT {
        return Err(UpdateError::Unsupported(format!("patch format {format}")));
    }
    let len = u32::from_le_bytes(file[12..16].try_into().expect("4 bytes")) as usize;
    if len > MAX_HEADER_BYTES {
        return Err(UpdateError::TooLarge {
            offered: len as u64,
            allowed: MAX_HEADER_BYTES as u64,
        });
    }
    Ok(len)
}

/// Checks a patch's head (the payload may follow or not): signature by a trusted key, header, and the
/// target's signed head inside it.
pub fn verify_head(file: &[u8], trusted: &TrustedKeys) -> Result<VerifiedPatchHead, UpdateError> {
    let len = header_len(file)?;
    let signature_start = HEADER_BYTES + len;
    let payload_start = signature_start + SIGNATURE_BYTES;
    if file.len() < payload_start {
        return Err(UpdateError::Incomplete);
    }
    let header_bytes = &file[HEADER_BYTES..signature_start];
    let signature = Signature::from_bytes(
        file[signature_start..payload_start]
            .try_into()
            .expect("64 bytes"),
    );
    let mut message = PATCH_SIGNING_CONTEXT.to_vec();
    message.extend_from_slice(header_bytes);
    let signer = trusted
        .keys()
        .iter()
        .find(|key| key.verifying_key.verify(&message, &signature).is_ok());
    let header: Result<PatchHeader, _> = serde_json::from_slice(header_bytes);
    let Some(signer) = signer else {
        let claimed = header.as_ref().ok().map(|h| h.key_id.as_str());
        return Err(match trusted.refusal(&message, &signature, claimed) {
            crate::bundle::BundleError::BadSignature => {
                UpdateError::Tampered("the patch signature does not match".into())
            }
            other => other.into(),
        });
    };
    let header = header.map_err(|e| UpdateError::Unsupported(format!("patch header: {e}")))?;
    if header.key_id != signer.key_id {
        return Err(UpdateError::Tampered(
            "the patch names another key than the one that signed it".into(),
        ));
    }
    if header.method != METHOD {
        return Err(UpdateError::Unsupported(format!(
            "patch method {:?}",
            header.method
        )));
    }
    if header.payload.window_log > MAX_WINDOW_LOG {
        return Err(UpdateError::TooLarge {
            offered: 1 << header.payload.window_log.min(63),
            allowed: 1 << MAX_WINDOW_LOG,
        });
    }
    let largest = header
        .to
        .bytes
        .max(header.to.db_bytes)
        .max(header.payload.bytes)
        .max(header.to.head_bytes);
    // Refused from the signed header alone, before any byte is decompressed.
    let allowed = Limits::default().max_file_bytes();
    if largest > allowed {
        return Err(UpdateError::TooLarge {
            offered: largest,
            allowed,
        });
    }
    Ok(VerifiedPatchHead {
        header,
        payload_start,
    })
}

/// Checks a whole patch file: its head and its payload's size and hash.
pub fn read_patch(file: &[u8], trusted: &TrustedKeys) -> Result<VerifiedPatch, UpdateError> {
    let head = verify_head(file, trusted)?;
    let payload = &file[head.payload_start..];
    if (payload.len() as u64) < head.header.payload.bytes {
        return Err(UpdateError::Incomplete);
    }
    if payload.len() as u64 != head.header.payload.bytes {
        return Err(UpdateError::Tampered(format!(
            "the patch payload is {} bytes but its signed header says {}",
            payload.len(),
            head.header.payload.bytes
        )));
    }
    if sha256_hex(payload) != head.header.payload.sha256 {
        return Err(UpdateError::Tampered(
            "the patch payload does not match its signed hash".into(),
        ));
    }
    Ok(VerifiedPatch {
        header: head.header,
        payload_start: head.payload_start,
    })
}

/// Rebuilds the target bundle from the exact base bundle file. `base` must be the installed bundle; it is
/// checked against the patch's base hash first. Memory: the reference (base head and database), the
/// rebuilt target (its head and database, decoded in one pass straight into a buffer of exactly the signed
/// size, so a patch can never make more) and its recompressed payload; no window buffer.
pub fn apply(
    patch: &VerifiedPatch,
    patch_file: &[u8],
    base: &[u8],
    trusted: &TrustedKeys,
) -> Result<Vec<u8>, UpdateError> {
    if sha256_hex(base) != patch.header.from.sha256 {
        return Err(UpdateError::WrongBase);
    }
    let limits = Limits::default();
    let to = &patch.header.to;
    if to.db_bytes > limits.max_db_bytes {
        return Err(UpdateError::TooLarge {
            offered: to.db_bytes,
            allowed: limits.max_db_bytes,
        });
    }
    let reference = reference(base, trusted, &limits)
        .map_err(|e| UpdateError::DeltaFailed(format!("the base bundle does not open: {e}")))?;
    let payload = &patch_file[patch.payload_start..];
    let failed = |e: std::io::Error| UpdateError::DeltaFailed(e.to_string());
    let expected = (to.head_bytes + to.db_bytes) as usize;
    let mut rebuilt = Vec::with_capacity(expected);
    {
        use zstd::zstd_safe::{DCtx, DParameter};
        let code = |e: usize| failed(std::io::Error::other(zstd::zstd_safe::get_error_name(e)));
        let mut dctx = DCtx::create();
        dctx.set_parameter(DParameter::WindowLogMax(
            patch.header.payload.window_log.max(10),
        ))
        .map_err(code)?;
        dctx.ref_prefix(&reference).map_err(code)?;
        // One pass into `rebuilt`: a frame that would make more than its capacity fails here.
        dctx.decompress(&mut rebuilt, payload).map_err(code)?;
    }
    drop(reference);
    if rebuilt.len() != expected {
        return Err(UpdateError::DeltaFailed(format!(
            "the patch rebuilt {} bytes, not the {expected} it declares",
            rebuilt.len()
        )));
    }
    let db = rebuilt.split_off(to.head_bytes as usize);
    let mut file = rebuilt;
    let head = format::verify_head(&file, trusted)
        .map_err(|e| UpdateError::DeltaFailed(format!("the rebuilt head does not verify: {e}")))?;
    let manifest = &head.manifest;
    if head.payload_start != file.len()
        || manifest.version != to.version
        || manifest.bundle_id != patch.header.bundle_id
        || manifest.content.db_bytes != to.db_bytes
        || sha256_hex(&db) != manifest.content.db_sha256
    {
        return Err(UpdateError::DeltaFailed(
            "the rebuilt data does not match the target's signed manifest".into(),
        ));
    }
    let compressed = zstd::bulk::compress(&db, PAYLOAD_ZSTD_LEVEL).map_err(failed)?;
    drop(db);
    file.extend_from_slice(&compressed);
    if sha256_hex(&file) != to.sha256 {
        return Err(UpdateError::DeltaFailed(
            "the rebuilt bundle does not hash to the promised target".into(),
        ));
    }
    Ok(file)
}

/// The bytes a patch is relative to: the bundle's head followed by its decompressed database, read in one
/// pass into a buffer of exactly that size.
fn reference(
    bundle: &[u8],
    trusted: &TrustedKeys,
    limits: &Limits,
) -> Result<Vec<u8>, UpdateError> {
    let verified = format::verify(bundle, trusted)?;
    let head_len = bundle.len() - verified.payload(bundle).len();
    let mut content = verified.content_reader(bundle, limits.max_db_bytes)?;
    let mut reference = Vec::with_capacity(head_len + content.declared() as usize);
    reference.extend_from_slice(&bundle[..head_len]);
    content
        .read_to_end(&mut reference)
        .map_err(|e| UpdateError::from(crate::bundle::BundleError::Decompress(e.to_string())))?;
    content.finish()?;
    Ok(reference)
}

/// Signs a header and payload into a patch file.
pub fn write_patch(header: &PatchHeader, payload: &[u8], key: &SigningKey) -> Vec<u8> {
    let header_bytes = serde_json::to_vec_pretty(header).expect("the header serializes");
    let mut message = PATCH_SIGNING_CONTEXT.to_vec();
    message.extend_from_slice(&header_bytes);
    let signature = key.sign(&message);
    let mut file = PATCH_MAGIC.to_vec();
    file.extend_from_slice(&PATCH_FORMAT.to_le_bytes());
    file.extend_from_slice(&(header_bytes.len() as u32).to_le_bytes());
    file.extend_from_slice(&header_bytes);
    file.extend_from_slice(&signature.to_bytes());
    file.extend_from_slice(payload);
    file
}

/// Makes a signed patch from `old` to `new` (both bundle files, verified with `trusted`), and checks that
/// applying it gives `new` exactly.
pub fn make_patch(
    old: &[u8],
    new: &[u8],
    key: &SigningKey,
    trusted: &TrustedKeys,
) -> Result<Vec<u8>, UpdateError> {
    let old_verified = format::verify(old, trusted)?;
    let new_verified = format::verify(new, trusted)?;
    let (from, to) = (&old_verified.manifest, &new_verified.manifest);
    if from.bundle_id != to.bundle_id {
        return Err(UpdateError::WrongBundle {
            expected: from.bundle_id.clone(),
            found: to.bundle_id.clone(),
        });
    }
    if to.version <= from.version {
        return Err(UpdateError::Older {
            offered: to.version,
            installed: from.version,
        });
    }
    // The publisher's machine: the synthetic benchmark bundles are larger than a phone's default limit.
    let publisher = Limits::default().with_max_db_bytes(format::MAX_CONTENT_BYTES);
    let old_reference = reference(old, trusted, &publisher)?;
    let new_reference = reference(new, trusted, &publisher)?;
    let head_bytes = new.len() - new_verified.payload(new).len();
    let span = (old_reference.len() + new_reference.len()).max(1 << 10) as u64;
    let window_log = (64 - (span - 1).leading_zeros()).clamp(10, MAX_WINDOW_LOG);
    let failed = |e: std::io::Error| UpdateError::DeltaFailed(e.to_string());
    let mut encoder = zstd::stream::write::Encoder::with_ref_prefix(
        Vec::new(),
        PAYLOAD_ZSTD_LEVEL,
        &old_reference,
    )
    .map_err(failed)?;
    encoder.window_log(window_log).map_err(failed)?;
    encoder.long_distance_matching(true).map_err(failed)?;
    encoder.write_all(&new_reference).map_err(failed)?;
    let payload = encoder.finish().map_err(failed)?;
    let header = PatchHeader {
        bundle_id: to.bundle_id.clone(),
        method: METHOD.into(),
        from: PatchBase {
            version: from.version,
            sha256: old_verified.file_sha256.clone(),
        },
        to: PatchTarget {
            version: to.version,
            sha256: new_verified.file_sha256.clone(),
            bytes: new.len() as u64,
            head_bytes: head_bytes as u64,
            db_bytes: to.content.db_bytes,
        },
        payload: PatchPayload {
            bytes: payload.len() as u64,
            sha256: sha256_hex(&payload),
            window_log,
        },
        key_id: key_id(&key.verifying_key()),
    };
    let patch = write_patch(&header, &payload, key);
    let mut check_keys = trusted.clone();
    check_keys.add(key.verifying_key(), "");
    let rebuilt = apply(&read_patch(&patch, &check_keys)?, &patch, old, &check_keys)?;
    if rebuilt != new {
        return Err(UpdateError::DeltaFailed(
            "the patch does not rebuild the new bundle".into(),
        ));
    }
    Ok(patch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::format::Manifest;

    fn manifest(version: u64) -> Manifest {
        crate::bundle::format::test_manifest("test", version)
    }

    /// Incompressible test bytes, so only the patch-from reference can make the patch small.
    fn noise(len: usize, seed: u64) -> Vec<u8> {
        let mut state = seed;
        (0..len)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (state >> 56) as u8
            })
            .collect()
    }

    #[test]
    fn a_patch_rebuilds_the_exact_target_and_only_from_its_base() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let trusted = TrustedKeys::from_keys(vec![key.verifying_key()]);
        let old_db = noise(200_000, 1);
        let mut new_db = old_db.clone();
        for at in (0..new_db.len()).step_by(20_000) {
            new_db[at] ^= 0xff;
        }
        let old = format::write(manifest(1), &old_db, &key).unwrap();
        let new = format::write(manifest(2), &new_db, &key).unwrap();
        let patch = make_patch(&old, &new, &key, &trusted).unwrap();
        assert!(patch.len() < new.len() / 20, "{} bytes", patch.len());
        let verified = read_patch(&patch, &trusted).unwrap();
        assert_eq!(verified.header.from.version, 1);
        assert_eq!(apply(&verified, &patch, &old, &trusted).unwrap(), new);
        assert!(matches!(
            apply(&verified, &patch, &new, &trusted),
            Err(UpdateError::WrongBase)
        ));
        assert!(matches!(
            make_patch(&new, &old, &key, &trusted),
            Err(UpdateError::Older { .. })
        ));
        let stranger =
            TrustedKeys::from_keys(vec![SigningKey::from_bytes(&[8; 32]).verifying_key()]);
        assert!(matches!(
            read_patch(&patch, &stranger),
            Err(UpdateError::Untrusted { .. })
        ));
        assert_eq!(
            head_len(&patch[..16]).unwrap() as u64 + verified.header.payload.bytes,
            patch.len() as u64
        );
    }
}
