//! Paying a request's fee, exactly once.
//!
//! An attempt is a row of `payments`. Starting one inserts it `pending` (one per request in
//! flight, by a unique index) before the gateway is asked; the callback only points at an attempt
//! to verify, never says it is paid. Verification first *claims* the attempt with one
//! conditional update (`pending → verifying`, with a lease naming the claimant), asks the gateway
//! with our amount, and then settles it in one transaction that changes the attempt only if the
//! same lease still holds it: the payment, its ledger line (unique per attempt and kind), the
//! request's move to `new`, the start of its clocks, the history line and the notice commit
//! together or not at all. A replayed or doubled callback finds the attempt claimed or settled;
//! a crash after the gateway's answer leaves it `verifying` with an old lease, which the
//! reconciliation takes over and verifies again (the gateways answer a second verification
//! with the same reference: 101 at Zarinpal).

use std::time::Duration;

use sqlx::Row;

use super::gateway::{Attempt, Redirect, StartPayment};
use crate::copy;
use crate::domain::history::HistoryKind;
use crate::domain::jalali::TehranDateTime;
use crate::domain::money::Rials;
use crate::domain::notify::Notice;
use crate::domain::payment::{
    Failure, GIVE_UP_AFTER_MS, GatewayKind, PaymentState, RECONCILE_AFTER_MS, Settlement,
    VERIFY_LEASE_MS, Verdict,
};
use crate::domain::request_status::{Actor, RequestEvent, RequestStatus, transition};
use crate::server::auth::SessionUser;
use crate::server::notify::live::{Audience, EventHub, EventKind, LiveEvent};
use crate::server::platform::db::{Batch, Val};
use crate::server::platform::state::AppState;
use crate::server::requests::{Change, find_visible, history_into, record_history};
use crate::wire::{AppError, FeeDto, PaymentDto, PaymentView, ReceiptDto};

const COLUMNS: &str = "p.id, p.request_id, p.applicant_id, p.gateway, p.amount_rials, p.state, \
     p.authority, p.reference, p.card_mask, p.trace, p.failure, p.lease_at, p.created_at, \
     p.updated_at, p.settled_at";

/// One attempt as stored.
#[derive(Debug, Clone)]
pub struct PaymentRow {
    pub id: i64,
    pub request_id: i64,
    pub applicant_id: i64,
    pub gateway: GatewayKind,
    pub amount: Rials,
    pub state: PaymentState,
    pub authority: Option<String>,
    pub reference: Option<String>,
    pub card_mask: Option<String>,
    pub trace: Option<String>,
    pub failure: Option<Failure>,
    pub created_at: i64,
    pub settled_at: Option<i64>,
}

fn payment_of(r: &sqlx::any::AnyRow) -> Result<PaymentRow, AppError> {
    Ok(PaymentRow {
        id: r.try_get("id")?,
        request_id: r.try_get("request_id")?,
        applicant_id: r.try_get("applicant_id")?,
        gateway: GatewayKind::parse(&r.try_get::<String, _>("gateway")?)
            .ok_or(AppError::Internal)?,
        amount: Rials(r.try_get("amount_rials")?),
        state: PaymentState::parse(&r.try_get::<String, _>("state")?).ok_or(AppError::Internal)?,
        authority: r.try_get("authority")?,
        reference: r.try_get("reference")?,
        card_mask: r.try_get("card_mask")?,
        trace: r.try_get("trace")?,
        failure: r
            .try_get::<Option<String>, _>("failure")?
            .as_deref()
            .and_then(Failure::parse),
        created_at: r.try_get("created_at")?,
        settled_at: r.try_get("settled_at")?,
    })
}

async fn load(state: &AppState, id: i64) -> Result<PaymentRow, AppError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM payments p WHERE p.id = $1"
    )))
    .bind(id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    payment_of(&row)
}

/// Where an attempt ended up, for the page the payer returns to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    Paid,
    Failed(Failure),
    /// Still with the gateway or being verified: the reconciliation will settle it.
    Pending,
}

impl Settled {
    fn of(p: &PaymentRow) -> Settled {
        match p.state {
            PaymentState::Paid | PaymentState::Refunded => Settled::Paid,
            PaymentState::Failed => Settled::Failed(p.failure.unwrap_or(Failure::Declined)),
            PaymentState::Pending | PaymentState::Verifying => Settled::Pending,
        }
    }
}

/// What starting a payment leads to. Each refusal is a case of its own, so the page the payer
/// returns to can say which (never a message compared as text).
#[derive(Debug, Clone)]
pub enum StartOutcome {
    /// To the gateway's page.
    Gateway(Redirect),
    /// An earlier attempt turned out paid: back to the request.
    AlreadyPaid,
    /// Another attempt is being verified right now.
    InFlight,
    /// No gateway is configured, or it did not open the payment.
    Unavailable,
    /// Free, already paid, or no longer awaiting payment.
    NothingToPay,
}

