//! Importing a year's tariff table from the finance office's spreadsheet (XLSX, XLS, ODS or
//! CSV), and the admins' page of every type's tariffs.
//!
//! The upload is read and kept (`tariff_imports`, a day at most) without touching `tariffs`;
//! its preview is checked afresh each time it is shown, against the types and the lines stored
//! by then; the confirmation checks once more inside the transaction that stores every row, and
//! stores none if any row is wrong or a line of the same day appeared meanwhile.

use std::collections::HashSet;

use sqlx::Row;

use super::tariffs::{day_key, day_of, dto_of, tariff_of};
use crate::copy;
use crate::copy::digits::{persian_grouped, persian_number};
use crate::domain::account::ApplicantKind;
use crate::domain::error::FieldError;
use crate::domain::jalali::TehranDateTime;
use crate::domain::tariff::{self, Tariff};
use crate::domain::tariff_import::{
    self as rules, CheckedRow, Column, KnownType, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, RawRow,
    StoredKey,
};
use crate::server::auth::{new_token, token_hash};
use crate::server::platform::state::AppState;
use crate::wire::{
    AppError, ImportErrorDto, ImportRowDto, TariffImportPreview, TariffOverview, TypedTariffDto,
};

/// How long an upload waits for its confirmation.
const IMPORT_TTL_MS: i64 = 24 * 60 * 60 * 1000;

fn refused(e: FieldError) -> AppError {
    AppError::validation(e.field, e.message)
}

fn gone() -> AppError {
    AppError::validation("token", copy::ERR_IMPORT_GONE)
}

/// The rows of an uploaded file: a workbook's first sheet, or CSV text. Refused whole when it
/// is too large, not a spreadsheet, or lacks its header or rows.
pub async fn read_file(bytes: Vec<u8>) -> Result<Vec<RawRow>, AppError> {
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(AppError::validation(
            rules::FILE_FIELD,
            copy::ERR_IMPORT_TOO_LARGE,
        ));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(AppError::validation(
            rules::FILE_FIELD,
            copy::ERR_IMPORT_EMPTY,
        ));
    }
    let (grid, first_row) = if rules::looks_like_workbook(&bytes) {
        // A broken workbook may make the reader fail in any way: it runs off the async threads,
        // and a panic there is a refusal like any other.
        tokio::task::spawn_blocking(move || workbook_grid(bytes))
            .await
            .map_err(|_| AppError::validation(rules::FILE_FIELD, copy::ERR_IMPORT_NOT_SPREADSHEET))?
            .map_err(refused)?
    } else {
        let text = rules::csv_text(&bytes).map_err(refused)?;
        (rules::parse_csv(text).map_err(refused)?, 1)
    };
    rules::read_rows(&grid, first_row).map_err(refused)
}

/// The first sheet of a workbook as text cells, and the number of its first row.
fn workbook_grid(bytes: Vec<u8>) -> Result<(Vec<Vec<String>>, u32), FieldError> {
    use calamine::Reader;
    let not_a_sheet = || FieldError::new(rules::FILE_FIELD, copy::ERR_IMPORT_NOT_SPREADSHEET);
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|_| not_a_sheet())?;
    let first = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(not_a_sheet)?;
    let range = book.worksheet_range(&first).map_err(|_| not_a_sheet())?;
    let Some((start, _)) = range.start() else {
        return Ok((Vec::new(), 1));
    };
    // Blank rows at the end are left out later; a sheet far past the limit is refused now.
    if range.height() > 2 * MAX_IMPORT_ROWS {
        return Err(FieldError::new(
            rules::FILE_FIELD,
            copy::ERR_IMPORT_TOO_MANY_ROWS,
        ));
    }
    let grid = range
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    Ok((grid, start + 1))
}

