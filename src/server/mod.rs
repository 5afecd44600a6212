//! Server-only machinery: configuration, state, database, sessions, live events, HTTP.

pub mod auth;
pub mod bench;
pub mod calendar;
pub mod catalog;
pub mod config;
pub mod db;
pub mod events;
pub mod files;
pub mod groups;
pub mod http;
pub mod maintenance;
pub mod notify;
pub mod otp;
pub mod requests;
pub mod search;
pub mod seed;
pub mod sla;
pub mod staff_tools;
pub mod state;
