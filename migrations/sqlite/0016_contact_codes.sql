-- Codes that confirm a new mobile or e-mail address for a signed-in account: the address is
-- changed only once its code comes back. Each code is good for ten minutes and five tries.
CREATE TABLE contact_codes (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    channel    TEXT    NOT NULL CHECK (channel IN ('mobile', 'email')),
    address    TEXT    NOT NULL,
    code_hash  TEXT    NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX contact_codes_user ON contact_codes (user_id, channel, id);
