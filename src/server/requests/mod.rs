//! Support requests: filing, listing and reading. Every function takes the caller and refuses
//! what the caller may not touch; an applicant asking for another's request gets `NotFound`,
//! exactly as for a request that does not exist. Changes to a request live in `lifecycle`.

pub mod catalog;
pub mod files;
pub mod groups;
pub mod lifecycle;
pub mod search;
pub mod staff_tools;
pub mod views;

use sqlx::{AssertSqlSafe, Row};

use crate::copy;
use crate::domain::account::{ApplicantKind, Role, StaffScope};
use crate::domain::error::FieldError;
use crate::domain::history::{HistoryKind, describe_fa};
use crate::domain::jalali::TehranDateTime;
use crate::domain::request::{NewRequest, Priority};
use crate::domain::request_status::{Actor, RequestStatus, may_reopen};
use crate::domain::search::SearchQuery;
use crate::domain::sla::ClockState;
use crate::domain::tracking;
use crate::server::auth::SessionUser;
use crate::server::notify::live::{Audience, EventHub, EventKind};
use crate::server::platform::db::{Backend, Batch, Db};
use crate::server::platform::state::AppState;
use crate::server::requests::files::{AttachTo, Upload, attach, check_uploads};
use crate::wire::AppError;
use crate::wire::{
    HistoryEntry, MessageDto, Page, QueueFilter, QueueViews, RequestDetail, RequestSummary,
    RequestTypeDto, Side, StaffView,
};

pub const PAGE_SIZE: i64 = 30;

pub(crate) fn field(e: FieldError) -> AppError {
    AppError::validation(e.field, e.message)
}

pub(crate) fn status_of(s: &str) -> Result<RequestStatus, AppError> {
    RequestStatus::parse(s).ok_or_else(|| {
        tracing::error!(status = s, "unknown status in the database");
        AppError::Internal
    })
}

fn priority_of(n: i64) -> Priority {
    Priority::from_i64(n).unwrap_or(Priority::Normal)
}

pub async fn request_types(
    state: &AppState,
    kind: Option<ApplicantKind>,
    watcher: Option<i64>,
) -> Result<Vec<RequestTypeDto>, AppError> {
    let rows = sqlx::query(
        "SELECT id, title, description, initial_result_days, applicant_kinds, intake FROM request_types \
         WHERE active = 1 ORDER BY sort_order, id",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let types = rows
        .iter()
        .map(|r| Ok((r.try_get("id")?, crate::server::calls::intake_of(r)?)))
        .collect::<Result<Vec<_>, AppError>>()?;
    let mut intakes = crate::server::calls::intakes(state, &types, kind, watcher).await?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            Ok(RequestTypeDto {
                id,
                title: r.try_get("title")?,
                description: r.try_get("description")?,
                initial_result_days: r.try_get("initial_result_days")?,
                applicant_kinds: ApplicantKind::parse_list(
                    &r.try_get::<String, _>("applicant_kinds")?,
                ),
                intake: intakes.remove(&id).ok_or(AppError::Internal)?,
            })
        })
        .collect()
}

/// One entry of the append-only history.
pub(crate) struct Change<'a> {
    pub kind: HistoryKind,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub reason: &'a str,
    pub internal: bool,
}

impl<'a> Change<'a> {
    pub fn status(from: Option<RequestStatus>, to: RequestStatus, reason: &'a str) -> Self {
        Change {
            kind: HistoryKind::Status,
            from: from.map(RequestStatus::as_str),
            to: Some(to.as_str()),
            reason,
            internal: false,
        }
    }
}

pub(crate) async fn record_history(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    request_id: i64,
    actor: Option<i64>,
    change: Change<'_>,
    at: i64,
) -> Result<(), AppError> {
    let mut batch = Batch::new(at);
    history_into(&mut batch, request_id, actor, change, at);
    batch.run(tx).await?;
    Ok(())
}

/// Adds a history entry to `batch`.
pub(crate) fn history_into(
    batch: &mut Batch,
    request_id: i64,
    actor: Option<i64>,
    change: Change<'_>,
    at: i64,
) {
    batch.push(
        "INSERT INTO request_history (request_id, actor_id, kind, from_value, to_value, reason, internal, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        vec![
            request_id.into(),
            actor.into(),
            change.kind.as_str().into(),
            change.from.into(),
            change.to.into(),
            change.reason.into(),
            i64::from(change.internal).into(),
            at.into(),
        ],
    );
}

/// An `EXISTS (…)` column: an integer on SQLite, a boolean on PostgreSQL.
fn has_form(r: &sqlx::any::AnyRow) -> Result<bool, AppError> {
    Ok(match r.try_get::<bool, _>("has_form") {
        Ok(b) => b,
        Err(_) => r.try_get::<i64, _>("has_form")? != 0,
    })
}

/// Everything an applicant files at once.
pub struct Filing {
    pub request: NewRequest,
    /// Tracking code of an earlier request of the same applicant that this one follows up.
    pub related: Option<String>,
    /// Raw answers per field id.
    pub answers: Vec<(i64, String)>,
    /// Files: `field_<id>` for a file field of the form, `files` for general attachments.
    pub files: Vec<Upload>,
}

