//! One-click unsubscribe tokens (RFC 8058). A token is
//! `<participant id>.<HMAC-SHA256 of the id and the person's address, hex,
//! 32 digits>`, made with a
//! key generated once and kept in the data directory (`.unsubscribe-key`,
//! readable by its owner only). The key never appears in a message; the
//! association's unsubscribe page checks a token with `jelly
//! unsubscribe-token --verify TOKEN` (or [`Key::verify`]) and learns whose
//! it is.

use std::path::PathBuf;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::Result;
use crate::model::{Dataset, Participant};
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

    /// The data directory's key, made (32 random bytes) on first use
    /// ([`crate::store::secret`]: owner-only from the first byte, one
    /// random source, a dangling link is an error naming the file).
    pub fn load_or_create(dir: &DataDir) -> Result<Key> {
        let secret = crate::store::secret::load_or_create_key(&Self::path(dir))?;
        Ok(Key {
            secret: secret.to_vec(),
        })
    }

    /// The key in a data directory that has one (no key: no token was ever
    /// sent, so none can be valid).
    pub fn load(dir: &DataDir) -> Result<Option<Key>> {
        Ok(
            crate::store::secret::read_key(&Self::path(dir))?.map(|secret| Key {
                secret: secret.to_vec(),
            }),
        )
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
        // Lower-case hex only: `+f` is not a digit pair.
        let Some(given) = crate::store::secret::parse_hex(mac_hex) else {
            return false;
        };
        self.mac(purpose, fields)
            .verify_truncated_left(&given)
            .is_ok()
    }

    /// The token of `participant`.
    pub fn token(&self, participant: &Participant) -> String {
        let email = participant
            .email
            .as_deref()
            .unwrap_or("")
            .trim()
            .to_lowercase();
        format!(
            "{}.{}",
            participant.id,
            self.sign(UNSUBSCRIBE, &[&participant.id, &email], MAC_DIGITS)
        )
    }

    /// Whose token this is, if it is genuine (checked in constant time) and
    /// its person is still in `data` with the address it was made for: the
    /// address is the per-person nonce, so an erased person (id and address
    /// gone from the data) or a later member given the same id (another
    /// address) does not match it.
    pub fn verify(&self, token: &str, data: &Dataset) -> Option<String> {
        let (id, mac_hex) = token.trim().rsplit_once('.')?;
        if id.is_empty() {
            return None;
        }
        let participant = data.participant(id)?;
        let email = participant
            .email
            .as_deref()
            .unwrap_or("")
            .trim()
            .to_lowercase();
        self.check(UNSUBSCRIBE, &[id, &email], mac_hex, MAC_DIGITS)
            .then(|| participant.id.clone())
    }
}

/// The purpose of unsubscribe tokens (the MAC is of
/// `jelly-unsubscribe\0<id>\0<address>`).
const UNSUBSCRIBE: &str = "jelly-unsubscribe";

use crate::store::secret::hex;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_verified_and_names_its_person() {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = DataDir::new(dir.path());
        let key = Key::load_or_create(&data_dir).unwrap();
        let mut noemie = crate::testing::participant("noemie", "Noémie", "ales");
        noemie.email = Some("noemie@example.org".into());
        let mut gaetan = crate::testing::participant("gaetan", "Gaëtan", "ales");
        gaetan.email = Some("gaetan@example.org".into());
        let data = Dataset {
            participants: vec![noemie.clone(), gaetan],
            ..Dataset::default()
        };
        let token = key.token(&noemie);
        assert!(token.starts_with("noemie."));
        assert_eq!(key.verify(&token, &data).as_deref(), Some("noemie"));
        // The same key next time: the file is kept, owner-only.
        let again = Key::load(&data_dir).unwrap().unwrap();
        assert_eq!(again.token(&noemie), token);
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(Key::path(&data_dir))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        // Someone else's name on Noémie's MAC, a changed digit, garbage.
        let forged = token.replacen("noemie", "gaetan", 1);
        assert_eq!(key.verify(&forged, &data), None);
        let mut flipped = token.clone();
        let last = flipped.pop().unwrap();
        flipped.push(if last == '0' { '1' } else { '0' });
        assert_eq!(key.verify(&flipped, &data), None);
        assert_eq!(key.verify("nonsense", &data), None);
        // Another data directory's key does not accept it.
        let other = tempfile::tempdir().unwrap();
        let other = Key::load_or_create(&DataDir::new(other.path())).unwrap();
        assert_eq!(other.verify(&token, &data), None);
        // Erased: no longer verifies; a later Noémie with another address
        // does not inherit it.
        let mut later = data.clone();
        later.participants[0].email = Some("autre.noemie@example.org".into());
        assert_eq!(key.verify(&token, &later), None);
        later.participants.remove(0);
        assert_eq!(key.verify(&token, &later), None);
    }
}
