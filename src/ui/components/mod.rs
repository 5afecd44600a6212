//! Building blocks shared by the pages.

pub mod dispute;
pub mod draft;
pub mod form;
pub mod intake;
pub mod jalali_picker;
pub mod layout;
pub mod payment;
pub mod request_view;
pub mod shortcuts;
pub mod staff_panel;

use leptos::prelude::*;

use crate::copy::digits::to_persian_digits;
use crate::domain::jalali::{TehranDateTime, unix_millis_to_iso_utc};
use crate::domain::request_status::RequestStatus;
use crate::domain::tracking;

/// An instant as a Jalali date and Tehran time, with a machine-readable `datetime`.
#[component]
pub fn JalaliTime(ms: i64) -> impl IntoView {
    let label = TehranDateTime::from_unix_millis(ms).format_fa();
    view! { <time datetime=unix_millis_to_iso_utc(ms)>{label}</time> }
}

/// A status as a coloured label; `applicant` chooses the applicant's wording.
#[component]
pub fn StatusBadge(status: RequestStatus, #[prop(optional)] applicant: bool) -> impl IntoView {
    let label = if applicant {
        status.applicant_label_fa()
    } else {
        status.label_fa()
    };
    view! { <span class=format!("badge status-{}", status.as_str())>{label}</span> }
}

/// Where an SLA clock stands, as a coloured label with the working time left or overdue.
#[component]
pub fn SlaBadge(clock: crate::wire::ClockView) -> impl IntoView {
    use crate::domain::sla::{ClockState, format_working_minutes_fa};
    let left = |m: i64| format_working_minutes_fa(m, clock.day_minutes);
    let label = match (clock.state, clock.remaining_min) {
        (ClockState::Breached, Some(m)) => format!("{}: {}", crate::copy::SLA_OVERDUE, left(m)),
        (ClockState::Running | ClockState::AtRisk, Some(m)) => {
            format!("{}: {}", crate::copy::SLA_LEFT, left(m))
        }
        (state, _) => state.label_fa().to_string(),
    };
    view! { <span class=format!("badge sla-{}", clock.state.as_str())>{label}</span> }
}

/// A tracking code grouped for reading, in Persian digits, kept left-to-right.
pub fn tracking_display(code: &str) -> String {
    tracking::parse(code)
        .map(|c| c.display_fa())
        .unwrap_or_else(|_| to_persian_digits(code))
}

/// A table that scrolls sideways on a phone (focusable, so keyboards can scroll it too).
#[component]
pub fn Wide(#[prop(into)] label: String, children: Children) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=format!("{label} {}", crate::copy::SLA_TABLE_SUFFIX)>
            {children()}
        </div>
    }
}