/// Files a request for `applicant`; returns its tracking code. The answers are checked against
/// the type's current fields with the same rules the form shows; nothing is stored unless all
/// of it is valid.
pub async fn create(
    state: &AppState,
    applicant: &SessionUser,
    filing: Filing,
) -> Result<String, AppError> {
    if applicant.role != Role::Applicant {
        return Err(AppError::Forbidden);
    }
    let new = filing.request;
    // One read for the type, its group, its SLA policy, whether it has a form, and who the
    // applicant is (for search and notifications): filing is the hot path.
    let ty = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT t.applicant_kinds, t.intake, t.group_id, g.auto_assign, p.id AS policy_id, p.initial_minutes, \
         p.resolution_minutes, p.warn_percent, \
         EXISTS (SELECT 1 FROM request_fields f WHERE f.type_id = t.id AND f.active = 1) AS has_form, \
         u.login_key, u.email, u.mobile, u.notify_email, u.notify_sms \
         FROM request_types t JOIN users u ON u.id = $2 \
         LEFT JOIN staff_groups g ON g.id = t.group_id AND g.active = 1 {} \
         WHERE t.id = $1 AND t.active = 1",
        crate::server::sla::policy::LATEST_POLICY_JOIN
    )))
    .bind(new.type_id)
    .bind(applicant.id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or_else(|| AppError::validation("type_id", copy::ERR_TYPE_UNKNOWN))?;
    let kinds = ApplicantKind::parse_list(&ty.try_get::<String, _>("applicant_kinds")?);
    if let Some(kind) = applicant.applicant_kind
        && !kinds.contains(&kind)
    {
        return Err(AppError::validation("type_id", copy::ERR_TYPE_NOT_FOR_KIND));
    }
    // A type open only within its calls takes a place in an open call, in the filing's
    // transaction.
    let calls_only =
        crate::server::calls::intake_of(&ty)? == crate::domain::call::Intake::CallsOnly;
    let group_id: Option<i64> = ty.try_get("group_id")?;
    let policy = crate::server::sla::policy::policy_of(&ty)?;
    let auto_assign = ty.try_get::<Option<i64>, _>("auto_assign")? == Some(1);
    let related_id = match filing
        .related
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(code) => Some(
            find_visible(state, applicant, code)
                .await
                .map_err(|_| AppError::validation("related", copy::ERR_RELATED_UNKNOWN))?
                .id,
        ),
    };
    // The form's fields decide which files are field answers; other inputs are attachments.
    let fields = if has_form(&ty)? {
        catalog::fields_of(&state.db, new.type_id).await?
    } else {
        Vec::new()
    };
    let file_field = |input: &str| {
        input
            .strip_prefix("field_")
            .and_then(|id| id.parse::<i64>().ok())
            .filter(|id| {
                fields
                    .iter()
                    .any(|f| f.id == *id && f.kind == crate::domain::fields::FieldKind::File)
            })
    };
    let uploads: Vec<Upload> = filing
        .files
        .into_iter()
        .filter(|u| u.input == "files" || file_field(&u.input).is_some())
        .collect();
    let files = check_uploads(
        uploads,
        state.config.max_file_bytes(),
        state.config.max_request_bytes(),
        0,
    )?;
    let with_files: Vec<(i64, String)> = files
        .iter()
        .filter_map(|f| file_field(&f.input).map(|id| (id, f.name.clone())))
        .collect();
    let answers = catalog::check_answers(&fields, &filing.answers, &with_files)?;
    let recipient = crate::server::notify::Recipient::from_row(&ty)?;
    let login_key: String = ty.try_get("login_key")?;
    let now = state.db.now_ms();
    let year = TehranDateTime::from_unix_millis(now).date.year;
    let db = &state.db;
    let private_text = format!(
        "{login_key}\n{}",
        recipient.mobile.as_deref().unwrap_or_default()
    );
    // The tariff in force now (Tehran's day) is the one charged, and the request keeps it.
    let tariff = match applicant.applicant_kind {
        Some(kind) => {
            crate::server::payments::tariffs::in_force_at(state, new.type_id, kind, now).await?
        }
        None => None,
    };
    let fee = tariff.as_ref().map(|(id, t)| (*id, t.amount.0));
    let status = if fee.is_some() {
        RequestStatus::AwaitingPayment
    } else {
        RequestStatus::New
    };
    let pay_by = fee.map(|_| now + state.config.unpaid_cancel_days * 86_400_000);
    // The SLA clocks start now, or, for a fee, at the confirmed payment (`sla::start_clocks`).
    let calendars = state.calendars.get();
    let clocks = policy
        .filter(|_| fee.is_none())
        .map(|p| crate::domain::clocks::new_request_clocks(calendars.for_group(group_id), &p, now));
    // Everything a filing writes, as statements for the request id it gets.
    let statements = |id: i64| {
        let code = tracking::make(id, year);
        let mut batch = Batch::new(now);
        let mut values: Vec<crate::server::platform::db::Val> = vec![
            id.into(),
            (&code).into(),
            applicant.id.into(),
            new.type_id.into(),
            new.subject.as_str().into(),
            new.description.as_str().into(),
            status.as_str().into(),
            now.into(),
            group_id.into(),
            related_id.into(),
            policy.map(|p| p.id).into(),
            clocks.map(|_| now).into(),
        ];
        match &clocks {
            Some(c) => values.extend(crate::server::sla::clocks::clock_values(c)),
            None => values.extend(std::iter::repeat_n(
                crate::server::platform::db::Val::Int(None),
                9,
            )),
        }
        values.extend([
            fee.map(|(_, rials)| rials).into(),
            fee.map(|(tariff_id, _)| tariff_id).into(),
            pay_by.into(),
        ]);
        batch.push(
            "INSERT INTO requests (id, tracking_code, applicant_id, type_id, subject, description, \
             status, created_at, updated_at, group_id, related_id, sla_policy_id, clock_start_at, \
             ir_state, ir_elapsed_min, ir_due_at, ir_warn_at, \
             res_state, res_elapsed_min, res_due_at, res_warn_at, sla_next_at, sla_computed_at, \
             fee_rials, tariff_id, pay_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11, $12, \
             $13, $14, $15, $16, $17, $18, $19, $20, $21, $8, $22, $23, $24)",
            values,
        );
        catalog::answers_into(&mut batch, id, &answers);
        history_into(
            &mut batch,
            id,
            Some(applicant.id),
            Change::status(None, status, ""),
            now,
        );
        let mut public_text = format!("{code}\n{}\n{}\n", new.subject, new.description);
        for (_, value) in &answers {
            public_text.push_str(value);
            public_text.push('\n');
        }
        crate::server::requests::search::insert_new_into(
            &mut batch,
            db.backend,
            id,
            &public_text,
            &private_text,
        );
        crate::server::notify::notices_into(
            &mut batch,
            &state.notifier,
            state.config.origin(),
            &recipient,
            id,
            &code,
            &new.subject,
            if fee.is_some() {
                crate::domain::notify::Notice::AwaitingPayment
            } else {
                crate::domain::notify::Notice::Created
            },
        );
        EventHub::record_into(
            &mut batch,
            db.backend,
            EventKind::RequestCreated,
            id,
            applicant.id,
            Audience::Everyone,
        );
        batch
    };
    // A request waiting for its fee is assigned when it is paid.
    let round_robin_group = group_id.filter(|_| auto_assign && fee.is_none());
    let (id, rows) = if files.is_empty() && round_robin_group.is_none() && !calls_only {
        // The common filing: one transaction that is one round trip on SQLite.
        db.write_new_request(statements).await?
    } else {
        let id = db.new_request_id().await?;
        let mut w = db.begin_write().await?;
        let call_id = if calls_only {
            Some(
                crate::server::calls::take_place(
                    &mut w.tx,
                    new.type_id,
                    applicant.applicant_kind,
                    now,
                )
                .await?,
            )
        } else {
            None
        };
        let rows = statements(id).run(&mut w.tx).await.inspect_err(|e| {
            db.forget_request_id(e);
        })?;
        if let Some((call_id, call_ends)) = call_id {
            // A fee not paid by the call's end is not paid at all.
            sqlx::query(
                "UPDATE requests SET call_id = $1, \
                 pay_by = CASE WHEN pay_by > $3 THEN $3 ELSE pay_by END WHERE id = $2",
            )
            .bind(call_id)
            .bind(id)
            .bind(call_ends)
            .execute(&mut *w.tx)
            .await?;
        }
        for file in &files {
            let to = AttachTo {
                request_id: id,
                message_id: None,
                field_id: file_field(&file.input),
                dispute: None,
                uploader_id: applicant.id,
                internal: false,
                at: state.db.now_ms(),
            };
            attach(&mut w.tx, state.blobs.as_ref(), &to, file).await?;
        }
        if let Some(group) = round_robin_group {
            lifecycle::round_robin(&mut w.tx, id, group, now).await?;
        }
        w.commit().await?;
        (id, rows)
    };
    let event = rows.first().ok_or(AppError::Internal)?;
    let ev = crate::server::notify::live::LiveEvent {
        id: event.try_get("id")?,
        kind: EventKind::RequestCreated,
        request_id: id,
        applicant_id: applicant.id,
        audience: Audience::Everyone,
        group_id: event.try_get("group_id")?,
        assignee_id: event.try_get("assignee_id")?,
    };
    state.events.after_commit(db.backend, [ev]);
    state.notifier.wake.notify_one();
    if db.backend == Backend::Sqlite {
        crate::server::requests::search::index_soon(db);
    }
    let code = tracking::make(id, year);
    Ok(code)
}

