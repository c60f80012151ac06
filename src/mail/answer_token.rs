//! The tokens of one-click answer links (RFC 6068 `mailto:` links in
//! invitations, reminders, updates and date polls). A token names what is
//! answered and by whom, and is signed with the association's key — the
//! one the unsubscribe tokens use ([`crate::mail::unsubscribe::Key`]):
//!
//! ```text
//! jelly-e.2026-12-10-ales.marie-france.y.0.3fa9c2d1e0b7a6f50c1d
//!       │ │               │            │ │ └ HMAC-SHA256, 80 bits (20 hex digits)
//!       │ │               │            │ └ the session's SEQUENCE (a poll's: 0)
//!       │ │               │            └ the answer: y, m, n (a poll: option number then y, m, n)
//!       │ │               └ the participant id
//!       │ └ the session (or poll) id
//!       └ e: a session's answer; p: a poll vote
//! ```
//!
//! Only characters that URLs, subjects, quoted-printable and HTML leave
//! alone (`a-z 0-9 - .`), so a token survives every mail client unchanged.
//! It holds no address; what it proves is in docs/answers.md.

use crate::mail::unsubscribe::Key;
use crate::model::Answer;

/// Every token starts with this, then `e.` or `p.`.
pub const PREFIX: &str = "jelly-";
/// The HMAC's domain separator.
const PURPOSE: &str = "jelly-answer";
/// Hex digits of the MAC kept: 80 bits.
const MAC_DIGITS: usize = 20;
/// Longest token read (two 64-character ids and the rest).
pub const MAX_LEN: usize = 200;

/// A poll vote: yes, if need be, no.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vote {
    Yes,
    IfNeedBe,
    No,
}

impl Vote {
    pub const ALL: [Vote; 3] = [Vote::Yes, Vote::IfNeedBe, Vote::No];

    pub fn as_str(self) -> &'static str {
        match self {
            Vote::Yes => "yes",
            Vote::IfNeedBe => "if_need_be",
            Vote::No => "no",
        }
    }

    pub fn parse(text: &str) -> Option<Vote> {
        Vote::ALL.into_iter().find(|v| v.as_str() == text)
    }

    fn letter(self) -> char {
        match self {
            Vote::Yes => 'y',
            Vote::IfNeedBe => 'm',
            Vote::No => 'n',
        }
    }

    fn from_letter(c: char) -> Option<Vote> {
        Vote::ALL.into_iter().find(|v| v.letter() == c)
    }
}

/// What a token says, once its signature is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// An answer to a session's invitation, as of one SEQUENCE.
    Session {
        event: String,
        participant: String,
        answer: Answer,
        sequence: u32,
    },
    /// A vote on one option (numbered from 1) of a date poll.
    Poll {
        poll: String,
        participant: String,
        option: u32,
        vote: Vote,
    },
}

impl Claim {
    pub fn participant(&self) -> &str {
        match self {
            Claim::Session { participant, .. } | Claim::Poll { participant, .. } => participant,
        }
    }

    /// What the claim is about, without its answer: two claims with the same
    /// subject and different answers contradict each other.
    pub fn subject(&self) -> (char, &str, &str, u32) {
        match self {
            Claim::Session {
                event, participant, ..
            } => ('e', event, participant, 0),
            Claim::Poll {
                poll,
                participant,
                option,
                ..
            } => ('p', poll, participant, *option),
        }
    }

    /// The token's fields before the MAC: kind, id, participant, code, sequence.
    fn fields(&self) -> [String; 5] {
        match self {
            Claim::Session {
                event,
                participant,
                answer,
                sequence,
            } => [
                "e".into(),
                event.clone(),
                participant.clone(),
                answer_letter(*answer).to_string(),
                sequence.to_string(),
            ],
            Claim::Poll {
                poll,
                participant,
                option,
                vote,
            } => [
                "p".into(),
                poll.clone(),
                participant.clone(),
                format!("{option}{}", vote.letter()),
                "0".into(),
            ],
        }
    }

