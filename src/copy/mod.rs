//! Every Persian text a person reads: pages, messages, notices. The lowest floor: it uses nothing
//! of the crate, so every other floor can use it. One written style throughout (half-spaces,
//! ezafe, Persian digits where a person reads a number).

mod app;
pub mod digits;
pub use app::*;
