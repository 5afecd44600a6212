//! What crosses the wire between the server functions and the pages.

use serde::{Deserialize, Serialize};

use crate::domain::account::{ApplicantKind, Role};
use crate::domain::fields::{FieldDef, FieldKind};
use crate::domain::files::FileKind;
use crate::domain::history::HistoryKind;
use crate::domain::request::Priority;
use crate::domain::request_status::RequestStatus;

/// The signed-in account as pages see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: i64,
    pub role: Role,
    pub full_name: String,
    pub applicant_kind: Option<ApplicantKind>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestTypeDto {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub initial_result_days: i64,
    pub applicant_kinds: Vec<ApplicantKind>,
    /// Whether it takes requests now, for the person asking (see `domain::call::status`).
    pub intake: IntakeDto,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestSummary {
    pub tracking_code: String,
    pub subject: String,
    pub type_title: String,
    pub status: RequestStatus,
    pub created_at: i64,
    pub updated_at: i64,
    /// Changed since the person listing it last looked (see `domain::request::is_new`).
    pub new_activity: bool,
    pub priority: Priority,
    /// Filled for staff only.
    pub applicant_name: Option<String>,
    /// Filled for staff only.
    pub assignee_name: Option<String>,
    /// The initial-result clock, when the request has an SLA policy.
    pub sla: Option<ClockView>,
}

/// One SLA clock as shown, as of when the page was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockView {
    pub state: crate::domain::sla::ClockState,
    /// Working minutes counted so far (or until the clock stopped).
    pub elapsed_min: i64,
    /// The target in working minutes.
    pub target_min: i64,
    /// When the target falls due if the clock keeps counting (none while paused or once met).
    pub due_at: Option<i64>,
    /// Working minutes left; negative once past due; none once the clock stopped.
    pub remaining_min: Option<i64>,
    /// Working minutes in a day under the request's policy, to say "2 days 3 hours".
    pub day_minutes: i64,
}

/// The working calendar as admins edit it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarAdmin {
    /// Saturday first.
    pub weekdays: Vec<WeekdayHours>,
    /// Newest first.
    pub closures: Vec<ClosureDto>,
    /// This Jalali year and the next, if no official holiday is entered for them yet.
    pub years_without_holidays: Vec<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekdayHours {
    pub weekday: u8,
    pub name: String,
    /// `08:00`, empty on a day off.
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosureDto {
    pub id: i64,
    /// `1404/01/01`.
    pub jalali: String,
    pub reason: String,
    /// An official holiday (else an ad-hoc closure).
    pub official: bool,
    /// Closed for this group only.
    pub group_name: Option<String>,
}

/// Both clocks of a request: the initial result (what the agreement promises) and, for staff,
/// the resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaView {
    pub initial: ClockView,
    pub resolution: Option<ClockView>,
}

/// One page of a keyset-paginated list; `next` is the cursor of the following page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Side {
    Applicant,
    Staff,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageDto {
    pub id: i64,
    pub side: Side,
    pub author_name: String,
    pub body: String,
    pub is_initial_result: bool,
    /// An internal note (only ever sent to staff).
    pub internal: bool,
    pub created_at: i64,
}

/// One line of a request's timeline, already worded for whoever reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub kind: HistoryKind,
    pub text: String,
    /// Who did it; `None` for the system.
    pub actor_name: Option<String>,
    pub reason: String,
    pub internal: bool,
    pub at: i64,
}

