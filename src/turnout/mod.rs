//! Turnout forecast: how many of the invited will come to a session at a
//! given venue, learned from the association's own history (who was
//! invited, who came, from how far). See [`model`] for the statistics and
//! docs/rotation.md for the plain-words version.
//!
//! - [`learn`] fits the model on the held sessions before a date, or falls
//!   back to each person's past attendance rate when there are fewer than
//!   [`MIN_SESSIONS`] of them.
//! - [`venue_turnouts`] scores every venue at once (grouped by village, as
//!   the ranking does), for `next` and `plan`.
//! - [`forecast`] scores one scheduled session, counting the answers
//!   already received.
//! - [`calibration`] checks the model against what happened, leaving each
//!   session out in turn.

pub mod interval;
pub mod model;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use rayon::prelude::*;
use serde::Serialize;

use crate::model::{Answer, Dataset, Event, Status};
use crate::rotation::distance::{routes, travel_km, Routes};

pub use interval::{turnout, Turnout};
pub use model::{Fit, Observation};

/// With fewer held sessions than this, the forecast rests mostly on the
/// prior (`[rotation] expected_turnout_rate`, `turnout_odds_per_10_km`):
/// a venue's capacity below its expected turnout is then a warning, not an
/// exclusion. The fit itself blends prior and data at every size.
pub const MIN_SESSIONS: usize = 4;

/// The interval's coverage: 80 %, from the 10th to the 90th percentile.
pub const COVERAGE: f64 = 0.8;

/// Prior for "came, having answered yes": as if 9 of 10 earlier yeses came.
const YES_PRIOR: (f64, f64) = (9.0, 10.0);

/// What the forecast rests on: always the distance model, blending the
/// prior and the association's history; `Prior` while fewer than
/// [`MIN_SESSIONS`] held sessions back it (the prior weighs most).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Basis {
    /// The distance model, backed by enough of the association's sessions.
    Model {
        intercept: f64,
        per_10_km: f64,
        person_variance: f64,
    },
    /// Too little history: the same model, resting mostly on the prior.
    Prior {
        intercept: f64,
        per_10_km: f64,
        person_variance: f64,
    },
}

/// A learned turnout model for sessions after a date.
#[derive(Debug, Clone)]
pub struct TurnoutModel {
    pub basis: Basis,
    fit: Fit,
    /// Participant id → index into the fit's person effects.
    person: HashMap<String, usize>,
    /// P(came | answered yes), with a prior.
    pub yes_rate: f64,
    /// The "yes" answers of the history, and how many of their authors came.
    pub yes_answers: usize,
    pub yes_came: usize,
    pub sessions: usize,
    pub observations: usize,
    pub people: usize,
}

