//! The turnout model: the chance that an invited person comes, as a function
//! of their travel distance, with a person effect.
//!
//! ```text
//! logit P(came) = a + u[person] + b · km / 10
//! ```
//!
//! `a` is the typical member's log-odds of coming from next door, `b` the
//! change per 10 km, `u` how much more (or less) likely than typical each
//! person is. The person effects are shrunk towards 0 by a Gaussian prior
//! `u ~ N(0, σ²)` (a penalty `Σ u² / 2σ²`): someone seen once is pulled
//! strongly to the average, a regular seen twenty times keeps their own
//! rate, and a newcomer (no history) gets `u = 0`, the average. σ² is
//! estimated from the data (an empirical-Bayes update, see [`fit`]).
//!
//! The fit is a penalised maximum likelihood by Newton's method. The
//! Hessian is an "arrowhead" (each `u` touches only its own person's
//! observations, `a` and `b` touch everything), so each Newton step is
//! solved in O(observations) through the Schur complement of the 2×2 block,
//! instead of inverting a (2 + people)² matrix. Written by hand because no
//! kept crate fits a penalised logistic model with an unpenalised intercept
//! and slope; the result is checked against statsmodels by
//! `tests/turnout/check_fit.py`.

use serde::Serialize;

/// One invitation of the history: who, from how far, and whether they came.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    /// Index of the person in `0..people`.
    pub person: usize,
    pub km: f64,
    pub came: bool,
}

/// The fitted coefficients.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fit {
    /// Log-odds of coming for a typical member at 0 km.
    pub intercept: f64,
    /// Change of the log-odds per 10 km.
    pub per_10_km: f64,
    /// Each person's effect (0 for people without observations).
    pub person_effects: Vec<f64>,
    /// The variance of the person effects the shrinkage used.
    pub person_variance: f64,
    pub observations: usize,
    pub iterations: usize,
    pub converged: bool,
    /// The uncertainty left on (`intercept`, `per_10_km`): their posterior
    /// covariance `[[var a, cov], [cov, var b]]` (the inverse of the
    /// curvature at the optimum, the person effects integrated out).
    pub covariance: [[f64; 2]; 2],
}

/// A Gaussian prior on the intercept and the slope: what jelly assumes
/// before the association's own sessions say otherwise (see
/// docs/turnout.md). The data pull the fit away from it as they accumulate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prior {
    pub intercept: f64,
    pub per_10_km: f64,
    pub intercept_variance: f64,
    pub per_10_km_variance: f64,
}

impl Prior {
    /// The prior from a chance of coming from next door and the factor
    /// by which each 10 km multiplies the odds of coming.
    pub fn from_rates(rate_next_door: f64, odds_per_10_km: f64) -> Prior {
        Prior {
            intercept: (rate_next_door / (1.0 - rate_next_door)).ln(),
            per_10_km: odds_per_10_km.ln(),
            intercept_variance: PRIOR_INTERCEPT_SD * PRIOR_INTERCEPT_SD,
            per_10_km_variance: PRIOR_SLOPE_SD * PRIOR_SLOPE_SD,
        }
    }
}

/// How far the association's true level and distance effect may lie from
/// the prior's, on the log-odds scale (one standard deviation).
pub const PRIOR_INTERCEPT_SD: f64 = 0.75;
pub const PRIOR_SLOPE_SD: f64 = 0.2;

/// Bounds on the estimated variance of the person effects: below, every
/// person is the same; above, a single absence would dominate.
const MIN_VARIANCE: f64 = 0.01;
const MAX_VARIANCE: f64 = 16.0;

pub fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

impl Fit {
    /// The chance that `person` (None: a newcomer) comes from `km` away.
    pub fn probability(&self, person: Option<usize>, km: f64) -> f64 {
        let u = person
            .and_then(|p| self.person_effects.get(p))
            .copied()
            .unwrap_or(0.0);
        sigmoid(self.intercept + u + self.per_10_km * km / 10.0)
    }
}

/// The penalised fit for a fixed variance `variance` of the person effects:
/// maximises `Σ log-likelihood − Σ u² / (2 · variance)` over `a`, `b`, `u`.
pub fn fit_with_variance(observations: &[Observation], people: usize, variance: f64) -> Fit {
    fit_from(observations, people, variance, None, None)
}

