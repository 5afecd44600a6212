//! The working calendar: hours per weekday, holidays and closures.

// Server functions take one argument per form field (the generated code carries the lint).
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{admin, id_of};
use crate::wire::AppError;

/// The working calendar: hours per weekday, holidays and closures.
#[server(prefix = "/api", endpoint = "calendar")]
pub async fn calendar() -> Result<crate::wire::CalendarAdmin, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            admin()?;
            crate::server::sla::calendar::overview(&ctx::state()?).await
        }
        .await,
    )
}

/// Sets a weekday's working hours (`08:00`–`14:00`); both empty makes it a day off. Returns
/// how many open requests had their SLA clocks recomputed.
#[server(prefix = "/api", endpoint = "set_weekday_hours")]
pub async fn set_weekday_hours(
    weekday: String,
    start: Option<String>,
    end: Option<String>,
) -> Result<usize, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            admin()?;
            let day = weekday
                .trim()
                .parse::<u8>()
                .map_err(|_| AppError::validation("weekday", crate::copy::ERR_ITEM_GONE))?;
            let n = crate::server::sla::calendar::set_weekday(
                &ctx::state()?,
                day,
                start.as_deref().unwrap_or(""),
                end.as_deref().unwrap_or(""),
            )
            .await?;
            ctx::redirect_plain_form("/admin/calendar");
            Ok(n)
        }
        .await,
    )
}

/// Closes a day (Jalali `1404/01/01`): an official holiday (`official` ticked) or an ad-hoc
/// closure, for everyone or one group. Returns how many open requests were recomputed.
#[server(prefix = "/api", endpoint = "add_closure")]
pub async fn add_closure(
    date: String,
    reason: String,
    official: Option<String>,
    group_id: Option<String>,
) -> Result<usize, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = admin()?;
            let group = match group_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                Some(g) => Some(id_of("group_id", g)?),
                None => None,
            };
            let n = crate::server::sla::calendar::add_closure(
                &ctx::state()?,
                user.id,
                &date,
                &reason,
                official.is_some(),
                group,
            )
            .await?;
            ctx::redirect_plain_form("/admin/calendar");
            Ok(n)
        }
        .await,
    )
}

/// Opens a closed day again.
#[server(prefix = "/api", endpoint = "remove_closure")]
pub async fn remove_closure(id: String) -> Result<usize, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            admin()?;
            let n = crate::server::sla::calendar::remove_closure(&ctx::state()?, id_of("id", &id)?)
                .await?;
            ctx::redirect_plain_form("/admin/calendar");
            Ok(n)
        }
        .await,
    )
}

impl crate::api::FromFormFields for SetWeekdayHours {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        SetWeekdayHours {
            weekday: f.get("weekday"),
            start: f.opt("start"),
            end: f.opt("end"),
        }
    }
}

impl crate::api::FromFormFields for AddClosure {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        AddClosure {
            date: f.get("date"),
            reason: f.get("reason"),
            official: f.opt("official"),
            group_id: f.opt("group_id"),
        }
    }
}

impl crate::api::FromFormFields for RemoveClosure {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        RemoveClosure { id: f.get("id") }
    }
}
