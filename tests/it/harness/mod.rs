//! The test harness, in the manner of just's `tests/test.rs` and jj's
//! `TestEnvironment`: a temporary data directory (empty, a copy of the demo
//! association, or files written by the test) and the real `jelly` binary
//! run in it with a clean environment (no inherited LANG, NO_COLOR or
//! JELLY_*; HOME and the working directory are the temporary directory, so
//! relative paths in arguments land there).
//!
//! ```ignore
//! let env = TestEnv::demo().at(NOW);          // --now NOW on every run
//! let out = env.ok(&["next"]);                // stdout; panics unless exit 0 and stderr empty
//! let err = env.fails(2, &["next", "--top", "x"]); // stderr; exit 2 and stdout empty
//! let json = env.json(&["next"]);             // --format json, parsed
//! env.golden("next-demo", &out);              // compared with tests/golden/next-demo.txt
//! env.run(&["check"]).env("LANG", "en_GB.UTF-8").stdin("…").ok();
//! ```
//!
//! Golden files: the tables people read (next, stats, plan, the invite
//! summary) are compared with `tests/golden/NAME.txt`. After a deliberate
//! change of wording or layout (e.g. messages moved to Fluent with real
//! plurals), regenerate them and review the diff:
//!
//! ```sh
//! UPDATE_GOLDEN=1 cargo test --test it && git diff tests/golden
//! ```
//!
//! Shared helpers live here, not in one test file imported by another:
//! `smtp` (a real SMTP server on 127.0.0.1, STARTTLS certificates), `mime`
//! (reading what it received), `mail` (the demo sending through it, the
//! journal, scheduling a session). docs/testing.md tells the rest.

#![allow(dead_code)]

pub mod dovecot;
pub mod golden;
pub mod mail;
pub mod mime;
pub mod ports;
pub mod postfix;
pub mod skip;
pub mod smtp;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

pub use mail::*;
pub use mime::Part;
pub use ports::closed_port;
pub use skip::unavailable;
pub use smtp::{MailServer, Received};

/// The "now" of most tests: Monday 23 November 2026, 09:00 (Paris).
pub const NOW: &str = "2026-11-23T09:00";

/// A temporary association and how to run jelly on it.
pub struct TestEnv {
    dir: tempfile::TempDir,
    now: Option<String>,
    lang: Option<String>,
    vars: Vec<(OsString, OsString)>,
}

/// The repository root (where the demo association lives).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The path of the `jelly` binary the tests run: the one cargo built, or
/// the one named by the environment variable `JELLY_BIN` if it is set (to
/// run the tests against another build, e.g. an older commit's, and see
/// which of them fail there).
pub fn jelly_bin() -> PathBuf {
    std::env::var_os("JELLY_BIN")
        .filter(|path| !path.is_empty())
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_jelly")), PathBuf::from)
}

