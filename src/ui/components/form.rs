//! Form fields with their labels, help and errors wired for screen readers.

use leptos::prelude::*;

use leptos::server_fn::ServerFn;

use crate::api::FromFormFields;
use crate::ui::components::draft::{DraftNotice, keep_draft};
use crate::wire::{AppError, FileLimits, FormEcho};

/// The outcome of the plain form post (no JavaScript) that led to this page: the server
/// function's path and its error as the framework encodes it. The server reads it from its
/// store (see `server::auth::flash`), never from the page's address, and hands it to the browser with
/// the page, so both render the same error.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FlashedError {
    pub action_path: String,
    /// Empty when the post did not fail but only asked for its form back (a canned response
    /// inserted without JavaScript).
    pub error: String,
    pub echo: FormEcho,
}

type Held<T> = std::sync::Arc<std::sync::Mutex<Option<T>>>;

/// The flashed error and form of this page load, for the forms of their server function. They
/// are read, not taken: the server may render a page's suspended part twice. A page reached
/// later by navigating in the browser starts clean ([`forget_flash_on_navigation`]).
#[derive(Clone, Default)]
struct FlashSlot {
    error: Held<(String, String)>,
    echo: Held<(String, FormEcho)>,
}

/// Makes the flashed outcome of this page load available to its forms; called once, by the app.
pub fn provide_flash() {
    let flashed = leptos::server::SharedValue::new(use_context::<FlashedError>).into_inner();
    let (error, echo) = match flashed {
        Some(f) => (
            (!f.error.is_empty()).then(|| (f.action_path.clone(), f.error)),
            Some((f.action_path, f.echo)),
        ),
        None => (None, None),
    };
    // A plain post that succeeded comes back with its confirmation.
    let confirmed = match (&error, &echo) {
        (None, Some((path, _))) => crate::copy::confirmation(path),
        _ => None,
    };
    provide_context(Confirmation(RwSignal::new(confirmed)));
    // The server's limits on files, for file fields to check before anything is sent.
    let limits =
        leptos::server::SharedValue::new(|| use_context::<FileLimits>().unwrap_or_default())
            .into_inner();
    provide_context(limits);
    provide_context(FlashSlot {
        error: std::sync::Arc::new(std::sync::Mutex::new(error)),
        echo: std::sync::Arc::new(std::sync::Mutex::new(echo)),
    });
}

