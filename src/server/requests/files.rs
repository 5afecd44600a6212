//! Attachments, guide files and staff documents: stored through a small blob-store interface
//! (the default keeps contents in the database), served only to those who may see them, always
//! as downloads.

use sha2::{Digest, Sha256};
use sqlx::{Any, Row, Transaction};

use crate::domain::files::{FileError, FileKind, check_upload, safe_file_name};
use crate::server::platform::db::{Backend, Db};
use crate::server::platform::state::AppState;
use crate::wire::AppError;
use crate::wire::AttachmentDto;

/// Where file contents live. Rows name contents by key; the store keeps the bytes. Writing takes
/// the caller's transaction, so a store that can join it (the database) is all-or-nothing with
/// the row; an external store would write first and leave an orphan on rollback, never a hole.
pub trait BlobStore: Send + Sync {
    fn put<'a>(
        &'a self,
        tx: &'a mut Transaction<'static, Any>,
        bytes: &'a [u8],
        now: i64,
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
        now: i64,
    ) -> futures::future::BoxFuture<'a, Result<String, AppError>> {
        Box::pin(async move {
            let sha = hex::encode(Sha256::digest(bytes));
            let id: i64 = sqlx::query(
                "INSERT INTO blobs (sha256, size, content, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(&sha)
            .bind(bytes.len() as i64)
            .bind(bytes.to_vec())
            .bind(now)
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
    // A form field's file is refused beside that field; attachments beside theirs.
    let field = if input.starts_with("field_") {
        input
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

/// Bytes already attached to a request, as committed (a first check before the write, which
/// `ensure_room` repeats inside it).
pub async fn stored_bytes(db: &Db, request_id: i64) -> Result<u64, AppError> {
    let n: i64 = sqlx::query(STORED_BYTES)
        .bind(request_id)
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    Ok(n.max(0) as u64)
}

/// PostgreSQL sums BIGINT into NUMERIC; the cast keeps one integer type on both databases.
const STORED_BYTES: &str =
    "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) AS n FROM attachments WHERE request_id = $1";

/// Refuses `files` if, with what the request holds, they would pass `max_request_bytes`; the
/// first statement of the write transaction that attaches them. Parallel uploads to one request
/// are counted one after the other: on SQLite this transaction is the only writer, on PostgreSQL
/// it locks the request's row first, so the next upload waits and then counts these files.
pub async fn ensure_room(
    tx: &mut Transaction<'static, Any>,
    backend: Backend,
    request_id: i64,
    files: &[CheckedUpload],
    max_request_bytes: u64,
) -> Result<(), AppError> {
    if files.is_empty() {
        return Ok(());
    }
    if backend == Backend::Postgres {
        sqlx::query("SELECT id FROM requests WHERE id = $1 FOR UPDATE")
            .bind(request_id)
            .fetch_optional(&mut **tx)
            .await?;
    }
    let stored: i64 = sqlx::query(STORED_BYTES)
        .bind(request_id)
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
    let mut total = stored.max(0) as u64;
    for f in files {
        total += f.bytes.len() as u64;
        if total > max_request_bytes {
            return Err(file_error(
                &f.input,
                FileError::RequestTotalTooLarge {
                    limit_mb: max_request_bytes / (1024 * 1024),
                },
                &f.name,
            ));
        }
    }
    Ok(())
}

/// The attachments a post carries (its `files` input), checked against the limits with what
/// the request already holds; [`room`] counts them again inside the write.
pub async fn checked_attachments(
    state: &AppState,
    request_id: i64,
    uploads: Vec<Upload>,
) -> Result<Vec<CheckedUpload>, AppError> {
    let uploads = uploads.into_iter().filter(|u| u.input == "files").collect();
    check_uploads(
        uploads,
        state.config.max_file_bytes(),
        state.config.max_request_bytes(),
        stored_bytes(&state.db, request_id).await?,
    )
}

/// [`ensure_room`] with the configured limit: the first statement of the write that attaches
/// `files`, where parallel uploads cannot both pass.
pub async fn room(
    state: &AppState,
    tx: &mut Transaction<'static, Any>,
    request_id: i64,
    files: &[CheckedUpload],
) -> Result<(), AppError> {
    ensure_room(
        tx,
        state.db.backend,
        request_id,
        files,
        state.config.max_request_bytes(),
    )
    .await
}

/// Stores checked files, all where `to` says, in the caller's transaction.
pub async fn attach_all(
    state: &AppState,
    tx: &mut Transaction<'static, Any>,
    to: &AttachTo,
    files: &[CheckedUpload],
) -> Result<(), AppError> {
    for file in files {
        attach(tx, state.blobs.as_ref(), to, file).await?;
    }
    Ok(())
}

/// Where a stored attachment belongs.
pub struct AttachTo {
    pub request_id: i64,
    pub message_id: Option<i64>,
    pub field_id: Option<i64>,
    /// A dispute's file (the request's files leave it out); with the thread's entry it came with.
    pub dispute: Option<(i64, Option<i64>)>,
    pub uploader_id: i64,
    pub internal: bool,
    /// When it is attached.
    pub at: i64,
}

/// Stores a checked file and its attachment row in the caller's transaction.
pub async fn attach(
    tx: &mut Transaction<'static, Any>,
    store: &dyn BlobStore,
    to: &AttachTo,
    file: &CheckedUpload,
) -> Result<i64, AppError> {
    let key = store.put(tx, &file.bytes, to.at).await?;
    let id: i64 = sqlx::query(
        "INSERT INTO attachments (request_id, message_id, field_id, dispute_id, dispute_message_id, \
         uploader_id, file_name, kind, size, blob_key, internal, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(to.request_id)
    .bind(to.message_id)
    .bind(to.field_id)
    .bind(to.dispute.map(|(d, _)| d))
    .bind(to.dispute.and_then(|(_, m)| m))
    .bind(to.uploader_id)
    .bind(&file.name)
    .bind(file.kind.as_str())
    .bind(file.bytes.len() as i64)
    .bind(&key)
    .bind(i64::from(to.internal))
    .bind(to.at)
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    Ok(id)
}

/// The attachments of a request a viewer may see (applicants: not those of internal notes),
/// without its dispute's.
pub async fn list_for_request(
    db: &Db,
    request_id: i64,
    staff: bool,
) -> Result<Vec<AttachmentDto>, AppError> {
    let filter = if staff { "" } else { " AND internal = 0" };
    listed(
        db,
        format!("request_id = $1 AND dispute_id IS NULL{filter}"),
        request_id,
    )
    .await
    .map(|rows| rows.into_iter().map(|(_, a)| a).collect())
}

/// The files of a dispute a viewer may see, each with the thread's entry it came with (none:
/// filed with the dispute).
pub async fn list_for_dispute(
    db: &Db,
    dispute_id: i64,
    staff: bool,
) -> Result<Vec<(Option<i64>, AttachmentDto)>, AppError> {
    let filter = if staff { "" } else { " AND internal = 0" };
    listed(db, format!("dispute_id = $1{filter}"), dispute_id).await
}

async fn listed(
    db: &Db,
    filter: String,
    id: i64,
) -> Result<Vec<(Option<i64>, AttachmentDto)>, AppError> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT id, message_id, field_id, dispute_message_id, file_name, kind, size, internal \
         FROM attachments WHERE {filter} ORDER BY id"
    )))
    .bind(id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get("dispute_message_id")?,
            AttachmentDto {
                id: r.try_get("id")?,
                message_id: r.try_get("message_id")?,
                field_id: r.try_get("field_id")?,
                file_name: r.try_get("file_name")?,
                kind: FileKind::parse(&r.try_get::<String, _>("kind")?).unwrap_or(FileKind::Text),
                size: r.try_get("size")?,
                internal: r.try_get::<i64, _>("internal")? == 1,
            },
        ))
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
