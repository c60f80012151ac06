//! A volunteer's first hour and a session's whole life (issue 20): a new
//! association with no history is not blocked by it, the rotation never
//! leaves nothing, scheduling does what the organiser meant.

use crate::harness::*;

const NOW: &str = "2027-01-10T10:00";

/// A Gers-like network: 38 villages on a grid about 12 km apart, four
/// telecentres of 25, 12, 8 and 18 seats, 41 members, no session yet.
fn gers() -> TestEnv {
    let mut villages = String::new();
    for k in 0..38 {
        let (i, j) = (k / 6, k % 6);
        villages.push_str(&format!(
            "[[village]]\nid = \"v{k}\"\nname = \"Village {k}\"\nlat = {:.4}\nlon = {:.4}\n\n",
            43.35 + i as f64 * 0.11,
            0.15 + j as f64 * 0.15
        ));
    }
    let venues = [
        ("tc-auch", "Télécentre d'Auch", "v20", 25),
        ("tc-condom", "Télécentre de Condom", "v3", 12),
        ("tc-mirande", "Télécentre de Mirande", "v33", 8),
        ("tc-lectoure", "Télécentre de Lectoure", "v10", 18),
    ]
    .iter()
    .map(|(id, name, village, seats)| {
        format!("[[venue]]\nid = \"{id}\"\nname = \"{name}\"\nvillage = \"{village}\"\ncapacity = {seats}\n\n")
    })
    .collect::<String>();
    let participants = (0..41)
        .map(|i| {
            format!(
                "[[participant]]\nid = \"p{i}\"\nname = \"Membre {i}\"\nvillage = \"v{}\"\n\n",
                (i * 7) % 38
            )
        })
        .collect::<String>();
    TestEnv::with_files(&[
        (
            "jelly.toml",
            "[association]\nname = \"Télétravailleurs du Gers\"\n",
        ),
        ("villages.toml", &villages),
        ("venues.toml", &venues),
        ("participants.toml", &participants),
    ])
    .at(NOW)
}

#[test]
fn a_new_association_gets_a_venue_from_the_prior_not_from_everyone_coming() {
    let env = gers();
    let v = env.json(&["next", "--date", "2027-02-04"]);
    assert!(v["choice"].is_string(), "{v}");
    assert_eq!(v["capacity_enforced"], false);
    for c in v["candidates"].as_array().unwrap() {
        assert_eq!(c["eligible"], true, "{c}");
        let expected = c["expected_turnout"].as_f64().unwrap();
        // The prior, not 41: 40 % from next door, less further away.
        assert!(expected > 1.0 && expected < 41.0 * 0.4, "{c}");
        // Thin data: an interval, never one number.
        assert!(
            c["turnout_low"].as_u64() < c["turnout_high"].as_u64(),
            "{c}"
        );
    }
    let text = env.ok(&["next", "--date", "2027-02-04"]);
    assert!(!text.contains("Aucun lieu"), "{text}");
    assert!(!text.contains("exactement"), "{text}");

    // schedule without --venue creates the session, at the default time.
    let (id, err) = env.ok_with_stderr(&["schedule", "--date", "2027-02-04"]);
    let id = id.trim();
    assert!(id.starts_with("2027-02-04-"), "{id}");
    assert!(err.contains("Lieu choisi"), "{err}");
    let event = env.event(id);
    assert_eq!(event["date"].to_string(), "2027-02-04T18:30:00");
}

#[test]
fn the_prior_is_overridable_in_rotation() {
    let env = gers();
    let default = env.json(&["next", "--date", "2027-02-04"]);
    env.edit(
        "jelly.toml",
        "[association]",
        "[rotation]\nexpected_turnout_rate = 0.8\nturnout_odds_per_10_km = 1.0\n\n[association]",
    );
    let high = env.json(&["next", "--date", "2027-02-04"]);
    let total = |v: &serde_json::Value| -> f64 {
        v["candidates"].as_array().unwrap()[0]["expected_turnout"]
            .as_f64()
            .unwrap()
    };
    // No distance effect and 80 % from anywhere: 0.8 × 41.
    assert!((total(&high) - 0.8 * 41.0).abs() < 1e-6, "{high}");
    assert!(total(&default) < total(&high));
    // Too large a rate, or a factor above 1, is a located error.
    env.edit(
        "jelly.toml",
        "expected_turnout_rate = 0.8",
        "expected_turnout_rate = 1.5",
    );
    let err = env.fails(2, &["next"]);
    assert!(err.contains("jelly.toml:2:"), "{err}");
    assert!(err.contains("expected_turnout_rate"), "{err}");
}

