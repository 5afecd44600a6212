//! One helper starts the real app (router, middleware, server functions) on a fresh database:
//! a temporary SQLite file, or — when `TEST_DATABASE_URL` names a PostgreSQL server — a new
//! database created on it for this test alone.

#![allow(dead_code)]

use std::net::SocketAddr;

use leptos::config::LeptosOptions;
use poshtiban::server::platform::config::Config;
use poshtiban::server::platform::db::Db;
use poshtiban::server::platform::seed;
use poshtiban::server::platform::state::AppState;
use poshtiban::web;
use poshtiban::wire::AppError;
use serde::de::DeserializeOwned;

pub const DEMO_PASSWORD: &str = seed::DEMO_PASSWORD;
pub const AGENT: &str = "0012345679";
pub const SUPERVISOR: &str = "0023456787";
pub const ADMIN: &str = "0034567895";
pub const STUDENT: &str = "0499370899";
pub const GRADUATE: &str = "0790419904";
pub const INSTITUTION: &str = "10380284790";

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub database_url: String,
    _tmp: Option<tempfile::TempDir>,
}

fn unique() -> String {
    let mut b = [0u8; 6];
    getrandom_fill(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn getrandom_fill(b: &mut [u8]) {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    for chunk in b.chunks_mut(8) {
        let mut h = RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos(),
        );
        let v = h.finish().to_le_bytes();
        chunk.copy_from_slice(&v[..chunk.len()]);
    }
}

pub fn is_postgres() -> bool {
    std::env::var("TEST_DATABASE_URL").is_ok_and(|u| u.starts_with("postgres"))
}

/// A fresh, empty database URL for one test.
pub async fn fresh_database() -> (String, Option<tempfile::TempDir>) {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin) if admin.starts_with("postgres") => {
            let name = format!("poshtiban_test_{}", unique());
            let db = Db::connect_url(&admin, 1)
                .await
                .expect("connect to the PostgreSQL test server");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&db.pool)
                .await
                .expect("create a test database");
            db.pool.close().await;
            let (base, _) = admin
                .rsplit_once('/')
                .expect("a database name in TEST_DATABASE_URL");
            (format!("{base}/{name}"), None)
        }
        _ => {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let url = format!("sqlite:{}", dir.path().join("test.db").display());
            (url, Some(dir))
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(tune: impl FnOnce(&mut Config)) -> TestApp {
    let (database_url, tmp) = fresh_database().await;
    start_app(database_url, tmp, tune).await
}

/// A second instance of the app on the database of another (PostgreSQL: several instances).
pub async fn spawn_app_on(database_url: &str) -> TestApp {
    start_app(database_url.to_string(), None, |_| {}).await
}

async fn start_app(
    database_url: String,
    tmp: Option<tempfile::TempDir>,
    tune: impl FnOnce(&mut Config),
) -> TestApp {
    // Errors the server logs (database errors become a bare 500 for the client) show up in the
    // failing test's output.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("error")),
        )
        .with_test_writer()
        .try_init();
    let mut config = Config::from_lookup(|k| match k {
        "DATABASE_URL" => Some(database_url.clone()),
        "DATABASE_MAX_CONNECTIONS" => Some("4".into()),
        "SEED_DEMO" => Some("true".into()),
        // Every service free unless a test adds a tariff (the demo's fees are for `make run`).
        "SEED_DEMO_FEES" => Some("false".into()),
        // Every service always open unless a test adds a call.
        "SEED_DEMO_CALLS" => Some("false".into()),
        // The scheduler runs as in production; tests that look at alerts fire them themselves
        // (`sla::scheduler::tick`), so its own passes after the first are an hour apart.
        "SLA_TICK_SECONDS" => Some("3600".into()),
        // Likewise the payment reconciliation: tests run its passes themselves.
        "PAYMENT_RECONCILE_SECONDS" => Some("3600".into()),
        _ => None,
    })
    .expect("test configuration");
    tune(&mut config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let addr: SocketAddr = listener.local_addr().expect("an address");
    // The site's files are a small fixture: Leptos's default root is the working directory,
    // which the server would read whole (the build folder and node_modules, gigabytes) and hash
    // at start-up, about 90 s of a debug test process.
    let options = LeptosOptions::builder()
        .output_name("poshtiban")
        .site_root(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/site"))
        .site_addr(addr)
        .build();
    // Started as `poshtiban serve` starts it: migrations, seeds, policy sync, backfills, the
    // live-event listener, the outbox worker, the search indexer, the SLA scheduler and
    // maintenance.
    let state = AppState::start(config, options)
        .await
        .expect("the app starts");
    let app = web::router(state.clone());
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .expect("serve");
    });
    TestApp {
        base: format!("http://{addr}"),
        state,
        database_url,
        _tmp: tmp,
    }
}

