//! Who a message goes to: the selectors of `jelly mail --to/--except` and of
//! `schedule --invite` / `[rotation] invite`, parsed once and evaluated on a
//! dataset as pure functions.
//!
//! - `all`: the active members;
//! - `came:EVENT`, `invited:EVENT`, `answered:EVENT:yes|no|maybe|waitlist`:
//!   whoever the session names (active or not: it is about that session);
//! - `village:ID,…`, `near:VENUE:KM`, `skill:WORD`, `since:DATE`: active
//!   members who live in one of the villages, whose travel to the venue —
//!   counted as `jelly next` counts it (road distance between villages when
//!   known, else great-circle × `detour_factor`) — is at most KM, who list
//!   the skill (case and accents ignored), who joined on or after the date.
//!
//! Several selectors are a union; `except` ones are removed from it. The
//! result keeps the order of the participants file.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::model::{Answer, Dataset, Participant};

/// One selector, parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum Selector {
    All,
    Came(String),
    Invited(String),
    Answered(String, Answer),
    Villages(Vec<String>),
    Near { venue: String, km: f64 },
    Skill(String),
    Since(NaiveDate),
}

/// Why a selector was refused; [`SelectorError::message`] words it.
#[derive(Debug, Clone, PartialEq)]
pub enum SelectorError {
    /// Not one of the known forms.
    Unknown(String),
    /// A known form with a value that does not parse (`near:x:far`).
    Malformed {
        selector: String,
        expected: &'static str,
    },
    /// A session, village or venue the data directory does not have.
    UnknownRef {
        selector: String,
        what: &'static str,
        id: String,
        hint: Option<String>,
    },
}

/// The forms, as shown in messages.
pub const FORMS: &str = "all, came:EVENT, invited:EVENT, answered:EVENT:yes|no|maybe|waitlist, \
village:ID,…, near:VENUE:KM, skill:WORD, since:YYYY-MM-DD";

impl SelectorError {
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        match self {
            SelectorError::Unknown(text) => {
                crate::t!(
                    lang,
                    "members-mail-selector-unknown",
                    selector = text,
                    forms = crate::i18n::Raw(FORMS.to_string())
                )
            }
            SelectorError::Malformed { selector, expected } => crate::t!(
                lang,
                "members-mail-selector-malformed",
                selector = selector,
                expected = *expected
            ),
            SelectorError::UnknownRef {
                selector,
                what,
                id,
                hint,
            } => crate::t!(
                lang,
                "members-mail-selector-unknown-ref",
                selector = selector,
                what = crate::t!(lang, what),
                id = id,
                hint = hint.clone().map_or_else(String::new, |h| crate::t!(
                    lang,
                    "err-unknown-ref-hint",
                    suggestion = h
                ))
            ),
        }
    }
}

impl Selector {
    /// Parses one selector (syntax only; see [`Selector::check`]).
    pub fn parse(text: &str) -> Result<Selector, SelectorError> {
        let text = text.trim();
        let malformed = |expected| SelectorError::Malformed {
            selector: text.to_string(),
            expected,
        };
        if text == "all" {
            return Ok(Selector::All);
        }
        let Some((kind, rest)) = text.split_once(':') else {
            return Err(SelectorError::Unknown(text.to_string()));
        };
        let rest = rest.trim();
        let id = |rest: &str, expected| {
            if crate::model::is_valid_id(rest) || crate::store::load::is_valid_event_id(rest) {
                Ok(rest.to_string())
            } else {
                Err(malformed(expected))
            }
        };
        match kind.trim() {
            "came" => Ok(Selector::Came(id(rest, "came:EVENT")?)),
            "invited" => Ok(Selector::Invited(id(rest, "invited:EVENT")?)),
            "answered" => {
                let expected = "answered:EVENT:yes|no|maybe|waitlist";
                let (event, answer) = rest.rsplit_once(':').ok_or_else(|| malformed(expected))?;
                let answer = Answer::parse(answer.trim()).ok_or_else(|| malformed(expected))?;
                Ok(Selector::Answered(id(event.trim(), expected)?, answer))
            }
            "village" => {
                let ids: Vec<String> = rest
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
                if ids.is_empty() || !ids.iter().all(|s| crate::model::is_valid_id(s)) {
                    return Err(malformed("village:ID,…"));
                }
                Ok(Selector::Villages(ids))
            }
            "near" => {
                let expected = "near:VENUE:KM";
                let (venue, km) = rest.rsplit_once(':').ok_or_else(|| malformed(expected))?;
                let km: f64 = km
                    .trim()
                    .replace(',', ".")
                    .parse()
                    .ok()
                    .filter(|k: &f64| k.is_finite() && *k >= 0.0)
                    .ok_or_else(|| malformed(expected))?;
                Ok(Selector::Near {
                    venue: id(venue.trim(), expected)?,
                    km,
                })
            }
            "skill" if !rest.is_empty() => Ok(Selector::Skill(rest.to_string())),
            "skill" => Err(malformed("skill:WORD")),
            "since" => NaiveDate::parse_from_str(rest, "%Y-%m-%d")
                .map(Selector::Since)
                .map_err(|_| malformed("since:YYYY-MM-DD")),
            _ => Err(SelectorError::Unknown(text.to_string())),
        }
    }

