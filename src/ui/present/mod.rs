//! What the screens show, computed without any UI: the Near me filters and ranking, honest distance lines,
//! open-now from OSM opening hours, visa wording, outbox counts, share text and safe links. Pure functions,
//! unit-tested here; the screens only lay the results out.
//!
//! [`near`] holds the Near me filters, ranking and distance lines; [`hours`] open-now; [`visa`] visa wording;
//! [`outbox`] outbox counts; [`share`] share text and safe links. Everything is re-exported here.

pub mod hours;
pub mod near;
pub mod outbox;
pub mod share;
pub mod visa;

pub use hours::{open_state, open_text, OpenState};
pub use near::{
    brief, distance_line, is_approximate, near_rows, position_label, rank, NearFilters, PAGE,
};
pub use outbox::OutboxCounts;
pub use share::{geo_uri, share_text, web_link};
pub use visa::visa_text;
