-- The whole lifecycle of a request: staff groups and assignment, priority, the append-only
-- history, internal notes, resolution, reopening, rating, merging and linked requests.

CREATE TABLE staff_groups (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    description TEXT    NOT NULL DEFAULT '',
    active      INTEGER NOT NULL DEFAULT 1,
    -- New requests of the group's types go round-robin to its available members.
    auto_assign INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);

-- Round-robin takes the available member who was given work longest ago.
CREATE TABLE group_members (
    group_id         INTEGER NOT NULL REFERENCES staff_groups (id),
    user_id          INTEGER NOT NULL REFERENCES users (id),
    last_assigned_at INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

-- Staff who are away (leave, off shift) get no automatic assignments.
ALTER TABLE users ADD COLUMN available INTEGER NOT NULL DEFAULT 1;

ALTER TABLE request_types ADD COLUMN group_id INTEGER REFERENCES staff_groups (id);

ALTER TABLE requests ADD COLUMN group_id INTEGER REFERENCES staff_groups (id);
ALTER TABLE requests ADD COLUMN assignee_id INTEGER REFERENCES users (id);
-- 0 low, 1 normal, 2 high, 3 urgent.
ALTER TABLE requests ADD COLUMN priority INTEGER NOT NULL DEFAULT 1;
ALTER TABLE requests ADD COLUMN resolved_at INTEGER;
ALTER TABLE requests ADD COLUMN closed_at INTEGER;
ALTER TABLE requests ADD COLUMN merged_into_id INTEGER REFERENCES requests (id);
ALTER TABLE requests ADD COLUMN related_id INTEGER REFERENCES requests (id);
ALTER TABLE requests ADD COLUMN rating INTEGER;
ALTER TABLE requests ADD COLUMN rating_comment TEXT;
ALTER TABLE requests ADD COLUMN rated_at INTEGER;
CREATE INDEX requests_assignee_status ON requests (assignee_id, status, id);
CREATE INDEX requests_group_status ON requests (group_id, status, id);

-- Internal notes live beside the conversation; applicants never receive them.
ALTER TABLE messages ADD COLUMN internal INTEGER NOT NULL DEFAULT 0;

-- Append-only: who did what, when, from what to what, and why. `internal` entries are for staff.
CREATE TABLE request_history (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests (id),
    actor_id   INTEGER REFERENCES users (id),
    kind       TEXT    NOT NULL,
    from_value TEXT,
    to_value   TEXT,
    reason     TEXT    NOT NULL DEFAULT '',
    internal   INTEGER NOT NULL DEFAULT 0,
    at         INTEGER NOT NULL
);
CREATE INDEX request_history_request ON request_history (request_id, id);

INSERT INTO request_history (request_id, actor_id, kind, from_value, to_value, reason, internal, at)
SELECT request_id, actor_id, 'status', from_status, to_status, '', 0, at FROM status_history ORDER BY id;
DROP TABLE status_history;

CREATE TRIGGER request_history_no_update BEFORE UPDATE ON request_history
BEGIN
    SELECT RAISE(ABORT, 'request_history is append-only');
END;
CREATE TRIGGER request_history_no_delete BEFORE DELETE ON request_history
BEGIN
    SELECT RAISE(ABORT, 'request_history is append-only');
END;

-- Events about internal work (notes, assignment) reach staff only.
ALTER TABLE events ADD COLUMN staff_only INTEGER NOT NULL DEFAULT 0;
