//! Filing a request: first the type (a list of links, so it works without JavaScript), then
//! that type's guide files and form.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::calls::WatchType;
use crate::api::requests::{CreateRequest, request_types, type_form};
use crate::copy;
use crate::domain::fields::{FieldDef, FieldKind};
use crate::ui::components::form::{
    FilesField, FormAlert, MultipartForm, PostForm, Submission, TextArea, TextField, form_error,
    server_action, shows_own_error, textarea_text, typed,
};
use crate::ui::components::intake::IntakeNote;
use crate::ui::components::jalali_picker::JalaliDateInput;
use crate::ui::components::layout::use_me;
use crate::ui::components::tracking_display;
use crate::wire::TypeForm;

#[component]
pub fn NewRequestPage() -> impl IntoView {
    let query = use_query_map();
    let type_id = move || {
        query.with(|q| {
            q.get("type")
                .and_then(|v| v.parse::<i64>().ok())
                .filter(|v| *v > 0)
        })
    };
    // A follow-up of an earlier request (offered once that one can no longer be reopened).
    let related = move || query.with(|q| q.get("related").filter(|c| !c.is_empty()));
    view! {
        <Title text=format!("{} | {}", copy::NEW_REQUEST_TITLE, copy::APP_NAME) />
        {move || match type_id() {
            None => view! { <TypeChooser related=related() /> }.into_any(),
            Some(id) => view! { <FilingForm type_id=id related=related() /> }.into_any(),
        }}
    }
}

