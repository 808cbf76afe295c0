//! The simulated service: accounts and their passwords, the networks users log in from, the
//! leaks about them, and a day of honest logins. Attacks live in `attacks.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::words::{
    BROWSER_UAS, COMMON_PASSWORDS, FIRST_NAMES, HANDLE_WORDS, LAST_NAMES, MAIL_DOMAINS, MOBILE_UAS,
    SPRAY_FAVOURITES,
};
use super::{Attempt, Scenario, attacks};
use crate::fingerprint::normalize_user;

/// One day in milliseconds.
pub(super) const DAY_MS: i64 = 86_400_000;

/// What `build` returns to the writer.
pub(crate) struct Data {
    pub attempts: Vec<Attempt>,
    pub combos: Vec<(String, String)>,
    pub password_list: Vec<String>,
    /// Normalised users whose current password is in `combos`.
    pub exposed: BTreeSet<String>,
}

/// A service account.
#[derive(Debug, Clone)]
pub(super) struct Account {
    /// Registered name, normalised.
    pub user: String,
    /// How its owner usually types it.
    pub typed: String,
    pub password: String,
    /// The password before the last change (typed by habit now and then).
    pub old: Option<String>,
    /// The password this user has on another site, leaked under this name.
    pub other: Option<String>,
    pub home4: IpAddr,
    /// The home IPv6 /64 (upper 64 bits), when the ISP gives IPv6.
    pub home6: Option<u128>,
    pub carrier: usize,
    pub company: Option<usize>,
    pub vpn: Option<usize>,
    /// Offset of local time from UTC, hours.
    pub tz: i64,
    /// Mean logins on an active day.
    pub rate: u32,
    pub desktop_ua: &'static str,
    pub mobile_ua: &'static str,
    /// A monitoring test account.
    pub probe: bool,
}

/// Address plan: where honest users, proxies and attackers come from.
pub(super) struct AddrPlan {
    /// Residential ISP IPv4 /16s.
    pub isp4: Vec<[u8; 2]>,
    /// Residential ISP IPv6 /32s (upper 32 bits).
    pub isp6: Vec<u32>,
    /// Mobile carriers: public egress addresses of the carrier-grade NAT, and an IPv6 /32.
    pub carriers: Vec<(Vec<IpAddr>, u32)>,
    /// Corporate proxies: one egress address per company.
    pub companies: Vec<IpAddr>,
    /// Commercial VPN egress addresses (in hosting ranges).
    pub vpn: Vec<IpAddr>,
    /// Hosting / cloud IPv4 /16s.
    pub hosting4: Vec<[u8; 2]>,
    /// Hosting / cloud IPv6 /32s.
    pub hosting6: Vec<u32>,
}

/// Rates that shape the service; scenarios tweak them.
#[derive(Debug, Clone)]
pub(super) struct Params {
    /// Share of users with a password from the common list.
    pub common_share: f64,
    /// Share of users whose current password is in the combo list (reuse).
    pub exposed_share: f64,
    /// Share of users whose previous password is in the combo list.
    pub old_leaked_share: f64,
    /// Share of users with a different, leaked password from another site.
    pub other_leaked_share: f64,
    /// Nonexistent accounts in the combo list, per service account.
    pub fake_ratio: f64,
    /// Share of users who log in during the day.
    pub active_share: f64,
    /// Chance a session starts with a typo.
    pub typo_rate: f64,
    /// Chance a session is a forgotten password (several failures, sometimes giving up).
    pub forgot_rate: f64,
    /// Chance a user with a changed password types the old one first.
    pub old_habit: f64,
    /// Share of homes with IPv6.
    pub v6_share: f64,
    /// Share of users on a commercial VPN.
    pub vpn_share: f64,
    /// Share of users working behind a corporate proxy.
    pub employed_share: f64,
    /// Number of companies.
    pub companies: usize,
    /// Number of mobile carriers.
    pub carriers: usize,
    /// Public addresses per carrier NAT pool.
    pub carrier_pool: usize,
    /// Share of non-work sessions from mobile.
    pub mobile_share: f64,
}

