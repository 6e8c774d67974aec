//! The invariants of ARCHITECTURE.md that can be checked by reading the source: what each layer never does.

use crate::common::root;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// Lines of code, comments left out (a doc line may name what the code must not do).
fn code(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_absent(dir: &str, needles: &[&str], why: &str) {
    for file in rust_files(&root().join(dir)) {
        let text = code(&file);
        for needle in needles {
            assert!(
                !text.contains(needle),
                "{} contains {needle:?}: {why}",
                file.display()
            );
        }
    }
}

/// What a file names, read with `syn`: every `use` path with its groups expanded
/// (`crate::bundle::{sources, build}` is two paths), every path in code, and the paths written inside macro
/// bodies such as `rsx!` (token sequences `a::b::c`); plus where it calls a method `.store()` with no
/// arguments. Comments and strings are not code and never match.
#[derive(Default)]
struct Names {
    /// Each path as its segments, leading `crate`/`super`/`self` kept.
    paths: Vec<Vec<String>>,
    /// The paths' module depth inside the file (0 at the top), to resolve `super`.
    depths: Vec<usize>,
    /// How many `.store()` calls.
    store_calls: usize,
    depth: usize,
}

impl Names {
    fn of(file: &Path) -> Self {
        let text = std::fs::read_to_string(file).unwrap();
        let parsed = syn::parse_file(&text)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", file.display()));
        let mut names = Names::default();
        syn::visit::Visit::visit_file(&mut names, &parsed);
        names
    }

    fn push(&mut self, path: Vec<String>) {
        self.paths.push(path);
        self.depths.push(self.depth);
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut path = prefix.clone();
                path.push(n.ident.to_string());
                self.push(path);
            }
            syn::UseTree::Rename(r) => {
                let mut path = prefix.clone();
                path.push(r.ident.to_string());
                self.push(path);
            }
            syn::UseTree::Glob(_) => {
                let mut path = prefix.clone();
                path.push("*".into());
                self.push(path);
            }
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }

    /// Paths and `.store()` calls in a macro body, read token by token.
    fn tokens(&mut self, stream: proc_macro2::TokenStream) {
        use proc_macro2::{Delimiter, TokenTree};
        let tokens: Vec<TokenTree> = stream.into_iter().collect();
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                TokenTree::Group(group) => self.tokens(group.stream()),
                TokenTree::Punct(dot) if dot.as_char() == '.' => {
                    if let (Some(TokenTree::Ident(name)), Some(TokenTree::Group(args))) =
                        (tokens.get(i + 1), tokens.get(i + 2))
                    {
                        if name == "store"
                            && args.delimiter() == Delimiter::Parenthesis
                            && args.stream().is_empty()
                        {
                            self.store_calls += 1;
                        }
                    }
                }
                TokenTree::Ident(first) => {
                    let mut path = vec![first.to_string()];
                    let mut j = i + 1;
                    while let (
                        Some(TokenTree::Punct(a)),
                        Some(TokenTree::Punct(b)),
                        Some(TokenTree::Ident(next)),
                    ) = (tokens.get(j), tokens.get(j + 1), tokens.get(j + 2))
                    {
                        if a.as_char() != ':' || b.as_char() != ':' {
                            break;
                        }
                        path.push(next.to_string());
                        j += 3;
                    }
                    if path.len() > 1 {
                        self.push(path);
                        i = j;
                        continue;
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }

    /// True when some path holds `needle` as consecutive segments.
    fn names(&self, needle: &[&str]) -> bool {
        self.paths.iter().any(|path| contains(path, needle))
    }
}

fn contains(path: &[String], needle: &[&str]) -> bool {
    path.windows(needle.len())
        .any(|w| w.iter().zip(needle).all(|(a, b)| a == b))
}

impl<'ast> syn::visit::Visit<'ast> for Names {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &item.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.push(path.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, path);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        if call.method == "store" && call.args.is_empty() {
            self.store_calls += 1;
        }
        syn::visit::visit_expr_method_call(self, call);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.tokens(mac.tokens.clone());
        syn::visit::visit_macro(self, mac);
    }

    fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
        self.depth += 1;
        syn::visit::visit_item_mod(self, module);
        self.depth -= 1;
    }
}

fn relative(file: &Path) -> String {
    file.strip_prefix(root()).unwrap().display().to_string()
}

/// Fails when a file under `dir` names a path holding one of `needles` (segments, e.g. `["store", "content"]`).
fn assert_never_named(dir: &str, needles: &[&[&str]], why: &str) {
    let files = if dir.ends_with(".rs") {
        vec![root().join(dir)]
    } else {
        rust_files(&root().join(dir))
    };
    for file in files {
        let names = Names::of(&file);
        for needle in needles {
            assert!(
                !names.names(needle),
                "{} names {}: {why}",
                relative(&file),
                needle.join("::")
            );
        }
    }
}

