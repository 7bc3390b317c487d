-- Version 8 (two editors, one record): a row version on each incident,
-- customer and playbook, 1 for every row there is and raised by one on each
-- change of a column its edit form shows (by the form's save, or by a trigger
-- for any other way). A form carries the version it
-- loaded and a save is made `WHERE id = ? AND version = ?`, so a form loaded
-- before someone else's change is refused instead of writing over it. The
-- same check serves a database shared by several computers.
--
-- Frozen: never edited once shipped; a change of schema is a new version file.

ALTER TABLE incidents ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE customers ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE playbooks ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

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