    /// Are the sessions, villages and venues it names in `data`?
    pub fn check(&self, data: &Dataset, text: &str) -> Result<(), SelectorError> {
        let missing = |what: &'static str, id: &str, ids: Vec<&str>| SelectorError::UnknownRef {
            selector: text.to_string(),
            what,
            id: id.to_string(),
            hint: crate::store::schema::closest(id, ids.into_iter()).map(str::to_string),
        };
        match self {
            Selector::Came(event) | Selector::Invited(event) | Selector::Answered(event, _) => {
                if data.event(event).is_none() {
                    let ids = data.events.iter().map(|e| e.id.as_str()).collect();
                    return Err(missing("what-event", event, ids));
                }
            }
            Selector::Villages(villages) => {
                for village in villages {
                    if data.village(village).is_none() {
                        let ids = data.villages.iter().map(|v| v.id.as_str()).collect();
                        return Err(missing("what-village", village, ids));
                    }
                }
            }
            Selector::Near { venue, .. } => {
                if data.venue(venue).is_none() {
                    let ids = data.venues.iter().map(|v| v.id.as_str()).collect();
                    return Err(missing("what-venue", venue, ids));
                }
            }
            Selector::All | Selector::Skill(_) | Selector::Since(_) => {}
        }
        Ok(())
    }

    /// The session this selector is about, if any.
    pub fn event(&self) -> Option<&str> {
        match self {
            Selector::Came(e) | Selector::Invited(e) | Selector::Answered(e, _) => Some(e),
            _ => None,
        }
    }

    /// Does `participant` match?
    pub fn matches(&self, data: &Dataset, participant: &Participant) -> bool {
        let id = participant.id.as_str();
        match self {
            Selector::All => participant.active,
            Selector::Came(event) => data
                .event(event)
                .is_some_and(|e| e.attended.iter().any(|a| a == id)),
            Selector::Invited(event) => data
                .event(event)
                .is_some_and(|e| e.invited.iter().any(|a| a == id)),
            Selector::Answered(event, answer) => data
                .event(event)
                .and_then(|e| e.rsvp.get(id))
                .is_some_and(|r| r.answer == *answer),
            Selector::Villages(villages) => {
                participant.active && villages.contains(&participant.village)
            }
            Selector::Near { venue, km } => {
                participant.active
                    && data.venue(venue).is_some_and(|v| {
                        crate::rotation::distance::participant_km(data, participant, v)
                            .is_some_and(|d| d <= *km)
                    })
            }
            Selector::Skill(word) => {
                let wanted = fold(word);
                participant.active && participant.skills.iter().any(|s| fold(s) == wanted)
            }
            Selector::Since(date) => {
                participant.active && participant.joined.is_some_and(|j| j >= *date)
            }
        }
    }
}

/// Lower case, without accents or surrounding blanks: "Comptabilité " →
/// "comptabilite".
fn fold(text: &str) -> String {
    deunicode::deunicode(text.trim()).to_lowercase()
}

/// A union of selectors minus others, checked against a dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    pub include: Vec<Selector>,
    pub except: Vec<Selector>,
}

impl Selection {
    /// Parses and checks `include` (none means `all`) and `except`.
    pub fn parse(
        data: &Dataset,
        include: &[String],
        except: &[String],
    ) -> Result<Selection, SelectorError> {
        let parse_all = |texts: &[String]| -> Result<Vec<Selector>, SelectorError> {
            texts
                .iter()
                .map(|t| {
                    let s = Selector::parse(t)?;
                    s.check(data, t.trim())?;
                    Ok(s)
                })
                .collect()
        };
        let mut include = parse_all(include)?;
        if include.is_empty() {
            include.push(Selector::All);
        }
        Ok(Selection {
            include,
            except: parse_all(except)?,
        })
    }

