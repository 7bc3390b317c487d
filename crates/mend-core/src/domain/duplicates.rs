//! Possible duplicates among the customer cards, and the rules for making two cards one.
//!
//! Two cards are likely one customer when they share a phone number (the same digits, at
//! least seven, with a country code written on one card and not on the other still the same
//! number), an e-mail address (in any case), or very similar names once accents, case,
//! punctuation and word order are set aside. Near names alone are not enough when both cards
//! have a phone number and the numbers differ, or both have an e-mail address and the
//! addresses differ: those are different people with alike names.
//!
//! The work stays near linear on a big shop: phone numbers and e-mail addresses are grouped by
//! their key, and names are compared only with their neighbours in three sorted orders of the
//! distinct names (as written; read backwards, so a slip near the start of a name is still
//! found; and with their words in alphabetical order, so "Brandt, Zoë" meets "Zoe Brandt"),
//! never every card with every other.

use super::customer::CustomerFields;
use super::validate::TEXT_MAX;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Fewest digits a phone number needs to pair two cards.
pub const MIN_PHONE_DIGITS: usize = 7;

/// How alike two names must be (1 is the same name) to pair two cards: one minus the edits
/// (a letter added, dropped, changed, or two swapped) per letter of the longer name. 0.85
/// allows one slip in a name of up to 13 letters ("Zoe Brant" for "Zoe Brandt") and two in a
/// longer one ("Elizabeth Meier" for "Elisabeth Meyer"), but not another surname ("Anna
/// Russo" for "Anna Rossi").
pub const NAME_SIMILARITY: f64 = 0.85;

/// A phone number or e-mail address on more cards than this is a stand-in (the shop's own
/// number typed for walk-ins, say), not a sign of one customer: it pairs no cards. A name on
/// more cards than this is too common to tell anything by itself ("Anna Müller" forty times):
/// it pairs no cards by name either.
pub const MAX_SHARED: usize = 6;

/// How many following distinct names, in each sorted order, each name is compared with.
const WINDOW: usize = 6;

/// A customer card as duplicate detection reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardKey {
    /// The card's id.
    pub id: i64,
    /// The name as written.
    pub name: String,
    /// The phone number's digits (empty when there is none).
    pub phone_digits: String,
    /// The e-mail address (empty when there is none).
    pub email: String,
}

/// Why two cards look like one customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The same phone number.
    SamePhone,
    /// The same e-mail address.
    SameEmail,
    /// The same or very similar names.
    SimilarNames,
}

impl Reason {
    /// Every reason, strongest first.
    pub const ALL: [Reason; 3] = [Reason::SamePhone, Reason::SameEmail, Reason::SimilarNames];

    /// The value sent to the window.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::SamePhone => "same_phone",
            Reason::SameEmail => "same_email",
            Reason::SimilarNames => "similar_names",
        }
    }

    /// Reads a sent value.
    pub fn parse(value: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == value)
    }

    /// Words shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Reason::SamePhone => "same phone number",
            Reason::SameEmail => "same e-mail",
            Reason::SimilarNames => "very similar names",
        }
    }
}

/// Two cards that are likely one customer: `a` is the smaller id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LikelyPair {
    /// The card with the smaller id.
    pub a: i64,
    /// The other card.
    pub b: i64,
    /// Why, strongest first.
    pub reasons: Vec<Reason>,
}

/// A pair of card ids in the order the dismissed pairs are kept: smaller first.
pub fn ordered(x: i64, y: i64) -> (i64, i64) {
    (x.min(y), x.max(y))
}

