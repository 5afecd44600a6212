//! Attachments, guide files and staff documents: stored through a small blob-store interface
//! (the default keeps contents in the database), served only to those who may see them, always
//! as downloads.

use axum::Extension;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use sqlx::{Any, Row, Transaction};

use crate::api::dto::AttachmentDto;
use crate::domain::files::{FileError, FileKind, check_upload, safe_file_name};
use crate::error::AppError;
use crate::server::auth::Viewer;
use crate::server::db::{Db, now_ms};
use crate::server::state::AppState;

/// Where file contents live. Rows name contents by key; the store keeps the bytes. Writing takes
/// the caller's transaction, so a store that can join it (the database) is all-or-nothing with
/// the row; an external store would write first and leave an orphan on rollback, never a hole.
pub trait BlobStore: Send + Sync {
    fn put<'a>(
        &'a self,
        tx: &'a mut Transaction<'static, Any>,
        bytes: &'a [u8],
    ) -> futures::future::BoxFuture<'a, Result<String, AppError>>;

    fn get<'a>(
        &'a self,
        db: &'a Db,
        key: &'a str,
    ) -> futures::future::BoxFuture<'a, Result<Option<Vec<u8>>, AppError>>;
}

/// The default store: a `blobs` table in the same database.
pub struct DbBlobStore;

impl BlobStore for DbBlobStore {
    fn put<'a>(
        &'a self,
        tx: &'a mut Transaction<'static, Any>,
        bytes: &'a [u8],
    ) -> futures::future::BoxFuture<'a, Result<String, AppError>> {
        Box::pin(async move {
            let sha = hex::encode(Sha256::digest(bytes));
            let id: i64 = sqlx::query(
                "INSERT INTO blobs (sha256, size, content, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(&sha)
            .bind(bytes.len() as i64)
            .bind(bytes.to_vec())
            .bind(now_ms())
            .fetch_one(&mut **tx)
            .await?
            .try_get("id")?;
            Ok(format!("db:{id}"))
        })
    }

    fn get<'a>(
        &'a self,
        db: &'a Db,
        key: &'a str,
    ) -> futures::future::BoxFuture<'a, Result<Option<Vec<u8>>, AppError>> {
        Box::pin(async move {
            let Some(id) = key.strip_prefix("db:").and_then(|k| k.parse::<i64>().ok()) else {
                return Ok(None);
            };
            Ok(sqlx::query("SELECT content FROM blobs WHERE id = $1")
                .bind(id)
                .fetch_optional(&db.pool)
                .await?
                .map(|r| r.try_get::<Vec<u8>, _>("content"))
                .transpose()?)
        })
    }
}

/// A file as received, before it is checked.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The form field it came in (`files`, or `field_<id>` for a file field of the service form).
    pub input: String,
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A file that passed the checks.
#[derive(Debug, Clone)]
pub struct CheckedUpload {
    pub input: String,
    pub name: String,
    pub kind: FileKind,
    pub bytes: Vec<u8>,
}

pub const MAX_FILES_PER_POST: usize = 10;

fn file_error(input: &str, e: FileError, name: &str) -> AppError {
    let field = if input.starts_with("field_") {
        "fields"
    } else {
        "files"
    };
    AppError::validation(field, format!("{} ({name})", e.message()))
}

/// Checks the files of one post against the per-file limit and what the request already holds.
pub fn check_uploads(
    uploads: Vec<Upload>,
    max_file_bytes: u64,
    max_request_bytes: u64,
    already_stored: u64,
) -> Result<Vec<CheckedUpload>, AppError> {
    let uploads: Vec<Upload> = uploads
        .into_iter()
        .filter(|u| !u.bytes.is_empty() || !u.name.is_empty())
        .collect();
    if uploads.len() > MAX_FILES_PER_POST {
        return Err(AppError::validation("files", FileError::TooMany.message()));
    }
    let mut total = already_stored;
    let mut out = Vec::with_capacity(uploads.len());
    for u in uploads {
        let name = safe_file_name(&u.name);
        let kind = check_upload(&name, &u.bytes, max_file_bytes)
            .map_err(|e| file_error(&u.input, e, &name))?;
        total += u.bytes.len() as u64;
        if total > max_request_bytes {
            return Err(file_error(
                &u.input,
                FileError::RequestTotalTooLarge {
                    limit_mb: max_request_bytes / (1024 * 1024),
                },
                &name,
            ));
        }
        out.push(CheckedUpload {
            input: u.input,
            name,
            kind,
            bytes: u.bytes,
        });
    }
    Ok(out)
}

