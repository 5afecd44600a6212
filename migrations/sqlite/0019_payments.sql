-- Paying a request's fee (issue 14). A fee-bearing request keeps the tariff in force when it
-- was filed (fee_rials, tariff_id) and waits for its payment until pay_by; paid_at is the
-- instant its clocks started.
ALTER TABLE requests ADD COLUMN fee_rials INTEGER;
ALTER TABLE requests ADD COLUMN tariff_id INTEGER REFERENCES tariffs (id);
ALTER TABLE requests ADD COLUMN pay_by INTEGER;
ALTER TABLE requests ADD COLUMN paid_at INTEGER;
-- The cancellation job's worklist: unpaid requests by their deadline.
CREATE INDEX requests_awaiting_payment ON requests (pay_by) WHERE status = 'awaiting_payment';

-- One attempt to pay through a gateway: pending -> verifying -> paid | failed (-> refunded).
-- `lease` names who holds a verification and since when (lease_at), so a crashed holder's
-- attempt is taken over once its lease is old and never verified twice at once.
CREATE TABLE payments (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL REFERENCES requests (id),
    applicant_id INTEGER NOT NULL REFERENCES users (id),
    gateway      TEXT    NOT NULL,
    amount_rials INTEGER NOT NULL CHECK (amount_rials > 0),
    state        TEXT    NOT NULL CHECK (state IN ('pending', 'verifying', 'paid', 'failed', 'refunded')),
    authority    TEXT,
    reference    TEXT,
    card_mask    TEXT,
    trace        TEXT,
    failure      TEXT,
    lease        TEXT,
    lease_at     INTEGER,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    settled_at   INTEGER
);
CREATE UNIQUE INDEX payments_authority ON payments (gateway, authority);
CREATE UNIQUE INDEX payments_reference ON payments (gateway, reference);
-- Never two attempts in flight for one request.
CREATE UNIQUE INDEX payments_in_flight ON payments (request_id) WHERE state IN ('pending', 'verifying');
CREATE INDEX payments_request ON payments (request_id, id);
-- The reconciliation job's worklist.
CREATE INDEX payments_unsettled ON payments (updated_at) WHERE state IN ('pending', 'verifying');
-- The finance report's exceptions: money that may have left a payer's account uncredited.
CREATE INDEX payments_exceptions ON payments (updated_at)
    WHERE state = 'failed' AND failure IN ('amount_mismatch', 'expired', 'reversed');
-- The finance reports, by the instant money moved.
CREATE INDEX payments_settled ON payments (settled_at) WHERE settled_at IS NOT NULL;

-- Every money event, append-only: an attempt started, paid, failed, and a paid one given back
-- (reversed by the gateway, or refunded by the finance office). A payment is credited at most
-- once (the unique pair), whatever races above it; amounts of money going back are negative.
CREATE TABLE payment_ledger (
    id           INTEGER PRIMARY KEY,
    payment_id   INTEGER NOT NULL REFERENCES payments (id),
    request_id   INTEGER NOT NULL REFERENCES requests (id),
    kind         TEXT    NOT NULL CHECK (kind IN ('started', 'paid', 'failed', 'refunded', 'reversed')),
    amount_rials INTEGER NOT NULL,
    gateway      TEXT    NOT NULL,
    reference    TEXT,
    actor_id     INTEGER REFERENCES users (id),
    note         TEXT    NOT NULL DEFAULT '',
    at           INTEGER NOT NULL,
    UNIQUE (payment_id, kind)
);
CREATE INDEX payment_ledger_at ON payment_ledger (at);
CREATE TRIGGER payment_ledger_no_update BEFORE UPDATE ON payment_ledger
BEGIN
    SELECT RAISE(ABORT, 'payment_ledger is append-only');
END;
CREATE TRIGGER payment_ledger_no_delete BEFORE DELETE ON payment_ledger
BEGIN
    SELECT RAISE(ABORT, 'payment_ledger is append-only');
END;

-- The finance report's totals, kept in the same transaction as each ledger line: per Jalali
-- month (yyyymm, Tehran time), request type, gateway and kind of event, how many and how much.
-- A year's report reads a few hundred rows, however many payments there are.
CREATE TABLE payment_totals (
    month        INTEGER NOT NULL,
    type_id      INTEGER NOT NULL,
    gateway      TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    events       INTEGER NOT NULL,
    amount_rials INTEGER NOT NULL,
    PRIMARY KEY (month, type_id, gateway, kind)
);
