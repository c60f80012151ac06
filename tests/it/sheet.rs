//! `jelly sheet`: the sign-in sheet read back by poppler-utils (pdftotext,
//! pdfinfo), an independent PDF reader; and its HTML version.

use std::path::Path;
use std::process::Command;

use crate::harness::*;

const EV: &str = "2026-12-10-ales";

/// Is poppler-utils installed? Skipped (and listed at the end of the run) on a
/// dev machine; a failure on CI.
#[track_caller]
fn poppler() -> bool {
    needs("poppler-utils", "pdftotext") && needs("poppler-utils", "pdfinfo")
}

const FIRST: [&str; 10] = [
    "Éléonore",
    "Gaëtan",
    "Noémie",
    "François",
    "Hélène",
    "Zoé",
    "Jérôme",
    "Maëlle",
    "Loïc",
    "Céline",
];
const LAST: [&str; 8] = [
    "Béranger",
    "Dupré",
    "Lefèvre",
    "Mézière",
    "Château",
    "Roux",
    "Périer",
    "Garçon",
];

/// The name of person `i`: first and last names with accents, all distinct.
fn name(i: usize) -> String {
    format!("{} {}-{}", FIRST[i % 10], LAST[i / 10 % 8], i)
}

/// A network of `people` people, all invited to one session at `time`.
fn network(people: usize, time: &str, language: &str) -> TestEnv {
    let mut participants = String::new();
    for i in 0..people {
        participants.push_str(&format!(
            "[[participant]]\nid = \"p{i}\"\nname = \"{}\"\nvillage = \"{}\"\nprofession = \"{}\"\n\n",
            name(i),
            if i % 2 == 0 { "ales" } else { "saint-jean-du-gard" },
            if i % 3 == 0 { "graphiste" } else { "développeuse" },
        ));
    }
    let invited: Vec<String> = (0..people).map(|i| format!("\"p{i}\"")).collect();
    TestEnv::with_files(&[
        (
            "jelly.toml",
            &format!("[association]\nname = \"Jelly Gard-Lozère\"\nlanguage = \"{language}\"\n\n[mail]\nfrom = \"Sébastien Martin <contact@example.org>\"\n"),
        ),
        (
            "villages.toml",
            "[[village]]\nid = \"ales\"\nname = \"Alès\"\nlat = 44.12489\nlon = 4.08082\n\n\
             [[village]]\nid = \"saint-jean-du-gard\"\nname = \"Saint-Jean-du-Gard\"\nlat = 44.1047\nlon = 3.8853\n",
        ),
        (
            "venues.toml",
            "[[venue]]\nid = \"ales-telecentre\"\nname = \"Télécentre d'Alès\"\nvillage = \"ales\"\naddress = \"12 rue Michelet, 30100 Alès\"\n",
        ),
        ("participants.toml", &participants),
        (
            &format!("events/{EV}.toml"),
            &format!(
                "date = 2026-12-10T{time}:00\nvenue = \"ales-telecentre\"\n\
                 theme = \"L'IA générative pour les indépendants\"\nstatus = \"planned\"\n\
                 invited = [{}]\n",
                invited.join(", ")
            ),
        ),
    ])
}

