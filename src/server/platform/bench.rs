//! Synthetic data for the benchmark (`poshtiban bench-seed`): many requests with replies, form
//! answers, history and search rows, in Persian, written in large batches.

use sqlx::Row;

use crate::domain::jalali::TehranDateTime;
use crate::domain::request_status::RequestStatus;
use crate::domain::text::search_key;
use crate::domain::tracking;
use crate::server::platform::db::{Backend, Db};
use crate::wire::AppError;

const WORDS: &[&str] = &[
    "سامانه",
    "کد",
    "پیامک",
    "ورود",
    "ثبت‌نام",
    "گواهی",
    "تأییدیه",
    "تحصیلی",
    "پرداخت",
    "کارنامه",
    "دانشگاه",
    "دانشجو",
    "آزمون",
    "زبان",
    "انتقال",
    "مهمانی",
    "بورس",
    "مدرک",
    "ارزشیابی",
    "تعهد",
    "خدمت",
    "اطلاعات",
    "هویتی",
    "شماره",
    "همراه",
    "نشانی",
    "سابقه",
    "ترم",
    "واحد",
    "نمره",
    "خطا",
    "صفحه",
    "بارگذاری",
    "فایل",
    "مبلغ",
    "حساب",
    "تراکنش",
    "رسید",
    "درخواست",
    "پیگیری",
    "کتاب",
    "کتابخانه",
    "خوابگاه",
    "وام",
    "شهریه",
    "فارغ‌التحصیلی",
    "دفاع",
    "پایان‌نامه",
    "استاد",
    "راهنما",
];

