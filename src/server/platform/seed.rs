//! Demo data: the request-type catalogue SAJAD applicants need, and one account of each kind.

use sqlx::Row;

use crate::domain::account::{ApplicantKind, Role};
use crate::server::auth;
use crate::server::platform::db::Db;
use crate::wire::AppError;

/// (code, title, description, initial-result target in working days, applicant kinds).
pub const REQUEST_TYPES: &[(&str, &str, &str, i64, &str)] = &[
    (
        "login",
        "ورود، ثبت‌نام و کد پیامکی",
        "مشکل در ورود به سامانه، ثبت‌نام یا دریافت کد تأیید پیامکی.",
        1,
        "student,graduate,institution",
    ),
    (
        "identity",
        "اصلاح اطلاعات هویتی یا تماس",
        "نادرست بودن نام، کد ملی، شماره همراه یا نشانی ثبت‌شده.",
        2,
        "student,graduate,institution",
    ),
    (
        "study-history",
        "افزودن یا اصلاح سوابق تحصیلی",
        "سابقه تحصیلی شما در سامانه نیست یا نادرست است.",
        2,
        "student,graduate",
    ),
    (
        "payment",
        "مشکل پرداخت",
        "مبلغ از حساب کسر شده ولی در سامانه ثبت نشده است.",
        1,
        "student,graduate,institution",
    ),
    (
        "technical",
        "خطای فنی، صفحه یا بارگذاری فایل",
        "صفحه‌ای باز نمی‌شود، خطا می‌دهد یا فایل بارگذاری نمی‌شود.",
        1,
        "student,graduate,institution",
    ),
    (
        "edu-confirmation",
        "تأییدیه تحصیلی",
        "درخواست یا پیگیری تأییدیه تحصیلی.",
        3,
        "graduate,institution",
    ),
    (
        "enrolment-certificate",
        "گواهی اشتغال به تحصیل",
        "صدور یا پیگیری گواهی اشتغال به تحصیل.",
        2,
        "student",
    ),
    (
        "special-cases",
        "شورای بررسی موارد خاص",
        "طرح یا پیگیری پرونده در شورای بررسی موارد خاص.",
        3,
        "student,graduate",
    ),
    (
        "transfer-guest",
        "انتقال و مهمانی",
        "درخواست انتقال یا مهمانی (فقط در زمان فراخوان).",
        3,
        "student",
    ),
    (
        "exit-permit",
        "گواهی خروج از کشور",
        "گواهی خروج از کشور برای دانشجویان مشمول.",
        1,
        "student",
    ),
    (
        "msrt-exam",
        "آزمون زبان وزارت علوم (MSRT)",
        "ثبت‌نام، کارت ورود یا نتیجه آزمون زبان.",
        1,
        "student,graduate",
    ),
    (
        "degree-evaluation",
        "ارزشیابی مدرک تحصیلی خارج از کشور",
        "ارزشیابی و معادل‌سازی مدارک تحصیلی خارجی.",
        5,
        "graduate",
    ),
    (
        "scholarship",
        "بورس و فرصت مطالعاتی",
        "بورس تحصیلی و فرصت مطالعاتی داخل و خارج.",
        5,
        "student,graduate",
    ),
    (
        "service-commitment",
        "تعهد خدمت آموزش رایگان",
        "استعلام، ابطال یا تبدیل تعهد خدمت آموزش رایگان.",
        5,
        "graduate",
    ),
    (
        "foreign-students",
        "خدمات دانشجویان غیرایرانی",
        "پذیرش، اقامت و امور تحصیلی دانشجویان غیرایرانی.",
        3,
        "student,graduate,institution",
    ),
];

/// Staff groups (queues) per service area: (name, description, the request types they handle).
pub const GROUPS: &[(&str, &str, &[&str])] = &[
    (
        "پشتیبانی فنی و حساب کاربری",
        "ورود، ثبت‌نام، اطلاعات هویتی و خطاهای فنی سامانه.",
        &["login", "identity", "technical"],
    ),
    ("امور مالی", "پرداخت‌ها و بازگشت وجه.", &["payment"]),
    (
        "امور آموزشی و گواهی‌ها",
        "سوابق تحصیلی، تأییدیه‌ها، گواهی‌ها، موارد خاص، انتقال و آزمون زبان.",
        &[
            "study-history",
            "edu-confirmation",
            "enrolment-certificate",
            "special-cases",
            "transfer-guest",
            "exit-permit",
            "msrt-exam",
        ],
    ),
    (
        "امور بین‌الملل و بورس",
        "ارزشیابی مدارک خارجی، بورس، تعهد خدمت و دانشجویان غیرایرانی.",
        &[
            "degree-evaluation",
            "scholarship",
            "service-commitment",
            "foreign-students",
        ],
    ),
];

