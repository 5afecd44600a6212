//! `poshtiban-bench`: what `make bench` needs besides the app, kept out of the production binary
//! (built only with the `bench` feature): seeding synthetic requests, counting them, and a bare
//! baseline server that measures what this machine can do at all.

use clap::{Parser, Subcommand};

use poshtiban::server::platform::config::Config;
use poshtiban::server::platform::db::Db;

#[derive(Parser)]
#[command(name = "poshtiban-bench", about = "Benchmark helpers for Poshtiban")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Benchmark data: seed synthetic requests (with replies, answers and search rows).
    Seed {
        #[arg(long, default_value_t = 100_000)]
        requests: u64,
        /// Requests with their status history and search keys only (no messages or form
        /// answers): what the SLA benchmarks read, seeded faster.
        #[arg(long)]
        lean: bool,
        /// Requests filed in the last this many days are in any state (about two thirds of
        /// them open); older ones are closed.
        #[arg(long, default_value_t = 21)]
        recent_days: i64,
    },
    /// Benchmark helper: print the number of requests and a tracking code from the middle.
    Count,
    /// Benchmark data: seed payments over the requests already seeded (with their ledger lines
    /// and the month totals), for the finance report.
    SeedPayments {
        #[arg(long, default_value_t = 1_000_000)]
        payments: u64,
    },
    /// Benchmark load: pay the fees of `payments` new requests through the running server and
    /// its gateway simulator, and time the callbacks (each one verification at the gateway and
    /// one settlement) at the given concurrency. Prints one JSON line.
    Pay {
        /// The server's address (`http://127.0.0.1:PORT`).
        #[arg(long)]
        base: String,
        #[arg(long, default_value_t = 2_000)]
        payments: usize,
        #[arg(long, default_value_t = 16)]
        concurrency: usize,
    },
    /// Benchmark baseline: a bare axum handler (`/bare`) and one SQLite transaction with one
    /// INSERT (`/insert`), to measure what this machine can do at all.
    Baseline {
        #[arg(long)]
        port: u16,
        /// A scratch SQLite file.
        #[arg(long)]
        db: String,
    },
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The machine's own limits, for comparison with the app's figures.
async fn bench_baseline(port: u16, path: &str) -> Result<(), BoxError> {
    use axum::routing::get;
    let db = Db::connect_url(&format!("sqlite:{path}"), 8).await?;
    sqlx::query("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT NOT NULL, at INTEGER NOT NULL)")
        .execute(&db.pool)
        .await?;
    let app = axum::Router::new()
        .route("/bare", get(|| async { "ok" }))
        .route(
            "/insert",
            get(move || {
                let db = db.clone();
                async move {
                    let Ok(mut w) = db.begin_write().await else {
                        return axum::http::StatusCode::INTERNAL_SERVER_ERROR;
                    };
                    let ok = sqlx::query("INSERT INTO t (v, at) VALUES ($1, $2)")
                        .bind("درخواست آزمایشی")
                        .bind(db.now_ms())
                        .execute(&mut *w.tx)
                        .await
                        .is_ok();
                    if ok && w.commit().await.is_ok() {
                        axum::http::StatusCode::OK
                    } else {
                        axum::http::StatusCode::INTERNAL_SERVER_ERROR
                    }
                }
            }),
        );
    let listener = axum::serve::ListenerExt::tap_io(
        tokio::net::TcpListener::bind(("127.0.0.1", port)).await?,
        |tcp| {
            let _ = tcp.set_nodelay(true);
        },
    );
    axum::serve(listener, app).await?;
    Ok(())
}

#[path = "bench/pay.rs"]
mod pay;

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("poshtiban-bench: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), BoxError> {
    let cli = Cli::parse();
    let config = Config::from_env()?;
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .init();
    match cli.command {
        Command::Seed {
            requests,
            lean,
            recent_days,
        } => {
            let db = Db::connect(&config).await?;
            db.migrate().await?;
            poshtiban::server::platform::seed::seed_request_types(&db).await?;
            poshtiban::server::platform::seed::seed_demo_accounts(&db).await?;
            let hash = poshtiban::server::auth::hash_password("bench-password".into()).await?;
            let started = std::time::Instant::now();
            let total = {
                use poshtiban::server::platform::bench::{Detail, Plan, seed};
                let detail = if lean { Detail::Lean } else { Detail::Full };
                let plan = Plan {
                    requests,
                    detail,
                    recent_days,
                };
                seed(&db, plan, &hash).await?
            };
            println!(
                "seeded {requests} requests in {:.1} s; the database holds {total}",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Baseline { port, db } => bench_baseline(port, &db).await,
        Command::SeedPayments { payments } => {
            let db = Db::connect(&config).await?;
            let started = std::time::Instant::now();
            let total = poshtiban::server::platform::bench::seed_payments(&db, payments).await?;
            println!(
                "seeded {payments} payments in {:.1} s; the database holds {total}",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Pay {
            base,
            payments,
            concurrency,
        } => {
            let db = Db::connect(&config).await?;
            pay::run(&db, &base, payments, concurrency).await
        }
        Command::Count => {
            use sqlx::Row;
            let db = Db::connect(&config).await?;
            let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM requests")
                .fetch_one(&db.pool)
                .await?
                .try_get("n")?;
            let code: Option<String> = sqlx::query(
                "SELECT tracking_code FROM requests WHERE id >= (SELECT MAX(id) / 2 FROM requests) ORDER BY id LIMIT 1",
            )
            .fetch_optional(&db.pool)
            .await?
            .map(|r| r.try_get("tracking_code"))
            .transpose()?
            .flatten();
            println!("{n} {}", code.unwrap_or_default());
            Ok(())
        }
    }
}
