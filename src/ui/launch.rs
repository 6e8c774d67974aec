//! Starting the app: the command-line flags (`--at`, `--lang`, `--screen`, `--data-dir`, `--trust`), the user data
//! directory, and opening the data into a [`Boot`]. The `paso` binary is only glue around this.

use super::app::{open_catalog, screen_route};
use super::state::{Boot, DataProblem, Start};
use crate::bundle::TrustedKeys;
use crate::i18n::LANGUAGES;
use crate::model::LatLon;
use crate::store::UserStore;
use std::path::PathBuf;
use std::rc::Rc;

/// Every flag, defined once: (flag, value, help). The usage text is generated from this table.
pub const FLAGS: &[(&str, &str, &str)] = &[
    (
        "--at",
        "LAT,LON",
        "start Near me at this position, e.g. 14.9054,-92.2589 (Tapachula)",
    ),
    ("--lang", "es|en|fr", "show the app in this language"),
    (
        "--screen",
        "NAME",
        "open a screen directly: first-run, near, map, place:<id>, guide:<CC>, search, report:<id>, outbox, settings, emergency",
    ),
    (
        "--data-dir",
        "DIR",
        "where the user database, exported reports and installed data updates live (default: the platform data directory, e.g. ~/.local/share/paso)",
    ),
    (
        "--trust",
        "KEYFILE",
        "also trust this publisher public key file for updates (repeatable; e.g. the development key, for tests only)",
    ),
    (
        "--size",
        "WxH",
        "window size in logical pixels (default 390x844, a phone; e.g. 360x640 for small phones)",
    ),
    (
        "--text-size",
        "PERCENT",
        "text size as a phone's font setting would set it, 50 to 300 (default 100); e.g. 200 for large text",
    ),
    ("--help", "", "print this help"),
];

/// The usage text.
pub fn usage() -> String {
    let mut text = String::from(
        "paso — offline help for people on the move (phone-sized window)\n\nUsage: paso [OPTIONS]\n\nOptions:\n",
    );
    for (flag, value, help) in FLAGS {
        let left = if value.is_empty() {
            flag.to_string()
        } else {
            format!("{flag} {value}")
        };
        text.push_str(&format!("  {left:<22} {help}\n"));
    }
    text
}

/// The parsed command line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LaunchOptions {
    /// `--at`.
    pub at: Option<LatLon>,
    /// `--lang`.
    pub lang: Option<String>,
    /// `--screen`, as a route path.
    pub screen: Option<String>,
    /// `--data-dir`.
    pub data_dir: Option<PathBuf>,
    /// `--trust`, repeatable: publisher public key files trusted besides the built-in ones.
    pub trust: Vec<PathBuf>,
    /// Publisher key lists (the format of `data/keys/trusted_publishers.txt`) trusted besides the built-in
    /// ones: the web build's, named when it was built (`.ci/web-build --trust FILE`), since a page has no
    /// command line.
    pub trusted_lists: Vec<String>,
    /// `--size`, in logical pixels.
    pub size: Option<(f64, f64)>,
    /// `--text-size`, in percent of the normal text size.
    pub text_size: Option<u16>,
    /// `--help`.
    pub help: bool,
}

fn parse_size(text: &str) -> Result<(f64, f64), String> {
    let bad = || format!("--size {text:?}: expected WIDTHxHEIGHT, e.g. 360x640");
    let (w, h) = text.trim().split_once(['x', 'X']).ok_or_else(bad)?;
    let w: f64 = w.trim().parse().map_err(|_| bad())?;
    let h: f64 = h.trim().parse().map_err(|_| bad())?;
    if (200.0..=4000.0).contains(&w) && (200.0..=4000.0).contains(&h) {
        Ok((w, h))
    } else {
        Err(bad())
    }
}

