//! Periodic housekeeping: expired sessions, old limit counters, failed-form outcomes and pending
//! registrations past their time, delivered live events, tariff uploads never confirmed, and
//! closing resolved requests the applicant left alone.

use std::time::Duration;

use crate::server::platform::state::AppState;

pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) = crate::server::auth::prune(&state).await {
                tracing::warn!(error = %e, "pruning sessions failed");
            }
            if let Err(e) = crate::server::notify::wipe_expired_codes(&state.db).await {
                tracing::warn!(error = %e, "wiping expired codes from the outbox failed");
            }
            if let Err(e) = crate::server::auth::flash::prune(&state.db).await {
                tracing::warn!(error = %e, "pruning form outcomes failed");
            }
            if let Err(e) = crate::server::auth::second_factor::prune(&state).await {
                tracing::warn!(error = %e, "pruning pending sign-ins failed");
            }
            if let Err(e) = crate::server::auth::signup::prune(&state).await {
                tracing::warn!(error = %e, "pruning pending registrations failed");
            }
            if let Err(e) = crate::server::notify::live::prune(&state.db).await {
                tracing::warn!(error = %e, "pruning live events failed");
            }
            if let Err(e) = crate::server::payments::tariff_import::prune(&state).await {
                tracing::warn!(error = %e, "pruning tariff imports failed");
            }
            if let Err(e) = crate::server::requests::staff_tools::prune_presence(&state).await {
                tracing::warn!(error = %e, "pruning presence failed");
            }
            match crate::server::requests::lifecycle::auto_close_resolved(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(closed = n, "closed resolved requests left alone"),
                Err(e) => tracing::warn!(error = %e, "closing resolved requests failed"),
            }
        }
    });
}
