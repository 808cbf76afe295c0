//! The attacks (and the monitoring probes) added to the honest day, one function each.
//!
//! Attackers draw their addresses from the same hosting, residential and mobile ranges honest
//! users use, and send the same browser user agents: nothing but behaviour and leaks separates
//! them.

use std::net::IpAddr;

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::Scenario;
use super::words::{BROWSER_UAS, COMMON_PASSWORDS, HEADLESS_UAS, MOBILE_UAS, SPRAY_FAVOURITES};
use super::world::{
    Account, DAY_MS, Who, World, exp_ms, fork, in_64, pick, shuffle, strong_password,
};

/// Choices made before the leaks and the honest day are generated.
pub(super) struct Plan {
    /// Passwords the sprayer will try.
    spray: Vec<&'static str>,
    /// Accounts the brute-forcer attacks (the first has a guessable password).
    brute: Vec<usize>,
    /// Accounts taken before the day starts.
    taken: Vec<usize>,
    /// Monitoring test accounts.
    probes: Vec<usize>,
}

fn wants(s: Scenario, x: Scenario) -> bool {
    s == x || s == Scenario::RealisticDay
}

/// Prepares the service for a scenario: guessable passwords for sprayers and brute-forcers,
/// accounts already taken, monitoring test accounts.
pub(super) fn prepare(w: &mut World, s: Scenario) -> Plan {
    let mut rng = fork(w.seed, "prepare");
    let n = w.accounts.len();
    let real = s == Scenario::RealisticDay;
    let mut plan = Plan {
        spray: Vec::new(),
        brute: Vec::new(),
        taken: Vec::new(),
        probes: Vec::new(),
    };

    if wants(s, Scenario::Spraying) {
        let mut favs: Vec<&'static str> = SPRAY_FAVOURITES.to_vec();
        shuffle(&mut rng, &mut favs);
        plan.spray = favs.into_iter().take(if real { 3 } else { 4 }).collect();
        // Some users do pick this season's password.
        let k = ((n as f64) * if real { 0.004 } else { 0.01 })
            .ceil()
            .max(3.0) as usize;
        for _ in 0..k {
            let i = rng.random_range(0..n);
            if let Some(a) = w.accounts.get_mut(i) {
                a.password = pick(&mut rng, &plan.spray).to_string();
            }
        }
    }
    if wants(s, Scenario::Bruteforce) {
        let k = if real { 2 } else { 3 };
        for j in 0..k {
            let i = rng.random_range(0..n);
            if plan.brute.contains(&i) {
                continue;
            }
            if let Some(a) = w.accounts.get_mut(i) {
                a.password = if j == 0 {
                    COMMON_PASSWORDS[rng.random_range(20..150)].to_string()
                } else {
                    strong_password(&mut rng)
                };
            }
            plan.brute.push(i);
        }
    }
    if wants(s, Scenario::TakeoverFollowup) {
        let k = if real {
            (n / 400).max(3)
        } else {
            (n / 100).max(5)
        };
        for _ in 0..k {
            let i = rng.random_range(0..n);
            if !plan.taken.contains(&i) && !plan.brute.contains(&i) {
                plan.taken.push(i);
                w.force_exposed.insert(i);
            }
        }
    }
    if wants(s, Scenario::Monitoring) {
        let k = if real { 12 } else { 40 };
        let regions = [
            "eu-west",
            "eu-central",
            "us-east",
            "us-west",
            "ap-south",
            "ap-northeast",
        ];
        for j in 0..k {
            let region = regions[j % regions.len()];
            let name = match j % 3 {
                0 => format!("synthetic-{region}-{j:02}@monitoring.shopco.example"),
                1 => format!("e2e-login-{j:02}@qa.shopco.example"),
                _ => format!("uptime_check_{j:02}"),
            };
            let password = if rng.random_bool(0.3) {
                pick(&mut rng, &["Test1234", "test123", "Welcome1"]).to_string()
            } else {
                strong_password(&mut rng)
            };
            let home4 = w.plan.hosting_v4(&mut rng);
            let acc = Account {
                user: name.clone(),
                typed: name,
                password,
                old: None,
                other: None,
                home4,
                home6: None,
                carrier: 0,
                company: None,
                vpn: None,
                tz: 0,
                rate: 1,
                desktop_ua: HEADLESS_UAS[0],
                mobile_ua: HEADLESS_UAS[0],
                probe: true,
            };
            plan.probes.push(w.add_account(acc));
        }
    }
    plan
}

