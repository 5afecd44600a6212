//! Server-only machinery: configuration, state, database, sessions, live events, HTTP.

pub mod auth;
pub mod bench;
pub mod calendar;
pub mod catalog;
pub mod charts;
pub mod config;
pub mod db;
pub mod events;
pub mod export;
pub mod files;
pub mod flash;
pub mod groups;
pub mod http;
pub mod maintenance;
pub mod notify;
pub mod otp;
pub mod requests;
pub mod search;
pub mod seed;
pub mod signup;
pub mod sla;
pub mod sla_report;
pub mod staff_tools;
pub mod state;
pub mod throttle;