/// The pairs of cards that are likely one customer, leaving out the `dismissed` ones (ids
/// smaller first): those with more reasons first, then by the first card's name.
pub fn likely_duplicates(cards: &[CardKey], dismissed: &HashSet<(i64, i64)>) -> Vec<LikelyPair> {
    let folded: Vec<String> = cards.iter().map(|c| fold_name(&c.name)).collect();
    let mut found: BTreeMap<(usize, usize), BTreeSet<Reason>> = BTreeMap::new();
    fn add(found: &mut BTreeMap<(usize, usize), BTreeSet<Reason>>, x: usize, y: usize, reason: Reason) {
        if x != y {
            found.entry((x.min(y), x.max(y))).or_default().insert(reason);
        }
    }

    // The same phone number: equal keys, or one key the other with a country code before it.
    let by_phone = Buckets::of(cards.iter().map(|c| phone_key(&c.phone_digits)));
    let mut group: Vec<usize> = Vec::new();
    for (&key, &first) in &by_phone.first {
        group.clear();
        group.extend(by_phone.members(first));
        for extra in 1..=3 {
            if key.len() >= extra + MIN_PHONE_DIGITS {
                if let Some(&national) = by_phone.first.get(&key[extra..]) {
                    group.extend(by_phone.members(national));
                }
            }
        }
        if group.len() < 2 || group.len() > MAX_SHARED {
            continue;
        }
        for (n, &x) in group.iter().enumerate() {
            for &y in &group[n + 1..] {
                add(&mut found, x, y, Reason::SamePhone);
            }
        }
    }

    // The same e-mail address, in any case.
    let emails: Vec<String> = cards.iter().map(|c| c.email.trim().to_lowercase()).collect();
    let by_email = Buckets::of(emails.iter().map(|e| Some(e.as_str()).filter(|e| !e.is_empty())));
    for &first in by_email.first.values() {
        group.clear();
        group.extend(by_email.members(first));
        if group.len() < 2 || group.len() > MAX_SHARED {
            continue;
        }
        for (n, &x) in group.iter().enumerate() {
            for &y in &group[n + 1..] {
                add(&mut found, x, y, Reason::SameEmail);
            }
        }
    }

    // Cards found by phone or e-mail whose names are alike too: a stronger pair.
    let contact_pairs: Vec<(usize, usize)> = found.keys().copied().collect();
    for (x, y) in contact_pairs {
        if names_alike(&folded[x], &folded[y]) {
            add(&mut found, x, y, Reason::SimilarNames);
        }
    }

    // Very similar names, on cards whose phone numbers and e-mail addresses don't tell
    // them apart.
    let groups = NameGroups::of(cards, &folded, &emails);
    for group in groups.groups.iter().filter(|g| g.members.len() <= MAX_SHARED) {
        for (n, &x) in group.members.iter().enumerate() {
            for &y in &group.members[n + 1..] {
                if may_be_one_by_name(&cards[x], &cards[y], &emails[x], &emails[y]) {
                    add(&mut found, x, y, Reason::SimilarNames);
                }
            }
        }
    }
    let mut compared: HashSet<(usize, usize)> = HashSet::new();
    for order in [&groups.forward, &groups.backward, &groups.by_words] {
        for (n, &g) in order.iter().enumerate() {
            for &h in order.iter().skip(n + 1).take(WINDOW) {
                let (gx, gy) = (&groups.groups[g], &groups.groups[h]);
                if !gx.could_pair_by_name(gy) || !gx.within_reach(gy) || !compared.insert((g.min(h), g.max(h))) {
                    continue;
                }
                if !gx.alike(gy) {
                    continue;
                }
                for &x in &gx.members {
                    for &y in &gy.members {
                        if may_be_one_by_name(&cards[x], &cards[y], &emails[x], &emails[y]) {
                            add(&mut found, x, y, Reason::SimilarNames);
                        }
                    }
                }
            }
        }
    }

    let mut pairs: Vec<(usize, LikelyPair)> = found
        .into_iter()
        .filter_map(|((x, y), reasons)| {
            let (a, b) = ordered(cards[x].id, cards[y].id);
            if dismissed.contains(&(a, b)) {
                return None;
            }
            let first = if cards[x].id == a { x } else { y };
            Some((first, LikelyPair { a, b, reasons: reasons.into_iter().collect() }))
        })
        .collect();
    pairs.sort_by(|(fx, x), (fy, y)| {
        y.reasons
            .len()
            .cmp(&x.reasons.len())
            .then_with(|| x.reasons.cmp(&y.reasons))
            .then_with(|| folded[*fx].cmp(&folded[*fy]))
            .then_with(|| (x.a, x.b).cmp(&(y.a, y.b)))
    });
    pairs.into_iter().map(|(_, p)| p).collect()
}

/// The reasons of a pair in plain words, for the list: "Same phone number and same e-mail",
/// "Very similar names: Zoë Brandt / Zoe Brandt", "Same name".
pub fn describe(reasons: &[Reason], name_a: &str, name_b: &str) -> String {
    let parts: Vec<String> = reasons
        .iter()
        .map(|r| match r {
            Reason::SimilarNames if name_a.trim() == name_b.trim() => "same name".to_string(),
            Reason::SimilarNames => format!("{}: {} / {}", r.label(), name_a.trim(), name_b.trim()),
            _ => r.label().to_string(),
        })
        .collect();
    let text = match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// How alike two names are, from 0 to 1 (the same once folded): one minus the edits per
/// letter of the longer name, the better of the names as written and with their words in
/// alphabetical order ("Brandt Zoë" is "Zoë Brandt").
pub fn name_similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (fold_name(a), fold_name(b));
    similarity(&a, &b).max(similarity(&sorted_words(&a), &sorted_words(&b)))
}

/// A name reduced for comparing: lower case, accents taken off ("Zoë" is "zoe", "Łukasz" is
/// "lukasz", "Weiß" is "weiss"), apostrophes dropped ("O'Brien" is "obrien"), any other mark
/// a space, one space between words.
pub fn fold_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        if is_combining_mark(c) || matches!(c, '\'' | '’' | '‘' | 'ʼ') {
            continue;
        }
        let folded = fold_char(c);
        if folded.is_empty() && c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else if !folded.is_empty() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push_str(folded);
        } else {
            space = true;
        }
    }
    out
}

/// The phone number's key: its digits without leading zeros (a trunk or international
/// prefix), when it has at least [`MIN_PHONE_DIGITS`] digits.
fn phone_key(digits: &str) -> Option<&str> {
    if digits.len() < MIN_PHONE_DIGITS || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.trim_start_matches('0')).filter(|k| !k.is_empty())
}

