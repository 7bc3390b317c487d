//! The shape of Mend's database and how it grows from one version to the next.
//!
//! The version lives in SQLite's `user_version`. A new database is built by
//! running every upgrade from version 0; an older one runs the upgrades it has
//! not seen, all inside one transaction, so an upgrade happens whole or not at
//! all. `application_id` marks the file as Mend's, so another program's
//! SQLite file is never mistaken for ours.
//!
//! The whole product's data, and the version that brings each part:
//! - v1 (foundation): settings, staff, categories, customers, incidents, the
//!   per-incident event log (timeline) and full-text search over incidents.
//! - v2 (playbooks): playbooks and their steps (built-ins seeded with fixed
//!   ids), each incident's checklist snapshot, root cause, prevention
//!   actions, and follow-ups in the shape the call list will use.
//! - v3 (atonement): what failed and whose fault it was on each incident,
//!   the gesture catalogue (seeded for a salon or shop), the goodwill ledger
//!   of gestures given, and indexes for ranking customers by value.
//! - v4 (promises and calls): promises with due times, kept or broken, and
//!   the follow-up defaults (calling time, closed days, retries).
//! - v5 (speed at 100k+ incidents): counters and precomputed times kept by
//!   triggers (incident tallies and the customer count for list totals, each
//!   incident's earliest step target and first response), indexes that cover
//!   every list filter and the Insights and ledger sums, and substring search
//!   over customers.
//! - v6 (speed, measured): Today's and the customer list's indexes reshaped
//!   after measuring at 100k and 1M incidents, and per-day roll-ups kept by
//!   triggers (incidents, response times, root causes, gestures, calls,
//!   promises, prevention actions) for Insights and the goodwill ledger.
//! - v7 (resolving is a response): `responded_at` on each incident, the first
//!   response when it was not a ticked step (resolving an incident none of
//!   whose steps was ticked); the kept first response (`first_done_at`) is
//!   the earliest of the ticked steps and `responded_at`. The built-in
//!   playbooks are written again in plainer words.
//!
//! Each later version arrives as one more arm of [`upgrade_from`].

use crate::domain::playbook::builtin::BUILTIN;
use rusqlite::Transaction;

/// The schema version this build of Mend writes and understands.
pub const VERSION: i64 = 7;

/// Written to `PRAGMA application_id` ("MEND" in ASCII).
pub const APPLICATION_ID: i64 = 0x4D45_4E44;

/// Categories a new shop starts with; the owner can rename, add and retire them.
pub const DEFAULT_CATEGORIES: &[&str] =
    &["Wait time", "Quality of work", "Wrong item", "Billing", "Staff attitude", "Booking", "Other"];

/// The gesture catalogue a new shop starts with: name, kind, fixed cost in
/// cents or percentage of the transaction, and the tiers it fits.
#[allow(clippy::type_complexity)]
pub const DEFAULT_GESTURES: &[(&str, &str, Option<i64>, Option<i64>, &str)] = &[
    ("Handwritten apology note", "symbolic", Some(100), None, "apology_only,symbolic"),
    ("Free coffee or drink", "gift", Some(350), None, "symbolic"),
    ("Small product sample", "gift", Some(600), None, "symbolic,modest"),
    ("10% off the next visit", "discount", None, Some(10), "symbolic,modest"),
    ("Free add-on service", "service", Some(1500), None, "modest"),
    ("Gift voucher", "gift", Some(2500), None, "modest,substantial"),
    ("25% off today's bill", "discount", None, Some(25), "modest,substantial"),
    ("Half refund", "refund", None, Some(50), "substantial"),
    ("Redo the service free", "service", None, Some(100), "substantial,major"),
    ("Full refund", "refund", None, Some(100), "major"),
    ("Full refund and a voucher", "refund", None, Some(120), "major"),
];

/// Brings a database at `version` to `version + 1`.
pub fn upgrade_from(tx: &Transaction<'_>, version: i64) -> rusqlite::Result<()> {
    match version {
        // 0 -> 1: the foundation. Times are UTC RFC 3339 text
        // ("2026-11-22T10:15:00Z"), which sorts in time order; money is integer
        // cents in the shop's currency; booleans are 0/1.
        0 => {
            tx.execute_batch(V1)?;
            let mut insert = tx.prepare("INSERT INTO categories (name, position) VALUES (?1, ?2)")?;
            for (i, name) in DEFAULT_CATEGORIES.iter().enumerate() {
                insert.execute((name, i as i64 + 1))?;
            }
            Ok(())
        }
        // 1 -> 2: recovery playbooks. Built-ins get their fixed ids; existing
        // incidents keep no checklist (they were logged before playbooks).
        1 => {
            tx.execute_batch(V2)?;
            seed_builtin_playbooks(tx)
        }
        // 2 -> 3: the atonement advisor and the goodwill ledger. Incidents
        // logged before get "outcome" and "shop" (the common case); the
        // owner can correct them.
        2 => {
            tx.execute_batch(V3)?;
            let mut insert = tx.prepare(
                "INSERT INTO gestures (name, kind, cost_cents, percent, tiers, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for (i, (name, kind, cost, percent, tiers)) in DEFAULT_GESTURES.iter().enumerate() {
                insert.execute(rusqlite::params![name, kind, cost, percent, tiers, i as i64 + 1])?;
            }
            Ok(())
        }
        // 3 -> 4: promises. Follow-ups already have their table (v2).
        3 => tx.execute_batch(V4),
        // 4 -> 5: speed. New columns, counters and search tables are filled
        // from the existing rows here; triggers keep them right from then on.
        // On a very large shop this takes a while once (about a minute at a
        // million incidents), inside the same all-or-nothing transaction.
        4 => tx.execute_batch(&v5_sql()),
        // 5 -> 6: indexes reshaped after measuring at 100k and 1M incidents,
        // and the per-day roll-ups filled from the existing rows (see
        // [`v6_sql`]); triggers keep them right from then on.
        5 => tx.execute_batch(&v6_sql()),
        // 6 -> 7: resolving counts as the first response when no step was
        // ticked (see [`v7_sql`]). Incidents resolved before keep what they
        // had: no response is made up for them. The built-in playbooks get
        // their plainer words; incidents keep their own copies of the steps.
        6 => {
            tx.execute_batch(&v7_sql())?;
            seed_builtin_playbooks(tx)
        }
        _ => unreachable!("no upgrade from version {version}"),
    }
}

