-- Version 2 (playbooks): playbooks and their steps, the built-ins seeded with
-- their fixed ids, each incident's checklist snapshot, root cause, prevention
-- actions, and follow-ups in the shape the call list uses. Incidents logged
-- before keep no checklist (they were logged before playbooks).
--
-- Frozen: never edited once shipped; a change of schema is a new version file.

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

-- The built-in playbooks with their fixed ids.
INSERT INTO playbooks (id, builtin_key, name, summary, position, created_at, updated_at)
VALUES (1, 'five-steps', 'Five steps', 'A sound all-round routine for any shop that wants a fair fix plus a gesture matched to how badly things went.', 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
INSERT INTO playbook_steps (playbook_id, position, title, guidance, say, avoid,
                            target_amount, target_unit, target_from, capture) VALUES
    (1, 1, 'Apologize sincerely', 'Say sorry in your own words straight away, without blaming a colleague, a supplier or the customer.', 'I''m sorry this happened, and I''m going to put it right.
That''s not what we want for you, and I apologize.', 'Sorry, but that wasn''t me.
Sorry, but our policy is...', 5, 'minutes', 'intake', NULL),
    (1, 2, 'Listen without lecturing', 'Let them tell the whole story and repeat it back; don''t explain why it went wrong or correct their version.', 'Tell me what happened.
So the main problem is this. Have I got that right?', 'Actually, if you had...
Well, you should have told us.', NULL, NULL, NULL, NULL),
    (1, 3, 'Give a fair fix', 'Ask what they were hoping for instead of guessing, then deliver that quickly: redo it, replace it or refund it.', 'What were you hoping to walk out with today?
Here''s what I can do for you right now.', '', 1, 'days', 'intake', 'desired_outcome'),
    (1, 4, 'Offer something extra', 'Add a small extra beyond the fix, larger when the problem was worse or the customer is a regular; Mend suggests a size.', 'We''d like you to have this on us, for the trouble.', 'That''s the best we can do.', NULL, NULL, NULL, NULL),
    (1, 5, 'Keep every promise', 'Log each promise with a due date, keep it, then call to check they''re happy; a broken promise does twice the damage.', 'I said I''d call today, so here I am. Is everything right now?', '', 2, 'days', 'previous_step', 'follow_up');
INSERT INTO playbooks (id, builtin_key, name, summary, position, created_at, updated_at)
VALUES (2, 'recovery-model', 'Recovery model', 'Suits shops where several people take complaints, because one named person owns each case from first word to last call.', 2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
INSERT INTO playbook_steps (playbook_id, position, title, guidance, say, avoid,
                            target_amount, target_unit, target_from, capture) VALUES
    (2, 1, 'Take ownership', 'Whoever hears the complaint owns it until it''s closed, even if someone else made the mistake, so give the customer your name.', 'I''ll look after this myself until it''s fixed.', 'That''s not my department.
You''ll need to speak to whoever served you.', NULL, NULL, NULL, NULL),
    (2, 2, 'Apologize plainly', 'Say sorry early and simply, and mean it; a fast, sincere apology counts for more than any refund.', 'I''m really sorry. That shouldn''t have happened.', 'Sorry if you feel that way.', 10, 'minutes', 'intake', NULL),
    (2, 3, 'Restore the service urgently', 'Ask what outcome they need, then put the original job or product right ahead of routine work.', 'What do you need from us to make this right?', '', 4, 'hours', 'intake', 'desired_outcome'),
    (2, 4, 'Show you understand', 'Acknowledge how the problem affected their day, not just what went wrong with the job.', 'That must have thrown your whole morning out.', 'It''s only a small thing.
Everyone else was fine with it.', NULL, NULL, NULL, NULL),
    (2, 5, 'Make it up to them', 'Give a gesture that says sorry beyond the fix, sized to how bad it was and how much the customer means to the shop.', 'Please let us make it up to you with this.', '', NULL, NULL, NULL, NULL),
    (2, 6, 'Follow up', 'Call a day or two later to check the fix held and the customer feels properly looked after.', 'I''m calling to check how things have been since we fixed it.', '', 2, 'days', 'previous_step', 'follow_up');
INSERT INTO playbooks (id, builtin_key, name, summary, position, created_at, updated_at)
VALUES (3, 'seven-steps', 'Seven steps', 'Good for busy counters and phone-heavy shops that want a clear script, a lasting fix and a next-day check-in.', 3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
INSERT INTO playbook_steps (playbook_id, position, title, guidance, say, avoid,
                            target_amount, target_unit, target_from, capture) VALUES
    (3, 1, 'Take responsibility', 'Treat the problem as the shop''s to solve, whoever caused it, and don''t pass the customer along.', 'This one''s on us, and I''ll handle it.', 'That''s not our fault.
Someone else dealt with that.', NULL, NULL, NULL, NULL),
    (3, 2, 'Say sorry', 'Apologize right away in plain words; a quick, sincere sorry calms things more than any discount.', 'I''m so sorry about this.', 'Mistakes happen.', 5, 'minutes', 'intake', NULL),
    (3, 3, 'Empathize at once', 'Name the feeling you hear and show you see why it matters to them, without claiming to know exactly how they feel.', 'That sounds really frustrating.
I''d be annoyed too if that happened to me.', 'I know how you feel.
Calm down.', NULL, NULL, NULL, NULL),
    (3, 4, 'Act immediately', 'Start fixing it now, while the customer is still with you if you can, and tell them what happens next and when.', 'I''m starting on this right now.', 'We''ll get to it when we can.', 2, 'hours', 'intake', NULL),
    (3, 5, 'Ask what would help', 'Ask what would make this right for them rather than assuming, and note their answer in their own words.', 'What would make this right for you?
What were you hoping we''d do?', 'Here''s what we normally do.', NULL, NULL, NULL, 'desired_outcome'),
    (3, 6, 'Stop it happening again', 'Find out why it went wrong and change one thing so it can''t recur; learning the cause beats winning the argument.', '', '', NULL, NULL, NULL, 'root_cause'),
    (3, 7, 'Follow up next day', 'Call a day or so after the fix to check that everything works and that they''re happy with how it was handled.', 'Just checking in: is everything working as it should now?
Is there anything still not right?', '', 1, 'days', 'previous_step', 'follow_up');
INSERT INTO playbooks (id, builtin_key, name, summary, position, created_at, updated_at)
VALUES (4, 'eight-steps', 'Eight steps', 'Fits shops with regulars and bigger tickets, where careful notes and follow-up calls until the customer is satisfied pay off.', 4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
INSERT INTO playbook_steps (playbook_id, position, title, guidance, say, avoid,
                            target_amount, target_unit, target_from, capture) VALUES
    (4, 1, 'Listen and write it down', 'Hear them out and note what they''re unhappy with, what they want, and the date and time it happened.', 'Let me write this down so nothing gets lost.
And what would you like us to do about it?', '', NULL, NULL, NULL, 'desired_outcome'),
    (4, 2, 'Respond quickly', 'Get back to them fast, even if only to say what happens next; speed of response is what keeps customers.', 'I''ve got your message and I''m on it.', '', 10, 'minutes', 'intake', NULL),
    (4, 3, 'See it from their side', 'Stay courteous whatever their tone, and picture how the problem looks from where they stand.', 'I can see why that would upset you.', 'There''s no need to shout.
You''re the only one who''s complained.', NULL, NULL, NULL, NULL),
    (4, 4, 'Look for a solution', 'Work out the options that would fix the problem for them, not just the easiest one for the shop.', '', '', NULL, NULL, NULL, NULL),
    (4, 5, 'Make an offer', 'Put a clear, concrete offer to the customer and agree it with them before you act.', 'Here''s what I''d like to do. Would that work for you?', 'Take it or leave it.', 1, 'days', 'intake', NULL),
    (4, 6, 'Apologize sincerely', 'Say sorry in your own words and mean it, without excuses tacked on the end.', 'I''m genuinely sorry we let you down.', 'Sorry, but we were short-staffed.', NULL, NULL, NULL, NULL),
    (4, 7, 'Tell them they matter', 'Let them know their business is valued and that you want them back.', 'We really value having you as a customer.
Thank you for giving us the chance to fix it.', '', NULL, NULL, NULL, NULL),
    (4, 8, 'Follow up until satisfied', 'Call a couple of days after the fix and keep checking in until the customer says they''re happy.', 'I wanted to make sure everything is right for you now.', '', 2, 'days', 'previous_step', 'follow_up');
INSERT INTO playbooks (id, builtin_key, name, summary, position, created_at, updated_at)
VALUES (5, 'heard', 'HEARD', 'Hear, Empathize, Apologize, Resolve, Diagnose: a short routine for cafés and front counters, easy to recall without looking it up.', 5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
INSERT INTO playbook_steps (playbook_id, position, title, guidance, say, avoid,
                            target_amount, target_unit, target_from, capture) VALUES
    (5, 1, 'Hear them out', 'Let the customer finish without interrupting, then sum up what you heard so they know you listened.', 'Go on, I''m listening.
So what went wrong was this. Is that right?', 'Yes, yes, I get it.', NULL, NULL, NULL, NULL),
    (5, 2, 'Empathize with them', 'Show you understand why it matters to them before you talk about fixing anything.', 'That''s really disappointing, especially today.', 'I know how you feel.', NULL, NULL, NULL, NULL),
    (5, 3, 'Apologize sincerely', 'Say sorry promptly, in your own words and without excuses.', 'I''m sorry, we got that wrong.', 'Sorry, but it''s been a busy day.', 10, 'minutes', 'intake', NULL),
    (5, 4, 'Resolve the problem', 'Ask what would put it right for them instead of assuming, then do it as quickly as you can.', 'What would put this right for you?', '', 1, 'days', 'intake', 'desired_outcome'),
    (5, 5, 'Diagnose the cause', 'Afterwards, work out why it happened and what to change, without looking for someone to blame.', '', '', NULL, NULL, NULL, 'root_cause');
INSERT INTO playbooks (id, builtin_key, name, summary, position, created_at, updated_at)
VALUES (6, 'last', 'LAST', 'Listen, Apologize, Solve, Thank: the lightest routine, for small everyday slips such as a wrong order or a short wait, settled on the spot.', 6, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
INSERT INTO playbook_steps (playbook_id, position, title, guidance, say, avoid,
                            target_amount, target_unit, target_from, capture) VALUES
    (6, 1, 'Listen closely', 'Watch for early signs like a frown or an untouched plate, ask before it becomes a complaint, and let them finish.', 'Is everything all right with that?
Tell me what''s wrong.', '', NULL, NULL, NULL, NULL),
    (6, 2, 'Apologize sincerely', 'Say sorry straight away and in your own words, without explaining whose fault it was.', 'I''m sorry about that, let me sort it out.', 'It''s not my fault, the kitchen did it.', 5, 'minutes', 'intake', NULL),
    (6, 3, 'Solve the problem', 'Ask what they''d like instead of guessing, then fix it there and then if you possibly can.', 'What would you like me to do about it?', '', 4, 'hours', 'intake', 'desired_outcome'),
    (6, 4, 'Thank the customer', 'Thank them for speaking up, because most unhappy customers simply leave and never tell you why.', 'Thanks for telling us. It helps us get it right.', '', NULL, NULL, NULL, NULL);
