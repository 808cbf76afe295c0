//! Chance bounds the rules use to tell a pattern from coincidence on shared addresses.

/// Milliseconds of `within` (first, last) that lie within `reach` of one of `times` (sorted):
/// the windows around the times merged where they overlap. The time a login at a random
/// moment would meet one of them in, for the chance bounds below.
pub fn cover(times: &[i64], reach: i64, (first, last): (i64, i64)) -> i64 {
    let (mut covered, mut end) = (0i64, i64::MIN);
    for &t in times {
        let lo = t.saturating_sub(reach).max(first).max(end);
        let hi = t.saturating_add(reach).min(last);
        covered = covered.saturating_add(hi.saturating_sub(lo).max(0));
        end = end.max(hi);
    }
    covered
}

/// P(X >= k) for X ~ Binomial(n, p), summed in log space from k up until the terms no longer
/// count (a first term too small for a float, on a large address below its mean, no longer
/// reads as an improbable count).
pub fn binomial_tail(n: u32, k: u32, p: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let (n, k) = (f64::from(n), f64::from(k));
    // ln C(n, k) as a sum of ln((n - k + j) / j).
    let mut ln_c = 0.0;
    let mut j = 1.0;
    while j <= k {
        ln_c += ((n - k + j) / j).ln();
        j += 1.0;
    }
    let mut ln_term = ln_c + k * p.ln() + (n - k) * (1.0 - p).ln();
    let mut ln_sum = f64::NEG_INFINITY;
    let mut i = k;
    while i <= n {
        ln_sum = ln_add(ln_sum, ln_term);
        // Past the mode the terms only shrink: stop when they no longer change the sum.
        if i >= n * p && ln_term < ln_sum - 40.0 {
            break;
        }
        // pmf(i + 1) = pmf(i) * (n - i) / (i + 1) * p / (1 - p)
        ln_term += ((n - i) / (i + 1.0) * p / (1.0 - p)).ln();
        i += 1.0;
    }
    ln_sum.exp().min(1.0)
}

/// ln(e^a + e^b), either may be minus infinity.
fn ln_add(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
    if lo == f64::NEG_INFINITY {
        hi
    } else {
        hi + (lo - hi).exp().ln_1p()
    }
}

/// The fewest failed replays near a login that `logins` logins would all meet by chance with
/// probability at most `max_chance`, when replays fall near each with Poisson rate `lambda`.
///
/// Exact for any rate: the Poisson distribution's terms are summed from where they start to
/// matter (about twelve standard deviations below the mean on a busy carrier address, where
/// `exp(-lambda)` itself underflows) to where the tail is negligible. (Until session 19 the
/// search stopped at 64, so that on an address whose bots replay a hundred pairs a minute every
/// leaked-pair login met "enough" replays.)
pub fn replays_needed(lambda: f64, logins: u32, max_chance: f64) -> u32 {
    let logins = f64::from(logins);
    if lambda.is_nan() || lambda <= 0.0 || logins <= max_chance {
        return 1;
    }
    // Below `from` the terms add up to less than 1e-30: taken as none.
    let from = if lambda < 400.0 {
        0
    } else {
        (lambda - 12.0 * lambda.sqrt()).floor() as u32
    };
    let mut term = if from == 0 {
        (-lambda).exp()
    } else {
        (-lambda + f64::from(from) * lambda.ln() - ln_factorial(from)).exp()
    }; // P(X = from)
    let mut below = term; // P(X < k) for k = from + 1
    let end = (lambda + 40.0 * lambda.sqrt() + 64.0).min(f64::from(u32::MAX - 1)) as u32;
    for k in from + 1..=end {
        if logins * (1.0 - below) <= max_chance {
            return k;
        }
        term *= lambda / f64::from(k);
        below += term;
    }
    end + 1
}

/// ln(k!) by Stirling's series (used for k of a hundred and more: error below 1e-12).
fn ln_factorial(k: u32) -> f64 {
    let k = f64::from(k);
    k * k.ln() - k + 0.5 * (2.0 * std::f64::consts::PI * k).ln() + 1.0 / (12.0 * k)
        - 1.0 / (360.0 * k * k * k)
}

#[cfg(test)]
mod tests {
    use super::{binomial_tail, replays_needed};

    /// Against the sum of the exact probabilities (computed with Python's math.comb).
    #[test]
    fn binomial_tail_matches_exact_sums() {
        for (n, k, p, want) in [
            (7, 4, 0.127, 0.006612892991636921),
            (4, 4, 0.063, 1.5752961e-05),
            (1000, 600, 0.5, 1.3642320780330092e-10),
            (30, 20, 0.2, 3.830523741370089e-08),
        ] {
            let got = binomial_tail(n, k, p);
            assert!(
                (got - want).abs() <= want * 1e-9,
                "{n} {k} {p}: {got} vs {want}"
            );
        }
        // Large counts at or below the mean: the first term underflows a float, the tail does
        // not (exact sums from Python's math.lgamma).
        for (n, k, p, want) in [
            (2000, 1000, 0.5, 0.5089195055725735),
            (100_000, 50_000, 0.6, 1.0),
            (3000, 1600, 0.5, 0.00013928198051951833),
        ] {
            let got = binomial_tail(n, k, p);
            assert!(
                (got - want).abs() <= want * 1e-6,
                "{n} {k} {p}: {got} vs {want}"
            );
        }
        assert_eq!(binomial_tail(5, 0, 0.3), 1.0);
        assert_eq!(binomial_tail(5, 6, 0.3), 0.0);
        assert_eq!(binomial_tail(5, 2, 0.0), 0.0);
        assert_eq!(binomial_tail(5, 2, 1.0), 1.0);
    }

    /// Against the smallest k with logins * P(X >= k) <= max_chance, P summed exactly in log
    /// space (Python's math.lgamma): small rates as before, and the busy carrier address's
    /// rates, which the search used to give up on at 64.
    #[test]
    fn replays_needed_matches_exact_poisson_tails() {
        for (lambda, logins, want) in [
            (0.5, 1, 4),
            (10.0, 3, 21),
            (64.0, 1, 87),
            (100.0, 10, 135),
            (416.6667, 60_000, 529),
            (1000.0, 1, 1083),
            (10_000.0, 1000, 10_446),
        ] {
            assert_eq!(
                replays_needed(lambda, logins, 0.005),
                want,
                "{lambda} {logins}"
            );
        }
        assert_eq!(replays_needed(0.0, 5, 0.005), 1);
        assert_eq!(replays_needed(f64::NAN, 5, 0.005), 1);
        assert_eq!(replays_needed(3.0, 0, 0.005), 1);
    }
}
