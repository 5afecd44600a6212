use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::requests::request_types;
use crate::api::staff::staff_queue;
use crate::domain::request_status::RequestStatus;
use crate::ui::live::use_live;
use crate::ui::pages::my_requests::RequestList;
use crate::ui::text;

/// The staff queue: open requests, oldest first, filtered by type and status (a plain GET form,
/// so filters are bookmarkable and work without JavaScript).
#[component]
pub fn StaffQueuePage() -> impl IntoView {
    let live = use_live();
    let query = use_query_map();
    let type_id = move || {
        query.with(|q| {
            q.get("type")
                .and_then(|v| v.parse::<i64>().ok())
                .filter(|v| *v > 0)
        })
    };
    let status = move || query.with(|q| q.get("status").filter(|s| !s.is_empty()));
    let after = move || query.with(|q| q.get("after").and_then(|v| v.parse::<i64>().ok()));
    let types = Resource::new(|| (), |_| request_types());
    let queue = Resource::new(
        move || (type_id(), status(), after(), live.tick.get()),
        |(t, s, a, _)| staff_queue(t, s, a),
    );
    view! {
        <Title text=format!("{} | {}", text::QUEUE_TITLE, text::APP_NAME) />
        <h1>{text::QUEUE_TITLE}</h1>
        <form method="get" action="/staff" class="card filters">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let selected = type_id();
                    let options = types.await.unwrap_or_default().into_iter().map(|t| view! {
                        <option value=t.id.to_string() selected=selected == Some(t.id)>{t.title}</option>
                    }).collect_view();
                    view! {
                        <div class="field">
                            <label for="filter-type">{text::FIELD_TYPE}</label>
                            <select id="filter-type" name="type">
                                <option value="">{text::ALL_TYPES}</option>
                                {options}
                            </select>
                        </div>
                    }
                })}
            </Suspense>
            <div class="field">
                <label for="filter-status">{text::STATUS}</label>
                <select id="filter-status" name="status">
                    {move || {
                        let current = status().unwrap_or_else(|| "open".into());
                        let mut opts = vec![
                            ("open".to_string(), text::STATUS_OPEN.to_string()),
                            ("all".to_string(), text::STATUS_ALL.to_string()),
                        ];
                        opts.extend(RequestStatus::ALL.iter().map(|s| (s.as_str().to_string(), s.label_fa().to_string())));
                        opts.into_iter().map(|(v, l)| {
                            let sel = v == current;
                            view! { <option value=v selected=sel>{l}</option> }
                        }).collect_view()
                    }}
                </select>
            </div>
            <button type="submit" class="button secondary">{text::FILTER}</button>
        </form>
        <Transition fallback=|| view! { <p class="muted">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok(page) if page.items.is_empty() => view! { <p class="card muted">{text::QUEUE_EMPTY}</p> }.into_any(),
                    Ok(page) => {
                        let more = page.next.map(|n| {
                            let mut href = format!("/staff?after={n}");
                            if let Some(t) = type_id() { href.push_str(&format!("&type={t}")); }
                            if let Some(s) = status() { href.push_str(&format!("&status={s}")); }
                            view! { <p><a class="button secondary" href=href>{text::MORE}</a></p> }
                        });
                        view! { <RequestList items=page.items link_prefix="/staff/requests/" />{more} }.into_any()
                    }
                    Err(e) => view! { <p class="alert error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}
