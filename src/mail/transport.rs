//! Where messages go: an SMTP server (pooled connections), a folder of .eml
//! files, or the local sendmail. Each is a [`Transport`]; the sending loop
//! does not know which one it talks to.

use std::path::PathBuf;
use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
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
}

/// Sends one message's bytes to one recipient.
pub trait Transport: Sync {
    fn send(&self, from: &str, to: &str, message_id: &str, bytes: &[u8]) -> Result<(), SendError>;
}

/// Builds the transport `[mail]` asks for.
pub fn from_config(dir: &DataDir, config: &Config, lang: Lang) -> Result<Box<dyn Transport>> {
    let mail = &config.mail;
    Ok(match mail.transport {
        TransportKind::File => Box::new(FileTransport {
            folder: dir.resolve(&mail.outbox),
        }),
        TransportKind::Sendmail => Box::new(SendmailTransport {
            inner: lettre::SendmailTransport::new_with_command(&mail.sendmail_command),
        }),
        TransportKind::Smtp => Box::new(SmtpTransport::new(config, lang)?),
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
}

impl Transport for SendmailTransport {
    fn send(&self, from: &str, to: &str, _message_id: &str, bytes: &[u8]) -> Result<(), SendError> {
        let envelope = envelope(from, to).map_err(SendError::Permanent)?;
        self.inner
            .send_raw(&envelope, bytes)
            .map_err(|e| SendError::Connection(format!("sendmail: {e}")))
    }
}

/// SMTP with a pool of connections shared by the sending threads.
pub struct SmtpTransport {
    inner: lettre::SmtpTransport,
    /// The server as configured, to name it in errors.
    url: String,
}

impl SmtpTransport {
    pub fn new(config: &Config, lang: Lang) -> Result<SmtpTransport> {
        let mail = &config.mail;
        let url = mail
            .smtp_url
            .as_ref()
            .ok_or_else(|| Error::usage(t!(lang, "mail-no-smtp-url")))?;
        let (host, port) = (&url.host, url.port);
        let tls = match mail.tls {
            crate::model::Tls::None => Tls::None,
            crate::model::Tls::Starttls => Tls::Required(tls_parameters(host)?),
            crate::model::Tls::Implicit => Tls::Wrapper(tls_parameters(host)?),
        };
        let mut builder = lettre::SmtpTransport::builder_dangerous(host.as_str())
            .port(port)
            .tls(tls)
            .timeout(Some(Duration::from_secs(30)))
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
        })
    }
}

/// TLS for `host`, trusting the web's roots and, if `$JELLY_SMTP_CA_FILE`
/// names a PEM file, that certificate too (a private server's own CA).
fn tls_parameters(host: &str) -> Result<TlsParameters> {
    let mut builder = TlsParameters::builder(host.to_string());
    if let Some(path) = std::env::var_os("JELLY_SMTP_CA_FILE").filter(|p| !p.is_empty()) {
        let pem = std::fs::read(&path).map_err(|e| Error::io(PathBuf::from(&path), e))?;
        let certificate = Certificate::from_pem(&pem).map_err(|e| {
            Error::usage(format!(
                "JELLY_SMTP_CA_FILE={}: {e}",
                PathBuf::from(&path).display()
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
        result.map(|_| ()).map_err(|e| {
            let text = error_text(&e);
            if e.is_permanent() {
                SendError::Permanent(text)
            } else if e.is_transient() {
                SendError::Transient(text)
            } else {
                SendError::Connection(format!("{}: {text}", self.url))
            }
        })
    }
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
