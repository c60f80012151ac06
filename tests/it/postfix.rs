//! Mail against a real Postfix and Dovecot on 127.0.0.1 (tests/mta/start.sh):
//! SASL login through Dovecot, STARTTLS on the submission port, implicit
//! TLS on the smtps port with a CA made by openssl, Maildir delivery,
//! `reject_non_fqdn_helo_hostname`; plus DKIM checked by Python's dkimpy and
//! the sendmail transport through Postfix's own sendmail.
//!
//! Without Postfix and Dovecot (a developer's machine), each test is
//! listed as skipped at the end of the run; with `CI=true` it fails instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::exactly_once::{journal, journal_lines, schedule};
use crate::harness::{needs, needs_python, needs_root, ports, repo_root, Part, TestEnv, NOW};

pub const USER: &str = "contact@jelly.example.org";
pub const PASSWORD: &str = "jelly-test-password";

/// A private Postfix + Dovecot (tests/mta/start.sh) on three free ports of
/// the harness's allocator, stopped when dropped.
pub struct Mta {
    pub dir: tempfile::TempDir,
    /// smtp, submission, smtps.
    ports: [u16; 3],
}

impl Mta {
    /// Starts one, or `None` when Postfix, Dovecot or openssl is not
    /// installed or we are not root (recorded by the harness's skip list;
    /// under `CI=true` that is a failure).
    #[track_caller]
    pub fn start() -> Option<Mta> {
        let what = "a private Postfix + Dovecot (tests/mta/start.sh)";
        if !(needs("Postfix", "postfix")
            && needs("Dovecot", "dovecot")
            && needs("openssl", "openssl")
            && needs_root(what))
        {
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let mut holds = ports::hold_many(3);
        let ports = [holds[0].port, holds[1].port, holds[2].port];
        for hold in &mut holds {
            hold.release();
        }
        let out = std::process::Command::new("bash")
            .arg(repo_root().join("tests/mta/start.sh"))
            .arg(dir.path())
            .env("MTA_SMTP_PORT", ports[0].to_string())
            .env("MTA_SUBMISSION_PORT", ports[1].to_string())
            .env("MTA_SMTPS_PORT", ports[2].to_string())
            .output()
            .unwrap();
        let mta = Mta { dir, ports };
        assert!(
            out.status.success(),
            "tests/mta/start.sh failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        for port in ports {
            ports::wait_listening(port, 20, || mta.log());
        }
        Some(mta)
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn smtp_port(&self) -> u16 {
        self.ports[0]
    }

    pub fn submission_port(&self) -> u16 {
        self.ports[1]
    }

    pub fn smtps_port(&self) -> u16 {
        self.ports[2]
    }

    pub fn ca_file(&self) -> PathBuf {
        self.path().join("tls/ca.pem")
    }

    /// Postfix's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.path().join("postfix.log")).unwrap_or_default()
    }

    /// Every delivered message (the test domain's Maildir), raw.
    pub fn delivered(&self) -> Vec<Vec<u8>> {
        let folder = self.path().join("mail/example.org/all/new");
        let Ok(entries) = std::fs::read_dir(folder) else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter_map(|e| std::fs::read(e.path()).ok())
            .collect()
    }

    /// Waits (at most a minute) until `count` messages are delivered.
    pub fn wait_for(&self, count: usize) -> Vec<Vec<u8>> {
        let started = Instant::now();
        loop {
            let delivered = self.delivered();
            if delivered.len() >= count || started.elapsed() > Duration::from_secs(60) {
                return delivered;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Mta {
    fn drop(&mut self) {
        let _ = std::process::Command::new("bash")
            .arg(repo_root().join("tests/mta/stop.sh"))
            .arg(self.dir.path())
            .output();
    }
}

/// The recipient Postfix delivered a message to (its Delivered-To header).
pub fn delivered_to(raw: &[u8]) -> String {
    Part::parse(raw)
        .header("Delivered-To")
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// The demo association sending through the private Postfix.
fn env_for(mta: &Mta, mail: &str) -> TestEnv {
    let env = TestEnv::demo();
    env.write(
        "jelly.toml",
        format!(
            "[association]\nname = \"Jelly Gard-Lozère\"\ntimezone = \"Europe/Paris\"\n\n\
             [mail]\nfrom = \"Jelly Gard-Lozère <{USER}>\"\nconnections = 4\n\
             ca_file = \"{}\"\n{mail}",
            mta.ca_file().display()
        ),
    );
    env
}

fn submission(mta: &Mta) -> String {
    format!(
        "transport = \"smtp\"\nsmtp_url = \"smtp://localhost:{}\"\ntls = \"starttls\"\nusername = \"{USER}\"\n",
        mta.submission_port()
    )
}

#[test]
fn postfix_delivers_every_invitation_through_submission_and_smtps() {
    let Some(mta) = Mta::start() else { return };
    let env = env_for(&mta, &submission(&mta));
    let id = schedule(&env);
    let expected = env.invitees();
    env.run(&["--now", NOW, "invite", &id])
        .env("JELLY_SMTP_PASSWORD", PASSWORD)
        .ok();
    let delivered = mta.wait_for(expected.len());
    let mut to: Vec<String> = delivered.iter().map(|m| delivered_to(m)).collect();
    to.sort();
    let mut want: Vec<String> = expected.values().cloned().collect();
    want.sort();
    assert_eq!(to, want, "each invitee once, nobody else");
    assert_eq!(journal(&env, &id).len(), expected.len());
    // jelly's EHLO name passed reject_non_fqdn_helo_hostname: the machine's
    // short name would not have.
    assert!(!mta.log().contains("need fully-qualified hostname"));
    assert!(
        mta.log().contains(&format!("sasl_username={USER}")),
        "logged in through Dovecot"
    );

    // The cancellation over implicit TLS (smtps, the other port).
    let config = env.read("jelly.toml").replace(
        &format!(
            "smtp_url = \"smtp://localhost:{}\"\ntls = \"starttls\"",
            mta.submission_port()
        ),
        &format!("smtp_url = \"smtps://localhost:{}\"", mta.smtps_port()),
    );
    env.write("jelly.toml", config);
    env.run(&["--now", NOW, "cancel", &id, "--reason", "salle inondée"])
        .env("JELLY_SMTP_PASSWORD", PASSWORD)
        .ok();
    let delivered = mta.wait_for(2 * expected.len());
    assert_eq!(delivered.len(), 2 * expected.len());
    // A rerun of cancel sends nothing and says everyone already has it.
    let out = env
        .run(&["--now", NOW, "--format", "json", "cancel", &id])
        .env("JELLY_SMTP_PASSWORD", PASSWORD)
        .ok();
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["deliveries"].as_array().unwrap().len(), 0);
    assert_eq!(json["skipped"].as_array().unwrap().len(), expected.len());
}

#[test]
fn a_wrong_password_is_tried_once_and_journals_nothing() {
    let Some(mta) = Mta::start() else { return };
    let env = env_for(&mta, &submission(&mta));
    let id = schedule(&env);
    let err = env
        .run(&["--now", NOW, "invite", &id])
        .env("JELLY_SMTP_PASSWORD", "not-the-password")
        .fails(1);
    assert!(err.contains("refusé l'identification"), "{}", err);
    assert!(!err.contains(".."), "a doubled period: {err}");
    // Postfix logs asynchronously: wait (with a deadline) for the line
    // of the failed login, and for the session's end, after which no
    // second attempt can come.
    let failures = || {
        mta.log()
            .lines()
            .filter(|l| l.contains("authentication failed"))
            .count()
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while failures() == 0 || !mta.log().contains("disconnect from") {
        assert!(
            Instant::now() < deadline,
            "no failed login logged:\n{}",
            mta.log()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(failures(), 1, "one login attempt:\n{}", mta.log());
    assert!(journal_lines(&env, &id).is_empty(), "nothing journaled");
    assert!(mta.delivered().is_empty());
}

#[test]
fn the_ca_file_is_needed_checked_and_named() {
    let Some(mta) = Mta::start() else { return };
    let env = env_for(&mta, &submission(&mta));
    let id = schedule(&env);
    // Without it: the system store does not know the test CA.
    let config = env.read("jelly.toml");
    let without: String = config
        .lines()
        .filter(|l| !l.starts_with("ca_file"))
        .map(|l| format!("{l}\n"))
        .collect();
    env.write("jelly.toml", &without);
    let err = env
        .run(&["--now", NOW, "invite", &id])
        .env("JELLY_SMTP_PASSWORD", PASSWORD)
        .fails(1);
    assert!(
        err.contains("localhost") && err.contains("ca_file"),
        "{err}"
    );
    assert!(journal_lines(&env, &id).is_empty());
    // A file that holds no certificate: `check` says so, exit 2.
    env.write("not-a-ca.pem", "hello\n");
    env.write(
        "jelly.toml",
        format!("{without}ca_file = \"not-a-ca.pem\"\n"),
    );
    let err = env.run(&["check"]).fails(2);
    assert!(
        err.contains("jelly.toml:") && err.contains("aucun certificat PEM"),
        "{}",
        err
    );
    assert!(mta.delivered().is_empty());
}

#[test]
fn dkim_signatures_verify_with_dkimpy() {
    let Some(mta) = Mta::start() else { return };
    if !needs_python("dkim") {
        return;
    }
    for (algorithm, command) in [
        ("rsa", vec!["genrsa", "-out", "dkim.pem", "2048"]),
        (
            "ed25519",
            vec!["genpkey", "-algorithm", "ed25519", "-out", "dkim.pem"],
        ),
    ] {
        if algorithm == "ed25519" && !needs_python("nacl") {
            continue;
        }
        let env = env_for(
            &mta,
            &format!(
                "transport = \"smtp\"\nsmtp_url = \"smtp://127.0.0.1:{}\"\ntls = \"none\"\n\
                 dkim_selector = \"jelly2026\"\ndkim_key_file = \"dkim.pem\"\n\
                 unsubscribe_url = \"https://jelly.example.org/desinscription?t={{token}}\"\n",
                mta.smtp_port()
            ),
        );
        let status = std::process::Command::new("openssl")
            .args(&command)
            .current_dir(env.path())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        env.run(&["check"]).ok();
        let id = schedule(&env);
        let inbox = mta.path().join("mail/example.org/all/new");
        for old in std::fs::read_dir(&inbox).into_iter().flatten().flatten() {
            std::fs::remove_file(old.path()).unwrap();
        }
        env.run(&["--now", NOW, "invite", &id, "--only", "noemie"])
            .ok();
        let delivered = mta.wait_for(1);
        assert_eq!(delivered.len(), 1, "{algorithm}");
        let message = &delivered[0];
        let text = String::from_utf8_lossy(message);
        assert!(
            text.contains(&format!("a={algorithm}-sha256")) && text.contains("s=jelly2026"),
            "{text}"
        );
        let raw = env.file("received.eml");
        std::fs::write(&raw, message).unwrap();
        let verdict = dkimpy_verify(&env.file("dkim.pem"), &raw, algorithm);
        assert_eq!(verdict.trim(), "True", "{algorithm}: {verdict}");
        // The unsubscribe headers are among the signed ones (RFC 8058).
        let signature = text
            .split("DKIM-Signature:")
            .nth(1)
            .unwrap()
            .to_ascii_lowercase();
        assert!(signature.contains("list-unsubscribe-post"), "{signature}");
        // An altered body fails the same verifier.
        let tampered = text.replacen("Bonjour No", "Bonjour Mo", 1);
        std::fs::write(&raw, tampered.as_bytes()).unwrap();
        let verdict = dkimpy_verify(&env.file("dkim.pem"), &raw, algorithm);
        assert_eq!(verdict.trim(), "False", "{algorithm}: tampered");
    }
}

/// dkimpy's verdict on `message`, given the public key of `key` as the DNS
/// record `jelly2026._domainkey.jelly.example.org` would publish it.
fn dkimpy_verify(key: &Path, message: &Path, algorithm: &str) -> String {
    let script = r#"
import base64, subprocess, sys
import dkim
key, message, algorithm = sys.argv[1], sys.argv[2], sys.argv[3]
if algorithm == "rsa":
    der = subprocess.run(["openssl", "rsa", "-in", key, "-pubout", "-outform", "DER"],
                         capture_output=True, check=True).stdout
    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(der)
else:
    der = subprocess.run(["openssl", "pkey", "-in", key, "-pubout", "-outform", "DER"],
                         capture_output=True, check=True).stdout
    record = b"v=DKIM1; k=ed25519; p=" + base64.b64encode(der[-32:])
def dns(name, timeout=5):
    if name == b"jelly2026._domainkey.jelly.example.org.":
        return record
    return None
print(dkim.verify(open(message, "rb").read(), dnsfunc=dns))
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(key)
        .arg(message)
        .arg(algorithm)
        .output()
        .unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn the_sendmail_transport_goes_through_postfixs_sendmail_under_crons_path() {
    let Some(mta) = Mta::start() else { return };
    if !needs("Postfix's sendmail", "sendmail") {
        return;
    }
    let env = env_for(&mta, "transport = \"sendmail\"\n");
    let id = schedule(&env);
    let expected = env.invitees();
    env.run(&["--now", NOW, "invite", &id])
        // cron's PATH: sendmail lives in /usr/sbin, which it lacks.
        .env("PATH", "/usr/bin:/bin")
        .env("MAIL_CONFIG", mta.path().join("etc"))
        .ok();
    let delivered = mta.wait_for(expected.len());
    let counts: BTreeMap<String, usize> = delivered.iter().fold(BTreeMap::new(), |mut m, r| {
        *m.entry(delivered_to(r)).or_default() += 1;
        m
    });
    assert_eq!(counts.len(), expected.len(), "{counts:?}");
    assert!(counts.values().all(|&c| c == 1));
    // A command that does not exist is named in the error.
    let config = env.read("jelly.toml");
    env.write(
        "jelly.toml",
        format!("{config}sendmail_command = \"no-such-sendmail\"\n"),
    );
    let err = env
        .run(&["--now", NOW, "invite", &id, "--resend", "--only", "noemie"])
        .env("PATH", "/usr/bin:/bin")
        .fails(1);
    assert!(
        err.contains("no-such-sendmail") && err.contains("/usr/sbin"),
        "{}",
        err
    );
}
