//! `jelly next` end to end: a small network whose figures are worked out by
//! hand below, the explanation, and bad input (exit 2).

use crate::harness::*;

/// Three villages on the equator, one degree apart; detour factor 1.5.
/// One road distance a–c (200 km), one session held at vb in January.
fn fixture() -> TestEnv {
    TestEnv::with_files(&[
        (
            "jelly.toml",
            "[rotation]\nobjective = \"total\"\ncooldown = 1\ndetour_factor = 1.5\n",
        ),
        (
            "villages.toml",
            "[[village]]\nid = \"a\"\nname = \"Aigues\"\nlat = 0.0\nlon = 0.0\n\n\
             [[village]]\nid = \"b\"\nname = \"Bessèges\"\nlat = 0.0\nlon = 1.0\n\n\
             [[village]]\nid = \"c\"\nname = \"Cendras\"\nlat = 0.0\nlon = 2.0\n",
        ),
        (
            "venues.toml",
            "[[venue]]\nid = \"va\"\nname = \"Salle A\"\nvillage = \"a\"\n\n\
             [[venue]]\nid = \"vb\"\nname = \"Salle B\"\nvillage = \"b\"\ncapacity = 3\n\n\
             [[venue]]\nid = \"vc\"\nname = \"Salle C\"\nvillage = \"c\"\nlat = 0.0\nlon = 2.0\n\n\
             [[venue]]\nid = \"vd\"\nname = \"Salle D\"\nvillage = \"a\"\nactive = false\n",
        ),
        (
            "participants.toml",
            "[[participant]]\nid = \"p1\"\nname = \"P1\"\nvillage = \"a\"\nmax_km = 100\n\n\
             [[participant]]\nid = \"p2\"\nname = \"P2\"\nvillage = \"a\"\n\n\
             [[participant]]\nid = \"p3\"\nname = \"P3\"\nvillage = \"c\"\nmax_km = 50\n\n\
             [[participant]]\nid = \"p4\"\nname = \"P4\"\nvillage = \"b\"\n\n\
             [[participant]]\nid = \"p5\"\nname = \"P5\"\nvillage = \"c\"\nactive = false\n",
        ),
        (
            "distances.toml",
            "[[route]]\nfrom = \"c\"\nto = \"a\"\nkm = 200.0\n",
        ),
        (
            "events/2026-01-10-b.toml",
            "date = 2026-01-10T18:00:00\nvenue = \"vb\"\nstatus = \"held\"\n\
             invited = [\"p1\", \"p2\", \"p3\", \"p4\"]\nattended = [\"p1\", \"p2\"]\n",
        ),
    ])
}

/// One degree of the equator, times the detour factor.
fn step() -> f64 {
    1.5 * 6371.0088 * std::f64::consts::PI / 180.0
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * b.abs().max(1.0)
}

fn json(env: &TestEnv, args: &[&str]) -> serde_json::Value {
    env.json(&[&["next"], args].concat())
}

#[test]
fn next_json_ranks_the_hand_computed_fixture() {
    let env = fixture();
    let k = step();
    let v = json(&env, &["--date", "2026-02-01"]);
    assert_eq!(v["date"], "2026-02-01T00:00:00");
    assert_eq!(v["objective"], "total");
    // p5 is inactive: four travellers.
    assert_eq!(v["participants"], 4);
    // p1 and p2 came to their only session, p3 and p4 did not: 1 + 1 + 0 + 0.
    assert!(close(v["expected_attendance"].as_f64().unwrap(), 2.0));
    assert_eq!(v["choice"], "va");
    // va (village a): p1 0, p2 0, p3 200 by road, p4 one step; only p3 (50) beyond.
    // vc (its own point at c, so the road a–c does not apply): p1 and p2 two
    //   steps, p3 0, p4 one step; p1 (100 < 2 steps) beyond.
    // vd: as va but inactive. vb: three steps in all, in cooldown (last session).
    let expected = [
        ("va", "a", 200.0 + k, 200.0, 1, true, None),
        ("vc", "c", 5.0 * k, 2.0 * k, 1, true, None),
        ("vd", "a", 200.0 + k, 200.0, 1, false, Some("inactive")),
        ("vb", "b", 3.0 * k, k, 2, false, Some("cooldown")),
    ];
    let candidates = v["candidates"].as_array().unwrap();
    assert_eq!(candidates.len(), expected.len());
    for (c, (venue, village, total, max, beyond, eligible, excluded)) in
        candidates.iter().zip(expected)
    {
        assert_eq!(c["venue"], venue);
        assert_eq!(c["village"], village);
        assert!(close(c["total_km"].as_f64().unwrap(), total), "{c}");
        assert!(close(c["mean_km"].as_f64().unwrap(), total / 4.0), "{c}");
        assert!(close(c["max_km"].as_f64().unwrap(), max), "{c}");
        assert_eq!(c["beyond_limit"], beyond, "{c}");
        assert_eq!(c["eligible"], eligible, "{c}");
        match excluded {
            Some(reason) => assert_eq!(c["excluded"], reason),
            None => assert!(c["excluded"].is_null()),
        }
    }
}