/// Starts an attempt for the applicant's own request awaiting payment; `origin` is the app's
/// address as the payer reached it (the callback comes back there).
pub async fn start(
    state: &AppState,
    user: &SessionUser,
    code: &str,
    origin: &str,
) -> Result<StartOutcome, AppError> {
    let found = find_visible(state, user, code).await?;
    if found.applicant_id != user.id {
        return Err(AppError::NotFound);
    }
    let Some(gateway) = state.gateway.clone() else {
        return Ok(StartOutcome::Unavailable);
    };
    // An attempt left pending (the payer came back without paying, or paid in another tab) is
    // settled first: never two in flight.
    if let Some(old) = in_flight(state, found.id).await? {
        if old.state == PaymentState::Verifying {
            return Ok(StartOutcome::InFlight);
        }
        match settle(state, old, Mode::Supersede, None).await? {
            Settled::Paid => return Ok(StartOutcome::AlreadyPaid),
            Settled::Pending => return Ok(StartOutcome::InFlight),
            Settled::Failed(_) => {}
        }
    }
    let r = sqlx::query(
        "SELECT r.status, r.fee_rials, r.tracking_code, u.mobile, u.email \
         FROM requests r JOIN users u ON u.id = r.applicant_id WHERE r.id = $1",
    )
    .bind(found.id)
    .fetch_one(&state.db.pool)
    .await?;
    let fee = Rials(r.try_get::<Option<i64>, _>("fee_rials")?.unwrap_or(0));
    let status = RequestStatus::parse(&r.try_get::<String, _>("status")?);
    if fee.is_free() || status != Some(RequestStatus::AwaitingPayment) {
        return Ok(StartOutcome::NothingToPay);
    }
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "INSERT INTO payments (request_id, applicant_id, gateway, amount_rials, state, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'pending', $5, $5) RETURNING id",
    )
    .bind(found.id)
    .bind(user.id)
    .bind(gateway.kind().as_str())
    .bind(fee.0)
    .bind(now)
    .fetch_one(&mut *w.tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        // Another tab started one a moment ago.
        Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
            return Ok(StartOutcome::InFlight);
        }
        Err(e) => return Err(e.into()),
    };
    ledger(
        &mut w.tx,
        Line {
            payment_id: id,
            request_id: found.id,
            kind: "started",
            amount: fee.0,
            gateway: gateway.kind(),
            reference: None,
            note: None,
            actor: None,
        },
        now,
    )
    .await?;
    w.commit().await?;

    let tracking: String = r.try_get("tracking_code")?;
    let order = StartPayment {
        order_id: format!("PB{id}"),
        amount: fee,
        callback_url: format!("{origin}/pay/{tracking}/callback"),
        description: copy::payment_description(&tracking),
        mobile: r.try_get("mobile")?,
        email: r.try_get("email")?,
    };
    match gateway.start(&order).await {
        Ok(opened) => {
            let mut w = state.db.begin_write().await?;
            sqlx::query(
                "UPDATE payments SET authority = $1, updated_at = $2 WHERE id = $3 AND state = 'pending'",
            )
            .bind(&opened.authority)
            .bind(state.db.now_ms())
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
            w.commit().await?;
            Ok(StartOutcome::Gateway(opened.redirect))
        }
        Err(e) => {
            tracing::warn!(error = %e, payment = id, "the gateway did not open a payment");
            let row = load(state, id).await?;
            finish_failed(state, &row, Held::Pending, Failure::NotStarted).await?;
            Ok(StartOutcome::Unavailable)
        }
    }
}

async fn in_flight(state: &AppState, request_id: i64) -> Result<Option<PaymentRow>, AppError> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM payments p WHERE p.request_id = $1 \
         AND p.state IN ('pending', 'verifying')"
    )))
    .bind(request_id)
    .fetch_optional(&state.db.pool)
    .await?
    .map(|r| payment_of(&r))
    .transpose()
}

/// A gateway's callback for the request `code`: the attempt it names is verified with our
/// amount, whatever the callback claims. A callback naming no pending attempt of this request
/// (another request's authority, a made-up one) changes nothing.
pub async fn callback(
    state: &AppState,
    code: &str,
    params: &[(String, String)],
) -> Result<Settled, AppError> {
    let gateway = state.gateway.clone().ok_or(AppError::NotFound)?;
    let cb = gateway
        .callback(params)
        .ok_or_else(|| AppError::validation("authority", copy::ERR_PAYMENT_UNKNOWN))?;
    let code = crate::domain::tracking::parse(code).map_err(|_| AppError::NotFound)?;
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM payments p JOIN requests r ON r.id = p.request_id \
         WHERE r.tracking_code = $1 AND p.gateway = $2 AND p.authority = $3"
    )))
    .bind(code.as_str())
    .bind(gateway.kind().as_str())
    .bind(&cb.authority)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or_else(|| AppError::validation("authority", copy::ERR_PAYMENT_UNKNOWN))?;
    let payment = payment_of(&row)?;
    match payment.state {
        PaymentState::Pending => match cb.failure {
            // Reported failed: nothing to verify, and nothing is credited.
            Some(failure) => {
                finish_failed(state, &payment, Held::Pending, failure).await?;
                Ok(Settled::of(&load(state, payment.id).await?))
            }
            None => settle(state, payment, Mode::Verify, cb.reference).await,
        },
        PaymentState::Verifying => Ok(wait_settled(state, payment.id).await),
        _ => Ok(Settled::of(&payment)),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The callback came: verify.
    Verify,
    /// No callback (or a verification cut off): ask the gateway what became of it.
    Reconcile,
    /// The payer starts another attempt: settle this one now, as abandoned unless it was paid.
    Supersede,
}

