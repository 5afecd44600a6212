-- A call's end needs no job of its own: a request filed under a call waits for its fee until
-- the earlier of its own deadline and the call's end (requests.pay_by), and the unpaid job
-- cancels it then. The column meant for such a job goes.
DROP INDEX calls_to_end;
ALTER TABLE calls DROP COLUMN ended_done_at;
