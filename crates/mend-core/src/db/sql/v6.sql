-- Version 6 (speed, measured): Today's and the customer list's indexes reshaped
-- after measuring at 100k and 1M incidents, and per-day roll-ups (incidents,
-- response times, root causes, gestures, calls, promises, prevention actions)
-- for Insights and the goodwill ledger, filled from the existing rows here and
-- kept by triggers from then on. Each trigger takes the old row's share away and
-- adds the new row's, so any change of a source column is handled the same.
--
-- Frozen: never edited once shipped; a change of schema is a new version file.

-- Today walks the open incidents oldest first and checks each one's step
-- target time in the index, without reading the row.
DROP INDEX incidents_status;
CREATE INDEX incidents_status ON incidents (status, received_at, id, severity, category_id, step_due_at);
-- Today counts the late ones by step target time alone (the index is
-- already only the open ones, so status in it was dead weight).
DROP INDEX incidents_open_due;
CREATE INDEX incidents_open_due ON incidents (step_due_at) WHERE status = 'open';
-- A customer's incidents and how many are open, without reading them (the
-- customer list counts both for every row it shows).
DROP INDEX incidents_customer;
CREATE INDEX incidents_customer ON incidents (customer_id, received_at, status);

-- Incidents received per day and category.
CREATE TABLE daily_incidents (
    day          TEXT NOT NULL,
    category_key INTEGER NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (day, category_key)
) WITHOUT ROWID;
-- Incidents received per day by minutes to first response (kind 0) and to
-- resolution (kind 1), in the duration buckets (BUCKET in schema.rs).
CREATE TABLE daily_times (
    kind   INTEGER NOT NULL,
    day    TEXT NOT NULL,
    bucket INTEGER NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (kind, day, bucket)
) WITHOUT ROWID;
-- Incidents received per day, category and recorded root cause.
CREATE TABLE daily_root_causes (
    day          TEXT NOT NULL,
    category_key INTEGER NOT NULL,
    root_cause   TEXT NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (day, category_key, root_cause)
) WITHOUT ROWID;
-- Gestures given per day and incident category: how many, their cost, how
-- many were used.
CREATE TABLE daily_gestures (
    day          TEXT NOT NULL,
    category_key INTEGER NOT NULL,
    n            INTEGER NOT NULL,
    cents        INTEGER NOT NULL,
    redeemed     INTEGER NOT NULL,
    PRIMARY KEY (day, category_key)
) WITHOUT ROWID;
-- Calls made per day (done_at) and outcome.
CREATE TABLE daily_calls (
    day     TEXT NOT NULL,
    outcome TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (day, outcome)
) WITHOUT ROWID;
-- Promises per day due and status.
CREATE TABLE daily_promises (
    day    TEXT NOT NULL,
    status TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (day, status)
) WITHOUT ROWID;
-- Prevention actions per day recorded, open (0) or done (1).
CREATE TABLE daily_prevention (
    day  TEXT NOT NULL,
    done INTEGER NOT NULL,
    n    INTEGER NOT NULL,
    PRIMARY KEY (day, done)
) WITHOUT ROWID;

DELETE FROM daily_incidents; DELETE FROM daily_times; DELETE FROM daily_root_causes; DELETE FROM daily_gestures;
DELETE FROM daily_calls; DELETE FROM daily_promises; DELETE FROM daily_prevention;
INSERT INTO daily_incidents (day, category_key, n)
    SELECT substr(received_at, 1, 10), coalesce(category_id, 0), count(*) FROM incidents GROUP BY 1, 2;
INSERT INTO daily_times (kind, day, bucket, n)
    SELECT 0, substr(i.received_at, 1, 10), CASE WHEN max(0, CAST(round((julianday(i.first_done_at) - julianday(i.received_at)) * 1440) AS INTEGER)) <= 120 THEN max(0, CAST(round((julianday(i.first_done_at) - julianday(i.received_at)) * 1440) AS INTEGER)) WHEN max(0, CAST(round((julianday(i.first_done_at) - julianday(i.received_at)) * 1440) AS INTEGER)) <= 2880 THEN (max(0, CAST(round((julianday(i.first_done_at) - julianday(i.received_at)) * 1440) AS INTEGER)) + 14) / 15 * 15 ELSE (max(0, CAST(round((julianday(i.first_done_at) - julianday(i.received_at)) * 1440) AS INTEGER)) + 59) / 60 * 60 END, count(*) FROM incidents i
    WHERE i.first_done_at IS NOT NULL GROUP BY 2, 3;