/// The invitations of the held sessions before `date` (all of them with
/// `None`), as observations, with the person index they use.
pub fn observations<'a>(
    data: &'a Dataset,
    before: Option<NaiveDateTime>,
    routes: &Routes,
) -> (Vec<(Observation, &'a Event)>, HashMap<String, usize>) {
    let events = held(data, before);
    // Lookups by id, built for the invited only (a national set has 100,000
    // participants and a few thousand invitations).
    let invited: HashSet<&str> = events
        .iter()
        .flat_map(|e| e.invited.iter().map(String::as_str))
        .collect();
    let homes: HashMap<&str, (&crate::model::Participant, &crate::model::Village)> = {
        let villages: HashMap<&str, &crate::model::Village> =
            data.villages.iter().map(|v| (v.id.as_str(), v)).collect();
        data.participants
            .iter()
            .filter(|p| invited.contains(p.id.as_str()))
            .filter_map(|p| {
                villages
                    .get(p.village.as_str())
                    .map(|v| (p.id.as_str(), (p, *v)))
            })
            .collect()
    };
    let mut person: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for event in events {
        let Some(venue) = data.venue(&event.venue) else {
            continue;
        };
        let Some(point) = data.venue_point(venue) else {
            continue;
        };
        let attended: HashSet<&str> = event.attended.iter().map(String::as_str).collect();
        for id in &event.invited {
            // An erased or unknown person: no home, no distance.
            let Some(&(_, village)) = homes.get(id.as_str()) else {
                continue;
            };
            let km = travel_km(
                routes,
                data.config.rotation.detour_factor,
                village,
                venue,
                point,
            );
            let next = person.len();
            let index = *person.entry(id.clone()).or_insert(next);
            out.push((
                Observation {
                    person: index,
                    km,
                    came: attended.contains(id.as_str()),
                },
                event,
            ));
        }
    }
    (out, person)
}

/// Held sessions before `before`, in date order.
fn held(data: &Dataset, before: Option<NaiveDateTime>) -> Vec<&Event> {
    let mut events: Vec<&Event> = data
        .events
        .iter()
        .filter(|e| e.status == Status::Held && before.is_none_or(|d| e.date < d))
        .collect();
    events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    events
}

/// Learns the model from the held sessions before `before`.
pub fn learn(data: &Dataset, before: NaiveDateTime) -> TurnoutModel {
    let index = routes(data);
    learn_with(data, Some(before), &index, None)
}

fn learn_with(
    data: &Dataset,
    before: Option<NaiveDateTime>,
    routes: &Routes,
    leave_out: Option<&str>,
) -> TurnoutModel {
    let (all, person) = observations(data, before, routes);
    let kept: Vec<(Observation, &Event)> = all
        .into_iter()
        .filter(|(_, e)| leave_out != Some(e.id.as_str()))
        .collect();
    let sessions = {
        let mut ids: Vec<&str> = kept.iter().map(|(_, e)| e.id.as_str()).collect();
        ids.dedup();
        ids.len()
    };
    // The yes-rate, from the same invitations.
    let mut id_of: Vec<&str> = vec![""; person.len()];
    for (id, &i) in &person {
        id_of[i] = id.as_str();
    }
    let (mut yes_came, mut yes_total) = (0.0, 0.0);
    for (o, event) in &kept {
        let answered_yes = event
            .rsvp
            .get(id_of[o.person])
            .is_some_and(|r| r.answer == Answer::Yes);
        if answered_yes {
            yes_total += 1.0;
            yes_came += f64::from(u8::from(o.came));
        }
    }
    let yes_rate = (yes_came + YES_PRIOR.0) / (yes_total + YES_PRIOR.1);
    let observations: Vec<Observation> = kept.iter().map(|(o, _)| *o).collect();
    let prior = prior(data);
    let fit = model::fit_prior(&observations, person.len(), Some(&prior));
    let (intercept, per_10_km, person_variance) =
        (fit.intercept, fit.per_10_km, fit.person_variance);
    let basis = if sessions >= MIN_SESSIONS {
        Basis::Model {
            intercept,
            per_10_km,
            person_variance,
        }
    } else {
        Basis::Prior {
            intercept,
            per_10_km,
            person_variance,
        }
    };
    TurnoutModel {
        basis,
        fit,
        people: person.len(),
        person,
        yes_rate,
        yes_answers: yes_total as usize,
        yes_came: yes_came as usize,
        sessions,
        observations: observations.len(),
    }
}

/// The prior of `[rotation]`: the chance of coming from next door and how
/// each 10 km changes the odds.
pub fn prior(data: &Dataset) -> model::Prior {
    model::Prior::from_rates(
        data.config.rotation.expected_turnout_rate,
        data.config.rotation.turnout_odds_per_10_km,
    )
}

impl TurnoutModel {
    /// Whether enough held sessions back the model (else it rests mostly
    /// on the prior, and capacity is only a warning).
    pub fn is_fitted(&self) -> bool {
        self.sessions >= MIN_SESSIONS
    }

    /// The fitted coefficients.
    pub fn fit(&self) -> &Fit {
        &self.fit
    }

    /// The chance that participant `id` comes from `km` away, before any
    /// answer. Beyond their own `max_km` it is 0: they said they won't
    /// travel that far.
    pub fn probability(&self, id: &str, km: f64, max_km: Option<f64>) -> f64 {
        self.probability_of(self.person_of(id), km, max_km, None)
    }

    /// The model's own index of participant `id` (`None`: a newcomer), for
    /// [`TurnoutModel::probability_of`] when one person is asked about often.
    pub fn person_of(&self, id: &str) -> Option<usize> {
        self.person.get(id).copied()
    }

    /// [`TurnoutModel::probability_with_answer`] for the person the model
    /// knows as `person` (from [`TurnoutModel::person_of`]).
    pub fn probability_of(
        &self,
        person: Option<usize>,
        km: f64,
        max_km: Option<f64>,
        answer: Option<Answer>,
    ) -> f64 {
        match answer {
            Some(Answer::Yes) => self.yes_rate,
            // On the waiting list: they come only if a seat frees up, which
            // the forecast does not guess.
            Some(Answer::No | Answer::Waitlist) => 0.0,
            // Beyond their own `max_km`: they said they won't travel that far.
            Some(Answer::Maybe) | None => {
                if max_km.is_some_and(|limit| km > limit) {
                    0.0
                } else {
                    self.fit.probability(person, km)
                }
            }
        }
    }

    /// The log-odds of coming from 0 km (`None`: a newcomer), the part of
    /// [`TurnoutModel::probability`] that does not depend on the distance.
    pub fn logit(&self, id: Option<&str>) -> f64 {
        let u = id
            .and_then(|id| self.person.get(id))
            .and_then(|&i| self.fit.person_effects.get(i))
            .copied()
            .unwrap_or(0.0);
        self.fit.intercept + u
    }

    /// The change of the log-odds per km.
    pub fn slope_per_km(&self) -> f64 {
        self.fit.per_10_km / 10.0
    }

    /// The variance the uncertainty on the model's level and slope adds
    /// to a turnout whose chances `p` have Σ p(1−p) = `weight` and
    /// Σ p(1−p)·km/10 = `weighted_tens_of_km` (delta method: everyone's
    /// chance moves together when the level does).
    pub fn parameter_variance(&self, weight: f64, weighted_tens_of_km: f64) -> f64 {
        let c = self.fit.covariance;
        if !c[0][0].is_finite() || !c[1][1].is_finite() {
            return 0.0;
        }
        let v = weight * weight * c[0][0]
            + 2.0 * weight * weighted_tens_of_km * c[0][1]
            + weighted_tens_of_km * weighted_tens_of_km * c[1][1];
        v.max(0.0)
    }

    /// The same, counting an answer already given: yes → the history's
    /// rate of yeses that came, no → 0, maybe or none → the model's chance.
    pub fn probability_with_answer(
        &self,
        id: &str,
        km: f64,
        max_km: Option<f64>,
        answer: Option<Answer>,
    ) -> f64 {
        self.probability_of(self.person_of(id), km, max_km, answer)
    }
}

/// The forecast of one scheduled session.
#[derive(Debug, Clone, Serialize)]
pub struct Forecast {
    pub event: String,
    pub venue: String,
    pub invited: usize,
    pub answered_yes: usize,
    pub answered_no: usize,
    pub answered_maybe: usize,
    pub expected_turnout: f64,
    pub low: u32,
    pub high: u32,
    pub quorum: Option<u32>,
    pub below_quorum: bool,
    pub basis: Basis,
    pub sessions: usize,
    /// What a "yes" counts for: the share of yeses that came, in the history.
    pub yes_rate: f64,
    /// The waiting list, in queue order (`[rotation] waitlist`).
    pub waitlist: Vec<String>,
}

/// What a forecast looks up by id, built once for the many forecasts of a
/// date poll (one per option, each over every active member).
pub struct Lookup<'a> {
    routes: Routes<'a>,
    people: HashMap<&'a str, usize>,
    villages: HashMap<&'a str, usize>,
}

