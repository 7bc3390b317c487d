//! The shop's message templates (Settings → Messages to customers) and how a message is filled
//! in for one customer.
//!
//! Three templates, each with a subject (for e-mail) and a body: the follow-up after a fix, the
//! apology with the gesture, and "we couldn't reach you". Their text may hold placeholders,
//! `{first_name}`, `{shop}`, `{gesture}` and `{promise}`, and optional parts in square
//! brackets: `[As a thank-you: {gesture}.]` is left out whole when a placeholder inside it has
//! nothing to fill in. A placeholder with no value outside brackets is left out too, and the
//! spaces and punctuation around the spot are tidied ("Hello {first_name}," becomes "Hello,"),
//! so a message never shows `{gesture}`, a double space or a dangling comma. Only the text
//! around a left-out spot is touched: what the owner wrote is otherwise kept as written,
//! accents, emoji and all.
//!
//! Templates are checked once, when saved ([`MessageTemplates::validated`]): an unknown
//! placeholder or an unclosed bracket is refused in plain words.

use super::validate::Checker;
use crate::error::Result;
use serde::{Deserialize, Serialize, Serializer};

/// Longest subject, in characters.
pub const SUBJECT_MAX: usize = 200;
/// Longest message body, in characters.
pub const BODY_MAX: usize = 2000;

/// What a template can fill in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    /// The customer's first name.
    FirstName,
    /// The shop's name (Settings → Your business).
    Shop,
    /// The latest gesture given on the incident.
    Gesture,
    /// The latest open promise of the incident (or the promise the call is about).
    Promise,
}

impl Placeholder {
    /// Every placeholder, in the order the Settings hint names them.
    pub const ALL: [Placeholder; 4] =
        [Placeholder::FirstName, Placeholder::Shop, Placeholder::Gesture, Placeholder::Promise];

    /// The name written between braces.
    pub fn as_str(self) -> &'static str {
        match self {
            Placeholder::FirstName => "first_name",
            Placeholder::Shop => "shop",
            Placeholder::Gesture => "gesture",
            Placeholder::Promise => "promise",
        }
    }

    /// What it stands for, in words.
    pub fn label(self) -> &'static str {
        match self {
            Placeholder::FirstName => "the customer’s first name",
            Placeholder::Shop => "your shop’s name",
            Placeholder::Gesture => "the gesture you gave",
            Placeholder::Promise => "the promise you made",
        }
    }

    /// Reads the name written between braces.
    pub fn parse(name: &str) -> Option<Placeholder> {
        Placeholder::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

/// Which template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TemplateKey {
    /// After the fix: checking everything is right now.
    FollowUp,
    /// Sorry again, with the gesture and the promise.
    Apology,
    /// A call that went unanswered.
    NoAnswer,
}

impl TemplateKey {
    /// Every template, in the order Settings shows them.
    pub const ALL: [TemplateKey; 3] = [TemplateKey::FollowUp, TemplateKey::Apology, TemplateKey::NoAnswer];

