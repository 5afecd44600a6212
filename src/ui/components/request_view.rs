//! A request with its conversation and the reply form, for the applicant and for staff.

use leptos::prelude::*;

use crate::api::dto::{RequestDetail, Side};
use crate::api::requests::{CloseRequest, Reply, get_request};
use crate::api::staff::StartWork;
use crate::domain::request_status::RequestStatus;
use crate::error::AppError;
use crate::ui::components::form::{FormAlert, PostForm, TextArea, form_error};
use crate::ui::components::{JalaliTime, StatusBadge, tracking_display};
use crate::ui::live::use_live;
use crate::ui::text;

#[component]
pub fn RequestView(
    code: Signal<String>,
    staff: bool,
    #[prop(optional)] just_created: bool,
) -> impl IntoView {
    let live = use_live();
    let reply = ServerAction::<Reply>::new();
    let close = ServerAction::<CloseRequest>::new();
    let start = ServerAction::<StartWork>::new();
    // The reply being written lives here, above the part a live update re-renders.
    let draft = Draft {
        body: RwSignal::new(String::new()),
        initial_result: RwSignal::new(false),
    };
    // Clear the draft once it is safely stored (with JavaScript; without, the page reloads).
    // Here, not in the form, which a live update re-creates.
    Effect::new(move |_| {
        if let Some(Ok(())) = reply.value().get() {
            draft.body.set(String::new());
            draft.initial_result.set(false);
        }
    });
    let detail = Resource::new(
        move || {
            (
                code.get(),
                live.tick.get(),
                reply.version().get(),
                close.version().get(),
                start.version().get(),
            )
        },
        |(code, ..)| get_request(code),
    );
    view! {
        <Transition fallback=|| view! { <p class="muted">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! {
                        <Detail d=d staff=staff just_created=just_created reply=reply close=close start=start draft=draft />
                    }.into_any(),
                    Err(e) => view! {
                        <div class="card">
                            <h1>{if e == AppError::NotFound { text::NOT_FOUND_TITLE } else { text::LOAD_FAILED_TITLE }}</h1>
                            <p role="alert">{e.to_string()}</p>
                        </div>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Detail(
    d: RequestDetail,
    staff: bool,
    just_created: bool,
    reply: ServerAction<Reply>,
    close: ServerAction<CloseRequest>,
    start: ServerAction<StartWork>,
    draft: Draft,
) -> impl IntoView {
    let code = d.tracking_code.clone();
    let open = d.status.is_open();
    let can_mark_initial = staff && d.initial_result_at.is_none();
    let no_messages = d.messages.is_empty();
    let messages = d
        .messages
        .iter()
        .map(|m| {
            let (who, class) = match m.side {
                Side::Staff => (text::STAFF_SIDE, "message staff"),
                Side::Applicant => (text::APPLICANT_SIDE, "message applicant"),
            };
            view! {
                <li class=class>
                    <div class="message-meta">
                        <span class="author">{m.author_name.clone()}</span>
                        <span class="role">{who}</span>
                        {m.is_initial_result.then(|| view! { <span class="badge initial">{text::INITIAL_RESULT_BADGE}</span> })}
                        <JalaliTime ms=m.created_at />
                    </div>
                    <p class="message-body">{m.body.clone()}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <article class="request" aria-labelledby="request-title">
            // The "filed" notice belongs to the first view of a new request only.
            {(just_created && no_messages).then(|| view! { <p class="alert success" role="status">{text::CREATED_NOTICE}</p> })}
            <header class="request-head card">
                <h1 id="request-title">{d.subject.clone()}</h1>
                <dl class="facts">
                    <div><dt>{text::TRACKING_CODE}</dt><dd class="code" dir="ltr">{tracking_display(&d.tracking_code)}</dd></div>
                    <div><dt>{text::STATUS}</dt><dd><StatusBadge status=d.status /></dd></div>
                    <div><dt>{text::FIELD_TYPE}</dt><dd>{d.type_title.clone()}</dd></div>
                    <div><dt>{text::SUBMITTED_AT}</dt><dd><JalaliTime ms=d.created_at /></dd></div>
                    <div><dt>{text::TARGET}</dt><dd>{text::working_days(d.initial_result_days)}</dd></div>
                    {d.initial_result_at.map(|at| view! {
                        <div><dt>{text::INITIAL_RESULT_AT}</dt><dd><JalaliTime ms=at /></dd></div>
                    })}
                    {staff.then(|| view! {
                        <div><dt>{text::APPLICANT}</dt><dd>{d.applicant_name.clone()}</dd></div>
                    })}
                </dl>
                <div class="actions">
                    {(staff && d.status == RequestStatus::New).then(|| {
                        let code = code.clone();
                        view! {
                            <PostForm action=start>
                                <input type="hidden" name="code" value=code />
                                <button type="submit" class="button secondary">{text::START_WORK}</button>
                            </PostForm>
                        }
                    })}
                    {open.then(|| {
                        let code = code.clone();
                        view! {
                            <PostForm action=close>
                                <input type="hidden" name="code" value=code />
                                <button type="submit" class="button secondary">{text::CLOSE_REQUEST}</button>
                            </PostForm>
                        }
                    })}
                </div>
            </header>
            <section class="card" aria-labelledby="description-title">
                <h2 id="description-title">{text::YOUR_DESCRIPTION}</h2>
                <p class="message-body">{d.description.clone()}</p>
            </section>
            <section aria-labelledby="conversation-title">
                <h2 id="conversation-title">{text::CONVERSATION}</h2>
                {no_messages.then(|| view! { <p class="muted">{text::NO_MESSAGES}</p> })}
                <ol class="conversation" aria-live="polite">{messages}</ol>
            </section>
            {if open {
                view! { <ReplyForm code=code.clone() reply=reply can_mark_initial=can_mark_initial draft=draft /> }.into_any()
            } else {
                view! { <p class="muted">{text::CLOSED_NOTE}</p> }.into_any()
            }}
        </article>
    }
}

/// A reply in the making.
#[derive(Clone, Copy)]
struct Draft {
    body: RwSignal<String>,
    initial_result: RwSignal<bool>,
}

#[component]
fn ReplyForm(
    code: String,
    reply: ServerAction<Reply>,
    can_mark_initial: bool,
    draft: Draft,
) -> impl IntoView {
    let error = form_error(reply);
    view! {
        <section class="card" aria-labelledby="reply-title">
            <h2 id="reply-title">{text::REPLY_TITLE}</h2>
            <PostForm action=reply>
                <input type="hidden" name="code" value=code />
                <FormAlert error=error />
                <TextArea name="body" label=text::REPLY_BODY error=error rows=5 value=draft.body />
                {can_mark_initial.then(|| view! {
                    <div class="field checkbox">
                        <input
                            type="checkbox"
                            id="initial_result"
                            name="initial_result"
                            prop:checked=move || draft.initial_result.get()
                            on:change:target=move |ev| draft.initial_result.set(ev.target().checked())
                        />
                        <label for="initial_result">{text::REPLY_MARK_INITIAL}</label>
                    </div>
                })}
                <button type="submit" class="button">{text::REPLY_SUBMIT}</button>
            </PostForm>
        </section>
    }
}
