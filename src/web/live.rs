//! `GET /events`: the signed-in viewer's live stream of changes to the requests they may see.

use std::convert::Infallible;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::{Stream, StreamExt, stream};
use serde::Deserialize;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;

use crate::domain::account::StaffScope;
use crate::server::auth::{SessionUser, Viewer};
use crate::server::notify::live::{LiveEvent, WireEvent, load_since};
use crate::server::platform::state::AppState;

#[derive(Deserialize)]
pub struct SinceQuery {
    since: Option<i64>,
}

fn to_sse(e: &LiveEvent) -> Event {
    let data = serde_json::to_string(&WireEvent {
        kind: e.kind,
        request_id: e.request_id,
    })
    .unwrap_or_default();
    Event::default().id(e.id.to_string()).data(data)
}

/// `GET /events`: the signed-in viewer's stream. `Last-Event-ID` (sent by the browser when it
/// reconnects) or `?since=` replays what was missed.
pub async fn sse_handler(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    headers: HeaderMap,
    Query(q): Query<SinceQuery>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, StatusCode> {
    let Some(user) = viewer.user.clone() else {
        return Err(StatusCode::UNAUTHORIZED);
    };
    // Subscribe before reading the backlog so nothing falls between the two.
    let rx = state.events.subscribe();
    let scope = crate::server::requests::staff_scope(&state.db, &user)
        .await
        .map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;
    // Looked at again with the session, so a change of groups reaches a long stream.
    let scope = Arc::new(RwLock::new(scope));
    let ended = session_ended(&state, &viewer, user.clone(), scope.clone());
    let since = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<i64>().ok())
        .or(q.since);
    // Live events up to the backlog's last id were sent with it; later ones all pass (on
    // PostgreSQL they may arrive slightly out of id order, which must not hide any).
    let (backlog, high_water) = match since {
        Some(since) => {
            let applicant = (!user.role.is_staff()).then_some(user.id);
            let events = load_since(&state.db, since, applicant).await.map_err(|e| {
                tracing::error!(error = %e, "event replay failed");
                StatusCode::INTERNAL_SERVER_ERROR
            })?;
            let high = events.last().map(|e| e.id).unwrap_or(since);
            let now_scope = scope.read().map(|s| s.clone()).unwrap_or_default();
            let events = events
                .into_iter()
                .filter(|e| e.visible_to(&user, now_scope.as_ref()))
                .collect();
            (events, high)
        }
        None => (Vec::new(), 0),
    };
    let hello = stream::once(async { Ok(Event::default().event("ready").data("{}")) });
    let replay = stream::iter(backlog.into_iter().map(|e| Ok(to_sse(&e))));
    let live = BroadcastStream::new(rx).filter_map(move |msg| {
        let out = match msg {
            Ok(e)
                if e.id > high_water
                    && scope.read().is_ok_and(|s| e.visible_to(&user, s.as_ref())) =>
            {
                Some(Ok(to_sse(&e)))
            }
            Ok(_) => None,
            // This browser fell behind: tell it to refetch everything it shows.
            Err(BroadcastStreamRecvError::Lagged(_)) => {
                Some(Ok(Event::default().event("resync").data("{}")))
            }
        };
        futures::future::ready(out)
    });
    Ok(Sse::new(hello.chain(replay).chain(live).take_until(ended))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// Resolves when the stream's session is over: at once when it is ended (sign-out, a disabled
/// account) on any instance, and at the latest at the next look at the session (expired, the
/// account disabled or its role changed by other means).
fn session_ended(
    state: &AppState,
    viewer: &Viewer,
    user: SessionUser,
    scope: Arc<RwLock<Option<StaffScope>>>,
) -> impl std::future::Future<Output = ()> + Send + use<> {
    let mut ends = state.events.sessions.subscribe();
    let db = state.db.clone();
    let token_hash = viewer.token_hash.clone();
    let every = Duration::from_secs(state.config.live_session_check_seconds.max(1));
    async move {
        let Some(token_hash) = token_hash else {
            return;
        };
        let mut look = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        loop {
            tokio::select! {
                ended = ends.recv() => match ended {
                    Ok(e) if e.ends(Some(&token_hash), user.id) => return,
                    Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                    Err(broadcast::error::RecvError::Closed) => return,
                },
                _ = look.tick() => {
                    match crate::server::auth::session_holder(&db, &token_hash).await {
                        Ok(Some(now)) if now == user => {
                            match crate::server::requests::staff_scope(&db, &user).await {
                                Ok(fresh) => {
                                    if let Ok(mut held) = scope.write() {
                                        *held = fresh;
                                    }
                                }
                                Err(e) => tracing::warn!(error = %e, "could not look at a live stream's scope"),
                            }
                        }
                        Ok(_) => return,
                        // The database is briefly away: keep the stream, look again later.
                        Err(e) => tracing::warn!(error = %e, "could not look at a live stream's session"),
                    }
                }
            }
        }
    }
}