/// The confirmation of the last action that succeeded on this page, shown at the top of the
/// page in a status region (see [`ConfirmationNotice`]).
#[derive(Clone, Copy)]
pub struct Confirmation(pub RwSignal<Option<&'static str>>);

/// Says «done» for the server function at `path` once a submission of it succeeded (with
/// JavaScript; without, the page it returns to says it: see `provide_flash`).
fn confirm_on_success(path: &'static str, version: Signal<usize>, ok: Signal<bool>) {
    let Some(Confirmation(said)) = use_context::<Confirmation>() else {
        return;
    };
    let Some(message) = crate::copy::confirmation(path) else {
        return;
    };
    Effect::new(move |before: Option<usize>| {
        let now = version.get();
        if before.is_some_and(|b| b != now) && ok.get_untracked() {
            said.set(Some(message));
        }
        now
    });
}

/// The status region that says an action succeeded.
#[component]
pub fn ConfirmationNotice() -> impl IntoView {
    let said = use_context::<Confirmation>().map(|c| c.0);
    view! {
        <div role="status" class="confirmation-slot">
            {move || said.and_then(|s| s.get()).map(|m| view! { <p class="alert success">{m}</p> })}
        </div>
    }
}

/// What `held` keeps for the server function at `path`, if anything.
fn held_for<T: Clone>(held: &Held<(String, T)>, path: &str) -> Option<T> {
    let held = held.lock().ok()?;
    held.as_ref()
        .filter(|(p, _)| p == path)
        .map(|(_, v)| v.clone())
}

/// The flashed error, if it belongs to the server function at `path`.
fn take_flashed(path: &str) -> Option<AppError> {
    let slot = use_context::<FlashSlot>()?;
    let error = held_for(&slot.error, path)?;
    Some(leptos::server_fn::error::ServerFnUrlError::<AppError>::decode_err(&error))
}

/// Forgets the flashed outcome once the browser moves to another address (called inside the
/// router): it belongs to the page the post returned to, not to the next one.
pub fn forget_flash_on_navigation() {
    #[cfg(feature = "hydrate")]
    if let Some(slot) = use_context::<FlashSlot>() {
        let confirmation = use_context::<Confirmation>();
        let location = leptos_router::hooks::use_location();
        Effect::new(move |first: Option<()>| {
            location.pathname.track();
            location.search.track();
            if first.is_some() {
                if let Ok(mut e) = slot.error.lock() {
                    *e = None;
                }
                if let Ok(mut e) = slot.echo.lock() {
                    *e = None;
                }
                if let Some(Confirmation(said)) = confirmation {
                    said.set(None);
                }
            }
        });
    }
}

/// What one form holds for its fields: the values it was last sent with, when a plain post of
/// it failed, and the names of the fields that show their own errors (so the form's alert does
/// not repeat them).
#[derive(Clone, Default)]
struct FormScope {
    echo: std::sync::Arc<FormEcho>,
    shown: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

/// Opens the scope of a form posting to `path`, with its flashed values if there are any.
fn open_form_scope(path: &str) {
    let echo = use_context::<FlashSlot>()
        .and_then(|slot| held_for(&slot.echo, path))
        .unwrap_or_default();
    provide_context(FormScope {
        echo: std::sync::Arc::new(echo),
        shown: Default::default(),
    });
}

/// What was typed in field `name` of the enclosing form before a plain post of it failed.
pub fn typed(name: &str) -> Option<String> {
    use_context::<FormScope>().and_then(|s| s.echo.value(name).map(str::to_string))
}

/// Every value sent for `name` (check boxes) before a plain post of the form failed; `None`
/// when nothing was flashed.
pub fn typed_all(name: &str) -> Option<Vec<String>> {
    let scope = use_context::<FormScope>()?;
    (!scope.echo.fields.is_empty()).then(|| scope.echo.values(name).map(str::to_string).collect())
}

/// What the field with this id holds when the app takes over a page the server made: text typed
/// or an option chosen (or a value the browser restored) while the page's script was still on
/// its way. Read only
/// while hydrating: on a move within the app, an element with that id belongs to the page being
/// left. A field whose shown value follows a signal (`prop:value`) starts the signal from this,
/// so taking over the page never wipes what was typed.
pub fn value_before_start(id: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if !hydrating() {
            return None;
        }
        let el = document().get_element_by_id(id)?;
        if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
            return Some(input.value());
        }
        if let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
            return Some(select.value());
        }
        el.dyn_ref::<web_sys::HtmlTextAreaElement>()
            .map(|t| t.value())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        None
    }
}

/// Whether the check box or radio button with this id is ticked when the app takes over the
/// page (see [`value_before_start`]).
pub fn checked_before_start(id: &str) -> Option<bool> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if !hydrating() {
            return None;
        }
        document()
            .get_element_by_id(id)?
            .dyn_ref::<web_sys::HtmlInputElement>()
            .map(|i| i.checked())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        None
    }
}

/// A text box's value that follows `source` (the address's query, say) as it changes, but
/// starts from what the box already holds when the app takes over the page.
pub fn follows_with_typed(
    id: &'static str,
    source: impl Fn() -> String + Send + Sync + 'static,
) -> RwSignal<String> {
    let value = RwSignal::new(value_before_start(id).unwrap_or_else(|| untrack(&source)));
    Effect::watch(source, move |now, _, _| value.set(now.clone()), false);
    value
}

