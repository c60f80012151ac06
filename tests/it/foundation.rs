//! check, lists, add commands, init: end to end.

use crate::harness::*;

const COMMENTED_VILLAGES: &str = "# Nos villages — à compléter\n\n[[village]]   # le premier\nid = \"anduze\"\nname = \"Anduze\"   # porte des Cévennes\nlat = 44.055\nlon = 3.98495\n\n# Alès, sous-préfecture\n[[village]]\nid = \"ales\"\nname = \"Alès\"\nlat = 44.12489\nlon = 4.08082\n# fin du fichier\n";
const COMMENTED_VENUES: &str = "# Les lieux\n[[venue]]\nid = \"anduze-mediatheque\"   # historique\nname = \"Médiathèque d'Anduze\"\nvillage = \"anduze\"\ncapacity = 20\n\n   # un commentaire indenté\n";
const COMMENTED_PARTICIPANTS: &str = "# Les gens\n\n[[participant]]\nid = \"marie-france\"\nname = \"Marie-France\"   # correctrice\nvillage = \"ales\"\nmax_km = 20\n# pas d'e-mail pour l'instant\n";

fn commented_env() -> TestEnv {
    TestEnv::with_files(&[
        ("villages.toml", COMMENTED_VILLAGES),
        ("venues.toml", COMMENTED_VENUES),
        ("participants.toml", COMMENTED_PARTICIPANTS),
    ])
}

#[test]
fn check_passes_on_the_demo() {
    let env = TestEnv::demo();
    assert_eq!(
        env.ok(&["check"]).trim(),
        "18 villages, 10 lieux, 22 participants, 13 sessions : OK"
    );
    let json = env.json(&["check", "--lang", "en"]);
    assert_eq!(json["participants"], 22);
    assert_eq!(json["ok"], true);
}

#[test]
fn the_repository_root_is_the_demo_association() {
    let out = TestEnv::empty().run(&["check"]).in_dir(&repo_root()).ok();
    assert!(out.contains("22 participants"));
}

#[test]
fn lists_are_tables_and_json() {
    let env = TestEnv::demo();
    assert!(env.ok(&["villages"]).contains("Saint-Jean-du-Gard"));
    let venues = env.json(&["venues"]);
    assert_eq!(venues.as_array().unwrap().len(), 10);
    let cafe = find(&venues, "id", "ales-cafe-associatif");
    assert_eq!(cafe["active"], false);
    assert_eq!(cafe["capacity"], 14);
    let people = env.json(&["participants"]);
    let marie = find(&people, "id", "marie-france");
    assert_eq!(marie["max_km"], 20.0);
    assert_eq!(marie["village"], "ales");
}

#[test]
fn every_add_keeps_every_comment_byte_for_byte() {
    let env = commented_env();
    env.ok(&[
        "village",
        "add",
        "Saint-Jean-du-Gard",
        "--lat",
        "44.10505",
        "--lon",
        "3.88584",
        "--department",
        "30",
    ]);
    env.ok(&[
        "venue",
        "add",
        "Tiers-lieu « La Filature »",
        "--village",
        "saint-jean-du-gard",
        "--capacity",
        "16",
        "--amenities",
        "wifi,kitchen",
    ]);
    env.ok(&[
        "participant",
        "add",
        "Édith",
        "--village",
        "saint-jean-du-gard",
        "--email",
        "edith@example.org",
        "--max-km",
        "30",
    ]);
    for (file, original) in [
        ("villages.toml", COMMENTED_VILLAGES),
        ("venues.toml", COMMENTED_VENUES),
        ("participants.toml", COMMENTED_PARTICIPANTS),
    ] {
        let now = env.read(file);
        assert!(now.starts_with(original), "{file} lost bytes:\n{now}");
        assert!(now.len() > original.len(), "{file} got no entry");
    }
    assert!(env.read("villages.toml").contains("id = \"saint-jean-du-gard\"\nname = \"Saint-Jean-du-Gard\"\nlat = 44.10505\nlon = 3.88584\ndepartment = \"30\""));
    assert!(
        env.read("venues.toml")
            .contains("name = 'Tiers-lieu « La Filature »'")
            || env
                .read("venues.toml")
                .contains("name = \"Tiers-lieu « La Filature »\"")
    );
    assert!(
        env.read("participants.toml").contains("id = \"edith\""),
        "{}",
        env.read("participants.toml")
    );
    assert!(env
        .ok(&["check"])
        .contains("3 villages, 2 lieux, 2 participants"));
}