/// Whether two cards with alike names may be one customer: not when both have phone
/// numbers that differ, nor when both have e-mail addresses that differ.
fn may_be_one_by_name(x: &CardKey, y: &CardKey, email_x: &str, email_y: &str) -> bool {
    let phones_differ = match (phone_key(&x.phone_digits), phone_key(&y.phone_digits)) {
        (Some(p), Some(q)) => !same_number(p, q),
        _ => !x.phone_digits.is_empty() && !y.phone_digits.is_empty() && x.phone_digits != y.phone_digits,
    };
    let emails_differ = !email_x.is_empty() && !email_y.is_empty() && email_x != email_y;
    !phones_differ && !emails_differ
}

/// Whether two phone keys are one number: equal, or one is the other with a country code
/// of one to three digits before it.
fn same_number(p: &str, q: &str) -> bool {
    let (short, long) = if p.len() <= q.len() { (p, q) } else { (q, p) };
    short == long || (long.len() - short.len() <= 3 && short.len() >= MIN_PHONE_DIGITS && long.ends_with(short))
}

/// Whether two folded names are alike enough to pair their cards.
fn names_alike(a: &str, b: &str) -> bool {
    !a.is_empty()
        && (a == b
            || similarity(a, b) >= NAME_SIMILARITY
            || similarity(&sorted_words(a), &sorted_words(b)) >= NAME_SIMILARITY)
}

/// Cards grouped by a key (a phone number's, an e-mail address), each group a chain through
/// `next` from its head card, so grouping allocates nothing per key.
struct Buckets<'a> {
    /// Each key's head card (its last card; the chain runs back to its first).
    first: HashMap<&'a str, usize>,
    /// Each card's next card of the same key (`usize::MAX` after the last).
    next: Vec<usize>,
}

impl<'a> Buckets<'a> {
    fn of(keys: impl ExactSizeIterator<Item = Option<&'a str>>) -> Buckets<'a> {
        let mut first: HashMap<&str, usize> = HashMap::with_capacity(keys.len());
        let mut next = vec![usize::MAX; keys.len()];
        for (i, key) in keys.enumerate() {
            if let Some(key) = key {
                if let Some(previous) = first.insert(key, i) {
                    next[i] = previous;
                }
            }
        }
        Buckets { first, next }
    }

    /// The cards of the group whose head is `first`.
    fn members(&self, first: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(first), move |&i| Some(self.next[i]).filter(|&n| n != usize::MAX))
    }
}

/// One minus the edits per character of the longer text (0 for two empty texts).
fn similarity(a: &str, b: &str) -> f64 {
    let longest = a.chars().count().max(b.chars().count());
    if longest == 0 {
        return 0.0;
    }
    1.0 - strsim::osa_distance(a, b) as f64 / longest as f64
}

/// A folded name's words in alphabetical order.
fn sorted_words(folded: &str) -> String {
    let mut words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    words.sort_unstable();
    words.join(" ")
}

/// The cards grouped by their folded name, and the groups in the three orders names are
/// compared in.
struct NameGroups {
    groups: Vec<NameGroup>,
    /// Group indices by folded name.
    forward: Vec<usize>,
    /// Group indices by folded name read backwards.
    backward: Vec<usize>,
    /// Group indices by the folded name's words in alphabetical order.
    by_words: Vec<usize>,
}

struct NameGroup {
    key: String,
    /// The key's words in alphabetical order.
    words: String,
    members: Vec<usize>,
    /// Characters of the key.
    len: usize,
    /// How often each letter a–z (and anything else, last) occurs in the key.
    letters: [u8; 27],
    /// Whether some member has no phone number, and no e-mail address.
    some_without_phone: bool,
    some_without_email: bool,
}

impl NameGroups {
    fn of(cards: &[CardKey], folded: &[String], emails: &[String]) -> NameGroups {
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(folded.len());
        let mut groups: Vec<NameGroup> = Vec::new();
        for (i, name) in folded.iter().enumerate() {
            if name.is_empty() {
                continue;
            }
            let g = *index.entry(name.as_str()).or_insert_with(|| {
                groups.push(NameGroup::new(name.clone()));
                groups.len() - 1
            });
            let group = &mut groups[g];
            group.members.push(i);
            group.some_without_phone |= cards[i].phone_digits.is_empty();
            group.some_without_email |= emails[i].is_empty();
        }
        let order = |keys: &[&str]| {
            let mut order: Vec<usize> = (0..keys.len()).collect();
            order.sort_unstable_by(|&x, &y| keys[x].cmp(keys[y]).then(x.cmp(&y)));
            order
        };
        let reversed: Vec<String> = groups.iter().map(|g| g.key.chars().rev().collect()).collect();
        let forward = order(&groups.iter().map(|g| g.key.as_str()).collect::<Vec<_>>());
        let backward = order(&reversed.iter().map(String::as_str).collect::<Vec<_>>());
        let by_words = order(&groups.iter().map(|g| g.words.as_str()).collect::<Vec<_>>());
        NameGroups { groups, forward, backward, by_words }
    }
}

impl NameGroup {
    fn new(key: String) -> NameGroup {
        let mut letters = [0u8; 27];
        for c in key.chars().filter(|c| *c != ' ') {
            let slot = if c.is_ascii_lowercase() { (c as u8 - b'a') as usize } else { 26 };
            letters[slot] = letters[slot].saturating_add(1);
        }
        let len = key.chars().count();
        let words = sorted_words(&key);
        NameGroup {
            key,
            words,
            members: Vec::new(),
            len,
            letters,
            some_without_phone: false,
            some_without_email: false,
        }
    }

