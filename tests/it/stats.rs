//! `jelly stats` end to end, against figures computed by hand on a small
//! network; and `--format csv`, which only stats offers.

use crate::harness::*;
use serde_json::json;

/// Three villages on one meridian: 0.1° of latitude is 11.12 km, so with the
/// detour factor 1.3, a–b = 14.5 km, b–c = 28.9 km, a–c = 43.4 km, but a
/// road a–c of 25 km is known (the venues have no coordinates of their own,
/// so it applies).
fn network() -> TestEnv {
    let everyone = r#"invited = ["ann", "bob", "cat", "dan", "eve"]"#;
    TestEnv::with_files(&[
        (
            "villages.toml",
            "[[village]]\nid = \"a\"\nname = \"Aville\"\nlat = 44.0\nlon = 4.0\n\n\
             [[village]]\nid = \"b\"\nname = \"Bville\"\nlat = 44.1\nlon = 4.0\n\n\
             [[village]]\nid = \"c\"\nname = \"Cville\"\nlat = 44.3\nlon = 4.0\n",
        ),
        (
            "venues.toml",
            "[[venue]]\nid = \"va\"\nname = \"Salle A\"\nvillage = \"a\"\n\n\
             [[venue]]\nid = \"vb\"\nname = \"Salle B\"\nvillage = \"b\"\n",
        ),
        (
            "participants.toml",
            "[[participant]]\nid = \"ann\"\nname = \"Ann\"\nvillage = \"a\"\n\n\
             [[participant]]\nid = \"bob\"\nname = \"Bob\"\nvillage = \"a\"\n\n\
             [[participant]]\nid = \"cat\"\nname = \"Cat\"\nvillage = \"b\"\n\n\
             [[participant]]\nid = \"dan\"\nname = \"Dan\"\nvillage = \"c\"\n\n\
             [[participant]]\nid = \"eve\"\nname = \"Eve\"\nvillage = \"c\"\nactive = false\n",
        ),
        (
            "distances.toml",
            "[[route]]\nfrom = \"c\"\nto = \"a\"\nkm = 25.0\n",
        ),
        (
            "events/2019-11-01-a.toml",
            &format!("date = 2019-11-01T18:00:00\nvenue = \"va\"\nstatus = \"held\"\n{everyone}\nattended = [\"ann\", \"bob\", \"eve\"]\n"),
        ),
        (
            "events/2020-03-01-b.toml",
            &format!("date = 2020-03-01T18:00:00\nvenue = \"vb\"\nstatus = \"held\"\n{everyone}\nattended = [\"ann\", \"cat\", \"dan\"]\n\n[rsvp]\nann = {{ answer = \"yes\" }}\nbob = {{ answer = \"no\" }}\ncat = {{ answer = \"yes\" }}\n"),
        ),
        (
            "events/2020-04-01-a.toml",
            &format!("date = 2020-04-01T18:00:00\nvenue = \"va\"\nstatus = \"cancelled\"\n{everyone}\n"),
        ),
        (
            // Dan came without being on the invited list.
            "events/2020-05-01-a.toml",
            "date = 2020-05-01T18:00:00\nvenue = \"va\"\nstatus = \"held\"\ninvited = [\"ann\", \"bob\", \"cat\"]\nattended = [\"ann\", \"dan\"]\n",
        ),
        (
            "events/2020-06-01-b.toml",
            &format!("date = 2020-06-01T18:00:00\nvenue = \"vb\"\nstatus = \"held\"\n{everyone}\nattended = [\"ann\", \"cat\"]\n"),
        ),
        (
            "events/2020-09-01-b.toml",
            &format!("date = 2020-09-01T18:00:00\nvenue = \"vb\"\nstatus = \"planned\"\n{everyone}\n"),
        ),
    ])
}

fn stats_json(env: &TestEnv, args: &[&str]) -> serde_json::Value {
    env.json(&[&["stats"], args].concat())
}