/// The answer of a server function: its value, or the HTTP status and the error.
pub type Answer<T> = Result<T, (u16, AppError)>;

impl TestApp {
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// Calls a server function as the browser's script does (multipart for the forms with files).
    pub async fn call<T: DeserializeOwned>(
        &self,
        client: &reqwest::Client,
        name: &str,
        form: &[(&str, &str)],
    ) -> Answer<T> {
        self.call_with_files(client, name, form, &[]).await
    }

    /// Calls a server function with files: (input name, file name, bytes).
    pub async fn call_with_files<T: DeserializeOwned>(
        &self,
        client: &reqwest::Client,
        name: &str,
        form: &[(&str, &str)],
        files: &[(&str, &str, Vec<u8>)],
    ) -> Answer<T> {
        let path = format!("/api/{name}");
        let req = client
            .post(format!("{}{path}", self.base))
            .header("accept", "application/json");
        let req = if poshtiban::api::upload::MULTIPART_ENDPOINTS.contains(&path.as_str()) {
            let mut mp = reqwest::multipart::Form::new();
            for (k, v) in form {
                mp = mp.text(k.to_string(), v.to_string());
            }
            for (input, file_name, bytes) in files {
                mp = mp.part(
                    input.to_string(),
                    reqwest::multipart::Part::bytes(bytes.clone()).file_name(file_name.to_string()),
                );
            }
            req.multipart(mp)
        } else {
            assert!(files.is_empty(), "{name} takes no files");
            req.form(form)
        };
        let res = req.send().await.expect("the server answers");
        let status = res.status().as_u16();
        let body = res.text().await.expect("a body");
        if (200..300).contains(&status) {
            Ok(serde_json::from_str(&body).unwrap_or_else(|e| panic!("{name}: {e}: {body}")))
        } else {
            let err = serde_json::from_str::<AppError>(&body)
                .unwrap_or_else(|_| AppError::Transport(body.clone()));
            Err((status, err))
        }
    }

    /// A signed-in client (with the second factor of the demo supervisor and admin).
    pub async fn login(&self, identifier: &str, password: &str) -> reqwest::Client {
        let c = self.client();
        let to: Answer<String> = self
            .call(
                &c,
                "login",
                &[("identifier", identifier), ("password", password)],
            )
            .await;
        let to = to.unwrap_or_else(|e| panic!("login of {identifier} failed: {e:?}"));
        if to == "/login/2fa" {
            let code = self.second_factor_code(identifier).await;
            let done: Answer<String> = self
                .call(&c, "verify_second_factor", &[("code", &code)])
                .await;
            assert!(
                done.is_ok(),
                "second factor of {identifier} failed: {done:?}"
            );
        }
        if to == "/login/2fa/setup" {
            // A staff account that must have a second factor and has none: set one up.
            let setup: poshtiban::wire::SecondFactorSetup = self
                .call::<Option<_>>(&c, "second_factor_setup", &[])
                .await
                .expect("the setup")
                .expect("a sign-in waits for it");
            let secret =
                totp_rs::Secret::try_from_base32(setup.secret.replace(' ', "")).expect("base32");
            let code = totp_rs::Builder::new()
                .with_secret(secret)
                .with_account_name(identifier)
                .build()
                .expect("an authenticator")
                .generate_current()
                .to_string();
            let done: Answer<String> = self
                .call(&c, "confirm_second_factor_setup", &[("code", &code)])
                .await;
            assert!(
                done.is_ok(),
                "setting up {identifier}'s second factor failed: {done:?}"
            );
        }
        c
    }

