use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::requests::request_types;
use crate::api::staff::{BulkAction, SaveFilter, SetAvailable, saved_filters};
use crate::api::staff::{load_staff_directory, queue_counts, staff_queue};
use crate::copy;
use crate::domain::request::Priority;
use crate::ui::components::form::{
    FormAlert, MultipartForm, PostForm, Submission, follows_with_typed, form_error, server_action,
};
use crate::ui::components::shortcuts::{Keys, Shortcuts};
use crate::ui::components::{JalaliTime, StatusBadge, tracking_display};
use crate::ui::live::use_live;
use crate::ui::pages::my_requests::StatusSelect;
use crate::wire::{QueueViews, RequestSummary, SavedFilterDto, StaffMember};

/// The filters of the queue, as they appear in its URL.
#[derive(Clone, Debug, PartialEq, Default)]
struct Filters {
    type_id: Option<i64>,
    status: Option<String>,
    group_id: Option<i64>,
    assignee: Option<String>,
    priority: Option<String>,
    q: Option<String>,
    tag: Option<String>,
    sort: Option<String>,
    sla: Option<String>,
}

impl Filters {
    /// How many filters narrow the list (the search text and the order aside).
    fn active(&self) -> usize {
        [
            self.type_id.is_some(),
            self.status.is_some(),
            self.group_id.is_some(),
            self.assignee.is_some(),
            self.priority.is_some(),
            self.tag.is_some(),
            self.sla.is_some(),
        ]
        .into_iter()
        .filter(|on| *on)
        .count()
    }

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
        if let Some(tag) = &self.tag {
            q.push(format!("tag={}", urlencode(tag)));
        }
        if let Some(sort) = &self.sort {
            q.push(format!("sort={}", urlencode(sort)));
        }
        if let Some(sla) = &self.sla {
            q.push(format!("sla={}", urlencode(sla)));
        }
        q.join("&")
    }

    /// The queue's address with these filters.
    fn href(&self) -> String {
        let q = self.query();
        if q.is_empty() {
            "/staff".into()
        } else {
            format!("/staff?{q}")
        }
    }

    /// The same filters in another order.
    fn sorted(&self, sort: Option<&str>) -> Filters {
        Filters {
            sort: sort.map(str::to_string),
            ..self.clone()
        }
    }
}

/// The queue's views: one click to a list that agents look at all day, each with its count.
const VIEWS: &[(&str, View)] = &[
    ("", View::Open),
    ("assignee=me", View::Mine),
    ("assignee=none", View::Unassigned),
    ("sla=at_risk", View::AtRisk),
    ("sla=breached", View::Breached),
    ("status=waiting_applicant", View::Waiting),
];

#[derive(Clone, Copy)]
enum View {
    Open,
    Mine,
    Unassigned,
    AtRisk,
    Breached,
    Waiting,
}