impl<'a> Lookup<'a> {
    pub fn new(data: &'a Dataset) -> Lookup<'a> {
        Lookup {
            routes: routes(data),
            people: data.participant_index(),
            villages: data.village_index(),
        }
    }
}

/// The turnout of people invited to a session at a venue, each with their
/// answer if they gave one, and the answers counted.
#[derive(Debug, Clone)]
pub struct Counted {
    pub turnout: Turnout,
    pub yes: usize,
    pub no: usize,
    pub maybe: usize,
}

/// One invited person, looked up once: their place in `participants`, in
/// `villages` (their home) and in the model.
#[derive(Debug, Clone, Copy)]
pub struct Invitee {
    participant: Option<usize>,
    home: Option<usize>,
    person: Option<usize>,
}

impl Lookup<'_> {
    pub fn invitee(&self, data: &Dataset, model: &TurnoutModel, id: &str) -> Invitee {
        let participant = self.people.get(id).copied();
        Invitee {
            participant,
            home: participant
                .and_then(|i| self.villages.get(data.participants[i].village.as_str()))
                .copied(),
            person: model.person_of(id),
        }
    }
}

/// The expected turnout at `venue` of `invited` (each with their answer if
/// they gave one): the model's chance at their distance, or their answer.
/// The distance is computed once per village of residence.
pub fn forecast_people(
    data: &Dataset,
    lookup: &Lookup,
    venue: &str,
    model: &TurnoutModel,
    invited: impl IntoIterator<Item = (Invitee, Option<Answer>)>,
) -> Counted {
    let venue = data.venue(venue);
    let point = venue.and_then(|v| data.venue_point(v));
    let mut village_km = vec![f64::NAN; data.villages.len()];
    let mut ps = Vec::new();
    // Σ p(1−p) and Σ p(1−p)·km/10 over the chances that come from the
    // model (answers do not move with its parameters).
    let (mut weight, mut weighted_km) = (0.0, 0.0);
    let (mut yes, mut no, mut maybe) = (0, 0, 0);
    for (who, answer) in invited {
        match answer {
            Some(Answer::Yes) => yes += 1,
            Some(Answer::No) => no += 1,
            Some(Answer::Maybe) => maybe += 1,
            Some(Answer::Waitlist) | None => {}
        }
        let p = match (who.participant, who.home, venue, point) {
            (Some(i), Some(home), Some(venue), Some(point)) => {
                let mut km = village_km[home];
                if km.is_nan() {
                    km = travel_km(
                        &lookup.routes,
                        data.config.rotation.detour_factor,
                        &data.villages[home],
                        venue,
                        point,
                    );
                    village_km[home] = km;
                }
                let max_km = data.participants[i].max_km;
                let chance = model.probability_of(who.person, km, max_km, answer);
                if matches!(answer, None | Some(Answer::Maybe)) {
                    weight += chance * (1.0 - chance);
                    weighted_km += chance * (1.0 - chance) * km / 10.0;
                }
                chance
            }
            // No home known (an erased person): the answer, else the average.
            _ => model.probability_of(who.person, 0.0, None, answer),
        };
        ps.push(p);
    }
    Counted {
        turnout: interval::with_spread(
            &ps,
            model.parameter_variance(weight, weighted_km),
            COVERAGE,
        ),
        yes,
        no,
        maybe,
    }
}

