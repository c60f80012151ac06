//! Issue 24: French from the first keystroke — help, usage errors and man
//! page in the user's language; French dates, times, durations and answers
//! wherever jelly reads them; the data directory found from a subfolder.

use crate::harness::{strings, TestEnv};

const NOW: &str = "2026-12-01T09:00";

/// `jelly --help` and a subcommand's help follow the locale (and `--lang`),
/// with the association's language when the locale says nothing.
#[test]
fn help_speaks_the_users_language() {
    let env = TestEnv::demo().at(NOW);
    let french = env.run(&["--help"]).env("LANG", "fr_FR.UTF-8").ok();
    assert!(french.contains("Utilisation : jelly"), "{french}");
    assert!(french.contains("Commandes :"), "{french}");
    assert!(
        french.contains("Enregistrer la réponse d'un participant"),
        "{french}"
    );
    assert!(!french.contains("Record a participant"), "{french}");

    let english = env.run(&["--help"]).env("LANG", "en_GB.UTF-8").ok();
    assert!(english.contains("Usage: jelly"), "{english}");
    assert!(
        english.contains("Record a participant's answer"),
        "{english}"
    );

    // LC_ALL beats LANG; --lang beats both.
    let all = env
        .run(&["rsvp", "--help"])
        .env("LANG", "en_GB.UTF-8")
        .env("LC_ALL", "fr_FR.UTF-8")
        .ok();
    assert!(all.contains("Sa réponse : oui, non ou peut-être"), "{all}");
    let flag = env
        .run(&["--lang", "en", "rsvp", "--help"])
        .env("LC_ALL", "fr_FR.UTF-8")
        .ok();
    assert!(flag.contains("Their answer: yes, no or maybe"), "{flag}");
    // No locale: the demo association speaks French.
    let association = env.ok(&["next", "--help"]);
    assert!(association.contains("Classer les lieux"), "{association}");
    assert!(
        association.contains("[par défaut :") || association.contains("[valeurs possibles :"),
        "{association}"
    );
}

#[test]
fn usage_errors_are_in_french_with_suggestions() {
    let env = TestEnv::demo().at(NOW);
    let fr = |args: &[&str]| env.run(args).env("LANG", "fr_FR.UTF-8").fails(2);
    let unknown = fr(&["invit"]);
    assert!(
        unknown.starts_with("erreur : sous-commande inconnue « invit »"),
        "{unknown}"
    );
    assert!(
        unknown.contains("vouliez-vous dire") && unknown.contains("« invite »"),
        "{unknown}"
    );
    assert!(unknown.contains("Utilisation : jelly"), "{unknown}");
    let missing = fr(&["rsvp", "2014-06-05-anduze"]);
    assert!(
        missing.contains("arguments obligatoires absents : <PARTICIPANT>, <ANSWER>"),
        "{missing}"
    );
    let bad = fr(&["--format", "xml", "villages"]);
    assert!(
        bad.contains("valeur « xml » invalide pour --format <FORMAT> ; valeurs possibles : « table », « json », « csv »"),
        "{bad}"
    );
    // A name with a space, without quotes: the extra word is said, and how.
    let extra = fr(&["participant", "add", "Léa", "Fabre", "--village", "anduze"]);
    assert!(
        extra.contains(
            "argument en trop « Fabre » ; un nom avec des espaces s'écrit entre guillemets"
        ),
        "{extra}"
    );
    let option = fr(&["next", "--objectiv", "fair"]);
    assert!(
        option.contains("option inconnue « --objectiv »"),
        "{option}"
    );
    assert!(
        option.contains("vouliez-vous dire « --objective » ?"),
        "{option}"
    );

    let en = env.run(&["invit"]).env("LANG", "en_US.UTF-8").fails(2);
    assert!(en.starts_with("error: unknown subcommand 'invit'"), "{en}");
}

/// The man page exists in both languages.
#[test]
fn man_page_in_french_and_english() {
    let env = TestEnv::demo().at(NOW);
    let fr = env.ok(&["man", "--lang", "fr"]);
    assert!(fr.contains(".SH NOM"), "{}", &fr[..fr.len().min(400)]);
    assert!(fr.contains("Enregistrer la réponse"));
    let en = env.ok(&["man", "--lang", "en"]);
    assert!(en.contains(".SH NAME"));
    assert!(en.contains("Record a participant"));
}