/// What staff see of a request beyond what the applicant sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    pub priority: Priority,
    pub group_id: Option<i64>,
    pub group_name: Option<String>,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub applicant_login: String,
    pub applicant_mobile: Option<String>,
    /// Workflow documents and instructions of the request's type.
    pub documents: Vec<DocumentDto>,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestDetail {
    /// When the person reading it had opened it before (what came after is new to them).
    pub seen_before: Option<i64>,
    pub tracking_code: String,
    pub subject: String,
    pub description: String,
    pub type_title: String,
    pub status: RequestStatus,
    pub created_at: i64,
    pub updated_at: i64,
    pub initial_result_at: Option<i64>,
    pub initial_result_days: i64,
    pub applicant_name: String,
    pub messages: Vec<MessageDto>,
    pub history: Vec<HistoryEntry>,
    /// The service form's answers, as filed.
    pub answers: Vec<AnswerDto>,
    /// Files the viewer may see (internal ones for staff only).
    pub attachments: Vec<AttachmentDto>,
    pub resolved_at: Option<i64>,
    pub closed_at: Option<i64>,
    /// Whether the viewer may reopen it now (the applicant only within the window).
    pub may_reopen: bool,
    pub rating: Option<i64>,
    pub rating_comment: Option<String>,
    /// Tracking code of the request this one was merged into.
    pub merged_into: Option<String>,
    /// Tracking code of the earlier request this one follows up.
    pub related: Option<String>,
    /// Filled for staff only.
    pub staff: Option<StaffView>,
    /// The SLA clocks (the applicant sees the initial-result clock only).
    pub sla: Option<SlaView>,
    /// The fee and its payments, for a fee-bearing request.
    pub payment: Option<PaymentView>,
}

impl RequestDetail {
    /// The newest message id on the page: a reply form sends it so the server can tell when
    /// someone else answered meanwhile.
    pub fn last_message_id(&self) -> i64 {
        self.messages.iter().map(|m| m.id).max().unwrap_or(0)
    }
}

/// A staff member, for assignment choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: i64,
    pub full_name: String,
    pub available: bool,
    pub group_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupDto {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub active: bool,
    pub auto_assign: bool,
}

/// Groups and staff, for the assignment and transfer controls.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffDirectory {
    pub groups: Vec<GroupDto>,
    pub members: Vec<StaffMember>,
}

/// What the staff queue is filtered by.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueFilter {
    /// 0 or absent: every type.
    pub type_id: Option<i64>,
    /// "open" (default), a status's stored name, or "all".
    pub status: Option<String>,
    /// 0 or absent: every group.
    pub group_id: Option<i64>,
    /// "me", "none" (unassigned), a staff id, or absent/"any".
    pub assignee: Option<String>,
    /// `Priority::as_i64` as text, or absent.
    pub priority: Option<String>,
    /// A search: subject, description, replies, notes, answers, tracking/national code, mobile.
    pub q: Option<String>,
    /// A tag's name.
    pub tag: Option<String>,
    /// "due": requests whose initial-result clock counts, the soonest due (or most overdue)
    /// first; "newest": newest first; otherwise oldest first.
    pub sort: Option<String>,
    /// "at_risk" or "breached": requests with a clock in that state.
    pub sla: Option<String>,
}

/// The requests before and after one in the queue (tracking codes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Neighbours {
    pub previous: Option<String>,
    pub next: Option<String>,
}

/// The staff queue's views: how many open requests each holds for the viewer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueViews {
    pub open: i64,
    pub mine: i64,
    pub unassigned: i64,
    pub at_risk: i64,
    pub breached: i64,
    pub waiting: i64,
}

/// The queue's counts: the views', and how many requests the current filters find (counted
/// up to `cap`; more reads as "more than").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueCounts {
    pub views: QueueViews,
    pub matching: i64,
    pub cap: i64,
}

/// A file attached to a request, a reply or a file field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentDto {
    pub id: i64,
    pub message_id: Option<i64>,
    pub field_id: Option<i64>,
    pub file_name: String,
    pub kind: FileKind,
    pub size: i64,
    pub internal: bool,
}

/// An answer filed with a request, with the label it had when it was filed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerDto {
    pub field_id: i64,
    pub label: String,
    pub kind: FieldKind,
    /// Ready to show (Persian digits, 09… mobiles); empty for file fields.
    pub value: String,
}

/// A guide file or staff document of a request type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentDto {
    pub id: i64,
    pub title: String,
    pub file_name: String,
    pub kind: FileKind,
    pub size: i64,
}

