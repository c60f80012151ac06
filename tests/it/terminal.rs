//! Issue 24: tables fit the terminal (tested in a real pseudo-terminal of
//! 80 and 120 columns); a pipe gets the whole table, never wrapped.

use crate::harness::TestEnv;

const NOW: &str = "2026-12-01T09:00";

/// `jelly ARGS` in a pseudo-terminal `columns` wide: its whole output (the
/// size is set before jelly starts, so jelly sees it at once).
pub fn in_terminal(env: &TestEnv, columns: u16, args: &[&str]) -> String {
    let jelly = env.run(args).command();
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(format!(
            "sleep 0.3; stty cols {columns} rows 50; exec \"$0\" \"$@\""
        ))
        .arg(jelly.get_program())
        .args(jelly.get_args())
        .env_clear()
        .env("TERM", "dumb");
    for (name, value) in jelly.get_envs() {
        if let Some(value) = value {
            cmd.env(name, value);
        }
    }
    if let Some(dir) = jelly.get_current_dir() {
        cmd.current_dir(dir);
    }
    let mut session = expectrl::Session::spawn(cmd).expect("spawn in a pseudo-terminal");
    // The pseudo-terminal gets a default size when it is made; set ours from
    // this side too, so whichever comes last, jelly sees `columns`.
    session
        .get_process_mut()
        .set_window_size(columns, 50)
        .expect("set the window size");
    session.set_expect_timeout(Some(std::time::Duration::from_secs(30)));
    // Read until the terminal closes (EIO on Linux once jelly has exited).
    let mut bytes = Vec::new();
    let _ = std::io::Read::read_to_end(&mut session, &mut bytes);
    let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
    match session.get_process().wait().expect("wait") {
        expectrl::WaitStatus::Exited(_, 0) => {}
        other => panic!("jelly {args:?} ended with {other:?}:\n{text}"),
    }
    text
}

fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// Every cell whole: the figures of the first venue appear unbroken.
fn assert_unbroken(text: &str, pieces: &[&str]) {
    for piece in pieces {
        assert!(text.contains(piece), "{piece} broken or missing:\n{text}");
    }
}

#[test]
fn next_fits_80_and_120_columns_and_wide_shows_everything() {
    let env = TestEnv::demo().at(NOW);
    let piped = env.ok(&["next"]);
    let json = env.json(&["next"]);
    let first = &json["ranking"][0];
    let venue = first["venue"].as_str().unwrap_or("ales-telecentre");
    assert!(piped.contains(venue), "{piped}");
    // A pipe gets every column, whatever its width.
    assert!(widest(&piped) > 120, "{piped}");
    assert!(piped.contains("dernière session"));

    let narrow = in_terminal(&env, 80, &["next"]);
    let table: String = narrow
        .lines()
        .filter(|l| l.starts_with(['┌', '│', '╞', '└']))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!table.is_empty(), "{narrow}");
    assert!(widest(&table) <= 80, "wider than 80:\n{narrow}");
    // Venues by name (the id is the first column to go).
    assert_unbroken(&narrow, &["Télécentre d'Alès", "575,0", "rang", "lieu"]);
    assert!(
        narrow.contains("masquées pour tenir dans le terminal"),
        "{narrow}"
    );
    assert!(narrow.contains("--wide"), "{narrow}");
    // No header cut in two (the bug: « villa/ge »).
    assert!(
        !narrow.contains("villa\n") && !narrow.contains("│ villa "),
        "{narrow}"
    );

    let wider = in_terminal(&env, 120, &["next"]);
    let table120: Vec<&str> = wider.lines().filter(|l| l.starts_with('│')).collect();
    assert!(widest(&table120.join("\n")) <= 120, "{wider}");
    assert!(
        widest(&table120.join("\n")) > 80,
        "120 columns should show more:\n{wider}"
    );
    assert!(wider.contains("village"), "{wider}");

    let wide = in_terminal(&env, 80, &["next", "--wide"]);
    assert!(widest(&wide) > 120, "{wide}");
    assert!(wide.contains("dernière session"), "{wide}");
}

/// A table with long cells in 80 columns: columns go, the rest stays whole.
#[test]
fn participants_fit_80_columns() {
    let env = TestEnv::demo().at(NOW);
    let narrow = in_terminal(&env, 80, &["participants"]);
    let rows: Vec<&str> = narrow.lines().filter(|l| l.starts_with('│')).collect();
    assert!(!rows.is_empty(), "{narrow}");
    assert!(widest(&rows.join("\n")) <= 80, "{narrow}");
    assert!(narrow.contains("sebastien"), "{narrow}");
}

/// In 80 columns the prose around a table (the summary above it, the note
/// under it) wraps at spaces: every line fits, and joined again it is the
/// text a pipe gets, word for word (no « moye/nne », no line opening on « : »).
#[test]
fn prose_wraps_at_spaces_in_80_columns() {
    let env = TestEnv::demo().at(NOW);
    let piped = env.ok(&["next"]);
    let summary = piped.lines().next().unwrap();
    assert!(summary.chars().count() > 80, "{summary}");
    let narrow = in_terminal(&env, 80, &["next"]);
    assert!(widest(&narrow) <= 80, "{narrow}");
    let prose: Vec<&str> = narrow.lines().take_while(|l| !l.starts_with('┌')).collect();
    assert!(prose.len() >= 2, "{narrow}");
    assert_eq!(prose.join(" "), summary, "{narrow}");
    let note: Vec<&str> = narrow
        .lines()
        .skip_while(|l| !l.starts_with('└'))
        .skip(1)
        .collect();
    let note = note.join(" ");
    assert!(
        note.starts_with('(') && note.contains("colonnes masquées pour tenir dans le terminal :"),
        "{narrow}"
    );
    for line in narrow.lines() {
        assert!(!line.starts_with([':', ';', '»']), "{narrow}");
    }
}

/// At a terminal, `schedule` says what it made and what comes next; a
/// script (no terminal) gets the id alone, as before.
#[test]
fn schedule_says_what_comes_next_at_a_terminal_only() {
    let env = TestEnv::demo().at(NOW);
    let text = in_terminal(&env, 80, &["schedule", "--date", "jeudi 14 janvier"]);
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        joined.contains("Session créée : jeudi 14 janvier 2027 à 18:30, Télécentre d'Alès (Alès) ; 21 personnes invitées. Les invitations partent avec `jelly invite 2027-01-14-ales`."),
        "{text}"
    );
    let env = TestEnv::demo().at(NOW);
    let (out, err) = env.ok_with_stderr(&["schedule", "--date", "jeudi 14 janvier"]);
    assert_eq!(out, "2027-01-14-ales\n");
    assert!(!err.contains("invite"), "{err}");
}
