-- Version 5 (speed at 100k+ incidents): counters and precomputed times kept by
-- triggers (incident tallies and the customer count for list totals, each
-- incident's earliest step target and first response), indexes that cover every
-- list filter and the Insights and ledger sums, and substring search over
-- customers. The new columns, counters and search tables are filled from the
-- existing rows here; triggers keep them right from then on. On a very large
-- shop this takes a while once (about a minute at a million incidents), inside
-- the same all-or-nothing transaction.
--
-- Frozen: never edited once shipped; a change of schema is a new version file.

-- Precomputed from the checklist by the triggers below.
ALTER TABLE incidents ADD COLUMN step_due_at TEXT;
ALTER TABLE incidents ADD COLUMN first_done_at TEXT;
-- Today: open incidents by their earliest step target.
CREATE INDEX incidents_open_due ON incidents (status, step_due_at) WHERE status = 'open';

-- How many incidents there are of each status, severity and category (0:
-- none), so list totals and Today's counts never count rows.
CREATE TABLE incident_tallies (
    status       TEXT NOT NULL,
    severity     INTEGER NOT NULL,
    category_key INTEGER NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (status, severity, category_key)
) WITHOUT ROWID;
INSERT INTO incident_tallies (status, severity, category_key, n)
    SELECT status, severity, coalesce(category_id, 0), count(*) FROM incidents GROUP BY 1, 2, 3;

CREATE TRIGGER incidents_tally_insert AFTER INSERT ON incidents BEGIN
    INSERT INTO incident_tallies (status, severity, category_key, n)
    VALUES (new.status, new.severity, coalesce(new.category_id, 0), 1)
    ON CONFLICT (status, severity, category_key) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER incidents_tally_update AFTER UPDATE OF status, severity, category_id ON incidents BEGIN
    UPDATE incident_tallies SET n = n - 1
    WHERE status = old.status AND severity = old.severity AND category_key = coalesce(old.category_id, 0);
    INSERT INTO incident_tallies (status, severity, category_key, n)
    VALUES (new.status, new.severity, coalesce(new.category_id, 0), 1)
    ON CONFLICT (status, severity, category_key) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER incidents_tally_delete AFTER DELETE ON incidents BEGIN
    UPDATE incident_tallies SET n = n - 1
    WHERE status = old.status AND severity = old.severity AND category_key = coalesce(old.category_id, 0);
END;

-- How many customers there are, kept by triggers (the customer list's total
-- and the value tiers' ranks).
CREATE TABLE row_counts (
    name TEXT PRIMARY KEY,
    n    INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO row_counts (name, n) SELECT 'customers', count(*) FROM customers;
CREATE TRIGGER customers_count_insert AFTER INSERT ON customers BEGIN
    UPDATE row_counts SET n = n + 1 WHERE name = 'customers';
END;
CREATE TRIGGER customers_count_delete AFTER DELETE ON customers BEGIN
    UPDATE row_counts SET n = n - 1 WHERE name = 'customers';
END;

-- The list's filters carry the other filter columns, so a page checks them
-- and a total counts them without reading the incident rows.
DROP INDEX incidents_received;
DROP INDEX incidents_status;
DROP INDEX incidents_severity;
DROP INDEX incidents_category;
CREATE INDEX incidents_received ON incidents (received_at, id, status, severity, category_id, customer_id);
CREATE INDEX incidents_status ON incidents (status, received_at, id, severity, category_id);
CREATE INDEX incidents_severity ON incidents (severity, received_at, id, status, category_id);
CREATE INDEX incidents_category ON incidents (category_id, received_at, id, status, severity);
-- A search hit's filter columns and time by id, without its texts.
CREATE INDEX incidents_keys ON incidents (id, received_at, status, severity, category_id, customer_id);

-- Insights: response and resolution times, root causes, who was recovered.
CREATE INDEX incidents_response ON incidents (received_at, first_done_at, resolved_at);
CREATE INDEX incidents_root_cause ON incidents (category_id, received_at, root_cause) WHERE root_cause <> '';
DROP INDEX incidents_resolved_at;
CREATE INDEX incidents_resolved_at ON incidents (resolved_at, customer_id) WHERE resolved_at IS NOT NULL;

-- Insights and the goodwill ledger: sums over a period without the rows.
DROP INDEX incident_gestures_given_at;
CREATE INDEX incident_gestures_given_at ON incident_gestures (given_at, cost_cents, redeemed_at, incident_id);
CREATE INDEX promises_due ON promises (due_at, status);
CREATE INDEX prevention_actions_created ON prevention_actions (created_at, done_at);
DROP INDEX follow_ups_done_at;
CREATE INDEX follow_ups_done_at ON follow_ups (done_at, outcome) WHERE done_at IS NOT NULL;

-- Customers found by any three letters or digits of their name, e-mail or
-- phone number (trigram index over the customers table itself).
CREATE VIRTUAL TABLE customer_fts USING fts5 (
    name, email, phone_digits,
    content = 'customers', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO customer_fts (customer_fts) VALUES ('rebuild');
CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customer_fts (rowid, name, email, phone_digits) VALUES (new.id, new.name, new.email, new.phone_digits);
END;
CREATE TRIGGER customers_fts_update AFTER UPDATE OF name, email, phone_digits ON customers BEGIN
    INSERT INTO customer_fts (customer_fts, rowid, name, email, phone_digits)
    VALUES ('delete', old.id, old.name, old.email, old.phone_digits);
    INSERT INTO customer_fts (rowid, name, email, phone_digits) VALUES (new.id, new.name, new.email, new.phone_digits);
END;
CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customer_fts (customer_fts, rowid, name, email, phone_digits)
    VALUES ('delete', old.id, old.name, old.email, old.phone_digits);
END;

CREATE TRIGGER incident_steps_times_insert AFTER INSERT ON incident_steps BEGIN
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
    first_done_at = (SELECT min(s.done_at) FROM incident_steps s WHERE s.incident_id = incidents.id)
    WHERE id = new.incident_id;
END;
CREATE TRIGGER incident_steps_times_update
    AFTER UPDATE OF done_at, position, target_amount, target_unit, target_from ON incident_steps BEGIN
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
    first_done_at = (SELECT min(s.done_at) FROM incident_steps s WHERE s.incident_id = incidents.id)
    WHERE id = new.incident_id;
END;
CREATE TRIGGER incident_steps_times_delete AFTER DELETE ON incident_steps BEGIN
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
    first_done_at = (SELECT min(s.done_at) FROM incident_steps s WHERE s.incident_id = incidents.id)
    WHERE id = old.incident_id;
END;
CREATE TRIGGER incidents_times_received AFTER UPDATE OF received_at ON incidents BEGIN
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
    first_done_at = (SELECT min(s.done_at) FROM incident_steps s WHERE s.incident_id = incidents.id)
    WHERE id = new.id;
END;
-- Fill in: incidents with a ticked step or an unticked step with a target.
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
    first_done_at = (SELECT min(s.done_at) FROM incident_steps s WHERE s.incident_id = incidents.id)
    WHERE id IN (SELECT incident_id FROM incident_steps);