/// Who may settle an attempt: the holder of its verification lease, or (for a reported
/// failure, or one never handed to the gateway) whoever finds it still pending.
enum Held {
    Lease(String),
    Pending,
}

/// Claims, verifies and settles one attempt: where it ended up.
async fn settle(
    state: &AppState,
    payment: PaymentRow,
    mode: Mode,
    reference: Option<String>,
) -> Result<Settled, AppError> {
    Ok(settle_claimed(state, payment, mode, reference).await?.0)
}

/// [`settle`], also saying whether this call held the attempt (another claimant may have).
async fn settle_claimed(
    state: &AppState,
    payment: PaymentRow,
    mode: Mode,
    reference: Option<String>,
) -> Result<(Settled, bool), AppError> {
    let Some(gateway) = state.gateway.clone() else {
        return Ok((Settled::Pending, false));
    };
    let now = state.db.now_ms();
    let Some(authority) = payment.authority.clone() else {
        // The gateway never answered the start: no payer ever reached it.
        if mode != Mode::Verify {
            finish_failed(state, &payment, Held::Pending, Failure::NotStarted).await?;
        }
        return Ok((Settled::of(&load(state, payment.id).await?), false));
    };
    let lease = crate::server::auth::new_token()?;
    // The claim is a transaction of its own (one round trip on SQLite), committed before the
    // gateway is asked, so another claimant sees the lease.
    let mut claim = Batch::new(now);
    claim.push_returning(
        "UPDATE payments SET state = 'verifying', lease = $1, lease_at = $2, updated_at = $2, \
         reference = COALESCE(reference, $3) \
         WHERE id = $4 AND (state = 'pending' OR (state = 'verifying' AND lease_at < $5)) RETURNING id",
        vec![
            lease.as_str().into(),
            now.into(),
            reference.as_deref().into(),
            payment.id.into(),
            (now - VERIFY_LEASE_MS).into(),
        ],
    );
    match state.db.write_batch(claim).await {
        Ok(rows) if !rows.is_empty() => {}
        Ok(_) => return Ok((wait_settled(state, payment.id).await, false)),
        // The reference belongs to another attempt: a forged or crossed callback.
        Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
            return Err(AppError::validation("authority", copy::ERR_PAYMENT_UNKNOWN));
        }
        Err(e) => return Err(e.into()),
    }
    let attempt = Attempt {
        authority,
        reference: payment.reference.clone().or(reference),
        amount: payment.amount,
        created_at: payment.created_at,
        now,
    };
    let asked = match mode {
        Mode::Verify => gateway.verify(&attempt).await,
        Mode::Reconcile | Mode::Supersede => gateway.reconcile(&attempt).await,
    };
    let verdict = asked.unwrap_or_else(|e| {
        tracing::warn!(error = %e, payment = payment.id, "the gateway gave no verdict");
        Verdict::Undecided
    });
    let held = Held::Lease(lease.clone());
    match verdict {
        Verdict::Paid(settlement) => {
            finish_paid(state, &payment, &lease, settlement).await?;
        }
        Verdict::Failed(failure) => finish_failed(state, &payment, held, failure).await?,
        Verdict::Undecided if mode == Mode::Supersede => {
            finish_failed(state, &payment, held, Failure::Cancelled).await?;
        }
        Verdict::Undecided if now - payment.created_at >= GIVE_UP_AFTER_MS => {
            finish_failed(state, &payment, held, Failure::Expired).await?;
        }
        Verdict::Undecided => {
            // Back to pending for the next reconciliation pass.
            let mut w = state.db.begin_write().await?;
            sqlx::query(
                "UPDATE payments SET state = 'pending', lease = NULL, lease_at = NULL \
                 WHERE id = $1 AND state = 'verifying' AND lease = $2",
            )
            .bind(payment.id)
            .bind(&lease)
            .execute(&mut *w.tx)
            .await?;
            w.commit().await?;
        }
    }
    Ok((Settled::of(&load(state, payment.id).await?), true))
}