INSERT INTO daily_times (kind, day, bucket, n)
    SELECT 1, substr(i.received_at, 1, 10), CASE WHEN max(0, CAST(round((julianday(i.resolved_at) - julianday(i.received_at)) * 1440) AS INTEGER)) <= 120 THEN max(0, CAST(round((julianday(i.resolved_at) - julianday(i.received_at)) * 1440) AS INTEGER)) WHEN max(0, CAST(round((julianday(i.resolved_at) - julianday(i.received_at)) * 1440) AS INTEGER)) <= 2880 THEN (max(0, CAST(round((julianday(i.resolved_at) - julianday(i.received_at)) * 1440) AS INTEGER)) + 14) / 15 * 15 ELSE (max(0, CAST(round((julianday(i.resolved_at) - julianday(i.received_at)) * 1440) AS INTEGER)) + 59) / 60 * 60 END, count(*) FROM incidents i
    WHERE i.resolved_at IS NOT NULL GROUP BY 2, 3;
INSERT INTO daily_root_causes (day, category_key, root_cause, n)
    SELECT substr(received_at, 1, 10), coalesce(category_id, 0), root_cause, count(*) FROM incidents
    WHERE root_cause <> '' GROUP BY 1, 2, 3;
INSERT INTO daily_gestures (day, category_key, n, cents, redeemed)
    SELECT substr(g.given_at, 1, 10), coalesce(i.category_id, 0), count(*), sum(g.cost_cents), count(g.redeemed_at)
    FROM incident_gestures g JOIN incidents i ON i.id = g.incident_id GROUP BY 1, 2;
INSERT INTO daily_calls (day, outcome, n)
    SELECT substr(done_at, 1, 10), outcome, count(*) FROM follow_ups
    WHERE done_at IS NOT NULL AND outcome IS NOT NULL GROUP BY 1, 2;
INSERT INTO daily_promises (day, status, n) SELECT substr(due_at, 1, 10), status, count(*) FROM promises GROUP BY 1, 2;
INSERT INTO daily_prevention (day, done, n)
    SELECT substr(created_at, 1, 10), done_at IS NOT NULL, count(*) FROM prevention_actions GROUP BY 1, 2;

