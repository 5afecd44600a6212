-- Foundation schema (SQLite). Instants are UTC unix milliseconds; flags are 0/1 integers so the
-- same queries and Rust types work on SQLite and PostgreSQL through sqlx's Any driver.

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    role           TEXT    NOT NULL CHECK (role IN ('applicant', 'agent', 'supervisor', 'admin')),
    applicant_kind TEXT    CHECK (applicant_kind IN ('student', 'graduate', 'institution')),
    id_kind        TEXT    NOT NULL CHECK (id_kind IN ('national_code', 'legal_id', 'foreign_id')),
    login_key      TEXT    NOT NULL UNIQUE,
    full_name      TEXT    NOT NULL,
    mobile         TEXT    UNIQUE,
    email          TEXT,
    password_hash  TEXT    NOT NULL,
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL
);

CREATE TABLE request_types (
    id                  INTEGER PRIMARY KEY,
    code                TEXT    NOT NULL UNIQUE,
    title               TEXT    NOT NULL,
    description         TEXT    NOT NULL DEFAULT '',
    applicant_kinds     TEXT    NOT NULL DEFAULT 'student,graduate,institution',
    initial_result_days INTEGER NOT NULL,
    active              INTEGER NOT NULL DEFAULT 1,
    sort_order          INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE requests (
    id                INTEGER PRIMARY KEY,
    tracking_code     TEXT    UNIQUE,
    applicant_id      INTEGER NOT NULL REFERENCES users (id),
    type_id           INTEGER NOT NULL REFERENCES request_types (id),
    subject           TEXT    NOT NULL,
    description       TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    initial_result_at INTEGER
);
CREATE INDEX requests_applicant ON requests (applicant_id, id);
CREATE INDEX requests_status ON requests (status, id);
CREATE INDEX requests_type_status ON requests (type_id, status, id);

CREATE TABLE messages (
    id                INTEGER PRIMARY KEY,
    request_id        INTEGER NOT NULL REFERENCES requests (id),
    author_id         INTEGER NOT NULL REFERENCES users (id),
    author_side       TEXT    NOT NULL CHECK (author_side IN ('applicant', 'staff')),
    body              TEXT    NOT NULL,
    is_initial_result INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL
);
CREATE INDEX messages_request ON messages (request_id, id);

CREATE TABLE status_history (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests (id),
    actor_id    INTEGER REFERENCES users (id),
    from_status TEXT,
    to_status   TEXT    NOT NULL,
    at          INTEGER NOT NULL
);
CREATE INDEX status_history_request ON status_history (request_id, id);

CREATE TABLE sessions (
    token_hash   TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
    id    INTEGER PRIMARY KEY,
    scope TEXT    NOT NULL,
    key   TEXT    NOT NULL,
    at    INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (scope, key, at);

-- AUTOINCREMENT: ids must never be reused after pruning, or reconnecting browsers would skip
-- new events as already seen.
CREATE TABLE events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT    NOT NULL,
    request_id   INTEGER NOT NULL,
    applicant_id INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX events_applicant ON events (applicant_id, id);
CREATE INDEX events_created ON events (created_at);
