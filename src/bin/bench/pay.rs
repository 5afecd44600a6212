//! `poshtiban-bench pay`: verified payments per second through a running server and its gateway
//! simulator. Untimed, a demo student files `n` fee-bearing requests, starts each payment and
//! pays it on the simulator's page (which answers with the callback address); timed, the
//! callbacks arrive at the given concurrency, each one a verification at the gateway with our
//! amount and one settlement (payment, ledger, totals, request, clocks, history, notices).
//! Afterwards the ledger must hold exactly one credit per payment.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use poshtiban::server::platform::db::Db;
use sqlx::Row;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

const STUDENT: &str = "0499370899";
const PASSWORD: &str = "poshtiban-demo";
const BOUNDARY: &str = "poshtibanbenchpay5c2a";

fn location(res: &reqwest::Response) -> Result<String, BoxError> {
    res.headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .ok_or_else(|| format!("no redirect from {} ({})", res.url(), res.status()).into())
}

fn filing_body(type_id: i64, i: usize) -> String {
    let mut body = String::new();
    for (k, v) in [
        ("type_id", type_id.to_string()),
        (
            "subject",
            format!("گواهی اشتغال به تحصیل برای معرفی به بانک {i}"),
        ),
        (
            "description",
            "برای دریافت وام دانشجویی به گواهی اشتغال به تحصیل این نیم‌سال نیاز دارم.".to_string(),
        ),
    ] {
        body.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str(&format!("--{BOUNDARY}--\r\n"));
    body
}

/// Files one request, starts its payment and pays on the simulator: the callback address.
async fn prepare(
    client: &reqwest::Client,
    base: &str,
    cookie: &str,
    type_id: i64,
    i: usize,
) -> Result<String, BoxError> {
    let res = client
        .post(format!("{base}/api/create_request"))
        .header("cookie", cookie)
        .header("accept", "application/json")
        .header("origin", base)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(filing_body(type_id, i))
        .send()
        .await?;
    if !res.status().is_success() {
        return Err(format!("filing: {} {}", res.status(), res.text().await?).into());
    }
    let code: String = res.json().await?;
    let res = client
        .post(format!("{base}/pay/{code}/start"))
        .header("cookie", cookie)
        .header("origin", base)
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await?;
    let gateway_page = location(&res)?;
    let (sim, authority) = gateway_page
        .rsplit_once("/pg/StartPay/")
        .ok_or_else(|| format!("not the simulator's page: {gateway_page}"))?;
    let res = client
        .post(format!("{sim}/sim/pay/{authority}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("outcome=paid")
        .send()
        .await?;
    location(&res)
}

async fn credits(db: &Db) -> Result<i64, BoxError> {
    Ok(
        sqlx::query("SELECT COUNT(*) AS n FROM payment_ledger WHERE kind = 'paid'")
            .fetch_one(&db.pool)
            .await?
            .try_get("n")?,
    )
}

pub async fn run(db: &Db, base: &str, n: usize, concurrency: usize) -> Result<(), BoxError> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(concurrency)
        .build()?;
    let res = client
        .post(format!("{base}/api/login"))
        .header("accept", "application/json")
        .header("origin", base)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("identifier={STUDENT}&password={PASSWORD}"))
        .send()
        .await?;
    let cookie = res
        .headers()
        .get(reqwest::header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .ok_or("the demo student could not sign in")?
        .to_string();
    let type_id: i64 =
        sqlx::query("SELECT id FROM request_types WHERE code = 'enrolment-certificate'")
            .fetch_one(&db.pool)
            .await?
            .try_get("id")?;

    // Untimed: the requests and their payments, up to the callback.
    let setup = Instant::now();
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (client, base, cookie, next) = (
            client.clone(),
            base.to_string(),
            cookie.clone(),
            next.clone(),
        );
        workers.push(tokio::spawn(async move {
            let mut urls = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    return Ok::<_, BoxError>(urls);
                }
                urls.push(prepare(&client, &base, &cookie, type_id, i).await?);
            }
        }));
    }
    let mut callbacks = Vec::with_capacity(n);
    for w in workers {
        callbacks.extend(w.await??);
    }
    let setup_s = setup.elapsed().as_secs_f64();
    let before = credits(db).await?;

    // Timed: the callbacks.
    let callbacks = Arc::new(callbacks);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (client, callbacks, next) = (client.clone(), callbacks.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            let mut out: Vec<(Duration, bool)> = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(url) = callbacks.get(i) else {
                    return Ok::<_, BoxError>(out);
                };
                let t = Instant::now();
                let res = client.get(url).send().await?;
                let paid = location(&res).is_ok_and(|l| l.ends_with("payment=paid"));
                out.push((t.elapsed(), paid));
            }
        }));
    }
    let mut times = Vec::with_capacity(n);
    let mut paid = 0usize;
    for w in workers {
        for (t, ok) in w.await?? {
            times.push(t);
            paid += usize::from(ok);
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let credited = credits(db).await? - before;
    times.sort();
    let pct = |p: f64| {
        times
            .get(((times.len() as f64 * p).ceil() as usize).saturating_sub(1))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "{{\"payments\": {n}, \"concurrency\": {concurrency}, \"rps\": {:.1}, \"p50\": {:.2}, \"p99\": {:.2}, \
         \"paid_answers\": {paid}, \"credited\": {credited}, \"setup_s\": {setup_s:.1}}}",
        n as f64 / elapsed,
        pct(0.50),
        pct(0.99),
    );
    Ok(())
}