CREATE TRIGGER incidents_daily_insert AFTER INSERT ON incidents BEGIN
    INSERT INTO daily_incidents (day, category_key, n)
    VALUES (substr(new.received_at, 1, 10), coalesce(new.category_id, 0), 1)
    ON CONFLICT (day, category_key) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_times (kind, day, bucket, n)
    SELECT 0, substr(new.received_at, 1, 10), CASE WHEN max(0, CAST(round((julianday(new.first_done_at) - julianday(new.received_at)) * 1440) AS INTEGER)) <= 120 THEN max(0, CAST(round((julianday(new.first_done_at) - julianday(new.received_at)) * 1440) AS INTEGER)) WHEN max(0, CAST(round((julianday(new.first_done_at) - julianday(new.received_at)) * 1440) AS INTEGER)) <= 2880 THEN (max(0, CAST(round((julianday(new.first_done_at) - julianday(new.received_at)) * 1440) AS INTEGER)) + 14) / 15 * 15 ELSE (max(0, CAST(round((julianday(new.first_done_at) - julianday(new.received_at)) * 1440) AS INTEGER)) + 59) / 60 * 60 END, 1 WHERE new.first_done_at IS NOT NULL
    ON CONFLICT (kind, day, bucket) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_times (kind, day, bucket, n)
    SELECT 1, substr(new.received_at, 1, 10), CASE WHEN max(0, CAST(round((julianday(new.resolved_at) - julianday(new.received_at)) * 1440) AS INTEGER)) <= 120 THEN max(0, CAST(round((julianday(new.resolved_at) - julianday(new.received_at)) * 1440) AS INTEGER)) WHEN max(0, CAST(round((julianday(new.resolved_at) - julianday(new.received_at)) * 1440) AS INTEGER)) <= 2880 THEN (max(0, CAST(round((julianday(new.resolved_at) - julianday(new.received_at)) * 1440) AS INTEGER)) + 14) / 15 * 15 ELSE (max(0, CAST(round((julianday(new.resolved_at) - julianday(new.received_at)) * 1440) AS INTEGER)) + 59) / 60 * 60 END, 1 WHERE new.resolved_at IS NOT NULL
    ON CONFLICT (kind, day, bucket) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_root_causes (day, category_key, root_cause, n)
    SELECT substr(new.received_at, 1, 10), coalesce(new.category_id, 0), new.root_cause, 1 WHERE new.root_cause <> ''
    ON CONFLICT (day, category_key, root_cause) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER incidents_daily_update
    AFTER UPDATE OF received_at, category_id, first_done_at, resolved_at, root_cause ON incidents
    WHEN old.received_at IS NOT new.received_at OR old.category_id IS NOT new.category_id
      OR old.first_done_at IS NOT new.first_done_at OR old.resolved_at IS NOT new.resolved_at
      OR old.root_cause IS NOT new.root_cause
