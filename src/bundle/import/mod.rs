//! Readers of editorial inputs with fixed columns: the curated route points.

pub mod curated;