    /// The value stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateKey::FollowUp => "follow_up",
            TemplateKey::Apology => "apology",
            TemplateKey::NoAnswer => "no_answer",
        }
    }

    /// The words shown to people.
    pub fn label(self) -> &'static str {
        match self {
            TemplateKey::FollowUp => "Follow-up after a fix",
            TemplateKey::Apology => "Apology with the gesture",
            TemplateKey::NoAnswer => "We couldn’t reach you",
        }
    }

    /// Reads a stored or sent value.
    pub fn parse(value: &str) -> Option<TemplateKey> {
        TemplateKey::ALL.into_iter().find(|k| k.as_str() == value)
    }

    /// A key sent by the window: none, or one of the three (field `template`).
    pub fn from_input(value: Option<&str>) -> Result<Option<TemplateKey>> {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => TemplateKey::parse(v).map(Some).ok_or_else(|| {
                crate::error::Error::field("template", "Please choose one of the messages in the list.")
            }),
        }
    }

    /// The template that fits a line of the call list.
    pub fn for_call(context: CallContext) -> TemplateKey {
        match context {
            CallContext::FirstCall => TemplateKey::FollowUp,
            CallContext::Retry => TemplateKey::NoAnswer,
            CallContext::Promise => TemplateKey::Apology,
        }
    }

    /// Mend's own wording: (subject, body).
    pub fn default_text(self) -> (&'static str, &'static str) {
        match self {
            TemplateKey::FollowUp => (
                "Checking in[ from {shop}]",
                "Hello {first_name},\n\n[This is {shop}. ]We wanted to make sure everything is right now that we’ve \
                 fixed the problem. If anything still isn’t as it should be, just reply and we’ll sort it out.\n\n\
                 Thank you for your patience.",
            ),
            TemplateKey::Apology => (
                "We’re sorry[ – {shop}]",
                "Hello {first_name},\n\nWe’re truly sorry about what happened on your last visit[ to {shop}]. \
                 [To make up for it, we’d like to offer you this: {gesture}.] [We’ll keep our word: {promise}.]\n\n\
                 We hope to see you again soon.",
            ),
            TemplateKey::NoAnswer => (
                "We tried to call you[ – {shop}]",
                "Hello {first_name},\n\nWe tried to call you today[ from {shop}] to check that everything is right \
                 after your last visit. There’s no need to call back: just reply to this message if anything still \
                 isn’t right.\n\nThank you!",
            ),
        }
    }
}

impl Serialize for TemplateKey {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Where a line of the call list stands, for choosing its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallContext {
    /// A follow-up call not tried yet: the call after the fix.
    FirstCall,
    /// A follow-up call tried before with no answer.
    Retry,
    /// A promise due.
    Promise,
}

impl CallContext {
    /// Every context, for the window's table of which template each one gets.
    pub const ALL: [CallContext; 3] = [CallContext::FirstCall, CallContext::Retry, CallContext::Promise];

    /// The name the window knows it by.
    pub fn as_str(self) -> &'static str {
        match self {
            CallContext::FirstCall => "first_call",
            CallContext::Retry => "retry",
            CallContext::Promise => "promise",
        }
    }

    /// A follow-up call after `attempts` unanswered tries.
    pub fn of_follow_up(attempts: i64) -> CallContext {
        if attempts > 0 {
            CallContext::Retry
        } else {
            CallContext::FirstCall
        }
    }
}

// ---- Parsing ------------------------------------------------------------------------------

/// A piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Slot(Placeholder),
    /// A `[ … ]` part: kept only when every placeholder in it has a value.
    Optional(Vec<Piece>),
}

/// "{first_name}, {shop}, {gesture} or {promise}".
fn known_names() -> String {
    let names: Vec<String> = Placeholder::ALL.iter().map(|p| format!("{{{}}}", p.as_str())).collect();
    format!("{} or {}", names[..names.len() - 1].join(", "), names[names.len() - 1])
}