/// What the applicant's form for one request type needs: its fields and guide files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeForm {
    pub type_id: i64,
    pub title: String,
    pub description: String,
    pub fields: Vec<FieldDef>,
    pub guides: Vec<DocumentDto>,
    /// What filing costs the signed-in applicant today; `None`: free (or nobody to charge).
    pub fee: Option<FeeDto>,
    pub intake: IntakeDto,
}

/// One line of a type's tariffs, as the admin's page shows it (texts already in Persian).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TariffDto {
    pub id: i64,
    /// `student`, `graduate` or `institution`.
    pub applicant_kind: String,
    pub kind_label: String,
    pub fiscal_year: String,
    /// The first day it applies, «۱۴۰۴/۰۷/۰۱».
    pub effective_from: String,
    pub amount_rials: i64,
    /// «۱۵۰٬۰۰۰ ریال», or «رایگان».
    pub amount_figure: String,
    pub amount_tomans: String,
    pub amount_words: String,
    /// The budget table and row.
    pub source: String,
    /// The line charged today for its kind of applicant.
    pub in_force: bool,
}

/// A fee as people read it (texts already in Persian).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeDto {
    pub amount_rials: i64,
    /// «۱۵۰٬۰۰۰ ریال».
    pub figure: String,
    /// «۱۵٬۰۰۰ تومان».
    pub tomans: String,
    /// «یکصد و پنجاه هزار ریال».
    pub words: String,
    /// The budget table and row it comes from (empty when kept on a request).
    pub source: String,
}

/// One attempt to pay, as the request page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentDto {
    pub id: i64,
    pub state: crate::domain::payment::PaymentState,
    pub state_label: String,
    pub gateway_label: String,
    pub amount_figure: String,
    pub created_at: i64,
    pub settled_at: Option<i64>,
    pub reference: Option<String>,
    /// Why it failed, in the payer's words; with the line on money coming back when some may
    /// have left their account.
    pub failure: Option<String>,
    pub money_returns: bool,
}

/// The payment part of a fee-bearing request's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    /// The fee kept from the tariff in force when it was filed.
    pub fee: FeeDto,
    /// When it is cancelled unless paid, «۱۴۰۵/۰۹/۱۵ ساعت ۱۰:۳۰».
    pub pay_by: Option<String>,
    pub paid_at: Option<i64>,
    /// Newest first.
    pub attempts: Vec<PaymentDto>,
    /// Whether the viewer may start a payment now (the applicant, awaiting payment, nothing in
    /// flight that is still being verified).
    pub may_pay: bool,
    /// An attempt is with the gateway or being verified.
    pub in_flight: bool,
    /// The viewer is an admin and the fee is paid: it may be given back.
    pub may_refund: bool,
}

/// A printable receipt (texts already in Persian).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptDto {
    pub tracking_code: String,
    pub type_title: String,
    pub applicant_name: String,
    pub amount: FeeDto,
    pub paid_at: i64,
    pub gateway_label: String,
    pub reference: String,
    pub trace: Option<String>,
    pub card_mask: Option<String>,
    pub state_label: String,
}

/// One line of the finance report (amounts already written out, and in rials for sums).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinanceLine {
    /// «آذر ۱۴۰۵» (empty on the totals and pending lines).
    pub month: String,
    pub type_title: String,
    pub gateway: String,
    pub paid: i64,
    pub paid_rials: i64,
    pub paid_sum: String,
    pub refunded: i64,
    pub refunded_rials: i64,
    pub refunded_sum: String,
    pub net_sum: String,
    pub failed: i64,
    /// Attempts with the gateway now.
    pub pending: i64,
}

/// A payment the finance office should look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinanceException {
    pub tracking_code: String,
    pub gateway: String,
    pub amount: String,
    pub at: i64,
    /// What happened, in Persian.
    pub what: String,
    /// The gateway's id of the attempt (to look it up in the gateway's panel).
    pub authority: String,
    pub reference: Option<String>,
}

