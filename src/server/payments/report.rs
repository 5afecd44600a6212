//! The finance office's report: for a Jalali year, per month, request type and gateway, how many
//! fees were paid and for how much, how many were given back, how many attempts failed; what is
//! still with a gateway now; and, first, the exceptions to look at (money that may have left a
//! payer's account without being credited here, attempts still unsettled past reconciliation).
//!
//! Month totals are kept by the ledger as it is written (`payment_totals`), so a year's report
//! reads a few hundred rows whatever the number of payments; no calendar arithmetic runs in SQL.

use std::collections::BTreeMap;

use sqlx::Row;

use crate::copy;
use crate::domain::jalali::TehranDateTime;
use crate::domain::money::Rials;
use crate::domain::payment::{Failure, GatewayKind, RECONCILE_AFTER_MS};
use crate::server::platform::spreadsheet::{Cell, Sheet};
use crate::server::platform::state::AppState;
use crate::wire::{AppError, FinanceException, FinanceLine, FinanceReport};

/// The Jalali month (Tehran time) of an instant, as `yyyymm`.
pub fn month_key(at: i64) -> i64 {
    let d = TehranDateTime::from_unix_millis(at).date;
    i64::from(d.year) * 100 + i64::from(d.month)
}

fn month_label(key: i64) -> String {
    let (year, month) = (key / 100, (key % 100) as u8);
    format!(
        "{} {}",
        crate::domain::jalali::month_name_fa(month).unwrap_or_default(),
        copy::digits::persian_number(year)
    )
}

#[derive(Default)]
struct Sums {
    paid: i64,
    paid_rials: i64,
    refunded: i64,
    refunded_rials: i64,
    failed: i64,
}

impl Sums {
    fn add(&mut self, kind: &str, events: i64, rials: i64) {
        match kind {
            "paid" => {
                self.paid += events;
                self.paid_rials += rials;
            }
            "refunded" | "reversed" => {
                self.refunded += events;
                self.refunded_rials -= rials;
            }
            "failed" => self.failed += events,
            _ => {}
        }
    }

    fn line(
        &self,
        month: String,
        type_title: String,
        gateway: String,
        pending: i64,
    ) -> FinanceLine {
        FinanceLine {
            month,
            type_title,
            gateway,
            paid: self.paid,
            paid_sum: Rials(self.paid_rials).figure(),
            paid_rials: self.paid_rials,
            refunded: self.refunded,
            refunded_sum: Rials(self.refunded_rials).figure(),
            refunded_rials: self.refunded_rials,
            net_sum: Rials(self.paid_rials - self.refunded_rials).figure(),
            failed: self.failed,
            pending,
        }
    }
}

fn gateway_label(stored: &str) -> String {
    GatewayKind::parse(stored).map_or_else(|| stored.to_string(), |g| g.label_fa().to_string())
}

/// The year a report asks for (any digits), or this Jalali year in Tehran.
pub fn year_of(typed: Option<&str>, now: i64) -> Result<i32, AppError> {
    match typed.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(TehranDateTime::from_unix_millis(now).date.year),
        Some(t) => copy::digits::fold_digits(t)
            .parse::<i32>()
            .ok()
            .filter(|y| (1300..=1500).contains(y))
            .ok_or_else(|| AppError::validation("year", copy::ERR_FINANCE_YEAR)),
    }
}