#[test]
fn one_held_session_does_not_collapse_the_interval() {
    let env = gers();
    env.ok_with_stderr(&[
        "schedule",
        "--date",
        "2027-02-04T18:30",
        "--venue",
        "tc-auch",
    ]);
    env.edit(
        "events/2027-02-04-v20.toml",
        "status = \"planned\"",
        "status = \"held\"",
    );
    let text = std::fs::read_to_string(env.file("events/2027-02-04-v20.toml")).unwrap();
    env.write(
        "events/2027-02-04-v20.toml",
        format!("{text}attended = [\"p0\", \"p1\", \"p2\"]\n"),
    );
    let env = env.at("2027-03-01T10:00");
    let v = env.json(&["next", "--date", "2027-03-04"]);
    for c in v["candidates"].as_array().unwrap() {
        assert!(
            c["turnout_low"].as_u64() < c["turnout_high"].as_u64(),
            "{c}"
        );
    }
    let text = env.ok(&["stats", "--model"]);
    assert!(
        text.contains("Trop peu d'historique (1 session tenue, moins de 4)"),
        "{text}"
    );
    // No "yes" in the history: no sentence about yeses.
    assert!(
        !text.contains("répondu oui") && !text.contains("réponses oui"),
        "{text}"
    );
}

fn single_venue() -> TestEnv {
    TestEnv::with_files(&[
        ("jelly.toml", "[association]\nname = \"Oasis\"\n"),
        (
            "villages.toml",
            "[[village]]\nid = \"chartres\"\nname = \"Chartres\"\nlat = 48.4469\nlon = 1.4892\n\n\
             [[village]]\nid = \"luce\"\nname = \"Lucé\"\nlat = 48.4383\nlon = 1.4650\n",
        ),
        (
            "venues.toml",
            "[[venue]]\nid = \"oasis\"\nname = \"L'Oasis\"\nvillage = \"chartres\"\n",
        ),
        (
            "participants.toml",
            "[[participant]]\nid = \"ana\"\nname = \"Ana\"\nvillage = \"chartres\"\n\n\
             [[participant]]\nid = \"bob\"\nname = \"Bob\"\nvillage = \"luce\"\n",
        ),
        (
            "events/2027-01-07-chartres.toml",
            "date = 2027-01-07T18:30:00\nvenue = \"oasis\"\nstatus = \"held\"\n\
             invited = [\"ana\", \"bob\"]\nattended = [\"ana\"]\n",
        ),
    ])
    .at(NOW)
}

#[test]
fn a_single_venue_is_chosen_anyway_with_a_warning() {
    let env = single_venue();
    let v = env.json(&["next", "--date", "2027-02-04"]);
    assert_eq!(v["choice"], "oasis");
    assert_eq!(v["rotation_kept"], false);
    assert_eq!(v["candidates"][0]["warnings"][0], "cooldown");
    let text = env.ok(&["next", "--date", "2027-02-04"]);
    assert!(text.starts_with("L'Oasis (Chartres)"), "{text}");
    assert!(
        text.contains("Attention : la rotation n'a pas pu être respectée"),
        "{text}"
    );
    assert!(text.contains("rotation non tenue (Chartres)"), "{text}");

    let (id, err) = env.ok_with_stderr(&["schedule", "--date", "2027-02-04"]);
    assert_eq!(id.trim(), "2027-02-04-chartres");
    assert!(
        err.contains("la rotation n'a pas pu être respectée"),
        "{err}"
    );

    let (out, _) = env.ok_with_stderr(&["plan", "--from", "2027-03-04", "--count", "3"]);
    assert!(
        out.starts_with("Attention : la rotation ne peut pas être tenue"),
        "{out}"
    );
    let plan = env.json(&["plan", "--from", "2027-03-04", "--count", "3"]);
    assert_eq!(plan["rotation_kept"], false);
    assert_eq!(plan["cooldown"], 0);
    assert_eq!(plan["sessions"].as_array().unwrap().len(), 3);
}

#[test]
fn schedule_refuses_a_second_session_at_the_same_venue_on_the_same_day() {
    let env = single_venue();
    env.ok_with_stderr(&["schedule", "--date", "2027-02-04T18:30", "--venue", "oasis"]);
    let before = env.snapshot();
    let err = env.fails(
        2,
        &["schedule", "--date", "2027-02-04T20:00", "--venue", "oasis"],
    );
    assert!(err.contains("2027-02-04-chartres"), "{err}");
    assert!(
        err.contains("une seule session par lieu et par jour"),
        "{err}"
    );
    assert_eq!(env.snapshot(), before, "nothing written");
}

