//! A year's tariff table imported from the finance office's spreadsheet (issue 14, section 1):
//! an upload is previewed with every error beside its row and nothing saved; the confirmation
//! saves every row or none, once, and only for the admin who uploaded it; bad files are refused
//! with a Persian message and change nothing.

use poshtiban::server::platform::spreadsheet::{Cell, Sheet, xlsx};
use poshtiban::wire::{AppError, TariffDto, TariffImportPreview, TariffOverview};

use super::common::*;

const SOURCE: &str = "جدول ۱۸ قانون بودجه ۱۴۰۴، ردیف ۱۲۳۴۵۶";

async fn type_title(app: &TestApp, id: i64) -> String {
    sqlx::query_scalar("SELECT title FROM request_types WHERE id = $1")
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .expect("a demo type")
}

async fn upload(
    app: &TestApp,
    who: &reqwest::Client,
    year: &str,
    file_name: &str,
    bytes: Vec<u8>,
) -> Answer<String> {
    app.call_with_files(
        who,
        "upload_tariff_import",
        &[("fiscal_year", year)],
        &[("file", file_name, bytes)],
    )
    .await
}

async fn preview(app: &TestApp, who: &reqwest::Client, token: &str) -> TariffImportPreview {
    app.call(who, "preview_tariff_import", &[("token", token)])
        .await
        .expect("the preview")
}

async fn confirm(app: &TestApp, who: &reqwest::Client, token: &str) -> Answer<String> {
    app.call(who, "confirm_tariff_import", &[("token", token)])
        .await
}

async fn lines(app: &TestApp, type_id: &str) -> Vec<TariffDto> {
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    app.call(&admin, "admin_tariffs", &[("type_id", type_id)])
        .await
        .expect("the list")
}

fn field_of<T: std::fmt::Debug>(answer: &Answer<T>) -> Option<String> {
    match answer {
        Err((422, AppError::Validation { field, .. })) => field.clone(),
        _ => None,
    }
}

fn csv(text: &str) -> Vec<u8> {
    format!("\u{FEFF}{text}").into_bytes()
}