#[test]
fn next_objectives_and_their_tie_breaks() {
    let env = fixture();
    let order = |v: &serde_json::Value| -> Vec<String> {
        column(&v["candidates"], "venue")
            .into_iter()
            .map(String::from)
            .collect()
    };
    // fair: va's longest journey (200) beats vc's (two steps, 333.6); among
    // the excluded, vb's (one step, 166.8) beats vd's (200).
    let fair = json(&env, &["--date", "2026-02-01", "--objective", "fair"]);
    assert_eq!(fair["objective"], "fair");
    assert_eq!(order(&fair), ["va", "vc", "vb", "vd"]);
    // coverage: va and vc both leave one person beyond; total decides.
    let coverage = json(&env, &["--date", "2026-02-01", "--objective", "coverage"]);
    assert_eq!(order(&coverage), ["va", "vc", "vd", "vb"]);
    // Before the January session there is no history: the capacity of vb
    // (3) is checked against the prior's forecast, which rests on no data,
    // so it never excludes it.
    let before = json(&env, &["--date", "2026-01-01"]);
    assert_eq!(before["capacity_enforced"], false);
    let vb = find(&before["candidates"], "venue", "vb");
    assert_eq!(vb["eligible"], true, "{vb}");
    assert!(vb["excluded"].is_null(), "{vb}");
}

#[test]
fn next_explains_the_choice_in_french_by_default_and_in_english() {
    let env = fixture();
    let text = env.ok(&["next", "--date", "2026-02-01"]);
    env.golden("next-fixture-fr", &text);
    // 200 + 166.8 = 366.8 km, 91.7 on average. Too little history: the
    // forecast rests on the prior, and its interval stays open.
    assert!(
        text.starts_with(
            "Salle A (Aigues) : 367 km au total pour 4 personnes (92 km en moyenne) ; \
             1 personne au-delà de sa distance maximale. \
             On y attend "
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "Salle D exclu : lieu inactif. \
             Salle B exclu : village de la dernière session (Bessèges)."
        ),
        "{text}"
    );
    assert!(!text.contains("exactement"), "{text}");
    for cell in [
        "366,8",
        "91,7",
        "333,6",
        "session récente à Bessèges",
        "2026-01-10",
        "inactif",
    ] {
        assert!(text.contains(cell), "{cell} missing from\n{text}");
    }

    let text = env.ok(&["--lang", "en", "next", "--date", "2026-02-01", "--top", "2"]);
    env.golden("next-fixture-en-top2", &text);
    assert!(
        text.starts_with(
            "Salle A (Aigues): 367 km in all for 4 people (92 km on average); \
             1 person beyond their maximum distance."
        ),
        "{text}"
    );
    assert!(text.contains("total km"), "{text}");
    assert!(text.contains("vc"), "{text}");
    assert!(!text.contains("│ vd"), "--top 2 shows two rows\n{text}");
    assert!(text.contains("… and 2 more venues"), "{text}");
}

#[test]
fn next_with_only_inactive_venues_has_no_choice_and_says_why() {
    let env = fixture();
    env.write(
        "venues.toml",
        "[[venue]]\nid = \"va\"\nname = \"Salle A\"\nvillage = \"a\"\nactive = false\n\n\
         [[venue]]\nid = \"vb\"\nname = \"Salle B\"\nvillage = \"b\"\nactive = false\n",
    );
    let v = json(&env, &["--date", "2026-02-01"]);
    assert!(v["choice"].is_null());
    assert_eq!(
        column(&v["candidates"], "excluded"),
        ["inactive", "inactive"]
    );
    let text = env.ok(&["next", "--date", "2026-02-01"]);
    assert!(
        text.starts_with("Aucun lieu n'est possible à cette date."),
        "{text}"
    );
}