pub const DEMO_PASSWORD: &str = "poshtiban-demo";

/// The authenticator key (base32) of the demo supervisor and admin, who must sign in with a
/// second factor: add it to an authenticator app, or run `oathtool --totp -b` with it.
pub const DEMO_TOTP_SECRET: &str = "POSHTIBANDEMOSTAFFSECRETKEYAAAAA";

/// A demo account: (role, applicant kind, id kind, login key, name, mobile).
pub type DemoAccount = (
    Role,
    Option<ApplicantKind>,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    (
        Role::Applicant,
        Some(ApplicantKind::Student),
        "national_code",
        "0499370899",
        "زهرا احمدی",
        "+989121110001",
    ),
    (
        Role::Applicant,
        Some(ApplicantKind::Graduate),
        "national_code",
        "0790419904",
        "علی رضایی",
        "+989121110002",
    ),
    (
        Role::Applicant,
        Some(ApplicantKind::Institution),
        "legal_id",
        "10380284790",
        "دانشگاه نمونه",
        "+989121110003",
    ),
    (
        Role::Agent,
        None,
        "national_code",
        "0012345679",
        "مریم کریمی",
        "+989121110004",
    ),
    (
        Role::Supervisor,
        None,
        "national_code",
        "0023456787",
        "حسین موسوی",
        "+989121110005",
    ),
    (
        Role::Admin,
        None,
        "national_code",
        "0034567895",
        "نرگس صادقی",
        "+989121110006",
    ),
];

/// Inserts the request types if the catalogue is empty. Idempotent, also when several instances
/// start at once on an empty database: each row written meanwhile by another is left as it is.
pub async fn seed_request_types(db: &Db) -> Result<bool, AppError> {
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM request_types")
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    if n > 0 {
        return Ok(false);
    }
    let mut w = db.begin_write().await?;
    for (i, (code, title, description, days, kinds)) in REQUEST_TYPES.iter().enumerate() {
        let written: Option<i64> = sqlx::query_scalar(
            "INSERT INTO request_types (code, title, description, applicant_kinds, initial_result_days, active, sort_order) \
             VALUES ($1, $2, $3, $4, $5, 1, $6) ON CONFLICT (code) DO NOTHING RETURNING id",
        )
        .bind(*code)
        .bind(*title)
        .bind(*description)
        .bind(*kinds)
        .bind(*days)
        .bind(i as i64)
        .fetch_optional(&mut *w.tx)
        .await?;
        let id = match written {
            Some(id) => id,
            None => {
                sqlx::query_scalar("SELECT id FROM request_types WHERE code = $1")
                    .bind(*code)
                    .fetch_one(&mut *w.tx)
                    .await?
            }
        };
        crate::server::sla::policy::sync_policy(&mut w.tx, id, *days, None, db.now_ms()).await?;
    }
    let now = db.now_ms();
    for (name, description, codes) in GROUPS {
        let written: Option<i64> = sqlx::query_scalar(
            "INSERT INTO staff_groups (name, description, active, auto_assign, created_at) \
             VALUES ($1, $2, 1, 0, $3) ON CONFLICT (name) DO NOTHING RETURNING id",
        )
        .bind(*name)
        .bind(*description)
        .bind(now)
        .fetch_optional(&mut *w.tx)
        .await?;
        let id = match written {
            Some(id) => id,
            None => {
                sqlx::query_scalar("SELECT id FROM staff_groups WHERE name = $1")
                    .bind(*name)
                    .fetch_one(&mut *w.tx)
                    .await?
            }
        };
        for code in *codes {
            sqlx::query("UPDATE request_types SET group_id = $1 WHERE code = $2")
                .bind(id)
                .bind(*code)
                .execute(&mut *w.tx)
                .await?;
        }
    }
    w.commit().await?;
    Ok(true)
}

