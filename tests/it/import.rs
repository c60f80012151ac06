//! `jelly participant import`: HelloAsso exports, generic CSV (Windows-1252,
//! --map), .xlsx and .ods made here, every failure case, idempotence, and
//! the round trip with `jelly participants --format csv`.

use std::io::Write;

use crate::harness::*;

#[allow(unused_imports)]
use crate::harness::Outcome;

/// An association with one village and one participant.
fn small() -> TestEnv {
    TestEnv::with_files(&[
        (
            "villages.toml",
            "# Our villages\n[[village]]\nid = \"auch\"\nname = \"Auch\"\nlat = 43.6465\nlon = 0.5855\ndepartment = \"32\"\n",
        ),
        ("venues.toml", "[[venue]]\nid = \"auch-mediatheque\"\nname = \"Médiathèque\"\nvillage = \"auch\"\n"),
        (
            "participants.toml",
            "# Our members\n[[participant]]\nid = \"jean-martin\"\nname = \"Jean Martin\"\nemail = \"jean@example.org\"\nvillage = \"auch\"\n",
        ),
    ])
}

/// The shape of a HelloAsso membership export: BOM, `;`, CRLF, quoted
/// fields with `;` inside, the payer's columns, custom fields named by the
/// association (one with a trailing space), empty custom fields.
fn helloasso() -> Vec<u8> {
    let rows = [
        "Numéro;Formule;Montant (€);Statut;Nom adhérent;Prénom adhérent;Nom payeur;Prénom payeur;Email payeur;Raison sociale;Date;Email;Code postal ;Ville;Métier",
        "12345678;Adhésion 2025;15,00;Validé;DUPONT;Marie;DUPONT;Paul;paul.dupont@example.org;;09/10/2025 21:59;marie.dupont@example.org;32270;ANSAN;\"graphiste; illustratrice\"",
        "12345679;Adhésion 2025;15,00;Validé;Roux;Léa;Roux;Léa;lea.roux@example.org;;10/10/2025 08:12;;32270;L ISLE ARNE;",
        "12345680;Adhésion 2025;20,00;Validé;Martin;Jean;Martin;Jean;jean@example.org;;11/10/2025 10:00;;32000;Auch;développeur",
        "12345681;Adhésion 2025 (renouvellement);15,00;Validé;DUPONT;Marie;DUPONT;Paul;paul.dupont@example.org;;12/10/2025 09:00;marie.dupont@example.org;32270;Ansan;",
        "12345682;Adhésion 2025;15,00;Validé;Petit;Hugo;Petit;Hugo;hugo@example.org;;13/10/2025 18:30;;01640;ABERGEMENT DE VAREY (L );",
    ];
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(rows.join("\r\n").as_bytes());
    bytes.extend_from_slice(b"\r\n");
    bytes
}

fn input(name: &str, bytes: &[u8]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let path = path.display().to_string();
    (dir, path)
}

fn json(out: &Outcome) -> serde_json::Value {
    serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", out.stdout, out.stderr))
}

