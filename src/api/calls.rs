//! Calls as applicants and visitors see them: the public list, and asking to be told when a
//! service opens.

use leptos::prelude::*;

use crate::wire::{AppError, CallDto};

/// The calls open now or coming (public: `/calls` needs no sign-in).
#[server(prefix = "/api", endpoint = "public_calls")]
pub async fn public_calls() -> Result<Vec<CallDto>, AppError> {
    use crate::api::ctx;
    ctx::respond(async { crate::server::calls::public(&ctx::state()?).await }.await)
}

/// The applicant asks to be told once, by SMS or e-mail, when the type opens.
#[server(prefix = "/api", endpoint = "watch_type")]
pub async fn watch_type(type_id: String) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = ctx::require(crate::domain::account::Access::Applicant)?;
            let id = type_id
                .trim()
                .parse::<i64>()
                .map_err(|_| AppError::validation("type_id", crate::copy::ERR_ITEM_GONE))?;
            crate::server::calls::watch(&ctx::state()?, user.id, id).await?;
            ctx::redirect_plain_form(&format!("/requests/new?type={id}"));
            Ok(())
        }
        .await,
    )
}

impl crate::api::FromFormFields for WatchType {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        WatchType {
            type_id: f.get("type_id"),
        }
    }
}
