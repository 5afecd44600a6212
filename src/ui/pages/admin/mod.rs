//! Administration pages, one file per route: `/admin/types` (`types`), `/admin/types/{id}`
//! (`type_detail`: fields, documents, SLA policy), `/admin/groups`, `/admin/calendar` and
//! `/admin/staff`, and `/admin/tariffs` (`tariffs`: every type's tariffs, and a year's table
//! imported from a spreadsheet), and `/admin/calls` (`calls`). Every form is a plain post that works without JavaScript.

pub mod calendar;
pub mod calls;
pub mod groups;
pub mod staff;
pub mod tariffs;
pub mod type_detail;
pub mod types;

use leptos::prelude::*;

use crate::copy;

#[component]
pub fn AdminNav() -> impl IntoView {
    view! {
        <nav class="admin-nav" aria-label=copy::ADMIN_NAV>
            <a href="/admin/types">{copy::ADMIN_TYPES}</a>
            <a href="/admin/groups">{copy::ADMIN_GROUPS}</a>
            <a href="/admin/calendar">{copy::ADMIN_CALENDAR}</a>
            <a href="/admin/staff">{copy::ADMIN_STAFF}</a>
            <a href="/admin/tariffs">{copy::TARIFFS}</a>
            <a href="/admin/calls">{copy::CALLS_TITLE}</a>
        </nav>
    }
}
