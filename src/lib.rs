//! Poshtiban: the support-request desk of SAJAD.
//!
//! The crate is built in floors, each using only the floors below it (`tests/architecture.rs`
//! keeps them true):
//!
//! 1. `copy`: every Persian text a person reads (constants and small formatters; uses nothing).
//! 2. `domain`: the rules and types, pure (no I/O), on both sides.
//! 3. `wire`: what crosses the wire between browser and server (DTOs and the one `AppError`).
//! 4. `server`: the server-only machinery, in folders by feature (ssr only).
//! 5. `api`: the server functions, thin: authenticate, authorise, call `server`.
//! 6. `ui`: pages and components, rendered on the server and hydrated in the browser.
//! 7. `app`: the shell and the routes; `web`: the HTTP composition (router, middleware, the
//!    handlers that are not server functions), ssr only.

pub mod api;
pub mod app;
pub mod copy;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod server;
pub mod ui;
#[cfg(feature = "ssr")]
pub mod web;
pub mod wire;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Readable panics in development; release builds leave the formatting code out.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
