//! Administration's server functions, one file per admin page: the request-type catalogue
//! (`types`, with each type's SLA `policy`), staff `groups`, the working `calendar`, and
//! `staff` accounts, each type's `tariffs`, and the `calls` that open types' intake. Every one is for admins only.

pub mod calendar;
pub mod calls;
pub mod groups;
pub mod policy;
pub mod staff;
pub mod tariffs;
pub mod types;

#[cfg(feature = "ssr")]
use crate::wire::AppError;

#[cfg(feature = "ssr")]
fn admin() -> Result<crate::server::auth::SessionUser, AppError> {
    crate::api::ctx::require(crate::domain::account::Access::Admin)
}

#[cfg(feature = "ssr")]
fn id_of(field: &str, v: &str) -> Result<i64, AppError> {
    v.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| AppError::validation(field, crate::copy::ERR_ITEM_GONE))
}