/// `oui`, `non`, `peut-être`, `pe` as well as yes/no/maybe.
#[test]
fn rsvp_takes_french_answers() {
    let env = TestEnv::demo().at("2026-12-01T09:00");
    let id = env
        .ok(&[
            "schedule",
            "--date",
            "10/12/2026 18h30",
            "--venue",
            "anduze-mediatheque",
        ])
        .trim()
        .to_string();
    assert_eq!(id, "2026-12-10-anduze");
    let event = env.event(&id);
    assert_eq!(
        event["date"]
            .as_datetime()
            .map(ToString::to_string)
            .as_deref(),
        Some("2026-12-10T18:30:00")
    );
    for (who, typed, stored) in [
        ("sebastien", "oui", "yes"),
        ("valerie", "non", "no"),
        ("marie-france", "peut-être", "maybe"),
        ("sebastien", "PE", "maybe"),
        ("valerie", "yes", "yes"),
    ] {
        env.ok(&["rsvp", &id, who, typed]);
        assert_eq!(
            env.event(&id)["rsvp"][who]["answer"].as_str(),
            Some(stored),
            "{typed}"
        );
    }
    let err = env.fails(2, &["rsvp", &id, "valerie", "bof", "--lang", "fr"]);
    assert!(err.contains("oui, non, peut-être"), "{err}");
    // A person by name, as said at the door: accents and case aside.
    let out = env.ok(&["rsvp", &id, "Hélène", "oui"]);
    assert!(out.contains("Hélène"), "{out}");
    assert_eq!(
        env.event(&id)["rsvp"]["helene"]["answer"].as_str(),
        Some("yes")
    );
    env.ok(&["rsvp", &id, "JEAN-LUC", "non"]);
    assert_eq!(
        env.event(&id)["rsvp"]["jean-luc"]["answer"].as_str(),
        Some("no")
    );
    // Two people of one first name: nobody is picked.
    env.ok(&["participant", "add", "Hélène Roux", "--village", "ales"]);
    env.ok(&["participant", "add", "Paul Arnal", "--village", "ales"]);
    env.ok(&["participant", "add", "Paul Faure", "--village", "ales"]);
    let before = env.read(&format!("events/{id}.toml"));
    let err = env.fails(2, &["rsvp", &id, "paul", "oui"]);
    assert!(err.contains("2 personnes s'appellent « paul » : Paul Arnal (paul-arnal), Paul Faure (paul-faure) ; donnez l'identifiant"), "{err}");
    assert_eq!(env.read(&format!("events/{id}.toml")), before);
    // A whole name is still one person.
    let (_, err) = env.ok_with_stderr(&["rsvp", &id, "hélène roux", "peut-être"]);
    assert!(
        err.contains("Hélène Roux (helene-roux) n'est pas dans la liste des invités"),
        "{err}"
    );
    assert_eq!(
        env.event(&id)["rsvp"]["helene-roux"]["answer"].as_str(),
        Some("maybe")
    );
}

