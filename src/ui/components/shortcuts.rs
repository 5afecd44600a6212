//! Keyboard shortcuts for staff, read from the physical key (`KeyboardEvent.code`), so they work
//! the same with the Persian layout on: «ت» is the key of `j`. «?» (Shift and the key of `/`)
//! opens their list; Escape closes it. They exist only once the page runs, and the hint is shown
//! only to a fine pointer with hover (a desktop), never on a phone.

use leptos::prelude::*;

use crate::copy;

/// Which page's shortcuts are listed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    Queue,
    Request,
}

impl Keys {
    fn list(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Keys::Queue => copy::SHORTCUTS_QUEUE,
            Keys::Request => copy::SHORTCUTS_REQUEST,
        }
    }
}

/// The physical key of an event as the shortcut it stands for: `j`, `k`, `x`, `r`, `/`, `?`, or
/// `Escape`; `None` for anything else (or with Ctrl, Alt or Meta held).
pub fn shortcut_of(code: &str, shift: bool, ctrl_alt_meta: bool) -> Option<&'static str> {
    if ctrl_alt_meta {
        return None;
    }
    Some(match (code, shift) {
        ("KeyJ", false) => "j",
        ("KeyK", false) => "k",
        ("KeyX", false) => "x",
        ("KeyR", false) => "r",
        ("Slash", false) => "/",
        ("Slash", true) => "?",
        ("Escape", _) => "Escape",
        _ => return None,
    })
}

/// The list of shortcuts (opened by «?») and, on a desktop, the hint that it exists.
#[component]
pub fn Shortcuts(keys: Keys) -> impl IntoView {
    let open = RwSignal::new(false);
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    listen(keys, open);
    view! {
        {move || interactive.get().then(|| view! {
            <p class="muted shortcut-hint">{copy::SHORTCUTS_HINT}</p>
        })}
        {move || open.get().then(|| view! {
            <div class="card shortcut-help" role="dialog" aria-modal="false" aria-labelledby="shortcut-title">
                <h2 id="shortcut-title">{copy::SHORTCUTS_TITLE}</h2>
                <dl class="shortcut-list">
                    {keys.list().iter().map(|(key, what)| view! {
                        <div><dt><kbd>{*key}</kbd></dt><dd>{*what}</dd></div>
                    }).collect_view()}
                </dl>
                <button type="button" class="button small" on:click=move |_| open.set(false)>
                    {copy::CLOSE}
                </button>
            </div>
        })}
    }
}

/// Listens for the page's shortcuts while it is shown.
fn listen(keys: Keys, open: RwSignal<bool>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            let Some(key) = shortcut_of(
                &ev.code(),
                ev.shift_key(),
                ev.ctrl_key() || ev.alt_key() || ev.meta_key(),
            ) else {
                return;
            };
            let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            let active = doc.active_element();
            let typing = active.as_ref().is_some_and(|a| {
                matches!(a.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    || a.has_attribute("contenteditable")
            });
            if key == "Escape" {
                open.set(false);
                return;
            }
            if typing {
                return;
            }
            let focus = |selector: &str| {
                if let Some(el) = doc
                    .query_selector(selector)
                    .ok()
                    .flatten()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = el.focus();
                }
            };
            match (key, keys) {
                ("?", _) => {
                    ev.prevent_default();
                    open.update(|o| *o = !*o);
                }
                ("/", Keys::Queue) => {
                    ev.prevent_default();
                    focus("input[name=q]");
                }
                ("r", Keys::Request) => {
                    ev.prevent_default();
                    focus("textarea[name=body]");
                }
                ("j" | "k" | "x", Keys::Queue) => {
                    ev.prevent_default();
                    queue_move(&doc, key);
                }
                _ => {}
            }
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (keys, open);
}

/// `j`/`k` move the focus to the next or previous request of the queue, `x` ticks the one in
/// focus.
#[cfg(feature = "hydrate")]
fn queue_move(doc: &web_sys::Document, key: &str) {
    use wasm_bindgen::JsCast;
    let Ok(links) = doc.query_selector_all("table.queue-table a.subject") else {
        return;
    };
    let active = doc.active_element();
    let index = (0..links.length()).find(|i| {
        matches!((links.item(*i), active.as_ref()), (Some(n), Some(a)) if n.is_same_node(Some(a.as_ref())))
    });
    let focus = |i: u32| {
        if let Some(el) = links
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    };
    let last = links.length().saturating_sub(1);
    match key {
        "j" => focus(index.map_or(0, |i| (i + 1).min(last))),
        "k" => focus(index.map_or(0, |i| i.saturating_sub(1))),
        "x" => {
            if let Some(tick) = active
                .and_then(|a| a.closest("tr").ok().flatten())
                .and_then(|li| li.query_selector("input[type=checkbox]").ok().flatten())
                .and_then(|c| c.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                tick.set_checked(!tick.checked());
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::shortcut_of;

    #[test]
    fn shortcuts_follow_the_physical_key_whatever_the_layout() {
        // The key of `j` types «ت» with the Persian layout on; its code is still `KeyJ`.
        assert_eq!(shortcut_of("KeyJ", false, false), Some("j"));
        assert_eq!(shortcut_of("Slash", true, false), Some("?"));
        assert_eq!(shortcut_of("Slash", false, false), Some("/"));
        assert_eq!(
            shortcut_of("KeyJ", false, true),
            None,
            "Ctrl+J is the browser's"
        );
        assert_eq!(shortcut_of("KeyQ", false, false), None);
    }
}
