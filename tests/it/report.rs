//! `jelly report --year Y`: every figure recomputed by an independent
//! script from the TOML files (tests/report/recompute.py); the PDF read
//! back by pdftotext, the .ods by calamine, the HTML parsed as XML-ish text.

use calamine::{Data, Reader};

use crate::harness::{needs, repo_root, TestEnv, NOW};

fn recomputed(env: &TestEnv, year: &str) -> Option<serde_json::Value> {
    let out = std::process::Command::new("python3")
        .arg(repo_root().join("tests/report/recompute.py"))
        .arg(env.path())
        .arg(year)
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

#[track_caller]
fn same(jelly: &serde_json::Value, python: &serde_json::Value, key: &str) {
    match (jelly[key].as_f64(), python[key].as_f64()) {
        (Some(a), Some(b)) => assert!((a - b).abs() < 1e-6, "{key}: jelly {a}, script {b}"),
        _ => assert_eq!(jelly[key], python[key], "{key}"),
    }
}

#[test]
fn every_figure_matches_an_independent_recomputation() {
    let env = TestEnv::demo().at(NOW);
    // An erased person still counts in attendances and people reached.
    env.run(&["participant", "forget", "noemie", "--yes"])
        .ok_with_stderr();
    for year in ["2012", "2013", "2014", "2020"] {
        let jelly = env.json(&["report", "--year", year]);
        let Some(python) = recomputed(&env, year) else {
            return;
        };
        for key in [
            "sessions_held",
            "sessions_cancelled",
            "attendances",
            "people_reached",
            "newcomers",
            "returning",
            "host_villages",
            "villages_reached",
            "departments_reached",
            "members",
            "members_near",
            "share_near",
            "km_total",
            "km_mean",
            "central_venue",
            "km_central",
            "km_saved",
            "by_month",
        ] {
            same(&jelly, &python, key);
        }
        let ids: Vec<_> = jelly["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["id"].clone(), s["attendance"].clone()))
            .collect();
        let expected: Vec<_> = python["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["id"].clone(), s["attendance"].clone()))
            .collect();
        assert_eq!(ids, expected, "{year}");
    }
    let table = env.ok(&["report", "--year", "2013"]);
    assert!(table.contains("Rapport d'activité 2013"), "{table}");
    assert!(table.contains("Personnes touchées"), "{table}");
}

#[test]
fn the_pdf_ods_and_html_say_the_same_figures_with_their_definitions() {
    let env = TestEnv::demo().at(NOW);
    let json = env.json(&["report", "--year", "2013"]);
    let people = json["people_reached"].as_u64().unwrap();
    let km = json["km_total"].as_f64().unwrap();
    let out = env.ok(&["report", "--year", "2013", "-o", "rapport.ods"]);
    assert!(out.contains("rapport.ods"), "{out}");
    env.ok(&["report", "--year", "2013", "-o", "rapport.html"]);
    let html = env.read("rapport.html");
    assert!(html.contains("<svg"), "the map of the year");
    assert!(
        html.contains("id=\"def-people-reached\""),
        "the definitions"
    );
    // The spreadsheet, read by calamine: numbers as numbers.
    let mut book: calamine::Ods<_> = calamine::open_workbook(env.file("rapport.ods")).unwrap();
    let figures = book.worksheet_range("Chiffres clés").unwrap();
    let value = |key: &str| {
        figures
            .rows()
            .find(|row| row.get(2).is_some_and(|c| *c == key))
            .and_then(|row| match &row[1] {
                Data::Float(f) => Some(*f),
                Data::Int(i) => Some(*i as f64),
                _ => None,
            })
    };
    assert_eq!(value("people-reached"), Some(people as f64));
    assert!((value("km-total").unwrap() - km).abs() < 1e-9);
    let sessions = book.worksheet_range("Sessions tenues").unwrap();
    assert_eq!(
        sessions.rows().count(),
        1 + json["sessions_held"].as_u64().unwrap() as usize
    );
    let definitions = book.worksheet_range("Annexe : définitions").unwrap();
    assert_eq!(definitions.rows().count(), 17);
    // The PDF, read by pdftotext.
    if !needs("pdftotext", "pdftotext") {
        return;
    }
    env.ok(&["report", "--year", "2013", "-o", "rapport.pdf"]);
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(env.file("rapport.pdf"))
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Rapport d'activité 2013"), "{text}");
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("Personnes touchées"))
        .unwrap();
    assert!(line.trim_end().ends_with(&people.to_string()), "{line}");
    let km_text = format!("{:.1}", km).replace('.', ",");
    let (int, frac) = km_text.split_once(',').unwrap();
    let grouped = if int.len() > 3 {
        format!("{} {},{frac}", &int[..int.len() - 3], &int[int.len() - 3..])
    } else {
        km_text.clone()
    };
    // French groups thousands with a narrow no-break space; pdftotext may
    // give it back as any kind of space.
    let spaced = text.replace(['\u{202f}', '\u{a0}'], " ");
    assert!(spaced.contains(&grouped), "{grouped} not in {text}");
    assert!(text.contains("Annexe : définitions"), "{text}");
    assert!(text.contains("Nouveaux venus"), "{text}");
    assert!(text.contains("Carte de l'année"), "{text}");
}

#[test]
fn a_report_file_of_another_kind_is_refused() {
    let env = TestEnv::demo().at(NOW);
    let err = env.fails(2, &["report", "--year", "2013", "-o", "rapport.docx"]);
    assert!(err.contains(".pdf, .ods ou .html"), "{err}");
    assert!(!env.file("rapport.docx").exists());
    env.fails(2, &["report", "--year", "deux-mille"]);
}