/// Inserts the demo accounts that do not exist yet. Returns how many were created.
pub async fn seed_demo_accounts(db: &Db) -> Result<usize, AppError> {
    let mut created = 0;
    for (role, kind, id_kind, key, name, mobile) in DEMO_ACCOUNTS {
        let exists: i64 = sqlx::query("SELECT COUNT(*) AS n FROM users WHERE login_key = $1")
            .bind(*key)
            .fetch_one(&db.pool)
            .await?
            .try_get("n")?;
        if exists > 0 {
            continue;
        }
        let account = auth::NewAccount {
            role: *role,
            applicant_kind: *kind,
            id_kind,
            login_key: key,
            full_name: name,
            mobile: Some(mobile),
            email: None,
            at: db.now_ms(),
        };
        let id = match auth::create_account(db, &account, DEMO_PASSWORD).await {
            Ok(id) => id,
            // Another instance starting at the same moment created it after our look.
            Err(AppError::Conflict(_)) => continue,
            Err(e) => return Err(e),
        };
        if matches!(role, Role::Supervisor | Role::Admin) {
            let mut w = db.begin_write().await?;
            sqlx::query("UPDATE users SET totp_secret = $1, totp_enrolled_at = $2 WHERE id = $3")
                .bind(DEMO_TOTP_SECRET)
                .bind(db.now_ms())
                .bind(id)
                .execute(&mut *w.tx)
                .await?;
            w.commit().await?;
        }
        if role.is_staff() {
            // Demo staff work in every group, so any demo request reaches them.
            let mut w = db.begin_write().await?;
            sqlx::query(
                "INSERT INTO group_members (group_id, user_id, last_assigned_at) \
                 SELECT id, $1, 0 FROM staff_groups",
            )
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
            w.commit().await?;
        }
        created += 1;
    }
    seed_demo_canned(db).await?;
    Ok(created)
}

/// The demo's fees, so a newcomer sees paying end to end (through the gateway simulator): a
/// student's enrolment certificate and a graduate's or institution's education confirmation,
/// from 1 Farvardin of the current fiscal year: (type code, applicant kind, rials, budget row).
const DEMO_TARIFFS: &[(&str, &str, i64, &str)] = &[
    (
        "enrolment-certificate",
        "student",
        150_000,
        "جدول ۱۸ قانون بودجه، ردیف ۱۲۳۴۵۶ (نمونه)",
    ),
    (
        "edu-confirmation",
        "graduate",
        500_000,
        "جدول ۱۸ قانون بودجه، ردیف ۱۲۳۴۵۷ (نمونه)",
    ),
    (
        "edu-confirmation",
        "institution",
        1_000_000,
        "جدول ۱۸ قانون بودجه، ردیف ۱۲۳۴۵۷ (نمونه)",
    ),
];

pub async fn seed_demo_tariffs(db: &Db) -> Result<(), AppError> {
    let today = crate::domain::jalali::TehranDateTime::from_unix_millis(db.now_ms()).date;
    let year = i64::from(today.year);
    let mut w = db.begin_write().await?;
    for (code, kind, rials, source) in DEMO_TARIFFS {
        sqlx::query(
            "INSERT INTO tariffs (type_id, applicant_kind, fiscal_year, effective_day, amount_rials, \
             source, created_by, created_at) \
             SELECT t.id, $1, $2, $3, $4, $5, (SELECT MIN(id) FROM users WHERE role = 'admin'), $6 \
             FROM request_types t WHERE t.code = $7 \
             ON CONFLICT (type_id, applicant_kind, fiscal_year, effective_day) DO NOTHING",
        )
        .bind(*kind)
        .bind(year)
        .bind(year * 10_000 + 101)
        .bind(*rials)
        .bind(*source)
        .bind(db.now_ms())
        .bind(*code)
        .execute(&mut *w.tx)
        .await?;
    }
    w.commit().await?;
    Ok(())
}

/// The demo's call: «انتقال و مهمانی» opens only within its calls, and one opened two days ago
/// and runs for five more (its countdown shows), for students, with room for 500 requests.
/// Added once (when the type has no call yet).
pub async fn seed_demo_calls(db: &Db) -> Result<(), AppError> {
    let mut w = db.begin_write().await?;
    // Instances starting at once take turns (as for the canned responses).
    if db.is_postgres() {
        sqlx::query("LOCK TABLE call_types IN SHARE ROW EXCLUSIVE MODE")
            .execute(&mut *w.tx)
            .await?;
    }
    let Some(type_id) = sqlx::query_scalar::<_, i64>(
        "SELECT id FROM request_types WHERE code = 'transfer-guest' \
         AND NOT EXISTS (SELECT 1 FROM call_types ct WHERE ct.type_id = request_types.id)",
    )
    .fetch_optional(&mut *w.tx)
    .await?
    else {
        return Ok(());
    };
    let now = db.now_ms();
    let day = 86_400_000;
    let call: i64 = sqlx::query_scalar(
        "INSERT INTO calls (title, body, starts_at, ends_at, applicant_kinds, capacity, created_by, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, 'student', 500, \
         (SELECT MIN(id) FROM users WHERE role = 'admin'), $5, $5) RETURNING id",
    )
    .bind(DEMO_CALL.0)
    .bind(DEMO_CALL.1)
    .bind(now - 2 * day)
    .bind(now + 5 * day)
    .bind(now)
    .fetch_one(&mut *w.tx)
    .await?;
    sqlx::query("INSERT INTO call_types (call_id, type_id) VALUES ($1, $2)")
        .bind(call)
        .bind(type_id)
        .execute(&mut *w.tx)
        .await?;
    sqlx::query("UPDATE request_types SET intake = 'calls' WHERE id = $1")
        .bind(type_id)
        .execute(&mut *w.tx)
        .await?;
    sqlx::query(
        "INSERT INTO call_audit (call_id, actor_id, action, to_value, reason, at) \
         VALUES ($1, (SELECT MIN(id) FROM users WHERE role = 'admin'), 'created', $2, '', $3)",
    )
    .bind(call)
    .bind((now + 5 * day).to_string())
    .bind(now)
    .execute(&mut *w.tx)
    .await?;
    w.commit().await?;
    Ok(())
}