/// Dates as French people write them, in every flag that reads one; slash
/// dates are day first.
#[test]
fn french_dates_times_and_durations_in_every_flag() {
    let env = TestEnv::demo();
    let iso = env.json(&[
        "next",
        "--date",
        "2027-02-01T18:30",
        "--now",
        "2026-12-01T09:00",
    ]);
    let french = env.json(&[
        "next",
        "--date",
        "01/02/2027 18h30",
        "--now",
        "01/12/2026 9h",
    ]);
    assert_eq!(iso, french);
    let stats_iso = env.json(&[
        "stats",
        "--from",
        "2013-01-01",
        "--to",
        "2013-12-31",
        "--now",
        NOW,
    ]);
    let stats_fr = env.json(&[
        "stats",
        "--from",
        "01/01/2013",
        "--to",
        "31/12/2013",
        "--now",
        NOW,
    ]);
    assert_eq!(stats_iso, stats_fr);
    // A season spaced in words.
    let weeks = env.json(&[
        "plan",
        "--from",
        "14/01/2027 18h30",
        "--count",
        "3",
        "--every",
        "6 semaines",
        "--now",
        NOW,
    ]);
    let short = env.json(&[
        "plan",
        "--from",
        "2027-01-14T18:30",
        "--count",
        "3",
        "--every",
        "6w",
        "--now",
        NOW,
    ]);
    assert_eq!(weeks, short);
    let month = env.json(&[
        "plan",
        "--from",
        "2027-01-14T18:30",
        "--count",
        "2",
        "--every",
        "1 mois",
        "--now",
        NOW,
    ]);
    let mo = env.json(&[
        "plan",
        "--from",
        "2027-01-14T18:30",
        "--count",
        "2",
        "--every",
        "1mo",
        "--now",
        NOW,
    ]);
    assert_eq!(month, mo);
    // Retention in years, French words.
    let years = env.json(&["participants", "--inactive-since", "3 ans", "--now", NOW]);
    let y = env.json(&["participants", "--inactive-since", "3y", "--now", NOW]);
    assert_eq!(years, y);
    // 13/01 is a day; 01/13 is no date at all, never swapped.
    let err = env.fails(
        2,
        &["next", "--date", "01/13/2027", "--now", NOW, "--lang", "fr"],
    );
    assert!(err.contains("JJ/MM/AAAA"), "{err}");
    // Without the year, as people say it: the next such day.
    for (said, iso) in [
        ("jeudi 14 janvier", "2027-01-14"),
        ("14 janvier à 18h30", "2027-01-14T18:30"),
        ("14/01 18h30", "2027-01-14T18:30"),
    ] {
        let iso = env.json(&["next", "--date", iso, "--now", NOW]);
        assert_eq!(
            env.json(&["next", "--date", said, "--now", NOW]),
            iso,
            "{said}"
        );
    }
    let err = env.fails(2, &["next", "--date", "mercredi 14 janvier", "--now", NOW]);
    assert!(err.contains("« mercredi 14 janvier » invalide"), "{err}");
}

/// From `events/`, jelly finds the association above, as git does.
#[test]
fn works_from_a_subfolder_of_the_data_directory() {
    let env = TestEnv::demo().at(NOW);
    let from_root = env.run(&["villages"]).in_dir(env.path()).ok();
    let from_events = env.run(&["villages"]).in_dir(&env.file("events")).ok();
    assert_eq!(from_root, from_events);
    assert!(from_events.contains("Anduze"));
}

/// A folder with no association at all is said once, by its absolute
/// path, with the folders searched and what to do; a folder with only some
/// of the files names each missing one.
#[test]
fn a_missing_data_directory_names_where_it_looked() {
    let env = TestEnv::empty().at(NOW);
    std::fs::create_dir_all(env.file("a/b")).unwrap();
    let err = env
        .run(&["villages", "--lang", "fr"])
        .in_dir(&env.file("a/b"))
        .fails(2);
    let absolute = env.path().canonicalize().unwrap().join("a/b");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!("aucune association dans {}", absolute.display())),
        "{err}"
    );
    assert!(err.contains("`jelly init` en crée une ici"), "{err}");
    let next = env
        .run(&["next", "--lang", "fr"])
        .in_dir(&env.file("a/b"))
        .fails(2);
    assert_eq!(next, err);
    // A typo in --data: the same, for that folder.
    let typo = env
        .run(&["--data", "assocation", "check", "--lang", "fr"])
        .in_dir(env.path())
        .fails(2);
    assert!(typo.starts_with("aucune association dans "), "{typo}");
    assert!(typo.contains("assocation :"), "{typo}");
    // Only the settings there: each missing file is named.
    std::fs::write(env.file("a/jelly.toml"), "").unwrap();
    let err = env
        .run(&["villages", "--lang", "fr"])
        .in_dir(&env.file("a/b"))
        .fails(2);
    let absolute = env.path().canonicalize().unwrap().join("a/villages.toml");
    assert!(err.contains(&absolute.display().to_string()), "{err}");
    assert!(
        err.contains(
            &env.path()
                .canonicalize()
                .unwrap()
                .join("a")
                .display()
                .to_string()
        ),
        "{err}"
    );
    let _ = strings;
}

