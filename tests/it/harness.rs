//! The test harness: a temporary data directory (empty, or a copy of the
//! demo association), and the real `jelly` binary run in it with a clean
//! environment (no inherited LANG, NO_COLOR or JELLY_*).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub struct TestEnv {
    pub dir: tempfile::TempDir,
}

/// The repository root (where the demo association lives).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl TestEnv {
    /// An empty directory.
    pub fn empty() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    /// A copy of the demo association, laid out flat (description files at
    /// the top, sessions under events/).
    pub fn demo() -> TestEnv {
        let env = TestEnv::empty();
        let root = repo_root();
        for entry in std::fs::read_dir(root.join("examples")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|x| x == "toml") {
                std::fs::copy(&path, env.path().join(path.file_name().unwrap())).unwrap();
            }
        }
        std::fs::create_dir_all(env.path().join("events")).unwrap();
        for entry in std::fs::read_dir(root.join("events")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|x| x == "toml") {
                std::fs::copy(
                    &path,
                    env.path().join("events").join(path.file_name().unwrap()),
                )
                .unwrap();
            }
        }
        env
    }

    /// A small network written by the test: villages, venues, participants.
    pub fn with_files(files: &[(&str, &str)]) -> TestEnv {
        let env = TestEnv::empty();
        for (name, text) in files {
            env.write(name, text);
        }
        env
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.path().join(name)
    }

    pub fn write(&self, name: &str, text: &str) {
        let path = self.file(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.file(name)).unwrap_or_else(|e| panic!("reading {name}: {e}"))
    }

    /// `jelly --data DIR …` with a clean environment, French by default.
    pub fn jelly(&self) -> Command {
        self.jelly_in(self.path())
    }

    /// `jelly --data DATA …` with a clean environment.
    pub fn jelly_in(&self, data: &Path) -> Command {
        let mut cmd = Command::cargo_bin("jelly").expect("the jelly binary");
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path())
            .arg("--data")
            .arg(data);
        cmd
    }

    /// A snapshot of every file (path → bytes), to prove nothing changed.
    pub fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files = Vec::new();
        let mut stack = vec![self.path().to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
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
}

/// stdout of a finished command as text.
pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// stderr of a finished command as text.
pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The path of the built `jelly` binary.
pub fn jelly_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("jelly")
}

impl TestEnv {
    /// `jelly --data DIR ARGS…` in a real pseudo-terminal, for prompt flows.
    pub fn pty(&self, args: &[&str]) -> expectrl::Session {
        self.pty_with_env(args, &[("TERM", "dumb")])
    }

    /// Like [`TestEnv::pty`], with these environment variables.
    pub fn pty_with_env(&self, args: &[&str], vars: &[(&str, &str)]) -> expectrl::Session {
        let mut cmd = std::process::Command::new(jelly_bin());
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path())
            .envs(vars.iter().copied())
            .arg("--data")
            .arg(self.path())
            .args(args);
        let mut session = expectrl::Session::spawn(cmd).expect("spawn in a pseudo-terminal");
        session.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
        session
    }
}

/// Waits for a pty session's process to end and returns its exit code.
pub fn pty_exit_code(session: &mut expectrl::Session) -> i32 {
    let _ = session.expect(expectrl::Eof);
    match session.get_process().wait().expect("wait for the process") {
        expectrl::WaitStatus::Exited(_, code) => code,
        other => panic!("process did not exit normally: {other:?}"),
    }
}
