//! A request's dispute (اعتراض), on its own page beside the request for both sides: raising it, its
//! thread with both sides' messages (and staff notes for staff), the proposal the applicant may
//! accept, the deadline with the days left, and the provider's final view once the month is
//! over. What is being typed lives above the part a live update re-renders.

use leptos::prelude::*;

use crate::api::disputes::{AcceptProposal, DisputeWrite, FinalView, RaiseDispute};
use crate::copy;
use crate::copy::digits::persian_number;
use crate::domain::dispute::{DisputeState, Subject, last_day};
use crate::ui::components::JalaliTime;
use crate::ui::components::form::{
    FilesField, FormAlert, MultipartForm, PostForm, Submission, TextArea, form_error,
    server_action, successes, typed,
};
use crate::ui::components::request_view::file_links;
use crate::wire::{DisputeDto, DisputeMessageDto, DisputePanel, Side};

/// The dispute's forms and what is typed in them: made once for the request's page, above the
/// part that re-renders when the page's data is read again.
#[derive(Clone, Copy)]
pub struct DisputeForms {
    raise: Submission<RaiseDispute>,
    write: Submission<DisputeWrite>,
    accept: ServerAction<AcceptProposal>,
    final_view: ServerAction<FinalView>,
    reasons: RwSignal<String>,
    message: RwSignal<String>,
    view: RwSignal<String>,
    /// The staff's choice of what they write (a note must never turn into a message).
    kind: RwSignal<String>,
    subject: RwSignal<String>,
    confirm: RwSignal<bool>,
    /// Counts the forms' successes: the dispute is read again after each.
    done: Signal<usize>,
}

impl DisputeForms {
    pub fn new() -> Self {
        let raise = Submission::<RaiseDispute>::new();
        let write = Submission::<DisputeWrite>::new();
        let accept = server_action::<AcceptProposal>();
        let final_view = server_action::<FinalView>();
        // Successes only: a refused post keeps its form as it was.
        let raised = successes(move || raise.value.get());
        let written = successes(move || write.value.get());
        let accepted = successes(move || accept.value().get());
        let decided = successes(move || final_view.value().get());
        let forms = DisputeForms {
            raise,
            write,
            accept,
            final_view,
            reasons: RwSignal::new(String::new()),
            message: RwSignal::new(String::new()),
            view: RwSignal::new(String::new()),
            kind: RwSignal::new("message".to_string()),
            subject: RwSignal::new(String::new()),
            confirm: RwSignal::new(false),
            done: Signal::derive(move || {
                raised.get() + written.get() + accepted.get() + decided.get()
            }),
        };
        Effect::new(move |_| {
            if matches!(write.value.get(), Some(Ok(()))) {
                forms.message.set(String::new());
                forms.kind.set("message".to_string());
            }
        });
        forms
    }

    /// Changes after each success.
    pub fn version(&self) -> usize {
        self.done.get()
    }
}

impl Default for DisputeForms {
    fn default() -> Self {
        Self::new()
    }
}

/// The dispute part of a request's page, from its panel as read with the request.
#[component]
pub fn DisputePart(
    p: Result<DisputePanel, crate::wire::AppError>,
    code: String,
    staff: bool,
    forms: DisputeForms,
) -> impl IntoView {
    match p {
        Ok(p) => view! { <Panel p=p code=code staff=staff forms=forms /> }.into_any(),
        // The request's own view says what went wrong.
        Err(_) => ().into_any(),
    }
}

#[component]
fn Panel(p: DisputePanel, code: String, staff: bool, forms: DisputeForms) -> impl IntoView {
    match p.dispute {
        None if p.may_raise => {
            view! { <RaiseForm code=code until=p.raise_until forms=forms /> }.into_any()
        }
        None => ().into_any(),
        Some(d) => {
            // A raise refused because one was raised meanwhile (another tab) keeps its text.
            let refused = forms
                .raise
                .value
                .with_untracked(|v| matches!(v, Some(Err(_))));
            view! {
                <Dispute d=d code=code.clone() staff=staff may_handle=p.may_handle forms=forms />
                {refused.then(|| view! { <RaiseForm code=code until=None forms=forms again=true /> })}
            }
            .into_any()
        }
    }
}

