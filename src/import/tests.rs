use super::columns::{match_columns, Field};
use super::read::Row;
use super::*;

fn row(line: usize, cells: &[&str]) -> Row {
    Row {
        line,
        cells: cells.iter().map(|s| s.to_string()).collect(),
    }
}

fn header(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn village(id: &str, name: &str, department: Option<&str>, lat: f64, lon: f64) -> Village {
    Village {
        id: id.into(),
        name: name.into(),
        lat,
        lon,
        department: department.map(Into::into),
    }
}

#[test]
fn numbers_and_dates_as_exports_write_them() {
    assert_eq!(parse_decimal("15,00"), Some(15.0));
    assert_eq!(parse_decimal(" 12.5 "), Some(12.5));
    assert_eq!(parse_decimal("30 km"), Some(30.0));
    assert_eq!(parse_decimal("1 200,5"), Some(1200.5));
    assert_eq!(parse_decimal("loin"), None);
    assert_eq!(parse_decimal("inf"), None);
    let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    assert_eq!(parse_date("09/10/2025 21:59"), d("2025-10-09"));
    assert_eq!(parse_date("09/10/2025"), d("2025-10-09"));
    assert_eq!(parse_date("2025-10-09"), d("2025-10-09"));
    assert_eq!(parse_date("2025-10-09 21:59"), d("2025-10-09"));
    assert_eq!(parse_date("31/02/2025"), None);
    assert_eq!(parse_date("hier"), None);
}

#[test]
fn a_helloasso_row_becomes_a_record_with_the_members_own_email() {
    let h = header(&[
        "Nom adhérent",
        "Prénom adhérent",
        "Email payeur",
        "Date",
        "Email",
        "Code postal ",
        "Ville",
    ]);
    let columns = match_columns(&h, &[]).unwrap();
    let good = |r: Option<(Record, Vec<Problem>)>| {
        let (record, problems) = r.unwrap();
        assert_eq!(problems, []);
        record
    };
    let bad = |r: Option<(Record, Vec<Problem>)>| r.unwrap().1;
    let r = good(record(
        &row(
            2,
            &[
                "DUPONT",
                "Marie",
                "papa@example.org",
                "09/10/2025 21:59",
                "marie@example.org",
                "32270",
                "ANSAN",
            ],
        ),
        &columns,
    ));
    assert_eq!(r.name, "Marie DUPONT");
    assert_eq!(r.email.as_deref(), Some("marie@example.org"));
    assert_eq!(r.postcode.as_deref(), Some("32270"));
    assert_eq!(r.joined, NaiveDate::from_ymd_opt(2025, 10, 9));
    // Without their own, the payer's email.
    let r = good(record(
        &row(
            3,
            &["Roux", "Léa", "lea@example.org", "", "", "32270", "Ansan"],
        ),
        &columns,
    ));
    assert_eq!(r.email.as_deref(), Some("lea@example.org"));
    assert_eq!(r.joined, None);
    // An empty row is nothing; a row of problems lists them all.
    assert_eq!(
        record(&row(4, &["", " ", "", "", "", "", ""]), &columns),
        None
    );
    let problems = bad(record(
        &row(5, &["", "", "pas-un-mail", "hier", "", "", ""]),
        &columns,
    ));
    assert_eq!(
        problems,
        [
            Problem::NoName,
            Problem::BadEmail("pas-un-mail".into()),
            Problem::BadDate("hier".into()),
            Problem::NoPlace
        ]
    );
    let problems = bad(record(
        &row(6, &["A\u{7}", "B", "", "", "", "32270", ""]),
        &columns,
    ));
    assert!(
        matches!(
            &problems[..],
            [Problem::Text(
                Field::LastName,
                crate::model::validate::TextProblem::Control { position: 2, .. }
            )]
        ),
        "{problems:?}"
    );
    assert_eq!(
        parse_date("01/01/1850"),
        NaiveDate::from_ymd_opt(1850, 1, 1)
    );
    let h = header(&["Nom", "Ville", "Date"]);
    let columns = match_columns(&h, &[]).unwrap();
    let problems = record(&row(7, &["A", "Auch", "01/01/1850"]), &columns)
        .unwrap()
        .1;
    assert_eq!(problems, [Problem::BadDate("01/01/1850".into())]);
}

#[test]
fn numbers_ids_and_flags_are_checked() {
    let h = header(&["id", "name", "village", "max_km", "active"]);
    let columns = match_columns(&h, &[]).unwrap();
    let r = record(
        &row(2, &["marie", "Marie", "ansan", "15,00", "non"]),
        &columns,
    )
    .unwrap()
    .0;
    assert_eq!((r.max_km, r.active), (Some(15.0), Some(false)));
    let problems = record(
        &row(3, &["Marie D", "Marie", "ansan", "-3", "peut-être"]),
        &columns,
    )
    .unwrap()
    .1;
    assert_eq!(
        problems,
        [
            Problem::NegativeKm("-3".into()),
            Problem::BadActive("peut-être".into()),
            Problem::BadId("Marie D".into())
        ]
    );
    let problems = record(&row(4, &["", "Marie", "ansan", "loin", ""]), &columns)
        .unwrap()
        .1;
    assert_eq!(problems, [Problem::BadNumber(Field::MaxKm, "loin".into())]);
}

/// A record read at `line` with only a name, a postcode and a town (an
/// empty one is absent).
fn town_record(line: usize, name: &str, postcode: &str, town: &str) -> Record {
    Record {
        line,
        id: None,
        name: name.into(),
        email: None,
        postcode: Some(postcode.into()).filter(|p: &String| !p.is_empty()),
        town: Some(town.into()).filter(|t: &String| !t.is_empty()),
        village: None,
        profession: None,
        max_km: None,
        joined: None,
        active: None,
        carpool: None,
        listed: None,
        skills: None,
        website: None,
        phone: None,
    }
}

fn placed(
    resolver: &Resolver,
    name: &str,
    email: Option<&str>,
    postcode: &str,
    town: &str,
) -> Placed {
    let record = Record {
        email: email.map(Into::into),
        ..town_record(2, name, postcode, town)
    };
    let place = resolver.place(&record).unwrap();
    Placed { record, place }
}

#[test]
fn communes_become_the_villages_already_there_or_new_ones() {
    let villages = [
        village("auch-centre", "Auch", Some("32"), 43.64, 0.58),
        village("anduze", "Anduze", None, 44.05, 3.98),
    ];
    let resolver = Resolver::new(&villages);
    let auch = placed(&resolver, "A", None, "32000", "AUCH");
    assert_eq!(auch.place, Place::Village("auch-centre".into()));
    // Without department, the same name within 10 km.
    let anduze = placed(&resolver, "B", None, "30140", "Anduze");
    assert_eq!(anduze.place, Place::Village("anduze".into()));
    let ansan = placed(&resolver, "C", None, "32270", "Ansan");
    assert!(matches!(ansan.place, Place::Commune(c) if c.name == "Ansan"));
    let record = |postcode: &str, town: &str| town_record(7, "X", postcode, town);
    assert!(matches!(
        resolver.place(&record("32270", "Auch")),
        Err(Problem::UnknownTownForPostcode { communes, .. }) if communes.len() == 9
    ));
    assert!(matches!(
        resolver.place(&record("", "Saint-Sauveur")),
        Err(Problem::Ambiguous { candidates, .. }) if candidates.len() > 5
    ));
    assert_eq!(
        resolver.place(&record("99999", "X")),
        Err(Problem::UnknownPostcode("99999".into()))
    );
    assert!(matches!(
        resolver.place(&record("", "Conques-en-Rouergue")),
        Err(Problem::NoCoordinates(c)) if c == "Conques-en-Rouergue (12)"
    ));
    let mut with_id = record("", "");
    with_id.village = Some("nowhere".into());
    assert_eq!(
        resolver.place(&with_id),
        Err(Problem::UnknownVillage("nowhere".into()))
    );
}

#[test]
fn merge_adds_once_matches_by_email_then_name_and_updates_only_when_asked() {
    let villages = [village("ansan", "Ansan", Some("32"), 43.68705, 0.78141)];
    let resolver = Resolver::new(&villages);
    let existing = [Participant {
        id: "marie-dupont".into(),
        name: "Marie Dupont".into(),
        email: Some("Marie@Example.org".into()),
        village: "ansan".into(),
        max_km: None,
        active: true,
        profession: None,
        joined: NaiveDate::from_ymd_opt(2024, 1, 1),
        mail: true,
        bounced: None,
        skills: vec![],
        aliases: vec![],
        listed: false,
        website: None,
        phone: None,
        carpool: false,
    }];
    let mut renamed = placed(
        &resolver,
        "Marie Dupont-Roux",
        Some("marie@example.org"),
        "32270",
        "Ansan",
    );
    renamed.record.joined = NaiveDate::from_ymd_opt(2025, 10, 9);
    let rows = vec![
        renamed.clone(),
        placed(&resolver, "Léa Roux", None, "32270", "Aubiet"),
        placed(&resolver, "Léa  ROUX", None, "32270", "AUBIET"),
        placed(&resolver, "Marie Dupont", None, "32270", "Marsan"),
    ];
    let outcome = merge(rows.clone(), &existing, &villages, false);
    assert_eq!(outcome.unchanged, 1);
    assert!(outcome.updated.is_empty());
    assert_eq!(
        outcome.changes,
        [Change {
            id: "marie-dupont".into(),
            field: "name",
            from: "Marie Dupont".into(),
            to: "Marie Dupont-Roux".into()
        }],
        "a later joined date does not move it"
    );
    let added: Vec<(&str, &str)> = outcome
        .added
        .iter()
        .map(|p| (p.id.as_str(), p.village.as_str()))
        .collect();
    // Léa twice is one person; the other Marie Dupont lives elsewhere.
    assert_eq!(
        added,
        [("lea-roux", "aubiet"), ("marie-dupont-2", "marsan")]
    );
    let new_villages: Vec<&str> = outcome.new_villages.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(new_villages, ["aubiet", "marsan"]);
    assert_eq!(outcome.new_villages[0].department.as_deref(), Some("32"));

    let outcome = merge(rows, &existing, &villages, true);
    assert_eq!(outcome.unchanged, 0);
    assert_eq!(outcome.updated.len(), 1);
    assert_eq!(outcome.updated[0].1.name, "Marie Dupont-Roux");
    assert_eq!(
        outcome.updated[0].1.joined,
        NaiveDate::from_ymd_opt(2024, 1, 1)
    );
}

#[test]
fn new_ids_follow_the_unique_slug_rule() {
    let mut ids = Ids::new(["marie".to_string(), "marie-3".to_string()]);
    assert_eq!(ids.make("Marie"), "marie-2");
    assert_eq!(ids.make("Marie"), "marie-4");
    assert_eq!(ids.make("Marie"), "marie-5");
    assert_eq!(ids.make("Édith Piaf"), "edith-piaf");
    let taken = [
        "marie",
        "marie-2",
        "marie-3",
        "marie-4",
        "marie-5",
        "edith-piaf",
    ];
    assert_eq!(
        crate::model::unique_slug("Marie", |s| taken.contains(&s)),
        ids.make("Marie")
    );
}

#[test]
fn a_village_is_the_commune_its_name_designates_articles_included() {
    // La Vergne and Vergne: two communes of Charente-Maritime.
    let la_vergne = gazetteer::lookup("La Vergne", Some("17"))[0];
    let vergne = gazetteer::lookup("Vergne", Some("17"))[0];
    assert_ne!(la_vergne.insee, vergne.insee);
    let resolver = Resolver::new(&[village("la-vergne", "La Vergne", Some("17"), 45.9, -0.6)]);
    assert_eq!(resolver.village_of(la_vergne), Some("la-vergne"));
    assert_eq!(resolver.village_of(vergne), None);
}

/// The rows of `text` (a CSV file) merged into `existing` with `--update`.
fn import_csv(text: &str, existing: &[Participant], villages: &[Village]) -> Outcome {
    let table = super::read::read(text.as_bytes(), super::read::Kind::Csv).unwrap();
    let columns = match_columns(&table.header, &[]).unwrap();
    let resolver = Resolver::new(villages);
    let mut placed = Vec::new();
    for row in &table.rows {
        let (record, problems) = record(row, &columns).unwrap();
        assert!(problems.is_empty(), "line {}: {problems:?}", row.line);
        let place = resolver.place(&record).unwrap();
        placed.push(Placed { record, place });
    }
    merge(placed, existing, villages, true)
}

#[test]
fn the_lafforgue_rows_are_two_people_and_said_to_be() {
    let villages = [village(
        "sainte-christie",
        "Sainte-Christie",
        Some("32"),
        43.7,
        0.6,
    )];
    let csv = "name,email,village\r\n\
               Léa Lafforgue,lea@example.org,sainte-christie\r\n\
               Léa Lafforgue,lea.lafforgue@example.org,sainte-christie\r\n\
               Léa Lafforgue,,sainte-christie\r\n";
    let outcome = import_csv(csv, &[], &villages);
    let added: Vec<(&str, Option<&str>)> = outcome
        .added
        .iter()
        .map(|p| (p.id.as_str(), p.email.as_deref()))
        .collect();
    // The row without an address is the first Léa (nothing tells it from
    // her; it gives nothing new); the other address is another person.
    assert_eq!(
        added,
        [
            ("lea-lafforgue", Some("lea@example.org")),
            ("lea-lafforgue-2", Some("lea.lafforgue@example.org"))
        ]
    );
    assert_eq!(
        outcome.notes,
        [Note::Homonyms {
            line: 3,
            name: "Léa Lafforgue".into(),
            other_line: Some(2),
            other_id: None,
        }]
    );
    // Imported again, it changes nothing.
    let again = import_csv(csv, &outcome.added, &villages);
    assert!(
        again.added.is_empty() && again.updated.is_empty(),
        "{again:?}"
    );
    assert_eq!(again.unchanged, 2);
    // A row without an address, alone, could be either Léa: listed, not guessed.
    let alone = import_csv(
        "name,village\r\nLéa Lafforgue,sainte-christie\r\n",
        &outcome.added,
        &villages,
    );
    assert!(alone.added.is_empty() && alone.updated.is_empty());
    assert_eq!(
        alone.notes,
        [Note::Doubtful {
            line: 2,
            candidates: vec!["lea-lafforgue".into(), "lea-lafforgue-2".into()]
        }]
    );
}

#[test]
fn a_later_row_of_the_same_person_never_drops_a_value_silently() {
    let villages = [village("auch", "Auch", Some("32"), 43.6, 0.58)];
    let csv = "name,email,village,profession\r\n\
               Paul Roux,paul@example.org,auch,menuisier\r\n\
               Paul Roux-Dupuy,PAUL@example.org,auch,ébéniste\r\n";
    let outcome = import_csv(csv, &[], &villages);
    assert_eq!(outcome.added.len(), 1);
    let fields: Vec<&str> = outcome
        .notes
        .iter()
        .filter_map(|n| match n {
            Note::Replaced { field, .. } => Some(*field),
            _ => None,
        })
        .collect();
    assert_eq!(fields, ["name", "profession"]);
}

mod round_trip {
    use super::*;
    use proptest::prelude::*;

    /// Indices into the name, village, email and job lists, then max_km,
    /// joined (days after 2020-01-01), active, carpool, mail, bounced.
    type Person = (
        usize,
        usize,
        Option<usize>,
        Option<f64>,
        Option<usize>,
        Option<u32>,
        bool,
        bool,
        bool,
        bool,
    );

    fn person() -> impl Strategy<Value = Person> {
        (
            0..4usize,
            0..2usize,
            proptest::option::of(0..3usize),
            proptest::option::of(prop_oneof![Just(12.0), Just(30.5), Just(0.0)]),
            proptest::option::of(0..3usize),
            proptest::option::of(0..3000u32),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// `participants --format csv` read back by `participant import`
        /// changes nothing, whatever the file holds: namesakes, shared and
        /// missing addresses, car-sharing, `mail = false`, bounced addresses.
        #[test]
        fn the_csv_export_imports_as_a_no_op(people in proptest::collection::vec(person(), 0..12)) {
            const NAMES: [&str; 4] = ["Léa Lafforgue", "Jean-Marie St Cyr", "Zoé  Ménard", "O'Neil, \"Bob\""];
            const EMAILS: [&str; 3] = ["lea@example.org", "Zoe.Menard@Example.org", "zoe.menard@example.org"];
            const JOBS: [&str; 3] = ["graphiste", "développeuse; web", " menuisier "];
            let villages = vec![
                village("auch", "Auch", Some("32"), 43.6, 0.58),
                village("sainte-christie", "Sainte-Christie", Some("32"), 43.7, 0.6),
            ];
            let participants: Vec<Participant> = people
                .iter()
                .enumerate()
                .map(|(i, &(name, village, email, max_km, job, joined, active, carpool, mail, bounced))| Participant {
                    id: format!("p{i}"),
                    name: NAMES[name].into(),
                    email: email.map(|e| EMAILS[e].to_string()),
                    village: villages[village].id.clone(),
                    max_km,
                    active,
                    profession: job.map(|j| JOBS[j].to_string()),
                    joined: joined.map(|d| NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(u64::from(d))),
                    carpool,
                    mail,
                    bounced: bounced.then(|| NaiveDate::from_ymd_opt(2025, 5, 5).unwrap()),
                    skills: vec![],
                    aliases: vec![],
                    listed: false,
                    website: None,
                    phone: None,
                })
                .collect();
            let data = crate::model::Dataset {
                villages: villages.clone(),
                participants: participants.clone(),
                ..Default::default()
            };
            let csv = crate::commands::participant::csv(&data);
            let outcome = import_csv(&csv, &participants, &villages);
            prop_assert!(outcome.added.is_empty(), "{:?}", outcome.added);
            prop_assert!(outcome.updated.is_empty(), "{:?}", outcome.updated);
            prop_assert!(outcome.changes.is_empty(), "{:?}", outcome.changes);
            prop_assert!(outcome.new_villages.is_empty());
            prop_assert_eq!(outcome.unchanged, participants.len());
        }
    }
}