BEGIN
    INSERT INTO daily_incidents (day, category_key, n)
    VALUES (substr(old.received_at, 1, 10), coalesce(old.category_id, 0), -1)
    ON CONFLICT (day, category_key) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_times (kind, day, bucket, n)
    SELECT 0, substr(old.received_at, 1, 10), CASE WHEN max(0, CAST(round((julianday(old.first_done_at) - julianday(old.received_at)) * 1440) AS INTEGER)) <= 120 THEN max(0, CAST(round((julianday(old.first_done_at) - julianday(old.received_at)) * 1440) AS INTEGER)) WHEN max(0, CAST(round((julianday(old.first_done_at) - julianday(old.received_at)) * 1440) AS INTEGER)) <= 2880 THEN (max(0, CAST(round((julianday(old.first_done_at) - julianday(old.received_at)) * 1440) AS INTEGER)) + 14) / 15 * 15 ELSE (max(0, CAST(round((julianday(old.first_done_at) - julianday(old.received_at)) * 1440) AS INTEGER)) + 59) / 60 * 60 END, -1 WHERE old.first_done_at IS NOT NULL
    ON CONFLICT (kind, day, bucket) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_times (kind, day, bucket, n)
    SELECT 1, substr(old.received_at, 1, 10), CASE WHEN max(0, CAST(round((julianday(old.resolved_at) - julianday(old.received_at)) * 1440) AS INTEGER)) <= 120 THEN max(0, CAST(round((julianday(old.resolved_at) - julianday(old.received_at)) * 1440) AS INTEGER)) WHEN max(0, CAST(round((julianday(old.resolved_at) - julianday(old.received_at)) * 1440) AS INTEGER)) <= 2880 THEN (max(0, CAST(round((julianday(old.resolved_at) - julianday(old.received_at)) * 1440) AS INTEGER)) + 14) / 15 * 15 ELSE (max(0, CAST(round((julianday(old.resolved_at) - julianday(old.received_at)) * 1440) AS INTEGER)) + 59) / 60 * 60 END, -1 WHERE old.resolved_at IS NOT NULL
    ON CONFLICT (kind, day, bucket) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_root_causes (day, category_key, root_cause, n)
    SELECT substr(old.received_at, 1, 10), coalesce(old.category_id, 0), old.root_cause, -1 WHERE old.root_cause <> ''
    ON CONFLICT (day, category_key, root_cause) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_incidents (day, category_key, n)
    VALUES (substr(new.received_at, 1, 10), coalesce(new.category_id, 0), 1)
    ON CONFLICT (day, category_key) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_times (kind, day, bucket, n)
    SELECT 0, substr(new.received_at, 1, 10), CASE WHEN max(0, CAST(round((julianday(new.first_done_at) - julianday(new.received_at)) * 1440) AS INTEGER)) <= 120 THEN max(0, CAST(round((julianday(new.first_done_at) - julianday(new.received_at)) * 1440) AS INTEGER)) WHEN max(0, CAST(round((julianday(new.first_done_at) - julianday(new.received_at)) * 1440) AS INTEGER)) <= 2880 THEN (max(0, CAST(round((julianday(new.first_done_at) - julianday(new.received_at)) * 1440) AS INTEGER)) + 14) / 15 * 15 ELSE (max(0, CAST(round((julianday(new.first_done_at) - julianday(new.received_at)) * 1440) AS INTEGER)) + 59) / 60 * 60 END, 1 WHERE new.first_done_at IS NOT NULL
    ON CONFLICT (kind, day, bucket) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_times (kind, day, bucket, n)
    SELECT 1, substr(new.received_at, 1, 10), CASE WHEN max(0, CAST(round((julianday(new.resolved_at) - julianday(new.received_at)) * 1440) AS INTEGER)) <= 120 THEN max(0, CAST(round((julianday(new.resolved_at) - julianday(new.received_at)) * 1440) AS INTEGER)) WHEN max(0, CAST(round((julianday(new.resolved_at) - julianday(new.received_at)) * 1440) AS INTEGER)) <= 2880 THEN (max(0, CAST(round((julianday(new.resolved_at) - julianday(new.received_at)) * 1440) AS INTEGER)) + 14) / 15 * 15 ELSE (max(0, CAST(round((julianday(new.resolved_at) - julianday(new.received_at)) * 1440) AS INTEGER)) + 59) / 60 * 60 END, 1 WHERE new.resolved_at IS NOT NULL
    ON CONFLICT (kind, day, bucket) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_root_causes (day, category_key, root_cause, n)
    SELECT substr(new.received_at, 1, 10), coalesce(new.category_id, 0), new.root_cause, 1 WHERE new.root_cause <> ''
    ON CONFLICT (day, category_key, root_cause) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER incidents_daily_delete AFTER DELETE ON incidents BEGIN
    INSERT INTO daily_incidents (day, category_key, n)
    VALUES (substr(old.received_at, 1, 10), coalesce(old.category_id, 0), -1)
    ON CONFLICT (day, category_key) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_times (kind, day, bucket, n)
    SELECT 0, substr(old.received_at, 1, 10), CASE WHEN max(0, CAST(round((julianday(old.first_done_at) - julianday(old.received_at)) * 1440) AS INTEGER)) <= 120 THEN max(0, CAST(round((julianday(old.first_done_at) - julianday(old.received_at)) * 1440) AS INTEGER)) WHEN max(0, CAST(round((julianday(old.first_done_at) - julianday(old.received_at)) * 1440) AS INTEGER)) <= 2880 THEN (max(0, CAST(round((julianday(old.first_done_at) - julianday(old.received_at)) * 1440) AS INTEGER)) + 14) / 15 * 15 ELSE (max(0, CAST(round((julianday(old.first_done_at) - julianday(old.received_at)) * 1440) AS INTEGER)) + 59) / 60 * 60 END, -1 WHERE old.first_done_at IS NOT NULL
    ON CONFLICT (kind, day, bucket) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_times (kind, day, bucket, n)
    SELECT 1, substr(old.received_at, 1, 10), CASE WHEN max(0, CAST(round((julianday(old.resolved_at) - julianday(old.received_at)) * 1440) AS INTEGER)) <= 120 THEN max(0, CAST(round((julianday(old.resolved_at) - julianday(old.received_at)) * 1440) AS INTEGER)) WHEN max(0, CAST(round((julianday(old.resolved_at) - julianday(old.received_at)) * 1440) AS INTEGER)) <= 2880 THEN (max(0, CAST(round((julianday(old.resolved_at) - julianday(old.received_at)) * 1440) AS INTEGER)) + 14) / 15 * 15 ELSE (max(0, CAST(round((julianday(old.resolved_at) - julianday(old.received_at)) * 1440) AS INTEGER)) + 59) / 60 * 60 END, -1 WHERE old.resolved_at IS NOT NULL
    ON CONFLICT (kind, day, bucket) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_root_causes (day, category_key, root_cause, n)
    SELECT substr(old.received_at, 1, 10), coalesce(old.category_id, 0), old.root_cause, -1 WHERE old.root_cause <> ''
    ON CONFLICT (day, category_key, root_cause) DO UPDATE SET n = n + excluded.n;
