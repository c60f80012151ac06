//! A real SMTP server on 127.0.0.1 for the mail tests (mailin-embedded), with
//! optional STARTTLS (a CA and a server certificate made by rcgen), a
//! per-recipient refusal list and a delay per message; and a small MIME
//! reader to look inside what it received.

#![allow(dead_code)]

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

    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.shared.received.lock().unwrap().len()
    }
}

/// A port nobody listens on.
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A CA and a server certificate for 127.0.0.1 signed by it: (ca.pem,
/// cert.pem, key.pem).
fn certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
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

/// A MIME part, its body decoded (quoted-printable, base64).
#[derive(Debug, Clone)]
pub struct Part {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub parts: Vec<Part>,
}

impl Part {
    pub fn parse(raw: &[u8]) -> Part {
        let text = String::from_utf8(raw.to_vec()).expect("the message is text");
        let text = text.replace("\r\n", "\n");
        let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in head.lines() {
            if line.starts_with(' ') || line.starts_with('\t') {
                if let Some(last) = headers.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(line.trim());
                }
            } else if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
        }
        let mut part = Part {
            headers,
            body: Vec::new(),
            parts: Vec::new(),
        };
        let content_type = part.header("Content-Type").unwrap_or_default();
        if content_type.to_ascii_lowercase().starts_with("multipart/") {
            let boundary = parameter(&content_type, "boundary").expect("a boundary");
            let delimiter = format!("--{boundary}");
            for chunk in body.split(&delimiter).skip(1) {
                if chunk.starts_with("--") {
                    break;
                }
                let chunk = chunk.strip_prefix('\n').unwrap_or(chunk);
                let chunk = chunk.strip_suffix('\n').unwrap_or(chunk);
                part.parts.push(Part::parse(chunk.as_bytes()));
            }
        } else {
            let encoding = part
                .header("Content-Transfer-Encoding")
                .unwrap_or_default()
                .to_ascii_lowercase();
            part.body = match encoding.as_str() {
                "base64" => base64(body),
                "quoted-printable" => quoted_printable(body),
                _ => body.as_bytes().to_vec(),
            };
        }
        part
    }

    /// A header's raw value (first of that name).
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    }

    /// A header with its RFC 2047 encoded words decoded.
    pub fn decoded_header(&self, name: &str) -> Option<String> {
        self.header(name).map(|v| decode_words(&v))
    }

    pub fn mime_type(&self) -> String {
        self.header("Content-Type")
            .unwrap_or_else(|| "text/plain".into())
            .split(';')
            .next()
            .unwrap()
            .trim()
            .to_ascii_lowercase()
    }

    /// The first part (depth first, itself included) of this MIME type.
    pub fn find(&self, mime_type: &str) -> Option<&Part> {
        if self.mime_type() == mime_type {
            return Some(self);
        }
        self.parts.iter().find_map(|p| p.find(mime_type))
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }
}

/// `name=value` or `name="value"` from a header value.
pub fn parameter(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (n, v) = p.trim().split_once('=')?;
        n.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

fn base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in text.bytes() {
        let Some(value) = ALPHABET.iter().position(|&c| c == byte) else {
            continue;
        };
        buffer = (buffer << 6) | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

fn quoted_printable(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for line in text.split('\n') {
        let (line, soft) = match line.strip_suffix('=') {
            Some(l) => (l, true),
            None => (line, false),
        };
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'=' && i + 2 < bytes.len() {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).expect("hex"));
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        if !soft {
            out.push(b'\n');
        }
    }
    if out.last() == Some(&b'\n') {
        out.pop();
    }
    out
}

/// Decodes `=?utf-8?b?…?=` and `=?utf-8?q?…?=` words; whitespace between two
/// encoded words disappears, as RFC 2047 says.
pub fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut previous_encoded = false;
    let mut pending_space = String::new();
    for token in value.split_inclusive(' ') {
        let word = token.trim_end_matches(' ');
        let spaces = &token[word.len()..];
        let decoded = word
            .strip_prefix("=?")
            .and_then(|w| w.strip_suffix("?="))
            .and_then(|w| {
                let mut pieces = w.splitn(3, '?');
                let _charset = pieces.next()?;
                let encoding = pieces.next()?.to_ascii_lowercase();
                let data = pieces.next()?;
                let bytes = match encoding.as_str() {
                    "b" => base64(data),
                    "q" => quoted_printable(&data.replace('_', " ")),
                    _ => return None,
                };
                String::from_utf8(bytes).ok()
            });
        match decoded {
            Some(text) => {
                if !previous_encoded {
                    out.push_str(&pending_space);
                }
                out.push_str(&text);
                previous_encoded = true;
            }
            None => {
                out.push_str(&pending_space);
                out.push_str(word);
                previous_encoded = false;
            }
        }
        pending_space = spaces.to_string();
    }
    out
}

#[test]
fn the_mime_reader_decodes_what_it_should() {
    assert_eq!(
        decode_words("jelly =?utf-8?b?w6AgQWzDqHMs?= jeudi"),
        "jelly à Alès, jeudi"
    );
    assert_eq!(decode_words("=?utf-8?b?w6A=?= =?utf-8?b?w6A=?= x"), "àà x");
    assert_eq!(
        quoted_printable("No=C3=A9mie, L=\noz=C3=A8re"),
        "Noémie, Lozère".as_bytes()
    );
    assert_eq!(base64("Tm/DqW1pZQ=="), "Noémie".as_bytes());
}
