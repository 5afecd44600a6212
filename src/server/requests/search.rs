//! The search index of requests (see migrations `0003_search`): written in the transaction that
//! changes a request, read by the staff queue and the applicant's list.

use sqlx::{Any, Row, Transaction};

use crate::domain::search::SearchQuery;
use crate::domain::text::search_key;
use crate::server::platform::db::{Backend, Batch, Db};
use crate::wire::AppError;

/// The public and the staff-only key of one request, built from everything searchable about it.
async fn keys(
    tx: &mut Transaction<'static, Any>,
    request_id: i64,
) -> Result<Option<(String, String)>, AppError> {
    let Some(r) = sqlx::query(
        "SELECT r.tracking_code, r.subject, r.description, u.login_key, u.mobile \
         FROM requests r JOIN users u ON u.id = r.applicant_id WHERE r.id = $1",
    )
    .bind(request_id)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(None);
    };
    let mut public = String::new();
    for part in [
        r.try_get::<Option<String>, _>("tracking_code")?
            .unwrap_or_default(),
        r.try_get("subject")?,
        r.try_get("description")?,
    ] {
        public.push_str(&part);
        public.push('\n');
    }
    let mut private = String::new();
    private.push_str(&r.try_get::<String, _>("login_key")?);
    private.push('\n');
    if let Some(mobile) = r.try_get::<Option<String>, _>("mobile")? {
        private.push_str(&mobile);
        private.push('\n');
    }
    let messages =
        sqlx::query("SELECT body, internal FROM messages WHERE request_id = $1 ORDER BY id")
            .bind(request_id)
            .fetch_all(&mut **tx)
            .await?;
    for m in &messages {
        let target = if m.try_get::<i64, _>("internal")? == 1 {
            &mut private
        } else {
            &mut public
        };
        target.push_str(&m.try_get::<String, _>("body")?);
        target.push('\n');
    }
    let answers = sqlx::query("SELECT value FROM request_answers WHERE request_id = $1")
        .bind(request_id)
        .fetch_all(&mut **tx)
        .await?;
    for a in &answers {
        public.push_str(&a.try_get::<String, _>("value")?);
        public.push('\n');
    }
    Ok(Some((search_key(&public), search_key(&private))))
}

/// Adds the index row of a request just filed, from its text (no lookups: filing is the hot
/// path).
pub fn insert_new_into(
    batch: &mut Batch,
    backend: Backend,
    request_id: i64,
    public_text: &str,
    private_text: &str,
) {
    write_into(
        batch,
        backend,
        request_id,
        search_key(public_text),
        search_key(private_text),
        true,
    );
}

/// Rewrites a request's index row; call inside the transaction that changed the request.
pub async fn refresh(
    tx: &mut Transaction<'static, Any>,
    db: &Db,
    request_id: i64,
) -> Result<(), AppError> {
    let backend = db.backend;
    let Some((public_key, private_key)) = keys(tx, request_id).await? else {
        return Ok(());
    };
    let mut batch = Batch::new(db.now_ms());
    write_into(
        &mut batch,
        backend,
        request_id,
        public_key,
        private_key,
        false,
    );
    batch.run(tx).await?;
    Ok(())
}

/// Adds the statements that write the index row. SQLite's FTS5 keeps the staff-only text in its
/// own column (the staff search matches both columns, so nothing is indexed twice); PostgreSQL's
/// trigram index covers one column holding both.
fn write_into(
    batch: &mut Batch,
    backend: Backend,
    request_id: i64,
    public_key: String,
    private_key: String,
    new: bool,
) {
    match backend {
        // A new request's row is queued, and indexed with others in one transaction by
        // `index_pending` (FTS5 writes a segment per transaction, which is most of a filing's
        // cost if each filing writes its own). A rewrite replaces the row, queued or indexed.
        Backend::Sqlite if new => {
            batch.push(
                "INSERT INTO search_pending (request_id, public_key, staff_key) VALUES ($1, $2, $3)",
                vec![request_id.into(), public_key.into(), private_key.into()],
            );
        }
        Backend::Sqlite => {
            batch.push(
                "DELETE FROM search_pending WHERE request_id = $1",
                vec![request_id.into()],
            );
            batch.push(
                "DELETE FROM request_search WHERE rowid = $1",
                vec![request_id.into()],
            );
            batch.push(
                "INSERT INTO request_search (rowid, public_key, staff_key) VALUES ($1, $2, $3)",
                vec![request_id.into(), public_key.into(), private_key.into()],
            );
        }
        Backend::Postgres => {
            let combined = format!("{public_key} {private_key}");
            batch.push(
                "INSERT INTO request_search (request_id, public_key, staff_key) VALUES ($1, $2, $3) \
                 ON CONFLICT (request_id) DO UPDATE SET public_key = EXCLUDED.public_key, \
                 staff_key = EXCLUDED.staff_key",
                vec![request_id.into(), public_key.into(), combined.into()],
            );
        }
    }
}

/// Rows indexed per transaction by `index_pending`.
const INDEX_BATCH: i64 = 500;

/// SQLite: moves queued index rows of new requests into the FTS5 index, up to `INDEX_BATCH`
/// per transaction; returns how many. PostgreSQL indexes as it writes and queues nothing.
pub async fn index_pending(db: &Db) -> Result<usize, AppError> {
    if db.backend != Backend::Sqlite {
        return Ok(0);
    }
    let mut done = 0;
    loop {
        let mut w = db.begin_write().await?;
        let upto: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(request_id) FROM (SELECT request_id FROM search_pending \
             ORDER BY request_id LIMIT $1)",
        )
        .bind(INDEX_BATCH)
        .fetch_one(&mut *w.tx)
        .await?;
        let Some(upto) = upto else {
            return Ok(done);
        };
        let mut batch = Batch::new(db.now_ms());
        batch
            .push(
                "DELETE FROM request_search WHERE rowid IN \
                 (SELECT request_id FROM search_pending WHERE request_id <= $1)",
                vec![upto.into()],
            )
            .push(
                "INSERT INTO request_search (rowid, public_key, staff_key) \
                 SELECT request_id, public_key, staff_key FROM search_pending WHERE request_id <= $1",
                vec![upto.into()],
            )
            .push_returning(
                "DELETE FROM search_pending WHERE request_id <= $1 RETURNING request_id",
                vec![upto.into()],
            );
        let moved = batch.run(&mut w.tx).await?.len();
        w.commit().await?;
        done += moved;
    }
}