END;
-- Before the cascade deletes the gestures (their own trigger then finds no
-- incident and leaves the roll-up alone).
CREATE TRIGGER incidents_daily_gestures_delete BEFORE DELETE ON incidents BEGIN
    INSERT INTO daily_gestures (day, category_key, n, cents, redeemed)
    SELECT substr(g.given_at, 1, 10), coalesce(old.category_id, 0), -count(*), -sum(g.cost_cents),
           -count(g.redeemed_at)
    FROM incident_gestures g WHERE g.incident_id = old.id GROUP BY 1
    ON CONFLICT (day, category_key) DO UPDATE
    SET n = n + excluded.n, cents = cents + excluded.cents, redeemed = redeemed + excluded.redeemed;
END;
CREATE TRIGGER incidents_daily_gestures_category AFTER UPDATE OF category_id ON incidents
    WHEN old.category_id IS NOT new.category_id
BEGIN
    INSERT INTO daily_gestures (day, category_key, n, cents, redeemed)
    SELECT substr(g.given_at, 1, 10), coalesce(old.category_id, 0), -count(*), -sum(g.cost_cents),
           -count(g.redeemed_at)
    FROM incident_gestures g WHERE g.incident_id = old.id GROUP BY 1
    ON CONFLICT (day, category_key) DO UPDATE
    SET n = n + excluded.n, cents = cents + excluded.cents, redeemed = redeemed + excluded.redeemed;
    INSERT INTO daily_gestures (day, category_key, n, cents, redeemed)
    SELECT substr(g.given_at, 1, 10), coalesce(new.category_id, 0), count(*), sum(g.cost_cents),
           count(g.redeemed_at)
    FROM incident_gestures g WHERE g.incident_id = new.id GROUP BY 1
    ON CONFLICT (day, category_key) DO UPDATE
    SET n = n + excluded.n, cents = cents + excluded.cents, redeemed = redeemed + excluded.redeemed;
END;
CREATE TRIGGER incident_gestures_daily_insert AFTER INSERT ON incident_gestures BEGIN
    INSERT INTO daily_gestures (day, category_key, n, cents, redeemed)
    SELECT substr(new.given_at, 1, 10), coalesce(i.category_id, 0), 1, new.cost_cents,
           (new.redeemed_at IS NOT NULL)
    FROM incidents i WHERE i.id = new.incident_id
    ON CONFLICT (day, category_key) DO UPDATE
    SET n = n + excluded.n, cents = cents + excluded.cents, redeemed = redeemed + excluded.redeemed;
END;
CREATE TRIGGER incident_gestures_daily_update
    AFTER UPDATE OF given_at, cost_cents, redeemed_at, incident_id ON incident_gestures BEGIN
    INSERT INTO daily_gestures (day, category_key, n, cents, redeemed)
    SELECT substr(old.given_at, 1, 10), coalesce(i.category_id, 0), -1, -old.cost_cents,
           -(old.redeemed_at IS NOT NULL)
    FROM incidents i WHERE i.id = old.incident_id
    ON CONFLICT (day, category_key) DO UPDATE
    SET n = n + excluded.n, cents = cents + excluded.cents, redeemed = redeemed + excluded.redeemed;
    INSERT INTO daily_gestures (day, category_key, n, cents, redeemed)
    SELECT substr(new.given_at, 1, 10), coalesce(i.category_id, 0), 1, new.cost_cents,
           (new.redeemed_at IS NOT NULL)
    FROM incidents i WHERE i.id = new.incident_id
    ON CONFLICT (day, category_key) DO UPDATE
    SET n = n + excluded.n, cents = cents + excluded.cents, redeemed = redeemed + excluded.redeemed;
