-- New requests' search rows wait here and are moved into the FTS5 index in batches
-- (server::search::index_pending): FTS5 writes an index segment per transaction, so indexing each
-- filing in its own transaction was most of a filing's cost. A search first indexes what waits,
-- so it still finds every request filed before it. PostgreSQL indexes as it writes and has no
-- such table.
CREATE TABLE search_pending (
    request_id INTEGER PRIMARY KEY REFERENCES requests (id),
    public_key TEXT NOT NULL,
    staff_key  TEXT NOT NULL
);
