//! Dates, times, weekdays and answers as people type them on the command
//! line, in French or in English: the ONE parser every flag that reads a
//! date, a time, a weekday or an answer goes through (`--date`, `--from`,
//! `--to`, `--now`, `--end`, `rsvp … oui`), so a flag added later gets the
//! same forms.
//!
//! Dates: ISO 8601 (`2027-01-14`, `2027-01-14T18:30`) and the French way
//! (`14/01/2027`, `14/01/27`, `14.01.2027`, `14 janvier 2027`, `jeudi 14
//! janvier 2027`), optionally followed by a time (`18h30`, `18h`, `18:30`,
//! `à 18h30`). A slash date is always read day first: `01/02/2027` is the
//! 1st of February. Without its year (`14 janvier`, `jeudi 14 janvier`,
//! `14/01`) a date is the first such day from today on. A time alone
//! (`18h`) is that time `today`.
//!
//! Hand-written rather than a natural-language date crate: the forms are few
//! and fixed, must be exactly the documented ones (no guessing "next
//! friday"), and must read day-first, which the general crates make a
//! setting of a much larger grammar.
//!
//! Data files stay strict ISO 8601 ([`super::parse_local_datetime`]).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use super::Answer;

/// A date (and maybe a time) typed by a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Typed {
    pub at: NaiveDateTime,
    /// Whether a time was written (else `at` is midnight).
    pub time_given: bool,
}

const MONTHS: &[(&[&str], u32)] = &[
    (&["janvier", "janv", "january", "jan"], 1),
    (
        &["février", "fevrier", "févr", "fevr", "february", "feb"],
        2,
    ),
    (&["mars", "march", "mar"], 3),
    (&["avril", "avr", "april", "apr"], 4),
    (&["mai", "may"], 5),
    (&["juin", "june", "jun"], 6),
    (&["juillet", "juil", "july", "jul"], 7),
    (&["août", "aout", "august", "aug"], 8),
    (&["septembre", "sept", "september", "sep"], 9),
    (&["octobre", "oct", "october"], 10),
    (&["novembre", "nov", "november"], 11),
    (&["décembre", "decembre", "déc", "dec", "december"], 12),
];

/// A weekday written in French or English, whole or abbreviated, any case:
/// `jeudi`, `jeu`, `Thursday`, `thu`.
pub fn parse_weekday(text: &str) -> Option<Weekday> {
    let word = text.trim().trim_end_matches('.').to_lowercase();
    let days: [(&[&str], Weekday); 7] = [
        (&["lundi", "lun", "monday", "mon"], Weekday::Mon),
        (&["mardi", "mar", "tuesday", "tue", "tues"], Weekday::Tue),
        (&["mercredi", "mer", "wednesday", "wed"], Weekday::Wed),
        (&["jeudi", "jeu", "thursday", "thu", "thurs"], Weekday::Thu),
        (&["vendredi", "ven", "friday", "fri"], Weekday::Fri),
        (&["samedi", "sam", "saturday", "sat"], Weekday::Sat),
        (&["dimanche", "dim", "sunday", "sun"], Weekday::Sun),
    ];
    days.iter()
        .find(|(names, _)| names.contains(&word.as_str()))
        .map(|(_, day)| *day)
}

/// An answer to an invitation: `oui|non|peut-être` (also `peut-etre`,
/// `pe`, `p`) or `yes|no|maybe`, in either language, any case.
pub fn parse_answer(text: &str) -> Option<Answer> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "y" | "oui" | "o" => Some(Answer::Yes),
        "no" | "n" | "non" => Some(Answer::No),
        "maybe" | "m" | "peut-être" | "peut-etre" | "peutetre" | "peut être" | "peut etre"
        | "pe" | "p" => Some(Answer::Maybe),
        _ => None,
    }
}

/// A time of day: `18h30`, `18h`, `18 h 30`, `18:30`, `18:30:15`, `6pm`
/// is not taken (jelly speaks 24 hours).
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let compact: String = text.trim().chars().filter(|c| !c.is_whitespace()).collect();
    let lower = compact.to_lowercase();
    if let Some((hours, minutes)) = lower.split_once('h') {
        let hours: u32 = digits(hours, 2)?;
        let minutes: u32 = if minutes.is_empty() {
            0
        } else {
            digits(minutes, 2).filter(|_| minutes.len() == 2)?
        };
        return NaiveTime::from_hms_opt(hours, minutes, 0);
    }
    let parts: Vec<&str> = lower.split(':').collect();
    match parts.as_slice() {
        [h, m] if m.len() == 2 => NaiveTime::from_hms_opt(digits(h, 2)?, digits(m, 2)?, 0),
        [h, m, s] if m.len() == 2 && s.len() == 2 => {
            NaiveTime::from_hms_opt(digits(h, 2)?, digits(m, 2)?, digits(s, 2)?)
        }
        _ => None,
    }
}