impl LaunchOptions {
    /// Parses the arguments after the program name. Accepts `--flag value` and `--flag=value`.
    pub fn parse<I: IntoIterator<Item = String>>(args: I) -> Result<Self, String> {
        let mut options = Self::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => {
                    (flag.to_string(), Some(value.to_string()))
                }
                _ => (arg.clone(), None),
            };
            if flag == "--help" || flag == "-h" {
                options.help = true;
                continue;
            }
            if !FLAGS.iter().any(|(f, _, _)| *f == flag) {
                return Err(format!("unknown argument {arg:?}; see paso --help"));
            }
            let value = match inline {
                Some(value) => value,
                None => args
                    .next()
                    .ok_or_else(|| format!("{flag} needs a value; see paso --help"))?,
            };
            match flag.as_str() {
                "--at" => options.at = Some(value.parse::<LatLon>()?),
                "--lang" => {
                    let lang = value.trim().to_lowercase();
                    if !LANGUAGES.iter().any(|(code, _)| *code == lang) {
                        return Err(format!("--lang {value:?}: expected es, en or fr"));
                    }
                    options.lang = Some(lang);
                }
                "--screen" => options.screen = Some(screen_route(&value)?.to_string()),
                "--data-dir" => options.data_dir = Some(PathBuf::from(value)),
                "--trust" => options.trust.push(PathBuf::from(value)),
                "--size" => options.size = Some(parse_size(&value)?),
                "--text-size" => {
                    let bad =
                        || format!("--text-size {value:?}: expected a percentage from 50 to 300");
                    let percent: u16 = value
                        .trim()
                        .trim_end_matches('%')
                        .parse()
                        .map_err(|_| bad())?;
                    if !(50..=300).contains(&percent) {
                        return Err(bad());
                    }
                    options.text_size = Some(percent);
                }
                _ => unreachable!("every flag in FLAGS is handled"),
            }
        }
        Ok(options)
    }

    /// The built-in keys plus the `--trust` ones (a key file that cannot be read is said and skipped).
    pub fn trusted(&self) -> TrustedKeys {
        let mut trusted = TrustedKeys::built_in();
        for list in &self.trusted_lists {
            match TrustedKeys::parse(list) {
                Ok(keys) => {
                    for key in keys.keys() {
                        trusted.add(key.verifying_key, "trusted when this build was made");
                    }
                }
                Err(error) => log::warn!("a build-time key list: {error}; not trusted"),
            }
        }
        for path in &self.trust {
            match crate::bundle::keys::read_verifying_key(path) {
                Ok(key) => trusted.add(key, &format!("trusted with --trust {}", path.display())),
                Err(error) => log::warn!("--trust {}: {error}; not trusted", path.display()),
            }
        }
        trusted
    }

    /// The data directory: `--data-dir`, else the platform's (e.g. `~/.local/share/paso`).
    pub fn data_dir(&self) -> Option<PathBuf> {
        self.data_dir
            .clone()
            .or_else(|| dirs::data_dir().map(|dir| dir.join("paso")))
    }
}

/// The user database file in a data directory.
pub fn user_db_path(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("user.sqlite")
}

/// Opens everything the app needs. Never fails: problems become screens in the person's language.
///
/// The data directory holds the user database (`user.sqlite`) and, apart from it, the installed updates
/// (`bundles/`, owned by [`crate::update`]); the bundle opened is the best valid one there, else the
/// embedded default.
pub fn boot(options: &LaunchOptions) -> Boot {
    let data_dir = options.data_dir();
    let opened = match &data_dir {
        Some(dir) => UserStore::open(&user_db_path(dir)),
        None => UserStore::in_memory(),
    };
    boot_with(options, data_dir, opened)
}

/// [`boot`] with the user database already opened (or not) by the caller: the web build opens it from the
/// image kept in browser storage ([`crate::store::user_image`]) and has no data directory.
pub fn boot_with(
    options: &LaunchOptions,
    data_dir: Option<PathBuf>,
    opened: Result<UserStore, crate::store::StoreError>,
) -> Boot {
    let trusted = options.trusted();
    let (catalog, source) = open_catalog(data_dir.as_deref(), &trusted);
    let catalog = catalog.map(Rc::new);
    for skipped in source.iter().flat_map(|s| &s.skipped) {
        log::warn!(
            "passed over the {} bundle ({}): {}",
            skipped.slot.as_str(),
            skipped.reason_key,
            skipped.detail
        );
    }
    let (user, user_problem) = match opened {
        Ok(user) => (user, None),
        Err(error) => {
            log::warn!(
                "the user database cannot be opened ({error}); nothing will be kept this time"
            );
            match UserStore::in_memory() {
                Ok(user) => (user, Some(DataProblem::UserData)),
                Err(_) => {
                    // An in-memory SQLite database failing means SQLite itself is unusable.
                    log::error!("SQLite cannot open even an in-memory database");
                    std::process::exit(3);
                }
            }
        }
    };
    Boot {
        catalog,
        user: Rc::new(user),
        user_problem,
        source,
        data_dir,
        trusted,
        report_server: crate::wire::BUILT_IN_REPORT_SERVER
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        start: Start {
            at: options.at,
            lang: options.lang.clone(),
            route: options.screen.clone(),
        },
    }
}

