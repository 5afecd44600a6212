-- A second factor for staff: a TOTP authenticator (RFC 6238) with one-use recovery codes, a
-- sign-in that waits between the first factor and the second, and an audit trail of what
-- admins do to other accounts.

-- The authenticator's secret (base32) once enrolled, and the last time step accepted, so a code
-- is never accepted twice.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enrolled_at INTEGER;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

-- Recovery codes: shown once, kept hashed, each used at most once.
CREATE TABLE recovery_codes (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL REFERENCES users (id),
    code_hash TEXT    NOT NULL,
    used_at   INTEGER
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- An authenticator being set up: its secret and the recovery codes to show with it, until a
-- first code from it confirms it. Each setup belongs to the browser doing it (the hash of its
-- waiting sign-in's or its session's token), so nobody else's setup can be slipped in.
CREATE TABLE totp_enrolments (
    holder_hash    TEXT    NOT NULL PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users (id),
    secret         TEXT    NOT NULL,
    recovery_codes TEXT    NOT NULL,
    attempts       INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL
);
CREATE INDEX totp_enrolments_user ON totp_enrolments (user_id);

-- A sign-in whose first factor (password or SMS code) was right and which waits for the second
-- (or for the authenticator to be set up). The browser holds the token; the table its hash.
CREATE TABLE pending_sign_ins (
    token_hash   TEXT    NOT NULL PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    first_factor TEXT    NOT NULL,
    next_page    TEXT,
    attempts     INTEGER NOT NULL DEFAULT 0,
    expires_at   INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX pending_sign_ins_expires ON pending_sign_ins (expires_at);

-- What admins (and staff, for themselves) did to accounts: append-only.
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    at             INTEGER NOT NULL,
    actor_id       INTEGER REFERENCES users (id),
    action         TEXT    NOT NULL,
    target_user_id INTEGER REFERENCES users (id),
    detail         TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_target ON audit_log (target_user_id, id);
