//! Chance bounds the rules use to tell a pattern from coincidence on shared addresses.

/// P(X >= k) for X ~ Binomial(n, p), summed in log space from k up (terms shrink fast past the
/// mean; k is at least half of n where it is used).
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
    let mut term = (ln_c + k * p.ln() + (n - k) * (1.0 - p).ln()).exp();
    let mut sum = 0.0;
    let mut i = k;
    while i <= n && term > 0.0 {
        sum += term;
        // pmf(i + 1) = pmf(i) * (n - i) / (i + 1) * p / (1 - p)
        term *= (n - i) / (i + 1.0) * p / (1.0 - p);
        i += 1.0;
    }
    sum.min(1.0)
}

/// The fewest failed replays near a login that `logins` logins would all meet by chance with
/// probability at most `max_chance`, when replays fall near each with Poisson rate `lambda`.
pub fn replays_needed(lambda: f64, logins: u32, max_chance: f64) -> u32 {
    let mut term = (-lambda).exp(); // P(X = 0)
    let mut below = term; // P(X < k) for k = 1
    for k in 1..64u32 {
        if f64::from(logins) * (1.0 - below) <= max_chance {
            return k;
        }
        term *= lambda / f64::from(k);
        below += term;
    }
    64
}

#[cfg(test)]
mod tests {
    use super::binomial_tail;

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
        assert_eq!(binomial_tail(5, 0, 0.3), 1.0);
        assert_eq!(binomial_tail(5, 6, 0.3), 0.0);
        assert_eq!(binomial_tail(5, 2, 0.0), 0.0);
        assert_eq!(binomial_tail(5, 2, 1.0), 1.0);
    }
}
