use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::copy;
use crate::ui::components::request_view::RequestView;
use crate::wire::PresenceDto;

/// A request as staff see it: with the applicant, the staff tools, canned responses, and who
/// else has it open right now.
#[component]
pub fn StaffRequestPage() -> impl IntoView {
    let params = use_params_map();
    let code = Signal::derive(move || params.with(|p| p.get("code").unwrap_or_default()));
    let others = RwSignal::new(Vec::<PresenceDto>::new());
    presence_heartbeat(code, others);
    view! {
        <Title text=format!("{} | {}", copy::QUEUE_TITLE, copy::APP_NAME) />
        <QueueSteps code=code />
        <div role="status" class="presence">
            {move || {
                let names = others.get();
                (!names.is_empty()).then(|| view! {
                    <p class="alert info">
                        {copy::PRESENT_NOW} " "
                        {names.into_iter().map(|p| p.full_name).collect::<Vec<_>>().join(copy::LIST_SEPARATOR)}
                    </p>
                })
            }}
        </div>
        <crate::ui::components::shortcuts::Shortcuts keys=crate::ui::components::shortcuts::Keys::Request />
        <RequestView code=code staff=true />
    }
}

/// Tells the server every 15 s that this staff member has the request open, and shows who else
/// has; says goodbye when the page goes away. Only in the browser.
fn presence_heartbeat(code: Signal<String>, others: RwSignal<Vec<PresenceDto>>) {
    #[cfg(feature = "hydrate")]
    {
        use crate::api::staff::presence;
        let beat = move || {
            let code = code.get_untracked();
            leptos::task::spawn_local(async move {
                if let Ok(list) = presence(code, None).await {
                    others.set(list);
                }
            });
        };
        Effect::new(move |_| {
            code.track();
            beat();
        });
        // Dropped, and so stopped, with the page's reactive owner.
        StoredValue::new_local(gloo_timers::callback::Interval::new(15_000, beat));
        on_cleanup(move || {
            let code = code.get_untracked();
            leptos::task::spawn_local(async move {
                let _ = presence(code, Some("1".into())).await;
            });
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (code, others);
}

/// Back to the queue the staff member came from, and its previous and next requests, so a
/// list is worked through without going back to it (the queue's filters travel in `queue`).
#[component]
fn QueueSteps(code: Signal<String>) -> impl IntoView {
    let query = use_query_map();
    let queue = Memo::new(move |_| query.with(|q| q.get("queue").unwrap_or_default()));
    let neighbours = Resource::new(
        move || (code.get(), queue.get()),
        |(code, queue)| crate::api::staff::queue_neighbours(code, Some(queue)),
    );
    let step = move |target: Option<String>, label: &'static str, class: &'static str| {
        let queue = queue.get_untracked();
        target.map(|c| {
            let href = if queue.is_empty() {
                format!("/staff/requests/{c}")
            } else {
                format!(
                    "/staff/requests/{c}?queue={}",
                    crate::ui::pages::staff_queue::urlencode(&queue)
                )
            };
            view! { <a class=format!("button secondary small {class}") href=href>{label}</a> }
        })
    };
    view! {
        <nav class="queue-steps" aria-label=copy::QUEUE_STEPS>
            <a href=move || {
                let queue = queue.get();
                if queue.is_empty() { "/staff".to_string() } else { format!("/staff?{queue}") }
            }>{copy::BACK_TO_QUEUE}</a>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let n = neighbours.await.unwrap_or_default();
                    view! {
                        <span class="steps">
                            {step(n.previous, copy::PREVIOUS_REQUEST, "previous")}
                            {step(n.next, copy::NEXT_REQUEST, "next")}
                        </span>
                    }
                })}
            </Transition>
        </nav>
    }
}