/// Waits a little for someone else's verification to finish, so a doubled callback's page
/// shows the outcome rather than "being verified".
async fn wait_settled(state: &AppState, id: i64) -> Settled {
    for _ in 0..40 {
        match load(state, id).await {
            Ok(p) if !p.state.in_flight() => return Settled::of(&p),
            Ok(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            Err(_) => break,
        }
    }
    Settled::Pending
}

/// The gateway confirmed the money: the attempt, the ledger, the request, its clocks, the
/// history and the notice, in one transaction, once.
async fn finish_paid(
    state: &AppState,
    payment: &PaymentRow,
    lease: &str,
    s: Settlement,
) -> Result<(), AppError> {
    // Read before writing (the request, its payer's contact, its group's auto-assignment, its
    // SLA policy); the writes then go as one transaction that is one round trip on SQLite,
    // each guarded by the state it assumes. If the request changed in between (it lapsed at
    // that very moment), read again.
    for _ in 0..3 {
        match settle_paid_once(state, payment, lease, &s).await {
            Err(Unsettled::Changed) => continue,
            Err(Unsettled::Failed(e)) => return Err(e),
            Ok(()) | Err(Unsettled::TakenOver) => return Ok(()),
            Err(Unsettled::ReferenceTaken) => {
                tracing::error!(payment = payment.id, "a gateway reference already credited");
                return finish_failed(
                    state,
                    payment,
                    Held::Lease(lease.to_string()),
                    Failure::Declined,
                )
                .await;
            }
        }
    }
    tracing::warn!(
        payment = payment.id,
        "a payment kept changing while settling; reconciliation finishes it"
    );
    Ok(())
}

/// Why one try at settling a confirmed payment wrote nothing.
enum Unsettled {
    /// Another holder took the attempt over (our lease ran out) or settled it.
    TakenOver,
    /// The request changed between the read and the write.
    Changed,
    /// The gateway's reference belongs to another attempt: never credit one payment twice.
    ReferenceTaken,
    Failed(AppError),
}

impl From<sqlx::Error> for Unsettled {
    fn from(e: sqlx::Error) -> Self {
        Unsettled::Failed(e.into())
    }
}

impl From<AppError> for Unsettled {
    fn from(e: AppError) -> Self {
        Unsettled::Failed(e)
    }
}

async fn settle_paid_once(
    state: &AppState,
    payment: &PaymentRow,
    lease: &str,
    s: &Settlement,
) -> Result<(), Unsettled> {
    let r = sqlx::query(
        "SELECT r.status, r.group_id, r.tracking_code, r.subject, r.clock_start_at, g.auto_assign, \
         p.id AS policy_id, p.initial_minutes, p.resolution_minutes, p.warn_percent, \
         u.email, u.mobile, u.notify_email, u.notify_sms \
         FROM requests r JOIN users u ON u.id = r.applicant_id \
         LEFT JOIN staff_groups g ON g.id = r.group_id AND g.active = 1 \
         LEFT JOIN sla_policies p ON p.id = r.sla_policy_id WHERE r.id = $1",
    )
    .bind(payment.request_id)
    .fetch_one(&state.db.pool)
    .await?;
    let from =
        RequestStatus::parse(&r.try_get::<String, _>("status")?).ok_or(AppError::Internal)?;
    let group: Option<i64> = r.try_get("group_id")?;
    let now = state.db.now_ms();
    let mut batch = Batch::new(now);
    batch.push_expect_one(
        "UPDATE payments SET state = 'paid', reference = $1, card_mask = $2, trace = $3, \
         settled_at = $4, updated_at = $4, lease = NULL \
         WHERE id = $5 AND state = 'verifying' AND lease = $6",
        vec![
            s.reference.as_str().into(),
            s.card_mask.as_deref().into(),
            s.trace.as_deref().into(),
            now.into(),
            payment.id.into(),
            lease.into(),
        ],
    );
    ledger_into(
        &mut batch,
        Line {
            payment_id: payment.id,
            request_id: payment.request_id,
            kind: "paid",
            amount: payment.amount.0,
            gateway: payment.gateway,
            reference: Some(&s.reference),
            note: None,
            actor: None,
        },
    );
    let amount = payment.amount.0.to_string();
    history_into(
        &mut batch,
        payment.request_id,
        None,
        Change {
            kind: HistoryKind::Paid,
            from: Some(&amount),
            to: Some(&s.reference),
            reason: "",
            internal: false,
        },
        now,
    );
    // A request that lapsed while its payer was at the bank is revived: the money came.
    let revive = matches!(from, RequestStatus::Cancelled)
        || transition(from, RequestEvent::PaymentConfirmed, Actor::System).is_ok();
    if revive {
        // Its clocks start now, at the confirmed payment (a started clock keeps its start).
        let clocks = match (
            r.try_get::<Option<i64>, _>("clock_start_at")?,
            crate::server::sla::policy::policy_of(&r)?,
        ) {
            (None, Some(policy)) => Some(crate::domain::clocks::new_request_clocks(
                state.calendars.get().for_group(group),
                &policy,
                now,
            )),
            _ => None,
        };
        match clocks {
            Some(clocks) => {
                let mut values: Vec<Val> = vec![now.into()];
                values.extend(crate::server::sla::clocks::clock_values(&clocks));
                values.extend([payment.request_id.into(), from.as_str().into()]);
                batch.push_expect_one(
                    "UPDATE requests SET status = 'new', paid_at = $1, updated_at = $1, closed_at = NULL, \
                     clock_start_at = $1, ir_state = $2, ir_elapsed_min = $3, ir_due_at = $4, \
                     ir_warn_at = $5, res_state = $6, res_elapsed_min = $7, res_due_at = $8, \
                     res_warn_at = $9, sla_next_at = $10, sla_computed_at = $1 \
                     WHERE id = $11 AND status = $12 AND clock_start_at IS NULL",
                    values,
                );
            }
            None => {
                batch.push_expect_one(
                    "UPDATE requests SET status = 'new', paid_at = $1, updated_at = $1, closed_at = NULL \
                     WHERE id = $2 AND status = $3",
                    vec![
                        now.into(),
                        payment.request_id.into(),
                        from.as_str().into(),
                    ],
                );
            }
        }
        history_into(
            &mut batch,
            payment.request_id,
            None,
            Change::status(Some(from), RequestStatus::New, ""),
            now,
        );
    }
    let code: String = r
        .try_get::<Option<String>, _>("tracking_code")?
        .unwrap_or_default();
    crate::server::notify::notices_into(
        &mut batch,
        &state.notifier,
        state.config.origin(),
        &crate::server::notify::Recipient::from_row(&r)?,
        payment.request_id,
        &code,
        &r.try_get::<String, _>("subject")?,
        Notice::Paid(payment.amount.0),
    );
    let kind = if revive {
        EventKind::RequestCreated
    } else {
        EventKind::RequestUpdated
    };
    EventHub::record_into(
        &mut batch,
        state.db.backend,
        kind,
        payment.request_id,
        payment.applicant_id,
        Audience::Everyone,
    );
    let auto_assign = group
        .filter(|_| revive && matches!(r.try_get::<Option<i64>, _>("auto_assign"), Ok(Some(1))));
    let rows = match auto_assign {
        // Round-robin assignment reads and writes as it goes: an ordinary transaction.
        Some(group) => {
            let mut w = state.db.begin_write().await?;
            let rows = batch.run(&mut w.tx).await;
            if rows.is_ok() {
                crate::server::requests::lifecycle::round_robin(
                    &mut w.tx,
                    payment.request_id,
                    group,
                    now,
                )
                .await?;
                w.commit().await?;
            }
            rows
        }
        None => state.db.write_batch(batch).await,
    };
    let rows = match rows {
        Ok(rows) => rows,
        Err(e) if crate::server::platform::db::is_expectation_unmet(&e) => {
            // Which condition failed: the attempt's (taken over or settled), or the request's.
            let still_ours = sqlx::query(
                "SELECT id FROM payments WHERE id = $1 AND state = 'verifying' AND lease = $2",
            )
            .bind(payment.id)
            .bind(lease)
            .fetch_optional(&state.db.pool)
            .await?
            .is_some();
            return Err(if still_ours {
                Unsettled::Changed
            } else {
                Unsettled::TakenOver
            });
        }
        Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
            return Err(Unsettled::ReferenceTaken);
        }
        Err(e) => return Err(e.into()),
    };
    let event = rows.first().ok_or(AppError::Internal)?;
    let event = LiveEvent {
        id: event.try_get("id")?,
        kind,
        request_id: payment.request_id,
        applicant_id: payment.applicant_id,
        audience: Audience::Everyone,
        group_id: event.try_get("group_id")?,
        assignee_id: event.try_get("assignee_id")?,
    };
    state.events.after_commit(state.db.backend, [event]);
    state.notifier.wake.notify_one();
    Ok(())
}

