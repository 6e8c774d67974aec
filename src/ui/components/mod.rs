//! Small pieces the screens are built from. They take everything through props (no context, no data
//! access), so each renders the same way in the app and in headless tests.

pub mod card;
pub mod chips;
pub mod emergency;
pub mod icon;
pub mod nationality;
pub mod place;
pub mod sources;