impl Params {
    fn for_scenario(s: Scenario, n: usize) -> Params {
        let mut p = Params {
            common_share: 0.22,
            exposed_share: 0.05,
            old_leaked_share: 0.05,
            other_leaked_share: 0.04,
            fake_ratio: 4.0,
            active_share: 0.55,
            typo_rate: 0.05,
            forgot_rate: 0.008,
            old_habit: 0.2,
            v6_share: 0.35,
            vpn_share: 0.04,
            employed_share: 0.3,
            companies: (n / 150).clamp(2, 60),
            carriers: 4,
            carrier_pool: (n / 60).clamp(4, 256),
            mobile_share: 0.35,
        };
        match s {
            Scenario::Cgnat => {
                p.exposed_share = 0.12;
                p.old_leaked_share = 0.12;
                p.other_leaked_share = 0.06;
                p.old_habit = 0.35;
                p.employed_share = 0.45;
                p.companies = 2;
                p.carriers = 2;
                p.carrier_pool = 1;
                p.mobile_share = 0.55;
                p.active_share = 0.7;
                p.vpn_share = 0.06;
            }
            Scenario::Typos => {
                p.typo_rate = 0.18;
                p.forgot_rate = 0.05;
                p.old_leaked_share = 0.1;
                p.other_leaked_share = 0.08;
                p.old_habit = 0.35;
            }
            _ => {}
        }
        p
    }
}

/// The whole simulation state.
pub(super) struct World {
    pub seed: u64,
    pub rng: ChaCha8Rng,
    pub start: i64,
    pub p: Params,
    pub plan: AddrPlan,
    pub accounts: Vec<Account>,
    pub by_user: BTreeMap<String, usize>,
    /// Names that are not accounts here (for combo lists and attackers' target lists).
    pub fake_users: Vec<String>,
    pub combos: Vec<(String, String)>,
    pub exposed: BTreeSet<String>,
    pub attempts: Vec<Attempt>,
    /// Accounts whose current password must be leaked (set by scenario preparation).
    pub force_exposed: BTreeSet<usize>,
}

/// A fresh generator for one phase, independent of the others' consumption.
pub(super) fn fork(seed: u64, label: &str) -> ChaCha8Rng {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in label.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    ChaCha8Rng::seed_from_u64(seed ^ h.rotate_left(17))
}

/// Picks an element of a non-empty slice.
pub(super) fn pick<'a, T>(rng: &mut ChaCha8Rng, xs: &'a [T]) -> &'a T {
    &xs[rng.random_range(0..xs.len())]
}