    /// Whether the two names are alike enough to pair their cards (as [`names_alike`]).
    fn alike(&self, other: &NameGroup) -> bool {
        similarity(&self.key, &other.key) >= NAME_SIMILARITY
            || ((self.words != self.key || other.words != other.key)
                && similarity(&self.words, &other.words) >= NAME_SIMILARITY)
    }

    /// Whether any card of this group and one of `other` could be paired by name alone:
    /// neither name is too common, and one of the cards must lack a phone number and one an
    /// e-mail address (equal numbers and addresses are paired for themselves).
    fn could_pair_by_name(&self, other: &NameGroup) -> bool {
        self.members.len() <= MAX_SHARED
            && other.members.len() <= MAX_SHARED
            && (self.some_without_phone || other.some_without_phone)
            && (self.some_without_email || other.some_without_email)
    }

    /// Whether the keys could be alike enough, judged from their lengths and letters alone
    /// (each edit changes the length by at most one and the letter counts by at most two).
    fn within_reach(&self, other: &NameGroup) -> bool {
        let longest = self.len.max(other.len) as f64;
        let edits = ((1.0 - NAME_SIMILARITY) * longest + 1e-9).floor() as usize;
        if self.len.abs_diff(other.len) > edits {
            return false;
        }
        let apart: usize = self.letters.iter().zip(&other.letters).map(|(a, b)| a.abs_diff(*b) as usize).sum();
        apart <= 2 * edits
    }
}

/// A combining accent (U+0300 to U+036F), as in a name typed as "Zoe" plus a separate "¨".
fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// A lower-case letter without its accent ("" when the letter has none, or is not a letter).
fn fold_char(c: char) -> &'static str {
    match c {
        'a'..='z' | '0'..='9' => {
            const ASCII: &str = "abcdefghijklmnopqrstuvwxyz0123456789";
            let i = if c.is_ascii_digit() { 26 + (c as u8 - b'0') as usize } else { (c as u8 - b'a') as usize };
            &ASCII[i..i + 1]
        }
        'à'..='å' | 'ā' | 'ă' | 'ą' | 'ǎ' | 'ạ'..='ặ' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'ẹ'..='ệ' => "e",
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' | 'ỉ' | 'ị' => "i",
        'ð' | 'ď' | 'đ' => "d",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' | 'ŋ' => "n",
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ơ' | 'ǒ' | 'ọ'..='ợ' => "o",
        'œ' => "oe",
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ư' | 'ǔ' | 'ụ'..='ự' => "u",
        'ý' | 'ÿ' | 'ŷ' | 'ỳ'..='ỹ' => "y",
        'þ' => "th",
        'ß' => "ss",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' | 'ĸ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' | 'ſ' => "s",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ŵ' => "w",
        'ź' | 'ż' | 'ž' => "z",
        _ => "",
    }
}

// ---------------------------------------------------------------------------------------------
// Merging two cards
// ---------------------------------------------------------------------------------------------

/// Which card's value a merged card keeps for one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pick {
    /// The value of the card that stays.
    Kept,
    /// The value of the card merged into it.
    Other,
    /// Both: visits and spend added up, both notes kept.
    Both,
}

impl Pick {
    /// Every pick.
    pub const ALL: [Pick; 3] = [Pick::Kept, Pick::Other, Pick::Both];

    /// The value sent by the window.
    pub fn as_str(self) -> &'static str {
        match self {
            Pick::Kept => "kept",
            Pick::Other => "other",
            Pick::Both => "both",
        }
    }

    /// Reads a sent value.
    pub fn parse(value: &str) -> Option<Pick> {
        Pick::ALL.into_iter().find(|p| p.as_str() == value)
    }

    /// Words shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Pick::Kept => "This card's",
            Pick::Other => "The other card's",
            Pick::Both => "Both added up",
        }
    }
}

/// The value kept for each field of a merged card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MergePicks {
    /// Name.
    pub name: Pick,
    /// Phone number.
    pub phone: Pick,
    /// E-mail address.
    pub email: Pick,
    /// Notes (both: one after the other).
    pub notes: Pick,
    /// Visits (both: added up).
    pub visits: Pick,
    /// Total spend (both: added up).
    pub total_spend: Pick,
    /// First visit.
    pub first_visit: Pick,
    /// Last visit.
    pub last_visit: Pick,
    /// VIP flag.
    pub vip: Pick,
}

/// The merge as the window sends it: the card that stays, the card merged into it, and for
/// each field "kept", "other" or (notes, visits, spend) "both".
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MergeInput {
    /// The card that stays.
    pub keep_id: i64,
    /// The card merged into it and then removed.
    pub other_id: i64,
    /// The picks, by field name.
    pub picks: MergePicksInput,
}

/// The picks as sent, one text per field.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MergePicksInput {
    /// Name.
    pub name: String,
    /// Phone number.
    pub phone: String,
    /// E-mail address.
    pub email: String,
    /// Notes.
    pub notes: String,
    /// Visits.
    pub visits: String,
    /// Total spend.
    pub total_spend: String,
    /// First visit.
    pub first_visit: String,
    /// Last visit.
    pub last_visit: String,
    /// VIP flag.
    pub vip: String,
}