#[cfg(feature = "hydrate")]
fn hydrating() -> bool {
    Owner::current_shared_context().is_some_and(|sc| sc.during_hydration())
}

/// The files chosen in the enclosing form before a plain post of it failed.
fn files_to_choose_again() -> Vec<String> {
    use_context::<FormScope>()
        .map(|s| s.echo.files.clone())
        .unwrap_or_default()
}

/// Says that field `name` shows its own error in the enclosing form.
pub fn shows_own_error(name: &str) {
    if let Some(scope) = use_context::<FormScope>()
        && let Ok(mut shown) = scope.shown.lock()
    {
        shown.push(name.to_string());
    }
}

/// True when the error's field shows it beside itself in the form of `scope`.
fn shown_beside_field(scope: Option<&FormScope>, error: &AppError) -> bool {
    let Some(field) = error.field() else {
        return false;
    };
    scope
        .and_then(|s| s.shown.lock().ok().map(|v| v.iter().any(|n| n == field)))
        .unwrap_or(false)
}

/// Counts the successful outcomes of `value` (an action's or a submission's): what a page's
/// data should refetch on, so that a refused post (whose form keeps what was typed) does not
/// re-render the forms built from that data.
pub fn successes<T, E>(
    value: impl Fn() -> Option<Result<T, E>> + Send + Sync + 'static,
) -> Signal<usize>
where
    T: 'static,
    E: 'static,
{
    let count = RwSignal::new(0usize);
    Effect::new(move |_| {
        if matches!(value(), Some(Ok(_))) {
            count.update(|n| *n += 1);
        }
    });
    count.into()
}

/// A server action for a form: after a plain post to it that failed, it starts with that error.
pub fn server_action<A>() -> ServerAction<A>
where
    A: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    A::Output: Clone + Send + Sync + 'static,
{
    let action = ServerAction::<A>::new();
    if let Some(err) = take_flashed(A::PATH) {
        action.value().set(Some(Err(err)));
    }
    confirm_on_success(
        A::PATH,
        action.version().into(),
        Signal::derive(move || matches!(action.value().get(), Some(Ok(_)))),
    );
    action
}

/// The error of a form's last submission, if any.
pub type FormError = Signal<Option<AppError>>;

pub fn form_error<A>(action: ServerAction<A>) -> FormError
where
    A: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    A::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|r| r.err()))
}

fn error_for(error: FormError, name: &'static str) -> impl Fn() -> Option<String> + Copy {
    move || {
        error
            .get()
            .filter(|e| e.field() == Some(name))
            .map(|e| e.to_string())
    }
}

/// `aria-describedby` for a field: its help, and its error while there is one.
fn described_by(
    has_help: bool,
    help_id: String,
    err_id: String,
    err: impl Fn() -> Option<String> + Copy,
) -> impl Fn() -> Option<String> {
    move || match (has_help, err().is_some()) {
        (true, true) => Some(format!("{help_id} {err_id}")),
        (true, false) => Some(help_id.clone()),
        (false, true) => Some(err_id.clone()),
        (false, false) => None,
    }
}

/// The message of a failed submission that no field of the form shows beside itself, announced
/// to screen readers. With JavaScript, a new error moves the focus to the field it is about (or
/// to this message), so a phone scrolls to it.
#[component]
pub fn FormAlert(error: FormError) -> impl IntoView {
    let scope = use_context::<FormScope>();
    let here = NodeRef::<leptos::html::Div>::new();
    focus_on_error(error, here);
    view! {
        <div role="alert" class="form-alert-slot" tabindex="-1" node_ref=here>
            {move || {
                error.get()
                    .filter(|e| !shown_beside_field(scope.as_ref(), e))
                    .map(|e| view! { <p class="alert error">{e.to_string()}</p> })
            }}
        </div>
    }
}

