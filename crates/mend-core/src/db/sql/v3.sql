-- Version 3 (atonement): what failed and whose fault it was on each incident
-- (incidents logged before get "outcome" and "shop", the common case; the owner
-- can correct them), the gesture catalogue seeded for a salon or shop, the
-- goodwill ledger of gestures given, and indexes for ranking customers by value.
--
-- Frozen: never edited once shipped; a change of schema is a new version file.

ALTER TABLE incidents ADD COLUMN failure_kind TEXT NOT NULL DEFAULT 'outcome'
    CHECK (failure_kind IN ('outcome', 'process'));
ALTER TABLE incidents ADD COLUMN fault TEXT NOT NULL DEFAULT 'shop'
    CHECK (fault IN ('shop', 'third_party', 'customer', 'unknown'));

-- Ranking customers by value (Settings sets the cut-offs).
CREATE INDEX customers_spend ON customers (total_spend_cents);
CREATE INDEX customers_visits ON customers (visits);

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
CREATE INDEX incident_gestures_given_at ON incident_gestures (given_at);
CREATE INDEX incident_gestures_gesture ON incident_gestures (gesture_id);
CREATE INDEX incident_gestures_given_by ON incident_gestures (given_by);

-- The gesture catalogue a new shop starts with.
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
