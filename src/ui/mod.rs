//! The phone app's user interface: routes, screens (one per route) and components (props only).
//! It gets data from [`crate::catalog::Catalog`] and [`crate::store::UserStore`]; it never runs SQL.

pub mod app;
pub mod components;
pub mod errors;
pub mod launch;
pub mod map;
pub mod markdown;
pub mod present;
pub mod screens;
pub mod shell;
pub mod state;
pub mod updates;
