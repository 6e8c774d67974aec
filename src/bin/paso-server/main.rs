//! `paso-server`: the report server an NGO runs (reports from phones, verifications from field staff, the
//! editors' review page, corrections export). Glue only: the logic lives in `paso::server`.

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use paso::server::export::{corrections, write_csv};
use paso::server::http::{serve, AppState, ServerConfig};
use paso::server::postgres::PostgresStorage;
use paso::server::sqlite::SqliteStorage;
use paso::server::storage::{NewStaff, Role, Storage};
use paso::server::tokens;

#[derive(Parser)]
#[command(
    name = "paso-server",
    version,
    about = "Paso's report server: reports, field verifications, the editors' review page and corrections export"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The folder of the embedded database (used when --database is not given).
    #[arg(long, global = true, default_value = "paso-server-data")]
    data: PathBuf,
    /// A PostgreSQL database instead of the embedded one: postgres://user:password@host/dbname
    #[arg(long, global = true)]
    database: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the endpoints and the review page (what runs with no command).
    Serve {
        /// Address and port to listen on.
        #[arg(long, default_value = "127.0.0.1:8700")]
        listen: SocketAddr,
        /// Requests one client address may make per minute (held in memory only).
        #[arg(long, default_value_t = NonZeroU32::new(60).unwrap())]
        requests_per_minute: NonZeroU32,
    },
    /// Manage field staff and editors.
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// Write every accepted change as a corrections CSV for `paso-data build`.
    Export {
        /// Where to write it, e.g. data/corrections/field-verifications.csv
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum StaffCommand {
    /// Add a staff member and print their one-time token (only its hash is kept).
    Add {
        /// Their name, as editors will see it.
        name: String,
        /// Their organisation, as it will stand behind their verifications in the bundle.
        #[arg(long)]
        org: String,
        /// Let them review the queue too.
        #[arg(long)]
        editor: bool,
    },
    /// Revoke a staff member: their token stops working at once.
    Revoke {
        /// Their name.
        name: String,
    },
}

fn open_storage(database: Option<&str>, data: &Path) -> Result<Arc<dyn Storage>> {
    match database {
        None => Ok(Arc::new(SqliteStorage::open_in(data).with_context(
            || format!("opening the embedded database in {}", data.display()),
        )?)),
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            Ok(Arc::new(PostgresStorage::open(url).with_context(|| {
                format!("opening the PostgreSQL database {}", without_password(url))
            })?))
        }
        Some(other) => bail!("--database {other:?} is not a postgres:// address"),
    }
}

/// The address as it may be shown: the password, if any, replaced by `***`.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{path}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn check_name(what: &str, text: &str) -> Result<()> {
    if text.trim().is_empty() {
        bail!("{what} is empty");
    }
    if let Err(problem) = paso::text::check_text(paso::text::text_rule("verified_by"), text) {
        bail!("{what} {problem}");
    }
    Ok(())
}

fn main() -> Result<()> {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let cli = Cli::parse();
    let storage = open_storage(cli.database.as_deref(), &cli.data)?;
    match cli.command.unwrap_or(Command::Serve {
        listen: "127.0.0.1:8700".parse().expect("a valid address"),
        requests_per_minute: NonZeroU32::new(60).expect("not zero"),
    }) {
        Command::Serve {
            listen,
            requests_per_minute,
        } => {
            let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind(listen)
                    .await
                    .with_context(|| format!("listening on {listen}"))?;
                let address = listener.local_addr()?;
                eprintln!("paso-server: listening on http://{address} (review page: http://{address}/review)");
                let state = AppState::new(storage, ServerConfig { requests_per_minute });
                serve(listener, state, async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await
                .context("serving")
            })?;
        }
        Command::Staff {
            command: StaffCommand::Add { name, org, editor },
        } => {
            check_name("the name", &name)?;
            check_name("--org", &org)?;
            let (secret, hash) = tokens::new_secret();
            let role = if editor {
                Role::Editor
            } else {
                Role::FieldStaff
            };
            let id = storage.add_staff(
                &NewStaff {
                    name: &name,
                    organisation: &org,
                    role,
                    token_hash: &hash,
                },
                &now(),
            )?;
            eprintln!(
                "paso-server: added {name} ({}, {org}). Give them this token now; it is not stored and cannot be shown again:",
                role.as_str()
            );
            println!("{}", tokens::token(id, &secret));
        }
        Command::Staff {
            command: StaffCommand::Revoke { name },
        } => {
            if !storage.revoke_staff(&name, &now())? {
                bail!("no active staff member is named {name:?}");
            }
            eprintln!("paso-server: revoked {name}; their token no longer works");
        }
        Command::Export { out } => {
            let rows = corrections(&storage.snapshot()?);
            write_csv(&out, &rows)?;
            eprintln!(
                "paso-server: wrote {} correction(s) to {}",
                rows.len(),
                out.display()
            );
        }
    }
    Ok(())
}
