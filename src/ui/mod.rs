//! The phone app's user interface: routes, screens (one per route) and components (props only).
//! It gets data from [`crate::catalog::Catalog`] and [`crate::store::UserStore`]; it never runs SQL.

pub mod map;
pub mod markdown;