/// Moves the focus to the first field of the form marked invalid, or to the alert, each time a
/// submission fails (with JavaScript; without, the failing field carries `autofocus`).
fn focus_on_error(error: FormError, alert: NodeRef<leptos::html::Div>) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |before: Option<Option<AppError>>| {
        let now = error.get();
        // The error a page was loaded with is focused by the browser (`autofocus`); every
        // later failure, even the same one again, moves the focus.
        if before.is_some() && now.is_some() {
            request_animation_frame(move || {
                let Some(alert) = alert.get_untracked() else {
                    return;
                };
                use wasm_bindgen::JsCast;
                let target = alert
                    .closest("form")
                    .ok()
                    .flatten()
                    .and_then(|f| f.query_selector("[aria-invalid=\"true\"]").ok().flatten())
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                match target {
                    Some(field) => {
                        let _ = field.focus();
                    }
                    None => {
                        let _ = alert.focus();
                    }
                }
            });
        }
        now
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (error, alert);
}

#[component]
pub fn TextField(
    name: &'static str,
    label: &'static str,
    error: FormError,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] help: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] dir: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] minlength: Option<u32>,
    #[prop(default = true)] required: bool,
    /// The element id when `name` is used by more than one form on the page.
    #[prop(optional)]
    id: Option<&'static str>,
) -> impl IntoView {
    let id = id.unwrap_or(name);
    let err = error_for(error, name);
    shows_own_error(name);
    let help_id = format!("{id}-help");
    let err_id = format!("{id}-error");
    let described = described_by(help.is_some(), help_id.clone(), err_id.clone(), err);
    // A failed plain post comes back with what was typed (never a password: it is not kept).
    let value = typed(name);
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                name=name
                type=kind
                value=value
                autofocus=err().is_some()
                autocomplete=autocomplete
                inputmode=inputmode
                dir=dir
                maxlength=maxlength
                minlength=minlength
                required=required
                aria-invalid=move || err().is_some().then_some("true")
                aria-describedby=described
            />
            {help.map(|h| view! { <p class="help" id=help_id.clone()>{h}</p> })}
            {move || err().map(|m| view! { <p class="field-error" id=err_id.clone()>{m}</p> })}
        </div>
    }
}

#[component]
pub fn TextArea(
    name: &'static str,
    label: &'static str,
    error: FormError,
    #[prop(optional)] help: Option<&'static str>,
    #[prop(default = 10_000)] maxlength: u32,
    #[prop(default = 1)] minlength: u32,
    #[prop(default = 6)] rows: u32,
    #[prop(default = true)] required: bool,
    /// Holds the text outside the element, so a re-render (a live update) never loses it.
    #[prop(optional)]
    value: Option<RwSignal<String>>,
) -> impl IntoView {
    let value = value.unwrap_or_else(|| RwSignal::new(String::new()));
    // What was typed before a failed post, unless the box already holds text of its own (a
    // re-render after a live update keeps what is being written).
    if let Some(t) = typed(name)
        && value.with_untracked(String::is_empty)
    {
        value.set(t);
    }
    // What was typed while the page's script loaded.
    if let Some(t) = value_before_start(name)
        && value.with_untracked(|v| *v != t)
    {
        value.set(t);
    }
    let err = error_for(error, name);
    shows_own_error(name);
    let help_id = format!("{name}-help");
    let err_id = format!("{name}-error");
    let described = described_by(help.is_some(), help_id.clone(), err_id.clone(), err);
    view! {
        <div class="field">
            <label for=name>{label}</label>
            <textarea
                id=name
                name=name
                rows=rows
                maxlength=maxlength
                minlength=minlength
                required=required
                autofocus=err().is_some()
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
                aria-invalid=move || err().is_some().then_some("true")
                aria-describedby=described
                // Without JavaScript the box shows what it holds when the page is made.
                inner_html=textarea_text(&value.get_untracked())
            ></textarea>
            {help.map(|h| view! { <p class="help" id=help_id.clone()>{h}</p> })}
            {move || err().map(|m| view! { <p class="field-error" id=err_id.clone()>{m}</p> })}
        </div>
    }
}

