//! The waiting list of a session whose venue has a `capacity`, with
//! `[rotation] waitlist = true`, as pure functions on the answers of the
//! session file.
//!
//! - A "yes" when the seats are taken (the "yes" answers plus the offers
//!   still open) is recorded as `waitlist`, at the time of the answer.
//! - The queue is the order of those answers (`at`, then the id for two
//!   answers of the same second).
//! - When a seat frees up (a "yes" becomes a "no" or a "maybe", an offer is
//!   declined or runs out), the first of the queue without an offer gets
//!   one: `offered = <now>`; the seat is held for them for
//!   `[rotation] waitlist_hold`.
//! - An offer answered "yes" in time becomes a "yes"; answered "no", the
//!   person leaves the list; unanswered past the hold, it is marked
//!   `expired = true` (the person leaves the queue) and passes on.
//!
//! [`answer`] and [`expire`] return what to write and the transitions; the
//! messages that tell people follow from the state (see [`due_messages`]),
//! so a message that could not go out goes the next time.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDateTime};
use serde::Serialize;

use crate::model::{Answer, Dataset, Event, Rsvp};

/// What the waiting list of one session needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rules {
    /// Seats, when the list applies (`[rotation] waitlist` and a venue
    /// capacity); `None`: every "yes" is a "yes".
    pub capacity: Option<u32>,
    pub hold: Duration,
}

impl Rules {
    /// The rules for `event` in `data`.
    pub fn of(data: &Dataset, event: &Event) -> Rules {
        let rotation = &data.config.rotation;
        let capacity = if rotation.waitlist {
            data.venue(&event.venue).and_then(|v| v.capacity)
        } else {
            None
        };
        Rules {
            capacity,
            hold: rotation
                .waitlist_hold
                .fixed()
                .unwrap_or_else(|| Duration::hours(48)),
        }
    }
}

/// One step of someone's way through the list (JSON: `{"step": "offered", …}`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Transition {
    /// Their "yes" came when the seats were taken.
    Waitlisted {
        participant: String,
        position: usize,
    },
    /// A seat is theirs if they answer "yes" by `until`.
    Offered {
        participant: String,
        #[serde(serialize_with = "crate::rotation::serialize_datetime")]
        until: NaiveDateTime,
    },
    /// They took the seat offered.
    Accepted { participant: String },
    /// They left the list (answered no or maybe).
    Left { participant: String },
    /// Their offer ran out unanswered.
    Expired { participant: String },
}

/// One step in words, for the reports of `rsvp`, `inbox` and `remind`.
pub fn describe(lang: crate::i18n::Lang, step: &Transition) -> String {
    match step {
        Transition::Waitlisted {
            participant,
            position,
        } => crate::t!(
            lang,
            "waitlist-step-waitlisted",
            participant = participant.as_str(),
            position = *position
        ),
        Transition::Offered { participant, until } => crate::t!(
            lang,
            "waitlist-step-offered",
            participant = participant.as_str(),
            until = until.format("%d/%m/%Y %H:%M").to_string()
        ),
        Transition::Accepted { participant } => crate::t!(
            lang,
            "waitlist-step-accepted",
            participant = participant.as_str()
        ),
        Transition::Left { participant } => {
            crate::t!(
                lang,
                "waitlist-step-left",
                participant = participant.as_str()
            )
        }
        Transition::Expired { participant } => crate::t!(
            lang,
            "waitlist-step-expired",
            participant = participant.as_str()
        ),
    }
}

/// The answers to write: participant → their new answer.
pub type Changes = BTreeMap<String, Rsvp>;

fn is_open_offer(r: &Rsvp) -> bool {
    r.answer == Answer::Waitlist && r.offered.is_some() && !r.expired
}

fn in_queue(r: &Rsvp) -> bool {
    r.answer == Answer::Waitlist && !r.expired
}