/// Picks one of a non-empty list of static strings.
pub(super) fn pick_str(rng: &mut ChaCha8Rng, xs: &[&'static str]) -> &'static str {
    xs.get(rng.random_range(0..xs.len()))
        .copied()
        .unwrap_or_default()
}

/// Exponential delay with the given mean, in milliseconds (at least 1).
pub(super) fn exp_ms(rng: &mut ChaCha8Rng, mean_ms: f64) -> i64 {
    let u: f64 = rng.random_range(1e-9..1.0);
    ((-u.ln() * mean_ms) as i64).max(1)
}

/// A common password drawn with Zipf-like frequencies (rank r has weight r^-0.9).
pub(super) fn common_password(rng: &mut ChaCha8Rng) -> &'static str {
    // Inverse-CDF of a continuous approximation: fast and good enough for a shape.
    let n = COMMON_PASSWORDS.len() as f64;
    let s = 0.9;
    let max = (n + 1.0).powf(1.0 - s) - 1.0;
    let u: f64 = rng.random_range(0.0..1.0);
    let r = (u * max + 1.0).powf(1.0 / (1.0 - s)) - 1.0;
    let i = (r as usize).min(COMMON_PASSWORDS.len() - 1);
    COMMON_PASSWORDS[i]
}

/// A password that is not on common lists: random, passphrase, or name + digits + symbol.
pub(super) fn strong_password(rng: &mut ChaCha8Rng) -> String {
    const CH: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#$%&*+-=?@_";
    match rng.random_range(0..10) {
        0..=4 => {
            let len = rng.random_range(10..18);
            (0..len).map(|_| char::from(*pick(rng, CH))).collect()
        }
        5..=6 => {
            let words: Vec<&str> = (0..4).map(|_| *pick(rng, HANDLE_WORDS)).collect();
            words.join(if rng.random_bool(0.5) { "-" } else { " " })
        }
        _ => {
            let mut name = pick(rng, FIRST_NAMES).to_string();
            if let Some(f) = name.get(..1) {
                name = f.to_uppercase() + name.get(1..).unwrap_or("");
            }
            let sym = *pick(rng, &["!", ".", "#", "", "?", "$"]);
            format!("{name}{}{sym}", rng.random_range(1950..2012))
        }
    }
}

/// A mistyped version of `pw`, never equal to it.
pub(super) fn typo(rng: &mut ChaCha8Rng, pw: &str) -> String {
    let chars: Vec<char> = pw.chars().collect();
    let t: String = if chars.len() < 2 {
        format!("{pw}1")
    } else {
        let i = rng.random_range(0..chars.len() - 1);
        match rng.random_range(0..5) {
            0 => {
                let mut c = chars.clone();
                c.swap(i, i + 1);
                c.into_iter().collect()
            }
            1 => chars
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, c)| *c)
                .collect(),
            2 => {
                let mut c = chars.clone();
                c.insert(i, chars[i]);
                c.into_iter().collect()
            }
            3 => chars
                .iter()
                .map(|c| {
                    if c.is_uppercase() {
                        c.to_lowercase().next().unwrap_or(*c)
                    } else {
                        c.to_uppercase().next().unwrap_or(*c)
                    }
                })
                .collect(),
            _ => format!("{pw}{}", pick(rng, &['1', '!', '.', 's', '0'])),
        }
    };
    if t == pw { format!("{pw}!") } else { t }
}

impl AddrPlan {
    fn new(rng: &mut ChaCha8Rng, p: &Params) -> AddrPlan {
        let isp4 = vec![
            [81, 56],
            [86, 201],
            [90, 12],
            [24, 17],
            [73, 45],
            [98, 210],
            [176, 133],
            [92, 184],
            [109, 190],
            [5, 147],
            [88, 160],
            [2, 13],
            [79, 87],
            [67, 180],
            [71, 202],
            [151, 40],
        ];
        let isp6 = vec![
            0x2a01_0e0a,
            0x2001_0861,
            0x2600_1700,
            0x2a02_8108,
            0x2003_00e6,
            0x2a02_a210,
        ];
        let hosting4 = vec![
            [45, 33],
            [104, 248],
            [138, 68],
            [159, 203],
            [51, 15],
            [185, 220],
            [194, 26],
            [5, 188],
            [167, 99],
            [149, 28],
            [89, 187],
            [193, 42],
        ];
        let hosting6 = vec![
            0x2a03_b0c0,
            0x2604_a880,
            0x2a01_04f8,
            0x2001_41d0,
            0x2a0e_97c0,
        ];
        let carrier_nets: [([u8; 2], u32); 6] = [
            ([37, 170], 0x2a01_cb1c),
            ([92, 40], 0x2a01_0598),
            ([172, 56], 0x2607_fb90),
            ([80, 187], 0x2a02_3033),
            ([46, 114], 0x2a04_4540),
            ([174, 240], 0x2600_1012),
        ];
        let mut carriers = Vec::new();
        for (net, v6) in carrier_nets.iter().take(p.carriers.max(1)) {
            let pool = (0..p.carrier_pool.max(1))
                .map(|_| host_in_16(rng, *net))
                .collect();
            carriers.push((pool, *v6));
        }
        const COMPANY_NETS: [[u8; 2]; 6] = [
            [193, 51],
            [62, 210],
            [212, 27],
            [217, 110],
            [194, 2],
            [64, 124],
        ];
        let companies = (0..p.companies.max(1))
            .map(|_| in_v4_16(rng, &COMPANY_NETS))
            .collect();
        let mut plan = AddrPlan {
            isp4,
            isp6,
            carriers,
            companies,
            vpn: Vec::new(),
            hosting4,
            hosting6,
        };
        plan.vpn = (0..12).map(|_| plan.hosting_v4(rng)).collect();
        plan
    }