#[tokio::test]
async fn a_good_workbook_and_a_good_csv_import_every_row() {
    let app = spawn_app().await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let first = type_title(&app, 1).await;
    let text = |s: &str| Cell::Text(s.to_string());
    // The finance office's workbook: Persian headers in their own order, the type by its title,
    // amounts as numbers, one row without a date (1 Farvardin of the chosen year).
    let book = xlsx(&[Sheet {
        name: "۱۴۰۴".into(),
        headers: [
            "منبع",
            "نوع درخواست",
            "نوع متقاضی",
            "تاریخ اجرا",
            "مبلغ",
            "واحد",
        ]
        .map(String::from)
        .to_vec(),
        rows: vec![
            vec![
                text(SOURCE),
                text(&first),
                text("دانشجو"),
                Cell::Empty,
                Cell::Int(150_000),
                text("ریال"),
            ],
            vec![
                text(SOURCE),
                text(&first),
                text("دانش‌آموخته"),
                text("۱۴۰۴/۰۱/۰۱"),
                Cell::Int(30_000),
                text("تومان"),
            ],
            vec![
                text(SOURCE),
                Cell::Int(1),
                text("دانشجو"),
                text("1404/07/01"),
                Cell::Int(0),
                Cell::Empty,
            ],
        ],
    }]);
    let token = upload(&app, &admin, "۱۴۰۴", "tariffs-1404.xlsx", book)
        .await
        .expect("a readable workbook");
    let p = preview(&app, &admin, &token).await;
    assert_eq!((p.total, p.with_errors), (3, 0), "{p:?}");
    assert_eq!(p.fiscal_year, 1404);
    assert!(!p.confirmed);
    assert_eq!(p.summary, "۳ سطر: ۳ سطر درست، ۰ سطر با خطا");
    assert_eq!(p.rows[0].line_fa, "۲");
    assert_eq!(p.rows[0].type_text, first);
    assert_eq!(p.rows[0].from_text, "۱۴۰۴/۰۱/۰۱");
    assert_eq!(p.rows[0].amount_figure, "۱۵۰٬۰۰۰ ریال");
    assert_eq!(p.rows[0].amount_words, "یکصد و پنجاه هزار ریال");
    assert_eq!(p.rows[1].amount_figure, "۳۰۰٬۰۰۰ ریال");
    assert_eq!(p.rows[2].amount_figure, "رایگان");
    assert!(lines(&app, "1").await.is_empty(), "a preview saves nothing");

    let to = confirm(&app, &admin, &token).await;
    assert_eq!(to, Ok("/admin/tariffs?year=1404&imported=3".to_string()));
    let saved = lines(&app, "1").await;
    assert_eq!(saved.len(), 3);
    assert!(saved.iter().all(|t| t.source == SOURCE));
    assert!(
        saved
            .iter()
            .any(|t| t.applicant_kind == "graduate" && t.amount_rials == 300_000)
    );
    let done = preview(&app, &admin, &token).await;
    assert!(done.confirmed);
    assert_eq!(
        done.with_errors, 0,
        "its own lines are no repeats: {done:?}"
    );

    // A semicolon CSV with English headers, the type by its id, amounts grouped, in tomans.
    let file = csv("type;applicant kind;effective date;amount;unit;source\r\n\
         2;student;;\"15,000\";tomans;\"Table 18; row 1\"\r\n\
         2;institution;۱۴۰۵/۰۶/۳۱;۲۵۰٬۰۰۰;;جدول ۱۸\r\n");
    let token = upload(&app, &admin, "1405", "tariffs.csv", file)
        .await
        .expect("a readable CSV");
    let p = preview(&app, &admin, &token).await;
    assert_eq!((p.total, p.with_errors), (2, 0), "{p:?}");
    assert_eq!(p.rows[0].source, "Table 18; row 1");
    assert_eq!(
        confirm(&app, &admin, &token).await,
        Ok("/admin/tariffs?year=1405&imported=2".to_string())
    );
    let saved = lines(&app, "2").await;
    assert_eq!(saved.len(), 2);
    assert!(saved.iter().any(|t| t.amount_rials == 150_000));

    // The tariffs page lists every type's lines, of one year or all.
    let all: TariffOverview = app
        .call(&admin, "all_tariffs", &[("year", "")])
        .await
        .expect("the page");
    assert_eq!(all.lines.len(), 5);
    assert_eq!(
        all.years.iter().map(|y| y.0).collect::<Vec<_>>(),
        [1405, 1404]
    );
    assert_eq!(
        all.lines[0].line.fiscal_year, "۱۴۰۵",
        "the newest year first"
    );
    let of_1404: TariffOverview = app
        .call(&admin, "all_tariffs", &[("year", "۱۴۰۴")])
        .await
        .expect("the page");
    assert_eq!(of_1404.lines.len(), 3);
    assert!(
        of_1404
            .lines
            .iter()
            .all(|l| l.type_id == 1 && l.type_title == first)
    );
}

#[tokio::test]
async fn one_bad_row_saves_nothing_and_the_preview_names_it() {
    let app = spawn_app().await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let file = csv("نوع درخواست,نوع متقاضی,تاریخ اجرا,مبلغ,منبع\n\
         1,دانشجو,,150000,جدول ۱۸\n\
         1,دانش‌آموخته,,5000,جدول ۱۸\n\
         1,مؤسسه,1403/12/30,150000,جدول ۱۸\n");
    let token = upload(&app, &admin, "1404", "bad.csv", file)
        .await
        .expect("readable, if wrong");
    let p = preview(&app, &admin, &token).await;
    assert_eq!((p.total, p.with_errors), (3, 2), "{p:?}");
    assert!(p.rows[0].errors.is_empty());
    let small = &p.rows[1];
    assert_eq!(small.line_fa, "۳");
    assert_eq!(small.errors.len(), 1);
    assert_eq!(small.errors[0].field, "amount");
    assert_eq!(small.errors[0].column, "مبلغ");
    assert!(small.errors[0].message.contains("۱۰٬۰۰۰ ریال"), "{small:?}");
    assert_eq!(p.rows[2].errors[0].field, "effective_from");
    assert!(p.rows[2].errors[0].message.contains("۱۴۰۴"));

    let refused = confirm(&app, &admin, &token).await;
    match &refused {
        Err((
            422,
            AppError::Validation {
                field: None,
                message,
            },
        )) => {
            assert!(message.contains('۲'), "{message}")
        }
        other => panic!("{other:?}"),
    }
    assert!(lines(&app, "1").await.is_empty(), "nothing half-imported");
    assert!(!preview(&app, &admin, &token).await.confirmed);
}

