//! Replies to one-click answer links: any bytes as a mail message (the
//! token finder over its decoded subject, text and HTML parts, then the
//! token checks), and any text as a token. Nothing panics; every token
//! found is bounded; a token jelly signs always reads back as its claim;
//! an edited one never verifies.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use jelly::inbox::answer_link;
use jelly::mail::answer_token::{self, Claim, Vote, MAX_LEN};
use jelly::mail::unsubscribe::Key;
use jelly::model::Answer;
use jelly::store::DataDir;
use libfuzzer_sys::fuzz_target;

fn key() -> &'static Key {
    static KEY: OnceLock<Key> = OnceLock::new();
    KEY.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("jelly-fuzz-key-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Key::load_or_create(&DataDir::new(&dir)).unwrap()
    })
}

#[derive(Arbitrary, Debug)]
struct Input {
    raw: Vec<u8>,
    text: String,
    id: String,
    participant: String,
    option: u32,
    choice: u8,
    sequence: u32,
}

fuzz_target!(|input: Input| {
    let key = key();
    let scan = answer_link::scan(&input.raw);
    for token in scan.subject.iter().chain(&scan.body) {
        assert!(token.len() <= MAX_LEN + 1, "{token}");
        let _ = answer_token::verify(key, token);
    }
    let _ = answer_link::claims(Some(key), &scan);
    for token in answer_token::find(&input.text, 32) {
        let _ = answer_token::verify(key, &token);
    }
    let _ = answer_token::verify(key, &input.text);

    // A valid claim reads back; the same token with one character changed
    // does not.
    let valid = |s: &str| jelly::model::is_valid_id(s);
    if valid(&input.id) && valid(&input.participant) {
        let claim = if input.option % 2 == 0 {
            Claim::Session {
                event: input.id.clone(),
                participant: input.participant.clone(),
                answer: [Answer::Yes, Answer::Maybe, Answer::No][input.choice as usize % 3],
                sequence: input.sequence,
            }
        } else {
            Claim::Poll {
                poll: input.id.clone(),
                participant: input.participant.clone(),
                option: input.option % 1000 + 1,
                vote: Vote::ALL[input.choice as usize % 3],
            }
        };
        let token = claim.token(key);
        assert_eq!(answer_token::verify(key, &token), Ok(claim.clone()));
        let at = input.sequence as usize % token.len();
        let mut edited: Vec<char> = token.chars().collect();
        edited[at] = if edited[at] == '0' { '1' } else { '0' };
        let edited: String = edited.into_iter().collect();
        if edited.to_ascii_lowercase() != token {
            assert!(answer_token::verify(key, &edited).is_err(), "{edited}");
        }
        assert_eq!(answer_token::find(&format!("Re: {token}\n"), 4), [token]);
    }
});
