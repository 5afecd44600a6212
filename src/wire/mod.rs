//! What crosses the wire between the browser and the server: the data the server functions
//! return and take, and the one error type both sides share. Depends on `domain` only.

mod dto;
mod error;
mod tariff_import;
pub use dto::*;
pub use error::*;
pub use tariff_import::*;
