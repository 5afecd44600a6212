-- Tariffs from the annual budget tables (issue 14): what a request type costs one kind of
-- applicant in one Jalali fiscal year, from the day it takes effect. An amendment is a later
-- line of the same year; lines are never changed or removed, so the table is its own history.
-- Amounts are integer rials; zero is a line that makes the service free from its day.
-- effective_day is the Jalali date as yyyymmdd (14040701), ordered as the calendar is.
CREATE TABLE tariffs (
    id             INTEGER PRIMARY KEY,
    type_id        INTEGER NOT NULL REFERENCES request_types (id),
    applicant_kind TEXT NOT NULL,
    fiscal_year    INTEGER NOT NULL,
    effective_day  INTEGER NOT NULL,
    amount_rials   INTEGER NOT NULL CHECK (amount_rials >= 0),
    source         TEXT NOT NULL,
    created_by     INTEGER NOT NULL REFERENCES users (id),
    created_at     INTEGER NOT NULL,
    UNIQUE (type_id, applicant_kind, fiscal_year, effective_day)
);
