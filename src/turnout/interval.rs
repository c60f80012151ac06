//! How many of the invited will come: the Poisson-binomial distribution of
//! a sum of independent yes/no outcomes with different chances, its mean and
//! a central interval.

use serde::Serialize;

/// The expected number of people and an interval that holds the number
/// with the given probability (80 % by default).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Turnout {
    pub expected: f64,
    pub low: u32,
    pub high: u32,
}

/// Above this many people the exact distribution (O(n²)) gives way to the
/// normal approximation, which is then accurate to well under one person.
pub const EXACT_UP_TO: usize = 600;

/// The turnout of people who come with `probabilities`, with a central
/// interval of `coverage` (0.8: from the 10th to the 90th percentile).
pub fn turnout(probabilities: &[f64], coverage: f64) -> Turnout {
    let expected: f64 = probabilities.iter().sum();
    let tail = (1.0 - coverage) / 2.0;
    if probabilities.len() <= EXACT_UP_TO {
        let pmf = distribution(probabilities);
        Turnout {
            expected,
            low: quantile(&pmf, tail),
            high: quantile(&pmf, 1.0 - tail),
        }
    } else {
        let variance: f64 = probabilities.iter().map(|p| p * (1.0 - p)).sum();
        from_moments(expected, variance, probabilities.len(), coverage)
    }
}

/// [`turnout`] when the chances themselves are uncertain (a model learned
/// from little history): `spread` is the variance that uncertainty adds to
/// the count (delta method). It is turned into a common shift of everyone's
/// log-odds, δ ~ N(0, s²) with s = √spread / Σ p(1−p), and the count's
/// distribution is the mixture over δ (Gauss–Hermite, 7 nodes) of the
/// normal approximation at each δ. The interval is the wider of that and
/// the exact one, so it never narrows to a single number while the model
/// is unsure, and stays skewed as the log-odds scale makes it.
pub fn with_spread(probabilities: &[f64], spread: f64, coverage: f64) -> Turnout {
    let exact = turnout(probabilities, coverage);
    let weight: f64 = probabilities.iter().map(|p| p * (1.0 - p)).sum();
    if spread <= 1e-9 || weight <= 1e-12 {
        return exact;
    }
    let shift_sd = spread.sqrt() / weight;
    // Gauss–Hermite nodes and weights for ∫ e^(−x²) f(x) dx.
    const NODES: [(f64, f64); 7] = [
        (-2.651_961_356_835_233, 9.717_812_450_995_192e-4),
        (-1.673_551_628_767_471, 5.451_558_281_912_703e-2),
        (-0.816_287_882_858_965, 4.256_072_526_101_278e-1),
        (0.0, 8.102_646_175_568_073e-1),
        (0.816_287_882_858_965, 4.256_072_526_101_278e-1),
        (1.673_551_628_767_471, 5.451_558_281_912_703e-2),
        (2.651_961_356_835_233, 9.717_812_450_995_192e-4),
    ];
    let mixture: Vec<(f64, f64, f64)> = NODES
        .iter()
        .map(|&(x, w)| {
            let delta = std::f64::consts::SQRT_2 * x * shift_sd;
            let (mut mean, mut variance) = (0.0, 0.0);
            for &p in probabilities {
                let q = if p <= 0.0 || p >= 1.0 {
                    p
                } else {
                    super::model::sigmoid((p / (1.0 - p)).ln() + delta)
                };
                mean += q;
                variance += q * (1.0 - q);
            }
            (w / std::f64::consts::PI.sqrt(), mean, variance)
        })
        .collect();
    let cdf = |k: f64| -> f64 {
        mixture
            .iter()
            .map(|&(w, mean, variance)| {
                let x = k + 0.5 - mean;
                w * if variance <= 1e-12 {
                    f64::from(u8::from(x >= 0.0))
                } else {
                    normal_cdf(x / variance.sqrt())
                }
            })
            .sum()
    };
    let tail = (1.0 - coverage) / 2.0;
    let n = probabilities.len() as u32;
    let quantile = |q: f64| (0..=n).find(|&k| cdf(f64::from(k)) >= q).unwrap_or(n);
    Turnout {
        expected: exact.expected,
        low: exact.low.min(quantile(tail)),
        high: exact.high.max(quantile(1.0 - tail)),
    }
}

