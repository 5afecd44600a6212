//! `/staff/payments`: the finance report for supervisors and admins. The year is a plain GET
//! form (bookmarkable, works without JavaScript); the exceptions come first.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::payments::finance_report;
use crate::copy;
use crate::copy::digits::persian_number;
use crate::ui::components::{JalaliTime, tracking_display};
use crate::wire::{FinanceLine, FinanceReport};

#[component]
pub fn FinancePage() -> impl IntoView {
    let query = use_query_map();
    let year = Memo::new(move |_| query.with(|q| q.get("year").filter(|y| !y.is_empty())));
    let data = Resource::new(move || year.get(), finance_report);
    view! {
        <Title text=format!("{} | {}", copy::FINANCE_TITLE, copy::APP_NAME) />
        <h1>{copy::FINANCE_TITLE}</h1>
        <p class="muted">{copy::FINANCE_HELP}</p>
        <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(r) => view! { <Report r=r /> }.into_any(),
                    Err(e) => view! { <p class="alert error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Report(r: FinanceReport) -> impl IntoView {
    let export = |ext: &str| format!("/staff/payments/export.{ext}?year={}", r.year);
    let exceptions = r.exceptions.clone();
    let no_exceptions = exceptions.is_empty();
    let no_lines = r.lines.is_empty();
    view! {
        <form method="get" action="/staff/payments" class="card filters">
            <div class="field">
                <label for="finance-year">{copy::FINANCE_YEAR}</label>
                <input id="finance-year" name="year" inputmode="numeric" dir="ltr" maxlength="4"
                    value=persian_number(i64::from(r.year)) />
            </div>
            <button type="submit" class="button secondary">{copy::FINANCE_SHOW}</button>
            <a class="button small" href=export("csv") download="">{copy::FINANCE_EXPORT_CSV}</a>
            <a class="button small" href=export("xlsx") download="">{copy::FINANCE_EXPORT_XLSX}</a>
        </form>
        <section class="card" aria-labelledby="finance-exceptions-title">
            <h2 id="finance-exceptions-title">{copy::FINANCE_EXCEPTIONS}</h2>
            <p class="muted">{copy::FINANCE_EXCEPTIONS_HELP}</p>
            {if no_exceptions {
                view! { <p>{copy::FINANCE_NO_EXCEPTIONS}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-label=copy::FINANCE_EXCEPTIONS>
                        <table class="table stack finance-exceptions">
                            <thead><tr>
                                <th scope="col">{copy::RECEIPT_TRACKING}</th>
                                <th scope="col">{copy::RECEIPT_GATEWAY}</th>
                                <th scope="col">{copy::RECEIPT_AMOUNT}</th>
                                <th scope="col">{copy::FINANCE_WHAT}</th>
                                <th scope="col">{copy::FINANCE_AUTHORITY}</th>
                                <th scope="col">{copy::RECEIPT_WHEN}</th>
                            </tr></thead>
                            <tbody>
                                {exceptions.into_iter().map(|e| view! {
                                    <tr>
                                        <td data-label=copy::RECEIPT_TRACKING>
                                            <a href=format!("/staff/requests/{}", e.tracking_code) dir="ltr" class="code">{tracking_display(&e.tracking_code)}</a>
                                        </td>
                                        <td data-label=copy::RECEIPT_GATEWAY>{e.gateway}</td>
                                        <td data-label=copy::RECEIPT_AMOUNT><bdi>{e.amount}</bdi></td>
                                        <td data-label=copy::FINANCE_WHAT>{e.what}</td>
                                        <td data-label=copy::FINANCE_AUTHORITY><span dir="ltr" class="code small">{e.authority}</span></td>
                                        <td data-label=copy::RECEIPT_WHEN><JalaliTime ms=e.at /></td>
                                    </tr>
                                }.into_any()).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
        <section class="card" aria-labelledby="finance-months-title">
            <h2 id="finance-months-title">{copy::FINANCE_MONTHS} " " {r.year_label.clone()}</h2>
            {if no_lines {
                view! { <p>{copy::FINANCE_NONE}</p> }.into_any()
            } else {
                view! { <Lines lines=r.lines.clone() total=r.total.clone() /> }.into_any()
            }}
        </section>
        {(!r.pending.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="finance-pending-title">
                <h2 id="finance-pending-title">{copy::FINANCE_PENDING}</h2>
                <ul>
                    {r.pending.iter().map(|p| view! {
                        <li>{p.type_title.clone()} " — " {p.gateway.clone()} ": " {persian_number(p.pending)}</li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
    .into_any()
}

#[component]
fn Lines(lines: Vec<FinanceLine>, total: FinanceLine) -> impl IntoView {
    let row = |l: FinanceLine, total: bool| {
        view! {
            <tr class:total=total>
                <td data-label=copy::FINANCE_MONTH>{if total { copy::FINANCE_TOTAL.to_string() } else { l.month }}</td>
                <td data-label=copy::FIELD_TYPE>{l.type_title}</td>
                <td data-label=copy::RECEIPT_GATEWAY>{l.gateway}</td>
                <td data-label=copy::FINANCE_PAID>{persian_number(l.paid)}</td>
                <td data-label=copy::RECEIPT_AMOUNT><bdi>{l.paid_sum}</bdi></td>
                <td data-label=copy::FINANCE_REFUNDED>{persian_number(l.refunded)} " " <span class="muted small"><bdi>{l.refunded_sum}</bdi></span></td>
                <td data-label=copy::FINANCE_NET_RIALS><bdi>{l.net_sum}</bdi></td>
                <td data-label=copy::FINANCE_FAILED>{persian_number(l.failed)}</td>
            </tr>
        }
        .into_any()
    };
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=copy::FINANCE_MONTHS>
            <table class="table stack finance">
                <thead><tr>
                    <th scope="col">{copy::FINANCE_MONTH}</th>
                    <th scope="col">{copy::FIELD_TYPE}</th>
                    <th scope="col">{copy::RECEIPT_GATEWAY}</th>
                    <th scope="col">{copy::FINANCE_PAID}</th>
                    <th scope="col">{copy::RECEIPT_AMOUNT}</th>
                    <th scope="col">{copy::FINANCE_REFUNDED}</th>
                    <th scope="col">{copy::FINANCE_NET_RIALS}</th>
                    <th scope="col">{copy::FINANCE_FAILED}</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|l| row(l, false)).collect_view()}
                    {row(total, true)}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
