//! The outcome of a plain form post (no JavaScript) that failed, carried to the page the browser
//! returns to. The framework would carry it in that page's address (`?__path=…&__err=…`), where
//! anyone could write an "error" of their own into a link. It is kept here instead, under a
//! random token in a short-lived cookie that only our own answer can set, and read once.

use sqlx::Row;

use crate::server::auth::{new_token, token_hash};
use crate::server::platform::db::Db;
use crate::wire::{AppError, FormEcho};

pub const FLASH_COOKIE: &str = "poshtiban_flash";
/// How long a failed post's outcome waits for its page.
const FLASH_TTL_MS: i64 = 10 * 60_000;

/// A failed post's outcome: the server function's path and its error as the framework encodes
/// it for `ServerActionError`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub action_path: String,
    pub error: String,
    /// The form as it was sent, to be shown again.
    pub echo: FormEcho,
}

/// Keeps the outcome of a post to `action_path` for the page at `page_path`; returns the token
/// for the cookie.
pub async fn store(
    db: &Db,
    page_path: &str,
    action_path: &str,
    error: &str,
    echo: &FormEcho,
) -> Result<String, AppError> {
    let token = new_token()?;
    let fields = serde_json::to_string(echo).map_err(|_| AppError::Internal)?;
    let mut w = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO form_flash (token_hash, page_path, action_path, error, fields, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token_hash(&token))
    .bind(page_path)
    .bind(action_path)
    .bind(error)
    .bind(fields)
    .bind(db.now_ms())
    .execute(&mut *w.tx)
    .await?;
    w.commit().await?;
    Ok(token)
}

/// The outcome kept under `token` for the page at `page_path`, taken (it is read once).
pub async fn take(db: &Db, token: &str, page_path: &str) -> Result<Option<Flash>, AppError> {
    let mut w = db.begin_write().await?;
    let row = sqlx::query(
        "DELETE FROM form_flash WHERE token_hash = $1 AND page_path = $2 AND created_at > $3 \
         RETURNING action_path, error, fields",
    )
    .bind(token_hash(token))
    .bind(page_path)
    .bind(db.now_ms() - FLASH_TTL_MS)
    .fetch_optional(&mut *w.tx)
    .await?;
    w.commit().await?;
    row.map(|r| {
        let fields: String = r.try_get("fields")?;
        Ok(Flash {
            action_path: r.try_get("action_path")?,
            error: r.try_get("error")?,
            // A row written before fields were kept holds `{}`: an empty echo.
            echo: serde_json::from_str(&fields).unwrap_or_default(),
        })
    })
    .transpose()
}

pub fn cookie(token: &str, secure: bool) -> String {
    let max_age = FLASH_TTL_MS / 1000;
    let secure = if secure { "; Secure" } else { "" };
    format!("{FLASH_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

pub fn clear_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{FLASH_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

pub async fn prune(db: &Db) -> Result<(), AppError> {
    let mut w = db.begin_write().await?;
    sqlx::query("DELETE FROM form_flash WHERE created_at <= $1")
        .bind(db.now_ms() - FLASH_TTL_MS)
        .execute(&mut *w.tx)
        .await?;
    w.commit().await?;
    Ok(())
}

/// Fields never kept for a form's second showing: what proves who someone is.
pub fn is_secret(name: &str) -> bool {
    crate::domain::account::is_secret_field(name)
}

/// What a plain form post held, from its body: its text fields (secrets left out) and the
/// names of the files chosen in it. `content_type` is the request's; other bodies echo nothing.
pub async fn echo_of(content_type: &str, body: axum::body::Bytes) -> FormEcho {
    let mut echo = FormEcho::default();
    if content_type.starts_with("application/x-www-form-urlencoded") {
        echo.fields = form_urlencoded::parse(&body)
            .filter(|(k, _)| !is_secret(k))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    } else if let Ok(boundary) = multer::parse_boundary(content_type) {
        let stream = futures::stream::once(async move { Ok::<_, std::io::Error>(body) });
        let mut parts = multer::Multipart::new(stream, boundary);
        while let Ok(Some(part)) = parts.next_field().await {
            let name = part.name().unwrap_or_default().to_string();
            if let Some(file) = part.file_name() {
                if !file.is_empty() {
                    echo.files.push(file.to_string());
                }
                continue;
            }
            if is_secret(&name) {
                continue;
            }
            if let Ok(text) = part.text().await {
                echo.fields.push((name, text));
            }
        }
    }
    echo
}

/// The query keys through which the framework reads a form's error from a page's address.
pub fn is_error_key(key: &str) -> bool {
    key == "__err" || key == "__path"
}

/// A query's decoded pairs.
pub type Pairs = Vec<(String, String)>;

/// Splits an address's query into the framework's error keys and the rest.
pub fn split_query(query: &str) -> (Pairs, Pairs) {
    form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .partition(|(k, _)| is_error_key(k))
}

/// A local address: `path` with `pairs` as its query.
pub fn local_address(path: &str, pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return path.to_string();
    }
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .finish();
    format!("{path}?{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_form_is_echoed_without_its_secrets_and_its_files_by_name() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"subject\"\r\n\r\nسلام\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nsecret\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.pdf\"\r\n\
                    Content-Type: application/pdf\r\n\r\n%PDF\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\"\r\n\
                    Content-Type: application/octet-stream\r\n\r\n\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nمتن\r\n\
                    --XyZ--\r\n";
        let echo = echo_of(
            "multipart/form-data; boundary=XyZ",
            axum::body::Bytes::from(body),
        )
        .await;
        assert_eq!(echo.value("subject"), Some("سلام"));
        assert_eq!(echo.value("description"), Some("متن"));
        assert_eq!(echo.value("password"), None);
        assert_eq!(echo.files, vec!["a.pdf".to_string()]);
        let plain = echo_of(
            "application/x-www-form-urlencoded",
            axum::body::Bytes::from("full_name=%D8%B3&password=x&code=123456"),
        )
        .await;
        assert_eq!(
            plain.fields,
            vec![("full_name".to_string(), "س".to_string())]
        );
    }

    #[test]
    fn error_keys_are_found_however_they_are_spelled() {
        let (errors, rest) = split_query("next=%2Frequests&%5F%5Ferr=AAAA&__path=%2Fapi%2Flogin");
        assert_eq!(errors.len(), 2);
        assert_eq!(rest, vec![("next".to_string(), "/requests".to_string())]);
        assert_eq!(local_address("/login", &rest), "/login?next=%2Frequests");
        assert_eq!(local_address("/login", &[]), "/login");
    }
}