/// Bytes already attached to a request.
pub async fn stored_bytes(db: &Db, request_id: i64) -> Result<u64, AppError> {
    // PostgreSQL sums BIGINT into NUMERIC; the cast keeps one integer type on both databases.
    let n: i64 = sqlx::query(
        "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) AS n FROM attachments WHERE request_id = $1",
    )
    .bind(request_id)
    .fetch_one(&db.pool)
    .await?
    .try_get("n")?;
    Ok(n.max(0) as u64)
}

/// Where a stored attachment belongs.
pub struct AttachTo {
    pub request_id: i64,
    pub message_id: Option<i64>,
    pub field_id: Option<i64>,
    pub uploader_id: i64,
    pub internal: bool,
}

/// Stores a checked file and its attachment row in the caller's transaction.
pub async fn attach(
    tx: &mut Transaction<'static, Any>,
    store: &dyn BlobStore,
    to: &AttachTo,
    file: &CheckedUpload,
) -> Result<i64, AppError> {
    let key = store.put(tx, &file.bytes).await?;
    let id: i64 = sqlx::query(
        "INSERT INTO attachments (request_id, message_id, field_id, uploader_id, file_name, kind, size, \
         blob_key, internal, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(to.request_id)
    .bind(to.message_id)
    .bind(to.field_id)
    .bind(to.uploader_id)
    .bind(&file.name)
    .bind(file.kind.as_str())
    .bind(file.bytes.len() as i64)
    .bind(&key)
    .bind(i64::from(to.internal))
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    Ok(id)
}

/// The attachments of a request a viewer may see (applicants: not those of internal notes).
pub async fn list_for_request(
    db: &Db,
    request_id: i64,
    staff: bool,
) -> Result<Vec<AttachmentDto>, AppError> {
    let filter = if staff { "" } else { " AND internal = 0" };
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT id, message_id, field_id, file_name, kind, size, internal FROM attachments \
         WHERE request_id = $1{filter} ORDER BY id"
    )))
    .bind(request_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(AttachmentDto {
            id: r.try_get("id")?,
            message_id: r.try_get("message_id")?,
            field_id: r.try_get("field_id")?,
            file_name: r.try_get("file_name")?,
            kind: FileKind::parse(&r.try_get::<String, _>("kind")?).unwrap_or(FileKind::Text),
            size: r.try_get("size")?,
            internal: r.try_get::<i64, _>("internal")? == 1,
        })
    })
    .collect()
}

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

    #[test]
    fn limits_per_file_and_per_request() {
        let pdf = |n: usize| Upload {
            input: "files".into(),
            name: "a.pdf".into(),
            bytes: [b"%PDF-".as_slice(), &vec![b'x'; n]].concat(),
        };
        assert_eq!(
            check_uploads(vec![pdf(10)], 100, 1000, 0).map(|v| v.len()),
            Ok(1)
        );
        assert!(check_uploads(vec![pdf(200)], 100, 1000, 0).is_err());
        assert!(check_uploads(vec![pdf(50), pdf(50)], 100, 100, 0).is_err());
        assert!(check_uploads(vec![pdf(50)], 100, 100, 90).is_err());
        // An empty file input (nothing chosen) is no file.
        let none = Upload {
            input: "files".into(),
            name: String::new(),
            bytes: Vec::new(),
        };
        assert_eq!(
            check_uploads(vec![none], 100, 100, 0).map(|v| v.len()),
            Ok(0)
        );
        let many = (0..=MAX_FILES_PER_POST).map(|_| pdf(1)).collect();
        assert!(check_uploads(many, 100, 10_000, 0).is_err());
    }
}