#[tokio::test]
async fn a_line_already_stored_refuses_the_whole_import() {
    let app = spawn_app().await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let file = || {
        csv("type,kind,date,amount,source\n\
             1,student,1404/01/01,150000,جدول ۱۸\n\
             1,graduate,1404/01/01,250000,جدول ۱۸\n\
             1,graduate,1404/01/01,260000,جدول ۱۸\n")
    };
    // A row repeating another of the file names it.
    let token = upload(&app, &admin, "1404", "twice.csv", file())
        .await
        .expect("readable");
    let p = preview(&app, &admin, &token).await;
    assert_eq!(p.with_errors, 1);
    assert!(p.rows[2].errors[0].message.contains('۳'), "{p:?}");

    // A clean file, and then a line of the same day stored before it is confirmed.
    let clean = csv("type,kind,date,amount,source\n\
                     1,student,1404/01/01,150000,جدول ۱۸\n\
                     1,graduate,1404/01/01,250000,جدول ۱۸\n");
    let token = upload(&app, &admin, "1404", "clean.csv", clean)
        .await
        .expect("readable");
    assert_eq!(preview(&app, &admin, &token).await.with_errors, 0);
    let added: Answer<i64> = app
        .call(
            &admin,
            "add_tariff",
            &[
                ("type_id", "1"),
                ("applicant_kind", "graduate"),
                ("effective_from", "1404/01/01"),
                ("amount", "200000"),
                ("source", "جدول ۱۸"),
            ],
        )
        .await;
    assert!(added.is_ok(), "{added:?}");
    let refused = confirm(&app, &admin, &token).await;
    assert!(matches!(refused, Err((422 | 409, _))), "{refused:?}");
    let stored = lines(&app, "1").await;
    assert_eq!(stored.len(), 1, "only the line added by hand");
    assert_eq!(stored[0].amount_rials, 200_000);
    // The preview now says which row meets the stored line.
    let p = preview(&app, &admin, &token).await;
    assert_eq!(p.with_errors, 1);
    assert_eq!(p.rows[1].errors[0].field, "effective_from");
    assert!(!p.confirmed);
}

#[tokio::test]
async fn a_token_is_confirmed_once_and_only_by_its_admin() {
    let app = spawn_app().await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let file =
        csv("type,kind,amount,source\n1,student,150000,جدول ۱۸\n1,graduate,150000,جدول ۱۸\n");
    let token = upload(&app, &admin, "1404", "t.csv", file.clone())
        .await
        .expect("readable");
    // Nobody else may upload, see or confirm it.
    for who in [
        app.staff().await,
        app.login(STUDENT, DEMO_PASSWORD).await,
        app.client(),
    ] {
        let up = upload(&app, &who, "1404", "t.csv", file.clone()).await;
        assert!(matches!(up, Err((401 | 403, _))), "{up:?}");
        let seen: Answer<TariffImportPreview> = app
            .call(&who, "preview_tariff_import", &[("token", &token)])
            .await;
        assert!(matches!(seen, Err((401 | 403, _))), "{seen:?}");
        let done = confirm(&app, &who, &token).await;
        assert!(matches!(done, Err((401 | 403, _))), "{done:?}");
        let page: Answer<TariffOverview> = app.call(&who, "all_tariffs", &[]).await;
        assert!(matches!(page, Err((401 | 403, _))), "{page:?}");
    }
    assert!(lines(&app, "1").await.is_empty());
    // An upload is its admin's alone: made another account's, this admin cannot see or confirm it.
    let owner = |id: i64| {
        sqlx::query("UPDATE tariff_imports SET admin_id = $1")
            .bind(id)
            .execute(&app.state.db.pool)
    };
    owner(app.user_id(AGENT).await).await.expect("moved");
    let theirs: Answer<TariffImportPreview> = app
        .call(&admin, "preview_tariff_import", &[("token", &token)])
        .await;
    assert_eq!(field_of(&theirs).as_deref(), Some("token"), "{theirs:?}");
    let theirs = confirm(&app, &admin, &token).await;
    assert_eq!(field_of(&theirs).as_deref(), Some("token"), "{theirs:?}");
    owner(app.user_id(ADMIN).await).await.expect("moved back");
    let unknown = confirm(&app, &admin, "0000").await;
    assert_eq!(field_of(&unknown).as_deref(), Some("token"), "{unknown:?}");

    // Twice at once, and once more: saved once.
    let (a, b) = tokio::join!(confirm(&app, &admin, &token), confirm(&app, &admin, &token));
    assert_eq!(
        [&a, &b].iter().filter(|r| r.is_ok()).count(),
        1,
        "{a:?} {b:?}"
    );
    let again = confirm(&app, &admin, &token).await;
    assert!(matches!(again, Err((409, _))), "{again:?}");
    assert_eq!(lines(&app, "1").await.len(), 2);
}