/// The finance report of a Jalali year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinanceReport {
    pub year: i32,
    pub year_label: String,
    pub lines: Vec<FinanceLine>,
    pub total: FinanceLine,
    pub pending: Vec<FinanceLine>,
    pub exceptions: Vec<FinanceException>,
}

/// A request type in the admin's list and editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeAdmin {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub applicant_kinds: Vec<ApplicantKind>,
    pub group_id: Option<i64>,
    pub initial_result_days: i64,
    pub active: bool,
    /// Active fields, in order.
    pub fields: Vec<FieldDef>,
    pub guides: Vec<DocumentDto>,
    pub staff_documents: Vec<DocumentDto>,
    /// SLA policy versions, newest first.
    pub policies: Vec<PolicyDto>,
}

/// A saved answer staff can insert into a reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CannedDto {
    pub id: i64,
    pub title: String,
    pub body: String,
    /// `None`: for every group.
    pub group_id: Option<i64>,
}

/// A named queue filter of one staff member: the query string of the queue page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedFilterDto {
    pub id: i64,
    pub name: String,
    pub query: String,
}

/// Another staff member who has the same request open right now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresenceDto {
    pub user_id: i64,
    pub full_name: String,
}

/// SLA figures of a set of requests (a type in a month, an agent, a group). Times are working
/// minutes to the initial result, over the requests that have one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaFigures {
    /// Requests with an initial result.
    pub results: i64,
    /// Requests still waiting for one (their clock counting or paused).
    pub waiting: i64,
    pub avg_min: Option<i64>,
    pub median_min: Option<i64>,
    pub p90_min: Option<i64>,
    /// Results given within the target.
    pub within: i64,
    /// Results given late, plus requests still waiting past their due time.
    pub breaches: i64,
}

impl SlaFigures {
    /// Share of the results given within the target, in whole percent.
    pub fn within_percent(&self) -> Option<i64> {
        (self.results > 0).then(|| (self.within * 100 + self.results / 2) / self.results)
    }
}

/// One request type in one Jalali month, under one policy version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaTypeMonth {
    /// `year * 12 + month - 1`.
    pub month: i64,
    pub month_label: String,
    pub type_id: i64,
    pub type_title: String,
    pub policy_version: i64,
    pub target_min: i64,
    pub day_minutes: i64,
    pub figures: SlaFigures,
}

/// An agent's or a group's results in a month, and their open requests now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaOwnerRow {
    /// None: unassigned (no agent, or no group).
    pub id: Option<i64>,
    pub name: String,
    pub figures: SlaFigures,
    pub now: SlaNow,
}

/// Open requests now: how many, how many at risk, how many past a due time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaNow {
    pub open: i64,
    pub at_risk: i64,
    pub breached: i64,
}

/// A request type's open requests now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaBacklogRow {
    pub type_id: i64,
    pub type_title: String,
    pub now: SlaNow,
}

/// A chart drawn on the server: its title and the SVG markup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartSvg {
    pub title: String,
    pub svg: String,
}

/// The supervisors' SLA dashboard: twelve Jalali months ending at `month`, per type; the
/// agents and groups in `month`; what is open now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaDashboard {
    pub month: i64,
    pub month_label: String,
    /// Months that can be chosen (newest first): key and label.
    pub months: Vec<(i64, String)>,
    pub by_type_month: Vec<SlaTypeMonth>,
    pub agents: Vec<SlaOwnerRow>,
    pub groups: Vec<SlaOwnerRow>,
    pub backlog: Vec<SlaBacklogRow>,
    pub total_now: SlaNow,
    pub charts: Vec<ChartSvg>,
    /// The calls running in the twelve months, with their requests' initial results.
    pub calls: Vec<SlaCallRow>,
    /// The disputes filed in the twelve months, and those overdue now.
    pub disputes: DisputeReport,
    pub generated_at: i64,
}

