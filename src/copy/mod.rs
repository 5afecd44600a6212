//! Every user-facing Persian string, on the lowest floor so that everything above can use it.
//!
//! `copy` imports nothing from the crate: it holds `&'static str` constants and small functions
//! that put primitives (names, codes, numbers already written out) into sentences, so the wording
//! can be reviewed, and one day given its English twin, in this folder alone. Each feature's
//! strings live in the file named after it (`pages`, `errors`, `auth`, `requests`, `staff`, `sla`,
//! `admin`, and the smaller ones); all are reached as `crate::copy::NAME`. `digits` writes
//! numbers with Persian digits and reads them back from any digits.
//!
//! Numbers arrive as text the caller has already written in Persian digits (the digit rules live
//! in `copy::digits`), unless a function says otherwise.

mod accounts;
mod admin;
mod auth;
mod calendar;
mod calls;
mod canned;
mod catalog;
mod common;
pub mod digits;
mod errors;
mod fields;
mod files;
mod identity;
mod money;
mod notify;
mod pages;
mod payments;
mod requests;
mod search;
mod sla;
mod staff;
mod tariff_import;

pub use accounts::*;
pub use admin::*;
pub use auth::*;
pub use calendar::*;
pub use calls::*;
pub use canned::*;
pub use catalog::*;
pub use common::*;
pub use errors::*;
pub use fields::*;
pub use files::*;
pub use identity::*;
pub use money::*;
pub use notify::*;
pub use pages::*;
pub use payments::*;
pub use requests::*;
pub use search::*;
pub use sla::*;
pub use staff::*;
pub use tariff_import::*;
