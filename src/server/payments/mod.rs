//! Fees and payments (issue 14): the tariffs of the annual budget tables, so far.

pub mod tariff_import;
pub mod tariffs;