/// Writes the built-in playbooks with their fixed ids, replacing their steps
/// and keeping whether the owner hid them. Later versions that reword a
/// built-in call this again; incidents keep their own copies of the steps.
pub fn seed_builtin_playbooks(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let mut playbook = tx.prepare(
        "INSERT INTO playbooks (id, builtin_key, name, summary, position, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
         ON CONFLICT (id) DO UPDATE SET builtin_key = excluded.builtin_key, name = excluded.name,
             summary = excluded.summary, updated_at = excluded.updated_at",
    )?;
    let mut step = tx.prepare(
        "INSERT INTO playbook_steps (playbook_id, position, title, guidance, say, avoid,
                                     target_amount, target_unit, target_from, capture)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for p in BUILTIN {
        playbook.execute((p.id, p.key, p.name, p.summary))?;
        tx.execute("DELETE FROM playbook_steps WHERE playbook_id = ?1", [p.id])?;
        for (i, s) in p.steps.iter().enumerate() {
            step.execute(rusqlite::params![
                p.id,
                i as i64 + 1,
                s.title,
                s.guidance,
                s.say.join("\n"),
                s.avoid.join("\n"),
                s.target.map(|t| t.amount),
                s.target.map(|t| t.unit.as_str()),
                s.target.map(|t| t.from.as_str()),
                s.capture.map(|c| c.as_str()),
            ])?;
        }
    }
    Ok(())
}

const V1: &str = r#"
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
"#;

const V2: &str = r#"
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
    updated_at  TEXT NOT NULL
);
CREATE INDEX playbooks_position ON playbooks (position, id);

-- Phrases are stored one per line.
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
    UNIQUE (playbook_id, position)
);

ALTER TABLE incidents ADD COLUMN playbook_id INTEGER REFERENCES playbooks (id) ON DELETE SET NULL;
ALTER TABLE incidents ADD COLUMN root_cause TEXT NOT NULL DEFAULT '';
CREATE INDEX incidents_playbook ON incidents (playbook_id);

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
    UNIQUE (incident_id, position)
);
CREATE INDEX incident_steps_done_by ON incident_steps (done_by);
-- "Waiting on the next step": the open steps of open incidents.
CREATE INDEX incident_steps_open ON incident_steps (incident_id, position) WHERE done_at IS NULL;

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

-- Follow-up calls. The call list (a later version) reads these: due time,
-- who should call ("anyone" when NULL), the outcome and attempts so far.
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

INSERT INTO settings (key, value) VALUES ('default_playbook_id', '1');
"#;

const V3: &str = r#"
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
"#;

const V4: &str = r#"
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
-- Recently closed calls, for "not satisfied: reopened" on Today.
CREATE INDEX follow_ups_done_at ON follow_ups (done_at) WHERE done_at IS NOT NULL;
"#;

/// Recomputes one incident's precomputed step times (`step_due_at`,
/// `first_done_at`) from its checklist; `{id}` is replaced by the SQL
/// expression naming the incident.
///
/// `step_due_at` is the earliest target time among the unticked steps that
/// have one, counting days as 24 hours in UTC. The exact due time counts days
/// on the shop's wall clock, so across a daylight-saving change the two differ
/// by the size of the change (at most two hours anywhere); Today reads this
/// column to find late incidents and works out the exact answer in Rust only
/// for the few whose stored time is that close to now.
const STEP_TIMES: &str = "UPDATE incidents SET
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
    WHERE id = {id}";

/// The v5 upgrade: [`V5_TABLES`], then the triggers and the fill-in that use
/// [`STEP_TIMES`].
fn v5_sql() -> String {
    let times = |id: &str| STEP_TIMES.replace("{id}", id);
    format!(
        "{V5_TABLES}
CREATE TRIGGER incident_steps_times_insert AFTER INSERT ON incident_steps BEGIN
    {new_step};
END;
CREATE TRIGGER incident_steps_times_update
    AFTER UPDATE OF done_at, position, target_amount, target_unit, target_from ON incident_steps BEGIN
    {new_step};
END;
CREATE TRIGGER incident_steps_times_delete AFTER DELETE ON incident_steps BEGIN
    {old_step};
END;
CREATE TRIGGER incidents_times_received AFTER UPDATE OF received_at ON incidents BEGIN
    {new_incident};
END;
-- Fill in: incidents with a ticked step or an unticked step with a target.
{fill};
",
        new_step = times("new.incident_id"),
        old_step = times("old.incident_id"),
        new_incident = times("new.id"),
        fill = STEP_TIMES.replace("WHERE id = {id}", "WHERE id IN (SELECT incident_id FROM incident_steps)"),
    )
}