#[test]
fn schedule_with_a_date_alone_uses_the_default_time() {
    let env = single_venue();
    env.edit(
        "jelly.toml",
        "[association]",
        "[rotation]\ndefault_time = \"19:15\"\n\n[association]",
    );
    let (id, _) = env.ok_with_stderr(&["schedule", "--date", "2027-04-01", "--venue", "oasis"]);
    assert_eq!(
        env.event(id.trim())["date"].to_string(),
        "2027-04-01T19:15:00"
    );
    // As French organisers write it, too.
    env.edit(
        "jelly.toml",
        "default_time = \"19:15\"",
        "default_time = \"19h\"",
    );
    let (id, _) = env.ok_with_stderr(&["schedule", "--date", "2027-04-08", "--venue", "oasis"]);
    assert_eq!(
        env.event(id.trim())["date"].to_string(),
        "2027-04-08T19:00:00"
    );
    env.edit(
        "jelly.toml",
        "default_time = \"19h\"",
        "default_time = \"7 pm\"",
    );
    let err = env.fails(2, &["check"]);
    assert!(
        err.contains("jelly.toml:2:16:") && err.contains("default_time"),
        "{err}"
    );
    env.edit(
        "jelly.toml",
        "default_time = \"7 pm\"",
        "default_time = \"19:15\"",
    );
    // An explicit time wins.
    let (id, _) =
        env.ok_with_stderr(&["schedule", "--date", "2027-04-02T08:00", "--venue", "oasis"]);
    assert_eq!(
        env.event(id.trim())["date"].to_string(),
        "2027-04-02T08:00:00"
    );
}

#[test]
fn schedule_venue_warns_when_it_is_smaller_than_the_expected_turnout() {
    let env = gers();
    env.edit("venues.toml", "capacity = 8", "capacity = 1");
    let (_, err) =
        env.ok_with_stderr(&["schedule", "--date", "2027-02-04", "--venue", "tc-mirande"]);
    assert!(
        err.contains("attention : Télécentre de Mirande a 1 place, on y attend"),
        "{err}"
    );
}

#[test]
fn next_counts_planned_sessions_and_says_so() {
    let env = gers();
    let (id, _) = env.ok_with_stderr(&["schedule", "--date", "2027-02-04"]);
    let chosen = env.event(id.trim())["venue"].as_str().unwrap().to_string();
    let v = env.json(&["next", "--date", "2027-03-04"]);
    assert_eq!(v["planned_before"], 1);
    assert_ne!(
        v["choice"],
        chosen.as_str(),
        "the planned village waits its turn"
    );
    assert_eq!(
        find(&v["candidates"], "venue", &chosen)["excluded"],
        "cooldown"
    );
    let text = env.ok(&["next", "--date", "2027-03-04"]);
    assert!(
        text.contains("La session déjà prévue avant cette date compte dans la rotation"),
        "{text}"
    );
}