/// The attempt failed: marked once, with its ledger and history lines, and the payer told
/// when money may have left their account.
async fn finish_failed(
    state: &AppState,
    payment: &PaymentRow,
    held: Held,
    failure: Failure,
) -> Result<(), AppError> {
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    let updated = match &held {
        Held::Lease(lease) => sqlx::query(
            "UPDATE payments SET state = 'failed', failure = $1, settled_at = $2, updated_at = $2, \
             lease = NULL WHERE id = $3 AND state = 'verifying' AND lease = $4",
        )
        .bind(failure.as_str())
        .bind(now)
        .bind(payment.id)
        .bind(lease.as_str()),
        Held::Pending => sqlx::query(
            "UPDATE payments SET state = 'failed', failure = $1, settled_at = $2, updated_at = $2 \
             WHERE id = $3 AND state = 'pending'",
        )
        .bind(failure.as_str())
        .bind(now)
        .bind(payment.id),
    }
    .execute(&mut *w.tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Ok(());
    }
    ledger(
        &mut w.tx,
        Line {
            payment_id: payment.id,
            request_id: payment.request_id,
            kind: "failed",
            amount: 0,
            gateway: payment.gateway,
            reference: None,
            note: Some(failure.as_str()),
            actor: None,
        },
        now,
    )
    .await?;
    record_history(
        &mut w.tx,
        payment.request_id,
        None,
        Change {
            kind: HistoryKind::PaymentFailed,
            from: None,
            to: Some(failure.as_str()),
            reason: "",
            internal: false,
        },
        now,
    )
    .await?;
    if failure.money_may_have_left() {
        crate::server::notify::enqueue_notice(
            &mut w.tx,
            &state.notifier,
            state.config.origin(),
            payment.request_id,
            Notice::PaymentFailed,
        )
        .await?;
    }
    let event = EventHub::record(
        &mut w.tx,
        &state.db,
        EventKind::RequestUpdated,
        payment.request_id,
        payment.applicant_id,
        Audience::Everyone,
    )
    .await?;
    w.commit().await?;
    state.events.after_commit(state.db.backend, [event]);
    if failure.money_may_have_left() {
        state.notifier.wake.notify_one();
    }
    Ok(())
}