/// Before a search on SQLite: indexes what is still queued, so a search finds every request
/// filed before it (read your writes). Cheap when the queue is empty.
pub async fn catch_up(db: &Db) -> Result<(), AppError> {
    if db.backend == Backend::Sqlite {
        let queued: i64 = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM search_pending)")
            .fetch_one(&db.pool)
            .await?;
        if queued != 0 {
            index_pending(db).await?;
        }
    }
    Ok(())
}

/// Asks the indexer to index the queue soon (after a filing on SQLite).
pub fn index_soon(db: &Db) {
    db.search_wake.notify_one();
}

/// SQLite: the task that indexes queued rows, a little after filings arrive (so a burst of
/// filings is indexed in one transaction) and every few seconds in any case.
pub fn spawn_indexer(db: Db) {
    if db.backend != Backend::Sqlite {
        return;
    }
    tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = db.search_wake.notified() => {
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                }
                _ = tokio::time::sleep(std::time::Duration::from_secs(5)) => {}
            }
            if let Err(e) = index_pending(&db).await {
                tracing::warn!(error = %e, "search indexing failed; will retry");
            }
        }
    });
}

/// Indexes requests that have no index row yet (rows from before the index existed, or an
/// import). Runs at start; cheap when there is nothing to do.
pub async fn backfill(db: &Db) -> Result<usize, AppError> {
    // Queued rows first, so they are not indexed twice.
    index_pending(db).await?;
    let mut done = 0;
    loop {
        // PostgreSQL anti-joins two primary keys; SQLite reads the FTS rowids into a temporary
        // index once (a lookup per request into the FTS table would take seconds at a million).
        let sql = match db.backend {
            Backend::Sqlite => {
                "SELECT id FROM requests WHERE id NOT IN (SELECT rowid FROM request_search) \
                 ORDER BY id LIMIT 500"
            }
            Backend::Postgres => {
                "SELECT r.id FROM requests r WHERE NOT EXISTS \
                 (SELECT 1 FROM request_search s WHERE s.request_id = r.id) ORDER BY r.id LIMIT 500"
            }
        };
        let missing: Vec<i64> = sqlx::query(sql)
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|r| r.try_get::<i64, _>("id"))
            .collect::<Result<_, _>>()?;
        if missing.is_empty() {
            return Ok(done);
        }
        let mut w = db.begin_write().await?;
        for id in &missing {
            refresh(&mut w.tx, db, *id).await?;
        }
        w.commit().await?;
        done += missing.len();
    }
}

/// Escapes a term for `LIKE … ESCAPE '\'`.
fn like_pattern(term: &str) -> String {
    let mut p = String::with_capacity(term.len() + 2);
    p.push('%');
    for c in term.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// A quoted FTS5 phrase (trigram tokenizer: a substring match).
fn fts_phrase(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

/// How a search joins and filters: the FROM fragment that brings in `s`, the WHERE conditions
/// and their text binds, for a query builder that numbers placeholders itself.
pub struct SearchSql {
    pub join: &'static str,
    pub id_column: &'static str,
    pub conditions: Vec<(String, String)>,
}

/// The staff search over `staff_key`: FTS5 MATCH on SQLite, trigram-indexed LIKE on PostgreSQL.
/// Each condition holds a `{}` where the builder puts the placeholder.
pub fn staff_search(backend: Backend, q: &SearchQuery) -> SearchSql {
    match backend {
        Backend::Sqlite => SearchSql {
            join: "JOIN request_search s ON s.rowid = r.id",
            id_column: "s.rowid",
            conditions: vec![(
                "request_search MATCH {}".to_string(),
                // Every term, in either column (public text or staff-only text).
                q.terms
                    .iter()
                    .map(|t| fts_phrase(t))
                    .collect::<Vec<_>>()
                    .join(" AND "),
            )],
        },
        Backend::Postgres => SearchSql {
            join: "JOIN request_search s ON s.request_id = r.id",
            id_column: "s.request_id",
            conditions: q
                .terms
                .iter()
                .map(|t| {
                    (
                        "s.staff_key LIKE {} ESCAPE '\\'".to_string(),
                        like_pattern(t),
                    )
                })
                .collect(),
        },
    }
}

/// The applicant's search over `public_key` of their own requests: a plain LIKE on the few rows
/// the applicant owns (the applicant filter comes first).
pub fn own_search(backend: Backend, q: &SearchQuery) -> SearchSql {
    let (join, id_column) = match backend {
        Backend::Sqlite => ("JOIN request_search s ON s.rowid = r.id", "s.rowid"),
        Backend::Postgres => (
            "JOIN request_search s ON s.request_id = r.id",
            "s.request_id",
        ),
    };
    SearchSql {
        join,
        id_column,
        conditions: q
            .terms
            .iter()
            .map(|t| {
                (
                    "s.public_key LIKE {} ESCAPE '\\'".to_string(),
                    like_pattern(t),
                )
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_escape_wildcards() {
        assert_eq!(like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
        assert_eq!(fts_phrase("a\"b"), "\"a\"\"b\"");
    }
}
