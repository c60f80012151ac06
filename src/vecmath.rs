//! `asin` and `exp` written as straight-line arithmetic, so that a loop
//! calling them over arrays becomes vector instructions (the venue ranking's
//! kernel, `rotation::kernel`). libm's versions are calls the compiler
//! cannot vectorise, and were a fifth of `next`'s time on the national set.
//!
//! Hand-written on purpose: the crates with vector `exp`/`asin` either need
//! nightly Rust (sleef, std::simd) or fix the vector width when jelly is
//! compiled (wide), and none says its results are the same bits in scalar
//! and vector code. These use no fused multiply-add and no branch, so every
//! build and every lane rounds the same operations the same way: a scalar
//! call and a lane of a vector loop give the same bits (tested below against
//! libm, to a few units in the last place).
//!
//! The coefficients were computed for jelly: `asin`'s by a Chebyshev fit in
//! 50-digit arithmetic (`mpmath.chebyfit` of (asin √t − √t) / (t √t) on
//! [0, ¼], 13 terms, error 1.5·10⁻¹⁷), `exp`'s are the Taylor series' 1/k!.

/// asin(x) for x in [0, 1] (the caller clamps; outside, the result is
/// meaningless but finite or NaN, never a panic). Relative error ≤ 2·10⁻¹⁶
/// below ½, ≤ 4.3·10⁻¹⁶ (two units in the last place) just above it, where
/// π/2 − 2 asin z cancels a bit.
#[inline(always)]
pub(crate) fn asin(x: f64) -> f64 {
    // For x > ½: asin x = π/2 − 2 asin √((1 − x)/2), whose argument is ≤ ½.
    let big = x > 0.5;
    let z = if big { ((1.0 - x) * 0.5).sqrt() } else { x };
    let t = z * z;
    let mut p = ASIN[0];
    for &c in &ASIN[1..] {
        p = p * t + c;
    }
    let small = z + z * t * p;
    if big {
        std::f64::consts::FRAC_PI_2 - 2.0 * small
    } else {
        small
    }
}

/// (asin √t − √t) / (t √t) ≈ Σ ASIN[k] t^(12−k) on t in [0, ¼].
const ASIN: [f64; 13] = [
    0.028757851367421566,
    -0.014851887071247204,
    0.01740087944269402,
    0.005457506718640358,
    0.01032281435018578,
    0.011479177415184906,
    0.013971212973552933,
    0.017352392720869973,
    0.02237217294214989,
    0.030381944138531247,
    0.04464285714635543,
    0.07499999999998433,
    0.16666666666666669,
];

/// Where [`exp`] is exact to a few ulps: e^x is a normal number.
pub(crate) const EXP_MIN: f64 = -708.0;
pub(crate) const EXP_MAX: f64 = 709.0;

/// e^x for x in [`EXP_MIN`, `EXP_MAX`] (the caller checks the range:
/// outside it the result is wrong). Relative error ≤ 4·10⁻¹⁶.
#[inline(always)]
pub(crate) fn exp(x: f64) -> f64 {
    // x = n ln 2 + r, |r| ≤ ln 2 / 2; n is rounded to the nearest integer
    // by adding and removing 1.5·2⁵², which leaves n in the low bits.
    const SHIFTER: f64 = 6_755_399_441_055_744.0;
    // ln 2 in two parts: the first has 21 significant bits, so n · LN2_HI
    // is exact for |n| < 2¹¹ and x − n · LN2_HI loses nothing.
    const LN2_HI: f64 = 0.693_146_705_627_441_4;
    const LN2_LO: f64 = 4.749_325_039_031_672_6e-7;
    let shifted = x * std::f64::consts::LOG2_E + SHIFTER;
    let n = shifted - SHIFTER;
    let r = (x - n * LN2_HI) - n * LN2_LO;
    let mut p = EXP[0];
    for &c in &EXP[1..] {
        p = p * r + c;
    }
    // 2ⁿ, built from its bits.
    let n_int = shifted.to_bits().wrapping_sub(SHIFTER.to_bits()) as i64;
    let scale = f64::from_bits(((n_int + 1023) as u64) << 52);
    p * scale
}

/// 1/k! for k = 13 down to 0: e^r to 4·10⁻¹⁸ for |r| ≤ ln 2 / 2.
const EXP: [f64; 14] = [
    1.6059043836821613e-10,
    2.08767569878681e-9,
    2.505210838544172e-8,
    2.755731922398589e-7,
    2.7557319223985893e-6,
    2.48015873015873e-5,
    0.0001984126984126984,
    0.001388888888888889,
    0.008333333333333333,
    0.041666666666666664,
    0.16666666666666666,
    0.5,
    1.0,
    1.0,
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn relative(ours: f64, libm: f64) -> f64 {
        if ours == libm {
            0.0
        } else {
            ((ours - libm) / libm).abs()
        }
    }

    #[test]
    fn asin_matches_libm_on_a_fine_grid_and_the_ends() {
        let mut worst: f64 = 0.0;
        for i in 0..=1_000_000 {
            let x = i as f64 / 1_000_000.0;
            worst = worst.max(relative(asin(x), x.asin()));
        }
        assert!(worst <= 4.5e-16, "worst relative error {worst:e}");
        assert_eq!(asin(0.0), 0.0);
        assert_eq!(asin(1.0), std::f64::consts::FRAC_PI_2);
        // Tiny arguments: asin x = x to the last bit.
        assert_eq!(asin(1e-300), 1e-300);
    }

    #[test]
    fn exp_matches_libm_over_its_whole_range() {
        let mut worst: f64 = 0.0;
        let steps = 2_000_000;
        for i in 0..=steps {
            let x = EXP_MIN + (EXP_MAX - EXP_MIN) * i as f64 / steps as f64;
            worst = worst.max(relative(exp(x), x.exp()));
        }
        assert!(worst <= 4e-16, "worst relative error {worst:e}");
        assert_eq!(exp(0.0), 1.0);
        assert!(relative(exp(1.0), std::f64::consts::E) <= 2.3e-16);
    }

    proptest! {
        #[test]
        fn asin_and_exp_stay_within_a_few_ulps(x in 0.0f64..=1.0, y in EXP_MIN..=EXP_MAX) {
            prop_assert!(relative(asin(x), x.asin()) <= 4.5e-16);
            prop_assert!(relative(exp(y), y.exp()) <= 4e-16);
        }
    }
}
