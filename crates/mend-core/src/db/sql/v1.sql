-- Version 1 (foundation): settings, staff, categories, customers, incidents, the
-- per-incident event log (timeline) and full-text search over incidents; the
-- categories a new shop starts with.
--
-- Times are UTC RFC 3339 text ("2026-11-22T10:15:00Z"), which sorts in time
-- order; money is integer cents in the shop's currency; booleans are 0/1.
--
-- Frozen: an older database is upgraded through the version files exactly as
-- they shipped, so a shipped file never changes; a change of schema is a new
-- version file, with schema.sql brought into line with it.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO settings (key, value) VALUES ('business_name', ''), ('currency', 'USD');

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
    updated_at        TEXT NOT NULL
);
CREATE INDEX customers_name ON customers (name, id);
CREATE INDEX customers_phone ON customers (phone_digits) WHERE phone_digits <> '';
CREATE INDEX customers_email ON customers (email) WHERE email <> '';

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
    CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
);
-- The list (newest first, keyset paging) and each of its filters.
CREATE INDEX incidents_received ON incidents (received_at, id);
CREATE INDEX incidents_status ON incidents (status, received_at, id);
CREATE INDEX incidents_severity ON incidents (severity, received_at, id);
CREATE INDEX incidents_category ON incidents (category_id, received_at, id);
-- Foreign keys: a customer's card, who took it, and "resolved today".
CREATE INDEX incidents_customer ON incidents (customer_id, received_at);
CREATE INDEX incidents_taken_by ON incidents (taken_by);
CREATE INDEX incidents_resolved_at ON incidents (resolved_at) WHERE resolved_at IS NOT NULL;

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

-- The categories a new shop starts with.
INSERT INTO categories (name, position) VALUES
    ('Wait time', 1),
    ('Quality of work', 2),
    ('Wrong item', 3),
    ('Billing', 4),
    ('Staff attitude', 5),
    ('Booking', 6),
    ('Other', 7);
