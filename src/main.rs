//! The `poshtiban` binary: serve the app, migrate, seed demo data, manage accounts.

use clap::{Parser, Subcommand, ValueEnum};
use leptos::config::get_configuration;

use poshtiban::domain::account::{LoginId, Role};
use poshtiban::domain::identity::{ForeignId, NationalCode};
use poshtiban::server::auth;
use poshtiban::server::platform::config::Config;
use poshtiban::server::platform::db::Db;
use poshtiban::server::platform::seed;
use poshtiban::server::platform::state::AppState;
use poshtiban::web;

#[derive(Parser)]
#[command(
    name = "poshtiban",
    about = "Poshtiban: the support-request desk of SAJAD"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Insert the demo request types and accounts (idempotent).
    SeedDemo,
    /// Serve only the gateway simulator (Zarinpal v4 and SEP on loopback), for a demo or a test
    /// whose app instances come and go while the gateway stays.
    PaymentSimulator {
        #[arg(long, default_value = "127.0.0.1:3099")]
        addr: std::net::SocketAddr,
        /// How late a "slow" verification answers, in milliseconds.
        #[arg(long, env = "PAYMENT_SIMULATOR_SLOW_MS", default_value_t = 3000)]
        slow_ms: u64,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a staff account.
    Add {
        #[arg(long, value_enum)]
        role: StaffRole,
        /// National code (کد ملی), or a passport number with --foreign.
        #[arg(long)]
        national_code: String,
        #[arg(long)]
        foreign: bool,
        #[arg(long)]
        name: String,
        #[arg(long)]
        mobile: Option<String>,
        /// The password; read from POSHTIBAN_PASSWORD when omitted.
        #[arg(long, env = "POSHTIBAN_PASSWORD", hide_env_values = true)]
        password: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum StaffRole {
    Agent,
    Supervisor,
    Admin,
}

impl From<StaffRole> for Role {
    fn from(r: StaffRole) -> Role {
        match r {
            StaffRole::Agent => Role::Agent,
            StaffRole::Supervisor => Role::Supervisor,
            StaffRole::Admin => Role::Admin,
        }
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn main() {
    return_freed_memory_to_the_system();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("poshtiban: cannot start the async runtime: {e}");
            std::process::exit(1);
        }
    };
    runtime.block_on(async_main());
}

/// Password hashing (argon2) takes ~19 MiB per hash. glibc's adaptive mmap threshold would
/// otherwise keep such blocks in its heaps after the first one is freed, so a few sign-ins left
/// a 14 MB server at 110 MB; a fixed threshold hands them back at once.
fn return_freed_memory_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only adjusts allocator tuning; called once, before other threads exist.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
    }
}

async fn async_main() {
    if let Err(e) = run().await {
        eprintln!("poshtiban: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), BoxError> {
    let cli = Cli::parse();
    let config = Config::from_env()?;
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::Migrate => {
            let db = Db::connect(&config).await?;
            db.migrate().await?;
            println!("migrations applied");
            Ok(())
        }
        Command::PaymentSimulator { addr, slow_ms } => {
            let local = poshtiban::server::payments::simulator::spawn(
                addr,
                std::time::Duration::from_millis(slow_ms),
            )
            .await?;
            println!("gateway simulator listening on http://{local}");
            shutdown_signal().await;
            Ok(())
        }
        Command::SeedDemo => {
            let db = Db::connect(&config).await?;
            db.migrate().await?;
            seed_demo(&db).await
        }
        Command::User {
            command:
                UserCommand::Add {
                    role,
                    national_code,
                    foreign,
                    name,
                    mobile,
                    password,
                },
        } => {
            let id = if foreign {
                LoginId::Foreign(ForeignId::parse(&national_code).map_err(|e| e.message())?)
            } else {
                LoginId::NationalCode(NationalCode::parse(&national_code).map_err(|e| e.message())?)
            };
            let mobile = match mobile {
                Some(m) => Some(
                    poshtiban::domain::identity::Mobile::parse(&m)
                        .map_err(|e| e.message())?
                        .canonical()
                        .to_string(),
                ),
                None => None,
            };
            if password.chars().count() < poshtiban::domain::account::PASSWORD_MIN_CHARS {
                return Err("the password must have at least 10 characters".into());
            }
            let db = Db::connect(&config).await?;
            db.migrate().await?;
            let account = auth::NewAccount {
                role: role.into(),
                applicant_kind: None,
                id_kind: id.kind_str(),
                login_key: id.key(),
                full_name: name.trim(),
                mobile: mobile.as_deref(),
                email: None,
                at: db.now_ms(),
            };
            let user_id = auth::create_account(&db, &account, &password)
                .await
                .map_err(|e| e.to_string())?;
            println!("created account {user_id} ({})", id.key());
            Ok(())
        }
    }
}

async fn seed_demo(db: &Db) -> Result<(), BoxError> {
    seed::seed_request_types(db)
        .await
        .map_err(|e| e.to_string())?;
    seed::seed_demo_accounts(db)
        .await
        .map_err(|e| e.to_string())?;
    seed::seed_demo_tariffs(db)
        .await
        .map_err(|e| e.to_string())?;
    seed::seed_demo_calls(db).await.map_err(|e| e.to_string())?;
    print!("{}", seed::demo_logins());
    Ok(())
}

async fn serve(config: Config) -> Result<(), BoxError> {
    // Runtime Leptos options come from Leptos.toml when present (a deployed binary), else from
    // Cargo.toml (under cargo-leptos); LEPTOS_* environment variables override either.
    let conf_file = if std::path::Path::new("Leptos.toml").exists() {
        Some("Leptos.toml")
    } else {
        None
    };
    let conf = get_configuration(conf_file)?;
    let mut options = conf.leptos_options;
    // File names are hashed exactly when the build that made the site said so, in the
    // `hash.txt` it wrote beside this binary.
    options.hash_files = poshtiban::web::assets::hash_file(&options).exists();
    let addr = options.site_addr;
    let seed_demo_data = config.seed_demo;
    let state = AppState::start(config, options).await?;
    let app = web::router(state);
    // Pages stream in several writes; without TCP_NODELAY, Nagle's algorithm and delayed ACKs
    // hold each page back ~40 ms.
    let listener =
        axum::serve::ListenerExt::tap_io(tokio::net::TcpListener::bind(addr).await?, |tcp| {
            let _ = tcp.set_nodelay(true);
        });
    println!("Poshtiban is listening on http://{addr}");
    if seed_demo_data {
        print!("{}", seed::demo_logins());
    }
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    Ok(())
}

/// Ctrl-C or SIGTERM (what service managers and CI send).
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
