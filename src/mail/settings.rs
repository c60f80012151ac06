//! The `[mail]` settings that talk to real servers: trust (`ca_file`),
//! `timeout`, the EHLO name (`hello_name`), DKIM (`dkim_selector`,
//! `dkim_key_file`) and one-click unsubscribe (`unsubscribe_url`). Checked
//! once when the data directory loads (so `jelly check` reports them), then
//! used by the transport and the composer.

use std::path::{Path, PathBuf};

use lettre::message::dkim::{
    DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm,
    DkimSigningKey,
};
use lettre::message::header::HeaderName;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

use crate::i18n::Lang;
use crate::model::{MailSettings, Tls};
use crate::store::DataDir;
use crate::t;

/// The default of `[mail] max_attachments`: 10 MB.
pub const DEFAULT_MAX_ATTACHMENTS: u64 = 10_000_000;

/// Checks the keys of `[mail]` (declared once, in
/// [`crate::store::load::RawMail`]) that need no file and stores them in
/// `mail`; returns the problems as (key, message).
pub fn check(
    mail: &mut MailSettings,
    raw: crate::store::load::RawMail,
    lang: Lang,
) -> Vec<(&'static str, String)> {
    let mut problems = Vec::new();
    if let Some((host, port)) = mail.smtp_url.as_ref().map(|u| (u.host.clone(), u.port)) {
        // A port/TLS mismatch is reported at `tls` when it was written.
        let key = if raw.tls.is_some() { "tls" } else { "smtp_url" };
        match (port, mail.tls) {
            (465, Tls::Starttls) => {
                problems.push((key, t!(lang, "mail-settings-465-starttls", host = host)));
            }
            (587, Tls::Implicit) => {
                problems.push((key, t!(lang, "mail-settings-587-implicit", host = host)));
            }
            _ => {}
        }
    }
    mail.ca_file = raw.ca_file.filter(|f| !f.trim().is_empty());
    if let Some(timeout) = raw.timeout {
        match parse_seconds(&timeout) {
            Some(seconds) if seconds >= 1 => mail.timeout_secs = seconds,
            _ => problems.push((
                "timeout",
                t!(lang, "mail-settings-bad-timeout", value = timeout),
            )),
        }
    }
    if let Some(name) = raw.hello_name {
        if is_fqdn(&name) || is_address_literal(&name) {
            mail.hello_name = Some(name);
        } else {
            problems.push((
                "hello_name",
                t!(lang, "mail-settings-bad-hello-name", value = name),
            ));
        }
    }
    match (raw.dkim_selector, raw.dkim_key_file) {
        (Some(selector), Some(file)) => {
            let valid = !selector.is_empty()
                && selector.split('.').all(|label| {
                    !label.is_empty()
                        && label
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                });
            if valid {
                mail.dkim_selector = Some(selector);
                mail.dkim_key_file = Some(file);
            } else {
                problems.push((
                    "dkim_selector",
                    t!(lang, "mail-settings-bad-selector", value = selector),
                ));
            }
        }
        (Some(_), None) => problems.push((
            "dkim_selector",
            t!(lang, "mail-settings-dkim-half", missing = "dkim_key_file"),
        )),
        (None, Some(_)) => problems.push((
            "dkim_key_file",
            t!(lang, "mail-settings-dkim-half", missing = "dkim_selector"),
        )),
        (None, None) => {}
    }
    if let Some(size) = raw.max_attachments {
        match parse_size(&size) {
            Some(bytes) => mail.max_attachments = bytes,
            None => problems.push((
                "max_attachments",
                t!(lang, "members-mail-bad-size", value = size),
            )),
        }
    }
    if let Some(url) = raw.unsubscribe_url {
        let https = url.to_ascii_lowercase().starts_with("https://");
        if !https || !url.contains("{token}") || url.contains(char::is_whitespace) {
            problems.push((
                "unsubscribe_url",
                t!(lang, "mail-settings-bad-unsubscribe-url", value = url),
            ));
        } else {
            mail.unsubscribe_url = Some(url);
        }
    }
    problems
}

