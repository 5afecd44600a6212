//! Service forms and files: admin-defined fields checked on the server, answers kept as filed,
//! guide files and staff documents, attachments checked by content and served only as
//! downloads to those who may see them.

use super::common::*;
use poshtiban::domain::fields::FieldKind;
use poshtiban::wire::{RequestDetail, TypeAdmin, TypeForm};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";

async fn add_field(app: &TestApp, admin: &reqwest::Client, form: &[(&str, &str)]) {
    let mut all = vec![("type_id", "1")];
    all.extend_from_slice(form);
    let r: Answer<()> = app.call(admin, "save_field", &all).await;
    assert!(r.is_ok(), "{form:?}: {r:?}");
}

/// Type 1 with six fields; returns the field ids by kind.
async fn define_form(app: &TestApp, admin: &reqwest::Client) -> TypeAdmin {
    add_field(
        app,
        admin,
        &[
            ("label", "شماره دانشجویی"),
            ("kind", "short_text"),
            ("required", "on"),
        ],
    )
    .await;
    add_field(
        app,
        admin,
        &[
            ("label", "مقطع"),
            ("kind", "choice"),
            ("choices", "کارشناسی\nکارشناسی ارشد\nدکتری"),
        ],
    )
    .await;
    add_field(
        app,
        admin,
        &[("label", "تاریخ رخداد"), ("kind", "jalali_date")],
    )
    .await;
    add_field(
        app,
        admin,
        &[
            ("label", "کد ملی دانشجو"),
            ("kind", "national_code"),
            ("required", "on"),
        ],
    )
    .await;
    add_field(app, admin, &[("label", "همراه دوم"), ("kind", "mobile")]).await;
    add_field(
        app,
        admin,
        &[("label", "تصویر خطا"), ("kind", "file"), ("required", "on")],
    )
    .await;
    app.call(admin, "admin_type", &[("type_id", "1")])
        .await
        .expect("type")
}

fn id_of(t: &TypeAdmin, kind: FieldKind) -> String {
    format!(
        "field_{}",
        t.fields.iter().find(|f| f.kind == kind).expect("field").id
    )
}

