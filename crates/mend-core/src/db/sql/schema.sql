-- Mend's database as it is now (schema version 8): every table, index and
-- trigger, and the rows a new shop starts with. A new database is built from
-- this file alone; an older one is upgraded by the frozen version files
-- v1.sql ... v8.sql, each run once, in order.
--
-- The two roads must meet: a test replays v1.sql ... v8.sql on an empty
-- database and checks that it ends with the same tables, columns, indexes and
-- triggers (comments and spacing aside) and the same seed rows as this file.
-- So a change of schema is a new version file (v9.sql) plus the same change
-- written here; editing this file alone, or a shipped version file, fails
-- that test.
--
-- Conventions: times are UTC RFC 3339 text ("2026-11-22T10:15:00Z"), which
-- sorts in time order; money is integer cents in the shop's currency;
-- booleans are 0/1. Columns kept by triggers are marked "(kept)": code never
-- writes them.


-- ---------------------------------------------------------------------------
-- Settings, staff and categories
-- ---------------------------------------------------------------------------

-- One value per key: business_name, currency, default_playbook_id, and the
-- tuning the app writes when the owner changes it (advisor, value tiers,
-- follow-up rules, notifications).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO settings (key, value)
VALUES ('business_name', ''), ('currency', 'USD'), ('default_playbook_id', '1');

-- The names people pick; retired ones (active = 0) stay in the history.
CREATE TABLE staff (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL COLLATE NOCASE UNIQUE,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
);

