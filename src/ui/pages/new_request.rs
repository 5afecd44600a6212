use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::requests::{CreateRequest, request_types};
use crate::ui::components::form::{FormAlert, PostForm, TextArea, TextField, form_error};
use crate::ui::components::layout::use_me;
use crate::ui::text;

#[component]
pub fn NewRequestPage() -> impl IntoView {
    let create = ServerAction::<CreateRequest>::new();
    let error = form_error(create);
    let me = use_me();
    let types = Resource::new(|| (), |_| request_types());
    let navigate = use_navigate();
    // A follow-up of an earlier request (offered once that one can no longer be reopened).
    let related = use_query_map().with_untracked(|q| q.get("related").filter(|c| !c.is_empty()));
    Effect::new(move |_| {
        if let Some(Ok(code)) = create.value().get() {
            navigate(&format!("/requests/{code}?new=1"), Default::default());
        }
    });
    let type_error = move || {
        error
            .get()
            .filter(|e| e.field() == Some("type_id"))
            .map(|e| e.to_string())
    };
    view! {
        <Title text=format!("{} | {}", text::NEW_REQUEST_TITLE, text::APP_NAME) />
        <section class="card narrow">
            <h1>{text::NEW_REQUEST_TITLE}</h1>
            <PostForm action=create>
                <FormAlert error=error />
                {related.map(|c| view! {
                    <input type="hidden" name="related" value=c.clone() />
                    <p class="muted">{text::RELATED_TO} " " <span dir="ltr" class="code">{crate::ui::components::tracking_display(&c)}</span></p>
                })}
                <Suspense fallback=|| view! { <p class="muted">{text::LOADING}</p> }>
                    {move || Suspend::new(async move {
                        let kind = me.await.ok().flatten().and_then(|m| m.applicant_kind);
                        let options = types.await.unwrap_or_default().into_iter()
                            .filter(|t| kind.is_none_or(|k| t.applicant_kinds.contains(&k)))
                            .map(|t| view! {
                                <option value=t.id.to_string()>
                                    {format!("{} ({})", t.title, text::working_days(t.initial_result_days))}
                                </option>
                            })
                            .collect_view();
                        view! {
                            <div class="field">
                                <label for="type_id">{text::FIELD_TYPE}</label>
                                <select id="type_id" name="type_id" required=true
                                    aria-invalid=move || type_error().is_some().then_some("true")
                                    aria-describedby=move || type_error().map(|_| "type_id-error")>
                                    <option value="">{text::FIELD_TYPE_CHOOSE}</option>
                                    {options}
                                </select>
                                {move || type_error().map(|m| view! { <p class="field-error" id="type_id-error">{m}</p> })}
                            </div>
                        }
                    })}
                </Suspense>
                <TextField name="subject" label=text::FIELD_SUBJECT error=error maxlength=150 minlength=5 />
                <TextArea name="description" label=text::FIELD_DESCRIPTION error=error
                    help=text::FIELD_DESCRIPTION_HELP rows=8 minlength=10 />
                <button type="submit" class="button wide">{text::NEW_REQUEST_SUBMIT}</button>
            </PostForm>
        </section>
    }
}
