-- Files of a dispute: attached to the dispute when it is raised (the applicant's evidence), or
-- to an entry of its thread. They are a request's attachments (the request's limits, the same
-- download and the same access), kept apart from the request's own files by `dispute_id`.
ALTER TABLE attachments ADD COLUMN dispute_id BIGINT REFERENCES disputes (id);
ALTER TABLE attachments ADD COLUMN dispute_message_id BIGINT REFERENCES dispute_messages (id);
CREATE INDEX attachments_dispute ON attachments (dispute_id, id) WHERE dispute_id IS NOT NULL;
