use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::requests::my_requests;
use crate::copy;
use crate::domain::request_status::RequestStatus;
use crate::ui::components::{JalaliTime, StatusBadge, tracking_display};
use crate::ui::live::use_live;
use crate::wire::RequestSummary;

#[component]
pub fn MyRequestsPage() -> impl IntoView {
    let live = use_live();
    let query = use_query_map();
    let before = move || query.with(|q| q.get("before").and_then(|v| v.parse::<i64>().ok()));
    let status = move || query.with(|q| q.get("status").filter(|s| !s.is_empty()));
    let search = move || query.with(|q| q.get("q").filter(|s| !s.trim().is_empty()));
    // What the page is made with (without JavaScript the box shows it as it came).
    let search_now = query.with_untracked(|q| q.get("q"));
    let list = Resource::new(
        move || (status(), search(), before(), live.tick.get()),
        |(s, q, b, _)| my_requests(s, q, b),
    );
    // The box follows the address, and keeps what was typed while the script loaded.
    let q_box = crate::ui::components::form::follows_with_typed("filter-q", move || {
        search().unwrap_or_default()
    });
    view! {
        <Title text=format!("{} | {}", copy::MY_REQUESTS_TITLE, copy::APP_NAME) />
        <div class="page-head">
            <h1>{copy::MY_REQUESTS_TITLE}</h1>
            <a class="button" href="/requests/new">{copy::NAV_NEW_REQUEST}</a>
        </div>
        <form method="get" action="/requests" class="card filters" role="search">
            <div class="field">
                <label for="filter-q">{copy::SEARCH}</label>
                <input id="filter-q" name="q" type="search" maxlength="100"
                    value=search_now
                    prop:value=move || q_box.get() />
            </div>
            <StatusSelect current=Signal::derive(move || status().unwrap_or_else(|| "all".into())) applicant=true />
            <button type="submit" class="button secondary">{copy::FILTER}</button>
        </form>
        <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(page) if page.items.is_empty() => view! {
                        <p class="card muted">{if search().is_some() || status().is_some() { copy::NO_MATCHES } else { copy::MY_REQUESTS_EMPTY }}</p>
                    }.into_any(),
                    Ok(page) => view! {
                        <RequestList items=page.items link_prefix="/requests/" applicant=true />
                        {page.next.map(|n| {
                            let mut href = format!("/requests?before={n}");
                            if let Some(s) = status() { href.push_str(&format!("&status={s}")); }
                            if let Some(q) = search() { href.push_str(&format!("&q={}", crate::ui::pages::staff_queue::urlencode(&q))); }
                            view! { <p><a class="button secondary" href=href>{copy::MORE}</a></p> }
                        })}
                    }.into_any(),
                    Err(e) => view! { <p class="alert error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The status filter of a list: open, all, or one status.
#[component]
pub fn StatusSelect(current: Signal<String>, #[prop(optional)] applicant: bool) -> impl IntoView {
    view! {
        <div class="field">
            <label for="filter-status">{copy::STATUS}</label>
            <select id="filter-status" name="status">
                {move || {
                    let current = current.get();
                    let mut opts = vec![
                        ("open", copy::STATUS_OPEN),
                        ("all", copy::STATUS_ALL),
                    ];
                    opts.extend(RequestStatus::ALL.iter().map(|s| {
                        (s.as_str(), if applicant { s.applicant_label_fa() } else { s.label_fa() })
                    }));
                    opts.into_iter().map(|(v, l)| {
                        let sel = v == current;
                        view! { <option value=v selected=sel>{l}</option> }
                    }).collect_view()
                }}
            </select>
        </div>
    }
}

/// A list of requests as cards (readable on a phone, where tables are not).
#[component]
pub fn RequestList(
    items: Vec<RequestSummary>,
    link_prefix: &'static str,
    #[prop(optional)] applicant: bool,
) -> impl IntoView {
    view! {
        <ul class="request-list">
            {items.into_iter().map(|r| {
                let href = format!("{link_prefix}{}", r.tracking_code);
                let urgent = r.priority > crate::domain::request::Priority::Normal;
                view! {
                    <li class="card request-item">
                        <a class="subject" href=href>{r.subject}</a>
                        {r.new_activity.then(|| view! { <span class="badge news">{copy::NEW_ACTIVITY}</span> })}
                        <div class="meta">
                            <StatusBadge status=r.status applicant=applicant />
                            {(!applicant && urgent).then(|| view! {
                                <span class=format!("badge priority-{}", r.priority.as_i64())>{r.priority.label_fa()}</span>
                            })}
                            <span>{r.type_title}</span>
                            {r.applicant_name.map(|n| view! { <span>{n}</span> })}
                            {(!applicant).then(|| view! {
                                <span>{r.assignee_name.unwrap_or_else(|| copy::NOBODY.to_string())}</span>
                            })}
                            <span class="code" dir="ltr">{tracking_display(&r.tracking_code)}</span>
                            <span>{copy::FILED_AT}" "<JalaliTime ms=r.created_at /></span>
                            {(r.updated_at > r.created_at).then(|| view! {
                                <span>{copy::LAST_ACTIVITY}" "<JalaliTime ms=r.updated_at /></span>
                            })}
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