/// The waiting list of `event` in queue order: the ids of the `waitlist`
/// answers not expired (those with an open offer included).
pub fn queue(event: &Event) -> Vec<String> {
    queue_of(&event.rsvp)
}

fn queue_of(rsvp: &BTreeMap<String, Rsvp>) -> Vec<String> {
    let mut list: Vec<(&String, &Rsvp)> = rsvp.iter().filter(|(_, r)| in_queue(r)).collect();
    list.sort_by(|a, b| a.1.at.cmp(&b.1.at).then_with(|| a.0.cmp(b.0)));
    list.into_iter().map(|(id, _)| id.clone()).collect()
}

/// Seats taken: the "yes" answers and the offers still open.
fn taken(rsvp: &BTreeMap<String, Rsvp>) -> usize {
    rsvp.values()
        .filter(|r| r.answer == Answer::Yes || is_open_offer(r))
        .count()
}

/// Records `participant`'s `answer` given at `at` (a "waitlist" given
/// by hand counts as a "yes"), after passing on the offers run out by
/// then. Returns the answers to write and the transitions.
pub fn answer(
    rsvp: &BTreeMap<String, Rsvp>,
    rules: Rules,
    participant: &str,
    answer: Answer,
    at: NaiveDateTime,
) -> (Changes, Vec<Transition>) {
    let answer = if answer == Answer::Waitlist {
        Answer::Yes
    } else {
        answer
    };
    let plain = Rsvp {
        answer,
        at: Some(at),
        offered: None,
        expired: false,
    };
    let Some(capacity) = rules.capacity else {
        let mut changes = Changes::new();
        changes.insert(participant.to_string(), plain);
        return (changes, Vec::new());
    };
    let (mut changes, mut transitions) = expire(rsvp, rules, at);
    let mut state = rsvp.clone();
    state.extend(changes.clone());
    let current = state.get(participant).cloned();
    let new = match (answer, &current) {
        (Answer::Yes, Some(r)) if r.answer == Answer::Yes => plain,
        (Answer::Yes, Some(r)) if is_open_offer(r) => {
            transitions.push(Transition::Accepted {
                participant: participant.to_string(),
            });
            plain
        }
        // Already in the queue: they keep their place.
        (Answer::Yes, Some(r)) if in_queue(r) => return (changes, transitions),
        (Answer::Yes, _) => {
            let others = taken(&state)
                - usize::from(current.as_ref().is_some_and(|r| r.answer == Answer::Yes));
            if others < capacity as usize {
                plain
            } else {
                Rsvp {
                    answer: Answer::Waitlist,
                    ..plain
                }
            }
        }
        (_, Some(r)) if in_queue(r) => {
            transitions.push(Transition::Left {
                participant: participant.to_string(),
            });
            plain
        }
        _ => plain,
    };
    let waitlisted = new.answer == Answer::Waitlist;
    state.insert(participant.to_string(), new.clone());
    changes.insert(participant.to_string(), new);
    if waitlisted {
        let position = queue_of(&state)
            .iter()
            .position(|id| id == participant)
            .map_or(0, |i| i + 1);
        transitions.push(Transition::Waitlisted {
            participant: participant.to_string(),
            position,
        });
    }
    let (offers, offered) = offer_free_seats(&state, capacity, rules.hold, at);
    changes.extend(offers);
    transitions.extend(offered);
    (changes, transitions)
}

/// Marks the offers unanswered past the hold as expired at `now`, and
/// passes their seats on.
pub fn expire(
    rsvp: &BTreeMap<String, Rsvp>,
    rules: Rules,
    now: NaiveDateTime,
) -> (Changes, Vec<Transition>) {
    let Some(capacity) = rules.capacity else {
        return (Changes::new(), Vec::new());
    };
    let mut changes = Changes::new();
    let mut transitions = Vec::new();
    for (id, r) in rsvp {
        if is_open_offer(r) && r.offered.is_some_and(|o| o + rules.hold <= now) {
            changes.insert(
                id.clone(),
                Rsvp {
                    expired: true,
                    ..r.clone()
                },
            );
            transitions.push(Transition::Expired {
                participant: id.clone(),
            });
        }
    }
    let mut state = rsvp.clone();
    state.extend(changes.clone());
    let (offers, offered) = offer_free_seats(&state, capacity, rules.hold, now);
    changes.extend(offers);
    transitions.extend(offered);
    (changes, transitions)
}

