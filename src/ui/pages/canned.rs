//! `/staff/canned`: supervisors keep the canned responses (saved answers with variables).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::staff::{SaveCanned, all_canned_responses, load_staff_directory};
use crate::copy;
use crate::ui::components::form::{FormAlert, PostForm, form_error, server_action, textarea_text};
use crate::wire::{CannedDto, GroupDto};

#[component]
pub fn CannedPage() -> impl IntoView {
    let save = server_action::<SaveCanned>();
    let error = form_error(save);
    let list = Resource::new(move || save.version().get(), |_| all_canned_responses());
    let directory = Resource::new(|| (), |_| load_staff_directory());
    let variables = crate::domain::canned::VARIABLES
        .iter()
        .map(|(fa, _)| *fa)
        .collect::<Vec<_>>()
        .join("  ");
    view! {
        <Title text=format!("{} | {}", copy::CANNED_ADMIN, copy::APP_NAME) />
        <h1>{copy::CANNED_ADMIN}</h1>
        <p class="muted">{copy::CANNED_VARIABLES} " " <span dir="rtl">{variables}</span></p>
        <FormAlert error=error />
        <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
            {move || Suspend::new(async move {
                let groups = directory.await.map(|d| d.groups).unwrap_or_default();
                let items = list.await.unwrap_or_default();
                view! {
                    <ul class="field-list">
                        {items.into_iter().map(|c| {
                            let id = c.id.to_string();
                            view! {
                                <li class="card">
                                    <details>
                                        <summary>{c.title.clone()}</summary>
                                        <CannedForm action=save current=Some(c) groups=groups.clone() />
                                    </details>
                                    <PostForm action=save>
                                        <input type="hidden" name="canned_id" value=id />
                                        <input type="hidden" name="op" value="retire" />
                                        <button type="submit" class="button small">{copy::REMOVE}</button>
                                    </PostForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <section class="card" aria-labelledby="new-canned-title">
                        <h2 id="new-canned-title">{copy::NEW_CANNED}</h2>
                        {move || {
                            save.version().track();
                            view! { <CannedForm action=save current=None groups=groups.clone() /> }
                        }}
                    </section>
                }
            })}
        </Transition>
    }
}

#[component]
fn CannedForm(
    action: ServerAction<SaveCanned>,
    current: Option<CannedDto>,
    groups: Vec<GroupDto>,
) -> impl IntoView {
    let prefix = current
        .as_ref()
        .map(|c| format!("c{}-", c.id))
        .unwrap_or_else(|| "new-".into());
    let (title_id, body_id, group_id) = (
        format!("{prefix}title"),
        format!("{prefix}body"),
        format!("{prefix}group"),
    );
    let title = current
        .as_ref()
        .map(|c| c.title.clone())
        .unwrap_or_default();
    let body = current.as_ref().map(|c| c.body.clone()).unwrap_or_default();
    let group = current.as_ref().and_then(|c| c.group_id);
    view! {
        <PostForm action=action>
            {current.as_ref().map(|c| view! { <input type="hidden" name="canned_id" value=c.id.to_string() /> })}
            <div class="field">
                <label for=title_id.clone()>{copy::TYPE_TITLE}</label>
                <input id=title_id name="title" type="text" required=true maxlength="100" value=title />
            </div>
            <div class="field">
                <label for=body_id.clone()>{copy::REPLY_BODY}</label>
                <textarea id=body_id name="body" rows="5" required=true maxlength="10000" inner_html=textarea_text(&body)></textarea>
            </div>
            <div class="field">
                <label for=group_id.clone()>{copy::GROUP}</label>
                <select id=group_id name="group_id">
                    <option value="">{copy::FOR_ALL_GROUPS}</option>
                    {groups.into_iter().map(|g| view! {
                        <option value=g.id.to_string() selected=group == Some(g.id)>{g.name}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button secondary">{copy::SAVE}</button>
        </PostForm>
    }
}
