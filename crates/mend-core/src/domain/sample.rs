//! Sample data: a realistic small shop's last twelve months, from a seed.
//!
//! Everything here is pure and deterministic: the same seed, size and `now`
//! always give the same shop. A small SplitMix64 generator drives every
//! choice (no crate needed, and its output never changes between builds).
//! The store writes the plan to the database (`store::sample`).
//!
//! Shape of the shop (chosen to make every screen and chart meaningful):
//! - about 0.3 customers per incident (at least 20), visits and spend with a
//!   long tail so value tiers spread out, and a skewed choice of who
//!   complains so repeat complainants exist;
//! - incidents received during opening hours (Monday to Saturday, 9:00 to
//!   18:00 on the UTC clock, more on Saturdays; written messages any time),
//!   more minor than severe, across the seven default categories;
//! - most resolved within hours or days, about 3% still open (mostly recent);
//! - checklists from the built-in playbooks (mostly the default one) with
//!   most steps ticked, gestures sized by the real advisor, promises, root
//!   causes, prevention actions and follow-up calls with outcomes.
//!
//! All texts are written for Mend; names are common given names and
//! surnames from several countries, e-mails use reserved example domains.

use super::advisor::{self, AdvisorInput, AdvisorSettings, CatalogueGesture, Tier, ValueTier};
use super::breakdown::{FailureKind, Fault, Severity};
use super::playbook::builtin::BUILTIN;
use super::schedule::{propose_follow_up, FollowUpRules};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc, Weekday};

/// Most incidents a sample may have.
pub const MAX_INCIDENTS: usize = 1_000_000;

/// A small, fast, deterministic pseudo-random generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `[0, 1)`.
    pub fn float(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.float() < p
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// An index chosen with the given weights.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(total as u64) as u32;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

/// The kind of shop the sample describes (picked from the seed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShopKind {
    /// Cuts, colours, treatments.
    Salon,
    /// Repairs, services, sales.
    BikeShop,
    /// Coffee, lunches, cakes to order.
    Cafe,
    /// Phones, laptops, watches.
    RepairCounter,
}

impl ShopKind {
    /// A business name for the settings.
    pub fn business_name(self) -> &'static str {
        match self {
            ShopKind::Salon => "Studio Lumière (sample)",
            ShopKind::BikeShop => "Spoke & Chain Cycles (sample)",
            ShopKind::Cafe => "Café Brioche (sample)",
            ShopKind::RepairCounter => "FixPoint Repairs (sample)",
        }
    }

    fn services(self) -> &'static [&'static str] {
        match self {
            ShopKind::Salon => &[
                "colour",
                "cut and blow-dry",
                "highlights",
                "balayage",
                "beard trim",
                "keratin treatment",
                "fringe trim",
                "wedding updo",
                "perm",
                "children's cut",
            ],
            ShopKind::BikeShop => &[
                "annual service",
                "puncture repair",
                "brake adjustment",
                "gear tune-up",
                "wheel truing",
                "new chain",
                "e-bike battery check",
                "bike fitting",
                "tyre replacement",
                "headset repair",
            ],
            ShopKind::Cafe => &[
                "lunch order",
                "birthday cake",
                "oat flat white",
                "catering platter",
                "gluten-free sandwich",
                "breakfast plate",
                "takeaway order",
                "afternoon tea",
                "soup of the day",
                "office coffee order",
            ],
            ShopKind::RepairCounter => &[
                "screen replacement",
                "battery replacement",
                "laptop keyboard repair",
                "water damage repair",
                "watch battery",
                "charging port repair",
                "data recovery",
                "tablet screen",
                "camera module repair",
                "console HDMI repair",
            ],
        }
    }

    /// Typical transaction range in cents (low, high).
    fn ticket(self) -> (f64, f64) {
        match self {
            ShopKind::Salon => (2500.0, 22000.0),
            ShopKind::BikeShop => (1200.0, 45000.0),
            ShopKind::Cafe => (400.0, 9000.0),
            ShopKind::RepairCounter => (2000.0, 30000.0),
        }
    }
}

/// A staff member of the sample shop.
pub const STAFF: &[&str] = &["Marta Kowalczyk", "Jonas Brandt", "Inès Moreau", "Kofi Mensah", "Aoife Byrne"];

