//! Data updates from the settings screen, in the headless app started as the binary starts it
//! (`launch::boot` on a temporary data directory, so the bundle comes from `update::open_active`): a real
//! newer bundle installed from a file and used at once by every screen; a tampered file refused with the
//! localized "tampered" text in es/en/fr and the installed bundle left byte for byte as it was; a broken
//! installed bundle passed over at start and said so; an update address checked only when asked, over a
//! real local server, and an unreachable one explained.

use crate::common::*;
use crate::ui_screens::Phone;
use crate::update_support::{bundle, bundle_with, embedded, sha_file, v, Edit, Server};
use paso::bundle::format;
use paso::i18n::{Arg, Localizer};
use paso::model::LatLon;
use paso::ui::app::{action, field};
use paso::ui::launch::{boot, user_db_path, LaunchOptions};
use paso::update::{self, SlotStatus};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The app opened on the settings screen, on a data directory, as `paso --data-dir DIR --screen settings`.
fn open_settings(dir: tempfile::TempDir, lang: &str, at: Option<LatLon>) -> Phone {
    let options = LaunchOptions {
        data_dir: Some(dir.path().to_path_buf()),
        lang: Some(lang.to_string()),
        screen: Some("/settings".to_string()),
        at,
        trust: vec![dev_pub_path()],
        ..Default::default()
    };
    let boot = boot(&options);
    assert!(boot.catalog.is_ok());
    Phone::start(boot, dir)
}

/// Waits (for events from the update's worker thread, not for a time) until the result is shown.
fn wait_for_result(phone: &mut Phone) -> String {
    for _ in 0..10_000 {
        let html = phone.html();
        // In the page, not in the inlined stylesheets.
        if html
            .rsplit("</style>")
            .next()
            .unwrap()
            .contains("update-result")
        {
            return html;
        }
        phone.wait_for_work();
    }
    panic!("no update result on screen:\n{}", phone.html());
}

