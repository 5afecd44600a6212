//! `/admin/groups`: staff groups, their settings and members.

use leptos::prelude::*;
use leptos_meta::Title;

use super::AdminNav;
use crate::api::admin::groups::{SaveGroup, SetGroupMember};
use crate::api::staff::load_staff_directory;
use crate::copy;
use crate::ui::components::form::{FormAlert, PostForm, form_error, server_action};
use crate::wire::GroupDto;

/// `/admin/groups`: staff groups, their settings and members.
#[component]
pub fn AdminGroupsPage() -> impl IntoView {
    let save = server_action::<SaveGroup>();
    let member = server_action::<SetGroupMember>();
    let directory = Resource::new(
        move || (save.version().get(), member.version().get()),
        |_| load_staff_directory(),
    );
    let member_error = form_error(member);
    view! {
        <Title text=format!("{} | {}", copy::ADMIN_GROUPS, copy::APP_NAME) />
        <AdminNav />
        <h1>{copy::ADMIN_GROUPS}</h1>
        <FormAlert error=member_error />
        <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
            {move || Suspend::new(async move {
                let dir = directory.await.unwrap_or_default();
                dir.groups.clone().into_iter().map(|g| {
                    let in_group: Vec<_> = dir.members.iter().filter(|m| m.group_ids.contains(&g.id)).cloned().collect();
                    let others: Vec<_> = dir.members.iter().filter(|m| !m.group_ids.contains(&g.id)).cloned().collect();
                    let gid = g.id.to_string();
                    let add_id = format!("add-{}", g.id);
                    view! {
                        <section class="card" aria-labelledby=format!("group-{}", g.id)>
                            <h2 id=format!("group-{}", g.id)>{g.name.clone()}</h2>
                            <GroupForm action=save current=Some(g.clone()) />
                            <h3>{copy::MEMBERS}</h3>
                            <ul class="files">
                                {in_group.into_iter().map(|m| {
                                    let gid = gid.clone();
                                    view! {
                                        <li>
                                            {m.full_name.clone()}
                                            {(!m.available).then_some(copy::AWAY_FLAG)}
                                            <PostForm action=member>
                                                <input type="hidden" name="group_id" value=gid />
                                                <input type="hidden" name="user_id" value=m.id.to_string() />
                                                <input type="hidden" name="member" value="0" />
                                                <button type="submit" class="button small">{copy::REMOVE}</button>
                                            </PostForm>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            {(!others.is_empty()).then(|| view! {
                                <PostForm action=member>
                                    <input type="hidden" name="group_id" value=gid.clone() />
                                    <input type="hidden" name="member" value="1" />
                                    <div class="field">
                                        <label for=add_id.clone()>{copy::ADD_MEMBER}</label>
                                        <select id=add_id name="user_id">
                                            {others.into_iter().map(|m| view! { <option value=m.id.to_string()>{m.full_name}</option> }).collect_view()}
                                        </select>
                                    </div>
                                    <button type="submit" class="button secondary">{copy::ADD}</button>
                                </PostForm>
                            })}
                        </section>
                    }
                }).collect_view()
            })}
        </Transition>
        <section class="card" aria-labelledby="new-group-title">
            <h2 id="new-group-title">{copy::ADMIN_NEW_GROUP}</h2>
            <GroupForm action=save current=None />
        </section>
    }
}

#[component]
fn GroupForm(action: ServerAction<SaveGroup>, current: Option<GroupDto>) -> impl IntoView {
    let error = form_error(action);
    let prefix = current
        .as_ref()
        .map(|g| format!("g{}-", g.id))
        .unwrap_or_else(|| "new-".into());
    let (name_id, desc_id, active_id, auto_id) = (
        format!("{prefix}name"),
        format!("{prefix}description"),
        format!("{prefix}active"),
        format!("{prefix}auto"),
    );
    let name = current.as_ref().map(|g| g.name.clone()).unwrap_or_default();
    let description = current
        .as_ref()
        .map(|g| g.description.clone())
        .unwrap_or_default();
    let active = current.as_ref().is_none_or(|g| g.active);
    let auto = current.as_ref().is_some_and(|g| g.auto_assign);
    view! {
        <PostForm action=action>
            {current.is_none().then(|| view! { <FormAlert error=error /> })}
            {current.as_ref().map(|g| view! { <input type="hidden" name="group_id" value=g.id.to_string() /> })}
            <div class="field">
                <label for=name_id.clone()>{copy::GROUP_NAME}</label>
                <input id=name_id name="name" type="text" required=true maxlength="100" value=name />
            </div>
            <div class="field">
                <label for=desc_id.clone()>{copy::TYPE_DESCRIPTION}</label>
                <input id=desc_id name="description" type="text" maxlength="500" value=description />
            </div>
            <div class="field checkbox">
                <input type="checkbox" id=active_id.clone() name="active" checked=active />
                <label for=active_id>{copy::TYPE_ACTIVE}</label>
            </div>
            <div class="field checkbox">
                <input type="checkbox" id=auto_id.clone() name="auto_assign" checked=auto />
                <label for=auto_id>{copy::AUTO_ASSIGN}</label>
            </div>
            <button type="submit" class="button secondary">{copy::SAVE}</button>
        </PostForm>
    }
}
