//! The HTTP application: Leptos pages and server functions, live events, static files, and the
//! middleware every request passes (its tracing span, session, access, cross-site refusal,
//! security headers). The composition root: the only place that knows every floor.

pub mod assets;
mod export;
mod files;
mod live;
pub mod middleware;
mod payments;

use middleware::{
    access_guard, api_bodies, cross_site_guard, form_flash, request_span, security_headers, session,
};

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::get;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};

use crate::app::{App, shell};
use crate::server::auth::Viewer;
use crate::server::auth::flash::Flash;
use crate::server::platform::state::AppState;
use crate::ui::components::form::FlashedError;

/// The per-request nonce that inline scripts must carry under the Content-Security-Policy.
#[derive(Clone)]
pub struct CspNonce(pub String);

/// Leptos spawns the work of a page it renders (its resources, hence the server functions they
/// call) as tasks of its own; this spawner runs them on tokio inside the span of the request
/// that spawned them, so what they log names the request and its route too.
struct SpannedTokio;

impl any_spawner::CustomExecutor for SpannedTokio {
    fn spawn(&self, fut: any_spawner::PinnedFuture<()>) {
        use tracing::Instrument;
        tokio::spawn(fut.in_current_span());
    }

    fn spawn_local(&self, fut: any_spawner::PinnedLocalFuture<()>) {
        use tracing::Instrument;
        tokio::task::spawn_local(fut.in_current_span());
    }

    fn poll_local(&self) {}
}

/// The app's routes, walked once per process. Leptos marks the whole process while it walks
/// the app, and a resource first loaded inside that window never loads (leptos#4773): a page
/// another router of this process was rendering would stop mid-body. Every router after the
/// first (a second instance in one process, each test's app) reuses the list, and so does
/// whoever else asks for it (the tests of the access rules).
pub fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router(state: AppState) -> Router {
    // Set once per process, before Leptos would set its plain tokio spawner.
    let _ = any_spawner::Executor::init_custom_executor(SpannedTokio);
    let routes = route_list();
    let assets = assets::load(&state.leptos_options);
    let leptos_fallback = leptos_axum::file_and_error_handler_with_context::<AppState, _>(
        additional_context_for(state.clone()),
        shell,
    );
    let additional_context = additional_context_for(state.clone());
    Router::new()
        .route("/events", get(live::sse_handler))
        .route("/healthz", get(|| async { "ok" }))
        .route("/files/{id}", get(files::attachment_handler))
        .route("/staff/sla/{file}", get(export::export_handler))
        .route(
            "/staff/payments/{file}",
            get(export::finance_export_handler),
        )
        .route("/documents/{id}", get(files::document_handler))
        .route(
            "/pay/{code}/start",
            axum::routing::post(payments::start_handler),
        )
        .route(
            "/pay/{code}/callback",
            get(payments::callback_handler).post(payments::callback_handler),
        )
        .leptos_routes_with_context(&state, routes, additional_context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        // Static files from memory (see `assets`); anything else is the not-found page.
        .fallback(
            move |uri: axum::http::Uri,
                  state: axum::extract::State<AppState>,
                  req: axum::extract::Request| {
                let leptos_fallback = leptos_fallback.clone();
                async move {
                    match assets.serve(req.method(), uri.path(), req.headers()) {
                        Some(res) => res,
                        None => leptos_fallback(uri, state, req).await,
                    }
                }
            },
        )
        .layer(from_fn_with_state(state.clone(), api_bodies))
        .layer(from_fn_with_state(state.clone(), access_guard))
        .layer(from_fn_with_state(state.clone(), form_flash))
        .layer(from_fn_with_state(state.clone(), session))
        .layer(from_fn_with_state(state.clone(), cross_site_guard))
        .layer(from_fn_with_state(state.clone(), security_headers))
        // Pages and JSON; the event stream is left alone by the default predicate, and static
        // files arrive precompressed.
        .layer(tower_http::compression::CompressionLayer::new())
        // Outermost: whatever is logged while serving a request carries its span.
        .layer(tower_http::trace::TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state)
}

/// What every page render gets besides its request: the app's state, the CSP nonce the
/// middleware chose, and the outcome of the plain form post that led to it.
fn additional_context_for(ctx_state: AppState) -> impl Fn() + Clone + Send + 'static {
    move || {
        provide_context(ctx_state.clone());
        provide_context(crate::wire::FileLimits {
            max_file_bytes: ctx_state.config.max_file_bytes(),
            max_total_bytes: ctx_state.config.max_request_bytes(),
            max_files: crate::server::requests::files::MAX_FILES_PER_POST,
        });
        let parts = leptos::prelude::use_context::<axum::http::request::Parts>();
        let staff = parts
            .as_ref()
            .and_then(|p| p.extensions.get::<Viewer>())
            .and_then(|v| v.role())
            .is_some_and(|role| role.is_staff());
        provide_context(assets::bundle_for(staff));
        // Use the middleware's nonce so the header and the page agree.
        if let Some(n) = parts.as_ref().and_then(|p| p.extensions.get::<CspNonce>()) {
            provide_context(leptos::nonce::Nonce::from_value(n.0.clone()));
        }
        // The outcome of the plain form post that led here, for the page's forms.
        if let Some(f) = parts.as_ref().and_then(|p| p.extensions.get::<Flash>()) {
            provide_context(FlashedError {
                action_path: f.action_path.clone(),
                error: f.error.clone(),
                echo: f.echo.clone(),
            });
        }
    }
}