#[tokio::test]
async fn bad_files_are_refused_with_a_reason_and_change_nothing() {
    let app = spawn_app().await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let mut too_large = b"type,kind,amount,source\n".to_vec();
    too_large.resize(2 * 1024 * 1024 + 10, b' ');
    let mut many = String::from("type,kind,amount,source\n");
    for _ in 0..5_001 {
        many.push_str("1,student,150000,x\n");
    }
    let windows_1256 = b"type,kind,amount,source\n1,\xcf\xc7\xe4\xd4\xcc\xe6,150000,x\n".to_vec();
    for (name, bytes, year) in [
        ("picture.png", png, "1404"),
        ("empty.csv", Vec::new(), "1404"),
        ("large.csv", too_large, "1404"),
        ("many.csv", many.into_bytes(), "1404"),
        ("ansi.csv", windows_1256, "1404"),
        ("columns.csv", csv("type,kind\n1,student\n"), "1404"),
        ("header.csv", csv("type,kind,amount,source\n"), "1404"),
        ("broken.xlsx", b"PK\x03\x04broken".to_vec(), "1404"),
    ] {
        let refused = upload(&app, &admin, year, name, bytes).await;
        match &refused {
            Err((status, e)) if (400..500).contains(status) => {
                assert!(
                    e.to_string()
                        .chars()
                        .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
                    "{name}: {e:?}"
                );
                if *status == 422 {
                    assert_eq!(field_of(&refused).as_deref(), Some("file"), "{name}");
                }
            }
            other => panic!("{name}: {other:?}"),
        }
    }
    let no_year = upload(
        &app,
        &admin,
        "۱۴",
        "t.csv",
        csv("type,kind,amount,source\n1,student,0,x\n"),
    )
    .await;
    assert_eq!(field_of(&no_year).as_deref(), Some("fiscal_year"));
    let no_file: Answer<String> = app
        .call(&admin, "upload_tariff_import", &[("fiscal_year", "1404")])
        .await;
    assert_eq!(field_of(&no_file).as_deref(), Some("file"), "{no_file:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM tariff_imports").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM tariffs").await, 0);
}

/// A plain form post (no JavaScript) to `endpoint` from `page`: where the server sends the
/// browser, and that page as the browser then gets it.
async fn plain_post(
    app: &TestApp,
    client: &reqwest::Client,
    page: &str,
    body: reqwest::RequestBuilder,
) -> (String, scraper::Html) {
    let res = body
        .header("accept", "text/html")
        .header("referer", format!("{}{page}", app.base))
        .send()
        .await
        .expect("answer");
    assert!(res.status().is_redirection(), "{}", res.status());
    let location = res.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_string();
    let html = app.page(client, &location).await;
    (location, scraper::Html::parse_document(&html))
}

fn texts(doc: &scraper::Html, css: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(css).expect("selector");
    doc.select(&selector)
        .map(|e| e.text().collect::<String>())
        .collect()
}