#[component]
fn TypeChooser(related: Option<String>) -> impl IntoView {
    let me = use_me();
    let types = Resource::new(|| (), |_| request_types());
    // The search among the types: from the address without JavaScript (a GET form), as typed
    // with it.
    let typed_query = use_query_map().with_untracked(|q| q.get("q").unwrap_or_default());
    let search = RwSignal::new(typed_query.clone());
    // Typed while the script loaded: the list follows once the app has taken over the page
    // (the page was made with the address's search).
    let typed_early =
        crate::ui::components::form::value_before_start("type-q").filter(|t| *t != typed_query);
    Effect::new(move |_| {
        if let Some(t) = typed_early.clone() {
            search.set(t);
        }
    });
    let suffix = related
        .as_ref()
        .map(|c| format!("&related={c}"))
        .unwrap_or_default();
    view! {
        <section class="narrow">
            <h1>{copy::CHOOSE_TYPE_TITLE}</h1>
            <form method="get" action="/requests/new" role="search" class="type-search"
                on:submit=move |ev: leptos::ev::SubmitEvent| ev.prevent_default()>
                {related.map(|c| view! { <input type="hidden" name="related" value=c /> })}
                <label for="type-q">{copy::TYPE_SEARCH}</label>
                <div class="search-row">
                    <input id="type-q" name="q" type="search" value=typed_query
                        autocomplete="off" aria-describedby="type-count"
                        prop:value=move || search.get()
                        on:input:target=move |ev| search.set(ev.target().value()) />
                    <button type="submit" class="button secondary">{copy::SEARCH}</button>
                </div>
            </form>
            <Suspense fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
                {move || {
                    let suffix = suffix.clone();
                    Suspend::new(async move {
                        let kind = me.await.ok().flatten().and_then(|m| m.applicant_kind);
                        let mine: Vec<_> = types.await.unwrap_or_default().into_iter()
                            .filter(|t| kind.is_none_or(|k| t.applicant_kinds.contains(&k)))
                            .collect();
                        let shown = move || {
                            let key = crate::domain::text::search_key(&search.get());
                            mine.iter()
                                .filter(|t| {
                                    key.is_empty()
                                        || crate::domain::text::search_key(&format!("{} {}", t.title, t.description))
                                            .contains(&key)
                                })
                                .cloned()
                                .collect::<Vec<_>>()
                        };
                        let suffix = suffix.clone();
                        view! {
                            {move || {
                                let found = shown();
                                let count = found.len();
                                let suffix = suffix.clone();
                                view! {
                                    <p id="type-count" class="muted" aria-live="polite">
                                        {if count == 0 { copy::TYPE_NONE_FOUND.to_string() } else { copy::types_found(count) }}
                                    </p>
                                    <ul class="type-list">
                                        {found.into_iter().map(|t| view! {
                                            <li class="card type-item">
                                                <h2>{t.title}</h2>
                                                <p class="muted">{t.description}</p>
                                                <p>{copy::TARGET} ": " {copy::working_days(t.initial_result_days)}</p>
                                                <IntakeNote intake=t.intake />
                                                <a class="button secondary" href=format!("/requests/new?type={}{}", t.id, suffix)>
                                                    {copy::CHOOSE_THIS_TYPE}
                                                </a>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                }
                            }}
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn FilingForm(type_id: i64, related: Option<String>) -> impl IntoView {
    let create = Submission::<CreateRequest>::new();
    let error = create.error();
    let form = Resource::new(move || type_id, type_form);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(code)) = create.value.get() {
            navigate(&format!("/requests/{code}?new=1"), Default::default());
        }
    });
    view! {
        <section class="card narrow">
            <Suspense fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
                {move || {
                    let related = related.clone();
                    Suspend::new(async move {
                        match form.await {
                            Ok(t) => view! { <FormBody t=t related=related create=create error=error /> }.into_any(),
                            Err(e) => view! {
                                <h1>{copy::NEW_REQUEST_TITLE}</h1>
                                <p class="alert error" role="alert">{e.to_string()}</p>
                                <p><a href="/requests/new">{copy::CHANGE_TYPE}</a></p>
                            }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn FormBody(
    t: TypeForm,
    related: Option<String>,
    create: Submission<CreateRequest>,
    error: crate::ui::components::form::FormError,
) -> impl IntoView {
    // No fee (free, or not an applicant's to know): no payment step.
    let fee = t.fee.clone();
    let submit_label = if fee.is_some() {
        copy::FEE_SUBMIT
    } else {
        copy::NEW_REQUEST_SUBMIT
    };
    let fee = fee.map(|fee| {
        view! {
            <section class="fee-box" aria-labelledby="fee-title">
                <h2 id="fee-title">{copy::FEE_TITLE}</h2>
                <crate::ui::components::payment::FeeFacts fee=fee />
                <p class="muted">{copy::FEE_HELP}</p>
            </section>
        }
    });
    let guides = (!t.guides.is_empty()).then(|| {
        view! {
            <section class="guides" aria-labelledby="guides-title">
                <h2 id="guides-title">{copy::GUIDES}</h2>
                <p class="muted">{copy::GUIDES_NOTE}</p>
                <ul class="files">
                    {t.guides.iter().map(|g| view! {
                        <li>
                            <a href=format!("/documents/{}", g.id) download=g.file_name.clone()>{g.title.clone()}</a>
                            <span class="muted">" (" {crate::domain::files::size_fa(g.size)} ")"</span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    });
    // A type not open now shows why and offers to tell the applicant when it opens; its form
    // stays only to give back what a refused post carried (nothing typed is lost).
    let open = t.intake.status.is_open();
    let refused_post = create.value.with_untracked(|v| matches!(v, Some(Err(_))));
    let intake = view! {
        <IntakeNote intake=t.intake.clone() always_too=true />
        {(!open).then(|| view! { <WatchIntake type_id=t.type_id watching=t.intake.watching /> })}
    };
    let show_form = open || refused_post;
    let fields = move || {
        t.fields
            .iter()
            .cloned()
            .map(|f| view! { <AnswerField def=f error=error /> })
            .collect_view()
    };
    view! {
        <h1>{copy::NEW_REQUEST_TITLE} ": " {t.title}</h1>
        {(!t.description.is_empty()).then(|| view! { <p class="muted">{t.description}</p> })}
        <p><a href="/requests/new">{copy::CHANGE_TYPE}</a></p>
        {intake}
        {show_form.then(|| view! {
        {fee}
        {guides}
        <MultipartForm submission=create draft=format!("new:{}", t.type_id)>
            <FormAlert error=error />
            <input type="hidden" name="type_id" value=t.type_id.to_string() />
            {related.map(|c| view! {
                <input type="hidden" name="related" value=c.clone() />
                <p class="muted">{copy::RELATED_TO} " " <span dir="ltr" class="code">{tracking_display(&c)}</span></p>
            })}
            <TextField name="subject" label=copy::FIELD_SUBJECT error=error maxlength=150 minlength=5 />
            <TextArea name="description" label=copy::FIELD_DESCRIPTION error=error
                help=copy::FIELD_DESCRIPTION_HELP rows=8 minlength=10 />
            {fields()}
            <FilesField error=error />
            <button type="submit" class="button wide" disabled=move || create.pending.get()>
                {move || if create.pending.get() { copy::SENDING } else { submit_label }}
            </button>
        </MultipartForm>
        })}
    }
}

/// «Tell me when it opens»: once, by SMS or e-mail (a plain post without JavaScript).
#[component]
fn WatchIntake(type_id: i64, watching: bool) -> impl IntoView {
    let watch = server_action::<WatchType>();
    let error = form_error(watch);
    let done = move || watching || matches!(watch.value().get(), Some(Ok(())));
    view! {
        {move || if done() {
            view! { <p class="alert success" role="status">{if watching { copy::WATCH_ALREADY } else { copy::WATCH_DONE }}</p> }.into_any()
        } else {
            view! {
                <PostForm action=watch>
                    <FormAlert error=error />
                    <input type="hidden" name="type_id" value=type_id.to_string() />
                    <button type="submit" class="button secondary">{copy::WATCH_BUTTON}</button>
                </PostForm>
            }.into_any()
        }}
    }
}

/// One admin-defined field of the service form, with its refusal beside it and, after a failed
/// post without JavaScript, the answer as it was typed.
#[component]
fn AnswerField(def: FieldDef, error: crate::ui::components::form::FormError) -> impl IntoView {
    let name = def.input_name();
    let id = name.clone();
    shows_own_error(&name);
    let help_id = format!("{id}-help");
    let err_id = format!("{id}-error");
    let has_help = !def.help.is_empty();
    let err = {
        let name = name.clone();
        move || {
            error
                .get()
                .filter(|e| e.field() == Some(name.as_str()))
                .map(|e| e.to_string())
        }
    };
    let invalid = {
        let err = err.clone();
        move || err().is_some().then_some("true")
    };
    let described = {
        let (help_id, err_id, err) = (help_id.clone(), err_id.clone(), err.clone());
        move || match (has_help, err().is_some()) {
            (true, true) => Some(format!("{help_id} {err_id}")),
            (true, false) => Some(help_id.clone()),
            (false, true) => Some(err_id.clone()),
            (false, false) => None,
        }
    };
    let focus = err().is_some();
    let typed_value = typed(&name);
    let typed_text = typed_value.clone().unwrap_or_default();
    let label = if def.required {
        format!("{}{}", def.label, copy::REQUIRED_MARK)
    } else {
        def.label.clone()
    };
    let required = def.required;
    let control = match def.kind {
        FieldKind::ShortText => view! {
            <input id=id.clone() name=name type="text" maxlength="200" required=required value=typed_value
                autofocus=focus aria-invalid=invalid aria-describedby=described />
        }.into_any(),
        FieldKind::LongText => view! {
            <textarea id=id.clone() name=name rows="4" maxlength="5000" required=required
                autofocus=focus aria-invalid=invalid aria-describedby=described
                inner_html=textarea_text(&typed_text)></textarea>
        }.into_any(),
        FieldKind::Number => view! {
            <input id=id.clone() name=name type="text" inputmode="decimal" dir="ltr" maxlength="30" required=required
                value=typed_value autofocus=focus aria-invalid=invalid aria-describedby=described />
        }.into_any(),
        FieldKind::NationalCode => view! {
            <input id=id.clone() name=name type="text" inputmode="numeric" dir="ltr" maxlength="12" autocomplete="off"
                required=required value=typed_value autofocus=focus aria-invalid=invalid aria-describedby=described />
        }.into_any(),
        FieldKind::Mobile => view! {
            <input id=id.clone() name=name type="tel" inputmode="tel" dir="ltr" maxlength="16" autocomplete="tel"
                required=required value=typed_value autofocus=focus aria-invalid=invalid aria-describedby=described />
        }.into_any(),
        FieldKind::Choice => view! {
            <select id=id.clone() name=name required=required autofocus=focus aria-invalid=invalid aria-describedby=described>
                <option value="">{copy::CHOOSE}</option>
                {def.choices.iter().map(|c| {
                    let selected = typed_text == *c;
                    view! { <option value=c.clone() selected=selected>{c.clone()}</option> }
                }).collect_view()}
            </select>
        }.into_any(),
        FieldKind::JalaliDate => view! {
            <JalaliDateInput id=id.clone() name=name required=required described_by=Signal::derive(described)
                invalid=Signal::derive(invalid) autofocus=focus initial=typed_text />
        }.into_any(),
        FieldKind::File => view! {
            <input id=id.clone() name=name type="file" accept=crate::domain::files::ACCEPT required=required
                autofocus=focus aria-invalid=invalid aria-describedby=described />
        }.into_any(),
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {control}
            {has_help.then(|| view! { <p class="help" id=help_id>{def.help.clone()}</p> })}
            {move || err().map(|m| view! { <p class="field-error" id=err_id.clone()>{m}</p> })}
        </div>
    }
}