    /// A random residential IPv4 address.
    pub fn isp_v4(&self, rng: &mut ChaCha8Rng) -> IpAddr {
        in_v4_16(rng, &self.isp4)
    }

    /// A random residential IPv6 /64 (upper 64 bits).
    pub fn isp_v6_64(&self, rng: &mut ChaCha8Rng) -> u128 {
        let p = u128::from(*pick(rng, &self.isp6));
        (p << 96) | (u128::from(rng.random::<u32>() & 0xffff_ff00) << 64)
    }

    /// A random hosting IPv4 address.
    pub fn hosting_v4(&self, rng: &mut ChaCha8Rng) -> IpAddr {
        in_v4_16(rng, &self.hosting4)
    }

    /// A random hosting IPv6 /64 (upper 64 bits).
    pub fn hosting_v6_64(&self, rng: &mut ChaCha8Rng) -> u128 {
        let p = u128::from(*pick(rng, &self.hosting6));
        (p << 96) | (u128::from(rng.random::<u32>()) << 64)
    }

    /// A random address of a mobile carrier's NAT pool.
    pub fn carrier_v4(&self, rng: &mut ChaCha8Rng, carrier: usize) -> IpAddr {
        match self.carriers.get(carrier % self.carriers.len().max(1)) {
            Some((pool, _)) if !pool.is_empty() => *pick(rng, pool),
            _ => self.isp_v4(rng),
        }
    }
}

/// An IPv4 address from octets.
pub(super) fn v4(a: u8, b: u8, c: u8, d: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(a, b, c, d))
}

/// An address with a random interface identifier inside a /64.
pub(super) fn in_64(rng: &mut ChaCha8Rng, p64: u128) -> IpAddr {
    let iid = u128::from(rng.random::<u64>() | 1);
    IpAddr::V6(Ipv6Addr::from(p64 | iid))
}

/// A user name: an e-mail address (most) or a handle.
pub(super) fn user_name(rng: &mut ChaCha8Rng) -> String {
    let f = *pick(rng, FIRST_NAMES);
    let l = *pick(rng, LAST_NAMES);
    let fi: String = f.chars().take(1).collect();
    if rng.random_bool(0.78) {
        let local = match rng.random_range(0..7) {
            0 | 1 => format!("{f}.{l}"),
            2 => format!("{fi}{l}"),
            3 => format!("{f}{l}{}", rng.random_range(1..99)),
            4 => format!("{f}_{l}"),
            5 => format!("{f}{}", rng.random_range(1960..2010)),
            _ => format!(
                "{}{}{}",
                pick(rng, HANDLE_WORDS),
                f,
                rng.random_range(1..999)
            ),
        };
        format!("{local}@{}", pick(rng, MAIL_DOMAINS))
    } else {
        match rng.random_range(0..4) {
            0 => format!(
                "{}{}{}",
                pick(rng, HANDLE_WORDS),
                pick(rng, HANDLE_WORDS),
                rng.random_range(1..100)
            ),
            1 => format!("{}_{}", pick(rng, HANDLE_WORDS), l),
            2 => format!("{fi}{l}{}", rng.random_range(1..100)),
            _ => format!("{f}{}", rng.random_range(100..10000)),
        }
    }
}

/// How someone might type a name: mostly as is, sometimes capitalised (mobile keyboards).
pub(super) fn typed_variant(rng: &mut ChaCha8Rng, user: &str) -> String {
    match rng.random_range(0..100) {
        0..=87 => user.to_string(),
        88..=95 => {
            let mut c = user.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        }
        96..=98 => user.to_uppercase(),
        _ => format!("{user} "),
    }
}