fn summary(
    r: &sqlx::any::AnyRow,
    for_staff: bool,
    viewer: i64,
    calendars: &crate::server::sla::calendar::Calendars,
    now: i64,
) -> Result<RequestSummary, AppError> {
    Ok(RequestSummary {
        sla: crate::server::sla::view::clock_view(
            r,
            crate::server::sla::view::Which::Initial,
            calendars,
            now,
        )?,
        tracking_code: r
            .try_get::<Option<String>, _>("tracking_code")?
            .unwrap_or_default(),
        subject: r.try_get("subject")?,
        type_title: r.try_get("type_title")?,
        status: status_of(&r.try_get::<String, _>("status")?)?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        new_activity: crate::domain::request::is_new(
            r.try_get("seen_at")?,
            r.try_get("updated_at")?,
            r.try_get("created_at")?,
            for_staff,
            for_staff && r.try_get::<Option<i64>, _>("assignee_id")? == Some(viewer),
        ),
        priority: priority_of(r.try_get("priority")?),
        applicant_name: if for_staff {
            Some(r.try_get("applicant_name")?)
        } else {
            None
        },
        assignee_name: if for_staff {
            r.try_get("assignee_name")?
        } else {
            None
        },
    })
}

/// A status filter of a list: "open" (still in play), "all", or one status's stored name. For
/// staff, "open" and "all" leave out requests that never reached them (awaiting their fee, or
/// cancelled unpaid); for applicants, "open" includes a request awaiting their payment.
fn status_clause(filter: Option<&str>, default: &str, staff: bool) -> Result<String, AppError> {
    let listed = |keep: fn(RequestStatus) -> bool| {
        let names: Vec<String> = RequestStatus::ALL
            .iter()
            .filter(|s| keep(**s))
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        format!(" AND r.status IN ({})", names.join(", "))
    };
    Ok(match filter.filter(|s| !s.is_empty()).unwrap_or(default) {
        "all" if staff => listed(RequestStatus::reached_staff),
        "all" => String::new(),
        "open" if staff => listed(RequestStatus::is_active),
        "open" => listed(RequestStatus::is_open_for_applicant),
        other => {
            let s = RequestStatus::parse(other)
                .ok_or_else(|| AppError::validation("status", copy::ERR_BAD_FILTER))?;
            // A fixed vocabulary, not user text.
            format!(" AND r.status = '{}'", s.as_str())
        }
    })
}