/// One money event for the ledger.
struct Line<'a> {
    payment_id: i64,
    request_id: i64,
    kind: &'a str,
    /// Rials; negative for money going back.
    amount: i64,
    gateway: GatewayKind,
    reference: Option<&'a str>,
    note: Option<&'a str>,
    /// Who did it (an admin's refund); none for the payer's and the gateway's events.
    actor: Option<i64>,
}

/// Appends one money event, and counts it in its Jalali month's totals for the finance report
/// (in the same transaction), stamped `at`. The pair (attempt, kind) is unique: a second credit
/// cannot be written, whatever happened above.
async fn ledger(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    line: Line<'_>,
    at: i64,
) -> Result<(), AppError> {
    let mut batch = Batch::new(at);
    ledger_into(&mut batch, line);
    batch.run(tx).await?;
    Ok(())
}

/// [`ledger`], added to `batch` (stamped `batch.now`).
fn ledger_into(batch: &mut Batch, line: Line<'_>) {
    let at = batch.now;
    batch.push(
        "INSERT INTO payment_ledger (payment_id, request_id, kind, amount_rials, gateway, reference, note, actor_id, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        vec![
            line.payment_id.into(),
            line.request_id.into(),
            line.kind.into(),
            line.amount.into(),
            line.gateway.as_str().into(),
            line.reference.into(),
            line.note.unwrap_or("").into(),
            line.actor.into(),
            at.into(),
        ],
    );
    batch.push(
        "INSERT INTO payment_totals (month, type_id, gateway, kind, events, amount_rials) \
         SELECT $1, r.type_id, $2, $3, 1, $4 FROM requests r WHERE r.id = $5 \
         ON CONFLICT (month, type_id, gateway, kind) DO UPDATE SET \
         events = payment_totals.events + 1, amount_rials = payment_totals.amount_rials + excluded.amount_rials",
        vec![
            super::report::month_key(at).into(),
            line.gateway.as_str().into(),
            line.kind.into(),
            line.amount.into(),
            line.request_id.into(),
        ],
    );
}

/// How a refund went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refunded {
    /// The gateway reversed the payment (within its window): the money goes back by itself.
    Reversed,
    /// Recorded for the finance office, which pays it back.
    Recorded,
}

/// An admin gives back a request's paid fee, with a reason: reversed through the gateway where
/// its protocol still allows, recorded for the finance office otherwise. Once per payment.
pub async fn refund(
    state: &AppState,
    admin: &SessionUser,
    code: &str,
    reason: &str,
) -> Result<Refunded, AppError> {
    let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
    if reason.chars().count() < 5 {
        return Err(AppError::validation("reason", copy::ERR_REFUND_REASON));
    }
    if reason.chars().count() > 500 {
        return Err(AppError::validation("reason", copy::ERR_REFUND_REASON_LONG));
    }
    let found = find_visible(state, admin, code).await?;
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM payments p WHERE p.request_id = $1 AND p.state = 'paid' \
         ORDER BY p.id DESC LIMIT 1"
    )))
    .bind(found.id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or_else(|| AppError::Conflict(copy::ERR_NOTHING_TO_REFUND.into()))?;
    let payment = payment_of(&row)?;
    let now = state.db.now_ms();
    // Within the gateway's window (30 minutes at both) a reversal returns the money at no cost.
    let reversed = match (
        &state.gateway,
        payment.settled_at,
        payment.authority.clone(),
    ) {
        (Some(gateway), Some(at), Some(authority))
            if gateway.kind() == payment.gateway && now - at < 30 * 60_000 =>
        {
            let attempt = Attempt {
                authority,
                reference: payment.reference.clone(),
                amount: payment.amount,
                created_at: payment.created_at,
                now,
            };
            gateway.reverse(&attempt).await.unwrap_or_else(|e| {
                tracing::warn!(error = %e, payment = payment.id, "the gateway did not reverse");
                false
            })
        }
        _ => false,
    };
    let kind = if reversed { "reversed" } else { "refunded" };
    let mut w = state.db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE payments SET state = 'refunded', updated_at = $1 WHERE id = $2 AND state = 'paid'",
    )
    .bind(now)
    .bind(payment.id)
    .execute(&mut *w.tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::Conflict(copy::ERR_NOTHING_TO_REFUND.into()));
    }
    ledger(
        &mut w.tx,
        Line {
            payment_id: payment.id,
            request_id: payment.request_id,
            kind,
            amount: -payment.amount.0,
            gateway: payment.gateway,
            reference: payment.reference.as_deref(),
            note: Some(&reason),
            actor: Some(admin.id),
        },
        now,
    )
    .await?;
    let amount = payment.amount.0.to_string();
    record_history(
        &mut w.tx,
        payment.request_id,
        Some(admin.id),
        Change {
            kind: HistoryKind::Refunded,
            from: Some(&amount),
            to: Some(kind),
            reason: &reason,
            internal: false,
        },
        now,
    )
    .await?;
    crate::server::notify::enqueue_notice(
        &mut w.tx,
        &state.notifier,
        state.config.origin(),
        payment.request_id,
        Notice::Refunded(payment.amount.0),
    )
    .await?;
    let event = EventHub::record(
        &mut w.tx,
        &state.db,
        EventKind::RequestUpdated,
        payment.request_id,
        payment.applicant_id,
        Audience::Everyone,
    )
    .await?;
    w.commit().await?;
    state.events.after_commit(state.db.backend, [event]);
    state.notifier.wake.notify_one();
    Ok(if reversed {
        Refunded::Reversed
    } else {
        Refunded::Recorded
    })
}