/// The diurnal weight of each local hour.
const DIURNAL: [f64; 24] = [
    2.0, 1.2, 0.8, 0.6, 0.6, 0.9, 2.0, 4.0, 6.0, 7.0, 7.0, 7.0, 7.5, 7.0, 6.5, 6.5, 7.0, 7.5, 8.0,
    9.0, 9.0, 8.0, 6.0, 4.0,
];

/// A local hour of the day drawn from the diurnal curve, within `[lo, hi)`.
fn diurnal_hour(rng: &mut ChaCha8Rng, lo: usize, hi: usize) -> usize {
    let hi = hi.min(24);
    let total: f64 = DIURNAL.get(lo..hi).map_or(0.0, |s| s.iter().sum());
    let mut x = rng.random_range(0.0..total.max(1e-9));
    for h in lo..hi {
        let w = DIURNAL.get(h).copied().unwrap_or(0.0);
        if x < w {
            return h;
        }
        x -= w;
    }
    hi.saturating_sub(1)
}

impl World {
    fn new(scenario: Scenario, seed: u64, n: usize, start: i64) -> World {
        let p = Params::for_scenario(scenario, n);
        let mut rng = fork(seed, "world");
        let plan = AddrPlan::new(&mut rng, &p);
        let mut w = World {
            seed,
            rng,
            start,
            p,
            plan,
            accounts: Vec::with_capacity(n),
            by_user: BTreeMap::new(),
            fake_users: Vec::new(),
            combos: Vec::new(),
            exposed: BTreeSet::new(),
            attempts: Vec::new(),
            force_exposed: BTreeSet::new(),
        };
        w.make_accounts(n);
        w
    }

    fn make_accounts(&mut self, n: usize) {
        let rng = &mut self.rng;
        let mut tries = 0;
        while self.accounts.len() < n && tries < n * 50 {
            tries += 1;
            let name = user_name(rng);
            let user = normalize_user(&name).into_owned();
            if self.by_user.contains_key(&user) {
                continue;
            }
            let password = if rng.random_bool(self.p.common_share) {
                common_password(rng).to_string()
            } else {
                strong_password(rng)
            };
            let old = if rng.random_bool(0.25 + self.p.old_leaked_share) {
                Some(if rng.random_bool(0.4) {
                    common_password(rng).to_string()
                } else {
                    strong_password(rng)
                })
            } else {
                None
            }
            .filter(|o| *o != password);
            let home6 = rng
                .random_bool(self.p.v6_share)
                .then(|| self.plan.isp_v6_64(rng));
            let acc = Account {
                typed: if rng.random_bool(0.04) {
                    typed_variant(rng, &name)
                } else {
                    user.clone()
                },
                user: user.clone(),
                password,
                old,
                other: None,
                home4: self.plan.isp_v4(rng),
                home6,
                carrier: rng.random_range(0..self.plan.carriers.len().max(1)),
                company: rng
                    .random_bool(self.p.employed_share)
                    .then(|| rng.random_range(0..self.plan.companies.len().max(1))),
                vpn: rng
                    .random_bool(self.p.vpn_share)
                    .then(|| rng.random_range(0..self.plan.vpn.len())),
                tz: *pick(rng, &[0, 0, 0, 1, 1, 1, 2, -5, -5, -6, -8, 9, 8, 5]),
                rate: *pick(rng, &[1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 6]),
                desktop_ua: pick_str(rng, BROWSER_UAS),
                mobile_ua: pick_str(rng, MOBILE_UAS),
                probe: false,
            };
            self.by_user.insert(user, self.accounts.len());
            self.accounts.push(acc);
        }
        // Names that are not accounts: most of any combo list is about other services' users.
        let want = (n as f64 * self.p.fake_ratio) as usize + 50;
        let mut fakes = BTreeSet::new();
        let mut tries = 0;
        while fakes.len() < want && tries < want * 50 {
            tries += 1;
            let name = user_name(rng);
            let norm = normalize_user(&name).into_owned();
            if !self.by_user.contains_key(&norm) && !fakes.contains(&norm) {
                fakes.insert(norm);
                self.fake_users.push(name);
            }
        }
    }

