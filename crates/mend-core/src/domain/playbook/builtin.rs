//! The built-in recovery playbooks shipped with Mend.
//!
//! Ids and keys are fixed forever: incidents and settings point at them, so a
//! playbook may be reworded in a later version but never renumbered, and a
//! retired id is never reused. Only the structure of each routine comes from
//! the published sources; every title, line of guidance and phrase is written
//! in our own words, in American spelling.

use super::{BuiltinPlaybook, BuiltinStep, Capture};
use crate::domain::checklist::{Target, TargetFrom, TargetUnit};

/// A target time, for use in the constant below.
const fn within(amount: i64, unit: TargetUnit, from: TargetFrom) -> Option<Target> {
    Some(Target { amount, unit, from })
}

/// Every built-in playbook, in the order shown in pickers.
pub const BUILTIN: &[BuiltinPlaybook] = &[
    // 1. Five steps (Zemke & Bell style).
    BuiltinPlaybook {
        id: 1,
        key: "five-steps",
        name: "Five steps",
        summary: "A sound all-round routine for any shop that wants a fair fix plus a gesture matched to how badly things went.",
        steps: &[
            BuiltinStep {
                title: "Apologize sincerely",
                guidance: "Say sorry in your own words straight away, without blaming a colleague, a supplier or the customer.",
                say: &["I'm sorry this happened, and I'm going to put it right.", "That's not what we want for you, and I apologize."],
                avoid: &["Sorry, but that wasn't me.", "Sorry, but our policy is..."],
                target: within(5, TargetUnit::Minutes, TargetFrom::Intake),
                capture: None,
                apology: true,
            },
            BuiltinStep {
                title: "Listen without lecturing",
                guidance: "Let them tell the whole story and repeat it back; don't explain why it went wrong or correct their version.",
                say: &["Tell me what happened.", "So the main problem is this. Have I got that right?"],
                avoid: &["Actually, if you had...", "Well, you should have told us."],
                target: None,
                capture: None,
                apology: false,
            },
            BuiltinStep {
                title: "Give a fair fix",
                guidance: "Ask what they were hoping for instead of guessing, then deliver that quickly: redo it, replace it or refund it.",
                say: &["What were you hoping to walk out with today?", "Here's what I can do for you right now."],
                avoid: &[],
                target: within(1, TargetUnit::Days, TargetFrom::Intake),
                capture: Some(Capture::DesiredOutcome),
                apology: false,
            },
            BuiltinStep {
                title: "Offer something extra",
                guidance: "Add a small extra beyond the fix, larger when the problem was worse or the customer is a regular; Mend suggests a size.",
                say: &["We'd like you to have this on us, for the trouble."],
                avoid: &["That's the best we can do."],
                target: None,
                capture: None,
                apology: false,
            },
            BuiltinStep {
                title: "Keep every promise",
                guidance: "Log each promise with a due date, keep it, then call to check they're happy; a broken promise does twice the damage.",
                say: &["I said I'd call today, so here I am. Is everything right now?"],
                avoid: &[],
                target: within(2, TargetUnit::Days, TargetFrom::PreviousStep),
                capture: Some(Capture::FollowUp),
                apology: false,
            },
        ],
    },
    // 2. The recovery model, ownership first.
    BuiltinPlaybook {
        id: 2,
        key: "recovery-model",
        name: "Recovery model",
        summary: "Suits shops where several people take complaints, because one named person owns each case from first word to last call.",
        steps: &[
            BuiltinStep {
                title: "Take ownership",
                guidance: "Whoever hears the complaint owns it until it's closed, even if someone else made the mistake, so give the customer your name.",
                say: &["I'll look after this myself until it's fixed."],
                avoid: &["That's not my department.", "You'll need to speak to whoever served you."],
                target: None,
                capture: None,
                apology: false,
            },
            BuiltinStep {
                title: "Apologize plainly",
                guidance: "Say sorry early and simply, and mean it; a fast, sincere apology counts for more than any refund.",
                say: &["I'm really sorry. That shouldn't have happened."],
                avoid: &["Sorry if you feel that way."],
                target: within(10, TargetUnit::Minutes, TargetFrom::Intake),
                capture: None,
                apology: true,
            },
            BuiltinStep {
                title: "Restore the service urgently",
                guidance: "Ask what outcome they need, then put the original job or product right ahead of routine work.",
                say: &["What do you need from us to make this right?"],
                avoid: &[],
                target: within(4, TargetUnit::Hours, TargetFrom::Intake),
                capture: Some(Capture::DesiredOutcome),
                apology: false,
            },
            BuiltinStep {
                title: "Show you understand",
                guidance: "Acknowledge how the problem affected their day, not just what went wrong with the job.",
                say: &["That must have thrown your whole morning out."],
                avoid: &["It's only a small thing.", "Everyone else was fine with it."],
                target: None,
                capture: None,
                apology: false,
            },
            BuiltinStep {
                title: "Make it up to them",
                guidance: "Give a gesture that says sorry beyond the fix, sized to how bad it was and how much the customer means to the shop.",
                say: &["Please let us make it up to you with this."],
                avoid: &[],
                target: None,
                capture: None,
                apology: false,
            },
            BuiltinStep {
                title: "Follow up",
                guidance: "Call a day or two later to check the fix held and the customer feels properly looked after.",
                say: &["I'm calling to check how things have been since we fixed it."],
                avoid: &[],
                target: within(2, TargetUnit::Days, TargetFrom::PreviousStep),
                capture: Some(Capture::FollowUp),
                apology: false,
            },
        ],
    },
    // 3. Seven steps (Telephone Doctor).
    BuiltinPlaybook {
        id: 3,
        key: "seven-steps",
        name: "Seven steps",
        summary: "Good for busy counters and phone-heavy shops that want a clear script, a lasting fix and a next-day check-in.",
        steps: &[
            BuiltinStep {
                title: "Take responsibility",
                guidance: "Treat the problem as the shop's to solve, whoever caused it, and don't pass the customer along.",
                say: &["This one's on us, and I'll handle it."],
                avoid: &["That's not our fault.", "Someone else dealt with that."],
                target: None,
                capture: None,
                apology: false,
            },
            BuiltinStep {
                title: "Say sorry",
                guidance: "Apologize right away in plain words; a quick, sincere sorry calms things more than any discount.",
                say: &["I'm so sorry about this."],
                avoid: &["Mistakes happen."],
                target: within(5, TargetUnit::Minutes, TargetFrom::Intake),
                capture: None,
                apology: true,
            },
            BuiltinStep {
                title: "Empathize at once",
                guidance: "Name the feeling you hear and show you see why it matters to them, without claiming to know exactly how they feel.",
                say: &["That sounds really frustrating.", "I'd be annoyed too if that happened to me."],
                avoid: &["I know how you feel.", "Calm down."],
                target: None,
                capture: None,
                apology: false,
            },
            BuiltinStep {
                title: "Act immediately",
                guidance: "Start fixing it now, while the customer is still with you if you can, and tell them what happens next and when.",
                say: &["I'm starting on this right now."],
                avoid: &["We'll get to it when we can."],
                target: within(2, TargetUnit::Hours, TargetFrom::Intake),
                capture: None,
                apology: false,
            },
            BuiltinStep {
                title: "Ask what would help",
                guidance: "Ask what would make this right for them rather than assuming, and note their answer in their own words.",
                say: &["What would make this right for you?", "What were you hoping we'd do?"],
                avoid: &["Here's what we normally do."],
                target: None,
                capture: Some(Capture::DesiredOutcome),
                apology: false,
            },
            BuiltinStep {
                title: "Stop it happening again",
                guidance: "Find out why it went wrong and change one thing so it can't recur; learning the cause beats winning the argument.",
                say: &[],
                avoid: &[],
                target: None,
                capture: Some(Capture::RootCause),
                apology: false,
            },
            BuiltinStep {
                title: "Follow up next day",
                guidance: "Call a day or so after the fix to check that everything works and that they're happy with how it was handled.",
                say: &["Just checking in: is everything working as it should now?", "Is there anything still not right?"],
                avoid: &[],
                target: within(1, TargetUnit::Days, TargetFrom::PreviousStep),
                capture: Some(Capture::FollowUp),
                apology: false,
            },
        ],
    },
    // 4. Eight steps (MMI). The source's "be respectful" and "put yourself
    // in their place" are folded into one step.
    BuiltinPlaybook {
        id: 4,
        key: "eight-steps",
        name: "Eight steps",
        summary: "Fits shops with regulars and bigger tickets, where careful notes and follow-up calls until the customer is satisfied pay off.",
        steps: &[
            BuiltinStep {
                title: "Listen and write it down",
                guidance: "Hear them out and note what they're unhappy with, what they want, and the date and time it happened.",
                say: &["Let me write this down so nothing gets lost.", "And what would you like us to do about it?"],
                avoid: &[],
                target: None,
                capture: Some(Capture::DesiredOutcome),
                apology: false,
            },
            BuiltinStep {
                title: "Respond quickly",
                guidance: "Get back to them fast, even if only to say what happens next; speed of response is what keeps customers.",
                say: &["I've got your message and I'm on it."],
                avoid: &[],
                target: within(10, TargetUnit::Minutes, TargetFrom::Intake),
                capture: None,
                apology: false,
            },
            BuiltinStep {
                title: "See it from their side",
                guidance: "Stay courteous whatever their tone, and picture how the problem looks from where they stand.",
                say: &["I can see why that would upset you."],
                avoid: &["There's no need to shout.", "You're the only one who's complained."],
                target: None,
                capture: None,
                apology: false,
            },
            BuiltinStep {
                title: "Look for a solution",
                guidance: "Work out the options that would fix the problem for them, not just the easiest one for the shop.",
                say: &[],
                avoid: &[],
                target: None,
                capture: None,
                apology: false,
            },
            BuiltinStep {
                title: "Make an offer",
                guidance: "Put a clear, concrete offer to the customer and agree it with them before you act.",
                say: &["Here's what I'd like to do. Would that work for you?"],
                avoid: &["Take it or leave it."],
                target: within(1, TargetUnit::Days, TargetFrom::Intake),
                capture: None,
                apology: false,
            },
            BuiltinStep {
                title: "Apologize sincerely",
                guidance: "Say sorry in your own words and mean it, without excuses tacked on the end.",
                say: &["I'm genuinely sorry we let you down."],
                avoid: &["Sorry, but we were short-staffed."],
                target: None,
                capture: None,
                apology: true,
            },
            BuiltinStep {
                title: "Tell them they matter",
                guidance: "Let them know their business is valued and that you want them back.",
                say: &["We really value having you as a customer.", "Thank you for giving us the chance to fix it."],
                avoid: &[],
                target: None,
                capture: None,
                apology: false,
            },
            BuiltinStep {
                title: "Follow up until satisfied",
                guidance: "Call a couple of days after the fix and keep checking in until the customer says they're happy.",
                say: &["I wanted to make sure everything is right for you now."],
                avoid: &[],
                target: within(2, TargetUnit::Days, TargetFrom::PreviousStep),
                capture: Some(Capture::FollowUp),
                apology: false,
            },
        ],
    },
    // 5. HEARD mnemonic.
    BuiltinPlaybook {
        id: 5,
        key: "heard",
        name: "HEARD",
        summary: "Hear, Empathize, Apologize, Resolve, Diagnose: a short routine for cafés and front counters, easy to recall without looking it up.",
        steps: &[
            BuiltinStep {
                title: "Hear them out",
                guidance: "Let the customer finish without interrupting, then sum up what you heard so they know you listened.",
                say: &["Go on, I'm listening.", "So what went wrong was this. Is that right?"],
                avoid: &["Yes, yes, I get it."],
                target: None,
                capture: None,
                apology: false,
            },
            BuiltinStep {
                title: "Empathize with them",
                guidance: "Show you understand why it matters to them before you talk about fixing anything.",
                say: &["That's really disappointing, especially today."],
                avoid: &["I know how you feel."],
                target: None,
                capture: None,
                apology: false,
            },
            BuiltinStep {
                title: "Apologize sincerely",
                guidance: "Say sorry promptly, in your own words and without excuses.",
                say: &["I'm sorry, we got that wrong."],
                avoid: &["Sorry, but it's been a busy day."],
                target: within(10, TargetUnit::Minutes, TargetFrom::Intake),
                capture: None,
                apology: true,
            },
            BuiltinStep {
                title: "Resolve the problem",
                guidance: "Ask what would put it right for them instead of assuming, then do it as quickly as you can.",
                say: &["What would put this right for you?"],
                avoid: &[],
                target: within(1, TargetUnit::Days, TargetFrom::Intake),
                capture: Some(Capture::DesiredOutcome),
                apology: false,
            },
            BuiltinStep {
                title: "Diagnose the cause",
                guidance: "Afterwards, work out why it happened and what to change, without looking for someone to blame.",
                say: &[],
                avoid: &[],
                target: None,
                capture: Some(Capture::RootCause),
                apology: false,
            },
        ],
    },
    // 6. LAST mnemonic.
    BuiltinPlaybook {
        id: 6,
        key: "last",
        name: "LAST",
        summary: "Listen, Apologize, Solve, Thank: the lightest routine, for small everyday slips such as a wrong order or a short wait, settled on the spot.",
        steps: &[
            BuiltinStep {
                title: "Listen closely",
                guidance: "Watch for early signs like a frown or an untouched plate, ask before it becomes a complaint, and let them finish.",
                say: &["Is everything all right with that?", "Tell me what's wrong."],
                avoid: &[],
                target: None,
                capture: None,
                apology: false,
            },
            BuiltinStep {
                title: "Apologize sincerely",
                guidance: "Say sorry straight away and in your own words, without explaining whose fault it was.",
                say: &["I'm sorry about that, let me sort it out."],
                avoid: &["It's not my fault, the kitchen did it."],
                target: within(5, TargetUnit::Minutes, TargetFrom::Intake),
                capture: None,
                apology: true,
            },
            BuiltinStep {
                title: "Solve the problem",
                guidance: "Ask what they'd like instead of guessing, then fix it there and then if you possibly can.",
                say: &["What would you like me to do about it?"],
                avoid: &[],
                target: within(4, TargetUnit::Hours, TargetFrom::Intake),
                capture: Some(Capture::DesiredOutcome),
                apology: false,
            },
            BuiltinStep {
                title: "Thank the customer",
                guidance: "Thank them for speaking up, because most unhappy customers simply leave and never tell you why.",
                say: &["Thanks for telling us. It helps us get it right."],
                avoid: &[],
                target: None,
                capture: None,
                apology: false,
            },
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn playbook(key: &str) -> &'static BuiltinPlaybook {
        BUILTIN.iter().find(|p| p.key == key).unwrap_or_else(|| panic!("no playbook {key}"))
    }

    fn steps() -> impl Iterator<Item = (&'static BuiltinPlaybook, &'static BuiltinStep)> {
        BUILTIN.iter().flat_map(|p| p.steps.iter().map(move |s| (p, s)))
    }

    /// One sentence: ends with a period and has no other sentence break.
    fn one_sentence(text: &str) -> bool {
        text.ends_with('.') && !text[..text.len() - 1].contains(". ") && !text.contains('\n')
    }

    #[test]
    fn six_playbooks_with_fixed_ids_and_keys() {
        let ids: Vec<i64> = BUILTIN.iter().map(|p| p.id).collect();
        assert_eq!(ids, [1, 2, 3, 4, 5, 6]);
        let keys: Vec<&str> = BUILTIN.iter().map(|p| p.key).collect();
        assert_eq!(keys, ["five-steps", "recovery-model", "seven-steps", "eight-steps", "heard", "last"]);
        assert_eq!(keys.iter().collect::<HashSet<_>>().len(), BUILTIN.len());
    }

    #[test]
    fn names_and_summaries() {
        let names: HashSet<&str> = BUILTIN.iter().map(|p| p.name).collect();
        assert_eq!(names.len(), BUILTIN.len(), "names must be unique");
        for p in BUILTIN {
            assert!(!p.name.trim().is_empty(), "{}: empty name", p.key);
            assert!(one_sentence(p.summary), "{}: summary must be one sentence", p.key);
            assert!(p.summary.len() <= 160, "{}: summary too long", p.key);
        }
    }

    #[test]
    fn step_counts() {
        for p in BUILTIN {
            assert!(p.steps.len() >= 3, "{} has only {} steps", p.key, p.steps.len());
        }
        assert_eq!(playbook("five-steps").steps.len(), 5);
        assert_eq!(playbook("recovery-model").steps.len(), 6);
        assert_eq!(playbook("seven-steps").steps.len(), 7);
        assert_eq!(playbook("eight-steps").steps.len(), 8);
        assert_eq!(playbook("heard").steps.len(), 5);
        assert_eq!(playbook("last").steps.len(), 4);
    }

    #[test]
    fn titles_are_short_and_in_sentence_case() {
        for (p, s) in steps() {
            assert!(!s.title.trim().is_empty(), "{}: empty title", p.key);
            assert!(s.title.chars().count() <= 60, "{}: title too long: {}", p.key, s.title);
            let words = s.title.split_whitespace().count();
            assert!((2..=6).contains(&words), "{}: title should be 2 to 6 words: {}", p.key, s.title);
            assert!(s.title.starts_with(|c: char| c.is_uppercase()), "{}: {}", p.key, s.title);
            assert!(!s.title.ends_with('.'), "{}: {}", p.key, s.title);
            assert!(
                s.title.split_whitespace().skip(1).all(|w| !w.starts_with(|c: char| c.is_uppercase())),
                "{}: title not in sentence case: {}",
                p.key,
                s.title
            );
        }
    }

    #[test]
    fn titles_are_unique_within_a_playbook() {
        for p in BUILTIN {
            let titles: HashSet<&str> = p.steps.iter().map(|s| s.title).collect();
            assert_eq!(titles.len(), p.steps.len(), "{}: repeated title", p.key);
        }
    }

    #[test]
    fn guidance_is_one_short_sentence() {
        for (p, s) in steps() {
            assert!(!s.guidance.trim().is_empty(), "{}: {} has no guidance", p.key, s.title);
            assert!(s.guidance.chars().count() <= 160, "{}: guidance too long for {}", p.key, s.title);
            assert!(one_sentence(s.guidance), "{}: guidance for {} must be one sentence", p.key, s.title);
        }
    }

    #[test]
    fn phrases_are_few_and_non_empty() {
        for (p, s) in steps() {
            assert!(s.say.len() <= 3, "{}: too many phrases to say in {}", p.key, s.title);
            assert!(s.avoid.len() <= 3, "{}: too many phrases to avoid in {}", p.key, s.title);
            for phrase in s.say.iter().chain(s.avoid.iter()) {
                assert!(!phrase.trim().is_empty(), "{}: empty phrase in {}", p.key, s.title);
                assert_eq!(phrase.trim(), *phrase, "{}: stray whitespace in {phrase:?}", p.key);
            }
        }
    }

    #[test]
    fn spelling_is_american_throughout() {
        let all: Vec<&str> = BUILTIN
            .iter()
            .flat_map(|p| [p.name, p.summary])
            .chain(steps().flat_map(|(_, s)| {
                [s.title, s.guidance].into_iter().chain(s.say.iter().copied()).chain(s.avoid.iter().copied())
            }))
            .collect();
        for text in all {
            let lower = text.to_lowercase();
            for british in ["apologis", "empathis", "recognis", "colour", "favour", "behaviour", "organis"] {
                assert!(!lower.contains(british), "British spelling in {text:?}");
            }
        }
    }

    #[test]
    fn seven_steps_empathy_avoids_claiming_to_know_the_feeling() {
        let empathy = playbook("seven-steps").steps.iter().find(|s| s.title == "Empathize at once").unwrap();
        assert!(empathy.avoid.contains(&"I know how you feel."));
        assert!(!empathy.say.is_empty());
    }

    #[test]
    fn targets_are_positive_and_follow_ups_count_from_the_fix() {
        for (p, s) in steps() {
            if let Some(t) = s.target {
                assert!(t.amount >= 1, "{}: {} has a zero target", p.key, s.title);
            }
            if s.capture == Some(Capture::FollowUp) {
                let t = s.target.unwrap_or_else(|| panic!("{}: follow-up {} has no target", p.key, s.title));
                assert_eq!(t.from, TargetFrom::PreviousStep, "{}: {}", p.key, s.title);
                assert_eq!(t.unit, TargetUnit::Days, "{}: {}", p.key, s.title);
            }
        }
        // The first step of every playbook can be ticked at once; no
        // playbook starts by waiting on a previous step.
        for p in BUILTIN {
            assert_ne!(p.steps[0].target.map(|t| t.from), Some(TargetFrom::PreviousStep), "{}", p.key);
        }
    }

    #[test]
    fn every_playbook_has_a_fast_first_response() {
        // Speed and a sincere apology come first: each routine has a step due
        // within minutes of intake.
        for p in BUILTIN {
            assert!(
                p.steps.iter().any(|s| matches!(
                    s.target,
                    Some(Target { unit: TargetUnit::Minutes, from: TargetFrom::Intake, amount }) if amount <= 10
                )),
                "{}: no step due within 10 minutes of intake",
                p.key
            );
        }
    }

    #[test]
    fn captures() {
        let has = |key: &str, capture: Capture| playbook(key).steps.iter().any(|s| s.capture == Some(capture));
        for key in ["five-steps", "recovery-model", "seven-steps", "eight-steps"] {
            assert!(has(key, Capture::FollowUp), "{key} has no follow-up");
        }
        for p in BUILTIN {
            assert!(
                p.steps.iter().any(|s| s.capture == Some(Capture::DesiredOutcome)),
                "{}: never asks what the customer wants",
                p.key
            );
            let follow_ups = p.steps.iter().filter(|s| s.capture == Some(Capture::FollowUp)).count();
            assert!(follow_ups <= 1, "{}: more than one follow-up step", p.key);
        }
        assert!(has("seven-steps", Capture::RootCause));
        assert_eq!(playbook("heard").steps.last().unwrap().capture, Some(Capture::RootCause));
        assert_eq!(playbook("eight-steps").steps.last().unwrap().capture, Some(Capture::FollowUp));
        assert_eq!(playbook("eight-steps").steps.last().unwrap().title, "Follow up until satisfied");
        assert_eq!(playbook("last").steps.last().unwrap().title, "Thank the customer");
    }

    #[test]
    fn mnemonics_spell_their_names() {
        for key in ["heard", "last"] {
            let p = playbook(key);
            let initials: String = p.steps.iter().map(|s| s.title.chars().next().unwrap()).collect();
            assert_eq!(initials, p.name, "{key}");
        }
    }

    #[test]
    fn mnemonic_summaries_spell_out_their_letters() {
        for key in ["heard", "last"] {
            let p = playbook(key);
            let (words, _) = p.summary.split_once(": ").unwrap_or_else(|| panic!("{key}: no words before a colon"));
            let initials: String = words.split(", ").map(|w| w.chars().next().unwrap()).collect();
            assert_eq!(initials, p.name, "{key}: {words}");
        }
    }

    #[test]
    fn no_jargon_a_shop_owner_would_not_use() {
        let texts = BUILTIN.iter().flat_map(|p| [p.name, p.summary]).chain(steps().flat_map(|(_, s)| {
            [s.title, s.guidance].into_iter().chain(s.say.iter().copied()).chain(s.avoid.iter().copied())
        }));
        for text in texts {
            let lower = text.to_lowercase();
            for word in ["atonement", "symbolic", "intake", "advisor", "outcome failure", "process failure"] {
                assert!(!lower.contains(word), "{word:?} in {text:?}");
            }
        }
    }
}
