//! Personal data: what the association holds about one person
//! ([`export`]), erasing them while past sessions keep their counts
//! ([`forget`]), and finding the people gone quiet for years
//! ([`inactive`]).
//!
//! An erased person is replaced in session files and journals by an
//! *anonymous token* `anon-<8 hex digits>`: a keyed hash of their id, so the
//! same person always gets the same token, and nobody can go back from the
//! token to the id without the key. Their address in the journals becomes
//! `hmac-sha256:<64 hex digits>`, a keyed hash too. The key is 32 random
//! bytes made once, kept in the data directory as `.jelly-privacy.key`.
//!
//! `anon-<hex>` ids are reserved: `check` accepts them in a session's
//! `invited`, `attended` and `[rsvp]` without a participant of that id, and
//! refuses them as the id of a participant.

pub(crate) mod export;
pub(crate) mod forget;
pub(crate) mod inactive;

use std::path::PathBuf;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::{Error, Result};
use crate::store::DataDir;

/// The prefix of the tokens that replace an erased person's id.
pub(crate) const ANON_PREFIX: &str = "anon-";

/// Is `id` an anonymous token, `anon-` and 4 to 16 lower-case hex digits?
pub(crate) fn is_anonymous(id: &str) -> bool {
    id.strip_prefix(ANON_PREFIX).is_some_and(|hex| {
        (4..=16).contains(&hex.len())
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// Where the key of the keyed hashes is kept.
pub(crate) fn key_path(dir: &DataDir) -> PathBuf {
    dir.root.join(".jelly-privacy.key")
}

/// The secret key of the keyed hashes.
pub(crate) struct Key([u8; 32]);

impl Key {
    /// A key given as bytes (tests).
    #[cfg(test)]
    pub(crate) fn from_bytes(bytes: [u8; 32]) -> Key {
        Key(bytes)
    }

    /// The data directory's key, made (32 random bytes, written as hex,
    /// readable by the owner only) the first time it is needed. Call it
    /// under the directory's lock.
    pub(crate) fn load_or_create(dir: &DataDir) -> Result<Key> {
        let path = key_path(dir);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let hex = text.trim();
                let mut bytes = [0u8; 32];
                if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(Error::runtime(format!(
                        "{}: expected 64 hexadecimal digits",
                        path.display()
                    )));
                }
                for (i, byte) in bytes.iter_mut().enumerate() {
                    *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16)
                        .expect("checked hexadecimal digits");
                }
                Ok(Key(bytes))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut bytes = [0u8; 32];
                getrandom::getrandom(&mut bytes)
                    .map_err(|e| Error::runtime(format!("{}: {e}", path.display())))?;
                let text = format!("{}\n", hex(&bytes));
                crate::store::write_atomic(&path, text.as_bytes())?;
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
                }
                Ok(Key(bytes))
            }
            Err(e) => Err(Error::io(path, e)),
        }
    }

    fn mac(&self, domain: &str, text: &str) -> [u8; 32] {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(domain.as_bytes());
        mac.update(&[0]);
        mac.update(text.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// The token that replaces participant `id`: `anon-` and 8 hex digits.
    pub(crate) fn anonymous_id(&self, id: &str) -> String {
        format!("{ANON_PREFIX}{}", &hex(&self.mac("participant", id))[..8])
    }

    /// The keyed hash that replaces an email address (case-insensitive).
    pub(crate) fn hashed_email(&self, email: &str) -> String {
        format!(
            "hmac-sha256:{}",
            hex(&self.mac("email", &email.trim().to_lowercase()))
        )
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A duration back in time for `--inactive-since`: `3y` (years), `18mo`
/// (months), `6w` (weeks), `90d` (days). Years and months are calendar ones.
/// Months, weeks and days are jelly's one duration syntax
/// ([`crate::model::duration::Span`]); years are added here, since only
/// retention periods are counted in years.
pub(crate) fn parse_since(text: &str) -> Option<Since> {
    use crate::model::duration::{Span, Unit};
    let text = text.trim();
    // Years, in French or English (`3y`, `3 ans`, `1 an`, `2 years`).
    let lower = text.to_lowercase();
    let years = ["y", "ans", "an", "années", "année", "years", "year"]
        .iter()
        .filter_map(|unit| lower.strip_suffix(unit).map(str::trim_end))
        .find(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if let Some(years) = years {
        let years: u32 = years.parse().ok()?;
        return Some(Since::Months(years.checked_mul(12)?));
    }
    let span = Span::parse(text).ok()?;
    match span.unit {
        Unit::Months => Some(Since::Months(span.count)),
        Unit::Weeks => Some(Since::Days(u64::from(span.count) * 7)),
        Unit::Days => Some(Since::Days(u64::from(span.count))),
        Unit::Minutes | Unit::Hours => None,
    }
}

/// A span of calendar months or of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Since {
    Months(u32),
    Days(u64),
}

impl Since {
    /// The date that far before `date`.
    pub(crate) fn before(self, date: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
        match self {
            Since::Months(n) => date.checked_sub_months(chrono::Months::new(n)),
            Since::Days(n) => date.checked_sub_days(chrono::Days::new(n)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anonymous_tokens_are_recognised_and_stable() {
        assert!(is_anonymous("anon-7f3a"));
        assert!(is_anonymous("anon-0123abcd"));
        assert!(!is_anonymous("anon-7f3"));
        assert!(!is_anonymous("anon-ymous"));
        assert!(!is_anonymous("anonyme"));
        assert!(!is_anonymous("anon-7F3A"));
        let key = Key::from_bytes([7; 32]);
        let token = key.anonymous_id("marie-france");
        assert!(is_anonymous(&token), "{token}");
        assert_eq!(token, key.anonymous_id("marie-france"));
        assert_ne!(token, key.anonymous_id("marie"));
        assert_ne!(token, Key::from_bytes([8; 32]).anonymous_id("marie-france"));
        assert_eq!(
            key.hashed_email("MF@Example.org "),
            key.hashed_email("mf@example.org")
        );
        // An id made from a name never takes the form of a token.
        assert_eq!(crate::model::slug("Anon Cafe"), "anon-cafe");
        assert_eq!(
            crate::model::unique_slug("Anon Cafe", |_| false),
            "anon-cafe-2"
        );
    }

    #[test]
    fn durations_back_in_time() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        let back = |text: &str| parse_since(text).and_then(|s| s.before(date));
        assert_eq!(back("3y"), chrono::NaiveDate::from_ymd_opt(2023, 3, 31));
        assert_eq!(back("1mo"), chrono::NaiveDate::from_ymd_opt(2026, 2, 28));
        assert_eq!(back("2w"), chrono::NaiveDate::from_ymd_opt(2026, 3, 17));
        assert_eq!(back("10d"), chrono::NaiveDate::from_ymd_opt(2026, 3, 21));
        assert_eq!(parse_since("3"), None);
        assert_eq!(parse_since("3 ans"), parse_since("3y"));
        assert_eq!(parse_since("1 an"), Some(Since::Months(12)));
        assert_eq!(parse_since("2 years"), Some(Since::Months(24)));
        assert_eq!(parse_since("6 mois"), Some(Since::Months(6)));
        assert_eq!(parse_since("3 jours"), Some(Since::Days(3)));
        assert_eq!(parse_since("3 day"), Some(Since::Days(3)));
        assert_eq!(parse_since("3x"), None);
        assert_eq!(parse_since("3h"), None);
        assert_eq!(parse_since("-3y"), None);
        assert_eq!(parse_since("y"), None);
    }
}