    /// The signed token.
    pub fn token(&self, key: &Key) -> String {
        let fields = self.fields();
        let refs: Vec<&str> = fields.iter().map(String::as_str).collect();
        let mac = key.sign(PURPOSE, &refs, MAC_DIGITS);
        format!("{PREFIX}{}.{mac}", fields.join("."))
    }
}

fn answer_letter(answer: Answer) -> char {
    match answer {
        // A place on the waiting list is a "yes" waiting for a seat: links
        // only ever offer yes, maybe and no.
        Answer::Yes | Answer::Waitlist => 'y',
        Answer::Maybe => 'm',
        Answer::No => 'n',
    }
}

/// Why a token is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Not the shape of a token (truncated, edited), or its MAC does not
    /// verify (forged, another person's name on someone's signature).
    Invalid,
}

/// Checks a token found in a message and says what it claims.
pub fn verify(key: &Key, token: &str) -> Result<Claim, Refused> {
    let token = token.trim().to_ascii_lowercase();
    if token.len() > MAX_LEN {
        return Err(Refused::Invalid);
    }
    let rest = token.strip_prefix(PREFIX).ok_or(Refused::Invalid)?;
    let parts: Vec<&str> = rest.split('.').collect();
    let [kind, id, participant, code, sequence, mac] = parts.as_slice() else {
        return Err(Refused::Invalid);
    };
    if !crate::model::is_valid_id(id) || !crate::model::is_valid_id(participant) {
        return Err(Refused::Invalid);
    }
    if !key.check(
        PURPOSE,
        &[kind, id, participant, code, sequence],
        mac,
        MAC_DIGITS,
    ) {
        return Err(Refused::Invalid);
    }
    // Signed by us, so well formed; still read without trusting it.
    let sequence: u32 = sequence.parse().map_err(|_| Refused::Invalid)?;
    match *kind {
        "e" => {
            let answer = match *code {
                "y" => Answer::Yes,
                "m" => Answer::Maybe,
                "n" => Answer::No,
                _ => return Err(Refused::Invalid),
            };
            Ok(Claim::Session {
                event: id.to_string(),
                participant: participant.to_string(),
                answer,
                sequence,
            })
        }
        "p" => {
            let letter = code.chars().last().ok_or(Refused::Invalid)?;
            let vote = Vote::from_letter(letter).ok_or(Refused::Invalid)?;
            let option: u32 = code
                .get(..code.len() - 1)
                .and_then(|n| n.parse().ok())
                .filter(|n| *n >= 1)
                .ok_or(Refused::Invalid)?;
            Ok(Claim::Poll {
                poll: id.to_string(),
                participant: participant.to_string(),
                option,
                vote,
            })
        }
        _ => Err(Refused::Invalid),
    }
}