/// The expected turnout of `event`: its invited people, each with the
/// model's chance at their distance, or their answer when they gave one.
pub fn forecast(data: &Dataset, event: &Event, model: &TurnoutModel) -> Forecast {
    let lookup = Lookup::new(data);
    let counted = forecast_people(
        data,
        &lookup,
        &event.venue,
        model,
        event.invited.iter().map(|id| {
            (
                lookup.invitee(data, model, id),
                event.rsvp.get(id).map(|r| r.answer),
            )
        }),
    );
    let t = counted.turnout;
    let quorum = data.config.rotation.quorum;
    Forecast {
        event: event.id.clone(),
        venue: event.venue.clone(),
        invited: event.invited.len(),
        answered_yes: counted.yes,
        answered_no: counted.no,
        answered_maybe: counted.maybe,
        expected_turnout: t.expected,
        low: t.low,
        high: t.high,
        quorum,
        below_quorum: quorum.is_some_and(|q| t.expected < f64::from(q)),
        basis: model.basis.clone(),
        sessions: model.sessions,
        yes_rate: model.yes_rate,
        waitlist: crate::waitlist::queue(event),
    }
}

/// Predicted against observed, for one distance band.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Band {
    /// "0-10", "10-20", "20-40", "40+" km.
    pub band: String,
    pub from_km: f64,
    /// None for the last, open band.
    pub to_km: Option<f64>,
    pub invitations: usize,
    pub predicted: f64,
    pub observed: usize,
}