#[test]
fn the_checker_reads_paths_in_code_uses_and_macros_and_ignores_comments() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("probe.rs");
    std::fs::write(
        &file,
        "//! probe\n// crate::store::content in a comment\nuse crate::bundle::{sources, build as b};\n\
         fn f(c: &C) { let _ = c.store(); rsx! { div { {x.store().manifest()} {crate::ui::app::Boot::x()} } }; \
         let _s = \"rusqlite::Connection\"; }\n",
    )
    .unwrap();
    let names = Names::of(&file);
    assert!(names.names(&["bundle", "sources"]));
    assert!(names.names(&["bundle", "build"]));
    assert!(names.names(&["ui", "app", "Boot"]));
    assert!(!names.names(&["store", "content"]));
    assert!(!names.names(&["rusqlite"]));
    assert_eq!(names.store_calls, 2);
}

#[test]
fn the_ui_never_runs_sql_or_injects_html() {
    assert_absent(
        "src/ui",
        &["dangerous_inner_html"],
        "the UI never injects HTML",
    );
    assert_never_named(
        "src/ui",
        &[
            &["rusqlite"],
            &["store", "content"],
            &["ContentStore"],
            &["bundle", "sources"],
            &["bundle", "import"],
            &["bundle", "build"],
            &["bundle", "editor_import"],
        ],
        "the UI asks the catalog; it may name bundle::TrustedKeys and BundleError, never the store or the builder",
    );
    assert_never_named(
        "src/catalog.rs",
        &[
            &["bundle", "sources"],
            &["bundle", "import"],
            &["bundle", "build"],
        ],
        "the catalog reads bundles, it does not import the builder",
    );
}

#[test]
fn the_catalog_is_the_only_door_to_the_content() {
    for dir in ["src", "tests", "benches"] {
        for file in rust_files(&root().join(dir)) {
            if relative(&file) == "src/catalog.rs" {
                continue;
            }
            assert_eq!(
                Names::of(&file).store_calls,
                0,
                "{} calls .store(): ask the catalog's typed methods",
                relative(&file)
            );
        }
    }
}

#[test]
fn the_pure_modules_do_no_io() {
    for file in ["src/spatial.rs", "src/model.rs", "src/text.rs"] {
        let text = code(&root().join(file));
        for needle in ["std::fs", "rusqlite", "std::net", "File::"] {
            assert!(!text.contains(needle), "{file} does I/O ({needle})");
        }
    }
}

#[test]
fn updates_never_open_the_user_database() {
    assert_absent(
        "src/update",
        &["UserStore", "user.sqlite", "store::user"],
        "updates touch only DATA_DIR/bundles",
    );
}

#[test]
fn anyhow_only_in_binaries_and_every_module_says_what_it_is_for() {
    for file in rust_files(&root().join("src")) {
        let relative = file.strip_prefix(root()).unwrap().display().to_string();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.starts_with("//!"),
            "{relative} does not open with a //! line"
        );
        if !(relative == "src/main.rs" || relative.starts_with("src/bin/")) {
            assert!(
                !code(&file).contains("anyhow"),
                "{relative} uses anyhow outside a binary"
            );
        }
    }
}

#[test]
fn screens_import_components_and_no_other_screen_and_only_route_from_the_app() {
    let screens = root().join("src/ui/screens");
    let mut checked = 0;
    for file in rust_files(&screens) {
        let name = file.file_stem().unwrap().to_string_lossy().to_string();
        if name == "mod" {
            continue;
        }
        checked += 1;
        let names = Names::of(&file);
        for (path, depth) in names.paths.iter().zip(&names.depths) {
            let shown = path.join("::");
            // `super` past the file's own modules is the screens module, that is, the other screens.
            let supers = path.iter().take_while(|s| *s == "super").count();
            assert!(
                supers <= *depth,
                "{} names {shown}: a screen imports components, not its neighbours",
                relative(&file)
            );
            for window in path.windows(2) {
                if window[0] == "screens" {
                    assert_eq!(
                        window[1],
                        name,
                        "{} names {shown}: a screen imports no other screen",
                        relative(&file)
                    );
                }
            }
            if let Some(at) = path.iter().position(|s| s == "app") {
                if at > 0 && path[at - 1] == "ui" {
                    assert_eq!(
                        path.get(at + 1).map(String::as_str),
                        Some("Route"),
                        "{} names {shown}: from app.rs a screen imports only Route",
                        relative(&file)
                    );
                }
            }
        }
    }
    assert!(checked >= 12, "only {checked} screens found");
    // Components are shared by screens, so they import no screen either.
    assert_never_named(
        "src/ui/components",
        &[&["ui", "screens"]],
        "components are below the screens",
    );
}

/// The keys of a key list file, parsed as the app parses its built-in lists.
fn listed_keys(file: &str) -> Vec<ed25519_dalek::VerifyingKey> {
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    paso::bundle::TrustedKeys::parse(&text)
        .unwrap_or_else(|e| panic!("{file} does not parse: {e}"))
        .keys()
        .iter()
        .map(|k| k.verifying_key)
        .collect()
}