/// `text` as a number of at most `max_len` ASCII digits.
fn digits(text: &str, max_len: usize) -> Option<u32> {
    if text.is_empty() || text.len() > max_len || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A date alone: ISO `2027-01-14`, `14/01/2027`, `14/01/27`, `14.01.2027`,
/// `14-01-2027`, `14 janvier 2027` (a weekday before it is allowed and
/// must match).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        if text.len() == 10 {
            return Some(date);
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        [one] => numeric_day_first(one),
        [weekday, rest @ ..] if parse_weekday(weekday).is_some() => {
            let date = parse_date(&rest.join(" "))?;
            (Some(date.weekday_of()) == parse_weekday(weekday)).then_some(date)
        }
        [day, month, year] => {
            let day = digits(day.trim_end_matches("er"), 2)?;
            NaiveDate::from_ymd_opt(year_of(year)?, month_of(month)?, day)
        }
        _ => None,
    }
}

/// A date as [`parse_date`] reads it, or without its year (`14 janvier`,
/// `jeudi 14 janvier`, `14/01`): then the first such day from `today` on,
/// within the coming year (a weekday before it must match that day).
pub fn parse_date_near(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    if let Some(date) = parse_date(text) {
        return Some(date);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let (weekday, rest) = match words.as_slice() {
        [first, rest @ ..] if parse_weekday(first).is_some() => (parse_weekday(first), rest),
        _ => (None, words.as_slice()),
    };
    let (day, month) = match rest {
        [day_month] => {
            let separator = ['/', '.'].into_iter().find(|s| day_month.contains(*s))?;
            let (day, month) = day_month.split_once(separator)?;
            (digits(day, 2)?, digits(month, 2)?)
        }
        [day, month] => (digits(day.trim_end_matches("er"), 2)?, month_of(month)?),
        _ => return None,
    };
    let year = chrono::Datelike::year(&today);
    let date = [year, year + 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .find(|date| *date >= today)?;
    match weekday {
        Some(weekday) if date.weekday_of() != weekday => None,
        _ => Some(date),
    }
}

/// A month written in French or English, whole or abbreviated, any case.
fn month_of(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    MONTHS
        .iter()
        .find(|(names, _)| names.contains(&word.as_str()))
        .map(|(_, month)| *month)
}

trait WeekdayOf {
    fn weekday_of(self) -> Weekday;
}

impl WeekdayOf for NaiveDate {
    fn weekday_of(self) -> Weekday {
        chrono::Datelike::weekday(&self)
    }
}

/// A four-digit year, or two digits meaning 20xx.
fn year_of(text: &str) -> Option<i32> {
    match text.len() {
        4 => digits(text, 4).and_then(|y| i32::try_from(y).ok()),
        2 => digits(text, 2).and_then(|y| i32::try_from(2000 + y).ok()),
        _ => None,
    }
}

/// `DD/MM/YYYY` (or with `.` or `-`), day first.
fn numeric_day_first(text: &str) -> Option<NaiveDate> {
    let separator = ['/', '.', '-'].into_iter().find(|s| text.contains(*s))?;
    let parts: Vec<&str> = text.split(separator).collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    if day.len() > 2 {
        return None; // 2027-01-14 was read above
    }
    NaiveDate::from_ymd_opt(year_of(year)?, digits(month, 2)?, digits(day, 2)?)
}

/// A date and maybe a time, as typed on the command line (see the module
/// documentation); a time alone is that time on `today`.
pub fn parse_datetime(text: &str, today: NaiveDate) -> Option<Typed> {
    let text = text.trim();
    if text.is_empty() || text.len() > 100 {
        return None;
    }
    if let Some(at) = super::parse_local_datetime(text) {
        return Some(Typed {
            at,
            time_given: text.len() > 10,
        });
    }
    if let Some(date) = parse_date_near(text, today) {
        return Some(Typed {
            at: date.and_time(NaiveTime::MIN),
            time_given: false,
        });
    }
    if let Some(time) = parse_time(text) {
        return Some(Typed {
            at: today.and_time(time),
            time_given: true,
        });
    }
    // A date, then a time: the last word (or the part after a `T`).
    let (date_part, time_part) = match text.rsplit_once(char::is_whitespace) {
        Some((date, time)) => (date.trim(), time),
        None => text.split_once('T')?,
    };
    let date_part = date_part
        .strip_suffix(" à")
        .or_else(|| date_part.strip_suffix(" a"))
        .or_else(|| date_part.strip_suffix(" at"))
        .unwrap_or(date_part);
    let date = parse_date_near(date_part, today)?;
    let time = parse_time(time_part)?;
    Some(Typed {
        at: date.and_time(time),
        time_given: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
    }

    fn parsed(text: &str) -> Option<NaiveDateTime> {
        parse_datetime(text, today()).map(|t| t.at)
    }

    #[test]
    fn french_dates_and_times_alongside_iso() {
        let evening = Some(at("2027-01-14T18:30"));
        for text in [
            "2027-01-14T18:30",
            "2027-01-14 18:30",
            "2027-01-14 18h30",
            "14/01/2027 18h30",
            "14/01/2027 à 18h30",
            "14/01/2027 18:30",
            "14/01/27 18h30",
            "14.01.2027 18h30",
            "14 janvier 2027 18h30",
            "jeudi 14 janvier 2027 à 18h30",
            "14 jan 2027 at 18:30",
            "2027-01-14T18h30",
        ] {
            assert_eq!(parsed(text), evening, "{text}");
        }
        assert_eq!(parsed("14/01/2027"), Some(at("2027-01-14T00:00")));
        assert_eq!(parsed("1er janvier 2027"), Some(at("2027-01-01T00:00")));
        assert_eq!(parsed("18h"), Some(at("2026-12-04T18:00")));
        assert_eq!(parsed("2027-01-14 18h"), Some(at("2027-01-14T18:00")));
        assert!(!parse_datetime("14/01/2027", today()).unwrap().time_given);
        assert!(
            parse_datetime("14/01/2027 18h", today())
                .unwrap()
                .time_given
        );
    }

    /// Today is Friday 4 December 2026: a date without its year is the
    /// next such day, this year or the next.
    #[test]
    fn dates_without_their_year_are_the_next_such_day() {
        assert_eq!(parsed("14 janvier"), Some(at("2027-01-14T00:00")));
        assert_eq!(parsed("jeudi 14 janvier"), Some(at("2027-01-14T00:00")));
        assert_eq!(
            parsed("jeudi 14 janvier à 18h30"),
            Some(at("2027-01-14T18:30"))
        );
        assert_eq!(parsed("14/01 18h30"), Some(at("2027-01-14T18:30")));
        assert_eq!(parsed("1er janv."), Some(at("2027-01-01T00:00")));
        assert_eq!(parsed("10 décembre"), Some(at("2026-12-10T00:00")));
        assert_eq!(
            parsed("4 décembre"),
            Some(at("2026-12-04T00:00")),
            "today counts"
        );
        assert_eq!(parsed("3 décembre"), Some(at("2027-12-03T00:00")));
        assert_eq!(parsed("29/02"), None, "no 29 February within a year");
        assert_eq!(parsed("mercredi 14 janvier"), None, "a Thursday");
        assert_eq!(parsed("14/13"), None);
        assert_eq!(parsed("32 janvier"), None);
        assert_eq!(parsed("14"), None);
    }

    #[test]
    fn slash_dates_are_read_day_first() {
        assert_eq!(parsed("01/02/2027"), Some(at("2027-02-01T00:00")));
        assert_eq!(parsed("13/01/2027"), Some(at("2027-01-13T00:00")));
        // No month 13: never silently swapped.
        assert_eq!(parsed("01/13/2027"), None);
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in [
            "",
            "demain",
            "32/01/2027",
            "14/01/2027 25h",
            "14/01/2027 18h7",
            "mercredi 14 janvier 2027", // a Thursday
            "14 floréal 2027",
            "18h30x",
            "1/1/1",
        ] {
            assert_eq!(parsed(bad), None, "{bad}");
        }
    }

    #[test]
    fn weekdays_in_both_languages() {
        assert_eq!(parse_weekday("jeudi"), Some(Weekday::Thu));
        assert_eq!(parse_weekday("Jeu."), Some(Weekday::Thu));
        assert_eq!(parse_weekday("thursday"), Some(Weekday::Thu));
        assert_eq!(parse_weekday("DIMANCHE"), Some(Weekday::Sun));
        assert_eq!(parse_weekday("jour"), None);
    }

    #[test]
    fn answers_in_both_languages() {
        for (text, answer) in [
            ("oui", Answer::Yes),
            ("OUI", Answer::Yes),
            ("yes", Answer::Yes),
            ("non", Answer::No),
            ("no", Answer::No),
            ("peut-être", Answer::Maybe),
            ("Peut-Être", Answer::Maybe),
            ("peut-etre", Answer::Maybe),
            ("pe", Answer::Maybe),
            ("maybe", Answer::Maybe),
        ] {
            assert_eq!(parse_answer(text), Some(answer), "{text}");
        }
        assert_eq!(parse_answer("bof"), None);
    }

    #[test]
    fn times_of_day() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(parse_time("18h30"), t(18, 30));
        assert_eq!(parse_time("18 h 30"), t(18, 30));
        assert_eq!(parse_time("9h"), t(9, 0));
        assert_eq!(parse_time("21:45"), t(21, 45));
        assert_eq!(parse_time("24h"), None);
        assert_eq!(parse_time("h30"), None);
    }
}
