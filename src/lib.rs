//! Paso: true, signed, offline help for people on the move through Urabá, the Darién, Central America and
//! Mexico. This crate holds the core (model, text, spatial, i18n, bundle, store, catalog) and the app's UI
//! components; the renderers and the editors' CLI are behind features.
#![deny(missing_docs)]

#[cfg(feature = "cli")]
pub mod bench;
pub mod bundle;
pub mod catalog;
pub mod i18n;
pub mod model;
pub mod prose;
#[cfg(not(target_arch = "wasm32"))]
pub mod report_sender;
#[cfg(feature = "server")]
pub mod server;
pub mod spatial;
pub mod store;
pub mod text;
pub mod ui;
pub mod update;
#[cfg(all(feature = "web", target_arch = "wasm32"))]
pub mod web;
pub mod wire;

/// This app's version, compared with a bundle's `min_app_version`.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
