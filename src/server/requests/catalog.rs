//! The catalogue of request types, administered in the app: types, their form fields, guide
//! files for applicants and workflow documents for staff.

use sqlx::{AssertSqlSafe, Row};

use crate::copy;
use crate::domain::account::ApplicantKind;
use crate::domain::catalog::ValidType;
use crate::domain::fields::{FieldDef, FieldKind, ValidField};
use crate::domain::files::FileKind;
use crate::server::platform::db::Db;
use crate::server::platform::state::AppState;
use crate::server::requests::files::CheckedUpload;
use crate::wire::AppError;
use crate::wire::{DocumentDto, TypeAdmin, TypeForm};

fn kinds(s: &str) -> Vec<ApplicantKind> {
    s.split(',')
        .filter_map(|k| ApplicantKind::parse(k.trim()))
        .collect()
}

fn field_def(r: &sqlx::any::AnyRow) -> Result<FieldDef, AppError> {
    Ok(FieldDef {
        id: r.try_get("id")?,
        label: r.try_get("label")?,
        kind: FieldKind::parse(&r.try_get::<String, _>("kind")?).unwrap_or(FieldKind::ShortText),
        required: r.try_get::<i64, _>("required")? == 1,
        help: r.try_get("help")?,
        choices: r
            .try_get::<String, _>("choices")?
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
    })
}

/// The active fields of a type, in order.
pub async fn fields_of(db: &Db, type_id: i64) -> Result<Vec<FieldDef>, AppError> {
    sqlx::query(
        "SELECT id, label, kind, required, help, choices FROM request_fields \
         WHERE type_id = $1 AND active = 1 ORDER BY position, id",
    )
    .bind(type_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(field_def)
    .collect()
}

/// The active documents of a type for one audience ("guide" or "staff").
pub async fn documents_of(
    db: &Db,
    type_id: i64,
    audience: &'static str,
) -> Result<Vec<DocumentDto>, AppError> {
    sqlx::query(
        "SELECT id, title, file_name, kind, size FROM type_documents \
         WHERE type_id = $1 AND audience = $2 AND active = 1 ORDER BY id",
    )
    .bind(type_id)
    .bind(audience)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(DocumentDto {
            id: r.try_get("id")?,
            title: r.try_get("title")?,
            file_name: r.try_get("file_name")?,
            kind: FileKind::parse(&r.try_get::<String, _>("kind")?).unwrap_or(FileKind::Text),
            size: r.try_get("size")?,
        })
    })
    .collect()
}

