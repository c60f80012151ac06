//! The one duration syntax of jelly, as jiff and humantime write it: a whole
//! number then a unit, `m` minutes, `h` hours, `d` days, `w` weeks, `mo`
//! (calendar) months. Used by `[mail] reminders` (offsets before a session)
//! and by `[rotation] every` / `plan --every` (spacing of a season).
//!
//! Before this module `m` meant months in `plan --every`; a spacing written
//! `1m` is now refused with [`DurationError::MinutesForMonths`], whose
//! message suggests `1mo`.

use std::fmt;

use chrono::{Months, NaiveDateTime};
use serde::Serialize;

use crate::i18n::Lang;
use crate::t;

/// The unit of a [`Span`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Minutes,
    Hours,
    Days,
    Weeks,
    /// Calendar months: the same day of the month, or the month's last day.
    Months,
}

impl Unit {
    /// The suffix written after the number: `m`, `h`, `d`, `w`, `mo`.
    pub fn suffix(self) -> &'static str {
        match self {
            Unit::Minutes => "m",
            Unit::Hours => "h",
            Unit::Days => "d",
            Unit::Weeks => "w",
            Unit::Months => "mo",
        }
    }

    /// The unit a suffix names: the short forms, or a word in French or
    /// English (`6 semaines`, `1 mois`, `3 jours`, `2 weeks`).
    fn from_suffix(suffix: &str) -> Option<Unit> {
        let word = suffix.trim();
        match word {
            "m" | "min" | "mn" => return Some(Unit::Minutes),
            "h" => return Some(Unit::Hours),
            "d" | "j" => return Some(Unit::Days),
            "w" | "sem" => return Some(Unit::Weeks),
            "mo" => return Some(Unit::Months),
            _ => {}
        }
        if word.chars().count() < 3 {
            return None; // `1M`: a single capital is not guessed
        }
        match word.to_lowercase().as_str() {
            "minute" | "minutes" => Some(Unit::Minutes),
            "heure" | "heures" | "hour" | "hours" => Some(Unit::Hours),
            "jour" | "jours" | "day" | "days" => Some(Unit::Days),
            "semaine" | "semaines" | "week" | "weeks" => Some(Unit::Weeks),
            "mois" | "month" | "months" => Some(Unit::Months),
            _ => None,
        }
    }
}

/// A duration as a person writes it: `7d`, `36h`, `30m`, `6w`, `2mo`.
/// Displays (and serialises) in its canonical form, e.g. `6w`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub count: u32,
    pub unit: Unit,
}

/// Why a duration text was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DurationError {
    /// Not a number followed by a known unit (`7x`, `d`, `-3d`).
    Malformed,
    /// A known unit this setting does not take (months for a reminder,
    /// minutes or hours for a season's spacing).
    UnitNotAllowed,
    /// Zero where a spacing or an offset must be positive.
    Zero,
    /// `Nm` where months are meant: `suggestion` is `Nmo`.
    MinutesForMonths { suggestion: String },
}

impl Span {
    pub fn new(count: u32, unit: Unit) -> Span {
        Span { count, unit }
    }

    /// Any duration of the syntax, zero included.
    pub fn parse(text: &str) -> Result<Span, DurationError> {
        let text = text.trim();
        let split = text
            .find(|c: char| !c.is_ascii_digit())
            .ok_or(DurationError::Malformed)?;
        let (number, suffix) = text.split_at(split);
        let count: u32 = number.parse().map_err(|_| DurationError::Malformed)?;
        let unit = Unit::from_suffix(suffix).ok_or(DurationError::Malformed)?;
        Ok(Span { count, unit })
    }

    /// A reminder offset (`[mail] reminders`): positive, in minutes, hours,
    /// days or weeks (a month has no fixed length).
    pub fn parse_offset(text: &str) -> Result<Span, DurationError> {
        let span = Span::parse(text)?;
        if span.unit == Unit::Months {
            return Err(DurationError::UnitNotAllowed);
        }
        if span.count == 0 {
            return Err(DurationError::Zero);
        }
        Ok(span)
    }

    /// The spacing of a season's sessions (`plan --every`, `[rotation]
    /// every`): positive, in days, weeks or months. `1m` is refused with a
    /// suggestion of `1mo`, since `m` meant months here before.
    pub fn parse_spacing(text: &str) -> Result<Span, DurationError> {
        let span = Span::parse(text)?;
        match span.unit {
            Unit::Minutes => {
                return Err(DurationError::MinutesForMonths {
                    suggestion: format!("{}mo", span.count),
                })
            }
            Unit::Hours => return Err(DurationError::UnitNotAllowed),
            Unit::Days | Unit::Weeks | Unit::Months => {}
        }
        if span.count == 0 {
            return Err(DurationError::Zero);
        }
        Ok(span)
    }

    /// The fixed length of the span; `None` for months (their length
    /// depends on the date: use [`Span::after`]).
    pub fn fixed(self) -> Option<chrono::Duration> {
        let n = i64::from(self.count);
        match self.unit {
            Unit::Minutes => Some(chrono::Duration::minutes(n)),
            Unit::Hours => Some(chrono::Duration::hours(n)),
            Unit::Days => Some(chrono::Duration::days(n)),
            Unit::Weeks => Some(chrono::Duration::weeks(n)),
            Unit::Months => None,
        }
    }

