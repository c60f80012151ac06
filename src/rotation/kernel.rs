//! The figures of one place from every origin: the (place, origin) kernel
//! of [`Network`], 17 million pairs on the national set.
//!
//! Written as loops over columns of plain arithmetic — no call to libm
//! (`crate::vecmath` has the `asin` and `exp`), no fused multiply-add, no
//! branch in the arithmetic — so that the compiler turns them into vector
//! instructions. The same code is compiled twice: for the CPU jelly was
//! built for (SSE2 on any x86-64), and with AVX2 where the CPU has it,
//! chosen at run time. Both give the same bits: a vector instruction rounds
//! each lane like the scalar one, and the sums keep [`LANES`] partial sums
//! combined in one fixed order, whatever the build.
//!
//! Per place: (1) every origin's distance, then the known roads over it;
//! (2) the travellers' km (compensated sums) and the furthest one; (3) who
//! is beyond their limit; (4) with a turnout model, e^−slope·km per origin,
//! then one chance per term (a group of people sharing η, or one person),
//! gathered into columns so that the division and the sums vectorise.
//! Unusual models (the exact count distribution, an exponent that could
//! overflow, an infinite or zero e^−η) take the reference path,
//! [`Network::turnout_at`], which the tests also compare with.

use super::{Figures, Network, Scratch, Sum, TurnoutTerms};
use crate::geo::great_circle_km;
use crate::turnout::Turnout;
use crate::vecmath;

/// Partial sums per accumulator: two AVX2 registers, enough independent
/// additions to hide their latency.
const LANES: usize = 8;

impl Network {
    pub(super) fn place_figures(&self, index: usize, scratch: &mut Scratch) -> Figures {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx512f") {
            return avx512(self, index, scratch);
        }
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            return avx2(self, index, scratch);
        }
        figures_of(self, index, scratch)
    }
}

/// [`figures_of`] compiled with AVX2.
#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)] // calling a function compiled for AVX2; see SAFETY
fn avx2(network: &Network, index: usize, scratch: &mut Scratch) -> Figures {
    #[target_feature(enable = "avx2")]
    fn inner(network: &Network, index: usize, scratch: &mut Scratch) -> Figures {
        figures_of(network, index, scratch)
    }
    // SAFETY: only called once `is_x86_feature_detected!("avx2")` said this
    // CPU runs AVX2 instructions; `inner` is otherwise safe code.
    unsafe { inner(network, index, scratch) }
}

/// [`figures_of`] compiled with AVX-512.
#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)] // calling a function compiled for AVX-512; see SAFETY
fn avx512(network: &Network, index: usize, scratch: &mut Scratch) -> Figures {
    #[target_feature(enable = "avx512f")]
    fn inner(network: &Network, index: usize, scratch: &mut Scratch) -> Figures {
        figures_of(network, index, scratch)
    }
    // SAFETY: only called once `is_x86_feature_detected!("avx512f")` said
    // this CPU runs AVX-512 instructions; `inner` is otherwise safe code.
    unsafe { inner(network, index, scratch) }
}

#[inline(always)]
fn figures_of(network: &Network, index: usize, scratch: &mut Scratch) -> Figures {
    let place = &network.places[index];
    let columns = &network.columns;
    let detour = network.detour_factor;
    // (1) Distances, then the roads that replace the estimate.
    // Plain loops, not iterator adapters: a closure is a function of its
    // own, which the compiler may leave out of line, and so unvectorised.
    let km = &mut scratch.km;
    km.resize(columns.x.len(), 0.0);
    let points = columns.x.iter().zip(&columns.y).zip(&columns.z);
    for (d, ((&x, &y), &z)) in km.iter_mut().zip(points) {
        *d = great_circle_km(&place.point, &[x, y, z]) * detour;
    }
    for &(origin, road) in &place.routes {
        km[origin as usize] = road;
    }
    // (2) Σ weight · km, compensated, and the furthest.
    let (total, max_km) = weighted_sum_and_max(&columns.weight, km);
    // (3) Limits are sorted: those below d are a prefix. Usually d is
    // beyond all of them (far villages) or none (near ones).
    // Branch-free for those two cases, which a venue mixes unpredictably.
    let mut beyond_limit = 0usize;
    for limited in &network.limited {
        let d = km[limited.origin as usize];
        beyond_limit += limited.count as usize * usize::from(d > limited.last);
        if d > limited.first && d <= limited.last {
            let (start, end) = network.origins[limited.origin as usize].limits;
            let limits = &network.limits[start as usize..end as usize];
            beyond_limit += limits.partition_point(|&l| l < d);
        }
    }
    // No closures here either (see above): no `Option::map`.
    let mut turnout = None;
    if let Some(terms) = &network.turnout {
        turnout = Some(match terms.constant {
            Some(constant) => constant,
            None => {
                let exponent = -terms.slope * max_km;
                let in_range = (vecmath::EXP_MIN..=vecmath::EXP_MAX).contains(&exponent);
                if terms.vectorised && in_range {
                    turnout_of(network, terms, scratch)
                } else {
                    network.turnout_at(terms, scratch)
                }
            }
        });
    }
    let total_km = total.value();
    Figures {
        total_km,
        mean_km: if network.travellers == 0 {
            0.0
        } else {
            total_km / network.travellers as f64
        },
        max_km,
        beyond_limit,
        turnout,
    }
}

