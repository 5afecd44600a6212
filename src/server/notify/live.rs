//! Live events. Each change to a request writes a row to `events` inside the same transaction,
//! so a reconnecting browser can catch up from its last event id. Fan-out: on SQLite (one
//! process) the hub broadcasts after commit; on PostgreSQL the transaction issues NOTIFY and
//! every instance's listener broadcasts what it hears, its own changes included.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::{Any, Row, Transaction};
use tokio::sync::broadcast;

use crate::wire::AppError;

use crate::domain::account::StaffScope;
use crate::server::auth::SessionUser;
use crate::server::platform::db::{Backend, Batch, Db};
use crate::server::platform::secret::Secret;

pub const PG_CHANNEL: &str = "poshtiban_events";
/// Sessions that ended (sign-out, a disabled account), so every instance closes their streams.
pub const PG_SESSIONS_CHANNEL: &str = "poshtiban_sessions";
/// Events older than this are pruned; a browser away longer simply refetches everything.
const RETENTION_MS: i64 = 24 * 3_600_000;
const REPLAY_LIMIT: i64 = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    RequestCreated,
    RequestUpdated,
    /// An SLA warning or breach (staff only).
    SlaAlert,
}

impl EventKind {
    fn as_str(self) -> &'static str {
        match self {
            EventKind::RequestCreated => "request_created",
            EventKind::RequestUpdated => "request_updated",
            EventKind::SlaAlert => "sla_alert",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "request_created" => Some(EventKind::RequestCreated),
            "request_updated" => Some(EventKind::RequestUpdated),
            "sla_alert" => Some(EventKind::SlaAlert),
            _ => None,
        }
    }
}

/// Who hears of a change: internal work (notes, assignment, priority) reaches staff only, so an
/// applicant cannot even tell that something happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Everyone,
    Staff,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveEvent {
    pub id: i64,
    pub kind: EventKind,
    pub request_id: i64,
    pub applicant_id: i64,
    pub audience: Audience,
    /// The request's group and assignee as the change left them.
    pub group_id: Option<i64>,
    pub assignee_id: Option<i64>,
}

impl LiveEvent {
    /// Applicants hear only of public changes to their own requests; staff hear of the
    /// requests within their scope.
    pub fn visible_to(&self, user: &SessionUser, scope: Option<&StaffScope>) -> bool {
        match scope {
            Some(scope) => scope.covers(self.group_id, self.assignee_id),
            None => user.id == self.applicant_id && self.audience == Audience::Everyone,
        }
    }
}

/// What the browser receives: no personal data, only what changed; it refetches through the
/// (authorised) server functions.
#[derive(Serialize)]
pub struct WireEvent {
    pub kind: EventKind,
    pub request_id: i64,
}

/// A session that ended, or every session of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionEnded {
    /// The hash of the session's token.
    Token(String),
    /// Every session of this account (disabled, or its role changed).
    Account(i64),
}

impl SessionEnded {
    fn payload(&self) -> String {
        match self {
            SessionEnded::Token(hash) => format!("t:{hash}"),
            SessionEnded::Account(id) => format!("a:{id}"),
        }
    }

    fn parse(payload: &str) -> Option<Self> {
        match payload.split_once(':')? {
            ("t", hash) => Some(SessionEnded::Token(hash.to_string())),
            ("a", id) => id.parse().ok().map(SessionEnded::Account),
            _ => None,
        }
    }

    pub fn ends(&self, token_hash: Option<&str>, user_id: i64) -> bool {
        match self {
            SessionEnded::Token(hash) => token_hash == Some(hash.as_str()),
            SessionEnded::Account(id) => *id == user_id,
        }
    }
}

#[derive(Clone)]
pub struct EventHub {
    tx: broadcast::Sender<LiveEvent>,
    pub sessions: broadcast::Sender<SessionEnded>,
}

impl Default for EventHub {
    fn default() -> Self {
        Self::new()
    }
}

impl EventHub {
    pub fn new() -> Self {
        let (tx, _) = broadcast::channel(1024);
        let (sessions, _) = broadcast::channel(256);
        EventHub { tx, sessions }
    }