/// A cell as text: whole numbers without a decimal point (an amount typed as a number).
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// Keeps an uploaded table for its preview; returns the token that names it.
pub async fn keep(
    state: &AppState,
    admin_id: i64,
    fiscal_year: i32,
    file_name: &str,
    rows: &[RawRow],
) -> Result<String, AppError> {
    let token = new_token()?;
    let json = serde_json::to_string(rows).map_err(|_| AppError::Internal)?;
    let name: String = file_name.chars().take(200).collect();
    let mut w = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO tariff_imports (token_hash, admin_id, fiscal_year, file_name, rows_json, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token_hash(&token))
    .bind(admin_id)
    .bind(i64::from(fiscal_year))
    .bind(name)
    .bind(json)
    .bind(state.db.now_ms())
    .execute(&mut *w.tx)
    .await?;
    w.commit().await?;
    Ok(token)
}

/// An upload as kept: its year, file name, rows and whether it was confirmed.
struct Kept {
    fiscal_year: i32,
    file_name: String,
    rows: Vec<RawRow>,
    confirmed: bool,
}

fn kept_of(row: &sqlx::any::AnyRow) -> Result<Kept, AppError> {
    let json: String = row.try_get("rows_json")?;
    let year: i64 = row.try_get("fiscal_year")?;
    let confirmed: Option<i64> = row.try_get("confirmed_at")?;
    Ok(Kept {
        fiscal_year: i32::try_from(year).map_err(|_| AppError::Internal)?,
        file_name: row.try_get("file_name")?,
        rows: serde_json::from_str(&json).map_err(|_| AppError::Internal)?,
        confirmed: confirmed.is_some(),
    })
}

const KEPT_SQL: &str = "SELECT fiscal_year, file_name, rows_json, confirmed_at FROM tariff_imports \
     WHERE token_hash = $1 AND admin_id = $2 AND created_at > $3";