/// A query whose placeholders are numbered as conditions are added.
struct Query {
    sql: String,
    binds: Vec<Bind>,
}

enum Bind {
    Int(i64),
    Text(String),
}

impl Query {
    /// A query whose `{viewer}` stands for the id of the person asking (its first placeholder).
    fn for_viewer(sql: &str, viewer: i64) -> Self {
        Query {
            sql: sql.replace("{viewer}", "$1"),
            binds: vec![Bind::Int(viewer)],
        }
    }

    /// Appends ` AND <condition>`, where `{}` in the condition stands for the bound value.
    fn and(&mut self, condition: &str, value: Bind) {
        self.binds.push(value);
        let placeholder = format!("${}", self.binds.len());
        self.sql.push_str(" AND ");
        self.sql.push_str(&condition.replace("{}", &placeholder));
    }

    fn and_search(&mut self, search: crate::server::requests::search::SearchSql) {
        for (condition, value) in search.conditions {
            self.and(&condition, Bind::Text(value));
        }
    }

    async fn fetch(self, state: &AppState) -> Result<Vec<sqlx::any::AnyRow>, AppError> {
        let mut q = sqlx::query(AssertSqlSafe(self.sql));
        for b in self.binds {
            q = match b {
                Bind::Int(i) => q.bind(i),
                Bind::Text(t) => q.bind(t),
            };
        }
        Ok(q.fetch_all(&state.db.pool).await?)
    }
}

fn search_query(q: Option<&str>) -> Result<Option<SearchQuery>, AppError> {
    match q.map(str::trim).filter(|q| !q.is_empty()) {
        None => Ok(None),
        Some(q) => SearchQuery::parse(q).map(Some).map_err(field),
    }
}

/// The applicant's own requests, newest first, optionally of one status and matching a search.
pub async fn list_own(
    state: &AppState,
    applicant: &SessionUser,
    status: Option<&str>,
    q: Option<&str>,
    before: Option<i64>,
) -> Result<Page<RequestSummary>, AppError> {
    let search = search_query(q)?;
    if search.is_some() {
        crate::server::requests::search::catch_up(&state.db).await?;
    }
    let join = match (&search, state.db.backend) {
        (None, _) => "",
        (Some(_), Backend::Sqlite) => "JOIN request_search s ON s.rowid = r.id",
        (Some(_), Backend::Postgres) => "JOIN request_search s ON s.request_id = r.id",
    };
    let mut query = Query::for_viewer(
        &format!(
            "SELECT r.id, r.tracking_code, r.subject, r.status, r.created_at, r.updated_at, r.priority, \
             t.title AS type_title, v.seen_at, {sla} \
             FROM requests r JOIN request_types t ON t.id = r.type_id {join} {sla_join} {seen} WHERE 1 = 1",
            sla = crate::server::sla::view::SLA_COLUMNS,
            sla_join = crate::server::sla::view::SLA_JOIN,
            seen = views::SEEN_JOIN,
        ),
        applicant.id,
    );
    query.and("r.applicant_id = {}", Bind::Int(applicant.id));
    query.and("r.id < {}", Bind::Int(before.unwrap_or(i64::MAX)));
    if let Some(s) = &search {
        query.and_search(crate::server::requests::search::own_search(
            state.db.backend,
            s,
        ));
    }
    query.sql.push_str(&status_clause(status, "all", false)?);
    query
        .sql
        .push_str(&format!(" ORDER BY r.id DESC LIMIT {}", PAGE_SIZE + 1));
    page(state, query.fetch(state).await?, false, applicant.id)
}

fn page(
    state: &AppState,
    rows: Vec<sqlx::any::AnyRow>,
    for_staff: bool,
    viewer: i64,
) -> Result<Page<RequestSummary>, AppError> {
    let calendars = state.calendars.get();
    let now = state.db.now_ms();
    let more = rows.len() as i64 > PAGE_SIZE;
    let rows = &rows[..rows.len().min(PAGE_SIZE as usize)];
    let next = if more {
        rows.last().map(|r| r.try_get::<i64, _>("id")).transpose()?
    } else {
        None
    };
    let items = rows
        .iter()
        .map(|r| summary(r, for_staff, viewer, &calendars, now))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page { items, next })
}

/// The staff queue: oldest first, so the longest waiting are answered first (or newest first,
/// or the soonest due first). With a search, the matches come newest first (and `after` is then
/// the cursor going back in time).
pub async fn queue(
    state: &AppState,
    viewer: &SessionUser,
    filter: &QueueFilter,
    after: Option<i64>,
) -> Result<Page<RequestSummary>, AppError> {
    let (mut query, order) =
        queue_query(state, viewer, filter, after, QueueHead::Rows, false).await?;
    query
        .sql
        .push_str(&format!(" ORDER BY {order} LIMIT {}", PAGE_SIZE + 1));
    page(state, query.fetch(state).await?, true, viewer.id)
}

/// How many requests the queue finds for `filter`, counted up to [`COUNT_CAP`] (a larger
/// number reads as "more than"): the page says it above the list.
pub async fn queue_count(
    state: &AppState,
    viewer: &SessionUser,
    filter: &QueueFilter,
) -> Result<i64, AppError> {
    let (query, _) = queue_query(state, viewer, filter, None, QueueHead::Count, false).await?;
    let sql = format!(
        "SELECT COUNT(*) AS n FROM ({} LIMIT {}) x",
        query.sql,
        COUNT_CAP + 1
    );
    let rows = Query {
        sql,
        binds: query.binds,
    }
    .fetch(state)
    .await?;
    Ok(rows
        .first()
        .map(|r| r.try_get::<i64, _>("n"))
        .transpose()?
        .unwrap_or(0))
}