const V5_TABLES: &str = r#"
-- Precomputed from the checklist by triggers (see STEP_TIMES in schema.rs).
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
"#;

const V6: &str = r#"
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
"#;

/// Minutes from intake to `{at}` (a column of `incidents`), rounded to the
/// nearest minute and never negative: what Insights has always reported.
const MINUTES: &str = "max(0, CAST(round((julianday({at}) - julianday({row}.received_at)) * 1440) AS INTEGER))";

/// The histogram bucket of a duration in minutes (`{m}`), named by its upper
/// end: every minute up to 2 hours, quarter hours up to 2 days, whole hours
/// beyond. A bucket holds the durations above the bucket below and up to its
/// own name, so "within 1 day" (1440) or "within 3 hours" (180) counts exactly.
/// Insights' median and 90th percentile are exact to the bucket (the
/// durations' upper end), see `store/insights.rs`.
pub const BUCKET: &str =
    "CASE WHEN {m} <= 120 THEN {m} WHEN {m} <= 2880 THEN ({m} + 14) / 15 * 15 ELSE ({m} + 59) / 60 * 60 END";

/// [`BUCKET`] in Rust: the bucket of a duration in minutes, named by its
/// upper end. A percentile read from buckets is the upper end of the bucket
/// the exact value falls in: exact up to 2 hours, at most 14 minutes high up
/// to 2 days, at most 59 minutes high beyond.
pub fn bucket_of(minutes: i64) -> i64 {
    match minutes {
        m if m <= 120 => m,
        m if m <= 2880 => (m + 14) / 15 * 15,
        m => (m + 59) / 60 * 60,
    }
}

/// The bucket of the minutes from intake to `at` for the incident `row`
/// (`new`, `old` or a table alias).
pub fn bucket_sql(row: &str, at: &str) -> String {
    let at = format!("{row}.{at}");
    BUCKET.replace("{m}", &MINUTES.replace("{at}", &at).replace("{row}", row))
}

/// The roll-up tables: Insights and the goodwill ledger read whole UTC days
/// here and only the period's partial edge days from the rows (a local
/// midnight is rarely a UTC one). `day` is "YYYY-MM-DD" (UTC, the first ten
/// characters of the stored time); a category key of 0 is "no category".
/// Counts may fall to 0 and stay: readers skip zero rows.
const V6_ROLLUPS: &str = r#"
-- Incidents received per day and category.
CREATE TABLE daily_incidents (
    day          TEXT NOT NULL,
    category_key INTEGER NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (day, category_key)
) WITHOUT ROWID;
-- Incidents received per day by minutes to first response (kind 0) and to
-- resolution (kind 1), in the buckets of BUCKET.
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
"#;

/// Adds (`+`) or takes away (`-`) one incident's share of its roll-ups;
/// `{r}` is `new` or `old`.
const INCIDENT_SHARE: &str = "
    INSERT INTO daily_incidents (day, category_key, n)
    VALUES (substr({r}.received_at, 1, 10), coalesce({r}.category_id, 0), {s}1)
    ON CONFLICT (day, category_key) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_times (kind, day, bucket, n)
    SELECT 0, substr({r}.received_at, 1, 10), {first}, {s}1 WHERE {r}.first_done_at IS NOT NULL
    ON CONFLICT (kind, day, bucket) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_times (kind, day, bucket, n)
    SELECT 1, substr({r}.received_at, 1, 10), {resolved}, {s}1 WHERE {r}.resolved_at IS NOT NULL
    ON CONFLICT (kind, day, bucket) DO UPDATE SET n = n + excluded.n;
    INSERT INTO daily_root_causes (day, category_key, root_cause, n)
    SELECT substr({r}.received_at, 1, 10), coalesce({r}.category_id, 0), {r}.root_cause, {s}1 WHERE {r}.root_cause <> ''
    ON CONFLICT (day, category_key, root_cause) DO UPDATE SET n = n + excluded.n;";

/// Adds or takes away one gesture's share; `{r}` is `new` or `old`. The
/// category is its incident's: when the incident is gone (a cascade from
/// deleting it), the incident's own trigger has already taken it away.
const GESTURE_SHARE: &str = "
    INSERT INTO daily_gestures (day, category_key, n, cents, redeemed)
    SELECT substr({r}.given_at, 1, 10), coalesce(i.category_id, 0), {s}1, {s}{r}.cost_cents,
           {s}({r}.redeemed_at IS NOT NULL)
    FROM incidents i WHERE i.id = {r}.incident_id
    ON CONFLICT (day, category_key) DO UPDATE
    SET n = n + excluded.n, cents = cents + excluded.cents, redeemed = redeemed + excluded.redeemed;";

/// Adds or takes away all gestures of the incident `{r}` under its category
/// (when the incident changes category or is deleted).
const INCIDENT_GESTURES_SHARE: &str = "
    INSERT INTO daily_gestures (day, category_key, n, cents, redeemed)
    SELECT substr(g.given_at, 1, 10), coalesce({r}.category_id, 0), {s}count(*), {s}sum(g.cost_cents),
           {s}count(g.redeemed_at)
    FROM incident_gestures g WHERE g.incident_id = {r}.id GROUP BY 1
    ON CONFLICT (day, category_key) DO UPDATE
    SET n = n + excluded.n, cents = cents + excluded.cents, redeemed = redeemed + excluded.redeemed;";

const CALL_SHARE: &str = "
    INSERT INTO daily_calls (day, outcome, n)
    SELECT substr({r}.done_at, 1, 10), {r}.outcome, {s}1 WHERE {r}.done_at IS NOT NULL AND {r}.outcome IS NOT NULL
    ON CONFLICT (day, outcome) DO UPDATE SET n = n + excluded.n;";

