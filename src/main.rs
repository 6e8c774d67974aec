//! The Paso app binary: parses the flags, opens the data, and shows the phone-sized window (desktop) or
//! the mobile app. All screens live in the library (`paso::ui`); this file is only launch glue.

use paso::ui::launch::{usage, LaunchOptions};

fn main() {
    // The library logs through `log`; here warnings and errors go to stderr (RUST_LOG can ask for more).
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn"))
        .format_timestamp(None)
        .init();
    let options = match LaunchOptions::parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("paso: {message}");
            std::process::exit(2);
        }
    };
    if options.help {
        print!("{}", usage());
        return;
    }
    run(options);
}

#[cfg(feature = "desktop")]
use dioxus::desktop as renderer;
#[cfg(all(feature = "mobile", not(feature = "desktop")))]
use dioxus::mobile as renderer;

#[cfg(any(feature = "desktop", feature = "mobile"))]
fn run(options: LaunchOptions) {
    use dioxus::prelude::VirtualDom;
    use paso::ui::app::{App, AppProps};
    use renderer::{Config, LogicalSize, WindowBuilder};

    #[cfg(feature = "desktop")]
    if let Some(problem) = paso::ui::launch::display_problem() {
        eprintln!("{problem}");
        std::process::exit(1);
    }
    let boot = paso::ui::launch::boot(&options);
    // A phone-sized window (390 x 844 logical pixels) unless --size asks for another phone.
    let size = match options.size {
        Some((width, height)) => LogicalSize::new(width, height),
        None => LogicalSize::new(390.0, 844.0),
    };
    let mut config = Config::new()
        .with_menu(None)
        .with_window(
            WindowBuilder::new()
                .with_title("Paso")
                .with_inner_size(size)
                .with_min_inner_size(LogicalSize::new(320.0, 480.0)),
        )
        .with_background_color((255, 255, 255, 255));
    // A larger text size, as the phone's font setting gives it: every size in the stylesheet is in rem.
    if let Some(percent) = options.text_size {
        config = config.with_custom_head(format!(
            "<style>html {{ font-size: {percent}% !important; }}</style>"
        ));
    }
    if let Some(dir) = &boot.data_dir {
        config = config.with_data_directory(dir.join("webview"));
    }
    let dom = VirtualDom::new_with_props(App, AppProps { boot });
    renderer::launch::launch_virtual_dom(dom, config);
}

// The web build: the page's `main` fetches the default bundle and opens the user data from browser storage
// (paso::web), then mounts the app on `<div id="main">` of index.html.
#[cfg(all(feature = "web", not(any(feature = "desktop", feature = "mobile"))))]
fn run(options: LaunchOptions) {
    use dioxus::prelude::VirtualDom;
    use paso::ui::app::{App, AppProps};

    wasm_bindgen_futures::spawn_local(async move {
        let boot = paso::web::boot(&options).await;
        let dom = VirtualDom::new_with_props(App, AppProps { boot });
        dioxus::web::launch::launch_virtual_dom(dom, dioxus::web::Config::new());
    });
}

#[cfg(not(any(feature = "desktop", feature = "mobile", feature = "web")))]
fn run(_options: LaunchOptions) {
    eprintln!(
        "paso: this build has no window renderer (built without the `desktop`, `mobile` or `web` feature).\n\
         Build the phone-sized desktop app with:  cargo run --bin paso -- --at 14.9054,-92.2589\n\
         (the editors' tool is `paso-data`: cargo run --no-default-features --features cli --bin paso-data -- --help)"
    );
    std::process::exit(1);
}
