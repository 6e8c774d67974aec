//! Publisher keys: generating, reading and writing ed25519 key files, and the list of trusted publishers.
//!
//! Key files are text: a `#` comment line, then 64 hex digits (the 32-byte secret seed or public key).
//! The built-in trusted lists are `data/keys/trusted_publishers.txt` and `data/keys/trusted_roots.txt`,
//! compiled into the app and empty in the repository; a deployment adds its keys (one `HEX  name` line per
//! key) and rebuilds, with no code change. The development key is trusted only when a caller adds it.

use super::root::{RootList, VersionPolicy, ROOT_FORMAT};
use super::BundleError;
use ed25519_dalek::{Signature, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The trusted publisher list compiled into every build (the repository ships none).
const BUILT_IN_TRUSTED: &str = include_str!("../../data/keys/trusted_publishers.txt");
/// The trusted root keys compiled into every build (the repository ships none).
const BUILT_IN_ROOTS: &str = include_str!("../../data/keys/trusted_roots.txt");

/// A trusted publisher's public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublisherKey {
    /// The key.
    pub verifying_key: VerifyingKey,
    /// First 16 hex digits of sha256(key).
    pub key_id: String,
    /// Who it belongs to.
    pub name: String,
}

/// The set of keys whose signatures the app accepts: publisher keys, root keys, and the root list in force
/// (which replaces the publisher keys: any other is revoked) with the version policy it sets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrustedKeys {
    keys: Vec<PublisherKey>,
    roots: Vec<PublisherKey>,
    revoked: Vec<PublisherKey>,
    root: Option<RootList>,
}

impl TrustedKeys {
    /// The keys compiled into this build: `data/keys/trusted_publishers.txt` and `trusted_roots.txt`.
    /// Both may be empty; then every update is refused with [`BundleError::NoTrustedPublisher`].
    pub fn built_in() -> Self {
        Self::built_in_from(BUILT_IN_TRUSTED, BUILT_IN_ROOTS)
            .expect("data/keys/trusted_publishers.txt and trusted_roots.txt parse (a test checks)")
    }

    /// Parses a publisher list and a root key list in the format of the built-in files.
    pub fn built_in_from(publishers: &str, roots: &str) -> Result<Self, BundleError> {
        let mut trusted = Self::parse(publishers)?;
        trusted.roots = Self::parse(roots)?.keys;
        Ok(trusted)
    }

