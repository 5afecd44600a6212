//! What changed since a person last looked: each opening of a request's page notes when; a
//! request changed since (its `updated_at`, which internal staff work leaves alone) is new to
//! them. An applicant's own requests are new once changed after they last looked (or, never
//! looked at, after they filed them); to staff, a request is new once changed after they last
//! looked at it, and those assigned to them also until they first open them.

use sqlx::Row;

use crate::domain::request_status::RequestStatus;
use crate::server::auth::SessionUser;
use crate::server::platform::state::AppState;
use crate::wire::AppError;

/// Joins the viewer's last look (`v.seen_at`) to a list of requests `r`; `{viewer}` is bound to
/// the viewer's id.
pub const SEEN_JOIN: &str =
    "LEFT JOIN request_views v ON v.request_id = r.id AND v.user_id = {viewer}";

/// Notes that `user` looks at request `request_id` now, and returns when they looked before.
/// Written only when the request changed since (or was never looked at), so reading a page
/// again, as live updates do, costs no write.
pub async fn look(
    state: &AppState,
    user: i64,
    request_id: i64,
    updated_at: i64,
    now: i64,
) -> Result<Option<i64>, AppError> {
    let before: Option<i64> = sqlx::query_scalar(
        "SELECT seen_at FROM request_views WHERE user_id = $1 AND request_id = $2",
    )
    .bind(user)
    .bind(request_id)
    .fetch_optional(&state.db.pool)
    .await?;
    if before.is_none_or(|seen| seen < updated_at) {
        let mut w = state.db.begin_write().await?;
        saw(&mut w.tx, user, request_id, now.max(updated_at)).await?;
        w.commit().await?;
    }
    Ok(before)
}

/// Notes, in the caller's transaction, that `user` has seen request `request_id` as of `at`
/// (a look only ever moves forward).
pub async fn saw(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    user: i64,
    request_id: i64,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO request_views (user_id, request_id, seen_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id, request_id) DO UPDATE SET seen_at = \
           CASE WHEN excluded.seen_at > request_views.seen_at THEN excluded.seen_at \
                ELSE request_views.seen_at END",
    )
    .bind(user)
    .bind(request_id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// How many requests are new to `user`: their own (applicants), or those assigned to them and
/// still in play (staff); not the one on their screen (`viewing`, a tracking code).
pub async fn news_count(
    state: &AppState,
    user: &SessionUser,
    viewing: Option<&str>,
) -> Result<i64, AppError> {
    // Stored form of the code on screen; an unreadable one excludes nothing.
    let viewing = viewing
        .and_then(|c| crate::domain::tracking::parse(c).ok())
        .map(|c| c.as_str().to_string())
        .unwrap_or_default();
    let row = if user.role.is_staff() {
        let open: Vec<String> = RequestStatus::ALL
            .iter()
            .filter(|s| s.is_active())
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM requests r \
             LEFT JOIN request_views v ON v.request_id = r.id AND v.user_id = $1 \
             WHERE r.assignee_id = $1 AND r.status IN ({}) AND r.updated_at > COALESCE(v.seen_at, 0) \
             AND r.tracking_code <> $2",
            open.join(", ")
        )))
        .bind(user.id)
        .bind(&viewing)
        .fetch_one(&state.db.pool)
        .await?
    } else {
        sqlx::query(
            "SELECT COUNT(*) AS n FROM requests r \
             LEFT JOIN request_views v ON v.request_id = r.id AND v.user_id = $1 \
             WHERE r.applicant_id = $1 AND r.updated_at > COALESCE(v.seen_at, r.created_at) \
             AND r.tracking_code <> $2",
        )
        .bind(user.id)
        .bind(&viewing)
        .fetch_one(&state.db.pool)
        .await?
    };
    Ok(row.try_get("n")?)
}
