-- Version 7 (resolving is a response; the apology step): responded_at on each
-- incident, the first response when it was not a ticked step (resolving an
-- incident none of whose steps was ticked); the kept first response
-- (first_done_at) is the earliest of the ticked steps and responded_at. No
-- fill: every responded_at starts empty, so incidents resolved before keep what
-- they had and no response is made up. An apology mark on playbook steps and
-- each incident's copy, set once from the titles. The built-in playbooks are
-- written again in plainer words, their apology steps marked; incidents keep
-- their own copies of the steps. Customer pairs the owner said are not
-- duplicates, and each move of a promise to a new due time with its reason.
--
-- Frozen: never edited once shipped; a change of schema is a new version file.

-- The first response when it was not a ticked step: the time an incident
-- none of whose steps had been ticked was resolved. NULL otherwise.
ALTER TABLE incidents ADD COLUMN responded_at TEXT;
-- The v5 step-time triggers give way to ones that also count responded_at.
DROP TRIGGER incident_steps_times_insert;
DROP TRIGGER incident_steps_times_update;
DROP TRIGGER incident_steps_times_delete;
DROP TRIGGER incidents_times_received;

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

-- Which checklist step is the apology, on the playbooks' steps and each
-- incident's copy. Marked once here from the title, as Mend told it until now:
-- the title holds "apolog" or "sorry" in any case (lower() folds only ASCII
-- letters, which is all these words have); from here on the column says it.
ALTER TABLE playbook_steps ADD COLUMN apology INTEGER NOT NULL DEFAULT 0 CHECK (apology IN (0, 1));
ALTER TABLE incident_steps ADD COLUMN apology INTEGER NOT NULL DEFAULT 0 CHECK (apology IN (0, 1));
UPDATE playbook_steps SET apology = 1
WHERE instr(lower(title), 'apolog') > 0 OR instr(lower(title), 'sorry') > 0;
UPDATE incident_steps SET apology = 1
WHERE instr(lower(title), 'apolog') > 0 OR instr(lower(title), 'sorry') > 0;

-- The built-in playbooks in plainer words: their steps are replaced, whether the
-- owner hid them is kept, and incidents keep their own copies of the steps.
INSERT INTO playbooks (id, builtin_key, name, summary, position, created_at, updated_at)
VALUES (1, 'five-steps', 'Five steps', 'A sound all-round routine for any shop that wants a fair fix plus a gesture matched to how badly things went.', 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
ON CONFLICT (id) DO UPDATE SET builtin_key = excluded.builtin_key, name = excluded.name,
    summary = excluded.summary, updated_at = excluded.updated_at;
DELETE FROM playbook_steps WHERE playbook_id = 1;
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
VALUES (2, 'recovery-model', 'Recovery model', 'Suits shops where several people take complaints, because one named person owns each case from first word to last call.', 2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
ON CONFLICT (id) DO UPDATE SET builtin_key = excluded.builtin_key, name = excluded.name,
    summary = excluded.summary, updated_at = excluded.updated_at;
DELETE FROM playbook_steps WHERE playbook_id = 2;
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
VALUES (3, 'seven-steps', 'Seven steps', 'Good for busy counters and phone-heavy shops that want a clear script, a lasting fix and a next-day check-in.', 3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
ON CONFLICT (id) DO UPDATE SET builtin_key = excluded.builtin_key, name = excluded.name,
    summary = excluded.summary, updated_at = excluded.updated_at;
DELETE FROM playbook_steps WHERE playbook_id = 3;
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
VALUES (4, 'eight-steps', 'Eight steps', 'Fits shops with regulars and bigger tickets, where careful notes and follow-up calls until the customer is satisfied pay off.', 4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
ON CONFLICT (id) DO UPDATE SET builtin_key = excluded.builtin_key, name = excluded.name,
    summary = excluded.summary, updated_at = excluded.updated_at;
DELETE FROM playbook_steps WHERE playbook_id = 4;
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
VALUES (5, 'heard', 'HEARD', 'Hear, Empathize, Apologize, Resolve, Diagnose: a short routine for cafés and front counters, easy to recall without looking it up.', 5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
ON CONFLICT (id) DO UPDATE SET builtin_key = excluded.builtin_key, name = excluded.name,
    summary = excluded.summary, updated_at = excluded.updated_at;
DELETE FROM playbook_steps WHERE playbook_id = 5;
INSERT INTO playbook_steps (playbook_id, position, title, guidance, say, avoid,
                            target_amount, target_unit, target_from, capture, apology) VALUES
    (5, 1, 'Hear them out', 'Let the customer finish without interrupting, then sum up what you heard so they know you listened.', 'Go on, I''m listening.
So what went wrong was this. Is that right?', 'Yes, yes, I get it.', NULL, NULL, NULL, NULL, 0),
    (5, 2, 'Empathize with them', 'Show you understand why it matters to them before you talk about fixing anything.', 'That''s really disappointing, especially today.', 'I know how you feel.', NULL, NULL, NULL, NULL, 0),
    (5, 3, 'Apologize sincerely', 'Say sorry promptly, in your own words and without excuses.', 'I''m sorry, we got that wrong.', 'Sorry, but it''s been a busy day.', 10, 'minutes', 'intake', NULL, 1),
    (5, 4, 'Resolve the problem', 'Ask what would put it right for them instead of assuming, then do it as quickly as you can.', 'What would put this right for you?', '', 1, 'days', 'intake', 'desired_outcome', 0),
    (5, 5, 'Diagnose the cause', 'Afterwards, work out why it happened and what to change, without looking for someone to blame.', '', '', NULL, NULL, NULL, 'root_cause', 0);
INSERT INTO playbooks (id, builtin_key, name, summary, position, created_at, updated_at)
VALUES (6, 'last', 'LAST', 'Listen, Apologize, Solve, Thank: the lightest routine, for small everyday slips such as a wrong order or a short wait, settled on the spot.', 6, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
ON CONFLICT (id) DO UPDATE SET builtin_key = excluded.builtin_key, name = excluded.name,
    summary = excluded.summary, updated_at = excluded.updated_at;
DELETE FROM playbook_steps WHERE playbook_id = 6;
INSERT INTO playbook_steps (playbook_id, position, title, guidance, say, avoid,
                            target_amount, target_unit, target_from, capture, apology) VALUES
    (6, 1, 'Listen closely', 'Watch for early signs like a frown or an untouched plate, ask before it becomes a complaint, and let them finish.', 'Is everything all right with that?
Tell me what''s wrong.', '', NULL, NULL, NULL, NULL, 0),
    (6, 2, 'Apologize sincerely', 'Say sorry straight away and in your own words, without explaining whose fault it was.', 'I''m sorry about that, let me sort it out.', 'It''s not my fault, the kitchen did it.', 5, 'minutes', 'intake', NULL, 1),
    (6, 3, 'Solve the problem', 'Ask what they''d like instead of guessing, then fix it there and then if you possibly can.', 'What would you like me to do about it?', '', 4, 'hours', 'intake', 'desired_outcome', 0),
    (6, 4, 'Thank the customer', 'Thank them for speaking up, because most unhappy customers simply leave and never tell you why.', 'Thanks for telling us. It helps us get it right.', '', NULL, NULL, NULL, NULL, 0);

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