/// Messages name people and sessions by their names; counts are real
/// plurals; an argument is named by a word, not `PARTICIPANT:`.
#[test]
fn messages_speak_of_names_with_real_plurals() {
    let env = TestEnv::demo().at("2014-06-01T09:00");
    // An entry added is named, its id given for the commands that follow.
    let added = env.ok(&[
        "venue",
        "add",
        "Salle des fêtes d'Anduze",
        "--village",
        "anduze",
        "--lang",
        "fr",
    ]);
    assert!(
        added.starts_with("lieu « Salle des fêtes d'Anduze » ajouté à ")
            && added
                .trim_end()
                .ends_with("(identifiant : salle-des-fetes-d-anduze)"),
        "{added}"
    );
    let said = env.ok(&[
        "rsvp",
        "2014-06-05-anduze",
        "sebastien",
        "oui",
        "--force",
        "--lang",
        "fr",
    ]);
    assert!(
        said.starts_with(
            "Réponse de Sébastien enregistrée pour la session du jeudi 5 juin 2014 à Anduze : oui"
        ),
        "{said}"
    );
    let unknown = env.fails(
        2,
        &[
            "rsvp",
            "2014-06-05-anduze",
            "sebastian",
            "oui",
            "--lang",
            "fr",
        ],
    );
    assert!(
        unknown.starts_with("participant : participant « sebastian » inconnu"),
        "{unknown}"
    );
    assert!(!unknown.contains("PARTICIPANT"), "{unknown}");
    let no_session = env.fails(
        2,
        &[
            "rsvp",
            "2014-06-05-andze",
            "sebastien",
            "oui",
            "--lang",
            "fr",
        ],
    );
    assert!(
        no_session.starts_with("session « 2014-06-05-andze » inconnue"),
        "{no_session}"
    );

    let came = env.ok(&[
        "attend",
        "2014-06-05-anduze",
        "--present",
        "sebastien",
        "--yes",
        "--now",
        "2014-06-05T23:00",
        "--lang",
        "fr",
    ]);
    assert!(
        came.contains("Présences de la session du jeudi 5 juin 2014 à Anduze enregistrées")
            && came.contains("1 personne (Sébastien)"),
        "{came}"
    );
    // One of each: singulars.
    let one = TestEnv::with_files(&[
        (
            "villages.toml",
            "[[village]]\nid = \"auch\"\nname = \"Auch\"\nlat = 43.6\nlon = 0.58\n",
        ),
        ("venues.toml", ""),
        ("participants.toml", ""),
    ]);
    assert_eq!(
        one.ok(&["check", "--lang", "fr"]).trim(),
        "1 village, 0 lieu, 0 participant, 0 session : OK"
    );
}

/// `init` writes its starter files with comments in the association's
/// language; they still parse.
#[test]
fn starter_files_speak_the_associations_language() {
    let env = TestEnv::empty();
    env.ok(&[
        "init",
        "fr",
        "--name",
        "Gers Connecté",
        "--yes",
        "--lang",
        "fr",
    ]);
    let config = env.read("fr/jelly.toml");
    assert!(
        config.starts_with("# jelly : les réglages de l'association."),
        "{config}"
    );
    assert!(env
        .read("fr/villages.toml")
        .starts_with("# Villages : là où vivent les gens"));
    assert!(env
        .read("fr/participants.toml")
        .contains("# Participants : les gens du réseau."));
    assert!(!config.contains("Every key is optional"), "{config}");
    // (stderr: check warns about the starter's example sender, issue 20)
    env.run(&["check"]).data(&env.file("fr")).ok_with_stderr();

    env.ok(&[
        "init",
        "en",
        "--name",
        "Gers Connected",
        "--yes",
        "--lang",
        "en",
    ]);
    assert!(env
        .read("en/jelly.toml")
        .starts_with("# jelly: the association's settings."));
    assert!(env
        .read("en/venues.toml")
        .starts_with("# Venues: places that can host a session."));
}

/// A TOML syntax error reads in French, with its position kept.
#[test]
fn toml_syntax_errors_in_french_keep_the_position() {
    let env = TestEnv::with_files(&[
        (
            "villages.toml",
            "[[village]]\nid = \"auch\"\nname = \"Auch\"\nlat = 43,6\nlon = 0.58\n",
        ),
        ("venues.toml", ""),
        ("participants.toml", ""),
    ]);
    let err = env.fails(2, &["check", "--lang", "fr"]);
    assert!(err.contains("villages.toml:4:"), "{err}");
    assert!(
        err.contains(
            "erreur de syntaxe TOML : clé ou valeur inattendue ; attendu : un saut de ligne, `#`"
        ),
        "{err}"
    );
    assert!(err.contains('^'), "{err}");
}
