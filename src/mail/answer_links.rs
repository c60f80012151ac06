//! The one-click answer links of a message: for a session « Je viens »,
//! « Peut-être », « Je ne viens pas »; for each option of a date poll
//! « Oui », « Si besoin », « Non ». Each is a `mailto:` link (RFC 6068) to
//! the association's address whose subject and body carry a signed token
//! ([`crate::mail::answer_token`]); `jelly inbox` reads the reply.

use serde::Serialize;

use crate::i18n::Lang;
use crate::mail::answer_token::{mailto, Claim, Vote};
use crate::mail::unsubscribe::Key;
use crate::model::{Answer, Event};
use crate::t;

/// One link, as the templates show it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Link {
    /// The words of the link: « Je viens ».
    pub label: String,
    /// `mailto:…?subject=…&body=…`
    pub link: String,
    /// yes, maybe, no (a poll: yes, if_need_be, no).
    pub answer: &'static str,
}

/// The three answers to `event` for `participant`, as of its SEQUENCE.
pub fn session_links(
    lang: Lang,
    key: &Key,
    to: &str,
    event: &Event,
    participant: &str,
) -> Vec<Link> {
    [Answer::Yes, Answer::Maybe, Answer::No]
        .into_iter()
        .map(|answer| {
            let label = t!(lang, &format!("answers-label-{}", answer.as_str()));
            let token = Claim::Session {
                event: event.id.clone(),
                participant: participant.to_string(),
                answer,
                sequence: event.sequence,
            }
            .token(key);
            let body = t!(lang, "answers-mail-body", answer = label.clone());
            Link {
                link: mailto(to, &label, &body, &token),
                label,
                answer: answer.as_str(),
            }
        })
        .collect()
}

/// The three votes on option `option` (from 1) of `poll` for `participant`;
/// `what` names the option in the reply's subject ("jeudi 14 janvier").
pub fn poll_links(
    lang: Lang,
    key: &Key,
    to: &str,
    poll: &str,
    option: u32,
    what: &str,
    participant: &str,
) -> Vec<Link> {
    Vote::ALL
        .into_iter()
        .map(|vote| {
            let label = t!(
                lang,
                &format!("poll-vote-{}", vote.as_str().replace('_', "-"))
            );
            let token = Claim::Poll {
                poll: poll.to_string(),
                participant: participant.to_string(),
                option,
                vote,
            }
            .token(key);
            let subject = format!("{label} : {what}");
            let body = t!(lang, "answers-mail-body", answer = subject.clone());
            Link {
                link: mailto(to, &subject, &body, &token),
                label,
                answer: vote.as_str(),
            }
        })
        .collect()
}