/// The requests before and after `code` in the queue as `filter` lists it, for the request
/// page's previous and next links (none at either end).
pub async fn queue_neighbours(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
    filter: &QueueFilter,
) -> Result<crate::wire::Neighbours, AppError> {
    if !viewer.role.is_staff() {
        return Err(AppError::Forbidden);
    }
    let found = find_visible(state, viewer, code).await?;
    let mut codes = [None, None];
    for (slot, backward) in codes.iter_mut().zip([true, false]) {
        let (mut query, order) = queue_query(
            state,
            viewer,
            filter,
            Some(found.id),
            QueueHead::Codes,
            backward,
        )
        .await?;
        query.sql.push_str(&format!(" ORDER BY {order} LIMIT 1"));
        *slot = query
            .fetch(state)
            .await?
            .first()
            .map(|r| r.try_get::<String, _>("tracking_code"))
            .transpose()?;
    }
    let [previous, next] = codes;
    Ok(crate::wire::Neighbours { previous, next })
}

/// The queue's filters from the query string of its address (`type=3&status=new&q=…`), as the
/// request page carries it to know its neighbours.
pub fn filter_from_query(query: &str) -> QueueFilter {
    let mut f = QueueFilter::default();
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        let v = v.trim().to_string();
        if v.is_empty() {
            continue;
        }
        match k.as_ref() {
            "type" => f.type_id = v.parse().ok(),
            "status" => f.status = Some(v),
            "group" => f.group_id = v.parse().ok(),
            "assignee" => f.assignee = Some(v),
            "priority" => f.priority = Some(v),
            "q" => f.q = Some(v),
            "tag" => f.tag = Some(v),
            "sort" => f.sort = Some(v),
            "sla" => f.sla = Some(v),
            _ => {}
        }
    }
    f
}

/// Counted up to here; more reads as "more than 10,000".
pub const COUNT_CAP: i64 = 10_000;

/// The queue's views with how many open requests each holds for this staff member (within
/// their scope): one pass over the open-requests index.
pub async fn queue_views(state: &AppState, viewer: &SessionUser) -> Result<QueueViews, AppError> {
    let mut sql = format!(
        "SELECT COUNT(*) AS open_n, \
         COALESCE(SUM(CASE WHEN r.assignee_id = $1 THEN 1 ELSE 0 END), 0) AS mine, \
         COALESCE(SUM(CASE WHEN r.assignee_id IS NULL THEN 1 ELSE 0 END), 0) AS unassigned, \
         COALESCE(SUM(CASE WHEN {at_risk} THEN 1 ELSE 0 END), 0) AS at_risk, \
         COALESCE(SUM(CASE WHEN {breached} THEN 1 ELSE 0 END), 0) AS breached, \
         COALESCE(SUM(CASE WHEN r.status = '{waiting}' THEN 1 ELSE 0 END), 0) AS waiting \
         FROM requests r{hint} WHERE 1 = 1{open}",
        at_risk = SlaView::AtRisk.condition(),
        breached = SlaView::Breached.condition(),
        waiting = RequestStatus::WaitingApplicant.as_str(),
        hint = crate::server::sla::recompute::open_index(state.db.backend),
        open = status_clause(Some("open"), "open", true)?,
    );
    if let Some(scope) = staff_scope(&state.db, viewer).await?.and_then(|s| s.sql()) {
        sql.push_str(" AND ");
        sql.push_str(&scope);
    }
    let rows = Query {
        sql,
        binds: vec![Bind::Int(viewer.id)],
    }
    .fetch(state)
    .await?;
    let row = rows.first().ok_or(AppError::Internal)?;
    let n = |c: &str| row.try_get::<i64, _>(c);
    Ok(QueueViews {
        open: n("open_n")?,
        mine: n("mine")?,
        unassigned: n("unassigned")?,
        at_risk: n("at_risk")?,
        breached: n("breached")?,
        waiting: n("waiting")?,
    })
}

/// The requests whose clocks are in one state, for the queue's views and its `sla` filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SlaView {
    AtRisk,
    Breached,
}

impl SlaView {
    fn parse(s: &str) -> Option<SlaView> {
        match s {
            "at_risk" => Some(SlaView::AtRisk),
            "breached" => Some(SlaView::Breached),
            _ => None,
        }
    }

    /// Either clock (initial result or resolution) in that state.
    fn condition(self) -> String {
        let state = match self {
            SlaView::AtRisk => ClockState::AtRisk,
            SlaView::Breached => ClockState::Breached,
        }
        .as_str();
        format!("(r.ir_state = '{state}' OR r.res_state = '{state}')")
    }
}

/// The rows staff lists show, from `requests r` (with an index `hint` and a search `join`),
/// up to `WHERE 1 = 1`; `{viewer}` is the staff member reading (for what they saw).
fn staff_rows_sql(hint: &str, join: &str) -> String {
    format!(
        "SELECT r.id, r.tracking_code, r.subject, r.status, r.created_at, r.updated_at, r.priority, \
         t.title AS type_title, u.full_name AS applicant_name, a.full_name AS assignee_name, \
         r.assignee_id, v.seen_at, {sla} \
         FROM requests r{hint} {join} JOIN request_types t ON t.id = r.type_id \
         JOIN users u ON u.id = r.applicant_id LEFT JOIN users a ON a.id = r.assignee_id {sla_join} \
         {seen} WHERE 1 = 1",
        sla = crate::server::sla::view::SLA_COLUMNS,
        sla_join = crate::server::sla::view::SLA_JOIN,
        seen = views::SEEN_JOIN,
    )
}

