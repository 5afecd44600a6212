//! Forms that carry files: posted as `multipart/form-data`, with or without JavaScript.

#[cfg(feature = "ssr")]
pub(crate) use server::*;

/// Server functions whose input is multipart; anything else posted to them is refused before it
/// reaches them (the decoder would otherwise fail loudly).
pub const MULTIPART_ENDPOINTS: &[&str] = &[
    "/api/create_request",
    "/api/reply",
    "/api/insert_canned",
    "/api/upload_document",
    "/api/bulk_action",
    "/api/upload_tariff_import",
    "/api/create_call",
    "/api/raise_dispute",
    "/api/dispute_write",
];

#[cfg(feature = "ssr")]
mod server {
    use leptos::server_fn::codec::MultipartData;

    use crate::api::FormFields;
    use crate::copy;
    use crate::server::requests::files::Upload;
    use crate::wire::AppError;

    /// Text fields are small; anything longer than this is not a form field of ours.
    const MAX_TEXT_FIELD: usize = 64 * 1024;

    /// What a multipart form sent.
    pub struct Submitted {
        pub fields: FormFields,
        pub files: Vec<Upload>,
    }

    /// Reads a form posted about a request: files up to the per-file limit, the whole body up
    /// to the per-request limit (plus room for the text fields).
    pub async fn read_for_request(
        data: MultipartData,
        state: &crate::server::platform::state::AppState,
    ) -> Result<Submitted, AppError> {
        read(
            data,
            state.config.max_file_bytes(),
            state.config.max_request_bytes() + 1024 * 1024,
        )
        .await
    }

    /// Reads a multipart body, stopping as soon as a file passes `max_file_bytes` or the whole
    /// body passes `max_total_bytes`, so an oversized upload is refused without being stored.
    pub async fn read(
        data: MultipartData,
        max_file_bytes: u64,
        max_total_bytes: u64,
    ) -> Result<Submitted, AppError> {
        let Some(mut mp) = data.into_inner() else {
            return Err(AppError::Internal);
        };
        let mut fields = Vec::new();
        let mut files = Vec::new();
        let mut total: u64 = 0;
        let too_large = || {
            AppError::validation(
                "files",
                crate::domain::files::FileError::TooLarge {
                    limit_mb: max_file_bytes / (1024 * 1024),
                }
                .message(),
            )
        };
        let bad = |e: multer::Error| {
            tracing::warn!(error = %e, "unreadable multipart body");
            AppError::validation("files", copy::ERR_UPLOAD_BROKEN)
        };
        while let Some(mut field) = mp.next_field().await.map_err(bad)? {
            let name = field.name().unwrap_or_default().to_string();
            let file_name = field.file_name().map(str::to_string);
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(bad)? {
                total += chunk.len() as u64;
                let limit = if file_name.is_some() {
                    max_file_bytes
                } else {
                    MAX_TEXT_FIELD as u64
                };
                if bytes.len() as u64 + chunk.len() as u64 > limit || total > max_total_bytes {
                    return Err(if file_name.is_some() {
                        too_large()
                    } else {
                        AppError::validation("files", copy::ERR_UPLOAD_BROKEN)
                    });
                }
                bytes.extend_from_slice(&chunk);
            }
            match file_name {
                Some(file_name) => files.push(Upload {
                    input: name,
                    name: file_name,
                    bytes,
                }),
                None => fields.push((name, String::from_utf8_lossy(&bytes).into_owned())),
            }
        }
        Ok(Submitted {
            fields: FormFields(fields),
            files,
        })
    }
}