    /// `from` plus `times` spans (calendar months for `mo`); `None` past the
    /// end of the calendar.
    pub fn after(self, from: NaiveDateTime, times: u32) -> Option<NaiveDateTime> {
        match self.unit {
            Unit::Months => self
                .count
                .checked_mul(times)
                .and_then(|m| from.checked_add_months(Months::new(m))),
            _ => {
                let step = self.fixed()?;
                from.checked_add_signed(step.checked_mul(i32::try_from(times).ok()?)?)
            }
        }
    }
}

/// The message for a spacing (`plan --every`, `[rotation] every`) that
/// [`Span::parse_spacing`] refused.
pub fn spacing_error_message(lang: Lang, text: &str, error: &DurationError) -> String {
    match error {
        DurationError::MinutesForMonths { suggestion } => t!(
            lang,
            "duration-minutes-for-months",
            value = text.trim(),
            suggestion = suggestion
        ),
        _ => t!(lang, "plan-bad-every", value = text.trim()),
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.count, self.unit.suffix())
    }
}

impl Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap()
    }

    #[test]
    fn one_syntax_m_minutes_mo_months() {
        assert_eq!(Span::parse("30m"), Ok(Span::new(30, Unit::Minutes)));
        assert_eq!(Span::parse("30min"), Ok(Span::new(30, Unit::Minutes)));
        assert_eq!(Span::parse("3h"), Ok(Span::new(3, Unit::Hours)));
        assert_eq!(Span::parse(" 7d "), Ok(Span::new(7, Unit::Days)));
        assert_eq!(Span::parse("6w"), Ok(Span::new(6, Unit::Weeks)));
        assert_eq!(Span::parse("2mo"), Ok(Span::new(2, Unit::Months)));
        // In words, French or English.
        assert_eq!(Span::parse("6 semaines"), Ok(Span::new(6, Unit::Weeks)));
        assert_eq!(Span::parse("1 mois"), Ok(Span::new(1, Unit::Months)));
        assert_eq!(Span::parse("3 jours"), Ok(Span::new(3, Unit::Days)));
        assert_eq!(Span::parse("7 d"), Ok(Span::new(7, Unit::Days)));
        assert_eq!(Span::parse("2 Weeks"), Ok(Span::new(2, Unit::Weeks)));
        assert_eq!(Span::parse("36 heures"), Ok(Span::new(36, Unit::Hours)));
        for bad in ["", "d", "7", "7x", "-3d", "1.5d", "1M", "2 semainee"] {
            assert_eq!(Span::parse(bad), Err(DurationError::Malformed), "{bad}");
        }
    }

    #[test]
    fn offsets_are_positive_and_fixed() {
        assert_eq!(
            Span::parse_offset("1d").unwrap().fixed(),
            Some(chrono::Duration::days(1))
        );
        assert_eq!(
            Span::parse_offset("30m").unwrap().fixed(),
            Some(chrono::Duration::minutes(30))
        );
        assert_eq!(Span::parse_offset("0d"), Err(DurationError::Zero));
        assert_eq!(
            Span::parse_offset("1mo"),
            Err(DurationError::UnitNotAllowed)
        );
    }

    #[test]
    fn spacings_refuse_minutes_and_name_months() {
        assert_eq!(Span::parse_spacing("6w"), Ok(Span::new(6, Unit::Weeks)));
        assert_eq!(Span::parse_spacing("1mo"), Ok(Span::new(1, Unit::Months)));
        assert_eq!(
            Span::parse_spacing("1m"),
            Err(DurationError::MinutesForMonths {
                suggestion: "1mo".to_string()
            })
        );
        assert_eq!(
            Span::parse_spacing("3h"),
            Err(DurationError::UnitNotAllowed)
        );
        assert_eq!(Span::parse_spacing("0w"), Err(DurationError::Zero));
        assert_eq!(Span::parse_spacing("3y"), Err(DurationError::Malformed));
    }

    #[test]
    fn displays_and_serialises_canonically() {
        assert_eq!(Span::parse("30min").unwrap().to_string(), "30m");
        assert_eq!(Span::parse("2mo").unwrap().to_string(), "2mo");
        assert_eq!(
            serde_json::to_string(&Span::new(6, Unit::Weeks)).unwrap(),
            "\"6w\""
        );
    }

    #[test]
    fn months_follow_the_calendar_and_weeks_are_fixed() {
        let from = at("2026-01-31T18:30");
        let monthly = Span::new(1, Unit::Months);
        assert_eq!(monthly.after(from, 1), Some(at("2026-02-28T18:30")));
        assert_eq!(monthly.after(from, 2), Some(at("2026-03-31T18:30")));
        assert_eq!(
            Span::new(6, Unit::Weeks).after(from, 2),
            Some(at("2026-04-25T18:30"))
        );
        assert_eq!(monthly.after(from, 0), Some(from));
    }
}