impl View {
    fn label(self) -> &'static str {
        match self {
            View::Open => copy::VIEW_OPEN,
            View::Mine => copy::MINE,
            View::Unassigned => copy::NOBODY,
            View::AtRisk => copy::CLOCK_AT_RISK,
            View::Breached => copy::CLOCK_BREACHED,
            View::Waiting => copy::STATUS_WAITING_APPLICANT,
        }
    }

    fn count(self, v: &QueueViews) -> i64 {
        match self {
            View::Open => v.open,
            View::Mine => v.mine,
            View::Unassigned => v.unassigned,
            View::AtRisk => v.at_risk,
            View::Breached => v.breached,
            View::Waiting => v.waiting,
        }
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
                tag: text("tag"),
                sort: text("sort").filter(|s| s == "due" || s == "newest"),
                sla: text("sla").filter(|s| s == "at_risk" || s == "breached"),
            }
        })
    });
    let after = move || query.with(|q| q.get("after").and_then(|v| v.parse::<i64>().ok()));
    let bulk = Submission::<BulkAction>::new();
    let save_filter = server_action::<SaveFilter>();
    let filters_list = Resource::new(move || save_filter.version().get(), |_| saved_filters());
    let types = Resource::new(|| (), |_| request_types());
    let set_available = server_action::<SetAvailable>();
    let directory = Resource::new(
        move || set_available.version().get(),
        |_| load_staff_directory(),
    );
    let me = crate::ui::components::layout::use_me();
    let queue = Resource::new(
        move || (filters.get(), after(), live.tick.get(), bulk.version.get()),
        |(f, a, _, _)| {
            staff_queue(
                f.type_id, f.status, f.group_id, f.assignee, f.priority, f.q, f.tag, f.sort, f.sla,
                a,
            )
        },
    );
    // The views' counts and the filters' result count, kept current by the live stream.
    let counts = Resource::new(
        move || (filters.get(), live.tick.get(), bulk.version.get()),
        |(f, _, _)| queue_counts(Some(f.query())),
    );
    view! {
        <Title text=format!("{} | {}", copy::QUEUE_TITLE, copy::APP_NAME) />
        <h1>{copy::QUEUE_TITLE}</h1>
        <Shortcuts keys=Keys::Queue />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let my_id = me.await.ok().flatten().map(|m| m.id);
                let available = directory
                    .await
                    .ok()
                    .and_then(|d| d.members.into_iter().find(|m| Some(m.id) == my_id))
                    .map(|m| m.available);
                available.map(|on| view! {
                    <PostForm action=set_available>
                        <p class="availability">
                            {if on { copy::YOU_ARE_AVAILABLE } else { copy::YOU_ARE_AWAY }} " "
                            <input type="hidden" name="available" value=if on { "0" } else { "1" } />
                            <button type="submit" class="button small">
                                {if on { copy::GO_AWAY } else { copy::COME_BACK }}
                            </button>
                        </p>
                    </PostForm>
                })
            })}
        </Transition>
        <div class="queue-layout">
        <aside class="queue-side">
            <ViewsNav counts=counts current=Signal::derive(move || filters.get().sorted(None).query()) />
            <SavedFilters list=filters_list save=save_filter current=Signal::derive(move || filters.get().query()) />
        </aside>
        <div class="queue-main">
        <FilterForm filters=filters types=types directory=directory />
        <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
            {move || Suspend::new(async move {
                let found = counts.await.ok().map(|c| copy::queue_found(c.matching, c.cap)).unwrap_or_default();
                match queue.await {
                    Ok(page) if page.items.is_empty() => view! { <p class="card muted">{copy::QUEUE_EMPTY}</p> }.into_any(),
                    Ok(page) => {
                        let more = page.next.map(|n| {
                            let rest = filters.get_untracked().query();
                            let href = if rest.is_empty() { format!("/staff?after={n}") } else { format!("/staff?after={n}&{rest}") };
                            view! { <p><a class="button secondary" href=href>{copy::MORE}</a></p> }
                        });
                        let members = directory.await.map(|d| d.members).unwrap_or_default();
                        view! {
                            <p class="result-count" role="status">{found}</p>
                            <BulkList items=page.items bulk=bulk members=members filters=filters.get_untracked() />
                            {more}
                        }.into_any()
                    }
                    Err(e) => view! { <p class="alert error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
        </div>
        </div>
    }
}

/// The queue's filters: a plain GET form, so they are bookmarkable and work without JavaScript.
#[component]
fn FilterForm(
    filters: Memo<Filters>,
    types: Resource<Result<Vec<crate::wire::RequestTypeDto>, crate::wire::AppError>>,
    directory: Resource<Result<crate::wire::StaffDirectory, crate::wire::AppError>>,
) -> impl IntoView {
    // The boxes follow the address, and keep what was typed while the script loaded.
    let q_box = follows_with_typed("filter-q", move || filters.get().q.unwrap_or_default());
    let tag_box = follows_with_typed("filter-tag", move || filters.get().tag.unwrap_or_default());
    view! {
        <form method="get" action="/staff" class="card filters queue-filters" role="search">
            <div class="field search-field">
                <label for="filter-q">{copy::SEARCH}</label>
                <input id="filter-q" name="q" type="search" maxlength="100"
                    value=filters.get_untracked().q
                    prop:value=move || q_box.get()
                    aria-describedby="filter-q-help" />
                <p class="help" id="filter-q-help">{copy::SEARCH_STAFF_HELP}</p>
            </div>
            // On a phone the other filters fold behind one button; wider screens show them.
            <details class="fold">
            <summary class="button secondary">{move || copy::more_filters(filters.get().active())}</summary>
            <div class="fold-body">
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
                            <label for="filter-type">{copy::FIELD_TYPE}</label>
                            <select id="filter-type" name="type">
                                <option value="">{copy::ALL_TYPES}</option>
                                {type_options}
                            </select>
                        </div>
                        <div class="field">
                            <label for="filter-group">{copy::GROUP}</label>
                            <select id="filter-group" name="group">
                                <option value="">{copy::ALL_GROUPS}</option>
                                {group_options}
                            </select>
                        </div>
                        <div class="field">
                            <label for="filter-assignee">{copy::ASSIGNEE}</label>
                            <select id="filter-assignee" name="assignee">
                                <option value="">{copy::ANYONE}</option>
                                <option value="me" selected=assignee == "me">{copy::MINE}</option>
                                <option value="none" selected=assignee == "none">{copy::NOBODY}</option>
                                {member_options}
                            </select>
                        </div>
                    }
                })}
            </Suspense>
            <StatusSelect current=Signal::derive(move || filters.get().status.unwrap_or_else(|| "open".into())) />
            <div class="field">
                <label for="filter-priority">{copy::PRIORITY}</label>
                <select id="filter-priority" name="priority">
                    <option value="">{copy::ANY_PRIORITY}</option>
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
            <div class="field">
                <label for="filter-tag">{copy::TAG}</label>
                <input id="filter-tag" name="tag" type="text" maxlength="40"
                    value=filters.get_untracked().tag
                    prop:value=move || tag_box.get() />
            </div>
            <div class="field">
                <label for="filter-sort">{copy::SORT}</label>
                <select id="filter-sort" name="sort">
                    <option value="">{copy::SORT_OLDEST}</option>
                    <option value="newest" selected=move || filters.get().sort.as_deref() == Some("newest")>{copy::SORT_NEWEST}</option>
                    <option value="due" selected=move || filters.get().sort.as_deref() == Some("due")>{copy::SORT_DUE}</option>
                </select>
            </div>
            </div>
            </details>
            // A view chosen in the side column stays on when other filters are applied.
            {move || filters.get().sla.map(|v| view! { <input type="hidden" name="sla" value=v /> })}
            <button type="submit" class="button secondary">{copy::FILTER}</button>
        </form>
    }
    .into_any()
}