/// A file in a scratch folder (not in the data directory), as a sideloaded file would be.
fn offered(scratch: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = scratch.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn install_from_file(phone: &mut Phone, path: &Path) -> String {
    phone.type_into("id", field::UPDATE_FILE, path.to_str().unwrap());
    phone.tap("data-action", action::UPDATE_FILE);
    wait_for_result(phone)
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

fn version_fact(version: u64) -> String {
    format!("{} v{version}", embedded().bundle_id)
}

#[test]
fn the_settings_screen_installs_a_newer_bundle_from_a_file_and_every_screen_uses_it() {
    let scratch = tempfile::tempdir().unwrap();
    let newer = bundle_with(1, Edit::FakePhone);
    let file = offered(scratch.path(), "from-a-field-worker.paso", &newer);
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_path_buf();
    let mut phone = open_settings(dir, "en", None);
    phone.user.save_place("wd:Q23891584").unwrap();

    let html = phone.html();
    assert!(html.contains(&version_fact(embedded().version)), "{html}");
    assert!(html.contains("Built into the app"));
    assert!(html.contains("Checked: signed by"));
    assert!(
        html.contains("id=\"update-address\"") && !html.contains("latest.json\" value=\"http"),
        "the update address starts empty"
    );

    phone.type_into("id", field::UPDATE_FILE, file.to_str().unwrap());
    phone.tap("data-action", action::UPDATE_FILE);
    // Until the worker thread reports, the screen says it is working and the buttons wait.
    let html = phone.html();
    assert!(html.contains("<progress"), "{html}");
    assert!(html.contains("Checking the signature and the content…"));
    assert_eq!(
        count(&html, "disabled=true"),
        2,
        "both update buttons wait:\n{html}"
    );
    let html = wait_for_result(&mut phone);
    assert!(
        html.contains(&format!(
            "Installed: data version {}. Every screen now uses it.",
            v(1)
        )),
        "{html}"
    );
    // The about facts come from the reopened data.
    assert!(html.contains(&version_fact(v(1))), "{html}");
    assert!(html.contains("An update installed on this phone"));
    let places = format::verify(&newer, &dev_trusted())
        .unwrap()
        .manifest
        .coverage
        .places;
    let count =
        Localizer::new("en").tr_args("places-found", &[("count", Arg::Number(places as f64))]);
    assert!(
        html.contains(&count),
        "the new bundle's place count {count:?}"
    );

    // On disk: the new bundle is installed; the user database is where it was, untouched.
    let status = update::status(&data_dir, &dev_trusted()).unwrap();
    assert!(
        matches!(&status.current, SlotStatus::Valid(info) if info.version == v(1)),
        "{status:?}"
    );
    assert!(user_db_path(&data_dir).is_file());
    assert_eq!(phone.user.saved_places().unwrap().len(), 1);

    // Another screen reads the new data: the place whose phone the TEST-ONLY edit changed.
    phone.tap("href", "/search");
    phone.type_into(
        "placeholder",
        "For example: Tapachula, albergue, asylum",
        "Australia San Jose",
    );
    // The search runs after the pause in typing.
    phone.wait_for_work();
    phone.tap("href", "/place/wd:Q23891584");
    let html = phone.html();
    assert!(html.contains("Consulate of Australia"), "{html}");
    assert!(
        html.contains("href=\"tel:+50600000000\""),
        "the place screen shows the installed bundle's phone:\n{html}"
    );
}

#[test]
fn a_tampered_file_is_refused_in_every_language_and_the_installed_bundle_is_unchanged() {
    let scratch = tempfile::tempdir().unwrap();
    let mut tampered = bundle(2);
    let last = tampered.len() - 1;
    tampered[last] ^= 0x01;
    let file = offered(scratch.path(), "tampered.paso", &tampered);
    for (lang, words) in [
        ("es", "fue modificado o se dañó"),
        ("en", "changed or damaged after it was signed"),
        ("fr", "modifié ou abîmé après sa signature"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().to_path_buf();
        let installed = offered(scratch.path(), "v1.paso", &bundle(1));
        update::install_file(&data_dir, &installed, &dev_trusted(), &mut |_| {}).unwrap();
        let current = data_dir.join("bundles/current.paso");
        let before = sha_file(&current);

        let mut phone = open_settings(dir, lang, None);
        let tr = Localizer::new(lang);
        let html = phone.html();
        assert!(html.contains(&version_fact(v(1))), "{lang}: {html}");
        assert!(html.contains(&tr.tr("settings-source-current")), "{lang}");

        let html = install_from_file(&mut phone, &file);
        let message = tr.tr("update-refused-tampered");
        assert!(message.contains(words), "{lang}: {message}");
        assert!(
            html.contains(&message),
            "{lang}: the refusal is explained:\n{html}"
        );
        assert!(html.contains(&tr.tr("update-refused")));
        assert!(html.contains(&tr.tr("update-nothing-changed")));
        assert!(!html.contains('⟦'), "{lang}: a message is missing");
        assert!(
            html.contains(&version_fact(v(1))),
            "{lang}: still the installed data"
        );
        assert_eq!(sha_file(&current), before, "{lang}: current.paso unchanged");
        assert!(!data_dir.join("bundles/previous.paso").exists());
        let status = update::status(&data_dir, &dev_trusted()).unwrap();
        assert_eq!(status.highest_installed, Some(v(1)), "{lang}");
    }
}

#[test]
fn an_older_file_is_refused_as_older() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_path_buf();
    let v2 = offered(scratch.path(), "v2.paso", &bundle(2));
    update::install_file(&data_dir, &v2, &dev_trusted(), &mut |_| {}).unwrap();
    let before = sha_file(&data_dir.join("bundles/current.paso"));
    let mut phone = open_settings(dir, "es", None);
    let v1 = offered(scratch.path(), "v1.paso", &bundle(1));
    let html = install_from_file(&mut phone, &v1);
    assert!(
        html.contains("Estos datos son más antiguos que los que ya tiene este teléfono"),
        "{html}"
    );
    assert_eq!(sha_file(&data_dir.join("bundles/current.paso")), before);
}

#[test]
fn a_broken_installed_bundle_is_passed_over_at_start_and_the_settings_say_so() {
    for (lang, words) in [
        ("es", "no se pudo abrir"),
        ("en", "could not be opened"),
        ("fr", "n’a pas pu être ouverte"),
    ] {
        let scratch = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let installed = offered(scratch.path(), "v1.paso", &bundle(1));
        update::install_file(dir.path(), &installed, &dev_trusted(), &mut |_| {}).unwrap();
        // The installed file is damaged on the card after the install.
        let current = dir.path().join("bundles/current.paso");
        let mut bytes = std::fs::read(&current).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0x40;
        std::fs::write(&current, bytes).unwrap();

        let phone = open_settings(dir, lang, None);
        let tr = Localizer::new(lang);
        let html = phone.html();
        let said = tr.tr("settings-skipped-current");
        assert!(said.contains(words), "{lang}: {said}");
        assert!(html.contains(&said), "{lang}: {html}");
        assert!(html.contains(&tr.tr("update-refused-tampered")), "{lang}");
        assert!(html.contains(&tr.tr("settings-source-embedded")), "{lang}");
        assert!(html.contains(&version_fact(embedded().version)), "{lang}");
    }
    // A data directory without updates says nothing of the kind.
    let html = open_settings(tempfile::tempdir().unwrap(), "en", None).html();
    assert!(!html.contains("could not be opened"));
}

#[test]
fn checking_an_update_address_installs_what_it_publishes() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    let b1 = offered(work.path(), "v1.paso", &bundle(1));
    let b2 = offered(work.path(), "v2.paso", &bundle(2));
    paso_data_ok(&[
        "publish",
        b1.to_str().unwrap(),
        b2.to_str().unwrap(),
        "--key",
        dev_key_path().to_str().unwrap(),
        "--out",
        site.to_str().unwrap(),
    ]);
    let server = Server::start(&site, HashMap::new());
    let dir = tempfile::tempdir().unwrap();
    update::install_file(dir.path(), &b1, &dev_trusted(), &mut |_| {}).unwrap();
    let mut phone = open_settings(dir, "fr", None);
    assert!(
        server.seen.lock().unwrap().is_empty(),
        "nothing is contacted before the person asks"
    );
    phone.type_into("id", field::UPDATE_ADDRESS, &server.url("latest.json"));
    phone.tap("data-action", action::UPDATE_CHECK);
    let html = wait_for_result(&mut phone);
    assert!(
        html.contains(&format!(
            "Installé : version des données {}. Tous les écrans l’utilisent maintenant.",
            v(2)
        )),
        "{html}"
    );
    assert!(html.contains(&version_fact(v(2))));
    assert!(!server.requests_for("latest.json").is_empty());
}

#[test]
fn an_unreachable_update_address_is_explained() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut phone = open_settings(tempfile::tempdir().unwrap(), "en", None);
    // Pressing the button with no address asks for one and contacts nothing.
    phone.tap("data-action", action::UPDATE_CHECK);
    assert!(phone.html().contains("First write the address."));
    phone.type_into(
        "id",
        field::UPDATE_ADDRESS,
        &format!("http://127.0.0.1:{port}/latest.json"),
    );
    phone.tap("data-action", action::UPDATE_CHECK);
    let html = wait_for_result(&mut phone);
    assert!(
        html.contains("Could not reach the address. Check the connection and the address"),
        "{html}"
    );
    assert!(html.contains(&version_fact(embedded().version)));
}

