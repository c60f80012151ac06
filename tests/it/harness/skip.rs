//! The one way a test does without a component it needs (a system program,
//! a Python module, root for a private Postfix): [`unavailable`].
//!
//! - Under `CI=true` it panics: CI installs everything (`.ci/run`), so a
//!   missing component there is a failure, never a silent green.
//! - Elsewhere (a developer's machine) the test is recorded as skipped:
//!   one line on the real standard error at once, and the whole list again
//!   when the test binary exits, after libtest's summary, where anyone sees
//!   it. Both are written to the process's stderr directly, not through
//!   `eprintln!`, which libtest captures and throws away for passing tests.
//!   The list is also written to `target/skipped-tests.txt` (that of the
//!   last run that skipped anything).

use std::io::Write;
use std::sync::{Mutex, Once};

static SKIPPED: Mutex<Vec<String>> = Mutex::new(Vec::new());
static AT_EXIT: Once = Once::new();

/// Whether this run is CI's (`CI=true`), where nothing may be skipped.
pub fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// `what` cannot run here because of `why`: panics under CI, else records
/// the skip (see the module's documentation). The caller then returns.
#[track_caller]
pub fn unavailable(what: &str, why: &str) {
    let caller = std::panic::Location::caller();
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    assert!(
        !on_ci(),
        "{what}: {why}, and CI=true: nothing may be skipped on CI (.ci/run installs it)"
    );
    let line = format!("{test} ({caller}): {what}: {why}");
    let _ = writeln!(std::io::stderr().lock(), "SKIPPED {line}");
    SKIPPED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(line.clone());
    let list = super::repo_root().join("target").join("skipped-tests.txt");
    AT_EXIT.call_once(|| {
        // This run's list replaces the last run's.
        let _ = std::fs::write(&list, "");
        // SAFETY: atexit is the C library's, given a function that takes
        // nothing and returns nothing, as it expects; it is called once.
        #[allow(unsafe_code)]
        unsafe {
            atexit(print_skipped);
        }
    });
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&list)
    {
        let _ = writeln!(file, "{line}");
    }
}

// The C library's atexit: libtest has no hook at the end of a run, and
// a handler registered here runs after its summary, on every exit path
// (main returning, or std::process::exit after a failure).
#[allow(unsafe_code)]
unsafe extern "C" {
    fn atexit(callback: extern "C" fn()) -> std::ffi::c_int;
}

/// At exit, after libtest's summary: the list of what was skipped.
extern "C" fn print_skipped() {
    let skipped = SKIPPED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut err = std::io::stderr().lock();
    let count = match skipped.len() {
        1 => "1 test did not run what it tests".to_string(),
        n => format!("{n} tests did not run what they test"),
    };
    let _ = writeln!(
        err,
        "\nSKIPPED: {count} (set CI=true to make this a failure):"
    );
    for line in skipped.iter() {
        let _ = writeln!(err, "  - {line}");
    }
}
