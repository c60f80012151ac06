//! Issue 24: the attendance checklist at the door of a 340-member network,
//! through a real pseudo-terminal: find and tick three people by typing
//! parts of their names, add a walk-in whose village is found among the
//! built-in communes, confirm with « o », and read the session file.

use crate::harness::{pty_exit_code, strings, TestEnv};

const FIRST: [&str; 17] = [
    "Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Julie", "Anaïs", "Élodie", "Lucas",
    "Hugo", "Louis", "Nathan", "Théo", "Julien", "Maxime", "Pierre",
];
const LAST: [&str; 20] = [
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard",
];
const VILLAGES: [(&str, &str, f64, f64); 4] = [
    ("auch", "Auch", 43.6465, 0.5855),
    ("fleurance", "Fleurance", 43.8484, 0.6632),
    ("condom", "Condom", 43.9580, 0.3722),
    ("mirande", "Mirande", 43.5146, 0.4039),
];
/// The three to find, hidden among the others.
const FOUND: [(&str, &str, &str); 3] = [
    ("helene-desmoulins", "Hélène Desmoulins", "condom"),
    ("mathis-etcheverry", "Mathis Etcheverry", "mirande"),
    ("aurore-quintana", "Aurore Quintana", "fleurance"),
];

fn network_of_340() -> (TestEnv, Vec<String>) {
    let mut villages = String::new();
    for (id, name, lat, lon) in VILLAGES {
        villages.push_str(&format!(
            "[[village]]\nid = \"{id}\"\nname = \"{name}\"\nlat = {lat}\nlon = {lon}\n\n"
        ));
    }
    let mut people = Vec::new();
    for (i, (first, last)) in FIRST
        .iter()
        .flat_map(|f| LAST.iter().map(move |l| (f, l)))
        .enumerate()
        .take(340 - FOUND.len())
    {
        let id = format!("p{i:03}");
        people.push((id, format!("{first} {last}"), VILLAGES[i % 4].0.to_string()));
    }
    for (i, (id, name, village)) in FOUND.iter().enumerate() {
        people.insert(
            50 + i * 97,
            (id.to_string(), name.to_string(), village.to_string()),
        );
    }
    let mut participants = String::new();
    for (id, name, village) in &people {
        participants.push_str(&format!(
            "[[participant]]\nid = \"{id}\"\nname = \"{name}\"\nvillage = \"{village}\"\n\n"
        ));
    }
    let ids: Vec<String> = people.iter().map(|(id, _, _)| id.clone()).collect();
    let invited = ids
        .iter()
        .map(|id| format!("\"{id}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let event = format!(
        "date = 2026-12-10T18:30:00\nvenue = \"auch-salle\"\nstatus = \"planned\"\ninvited = [{invited}]\n"
    );
    let env = TestEnv::with_files(&[
        (
            "jelly.toml",
            "[association]\nname = \"Gers Connecté\"\nlanguage = \"fr\"\n",
        ),
        ("villages.toml", &villages),
        (
            "venues.toml",
            "[[venue]]\nid = \"auch-salle\"\nname = \"Salle des fêtes\"\nvillage = \"auch\"\n",
        ),
        ("participants.toml", &participants),
        ("events/2026-12-10-auch.toml", &event),
    ]);
    (env, ids)
}

#[test]
fn the_door_checklist_finds_and_ticks_three_of_340_and_adds_a_walk_in() {
    let (env, ids) = network_of_340();
    assert_eq!(ids.len(), 340);
    env.ok(&["check"]);
    // One of the 340 said yes: they come first, ticked.
    env.ok(&[
        "rsvp",
        "2026-12-10-auch",
        "p007",
        "oui",
        "--now",
        "2026-12-01T09:00",
    ]);
    env.ok(&[
        "rsvp",
        "2026-12-10-auch",
        "p007",
        "non",
        "--now",
        "2026-12-01T09:05",
    ]);

    let mut session = env.pty_with_env(
        &[
            "attend",
            "2026-12-10-auch",
            "--now",
            "2026-12-10T22:00",
            "--lang",
            "fr",
        ],
        &[("TERM", "dumb"), ("NO_COLOR", "1")],
    );
    const BACKSPACE: &str = "\x7f";
    session
        .expect("Qui est venu le jeudi 10 décembre 2026 à Auch ?")
        .unwrap();
    session.expect("0 personne cochée sur 340").unwrap();
    for (query, name) in [
        ("desmou", "Hélène Desmoulins"),
        ("etchev", "Mathis Etcheverry"),
        ("quintana", "Aurore Quintana"),
    ] {
        session.send(query).unwrap();
        session.expect(format!("> [ ] {name}")).unwrap();
        session.send(" ").unwrap();
        // Ticked, shown with a character (NO_COLOR), and selected.
        session.expect(format!("> [x] {name}")).unwrap();
        session.expect(format!("Sélection : {name}")).unwrap();
        session
            .send(BACKSPACE.repeat(query.chars().count()))
            .unwrap();
    }
    session.expect("3 personnes cochées sur 340").unwrap();

    // A walk-in, in the same screen; her village is a built-in commune.
    session.send("+").unwrap();
    session
        .expect("Nom de la personne venue sans invitation")
        .unwrap();
    session.send("Lucie Ferrand\r").unwrap();
    session.expect("E-mail").unwrap();
    session.send("\r").unwrap();
    session.expect("Village").unwrap();
    session.send("Lectoure\r").unwrap();
    session
        .expect("Lectoure (32, 32700) : l'ajouter aux villages ? [O/n]")
        .unwrap();
    session.send("o").unwrap();
    session
        .expect("Venue sans invitation : Lucie Ferrand (Lectoure)")
        .unwrap();
    session.send("\r").unwrap();
    session
        .expect("Enregistrer 3 présents et 1 personne venue sans invitation ? [O/n]")
        .unwrap();
    session.send("o").unwrap();
    assert_eq!(pty_exit_code(&mut session), 0);

    let event = env.event("2026-12-10-auch");
    assert_eq!(event["status"].as_str(), Some("held"));
    let attended = strings(&event["attended"]);
    assert_eq!(
        attended,
        [
            "aurore-quintana",
            "helene-desmoulins",
            "mathis-etcheverry",
            "lucie-ferrand"
        ]
    );
    let villages = env.toml("villages.toml");
    let lectoure = villages["village"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"].as_str() == Some("lectoure"))
        .expect("Lectoure added");
    assert_eq!(lectoure["department"].as_str(), Some("32"));
    env.ok(&["check"]);
}

/// « o » and « n » answer in French, and the question says which keys.
#[test]
fn confirmations_take_o_and_n_in_french() {
    let (env, _) = network_of_340();
    env.ok(&[
        "attend",
        "2026-12-10-auch",
        "--present",
        "p001",
        "--now",
        "2026-12-10T22:00",
    ]);
    let before = env.snapshot();
    let mut session = env.pty(&[
        "attend",
        "2026-12-10-auch",
        "--now",
        "2026-12-10T22:30",
        "--lang",
        "fr",
    ]);
    session
        .expect("La présence d'1 personne est déjà enregistrée pour la session du jeudi 10 décembre 2026 à Auch. La remplacer ? [o/N]")
        .unwrap();
    session.send("n").unwrap();
    assert_eq!(pty_exit_code(&mut session), 0);
    assert_eq!(env.snapshot(), before);
}
