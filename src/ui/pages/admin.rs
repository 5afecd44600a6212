//! Administration pages: the request-type catalogue (types, their form fields, guide files and
//! staff documents) and the staff groups. Every form is a plain post that works without
//! JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::admin::{
    AddClosure, FieldOp, RemoveClosure, RetireDocument, SaveField, SaveGroup, SavePolicy, SaveType,
    SetGroupMember, SetWeekdayHours, UploadDocument, admin_type, admin_types, calendar,
};
use crate::api::staff::load_staff_directory;
use crate::copy;
use crate::domain::account::ApplicantKind;
use crate::domain::fields::{FieldDef, FieldKind};
use crate::ui::components::form::{
    FormAlert, MultipartForm, PostForm, Submission, TextField, form_error, server_action,
    textarea_text,
};
use crate::ui::components::jalali_picker::JalaliDateInput;
use crate::wire::{DocumentDto, GroupDto, PolicyDto, StaffDirectory, TypeAdmin};

fn empty_directory() -> StaffDirectory {
    StaffDirectory {
        groups: Vec::new(),
        members: Vec::new(),
    }
}

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
                let groups = directory.await.unwrap_or_else(|_| empty_directory()).groups;
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
                    let groups = directory.await.unwrap_or_else(|_| empty_directory()).groups;
                    view! { <TypeFields action=save current=None groups=groups /> }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn AdminNav() -> impl IntoView {
    view! {
        <nav class="admin-nav" aria-label=copy::ADMIN_NAV>
            <a href="/admin/types">{copy::ADMIN_TYPES}</a>
            <a href="/admin/groups">{copy::ADMIN_GROUPS}</a>
            <a href="/admin/calendar">{copy::ADMIN_CALENDAR}</a>
            <a href="/admin/staff">{copy::ADMIN_STAFF}</a>
        </nav>
    }
}