#[tokio::test]
async fn without_javascript_the_upload_is_a_preview_page_and_confirming_a_post() {
    let app = spawn_app().await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let send = |file: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .text("fiscal_year", "۱۴۰۴")
            .part(
                "file",
                reqwest::multipart::Part::bytes(file).file_name("<b>tariffs</b>.csv"),
            );
        admin
            .post(format!("{}/api/upload_tariff_import", app.base))
            .multipart(form)
    };
    // Not a spreadsheet: back on the tariffs page, the reason beside the file field.
    let (to, doc) = plain_post(
        &app,
        &admin,
        "/admin/tariffs",
        send(b"\x89PNG\r\n".to_vec()),
    )
    .await;
    assert_eq!(to, "/admin/tariffs");
    assert_eq!(
        texts(&doc, "#import-file-error"),
        [poshtiban::copy::ERR_IMPORT_NOT_SPREADSHEET]
    );
    let invalid = scraper::Selector::parse("#import-file[aria-invalid=true]").expect("selector");
    assert_eq!(doc.select(&invalid).count(), 1);

    // A row with an error: the preview page marks it beside its cell, and offers no confirmation.
    let (to, doc) = plain_post(
        &app,
        &admin,
        "/admin/tariffs",
        send(csv(
            "type,kind,amount,source\n1,student,150000,جدول ۱۸\n1,pupil,150000,جدول ۱۸\n",
        )),
    )
    .await;
    assert!(to.starts_with("/admin/tariffs/import/"), "{to}");
    assert_eq!(texts(&doc, "h1"), ["پیش‌نمایش ورود تعرفه‌ها"]);
    assert_eq!(texts(&doc, "table.import-rows tbody tr").len(), 2);
    let bad = texts(&doc, "table.import-rows tr.row-bad .cell-error");
    assert_eq!(bad, [poshtiban::copy::ERR_IMPORT_KIND]);
    assert_eq!(texts(&doc, "table.import-rows tr.row-bad th"), ["سطر ۳"]);
    assert!(texts(&doc, "form[action='/api/confirm_tariff_import']").is_empty());
    assert!(
        texts(&doc, "h2")
            .iter()
            .any(|h| h.contains("<b>tariffs</b>.csv")),
        "the file's name is text"
    );

    // A good file: confirmed by a plain post, the tariffs page says so and lists the line.
    let (preview_page, doc) = plain_post(
        &app,
        &admin,
        "/admin/tariffs",
        send(csv("type,kind,amount,source\n1,student,150000,جدول ۱۸\n")),
    )
    .await;
    let token = preview_page
        .rsplit('/')
        .next()
        .expect("a token")
        .to_string();
    assert_eq!(
        texts(&doc, "form[action='/api/confirm_tariff_import'] button"),
        ["ثبت هر ۱ سطر"]
    );
    let confirm = || {
        admin
            .post(format!("{}/api/confirm_tariff_import", app.base))
            .form(&[("token", token.as_str())])
    };
    let (to, doc) = plain_post(&app, &admin, &preview_page, confirm()).await;
    assert_eq!(to, "/admin/tariffs?year=1404&imported=1");
    assert!(
        texts(&doc, "[role=status] .alert.success")
            .iter()
            .any(|t| t == "۱ سطر تعرفه ثبت شد."),
        "{:?}",
        texts(&doc, "[role=status]")
    );
    assert_eq!(texts(&doc, "table.all-tariffs tbody tr").len(), 1);
    assert!(
        texts(&doc, "nav.admin-nav a")
            .iter()
            .any(|a| a == "تعرفه‌ها")
    );
    // Confirmed again: back on the preview, the reason given, nothing more saved.
    let (to, doc) = plain_post(&app, &admin, &preview_page, confirm()).await;
    assert_eq!(to, preview_page);
    assert!(
        texts(&doc, "[role=alert]")
            .iter()
            .any(|t| t.contains(poshtiban::copy::ERR_IMPORT_ALREADY_CONFIRMED)),
        "{:?}",
        texts(&doc, "[role=alert]")
    );
    assert_eq!(lines(&app, "1").await.len(), 1);
}
