//! `paso-server`, the truth loop's service: phones send reports, field staff send verifications, editors
//! accept or reject them on a review page, and accepted changes are exported as corrections for the next
//! signed bundle. Behind the `server` feature.

pub mod export;
pub mod http;
pub mod postgres;
pub mod queue;
pub mod review;
pub mod sqlite;
pub mod storage;
pub mod tokens;