/// Σ weight[i] · km[i] (Neumaier, in [`LANES`] partial sums) and max km[i]
/// (0 if empty).
#[inline(always)]
fn weighted_sum_and_max(weight: &[f64], km: &[f64]) -> (Sum, f64) {
    let mut sums = [Sum::default(); LANES];
    let mut max = [0.0f64; LANES];
    let chunks = weight.chunks_exact(LANES).zip(km.chunks_exact(LANES));
    for (w, d) in chunks {
        for lane in 0..LANES {
            sums[lane].add_branchless(w[lane] * d[lane]);
            max[lane] = if d[lane] > max[lane] {
                d[lane]
            } else {
                max[lane]
            };
        }
    }
    let tail = weight.len() - weight.len() % LANES;
    for (lane, (w, d)) in weight[tail..].iter().zip(&km[tail..]).enumerate() {
        sums[lane].add_branchless(w * d);
        max[lane] = if *d > max[lane] { *d } else { max[lane] };
    }
    let mut total = Sum::default();
    let mut furthest = 0.0f64;
    for lane in 0..LANES {
        total.add(sums[lane].sum);
        total.add(sums[lane].compensation);
        furthest = if max[lane] > furthest {
            max[lane]
        } else {
            furthest
        };
    }
    (total, furthest)
}

/// The turnout at the place whose distances are in `scratch.km`: the same
/// sums as [`Network::turnout_at`], over [`super::Rows`], in [`LANES`]
/// partial sums. Only for models where every e^−η is finite and positive
/// and e^−slope·km cannot overflow (the caller checks), so no chance is NaN.
#[inline(always)]
fn turnout_of(network: &Network, terms: &TurnoutTerms, scratch: &mut Scratch) -> Turnout {
    let Scratch {
        km,
        distance_odds,
        row_km,
        row_odds,
        row_expected,
        row_variance,
        row_spread_km,
        ..
    } = scratch;
    distance_odds.resize(km.len(), 0.0);
    for (odds, &d) in distance_odds.iter_mut().zip(km.iter()) {
        *odds = vecmath::exp(-terms.slope * d);
    }
    // Each row's origin's km and distance odds, gathered into columns (a
    // loop of its own: the indexed loads would keep the next from
    // vectorising).
    let rows = &terms.rows;
    let n = rows.origin.len();
    for column in [
        &mut *row_km,
        &mut *row_odds,
        &mut *row_expected,
        &mut *row_variance,
        &mut *row_spread_km,
    ] {
        column.resize(n, 0.0);
    }
    for ((&origin, d), odds) in rows
        .origin
        .iter()
        .zip(row_km.iter_mut())
        .zip(row_odds.iter_mut())
    {
        *d = km[origin as usize];
        *odds = distance_odds[origin as usize];
    }
    // Each row's p·n, p(1−p)·n and p(1−p)·n·km, p = 1 / (1 + e^−η · e^−s·km),
    // n those of the row within their limit.
    let (eta_odds, base) = (&rows.odds[..n], &rows.base[..n]);
    let [l0, l1, l2, l3] = &rows.limits;
    let (l0, l1, l2, l3) = (&l0[..n], &l1[..n], &l2[..n], &l3[..n]);
    let (row_km, row_odds) = (&row_km[..n], &row_odds[..n]);
    let (out_expected, out_variance, out_km) = (
        &mut row_expected[..n],
        &mut row_variance[..n],
        &mut row_spread_km[..n],
    );
    for i in 0..n {
        let d = row_km[i];
        let one = |limit: f64| if d <= limit { 1.0 } else { 0.0 };
        let coming = base[i] + one(l0[i]) + one(l1[i]) + one(l2[i]) + one(l3[i]);
        let p = 1.0 / (1.0 + eta_odds[i] * row_odds[i]);
        let spread = p * (1.0 - p) * coming;
        out_expected[i] = p * coming;
        out_variance[i] = spread;
        out_km[i] = spread * d;
    }
    network.finish_turnout(
        terms,
        lane_sum(row_expected),
        lane_sum(row_variance),
        lane_sum(row_spread_km),
        &[],
    )
}

/// Σ values, in [`LANES`] partial sums added in lane order at the end.
#[inline(always)]
fn lane_sum(values: &[f64]) -> f64 {
    let mut lanes = [0.0f64; LANES];
    let whole = values.len() - values.len() % LANES;
    for chunk in values[..whole].chunks_exact(LANES) {
        for lane in 0..LANES {
            lanes[lane] += chunk[lane];
        }
    }
    for (lane, value) in values[whole..].iter().enumerate() {
        lanes[lane] += value;
    }
    lane_total(lanes)
}

/// The lanes' partial sums added in lane order.
#[inline(always)]
fn lane_total(lanes: [f64; LANES]) -> f64 {
    let mut total = 0.0;
    for lane in lanes {
        total += lane;
    }
    total
}