/// The pieces of a template, or what is wrong with it in plain words.
fn parse(text: &str) -> std::result::Result<Vec<Piece>, String> {
    let mut top: Vec<Piece> = Vec::new();
    let mut optional: Option<Vec<Piece>> = None;
    let mut plain = String::new();
    let mut chars = text.chars().peekable();
    fn flush(plain: &mut String, into: &mut Vec<Piece>) {
        if !plain.is_empty() {
            into.push(Piece::Text(std::mem::take(plain)));
        }
    }
    while let Some(c) = chars.next() {
        match c {
            '{' => {
                let mut name = String::new();
                let mut closed = false;
                while let Some(&n) = chars.peek() {
                    if n == '}' {
                        chars.next();
                        closed = true;
                        break;
                    }
                    if n == '{' || n == '\n' || name.chars().count() > 40 {
                        break;
                    }
                    name.push(n);
                    chars.next();
                }
                if !closed {
                    return Err(format!(
                        "“{{{name}” is not closed: write the placeholder with a “}}” at the end, like {{first_name}}."
                    ));
                }
                let Some(slot) = Placeholder::parse(name.trim()) else {
                    return Err(if name.trim().is_empty() {
                        format!("“{{}}” is empty: write one of {} between the braces.", known_names())
                    } else {
                        format!("“{{{name}}}” is not something Mend can fill in. Use {}.", known_names())
                    });
                };
                let into = optional.as_mut().unwrap_or(&mut top);
                flush(&mut plain, into);
                into.push(Piece::Slot(slot));
            }
            '}' => {
                return Err(format!(
                    "There is a “}}” with no “{{” before it. Placeholders are written like {{first_name}}: use {}.",
                    known_names()
                ))
            }
            '[' => {
                if optional.is_some() {
                    return Err("A part in [ ] can’t hold another [ ]: close the first one with “]” before \
                                starting the next."
                        .to_string());
                }
                flush(&mut plain, &mut top);
                optional = Some(Vec::new());
            }
            ']' => {
                let Some(mut inner) = optional.take() else {
                    return Err("There is a “]” with no “[” before it. Put the part to leave out when there is \
                                nothing to fill in between [ and ]."
                        .to_string());
                };
                flush(&mut plain, &mut inner);
                top.push(Piece::Optional(inner));
            }
            _ => plain.push(c),
        }
    }
    if optional.is_some() {
        return Err("A part in [ ] is not closed: add a “]” where it ends.".to_string());
    }
    flush(&mut plain, &mut top);
    Ok(top)
}

/// A template text that parses: what Settings saved, or Mend's own wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateText(String);

impl TemplateText {
    /// Checks a text typed in Settings: at most `max` characters, one line when `one_line`,
    /// placeholders Mend knows and brackets that close. Line ends become `\n`.
    pub fn checked(raw: &str, max: usize, one_line: bool) -> std::result::Result<TemplateText, String> {
        let text = raw.replace("\r\n", "\n").replace('\r', "\n");
        let text = text.trim();
        let len = text.chars().count();
        if len > max {
            return Err(format!("That is too long: please keep it under {max} characters (this has {len})."));
        }
        if one_line && text.contains('\n') {
            return Err("The subject must fit on one line.".to_string());
        }
        if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err("The text holds a character that can’t be sent. Please type it again.".to_string());
        }
        parse(text)?;
        Ok(TemplateText(text.to_string()))
    }

    /// The text as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Fills the text in with `values`.
    pub fn fill(&self, values: &MessageValues) -> String {
        let pieces = parse(&self.0).unwrap_or_default();
        let mut out = String::new();
        let mut after_stop = false;
        render(&pieces, values, &mut out, &mut after_stop);
        tidy(&out)
    }
}

impl Serialize for TemplateText {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

// ---- Filling --------------------------------------------------------------------------------

/// What a message is filled in with; `None` where there is nothing to say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageValues {
    /// The customer's first name.
    pub first_name: Option<String>,
    /// The shop's name.
    pub shop: Option<String>,
    /// The gesture given.
    pub gesture: Option<String>,
    /// The promise made.
    pub promise: Option<String>,
}

/// A value as it goes into a message: one line, trimmed; `None` when empty.
fn value(raw: &str) -> Option<String> {
    let one_line: String = raw.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let words: Vec<&str> = one_line.split_whitespace().collect();
    if words.is_empty() {
        None
    } else {
        Some(words.join(" "))
    }
}

/// The first word of a customer's name ("Zoë Brandt" → "Zoë").
pub fn first_name(name: &str) -> Option<String> {
    name.split_whitespace().next().and_then(value)
}

impl MessageValues {
    /// The values from the customer's full name, the shop's name, the gesture and the promise
    /// (each may be empty).
    pub fn new(customer_name: &str, shop: &str, gesture: &str, promise: &str) -> MessageValues {
        MessageValues {
            first_name: first_name(customer_name),
            shop: value(shop),
            gesture: value(gesture),
            promise: value(promise),
        }
    }

    fn get(&self, slot: Placeholder) -> Option<&str> {
        match slot {
            Placeholder::FirstName => self.first_name.as_deref(),
            Placeholder::Shop => self.shop.as_deref(),
            Placeholder::Gesture => self.gesture.as_deref(),
            Placeholder::Promise => self.promise.as_deref(),
        }
    }
}

