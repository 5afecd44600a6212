//! `GET /staff/sla/export.csv` and `/staff/sla/export.xlsx`: the SLA dashboard as a spreadsheet.

use crate::server::sla::report::{dashboard, dashboard_month, sheets};

/// Query of the export URLs: the month, and for CSV which table (`types`, `agents`, `groups`).
#[derive(Debug, Default, serde::Deserialize)]
pub struct ExportQuery {
    pub month: Option<String>,
    pub table: Option<String>,
}

/// `GET /staff/sla/export.csv` and `/staff/sla/export.xlsx`: the dashboard as a spreadsheet,
/// for supervisors and admins (the access guard says so first; this checks again). Text cells
/// can never become formulas (see `server::platform::spreadsheet`).
pub async fn export_handler(
    axum::extract::State(state): axum::extract::State<crate::server::platform::state::AppState>,
    axum::Extension(viewer): axum::Extension<crate::server::auth::Viewer>,
    axum::extract::Path(file): axum::extract::Path<String>,
    axum::extract::Query(q): axum::extract::Query<ExportQuery>,
) -> axum::response::Response {
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    if crate::domain::account::Access::Supervisor
        .check(viewer.role())
        .is_err()
    {
        return StatusCode::NOT_FOUND.into_response();
    }
    let xlsx = match file.as_str() {
        "export.csv" => false,
        "export.xlsx" => true,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let asked = q
        .month
        .as_deref()
        .and_then(|m| m.trim().parse::<i64>().ok());
    let month = dashboard_month(asked, state.db.now_ms());
    let d = match dashboard(&state.db, month).await {
        Ok(d) => d,
        Err(e) => return e.into_response_status(),
    };
    let mut sheets = sheets(&d);
    let (year, m) = crate::domain::sla::month_of_key(month);
    let (body, kind, name) = if xlsx {
        (
            crate::server::platform::spreadsheet::xlsx(&sheets),
            crate::server::platform::spreadsheet::XLSX_CONTENT_TYPE,
            format!("sla-{year}-{m:02}.xlsx"),
        )
    } else {
        let pick = match q.table.as_deref() {
            Some("agents") => 1,
            Some("groups") => 2,
            _ => 0,
        };
        let sheet = sheets.swap_remove(pick.min(sheets.len().saturating_sub(1)));
        (
            crate::server::platform::spreadsheet::csv(&sheet),
            crate::server::platform::spreadsheet::CSV_CONTENT_TYPE,
            format!("sla-{year}-{m:02}.csv"),
        )
    };
    download(body, kind, &name)
}

/// `GET /staff/payments/export.csv` and `/staff/payments/export.xlsx`: the finance report of a
/// Jalali year (`?year=`), for supervisors and admins; the exceptions first. CSV holds the month
/// table (the sheet the finance office sums), Excel all three sheets. Formula-safe as the SLA
/// exports are.
pub async fn finance_export_handler(
    axum::extract::State(state): axum::extract::State<crate::server::platform::state::AppState>,
    axum::Extension(viewer): axum::Extension<crate::server::auth::Viewer>,
    axum::extract::Path(file): axum::extract::Path<String>,
    axum::extract::Query(q): axum::extract::Query<FinanceQuery>,
) -> axum::response::Response {
    use crate::server::payments::report;
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    if crate::domain::account::Access::Supervisor
        .check(viewer.role())
        .is_err()
    {
        return StatusCode::NOT_FOUND.into_response();
    }
    let xlsx = match file.as_str() {
        "export.csv" => false,
        "export.xlsx" => true,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let year = match report::year_of(q.year.as_deref(), state.db.now_ms()) {
        Ok(y) => y,
        Err(e) => return e.into_response_status(),
    };
    let r = match report::finance(&state, year).await {
        Ok(r) => r,
        Err(e) => return e.into_response_status(),
    };
    let mut sheets = report::sheets(&r);
    let (body, kind, name) = if xlsx {
        (
            crate::server::platform::spreadsheet::xlsx(&sheets),
            crate::server::platform::spreadsheet::XLSX_CONTENT_TYPE,
            format!("payments-{year}.xlsx"),
        )
    } else {
        let months = sheets.swap_remove(1);
        (
            crate::server::platform::spreadsheet::csv(&months),
            crate::server::platform::spreadsheet::CSV_CONTENT_TYPE,
            format!("payments-{year}.csv"),
        )
    };
    download(body, kind, &name)
}

/// Query of the finance export URLs: the Jalali year.
#[derive(Debug, Default, serde::Deserialize)]
pub struct FinanceQuery {
    pub year: Option<String>,
}

/// A spreadsheet as a download that is never rendered or cached.
fn download(body: Vec<u8>, kind: &'static str, name: &str) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    let mut res = axum::response::Response::new(axum::body::Body::from(body));
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
