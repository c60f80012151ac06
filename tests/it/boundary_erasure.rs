//! Erasure is final (issue 23, §3): a reminder started together with a
//! `participant forget` never reaches, nor journals, the erased person;
//! their unsubscribe token stops verifying and a later member given the
//! same id does not inherit it.

use crate::harness::{finish, TestEnv};
use crate::inbox::{EVENT, EVENT_FILE};

/// The evening before the session: its 1-day reminder is due.
const EVE: &str = "2026-12-09T19:00";

fn session_env() -> TestEnv {
    let env = TestEnv::demo();
    env.write(&format!("events/{EVENT}.toml"), EVENT_FILE);
    env
}

#[test]
fn forget_and_remind_started_together_never_journal_the_erased_person() {
    for round in 0..8 {
        let env = session_env();
        let forget = env
            .run(&["--now", EVE, "participant", "forget", "valerie", "--yes"])
            .spawn();
        let remind = env.run(&["--now", EVE, "remind"]).spawn();
        let forget = finish(forget);
        let remind = finish(remind);
        assert_eq!(forget.code, Some(0), "round {round}: {}", forget.stderr);
        assert_eq!(remind.code, Some(0), "round {round}: {}", remind.stderr);
        let journal = std::fs::read_to_string(env.file(&format!("events/{EVENT}.journal")))
            .unwrap_or_default();
        assert!(
            !journal.contains("valerie"),
            "round {round}: the erased person is journaled in clear:\n{journal}"
        );
        assert!(!env.read("participants.toml").contains("valerie@"));
    }
}

#[test]
fn an_erased_person_s_unsubscribe_token_stops_verifying_and_is_not_inherited() {
    let env = session_env();
    let token = env.ok(&["unsubscribe-token", "valerie"]);
    let token = token.lines().next().unwrap().to_string();
    assert_eq!(
        env.ok(&["unsubscribe-token", "--verify", &token]),
        "valerie\n"
    );
    env.ok(&["participant", "forget", "valerie", "--yes"]);
    env.fails(2, &["unsubscribe-token", "--verify", &token]);
    // A new member is given the id `valerie`: the old link is not theirs.
    let participants = env.read("participants.toml");
    env.write(
        "participants.toml",
        format!(
            "{participants}\n[[participant]]\nid = \"valerie\"\nname = \"Valérie Nouvelle\"\n\
             email = \"valerie.nouvelle@example.org\"\nvillage = \"anduze\"\n"
        ),
    );
    env.ok(&["check"]);
    env.fails(2, &["unsubscribe-token", "--verify", &token]);
    let new = env.ok(&["unsubscribe-token", "valerie"]);
    assert_ne!(new.lines().next().unwrap(), token);
}