    /// Adds a new account (monitoring test accounts).
    pub fn add_account(&mut self, acc: Account) -> usize {
        let i = self.accounts.len();
        self.by_user.insert(acc.user.clone(), i);
        self.accounts.push(acc);
        i
    }

    /// Does this login succeed against the service?
    pub fn check(&self, user: &str, password: &str) -> bool {
        self.by_user
            .get(normalize_user(user).as_ref())
            .and_then(|&i| self.accounts.get(i))
            .is_some_and(|a| a.password == password)
    }

    /// Records an attempt, deciding `ok` against the service.
    pub fn push(
        &mut self,
        ts: i64,
        user: &str,
        ip: IpAddr,
        password: &str,
        ua: &'static str,
        who: Who,
    ) -> bool {
        let ok = self.check(user, password);
        self.attempts.push(Attempt {
            ts,
            user: user.to_string(),
            ip,
            password: password.to_string(),
            ok,
            ua,
            attack: who.attack,
            tag: who.tag,
        });
        ok
    }

    /// Builds the combo list from the account flags.
    fn build_leaks(&mut self) {
        let mut rng = fork(self.seed, "leaks");
        let mut combos = Vec::new();
        let n = self.accounts.len();
        for i in 0..n {
            let Some(acc) = self.accounts.get(i) else {
                continue;
            };
            if acc.probe {
                continue;
            }
            let listed = typed_variant(&mut rng, &acc.user);
            if self.force_exposed.contains(&i) || rng.random_bool(self.p.exposed_share) {
                combos.push((listed.clone(), acc.password.clone()));
                self.exposed.insert(acc.user.clone());
            }
            if let Some(old) = &acc.old
                && rng.random_bool(self.p.old_leaked_share / (0.25 + self.p.old_leaked_share))
            {
                combos.push((listed.clone(), old.clone()));
            }
            if rng.random_bool(self.p.other_leaked_share) {
                let other = if rng.random_bool(0.5) {
                    common_password(&mut rng).to_string()
                } else {
                    strong_password(&mut rng)
                };
                if other != acc.password {
                    combos.push((listed, other.clone()));
                    if let Some(a) = self.accounts.get_mut(i) {
                        a.other = Some(other);
                    }
                }
            }
        }
        for u in &self.fake_users {
            let pw = if rng.random_bool(0.45) {
                common_password(&mut rng).to_string()
            } else {
                strong_password(&mut rng)
            };
            combos.push((u.clone(), pw));
            if rng.random_bool(0.08) {
                // The same address leaked twice with different passwords.
                let pw2 = if rng.random_bool(0.5) {
                    let s = strong_password(&mut rng);
                    typo(&mut rng, &s)
                } else {
                    common_password(&mut rng).to_string()
                };
                combos.push((u.clone(), pw2));
            }
        }
        // Dumps are shuffled and contain duplicates.
        let dups: Vec<(String, String)> = (0..combos.len() / 100)
            .map(|_| pick(&mut rng, &combos).clone())
            .collect();
        combos.extend(dups);
        shuffle(&mut rng, &mut combos);
        self.combos = combos;
    }

    /// The leaked-password list: the common list, plus sprayers' seasonal favourites.
    fn password_list(&self) -> Vec<String> {
        let mut seen = BTreeSet::new();
        COMMON_PASSWORDS
            .iter()
            .chain(SPRAY_FAVOURITES)
            .filter(|p| seen.insert(**p))
            .map(|p| p.to_string())
            .collect()
    }

    /// A UTC time in the day for a user's local hour window `[lo, hi)`.
    fn session_time(&mut self, tz: i64, lo: usize, hi: usize) -> i64 {
        let h = diurnal_hour(&mut self.rng, lo, hi) as i64;
        let within = self.rng.random_range(0..3_600_000);
        let local = h * 3_600_000 + within;
        self.start + (local - tz * 3_600_000).rem_euclid(DAY_MS)
    }

