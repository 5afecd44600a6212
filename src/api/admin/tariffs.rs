//! Tariffs (the budget tables' lines): a type's list and a new line; every type's lines on the
//! admins' tariffs page; and a year's table imported from a spreadsheet (upload, preview,
//! confirmation).

// Server functions take one argument per form field (the generated code carries the lint).
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

#[cfg(feature = "ssr")]
use super::{admin, id_of};
use crate::wire::{AppError, TariffDto, TariffImportPreview, TariffOverview};

/// Every line of the type's tariffs, newest year first; today's marked.
#[server(prefix = "/api", endpoint = "admin_tariffs")]
pub async fn admin_tariffs(type_id: i64) -> Result<Vec<TariffDto>, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            admin()?;
            crate::server::payments::tariffs::list(&ctx::state()?, type_id).await
        }
        .await,
    )
}

/// Adds a line (a year's tariff, or an amendment from its day) to a type; returns its id.
/// `unit` is `rials` (default) or `tomans`; the amount is stored in rials.
#[server(prefix = "/api", endpoint = "add_tariff")]
pub async fn add_tariff(
    type_id: String,
    applicant_kind: String,
    effective_from: String,
    amount: String,
    unit: Option<String>,
    source: String,
) -> Result<i64, AppError> {
    use crate::api::ctx;
    use crate::copy;
    use crate::domain::account::ApplicantKind;
    use crate::domain::jalali::JalaliDate;
    use crate::domain::money::{Unit, parse_amount};
    ctx::respond(
        async {
            let user = admin()?;
            let kind = ApplicantKind::parse(applicant_kind.trim())
                .ok_or_else(|| AppError::validation("applicant_kind", copy::ERR_TARIFF_KIND))?;
            let day = JalaliDate::parse(&effective_from)
                .map_err(|e| AppError::validation("effective_from", e.message()))?;
            let unit = match unit.as_deref().map(str::trim) {
                None | Some("" | "rials") => Unit::Rials,
                Some("tomans") => Unit::Tomans,
                Some(_) => return Err(AppError::validation("unit", copy::ERR_TARIFF_UNIT)),
            };
            let amount = parse_amount(&amount, unit, "amount")
                .map_err(|e| AppError::validation(e.field, e.message))?;
            crate::server::payments::tariffs::add(
                &ctx::state()?,
                user.id,
                id_of("type_id", &type_id)?,
                kind,
                day,
                amount,
                &source,
            )
            .await
        }
        .await,
    )
}

impl crate::api::FromFormFields for AddTariff {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        AddTariff {
            type_id: f.get("type_id"),
            applicant_kind: f.get("applicant_kind"),
            effective_from: f.get("effective_from"),
            amount: f.get("amount"),
            unit: f.opt("unit"),
            source: f.get("source"),
        }
    }
}

/// The admins' tariffs page: every type's lines, of the fiscal year `year` (any digits) or of
/// every year when it is empty.
#[server(prefix = "/api", endpoint = "all_tariffs")]
pub async fn all_tariffs(year: Option<String>) -> Result<TariffOverview, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            admin()?;
            let year = match year.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(typed) => Some(
                    crate::domain::tariff_import::parse_year(typed)
                        .map_err(|e| AppError::validation(e.field, e.message))?,
                ),
            };
            crate::server::payments::tariff_import::overview(&ctx::state()?, year).await
        }
        .await,
    )
}

/// Uploads a year's tariff table (multipart: `fiscal_year`, `file`, an XLSX or CSV file) and
/// keeps it for its preview; nothing is saved as a tariff. Returns the preview's token (a plain
/// form post goes to the preview's page).
#[server(prefix = "/api", endpoint = "upload_tariff_import", input = MultipartFormData)]
pub async fn upload_tariff_import(data: MultipartData) -> Result<String, AppError> {
    use crate::api::ctx;
    use crate::copy;
    use crate::domain::tariff_import::{FILE_FIELD, MAX_IMPORT_BYTES, parse_year};
    use crate::server::payments::tariff_import as import;
    ctx::respond(
        async {
            let user = admin()?;
            let state = ctx::state()?;
            // A file past the limit stops the reading; its error is the file field's.
            let form = crate::api::upload::read(data, MAX_IMPORT_BYTES, MAX_IMPORT_BYTES + 65_536)
                .await
                .map_err(|e| match e {
                    AppError::Validation { message, .. } => {
                        AppError::validation(FILE_FIELD, message)
                    }
                    other => other,
                })?;
            let year = parse_year(&form.fields.get("fiscal_year"))
                .map_err(|e| AppError::validation(e.field, e.message))?;
            let Some(file) = form
                .files
                .into_iter()
                .find(|u| u.input == FILE_FIELD && !(u.name.is_empty() && u.bytes.is_empty()))
            else {
                return Err(AppError::validation(
                    FILE_FIELD,
                    copy::ERR_IMPORT_FILE_REQUIRED,
                ));
            };
            let rows = import::read_file(file.bytes).await?;
            let token = import::keep(&state, user.id, year, &file.name, &rows).await?;
            ctx::redirect_plain_form(&format!("/admin/tariffs/import/{token}"));
            Ok(token)
        }
        .await,
    )
}

/// An upload's preview, for the admin who uploaded it: each row as read, with its errors.
#[server(prefix = "/api", endpoint = "preview_tariff_import")]
pub async fn preview_tariff_import(token: String) -> Result<TariffImportPreview, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = admin()?;
            crate::server::payments::tariff_import::preview(&ctx::state()?, user.id, token.trim())
                .await
        }
        .await,
    )
}

/// Saves every row of an upload as a tariff line, or none (a row with an error, a line of the
/// same day stored meanwhile, an upload confirmed already). Returns the tariffs page to go to.
#[server(prefix = "/api", endpoint = "confirm_tariff_import")]
pub async fn confirm_tariff_import(token: String) -> Result<String, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = admin()?;
            let (count, year) = crate::server::payments::tariff_import::confirm(
                &ctx::state()?,
                user.id,
                token.trim(),
            )
            .await?;
            let page = format!("/admin/tariffs?year={year}&imported={count}");
            ctx::redirect_plain_form(&page);
            Ok(page)
        }
        .await,
    )
}

impl crate::api::FromFormFields for ConfirmTariffImport {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        ConfirmTariffImport {
            token: f.get("token"),
        }
    }
}
