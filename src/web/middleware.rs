//! The middleware every request passes, outermost first: the request's tracing span, security
//! headers, cross-site refusal, the session, the flashed outcome of a plain form post, the access
//! guard, and the size and shape of server-function bodies.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use super::CspNonce;
use crate::domain::account::{Access, Denied};
use crate::server::auth::flash::{self};
use crate::server::auth::{self, Viewer};
use crate::server::platform::state::AppState;

fn client_addr(req: &Request, trust_proxy: bool) -> String {
    if trust_proxy
        && let Some(first) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            // The proxy appends the address it saw; earlier entries are the client's to forge.
            .and_then(|v| v.split(',').next_back())
    {
        return first.trim().to_string();
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

fn is_static(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path.starts_with("/fonts/")
        || matches!(
            path,
            "/favicon.svg" | "/favicon.ico" | "/robots.txt" | "/healthz"
        )
}

/// Carries the outcome of a failed plain form post (no JavaScript) to the page it returns to,
/// server-side (see `server::auth::flash`): a server function's redirect that carries the error in the
/// address is rewritten to the bare page plus a cookie, and a page asked for with error keys in
/// its address (which only a link someone else wrote can hold now) is sent to the address
/// without them.
pub(super) async fn form_flash(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_string();
    let secure = state.config.cookie_secure;
    if path.starts_with("/api/") {
        // A plain form post's body is read here (within the endpoint's limit) so that, if it
        // fails, its page can show the form again as it was typed.
        let (req, echo) = if req.method() == Method::POST && accepts_html(req.headers()) {
            match read_form(&state, req).await {
                Ok(read) => read,
                Err(res) => return res,
            }
        } else {
            (req, None)
        };
        let mut res = next.run(req).await;
        if !res.status().is_redirection() {
            return res;
        }
        let Some(location) = res
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
        else {
            return res;
        };
        // The framework sends the browser back to the form's page (its Referer): keep only the
        // local part, and the error out of it.
        let local = location
            .find("://")
            .map(|i| &location[i + 3..])
            .map(|rest| rest.find('/').map_or("/", |j| &rest[j..]))
            .unwrap_or(&location);
        // A fragment (`#dispute`) stays in the address the browser goes to, but the browser
        // asks for the page without it: the outcome is kept under the page's path.
        let local = local.split_once('#').map_or(local, |(l, _)| l);
        let (page, query) = local.split_once('?').unwrap_or((local, ""));
        let (errors, rest) = flash::split_query(query);
        let error = errors.iter().find(|(k, _)| k == "__err").map(|(_, v)| v);
        let action = errors.iter().find(|(k, _)| k == "__path").map(|(_, v)| v);
        let (Some(error), Some(action)) = (error, action) else {
            // A plain post that succeeded: the page it returns to confirms it.
            if echo.is_some() && crate::copy::confirmation(&path).is_some() {
                let page = if crate::api::auth::is_local_page(page) {
                    page
                } else {
                    "/"
                };
                if let Ok(token) =
                    flash::store(&state.db, page, &path, "", &Default::default()).await
                    && let Ok(v) = HeaderValue::from_str(&flash::cookie(&token, secure))
                {
                    res.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            return res;
        };
        let page = if crate::api::auth::is_local_page(page) {
            page
        } else {
            "/"
        };
        let echo = match echo {
            Some((kind, body)) => flash::echo_of(&kind, body).await,
            None => Default::default(),
        };
        let token = match flash::store(&state.db, page, action, error, &echo).await {
            Ok(token) => token,
            Err(e) => return e.into_response_status(),
        };
        let h = res.headers_mut();
        if let Ok(v) = HeaderValue::from_str(&flash::local_address(page, &rest)) {
            h.insert(header::LOCATION, v);
        }
        if let Ok(v) = HeaderValue::from_str(&flash::cookie(&token, secure)) {
            h.append(header::SET_COOKIE, v);
        }
        return res;
    }
    if req.method() != Method::GET || is_static(&path) {
        return next.run(req).await;
    }
    if let Some(query) = req.uri().query() {
        let (errors, rest) = flash::split_query(query);
        if !errors.is_empty() {
            return Redirect::to(&flash::local_address(&path, &rest)).into_response();
        }
    }
    let Some(token) = auth::cookie_token(req.headers(), flash::FLASH_COOKIE) else {
        return next.run(req).await;
    };
    match flash::take(&state.db, &token, &path).await {
        Ok(Some(f)) => {
            req.extensions_mut().insert(f);
            let mut res = next.run(req).await;
            if let Ok(v) = HeaderValue::from_str(&flash::clear_cookie(secure)) {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
            res
        }
        Ok(None) => next.run(req).await,
        Err(e) => e.into_response_status(),
    }
}

/// The largest body a server function without files takes: its forms are a few fields of text.
const MAX_FORM_BYTES: u64 = 1024 * 1024;

/// The largest body the server function at `path` takes.
fn body_limit(state: &AppState, path: &str) -> u64 {
    if crate::api::upload::MULTIPART_ENDPOINTS.contains(&path) {
        state.config.max_request_bytes() + MAX_FORM_BYTES
    } else {
        MAX_FORM_BYTES
    }
}

/// True for a browser's own navigation (a plain form post), which asks for a page.
fn accepts_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// The content type and body of a plain form post, read within its endpoint's limit, and the
/// request rebuilt around the same body. A body declared larger than the limit is left unread
/// for [`api_bodies`] to refuse; one that proves larger while being read is refused here.
async fn read_form(
    state: &AppState,
    req: Request,
) -> Result<(Request, Option<(String, axum::body::Bytes)>), Response> {
    let limit = body_limit(state, req.uri().path());
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Ok((req, None));
    }
    let kind = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let (parts, body) = req.into_parts();
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let bytes = match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => bytes,
        Err(_) => return Err(crate::wire::AppError::TooLarge.into_response_status()),
    };
    let req = Request::from_parts(parts, Body::from(bytes.clone()));
    Ok((req, Some((kind, bytes))))
}

/// Server functions take small forms, and files only where declared: a body larger than the
/// endpoint's forms can send is refused with 413 before it is read, and one that is cut off
/// while being read ends there. A request the decoder cannot read (a field missing or of the
/// wrong kind) is the caller's fault: 400 with a Persian message, not a server fault.
pub(super) async fn api_bodies(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path();
    if !path.starts_with("/api/") {
        return next.run(req).await;
    }
    let limit = body_limit(&state, path);
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return crate::wire::AppError::TooLarge.into_response_status();
    }
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let req = req.map(|body| Body::new(http_body_util::Limited::new(body, limit)));
    let res = next.run(req).await;
    // The framework answers every error it meets before our function runs with 500.
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    match serde_json::from_slice::<crate::wire::AppError>(&bytes) {
        Ok(e @ crate::wire::AppError::BadRequest) => e.into_response_status(),
        _ => Response::from_parts(parts, Body::from(bytes)),
    }
}

/// Resolves the session cookie into a [`Viewer`] for everything downstream.
pub(super) async fn session(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let mut viewer = Viewer {
        client_addr: client_addr(&req, state.config.trust_proxy),
        ..Viewer::default()
    };
    // Static files are the same for everyone: no database round trip for each of them.
    let token = (!is_static(req.uri().path()))
        .then(|| auth::session_token(req.headers()))
        .flatten();
    if let Some(token) = token {
        match auth::resolve_session(&state.db, &token).await {
            Ok(Some((user, hash))) => {
                viewer.user = Some(user);
                viewer.token_hash = Some(hash);
            }
            Ok(None) => {}
            Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
        }
    }
    req.extensions_mut().insert(viewer);
    next.run(req).await
}

/// Pages and who may open them (axum path syntax, as `generate_route_list` reports them).
pub const PAGES: &[(&str, Access)] = &[
    ("/", Access::Public),
    ("/login", Access::Public),
    ("/register", Access::Public),
    ("/register/verify", Access::Public),
    ("/login/otp", Access::Public),
    ("/login/reset", Access::Public),
    ("/login/2fa", Access::Public),
    ("/login/2fa/setup", Access::Public),
    ("/account/2fa", Access::Staff),
    ("/account", Access::SignedIn),
    ("/requests", Access::Applicant),
    ("/requests/new", Access::Applicant),
    ("/requests/{code}", Access::SignedIn),
    ("/requests/{code}/receipt", Access::SignedIn),
    ("/requests/{code}/dispute", Access::SignedIn),
    ("/staff", Access::Staff),
    ("/staff/requests/{code}", Access::Staff),
    ("/staff/requests/{code}/dispute", Access::Staff),
    ("/staff/canned", Access::Supervisor),
    ("/admin/types", Access::Admin),
    ("/admin/types/{id}", Access::Admin),
    ("/admin/groups", Access::Admin),
    ("/admin/calendar", Access::Admin),
    ("/admin/staff", Access::Admin),
    ("/admin/tariffs", Access::Admin),
    ("/admin/tariffs/import/{token}", Access::Admin),
    ("/staff/sla", Access::Supervisor),
    ("/staff/payments", Access::Supervisor),
    ("/sla", Access::Public),
    ("/calls", Access::Public),
    ("/admin/calls", Access::Admin),
];

/// Other routes: live events, health, static files.
const OTHER: &[(&str, Access)] = &[
    ("/events", Access::SignedIn),
    ("/healthz", Access::Public),
    ("/files/{id}", Access::SignedIn),
    ("/documents/{id}", Access::SignedIn),
    ("/staff/sla/export.csv", Access::Supervisor),
    ("/staff/sla/export.xlsx", Access::Supervisor),
    ("/staff/payments/export.csv", Access::Supervisor),
    ("/staff/payments/export.xlsx", Access::Supervisor),
    // Paying: the applicant starts it from their request; the gateway sends the payer back to
    // the callback, which is reached cross-site and checked by its state (see `web::payments`).
    ("/pay/{code}/start", Access::Applicant),
    ("/pay/{code}/callback", Access::Public),
];

fn matches_pattern(pattern: &str, path: &str) -> bool {
    let mut p = pattern.split('/');
    let mut s = path.split('/');
    loop {
        match (p.next(), s.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a.starts_with('{') && a.ends_with('}') && !b.is_empty() => {}
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

/// The access rule for a path; `None` for paths that are neither pages nor server functions
/// (static files, which are public, and unknown paths, which answer 404).
pub fn access_for_path(path: &str) -> Option<Access> {
    if path.starts_with("/api/") {
        // Unknown server function paths are refused.
        return Some(crate::api::access_of(path).unwrap_or(Access::Admin));
    }
    PAGES
        .iter()
        .chain(OTHER)
        .find(|(p, _)| matches_pattern(p, path))
        .map(|(_, a)| *a)
}

pub(super) async fn access_guard(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    // One spelling per page: "/staff/" would otherwise miss its rule and fall through to the
    // router, which accepts it.
    // No page has a backslash in its address; browsers read one at the start of a redirect's
    // target as a slash, which would make "/\\evil.example/" a redirect to another site.
    if path.contains('\\') || path.to_ascii_lowercase().contains("%5c") {
        return not_found_plain();
    }
    if path.len() > 1 && (path.ends_with('/') || path.contains("//")) {
        let mut clean = path
            .split('/')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("/");
        clean.insert(0, '/');
        if let Some(q) = req.uri().query() {
            clean.push('?');
            clean.push_str(q);
        }
        return Redirect::permanent(&clean).into_response();
    }
    let role = req.extensions().get::<Viewer>().and_then(|v| v.role());
    let Some(access) = access_for_path(&path) else {
        return next.run(req).await;
    };
    match access.check(role) {
        // The forms with files are multipart; anything else posted there is refused here,
        // before the server function's decoder sees it.
        Ok(())
            if crate::api::upload::MULTIPART_ENDPOINTS.contains(&path.as_str())
                && !req
                    .headers()
                    .get(header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.starts_with("multipart/form-data")) =>
        {
            crate::wire::AppError::validation("files", crate::copy::ERR_UPLOAD_BROKEN)
                .into_response_status()
        }
        Ok(()) => next.run(req).await,
        // A plain form post (no JavaScript) whose session ended: back to the login page.
        Err(Denied::Unauthenticated) if path.starts_with("/api/") && wants_html(&req) => {
            let back = req
                .headers()
                .get(header::REFERER)
                .and_then(|v| v.to_str().ok())
                .and_then(|r| r.find("://").map(|i| &r[i + 3..]))
                .and_then(|r| r.find('/').map(|i| r[i..].to_string()))
                .unwrap_or_else(|| "/".into());
            Redirect::to(&format!("/login?next={}", url_encode(&back))).into_response()
        }
        Err(denied)
            if path.starts_with("/api/")
                || path == "/events"
                || path.starts_with("/files/")
                || path.starts_with("/documents/") =>
        {
            let err = match denied {
                Denied::Unauthenticated => crate::wire::AppError::Unauthenticated,
                Denied::Forbidden => crate::wire::AppError::Forbidden,
            };
            let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::FORBIDDEN);
            let body = serde_json::to_string(&err).unwrap_or_default();
            (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
        }
        Err(Denied::Unauthenticated) => {
            let next_path = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/");
            let target = format!("/login?next={}", url_encode(next_path));
            Redirect::to(&target).into_response()
        }
        Err(Denied::Forbidden) => forbidden_page(),
    }
}

fn wants_html(req: &Request) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn not_found_plain() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        crate::copy::ERR_NOT_FOUND,
    )
        .into_response()
}

fn forbidden_page() -> Response {
    let html = format!(
        "<!DOCTYPE html><html lang=\"fa\" dir=\"rtl\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"{css}\"></head>\
         <body><main id=\"main\" class=\"page narrow\"><h1>{title}</h1><p>{body}</p>\
         <p><a href=\"/\">{home}</a></p></main></body></html>",
        title = crate::copy::FORBIDDEN_TITLE,
        css = super::assets::assets().css_href(),
        body = crate::copy::ERR_FORBIDDEN,
        home = crate::copy::BACK_HOME,
    );
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response()
}

/// State-changing requests must come from our own pages: refused when the browser says the
/// request is cross-site, or when its `Origin` is foreign.
pub(super) async fn cross_site_guard(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    // The one state-changing route a foreign site reaches: a gateway posts the payer back here.
    // It trusts nothing it is sent; it only names an attempt of ours to verify.
    if super::payments::is_callback(req.uri().path()) {
        return next.run(req).await;
    }
    if is_cross_site(req.headers(), state.config.public_origin.as_deref()) {
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "application/json")],
            serde_json::to_string(&crate::wire::AppError::Forbidden).unwrap_or_default(),
        )
            .into_response();
    }
    next.run(req).await
}

