//! The sign-in sheet (feuille d'émargement) of a session, as funders ask
//! for it: one row per expected participant, blank rows for walk-ins, a
//! signature cell per half-day. [`Sheet`] is the content and its
//! pagination, the same for both renderings: [`pdf`] (krilla, embedded
//! DejaVu Sans Condensed) and [`html`] (one self-contained printable page).
//!
//! Who is expected: those who answered yes (earliest answer first), then
//! the other invited who did not answer no, in the order of `invited`.
//! Erased people (`anon-…`) have no name and are left out.
//!
//! The session's end: the files give only its start; a session lasts
//! [`crate::mail::compose::SESSION_HOURS`] hours unless `--end` says
//! otherwise. It *spans both half-days* when it starts before noon and ends
//! after 13:00; the sheet then has a morning and an afternoon signature cell.

pub(crate) mod html;
pub(crate) mod pdf;

use chrono::{NaiveDateTime, NaiveTime, Timelike};
use serde::Serialize;

use crate::i18n::Lang;
use crate::model::{Answer, Dataset, Event};
use crate::t;

/// Participant rows on each page.
pub(crate) const ROWS_PER_PAGE: usize = 24;
/// At least this many blank rows for walk-ins; the last page is filled up.
pub(crate) const MIN_BLANK_ROWS: usize = 5;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Row {
    pub(crate) name: String,
    pub(crate) village: String,
    pub(crate) profession: String,
}

/// Everything printed on the sheet, already in the association's language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Sheet {
    #[serde(skip)]
    pub(crate) lang: Lang,
    pub(crate) association: String,
    pub(crate) event: String,
    pub(crate) theme: Option<String>,
    /// "jeudi 10 décembre 2026".
    pub(crate) date: String,
    pub(crate) start: String,
    pub(crate) end: String,
    pub(crate) venue: String,
    pub(crate) address: Option<String>,
    pub(crate) organiser: Option<String>,
    /// A morning and an afternoon signature cell.
    pub(crate) half_days: bool,
    pub(crate) rows: Vec<Row>,
    pub(crate) blank_rows: usize,
}

/// The options of `jelly sheet`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Options {
    pub(crate) organiser: Option<String>,
    pub(crate) end: Option<NaiveTime>,
}

impl Sheet {
    pub(crate) fn new(data: &Dataset, event: &Event, options: &Options) -> Sheet {
        let lang = data.config.association.language;
        let venue = data.venue(&event.venue);
        let village_name = |id: &str| {
            data.village(id)
                .map_or_else(|| id.to_string(), |v| v.name.clone())
        };
        let end = end_of(event.date, options.end);
        let half_days =
            event.date.hour() < 12 && (end.hour() > 13 || (end.hour() == 13 && end.minute() > 0));
        let position = |id: &str| event.invited.iter().position(|i| i == id);
        let mut yes: Vec<(&String, Option<NaiveDateTime>, Option<usize>)> = event
            .rsvp
            .iter()
            .filter(|(_, r)| r.answer == Answer::Yes)
            .map(|(id, r)| (id, r.at, position(id)))
            .collect();
        yes.sort_by_key(|&(id, at, pos)| (at.is_none(), at, pos, id.clone()));
        let mut ids: Vec<&String> = yes.into_iter().map(|(id, _, _)| id).collect();
        ids.extend(event.invited.iter().filter(|id| {
            event
                .rsvp
                .get(*id)
                .is_none_or(|r| r.answer == Answer::Maybe)
        }));
        let participants: std::collections::HashMap<&str, &crate::model::Participant> = data
            .participants
            .iter()
            .map(|p| (p.id.as_str(), p))
            .collect();
        let mut rows: Vec<Row> = ids
            .into_iter()
            .filter_map(|id| participants.get(id.as_str()))
            .map(|p| Row {
                name: p.name.clone(),
                village: village_name(&p.village),
                profession: p.profession.clone().unwrap_or_default(),
            })
            .collect();
        // The waiting list last, in queue order, each with their number.
        for (i, id) in crate::waitlist::queue(event).iter().enumerate() {
            if let Some(p) = participants.get(id.as_str()) {
                rows.push(Row {
                    name: t!(
                        lang,
                        "waitlist-sheet-name",
                        name = p.name.clone(),
                        position = i + 1
                    ),
                    village: village_name(&p.village),
                    profession: p.profession.clone().unwrap_or_default(),
                });
            }
        }
        let pages = (rows.len() + MIN_BLANK_ROWS).div_ceil(ROWS_PER_PAGE).max(1);
        let blank_rows = pages * ROWS_PER_PAGE - rows.len();
        Sheet {
            lang,
            association: data.config.association.name.clone(),
            event: event.id.clone(),
            theme: event.theme.clone(),
            date: crate::mail::compose::long_date(lang, event.date),
            start: event.date.format("%H:%M").to_string(),
            end: end.format("%H:%M").to_string(),
            venue: venue.map_or_else(|| event.venue.clone(), |v| v.name.clone()),
            address: venue.map(|v| match &v.address {
                Some(address) => address.clone(),
                None => village_name(&v.village),
            }),
            organiser: options.organiser.clone().or_else(|| {
                data.config
                    .mail
                    .from
                    .parse::<lettre::message::Mailbox>()
                    .ok()
                    .and_then(|m| m.name)
            }),
            half_days,
            rows,
            blank_rows,
        }
    }

