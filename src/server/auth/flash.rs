//! The outcome of a plain form post (no JavaScript) that failed, carried to the page the browser
//! returns to. The framework would carry it in that page's address (`?__path=…&__err=…`), where
//! anyone could write an "error" of their own into a link. It is kept here instead, under a
//! random token in a short-lived cookie that only our own answer can set, and read once.

use sqlx::Row;

use crate::server::auth::{new_token, token_hash};
use crate::server::platform::db::Db;
use crate::wire::AppError;

pub const FLASH_COOKIE: &str = "poshtiban_flash";
/// How long a failed post's outcome waits for its page.
const FLASH_TTL_MS: i64 = 10 * 60_000;

/// A failed post's outcome: the server function's path and its error as the framework encodes
/// it for `ServerActionError`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub action_path: String,
    pub error: String,
}

/// Keeps the outcome of a post to `action_path` for the page at `page_path`; returns the token
/// for the cookie.
pub async fn store(
    db: &Db,
    page_path: &str,
    action_path: &str,
    error: &str,
) -> Result<String, AppError> {
    let token = new_token()?;
    let mut w = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO form_flash (token_hash, page_path, action_path, error, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash(&token))
    .bind(page_path)
    .bind(action_path)
    .bind(error)
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
         RETURNING action_path, error",
    )
    .bind(token_hash(token))
    .bind(page_path)
    .bind(db.now_ms() - FLASH_TTL_MS)
    .fetch_optional(&mut *w.tx)
    .await?;
    w.commit().await?;
    row.map(|r| {
        Ok(Flash {
            action_path: r.try_get("action_path")?,
            error: r.try_get("error")?,
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

    #[test]
    fn error_keys_are_found_however_they_are_spelled() {
        let (errors, rest) = split_query("next=%2Frequests&%5F%5Ferr=AAAA&__path=%2Fapi%2Flogin");
        assert_eq!(errors.len(), 2);
        assert_eq!(rest, vec![("next".to_string(), "/requests".to_string())]);
        assert_eq!(local_address("/login", &rest), "/login?next=%2Frequests");
        assert_eq!(local_address("/login", &[]), "/login");
    }
}
