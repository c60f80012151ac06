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
    let out = env.output(&["forecast", &id, "--format", "json"]);
    let stderr = out.stderr.clone();
    let json: serde_json::Value = serde_json::from_str(&out.ok()).unwrap();
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
    let text = env.ok(&["forecast", &id]);
    assert!(
        text.contains(&format!("de {low} à {high}, à 80 %"))
            && text.contains("sur 21 invités")
            && text.contains("En dessous du quorum de 20."),
        "{text}"
    );

    // A "no" counts as 0: the forecast drops; the answers are counted.
    env.ok(&["rsvp", &id, "sebastien", "no"]);
    env.ok(&["rsvp", &id, "valerie", "yes"]);
    let after = env.json(&["forecast", &id]);
    assert_eq!(
        (
            after["answered_no"].as_u64(),
            after["answered_yes"].as_u64()
        ),
        (Some(1), Some(1))
    );
    let text = env.ok(&["--lang", "en", "forecast", &id]);
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
    let out = env.output(&["next", "--date", "2026-12-03T18:30"]);
    assert!(
        out.stderr.contains("Télécentre d'Alès le 2026-12-03")
            && out.stderr.contains("moins que le quorum de 30"),
        "{}",
        out.stderr
    );
    assert!(out.success());
    let out = env.output(&["schedule", "--date", "2026-12-03T18:30"]);
    assert!(
        out.stderr.contains("moins que le quorum de 30"),
        "{}",
        out.stderr
    );
    assert!(out.success());
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
    assert_eq!(out.ok(), "2026-12-03-anduze\n");
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