/// One reconciliation pass: attempts whose callback did not come within the gateways' session
/// time, and verifications whose holder vanished (a crash), are asked about at the gateway.
/// Every instance runs it; the claim makes each attempt handled by one of them.
pub async fn reconcile(state: &AppState) -> Result<usize, AppError> {
    if state.gateway.is_none() {
        return Ok(0);
    }
    let now = state.db.now_ms();
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM payments p WHERE p.state IN ('pending', 'verifying') \
         AND p.updated_at < $1 ORDER BY p.id LIMIT 200"
    )))
    .bind(now - VERIFY_LEASE_MS.min(RECONCILE_AFTER_MS))
    .fetch_all(&state.db.pool)
    .await?;
    let mut settled = 0;
    for row in &rows {
        let payment = payment_of(row)?;
        let due = match payment.state {
            PaymentState::Pending => {
                crate::domain::payment::due_for_reconciliation(row.try_get("updated_at")?, now)
            }
            // A lease older than its time: the holder is gone.
            _ => row
                .try_get::<Option<i64>, _>("lease_at")?
                .is_none_or(|at| now - at >= VERIFY_LEASE_MS),
        };
        if !due {
            continue;
        }
        let id = payment.id;
        match settle_claimed(state, payment, Mode::Reconcile, None).await {
            Ok((Settled::Pending, _) | (_, false)) => {}
            Ok(_) => settled += 1,
            Err(e) => tracing::warn!(error = %e, payment = id, "reconciling a payment failed"),
        }
    }
    Ok(settled)
}

