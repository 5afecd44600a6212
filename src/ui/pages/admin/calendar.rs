//! `/admin/calendar`: the working calendar the SLA clocks count on.

use leptos::prelude::*;
use leptos_meta::Title;

use super::AdminNav;
use crate::api::admin::calendar::{AddClosure, RemoveClosure, SetWeekdayHours, calendar};
use crate::api::staff::load_staff_directory;
use crate::copy;
use crate::copy::digits::to_persian_digits;
use crate::ui::components::form::{FormAlert, PostForm, form_error, server_action};
use crate::ui::components::jalali_picker::JalaliDateInput;

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
                let groups = directory.await.unwrap_or_default().groups;
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
                                                    maxlength="5" size="5" value=to_persian_digits(&d.start) />
                                            </div>
                                            <div class="field">
                                                <label for=end_id.clone()>{copy::HOURS_TO}</label>
                                                <input id=end_id name="end" type="text" inputmode="numeric" dir="ltr"
                                                    maxlength="5" size="5" value=to_persian_digits(&d.end) />
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