/// Marks a spot where something was left out, for [`tidy`]. Checked texts and values hold no
/// control characters, so it can't be mistaken for text.
const GAP: char = '\u{0}';

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{a0}'
}

/// Writes the pieces with their values; a left-out value or part becomes a [`GAP`]. A value
/// that ends a sentence ("…arrives.") swallows the template's own full stop right after it.
fn render(pieces: &[Piece], values: &MessageValues, out: &mut String, after_stop: &mut bool) {
    for piece in pieces {
        match piece {
            Piece::Text(text) => {
                let text = if *after_stop { text.strip_prefix('.').unwrap_or(text) } else { text };
                out.push_str(text);
                *after_stop = false;
            }
            Piece::Slot(slot) => match values.get(*slot) {
                Some(v) => {
                    out.push_str(v);
                    *after_stop = v.ends_with(['.', '!', '?', '…']);
                }
                None => {
                    out.push(GAP);
                    *after_stop = false;
                }
            },
            Piece::Optional(inner) => {
                let complete = inner.iter().all(|p| !matches!(p, Piece::Slot(s) if values.get(*s).is_none()));
                if complete {
                    render(inner, values, out, after_stop);
                } else {
                    out.push(GAP);
                    *after_stop = false;
                }
            }
        }
    }
}

/// Upper-cases the first letter (when it has a one-letter capital).
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if first.is_lowercase() => {
            let mut upper = first.to_uppercase();
            match (upper.next(), upper.next()) {
                (Some(u), None) => std::iter::once(u).chain(chars).collect(),
                _ => text.to_string(),
            }
        }
        _ => text.to_string(),
    }
}

/// Joins the text on both sides of a left-out spot: one space at most, no space before a
/// comma or full stop, no doubled or dangling punctuation, a capital where a sentence now
/// starts.
fn join_at_gap(left: &str, right: &str) -> String {
    let had_space = left.ends_with(is_space) || right.starts_with(is_space);
    let mut l = left.trim_end_matches(is_space).to_string();
    let r = right.trim_start_matches(is_space);
    // Brackets left with nothing in them: "(" and ")" go too.
    if l.ends_with('(') && r.starts_with(')') {
        l.pop();
        return join_at_gap(&l, &r[1..]);
    }
    let space = if had_space { " " } else { "" };
    if l.is_empty() || l.ends_with(['.', '!', '?', '…']) {
        // A sentence starts here: what was tied to the left-out words goes with them.
        let r = r.trim_start_matches([',', ';', ':', '.', '!', '?', '-', '–', '—']).trim_start_matches(is_space);
        return match (l.is_empty(), r.is_empty()) {
            (true, _) => capitalised(r),
            (false, true) => l,
            (false, false) => format!("{l}{space}{}", capitalised(r)),
        };
    }
    if r.starts_with([',', '.', ';', ':', '!', '?', ')', '…']) {
        if l.ends_with([',', ';', ':']) && !r.starts_with(')') {
            l.pop();
        }
        return format!("{l}{r}");
    }
    if r.is_empty() {
        // The end of the line: a comma or dash that led to the left-out words goes with them.
        return l.trim_end_matches([',', ';', ':', '-', '–', '—']).trim_end_matches(is_space).to_string();
    }
    format!("{l}{space}{r}")
}

/// One line with its gaps closed. Gaps with only spaces between them count as one.
fn close_gaps(line: &str) -> String {
    let mut parts: Vec<&str> = line.split(GAP).collect();
    let mut out = parts.remove(0).to_string();
    let mut pending_space = false;
    let last = parts.len().saturating_sub(1);
    for (i, part) in parts.into_iter().enumerate() {
        if i < last && part.chars().all(is_space) {
            pending_space |= !part.is_empty();
            continue;
        }
        if pending_space && !out.ends_with(is_space) {
            out.push(' ');
        }
        pending_space = false;
        out = join_at_gap(&out, part);
    }
    out
}

