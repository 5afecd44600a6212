//! A request with its conversation, timeline and the forms that act on it, for the applicant
//! and for staff.

use leptos::prelude::*;

use crate::api::requests::{CloseRequest, RateRequest, ReopenRequest, Reply, get_request};
use crate::api::staff::{
    InsertCanned, MergeRequest, ResolveRequest, StartWork, TagRequest, UpdateProperties,
    applicant_requests, canned_responses, load_staff_directory,
};
use crate::copy;
use crate::domain::request::ReplyMode;
use crate::domain::request_status::RequestStatus;
use crate::ui::components::form::{
    AskFirst, FilesField, FormAlert, MultipartForm, PostForm, Submission, TextArea, form_error,
    server_action, typed, typed_all,
};
use crate::ui::components::staff_panel::StaffPanel;
use crate::ui::components::{JalaliTime, SlaBadge, StatusBadge, tracking_display};
use crate::ui::live::use_live;
use crate::wire::AppError;
use crate::wire::{
    AttachmentDto, CannedDto, HistoryEntry, MessageDto, RequestDetail, RequestSummary, Side,
    StaffDirectory,
};

/// Every action the page can take; the request is refetched after any of them.
#[derive(Clone, Copy)]
pub struct Actions {
    pub reply: Submission<Reply>,
    pub close: ServerAction<CloseRequest>,
    pub reopen: ServerAction<ReopenRequest>,
    pub rate: ServerAction<RateRequest>,
    pub start: ServerAction<StartWork>,
    pub resolve: ServerAction<ResolveRequest>,
    pub properties: ServerAction<UpdateProperties>,
    pub merge: ServerAction<MergeRequest>,
    pub tag: ServerAction<TagRequest>,
}

impl Actions {
    fn new() -> Self {
        Actions {
            reply: Submission::new(),
            close: server_action(),
            reopen: server_action(),
            rate: server_action(),
            start: server_action(),
            resolve: server_action(),
            properties: server_action(),
            merge: server_action(),
            tag: server_action(),
        }
    }

    /// Changes whenever any action completes.
    fn version(&self) -> usize {
        self.reply.version.get()
            + self.close.version().get()
            + self.reopen.version().get()
            + self.rate.version().get()
            + self.start.version().get()
            + self.resolve.version().get()
            + self.properties.version().get()
            + self.merge.version().get()
            + self.tag.version().get()
    }
}

/// A reply in the making; it lives above the part a live update re-renders.
#[derive(Clone, Copy)]
struct Draft {
    body: RwSignal<String>,
    mode: RwSignal<ReplyMode>,
    initial_result: RwSignal<bool>,
    /// Whether the reply type and the initial-result box were restored from a failed post
    /// already (a re-render after a live update must not undo a later choice).
    restored: StoredValue<(bool, bool)>,
}

#[component]
pub fn RequestView(
    code: Signal<String>,
    staff: bool,
    #[prop(optional)] just_created: bool,
) -> impl IntoView {
    let staff = staff && crate::ui::STAFF_PAGES;
    let live = use_live();
    let actions = Actions::new();
    let draft = Draft {
        body: RwSignal::new(String::new()),
        mode: RwSignal::new(ReplyMode::Answer),
        initial_result: RwSignal::new(false),
        restored: StoredValue::new((false, false)),
    };
    // Clear the draft once it is safely stored (with JavaScript; without, the page reloads).
    // Here, not in the form, which a live update re-creates.
    Effect::new(move |_| {
        if let Some(Ok(())) = actions.reply.value.get() {
            draft.body.set(String::new());
            draft.mode.set(ReplyMode::Answer);
            draft.initial_result.set(false);
        }
    });
    let detail = Resource::new(
        move || (code.get(), live.tick.get(), actions.version()),
        |(code, ..)| get_request(code),
    );
    let staff_loads = staff.then(|| StaffLoads::new(code));
    let looked_before = StoredValue::new(None::<(String, Option<i64>)>);
    view! {
        <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
            {move || {
                Suspend::new(async move {
                let (canned_items, staff_directory, others) = match staff_loads {
                    Some(loads) => (loads.canned.await, loads.directory.await, Some(loads.others)),
                    None => (Vec::new(), StaffDirectory::default(), None),
                };
                match detail.await {
                    Ok(d) => {
                        // What came since the person looked before, as of the page's first load:
                        // later reads (live updates) must not take the markers away.
                        let since = match looked_before.get_value() {
                            Some((code, since)) if code == d.tracking_code => since,
                            _ => {
                                looked_before.set_value(Some((d.tracking_code.clone(), d.seen_before)));
                                d.seen_before
                            }
                        };
                        view! {
                            <Detail d=d staff=staff just_created=just_created actions=actions draft=draft canned=canned_items directory=staff_directory others=others since=since />
                        }.into_any()
                    }
                    Err(e) => view! {
                        <div class="card">
                            <h1>{if e == AppError::NotFound { copy::NOT_FOUND_TITLE } else { copy::LOAD_FAILED_TITLE }}</h1>
                            <p role="alert">{e.to_string()}</p>
                        </div>
                    }.into_any(),
                }
            })}}
        </Transition>
    }
}

