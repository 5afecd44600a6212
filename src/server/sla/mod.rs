//! The SLA engine on the server, by concern:
//!
//! - `calendar`: the working calendars (cached, reloaded on change and every minute) and their
//!   editing by admins, each change recording in its transaction the recompute it owes.
//! - `policy`: each type's policy, versioned.
//! - `clocks`: each request's clocks, computed from its history (`domain::clocks`) and stored
//!   with it on every change.
//! - `recompute`: bringing the stored clocks of open requests up to date in windows, and running
//!   the recomputes calendar changes left undone.
//! - `scheduler`: firing each warning and breach exactly once.
//! - `view`: a stored clock brought up to now for a page.
//! - `report`: the dashboard, the public figures, their charts and spreadsheets.

pub mod calendar;
pub mod clocks;
pub mod policy;
pub mod recompute;
pub mod report;
pub mod scheduler;
pub mod view;