impl TestEnv {
    /// An empty directory. Runs get `--now NOW` unless the test sets
    /// another with [`TestEnv::at`] or asks for [`TestEnv::real_clock`].
    pub fn empty() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().expect("temporary directory"),
            now: Some(NOW.to_string()),
            lang: None,
            vars: Vec::new(),
        }
    }

    /// A copy of the demo association as the repository tracks it, laid
    /// out flat (description files at the top, sessions under events/):
    /// only the files git knows, so a session the README's walk-through
    /// wrote into `events/` does not change what the tests see.
    pub fn demo() -> TestEnv {
        let env = TestEnv::empty();
        for (path, bytes) in demo_files() {
            let name = path.file_name().unwrap().to_str().unwrap();
            if path.starts_with("events") {
                env.write(&format!("events/{name}"), bytes);
            } else {
                env.write(name, bytes);
            }
        }
        env
    }

    /// A copy of a directory of the repository (e.g. `tests/bad/base`).
    pub fn copy_of(dir: &str) -> TestEnv {
        let env = TestEnv::empty();
        copy_dir(&repo_root().join(dir), env.path());
        env
    }

    /// Files written by the test: (path in the directory, text).
    pub fn with_files(files: &[(&str, &str)]) -> TestEnv {
        let env = TestEnv::empty();
        for (name, text) in files {
            env.write(name, text);
        }
        env
    }

    /// Every later run gets `--now NOW` (unless its arguments give one).
    pub fn at(mut self, now: &str) -> TestEnv {
        self.now = Some(now.to_string());
        self
    }

    /// Later runs get no `--now`: jelly reads the real clock. Only for a
    /// test about the clock itself.
    pub fn real_clock(mut self) -> TestEnv {
        self.now = None;
        self
    }

    /// Every later run gets `--lang LANG` (unless its arguments give one).
    pub fn lang(mut self, lang: &str) -> TestEnv {
        self.lang = Some(lang.to_string());
        self
    }

    /// Every later run gets this environment variable.
    pub fn var(mut self, name: &str, value: impl Into<OsString>) -> TestEnv {
        self.vars.push((name.into(), value.into()));
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.path().join(name)
    }

    pub fn write(&self, name: &str, text: impl AsRef<[u8]>) {
        let path = self.file(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.file(name)).unwrap_or_else(|e| panic!("reading {name}: {e}"))
    }

    pub fn read_bytes(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.file(name)).unwrap_or_else(|e| panic!("reading {name}: {e}"))
    }

    /// Replaces `from` by `to` in a file, which must contain it.
    #[track_caller]
    pub fn edit(&self, name: &str, from: &str, to: &str) {
        let text = self.read(name);
        assert!(text.contains(from), "{name} does not contain {from:?}");
        self.write(name, text.replacen(from, to, 1));
    }

    /// A TOML file of the directory, parsed.
    pub fn toml(&self, name: &str) -> toml::Table {
        self.read(name)
            .parse()
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// The session file `events/ID.toml`, parsed.
    pub fn event(&self, id: &str) -> toml::Table {
        self.toml(&format!("events/{id}.toml"))
    }

    /// The names of the files in a folder of the directory, sorted.
    pub fn files_in(&self, dir: &str) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.file(dir))
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
    }

    /// A snapshot of every file (path → bytes), to prove nothing changed.
    pub fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files = Vec::new();
        let mut stack = vec![self.path().to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    // The parsed-data cache is derived data a read may write.
                    if path.file_name().is_some_and(|n| n != ".jelly-cache") {
                        stack.push(path);
                    }
                } else if path.file_name().is_some_and(|n| n != ".jelly.lock") {
                    files.push((
                        path.strip_prefix(self.path()).unwrap().to_path_buf(),
                        std::fs::read(&path).unwrap(),
                    ));
                }
            }
        }
        files.sort();
        files
    }

    /// Asserts that `f` leaves every file as it was.
    #[track_caller]
    pub fn unchanged<T>(&self, f: impl FnOnce() -> T) -> T {
        let before = self.snapshot();
        let result = f();
        assert!(self.snapshot() == before, "a file changed");
        result
    }

    /// `jelly --data DIR [--now NOW] ARGS…`, to refine before running.
    pub fn run(&self, args: &[&str]) -> Run<'_> {
        Run {
            env: self,
            args: args.iter().map(OsString::from).collect(),
            vars: Vec::new(),
            stdin: None,
            data: Some(self.path().to_path_buf()),
            cwd: None,
        }
    }

    /// Runs jelly; its stdout. Panics, showing stderr, unless it exits 0.
    #[track_caller]
    pub fn ok(&self, args: &[&str]) -> String {
        self.run(args).ok()
    }

    /// Runs jelly; its stderr. Asserts it exits with `code`.
    #[track_caller]
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        self.run(args).fails(code)
    }

    /// Runs jelly; (stdout, stderr). Exit 0; stderr may hold warnings,
    /// which the caller asserts on (`ok` is for runs that print none).
    #[track_caller]
    pub fn ok_with_stderr(&self, args: &[&str]) -> (String, String) {
        self.run(args).ok_with_stderr()
    }

    /// Runs jelly; (stdout, stderr). Asserts the exit code; stdout may hold
    /// a partial result, which the caller asserts on.
    #[track_caller]
    pub fn fails_with_stdout(&self, code: i32, args: &[&str]) -> (String, String) {
        self.run(args).fails_with_stdout(code)
    }

    /// Runs `jelly --format json ARGS` (the flag unless ARGS name a format);
    /// exit 0 and stdout parsed.
    #[track_caller]
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        self.run(args).json()
    }

    /// Runs jelly, whatever its exit code.
    pub fn output(&self, args: &[&str]) -> Outcome {
        self.run(args).output()
    }

    /// Compares text with `tests/golden/NAME.txt` (see [`golden::check`]).
    #[track_caller]
    pub fn golden(&self, name: &str, text: &str) {
        golden::check(
            name,
            &text.replace(&self.path().display().to_string(), "$DATA"),
        );
    }

    /// `jelly --data DIR ARGS…` in a real pseudo-terminal, for prompt flows.
    pub fn pty(&self, args: &[&str]) -> expectrl::Session {
        self.pty_with_env(args, &[("TERM", "dumb")])
    }

    /// Like [`TestEnv::pty`], with these environment variables.
    pub fn pty_with_env(&self, args: &[&str], vars: &[(&str, &str)]) -> expectrl::Session {
        let mut cmd = self.run(args).command();
        cmd.envs(vars.iter().copied());
        let mut session = expectrl::Session::spawn(cmd).expect("spawn in a pseudo-terminal");
        session.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
        session
    }
}

