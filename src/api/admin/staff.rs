//! Staff accounts: switching them off and on, resetting a lost second factor, the audit trail.

// Server functions take one argument per form field (the generated code carries the lint).
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{admin, id_of};
use crate::wire::AppError;

/// The staff accounts and the latest of the audit trail.
#[server(prefix = "/api", endpoint = "staff_admin")]
pub async fn staff_admin() -> Result<crate::wire::StaffAdmin, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            admin()?;
            crate::server::auth::accounts::staff_admin(&ctx::state()?).await
        }
        .await,
    )
}

/// Removes a staff member's second factor (a lost phone): they set up a new one at their next
/// sign-in. Kept in the audit trail with the reason.
#[server(prefix = "/api", endpoint = "reset_second_factor")]
pub async fn reset_second_factor(user_id: String, reason: String) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let me = admin()?;
            crate::server::auth::second_factor::reset(
                &ctx::state()?,
                &me,
                id_of("user_id", &user_id)?,
                &reason,
            )
            .await
        }
        .await,
    )
}

/// Switches a staff account off (`active=0`; its sessions end at once) or on (`active=1`).
#[server(prefix = "/api", endpoint = "set_account_active")]
pub async fn set_account_active(
    user_id: String,
    active: String,
    reason: String,
) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let me = admin()?;
            crate::server::auth::accounts::set_active(
                &ctx::state()?,
                &me,
                id_of("user_id", &user_id)?,
                active == "1",
                &reason,
            )
            .await
        }
        .await,
    )
}

impl crate::api::FromFormFields for ResetSecondFactor {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        ResetSecondFactor {
            user_id: f.get("user_id"),
            reason: f.get("reason"),
        }
    }
}

impl crate::api::FromFormFields for SetAccountActive {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        SetAccountActive {
            user_id: f.get("user_id"),
            active: f.get("active"),
            reason: f.get("reason"),
        }
    }
}
