-- Version 4 (promises and calls): promises with due times, kept or broken.
-- Follow-ups already have their table (version 2).
--
-- Frozen: never edited once shipped; a change of schema is a new version file.

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
