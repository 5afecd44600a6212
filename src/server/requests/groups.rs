//! Staff groups (queues per service area) and who works in them.

use sqlx::Row;

use crate::copy;
use crate::server::platform::state::AppState;
use crate::wire::AppError;

/// Creates a group (`id` None) or changes one; returns its id.
pub async fn save(
    state: &AppState,
    id: Option<i64>,
    name: &str,
    description: &str,
    active: bool,
    auto_assign: bool,
) -> Result<i64, AppError> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::validation("name", copy::ERR_GROUP_NAME));
    }
    let description = description.trim();
    if description.chars().count() > 500 {
        return Err(AppError::validation(
            "description",
            copy::ERR_GROUP_DESCRIPTION,
        ));
    }
    let mut w = state.db.begin_write().await?;
    let result = match id {
        Some(id) => sqlx::query(
            "UPDATE staff_groups SET name = $1, description = $2, active = $3, auto_assign = $4 \
             WHERE id = $5 RETURNING id",
        )
        .bind(&name)
        .bind(description)
        .bind(i64::from(active))
        .bind(i64::from(auto_assign))
        .bind(id)
        .fetch_optional(&mut *w.tx)
        .await,
        None => {
            sqlx::query(
                "INSERT INTO staff_groups (name, description, active, auto_assign, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(&name)
            .bind(description)
            .bind(i64::from(active))
            .bind(i64::from(auto_assign))
            .bind(state.db.now_ms())
            .fetch_optional(&mut *w.tx)
            .await
        }
    };
    let row = match result {
        Ok(Some(row)) => row,
        Ok(None) => return Err(AppError::NotFound),
        Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
            return Err(AppError::validation("name", copy::ERR_GROUP_NAME_TAKEN));
        }
        Err(e) => return Err(e.into()),
    };
    let id: i64 = row.try_get("id")?;
    w.commit().await?;
    Ok(id)
}

/// Adds a staff member to a group, or removes them.
pub async fn set_member(
    state: &AppState,
    group_id: i64,
    user_id: i64,
    member: bool,
) -> Result<(), AppError> {
    let staff =
        sqlx::query("SELECT id FROM users WHERE id = $1 AND role <> 'applicant' AND active = 1")
            .bind(user_id)
            .fetch_optional(&state.db.pool)
            .await?;
    if staff.is_none() {
        return Err(AppError::validation("user_id", copy::ERR_ASSIGNEE_UNKNOWN));
    }
    let group = sqlx::query("SELECT id FROM staff_groups WHERE id = $1")
        .bind(group_id)
        .fetch_optional(&state.db.pool)
        .await?;
    if group.is_none() {
        return Err(AppError::NotFound);
    }
    let mut w = state.db.begin_write().await?;
    if member {
        sqlx::query(
            "INSERT INTO group_members (group_id, user_id, last_assigned_at) VALUES ($1, $2, 0) \
             ON CONFLICT (group_id, user_id) DO NOTHING",
        )
        .bind(group_id)
        .bind(user_id)
        .execute(&mut *w.tx)
        .await?;
    } else {
        sqlx::query("DELETE FROM group_members WHERE group_id = $1 AND user_id = $2")
            .bind(group_id)
            .bind(user_id)
            .execute(&mut *w.tx)
            .await?;
    }
    w.commit().await?;
    Ok(())
}
