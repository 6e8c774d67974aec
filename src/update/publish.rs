//! Publishing for a plain static server: the newest full bundle, signed patches to it from the previous
//! versions given, and a signed `latest.json` pointing at them, written last so a server never names a file
//! it does not have yet. Files already in the folder are left alone (older phones may still be fetching).

use super::delta::make_patch;
use super::index::{DeltaEntry, FileEntry, LatestIndex, SignedIndex, INDEX_FORMAT};
use super::UpdateError;
use crate::bundle::format::{self, sha256_hex, VerifiedBundle};
use crate::bundle::root::RootList;
use crate::bundle::TrustedKeys;
use ed25519_dalek::SigningKey;
use std::path::{Path, PathBuf};

/// How to publish.
#[derive(Debug, Clone)]
pub struct PublishOptions {
    /// Patches from at most this many older versions (the newest ones) to the newest.
    pub max_deltas: usize,
    /// When the index goes stale.
    pub expires: chrono::DateTime<chrono::Utc>,
    /// Publication time written into the index.
    pub now: chrono::DateTime<chrono::Utc>,
    /// Root lists to deliver beside the index (oldest first; see `bundle::root`).
    pub root: Vec<RootList>,
    /// Keys that may have signed the older bundles, besides the publishing key.
    pub trusted: TrustedKeys,
}

/// One file written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// Its path.
    pub path: PathBuf,
    /// Its size.
    pub bytes: u64,
    /// For a patch, the version it starts from.
    pub from_version: Option<u64>,
}

/// What was written.
#[derive(Debug, Clone)]
pub struct PublishReport {
    /// The newest version.
    pub version: u64,
    /// The data set.
    pub bundle_id: String,
    /// The full bundle, patches, then `latest.json`.
    pub files: Vec<Published>,
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), UpdateError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let staging = dir.join(format!(
        ".{}.partial",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("file")
    ));
    super::layout::write_synced(&staging, bytes)?;
    super::layout::rename(&staging, path)
}

/// Lays out `out` for a static server from bundle files (any order; the newest is published in full).
pub fn publish(
    bundles: &[Vec<u8>],
    key: &SigningKey,
    out: &Path,
    options: &PublishOptions,
) -> Result<PublishReport, UpdateError> {
    let mut trusted = options.trusted.clone();
    trusted.add(key.verifying_key(), "");
    let mut verified: Vec<(VerifiedBundle, &Vec<u8>)> = Vec::new();
    for bytes in bundles {
        let v = format::verify(bytes, &trusted)?;
        v.decompress(bytes)?;
        verified.push((v, bytes));
    }
    verified.sort_by_key(|(v, _)| v.manifest.version);
    let Some((newest, newest_bytes)) = verified.last() else {
        return Err(UpdateError::BadIndex("no bundle to publish".into()));
    };
    let bundle_id = newest.manifest.bundle_id.clone();
    let version = newest.manifest.version;
    for (v, _) in &verified {
        if v.manifest.bundle_id != bundle_id {
            return Err(UpdateError::WrongBundle {
                expected: bundle_id,
                found: v.manifest.bundle_id.clone(),
            });
        }
    }
    if verified
        .windows(2)
        .any(|w| w[0].0.manifest.version == w[1].0.manifest.version)
    {
        return Err(UpdateError::VersionConflict { version });
    }
    if newest.signer.key().map(|k| k.verifying_key) != Some(key.verifying_key()) {
        return Err(UpdateError::Untrusted {
            key_id: newest.manifest.publisher.key_id.clone(),
        });
    }
    std::fs::create_dir_all(out).map_err(|e| UpdateError::io(out, e))?;
    let mut files = Vec::new();
    let full_name = format!("{bundle_id}-v{version}.paso");
    write_file(&out.join(&full_name), newest_bytes)?;
    files.push(Published {
        path: out.join(&full_name),
        bytes: newest_bytes.len() as u64,
        from_version: None,
    });
    let mut deltas = Vec::new();
    let older = &verified[..verified.len() - 1];
    for (old, old_bytes) in older.iter().rev().take(options.max_deltas) {
        let patch = make_patch(old_bytes, newest_bytes, key, &trusted)?;
        // A patch as large as the bundle saves nothing.
        if patch.len() >= newest_bytes.len() {
            continue;
        }
        let name = format!("{bundle_id}-v{}-to-v{version}.patch", old.manifest.version);
        write_file(&out.join(&name), &patch)?;
        files.push(Published {
            path: out.join(&name),
            bytes: patch.len() as u64,
            from_version: Some(old.manifest.version),
        });
        deltas.push(DeltaEntry {
            from_version: old.manifest.version,
            from_sha256: old.file_sha256.clone(),
            file: FileEntry {
                path: name,
                bytes: patch.len() as u64,
                sha256: sha256_hex(&patch),
            },
        });
    }
    let mut index = LatestIndex::sign(
        SignedIndex {
            format: INDEX_FORMAT,
            bundle_id: bundle_id.clone(),
            version,
            published: options
                .now
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            expires: options
                .expires
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            full: FileEntry {
                path: full_name,
                bytes: newest_bytes.len() as u64,
                sha256: newest.file_sha256.clone(),
            },
            deltas,
        },
        key,
    );
    index.root = options.root.clone();
    let index_path = out.join("latest.json");
    let json = index.to_json();
    write_file(&index_path, &json)?;
    files.push(Published {
        path: index_path,
        bytes: json.len() as u64,
        from_version: None,
    });
    Ok(PublishReport {
        version,
        bundle_id,
        files,
    })
}