    /// Rows of all kinds (named, then blank), page by page.
    pub(crate) fn pages(&self) -> usize {
        (self.rows.len() + self.blank_rows)
            .div_ceil(ROWS_PER_PAGE)
            .max(1)
    }

    /// A text of the catalogs, in the association's language.
    pub(crate) fn text(&self, key: &str) -> String {
        t!(self.lang, key)
    }

    /// "jeudi 10 décembre 2026, de 18:30 à 21:30".
    pub(crate) fn when(&self) -> String {
        t!(
            self.lang,
            "sheet-when",
            date = self.date,
            start = self.start,
            end = self.end
        )
    }

    /// "Lieu : Télécentre d'Alès, 12 rue …".
    pub(crate) fn place(&self) -> String {
        let place = match &self.address {
            Some(address) => format!("{}, {}", self.venue, address),
            None => self.venue.clone(),
        };
        t!(self.lang, "sheet-venue", place = place)
    }

    /// "Organisateur ou intervenant : …".
    pub(crate) fn organiser_line(&self) -> String {
        t!(
            self.lang,
            "sheet-organiser",
            name = self.organiser.clone().unwrap_or_default()
        )
    }

    /// "1/3".
    pub(crate) fn page_label(&self, page: usize) -> String {
        t!(self.lang, "sheet-page", page = page, pages = self.pages())
    }

    /// The column titles: N°, name, village, profession, then one or two
    /// signature columns.
    pub(crate) fn columns(&self) -> Vec<String> {
        let mut columns: Vec<String> = [
            "sheet-col-number",
            "sheet-col-name",
            "sheet-col-village",
            "sheet-col-profession",
        ]
        .iter()
        .map(|k| self.text(k))
        .collect();
        if self.half_days {
            columns.push(self.text("sheet-col-morning"));
            columns.push(self.text("sheet-col-afternoon"));
        } else {
            columns.push(self.text("sheet-col-signature"));
        }
        columns
    }
}

/// The end of a session starting at `start`: `end` on the same day if given,
/// else `SESSION_HOURS` later.
pub(crate) fn end_of(start: NaiveDateTime, end: Option<NaiveTime>) -> NaiveTime {
    match end {
        Some(end) => end,
        None => (start + chrono::Duration::hours(crate::mail::compose::SESSION_HOURS)).time(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{parse_local_datetime, Rsvp, Status};

    fn data(n: usize) -> (Dataset, Event) {
        let participants = (0..n)
            .map(|i| {
                crate::testing::participant(&format!("p{i}"), &format!("Personne {i}"), "ales")
            })
            .collect();
        let data = Dataset {
            participants,
            ..Dataset::default()
        };
        let event = Event {
            id: "2026-12-10-ales".into(),
            date: parse_local_datetime("2026-12-10T18:30").unwrap(),
            venue: "v".into(),
            theme: None,
            status: Status::Planned,
            invited: (0..n).map(|i| format!("p{i}")).collect(),
            attended: vec![],
            rsvp: Default::default(),
            sequence: 0,
            cancel_reason: None,
            previous_date: None,
        };
        (data, event)
    }

    #[test]
    fn yes_first_then_the_undecided_without_the_no() {
        let (data, mut event) = data(5);
        let rsvp = |answer, at: &str| Rsvp {
            answer,
            at: parse_local_datetime(at),
            offered: None,
            expired: false,
        };
        event
            .rsvp
            .insert("p3".into(), rsvp(Answer::Yes, "2026-12-02T10:00"));
        event
            .rsvp
            .insert("p4".into(), rsvp(Answer::Yes, "2026-12-01T10:00"));
        event
            .rsvp
            .insert("p1".into(), rsvp(Answer::No, "2026-12-01T10:00"));
        event
            .rsvp
            .insert("p2".into(), rsvp(Answer::Maybe, "2026-12-01T10:00"));
        event.invited.push("anon-1234abcd".into());
        let sheet = Sheet::new(&data, &event, &Options::default());
        let names: Vec<&str> = sheet.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            ["Personne 4", "Personne 3", "Personne 0", "Personne 2"]
        );
        assert_eq!(sheet.end, "21:30");
        assert!(!sheet.half_days);
        assert_eq!(sheet.pages(), 1);
        assert_eq!(sheet.rows.len() + sheet.blank_rows, ROWS_PER_PAGE);
    }

    #[test]
    fn pages_and_half_days() {
        let (data, mut event) = data(80);
        // 80 people + at least 5 blank rows = 85 rows: 4 pages of 24.
        let sheet = Sheet::new(&data, &event, &Options::default());
        assert_eq!(sheet.pages(), 4);
        assert_eq!(sheet.blank_rows, 16);
        event.date = parse_local_datetime("2026-12-10T10:30").unwrap();
        assert!(Sheet::new(&data, &event, &Options::default()).half_days);
        let morning = Options {
            end: NaiveTime::from_hms_opt(12, 30, 0),
            ..Options::default()
        };
        assert!(!Sheet::new(&data, &event, &morning).half_days);
    }
}
