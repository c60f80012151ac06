//! A poll's result: per option the votes, who gave them, and the expected
//! turnout of a session on that date at that venue — the turnout model's
//! chance for each active member, a « Oui » counting as the model's
//! yes-rate, a « Non » as 0 and a « Si besoin » as the model's chance —
//! and the recommended option: the highest expected turnout, then the
//! most « Oui », then the earliest given.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::mail::answer_token::Vote;
use crate::model::{Answer, Dataset};
use crate::poll::Poll;
use crate::turnout;

#[derive(Debug, Clone, Serialize)]
pub struct OptionTally {
    /// From 1, in the order given to `poll new`.
    pub option: u32,
    #[serde(serialize_with = "crate::rotation::serialize_datetime")]
    pub date: chrono::NaiveDateTime,
    pub venue: String,
    pub yes: usize,
    pub if_need_be: usize,
    pub no: usize,
    pub no_answer: usize,
    pub expected_turnout: f64,
    pub low: u32,
    pub high: u32,
    /// Participant ids, by vote.
    pub names: BTreeMap<&'static str, Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tally {
    pub poll: String,
    pub status: crate::poll::PollStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// Active members asked.
    pub members: usize,
    /// Members who voted on at least one option.
    pub voters: usize,
    pub options: Vec<OptionTally>,
    /// The recommended option's number, if there is an option.
    pub recommended: Option<u32>,
    /// Why: "turnout", "yes" (a tie on turnout broken by the « Oui »),
    /// "first" (a tie on both).
    pub because: &'static str,
    /// What a « Oui » counts for.
    pub yes_rate: f64,
}

/// The answer a vote stands for in a session's forecast.
pub fn as_answer(vote: Vote) -> Answer {
    match vote {
        Vote::Yes => Answer::Yes,
        Vote::IfNeedBe => Answer::Maybe,
        Vote::No => Answer::No,
    }
}

pub fn tally(data: &Dataset, poll: &Poll) -> Tally {
    let members: Vec<&str> = data
        .participants
        .iter()
        .filter(|p| p.active)
        .map(|p| p.id.as_str())
        .collect();
    let first = poll.file.options.iter().map(|o| o.date).min();
    let model = first.map(|date| turnout::learn(data, date));
    // Looked up once for every option's forecast.
    let lookup = model.as_ref().map(|_| turnout::Lookup::new(data));
    let invitees: Vec<turnout::Invitee> = match (&model, &lookup) {
        (Some(model), Some(lookup)) => members
            .iter()
            .map(|id| lookup.invitee(data, model, id))
            .collect(),
        _ => Vec::new(),
    };
    let position: HashMap<&str, usize> =
        members.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    let mut options = Vec::new();
    for (index, option) in poll.file.options.iter().enumerate() {
        let number = index as u32 + 1;
        let mut names: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
        // The members' votes on this option, as the answers of a session.
        let mut answers: Vec<Option<Answer>> = vec![None; members.len()];
        let mut answered = 0;
        for (participant, votes) in &poll.votes {
            if let Some(record) = votes.get(&number) {
                names
                    .entry(record.vote.as_str())
                    .or_default()
                    .push(participant.clone());
                if let Some(&i) = position.get(participant.as_str()) {
                    answered += 1;
                    answers[i] = Some(as_answer(record.vote));
                }
            }
        }
        let count = |vote: Vote| names.get(vote.as_str()).map_or(0, Vec::len);
        let forecast = model.as_ref().zip(lookup.as_ref()).map(|(model, lookup)| {
            turnout::forecast_people(
                data,
                lookup,
                &option.venue,
                model,
                invitees.iter().copied().zip(answers.iter().copied()),
            )
            .turnout
        });
        options.push(OptionTally {
            option: number,
            date: option.date,
            venue: option.venue.clone(),
            yes: count(Vote::Yes),
            if_need_be: count(Vote::IfNeedBe),
            no: count(Vote::No),
            no_answer: members.len() - answered,
            expected_turnout: forecast.as_ref().map_or(0.0, |f| f.expected),
            low: forecast.as_ref().map_or(0, |f| f.low),
            high: forecast.as_ref().map_or(0, |f| f.high),
            names,
        });
    }
    let (recommended, because) = recommend(&options);
    Tally {
        poll: poll.id.clone(),
        status: poll.file.status,
        session: poll.file.session.clone(),
        members: members.len(),
        voters: poll
            .votes
            .iter()
            .filter(|(p, v)| !v.is_empty() && position.contains_key(p.as_str()))
            .count(),
        options,
        recommended,
        because,
        yes_rate: model.map_or(0.0, |m| m.yes_rate),
    }
}

/// The best option: the highest expected turnout (to a tenth of a person),
/// then the most « Oui », then the first.
pub fn recommend(options: &[OptionTally]) -> (Option<u32>, &'static str) {
    let rounded = |o: &OptionTally| (o.expected_turnout * 10.0).round() as i64;
    let Some(best) = options.iter().max_by(|a, b| {
        rounded(a)
            .cmp(&rounded(b))
            .then(a.yes.cmp(&b.yes))
            .then(b.option.cmp(&a.option))
    }) else {
        return (None, "first");
    };
    let tied_turnout: Vec<&OptionTally> = options
        .iter()
        .filter(|o| rounded(o) == rounded(best))
        .collect();
    let because = if tied_turnout.len() == 1 {
        "turnout"
    } else if tied_turnout.iter().filter(|o| o.yes == best.yes).count() == 1 {
        "yes"
    } else {
        "first"
    };
    (Some(best.option), because)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(number: u32, expected: f64, yes: usize) -> OptionTally {
        OptionTally {
            option: number,
            date: crate::model::parse_local_datetime("2027-01-14T18:30").unwrap(),
            venue: "v".into(),
            yes,
            if_need_be: 0,
            no: 0,
            no_answer: 0,
            expected_turnout: expected,
            low: 0,
            high: 0,
            names: BTreeMap::new(),
        }
    }

    #[test]
    fn the_recommendation_says_which_rule_decided() {
        assert_eq!(
            recommend(&[option(1, 8.0, 5), option(2, 9.2, 1), option(3, 9.1, 9)]),
            (Some(2), "turnout")
        );
        // 9.21 and 9.19 are the same tenth: the « Oui » decide.
        assert_eq!(
            recommend(&[option(1, 9.21, 2), option(2, 9.19, 4)]),
            (Some(2), "yes")
        );
        assert_eq!(
            recommend(&[option(1, 9.2, 4), option(2, 9.2, 4)]),
            (Some(1), "first")
        );
        assert_eq!(recommend(&[]), (None, "first"));
    }
}