/// The distance bands of the calibration table, in km.
pub const BANDS: &[(f64, Option<f64>)] = &[
    (0.0, Some(10.0)),
    (10.0, Some(20.0)),
    (20.0, Some(40.0)),
    (40.0, None),
];

/// Leave-one-session-out calibration: each held session is predicted by a
/// model fitted on all the others, and the predictions are summed by
/// distance band beside what happened.
pub fn calibration(data: &Dataset, before: NaiveDateTime) -> Vec<Band> {
    let index = routes(data);
    let (all, person) = observations(data, Some(before), &index);
    let id_of: HashMap<usize, &str> = person.iter().map(|(id, i)| (*i, id.as_str())).collect();
    let mut sessions: Vec<&str> = all.iter().map(|(_, e)| e.id.as_str()).collect();
    sessions.dedup();
    let per_session: Vec<Vec<(f64, f64, bool)>> = sessions
        .par_iter()
        .map(|session| {
            let model = learn_with(data, Some(before), &index, Some(session));
            all.iter()
                .filter(|(_, e)| e.id == *session)
                .map(|(o, _)| {
                    let id = id_of[&o.person];
                    let limit = data.participant(id).and_then(|p| p.max_km);
                    (o.km, model.probability(id, o.km, limit), o.came)
                })
                .collect()
        })
        .collect();
    let mut bands: Vec<Band> = BANDS
        .iter()
        .map(|(low, high)| Band {
            band: match high {
                Some(high) => format!("{low}-{high}"),
                None => format!("{low}+"),
            },
            from_km: *low,
            to_km: *high,
            invitations: 0,
            predicted: 0.0,
            observed: 0,
        })
        .collect();
    for (km, p, came) in per_session.into_iter().flatten() {
        let i = BANDS
            .iter()
            .position(|(low, high)| km >= *low && high.is_none_or(|h| km < h))
            .unwrap_or(BANDS.len() - 1);
        bands[i].invitations += 1;
        bands[i].predicted += p;
        bands[i].observed += usize::from(came);
    }
    bands
}

/// What `jelly stats --model` shows: the fitted effects in figures a person
/// reads (chances at the typical distance), the data they rest on and the
/// calibration table.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub basis: Basis,
    /// Held sessions with invitations, invitations, people invited.
    pub sessions: usize,
    pub invitations: usize,
    pub people: usize,
    /// Fewer held sessions than this: each person's past rate is used.
    pub min_sessions: usize,
    /// The median distance of the invitations, in km.
    pub typical_km: Option<f64>,
    /// A typical member's chance of coming from `typical_km` away, and
    /// from 10 km further (only with a fitted model).
    pub chance_at_typical_km: Option<f64>,
    pub chance_10_km_further: Option<f64>,
    /// The change between the two, in percentage points (negative: a drop).
    pub points_per_10_km: Option<f64>,
    /// The chance at `typical_km` of a regular and of an occasional visitor
    /// (person effect one standard deviation above and below the mean).
    pub regular_chance: Option<f64>,
    pub occasional_chance: Option<f64>,
    /// Of the invited who answered yes, the share who came (with a prior
    /// of 9 out of 10): what a "yes" counts for in `jelly forecast`.
    pub yes_rate: f64,
    /// The "yes" answers of the history and how many of their authors came
    /// (what `yes_rate` rests on besides its prior).
    pub yes_answers: usize,
    pub yes_came: usize,
    /// Leave-one-session-out: predicted against observed by distance band;
    /// empty with fewer than `min_calibration_sessions` held sessions.
    pub calibration: Vec<Band>,
    pub min_calibration_sessions: usize,
    /// The prior's chance of coming from next door and its odds factor per
    /// 10 km (`[rotation] expected_turnout_rate`, `turnout_odds_per_10_km`).
    pub prior_rate: f64,
    pub prior_odds_per_10_km: f64,
}

