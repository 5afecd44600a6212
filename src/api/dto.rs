//! What crosses the wire between the server functions and the pages.

use serde::{Deserialize, Serialize};

use crate::domain::account::{ApplicantKind, Role};
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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestSummary {
    pub tracking_code: String,
    pub subject: String,
    pub type_title: String,
    pub status: RequestStatus,
    pub created_at: i64,
    pub updated_at: i64,
    /// Filled for staff only.
    pub applicant_name: Option<String>,
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
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestDetail {
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
}

/// What the staff queue is filtered by.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueFilter {
    /// 0 or absent: every type.
    pub type_id: Option<i64>,
    /// "open" (default), a status's stored name, or "all".
    pub status: Option<String>,
}
