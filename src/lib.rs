//! Poshtiban: the support-request desk of SAJAD.
//!
//! `domain` holds the rules (both sides), `api` the server functions and their DTOs, `server`
//! the server-only machinery, `ui` the pages and components, `app` the shell and routes.

pub mod api;
pub mod app;
pub mod copy;
pub mod domain;
pub mod error;
#[cfg(feature = "ssr")]
pub mod server;
pub mod ui;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Readable panics in development; release builds leave the formatting code out.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
