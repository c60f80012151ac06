//! Replies written from a one-click answer link (`mailto:` with a signed
//! token, see [`crate::mail::answer_token`]): finding the tokens in a
//! message (subject first, else the text and HTML parts, quoted or not,
//! whatever the charset and transfer encoding), checking them, and deciding
//! what the reply may change. Pure: bytes and data in, a [`Decision`] out.

use mail_parser::{MessageParser, PartType};

use crate::mail::answer_token::{self, Claim, Vote};
use crate::mail::unsubscribe::Key;
use crate::model::{Answer, Dataset, Status};

/// At most this many tokens are read from one message.
const MAX_TOKENS: usize = 32;
/// At most this much of each text part is searched.
const MAX_PART: usize = 256 * 1024;

/// The token-like words of a message.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scan {
    pub subject: Vec<String>,
    pub body: Vec<String>,
}

impl Scan {
    pub fn is_empty(&self) -> bool {
        self.subject.is_empty() && self.body.is_empty()
    }
}

/// The tokens of a raw message: in its decoded subject, and in its own text
/// and HTML parts (not in a message attached to it).
pub fn scan(raw: &[u8]) -> Scan {
    let Some(message) = MessageParser::default().parse(raw) else {
        return Scan::default();
    };
    let subject = answer_token::find(message.subject().unwrap_or(""), MAX_TOKENS);
    let mut body: Vec<String> = Vec::new();
    for part in &message.parts {
        let (PartType::Text(text) | PartType::Html(text)) = &part.body else {
            continue;
        };
        let mut end = text.len().min(MAX_PART);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        for token in answer_token::find(&text[..end], MAX_TOKENS) {
            if body.len() >= MAX_TOKENS {
                break;
            }
            if !body.contains(&token) {
                body.push(token);
            }
        }
    }
    Scan { subject, body }
}

/// Why a reply with tokens is not recorded (the `why` of `jelly inbox`'s
/// list for a person).
pub type Why = &'static str;

/// What the tokens of one message say, checked against the key only.
pub fn claims(key: Option<&Key>, scan: &Scan) -> Result<Vec<Claim>, Why> {
    let verify = |tokens: &[String]| -> Result<Vec<Claim>, Why> {
        let key = key.ok_or("invalid_token")?;
        tokens
            .iter()
            .map(|t| answer_token::verify(key, t).map_err(|_| "invalid_token"))
            .collect()
    };
    // The subject's tokens, when they all verify; else the body's.
    let found = match verify(&scan.subject) {
        Ok(claims) if !claims.is_empty() => claims,
        subject => match verify(&scan.body) {
            Ok(claims) if !claims.is_empty() => claims,
            Ok(_) => subject.and(Err("invalid_token"))?,
            Err(why) => return Err(why),
        },
    };
    let mut unique: Vec<Claim> = Vec::new();
    for claim in found {
        if unique.contains(&claim) {
            continue;
        }
        if unique.iter().any(|c| c.subject() == claim.subject()) {
            return Err("several_answers");
        }
        unique.push(claim);
    }
    Ok(unique)
}

/// An answer to a session's invitation, from a link.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionAnswer {
    pub event: String,
    pub participant: String,
    pub answer: Answer,
}

/// A vote on a poll's option, from a link.
#[derive(Debug, Clone, PartialEq)]
pub struct PollVote {
    pub poll: String,
    pub participant: String,
    pub option: u32,
    pub vote: Vote,
}

/// What a reply with tokens may change.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Record these; `other_address` is the sender when it is not the
    /// person's own address (people answer from their phone).
    Record {
        answers: Vec<SessionAnswer>,
        votes: Vec<PollVote>,
        other_address: Option<String>,
    },
    /// List it for a person, with why.
    Person(Why),
}

/// What the polls look like to the inbox: is there such a poll, is it
/// open, how many options has it.
pub trait Polls {
    /// `None`: no such poll; `Some((open, options))`.
    fn poll(&self, id: &str) -> Option<(bool, u32)>;
}

