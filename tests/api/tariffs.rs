//! Tariffs from the budget tables (issue 14, section 1): admins add a year's line and amendments
//! from their day, in rials or tomans; the line in force today is marked; bad input is refused
//! beside its field and changes nothing; nobody else may read or write them.

use poshtiban::domain::jalali::TehranDateTime;
use poshtiban::wire::{AppError, TariffDto};

use super::common::*;

fn field_of(answer: &Answer<i64>) -> Option<String> {
    match answer {
        Err((422, AppError::Validation { field, .. })) => field.clone(),
        _ => None,
    }
}

#[tokio::test]
async fn admins_keep_a_types_tariffs_with_amendments_from_their_day() {
    let app = spawn_app().await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let today = TehranDateTime::from_unix_millis(app.state.db.now_ms()).date;
    let year_start = format!("{}/01/01", today.year);
    let tomorrow = today.add_days(1).to_string();
    let add = |kind: &'static str, from: String, amount: &'static str, unit: &'static str| {
        let admin = admin.clone();
        let app = &app;
        async move {
            app.call::<i64>(
                &admin,
                "add_tariff",
                &[
                    ("type_id", "1"),
                    ("applicant_kind", kind),
                    ("effective_from", &from),
                    ("amount", amount),
                    ("unit", unit),
                    ("source", "جدول ۱۸ قانون بودجه، ردیف ۱۲۳۴۵۶"),
                ],
            )
            .await
        }
    };
    let list = || async {
        app.call::<Vec<TariffDto>>(&admin, "admin_tariffs", &[("type_id", "1")])
            .await
            .expect("the list")
    };
    assert!(
        list().await.is_empty(),
        "no tariff yet: the service is free"
    );

    assert!(
        add("student", year_start.clone(), "۱۵۰٬۰۰۰", "rials")
            .await
            .is_ok()
    );
    // An amendment from tomorrow: written now, charged from its day.
    assert!(
        add("student", tomorrow.clone(), "200,000", "rials")
            .await
            .is_ok()
    );
    // In tomans: stored as rials.
    assert!(
        add("graduate", year_start.clone(), "۳۰٬۰۰۰", "tomans")
            .await
            .is_ok()
    );

    let lines = list().await;
    assert_eq!(lines.len(), 3);
    let student_now = lines
        .iter()
        .find(|t| t.applicant_kind == "student" && t.amount_rials == 150_000)
        .expect("the year's line");
    assert!(student_now.in_force, "the year's line is charged today");
    assert_eq!(student_now.amount_figure, "۱۵۰٬۰۰۰ ریال");
    assert_eq!(student_now.amount_tomans, "۱۵٬۰۰۰ تومان");
    assert_eq!(student_now.amount_words, "یکصد و پنجاه هزار ریال");
    let amendment = lines
        .iter()
        .find(|t| t.amount_rials == 200_000)
        .expect("the amendment");
    assert!(!amendment.in_force, "an amendment waits for its day");
    let graduate = lines
        .iter()
        .find(|t| t.applicant_kind == "graduate")
        .expect("the graduates' line");
    assert_eq!(graduate.amount_rials, 300_000);
    assert!(graduate.in_force);

    // A second line for the same kind and day is refused: amend from another day.
    let again = add("student", year_start.clone(), "170000", "rials").await;
    assert_eq!(
        field_of(&again).as_deref(),
        Some("effective_from"),
        "{again:?}"
    );
    // Each bad field is named, and nothing is stored.
    for (kind, from, amount, unit, field) in [
        ("student", tomorrow.clone(), "5000", "rials", "amount"),
        ("student", tomorrow.clone(), "سی هزار", "rials", "amount"),
        (
            "student",
            "1404/13/01".to_string(),
            "150000",
            "rials",
            "effective_from",
        ),
        (
            "pupil",
            tomorrow.clone(),
            "150000",
            "rials",
            "applicant_kind",
        ),
        ("student", tomorrow.clone(), "150000", "dollars", "unit"),
    ] {
        let refused = add(kind, from, amount, unit).await;
        assert_eq!(field_of(&refused).as_deref(), Some(field), "{refused:?}");
    }
    let unsourced: Answer<i64> = app
        .call(
            &admin,
            "add_tariff",
            &[
                ("type_id", "1"),
                ("applicant_kind", "institution"),
                ("effective_from", &year_start),
                ("amount", "150000"),
                ("source", "   "),
            ],
        )
        .await;
    assert_eq!(field_of(&unsourced).as_deref(), Some("source"));
    assert_eq!(list().await.len(), 3, "refusals change nothing");

    // A type that does not exist.
    let missing: Answer<i64> = app
        .call(
            &admin,
            "add_tariff",
            &[
                ("type_id", "999999"),
                ("applicant_kind", "student"),
                ("effective_from", &year_start),
                ("amount", "150000"),
                ("source", "جدول ۱۸"),
            ],
        )
        .await;
    assert!(matches!(missing, Err((404, _))), "{missing:?}");
}

#[tokio::test]
async fn only_admins_read_or_write_tariffs() {
    let app = spawn_app().await;
    let form = [
        ("type_id", "1"),
        ("applicant_kind", "student"),
        ("effective_from", "1405/01/01"),
        ("amount", "150000"),
        ("source", "جدول ۱۸"),
    ];
    for who in [
        app.staff().await,
        app.login(SUPERVISOR, DEMO_PASSWORD).await,
        app.login(STUDENT, DEMO_PASSWORD).await,
        app.client(),
    ] {
        let read: Answer<Vec<TariffDto>> =
            app.call(&who, "admin_tariffs", &[("type_id", "1")]).await;
        assert!(matches!(read, Err((401 | 403, _))), "{read:?}");
        let write: Answer<i64> = app.call(&who, "add_tariff", &form).await;
        assert!(matches!(write, Err((401 | 403, _))), "{write:?}");
    }
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let lines: Vec<TariffDto> = app
        .call(&admin, "admin_tariffs", &[("type_id", "1")])
        .await
        .expect("the list");
    assert!(lines.is_empty(), "nothing was written by anyone else");
}
