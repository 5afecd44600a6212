//! Calls (فراخوان): what opens a service's intake and when, and whether a type takes requests
//! always or only within its calls.

// Server functions take one argument per form field (the generated code carries the lint).
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

#[cfg(feature = "ssr")]
use super::{admin, id_of};
use crate::wire::{AppError, CallsAdmin};

/// The admins' page: the latest calls with their trails, and each type's intake.
#[server(prefix = "/api", endpoint = "calls_overview")]
pub async fn calls_overview() -> Result<CallsAdmin, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            admin()?;
            crate::server::calls::admin_overview(&ctx::state()?).await
        }
        .await,
    )
}

/// An instant from a Jalali date and a Tehran time, or the field's error.
#[cfg(feature = "ssr")]
fn instant(field: &str, date: &str, time: &str, end: bool) -> Result<i64, AppError> {
    crate::domain::call::parse_instant(date, time, end)
        .ok_or_else(|| AppError::validation(field, crate::copy::ERR_CALL_INSTANT))
}

/// Adds a call (multipart: `title`, `body`, `starts_date`, `starts_time`, `ends_date`,
/// `ends_time`, `capacity` (empty: no limit), and a `kinds` and a `types` value for each ticked
/// box).
#[server(prefix = "/api", endpoint = "create_call", input = MultipartFormData)]
pub async fn create_call(data: MultipartData) -> Result<i64, AppError> {
    use crate::api::ctx;
    use crate::domain::account::ApplicantKind;
    ctx::respond(
        async {
            let user = admin()?;
            let form = crate::api::upload::read(data, 0, 64 * 1024).await?;
            let f = &form.fields;
            let all = |name: &str| -> Vec<String> {
                f.0.iter()
                    .filter(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
                    .collect()
            };
            let capacity = match crate::copy::digits::fold_digits(f.get("capacity").trim()).as_str()
            {
                "" => None,
                c => Some(c.parse::<i64>().map_err(|_| {
                    AppError::validation("capacity", crate::copy::ERR_CALL_CAPACITY)
                })?),
            };
            let call = crate::server::calls::NewCall {
                title: f.get("title"),
                body: f.get("body"),
                starts_at: instant(
                    "starts_date",
                    &f.get("starts_date"),
                    &f.get("starts_time"),
                    false,
                )?,
                ends_at: instant("ends_date", &f.get("ends_date"), &f.get("ends_time"), true)?,
                kinds: all("kinds")
                    .iter()
                    .filter_map(|k| ApplicantKind::parse(k))
                    .collect(),
                capacity,
                type_ids: all("types")
                    .iter()
                    .map(|t| id_of("types", t))
                    .collect::<Result<_, _>>()?,
            };
            let id = crate::server::calls::create(&ctx::state()?, user.id, call).await?;
            ctx::redirect_plain_form("/admin/calls");
            Ok(id)
        }
        .await,
    )
}

/// Moves a call's end later, with a reason kept in its trail.
#[server(prefix = "/api", endpoint = "extend_call")]
pub async fn extend_call(
    id: String,
    ends_date: String,
    ends_time: String,
    reason: String,
) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = admin()?;
            let end = instant("ends_date", &ends_date, &ends_time, true)?;
            crate::server::calls::change_end(
                &ctx::state()?,
                user.id,
                id_of("id", &id)?,
                Some(end),
                &reason,
            )
            .await?;
            ctx::redirect_plain_form("/admin/calls");
            Ok(())
        }
        .await,
    )
}

/// Closes a call now, with a reason kept in its trail.
#[server(prefix = "/api", endpoint = "close_call")]
pub async fn close_call(id: String, reason: String) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = admin()?;
            crate::server::calls::change_end(
                &ctx::state()?,
                user.id,
                id_of("id", &id)?,
                None,
                &reason,
            )
            .await?;
            ctx::redirect_plain_form("/admin/calls");
            Ok(())
        }
        .await,
    )
}

/// Sets a type always open (`always`) or open only within its calls (`calls`).
#[server(prefix = "/api", endpoint = "set_intake")]
pub async fn set_intake(type_id: String, intake: String) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            admin()?;
            let intake = crate::domain::call::Intake::parse(intake.trim())
                .ok_or_else(|| AppError::validation("intake", crate::copy::ERR_ITEM_GONE))?;
            crate::server::calls::set_intake(&ctx::state()?, id_of("type_id", &type_id)?, intake)
                .await?;
            ctx::redirect_plain_form("/admin/calls");
            Ok(())
        }
        .await,
    )
}

impl crate::api::FromFormFields for ExtendCall {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        ExtendCall {
            id: f.get("id"),
            ends_date: f.get("ends_date"),
            ends_time: f.get("ends_time"),
            reason: f.get("reason"),
        }
    }
}

impl crate::api::FromFormFields for CloseCall {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        CloseCall {
            id: f.get("id"),
            reason: f.get("reason"),
        }
    }
}

impl crate::api::FromFormFields for SetIntake {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        SetIntake {
            type_id: f.get("type_id"),
            intake: f.get("intake"),
        }
    }
}
