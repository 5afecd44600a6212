//! `/admin/calls`: the calls that open services' intake. Add one; extend it or close it early
//! with a reason (kept in its trail, and told to those waiting); choose which services take
//! requests always and which only within their calls.

use leptos::prelude::*;
use leptos_meta::Title;

use super::AdminNav;
use crate::api::admin::calls::{CloseCall, CreateCall, ExtendCall, SetIntake, calls_overview};
use crate::copy;
use crate::copy::digits::persian_number;
use crate::domain::account::ApplicantKind;
use crate::domain::call::Intake;
use crate::ui::components::JalaliTime;
use crate::ui::components::form::{
    FormAlert, FormError, MultipartForm, PostForm, Submission, TextArea, TextField, form_error,
    server_action, successes, typed, typed_all,
};
use crate::ui::components::jalali_picker::JalaliDateInput;
use crate::ui::pages::calls::CallCard;
use crate::wire::{CallAdminDto, CallAuditDto, TypeIntakeDto};

#[component]
pub fn AdminCallsPage() -> impl IntoView {
    let create = Submission::<CreateCall>::new();
    let extend = server_action::<ExtendCall>();
    let close = server_action::<CloseCall>();
    let intake = server_action::<SetIntake>();
    // Refetched on successes only: a refused form keeps what was typed.
    let created = successes(move || create.value.get());
    let extended = successes(move || extend.value().get());
    let closed = successes(move || close.value().get());
    let set = successes(move || intake.value().get());
    let data = Resource::new(
        move || (created.get(), extended.get(), closed.get(), set.get()),
        |_| calls_overview(),
    );
    let create_error = create.error();
    view! {
        <Title text=format!("{} | {}", copy::CALLS_ADMIN_TITLE, copy::APP_NAME) />
        <AdminNav />
        <h1>{copy::CALLS_ADMIN_TITLE}</h1>
        <p class="muted">{copy::CALLS_INTRO}</p>
        <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
            {move || Suspend::new(async move {
                let d = match data.await {
                    Ok(d) => d,
                    Err(e) => return view! { <p class="alert error" role="alert">{e.to_string()}</p> }.into_any(),
                };
                let types = d.types.clone();
                view! {
                    <section class="card" aria-labelledby="new-call-title">
                        <h2 id="new-call-title">{copy::CALL_NEW}</h2>
                        <NewCallForm action=create error=create_error types=types.clone() />
                    </section>
                    <section class="card" aria-labelledby="intake-title">
                        <h2 id="intake-title">{copy::INTAKE_TITLE}</h2>
                        <p class="muted">{copy::INTAKE_HELP}</p>
                        <IntakeForms action=intake types=types />
                    </section>
                    <section aria-labelledby="calls-list-title">
                        <h2 id="calls-list-title">{copy::CALLS_TITLE}</h2>
                        {d.calls.is_empty().then(|| view! { <p class="muted">{copy::CALLS_NONE_YET}</p> })}
                        <ul class="call-list">
                            {d.calls.into_iter().map(|c| view! {
                                <li><AdminCall c=c extend=extend close=close /></li>
                            }).collect_view()}
                        </ul>
                    </section>
                }.into_any()
            })}
        </Transition>
    }
}

