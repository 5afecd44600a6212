//! Administration: the request-type catalogue (types, form fields, guide files and staff
//! documents) and staff groups.

// Server functions take one argument per form field (the generated code carries the lint).
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

use crate::wire::AppError;
use crate::wire::TypeAdmin;

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