    /// A day of honest logins for every (non-probe) account.
    fn honest_day(&mut self) {
        let n = self.accounts.len();
        for i in 0..n {
            let Some(acc) = self.accounts.get(i).cloned() else {
                continue;
            };
            if acc.probe || !self.rng.random_bool(self.p.active_share) {
                continue;
            }
            let sessions = self.rng.random_range(1..=acc.rate);
            // A device with the old password saved keeps retrying it in the background.
            let stale_device = acc.old.is_some() && self.rng.random_bool(0.04);
            for _ in 0..sessions {
                self.honest_session(&acc, stale_device);
            }
        }
    }

    /// One honest session: where from, which password attempts, success or giving up.
    fn honest_session(&mut self, acc: &Account, stale_device: bool) {
        let at_work = acc.company.is_some() && self.rng.random_bool(0.6);
        let t0 = if at_work {
            self.session_time(acc.tz, 8, 18)
        } else {
            self.session_time(acc.tz, 0, 24)
        };
        let rng = &mut self.rng;
        let (ip, ua, shared) = if let (true, Some(c)) = (at_work, acc.company) {
            let ip = self.plan.companies.get(c).copied().unwrap_or(acc.home4);
            (ip, acc.desktop_ua, true)
        } else if let Some(v) = acc.vpn.filter(|_| rng.random_bool(0.7)) {
            (
                self.plan.vpn.get(v).copied().unwrap_or(acc.home4),
                acc.desktop_ua,
                true,
            )
        } else if rng.random_bool(self.p.mobile_share) {
            let (pool_ok, v6) = match self.plan.carriers.get(acc.carrier) {
                Some((_, v6)) => (true, *v6),
                None => (false, 0),
            };
            if pool_ok && rng.random_bool(0.3) {
                // Mobile IPv6: a fresh /64 per attachment, no sharing.
                let p64 = (u128::from(v6) << 96) | (u128::from(rng.random::<u32>()) << 64);
                (in_64(rng, p64), acc.mobile_ua, false)
            } else {
                (self.plan.carrier_v4(rng, acc.carrier), acc.mobile_ua, true)
            }
        } else {
            match acc.home6 {
                // Privacy addresses: several per day inside the home /64.
                Some(p64) if rng.random_bool(0.7) => (in_64(rng, p64), acc.desktop_ua, false),
                _ => (acc.home4, acc.desktop_ua, false),
            }
        };
        let user = if rng.random_bool(0.05) {
            typed_variant(rng, &acc.user)
        } else {
            acc.typed.clone()
        };

        let mut wrong: Vec<String> = Vec::new();
        let mut give_up = false;
        if stale_device && ua == acc.mobile_ua {
            if let Some(old) = &acc.old {
                for _ in 0..rng.random_range(1..4) {
                    wrong.push(old.clone());
                }
            }
        } else if let Some(old) = acc
            .old
            .as_ref()
            .filter(|_| rng.random_bool(self.p.old_habit))
        {
            wrong.push(old.clone());
        }
        if let Some(other) = acc.other.as_ref().filter(|_| rng.random_bool(0.08)) {
            wrong.push(other.clone());
        }
        if rng.random_bool(self.p.typo_rate) {
            wrong.push(typo(rng, &acc.password));
            if rng.random_bool(0.2) {
                wrong.push(typo(rng, &acc.password));
            }
        }
        if rng.random_bool(self.p.forgot_rate) {
            for _ in 0..rng.random_range(3..9) {
                let guess = match rng.random_range(0..5) {
                    0 => acc.old.clone().unwrap_or_else(|| typo(rng, &acc.password)),
                    1 => acc
                        .other
                        .clone()
                        .unwrap_or_else(|| common_password(rng).to_string()),
                    2 => common_password(rng).to_string(),
                    _ => typo(rng, &acc.password),
                };
                if guess != acc.password {
                    wrong.push(guess);
                }
            }
            give_up = rng.random_bool(0.4);
        }
        let tag = if !wrong.is_empty() {
            "typos"
        } else if shared {
            "cgnat"
        } else {
            "honest"
        };
        let mut t = t0;
        for w in wrong {
            self.push(t, &user, ip, &w, ua, Who::honest(tag));
            t += if stale_device {
                self.rng.random_range(300..4000)
            } else {
                self.rng.random_range(3000..25_000)
            };
        }
        if !give_up {
            self.push(t, &user, ip, &acc.password, ua, Who::honest(tag));
        }
    }
}

