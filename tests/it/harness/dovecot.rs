//! A real Dovecot IMAP server for the tests, on 127.0.0.1: IMAPS and IMAP
//! with STARTTLS, a certificate signed by a test CA made with rcgen (`smtp::certificates`),
//! one user from a passwd-file, mail in a Maildir the test can fill
//! directly. Dovecot runs in the foreground (`dovecot -F`) with its own
//! configuration in a temporary folder and is stopped (SIGTERM to the
//! master, which stops its children) when the value is dropped.
//!
//! When Dovecot is not installed the tests are listed as skipped at the end
//! of the run (`skip.rs`); with `CI=true` they fail instead (.ci/run
//! installs dovecot-imapd). Its ports come from the harness's allocator.

#![allow(dead_code)]

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const USER: &str = "jelly";
pub const PASSWORD: &str = "s3cret-imap";

pub struct Dovecot {
    pub dir: tempfile::TempDir,
    child: Child,
    pub imaps_port: u16,
    pub imap_port: u16,
    /// The test CA's certificate (PEM), for `ca_file`.
    pub ca: PathBuf,
    /// The user's Maildir (INBOX is its new/ and cur/).
    pub maildir: PathBuf,
    owner: Option<(u32, u32)>,
    count: usize,
}

/// Where the dovecot binary is, if installed.
fn binary() -> Option<PathBuf> {
    ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// `None` (and a loud note) when Dovecot is missing on a dev machine;
/// a failure on CI.
#[track_caller]
pub fn start() -> Option<Dovecot> {
    start_with("")
}

/// Like [`start`], with more lines of Dovecot configuration.
#[track_caller]
pub fn start_with(extra_config: &str) -> Option<Dovecot> {
    let Some(dovecot) = binary() else {
        super::unavailable(
            "Dovecot",
            "`dovecot` is not installed (apt-get install dovecot-imapd)",
        );
        return None;
    };
    Some(Dovecot::start(&dovecot, extra_config))
}

/// This process's uid (`-u`) or gid (`-g`).
pub fn own_id(flag: &str) -> u32 {
    let out = Command::new("id").arg(flag).output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

/// uid and gid of a system user.
fn ids(user: &str) -> Option<(u32, u32)> {
    let out = Command::new("id").arg("-u").arg(user).output().ok()?;
    let uid = String::from_utf8_lossy(&out.stdout).trim().parse().ok()?;
    let out = Command::new("id").arg("-g").arg(user).output().ok()?;
    let gid = String::from_utf8_lossy(&out.stdout).trim().parse().ok()?;
    Some((uid, gid))
}

impl Dovecot {
    fn start(binary: &Path, extra_config: &str) -> Dovecot {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o755)).unwrap();
        let mut holds = super::ports::hold_many(2);
        let (imap_port, imaps_port) = (holds[0].port, holds[1].port);
        let (ca, cert, key) = super::smtp::certificates(&root);
        std::fs::write(
            root.join("passwd"),
            format!("{USER}:{{PLAIN}}{PASSWORD}::::::\n"),
        )
        .unwrap();
        // Dovecot refuses to run its login and mail processes as root: as
        // root, they run as the users the Debian package creates.
        let me = (own_id("-u"), own_id("-g"));
        let is_root = me.0 == 0;
        let user_name = |uid: u32| {
            let out = Command::new("id")
                .arg("-un")
                .arg(uid.to_string())
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout).trim().to_string()
        };
        let (internal, login, mail_ids) = if is_root {
            (
                "dovecot".to_string(),
                "dovenull".to_string(),
                ids("dovecot").expect("the dovecot user"),
            )
        } else {
            (user_name(me.0), user_name(me.0), me)
        };
        let group = |gid: u32| {
            let out = Command::new("getent")
                .args(["group", &gid.to_string()])
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout)
                .split(':')
                .next()
                .unwrap_or("")
                .to_string()
        };
        let internal_group = if is_root {
            "dovecot".to_string()
        } else {
            group(me.1)
        };
        let maildir = root.join("mail").join(USER);
        for sub in ["new", "cur", "tmp"] {
            std::fs::create_dir_all(maildir.join(sub)).unwrap();
        }
        let r = root.display();
        let config = format!(
            "base_dir = {r}/run\n\
             state_dir = {r}/state\n\
             log_path = {r}/dovecot.log\n\
             instance_name = jelly-test-{imaps_port}\n\
             protocols = imap\n\
             listen = 127.0.0.1\n\
             ssl = yes\n\
             ssl_cert = <{cert}\n\
             ssl_key = <{key}\n\
             disable_plaintext_auth = yes\n\
             auth_mechanisms = plain login\n\
             default_internal_user = {internal}\n\
             default_internal_group = {internal_group}\n\
             default_login_user = {login}\n\
             mail_location = maildir:{r}/mail/%u\n\
             first_valid_uid = 1\n\
             passdb {{\n  driver = passwd-file\n  args = scheme=PLAIN {r}/passwd\n}}\n\
             userdb {{\n  driver = static\n  args = uid={uid} gid={gid} home={r}/mail/%u\n}}\n\
             service imap-login {{\n  chroot =\n  inet_listener imap {{\n    address = 127.0.0.1\n    port = {imap_port}\n  }}\n  inet_listener imaps {{\n    address = 127.0.0.1\n    port = {imaps_port}\n    ssl = yes\n  }}\n}}\n\
             service anvil {{\n  chroot =\n}}\n\
             service stats {{\n  chroot =\n}}\n\
             namespace inbox {{\n  inbox = yes\n  separator = /\n}}\n{extra_config}\n",
            cert = cert.display(),
            key = key.display(),
            uid = mail_ids.0,
            gid = mail_ids.1,
        );
        let conf = root.join("dovecot.conf");
        std::fs::write(&conf, config).unwrap();
        for hold in &mut holds {
            hold.release();
        }
        let child = Command::new(binary)
            .arg("-F")
            .arg("-c")
            .arg(&conf)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dovecot");
        let server = Dovecot {
            dir,
            child,
            imaps_port,
            imap_port,
            ca,
            maildir,
            owner: is_root.then_some(mail_ids),
            count: 0,
        };
        server.chown();
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", imaps_port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "dovecot did not start: {}",
                server.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// Hands the mail folder to the user the mail processes run as.
    fn chown(&self) {
        if let Some((uid, gid)) = self.owner {
            let status = Command::new("chown")
                .arg("-R")
                .arg(format!("{uid}:{gid}"))
                .arg(self.dir.path().join("mail"))
                .status()
                .unwrap();
            assert!(status.success());
        }
    }

    /// Delivers messages into INBOX (as an MDA writes a Maildir's new/),
    /// each received at the time of its Date header.
    pub fn deliver(&mut self, messages: &[Vec<u8>]) {
        self.deliver_received(messages, crate::inbox::delivery_time);
    }

    /// Delivers messages into INBOX, received one second apart from
    /// `first` (seconds since the epoch), whatever their Date headers say.
    pub fn deliver_at(&mut self, messages: &[Vec<u8>], first: i64) {
        let mut next = first;
        self.deliver_received(messages, |_| {
            next += 1;
            next - 1
        });
    }

    fn deliver_received(&mut self, messages: &[Vec<u8>], mut at: impl FnMut(&[u8]) -> i64) {
        for bytes in messages {
            self.count += 1;
            let name = format!("1764660000.M{}P1.jelly-test", self.count);
            std::fs::write(self.maildir.join("tmp").join(&name), bytes).unwrap();
            // Dovecot's INTERNALDATE of a Maildir file is its mtime.
            let received = std::time::UNIX_EPOCH
                + std::time::Duration::from_secs(at(bytes).try_into().unwrap_or(0));
            std::fs::File::options()
                .write(true)
                .open(self.maildir.join("tmp").join(&name))
                .and_then(|f| f.set_modified(received))
                .unwrap();
            std::fs::rename(
                self.maildir.join("tmp").join(&name),
                self.maildir.join("new").join(&name),
            )
            .unwrap();
        }
        self.chown();
    }

    /// How many messages a folder holds (`""` for INBOX, else its name as
    /// Dovecot stores it on disk, e.g. `.jelly.trait&AOk-`).
    pub fn count(&self, folder: &str) -> usize {
        let base = if folder.is_empty() {
            self.maildir.clone()
        } else {
            self.maildir.join(folder)
        };
        ["new", "cur"]
            .iter()
            .map(|sub| std::fs::read_dir(base.join(sub)).map_or(0, Iterator::count))
            .sum()
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
    }

    /// How many times the user logged in.
    pub fn logins(&self) -> usize {
        self.log().matches("Login: user=<jelly>").count()
    }

    pub fn imaps_url(&self) -> String {
        format!("imaps://127.0.0.1:{}", self.imaps_port)
    }

    pub fn starttls_url(&self) -> String {
        format!("imap://127.0.0.1:{}", self.imap_port)
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        // SIGTERM to the master we started: it stops its own children.
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
