//! A real SMTP server on 127.0.0.1 for the mail tests (mailin-embedded), with
//! optional STARTTLS (a CA and a server certificate made by rcgen), a
//! per-recipient refusal list and a delay per message. Each server listens
//! on a free port the system gives (port 0), so tests run in parallel.
//! Standalone (benches/invite.rs includes this file too).

use std::collections::HashSet;
use std::net::{IpAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mailin_embedded::response::{self, Response};
use mailin_embedded::{Handler, Server, SslConfig};

/// One message as the server accepted it.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: Vec<u8>,
}

#[derive(Clone, Default)]
struct Shared {
    received: Arc<Mutex<Vec<Received>>>,
    refused: Arc<Mutex<HashSet<String>>>,
    delay: Arc<Mutex<Duration>>,
    /// How many messages reached the end of DATA (before the delay).
    data_ends: Arc<Mutex<usize>>,
}

#[derive(Clone)]
struct Recorder {
    shared: Shared,
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Recorder {
    fn mail(&mut self, _ip: IpAddr, _domain: &str, from: &str) -> Response {
        self.from = from.trim_matches(['<', '>']).to_string();
        self.to.clear();
        self.data.clear();
        response::OK
    }

    fn rcpt(&mut self, to: &str) -> Response {
        let to = to.trim_matches(['<', '>']).to_string();
        if self.shared.refused.lock().unwrap().contains(&to) {
            return response::NO_MAILBOX;
        }
        self.to.push(to);
        response::OK
    }

    fn data_start(
        &mut self,
        _domain: &str,
        _from: &str,
        _is8bit: bool,
        _to: &[String],
    ) -> Response {
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        *self.shared.data_ends.lock().unwrap() += 1;
        let delay = *self.shared.delay.lock().unwrap();
        if !delay.is_zero() {
            std::thread::sleep(delay);
        }
        self.shared.received.lock().unwrap().push(Received {
            from: self.from.clone(),
            to: std::mem::take(&mut self.to),
            data: std::mem::take(&mut self.data),
        });
        response::OK
    }
}

/// A running server. It lives until the test process ends.
pub struct MailServer {
    pub port: u16,
    shared: Shared,
    /// The CA to trust for STARTTLS (PEM file), if TLS is on.
    pub ca_file: Option<PathBuf>,
}

impl MailServer {
    /// Plain SMTP on 127.0.0.1 (a free port).
    pub fn start() -> MailServer {
        MailServer::start_with(None)
    }

    /// SMTP with STARTTLS, its certificates written under `dir`.
    pub fn start_tls(dir: &Path) -> MailServer {
        MailServer::start_with(Some(dir))
    }

    fn start_with(tls_dir: Option<&Path>) -> MailServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = listener.local_addr().unwrap().port();
        let shared = Shared::default();
        let mut server = Server::new(Recorder {
            shared: shared.clone(),
            from: String::new(),
            to: Vec::new(),
            data: Vec::new(),
        });
        server
            .with_name("test.localhost")
            .with_num_threads(24)
            .with_tcp_listener(listener);
        let mut ca_file = None;
        if let Some(dir) = tls_dir {
            // The test server's rustls is built with both crypto providers
            // (jelly's lettre asks for ring, mailin-embedded for rustls's
            // default, aws-lc-rs), so it cannot pick one alone: name ring,
            // as jelly does. Only the first call of the process installs it.
            // (Deprecated since rustls 0.23.48 for its lack of post-quantum
            // key exchange: see src/inbox/imap.rs.)
            #[allow(deprecated)]
            let _ = rustls::crypto::ring::default_provider().install_default();
            let (ca, cert, key) = certificates(dir);
            server
                .with_ssl(SslConfig::SelfSigned {
                    cert_path: cert.display().to_string(),
                    key_path: key.display().to_string(),
                })
                .expect("TLS set-up");
            ca_file = Some(ca);
        }
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        MailServer {
            port,
            shared,
            ca_file,
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Answer 550 to RCPT TO for this address from now on.
    pub fn refuse(&self, address: &str) {
        self.shared
            .refused
            .lock()
            .unwrap()
            .insert(address.to_string());
    }

    pub fn accept_all(&self) {
        self.shared.refused.lock().unwrap().clear();
    }

    /// Wait this long before accepting each message.
    pub fn set_delay(&self, delay: Duration) {
        *self.shared.delay.lock().unwrap() = delay;
    }

    /// Waits (at most 30 s) until `count` messages have reached the end of
    /// DATA: the server holds them (see [`MailServer::set_delay`]) and the
    /// sender does not know yet whether they went. Panics at the deadline.
    #[track_caller]
    pub fn wait_for_data_end(&self, count: usize) {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while *self.shared.data_ends.lock().unwrap() < count {
            assert!(
                std::time::Instant::now() < deadline,
                "{count} messages never reached the end of DATA"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// How many messages reached the end of DATA so far.
    pub fn data_ends(&self) -> usize {
        *self.shared.data_ends.lock().unwrap()
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.shared.received.lock().unwrap().len()
    }
}

/// A CA and a server certificate for 127.0.0.1 signed by it: (ca.pem,
/// cert.pem, key.pem).
pub(crate) fn certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "jelly test CA");
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params =
        rcgen::CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
            .unwrap();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "127.0.0.1");
    let cert = params.signed_by(&key, &ca, &ca_key).unwrap();
    std::fs::create_dir_all(dir).unwrap();
    let paths = (
        dir.join("ca.pem"),
        dir.join("cert.pem"),
        dir.join("key.pem"),
    );
    std::fs::write(&paths.0, ca.pem()).unwrap();
    std::fs::write(&paths.1, cert.pem()).unwrap();
    std::fs::write(&paths.2, key.serialize_pem()).unwrap();
    paths
}