/// Download links for files.
/// The files of a message (or of a request, a field, a dispute), as downloads.
pub(crate) fn file_links(files: Vec<AttachmentDto>) -> impl IntoView {
    (!files.is_empty()).then(|| {
        view! {
            <ul class="files" aria-label=copy::ATTACHED_FILES>
                {files.into_iter().map(|f| view! {
                    <li>
                        <a href=format!("/files/{}", f.id) download=f.file_name.clone()>{f.file_name.clone()}</a>
                        <span class="muted">" (" {crate::domain::files::size_fa(f.size)} ")"</span>
                    </li>
                }).collect_view()}
            </ul>
        }
    })
}

fn message_item(m: &MessageDto, files: Vec<AttachmentDto>, new: bool) -> impl IntoView + use<> {
    let (who, class) = match (m.side, m.internal) {
        (_, true) => (copy::INTERNAL_NOTE_BADGE, "message note"),
        (Side::Staff, false) => (copy::STAFF_SIDE, "message staff"),
        (Side::Applicant, false) => (copy::APPLICANT_SIDE, "message applicant"),
    };
    view! {
        <li class=class class:is-new=new>
            <div class="message-meta">
                <span class="author">{m.author_name.clone()}</span>
                <span class="role">{who}</span>
                {new.then(|| view! { <span class="badge news">{copy::NEW_ACTIVITY}</span> })}
                {m.is_initial_result.then(|| view! { <span class="badge initial">{copy::INITIAL_RESULT_BADGE}</span> })}
                <JalaliTime ms=m.created_at />
            </div>
            <p class="message-body">{m.body.clone()}</p>
            {file_links(files)}
        </li>
    }
}

/// The SLA lines of a request: the applicant's expected date (or how long the initial result
/// took), and for staff both clocks with what is left.
fn sla_facts(sla: crate::wire::SlaView, staff: bool) -> impl IntoView {
    use crate::domain::sla::{ClockState, format_working_minutes_fa};
    let ir = sla.initial;
    let expected = match (ir.state, ir.due_at) {
        (ClockState::Met, _) => None,
        (ClockState::Paused, _) => {
            Some(view! { <span>{copy::SLA_PAUSED_FOR_YOU}</span> }.into_any())
        }
        (_, Some(due)) => Some(view! { <JalaliTime ms=due /> }.into_any()),
        _ => None,
    };
    let stopped = ir.state == ClockState::Met
        || (ir.state == ClockState::Breached && ir.remaining_min.is_none());
    let took = stopped.then(|| format_working_minutes_fa(ir.elapsed_min, ir.day_minutes));
    view! {
        {expected.map(|e| view! { <div><dt>{copy::SLA_EXPECTED}</dt><dd>{e}</dd></div> })}
        {took.map(|t| view! { <div><dt>{copy::SLA_TOOK}</dt><dd>{t}</dd></div> })}
        {staff.then(|| view! {
            <div><dt>{copy::SLA_INITIAL_CLOCK}</dt><dd><SlaBadge clock=ir /></dd></div>
            {sla.resolution.map(|res| view! {
                <div><dt>{copy::SLA_RESOLUTION_CLOCK}</dt><dd><SlaBadge clock=res /></dd></div>
            })}
        })}
    }
}