/// (given names, surnames) by language area.
const NAMES: &[(&[&str], &[&str])] = &[
    (
        &["Chloé", "François", "Hélène", "Renée", "Théo", "Amélie", "Jérôme", "Léa", "Gaëlle", "Noël"],
        &["Lefèvre", "Dubois", "Moreau", "Girard", "Bérard", "Mercier", "Faure", "Rousseau", "Lemaître", "Chevalier"],
    ),
    (
        &["José", "Ángela", "Lucía", "Martín", "Inés", "Raúl", "Sofía", "Álvaro", "Begoña", "Iñaki"],
        &["García", "Martínez", "Fernández", "López", "Sánchez", "Pérez", "Gómez", "Muñoz", "Jiménez", "Ibáñez"],
    ),
    (
        &["Jürgen", "Jörg", "Käthe", "Lukas", "Anna", "Günter", "Lena", "Matthias", "Sören", "Uta"],
        &["Müller", "Schäfer", "Weiß", "Köhler", "Groß", "Bauer", "Krüger", "Hoffmann", "Schröder", "Böhm"],
    ),
    (
        &["Łukasz", "Małgorzata", "Zofia", "Paweł", "Agnieszka", "Wojciech", "Bożena", "Michał", "Ewa", "Jędrzej"],
        &["Nowak", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski", "Zieliński", "Szymańska", "Dąbrowski", "Król"],
    ),
    (
        &["João", "Conceição", "Gonçalo", "Inês", "Tomás", "Joana", "Sebastião", "Mariana", "Luís", "Beatriz"],
        &["Gonçalves", "Simões", "Araújo", "Magalhães", "Conceição", "Lourenço", "Brandão", "Sousa", "Antunes"],
    ),
    (
        &["Søren", "Åsa", "Bjørn", "Ingrid", "Mikael", "Frøya", "Oskar", "Märta", "Henrik", "Sigrún"],
        &["Jørgensen", "Åberg", "Lindqvist", "Sørensen", "Ødegaard", "Nyström", "Halvorsen", "Bergström"],
    ),
    (
        &["Ömer", "Ayşe", "Çağla", "Mehmet", "Gülşen", "Emre", "Şule", "Burak", "Zeynep", "İlker"],
        &["Yılmaz", "Çelik", "Öztürk", "Aydın", "Şahin", "Doğan", "Kılıç", "Güneş", "Erdoğan", "Arslan"],
    ),
    (
        &["Siobhán", "Niamh", "Seán", "Aoife", "Ciarán", "Róisín", "Pádraig", "Éabha", "Oisín", "Caoimhe"],
        &["O'Brien", "Ó Súilleabháin", "Murphy", "Kelly", "Ní Bhriain", "Walsh", "Byrne", "Mac Giolla", "Ryan"],
    ),
    (
        &["Nguyễn Thị", "Trần Văn", "Lê Minh", "Phạm Thu", "Hoàng Anh", "Võ Thanh"],
        &["Hà", "Hùng", "Lan", "Phương", "Dũng", "Thảo", "Tuấn", "Hương"],
    ),
    (
        &["Emily", "James", "Olivia", "Michael", "Grace", "Daniel", "Hannah", "Tom", "Priya", "Zoë"],
        &["Smith", "Taylor", "Johnson", "Brown", "Patel", "Williams", "Clarke", "Evans", "Hughes", "Wright"],
    ),
    (
        &["Tomáš", "Kateřina", "Jiří", "Lucie", "Ondřej", "Zuzana", "Radek", "Petra", "Dušan", "Věra"],
        &["Dvořák", "Novák", "Černý", "Procházka", "Kučera", "Veselý", "Horák", "Němec", "Růžička"],
    ),
];

/// Country phone formats; `#` is a random digit. Digits after the fixed part
/// are random, so numbers are unique enough for search.
const PHONES: &[&str] = &[
    "+33 6 ## ## ## ##",
    "+34 6## ### ###",
    "+49 151 ########",
    "+48 5## ### ###",
    "+351 91# ### ###",
    "+45 ## ## ## ##",
    "+90 53# ### ## ##",
    "+353 8# ### ####",
    "+84 9# ### ## ##",
    "07### ######",
    "+420 7## ### ###",
];

/// One customer of the sample shop.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleCustomer {
    /// Full name, with its accents.
    pub name: String,
    /// Phone number as typed.
    pub phone: String,
    /// E-mail address (empty for some).
    pub email: String,
    /// Visits so far.
    pub visits: i64,
    /// Total spend in cents.
    pub total_spend_cents: i64,
    /// First visit.
    pub first_visit: NaiveDate,
    /// Latest visit.
    pub last_visit: NaiveDate,
    /// Marked VIP by the owner.
    pub vip: bool,
    /// When the record was made.
    pub created_at: DateTime<Utc>,
    /// A short note, sometimes.
    pub notes: &'static str,
}

/// A ticked checklist step: when, and which staff member (index in [`STAFF`]).
pub type StepTick = Option<(DateTime<Utc>, usize)>;

/// A gesture given on a sample incident.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleGesture {
    /// Index in the catalogue passed to [`SamplePlan::new`].
    pub catalogue_index: usize,
    /// What was given.
    pub description: String,
    /// "symbolic", "service", ... (the catalogue entry's kind).
    pub kind: String,
    /// What it cost, in cents.
    pub cost_cents: i64,
    /// The advisor's tier at the time.
    pub suggested_tier: Tier,
    /// When given.
    pub given_at: DateTime<Utc>,
    /// Staff index.
    pub given_by: usize,
    /// When the customer used it, if they did.
    pub redeemed_at: Option<DateTime<Utc>>,
}

/// A promise made on a sample incident.
#[derive(Debug, Clone, PartialEq)]
pub struct SamplePromise {
    /// What was promised.
    pub text: String,
    /// When it is due.
    pub due_at: DateTime<Utc>,
    /// Staff index.
    pub owner: usize,
    /// "open", "kept" or "broken".
    pub status: &'static str,
    /// Why it was broken.
    pub broken_reason: &'static str,
    /// When it was closed (kept or broken).
    pub closed_at: Option<DateTime<Utc>>,
    /// When it was made.
    pub created_at: DateTime<Utc>,
}

/// A follow-up call on a sample incident.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleFollowUp {
    /// When the call is (or was) due.
    pub due_at: DateTime<Utc>,
    /// Staff index, or anyone.
    pub assignee: Option<usize>,
    /// The outcome once made.
    pub outcome: Option<&'static str>,
    /// Tries so far.
    pub attempts: i64,
    /// A note from the call.
    pub note: &'static str,
    /// When it was ticked off.
    pub done_at: Option<DateTime<Utc>>,
    /// When it was booked.
    pub created_at: DateTime<Utc>,
}

/// A prevention action.
#[derive(Debug, Clone, PartialEq)]
pub struct SamplePrevention {
    /// What will be done.
    pub action: &'static str,
    /// Staff index.
    pub owner: usize,
    /// Due date.
    pub due_date: NaiveDate,
    /// When it was done.
    pub done_at: Option<DateTime<Utc>>,
    /// When it was written down.
    pub created_at: DateTime<Utc>,
}

