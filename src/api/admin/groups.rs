//! Staff groups: their settings and members.

// Server functions take one argument per form field (the generated code carries the lint).
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{admin, id_of};
use crate::wire::AppError;

/// Creates a group (empty `group_id`) or changes one.
#[server(prefix = "/api", endpoint = "save_group")]
pub async fn save_group(
    group_id: Option<String>,
    name: String,
    description: Option<String>,
    active: Option<String>,
    auto_assign: Option<String>,
) -> Result<i64, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            admin()?;
            let id = match group_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                Some(id) => Some(id_of("group_id", id)?),
                None => None,
            };
            crate::server::requests::groups::save(
                &ctx::state()?,
                id,
                &name,
                description.as_deref().unwrap_or(""),
                active.is_some(),
                auto_assign.is_some(),
            )
            .await
        }
        .await,
    )
}

/// Adds a staff member to a group (`member=1`) or removes them (`member=0`).
#[server(prefix = "/api", endpoint = "set_group_member")]
pub async fn set_group_member(
    group_id: String,
    user_id: String,
    member: String,
) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            admin()?;
            crate::server::requests::groups::set_member(
                &ctx::state()?,
                id_of("group_id", &group_id)?,
                id_of("user_id", &user_id)?,
                member == "1",
            )
            .await
        }
        .await,
    )
}

impl crate::api::FromFormFields for SaveGroup {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        SaveGroup {
            group_id: f.opt("group_id"),
            name: f.get("name"),
            description: f.opt("description"),
            active: f.opt("active"),
            auto_assign: f.opt("auto_assign"),
        }
    }
}

impl crate::api::FromFormFields for SetGroupMember {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        SetGroupMember {
            group_id: f.get("group_id"),
            user_id: f.get("user_id"),
            member: f.get("member"),
        }
    }
}