#[test]
fn plan_keeps_away_from_planned_sessions_and_on_the_weekday() {
    let env = gers();
    env.ok_with_stderr(&["schedule", "--date", "2027-03-04", "--venue", "tc-auch"]);
    // 2027-02-01 is a Monday; sessions every 4 weeks on Thursdays.
    let plan = env.json(&[
        "plan",
        "--from",
        "2027-02-01",
        "--count",
        "3",
        "--every",
        "4w",
        "--weekday",
        "jeudi",
    ]);
    let dates: Vec<&str> = plan["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["date"].as_str().unwrap())
        .collect();
    // 02-04 (Thursday); 03-04 is planned already, so no date within 4
    // weeks of it: 04-01, then 04-29.
    assert_eq!(
        dates,
        [
            "2027-02-04T18:30:00",
            "2027-04-01T18:30:00",
            "2027-04-29T18:30:00"
        ]
    );
    // Auch, the nearest for most, is in the cooldown window of the planned
    // session both before it (02-04) and after it (04-01).
    assert_ne!(plan["sessions"][0]["venue"], "tc-auch");
    assert_ne!(plan["sessions"][1]["venue"], "tc-auch");
    let next = env.json(&["next", "--date", "2027-02-04"]);
    assert_eq!(
        next["choice"], "tc-auch",
        "without the planned session, Auch"
    );
    let err = env.fails(
        2,
        &[
            "plan",
            "--from",
            "2027-02-01",
            "--count",
            "3",
            "--weekday",
            "jeu.di",
        ],
    );
    assert!(err.contains("--weekday"), "{err}");
    let en = env.json(&[
        "plan",
        "--from",
        "2027-02-01",
        "--count",
        "1",
        "--every",
        "4w",
        "--weekday",
        "thu",
    ]);
    assert_eq!(en["sessions"][0]["date"], "2027-02-04T18:30:00");
}

#[test]
fn agenda_all_shows_each_sessions_status_in_words() {
    let env = single_venue();
    env.ok_with_stderr(&["schedule", "--date", "2027-02-04", "--venue", "oasis"]);
    let text = env.ok(&["agenda", "--all"]);
    assert!(text.contains("statut"), "{text}");
    assert!(text.contains("tenue") && text.contains("prévue"), "{text}");
    let text = env.ok(&["--lang", "en", "agenda", "--all"]);
    assert!(text.contains("held") && text.contains("planned"), "{text}");
}

#[test]
fn a_planned_session_never_sent_can_be_deleted_and_one_sent_cannot() {
    let env = single_venue();
    env.ok_with_stderr(&["schedule", "--date", "2027-02-04", "--venue", "oasis"]);
    let out = env.ok(&["cancel", "2027-02-04-chartres", "--delete"]);
    assert!(out.contains("supprimée"), "{out}");
    assert!(!env.file("events/2027-02-04-chartres.toml").exists());
    // Once a message went out, only cancel (which tells the invited).
    env.ok_with_stderr(&["schedule", "--date", "2027-02-04", "--venue", "oasis"]);
    env.write(
        "events/2027-02-04-chartres.journal",
        "{\"participant\":\"ana\",\"email\":\"ana@example.org\",\"kind\":\"invitation\",\"outcome\":\"sent\",\"sequence\":0,\"at\":\"2027-01-10T10:00:00Z\"}\n",
    );
    let err = env.fails(2, &["cancel", "2027-02-04-chartres", "--delete"]);
    assert!(
        err.contains("sans --delete") && err.contains("1 envoi noté"),
        "{err}"
    );
    assert!(env.file("events/2027-02-04-chartres.toml").exists());
    // A held session is never deleted.
    let err = env.fails(2, &["cancel", "2027-01-07-chartres", "--delete"]);
    assert!(err.contains("n'est pas une session prévue"), "{err}");
}

#[test]
fn stats_model_says_only_what_the_history_shows() {
    let env = TestEnv::demo().at("2026-11-23T09:00");
    // The demo's history holds no answers: no sentence about yeses.
    let text = env.ok(&["stats", "--model"]);
    assert!(!text.contains("oui"), "{text}");
    assert!(text.contains("Appris sur 12 sessions tenues"), "{text}");
    // Six said yes to the last session; five of them came.
    for who in [
        "sebastien",
        "valerie",
        "marie-france",
        "edith",
        "jean-luc",
        "francois",
    ] {
        env.ok(&["rsvp", "2014-06-05-anduze", who, "yes", "--force"]);
    }
    let text = env.ok(&["stats", "--model"]);
    assert!(
        text.contains("Parmi les réponses oui, 5 sur 6 ont été suivies d'une venue (83\u{a0}%)."),
        "{text}"
    );
    let json = env.json(&["stats", "--model"]);
    assert_eq!(
        (json["yes_came"].as_u64(), json["yes_answers"].as_u64()),
        (Some(5), Some(6))
    );
    assert_eq!(json["min_calibration_sessions"], 8);
}

/// The reminder written to the outbox for `email` (the file transport).
fn outbox_reminder(env: &TestEnv, email: &str) -> crate::harness::mime::Part {
    env.files_in("outbox")
        .iter()
        .map(|f| crate::harness::mime::Part::parse(&std::fs::read(f).unwrap()))
        .find(|m| {
            m.decoded_header("To").is_some_and(|to| to.contains(email))
                && m.decoded_header("Subject")
                    .is_some_and(|s| s.contains("Rappel"))
        })
        .unwrap_or_else(|| panic!("no reminder to {email}"))
}

#[test]
fn a_reminder_carries_the_answer_and_speaks_in_words_and_of_the_outbox() {
    let env = TestEnv::demo().at("2026-11-23T09:00");
    let id = env.schedule_anduze();
    env.ok(&["rsvp", &id, "valerie", "yes"]);
    env.ok(&["rsvp", &id, "sebastien", "maybe"]);
    let (out, _) = env.ok_with_stderr(&["--now", "2026-12-02T19:00", "remind"]);
    assert!(out.contains("rappel : demain"), "{out}");
    assert!(!out.contains("1d"), "{out}");
    assert!(out.contains("┆ écrit"), "{out}");
    assert!(!out.contains("envoyé"), "{out}");
    assert!(out.contains("ont été écrits dans"), "{out}");
    assert!(out.contains("outbox"), "{out}");

    let yes = outbox_reminder(&env, "valerie@example.org");
    let ics = yes.find("text/calendar").unwrap().text();
    assert!(ics.contains("PARTSTAT=ACCEPTED"), "{ics}");
    assert!(!ics.contains("RSVP=TRUE"), "{ics}");
    let text = yes.find("text/plain").unwrap().text();
    assert!(text.contains("Vous avez répondu oui"), "{text}");
    assert!(text.contains("demain"), "{text}");

    let maybe = outbox_reminder(&env, "sebastien@example.org");
    let ics = maybe.find("text/calendar").unwrap().text();
    assert!(ics.contains("PARTSTAT=TENTATIVE"), "{ics}");

    let silent = outbox_reminder(&env, "edith@example.org");
    let ics = silent.find("text/calendar").unwrap().text();
    assert!(ics.contains("PARTSTAT=NEEDS-ACTION;RSVP=TRUE"), "{ics}");
    let text = silent.find("text/plain").unwrap().text();
    assert!(!text.contains("Vous avez répondu"), "{text}");
}

/// The message of `subject_part` written to the outbox for `email`.
fn outbox_message(env: &TestEnv, email: &str, village: &str) -> String {
    env.files_in("outbox")
        .iter()
        .map(|f| crate::harness::mime::Part::parse(&std::fs::read(f).unwrap()))
        .find(|m| {
            m.decoded_header("To").is_some_and(|to| to.contains(email))
                && m.decoded_header("Subject")
                    .is_some_and(|s| s.contains(village))
        })
        .unwrap_or_else(|| panic!("no message to {email} about {village}"))
        .find("text/plain")
        .unwrap()
        .text()
}

#[test]
fn the_carpool_line_is_left_out_at_home_and_names_no_one_who_declined() {
    let env = TestEnv::demo().at("2026-11-23T09:00");
    for who in ["Sébastien", "Valérie"] {
        env.edit(
            "participants.toml",
            &format!("name = \"{who}\"\n"),
            &format!("name = \"{who}\"\ncarpool = true\n"),
        );
    }
    // At Anduze, where both live: no carpool line.
    let anduze = env.schedule_anduze();
    env.ok_with_stderr(&["invite", &anduze]);
    let text = outbox_message(&env, "valerie@example.org", "Anduze");
    assert!(!text.contains("Covoiturage"), "{text}");
    // At Alès: Valérie is told Sébastien may share a car…
    let (ales, _) = env.ok_with_stderr(&[
        "schedule",
        "--date",
        "2027-01-14T18:30",
        "--venue",
        "ales-telecentre",
    ]);
    let ales = ales.trim().to_string();
    env.ok_with_stderr(&["invite", &ales]);
    let text = outbox_message(&env, "valerie@example.org", "Alès");
    assert!(
        text.contains("Covoiturage") && text.contains("Sébastien"),
        "{text}"
    );
    // …but not once he said no (the reminder is composed afresh).
    env.ok(&["rsvp", &ales, "sebastien", "no"]);
    env.ok_with_stderr(&["--now", "2027-01-13T19:00", "remind"]);
    let text = env
        .files_in("outbox")
        .iter()
        .map(|f| crate::harness::mime::Part::parse(&std::fs::read(f).unwrap()))
        .find(|m| {
            m.decoded_header("To")
                .is_some_and(|to| to.contains("valerie@example.org"))
                && m.decoded_header("Subject")
                    .is_some_and(|s| s.contains("Rappel") && s.contains("Alès"))
        })
        .expect("a reminder to Valérie")
        .find("text/plain")
        .unwrap()
        .text();
    assert!(!text.contains("Sébastien"), "{text}");
}

#[test]
fn init_takes_the_sender_and_check_warns_on_the_example_address() {
    let env = TestEnv::empty();
    env.ok(&["init", "a", "--yes"]);
    let (out, err) = env.run(&["check"]).data(&env.file("a")).ok_with_stderr();
    assert!(out.contains("OK"), "{out}");
    assert!(
        err.contains("[mail] from est encore une adresse d'exemple (contact@example.org)"),
        "{err}"
    );
    env.ok(&[
        "init",
        "b",
        "--yes",
        "--from",
        "Jelly du Gers <contact@jelly-gers.fr>",
    ]);
    assert!(env
        .read("b/jelly.toml")
        .contains("from = \"Jelly du Gers <contact@jelly-gers.fr>\""));
    let out = env.run(&["check"]).data(&env.file("b")).ok();
    assert!(out.contains("OK"), "{out}");
    let err = env.fails(2, &["init", "c", "--yes", "--from", "pas une adresse"]);
    assert!(err.contains("--from"), "{err}");
    assert!(!env.file("c/jelly.toml").exists());
}

#[test]
fn check_reports_a_template_override_with_an_unknown_variable_or_bad_syntax() {
    let env = TestEnv::demo().at("2026-11-23T09:00");
    env.write(
        "templates/fr/body.txt",
        "Bonjour {{ name }},\n\nLa jelly de {{ assocation }} arrive.\n",
    );
    let err = env.fails(2, &["check"]);
    assert!(
        err.contains("templates/fr/body.txt:3:16: modèle de message invalide"),
        "{err}"
    );
    // Found by check, and never rendered empty by invite either.
    let id = env.schedule_anduze();
    let err = env.fails(2, &["invite", &id]);
    assert!(err.contains("templates/fr/body.txt"), "{err}");
    assert!(!env.file("outbox").exists() || env.files_in("outbox").is_empty());

    env.write("templates/fr/body.txt", "Bonjour {{ name }\n");
    let err = env.fails(2, &["check"]);
    assert!(err.contains("templates/fr/body.txt:1:17:"), "{err}");

    env.write(
        "templates/fr/body.txt",
        "{{ t(\"mail-greeting\", name=name) }}\n{% if theme %}{{ theme }}{% endif %}\n",
    );
    env.ok(&["check"]);
}

#[test]
fn when_every_venue_is_too_small_the_largest_is_chosen_anyway() {
    let env = single_venue();
    env.write(
        "venues.toml",
        "[[venue]]\nid = \"oasis\"\nname = \"L'Oasis\"\nvillage = \"chartres\"\ncapacity = 1\n\n\
         [[venue]]\nid = \"annexe\"\nname = \"L'Annexe\"\nvillage = \"luce\"\ncapacity = 0\n",
    );
    // Four held sessions where both came: the forecast is backed, and
    // above both capacities.
    for day in ["2026-09-03", "2026-10-01", "2026-11-05", "2026-12-03"] {
        env.write(
            &format!("events/{day}-chartres.toml"),
            format!(
                "date = {day}T18:30:00\nvenue = \"oasis\"\nstatus = \"held\"\n\
                 invited = [\"ana\", \"bob\"]\nattended = [\"ana\", \"bob\"]\n"
            ),
        );
    }
    let v = env.json(&["next", "--date", "2027-02-04"]);
    assert_eq!(v["capacity_enforced"], true, "{v}");
    assert_eq!(v["capacity_set_aside"], true, "{v}");
    assert_eq!(v["choice"], "oasis", "the larger one");
    let text = env.ok(&["next", "--date", "2027-02-04"]);
    assert!(
        text.contains("aucun lieu actif n'a assez de places pour les personnes attendues ; L'Oasis, le plus grand"),
        "{text}"
    );
}

/// Straight after `init` and a first venue, nobody registered yet: `next`
/// says so and what to do, not « 0 km au total pour 0 personnes ».
#[test]
fn next_before_anyone_is_registered_says_to_add_people() {
    let env = TestEnv::empty().at(NOW);
    env.ok(&["init", "--name", "Jelly du Gers", "--yes"]);
    let (_, err) = env.ok_with_stderr(&["venue", "add", "Salle des fêtes", "--village", "Auch"]);
    assert!(err.contains("Trouvé : Auch"), "{err}");
    let out = env.ok(&["next"]);
    let summary = out.lines().next().unwrap();
    assert_eq!(
        summary,
        "Personne n'est encore inscrit (ou actif) : ajoutez des participants avec « jelly participant add » ou « jelly participant import » ; d'ici là, tous les lieux se valent."
    );
    assert!(!out.contains("0 personnes"), "{out}");
    assert!(out.contains("Salle des fêtes"), "{out}");
}
