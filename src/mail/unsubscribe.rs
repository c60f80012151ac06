//! One-click unsubscribe tokens (RFC 8058). A token is
//! `<participant id>.<HMAC-SHA256 of the id, hex, 32 digits>`, made with a
//! key generated once and kept in the data directory (`.unsubscribe-key`,
//! readable by its owner only). The key never appears in a message; the
//! association's unsubscribe page checks a token with `jelly
//! unsubscribe-token --verify TOKEN` (or [`Key::verify`]) and learns whose
//! it is.

use std::io::Write as _;
use std::path::PathBuf;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::{Error, Result};
use crate::store::DataDir;

/// The file holding the key, in the data directory.
pub const KEY_FILE: &str = ".unsubscribe-key";

/// Hex digits of the MAC kept in a token: 128 bits.
const MAC_DIGITS: usize = 32;

pub struct Key {
    secret: Vec<u8>,
}

impl Key {
    pub fn path(dir: &DataDir) -> PathBuf {
        dir.root.join(KEY_FILE)
    }

    /// The data directory's key, made (32 random bytes) on first use.
    pub fn load_or_create(dir: &DataDir) -> Result<Key> {
        let path = Self::path(dir);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                return Self::from_hex(text.trim()).ok_or_else(|| {
                    Error::runtime(format!("{}: not a key written by jelly", path.display()))
                })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(path, e)),
        }
        let mut secret = vec![0u8; 32];
        std::fs::File::open("/dev/urandom")
            .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut secret))
            .map_err(|e| Error::io("/dev/urandom", e))?;
        let text = format!("{}\n", hex(&secret));
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            // create_new: if two runs race, the second reads the first's key.
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&path)
            {
                Ok(mut file) => file
                    .write_all(text.as_bytes())
                    .and_then(|_| file.sync_all())
                    .map_err(|e| Error::io(&path, e))?,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    return Self::load_or_create(dir)
                }
                Err(e) => return Err(Error::io(path, e)),
            }
        }
        Ok(Key { secret })
    }

    /// The key in a data directory that has one (no key: no token was ever
    /// sent, so none can be valid).
    pub fn load(dir: &DataDir) -> Result<Option<Key>> {
        let path = Self::path(dir);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Self::from_hex(text.trim())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(path, e)),
        }
    }

    fn from_hex(text: &str) -> Option<Key> {
        if text.len() != 64 {
            return None;
        }
        let secret = (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
            .collect::<Option<Vec<u8>>>()?;
        Some(Key { secret })
    }

    /// The HMAC of `fields` for one `purpose` (a domain separator, so that
    /// a token made for one use is never valid for another).
    fn mac(&self, purpose: &str, fields: &[&str]) -> Hmac<Sha256> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes any key length");
        mac.update(purpose.as_bytes());
        for field in fields {
            mac.update(b"\0");
            mac.update(field.as_bytes());
        }
        mac
    }

    /// The first `digits` hex digits of the MAC of `fields` for `purpose`:
    /// the one code path every jelly token (unsubscribe, answer links) signs
    /// with.
    pub fn sign(&self, purpose: &str, fields: &[&str], digits: usize) -> String {
        let digest = self.mac(purpose, fields).finalize().into_bytes();
        let text = hex(&digest);
        text[..digits.min(text.len())].to_string()
    }

    /// Whether `mac_hex` (`digits` hex digits) is the MAC of `fields` for
    /// `purpose`, checked in constant time.
    pub fn check(&self, purpose: &str, fields: &[&str], mac_hex: &str, digits: usize) -> bool {
        if mac_hex.len() != digits || !digits.is_multiple_of(2) || digits == 0 || digits > 64 {
            return false;
        }
        let Some(given) = (0..digits)
            .step_by(2)
            .map(|i| u8::from_str_radix(mac_hex.get(i..i + 2)?, 16).ok())
            .collect::<Option<Vec<u8>>>()
        else {
            return false;
        };
        self.mac(purpose, fields)
            .verify_truncated_left(&given)
            .is_ok()
    }

    /// The token of `participant`.
    pub fn token(&self, participant: &str) -> String {
        format!(
            "{participant}.{}",
            self.sign(UNSUBSCRIBE, &[participant], MAC_DIGITS)
        )
    }

    /// Whose token this is, if it is genuine (checked in constant time).
    pub fn verify(&self, token: &str) -> Option<String> {
        let (participant, mac_hex) = token.trim().rsplit_once('.')?;
        if participant.is_empty() {
            return None;
        }
        self.check(UNSUBSCRIBE, &[participant], mac_hex, MAC_DIGITS)
            .then(|| participant.to_string())
    }
}

/// The purpose of unsubscribe tokens. (Before answer links, the MAC was of
/// `jelly-unsubscribe\0<id>`: the same bytes as `sign` makes now, so the
/// tokens already sent stay valid.)
const UNSUBSCRIBE: &str = "jelly-unsubscribe";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_verified_and_names_its_person() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let key = Key::load_or_create(&data).unwrap();
        let token = key.token("noemie");
        assert!(token.starts_with("noemie."));
        assert_eq!(key.verify(&token).as_deref(), Some("noemie"));
        // The same key next time: the file is kept, owner-only.
        let again = Key::load(&data).unwrap().unwrap();
        assert_eq!(again.token("noemie"), token);
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(Key::path(&data))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        // Someone else's name on Noémie's MAC, a changed digit, garbage.
        let forged = token.replacen("noemie", "gaetan", 1);
        assert_eq!(key.verify(&forged), None);
        let mut flipped = token.clone();
        let last = flipped.pop().unwrap();
        flipped.push(if last == '0' { '1' } else { '0' });
        assert_eq!(key.verify(&flipped), None);
        assert_eq!(key.verify("nonsense"), None);
        // Another data directory's key does not accept it.
        let other = tempfile::tempdir().unwrap();
        let other = Key::load_or_create(&DataDir::new(other.path())).unwrap();
        assert_eq!(other.verify(&token), None);
    }
}