/// The filled text with every left-out spot closed: a line that held only left-out parts
/// goes (and with it a blank line that would now double up), the rest is joined cleanly.
fn tidy(raw: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut skip_blank = false;
    for line in raw.split('\n') {
        if !line.contains(GAP) {
            if skip_blank && line.trim().is_empty() {
                skip_blank = false;
                continue;
            }
            skip_blank = false;
            lines.push(line.to_string());
            continue;
        }
        if line.chars().all(|c| c == GAP || is_space(c)) {
            skip_blank = !matches!(lines.last(), Some(l) if !l.trim().is_empty());
            continue;
        }
        skip_blank = false;
        lines.push(close_gaps(line));
    }
    lines.join("\n").trim().to_string()
}

// ---- The three templates ----------------------------------------------------------------------

/// One template as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessageTemplate {
    /// Which one.
    pub key: TemplateKey,
    /// The e-mail subject.
    pub subject: TemplateText,
    /// The message.
    pub body: TemplateText,
}

impl MessageTemplate {
    /// Mend's own wording of `key`.
    pub fn default_for(key: TemplateKey) -> MessageTemplate {
        let (subject, body) = key.default_text();
        MessageTemplate { key, subject: TemplateText(subject.to_string()), body: TemplateText(body.to_string()) }
    }

    /// The message filled in for one customer.
    pub fn fill(&self, values: &MessageValues) -> FilledMessage {
        FilledMessage {
            template: self.key,
            label: self.key.label(),
            subject: self.subject.fill(values),
            body: self.body.fill(values),
        }
    }
}

/// A message ready to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FilledMessage {
    /// The template it came from.
    pub template: TemplateKey,
    /// The template's name.
    pub label: &'static str,
    /// The e-mail subject.
    pub subject: String,
    /// The message.
    pub body: String,
}

/// A template as the Settings screen sends it.
#[derive(Debug, Clone, Deserialize)]
pub struct TemplateInput {
    /// "follow_up", "apology" or "no_answer".
    pub key: String,
    /// The e-mail subject.
    #[serde(default)]
    pub subject: String,
    /// The message.
    #[serde(default)]
    pub body: String,
}

/// A template as stored in the settings table.
#[derive(Deserialize)]
struct StoredTemplate {
    key: String,
    subject: String,
    body: String,
}

/// The shop's three templates, always all of them, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct MessageTemplates(Vec<MessageTemplate>);

impl Default for MessageTemplates {
    fn default() -> Self {
        MessageTemplates(TemplateKey::ALL.into_iter().map(MessageTemplate::default_for).collect())
    }
}

impl MessageTemplates {
    /// The template `key`.
    pub fn get(&self, key: TemplateKey) -> &MessageTemplate {
        self.0.iter().find(|t| t.key == key).expect("all three templates are always there")
    }

    /// All three, in order.
    pub fn all(&self) -> &[MessageTemplate] {
        &self.0
    }

    /// The stored JSON.
    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).expect("plain data")
    }

    /// Reads the stored JSON. A template missing or not readable (the file was edited by
    /// hand) is Mend's own wording.
    pub fn from_stored(json: Option<&str>) -> MessageTemplates {
        let stored: Vec<StoredTemplate> = json.and_then(|j| serde_json::from_str(j).ok()).unwrap_or_default();
        let mut templates = MessageTemplates::default();
        for t in stored {
            let Some(key) = TemplateKey::parse(&t.key) else { continue };
            let (Ok(subject), Ok(body)) =
                (TemplateText::checked(&t.subject, SUBJECT_MAX, true), TemplateText::checked(&t.body, BODY_MAX, false))
            else {
                continue;
            };
            if body.as_str().is_empty() {
                continue;
            }
            if let Some(slot) = templates.0.iter_mut().find(|x| x.key == key) {
                *slot = MessageTemplate { key, subject, body };
            }
        }
        templates
    }

    /// Checks the templates typed in Settings. Field names: `<key>.subject`, `<key>.body`.
    /// A template not sent stays as it was in `current`.
    pub fn validated(inputs: &[TemplateInput], current: &MessageTemplates) -> Result<MessageTemplates> {
        let mut c = Checker::new();
        let mut templates = current.clone();
        for input in inputs {
            let Some(key) = TemplateKey::parse(input.key.trim()) else {
                c.fail("template", "Please choose one of the messages in the list.");
                continue;
            };
            let subject =
                c.check(&format!("{}.subject", key.as_str()), TemplateText::checked(&input.subject, SUBJECT_MAX, true));
            let body = c.check(
                &format!("{}.body", key.as_str()),
                TemplateText::checked(&input.body, BODY_MAX, false).and_then(|b| {
                    if b.as_str().is_empty() {
                        Err("Please write the message.".to_string())
                    } else {
                        Ok(b)
                    }
                }),
            );
            if let (Some(subject), Some(body)) = (subject, body) {
                if let Some(slot) = templates.0.iter_mut().find(|x| x.key == key) {
                    *slot = MessageTemplate { key, subject, body };
                }
            }
        }
        c.finish()?;
        Ok(templates)
    }
}

