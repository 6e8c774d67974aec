//! The crash test: `paso-data install` runs in a child process and is killed with SIGKILL after a random
//! delay, 200 times. After every kill the data directory opens a whole, trusted bundle (the old one or the
//! new one, never the embedded fallback), the previous bundle and the anti-rollback record are whole, and
//! the user database still holds every report written before, byte for byte.

use crate::common::*;
use crate::update_support::*;
use paso::store::user::ReportKind;
use paso::store::UserStore;
use paso::update::{self, Slot};
use rand::{Rng, SeedableRng};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TRIALS: usize = 200;

fn copy_bundles(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    for name in ["current.paso", "state.json"] {
        std::fs::copy(from.join(name), to.join(name)).unwrap();
    }
}

fn install(new: &Path, data: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_paso-data"))
        .args(["install", &new.display().to_string(), "--data-dir"])
        .arg(data)
        .args(dev_trust_args())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("paso-data starts")
}

#[test]
fn an_install_killed_at_random_points_never_breaks_the_bundle_or_loses_user_data() {
    let started = Instant::now();
    let work = tempfile::tempdir().unwrap();
    let (old, new) = (bundle(2), bundle(3));
    let new_path = work.path().join("new.paso");
    std::fs::write(&new_path, &new).unwrap();
    // The state before every trial: v2 installed once (no previous bundle yet).
    let template = DataDir::with(2);
    let template_bundles = template.path().join("bundles");
    let data = DataDir::new();
    let bundles = data.path().join("bundles");

    // How long an install takes here, so the kills spread over all of it.
    let mut durations = Vec::new();
    for _ in 0..3 {
        copy_bundles(&template_bundles, &bundles);
        let clock = Instant::now();
        assert!(install(&new_path, data.path()).wait().unwrap().success());
        durations.push(clock.elapsed());
    }
    durations.sort();
    let typical = durations[1];

    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0x9a50);
    let (mut old_seen, mut new_seen, mut mid_install) = (0, 0, 0);
    let mut expected_reports = UserStore::open(&data.user_db())
        .unwrap()
        .reports()
        .unwrap()
        .len();
    for trial in 0..TRIALS {
        copy_bundles(&template_bundles, &bundles);
        {
            let user = UserStore::open(&data.user_db()).unwrap();
            user.add_report(
                "cr-test-place",
                ReportKind::Closed,
                &format!("trial {trial}"),
                2,
            )
            .unwrap();
            expected_reports += 1;
        }
        let user_before = data.user_fingerprint();
        let delay = Duration::from_micros(rng.gen_range(0..=(typical.as_micros() as u64 * 3 / 2)));
        let mut child = install(&new_path, data.path());
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();

        let current = std::fs::read(data.current()).unwrap();
        // Killed after the new bundle was staged but before it was renamed into place?
        let staged = std::fs::read_dir(&bundles).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".staging")
        });
        let recorded_new = std::fs::read_to_string(bundles.join("state.json"))
            .unwrap()
            .contains(&format!("\"version\": {}", v(3)));
        if current == old && (staged || recorded_new || data.previous().exists()) {
            mid_install += 1;
        }
        if current == old {
            old_seen += 1;
        } else {
            assert!(
                current == new,
                "trial {trial}: current.paso is neither bundle"
            );
            new_seen += 1;
        }
        match std::fs::read(data.previous()) {
            Ok(previous) => assert!(previous == old, "trial {trial}: previous.paso is broken"),
            Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::NotFound),
        }
        let (catalog, source) = update::open_active(data.path(), &trusted()).unwrap();
        assert_eq!(source.slot, Slot::Current, "trial {trial}: {source:?}");
        assert!(
            [v(2), v(3)].contains(&catalog.manifest().version),
            "trial {trial}"
        );
        let status = update::status(data.path(), &trusted()).unwrap();
        assert!(
            status.state_problems.is_empty(),
            "trial {trial}: {:?}",
            status.state_problems
        );
        assert_eq!(
            data.user_fingerprint(),
            user_before,
            "trial {trial}: the user database changed"
        );
        let reports = UserStore::open(&data.user_db()).unwrap().reports().unwrap();
        assert_eq!(reports.len(), expected_reports, "trial {trial}");
        assert!(reports.iter().any(|r| r.note == format!("trial {trial}")));
        // Whatever was left behind, the next install completes.
        if trial % 20 == 0 {
            assert!(install(&new_path, data.path()).wait().unwrap().success());
            assert_eq!(std::fs::read(data.current()).unwrap(), new);
            assert_eq!(data.active(), (v(3), Slot::Current));
        }
    }
    eprintln!(
        "crash test: {TRIALS} SIGKILLs over 0..{:?} (an install takes about {typical:?}); {old_seen} left the old bundle ({mid_install} of them killed in the middle of the swap), {new_seen} the new one; {:.1} s in all",
        typical * 3 / 2,
        started.elapsed().as_secs_f64()
    );
    assert_eq!(old_seen + new_seen, TRIALS);
}