/// The public SLA page: per request type, the promise and what was delivered month by month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaPublic {
    pub types: Vec<SlaPublicType>,
    /// The months shown, oldest first: key and label.
    pub months: Vec<(i64, String)>,
    pub chart: ChartSvg,
    pub generated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaPublicType {
    pub type_id: i64,
    pub title: String,
    /// The current promise, in working minutes, and a working day's length.
    pub target_min: i64,
    pub day_minutes: i64,
    /// One entry per month shown, oldest first.
    pub months: Vec<SlaFigures>,
    /// Its disputes filed in the months shown, and how they stand.
    pub disputes: DisputeCounts,
}

/// A version of a request type's SLA policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyDto {
    pub version: i64,
    pub unit: String,
    pub initial_minutes: i64,
    pub resolution_minutes: i64,
    pub day_minutes: i64,
    pub warn_percent: i64,
    pub created_at: i64,
}

/// An authenticator being set up, as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorSetup {
    /// The QR code, an SVG drawn on the server.
    pub qr_svg: String,
    /// The secret in base32, for typing in by hand (groups of four).
    pub secret: String,
    pub recovery_codes: Vec<String>,
    /// Part of a sign-in (the account must set it up), or from the account page.
    pub signing_in: bool,
}

/// A staff account on the admins' staff page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAccount {
    pub id: i64,
    pub full_name: String,
    pub login_key: String,
    pub role: Role,
    pub active: bool,
    pub second_factor: bool,
}

/// One line of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub actor: Option<String>,
    pub action: String,
    pub target: Option<String>,
    pub detail: String,
}

/// The staff page: the accounts and the latest of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAdmin {
    pub accounts: Vec<StaffAccount>,
    pub audit: Vec<AuditEntry>,
}

/// What a failed plain form post (no JavaScript) held, sent back with its page so the form
/// comes back as it was typed: its text fields (never passwords or codes) in order, and the
/// names of the files that were chosen (a browser cannot be given a file back, so the page
/// names them to be chosen again).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormEcho {
    pub fields: Vec<(String, String)>,
    pub files: Vec<String>,
}

impl FormEcho {
    /// The first value typed for `name`.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name` (check boxes and multiple choices send several).
    pub fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Where a person is reached: the two contacts an account changes with a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContactChannel {
    Mobile,
    Email,
}

impl ContactChannel {
    pub fn as_str(self) -> &'static str {
        match self {
            ContactChannel::Mobile => "mobile",
            ContactChannel::Email => "email",
        }
    }

    pub fn parse(s: &str) -> Option<ContactChannel> {
        match s {
            "mobile" => Some(ContactChannel::Mobile),
            "email" => Some(ContactChannel::Email),
            _ => None,
        }
    }
}

/// The signed-in account's contacts and notice choices, as its settings page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountContact {
    /// As people write it (Persian digits).
    pub mobile: Option<String>,
    pub email: Option<String>,
    /// Notices by e-mail: only ever true with an address on file.
    pub by_email: bool,
    pub by_sms: bool,
    /// A new mobile or address waiting for the code sent to it.
    pub pending_mobile: Option<String>,
    pub pending_email: Option<String>,
}

/// The server's limits on the files of one post, for the page to check before sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileLimits {
    pub max_file_bytes: u64,
    /// The files of one request (or one post) together.
    pub max_total_bytes: u64,
    pub max_files: usize,
}

impl Default for FileLimits {
    /// The limits the server starts with unless configured otherwise.
    fn default() -> Self {
        FileLimits {
            max_file_bytes: 10 * 1024 * 1024,
            max_total_bytes: 30 * 1024 * 1024,
            max_files: 10,
        }
    }
}

/// A type's intake for the person asking: its state and the call it speaks of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeDto {
    pub status: crate::domain::call::IntakeStatus,
    /// The title of the call open now or opening next.
    pub call_title: Option<String>,
    /// The applicant asked to be told when it opens and has not been told yet.
    pub watching: bool,
}

/// A call as everyone may read it (the public `/calls` page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallDto {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub starts_at: i64,
    pub ends_at: i64,
    /// Empty: every kind its services admit.
    pub kinds: Vec<ApplicantKind>,
    pub capacity: Option<i64>,
    pub taken: i64,
    /// Taking requests now (by the server's clock).
    pub open: bool,
    /// Over (by the server's clock).
    pub ended: bool,
    /// Its services: id and title.
    pub types: Vec<(i64, String)>,
}