/// One incident of the sample shop, with everything that happened on it.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleIncident {
    /// Index in [`SamplePlan::customers`].
    pub customer: usize,
    /// When received.
    pub received_at: DateTime<Utc>,
    /// Channel value ("in_person", ...).
    pub channel: &'static str,
    /// Default category id, 1 to 7.
    pub category_id: i64,
    /// 1 to 5.
    pub severity: i64,
    /// What happened.
    pub description: String,
    /// What would make them happy.
    pub desired_outcome: String,
    /// What they paid, in cents.
    pub transaction_cents: Option<i64>,
    /// Staff index of who took it.
    pub taken_by: usize,
    /// Built-in playbook id, 1 to 6.
    pub playbook_id: i64,
    /// One entry per step of the playbook.
    pub steps: Vec<StepTick>,
    /// When resolved (`None`: still open).
    pub resolved_at: Option<DateTime<Utc>>,
    /// How it was put right.
    pub resolution_note: &'static str,
    /// "outcome" or "process".
    pub failure_kind: &'static str,
    /// "shop", "third_party", "customer" or "unknown".
    pub fault: &'static str,
    /// Why it happened (may be empty).
    pub root_cause: &'static str,
    /// What will stop it happening again.
    pub prevention: Option<SamplePrevention>,
    /// Gestures given.
    pub gestures: Vec<SampleGesture>,
    /// Promises made.
    pub promises: Vec<SamplePromise>,
    /// Follow-up calls.
    pub follow_ups: Vec<SampleFollowUp>,
}

/// A whole sample shop: its customers up front, then its incidents one by
/// one, oldest first (so a million need not sit in memory at once).
pub struct SamplePlan {
    /// The kind of shop.
    pub shop: ShopKind,
    /// Every customer.
    pub customers: Vec<SampleCustomer>,
    /// When each incident is received and whose it is, oldest first.
    slots: Vec<(DateTime<Utc>, u32)>,
    /// Each customer's earlier incidents so far (for the advisor's repeats).
    history: Vec<Vec<DateTime<Utc>>>,
    value: Vec<ValueTier>,
    catalogue: Vec<CatalogueGesture>,
    settings: AdvisorSettings,
    rules: FollowUpRules,
    next: usize,
    now: DateTime<Utc>,
    rng: Rng,
}

/// How many customers a sample of `incidents` has.
pub fn customer_count(incidents: usize) -> usize {
    (incidents * 3 / 10).max(20)
}

/// The plan's start: twelve months before `now`.
pub fn window_start(now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::days(365)
}

const CHANNELS: &[&str] = &["in_person", "phone", "email", "message", "review_site", "other"];
const CHANNEL_WEIGHTS: &[u32] = &[50, 20, 12, 10, 6, 2];
const SEVERITY_WEIGHTS: &[u32] = &[30, 32, 22, 11, 5];
const CATEGORY_WEIGHTS: &[u32] = &[18, 26, 10, 12, 10, 16, 8];

fn day_weight(day: Weekday) -> u32 {
    match day {
        Weekday::Sat => 18,
        Weekday::Sun => 1,
        Weekday::Fri => 12,
        _ => 10,
    }
}

fn ascii_fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        let mapped = match ch {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ą' | 'Á' | 'Å' | 'ạ' => "a",
            'æ' => "ae",
            'ç' | 'č' | 'Ç' | 'Č' => "c",
            'ď' => "d",
            'đ' | 'Đ' => "d",
            'é' | 'è' | 'ê' | 'ë' | 'ę' | 'ě' | 'É' => "e",
            'í' | 'ì' | 'î' | 'ï' | 'ı' | 'İ' => "i",
            'ł' | 'Ł' => "l",
            'ñ' | 'ń' => "n",
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'Ó' | 'Ö' | 'Ø' | 'ồ' | 'ọ' => "o",
            'ř' => "r",
            'ś' | 'š' | 'ş' | 'Ş' | 'Š' | 'Ś' => "s",
            'ß' => "ss",
            'ť' => "t",
            'ú' | 'ù' | 'û' | 'ü' | 'ů' | 'Ú' | 'ư' => "u",
            'ý' => "y",
            'ž' | 'ź' | 'ż' | 'Ž' | 'Ż' => "z",
            'ğ' => "g",
            'ả' | 'ấ' | 'ầ' | 'ậ' | 'ă' | 'ắ' => "a",
            'ơ' | 'ớ' | 'ờ' | 'ở' => "o",
            'ũ' | 'ủ' | 'ứ' | 'ừ' => "u",
            'ễ' | 'ế' | 'ề' | 'ệ' => "e",
            'ị' | 'ỉ' => "i",
            ' ' | '\'' => "",
            c if c.is_ascii_alphanumeric() || c == '-' => {
                out.push(c.to_ascii_lowercase());
                continue;
            }
            _ => "",
        };
        out.push_str(mapped);
    }
    out
}

fn phone(rng: &mut Rng, area: usize) -> String {
    PHONES[area % PHONES.len()]
        .chars()
        .map(|c| if c == '#' { (b'0' + rng.below(10) as u8) as char } else { c })
        .collect()
}

/// A long-tailed positive number with median about `median` (log-normal-ish).
fn long_tail(rng: &mut Rng, median: f64, spread: f64) -> f64 {
    // Sum of uniforms approximates a normal; exp makes it log-normal.
    let z = (rng.float() + rng.float() + rng.float() + rng.float() - 2.0) * 1.7;
    median * (z * spread).exp()
}