#[tokio::test]
async fn an_applicant_files_a_custom_form_and_staff_see_it_with_the_workflow_documents() {
    let app = spawn_app().await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let t = define_form(&app, &admin).await;
    assert_eq!(t.fields.len(), 6);
    for (audience, title) in [
        ("guide", "راهنمای ثبت درخواست"),
        ("staff", "دستورالعمل بررسی"),
    ] {
        let r: Answer<i64> = app
            .call_with_files(
                &admin,
                "upload_document",
                &[("type_id", "1"), ("audience", audience), ("title", title)],
                &[("file", "guide.pdf", PDF.to_vec())],
            )
            .await;
        assert!(r.is_ok(), "{r:?}");
    }

    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let form: TypeForm = app
        .call(&student, "type_form", &[("type_id", "1")])
        .await
        .expect("form");
    assert_eq!(form.fields.len(), 6);
    assert_eq!(
        form.guides.len(),
        1,
        "applicants see guides, not staff documents"
    );
    assert_eq!(form.guides[0].title, "راهنمای ثبت درخواست");

    let (text, choice, date, code, mobile, file) = (
        id_of(&t, FieldKind::ShortText),
        id_of(&t, FieldKind::Choice),
        id_of(&t, FieldKind::JalaliDate),
        id_of(&t, FieldKind::NationalCode),
        id_of(&t, FieldKind::Mobile),
        id_of(&t, FieldKind::File),
    );
    let base = || {
        let v: Vec<(String, String)> = vec![
            ("type_id".into(), "1".into()),
            ("subject".into(), "کد تأیید نمی‌رسد".into()),
            (
                "description".into(),
                "هنگام ورود کد پیامکی ارسال نمی‌شود.".into(),
            ),
            (text.clone(), "۹۸۱۲۳۴۵۶".into()),
            (choice.clone(), "کارشناسی ارشد".into()),
            (date.clone(), "۱۴۰۴/۰۲/۳۱".into()),
            (code.clone(), "0499370899".into()),
            (mobile.clone(), "۰۹۱۲ ۱۱۱ ۰۰۰۹".into()),
        ];
        v
    };
    let shot = || vec![(file.as_str(), "error.png", PNG.to_vec())];
    let before = app.count("SELECT COUNT(*) FROM requests").await;

    // Each broken answer is refused with its label named, and nothing is stored.
    let cases: Vec<(String, String, &str)> = vec![
        (text.clone(), "   ".into(), "شماره دانشجویی"),
        (choice.clone(), "دیپلم".into(), "مقطع"),
        (date.clone(), "1404/12/30".into(), "تاریخ رخداد"),
        (code.clone(), "0499370898".into(), "کد ملی دانشجو"),
        (mobile.clone(), "021-1234".into(), "همراه دوم"),
    ];
    for (key, value, label) in cases {
        let mut fields = base();
        fields.retain(|(k, _)| *k != key);
        fields.push((key.clone(), value));
        let form: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let r: Answer<String> = app
            .call_with_files(&student, "create_request", &form, &shot())
            .await;
        let (status, err) = r.expect_err(label);
        assert_eq!(status, 422, "{label}");
        assert!(err.to_string().contains(label), "{label}: {err}");
    }
    // The required file is missing.
    let fields = base();
    let form: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r: Answer<String> = app
        .call_with_files(&student, "create_request", &form, &[])
        .await;
    assert!(r.expect_err("file").1.to_string().contains("تصویر خطا"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM requests").await,
        before,
        "nothing stored"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments").await, 0);

    // A complete filing, with a general attachment as well.
    let mut files = shot();
    files.push(("files", "کارنامه.pdf", PDF.to_vec()));
    let code_filed: String = app
        .call_with_files(&student, "create_request", &form, &files)
        .await
        .expect("filed");

    let staff = app.staff().await;
    let d: RequestDetail = app.detail(&staff, &code_filed).await;
    let values: Vec<(&str, &str)> = d
        .answers
        .iter()
        .map(|a| (a.label.as_str(), a.value.as_str()))
        .collect();
    assert_eq!(
        values,
        vec![
            ("شماره دانشجویی", "۹۸۱۲۳۴۵۶"),
            ("مقطع", "کارشناسی ارشد"),
            ("تاریخ رخداد", "۱۴۰۴/۰۲/۳۱"),
            ("کد ملی دانشجو", "۰۴۹۹۳۷۰۸۹۹"),
            ("همراه دوم", "۰۹۱۲۱۱۱۰۰۰۹"),
            ("تصویر خطا", ""),
        ]
    );
    assert_eq!(d.attachments.len(), 2);
    assert!(
        d.attachments
            .iter()
            .any(|a| a.field_id.is_some() && a.file_name == "error.png")
    );
    let docs = &d.staff.as_ref().expect("staff view").documents;
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].title, "دستورالعمل بررسی");
    // The answers are searchable.
    let found: poshtiban::wire::Page<poshtiban::wire::RequestSummary> = app
        .call(&staff, "staff_queue", &[("q", "98123456")])
        .await
        .expect("search");
    assert_eq!(found.items.len(), 1);

    // Changing the form later never changes what was filed.
    let text_id = text.trim_start_matches("field_").to_string();
    let renamed: Answer<()> = app
        .call(
            &admin,
            "save_field",
            &[
                ("type_id", "1"),
                ("field_id", &text_id),
                ("label", "کد دانشجویی"),
                ("kind", "short_text"),
            ],
        )
        .await;
    assert!(renamed.is_ok(), "{renamed:?}");
    let kind_change: Answer<()> = app
        .call(
            &admin,
            "save_field",
            &[
                ("type_id", "1"),
                ("field_id", &text_id),
                ("label", "x"),
                ("kind", "number"),
            ],
        )
        .await;
    assert_eq!(kind_change.expect_err("kind fixed").0, 422);
    let retired: Answer<()> = app
        .call(
            &admin,
            "field_op",
            &[("field_id", &text_id), ("op", "retire")],
        )
        .await;
    assert!(retired.is_ok());
    let d = app.detail(&student, &code_filed).await;
    assert_eq!(d.answers[0].label, "شماره دانشجویی");
    let form: TypeForm = app
        .call(&student, "type_form", &[("type_id", "1")])
        .await
        .expect("form");
    assert_eq!(form.fields.len(), 5);
}

async fn status_of_get(c: &reqwest::Client, url: &str) -> (u16, reqwest::header::HeaderMap) {
    let res = c.get(url).send().await.expect("answer");
    (res.status().as_u16(), res.headers().clone())
}

