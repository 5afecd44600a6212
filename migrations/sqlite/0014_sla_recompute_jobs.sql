-- The recompute a calendar edit owes the open requests' clocks, written in the edit's own
-- transaction and deleted in the recompute's, so an instance stopping between the two leaves it
-- behind, and the next start (or the SLA scheduler's pass on any instance) runs it. `day` NULL:
-- every open request (a weekday's hours changed); otherwise the day closed or opened again, for
-- everyone (`group_id` NULL) or for one group.
CREATE TABLE sla_recompute_jobs (
    id         INTEGER PRIMARY KEY,
    day        INTEGER,
    group_id   INTEGER,
    created_at INTEGER NOT NULL
);