CREATE TABLE categories (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL COLLATE NOCASE UNIQUE,
    position INTEGER NOT NULL,
    active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE INDEX categories_position ON categories (position, id);

-- The categories a new shop starts with; the owner can rename, add and retire
-- them.
INSERT INTO categories (name, position) VALUES
    ('Wait time', 1),
    ('Quality of work', 2),
    ('Wrong item', 3),
    ('Billing', 4),
    ('Staff attitude', 5),
    ('Booking', 6),
    ('Other', 7);


-- ---------------------------------------------------------------------------
-- Customers
-- ---------------------------------------------------------------------------

CREATE TABLE customers (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL COLLATE NOCASE,
    phone             TEXT NOT NULL DEFAULT '',
    -- The digits of the phone number, to recognise the same customer again.
    phone_digits      TEXT NOT NULL DEFAULT '',
    email             TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
    notes             TEXT NOT NULL DEFAULT '',
    visits            INTEGER NOT NULL DEFAULT 0 CHECK (visits >= 0),
    total_spend_cents INTEGER NOT NULL DEFAULT 0 CHECK (total_spend_cents >= 0),
    first_visit       TEXT,
    last_visit        TEXT,
    vip               INTEGER NOT NULL DEFAULT 0 CHECK (vip IN (0, 1)),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    -- The row version (v8): raised by one on each change through its edit
    -- form; a save names the version its form loaded.
    version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX customers_name ON customers (name, id);
CREATE INDEX customers_phone ON customers (phone_digits) WHERE phone_digits <> '';
CREATE INDEX customers_email ON customers (email) WHERE email <> '';
-- Ranking customers by value (Settings sets the cut-offs).
CREATE INDEX customers_spend ON customers (total_spend_cents);
CREATE INDEX customers_visits ON customers (visits);

-- Customers found by any three letters or digits of their name, e-mail or
-- phone number (trigram index over the customers table itself).
CREATE VIRTUAL TABLE customer_fts USING fts5 (
    name, email, phone_digits,
    content = 'customers', content_rowid = 'id', tokenize = 'trigram'
);
-- Empty now, but a rebuild writes the index's (zero) totals, as the upgrade
-- to v5 did: a new file's search index starts the same as an upgraded one's.
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

-- Two customer cards the owner said are different people, so Possible
-- duplicates no longer pairs them: the pair is kept once, smaller id first.
CREATE TABLE customer_pairs_dismissed (
    customer_a   INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    customer_b   INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    dismissed_at TEXT NOT NULL,
    dismissed_by INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    PRIMARY KEY (customer_a, customer_b),
    CHECK (customer_a < customer_b)
) WITHOUT ROWID;
CREATE INDEX customer_pairs_dismissed_b ON customer_pairs_dismissed (customer_b);
CREATE INDEX customer_pairs_dismissed_by ON customer_pairs_dismissed (dismissed_by);


-- ---------------------------------------------------------------------------
-- Incidents and their timeline
-- ---------------------------------------------------------------------------

CREATE TABLE incidents (
    id                INTEGER PRIMARY KEY,
    customer_id       INTEGER NOT NULL REFERENCES customers (id) ON DELETE RESTRICT,
    received_at       TEXT NOT NULL,
    channel           TEXT NOT NULL CHECK (channel IN
                        ('in_person', 'phone', 'email', 'message', 'review_site', 'other')),
    category_id       INTEGER REFERENCES categories (id) ON DELETE RESTRICT,
    severity          INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 5),
    description       TEXT NOT NULL,
    desired_outcome   TEXT NOT NULL DEFAULT '',
    transaction_cents INTEGER CHECK (transaction_cents >= 0),
    taken_by          INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
    status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    resolved_at       TEXT,
    resolution_note   TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    -- The playbook its checklist was copied from (none for incidents logged
    -- before playbooks, v2).
    playbook_id       INTEGER REFERENCES playbooks (id) ON DELETE SET NULL,
    root_cause        TEXT NOT NULL DEFAULT '',
    -- What failed and whose fault it was (v3; older incidents got the common
    -- case, the owner can correct it).
    failure_kind      TEXT NOT NULL DEFAULT 'outcome'
                        CHECK (failure_kind IN ('outcome', 'process')),
    fault             TEXT NOT NULL DEFAULT 'shop'
                        CHECK (fault IN ('shop', 'third_party', 'customer', 'unknown')),
    -- (kept) The earliest target time among its unticked steps, counting days
    -- as 24 hours in UTC, and its first response: the earliest of its ticked
    -- steps' times and responded_at. See the incident_steps_times triggers.
    step_due_at       TEXT,
    first_done_at     TEXT,
    -- The first response when it was not a ticked step: the time an incident
    -- none of whose steps had been ticked was resolved. NULL otherwise.
    responded_at      TEXT,
    -- The row version (v8): raised by one on each change through its edit
    -- form; a save names the version its form loaded.
    version           INTEGER NOT NULL DEFAULT 1,
    CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
);
-- The list (newest first, keyset paging) and each of its filters; each filter
-- carries the other filter columns, so a page checks them and a total counts
-- them without reading the incident rows.
CREATE INDEX incidents_received ON incidents (received_at, id, status, severity, category_id, customer_id);
-- Today also walks the open incidents oldest first and checks each one's step
-- target time in this index, without reading the row.
CREATE INDEX incidents_status ON incidents (status, received_at, id, severity, category_id, step_due_at);
CREATE INDEX incidents_severity ON incidents (severity, received_at, id, status, category_id);
CREATE INDEX incidents_category ON incidents (category_id, received_at, id, status, severity);
-- A search hit's filter columns and time by id, without its texts.
CREATE INDEX incidents_keys ON incidents (id, received_at, status, severity, category_id, customer_id);
-- Today counts the late ones by step target time alone.
CREATE INDEX incidents_open_due ON incidents (step_due_at) WHERE status = 'open';
-- A customer's card, and how many of a customer's incidents are open, without
-- reading them (the customer list counts both for every row it shows).
CREATE INDEX incidents_customer ON incidents (customer_id, received_at, status);
-- Foreign keys: who took it, its playbook.
CREATE INDEX incidents_taken_by ON incidents (taken_by);
CREATE INDEX incidents_playbook ON incidents (playbook_id);
-- Insights: response and resolution times, root causes, who was recovered
-- ("resolved today" too).
CREATE INDEX incidents_response ON incidents (received_at, first_done_at, resolved_at);
CREATE INDEX incidents_root_cause ON incidents (category_id, received_at, root_cause) WHERE root_cause <> '';
CREATE INDEX incidents_resolved_at ON incidents (resolved_at, customer_id) WHERE resolved_at IS NOT NULL;

-- The timeline: one row per change, never rewritten.
CREATE TABLE incident_events (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    staff_id    INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    kind        TEXT NOT NULL,
    summary     TEXT NOT NULL
);
CREATE INDEX incident_events_incident ON incident_events (incident_id, id);
CREATE INDEX incident_events_staff ON incident_events (staff_id);

-- Full-text search over the incident's texts and its customer's name, kept
-- in step by triggers so no code path can forget it.
CREATE VIRTUAL TABLE incident_fts USING fts5 (
    customer_name, description, desired_outcome, resolution_note,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER incidents_fts_insert AFTER INSERT ON incidents BEGIN
    INSERT INTO incident_fts (rowid, customer_name, description, desired_outcome, resolution_note)
    VALUES (new.id, (SELECT name FROM customers WHERE id = new.customer_id),
            new.description, new.desired_outcome, new.resolution_note);
END;
CREATE TRIGGER incidents_fts_update AFTER UPDATE OF
    customer_id, description, desired_outcome, resolution_note ON incidents BEGIN
    DELETE FROM incident_fts WHERE rowid = old.id;
    INSERT INTO incident_fts (rowid, customer_name, description, desired_outcome, resolution_note)
    VALUES (new.id, (SELECT name FROM customers WHERE id = new.customer_id),
            new.description, new.desired_outcome, new.resolution_note);
END;
CREATE TRIGGER incidents_fts_delete AFTER DELETE ON incidents BEGIN
    DELETE FROM incident_fts WHERE rowid = old.id;
END;
CREATE TRIGGER customers_fts_rename AFTER UPDATE OF name ON customers BEGIN
    UPDATE incident_fts SET customer_name = new.name
    WHERE rowid IN (SELECT id FROM incidents WHERE customer_id = new.id);
END;


-- ---------------------------------------------------------------------------
-- Playbooks and checklists
-- ---------------------------------------------------------------------------

CREATE TABLE playbooks (
    id          INTEGER PRIMARY KEY,
    -- Built-ins have fixed ids below 1000 and a fixed key; the shop's own
    -- playbooks are numbered from 1000 and have no key.
    builtin_key TEXT UNIQUE,
    name        TEXT NOT NULL COLLATE NOCASE UNIQUE,
    summary     TEXT NOT NULL DEFAULT '',
    hidden      INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    position    INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    -- The row version (v8), as on incidents and customers.
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX playbooks_position ON playbooks (position, id);

-- Phrases (say, avoid) are stored one per line.
CREATE TABLE playbook_steps (
    id            INTEGER PRIMARY KEY,
    playbook_id   INTEGER NOT NULL REFERENCES playbooks (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    title         TEXT NOT NULL,
    guidance      TEXT NOT NULL DEFAULT '',
    say           TEXT NOT NULL DEFAULT '',
    avoid         TEXT NOT NULL DEFAULT '',
    target_amount INTEGER CHECK (target_amount > 0),
    target_unit   TEXT CHECK (target_unit IN ('minutes', 'hours', 'days')),
    target_from   TEXT CHECK (target_from IN ('intake', 'previous_step')),
    capture       TEXT CHECK (capture IN ('desired_outcome', 'root_cause', 'follow_up')),
    -- 1 on the step that is the apology.
    apology       INTEGER NOT NULL DEFAULT 0 CHECK (apology IN (0, 1)),
    UNIQUE (playbook_id, position)
);

-- Each incident's own copy of its playbook's steps, taken when it was
-- logged, so editing a playbook never rewrites a checklist under way.
CREATE TABLE incident_steps (
    id            INTEGER PRIMARY KEY,
    incident_id   INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    title         TEXT NOT NULL,
    guidance      TEXT NOT NULL DEFAULT '',
    say           TEXT NOT NULL DEFAULT '',
    avoid         TEXT NOT NULL DEFAULT '',
    target_amount INTEGER CHECK (target_amount > 0),
    target_unit   TEXT CHECK (target_unit IN ('minutes', 'hours', 'days')),
    target_from   TEXT CHECK (target_from IN ('intake', 'previous_step')),
    capture       TEXT CHECK (capture IN ('desired_outcome', 'root_cause', 'follow_up')),
    done_at       TEXT,
    done_by       INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    note          TEXT NOT NULL DEFAULT '',
    apology       INTEGER NOT NULL DEFAULT 0 CHECK (apology IN (0, 1)),
    UNIQUE (incident_id, position)
);
CREATE INDEX incident_steps_done_by ON incident_steps (done_by);
-- "Waiting on the next step": the open steps of open incidents.
CREATE INDEX incident_steps_open ON incident_steps (incident_id, position) WHERE done_at IS NULL;

-- An incident's step times (step_due_at, first_done_at) follow its checklist,
-- its received time and responded_at. A step due "from the previous step" is
-- counted from when that step was ticked (from intake when it is the first).
-- The exact due time counts days on the shop's wall clock, so across a
-- daylight-saving change it and step_due_at differ by the size of the change
-- (at most two hours anywhere); Today reads this column to find late
-- incidents and works out the exact answer only for the few whose stored
-- time is that close to now.
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
    first_done_at = (
        SELECT min(coalesce(min(s.done_at), incidents.responded_at), coalesce(incidents.responded_at, min(s.done_at)))
        FROM incident_steps s WHERE s.incident_id = incidents.id)
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
    first_done_at = (
        SELECT min(coalesce(min(s.done_at), incidents.responded_at), coalesce(incidents.responded_at, min(s.done_at)))
        FROM incident_steps s WHERE s.incident_id = incidents.id)
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
    first_done_at = (
        SELECT min(coalesce(min(s.done_at), incidents.responded_at), coalesce(incidents.responded_at, min(s.done_at)))
        FROM incident_steps s WHERE s.incident_id = incidents.id)
    WHERE id = old.incident_id;
END;
CREATE TRIGGER incidents_times_received AFTER UPDATE OF received_at, responded_at ON incidents BEGIN
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
        FROM incident_steps s WHERE s.incident_id = incidents.id)
    WHERE id = new.id;
END;

-- The built-in playbooks with their fixed ids (never renumbered, never
-- reused). The owner can hide them; incidents keep their own copies of the
-- steps.
INSERT INTO playbooks (id, builtin_key, name, summary, position, created_at, updated_at)
VALUES (1, 'five-steps', 'Five steps', 'A sound all-round routine for any shop that wants a fair fix plus a gesture matched to how badly things went.', 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
INSERT INTO playbook_steps (playbook_id, position, title, guidance, say, avoid,
                            target_amount, target_unit, target_from, capture, apology) VALUES
    (1, 1, 'Apologize sincerely', 'Say sorry in your own words straight away, without blaming a colleague, a supplier or the customer.', 'I''m sorry this happened, and I''m going to put it right.
That''s not what we want for you, and I apologize.', 'Sorry, but that wasn''t me.
Sorry, but our policy is...', 5, 'minutes', 'intake', NULL, 1),
    (1, 2, 'Listen without lecturing', 'Let them tell the whole story and repeat it back; don''t explain why it went wrong or correct their version.', 'Tell me what happened.
So the main problem is this. Have I got that right?', 'Actually, if you had...
Well, you should have told us.', NULL, NULL, NULL, NULL, 0),
    (1, 3, 'Give a fair fix', 'Ask what they were hoping for instead of guessing, then deliver that quickly: redo it, replace it or refund it.', 'What were you hoping to walk out with today?
Here''s what I can do for you right now.', '', 1, 'days', 'intake', 'desired_outcome', 0),
    (1, 4, 'Offer something extra', 'Add a small extra beyond the fix, larger when the problem was worse or the customer is a regular; Mend suggests a size.', 'We''d like you to have this on us, for the trouble.', 'That''s the best we can do.', NULL, NULL, NULL, NULL, 0),
    (1, 5, 'Keep every promise', 'Log each promise with a due date, keep it, then call to check they''re happy; a broken promise does twice the damage.', 'I said I''d call today, so here I am. Is everything right now?', '', 2, 'days', 'previous_step', 'follow_up', 0);
INSERT INTO playbooks (id, builtin_key, name, summary, position, created_at, updated_at)
VALUES (2, 'recovery-model', 'Recovery model', 'Suits shops where several people take complaints, because one named person owns each case from first word to last call.', 2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
INSERT INTO playbook_steps (playbook_id, position, title, guidance, say, avoid,
                            target_amount, target_unit, target_from, capture, apology) VALUES
    (2, 1, 'Take ownership', 'Whoever hears the complaint owns it until it''s closed, even if someone else made the mistake, so give the customer your name.', 'I''ll look after this myself until it''s fixed.', 'That''s not my department.
You''ll need to speak to whoever served you.', NULL, NULL, NULL, NULL, 0),
    (2, 2, 'Apologize plainly', 'Say sorry early and simply, and mean it; a fast, sincere apology counts for more than any refund.', 'I''m really sorry. That shouldn''t have happened.', 'Sorry if you feel that way.', 10, 'minutes', 'intake', NULL, 1),
    (2, 3, 'Restore the service urgently', 'Ask what outcome they need, then put the original job or product right ahead of routine work.', 'What do you need from us to make this right?', '', 4, 'hours', 'intake', 'desired_outcome', 0),
    (2, 4, 'Show you understand', 'Acknowledge how the problem affected their day, not just what went wrong with the job.', 'That must have thrown your whole morning out.', 'It''s only a small thing.
Everyone else was fine with it.', NULL, NULL, NULL, NULL, 0),
    (2, 5, 'Make it up to them', 'Give a gesture that says sorry beyond the fix, sized to how bad it was and how much the customer means to the shop.', 'Please let us make it up to you with this.', '', NULL, NULL, NULL, NULL, 0),
    (2, 6, 'Follow up', 'Call a day or two later to check the fix held and the customer feels properly looked after.', 'I''m calling to check how things have been since we fixed it.', '', 2, 'days', 'previous_step', 'follow_up', 0);
INSERT INTO playbooks (id, builtin_key, name, summary, position, created_at, updated_at)
VALUES (3, 'seven-steps', 'Seven steps', 'Good for busy counters and phone-heavy shops that want a clear script, a lasting fix and a next-day check-in.', 3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
INSERT INTO playbook_steps (playbook_id, position, title, guidance, say, avoid,
                            target_amount, target_unit, target_from, capture, apology) VALUES
    (3, 1, 'Take responsibility', 'Treat the problem as the shop''s to solve, whoever caused it, and don''t pass the customer along.', 'This one''s on us, and I''ll handle it.', 'That''s not our fault.
Someone else dealt with that.', NULL, NULL, NULL, NULL, 0),
    (3, 2, 'Say sorry', 'Apologize right away in plain words; a quick, sincere sorry calms things more than any discount.', 'I''m so sorry about this.', 'Mistakes happen.', 5, 'minutes', 'intake', NULL, 1),
    (3, 3, 'Empathize at once', 'Name the feeling you hear and show you see why it matters to them, without claiming to know exactly how they feel.', 'That sounds really frustrating.
I''d be annoyed too if that happened to me.', 'I know how you feel.
Calm down.', NULL, NULL, NULL, NULL, 0),
    (3, 4, 'Act immediately', 'Start fixing it now, while the customer is still with you if you can, and tell them what happens next and when.', 'I''m starting on this right now.', 'We''ll get to it when we can.', 2, 'hours', 'intake', NULL, 0),
    (3, 5, 'Ask what would help', 'Ask what would make this right for them rather than assuming, and note their answer in their own words.', 'What would make this right for you?
What were you hoping we''d do?', 'Here''s what we normally do.', NULL, NULL, NULL, 'desired_outcome', 0),
    (3, 6, 'Stop it happening again', 'Find out why it went wrong and change one thing so it can''t recur; learning the cause beats winning the argument.', '', '', NULL, NULL, NULL, 'root_cause', 0),
    (3, 7, 'Follow up next day', 'Call a day or so after the fix to check that everything works and that they''re happy with how it was handled.', 'Just checking in: is everything working as it should now?
Is there anything still not right?', '', 1, 'days', 'previous_step', 'follow_up', 0);
INSERT INTO playbooks (id, builtin_key, name, summary, position, created_at, updated_at)
VALUES (4, 'eight-steps', 'Eight steps', 'Fits shops with regulars and bigger tickets, where careful notes and follow-up calls until the customer is satisfied pay off.', 4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
INSERT INTO playbook_steps (playbook_id, position, title, guidance, say, avoid,
                            target_amount, target_unit, target_from, capture, apology) VALUES
    (4, 1, 'Listen and write it down', 'Hear them out and note what they''re unhappy with, what they want, and the date and time it happened.', 'Let me write this down so nothing gets lost.
And what would you like us to do about it?', '', NULL, NULL, NULL, 'desired_outcome', 0),
    (4, 2, 'Respond quickly', 'Get back to them fast, even if only to say what happens next; speed of response is what keeps customers.', 'I''ve got your message and I''m on it.', '', 10, 'minutes', 'intake', NULL, 0),
    (4, 3, 'See it from their side', 'Stay courteous whatever their tone, and picture how the problem looks from where they stand.', 'I can see why that would upset you.', 'There''s no need to shout.
You''re the only one who''s complained.', NULL, NULL, NULL, NULL, 0),
    (4, 4, 'Look for a solution', 'Work out the options that would fix the problem for them, not just the easiest one for the shop.', '', '', NULL, NULL, NULL, NULL, 0),
    (4, 5, 'Make an offer', 'Put a clear, concrete offer to the customer and agree it with them before you act.', 'Here''s what I''d like to do. Would that work for you?', 'Take it or leave it.', 1, 'days', 'intake', NULL, 0),
    (4, 6, 'Apologize sincerely', 'Say sorry in your own words and mean it, without excuses tacked on the end.', 'I''m genuinely sorry we let you down.', 'Sorry, but we were short-staffed.', NULL, NULL, NULL, NULL, 1),
    (4, 7, 'Tell them they matter', 'Let them know their business is valued and that you want them back.', 'We really value having you as a customer.
Thank you for giving us the chance to fix it.', '', NULL, NULL, NULL, NULL, 0),
    (4, 8, 'Follow up until satisfied', 'Call a couple of days after the fix and keep checking in until the customer says they''re happy.', 'I wanted to make sure everything is right for you now.', '', 2, 'days', 'previous_step', 'follow_up', 0);
INSERT INTO playbooks (id, builtin_key, name, summary, position, created_at, updated_at)
VALUES (5, 'heard', 'HEARD', 'Hear, Empathize, Apologize, Resolve, Diagnose: a short routine for cafés and front counters, easy to recall without looking it up.', 5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
INSERT INTO playbook_steps (playbook_id, position, title, guidance, say, avoid,
                            target_amount, target_unit, target_from, capture, apology) VALUES
    (5, 1, 'Hear them out', 'Let the customer finish without interrupting, then sum up what you heard so they know you listened.', 'Go on, I''m listening.
So what went wrong was this. Is that right?', 'Yes, yes, I get it.', NULL, NULL, NULL, NULL, 0),
    (5, 2, 'Empathize with them', 'Show you understand why it matters to them before you talk about fixing anything.', 'That''s really disappointing, especially today.', 'I know how you feel.', NULL, NULL, NULL, NULL, 0),
    (5, 3, 'Apologize sincerely', 'Say sorry promptly, in your own words and without excuses.', 'I''m sorry, we got that wrong.', 'Sorry, but it''s been a busy day.', 10, 'minutes', 'intake', NULL, 1),
    (5, 4, 'Resolve the problem', 'Ask what would put it right for them instead of assuming, then do it as quickly as you can.', 'What would put this right for you?', '', 1, 'days', 'intake', 'desired_outcome', 0),
    (5, 5, 'Diagnose the cause', 'Afterwards, work out why it happened and what to change, without looking for someone to blame.', '', '', NULL, NULL, NULL, 'root_cause', 0);
INSERT INTO playbooks (id, builtin_key, name, summary, position, created_at, updated_at)
VALUES (6, 'last', 'LAST', 'Listen, Apologize, Solve, Thank: the lightest routine, for small everyday slips such as a wrong order or a short wait, settled on the spot.', 6, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
INSERT INTO playbook_steps (playbook_id, position, title, guidance, say, avoid,
                            target_amount, target_unit, target_from, capture, apology) VALUES
    (6, 1, 'Listen closely', 'Watch for early signs like a frown or an untouched plate, ask before it becomes a complaint, and let them finish.', 'Is everything all right with that?
Tell me what''s wrong.', '', NULL, NULL, NULL, NULL, 0),
    (6, 2, 'Apologize sincerely', 'Say sorry straight away and in your own words, without explaining whose fault it was.', 'I''m sorry about that, let me sort it out.', 'It''s not my fault, the kitchen did it.', 5, 'minutes', 'intake', NULL, 1),
    (6, 3, 'Solve the problem', 'Ask what they''d like instead of guessing, then fix it there and then if you possibly can.', 'What would you like me to do about it?', '', 4, 'hours', 'intake', 'desired_outcome', 0),
    (6, 4, 'Thank the customer', 'Thank them for speaking up, because most unhappy customers simply leave and never tell you why.', 'Thanks for telling us. It helps us get it right.', '', NULL, NULL, NULL, NULL, 0);


-- ---------------------------------------------------------------------------
-- Root causes and follow-up calls
-- ---------------------------------------------------------------------------

CREATE TABLE prevention_actions (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    action      TEXT NOT NULL,
    owner_id    INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    due_date    TEXT,
    done_at     TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX prevention_actions_incident ON prevention_actions (incident_id);
CREATE INDEX prevention_actions_owner ON prevention_actions (owner_id);
CREATE INDEX prevention_actions_open ON prevention_actions (due_date) WHERE done_at IS NULL;
CREATE INDEX prevention_actions_created ON prevention_actions (created_at, done_at);

-- Follow-up calls: due time, who should call ("anyone" when NULL), the
-- outcome and attempts so far.
CREATE TABLE follow_ups (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    due_at      TEXT NOT NULL,
    assignee_id INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    outcome     TEXT CHECK (outcome IN ('satisfied', 'partly_satisfied', 'not_satisfied', 'no_answer')),
    attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    note        TEXT NOT NULL DEFAULT '',
    done_at     TEXT,
    done_by     INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX follow_ups_incident ON follow_ups (incident_id, due_at);
CREATE INDEX follow_ups_due ON follow_ups (due_at) WHERE done_at IS NULL;
CREATE INDEX follow_ups_assignee ON follow_ups (assignee_id);
CREATE INDEX follow_ups_done_by ON follow_ups (done_by);
-- Calls made, by time and outcome ("not satisfied: reopened" on Today,
-- Insights).
CREATE INDEX follow_ups_done_at ON follow_ups (done_at, outcome) WHERE done_at IS NOT NULL;


-- ---------------------------------------------------------------------------
-- Gestures and the goodwill ledger
-- ---------------------------------------------------------------------------

-- The shop's gesture catalogue. Tiers: comma-separated advisor tiers.
CREATE TABLE gestures (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL COLLATE NOCASE UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('symbolic', 'service', 'discount', 'refund', 'gift')),
    cost_cents INTEGER CHECK (cost_cents >= 0),
    percent    INTEGER CHECK (percent BETWEEN 1 AND 300),
    tiers      TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    position   INTEGER NOT NULL
);
CREATE INDEX gestures_position ON gestures (position, id);

-- The gesture catalogue a new shop starts with (for a salon or shop): a fixed
-- cost in cents or a percentage of the transaction, and the tiers it fits.
INSERT INTO gestures (name, kind, cost_cents, percent, tiers, position) VALUES
    ('Handwritten apology note', 'symbolic', 100, NULL, 'apology_only,symbolic', 1),
    ('Free coffee or drink', 'gift', 350, NULL, 'symbolic', 2),
    ('Small product sample', 'gift', 600, NULL, 'symbolic,modest', 3),
    ('10% off the next visit', 'discount', NULL, 10, 'symbolic,modest', 4),
    ('Free add-on service', 'service', 1500, NULL, 'modest', 5),
    ('Gift voucher', 'gift', 2500, NULL, 'modest,substantial', 6),
    ('25% off today''s bill', 'discount', NULL, 25, 'modest,substantial', 7),
    ('Half refund', 'refund', NULL, 50, 'substantial', 8),
    ('Redo the service free', 'service', NULL, 100, 'substantial,major', 9),
    ('Full refund', 'refund', NULL, 100, 'major', 10),
    ('Full refund and a voucher', 'refund', NULL, 120, 'major', 11);

-- The goodwill ledger: every gesture given, what it cost, whether it was used.
CREATE TABLE incident_gestures (
    id             INTEGER PRIMARY KEY,
    incident_id    INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    gesture_id     INTEGER REFERENCES gestures (id) ON DELETE SET NULL,
    description    TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('symbolic', 'service', 'discount', 'refund', 'gift')),
    cost_cents     INTEGER NOT NULL CHECK (cost_cents >= 0),
    note           TEXT NOT NULL DEFAULT '',
    suggested_tier TEXT,
    given_at       TEXT NOT NULL,
    given_by       INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    redeemed_at    TEXT
);
CREATE INDEX incident_gestures_incident ON incident_gestures (incident_id);
CREATE INDEX incident_gestures_gesture ON incident_gestures (gesture_id);
CREATE INDEX incident_gestures_given_by ON incident_gestures (given_by);
-- Insights and the goodwill ledger: sums over a period without the rows.
CREATE INDEX incident_gestures_given_at ON incident_gestures (given_at, cost_cents, redeemed_at, incident_id);


-- ---------------------------------------------------------------------------
-- Promises
-- ---------------------------------------------------------------------------

CREATE TABLE promises (
    id            INTEGER PRIMARY KEY,
    incident_id   INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    text          TEXT NOT NULL,
    due_at        TEXT NOT NULL,
    owner_id      INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'broken')),
    broken_reason TEXT NOT NULL DEFAULT '',
    closed_at     TEXT,
    closed_by     INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    created_at    TEXT NOT NULL,
    CHECK ((status = 'open') = (closed_at IS NULL))
);
CREATE INDEX promises_incident ON promises (incident_id, due_at);
CREATE INDEX promises_open_due ON promises (due_at) WHERE status = 'open';
CREATE INDEX promises_owner ON promises (owner_id);
CREATE INDEX promises_closed_by ON promises (closed_by);
CREATE INDEX promises_due ON promises (due_at, status);

-- Each time an open promise was moved to a new due time, with the reason given:
-- the promise's count of moves, and Insights' "promises moved" in a period
-- (moved_at).
CREATE TABLE promise_moves (
    id          INTEGER PRIMARY KEY,
    promise_id  INTEGER NOT NULL REFERENCES promises (id) ON DELETE CASCADE,
    from_due_at TEXT NOT NULL,
    to_due_at   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    moved_at    TEXT NOT NULL,
    moved_by    INTEGER REFERENCES staff (id) ON DELETE SET NULL
);
CREATE INDEX promise_moves_promise ON promise_moves (promise_id);
CREATE INDEX promise_moves_moved_at ON promise_moves (moved_at);
CREATE INDEX promise_moves_moved_by ON promise_moves (moved_by);


-- ---------------------------------------------------------------------------
-- Counters kept by triggers
-- ---------------------------------------------------------------------------

-- How many incidents there are of each status, severity and category (0:
-- none), so list totals and Today's counts never count rows.
CREATE TABLE incident_tallies (
    status       TEXT NOT NULL,
    severity     INTEGER NOT NULL,
    category_key INTEGER NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (status, severity, category_key)
) WITHOUT ROWID;
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

-- How many customers there are (the customer list's total and the value
-- tiers' ranks).
CREATE TABLE row_counts (
    name TEXT PRIMARY KEY,
    n    INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO row_counts (name, n) VALUES ('customers', 0);
CREATE TRIGGER customers_count_insert AFTER INSERT ON customers BEGIN
    UPDATE row_counts SET n = n + 1 WHERE name = 'customers';
END;
CREATE TRIGGER customers_count_delete AFTER DELETE ON customers BEGIN
    UPDATE row_counts SET n = n - 1 WHERE name = 'customers';
END;


-- ---------------------------------------------------------------------------
-- Per-day roll-ups kept by triggers
-- ---------------------------------------------------------------------------
-- Insights and the goodwill ledger read whole UTC days here and only the
-- period's partial edge days from the rows (a local midnight is rarely a UTC
-- one). `day` is "YYYY-MM-DD" (UTC, the first ten characters of the stored
-- time); a category key of 0 is "no category". Counts may fall to 0 and stay:
-- readers skip zero rows. Each trigger takes the old row's share away and adds
-- the new row's, so any change of a source column is handled the same.
--
-- Durations are minutes from intake, rounded to the nearest minute and never
-- negative, counted in buckets named by their upper end: every minute up to
-- 2 hours, quarter hours up to 2 days, whole hours beyond (BUCKET in
-- schema.rs, which Insights uses for the edge days).

-- Incidents received per day and category.
CREATE TABLE daily_incidents (
    day          TEXT NOT NULL,
    category_key INTEGER NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (day, category_key)
) WITHOUT ROWID;
-- Incidents received per day by minutes to first response (kind 0) and to
-- resolution (kind 1), in the duration buckets.
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

CREATE TRIGGER incidents_daily_insert AFTER INSERT ON incidents BEGIN
    INSERT INTO daily_incidents (day, category_key, n)
    VALUES (substr(new.received_at, 1, 10), coalesce(new.category_id, 0), 1)
    ON CONFLICT (day, category_key) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_times (kind, day, bucket, n)
    SELECT 0, substr(new.received_at, 1, 10),
           CASE WHEN max(0, CAST(round((julianday(new.first_done_at) - julianday(new.received_at)) * 1440) AS INTEGER)) <= 120 THEN max(0, CAST(round((julianday(new.first_done_at) - julianday(new.received_at)) * 1440) AS INTEGER))
                WHEN max(0, CAST(round((julianday(new.first_done_at) - julianday(new.received_at)) * 1440) AS INTEGER)) <= 2880 THEN (max(0, CAST(round((julianday(new.first_done_at) - julianday(new.received_at)) * 1440) AS INTEGER)) + 14) / 15 * 15
                ELSE (max(0, CAST(round((julianday(new.first_done_at) - julianday(new.received_at)) * 1440) AS INTEGER)) + 59) / 60 * 60 END,
           1 WHERE new.first_done_at IS NOT NULL
    ON CONFLICT (kind, day, bucket) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_times (kind, day, bucket, n)
    SELECT 1, substr(new.received_at, 1, 10),
           CASE WHEN max(0, CAST(round((julianday(new.resolved_at) - julianday(new.received_at)) * 1440) AS INTEGER)) <= 120 THEN max(0, CAST(round((julianday(new.resolved_at) - julianday(new.received_at)) * 1440) AS INTEGER))
                WHEN max(0, CAST(round((julianday(new.resolved_at) - julianday(new.received_at)) * 1440) AS INTEGER)) <= 2880 THEN (max(0, CAST(round((julianday(new.resolved_at) - julianday(new.received_at)) * 1440) AS INTEGER)) + 14) / 15 * 15
                ELSE (max(0, CAST(round((julianday(new.resolved_at) - julianday(new.received_at)) * 1440) AS INTEGER)) + 59) / 60 * 60 END,
           1 WHERE new.resolved_at IS NOT NULL
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
    SELECT 0, substr(old.received_at, 1, 10),
           CASE WHEN max(0, CAST(round((julianday(old.first_done_at) - julianday(old.received_at)) * 1440) AS INTEGER)) <= 120 THEN max(0, CAST(round((julianday(old.first_done_at) - julianday(old.received_at)) * 1440) AS INTEGER))
                WHEN max(0, CAST(round((julianday(old.first_done_at) - julianday(old.received_at)) * 1440) AS INTEGER)) <= 2880 THEN (max(0, CAST(round((julianday(old.first_done_at) - julianday(old.received_at)) * 1440) AS INTEGER)) + 14) / 15 * 15
                ELSE (max(0, CAST(round((julianday(old.first_done_at) - julianday(old.received_at)) * 1440) AS INTEGER)) + 59) / 60 * 60 END,
           -1 WHERE old.first_done_at IS NOT NULL
    ON CONFLICT (kind, day, bucket) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_times (kind, day, bucket, n)
    SELECT 1, substr(old.received_at, 1, 10),
           CASE WHEN max(0, CAST(round((julianday(old.resolved_at) - julianday(old.received_at)) * 1440) AS INTEGER)) <= 120 THEN max(0, CAST(round((julianday(old.resolved_at) - julianday(old.received_at)) * 1440) AS INTEGER))
                WHEN max(0, CAST(round((julianday(old.resolved_at) - julianday(old.received_at)) * 1440) AS INTEGER)) <= 2880 THEN (max(0, CAST(round((julianday(old.resolved_at) - julianday(old.received_at)) * 1440) AS INTEGER)) + 14) / 15 * 15
                ELSE (max(0, CAST(round((julianday(old.resolved_at) - julianday(old.received_at)) * 1440) AS INTEGER)) + 59) / 60 * 60 END,
           -1 WHERE old.resolved_at IS NOT NULL
    ON CONFLICT (kind, day, bucket) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_root_causes (day, category_key, root_cause, n)
    SELECT substr(old.received_at, 1, 10), coalesce(old.category_id, 0), old.root_cause, -1 WHERE old.root_cause <> ''
    ON CONFLICT (day, category_key, root_cause) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_incidents (day, category_key, n)
    VALUES (substr(new.received_at, 1, 10), coalesce(new.category_id, 0), 1)
    ON CONFLICT (day, category_key) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_times (kind, day, bucket, n)
    SELECT 0, substr(new.received_at, 1, 10),
           CASE WHEN max(0, CAST(round((julianday(new.first_done_at) - julianday(new.received_at)) * 1440) AS INTEGER)) <= 120 THEN max(0, CAST(round((julianday(new.first_done_at) - julianday(new.received_at)) * 1440) AS INTEGER))
                WHEN max(0, CAST(round((julianday(new.first_done_at) - julianday(new.received_at)) * 1440) AS INTEGER)) <= 2880 THEN (max(0, CAST(round((julianday(new.first_done_at) - julianday(new.received_at)) * 1440) AS INTEGER)) + 14) / 15 * 15
                ELSE (max(0, CAST(round((julianday(new.first_done_at) - julianday(new.received_at)) * 1440) AS INTEGER)) + 59) / 60 * 60 END,
           1 WHERE new.first_done_at IS NOT NULL
    ON CONFLICT (kind, day, bucket) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_times (kind, day, bucket, n)
    SELECT 1, substr(new.received_at, 1, 10),
           CASE WHEN max(0, CAST(round((julianday(new.resolved_at) - julianday(new.received_at)) * 1440) AS INTEGER)) <= 120 THEN max(0, CAST(round((julianday(new.resolved_at) - julianday(new.received_at)) * 1440) AS INTEGER))
                WHEN max(0, CAST(round((julianday(new.resolved_at) - julianday(new.received_at)) * 1440) AS INTEGER)) <= 2880 THEN (max(0, CAST(round((julianday(new.resolved_at) - julianday(new.received_at)) * 1440) AS INTEGER)) + 14) / 15 * 15
                ELSE (max(0, CAST(round((julianday(new.resolved_at) - julianday(new.received_at)) * 1440) AS INTEGER)) + 59) / 60 * 60 END,
           1 WHERE new.resolved_at IS NOT NULL
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
    SELECT 0, substr(old.received_at, 1, 10),
           CASE WHEN max(0, CAST(round((julianday(old.first_done_at) - julianday(old.received_at)) * 1440) AS INTEGER)) <= 120 THEN max(0, CAST(round((julianday(old.first_done_at) - julianday(old.received_at)) * 1440) AS INTEGER))
                WHEN max(0, CAST(round((julianday(old.first_done_at) - julianday(old.received_at)) * 1440) AS INTEGER)) <= 2880 THEN (max(0, CAST(round((julianday(old.first_done_at) - julianday(old.received_at)) * 1440) AS INTEGER)) + 14) / 15 * 15
                ELSE (max(0, CAST(round((julianday(old.first_done_at) - julianday(old.received_at)) * 1440) AS INTEGER)) + 59) / 60 * 60 END,
           -1 WHERE old.first_done_at IS NOT NULL
    ON CONFLICT (kind, day, bucket) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_times (kind, day, bucket, n)
    SELECT 1, substr(old.received_at, 1, 10),
           CASE WHEN max(0, CAST(round((julianday(old.resolved_at) - julianday(old.received_at)) * 1440) AS INTEGER)) <= 120 THEN max(0, CAST(round((julianday(old.resolved_at) - julianday(old.received_at)) * 1440) AS INTEGER))
                WHEN max(0, CAST(round((julianday(old.resolved_at) - julianday(old.received_at)) * 1440) AS INTEGER)) <= 2880 THEN (max(0, CAST(round((julianday(old.resolved_at) - julianday(old.received_at)) * 1440) AS INTEGER)) + 14) / 15 * 15
                ELSE (max(0, CAST(round((julianday(old.resolved_at) - julianday(old.received_at)) * 1440) AS INTEGER)) + 59) / 60 * 60 END,
           -1 WHERE old.resolved_at IS NOT NULL
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

-- ---------------------------------------------------------------------------
-- Row versions (v8)
-- ---------------------------------------------------------------------------

-- A change of a column an edit form shows, made any other way (two customer
-- cards merged, a customer list imported, the incident page's own fields),
-- raises the row version too, so a form loaded before it is refused. The edit
-- forms' saves raise it themselves (new.version differs from old.version).
CREATE TRIGGER incidents_version AFTER UPDATE OF customer_id, received_at, channel, category_id, severity,
    description, desired_outcome, transaction_cents, taken_by, failure_kind, fault ON incidents
    WHEN new.version = old.version BEGIN
    UPDATE incidents SET version = old.version + 1 WHERE id = new.id;
END;
CREATE TRIGGER customers_version AFTER UPDATE OF name, phone, email, notes, visits, total_spend_cents,
    first_visit, last_visit, vip ON customers
    WHEN new.version = old.version BEGIN
    UPDATE customers SET version = old.version + 1 WHERE id = new.id;
END;
CREATE TRIGGER playbooks_version AFTER UPDATE OF name, summary ON playbooks
    WHEN new.version = old.version BEGIN
    UPDATE playbooks SET version = old.version + 1 WHERE id = new.id;
END;