/// The demo call's title and text.
pub const DEMO_CALL: (&str, &str) = (
    "فراخوان انتقال و مهمانی نیم‌سال دوم",
    "دانشجویانی که برای نیم‌سال دوم متقاضی انتقال یا مهمانی هستند، درخواست خود را در بازهٔ این فراخوان ثبت کنند. درخواست‌های پس از پایان فراخوان پذیرفته نمی‌شوند.",
);

/// Canned responses every demo agent can use: (title, body).
pub const DEMO_CANNED: &[(&str, &str)] = &[
    (
        "دریافت درخواست و بررسی",
        "{نام متقاضی} گرامی، درخواست شما با کد رهگیری {کد رهگیری} دریافت شد و در حال بررسی است. نتیجه در همین سامانه اعلام می‌شود.",
    ),
    (
        "نیاز به مدرک بیشتر",
        "{نام متقاضی} گرامی، برای بررسی درخواست {کد رهگیری} لطفاً تصویر مدرک مربوط را به همین درخواست پیوست کنید.",
    ),
    (
        "حل مشکل پیامک",
        "{نام متقاضی} گرامی، مشکل ارسال پیامک در تاریخ {تاریخ} برطرف شد. لطفاً دوباره برای دریافت کد اقدام کنید.",
    ),
];

/// Inserts the demo canned responses when there are none.
pub async fn seed_demo_canned(db: &Db) -> Result<(), AppError> {
    let mut w = db.begin_write().await?;
    // No key tells two copies apart, so instances starting at once take turns: the second
    // waits here for the first to commit, then finds its rows. (SQLite's write transaction
    // already admits one writer at a time.)
    if db.is_postgres() {
        sqlx::query("LOCK TABLE canned_responses IN SHARE ROW EXCLUSIVE MODE")
            .execute(&mut *w.tx)
            .await?;
    }
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM canned_responses")
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("n")?;
    let author: Option<i64> =
        sqlx::query("SELECT id FROM users WHERE role = 'supervisor' ORDER BY id LIMIT 1")
            .fetch_optional(&mut *w.tx)
            .await?
            .map(|r| r.try_get("id"))
            .transpose()?;
    let (0, Some(author)) = (n, author) else {
        return Ok(());
    };
    for (title, body) in DEMO_CANNED {
        sqlx::query(
            "INSERT INTO canned_responses (title, body, group_id, active, created_by, created_at) \
             VALUES ($1, $2, NULL, 1, $3, $4)",
        )
        .bind(*title)
        .bind(*body)
        .bind(author)
        .bind(db.now_ms())
        .execute(&mut *w.tx)
        .await?;
    }
    w.commit().await?;
    Ok(())
}

/// A printable list of the demo sign-ins.
pub fn demo_logins() -> String {
    let mut out = String::from("Demo accounts (password for all: ");
    out.push_str(DEMO_PASSWORD);
    out.push_str(")\n");
    for (role, kind, _, key, _, _) in DEMO_ACCOUNTS {
        out.push_str(&format!(
            "  {:<11} {:<12} {}\n",
            role.as_str(),
            kind.map(ApplicantKind::as_str).unwrap_or(""),
            key
        ));
    }
    out.push_str(&format!(
        "The supervisor and the admin also need a code from an authenticator app with the key\n  \
         {DEMO_TOTP_SECRET}   (or: oathtool --totp -b {DEMO_TOTP_SECRET})\n"
    ));
    out
}
