//! Readers of editorial inputs with fixed columns: the curated route points and the reviewed town centres.

pub mod curated;
pub mod town_positions;
