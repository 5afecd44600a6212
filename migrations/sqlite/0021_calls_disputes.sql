-- Calls (فراخوان) and disputes (issue 15).

-- A type is always open, or open only within its calls.
ALTER TABLE request_types ADD COLUMN intake TEXT NOT NULL DEFAULT 'always' CHECK (intake IN ('always', 'calls'));

-- A call opens intake for its types from starts_at (inclusive) to ends_at (exclusive), for the
-- applicant kinds listed (empty: every kind its types admit), to the first `capacity` requests.
-- `taken` counts the requests filed under it: the filing's one conditional UPDATE both checks
-- the window and the capacity and takes a place, so the boundary holds under any concurrency.
CREATE TABLE calls (
    id              INTEGER PRIMARY KEY,
    title           TEXT    NOT NULL,
    body            TEXT    NOT NULL DEFAULT '',
    starts_at       INTEGER NOT NULL,
    ends_at         INTEGER NOT NULL,
    applicant_kinds TEXT    NOT NULL DEFAULT '',
    capacity        INTEGER CHECK (capacity IS NULL OR capacity > 0),
    taken           INTEGER NOT NULL DEFAULT 0,
    -- When the end passed and its consequences ran (unpaid requests cancelled, watchers told).
    ended_done_at   INTEGER,
    created_by      INTEGER REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (capacity IS NULL OR taken <= capacity)
);
CREATE INDEX calls_ends ON calls (ends_at);
CREATE INDEX calls_starts ON calls (starts_at);
CREATE INDEX calls_to_end ON calls (ends_at) WHERE ended_done_at IS NULL;

CREATE TABLE call_types (
    call_id INTEGER NOT NULL REFERENCES calls (id),
    type_id INTEGER NOT NULL REFERENCES request_types (id),
    PRIMARY KEY (call_id, type_id)
);
CREATE INDEX call_types_type ON call_types (type_id, call_id);

-- Every change to a call, with its reason: append-only.
CREATE TABLE call_audit (
    id         INTEGER PRIMARY KEY,
    call_id    INTEGER NOT NULL REFERENCES calls (id),
    actor_id   INTEGER REFERENCES users (id),
    action     TEXT    NOT NULL CHECK (action IN ('created', 'edited', 'extended', 'closed')),
    from_value TEXT,
    to_value   TEXT,
    reason     TEXT    NOT NULL DEFAULT '',
    at         INTEGER NOT NULL
);
CREATE INDEX call_audit_call ON call_audit (call_id, id);
CREATE TRIGGER call_audit_no_update BEFORE UPDATE ON call_audit
BEGIN
    SELECT RAISE(ABORT, 'call_audit is append-only');
END;
CREATE TRIGGER call_audit_no_delete BEFORE DELETE ON call_audit
BEGIN
    SELECT RAISE(ABORT, 'call_audit is append-only');
END;

-- Applicants waiting for a type to open: told once (notified_at), then the row stays as a record.
CREATE TABLE call_watchers (
    user_id     INTEGER NOT NULL REFERENCES users (id),
    type_id     INTEGER NOT NULL REFERENCES request_types (id),
    created_at  INTEGER NOT NULL,
    notified_at INTEGER,
    PRIMARY KEY (user_id, type_id)
);
CREATE INDEX call_watchers_waiting ON call_watchers (type_id) WHERE notified_at IS NULL;

-- The call a request was filed under (none for an always-open type).
ALTER TABLE requests ADD COLUMN call_id INTEGER REFERENCES calls (id);
CREATE INDEX requests_call ON requests (call_id, id) WHERE call_id IS NOT NULL;

-- A dispute about a request that was answered, resolved or closed: at most one per request.
-- Handled by a supervisor of the request's group, never the agent whose answer is disputed.
CREATE TABLE disputes (
    id                  INTEGER PRIMARY KEY,
    request_id          INTEGER NOT NULL UNIQUE REFERENCES requests (id),
    applicant_id        INTEGER NOT NULL REFERENCES users (id),
    group_id            INTEGER REFERENCES staff_groups (id),
    disputed_agent_id   INTEGER REFERENCES users (id),
    handler_id          INTEGER REFERENCES users (id),
    subject             TEXT    NOT NULL CHECK (subject IN ('interpretation', 'execution')),
    reasons             TEXT    NOT NULL,
    state               TEXT    NOT NULL CHECK (state IN ('open', 'negotiating', 'settled', 'final_view')),
    filed_at            INTEGER NOT NULL,
    negotiation_ends_at INTEGER NOT NULL,
    proposal_id         INTEGER,
    settled_at          INTEGER,
    final_at            INTEGER,
    final_view          TEXT,
    reminded_week_at    INTEGER,
    reminded_day_at     INTEGER,
    overdue_at          INTEGER,
    updated_at          INTEGER NOT NULL
);
-- The deadline job's worklist: disputes still negotiating, by their month's end.
CREATE INDEX disputes_deadline ON disputes (negotiation_ends_at) WHERE state IN ('open', 'negotiating');
CREATE INDEX disputes_filed ON disputes (filed_at);
CREATE INDEX disputes_group ON disputes (group_id, state);

-- A dispute's own thread: messages of both sides, staff notes (internal), proposals.
CREATE TABLE dispute_messages (
    id          INTEGER PRIMARY KEY,
    dispute_id  INTEGER NOT NULL REFERENCES disputes (id),
    author_id   INTEGER NOT NULL REFERENCES users (id),
    author_side TEXT    NOT NULL CHECK (author_side IN ('applicant', 'staff')),
    body        TEXT    NOT NULL,
    internal    INTEGER NOT NULL DEFAULT 0,
    proposal    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);
CREATE INDEX dispute_messages_dispute ON dispute_messages (dispute_id, id);