/// What a `<textarea>` holds when the page is made. Never put text as a textarea's child: the
/// renderer writes a textarea's children unescaped, so stored text could close the element and
/// add markup. This escaped text goes in through `inner_html`, which the browser reads back as
/// the text itself, on the server's page and in the browser's own rendering alike.
pub fn textarea_text(text: &str) -> String {
    crate::domain::text::escape_markup(text)
}

/// The data of the form being submitted, with the browser's own submission cancelled (the app
/// sends it instead); `None` leaves the submission to the browser.
#[cfg(feature = "hydrate")]
fn take_over(ev: &leptos::ev::SubmitEvent) -> Option<web_sys::FormData> {
    use wasm_bindgen::JsCast;
    let form = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())?;
    let data = web_sys::FormData::new_with_form(&form).ok()?;
    ev.prevent_default();
    Some(data)
}

/// A form that posts to a server function: a plain HTML form post without JavaScript (the
/// server answers with a redirect), and with JavaScript a dispatch of `action` without leaving
/// the page. Unlike Leptos' `ActionForm` it builds the arguments by hand, which keeps a
/// query-string deserialiser out of the WASM bundle.
#[component]
pub fn PostForm<A>(
    action: ServerAction<A>,
    /// Empties the form once its action succeeds (a form that adds one item of a list).
    #[prop(optional)]
    reset_on_success: bool,
    children: Children,
) -> impl IntoView
where
    A: ServerFn<Error = AppError> + FromFormFields + Clone + Send + Sync + 'static,
    A::Output: Clone + Send + Sync + 'static,
{
    let form = NodeRef::<leptos::html::Form>::new();
    #[cfg(feature = "hydrate")]
    if reset_on_success {
        Effect::new(move |_| {
            if matches!(action.value().get(), Some(Ok(_)))
                && let Some(form) = form.get_untracked()
            {
                form.reset();
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = reset_on_success;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(data) = take_over(&ev) else {
                return;
            };
            let mut fields = Vec::new();
            if let Ok(Some(entries)) = js_sys::try_iter(&data) {
                for entry in entries.flatten() {
                    let pair: js_sys::Array = entry.unchecked_into();
                    if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                        fields.push((k, v));
                    }
                }
            }
            action.dispatch(A::from_fields(&crate::api::FormFields(fields)));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, action);
    };
    open_form_scope(A::PATH);
    view! {
        <form method="post" action=A::PATH on:submit=on_submit node_ref=form>
            {children()}
        </form>
    }
}

/// The submissions of a form that carries files to server function `S`: what [`ServerAction`]
/// is for the other forms (multipart inputs cannot be cloned into an action).
pub struct Submission<S: ServerFn>
where
    S::Output: Send + Sync + 'static,
{
    pub value: RwSignal<Option<Result<S::Output, AppError>>>,
    /// Counts completed submissions, for refetching what they changed.
    pub version: RwSignal<usize>,
    pub pending: RwSignal<bool>,
    /// Bytes sent so far and in all, while a post with files is on its way.
    pub progress: RwSignal<Option<(f64, f64)>>,
    /// Set by the form's file field when a chosen file breaks a limit: the form is not sent.
    pub files_refused: RwSignal<bool>,
    server_fn: std::marker::PhantomData<fn() -> S>,
}

impl<S: ServerFn> Clone for Submission<S>
where
    S::Output: Send + Sync + 'static,
{
    fn clone(&self) -> Self {
        *self
    }
}

impl<S: ServerFn> Copy for Submission<S> where S::Output: Send + Sync + 'static {}

impl<S> Default for Submission<S>
where
    S: ServerFn<Error = AppError> + From<leptos::server_fn::codec::MultipartData> + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    fn default() -> Self {
        Self::new()
    }
}

