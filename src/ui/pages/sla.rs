//! The SLA reports: `/staff/sla`, the supervisors' dashboard (live), and `/sla`, the public
//! figures. Charts arrive as SVG drawn on the server; every chart has a table beside it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::sla::{load_sla_dashboard, load_sla_public};
use crate::copy;
use crate::copy::digits::persian_number;
use crate::domain::jalali::TehranDateTime;
use crate::domain::sla::format_working_minutes_fa;
use crate::ui::components::Wide;
use crate::ui::live::use_live;
use crate::wire::{ChartSvg, SlaFigures, SlaNow, SlaOwnerRow, SlaTypeMonth};

/// Working minutes as «۲ روز و ۳ ساعت کاری», or a dash.
fn span(v: Option<i64>, day_minutes: i64) -> String {
    v.map_or_else(
        || "—".to_string(),
        |m| format_working_minutes_fa(m, day_minutes),
    )
}

fn percent(f: &SlaFigures) -> String {
    f.within_percent()
        .map_or_else(|| "—".to_string(), |p| copy::percent(&persian_number(p)))
}

fn when(ms: i64) -> String {
    TehranDateTime::from_unix_millis(ms).format_fa()
}

#[component]
fn Charts(charts: Vec<ChartSvg>) -> impl IntoView {
    view! {
        <div class="charts">
            {charts.into_iter().map(|c| view! {
                <figure class="chart-box">
                    <figcaption>{c.title}</figcaption>
                    <div class="chart-svg" inner_html=c.svg></div>
                </figure>
            }).collect_view()}
        </div>
    }
}

/// The figure columns shared by the tables.
#[component]
pub(crate) fn FigureCells(f: SlaFigures, day_minutes: i64) -> impl IntoView {
    view! {
        <td class="num" data-label=copy::SLA_RESULTS>{persian_number(f.results)}</td>
        <td class="num" data-label=copy::SLA_WAITING>{persian_number(f.waiting)}</td>
        <td data-label=copy::SLA_AVG>{span(f.avg_min, day_minutes)}</td>
        <td data-label=copy::SLA_MEDIAN>{span(f.median_min, day_minutes)}</td>
        <td data-label=copy::SLA_P90>{span(f.p90_min, day_minutes)}</td>
        <td class="num" data-label=copy::SLA_WITHIN>{percent(&f)}</td>
        <td class="num" data-label=copy::SLA_BREACHES>{persian_number(f.breaches)}</td>
    }
}

#[component]
pub(crate) fn FigureHeads() -> impl IntoView {
    view! {
        <th scope="col">{copy::SLA_RESULTS}</th>
        <th scope="col">{copy::SLA_WAITING}</th>
        <th scope="col">{copy::SLA_AVG}</th>
        <th scope="col">{copy::SLA_MEDIAN}</th>
        <th scope="col">{copy::SLA_P90}</th>
        <th scope="col">{copy::SLA_WITHIN}</th>
        <th scope="col">{copy::SLA_BREACHES}</th>
    }
}

#[component]
fn NowCells(n: SlaNow) -> impl IntoView {
    view! {
        <td class="num" data-label=copy::SLA_OPEN_NOW>{persian_number(n.open)}</td>
        <td class="num" data-label=copy::SLA_AT_RISK_NOW>{persian_number(n.at_risk)}</td>
        <td class="num" data-label=copy::SLA_BREACHED_NOW>{persian_number(n.breached)}</td>
    }
}

#[component]
fn NowHeads() -> impl IntoView {
    view! {
        <th scope="col">{copy::SLA_OPEN_NOW}</th>
        <th scope="col">{copy::SLA_AT_RISK_NOW}</th>
        <th scope="col">{copy::SLA_BREACHED_NOW}</th>
    }
}

#[component]
fn TypeMonthTable(rows: Vec<SlaTypeMonth>) -> impl IntoView {
    let mut rows = rows;
    // Newest month first.
    rows.sort_by_key(|r| std::cmp::Reverse(r.month));
    view! {
        <Wide label=copy::SLA_BY_TYPE>
            <table class="table sla-table stack">
                <caption class="visually-hidden">{copy::SLA_BY_TYPE}</caption>
                <thead><tr>
                    <th scope="col">{copy::SLA_MONTH}</th>
                    <th scope="col">{copy::SLA_TYPE}</th>
                    <th scope="col">{copy::SLA_VERSION}</th>
                    <th scope="col">{copy::SLA_TARGET}</th>
                    <FigureHeads />
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <td class="nowrap" data-label=copy::SLA_MONTH>{r.month_label.clone()}</td>
                            <th scope="row">{r.type_title.clone()}</th>
                            <td class="num" data-label=copy::SLA_VERSION>{persian_number(r.policy_version)}</td>
                            <td data-label=copy::SLA_TARGET>{format_working_minutes_fa(r.target_min, r.day_minutes)}</td>
                            <FigureCells f=r.figures.clone() day_minutes=r.day_minutes />
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </Wide>
    }
}