/// Adds the scenario's attacks (and probes) to the world's attempts.
pub(super) fn run(w: &mut World, s: Scenario, plan: &Plan) {
    let n = w.accounts.len();
    let real = s == Scenario::RealisticDay;
    let mut rng = fork(w.seed, "attacks");
    let day = w.start;
    let mut successes: Vec<(i64, String, String)> = Vec::new();

    if wants(s, Scenario::Stuffing) {
        // The concentrated campaign: a few hosting addresses, fast.
        let k_ips = rng.random_range(1..=3);
        let ips: Vec<IpAddr> = (0..k_ips).map(|_| w.plan.hosting_v4(&mut rng)).collect();
        let pairs = if real { n / 2 } else { n * 3 / 2 };
        let t0 = day + rng.random_range(0..DAY_MS - 4 * 3_600_000);
        let list = replay_list(w, &mut rng, pairs, if real { 0.1 } else { 0.0 });
        successes.extend(replay(w, &mut rng, &list, t0, 1200.0, &ips, "stuffing"));
        // Low and slow from one residential proxy address.
        let ip = w.plan.isp_v4(&mut rng);
        let pairs = n / 10;
        let t0 = day + rng.random_range(0..DAY_MS / 2);
        let list = replay_list(w, &mut rng, pairs, if real { 0.1 } else { 0.0 });
        successes.extend(replay(w, &mut rng, &list, t0, 40_000.0, &[ip], "stuffing"));
    }
    if wants(s, Scenario::Distributed) {
        let pairs = if real { n * 2 / 5 } else { n * 2 };
        successes.extend(distributed(w, &mut rng, pairs, real));
    }
    if wants(s, Scenario::Spraying) {
        spraying(w, &mut rng, &plan.spray, if real { 0.25 } else { 0.85 });
    }
    if wants(s, Scenario::Bruteforce) {
        for &i in &plan.brute {
            bruteforce(w, &mut rng, i);
        }
    }
    if wants(s, Scenario::Ipv6Rotation) {
        let pairs = if real { n / 12 } else { n * 4 / 5 };
        let p64 = w.plan.hosting_v6_64(&mut rng);
        let list = replay_list(w, &mut rng, pairs, 0.0);
        let t0 = day + rng.random_range(0..DAY_MS - 4 * 3_600_000);
        let mut t = t0;
        let gap = fit_gap(1500.0, list.len(), day + DAY_MS - t0);
        let mut ip = in_64(&mut rng, p64);
        for (u, p) in list {
            if rng.random_bool(0.85) {
                ip = in_64(&mut rng, p64);
            }
            let ua = *pick(&mut rng, BROWSER_UAS);
            if w.push(t, &u, ip, &p, ua, Who::attack("ipv6-rotation")) {
                successes.push((t, u, p));
            }
            t += exp_ms(&mut rng, gap);
        }
    }
    if wants(s, Scenario::TakeoverFollowup) || real {
        let mut victims: Vec<(i64, String, String)> = plan
            .taken
            .iter()
            .filter_map(|&i| w.accounts.get(i))
            .map(|a| (day, a.typed.clone(), a.password.clone()))
            .collect();
        if real {
            // Half of today's takeovers are used again later in the day.
            victims.extend(successes.iter().filter(|_| rng.random_bool(0.5)).cloned());
        }
        followup(w, &mut rng, &victims);
    }
    if wants(s, Scenario::Monitoring) {
        monitoring(w, &mut rng, &plan.probes, real);
    }
}

/// The pairs an attacker replays: a sample of the public combo list, plus a share from a
/// private list that the defender's leak corpus does not hold.
fn replay_list(
    w: &World,
    rng: &mut ChaCha8Rng,
    n: usize,
    private_share: f64,
) -> Vec<(String, String)> {
    let mut idx: Vec<usize> = (0..w.combos.len()).collect();
    shuffle(rng, &mut idx);
    let mut out = Vec::with_capacity(n);
    for k in 0..n {
        if private_share > 0.0 && rng.random_bool(private_share) {
            if rng.random_bool(0.02) {
                let a = pick(rng, &w.accounts);
                if !a.probe {
                    out.push((a.typed.clone(), a.password.clone()));
                    continue;
                }
            }
            let u = pick(rng, &w.fake_users).clone();
            out.push((u, strong_password(rng)));
            continue;
        }
        if let Some(&i) = idx.get(k % idx.len().max(1))
            && let Some(c) = w.combos.get(i)
        {
            out.push(c.clone());
        }
    }
    out
}