    /// A code of the demo authenticator for the account with this login key that the server has
    /// not accepted yet (each code is accepted once): this time step's, or the next one's, or
    /// the one after moving the app's clock on.
    pub async fn second_factor_code(&self, login_key: &str) -> String {
        let secret = totp_rs::Secret::try_from_base32(seed::DEMO_TOTP_SECRET).expect("base32");
        let totp = totp_rs::Builder::new()
            .with_secret(secret)
            .with_account_name(login_key)
            .build()
            .expect("an authenticator");
        loop {
            let last: i64 =
                sqlx::query_scalar("SELECT totp_last_step FROM users WHERE login_key = $1")
                    .bind(login_key)
                    .fetch_one(&self.state.db.pool)
                    .await
                    .expect("the account");
            let now = u64::try_from(self.state.db.now_ms() / 1000).expect("after 1970");
            let step = (now / 30).max(u64::try_from(last + 1).unwrap_or(0));
            if step <= now / 30 + 1 {
                return totp.generate(step * 30).to_string();
            }
            // Both codes the server would take now are spent: move the app's clock on to the
            // next time step rather than wait for the wall clock.
            self.state
                .db
                .clock
                .advance(i64::try_from((30 - now % 30) * 1000).expect("small"));
        }
    }

    pub async fn staff(&self) -> reqwest::Client {
        self.login(AGENT, DEMO_PASSWORD).await
    }

    /// The page at `path` (a local address) as a browser asks for it, whole.
    pub async fn page(&self, client: &reqwest::Client, path: &str) -> String {
        client
            .get(format!("{}{path}", self.base))
            .header("accept", "text/html")
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html")
    }

    /// Registers a fresh student (the form, then the code sent to the mobile) and returns the
    /// signed-in client.
    pub async fn new_applicant(&self, national_code: &str, mobile: &str) -> reqwest::Client {
        let c = self.client();
        let r: Answer<String> = self
            .call(
                &c,
                "register",
                &[
                    ("kind", "student"),
                    ("id_type", "national_code"),
                    ("identifier", national_code),
                    ("full_name", "سارا محمدی"),
                    ("mobile", mobile),
                    ("password", "a-long-password"),
                    ("password_confirm", "a-long-password"),
                ],
            )
            .await;
        assert_eq!(r, Ok("/register/verify".to_string()), "registration failed");
        let to = self.confirm_registration(&c, mobile).await;
        assert_eq!(to, Ok("/requests".to_string()), "confirmation failed");
        c
    }

    /// Confirms `client`'s pending registration with the code last sent to `mobile`.
    pub async fn confirm_registration(
        &self,
        client: &reqwest::Client,
        mobile: &str,
    ) -> Answer<String> {
        let canonical = poshtiban::domain::identity::Mobile::parse(mobile)
            .expect("a mobile")
            .canonical()
            .to_string();
        let code = self.last_sms_code(&canonical).await;
        self.call(client, "confirm_registration", &[("code", &code)])
            .await
    }

    /// Files a request of the first type and returns its tracking code.
    pub async fn file_request(&self, client: &reqwest::Client, subject: &str) -> String {
        let r: Answer<String> = self
            .call(
                client,
                "create_request",
                &[
                    ("type_id", "1"),
                    ("subject", subject),
                    (
                        "description",
                        "کد تأیید پیامکی برای ورود به سامانه ارسال نمی‌شود.",
                    ),
                ],
            )
            .await;
        r.expect("the request is filed")
    }

    /// The raw body a server function answers with (to prove what is not in it).
    pub async fn raw_call(
        &self,
        client: &reqwest::Client,
        name: &str,
        form: &[(&str, &str)],
    ) -> String {
        let res = client
            .post(format!("{}/api/{name}", self.base))
            .header("accept", "application/json")
            .form(form)
            .send()
            .await
            .expect("the server answers");
        assert!(res.status().is_success(), "{name}: {}", res.status());
        res.text().await.expect("a body")
    }

