//! Possible duplicates and merging two customer cards, through the public API: the pairs
//! found and their reasons, "Not the same person" remembered, and a merge that moves every
//! history to the kept card (counts, value tier, earlier problems, search, timeline), refuses
//! in plain words and leaves nothing half done.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use mend_core::domain::advisor::ValueTier;
use mend_core::domain::customer::CustomerInput;
use mend_core::domain::duplicates::{MergeInput, MergePicksInput, MergeRequest, Pick, Reason};
use mend_core::domain::incident::{IncidentFilter, IncidentInput};
use mend_core::error::Error;
use mend_core::store::Store;

fn t0() -> DateTime<Utc> {
    "2026-11-22T10:00:00Z".parse().unwrap()
}

fn tz() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap()
}

fn count(store: &Store, sql: &str) -> i64 {
    store.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn customer(store: &mut Store, name: &str, phone: &str, email: &str) -> i64 {
    customer_with(
        store,
        CustomerInput { name: name.into(), phone: phone.into(), email: email.into(), ..Default::default() },
    )
}

fn customer_with(store: &mut Store, input: CustomerInput) -> i64 {
    store.create_customer(&input.validated().unwrap(), t0()).unwrap().id
}

fn log(store: &mut Store, customer_id: i64, what: &str, at: DateTime<Utc>) -> i64 {
    let input = IncidentInput {
        customer_id: Some(customer_id),
        channel: "in_person".into(),
        severity: Some(3),
        description: what.into(),
        category_id: Some(2),
        ..Default::default()
    };
    store.create_incident(&input.validated(at, &tz()).unwrap(), None, at).unwrap()
}

/// A merge of `other` into `keep` taking `pick` for every field where it may be taken.
fn request(keep: i64, other: i64, pick: &str) -> MergeRequest {
    let one = if pick == "both" { "kept" } else { pick };
    MergeInput {
        keep_id: keep,
        other_id: other,
        picks: MergePicksInput {
            name: one.into(),
            phone: one.into(),
            email: one.into(),
            notes: pick.into(),
            visits: pick.into(),
            total_spend: pick.into(),
            first_visit: one.into(),
            last_visit: one.into(),
            vip: one.into(),
        },
    }
    .validated()
    .unwrap()
}

/// The merge as the merge screen suggests it.
fn suggested(store: &Store, x: i64, y: i64) -> MergeRequest {
    let preview = store.merge_preview(x, y).unwrap();
    MergeRequest { keep_id: preview.kept.customer.id, other_id: preview.other.customer.id, picks: preview.suggested }
}

fn search(store: &Store, words: &str) -> Vec<i64> {
    let q = IncidentFilter { q: words.into(), ..Default::default() }.validated(&tz()).unwrap();
    store.list_incidents(&q, None, 50).unwrap().items.into_iter().map(|i| i.id).collect()
}

mod detection {
    use super::*;

    #[test]
    fn true_pairs_are_listed_with_their_reason_and_incident_counts() {
        let mut store = Store::open_in_memory().unwrap();
        let zoe = customer(&mut store, "Zoë Brandt", "(555) 010-2030", "");
        let zoe2 = customer(&mut store, "Zoe Brandt", "", "");
        let bea = customer(&mut store, "Bea Lind", "555.010.9999", "bea@example.com");
        let bea2 = customer(&mut store, "Beatrice Lind", "555 010 9999", "");
        let cai = customer(&mut store, "Cai Moss", "", "CAI@example.com");
        let cai2 = customer(&mut store, "C. Moss", "", "cai@example.com");
        // Alike names, different numbers: different people.
        customer(&mut store, "Mark Jones", "555 020 0001", "");
        customer(&mut store, "Mary Jones", "555 020 0002", "");
        log(&mut store, zoe2, "Fringe cut crooked", t0());

        let list = store.likely_duplicates(50).unwrap();
        assert_eq!(list.total, 3);
        let found: Vec<(i64, i64, &str)> = list.pairs.iter().map(|p| (p.a.id, p.b.id, p.reason.as_str())).collect();
        assert_eq!(
            found,
            [
                (bea, bea2, "Same phone number"),
                (cai, cai2, "Same e-mail"),
                (zoe, zoe2, "Very similar names: Zoë Brandt / Zoe Brandt"),
            ]
        );
        let pair = &list.pairs[2];
        assert_eq!(pair.reasons, [Reason::SimilarNames]);
        assert_eq!((pair.a.phone.as_str(), pair.a.incident_count, pair.b.incident_count), ("(555) 010-2030", 0, 1));
        let count_only = store.likely_duplicates(0).unwrap();
        assert_eq!((count_only.total, count_only.pairs.len()), (3, 0));
    }

    #[test]
    fn not_the_same_person_is_remembered() {
        let mut store = Store::open_in_memory().unwrap();
        let ana = store.add_staff("Ana", t0()).unwrap().id;
        let a = customer(&mut store, "Bo Lind", "", "");
        let b = customer(&mut store, "Bo Lind", "", "");
        assert_eq!(store.likely_duplicates(10).unwrap().total, 1);
        store.dismiss_duplicate(b, a, Some(ana), t0()).unwrap();
        store.dismiss_duplicate(a, b, None, t0()).unwrap(); // said again: nothing changes
        assert_eq!(store.likely_duplicates(10).unwrap().total, 0);
        assert_eq!(
            count(&store, &format!("SELECT count(*) FROM customer_pairs_dismissed WHERE dismissed_by = {ana}")),
            1
        );
        // A third card of the same name is still offered with each of the two.
        let c = customer(&mut store, "Bo Lind", "", "");
        let pairs: Vec<(i64, i64)> =
            store.likely_duplicates(10).unwrap().pairs.iter().map(|p| (p.a.id, p.b.id)).collect();
        assert_eq!(pairs, [(a, c), (b, c)]);

        let err = store.dismiss_duplicate(a, a, None, t0()).unwrap_err();
        assert_eq!(err.kind(), "invalid");
        assert!(err.to_string().contains("same card"), "{err}");
        let err = store.dismiss_duplicate(a, 999, None, t0()).unwrap_err();
        assert_eq!(err.kind(), "not_found");
        assert!(err.to_string().starts_with("One of the two customer cards no longer exists"), "{err}");
    }
}

mod merging {
    use super::*;

    #[test]
    fn the_preview_keeps_the_card_with_more_incidents_and_suggests_values() {
        let mut store = Store::open_in_memory().unwrap();
        let older = customer_with(
            &mut store,
            CustomerInput {
                name: "Zoe Brandt".into(),
                visits: "2".into(),
                total_spend: "80".into(),
                first_visit: "2025-01-10".into(),
                last_visit: "2025-09-01".into(),
                ..Default::default()
            },
        );
        let newer = customer_with(
            &mut store,
            CustomerInput {
                name: "Zoë Brandt".into(),
                phone: "555 0102 030".into(),
                visits: "3".into(),
                total_spend: "120".into(),
                first_visit: "2025-04-02".into(),
                last_visit: "2026-10-30".into(),
                vip: true,
                ..Default::default()
            },
        );
        log(&mut store, newer, "Colour patchy", t0());
        let preview = store.merge_preview(older, newer).unwrap();
        assert_eq!((preview.kept.customer.id, preview.other.customer.id), (newer, older));
        assert_eq!((preview.kept.incident_count, preview.kept.open_count, preview.other.incident_count), (1, 1, 0));
        assert_eq!(preview.reason.as_deref(), Some("Very similar names: Zoë Brandt / Zoe Brandt"));
        let s = preview.suggested;
        assert_eq!((s.name, s.phone, s.vip), (Pick::Kept, Pick::Kept, Pick::Kept));
        assert_eq!((s.visits, s.total_spend), (Pick::Both, Pick::Both));
        assert_eq!((s.first_visit, s.last_visit), (Pick::Other, Pick::Kept), "the earliest and the latest");
        // With no incidents on either, the older card stays.
        let x = customer(&mut store, "Bo Lind", "", "");
        let y = customer(&mut store, "Bo Lind", "", "");
        assert_eq!(store.merge_preview(y, x).unwrap().kept.customer.id, x);
    }

    #[test]
    fn every_history_moves_to_the_kept_card_and_the_counters_follow() {
        let mut store = Store::open_in_memory().unwrap();
        store.generate_sample(300, 14, t0()).unwrap();
        // The two customers with the most incidents: gestures, promises, calls and steps.
        let ids: Vec<i64> = store
            .connection()
            .prepare(
                "SELECT customer_id FROM incidents GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 2",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let (keep, other) = (ids[0], ids[1]);
        let per_card = |store: &Store, table: &str, customer: i64| {
            count(
                store,
                &format!(
                    "SELECT count(*) FROM {table} t JOIN incidents i ON i.id = t.incident_id WHERE i.customer_id = {customer}"
                ),
            )
        };
        let tables =
            ["incident_steps", "incident_events", "incident_gestures", "promises", "follow_ups", "prevention_actions"];
        let before: Vec<(i64, i64)> =
            tables.iter().map(|t| (per_card(&store, t, keep), per_card(&store, t, other))).collect();
        for (table, (k, o)) in tables.iter().zip(&before) {
            if *table != "prevention_actions" {
                assert!(*k > 0 && *o > 0, "the sample gives both cards some {table}: {k} and {o}");
            }
        }
        let incidents =
            |store: &Store, c: i64| count(store, &format!("SELECT count(*) FROM incidents WHERE customer_id = {c}"));
        let (kept_incidents, moved) = (incidents(&store, keep), incidents(&store, other));
        let rollups = |store: &Store| -> Vec<String> {
            ["incident_tallies", "daily_incidents", "daily_times", "daily_gestures", "daily_calls", "daily_promises"]
                .iter()
                .map(|t| {
                    let mut stmt = store.connection().prepare(&format!("SELECT * FROM {t} ORDER BY 1, 2, 3")).unwrap();
                    let n = stmt.column_count();
                    let rows: Vec<String> = stmt
                        .query_map([], |r| {
                            Ok((0..n)
                                .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                                .collect())
                        })
                        .unwrap()
                        .collect::<Result<_, _>>()
                        .unwrap();
                    rows.join(";")
                })
                .collect()
        };
        let rollups_before = rollups(&store);
        let customers_before = store.customer_count().unwrap();

        let kept = store.merge_customers(&request(keep, other, "both"), None, t0()).unwrap();
        assert_eq!(kept, keep);

        for (table, (k, o)) in tables.iter().zip(&before) {
            let extra = if *table == "incident_events" { moved } else { 0 };
            assert_eq!(per_card(&store, table, keep), k + o + extra, "{table}");
            assert_eq!(per_card(&store, table, other), 0, "{table}");
        }
        assert_eq!(incidents(&store, keep), kept_incidents + moved);
        assert_eq!(store.customer(other).unwrap_err().kind(), "not_found");
        assert_eq!(store.customer_count().unwrap(), customers_before - 1);
        assert_eq!(store.customer_count().unwrap(), count(&store, "SELECT count(*) FROM customers"));
        assert_eq!(rollups(&store), rollups_before, "moving incidents changes no count");
        // Both search indexes still match their rows.
        store.connection().execute_batch("INSERT INTO incident_fts (incident_fts) VALUES ('integrity-check')").unwrap();
        store.connection().execute_batch("INSERT INTO customer_fts (customer_fts) VALUES ('integrity-check')").unwrap();
        let card = store.customer_card(keep).unwrap();
        assert_eq!(card.incidents.len() as i64, kept_incidents + moved);
        assert_eq!(card.gestures.len() as i64, before[2].0 + before[2].1);
    }

    #[test]
    fn only_incidents_and_dismissed_pairs_point_at_a_customer() {
        // The merge moves incidents and carries dismissed pairs over: a new table that refers
        // to a customer needs the same care in store/merge.rs.
        let store = Store::open_in_memory().unwrap();
        let referring: Vec<String> = store
            .connection()
            .prepare(
                "SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f
                 WHERE m.type = 'table' AND f.\"table\" = 'customers' ORDER BY m.name",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(referring, ["customer_pairs_dismissed", "incidents"]);
    }

    #[test]
    fn the_timeline_says_who_merged_what_and_search_finds_the_kept_name() {
        let mut store = Store::open_in_memory().unwrap();
        let ana = store.add_staff("Ana", t0()).unwrap().id;
        let keep = customer(&mut store, "Zoë Brandt", "555 0102 030", "");
        let fields = CustomerInput { name: "Zoe Brant".into(), ..Default::default() }.validated().unwrap();
        let other = store.create_customer(&fields, t0() - Duration::days(90)).unwrap().id;
        let own = log(&mut store, keep, "Colour patchy", t0() - Duration::days(40));
        let moved = log(&mut store, other, "Fringe cut crooked", t0() - Duration::days(3));
        assert_eq!(search(&store, "Brant"), [moved]);

        store.merge_customers(&request(keep, other, "kept"), Some(ana), t0()).unwrap();
        let detail = store.incident(moved, t0(), &tz()).unwrap();
        let last = detail.events.last().unwrap();
        assert_eq!(
            last.summary,
            format!("Customer cards merged by Ana: Zoe Brant (#{other}) into Zoë Brandt (#{keep})")
        );
        assert_eq!(
            (last.kind.as_str(), last.staff_name.as_deref(), last.at.as_str()),
            ("merged", Some("Ana"), "2026-11-22T10:00:00Z")
        );
        assert_eq!(detail.customer.name, "Zoë Brandt");
        assert_eq!(store.customer(keep).unwrap().created_at, "2026-08-24T10:00:00Z", "in Mend since the older card");
        let own_events = store.incident(own, t0(), &tz()).unwrap().events;
        assert!(own_events.iter().all(|e| e.kind != "merged"), "the kept card's own incidents are unchanged");

        // The moved incident is found by the kept name only; so is the card.
        assert_eq!(search(&store, "Brandt"), [moved, own]);
        assert!(search(&store, "Brant").is_empty());
        let cards: Vec<i64> = store.search_customers("Brandt", 8).unwrap().into_iter().map(|c| c.id).collect();
        assert_eq!(cards, [keep]);
        assert!(store.search_customers("Brant", 8).unwrap().is_empty());
    }

    #[test]
    fn the_value_tier_and_earlier_problems_count_both_histories() {
        let mut store = Store::open_in_memory().unwrap();
        for i in 0..20 {
            customer_with(
                &mut store,
                CustomerInput {
                    name: format!("Regular {i}"),
                    phone: format!("555 0300 {i:03}"),
                    visits: "3".into(),
                    total_spend: format!("{}", 200 + i * 10),
                    ..Default::default()
                },
            );
        }
        let spend = |name: &str, phone: &str, spend: &str| CustomerInput {
            name: name.into(),
            phone: phone.into(),
            visits: "1".into(),
            total_spend: spend.into(),
            ..Default::default()
        };
        let keep = customer_with(&mut store, spend("Zoë Brandt", "+44 7700 900123", "250"));
        let other = customer_with(&mut store, spend("Zoe Brandt", "07700 900123", "260"));
        let earlier = log(&mut store, other, "Colour patchy", t0() - Duration::days(30));
        let later = log(&mut store, keep, "Fringe cut crooked", t0());
        assert_eq!(store.customer_value(keep).unwrap().tier, ValueTier::New);
        assert_eq!(
            store.likely_duplicates(5).unwrap().pairs[0].reason,
            "Same phone number and very similar names: Zoë Brandt / Zoe Brandt"
        );

        let kept = store.merge_customers(&suggested(&store, keep, other), None, t0()).unwrap();
        assert_eq!(kept, keep, "the older card, with as many incidents");
        let merged = store.customer(keep).unwrap();
        assert_eq!((merged.visits, merged.total_spend_cents), (2, 51_000));
        let value = store.customer_value(keep).unwrap();
        assert_eq!(value.tier, ValueTier::Top, "510 spent in all tops the shop");
        assert_eq!(value.problem_count, 2);
        let detail = store.incident(later, t0(), &tz()).unwrap();
        let prior: Vec<i64> = detail.advice.unwrap().prior_problems.iter().map(|p| p.incident_id).collect();
        assert_eq!(prior, [earlier], "the other card's incident is an earlier problem of the kept card");
        assert_eq!(store.likely_duplicates(5).unwrap().total, 0);
    }

    #[test]
    fn not_the_same_person_carries_over_to_the_merged_card() {
        let mut store = Store::open_in_memory().unwrap();
        let keep = customer(&mut store, "Bo Lind", "", "");
        let other = customer(&mut store, "Bo Lind", "", "");
        let third = customer(&mut store, "Bo Lind", "", "");
        store.dismiss_duplicate(other, third, None, t0()).unwrap();
        store.merge_customers(&request(keep, other, "kept"), None, t0()).unwrap();
        assert_eq!(store.likely_duplicates(10).unwrap().total, 0, "{keep} and {third} stay apart");
        assert_eq!(count(&store, "SELECT count(*) FROM customer_pairs_dismissed"), 1);
    }

    #[test]
    fn a_card_into_itself_or_a_card_gone_is_refused_in_plain_words() {
        let mut store = Store::open_in_memory().unwrap();
        let a = customer(&mut store, "Bo Lind", "", "");
        let b = customer(&mut store, "Bo Lind", "", "");
        let same = MergeRequest { other_id: a, ..request(a, b, "kept") };
        let err = store.merge_customers(&same, None, t0()).unwrap_err();
        assert_eq!(err.kind(), "invalid");
        assert_eq!(
            err.to_string(),
            "These are the same card: a card can't be merged into itself. Pick two different customers."
        );
        assert_eq!(store.merge_preview(a, a).unwrap_err().kind(), "invalid");

        store.merge_customers(&request(a, b, "kept"), None, t0()).unwrap();
        for err in [
            store.merge_customers(&request(a, b, "kept"), None, t0()).unwrap_err(),
            store.merge_customers(&request(b, a, "kept"), None, t0()).unwrap_err(),
            store.merge_preview(a, b).unwrap_err(),
        ] {
            assert_eq!(err.kind(), "not_found");
            assert!(err.to_string().contains("no longer exists (it may have been merged already)"), "{err}");
        }
        let err = store.merge_customers(&request(a, 77, "kept"), Some(99), t0()).unwrap_err();
        assert!(err.to_string().contains("pick your name again"), "{err}");
        assert_eq!(store.customer_count().unwrap(), 1);
    }

    #[test]
    fn a_last_visit_before_the_first_is_refused_and_nothing_changes() {
        let mut store = Store::open_in_memory().unwrap();
        let dates = |name: &str, first: &str, last: &str| CustomerInput {
            name: name.into(),
            first_visit: first.into(),
            last_visit: last.into(),
            ..Default::default()
        };
        let a = customer_with(&mut store, dates("Bo Lind", "2025-05-01", "2025-06-01"));
        let b = customer_with(&mut store, dates("Bo Lind", "2025-07-01", "2025-08-01"));
        let mut req = request(a, b, "kept");
        req.picks.first_visit = Pick::Other;
        let Err(Error::Invalid(fields)) = store.merge_customers(&req, None, t0()) else { panic!("expected invalid") };
        assert!(fields["last_visit"].contains("before the first visit"));
        assert_eq!(store.customer_count().unwrap(), 2);
    }

    #[test]
    fn an_error_midway_leaves_both_cards_as_they_were() {
        let mut store = Store::open_in_memory().unwrap();
        let keep = customer(&mut store, "Zoë Brandt", "555 0102 030", "");
        let other = customer(&mut store, "Zoe Brandt", "", "zoe@example.com");
        let third = customer(&mut store, "Zoe Brandt", "", "");
        store.dismiss_duplicate(other, third, None, t0()).unwrap();
        let moved = log(&mut store, other, "Fringe cut crooked", t0() - Duration::days(3));
        let snapshot = |store: &Store| {
            (
                store.customer(keep).unwrap(),
                store.customer(other).unwrap(),
                count(store, "SELECT count(*) FROM incident_events"),
                count(store, &format!("SELECT customer_id FROM incidents WHERE id = {moved}")),
                count(store, "SELECT count(*) FROM customer_pairs_dismissed"),
                store.customer_count().unwrap(),
                search(store, "Brandt"),
            )
        };
        let before = snapshot(&store);
        // The last step, removing the other card, fails: everything before it is undone.
        store
            .connection()
            .execute_batch(
                "CREATE TEMP TRIGGER refuse_removal BEFORE DELETE ON customers BEGIN
                     SELECT RAISE(ABORT, 'refused for the test');
                 END;",
            )
            .unwrap();
        let err = store.merge_customers(&request(keep, other, "both"), None, t0()).unwrap_err();
        assert_eq!(err.kind(), "database");
        assert_eq!(snapshot(&store), before);

        store.connection().execute_batch("DROP TRIGGER refuse_removal").unwrap();
        store.merge_customers(&request(keep, other, "both"), None, t0()).unwrap();
        assert_eq!(count(&store, &format!("SELECT customer_id FROM incidents WHERE id = {moved}")), keep);
        assert_eq!(store.customer(keep).unwrap().email, "", "the kept card's own (empty) e-mail was picked");
    }
}

/// How long finding the possible duplicates takes on a big shop: the 100k-incident sample
/// (30k customers), as generated, and with a phone number taken off every other card (so the
/// names are compared too). Run with `cargo test --release -p mend-core --test store -- --ignored
/// --nocapture big_shop`.
#[test]
#[ignore = "generates a 100k-incident shop: run by hand"]
fn big_shop_duplicates_are_found_fast() {
    let mut store = Store::open_in_memory().unwrap();
    store.generate_sample(100_000, 2026, t0()).unwrap();
    let time = |store: &Store| {
        let mut best = std::time::Duration::MAX;
        let mut total = 0;
        for _ in 0..5 {
            let start = std::time::Instant::now();
            total = store.likely_duplicates(50).unwrap().total;
            best = best.min(start.elapsed());
        }
        (best, total)
    };
    let (took, total) = time(&store);
    println!("{} customers: {total} pairs in {took:?}", store.customer_count().unwrap());
    let list = store.likely_duplicates(200).unwrap();
    let mut kinds: std::collections::BTreeMap<Vec<Reason>, usize> = Default::default();
    for p in &list.pairs {
        *kinds.entry(p.reasons.clone()).or_default() += 1;
    }
    println!("the first 200 by reasons: {kinds:?}; first: {:?}", list.pairs.first());
    let start = std::time::Instant::now();
    let rows: Vec<(i64, String, String, String)> = store
        .connection()
        .prepare("SELECT id, name, phone_digits, email FROM customers")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    println!("reading the {} cards alone: {:?}", rows.len(), start.elapsed());

    // Names of many shapes (the sample has few names, each on many cards), and half the
    // cards without a phone number and e-mail address, so names are compared as well.
    let mut rng = mend_core::domain::sample::Rng::new(7);
    let syllables = [
        "an", "ber", "co", "dal", "en", "fi", "gor", "ha", "is", "jo", "ka", "lin", "mo", "nel", "or", "pa", "qui",
        "ros", "sa", "tor", "ul", "va", "wen", "xi", "yo", "zan",
    ];
    let given = [
        "Anna", "Ben", "Chloé", "Dev", "Ewa", "Farid", "Greta", "Hugo", "Inès", "Jonas", "Kai", "Lena", "Maya", "Noah",
        "Olga", "Priya", "Quinn", "Rosa", "Sami", "Tomás", "Uma", "Vera", "Wim", "Yara", "Zoë",
    ];
    let tx = store.connection().unchecked_transaction().unwrap();
    for id in 1..=30_000i64 {
        let parts = 2 + rng.below(2);
        let mut family: String = (0..parts).map(|_| *rng.pick(&syllables)).collect();
        family[..1].make_ascii_uppercase();
        let name = format!("{} {family}", rng.pick(&given));
        let bare = id % 2 == 0;
        tx.execute(
            "UPDATE customers SET name = ?1, phone = CASE WHEN ?2 THEN '' ELSE phone END,
                    phone_digits = CASE WHEN ?2 THEN '' ELSE phone_digits END,
                    email = CASE WHEN ?2 THEN '' ELSE 'c' || id || '@example.com' END WHERE id = ?3",
            rusqlite::params![name, bare, id],
        )
        .unwrap();
    }
    tx.commit().unwrap();
    let (took_names, total_names) = time(&store);
    println!("varied names, half without phone or e-mail: {total_names} pairs in {took_names:?}");
    println!("{:?}", store.likely_duplicates(3).unwrap().pairs.iter().map(|p| &p.reason).collect::<Vec<_>>());
    // The target holds for the optimised build, which the app ships; a debug build of the core
    // is several times slower.
    if !cfg!(debug_assertions) {
        let limit = std::time::Duration::from_millis(200);
        assert!(took < limit && took_names < limit, "{took:?} and {took_names:?}");
    }
}

/// The sample shop (the demo, the tests' shops) holds no duplicates of its own making: real
/// shops' duplicates are the same person twice, not a generator reusing names and addresses.
#[test]
fn the_sample_shop_has_few_possible_duplicates() {
    let mut store = Store::open_in_memory().unwrap();
    store.generate_sample(2000, 3, "2026-11-24T09:30:00Z".parse().unwrap()).unwrap();
    let list = store.likely_duplicates(20).unwrap();
    assert!(list.total <= 6, "{} possible duplicates in a 600-customer sample: {:?}", list.total, list.pairs);
}