/// Checks verified claims against the association's data.
pub fn decide(
    claims: Vec<Claim>,
    data: &Dataset,
    polls: &dyn Polls,
    from: Option<&str>,
) -> Decision {
    let mut answers = Vec::new();
    let mut votes = Vec::new();
    let mut people = Vec::new();
    for claim in claims {
        let Some(person) = data.participant(claim.participant()) else {
            return Decision::Person("unknown_sender");
        };
        people.push(person);
        match claim {
            Claim::Session {
                event,
                participant,
                answer,
                sequence,
            } => {
                let Some(found) = data.event(&event) else {
                    return Decision::Person("unknown_session");
                };
                if found.status == Status::Cancelled {
                    return Decision::Person("cancelled_session");
                }
                if sequence < found.sequence {
                    return Decision::Person("old_sequence");
                }
                if sequence > found.sequence {
                    // Signed by us for a version that does not exist: the
                    // session file was rewritten by hand.
                    return Decision::Person("invalid_token");
                }
                answers.push(SessionAnswer {
                    event,
                    participant,
                    answer,
                });
            }
            Claim::Poll {
                poll,
                participant,
                option,
                vote,
            } => {
                let Some((open, options)) = polls.poll(&poll) else {
                    return Decision::Person("unknown_poll");
                };
                if !open {
                    return Decision::Person("closed_poll");
                }
                if option > options {
                    return Decision::Person("unknown_option");
                }
                votes.push(PollVote {
                    poll,
                    participant,
                    option,
                    vote,
                });
            }
        }
    }
    let other_address = from
        .filter(|from| {
            !people.iter().any(|p| {
                p.email
                    .as_deref()
                    .is_some_and(|e| e.trim().eq_ignore_ascii_case(from))
            })
        })
        .map(str::to_string);
    Decision::Record {
        answers,
        votes,
        other_address,
    }
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

    fn claim(answer: Answer) -> Claim {
        Claim::Session {
            event: "2026-12-10-ales".into(),
            participant: "noemie".into(),
            answer,
            sequence: 0,
        }
    }

    #[test]
    fn the_subject_wins_else_the_body() {
        let (_d, key) = key();
        let yes = claim(Answer::Yes).token(&key);
        let no = claim(Answer::No).token(&key);
        let scan = |subject: &[&String], body: &[&String]| Scan {
            subject: subject.iter().map(|s| (*s).clone()).collect(),
            body: body.iter().map(|s| (*s).clone()).collect(),
        };
        assert_eq!(
            claims(Some(&key), &scan(&[&yes], &[&yes, &no])),
            Ok(vec![claim(Answer::Yes)])
        );
        assert_eq!(
            claims(Some(&key), &scan(&[], &[&no])),
            Ok(vec![claim(Answer::No)])
        );
        assert_eq!(
            claims(Some(&key), &scan(&[], &[&no, &yes])),
            Err("several_answers")
        );
        let truncated = yes[..yes.len() - 3].to_string();
        assert_eq!(
            claims(Some(&key), &scan(&[&truncated], &[])),
            Err("invalid_token")
        );
        // A truncated subject, the whole token in the body.
        assert_eq!(
            claims(Some(&key), &scan(&[&truncated], &[&yes])),
            Ok(vec![claim(Answer::Yes)])
        );
        assert_eq!(claims(None, &scan(&[&yes], &[])), Err("invalid_token"));
    }

    #[test]
    fn tokens_are_read_in_every_encoding() {
        let raw = "From: a@b\r\nSubject: =?ISO-8859-1?Q?RE_:_Je_ne_viens_pas_jelly-e.x.y.n.0.ab?=\r\n\
                   Content-Type: text/html; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
                   <div>R=E9ponse</div><div>jelly-e.x.y.n.0.a=\r\nb</div>\r\n";
        let scan = scan(raw.as_bytes());
        assert_eq!(scan.subject, ["jelly-e.x.y.n.0.ab"]);
        assert_eq!(scan.body, ["jelly-e.x.y.n.0.ab"]);
    }
}
