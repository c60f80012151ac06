//! `jelly inbox`'s part for replies written from a one-click answer link:
//! the hook that turns such a reply into answers (recorded as `jelly rsvp`
//! records them) and poll votes (recorded in the poll's file), what the
//! report says of them, and writing the votes. The decision is in
//! [`crate::inbox::answer_link`].

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::context::Context;
use crate::error::Result;
use crate::inbox::answer_link::{self, Decision, Scan};
use crate::mail::answer_token::Vote;
use crate::mail::unsubscribe::Key;
use crate::model::Dataset;
use crate::output;
use crate::poll::{Poll, PollEdit};
use crate::t;

/// A vote recorded from a link.
#[derive(Debug, Serialize, Clone)]
pub struct VoteLine {
    pub poll: String,
    pub participant: String,
    /// From 1.
    pub option: u32,
    pub vote: Vote,
    #[serde(serialize_with = "crate::rotation::serialize_datetime")]
    pub at: NaiveDateTime,
    /// The reply came from another address than the person's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_other_address: Option<String>,
    /// false when a later vote was already recorded (kept).
    pub recorded: bool,
}

/// What the inbox needs to read link replies: the key and the polls.
pub struct Links {
    key: Option<Key>,
    polls: HashMap<String, Poll>,
}

impl answer_link::Polls for Links {
    fn poll(&self, id: &str) -> Option<(bool, u32)> {
        self.polls
            .get(id)
            .map(|poll| (poll.is_open(), poll.option_count()))
    }
}

/// What one reply with tokens leads to.
pub enum LinkAction {
    Record {
        answers: Vec<answer_link::SessionAnswer>,
        votes: Vec<answer_link::PollVote>,
        other_address: Option<String>,
    },
    Person(&'static str),
}

impl Links {
    pub fn load(ctx: &Context) -> Result<Links> {
        Ok(Links {
            key: Key::load(&ctx.dir)?,
            polls: crate::poll::load_all(&ctx.dir)?
                .into_iter()
                .map(|p| (p.id.clone(), p))
                .collect(),
        })
    }

    /// The hook: `None` when the message carries no token (the inbox's
    /// other rules apply).
    pub fn action(&self, data: &Dataset, scan: &Scan, from: Option<&str>) -> Option<LinkAction> {
        if scan.is_empty() {
            return None;
        }
        let claims = match answer_link::claims(self.key.as_ref(), scan) {
            Ok(claims) => claims,
            Err(why) => return Some(LinkAction::Person(why)),
        };
        Some(match answer_link::decide(claims, data, self, from) {
            Decision::Record {
                answers,
                votes,
                other_address,
            } => LinkAction::Record {
                answers,
                votes,
                other_address,
            },
            Decision::Person(why) => LinkAction::Person(why),
        })
    }

    /// One line per (poll, person, option): the latest vote; `recorded` is
    /// false when the file already holds a later one.
    pub fn settle(&self, votes: Vec<VoteLine>) -> Vec<VoteLine> {
        let mut latest: BTreeMap<(String, String, u32), VoteLine> = BTreeMap::new();
        for line in votes {
            let key = (line.poll.clone(), line.participant.clone(), line.option);
            match latest.get(&key) {
                Some(existing) if existing.at > line.at => {}
                _ => {
                    latest.insert(key, line);
                }
            }
        }
        latest
            .into_values()
            .map(|mut line| {
                let earlier = self
                    .polls
                    .get(&line.poll)
                    .and_then(|p| p.votes.get(&line.participant))
                    .and_then(|v| v.get(&line.option))
                    .and_then(|r| r.at);
                if earlier.is_some_and(|at| at > line.at) {
                    line.recorded = false;
                }
                line
            })
            .collect()
    }
}

/// Each poll file touched once.
pub fn write_votes(ctx: &Context, votes: &[VoteLine]) -> Result<()> {
    let mut by_poll: BTreeMap<&str, Vec<&VoteLine>> = BTreeMap::new();
    for line in votes.iter().filter(|l| l.recorded) {
        by_poll.entry(&line.poll).or_default().push(line);
    }
    for (poll, lines) in by_poll {
        let mut edit = PollEdit::open(&ctx.dir, poll)?;
        for line in lines {
            edit.set_vote(&line.participant, line.option, line.vote, line.at);
        }
        edit.save()?;
    }
    Ok(())
}

/// The votes' table.
pub fn render_votes(ctx: &Context, data: &Dataset, votes: &[VoteLine]) -> String {
    let lang = ctx.lang;
    if votes.is_empty() {
        return String::new();
    }
    let name = |id: &str| {
        data.participant(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    };
    let mut text = t!(lang, "inbox-title-votes", count = votes.len());
    text.push('\n');
    let mut table = output::table(output::headers(
        lang,
        &[
            "inbox-col-poll",
            "inbox-col-participant",
            "inbox-col-option",
            "inbox-col-vote",
            "inbox-col-at",
            "inbox-col-note",
        ],
    ));
    for line in votes {
        let mut notes = Vec::new();
        if let Some(address) = &line.from_other_address {
            notes.push(t!(lang, "inbox-note-other-address", address = address));
        }
        if !line.recorded {
            notes.push(t!(lang, "inbox-note-later-kept"));
        }
        table.add_row(vec![
            line.poll.clone(),
            name(&line.participant),
            line.option.to_string(),
            t!(
                lang,
                &format!("poll-vote-{}", line.vote.as_str().replace('_', "-"))
            ),
            line.at.format("%Y-%m-%d %H:%M").to_string(),
            notes.join(" ; "),
        ]);
    }
    text.push_str(&table.to_string());
    text.push('\n');
    text
}