    /// Runs a statement directly on the database (test setup only).
    pub async fn exec(&self, sql: &'static str) {
        sqlx::query(sql)
            .execute(&self.state.db.pool)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// The id of the account with this login key.
    pub async fn user_id(&self, login_key: &str) -> i64 {
        use sqlx::Row;
        sqlx::query("SELECT id FROM users WHERE login_key = $1")
            .bind(login_key)
            .fetch_one(&self.state.db.pool)
            .await
            .expect("the account exists")
            .try_get("id")
            .expect("an id")
    }

    /// A staff request page's data.
    pub async fn detail(
        &self,
        client: &reqwest::Client,
        code: &str,
    ) -> poshtiban::wire::RequestDetail {
        self.call(client, "get_request", &[("code", code)])
            .await
            .expect("the request is visible")
    }

    /// Gives the account `login_key` a confirmed e-mail address with notices by e-mail on (what
    /// the code sent to the address does; tests of delivery start from it).
    pub async fn set_email(&self, login_key: &str, address: &str) {
        sqlx::query("UPDATE users SET email = $1, notify_email = 1 WHERE login_key = $2")
            .bind(address)
            .bind(login_key)
            .execute(&self.state.db.pool)
            .await
            .expect("an e-mail address");
    }

    /// The six-digit code of the newest text message to `mobile` (canonical, `+98…`).
    pub async fn last_sms_code(&self, mobile: &str) -> String {
        use sqlx::Row;
        let body: String = sqlx::query(
            "SELECT body FROM outbox WHERE channel = 'sms' AND recipient = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(mobile)
        .fetch_one(&self.state.db.pool)
        .await
        .expect("a text message to this mobile")
        .try_get("body")
        .expect("a body");
        let digits: String = poshtiban::copy::digits::fold_digits(&body)
            .chars()
            .filter(|c| c.is_ascii_digit())
            .collect();
        digits[..6].to_string()
    }

    pub async fn count(&self, table_sql: &'static str) -> i64 {
        use sqlx::Row;
        sqlx::query(table_sql)
            .fetch_one(&self.state.db.pool)
            .await
            .expect("count")
            .try_get(0)
            .expect("a number")
    }
}

/// Valid national codes for tests (checksum computed, never all-same digits).
pub fn national_code(seed: u32) -> String {
    let base = format!("{:09}", 123_456_000 + seed);
    let d: Vec<u32> = base.chars().map(|c| c.to_digit(10).unwrap_or(0)).collect();
    let s: u32 = d.iter().enumerate().map(|(i, x)| x * (10 - i as u32)).sum();
    let r = s % 11;
    let check = if r < 2 { r } else { 11 - r };
    format!("{base}{check}")
}

/// The next Server-Sent Event on `stream` (comments and keep-alives skipped), within 5 s.
pub async fn next_event(
    stream: &mut (impl futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin),
    buf: &mut String,
) -> String {
    use futures::StreamExt;
    loop {
        if let Some(pos) = buf.find("\n\n") {
            let ev = buf[..pos].to_string();
            buf.drain(..pos + 2);
            if ev.starts_with(':') {
                continue;
            }
            return ev;
        }
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(5), stream.next())
            .await
            .expect("an event within 5 s")
            .expect("stream open")
            .expect("chunk");
        buf.push_str(&String::from_utf8_lossy(&chunk));
    }
}

/// Multi-instance tests need PostgreSQL; they are `#[ignore]`d so SQLite runs report them as
/// skipped, and this stops them from passing by doing nothing when run there anyway.
pub fn require_postgres() {
    assert!(
        is_postgres(),
        "this test needs PostgreSQL: run it with TEST_DATABASE_URL=postgres://… \
         (scripts/pg.sh start) and `-- --include-ignored`"
    );
}

/// A free port on loopback.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a port")
        .local_addr()
        .expect("addr")
        .port()
}