/// The standard normal distribution function (Abramowitz and Stegun
/// 7.1.26 for erf, error below 1.5e-7: enough for whole people).
fn normal_cdf(z: f64) -> f64 {
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-x * x).exp();
    if z >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
}

/// The interval from the mean and variance alone (normal approximation
/// with a continuity correction), for large groups.
pub fn from_moments(expected: f64, variance: f64, people: usize, coverage: f64) -> Turnout {
    let z = normal_quantile(0.5 + coverage / 2.0);
    let sd = variance.max(0.0).sqrt();
    let clamp = |x: f64| x.round().clamp(0.0, people as f64) as u32;
    Turnout {
        expected,
        low: clamp(expected - z * sd),
        high: clamp(expected + z * sd),
    }
}

/// P(sum = k) for k in 0..=n, by the usual dynamic programme.
pub fn distribution(probabilities: &[f64]) -> Vec<f64> {
    let mut pmf = vec![0.0; probabilities.len() + 1];
    pmf[0] = 1.0;
    for (i, &p) in probabilities.iter().enumerate() {
        for k in (1..=i + 1).rev() {
            pmf[k] = pmf[k] * (1.0 - p) + pmf[k - 1] * p;
        }
        pmf[0] *= 1.0 - p;
    }
    pmf
}

/// The smallest k whose cumulative probability reaches `q`.
fn quantile(pmf: &[f64], q: f64) -> u32 {
    let mut cumulative = 0.0;
    for (k, p) in pmf.iter().enumerate() {
        cumulative += p;
        if cumulative >= q - 1e-12 {
            return k as u32;
        }
    }
    (pmf.len() - 1) as u32
}

/// The standard normal quantile (Acklam's rational approximation, relative
/// error below 1.2e-9), enough for interval bounds rounded to whole people.
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let low = 0.02425;
    if p < low {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - low {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -normal_quantile(1.0 - p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_distribution_is_the_binomial_when_chances_are_equal() {
        let pmf = distribution(&[0.5; 4]);
        let expected = [1.0, 4.0, 6.0, 4.0, 1.0].map(|c| c / 16.0);
        for (a, b) in pmf.iter().zip(expected) {
            assert!((a - b).abs() < 1e-12);
        }
    }

    #[test]
    fn certain_people_make_a_certain_count() {
        let t = turnout(&[1.0, 1.0, 0.0, 1.0], 0.8);
        assert_eq!((t.expected, t.low, t.high), (3.0, 3, 3));
    }

    #[test]
    fn ten_people_at_one_half_give_the_binomial_deciles() {
        // Binomial(10, 0.5): P(X ≤ 3) = 0.172, P(X ≤ 2) = 0.055, so the
        // 10th percentile is 3; symmetrically the 90th is 7.
        let t = turnout(&[0.5; 10], 0.8);
        assert_eq!((t.low, t.high), (3, 7));
        assert!((t.expected - 5.0).abs() < 1e-12);
    }

    #[test]
    fn the_normal_approximation_agrees_with_the_exact_count() {
        let ps: Vec<f64> = (0..500).map(|i| 0.1 + 0.8 * (i as f64 / 500.0)).collect();
        let exact = turnout(&ps, 0.8);
        let variance: f64 = ps.iter().map(|p| p * (1.0 - p)).sum();
        let approx = from_moments(exact.expected, variance, ps.len(), 0.8);
        assert!(exact.low.abs_diff(approx.low) <= 1, "{exact:?} {approx:?}");
        assert!(
            exact.high.abs_diff(approx.high) <= 1,
            "{exact:?} {approx:?}"
        );
    }

    #[test]
    fn normal_quantiles() {
        assert!((normal_quantile(0.9) - 1.281_551_565_5).abs() < 1e-8);
        assert!((normal_quantile(0.5)).abs() < 1e-12);
        assert!((normal_quantile(0.01) + 2.326_347_874).abs() < 1e-7);
    }
}