    /// Parses `HEX  name` lines; `#` starts a comment.
    pub fn parse(text: &str) -> Result<Self, BundleError> {
        let mut keys = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let (hex_key, name) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let verifying_key = parse_public_hex(hex_key).map_err(|why| {
                BundleError::Key(format!("trusted key list, line {}: {why}", number + 1))
            })?;
            keys.push(PublisherKey {
                key_id: key_id(&verifying_key),
                verifying_key,
                name: name.trim().to_string(),
            });
        }
        Ok(Self {
            keys,
            ..Self::default()
        })
    }

    /// A list of unnamed keys (tests, `--trust`).
    pub fn from_keys(keys: Vec<VerifyingKey>) -> Self {
        let mut trusted = Self::default();
        for key in keys {
            trusted.add(key, "");
        }
        trusted
    }

    /// Adds a publisher key, unless it is already trusted.
    pub fn add(&mut self, verifying_key: VerifyingKey, name: &str) {
        add_to(&mut self.keys, verifying_key, name);
    }

    /// Adds a root key, unless it is already trusted.
    pub fn add_root(&mut self, verifying_key: VerifyingKey, name: &str) {
        add_to(&mut self.roots, verifying_key, name);
    }

    /// Every trusted publisher key.
    pub fn keys(&self) -> &[PublisherKey] {
        &self.keys
    }

    /// The root keys that must sign the next root list.
    pub fn roots(&self) -> &[PublisherKey] {
        &self.roots
    }

    /// Publisher keys that were trusted before the root list in force left them out.
    pub fn revoked(&self) -> &[PublisherKey] {
        &self.revoked
    }

    /// The root list in force, if any.
    pub fn root_list(&self) -> Option<&RootList> {
        self.root.as_ref()
    }

    /// How far a version may jump: the root list's limits, else [`VersionPolicy::default`].
    pub fn policy(&self) -> VersionPolicy {
        self.root.as_ref().map(RootList::policy).unwrap_or_default()
    }

    /// True when a key with this id is trusted.
    pub fn contains_id(&self, key_id: &str) -> bool {
        self.keys.iter().any(|k| k.key_id == key_id)
    }

    /// The same keys with the revoked ones trusted again: for checking this phone's own history (the
    /// anti-rollback record), which they signed while they were valid. Never for accepting new data.
    pub fn with_history(&self) -> Self {
        let mut all = self.clone();
        for key in &self.revoked {
            all.add(key.verifying_key, &key.name);
        }
        all
    }

    /// Why no trusted key verifies `signature` over `message` (a file naming `claimed_key_id`): a revoked
    /// key signed it, this build trusts no publisher at all, the key is unknown, or the bytes were altered.
    pub fn refusal(
        &self,
        message: &[u8],
        signature: &Signature,
        claimed_key_id: Option<&str>,
    ) -> BundleError {
        if let Some(key) = self
            .revoked
            .iter()
            .find(|k| k.verifying_key.verify(message, signature).is_ok())
        {
            return BundleError::RevokedPublisher {
                key_id: key.key_id.clone(),
            };
        }
        if self.keys.is_empty() {
            return BundleError::NoTrustedPublisher;
        }
        match claimed_key_id {
            Some(id) if !self.contains_id(id) => BundleError::UntrustedPublisher {
                key_id: id.to_string(),
            },
            _ => BundleError::BadSignature,
        }
    }

    /// Applies root lists in order on top of these keys and returns the keys then in force, with the lists
    /// that were newer than the one in force (to be stored). A list older than the one in force is skipped;
    /// one with the same version must be the same list. A build that trusts no root key ignores root lists.
    /// Expiry is not checked here (see [`TrustedKeys::check_fresh`]): an expired list still proves the
    /// next one.
    pub fn apply_root_lists(
        &self,
        lists: &[RootList],
    ) -> Result<(Self, Vec<RootList>), BundleError> {
        let mut trusted = self.clone();
        let mut applied = Vec::new();
        if self.roots.is_empty() {
            return Ok((trusted, applied));
        }
        for list in lists {
            let in_force = trusted.root.as_ref().map_or(0, |r| r.signed.version);
            let version = list.signed.version;
            if version < in_force {
                continue;
            }
            if version == in_force {
                if trusted
                    .root
                    .as_ref()
                    .is_some_and(|r| r.signed == list.signed)
                {
                    continue;
                }
                return Err(BundleError::RootRefused(format!(
                    "root list v{version} differs from the v{version} already in force"
                )));
            }
            if list.signed.format != ROOT_FORMAT {
                return Err(BundleError::RootRefused(format!(
                    "root list v{version} has format {}, not {ROOT_FORMAT}",
                    list.signed.format
                )));
            }
            list.expires()?;
            if !list.signed_by_any(&trusted.roots) {
                return Err(BundleError::RootRefused(format!(
                    "root list v{version} is not signed by a root key this app trusts"
                )));
            }
            let (publishers, next_roots) = list.keys()?;
            if next_roots.is_empty() || !list.signed_by_any(&next_roots) {
                return Err(BundleError::RootRefused(format!(
                    "root list v{version} is not signed by the root keys it names"
                )));
            }
            let mut revoked: Vec<PublisherKey> = Vec::new();
            for key in trusted.keys.iter().chain(&trusted.revoked) {
                if !publishers
                    .iter()
                    .any(|p| p.verifying_key == key.verifying_key)
                {
                    add_to(&mut revoked, key.verifying_key, &key.name);
                }
            }
            trusted = Self {
                keys: publishers,
                roots: next_roots,
                revoked,
                root: Some(list.clone()),
            };
            applied.push(list.clone());
        }
        Ok((trusted, applied))
    }

    /// Refuses to accept new data when the root list in force has expired at `now` (a frozen or replayed
    /// list); a newer list lifts it.
    pub fn check_fresh(&self, now: chrono::DateTime<chrono::Utc>) -> Result<(), BundleError> {
        if let Some(root) = &self.root {
            if root.expires()? < now {
                return Err(BundleError::RootExpired {
                    version: root.signed.version,
                    expires: root.signed.expires.clone(),
                });
            }
        }
        Ok(())
    }
}