END;
CREATE TRIGGER incident_gestures_daily_delete AFTER DELETE ON incident_gestures BEGIN
    INSERT INTO daily_gestures (day, category_key, n, cents, redeemed)
    SELECT substr(old.given_at, 1, 10), coalesce(i.category_id, 0), -1, -old.cost_cents,
           -(old.redeemed_at IS NOT NULL)
    FROM incidents i WHERE i.id = old.incident_id
    ON CONFLICT (day, category_key) DO UPDATE
    SET n = n + excluded.n, cents = cents + excluded.cents, redeemed = redeemed + excluded.redeemed;
END;
CREATE TRIGGER follow_ups_daily_insert AFTER INSERT ON follow_ups BEGIN
    INSERT INTO daily_calls (day, outcome, n)
    SELECT substr(new.done_at, 1, 10), new.outcome, 1 WHERE new.done_at IS NOT NULL AND new.outcome IS NOT NULL
    ON CONFLICT (day, outcome) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER follow_ups_daily_update AFTER UPDATE OF done_at, outcome ON follow_ups BEGIN
    INSERT INTO daily_calls (day, outcome, n)
    SELECT substr(old.done_at, 1, 10), old.outcome, -1 WHERE old.done_at IS NOT NULL AND old.outcome IS NOT NULL
    ON CONFLICT (day, outcome) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_calls (day, outcome, n)
    SELECT substr(new.done_at, 1, 10), new.outcome, 1 WHERE new.done_at IS NOT NULL AND new.outcome IS NOT NULL
    ON CONFLICT (day, outcome) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER follow_ups_daily_delete AFTER DELETE ON follow_ups BEGIN
    INSERT INTO daily_calls (day, outcome, n)
    SELECT substr(old.done_at, 1, 10), old.outcome, -1 WHERE old.done_at IS NOT NULL AND old.outcome IS NOT NULL
    ON CONFLICT (day, outcome) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER promises_daily_insert AFTER INSERT ON promises BEGIN
    INSERT INTO daily_promises (day, status, n) VALUES (substr(new.due_at, 1, 10), new.status, 1)
    ON CONFLICT (day, status) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER promises_daily_update AFTER UPDATE OF due_at, status ON promises BEGIN
    INSERT INTO daily_promises (day, status, n) VALUES (substr(old.due_at, 1, 10), old.status, -1)
    ON CONFLICT (day, status) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_promises (day, status, n) VALUES (substr(new.due_at, 1, 10), new.status, 1)
    ON CONFLICT (day, status) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER promises_daily_delete AFTER DELETE ON promises BEGIN
    INSERT INTO daily_promises (day, status, n) VALUES (substr(old.due_at, 1, 10), old.status, -1)
    ON CONFLICT (day, status) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER prevention_actions_daily_insert AFTER INSERT ON prevention_actions BEGIN
    INSERT INTO daily_prevention (day, done, n) VALUES (substr(new.created_at, 1, 10), new.done_at IS NOT NULL, 1)
    ON CONFLICT (day, done) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER prevention_actions_daily_update AFTER UPDATE OF created_at, done_at ON prevention_actions BEGIN
    INSERT INTO daily_prevention (day, done, n) VALUES (substr(old.created_at, 1, 10), old.done_at IS NOT NULL, -1)
    ON CONFLICT (day, done) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_prevention (day, done, n) VALUES (substr(new.created_at, 1, 10), new.done_at IS NOT NULL, 1)
    ON CONFLICT (day, done) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER prevention_actions_daily_delete AFTER DELETE ON prevention_actions BEGIN
    INSERT INTO daily_prevention (day, done, n) VALUES (substr(old.created_at, 1, 10), old.done_at IS NOT NULL, -1)
    ON CONFLICT (day, done) DO UPDATE SET n = n + excluded.n;
END;
