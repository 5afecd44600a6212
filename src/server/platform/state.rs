//! The application state handed to every route and server function through context.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::server::notify::live::EventHub;
use crate::server::platform::config::Config;
use crate::server::platform::db::Db;
use crate::server::requests::files::{BlobStore, DbBlobStore};

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: Arc<Config>,
    pub events: EventHub,
    /// Where file contents are kept (the database by default).
    pub blobs: Arc<dyn BlobStore>,
    /// E-mail and SMS channels, and the bell that wakes the outbox worker.
    pub notifier: Arc<crate::server::notify::Notifier>,
    /// The working calendars the SLA clocks count on.
    pub calendars: Arc<crate::server::sla::calendar::CalendarCache>,
    /// The public SLA figures, computed at most once a minute.
    pub sla_public: Arc<crate::server::sla::report::PublicCache>,
    /// The gateway fees are paid through (none configured: paying says it is unavailable).
    pub gateway: Option<Arc<dyn crate::server::payments::gateway::PaymentGateway>>,
}

impl AppState {
    /// Starts the app as every instance starts: connects, migrates, seeds the request types (and
    /// the demo accounts with `SEED_DEMO`), syncs the SLA policies, backfills search rows and
    /// clocks, and starts the background tasks (live-event listener, outbox worker, search
    /// indexer, SLA scheduler, maintenance). Tests start it the same way.
    pub async fn start(
        config: Config,
        leptos_options: LeptosOptions,
    ) -> anyhow_like::Result<AppState> {
        let db = Db::connect(&config).await?;
        db.migrate().await?;
        crate::server::platform::seed::seed_request_types(&db).await?;
        if config.seed_demo {
            crate::server::platform::seed::seed_demo_accounts(&db).await?;
            if config.seed_demo_fees {
                crate::server::platform::seed::seed_demo_tariffs(&db).await?;
            }
            if config.seed_demo_calls {
                crate::server::platform::seed::seed_demo_calls(&db).await?;
            }
        }
        let indexed = crate::server::requests::search::backfill(&db).await?;
        if indexed > 0 {
            tracing::info!(requests = indexed, "search index backfilled");
        }
        let events = EventHub::new();
        if db.is_postgres() {
            events.spawn_postgres_listener(config.database_url.clone(), db.clone());
        }
        let notifier = crate::server::notify::Notifier::from_config(&config, db.clock.clone());
        crate::server::sla::policy::sync_all_policies(&db).await?;
        let calendars = Arc::new(crate::server::sla::calendar::CalendarCache::default());
        calendars.reload(&db).await?;
        let mut config = config;
        if let Some(addr) = config.payment_simulator {
            let slow = std::time::Duration::from_millis(config.payment_simulator_slow_ms);
            let local = crate::server::payments::simulator::spawn(addr, slow).await?;
            if let Some(g) = config.gateway.as_mut().filter(|g| g.base_url.is_empty()) {
                g.base_url = format!("http://{local}");
            }
        }
        let gateway = config
            .gateway
            .as_ref()
            .map(crate::server::payments::gateway::from_settings);
        let state = AppState {
            leptos_options,
            db,
            config: Arc::new(config),
            events,
            blobs: Arc::new(DbBlobStore),
            notifier,
            calendars,
            sla_public: Arc::default(),
            gateway,
        };
        let clocked = crate::server::sla::recompute::backfill(&state).await?;
        if clocked > 0 {
            tracing::info!(
                requests = clocked,
                "SLA clocks started for earlier requests"
            );
        }
        crate::server::platform::maintenance::spawn(state.clone());
        crate::server::notify::spawn_worker(state.clone());
        crate::server::requests::search::spawn_indexer(state.db.clone());
        crate::server::sla::scheduler::spawn_scheduler(state.clone());
        crate::server::payments::flow::spawn_jobs(state.clone());
        Ok(state)
    }
}

/// A small boxed error for start-up, where any failure ends the process with its message.
pub mod anyhow_like {
    pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;
}
