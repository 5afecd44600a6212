-- Staff tools: canned responses, tags, saved queue filters, and who has a request open.

CREATE TABLE canned_responses (
    id         INTEGER PRIMARY KEY,
    title      TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    -- NULL: for every group.
    group_id   INTEGER REFERENCES staff_groups (id),
    active     INTEGER NOT NULL DEFAULT 1,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL
);

CREATE TABLE tags (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    -- The search key of the name: «گواهي» and «گواهی» are one tag.
    name_key   TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE request_tags (
    request_id INTEGER NOT NULL REFERENCES requests (id),
    tag_id     INTEGER NOT NULL REFERENCES tags (id),
    PRIMARY KEY (request_id, tag_id)
);
CREATE INDEX request_tags_tag ON request_tags (tag_id, request_id);

CREATE TABLE saved_filters (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    name       TEXT    NOT NULL,
    query      TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX saved_filters_user ON saved_filters (user_id, id);

-- Heartbeats of staff who have a request open (shared by every instance).
CREATE TABLE presence (
    request_id INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    seen_at    INTEGER NOT NULL,
    PRIMARY KEY (request_id, user_id)
);