/// The settings screen's "Pass it on": saves the copy to `folder` and returns the page.
fn save_a_copy(phone: &mut Phone, folder: &Path) -> String {
    phone.type_into("id", field::SHARE_TO, folder.to_str().unwrap());
    phone.tap("data-action", action::SHARE_DATA);
    phone.html()
}

#[test]
fn passing_the_data_on_gives_a_file_another_phone_installs_and_a_tampered_copy_is_refused() {
    let scratch = tempfile::tempdir().unwrap();
    let handed_over = tempfile::tempdir().unwrap();
    // Phone A has an update installed (v1, from a field worker).
    let dir_a = tempfile::tempdir().unwrap();
    let installed = offered(scratch.path(), "v1.paso", &bundle(1));
    update::install_file(dir_a.path(), &installed, &dev_trusted(), &mut |_| {}).unwrap();
    let mut phone_a = open_settings(dir_a, "en", None);
    let tr = Localizer::new("en");
    let html = phone_a.html();
    assert!(html.contains(&tr.tr("share-explain")), "{html}");
    assert!(!html.contains(&tr.tr("share-embedded")));

    let html = save_a_copy(&mut phone_a, handed_over.path());
    let copy = handed_over.path().join(format!(
        "paso-{}-v{}.paso",
        embedded().bundle_id.replace(
            |c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '_',
            "-"
        ),
        v(1)
    ));
    let size = std::fs::metadata(&copy).map(|m| m.len()).unwrap_or(0);
    assert!(
        html.contains(&format!("Saved: {}", copy.display())),
        "the page names the saved file:\n{html}"
    );
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        bundle(1),
        "the copy is the signed bundle in use, byte for byte"
    );
    assert!(size > 0);
    let names: Vec<_> = std::fs::read_dir(handed_over.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no staging file is left beside the copy");
    // Saving again finds the same bytes there.
    let html = save_a_copy(&mut phone_a, handed_over.path());
    assert!(html.contains("This copy is already there"), "{html}");
    // A different file of that name is never overwritten.
    let theirs = handed_over.path().join("theirs.paso");
    std::fs::write(&theirs, b"someone else's file").unwrap();
    let html = save_a_copy(&mut phone_a, &theirs);
    assert!(html.contains(&tr.tr("share-refused-exists")), "{html}");
    assert_eq!(std::fs::read(&theirs).unwrap(), b"someone else's file");

    // Phone B only has the built-in data: nothing to pass on, and it says why (in Spanish).
    let dir_b = tempfile::tempdir().unwrap();
    let data_b = dir_b.path().to_path_buf();
    let mut phone_b = open_settings(dir_b, "es", None);
    let es = Localizer::new("es");
    let html = phone_b.html();
    assert!(html.contains(&es.tr("share-embedded")), "{html}");
    assert!(
        !html.contains(&format!("data-action=\"{}\"", action::SHARE_DATA)),
        "no button saves the built-in data"
    );
    // It installs the copy from phone A, verified as any update.
    let html = install_from_file(&mut phone_b, &copy);
    assert!(
        html.contains(&es.tr_args(
            "update-installed",
            &[("version", Arg::Text(&v(1).to_string()))]
        )),
        "{html}"
    );
    let status = update::status(&data_b, &dev_trusted()).unwrap();
    assert!(
        matches!(&status.current, SlotStatus::Valid(info) if info.version == v(1)),
        "{status:?}"
    );
    // Now phone B can pass it on too.
    assert!(phone_b.html().contains(&es.tr("share-explain")));

    // A copy changed on the way is refused (in French), and phone C keeps its built-in data.
    let mut tampered = std::fs::read(&copy).unwrap();
    let middle = tampered.len() / 2;
    tampered[middle] ^= 0x20;
    let tampered = offered(scratch.path(), "changed-on-the-way.paso", &tampered);
    let dir_c = tempfile::tempdir().unwrap();
    let data_c = dir_c.path().to_path_buf();
    let mut phone_c = open_settings(dir_c, "fr", None);
    let fr = Localizer::new("fr");
    let html = install_from_file(&mut phone_c, &tampered);
    assert!(html.contains(&fr.tr("update-refused")), "{html}");
    assert!(html.contains(&fr.tr("update-refused-tampered")), "{html}");
    assert!(html.contains(&fr.tr("update-nothing-changed")), "{html}");
    assert!(
        html.contains(&fr.tr("share-embedded")),
        "still the built-in data:\n{html}"
    );
    assert!(!data_c.join("bundles/current.paso").exists());
}

#[test]
fn with_only_the_built_in_data_every_language_says_every_phone_already_has_it() {
    for lang in ["es", "en", "fr"] {
        let html = open_settings(tempfile::tempdir().unwrap(), lang, None).html();
        let tr = Localizer::new(lang);
        assert!(html.contains(&tr.tr("share-title")), "{lang}: {html}");
        assert!(html.contains(&tr.tr("share-embedded")), "{lang}: {html}");
        assert!(
            !html.contains(&format!("id=\"{}\"", field::SHARE_TO)),
            "{lang}"
        );
        assert!(!html.contains('⟦'), "{lang}: a message is missing");
    }
}