impl TestEnv {
    /// Runs jelly in a pseudo-terminal and answers its prompts: for each
    /// (prompt, reply), waits for the prompt text, then types the reply and
    /// Enter. Returns the exit code.
    #[track_caller]
    pub fn dialog(&self, args: &[&str], answers: &[(&str, &str)]) -> i32 {
        let mut session = self.pty(args);
        for (prompt, reply) in answers {
            session
                .expect(*prompt)
                .unwrap_or_else(|e| panic!("waiting for {prompt:?}: {e}"));
            session.send_line(reply).unwrap();
        }
        pty_exit_code(&mut session)
    }
}

/// One run of jelly being prepared: `env.run(args).env(…).stdin(…).ok()`.
#[must_use = "a run does nothing until .ok(), .fails(code), .json() or .output()"]
pub struct Run<'a> {
    env: &'a TestEnv,
    args: Vec<OsString>,
    vars: Vec<(OsString, OsString)>,
    stdin: Option<Vec<u8>>,
    data: Option<PathBuf>,
    cwd: Option<PathBuf>,
}

/// What a finished run did.
#[derive(Debug)]
#[must_use = "an outcome nobody looks at checks nothing"]
pub struct Outcome {
    /// The exit code (None if killed by a signal).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    fn from(output: Output) -> Outcome {
        Outcome {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    /// stdout; panics, showing both streams, unless the exit code is 0 and
    /// stderr is empty (a run that warns is checked with `ok_with_stderr`).
    #[track_caller]
    pub fn ok(self) -> String {
        assert!(self.success(), "expected exit 0, {}", self.describe());
        assert!(
            self.stderr.is_empty(),
            "expected exit 0 and nothing on stderr (use ok_with_stderr for warnings), {}",
            self.describe()
        );
        self.stdout
    }

    /// stderr; asserts the exit code and that stdout is empty (a run that
    /// prints a partial result is checked with `fails_with_stdout`).
    #[track_caller]
    pub fn fails(self, code: i32) -> String {
        assert!(
            self.code == Some(code),
            "expected exit {code}, {}",
            self.describe()
        );
        assert!(
            self.stdout.is_empty(),
            "expected exit {code} and nothing on stdout (use fails_with_stdout), {}",
            self.describe()
        );
        self.stderr
    }

    /// (stdout, stderr); asserts exit 0, stderr allowed.
    #[track_caller]
    pub fn ok_with_stderr(self) -> (String, String) {
        assert!(self.success(), "expected exit 0, {}", self.describe());
        (self.stdout, self.stderr)
    }

    /// (stdout, stderr); asserts the exit code, stdout allowed.
    #[track_caller]
    pub fn fails_with_stdout(self, code: i32) -> (String, String) {
        assert!(
            self.code == Some(code),
            "expected exit {code}, {}",
            self.describe()
        );
        (self.stdout, self.stderr)
    }

    fn describe(&self) -> String {
        format!(
            "got {:?}\n--- stderr\n{}--- stdout\n{}---",
            self.code, self.stderr, self.stdout
        )
    }
}

impl<'a> Run<'a> {
    /// More arguments (e.g. a path).
    pub fn arg(mut self, arg: impl Into<OsString>) -> Run<'a> {
        self.args.push(arg.into());
        self
    }

