-- Text messages the outbox-only SMS provider recorded were marked 'sent' though nothing sent
-- them. From now on such a message is 'held' (kept, unsent, for a relay outside the app; no
-- worker claims it). The ones recorded before are marked 'skipped' rather than 'held', so a
-- relay set up later does not send old news. They are told apart by never having been claimed
-- by a worker (which sets claimed_at before anything is sent).
UPDATE outbox SET status = 'skipped', sent_at = NULL, attempts = 0
 WHERE channel = 'sms' AND status = 'sent' AND claimed_at IS NULL;