fn history_item(h: &HistoryEntry) -> impl IntoView + use<> {
    let actor = h
        .actor_name
        .clone()
        .unwrap_or_else(|| copy::SYSTEM_ACTOR.to_string());
    view! {
        <li class:internal=h.internal>
            <JalaliTime ms=h.at />
            " — "
            {h.text.clone()}
            <span class="muted">" (" {actor} ")"</span>
            {(!h.reason.is_empty()).then(|| view! { <span class="reason">{format!("«{}»", h.reason)}</span> })}
        </li>
    }
}

/// The same applicant's other requests.
type OthersResource = Resource<Result<Vec<RequestSummary>, AppError>>;

/// What only staff load with a request page: the canned responses, the directory of groups and
/// colleagues, the applicant's other requests. Loaded once for the page, not in the part a live
/// update or a saved property re-renders (which would load them again, and drop a load still
/// on its way); never for an applicant, whose bundle is built without this code.
#[derive(Clone, Copy)]
struct StaffLoads {
    canned: Resource<Vec<CannedDto>>,
    directory: Resource<StaffDirectory>,
    others: OthersResource,
}

impl StaffLoads {
    fn new(code: Signal<String>) -> Self {
        Self {
            canned: Resource::new(
                || (),
                |_| async { canned_responses().await.unwrap_or_default() },
            ),
            directory: Resource::new(
                || (),
                |_| async { load_staff_directory().await.unwrap_or_default() },
            ),
            others: Resource::new(move || code.get(), applicant_requests),
        }
    }
}