fn add_to(keys: &mut Vec<PublisherKey>, verifying_key: VerifyingKey, name: &str) {
    if !keys.iter().any(|k| k.verifying_key == verifying_key) {
        keys.push(PublisherKey {
            key_id: key_id(&verifying_key),
            verifying_key,
            name: name.to_string(),
        });
    }
}

/// The development key trusted explicitly, for unit tests only (it is never compiled into a build).
#[cfg(test)]
pub(crate) fn dev_trusted() -> TrustedKeys {
    let public = include_str!("../../data/keys/dev-only-DO-NOT-SHIP.pub");
    let line = public
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .expect("a key line");
    let mut trusted = TrustedKeys::default();
    trusted.add(
        parse_public_hex(line).expect("the dev key parses"),
        "Paso development key (tests)",
    );
    trusted
}

/// First 16 hex digits of sha256(public key).
pub fn key_id(key: &VerifyingKey) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))[..16].to_string()
}

fn parse_hex32(text: &str) -> Result<[u8; 32], String> {
    let bytes = hex::decode(text.trim()).map_err(|e| format!("not hex: {e}"))?;
    bytes
        .try_into()
        .map_err(|b: Vec<u8>| format!("expected 32 bytes (64 hex digits), found {}", b.len()))
}

pub(crate) fn parse_public_hex(text: &str) -> Result<VerifyingKey, String> {
    VerifyingKey::from_bytes(&parse_hex32(text)?)
        .map_err(|e| format!("not an ed25519 public key: {e}"))
}

fn key_file_body(path: &Path) -> Result<String, BundleError> {
    let text = std::fs::read_to_string(path).map_err(|source| BundleError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .unwrap_or("")
        .to_string())
}