/// A small deterministic generator (xorshift), so every run seeds the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn sentence(&mut self, words: usize) -> String {
        (0..words)
            .map(|_| WORDS[self.below(WORDS.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn national_code(n: u32) -> String {
    let base = format!("{:09}", 200_000_000 + n);
    let d: Vec<u32> = base.chars().filter_map(|c| c.to_digit(10)).collect();
    let s: u32 = d.iter().enumerate().map(|(i, x)| x * (10 - i as u32)).sum();
    let r = s % 11;
    format!("{base}{}", if r < 2 { r } else { 11 - r })
}

/// Applicants for the benchmark: `n` students sharing one password hash.
async fn applicants(db: &Db, n: u32, password_hash: &str) -> Result<Vec<i64>, AppError> {
    let mut ids = Vec::with_capacity(n as usize);
    let now = db.now_ms();
    for chunk in (0..n).collect::<Vec<_>>().chunks(100) {
        let mut w = db.begin_write().await?;
        for i in chunk {
            let key = national_code(*i);
            let row = sqlx::query(
                "INSERT INTO users (role, applicant_kind, id_kind, login_key, full_name, mobile, email, \
                 password_hash, active, created_at) VALUES ('applicant', 'student', 'national_code', $1, $2, $3, NULL, $4, 1, $5) \
                 ON CONFLICT (login_key) DO UPDATE SET full_name = EXCLUDED.full_name RETURNING id",
            )
            .bind(&key)
            .bind(format!("متقاضی آزمایشی {}", crate::copy::digits::persian_number(i64::from(*i))))
            .bind(format!("+98935{:07}", i))
            .bind(password_hash)
            .bind(now)
            .fetch_one(&mut *w.tx)
            .await?;
            ids.push(row.try_get("id")?);
        }
        w.commit().await?;
    }
    Ok(ids)
}

/// Two form fields on every type, so requests carry answers.
async fn bench_fields(db: &Db) -> Result<Vec<(i64, i64, String, &'static str)>, AppError> {
    let types: Vec<i64> = sqlx::query("SELECT id FROM request_types ORDER BY id")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    let mut w = db.begin_write().await?;
    for t in types {
        for (label, kind) in [("شماره دانشجویی", "short_text"), ("مقطع تحصیلی", "choice")]
        {
            let existing =
                sqlx::query("SELECT id FROM request_fields WHERE type_id = $1 AND label = $2")
                    .bind(t)
                    .bind(label)
                    .fetch_optional(&mut *w.tx)
                    .await?;
            let id: i64 = match existing {
                Some(r) => r.try_get("id")?,
                None => sqlx::query(
                    "INSERT INTO request_fields (type_id, label, kind, required, help, choices, position, active, created_at) \
                     VALUES ($1, $2, $3, 0, '', 'کارشناسی\nکارشناسی ارشد\nدکتری', 1, 1, $4) RETURNING id",
                )
                .bind(t)
                .bind(label)
                .bind(kind)
                .bind(db.now_ms())
                .fetch_one(&mut *w.tx)
                .await?
                .try_get("id")?,
            };
            out.push((t, id, label.to_string(), kind));
        }
    }
    w.commit().await?;
    Ok(out)
}

/// How a seeded request's life went: its status now and the instants of its history, all in the
/// past. Requests older than `recent` (ms) are closed; younger ones are in any state.
struct Life {
    status: RequestStatus,
    /// (instant, status entered), after the filing itself.
    history: Vec<(i64, RequestStatus)>,
    initial_result_at: Option<i64>,
    resolved_at: Option<i64>,
    closed_at: Option<i64>,
}

fn life(rng: &mut Rng, created: i64, now: i64, recent: i64) -> Life {
    const MINUTE: i64 = 60_000;
    const DAY: i64 = 1_440 * MINUTE;
    let statuses = [
        RequestStatus::New,
        RequestStatus::InProgress,
        RequestStatus::WaitingApplicant,
        RequestStatus::Answered,
        RequestStatus::Resolved,
        RequestStatus::Closed,
    ];
    // Old resolved requests would have been closed automatically by now.
    let status = if now - created > recent {
        RequestStatus::Closed
    } else {
        statuses[rng.below(statuses.len() as u64) as usize]
    };
    // Wall time to the first answer: ten minutes to six days, never past now.
    let room = (now - created).max(2 * MINUTE);
    let first = (10 * MINUTE + rng.below(6 * DAY as u64) as i64).min(room / 2);
    let second = (MINUTE + rng.below(5 * DAY as u64) as i64).min(room / 4);
    let third = (MINUTE + rng.below(3 * DAY as u64) as i64).min(room / 8);
    let (a, b, c) = (
        created + first,
        created + first + second,
        created + first + second + third,
    );
    let mut out = Life {
        status,
        history: Vec::new(),
        initial_result_at: None,
        resolved_at: None,
        closed_at: None,
    };
    match status {
        // The seed draws only paid or free requests' statuses.
        RequestStatus::New
        | RequestStatus::Assigned
        | RequestStatus::AwaitingPayment
        | RequestStatus::Cancelled => {}
        RequestStatus::InProgress => out.history.push((a, RequestStatus::InProgress)),
        RequestStatus::WaitingApplicant => out.history.push((a, RequestStatus::WaitingApplicant)),
        RequestStatus::Answered => {
            out.history.push((a, RequestStatus::Answered));
            out.initial_result_at = Some(a);
        }
        RequestStatus::Resolved | RequestStatus::Closed => {
            out.history.push((a, RequestStatus::Answered));
            out.history.push((b, RequestStatus::Resolved));
            out.initial_result_at = Some(a);
            out.resolved_at = Some(b);
            if status == RequestStatus::Closed {
                out.history.push((c, RequestStatus::Closed));
                out.closed_at = Some(c);
            }
        }
    }
    out
}

/// What a benchmark seed writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// 1–3 messages and 2 form answers per request.
    Full,
    /// Status history and search keys only: what the SLA benchmarks read, seeded faster.
    Lean,
}

/// How many requests a benchmark seed writes, and how.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub requests: u64,
    pub detail: Detail,
    /// Requests filed in the last this many days are in any state; older ones are closed.
    pub recent_days: i64,
}

/// Seeds `plan.requests` requests filed over the last twelve months (those of the last
/// `recent_days` in any state, older ones closed), with their status history (and their
/// messages and answers unless lean), an assignee once work started, and search keys. Returns
/// how many requests the database holds afterwards.
pub async fn seed(db: &Db, plan: Plan, password_hash: &str) -> Result<i64, AppError> {
    let Plan {
        requests: n,
        detail,
        recent_days,
    } = plan;
    let lean = detail == Detail::Lean;
    let people = applicants(db, 2_000, password_hash).await?;
    let agents: Vec<i64> =
        sqlx::query("SELECT id FROM users WHERE role <> 'applicant' ORDER BY id")
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<Result<_, _>>()?;
    let staff = *agents.first().ok_or(AppError::NotFound)?;
    let fields = bench_fields(db).await?;
    let types: Vec<(i64, Option<i64>)> =
        sqlx::query("SELECT id, group_id FROM request_types ORDER BY id")
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("group_id")?)))
            .collect::<Result<_, AppError>>()?;
    let first: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) + 1 AS n FROM requests")
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let now = db.now_ms();
    // A year of requests, evenly spread.
    let spacing = (365 * 86_400_000 / n.max(1) as i64).max(1_000);
    let year = TehranDateTime::from_unix_millis(now).date.year;
    const BATCH: u64 = 500;
    let mut done = 0u64;
    while done < n {
        let count = BATCH.min(n - done);
        let mut w = db.begin_write().await?;
        for i in 0..count {
            let id = first + (done + i) as i64;
            let applicant = people[rng.below(people.len() as u64) as usize];
            let (type_id, group_id) = types[rng.below(types.len() as u64) as usize];
            let created = now - (n - done - i) as i64 * spacing;
            let life = life(&mut rng, created, now, recent_days * 86_400_000);
            let status = life.status;
            let assignee = (status != RequestStatus::New)
                .then(|| agents[rng.below(agents.len() as u64) as usize]);
            let updated = life.history.last().map_or(created, |h| h.0);
            let subject = format!("مشکل {}", rng.sentence(4));
            let description = rng.sentence(30);
            let code = tracking::make(id, year);
            sqlx::query(
                "INSERT INTO requests (id, tracking_code, applicant_id, type_id, subject, description, status, \
                 created_at, updated_at, group_id, priority, assignee_id, initial_result_at, resolved_at, \
                 closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            )
            .bind(id)
            .bind(&code)
            .bind(applicant)
            .bind(type_id)
            .bind(&subject)
            .bind(&description)
            .bind(status.as_str())
            .bind(created)
            .bind(updated)
            .bind(group_id)
            .bind(rng.below(4) as i64)
            .bind(assignee)
            .bind(life.initial_result_at)
            .bind(life.resolved_at)
            .bind(life.closed_at)
            .execute(&mut *w.tx)
            .await?;
            let mut public = format!("{code}\n{subject}\n{description}\n");
            let messages = if lean { 0 } else { 1 + rng.below(3) };
            for m in 0..messages {
                let staff_side = m % 2 == 0;
                let body = rng.sentence(20);
                sqlx::query(
                    "INSERT INTO messages (request_id, author_id, author_side, body, is_initial_result, internal, created_at) \
                     VALUES ($1, $2, $3, $4, 0, 0, $5)",
                )
                .bind(id)
                .bind(if staff_side { staff } else { applicant })
                .bind(if staff_side { "staff" } else { "applicant" })
                .bind(&body)
                .bind(created + (m as i64 + 1) * 60_000)
                .execute(&mut *w.tx)
                .await?;
                public.push_str(&body);
                public.push('\n');
            }
            for (pos, (_, field_id, label, kind)) in fields
                .iter()
                .filter(|f| !lean && f.0 == type_id)
                .enumerate()
            {
                let value = if *kind == "choice" {
                    "کارشناسی ارشد".to_string()
                } else {
                    format!("{}", 98_000_000 + rng.below(1_000_000))
                };
                sqlx::query(
                    "INSERT INTO request_answers (request_id, field_id, label, kind, value, position) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(id)
                .bind(field_id)
                .bind(label)
                .bind(kind)
                .bind(&value)
                .bind(pos as i64)
                .execute(&mut *w.tx)
                .await?;
                public.push_str(&value);
                public.push('\n');
            }
            sqlx::query(
                "INSERT INTO request_history (request_id, actor_id, kind, from_value, to_value, reason, internal, at) \
                 VALUES ($1, $2, 'status', NULL, 'new', '', 0, $3)",
            )
            .bind(id)
            .bind(applicant)
            .bind(created)
            .execute(&mut *w.tx)
            .await?;
            let mut from = RequestStatus::New;
            for (at, to) in &life.history {
                sqlx::query(
                    "INSERT INTO request_history (request_id, actor_id, kind, from_value, to_value, reason, internal, at) \
                     VALUES ($1, $2, 'status', $3, $4, '', 0, $5)",
                )
                .bind(id)
                .bind(assignee.unwrap_or(staff))
                .bind(from.as_str())
                .bind(to.as_str())
                .bind(*at)
                .execute(&mut *w.tx)
                .await?;
                from = *to;
            }
            let public_key = search_key(&public);
            // As server::requests::search writes it: staff-only text in its own FTS5 column on SQLite,
            // one combined column on PostgreSQL.
            let private_key = national_code((applicant % 2_000) as u32);
            let staff_key = match db.backend {
                Backend::Sqlite => private_key,
                Backend::Postgres => format!("{public_key} {private_key}"),
            };
            let sql = match db.backend {
                Backend::Sqlite => {
                    "INSERT INTO request_search (rowid, public_key, staff_key) VALUES ($1, $2, $3)"
                }
                Backend::Postgres => {
                    "INSERT INTO request_search (request_id, public_key, staff_key) VALUES ($1, $2, $3)"
                }
            };
            sqlx::query(sql)
                .bind(id)
                .bind(&public_key)
                .bind(&staff_key)
                .execute(&mut *w.tx)
                .await?;
        }
        w.commit().await?;
        done += count;
    }
    crate::server::sla::recompute::settle_seeded(db).await?;
    // The seed rewrote every request (their SLA clocks): clean up now, so autovacuum does not do
    // it in the middle of the measurements.
    finish_seed(
        db,
        &["requests", "messages", "request_answers", "request_history"],
        "VACUUM ANALYZE",
    )
    .await?;
    count(db, "SELECT COUNT(*) AS n FROM requests").await
}

/// After a seed that gave rows their ids: on PostgreSQL each table's identity moves past them,
/// then `vacuum` runs; SQLite's planner gets fresh statistics.
async fn finish_seed(db: &Db, tables: &[&str], vacuum: &'static str) -> Result<(), AppError> {
    if db.backend == Backend::Postgres {
        for table in tables {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            )))
            .execute(&db.pool)
            .await?;
        }
        sqlx::query(vacuum).execute(&db.pool).await?;
    } else {
        sqlx::query("ANALYZE").execute(&db.pool).await?;
    }
    Ok(())
}