/// A size as written in `[mail] max_attachments`: "10 MB", "500 kB",
/// "2 Mo", "1500000" (bytes). Units are decimal (1 MB = 1,000,000 bytes).
/// Hand-written: four units do not need a crate.
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.replace(',', ".").parse().ok()?;
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" | "o" => 1.0,
        "kb" | "ko" | "k" => 1e3,
        "mb" | "mo" | "m" => 1e6,
        "gb" | "go" | "g" => 1e9,
        _ => return None,
    };
    let bytes = number * factor;
    (bytes.is_finite() && (0.0..=1e12).contains(&bytes)).then_some(bytes as u64)
}

/// Checks the files the settings name: the CA file holds at least one PEM
/// certificate, the DKIM key is a private key jelly can sign with.
pub fn check_files(dir: &DataDir, mail: &MailSettings, lang: Lang) -> Vec<(&'static str, String)> {
    let mut problems = Vec::new();
    if let Some(file) = &mail.ca_file {
        if let Err(message) = read_certificates(&dir.resolve(file), lang) {
            problems.push(("ca_file", message));
        }
    }
    if let (Some(selector), Some(file)) = (&mail.dkim_selector, &mail.dkim_key_file) {
        if let Err(message) = dkim_config(dir, mail, selector, file, "example.org", lang) {
            problems.push(("dkim_key_file", message));
        }
    }
    problems
}

/// The PEM file's certificates, or why there are none.
pub fn read_certificates(path: &Path, lang: Lang) -> Result<Vec<u8>, String> {
    let bytes = std::fs::read(path).map_err(|e| {
        t!(
            lang,
            "mail-settings-ca-unreadable",
            file = path.display(),
            error = e
        )
    })?;
    let count = CertificateDer::pem_slice_iter(&bytes)
        .take_while(|c| c.is_ok())
        .count();
    let all_parse = CertificateDer::pem_slice_iter(&bytes).all(|c| c.is_ok());
    if count == 0 || !all_parse {
        return Err(t!(lang, "mail-settings-ca-no-pem", file = path.display()));
    }
    Ok(bytes)
}

/// The headers every signature covers. RFC 8058 asks that List-Unsubscribe
/// and List-Unsubscribe-Post be signed; a header absent from a message is
/// signed as absent, so nobody can add it on the way. (Not Content-Type:
/// lettre writes a multipart's Content-Type after signing.)
const SIGNED_HEADERS: &[&str] = &[
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "MIME-Version",
    "List-Id",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
    "Auto-Submitted",
];

/// The DKIM signing configuration for messages from `domain`.
pub fn dkim_config(
    dir: &DataDir,
    _mail: &MailSettings,
    selector: &str,
    file: &str,
    domain: &str,
    lang: Lang,
) -> Result<DkimConfig, String> {
    let path = dir.resolve(file);
    let pem = std::fs::read(&path).map_err(|e| {
        t!(
            lang,
            "mail-settings-dkim-unreadable",
            file = path.display(),
            error = e
        )
    })?;
    let key = signing_key(&pem)
        .ok_or_else(|| t!(lang, "mail-settings-dkim-bad-key", file = path.display()))?;
    Ok(DkimConfig::new(
        selector.to_string(),
        domain.to_string(),
        key,
        SIGNED_HEADERS
            .iter()
            .map(|h| HeaderName::new_from_ascii_str(h))
            .collect(),
        DkimCanonicalization {
            header: DkimCanonicalizationType::Relaxed,
            body: DkimCanonicalizationType::Relaxed,
        },
    ))
}

