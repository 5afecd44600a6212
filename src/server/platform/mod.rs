//! What every feature stands on: configuration and the secrets in it, the database, the
//! application state, background maintenance, the demo seed and the spreadsheet writer.

#[cfg(feature = "bench")]
pub mod bench;
pub mod clock;
pub mod config;
pub mod db;
pub mod error;
pub mod maintenance;
pub mod secret;
pub mod seed;
pub mod spreadsheet;
pub mod state;