#[test]
fn windows_files_keep_their_encoding_and_line_endings() {
    let env = commented_env();
    // An old Windows editor: Windows-1252 (é = 0xE9) and CRLF.
    let latin1: Vec<u8> = b"# Les gens de la r\xe9gion\r\n[[participant]]\r\nid = \"marie-france\"\r\nname = \"Marie-Fran\xe7oise\"\r\nvillage = \"ales\"\r\n".to_vec();
    env.write("participants.toml", &latin1);
    let out = env.ok(&["participants", "--format", "json"]);
    assert!(out.contains("Marie-Françoise"));
    env.ok(&["participant", "add", "Hélène", "--village", "anduze"]);
    let bytes = env.read_bytes("participants.toml");
    assert!(bytes.starts_with(&latin1), "the original bytes changed");
    let added = &bytes[latin1.len()..];
    assert!(
        added.windows(9).any(|w| w == b"H\xe9l\xe8ne\"\r\n"),
        "new entry not in Windows-1252 with CRLF: {added:?}"
    );
    assert!(
        !added.windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r'),
        "a bare LF was written"
    );
}

#[test]
fn participant_ids_are_made_from_names_and_unique() {
    let env = commented_env();
    for _ in 0..2 {
        // A namesake in the same village: added, and flagged on stderr.
        let (_, warning) =
            env.ok_with_stderr(&["participant", "add", "Marie France", "--village", "ales"]);
        assert!(
            warning.contains("jelly participant merge marie-france "),
            "{warning}"
        );
    }
    let people = env.json(&["participants"]);
    assert_eq!(
        column(&people, "id"),
        ["marie-france", "marie-france-2", "marie-france-3"]
    );
}

#[test]
fn invalid_additions_write_nothing_and_exit_2() {
    let env = commented_env();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "participant",
                "add",
                "Zoé",
                "--village",
                "ales",
                "--email",
                "zoe@",
            ],
            "--email: adresse e-mail invalide « zoe@ »",
        ),
        (
            &["participant", "add", "Zoé", "--village", "alesx"],
            "« alesx » n'est ni un village de villages.toml (le plus proche : « ales ») ni une commune française",
        ),
        (
            &[
                "participant",
                "add",
                "Zoé",
                "--village",
                "ales",
                "--max-km",
                "-3",
            ],
            "« max_km » ne peut pas être négatif",
        ),
        (
            &[
                "participant",
                "add",
                "Zoé",
                "--village",
                "ales",
                "--max-km",
                "loin",
            ],
            "--max-km",
        ),
        (
            &[
                "participant",
                "add",
                "Zoé",
                "--village",
                "ales",
                "--id",
                "marie-france",
            ],
            "l'identifiant « marie-france » existe déjà",
        ),
        (
            &[
                "participant",
                "add",
                "Zoé",
                "--village",
                "ales",
                "--id",
                "Zoé",
            ],
            "identifiant « Zoé » invalide",
        ),
        (
            &["participant", "add", "--village", "ales"],
            "sans terminal interactif, donnez-le en argument (NAME",
        ),
        (
            &["village", "add", "Nulle-part", "--lat", "95", "--lon", "3"],
            "latitude 95 hors de -90..90",
        ),
        (
            &[
                "village", "add", "Anduze", "--lat", "44", "--lon", "3", "--id", "anduze",
            ],
            "existe déjà",
        ),
        (
            &["venue", "add", "Salle", "--village", "nowhere"],
            "« nowhere » n'est ni un village de villages.toml ni une commune française",
        ),
        (
            &[
                "venue",
                "add",
                "Salle",
                "--village",
                "anduze",
                "--capacity",
                "-4",
            ],
            "« capacity » ne peut pas être négatif",
        ),
        (&["next", "--objective", "shortest"], "--objective"),
        (
            &["next", "--date", "2026-02-30"],
            "--date: date « 2026-02-30 » invalide",
        ),
        (&["--now", "hier", "check"], "--now"),
        (&["--lang", "de", "check"], "langue « de » inconnue"),
    ];
    for (args, message) in cases {
        let err = env.unchanged(|| env.fails(2, args));
        assert!(
            err.contains(message),
            "{args:?}: expected `{message}` in {err}"
        );
    }
}

#[test]
fn concurrent_adds_lose_nothing() {
    let env = commented_env();
    for round in 0..20 {
        let add = |name: String| {
            env.run(&["participant", "add", &name, "--village", "ales"])
                .spawn()
        };
        let (a, b) = (add(format!("Alice {round}")), add(format!("Bob {round}")));
        finish(a).ok();
        finish(b).ok();
    }
    let people = env.json(&["participants"]);
    let ids = column(&people, "id");
    assert_eq!(ids.len(), 41, "{ids:?}");
    for round in 0..20 {
        assert!(
            ids.contains(&format!("alice-{round}").as_str()),
            "alice-{round} lost"
        );
        assert!(
            ids.contains(&format!("bob-{round}").as_str()),
            "bob-{round} lost"
        );
    }
    assert!(env
        .read("participants.toml")
        .starts_with(COMMENTED_PARTICIPANTS));
}