impl SamplePlan {
    /// Plans a shop with `incidents` incidents over the year before `now`.
    /// `catalogue` is the shop's gesture catalogue (what the advisor picks
    /// from; gestures refer to it by index).
    pub fn new(incidents: usize, seed: u64, now: DateTime<Utc>, catalogue: Vec<CatalogueGesture>) -> SamplePlan {
        let mut rng = Rng::new(seed);
        let shop =
            [ShopKind::Salon, ShopKind::BikeShop, ShopKind::Cafe, ShopKind::RepairCounter][rng.below(4) as usize];
        let start = window_start(now);
        let n_customers = customer_count(incidents);

        // When: days weighted by weekday (and slowly growing business).
        let first_day = start.date_naive();
        let days: Vec<NaiveDate> = (0..=365).map(|d| first_day + Duration::days(d)).collect();
        let mut cumulative = Vec::with_capacity(days.len());
        let mut total = 0u64;
        for (i, d) in days.iter().enumerate() {
            total += day_weight(d.weekday()) as u64 * (100 + i as u64 / 8);
            cumulative.push(total);
        }
        let mut slots: Vec<(DateTime<Utc>, u32)> = Vec::with_capacity(incidents);
        for _ in 0..incidents {
            let x = rng.below(total);
            let i = cumulative.partition_point(|c| *c <= x);
            let day = days[i.min(days.len() - 1)];
            let written = rng.chance(0.15);
            let minute_of_day = if written || day.weekday() == Weekday::Sun {
                rng.range(7 * 60, 22 * 60)
            } else {
                rng.range(9 * 60, 18 * 60 - 1)
            };
            let mut at = day.and_hms_opt(0, 0, 0).expect("midnight").and_utc()
                + Duration::minutes(minute_of_day)
                + Duration::seconds(rng.range(0, 59));
            if at >= now {
                at = now - Duration::minutes(rng.range(3, 180));
            }
            if at < start {
                at = start + Duration::minutes(rng.range(1, 600));
            }
            // Who: skewed towards a core of regulars, so some complain again.
            let u = rng.float();
            let customer = ((u * u * u * 0.6 + u * 0.4) * n_customers as f64) as u32;
            slots.push((at, customer.min(n_customers as u32 - 1)));
        }
        slots.sort();

        // Each customer's first and last incident, to keep visit dates consistent.
        let mut span: Vec<Option<(DateTime<Utc>, DateTime<Utc>)>> = vec![None; n_customers];
        for (at, c) in &slots {
            let s = &mut span[*c as usize];
            *s = Some(match s {
                None => (*at, *at),
                Some((a, b)) => ((*a).min(*at), (*b).max(*at)),
            });
        }

        let (lo, hi) = shop.ticket();
        let median_ticket = (lo * hi).sqrt();
        let mut customers = Vec::with_capacity(n_customers);
        // Two sample customers never share an address: real shops' duplicates are the same
        // person twice, and the sample should not look like a shop full of them.
        let mut emails_used = std::collections::HashSet::new();
        for s in &span {
            let area = rng.below(NAMES.len() as u64) as usize;
            let (given, family) = NAMES[area];
            let first = *rng.pick(given);
            let last = *rng.pick(family);
            let name = format!("{first} {last}");
            let email = if rng.chance(0.75) {
                let domain = *rng.pick(&["example.com", "example.org", "example.net", "mail.example"]);
                match rng.below(3) {
                    0 => format!("{}.{}@{domain}", ascii_fold(first), ascii_fold(last)),
                    1 => format!("{}{}{}@{domain}", &ascii_fold(first)[..1], ascii_fold(last), rng.range(1, 99)),
                    _ => format!("{}_{}@{domain}", ascii_fold(last), rng.range(1960, 2006)),
                }
            } else {
                String::new()
            };
            let email = match email.split_once('@') {
                Some((local, domain)) if !emails_used.insert(email.clone()) => {
                    let mut n = 2;
                    while !emails_used.insert(format!("{local}{n}@{domain}")) {
                        n += 1;
                    }
                    format!("{local}{n}@{domain}")
                }
                _ => email,
            };
            let phone = phone(&mut rng, area);
            let visits = (long_tail(&mut rng, 4.0, 0.9).round() as i64).clamp(1, 400);
            let spend = (visits as f64 * long_tail(&mut rng, median_ticket, 0.35)).round() as i64;
            let established = rng.chance(0.65);
            let mut first_visit = if established {
                now - Duration::days(rng.range(366, 6 * 365))
            } else {
                start + Duration::days(rng.range(0, 364))
            };
            let mut last_visit = now - Duration::days((long_tail(&mut rng, 25.0, 1.0) as i64).min(364));
            if let Some((a, b)) = s {
                first_visit = first_visit.min(*a);
                last_visit = last_visit.max(*b);
            }
            if last_visit < first_visit {
                last_visit = first_visit;
            }
            let created_at = first_visit.min(start);
            let vip = visits >= 20 && rng.chance(0.25);
            let notes = *rng.pick(&[
                "",
                "",
                "",
                "",
                "",
                "Prefers a call in the afternoon.",
                "Allergic to some products; check before starting.",
                "Usually pays by card.",
                "Comes with her daughter.",
                "Likes a text the day before.",
            ]);
            customers.push(SampleCustomer {
                name,
                phone,
                email,
                visits,
                total_spend_cents: spend.max(0),
                first_visit: first_visit.date_naive(),
                last_visit: last_visit.date_naive().min(now.date_naive()),
                vip,
                created_at,
                notes,
            });
        }

        // Value tiers as the advisor would see them (default cut-offs).
        let mut spends: Vec<i64> = customers.iter().map(|c| c.total_spend_cents).collect();
        spends.sort_unstable_by(|a, b| b.cmp(a));
        let top = spends[(spends.len() / 10).min(spends.len() - 1)];
        let loyal = spends[(spends.len() * 3 / 10).min(spends.len() - 1)];
        let value = customers
            .iter()
            .map(|c| {
                if c.total_spend_cents >= top && c.total_spend_cents > 0 {
                    ValueTier::Top
                } else if c.total_spend_cents >= loyal || c.visits >= 8 {
                    ValueTier::Loyal
                } else if c.visits >= 2 {
                    ValueTier::Regular
                } else {
                    ValueTier::New
                }
            })
            .collect();

        SamplePlan {
            shop,
            history: vec![Vec::new(); customers.len()],
            customers,
            slots,
            value,
            catalogue,
            settings: AdvisorSettings::default(),
            rules: FollowUpRules::default(),
            next: 0,
            now,
            rng,
        }
    }

