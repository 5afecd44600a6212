//! Pages and components, rendered on the server and hydrated in the browser.

pub mod components;
pub mod live;
pub mod pages;

/// Whether this build has the staff and admin pages: false in the applicants' WASM bundle
/// (feature `applicant-bundle`), where shared components leave their staff parts out, so the
/// compiler drops that code. The server and the staff bundle have everything.
pub const STAFF_PAGES: bool = !cfg!(feature = "applicant-bundle");

/// Leaves the single-page app for a full page load (after the session changed).
pub fn hard_navigate(url: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(url);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = url;
}