/// Offers each free seat to the next of the queue without an offer.
fn offer_free_seats(
    state: &BTreeMap<String, Rsvp>,
    capacity: u32,
    hold: Duration,
    now: NaiveDateTime,
) -> (Changes, Vec<Transition>) {
    let mut changes = Changes::new();
    let mut transitions = Vec::new();
    let mut free = (capacity as usize).saturating_sub(taken(state));
    for id in queue_of(state) {
        if free == 0 {
            break;
        }
        let r = &state[&id];
        if r.offered.is_some() {
            continue;
        }
        changes.insert(
            id.clone(),
            Rsvp {
                offered: Some(now),
                ..r.clone()
            },
        );
        transitions.push(Transition::Offered {
            participant: id.clone(),
            until: now + hold,
        });
        free -= 1;
    }
    (changes, transitions)
}

/// A message the waiting list owes someone, by the state of the session.
#[derive(Debug, Clone, PartialEq)]
pub struct Due {
    pub participant: String,
    pub kind: crate::mail::journal::Kind,
    /// The journal's name for this step: the time it happened.
    pub stamp: String,
    /// Waitlisted: their place in the queue.
    pub position: usize,
    /// Offer: the answer is due by then.
    pub until: Option<NaiveDateTime>,
}

/// The message each person on the list is owed for where they are now:
/// in the queue (their place), offered a seat (until when), offer run out.
/// Whether it was sent already is the journal's business.
pub fn due_messages(event: &Event, rules: Rules) -> Vec<Due> {
    use crate::mail::journal::Kind;
    let stamp = |at: Option<NaiveDateTime>| {
        at.map_or_else(
            || "0".to_string(),
            |a| a.format("%Y%m%dT%H%M%S").to_string(),
        )
    };
    let order = queue(event);
    let mut due = Vec::new();
    for (id, r) in &event.rsvp {
        if r.answer != Answer::Waitlist {
            continue;
        }
        let (kind, step_stamp) = match (r.offered, r.expired) {
            (Some(offered), true) => (Kind::OfferExpired, stamp(Some(offered))),
            (Some(offered), false) => (Kind::Offer, stamp(Some(offered))),
            (None, _) => (Kind::Waitlisted, stamp(r.at)),
        };
        due.push(Due {
            participant: id.clone(),
            kind,
            stamp: step_stamp,
            position: order.iter().position(|x| x == id).map_or(0, |i| i + 1),
            until: r.offered.filter(|_| !r.expired).map(|o| o + rules.hold),
        });
    }
    due.sort_by_key(|d| (d.position == 0, d.position, d.participant.clone()));
    due
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        crate::model::parse_local_datetime(text).unwrap()
    }

    const RULES: Rules = Rules {
        capacity: Some(2),
        hold: Duration::hours(48),
    };

    /// Applies answers in order, returning the state and every transition.
    fn play(steps: &[(&str, Answer, &str)]) -> (BTreeMap<String, Rsvp>, Vec<Transition>) {
        let mut state = BTreeMap::new();
        let mut all = Vec::new();
        for (who, what, when) in steps {
            let (changes, transitions) = answer(&state, RULES, who, *what, at(when));
            state.extend(changes);
            all.extend(transitions);
        }
        (state, all)
    }

    #[test]
    fn yeses_past_the_capacity_queue_in_the_order_of_the_answers() {
        let (state, transitions) = play(&[
            ("a", Answer::Yes, "2026-11-20T10:00"),
            ("b", Answer::Yes, "2026-11-20T11:00"),
            ("d", Answer::Yes, "2026-11-20T12:00"),
            ("c", Answer::Yes, "2026-11-20T13:00"),
            // Saying yes again keeps one's place.
            ("d", Answer::Yes, "2026-11-21T09:00"),
        ]);
        assert_eq!(state["a"].answer, Answer::Yes);
        assert_eq!(state["d"].answer, Answer::Waitlist);
        let queue = queue_of(&state);
        assert_eq!(queue, ["d", "c"]);
        assert_eq!(
            transitions,
            [
                Transition::Waitlisted {
                    participant: "d".into(),
                    position: 1
                },
                Transition::Waitlisted {
                    participant: "c".into(),
                    position: 2
                },
            ]
        );
    }

    #[test]
    fn a_withdrawal_offers_the_seat_which_is_taken_declined_or_runs_out() {
        let (state, _) = play(&[
            ("a", Answer::Yes, "2026-11-20T10:00"),
            ("b", Answer::Yes, "2026-11-20T11:00"),
            ("c", Answer::Yes, "2026-11-20T12:00"),
            ("d", Answer::Yes, "2026-11-20T13:00"),
            ("e", Answer::Yes, "2026-11-20T14:00"),
        ]);
        // b withdraws: c is offered the seat.
        let (changes, transitions) = answer(&state, RULES, "b", Answer::No, at("2026-11-22T08:00"));
        assert_eq!(
            transitions,
            [Transition::Offered {
                participant: "c".into(),
                until: at("2026-11-24T08:00")
            }]
        );
        let mut state2 = state.clone();
        state2.extend(changes);
        // Nobody else may take the held seat meanwhile.
        let (changes, t) = answer(&state2, RULES, "z", Answer::Yes, at("2026-11-22T09:00"));
        assert_eq!(changes["z"].answer, Answer::Waitlist);
        assert!(
            matches!(t[0], Transition::Waitlisted { position: 4, .. }),
            "{t:?}"
        );
        // c accepts in time.
        let (changes, t) = answer(&state2, RULES, "c", Answer::Yes, at("2026-11-23T08:00"));
        assert_eq!(changes["c"].answer, Answer::Yes);
        assert_eq!(
            t,
            [Transition::Accepted {
                participant: "c".into()
            }]
        );
        // Or c lets it run out: d gets it when the hold is over, not before.
        assert!(expire(&state2, RULES, at("2026-11-24T07:59")).0.is_empty());
        let (changes, t) = expire(&state2, RULES, at("2026-11-24T08:00"));
        assert!(changes["c"].expired);
        assert_eq!(changes["d"].offered, Some(at("2026-11-24T08:00")));
        assert_eq!(
            t,
            [
                Transition::Expired {
                    participant: "c".into()
                },
                Transition::Offered {
                    participant: "d".into(),
                    until: at("2026-11-26T08:00")
                },
            ]
        );
        // Or c declines: d gets it at once.
        let (changes, t) = answer(&state2, RULES, "c", Answer::No, at("2026-11-23T08:00"));
        assert_eq!(changes["c"].answer, Answer::No);
        assert_eq!(changes["d"].offered, Some(at("2026-11-23T08:00")));
        assert_eq!(t.len(), 2, "{t:?}");
    }

    #[test]
    fn without_the_list_every_answer_is_kept_as_given() {
        let rules = Rules {
            capacity: None,
            ..RULES
        };
        let mut state = BTreeMap::new();
        for who in ["a", "b", "c"] {
            let (changes, t) = answer(&state, rules, who, Answer::Yes, at("2026-11-20T10:00"));
            assert!(t.is_empty());
            state.extend(changes);
        }
        assert!(state.values().all(|r| r.answer == Answer::Yes));
    }
}
