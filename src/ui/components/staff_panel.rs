//! The staff's controls on a request: take it into work, assign, prioritise, transfer, resolve,
//! close, merge. Each is a small form that works without JavaScript.

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
    let assign_error = form_error(actions.assign);
    let priority_error = form_error(actions.priority);
    let transfer_error = form_error(actions.transfer);
    let resolve_error = form_error(actions.resolve);
    let close_error = form_error(actions.close);
    let merge_error = form_error(actions.merge);
    let tag_error = form_error(actions.tag);
    let tags = view.tags.clone();
    let (tag_code, tag_code2) = (code.clone(), code.clone());
    let assignee = view.assignee_id;
    let group = view.group_id;
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
        .filter(|g| g.active && Some(g.id) != group)
        .map(|g| view! { <option value=g.id.to_string()>{g.name}</option> })
        .collect_view();
    let (c1, c2, c3, c4, c5, c6, c7) = (
        code.clone(),
        code.clone(),
        code.clone(),
        code.clone(),
        code.clone(),
        code.clone(),
        code,
    );
    view! {
        <section class="card staff-panel" aria-labelledby="staff-tools-title">
            <h2 id="staff-tools-title">{copy::STAFF_TOOLS}</h2>
            <div class="actions">
                {matches!(status, RequestStatus::New | RequestStatus::Assigned).then(|| view! {
                    <SimpleAction action=actions.start code=c1 label=copy::START_WORK />
                })}
            </div>
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
                {(!closed).then(|| view! {
                    <PostForm action=actions.assign>
                        <input type="hidden" name="code" value=c2 />
                        <FormAlert error=assign_error />
                        <div class="field">
                            <label for="assignee">{copy::ASSIGNEE}</label>
                            <select id="assignee" name="assignee">
                                <option value="">{copy::NOBODY}</option>
                                <option value="me">{copy::ASSIGN_TO_ME}</option>
                                {members}
                            </select>
                        </div>
                        <button type="submit" class="button secondary">{copy::ASSIGN}</button>
                    </PostForm>
                })}
                <PostForm action=actions.priority>
                    <input type="hidden" name="code" value=c3 />
                    <FormAlert error=priority_error />
                    <div class="field">
                        <label for="priority">{copy::PRIORITY}</label>
                        <select id="priority" name="priority">
                            {Priority::ALL.into_iter().map(|p| view! {
                                <option value=p.as_i64().to_string() selected=p == view.priority>{p.label_fa()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="button secondary">{copy::SET_PRIORITY}</button>
                </PostForm>
                {(!closed).then(|| view! {
                    <PostForm action=actions.transfer>
                        <input type="hidden" name="code" value=c4 />
                        <FormAlert error=transfer_error />
                        <div class="field">
                            <label for="group_id">{copy::TRANSFER}</label>
                            <select id="group_id" name="group_id" required=true>
                                <option value="">{copy::CHOOSE}</option>
                                {groups}
                            </select>
                        </div>
                        <TextField name="reason" id="transfer-reason" label=copy::REASON_OPTIONAL error=transfer_error required=false maxlength=500 help=copy::REASON_INTERNAL_HELP />
                        <button type="submit" class="button secondary">{copy::TRANSFER_SUBMIT}</button>
                    </PostForm>
                })}
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
