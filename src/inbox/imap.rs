//! An IMAP folder, with the `imap` crate over rustls: `imaps://` (TLS from
//! the first byte, port 993) or `imap://` (STARTTLS, port 143). The server
//! certificate is checked against the system's trust store plus the
//! `ca_file` of `[inbox]`. One session does everything: list the folder
//! (UID and Message-ID from the envelope), fetch every new message in one
//! command, move the handled ones (MOVE, else COPY + \Deleted + EXPUNGE).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::ServerName;

use crate::error::{Error, Result};
use crate::inbox::{Fetched, Listed, Mailbox, MAX_MESSAGE_BYTES};

type Stream = rustls::StreamOwned<rustls::ClientConnection, TcpStream>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// TLS from the first byte (imaps://, port 993).
    Tls,
    /// STARTTLS after the greeting (imap://, port 143).
    StartTls,
}

/// `imaps://host[:port]` or `imap://host[:port]` → (security, host, port).
pub fn parse_url(url: &str) -> Option<(Security, String, u16)> {
    let (security, rest) = if let Some(rest) = url.strip_prefix("imaps://") {
        (Security::Tls, rest)
    } else if let Some(rest) = url.strip_prefix("imap://") {
        (Security::StartTls, rest)
    } else {
        return None;
    };
    let rest = rest.trim_end_matches('/');
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, port.parse().ok()?),
        None => (rest, if security == Security::Tls { 993 } else { 143 }),
    };
    if host.is_empty() || host.contains(['/', '@', ' ']) {
        return None;
    }
    Some((security, host.to_string(), port))
}

/// A folder over `S`: TLS to a real server ([`ImapBox::connect`]), or any
/// stream already past TLS ([`ImapBox::open`]: the tests and the fuzz
/// target play a server's bytes to it).
pub struct ImapBox<S: Read + Write = Stream> {
    session: imap::Session<S>,
    done_folder: String,
    has_move: bool,
    has_uidplus: bool,
}

/// How a server failure reads: what was being done, and the server's words.
fn failure(what: &str, e: impl std::fmt::Display) -> Error {
    Error::runtime(format!("IMAP {what}: {e}"))
}

/// Runs `step` of the session, turning a panic into an error: the parser
/// of the server's answers (imap-proto 0.16.7, the one every Rust IMAP
/// client uses) panics on some answers — `INTERNALDATE NIL` unwraps a
/// `None`, found by the `imap_session` fuzz target — and a server must not
/// be able to stop `jelly inbox` that way. The panic message is kept off
/// the terminal (it would reach the cron mail); the session is not used
/// again after such an error (the run stops, nothing was recorded from it).
fn guarded<T>(what: &str, step: impl FnOnce() -> Result<T>) -> Result<T> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(step));
    std::panic::set_hook(hook);
    outcome.unwrap_or_else(|_| Err(failure(what, "unreadable answer from the server")))
}

impl ImapBox<Stream> {
    /// Connects, logs in and selects `folder`.
    pub fn connect(
        url: &str,
        username: &str,
        password: &str,
        folder: &str,
        done_folder: &str,
        ca_file: Option<&Path>,
    ) -> Result<ImapBox> {
        let (security, host, port) =
            parse_url(url).ok_or_else(|| Error::usage(format!("imap_url: {url}")))?;
        let config = tls_config(ca_file)?;
        let tcp = TcpStream::connect((host.as_str(), port))
            .map_err(|e| failure(&format!("{host}:{port}"), e))?;
        let timeout = Some(Duration::from_secs(60));
        let _ = tcp.set_read_timeout(timeout);
        let _ = tcp.set_write_timeout(timeout);
        let mut tcp = tcp;
        if security == Security::StartTls {
            starttls(&mut tcp).map_err(|e| failure("STARTTLS", e))?;
        }
        let name = ServerName::try_from(host.clone())
            .map_err(|e| Error::usage(format!("imap_url: {host}: {e}")))?;
        let connection =
            rustls::ClientConnection::new(Arc::new(config), name).map_err(|e| failure("TLS", e))?;
        let stream = rustls::StreamOwned::new(connection, tcp);
        // With STARTTLS, the greeting came before it.
        ImapBox::open(
            stream,
            security == Security::Tls,
            username,
            password,
            folder,
            done_folder,
        )
    }
}

