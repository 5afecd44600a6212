//! `/calls`: the calls open now and coming, for everyone (no sign-in): which services they
//! open, from when to when, for whom, and how many places are left.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::calls::public_calls;
use crate::copy;
use crate::copy::digits::persian_number;
use crate::ui::components::JalaliTime;
use crate::wire::CallDto;

#[component]
pub fn CallsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| public_calls());
    view! {
        <Title text=format!("{} | {}", copy::CALLS_TITLE, copy::APP_NAME) />
        <h1>{copy::CALLS_TITLE}</h1>
        <p>{copy::CALLS_INTRO}</p>
        <Suspense fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
            {move || Suspend::new(async move {
                let calls = match data.await {
                    Ok(c) => c,
                    Err(e) => return view! { <p class="alert error" role="alert">{e.to_string()}</p> }.into_any(),
                };
                if calls.is_empty() {
                    return view! { <p class="muted">{copy::CALLS_NONE}</p> }.into_any();
                }
                let (open, coming): (Vec<CallDto>, Vec<CallDto>) = calls.into_iter().partition(|c| c.open);
                view! {
                    <CallList heading=copy::CALLS_CURRENT id="calls-open" calls=open link=true />
                    <CallList heading=copy::CALLS_COMING id="calls-coming" calls=coming link=false />
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn CallList(
    heading: &'static str,
    id: &'static str,
    calls: Vec<CallDto>,
    link: bool,
) -> impl IntoView {
    (!calls.is_empty()).then(|| view! {
        <section aria-labelledby=id>
            <h2 id=id>{heading}</h2>
            <ul class="call-list">
                {calls.into_iter().map(|c| view! { <li><CallCard call=c link=link /></li> }).collect_view()}
            </ul>
        </section>
    })
}

/// A call's terms as a card: its window, for whom, its places, its services (links to file
/// when `link`).
#[component]
pub fn CallCard(call: CallDto, link: bool) -> impl IntoView {
    let kinds = (!call.kinds.is_empty()).then(|| {
        call.kinds
            .iter()
            .map(|k| k.label_fa())
            .collect::<Vec<_>>()
            .join(copy::LIST_SEPARATOR)
    });
    let places = call
        .capacity
        .map(|c| copy::call_places_left(&persian_number((c - call.taken).max(0))));
    view! {
        <article class="card call">
            <h3>{call.title}</h3>
            {(!call.body.is_empty()).then(|| view! { <p class="call-body">{call.body}</p> })}
            <dl class="facts">
                <div><dt>{copy::CALL_FROM}</dt><dd><JalaliTime ms=call.starts_at /></dd></div>
                <div><dt>{copy::CALL_TO}</dt><dd><JalaliTime ms=call.ends_at /></dd></div>
                {kinds.map(|k| view! { <div><dt>{copy::CALL_FOR_KINDS}</dt><dd>{k}</dd></div> })}
                {places.map(|p| view! { <div><dt>{copy::CALL_CAPACITY}</dt><dd>{p}</dd></div> })}
                <div><dt>{copy::CALL_SERVICES}</dt>
                <dd>
                    <ul class="inline-list">
                        {call.types.into_iter().map(|(id, title)| view! {
                            <li>{if link {
                                view! { <a href=format!("/requests/new?type={id}")>{title}</a> }.into_any()
                            } else {
                                view! { <span>{title}</span> }.into_any()
                            }}</li>
                        }).collect_view()}
                    </ul>
                </dd></div>
            </dl>
        </article>
    }
}
