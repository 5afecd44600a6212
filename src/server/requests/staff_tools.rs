//! Staff tools beside the lifecycle: canned responses, tags, saved queue filters, live presence
//! and bulk actions on the queue.

use sqlx::Row;

use crate::copy;
use crate::domain::history::HistoryKind;
use crate::domain::request_status::RequestEvent;
use crate::domain::text::search_key;
use crate::server::auth::SessionUser;
use crate::server::notify::live::{Audience, EventHub, EventKind};
use crate::server::platform::state::AppState;
use crate::server::requests::{Change, find_visible, record_history};
use crate::wire::AppError;
use crate::wire::{CannedDto, PresenceDto, SavedFilterDto};

/// How long a heartbeat keeps someone "present" on a request.
pub const PRESENCE_TTL_MS: i64 = 45_000;

fn tidy_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Canned responses for the viewer: those of every group plus those of the viewer's groups.
pub async fn canned_for(
    state: &AppState,
    viewer: &SessionUser,
) -> Result<Vec<CannedDto>, AppError> {
    sqlx::query(
        "SELECT c.id, c.title, c.body, c.group_id FROM canned_responses c WHERE c.active = 1 AND \
         (c.group_id IS NULL OR c.group_id IN (SELECT group_id FROM group_members WHERE user_id = $1)) \
         ORDER BY c.title, c.id",
    )
    .bind(viewer.id)
    .fetch_all(&state.db.pool)
    .await?
    .iter()
    .map(canned_row)
    .collect()
}

fn canned_row(r: &sqlx::any::AnyRow) -> Result<CannedDto, AppError> {
    Ok(CannedDto {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        body: r.try_get("body")?,
        group_id: r.try_get("group_id")?,
    })
}

/// A canned response with its variables filled in for the request `code`.
pub async fn render_canned(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
    canned_id: i64,
) -> Result<String, AppError> {
    let found = find_visible(state, viewer, code).await?;
    let canned = canned_for(state, viewer)
        .await?
        .into_iter()
        .find(|c| c.id == canned_id)
        .ok_or(AppError::NotFound)?;
    let name: String = sqlx::query("SELECT full_name FROM users WHERE id = $1")
        .bind(found.applicant_id)
        .fetch_one(&state.db.pool)
        .await?
        .try_get("full_name")?;
    // Isolated: inside the Persian sentence of a canned answer «۰۵۱۴-۸۹۴-۷۸۰» keeps its order.
    let shown_code = crate::domain::tracking::parse(&found.tracking_code)
        .map(|c| crate::copy::isolate(&c.display_fa()))
        .unwrap_or_default();
    let today = crate::domain::jalali::TehranDateTime::from_unix_millis(state.db.now_ms())
        .date
        .format_long_fa();
    Ok(crate::domain::canned::render(
        &canned.body,
        &crate::domain::canned::CannedVars {
            applicant_name: &name,
            tracking_code: &shown_code,
            date: &today,
        },
    ))
}

/// Every active canned response (for the supervisors' editor).
pub async fn canned_all(state: &AppState) -> Result<Vec<CannedDto>, AppError> {
    sqlx::query("SELECT id, title, body, group_id FROM canned_responses WHERE active = 1 ORDER BY title, id")
        .fetch_all(&state.db.pool)
        .await?
        .iter()
        .map(canned_row)
        .collect()
}

/// Creates a canned response (`id` None) or changes one.
pub async fn save_canned(
    state: &AppState,
    viewer: &SessionUser,
    id: Option<i64>,
    title: &str,
    body: &str,
    group_id: Option<i64>,
) -> Result<i64, AppError> {
    let title = tidy_line(title);
    if title.is_empty() || title.chars().count() > 100 {
        return Err(AppError::validation("title", copy::ERR_CANNED_TITLE));
    }
    let body = crate::domain::request::validate_reply(body)
        .map_err(|e| AppError::validation(e.field, e.message))?;
    let mut w = state.db.begin_write().await?;
    let id = match id {
        Some(id) => {
            let n = sqlx::query(
                "UPDATE canned_responses SET title = $1, body = $2, group_id = $3 WHERE id = $4 AND active = 1",
            )
            .bind(&title)
            .bind(&body)
            .bind(group_id)
            .bind(id)
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
            if n != 1 {
                return Err(AppError::NotFound);
            }
            id
        }
        None => sqlx::query(
            "INSERT INTO canned_responses (title, body, group_id, active, created_by, created_at) \
             VALUES ($1, $2, $3, 1, $4, $5) RETURNING id",
        )
        .bind(&title)
        .bind(&body)
        .bind(group_id)
        .bind(viewer.id)
        .bind(state.db.now_ms())
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?,
    };
    w.commit().await?;
    Ok(id)
}