impl<S> Submission<S>
where
    S: ServerFn<Error = AppError> + From<leptos::server_fn::codec::MultipartData> + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    /// A handle for submissions to `S`; after a plain (no-JavaScript) post that failed, it starts
    /// with that error.
    pub fn new() -> Self {
        let err = take_flashed(S::PATH);
        let submission = Submission {
            value: RwSignal::new(err.map(Err)),
            version: RwSignal::new(0),
            pending: RwSignal::new(false),
            progress: RwSignal::new(None),
            files_refused: RwSignal::new(false),
            server_fn: std::marker::PhantomData,
        };
        let value = submission.value;
        confirm_on_success(
            S::PATH,
            submission.version.into(),
            Signal::derive(move || matches!(value.get(), Some(Ok(_)))),
        );
        submission
    }

    pub fn error(self) -> FormError {
        Signal::derive(move || self.value.get().and_then(|r| r.err()))
    }

    /// Sends a form's data to `S` (with JavaScript), as the framework's client would, but
    /// through `XMLHttpRequest`, whose upload reports its progress.
    #[cfg(feature = "hydrate")]
    fn send(self, data: web_sys::FormData)
    where
        S::Output: serde::de::DeserializeOwned,
    {
        use wasm_bindgen::JsCast;
        use wasm_bindgen::closure::Closure;
        if self.pending.get_untracked() {
            return;
        }
        let finish = move |result: Result<S::Output, AppError>| {
            self.value.set(Some(result));
            self.version.update(|v| *v += 1);
            self.pending.set(false);
            self.progress.set(None);
        };
        let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
            finish(Err(AppError::Transport("no XMLHttpRequest".into())));
            return;
        };
        if xhr.open("POST", S::PATH).is_err()
            || xhr
                .set_request_header("Accept", "application/json")
                .is_err()
        {
            finish(Err(AppError::Transport("open failed".into())));
            return;
        }
        self.pending.set(true);
        self.progress.set(None);
        let on_progress =
            Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
                if e.length_computable() && e.total() > 0.0 {
                    self.progress.try_set(Some((e.loaded(), e.total())));
                }
            });
        if let Ok(upload) = xhr.upload() {
            upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        }
        let answered = xhr.clone();
        let on_end = Closure::once(move || {
            // The progress handler is no longer needed once the answer is in.
            drop(on_progress);
            let status = answered.status().unwrap_or(0);
            let text = answered.response_text().ok().flatten().unwrap_or_default();
            let result = match status {
                200..=299 => serde_json::from_str::<S::Output>(&text)
                    .map_err(|e| AppError::Transport(e.to_string())),
                0 => Err(AppError::Transport("no answer".into())),
                413 => Err(AppError::TooLarge),
                _ => Err(serde_json::from_str::<AppError>(&text)
                    .unwrap_or_else(|_| AppError::Transport(format!("status {status}")))),
            };
            if self.value.try_get_untracked().is_some() {
                finish(result);
            }
        });
        xhr.set_onloadend(Some(on_end.as_ref().unchecked_ref()));
        // Dropped after it ran (see `Closure::once`); kept alive until then.
        on_end.forget();
        if xhr.send_with_opt_form_data(Some(&data)).is_err() {
            finish(Err(AppError::Transport("send failed".into())));
        }
    }
}

