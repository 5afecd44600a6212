//! The SLA dashboard's parts about calls and disputes.

use leptos::prelude::*;

use crate::copy;
use crate::copy::digits::persian_number;
use crate::ui::components::{JalaliTime, Wide, tracking_display};
use crate::wire::{DisputeReport, SlaCallRow};

use super::sla::{FigureCells, FigureHeads};

/// Requests filed under each call, and their initial results.
#[component]
pub fn CallsTable(rows: Vec<SlaCallRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted">{copy::SLA_NO_CALLS}</p> }.into_any();
    }
    view! {
        <Wide label=copy::SLA_BY_CALL>
            <table class="table sla-table stack">
                <caption class="visually-hidden">{copy::SLA_BY_CALL}</caption>
                <thead><tr>
                    <th scope="col">{copy::SLA_CALL}</th>
                    <th scope="col">{copy::CALL_FROM}</th>
                    <th scope="col">{copy::CALL_TO}</th>
                    <th scope="col">{copy::CALL_TAKEN}</th>
                    <FigureHeads />
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <th scope="row">{r.title.clone()}</th>
                            <td data-label=copy::CALL_FROM><JalaliTime ms=r.starts_at /></td>
                            <td data-label=copy::CALL_TO><JalaliTime ms=r.ends_at /></td>
                            <td class="num" data-label=copy::CALL_TAKEN>{persian_number(r.requests)}</td>
                            <FigureCells f=r.figures.clone() day_minutes=crate::domain::sla::DEFAULT_DAY_MINUTES />
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </Wide>
    }
    .into_any()
}

/// Disputes per type and month, their outcomes and time to one, and those overdue now.
#[component]
pub fn DisputeTables(report: DisputeReport) -> impl IntoView {
    let mut rows = report.rows.clone();
    rows.sort_by_key(|r| std::cmp::Reverse(r.month));
    let overdue = report.overdue.clone();
    view! {
        <dl class="sla-now">
            <div><dt>{copy::SLA_DISPUTES_OPEN}</dt><dd>{persian_number(report.open_now)}</dd></div>
            <div><dt>{copy::SLA_DISPUTES_OVERDUE}</dt><dd class="sla-late">{persian_number(overdue.len() as i64)}</dd></div>
        </dl>
        {(!overdue.is_empty()).then(|| view! {
            <h3>{copy::SLA_DISPUTES_OVERDUE}</h3>
            <p class="muted small">{copy::DISPUTE_OVERDUE}</p>
            <ul class="files">
                {overdue.into_iter().map(|o| view! {
                    <li>
                        <a href=format!("/staff/requests/{}/dispute", o.tracking_code) dir="ltr" class="code">{tracking_display(&o.tracking_code)}</a>
                        " — " {o.type_title} " — " <JalaliTime ms=o.ended_at />
                    </li>
                }).collect_view()}
            </ul>
        })}
        {if rows.is_empty() {
            view! { <p class="muted">{copy::SLA_NO_DISPUTES}</p> }.into_any()
        } else {
            view! {
                <Wide label=copy::SLA_DISPUTES>
                    <table class="table sla-table stack">
                        <caption class="visually-hidden">{copy::SLA_DISPUTES}</caption>
                        <thead><tr>
                            <th scope="col">{copy::SLA_MONTH}</th>
                            <th scope="col">{copy::SLA_TYPE}</th>
                            <th scope="col">{copy::SLA_DISPUTES_FILED}</th>
                            <th scope="col">{copy::DISPUTE_STATE_SETTLED}</th>
                            <th scope="col">{copy::DISPUTE_STATE_FINAL}</th>
                            <th scope="col">{copy::SLA_DISPUTES_OPEN}</th>
                            <th scope="col">{copy::SLA_DISPUTES_DAYS}</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! {
                                <tr>
                                    <td class="nowrap" data-label=copy::SLA_MONTH>{r.month_label.clone()}</td>
                                    <th scope="row">{r.type_title.clone()}</th>
                                    <td class="num" data-label=copy::SLA_DISPUTES_FILED>{persian_number(r.counts.filed)}</td>
                                    <td class="num" data-label=copy::DISPUTE_STATE_SETTLED>{persian_number(r.counts.settled)}</td>
                                    <td class="num" data-label=copy::DISPUTE_STATE_FINAL>{persian_number(r.counts.final_view)}</td>
                                    <td class="num" data-label=copy::SLA_DISPUTES_OPEN>{persian_number(r.counts.open)}</td>
                                    <td class="num" data-label=copy::SLA_DISPUTES_DAYS>
                                        {r.avg_days_to_outcome.map_or_else(|| "—".to_string(), |d| copy::days_count(&persian_number(d)))}
                                    </td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </Wide>
            }.into_any()
        }}
    }
}
