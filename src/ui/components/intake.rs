//! Whether a service takes requests now, as the applicant (or visitor) asking sees it: open
//! until when (with a countdown in a call's last days), when it opens next, or why not.

use leptos::prelude::*;

use super::JalaliTime;
use crate::copy;
use crate::copy::digits::persian_number;
use crate::domain::call::IntakeStatus;
use crate::wire::IntakeDto;

/// The intake line of a type. `always_too` also says so when the type is always open (the
/// type's own page); lists leave that out.
#[component]
pub fn IntakeNote(intake: IntakeDto, #[prop(optional)] always_too: bool) -> impl IntoView {
    let title = intake
        .call_title
        .clone()
        .map(|t| view! { <span class="call-title">{t}</span> });
    match intake.status {
        IntakeStatus::Always => always_too
            .then(|| view! { <p class="intake open">{copy::CALL_ALWAYS_OPEN}</p> })
            .into_any(),
        IntakeStatus::Open {
            closes_at,
            days_left,
            places_left,
            ..
        } => view! {
            <div class="intake open">
                <p>{copy::CALL_OPEN_UNTIL} " " <JalaliTime ms=closes_at /> {title.map(|t| view! { " — " {t} })}</p>
                {days_left.map(|d| view! {
                    <p class="countdown"><strong>{copy::call_days_left(&persian_number(d))}</strong></p>
                })}
                {places_left.map(|n| view! { <p class="muted">{copy::CALL_CAPACITY} ": " {copy::call_places_left(&persian_number(n))}</p> })}
            </div>
        }
        .into_any(),
        IntakeStatus::Upcoming { opens_at, .. } => view! {
            <div class="intake closed">
                <p>{copy::CALL_OPENS_AT} " " <JalaliTime ms=opens_at /> {title.map(|t| view! { " — " {t} })}</p>
            </div>
        }
        .into_any(),
        IntakeStatus::NonePlanned => {
            view! { <p class="intake closed">{copy::CALL_NONE_PLANNED}</p> }.into_any()
        }
        IntakeStatus::NotForKind => {
            view! { <p class="intake closed">{copy::ERR_CALL_NOT_FOR_KIND}</p> }.into_any()
        }
        IntakeStatus::Full => {
            view! { <p class="intake closed">{copy::ERR_CALL_FULL}</p> }.into_any()
        }
    }
}
