//! Fees and payments (issue 14): the tariffs of the annual budget tables, the gateways and
//! their simulator, and paying a request's fee exactly once.

pub mod flow;
pub mod gateway;
pub mod report;
pub mod sep;
pub mod simulator;
pub mod tariff_import;
pub mod tariffs;
pub mod zarinpal;