/// How many of the applicant's other requests the request page lists.
pub const OTHER_REQUESTS: i64 = 10;

/// The same applicant's other requests, newest first, as far as this staff member may see
/// them: for the request page's side panel.
pub async fn applicant_requests(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
) -> Result<Vec<RequestSummary>, AppError> {
    if !viewer.role.is_staff() {
        return Err(AppError::Forbidden);
    }
    let found = find_visible(state, viewer, code).await?;
    let mut query = Query::for_viewer(&staff_rows_sql("", ""), viewer.id);
    query.and("r.applicant_id = {}", Bind::Int(found.applicant_id));
    query.and("r.id <> {}", Bind::Int(found.id));
    if let Some(scope) = staff_scope(&state.db, viewer).await?.and_then(|s| s.sql()) {
        query.sql.push_str(" AND ");
        query.sql.push_str(&scope);
    }
    query
        .sql
        .push_str(&format!(" ORDER BY r.id DESC LIMIT {OTHER_REQUESTS}"));
    Ok(page(state, query.fetch(state).await?, true, viewer.id)?.items)
}

/// What a queue query selects: the rows of a page, or only ids to count.
#[derive(Clone, Copy, PartialEq, Eq)]
enum QueueHead {
    Rows,
    Count,
    /// Ids and tracking codes (the neighbours of a request in the list).
    Codes,
}

/// The queue's query for `filter` (without its `ORDER BY`, returned beside it).
async fn queue_query(
    state: &AppState,
    viewer: &SessionUser,
    filter: &QueueFilter,
    after: Option<i64>,
    head: QueueHead,
    backward: bool,
) -> Result<(Query, String), AppError> {
    let search = search_query(filter.q.as_deref())?
        .map(|q| crate::server::requests::search::staff_search(state.db.backend, &q));
    if search.is_some() {
        crate::server::requests::search::catch_up(&state.db).await?;
    }
    let join = search.as_ref().map(|s| s.join).unwrap_or("");
    let sort = filter.sort.as_deref().unwrap_or("");
    let sla = match filter.sla.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            SlaView::parse(s).ok_or_else(|| AppError::validation("sla", copy::ERR_BAD_FILTER))?,
        ),
    };
    // The default list (open, oldest or newest first, nothing else narrowing it) walks the
    // open-requests index; with most requests closed, the table in id order would be walked
    // skipping them. The views' counts walk it too.
    let plain_open = search.is_none()
        && sort != "due"
        && filter
            .status
            .as_deref()
            .is_none_or(|s| s.is_empty() || s == "open")
        && filter.type_id.filter(|t| *t > 0).is_none()
        && filter.group_id.filter(|g| *g > 0).is_none()
        && filter.priority.as_deref().is_none_or(str::is_empty)
        && filter.tag.as_deref().is_none_or(str::is_empty)
        && filter
            .assignee
            .as_deref()
            .is_none_or(|a| a.is_empty() || a == "any");
    let hint = if plain_open {
        crate::server::sla::recompute::open_index(state.db.backend)
    } else {
        ""
    };
    let mut query = match head {
        QueueHead::Rows => Query::for_viewer(&staff_rows_sql(hint, join), viewer.id),
        QueueHead::Count => Query {
            sql: format!("SELECT r.id FROM requests r{hint} {join} WHERE 1 = 1"),
            binds: Vec::new(),
        },
        QueueHead::Codes => Query {
            sql: format!("SELECT r.id, r.tracking_code FROM requests r{hint} {join} WHERE 1 = 1"),
            binds: Vec::new(),
        },
    };
    // `backward` walks the list the other way from `after`: the request before it.
    let (ahead, behind) = if backward { ("<", ">") } else { (">", "<") };
    let (up, down) = if backward {
        ("DESC", "")
    } else {
        ("", " DESC")
    };
    let order = match search {
        Some(s) => {
            let id = s.id_column;
            query.and(
                &format!("{id} {behind} {{}}"),
                Bind::Int(after.unwrap_or(i64::MAX)),
            );
            query.and_search(s);
            if backward {
                id.to_string()
            } else {
                format!("{id} DESC")
            }
        }
        None if sort == "due" => {
            // Keyset on (due time, id), through the index on counting clocks' due times.
            query.sql.push_str(" AND r.ir_due_at IS NOT NULL");
            if let Some(after) = after {
                query.and(
                    &format!(
                        "(r.ir_due_at, r.id) {ahead} (SELECT c.ir_due_at, c.id FROM requests c WHERE c.id = {{}})"
                    ),
                    Bind::Int(after),
                );
            }
            format!("r.ir_due_at {up}, r.id {up}")
        }
        None if sort == "newest" => {
            query.and(
                &format!("r.id {behind} {{}}"),
                Bind::Int(after.unwrap_or(i64::MAX)),
            );
            format!("r.id{down}")
        }
        None => {
            query.and(&format!("r.id {ahead} {{}}"), Bind::Int(after.unwrap_or(0)));
            format!("r.id {up}")
        }
    };
    if let Some(t) = filter.type_id.filter(|t| *t > 0) {
        query.and("r.type_id = {}", Bind::Int(t));
    }
    if let Some(g) = filter.group_id.filter(|g| *g > 0) {
        query.and("r.group_id = {}", Bind::Int(g));
    }
    if let Some(p) = filter.priority.as_deref().and_then(Priority::parse) {
        query.and("r.priority = {}", Bind::Int(p.as_i64()));
    }
    if let Some(v) = sla {
        query.sql.push_str(" AND ");
        query.sql.push_str(&v.condition());
    }
    if let Some(tag) = filter
        .tag
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        query.and(
            "r.id IN (SELECT rt.request_id FROM request_tags rt JOIN tags tg ON tg.id = rt.tag_id \
             WHERE tg.name_key = {})",
            Bind::Text(crate::domain::text::search_key(tag)),
        );
    }
    match filter.assignee.as_deref().unwrap_or("") {
        "" | "any" => {}
        "me" => query.and("r.assignee_id = {}", Bind::Int(viewer.id)),
        "none" => query.sql.push_str(" AND r.assignee_id IS NULL"),
        other => {
            let id = other
                .parse::<i64>()
                .map_err(|_| AppError::validation("assignee", copy::ERR_BAD_FILTER))?;
            query.and("r.assignee_id = {}", Bind::Int(id));
        }
    }
    // Only the requests this staff member works on.
    if let Some(scope) = staff_scope(&state.db, viewer).await?.and_then(|s| s.sql()) {
        query.sql.push_str(" AND ");
        query.sql.push_str(&scope);
    }
    // A search looks through every status unless one is chosen.
    let default_status = if filter.q.as_deref().is_some_and(|q| !q.trim().is_empty()) {
        "all"
    } else {
        "open"
    };
    query.sql.push_str(&status_clause(
        filter.status.as_deref(),
        default_status,
        true,
    )?);
    Ok((query, order))
}

