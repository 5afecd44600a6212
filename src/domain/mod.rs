pub mod account;
pub mod digits;
pub mod identity;
pub mod jalali;
pub mod request;
pub mod request_status;
pub mod text;
pub mod tracking;