    /// The participants selected, in the order of the participants file.
    pub fn select<'a>(&self, data: &'a Dataset) -> Vec<&'a Participant> {
        data.participants
            .iter()
            .filter(|p| self.include.iter().any(|s| s.matches(data, p)))
            .filter(|p| !self.except.iter().any(|s| s.matches(data, p)))
            .collect()
    }

    /// The ids selected.
    pub fn ids(&self, data: &Dataset) -> HashSet<String> {
        self.select(data)
            .into_iter()
            .map(|p| p.id.clone())
            .collect()
    }

    /// The one session the selectors name, if they name exactly one.
    pub fn single_event(&self) -> Option<&str> {
        let events: HashSet<&str> = self
            .include
            .iter()
            .chain(&self.except)
            .filter_map(Selector::event)
            .collect();
        (events.len() == 1).then(|| events.into_iter().next().expect("one"))
    }
}

/// Who a new session invites (`schedule`, `plan --apply`): the selectors
/// of `flags` (`--invite`), else `[rotation] invite`, else `all`; their ids
/// in the order of the participants file.
pub fn invited(data: &Dataset, flags: &[String]) -> Result<Vec<String>, SelectorError> {
    let selection = invite_selection(data, flags)?;
    Ok(selection
        .select(data)
        .into_iter()
        .map(|p| p.id.clone())
        .collect())
}

fn invite_selection(data: &Dataset, flags: &[String]) -> Result<Selection, SelectorError> {
    let texts = if flags.is_empty() {
        &data.config.rotation.invite
    } else {
        flags
    };
    Selection::parse(data, texts, &[])
}

/// `data` as a session that invites [`invited`] sees it ([`restricted`]),
/// without listing anyone when the selection is every active member (`all`
/// and no exception: the usual case, which costs nothing then).
pub fn for_invited(data: Dataset, flags: &[String]) -> Result<Dataset, SelectorError> {
    let selection = invite_selection(&data, flags)?;
    let everyone = selection.except.is_empty() && selection.include.contains(&Selector::All);
    if everyone {
        return Ok(data);
    }
    let ids: Vec<String> = selection
        .select(&data)
        .into_iter()
        .map(|p| p.id.clone())
        .collect();
    Ok(restricted(&data, &ids).unwrap_or(data))
}

/// Where the selectors of [`invited`] came from, to name it in a message.
pub fn invite_source(flags: &[String]) -> &'static str {
    if flags.is_empty() {
        "[rotation] invite"
    } else {
        "--invite"
    }
}