#[test]
fn init_creates_a_valid_commented_association_and_never_overwrites() {
    let env = TestEnv::empty();
    let dir = env.path().join("asso");
    env.ok(&[
        "init",
        "asso",
        "--name",
        "Télétravailleurs du Gers",
        "--timezone",
        "Europe/Paris",
        "--village",
        "Auch",
        "--lat",
        "43.64561",
        "--lon",
        "0.58857",
    ]);
    let config = env.read("asso/jelly.toml");
    assert!(config.contains("name = \"Télétravailleurs du Gers\""));
    assert!(config.contains("# Comment `jelly next` choisit un lieu"));
    assert_eq!(
        // (stderr: the starter's example sender is warned about)
        env.run(&["check"]).data(&dir).ok_with_stderr().0.trim(),
        "1 village, 0 lieu, 0 participant, 0 session : OK"
    );

    let err = env.unchanged(|| env.fails(2, &["init", "asso", "--name", "Autre"]));
    assert!(err.contains("existe déjà"), "{err}");

    let err = env.fails(2, &["init", "other"]);
    assert!(err.contains("--name"), "{err}");
    assert!(!env.file("other/jelly.toml").exists());
    env.ok(&["init", "--yes", "other"]);
    env.run(&["check"])
        .data(&env.file("other"))
        .ok_with_stderr();
}

#[test]
fn participant_add_asks_on_a_terminal() {
    let env = commented_env();
    let answers = [
        ("Nom", "Noémie"),
        ("Village", "anduze"),
        ("E-mail", "noemie@example.org"),
        ("Distance maximale", "25"),
    ];
    assert_eq!(env.dialog(&["participant", "add"], &answers), 0);
    let text = env.read("participants.toml");
    assert!(text.starts_with(COMMENTED_PARTICIPANTS));
    assert!(
        text.contains("id = \"noemie\"\nname = \"Noémie\"\nemail = \"noemie@example.org\"\nvillage = \"anduze\"\nmax_km = 25\n"),
        "{text}"
    );
}

#[test]
fn village_and_venue_add_ask_on_a_terminal() {
    let env = commented_env();
    let answers = [
        ("Nom", "Lasalle"),
        ("Latitude", "44.04573"),
        ("Longitude", "3.85244"),
    ];
    assert_eq!(
        env.dialog(&["village", "add", "--department", "30"], &answers),
        0
    );
    assert!(env
        .read("villages.toml")
        .contains("id = \"lasalle\"\nname = \"Lasalle\"\nlat = 44.04573\nlon = 3.85244\n"));

    let answers = [
        ("Nom", "Café de Lasalle"),
        ("Village", "lasalle"),
        ("Capacité", "12"),
    ];
    assert_eq!(env.dialog(&["venue", "add"], &answers), 0);
    assert!(env.read("venues.toml").contains("id = \"cafe-de-lasalle\"\nname = \"Café de Lasalle\"\nvillage = \"lasalle\"\ncapacity = 12\n"), "{}", env.read("venues.toml"));
}

/// A new venue's or person's village is typed as a person says it: an id,
/// a name written any way, or a French commune not yet in villages.toml,
/// which is added (by flags as on a terminal). Nothing alike is no
/// suggestion; an unknown place writes nothing.
#[test]
fn venue_and_participant_add_take_a_village_by_name_or_commune() {
    let env = commented_env();
    let before = env.read("villages.toml");
    // A commune not in villages.toml: added with its coordinates, then the venue.
    let (out, err) =
        env.ok_with_stderr(&["venue", "add", "Salle de Lasalle", "--village", "lasalle"]);
    assert!(err.contains("Trouvé : Lasalle (30, 30460)"), "{err}");
    assert!(out.contains("village « Lasalle » ajouté à"), "{out}");
    assert!(out.contains("lieu « Salle de Lasalle » ajouté à"), "{out}");
    let villages = env.read("villages.toml");
    assert!(villages.starts_with(&before), "{villages}");
    assert!(
        villages.contains("id = \"lasalle\"\nname = \"Lasalle\"\nlat = "),
        "{villages}"
    );
    assert!(villages.contains("department = \"30\""), "{villages}");
    assert!(env.read("venues.toml").contains("village = \"lasalle\""));
    // The same village by its name, written another way: no second village;
    // a distance with its unit.
    let out = env.ok(&[
        "participant",
        "add",
        "Zoé",
        "--village",
        "LASALLE",
        "--max-km",
        "20 km",
    ]);
    assert!(!out.contains("village « Lasalle » ajouté"), "{out}");
    assert_eq!(env.read("villages.toml"), villages);
    assert!(env
        .read("participants.toml")
        .contains("name = \"Zoé\"\nvillage = \"lasalle\"\nmax_km = 20\n"));
    // Neither a village nor a commune: said, nothing written, no far-fetched
    // "closest".
    let snapshot = env.snapshot();
    let err = env.fails(2, &["venue", "add", "Salle", "--village", "Xqzwv"]);
    assert!(
        err.contains("« Xqzwv » n'est ni un village de villages.toml ni une commune française"),
        "{err}"
    );
    assert!(!err.contains("plus proche"), "{err}");
    assert!(err.contains("jelly village add \"Xqzwv\" --lat"), "{err}");
    let err = env.fails(2, &["participant", "add", "Yves", "--village", "lasale"]);
    assert!(err.contains("(le plus proche : « lasalle »)"), "{err}");
    assert_eq!(env.snapshot(), snapshot);
}

