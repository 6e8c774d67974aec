//! The screens, one per route. Each reads the shared state from context, asks the catalog or the user
//! store (never SQL), and lays out components.

pub mod emergency;
pub mod error;
pub mod first_run;
pub mod guide;
pub mod map;
pub mod near;
pub mod neutral;
pub mod place;
pub mod report;
pub mod search;
pub mod settings;
pub mod truths;
pub mod verify;
