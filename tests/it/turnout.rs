//! The turnout forecast end to end: `jelly forecast`, `jelly stats --model`,
//! the quorum warnings of `next` and `schedule`.

use crate::harness::*;

const NOW: &str = "2026-11-01T12:00";

fn demo_with_quorum(quorum: u32) -> TestEnv {
    let env = TestEnv::demo().at(NOW);
    env.edit(
        "jelly.toml",
        "every = \"8w\"\n",
        &format!("every = \"8w\"\nquorum = {quorum}\n"),
    );
    env
}

#[test]
fn forecast_gives_the_expected_turnout_its_interval_and_the_quorum() {
    let env = demo_with_quorum(20);
    let id = env.schedule("2026-12-03T18:30", Some("anduze-mediatheque"), None);
    let (out, stderr) = env.ok_with_stderr(&["forecast", &id, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let expected = json["expected_turnout"].as_f64().unwrap();
    let (low, high) = (
        json["low"].as_f64().unwrap(),
        json["high"].as_f64().unwrap(),
    );
    assert!(low <= expected && expected <= high, "{json}");
    assert!(expected > 3.0 && expected < 15.0, "{json}");
    assert_eq!(json["quorum"], 20);
    assert_eq!(json["below_quorum"], true);
    assert_eq!(json["invited"], 21);
    assert_eq!(json["basis"]["kind"], "model");
    assert_eq!(json["sessions"], 12);
    // Warned on stderr, exit 0.
    assert!(
        stderr.contains("à Médiathèque d'Anduze le 2026-12-03")
            && stderr.contains("moins que le quorum de 20"),
        "{stderr}"
    );

    // The same figures in the sentence.
    let (text, err) = env.ok_with_stderr(&["forecast", &id]);
    assert_eq!(err, stderr, "the same warning");
    assert!(
        text.contains(&format!("de {low} à {high}, à 80 %"))
            && text.contains("sur 21 invités")
            && text.contains("En dessous du quorum de 20."),
        "{text}"
    );

    // A "no" counts as 0: the forecast drops; the answers are counted.
    env.ok(&["rsvp", &id, "sebastien", "no"]);
    env.ok(&["rsvp", &id, "valerie", "yes"]);
    let (after, err) = env.ok_with_stderr(&["--format", "json", "forecast", &id]);
    assert!(err.contains("moins que le quorum de 20"), "{err}");
    let after: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(
        (
            after["answered_no"].as_u64(),
            after["answered_yes"].as_u64()
        ),
        (Some(1), Some(1))
    );
    let (text, err) = env.ok_with_stderr(&["--lang", "en", "forecast", &id]);
    assert!(err.contains("quorum"), "{err}");
    assert!(
        text.contains("Answers received: 1 yes, 1 no, 0 maybe"),
        "{text}"
    );
}

#[test]
fn forecast_of_an_unknown_session_exits_2() {
    let env = TestEnv::demo().at(NOW);
    let err = env.fails(2, &["forecast", "2026-12-03-nowhere"]);
    assert!(err.contains("2026-12-03-nowhere"), "{err}");
}

#[test]
fn quorum_is_met_without_a_warning() {
    let env = demo_with_quorum(2);
    let id = env.schedule("2026-12-03T18:30", Some("ales-telecentre"), None);
    let out = env.output(&["forecast", &id]);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    assert!(out.ok().contains("Le quorum de 2 est atteint en moyenne."));
}

#[test]
fn next_and_schedule_warn_when_the_choice_is_under_the_quorum() {
    let env = demo_with_quorum(30);
    let (out, err) = env.ok_with_stderr(&["next", "--date", "2026-12-03T18:30"]);
    assert!(
        err.contains("Télécentre d'Alès le 2026-12-03")
            && err.contains("moins que le quorum de 30"),
        "{err}"
    );
    assert!(out.starts_with("Télécentre d'Alès"), "{out}");
    let (out, err) = env.ok_with_stderr(&["schedule", "--date", "2026-12-03T18:30"]);
    assert!(err.contains("moins que le quorum de 30"), "{err}");
    assert_eq!(out, "2026-12-03-ales\n");
}

#[test]
fn schedule_with_a_venue_warns_when_that_venue_is_under_the_quorum() {
    let at = |quorum: u32, venue: &str| {
        demo_with_quorum(quorum).output(&[
            "schedule",
            "--date",
            "2026-12-03T18:30",
            "--venue",
            venue,
        ])
    };
    let out = at(20, "anduze-mediatheque");
    assert!(
        out.stderr.contains("à Médiathèque d'Anduze le 2026-12-03")
            && out.stderr.contains("moins que le quorum de 20"),
        "{}",
        out.stderr
    );
    assert_eq!(out.ok_with_stderr().0, "2026-12-03-anduze\n");
    // A venue whose expected turnout reaches the quorum: no warning.
    let out = at(2, "ales-telecentre");
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    assert_eq!(out.ok(), "2026-12-03-ales\n");
}

#[test]
fn next_objective_turnout_picks_the_largest_expected_turnout() {
    let env = TestEnv::demo().at(NOW);
    let json = env.json(&["next", "--objective", "turnout", "--date", "2026-12-03"]);
    let eligible: Vec<&serde_json::Value> = json["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["eligible"] == true)
        .collect();
    let best = eligible
        .iter()
        .map(|c| c["expected_turnout"].as_f64().unwrap())
        .fold(0.0, f64::max);
    assert_eq!(eligible[0]["expected_turnout"].as_f64().unwrap(), best);
    assert_eq!(json["choice"], eligible[0]["venue"]);
}

#[test]
fn stats_model_says_the_distance_effect_in_words_with_the_calibration() {
    let env = TestEnv::demo().at(NOW);
    let text = env.ok(&["stats", "--model"]);
    assert!(
        text.contains("Appris sur 12 sessions tenues : 180 invitations de 22 personnes."),
        "{text}"
    );
    assert!(
        text.contains("Chaque tranche de 10 km fait baisser la chance de venir de"),
        "{text}"
    );
    assert!(text.contains("Calibration"), "{text}");
    let json = env.json(&["stats", "--model"]);
    assert_eq!(json["basis"]["kind"], "model");
    assert!(json["points_per_10_km"].as_f64().unwrap() < 0.0);
    let bands = json["calibration"].as_array().unwrap();
    assert_eq!(bands.len(), 4);
    let sum = |key: &str| -> f64 { bands.iter().map(|b| b[key].as_f64().unwrap()).sum() };
    assert_eq!(sum("invitations"), 180.0);
    // Every attendance of the twelve held sessions, once.
    let attended: usize = env
        .files_in("events")
        .iter()
        .map(|f| {
            let table: toml::Table = std::fs::read_to_string(f).unwrap().parse().unwrap();
            table
                .get("attended")
                .and_then(|a| a.as_array())
                .map_or(0, |a| a.len())
        })
        .sum();
    assert_eq!(sum("observed"), attended as f64);
    let text = env.ok(&["--lang", "en", "stats", "--model"]);
    assert!(
        text.contains("Each 10 km lowers the chance of coming by"),
        "{text}"
    );
}

#[test]
fn stats_model_rests_on_the_prior_with_little_history() {
    let env = TestEnv::demo().at("2012-07-01T00:00");
    let text = env.ok(&["stats", "--model"]);
    assert!(
        text.contains(
            "Trop peu d'historique (3 sessions tenues, moins de 4) : la prévision \
             repose surtout sur l'hypothèse de départ, 40\u{a0}% de chances"
        ),
        "{text}"
    );
    // Three sessions: no calibration table, and the text says why.
    assert!(
        text.contains(
            "Pas de tableau de calibration : il faut au moins 8 sessions tenues, il y en a 3."
        ),
        "{text}"
    );
    let json = env.json(&["--lang", "en", "stats", "--model"]);
    assert_eq!(json["basis"]["kind"], "prior");
    assert_eq!(json["sessions"], 3);
    assert_eq!(json["calibration"].as_array().unwrap().len(), 0);
}

/// The forecast's expected turnout and 80 % interval on a small history,
/// once everyone has answered: a yes counts the history's share of yeses
/// that came (9 in 10 with no yes in the history), a no 0, and the model's
/// own uncertainty does not enter (answers do not move with it: see
/// docs/turnout.md). Recomputed here by brute force: every one of the 2^9
/// ways the nine invited may come or not, weighed, then the 10th and 90th
/// percentiles (the smallest counts whose cumulative probability reaches
/// 0.1 and 0.9).
#[test]
fn the_forecast_interval_matches_a_brute_force_enumeration() {
    let people = ["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"];
    let mut participants = String::new();
    for id in people {
        participants.push_str(&format!(
            "[[participant]]\nid = \"{id}\"\nname = \"{id}\"\nvillage = \"anduze\"\nemail = \"{id}@example.org\"\n\n"
        ));
    }
    // Three held sessions; p9 was never invited (counts 1).
    let invited = r#"["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"]"#;
    let attended = [
        r#"["p1", "p2", "p3", "p4"]"#,
        r#"["p1", "p2", "p5"]"#,
        r#"["p1", "p6", "p7"]"#,
    ];
    let mut files = vec![
        (
            "villages.toml".to_string(),
            "[[village]]\nid = \"anduze\"\nname = \"Anduze\"\nlat = 44.055\nlon = 3.98495\n"
                .to_string(),
        ),
        (
            "venues.toml".to_string(),
            "[[venue]]\nid = \"v-anduze\"\nname = \"Médiathèque\"\nvillage = \"anduze\"\n"
                .to_string(),
        ),
        ("participants.toml".to_string(), participants),
    ];
    for (i, came) in attended.iter().enumerate() {
        files.push((
            format!("events/2026-0{}-10-anduze.toml", i + 1),
            format!(
                "date = 2026-0{}-10T18:30:00\nvenue = \"v-anduze\"\nstatus = \"held\"\ninvited = {invited}\nattended = {came}\n",
                i + 1
            ),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let env = TestEnv::with_files(&files);
    let id = env.schedule("2026-12-03T18:30", Some("v-anduze"), None);
    // p1–p5 say yes, p6–p9 no.
    for (k, p) in people.iter().enumerate() {
        env.ok(&["rsvp", &id, p, if k < 5 { "yes" } else { "no" }]);
    }
    let json = env.json(&["forecast", &id]);
    assert_eq!(json["basis"]["kind"], "prior", "{json}");

    let chance: Vec<f64> = (0..people.len())
        .map(|k| if k < 5 { 0.9 } else { 0.0 })
        .collect();
    let mut pmf = vec![0.0; people.len() + 1];
    for outcome in 0u32..(1 << people.len()) {
        let mut weight = 1.0;
        for (k, p) in chance.iter().enumerate() {
            weight *= if outcome & (1 << k) != 0 { *p } else { 1.0 - p };
        }
        pmf[outcome.count_ones() as usize] += weight;
    }
    let percentile = |q: f64| {
        let mut cumulative = 0.0;
        pmf.iter()
            .position(|p| {
                cumulative += p;
                cumulative >= q - 1e-12
            })
            .unwrap() as u64
    };
    let expected: f64 = chance.iter().sum();
    assert!(
        (json["expected_turnout"].as_f64().unwrap() - expected).abs() < 1e-9,
        "{json}"
    );
    assert_eq!(
        json["low"].as_u64(),
        Some(percentile(0.1)),
        "{json} {pmf:?}"
    );
    assert_eq!(
        json["high"].as_u64(),
        Some(percentile(0.9)),
        "{json} {pmf:?}"
    );
    assert_eq!(json["invited"], 9);
}

/// The figures behind the sentence of `stats --model` (README.md): the
/// history counted here from the demo's session files, and the chances
/// recomputed from the fitted coefficients with the logistic function (the
/// fit itself is checked against statsmodels by tests/turnout/check_fit.py).
#[test]
fn stats_model_figures_follow_from_the_history_and_the_fit() {
    let env = TestEnv::demo();
    let json = env.json(&["stats", "--model"]);
    let mut sessions = 0;
    let mut invitations = 0;
    let mut people = std::collections::BTreeSet::new();
    for path in env.files_in("events") {
        let session: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
        if session["status"].as_str() != Some("held") {
            continue;
        }
        sessions += 1;
        for id in strings(&session["invited"]) {
            invitations += 1;
            people.insert(id);
        }
    }
    assert_eq!(json["sessions"], sessions);
    assert_eq!(json["invitations"], invitations);
    assert_eq!(json["people"], people.len());
    let (a, b) = (
        json["basis"]["intercept"].as_f64().unwrap(),
        json["basis"]["per_10_km"].as_f64().unwrap(),
    );
    let km = json["typical_km"].as_f64().unwrap();
    let chance = |km: f64| 1.0 / (1.0 + (-(a + b * km / 10.0)).exp());
    let close = |field: &str, value: f64| {
        let got = json[field].as_f64().unwrap();
        assert!(
            (got - value).abs() < 1e-9,
            "{field}: {got}, computed {value}"
        );
    };
    close("chance_at_typical_km", chance(km));
    close("chance_10_km_further", chance(km + 10.0));
    close("points_per_10_km", 100.0 * (chance(km + 10.0) - chance(km)));
    // The README's sentence, in its words: « de 15,6 points pour un membre
    // typique (de 56 % à 20 km à 40 % à 30 km) ».
    let text = env.ok(&["stats", "--model"]);
    let points = format!("{:.1}", -100.0 * (chance(km + 10.0) - chance(km))).replace('.', ",");
    let sentence = format!(
        "de {points} points pour un membre typique (de {:.0} % à {:.0} km à {:.0} % à {:.0} km)",
        100.0 * chance(km),
        km,
        100.0 * chance(km + 10.0),
        km + 10.0
    );
    let normalised = text.replace(['\u{202f}', '\u{a0}'], " ");
    assert!(normalised.contains(&sentence), "{sentence}\n{text}");
}
