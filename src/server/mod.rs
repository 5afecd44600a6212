//! Server-only machinery, in folders by feature:
//!
//! - `platform`: configuration, database, application state, background maintenance, demo seed,
//!   spreadsheet writing.
//! - `auth`: accounts, passwords, sessions, sign-in codes, the second factor, sign-up, throttles,
//!   form flash.
//! - `requests`: the request lifecycle, types and their forms, files, search, groups, staff tools.
//! - `sla`: working calendars, policies, clocks, recomputation, the alert scheduler, reports.
//! - `notify`: the outbox with its e-mail and SMS channels, and live events.
//! - `payments`: fees from the budget tables' tariffs.

pub mod auth;
pub mod calls;
pub mod disputes;
pub mod notify;
pub mod payments;
pub mod platform;
pub mod requests;
pub mod sla;