/// What the lifecycle needs to know of a request before changing it.
pub(crate) struct RequestRow {
    pub id: i64,
    pub tracking_code: String,
    pub applicant_id: i64,
    pub status: RequestStatus,
    pub initial_result_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub group_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub priority: Priority,
}

const ROW_COLUMNS: &str = "r.id, r.tracking_code, r.applicant_id, r.status, r.initial_result_at, \
     r.closed_at, r.group_id, r.assignee_id, r.priority";

/// The requests a staff member works on (`None` for applicants): see [`StaffScope`].
pub async fn staff_scope(db: &Db, viewer: &SessionUser) -> Result<Option<StaffScope>, AppError> {
    if matches!(viewer.role, Role::Applicant | Role::Admin) {
        return Ok(StaffScope::of(viewer.role, viewer.id, Vec::new()));
    }
    let groups: Vec<i64> = sqlx::query_scalar(
        "SELECT group_id FROM group_members WHERE user_id = $1 ORDER BY group_id",
    )
    .bind(viewer.id)
    .fetch_all(&db.pool)
    .await?;
    Ok(StaffScope::of(viewer.role, viewer.id, groups))
}

/// Finds a request by tracking code, visible to `viewer` (their own, or within a staff member's
/// scope).
pub(crate) async fn find_visible(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
) -> Result<RequestRow, AppError> {
    let code = tracking::parse(code).map_err(|_| AppError::NotFound)?;
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {ROW_COLUMNS} FROM requests r WHERE r.tracking_code = $1"
    )))
    .bind(code.as_str())
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let scope = staff_scope(&state.db, viewer).await?;
    visible_row(&row, viewer, scope.as_ref())
}

/// The request of a row with [`ROW_COLUMNS`], if `viewer` may see it: their own, or for staff
/// one within their scope. Otherwise "not found", exactly as for a missing request.
fn visible_row(
    row: &sqlx::any::AnyRow,
    viewer: &SessionUser,
    scope: Option<&StaffScope>,
) -> Result<RequestRow, AppError> {
    let found = row_of(row)?;
    let visible = match scope {
        Some(scope) => scope.covers(found.group_id, found.assignee_id),
        None => found.applicant_id == viewer.id,
    };
    if visible {
        Ok(found)
    } else {
        Err(AppError::NotFound)
    }
}

/// Decodes a row with [`ROW_COLUMNS`] (no visibility check: for the system's own jobs).
pub(crate) fn row_of(row: &sqlx::any::AnyRow) -> Result<RequestRow, AppError> {
    Ok(RequestRow {
        id: row.try_get("id")?,
        tracking_code: row
            .try_get::<Option<String>, _>("tracking_code")?
            .unwrap_or_default(),
        applicant_id: row.try_get("applicant_id")?,
        status: status_of(&row.try_get::<String, _>("status")?)?,
        initial_result_at: row.try_get("initial_result_at")?,
        closed_at: row.try_get("closed_at")?,
        group_id: row.try_get("group_id")?,
        assignee_id: row.try_get("assignee_id")?,
        priority: priority_of(row.try_get("priority")?),
    })
}

