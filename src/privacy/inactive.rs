//! `jelly participants --inactive-since 3y`: the people who answered no
//! invitation and came to no session since a date — the CNIL's usual
//! retention period for contacts is three years from the last contact —
//! to review, then forget.
//!
//! A person's *last sign of life* is the latest of: the day they joined,
//! the day of an answer (its `at`, else the session's date), the date of a
//! session they came to. They are inactive when it is before the cut-off
//! date, or when there is none at all.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::Dataset;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Inactive {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) village: String,
    /// Their last sign of life; null when none is known.
    pub(crate) last_seen: Option<NaiveDate>,
}

/// The participants with no sign of life on or after `cutoff`, the longest
/// silent first (those with none at all first of all).
pub(crate) fn inactive_since(data: &Dataset, cutoff: NaiveDate) -> Vec<Inactive> {
    let mut last: HashMap<&str, NaiveDate> = HashMap::new();
    fn seen<'a>(last: &mut HashMap<&'a str, NaiveDate>, id: &'a str, date: NaiveDate) {
        let entry = last.entry(id).or_insert(date);
        if date > *entry {
            *entry = date;
        }
    }
    for p in &data.participants {
        if let Some(joined) = p.joined {
            seen(&mut last, &p.id, joined);
        }
    }
    for event in &data.events {
        for id in &event.attended {
            seen(&mut last, id, event.date.date());
        }
        for (id, rsvp) in &event.rsvp {
            seen(&mut last, id, rsvp.at.unwrap_or(event.date).date());
        }
    }
    let mut found: Vec<Inactive> = data
        .participants
        .iter()
        .filter_map(|p| {
            let last_seen = last.get(p.id.as_str()).copied();
            (last_seen.is_none_or(|d| d < cutoff)).then(|| Inactive {
                id: p.id.clone(),
                name: p.name.clone(),
                village: p.village.clone(),
                last_seen,
            })
        })
        .collect();
    found.sort_by(|a, b| a.last_seen.cmp(&b.last_seen).then_with(|| a.id.cmp(&b.id)));
    found
}
