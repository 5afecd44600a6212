-- Persian full-text search. Each request has two normalised keys (domain::text::search_key):
-- `public_key` (what the applicant may search: subject, description, public replies, answers,
-- tracking code) and `staff_key` (all of that, plus internal notes and the applicant's national
-- code and mobile). The trigram tokenizer gives substring matches, which Persian needs (no
-- stemmer; ZWNJ and affixes vary). rowid = requests.id. Rows are written by the server in the
-- transaction that changes the request, and backfilled at start for rows that have none.
CREATE VIRTUAL TABLE request_search USING fts5(public_key, staff_key, tokenize = 'trigram');