/// A checked merge: two different cards and a pick for every field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeRequest {
    /// The card that stays.
    pub keep_id: i64,
    /// The card merged into it and then removed.
    pub other_id: i64,
    /// What the merged card keeps.
    pub picks: MergePicks,
}

impl MergeInput {
    /// Checks the merge: two different cards, one valid pick per field ("both" only for
    /// notes, visits and spend).
    pub fn validated(&self) -> Result<MergeRequest> {
        if self.keep_id == self.other_id {
            return Err(Error::field(
                "other_id",
                "These are the same card: a card can't be merged into itself. Pick two different customers.",
            ));
        }
        let mut c = super::validate::Checker::new();
        let p = &self.picks;
        let mut pick = |field: &str, raw: &str, what: &str, both: bool| -> Pick {
            match Pick::parse(raw.trim()) {
                Some(Pick::Both) if !both => {
                    c.fail(field, format!("Please choose one {what}: it can't be taken from both cards."));
                    Pick::Kept
                }
                Some(pick) => pick,
                None => {
                    c.fail(field, format!("Please choose which {what} to keep."));
                    Pick::Kept
                }
            }
        };
        let picks = MergePicks {
            name: pick("name", &p.name, "name", false),
            phone: pick("phone", &p.phone, "phone number", false),
            email: pick("email", &p.email, "e-mail address", false),
            notes: pick("notes", &p.notes, "notes", true),
            visits: pick("visits", &p.visits, "number of visits", true),
            total_spend: pick("total_spend", &p.total_spend, "total spend", true),
            first_visit: pick("first_visit", &p.first_visit, "first visit", false),
            last_visit: pick("last_visit", &p.last_visit, "last visit", false),
            vip: pick("vip", &p.vip, "VIP mark", false),
        };
        c.finish()?;
        Ok(MergeRequest { keep_id: self.keep_id, other_id: self.other_id, picks })
    }
}

/// What to keep by default when `other` is merged into `kept`: the kept card's name, each
/// contact detail from the card that has one (the kept card's when both do), both notes when
/// they differ, visits and spend added up (each card counted part of the customer's history),
/// the earliest first visit, the latest last visit, and VIP when either card is.
pub fn suggested_picks(kept: &CustomerFields, other: &CustomerFields) -> MergePicks {
    let filled = |k: &str, o: &str| if k.trim().is_empty() && !o.trim().is_empty() { Pick::Other } else { Pick::Kept };
    let notes = match (kept.notes.trim(), other.notes.trim()) {
        (k, o) if k == o || o.is_empty() => Pick::Kept,
        ("", _) => Pick::Other,
        _ => Pick::Both,
    };
    let added = |k: i64, o: i64| match (k, o) {
        (_, 0) => Pick::Kept,
        (0, _) => Pick::Other,
        _ => Pick::Both,
    };
    let earliest = match (kept.first_visit, other.first_visit) {
        (None, Some(_)) => Pick::Other,
        (Some(k), Some(o)) if o < k => Pick::Other,
        _ => Pick::Kept,
    };
    let latest = match (kept.last_visit, other.last_visit) {
        (None, Some(_)) => Pick::Other,
        (Some(k), Some(o)) if o > k => Pick::Other,
        _ => Pick::Kept,
    };
    MergePicks {
        name: Pick::Kept,
        phone: filled(&kept.phone, &other.phone),
        email: filled(&kept.email, &other.email),
        notes,
        visits: added(kept.visits, other.visits),
        total_spend: added(kept.total_spend_cents, other.total_spend_cents),
        first_visit: earliest,
        last_visit: latest,
        vip: if !kept.vip && other.vip { Pick::Other } else { Pick::Kept },
    }
}

