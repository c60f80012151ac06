//! `[mail] smtp_url`, parsed once when the configuration is loaded.

use std::fmt;

use serde::Serialize;

/// `smtp://host[:port]` (STARTTLS, port 587 by default) or
/// `smtps://host[:port]` (implicit TLS, port 465). IPv6 hosts in brackets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpUrl {
    /// As written (trimmed), to name the server in messages.
    pub text: String,
    /// `smtps://`: TLS from the first byte.
    pub implicit_tls: bool,
    pub host: String,
    pub port: u16,
}

impl SmtpUrl {
    pub fn parse(url: &str) -> Option<SmtpUrl> {
        let text = url.trim();
        let (scheme, rest) = text.split_once("://")?;
        let (implicit_tls, default_port) = match scheme.to_ascii_lowercase().as_str() {
            "smtp" => (false, 587),
            "smtps" => (true, 465),
            _ => return None,
        };
        let rest = rest.trim_end_matches('/');
        if rest.is_empty() || rest.contains('/') || rest.contains('@') {
            return None;
        }
        let (host, port) = if let Some(stripped) = rest.strip_prefix('[') {
            let (host, after) = stripped.split_once(']')?;
            let port = match after.strip_prefix(':') {
                Some(p) => p.parse().ok()?,
                None if after.is_empty() => default_port,
                None => return None,
            };
            (host.to_string(), port)
        } else {
            match rest.rsplit_once(':') {
                Some((host, port)) => (host.to_string(), port.parse().ok()?),
                None => (rest.to_string(), default_port),
            }
        };
        if host.is_empty() {
            return None;
        }
        Some(SmtpUrl {
            text: text.to_string(),
            implicit_tls,
            host,
            port,
        })
    }
}

impl fmt::Display for SmtpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for SmtpUrl {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(url: &str) -> Option<(bool, String, u16)> {
        SmtpUrl::parse(url).map(|u| (u.implicit_tls, u.host, u.port))
    }

    #[test]
    fn smtp_urls() {
        assert_eq!(
            parts("smtp://127.0.0.1:2525"),
            Some((false, "127.0.0.1".into(), 2525))
        );
        assert_eq!(
            parts("smtps://mail.example.org"),
            Some((true, "mail.example.org".into(), 465))
        );
        assert_eq!(parts("SMTP://[::1]:25"), Some((false, "::1".into(), 25)));
        assert_eq!(parts("smtp://mx/"), Some((false, "mx".into(), 587)));
        for bad in [
            "http://x",
            "smtp://",
            "smtp://u@x",
            "smtp://x:port",
            "smtp://[::1",
        ] {
            assert_eq!(parts(bad), None, "{bad}");
        }
        assert_eq!(
            SmtpUrl::parse(" smtp://x:25 ").unwrap().to_string(),
            "smtp://x:25"
        );
    }
}