/// [`fit_with_variance`] starting from the coefficients of `start` (a fit
/// of the same data with another variance: the optimum moves little, so
/// Newton needs fewer steps), else from the overall rate.
fn fit_from(
    observations: &[Observation],
    people: usize,
    variance: f64,
    start: Option<&Fit>,
    prior: Option<&Prior>,
) -> Fit {
    let lambda = 1.0 / variance;
    // The prior's pull on (a, b): its precisions (0 without a prior).
    let (p_a, p_b) = prior.map_or((0.0, 0.0), |p| {
        (1.0 / p.intercept_variance, 1.0 / p.per_10_km_variance)
    });
    let (a0, b0) = prior.map_or((0.0, 0.0), |p| (p.intercept, p.per_10_km));
    let mut a = 0.0;
    let mut b = 0.0;
    let mut u = vec![0.0; people];
    // Start the intercept at the overall rate, which saves iterations.
    let came = observations.iter().filter(|o| o.came).count() as f64;
    let n = observations.len() as f64;
    if let Some(start) = start.filter(|s| s.person_effects.len() == people) {
        a = start.intercept;
        b = start.per_10_km;
        u.copy_from_slice(&start.person_effects);
    } else if prior.is_some() {
        a = a0;
        b = b0;
    } else if n > 0.0 {
        let rate = ((came + 0.5) / (n + 1.0)).clamp(1e-6, 1.0 - 1e-6);
        a = (rate / (1.0 - rate)).ln();
    }
    let mut iterations = 0;
    let mut converged = false;
    let log_prior =
        |a: f64, b: f64| -> f64 { -(p_a * (a - a0) * (a - a0) + p_b * (b - b0) * (b - b0)) / 2.0 };
    let mut objective = penalised_loglik(observations, a, b, &u, lambda) + log_prior(a, b);
    // Per-person sums, reused every iteration.
    let mut s = vec![0.0; people]; // Σ w
    let mut t = vec![0.0; people]; // Σ w x
    let mut g_u = vec![0.0; people];
    while iterations < 100 {
        iterations += 1;
        s.iter_mut().for_each(|v| *v = 0.0);
        t.iter_mut().for_each(|v| *v = 0.0);
        for (k, g) in g_u.iter_mut().enumerate() {
            *g = -lambda * u[k];
        }
        let (mut g_a, mut g_b, mut h_aa, mut h_ab, mut h_bb) =
            (-p_a * (a - a0), -p_b * (b - b0), p_a, 0.0, p_b);
        for o in observations {
            let x = o.km / 10.0;
            let mu = sigmoid(a + b * x + u[o.person]);
            let r = f64::from(u8::from(o.came)) - mu;
            let w = mu * (1.0 - mu);
            g_a += r;
            g_b += r * x;
            g_u[o.person] += r;
            h_aa += w;
            h_ab += w * x;
            h_bb += w * x * x;
            s[o.person] += w;
            t[o.person] += w * x;
        }
        // Schur complement: (A − B D⁻¹ Bᵀ) δ_ab = g_ab − B D⁻¹ g_u.
        let (mut m_aa, mut m_ab, mut m_bb) = (h_aa, h_ab, h_bb);
        let (mut r_a, mut r_b) = (g_a, g_b);
        for k in 0..people {
            let d = s[k] + lambda;
            m_aa -= s[k] * s[k] / d;
            m_ab -= s[k] * t[k] / d;
            m_bb -= t[k] * t[k] / d;
            r_a -= s[k] * g_u[k] / d;
            r_b -= t[k] * g_u[k] / d;
        }
        let det = m_aa * m_bb - m_ab * m_ab;
        let (d_a, d_b) = if det.abs() > 1e-12 {
            (
                (m_bb * r_a - m_ab * r_b) / det,
                (m_aa * r_b - m_ab * r_a) / det,
            )
        } else if m_aa > 1e-12 {
            // Every observation at the same distance: no slope to learn.
            (r_a / m_aa, 0.0)
        } else {
            (0.0, 0.0)
        };
        let d_u: Vec<f64> = (0..people)
            .map(|k| (g_u[k] - s[k] * d_a - t[k] * d_b) / (s[k] + lambda))
            .collect();
        // Step halving keeps every step an improvement (Newton can overshoot
        // when a person always or never came).
        let mut step = 1.0;
        let mut next;
        loop {
            let na = a + step * d_a;
            let nb = b + step * d_b;
            let nu: Vec<f64> = u.iter().zip(&d_u).map(|(x, d)| x + step * d).collect();
            next = penalised_loglik(observations, na, nb, &nu, lambda) + log_prior(na, nb);
            if next >= objective - 1e-12 || step < 1e-6 {
                a = na;
                b = nb;
                u = nu;
                break;
            }
            step /= 2.0;
        }
        let change =
            (d_a.abs() + d_b.abs()).max(d_u.iter().fold(0.0, |m, d| m.max(d.abs()))) * step;
        let gained = next - objective;
        objective = next;
        if change < 1e-10 || gained.abs() < 1e-12 {
            converged = true;
            break;
        }
    }
    let covariance = covariance(observations, a, b, &u, lambda, (p_a, p_b));
    Fit {
        intercept: a,
        per_10_km: b,
        person_effects: u,
        person_variance: variance,
        observations: observations.len(),
        iterations,
        converged,
        covariance,
    }
}