pub async fn retire_canned(state: &AppState, id: i64) -> Result<(), AppError> {
    state
        .db
        .retire(crate::server::platform::db::Retirable::CannedResponse, id)
        .await
}

/// The tags of a request, by name.
pub async fn tags_of(state: &AppState, request_id: i64) -> Result<Vec<String>, AppError> {
    sqlx::query(
        "SELECT t.name FROM request_tags rt JOIN tags t ON t.id = rt.tag_id WHERE rt.request_id = $1 ORDER BY t.name",
    )
    .bind(request_id)
    .fetch_all(&state.db.pool)
    .await?
    .iter()
    .map(|r| Ok(r.try_get::<String, _>("name")?))
    .collect()
}

/// Adds (`add`) or removes a tag; tags that differ only in spelling variants are one tag.
pub async fn tag(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
    name: &str,
    add: bool,
) -> Result<(), AppError> {
    if !viewer.role.is_staff() {
        return Err(AppError::Forbidden);
    }
    let name = tidy_line(name);
    let key = search_key(&name);
    if key.is_empty() || name.chars().count() > 40 {
        return Err(AppError::validation("tag", copy::ERR_TAG));
    }
    let found = find_visible(state, viewer, code).await?;
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    let existing = sqlx::query("SELECT id, name FROM tags WHERE name_key = $1")
        .bind(&key)
        .fetch_optional(&mut *w.tx)
        .await?;
    let (tag_id, tag_name): (i64, String) = match existing {
        Some(r) => (r.try_get("id")?, r.try_get("name")?),
        None if add => (
            sqlx::query(
                "INSERT INTO tags (name, name_key, created_at) VALUES ($1, $2, $3) RETURNING id",
            )
            .bind(&name)
            .bind(&key)
            .bind(now)
            .fetch_one(&mut *w.tx)
            .await?
            .try_get("id")?,
            name.clone(),
        ),
        None => return Ok(()),
    };
    let changed = if add {
        sqlx::query(
            "INSERT INTO request_tags (request_id, tag_id) VALUES ($1, $2) ON CONFLICT (request_id, tag_id) DO NOTHING",
        )
    } else {
        sqlx::query("DELETE FROM request_tags WHERE request_id = $1 AND tag_id = $2")
    }
    .bind(found.id)
    .bind(tag_id)
    .execute(&mut *w.tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Ok(());
    }
    let (kind, from, to) = if add {
        (HistoryKind::TagAdded, None, Some(tag_name.as_str()))
    } else {
        (HistoryKind::TagRemoved, Some(tag_name.as_str()), None)
    };
    record_history(
        &mut w.tx,
        found.id,
        Some(viewer.id),
        Change {
            kind,
            from,
            to,
            reason: "",
            internal: true,
        },
        now,
    )
    .await?;
    let ev = EventHub::record(
        &mut w.tx,
        &state.db,
        EventKind::RequestUpdated,
        found.id,
        found.applicant_id,
        Audience::Staff,
    )
    .await?;
    w.commit().await?;
    state.events.after_commit(state.db.backend, [ev]);
    Ok(())
}

pub async fn filters_of(
    state: &AppState,
    viewer: &SessionUser,
) -> Result<Vec<SavedFilterDto>, AppError> {
    sqlx::query("SELECT id, name, query FROM saved_filters WHERE user_id = $1 ORDER BY id")
        .bind(viewer.id)
        .fetch_all(&state.db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(SavedFilterDto {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                query: r.try_get("query")?,
            })
        })
        .collect()
}

/// Keeps only the queue's own parameters, so a saved filter can never carry anything else.
fn clean_query(query: &str) -> String {
    const KEYS: &[&str] = &[
        "type", "status", "group", "assignee", "priority", "q", "tag",
    ];
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or("");
            KEYS.contains(&key) && pair.len() > key.len() + 1
        })
        .collect::<Vec<_>>()
        .join("&")
}