/// The request types rows may name, and the stored lines of the year (as of `conn`'s view).
async fn known(
    conn: &mut sqlx::AnyConnection,
    fiscal_year: i32,
) -> Result<(Vec<KnownType>, HashSet<StoredKey>), AppError> {
    let types = sqlx::query("SELECT id, title FROM request_types ORDER BY id")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(KnownType {
                id: r.try_get("id")?,
                title: r.try_get("title")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let mut stored = HashSet::new();
    for r in sqlx::query(
        "SELECT type_id, applicant_kind, effective_day FROM tariffs WHERE fiscal_year = $1",
    )
    .bind(i64::from(fiscal_year))
    .fetch_all(&mut *conn)
    .await?
    {
        let kind = ApplicantKind::parse(&r.try_get::<String, _>("applicant_kind")?)
            .ok_or(AppError::Internal)?;
        let day = day_of(r.try_get("effective_day")?).ok_or(AppError::Internal)?;
        stored.insert((r.try_get("type_id")?, kind, day));
    }
    Ok((types, stored))
}

/// An upload's preview for the admin who uploaded it: every row with what was read and what is
/// wrong, checked against today's types and lines.
pub async fn preview(
    state: &AppState,
    admin_id: i64,
    token: &str,
) -> Result<TariffImportPreview, AppError> {
    let mut conn = state.db.pool.acquire().await?;
    let row = sqlx::query(KEPT_SQL)
        .bind(token_hash(token))
        .bind(admin_id)
        .bind(state.db.now_ms() - IMPORT_TTL_MS)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(gone)?;
    let kept = kept_of(&row)?;
    let (types, mut stored) = known(&mut conn, kept.fiscal_year).await?;
    if kept.confirmed {
        // Its rows are among the stored lines now: they are not repeats of themselves.
        stored.clear();
    }
    let checked = rules::check_rows(&kept.rows, kept.fiscal_year, &types, &stored);
    let total = checked.len();
    let with_errors = checked.iter().filter(|c| !c.errors.is_empty()).count();
    Ok(TariffImportPreview {
        token: token.to_string(),
        file_name: kept.file_name,
        fiscal_year: kept.fiscal_year,
        fiscal_year_fa: persian_number(i64::from(kept.fiscal_year)),
        rows: checked.into_iter().map(row_dto).collect(),
        total,
        with_errors,
        summary: copy::import_summary(
            &persian_grouped(total as i64),
            &persian_grouped((total - with_errors) as i64),
            &persian_grouped(with_errors as i64),
        ),
        confirmed: kept.confirmed,
    })
}

fn row_dto(c: CheckedRow) -> ImportRowDto {
    let raw = &c.raw;
    ImportRowDto {
        line: raw.line,
        line_fa: persian_number(i64::from(raw.line)),
        type_text: match (&c.type_title, c.type_id) {
            (Some(title), Some(_)) => title.clone(),
            _ => raw.type_ref.clone(),
        },
        kind_text: c
            .kind
            .map_or_else(|| raw.kind.clone(), |k| k.label_fa().to_string()),
        from_text: c
            .from
            .map_or_else(|| raw.from.clone(), |d| d.format_date_fa()),
        amount_figure: match c.amount {
            Some(a) if a.is_free() => copy::FEE_FREE.to_string(),
            Some(a) => a.figure(),
            None => raw.amount.clone(),
        },
        amount_words: c.amount.map(|a| a.in_words()).unwrap_or_default(),
        source: if c.source.is_empty() {
            raw.source.clone()
        } else {
            c.source.clone()
        },
        errors: c
            .errors
            .iter()
            .map(|e| ImportErrorDto {
                field: e.field.to_string(),
                column: Column::of_field(e.field)
                    .map(Column::label)
                    .unwrap_or_default()
                    .to_string(),
                message: e.message.clone(),
            })
            .collect(),
    }
}

/// Stores every row of the upload as a tariff line, in one transaction, or none: refused when
/// a row has an error, when a line of the same type, kind and day was stored meanwhile, or when
/// the upload was confirmed already. Returns how many lines were stored, and their year.
pub async fn confirm(
    state: &AppState,
    admin_id: i64,
    token: &str,
) -> Result<(usize, i32), AppError> {
    let hash = token_hash(token);
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    let row = sqlx::query(KEPT_SQL)
        .bind(&hash)
        .bind(admin_id)
        .bind(now - IMPORT_TTL_MS)
        .fetch_optional(&mut *w.tx)
        .await?
        .ok_or_else(gone)?;
    let kept = kept_of(&row)?;
    let already = || AppError::Conflict(copy::ERR_IMPORT_ALREADY_CONFIRMED.to_string());
    if kept.confirmed {
        return Err(already());
    }
    // Claimed first: a second confirmation racing this one waits for it, then finds it done.
    let claimed = sqlx::query(
        "UPDATE tariff_imports SET confirmed_at = $1 WHERE token_hash = $2 AND confirmed_at IS NULL",
    )
    .bind(now)
    .bind(&hash)
    .execute(&mut *w.tx)
    .await?
    .rows_affected();
    if claimed != 1 {
        return Err(already());
    }
    let (types, stored) = known(&mut w.tx, kept.fiscal_year).await?;
    let checked = rules::check_rows(&kept.rows, kept.fiscal_year, &types, &stored);
    let bad = checked.iter().filter(|c| !c.errors.is_empty()).count();
    if bad > 0 {
        // Dropping the transaction undoes the claim: the upload can be confirmed once fixed
        // elsewhere (a stored line it repeats is not, but the preview says so).
        return Err(AppError::Validation {
            field: None,
            message: copy::err_import_rows_have_errors(&persian_grouped(bad as i64)),
        });
    }
    let lines: Vec<Tariff> = checked
        .iter()
        .filter_map(|c| c.tariff(kept.fiscal_year))
        .collect();
    if lines.len() != checked.len() || lines.iter().any(|t| t.check().is_err()) {
        return Err(AppError::Internal);
    }
    for line in &lines {
        let inserted = sqlx::query(
            "INSERT INTO tariffs (type_id, applicant_kind, fiscal_year, effective_day, \
             amount_rials, source, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (type_id, applicant_kind, fiscal_year, effective_day) DO NOTHING \
             RETURNING id",
        )
        .bind(line.type_id)
        .bind(line.applicant_kind.as_str())
        .bind(i64::from(line.fiscal_year))
        .bind(day_key(line.effective_from))
        .bind(line.amount.0)
        .bind(&line.source)
        .bind(admin_id)
        .bind(now)
        .fetch_optional(&mut *w.tx)
        .await?;
        if inserted.is_none() {
            return Err(AppError::Conflict(
                copy::ERR_IMPORT_CONFLICT_MEANWHILE.to_string(),
            ));
        }
    }
    w.commit().await?;
    Ok((lines.len(), kept.fiscal_year))
}

/// Every type's lines for the admins' tariffs page: of `year`, or of every year; the newest
/// year and day first. Today's lines (Tehran time) are marked.
pub async fn overview(state: &AppState, year: Option<i32>) -> Result<TariffOverview, AppError> {
    let pool = &state.db.pool;
    let years = sqlx::query("SELECT DISTINCT fiscal_year FROM tariffs ORDER BY fiscal_year DESC")
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            let y: i64 = r.try_get("fiscal_year")?;
            let y = i32::try_from(y).map_err(|_| AppError::Internal)?;
            Ok((y, persian_number(i64::from(y))))
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let rows = sqlx::query(
        "SELECT t.id, t.type_id, t.applicant_kind, t.fiscal_year, t.effective_day, \
         t.amount_rials, t.source, r.title FROM tariffs t \
         JOIN request_types r ON r.id = t.type_id \
         WHERE $1 = 0 OR t.fiscal_year = $1 \
         ORDER BY t.fiscal_year DESC, t.effective_day DESC, r.sort_order, r.id, \
         t.applicant_kind, t.id DESC",
    )
    .bind(i64::from(year.unwrap_or(0)))
    .fetch_all(pool)
    .await?;
    let mut lines = Vec::with_capacity(rows.len());
    for r in &rows {
        let (id, t) = tariff_of(r)?;
        let title: String = r.try_get("title")?;
        lines.push((id, t, title));
    }
    let today = TehranDateTime::from_unix_millis(state.db.now_ms()).date;
    // A line in force today is of today's year, so the lines shown are all it depends on.
    let all: Vec<Tariff> = lines.iter().map(|(_, t, _)| t.clone()).collect();
    Ok(TariffOverview {
        years,
        year,
        this_year: today.year,
        lines: lines
            .into_iter()
            .map(|(id, t, title)| {
                let in_force = tariff::in_force(&all, t.type_id, t.applicant_kind, today)
                    .is_some_and(|f| f.effective_from == t.effective_from);
                TypedTariffDto {
                    type_id: t.type_id,
                    type_title: title,
                    line: dto_of(id, t, in_force),
                }
            })
            .collect(),
    })
}

/// Forgets uploads older than a day, confirmed or not.
pub async fn prune(state: &AppState) -> Result<(), AppError> {
    let mut w = state.db.begin_write().await?;
    sqlx::query("DELETE FROM tariff_imports WHERE created_at <= $1")
        .bind(state.db.now_ms() - IMPORT_TTL_MS)
        .execute(&mut *w.tx)
        .await?;
    w.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workbook_cells_read_as_typed() {
        use calamine::Data;
        assert_eq!(cell_text(&Data::Float(150_000.0)), "150000");
        assert_eq!(cell_text(&Data::Int(7)), "7");
        assert_eq!(cell_text(&Data::String("جدول ۱۸".into())), "جدول ۱۸");
        assert_eq!(cell_text(&Data::Empty), "");
        assert_eq!(cell_text(&Data::Float(1.5)), "1.5");
    }

    #[tokio::test]
    async fn our_own_workbook_reads_back_with_its_row_numbers() {
        use crate::server::platform::spreadsheet::{Cell, Sheet, xlsx};
        let book = xlsx(&[Sheet {
            name: "tariffs".into(),
            headers: vec![
                "type".into(),
                "kind".into(),
                "amount".into(),
                "source".into(),
            ],
            rows: vec![vec![
                Cell::Int(1),
                Cell::Text("student".into()),
                Cell::Int(150_000),
                Cell::Text("budget".into()),
            ]],
        }]);
        let rows = read_file(book).await.expect("readable");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].amount, "150000");
        let broken = read_file(b"PK\x03\x04not really a zip".to_vec()).await;
        assert!(
            matches!(broken, Err(AppError::Validation { .. })),
            "{broken:?}"
        );
    }
}
