-- Persian full-text search. Each request has two normalised keys (domain::text::search_key):
-- `public_key` (what the applicant may search: subject, description, public replies, answers,
-- tracking code) and `staff_key` (all of that, plus internal notes and the applicant's national
-- code and mobile). PostgreSQL has no Persian text-search configuration, so substring search
-- runs on trigram indexes (pg_trgm is a trusted extension: a database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE request_search (
    request_id BIGINT PRIMARY KEY REFERENCES requests (id),
    public_key TEXT NOT NULL,
    staff_key  TEXT NOT NULL
);
CREATE INDEX request_search_staff ON request_search USING gin (staff_key gin_trgm_ops);