#[test]
fn next_with_a_small_venue_and_little_history_warns_instead_of_excluding() {
    let env = fixture();
    env.write(
        "venues.toml",
        "[[venue]]\nid = \"va\"\nname = \"Salle A\"\nvillage = \"a\"\nactive = false\n\n\
         [[venue]]\nid = \"vb\"\nname = \"Salle B\"\nvillage = \"b\"\n\n\
         [[venue]]\nid = \"vc\"\nname = \"Salle C\"\nvillage = \"c\"\ncapacity = 0\n",
    );
    // One held session: a capacity below the forecast is a warning, vc is
    // chosen (vb is in cooldown, va inactive).
    let v = json(&env, &["--date", "2026-02-01"]);
    assert_eq!(v["choice"], "vc");
    let excluded: Vec<String> = v["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["excluded"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(excluded, ["", "inactive", "cooldown"]);
    assert_eq!(
        find(&v["candidates"], "venue", "vc")["warnings"][0],
        "capacity"
    );
    let text = env.ok(&["next", "--date", "2026-02-01"]);
    assert!(text.starts_with("Salle C (Cendras)"), "{text}");
    assert!(
        text.contains("Attention : Salle C a 0 place pour"),
        "{text}"
    );
    assert!(text.contains("attention : 0 place <"), "{text}");
}

#[test]
fn next_rejects_an_unknown_objective_with_exit_2() {
    let env = fixture();
    let out = env.output(&["next", "--objective", "cheapest"]);
    let err = &out.stderr;
    assert_eq!(out.code, Some(2), "{err}");
    assert!(err.contains("--objective"), "{err}");
    assert!(
        err.contains("cheapest") && err.contains("total, fair, coverage"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn next_rejects_a_malformed_date_with_exit_2() {
    let env = fixture();
    let err = env.fails(2, &["--lang", "en", "next", "--date", "2026-13-45"]);
    assert!(
        err.starts_with("--date: invalid date `2026-13-45`"),
        "{err}"
    );
}

#[test]
fn next_rejects_a_route_to_an_unknown_village_with_exit_2() {
    let env = fixture();
    env.write(
        "distances.toml",
        "[[route]]\nfrom = \"c\"\nto = \"a\"\nkm = 200.0\n\n[[route]]\nfrom = \"a\"\nto = \"bb\"\nkm = 12.0\n",
    );
    let out = env.output(&["--lang", "en", "next", "--date", "2026-02-01"]);
    let err = &out.stderr;
    assert_eq!(out.code, Some(2), "{err}");
    assert!(
        err.contains("distances.toml:8:6: unknown village `bb`; closest: `b`"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn next_on_the_demo_reads_as_before() {
    let env = TestEnv::demo().at(NOW);
    env.golden("next-demo", &env.ok(&["next"]));
    env.golden("next-demo-en", &env.ok(&["--lang", "en", "next"]));
}

/// Issue 24 §3: `next` names the venues; its last column gives the id, and
/// `schedule --venue` takes the name as `next` shows it, whatever the
/// accents and case, as well as the id.
#[test]
fn next_names_venues_and_schedule_takes_a_venue_name() {
    let env = TestEnv::demo().at(NOW);
    let table = env.ok(&["next", "--top", "3"]);
    assert!(
        table.contains("┆ Salle polyvalente de Saint-Christol ┆"),
        "{table}"
    );
    assert!(table.contains("┆ saint-christol-salle"), "{table}");
    let (out, _) = env.ok_with_stderr(&[
        "schedule",
        "--date",
        "2027-02-04T18:30",
        "--venue",
        "mediatheque de VEZENOBRES",
    ]);
    assert!(out.contains("vezenobres"), "{out}");
    let session = std::fs::read_dir(env.file("events"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("2027-02-04"))
        .expect("the session file");
    let text = std::fs::read_to_string(session).unwrap();
    assert!(
        text.contains("venue = \"vezenobres-mediatheque\""),
        "{text}"
    );
    // A name no venue has is refused, with the nearest id.
    let err = env.fails(
        2,
        &[
            "schedule",
            "--date",
            "2027-02-11T18:30",
            "--venue",
            "Salle des fêtes",
        ],
    );
    assert!(err.contains("« Salle des fêtes » inconnu"), "{err}");
}