/// The editable properties of a type: for a new one (`current` None) or an existing one.
#[component]
fn TypeFields(
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
        .map(|t| t.initial_result_days.to_string())
        .unwrap_or_else(|| "2".into());
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

/// `/admin/types/{id}`: one type, its form fields and its documents.
#[component]
pub fn AdminTypePage() -> impl IntoView {
    let params = use_params_map();
    let type_id =
        move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let save = server_action::<SaveType>();
    let field = server_action::<SaveField>();
    let op = server_action::<FieldOp>();
    let retire = server_action::<RetireDocument>();
    let upload = Submission::<UploadDocument>::new();
    let policy = server_action::<SavePolicy>();
    let data = Resource::new(
        move || {
            (
                type_id(),
                save.version().get(),
                policy.version().get(),
                field.version().get(),
                op.version().get(),
                retire.version().get(),
                upload.version.get(),
            )
        },
        |(id, ..)| admin_type(id),
    );
    let directory = Resource::new(|| (), |_| load_staff_directory());
    view! {
        <Title text=format!("{} | {}", copy::ADMIN_TYPES, copy::APP_NAME) />
        <AdminNav />
        <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
            {move || Suspend::new(async move {
                let groups = directory.await.unwrap_or_else(|_| empty_directory()).groups;
                match data.await {
                    Err(e) => view! { <p class="alert error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(t) => {
                        let id = t.id;
                        let fields = t.fields.clone();
                        let guides = t.guides.clone();
                        let staff_docs = t.staff_documents.clone();
                        let policies = t.policies.clone();
                        view! {
                            <h1>{t.title.clone()}</h1>
                            <section class="card" aria-labelledby="type-props-title">
                                <h2 id="type-props-title">{copy::TYPE_PROPERTIES}</h2>
                                <TypeFields action=save current=Some(t) groups=groups />
                            </section>
                            <section class="card" aria-labelledby="policy-title">
                                <h2 id="policy-title">{copy::SLA_POLICY}</h2>
                                <p class="muted">{copy::SLA_POLICY_HELP}</p>
                                <PolicyEditor action=policy type_id=id policies=policies />
                            </section>
                            <section class="card" aria-labelledby="fields-title">
                                <h2 id="fields-title">{copy::FORM_FIELDS}</h2>
                                <p class="muted">{copy::FORM_FIELDS_NOTE}</p>
                                <FieldList fields=fields op=op save=field type_id=id />
                                <h3>{copy::ADD_FIELD}</h3>
                                // Re-created after each save, so the next field starts from an empty form.
                                {move || {
                                    field.version().track();
                                    view! { <FieldEditor action=field type_id=id current=None /> }
                                }}
                            </section>
                            <section class="card" aria-labelledby="docs-title">
                                <h2 id="docs-title">{copy::DOCUMENTS}</h2>
                                <h3>{copy::GUIDES}</h3>
                                <DocumentList docs=guides retire=retire />
                                <h3>{copy::STAFF_DOCUMENTS}</h3>
                                <DocumentList docs=staff_docs retire=retire />
                                <h3>{copy::UPLOAD_DOCUMENT}</h3>
                                <DocumentUpload submission=upload type_id=id />
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn FieldList(
    fields: Vec<FieldDef>,
    op: ServerAction<FieldOp>,
    save: ServerAction<SaveField>,
    type_id: i64,
) -> impl IntoView {
    let error = form_error(op);
    let n = fields.len();
    view! {
        <FormAlert error=error />
        {(n == 0).then(|| view! { <p class="muted">{copy::NO_FIELDS}</p> })}
        <ol class="field-list">
            {fields.into_iter().enumerate().map(|(i, f)| {
                let id = f.id.to_string();
                let summary = format!(
                    "{} — {}{}",
                    f.label,
                    f.kind.label_fa(),
                    if f.required { copy::REQUIRED_MARK } else { "" }
                );
                let op_button = |value: &'static str, label: &'static str, id: String| view! {
                    <PostForm action=op>
                        <input type="hidden" name="field_id" value=id />
                        <input type="hidden" name="op" value=value />
                        <button type="submit" class="button small">{label}</button>
                    </PostForm>
                };
                view! {
                    <li class="card">
                        <details>
                            <summary>{summary}</summary>
                            <FieldEditor action=save type_id=type_id current=Some(f) />
                        </details>
                        <div class="actions">
                            {(i > 0).then(|| op_button("up", copy::MOVE_UP, id.clone()))}
                            {(i + 1 < n).then(|| op_button("down", copy::MOVE_DOWN, id.clone()))}
                            {op_button("retire", copy::RETIRE_FIELD, id.clone())}
                        </div>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// Adds a field (`current` None) or edits one; the kind of an existing field is fixed.
#[component]
fn FieldEditor(
    action: ServerAction<SaveField>,
    type_id: i64,
    current: Option<FieldDef>,
) -> impl IntoView {
    let error = form_error(action);
    let prefix = current
        .as_ref()
        .map(|f| format!("f{}-", f.id))
        .unwrap_or_else(|| "new-".into());
    let ids = |name: &str| format!("{prefix}{name}");
    let label = current
        .as_ref()
        .map(|f| f.label.clone())
        .unwrap_or_default();
    let help = current.as_ref().map(|f| f.help.clone()).unwrap_or_default();
    let choices = current
        .as_ref()
        .map(|f| f.choices.join("\n"))
        .unwrap_or_default();
    let required = current.as_ref().is_some_and(|f| f.required);
    let kind = current.as_ref().map(|f| f.kind);
    let (label_id, kind_id, help_id, choices_id, required_id) = (
        ids("label"),
        ids("kind"),
        ids("help"),
        ids("choices"),
        ids("required"),
    );
    view! {
        <PostForm action=action>
            {current.is_none().then(|| view! { <FormAlert error=error /> })}
            <input type="hidden" name="type_id" value=type_id.to_string() />
            {current.as_ref().map(|f| view! { <input type="hidden" name="field_id" value=f.id.to_string() /> })}
            <div class="field">
                <label for=label_id.clone()>{copy::FIELD_LABEL}</label>
                <input id=label_id name="label" type="text" required=true maxlength="120" value=label />
            </div>
            {match kind {
                Some(k) => view! { <input type="hidden" name="kind" value=k.as_str() /> }.into_any(),
                None => view! {
                    <div class="field">
                        <label for=kind_id.clone()>{copy::FIELD_KIND}</label>
                        <select id=kind_id name="kind" required=true>
                            {FieldKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{k.label_fa()}</option> }).collect_view()}
                        </select>
                    </div>
                }.into_any(),
            }}
            <div class="field">
                <label for=help_id.clone()>{copy::FIELD_HELP}</label>
                <input id=help_id name="help" type="text" maxlength="500" value=help />
            </div>
            {(kind.is_none() || kind == Some(FieldKind::Choice)).then(|| view! {
                <div class="field">
                    <label for=choices_id.clone()>{copy::FIELD_CHOICES}</label>
                    <textarea id=choices_id name="choices" rows="3" inner_html=textarea_text(&choices)></textarea>
                </div>
            })}
            <div class="field checkbox">
                <input type="checkbox" id=required_id.clone() name="required" checked=required />
                <label for=required_id>{copy::FIELD_REQUIRED}</label>
            </div>
            <button type="submit" class="button secondary">{copy::SAVE}</button>
        </PostForm>
    }
}

#[component]
fn DocumentList(docs: Vec<DocumentDto>, retire: ServerAction<RetireDocument>) -> impl IntoView {
    if docs.is_empty() {
        return view! { <p class="muted">{copy::NO_DOCUMENTS}</p> }.into_any();
    }
    view! {
        <ul class="files">
            {docs.into_iter().map(|d| view! {
                <li>
                    <a href=format!("/documents/{}", d.id) download=d.file_name.clone()>{d.title.clone()}</a>
                    <span class="muted">" (" {crate::domain::files::size_fa(d.size)} ")"</span>
                    <PostForm action=retire>
                        <input type="hidden" name="document_id" value=d.id.to_string() />
                        <button type="submit" class="button small">{copy::REMOVE}</button>
                    </PostForm>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn DocumentUpload(submission: Submission<UploadDocument>, type_id: i64) -> impl IntoView {
    let error = submission.error();
    view! {
        <MultipartForm submission=submission>
            <FormAlert error=error />
            <input type="hidden" name="type_id" value=type_id.to_string() />
            <fieldset class="field choices">
                <legend>{copy::DOCUMENT_AUDIENCE}</legend>
                <label class="choice" for="audience-guide">
                    <input type="radio" id="audience-guide" name="audience" value="guide" checked=true />
                    {copy::GUIDE_FOR_APPLICANTS}
                </label>
                <label class="choice" for="audience-staff">
                    <input type="radio" id="audience-staff" name="audience" value="staff" />
                    {copy::DOC_FOR_STAFF}
                </label>
            </fieldset>
            <TextField name="title" id="document-title" label=copy::DOCUMENT_TITLE error=error required=false maxlength=150 />
            <div class="field">
                <label for="file">{copy::DOCUMENT_FILE}</label>
                <input id="file" name="file" type="file" required=true accept=crate::domain::files::ACCEPT />
            </div>
            <button type="submit" class="button secondary">{copy::UPLOAD}</button>
        </MultipartForm>
    }
}

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
                let dir = directory.await.unwrap_or_else(|_| empty_directory());
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

/// `/admin/calendar`: the working calendar the SLA clocks count on (hours per weekday, official
/// holidays and closures). Every change recomputes the open requests' due times at once.
#[component]
pub fn AdminCalendarPage() -> impl IntoView {
    let hours = server_action::<SetWeekdayHours>();
    let add = server_action::<AddClosure>();
    let remove = server_action::<RemoveClosure>();
    let data = Resource::new(
        move || {
            (
                hours.version().get(),
                add.version().get(),
                remove.version().get(),
            )
        },
        |_| calendar(),
    );
    let directory = Resource::new(|| (), |_| load_staff_directory());
    let hours_error = form_error(hours);
    let add_error = form_error(add);
    let remove_error = form_error(remove);
    // What the last change did, said once in words.
    let done = move || {
        [hours.value().get(), add.value().get(), remove.value().get()]
            .into_iter()
            .flatten()
            .find_map(|r| r.ok())
            .map(copy::recomputed)
    };
    view! {
        <Title text=format!("{} | {}", copy::ADMIN_CALENDAR, copy::APP_NAME) />
        <AdminNav />
        <h1>{copy::ADMIN_CALENDAR}</h1>
        <p class="muted">{copy::CALENDAR_INTRO}</p>
        <div role="status">{move || done().map(|t| view! { <p class="alert success">{t}</p> })}</div>
        <FormAlert error=hours_error />
        <FormAlert error=remove_error />
        <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
            {move || Suspend::new(async move {
                let Ok(c) = data.await else {
                    return view! { <p class="alert error">{copy::CALENDAR_LOAD_FAILED}</p> }.into_any();
                };
                let groups = directory.await.unwrap_or_else(|_| empty_directory()).groups;
                let missing = c.years_without_holidays.iter()
                    .map(|y| copy::holidays_missing(*y))
                    .collect::<Vec<_>>();
                view! {
                    {missing.into_iter().map(|m| view! { <p class="alert error">{m}</p> }).collect_view()}
                    <section class="card" aria-labelledby="hours-title">
                        <h2 id="hours-title">{copy::WORKING_HOURS}</h2>
                        <p class="muted">{copy::WORKING_HOURS_HELP}</p>
                        <ul class="weekday-hours">
                            {c.weekdays.into_iter().map(|d| {
                                let start_id = format!("wd{}-start", d.weekday);
                                let end_id = format!("wd{}-end", d.weekday);
                                view! {
                                    <li>
                                        <PostForm action=hours>
                                            <input type="hidden" name="weekday" value=d.weekday.to_string() />
                                            <strong class="weekday">{d.name.clone()}</strong>
                                            <div class="field">
                                                <label for=start_id.clone()>{copy::HOURS_FROM}</label>
                                                <input id=start_id name="start" type="text" inputmode="numeric" dir="ltr"
                                                    maxlength="5" size="5" value=d.start.clone() />
                                            </div>
                                            <div class="field">
                                                <label for=end_id.clone()>{copy::HOURS_TO}</label>
                                                <input id=end_id name="end" type="text" inputmode="numeric" dir="ltr"
                                                    maxlength="5" size="5" value=d.end.clone() />
                                            </div>
                                            <button type="submit" class="button small">{copy::SAVE}</button>
                                        </PostForm>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                    <section class="card" aria-labelledby="add-closure-title">
                        <h2 id="add-closure-title">{copy::ADD_CLOSURE}</h2>
                        <PostForm action=add>
                            <FormAlert error=add_error />
                            <div class="field">
                                <label for="closure-date">{copy::CLOSURE_DATE}</label>
                                <JalaliDateInput id="closure-date".to_string() name="date".to_string() required=true />
                            </div>
                            <div class="field">
                                <label for="closure-reason">{copy::CLOSURE_REASON}</label>
                                <input id="closure-reason" name="reason" type="text" required=true maxlength="200" />
                            </div>
                            <div class="field checkbox">
                                <input type="checkbox" id="closure-official" name="official" />
                                <label for="closure-official">{copy::OFFICIAL_HOLIDAY}</label>
                            </div>
                            <div class="field">
                                <label for="closure-group">{copy::CLOSURE_GROUP}</label>
                                <select id="closure-group" name="group_id">
                                    <option value="">{copy::ALL_GROUPS}</option>
                                    {groups.into_iter().map(|g| view! { <option value=g.id.to_string()>{g.name}</option> }).collect_view()}
                                </select>
                            </div>
                            <button type="submit" class="button">{copy::ADD_CLOSURE}</button>
                        </PostForm>
                    </section>
                    <section class="card" aria-labelledby="closures-title">
                        <h2 id="closures-title">{copy::CLOSURES}</h2>
                        <ul class="files closures">
                            {c.closures.into_iter().map(|x| {
                                let label = format!("{} {}", copy::REOPEN_DAY, x.jalali);
                                view! {
                                    <li>
                                        <span class="code" dir="ltr">{crate::copy::digits::to_persian_digits(&x.jalali)}</span>
                                        " "
                                        <span>{x.reason.clone()}</span>
                                        " "
                                        <span class="badge">{if x.official { copy::OFFICIAL_HOLIDAY } else { copy::CLOSURE }}</span>
                                        {x.group_name.map(|g| view! { " " <span class="muted">{g}</span> })}
                                        <PostForm action=remove>
                                            <input type="hidden" name="id" value=x.id.to_string() />
                                            <button type="submit" class="button small" aria-label=label>{copy::REMOVE}</button>
                                        </PostForm>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                }.into_any()
            })}
        </Transition>
    }
}

/// A type's SLA policy: the newest version as a form, and every version below it.
#[component]
fn PolicyEditor(
    action: ServerAction<SavePolicy>,
    type_id: i64,
    policies: Vec<PolicyDto>,
) -> impl IntoView {
    let error = form_error(action);
    let current = policies.first().cloned();
    let unit = current
        .as_ref()
        .map_or("days".to_string(), |p| p.unit.clone());
    let per_unit = |p: &PolicyDto| {
        if p.unit == "hours" {
            60
        } else {
            p.day_minutes.max(1)
        }
    };
    let value = |f: fn(&PolicyDto) -> i64| {
        current
            .as_ref()
            .map(|p| (f(p) / per_unit(p)).to_string())
            .unwrap_or_default()
    };
    let initial = value(|p| p.initial_minutes);
    let resolution = value(|p| p.resolution_minutes);
    let warn = current
        .as_ref()
        .map_or("75".to_string(), |p| p.warn_percent.to_string());
    let saved = move || {
        action.value().get().and_then(|r| r.ok()).map(|made| {
        view! { <p class="alert success">{if made { copy::SLA_POLICY_SAVED } else { copy::SAVED_NO_CHANGE }}</p> }
    })
    };
    view! {
        <div role="status">{saved}</div>
        <PostForm action=action>
            <FormAlert error=error />
            <input type="hidden" name="type_id" value=type_id.to_string() />
            <div class="field">
                <label for="policy-unit">{copy::SLA_UNIT}</label>
                <select id="policy-unit" name="unit">
                    <option value="days" selected=unit == "days">{copy::SLA_UNIT_DAYS}</option>
                    <option value="hours" selected=unit == "hours">{copy::SLA_UNIT_HOURS}</option>
                </select>
            </div>
            <div class="field">
                <label for="policy-initial">{copy::SLA_INITIAL_TARGET}</label>
                <input id="policy-initial" name="initial" type="text" inputmode="numeric" required=true
                    maxlength="4" size="5" value=initial />
            </div>
            <div class="field">
                <label for="policy-resolution">{copy::SLA_RESOLUTION_TARGET}</label>
                <input id="policy-resolution" name="resolution" type="text" inputmode="numeric" required=true
                    maxlength="4" size="5" value=resolution />
            </div>
            <div class="field">
                <label for="policy-warn">{copy::SLA_WARN_PERCENT}</label>
                <input id="policy-warn" name="warn_percent" type="text" inputmode="numeric" required=true
                    maxlength="2" size="3" value=warn />
            </div>
            <button type="submit" class="button">{copy::SLA_SAVE_POLICY}</button>
        </PostForm>
        <h3>{copy::SLA_POLICY_VERSIONS}</h3>
        <crate::ui::components::Wide label=copy::SLA_POLICY_VERSIONS>
            <table class="table">
                <thead><tr>
                    <th scope="col">{copy::SLA_VERSION}</th>
                    <th scope="col">{copy::SLA_INITIAL_TARGET}</th>
                    <th scope="col">{copy::SLA_RESOLUTION_TARGET}</th>
                    <th scope="col">{copy::SLA_WARN_PERCENT}</th>
                    <th scope="col">{copy::SLA_POLICY_SINCE}</th>
                </tr></thead>
                <tbody>
                    {policies.into_iter().map(|p| view! {
                        <tr>
                            <td class="num">{crate::copy::digits::persian_number(p.version)}</td>
                            <td>{crate::domain::sla::format_working_minutes_fa(p.initial_minutes, p.day_minutes)}</td>
                            <td>{crate::domain::sla::format_working_minutes_fa(p.resolution_minutes, p.day_minutes)}</td>
                            <td class="num">{format!("{}٪", crate::copy::digits::persian_number(p.warn_percent))}</td>
                            <td>{crate::domain::jalali::TehranDateTime::from_unix_millis(p.created_at).format_fa()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </crate::ui::components::Wide>
    }
}