    /// How many incidents the plan has.
    pub fn incident_count(&self) -> usize {
        self.slots.len()
    }

    /// The next incident, oldest first; `None` when all are out.
    pub fn next_incident(&mut self) -> Option<SampleIncident> {
        let (received_at, customer) = *self.slots.get(self.next)?;
        self.next += 1;
        let customer = customer as usize;
        let now = self.now;
        let rng = &mut self.rng;
        let shop = self.shop;

        let channel = CHANNELS[rng.weighted(CHANNEL_WEIGHTS)];
        let mut severity = rng.weighted(SEVERITY_WEIGHTS) as i64 + 1;
        let cat = rng.weighted(CATEGORY_WEIGHTS);
        if channel == "review_site" && severity < 3 {
            severity += 1;
        }
        let service = *rng.pick(shop.services());
        let staff_at_fault = *rng.pick(STAFF);
        let first_name = self.customers[customer].name.split(' ').next().unwrap_or("");
        let description = describe(rng, cat, service, staff_at_fault, first_name);
        let desired_outcome =
            if rng.chance(0.9) { rng.pick(WANTS[cat]).replace("{s}", service) } else { String::new() };
        let (lo, hi) = shop.ticket();
        let transaction_cents = if rng.chance(0.85) {
            let v = (lo.ln() + rng.float() * (hi.ln() - lo.ln())).exp();
            Some(((v / 50.0).round() * 50.0) as i64)
        } else {
            None
        };
        let taken_by = rng.below(STAFF.len() as u64) as usize;
        let playbook_id = match rng.below(100) {
            0..=74 => 1,
            75..=81 => 2,
            82..=87 => 3,
            88..=92 => 4,
            93..=96 => 5,
            _ => 6,
        };
        let failure_kind = match cat {
            1 | 2 => {
                if rng.chance(0.9) {
                    "outcome"
                } else {
                    "process"
                }
            }
            6 => *rng.pick(&["outcome", "process"]),
            _ => {
                if rng.chance(0.85) {
                    "process"
                } else {
                    "outcome"
                }
            }
        };
        let fault = match rng.weighted(if cat == 2 { &[55, 35, 5, 5] } else { &[76, 8, 9, 7] }) {
            0 => "shop",
            1 => "third_party",
            2 => "customer",
            _ => "unknown",
        };

        // Open or resolved: recent ones are more often still open.
        let age = now - received_at;
        let open_chance = if age < Duration::days(3) {
            0.45
        } else if age < Duration::days(14) {
            0.15
        } else {
            0.022
        };
        let open = rng.chance(open_chance);
        let resolve_minutes = match rng.weighted(&[40, 30, 20, 10]) {
            0 => rng.range(5, 120),
            1 => rng.range(120, 24 * 60),
            2 => rng.range(24 * 60, 4 * 24 * 60),
            _ => rng.range(4 * 24 * 60, 14 * 24 * 60),
        } * (1 + (severity - 1) / 2);
        let resolved_at = if open {
            None
        } else {
            Some(
                (received_at + Duration::minutes(resolve_minutes))
                    .min(now - Duration::seconds(rng.range(1, 600)))
                    .max(received_at),
            )
        };
        let end = resolved_at.unwrap_or(now);

        // Checklist ticks: first response quickly, the rest spread to the end.
        let n_steps = BUILTIN.iter().find(|p| p.id == playbook_id).map(|p| p.steps.len()).unwrap_or(0);
        let response = match rng.weighted(&[60, 25, 10, 5]) {
            0 => rng.range(0, 10),
            1 => rng.range(10, 60),
            2 => rng.range(60, 8 * 60),
            _ => rng.range(8 * 60, 3 * 24 * 60),
        };
        let ticked = if open { rng.below(n_steps as u64) as usize } else { n_steps };
        let mut steps: Vec<StepTick> = Vec::with_capacity(n_steps);
        let mut t = (received_at + Duration::minutes(response)).min(end);
        let span_secs = (end - t).num_seconds().max(0);
        let handler = if rng.chance(0.8) { taken_by } else { rng.below(STAFF.len() as u64) as usize };
        for i in 0..n_steps {
            let done = i < ticked && (open || i == 0 || rng.chance(0.93));
            if done {
                if i > 0 {
                    let step = span_secs / n_steps as i64;
                    t = (t + Duration::seconds(rng.range(0, step.max(1) * 2))).min(end);
                }
                steps.push(Some((t, handler)));
            } else {
                steps.push(None);
            }
        }
        let first_tick = steps.iter().flatten().map(|(t, _)| *t).min();

        // The advisor's view, then the gesture.
        let prior_days: Vec<i64> =
            self.history[customer].iter().map(|at| (received_at - *at).num_days()).filter(|d| *d >= 0).collect();
        let input = AdvisorInput {
            severity: Severity::new(severity).expect("the sample draws severities 1 to 5"),
            failure: if failure_kind == "outcome" { FailureKind::Outcome } else { FailureKind::Process },
            fault: match fault {
                "shop" => Fault::Shop,
                "third_party" => Fault::ThirdParty,
                "customer" => Fault::Customer,
                _ => Fault::Unknown,
            },
            transaction_cents,
            value_tier: self.value[customer],
            vip: self.customers[customer].vip,
            prior_failure_days: prior_days,
            first_response_minutes: first_tick.map(|t| (t - received_at).num_minutes()),
            apologized: steps.first().map(|s| s.is_some()).unwrap_or(false),
        };
        self.history[customer].push(received_at);
        let advice = advisor::advise(&input, &self.settings, &self.catalogue);
        let give_chance = match advice.tier {
            Tier::ApologyOnly => 0.25,
            Tier::Symbolic => 0.6,
            _ => 0.85,
        } * if open { 0.5 } else { 1.0 };
        let mut gestures = Vec::new();
        if !self.catalogue.is_empty() && rng.chance(give_chance) {
            let chosen = if advice.gestures.is_empty() || advice.tier == Tier::ApologyOnly {
                self.catalogue.iter().position(|g| g.cost_cents.is_some() && g.tiers.contains(&Tier::Symbolic))
            } else {
                let g = &advice.gestures[rng.below(advice.gestures.len() as u64) as usize].gesture;
                self.catalogue.iter().position(|c| c.id == g.id)
            };
            if let Some(index) = chosen {
                let g = &self.catalogue[index];
                let mut cost = advisor::estimate(g, transaction_cents).unwrap_or(g.cost_cents.unwrap_or(1000));
                if let (Some(m), false) = (advice.money, g.kind == "symbolic") {
                    cost = cost.min(m.max_cents.max(m.min_cents));
                }
                if let Some(cap) = advice.cap_cents {
                    cost = cost.min(cap);
                }
                let from = first_tick.unwrap_or(received_at);
                let given_at = from + Duration::seconds(rng.range(0, (end - from).num_seconds().max(0)));
                let redeemed_at = if rng.chance(0.42) {
                    let at = given_at + Duration::hours(rng.range(1, 60 * 24));
                    (at < now).then_some(at)
                } else {
                    None
                };
                gestures.push(SampleGesture {
                    catalogue_index: index,
                    description: g.name.clone(),
                    kind: g.kind.clone(),
                    cost_cents: cost.max(0),
                    suggested_tier: advice.tier,
                    given_at,
                    given_by: handler,
                    redeemed_at,
                });
            }
        }

        // Promises.
        let mut promises = Vec::new();
        let n_promises = if rng.chance(0.28 + severity as f64 * 0.06) { 1 + rng.chance(0.12) as usize } else { 0 };
        for _ in 0..n_promises {
            let created_at = first_tick.unwrap_or(received_at);
            let due_at = created_at + Duration::hours(rng.range(3, 7 * 24));
            let owner = if rng.chance(0.7) { handler } else { rng.below(STAFF.len() as u64) as usize };
            let text = rng.pick(PROMISES).replace("{s}", service);
            let (status, broken_reason, closed_at) = if due_at >= now {
                ("open", "", None)
            } else {
                match rng.weighted(&[86, 10, 4]) {
                    0 => {
                        let at =
                            created_at + Duration::seconds(rng.range(60, (due_at - created_at).num_seconds().max(61)));
                        ("kept", "", Some(at.min(now)))
                    }
                    1 => ("broken", *rng.pick(BROKEN), Some((due_at + Duration::hours(rng.range(1, 48))).min(now))),
                    _ => ("open", "", None),
                }
            };
            promises.push(SamplePromise { text, due_at, owner, status, broken_reason, closed_at, created_at });
        }

        // Root cause and prevention.
        let (root_cause, prevention) = if resolved_at.is_some() && severity >= 2 && rng.chance(0.4) {
            let cause = *rng.pick(CAUSES[cat]);
            let prevention = if rng.chance(0.5) {
                let created_at = end;
                let due_date = (created_at + Duration::days(rng.range(3, 30))).date_naive();
                let done = created_at + Duration::days(rng.range(1, 40));
                Some(SamplePrevention {
                    action: ACTIONS[cat][rng.below(ACTIONS[cat].len() as u64) as usize],
                    owner: rng.below(STAFF.len() as u64) as usize,
                    due_date,
                    done_at: (rng.chance(0.75) && done < now).then_some(done),
                    created_at,
                })
            } else {
                None
            };
            (cause, prevention)
        } else {
            ("", None)
        };

        // Follow-up call a day or so after the fix.
        let mut follow_ups = Vec::new();
        if let Some(fixed) = resolved_at {
            if rng.chance(0.72) {
                let due_at = propose_follow_up(fixed, &self.rules, &Utc);
                let assignee = rng.chance(0.6).then(|| rng.below(STAFF.len() as u64) as usize);
                let made = due_at + Duration::minutes(rng.range(0, 240));
                let fu = if made < now {
                    let (outcome, attempts, extra_days) = match rng.weighted(&[72, 13, 6, 9]) {
                        0 => ("satisfied", 1 + rng.chance(0.1) as i64, 0),
                        1 => ("partly_satisfied", 1 + rng.chance(0.2) as i64, 0),
                        2 => ("not_satisfied", 1, 0),
                        _ => ("no_answer", rng.range(2, 3), rng.range(1, 3)),
                    };
                    let done_at = (made + Duration::days(extra_days)).min(now);
                    let note = match outcome {
                        "satisfied" => {
                            *rng.pick(&["", "", "Happy with the fix, thanked us.", "Will be back next month."])
                        }
                        "partly_satisfied" => {
                            *rng.pick(&["Fix is fine but still annoyed about the wait.", "Wants a discount next time."])
                        }
                        "not_satisfied" => {
                            *rng.pick(&["Still unhappy; asked to speak to the owner.", "Says the problem is back."])
                        }
                        _ => *rng.pick(&["Voicemail, left a message.", "No answer; sent a text instead."]),
                    };
                    SampleFollowUp {
                        due_at,
                        assignee,
                        outcome: Some(outcome),
                        attempts,
                        note,
                        done_at: Some(done_at),
                        created_at: fixed,
                    }
                } else {
                    SampleFollowUp {
                        due_at,
                        assignee,
                        outcome: None,
                        attempts: 0,
                        note: "",
                        done_at: None,
                        created_at: fixed,
                    }
                };
                follow_ups.push(fu);
            }
        }

        let resolution_note = if resolved_at.is_some() { *rng.pick(RESOLUTIONS[cat]) } else { "" };
        Some(SampleIncident {
            customer,
            received_at,
            channel,
            category_id: cat as i64 + 1,
            severity,
            description,
            desired_outcome,
            transaction_cents,
            taken_by,
            playbook_id,
            steps,
            resolved_at,
            resolution_note,
            failure_kind,
            fault,
            root_cause,
            prevention,
            gestures,
            promises,
            follow_ups,
        })
    }