#[component]
fn RaiseForm(
    code: String,
    until: Option<i64>,
    forms: DisputeForms,
    /// Shown again beside the dispute (a refused raise): other ids.
    #[prop(optional)]
    again: bool,
) -> impl IntoView {
    let (section_id, title_id) = if again {
        ("dispute-raise", "dispute-raise-title")
    } else {
        ("dispute", "dispute-title")
    };
    let error = forms.raise.error();

    view! {
        <section class="card dispute" id=section_id aria-labelledby=title_id>
            <h2 id=title_id>{copy::DISPUTE_TITLE}</h2>
            <p class="muted">{copy::DISPUTE_INTRO}</p>
            {until.map(|u| view! { <p>{copy::DISPUTE_RAISE_UNTIL} " " <JalaliTime ms=u /></p> })}
            <MultipartForm submission=forms.raise>
                <FormAlert error=error />
                <input type="hidden" name="code" value=code />
                <fieldset class="field choices">
                    <legend>{copy::DISPUTE_SUBJECT_LABEL}</legend>
                    {
                        // Chosen before a refused post without JavaScript (read inside the
                        // form, where its echo is).
                        if let Some(t) = typed("subject") {
                            forms.subject.set(t);
                        }
                    }
                    {Subject::ALL.into_iter().map(|s| {
                        let id = format!("dispute-subject-{}", s.as_str());
                        let value = s.as_str();
                        view! {
                            <label class="choice" for=id.clone()>
                                <input type="radio" id=id.clone() name="subject" value=value required=true
                                    checked=forms.subject.get_untracked() == value
                                    prop:checked=move || forms.subject.get() == value
                                    on:change=move |_| forms.subject.set(value.to_string()) />
                                {s.label_fa()}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <TextArea name="reasons" label=copy::DISPUTE_REASONS_LABEL error=error rows=5 minlength=10
                    maxlength=5000 value=forms.reasons />
                // Beside the dispute (raised meanwhile in another tab) the form is only there to
                // keep its text; one file field per page.
                {(!again).then(|| view! { <FilesField error=error label=copy::DISPUTE_FILES /> })}
                <button type="submit" class="button" disabled=move || forms.raise.pending.get()>
                    {move || if forms.raise.pending.get() { copy::SENDING } else { copy::DISPUTE_RAISE }}
                </button>
            </MultipartForm>
        </section>
    }
}

fn state_badge(state: DisputeState) -> impl IntoView {
    view! { <span class=format!("badge dispute-{}", state.as_str())>{state.label_fa()}</span> }
}

fn message_item(m: DisputeMessageDto, accepted: Option<i64>) -> impl IntoView {
    let (who, class) = match (m.side, m.internal) {
        (_, true) => (copy::INTERNAL_NOTE_BADGE, "message note"),
        (Side::Staff, false) => (copy::STAFF_SIDE, "message staff"),
        (Side::Applicant, false) => (copy::APPLICANT_SIDE, "message applicant"),
    };
    view! {
        <li class=class>
            <div class="message-meta">
                <span class="author">{m.author_name}</span>
                <span class="role">{who}</span>
                {m.proposal.then(|| view! { <span class="badge initial">{copy::DISPUTE_PROPOSAL_BADGE}</span> })}
                {(accepted == Some(m.id)).then(|| view! { <span class="badge status-resolved">{copy::DISPUTE_ACCEPTED_BADGE}</span> })}
                <JalaliTime ms=m.created_at />
            </div>
            <p class="message-body">{m.body}</p>
            {file_links(m.files)}
        </li>
    }
}

#[component]
fn Dispute(
    d: DisputeDto,
    code: String,
    staff: bool,
    may_handle: bool,
    forms: DisputeForms,
) -> impl IntoView {
    let closed = d.state.is_closed();
    let last = last_day(d.negotiation_ends_at).format_long_fa();
    let deadline = (!closed).then(|| {
        if d.month_over {
            view! { <p class="alert error">{copy::DISPUTE_MONTH_OVER}</p> }.into_any()
        } else {
            view! {
                <p class="dispute-deadline"><strong>{copy::dispute_deadline(&last, &persian_number(d.days_left))}</strong></p>
            }
            .into_any()
        }
    });
    let overdue = (staff && d.overdue)
        .then(|| view! { <p class="alert error" role="alert">{copy::DISPUTE_OVERDUE}</p> });
    let outcome = match d.state {
        DisputeState::FinalView => Some(view! {
            <section class="final-view" aria-labelledby="final-view-title">
                <h3 id="final-view-title">{copy::DISPUTE_FINAL_LABEL}</h3>
                <p class="message-body">{d.final_view.clone().unwrap_or_default()}</p>
                <p class="muted">{copy::dispute_month_ended(&last)}</p>
                {d.final_at.map(|at| view! { <p class="muted"><JalaliTime ms=at /></p> })}
            </section>
        }.into_any()),
        DisputeState::Settled => Some(view! {
            <p class="alert success">{copy::DISPUTE_STATE_SETTLED} {d.settled_at.map(|at| view! { " — " <JalaliTime ms=at /> })}</p>
        }.into_any()),
        _ => None,
    };
    let accepted = d.accepted_id;
    let messages = d.messages.clone();
    let proposal = d.proposal_id;
    // A post refused because the dispute closed meanwhile keeps its form, its text and its
    // message.
    let refused = |v: Option<Result<(), crate::wire::AppError>>| matches!(v, Some(Err(_)));
    let write_refused = refused(forms.write.value.get_untracked());
    let final_refused = refused(forms.final_view.value().get_untracked());
    let applicant_forms = (!staff && (!closed || write_refused)).then(|| {
        view! {
            {proposal.filter(|_| !closed).map(|p| view! { <AcceptForm code=code.clone() proposal=p forms=forms /> })}
            <WriteForm code=code.clone() staff=false forms=forms />
        }
    });
    let staff_forms = (staff && (may_handle || write_refused || final_refused)).then(|| {
        view! {
            {(!closed || write_refused).then(|| view! { <WriteForm code=code.clone() staff=true forms=forms /> })}
            {((d.month_over && !closed) || final_refused).then(|| view! {
                <FinalViewForm code=code.clone() has_proposal=proposal.is_some() forms=forms />
            })}
        }
    });
    view! {
        <section class="card dispute" id="dispute" aria-labelledby="dispute-title">
            <h2 id="dispute-title">{copy::DISPUTE_TITLE} " " {state_badge(d.state)}</h2>
            {overdue}
            <dl class="facts">
                <div><dt>{copy::DISPUTE_SUBJECT_LABEL}</dt><dd>{d.subject.label_fa()}</dd></div>
                <div><dt>{copy::DISPUTE_FILED}</dt><dd><JalaliTime ms=d.filed_at /></dd></div>
                <div><dt>{copy::DISPUTE_HANDLER}</dt><dd>{d.handler_name.clone().unwrap_or_else(|| copy::DISPUTE_NO_HANDLER.to_string())}</dd></div>
            </dl>
            <p class="message-body dispute-reasons">{d.reasons.clone()}</p>
            {file_links(d.files.clone())}
            {deadline}
            {outcome}
            <ol class="messages dispute-thread" aria-label=copy::DISPUTE_TITLE>
                {messages.into_iter().map(|m| message_item(m, accepted)).collect_view()}
            </ol>
            {applicant_forms}
            {staff_forms}
        </section>
    }
}

#[component]
fn AcceptForm(code: String, proposal: i64, forms: DisputeForms) -> impl IntoView {
    let error = form_error(forms.accept);
    view! {
        <PostForm action=forms.accept>
            <FormAlert error=error />
            <input type="hidden" name="code" value=code />
            <input type="hidden" name="proposal_id" value=proposal.to_string() />
            <button type="submit" class="button">{copy::DISPUTE_ACCEPT}</button>
        </PostForm>
    }
}

#[component]
fn WriteForm(code: String, staff: bool, forms: DisputeForms) -> impl IntoView {
    let error = forms.write.error();
    if let Some(k) = typed("kind") {
        forms.kind.set(k);
    }
    let selected = move |k: &str| forms.kind.get_untracked() == k;
    view! {
        <MultipartForm submission=forms.write>
            <FormAlert error=error />
            <input type="hidden" name="code" value=code />
            {staff.then(|| view! {
                <div class="field">
                    <label for="dispute-kind">{copy::DISPUTE_KIND_LABEL}</label>
                    <select id="dispute-kind" name="kind"
                        prop:value=move || forms.kind.get()
                        on:change:target=move |ev| forms.kind.set(ev.target().value())>
                        <option value="message" selected=selected("message")>{copy::DISPUTE_KIND_MESSAGE}</option>
                        <option value="proposal" selected=selected("proposal")>{copy::DISPUTE_KIND_PROPOSAL}</option>
                        <option value="note" selected=selected("note")>{copy::DISPUTE_KIND_NOTE}</option>
                    </select>
                </div>
            })}
            <TextArea name="message" label=copy::DISPUTE_MESSAGE_LABEL error=error rows=4 maxlength=5000
                value=forms.message />
            <FilesField error=error />
            <button type="submit" class="button secondary" disabled=move || forms.write.pending.get()>
                {move || if forms.write.pending.get() { copy::SENDING } else { copy::DISPUTE_SEND }}
            </button>
        </MultipartForm>
    }
}

#[component]
fn FinalViewForm(code: String, has_proposal: bool, forms: DisputeForms) -> impl IntoView {
    let error = form_error(forms.final_view);
    if typed("confirm_proposal").is_some() {
        forms.confirm.set(true);
    }
    view! {
        <PostForm action=forms.final_view>
            <FormAlert error=error />
            <input type="hidden" name="code" value=code />
            <TextArea name="view" label=copy::DISPUTE_FINAL_LABEL error=error rows=4 maxlength=5000
                required=false minlength=0 value=forms.view />
            {has_proposal.then(|| view! {
                <div class="field checkbox">
                    <input type="checkbox" id="confirm-proposal" name="confirm_proposal"
                        checked=forms.confirm.get_untracked()
                        prop:checked=move || forms.confirm.get()
                        on:change:target=move |ev| forms.confirm.set(ev.target().checked()) />
                    <label for="confirm-proposal">{copy::DISPUTE_FINAL_CONFIRM_PROPOSAL}</label>
                </div>
            })}
            <button type="submit" class="button danger">{copy::DISPUTE_FINAL_SAVE}</button>
        </PostForm>
    }
}
