-- The SLA reports: one row per request whose initial-result clock has stopped, written when it
-- stops (and corrected when a calendar change recomputes it), never at filing. Reports read
-- this narrow table through the indexes below: counts and sums by GROUP BY, median and p90 by
-- an OFFSET into the index order, so a year of a million requests is never sorted or loaded.
-- `month` is the Jalali month of submission (clock start), as year * 12 + month - 1; the
-- agent is the request's assignee, and the group its group, when the clock stopped; the
-- policy is the version the request was filed under, so reports say which one applied.
CREATE TABLE sla_results (
    request_id  BIGINT PRIMARY KEY REFERENCES requests (id),
    month       BIGINT NOT NULL,
    type_id     BIGINT NOT NULL REFERENCES request_types (id),
    policy_id   BIGINT NOT NULL REFERENCES sla_policies (id),
    group_id    BIGINT REFERENCES staff_groups (id),
    agent_id    BIGINT REFERENCES users (id),
    elapsed_min BIGINT NOT NULL,
    breached    BIGINT NOT NULL,
    stopped_at  BIGINT NOT NULL
);
CREATE INDEX sla_results_type ON sla_results (month, type_id, policy_id, elapsed_min, breached);
CREATE INDEX sla_results_agent ON sla_results (month, agent_id, elapsed_min, breached);
CREATE INDEX sla_results_group ON sla_results (month, group_id, elapsed_min, breached);
