//! Small pieces the screens are built from, and everything two screens share: screens import components and
//! never another screen. Most take everything through props (no context, no data access), so each renders
//! the same way in the app and in headless tests; the shared fields (`back`, `language`, the nationality
//! field) and `place_name` read the app's state or the catalog.

pub mod back;
pub mod card;
pub mod chips;
pub mod emergency;
pub mod icon;
pub mod ids;
pub mod language;
pub mod nationality;
pub mod place;
pub mod place_name;
pub mod queued;
pub mod sources;
