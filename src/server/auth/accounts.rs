//! Staff accounts as admins keep them: the list, switching an account off and on, and the
//! audit trail of what was done to accounts.

use sqlx::Row;

use crate::copy;
use crate::domain::account::Role;
use crate::server::auth::SessionUser;
use crate::server::auth::second_factor::{audit_into, audit_reason};
use crate::server::platform::state::AppState;
use crate::wire::AppError;
use crate::wire::{AuditEntry, StaffAccount, StaffAdmin};

/// How many of the latest audit lines the staff page shows.
const AUDIT_LINES: i64 = 100;

pub async fn staff_admin(state: &AppState) -> Result<StaffAdmin, AppError> {
    let accounts = sqlx::query(
        "SELECT id, full_name, login_key, role, active, totp_secret IS NOT NULL AS enrolled \
         FROM users WHERE role <> 'applicant' ORDER BY full_name, id",
    )
    .fetch_all(&state.db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(StaffAccount {
            id: r.try_get("id")?,
            full_name: r.try_get("full_name")?,
            login_key: r.try_get("login_key")?,
            role: Role::parse(&r.try_get::<String, _>("role")?).ok_or(AppError::Internal)?,
            active: r.try_get::<i64, _>("active")? == 1,
            second_factor: flag(r, "enrolled")?,
        })
    })
    .collect::<Result<Vec<_>, AppError>>()?;
    let audit = sqlx::query(
        "SELECT l.id, l.at, l.action, l.detail, a.full_name AS actor, t.full_name AS target \
         FROM audit_log l LEFT JOIN users a ON a.id = l.actor_id \
         LEFT JOIN users t ON t.id = l.target_user_id ORDER BY l.id DESC LIMIT $1",
    )
    .bind(AUDIT_LINES)
    .fetch_all(&state.db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(AuditEntry {
            id: r.try_get("id")?,
            at: r.try_get("at")?,
            actor: r.try_get("actor")?,
            action: r.try_get("action")?,
            target: r.try_get("target")?,
            detail: r.try_get("detail")?,
        })
    })
    .collect::<Result<Vec<_>, AppError>>()?;
    Ok(StaffAdmin { accounts, audit })
}

/// A boolean expression's value: SQLite answers an integer, PostgreSQL a boolean.
fn flag(r: &sqlx::any::AnyRow, column: &str) -> Result<bool, AppError> {
    Ok(match r.try_get::<bool, _>(column) {
        Ok(b) => b,
        Err(_) => r.try_get::<i64, _>(column)? != 0,
    })
}

/// Switches a staff account off (its sessions and live streams end at once) or on again; the
/// reason is kept in the audit trail.
pub async fn set_active(
    state: &AppState,
    admin: &SessionUser,
    target: i64,
    active: bool,
    reason: &str,
) -> Result<(), AppError> {
    let reason = audit_reason(reason)?;
    if target == admin.id {
        return Err(AppError::validation("reason", copy::ERR_NOT_YOURSELF));
    }
    let mut w = state.db.begin_write().await?;
    let changed = sqlx::query(
        "UPDATE users SET active = $1 WHERE id = $2 AND role <> 'applicant' AND active <> $1",
    )
    .bind(i64::from(active))
    .bind(target)
    .execute(&mut *w.tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Err(AppError::NotFound);
    }
    let action = if active { "activated" } else { "deactivated" };
    audit_into(
        &mut w.tx,
        Some(admin.id),
        action,
        Some(target),
        reason,
        state.db.now_ms(),
    )
    .await?;
    w.commit().await?;
    if !active {
        crate::server::auth::end_sessions(
            state,
            crate::server::notify::live::SessionEnded::Account(target),
        )
        .await?;
    }
    Ok(())
}