/// What an applicant's form for one active type shows: its fields and guide files.
/// `kind` and `watcher` are the applicant asking, for the type's intake as they see it.
pub async fn type_form(
    state: &AppState,
    type_id: i64,
    kind: Option<crate::domain::account::ApplicantKind>,
    watcher: Option<i64>,
) -> Result<TypeForm, AppError> {
    let t = sqlx::query(
        "SELECT id, title, description, intake FROM request_types WHERE id = $1 AND active = 1",
    )
    .bind(type_id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let intake = crate::server::calls::intakes(
        state,
        &[(type_id, crate::server::calls::intake_of(&t)?)],
        kind,
        watcher,
    )
    .await?
    .remove(&type_id)
    .ok_or(AppError::Internal)?;
    Ok(TypeForm {
        intake,
        type_id,
        title: t.try_get("title")?,
        description: t.try_get("description")?,
        fields: fields_of(&state.db, type_id).await?,
        guides: documents_of(&state.db, type_id, "guide").await?,
        fee: None,
    })
}

/// Every type (active or not), for the admin.
pub async fn list(state: &AppState) -> Result<Vec<TypeAdmin>, AppError> {
    let rows = sqlx::query(
        "SELECT id, title, description, applicant_kinds, group_id, initial_result_days, active \
         FROM request_types ORDER BY sort_order, id",
    )
    .fetch_all(&state.db.pool)
    .await?;
    rows.iter()
        .map(|r| type_admin(r, Vec::new(), Vec::new(), Vec::new(), Vec::new()))
        .collect()
}

fn type_admin(
    r: &sqlx::any::AnyRow,
    fields: Vec<FieldDef>,
    guides: Vec<DocumentDto>,
    staff_documents: Vec<DocumentDto>,
    policies: Vec<crate::wire::PolicyDto>,
) -> Result<TypeAdmin, AppError> {
    Ok(TypeAdmin {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        applicant_kinds: kinds(&r.try_get::<String, _>("applicant_kinds")?),
        group_id: r.try_get("group_id")?,
        initial_result_days: r.try_get("initial_result_days")?,
        active: r.try_get::<i64, _>("active")? == 1,
        fields,
        guides,
        staff_documents,
        policies,
    })
}

/// One type with its fields and documents, for the admin's editor.
pub async fn get(state: &AppState, type_id: i64) -> Result<TypeAdmin, AppError> {
    let r = sqlx::query(
        "SELECT id, title, description, applicant_kinds, group_id, initial_result_days, active \
         FROM request_types WHERE id = $1",
    )
    .bind(type_id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    type_admin(
        &r,
        fields_of(&state.db, type_id).await?,
        documents_of(&state.db, type_id, "guide").await?,
        documents_of(&state.db, type_id, "staff").await?,
        crate::server::sla::policy::policies(&state.db, type_id).await?,
    )
}

async fn check_group(state: &AppState, group_id: Option<i64>) -> Result<(), AppError> {
    if let Some(g) = group_id {
        let found = sqlx::query("SELECT id FROM staff_groups WHERE id = $1")
            .bind(g)
            .fetch_optional(&state.db.pool)
            .await?;
        if found.is_none() {
            return Err(AppError::validation("group_id", copy::ERR_GROUP_UNKNOWN));
        }
    }
    Ok(())
}

/// Creates a type (`id` None) or changes one; returns its id.
pub async fn save(state: &AppState, id: Option<i64>, t: ValidType) -> Result<i64, AppError> {
    check_group(state, t.group_id).await?;
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    let id = match id {
        Some(id) => {
            let updated = sqlx::query(
                "UPDATE request_types SET title = $1, description = $2, applicant_kinds = $3, \
                 group_id = $4, initial_result_days = $5, active = $6, updated_at = $7 WHERE id = $8",
            )
            .bind(&t.title)
            .bind(&t.description)
            .bind(t.kinds_csv())
            .bind(t.group_id)
            .bind(t.initial_result_days)
            .bind(i64::from(t.active))
            .bind(now)
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
            if updated.rows_affected() != 1 {
                return Err(AppError::NotFound);
            }
            id
        }
        None => {
            let code = format!("type-{now}");
            sqlx::query(
                "INSERT INTO request_types (code, title, description, applicant_kinds, group_id, \
                 initial_result_days, active, sort_order, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM request_types), $8) \
                 RETURNING id",
            )
            .bind(&code)
            .bind(&t.title)
            .bind(&t.description)
            .bind(t.kinds_csv())
            .bind(t.group_id)
            .bind(t.initial_result_days)
            .bind(i64::from(t.active))
            .bind(now)
            .fetch_one(&mut *w.tx)
            .await?
            .try_get("id")?
        }
    };
    // A changed promise is a new SLA policy version; requests filed earlier keep theirs.
    crate::server::sla::policy::sync_policy(
        &mut w.tx,
        id,
        t.initial_result_days,
        None,
        state.db.now_ms(),
    )
    .await?;
    w.commit().await?;
    Ok(id)
}

/// Adds a field at the end of a type's form.
pub async fn add_field(state: &AppState, type_id: i64, f: ValidField) -> Result<i64, AppError> {
    get(state, type_id).await?;
    let mut w = state.db.begin_write().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO request_fields (type_id, label, kind, required, help, choices, position, active, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, \
         (SELECT COALESCE(MAX(position), 0) + 1 FROM request_fields WHERE type_id = $1), 1, $7) RETURNING id",
    )
    .bind(type_id)
    .bind(&f.label)
    .bind(f.kind.as_str())
    .bind(i64::from(f.required))
    .bind(&f.help)
    .bind(f.choices.join("\n"))
    .bind(state.db.now_ms())
    .fetch_one(&mut *w.tx)
    .await?
    .try_get("id")?;
    w.commit().await?;
    Ok(id)
}

/// Changes a field's wording, help, options or whether it is required. Its kind is fixed once
/// created (answers already filed were checked as that kind); to change it, retire the field
/// and add another.
pub async fn update_field(state: &AppState, field_id: i64, f: ValidField) -> Result<(), AppError> {
    let mut w = state.db.begin_write().await?;
    let updated = sqlx::query(
        "UPDATE request_fields SET label = $1, required = $2, help = $3, choices = $4 \
         WHERE id = $5 AND active = 1 AND kind = $6",
    )
    .bind(&f.label)
    .bind(i64::from(f.required))
    .bind(&f.help)
    .bind(f.choices.join("\n"))
    .bind(field_id)
    .bind(f.kind.as_str())
    .execute(&mut *w.tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(AppError::validation("kind", copy::ERR_FIELD_KIND_FIXED));
    }
    w.commit().await?;
    Ok(())
}

/// Retires a field: new requests no longer ask it; filed answers keep their label and value.
pub async fn retire_field(state: &AppState, field_id: i64) -> Result<(), AppError> {
    state
        .db
        .retire(crate::server::platform::db::Retirable::Field, field_id)
        .await
}

/// Moves a field one place up (`up`) or down in its form.
pub async fn move_field(state: &AppState, field_id: i64, up: bool) -> Result<(), AppError> {
    let row = sqlx::query("SELECT type_id FROM request_fields WHERE id = $1 AND active = 1")
        .bind(field_id)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let type_id: i64 = row.try_get("type_id")?;
    let mut ids: Vec<i64> = fields_of(&state.db, type_id)
        .await?
        .iter()
        .map(|f| f.id)
        .collect();
    let Some(i) = ids.iter().position(|id| *id == field_id) else {
        return Err(AppError::NotFound);
    };
    let j = if up {
        i.checked_sub(1)
    } else {
        Some(i + 1).filter(|j| *j < ids.len())
    };
    let Some(j) = j else {
        return Ok(());
    };
    ids.swap(i, j);
    let mut w = state.db.begin_write().await?;
    for (pos, id) in ids.iter().enumerate() {
        sqlx::query("UPDATE request_fields SET position = $1 WHERE id = $2")
            .bind(pos as i64 + 1)
            .bind(*id)
            .execute(&mut *w.tx)
            .await?;
    }
    w.commit().await?;
    Ok(())
}

/// Adds a guide file ("guide") or a staff document ("staff") to a type.
pub async fn add_document(
    state: &AppState,
    type_id: i64,
    audience: &'static str,
    title: &str,
    file: &CheckedUpload,
    uploader: i64,
) -> Result<i64, AppError> {
    get(state, type_id).await?;
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let title = if title.is_empty() {
        file.name.clone()
    } else {
        title
    };
    if title.chars().count() > 150 {
        return Err(AppError::validation("title", copy::ERR_DOC_TITLE));
    }
    let mut w = state.db.begin_write().await?;
    let key = state
        .blobs
        .put(&mut w.tx, &file.bytes, state.db.now_ms())
        .await?;
    let id: i64 = sqlx::query(
        "INSERT INTO type_documents (type_id, audience, title, file_name, kind, size, blob_key, active, \
         uploader_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9) RETURNING id",
    )
    .bind(type_id)
    .bind(audience)
    .bind(&title)
    .bind(&file.name)
    .bind(file.kind.as_str())
    .bind(file.bytes.len() as i64)
    .bind(&key)
    .bind(uploader)
    .bind(state.db.now_ms())
    .fetch_one(&mut *w.tx)
    .await?
    .try_get("id")?;
    w.commit().await?;
    Ok(id)
}

pub async fn retire_document(state: &AppState, id: i64) -> Result<(), AppError> {
    state
        .db
        .retire(crate::server::platform::db::Retirable::Document, id)
        .await
}

/// Validates an applicant's answers to a type's active fields. `answers` holds the raw text per
/// field id; `uploads` the names of the files sent per file-field id (the answer of a file field
/// is its file names, so it shows under its label). Returns what to store, in form order.
pub fn check_answers(
    fields: &[FieldDef],
    answers: &[(i64, String)],
    uploads: &[(i64, String)],
) -> Result<Vec<(FieldDef, String)>, AppError> {
    let mut out = Vec::new();
    for f in fields {
        if f.kind == FieldKind::File {
            let names: Vec<&str> = uploads
                .iter()
                .filter(|(id, _)| *id == f.id)
                .map(|(_, n)| n.as_str())
                .collect();
            if names.is_empty() {
                if f.required {
                    return Err(AppError::validation(
                        &f.input_name(),
                        format!("«{}»: {}", f.label, copy::ERR_FILE_REQUIRED),
                    ));
                }
            } else {
                out.push((f.clone(), names.join(copy::LIST_SEPARATOR)));
            }
            continue;
        }
        let raw = answers
            .iter()
            .find(|(id, _)| *id == f.id)
            .map(|(_, v)| v.as_str())
            .unwrap_or("");
        match crate::domain::fields::validate_answer(f, raw) {
            Ok(Some(v)) => out.push((f.clone(), v)),
            Ok(None) => {}
            // Shown beside the field it is about.
            Err(e) => return Err(AppError::validation(&f.input_name(), e.message)),
        }
    }
    Ok(out)
}

/// Stores checked answers with a new request (in its transaction).
pub fn answers_into(
    batch: &mut crate::server::platform::db::Batch,
    request_id: i64,
    answers: &[(FieldDef, String)],
) {
    for (pos, (f, v)) in answers.iter().enumerate() {
        batch.push(
            "INSERT INTO request_answers (request_id, field_id, label, kind, value, position) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            vec![
                request_id.into(),
                f.id.into(),
                (&f.label).into(),
                f.kind.as_str().into(),
                v.into(),
                (pos as i64).into(),
            ],
        );
    }
}

/// The answers filed with a request, ready to show.
pub async fn answers_of(db: &Db, request_id: i64) -> Result<Vec<crate::wire::AnswerDto>, AppError> {
    sqlx::query(AssertSqlSafe(
        "SELECT field_id, label, kind, value FROM request_answers WHERE request_id = $1 ORDER BY position"
            .to_string(),
    ))
    .bind(request_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        let kind = FieldKind::parse(&r.try_get::<String, _>("kind")?).unwrap_or(FieldKind::ShortText);
        Ok(crate::wire::AnswerDto {
            field_id: r.try_get("field_id")?,
            label: r.try_get("label")?,
            kind,
            value: crate::domain::fields::display_answer(kind, &r.try_get::<String, _>("value")?),
        })
    })
    .collect()
}
