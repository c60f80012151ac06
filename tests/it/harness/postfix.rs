//! A real Postfix for the bounce test, on 127.0.0.1: the domain
//! `jelly.test` has one virtual mailbox, `contact@jelly.test`, delivered to
//! a Maildir; mail to any other address of the domain is accepted, then
//! bounced by Postfix's virtual delivery agent ("unknown user"), so its
//! delivery status notification lands in that Maildir. Postfix runs with
//! its own configuration directory (`postfix -c DIR start`) and is stopped
//! when the value is dropped.
//!
//! Postfix only starts as root; elsewhere, or when it is not installed, the
//! test says SKIPPED loudly; with `CI=true` a missing Postfix fails.

#![allow(dead_code)]

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::{Duration, Instant};

/// Ports 7690-7699 of this suite's range.
static NEXT_PORT: AtomicU16 = AtomicU16::new(7690);

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

pub fn start() -> Option<Postfix> {
    if !Path::new("/usr/sbin/postfix").exists() {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("postfix is not installed, and CI=true: .ci/run must install postfix");
        }
        eprintln!("SKIPPED: postfix not installed (apt-get install postfix)");
        return None;
    }
    if super::dovecot::own_id("-u") != 0 {
        eprintln!("SKIPPED: postfix only starts as root");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
    let port = loop {
        let port = NEXT_PORT.fetch_add(1, Ordering::SeqCst);
        assert!(port < 7700, "out of test ports");
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            break port;
        }
    };
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
    // The package's master.cf, with smtpd on our port and nothing chrooted.
    let master = std::fs::read_to_string("/etc/postfix/master.cf").expect("/etc/postfix/master.cf");
    let master: String = master
        .lines()
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            if line.starts_with(char::is_whitespace) || line.starts_with('#') || fields.len() < 8 {
                return format!("{line}\n");
            }
            let mut fields: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
            if fields[0] == "smtp" && fields[1] == "inet" {
                fields[0] = format!("127.0.0.1:{port}");
            }
            fields[4] = "n".to_string(); // chroot
            format!("{}\n", fields.join(" "))
        })
        .collect();
    std::fs::write(root.join("master.cf"), master).unwrap();
    let out = run(&["start"], root);
    let server = Postfix { dir, port };
    assert!(
        out.status.success(),
        "postfix start: {}{}",
        String::from_utf8_lossy(&out.stderr),
        server.log()
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "postfix did not listen: {}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
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