    /// The instant the plan ends at.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }
}

/// What happened, in the customer's words, from a category's templates.
fn describe(rng: &mut Rng, cat: usize, service: &str, staff: &str, first_name: &str) -> String {
    let staff_first = staff.split(' ').next().unwrap_or(staff);
    let mins = rng.range(15, 75).to_string();
    let day = rng.pick(&["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]).to_string();
    let opener = *rng.pick(OPENERS);
    let body = rng
        .pick(DESCRIPTIONS[cat])
        .replace("{s}", service)
        .replace("{m}", &mins)
        .replace("{d}", &day)
        .replace("{staff}", staff_first);
    let closer = *rng.pick(CLOSERS);
    let mut text = String::with_capacity(opener.len() + body.len() + closer.len() + 2);
    if !opener.is_empty() {
        text.push_str(&opener.replace("{n}", first_name));
        text.push(' ');
    }
    text.push_str(&body);
    if !closer.is_empty() {
        text.push(' ');
        text.push_str(closer);
    }
    text
}

const OPENERS: &[&str] = &["", "", "", "{n} came back to the counter:", "{n} rang to say", "Regular customer, upset:"];
const CLOSERS: &[&str] =
    &["", "", "", "Was polite but clearly disappointed.", "Mentioned leaving a review.", "Wants to hear back today."];

const DESCRIPTIONS: &[&[&str]] = &[
    // Wait time
    &[
        "Waited {m} minutes past the booked time for the {s} with no word from anyone.",
        "The {s} was promised for {d} but was not ready when they came to collect it.",
        "Nobody greeted them for {m} minutes at the counter while two of us were chatting.",
        "Queue for the {s} took {m} minutes on a busy {d}; they had to leave for work before it was done.",
        "Was told the {s} would take half an hour; it took well over an hour.",
    ],
    // Quality of work
    &[
        "The {s} was not what was agreed: the result is uneven and they noticed at home.",
        "Two days after the {s} the same problem is back.",
        "Unhappy with the {s}; says it looks rushed and nothing like last time.",
        "The {s} was done carelessly and there is a mark that was not there before.",
        "Paid for the {s} but parts of it were simply not done.",
    ],
    // Wrong item
    &[
        "Received the wrong {s}: it was meant for another customer.",
        "Ordered the {s} with a specific option and got the standard one.",
        "The part fitted during the {s} is the wrong size.",
        "Picked up the {s} on {d} and found it was someone else's order.",
    ],
    // Billing
    &[
        "Charged twice for the {s} on the card.",
        "The bill for the {s} was higher than the price quoted on the phone.",
        "A discount they were promised was not applied to the {s}.",
        "Receipt shows an extra item they never had.",
    ],
    // Staff attitude
    &[
        "Felt {staff} was dismissive when they asked about the {s}.",
        "Says they were spoken to rudely when asking for a change to the {s}.",
        "A team member rolled their eyes and sighed during the {s}.",
        "Felt rushed out of the door before the {s} was properly explained.",
    ],
    // Booking
    &[
        "Their booking for the {s} on {d} was not in the diary when they arrived.",
        "Appointment for the {s} was moved without telling them.",
        "Online booking confirmed a slot on {d} that we were closed for.",
        "Double-booked: two people turned up for the same {s} slot.",
    ],
    // Other
    &[
        "The card machine was down and they had to go to a cash machine to pay for the {s}.",
        "Parking outside was blocked by our delivery and they got a ticket.",
        "Left an umbrella on {d}; staff could not find it afterwards.",
        "Music was far too loud during the {s}.",
    ],
];

const WANTS: &[&[&str]] = &[
    &["An apology and a firm time next visit.", "A discount for the wasted time.", "The {s} finished today."],
    &["The {s} redone properly, free of charge.", "A refund for the {s}.", "Someone senior to look at it."],
    &["The right {s} as soon as possible.", "A swap today and a refund of the difference.", "Their money back."],
    &["The double charge refunded.", "The bill corrected to the quoted price.", "A corrected receipt by e-mail."],
    &["An apology from the owner.", "A different person next time.", "To be taken seriously."],
    &["A new slot this week at the same price.", "A call before any change in future.", "Priority booking next time."],
    &["The parking fine covered.", "Just an apology.", "To know it won't happen again."],
];

const RESOLUTIONS: &[&[&str]] = &[
    &["Apologized and booked a guaranteed slot.", "Finished the job the same day, no charge for the extra time."],
    &["Redid the work free of charge.", "Refunded in part and redid the work.", "Senior staff fixed it on the spot."],
    &["Swapped for the right item.", "Ordered the correct part, fitted on arrival.", "Refunded in full."],
    &["Refunded the duplicate charge.", "Corrected the bill and sent a new receipt."],
    &["Owner apologized in person.", "Talked it through with the team member; customer accepted the apology."],
    &["Rebooked at a time that suits them.", "Fitted them in the next morning."],
    &["Covered the cost and apologized.", "Apologized; customer was happy with that."],
];

const CAUSES: &[&[&str]] = &[
    &["Too many bookings squeezed into Saturday mornings.", "One person off sick and no cover arranged."],
    &[
        "New team member not yet trained on this.",
        "Supplier changed the product formula.",
        "Rushed at the end of the day.",
    ],
    &["Orders not labelled with the customer's name.", "Supplier sent the wrong part number."],
    &["Card terminal sends the payment twice after a timeout.", "Price list on the website out of date."],
    &["Busy day and no one stepped in to help.", "Team member unclear on the refund policy."],
    &["Online booking not synced with the paper diary.", "Changes made by phone not written down."],
    &["No plan for when the card machine fails.", "Deliveries scheduled during opening hours."],
];

const ACTIONS: &[&[&str]] = &[
    &["Leave a 15-minute buffer between Saturday bookings.", "Keep a cover list for sick days."],
    &["Pair new staff with a senior for their first month.", "Check the result with the customer before they leave."],
    &["Label every order with name and phone on arrival.", "Check part numbers against the order before fitting."],
    &["Update the terminal firmware and check daily totals.", "Review the price list every month."],
    &["Team talk on how to handle complaints.", "Add the refund policy to the staff handbook."],
    &["Use the online diary only; retire the paper one.", "Text customers whenever a booking changes."],
    &["Keep a backup card reader charged.", "Move deliveries to before opening."],
];

const PROMISES: &[&str] = &[
    "Call back as soon as the replacement for the {s} arrives.",
    "Redo the {s} on their next visit, free of charge.",
    "Refund to their card within three working days.",
    "Send a corrected invoice by e-mail.",
    "The owner will phone them personally.",
    "Keep the first slot on Saturday for them.",
    "Order the right part and text when it is in.",
];

const BROKEN: &[&str] = &[
    "Supplier delivery was late.",
    "Staff member off sick that day.",
    "Forgot to note it in the diary.",
    "Refund took longer at the bank.",
];

/// Rough minutes since midnight of an instant (used by tests of opening hours).
pub fn minute_of_day(at: DateTime<Utc>) -> u32 {
    at.hour() * 60 + at.minute()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-11-22T16:00:00Z".parse().unwrap()
    }

    fn catalogue() -> Vec<CatalogueGesture> {
        vec![
            CatalogueGesture {
                id: 1,
                name: "Handwritten apology note".into(),
                kind: "symbolic".into(),
                cost_cents: Some(100),
                percent: None,
                tiers: vec![Tier::ApologyOnly, Tier::Symbolic],
            },
            CatalogueGesture {
                id: 2,
                name: "Half refund".into(),
                kind: "refund".into(),
                cost_cents: None,
                percent: Some(50),
                tiers: vec![Tier::Modest, Tier::Substantial, Tier::Major],
            },
        ]
    }

    fn all(n: usize, seed: u64) -> (SamplePlan, Vec<SampleIncident>) {
        let mut plan = SamplePlan::new(n, seed, now(), catalogue());
        let mut out = Vec::new();
        while let Some(i) = plan.next_incident() {
            out.push(i);
        }
        (plan, out)
    }

    #[test]
    fn rng_is_stable_and_in_range() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for _ in 0..1000 {
            let x = a.range(3, 9);
            assert_eq!(x, b.range(3, 9));
            assert!((3..=9).contains(&x));
            let f = a.float();
            b.float();
            assert!((0.0..1.0).contains(&f));
        }
        assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
    }

    #[test]
    fn plan_is_deterministic_and_seed_sensitive() {
        let (_, a) = all(300, 42);
        let (_, b) = all(300, 42);
        let (_, c) = all(300, 43);
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn incidents_are_ordered_and_inside_the_year() {
        let (plan, incidents) = all(2000, 5);
        assert_eq!(incidents.len(), 2000);
        assert_eq!(plan.customers.len(), 600);
        let start = window_start(now());
        for pair in incidents.windows(2) {
            assert!(pair[0].received_at <= pair[1].received_at);
        }
        for i in &incidents {
            assert!(i.received_at >= start && i.received_at < now());
            if let Some(r) = i.resolved_at {
                assert!(r >= i.received_at && r <= now());
            }
            for (t, _) in i.steps.iter().flatten() {
                assert!(*t >= i.received_at && *t <= now());
            }
            for g in &i.gestures {
                if let Some(t) = i.transaction_cents {
                    assert!(g.cost_cents <= t * 3 / 2, "{g:?} on {t}");
                }
            }
        }
        let open = incidents.iter().filter(|i| i.resolved_at.is_none()).count();
        assert!((20..=120).contains(&open), "{open} open");
    }

    #[test]
    fn small_shops_have_at_least_twenty_customers() {
        assert_eq!(customer_count(1), 20);
        assert_eq!(customer_count(1000), 300);
    }

    #[test]
    fn emails_are_ascii() {
        let (plan, _) = all(500, 9);
        for c in &plan.customers {
            assert!(c.email.is_ascii(), "{}", c.email);
            assert!(c.first_visit <= c.last_visit);
        }
    }
}
