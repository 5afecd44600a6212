//! Every user-facing Persian string, on the lowest floor so that everything above can use it.
//!
//! `copy` imports nothing from the crate: it holds `&'static str` constants and small functions
//! that put primitives (names, codes, numbers already written out) into sentences, so the wording
//! can be reviewed, and one day given its English twin, in this folder alone. Each feature's
//! strings live in the file named after it (`app` holds the pages' and the server's, to be split
//! by feature in turn); all are reached as `crate::copy::NAME`. `digits` writes numbers with Persian
//! digits and reads them back from any digits.
//!
//! Numbers arrive as text the caller has already written in Persian digits (the digit rules live
//! in `copy::digits`), unless a function says otherwise.

mod accounts;
mod app;
mod calendar;
mod canned;
mod catalog;
pub mod digits;
mod fields;
mod files;
mod identity;
mod notify;
mod requests;
mod search;
mod sla;

pub use accounts::*;
pub use app::*;
pub use calendar::*;
pub use canned::*;
pub use catalog::*;
pub use fields::*;
pub use files::*;
pub use identity::*;
pub use notify::*;
pub use requests::*;
pub use search::*;
pub use sla::*;
