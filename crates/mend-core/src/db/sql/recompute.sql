-- What every column, counter and roll-up kept by triggers holds, worked out
-- afresh from the rows. Not an upgrade: the tests run it to check that the
-- triggers kept exactly this. It follows schema.sql: a version that changes
-- what a trigger keeps changes this file with it.

-- Each incident's step times (see incident_steps_times_* in schema.sql).
UPDATE incidents SET
    step_due_at = (
        SELECT min(strftime('%Y-%m-%dT%H:%M:%SZ',
            CASE s.target_from
                WHEN 'intake' THEN incidents.received_at
                WHEN 'previous_step' THEN CASE
                    WHEN EXISTS (SELECT 1 FROM incident_steps p
                                 WHERE p.incident_id = s.incident_id AND p.position < s.position)
                    THEN (SELECT p.done_at FROM incident_steps p
                          WHERE p.incident_id = s.incident_id AND p.position < s.position
                          ORDER BY p.position DESC LIMIT 1)
                    ELSE incidents.received_at END
            END,
            '+' || s.target_amount || ' ' || s.target_unit))
        FROM incident_steps s
        WHERE s.incident_id = incidents.id AND s.done_at IS NULL AND s.target_amount IS NOT NULL),
    first_done_at = (
        SELECT min(coalesce(min(s.done_at), incidents.responded_at), coalesce(incidents.responded_at, min(s.done_at)))
        FROM incident_steps s WHERE s.incident_id = incidents.id);

-- Incidents per status, severity and category, and the customer count.
DELETE FROM incident_tallies;
INSERT INTO incident_tallies (status, severity, category_key, n)
    SELECT status, severity, coalesce(category_id, 0), count(*) FROM incidents GROUP BY 1, 2, 3;
UPDATE row_counts SET n = (SELECT count(*) FROM customers) WHERE name = 'customers';

-- The per-day roll-ups.
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