    pub fn env(mut self, name: &str, value: impl Into<OsString>) -> Run<'a> {
        self.vars.push((name.into(), value.into()));
        self
    }

    /// Text on standard input (otherwise stdin is empty).
    pub fn stdin(mut self, text: impl Into<Vec<u8>>) -> Run<'a> {
        self.stdin = Some(text.into());
        self
    }

    /// `--data DIR` with another directory.
    pub fn data(mut self, dir: &Path) -> Run<'a> {
        self.data = Some(dir.to_path_buf());
        self
    }

    /// No `--data`: jelly run from this working directory.
    pub fn in_dir(mut self, dir: &Path) -> Run<'a> {
        self.data = None;
        self.cwd = Some(dir.to_path_buf());
        self
    }

    fn has_flag(&self, flag: &str) -> bool {
        self.args.iter().any(|a| {
            a.to_str()
                .is_some_and(|a| a == flag || a.starts_with(&format!("{flag}=")))
        })
    }

    /// The command, ready to run.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(jelly_bin());
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.env.path())
            .envs(self.env.vars.iter().map(|(k, v)| (k, v)))
            .envs(self.vars.iter().map(|(k, v)| (k, v)));
        if let Some(data) = &self.data {
            cmd.arg("--data").arg(data);
        }
        cmd.current_dir(self.cwd.as_deref().unwrap_or(self.env.path()));
        if let Some(now) = &self.env.now {
            if !self.has_flag("--now") {
                cmd.args(["--now", now]);
            }
        }
        if let Some(lang) = &self.env.lang {
            if !self.has_flag("--lang") {
                cmd.args(["--lang", lang]);
            }
        }
        cmd.args(&self.args);
        cmd
    }

    /// Runs it, whatever its exit code.
    pub fn output(self) -> Outcome {
        let mut cmd = self.command();
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("the jelly binary starts");
        let mut stdin = child.stdin.take().unwrap();
        let input = self.stdin.unwrap_or_default();
        let writer = std::thread::spawn(move || {
            use std::io::Write;
            let _ = stdin.write_all(&input);
        });
        let output = child.wait_with_output().expect("jelly runs");
        writer.join().unwrap();
        Outcome::from(output)
    }

    /// Starts it in the background (stdin and stdout null, stderr piped),
    /// for runs killed or raced against each other.
    pub fn spawn(self) -> Child {
        self.command()
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the jelly binary starts")
    }

    /// stdout; panics, showing stderr, unless the exit code is 0.
    #[track_caller]
    pub fn ok(self) -> String {
        self.output().ok()
    }

    /// stderr; asserts the exit code.
    #[track_caller]
    pub fn fails(self, code: i32) -> String {
        self.output().fails(code)
    }

    /// (stdout, stderr); exit 0, stderr allowed (warnings the caller checks).
    #[track_caller]
    pub fn ok_with_stderr(self) -> (String, String) {
        self.output().ok_with_stderr()
    }

    /// (stdout, stderr); asserts the exit code, stdout allowed.
    #[track_caller]
    pub fn fails_with_stdout(self, code: i32) -> (String, String) {
        self.output().fails_with_stdout(code)
    }

    /// `--format json` added unless a format is given; exit 0; stdout parsed.
    #[track_caller]
    pub fn json(mut self) -> serde_json::Value {
        if !self.has_flag("--format") {
            self.args.splice(0..0, ["--format".into(), "json".into()]);
        }
        let text = self.ok();
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
    }
}

/// Whether a system program a test needs (postfix, dovecot, osrm-routed,
/// pdftotext…) is installed: looked up on PATH and in /usr/sbin. When it is
/// absent, [`unavailable`] records the skip (listed at the end of the run)
/// and this returns false so the test can return early; under CI
/// (`CI=true`) it panics instead, since CI installs everything (.ci/run).
///
/// ```ignore
/// if !needs("Dovecot", "dovecot") { return; }
/// ```
#[track_caller]
pub fn needs(what: &str, program: &str) -> bool {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .chain(["/usr/sbin".into(), "/usr/local/sbin".into()])
        .any(|dir| dir.join(program).is_file());
    if !found {
        unavailable(what, &format!("`{program}` is not installed"));
    }
    found
}

/// Whether python3 can import `module` (statsmodels, dkim…); like [`needs`].
#[track_caller]
pub fn needs_python(module: &str) -> bool {
    let found = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        unavailable(
            &format!("python3 module {module}"),
            "python3 cannot import it",
        );
    }
    found
}

