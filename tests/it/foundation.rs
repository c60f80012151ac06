//! check, lists, add commands, init: end to end.

use crate::harness::*;

#[test]
fn check_passes_on_the_demo() {
    let env = TestEnv::demo();
    let out = env.jelly().arg("check").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "18 villages, 10 lieux, 22 participants, 13 sessions : OK"
    );
}