/// Waits until something listens on `port` of loopback, polling with a short timeout; `alive`
/// says whether the process that should listen there is still running.
pub async fn wait_for_port(what: &str, port: u16, mut alive: impl FnMut() -> bool) {
    use std::time::{Duration, Instant};
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let attempt = tokio::time::timeout(
            Duration::from_millis(200),
            tokio::net::TcpStream::connect(("127.0.0.1", port)),
        )
        .await;
        if let Ok(Ok(_)) = attempt {
            return;
        }
        assert!(
            alive(),
            "{what} exited before listening on 127.0.0.1:{port}"
        );
        assert!(
            Instant::now() < deadline,
            "{what} did not accept connections on 127.0.0.1:{port} within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A real SMTP server on loopback (Python's aiosmtpd) that keeps every message it accepts in a
/// Maildir. Stopped when dropped.
pub struct SmtpServer {
    pub port: u16,
    child: std::process::Child,
    dir: tempfile::TempDir,
}

/// One message as it arrived: the envelope recipient, and the subject and text decoded.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Python with aiosmtpd: `AIOSMTPD_PYTHON` (set by `make test`) or `python3`.
fn smtp_python() -> String {
    std::env::var("AIOSMTPD_PYTHON").unwrap_or_else(|_| "python3".into())
}

impl SmtpServer {
    /// Starts aiosmtpd on `port` and waits until it accepts connections.
    pub async fn start(port: u16) -> SmtpServer {
        let python = smtp_python();
        let check = std::process::Command::new(&python)
            .args(["-c", "import aiosmtpd"])
            .status()
            .expect("python3 runs");
        assert!(
            check.success(),
            "aiosmtpd is missing: `make test` installs it (or set AIOSMTPD_PYTHON to a python that has it)"
        );
        let dir = tempfile::tempdir().expect("a folder for the mailbox");
        let child = std::process::Command::new(&python)
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(dir.path().join("mail"))
            .spawn()
            .expect("aiosmtpd starts");
        let mut server = SmtpServer { port, child, dir };
        let child = &mut server.child;
        wait_for_port("aiosmtpd", port, || matches!(child.try_wait(), Ok(None))).await;
        server
    }

    fn mailbox(&self) -> std::path::PathBuf {
        self.dir.path().join("mail")
    }

    /// How many messages have arrived.
    pub fn count(&self) -> usize {
        std::fs::read_dir(self.mailbox().join("new")).map_or(0, |d| d.count())
    }

    /// Waits until at least `n` messages have arrived (10 s at most), and returns them all.
    pub async fn wait_for(&self, n: usize) -> Vec<Mail> {
        for _ in 0..100 {
            if self.count() >= n {
                return self.mails();
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!(
            "{} of {n} messages arrived within 10 s: {:#?}",
            self.count(),
            self.mails()
        );
    }

    /// Every message that has arrived, sorted, decoded by Python's e-mail package (subjects
    /// come as RFC 2047 words, bodies as base64 or quoted-printable).
    pub fn mails(&self) -> Vec<Mail> {
        const READ: &str = r#"
import email, email.policy, json, mailbox, sys
box = mailbox.Maildir(sys.argv[1], create=False)
out = []
for key in box.keys():
    m = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
    out.append({"to": str(m["X-RcptTo"]), "subject": str(m["Subject"]),
                "body": m.get_content().replace("\r\n", "\n")})
print(json.dumps(out))
"#;
        if !self.mailbox().join("new").exists() {
            return Vec::new();
        }
        let out = std::process::Command::new(smtp_python())
            .args(["-c", READ])
            .arg(self.mailbox())
            .output()
            .expect("python reads the mailbox");
        assert!(
            out.status.success(),
            "reading the mailbox failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut mails: Vec<Mail> = serde_json::from_slice(&out.stdout).expect("the mails as JSON");
        mails.sort();
        mails
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An .xlsx workbook as a spreadsheet program reads it (calamine): each sheet's name and
/// cells from A1 on, and every formula found in any cell.
pub struct Workbook {
    pub sheets: Vec<(String, Vec<Vec<calamine::Data>>)>,
    pub formulas: Vec<String>,
}

impl Workbook {
    pub fn read(bytes: &[u8]) -> Workbook {
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec()))
                .expect("an .xlsx workbook that opens");
        let mut sheets = Vec::new();
        let mut formulas = Vec::new();
        for name in book.sheet_names() {
            let range = book.worksheet_range(&name).expect("a readable sheet");
            let (rows, cols) = range.end().map_or((0, 0), |(r, c)| (r + 1, c + 1));
            let cells = (0..rows)
                .map(|r| {
                    (0..cols)
                        .map(|c| range.get_value((r, c)).cloned().unwrap_or_default())
                        .collect()
                })
                .collect();
            formulas.extend(
                book.worksheet_formula(&name)
                    .expect("the sheet's formulas")
                    .used_cells()
                    .map(|(_, _, f)| f.clone())
                    .filter(|f| !f.is_empty()),
            );
            sheets.push((name, cells));
        }
        Workbook { sheets, formulas }
    }

    pub fn names(&self) -> Vec<&str> {
        self.sheets.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// The cells of the sheet with this name.
    pub fn sheet(&self, name: &str) -> &[Vec<calamine::Data>] {
        &self
            .sheets
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no sheet {name} in {:?}", self.names()))
            .1
    }

    /// Every cell of every sheet.
    pub fn cells(&self) -> impl Iterator<Item = &calamine::Data> {
        self.sheets
            .iter()
            .flat_map(|(_, rows)| rows.iter().flatten())
    }
}

/// A cell's text, when it holds text.
pub fn text_of(cell: &calamine::Data) -> Option<&str> {
    match cell {
        calamine::Data::String(s) => Some(s),
        _ => None,
    }
}

/// Fails when a CSV export holds a cell a spreadsheet program would run as a formula (numbers,
/// negative ones included, are fine).
pub fn assert_formula_safe_csv(what: &str, body: &str) {
    for line in body.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('\u{feff}').trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']) || cell.parse::<f64>().is_ok(),
                "{what}: a cell that spreadsheets run: {cell:?}"
            );
        }
    }
}
