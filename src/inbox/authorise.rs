//! What an email may change, decided in one place: anyone can send the
//! association a message, so a message changes a person's data only when
//! it comes from that person (their `email` or one of their `aliases`),
//! and a delivery report only when it returns a message jelly's journals
//! record as sent to that address. docs/inbox.md says the same in words.

use std::collections::HashMap;

use crate::model::{Dataset, Participant};
use crate::store::DataDir;

/// Is `address` one of `participant`'s own addresses (their email or an
/// alias, compared without case)?
pub fn is_own_address(address: &str, participant: &Participant) -> bool {
    let address = address.trim();
    participant
        .email
        .iter()
        .chain(participant.aliases.iter())
        .any(|own| own.trim().eq_ignore_ascii_case(address))
}

/// May a message whose From is `from` change `participant`'s answers or
/// mail settings? Only when it comes from one of their own addresses.
pub fn authorise(from: Option<&str>, participant: &Participant) -> bool {
    from.is_some_and(|from| is_own_address(from, participant))
}

/// The messages jelly sent, from the sessions' journals: Message-ID →
/// address it went to (lower case).
#[derive(Debug, Default)]
pub struct SentMessages(HashMap<String, String>);

impl SentMessages {
    /// Every message the journals record as handed to the server (sent, or
    /// attempted: a killed run may have sent it).
    pub fn load(dir: &DataDir, data: &Dataset) -> SentMessages {
        let mut sent = HashMap::new();
        for event in &data.events {
            let Ok(entries) = crate::mail::journal::read(&dir.journal(&event.id)) else {
                continue;
            };
            for entry in entries {
                if entry.outcome == crate::mail::journal::Outcome::Failed {
                    continue;
                }
                if let Some(id) = entry.message_id {
                    sent.insert(id, entry.email.trim().to_lowercase());
                }
            }
        }
        SentMessages(sent)
    }

    /// Does a delivery report that returns the messages `original` vouch
    /// for a failure at `address`? Only if one of them is a message jelly
    /// sent to that very address.
    pub fn vouches(&self, original: &[String], address: &str) -> bool {
        original.iter().any(|id| {
            self.0
                .get(id)
                .is_some_and(|to| to.eq_ignore_ascii_case(address.trim()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_person_s_own_addresses_are_authorised() {
        let mut marie = crate::testing::participant("marie", "Marie", "ales");
        marie.email = Some("Marie@Example.org".into());
        marie.aliases = vec!["marie@icloud.example".into()];
        assert!(authorise(Some("marie@example.org"), &marie));
        assert!(authorise(Some("MARIE@icloud.example"), &marie));
        assert!(!authorise(Some("attacker@evil.example"), &marie));
        assert!(!authorise(None, &marie));
    }

    #[test]
    fn a_bounce_counts_only_for_the_address_its_message_went_to() {
        let sent = SentMessages(HashMap::from([(
            "<a@jelly>".to_string(),
            "jean@example.org".to_string(),
        )]));
        assert!(sent.vouches(&["<a@jelly>".into()], "Jean@Example.org"));
        assert!(!sent.vouches(&["<a@jelly>".into()], "marie@example.org"));
        assert!(!sent.vouches(&["<forged@x>".into()], "jean@example.org"));
        assert!(!sent.vouches(&[], "jean@example.org"));
    }
}