#[component]
fn OwnerTable(label: &'static str, rows: Vec<SlaOwnerRow>) -> impl IntoView {
    view! {
        <Wide label=label>
            <table class="table sla-table stack">
                <caption class="visually-hidden">{label}</caption>
                <thead><tr>
                    <th scope="col">{copy::SLA_NAME}</th>
                    <FigureHeads />
                    <NowHeads />
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <th scope="row">{r.name.clone()}</th>
                            <FigureCells f=r.figures.clone() day_minutes=crate::domain::sla::DEFAULT_DAY_MINUTES />
                            <NowCells n=r.now />
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </Wide>
    }
}

/// `/staff/sla`: the SLA dashboard for supervisors and admins. The month is a plain GET form
/// (bookmarkable, works without JavaScript); with JavaScript it follows live events.
#[component]
pub fn SlaDashboardPage() -> impl IntoView {
    // A year of figures per read: live events refetch it at most every ten seconds.
    let tick = use_live().throttled(10_000);
    let query = use_query_map();
    let month = Memo::new(move |_| query.with(|q| q.get("month").filter(|m| !m.is_empty())));
    let data = Resource::new(
        move || (month.get(), tick.get()),
        |(m, _)| load_sla_dashboard(m),
    );
    view! {
        <Title text=format!("{} | {}", copy::SLA_DASHBOARD, copy::APP_NAME) />
        <h1>{copy::SLA_DASHBOARD}</h1>
        <p class="muted">{copy::SLA_DASHBOARD_INTRO}</p>
        <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
            {move || Suspend::new(async move {
                let d = match data.await {
                    Ok(d) => d,
                    Err(e) => return view! { <p class="alert error" role="alert">{e.to_string()}</p> }.into_any(),
                };
                let export = |ext: &str| format!("/staff/sla/export.{ext}?month={}", d.month);
                view! {
                    <form method="get" action="/staff/sla" class="card filters sla-controls">
                        <div class="field">
                            <label for="sla-month">{copy::SLA_MONTH}</label>
                            <select id="sla-month" name="month">
                                {d.months.iter().map(|(k, label)| view! {
                                    <option value=k.to_string() selected=*k == d.month>{label.clone()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <button type="submit" class="button secondary">{copy::SLA_SHOW}</button>
                        <a class="button small" href=export("csv") download="">{copy::SLA_EXPORT_CSV}</a>
                        <a class="button small" href=export("xlsx") download="">{copy::SLA_EXPORT_XLSX}</a>
                    </form>
                    <p class="muted small">{copy::SLA_LIVE_NOTE} " " {copy::SLA_PUBLIC_UPDATED} " " {when(d.generated_at)}</p>
                    <section class="card" aria-labelledby="sla-now-title">
                        <h2 id="sla-now-title">{copy::SLA_BACKLOG}</h2>
                        <dl class="sla-now" data-testid="sla-now">
                            <div><dt>{copy::SLA_OPEN_NOW}</dt><dd>{persian_number(d.total_now.open)}</dd></div>
                            <div><dt>{copy::SLA_AT_RISK_NOW}</dt><dd class="sla-risk">{persian_number(d.total_now.at_risk)}</dd></div>
                            <div><dt>{copy::SLA_BREACHED_NOW}</dt><dd class="sla-late" data-testid="sla-breached-now">{persian_number(d.total_now.breached)}</dd></div>
                        </dl>
                        <Wide label=copy::SLA_BACKLOG>
                            <table class="table sla-table stack">
                                <caption class="visually-hidden">{copy::SLA_BACKLOG}</caption>
                                <thead><tr><th scope="col">{copy::SLA_TYPE}</th><NowHeads /></tr></thead>
                                <tbody>
                                    {d.backlog.iter().map(|b| view! {
                                        <tr><th scope="row">{b.type_title.clone()}</th><NowCells n=b.now /></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </Wide>
                    </section>
                    <section class="card" aria-labelledby="sla-charts-title">
                        <h2 id="sla-charts-title">{copy::SLA_CHARTS_TWELVE}</h2>
                        <Charts charts=d.charts.clone() />
                    </section>
                    <section class="card" aria-labelledby="sla-types-title">
                        <h2 id="sla-types-title">{copy::SLA_BY_TYPE_IN} " " {d.month_label.clone()}</h2>
                        <p class="muted small">{copy::SLA_BY_TYPE_NOTE}</p>
                        <TypeMonthTable rows=d.by_type_month.iter().filter(|r| r.month == d.month).cloned().collect() />
                    </section>
                    <section class="card" aria-labelledby="sla-agents-title">
                        <h2 id="sla-agents-title">{copy::SLA_BY_AGENT} " — " {d.month_label.clone()}</h2>
                        <OwnerTable label=copy::SLA_BY_AGENT rows=d.agents.clone() />
                    </section>
                    <section class="card" aria-labelledby="sla-groups-title">
                        <h2 id="sla-groups-title">{copy::SLA_BY_GROUP} " — " {d.month_label.clone()}</h2>
                        <OwnerTable label=copy::SLA_BY_GROUP rows=d.groups.clone() />
                    </section>
                    <section class="card" aria-labelledby="sla-calls-title">
                        <h2 id="sla-calls-title">{copy::SLA_BY_CALL}</h2>
                        <super::sla_extra::CallsTable rows=d.calls.clone() />
                    </section>
                    <section class="card" aria-labelledby="sla-disputes-title">
                        <h2 id="sla-disputes-title">{copy::SLA_DISPUTES}</h2>
                        <super::sla_extra::DisputeTables report=d.disputes.clone() />
                    </section>
                }.into_any()
            })}
        </Transition>
    }
}

/// `/sla`: the public figures, no login. Per request type: the promise, and month by month how
/// many initial results were given, their average working time and the share within target.
#[component]
pub fn SlaPublicPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_sla_public());
    view! {
        <Title text=format!("{} | {}", copy::SLA_PUBLIC_TITLE, copy::APP_NAME) />
        <leptos_meta::Meta name="description" content=copy::META_SLA />
        <h1>{copy::SLA_PUBLIC_TITLE}</h1>
        <p>{copy::SLA_PUBLIC_INTRO}</p>
        <Suspense fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
            {move || Suspend::new(async move {
                let d = match data.await {
                    Ok(d) => d,
                    Err(e) => return view! { <p class="alert error" role="alert">{e.to_string()}</p> }.into_any(),
                };
                let months = d.months.clone();
                view! {
                    <p class="muted small">{copy::SLA_PUBLIC_UPDATED} " " {when(d.generated_at)}</p>
                    <Charts charts=vec![d.chart.clone()] />
                    {d.types.into_iter().map(|t| {
                        let heading = format!("sla-public-{}", t.type_id);
                        let heading_id = heading.clone();
                        let months = months.clone();
                        view! {
                            <section class="card" aria-labelledby=heading>
                                <h2 id=heading_id>{t.title.clone()}</h2>
                                <p><strong>{copy::SLA_PROMISE} ": "</strong>
                                    {format_working_minutes_fa(t.target_min, t.day_minutes)}</p>
                                {(t.disputes.filed > 0).then(|| view! {
                                    <p class="muted">{copy::sla_public_disputes(
                                        &persian_number(t.disputes.filed),
                                        &persian_number(t.disputes.settled),
                                        &persian_number(t.disputes.final_view),
                                    )}</p>
                                })}
                                <Wide label=t.title.clone()>
                                    <table class="table sla-table stack">
                                        <caption class="visually-hidden">{t.title.clone()}</caption>
                                        <thead><tr>
                                            <th scope="col">{copy::SLA_MONTH}</th>
                                            <th scope="col">{copy::SLA_RESULTS}</th>
                                            <th scope="col">{copy::SLA_DELIVERED_AVG}</th>
                                            <th scope="col">{copy::SLA_WITHIN}</th>
                                            <th scope="col">{copy::SLA_WAITING}</th>
                                        </tr></thead>
                                        <tbody>
                                            {months.iter().zip(t.months.iter()).rev().map(|((_, label), f)| view! {
                                                <tr>
                                                    <th scope="row" class="nowrap">{label.clone()}</th>
                                                    <td class="num" data-label=copy::SLA_RESULTS>{persian_number(f.results)}</td>
                                                    <td data-label=copy::SLA_DELIVERED_AVG>{span(f.avg_min, t.day_minutes)}</td>
                                                    <td class="num" data-label=copy::SLA_WITHIN>{percent(f)}</td>
                                                    <td class="num" data-label=copy::SLA_WAITING>{persian_number(f.waiting)}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </Wide>
                            </section>
                        }
                    }).collect_view()}
                }.into_any()
            })}
        </Suspense>
    }
}