impl<S: Read + Write> ImapBox<S> {
    /// Reads the greeting (unless it was read already), logs in and selects
    /// `folder`, over `stream`.
    pub fn open(
        stream: S,
        greeting: bool,
        username: &str,
        password: &str,
        folder: &str,
        done_folder: &str,
    ) -> Result<ImapBox<S>> {
        guarded("LOGIN", || {
            let mut client = imap::Client::new(stream);
            if greeting {
                client.read_greeting().map_err(|e| failure("greeting", e))?;
            } else {
                client.greeting_read = true;
            }
            let mut session = client
                .login(username, password)
                .map_err(|(e, _)| failure("LOGIN", e))?;
            let capabilities = session
                .capabilities()
                .map_err(|e| failure("CAPABILITY", e))?;
            let has_move = capabilities.has_str("MOVE");
            let has_uidplus = capabilities.has_str("UIDPLUS");
            session
                .select(utf7_imap::encode_utf7_imap(folder.to_string()))
                .map_err(|e| failure(&format!("SELECT {folder}"), e))?;
            Ok(ImapBox {
                session,
                done_folder: utf7_imap::encode_utf7_imap(done_folder.to_string()),
                has_move,
                has_uidplus,
            })
        })
    }
}

/// The certificates jelly trusts: [`crate::trust`] (the system's, and the
/// `ca_file`'s), as for SMTP and HTTPS.
fn tls_config(ca_file: Option<&Path>) -> Result<rustls::ClientConfig> {
    let roots = crate::trust::root_store(ca_file)?;
    // ring, as for SMTP and HTTPS (lettre and ureq are built with it).
    // rustls 0.23.48 deprecates this provider for its lack of post-quantum
    // key exchange; its replacement, aws-lc-rs, is a C build with cmake.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| failure("TLS", e))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// The greeting, then `STARTTLS` and its tagged answer, on the bare socket
/// (the imap crate only offers STARTTLS with its own TLS set-up). Read a
/// byte at a time so that nothing of the TLS handshake is swallowed.
fn starttls(tcp: &mut TcpStream) -> std::io::Result<()> {
    fn line(tcp: &mut TcpStream) -> std::io::Result<String> {
        let mut bytes = Vec::new();
        let mut byte = [0u8; 1];
        while !bytes.ends_with(b"\n") {
            if tcp.read(&mut byte)? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            bytes.push(byte[0]);
            if bytes.len() > 64 * 1024 {
                return Err(std::io::Error::other("line too long"));
            }
        }
        Ok(String::from_utf8_lossy(&bytes).trim_end().to_string())
    }
    let greeting = line(tcp)?;
    if !greeting.starts_with("* OK") {
        return Err(std::io::Error::other(greeting));
    }
    tcp.write_all(b"j0 STARTTLS\r\n")?;
    loop {
        let answer = line(tcp)?;
        if let Some(status) = answer.strip_prefix("j0 ") {
            return if status.starts_with("OK") {
                Ok(())
            } else {
                Err(std::io::Error::other(answer))
            };
        }
    }
}

/// `1,2,3,7,9,10` → `1:3,7,9:10`: a short command for many messages.
pub fn uid_set(ids: &[u32]) -> String {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut out = Vec::new();
    let mut i = 0;
    while i < ids.len() {
        let start = ids[i];
        let mut end = start;
        while i + 1 < ids.len() && ids[i + 1] == end + 1 {
            i += 1;
            end = ids[i];
        }
        out.push(if start == end {
            start.to_string()
        } else {
            format!("{start}:{end}")
        });
        i += 1;
    }
    out.join(",")
}

fn uids(ids: &[String]) -> Vec<u32> {
    ids.iter().filter_map(|id| id.parse().ok()).collect()
}

impl<S: Read + Write> Mailbox for ImapBox<S> {
    fn list(&mut self) -> Result<Vec<Listed>> {
        guarded("FETCH", || self.list_unguarded())
    }

    fn fetch(&mut self, ids: &[String]) -> Result<Vec<(String, Fetched)>> {
        guarded("FETCH", || self.fetch_unguarded(ids))
    }

    fn done(&mut self, ids: &[String]) -> Result<()> {
        guarded("MOVE", || self.done_unguarded(ids))
    }

    fn close(&mut self) {
        let _ = guarded("LOGOUT", || {
            let _ = self.session.logout();
            Ok(())
        });
    }
}

impl<S: Read + Write> ImapBox<S> {
    fn list_unguarded(&mut self) -> Result<Vec<Listed>> {
        let status = self
            .session
            .uid_search("ALL")
            .map_err(|e| failure("SEARCH", e))?;
        if status.is_empty() {
            return Ok(Vec::new());
        }
        let all: Vec<u32> = status.into_iter().collect();
        let fetches = self
            .session
            .uid_fetch(uid_set(&all), "(UID ENVELOPE INTERNALDATE RFC822.SIZE)")
            .map_err(|e| failure("FETCH", e))?;
        let mut listed: Vec<Listed> = fetches
            .iter()
            .filter_map(|fetch| {
                let uid = fetch.uid?;
                let message_id = fetch
                    .envelope()
                    .and_then(|envelope| envelope.message_id.as_ref())
                    .map(|id| {
                        String::from_utf8_lossy(id)
                            .chars()
                            .filter(|c| !c.is_whitespace() && !c.is_control())
                            .collect::<String>()
                    })
                    .filter(|id| id.len() > 2 && id.starts_with('<') && id.ends_with('>'));
                let too_large = fetch
                    .size
                    .is_some_and(|size| u64::from(size) > MAX_MESSAGE_BYTES);
                Some(Listed {
                    id: uid.to_string(),
                    message_id,
                    // When the server received it, not the sender's Date.
                    received: fetch.internal_date().map(|d| d.with_timezone(&chrono::Utc)),
                    problem: too_large.then_some("too_large"),
                    seen: false,
                })
            })
            .collect();
        listed.sort_by_key(|l| l.id.parse::<u32>().unwrap_or(0));
        Ok(listed)
    }

    fn fetch_unguarded(&mut self, ids: &[String]) -> Result<Vec<(String, Fetched)>> {
        let uids = uids(ids);
        if uids.is_empty() {
            return Ok(Vec::new());
        }
        let fetches = self
            .session
            .uid_fetch(uid_set(&uids), "(UID BODY.PEEK[])")
            .map_err(|e| failure("FETCH", e))?;
        Ok(fetches
            .iter()
            .filter_map(|fetch| {
                let body = fetch.body()?;
                let bytes = if body.len() as u64 > MAX_MESSAGE_BYTES {
                    Err("too_large")
                } else {
                    Ok(body.to_vec())
                };
                Some((fetch.uid?.to_string(), bytes))
            })
            .collect())
    }

    fn done_unguarded(&mut self, ids: &[String]) -> Result<()> {
        let uids = uids(ids);
        if uids.is_empty() {
            return Ok(());
        }
        let folder = self.done_folder.clone();
        let exists = self
            .session
            .list(Some(""), Some(&folder))
            .map_err(|e| failure("LIST", e))?;
        if exists.is_empty() {
            self.session
                .create(&folder)
                .map_err(|e| failure(&format!("CREATE {folder}"), e))?;
        }
        let set = uid_set(&uids);
        if self.has_move {
            self.session
                .uid_mv(&set, &folder)
                .map_err(|e| failure("MOVE", e))?;
        } else {
            self.session
                .uid_copy(&set, &folder)
                .map_err(|e| failure("COPY", e))?;
            self.session
                .uid_store(&set, "+FLAGS.SILENT (\\Deleted)")
                .map_err(|e| failure("STORE", e))?;
            if self.has_uidplus {
                self.session
                    .uid_expunge(&set)
                    .map_err(|e| failure("EXPUNGE", e))?;
            } else {
                self.session.expunge().map_err(|e| failure("EXPUNGE", e))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            parse_url("imaps://imap.example.org"),
            Some((Security::Tls, "imap.example.org".into(), 993))
        );
        assert_eq!(
            parse_url("imap://127.0.0.1:7643"),
            Some((Security::StartTls, "127.0.0.1".into(), 7643))
        );
        assert_eq!(
            parse_url("imap://mail.example.org/"),
            Some((Security::StartTls, "mail.example.org".into(), 143))
        );
        assert_eq!(parse_url("https://imap.example.org"), None);
        assert_eq!(parse_url("imaps://"), None);
        assert_eq!(parse_url("imaps://host:port"), None);
    }

    /// A server's bytes played back; what jelly writes goes nowhere.
    struct Played {
        server: std::io::Cursor<Vec<u8>>,
    }

    impl Read for Played {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.server.read(buf)
        }
    }

    impl Write for Played {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn played(server: &str) -> Played {
        Played {
            server: std::io::Cursor::new(server.replace('\n', "\r\n").into_bytes()),
        }
    }

    const SESSION: &str = "* OK ready
a1 OK logged in
* CAPABILITY IMAP4rev1 MOVE UIDPLUS
a2 OK done
* 2 EXISTS
* FLAGS (\\Seen)
a3 OK [READ-WRITE] selected
* SEARCH 3 7
a4 OK done
* 1 FETCH (UID 3 RFC822.SIZE 120 INTERNALDATE \"05-Dec-2026 10:00:00 +0100\" ENVELOPE (NIL \"Re: jelly\" NIL NIL NIL NIL NIL NIL NIL \"<a@b.example>\"))
* 2 FETCH (UID 7 RFC822.SIZE 99999999 INTERNALDATE \"05-Dec-2026 11:00:00 +0000\" ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL))
a5 OK done
";

    /// The listing: the UID, the Message-ID, when the server received it
    /// (never the sender's Date) and a message over the size limit marked.
    #[test]
    fn a_played_server_session_lists_its_messages() {
        let mut mailbox =
            ImapBox::open(played(SESSION), true, "u", "p", "INBOX", "jelly").expect("logged in");
        assert!(mailbox.has_move && mailbox.has_uidplus);
        let listed = mailbox.list().expect("listed");
        assert_eq!(listed.len(), 2, "{listed:?}");
        assert_eq!(listed[0].id, "3");
        assert_eq!(listed[0].message_id.as_deref(), Some("<a@b.example>"));
        assert_eq!(
            listed[0].received.map(|t| t.to_rfc3339()),
            Some("2026-12-05T09:00:00+00:00".to_string())
        );
        assert_eq!(listed[0].problem, None);
        assert_eq!(listed[1].id, "7");
        assert_eq!(listed[1].message_id, None);
        assert_eq!(listed[1].problem, Some("too_large"));
    }

    /// Whatever the server says, an error, never a panic: every cut of a
    /// good session, and a few broken answers.
    #[test]
    fn a_broken_server_gives_an_error_not_a_panic() {
        for end in 0..SESSION.len() {
            if !SESSION.is_char_boundary(end) {
                continue;
            }
            if let Ok(mut mailbox) =
                ImapBox::open(played(&SESSION[..end]), true, "u", "p", "INBOX", "jelly")
            {
                let _ = mailbox.list();
            }
        }
        for broken in [
            "* OK x\na1 OK x\n* CAPABILITY\na2 OK\n* 1 EXISTS\na3 OK\n* SEARCH 99999999999999\na4 OK\n",
            "* OK x\na1 OK x\n* CAPABILITY\na2 OK\na3 OK\n* SEARCH 1\na4 OK\n* 1 FETCH (UID 1 BODY[] {999999}\nshort)\na5 OK\n",
            "* BYE no\n",
            // Found by the fuzz target: imap-proto unwraps a NIL date.
            "* OK x\na1 OK x\n* CAPABILITY\na2 OK\na3 OK\n* SEARCH 3\na4 OK\n* 1 FETCH (UID 3 INTERNALDATE NIL)\na5 OK\n",
            "\u{0}\u{1}garbage\n",
        ] {
            if let Ok(mut mailbox) = ImapBox::open(played(broken), true, "u", "p", "INBOX", "jelly") {
                let _ = mailbox.list();
                let _ = mailbox.fetch(&["1".to_string()]);
            }
        }
    }

    /// imap-proto panics on `INTERNALDATE NIL` (found by the fuzz target):
    /// jelly gets an error it can report, and the process goes on.
    #[test]
    fn a_parser_panic_on_a_server_answer_is_an_error() {
        let server = "* OK x\na1 OK x\n* CAPABILITY IMAP4rev1\na2 OK\na3 OK\n* SEARCH 3\na4 OK\n* 1 FETCH (UID 3 INTERNALDATE NIL)\na5 OK\n";
        let mut mailbox =
            ImapBox::open(played(server), true, "u", "p", "INBOX", "jelly").expect("logged in");
        let error = mailbox.list().expect_err("an error, not a panic");
        assert!(error.to_string().contains("unreadable answer"), "{error}");
    }

    #[test]
    fn uid_sets_are_ranges() {
        assert_eq!(uid_set(&[9, 1, 2, 3, 7, 10]), "1:3,7,9:10");
        assert_eq!(uid_set(&[5]), "5");
    }
}
