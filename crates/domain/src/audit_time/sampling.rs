//! IAF MD 1 multi-site sample sizes (domain reference §2.2 and §7.3 rule 10).
//!
//! `sites` counts every site of the organisation, including the one that hosts the
//! central function; n = `sites` − 1 is the number of sites excluding the central
//! function, which is what IAF MD 1 takes the square root of. The central function is
//! audited at every audit, so it is added to every sample; a sample never exceeds the
//! number of sites. Square roots are computed in exact integer arithmetic, so a perfect
//! square never rounds up by a floating-point error.

use super::Fraction;
use serde::Serialize;

/// IAF MD 1:2018 (EA FAQ 46.5): initial audit sample = √n, rounded up.
pub const MD1_INITIAL_FACTOR: Fraction = Fraction::new(1, 1);
/// IAF MD 1:2018 (EA FAQ 46.5): surveillance sample = 0.6 × √n, rounded up.
pub const MD1_SURVEILLANCE_FACTOR: Fraction = Fraction::new(3, 5);
/// IAF MD 1:2018 (EA FAQ 46.5): recertification sample = 0.8 × √n, rounded up.
pub const MD1_RECERTIFICATION_FACTOR: Fraction = Fraction::new(4, 5);
/// IAF MD 1:2018 6.2 (EA FAQ 46.5): where sampling is not appropriate, surveillance
/// covers 30 % of the sites per calendar year, rounded up, plus the central function.
pub const MD1_NO_SAMPLING_SURVEILLANCE_SHARE: Fraction = Fraction::new(3, 10);
/// IAF MD 1:2018 (domain reference §2.2): at least 25 % of the sample is chosen at random.
pub const MD1_RANDOM_SHARE: Fraction = Fraction::new(1, 4);
/// IAF MD 1:2018 (domain reference §2.2, EA FAQ 37.23): audit-time reduction per sampled
/// site at most 50 % in total. Recorded for reference: the engine receives no per-site
/// headcount, so it does not compute per-site time (see the breakdown).
pub const MD1_MAX_SITE_REDUCTION_PERCENT: f64 = 50.0;

/// How many sites are audited, central function included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SampledSites {
    /// Sites audited in the initial audit (stage 2).
    pub initial: u64,
    /// Sites audited in each surveillance audit.
    pub surveillance: u64,
    /// Sites audited in the recertification audit.
    pub recertification: u64,
    /// Whether sampling was applied (IAF MD 1) or every site is covered (MD 1 6.2).
    pub sampling: bool,
    /// The central function is always included in the counts above.
    pub central_function_included: bool,
}

/// Smallest `r` with `r² ≥ x`.
fn ceil_sqrt(x: u128) -> u128 {
    let s = x.isqrt();
    if s.saturating_mul(s) >= x { s } else { s + 1 }
}

/// ⌈f × √n⌉ exactly: the smallest m with (q·m)² ≥ p²·n for f = p/q (IAF MD 1; always
/// round up).
pub fn sample_size(n: u64, f: Fraction) -> u64 {
    if f.denominator == 0 {
        return n;
    }
    let p = u128::from(f.numerator);
    let q = u128::from(f.denominator);
    let r = ceil_sqrt(p * p * u128::from(n));
    u64::try_from(r.div_ceil(q)).unwrap_or(u64::MAX)
}

/// Minimum number of randomly chosen sites in a sample of `sample` sites (IAF MD 1: at
/// least 25 %, rounded up).
pub fn random_minimum(sample: u64) -> u64 {
    MD1_RANDOM_SHARE.mul_ceil(sample)
}

/// Sites to audit at each audit of the cycle (IAF MD 1; domain reference §7.3 rule 10).
///
/// With sampling: ⌈√n⌉ initial, ⌈0.6√n⌉ surveillance, ⌈0.8√n⌉ recertification, plus the
/// central function. Without sampling (MD 1 6.2): every site at initial and
/// recertification audits, ⌈30 % of n⌉ plus the central function in surveillance.
/// `sites` of 0 is treated as 1.
pub fn sampled_sites(sites: u64, sampling_allowed: bool) -> SampledSites {
    let sites = sites.max(1);
    let n = sites - 1;
    let with_central = |k: u64| k.saturating_add(1).min(sites);
    if sampling_allowed {
        SampledSites {
            initial: with_central(sample_size(n, MD1_INITIAL_FACTOR)),
            surveillance: with_central(sample_size(n, MD1_SURVEILLANCE_FACTOR)),
            recertification: with_central(sample_size(n, MD1_RECERTIFICATION_FACTOR)),
            sampling: true,
            central_function_included: true,
        }
    } else {
        SampledSites {
            initial: sites,
            surveillance: with_central(MD1_NO_SAMPLING_SURVEILLANCE_SHARE.mul_ceil(n)),
            recertification: sites,
            sampling: false,
            central_function_included: true,
        }
    }
}
