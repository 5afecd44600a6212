//! The database: one `Any` pool over SQLite (embedded default) or PostgreSQL (scale-out).
//!
//! Both engines run the same SQL (`$n` placeholders, `RETURNING`); only the DDL differs, so each
//! has its own migration folder. Instants are stored as UTC unix milliseconds.

use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Executor, SqlSafeStr, Transaction};
use std::sync::atomic::{AtomicI64, Ordering};

use tokio::sync::{Mutex, OwnedMutexGuard, mpsc, oneshot};

use crate::server::platform::clock::Clock;
use crate::server::platform::config::Config;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// The time every part of the server reads (a test moves it forward).
    pub clock: Clock,
    /// SQLite takes one writer at a time; queueing writers here instead of in SQLite's
    /// busy-wait loop keeps latency flat and avoids `SQLITE_BUSY` on lock upgrades.
    write_lock: Arc<Mutex<()>>,
    /// SQLite: the next request id (0: not known yet). Ids are chosen before the row is
    /// written, so the tracking code is written with it. A request another process wrote
    /// meanwhile makes the insert fail, which sets this back to 0.
    next_request_id: Arc<AtomicI64>,
    /// SQLite: the writer thread that runs new filings (see `write_new_request`).
    filings: Option<mpsc::UnboundedSender<WriteJob>>,
    /// Wakes the search indexer (SQLite), see `server::requests::search::index_pending`.
    pub(crate) search_wake: Arc<tokio::sync::Notify>,
}

/// A write transaction; on SQLite it also holds the process-wide writer slot.
pub struct WriteTx {
    pub tx: Transaction<'static, Any>,
    _writer: Option<OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

type Rows = Vec<sqlx::any::AnyRow>;

/// One filing for the writer thread: a whole transaction as one SQLite command.
struct WriteJob {
    sql: String,
    values: Vec<Val>,
    reply: oneshot::Sender<Result<Rows, sqlx::Error>>,
}

/// Filings the writer thread runs in a row before it lets other writers have the slot.
const WRITER_RUN: usize = 32;

/// SQLite's writer thread. Filings are the hottest write, and SQLite takes one writer at a time,
/// so the time between one filing's commit and the next one's start is what bounds throughput.
/// On the async runtime that gap includes waiting for a busy worker to poll the next task; this
/// thread takes the next filing from its queue as soon as the previous one is done. It keeps one
/// connection, and holds the writer slot (the same lock other writes take) while it works.
fn spawn_writer(pool: AnyPool, slot: Arc<Mutex<()>>) -> mpsc::UnboundedSender<WriteJob> {
    let (tx, mut rx) = mpsc::unbounded_channel::<WriteJob>();
    let run = move || {
        let rt = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(rt) => rt,
            Err(e) => {
                tracing::error!(error = %e, "the SQLite writer thread could not start");
                return;
            }
        };
        rt.block_on(async move {
            let mut conn: Option<sqlx::pool::PoolConnection<Any>> = None;
            while let Some(first) = rx.recv().await {
                let _slot = slot.lock().await;
                let mut next = Some(first);
                let mut ran = 0;
                while let Some(job) = next {
                    let result = run_filing(&pool, &mut conn, job.sql, job.values).await;
                    let _ = job.reply.send(result);
                    ran += 1;
                    next = if ran < WRITER_RUN {
                        rx.try_recv().ok()
                    } else {
                        None
                    };
                }
            }
        });
    };
    if let Err(e) = std::thread::Builder::new()
        .name("sqlite-writer".into())
        .spawn(run)
    {
        tracing::error!(error = %e, "the SQLite writer thread could not start");
    }
    tx
}

async fn run_filing(
    pool: &AnyPool,
    conn: &mut Option<sqlx::pool::PoolConnection<Any>>,
    sql: String,
    values: Vec<Val>,
) -> Result<Rows, sqlx::Error> {
    if conn.is_none() {
        *conn = Some(pool.acquire().await?);
    }
    let Some(c) = conn.as_mut() else {
        return Err(sqlx::Error::PoolClosed);
    };
    match bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), values)
        .fetch_all(&mut **c)
        .await
    {
        Ok(rows) => Ok(rows),
        Err(e) => {
            // Whatever ran of the transaction is undone before the slot is given up; a
            // connection that cannot even do that is replaced.
            if c.execute("ROLLBACK").await.is_err() {
                *conn = None;
            }
            Err(e)
        }
    }
}

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