/// Every token-like word of `text`: `jelly-e.` or `jelly-p.` followed by
/// token characters (a truncated token is found too, and refused later).
/// At most `limit` of them.
pub fn find(text: &str, limit: usize) -> Vec<String> {
    let mut found = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(at) = rest.find(PREFIX) {
        let candidate = &rest[at..];
        let after = &candidate[PREFIX.len()..];
        let preceded_by_word = rest[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
        if !preceded_by_word && (after.starts_with("e.") || after.starts_with("p.")) {
            let end = candidate
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
                .unwrap_or(candidate.len());
            let token = candidate[..end].trim_end_matches('.');
            if found.len() >= limit {
                break;
            }
            if !found.iter().any(|t: &String| t == token) {
                found.push(token.chars().take(MAX_LEN + 1).collect());
            }
            rest = &candidate[end..];
        } else {
            rest = &candidate[PREFIX.len()..];
        }
    }
    found
}

/// A `mailto:` URI (RFC 6068) to `to` whose subject and body carry `token`:
/// `subject` is the visible words ("Je viens"), followed by the token.
pub fn mailto(to: &str, subject: &str, body: &str, token: &str) -> String {
    // RFC 6068 §2: percent-encode everything but unreserved characters in
    // header values; `@` of the address may stay.
    const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    let enc = |s: &str| percent_encoding::utf8_percent_encode(s, SET).to_string();
    let address = to.split('@').map(enc).collect::<Vec<_>>().join("@");
    let subject = format!("{subject} {token}");
    let body = format!("{body}\r\n\r\n{token}\r\n");
    format!(
        "mailto:{address}?subject={}&body={}",
        enc(&subject),
        enc(&body)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::DataDir;

    fn key() -> (tempfile::TempDir, Key) {
        let dir = tempfile::tempdir().unwrap();
        let key = Key::load_or_create(&DataDir::new(dir.path())).unwrap();
        (dir, key)
    }

    fn session(participant: &str, answer: Answer, sequence: u32) -> Claim {
        Claim::Session {
            event: "2026-12-10-ales".into(),
            participant: participant.into(),
            answer,
            sequence,
        }
    }

    #[test]
    fn a_token_reads_back_as_its_claim() {
        let (_dir, key) = key();
        let claim = session("marie-france", Answer::Maybe, 2);
        let token = claim.token(&key);
        assert!(token.starts_with("jelly-e.2026-12-10-ales.marie-france.m.2."));
        assert_eq!(verify(&key, &token), Ok(claim));
        assert!(verify(&key, &token.to_uppercase()).is_ok());
        let vote = Claim::Poll {
            poll: "hiver".into(),
            participant: "noemie".into(),
            option: 12,
            vote: Vote::IfNeedBe,
        };
        let token = vote.token(&key);
        assert!(token.starts_with("jelly-p.hiver.noemie.12m.0."), "{token}");
        assert_eq!(verify(&key, &token), Ok(vote));
    }

    #[test]
    fn forged_truncated_and_edited_tokens_are_refused() {
        let (_dir, key) = key();
        let token = session("marie-france", Answer::No, 0).token(&key);
        // Another answer, person, session or sequence on the same MAC.
        for edited in [
            token.replacen(".n.", ".y.", 1),
            token.replacen("marie-france", "gaetan", 1),
            token.replacen("ales", "anduze", 1),
            token.replacen(".0.", ".1.", 1),
            token[..token.len() - 1].to_string(),
            format!("{token}0"),
            token.replacen("jelly-e", "jelly-p", 1),
            "jelly-e.".into(),
            "jelly-e.a.b.y.0.".into(),
            format!("jelly-e.{}.b.y.0.00000000000000000000", "a".repeat(300)),
        ] {
            assert_eq!(verify(&key, &edited), Err(Refused::Invalid), "{edited}");
        }
        let (_other, other) = self::key();
        assert_eq!(verify(&other, &token), Err(Refused::Invalid));
    }

    #[test]
    fn tokens_are_found_in_any_text() {
        let text = "RE : Je viens jelly-e.s.p.y.0.abcd. Merci\n> jelly-p.x.y.2n.0.ff\n\
                    jelly-e.s.p.y.0.abcd again; not a token: myjelly-e.x or jelly-x.y";
        assert_eq!(
            find(text, 10),
            ["jelly-e.s.p.y.0.abcd", "jelly-p.x.y.2n.0.ff"]
        );
        assert_eq!(find(text, 1).len(), 1);
        assert_eq!(find("JELLY-E.A.B", 10), ["jelly-e.a.b"]);
    }

    #[test]
    fn mailto_links_follow_rfc_6068() {
        let link = mailto(
            "contact@example.org",
            "Je viens",
            "Réponse",
            "jelly-e.a.b.y.0.ff",
        );
        assert_eq!(
            link,
            "mailto:contact@example.org?subject=Je%20viens%20jelly-e.a.b.y.0.ff\
             &body=R%C3%A9ponse%0D%0A%0D%0Ajelly-e.a.b.y.0.ff%0D%0A"
        );
    }
}
