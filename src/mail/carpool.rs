//! Who an invitation names for car-sharing: only people who agreed
//! (`carpool = true`), only to people of their own village, at most
//! [`MAX_NAMES`] of them — those who answered yes first (earliest answer
//! first), then the other invited who did not answer no, in the order of the
//! session's `invited` list. Active participants only.
//!
//! The lists are made once per session (one pass over the participants),
//! so composing N invitations costs O(N), not O(N²) string comparisons.

use std::collections::HashMap;

use crate::model::{Answer, Dataset, Event, Participant};

/// At most this many names in one invitation.
pub const MAX_NAMES: usize = 5;

/// The car-sharing candidates of one session, by village.
#[derive(Debug, Clone, Default)]
pub struct CarpoolIndex {
    /// Village id → the first `MAX_NAMES + 1` candidates (id, name), in
    /// order (one more than shown, in case the reader is one of them).
    by_village: HashMap<String, Vec<(String, String)>>,
}

impl CarpoolIndex {
    pub fn new(data: &Dataset, event: &Event) -> CarpoolIndex {
        let position: HashMap<&str, usize> = event
            .invited
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let mut candidates: Vec<(&Participant, usize)> = data
            .participants
            .iter()
            .filter(|p| p.active && p.carpool)
            .filter_map(|p| position.get(p.id.as_str()).map(|&i| (p, i)))
            .filter(|(p, _)| event.rsvp.get(&p.id).map(|r| r.answer) != Some(Answer::No))
            .collect();
        candidates.sort_by_key(|&(p, i)| match event.rsvp.get(&p.id) {
            Some(r) if r.answer == Answer::Yes => (0, r.at, i),
            _ => (1, None, i),
        });
        let mut by_village: HashMap<String, Vec<(String, String)>> = HashMap::new();
        for (p, _) in candidates {
            let list = by_village.entry(p.village.clone()).or_default();
            if list.len() <= MAX_NAMES {
                list.push((p.id.clone(), p.name.clone()));
            }
        }
        CarpoolIndex { by_village }
    }

    /// The names shown to `reader`: people of their village, not themselves.
    pub fn names_for(&self, reader: &Participant) -> Vec<String> {
        self.by_village
            .get(&reader.village)
            .map(|list| {
                list.iter()
                    .filter(|(id, _)| *id != reader.id)
                    .take(MAX_NAMES)
                    .map(|(_, name)| name.clone())
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{parse_local_datetime, Rsvp, Status};

    fn person(id: &str, village: &str, carpool: bool) -> Participant {
        Participant {
            carpool,
            ..crate::testing::participant(id, &id.to_uppercase(), village)
        }
    }

    #[test]
    fn only_consenting_people_of_the_village_yes_first_at_most_five() {
        let data = Dataset {
            participants: vec![
                person("a", "ales", true),
                person("b", "ales", false),
                person("c", "ales", true),
                person("d", "anduze", true),
                person("e", "ales", true),
                person("f", "ales", true),
                person("g", "ales", true),
                person("h", "ales", true),
                person("i", "ales", true),
                person("late", "ales", true),
            ],
            ..Dataset::default()
        };
        let mut event = Event {
            id: "2026-12-03-ales".into(),
            date: parse_local_datetime("2026-12-03T18:30").unwrap(),
            venue: "v".into(),
            theme: None,
            status: Status::Planned,
            invited: ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
                .map(String::from)
                .to_vec(),
            attended: vec![],
            rsvp: Default::default(),
            sequence: 0,
            cancel_reason: None,
            previous_date: None,
        };
        let answer = |answer, at: &str| Rsvp {
            answer,
            at: parse_local_datetime(at),
            offered: None,
            expired: false,
        };
        event
            .rsvp
            .insert("i".into(), answer(Answer::Yes, "2026-11-02T10:00"));
        event
            .rsvp
            .insert("h".into(), answer(Answer::Yes, "2026-11-01T10:00"));
        event
            .rsvp
            .insert("c".into(), answer(Answer::No, "2026-11-01T10:00"));
        let index = CarpoolIndex::new(&data, &event);
        // b did not agree, c answered no, d lives elsewhere, "late" is not invited.
        assert_eq!(
            index.names_for(&data.participants[0]),
            ["H", "I", "E", "F", "G"]
        );
        assert_eq!(
            index.names_for(&data.participants[7]),
            ["I", "A", "E", "F", "G"]
        );
        assert_eq!(
            index.names_for(&data.participants[1]),
            ["H", "I", "A", "E", "F"]
        );
        assert!(index.names_for(&data.participants[3]).is_empty());
    }
}
