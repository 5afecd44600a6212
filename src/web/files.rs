//! `GET /files/{id}` and `GET /documents/{id}`: attachments, guide files and staff documents,
//! served only to those who may see them, always as downloads.

use axum::Extension;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sqlx::Row;

use crate::domain::files::FileKind;
use crate::server::auth::Viewer;
use crate::server::platform::state::AppState;
use crate::wire::AppError;

/// A download: the bytes with headers that make every browser save, never render, them.
fn download(name: &str, kind: FileKind, bytes: Vec<u8>) -> Response {
    // RFC 6266 / 5987: an ASCII fallback and the UTF-8 name.
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    let mut res = Response::new(Body::from(bytes));
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind.mime()));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    res
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "").into_response()
}

/// The signed-in user and the row `sql` finds for the `id` in the path, or the answer to give
/// instead (401 for strangers, 404 for anything not found).
async fn load(
    state: &AppState,
    viewer: Viewer,
    id: &str,
    sql: &'static str,
) -> Result<(crate::server::auth::SessionUser, sqlx::any::AnyRow), Response> {
    let Some(user) = viewer.user else {
        return Err((StatusCode::UNAUTHORIZED, "").into_response());
    };
    let Ok(id) = id.parse::<i64>() else {
        return Err(not_found());
    };
    match sqlx::query(sql)
        .bind(id)
        .fetch_optional(&state.db.pool)
        .await
    {
        Ok(Some(row)) => Ok((user, row)),
        Ok(None) => Err(not_found()),
        Err(e) => Err(AppError::from(e).into_response_status()),
    }
}

/// `GET /files/{id}`: an attachment, for staff whose scope holds its request, or the applicant
/// of its request (not internal).
/// Anyone else gets the same 404 as for a missing file.
pub async fn attachment_handler(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
) -> Response {
    let (user, row) = match load(
        &state,
        viewer,
        &id,
        "SELECT a.file_name, a.kind, a.blob_key, a.internal, r.applicant_id, r.group_id, \
         r.assignee_id FROM attachments a JOIN requests r ON r.id = a.request_id WHERE a.id = $1",
    )
    .await
    {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    let scope = match crate::server::requests::staff_scope(&state.db, &user).await {
        Ok(scope) => scope,
        Err(e) => return e.into_response_status(),
    };
    let visible = match scope {
        Some(scope) => scope.covers(
            row.try_get("group_id").ok().flatten(),
            row.try_get("assignee_id").ok().flatten(),
        ),
        None => {
            row.try_get::<i64, _>("applicant_id").ok() == Some(user.id)
                && row.try_get::<i64, _>("internal").ok() == Some(0)
        }
    };
    if !visible {
        return not_found();
    }
    serve_blob(&state, &row).await
}

/// `GET /documents/{id}`: a guide file (any signed-in user; applicants read them before filing)
/// or a staff document (staff only).
pub async fn document_handler(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
) -> Response {
    let (user, row) = match load(
        &state,
        viewer,
        &id,
        "SELECT file_name, kind, blob_key, audience FROM type_documents WHERE id = $1 AND active = 1",
    )
    .await
    {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    let staff_only = row.try_get::<String, _>("audience").ok().as_deref() != Some("guide");
    if staff_only && !user.role.is_staff() {
        return not_found();
    }
    serve_blob(&state, &row).await
}

async fn serve_blob(state: &AppState, row: &sqlx::any::AnyRow) -> Response {
    let (Ok(name), Ok(kind), Ok(key)) = (
        row.try_get::<String, _>("file_name"),
        row.try_get::<String, _>("kind"),
        row.try_get::<String, _>("blob_key"),
    ) else {
        return not_found();
    };
    let kind = FileKind::parse(&kind).unwrap_or(FileKind::Text);
    match state.blobs.get(&state.db, &key).await {
        Ok(Some(bytes)) => download(&name, kind, bytes),
        Ok(None) => {
            tracing::error!(key, "blob missing");
            not_found()
        }
        Err(e) => e.into_response_status(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downloads_are_attachments_that_never_render() {
        let res = download("کارنامه «ترم ۱».pdf", FileKind::Pdf, b"%PDF-1.4".to_vec());
        let h = res.headers();
        let d = h[header::CONTENT_DISPOSITION].to_str().expect("ascii");
        assert!(d.starts_with("attachment; filename=\""), "{d}");
        assert!(d.contains("filename*=UTF-8''%DA%A9"), "{d}");
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(h[header::CONTENT_TYPE], "application/pdf");
        assert!(
            h[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .expect("csp")
                .contains("sandbox")
        );
    }
}
