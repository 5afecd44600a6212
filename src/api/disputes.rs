//! A request's dispute: raising it, its thread (messages, staff notes, proposals), accepting a
//! proposal, and the provider's final view. Who may see a dispute is who may see its request.

use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

use crate::wire::{AppError, DisputePanel};

/// The dispute part of a request's page.
#[server(prefix = "/api", endpoint = "get_dispute")]
pub async fn get_dispute(code: String) -> Result<DisputePanel, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async { crate::server::disputes::panel(&ctx::state()?, &ctx::user()?, &code).await }.await,
    )
}

#[cfg(feature = "ssr")]
fn back(code: &str, staff: bool) -> String {
    if staff {
        format!("/staff/requests/{code}/dispute")
    } else {
        format!("/requests/{code}/dispute")
    }
}

/// The applicant disputes their request (multipart: `code`, `subject` — `interpretation` or
/// `execution` —, `reasons`, `files`).
#[server(prefix = "/api", endpoint = "raise_dispute", input = MultipartFormData)]
pub async fn raise_dispute(data: MultipartData) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = ctx::require(crate::domain::account::Access::Applicant)?;
            let state = ctx::state()?;
            let form = crate::api::upload::read_for_request(data, &state).await?;
            let f = &form.fields;
            let code = f.get("code");
            crate::server::disputes::raise(
                &state,
                &user,
                &code,
                &f.get("subject"),
                &f.get("reasons"),
                form.files,
            )
            .await?;
            ctx::redirect_plain_form(&back(&code, false));
            Ok(())
        }
        .await,
    )
}

/// Writes `message` in the dispute's thread, with `files` (multipart): `kind` is `message`, or
/// for its supervisor also `note` (staff only) or `proposal`.
#[server(prefix = "/api", endpoint = "dispute_write", input = MultipartFormData)]
pub async fn dispute_write(data: MultipartData) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::server::disputes::Writing;
    ctx::respond(
        async {
            let user = ctx::user()?;
            let state = ctx::state()?;
            let form = crate::api::upload::read_for_request(data, &state).await?;
            let f = &form.fields;
            let code = f.get("code");
            let writing = Writing::parse(f.opt("kind").as_deref().unwrap_or("message"))
                .ok_or_else(|| AppError::validation("kind", crate::copy::ERR_BAD_CHOICE))?;
            crate::server::disputes::write(
                &state,
                &user,
                &code,
                &f.get("message"),
                writing,
                form.files,
            )
            .await?;
            ctx::redirect_plain_form(&back(&code, user.role.is_staff()));
            Ok(())
        }
        .await,
    )
}

/// The applicant accepts the standing proposal `proposal_id`.
#[server(prefix = "/api", endpoint = "accept_proposal")]
pub async fn accept_proposal(code: String, proposal_id: String) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = ctx::require(crate::domain::account::Access::Applicant)?;
            let id = proposal_id.trim().parse::<i64>().map_err(|_| {
                AppError::validation("proposal_id", crate::copy::ERR_DISPUTE_NO_PROPOSAL)
            })?;
            crate::server::disputes::accept(&ctx::state()?, &user, &code, id).await?;
            ctx::redirect_plain_form(&back(&code, false));
            Ok(())
        }
        .await,
    )
}

/// The provider's final view after the month: `view`, or with `confirm_proposal` ticked the
/// standing proposal.
#[server(prefix = "/api", endpoint = "final_view")]
pub async fn final_view(
    code: String,
    view: String,
    confirm_proposal: Option<String>,
) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = ctx::require(crate::domain::account::Access::Supervisor)?;
            crate::server::disputes::final_view(
                &ctx::state()?,
                &user,
                &code,
                &view,
                confirm_proposal.is_some(),
            )
            .await?;
            ctx::redirect_plain_form(&back(&code, true));
            Ok(())
        }
        .await,
    )
}

impl crate::api::FromFormFields for AcceptProposal {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        AcceptProposal {
            code: f.get("code"),
            proposal_id: f.get("proposal_id"),
        }
    }
}

impl crate::api::FromFormFields for FinalView {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        FinalView {
            code: f.get("code"),
            view: f.get("view"),
            confirm_proposal: f.opt("confirm_proposal"),
        }
    }
}
