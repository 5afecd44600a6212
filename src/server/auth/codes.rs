//! Spending a code sent by SMS or e-mail (sign-in, a forgotten password, a registration, a new
//! mobile or address), the part the three kinds share.
//!
//! Each table first counts the try in one statement of its own that also refuses a code whose
//! tries are spent (so parallel guesses get the code's tries in all, never more); its row comes
//! here. A wrong code keeps its counted try; a right one is marked used by one conditional
//! update, so of two simultaneous uses only one wins.

use sqlx::any::AnyRow;

use crate::server::platform::db::WriteTx;
use crate::wire::AppError;

/// The tables that hold codes (each with `id`, `code_hash`, `attempts` and `used_at`).
#[derive(Clone, Copy, Debug)]
pub enum CodeTable {
    /// `otp_codes`: sign-in by SMS and a forgotten password.
    Otp,
    /// `pending_signups`: a registration's code.
    Signup,
    /// `contact_codes`: a new mobile or e-mail address.
    Contact,
}

impl CodeTable {
    fn mark_used(self) -> &'static str {
        match self {
            CodeTable::Otp => "UPDATE otp_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL",
            CodeTable::Signup => {
                "UPDATE pending_signups SET used_at = $1 WHERE id = $2 AND used_at IS NULL"
            }
            CodeTable::Contact => {
                "UPDATE contact_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL"
            }
        }
    }
}

/// Takes the row of the counted try (none: no live code, or its tries are spent), checks the
/// code against it with `matches`, and marks it used. On any refusal the transaction is
/// committed (the counted try and the address's throttle stay) and `wrong` is the answer; on
/// success the transaction comes back, for the caller's own changes, with the row.
pub async fn spend(
    mut w: WriteTx,
    table: CodeTable,
    counted: Option<AnyRow>,
    matches: impl FnOnce(&AnyRow) -> Result<bool, AppError>,
    now: i64,
    wrong: impl Fn() -> AppError,
) -> Result<(WriteTx, AnyRow), AppError> {
    use sqlx::Row;
    let Some(row) = counted else {
        w.commit().await?;
        return Err(wrong());
    };
    if !matches(&row)? {
        w.commit().await?;
        return Err(wrong());
    }
    let id: i64 = row.try_get("id")?;
    let used = sqlx::query(table.mark_used())
        .bind(now)
        .bind(id)
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
    if used != 1 {
        w.commit().await?;
        return Err(wrong());
    }
    Ok((w, row))
}
