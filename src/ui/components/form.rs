//! Form fields with their labels, help and errors wired for screen readers.

use leptos::prelude::*;

use leptos::server_fn::ServerFn;

use crate::api::FromFormFields;
use crate::wire::AppError;

/// The outcome of the plain form post (no JavaScript) that led to this page: the server
/// function's path and its error as the framework encodes it. The server reads it from its
/// store (see `server::auth::flash`), never from the page's address, and hands it to the browser with
/// the page, so both render the same error.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FlashedError {
    pub action_path: String,
    pub error: String,
}

/// The flashed error until a form of its server function takes it: one form shows it, once,
/// and a page reached later by navigating in the browser starts clean.
#[derive(Clone, Default)]
struct FlashSlot(std::sync::Arc<std::sync::Mutex<Option<FlashedError>>>);

/// Makes the flashed error of this page load available to its forms; called once, by the app.
pub fn provide_flash() {
    let flashed = leptos::server::SharedValue::new(use_context::<FlashedError>).into_inner();
    provide_context(FlashSlot(std::sync::Arc::new(std::sync::Mutex::new(
        flashed,
    ))));
}

/// The flashed error, if it belongs to the server function at `path` (and is then used up).
fn take_flashed(path: &str) -> Option<AppError> {
    let slot = use_context::<FlashSlot>()?;
    let mut held = slot.0.lock().ok()?;
    if held.as_ref().is_some_and(|f| f.action_path == path) {
        let f = held.take()?;
        return Some(leptos::server_fn::error::ServerFnUrlError::<AppError>::decode_err(&f.error));
    }
    None
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

/// The message of a failed submission, announced to screen readers.
#[component]
pub fn FormAlert(error: FormError) -> impl IntoView {
    view! {
        <div role="alert" class="form-alert-slot">
            {move || error.get().map(|e| view! { <p class="alert error">{e.to_string()}</p> })}
        </div>
    }
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
    let help_id = format!("{id}-help");
    let err_id = format!("{id}-error");
    let described = described_by(help.is_some(), help_id.clone(), err_id.clone(), err);
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                name=name
                type=kind
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
    let err = error_for(error, name);
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
pub fn PostForm<A>(action: ServerAction<A>, children: Children) -> impl IntoView
where
    A: ServerFn<Error = AppError> + FromFormFields + Clone + Send + Sync + 'static,
    A::Output: Clone + Send + Sync + 'static,
{
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
    view! {
        <form method="post" action=A::PATH on:submit=on_submit>
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
        Submission {
            value: RwSignal::new(err.map(Err)),
            version: RwSignal::new(0),
            pending: RwSignal::new(false),
            server_fn: std::marker::PhantomData,
        }
    }

    pub fn error(self) -> FormError {
        Signal::derive(move || self.value.get().and_then(|r| r.err()))
    }

    /// Sends a form's data to `S` (with JavaScript).
    #[cfg(feature = "hydrate")]
    fn send(self, data: web_sys::FormData) {
        if self.pending.get_untracked() {
            return;
        }
        self.pending.set(true);
        let call = S::from(leptos::server_fn::codec::MultipartData::from(data));
        leptos::task::spawn_local(async move {
            let result = call.run_on_client().await;
            self.value.set(Some(result));
            self.version.update(|v| *v += 1);
            self.pending.set(false);
        });
    }
}

/// A form with files: a plain multipart post without JavaScript (the server answers with a
/// redirect), and with JavaScript a call of the server function without leaving the page.
#[component]
pub fn MultipartForm<S>(submission: Submission<S>, children: Children) -> impl IntoView
where
    S: ServerFn<Error = AppError> + From<leptos::server_fn::codec::MultipartData> + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        if let Some(data) = take_over(&ev) {
            submission.send(data);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, submission);
    };
    view! {
        <form method="post" action=S::PATH enctype="multipart/form-data" on:submit=on_submit>
            {children()}
        </form>
    }
}

/// A file input for attachments (several files), with the limits in its help text.
#[component]
pub fn FilesField(
    error: FormError,
    #[prop(default = "files")] name: &'static str,
    #[prop(default = crate::copy::ATTACHMENTS)] label: &'static str,
    #[prop(default = true)] multiple: bool,
) -> impl IntoView {
    let err = move || {
        error
            .get()
            .filter(|e| e.field() == Some("files"))
            .map(|e| e.to_string())
    };
    let help_id = format!("{name}-help");
    let err_id = format!("{name}-error");
    let described = described_by(true, help_id.clone(), err_id.clone(), err);
    view! {
        <div class="field">
            <label for=name>{label}</label>
            <input
                id=name
                name=name
                type="file"
                multiple=multiple
                accept=crate::domain::files::ACCEPT
                aria-invalid=move || err().is_some().then_some("true")
                aria-describedby=described
            />
            <p class="help" id=help_id>{crate::copy::ATTACHMENTS_HELP}</p>
            {move || err().map(|m| view! { <p class="field-error" id=err_id.clone()>{m}</p> })}
        </div>
    }
}