/// The calibration table needs this many held sessions: each is predicted
/// by a model of all the others, and with fewer the bands hold a handful of
/// invitations each and say nothing.
pub const MIN_CALIBRATION_SESSIONS: usize = 8;

/// The model learned from the held sessions before `before`, summed up.
pub fn summary(data: &Dataset, before: NaiveDateTime) -> Summary {
    let index = routes(data);
    let model = learn_with(data, Some(before), &index, None);
    let (all, _) = observations(data, Some(before), &index);
    let mut km: Vec<f64> = all.iter().map(|(o, _)| o.km).collect();
    km.sort_by(f64::total_cmp);
    let typical_km = (!km.is_empty()).then(|| {
        let mid = km.len() / 2;
        if km.len() % 2 == 1 {
            km[mid]
        } else {
            (km[mid - 1] + km[mid]) / 2.0
        }
    });
    let fitted = Some(model.fit()).zip(typical_km);
    let chance = |u: f64, at: f64| {
        fitted.map(|(f, _)| model::sigmoid(f.intercept + u + f.per_10_km * at / 10.0))
    };
    let at = typical_km.unwrap_or(0.0);
    let (near, far) = (chance(0.0, at), chance(0.0, at + 10.0));
    let sd = model.fit().person_variance.sqrt();
    Summary {
        basis: model.basis.clone(),
        sessions: model.sessions,
        invitations: model.observations,
        people: model.people,
        min_sessions: MIN_SESSIONS,
        typical_km,
        chance_at_typical_km: near,
        chance_10_km_further: far,
        points_per_10_km: near.zip(far).map(|(n, f)| (f - n) * 100.0),
        regular_chance: chance(sd, at),
        occasional_chance: chance(-sd, at),
        yes_rate: model.yes_rate,
        yes_answers: model.yes_answers,
        yes_came: model.yes_came,
        calibration: if model.sessions >= MIN_CALIBRATION_SESSIONS {
            calibration(data, before)
        } else {
            Vec::new()
        },
        min_calibration_sessions: MIN_CALIBRATION_SESSIONS,
        prior_rate: data.config.rotation.expected_turnout_rate,
        prior_odds_per_10_km: data.config.rotation.turnout_odds_per_10_km,
    }
}

/// The integer part of `x` as shown with one decimal, for the plural of a
/// decimal figure (French: 1,5 personne, 2,0 personnes).
pub fn whole(x: f64) -> i64 {
    ((x * 10.0).round() / 10.0).trunc() as i64
}

/// The warning `next` and `schedule` print when the chosen venue's
/// expected turnout is under `[rotation] quorum`.
pub fn quorum_warning(
    lang: crate::i18n::Lang,
    data: &Dataset,
    ranking: &crate::rotation::Ranking,
) -> Option<String> {
    venue_quorum_warning(lang, data, ranking, ranking.choice.as_deref()?)
}

/// The warning `schedule --venue` prints when that venue's expected turnout
/// in `ranking` is under `[rotation] quorum`.
pub fn venue_quorum_warning(
    lang: crate::i18n::Lang,
    data: &Dataset,
    ranking: &crate::rotation::Ranking,
    venue: &str,
) -> Option<String> {
    let candidate = ranking.candidates.iter().find(|c| c.venue == venue)?;
    below_quorum(lang, data, venue, ranking.date, candidate.expected_turnout)
}

/// The warning for a session at `venue` on `date` where `expected` people
/// are expected, when that is under `[rotation] quorum` (`plan` prints one
/// per planned session).
pub fn below_quorum(
    lang: crate::i18n::Lang,
    data: &Dataset,
    venue: &str,
    date: NaiveDateTime,
    expected: f64,
) -> Option<String> {
    let quorum = data.config.rotation.quorum?;
    (expected < f64::from(quorum)).then(|| {
        let name = data.venue(venue).map_or(venue, |v| v.name.as_str());
        crate::t!(
            lang,
            "turnout-below-quorum",
            venue = name,
            date = date.format("%Y-%m-%d"),
            expected = crate::i18n::number(lang, expected, 1),
            whole = whole(expected),
            quorum = quorum
        )
    })
}

#[cfg(test)]
mod tests;