pub async fn detail(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
) -> Result<RequestDetail, AppError> {
    // One query finds the request and everything shown about it; visibility is checked on it.
    let code = tracking::parse(code).map_err(|_| AppError::NotFound)?;
    let r = sqlx::query(AssertSqlSafe(format!(
        "SELECT {ROW_COLUMNS}, r.subject, r.description, r.created_at, r.updated_at, r.resolved_at, \
         r.rating, r.rating_comment, r.type_id, t.title AS type_title, t.initial_result_days, \
         r.fee_rials, r.pay_by, r.paid_at, \
         u.full_name AS applicant_name, u.login_key AS applicant_login, u.mobile AS applicant_mobile, \
         g.name AS group_name, a.full_name AS assignee_name, \
         m.tracking_code AS merged_into, rel.tracking_code AS related, {sla} \
         FROM requests r JOIN request_types t ON t.id = r.type_id JOIN users u ON u.id = r.applicant_id {sla_join} \
         LEFT JOIN staff_groups g ON g.id = r.group_id LEFT JOIN users a ON a.id = r.assignee_id \
         LEFT JOIN requests m ON m.id = r.merged_into_id LEFT JOIN requests rel ON rel.id = r.related_id \
         WHERE r.tracking_code = $1",
        sla = crate::server::sla::view::SLA_COLUMNS,
        sla_join = crate::server::sla::view::SLA_JOIN,
    )))
    .bind(code.as_str())
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let scope = staff_scope(&state.db, viewer).await?;
    let found = visible_row(&r, viewer, scope.as_ref())?;
    let staff = viewer.role.is_staff();
    // Applicants receive neither internal notes nor internal history: filtered here, in SQL.
    let internal_filter = if staff { "" } else { " AND m.internal = 0" };
    let messages = sqlx::query(AssertSqlSafe(format!(
        "SELECT m.id, m.author_side, m.body, m.is_initial_result, m.internal, m.created_at, u.full_name \
         FROM messages m JOIN users u ON u.id = m.author_id WHERE m.request_id = $1{internal_filter} \
         ORDER BY m.id"
    )))
    .bind(found.id)
    .fetch_all(&state.db.pool)
    .await?
    .iter()
    .map(|m| {
        let side = if m.try_get::<String, _>("author_side")? == "staff" {
            Side::Staff
        } else {
            Side::Applicant
        };
        Ok(MessageDto {
            id: m.try_get("id")?,
            side,
            author_name: m.try_get("full_name")?,
            body: m.try_get("body")?,
            is_initial_result: m.try_get::<i64, _>("is_initial_result")? == 1,
            internal: m.try_get::<i64, _>("internal")? == 1,
            created_at: m.try_get("created_at")?,
        })
    })
    .collect::<Result<Vec<_>, AppError>>()?;
    let history = history(state, found.id, staff).await?;
    let answers = catalog::answers_of(&state.db, found.id).await?;
    let attachments =
        crate::server::requests::files::list_for_request(&state.db, found.id, staff).await?;
    let type_id: i64 = r.try_get("type_id")?;
    let now = state.db.now_ms();
    let updated_at: i64 = r.try_get("updated_at")?;
    let seen_before = views::look(state, viewer.id, found.id, updated_at, now).await?;
    let actor = if staff {
        Actor::Staff
    } else {
        Actor::Applicant
    };
    let payment = crate::server::payments::flow::view_for(
        state,
        found.id,
        crate::server::payments::flow::FeeFacts {
            status: found.status,
            fee_rials: r.try_get("fee_rials")?,
            pay_by: r.try_get("pay_by")?,
            paid_at: r.try_get("paid_at")?,
        },
        viewer,
        !staff && found.applicant_id == viewer.id,
    )
    .await?;
    Ok(RequestDetail {
        payment,
        seen_before,
        tracking_code: found.tracking_code.clone(),
        subject: r.try_get("subject")?,
        description: r.try_get("description")?,
        type_title: r.try_get("type_title")?,
        status: found.status,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        initial_result_at: found.initial_result_at,
        initial_result_days: r.try_get("initial_result_days")?,
        applicant_name: r.try_get("applicant_name")?,
        messages,
        history,
        resolved_at: r.try_get("resolved_at")?,
        closed_at: found.closed_at,
        may_reopen: may_reopen(
            actor,
            found.status,
            found.closed_at,
            now,
            state.config.reopen_window_days,
        ),
        answers,
        attachments,
        rating: r.try_get("rating")?,
        rating_comment: r.try_get("rating_comment")?,
        merged_into: r.try_get("merged_into")?,
        related: r.try_get("related")?,
        sla: {
            use crate::server::sla::view::Which;
            use crate::server::sla::view::clock_view;
            let calendars = state.calendars.get();
            clock_view(&r, Which::Initial, &calendars, now)?.map(|initial| crate::wire::SlaView {
                initial,
                resolution: if staff {
                    clock_view(&r, Which::Resolution, &calendars, now)
                        .ok()
                        .flatten()
                } else {
                    None
                },
            })
        },
        staff: if staff {
            Some(StaffView {
                priority: found.priority,
                group_id: found.group_id,
                group_name: r.try_get("group_name")?,
                assignee_id: found.assignee_id,
                assignee_name: r.try_get("assignee_name")?,
                applicant_login: r.try_get("applicant_login")?,
                applicant_mobile: r.try_get("applicant_mobile")?,
                documents: catalog::documents_of(&state.db, type_id, "staff").await?,
                tags: crate::server::requests::staff_tools::tags_of(state, found.id).await?,
            })
        } else {
            None
        },
    })
}

/// The request's history, worded for the viewer; applicants get the public entries only.
async fn history(
    state: &AppState,
    request_id: i64,
    staff: bool,
) -> Result<Vec<HistoryEntry>, AppError> {
    let filter = if staff {
        String::new()
    } else {
        let kinds: Vec<String> = HistoryKind::ALL
            .iter()
            .filter(|k| k.shown_to_applicant())
            .map(|k| format!("'{}'", k.as_str()))
            .collect();
        format!(" AND h.internal = 0 AND h.kind IN ({})", kinds.join(", "))
    };
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT h.kind, h.from_value, h.to_value, h.reason, h.internal, h.at, u.full_name, u.role \
         FROM request_history h LEFT JOIN users u ON u.id = h.actor_id \
         WHERE h.request_id = $1{filter} ORDER BY h.id"
    )))
    .bind(request_id)
    .fetch_all(&state.db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for h in &rows {
        let Some(kind) = HistoryKind::parse(&h.try_get::<String, _>("kind")?) else {
            tracing::error!("unknown history kind in the database");
            continue;
        };
        let from: Option<String> = h.try_get("from_value")?;
        let to: Option<String> = h.try_get("to_value")?;
        out.push(HistoryEntry {
            kind,
            text: describe_fa(kind, from.as_deref(), to.as_deref(), !staff),
            actor_name: h.try_get("full_name")?,
            reason: h.try_get("reason")?,
            internal: h.try_get::<i64, _>("internal")? == 1,
            at: h.try_get("at")?,
        });
    }
    Ok(out)
}
