//! `/admin/types/{id}`: one type, its form fields, its documents and its SLA policy.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::AdminNav;
use super::types::TypeFields;
use crate::api::admin::policy::SavePolicy;
use crate::api::admin::tariffs::{AddTariff, admin_tariffs};
use crate::api::admin::types::{
    FieldOp, RetireDocument, SaveField, SaveType, UploadDocument, admin_type,
};
use crate::api::staff::load_staff_directory;
use crate::copy;
use crate::copy::digits::to_persian_digits;
use crate::domain::fields::{FieldDef, FieldKind};
use crate::ui::components::form::{
    FormAlert, MultipartForm, PostForm, Submission, TextField, form_error, server_action,
    textarea_text, typed,
};
use crate::ui::components::jalali_picker::JalaliDateInput;
use crate::wire::{DocumentDto, PolicyDto, TariffDto};

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
                let groups = directory.await.unwrap_or_default().groups;
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
                            <TariffSection type_id=id />
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
            .map(|p| to_persian_digits(&(f(p) / per_unit(p)).to_string()))
            .unwrap_or_default()
    };
    let initial = value(|p| p.initial_minutes);
    let resolution = value(|p| p.resolution_minutes);
    let warn = current.as_ref().map_or(to_persian_digits("75"), |p| {
        to_persian_digits(&p.warn_percent.to_string())
    });
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
                            <td class="num">{copy::percent(&crate::copy::digits::persian_number(p.warn_percent))}</td>
                            <td>{crate::domain::jalali::TehranDateTime::from_unix_millis(p.created_at).format_fa()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </crate::ui::components::Wide>
    }
}

/// The type's tariffs: every line of the budget tables entered for it (newest year first, the
/// lines charged today marked), and a form for a new line or an amendment from its day.
#[component]
fn TariffSection(type_id: i64) -> impl IntoView {
    let add = server_action::<AddTariff>();
    let error = form_error(add);
    let lines = Resource::new(move || add.version().get(), move |_| admin_tariffs(type_id));
    view! {
        <section class="card" aria-labelledby="tariffs-title">
            <h2 id="tariffs-title">{copy::TARIFFS}</h2>
            <p class="muted">{copy::TARIFFS_HELP}</p>
            <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match lines.await {
                        Err(e) => view! { <p class="alert error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(l) if l.is_empty() => view! { <p>{copy::TARIFFS_NONE}</p> }.into_any(),
                        Ok(l) => view! { <TariffTable lines=l /> }.into_any(),
                    }
                })}
            </Transition>
            <h3>{copy::TARIFF_ADD}</h3>
            <PostForm action=add>
                <FormAlert error=error />
                <input type="hidden" name="type_id" value=type_id.to_string() />
                <TariffFields error />
                <TextField name="source" id="tariff-source" label=copy::TARIFF_SOURCE error=error maxlength=200 />
                <button type="submit" class="button">{copy::TARIFF_SAVE}</button>
            </PostForm>
        </section>
    }
}

/// The new line's kind, day, amount and unit; inside the form, so a refused plain post brings
/// back what was chosen.
#[component]
fn TariffFields(error: crate::ui::components::form::FormError) -> impl IntoView {
    let kind_now = typed("applicant_kind").unwrap_or_default();
    let unit_now = typed("unit").unwrap_or_default();
    // A year's tariff starts on 1 Farvardin: the date field offers this year's.
    let year_start = to_persian_digits(&format!(
        "{}/01/01",
        crate::ui::components::jalali_picker::today().year
    ));
    view! {
        <div class="field">
            <label for="tariff-kind">{copy::TARIFF_KIND}</label>
            <select id="tariff-kind" name="applicant_kind" required=true>
                {crate::domain::account::ApplicantKind::ALL.into_iter().map(|k| view! {
                    <option value=k.as_str() selected=kind_now == k.as_str()>{k.label_fa()}</option>
                }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="tariff-from">{copy::TARIFF_FROM}</label>
            <JalaliDateInput id="tariff-from".to_string() name="effective_from".to_string() required=true
                described_by=Signal::derive(|| Some("tariff-from-help".to_string()))
                initial=typed("effective_from").unwrap_or(year_start) />
            <p class="help" id="tariff-from-help">{copy::TARIFF_FROM_HELP}</p>
        </div>
        <TextField name="amount" id="tariff-amount" label=copy::TARIFF_AMOUNT error=error
            inputmode="numeric" dir="ltr" maxlength=24 help=copy::TARIFF_AMOUNT_HELP />
        <div class="field">
            <label for="tariff-unit">{copy::TARIFF_UNIT}</label>
            <select id="tariff-unit" name="unit">
                <option value="rials" selected=unit_now != "tomans">{copy::UNIT_RIALS}</option>
                <option value="tomans" selected=unit_now == "tomans">{copy::UNIT_TOMANS}</option>
            </select>
        </div>
    }
}

/// The lines, a row each (cards on a phone).
#[component]
fn TariffTable(lines: Vec<TariffDto>) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=copy::TARIFFS_TABLE>
            <table class="table stack tariffs">
                <thead>
                    <tr>
                        <th scope="col">{copy::TARIFF_YEAR}</th>
                        <th scope="col">{copy::TARIFF_KIND}</th>
                        <th scope="col">{copy::TARIFF_FROM}</th>
                        <th scope="col">{copy::TARIFF_AMOUNT}</th>
                        <th scope="col">{copy::TARIFF_SOURCE}</th>
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().map(|t| view! {
                        <tr class:in-force=t.in_force>
                            <td data-label=copy::TARIFF_YEAR>{t.fiscal_year}</td>
                            <td data-label=copy::TARIFF_KIND>
                                {t.kind_label}
                                {t.in_force.then(|| view! { " "<span class="badge initial">{copy::TARIFF_IN_FORCE}</span> })}
                            </td>
                            <td data-label=copy::TARIFF_FROM><bdi>{t.effective_from}</bdi></td>
                            <td data-label=copy::TARIFF_AMOUNT class="amount">
                                <span class="nowrap"><bdi>{t.amount_figure}</bdi></span>
                                <span class="muted small">" ("<bdi>{t.amount_tomans}</bdi>")"</span>
                                <span class="amount-words small">{t.amount_words}</span>
                            </td>
                            <td data-label=copy::TARIFF_SOURCE>{t.source}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