#[component]
fn Detail(
    d: RequestDetail,
    staff: bool,
    just_created: bool,
    actions: Actions,
    draft: Draft,
    canned: Vec<CannedDto>,
    directory: StaffDirectory,
    /// For staff: the applicant's other requests.
    others: Option<OthersResource>,
    /// When the person had looked before this visit: what the other side wrote since is new.
    since: Option<i64>,
) -> impl IntoView {
    let staff = staff && crate::ui::STAFF_PAGES;
    let code = d.tracking_code.clone();
    let status = d.status;
    // Before its fee is paid (or once cancelled unpaid) a request takes no messages.
    let can_reply = match status {
        RequestStatus::AwaitingPayment | RequestStatus::Cancelled => false,
        RequestStatus::Closed => staff,
        _ => true,
    };
    let payment = d.payment.clone().map(|p| {
        view! { <crate::ui::components::payment::PaymentBox view=p code=code.clone() /> }.into_any()
    });
    let can_mark_initial = staff && d.initial_result_at.is_none();
    let no_messages = d.messages.is_empty();
    let seen = d.last_message_id();
    let files_of = |message: Option<i64>| -> Vec<AttachmentDto> {
        d.attachments
            .iter()
            .filter(|a| a.message_id == message && a.field_id.is_none())
            .cloned()
            .collect()
    };
    let messages = d
        .messages
        .iter()
        .map(|m| {
            let other_side = if staff {
                m.side == Side::Applicant
            } else {
                m.side == Side::Staff
            };
            // New to this person by the list's rule: written after their last look, or, never
            // opened, written after the filing (to its applicant).
            let new = other_side
                && crate::domain::request::is_new(since, m.created_at, d.created_at, staff, false);
            message_item(m, files_of(Some(m.id)), new)
        })
        .collect_view();
    let request_files = files_of(None);
    let answers = d
        .answers
        .iter()
        .map(|a| {
            let files: Vec<AttachmentDto> = d
                .attachments
                .iter()
                .filter(|f| f.field_id == Some(a.field_id))
                .cloned()
                .collect();
            view! { <div><dt>{a.label.clone()}</dt><dd>{a.value.clone()}{file_links(files)}</dd></div> }
        })
        .collect_view();
    // File fields have no text answer; their files are listed under the field's label.
    let field_files: Vec<AttachmentDto> = d
        .attachments
        .iter()
        .filter(|f| {
            f.field_id.is_some() && !d.answers.iter().any(|a| Some(a.field_id) == f.field_id)
        })
        .cloned()
        .collect();
    let has_answers = !d.answers.is_empty() || !field_files.is_empty();
    let history = d.history.iter().map(history_item).collect_view();
    // A dispute (its own page) is possible once the request was answered, resolved or closed.
    let disputable = matches!(
        status,
        RequestStatus::Answered | RequestStatus::Resolved | RequestStatus::Closed
    );
    let dispute_href = if staff {
        format!("/staff/requests/{code}/dispute")
    } else {
        format!("/requests/{code}/dispute")
    };
    let rateable = !staff && status.may_rate() && d.rating.is_none();
    let related_link = |c: &String, staff: bool| {
        let href = if staff {
            format!("/staff/requests/{c}")
        } else {
            format!("/requests/{c}")
        };
        view! { <a href=href dir="ltr" class="code">{tracking_display(c)}</a> }
    };
    let created_text = if status == RequestStatus::AwaitingPayment {
        copy::CREATED_AWAITING_PAYMENT
    } else {
        copy::CREATED_NOTICE
    };
    let created_notice = (just_created && no_messages)
        .then(|| view! { <p class="alert success" role="status">{created_text}</p> });
    let title = view! { <h1 id="request-title">{d.subject.clone()}</h1> };
    // Staff read the conversation first, with the properties beside it; applicants read the
    // facts first. One head either way, the title in it for applicants only.
    let (title_in_head, title_first) = if staff {
        (None, Some(title))
    } else {
        (Some(title), None)
    };
    let head = view! {
            <header class="request-head card">
                {title_in_head}
                <dl class="facts">
                    <div><dt>{copy::TRACKING_CODE}</dt><dd class="code" dir="ltr">{tracking_display(&d.tracking_code)}</dd></div>
                    <div><dt>{copy::STATUS}</dt><dd><StatusBadge status=status applicant=!staff /></dd></div>
                    <div><dt>{copy::FIELD_TYPE}</dt><dd>{d.type_title.clone()}</dd></div>
                    <div><dt>{copy::SUBMITTED_AT}</dt><dd><JalaliTime ms=d.created_at /></dd></div>
                    <div><dt>{copy::TARGET}</dt><dd>{copy::working_days(d.initial_result_days)}</dd></div>
                    {d.sla.map(|sla| sla_facts(sla, staff))}
                    {d.initial_result_at.map(|at| view! {
                        <div><dt>{copy::INITIAL_RESULT_AT}</dt><dd><JalaliTime ms=at /></dd></div>
                    })}
                    {d.related.as_ref().map(|c| view! {
                        <div><dt>{copy::RELATED_TO}</dt><dd>{related_link(c, staff)}</dd></div>
                    })}
                    {d.merged_into.as_ref().map(|c| view! {
                        <div><dt>{copy::MERGED_INTO}</dt><dd>{related_link(c, staff)}</dd></div>
                    })}
                    {d.rating.map(|r| view! {
                        <div><dt>{copy::YOUR_RATING}</dt><dd>{copy::out_of_five(&crate::copy::digits::persian_number(r))}</dd></div>
                    })}
                    {d.staff.as_ref().map(|s| view! {
                        <div><dt>{copy::APPLICANT}</dt><dd>{d.applicant_name.clone()}</dd></div>
                        <div><dt>{copy::LOGIN_ID}</dt><dd dir="ltr" class="code">{crate::copy::digits::to_persian_digits(&s.applicant_login)}</dd></div>
                        {s.applicant_mobile.as_ref().map(|m| view! {
                            <div><dt>{copy::MOBILE}</dt><dd dir="ltr" class="code">{crate::domain::identity::Mobile::parse(m).map(|x| crate::copy::digits::to_persian_digits(&x.display())).unwrap_or_else(|_| m.clone())}</dd></div>
                        })}
                        <div><dt>{copy::GROUP}</dt><dd>{s.group_name.clone().unwrap_or_else(|| "—".into())}</dd></div>
                        <div><dt>{copy::ASSIGNEE}</dt><dd>{s.assignee_name.clone().unwrap_or_else(|| copy::NOBODY.into())}</dd></div>
                        <div><dt>{copy::PRIORITY}</dt><dd>{s.priority.label_fa()}</dd></div>
                    })}
                </dl>
                <div class="actions">
                    {((status.is_active() || status == RequestStatus::AwaitingPayment) && !staff).then(|| view! { <CloseForm action=actions.close code=code.clone() /> })}
                    {d.may_reopen.then(|| view! { <SimpleAction action=actions.reopen code=code.clone() label=copy::REOPEN /> })}
                    {(!staff && status == RequestStatus::Closed && !d.may_reopen && d.merged_into.is_none()).then(|| view! {
                        <p class="muted">{copy::REOPEN_EXPIRED} " "
                            <a href=format!("/requests/new?related={code}")>{copy::NEW_RELATED}</a>
                        </p>
                    })}
                </div>
            </header>
    }
    .into_any();
    let panel = d.staff.clone().filter(|_| crate::ui::STAFF_PAGES).map(|s| view! {
        <StaffPanel code=code.clone() status=status view=s actions=actions directory=directory.clone() />
        {others.map(|others| view! { <OtherRequests others=others /> })}
    }
    .into_any());
    let body = view! {
            <section class="card" aria-labelledby="description-title">
                <h2 id="description-title">{copy::YOUR_DESCRIPTION}</h2>
                <p class="message-body">{d.description.clone()}</p>
                {has_answers.then(|| view! {
                    <h3>{copy::FORM_ANSWERS}</h3>
                    <dl class="facts answers">{answers}</dl>
                    {file_links(field_files)}
                })}
                {file_links(request_files)}
            </section>
            <section aria-labelledby="conversation-title">
                <h2 id="conversation-title">{copy::CONVERSATION}</h2>
                {no_messages.then(|| view! { <p class="muted">{copy::NO_MESSAGES}</p> })}
                <ol class="conversation" aria-live="polite">{messages}</ol>
            </section>
            {rateable.then(|| view! { <RateForm code=code.clone() action=actions.rate /> })}
            {match (can_reply, status) {
                (true, _) => view! { <ReplyForm code=code.clone() reply=actions.reply staff=staff can_mark_initial=can_mark_initial draft=draft seen=seen canned=canned /> }.into_any(),
                (false, RequestStatus::AwaitingPayment) => ().into_any(),
                (false, RequestStatus::Cancelled) => view! { <p class="muted">{copy::PAY_CANCELLED_UNPAID}</p> }.into_any(),
                (false, _) => view! { <p class="muted">{copy::CLOSED_NOTE}</p> }.into_any(),
            }}
            {disputable.then(|| view! {
                <p class="dispute-link">
                    <a class="button secondary" href=dispute_href.clone()>{copy::DISPUTE_TITLE}</a>
                </p>
            })}
            <details class="card timeline">
                <summary><h2>{copy::TIMELINE}</h2></summary>
                <ol>{history}</ol>
            </details>
    }
    .into_any();
    if staff {
        view! {
            <article class="request staff-view" aria-labelledby="request-title">
                <div class="request-main">
                    {title_first}
                    {created_notice}
                    {payment}
                    {body}
                </div>
                <aside class="request-side" aria-label=copy::PROPERTIES>
                    {head}
                    {panel}
                </aside>
            </article>
        }
        .into_any()
    } else {
        view! {
            <article class="request" aria-labelledby="request-title">
                // The "filed" notice belongs to the first view of a new request only.
                {created_notice}
                {head}
                {payment}
                {body}
            </article>
        }
        .into_any()
    }
}

