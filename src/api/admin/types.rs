//! The request-type catalogue: types, their form fields, guide files and staff documents.

// Server functions take one argument per form field (the generated code carries the lint).
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

#[cfg(feature = "ssr")]
use super::{admin, id_of};
use crate::wire::AppError;
use crate::wire::TypeAdmin;

#[server(prefix = "/api", endpoint = "admin_types")]
pub async fn admin_types() -> Result<Vec<TypeAdmin>, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            admin()?;
            crate::server::requests::catalog::list(&ctx::state()?).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "admin_type")]
pub async fn admin_type(type_id: i64) -> Result<TypeAdmin, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            admin()?;
            crate::server::requests::catalog::get(&ctx::state()?, type_id).await
        }
        .await,
    )
}

/// Creates a type (empty `type_id`) or saves one; returns its id.
#[server(prefix = "/api", endpoint = "save_type")]
pub async fn save_type(
    type_id: Option<String>,
    title: String,
    description: String,
    kind_student: Option<String>,
    kind_graduate: Option<String>,
    kind_institution: Option<String>,
    group_id: Option<String>,
    initial_result_days: String,
    active: Option<String>,
) -> Result<i64, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            admin()?;
            let kinds = [
                (kind_student, "student"),
                (kind_graduate, "graduate"),
                (kind_institution, "institution"),
            ]
            .into_iter()
            .filter_map(|(ticked, kind)| ticked.map(|_| kind.to_string()))
            .collect();
            let t = crate::domain::catalog::TypeForm {
                title,
                description,
                kinds,
                group_id: group_id.unwrap_or_default(),
                initial_result_days,
                active: active.is_some(),
            }
            .validate()
            .map_err(|e| AppError::validation(e.field, e.message))?;
            let id = match type_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                Some(id) => Some(id_of("type_id", id)?),
                None => None,
            };
            let id = crate::server::requests::catalog::save(&ctx::state()?, id, t).await?;
            ctx::redirect_plain_form(&format!("/admin/types/{id}"));
            Ok(id)
        }
        .await,
    )
}

/// Adds a field to a type's form (`field_id` empty) or changes one.
#[server(prefix = "/api", endpoint = "save_field")]
pub async fn save_field(
    type_id: String,
    field_id: Option<String>,
    label: String,
    kind: String,
    required: Option<String>,
    help: Option<String>,
    choices: Option<String>,
) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            admin()?;
            let state = ctx::state()?;
            let f = crate::domain::fields::FieldForm {
                label,
                kind,
                required: required.is_some(),
                help: help.unwrap_or_default(),
                choices: choices.unwrap_or_default(),
            }
            .validate()
            .map_err(|e| AppError::validation(e.field, e.message))?;
            match field_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                Some(id) => {
                    crate::server::requests::catalog::update_field(
                        &state,
                        id_of("field_id", id)?,
                        f,
                    )
                    .await
                }
                None => crate::server::requests::catalog::add_field(
                    &state,
                    id_of("type_id", &type_id)?,
                    f,
                )
                .await
                .map(|_| ()),
            }
        }
        .await,
    )
}

/// Retires a field, or moves it up or down: `op` is "retire", "up" or "down".
#[server(prefix = "/api", endpoint = "field_op")]
pub async fn field_op(field_id: String, op: String) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            admin()?;
            let state = ctx::state()?;
            let id = id_of("field_id", &field_id)?;
            match op.as_str() {
                "retire" => crate::server::requests::catalog::retire_field(&state, id).await,
                "up" => crate::server::requests::catalog::move_field(&state, id, true).await,
                "down" => crate::server::requests::catalog::move_field(&state, id, false).await,
                _ => Err(AppError::validation("op", crate::copy::ERR_BAD_CHOICE)),
            }
        }
        .await,
    )
}

/// Uploads a guide file (`audience` "guide") or staff document ("staff") for a type
/// (multipart: `type_id`, `audience`, `title`, `file`).
#[server(prefix = "/api", endpoint = "upload_document", input = MultipartFormData)]
pub async fn upload_document(data: MultipartData) -> Result<i64, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = admin()?;
            let state = ctx::state()?;
            let form = crate::api::upload::read(
                data,
                state.config.max_file_bytes(),
                state.config.max_file_bytes() + 1024 * 1024,
            )
            .await?;
            let f = &form.fields;
            let type_id = id_of("type_id", &f.get("type_id"))?;
            let audience = match f.get("audience").as_str() {
                "guide" => "guide",
                "staff" => "staff",
                _ => {
                    return Err(AppError::validation(
                        "audience",
                        crate::copy::ERR_BAD_CHOICE,
                    ));
                }
            };
            let uploads = form
                .files
                .into_iter()
                .filter(|u| u.input == "file")
                .collect();
            let mut files = crate::server::requests::files::check_uploads(
                uploads,
                state.config.max_file_bytes(),
                state.config.max_file_bytes(),
                0,
            )?;
            let Some(file) = files.pop() else {
                return Err(AppError::validation(
                    "files",
                    crate::copy::ERR_FILE_REQUIRED,
                ));
            };
            crate::server::requests::catalog::add_document(
                &state,
                type_id,
                audience,
                &f.get("title"),
                &file,
                user.id,
            )
            .await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "retire_document")]
pub async fn retire_document(document_id: String) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            admin()?;
            crate::server::requests::catalog::retire_document(
                &ctx::state()?,
                id_of("document_id", &document_id)?,
            )
            .await
        }
        .await,
    )
}

impl crate::api::FromFormFields for SaveType {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        SaveType {
            type_id: f.opt("type_id"),
            title: f.get("title"),
            description: f.get("description"),
            kind_student: f.opt("kind_student"),
            kind_graduate: f.opt("kind_graduate"),
            kind_institution: f.opt("kind_institution"),
            group_id: f.opt("group_id"),
            initial_result_days: f.get("initial_result_days"),
            active: f.opt("active"),
        }
    }
}

impl crate::api::FromFormFields for SaveField {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        SaveField {
            type_id: f.get("type_id"),
            field_id: f.opt("field_id"),
            label: f.get("label"),
            kind: f.get("kind"),
            required: f.opt("required"),
            help: f.opt("help"),
            choices: f.opt("choices"),
        }
    }
}

impl crate::api::FromFormFields for FieldOp {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        FieldOp {
            field_id: f.get("field_id"),
            op: f.get("op"),
        }
    }
}

impl crate::api::FromFormFields for RetireDocument {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        RetireDocument {
            document_id: f.get("document_id"),
        }
    }
}
