//! One file per route.

pub mod admin;
pub mod calls;
pub mod canned;
pub mod dispute;
pub mod finance;
pub mod home;
pub mod login;
pub mod my_requests;
pub mod new_request;
pub mod not_found;
pub mod receipt;
pub mod register;
pub mod request;
pub mod second_factor;
pub mod settings;
pub mod sla;
pub mod sla_extra;
pub mod staff_elsewhere;
pub mod staff_queue;
pub mod staff_request;
