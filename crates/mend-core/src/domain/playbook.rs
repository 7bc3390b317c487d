//! Recovery playbooks: the fixed routines staff follow on every incident,
//! and the checks on a playbook the owner writes.
//!
//! The built-in playbooks live in [`builtin`]; their ids are fixed forever
//! so that incidents and settings can point at them across versions.

use super::checklist::Target;
use serde::{Deserialize, Serialize};

pub mod builtin;

/// Information a step asks staff to capture while doing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capture {
    /// "Ask what would make them happy": fills the incident's desired outcome.
    DesiredOutcome,
    /// "Find the root cause": records the root cause and a prevention action.
    RootCause,
    /// "Follow up": schedules a follow-up call.
    FollowUp,
}

impl Capture {
    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Capture::DesiredOutcome => "desired_outcome",
            Capture::RootCause => "root_cause",
            Capture::FollowUp => "follow_up",
        }
    }

    /// Reads a stored value.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "desired_outcome" => Some(Capture::DesiredOutcome),
            "root_cause" => Some(Capture::RootCause),
            "follow_up" => Some(Capture::FollowUp),
            _ => None,
        }
    }
}

/// One step of a built-in playbook, as compiled into the app.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinStep {
    /// Short title ("Apologize").
    pub title: &'static str,
    /// One line of guidance.
    pub guidance: &'static str,
    /// Phrases that work, in our own words.
    pub say: &'static [&'static str],
    /// Phrases to avoid.
    pub avoid: &'static [&'static str],
    /// Target time, if the step has one.
    pub target: Option<Target>,
    /// What the step captures, if anything.
    pub capture: Option<Capture>,
    /// Whether this is the step where staff say sorry (ticking it records the apology).
    pub apology: bool,
}

/// A built-in playbook.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinPlaybook {
    /// Fixed id, never reused.
    pub id: i64,
    /// Fixed key ("five-steps").
    pub key: &'static str,
    /// Name shown in pickers.
    pub name: &'static str,
    /// One sentence on when it suits.
    pub summary: &'static str,
    /// Steps in order.
    pub steps: &'static [BuiltinStep],
}

use super::checklist::{TargetFrom, TargetUnit};
use super::validate::{self, Checker};
use crate::error::Result;

/// Longest guidance line we accept.
pub const GUIDANCE_MAX: usize = 500;
/// Most steps a playbook may have.
pub const STEPS_MAX: usize = 30;

/// One step of the playbook editor, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StepInput {
    /// Order in the playbook; steps without one keep the order given.
    pub position: Option<i64>,
    /// Title.
    pub title: String,
    /// One line of guidance.
    pub guidance: String,
    /// Phrases that work, one per line.
    pub say: String,
    /// Phrases to avoid, one per line.
    pub avoid: String,
    /// Target amount; `None` for no target.
    pub target_amount: Option<i64>,
    /// "minutes", "hours" or "days".
    pub target_unit: String,
    /// "intake" or "previous_step".
    pub target_from: String,
    /// "", "desired_outcome", "root_cause" or "follow_up".
    pub capture: String,
    /// Whether this is the step where staff say sorry.
    pub apology: bool,
}

/// The playbook editor, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PlaybookInput {
    /// Name shown in pickers.
    pub name: String,
    /// When it suits.
    pub summary: String,
    /// Steps.
    pub steps: Vec<StepInput>,
    /// On an edit, the row version the editor loaded (see `Store::update_playbook`).
    pub version: Option<i64>,
}

/// A checked step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepFields {
    /// Title.
    pub title: String,
    /// Guidance.
    pub guidance: String,
    /// Phrases that work, one per line.
    pub say: String,
    /// Phrases to avoid, one per line.
    pub avoid: String,
    /// Target time.
    pub target: Option<Target>,
    /// What the step captures.
    pub capture: Option<Capture>,
    /// Whether this is the step where staff say sorry.
    pub apology: bool,
}

/// A checked playbook: steps in their final order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaybookFields {
    /// Name.
    pub name: String,
    /// Summary.
    pub summary: String,
    /// Steps, in order (position = index + 1).
    pub steps: Vec<StepFields>,
}

/// Cleans a list of phrases typed one per line.
fn phrases(raw: &str) -> std::result::Result<String, String> {
    let lines: Vec<&str> = raw.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.len() > 10 {
        return Err("Please keep it to ten phrases or fewer.".to_string());
    }
    validate::optional_text(&lines.join("\n"), 2000)
}