/// The merged card's details from the two cards and the picks. Refuses notes too long to keep
/// together and a last visit before the first visit.
pub fn merged_fields(kept: &CustomerFields, other: &CustomerFields, picks: &MergePicks) -> Result<CustomerFields> {
    fn one<T: Clone>(pick: Pick, kept: &T, other: &T) -> T {
        match pick {
            Pick::Other => other.clone(),
            _ => kept.clone(),
        }
    }
    let mut c = super::validate::Checker::new();
    let notes = match picks.notes {
        Pick::Both => {
            let parts: Vec<&str> =
                [kept.notes.trim(), other.notes.trim()].into_iter().filter(|n| !n.is_empty()).collect();
            let joined =
                if parts.len() == 2 && parts[0] == parts[1] { parts[0].to_string() } else { parts.join("\n\n") };
            if joined.chars().count() > TEXT_MAX {
                c.fail(
                    "notes",
                    "Both notes together are too long to keep: keep one, and copy what matters from the other \
                     after merging.",
                );
            }
            joined
        }
        pick => one(pick, &kept.notes, &other.notes),
    };
    let sum = |pick: Pick, k: i64, o: i64| match pick {
        Pick::Both => k.saturating_add(o),
        pick => one(pick, &k, &o),
    };
    let first_visit = one(picks.first_visit, &kept.first_visit, &other.first_visit);
    let last_visit = one(picks.last_visit, &kept.last_visit, &other.last_visit);
    if let (Some(first), Some(last)) = (first_visit, last_visit) {
        if last < first {
            c.fail(
                "last_visit",
                "The last visit you picked is before the first visit you picked: please pick the other one.",
            );
        }
    }
    c.finish()?;
    Ok(CustomerFields {
        name: one(picks.name, &kept.name, &other.name),
        phone: one(picks.phone, &kept.phone, &other.phone),
        email: one(picks.email, &kept.email, &other.email),
        notes,
        visits: sum(picks.visits, kept.visits, other.visits),
        total_spend_cents: sum(picks.total_spend, kept.total_spend_cents, other.total_spend_cents),
        first_visit,
        last_visit,
        vip: one(picks.vip, &kept.vip, &other.vip),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(id: i64, name: &str, phone: &str, email: &str) -> CardKey {
        let phone_digits = phone.chars().filter(char::is_ascii_digit).collect();
        CardKey { id, name: name.into(), phone_digits, email: email.into() }
    }

    fn pairs(cards: &[CardKey]) -> Vec<(i64, i64, Vec<Reason>)> {
        likely_duplicates(cards, &HashSet::new()).into_iter().map(|p| (p.a, p.b, p.reasons)).collect()
    }

    mod detection {
        use super::*;

        #[test]
        fn the_same_phone_written_differently_pairs_two_cards() {
            let cards = [
                card(1, "Bea Lind", "(555) 010-2030", ""),
                card(2, "Beatrice Lind", "555.010.2030", ""),
                card(3, "Cai Moss", "555 010 2031", ""),
            ];
            assert_eq!(pairs(&cards), [(1, 2, vec![Reason::SamePhone])]);
        }

        #[test]
        fn a_country_code_on_one_card_is_still_the_same_number() {
            let cards = [
                card(1, "Ana Ruiz", "+44 7700 900123", ""),
                card(2, "A. Ruiz", "07700 900123", ""),
                card(3, "Bo Lind", "0044 7700 900123", ""),
                card(4, "Cai Moss", "+1 212 555 0102", ""),
                card(5, "Dee Moss", "+1 312 555 0102", ""),
            ];
            let found = pairs(&cards);
            assert!(found.contains(&(1, 2, vec![Reason::SamePhone])), "{found:?}");
            assert!(found.iter().any(|p| p.0 == 1 && p.1 == 3), "{found:?}");
            assert!(!found.iter().any(|p| p.0 == 4), "another area code is another number: {found:?}");
        }

        #[test]
        fn short_numbers_pair_nobody() {
            let cards = [card(1, "Ana", "123456", ""), card(2, "Bo", "123456", "")];
            assert_eq!(pairs(&cards), []);
        }

        #[test]
        fn the_same_email_in_another_case_pairs_two_cards() {
            let cards = [
                card(1, "Zoë Brandt", "", "Zoe.Brandt@Example.com"),
                card(2, "Z Brandt", "", "zoe.brandt@example.com "),
                card(3, "Bo Lind", "", "bo@example.com"),
            ];
            assert_eq!(pairs(&cards), [(1, 2, vec![Reason::SameEmail])]);
        }

        #[test]
        fn names_with_and_without_accents_are_one_name() {
            let cards = [card(12, "Zoë Brandt", "555 0102 030", ""), card(41, "Zoe Brandt", "", "")];
            assert_eq!(pairs(&cards), [(12, 41, vec![Reason::SimilarNames])]);
            assert_eq!(fold_name("Zoë  BRANDT"), "zoe brandt");
            assert_eq!(fold_name("Łukasz Wiśniewski"), "lukasz wisniewski");
            assert_eq!(fold_name("Seán O'Brien"), "sean obrien");
            assert_eq!(fold_name("Jürgen Weiß-Müller"), "jurgen weiss muller");
            assert_eq!(fold_name("Nguyễn Thị Hương"), "nguyen thi huong");
            assert_eq!(fold_name("Zoe\u{308} Brandt"), "zoe brandt", "a separate accent mark");
        }

        #[test]
        fn a_slip_or_another_word_order_is_still_a_similar_name() {
            for (a, b) in [
                ("Zoe Brandt", "Zoe Brant"),
                ("Zoe Brandt", "Zeo Brandt"),
                ("Elisabeth Meyer", "Elizabeth Meier"),
                ("Katherine Miller", "Catherine Miller"),
                ("Brandt, Zoë", "Zoe Brandt"),
                ("Mac Giolla, Aoife", "Aoife Mac Giolla"),
            ] {
                let cards = [card(1, a, "", ""), card(2, b, "", "")];
                assert_eq!(pairs(&cards), [(1, 2, vec![Reason::SimilarNames])], "{a} / {b}");
            }
        }

        #[test]
        fn other_names_are_not_similar() {
            for (a, b) in [("Anna Rossi", "Anna Russo"), ("Ana Li", "Ava Lu"), ("Tom Hughes", "Tim Hughes-Evans")] {
                assert!(name_similarity(a, b) < NAME_SIMILARITY, "{a} / {b}: {}", name_similarity(a, b));
                let cards = [card(1, a, "", ""), card(2, b, "", "")];
                assert_eq!(pairs(&cards), [], "{a} / {b}");
            }
        }

        #[test]
        fn near_names_with_different_phones_are_different_people() {
            let cards = [
                card(1, "Zoë Brandt", "555 0101 001", ""),
                card(2, "Zoe Brandt", "555 0101 002", ""),
                card(3, "Mark Jones", "", "mark@example.com"),
                card(4, "Mary Jones", "", "mary@example.com"),
            ];
            assert_eq!(pairs(&cards), [], "different numbers and different addresses tell them apart");
        }

        #[test]
        fn near_names_with_one_phone_missing_are_paired() {
            let cards = [
                card(1, "Mark Jones", "555 0101 001", "mark@example.com"),
                card(2, "Mark Jones", "", "mark.jones@example.org"),
                card(3, "Mark Jones", "", ""),
            ];
            // 1 and 2 have different addresses; 3 could be either.
            assert_eq!(pairs(&cards), [(1, 3, vec![Reason::SimilarNames]), (2, 3, vec![Reason::SimilarNames])]);
        }

        #[test]
        fn a_pair_with_more_reasons_comes_first_and_says_them_all() {
            let cards = [
                card(1, "Bo Lind", "", ""),
                card(2, "Bo Lind", "", ""),
                card(3, "Zoë Brandt", "555 0102 030", "zoe@example.com"),
                card(4, "Zoe Brandt", "5550102030", "ZOE@example.com"),
            ];
            let found = likely_duplicates(&cards, &HashSet::new());
            assert_eq!(found[0].reasons, [Reason::SamePhone, Reason::SameEmail, Reason::SimilarNames]);
            assert_eq!(
                describe(&found[0].reasons, "Zoë Brandt", "Zoe Brandt"),
                "Same phone number, same e-mail and very similar names: Zoë Brandt / Zoe Brandt"
            );
            assert_eq!(describe(&found[1].reasons, "Bo Lind", "Bo Lind"), "Same name");
            assert_eq!(describe(&[Reason::SamePhone], "A", "B"), "Same phone number");
            assert_eq!(
                describe(&[Reason::SamePhone, Reason::SameEmail], "A", "B"),
                "Same phone number and same e-mail"
            );
        }

        #[test]
        fn dismissed_pairs_are_not_listed() {
            let cards = [card(1, "Bo Lind", "", ""), card(2, "Bo Lind", "", ""), card(3, "Bo Lind", "", "")];
            let dismissed: HashSet<(i64, i64)> = [(1, 2)].into_iter().collect();
            let found: Vec<(i64, i64)> = likely_duplicates(&cards, &dismissed).iter().map(|p| (p.a, p.b)).collect();
            assert_eq!(found, [(1, 3), (2, 3)]);
        }

        #[test]
        fn a_number_shared_by_many_cards_is_a_stand_in() {
            let cards: Vec<CardKey> = (1..=8)
                .map(|i| {
                    card(i, &format!("Walk-in {}", "xyzwvutsr".as_bytes()[i as usize] as char), "555 0100 000", "")
                })
                .collect();
            assert!(pairs(&cards).iter().all(|p| !p.2.contains(&Reason::SamePhone)));
        }

        #[test]
        fn a_slip_at_the_start_of_a_word_is_found_across_many_names_between() {
            // 200 names sort between the two as written and with their words in order; read
            // backwards, the two are neighbours.
            let mut cards: Vec<CardKey> =
                (0..200).map(|i| card(i + 10, &format!("Lena Kaiser{i:03}"), &format!("555 01{i:05}"), "")).collect();
            cards.push(card(1, "Lena Bauer", "", ""));
            cards.push(card(2, "Lena Pauer", "", ""));
            cards.push(card(3, "Lena Bauer", "", "lena@example.com"));
            let found = pairs(&cards);
            assert_eq!(
                found,
                [
                    (1, 2, vec![Reason::SimilarNames]),
                    (1, 3, vec![Reason::SimilarNames]),
                    (2, 3, vec![Reason::SimilarNames])
                ]
            );
        }

        #[test]
        fn a_name_on_many_cards_is_too_common_to_pair_them() {
            let mut cards: Vec<CardKey> = (1..=7).map(|i| card(i, "Anna Müller", "", "")).collect();
            cards.push(card(8, "Anna Muller", "", ""));
            cards.push(card(9, "Bo Lind", "555 0101 001", "bo@example.com"));
            cards.push(card(10, "Bo Lind", "", "bo@example.com"));
            assert_eq!(pairs(&cards), [(9, 10, vec![Reason::SameEmail, Reason::SimilarNames])]);
        }

        #[test]
        fn reasons_have_codes_and_words() {
            for r in Reason::ALL {
                assert_eq!(Reason::parse(r.as_str()), Some(r));
                assert!(!r.label().is_empty());
            }
        }
    }

    mod merging {
        use super::*;
        use chrono::NaiveDate;

        fn fields(name: &str) -> CustomerFields {
            CustomerFields {
                name: name.into(),
                phone: String::new(),
                email: String::new(),
                notes: String::new(),
                visits: 0,
                total_spend_cents: 0,
                first_visit: None,
                last_visit: None,
                vip: false,
            }
        }

        fn day(s: &str) -> Option<NaiveDate> {
            Some(s.parse().unwrap())
        }

        fn input(keep: i64, other: i64, all: &str) -> MergeInput {
            let s = all.to_string();
            MergeInput {
                keep_id: keep,
                other_id: other,
                picks: MergePicksInput {
                    name: s.clone(),
                    phone: s.clone(),
                    email: s.clone(),
                    notes: s.clone(),
                    visits: s.clone(),
                    total_spend: s.clone(),
                    first_visit: s.clone(),
                    last_visit: s.clone(),
                    vip: s,
                },
            }
        }

        #[test]
        fn the_suggestion_fills_gaps_adds_up_and_spans_both_histories() {
            let kept = CustomerFields {
                phone: "555 0102".into(),
                notes: "Likes a text first.".into(),
                visits: 4,
                total_spend_cents: 12_000,
                first_visit: day("2025-03-01"),
                last_visit: day("2026-01-10"),
                ..fields("Zoë Brandt")
            };
            let other = CustomerFields {
                phone: "555 0999".into(),
                email: "zoe@example.com".into(),
                notes: "Allergic to ammonia.".into(),
                visits: 2,
                total_spend_cents: 8_000,
                first_visit: day("2024-06-01"),
                last_visit: day("2025-12-01"),
                vip: true,
                ..fields("Zoe Brandt")
            };
            let picks = suggested_picks(&kept, &other);
            assert_eq!(
                picks,
                MergePicks {
                    name: Pick::Kept,
                    phone: Pick::Kept,
                    email: Pick::Other,
                    notes: Pick::Both,
                    visits: Pick::Both,
                    total_spend: Pick::Both,
                    first_visit: Pick::Other,
                    last_visit: Pick::Kept,
                    vip: Pick::Other,
                }
            );
            let merged = merged_fields(&kept, &other, &picks).unwrap();
            assert_eq!(merged.name, "Zoë Brandt");
            assert_eq!(merged.phone, "555 0102");
            assert_eq!(merged.email, "zoe@example.com");
            assert_eq!(merged.notes, "Likes a text first.\n\nAllergic to ammonia.");
            assert_eq!((merged.visits, merged.total_spend_cents), (6, 20_000));
            assert_eq!((merged.first_visit, merged.last_visit), (day("2024-06-01"), day("2026-01-10")));
            assert!(merged.vip);
        }

        #[test]
        fn nothing_to_add_up_or_the_same_notes_keep_one_value() {
            let kept = CustomerFields { visits: 3, notes: "Likes a text first.".into(), ..fields("Bo") };
            let other =
                CustomerFields { total_spend_cents: 5_000, notes: " Likes a text first.".into(), ..fields("Bo") };
            let picks = suggested_picks(&kept, &other);
            assert_eq!((picks.visits, picks.total_spend, picks.notes), (Pick::Kept, Pick::Other, Pick::Kept));
            let merged = merged_fields(&kept, &other, &MergePicks { notes: Pick::Both, ..picks }).unwrap();
            assert_eq!(merged.notes, "Likes a text first.", "the same note is kept once");
            assert_eq!((merged.visits, merged.total_spend_cents), (3, 5_000));
        }

        #[test]
        fn a_card_into_itself_is_refused() {
            let err = input(7, 7, "kept").validated().unwrap_err();
            let Error::Invalid(fields) = err else { panic!("expected invalid") };
            assert!(fields["other_id"].contains("can't be merged into itself"), "{fields:?}");
        }

        #[test]
        fn both_only_for_notes_visits_and_spend() {
            let err = input(1, 2, "both").validated().unwrap_err();
            let Error::Invalid(fields) = err else { panic!("expected invalid") };
            let named: Vec<&str> = fields.keys().map(String::as_str).collect();
            assert_eq!(named, ["email", "first_visit", "last_visit", "name", "phone", "vip"]);
            assert_eq!(fields["name"], "Please choose one name: it can't be taken from both cards.");
            let err = input(1, 2, "").validated().unwrap_err();
            assert_eq!(err.to_string(), "Please choose which e-mail address to keep.");
            let ok = input(1, 2, "other").validated().unwrap();
            assert_eq!(ok.picks.vip, Pick::Other);
            for p in Pick::ALL {
                assert_eq!(Pick::parse(p.as_str()), Some(p));
                assert!(!p.label().is_empty());
            }
        }

        #[test]
        fn a_last_visit_before_the_first_and_overlong_notes_are_refused() {
            let kept = CustomerFields {
                first_visit: day("2025-05-01"),
                last_visit: day("2025-06-01"),
                notes: "a".repeat(TEXT_MAX - 10),
                ..fields("Bo")
            };
            let other = CustomerFields {
                first_visit: day("2025-07-01"),
                last_visit: day("2025-08-01"),
                notes: "b".repeat(20),
                ..fields("Bo")
            };
            let picks = MergePicks {
                first_visit: Pick::Other,
                last_visit: Pick::Kept,
                notes: Pick::Both,
                ..suggested_picks(&kept, &other)
            };
            let Error::Invalid(fields) = merged_fields(&kept, &other, &picks).unwrap_err() else { panic!() };
            assert!(fields["last_visit"].contains("before the first visit"));
            assert!(fields["notes"].contains("too long"));
        }
    }
}