/// An RSA (PKCS#1 or PKCS#8) or Ed25519 (PKCS#8) private key in PEM, as
/// `openssl genrsa`/`openssl genpkey -algorithm ed25519` write them.
fn signing_key(pem: &[u8]) -> Option<DkimSigningKey> {
    use base64::Engine as _;
    use rsa::pkcs1::EncodeRsaPrivateKey as _;
    use rsa::pkcs8::DecodePrivateKey as _;
    match PrivateKeyDer::from_pem_slice(pem).ok()? {
        PrivateKeyDer::Pkcs1(der) => {
            let key = rsa::RsaPrivateKey::from_pkcs1_der_ok(der.secret_pkcs1_der())?;
            let text = key.to_pkcs1_pem(rsa::pkcs8::LineEnding::LF).ok()?;
            DkimSigningKey::new(&text, DkimSigningAlgorithm::Rsa).ok()
        }
        PrivateKeyDer::Pkcs8(der) => {
            let der = der.secret_pkcs8_der();
            if let Ok(key) = rsa::RsaPrivateKey::from_pkcs8_der(der) {
                let text = key.to_pkcs1_pem(rsa::pkcs8::LineEnding::LF).ok()?;
                return DkimSigningKey::new(&text, DkimSigningAlgorithm::Rsa).ok();
            }
            // PKCS#8 Ed25519: a fixed 16-byte prefix (OID 1.3.101.112), then
            // the 32-byte seed.
            const ED25519_PREFIX: [u8; 16] = [
                0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22,
                0x04, 0x20,
            ];
            if der.len() == 48 && der[..16] == ED25519_PREFIX {
                let seed = base64::engine::general_purpose::STANDARD.encode(&der[16..]);
                return DkimSigningKey::new(&seed, DkimSigningAlgorithm::Ed25519).ok();
            }
            None
        }
        _ => None,
    }
}

/// `from_pkcs1_der`, as an Option.
trait FromPkcs1Ok: Sized {
    fn from_pkcs1_der_ok(der: &[u8]) -> Option<Self>;
}

impl FromPkcs1Ok for rsa::RsaPrivateKey {
    fn from_pkcs1_der_ok(der: &[u8]) -> Option<Self> {
        use rsa::pkcs1::DecodeRsaPrivateKey as _;
        rsa::RsaPrivateKey::from_pkcs1_der(der).ok()
    }
}

/// "60s", "2m", "90" (seconds) → seconds.
pub fn parse_seconds(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let n: u64 = number.parse().ok()?;
    match unit.trim() {
        "" | "s" => Some(n),
        "m" | "min" => n.checked_mul(60),
        _ => None,
    }
}

