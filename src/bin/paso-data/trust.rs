//! Which keys a command trusts (`--trust`, `--trust-root`, defined once and flattened into every command that
//! reads a bundle), and `paso-data root keygen | sign`: making root keys and signing root lists. Glue only:
//! the logic is in `paso::bundle::{keys, root}`.

use anyhow::{bail, Context, Result};
use paso::bundle::keys::{
    generate, key_id, read_signing_key, read_verifying_key, write_root_key_pair,
};
use paso::bundle::root::{named, RootList, SignedRoot, DEFAULT_MAX_VERSION_JUMP, ROOT_FORMAT};
use paso::bundle::TrustedKeys;
use std::path::{Path, PathBuf};

/// The keys a command trusts beyond the ones built in (the repository builds in none).
#[derive(clap::Args, Clone, Debug, Default)]
pub struct TrustArgs {
    /// Also trust this publisher public key file (from `keygen`), e.g.
    /// data/keys/dev-only-DO-NOT-SHIP.pub for tests. Repeatable.
    #[arg(long = "trust", value_name = "PUBKEYFILE")]
    pub trust: Vec<PathBuf>,
    /// Also trust this root public key file (from `root keygen`): root lists it signs name the publishers.
    /// Repeatable.
    #[arg(long = "trust-root", value_name = "PUBKEYFILE")]
    pub trust_root: Vec<PathBuf>,
}

impl TrustArgs {
    /// The built-in keys plus the ones given.
    pub fn keys(&self) -> Result<TrustedKeys> {
        let mut trusted = TrustedKeys::built_in();
        for path in &self.trust {
            let key = read_verifying_key(path)?;
            trusted.add(key, &format!("trusted with --trust {}", path.display()));
        }
        for path in &self.trust_root {
            let key = read_verifying_key(path)?;
            trusted.add_root(
                key,
                &format!("trusted with --trust-root {}", path.display()),
            );
        }
        Ok(trusted)
    }

    /// [`TrustArgs::keys`] with the root lists carried by `bundle` applied.
    pub fn keys_for(&self, bundle: &[u8]) -> Result<TrustedKeys> {
        Ok(paso::bundle::format::trust_for(bundle, &self.keys()?)?)
    }
}

/// `paso-data root …`.
#[derive(clap::Subcommand)]
pub enum RootCommand {
    /// Make a new root key pair: PREFIX.key (secret: keep it offline) and PREFIX.pub.
    Keygen {
        /// Path prefix for the two files.
        #[arg(long)]
        out: PathBuf,
    },
    /// Sign a root list: the publisher keys phones accept (any other is revoked), its expiry, and the
    /// version limits.
    Sign {
        /// A root secret key that signs the list (repeat it to rotate: the old root and the new one).
        #[arg(long = "root-key", required = true)]
        root_keys: Vec<PathBuf>,
        /// A publisher public key the list names; its file name (without .pub) is its name. Repeatable.
        #[arg(long = "publisher", required = true)]
        publishers: Vec<PathBuf>,
        /// A root public key that must sign the next list (default: the keys given with --root-key).
        /// Repeatable.
        #[arg(long = "next-root")]
        next_roots: Vec<PathBuf>,
        /// The list's version: higher than every earlier list.
        #[arg(long)]
        version: u64,
        /// Expiry, RFC 3339 (e.g. 2027-12-31T00:00:00Z); after it phones accept no update until a newer list.
        #[arg(long)]
        expires: String,
        /// Largest version jump a bundle may make over the highest version a phone knows.
        #[arg(long, default_value_t = DEFAULT_MAX_VERSION_JUMP)]
        max_version_jump: u64,
        /// Versions up to this one pass whatever the jump (0: none).
        #[arg(long, default_value_t = 0)]
        allow_versions_up_to: u64,
        /// Where to write the root list (JSON).
        #[arg(long)]
        out: PathBuf,
    },
}

fn name_of(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_string()
}

/// Runs `paso-data root …`.
pub fn command_root(command: RootCommand) -> Result<()> {
    match command {
        RootCommand::Keygen { out } => {
            let key = generate()?;
            let (secret, public) = write_root_key_pair(&out, &key)?;
            println!("wrote {secret} (ROOT secret: keep it offline) and {public}");
            println!("key id {}", key_id(&key.verifying_key()));
            Ok(())
        }
        RootCommand::Sign {
            root_keys,
            publishers,
            next_roots,
            version,
            expires,
            max_version_jump,
            allow_versions_up_to,
            out,
        } => {
            if version == 0 {
                bail!("--version starts at 1");
            }
            chrono::DateTime::parse_from_rfc3339(&expires)
                .with_context(|| format!("--expires {expires:?} is not an RFC 3339 time"))?;
            let signing: Vec<_> = root_keys
                .iter()
                .map(|p| read_signing_key(p))
                .collect::<Result<_, _>>()?;
            let publishers = publishers
                .iter()
                .map(|p| Ok(named(&read_verifying_key(p)?, &name_of(p))))
                .collect::<Result<Vec<_>>>()?;
            let next = if next_roots.is_empty() {
                root_keys
                    .iter()
                    .zip(&signing)
                    .map(|(p, k)| named(&k.verifying_key(), &name_of(p)))
                    .collect()
            } else {
                next_roots
                    .iter()
                    .map(|p| Ok(named(&read_verifying_key(p)?, &name_of(p))))
                    .collect::<Result<Vec<_>>>()?
            };
            let list = RootList::sign(
                SignedRoot {
                    format: ROOT_FORMAT,
                    version,
                    expires,
                    publishers,
                    root_keys: next,
                    max_version_jump,
                    allow_versions_up_to,
                },
                &signing,
            );
            std::fs::write(&out, list.to_json())
                .with_context(|| format!("cannot write {}", out.display()))?;
            println!(
                "wrote {}: root list v{version}, {} publisher key(s), {} root key(s) for the next list, expires {}",
                out.display(),
                list.signed.publishers.len(),
                list.signed.root_keys.len(),
                list.signed.expires
            );
            Ok(())
        }
    }
}

/// Reads root list files given with `--root`.
pub fn read_root_lists(paths: &[PathBuf]) -> Result<Vec<RootList>> {
    paths
        .iter()
        .map(|path| {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            RootList::from_json(&bytes).with_context(|| format!("{}", path.display()))
        })
        .collect()
}
