//! Persian search: spelling variants and digits meet, identifiers are found however typed, and
//! applicants search only the public text of their own requests.

use super::common::*;
use poshtiban::copy::digits::to_persian_digits;
use poshtiban::wire::{Page, RequestSummary};

async fn file(app: &TestApp, c: &reqwest::Client, subject: &str, description: &str) -> String {
    let r: Answer<String> = app
        .call(
            c,
            "create_request",
            &[
                ("type_id", "1"),
                ("subject", subject),
                ("description", description),
            ],
        )
        .await;
    r.expect("filed")
}

async fn staff_search(app: &TestApp, c: &reqwest::Client, q: &str) -> Vec<String> {
    let page: Page<RequestSummary> = app
        .call(c, "staff_queue", &[("q", q)])
        .await
        .unwrap_or_else(|e| panic!("search {q}: {e:?}"));
    page.items.into_iter().map(|r| r.tracking_code).collect()
}

async fn own_search(app: &TestApp, c: &reqwest::Client, q: &str) -> Vec<String> {
    let page: Page<RequestSummary> = app
        .call(c, "my_requests", &[("q", q)])
        .await
        .unwrap_or_else(|e| panic!("search {q}: {e:?}"));
    page.items.into_iter().map(|r| r.tracking_code).collect()
}

#[tokio::test]
async fn persian_search_folds_letters_digits_and_spacing() {
    let app = spawn_app().await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let other = app.new_applicant(&national_code(21), "09124440021").await;
    let staff = app.staff().await;
    let book = file(
        &app,
        &student,
        "کتاب درسی ثبت نشده",
        "کتاب‌های ترم اول در سامانه نیست.",
    )
    .await;
    let year = file(
        &app,
        &student,
        "ورودی سال 1403",
        "سابقهٔ تحصیلی ورودی‌های سال 1403 ناقص است.",
    )
    .await;
    let theirs = file(&app, &other, "مشکل ورود با كد", "پیام خطا: كاربر يافت نشد.").await;

    // Arabic letters find Persian ones and the other way round; digits of any script match.
    assert_eq!(staff_search(&app, &staff, "كتاب").await, vec![book.clone()]);
    assert_eq!(staff_search(&app, &staff, "۱۴۰۳").await, vec![year.clone()]);
    assert_eq!(
        staff_search(&app, &staff, "کاربر یافت").await,
        vec![theirs.clone()]
    );
    assert_eq!(
        staff_search(&app, &staff, "کتاب‌ها").await,
        vec![book.clone()]
    );
    assert!(staff_search(&app, &staff, "گواهینامه").await.is_empty());

    // Identifiers: the tracking code as shown (Persian digits, grouped), the national code and
    // the mobile as people type them.
    let shown = poshtiban::domain::tracking::parse(&book)
        .expect("code")
        .display_fa();
    assert_eq!(staff_search(&app, &staff, &shown).await, vec![book.clone()]);
    let mine = staff_search(&app, &staff, &to_persian_digits(STUDENT)).await;
    assert_eq!(mine.len(), 2);
    assert!(!mine.contains(&theirs));
    assert_eq!(
        staff_search(&app, &staff, "0912 444 0021").await,
        vec![theirs.clone()]
    );

    // Replies are searchable as they arrive.
    let answered: Answer<()> = app
        .call(
            &staff,
            "reply",
            &[("code", &theirs), ("body", "رمز یکبارمصرف دوباره ارسال شد")],
        )
        .await;
    assert!(answered.is_ok());
    assert_eq!(
        staff_search(&app, &staff, "یکبارمصرف").await,
        vec![theirs.clone()]
    );

    // Too short a query is refused with a reason.
    let short: Answer<Page<RequestSummary>> = app.call(&staff, "staff_queue", &[("q", "کد")]).await;
    let (status, err) = short.expect_err("too short");
    assert_eq!((status, err.field()), (422, Some("q")));
}

#[tokio::test]
async fn applicants_search_only_the_public_text_of_their_own_requests() {
    let app = spawn_app().await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let other = app.new_applicant(&national_code(22), "09124440022").await;
    let staff = app.staff().await;
    let mine = file(
        &app,
        &student,
        "گواهی اشتغال به تحصیل",
        "گواهی من صادر نشده است.",
    )
    .await;
    let theirs = file(&app, &other, "گواهی اشتغال به تحصیل", "گواهی صادر نمی‌شود.").await;
    let note: Answer<()> = app
        .call(
            &staff,
            "reply",
            &[
                ("code", &mine),
                ("body", "پرونده انضباطی دارد"),
                ("mode", "note"),
            ],
        )
        .await;
    assert!(note.is_ok());

    assert_eq!(
        own_search(&app, &student, "گواهي").await,
        vec![mine.clone()]
    );
    assert_eq!(
        own_search(&app, &other, "گواهی").await,
        vec![theirs.clone()]
    );
    // The internal note is searchable by staff only.
    assert!(own_search(&app, &student, "انضباطی").await.is_empty());
    assert_eq!(
        staff_search(&app, &staff, "انضباطی").await,
        vec![mine.clone()]
    );
    // Guessing another applicant's identifiers finds nothing.
    assert!(
        own_search(&app, &student, &national_code(22))
            .await
            .is_empty()
    );
    let code_of_theirs = own_search(&app, &student, &theirs).await;
    assert!(code_of_theirs.is_empty());
}

#[tokio::test]
async fn a_request_answered_before_it_was_indexed_is_found_once_with_its_reply() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let staff = app.login(AGENT, DEMO_PASSWORD).await;
    // On SQLite a new request's index row waits in a queue; the reply rewrites it right away.
    let code = file(&app, &applicant, "کارت دانشجویی المثنی", "کارت گم شده است").await;
    let answered: Answer<()> = app
        .call(
            &staff,
            "reply",
            &[("code", &code), ("body", "فرم تعهدنامه را بارگذاری کنید")],
        )
        .await;
    assert!(answered.is_ok());
    assert_eq!(
        staff_search(&app, &staff, "تعهدنامه").await,
        vec![code.clone()]
    );
    assert_eq!(
        staff_search(&app, &staff, "المثنی").await,
        vec![code.clone()]
    );
    assert_eq!(own_search(&app, &applicant, "المثنی").await, vec![code]);
    poshtiban::server::requests::search::index_pending(&app.state.db)
        .await
        .expect("the queue drains");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM requests").await,
        staff_search(&app, &staff, "کارت").await.len() as i64
    );
}