/// `mail.example.org`: labels of letters, digits and hyphens, at least two.
pub fn is_fqdn(name: &str) -> bool {
    let name = name.trim_end_matches('.');
    let labels: Vec<&str> = name.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// `[192.0.2.1]`, `[IPv6:…]`.
fn is_address_literal(name: &str) -> bool {
    name.starts_with('[') && name.ends_with(']') && name.len() > 2
}

/// The name jelly gives in EHLO: `hello_name`, else the machine's name when
/// it is fully qualified, else the domain of the From address.
pub fn hello_name(mail: &MailSettings, from_domain: &str) -> String {
    if let Some(name) = &mail.hello_name {
        return name.clone();
    }
    let machine = machine_name();
    if is_fqdn(&machine) && !machine.ends_with(".localdomain") {
        machine
    } else {
        from_domain.to_string()
    }
}

fn machine_name() -> String {
    hostname::get()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Where the sendmail command is: as written when it holds a `/`, else the
/// first of `$PATH`, /usr/sbin, /usr/lib that has it (cron's PATH is only
/// /usr/bin:/bin). `Err` carries every place looked in.
pub fn find_sendmail(command: &str) -> Result<PathBuf, Vec<PathBuf>> {
    if command.contains('/') {
        return Ok(PathBuf::from(command));
    }
    let mut places: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    for extra in ["/usr/sbin", "/usr/lib", "/usr/local/sbin"] {
        let extra = PathBuf::from(extra);
        if !places.contains(&extra) {
            places.push(extra);
        }
    }
    let mut tried = Vec::new();
    for place in places {
        let candidate = place.join(command);
        if is_executable(&candidate) {
            return Ok(candidate);
        }
        tried.push(candidate);
    }
    Err(tried)
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::load::RawMail;

    fn mail_with(url: &str, tls: Tls) -> MailSettings {
        let mut mail = crate::model::Config::default().mail;
        mail.smtp_url = crate::model::SmtpUrl::parse(url);
        mail.tls = tls;
        mail
    }

    #[test]
    fn the_two_known_wrong_port_and_tls_pairs_are_refused() {
        for (url, tls, bad) in [
            ("smtp://mail.example.org:465", Tls::Starttls, true),
            ("smtps://mail.example.org:587", Tls::Implicit, true),
            ("smtp://mail.example.org:587", Tls::Starttls, false),
            ("smtps://mail.example.org", Tls::Implicit, false),
            ("smtp://mail.example.org:2525", Tls::Starttls, false),
        ] {
            let mut mail = mail_with(url, tls);
            let problems = check(&mut mail, RawMail::default(), Lang::En);
            assert_eq!(!problems.is_empty(), bad, "{url} {tls:?}: {problems:?}");
            if bad {
                assert!(problems[0].1.contains("port"), "{problems:?}");
            }
        }
    }

    #[test]
    fn timeouts_are_written_with_their_unit() {
        assert_eq!(parse_seconds("60s"), Some(60));
        assert_eq!(parse_seconds("2m"), Some(120));
        assert_eq!(parse_seconds("45"), Some(45));
        assert_eq!(parse_seconds("soon"), None);
        let mut mail = crate::model::Config::default().mail;
        let raw = RawMail {
            timeout: Some("0s".into()),
            ..RawMail::default()
        };
        assert_eq!(check(&mut mail, raw, Lang::En)[0].0, "timeout");
        assert_eq!(mail.timeout_secs, 60);
    }

    #[test]
    fn fully_qualified_names() {
        assert!(is_fqdn("mail.example.org"));
        assert!(is_fqdn("vm.local."));
        assert!(!is_fqdn("vm"));
        assert!(!is_fqdn("bad_name.example.org"));
        assert!(!is_fqdn("-x.example.org"));
        let mut mail = crate::model::Config::default().mail;
        mail.hello_name = Some("jelly.example.net".into());
        assert_eq!(hello_name(&mail, "example.org"), "jelly.example.net");
        mail.hello_name = None;
        assert!(is_fqdn(&hello_name(&mail, "example.org")));
    }

    #[test]
    fn an_unsubscribe_url_needs_https_and_a_token() {
        for (url, ok) in [
            ("https://example.org/u?t={token}", true),
            ("http://example.org/u?t={token}", false),
            ("https://example.org/u", false),
        ] {
            let mut mail = crate::model::Config::default().mail;
            let raw = RawMail {
                unsubscribe_url: Some(url.into()),
                ..RawMail::default()
            };
            assert_eq!(check(&mut mail, raw, Lang::Fr).is_empty(), ok, "{url}");
        }
    }

    #[test]
    fn attachment_sizes_are_read_with_their_unit() {
        assert_eq!(parse_size("10 MB"), Some(10_000_000));
        assert_eq!(parse_size("2,5 Mo"), Some(2_500_000));
        assert_eq!(parse_size("500kB"), Some(500_000));
        assert_eq!(parse_size("1500"), Some(1500));
        assert_eq!(parse_size("beaucoup"), None);
        assert_eq!(parse_size("10 parsecs"), None);
        let mut mail = crate::model::Config::default().mail;
        let raw = RawMail {
            max_attachments: Some("lots".into()),
            ..RawMail::default()
        };
        assert_eq!(check(&mut mail, raw, Lang::En)[0].0, "max_attachments");
        assert_eq!(mail.max_attachments, DEFAULT_MAX_ATTACHMENTS);
    }

    #[test]
    fn a_ca_file_without_a_certificate_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let garbage = dir.path().join("ca.pem");
        std::fs::write(&garbage, "not a certificate\n").unwrap();
        let problem = read_certificates(&garbage, Lang::En).unwrap_err();
        assert!(problem.contains("no PEM certificate"), "{problem}");
        let missing = read_certificates(&dir.path().join("nope.pem"), Lang::En).unwrap_err();
        assert!(missing.contains("nope.pem"), "{missing}");
    }

    #[test]
    fn sendmail_is_found_outside_crons_path() {
        assert_eq!(
            find_sendmail("/opt/x/sendmail").unwrap(),
            PathBuf::from("/opt/x/sendmail")
        );
        let tried = find_sendmail("no-such-sendmail-here").unwrap_err();
        assert!(tried.contains(&PathBuf::from("/usr/sbin/no-such-sendmail-here")));
        assert!(tried.contains(&PathBuf::from("/usr/lib/no-such-sendmail-here")));
    }
}
