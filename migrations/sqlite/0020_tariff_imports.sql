-- A tariff table uploaded for import (issue 14, section 1), kept between its preview and its
-- confirmation so the file is not sent twice: the rows as read (JSON, text cells), the fiscal
-- year the admin chose, and who uploaded it (only they may confirm it). A token is confirmed
-- once (confirmed_at); rows are pruned a day after their upload. Nothing here is a tariff yet.
CREATE TABLE tariff_imports (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    admin_id     INTEGER NOT NULL REFERENCES users (id),
    fiscal_year  INTEGER NOT NULL,
    file_name    TEXT NOT NULL,
    rows_json    TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    confirmed_at INTEGER
);
CREATE INDEX tariff_imports_created ON tariff_imports (created_at);