impl Db {
    /// Now, in milliseconds since the Unix epoch, by this app's clock.
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    pub async fn connect(config: &Config) -> Result<Db, sqlx::Error> {
        Self::connect_url(config.database_url.expose(), config.db_max_connections).await
    }

    pub async fn connect_url(url: &str, max_connections: u32) -> Result<Db, sqlx::Error> {
        install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        };
        let url = match backend {
            Backend::Sqlite => prepare_sqlite_url(url)?,
            Backend::Postgres => url.to_string(),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            // A SQLite connection is a file handle that cannot drop like a network link, so the
            // ping before each use (a round trip to its worker thread) buys nothing.
            .test_before_acquire(backend == Backend::Postgres)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    if conn.backend_name().eq_ignore_ascii_case("sqlite") {
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        let write_lock = Arc::new(Mutex::new(()));
        let filings =
            (backend == Backend::Sqlite).then(|| spawn_writer(pool.clone(), write_lock.clone()));
        Ok(Db {
            pool,
            backend,
            filings,
            write_lock,
            next_request_id: Arc::new(AtomicI64::new(0)),
            search_wake: Arc::new(tokio::sync::Notify::new()),
            clock: Clock::default(),
        })
    }

    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATOR.run(&self.pool).await,
            Backend::Postgres => POSTGRES_MIGRATOR.run(&self.pool).await,
        }
    }

    pub async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => {
                // The connection is taken before the writer slot, so the slot is never held
                // while waiting for the pool.
                let conn = self.pool.acquire().await?;
                let guard = self.write_lock.clone().lock_owned().await;
                let tx = Transaction::begin(conn, Some("BEGIN IMMEDIATE".into_sql_str())).await?;
                Ok(WriteTx {
                    tx,
                    _writer: Some(guard),
                })
            }
            Backend::Postgres => Ok(WriteTx {
                tx: self.pool.begin().await?,
                _writer: None,
            }),
        }
    }

    /// An id for a new request row: PostgreSQL's sequence, or on SQLite the next free id
    /// (see `next_request_id`).
    pub async fn new_request_id(&self) -> Result<i64, sqlx::Error> {
        if self.backend == Backend::Postgres {
            return sqlx::query_scalar("SELECT nextval(pg_get_serial_sequence('requests', 'id'))")
                .fetch_one(&self.pool)
                .await;
        }
        if self.next_request_id.load(Ordering::Acquire) == 0 {
            let next: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM requests")
                .fetch_one(&self.pool)
                .await?;
            // Whoever loads first sets it; the others keep counting from there.
            let _ =
                self.next_request_id
                    .compare_exchange(0, next, Ordering::AcqRel, Ordering::Acquire);
        }
        Ok(self.next_request_id.fetch_add(1, Ordering::AcqRel))
    }

    /// After a failed insert of a new request: if another process took the id, ask the table
    /// again next time.
    pub fn forget_request_id(&self, error: &sqlx::Error) -> bool {
        let taken = matches!(error, sqlx::Error::Database(d) if d.is_unique_violation());
        if taken && self.backend == Backend::Sqlite {
            self.next_request_id.store(0, Ordering::Release);
        }
        taken
    }

    /// Writes a new request in one transaction made of the statements `build` gives for the
    /// request id it is handed; returns the id and the rows the statements returned. On SQLite
    /// the whole transaction, `BEGIN` to `COMMIT`, is one command run by the writer thread; on
    /// PostgreSQL it is an ordinary transaction.
    pub async fn write_new_request(
        &self,
        build: impl Fn(i64) -> Batch,
    ) -> Result<(i64, Rows), sqlx::Error> {
        let mut retried = false;
        loop {
            let id = self.new_request_id().await?;
            let result = self.write_batch_once(build(id)).await;
            match result {
                Ok(rows) => return Ok((id, rows)),
                Err(e) if self.forget_request_id(&e) && !retried => retried = true,
                Err(e) => return Err(e),
            }
        }
    }

    /// Runs `batch` as one transaction of its own: on SQLite one command (`BEGIN` to `COMMIT`)
    /// run by the writer thread, so the single writer slot is held for one round trip; on
    /// PostgreSQL an ordinary transaction. Nothing of it stays when a statement fails.
    pub async fn write_batch(&self, batch: Batch) -> Result<Rows, sqlx::Error> {
        self.write_batch_once(batch).await
    }

    async fn write_batch_once(&self, batch: Batch) -> Result<Rows, sqlx::Error> {
        let Some(filings) = &self.filings else {
            let mut w = self.begin_write().await?;
            let rows = batch.run(&mut w.tx).await?;
            w.commit().await?;
            return Ok(rows);
        };
        let (body, values) = batch.joined();
        let (reply, answer) = oneshot::channel();
        filings
            .send(WriteJob {
                sql: format!("BEGIN IMMEDIATE;\n{body}COMMIT;"),
                values,
                reply,
            })
            .map_err(|_| sqlx::Error::PoolClosed)?;
        answer.await.map_err(|_| sqlx::Error::PoolClosed)?
    }

    pub fn is_postgres(&self) -> bool {
        self.backend == Backend::Postgres
    }
}