#[tokio::test]
async fn attachments_are_checked_by_content_and_served_only_to_those_who_may_see_them() {
    let app = spawn_app_with(|c| c.max_file_mb = 1).await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let other = app.new_applicant(&national_code(31), "09125550031").await;
    let staff = app.staff().await;
    let code = app.file_request(&student, "پیوست کارنامه").await;

    let (student_ref, staff_ref, code_ref, app_ref) = (&student, &staff, &code, &app);
    let reply = |body: &'static str,
                 mode: &'static str,
                 files: Vec<(&'static str, &'static str, Vec<u8>)>| async move {
        let c = if mode.is_empty() {
            student_ref
        } else {
            staff_ref
        };
        let r: Answer<()> = app_ref
            .call_with_files(
                c,
                "reply",
                &[("code", code_ref), ("body", body), ("mode", mode)],
                &files,
            )
            .await;
        r
    };
    // A picture named .pdf, an executable, an HTML page and an SVG are refused; nothing stored.
    for (name, bytes) in [
        ("scan.pdf", PNG.to_vec()),
        ("setup.exe", b"MZ\x90\0\x03".to_vec()),
        (
            "page.txt",
            b"<html><script>alert(1)</script></html>".to_vec(),
        ),
        (
            "logo.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec(),
        ),
    ] {
        let r = reply("پیوست", "", vec![("files", name, bytes)]).await;
        let (status, err) = r.expect_err(name);
        assert_eq!((status, err.field()), (422, Some("files")), "{name}");
    }
    // Too large for one file.
    let big = [PDF, &vec![b'x'; 1024 * 1024]].concat();
    let r = reply("پیوست", "", vec![("files", "big.pdf", big)]).await;
    assert_eq!(r.expect_err("too big").0, 422);
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments").await, 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM messages").await,
        0,
        "the reply is refused whole"
    );

    assert!(
        reply(
            "کارنامه پیوست شد",
            "",
            vec![("files", "کارنامه.pdf", PDF.to_vec())]
        )
        .await
        .is_ok()
    );
    assert!(
        reply(
            "یادداشت با پیوست",
            "note",
            vec![("files", "internal.png", PNG.to_vec())]
        )
        .await
        .is_ok()
    );

    let seen_by_staff = app.detail(&staff, &code).await;
    assert_eq!(seen_by_staff.attachments.len(), 2);
    let public = seen_by_staff
        .attachments
        .iter()
        .find(|a| !a.internal)
        .expect("public")
        .id;
    let internal = seen_by_staff
        .attachments
        .iter()
        .find(|a| a.internal)
        .expect("internal")
        .id;
    let seen_by_student = app.detail(&student, &code).await;
    assert_eq!(
        seen_by_student.attachments.len(),
        1,
        "the note's file is not listed"
    );

    let url = |id: i64| format!("{}/files/{id}", app.base);
    let (status, headers) = status_of_get(&student, &url(public)).await;
    assert_eq!(status, 200);
    assert!(
        headers["content-disposition"]
            .to_str()
            .expect("ascii")
            .starts_with("attachment;")
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["content-type"], "application/pdf");
    let body = student
        .get(url(public))
        .send()
        .await
        .expect("get")
        .bytes()
        .await
        .expect("bytes");
    assert_eq!(&body[..], PDF);
    assert_eq!(status_of_get(&staff, &url(internal)).await.0, 200);
    // The applicant cannot fetch the internal file; another applicant neither file; guessing ids
    // and anonymous access get nothing.
    assert_eq!(status_of_get(&student, &url(internal)).await.0, 404);
    assert_eq!(status_of_get(&other, &url(public)).await.0, 404);
    assert_eq!(status_of_get(&other, &url(public + 1000)).await.0, 404);
    assert_eq!(status_of_get(&app.client(), &url(public)).await.0, 401);
    assert_eq!(
        status_of_get(&student, &format!("{}/files/abc", app.base))
            .await
            .0,
        404
    );

    // A url-encoded post to a form with files is refused cleanly, not crashed on.
    let res = student
        .post(format!("{}/api/reply", app.base))
        .header("accept", "application/json")
        .form(&[("code", code.as_str()), ("body", "بدون multipart")])
        .send()
        .await
        .expect("answer");
    assert_eq!(res.status().as_u16(), 422);
}

#[tokio::test]
async fn staff_documents_are_for_staff_and_guides_for_everyone_signed_in() {
    let app = spawn_app().await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let mut ids = Vec::new();
    for audience in ["guide", "staff"] {
        let id: i64 = app
            .call_with_files(
                &admin,
                "upload_document",
                &[("type_id", "2"), ("audience", audience), ("title", "")],
                &[("file", "doc.pdf", PDF.to_vec())],
            )
            .await
            .expect("uploaded");
        ids.push(id);
    }
    let fake: Answer<i64> = app
        .call_with_files(
            &admin,
            "upload_document",
            &[("type_id", "2"), ("audience", "guide"), ("title", "x")],
            &[("file", "doc.pdf", PNG.to_vec())],
        )
        .await;
    assert_eq!(fake.expect_err("lying name").0, 422);
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let staff = app.staff().await;
    let url = |id: i64| format!("{}/documents/{id}", app.base);
    assert_eq!(status_of_get(&student, &url(ids[0])).await.0, 200);
    assert_eq!(status_of_get(&student, &url(ids[1])).await.0, 404);
    assert_eq!(status_of_get(&staff, &url(ids[1])).await.0, 200);
    // Only admins manage the catalogue.
    let r: Answer<i64> = app
        .call_with_files(
            &staff,
            "upload_document",
            &[("type_id", "2"), ("audience", "guide")],
            &[("file", "doc.pdf", PDF.to_vec())],
        )
        .await;
    assert_eq!(r.expect_err("admins only").0, 403);
    let retired: Answer<()> = app
        .call(
            &admin,
            "retire_document",
            &[("document_id", &ids[0].to_string())],
        )
        .await;
    assert!(retired.is_ok());
    assert_eq!(status_of_get(&student, &url(ids[0])).await.0, 404);
}

