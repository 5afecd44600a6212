//! A Jalali date field: a text input that accepts «۱۴۰۴/۰۵/۱۲» as typed (works without
//! JavaScript), and, once the page is interactive, a month calendar to pick from.

use leptos::prelude::*;

use crate::copy;
use crate::copy::digits::{persian_number, to_persian_digits};
use crate::domain::jalali::{JalaliDate, TehranDateTime, month_name_fa};

fn today() -> JalaliDate {
    #[cfg(feature = "hydrate")]
    let now = js_sys::Date::now() as i64;
    #[cfg(not(feature = "hydrate"))]
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    TehranDateTime::from_unix_millis(now).date
}

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
    let value = RwSignal::new(initial.clone());
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
    let calendar = move || {
        let (year, month) = shown.get();
        let first = JalaliDate::new(year, month, 1)?;
        let blanks = first.weekday().index();
        let days = JalaliDate::days_in_month(year, month);
        let selected = JalaliDate::parse(&value.get()).ok();
        let mut cells: Vec<AnyView> = (0..blanks)
            .map(|_| view! { <span></span> }.into_any())
            .collect();
        for day in 1..=days {
            let Some(d) = JalaliDate::new(year, month, day) else {
                continue;
            };
            let label = d.format_long_fa();
            let is_selected = selected == Some(d);
            cells.push(
                view! {
                    <button type="button" class="day" aria-label=label aria-pressed=is_selected.to_string()
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
                <div class="calendar-grid">
                    {copy::WEEKDAY_INITIALS.map(|w| view! { <span class="weekday" aria-hidden="true">{w}</span> })}
                    {cells}
                </div>
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