#[component]
fn NewCallForm(
    action: Submission<CreateCall>,
    error: FormError,
    types: Vec<TypeIntakeDto>,
) -> impl IntoView {
    // After a failed post without JavaScript, the boxes come back as they were ticked.
    let kinds_sent = typed_all("kinds");
    let types_sent = typed_all("types");
    let date_error = move |name: &'static str| {
        move || {
            error
                .get()
                .filter(|e| e.field() == Some(name))
                .map(|e| e.to_string())
        }
    };
    view! {
        <MultipartForm submission=action>
            <FormAlert error=error />
            <TextField name="title" label=copy::CALL_TITLE_LABEL error=error maxlength=200 />
            <TextArea name="body" label=copy::CALL_BODY_LABEL error=error required=false minlength=0 rows=4 maxlength=5000 />
            <div class="field-row">
                <div class="field">
                    <label for="starts_date">{copy::CALL_STARTS_LABEL}</label>
                    <JalaliDateInput id="starts_date".to_string() name="starts_date".to_string() required=true
                        initial=typed("starts_date").unwrap_or_default()
                        invalid=Signal::derive(move || date_error("starts_date")().map(|_| "true")) />
                    {move || date_error("starts_date")().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <TextField name="starts_time" label=copy::CALL_TIME_LABEL error=error required=false
                    inputmode="numeric" dir="ltr" maxlength=5 help=copy::CALL_START_TIME_HELP />
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="ends_date">{copy::CALL_ENDS_LABEL}</label>
                    <JalaliDateInput id="ends_date".to_string() name="ends_date".to_string() required=true
                        initial=typed("ends_date").unwrap_or_default()
                        invalid=Signal::derive(move || date_error("ends_date")().map(|_| "true")) />
                    {move || date_error("ends_date")().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <TextField name="ends_time" label=copy::CALL_TIME_LABEL error=error required=false id="ends_time"
                    inputmode="numeric" dir="ltr" maxlength=5 help=copy::CALL_END_TIME_HELP />
            </div>
            <fieldset class="field choices">
                <legend>{copy::CALL_KINDS_LABEL}</legend>
                <p class="help">{copy::CALL_KINDS_ALL}</p>
                {ApplicantKind::ALL.into_iter().map(|k| {
                    let id = format!("call_kind_{}", k.as_str());
                    let checked = kinds_sent.as_ref().is_some_and(|s| s.iter().any(|v| v == k.as_str()));
                    view! {
                        <label class="choice" for=id.clone()>
                            <input type="checkbox" id=id.clone() name="kinds" value=k.as_str() checked=checked />
                            {k.label_fa()}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <TextField name="capacity" label=copy::CALL_CAPACITY_LABEL error=error required=false
                inputmode="numeric" dir="ltr" maxlength=9 />
            <fieldset class="field choices"
                aria-describedby=move || date_error("types")().map(|_| "types-error")>
                <legend>{copy::CALL_TYPES_LABEL}</legend>
                {types.into_iter().map(|t| {
                    let id = format!("call_type_{}", t.id);
                    let value = t.id.to_string();
                    let checked = types_sent.as_ref().is_some_and(|s| s.contains(&value));
                    view! {
                        <label class="choice" for=id.clone()>
                            <input type="checkbox" id=id.clone() name="types" value=value checked=checked />
                            {t.title}
                        </label>
                    }
                }).collect_view()}
                {move || date_error("types")().map(|m| view! { <p class="field-error" id="types-error">{m}</p> })}
            </fieldset>
            <button type="submit" class="button">{copy::CALL_SAVE}</button>
        </MultipartForm>
    }
}

#[component]
fn IntakeForms(action: ServerAction<SetIntake>, types: Vec<TypeIntakeDto>) -> impl IntoView {
    let error = form_error(action);
    view! {
        <FormAlert error=error />
        <ul class="intake-list">
            {types.into_iter().map(|t| {
                let id = format!("intake_{}", t.id);
                view! {
                    <li>
                        <PostForm action=action>
                            <input type="hidden" name="type_id" value=t.id.to_string() />
                            <label for=id.clone()>{t.title}</label>
                            <select id=id name="intake">
                                <option value=Intake::Always.as_str() selected=t.intake == Intake::Always>{copy::INTAKE_ALWAYS}</option>
                                <option value=Intake::CallsOnly.as_str() selected=t.intake == Intake::CallsOnly>{copy::INTAKE_CALLS}</option>
                            </select>
                            <button type="submit" class="button small">{copy::SAVE}</button>
                        </PostForm>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn AdminCall(
    c: CallAdminDto,
    extend: ServerAction<ExtendCall>,
    close: ServerAction<CloseCall>,
) -> impl IntoView {
    let id = c.call.id;
    let live = !c.call.ended;
    let taken = persian_number(c.call.taken);
    let trail = c.audit.clone();
    view! {
        <div class="call-admin">
            <CallCard call=c.call.clone() link=false />
            <p>{copy::CALL_TAKEN} ": " <strong>{taken}</strong></p>
            {live.then(|| view! { <CallChanges id=id extend=extend close=close /> })}
            <details class="call-trail">
                <summary>{copy::CALL_AUDIT}</summary>
                <ol>{trail.into_iter().map(|a| view! { <li><AuditLine a=a /></li> }).collect_view()}</ol>
            </details>
        </div>
    }
}

#[component]
fn CallChanges(
    id: i64,
    extend: ServerAction<ExtendCall>,
    close: ServerAction<CloseCall>,
) -> impl IntoView {
    let extend_error = form_error(extend);
    let close_error = form_error(close);
    let date_id = format!("extend-date-{id}");
    let time_id = format!("extend-time-{id}");
    let reason_id = format!("extend-reason-{id}");
    let close_reason_id = format!("close-reason-{id}");
    view! {
        <div class="call-changes">
            <PostForm action=extend>
                <FormAlert error=extend_error />
                <input type="hidden" name="id" value=id.to_string() />
                <div class="field">
                    <label for=date_id.clone()>{copy::CALL_EXTEND}</label>
                    <JalaliDateInput id=date_id name="ends_date".to_string() required=true />
                </div>
                <div class="field">
                    <label for=time_id.clone()>{copy::CALL_TIME_LABEL}</label>
                    <input id=time_id name="ends_time" type="text" inputmode="numeric" dir="ltr" maxlength="5" />
                </div>
                <div class="field">
                    <label for=reason_id.clone()>{copy::CALL_REASON_LABEL}</label>
                    <input id=reason_id name="reason" type="text" required=true maxlength="500" />
                </div>
                <button type="submit" class="button small">{copy::CALL_EXTEND_SAVE}</button>
            </PostForm>
            <PostForm action=close>
                <FormAlert error=close_error />
                <input type="hidden" name="id" value=id.to_string() />
                <div class="field">
                    <label for=close_reason_id.clone()>{copy::CALL_REASON_LABEL}</label>
                    <input id=close_reason_id name="reason" type="text" required=true maxlength="500" />
                </div>
                <button type="submit" class="button small danger">{copy::CALL_CLOSE_NOW}</button>
            </PostForm>
        </div>
    }
}

#[component]
fn AuditLine(a: CallAuditDto) -> impl IntoView {
    let what = match a.action.as_str() {
        "created" => copy::CALL_AUDIT_CREATED,
        "extended" => copy::CALL_AUDIT_EXTENDED,
        "closed" => copy::CALL_AUDIT_CLOSED,
        _ => copy::CALL_AUDIT_EDITED,
    };
    view! {
        <JalaliTime ms=a.at />
        " — " {what}
        {a.to_end.map(|e| view! { " (" {copy::CALL_TO} " " <JalaliTime ms=e /> ")" })}
        {a.actor_name.map(|n| view! { " — " {n} })}
        {(!a.reason.is_empty()).then(|| view! { <span class="muted">" — " {a.reason}</span> })}
    }
}
