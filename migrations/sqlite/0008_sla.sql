-- The SLA engine: the working calendar, versioned SLA policies per request type, each request's
-- clocks (computed in the app from the request's history and stored on every change), and the
-- warnings and breaches, each fired once.

-- Working hours per weekday (0 = Saturday … 6 = Friday), minutes after midnight, Tehran time;
-- NULL hours: a day off. Default: Saturday–Wednesday 08:00–14:00; Thursday is a setting.
CREATE TABLE calendar_weekdays (
    weekday      INTEGER PRIMARY KEY CHECK (weekday BETWEEN 0 AND 6),
    start_minute INTEGER,
    end_minute   INTEGER,
    CHECK ((start_minute IS NULL AND end_minute IS NULL)
        OR (start_minute >= 0 AND start_minute < end_minute AND end_minute <= 1440))
);
INSERT INTO calendar_weekdays (weekday, start_minute, end_minute) VALUES
    (0, 480, 840), (1, 480, 840), (2, 480, 840), (3, 480, 840), (4, 480, 840),
    (5, NULL, NULL), (6, NULL, NULL);

-- Closed days: official holidays (dated per Jalali year, because lunar holidays move) and ad-hoc
-- closures, for everyone or for one group. `day` is the Tehran date as days since 1970-01-01;
-- `jalali` is the same date written YYYY/MM/DD, for people and exports.
CREATE TABLE calendar_closures (
    id         INTEGER PRIMARY KEY,
    day        INTEGER NOT NULL,
    jalali     TEXT NOT NULL,
    reason     TEXT NOT NULL,
    official   INTEGER NOT NULL DEFAULT 0,
    group_id   INTEGER REFERENCES staff_groups (id),
    created_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX calendar_closures_everyone ON calendar_closures (day) WHERE group_id IS NULL;
CREATE UNIQUE INDEX calendar_closures_group ON calendar_closures (group_id, day)
    WHERE group_id IS NOT NULL;

-- The official holidays of 1404 (../shared/notes/domain.md); admins enter later years.
INSERT INTO calendar_closures (day, jalali, reason, official, created_at) VALUES
    (20168, '1404/01/01', 'نوروز', 1, 0),
    (20169, '1404/01/02', 'نوروز', 1, 0),
    (20170, '1404/01/03', 'نوروز', 1, 0),
    (20171, '1404/01/04', 'نوروز', 1, 0),
    (20178, '1404/01/11', 'عید سعید فطر', 1, 0),
    (20179, '1404/01/12', 'روز جمهوری اسلامی ایران', 1, 0),
    (20180, '1404/01/13', 'روز طبیعت', 1, 0),
    (20202, '1404/02/04', 'شهادت امام جعفر صادق (ع)', 1, 0),
    (20243, '1404/03/14', 'رحلت امام خمینی', 1, 0),
    (20244, '1404/03/15', 'قیام ۱۵ خرداد', 1, 0),
    (20245, '1404/03/16', 'عید سعید قربان', 1, 0),
    (20253, '1404/03/24', 'عید سعید غدیر خم', 1, 0),
    (20274, '1404/04/14', 'تاسوعای حسینی', 1, 0),
    (20275, '1404/04/15', 'عاشورای حسینی', 1, 0),
    (20314, '1404/05/23', 'اربعین حسینی', 1, 0),
    (20322, '1404/05/31', 'رحلت رسول اکرم (ص) و شهادت امام حسن مجتبی (ع)', 1, 0),
    (20324, '1404/06/02', 'شهادت امام رضا (ع)', 1, 0),
    (20332, '1404/06/10', 'شهادت امام حسن عسکری (ع)', 1, 0),
    (20341, '1404/06/19', 'میلاد رسول اکرم (ص) و امام جعفر صادق (ع)', 1, 0),
    (20416, '1404/09/03', 'شهادت حضرت فاطمه زهرا (س)', 1, 0),
    (20456, '1404/10/13', 'ولادت امام علی (ع)', 1, 0),
    (20470, '1404/10/27', 'مبعث رسول اکرم (ص)', 1, 0),
    (20488, '1404/11/15', 'ولادت حضرت قائم (عج)', 1, 0),
    (20495, '1404/11/22', 'پیروزی انقلاب اسلامی', 1, 0),
    (20523, '1404/12/20', 'شهادت امام علی (ع)', 1, 0),
    (20532, '1404/12/29', 'ملی شدن صنعت نفت', 1, 0);

-- SLA policies, versioned: a request keeps the version it was filed under. Targets are working
-- minutes; `unit` says how they were entered (a working day counted as `day_minutes`).
CREATE TABLE sla_policies (
    id                 INTEGER PRIMARY KEY,
    type_id            INTEGER NOT NULL REFERENCES request_types (id),
    version            INTEGER NOT NULL,
    initial_minutes    INTEGER NOT NULL CHECK (initial_minutes > 0),
    resolution_minutes INTEGER NOT NULL CHECK (resolution_minutes > 0),
    unit               TEXT NOT NULL CHECK (unit IN ('hours', 'days')),
    day_minutes        INTEGER NOT NULL CHECK (day_minutes > 0),
    warn_percent       INTEGER NOT NULL CHECK (warn_percent BETWEEN 1 AND 99),
    created_by         INTEGER REFERENCES users (id),
    created_at         INTEGER NOT NULL,
    UNIQUE (type_id, version)
);

-- Each request's clocks as of their last computation: the initial result (`ir_`) and the
-- resolution (`res_`): state (running, at_risk, paused, breached, met), working minutes counted,
-- and when the target and the warning threshold fall due if the clock keeps counting.
ALTER TABLE requests ADD COLUMN sla_policy_id INTEGER REFERENCES sla_policies (id);
ALTER TABLE requests ADD COLUMN clock_start_at INTEGER;
ALTER TABLE requests ADD COLUMN ir_state TEXT;
ALTER TABLE requests ADD COLUMN ir_elapsed_min INTEGER;
ALTER TABLE requests ADD COLUMN ir_due_at INTEGER;
ALTER TABLE requests ADD COLUMN ir_warn_at INTEGER;
ALTER TABLE requests ADD COLUMN res_state TEXT;
ALTER TABLE requests ADD COLUMN res_elapsed_min INTEGER;
ALTER TABLE requests ADD COLUMN res_due_at INTEGER;
ALTER TABLE requests ADD COLUMN res_warn_at INTEGER;
ALTER TABLE requests ADD COLUMN sla_computed_at INTEGER;
-- The next instant the scheduler must look at the request (a warning or a due time not yet
-- alerted); NULL when there is none. The scheduler reads it through the status index (open
-- requests only), so it has no index of its own: filing is the hottest write, and every index
-- on requests costs it. The one index the SLA adds serves the queue's "due first" order: the
-- initial-result due time of clocks still counting (NULL otherwise).
ALTER TABLE requests ADD COLUMN sla_next_at INTEGER;
CREATE INDEX requests_ir_due ON requests (ir_due_at, id) WHERE ir_due_at IS NOT NULL;

-- Warnings and breaches, one row each per request and clock: the unique key makes firing
-- exactly once, also with several app instances.
CREATE TABLE sla_alerts (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests (id),
    clock      TEXT NOT NULL CHECK (clock IN ('initial', 'resolution')),
    level      TEXT NOT NULL CHECK (level IN ('warning', 'breach')),
    policy_id  INTEGER REFERENCES sla_policies (id),
    fired_at   INTEGER NOT NULL,
    UNIQUE (request_id, clock, level)
);
CREATE INDEX sla_alerts_fired ON sla_alerts (fired_at);
