//! Paying, in plain HTTP: `POST /pay/{code}/start` sends the payer to the gateway (a redirect,
//! or a form posted to it), and `/pay/{code}/callback` is where the gateway sends them back.
//! Both work without JavaScript. The callback is the one state-changing route a foreign site
//! reaches (SEP posts it): it is not checked by `Origin` but by its state: it must name a
//! pending attempt of this very request, which is then verified with the gateway for our amount.

use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::CspNonce;
use crate::server::auth::Viewer;
use crate::server::payments::flow::{self, Settled, StartOutcome};
use crate::server::payments::gateway::Redirect as GatewayRedirect;
use crate::server::platform::state::AppState;
use crate::wire::AppError;

/// Whether `path` is a payment callback (exempt from the cross-site refusal).
pub fn is_callback(path: &str) -> bool {
    let mut parts = path.split('/');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next()),
        (Some(""), Some("pay"), Some(code), Some("callback"), None) if !code.is_empty()
    )
}

/// The app's address as the payer reached it: the configured public origin, or this request's
/// host (so the gateway sends them back to the same place).
fn origin_of(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(o) = &state.config.public_origin {
        return o.clone();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("127.0.0.1:3000");
    let scheme = if state.config.cookie_secure {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// The request page with what happened to the payment (`?payment=…`), which it announces.
fn back_to(code: &str, outcome: &str) -> Response {
    Redirect::to(&format!("/requests/{code}?payment={outcome}")).into_response()
}

/// `POST /pay/{code}/start`: a new attempt for the applicant's own request.
pub async fn start_handler(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    nonce: Option<Extension<CspNonce>>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(user) = viewer.user else {
        return Redirect::to(&format!("/login?next=/requests/{code}")).into_response();
    };
    let origin = origin_of(&state, &headers);
    match flow::start(&state, &user, &code, &origin).await {
        Ok(StartOutcome::Gateway(GatewayRedirect::Get(url))) => Redirect::to(&url).into_response(),
        Ok(StartOutcome::Gateway(GatewayRedirect::Post { url, fields })) => {
            post_onward(&url, &fields, nonce.map(|n| n.0.0).unwrap_or_default())
        }
        Ok(StartOutcome::AlreadyPaid) => back_to(&code, "paid"),
        Ok(StartOutcome::InFlight) => back_to(&code, "in_flight"),
        Ok(StartOutcome::Unavailable) => back_to(&code, "unavailable"),
        Ok(StartOutcome::NothingToPay) => back_to(&code, "nothing"),
        Err(AppError::NotFound) => (StatusCode::NOT_FOUND, "").into_response(),
        Err(e) => e.into_response_status(),
    }
}

/// A page that posts the payer on to the gateway (SEP): at once with JavaScript, by its button
/// without.
fn post_onward(url: &str, fields: &[(String, String)], nonce: String) -> Response {
    let inputs: String = fields
        .iter()
        .map(|(k, v)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                escape(k),
                escape(v)
            )
        })
        .collect();
    let html = format!(
        "<!DOCTYPE html><html lang=\"fa\" dir=\"rtl\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"{css}\"></head>\
         <body><main id=\"main\" class=\"page narrow\"><h1>{title}</h1>\
         <form id=\"onward\" method=\"post\" action=\"{url}\">{inputs}\
         <button type=\"submit\" class=\"button\">{button}</button></form></main>\
         <script nonce=\"{nonce}\">document.getElementById('onward').submit()</script>\
         </body></html>",
        title = crate::copy::PAY_GOING,
        css = super::assets::assets().css_href(),
        url = escape(url),
        button = crate::copy::PAY_BUTTON,
    );
    let mut res = Html(html).into_response();
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    res
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// `GET|POST /pay/{code}/callback`: the gateway's parameters, from the query (Zarinpal) or the
/// posted form (SEP).
pub async fn callback_handler(
    State(state): State<AppState>,
    Path(code): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut params: Vec<(String, String)> =
        form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if is_form {
        params.extend(form_urlencoded::parse(&body).into_owned());
    }
    match flow::callback(&state, &code, &params).await {
        Ok(Settled::Paid) => back_to(&code, "paid"),
        Ok(Settled::Failed(_)) => back_to(&code, "failed"),
        Ok(Settled::Pending) => back_to(&code, "pending"),
        Err(e) => {
            let status = e.status();
            let html = format!(
                "<!DOCTYPE html><html lang=\"fa\" dir=\"rtl\"><head><meta charset=\"utf-8\">\
                 <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
                 <title>{title}</title><link rel=\"stylesheet\" href=\"{css}\"></head>\
                 <body><main id=\"main\" class=\"page narrow\"><h1>{title}</h1>\
                 <p role=\"alert\">{message}</p><p><a href=\"/requests\">{back}</a></p></main>\
                 </body></html>",
                title = crate::copy::PAY_TITLE,
                css = super::assets::assets().css_href(),
                message = escape(&e.to_string()),
                back = crate::copy::NAV_MY_REQUESTS,
            );
            (
                StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
                Html(html),
            )
                .into_response()
        }
    }
}