/// On Linux, why a window cannot open (no X11 or Wayland display), with what to do instead.
pub fn display_problem() -> Option<String> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let has = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    if has("DISPLAY") || has("WAYLAND_DISPLAY") {
        None
    } else {
        Some(
            "paso: no display (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window cannot open.\n\
             On a machine without a screen, run it under a virtual display:\n  \
             xvfb-run -a -s \"-screen 0 390x844x24\" paso"
                .to_string(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<LaunchOptions, String> {
        LaunchOptions::parse(args.iter().map(|a| a.to_string()))
    }

    #[test]
    fn flags_parse_in_both_forms() {
        let options = parse(&[
            "--at",
            "14.9054,-92.2589",
            "--lang=fr",
            "--screen",
            "place:wd:Q1",
            "--data-dir",
            "data-x",
        ])
        .unwrap();
        assert_eq!(options.at, Some(LatLon::new(14.9054, -92.2589)));
        assert_eq!(options.lang.as_deref(), Some("fr"));
        assert_eq!(options.screen.as_deref(), Some("/place/wd:Q1"));
        assert_eq!(options.data_dir(), Some(PathBuf::from("data-x")));
        assert!(parse(&["--help"]).unwrap().help);
        assert_eq!(
            parse(&["--size", "360x640"]).unwrap().size,
            Some((360.0, 640.0))
        );
        assert!(parse(&["--size", "tiny"]).is_err());
        assert_eq!(parse(&["--text-size", "200"]).unwrap().text_size, Some(200));
        assert_eq!(parse(&["--text-size=150%"]).unwrap().text_size, Some(150));
        assert!(parse(&["--text-size", "1000"]).is_err());
        assert!(parse(&["--text-size", "big"]).is_err());
    }

    #[test]
    fn bad_flags_say_what_is_wrong() {
        assert!(parse(&["--at", "200,0"])
            .unwrap_err()
            .contains("out of range"));
        assert!(parse(&["--lang", "de"])
            .unwrap_err()
            .contains("es, en or fr"));
        assert!(parse(&["--screen", "home"])
            .unwrap_err()
            .contains("unknown screen"));
        assert!(parse(&["--at"]).unwrap_err().contains("needs a value"));
        assert!(parse(&["--fast"]).unwrap_err().contains("unknown argument"));
        for (flag, _, _) in FLAGS {
            assert!(usage().contains(flag));
        }
    }

    #[test]
    fn a_build_time_key_list_is_trusted_and_a_broken_one_adds_nothing() {
        let dev = include_str!("../../data/keys/dev-only-DO-NOT-SHIP.pub");
        let dev_id =
            crate::bundle::keys::key_id(&TrustedKeys::parse(dev).unwrap().keys()[0].verifying_key);
        assert!(!LaunchOptions::default().trusted().contains_id(&dev_id));
        let options = LaunchOptions {
            trusted_lists: vec![dev.to_string(), "not a key".to_string()],
            ..Default::default()
        };
        let trusted = options.trusted();
        assert!(trusted.contains_id(&dev_id));
        assert_eq!(
            trusted.keys().len(),
            TrustedKeys::built_in().keys().len() + 1
        );
    }

    #[test]
    fn boot_keeps_the_user_database_in_the_data_dir() {
        let dir = tempfile::tempdir().unwrap();
        let options = LaunchOptions {
            data_dir: Some(dir.path().to_path_buf()),
            ..Default::default()
        };
        let boot = boot(&options);
        assert!(boot.catalog.is_ok());
        // Nothing installed: the built-in bundle, and nothing to report about passed-over files.
        let source = boot.source.clone().unwrap();
        assert_eq!(source.slot, crate::update::Slot::Embedded);
        assert!(source.skipped.is_empty());
        assert_eq!(boot.user_problem, None);
        assert_eq!(boot.user.path(), Some(user_db_path(dir.path()).as_path()));
    }

    #[test]
    fn an_unreadable_user_database_falls_back_to_memory() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            user_db_path(dir.path()),
            b"this is not sqlite, just junk bytes ......",
        )
        .unwrap();
        let options = LaunchOptions {
            data_dir: Some(dir.path().to_path_buf()),
            ..Default::default()
        };
        let boot = boot(&options);
        assert_eq!(boot.user_problem, Some(DataProblem::UserData));
        assert_eq!(boot.user.path(), None);
    }
}
