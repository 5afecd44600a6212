-- The open requests in id order, carrying what is read of them in bulk: the staff queue's
-- default list (open, oldest first: with most requests closed, the table in id order would be
-- walked skipping closed rows), the SLA reports' counts of what is open, at risk and past due,
-- the scheduler's look for due alerts and the recompute after a calendar change. Partial, so
-- only open requests are in it; the SLA columns are carried for index-only scans.
CREATE INDEX requests_open ON requests (id) INCLUDE (status, type_id, group_id, assignee_id,
    sla_policy_id, clock_start_at, ir_state, ir_due_at, res_state, res_due_at, sla_next_at)
    WHERE status IN ('new', 'assigned', 'in_progress', 'waiting_applicant', 'answered');
