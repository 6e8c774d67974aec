//! Publisher keys: generating, reading and writing ed25519 key files, and the list of trusted publishers.
//!
//! Key files are text: a `#` comment line, then 64 hex digits (the 32-byte secret seed or public key).
//! The built-in trusted list is `data/keys/trusted_publishers.txt`, compiled into the app; a deployment
//! replaces that file (one `HEX  name` line per key) and rebuilds, with no code change.

use super::BundleError;
use ed25519_dalek::{SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The trusted publisher list compiled into every build.
const BUILT_IN_TRUSTED: &str = include_str!("../../data/keys/trusted_publishers.txt");

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

/// The set of keys whose signatures the app accepts.
#[derive(Debug, Clone, Default)]
pub struct TrustedKeys {
    keys: Vec<PublisherKey>,
}

impl TrustedKeys {
    /// The keys compiled into this build.
    pub fn built_in() -> Self {
        Self::parse(BUILT_IN_TRUSTED).expect("data/keys/trusted_publishers.txt is valid")
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
        Ok(Self { keys })
    }

    /// A list of unnamed keys (tests, `--trust`).
    pub fn from_keys(keys: Vec<VerifyingKey>) -> Self {
        let mut trusted = Self::default();
        for key in keys {
            trusted.add(key, "");
        }
        trusted
    }

    /// Adds a key, unless it is already trusted.
    pub fn add(&mut self, verifying_key: VerifyingKey, name: &str) {
        if !self.keys.iter().any(|k| k.verifying_key == verifying_key) {
            self.keys.push(PublisherKey {
                key_id: key_id(&verifying_key),
                verifying_key,
                name: name.to_string(),
            });
        }
    }

    /// Every trusted key.
    pub fn keys(&self) -> &[PublisherKey] {
        &self.keys
    }

    /// True when a key with this id is trusted.
    pub fn contains_id(&self, key_id: &str) -> bool {
        self.keys.iter().any(|k| k.key_id == key_id)
    }
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

fn parse_public_hex(text: &str) -> Result<VerifyingKey, String> {
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
        "# Paso publisher SECRET key {id}. Keep it offline; anyone with it can sign bundles.\n{}\n",
        hex::encode(key.to_bytes())
    );
    let public = format!(
        "# Paso publisher public key {id}. Add this line to data/keys/trusted_publishers.txt to trust it.\n{}\n",
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
    fn the_built_in_list_trusts_the_development_key() {
        let trusted = TrustedKeys::built_in();
        assert!(!trusted.keys().is_empty());
        let bad = TrustedKeys::parse("zz not hex");
        assert!(matches!(bad, Err(BundleError::Key(message)) if message.contains("line 1")));
    }
}
