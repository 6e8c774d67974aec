//! A throwaway PostgreSQL cluster for the server tests: Debian's `initdb` and `pg_ctl`
//! (`/usr/lib/postgresql/*/bin`, installed by `bash .ci/setup`) make one in a temporary folder the first time a
//! test asks, listening on 127.0.0.1 only, on a free port, with trust authentication. Each test gets a fresh
//! database in it. The cluster is stopped and its folder removed when the test process exits. As root (CI, this
//! workplace) the cluster runs as the `postgres` user the package creates, through `runuser`, since `initdb`
//! refuses root.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// A started cluster.
#[derive(Clone)]
struct Cluster {
    port: u16,
    bin: PathBuf,
    folder: PathBuf,
    as_postgres: bool,
}

static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();

/// The address of a new, empty database on the test cluster, starting the cluster if it is not running yet.
/// Panics, saying what to do, when PostgreSQL is not installed: these tests never skip themselves.
pub fn fresh_database() -> String {
    let cluster = match CLUSTER.get_or_init(start) {
        Ok(cluster) => cluster,
        Err(why) => panic!("the PostgreSQL tests need a throwaway cluster: {why}"),
    };
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    let mut admin = postgres::Client::connect(&cluster.url("postgres"), postgres::NoTls)
        .expect("connecting to the test cluster");
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("creating a test database");
    cluster.url(&name)
}

impl Cluster {
    fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    fn data(&self) -> PathBuf {
        self.folder.join("data")
    }
}

/// `PASO_PG_BINDIR`, or the newest Debian PostgreSQL with both programs.
fn find_binaries() -> Result<PathBuf, String> {
    let has_both = |bin: &Path| bin.join("initdb").is_file() && bin.join("pg_ctl").is_file();
    if let Some(dir) = std::env::var_os("PASO_PG_BINDIR") {
        let bin = PathBuf::from(dir);
        return if has_both(&bin) {
            Ok(bin)
        } else {
            Err(format!(
                "PASO_PG_BINDIR={} has no initdb and pg_ctl: run `bash .ci/setup` (it installs Debian's \
                 postgresql package) and unset it",
                bin.display()
            ))
        };
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            has_both(&bin).then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin).ok_or_else(|| {
        "PostgreSQL's initdb and pg_ctl are not in /usr/lib/postgresql/*/bin: run `bash .ci/setup` (it installs \
         Debian's postgresql package), or set PASO_PG_BINDIR to a folder that has them"
            .to_string()
    })
}

fn output(command: &mut Command) -> Result<String, String> {
    let shown = format!("{command:?}");
    let out = command
        .output()
        .map_err(|e| format!("could not run {shown}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{shown} failed ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn am_root() -> bool {
    output(Command::new("id").arg("-u")).is_ok_and(|uid| uid == "0")
}

impl Cluster {
    /// One of PostgreSQL's programs, as the `postgres` user when the tests run as root.
    /// It runs in the cluster's folder, which `postgres` can always enter (the test's may be closed to it).
    fn program(&self, name: &str) -> Command {
        let program = self.bin.join(name);
        let mut command = if self.as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(program);
            command
        } else {
            Command::new(program)
        };
        command.current_dir(&self.folder);
        command
    }
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

fn start() -> Result<Cluster, String> {
    let bin = find_binaries()?;
    let folder = tempfile::Builder::new()
        .prefix("paso-test-pg-")
        .tempdir()
        .map_err(|e| e.to_string())?
        .keep();
    let started = start_in(bin, &folder);
    if started.is_err() {
        let _ = std::fs::remove_dir_all(&folder);
    }
    started
}

fn start_in(bin: PathBuf, folder: &Path) -> Result<Cluster, String> {
    let as_postgres = am_root();
    if as_postgres {
        let uid = output(Command::new("id").args(["-u", "postgres"])).map_err(|e| {
            format!("running as root, the cluster runs as the `postgres` user, which is missing ({e}): run `bash .ci/setup`")
        })?;
        let gid = output(Command::new("id").args(["-g", "postgres"]))?;
        std::os::unix::fs::chown(folder, uid.parse().ok(), gid.parse().ok())
            .map_err(|e| format!("giving {} to postgres: {e}", folder.display()))?;
    }
    let mut cluster = Cluster {
        port: 0,
        bin,
        folder: folder.to_path_buf(),
        as_postgres,
    };
    output(
        cluster
            .program("initdb")
            .arg("-D")
            .arg(cluster.data())
            .args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]),
    )?;
    // A port found free may be taken before the server binds it: try a few.
    let mut last = String::new();
    for _ in 0..5 {
        cluster.port = free_port()?;
        let options = format!(
            "-c listen_addresses=127.0.0.1 -c port={} -c unix_socket_directories={} -c fsync=off \
             -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
            cluster.port,
            cluster.folder.display()
        );
        let started = output(
            cluster
                .program("pg_ctl")
                .arg("-D")
                .arg(cluster.data())
                .arg("-l")
                .arg(cluster.folder.join("log"))
                .args(["-w", "-t", "60", "-o", &options, "start"]),
        );
        match started {
            Ok(_) => {
                let _ = STOP.set(cluster.clone());
                // SAFETY: `stop_at_exit` is an `extern "C" fn` that only reads a set `OnceLock` and runs commands.
                unsafe { libc::atexit(stop_at_exit) };
                return Ok(cluster);
            }
            Err(why) => last = format!("{why}\n{}", log_tail(&cluster.folder)),
        }
    }
    Err(last)
}

fn log_tail(folder: &Path) -> String {
    let log = std::fs::read_to_string(folder.join("log")).unwrap_or_default();
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

/// The cluster the exit hook stops.
static STOP: OnceLock<Cluster> = OnceLock::new();

extern "C" fn stop_at_exit() {
    let Some(cluster) = STOP.get() else {
        return;
    };
    let _ = cluster
        .program("pg_ctl")
        .arg("-D")
        .arg(cluster.data())
        .args(["-m", "immediate", "-w", "stop"])
        .output();
    let _ = std::fs::remove_dir_all(&cluster.folder);
}