#[test]
fn stats_match_figures_computed_by_hand() {
    let env = network();
    env.ok(&["check"]);
    let stats = stats_json(&env, &["--drifting", "2"]);

    // Held sessions only (the cancelled and the planned one are left out).
    // Newcomers: 2019-11 ann, bob, eve; 2020-03 cat, dan; then nobody.
    let rows: Vec<serde_json::Value> = stats["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            json!([
                s["event"],
                s["village"],
                s["invited"],
                s["answered_yes"],
                s["came"],
                s["newcomers"],
                s["returning"]
            ])
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            json!(["2019-11-01-a", "a", 5, 0, 3, 3, 0]),
            json!(["2020-03-01-b", "b", 5, 2, 3, 2, 1]),
            json!(["2020-05-01-a", "a", 3, 0, 2, 0, 2]),
            json!(["2020-06-01-b", "b", 5, 0, 2, 0, 2]),
        ]
    );

    // 10 attendances in 4 sessions by 5 people; 5 of them by returning people.
    let overall = &stats["overall"];
    assert_eq!(overall["sessions"], 4);
    assert_eq!(overall["attendances"], 10);
    assert_eq!(overall["people"], 5);
    assert_eq!(overall["mean_attendance"], 2.5);
    assert_eq!(overall["loyalty"], 0.5);
    assert_eq!(overall["newcomers_per_session"], 1.25);
    assert_eq!(
        overall["per_year"],
        json!([
            {"year": 2019, "sessions": 1, "attendances": 3, "mean_attendance": 3.0, "newcomers": 3},
            {"year": 2020, "sessions": 3, "attendances": 7, "mean_attendance": 7.0 / 3.0, "newcomers": 2},
        ])
    );

    // Invitations = invited ∪ attended. a: ann 4/4, bob 1/4; b: cat 2/4;
    // c: dan 2/4 (one visit uninvited), eve 1/3.
    let villages: Vec<serde_json::Value> = stats["by_village"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            json!([
                v["village"],
                v["people"],
                v["invitations"],
                v["attended"],
                v["rate"]
            ])
        })
        .collect();
    assert_eq!(
        villages,
        vec![
            json!(["a", 2, 8, 5, 0.625]),
            json!(["b", 1, 4, 2, 0.5]),
            json!(["c", 2, 7, 3, 3.0 / 7.0]),
        ]
    );

    // Distances: 0 km at home, 14.5 km between a and b, 25 km by road from
    // c to venue va, 28.9 km from c to vb.
    // 0-10:  ann, bob at va (×2: 2019-11, 2020-05) → 4 inv, 3 came;
    //        cat at vb (×2) → 2 inv, 2 came.                        = 6, 5
    // 10-20: ann, bob at vb (×2) → 4 inv, 2 came (ann);
    //        cat at va (×2) → 2 inv, 0 came.                        = 6, 2
    // 20-40: dan, eve at va 2019 (eve came), dan at va 2020-05 (came),
    //        dan, eve at vb (×2) (dan came 2020-03).                = 7, 3
    let bands: Vec<serde_json::Value> = stats["by_distance"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| json!([b["band"], b["invitations"], b["attended"]]))
        .collect();
    assert_eq!(
        bands,
        vec![
            json!(["0-10", 6, 5]),
            json!(["10-20", 6, 2]),
            json!(["20-40", 7, 3]),
            json!(["40+", 0, 0]),
        ]
    );
    assert_eq!(stats["by_distance"][3]["rate"], serde_json::Value::Null);

    // Last 2 sessions: ann, dan, cat. Before them: ann, bob, eve, cat, dan.
    // Bob is drifting away; Eve too, but she is inactive.
    assert_eq!(stats["drifting"]["last"], 2);
    assert_eq!(
        stats["drifting"]["people"],
        json!([{"participant": "bob", "name": "Bob", "village": "a", "sessions": 1,
                "last_event": "2019-11-01-a", "last_came": "2019-11-01"}])
    );
}

#[test]
fn stats_window_counts_newcomers_against_the_whole_history() {
    let env = network();
    let stats = stats_json(&env, &["--from", "2020-03-01", "--to", "2020-05-01"]);
    let ids = column(&stats["sessions"], "event");
    // --to with a date alone includes that whole day (the 18:00 session).
    assert_eq!(ids, ["2020-03-01-b", "2020-05-01-a"]);
    // Ann came in 2019: she returns in March, not a newcomer.
    assert_eq!(stats["sessions"][0]["newcomers"], 2);
    assert_eq!(stats["overall"]["loyalty"], 0.6);
    assert_eq!(stats["from"], "2020-03-01T00:00:00");
    assert_eq!(stats["to"], "2020-05-01T23:59:59");
    // Default N = 3 with 2 sessions counted: nobody can be drifting.
    assert_eq!(stats["drifting"]["people"], json!([]));

    let empty = stats_json(&env, &["--from", "2030-01-01"]);
    assert_eq!(empty["overall"]["sessions"], 0);
    assert_eq!(empty["overall"]["mean_attendance"], serde_json::Value::Null);
}

#[test]
fn stats_table_and_csv() {
    let env = network();
    let text = env.ok(&["--lang", "en", "stats"]);
    env.golden("stats-en", &text);
    env.golden("stats-fr", &env.ok(&["stats"]));
    for expected in [
        "Sessions held",
        "4 sessions, 10 attendances by 5 people; 2.5 present per session on average, 1.2 of them newcomers; loyalty: 50% of attendances are by returning people.",
        "Attendance rate by distance",
        "│ 10-20 ",
        "Drifting away: 1 person who came before",
        "│ bob ",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }

    assert_eq!(
        env.ok(&["--format", "csv", "stats", "--to", "2020-03-01"]),
        "date,event,venue,village,invited,answered_yes,came,newcomers,returning\r\n\
         2019-11-01T18:00:00,2019-11-01-a,va,a,5,0,3,3,0\r\n\
         2020-03-01T18:00:00,2020-03-01-b,vb,b,5,2,3,2,1\r\n"
    );
}

#[test]
fn csv_is_refused_by_other_commands_before_they_run() {
    let env = network();
    env.unchanged(|| {
        for args in [
            &["villages"][..],
            &["rsvp", "2020-09-01-b", "ann", "yes", "--now", "2020-08-01"][..],
        ] {
            let out = env.output(&[&["--format", "csv"], args].concat());
            assert_eq!(out.code, Some(2), "{args:?}");
            assert!(out.stderr.contains("--format csv"), "{}", out.stderr);
            assert!(out.stdout.is_empty());
        }
    });
}

#[test]
fn stats_bad_dates_exit_2_naming_the_flag() {
    let env = network();
    let err = env.fails(2, &["stats", "--from", "2020-13-01"]);
    assert!(err.starts_with("--from"), "{err}");
}

#[test]
fn stats_of_the_demo_association() {
    let env = TestEnv::demo();
    let stats = stats_json(&env, &[]);
    env.golden("stats-demo", &env.ok(&["stats"]));
    // 13 sessions in the demo, one of them cancelled.
    assert_eq!(stats["overall"]["sessions"], 12);
    let came: u64 = stats["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["came"].as_u64().unwrap())
        .sum();
    assert_eq!(stats["overall"]["attendances"], came);
    let newcomers: u64 = stats["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["newcomers"].as_u64().unwrap())
        .sum();
    // Everyone who ever came was a newcomer exactly once.
    assert_eq!(stats["overall"]["people"], newcomers);
}
