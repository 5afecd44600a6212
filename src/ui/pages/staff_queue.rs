use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::requests::request_types;
use crate::api::staff::{load_staff_directory, staff_queue};
use crate::domain::request::Priority;
use crate::ui::live::use_live;
use crate::ui::pages::my_requests::{RequestList, StatusSelect};
use crate::ui::text;

/// The filters of the queue, as they appear in its URL.
#[derive(Clone, Debug, PartialEq, Default)]
struct Filters {
    type_id: Option<i64>,
    status: Option<String>,
    group_id: Option<i64>,
    assignee: Option<String>,
    priority: Option<String>,
    q: Option<String>,
}

impl Filters {
    /// The query string of these filters (without the page cursor).
    fn query(&self) -> String {
        let mut q = Vec::new();
        if let Some(t) = self.type_id {
            q.push(format!("type={t}"));
        }
        if let Some(s) = &self.status {
            q.push(format!("status={s}"));
        }
        if let Some(g) = self.group_id {
            q.push(format!("group={g}"));
        }
        if let Some(a) = &self.assignee {
            q.push(format!("assignee={a}"));
        }
        if let Some(p) = &self.priority {
            q.push(format!("priority={p}"));
        }
        if let Some(text) = &self.q {
            q.push(format!("q={}", urlencode(text)));
        }
        q.join("&")
    }
}

/// Percent-encodes a query-string value.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The staff queue: requests oldest first, filtered by type, status, group, assignee and
/// priority (a plain GET form, so filters are bookmarkable and work without JavaScript).
#[component]
pub fn StaffQueuePage() -> impl IntoView {
    let live = use_live();
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        query.with(|q| {
            let num = |k: &str| {
                q.get(k)
                    .and_then(|v| v.parse::<i64>().ok())
                    .filter(|v| *v > 0)
            };
            let text = |k: &str| q.get(k).filter(|s| !s.is_empty());
            Filters {
                type_id: num("type"),
                status: text("status"),
                group_id: num("group"),
                assignee: text("assignee"),
                priority: text("priority"),
                q: text("q"),
            }
        })
    });
    let after = move || query.with(|q| q.get("after").and_then(|v| v.parse::<i64>().ok()));
    let types = Resource::new(|| (), |_| request_types());
    let directory = Resource::new(|| (), |_| load_staff_directory());
    let queue = Resource::new(
        move || (filters.get(), after(), live.tick.get()),
        |(f, a, _)| {
            staff_queue(
                f.type_id, f.status, f.group_id, f.assignee, f.priority, f.q, a,
            )
        },
    );
    view! {
        <Title text=format!("{} | {}", text::QUEUE_TITLE, text::APP_NAME) />
        <h1>{text::QUEUE_TITLE}</h1>
        <form method="get" action="/staff" class="card filters" role="search">
            <div class="field search-field">
                <label for="filter-q">{text::SEARCH}</label>
                <input id="filter-q" name="q" type="search" maxlength="100"
                    prop:value=move || filters.get().q.unwrap_or_default()
                    aria-describedby="filter-q-help" />
                <p class="help" id="filter-q-help">{text::SEARCH_STAFF_HELP}</p>
            </div>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let f = filters.get_untracked();
                    let type_options = types.await.unwrap_or_default().into_iter().map(|t| view! {
                        <option value=t.id.to_string() selected=f.type_id == Some(t.id)>{t.title}</option>
                    }).collect_view();
                    let dir = directory.await.ok();
                    let group_options = dir.iter().flat_map(|d| d.groups.clone()).map(|g| view! {
                        <option value=g.id.to_string() selected=f.group_id == Some(g.id)>{g.name}</option>
                    }).collect_view();
                    let assignee = f.assignee.clone().unwrap_or_default();
                    let member_options = dir.iter().flat_map(|d| d.members.clone()).map(|m| {
                        let v = m.id.to_string();
                        let sel = v == assignee;
                        view! { <option value=v selected=sel>{m.full_name}</option> }
                    }).collect_view();
                    view! {
                        <div class="field">
                            <label for="filter-type">{text::FIELD_TYPE}</label>
                            <select id="filter-type" name="type">
                                <option value="">{text::ALL_TYPES}</option>
                                {type_options}
                            </select>
                        </div>
                        <div class="field">
                            <label for="filter-group">{text::GROUP}</label>
                            <select id="filter-group" name="group">
                                <option value="">{text::ALL_GROUPS}</option>
                                {group_options}
                            </select>
                        </div>
                        <div class="field">
                            <label for="filter-assignee">{text::ASSIGNEE}</label>
                            <select id="filter-assignee" name="assignee">
                                <option value="">{text::ANYONE}</option>
                                <option value="me" selected=assignee == "me">{text::MINE}</option>
                                <option value="none" selected=assignee == "none">{text::NOBODY}</option>
                                {member_options}
                            </select>
                        </div>
                    }
                })}
            </Suspense>
            <StatusSelect current=Signal::derive(move || filters.get().status.unwrap_or_else(|| "open".into())) />
            <div class="field">
                <label for="filter-priority">{text::PRIORITY}</label>
                <select id="filter-priority" name="priority">
                    <option value="">{text::ANY_PRIORITY}</option>
                    {move || {
                        let current = filters.get().priority.unwrap_or_default();
                        Priority::ALL.into_iter().rev().map(|p| {
                            let v = p.as_i64().to_string();
                            let sel = v == current;
                            view! { <option value=v selected=sel>{p.label_fa()}</option> }
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
                            let rest = filters.get_untracked().query();
                            let href = if rest.is_empty() { format!("/staff?after={n}") } else { format!("/staff?after={n}&{rest}") };
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
