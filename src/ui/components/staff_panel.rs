//! The staff's controls on a request, in the page's side panel: take it into work; its
//! properties (assignee, priority, group) in one form that saves a changed select at once with
//! JavaScript and all of them with one button without; tags; resolve, close, merge. Every form
//! works without JavaScript.

use leptos::prelude::*;

use crate::copy;
use crate::domain::request::Priority;
use crate::domain::request_status::RequestStatus;
use crate::ui::components::form::{AskFirst, FormAlert, PostForm, TextField, form_error};
use crate::ui::components::request_view::{Actions, SimpleAction};
use crate::wire::{StaffDirectory, StaffView};

#[component]
pub fn StaffPanel(
    code: String,
    status: RequestStatus,
    view: StaffView,
    actions: Actions,
    directory: StaffDirectory,
) -> impl IntoView {
    let closed = status == RequestStatus::Closed;
    let properties_error = form_error(actions.properties);
    let resolve_error = form_error(actions.resolve);
    let close_error = form_error(actions.close);
    let merge_error = form_error(actions.merge);
    let tag_error = form_error(actions.tag);
    let tags = view.tags.clone();
    let (tag_code, tag_code2) = (code.clone(), code.clone());
    let assignee = view.assignee_id;
    let group = view.group_id;
    // Someone no longer listed (an account closed since) stays chosen until someone else is:
    // a save of another property must not unassign the request by the way.
    let unlisted = assignee
        .filter(|id| !directory.members.iter().any(|m| m.id == *id))
        .map(|id| {
            let name = view.assignee_name.clone().unwrap_or_default();
            view! { <option value=id.to_string() selected=true>{name}</option> }
        });
    let members = directory
        .members
        .into_iter()
        .map(|m| {
            let label = if m.available {
                m.full_name
            } else {
                format!("{}{}", m.full_name, copy::AWAY_FLAG)
            };
            view! { <option value=m.id.to_string() selected=assignee == Some(m.id)>{label}</option> }
        })
        .collect_view();
    let groups = directory
        .groups
        .into_iter()
        .filter(|g| g.active || Some(g.id) == group)
        .map(|g| view! { <option value=g.id.to_string() selected=Some(g.id) == group>{g.name}</option> })
        .collect_view();
    // With JavaScript a changed select saves at once; without, the one button saves them all.
    // A choice made while the page's script was on its way (the one button was on screen then)
    // is saved as the app takes over, not silently dropped. The selects show what is saved: a
    // browser must not put back what it kept of the page before a reload (autocomplete off), or
    // that stale choice would be saved over a colleague's.
    #[cfg(feature = "hydrate")]
    let chosen_before_start = [
        (
            "assignee",
            assignee.map(|id| id.to_string()).unwrap_or_default(),
        ),
        ("priority", view.priority.as_i64().to_string()),
        (
            "group_id",
            group.map(|id| id.to_string()).unwrap_or_default(),
        ),
    ]
    .into_iter()
    .any(|(id, saved)| {
        crate::ui::components::form::value_before_start(id).is_some_and(|shown| shown != saved)
    });
    let scripted = RwSignal::new(false);
    let priority_ref = NodeRef::<leptos::html::Select>::new();
    Effect::new(move |_| {
        scripted.set(true);
        #[cfg(feature = "hydrate")]
        if chosen_before_start && let Some(select) = priority_ref.get_untracked() {
            submit_form_of(&select);
        }
    });
    let save_now = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(select) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                submit_form_of(&select);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let (c1, c2, c5, c6, c7) = (code.clone(), code.clone(), code.clone(), code.clone(), code);
    view! {
        <section class="card staff-panel" aria-labelledby="staff-tools-title">
            <h2 id="staff-tools-title">{copy::PROPERTIES}</h2>
            <div class="actions">
                {matches!(status, RequestStatus::New | RequestStatus::Assigned).then(|| view! {
                    <SimpleAction action=actions.start code=c1 label=copy::START_WORK />
                })}
            </div>
            <PostForm action=actions.properties>
                <input type="hidden" name="code" value=c2 />
                <FormAlert error=properties_error />
                {(!closed).then(|| view! {
                    <div class="field">
                        <label for="assignee">{copy::ASSIGNEE}</label>
                        <select id="assignee" name="assignee" autocomplete="off" on:change=save_now>
                            <option value="" selected=assignee.is_none()>{copy::NOBODY}</option>
                            <option value="me">{copy::ASSIGN_TO_ME}</option>
                            {unlisted}
                            {members}
                        </select>
                    </div>
                })}
                <div class="field">
                    <label for="priority">{copy::PRIORITY}</label>
                    <select id="priority" name="priority" autocomplete="off" node_ref=priority_ref on:change=save_now>
                        {Priority::ALL.into_iter().map(|p| view! {
                            <option value=p.as_i64().to_string() selected=p == view.priority>{p.label_fa()}</option>
                        }).collect_view()}
                    </select>
                </div>
                {(!closed).then(|| view! {
                    <div class="field">
                        <label for="group_id">{copy::GROUP}</label>
                        <select id="group_id" name="group_id" autocomplete="off" on:change=save_now>
                            <option value="" selected=group.is_none()>{copy::NO_GROUP}</option>
                            {groups}
                        </select>
                    </div>
                })}
                <p class="help" hidden=move || !scripted.get()>{copy::SAVES_ON_CHANGE}</p>
                <button type="submit" class="button secondary" hidden=move || scripted.get()>{copy::SAVE_PROPERTIES}</button>
            </PostForm>
            <div class="tags" aria-label=copy::TAGS>
                <FormAlert error=tag_error />
                <ul class="tag-list">
                    {tags.into_iter().map(|t| {
                        let label = format!("{} {}", copy::REMOVE, t);
                        let code = tag_code.clone();
                        view! {
                            <li class="badge tag">
                                {t.clone()}
                                <PostForm action=actions.tag>
                                    <input type="hidden" name="code" value=code />
                                    <input type="hidden" name="tag" value=t />
                                    <input type="hidden" name="op" value="remove" />
                                    <button type="submit" class="link-button" aria-label=label>"×"</button>
                                </PostForm>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <PostForm action=actions.tag reset_on_success=true>
                    <input type="hidden" name="code" value=tag_code2 />
                    <input type="hidden" name="op" value="add" />
                    <div class="field inline">
                        <label for="new-tag">{copy::ADD_TAG}</label>
                        <input id="new-tag" name="tag" type="text" required=true maxlength="40" />
                        <button type="submit" class="button small">{copy::ADD}</button>
                    </div>
                </PostForm>
            </div>
            <div class="tool-grid">
                {status.is_active().then(|| view! {
                    <PostForm action=actions.resolve>
                        <input type="hidden" name="code" value=c5 />
                        <FormAlert error=resolve_error />
                        <TextField name="reason" id="resolve-reason" label=copy::REASON_OPTIONAL error=resolve_error required=false maxlength=500 help=copy::REASON_PUBLIC_HELP />
                        <button type="submit" class="button secondary">{copy::RESOLVE}</button>
                    </PostForm>
                })}
                {(!closed).then(|| view! {
                    <PostForm action=actions.close>
                        <input type="hidden" name="code" value=c6 />
                        <FormAlert error=close_error />
                        <TextField name="reason" id="close-reason" label=copy::REASON_OPTIONAL error=close_error required=false maxlength=500 help=copy::REASON_PUBLIC_HELP />
                        <AskFirst label=copy::CLOSE_REQUEST question=copy::CLOSE_QUESTION yes=copy::CLOSE_YES />
                    </PostForm>
                })}
                {(!closed).then(|| view! {
                    <PostForm action=actions.merge>
                        <input type="hidden" name="code" value=c7 />
                        <FormAlert error=merge_error />
                        <TextField name="into" label=copy::MERGE_INTO error=merge_error dir="ltr" inputmode="numeric" help=copy::MERGE maxlength=20 />
                        <TextField name="reason" id="merge-reason" label=copy::REASON_OPTIONAL error=merge_error required=false maxlength=500 help=copy::REASON_PUBLIC_HELP />
                        <button type="submit" class="button secondary">{copy::MERGE_SUBMIT}</button>
                    </PostForm>
                })}
            </div>
        </section>
    }
}

/// Saves the form `field` belongs to, as its button would.
#[cfg(feature = "hydrate")]
fn submit_form_of(field: &web_sys::Element) {
    use wasm_bindgen::JsCast;
    if let Some(form) = field
        .closest("form")
        .ok()
        .flatten()
        .and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok())
    {
        let _ = form.request_submit();
    }
}
