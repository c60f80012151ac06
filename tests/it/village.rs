//! Village lookup in the built-in gazetteer: `village add` without
//! coordinates, `village search`, `init --village`.

use crate::harness::*;

#[test]
fn add_without_coordinates_finds_the_village_by_name() {
    let env = TestEnv::demo();
    let out = env.output(&["village", "add", "st martin de valgalgues"]);
    assert!(out.success(), "{}", out.stderr);
    let text = env.read("villages.toml");
    assert!(text.starts_with("# Villages of the Jelly"), "comments kept");
    assert!(
        text.ends_with(
            "[[village]]\nid = \"saint-martin-de-valgalgues\"\nname = \"Saint-Martin-de-Valgalgues\"\nlat = 44.16588\nlon = 4.075\ndepartment = \"30\"\n"
        ),
        "{text}"
    );
    assert!(
        out.stderr
            .contains("Trouvé : Saint-Martin-de-Valgalgues (30, 30100)"),
        "{}",
        out.stderr
    );
    env.ok(&["check"]);
}

#[test]
fn several_matches_need_a_department_and_are_listed_otherwise() {
    let env = TestEnv::demo();
    let err = env.unchanged(|| env.fails(2, &["--lang", "en", "village", "add", "Saint-Sauveur"]));
    assert!(err.contains("places are called `Saint-Sauveur`"), "{err}");
    assert!(err.contains("add --department"), "{err}");
    assert!(err.matches("Saint-Sauveur (").count() >= 5, "{err}");
    let department = err
        .split("Saint-Sauveur (")
        .nth(1)
        .unwrap()
        .split([',', ')'])
        .next()
        .unwrap()
        .to_string();
    let (out, err) = env.ok_with_stderr(&[
        "--format",
        "json",
        "village",
        "add",
        "saint sauveur",
        "--department",
        &department,
    ]);
    assert!(err.starts_with("Trouvé : Saint-Sauveur ("), "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["name"], "Saint-Sauveur");
    assert_eq!(json["department"], department.as_str());
    assert_eq!(json["id"], "saint-sauveur");
}

#[test]
fn unknown_name_exits_2_asking_for_coordinates() {
    let env = TestEnv::demo();
    let err = env.unchanged(|| env.fails(2, &["village", "add", "Le Mas de la Barque"]));
    assert!(err.contains("--lat et --lon"), "{err}");
    // A misspelling gets suggestions.
    let err = env.fails(2, &["--lang", "en", "village", "add", "Saint-Jean-du"]);
    assert!(err.contains("similar names: Saint-Jean-du-"), "{err}");
    // Coordinates given: no lookup at all.
    env.ok(&[
        "village",
        "add",
        "Le Mas de la Barque",
        "--lat",
        "44.35",
        "--lon",
        "3.98",
    ]);
    // Only one of the two: a usage error naming the missing one.
    let err = env.fails(2, &["village", "add", "Génolhac", "--lat", "44.35"]);
    assert!(err.starts_with("--lon"), "{err}");
}

#[test]
fn search_lists_matches_as_table_and_json() {
    let env = TestEnv::demo();
    let json = env.json(&["village", "search", "st jean du"]);
    let rows = json.as_array().unwrap();
    assert!(rows
        .iter()
        .any(|r| r["name"] == "Saint-Jean-du-Gard" && r["department"] == "30"));
    assert!(rows.iter().all(|r| r["match"] == "prefix"), "{json}");
    let text = env.ok(&["village", "search", "anduze"]);
    assert!(
        text.contains("Anduze") && text.contains("30140") && text.contains("code postal"),
        "{text}"
    );
    assert_eq!(
        env.ok(&["--lang", "en", "village", "search", "qqqzz"])
            .trim(),
        "No place matches `qqqzz`."
    );
}

#[test]
fn init_looks_up_its_first_village() {
    let env = TestEnv::empty();
    let (_, err) = env.ok_with_stderr(&[
        "init",
        "--name",
        "Jelly Cévennes",
        "--village",
        "florac trois rivieres",
        "--yes",
    ]);
    assert_eq!(err, "Trouvé : Florac Trois Rivières\n");
    let text = env.read("villages.toml");
    assert!(
        text.ends_with("[[village]]\nid = \"florac-trois-rivieres\"\nname = \"Florac Trois Rivières\"\nlat = 44.31621\nlon = 3.58274\ndepartment = \"48\"\n"),
        "{text}"
    );
}

#[test]
fn on_a_terminal_homonyms_are_a_choice_and_the_coordinates_found_are_defaults() {
    let env = TestEnv::demo();
    let mut session = env.pty(&["village", "add", "Saint-Sauveur"]);
    session.expect("Plusieurs communes s'appellent").unwrap();
    // The most populous first: Saint-Sauveur (31), then (38). Take the second.
    session.send("\x1b[B").unwrap();
    session.send("\r").unwrap();
    session.expect("Latitude").unwrap();
    session.send_line("").unwrap();
    session.expect("Longitude").unwrap();
    session.send_line("").unwrap();
    assert_eq!(pty_exit_code(&mut session), 0);
    let text = env.read("villages.toml");
    assert!(
        text.ends_with("id = \"saint-sauveur\"\nname = \"Saint-Sauveur\"\nlat = 45.14557\nlon = 5.34489\ndepartment = \"38\"\n"),
        "{text}"
    );
    // A place jelly does not know: its coordinates are asked for.
    let answers = [("Latitude", "44.3500"), ("Longitude", "3.9500")];
    assert_eq!(
        env.dialog(&["village", "add", "Trifouillis-les-Oies"], &answers),
        0
    );
    let text = env.read("villages.toml");
    assert!(
        text.ends_with("id = \"trifouillis-les-oies\"\nname = \"Trifouillis-les-Oies\"\nlat = 44.35\nlon = 3.95\n"),
        "{text}"
    );
    // Typing other coordinates than those found keeps the name as typed,
    // without the place's department.
    let answers = [("Latitude", "43.99"), ("Longitude", "3.61")];
    let args = ["village", "add", "le vigan", "--id", "vigan-2"];
    assert_eq!(env.dialog(&args, &answers), 0);
    let text = env.read("villages.toml");
    assert!(
        text.ends_with("id = \"vigan-2\"\nname = \"le vigan\"\nlat = 43.99\nlon = 3.61\n"),
        "{text}"
    );
}

#[test]
fn every_commune_is_known_even_a_village_of_75() {
    let env = TestEnv::demo();
    let out = env.output(&["village", "add", "Ansan"]);
    assert!(out.success(), "{}", out.stderr.clone());
    let text = env.read("villages.toml");
    assert!(
        text.ends_with("[[village]]\nid = \"ansan\"\nname = \"Ansan\"\nlat = 43.68705\nlon = 0.78141\ndepartment = \"32\"\n"),
        "{text}"
    );
    // Articles and La Poste's spellings find the same commune.
    let json = env.json(&["village", "search", "ISLE ARNE"]);
    assert_eq!(json[0]["name"], "L'Isle-Arné");
    assert_eq!(json[0]["match"], "exact");
}

#[test]
fn a_postcode_finds_its_communes() {
    let env = TestEnv::demo();
    // 32270 serves nine communes: listed, nothing written, without a terminal.
    let before = env.snapshot();
    let out = env.output(&["--lang", "en", "village", "add", "--postcode", "32270"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr.clone());
    let err = out.stderr.clone();
    assert!(err.contains("9 communes share the postcode 32270"), "{err}");
    assert!(err.contains("Ansan"), "{err}");
    assert_eq!(env.snapshot(), before);
    // With a name, the postcode picks among them.
    let out = env.output(&["village", "add", "ansan", "--postcode", "32270"]);
    assert!(out.success(), "{}", out.stderr.clone());
    assert!(env
        .read("villages.toml")
        .contains("id = \"ansan\"\nname = \"Ansan\""));
    // A postcode serving one commune is enough.
    let out = env.output(&["--format", "json", "village", "add", "--postcode", "30270"]);
    assert!(out.success(), "{}", out.stderr.clone());
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["name"], "Saint-Jean-du-Gard");
    // A name not served by the postcode, an unknown postcode.
    let out = env.output(&[
        "--lang",
        "en",
        "village",
        "add",
        "Auch",
        "--postcode",
        "32270",
    ]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .clone()
            .contains("no commune of postcode 32270 is called `Auch`; its communes: Aubiet, "),
        "{}",
        out.stderr.clone()
    );
    let out = env.output(&["--lang", "en", "village", "add", "--postcode", "99999"]);
    assert_eq!(out.code, Some(2));
    assert!(out
        .stderr
        .clone()
        .contains("no commune has the postcode 99999"));
    // village search takes a postcode too.
    let json = env.json(&["village", "search", "32270"]);
    assert_eq!(json.as_array().unwrap().len(), 9);
}

#[test]
fn a_commune_without_coordinates_is_found_and_its_point_asked_for() {
    let env = TestEnv::demo();
    let before = env.snapshot();
    let out = env.output(&["--lang", "en", "village", "add", "Conques-en-Rouergue"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.clone().contains(
            "Conques-en-Rouergue (12) has no coordinates in jelly's data; give them with --lat and --lon"
        ),
        "{}",
        out.stderr.clone()
    );
    assert_eq!(env.snapshot(), before);
    let out = env.output(&[
        "village",
        "add",
        "Conques-en-Rouergue",
        "--lat",
        "44.6",
        "--lon",
        "2.4",
        "--department",
        "12",
    ]);
    assert!(out.success(), "{}", out.stderr.clone());
    assert!(env
        .read("villages.toml")
        .ends_with("name = \"Conques-en-Rouergue\"\nlat = 44.6\nlon = 2.4\ndepartment = \"12\"\n"));
}