/// What Settings and the call list need to know about the templates.
#[derive(Debug, Clone, Serialize)]
pub struct TemplatesView {
    /// The three templates, each with its name and Mend's own wording.
    pub templates: Vec<TemplateView>,
    /// The placeholders, with what each one stands for.
    pub placeholders: Vec<PlaceholderView>,
    /// Which template each kind of call list line gets: `first_call`, `retry`, `promise`.
    pub for_call: std::collections::BTreeMap<&'static str, TemplateKey>,
}

/// One template on the Settings screen.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateView {
    /// Which one.
    pub key: TemplateKey,
    /// Its name.
    pub label: &'static str,
    /// The subject as saved.
    pub subject: String,
    /// The body as saved.
    pub body: String,
    /// Mend's own subject.
    pub default_subject: &'static str,
    /// Mend's own body.
    pub default_body: &'static str,
}

/// A placeholder and what it stands for.
#[derive(Debug, Clone, Serialize)]
pub struct PlaceholderView {
    /// As written, with its braces: "{first_name}".
    pub name: String,
    /// In words.
    pub label: &'static str,
}

impl TemplatesView {
    /// The view of the saved templates.
    pub fn of(templates: &MessageTemplates) -> TemplatesView {
        TemplatesView {
            templates: templates
                .all()
                .iter()
                .map(|t| {
                    let (default_subject, default_body) = t.key.default_text();
                    TemplateView {
                        key: t.key,
                        label: t.key.label(),
                        subject: t.subject.as_str().to_string(),
                        body: t.body.as_str().to_string(),
                        default_subject,
                        default_body,
                    }
                })
                .collect(),
            placeholders: Placeholder::ALL
                .into_iter()
                .map(|p| PlaceholderView { name: format!("{{{}}}", p.as_str()), label: p.label() })
                .collect(),
            for_call: CallContext::ALL.into_iter().map(|c| (c.as_str(), TemplateKey::for_call(c))).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> TemplateText {
        TemplateText::checked(t, BODY_MAX, false).unwrap()
    }

    fn all() -> MessageValues {
        MessageValues::new("Zoë Brandt", "Salon Ana", "a free fringe trim", "we redo the colour on Saturday")
    }

    #[test]
    fn every_placeholder_is_filled_in() {
        let t = text("Hi {first_name}, this is {shop}. We give you {gesture} and promise: {promise}.");
        assert_eq!(
            t.fill(&all()),
            "Hi Zoë, this is Salon Ana. We give you a free fringe trim and promise: we redo the colour on Saturday."
        );
    }

    #[test]
    fn a_missing_first_name_leaves_no_space_before_the_comma() {
        let values = MessageValues { first_name: None, ..all() };
        assert_eq!(text("Hello {first_name}, how are you?").fill(&values), "Hello, how are you?");
        assert_eq!(text("Thanks for your patience, {first_name}").fill(&values), "Thanks for your patience");
        assert_eq!(text("{first_name}, your bike is ready.").fill(&values), "Your bike is ready.");
        assert_eq!(text("Hi {first_name}!").fill(&values), "Hi!");
    }

    #[test]
    fn an_optional_part_goes_whole_when_its_value_is_missing() {
        let t = text("Sorry again. [As a thank-you: {gesture}.] See you soon[, {first_name}].");
        assert_eq!(t.fill(&all()), "Sorry again. As a thank-you: a free fringe trim. See you soon, Zoë.");
        let none = MessageValues::default();
        assert_eq!(t.fill(&none), "Sorry again. See you soon.");
    }

    #[test]
    fn an_optional_part_without_placeholders_is_always_kept() {
        assert_eq!(text("Hello[ there], friend").fill(&MessageValues::default()), "Hello there, friend");
    }

    #[test]
    fn nothing_left_out_shows_braces_double_spaces_or_dangling_punctuation() {
        let none = MessageValues::default();
        for key in TemplateKey::ALL {
            let template = MessageTemplate::default_for(key);
            for values in [none.clone(), all(), MessageValues { shop: None, ..all() }] {
                let filled = template.fill(&values);
                for text in [&filled.subject, &filled.body] {
                    assert!(!text.contains(['{', '}', '[', ']']), "{key:?}: {text}");
                    assert!(!text.contains("  "), "{key:?}: {text}");
                    for bad in [" ,", " .", ",.", ", .", "..", "\n\n\n", ": .", " :"] {
                        assert!(!text.contains(bad), "{key:?} has {bad:?}: {text}");
                    }
                    assert!(!text.ends_with([',', ' ', '–']), "{key:?}: {text}");
                }
            }
        }
    }

    #[test]
    fn a_line_of_left_out_parts_goes_with_its_blank_line() {
        let t = text("Hello {first_name},\n\n[We give you {gesture}.]\n\nSee you.");
        assert_eq!(t.fill(&MessageValues { gesture: None, ..all() }), "Hello Zoë,\n\nSee you.");
        assert_eq!(t.fill(&all()), "Hello Zoë,\n\nWe give you a free fringe trim.\n\nSee you.");
    }

    #[test]
    fn two_missing_values_side_by_side_leave_one_space() {
        let t = text("From {shop} {gesture} with love");
        assert_eq!(t.fill(&MessageValues::default()), "From with love");
        assert_eq!(text("Call us ({shop}) today").fill(&MessageValues::default()), "Call us today");
    }

    #[test]
    fn a_value_that_ends_a_sentence_does_not_get_a_second_full_stop() {
        let values = MessageValues { promise: Some("We call when the chain arrives.".into()), ..all() };
        assert_eq!(text("Promised: {promise}. Bye").fill(&values), "Promised: We call when the chain arrives. Bye");
    }

    #[test]
    fn accents_and_emoji_pass_through() {
        let values = MessageValues::new("Đặng Thị Hương", "Café Zürich ☕", "un café offert 🎁", "");
        let t = text("Xin chào {first_name} 👋 — {shop} vous offre {gesture}. Merci ! [{promise}]");
        assert_eq!(t.fill(&values), "Xin chào Đặng 👋 — Café Zürich ☕ vous offre un café offert 🎁. Merci !");
    }

    #[test]
    fn the_owners_own_spacing_is_kept_where_nothing_was_left_out() {
        // French spacing before "!" and two spaces typed on purpose stay as written.
        assert_eq!(text("Merci {first_name} !  À bientôt").fill(&all()), "Merci Zoë !  À bientôt");
    }

    #[test]
    fn values_are_one_line_and_empty_ones_count_as_missing() {
        let values = MessageValues::new("  ", "\n Bike\nBarn ", " ", "");
        assert_eq!(
            values,
            MessageValues { first_name: None, shop: Some("Bike Barn".into()), gesture: None, promise: None }
        );
    }

    #[test]
    fn unknown_placeholders_are_refused_in_plain_words() {
        let err = TemplateText::checked("Hi {firstname}", BODY_MAX, false).unwrap_err();
        assert_eq!(
            err,
            "“{firstname}” is not something Mend can fill in. Use {first_name}, {shop}, {gesture} or {promise}."
        );
        assert!(TemplateText::checked("Hi {}", BODY_MAX, false).unwrap_err().contains("is empty"));
        assert!(TemplateText::checked("Hi {first_name", BODY_MAX, false).unwrap_err().contains("not closed"));
        assert!(TemplateText::checked("Hi first_name}", BODY_MAX, false).unwrap_err().contains("no “{”"));
    }

    #[test]
    fn brackets_must_close_and_not_nest() {
        assert!(TemplateText::checked("Hi [there", BODY_MAX, false).unwrap_err().contains("not closed"));
        assert!(TemplateText::checked("Hi there]", BODY_MAX, false).unwrap_err().contains("no “[”"));
        assert!(TemplateText::checked("[a [b] c]", BODY_MAX, false).unwrap_err().contains("can’t hold another"));
    }

    #[test]
    fn saving_names_the_field_of_each_problem() {
        let inputs = vec![
            TemplateInput { key: "apology".into(), subject: "Sorry\nagain".into(), body: "Hi {nom}".into() },
            TemplateInput { key: "no_answer".into(), subject: "".into(), body: "  ".into() },
        ];
        let err = MessageTemplates::validated(&inputs, &MessageTemplates::default()).unwrap_err();
        let ui = err.for_ui();
        assert_eq!(ui.fields["apology.subject"], "The subject must fit on one line.");
        assert!(ui.fields["apology.body"].starts_with("“{nom}” is not something Mend can fill in."));
        assert_eq!(ui.fields["no_answer.body"], "Please write the message.");
    }

    #[test]
    fn saved_templates_read_back_and_unreadable_ones_are_mends_wording() {
        let inputs = vec![TemplateInput {
            key: "follow_up".into(),
            subject: "Hello from {shop}".into(),
            body: "Hi {first_name}!\r\nAll good?".into(),
        }];
        let saved = MessageTemplates::validated(&inputs, &MessageTemplates::default()).unwrap();
        assert_eq!(saved.get(TemplateKey::FollowUp).body.as_str(), "Hi {first_name}!\nAll good?");
        let back = MessageTemplates::from_stored(Some(&saved.to_stored()));
        assert_eq!(back, saved);
        assert_eq!(back.get(TemplateKey::Apology), &MessageTemplate::default_for(TemplateKey::Apology));
        let broken = r#"[{"key":"follow_up","subject":"x","body":"Hi {oops}"},{"key":"nope","subject":"","body":"a"}]"#;
        assert_eq!(MessageTemplates::from_stored(Some(broken)), MessageTemplates::default());
        assert_eq!(MessageTemplates::from_stored(Some("not json")), MessageTemplates::default());
    }

    #[test]
    fn the_call_list_chooses_the_template_by_what_the_line_is() {
        assert_eq!(TemplateKey::for_call(CallContext::of_follow_up(0)), TemplateKey::FollowUp);
        assert_eq!(TemplateKey::for_call(CallContext::of_follow_up(2)), TemplateKey::NoAnswer);
        assert_eq!(TemplateKey::for_call(CallContext::Promise), TemplateKey::Apology);
        assert!(TemplateKey::from_input(Some("shout")).is_err());
        assert_eq!(TemplateKey::from_input(Some("")).unwrap(), None);
    }

    #[test]
    fn mends_own_wording_reads_well_when_everything_is_known() {
        let filled = MessageTemplate::default_for(TemplateKey::Apology).fill(&all());
        assert_eq!(filled.subject, "We’re sorry – Salon Ana");
        assert!(filled
            .body
            .starts_with("Hello Zoë,\n\nWe’re truly sorry about what happened on your last visit to Salon Ana."));
        assert!(filled.body.contains("offer you this: a free fringe trim. We’ll keep our word: we redo the colour"));
        let bare = MessageTemplate::default_for(TemplateKey::Apology).fill(&MessageValues::default());
        assert_eq!(bare.subject, "We’re sorry");
        assert_eq!(
            bare.body,
            "Hello,\n\nWe’re truly sorry about what happened on your last visit.\n\nWe hope to see you again soon."
        );
    }
}
