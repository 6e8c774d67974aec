//! Shared paths and helpers for the integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file under `tests/data/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/data").join(name)
}

/// The development signing key (dev-only; signs the default bundle and the fixtures).
pub fn dev_key_path() -> PathBuf {
    root().join("data/keys/dev-only-DO-NOT-SHIP.key")
}

/// The development signing key.
pub fn dev_key() -> ed25519_dalek::SigningKey {
    paso::bundle::keys::read_signing_key(&dev_key_path()).expect("the dev key reads")
}

/// The development public key file: tests trust it explicitly (`--trust`), no build does.
pub fn dev_pub_path() -> PathBuf {
    root().join("data/keys/dev-only-DO-NOT-SHIP.pub")
}

/// The development public key file's path as a string, for `--trust` arguments.
pub fn dev_pub() -> String {
    dev_pub_path().display().to_string()
}

/// `--trust` of the development key, as command line arguments.
pub fn dev_trust_args() -> [String; 2] {
    ["--trust".into(), dev_pub_path().display().to_string()]
}

/// The built-in keys plus the development key, trusted explicitly as `--trust` does.
pub fn dev_trusted() -> paso::bundle::TrustedKeys {
    let mut trusted = paso::bundle::TrustedKeys::built_in();
    let key = paso::bundle::keys::read_verifying_key(&dev_pub_path()).expect("the dev key reads");
    trusted.add(key, "Paso development key (trusted by the tests)");
    trusted
}

/// The small signed fixture bundle (Costa Rica and the Tapachula area, real rows).
pub fn mini_bundle() -> Vec<u8> {
    std::fs::read(fixture("mini.paso")).expect("tests/data/mini.paso exists")
}

/// Runs the `paso-data` binary built for these tests.
pub fn paso_data(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paso-data"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("paso-data runs")
}

/// stdout of a run that must succeed.
pub fn paso_data_ok(args: &[&str]) -> String {
    let output = paso_data(args);
    assert!(
        output.status.success(),
        "paso-data {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8 output")
}

/// Copies a fixture folder, recursively (a test that edits data works on the copy).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A component running in a headless VirtualDom, with every mutation recorded so events can find their
/// element, and rendered to HTML with dioxus-ssr. The one harness the UI tests share.
pub struct Headless {
    /// The running DOM.
    pub dom: dioxus::prelude::VirtualDom,
    /// Every mutation since the first render, in order.
    pub edits: Vec<dioxus_core::Mutation>,
}

impl Headless {
    /// Builds the first render of `dom` and records its mutations.
    pub fn start(mut dom: dioxus::prelude::VirtualDom) -> Self {
        dioxus_html::set_event_converter(Box::new(dioxus_html::SerializedHtmlEventConverter));
        let mut mutations = dioxus_core::Mutations::default();
        dom.rebuild(&mut mutations);
        Self {
            dom,
            edits: mutations.edits,
        }
    }

    /// What is on screen, as HTML.
    pub fn html(&self) -> String {
        dioxus_ssr::render(&self.dom)
    }

    /// Renders what changed and records it.
    pub fn render(&mut self) {
        let mut mutations = dioxus_core::Mutations::default();
        self.dom.render_immediate(&mut mutations);
        self.edits.extend(mutations.edits);
    }

    /// Waits for background work (a task woken by another thread), then renders what changed.
    pub fn wait_for_work(&mut self) {
        pollster::block_on(self.dom.wait_for_work());
        self.render();
    }

    /// The element that most recently got `name="value"`.
    pub fn element(&self, name: &str, value: &str) -> dioxus_core::ElementId {
        self.edits
            .iter()
            .rev()
            .find_map(|edit| match edit {
                dioxus_core::Mutation::SetAttribute {
                    name: n,
                    value: dioxus_core::AttributeValue::Text(v),
                    id,
                    ..
                } if *n == name && v == value => Some(*id),
                _ => None,
            })
            .unwrap_or_else(|| {
                panic!(
                    "no element with {name}={value:?} on screen:\n{}",
                    self.html()
                )
            })
    }

    /// The first element that listens to `event`.
    pub fn listener(&self, event: &str) -> dioxus_core::ElementId {
        self.edits
            .iter()
            .find_map(|edit| match edit {
                dioxus_core::Mutation::NewEventListener { name, id } if name == event => Some(*id),
                _ => None,
            })
            .unwrap_or_else(|| panic!("nothing listens to {event}:\n{}", self.html()))
    }

    /// Sends `event` with `data` to element `id`, then renders what changed.
    pub fn fire(
        &mut self,
        event: &str,
        data: dioxus_html::PlatformEventData,
        id: dioxus_core::ElementId,
    ) {
        self.dom.runtime().handle_event(
            event,
            dioxus_core::Event::new(
                std::rc::Rc::new(data) as std::rc::Rc<dyn std::any::Any>,
                true,
            ),
            id,
        );
        self.render();
    }

    /// A click on element `id` at page position (`x`, `y`).
    pub fn click_at(&mut self, id: dioxus_core::ElementId, x: f64, y: f64) {
        let data: dioxus_html::SerializedMouseData = serde_json::from_value(serde_json::json!({
            "alt_key": false, "button": 0, "buttons": 0, "client_x": x, "client_y": y,
            "ctrl_key": false, "meta_key": false, "offset_x": x, "offset_y": y, "page_x": x,
            "page_y": y, "screen_x": x, "screen_y": y, "shift_key": false,
        }))
        .expect("mouse data");
        self.fire(
            "click",
            dioxus_html::PlatformEventData::new(Box::new(data)),
            id,
        );
    }

    /// A tap on the element that most recently got `name="value"`.
    pub fn tap(&mut self, name: &str, value: &str) {
        let id = self.element(name, value);
        self.fire(
            "click",
            dioxus_html::PlatformEventData::new(Box::<dioxus_html::SerializedMouseData>::default()),
            id,
        );
    }

    /// Picks `value` in the element that most recently got `name="value"` (a radio button or a select).
    pub fn change(&mut self, name: &str, value: &str) {
        let id = self.element(name, value);
        self.fire(
            "change",
            dioxus_html::PlatformEventData::new(Box::new(dioxus_html::SerializedFormData::new(
                value.to_string(),
                vec![],
            ))),
            id,
        );
    }

    /// Types `text` into the field that most recently got `name="value"`.
    pub fn type_into(&mut self, name: &str, value: &str, text: &str) {
        let id = self.element(name, value);
        self.fire(
            "input",
            dioxus_html::PlatformEventData::new(Box::new(dioxus_html::SerializedFormData::new(
                text.to_string(),
                vec![],
            ))),
            id,
        );
    }
}

/// Renders a component once, without events, to HTML.
pub fn render_once(mut dom: dioxus::prelude::VirtualDom) -> String {
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}