/// `jelly sheet EV ARGS…`, with `-o NAME` made a path in the data directory.
fn sheet(env: &TestEnv, args: &[&str]) -> Outcome {
    let mut run = env.run(&["sheet", EV]);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        run = run.arg(arg);
        if *arg == "-o" {
            run = run.arg(env.file(args.next().unwrap()));
        }
    }
    run.output()
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn pdfinfo(path: &Path) -> String {
    let out = Command::new("pdfinfo").arg(path).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn eighty_people_on_four_a4_pages_read_back_by_pdftotext() {
    if !poppler() {
        return;
    }
    let env = network(80, "18:30", "fr");
    // Two answers: the yes comes first, the no is left out.
    for (who, answer) in [("p42", "yes"), ("p7", "no")] {
        env.ok(&["--now", "2026-12-01", "rsvp", EV, who, answer]);
    }
    let out = sheet(&env, &["-o", "sheet.pdf"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.contains(": 79 personnes attendues, 4 pages"),
        "{}",
        out.stdout
    );
    let pdf = env.file("sheet.pdf");
    let info = pdfinfo(&pdf);
    // 79 people and at least 5 blank rows, 24 rows a page: 4 pages.
    assert!(info.contains("Pages:           4"), "{info}");
    assert!(info.contains("595.276 x 841.89 pts (A4)"), "{info}");
    let text = pdftotext(&pdf);
    for i in (0..80).filter(|&i| i != 7) {
        assert!(text.contains(&name(i)), "{} missing:\n{text}", name(i));
    }
    assert!(!text.contains(&name(7)), "p7 answered no");
    assert!(
        text.find(&name(42)) < text.find(&name(0)),
        "the yes comes first"
    );
    // The header on every page.
    assert_eq!(
        text.matches("L'IA générative pour les indépendants")
            .count(),
        4
    );
    assert_eq!(text.matches("Feuille d'émargement").count(), 4);
    assert_eq!(
        text.matches("jeudi 10 décembre 2026, de 18:30 à 21:30")
            .count(),
        4
    );
    assert_eq!(
        text.matches("Lieu : Télécentre d'Alès, 12 rue Michelet, 30100 Alès")
            .count(),
        4
    );
    assert!(text.contains("Organisateur ou intervenant : Sébastien Martin"));
    for page in ["1/4", "2/4", "3/4", "4/4"] {
        assert!(text.contains(page), "{page}");
    }
    assert!(text.contains("Saint-Jean-du-Gard") && text.contains("développeuse"));
    // One signature column for an evening session.
    assert!(!text.contains("Matin") && !text.contains("Après-midi"));

    // The same on stdout.
    let out = sheet(&env, &[]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.starts_with("%PDF-"));
}

#[test]
fn a_session_over_both_half_days_has_two_signature_cells_in_english() {
    if !poppler() {
        return;
    }
    let env = network(3, "10:30", "en");
    let out = sheet(&env, &["-o", "sheet.pdf", "--organiser", "Anaïs Roux"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = pdftotext(&env.file("sheet.pdf"));
    assert!(text.contains("Sign-in sheet"), "{text}");
    assert!(
        text.contains("Thursday 10 December 2026, 10:30 to 13:30"),
        "{text}"
    );
    assert!(text.contains("Morning") && text.contains("Afternoon"));
    assert!(text.contains("Organiser or speaker: Anaïs Roux"));
    assert!(text.contains("1/1"));
    // Ending before 13:00 is a morning session: one signature cell.
    let out = sheet(&env, &["-o", "morning.pdf", "--end", "12:30"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = pdftotext(&env.file("morning.pdf"));
    assert!(text.contains("10:30 to 12:30") && !text.contains("Morning"));
}

#[test]
fn the_html_sheet_is_one_self_contained_page() {
    let env = network(30, "18:30", "fr");
    let out = sheet(&env, &["-o", "sheet.html"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let html = env.read("sheet.html");
    for i in 0..30 {
        assert!(html.contains(&name(i)), "{}", name(i));
    }
    assert!(
        html.contains("Télécentre d&#x27;Alès"),
        "values are escaped"
    );
    assert!(html.contains("<thead>") && html.contains("size: A4 portrait"));
    assert!(!html.contains("http") && !html.contains("src=") && !html.contains("<script"));
    // 30 people + at least 5 blank rows: 2 pages of 24 rows, 48 numbered rows.
    assert!(html.contains("<td class=\"n\">48</td>") && !html.contains("<td class=\"n\">49</td>"));
}

#[test]
fn bad_requests_write_nothing() {
    let env = network(3, "18:30", "fr");
    let before = env.snapshot();
    for args in [
        &["-o", "sheet.docx"][..],
        &["--end", "17:00"][..],
        &["--end", "midi"][..],
    ] {
        let out = sheet(&env, args);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
    }
    env.fails(2, &["sheet", "2026-12-11-ales"]);
    assert_eq!(env.snapshot(), before);
}
