//! A Jalali date field: a text input that accepts «۱۴۰۴/۰۵/۱۲» as typed (works without
//! JavaScript), and, once the page is interactive, a month calendar to pick from.

use leptos::prelude::*;

use crate::copy;
use crate::copy::digits::{persian_number, to_persian_digits};
use crate::domain::jalali::{JalaliDate, TehranDateTime, month_name_fa};

/// Today in Tehran (the browser's clock in the browser, the server's on the server).
pub fn today() -> JalaliDate {
    #[cfg(feature = "hydrate")]
    let now = js_sys::Date::now() as i64;
    #[cfg(not(feature = "hydrate"))]
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    TehranDateTime::from_unix_millis(now).date
}

/// How far the year list of the calendar reaches back (birth dates, graduation) and ahead.
const YEARS_BACK: i32 = 100;
const YEARS_AHEAD: i32 = 5;

/// The month shown, moved by `delta` months.
fn shift(year: i32, month: u8, delta: i32) -> (i32, u8) {
    let index = year * 12 + i32::from(month) - 1 + delta;
    (index.div_euclid(12), (index.rem_euclid(12) + 1) as u8)
}

#[component]
pub fn JalaliDateInput(
    id: String,
    name: String,
    required: bool,
    #[prop(optional, into)] described_by: Signal<Option<String>>,
    /// `"true"` while the field holds a refused date.
    #[prop(optional, into)]
    invalid: Signal<Option<&'static str>>,
    #[prop(optional)] autofocus: bool,
    /// What the field starts with (a date typed before a failed post).
    #[prop(optional)]
    initial: String,
) -> impl IntoView {
    // What the field holds when the app takes over (typed while the script loaded), if any.
    let value = RwSignal::new(
        crate::ui::components::form::value_before_start(&id).unwrap_or_else(|| initial.clone()),
    );
    let open = RwSignal::new(false);
    // The calendar button exists only once the page runs (effects never run on the server).
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    let start = today();
    let shown = RwSignal::new((start.year, start.month));
    let cal_id = format!("{id}-calendar");
    let cal_id2 = cal_id.clone();
    let pick = move |d: JalaliDate| {
        value.set(to_persian_digits(&d.to_string()));
        open.set(false);
    };
    // The official holidays of the year shown, fetched once the calendar is open.
    let holidays = LocalResource::new(move || {
        let year = shown.get().0;
        let wanted = open.get();
        async move {
            if !wanted {
                return Vec::new();
            }
            crate::api::sla::official_holidays(year)
                .await
                .unwrap_or_default()
        }
    });
    let calendar = move || {
        let (year, month) = shown.get();
        let first = JalaliDate::new(year, month, 1)?;
        let blanks = first.weekday().index();
        let days = JalaliDate::days_in_month(year, month);
        let selected = JalaliDate::parse(&value.get()).ok();
        let off: Vec<(String, String)> = holidays.get().unwrap_or_default();
        let mut cells: Vec<AnyView> = (0..blanks)
            .map(|_| view! { <span></span> }.into_any())
            .collect();
        for day in 1..=days {
            let Some(d) = JalaliDate::new(year, month, day) else {
                continue;
            };
            let holiday = off
                .iter()
                .find(|(date, _)| JalaliDate::parse(date).ok() == Some(d))
                .map(|(_, reason)| reason.clone());
            let is_today = d == start;
            let friday = d.weekday().index() == 6;
            let label = copy::calendar_day_label(&d.format_long_fa(), is_today, holiday.as_deref());
            let is_selected = selected == Some(d);
            cells.push(
                view! {
                    <button type="button" class="day" aria-label=label aria-pressed=is_selected.to_string()
                        class:today=is_today class:holiday=holiday.is_some() || friday
                        aria-current=is_today.then_some("date")
                        title=holiday.clone()
                        on:click=move |_| pick(d)>
                        {persian_number(i64::from(day))}
                    </button>
                }
                .into_any(),
            );
        }
        let title = format!(
            "{} {}",
            month_name_fa(month).unwrap_or(""),
            persian_number(i64::from(year))
        );
        let group_label = title.clone();
        let year_id = format!("{}-year", cal_id2);
        let month_id = format!("{}-month", cal_id2);
        Some(view! {
            <div class="calendar" id=cal_id2.clone() role="group" aria-label=group_label>
                <div class="calendar-head">
                    <button type="button" class="button small" on:click=move |_| shown.update(|(y, m)| (*y, *m) = shift(*y, *m, -1))>
                        {copy::PREV_MONTH}
                    </button>
                    <strong aria-live="polite">{title}</strong>
                    <button type="button" class="button small" on:click=move |_| shown.update(|(y, m)| (*y, *m) = shift(*y, *m, 1))>
                        {copy::NEXT_MONTH}
                    </button>
                </div>
                <div class="calendar-jump">
                    <label for=month_id.clone() class="visually-hidden">{copy::MONTH}</label>
                    <select id=month_id on:change:target=move |ev| {
                        if let Ok(m) = ev.target().value().parse::<u8>() {
                            shown.update(|(_, old)| *old = m);
                        }
                    }>
                        {(1..=12u8).map(|m| view! {
                            <option value=m.to_string() selected=m == month>{month_name_fa(m).unwrap_or("")}</option>
                        }).collect_view()}
                    </select>
                    <label for=year_id.clone() class="visually-hidden">{copy::YEAR}</label>
                    <select id=year_id on:change:target=move |ev| {
                        if let Ok(y) = ev.target().value().parse::<i32>() {
                            shown.update(|(old, _)| *old = y);
                        }
                    }>
                        {(start.year - YEARS_BACK..=start.year + YEARS_AHEAD).rev().map(|y| view! {
                            <option value=y.to_string() selected=y == year>{persian_number(i64::from(y))}</option>
                        }).collect_view()}
                    </select>
                    <button type="button" class="button small" on:click=move |_| shown.set((start.year, start.month))>
                        {copy::TODAY}
                    </button>
                </div>
                <div class="calendar-grid">
                    {copy::WEEKDAY_INITIALS.map(|w| view! { <span class="weekday" aria-hidden="true">{w}</span> })}
                    {cells}
                </div>
                <p class="calendar-legend">
                    <span class="swatch today" aria-hidden="true"></span>{copy::TODAY}
                    <span class="swatch holiday" aria-hidden="true"></span>{copy::HOLIDAY}
                </p>
            </div>
        })
    };
    view! {
        <div class="date-input">
            <input
                id=id
                name=name
                type="text"
                inputmode="numeric"
                dir="ltr"
                autocomplete="off"
                placeholder=copy::date_placeholder(start.year)
                required=required
                autofocus=autofocus
                aria-invalid=move || invalid.get()
                aria-describedby=move || described_by.get()
                value=initial
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
            />
            {move || interactive.get().then(|| view! {
                <button type="button" class="button small" aria-expanded=move || open.get().to_string()
                    aria-controls=cal_id.clone() on:click=move |_| open.update(|o| *o = !*o)>
                    {copy::PICK_DATE}
                </button>
            })}
            {move || if open.get() { calendar() } else { None }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::shift;

    #[test]
    fn months_wrap_across_years() {
        assert_eq!(shift(1404, 12, 1), (1405, 1));
        assert_eq!(shift(1404, 1, -1), (1403, 12));
        assert_eq!(shift(1404, 6, 0), (1404, 6));
    }
}