/// The posterior covariance of (a, b) at the optimum: the inverse of the
/// Schur complement of the person block in the curvature (the Laplace
/// approximation, the person effects integrated out). Without data or
/// prior, infinite.
fn covariance(
    observations: &[Observation],
    a: f64,
    b: f64,
    u: &[f64],
    lambda: f64,
    (p_a, p_b): (f64, f64),
) -> [[f64; 2]; 2] {
    let (mut m_aa, mut m_ab, mut m_bb) = (p_a, 0.0, p_b);
    let mut s = vec![0.0; u.len()];
    let mut t = vec![0.0; u.len()];
    for o in observations {
        let x = o.km / 10.0;
        let mu = sigmoid(a + b * x + u[o.person]);
        let w = mu * (1.0 - mu);
        m_aa += w;
        m_ab += w * x;
        m_bb += w * x * x;
        s[o.person] += w;
        t[o.person] += w * x;
    }
    for k in 0..u.len() {
        let d = s[k] + lambda;
        m_aa -= s[k] * s[k] / d;
        m_ab -= s[k] * t[k] / d;
        m_bb -= t[k] * t[k] / d;
    }
    let det = m_aa * m_bb - m_ab * m_ab;
    if det.abs() < 1e-12 {
        return [[f64::INFINITY, 0.0], [0.0, f64::INFINITY]];
    }
    [[m_bb / det, -m_ab / det], [-m_ab / det, m_aa / det]]
}

fn penalised_loglik(observations: &[Observation], a: f64, b: f64, u: &[f64], lambda: f64) -> f64 {
    let mut sum = 0.0;
    for o in observations {
        let eta = a + b * o.km / 10.0 + u[o.person];
        // log σ(η) = −log(1 + e^−η), computed without overflow.
        let log1p_exp = |x: f64| if x > 30.0 { x } else { x.exp().ln_1p() };
        sum += if o.came {
            -log1p_exp(-eta)
        } else {
            -log1p_exp(eta)
        };
    }
    sum - lambda * u.iter().map(|x| x * x).sum::<f64>() / 2.0
}

/// The fit with the person-effect variance estimated from the data: start
/// at σ² = 1, fit, then set σ² to the mean of `u² + 1 / (Σw + 1/σ²)` over
/// the people seen (each effect's square plus its approximate posterior
/// variance: the EM update of a Laplace approximation), and repeat until σ²
/// settles.
pub fn fit(observations: &[Observation], people: usize) -> Fit {
    fit_prior(observations, people, None)
}