/// The dataset as the ranking and the forecast of a session that invites
/// only `invited` see it: everyone else inactive. `None` when that is
/// every active member already (nothing to change).
pub fn restricted(data: &Dataset, invited: &[String]) -> Option<Dataset> {
    let invited: HashSet<&str> = invited.iter().map(String::as_str).collect();
    if data
        .participants
        .iter()
        .all(|p| p.active == invited.contains(p.id.as_str()))
    {
        return None;
    }
    let mut copy = data.clone();
    for p in &mut copy.participants {
        p.active = invited.contains(p.id.as_str());
    }
    copy.route_index = Default::default();
    Some(copy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, Rsvp, Status};
    use crate::testing;

    fn data() -> Dataset {
        let mut data = Dataset {
            villages: vec![
                testing::village("anduze", "Anduze", 44.055, 3.98495),
                testing::village("ales", "Alès", 44.12489, 4.08082),
                testing::village("florac", "Florac", 44.3244, 3.5936),
            ],
            venues: vec![testing::venue("mediatheque", "Médiathèque", "anduze")],
            ..Dataset::default()
        };
        let mut people = vec![
            testing::participant("a", "A", "anduze"),
            testing::participant("b", "B", "ales"),
            testing::participant("c", "C", "florac"),
            testing::participant("d", "D", "ales"),
        ];
        people[0].skills = vec!["Comptabilité".into()];
        people[1].joined = NaiveDate::from_ymd_opt(2026, 3, 1);
        people[2].joined = NaiveDate::from_ymd_opt(2020, 3, 1);
        people[3].active = false;
        data.participants = people;
        let mut rsvp = std::collections::BTreeMap::new();
        rsvp.insert(
            "b".to_string(),
            Rsvp {
                answer: Answer::No,
                at: None,
                offered: None,
                expired: false,
            },
        );
        rsvp.insert(
            "c".to_string(),
            Rsvp {
                answer: Answer::Yes,
                at: None,
                offered: None,
                expired: false,
            },
        );
        data.events = vec![Event {
            id: "2026-01-08-anduze".into(),
            date: crate::model::parse_local_datetime("2026-01-08T18:30").unwrap(),
            venue: "mediatheque".into(),
            theme: None,
            status: Status::Held,
            invited: vec!["a".into(), "b".into(), "c".into()],
            attended: vec!["a".into(), "d".into()],
            rsvp,
            sequence: 0,
            cancel_reason: None,
            previous_date: None,
        }];
        data
    }

    fn pick(data: &Dataset, include: &[&str], except: &[&str]) -> Vec<String> {
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Selection::parse(data, &strings(include), &strings(except))
            .unwrap()
            .select(data)
            .into_iter()
            .map(|p| p.id.clone())
            .collect()
    }

    #[test]
    fn each_selector_picks_its_people() {
        let d = data();
        assert_eq!(pick(&d, &[], &[]), ["a", "b", "c"]);
        assert_eq!(pick(&d, &["came:2026-01-08-anduze"], &[]), ["a", "d"]);
        assert_eq!(
            pick(&d, &["invited:2026-01-08-anduze"], &[]),
            ["a", "b", "c"]
        );
        assert_eq!(pick(&d, &["answered:2026-01-08-anduze:yes"], &[]), ["c"]);
        assert_eq!(pick(&d, &["village:ales,florac"], &[]), ["b", "c"]);
        // Anduze–Alès ≈ 10.9 km × 1.3; Florac is ≈ 45 km away as the crow flies.
        assert_eq!(pick(&d, &["near:mediatheque:20"], &[]), ["a", "b"]);
        assert_eq!(pick(&d, &["near:mediatheque:10"], &[]), ["a"]);
        assert_eq!(pick(&d, &["skill:comptabilite"], &[]), ["a"]);
        assert_eq!(pick(&d, &["since:2025-01-01"], &[]), ["b"]);
    }

    #[test]
    fn selectors_are_a_union_minus_the_exceptions() {
        let d = data();
        assert_eq!(
            pick(
                &d,
                &["came:2026-01-08-anduze", "village:florac"],
                &["skill:Comptabilité"]
            ),
            ["c", "d"]
        );
        assert_eq!(pick(&d, &["all"], &["village:ales"]), ["a", "c"]);
    }

    #[test]
    fn bad_selectors_are_explained() {
        let d = data();
        assert!(matches!(
            Selector::parse("everyone"),
            Err(SelectorError::Unknown(_))
        ));
        assert!(matches!(
            Selector::parse("near:mediatheque:far"),
            Err(SelectorError::Malformed { .. })
        ));
        assert!(matches!(
            Selector::parse("since:demain"),
            Err(SelectorError::Malformed { .. })
        ));
        assert!(matches!(
            Selector::parse("answered:x:perhaps"),
            Err(SelectorError::Malformed { .. })
        ));
        let err = Selection::parse(&d, &["came:2026-01-08-anduz".into()], &[]).unwrap_err();
        match &err {
            SelectorError::UnknownRef { hint, .. } => {
                assert_eq!(hint.as_deref(), Some("2026-01-08-anduze"));
            }
            other => panic!("{other:?}"),
        }
        let text = err.message(crate::i18n::Lang::En);
        assert!(text.contains("2026-01-08-anduze"), "{text}");
        let err = Selection::parse(&d, &["near:salle:5".into()], &[]).unwrap_err();
        assert!(matches!(
            err,
            SelectorError::UnknownRef {
                what: "what-venue",
                ..
            }
        ));
    }

    #[test]
    fn a_new_session_invites_the_flag_else_the_setting_else_everyone_active() {
        let mut d = data();
        assert_eq!(invited(&d, &[]).unwrap(), ["a", "b", "c"]);
        assert!(restricted(&d, &invited(&d, &[]).unwrap()).is_none());
        d.config.rotation.invite = vec!["village:florac".into()];
        assert_eq!(invited(&d, &[]).unwrap(), ["c"]);
        let flag = invited(&d, &["near:mediatheque:20".into()]).unwrap();
        assert_eq!(flag, ["a", "b"]);
        let seen = restricted(&d, &flag).unwrap();
        let active: Vec<&str> = seen
            .participants
            .iter()
            .filter(|p| p.active)
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(active, ["a", "b"]);
    }

    #[test]
    fn the_single_session_named() {
        let d = data();
        let s = Selection::parse(&d, &["came:2026-01-08-anduze".into()], &[]).unwrap();
        assert_eq!(s.single_event(), Some("2026-01-08-anduze"));
        let s = Selection::parse(&d, &["all".into()], &[]).unwrap();
        assert_eq!(s.single_event(), None);
    }
}
