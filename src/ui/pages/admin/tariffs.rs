//! `/admin/tariffs`: every type's tariff lines, by fiscal year, and the import of a year's table
//! from the finance office's spreadsheet; `/admin/tariffs/import/{token}`: an upload's preview,
//! each error beside its row and cell, and the confirmation that saves every row or none.
//! Plain posts without JavaScript: the upload lands on the preview's page, the confirmation on
//! the tariffs page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::AdminNav;
use crate::api::admin::tariffs::{
    ConfirmTariffImport, UploadTariffImport, all_tariffs, preview_tariff_import,
};
use crate::copy;
use crate::copy::digits::{persian_grouped, persian_number};
use crate::domain::tariff_import::FILE_FIELD;
use crate::ui::components::form::{
    FormAlert, FormError, MultipartForm, PostForm, Submission, form_error, server_action,
    shows_own_error, typed,
};
use crate::wire::{ImportErrorDto, ImportRowDto, TariffImportPreview, TypedTariffDto};

/// What the file field offers to choose.
const ACCEPT: &str = ".xlsx,.xls,.ods,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[component]
pub fn AdminTariffsPage() -> impl IntoView {
    let query = use_query_map();
    let year = move || query.with(|q| q.get("year")).unwrap_or_default();
    let imported = move || {
        query
            .with(|q| q.get("imported"))
            .and_then(|n| n.parse::<i64>().ok())
    };
    let data = Resource::new(year, |y| all_tariffs((!y.trim().is_empty()).then_some(y)));
    view! {
        <Title text=format!("{} | {}", copy::TARIFFS, copy::APP_NAME) />
        <AdminNav />
        <h1>{copy::TARIFFS_PAGE_TITLE}</h1>
        <div role="status">
            {move || imported().map(|n| view! {
                <p class="alert success">{copy::import_done(&persian_grouped(n))}</p>
            })}
        </div>
        <section class="card" aria-labelledby="all-tariffs-title">
            <h2 id="all-tariffs-title">{copy::TARIFFS}</h2>
            <p class="muted">{copy::TARIFFS_PAGE_HELP}</p>
            <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <p class="alert error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(o) => {
                            let none = if o.year.is_some() {
                                copy::TARIFFS_NONE_IN_YEAR
                            } else {
                                copy::TARIFFS_NONE_AT_ALL
                            };
                            view! {
                                <YearFilter years=o.years year=o.year />
                                {if o.lines.is_empty() {
                                    view! { <p>{none}</p> }.into_any()
                                } else {
                                    view! { <AllTariffsTable lines=o.lines /> }.into_any()
                                }}
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
        <ImportForm />
    }
}

/// Which fiscal year to show: a plain GET form, so it works without JavaScript.
#[component]
fn YearFilter(years: Vec<(i32, String)>, year: Option<i32>) -> impl IntoView {
    view! {
        <form method="get" action="/admin/tariffs" class="year-filter" aria-label=copy::TARIFF_FILTER_TITLE>
            <div class="field">
                <label for="tariff-year-filter">{copy::TARIFF_YEAR}</label>
                <select id="tariff-year-filter" name="year">
                    <option value="" selected=year.is_none()>{copy::TARIFF_YEARS_ALL}</option>
                    {years.into_iter().map(|(y, shown)| view! {
                        <option value=y.to_string() selected=year == Some(y)>{shown}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button secondary">{copy::TARIFF_FILTER}</button>
        </form>
    }
}

/// Every line, a row each (cards on a phone), its type linking to the type's page.
#[component]
fn AllTariffsTable(lines: Vec<TypedTariffDto>) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=copy::TARIFFS_ALL_TABLE>
            <table class="table stack tariffs all-tariffs">
                <thead>
                    <tr>
                        <th scope="col">{copy::TARIFF_TYPE}</th>
                        <th scope="col">{copy::TARIFF_YEAR}</th>
                        <th scope="col">{copy::TARIFF_KIND}</th>
                        <th scope="col">{copy::TARIFF_FROM}</th>
                        <th scope="col">{copy::TARIFF_AMOUNT}</th>
                        <th scope="col">{copy::TARIFF_SOURCE}</th>
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().map(|l| {
                        let t = l.line;
                        view! {
                            <tr class:in-force=t.in_force>
                                <td data-label=copy::TARIFF_TYPE>
                                    <a href=format!("/admin/types/{}", l.type_id)>{l.type_title}</a>
                                </td>
                                <td data-label=copy::TARIFF_YEAR>{t.fiscal_year}</td>
                                <td data-label=copy::TARIFF_KIND>
                                    {t.kind_label}
                                    {t.in_force.then(|| view! { " "<span class="badge initial">{copy::TARIFF_IN_FORCE}</span> })}
                                </td>
                                <td data-label=copy::TARIFF_FROM><bdi>{t.effective_from}</bdi></td>
                                <td data-label=copy::TARIFF_AMOUNT class="amount">
                                    <span>
                                        <span class="nowrap"><bdi>{t.amount_figure}</bdi></span>
                                        <span class="muted small">" ("<bdi>{t.amount_tomans}</bdi>")"</span>
                                        <span class="amount-words small">{t.amount_words}</span>
                                    </span>
                                </td>
                                <td data-label=copy::TARIFF_SOURCE>{t.source}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The upload: the year and the file. With JavaScript it goes to the preview without leaving
/// the app; without, the server's answer is the preview's page.
#[component]
fn ImportForm() -> impl IntoView {
    let upload = Submission::<UploadTariffImport>::new();
    let error = upload.error();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(token)) = upload.value.get() {
            navigate(
                &format!("/admin/tariffs/import/{token}"),
                Default::default(),
            );
        }
    });
    view! {
        <section class="card" aria-labelledby="import-title">
            <h2 id="import-title">{copy::IMPORT_TITLE}</h2>
            <p class="muted">{copy::IMPORT_HELP}</p>
            <MultipartForm submission=upload>
                <FormAlert error=error />
                <YearField error=error />
                <FileField error=error />
                <button type="submit" class="button">{copy::IMPORT_UPLOAD}</button>
            </MultipartForm>
        </section>
    }
}

/// The message of `error` when it is about the form field `name`.
fn error_of(error: FormError, name: &'static str) -> impl Fn() -> Option<String> + Copy {
    move || {
        error
            .get()
            .filter(|e| e.field() == Some(name))
            .map(|e| e.to_string())
    }
}

/// The fiscal year of the table, this year's to start with.
#[component]
fn YearField(error: FormError) -> impl IntoView {
    let err = error_of(error, "fiscal_year");
    shows_own_error("fiscal_year");
    let this_year = persian_number(i64::from(
        crate::ui::components::jalali_picker::today().year,
    ));
    let described = move || {
        Some(if err().is_some() {
            "import-year-help import-year-error"
        } else {
            "import-year-help"
        })
    };
    view! {
        <div class="field">
            <label for="import-year">{copy::IMPORT_YEAR}</label>
            <input id="import-year" name="fiscal_year" type="text" inputmode="numeric" dir="ltr"
                maxlength="4" required=true autofocus=err().is_some()
                value=typed("fiscal_year").unwrap_or(this_year)
                aria-invalid=move || err().is_some().then_some("true")
                aria-describedby=described />
            <p class="help" id="import-year-help">{copy::IMPORT_YEAR_HELP}</p>
            {move || err().map(|m| view! { <p class="field-error" id="import-year-error">{m}</p> })}
        </div>
    }
}

/// The spreadsheet file; a refused file is named beside it.
#[component]
fn FileField(error: FormError) -> impl IntoView {
    let err = error_of(error, FILE_FIELD);
    shows_own_error(FILE_FIELD);
    let described = move || {
        Some(if err().is_some() {
            "import-file-help import-file-error"
        } else {
            "import-file-help"
        })
    };
    view! {
        <div class="field">
            <label for="import-file">{copy::IMPORT_FILE}</label>
            <input id="import-file" name=FILE_FIELD type="file" accept=ACCEPT required=true
                autofocus=err().is_some()
                aria-invalid=move || err().is_some().then_some("true")
                aria-describedby=described />
            <p class="help" id="import-file-help">{copy::IMPORT_FILE_HELP}</p>
            {move || err().map(|m| view! { <p class="field-error" id="import-file-error">{m}</p> })}
        </div>
    }
}

/// `/admin/tariffs/import/{token}`: the preview of an upload, and its confirmation.
#[component]
pub fn TariffImportPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let confirm = server_action::<ConfirmTariffImport>();
    let error = form_error(confirm);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(page)) = confirm.value().get() {
            navigate(&page, Default::default());
        }
    });
    // Checked afresh after a refused confirmation: a line stored meanwhile is marked.
    let data = Resource::new(
        move || (token(), confirm.version().get()),
        |(t, _)| preview_tariff_import(t),
    );
    view! {
        <Title text=format!("{} | {}", copy::IMPORT_PREVIEW_TITLE, copy::APP_NAME) />
        <AdminNav />
        <h1>{copy::IMPORT_PREVIEW_TITLE}</h1>
        <FormAlert error=error />
        <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! {
                        <p class="alert error" role="alert">{e.to_string()}</p>
                        <p><a href="/admin/tariffs">{copy::IMPORT_ANOTHER}</a></p>
                    }.into_any(),
                    Ok(p) => view! { <Preview p=p confirm=confirm /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Preview(p: TariffImportPreview, confirm: ServerAction<ConfirmTariffImport>) -> impl IntoView {
    let can_confirm = !p.confirmed && p.with_errors == 0 && p.total > 0;
    let note = if p.confirmed {
        copy::IMPORT_ALREADY_DONE
    } else if p.with_errors > 0 {
        copy::IMPORT_BLOCKED
    } else {
        copy::IMPORT_NOTHING_SAVED
    };
    let total = persian_grouped(p.total as i64);
    let note_class = if p.with_errors > 0 {
        "alert error"
    } else {
        "muted"
    };
    view! {
        <section class="card import-preview" aria-labelledby="import-file-title">
            <h2 id="import-file-title"><bdi>{copy::import_file_for_year(&p.file_name, &p.fiscal_year_fa)}</bdi></h2>
            <p class="import-summary"><strong>{p.summary}</strong></p>
            <p class=note_class>{note}</p>
            <ImportRows rows=p.rows />
            {can_confirm.then(|| view! {
                <PostForm action=confirm>
                    <input type="hidden" name="token" value=p.token.clone() />
                    <button type="submit" class="button">{copy::import_confirm(&total)}</button>
                </PostForm>
            })}
            <p class="actions">
                <a href="/admin/tariffs">{if p.confirmed { copy::IMPORT_TO_TARIFFS } else { copy::IMPORT_ANOTHER }}</a>
            </p>
        </section>
    }
}

/// The messages of a row's errors about any of `fields`.
fn errors_for(errors: &[ImportErrorDto], fields: &[&str]) -> Vec<String> {
    errors
        .iter()
        .filter(|e| fields.contains(&e.field.as_str()))
        .map(|e| e.message.clone())
        .collect()
}

/// One cell: what was read, and its errors beneath it.
#[component]
fn ImportCell(
    label: &'static str,
    value: String,
    #[prop(optional)] words: Option<String>,
    errors: Vec<String>,
) -> impl IntoView {
    let bad = !errors.is_empty();
    view! {
        <td data-label=label class:cell-bad=bad>
            <span>
                <bdi>{value}</bdi>
                {words.filter(|w| !w.is_empty()).map(|w| view! { <span class="amount-words small">{w}</span> })}
                {errors.into_iter().map(|m| view! { <span class="cell-error">{m}</span> }).collect_view()}
            </span>
        </td>
    }
}

/// The rows of the file, a row each (cards on a phone), errors beside their cells.
#[component]
fn ImportRows(rows: Vec<ImportRowDto>) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=copy::IMPORT_ROWS_TABLE>
            <table class="table stack tariffs import-rows">
                <thead>
                    <tr>
                        <th scope="col">{copy::IMPORT_ROW}</th>
                        <th scope="col">{copy::TARIFF_TYPE}</th>
                        <th scope="col">{copy::TARIFF_KIND}</th>
                        <th scope="col">{copy::TARIFF_FROM}</th>
                        <th scope="col">{copy::TARIFF_AMOUNT}</th>
                        <th scope="col">{copy::TARIFF_SOURCE}</th>
                        <th scope="col">{copy::IMPORT_STATUS}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let bad = !r.errors.is_empty();
                        let e = |fields: &[&str]| errors_for(&r.errors, fields);
                        view! {
                            <tr class:row-bad=bad data-line=r.line.to_string()>
                                <th scope="row">{copy::IMPORT_ROW}" "{r.line_fa.clone()}</th>
                                <ImportCell label=copy::TARIFF_TYPE value=r.type_text.clone() errors=e(&["type"]) />
                                <ImportCell label=copy::TARIFF_KIND value=r.kind_text.clone() errors=e(&["applicant_kind"]) />
                                <ImportCell label=copy::TARIFF_FROM value=r.from_text.clone() errors=e(&["effective_from"]) />
                                <ImportCell label=copy::TARIFF_AMOUNT value=r.amount_figure.clone()
                                    words=r.amount_words.clone() errors=e(&["amount", "unit"]) />
                                <ImportCell label=copy::TARIFF_SOURCE value=r.source.clone() errors=e(&["source"]) />
                                <td data-label=copy::IMPORT_STATUS>
                                    {if bad {
                                        view! { <span class="badge row-bad-badge">{copy::IMPORT_ROW_BAD}</span> }.into_any()
                                    } else {
                                        view! { <span class="badge initial">{copy::IMPORT_ROW_OK}</span> }.into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