/// [`fit`] with a prior on the intercept and the slope: the association's
/// own data blended with what is assumed before they speak.
pub fn fit_prior(observations: &[Observation], people: usize, prior: Option<&Prior>) -> Fit {
    let mut seen = vec![false; people];
    for o in observations {
        seen[o.person] = true;
    }
    let seen_count = seen.iter().filter(|s| **s).count().max(1) as f64;
    let mut variance = 1.0;
    let mut result = fit_from(observations, people, variance, None, prior);
    for _ in 0..30 {
        let mut weight = vec![0.0; people];
        for o in observations {
            let mu = result.probability(Some(o.person), o.km);
            weight[o.person] += mu * (1.0 - mu);
        }
        let total: f64 = (0..people)
            .filter(|k| seen[*k])
            .map(|k| result.person_effects[k].powi(2) + 1.0 / (weight[k] + 1.0 / variance))
            .sum();
        let next = (total / seen_count).clamp(MIN_VARIANCE, MAX_VARIANCE);
        let settled = (next - variance).abs() < 1e-6 * variance.max(1.0);
        variance = next;
        result = fit_from(observations, people, variance, Some(&result), prior);
        if settled {
            break;
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::rng::Rng;

    /// A history drawn from a known law: returns the observations and the
    /// true (a, b per 10 km, u).
    fn generated(
        people: usize,
        sessions: usize,
        seed: u64,
    ) -> (Vec<Observation>, f64, f64, Vec<f64>, Vec<f64>) {
        let mut rng = Rng::new(seed);
        let (a, b) = (1.2, -0.45);
        let u: Vec<f64> = (0..people).map(|_| 0.9 * rng.normal()).collect();
        // Homes along 0..60 km of a line; venues anywhere on it.
        let home: Vec<f64> = (0..people).map(|_| 60.0 * rng.unit()).collect();
        let mut obs = Vec::new();
        for _ in 0..sessions {
            let venue = 60.0 * rng.unit();
            for k in 0..people {
                let km = (home[k] - venue).abs() * 1.3;
                let p = sigmoid(a + u[k] + b * km / 10.0);
                obs.push(Observation {
                    person: k,
                    km,
                    came: rng.unit() < p,
                });
            }
        }
        (obs, a, b, u, home)
    }

    #[test]
    fn recovers_a_known_distance_effect() {
        for seed in [1, 2, 3] {
            let (obs, _, b, _, _) = generated(120, 20, seed);
            let fit = fit(&obs, 120);
            assert!(fit.converged);
            let error = (fit.per_10_km - b).abs() / b.abs();
            assert!(error < 0.2, "seed {seed}: fitted {} for {b}", fit.per_10_km);
        }
    }

    #[test]
    fn the_gradient_is_zero_at_the_fit() {
        let (obs, ..) = generated(30, 8, 7);
        let fit = fit_with_variance(&obs, 30, 0.7);
        let lambda = 1.0 / 0.7;
        let (mut g_a, mut g_b) = (0.0, 0.0);
        let mut g_u: Vec<f64> = fit.person_effects.iter().map(|u| -lambda * u).collect();
        for o in &obs {
            let r = f64::from(u8::from(o.came)) - fit.probability(Some(o.person), o.km);
            g_a += r;
            g_b += r * o.km / 10.0;
            g_u[o.person] += r;
        }
        assert!(g_a.abs() < 1e-6 && g_b.abs() < 1e-6, "{g_a} {g_b}");
        assert!(g_u.iter().all(|g| g.abs() < 1e-6));
    }

    #[test]
    fn a_newcomer_gets_the_average_and_a_regular_keeps_their_rate() {
        // Person 0 came 10 times out of 10, person 1 never in 10, at 5 km.
        let mut obs = Vec::new();
        for i in 0..10 {
            obs.push(Observation {
                person: 0,
                km: 5.0,
                came: true,
            });
            obs.push(Observation {
                person: 1,
                km: 5.0,
                came: false,
            });
            obs.push(Observation {
                person: 2,
                km: 5.0,
                came: i % 2 == 0,
            });
        }
        let fit = fit(&obs, 4);
        let regular = fit.probability(Some(0), 5.0);
        let absent = fit.probability(Some(1), 5.0);
        let newcomer = fit.probability(Some(3), 5.0);
        assert!(regular > 0.8 && absent < 0.2, "{regular} {absent}");
        assert!((newcomer - 0.5).abs() < 0.1, "{newcomer}");
        assert_eq!(fit.probability(None, 5.0), newcomer);
    }

    #[test]
    fn no_history_and_one_distance_do_not_break_the_solver() {
        let fit = fit(&[], 3);
        assert!(fit.intercept.is_finite() && fit.per_10_km == 0.0);
        let obs = [
            Observation {
                person: 0,
                km: 10.0,
                came: true,
            },
            Observation {
                person: 1,
                km: 10.0,
                came: false,
            },
        ];
        let fit = super::fit(&obs, 2);
        assert!(fit.intercept.is_finite() && fit.per_10_km.is_finite());
    }

    pub(crate) fn exported(seed: u64) -> (Vec<Observation>, usize) {
        let (obs, ..) = generated(40, 10, seed);
        (obs, 40)
    }

    /// Writes a generated history and our fit to the file JELLY_TURNOUT_EXPORT
    /// names, for `tests/turnout/check_fit.py`, which runs it (ignored
    /// otherwise: it checks nothing by itself, so it is not counted as a
    /// passing test).
    #[test]
    #[ignore = "an export for tests/turnout/check_fit.py, which runs it"]
    fn export_a_history_for_the_independent_check() {
        let path = std::env::var("JELLY_TURNOUT_EXPORT").expect(
            "JELLY_TURNOUT_EXPORT names the file to write (tests/turnout/check_fit.py sets it)",
        );
        let (obs, people) = exported(11);
        let fit = fit(&obs, people);
        let rows: Vec<serde_json::Value> = obs
            .iter()
            .map(|o| serde_json::json!({"person": o.person, "km": o.km, "came": o.came}))
            .collect();
        let doc = serde_json::json!({
            "people": people,
            "observations": rows,
            "fit": fit,
        });
        std::fs::write(path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    }
}
