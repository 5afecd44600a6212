//! A request type's tariffs (the budget tables' lines): the list and a new line.

// Server functions take one argument per form field (the generated code carries the lint).
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{admin, id_of};
use crate::wire::{AppError, TariffDto};

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
