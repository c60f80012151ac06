//! A real Postfix for the bounce test, on 127.0.0.1: the domain
//! `jelly.test` has one virtual mailbox, `contact@jelly.test`, delivered to
//! a Maildir; mail to any other address of the domain is accepted, then
//! bounced by Postfix's virtual delivery agent ("unknown user"), so its
//! delivery status notification lands in that Maildir. Postfix runs with
//! its own configuration directory (`postfix -c DIR start`) and is stopped
//! when the value is dropped.
//!
//! Postfix only starts as root; elsewhere, or when it is not installed, the
//! test is listed as skipped at the end of the run (`skip.rs`); with
//! `CI=true` either is a failure. Its master.cf is the one shipped in
//! `tests/mta/master.cf`, not the machine's; its port comes from the
//! harness's allocator.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Postfix {
    pub dir: tempfile::TempDir,
    pub port: u16,
}

fn run(args: &[&str], config: &Path) -> std::process::Output {
    Command::new("/usr/sbin/postfix")
        .arg("-c")
        .arg(config)
        .args(args)
        .output()
        .expect("run postfix")
}

#[track_caller]
pub fn start() -> Option<Postfix> {
    if !(super::needs("Postfix", "postfix") && super::needs_root("a private Postfix")) {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut hold = super::ports::hold();
    let port = hold.port;
    for sub in ["queue", "data", "vmail"] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
    }
    let owner = |path: &Path| {
        let status = Command::new("chown")
            .arg("-R")
            .arg("postfix:postfix")
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success());
    };
    owner(&root.join("data"));
    owner(&root.join("vmail"));
    let uid = id("-u");
    let gid = id("-g");
    let r = root.display();
    std::fs::write(
        root.join("main.cf"),
        format!(
            "compatibility_level = 3.6\n\
             queue_directory = {r}/queue\n\
             data_directory = {r}/data\n\
             mail_owner = postfix\n\
             setgid_group = postdrop\n\
             inet_interfaces = 127.0.0.1\n\
             inet_protocols = ipv4\n\
             myhostname = mail.jelly.test\n\
             mydomain = jelly.test\n\
             myorigin = jelly.test\n\
             mydestination =\n\
             mynetworks = 127.0.0.0/8\n\
             relay_domains =\n\
             virtual_mailbox_domains = jelly.test\n\
             virtual_mailbox_base = {r}/vmail\n\
             virtual_mailbox_maps = texthash:{r}/vmailbox\n\
             virtual_uid_maps = static:{uid}\n\
             virtual_gid_maps = static:{gid}\n\
             virtual_minimum_uid = 1\n\
             smtpd_reject_unlisted_recipient = no\n\
             smtputf8_enable = no\n\
             maillog_file = {r}/maillog\n\
             maillog_file_prefixes = {r}\n"
        ),
    )
    .unwrap();
    std::fs::write(root.join("vmailbox"), "contact@jelly.test contact/\n").unwrap();
    // The master.cf shipped with the tests, plus smtpd on our port.
    let shipped = super::repo_root().join("tests/mta/master.cf");
    let master = std::fs::read_to_string(&shipped).expect("tests/mta/master.cf");
    let master = format!("{master}127.0.0.1:{port} inet n - n - - smtpd\n");
    std::fs::write(root.join("master.cf"), master).unwrap();
    hold.release();
    let out = run(&["start"], root);
    let server = Postfix { dir, port };
    assert!(
        out.status.success(),
        "postfix start: {}{}",
        String::from_utf8_lossy(&out.stderr),
        server.log()
    );
    super::ports::wait_listening(port, 20, || server.log());
    Some(server)
}

fn id(flag: &str) -> u32 {
    let out = Command::new("id")
        .arg(flag)
        .arg("postfix")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

impl Postfix {
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The Maildir of contact@jelly.test.
    pub fn maildir(&self) -> PathBuf {
        self.dir.path().join("vmail").join("contact")
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("maillog")).unwrap_or_default()
    }

    /// Waits until `count` messages are in the mailbox's new/.
    pub fn wait_for_mail(&self, count: usize) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let found = std::fs::read_dir(self.maildir().join("new")).map_or(0, Iterator::count);
            if found >= count {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "no bounce arrived: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Postfix {
    fn drop(&mut self) {
        let _ = run(&["stop"], self.dir.path());
    }
}
