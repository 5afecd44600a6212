pub mod digits;
pub mod identity;
pub mod jalali;
pub mod request_status;
pub mod text;
pub mod tracking;
pub mod account;
pub mod request;