/// The switch a form's file field turns on when a chosen file breaks a limit (the form then
/// does not send).
#[derive(Clone, Copy)]
struct UploadGate(#[cfg_attr(not(feature = "hydrate"), allow(dead_code))] RwSignal<bool>);

/// Focuses the first field of `form` marked invalid.
#[cfg(feature = "hydrate")]
fn focus_first_invalid(form: NodeRef<leptos::html::Form>) {
    use wasm_bindgen::JsCast;
    if let Some(field) = form
        .get_untracked()
        .and_then(|f| f.query_selector("[aria-invalid=\"true\"]").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = field.focus();
    }
}

/// How much of a post with files has gone, while it goes.
#[component]
fn UploadProgress(progress: RwSignal<Option<(f64, f64)>>) -> impl IntoView {
    view! {
        {move || progress.get().map(|(sent, total)| {
            let percent = ((sent / total) * 100.0).round().clamp(0.0, 100.0) as i64;
            view! {
                <div class="upload-progress" role="status">
                    <progress max="100" value=percent.to_string() aria-label=crate::copy::UPLOADING></progress>
                    <span>{crate::copy::uploaded_percent(&crate::copy::digits::persian_number(percent))}</span>
                </div>
            }
        })}
    }
}

/// A form with files: a plain multipart post without JavaScript (the server answers with a
/// redirect), and with JavaScript a call of the server function without leaving the page.
///
/// With `draft` (a key naming the form and what it is about), what is typed is kept in the
/// browser until it is sent (see [`keep_draft`]).
#[component]
pub fn MultipartForm<S>(
    submission: Submission<S>,
    #[prop(optional, into)] draft: Option<String>,
    children: Children,
) -> impl IntoView
where
    S: ServerFn<Error = AppError> + From<leptos::server_fn::codec::MultipartData> + 'static,
    S::Output: Clone + Send + Sync + serde::de::DeserializeOwned + 'static,
{
    let form = NodeRef::<leptos::html::Form>::new();
    provide_context(UploadGate(submission.files_refused));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            if submission.files_refused.get_untracked() {
                // The file field says what is wrong, beside itself; nothing is sent.
                ev.prevent_default();
                focus_first_invalid(form);
                return;
            }
            if let Some(data) = take_over(&ev) {
                submission.send(data);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, submission);
    };
    open_form_scope(S::PATH);
    let notice = draft.map(|key| {
        // Counts the submissions that were stored: each one forgets the draft.
        let sent = RwSignal::new(0usize);
        let value = submission.value;
        Effect::new(move |_| {
            if matches!(value.get(), Some(Ok(_))) {
                sent.update(|n| *n += 1);
            }
        });
        let kept = keep_draft(form, key, sent.into());
        view! { <DraftNotice kept=kept form=form /> }
    });
    view! {
        <form method="post" action=S::PATH enctype="multipart/form-data" on:submit=on_submit node_ref=form>
            {notice}
            {children()}
            <UploadProgress progress=submission.progress />
        </form>
    }
}