/// The report of Jalali `year`.
pub async fn finance(state: &AppState, year: i32) -> Result<FinanceReport, AppError> {
    let from = i64::from(year) * 100 + 1;
    let rows = sqlx::query(
        "SELECT p.month, p.type_id, t.title, p.gateway, p.kind, p.events, p.amount_rials \
         FROM payment_totals p JOIN request_types t ON t.id = p.type_id \
         WHERE p.month >= $1 AND p.month <= $2",
    )
    .bind(from)
    .bind(from + 11)
    .fetch_all(&state.db.pool)
    .await?;
    // (month, type title, gateway) → sums; ordered as the table reads.
    let mut lines: BTreeMap<(i64, String, String), Sums> = BTreeMap::new();
    let mut total = Sums::default();
    for r in &rows {
        let kind: String = r.try_get("kind")?;
        let events: i64 = r.try_get("events")?;
        let rials: i64 = r.try_get("amount_rials")?;
        let key = (
            r.try_get::<i64, _>("month")?,
            r.try_get::<String, _>("title")?,
            r.try_get::<String, _>("gateway")?,
        );
        lines.entry(key).or_default().add(&kind, events, rials);
        total.add(&kind, events, rials);
    }
    let now = state.db.now_ms();
    // What is with a gateway now, per type and gateway (the unsettled attempts' index).
    let pending_rows = sqlx::query(
        "SELECT t.title, p.gateway, COUNT(*) AS n FROM payments p \
         JOIN requests r ON r.id = p.request_id JOIN request_types t ON t.id = r.type_id \
         WHERE p.state IN ('pending', 'verifying') GROUP BY t.title, p.gateway ORDER BY t.title, p.gateway",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let mut pending = Vec::with_capacity(pending_rows.len());
    let mut pending_total = 0;
    for r in &pending_rows {
        let n: i64 = r.try_get("n")?;
        pending_total += n;
        pending.push(Sums::default().line(
            String::new(),
            r.try_get("title")?,
            gateway_label(&r.try_get::<String, _>("gateway")?),
            n,
        ));
    }
    // The exceptions: money that may have left a payer's account without being credited here
    // (an amount that was not ours, a verification that came too late, a reversal), and
    // attempts still unsettled after reconciliation should have settled them.
    // Two indexed lists (the exceptions' partial index, the unsettled attempts' one), not one
    // scan of every payment.
    let exception_rows = sqlx::query(
        "SELECT x.id, x.gateway, x.amount_rials, x.state, x.failure, x.authority, x.reference, \
         x.updated_at, r.tracking_code FROM ( \
           SELECT p.id, p.request_id, p.gateway, p.amount_rials, p.state, p.failure, p.authority, \
           p.reference, p.updated_at FROM payments p WHERE p.state = 'failed' \
           AND p.failure IN ('amount_mismatch', 'expired', 'reversed') AND p.updated_at >= $1 \
           UNION ALL \
           SELECT p.id, p.request_id, p.gateway, p.amount_rials, p.state, p.failure, p.authority, \
           p.reference, p.updated_at FROM payments p WHERE p.state IN ('pending', 'verifying') \
           AND p.updated_at < $2 \
         ) x JOIN requests r ON r.id = x.request_id ORDER BY x.updated_at DESC LIMIT 200",
    )
    .bind(year_start(year))
    .bind(now - 3 * RECONCILE_AFTER_MS)
    .fetch_all(&state.db.pool)
    .await?;
    let mut exceptions = Vec::with_capacity(exception_rows.len());
    for r in &exception_rows {
        let failure = r
            .try_get::<Option<String>, _>("failure")?
            .as_deref()
            .and_then(Failure::parse);
        exceptions.push(FinanceException {
            tracking_code: r
                .try_get::<Option<String>, _>("tracking_code")?
                .unwrap_or_default(),
            gateway: gateway_label(&r.try_get::<String, _>("gateway")?),
            amount: Rials(r.try_get("amount_rials")?).figure(),
            at: r.try_get("updated_at")?,
            what: match failure {
                Some(f) => f.message().to_string(),
                None => copy::FINANCE_UNSETTLED.to_string(),
            },
            authority: r
                .try_get::<Option<String>, _>("authority")?
                .unwrap_or_default(),
            reference: r.try_get("reference")?,
        });
    }
    Ok(FinanceReport {
        year,
        year_label: copy::digits::persian_number(i64::from(year)),
        lines: lines
            .into_iter()
            .map(|((month, title, gateway), sums)| {
                sums.line(month_label(month), title, gateway_label(&gateway), 0)
            })
            .collect(),
        total: total.line(String::new(), String::new(), String::new(), pending_total),
        pending,
        exceptions,
    })
}

/// The first instant of Jalali `year` (1 Farvardin, 00:00 Tehran).
fn year_start(year: i32) -> i64 {
    crate::domain::jalali::JalaliDate::new(year, 1, 1)
        .and_then(|d| TehranDateTime::new(d, 0, 0, 0))
        .map_or(0, |t| t.to_unix_millis())
}

/// The report as spreadsheet sheets: exceptions first, then the months, then what is pending.
pub fn sheets(r: &FinanceReport) -> Vec<Sheet> {
    let text = |s: &str| Cell::Text(s.to_string());
    let exceptions = Sheet {
        name: copy::FINANCE_EXCEPTIONS.to_string(),
        headers: [
            copy::RECEIPT_TRACKING,
            copy::RECEIPT_GATEWAY,
            copy::RECEIPT_AMOUNT,
            copy::FINANCE_WHAT,
            copy::FINANCE_AUTHORITY,
            copy::RECEIPT_REFERENCE,
            copy::RECEIPT_WHEN,
        ]
        .map(String::from)
        .to_vec(),
        rows: r
            .exceptions
            .iter()
            .map(|e| {
                vec![
                    text(&e.tracking_code),
                    text(&e.gateway),
                    text(&e.amount),
                    text(&e.what),
                    text(&e.authority),
                    text(e.reference.as_deref().unwrap_or_default()),
                    text(&TehranDateTime::from_unix_millis(e.at).format_fa()),
                ]
            })
            .collect(),
    };
    let line_row = |l: &FinanceLine| {
        vec![
            text(&l.month),
            text(&l.type_title),
            text(&l.gateway),
            Cell::Int(l.paid),
            Cell::Int(l.paid_rials),
            Cell::Int(l.refunded),
            Cell::Int(l.refunded_rials),
            Cell::Int(l.paid_rials - l.refunded_rials),
            Cell::Int(l.failed),
        ]
    };
    let months = Sheet {
        name: copy::FINANCE_MONTHS.to_string(),
        headers: [
            copy::FINANCE_MONTH,
            copy::FIELD_TYPE,
            copy::RECEIPT_GATEWAY,
            copy::FINANCE_PAID,
            copy::FINANCE_PAID_RIALS,
            copy::FINANCE_REFUNDED,
            copy::FINANCE_REFUNDED_RIALS,
            copy::FINANCE_NET_RIALS,
            copy::FINANCE_FAILED,
        ]
        .map(String::from)
        .to_vec(),
        rows: r.lines.iter().map(line_row).collect(),
    };
    let pending = Sheet {
        name: copy::FINANCE_PENDING.to_string(),
        headers: [
            copy::FIELD_TYPE,
            copy::RECEIPT_GATEWAY,
            copy::FINANCE_PENDING,
        ]
        .map(String::from)
        .to_vec(),
        rows: r
            .pending
            .iter()
            .map(|l| vec![text(&l.type_title), text(&l.gateway), Cell::Int(l.pending)])
            .collect(),
    };
    vec![exceptions, months, pending]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_jalali_in_tehran() {
        // 2025-03-20 20:30 UTC is 1 Farvardin 1404, 00:00 in Tehran; a minute before is Esfand.
        let nowruz = 1_742_502_600_000;
        assert_eq!(month_key(nowruz), 140_401);
        assert_eq!(month_key(nowruz - 60_000), 140_312);
        assert_eq!(year_start(1404), nowruz);
        assert_eq!(month_label(140_401), "فروردین ۱۴۰۴");
    }
}