/// Replays pairs from a set of addresses, round robin with jitter. Returns the successes.
fn replay(
    w: &mut World,
    rng: &mut ChaCha8Rng,
    list: &[(String, String)],
    t0: i64,
    mean_gap_ms: f64,
    ips: &[IpAddr],
    tag: &'static str,
) -> Vec<(i64, String, String)> {
    let mut out = Vec::new();
    let mut t = t0;
    let mean_gap_ms = fit_gap(mean_gap_ms, list.len(), w.start + DAY_MS - t0);
    let rotate_ua = rng.random_bool(0.5);
    let fixed_ua = *pick(rng, BROWSER_UAS);
    for (u, p) in list {
        let ip = *pick(rng, ips);
        let ua = if rotate_ua {
            *pick(rng, BROWSER_UAS)
        } else {
            fixed_ua
        };
        if w.push(t, u, ip, p, ua, Who::attack(tag)) {
            out.push((t, u.clone(), p.clone()));
        }
        t += exp_ms(rng, mean_gap_ms);
    }
    out
}

/// The mean gap between a campaign's `count` attempts: `mean_ms`, or shorter when that would
/// run past `budget_ms` (large worlds keep their attacks inside the day).
fn fit_gap(mean_ms: f64, count: usize, budget_ms: i64) -> f64 {
    // Exponential gaps overshoot their mean now and then: aim at 90% of the budget.
    let fit = 0.9 * budget_ms.max(1) as f64 / count.max(1) as f64;
    mean_ms.min(fit)
}

/// A botnet / residential-proxy campaign: thousands of sources, 1-4 attempts each, some of
/// them addresses honest users use too (infected homes, mobile carrier NAT).
fn distributed(
    w: &mut World,
    rng: &mut ChaCha8Rng,
    pairs: usize,
    real: bool,
) -> Vec<(i64, String, String)> {
    let list = replay_list(w, rng, pairs, if real { 0.1 } else { 0.0 });
    let dur = rng.random_range(6..16) * 3_600_000;
    let t_start = w.start + rng.random_range(0..DAY_MS - dur);
    let mut out = Vec::new();
    let mut i = 0;
    while i < list.len() {
        let ip: IpAddr = match rng.random_range(0..100) {
            0..=54 => w.plan.isp_v4(rng),
            55..=69 => {
                let p64 = w.plan.isp_v6_64(rng);
                in_64(rng, p64)
            }
            70..=84 => pick(rng, &w.accounts).home4,
            _ => {
                let c = rng.random_range(0..w.plan.carriers.len().max(1));
                w.plan.carrier_v4(rng, c)
            }
        };
        let ua = if rng.random_bool(0.3) {
            *pick(rng, MOBILE_UAS)
        } else {
            *pick(rng, BROWSER_UAS)
        };
        let k = *pick(rng, &[1, 1, 1, 1, 1, 2, 2, 2, 3, 4]);
        let mut t = t_start + rng.random_range(0..dur);
        for _ in 0..k {
            let Some((u, p)) = list.get(i) else { break };
            i += 1;
            if w.push(t, u, ip, p, ua, Who::attack("distributed")) {
                out.push((t, u.clone(), p.clone()));
            }
            t += exp_ms(rng, 120_000.0);
        }
    }
    out
}