/// Who makes an attempt: an attacker or not, and the scenario tag.
#[derive(Debug, Clone, Copy)]
pub(super) struct Who {
    pub attack: bool,
    pub tag: &'static str,
}

impl Who {
    /// An attacker in scenario `tag`.
    pub fn attack(tag: &'static str) -> Who {
        Who { attack: true, tag }
    }
    /// An honest user (or probe) with behaviour `tag`.
    pub fn honest(tag: &'static str) -> Who {
        Who { attack: false, tag }
    }
}

/// Fisher-Yates with our generator.
pub(super) fn shuffle<T>(rng: &mut ChaCha8Rng, xs: &mut [T]) {
    for i in (1..xs.len()).rev() {
        let j = rng.random_range(0..=i);
        xs.swap(i, j);
    }
}

/// Builds the whole data set of a scenario.
pub(crate) fn build(scenario: Scenario, seed: u64, n: usize, start: i64) -> Data {
    let mut w = World::new(scenario, seed, n, start);
    let plan = attacks::prepare(&mut w, scenario);
    w.build_leaks();
    w.honest_day();
    attacks::run(&mut w, scenario, &plan);
    let password_list = w.password_list();
    Data {
        attempts: w.attempts,
        combos: w.combos,
        password_list,
        exposed: w.exposed,
    }
}

/// Orders events as a log merged from several servers: each server's stream is in time order
/// (with a small clock skew), and the merge takes blocks from the servers by block start time,
/// so neighbouring blocks overlap and the file is only roughly sorted.
pub(crate) fn interleave(attempts: &[Attempt], seed: u64) -> Vec<Attempt> {
    const SERVERS: usize = 4;
    let mut rng = fork(seed, "interleave");
    let skew: Vec<i64> = (0..SERVERS)
        .map(|s| {
            if s == 0 {
                0
            } else {
                rng.random_range(-400..400)
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..attempts.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&attempts[a], &attempts[b]);
        (x.ts, &x.user, x.ip)
            .cmp(&(y.ts, &y.user, y.ip))
            .then(a.cmp(&b))
    });
    let mut per_server: Vec<Vec<Attempt>> = vec![Vec::new(); SERVERS];
    for i in order {
        let s = rng.random_range(0..SERVERS);
        let mut a = attempts[i].clone();
        a.ts += skew[s];
        per_server[s].push(a);
    }
    let mut blocks: Vec<(i64, usize, Vec<Attempt>)> = Vec::new();
    for (s, evs) in per_server.into_iter().enumerate() {
        let mut it = evs.into_iter().peekable();
        while it.peek().is_some() {
            let size = rng.random_range(16..256);
            let block: Vec<Attempt> = it.by_ref().take(size).collect();
            let first = block.first().map_or(0, |a| a.ts);
            blocks.push((first, s, block));
        }
    }
    blocks.sort_by_key(|(t, s, _)| (*t, *s));
    blocks.into_iter().flat_map(|(_, _, b)| b).collect()
}

/// A random host address inside one of the /16 networks `nets` (given by their first two octets).
fn in_v4_16(rng: &mut ChaCha8Rng, nets: &[[u8; 2]]) -> IpAddr {
    let n = *pick(rng, nets);
    host_in_16(rng, n)
}

/// A random host address inside the /16 network `net` (its first two octets).
fn host_in_16(rng: &mut ChaCha8Rng, net: [u8; 2]) -> IpAddr {
    v4(
        net[0],
        net[1],
        rng.random_range(0..=255),
        rng.random_range(1..255),
    )
}