/// On a terminal the village question takes a commune too, and asks before
/// adding it; then the venue's other questions follow.
#[test]
fn venue_add_on_a_terminal_adds_a_commune_on_a_yes() {
    let env = commented_env();
    let mut session = env.pty(&["venue", "add"]);
    session.expect("Nom").unwrap();
    session.send_line("Café de Lasalle").unwrap();
    session.expect("Village (identifiant ou nom)").unwrap();
    session.send_line("Lasalle").unwrap();
    session
        .expect("Lasalle (30, 30460) : l'ajouter aux villages ?")
        .unwrap();
    session.send("o").unwrap(); // one key, no Enter
    session.expect("Capacité").unwrap();
    session.send_line("12").unwrap();
    assert_eq!(pty_exit_code(&mut session), 0);
    assert!(env
        .read("villages.toml")
        .contains("id = \"lasalle\"\nname = \"Lasalle\""));
    let venues = env.read("venues.toml");
    assert!(
        venues.contains("village = \"lasalle\"\ncapacity = 12\n"),
        "{venues}"
    );
}

#[test]
fn init_asks_on_a_terminal() {
    let env = TestEnv::empty();
    let answers = [
        ("Nom de l'association", "Jelly des Cévennes"),
        ("Fuseau horaire", ""),
        (
            "Adresse d'envoi",
            "Jelly des Cévennes <contact@jelly-cevennes.fr>",
        ),
        ("Premier village", "Florac"),
        ("Latitude", "44.32626"),
        ("Longitude", "3.59276"),
    ];
    assert_eq!(env.dialog(&["init", "asso"], &answers), 0);
    let config = env.read("asso/jelly.toml");
    assert!(config.contains("name = \"Jelly des Cévennes\""));
    assert!(config.contains("timezone = \"Europe/Paris\""));
    assert!(config.contains("from = \"Jelly des Cévennes <contact@jelly-cevennes.fr>\""));
    assert!(env.read("asso/villages.toml").contains("id = \"florac\""));
}

#[test]
fn verbose_explains_on_stderr_and_leaves_stdout_alone() {
    let env = TestEnv::demo();
    let plain = env.output(&["check"]);
    let verbose = env.output(&["-v", "--now", "2026-11-23T09:00", "check"]);
    assert!(verbose.success());
    assert_eq!(verbose.stdout, plain.stdout);
    let err = &verbose.stderr;
    assert!(err.contains("maintenant = 2026-11-23T09:00:00"), "{err}");
    assert!(err.contains("terminé en"), "{err}");
    assert!(plain.stderr.is_empty());
}

/// The bytes a prompt writes before the question "Nom", on a colour terminal.
fn prompt_bytes(env: &TestEnv, vars: &[(&str, &str)]) -> Vec<u8> {
    let mut session = env.pty_with_env(&["participant", "add"], vars);
    let found = session.expect("Nom").unwrap();
    let mut bytes = found.before().to_vec();
    bytes.extend_from_slice(found.get(0).unwrap());
    let more = session.expect("›").unwrap();
    bytes.extend_from_slice(more.before());
    session.send_line("").unwrap();
    bytes
}

fn has_colour(bytes: &[u8]) -> bool {
    // SGR sequences: ESC [ digits;… m
    bytes.windows(2).enumerate().any(|(i, w)| {
        w == b"\x1b[" && {
            let rest = &bytes[i + 2..];
            let end = rest
                .iter()
                .position(|b| !(b.is_ascii_digit() || *b == b';'));
            matches!(end, Some(n) if n > 0 && rest[n] == b'm')
        }
    })
}

#[test]
fn no_color_keeps_prompts_plain() {
    let env = commented_env();
    let coloured = prompt_bytes(&env, &[("TERM", "xterm-256color")]);
    assert!(
        has_colour(&coloured),
        "expected colours by default: {:?}",
        String::from_utf8_lossy(&coloured)
    );
    let plain = prompt_bytes(&env, &[("TERM", "xterm-256color"), ("NO_COLOR", "1")]);
    assert!(
        !has_colour(&plain),
        "colours despite NO_COLOR: {:?}",
        String::from_utf8_lossy(&plain)
    );
}
