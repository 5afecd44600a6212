//! Pages and components, rendered on the server and hydrated in the browser.

pub mod components;
pub mod live;
pub mod pages;

/// Leaves the single-page app for a full page load (after the session changed).
pub fn hard_navigate(url: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(url);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = url;
}