/// Password spraying: each password in turn across many accounts (mostly real, harvested
/// names), from a few addresses, with a pause between rounds to stay under lockouts.
fn spraying(w: &mut World, rng: &mut ChaCha8Rng, passwords: &[&'static str], coverage: f64) {
    let k_ips = rng.random_range(2..=4);
    let ips: Vec<IpAddr> = (0..k_ips).map(|_| w.plan.hosting_v4(rng)).collect();
    // A harvested user list: a share of the real accounts, plus names that do not exist here.
    let mut users: Vec<String> = Vec::new();
    for a in &w.accounts {
        if !a.probe && rng.random_bool(coverage) {
            users.push(a.user.clone());
        }
    }
    let fakes = users.len() * 3 / 7;
    for _ in 0..fakes {
        users.push(pick(rng, &w.fake_users).clone());
    }
    users.sort();
    users.dedup();
    let mut t = w.start + rng.random_range(0..DAY_MS / 3);
    let ua = *pick(rng, BROWSER_UAS);
    // Half the rest of the day for the attempts, a third for the pauses.
    let budget = w.start + DAY_MS - t;
    let gap = fit_gap(2500.0, users.len() * passwords.len(), budget / 2);
    let max_pause = budget / 3 / (passwords.len() as i64).max(1);
    for pw in passwords {
        shuffle(rng, &mut users);
        for u in &users {
            let ip = *pick(rng, &ips);
            w.push(t, u, ip, pw, ua, Who::attack("spraying"));
            t += exp_ms(rng, gap);
        }
        t += (rng.random_range(45..120) * 60_000).min(max_pause);
    }
}

/// Brute force on one account: a wordlist in order, then simple mutations, until one works.
fn bruteforce(w: &mut World, rng: &mut ChaCha8Rng, target: usize) {
    let Some(acc) = w.accounts.get(target).cloned() else {
        return;
    };
    let ips: Vec<IpAddr> = (0..rng.random_range(1..=2))
        .map(|_| {
            if rng.random_bool(0.7) {
                w.plan.hosting_v4(rng)
            } else {
                w.plan.isp_v4(rng)
            }
        })
        .collect();
    let stem: String = acc
        .user
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    let mut words: Vec<String> = COMMON_PASSWORDS.iter().map(|p| p.to_string()).collect();
    for suffix in ["1", "123", "2026", "!", "2025", "12", "01"] {
        words.push(format!("{stem}{suffix}"));
    }
    let cap = rng.random_range(250..400);
    let mut t = w.start + rng.random_range(0..DAY_MS - 3 * 3_600_000);
    let ua = *pick(rng, BROWSER_UAS);
    for p in words.iter().take(cap) {
        let ip = *pick(rng, &ips);
        if w.push(t, &acc.typed, ip, p, ua, Who::attack("bruteforce")) {
            break;
        }
        t += exp_ms(rng, 1500.0);
    }
}

/// The attacker using accounts it holds: successful logins from its own sources, later in
/// the day; some sources also check a few other stolen pairs.
fn followup(w: &mut World, rng: &mut ChaCha8Rng, victims: &[(i64, String, String)]) {
    if victims.is_empty() {
        return;
    }
    let k = (victims.len() / 3).max(2);
    let sources: Vec<IpAddr> = (0..k)
        .map(|_| match rng.random_range(0..10) {
            0..=4 => w.plan.hosting_v4(rng),
            5..=7 => w.plan.isp_v4(rng),
            _ => {
                let p64 = w.plan.hosting_v6_64(rng);
                in_64(rng, p64)
            }
        })
        .collect();
    let end = w.start + DAY_MS;
    for (t_taken, u, p) in victims {
        let home = *pick(rng, &sources);
        for _ in 0..rng.random_range(1..=3) {
            let lo = (*t_taken + 3_600_000).min(end - 1);
            let t = rng.random_range(lo..end);
            let ip = if rng.random_bool(0.7) {
                home
            } else {
                *pick(rng, &sources)
            };
            let ua = *pick(rng, BROWSER_UAS);
            w.push(t, u, ip, p, ua, Who::attack("takeover-followup"));
        }
    }
    for &ip in &sources {
        if rng.random_bool(0.4) {
            let mut t = w.start + rng.random_range(0..DAY_MS - 600_000);
            for _ in 0..rng.random_range(1..=4) {
                let (u, p) = pick(rng, &w.combos).clone();
                let ua = *pick(rng, BROWSER_UAS);
                w.push(t, &u, ip, &p, ua, Who::attack("takeover-followup"));
                t += exp_ms(rng, 20_000.0);
            }
        }
    }
}

/// Synthetic monitoring: a few probe sources log into the test accounts all day, in turn;
/// once, a probe runs with a stale password for a while after a rotation.
fn monitoring(w: &mut World, rng: &mut ChaCha8Rng, probes: &[usize], real: bool) {
    if probes.is_empty() {
        return;
    }
    let k = if real { 3 } else { 4 };
    let mut sources: Vec<IpAddr> = (0..k - 1).map(|_| w.plan.hosting_v4(rng)).collect();
    let p64 = w.plan.hosting_v6_64(rng);
    sources.push(in_64(rng, p64));
    let interval = if real { 240_000.0 } else { 180_000.0 };
    let broken = rng.random_range(0..sources.len());
    let incident_start = w.start + rng.random_range(0..DAY_MS - 3_600_000);
    let incident_end = incident_start + rng.random_range(20..45) * 60_000;
    let end = w.start + DAY_MS;
    for (si, &ip) in sources.iter().enumerate() {
        let ua = *pick(rng, HEADLESS_UAS);
        let mut t = w.start + rng.random_range(0..120_000);
        let mut j = rng.random_range(0..probes.len());
        while t < end {
            let Some(acc) = probes
                .get(j % probes.len())
                .and_then(|&i| w.accounts.get(i))
            else {
                break;
            };
            let (user, good) = (acc.typed.clone(), acc.password.clone());
            let pw = if si == broken && (incident_start..incident_end).contains(&t) {
                format!("{good}-old")
            } else {
                good
            };
            w.push(t, &user, ip, &pw, ua, Who::honest("monitoring"));
            j += 1;
            t += (interval * rng.random_range(0.8..1.2)) as i64;
        }
    }
}