/// Sends a plain form post (no JavaScript) and returns the page it leads back to, as the
/// browser then shows it.
async fn plain_post_then_page(
    app: &TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    page: &str,
    body: reqwest::RequestBuilder,
) -> (String, String) {
    let res = body
        .header("accept", "text/html")
        .header("referer", format!("{}{page}", app.base))
        .send()
        .await
        .expect("answer");
    assert!(
        res.status().is_redirection(),
        "{endpoint}: {}",
        res.status()
    );
    let location = res.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_string();
    let html = app.page(client, &location).await;
    (location, html)
}

#[tokio::test]
async fn a_refused_sign_up_without_javascript_comes_back_as_typed_but_its_passwords() {
    let app = spawn_app().await;
    let c = app.client();
    let post = c.post(format!("{}/api/register", app.base)).form(&[
        ("kind", "graduate"),
        ("id_type", "national_code"),
        ("identifier", "0499370899"),
        ("full_name", "سارا <محمدی>"),
        ("mobile", "09121234567"),
        ("email", "sara@example.com"),
        ("password", "a-long-password-1"),
        ("password_confirm", "a-long-password-2"),
    ]);
    let (location, html) = plain_post_then_page(&app, &c, "register", "/register", post).await;
    assert_eq!(location, "/register", "nothing of the form in the address");
    assert!(html.contains(poshtiban::copy::ERR_PASSWORD_MISMATCH));
    assert_eq!(
        html.matches(poshtiban::copy::ERR_PASSWORD_MISMATCH).count(),
        1,
        "the error is shown once, beside its field"
    );
    for kept in [
        "0499370899",
        "سارا &lt;محمدی&gt;",
        "09121234567",
        "sara@example.com",
    ] {
        assert!(
            html.contains(&format!("value=\"{kept}\"")),
            "{kept} is not kept"
        );
    }
    assert!(
        !html.contains("a-long-password"),
        "a password was written into the page"
    );
    assert!(
        html.contains("value=\"graduate\" checked") || html.contains("checked value=\"graduate\""),
        "the chosen kind stays chosen"
    );
    // Once: the form asked for again is empty.
    let again = c
        .get(format!("{}/register", app.base))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(!again.contains("sara@example.com"));
}

#[tokio::test]
async fn a_refused_request_without_javascript_keeps_its_text_and_names_its_files() {
    let app = spawn_app().await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let before = app.count("SELECT COUNT(*) AS n FROM requests").await;
    let form = reqwest::multipart::Form::new()
        .text("type_id", "1")
        .text("related", "not-a-code")
        .text("subject", "پیوست بارگذاری نمی‌شود")
        .text("description", "هر بار که فایل را می‌فرستم خطا می‌گیرم.")
        .part(
            "files",
            reqwest::multipart::Part::bytes(PDF.to_vec())
                .file_name("madarek.pdf")
                .mime_str("application/pdf")
                .expect("mime"),
        );
    let post = student
        .post(format!("{}/api/create_request", app.base))
        .multipart(form);
    let (location, html) = plain_post_then_page(
        &app,
        &student,
        "create_request",
        "/requests/new?type=1&related=not-a-code",
        post,
    )
    .await;
    assert_eq!(location, "/requests/new?type=1&related=not-a-code");
    assert!(
        html.contains("value=\"پیوست بارگذاری نمی‌شود\""),
        "the subject is kept"
    );
    assert!(
        html.contains("هر بار که فایل را می‌فرستم خطا می‌گیرم."),
        "the description is kept"
    );
    assert!(html.contains(poshtiban::copy::CHOOSE_FILES_AGAIN));
    assert!(
        html.contains("madarek.pdf"),
        "the file to choose again is named"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM requests").await,
        before,
        "nothing of the refused request is kept"
    );
}