/// One line of a call's audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallAuditDto {
    /// `created`, `extended` or `closed`.
    pub action: String,
    /// The end before and after the change (ms).
    pub from_end: Option<i64>,
    pub to_end: Option<i64>,
    pub reason: String,
    pub actor_name: Option<String>,
    pub at: i64,
}

/// A call on the admins' page: its terms and its trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallAdminDto {
    pub call: CallDto,
    pub audit: Vec<CallAuditDto>,
}

/// A type's intake setting on the admins' page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeIntakeDto {
    pub id: i64,
    pub title: String,
    pub intake: crate::domain::call::Intake,
}

/// The admins' calls page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallsAdmin {
    /// Newest first.
    pub calls: Vec<CallAdminDto>,
    pub types: Vec<TypeIntakeDto>,
}

/// One entry of a dispute's thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeMessageDto {
    pub id: i64,
    pub side: Side,
    pub author_name: String,
    pub body: String,
    /// A staff note: never sent to the applicant.
    pub internal: bool,
    /// A settlement proposal the applicant may accept.
    pub proposal: bool,
    pub created_at: i64,
    pub files: Vec<AttachmentDto>,
}

/// A request's dispute as the person asking may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeDto {
    pub subject: crate::domain::dispute::Subject,
    pub reasons: String,
    /// Filed with the reasons.
    pub files: Vec<AttachmentDto>,
    pub state: crate::domain::dispute::DisputeState,
    pub filed_at: i64,
    /// The instant the month of negotiation ends (exclusive).
    pub negotiation_ends_at: i64,
    /// Days left counting today (0 once over), by the server's clock.
    pub days_left: i64,
    pub month_over: bool,
    pub handler_name: Option<String>,
    pub messages: Vec<DisputeMessageDto>,
    /// The standing proposal (the latest), which the applicant may accept.
    pub proposal_id: Option<i64>,
    /// The proposal accepted, once settled.
    pub accepted_id: Option<i64>,
    pub settled_at: Option<i64>,
    pub final_view: Option<String>,
    pub final_at: Option<i64>,
    /// The month passed without settlement or a final view (flagged to admins).
    pub overdue: bool,
}

/// The dispute part of a request's page: the dispute if any, and what the viewer may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputePanel {
    pub dispute: Option<DisputeDto>,
    /// The applicant may raise one now (until `raise_until` when the request is closed).
    pub may_raise: bool,
    pub raise_until: Option<i64>,
    /// Days after closing within which a closed request may be disputed.
    pub window_days: i64,
    /// The viewer handles it for the provider (a supervisor of the request's group, not the
    /// agent whose answer is disputed).
    pub may_handle: bool,
}

/// A call on the SLA dashboard: the requests filed under it and their initial results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaCallRow {
    pub call_id: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub requests: i64,
    pub figures: SlaFigures,
}

/// How many disputes were filed and how they stand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeCounts {
    pub filed: i64,
    /// Settled by agreement.
    pub settled: i64,
    /// Closed by the provider's final view.
    pub final_view: i64,
    /// Still in negotiation (or waiting for the final view).
    pub open: i64,
}

/// The disputes of a request type filed in a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeMonthRow {
    pub month: i64,
    pub month_label: String,
    pub type_id: i64,
    pub type_title: String,
    pub counts: DisputeCounts,
    /// Average whole days from filing to settlement or final view, of those that ended.
    pub avg_days_to_outcome: Option<i64>,
}

/// A dispute whose month passed without settlement or a final view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeOverdueRow {
    pub tracking_code: String,
    pub type_title: String,
    /// When its month of negotiation ended.
    pub ended_at: i64,
}

/// The disputes on the SLA dashboard.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeReport {
    /// Oldest month first, types in id order.
    pub rows: Vec<DisputeMonthRow>,
    pub overdue: Vec<DisputeOverdueRow>,
    pub open_now: i64,
}
