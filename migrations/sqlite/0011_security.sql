-- Limits on tries, sends and sign-ups: one counter row per (scope, key), checked and advanced by
-- one atomic statement (see server::throttle). Replaces the rows-per-attempt table, whose
-- count-then-insert held only where SQLite serialises writers.
CREATE TABLE throttles (
    scope        TEXT    NOT NULL,
    key          TEXT    NOT NULL,
    window_start INTEGER NOT NULL,
    hits         INTEGER NOT NULL,
    prev_hits    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, key)
) WITHOUT ROWID;
CREATE INDEX throttles_window ON throttles (window_start);

DROP TABLE login_failures;

-- Browsers an account has signed in from before (a long-lived random cookie; the table keeps
-- its hash). Failed passwords from such a browser count against that browser alone, so a
-- stranger's wrong guesses never lock the owner out of the account.
CREATE TABLE trusted_devices (
    token_hash   TEXT    NOT NULL PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL
);
CREATE INDEX trusted_devices_user ON trusted_devices (user_id);
CREATE INDEX trusted_devices_used ON trusted_devices (last_used_at);

-- The outcome of a plain form post (no JavaScript) that failed, kept for the page it returns
-- to: the error the server function gave, held here rather than in the address, where anyone
-- could write one into a link. Read once, through a short-lived cookie holding the token.
CREATE TABLE form_flash (
    token_hash  TEXT    NOT NULL PRIMARY KEY,
    page_path   TEXT    NOT NULL,
    action_path TEXT    NOT NULL,
    error       TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX form_flash_created ON form_flash (created_at);

-- Registrations waiting for their mobile to be proven by a code (an account exists only once
-- it is): the form as validated, the password already hashed, and the code's hash and tries.
-- The browser holds the token (a cookie); the table keeps its hash.
CREATE TABLE pending_signups (
    id             INTEGER PRIMARY KEY,
    token_hash     TEXT    NOT NULL UNIQUE,
    applicant_kind TEXT    NOT NULL,
    id_kind        TEXT    NOT NULL,
    login_key      TEXT    NOT NULL,
    full_name      TEXT    NOT NULL,
    mobile         TEXT    NOT NULL,
    email          TEXT,
    password_hash  TEXT    NOT NULL,
    code_hash      TEXT    NOT NULL,
    attempts       INTEGER NOT NULL DEFAULT 0,
    expires_at     INTEGER NOT NULL,
    used_at        INTEGER,
    created_at     INTEGER NOT NULL
);
CREATE INDEX pending_signups_created ON pending_signups (created_at);

-- Messages carrying one-time codes, for wiping the codes once they are of no use.
CREATE INDEX outbox_codes ON outbox (created_at) WHERE kind = 'otp';

-- The request's group and assignee when the event happened: staff streams deliver only the
-- events of requests within the staff member's scope.
ALTER TABLE events ADD COLUMN group_id INTEGER;
ALTER TABLE events ADD COLUMN assignee_id INTEGER;
