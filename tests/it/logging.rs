//! Logging: library code never prints (it logs through `log`), and no log line holds a position, a nationality
//! or what a person typed.

use paso::catalog::{Catalog, NearQuery};
use paso::model::LatLon;
use paso::store::UserStore;
use paso::ui::launch::{boot, LaunchOptions};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// Every log line of the test process (all levels).
struct Capture(Mutex<Vec<String>>);

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }
    fn log(&self, record: &log::Record) {
        let line = format!("{} {}: {}", record.level(), record.target(), record.args());
        self.0.lock().unwrap().push(line);
    }
    fn flush(&self) {}
}

fn capture() -> &'static Capture {
    static CAPTURE: OnceLock<&'static Capture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture: &'static Capture = Box::leak(Box::new(Capture(Mutex::new(Vec::new()))));
        log::set_logger(capture).expect("no other logger in the test binary");
        log::set_max_level(log::LevelFilter::Trace);
        capture
    })
}

/// TEST-ONLY values, distinctive enough that finding them in a line means they leaked.
const LAT: f64 = 14.987_654_3;
const LON: f64 = -92.123_456_7;
const NATIONALITY: &str = "TEST-ONLY-NATIONALITY-LQ";
const QUERY: &str = "zqxvtestonlyquery";

#[test]
fn no_log_line_holds_a_position_a_nationality_or_a_query() {
    let capture = capture();
    let dir = tempfile::tempdir().unwrap();
    // A user database that cannot be opened (a folder where the file goes) and an unreadable --trust key:
    // both are logged, which shows the capture sees the library's lines.
    std::fs::create_dir(dir.path().join("user.sqlite")).unwrap();
    let options = LaunchOptions {
        at: Some(LatLon::new(LAT, LON)),
        data_dir: Some(dir.path().to_path_buf()),
        trust: vec![dir.path().join("missing.pub")],
        ..LaunchOptions::default()
    };
    let booted = boot(&options);
    let catalog = Catalog::open_default().unwrap();
    let position = LatLon::new(LAT, LON);
    assert!(!catalog.near(&NearQuery::around(position)).is_empty());
    let _ = catalog.country_at(position);
    for lang in ["es", "en", "fr"] {
        let _ = catalog.search(QUERY, lang, 10).unwrap();
    }
    booted
        .user
        .set_setting("nationality", Some(NATIONALITY))
        .unwrap();
    let store = UserStore::in_memory().unwrap();
    store.set_setting("nationality", Some(NATIONALITY)).unwrap();

    let lines = capture.0.lock().unwrap().clone();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("WARN") && l.contains("--trust")),
        "the unreadable key is logged: {lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("user database cannot be opened")),
        "the unopenable user database is logged: {lines:?}"
    );
    let needles = [
        "14.98",
        "98765",
        "-92.12",
        "92.12",
        "23456",
        NATIONALITY,
        QUERY,
    ];
    for line in &lines {
        for needle in needles {
            assert!(
                !line.contains(needle),
                "{needle:?} leaked into the log line {line:?}"
            );
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without comments and without its `#[cfg(test)]` modules (tests may print).
fn shipped_code(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| match l.find("//") {
            Some(at) => &l[..at],
            None => l,
        })
        .collect();
    let mut code = String::new();
    let mut i = 0;
    while i < lines.len() {
        let next_is_mod = lines
            .get(i + 1)
            .is_some_and(|l| l.trim_start().starts_with("mod "));
        if lines[i].trim() == "#[cfg(test)]" && next_is_mod {
            let mut depth = 0i32;
            let mut opened = false;
            i += 1;
            while i < lines.len() {
                depth +=
                    lines[i].matches('{').count() as i32 - lines[i].matches('}').count() as i32;
                opened |= lines[i].contains('{');
                i += 1;
                if opened && depth <= 0 {
                    break;
                }
            }
            continue;
        }
        code.push_str(lines[i]);
        code.push('\n');
        i += 1;
    }
    code
}

#[test]
fn library_code_never_prints() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut printing = Vec::new();
    for path in files {
        let relative = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if relative == "main.rs" || relative.starts_with("bin/") {
            continue;
        }
        let code = shipped_code(&std::fs::read_to_string(&path).unwrap());
        for needle in ["eprintln!", "println!", "eprint!(", "print!(", "dbg!("] {
            if code.contains(needle) {
                printing.push(format!("src/{relative}: {needle}"));
            }
        }
    }
    assert!(files_checked_sane(&src), "the walk found the library");
    assert!(
        printing.is_empty(),
        "library code must log through `log`, not print: {printing:?}"
    );
}

fn files_checked_sane(src: &Path) -> bool {
    src.join("lib.rs").exists() && src.join("catalog.rs").exists()
}

#[test]
fn the_print_check_sees_prints_outside_tests_and_comments() {
    assert!(shipped_code("fn f() {\n    eprintln!(\"x\");\n}\n").contains("eprintln!"));
    assert!(!shipped_code("// eprintln!(\"x\")\n").contains("eprintln!"));
    let with_tests = "fn f() {}\n#[cfg(test)]\nmod tests {\n    fn t() {\n        println!(\"x\");\n    }\n}\nfn g() { print!(\"y\"); }\n";
    let code = shipped_code(with_tests);
    assert!(!code.contains("println!") && code.contains("print!("));
}
