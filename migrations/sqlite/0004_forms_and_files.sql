-- Service forms and files: admin-defined fields per request type, the answers filed with each
-- request (label and kind copied, so later edits of the type never change what was filed),
-- attachments, guide files and staff documents per type, and the default blob store.

ALTER TABLE request_types ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;

CREATE TABLE request_fields (
    id         INTEGER PRIMARY KEY,
    type_id    INTEGER NOT NULL REFERENCES request_types (id),
    label      TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    required   INTEGER NOT NULL DEFAULT 0,
    help       TEXT    NOT NULL DEFAULT '',
    -- The options of a choice field, one per line.
    choices    TEXT    NOT NULL DEFAULT '',
    position   INTEGER NOT NULL DEFAULT 0,
    -- Removed fields are retired, never deleted: filed answers still point at them.
    active     INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);
CREATE INDEX request_fields_type ON request_fields (type_id, active, position);

CREATE TABLE request_answers (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests (id),
    field_id   INTEGER NOT NULL REFERENCES request_fields (id),
    label      TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    position   INTEGER NOT NULL
);
CREATE INDEX request_answers_request ON request_answers (request_id, position);

-- The database blob store: file contents live beside the rows that name them, so backups and
-- several instances need nothing else.
CREATE TABLE blobs (
    id         INTEGER PRIMARY KEY,
    sha256     TEXT    NOT NULL,
    size       INTEGER NOT NULL,
    content    BLOB    NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests (id),
    message_id  INTEGER REFERENCES messages (id),
    field_id    INTEGER REFERENCES request_fields (id),
    uploader_id INTEGER NOT NULL REFERENCES users (id),
    file_name   TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    blob_key    TEXT    NOT NULL,
    -- Attached to an internal note: staff only.
    internal    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);
CREATE INDEX attachments_request ON attachments (request_id, id);

-- Guide files shown to applicants before the form ('guide'), and workflow documents and
-- instructions shown to staff beside the request ('staff').
CREATE TABLE type_documents (
    id          INTEGER PRIMARY KEY,
    type_id     INTEGER NOT NULL REFERENCES request_types (id),
    audience    TEXT    NOT NULL CHECK (audience IN ('guide', 'staff')),
    title       TEXT    NOT NULL,
    file_name   TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    blob_key    TEXT    NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1,
    uploader_id INTEGER NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX type_documents_type ON type_documents (type_id, audience, active);