impl PlaybookInput {
    /// Checks the editor's content. Error keys: `name`, `steps`, and
    /// `steps.N.title` / `steps.N.position` / `steps.N.target_amount` ... with
    /// N counted from 0 in the order sent.
    pub fn validated(&self) -> Result<PlaybookFields> {
        let mut c = Checker::new();
        let name = c.check("name", validate::required_name(&self.name, "playbook's name"));
        let summary = c.check("summary", validate::optional_text(&self.summary, GUIDANCE_MAX));
        if self.steps.is_empty() {
            c.fail("steps", "A playbook needs at least one step.");
        }
        if self.steps.len() > STEPS_MAX {
            c.fail("steps", format!("A playbook can have at most {STEPS_MAX} steps."));
        }
        let mut seen_positions = std::collections::BTreeSet::new();
        let mut steps: Vec<(i64, StepFields)> = Vec::new();
        for (i, s) in self.steps.iter().enumerate() {
            let key = |f: &str| format!("steps.{i}.{f}");
            let position = s.position.unwrap_or(i as i64 + 1);
            if position < 1 {
                c.fail(&key("position"), "Step numbers start at 1.");
            } else if !seen_positions.insert(position) {
                c.fail(
                    &key("position"),
                    format!("Two steps are both number {position}; please give each its own place."),
                );
            }
            let title = c.check(&key("title"), validate::required_name(&s.title, "step's title"));
            let guidance = c.check(&key("guidance"), validate::optional_text(&s.guidance, GUIDANCE_MAX));
            let say = c.check(&key("say"), phrases(&s.say));
            let avoid = c.check(&key("avoid"), phrases(&s.avoid));
            let target = match s.target_amount {
                None => None,
                Some(amount) if !(1..=999).contains(&amount) => {
                    c.fail(&key("target_amount"), "Please enter a target from 1 to 999, or leave it empty.");
                    None
                }
                Some(amount) => {
                    let unit = TargetUnit::parse(s.target_unit.trim());
                    let from = if s.target_from.trim().is_empty() {
                        Some(TargetFrom::Intake)
                    } else {
                        TargetFrom::parse(s.target_from.trim())
                    };
                    match (unit, from) {
                        (Some(unit), Some(from)) => Some(Target { amount, unit, from }),
                        (None, _) => {
                            c.fail(&key("target_unit"), "Please choose minutes, hours or days.");
                            None
                        }
                        (_, None) => {
                            c.fail(&key("target_from"), "Please choose what the time counts from.");
                            None
                        }
                    }
                }
            };
            let capture = match s.capture.trim() {
                "" => None,
                other => {
                    let parsed = Capture::parse(other);
                    if parsed.is_none() {
                        c.fail(&key("capture"), "Please choose what this step records from the list.");
                    }
                    parsed
                }
            };
            if let (Some(title), Some(guidance), Some(say), Some(avoid)) = (title, guidance, say, avoid) {
                steps.push((position, StepFields { title, guidance, say, avoid, target, capture, apology: s.apology }));
            }
        }
        if self.steps.iter().filter(|s| s.apology).count() > 1 {
            c.fail("steps", "Mark one step as the apology, not several.");
        }
        c.finish()?;
        steps.sort_by_key(|(p, _)| *p);
        Ok(PlaybookFields {
            name: name.expect("checked"),
            summary: summary.expect("checked"),
            steps: steps.into_iter().map(|(_, s)| s).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn step(title: &str) -> StepInput {
        StepInput { title: title.into(), ..Default::default() }
    }

    fn fields_of(err: Error) -> crate::error::FieldErrors {
        match err {
            Error::Invalid(f) => f,
            other => panic!("expected invalid, got {other:?}"),
        }
    }

    mod validated {
        use super::*;

        #[test]
        fn success_orders_by_position_and_reads_targets() {
            let input = PlaybookInput {
                name: "Counter routine".into(),
                steps: vec![
                    StepInput { position: Some(2), capture: "follow_up".into(), ..step("Call back") },
                    StepInput {
                        position: Some(1),
                        target_amount: Some(5),
                        target_unit: "minutes".into(),
                        say: " Sorry about this \n\n We'll fix it ".into(),
                        ..step("Apologize")
                    },
                ],
                ..Default::default()
            };
            let p = input.validated().unwrap();
            assert_eq!(p.steps[0].title, "Apologize");
            assert_eq!(p.steps[0].say, "Sorry about this\nWe'll fix it");
            assert_eq!(
                p.steps[0].target,
                Some(Target { amount: 5, unit: TargetUnit::Minutes, from: TargetFrom::Intake })
            );
            assert_eq!(p.steps[1].capture, Some(Capture::FollowUp));
        }

        mod error {
            use super::*;

            #[test]
            fn no_steps() {
                let f =
                    fields_of(PlaybookInput { name: "Empty".into(), ..Default::default() }.validated().unwrap_err());
                assert_eq!(f["steps"], "A playbook needs at least one step.");
            }

            #[test]
            fn empty_step_title() {
                let input =
                    PlaybookInput { name: "X".into(), steps: vec![step("Listen"), step("  ")], ..Default::default() };
                let f = fields_of(input.validated().unwrap_err());
                assert!(f.contains_key("steps.1.title"));
            }

            #[test]
            fn duplicate_positions() {
                let input = PlaybookInput {
                    name: "X".into(),
                    steps: vec![
                        StepInput { position: Some(1), ..step("A") },
                        StepInput { position: Some(1), ..step("B") },
                    ],
                    ..Default::default()
                };
                let f = fields_of(input.validated().unwrap_err());
                assert!(f["steps.1.position"].contains("both number 1"));
            }

            #[test]
            fn target_without_unit() {
                let input = PlaybookInput {
                    name: "X".into(),
                    steps: vec![StepInput { target_amount: Some(3), ..step("A") }],
                    ..Default::default()
                };
                let f = fields_of(input.validated().unwrap_err());
                assert!(f.contains_key("steps.0.target_unit"));
            }
        }
    }
}