/// Reads a secret key file written by [`write_key_pair`].
pub fn read_signing_key(path: &Path) -> Result<SigningKey, BundleError> {
    let seed = parse_hex32(&key_file_body(path)?)
        .map_err(|why| BundleError::Key(format!("{}: {why}", path.display())))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// Reads a public key file written by [`write_key_pair`].
pub fn read_verifying_key(path: &Path) -> Result<VerifyingKey, BundleError> {
    parse_public_hex(&key_file_body(path)?)
        .map_err(|why| BundleError::Key(format!("{}: {why}", path.display())))
}

/// Makes a new key pair from the operating system's random source.
pub fn generate() -> Result<SigningKey, BundleError> {
    let mut seed = [0u8; 32];
    getrandom::getrandom(&mut seed).map_err(|e| BundleError::Key(format!("no randomness: {e}")))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// Writes `PREFIX.key` (secret, mode 0600 on Unix) and `PREFIX.pub`. Refuses to overwrite.
pub fn write_key_pair(prefix: &Path, key: &SigningKey) -> Result<(String, String), BundleError> {
    write_pair(
        prefix,
        key,
        "publisher SECRET key",
        "anyone with it can sign bundles",
        "publisher public key",
        "data/keys/trusted_publishers.txt",
    )
}

/// Like [`write_key_pair`], for a root key (it signs root lists only; keep it offline).
pub fn write_root_key_pair(
    prefix: &Path,
    key: &SigningKey,
) -> Result<(String, String), BundleError> {
    write_pair(
        prefix,
        key,
        "ROOT SECRET key",
        "anyone with it can name publisher keys",
        "root public key",
        "data/keys/trusted_roots.txt",
    )
}

fn write_pair(
    prefix: &Path,
    key: &SigningKey,
    secret_label: &str,
    secret_warning: &str,
    public_label: &str,
    list: &str,
) -> Result<(String, String), BundleError> {
    let secret_path = prefix.with_extension("key");
    let public_path = prefix.with_extension("pub");
    for path in [&secret_path, &public_path] {
        if path.exists() {
            return Err(BundleError::Key(format!(
                "{} already exists; choose another --out prefix",
                path.display()
            )));
        }
    }
    let id = key_id(&key.verifying_key());
    let secret = format!(
        "# Paso {secret_label} {id}. Keep it offline; {secret_warning}.\n{}\n",
        hex::encode(key.to_bytes())
    );
    let public = format!(
        "# Paso {public_label} {id}. Add this line to {list} to trust it.\n{}\n",
        hex::encode(key.verifying_key().as_bytes())
    );
    let io = |path: &Path, source| BundleError::Io {
        path: path.display().to_string(),
        source,
    };
    write_private(&secret_path, secret.as_bytes()).map_err(|e| io(&secret_path, e))?;
    std::fs::write(&public_path, public).map_err(|e| io(&public_path, e))?;
    Ok((
        secret_path.display().to_string(),
        public_path.display().to_string(),
    ))
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::Signer;

    #[test]
    fn key_pairs_round_trip_through_files() {
        let dir = tempfile::tempdir().unwrap();
        let key = generate().unwrap();
        let (secret, public) = write_key_pair(&dir.path().join("editor"), &key).unwrap();
        assert_eq!(
            read_signing_key(Path::new(&secret)).unwrap().to_bytes(),
            key.to_bytes()
        );
        assert_eq!(
            read_verifying_key(Path::new(&public)).unwrap(),
            key.verifying_key()
        );
        assert!(
            write_key_pair(&dir.path().join("editor"), &key).is_err(),
            "never overwrites"
        );
    }

    #[test]
    fn root_lists_chain_revoke_and_never_go_back() {
        use crate::bundle::root::{named, RootList, SignedRoot};
        let root = SigningKey::from_bytes(&[1; 32]);
        let (a, b) = (
            SigningKey::from_bytes(&[2; 32]),
            SigningKey::from_bytes(&[3; 32]),
        );
        let list = |version: u64, publisher: &SigningKey, expires: &str| {
            RootList::sign(
                SignedRoot {
                    format: ROOT_FORMAT,
                    version,
                    expires: expires.into(),
                    publishers: vec![named(&publisher.verifying_key(), "p")],
                    root_keys: vec![named(&root.verifying_key(), "root")],
                    max_version_jump: 5,
                    allow_versions_up_to: 0,
                },
                std::slice::from_ref(&root),
            )
        };
        let mut base = TrustedKeys::from_keys(vec![a.verifying_key()]);
        // Without a root key, root lists are ignored.
        let (same, applied) = base
            .apply_root_lists(&[list(1, &b, "2099-01-01T00:00:00Z")])
            .unwrap();
        assert_eq!((same, applied.len()), (base.clone(), 0));
        base.add_root(root.verifying_key(), "root");
        let (v2, applied) = base
            .apply_root_lists(&[
                list(1, &a, "2099-01-01T00:00:00Z"),
                list(2, &b, "2099-01-01T00:00:00Z"),
            ])
            .unwrap();
        assert_eq!(applied.len(), 2);
        assert_eq!(v2.keys().len(), 1);
        assert_eq!(v2.keys()[0].verifying_key, b.verifying_key());
        assert_eq!(
            v2.revoked()[0].verifying_key,
            a.verifying_key(),
            "A is revoked"
        );
        assert_eq!(v2.policy().max_version_jump, 5);
        assert!(v2.with_history().contains_id(&key_id(&a.verifying_key())));
        // An older list changes nothing; the same version with other content is refused.
        let (again, applied) = v2
            .apply_root_lists(&[list(1, &a, "2099-01-01T00:00:00Z")])
            .unwrap();
        assert_eq!((again, applied.len()), (v2.clone(), 0));
        assert!(matches!(
            v2.apply_root_lists(&[list(2, &a, "2099-01-01T00:00:00Z")]),
            Err(BundleError::RootRefused(_))
        ));
        let (expired, _) = base
            .apply_root_lists(&[list(1, &a, "2001-01-01T00:00:00Z")])
            .unwrap();
        assert!(matches!(
            expired.check_fresh(chrono::Utc::now()),
            Err(BundleError::RootExpired { version: 1, .. })
        ));
        assert!(matches!(
            TrustedKeys::default().refusal(b"m", &a.sign(b"m"), None),
            BundleError::NoTrustedPublisher
        ));
        assert!(matches!(
            v2.refusal(b"m", &a.sign(b"m"), None),
            BundleError::RevokedPublisher { .. }
        ));
    }

    #[test]
    fn the_built_in_lists_parse_and_a_bad_line_is_named() {
        let trusted = TrustedKeys::built_in();
        assert!(
            !trusted
                .keys()
                .iter()
                .any(|k| dev_trusted().keys().contains(k)),
            "the development key must never be built in"
        );
        let bad = TrustedKeys::parse("zz not hex");
        assert!(matches!(bad, Err(BundleError::Key(message)) if message.contains("line 1")));
    }
}