/// A file input for attachments (several files), with the limits in its help text. With
/// JavaScript the chosen files are listed with their sizes, each can be taken out again, and a
/// file over a limit is named at once, before anything is sent.
#[component]
pub fn FilesField(
    error: FormError,
    #[prop(default = "files")] name: &'static str,
    #[prop(default = crate::copy::ATTACHMENTS)] label: &'static str,
    #[prop(default = true)] multiple: bool,
) -> impl IntoView {
    // A refusal found in the browser, before sending.
    let refused = RwSignal::new(None::<String>);
    let err = move || {
        refused.get().or_else(|| {
            error
                .get()
                .filter(|e| e.field() == Some("files"))
                .map(|e| e.to_string())
        })
    };
    shows_own_error("files");
    let again = files_to_choose_again();
    let help_id = format!("{name}-help");
    let err_id = format!("{name}-error");
    let again_id = format!("{name}-again");
    let described = described_by(true, help_id.clone(), err_id.clone(), err);
    let described = {
        let again_id = again_id.clone();
        let has_again = !again.is_empty();
        move || {
            let base = described();
            match (base, has_again) {
                (Some(b), true) => Some(format!("{again_id} {b}")),
                (None, true) => Some(again_id.clone()),
                (b, false) => b,
            }
        }
    };
    let limits = use_context::<FileLimits>().unwrap_or_default();
    let gate = use_context::<UploadGate>();
    let chosen = RwSignal::new(Vec::<(String, i64)>::new());
    let input = NodeRef::<leptos::html::Input>::new();
    // Reads the chosen files again: lists them and checks them against the limits.
    let recheck = move || {
        #[cfg(feature = "hydrate")]
        {
            let files = input
                .get_untracked()
                .and_then(|i| i.files())
                .map(|list| {
                    (0..list.length())
                        .filter_map(|i| list.get(i))
                        .map(|f| (f.name(), f.size() as i64))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            let problem = crate::domain::files::check_chosen(
                &files,
                limits.max_file_bytes,
                limits.max_total_bytes,
                limits.max_files,
            );
            refused.set(problem.map(|(e, n)| match n {
                Some(n) => format!("{} ({n})", e.message()),
                None => e.message(),
            }));
            if let Some(UploadGate(g)) = gate {
                g.set(refused.get_untracked().is_some());
            }
            chosen.set(files);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (gate, refused, input);
    };
    // Takes the `index`-th chosen file out of the field.
    let remove = move |index: usize| {
        #[cfg(feature = "hydrate")]
        if let (Some(el), Ok(kept)) = (input.get_untracked(), web_sys::DataTransfer::new()) {
            if let Some(list) = el.files() {
                for i in 0..list.length() {
                    if i as usize != index
                        && let Some(f) = list.get(i)
                    {
                        let _ = kept.items().add_with_file(&f);
                    }
                }
            }
            el.set_files(kept.files().as_ref());
            recheck();
            let _ = el.focus();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = index;
    };
    view! {
        <div class="field">
            <label for=name>{label}</label>
            {(!again.is_empty()).then(|| view! { <ChooseAgain id=again_id.clone() names=again.clone() /> })}
            <input
                id=name
                name=name
                type="file"
                multiple=multiple
                accept=crate::domain::files::ACCEPT
                autofocus=err().is_some()
                aria-invalid=move || err().is_some().then_some("true")
                aria-describedby=described
                node_ref=input
                on:change=move |_| recheck()
            />
            <p class="help" id=help_id>{crate::copy::ATTACHMENTS_HELP}</p>
            {move || err().map(|m| view! { <p class="field-error" id=err_id.clone()>{m}</p> })}
            {move || {
                let files = chosen.get();
                (!files.is_empty()).then(|| view! {
                    <ul class="chosen-files" aria-label=crate::copy::CHOSEN_FILES>
                        {files.into_iter().enumerate().map(|(i, (file, size))| {
                            let too_big = size as u64 > limits.max_file_bytes;
                            view! {
                                <li class:too-big=too_big>
                                    <bdi>{file.clone()}</bdi>
                                    <span class="muted">" ("{crate::domain::files::size_fa(size)}")"</span>
                                    <button type="button" class="link-button"
                                        aria-label=crate::copy::remove_file(&file)
                                        on:click=move |_| remove(i)>
                                        {crate::copy::REMOVE_FILE}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })
            }}
        </div>
    }
}

/// The files a failed plain post carried, which the browser cannot be given back: named, to be
/// chosen again.
#[component]
pub fn ChooseAgain(id: String, names: Vec<String>) -> impl IntoView {
    view! {
        <div class="alert info" id=id>
            <p>{crate::copy::CHOOSE_FILES_AGAIN}</p>
            <ul class="files">
                {names.into_iter().map(|n| view! { <li><bdi>{n}</bdi></li> }).collect_view()}
            </ul>
        </div>
    }
}

/// An action that asks first: its button opens a short question with the button that really
/// submits, inside the same form. A `<details>` element, so it asks without JavaScript too.
#[component]
pub fn AskFirst(
    /// The action's name, on the button that opens the question.
    label: &'static str,
    question: &'static str,
    /// The submit button's text: the answer «yes».
    yes: &'static str,
) -> impl IntoView {
    view! {
        <details class="ask-first">
            <summary class="button secondary">{label}</summary>
            <div class="ask-first-body">
                <p>{question}</p>
                <button type="submit" class="button danger">{yes}</button>
            </div>
        </details>
    }
}