/// A one-button form that acts on the request, with its error.
#[component]
pub fn SimpleAction<A>(action: ServerAction<A>, code: String, label: &'static str) -> impl IntoView
where
    A: leptos::server_fn::ServerFn<Error = AppError, Output = ()>
        + crate::api::FromFormFields
        + Clone
        + Send
        + Sync
        + 'static,
{
    let error = form_error(action);
    view! {
        <PostForm action=action>
            <input type="hidden" name="code" value=code />
            <FormAlert error=error />
            <button type="submit" class="button secondary">{label}</button>
        </PostForm>
    }
}

/// The applicant's «close», asked first.
#[component]
fn CloseForm(action: ServerAction<CloseRequest>, code: String) -> impl IntoView {
    let error = form_error(action);
    view! {
        <PostForm action=action>
            <input type="hidden" name="code" value=code />
            <FormAlert error=error />
            <AskFirst label=copy::CLOSE_REQUEST question=copy::CLOSE_QUESTION yes=copy::CLOSE_YES />
        </PostForm>
    }
}

#[component]
fn RateForm(code: String, action: ServerAction<RateRequest>) -> impl IntoView {
    let error = form_error(action);
    view! {
        <section class="card" aria-labelledby="rate-title">
            <h2 id="rate-title">{copy::RATE_TITLE}</h2>
            <PostForm action=action>
                <input type="hidden" name="code" value=code />
                <FormAlert error=error />
                <fieldset class="field choices stars">
                    <legend>{copy::RATE_STARS}</legend>
                    {(1..=5).map(|n| {
                        let id = format!("stars-{n}");
                        let for_id = id.clone();
                        view! {
                            <label class="choice" for=for_id>
                                <input type="radio" id=id name="stars" value=n.to_string() required=true />
                                {crate::copy::digits::persian_number(n)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <TextArea name="comment" label=copy::RATE_COMMENT error=error rows=3 maxlength=2000 minlength=0 required=false />
                <button type="submit" class="button">{copy::RATE_SUBMIT}</button>
            </PostForm>
        </section>
    }
}

#[component]
fn ReplyForm(
    code: String,
    reply: Submission<Reply>,
    staff: bool,
    can_mark_initial: bool,
    draft: Draft,
    seen: i64,
    canned: Vec<CannedDto>,
) -> impl IntoView {
    let staff = staff && crate::ui::STAFF_PAGES;
    let error = reply.error();
    let canned_picker = (staff && !canned.is_empty()).then(|| {
        let code = code.clone();
        let insert_path = <InsertCanned as leptos::server_fn::ServerFn>::PATH;
        let chosen = RwSignal::new(canned.first().map(|c| c.id).unwrap_or(0));
        // With JavaScript the text is fetched and appended in place; without, the button posts
        // the form to `insert_canned`, which brings the page back with the text in the box.
        let insert = move |ev: leptos::ev::MouseEvent| {
            #[cfg(feature = "hydrate")]
            {
                ev.prevent_default();
                let code = code.clone();
                let id = chosen.get_untracked();
                leptos::task::spawn_local(async move {
                    if let Ok(text) = crate::api::staff::render_canned(code, id).await {
                        draft.body.update(|b| {
                            if !b.trim().is_empty() {
                                b.push('\n');
                            }
                            b.push_str(&text);
                        });
                    }
                });
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = (ev, &code);
        };
        view! {
            <div class="field canned">
                <label for="canned">{copy::CANNED}</label>
                <select id="canned" name="canned" on:change:target=move |ev| {
                    if let Ok(v) = ev.target().value().parse() { chosen.set(v); }
                }>
                    {canned.into_iter().map(|c| view! { <option value=c.id.to_string()>{c.title}</option> }).collect_view()}
                </select>
                <button type="submit" class="button small" formaction=insert_path
                    formnovalidate=true on:click=insert>
                    {copy::INSERT_CANNED}
                </button>
            </div>
        }
    });
    let crossed = move || error.get().is_some_and(|e| e.field() == Some("confirm"));
    view! {
        <section class="card" aria-labelledby="reply-title">
            <h2 id="reply-title">{copy::REPLY_TITLE}</h2>
            <MultipartForm submission=reply draft=format!("reply:{code}")>
                <input type="hidden" name="code" value=code />
                <input type="hidden" name="seen" value=seen.to_string() />
                <FormAlert error=error />
                {staff.then(|| view! { <ModeChoice draft=draft /> })}
                {canned_picker}
                <TextArea name="body" label=copy::REPLY_BODY error=error rows=5 value=draft.body />
                {can_mark_initial.then(|| view! { <InitialResultBox draft=draft /> })}
                {move || crossed().then(|| view! {
                    <div class="field checkbox">
                        <input type="checkbox" id="confirm" name="confirm" />
                        <label for="confirm">{copy::CONFIRM_CROSSED_REPLY}</label>
                    </div>
                })}
                <FilesField error=error />
                <button type="submit" class="button" disabled=move || reply.pending.get()>
                    {move || if reply.pending.get() { copy::SENDING } else { copy::REPLY_SUBMIT }}
                </button>
            </MultipartForm>
        </section>
    }
}

/// The kind of reply, as chosen before (a failed post, or a canned response inserted without
/// JavaScript, comes back with it; a fresh form starts at «پاسخ»).
#[component]
fn ModeChoice(draft: Draft) -> impl IntoView {
    if !draft.restored.get_value().0 {
        draft.restored.update_value(|r| r.0 = true);
        if let Some(m) = typed("mode").as_deref().and_then(ReplyMode::parse) {
            draft.mode.set(m);
        }
    }
    // Chosen while the page's script loaded.
    if let Some(m) = ReplyMode::ALL.into_iter().find(|m| {
        crate::ui::components::form::checked_before_start(&format!("mode-{}", m.as_str()))
            == Some(true)
    }) {
        draft.mode.set(m);
    }
    let start = draft.mode.get_untracked();
    view! {
        <fieldset class="field choices">
            <legend>{copy::REPLY_MODE}</legend>
            {ReplyMode::ALL.into_iter().map(|m| {
                let id = format!("mode-{}", m.as_str());
                let for_id = id.clone();
                view! {
                    <label class="choice" for=for_id>
                        <input
                            type="radio"
                            id=id
                            name="mode"
                            value=m.as_str()
                            // Without JavaScript the page is made with the choice ticked.
                            checked=start == m
                            prop:checked=move || draft.mode.get() == m
                            on:change=move |_| draft.mode.set(m)
                        />
                        {m.label_fa()}
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// «این پاسخ نتیجهٔ اولیه است», kept ticked across a failed post.
#[component]
fn InitialResultBox(draft: Draft) -> impl IntoView {
    if !draft.restored.get_value().1 {
        draft.restored.update_value(|r| r.1 = true);
        if let Some(sent) = typed_all("initial_result") {
            draft.initial_result.set(!sent.is_empty());
        }
    }
    // Ticked or not while the page's script loaded.
    if let Some(ticked) = crate::ui::components::form::checked_before_start("initial_result") {
        draft.initial_result.set(ticked);
    }
    let start = draft.initial_result.get_untracked();
    view! {
        <div class="field checkbox">
            <input
                type="checkbox"
                id="initial_result"
                name="initial_result"
                checked=start
                prop:checked=move || draft.initial_result.get()
                on:change:target=move |ev| draft.initial_result.set(ev.target().checked())
            />
            <label for="initial_result">{copy::REPLY_MARK_INITIAL}</label>
        </div>
    }
}

/// The same applicant's other requests, for staff: what else they asked lately, one click away.
#[component]
fn OtherRequests(others: OthersResource) -> impl IntoView {
    view! {
        <section class="card other-requests" aria-labelledby="other-requests-title">
            <h2 id="other-requests-title">{copy::OTHER_REQUESTS}</h2>
            <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
                {move || Suspend::new(async move {
                    let list = others.await.unwrap_or_default();
                    if list.is_empty() {
                        return view! { <p class="muted">{copy::NO_OTHER_REQUESTS}</p> }.into_any();
                    }
                    view! {
                        <ul class="other-list">
                            {list.into_iter().map(|r| view! {
                                <li>
                                    <a href=format!("/staff/requests/{}", r.tracking_code)>{r.subject}</a>
                                    <span class="meta">
                                        <StatusBadge status=r.status />
                                        <JalaliTime ms=r.created_at />
                                    </span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                })}
            </Transition>
        </section>
    }
}