    /// Announces, in the caller's transaction, that a session (or an account's sessions) ended:
    /// on PostgreSQL every instance hears it when the transaction commits; on SQLite call
    /// [`EventHub::after_session_end`] after the commit.
    pub async fn announce_session_end(
        tx: &mut Transaction<'static, Any>,
        backend: Backend,
        ended: &SessionEnded,
    ) -> Result<(), sqlx::Error> {
        if backend == Backend::Postgres {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(PG_SESSIONS_CHANNEL)
                .bind(ended.payload())
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    pub fn after_session_end(&self, backend: Backend, ended: SessionEnded) {
        if backend == Backend::Sqlite {
            let _ = self.sessions.send(ended);
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.tx.subscribe()
    }

    /// Records an event in the caller's transaction.
    pub async fn record(
        tx: &mut Transaction<'static, Any>,
        db: &Db,
        kind: EventKind,
        request_id: i64,
        applicant_id: i64,
        audience: Audience,
    ) -> Result<LiveEvent, AppError> {
        let backend = db.backend;
        let mut batch = Batch::new(db.now_ms());
        Self::record_into(
            &mut batch,
            backend,
            kind,
            request_id,
            applicant_id,
            audience,
        );
        let rows = batch.run(tx).await?;
        let row = rows.first().ok_or(AppError::Internal)?;
        Ok(LiveEvent {
            id: row.try_get("id")?,
            kind,
            request_id,
            applicant_id,
            audience,
            group_id: row.try_get("group_id")?,
            assignee_id: row.try_get("assignee_id")?,
        })
    }

    /// Adds an event to `batch`: its statement returns the event's `id`. On PostgreSQL a
    /// notification follows, which other instances hear only if and when the transaction
    /// commits.
    pub fn record_into(
        batch: &mut Batch,
        backend: Backend,
        kind: EventKind,
        request_id: i64,
        applicant_id: i64,
        audience: Audience,
    ) {
        batch.push_returning(
            "INSERT INTO events (kind, request_id, applicant_id, staff_only, created_at, group_id, \
             assignee_id) VALUES ($1, $2, $3, $4, $5, (SELECT group_id FROM requests WHERE id = $2), \
             (SELECT assignee_id FROM requests WHERE id = $2)) RETURNING id, group_id, assignee_id",
            vec![
                kind.as_str().into(),
                request_id.into(),
                applicant_id.into(),
                i64::from(audience == Audience::Staff).into(),
                batch.now.into(),
            ],
        );
        if backend == Backend::Postgres {
            batch.push(
                "SELECT pg_notify($1, CAST(currval(pg_get_serial_sequence('events', 'id')) AS TEXT))",
                vec![PG_CHANNEL.into()],
            );
        }
    }

    /// Call after the transaction that recorded `events` committed.
    pub fn after_commit(&self, backend: Backend, events: impl IntoIterator<Item = LiveEvent>) {
        if backend == Backend::Sqlite {
            for e in events {
                // No subscribers is fine.
                let _ = self.tx.send(e);
            }
        }
    }

    /// Listens for NOTIFY on PostgreSQL and rebroadcasts to this instance's browsers. Reconnects
    /// by itself; after a reconnect it replays what was recorded meanwhile.
    pub fn spawn_postgres_listener(&self, url: Secret, db: Db) {
        let hub = self.clone();
        tokio::spawn(async move {
            let mut last_seen: Option<i64> = None;
            loop {
                match listen_once(url.expose(), &db, &hub, &mut last_seen).await {
                    Ok(()) => {}
                    Err(e) => tracing::warn!(error = %e, "live-event listener lost its connection"),
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        });
    }
}

async fn listen_once(
    url: &str,
    db: &Db,
    hub: &EventHub,
    last_seen: &mut Option<i64>,
) -> Result<(), sqlx::Error> {
    let mut listener = sqlx::postgres::PgListener::connect(url).await?;
    listener
        .listen_all([PG_CHANNEL, PG_SESSIONS_CHANNEL])
        .await?;
    if let Some(since) = *last_seen {
        for e in load_since(db, since, None).await? {
            *last_seen = Some(e.id.max(last_seen.unwrap_or(0)));
            let _ = hub.tx.send(e);
        }
    }
    loop {
        let note = listener.recv().await?;
        if note.channel() == PG_SESSIONS_CHANNEL {
            if let Some(ended) = SessionEnded::parse(note.payload()) {
                let _ = hub.sessions.send(ended);
            }
            continue;
        }
        let Ok(id) = note.payload().parse::<i64>() else {
            continue;
        };
        let row = sqlx::query(
            "SELECT id, kind, request_id, applicant_id, staff_only, group_id, assignee_id \
             FROM events WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
        if let Some(e) = row.as_ref().and_then(row_to_event) {
            *last_seen = Some(e.id.max(last_seen.unwrap_or(0)));
            let _ = hub.tx.send(e);
        }
    }
}

fn row_to_event(r: &sqlx::any::AnyRow) -> Option<LiveEvent> {
    Some(LiveEvent {
        id: r.try_get("id").ok()?,
        kind: EventKind::parse(&r.try_get::<String, _>("kind").ok()?)?,
        request_id: r.try_get("request_id").ok()?,
        applicant_id: r.try_get("applicant_id").ok()?,
        audience: if r.try_get::<i64, _>("staff_only").ok()? == 1 {
            Audience::Staff
        } else {
            Audience::Everyone
        },
        group_id: r.try_get("group_id").ok()?,
        assignee_id: r.try_get("assignee_id").ok()?,
    })
}

/// Events after `since`, limited to one applicant's when `applicant` is given.
pub async fn load_since(
    db: &Db,
    since: i64,
    applicant: Option<i64>,
) -> Result<Vec<LiveEvent>, sqlx::Error> {
    let rows = match applicant {
        Some(a) => {
            sqlx::query(
                "SELECT id, kind, request_id, applicant_id, staff_only, group_id, assignee_id \
                 FROM events WHERE applicant_id = $1 AND staff_only = 0 AND id > $2 ORDER BY id LIMIT $3",
            )
            .bind(a)
            .bind(since)
            .bind(REPLAY_LIMIT)
            .fetch_all(&db.pool)
            .await?
        }
        None => {
            sqlx::query(
                "SELECT id, kind, request_id, applicant_id, staff_only, group_id, assignee_id \
                 FROM events WHERE id > $1 ORDER BY id LIMIT $2",
            )
            .bind(since)
            .bind(REPLAY_LIMIT)
            .fetch_all(&db.pool)
            .await?
        }
    };
    Ok(rows.iter().filter_map(row_to_event).collect())
}

pub async fn prune(db: &Db) -> Result<(), AppError> {
    let mut w = db.begin_write().await?;
    sqlx::query("DELETE FROM events WHERE created_at < $1")
        .bind(db.now_ms() - RETENTION_MS)
        .execute(&mut *w.tx)
        .await?;
    w.commit().await?;
    Ok(())
}