/// Creates the database file's folder and asks SQLite to create the file if missing.
fn prepare_sqlite_url(url: &str) -> Result<String, sqlx::Error> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = rest.split('?').next().unwrap_or_default();
    if !path.is_empty()
        && path != ":memory:"
        && let Some(parent) = std::path::Path::new(path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(sqlx::Error::Io)?;
    }
    Ok(if url.contains("mode=") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    })
}

/// Milliseconds since the Unix epoch, UTC.
/// Rows that are retired (`active = 0`), never deleted, because other rows still name them.
#[derive(Debug, Clone, Copy)]
pub enum Retirable {
    Field,
    Document,
    CannedResponse,
}

impl Db {
    pub async fn retire(&self, what: Retirable, id: i64) -> Result<(), crate::wire::AppError> {
        let sql = match what {
            Retirable::Field => "UPDATE request_fields SET active = 0 WHERE id = $1",
            Retirable::Document => "UPDATE type_documents SET active = 0 WHERE id = $1",
            Retirable::CannedResponse => "UPDATE canned_responses SET active = 0 WHERE id = $1",
        };
        let mut w = self.begin_write().await?;
        sqlx::query(sql).bind(id).execute(&mut *w.tx).await?;
        w.commit().await?;
        Ok(())
    }
}

/// A value bound to a statement of a [`Batch`].
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Int(Option<i64>),
    Text(Option<String>),
}

impl From<i64> for Val {
    fn from(v: i64) -> Self {
        Val::Int(Some(v))
    }
}

impl From<Option<i64>> for Val {
    fn from(v: Option<i64>) -> Self {
        Val::Int(v)
    }
}

impl From<&str> for Val {
    fn from(v: &str) -> Self {
        Val::Text(Some(v.to_string()))
    }
}

impl From<String> for Val {
    fn from(v: String) -> Self {
        Val::Text(Some(v))
    }
}

impl From<&String> for Val {
    fn from(v: &String) -> Self {
        Val::Text(Some(v.clone()))
    }
}

impl From<Option<&str>> for Val {
    fn from(v: Option<&str>) -> Self {
        Val::Text(v.map(str::to_string))
    }
}

/// Statements that run together inside one transaction, each written with its own `$1…`
/// placeholders. On SQLite they go to the connection's worker thread as one multi-statement
/// command (one round trip instead of one per statement, which is what a write costs most while
/// it holds the single writer slot); on PostgreSQL they run one after another. `run` returns the
/// rows of the statements that return rows, in order.
pub struct Batch {
    /// Each statement, its values, and what is read of it (PostgreSQL runs the others without
    /// reading a result, which `SELECT pg_notify(…)` needs).
    statements: Vec<(&'static str, Vec<Val>, Reads)>,
    /// The time its rows are stamped with (the app's clock when the batch was made).
    pub now: i64,
}

/// What a batch reads of one of its statements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reads {
    Nothing,
    /// Its rows (`RETURNING …`).
    Rows,
    /// That it changed exactly one row; otherwise the batch stops, undone (see
    /// [`Batch::push_expect_one`]).
    ExactlyOne,
}

/// On SQLite, what follows a statement that must change exactly one row: no row when it did,
/// and an error ("integer overflow", which nothing else in a batch raises) when it did not, so
/// the one-command transaction stops there and is rolled back.
const SQLITE_EXPECT_ONE: &str = "SELECT abs(-9223372036854775808) WHERE changes() <> 1";