/// Cancels requests left unpaid past their deadline, with a notice; never one with an attempt
/// still in flight (its payer may be at the bank).
pub async fn lapse_unpaid(state: &AppState) -> Result<usize, AppError> {
    let now = state.db.now_ms();
    // Each with whether its call ended before its own deadline (the call's end is its `pay_by`).
    let due = sqlx::query(
        "SELECT r.id, CASE WHEN (SELECT c.ends_at FROM calls c WHERE c.id = r.call_id) = r.pay_by \
         THEN 1 ELSE 0 END AS call_ended \
         FROM requests r WHERE r.status = 'awaiting_payment' AND r.pay_by < $1 ORDER BY r.pay_by LIMIT 500",
    )
    .bind(now)
    .fetch_all(&state.db.pool)
    .await?;
    let mut lapsed = 0;
    for r in due {
        let id: i64 = r.try_get("id")?;
        let reason = if r.try_get::<i64, _>("call_ended")? == 1 {
            copy::HISTORY_CANCELLED_CALL_ENDED
        } else {
            copy::HISTORY_CANCELLED_UNPAID
        };
        let mut w = state.db.begin_write().await?;
        let done = sqlx::query(
            "UPDATE requests SET status = 'cancelled', updated_at = $1, closed_at = $1 \
             WHERE id = $2 AND status = 'awaiting_payment' AND NOT EXISTS \
             (SELECT 1 FROM payments p WHERE p.request_id = requests.id AND p.state IN ('pending', 'verifying'))",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
        if done.rows_affected() != 1 {
            continue;
        }
        record_history(
            &mut w.tx,
            id,
            None,
            Change::status(
                Some(RequestStatus::AwaitingPayment),
                RequestStatus::Cancelled,
                reason,
            ),
            now,
        )
        .await?;
        crate::server::notify::enqueue_notice(
            &mut w.tx,
            &state.notifier,
            state.config.origin(),
            id,
            Notice::Lapsed,
        )
        .await?;
        let applicant: i64 = sqlx::query_scalar("SELECT applicant_id FROM requests WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *w.tx)
            .await?;
        let event = EventHub::record(
            &mut w.tx,
            &state.db,
            EventKind::RequestUpdated,
            id,
            applicant,
            Audience::Everyone,
        )
        .await?;
        w.commit().await?;
        state.events.after_commit(state.db.backend, [event]);
        lapsed += 1;
    }
    if lapsed > 0 {
        state.notifier.wake.notify_one();
    }
    Ok(lapsed)
}

/// A fee as people read it.
pub fn fee_dto(amount: Rials, source: &str) -> FeeDto {
    FeeDto {
        amount_rials: amount.0,
        figure: amount.figure(),
        tomans: amount.tomans_figure(),
        words: amount.in_words(),
        source: source.to_string(),
    }
}

fn payment_dto(p: &PaymentRow) -> PaymentDto {
    PaymentDto {
        id: p.id,
        state: p.state,
        state_label: p.state.label_fa().to_string(),
        gateway_label: p.gateway.label_fa().to_string(),
        amount_figure: p.amount.figure(),
        created_at: p.created_at,
        settled_at: p.settled_at,
        reference: p
            .reference
            .clone()
            .filter(|_| p.state != PaymentState::Failed),
        failure: p.failure.map(|f| f.message().to_string()),
        money_returns: p.failure.is_some_and(Failure::money_may_have_left),
    }
}

/// What a request row says of its fee (read with the request itself, so a free request's page
/// costs no query here).
pub struct FeeFacts {
    pub status: RequestStatus,
    pub fee_rials: Option<i64>,
    pub pay_by: Option<i64>,
    pub paid_at: Option<i64>,
}

/// The payment part of a request's page (for a fee-bearing request), for a viewer who may see
/// the request (checked by the caller).
pub async fn view_for(
    state: &AppState,
    request_id: i64,
    facts: FeeFacts,
    viewer: &SessionUser,
    viewer_is_owner: bool,
) -> Result<Option<PaymentView>, AppError> {
    let Some(fee) = facts.fee_rials.filter(|f| *f > 0) else {
        return Ok(None);
    };
    let attempts = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM payments p WHERE p.request_id = $1 ORDER BY p.id DESC"
    )))
    .bind(request_id)
    .fetch_all(&state.db.pool)
    .await?
    .iter()
    .map(payment_of)
    .collect::<Result<Vec<_>, _>>()?;
    let in_flight = attempts.iter().any(|p| p.state.in_flight());
    let verifying = attempts.iter().any(|p| p.state == PaymentState::Verifying);
    let awaiting = facts.status == RequestStatus::AwaitingPayment;
    Ok(Some(PaymentView {
        fee: fee_dto(Rials(fee), ""),
        pay_by: facts
            .pay_by
            .filter(|_| awaiting)
            .map(|at| TehranDateTime::from_unix_millis(at).format_fa()),
        paid_at: facts.paid_at,
        attempts: attempts.iter().map(payment_dto).collect(),
        may_pay: viewer_is_owner && awaiting && !verifying && state.gateway.is_some(),
        in_flight,
        may_refund: viewer.role == crate::domain::account::Role::Admin
            && attempts.iter().any(|p| p.state == PaymentState::Paid),
    }))
}

/// The receipt of a request's paid fee, for whoever may see the request.
pub async fn receipt(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
) -> Result<ReceiptDto, AppError> {
    let found = find_visible(state, viewer, code).await?;
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS}, t.title AS type_title, u.full_name AS applicant_name \
         FROM payments p JOIN requests r ON r.id = p.request_id \
         JOIN request_types t ON t.id = r.type_id JOIN users u ON u.id = r.applicant_id \
         WHERE p.request_id = $1 AND p.state IN ('paid', 'refunded') ORDER BY p.id DESC LIMIT 1"
    )))
    .bind(found.id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let p = payment_of(&row)?;
    Ok(ReceiptDto {
        tracking_code: found.tracking_code,
        type_title: row.try_get("type_title")?,
        applicant_name: row.try_get("applicant_name")?,
        amount: fee_dto(p.amount, ""),
        paid_at: p.settled_at.unwrap_or(p.created_at),
        gateway_label: p.gateway.label_fa().to_string(),
        reference: p.reference.unwrap_or_default(),
        trace: p.trace,
        card_mask: p.card_mask,
        state_label: p.state.label_fa().to_string(),
    })
}

/// The payment jobs every instance runs: reconciliation and cancelling the unpaid, each pass a
/// few statements when there is nothing to do.
pub fn spawn_jobs(state: AppState) {
    tokio::spawn(async move {
        let every = Duration::from_secs(state.config.payment_reconcile_seconds.max(1));
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match reconcile(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(settled = n, "payments reconciled with the gateway"),
                Err(e) => tracing::warn!(error = %e, "reconciling payments failed"),
            }
            match lapse_unpaid(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(cancelled = n, "unpaid requests cancelled"),
                Err(e) => tracing::warn!(error = %e, "cancelling unpaid requests failed"),
            }
        }
    });
}