/// The side column's views, each a link with its live count.
#[component]
fn ViewsNav(
    counts: Resource<Result<crate::wire::QueueCounts, crate::wire::AppError>>,
    current: Signal<String>,
) -> impl IntoView {
    view! {
        <nav class="card queue-views" aria-labelledby="queue-views-title">
            <h2 id="queue-views-title">{copy::QUEUE_VIEWS}</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let views = counts.await.map(|c| c.views).unwrap_or_default();
                    let here = current.get();
                    view! {
                        <ul>
                            {VIEWS.iter().map(|(query, v)| {
                                let href = if query.is_empty() { "/staff".to_string() } else { format!("/staff?{query}") };
                                let n = v.count(&views);
                                let urgent = matches!(v, View::Breached) && n > 0;
                                view! {
                                    <li>
                                        <a href=href aria-current=(here == *query).then_some("page")>
                                            <span>{v.label()}</span>
                                            <span class=if urgent { "count urgent" } else { "count" }>
                                                {crate::copy::digits::persian_grouped(n)}
                                                <span class="visually-hidden">{copy::REQUESTS_UNIT}</span>
                                            </span>
                                        </a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                })}
            </Transition>
        </nav>
    }
}

/// The viewer's saved filters as links, and a form to save the current one.
#[component]
fn SavedFilters(
    list: Resource<Result<Vec<SavedFilterDto>, crate::wire::AppError>>,
    save: ServerAction<SaveFilter>,
    current: Signal<String>,
) -> impl IntoView {
    let error = form_error(save);
    view! {
        <section class="card saved-filters" aria-labelledby="saved-filters-title">
            <h2 id="saved-filters-title">{copy::SAVED_FILTERS}</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let items = list.await.unwrap_or_default();
                    if items.is_empty() {
                        return view! { <p class="muted">{copy::NO_SAVED_FILTERS}</p> }.into_any();
                    }
                    view! {
                        <ul class="files">
                            {items.into_iter().map(|f| view! {
                                <li>
                                    <a href=format!("/staff?{}", f.query)>{f.name.clone()}</a>
                                    <PostForm action=save>
                                        <input type="hidden" name="filter_id" value=f.id.to_string() />
                                        <input type="hidden" name="op" value="delete" />
                                        <button type="submit" class="button small" aria-label=format!("{} {}", copy::REMOVE, f.name)>{copy::REMOVE}</button>
                                    </PostForm>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Transition>
            <PostForm action=save>
                <FormAlert error=error />
                // The page is made with the filters it shows, so a save without JavaScript saves them.
                <input type="hidden" name="query" value=current.get_untracked() prop:value=move || current.get() />
                <div class="field">
                    <label for="filter-name">{copy::SAVE_FILTER_AS}</label>
                    <input id="filter-name" name="name" type="text" required=true maxlength="60" />
                </div>
                <button type="submit" class="button secondary">{copy::SAVE_FILTER}</button>
            </PostForm>
        </section>
    }
}

/// The queue's requests as a dense table (cards on a phone) with a checkbox each and one action
/// for the ticked ones; with JavaScript a box in the head ticks them all, and the keyboard moves
/// between them (see `shortcuts`). The filed and due columns sort the list.
#[component]
fn BulkList(
    items: Vec<RequestSummary>,
    bulk: Submission<BulkAction>,
    members: Vec<StaffMember>,
    filters: Filters,
) -> impl IntoView {
    let error = bulk.error();
    let done = move || bulk.value.get().and_then(|r| r.ok());
    // Ticking them all is the page script's; without it the box is not offered.
    let scripted = RwSignal::new(false);
    Effect::new(move |_| scripted.set(true));
    let table = NodeRef::<leptos::html::Table>::new();
    let tick_all = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        #[cfg(feature = "hydrate")]
        if let Some(t) = table.get_untracked() {
            use wasm_bindgen::JsCast;
            if let Ok(boxes) = t.query_selector_all("tbody input[type=checkbox]") {
                for i in 0..boxes.length() {
                    if let Some(b) = boxes
                        .item(i)
                        .and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
                    {
                        b.set_checked(on);
                    }
                }
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (on, table);
    };
    let sort = filters.sort.clone();
    let (filed_sort, filed_next, filed_order) = match sort.as_deref() {
        Some("newest") => ("descending", None, copy::SORT_OLDEST),
        Some("due") => ("none", None, copy::SORT_OLDEST),
        _ => ("ascending", Some("newest"), copy::SORT_NEWEST),
    };
    let filed_href = filters.sorted(filed_next).href();
    let due_sort = if sort.as_deref() == Some("due") {
        "ascending"
    } else {
        "none"
    };
    let due_href = filters.sorted(Some("due")).href();
    let from = filters.query();
    view! {
        <MultipartForm submission=bulk>
            <FormAlert error=error />
            {move || done().map(|n| view! {
                <p class="alert success" role="status">{copy::bulk_done(n)}</p>
            })}
            <table class="table stack queue-table" node_ref=table>
                <thead>
                    <tr>
                        <th scope="col" class="pick">
                            <span class="visually-hidden">{copy::PICK}</span>
                            <input type="checkbox" id="pick-all" aria-label=copy::SELECT_ALL
                                hidden=move || !scripted.get() on:change=tick_all />
                        </th>
                        <th scope="col">{copy::FIELD_SUBJECT}</th>
                        <th scope="col">{copy::STATUS}</th>
                        <th scope="col" aria-sort=due_sort>
                            <a href=due_href aria-label=copy::sort_column(copy::COL_SLA, copy::SORT_DUE)>{copy::COL_SLA}</a>
                        </th>
                        <th scope="col">{copy::PRIORITY}</th>
                        <th scope="col">{copy::FIELD_TYPE}</th>
                        <th scope="col">{copy::APPLICANT}</th>
                        <th scope="col">{copy::ASSIGNEE}</th>
                        <th scope="col" aria-sort=filed_sort>
                            <a href=filed_href aria-label=copy::sort_column(copy::COL_FILED, filed_order)>{copy::COL_FILED}</a>
                        </th>
                        <th scope="col">{copy::COL_UPDATED}</th>
                    </tr>
                </thead>
                <tbody>
                {items.into_iter().map(|r| {
                    // The request page steps through this same list (previous, next).
                    let href = if from.is_empty() {
                        format!("/staff/requests/{}", r.tracking_code)
                    } else {
                        format!("/staff/requests/{}?queue={}", r.tracking_code, urlencode(&from))
                    };
                    let box_id = format!("pick-{}", r.tracking_code);
                    let box_name = format!("code_{}", r.tracking_code);
                    let label = format!("{} {}", copy::PICK, r.subject);
                    let clock = r.sla.filter(|c| c.state.is_open() || c.state == crate::domain::sla::ClockState::Breached);
                    let updated = (r.updated_at > r.created_at).then_some(r.updated_at);
                    view! {
                        <tr class:news=r.new_activity>
                            <td class="pick"><input type="checkbox" id=box_id name=box_name aria-label=label /></td>
                            <th scope="row" class="subject-cell">
                                <a class="subject" href=href>{r.subject}</a>
                                {r.new_activity.then(|| view! { <span class="badge news">{copy::NEW_ACTIVITY}</span> })}
                                <span class="code" dir="ltr">{tracking_display(&r.tracking_code)}</span>
                            </th>
                            <td data-label=copy::STATUS><StatusBadge status=r.status /></td>
                            <td data-label=copy::COL_SLA>{clock.map(|c| view! { <crate::ui::components::SlaBadge clock=c /> })}</td>
                            <td data-label=copy::PRIORITY>
                                <span class=format!("badge priority-{}", r.priority.as_i64())>{r.priority.label_fa()}</span>
                            </td>
                            <td data-label=copy::FIELD_TYPE>{r.type_title}</td>
                            <td data-label=copy::APPLICANT>{r.applicant_name.unwrap_or_default()}</td>
                            <td data-label=copy::ASSIGNEE>{r.assignee_name.unwrap_or_else(|| copy::NOBODY.to_string())}</td>
                            <td data-label=copy::COL_FILED><JalaliTime ms=r.created_at /></td>
                            <td data-label=copy::COL_UPDATED>{updated.map(|ms| view! { <JalaliTime ms=ms /> })}</td>
                        </tr>
                    }
                }).collect_view()}
                </tbody>
            </table>
            <fieldset class="card bulk-bar">
                <legend>{copy::BULK_TITLE}</legend>
                <div class="field">
                    <label for="bulk-action">{copy::BULK_ACTION}</label>
                    <select id="bulk-action" name="action">
                        <option value="assign">{copy::ASSIGN}</option>
                        <option value="close">{copy::CLOSE_REQUEST}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="bulk-assignee">{copy::ASSIGNEE}</label>
                    <select id="bulk-assignee" name="assignee">
                        <option value="me">{copy::ASSIGN_TO_ME}</option>
                        <option value="">{copy::NOBODY}</option>
                        {members.into_iter().map(|m| view! { <option value=m.id.to_string()>{m.full_name}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button secondary">{copy::BULK_APPLY}</button>
            </fieldset>
        </MultipartForm>
    }
}