/// Whether this process runs as root (a private Postfix only starts as
/// root); like [`needs`].
#[track_caller]
pub fn needs_root(what: &str) -> bool {
    // /proc/self belongs to the process's effective user.
    let root = std::os::unix::fs::MetadataExt::uid(&std::fs::metadata("/proc/self").unwrap()) == 0;
    if !root {
        unavailable(what, "it only starts as root");
    }
    root
}

/// Waits for a background run and returns what it did.
pub fn finish(child: Child) -> Outcome {
    Outcome::from(child.wait_with_output().expect("wait for jelly"))
}

/// Waits for a pty session's process to end and returns its exit code.
pub fn pty_exit_code(session: &mut expectrl::Session) -> i32 {
    let _ = session.expect(expectrl::Eof);
    match session.get_process().wait().expect("wait for the process") {
        expectrl::WaitStatus::Exited(_, code) => code,
        other => panic!("process did not exit normally: {other:?}"),
    }
}

/// A TOML array of strings as a vector.
pub fn strings(value: &toml::Value) -> Vec<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// A field of every element of a JSON array, as strings.
pub fn column<'v>(value: &'v serde_json::Value, field: &str) -> Vec<&'v str> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|v| {
            v[field]
                .as_str()
                .unwrap_or_else(|| panic!("no string {field} in {v}"))
        })
        .collect()
}

/// The element of a JSON array whose `field` is `value`.
#[track_caller]
pub fn find<'v>(list: &'v serde_json::Value, field: &str, value: &str) -> &'v serde_json::Value {
    list.as_array()
        .unwrap_or_else(|| panic!("not an array: {list}"))
        .iter()
        .find(|v| v[field] == value)
        .unwrap_or_else(|| panic!("no {field} = {value} in {list}"))
}

/// The demo association's files as the repository tracks them: the .toml
/// files of `examples/` and `events/` that `git ls-files` lists, read once
/// per test binary. Outside a git checkout (a source tarball), every .toml
/// file of those folders.
pub fn demo_files() -> &'static [(PathBuf, Vec<u8>)] {
    static FILES: std::sync::OnceLock<Vec<(PathBuf, Vec<u8>)>> = std::sync::OnceLock::new();
    FILES.get_or_init(|| {
        let root = repo_root();
        let listed = Command::new("git")
            .args(["ls-files", "-z", "--", "examples", "events"])
            .current_dir(&root)
            .output()
            .ok()
            .filter(|out| out.status.success() && !out.stdout.is_empty());
        let paths: Vec<PathBuf> = match listed {
            Some(out) => out
                .stdout
                .split(|&b| b == 0)
                .filter(|p| !p.is_empty())
                .map(|p| PathBuf::from(String::from_utf8_lossy(p).into_owned()))
                .collect(),
            None => ["examples", "events"]
                .iter()
                .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap())
                .map(|e| e.unwrap().path().strip_prefix(&root).unwrap().to_path_buf())
                .collect(),
        };
        let mut files: Vec<(PathBuf, Vec<u8>)> = paths
            .into_iter()
            .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.components().count() == 2)
            .map(|p| {
                let bytes =
                    std::fs::read(root.join(&p)).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                (p, bytes)
            })
            .collect();
        files.sort();
        files
    })
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &dest);
        } else {
            std::fs::copy(&path, &dest).unwrap();
        }
    }
}

#[test]
#[should_panic(expected = "expected exit 0")]
fn ok_fails_the_test_when_jelly_fails() {
    TestEnv::empty().ok(&["check"]);
}

#[test]
#[should_panic(expected = "expected exit 1")]
fn fails_checks_the_exit_code() {
    TestEnv::empty().fails(1, &["--lang", "de", "check"]);
}

#[test]
fn at_sets_now_on_every_run_unless_the_arguments_give_one() {
    let env = TestEnv::demo().at("2026-11-23T09:00");
    let err = env.output(&["-v", "check"]).stderr;
    assert!(err.contains("2026-11-23T09:00:00"), "{err}");
    let err = env.output(&["-v", "--now", "2027-01-02", "check"]).stderr;
    assert!(err.contains("2027-01-02T00:00:00"), "{err}");
}
