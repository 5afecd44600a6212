//! The tariffs admins keep per request type: each line of a budget table, never changed or
//! removed (an amendment is a new line from its day), and which line is in force.

use sqlx::Row;

use crate::copy;
use crate::domain::account::ApplicantKind;
use crate::domain::jalali::{JalaliDate, TehranDateTime};
use crate::domain::money::Rials;
use crate::domain::tariff::{self, Tariff};
use crate::server::platform::state::AppState;
use crate::wire::{AppError, TariffDto};

/// `14040701` for 1 Mehr 1404: the stored form of a day, ordered as the calendar is.
pub(super) fn day_key(d: JalaliDate) -> i64 {
    i64::from(d.year) * 10_000 + i64::from(d.month) * 100 + i64::from(d.day)
}

pub(super) fn day_of(key: i64) -> Option<JalaliDate> {
    let year = i32::try_from(key / 10_000).ok()?;
    JalaliDate::new(year, (key / 100 % 100) as u8, (key % 100) as u8)
}

/// One stored line, as the domain sees it (with its id).
pub(super) fn tariff_of(row: &sqlx::any::AnyRow) -> Result<(i64, Tariff), AppError> {
    let kind = ApplicantKind::parse(&row.try_get::<String, _>("applicant_kind")?)
        .ok_or(AppError::Internal)?;
    let day = day_of(row.try_get("effective_day")?).ok_or(AppError::Internal)?;
    let year: i64 = row.try_get("fiscal_year")?;
    Ok((
        row.try_get("id")?,
        Tariff {
            type_id: row.try_get("type_id")?,
            applicant_kind: kind,
            fiscal_year: i32::try_from(year).map_err(|_| AppError::Internal)?,
            amount: Rials(row.try_get("amount_rials")?),
            source: row.try_get("source")?,
            effective_from: day,
        },
    ))
}

/// Every line of a type's tariffs, the newest year first, for the admin's page; the lines in
/// force today (Tehran time) are marked.
pub async fn list(state: &AppState, type_id: i64) -> Result<Vec<TariffDto>, AppError> {
    let rows = sqlx::query(
        "SELECT id, type_id, applicant_kind, fiscal_year, effective_day, amount_rials, source \
         FROM tariffs WHERE type_id = $1 \
         ORDER BY fiscal_year DESC, applicant_kind, effective_day DESC, id DESC",
    )
    .bind(type_id)
    .fetch_all(&state.db.pool)
    .await?;
    let lines = rows.iter().map(tariff_of).collect::<Result<Vec<_>, _>>()?;
    let today = TehranDateTime::from_unix_millis(state.db.now_ms()).date;
    let all: Vec<Tariff> = lines.iter().map(|(_, t)| t.clone()).collect();
    Ok(lines
        .into_iter()
        .map(|(id, t)| {
            let in_force = tariff::in_force(&all, t.type_id, t.applicant_kind, today)
                .is_some_and(|f| f.effective_from == t.effective_from);
            dto_of(id, t, in_force)
        })
        .collect())
}

/// The line charged for filing a request of `type_id` by an applicant of `kind` at the instant
/// `at` (its Tehran day): its id, amount and budget reference; `None` (or a zero line) is free.
pub async fn in_force_at(
    state: &AppState,
    type_id: i64,
    kind: ApplicantKind,
    at: i64,
) -> Result<Option<(i64, Tariff)>, AppError> {
    let day = TehranDateTime::from_unix_millis(at).date;
    let rows = sqlx::query(
        "SELECT id, type_id, applicant_kind, fiscal_year, effective_day, amount_rials, source \
         FROM tariffs WHERE type_id = $1 AND applicant_kind = $2 AND fiscal_year = $3",
    )
    .bind(type_id)
    .bind(kind.as_str())
    .bind(i64::from(tariff::fiscal_year(day)))
    .fetch_all(&state.db.pool)
    .await?;
    let lines = rows.iter().map(tariff_of).collect::<Result<Vec<_>, _>>()?;
    let all: Vec<Tariff> = lines.iter().map(|(_, t)| t.clone()).collect();
    let Some(chosen) = tariff::in_force(&all, type_id, kind, day) else {
        return Ok(None);
    };
    Ok(lines
        .into_iter()
        .find(|(_, t)| t == chosen)
        .filter(|(_, t)| !t.amount.is_free()))
}

/// A stored line as the admin's pages show it.
pub(super) fn dto_of(id: i64, t: Tariff, in_force: bool) -> TariffDto {
    TariffDto {
        id,
        applicant_kind: t.applicant_kind.as_str().to_string(),
        kind_label: t.applicant_kind.label_fa().to_string(),
        fiscal_year: crate::copy::digits::persian_number(i64::from(t.fiscal_year)),
        effective_from: t.effective_from.format_date_fa(),
        amount_rials: t.amount.0,
        amount_figure: if t.amount.is_free() {
            copy::FEE_FREE.to_string()
        } else {
            t.amount.figure()
        },
        amount_tomans: t.amount.tomans_figure(),
        amount_words: t.amount.in_words(),
        source: t.source,
        in_force,
    }
}

/// Adds a line: `effective_from` sets its fiscal year. A second line for the same type, kind
/// and day is refused (amend from another day); returns the new line's id.
pub async fn add(
    state: &AppState,
    admin_id: i64,
    type_id: i64,
    kind: ApplicantKind,
    effective_from: JalaliDate,
    amount: Rials,
    source: &str,
) -> Result<i64, AppError> {
    let line = Tariff {
        type_id,
        applicant_kind: kind,
        fiscal_year: tariff::fiscal_year(effective_from),
        amount,
        source: source.split_whitespace().collect::<Vec<_>>().join(" "),
        effective_from,
    };
    if let Err(errors) = line.check() {
        let first = errors.into_iter().next().ok_or(AppError::Internal)?;
        return Err(AppError::validation(first.field, first.message));
    }
    let mut w = state.db.begin_write().await?;
    let known: Option<i64> = sqlx::query_scalar("SELECT id FROM request_types WHERE id = $1")
        .bind(type_id)
        .fetch_optional(&mut *w.tx)
        .await?;
    if known.is_none() {
        return Err(AppError::NotFound);
    }
    let inserted = sqlx::query(
        "INSERT INTO tariffs (type_id, applicant_kind, fiscal_year, effective_day, amount_rials, \
         source, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (type_id, applicant_kind, fiscal_year, effective_day) DO NOTHING RETURNING id",
    )
    .bind(type_id)
    .bind(kind.as_str())
    .bind(i64::from(line.fiscal_year))
    .bind(day_key(effective_from))
    .bind(amount.0)
    .bind(&line.source)
    .bind(admin_id)
    .bind(state.db.now_ms())
    .fetch_optional(&mut *w.tx)
    .await?;
    let Some(row) = inserted else {
        return Err(AppError::validation(
            "effective_from",
            copy::ERR_TARIFF_SAME_DAY,
        ));
    };
    let id: i64 = row.try_get("id")?;
    w.commit().await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_stored_in_calendar_order() {
        let a = JalaliDate::new(1403, 12, 30).expect("leap day");
        let b = JalaliDate::new(1404, 1, 1).expect("nowruz");
        assert!(day_key(a) < day_key(b));
        assert_eq!(day_key(b), 14_040_101);
        assert_eq!(day_of(day_key(a)), Some(a));
        assert_eq!(day_of(14_041_230), None);
    }
}
