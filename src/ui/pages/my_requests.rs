use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::dto::RequestSummary;
use crate::api::requests::my_requests;
use crate::ui::components::{JalaliTime, StatusBadge, tracking_display};
use crate::ui::live::use_live;
use crate::ui::text;

#[component]
pub fn MyRequestsPage() -> impl IntoView {
    let live = use_live();
    let query = use_query_map();
    let before = move || query.with(|q| q.get("before").and_then(|v| v.parse::<i64>().ok()));
    let list = Resource::new(move || (before(), live.tick.get()), |(b, _)| my_requests(b));
    view! {
        <Title text=format!("{} | {}", text::MY_REQUESTS_TITLE, text::APP_NAME) />
        <div class="page-head">
            <h1>{text::MY_REQUESTS_TITLE}</h1>
            <a class="button" href="/requests/new">{text::NAV_NEW_REQUEST}</a>
        </div>
        <Transition fallback=|| view! { <p class="muted">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(page) if page.items.is_empty() => view! {
                        <p class="card muted">{text::MY_REQUESTS_EMPTY}</p>
                    }.into_any(),
                    Ok(page) => view! {
                        <RequestList items=page.items link_prefix="/requests/" />
                        {page.next.map(|n| view! {
                            <p><a class="button secondary" href=format!("/requests?before={n}")>{text::MORE}</a></p>
                        })}
                    }.into_any(),
                    Err(e) => view! { <p class="alert error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A list of requests as cards (readable on a phone, where tables are not).
#[component]
pub fn RequestList(items: Vec<RequestSummary>, link_prefix: &'static str) -> impl IntoView {
    view! {
        <ul class="request-list">
            {items.into_iter().map(|r| {
                let href = format!("{link_prefix}{}", r.tracking_code);
                view! {
                    <li class="card request-item">
                        <a class="subject" href=href>{r.subject}</a>
                        <div class="meta">
                            <StatusBadge status=r.status />
                            <span>{r.type_title}</span>
                            {r.applicant_name.map(|n| view! { <span>{n}</span> })}
                            <span class="code" dir="ltr">{tracking_display(&r.tracking_code)}</span>
                            <JalaliTime ms=r.created_at />
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
