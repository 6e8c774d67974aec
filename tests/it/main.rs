//! The one integration test binary. Each module covers one area; fixtures live in `tests/data/`.

mod common;

mod architecture;
mod bench_smoke;
mod bundle_files;
mod content_limits;
mod curated;
mod editor_import;
mod guide_text;
mod guides;
mod logging;
mod near_and_search;
mod near_layout;
mod network_edges;
mod privacy;
mod read_path;
#[cfg(feature = "server")]
mod report_sending;
#[cfg(feature = "server")]
mod review_browser;
mod search_typos;
#[cfg(feature = "server")]
mod server;
#[cfg(feature = "server")]
mod server_load;
mod trust_chain;
#[cfg(feature = "server")]
mod truth_loop;
mod ui_map;
mod ui_screens;
mod ui_updates;
mod update_attacks;
mod update_crash;
mod update_e2e;
mod update_faults;
mod update_fuzz;
mod update_support;
#[cfg(feature = "server")]
mod web_app;
