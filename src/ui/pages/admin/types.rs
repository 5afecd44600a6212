//! `/admin/types`: every request type, and a form to add one.

use leptos::prelude::*;
use leptos_meta::Title;

use super::AdminNav;
use crate::api::admin::types::{SaveType, admin_types};
use crate::api::staff::load_staff_directory;
use crate::copy;
use crate::copy::digits::to_persian_digits;
use crate::domain::account::ApplicantKind;
use crate::ui::components::form::{FormAlert, PostForm, form_error, server_action, textarea_text};
use crate::wire::{GroupDto, TypeAdmin};

/// `/admin/types`: every request type, and a form to add one.
#[component]
pub fn AdminTypesPage() -> impl IntoView {
    let save = server_action::<SaveType>();
    let types = Resource::new(move || save.version().get(), |_| admin_types());
    let directory = Resource::new(|| (), |_| load_staff_directory());
    view! {
        <Title text=format!("{} | {}", copy::ADMIN_TYPES, copy::APP_NAME) />
        <AdminNav />
        <h1>{copy::ADMIN_TYPES}</h1>
        <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
            {move || Suspend::new(async move {
                let groups = directory.await.unwrap_or_default().groups;
                let rows = types.await.unwrap_or_default().into_iter().map(|t| {
                    let group = t.group_id
                        .and_then(|g| groups.iter().find(|x| x.id == g))
                        .map(|g| g.name.clone())
                        .unwrap_or_else(|| "—".into());
                    view! {
                        <li class="card request-item">
                            <a class="subject" href=format!("/admin/types/{}", t.id)>{t.title}</a>
                            <div class="meta">
                                <span>{if t.active { copy::ACTIVE } else { copy::INACTIVE }}</span>
                                <span>{group}</span>
                                <span>{copy::working_days(t.initial_result_days)}</span>
                            </div>
                        </li>
                    }
                }).collect_view();
                view! { <ul class="request-list">{rows}</ul> }
            })}
        </Transition>
        <section class="card" aria-labelledby="new-type-title">
            <h2 id="new-type-title">{copy::ADMIN_NEW_TYPE}</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let groups = directory.await.unwrap_or_default().groups;
                    view! { <TypeFields action=save current=None groups=groups /> }
                })}
            </Transition>
        </section>
    }
}

/// The editable properties of a type: for a new one (`current` None) or an existing one.
#[component]
pub(super) fn TypeFields(
    action: ServerAction<SaveType>,
    current: Option<TypeAdmin>,
    groups: Vec<GroupDto>,
) -> impl IntoView {
    let error = form_error(action);
    let t = current.clone();
    let kind_checked =
        move |k: ApplicantKind| t.as_ref().is_none_or(|t| t.applicant_kinds.contains(&k));
    let group_id = current.as_ref().and_then(|t| t.group_id);
    let active = current.as_ref().is_none_or(|t| t.active);
    let days = current
        .as_ref()
        .map(|t| to_persian_digits(&t.initial_result_days.to_string()))
        .unwrap_or_else(|| to_persian_digits("2"));
    let title = current
        .as_ref()
        .map(|t| t.title.clone())
        .unwrap_or_default();
    let description = current
        .as_ref()
        .map(|t| t.description.clone())
        .unwrap_or_default();
    view! {
        <PostForm action=action>
            <FormAlert error=error />
            {current.as_ref().map(|t| view! { <input type="hidden" name="type_id" value=t.id.to_string() /> })}
            <div class="field">
                <label for="title">{copy::TYPE_TITLE}</label>
                <input id="title" name="title" type="text" required=true maxlength="150" value=title />
            </div>
            <div class="field">
                <label for="description">{copy::TYPE_DESCRIPTION}</label>
                <textarea id="description" name="description" rows="3" maxlength="1000" inner_html=textarea_text(&description)></textarea>
            </div>
            <fieldset class="field choices">
                <legend>{copy::TYPE_KINDS}</legend>
                {ApplicantKind::ALL.into_iter().map(|k| {
                    let id = format!("kind_{}", k.as_str());
                    let for_id = id.clone();
                    view! {
                        <label class="choice" for=for_id>
                            <input type="checkbox" id=id.clone() name=id checked=kind_checked(k) />
                            {k.label_fa()}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for="group_id">{copy::GROUP}</label>
                <select id="group_id" name="group_id">
                    <option value="">{copy::NO_GROUP}</option>
                    {groups.into_iter().map(|g| view! {
                        <option value=g.id.to_string() selected=group_id == Some(g.id)>{g.name}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="initial_result_days">{copy::TYPE_DAYS}</label>
                <input id="initial_result_days" name="initial_result_days" type="text" inputmode="numeric"
                    dir="ltr" required=true maxlength="3" value=days />
            </div>
            <div class="field checkbox">
                <input type="checkbox" id="active" name="active" checked=active />
                <label for="active">{copy::TYPE_ACTIVE}</label>
            </div>
            <button type="submit" class="button">{copy::SAVE}</button>
        </PostForm>
    }
}