#[test]
fn a_helloasso_export_brings_members_and_their_villages_in_once() {
    let env = small();
    let (_keep, file) = input("export-adherents.csv", &helloasso());
    let report = env.json(&["participant", "import", &file]);
    assert_eq!(report["added"], 3, "{report}");
    assert_eq!(
        report["unchanged"], 1,
        "Jean Martin is there already: {report}"
    );
    assert_eq!(report["updated"], 0);
    assert_eq!(report["villages_added"], 3);
    assert_eq!(report["problems"], serde_json::json!([]));
    let villages = env.read("villages.toml");
    assert!(villages.starts_with("# Our villages\n"), "comments kept");
    assert!(villages.contains(
        "[[village]]\nid = \"ansan\"\nname = \"Ansan\"\nlat = 43.68705\nlon = 0.78141\ndepartment = \"32\"\n"
    ));
    assert!(
        villages.contains("id = \"l-isle-arne\"\nname = \"L'Isle-Arné\""),
        "{villages}"
    );
    assert!(villages.contains("id = \"l-abergement-de-varey\"\nname = \"L'Abergement-de-Varey\"\nlat = 46.00919\nlon = 5.42802\ndepartment = \"01\""), "{villages}");
    let people = env.read("participants.toml");
    assert!(people.starts_with("# Our members\n"));
    // The member's own email, not the payer's; the renewal is the same person,
    // joined on the first date; the quoted `;` kept.
    assert!(
        people.contains(
            "[[participant]]\nid = \"marie-dupont\"\nname = \"Marie DUPONT\"\nemail = \"marie.dupont@example.org\"\nvillage = \"ansan\"\nprofession = \"graphiste; illustratrice\"\njoined = 2025-10-09\n"
        ),
        "{people}"
    );
    assert_eq!(people.matches("Marie DUPONT").count(), 1);
    assert!(
        people.contains(
            "name = \"Léa Roux\"\nemail = \"lea.roux@example.org\"\nvillage = \"l-isle-arne\""
        ),
        "the payer's email without her own"
    );
    let check = env.output(&["check"]);
    assert!(check.success(), "{}", check.stderr.clone());

    // Again: nothing changes, byte for byte.
    let before = env.snapshot();
    let report = env.json(&["participant", "import", &file]);
    assert_eq!(
        (report["added"].as_u64(), report["unchanged"].as_u64()),
        (Some(0), Some(4)),
        "{report}"
    );
    assert_eq!(report["villages_added"], 0);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn update_rewrites_the_fields_that_changed_and_says_which() {
    let env = small();
    let export = "Nom;Prénom;Email;Code postal;Ville;Métier\r\nMartin;Jean;JEAN@example.org;32000;Auch;menuisier\r\n";
    let (_keep, file) = input("a.csv", export.as_bytes());
    // Without --update: listed, not written.
    let before = env.snapshot();
    let text = env.ok(&["--lang", "en", "participant", "import", &file]);
    assert!(text.contains("menuisier"), "{text}");
    assert!(
        text.contains("0 participants added, 0 updated, 1 unchanged, 0 villages added."),
        "{text}"
    );
    assert!(
        text.contains("1 field differs from the file; --update rewrites it."),
        "{text}"
    );
    assert_eq!(env.snapshot(), before);
    let report = env.json(&["participant", "import", &file, "--update"]);
    assert_eq!(report["updated"], 1);
    assert_eq!(
        report["changes"],
        serde_json::json!([{"id": "jean-martin", "field": "profession", "from": "", "to": "menuisier"}])
    );
    assert_eq!(
        env.read("participants.toml"),
        "# Our members\n[[participant]]\nid = \"jean-martin\"\nname = \"Jean Martin\"\nemail = \"jean@example.org\"\nvillage = \"auch\"\nprofession = \"menuisier\"\n"
    );
}

#[test]
fn any_uncertain_row_stops_everything_and_every_problem_is_listed() {
    let env = small();
    let export = "\u{feff}Nom adhérent;Prénom adhérent;Email;Code postal ;Ville\r\n\
        Dupont;Marie;marie@example.org;32270;Ansan\r\n\
        Roux;Léa;lea@example.org;32270;Auch\r\n\
        Petit;Hugo;hugo@example.org;;Saint-Sauveur\r\n\
        ;;x@example.org;32000;Auch\r\n\
        Blanc;Eva;pas-un-mail;99999;Nulle-Part\r\n\
        Noir;Léo;leo@example.org;;\r\n\
        Vert;Ana;ana@example.org;;Conques-en-Rouergue\r\n";
    let (_keep, file) = input("export.csv", export.as_bytes());
    let before = env.snapshot();
    let out = env.output(&["--lang", "en", "participant", "import", &file]);
    assert_eq!(out.code, Some(2), "{}", out.stdout.clone());
    assert_eq!(env.snapshot(), before, "nothing written");
    let err = out.stderr.clone();
    for expected in [
        ":3: no commune of postcode 32270 is called `Auch`; its communes: Aubiet, ",
        ":4: 11 communes match `Saint-Sauveur`: Saint-Sauveur (31), ",
        ":5: no name",
        ":6: invalid email address `pas-un-mail`",
        ":6: no commune has the postcode 99999",
        ":7: no village, postcode or town",
        ":8: Conques-en-Rouergue (12) has no coordinates in jelly's data",
        "6 rows have problems: nothing was written (--skip-bad imports the other rows)",
    ] {
        assert!(
            err.contains(&format!("{file}{expected}")) || err.contains(expected),
            "{expected}\n{err}"
        );
    }
    assert!(!err.contains(":2:"), "{err}");
    // JSON: the same problems, exit 2, nothing written.
    let out = env.output(&["--format", "json", "participant", "import", &file]);
    assert_eq!(out.code, Some(2));
    let report = json(&out);
    assert_eq!(report["added"], 0);
    assert_eq!(report["problems"].as_array().unwrap().len(), 7, "{report}");
    assert_eq!(report["problems"][0]["line"], 3);
    assert_eq!(env.snapshot(), before);
    // --dry-run --skip-bad: what would happen; still nothing written.
    let text = env.ok(&[
        "--lang",
        "en",
        "participant",
        "import",
        &file,
        "--skip-bad",
        "--dry-run",
    ]);
    assert!(
        text.contains("Without --dry-run: 1 participant added, 0 updated, 0 unchanged, 1 village added, 7 problems skipped. Nothing was written."),
        "{text}"
    );
    assert_eq!(env.snapshot(), before);
    // --skip-bad: the good row only.
    assert_eq!(
        env.json(&["participant", "import", &file, "--skip-bad",])["added"],
        1
    );
    assert!(env
        .read("participants.toml")
        .contains("name = \"Marie Dupont\""));
    let check = env.output(&["check"]);
    assert!(check.success(), "{}", check.stderr.clone());
}

#[test]
fn whole_file_problems_exit_2() {
    let env = small();
    let before = env.snapshot();
    let cases: [(&str, &[u8], &[&str], &str); 5] = [
        ("empty.csv", b"", &[], "empty file"),
        (
            "noname.csv",
            b"Email;Ville\r\na@example.org;Auch\r\n",
            &[],
            "no name column",
        ),
        (
            "noplace.csv",
            b"Nom;Email\r\nA;a@example.org\r\n",
            &[],
            "no postcode, town or village column",
        ),
        (
            "map.csv",
            b"Nom;Ville\r\nA;Auch\r\n",
            &["--map", "Tel=email"],
            "no column `Tel` in the file",
        ),
        (
            "field.csv",
            b"Nom;Ville\r\nA;Auch\r\n",
            &["--map", "Nom=nickname"],
            "--map takes COLUMN=FIELD, `nickname`",
        ),
    ];
    for (name, bytes, extra, expected) in cases {
        let (_keep, file) = input(name, bytes);
        let mut args = vec!["--lang", "en", "participant", "import", &file];
        args.extend_from_slice(extra);
        let out = env.output(&args);
        assert_eq!(out.code, Some(2), "{name}");
        assert!(out.stderr.contains(expected), "{name}: {}", out.stderr);
    }
    let out = env.output(&[
        "--lang",
        "en",
        "participant",
        "import",
        "/nonexistent/members.csv",
    ]);
    assert_eq!(out.code, Some(2));
    assert!(out
        .stderr
        .clone()
        .contains("no such file: /nonexistent/members.csv"));
    let (_keep, file) = input("broken.xlsx", b"PK\x03\x04 not really a spreadsheet");
    let out = env.output(&["--lang", "en", "participant", "import", &file]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.clone().contains("unreadable spreadsheet"),
        "{}",
        out.stderr.clone()
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn an_old_excel_csv_in_windows_1252_with_its_own_headers_and_map() {
    let env = small();
    // Windows-1252: é is 0xE9; comma-separated; the association's own names.
    let mut bytes = Vec::new();
    bytes.extend_from_slice(b"Adh_Nom,Adh_CP,Adh_Commune,Courriel,Rayon (km),Inscrit le\r\n");
    bytes.extend_from_slice(
        b"H\xE9l\xE8ne Fabre,32270,MARSAN,helene@example.org,\"25,5\",2025-09-01\r\n",
    );
    bytes.extend_from_slice(b"Andr\xE9 Gu\xE9rin,30270,St Jean du Gard,,12,01/02/2024\r\n");
    let (_keep, file) = input("membres.csv", &bytes);
    assert_eq!(
        env.json(&[
            "participant",
            "import",
            &file,
            "--from",
            "csv",
            "--map",
            "adh_nom=name",
            "--map",
            "Adh_CP=postcode",
            "--map",
            "ADH_COMMUNE=town",
            "--map",
            "Rayon (km)=max_km",
            "--map",
            "Inscrit le=joined",
        ])["added"],
        2
    );
    let people = env.read("participants.toml");
    assert!(
        people.contains("id = \"helene-fabre\"\nname = \"Hélène Fabre\"\nemail = \"helene@example.org\"\nvillage = \"marsan\"\nmax_km = 25.5\njoined = 2025-09-01\n"),
        "{people}"
    );
    assert!(
        people.contains("id = \"andre-guerin\"\nname = \"André Guérin\"\nvillage = \"saint-jean-du-gard\"\nmax_km = 12\njoined = 2024-02-01\n"),
        "{people}"
    );
}

#[test]
fn an_xlsx_spreadsheet() {
    let env = small();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, title) in [
        "Prénom",
        "Nom",
        "E-mail",
        "Code postal",
        "Ville",
        "Date d'adhésion",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, col as u16, *title).unwrap();
    }
    sheet.write_string(1, 0, "Marie").unwrap();
    sheet.write_string(1, 1, "Dupont").unwrap();
    sheet.write_string(1, 2, "marie@example.org").unwrap();
    // Postcodes typed as numbers: 01640 became 1640.
    sheet.write_number(1, 3, 1640.0).unwrap();
    sheet.write_string(1, 4, "L'Abergement-de-Varey").unwrap();
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 10, 9).unwrap();
    let format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    sheet
        .write_datetime_with_format(1, 5, &date, &format)
        .unwrap();
    sheet.write_string(2, 0, "Paul").unwrap();
    sheet.write_string(2, 1, "Durand").unwrap();
    sheet.write_number(2, 3, 32270.0).unwrap();
    sheet.write_string(2, 4, "Inconnue").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let (_keep, file) = input("membres.xlsx", &bytes);
    let out = env.output(&[
        "--lang",
        "en",
        "--format",
        "json",
        "participant",
        "import",
        &file,
    ]);
    assert_eq!(out.code, Some(2));
    let report = json(&out);
    assert_eq!(
        report["problems"][0]["line"], 3,
        "the spreadsheet's row number: {report}"
    );
    env.json(&["participant", "import", &file, "--skip-bad"]);
    assert!(env.read("participants.toml").contains(
        "name = \"Marie Dupont\"\nemail = \"marie@example.org\"\nvillage = \"l-abergement-de-varey\"\njoined = 2025-10-09\n"
    ));
}