pub async fn save_filter(
    state: &AppState,
    viewer: &SessionUser,
    name: &str,
    query: &str,
) -> Result<i64, AppError> {
    let name = tidy_line(name);
    if name.is_empty() || name.chars().count() > 60 {
        return Err(AppError::validation("name", copy::ERR_FILTER_NAME));
    }
    let query = clean_query(query);
    let mut w = state.db.begin_write().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO saved_filters (user_id, name, query, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(viewer.id)
    .bind(&name)
    .bind(&query)
    .bind(state.db.now_ms())
    .fetch_one(&mut *w.tx)
    .await?
    .try_get("id")?;
    w.commit().await?;
    Ok(id)
}

pub async fn delete_filter(
    state: &AppState,
    viewer: &SessionUser,
    id: i64,
) -> Result<(), AppError> {
    let mut w = state.db.begin_write().await?;
    // Only one's own: another's id deletes nothing.
    sqlx::query("DELETE FROM saved_filters WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(viewer.id)
        .execute(&mut *w.tx)
        .await?;
    w.commit().await?;
    Ok(())
}

/// Records that `viewer` has the request open and returns the other staff who have it open.
pub async fn heartbeat(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
) -> Result<Vec<PresenceDto>, AppError> {
    let found = find_visible(state, viewer, code).await?;
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO presence (request_id, user_id, seen_at) VALUES ($1, $2, $3) \
         ON CONFLICT (request_id, user_id) DO UPDATE SET seen_at = EXCLUDED.seen_at",
    )
    .bind(found.id)
    .bind(viewer.id)
    .bind(now)
    .execute(&mut *w.tx)
    .await?;
    w.commit().await?;
    sqlx::query(
        "SELECT p.user_id, u.full_name FROM presence p JOIN users u ON u.id = p.user_id \
         WHERE p.request_id = $1 AND p.user_id <> $2 AND p.seen_at > $3 ORDER BY u.full_name",
    )
    .bind(found.id)
    .bind(viewer.id)
    .bind(now - PRESENCE_TTL_MS)
    .fetch_all(&state.db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(PresenceDto {
            user_id: r.try_get("user_id")?,
            full_name: r.try_get("full_name")?,
        })
    })
    .collect()
}

/// Says `viewer` left the request page.
pub async fn leave(state: &AppState, viewer: &SessionUser, code: &str) -> Result<(), AppError> {
    let found = find_visible(state, viewer, code).await?;
    let mut w = state.db.begin_write().await?;
    sqlx::query("DELETE FROM presence WHERE request_id = $1 AND user_id = $2")
        .bind(found.id)
        .bind(viewer.id)
        .execute(&mut *w.tx)
        .await?;
    w.commit().await?;
    Ok(())
}

pub async fn prune_presence(state: &AppState) -> Result<(), AppError> {
    let mut w = state.db.begin_write().await?;
    sqlx::query("DELETE FROM presence WHERE seen_at < $1")
        .bind(state.db.now_ms() - PRESENCE_TTL_MS)
        .execute(&mut *w.tx)
        .await?;
    w.commit().await?;
    Ok(())
}

/// What a bulk action on the queue does.
pub enum Bulk {
    Assign(Option<i64>),
    Close,
}

/// Applies one action to several requests; each is its own change (one refusal does not undo
/// the others). Returns how many were changed.
pub async fn bulk(
    state: &AppState,
    viewer: &SessionUser,
    codes: &[String],
    action: Bulk,
) -> Result<usize, AppError> {
    if !viewer.role.is_staff() {
        return Err(AppError::Forbidden);
    }
    if codes.is_empty() {
        return Err(AppError::validation("codes", copy::ERR_BULK_NONE));
    }
    if codes.len() > 100 {
        return Err(AppError::validation("codes", copy::ERR_BULK_TOO_MANY));
    }
    let mut done = 0;
    for code in codes {
        let result = match &action {
            Bulk::Assign(who) => {
                crate::server::requests::lifecycle::assign(state, viewer, code, *who).await
            }
            Bulk::Close => crate::server::requests::lifecycle::change_status(
                state,
                viewer,
                code,
                RequestEvent::Closed,
                "",
            )
            .await
            .map(|_| ()),
        };
        match result {
            Ok(()) => done += 1,
            Err(AppError::Internal) => return Err(AppError::Internal),
            Err(_) => {}
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::clean_query;

    #[test]
    fn saved_filters_keep_only_queue_parameters() {
        assert_eq!(
            clean_query("?status=open&after=40&q=%DA%A9&evil=1&tag="),
            "status=open&q=%DA%A9"
        );
    }
}