const PROMISE_SHARE: &str = "
    INSERT INTO daily_promises (day, status, n) VALUES (substr({r}.due_at, 1, 10), {r}.status, {s}1)
    ON CONFLICT (day, status) DO UPDATE SET n = n + excluded.n;";

const PREVENTION_SHARE: &str = "
    INSERT INTO daily_prevention (day, done, n) VALUES (substr({r}.created_at, 1, 10), {r}.done_at IS NOT NULL, {s}1)
    ON CONFLICT (day, done) DO UPDATE SET n = n + excluded.n;";

/// The fill from existing rows, also used by the tests to check the triggers.
pub const V6_FILL: &str = "
DELETE FROM daily_incidents; DELETE FROM daily_times; DELETE FROM daily_root_causes; DELETE FROM daily_gestures;
DELETE FROM daily_calls; DELETE FROM daily_promises; DELETE FROM daily_prevention;
INSERT INTO daily_incidents (day, category_key, n)
    SELECT substr(received_at, 1, 10), coalesce(category_id, 0), count(*) FROM incidents GROUP BY 1, 2;
INSERT INTO daily_times (kind, day, bucket, n)
    SELECT 0, substr(i.received_at, 1, 10), {first}, count(*) FROM incidents i
    WHERE i.first_done_at IS NOT NULL GROUP BY 2, 3;
INSERT INTO daily_times (kind, day, bucket, n)
    SELECT 1, substr(i.received_at, 1, 10), {resolved}, count(*) FROM incidents i
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
";

/// The fill with its duration buckets written out.
pub fn v6_fill_sql() -> String {
    V6_FILL.replace("{first}", &bucket_sql("i", "first_done_at")).replace("{resolved}", &bucket_sql("i", "resolved_at"))
}

/// The v6 upgrade: [`V6`]'s indexes, the roll-up tables, their fill and the
/// triggers that keep them. Each trigger takes the old row's share away and
/// adds the new row's, so any change of a source column is handled the same.
fn v6_sql() -> String {
    let share = |template: &str, r: &str, sign: &str| {
        template
            .replace("{first}", &bucket_sql(r, "first_done_at"))
            .replace("{resolved}", &bucket_sql(r, "resolved_at"))
            .replace("{r}", r)
            .replace("{s}", sign)
    };
    let both = |template: &str| format!("{}{}", share(template, "old", "-"), share(template, "new", ""));
    format!(
        "{V6}{V6_ROLLUPS}{fill}
CREATE TRIGGER incidents_daily_insert AFTER INSERT ON incidents BEGIN{incident_new}
END;
CREATE TRIGGER incidents_daily_update
    AFTER UPDATE OF received_at, category_id, first_done_at, resolved_at, root_cause ON incidents
    WHEN old.received_at IS NOT new.received_at OR old.category_id IS NOT new.category_id
      OR old.first_done_at IS NOT new.first_done_at OR old.resolved_at IS NOT new.resolved_at
      OR old.root_cause IS NOT new.root_cause
BEGIN{incident_both}
END;
CREATE TRIGGER incidents_daily_delete AFTER DELETE ON incidents BEGIN{incident_old}
END;
-- Before the cascade deletes the gestures (their own trigger then finds no
-- incident and leaves the roll-up alone).
CREATE TRIGGER incidents_daily_gestures_delete BEFORE DELETE ON incidents BEGIN{incident_gestures_old}
END;
CREATE TRIGGER incidents_daily_gestures_category AFTER UPDATE OF category_id ON incidents
    WHEN old.category_id IS NOT new.category_id
BEGIN{incident_gestures_both}
END;
CREATE TRIGGER incident_gestures_daily_insert AFTER INSERT ON incident_gestures BEGIN{gesture_new}
END;
CREATE TRIGGER incident_gestures_daily_update
    AFTER UPDATE OF given_at, cost_cents, redeemed_at, incident_id ON incident_gestures BEGIN{gesture_both}
END;
CREATE TRIGGER incident_gestures_daily_delete AFTER DELETE ON incident_gestures BEGIN{gesture_old}
END;
CREATE TRIGGER follow_ups_daily_insert AFTER INSERT ON follow_ups BEGIN{call_new}
END;
CREATE TRIGGER follow_ups_daily_update AFTER UPDATE OF done_at, outcome ON follow_ups BEGIN{call_both}
END;
CREATE TRIGGER follow_ups_daily_delete AFTER DELETE ON follow_ups BEGIN{call_old}
END;
CREATE TRIGGER promises_daily_insert AFTER INSERT ON promises BEGIN{promise_new}
END;
CREATE TRIGGER promises_daily_update AFTER UPDATE OF due_at, status ON promises BEGIN{promise_both}
END;
CREATE TRIGGER promises_daily_delete AFTER DELETE ON promises BEGIN{promise_old}
END;
CREATE TRIGGER prevention_actions_daily_insert AFTER INSERT ON prevention_actions BEGIN{prevention_new}
END;
CREATE TRIGGER prevention_actions_daily_update AFTER UPDATE OF created_at, done_at ON prevention_actions BEGIN{prevention_both}
END;
CREATE TRIGGER prevention_actions_daily_delete AFTER DELETE ON prevention_actions BEGIN{prevention_old}
END;
",
        fill = v6_fill_sql(),
        incident_new = share(INCIDENT_SHARE, "new", ""),
        incident_old = share(INCIDENT_SHARE, "old", "-"),
        incident_both = both(INCIDENT_SHARE),
        incident_gestures_old = share(INCIDENT_GESTURES_SHARE, "old", "-"),
        incident_gestures_both = both(INCIDENT_GESTURES_SHARE),
        gesture_new = share(GESTURE_SHARE, "new", ""),
        gesture_old = share(GESTURE_SHARE, "old", "-"),
        gesture_both = both(GESTURE_SHARE),
        call_new = share(CALL_SHARE, "new", ""),
        call_old = share(CALL_SHARE, "old", "-"),
        call_both = both(CALL_SHARE),
        promise_new = share(PROMISE_SHARE, "new", ""),
        promise_old = share(PROMISE_SHARE, "old", "-"),
        promise_both = both(PROMISE_SHARE),
        prevention_new = share(PREVENTION_SHARE, "new", ""),
        prevention_old = share(PREVENTION_SHARE, "old", "-"),
        prevention_both = both(PREVENTION_SHARE),
    )
}