/// A minimal OpenDocument spreadsheet: the zip (mimetype first, stored)
/// with its manifest and content.xml.
fn ods(rows: &[&[&str]]) -> Vec<u8> {
    let mut table = String::new();
    for row in rows {
        table.push_str("<table:table-row>");
        for cell in *row {
            if cell.is_empty() {
                table.push_str("<table:table-cell/>");
            } else {
                table.push_str(&format!(
                    "<table:table-cell office:value-type=\"string\"><text:p>{cell}</text:p></table:table-cell>"
                ));
            }
        }
        table.push_str("</table:table-row>");
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
<office:body><office:spreadsheet><table:table table:name=\"Membres\">{table}</table:table>\
</office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
</manifest:manifest>";
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn an_ods_spreadsheet() {
    let env = small();
    let bytes = ods(&[
        &["Name", "Email", "Postcode", "Town", "Profession"],
        &[
            "Zoé Lambert",
            "zoe@example.org",
            "32270",
            "St Sauvy",
            "traductrice",
        ],
        &["", "", "", "", ""],
        &["Jean Martin", "jean@example.org", "32000", "AUCH", ""],
    ]);
    let (_keep, file) = input("membres.ods", &bytes);
    let report = env.json(&["participant", "import", &file, "--from", "ods"]);
    assert_eq!(
        (report["added"].as_u64(), report["unchanged"].as_u64()),
        (Some(1), Some(1)),
        "{report}"
    );
    assert!(env.read("participants.toml").contains(
        "name = \"Zoé Lambert\"\nemail = \"zoe@example.org\"\nvillage = \"saint-sauvy\"\nprofession = \"traductrice\"\n"
    ));
}

#[test]
fn the_csv_of_participants_reads_back_unchanged() {
    let env = TestEnv::demo();
    // One person agreed to be named for car-sharing: that survives too.
    env.edit(
        "participants.toml",
        "id = \"edith\"\n",
        "id = \"edith\"\ncarpool = true\n",
    );
    let csv = env.ok(&["--format", "csv", "participants"]);
    assert!(
        csv.starts_with(
            "id,name,email,village,town,department,max_km,profession,joined,active,carpool\r\n"
        ),
        "{csv}"
    );
    let (_keep, file) = input("participants.csv", csv.as_bytes());
    // Into the same association: nothing changes.
    let before = env.snapshot();
    let report = env.json(&["participant", "import", &file]);
    assert_eq!(report["added"], 0, "{report}");
    assert_eq!(report["changes"], serde_json::json!([]), "{report}");
    assert_eq!(env.snapshot(), before);
    // Into the same villages without participants: the same people.
    let listed = |env: &TestEnv| env.json(&["participants"]);
    let original = listed(&env);
    let edith = |list: &serde_json::Value| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == "edith")
            .map(|p| p["carpool"].clone())
    };
    assert_eq!(edith(&original), Some(serde_json::json!(true)));
    // Sessions name participants: without them, an association of villages only.
    std::fs::remove_dir_all(env.file("events")).unwrap();
    env.write("participants.toml", "# Imported\n");
    env.json(&["participant", "import", &file]);
    assert_eq!(listed(&env), original);
    let again = env.ok(&["--format", "csv", "participants"]);
    assert_eq!(again, csv);
}
