//! Many volunteers at once, and files from old Windows editors, on the
//! commands that edit session files.

use crate::harness::*;

fn schedule(env: &TestEnv) -> String {
    env.schedule("2026-12-10T18:30", Some("ales-telecentre"), None)
}

#[test]
fn twenty_volunteers_writing_at_once_lose_nothing() {
    let env = TestEnv::demo().at(NOW);
    let id = schedule(&env);
    let people: Vec<String> = {
        let json = env.json(&["participants"]);
        json.as_array()
            .unwrap()
            .iter()
            .filter(|p| p["active"] == true)
            .map(|p| p["id"].as_str().unwrap().to_string())
            .take(10)
            .collect()
    };
    assert_eq!(people.len(), 10);
    // 10 answers and 10 new participants, 20 processes started together.
    let mut children = Vec::new();
    for (i, person) in people.iter().enumerate() {
        let answer = if i % 2 == 0 { "yes" } else { "no" };
        children.push(env.run(&["rsvp", &id, person, answer]).spawn());
        let name = format!("Bénévole {i}");
        children.push(
            env.run(&["participant", "add", &name, "--village", "ales"])
                .spawn(),
        );
    }
    for child in children {
        finish(child).ok();
    }
    let event = env.read(&format!("events/{id}.toml"));
    for (i, person) in people.iter().enumerate() {
        let answer = if i % 2 == 0 { "yes" } else { "no" };
        assert!(
            event.contains(&format!("{person} = {{ answer = \"{answer}\"")),
            "the answer of {person} was lost:\n{event}"
        );
    }
    let participants = env.read("participants.toml");
    for i in 0..10 {
        assert!(
            participants.contains(&format!("id = \"benevole-{i}\"")),
            "benevole-{i} lost"
        );
    }
    env.ok(&["check"]);
}

#[test]
fn a_session_file_from_an_old_windows_editor_stays_windows_1252_with_crlf() {
    let env = TestEnv::demo().at(NOW);
    // Windows-1252 (é = 0xE9, « = 0xAB, » = 0xBB), CRLF, a comment.
    let original: &[u8] = b"# Pr\xe9vue par S\xe9bastien\r\ndate = 2026-12-10T18:30:00\r\nvenue = \"ales-telecentre\"\r\ntheme = \"\xab Caf\xe9 num\xe9rique \xbb\"\r\nstatus = \"planned\"\r\ninvited = [\"marie-france\", \"valerie\"]\r\n";
    env.write("events/2026-12-10-ales.toml", original);
    env.ok(&["check"]);
    env.ok(&["rsvp", "2026-12-10-ales", "valerie", "yes"]);
    let bytes = env.read_bytes("events/2026-12-10-ales.toml");
    assert!(
        bytes.starts_with(b"# Pr\xe9vue par S\xe9bastien\r\n"),
        "comment or encoding changed: {bytes:?}"
    );
    let theme: &[u8] = b"\xab Caf\xe9 num\xe9rique \xbb";
    assert!(
        bytes.windows(theme.len()).any(|w| w == theme),
        "theme re-encoded: {bytes:?}"
    );
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the file became UTF-8"
    );
    assert!(
        !bytes.windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r'),
        "a bare LF was written"
    );
    let json = env.json(&["agenda"]);
    assert_eq!(json[0]["theme"], "« Café numérique »");
    assert_eq!(json[0]["answered_yes"], 1);
}
