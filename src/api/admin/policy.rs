//! A request type's SLA policy.

// Server functions take one argument per form field (the generated code carries the lint).
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{admin, id_of};
use crate::wire::AppError;

/// Saves a type's SLA policy: targets in working hours or days and the warning threshold. A
/// change is a new version; requests already filed keep theirs. Returns whether one was made.
#[server(prefix = "/api", endpoint = "save_policy")]
pub async fn save_policy(
    type_id: String,
    unit: String,
    initial: String,
    resolution: String,
    warn_percent: String,
) -> Result<bool, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = admin()?;
            let type_id = id_of("type_id", &type_id)?;
            let policy = crate::domain::sla::PolicyForm {
                unit,
                initial,
                resolution,
                warn_percent,
            }
            .validate()
            .map_err(|e| AppError::validation(e.field, e.message))?;
            let made =
                crate::server::sla::policy::save_policy(&ctx::state()?, type_id, policy, user.id)
                    .await?;
            ctx::redirect_plain_form(&format!("/admin/types/{type_id}"));
            Ok(made)
        }
        .await,
    )
}

impl crate::api::FromFormFields for SavePolicy {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        SavePolicy {
            type_id: f.get("type_id"),
            unit: f.get("unit"),
            initial: f.get("initial"),
            resolution: f.get("resolution"),
            warn_percent: f.get("warn_percent"),
        }
    }
}