/// Whether a batch stopped because a statement added by [`Batch::push_expect_one`] changed no
/// row (or more than one): a condition that no longer held, not a fault.
pub fn is_expectation_unmet(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::RowNotFound => true,
        sqlx::Error::Database(d) => d.message().contains("integer overflow"),
        _ => false,
    }
}

impl Batch {
    pub fn new(now: i64) -> Self {
        Self {
            statements: Vec::new(),
            now,
        }
    }

    /// Adds a statement that returns no rows.
    pub fn push(&mut self, sql: &'static str, values: Vec<Val>) -> &mut Self {
        self.statements.push((sql, values, Reads::Nothing));
        self
    }

    /// Adds a statement whose rows (`RETURNING …`) `run` hands back.
    pub fn push_returning(&mut self, sql: &'static str, values: Vec<Val>) -> &mut Self {
        self.statements.push((sql, values, Reads::Rows));
        self
    }

    /// Adds an `UPDATE` or `DELETE` that must change exactly one row (a conditional update: the
    /// row is still in the state the rest of the batch assumes). When it changes none, the
    /// batch stops and its caller's transaction must be rolled back; the error satisfies
    /// [`is_expectation_unmet`].
    pub fn push_expect_one(&mut self, sql: &'static str, values: Vec<Val>) -> &mut Self {
        self.statements.push((sql, values, Reads::ExactlyOne));
        self
    }

    pub fn len(&self) -> usize {
        self.statements.len()
    }

    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }

    pub async fn run(
        self,
        tx: &mut Transaction<'static, Any>,
    ) -> Result<Vec<sqlx::any::AnyRow>, sqlx::Error> {
        if self.statements.len() > 1 && tx.backend_name().eq_ignore_ascii_case("sqlite") {
            let (sql, values) = self.joined();
            return bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), values)
                .fetch_all(&mut **tx)
                .await;
        }
        let mut rows = Vec::new();
        for (statement, vals, reads) in self.statements {
            let q = bind_all(sqlx::query(statement), vals);
            match reads {
                Reads::Rows => rows.extend(q.fetch_all(&mut **tx).await?),
                Reads::Nothing => {
                    q.execute(&mut **tx).await?;
                }
                Reads::ExactlyOne => {
                    if q.execute(&mut **tx).await?.rows_affected() != 1 {
                        return Err(sqlx::Error::RowNotFound);
                    }
                }
            }
        }
        Ok(rows)
    }
}

impl Batch {
    /// The statements as one SQLite multi-statement text, placeholders renumbered, and all the
    /// values in order.
    fn joined(self) -> (String, Vec<Val>) {
        let mut sql = String::new();
        let mut values = Vec::new();
        for (statement, vals, reads) in self.statements {
            sql.push_str(&renumber(statement, values.len()));
            sql.push_str(";\n");
            if reads == Reads::ExactlyOne {
                sql.push_str(SQLITE_EXPECT_ONE);
                sql.push_str(";\n");
            }
            values.extend(vals);
        }
        (sql, values)
    }
}

type AnyQuery<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>;

fn bind_all(mut q: AnyQuery<'_>, values: Vec<Val>) -> AnyQuery<'_> {
    for v in values {
        q = match v {
            Val::Int(i) => q.bind(i),
            Val::Text(t) => q.bind(t),
        };
    }
    q
}

/// Shifts every `$n` placeholder of `sql` by `offset` (our SQL has no `$` inside literals).
fn renumber(sql: &str, offset: usize) -> String {
    if offset == 0 {
        return sql.to_string();
    }
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        out.push(c);
        if c != '$' {
            continue;
        }
        let mut n = 0usize;
        let mut digits = false;
        while let Some(&(_, d)) = chars.peek() {
            let Some(v) = d.to_digit(10) else { break };
            n = n * 10 + v as usize;
            digits = true;
            chars.next();
        }
        if digits {
            out.push_str(&(n + offset).to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::renumber;

    #[test]
    fn placeholders_shift_by_the_offset() {
        assert_eq!(
            renumber("INSERT INTO t (a, b) VALUES ($1, $2)", 0),
            "INSERT INTO t (a, b) VALUES ($1, $2)"
        );
        assert_eq!(
            renumber("UPDATE t SET a = $2 WHERE id = $1 AND b = $10", 7),
            "UPDATE t SET a = $9 WHERE id = $8 AND b = $17"
        );
        assert_eq!(renumber("SELECT '$' || $1", 3), "SELECT '$' || $4");
    }
}
