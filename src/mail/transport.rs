//! Where messages go: an SMTP server (pooled connections), a folder of .eml
//! files, or the local sendmail. Each is a [`Transport`]; the sending loop
//! does not know which one it talks to.

use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::PoolConfig;
use lettre::Transport as _;

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::model::{Config, TransportKind};
use crate::store::DataDir;
use crate::t;

/// Why one message was not sent.
#[derive(Debug, Clone, PartialEq)]
pub enum SendError {
    /// The server refused this message for good (5xx): record it, go on.
    Permanent(String),
    /// Try again later (4xx).
    Transient(String),
    /// The server cannot be reached or TLS failed: stop everything.
    Connection(String),
    /// The server refused the login (530, 534, 535): stop at once, before
    /// a provider locks the account; nothing is journaled.
    Auth(String),
}

/// Sends one message's bytes to one recipient.
pub trait Transport: Sync {
    fn send(&self, from: &str, to: &str, message_id: &str, bytes: &[u8]) -> Result<(), SendError>;

    /// Opens one connection (and logs in) before anything is journaled, so
    /// that a wrong password is tried once and an unreachable server stops
    /// the run at once.
    fn preflight(&self) -> Result<(), SendError> {
        Ok(())
    }
}

/// Builds the transport `[mail]` asks for.
pub fn from_config(dir: &DataDir, config: &Config, lang: Lang) -> Result<Box<dyn Transport>> {
    let mail = &config.mail;
    Ok(match mail.transport {
        TransportKind::File => Box::new(FileTransport {
            folder: dir.resolve(&mail.outbox),
        }),
        TransportKind::Sendmail => {
            let command =
                crate::mail::settings::find_sendmail(&mail.sendmail_command).map_err(|tried| {
                    Error::runtime(t!(
                        lang,
                        "mail-transport-sendmail-not-found",
                        command = mail.sendmail_command,
                        tried = tried
                            .iter()
                            .map(|p| p.display().to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?;
            Box::new(SendmailTransport {
                inner: lettre::SendmailTransport::new_with_command(&command),
                command: command.display().to_string(),
            })
        }
        TransportKind::Smtp => Box::new(SmtpTransport::new(dir, config, lang)?),
    })
}

/// One `.eml` file per message in the outbox folder.
pub struct FileTransport {
    pub folder: PathBuf,
}

impl Transport for FileTransport {
    fn send(
        &self,
        _from: &str,
        _to: &str,
        message_id: &str,
        bytes: &[u8],
    ) -> Result<(), SendError> {
        std::fs::create_dir_all(&self.folder)
            .map_err(|e| SendError::Connection(format!("{}: {e}", self.folder.display())))?;
        let name: String = message_id
            .trim_matches(['<', '>'])
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let path = self.folder.join(format!("{name}.eml"));
        crate::store::atomic::write_atomic(&path, bytes)
            .map_err(|e| SendError::Connection(e.to_string()))
    }
}

pub struct SendmailTransport {
    inner: lettre::SendmailTransport,
    /// The command as found, to name it in errors.
    command: String,
}

impl Transport for SendmailTransport {
    fn send(&self, from: &str, to: &str, _message_id: &str, bytes: &[u8]) -> Result<(), SendError> {
        let envelope = envelope(from, to).map_err(SendError::Permanent)?;
        self.inner
            .send_raw(&envelope, bytes)
            .map_err(|e| SendError::Connection(format!("{}: {}", self.command, error_text(&e))))
    }
}

/// SMTP with a pool of connections shared by the sending threads.
pub struct SmtpTransport {
    inner: lettre::SmtpTransport,
    /// The server as configured, to name it in errors.
    url: String,
    host: String,
    timeout_secs: u64,
    /// Was a `ca_file` given (else the hint suggests one)?
    ca_file: bool,
    lang: Lang,
}

impl SmtpTransport {
    pub fn new(dir: &DataDir, config: &Config, lang: Lang) -> Result<SmtpTransport> {
        let mail = &config.mail;
        let url = mail
            .smtp_url
            .as_ref()
            .ok_or_else(|| Error::usage(t!(lang, "mail-no-smtp-url")))?;
        let (host, port) = (url.host.clone(), url.port);
        let ca_file = mail.ca_file.as_deref().map(|f| dir.resolve(f));
        let tls = match mail.tls {
            crate::model::Tls::None => Tls::None,
            crate::model::Tls::Starttls => {
                Tls::Required(tls_parameters(&host, ca_file.as_deref(), lang)?)
            }
            crate::model::Tls::Implicit => {
                Tls::Wrapper(tls_parameters(&host, ca_file.as_deref(), lang)?)
            }
        };
        let from_domain = mail.from.parse::<lettre::message::Mailbox>().map_or_else(
            |_| "localhost.localdomain".to_string(),
            |m| m.email.domain().to_string(),
        );
        let hello = crate::mail::settings::hello_name(mail, &from_domain);
        let mut builder = lettre::SmtpTransport::builder_dangerous(host.as_str())
            .port(port)
            .tls(tls)
            .hello_name(ClientId::Domain(hello))
            .timeout(Some(Duration::from_secs(mail.timeout_secs)))
            .pool_config(
                PoolConfig::new()
                    .max_size(mail.connections.max(1) as u32)
                    .min_idle(0),
            );
        if let Some(username) = &mail.username {
            let password = password(config, lang)?;
            builder = builder.credentials(Credentials::new(username.clone(), password));
        }
        Ok(SmtpTransport {
            inner: builder.build(),
            url: url.text.clone(),
            host,
            timeout_secs: mail.timeout_secs,
            ca_file: mail.ca_file.is_some(),
            lang,
        })
    }
}

/// TLS for `host`, trusting the system's store (which honours
/// `$SSL_CERT_FILE`; the web's roots when the system has none) and, with
/// `[mail] ca_file`, that file's certificates too (a private server's CA).
fn tls_parameters(host: &str, ca_file: Option<&Path>, lang: Lang) -> Result<TlsParameters> {
    let mut builder = TlsParameters::builder(host.to_string());
    if let Some(path) = ca_file {
        let pem = crate::mail::settings::read_certificates(path, lang).map_err(Error::usage)?;
        let certificate = Certificate::from_pem(&pem).map_err(|e| {
            Error::usage(t!(
                lang,
                "mail-settings-ca-no-pem",
                file = format!("{} ({e})", path.display())
            ))
        })?;
        builder = builder.add_root_certificate(certificate);
    }
    builder
        .build_rustls()
        .map_err(|e| Error::runtime(format!("TLS: {e}")))
}

/// The SMTP password: `$JELLY_SMTP_PASSWORD`, else the first line printed by
/// `password_command`. Never shown anywhere.
fn password(config: &Config, lang: Lang) -> Result<String> {
    if let Ok(password) = std::env::var("JELLY_SMTP_PASSWORD") {
        if !password.is_empty() {
            return Ok(password);
        }
    }
    let Some(command) = &config.mail.password_command else {
        return Err(Error::usage(t!(lang, "mail-no-password")));
    };
    password_from_command(command, lang)
}

/// The first line printed by a `password_command` (run by `sh -c`).
pub fn password_from_command(command: &str, lang: Lang) -> Result<String> {
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| Error::runtime(format!("password_command: {e}")))?;
    if !output.status.success() {
        return Err(Error::runtime(t!(
            lang,
            "mail-password-command-failed",
            status = output.status
        )));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    Ok(text.lines().next().unwrap_or("").to_string())
}

fn envelope(from: &str, to: &str) -> Result<Envelope, String> {
    let from = from.parse().map_err(|e| format!("{from}: {e}"))?;
    let to = to.parse().map_err(|e| format!("{to}: {e}"))?;
    Envelope::new(Some(from), vec![to]).map_err(|e| e.to_string())
}

impl Transport for SmtpTransport {
    fn send(&self, from: &str, to: &str, _message_id: &str, bytes: &[u8]) -> Result<(), SendError> {
        let envelope = envelope(from, to).map_err(SendError::Permanent)?;
        let result = self.inner.send_raw(&envelope, bytes);
        nodelay::apply();
        result.map(|_| ()).map_err(|e| self.classify(&e))
    }

    fn preflight(&self) -> Result<(), SendError> {
        let result = self.inner.test_connection();
        nodelay::apply();
        match result {
            Ok(true) => Ok(()),
            Ok(false) => Err(SendError::Connection(format!("{}: NOOP", self.url))),
            Err(e) => Err(self.classify(&e)),
        }
    }
}

impl SmtpTransport {
    /// Sorts lettre's error into what the sending loop does next, with a
    /// message the person can act on.
    fn classify(&self, e: &lettre::transport::smtp::Error) -> SendError {
        let lang = self.lang;
        let text = error_text(e);
        let code = e.status().map(|c| c.to_string());
        if matches!(code.as_deref(), Some("530" | "534" | "535")) {
            return SendError::Auth(t!(
                lang,
                "mail-transport-auth-refused",
                server = self.url,
                answer = text
            ));
        }
        if e.is_permanent() {
            return SendError::Permanent(text);
        }
        if e.is_transient() {
            return SendError::Transient(text);
        }
        if is_timeout(e) {
            return SendError::Connection(t!(
                lang,
                "mail-transport-timeout",
                server = self.url,
                seconds = self.timeout_secs
            ));
        }
        if e.is_tls() || text.contains("certificate") || text.contains("InvalidCertificate") {
            let hint = if text.contains("CaUsedAsEndEntity") {
                t!(lang, "mail-transport-ca-as-server", host = self.host)
            } else if self.ca_file {
                t!(lang, "mail-transport-tls-check-ca-file")
            } else {
                t!(lang, "mail-transport-tls-hint")
            };
            return SendError::Connection(t!(
                lang,
                "mail-transport-tls-failed",
                host = self.host,
                error = text,
                hint = crate::i18n::Raw(hint)
            ));
        }
        SendError::Connection(format!("{}: {text}", self.url))
    }
}

/// A read or connect that ran out of time: `TimedOut`, or `WouldBlock` as
/// a socket read timeout surfaces on Linux ("Resource temporarily
/// unavailable").
fn is_timeout(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return matches!(
                io.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            );
        }
        source = e.source();
    }
    false
}

/// lettre 0.11.23 leaves Nagle's algorithm on for its SMTP sockets: the
/// final "\r\n.\r\n" of each message then waits for the server's delayed
/// ACK, ~40 ms per message per connection (see MEASURED.md; the fix is not
/// released). Its sockets are not reachable through its API, so after a send
/// (when the pool may have opened a connection) the process's own TCP
/// sockets get TCP_NODELAY. jelly opens no other TCP socket while sending.
mod nodelay {
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Sends since the start; sockets are swept on the first few and then
    /// every 32nd, enough to catch the pool's new connections cheaply.
    static SENDS: AtomicUsize = AtomicUsize::new(0);

    pub(super) fn apply() {
        let n = SENDS.fetch_add(1, Ordering::Relaxed);
        if n < 64 || n.is_multiple_of(32) {
            sweep();
        }
    }

    #[cfg(target_os = "linux")]
    #[allow(unsafe_code)] // setsockopt(TCP_NODELAY): lettre gives no access to its sockets
    fn sweep() {
        let Ok(entries) = std::fs::read_dir("/proc/self/fd") else {
            return;
        };
        for entry in entries.flatten() {
            let Ok(fd) = entry.file_name().to_string_lossy().parse::<libc::c_int>() else {
                continue;
            };
            let is_socket = std::fs::read_link(entry.path())
                .is_ok_and(|t| t.to_string_lossy().starts_with("socket:"));
            if !is_socket {
                continue;
            }
            let one: libc::c_int = 1;
            // SAFETY: setsockopt only reads `one` for the given length; on an
            // fd that is not a TCP socket it fails with an error we ignore.
            unsafe {
                libc::setsockopt(
                    fd,
                    libc::IPPROTO_TCP,
                    libc::TCP_NODELAY,
                    (&one as *const libc::c_int).cast(),
                    std::mem::size_of::<libc::c_int>() as libc::socklen_t,
                );
            }
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn sweep() {}
}

/// lettre's error with its causes, on one line.
fn error_text(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let more = cause.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_transport_writes_one_eml_per_message() {
        let dir = tempfile::tempdir().unwrap();
        let transport = FileTransport {
            folder: dir.path().join("outbox"),
        };
        transport
            .send(
                "a@example.org",
                "b@example.org",
                "<x.1@example.org>",
                b"Subject: hi\r\n\r\nhi\r\n",
            )
            .unwrap();
        let files: Vec<_> = std::fs::read_dir(dir.path().join("outbox"))
            .unwrap()
            .collect();
        assert_eq!(files.len(), 1);
        let path = files[0].as_ref().unwrap().path();
        assert_eq!(path.file_name().unwrap(), "x.1_example.org.eml");
    }

    #[test]
    fn the_password_comes_from_the_command() {
        let mut config = Config::default();
        config.mail.password_command = Some("printf 's3cret\\nignored'".into());
        // The variable is absent in the test environment unless someone set it.
        if std::env::var_os("JELLY_SMTP_PASSWORD").is_none() {
            assert_eq!(password(&config, Lang::En).unwrap(), "s3cret");
        }
    }
}