async fn count(db: &Db, sql: &'static str) -> Result<i64, AppError> {
    Ok(sqlx::query(sql).fetch_one(&db.pool).await?.try_get("n")?)
}

/// One payment row a seed writes.
struct SeedPayment {
    id: i64,
    request_id: i64,
    applicant_id: i64,
    gateway: &'static str,
    amount: i64,
    state: &'static str,
    failure: Option<&'static str>,
    authority: String,
    reference: Option<String>,
    created_at: i64,
    settled_at: Option<i64>,
}

/// One ledger line a seed writes: (payment, request, kind, amount, gateway, reference, at).
type SeedLine = (
    i64,
    i64,
    &'static str,
    i64,
    &'static str,
    Option<String>,
    i64,
);

/// Multi-row inserts: `rows` rows of `cols` placeholders each, numbered from `$1`.
fn values_clause(rows: usize, cols: usize) -> String {
    (0..rows)
        .map(|r| {
            let cells: Vec<String> = (1..=cols).map(|c| format!("${}", r * cols + c)).collect();
            format!("({})", cells.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Seeds `n` payments over the requests already in the database (oldest first), as the flow
/// would have written them: most paid at the first attempt, some after a cancelled or declined
/// one, some refunded, some failed for good, a few exceptions (an amount that was not ours, a
/// verification too late, a reversal) and a few attempts still with the gateway; every money
/// event in the ledger, and the month totals the ledger keeps (`payment_totals`), summed here
/// as the ledger would have summed them. Returns how many payments the database holds.
pub async fn seed_payments(db: &Db, n: u64) -> Result<i64, AppError> {
    use crate::server::payments::report::month_key;
    use std::collections::HashMap;
    const AMOUNTS: [i64; 4] = [150_000, 500_000, 1_000_000, 2_500_000];
    const BATCH: i64 = 2_000;
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut next_id: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) + 1 AS n FROM payments")
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    let now = db.now_ms();
    // (month, type, gateway, kind) → (events, rials)
    let mut totals: HashMap<(i64, i64, &'static str, &'static str), (i64, i64)> = HashMap::new();
    let mut written = 0u64;
    let mut after = 0i64;
    while written < n {
        let rows = sqlx::query(
            "SELECT id, applicant_id, type_id, created_at FROM requests WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(BATCH)
        .fetch_all(&db.pool)
        .await?;
        if rows.is_empty() {
            break;
        }
        let mut payments: Vec<SeedPayment> = Vec::new();
        let mut lines: Vec<SeedLine> = Vec::new();
        for r in &rows {
            if written + payments.len() as u64 >= n {
                break;
            }
            let request_id: i64 = r.try_get("id")?;
            let applicant_id: i64 = r.try_get("applicant_id")?;
            let type_id: i64 = r.try_get("type_id")?;
            let created: i64 = r.try_get("created_at")?;
            after = request_id;
            let roll = rng.below(1_000);
            if roll < 20 {
                continue; // a free service: nothing to pay
            }
            let amount = AMOUNTS[(type_id as usize) % AMOUNTS.len()];
            let gateway = if rng.below(10) < 7 { "zarinpal" } else { "sep" };
            // The attempts, in order: (state, failure).
            let attempts: &[(&'static str, Option<&'static str>)] = match roll {
                20..=879 => &[("paid", None)],
                880..=919 => &[("failed", Some("cancelled")), ("paid", None)],
                920..=939 => &[("failed", Some("declined")), ("paid", None)],
                940..=949 => &[("refunded", None)],
                950..=984 => &[("failed", Some("cancelled"))],
                985..=989 => &[("failed", Some("amount_mismatch"))],
                990..=993 => &[("failed", Some("expired"))],
                994..=995 => &[("failed", Some("reversed"))],
                // Left with the gateway (a closed tab, a callback not yet in): the last days'.
                _ if now - created < 3 * 86_400_000 => &[("pending", None)],
                _ => &[("failed", Some("not_started"))],
            };
            let mut at = created + 30_000;
            for (state, failure) in attempts {
                let id = next_id;
                next_id += 1;
                let settled = (*state != "pending").then_some(at + 90_000);
                let reference = matches!(*state, "paid" | "refunded")
                    .then(|| format!("{}", 70_000_000_000 + id));
                let mut line = |kind, amount, reference: Option<String>, at| {
                    lines.push((id, request_id, kind, amount, gateway, reference, at))
                };
                line("started", amount, None, at);
                match (*state, settled) {
                    ("paid", Some(s)) => line("paid", amount, reference.clone(), s),
                    ("refunded", Some(s)) => {
                        line("paid", amount, reference.clone(), s);
                        line("refunded", -amount, None, s + 86_400_000);
                    }
                    ("failed", Some(s)) => line("failed", 0, None, s),
                    _ => {}
                }
                payments.push(SeedPayment {
                    id,
                    request_id,
                    applicant_id,
                    gateway,
                    amount,
                    state,
                    failure: *failure,
                    authority: format!("A{id:035}"),
                    reference,
                    created_at: at,
                    settled_at: settled,
                });
                at += 300_000;
            }
        }
        let type_of: HashMap<i64, i64> = rows
            .iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("type_id")?)))
            .collect::<Result<_, AppError>>()?;
        for (_, request_id, kind, amount, gateway, _, at) in &lines {
            let t = totals
                .entry((month_key(*at), type_of[request_id], *gateway, *kind))
                .or_default();
            t.0 += 1;
            t.1 += amount;
        }
        let mut w = db.begin_write().await?;
        for chunk in payments.chunks(500) {
            let sql = format!(
                "INSERT INTO payments (id, request_id, applicant_id, gateway, amount_rials, state, failure, \
                 authority, reference, card_mask, trace, created_at, updated_at, settled_at) VALUES {}",
                values_clause(chunk.len(), 14)
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for p in chunk {
                let paid = p.reference.is_some();
                q = q
                    .bind(p.id)
                    .bind(p.request_id)
                    .bind(p.applicant_id)
                    .bind(p.gateway)
                    .bind(p.amount)
                    .bind(p.state)
                    .bind(p.failure)
                    .bind(p.authority.clone())
                    .bind(p.reference.clone())
                    .bind(paid.then(|| "621986******4321".to_string()))
                    .bind(paid.then(|| format!("{}", 100_000 + p.id % 900_000)))
                    .bind(p.created_at)
                    .bind(p.settled_at.unwrap_or(p.created_at))
                    .bind(p.settled_at);
            }
            q.execute(&mut *w.tx).await?;
        }
        for chunk in lines.chunks(500) {
            let sql = format!(
                "INSERT INTO payment_ledger (payment_id, request_id, kind, amount_rials, gateway, reference, at) VALUES {}",
                values_clause(chunk.len(), 7)
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (payment_id, request_id, kind, amount, gateway, reference, at) in chunk {
                q = q
                    .bind(*payment_id)
                    .bind(*request_id)
                    .bind(*kind)
                    .bind(*amount)
                    .bind(*gateway)
                    .bind(reference.clone())
                    .bind(*at);
            }
            q.execute(&mut *w.tx).await?;
        }
        w.commit().await?;
        written += payments.len() as u64;
    }
    let mut w = db.begin_write().await?;
    for ((month, type_id, gateway, kind), (events, rials)) in &totals {
        sqlx::query(
            "INSERT INTO payment_totals (month, type_id, gateway, kind, events, amount_rials) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (month, type_id, gateway, kind) DO UPDATE SET \
             events = payment_totals.events + excluded.events, \
             amount_rials = payment_totals.amount_rials + excluded.amount_rials",
        )
        .bind(*month)
        .bind(*type_id)
        .bind(*gateway)
        .bind(*kind)
        .bind(*events)
        .bind(*rials)
        .execute(&mut *w.tx)
        .await?;
    }
    w.commit().await?;
    finish_seed(
        db,
        &["payments", "payment_ledger"],
        "VACUUM ANALYZE payments, payment_ledger",
    )
    .await?;
    count(db, "SELECT COUNT(*) AS n FROM payments").await
}