#[test]
fn no_build_trusts_the_development_key() {
    let dev = paso::bundle::keys::read_verifying_key(&crate::common::dev_pub_path()).unwrap();
    for file in [
        "data/keys/trusted_publishers.txt",
        "data/keys/trusted_roots.txt",
    ] {
        assert!(
            !listed_keys(file).contains(&dev),
            "{file} lists the development key, whose secret is in the repository"
        );
    }
    // What is compiled in, too (the files above are what `include_str!` reads; this checks the binary's view).
    let built_in = paso::bundle::TrustedKeys::built_in();
    assert!(!built_in.keys().iter().any(|k| k.verifying_key == dev));
    assert!(!built_in.roots().iter().any(|k| k.verifying_key == dev));
}

/// The modules of `bundle` the app itself needs to open a bundle: the container, keys and root lists.
const CORE_BUNDLE_MODULES: [&str; 3] = ["format", "keys", "root"];

/// True when `feature` turns on `wanted`, directly or through other features.
fn feature_enables(features: &toml::Table, feature: &str, wanted: &str) -> bool {
    let entries = features
        .get(feature)
        .and_then(|list| list.as_array())
        .map(Vec::as_slice)
        .unwrap_or_default();
    entries.iter().filter_map(|e| e.as_str()).any(|entry| {
        entry == wanted
            || (!entry.contains(':')
                && !entry.contains('/')
                && entry != feature
                && feature_enables(features, entry, wanted))
    })
}

#[test]
fn the_phone_library_does_not_compile_the_builder() {
    // Every module of `bundle` but the reading side is behind `cli`, and so is every re-export from one.
    let text = std::fs::read_to_string(root().join("src/bundle/mod.rs")).unwrap();
    let mut attributes: Vec<String> = Vec::new();
    let mut modules: Vec<(String, bool)> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with("#[") {
            attributes.push(line.replace(' ', ""));
            continue;
        }
        if line.starts_with("//") || line.is_empty() {
            continue;
        }
        let behind_cli = attributes.iter().any(|a| a == "#[cfg(feature=\"cli\")]");
        attributes.clear();
        if let Some(name) = line
            .strip_prefix("pub mod ")
            .and_then(|rest| rest.strip_suffix(';'))
        {
            let core = CORE_BUNDLE_MODULES.contains(&name);
            assert_eq!(
                behind_cli,
                !core,
                "src/bundle/mod.rs: `mod {name}` must be {} the `cli` feature",
                if core { "outside" } else { "behind" }
            );
            modules.push((name.to_string(), behind_cli));
        } else if let Some(path) = line.strip_prefix("pub use ") {
            let first = path.split("::").next().unwrap_or("");
            if let Some((_, gated)) = modules.iter().find(|(name, _)| name == first) {
                assert_eq!(
                    behind_cli, *gated,
                    "src/bundle/mod.rs: `pub use {path}` must be gated like `mod {first}`"
                );
            }
        }
    }
    for name in CORE_BUNDLE_MODULES
        .iter()
        .chain(&["build", "import", "editor_import", "validate"])
    {
        assert!(
            modules.iter().any(|(m, _)| m == name),
            "src/bundle/mod.rs declares no `pub mod {name};` (does the check still read the right file?)"
        );
    }

    // The crates only the builder uses are optional, and only `cli` turns them on (and `server`, through
    // `cli`: the report server exports corrections); no renderer (nor the default build) turns on `cli`.
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(root().join("Cargo.toml")).unwrap()).unwrap();
    let dependencies = manifest["dependencies"].as_table().unwrap();
    let features = manifest["features"].as_table().unwrap();
    for krate in ["csv", "toml"] {
        assert_eq!(
            dependencies[krate]
                .get("optional")
                .and_then(|o| o.as_bool()),
            Some(true),
            "Cargo.toml: `{krate}` must be an optional dependency"
        );
        let enabling: Vec<&str> = features
            .keys()
            .map(String::as_str)
            .filter(|feature| feature_enables(features, feature, &format!("dep:{krate}")))
            .collect();
        assert_eq!(
            enabling,
            ["cli", "server"],
            "Cargo.toml: only `cli` (and `server`, through it) may turn on `{krate}`"
        );
    }
    for feature in ["default", "desktop", "web", "mobile"] {
        assert!(
            features.contains_key(feature),
            "Cargo.toml has no feature {feature}"
        );
        assert!(
            !feature_enables(features, feature, "cli"),
            "Cargo.toml: `{feature}` turns on `cli`, so the app would compile the builder"
        );
    }
}

#[test]
fn only_the_shelf_opens_a_content_database_file() {
    // A database file is trusted only after the shelf's checks (see `store::shelf`): nothing else may open one.
    for file in rust_files(&root().join("src")) {
        let rel = relative(&file);
        if rel == "src/store/shelf.rs" || rel == "src/store/content.rs" {
            continue;
        }
        let names = Names::of(&file);
        assert!(
            !names.names(&["ContentStore", "open_file"]),
            "{rel} opens a content database file itself: go through store::shelf::Shelf"
        );
    }
}