pub fn is_cross_site(headers: &HeaderMap, public_origin: Option<&str>) -> bool {
    if headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("cross-site"))
    {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    if origin == "null" {
        return true;
    }
    match public_origin {
        Some(expected) => origin != expected,
        None => {
            let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
            let origin_host = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"));
            origin_host != host
        }
    }
}

/// The span a request is served in: its method, its route (the pattern it matched, such as
/// `/staff/requests/{code}`, or its path when it matched none) and a fresh id, so that every line
/// logged while serving it says which request it came from. At the level of errors, so it is
/// there whenever an error is logged.
pub fn request_span(req: &Request) -> tracing::Span {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| req.uri().path(), MatchedPath::as_str);
    tracing::error_span!(
        "request",
        method = %req.method(),
        route = %route,
        request_id = %new_request_id(),
    )
}

/// Twelve hex digits: enough to tell one request's lines from the others'.
fn new_request_id() -> String {
    let mut bytes = [0u8; 6];
    if getrandom::fill(&mut bytes).is_err() {
        return String::from("-");
    }
    hex::encode(bytes)
}

fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // Without randomness the page's inline scripts are simply refused by the browser.
        return String::from("unavailable");
    }
    hex::encode(bytes)
}

pub(super) async fn security_headers(
    State(state): State<AppState>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    let nonce = new_nonce();
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let path = req.uri().path().to_string();
    let mut res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    // Paying sends the payer's browser on to the gateway's page, by a redirect after our form or
    // by a form posted to it: both are form navigations the policy must allow.
    let gateway = state
        .gateway
        .as_ref()
        .map(|g| format!(" {}", g.page_origin()))
        .unwrap_or_default();
    let csp = if is_html {
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
             style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
             object-src 'none'; base-uri 'self'; form-action 'self'{gateway}; frame-ancestors 'none'"
        )
    } else {
        "default-src 'none'; frame-ancestors 'none'; sandbox".to_string()
    };
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Served over TLS (its cookies are marked Secure, or its public address is https): browsers
    // must never fall back to plain HTTP for it.
    if state.config.cookie_secure
        || state
            .config
            .public_origin
            .as_deref()
            .is_some_and(|o| o.starts_with("https://"))
    {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    let personal = is_html || path.starts_with("/api/") || path == "/events";
    if personal {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    } else if (path.starts_with("/pkg/") || path.starts_with("/fonts/"))
        && !h.contains_key(header::CACHE_CONTROL)
    {
        // A static file says how long it keeps (see `assets`); anything else revalidates.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_patterns_match_segments() {
        assert!(matches_pattern("/requests/{code}", "/requests/0412345678"));
        assert!(!matches_pattern("/requests/{code}", "/requests/"));
        assert!(!matches_pattern("/requests/{code}", "/requests/a/b"));
        assert_eq!(access_for_path("/requests/new"), Some(Access::Applicant));
        assert_eq!(access_for_path("/api/not-a-function"), Some(Access::Admin));
        assert_eq!(access_for_path("/pkg/poshtiban.js"), None);
    }

    #[test]
    fn cross_site_posts_are_recognised() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:3000"));
        assert!(!is_cross_site(&h, None));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:3000"),
        );
        assert!(!is_cross_site(&h, None));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        assert!(is_cross_site(&h, None));
        let mut h = HeaderMap::new();
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(is_cross_site(&h, None));
        let mut h = HeaderMap::new();
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://support.example.ir"),
        );
        assert!(!is_cross_site(&h, Some("https://support.example.ir")));
    }
}
