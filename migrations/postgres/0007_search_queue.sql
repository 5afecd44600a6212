-- SQLite's 0007 adds a queue for new requests' search rows (see migrations/sqlite). PostgreSQL
-- indexes as it writes and needs nothing; this file keeps the two folders' numbers aligned.
SELECT 1;