/// The v7 change of columns and triggers; [`v7_sql`] adds the triggers
/// built from [`STEP_TIMES_V7`].
const V7: &str = r#"
-- The first response when it was not a ticked step: the time an incident
-- none of whose steps had been ticked was resolved. NULL otherwise.
ALTER TABLE incidents ADD COLUMN responded_at TEXT;
-- The v5 step-time triggers give way to ones that also count responded_at.
DROP TRIGGER incident_steps_times_insert;
DROP TRIGGER incident_steps_times_update;
DROP TRIGGER incident_steps_times_delete;
DROP TRIGGER incidents_times_received;
"#;

/// [`STEP_TIMES`] from v7 on: `first_done_at` is the earliest of the ticked
/// steps' times and `responded_at`.
const STEP_TIMES_V7: &str = "UPDATE incidents SET
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
    WHERE id = {id}";

/// The v7 upgrade: [`V7`], then the step-time triggers again with
/// [`STEP_TIMES_V7`], and one more for a change of `responded_at`. No fill:
/// every `responded_at` starts empty, so every kept time stays as it was.
fn v7_sql() -> String {
    let times = |id: &str| STEP_TIMES_V7.replace("{id}", id);
    format!(
        "{V7}
CREATE TRIGGER incident_steps_times_insert AFTER INSERT ON incident_steps BEGIN
    {new_step};
END;
CREATE TRIGGER incident_steps_times_update
    AFTER UPDATE OF done_at, position, target_amount, target_unit, target_from ON incident_steps BEGIN
    {new_step};
END;
CREATE TRIGGER incident_steps_times_delete AFTER DELETE ON incident_steps BEGIN
    {old_step};
END;
CREATE TRIGGER incidents_times_received AFTER UPDATE OF received_at, responded_at ON incidents BEGIN
    {new_incident};
END;
",
        new_step = times("new.incident_id"),
        old_step = times("old.incident_id"),
        new_incident = times("new.id"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    fn rows(conn: &Connection, sql: &str) -> Vec<Vec<rusqlite::types::Value>> {
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        let out = stmt
            .query_map([], |r| (0..n).map(|i| r.get(i)).collect::<rusqlite::Result<Vec<_>>>())
            .unwrap()
            .map(Result::unwrap)
            .collect();
        out
    }

    mod v5 {
        use super::*;

        #[test]
        fn fills_counters_and_step_times_from_existing_rows() {
            let mut conn = Connection::open_in_memory().unwrap();
            crate::db::migrate_to(&mut conn, 0, 4).unwrap();
            conn.execute_batch(
                "INSERT INTO customers (name, phone_digits, email, created_at, updated_at)
                 VALUES ('Ana Ruiz', '5550102', 'ana@example.com', '', ''), ('Bo Lind', '', '', '', '');
                 INSERT INTO incidents (customer_id, received_at, channel, category_id, severity, description,
                                        status, resolved_at, created_at, updated_at)
                 VALUES (1, '2026-03-28T12:00:00Z', 'phone', 2, 3, 'Late', 'open', NULL, '', ''),
                        (2, '2026-03-20T09:00:00Z', 'email', NULL, 5, 'Rude', 'resolved', '2026-03-21T09:00:00Z', '', '');
                 INSERT INTO incident_steps (incident_id, position, title, target_amount, target_unit, target_from, done_at)
                 VALUES (1, 1, 'Apologize', 5, 'minutes', 'intake', '2026-03-28T12:03:00Z'),
                        (1, 2, 'Fix', 1, 'days', 'intake', NULL),
                        (1, 3, 'Call', 2, 'hours', 'previous_step', NULL),
                        (2, 1, 'Apologize', 5, 'minutes', 'intake', '2026-03-20T09:30:00Z');",
            )
            .unwrap();
            crate::db::migrate_to(&mut conn, 4, 5).unwrap();
            let times = rows(&conn, "SELECT step_due_at, first_done_at FROM incidents ORDER BY id");
            use rusqlite::types::Value::{Null, Text};
            // Step 2 is due a day after intake; step 3 waits for step 2.
            assert_eq!(times[0], [Text("2026-03-29T12:00:00Z".into()), Text("2026-03-28T12:03:00Z".into())]);
            assert_eq!(times[1], [Null, Text("2026-03-20T09:30:00Z".into())]);
            let tallies = rows(&conn, "SELECT status, severity, category_key, n FROM incident_tallies ORDER BY 1");
            assert_eq!(tallies.len(), 2);
            assert_eq!(rows(&conn, "SELECT n FROM row_counts WHERE name = 'customers'")[0][0], 2.into());
            let found = rows(&conn, "SELECT rowid FROM customer_fts WHERE customer_fts MATCH '\"0102\"'");
            assert_eq!(found, [[1.into()]]);
        }

        #[test]
        fn triggers_keep_what_a_fresh_fill_would_give() {
            let mut store = crate::store::Store::open_in_memory().unwrap();
            store.generate_sample(400, 8, "2026-11-24T09:30:00Z".parse().unwrap()).unwrap();
            let conn = store.connection();
            conn.execute_batch(
                "UPDATE incident_steps SET done_at = '2026-11-24T09:00:00Z' WHERE id % 7 = 0 AND done_at IS NULL;
                 UPDATE incident_steps SET done_at = NULL WHERE id % 11 = 0;
                 UPDATE incidents SET received_at = strftime('%Y-%m-%dT%H:%M:%SZ', received_at, '-2 hours')
                 WHERE id % 5 = 0;
                 UPDATE incidents SET severity = 1 + severity % 5, category_id = NULL WHERE id % 13 = 0;
                 DELETE FROM customers WHERE id NOT IN (SELECT customer_id FROM incidents) AND id % 2 = 0;",
            )
            .unwrap();
            let kept_times = rows(conn, "SELECT id, step_due_at, first_done_at FROM incidents ORDER BY id");
            let kept_tallies = rows(conn, "SELECT * FROM incident_tallies WHERE n > 0 ORDER BY 1, 2, 3");
            conn.execute_batch(&STEP_TIMES_V7.replace("WHERE id = {id}", "")).unwrap();
            assert_eq!(rows(conn, "SELECT id, step_due_at, first_done_at FROM incidents ORDER BY id"), kept_times);
            let counted = rows(
                conn,
                "SELECT status, severity, coalesce(category_id, 0), count(*) FROM incidents GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
            );
            assert_eq!(counted, kept_tallies);
            assert_eq!(
                rows(conn, "SELECT n FROM row_counts WHERE name = 'customers'"),
                rows(conn, "SELECT count(*) FROM customers")
            );
            conn.execute("INSERT INTO customer_fts (customer_fts, rank) VALUES ('integrity-check', 1)", []).unwrap();
        }
    }
    mod v6 {
        use super::*;

        /// The roll-ups as kept, without rows whose counts fell to zero.
        pub(super) fn rollups(conn: &Connection) -> Vec<Vec<Vec<rusqlite::types::Value>>> {
            [
                "SELECT * FROM daily_incidents WHERE n <> 0 ORDER BY 1, 2",
                "SELECT * FROM daily_times WHERE n <> 0 ORDER BY 1, 2, 3",
                "SELECT * FROM daily_root_causes WHERE n <> 0 ORDER BY 1, 2, 3",
                "SELECT * FROM daily_gestures WHERE n <> 0 OR cents <> 0 OR redeemed <> 0 ORDER BY 1, 2",
                "SELECT * FROM daily_calls WHERE n <> 0 ORDER BY 1, 2",
                "SELECT * FROM daily_promises WHERE n <> 0 ORDER BY 1, 2",
                "SELECT * FROM daily_prevention WHERE n <> 0 ORDER BY 1, 2",
            ]
            .iter()
            .map(|sql| rows(conn, sql))
            .collect()
        }

        #[test]
        fn bucket_names_match_the_rust_side() {
            let conn = Connection::open_in_memory().unwrap();
            for m in
                [0, 1, 59, 60, 119, 120, 121, 134, 135, 136, 1439, 1440, 1441, 2879, 2880, 2881, 2940, 2941, 60_001]
            {
                let sql = format!("SELECT {}", BUCKET.replace("{m}", &m.to_string()));
                let bucket: i64 = conn.query_row(&sql, [], |r| r.get(0)).unwrap();
                assert_eq!(bucket, bucket_of(m), "{m} minutes");
                assert!(bucket >= m, "a bucket is named by its upper end");
            }
        }

        #[test]
        fn triggers_keep_the_daily_rollups_what_a_fresh_fill_would_give() {
            let mut store = crate::store::Store::open_in_memory().unwrap();
            store.generate_sample(600, 9, "2026-11-24T09:30:00Z".parse().unwrap()).unwrap();
            let conn = store.connection();
            let fresh = rollups(conn);
            // A random mix of changes to every source column, each on a
            // random row (a fixed seed, so a failure repeats).
            let changes = [
                "UPDATE incidents SET received_at = strftime('%Y-%m-%dT%H:%M:%SZ', received_at, '-' || (?1 % 50) || ' hours') WHERE id = ?1 % 600",
                "UPDATE incidents SET category_id = CASE WHEN ?1 % 3 = 0 THEN NULL ELSE 1 + ?1 % 7 END WHERE id = ?1 % 600",
                "UPDATE incidents SET resolved_at = strftime('%Y-%m-%dT%H:%M:%SZ', resolved_at, '+' || (?1 % 4000) || ' minutes') WHERE id = ?1 % 600 AND resolved_at IS NOT NULL",
                "UPDATE incidents SET status = 'open', resolved_at = NULL WHERE id = ?1 % 600",
                "UPDATE incidents SET status = 'resolved', resolved_at = strftime('%Y-%m-%dT%H:%M:%SZ', received_at, '+' || (?1 % 3000) || ' minutes') WHERE id = ?1 % 600 AND resolved_at IS NULL",
                "UPDATE incidents SET root_cause = CASE WHEN ?1 % 4 = 0 THEN '' ELSE 'Cause ' || (?1 % 5) END WHERE id = ?1 % 600",
                "INSERT INTO incidents (customer_id, received_at, channel, category_id, severity, description, status, resolved_at, root_cause, created_at, updated_at)
                 SELECT customer_id, strftime('%Y-%m-%dT%H:%M:%SZ', received_at, '+' || (?1 % 90) || ' minutes'), channel, category_id, severity, description, status, resolved_at, root_cause, created_at, updated_at
                 FROM incidents WHERE id = ?1 % 600",
                "DELETE FROM incidents WHERE id = ?1 % 600",
                "UPDATE incident_steps SET done_at = strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-20T10:00:00Z', '-' || (?1 % 9000) || ' minutes') WHERE id = ?1 % 3000",
                "UPDATE incident_steps SET done_at = NULL WHERE id = ?1 % 3000",
                "INSERT INTO incident_gestures (incident_id, gesture_id, description, kind, cost_cents, given_at, redeemed_at)
                 SELECT incident_id, gesture_id, description, kind, cost_cents + ?1 % 700, strftime('%Y-%m-%dT%H:%M:%SZ', given_at, '+' || (?1 % 40) || ' hours'), redeemed_at
                 FROM incident_gestures WHERE id = ?1 % 400",
                "UPDATE incident_gestures SET cost_cents = cost_cents + ?1 % 500, redeemed_at = CASE WHEN redeemed_at IS NULL THEN given_at END WHERE id = ?1 % 400",
                "UPDATE incident_gestures SET given_at = strftime('%Y-%m-%dT%H:%M:%SZ', given_at, '-' || (?1 % 30) || ' hours') WHERE id = ?1 % 400",
                "UPDATE incident_gestures SET incident_id = 1 + ?1 % 599 WHERE id = ?1 % 400 AND EXISTS (SELECT 1 FROM incidents WHERE id = 1 + ?1 % 599)",
                "DELETE FROM incident_gestures WHERE id = ?1 % 400",
                "UPDATE follow_ups SET done_at = strftime('%Y-%m-%dT%H:%M:%SZ', due_at, '+' || (?1 % 30) || ' hours'), outcome = CASE ?1 % 4 WHEN 0 THEN 'satisfied' WHEN 1 THEN 'no_answer' WHEN 2 THEN 'not_satisfied' ELSE 'partly_satisfied' END WHERE id = ?1 % 500",
                "UPDATE follow_ups SET done_at = NULL, outcome = NULL WHERE id = ?1 % 500",
                "DELETE FROM follow_ups WHERE id = ?1 % 500",
                "UPDATE promises SET status = CASE WHEN ?1 % 2 = 0 THEN 'kept' ELSE 'broken' END, closed_at = due_at WHERE id = ?1 % 400 AND status = 'open'",
                "UPDATE promises SET due_at = strftime('%Y-%m-%dT%H:%M:%SZ', due_at, '+' || (?1 % 60) || ' hours') WHERE id = ?1 % 400",
                "DELETE FROM promises WHERE id = ?1 % 400",
                "UPDATE prevention_actions SET done_at = CASE WHEN done_at IS NULL THEN created_at END WHERE id = ?1 % 200",
                "UPDATE prevention_actions SET created_at = strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '-' || (?1 % 48) || ' hours') WHERE id = ?1 % 200",
                "DELETE FROM prevention_actions WHERE id = ?1 % 200",
            ];
            let mut seed: u64 = 2026;
            for _ in 0..3000 {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                let pick = (seed >> 33) as usize;
                let arg = (seed >> 13) as i64 & 0xFFFF;
                conn.execute(changes[pick % changes.len()], [arg]).unwrap();
            }
            let kept = rollups(conn);
            assert_ne!(kept, fresh, "the changes moved the roll-ups");
            conn.execute_batch(&v6_fill_sql()).unwrap();
            assert_eq!(rollups(conn), kept);
        }
    }

    mod v7 {
        use super::*;
        use rusqlite::types::Value::{Null, Text};

        /// A shop at `version` with two incidents: one with a ticked step,
        /// one resolved with none ticked.
        fn shop_at(version: i64) -> Connection {
            let mut conn = Connection::open_in_memory().unwrap();
            crate::db::migrate_to(&mut conn, 0, version).unwrap();
            conn.execute_batch(
                "INSERT INTO customers (name, created_at, updated_at) VALUES ('Ana Ruiz', '', '');
                 INSERT INTO incidents (customer_id, received_at, channel, category_id, severity, description,
                                        status, resolved_at, created_at, updated_at)
                 VALUES (1, '2026-03-28T12:00:00Z', 'phone', 2, 3, 'Late', 'open', NULL, '', ''),
                        (1, '2026-03-20T09:00:00Z', 'email', NULL, 5, 'Rude', 'resolved', '2026-03-21T09:00:00Z', '', '');
                 INSERT INTO incident_steps (incident_id, position, title, target_amount, target_unit, target_from, done_at)
                 VALUES (1, 1, 'Apologize', 5, 'minutes', 'intake', '2026-03-28T12:03:00Z'),
                        (1, 2, 'Fix', 1, 'days', 'intake', NULL),
                        (2, 1, 'Apologize', 5, 'minutes', 'intake', NULL);",
            )
            .unwrap();
            conn
        }

        fn kept(conn: &Connection) -> Vec<Vec<Vec<rusqlite::types::Value>>> {
            let mut out = vec![rows(
                conn,
                "SELECT id, status, resolved_at, responded_at, step_due_at, first_done_at FROM incidents ORDER BY id",
            )];
            out.extend(super::v6::rollups(conn));
            out
        }

        #[test]
        fn an_upgraded_shop_keeps_its_times_and_then_behaves_as_a_fresh_one() {
            let mut upgraded = shop_at(6);
            let before = rows(&upgraded, "SELECT id, step_due_at, first_done_at FROM incidents ORDER BY id");
            crate::db::migrate_to(&mut upgraded, 6, 7).unwrap();
            // Nothing is made up for the incident resolved before v7.
            assert_eq!(rows(&upgraded, "SELECT id, step_due_at, first_done_at FROM incidents ORDER BY id"), before);
            assert_eq!(rows(&upgraded, "SELECT responded_at FROM incidents ORDER BY id"), [[Null], [Null]]);
            let fresh = shop_at(VERSION);
            assert_eq!(kept(&upgraded), kept(&fresh));
            for conn in [&upgraded, &fresh] {
                conn.execute_batch(
                    "UPDATE incidents SET status = 'resolved', resolved_at = '2026-03-28T13:00:00Z' WHERE id = 1;
                     UPDATE incidents SET responded_at = '2026-03-21T09:00:00Z' WHERE id = 2;
                     UPDATE incident_steps SET done_at = '2026-03-28T12:30:00Z' WHERE incident_id = 1 AND position = 2;",
                )
                .unwrap();
            }
            assert_eq!(kept(&upgraded), kept(&fresh));
            assert_eq!(
                rows(&fresh, "SELECT first_done_at FROM incidents WHERE id = 2"),
                [[Text("2026-03-21T09:00:00Z".into())]]
            );
        }

        #[test]
        fn the_first_response_is_the_earliest_of_the_ticked_steps_and_responded_at() {
            let conn = shop_at(VERSION);
            let first = || rows(&conn, "SELECT first_done_at FROM incidents WHERE id = 2")[0][0].clone();
            assert_eq!(first(), Null);
            conn.execute("UPDATE incidents SET responded_at = '2026-03-21T09:00:00Z' WHERE id = 2", []).unwrap();
            assert_eq!(first(), Text("2026-03-21T09:00:00Z".into()));
            // A step ticked later leaves the earlier response; one ticked
            // earlier (a time put right) comes first; unticking it goes back.
            conn.execute("UPDATE incident_steps SET done_at = '2026-03-22T09:00:00Z' WHERE incident_id = 2", [])
                .unwrap();
            assert_eq!(first(), Text("2026-03-21T09:00:00Z".into()));
            conn.execute("UPDATE incident_steps SET done_at = '2026-03-20T09:10:00Z' WHERE incident_id = 2", [])
                .unwrap();
            assert_eq!(first(), Text("2026-03-20T09:10:00Z".into()));
            conn.execute("UPDATE incident_steps SET done_at = NULL WHERE incident_id = 2", []).unwrap();
            assert_eq!(first(), Text("2026-03-21T09:00:00Z".into()));
            conn.execute("DELETE FROM incident_steps WHERE incident_id = 2", []).unwrap();
            assert_eq!(first(), Text("2026-03-21T09:00:00Z".into()));
            let response_days = "SELECT day, bucket, n FROM daily_times WHERE kind = 0 AND n <> 0 ORDER BY 1, 2";
            let kept_days = rows(&conn, response_days);
            assert_eq!(kept_days.len(), 2, "both incidents have a first response: {kept_days:?}");
            conn.execute_batch(&v6_fill_sql()).unwrap();
            assert_eq!(rows(&conn, response_days), kept_days);
        }

        #[test]
        fn triggers_keep_first_responses_and_rollups_what_a_fresh_fill_would_give() {
            let mut store = crate::store::Store::open_in_memory().unwrap();
            store.generate_sample(500, 10, "2026-11-24T09:30:00Z".parse().unwrap()).unwrap();
            let conn = store.connection();
            let changes = [
                "UPDATE incidents SET responded_at = strftime('%Y-%m-%dT%H:%M:%SZ', received_at, '+' || (?1 % 3000) || ' minutes') WHERE id = ?1 % 500",
                "UPDATE incidents SET responded_at = NULL WHERE id = ?1 % 500",
                "UPDATE incidents SET received_at = strftime('%Y-%m-%dT%H:%M:%SZ', received_at, '-' || (?1 % 50) || ' hours') WHERE id = ?1 % 500",
                "UPDATE incident_steps SET done_at = strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-20T10:00:00Z', '-' || (?1 % 9000) || ' minutes') WHERE id = ?1 % 2500",
                "UPDATE incident_steps SET done_at = NULL WHERE id = ?1 % 2500",
                "DELETE FROM incident_steps WHERE id = ?1 % 2500",
                "DELETE FROM incidents WHERE id = ?1 % 500",
            ];
            let mut seed: u64 = 7;
            for _ in 0..2000 {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                let pick = (seed >> 33) as usize;
                let arg = (seed >> 13) as i64 & 0xFFFF;
                conn.execute(changes[pick % changes.len()], [arg]).unwrap();
            }
            let kept_times = rows(conn, "SELECT id, step_due_at, first_done_at FROM incidents ORDER BY id");
            let kept_rollups = super::v6::rollups(conn);
            conn.execute_batch(&STEP_TIMES_V7.replace("WHERE id = {id}", "")).unwrap();
            assert_eq!(rows(conn, "SELECT id, step_due_at, first_done_at FROM incidents ORDER BY id"), kept_times);
            conn.execute_batch(&v6_fill_sql()).unwrap();
            assert_eq!(super::v6::rollups(conn), kept_rollups);
        }
    }
}
