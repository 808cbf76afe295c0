//! The binary on hand-made nights where the verdict rests on behaviour alone: logs without
//! credential fingerprints, and networks whose addresses belong to strangers.

mod common;

use common::{
    Night, Rng, account_col, assert_rule, background, bursty_guesser, first_col, locked_out_owner,
    owner_forgets_twice, slow_guesser, stuffer,
};

/// A carrier address shared by a guessing bot and honest subscribers, in a log without
/// fingerprints: a login there cannot be told from the owner's, so none is convicted.
#[test]
fn shared_address_without_fingerprints_does_not_convict_its_residents() {
    let mut n = Night::default();
    let mut rng = Rng(21);
    background(&mut n, 50, &mut rng);
    let nat = "100.64.7.7";
    for i in 0..15 {
        n.ev(
            10_000 + i * 300,
            &format!("target{i}@mail.test"),
            nat,
            false,
            "x",
        );
    }
    for i in 0..5 {
        n.ev(
            20_000 + i * 900,
            &format!("resident{i}@mail.test"),
            nat,
            true,
            "own",
        );
    }
    n.strip_fingerprints();
    let (c, e) = n.detect();
    assert!(c.is_empty(), "{c:?}");
    assert!(e.is_empty());
}

/// A log without fingerprints: a guessing bot at a VPN exit fails on 50 accounts from 02:00
/// and 50 more from 08:00, and gets into one; the exit's own users log in at noon, 14:00 and
/// 16:00, and one of them at 02:10, while the bot works. Logins at random hours would fall in
/// step with the bot as often as these do (`guess_min_idle_logins`): none is convicted, and
/// both are with the check off. At a guesser's own address where one other account logs in
/// at noon, its four hits all in step are no chance, and they are convicted.
#[test]
fn a_guessers_exit_whose_people_log_in_at_other_hours_convicts_none_without_fingerprints() {
    let mut n = Night::default();
    let mut rng = Rng(28);
    background(&mut n, 50, &mut rng);
    let exit = "100.64.9.9";
    for burst in [2 * 3600, 8 * 3600] {
        for i in 0..50 {
            let user = format!("t{burst}-{i}@mail.test");
            n.ev(burst + i * 30, &user, exit, false, "x");
        }
    }
    n.ev(8 * 3600 + 50 * 30, "hit@mail.test", exit, true, "x");
    n.ev(2 * 3600 + 600 + 7, "early@mail.test", exit, true, "own");
    for (i, h) in [12, 14, 16].into_iter().enumerate() {
        n.ev(
            h * 3600 + 11,
            &format!("user-{i}@mail.test"),
            exit,
            true,
            "own",
        );
    }
    let own = "203.0.113.88";
    for i in 0..120 {
        let ok = i % 30 == 7;
        n.ev(3 * 3600 + i * 30, &format!("v{i}@mail.test"), own, ok, "x");
    }
    n.ev(12 * 3600, "neighbour@mail.test", own, true, "own");
    n.strip_fingerprints();
    let taken = [
        "v37@mail.test",
        "v67@mail.test",
        "v7@mail.test",
        "v97@mail.test",
    ];
    let (c, _) = n.detect();
    assert_eq!(c, taken);
    let (c, _) = n.detect_with("[rules]\nguess_min_idle_logins = 0\n");
    let mut all = vec!["early@mail.test", "hit@mail.test"];
    all.extend(taken);
    all.sort_unstable();
    assert_eq!(c, all);
}

/// The same bot alone on its address: most accounts it tried failed, and its few logins are
/// convicted, fingerprints or not.
#[test]
fn guessing_address_without_fingerprints_is_convicted() {
    let mut n = Night::default();
    let mut rng = Rng(22);
    background(&mut n, 50, &mut rng);
    for i in 0..60 {
        let ok = i % 30 == 4;
        n.ev(
            10_000 + i * 30,
            &format!("target{i}@mail.test"),
            "203.0.113.77",
            ok,
            "x",
        );
    }
    n.strip_fingerprints();
    let (c, _) = n.detect();
    assert_eq!(c, vec!["target34@mail.test", "target4@mail.test"]);
}

/// Rotation inside one IPv6 /64 (one subscriber's network) without fingerprints: each address
/// is quiet, the /64 guesses on many accounts.
#[test]
fn rotation_inside_one_ipv6_64_without_fingerprints() {
    let mut n = Night::default();
    let mut rng = Rng(23);
    background(&mut n, 50, &mut rng);
    for i in 0..50 {
        let ok = i == 10 || i == 33;
        n.ev(
            5_000 + i * 40,
            &format!("v6victim{i}@mail.test"),
            &format!("2001:db8:bad:1:{:x}::{:x}", i * 7 + 1, i + 3),
            ok,
            "hunter2",
        );
    }
    n.strip_fingerprints();
    let (c, _) = n.detect_rows();
    let got: Vec<(&str, &str, &str)> = c.iter().map(|r| (&r[0], &r[2], &r[3])).collect();
    // Convicted by the network; each row names the login's own address too.
    assert_eq!(
        got,
        vec![
            (
                "v6victim10@mail.test",
                "2001:db8:bad:1:47::d",
                "2001:db8:bad:1::/64"
            ),
            (
                "v6victim33@mail.test",
                "2001:db8:bad:1:e8::24",
                "2001:db8:bad:1::/64"
            ),
        ]
    );
}

/// Without password fingerprints, twenty failures spread over an afternoon (a device or a
/// job retrying a saved old password) then a login are not brute force; twenty in three
/// minutes are, and so are twenty at one every two minutes (slower than fail2ban bans).
#[test]
fn brute_force_without_fingerprints_needs_a_dense_run() {
    let mut n = Night::default();
    let mut rng = Rng(24);
    background(&mut n, 50, &mut rng);
    for i in 0..20 {
        n.ev(
            40_000 + i * 1_800,
            "stale@mail.test",
            "192.0.2.60",
            false,
            "old",
        );
        n.ev(
            40_000 + i * 9,
            "admin@corp.test",
            "203.0.113.9",
            false,
            &format!("g{i}"),
        );
        n.ev(
            10_000 + i * 120,
            "root@host.test",
            "203.0.113.10",
            false,
            &format!("g{i}"),
        );
    }
    n.ev(80_000, "stale@mail.test", "192.0.2.60", true, "new");
    n.ev(40_200, "admin@corp.test", "203.0.113.9", true, "dragon");
    n.ev(
        10_000 + 20 * 120,
        "root@host.test",
        "203.0.113.10",
        true,
        "toor",
    );
    n.strip_fingerprints();
    let (c, _) = n.detect();
    assert_eq!(c, vec!["admin@corp.test", "root@host.test"]);
}

/// A guesser at `ip` fails on `admin@corp.test` with 30 passwords in a minute, then logs in
/// (at 50,060 s).
fn guess_in(n: &mut Night, ip: &str) {
    for i in 0..30 {
        n.ev(
            50_000 + i * 2,
            "admin@corp.test",
            ip,
            false,
            &format!("g{i}"),
        );
    }
    n.ev(50_060, "admin@corp.test", ip, true, "dragon");
}

/// Without password fingerprints, a household's television retries a stale saved password
/// every five minutes from 08:00 to 20:00 while its owner logs in at 09:30 from the same
/// address with the new one: twenty failures in a dense run, then a login, which the
/// unlogged brute-force tier used to convict. Its attempts go on for hours after that login
/// (`brute_unlogged_end_secs`), so it does not; a guesser's attempts end at its login, one
/// still in flight landing a moment later, and it is convicted. With the check off (0), and
/// the session check too, the household is convicted.
#[test]
fn brute_force_without_fingerprints_ends_at_the_login() {
    let mut n = Night::default();
    let mut rng = Rng(26);
    background(&mut n, 50, &mut rng);
    let home = "192.0.2.77";
    for i in 0..144 {
        n.ev(
            8 * 3600 + i * 300,
            "household@mail.test",
            home,
            false,
            "old",
        );
    }
    n.ev(
        9 * 3600 + 1800 + 7,
        "household@mail.test",
        home,
        true,
        "new",
    );
    guess_in(&mut n, "203.0.113.19");
    n.ev(50_061, "admin@corp.test", "203.0.113.19", false, "g30");
    n.strip_fingerprints();
    let (c, _) = n.detect();
    assert_eq!(c, vec!["admin@corp.test"]);
    // The session check (the next test) would refuse the household too: off here.
    let (c, _) = n.detect_with("[rules]\nbrute_unlogged_session_secs = 0\n");
    assert_eq!(c, vec!["admin@corp.test"]);
    let (c, _) =
        n.detect_with("[rules]\nbrute_unlogged_end_secs = 0\nbrute_unlogged_session_secs = 0\n");
    assert_eq!(c, vec!["admin@corp.test", "household@mail.test"]);
}

/// Without password fingerprints, a phone retries a stale saved password every two minutes
/// from 08:00 to 11:00 from its owner's address; the owner logs in there from a browser at
/// 09:15, and at 11:00 the phone, fixed, logs in itself. The failures form a dense run that
/// ends at a login, as a guesser's do, but they go on for hours after the run's first login
/// (`brute_unlogged_session_secs`), so it is no brute force. A guesser that gets in and comes
/// back four minutes later still is. With the check off (0) the owner is convicted too.
#[test]
fn brute_force_without_fingerprints_ends_minutes_after_its_first_login() {
    let mut n = Night::default();
    let mut rng = Rng(27);
    background(&mut n, 50, &mut rng);
    let home = "192.0.2.78";
    for i in 0..90 {
        n.ev(8 * 3600 + i * 120, "phone@mail.test", home, false, "old");
    }
    n.ev(9 * 3600 + 900 + 7, "phone@mail.test", home, true, "new");
    n.ev(11 * 3600 + 5, "phone@mail.test", home, true, "new");
    guess_in(&mut n, "203.0.113.20");
    n.ev(50_300, "admin@corp.test", "203.0.113.20", true, "dragon");
    n.strip_fingerprints();
    let (c, _) = n.detect();
    assert_eq!(c, vec!["admin@corp.test"]);
    let (c, _) = n.detect_with("[rules]\nbrute_unlogged_session_secs = 0\n");
    assert_eq!(c, vec!["admin@corp.test", "phone@mail.test"]);
    let (c, _) = n.detect_with("[rules]\nbrute_unlogged_session_secs = 200\n");
    assert_eq!(c, Vec::<String>::new());
}

/// Without password fingerprints, a phone retrying a stale saved password every two minutes
/// fails at its owner's home from 07:00 and at the campus NAT from 08:00, where, fixed, it
/// logs in at 09:01. At the campus address alone the run has a guesser's shape (dense, ending
/// at the login), but the account had failed 30 times at home in the two hours before it
/// began there (`brute_unlogged_roam_fails`): a device that roams, not a guesser, whose run
/// begins at its own address. With the check off (0) the phone is convicted.
#[test]
fn brute_force_without_fingerprints_is_no_roaming_phone() {
    let mut n = Night::default();
    let mut rng = Rng(29);
    background(&mut n, 50, &mut rng);
    let (home, campus) = ("192.0.2.79", "198.18.4.4");
    for i in 0..30 {
        n.ev(7 * 3600 + i * 120, "student@uni.test", home, false, "old");
        n.ev(8 * 3600 + i * 120, "student@uni.test", campus, false, "old");
    }
    n.ev(9 * 3600 + 60, "student@uni.test", campus, true, "new");
    guess_in(&mut n, "203.0.113.21");
    n.strip_fingerprints();
    let (c, _) = n.detect();
    assert_eq!(c, vec!["admin@corp.test"]);
    let (c, _) = n.detect_with("[rules]\nbrute_unlogged_roam_fails = 0\n");
    assert_eq!(c, vec!["admin@corp.test", "student@uni.test"]);
}

/// Logs without fingerprints: one saved old password retried is told from many guesses only
/// by the run's shape. A device polling every eight minutes until its owner updates it, a
/// stale device failing beside its owner's logins hours apart, and a mail client that logged
/// in before its failures, are no brute force; a guesser at four tries per ten minutes (under
/// fail2ban's limit) that gets in is.
#[test]
fn brute_force_without_fingerprints_is_a_dense_run_holding_every_login() {
    let mut n = Night::default();
    let mut rng = Rng(27);
    background(&mut n, 50, &mut rng);
    // Polls every 480 s with the old password, 16 times, then logs in once updated.
    for i in 0..16 {
        n.ev(
            7 * 3600 + i * 480,
            "poller@mail.test",
            "192.0.2.81",
            false,
            "old",
        );
    }
    n.ev(
        7 * 3600 + 16 * 480,
        "poller@mail.test",
        "192.0.2.81",
        true,
        "new",
    );
    // Fails every 200 s for an hour; its owner logs in from the same address among the
    // failures and again in the afternoon.
    for i in 0..20 {
        n.ev(
            8 * 3600 + i * 200,
            "owner@mail.test",
            "192.0.2.82",
            false,
            "old",
        );
    }
    n.ev(8 * 3600 + 610, "owner@mail.test", "192.0.2.82", true, "new");
    n.ev(14 * 3600, "owner@mail.test", "192.0.2.82", true, "new");
    // A mail client logs in every ten minutes all morning; the owner changes the password
    // elsewhere, it fails every minute for twenty, and logs in once updated.
    for i in 0..12 {
        n.ev(
            6 * 3600 + i * 600,
            "mailer@mail.test",
            "192.0.2.83",
            true,
            "old",
        );
    }
    for i in 0..20 {
        n.ev(
            8 * 3600 + i * 60,
            "mailer@mail.test",
            "192.0.2.83",
            false,
            "old",
        );
    }
    n.ev(
        8 * 3600 + 20 * 60,
        "mailer@mail.test",
        "192.0.2.83",
        true,
        "new",
    );
    // Guesses every 150 s, 20 times, then gets in and stops.
    for i in 0..20 {
        n.ev(
            10 * 3600 + i * 150,
            "victim@corp.test",
            "203.0.113.44",
            false,
            &format!("g{i}"),
        );
    }
    n.ev(
        10 * 3600 + 20 * 150,
        "victim@corp.test",
        "203.0.113.44",
        true,
        "summer",
    );
    n.strip_fingerprints();
    let (c, _) = n.detect();
    assert_eq!(c, vec!["victim@corp.test"]);
    // Session 34's pace (600 s per failure) convicted the poller.
    let (c, _) = n.detect_with("[rules]\nbrute_unlogged_secs_per_fail = 600\n");
    assert_eq!(c, vec!["poller@mail.test", "victim@corp.test"]);
}

/// A botnet's proxies fail leaked pairs from four addresses of a residential IPv4 /24; a
/// neighbour whose own current password is leaked logs in once from another address of it.
/// IPv4 neighbours are strangers: the login is exposed, not compromised. (The same replays
/// from one IPv6 /64 convict it, within the hour of them.)
#[test]
fn leaked_login_next_to_a_botnets_ipv4_proxies_is_exposed_not_compromised() {
    for (net, expect_compromised) in [("v4", false), ("v6", true)] {
        let mut n = Night::default();
        let mut rng = Rng(25);
        background(&mut n, 50, &mut rng);
        let addr = |i: u32| match net {
            "v4" => format!("81.56.12.{}", 10 + i),
            _ => format!("2001:db8:77:1::{:x}", 10 + i),
        };
        for b in 0..4u32 {
            for k in 0..2u32 {
                let u = format!("replayed{b}{k}@mail.test");
                n.leak(&u, "dump-pw");
                n.ev(
                    10_000 + i64::from(b * 600 + k * 60),
                    &u,
                    &addr(b),
                    false,
                    "dump-pw",
                );
            }
        }
        n.leak("neighbour@mail.test", "reused");
        // Within the hour of the replays (`stuffing_reach_secs`).
        n.ev(12_500, "neighbour@mail.test", &addr(9), true, "reused");
        let (c, e) = n.detect();
        if expect_compromised {
            assert_eq!(c, vec!["neighbour@mail.test"], "{net}");
        } else {
            assert!(c.is_empty(), "{net}: {c:?}");
            assert_eq!(e, vec!["neighbour@mail.test"], "{net}");
        }
    }
}

/// A busy carrier NAT: honest subscribers all day, a bot's failed replays spread over the day,
/// and an exposed subscriber logging in 30 s after one of them. One replay near a login is what
/// chance gives there; a stray event a month later (another server's clock) must not make the
/// night look thirty times longer and the replays thirty times rarer.
#[test]
fn stray_timestamp_does_not_thin_out_a_busy_addresss_replays() {
    let mut n = Night::default();
    let mut rng = Rng(26);
    background(&mut n, 50, &mut rng);
    let nat = "100.64.9.9";
    for i in 0..12 {
        for k in 0..3 {
            n.ev(
                1_000 + i * 7_000 + k * 300,
                &format!("sub{i}@mail.test"),
                nat,
                true,
                "own",
            );
        }
    }
    for i in 0..20 {
        let u = format!("replayed{i}@mail.test");
        n.leak(&u, "dump-pw");
        n.ev(2_000 + i * 4_000, &u, nat, false, "dump-pw");
    }
    n.leak("exposed@mail.test", "reused");
    n.ev(
        2_000 + 7 * 4_000 + 30,
        "exposed@mail.test",
        nat,
        true,
        "reused",
    );
    n.ev(30 * 86_400, "late@mail.test", "192.0.2.99", true, "own");
    let (c, e) = n.detect();
    assert!(c.is_empty(), "{c:?}");
    assert_eq!(e, vec!["exposed@mail.test"]);
}

/// Brute force from two addresses of different networks taking turns, each under the
/// per-source threshold (in one /24 the network would sum them); the one
/// that logs in failed with 12 passwords. Beside it, a sprayer tries ten common passwords on
/// many accounts, and one of those owners, who forgot their password, fails with eleven of
/// their own before logging in: the sprayer's guesses are not counted toward theirs.
#[test]
fn brute_force_split_over_two_addresses() {
    let mut n = Night::default();
    let mut rng = Rng(27);
    background(&mut n, 50, &mut rng);
    for i in 0..24 {
        let ip = if i % 2 == 0 {
            "203.0.113.21"
        } else {
            "198.51.100.22"
        };
        n.ev(
            30_000 + i * 3,
            "admin@corp.test",
            ip,
            false,
            &format!("guess{i}"),
        );
    }
    n.ev(30_100, "admin@corp.test", "198.51.100.22", true, "dragon");
    for a in 0..30 {
        for p in 0..10 {
            n.ev(
                40_000 + a * 10 + p,
                &format!("sprayed{a}@mail.test"),
                "198.18.0.9",
                false,
                &format!("common{p}"),
            );
        }
    }
    for f in 0..11 {
        n.ev(
            50_000 + f * 20,
            "sprayed7@mail.test",
            "192.0.2.77",
            false,
            &format!("maybe{f}"),
        );
    }
    n.ev(50_400, "sprayed7@mail.test", "192.0.2.77", true, "finally");
    let (c, _) = n.detect_rows();
    let users: Vec<&str> = c.iter().filter_map(|r| r.get(0)).collect();
    assert_eq!(users, vec!["admin@corp.test"]);
    // The row carries the login's own address's figures, as other rules' rows do: that address
    // tried one account, failed there with 12 distinct passwords, then logged in.
    let row = &c[0];
    let col = |name: &str| -> &str {
        let i = credsieve::report::ACCOUNT_HEADER
            .iter()
            .position(|c| *c == name)
            .unwrap();
        row.get(i).unwrap()
    };
    assert_eq!(col("rule"), "brute-force-sources");
    assert_eq!(col("source"), "198.51.100.22");
    assert_eq!(col("src_accounts"), "1");
    assert_eq!(col("pair_attempts"), "13");
    assert_eq!(col("pair_fails"), "12");
}

/// Hit and run: bots of a proxy pool each try two accounts from an address within a minute and
/// move on; the pair that fails is from another dump (not in the leaks), the other is a leaked
/// pair that works. Nothing marks the failure as a replay; the address did nothing else all
/// night. One more bot, paced by its proxy, fails and logs in eight minutes apart. Beside them, owners whose current password is leaked: one first typed a wrong user
/// name (with their own password) and logged in seconds later; one logged in from a home
/// address where a housemate failed once in the evening; one from an address where someone
/// failed with another password half an hour later.
#[test]
fn hit_and_run_bots_are_convicted_owners_are_not() {
    let mut n = Night::default();
    let mut rng = Rng(31);
    background(&mut n, 50, &mut rng);
    let mut expect = Vec::new();
    for b in 0..6 {
        let ip = format!("100.{}.3.{}", 70 + b, 9 + b);
        let (hit, miss) = (format!("hit{b}@mail.test"), format!("miss{b}@mail.test"));
        n.leak(&hit, "leaked-pass");
        let t = 10_000 + b * 1_000;
        if b % 2 == 0 {
            n.ev(t, &miss, &ip, false, &format!("other-dump-{b}"));
            n.ev(t + 40, &hit, &ip, true, "leaked-pass");
        } else {
            n.ev(t, &hit, &ip, true, "leaked-pass");
            n.ev(t + 90, &miss, &ip, false, &format!("other-dump-{b}"));
        }
        expect.push(hit);
    }
    n.leak("paced.hit@mail.test", "leaked-pass");
    n.ev(
        20_000,
        "paced.miss@mail.test",
        "100.80.3.9",
        false,
        "other-dump",
    );
    n.ev(
        20_480,
        "paced.hit@mail.test",
        "100.80.3.9",
        true,
        "leaked-pass",
    );
    expect.push("paced.hit@mail.test".to_string());
    // The owner who typed another user name with their own password first.
    n.leak("typo.owner@mail.test", "reused-pw");
    n.ev(
        40_000,
        "typo.ownr@mail.test",
        "192.0.2.50",
        false,
        "reused-pw",
    );
    n.ev(
        40_012,
        "typo.owner@mail.test",
        "192.0.2.50",
        true,
        "reused-pw",
    );
    // The owner whose housemate failed once, in the evening.
    n.leak("home.owner@mail.test", "reused-pw2");
    n.ev(
        41_000,
        "home.owner@mail.test",
        "192.0.2.51",
        true,
        "reused-pw2",
    );
    n.ev(70_000, "housemate@mail.test", "192.0.2.51", false, "forgot");
    // The owner with a failure on another account half an hour later.
    n.leak("late.owner@mail.test", "reused-pw3");
    n.ev(
        42_000,
        "late.owner@mail.test",
        "192.0.2.52",
        true,
        "reused-pw3",
    );
    n.ev(43_800, "someone@mail.test", "192.0.2.52", false, "guess");
    expect.sort();
    let (c, e) = n.detect_rows();
    assert_eq!(first_col(&c), expect);
    assert_rule(&c, "hit-and-run");
    assert_eq!(
        first_col(&e),
        vec![
            "home.owner@mail.test",
            "late.owner@mail.test",
            "typo.owner@mail.test"
        ]
    );
}

/// A hundred users logging in once each from their own home address, every `leaked_every`-th
/// with a leaked password: the night's exposure.
fn home_logins(n: &mut Night, leaked_every: i64) {
    for i in 0..100 {
        let (u, pw) = (format!("home{i}@mail.test"), format!("own-{i}"));
        if i % leaked_every == 0 {
            n.leak(&u, &pw);
        }
        n.ev(
            1_000 + i * 300,
            &u,
            &format!("198.51.100.{}", 1 + i),
            true,
            &pw,
        );
    }
}

/// Takeover reuse weighs an address's leaked-pair logins against how common they are tonight:
/// where one login in seven uses a leaked pair, a carrier NAT on which four of seven
/// subscribers log in with their own (leaked) passwords is chance, while an address that logs
/// into four accounts with leaked pairs and nothing else is not.
#[test]
fn takeover_reuse_allows_for_the_nights_exposure() {
    let mut n = Night::default();
    home_logins(&mut n, 12);
    for i in 0..7 {
        let (u, pw) = (format!("sub{i}@mail.test"), format!("sub-own-{i}"));
        if i < 4 {
            n.leak(&u, &pw);
        }
        n.ev(5_000 + i * 2_000, &u, "100.70.0.1", true, &pw);
    }
    let mut taken = Vec::new();
    for i in 0..4 {
        let u = format!("victim{i}@mail.test");
        n.leak(&u, "leaked");
        n.ev(60_000 + i * 30, &u, "203.0.113.66", true, "leaked");
        taken.push(u);
    }
    let (c, e) = n.detect();
    assert_eq!(c, taken);
    assert_eq!(e.len(), 9 + 4, "{e:?}");
    assert!(
        e.iter().filter(|u| u.starts_with("sub")).count() == 4,
        "{e:?}"
    );
}

/// Takeover reuse counts the night's chances: an address logging into four accounts with
/// leaked pairs over an hour, on a night of a thousand logins of which one in five uses a
/// leaked pair, is convicted when a dozen other addresses logged into five accounts each (the
/// rest are homes of one user), but not when two hundred did: among that many addresses one is
/// expected to meet that count by chance now and then.
#[test]
fn takeover_reuse_counts_the_nights_chances() {
    for (offices, convicted) in [(12, true), (200, false)] {
        let mut n = Night::default();
        for h in 0..1_000 - 5 * offices {
            let (u, pw) = (format!("home{h}@mail.test"), format!("own-h{h}"));
            if h % 5 == 0 {
                n.leak(&u, &pw);
            }
            let ip = format!("198.{}.{}.{}", 18 + h / 60_000, h / 250 % 240, 1 + h % 250);
            n.ev(1_000 + h * 40, &u, &ip, true, &pw);
        }
        for o in 0..offices {
            let ip = format!("100.{}.{}.9", 64 + o / 200, o % 200);
            for i in 0..5 {
                let (u, pw) = (format!("staff{o}x{i}@mail.test"), format!("own-{o}-{i}"));
                if i == 0 {
                    n.leak(&u, &pw);
                }
                n.ev(2_000 + o * 50 + i * 600, &u, &ip, true, &pw);
            }
        }
        let taken: Vec<String> = (0..4).map(|i| format!("victim{i}@mail.test")).collect();
        for (i, u) in taken.iter().enumerate() {
            n.leak(u, "leaked");
            n.ev(60_000 + i as i64 * 1_200, u, "203.0.113.66", true, "leaked");
        }
        let (c, e) = n.detect_rows();
        let victims_exposed = first_col(&e)
            .iter()
            .filter(|u| u.starts_with("victim"))
            .count();
        if convicted {
            assert_eq!(first_col(&c), taken, "{offices} offices");
            assert_rule(&c, "takeover-reuse");
        } else {
            assert!(c.is_empty(), "{offices} offices: {:?}", first_col(&c));
            assert_eq!(victims_exposed, 4, "{offices} offices");
        }
    }
}

/// Without password fingerprints, a monitoring probe that logs in every five minutes and tests
/// a wrong password once an hour has 24 failures and a login right after each: it logs in far
/// more often than it fails, which a guessing run does not.
#[test]
fn probe_testing_a_wrong_password_hourly_is_not_brute_force() {
    let mut n = Night::default();
    let mut rng = Rng(41);
    background(&mut n, 50, &mut rng);
    for m in 0..288 {
        n.ev(
            m * 300 + 7,
            "probe@monitor.test",
            "192.0.2.200",
            true,
            "probe-pw",
        );
    }
    for h in 0..24 {
        n.ev(
            h * 3_600 + 100,
            "probe@monitor.test",
            "192.0.2.200",
            false,
            "wrong",
        );
    }
    n.strip_fingerprints();
    let (c, _) = n.detect();
    assert!(c.is_empty(), "{c:?}");
}

/// Hit and run with the attacker's private list: a bot logs in with a pair that is not in the
/// leaks seconds from its failed replay of a leaked pair on another account, and moves on.
/// Beside it, honest users with unleaked passwords: one at a home address a proxy bot passed
/// through a minute before (but who also logged in that night from elsewhere in the same ISP
/// block, their owner network), one 45 seconds from a failure that is not a replay (no leaked
/// pair; past the 30 seconds allowed without one), one next to a replay three minutes away.
#[test]
fn hit_and_run_unleaked_bots_are_convicted_owners_are_not() {
    let mut n = Night::default();
    let mut rng = Rng(37);
    background(&mut n, 50, &mut rng);
    let mut expect = Vec::new();
    for b in 0..4 {
        let ip = format!("100.{}.5.{}", 80 + b, 20 + b);
        let (hit, miss) = (format!("phit{b}@mail.test"), format!("pmiss{b}@mail.test"));
        n.leak(&miss, &format!("old-pass-{b}"));
        let t = 20_000 + b * 1_000;
        n.ev(t, &miss, &ip, false, &format!("old-pass-{b}"));
        n.ev(t + 20, &hit, &ip, true, &format!("private-{b}"));
        expect.push(hit);
    }
    // The owner at home, a proxy bot's replay a minute earlier; the owner also logged in from
    // another address of the same /16 that night.
    n.leak("victim.a@mail.test", "old-a");
    n.ev(50_000, "victim.a@mail.test", "198.51.7.7", false, "old-a");
    n.ev(50_050, "home.b@mail.test", "198.51.7.7", true, "own-b");
    n.ev(60_000, "home.b@mail.test", "198.51.99.1", true, "own-b");
    // 45 s from a failure that is no replay.
    n.ev(51_000, "typo.c@mail.test", "203.0.113.9", false, "wrong-c");
    n.ev(51_045, "home.c@mail.test", "203.0.113.9", true, "own-c");
    // Next to a replay three minutes away.
    n.leak("victim.d@mail.test", "old-d");
    n.ev(52_000, "victim.d@mail.test", "203.0.113.10", false, "old-d");
    n.ev(52_180, "home.d@mail.test", "203.0.113.10", true, "own-d");
    expect.sort();
    let (c, _) = n.detect_rows();
    assert_eq!(first_col(&c), expect);
    assert_rule(&c, "hit-and-run-unleaked");
}

/// A slow bot: its leaked-pair login and its failed replay of another leaked pair are twelve
/// minutes apart, past the plain hit-and-run window, inside the one a failed replay allows; a
/// second such bot's address fails once more hours later (the pool reuses it). Beside them, an
/// exposed owner twenty minutes from a replay, and exposed owners twelve minutes from a failure
/// that is no replay, and from a replay while they also log in elsewhere in their ISP's block.
#[test]
fn slow_hit_and_run_needs_a_replay_and_a_stranger() {
    let mut n = Night::default();
    let mut rng = Rng(41);
    background(&mut n, 50, &mut rng);
    n.leak("slow.hit@mail.test", "leaked-s");
    n.leak("slow.miss@mail.test", "old-s");
    n.ev(30_000, "slow.miss@mail.test", "100.90.1.1", false, "old-s");
    n.ev(30_720, "slow.hit@mail.test", "100.90.1.1", true, "leaked-s");
    n.leak("owner.e@mail.test", "leaked-e");
    n.ev(31_000, "typo.e@mail.test", "203.0.113.20", false, "wrong-e");
    n.ev(
        31_720,
        "owner.e@mail.test",
        "203.0.113.20",
        true,
        "leaked-e",
    );
    n.leak("owner.f@mail.test", "leaked-f");
    n.leak("victim.f@mail.test", "old-f");
    n.ev(32_000, "victim.f@mail.test", "198.51.8.8", false, "old-f");
    n.ev(32_720, "owner.f@mail.test", "198.51.8.8", true, "leaked-f");
    n.ev(
        40_000,
        "owner.f@mail.test",
        "198.51.200.3",
        true,
        "leaked-f",
    );
    n.leak("slow.hit2@mail.test", "leaked-s2");
    n.leak("slow.miss2@mail.test", "old-s2");
    n.ev(
        33_000,
        "slow.miss2@mail.test",
        "100.91.1.1",
        false,
        "old-s2",
    );
    n.ev(
        33_500,
        "slow.hit2@mail.test",
        "100.91.1.1",
        true,
        "leaked-s2",
    );
    n.ev(
        50_000,
        "later.miss@mail.test",
        "100.91.1.1",
        false,
        "later-s2",
    );
    n.leak("owner.k@mail.test", "leaked-k");
    n.leak("victim.k@mail.test", "old-k");
    n.ev(34_000, "victim.k@mail.test", "198.51.9.80", false, "old-k");
    n.ev(35_200, "owner.k@mail.test", "198.51.9.80", true, "leaked-k");
    let (c, e) = n.detect_rows();
    assert_eq!(
        first_col(&c),
        vec!["slow.hit2@mail.test", "slow.hit@mail.test"]
    );
    assert_eq!(
        first_col(&e),
        vec![
            "owner.e@mail.test",
            "owner.f@mail.test",
            "owner.k@mail.test"
        ]
    );
}

/// A slow bot of a proxy pool on several accounts: its address fails on three accounts over
/// forty minutes (pairs in no leak, so no replay) and logs into a fourth with a leaked pair ten
/// minutes after a failure. Beside it, exposed owners logging in at addresses a bot passes: just
/// before the bot's three failures, twenty-eight minutes after two, and twelve minutes after a
/// single one.
#[test]
fn slow_hit_and_run_on_several_accounts_follows_its_failures() {
    let mut n = Night::default();
    let mut rng = Rng(43);
    background(&mut n, 50, &mut rng);
    n.leak("slow.victim@mail.test", "leaked-v");
    n.ev(40_000, "list.a@mail.test", "100.92.1.1", false, "x-a");
    n.ev(40_900, "list.b@mail.test", "100.92.1.1", false, "x-b");
    n.ev(
        41_500,
        "slow.victim@mail.test",
        "100.92.1.1",
        true,
        "leaked-v",
    );
    n.ev(42_500, "list.c@mail.test", "100.92.1.1", false, "x-c");
    n.leak("owner.m@mail.test", "leaked-m");
    n.ev(50_000, "owner.m@mail.test", "100.93.1.1", true, "leaked-m");
    for (i, user) in ["pass.a@mail.test", "pass.b@mail.test", "pass.c@mail.test"]
        .iter()
        .enumerate()
    {
        n.ev(51_000 + 300 * i as i64, user, "100.93.1.1", false, "y");
    }
    n.leak("owner.n@mail.test", "leaked-n");
    n.ev(60_000, "pass.d@mail.test", "100.94.1.1", false, "z-d");
    n.ev(60_100, "pass.e@mail.test", "100.94.1.1", false, "z-e");
    n.ev(61_800, "owner.n@mail.test", "100.94.1.1", true, "leaked-n");
    n.leak("owner.o@mail.test", "leaked-o");
    n.ev(70_000, "pass.f@mail.test", "100.95.1.1", false, "z-f");
    n.ev(70_700, "owner.o@mail.test", "100.95.1.1", true, "leaked-o");
    let (c, e) = n.detect_rows();
    assert_eq!(first_col(&c), vec!["slow.victim@mail.test"]);
    assert_rule(&c, "hit-and-run");
    assert_eq!(
        first_col(&e),
        vec![
            "owner.m@mail.test",
            "owner.n@mail.test",
            "owner.o@mail.test"
        ]
    );
}

/// A guesser rotating through twenty proxies, three dictionary passwords from each, logs in
/// with the twentieth address's third guess and stops. On a second account under the same kind
/// of guessing, the owner (who first mistyped twice) logs in mid-run, and the guessing goes on
/// after: the owner's login did not end it.
#[test]
fn brute_force_through_rotating_proxies_ends_at_its_login() {
    let mut n = Night::default();
    let mut rng = Rng(43);
    background(&mut n, 50, &mut rng);
    for (acct, base, owner) in [
        ("target@mail.test", 10_000, false),
        ("owned@mail.test", 30_000, true),
    ] {
        for i in 0..20 {
            let ip = format!("100.{}.7.{}", if owner { 120 } else { 110 } + i, 30 + i);
            for j in 0..3 {
                let t = base + i * 60 + j * 15;
                let last = !owner && i == 19 && j == 2;
                let pw = if last {
                    "sunshine1".to_string()
                } else {
                    format!("dict-{i}-{j}")
                };
                n.ev(t, acct, &ip, last, &pw);
            }
        }
        if owner {
            n.ev(30_500, acct, "192.0.2.90", false, "forgot-1");
            n.ev(30_520, acct, "192.0.2.90", false, "forgot-2");
            n.ev(30_540, acct, "192.0.2.90", true, "owners-own");
        }
    }
    let (c, _) = n.detect_rows();
    let got: Vec<(String, String)> = c
        .iter()
        .map(|r| (r[0].to_string(), r[account_col("rule")].to_string()))
        .collect();
    assert_eq!(
        got,
        vec![(
            "target@mail.test".to_string(),
            "brute-force-sources".to_string()
        )]
    );
}

/// Twelve bots of a proxy pool (addresses `100.1xx.<octet>.*`) each fail with `password` on two
/// accounts named after `prefix`, from `start` on: 24 accounts, a password sprayed tonight.
fn spray_pool(n: &mut Night, password: &str, start: i64, octet: u8, prefix: &str) {
    for b in 0..12 {
        let ip = format!("100.{}.{octet}.{}", 100 + b, 30 + b);
        for j in 0..2 {
            let t = start + b * 900 + j * 25;
            n.ev(
                t,
                &format!("{prefix}{b}x{j}@mail.test"),
                &ip,
                false,
                password,
            );
        }
    }
}

/// A distributed spray: bots of a proxy pool try one common password on two or three accounts
/// each and move on, and the password fails on dozens of accounts over the night. Where it
/// works, the bot's login is its address's only success, seconds from its failures with the
/// same password. Beside them, owners whose own password is the sprayed one: one who first
/// mistyped their user name, one who first typed their name at another mail domain, one at a
/// home address a bot passed through (who also logged in elsewhere in their ISP's block), one
/// ten minutes after a bot left the address, and one whose password failed on too few
/// accounts tonight to be a spray. A bot of a second spray gets in with its password seconds
/// after failing with the first spray's: convicted; an owner whose own password is the second
/// spray's, minutes after a passing bot failed with a password nobody sprays: not; nor one
/// whose password is the first spray's, minutes after a bot replayed a leaked pair there whose
/// password is the second spray's.
#[test]
fn spraying_hit_and_run_bots_are_convicted_owners_are_not() {
    let mut n = Night::default();
    let mut rng = Rng(43);
    background(&mut n, 50, &mut rng);
    let sprayed = "Summer2026!";
    // The spray: 24 accounts fail with it from 12 passing bots.
    spray_pool(&mut n, sprayed, 10_000, 9, "sprayed");
    let mut expect = Vec::new();
    for b in 0..3 {
        let ip = format!("100.{}.7.{}", 60 + b, 40 + b);
        let t = 30_000 + b * 1_000;
        n.ev(t, &format!("other{b}@mail.test"), &ip, false, sprayed);
        n.ev(
            t + 30,
            &format!("other{b}b@mail.test"),
            &ip,
            false,
            "Winter2025",
        );
        let hit = format!("victim{b}@mail.test");
        n.ev(t + 60, &hit, &ip, true, sprayed);
        expect.push(hit);
    }
    // The owner who mistyped their user name first.
    n.ev(
        40_000,
        "jon.smith@mail.test",
        "203.0.113.30",
        false,
        sprayed,
    );
    n.ev(
        40_020,
        "john.smith@mail.test",
        "203.0.113.30",
        true,
        sprayed,
    );
    // The owner who first typed their name at another mail domain.
    n.ev(
        40_500,
        "ingrid.t16@yahoo.test",
        "203.0.113.33",
        false,
        sprayed,
    );
    n.ev(
        40_520,
        "ingrid.t16@btmail.test",
        "203.0.113.33",
        true,
        sprayed,
    );
    // At home, a bot passed through a minute before; the owner also logged in from another
    // address of the same /16.
    n.ev(41_000, "passer@mail.test", "198.51.9.9", false, sprayed);
    n.ev(41_060, "home.g@mail.test", "198.51.9.9", true, sprayed);
    n.ev(45_000, "home.g@mail.test", "198.51.77.1", true, sprayed);
    // Ten minutes after the bot left.
    n.ev(42_000, "passer2@mail.test", "203.0.113.31", false, sprayed);
    n.ev(42_600, "late.h@mail.test", "203.0.113.31", true, sprayed);
    // A password that failed on two accounts tonight only.
    n.ev(
        43_000,
        "rare1@mail.test",
        "203.0.113.32",
        false,
        "Quiet-Pass-77",
    );
    n.ev(
        43_010,
        "rare2@mail.test",
        "203.0.113.32",
        false,
        "Quiet-Pass-77",
    );
    n.ev(
        43_040,
        "rare.i@mail.test",
        "203.0.113.32",
        true,
        "Quiet-Pass-77",
    );
    // A second spray, and a bot that tries both.
    let second = "Autumn2026";
    spray_pool(&mut n, second, 20_000, 8, "second");
    n.ev(50_000, "list.q@mail.test", "100.70.7.50", false, sprayed);
    n.ev(50_040, "victim.q@mail.test", "100.70.7.50", true, second);
    expect.push("victim.q@mail.test".to_string());
    n.ev(
        51_000,
        "passer3@mail.test",
        "203.0.113.34",
        false,
        "Own-Guess-1",
    );
    n.ev(51_200, "owner.r@mail.test", "203.0.113.34", true, second);
    // A stuffing bot passing a carrier address replays a leaked pair whose password happens to
    // be the second spray's; two minutes later a subscriber whose own password is the first
    // spray's logs in there. A replay is the account's own old password, not a guess: no
    // spray sits beside the login.
    n.leak("stuffed.s@mail.test", second);
    n.ev(52_000, "stuffed.s@mail.test", "203.0.113.35", false, second);
    n.ev(52_120, "owner.s@mail.test", "203.0.113.35", true, sprayed);
    expect.sort();
    let (c, e) = n.detect_rows();
    assert_eq!(first_col(&c), expect);
    assert!(e.is_empty(), "{e:?}");
    assert_rule(&c, "spraying-hit-and-run");
}

/// A bot with a private list and no leaked pair at all: one pair fails on one account, the
/// next logs into another seconds later, and the bot moves on. Beside it: an owner who first
/// mistyped their user name (with another password), a login 40 seconds after a stranger's
/// failure (past the 30 seconds this tier allows without a replay), and an owner a bot passed
/// seconds before who also logged in elsewhere in their ISP's block.
#[test]
fn hit_and_run_without_any_replay_needs_seconds_and_a_stranger() {
    let mut n = Night::default();
    let mut rng = Rng(47);
    background(&mut n, 50, &mut rng);
    n.ev(
        20_000,
        "first.try@mail.test",
        "100.70.3.3",
        false,
        "private-1",
    );
    n.ev(
        20_012,
        "bare.hit@mail.test",
        "100.70.3.3",
        true,
        "private-2",
    );
    n.ev(
        21_000,
        "mary.jones@mail.test",
        "203.0.113.40",
        false,
        "old-guess",
    );
    n.ev(
        21_015,
        "mary.jone@mail.test",
        "203.0.113.40",
        true,
        "mary-pass",
    );
    n.ev(
        22_000,
        "stranger@mail.test",
        "203.0.113.41",
        false,
        "whatever",
    );
    n.ev(
        22_040,
        "slow.owner@mail.test",
        "203.0.113.41",
        true,
        "slow-pass",
    );
    n.ev(
        23_000,
        "passing@mail.test",
        "198.51.12.12",
        false,
        "bot-pair",
    );
    n.ev(23_010, "home.j@mail.test", "198.51.12.12", true, "own-j");
    n.ev(30_000, "home.j@mail.test", "198.51.200.9", true, "own-j");
    let (c, e) = n.detect_rows();
    assert_eq!(first_col(&c), vec!["bare.hit@mail.test"]);
    assert!(e.is_empty(), "{e:?}");
    assert_rule(&c, "hit-and-run-unleaked");
}

/// A bot with a private list works down it at one pair a minute: two accounts fail, the third
/// pair logs in, and the address is never seen again; no pair of it is in any leak. Convicted.
/// Not convicted: the same with one failed account (a housemate; the bare tier wants seconds);
/// an owner who typed two wrong user names first; a bot whose failures end four minutes before
/// an owner's login (past the three minutes a list takes); an owner logging in two minutes
/// after a bot that failed twice in half a minute (out of the bot's step); a bot's list beside
/// an owner who also logged in elsewhere in their ISP's block.
#[test]
fn hit_and_run_down_a_private_list_is_convicted() {
    let mut n = Night::default();
    let mut rng = Rng(61);
    background(&mut n, 50, &mut rng);
    // (address, failed accounts, seconds between them, seconds from the last to the login, login)
    let cases: [(&str, [&str; 2], i64, i64, &str); 6] = [
        (
            "100.72.1.1",
            ["list.a@mail.test", "list.b@mail.test"],
            62,
            65,
            "listed.hit@mail.test",
        ),
        (
            "100.72.1.2",
            ["lone.fail@mail.test", ""],
            62,
            65,
            "housemate@mail.test",
        ),
        (
            "100.72.1.3",
            ["kate.smyth@mail.test", "kate.smth@mail.test"],
            62,
            65,
            "kate.smith@mail.test",
        ),
        (
            "100.72.1.4",
            ["far.a@mail.test", "far.b@mail.test"],
            62,
            240,
            "later.owner@mail.test",
        ),
        (
            "100.72.1.5",
            ["fast.a@mail.test", "fast.b@mail.test"],
            26,
            116,
            "after.bot@mail.test",
        ),
        (
            "198.51.13.13",
            ["pass.a@mail.test", "pass.b@mail.test"],
            62,
            65,
            "roaming.owner@mail.test",
        ),
    ];
    for (i, (ip, fails, step, gap, login)) in cases.iter().enumerate() {
        let t = 20_000 + 1_000 * i as i64;
        for (j, u) in fails.iter().enumerate().filter(|(_, u)| !u.is_empty()) {
            n.ev(
                t + step * j as i64,
                u,
                ip,
                false,
                &format!("private-{i}-{j}"),
            );
        }
        n.ev(t + step + gap, login, ip, true, &format!("own-{i}"));
    }
    n.ev(
        30_000,
        "roaming.owner@mail.test",
        "198.51.200.10",
        true,
        "own-5",
    );
    let (c, e) = n.detect_rows();
    assert_eq!(first_col(&c), vec!["listed.hit@mail.test"]);
    assert!(e.is_empty(), "{e:?}");
    assert_rule(&c, "hit-and-run-unleaked");
}

/// A carrier NAT where nine of fourteen subscribers log in with their own leaked passwords over
/// the day, far more than tonight's exposure makes likely, and three of them first mistype a
/// password: residents, not an attacker returning to accounts it holds, and nobody is
/// convicted. The same logins on another address without a single typo are the takeover-reuse
/// shape and are convicted.
#[test]
fn takeover_reuse_spares_an_address_whose_residents_mistype() {
    let mut n = Night::default();
    home_logins(&mut n, 20);
    let mut convicted = Vec::new();
    for (ip, tag, typos) in [("100.70.1.2", "nat", true), ("100.71.1.3", "ret", false)] {
        for i in 0..14 {
            let (u, pw) = (format!("{tag}{i:02}@mail.test"), format!("{tag}-own-{i}"));
            let t = 2_000 + i * 5_000;
            if typos && i % 5 == 0 {
                n.ev(t - 20, &u, ip, false, &format!("{pw}x"));
            }
            if i < 9 {
                n.leak(&u, &pw);
                if !typos {
                    convicted.push(u.clone());
                }
            }
            n.ev(t, &u, ip, true, &pw);
        }
    }
    let (c, e) = n.detect();
    assert_eq!(c, convicted);
    assert_eq!(
        e.iter().filter(|u| u.starts_with("nat")).count(),
        9,
        "{e:?}"
    );
}

/// A guesser splits eighteen passwords over two addresses of an IPv4 /24, nine each, and the
/// account's owner logs in from a third address of the same /24 (a neighbour's street, not the
/// guesser): not convicted. The same guessing over two addresses of one IPv6 /64 (one
/// subscriber's LAN) ending in a login from a third address of it is convicted.
#[test]
fn brute_force_over_a_network_needs_one_actor() {
    let mut n = Night::default();
    let mut rng = Rng(53);
    background(&mut n, 50, &mut rng);
    for (user, ips, login) in [
        (
            "street@mail.test",
            ["203.0.113.10", "203.0.113.11"],
            "203.0.113.50",
        ),
        (
            "lan@mail.test",
            ["2001:db8:7:1::a", "2001:db8:7:1::b"],
            "2001:db8:7:1::c",
        ),
    ] {
        for i in 0..18 {
            let ip = ips[(i % 2) as usize];
            n.ev(10_000 + i * 20, user, ip, false, &format!("guess{i}"));
        }
        n.ev(10_500, user, login, true, "the-right-one");
    }
    let (c, e) = n.detect_rows();
    assert_eq!(first_col(&c), vec!["lan@mail.test"]);
    assert!(e.is_empty(), "{e:?}");
    assert_rule(&c, "brute-force");
}

/// The attacker returns through a fresh address to accounts logged into elsewhere that night
/// and logs into four of them within a minute, one pair each, one of them leaked (the others
/// from its private list, and one a stuffer broke into earlier, with the password the attacker
/// set): all are convicted, and so are three logins spread over four minutes, two
/// with leaked pairs (two over three are not). Not convicted: two housemates at a home used
/// again later that night; a visit where one of the accounts first failed (a person correcting
/// a typed password); a visit with no leaked pair; one where the account also logged in
/// elsewhere in its owner's ISP block; one on a carrier pool's address, whose /24 holds other
/// addresses shared by subscribers; a family's shared tablet logging into three accounts that
/// are seen nowhere else that night; and another logging into three accounts the bot had
/// tried, one with a leaked pair, none broken into elsewhere (one leaked pair among three
/// logins is as often a household's); a third with two leaked pairs among three, its
/// accounts logged into nowhere else that night (a bot's failures elsewhere are no takeover:
/// until session 24 they counted).
#[test]
fn batch_visit_into_several_accounts_is_convicted() {
    let mut n = Night::default();
    let mut rng = Rng(59);
    background(&mut n, 50, &mut rng);
    stuffer(&mut n, "st", "203.0.113.91", &[4]);
    // The attacker's accounts were logged into earlier from elsewhere (their owners, at home
    // in other networks); a bot tried the households' accounts from another address.
    for (i, u) in ["taken", "wide"]
        .iter()
        .flat_map(|p| ["a", "b", "c"].map(|x| format!("{p}.{x}@mail.test")))
        .enumerate()
    {
        let home = format!("198.18.{}.1", 10 + i);
        n.ev(20_000 + 30 * i as i64, &u, &home, true, &format!("{u}-own"));
    }
    for (i, u) in ["tab", "tab2"]
        .iter()
        .flat_map(|p| ["a", "b", "c"].map(|x| format!("{p}.{x}@mail.test")))
        .enumerate()
    {
        n.ev(21_000 + 30 * i as i64, &u, "198.18.9.9", false, "guess");
    }
    // The attacker's visit.
    n.leak("taken.a@mail.test", "a-pass");
    n.ev(40_000, "taken.a@mail.test", "192.0.2.77", true, "a-pass");
    n.ev(40_030, "taken.b@mail.test", "192.0.2.77", true, "b-private");
    n.ev(40_070, "taken.c@mail.test", "192.0.2.77", true, "c-private");
    n.ev(40_090, "st4@mail.test", "192.0.2.77", true, "st4-new");
    // A home: the same two logins, and the address is used again hours later.
    n.leak("home.a@mail.test", "ha-pass");
    n.ev(50_000, "home.a@mail.test", "192.0.3.80", true, "ha-pass");
    n.ev(50_040, "home.b@mail.test", "192.0.3.80", true, "hb-pass");
    n.ev(70_000, "home.b@mail.test", "192.0.3.80", true, "hb-pass");
    // A typed password, corrected.
    n.leak("typo.a@mail.test", "ta-pass");
    n.ev(52_000, "typo.a@mail.test", "192.0.4.81", true, "ta-pass");
    n.ev(52_020, "typo.b@mail.test", "192.0.4.81", false, "tb-pas");
    n.ev(52_030, "typo.b@mail.test", "192.0.4.81", true, "tb-pass");
    // No leaked pair.
    n.ev(54_000, "clean.a@mail.test", "192.0.5.82", true, "ca-pass");
    n.ev(54_020, "clean.b@mail.test", "192.0.5.82", true, "cb-pass");
    // The account's owner logs in elsewhere in the same /16 that night.
    n.leak("net.a@mail.test", "na-pass");
    n.ev(56_000, "net.a@mail.test", "203.0.113.90", true, "na-pass");
    n.ev(56_020, "net.b@mail.test", "203.0.113.90", true, "nb-pass");
    n.ev(60_000, "net.a@mail.test", "203.0.7.7", true, "na-pass");
    n.ev(60_100, "net.b@mail.test", "203.0.8.8", true, "nb-pass");
    // A slower visit: three accounts in four minutes is a batch, two in three minutes is not.
    n.leak("wide.a@mail.test", "wa-pass");
    n.leak("wide.b@mail.test", "wb-private");
    n.ev(64_000, "wide.a@mail.test", "192.0.6.6", true, "wa-pass");
    n.ev(64_110, "wide.b@mail.test", "192.0.6.6", true, "wb-private");
    n.ev(64_240, "wide.c@mail.test", "192.0.6.6", true, "wc-private");
    n.leak("slow.a@mail.test", "sa-pass");
    n.ev(66_000, "slow.a@mail.test", "192.0.7.7", true, "sa-pass");
    n.ev(66_180, "slow.b@mail.test", "192.0.7.7", true, "sb-pass");
    // A carrier pool: two more of its /24's addresses each served two subscribers tonight.
    n.leak("pool.a@mail.test", "pa-pass");
    n.ev(62_000, "pool.a@mail.test", "100.80.5.9", true, "pa-pass");
    n.ev(62_050, "pool.b@mail.test", "100.80.5.9", true, "pb-pass");
    for (i, ip) in ["100.80.5.10", "100.80.5.10", "100.80.5.77", "100.80.5.77"]
        .iter()
        .enumerate()
    {
        let u = format!("sub{i}@mail.test");
        n.ev(
            10_000 + 7_000 * i as i64,
            &u,
            ip,
            true,
            &format!("{u}-pass"),
        );
    }
    // A family's tablet, once: three accounts used nowhere else tonight, one of them leaked.
    n.leak("family.a@mail.test", "fa-pass");
    n.ev(68_000, "family.a@mail.test", "192.0.8.8", true, "fa-pass");
    n.ev(68_030, "family.b@mail.test", "192.0.8.8", true, "fb-pass");
    n.ev(68_070, "family.c@mail.test", "192.0.8.8", true, "fc-pass");
    // Another household's tablet, into accounts the bot had tried: one leaked pair.
    n.leak("tab.a@mail.test", "tba-pass");
    n.ev(69_000, "tab.a@mail.test", "192.0.9.9", true, "tba-pass");
    n.ev(69_040, "tab.b@mail.test", "192.0.9.9", true, "tbb-pass");
    n.ev(69_080, "tab.c@mail.test", "192.0.9.9", true, "tbc-pass");
    // And a third, two leaked pairs among its three: none of its accounts was logged into
    // anywhere else tonight (the bot only failed on them), so it is a household's.
    n.leak("tab2.a@mail.test", "t2a-pass");
    n.leak("tab2.b@mail.test", "t2b-pass");
    n.ev(71_000, "tab2.a@mail.test", "192.0.10.10", true, "t2a-pass");
    n.ev(71_040, "tab2.b@mail.test", "192.0.10.10", true, "t2b-pass");
    n.ev(71_080, "tab2.c@mail.test", "192.0.10.10", true, "t2c-pass");
    let (c, e) = n.detect_rows();
    assert_eq!(
        first_col(&c),
        vec![
            "st4@mail.test",
            "taken.a@mail.test",
            "taken.b@mail.test",
            "taken.c@mail.test",
            "wide.a@mail.test",
            "wide.b@mail.test",
            "wide.c@mail.test"
        ]
    );
    let (stuffed, batch): (Vec<_>, Vec<_>) = c.into_iter().partition(|r| &r[0] == "st4@mail.test");
    assert_rule(&stuffed, "stuffing");
    assert_rule(&batch, "takeover-batch");
    assert_eq!(
        first_col(&e),
        vec![
            "family.a@mail.test",
            "home.a@mail.test",
            "net.a@mail.test",
            "pool.a@mail.test",
            "slow.a@mail.test",
            "tab.a@mail.test",
            "tab2.a@mail.test",
            "tab2.b@mail.test",
            "typo.a@mail.test"
        ]
    );
}

/// A dual-stack home: two housemates, both passwords leaked, log in at their home's IPv6 /64
/// in the morning and again, a minute apart, on a visit to 192.0.2.120 that is that address's
/// whole night. They came home together: the visit is theirs, not convicted (it is with
/// `batch_household_check` off, as the visit of two strangers' leaked pairs would be).
#[test]
fn a_households_visit_is_not_a_batch_takeover() {
    let mut n = Night::default();
    background(&mut n, 50, &mut Rng(63));
    for (u, pw, at) in [
        ("mum@mail.test", "mum-pass", 20_000),
        ("dad@mail.test", "dad-pass", 20_060),
    ] {
        n.leak(u, pw);
        let v6 = format!("2001:db8:5:6::{}", at / 100);
        n.ev(at, u, &v6, true, pw);
        n.ev(at + 30_000, u, "192.0.2.120", true, pw);
    }
    let (c, _) = n.detect();
    assert!(
        !c.iter()
            .any(|u| u == "mum@mail.test" || u == "dad@mail.test"),
        "{c:?}"
    );
    let (off, _) = n.detect_with("[rules]\nbatch_household_check = false\n");
    assert!(off.contains(&"mum@mail.test".to_string()), "{off:?}");
    assert!(off.contains(&"dad@mail.test".to_string()), "{off:?}");
}

/// An address guesses at forty accounts between 01:00 and 02:00 and gets into one at 01:30;
/// at 15:00 a subscriber logs in there (a pool address, or a dynamic one given to someone
/// else). The guesser's login is convicted, the subscriber's is not: the source was guessing
/// then, not now.
#[test]
fn guessing_convicts_only_while_the_source_guesses() {
    let mut n = Night::default();
    let mut rng = Rng(61);
    background(&mut n, 50, &mut rng);
    let ip = "192.0.2.150";
    for i in 0..40 {
        n.ev(
            3_600 + i * 90,
            &format!("g{i}@mail.test"),
            ip,
            false,
            &format!("guess-{i}"),
        );
    }
    n.ev(5_400, "guessed@mail.test", ip, true, "their-pass");
    n.ev(54_000, "later@mail.test", ip, true, "later-pass");
    let (c, _) = n.detect_rows();
    assert_eq!(first_col(&c), vec!["guessed@mail.test"]);
    assert_rule(&c, "guessing");
}

/// A bot fails on sixty accounts over a day at a carrier address while five subscribers log
/// in there, three with their own passwords and two whose current pair is in a leak: too
/// many logins beside the failures for a guesser (a few in a hundred), so none is convicted
/// and the two leaked pairs are only exposed. The same bot with one login among its
/// failures is a guesser, and that login is convicted.
#[test]
fn guessing_wants_few_logins_beside_its_failures() {
    let nat = "100.70.3.3";
    // The bot's night: sixty accounts ten minutes apart (six failures an hour), one of them (`taken`) logged into.
    let night = |taken: Option<i64>| {
        let mut n = Night::default();
        let mut rng = Rng(62);
        background(&mut n, 50, &mut rng);
        for i in 0..60 {
            let ok = taken == Some(i);
            let user = format!("listed{i}@mail.test");
            n.ev(3_600 + i * 600, &user, nat, ok, &format!("guess-{i}"));
        }
        n
    };
    let mut n = night(None);
    for i in 0..5 {
        let user = format!("subscriber{i}@mail.test");
        if i >= 3 {
            n.leak(&user, "own-pass");
        }
        n.ev(20_000 + i * 7_000, &user, nat, true, "own-pass");
    }
    let (c, e) = n.detect();
    assert!(c.is_empty(), "{c:?}");
    assert_eq!(e, vec!["subscriber3@mail.test", "subscriber4@mail.test"]);

    let (c, _) = night(Some(30)).detect_rows();
    assert_eq!(first_col(&c), vec!["listed30@mail.test"]);
    assert_rule(&c, "guessing");
}

/// A stuffing bot on a rented server works through 120 accounts in half an hour, one attempt
/// each, and gets into eight of them meanwhile: four with their leaked pairs (`stuffing`),
/// four with pairs in no leak. Eight logins for 120 failed accounts is over the login ratio a
/// guesser is allowed (0.05), but every one came inside the half-hour burst, where logins at
/// random hours of the day would all fall with a chance of about (1.5 / 24)^8: convicted
/// (`guessing`). With that check off (`guess_burst_max_chance` 0) only the leaked four are.
#[test]
fn guessing_over_the_login_ratio_counts_logins_inside_its_burst() {
    let vps = "203.0.113.160";
    let mut n = Night::default();
    let mut rng = Rng(64);
    background(&mut n, 50, &mut rng);
    for i in 0..120 {
        let user = format!("listed{i}@mail.test");
        n.leak(&user, &format!("old-{i}"));
        n.ev(40_000 + i * 15, &user, vps, false, &format!("old-{i}"));
    }
    let mut leaked = Vec::new();
    let mut clean = Vec::new();
    for i in 0..8 {
        let user = format!("taken{i}@mail.test");
        if i < 4 {
            n.leak(&user, "its-pass");
            leaked.push(user.clone());
        } else {
            clean.push(user.clone());
        }
        n.ev(40_100 + i * 200 + 7, &user, vps, true, "its-pass");
    }
    let (c, _) = n.detect_rows();
    let mut all: Vec<String> = leaked.iter().chain(&clean).cloned().collect();
    all.sort();
    assert_eq!(first_col(&c), all);
    for r in c.iter().filter(|r| clean.contains(&r[0].to_string())) {
        assert_eq!(&r[4], "guessing", "{r:?}");
    }
    let (c, _) = n.detect_with("[rules]\nguess_burst_max_chance = 0\n");
    assert_eq!(c, leaked);
}

/// Bots pass a carrier address all night: 240 accounts fail there, one every four minutes from
/// 02:00 to 18:00, the span of the guessing two thirds of the night. Two subscribers live
/// behind it (each logs in twice, hours apart) and a third logs in once at noon: every login
/// falls inside the bots' span and in step with them, so `guessing` alone would convict all
/// three. Where another account lives at the address (logs in there hours apart, never with a
/// leaked pair) and the guessing covers more than half the night
/// (`guess_resident_max_span_share`), it convicts none: nothing tells the bots' logins from
/// the residents'. The same night with a bot busy for two hours only still
/// convicts the login inside its burst.
#[test]
fn guessing_all_night_at_a_shared_exit_spares_the_people_living_there() {
    let nat = "100.72.9.9";
    let night = |hours: i64| {
        let mut n = Night::default();
        let mut rng = Rng(65);
        background(&mut n, 50, &mut rng);
        let step = hours * 3600 / 240;
        for i in 0..240 {
            n.ev(
                2 * 3600 + i * step,
                &format!("listed{i}@mail.test"),
                nat,
                false,
                &format!("guess-{i}"),
            );
        }
        n
    };
    let mut all_night = night(16);
    for (user, at) in [
        ("resident.a@mail.test", [3 * 3600 + 17, 9 * 3600 + 17]),
        ("resident.b@mail.test", [5 * 3600 + 17, 15 * 3600 + 17]),
    ] {
        for t in at {
            all_night.ev(t, user, nat, true, "own");
        }
    }
    all_night.ev(12 * 3600 + 17, "visitor@mail.test", nat, true, "own");
    let (c, _) = all_night.detect();
    assert!(c.is_empty(), "{c:?}");
    let (c, _) = all_night.detect_with("[rules]\nguess_resident_max_span_share = 1.0\n");
    assert_eq!(
        c,
        vec![
            "resident.a@mail.test",
            "resident.b@mail.test",
            "visitor@mail.test"
        ]
    );
    // The attacker itself coming back, hours apart, to an account it opened with a leaked
    // pair makes no resident: its login with a pair in no leak is still convicted.
    let mut returning = night(16);
    returning.leak("taken.twice@mail.test", "leaked");
    for t in [3 * 3600 + 17, 9 * 3600 + 17] {
        returning.ev(t, "taken.twice@mail.test", nat, true, "leaked");
    }
    returning.ev(12 * 3600 + 17, "private@mail.test", nat, true, "bought");
    let (c, _) = returning.detect();
    assert_eq!(c, vec!["private@mail.test", "taken.twice@mail.test"]);
    // Two hours of guessing (a twelfth of the night) at an address a resident logs in at
    // hours later.
    let mut burst = night(2);
    burst.ev(9 * 3600 + 17, "resident.a@mail.test", nat, true, "own");
    burst.ev(15 * 3600 + 17, "resident.a@mail.test", nat, true, "own");
    burst.ev(2 * 3600 + 1800 + 17, "taken@mail.test", nat, true, "found");
    let (c, _) = burst.detect_rows();
    assert_eq!(first_col(&c), vec!["taken@mail.test"]);
    assert_rule(&c, "guessing");
}

/// A bot at a carrier address works in bursts: ten accounts twenty seconds apart, every two
/// hours, and gets into one account in its third burst. A subscriber logs in there an hour
/// after that burst, in the bot's pause: convicted is the bot's login (in step with its
/// attempts), not the subscriber's.
#[test]
fn guessing_convicts_logins_in_step_with_the_bursts() {
    let mut n = Night::default();
    let mut rng = Rng(63);
    background(&mut n, 50, &mut rng);
    bursty_guesser(&mut n, "100.71.4.4", Some((2, 6)));
    let (c, _) = n.detect_rows();
    assert_eq!(first_col(&c), vec!["listed2-6@mail.test"]);
    assert_rule(&c, "guessing");
    // The reason says how close the login came to the bot's attempts.
    let reason = c.first().and_then(|r| r.get(5)).unwrap_or_default();
    assert!(
        reason.ends_with(", 20 s from its nearest attempt on them"),
        "{reason}"
    );
}

/// The configuration that turns `takeover-lockout` on (off by default since session 23).
const LOCKOUT: &str = "[rules]\nlockout_enabled = true\n";

/// A leaked pair logs in from a stranger's address; later that night the owner's own phone
/// fails with the same password (it was changed after the login) and the owner resets it:
/// convicted as `takeover-lockout`. Not when the login came from the owner's own network (the
/// owner changed it), nor when the later failure is a bot replaying the dump (it failed with
/// leaked pairs on other accounts too).
#[test]
fn takeover_lockout_follows_the_changed_password() {
    let mut n = Night::default();
    let mut rng = Rng(41);
    background(&mut n, 50, &mut rng);
    let victim = "locked.out@mail.test";
    locked_out_owner(&mut n, victim);
    // The owner changed it at their office (same /16 as the phone's later failures).
    let changer = "changed.at.work@mail.test";
    n.leak(changer, "old-pass2");
    n.ev(9 * 3600, changer, "198.19.7.7", true, "old-pass2");
    n.ev(16 * 3600, changer, "198.19.200.3", false, "old-pass2");
    // The owner logged in from a hotel; hours later a bot replaying the dump tried the old
    // pair on the account (the owner had changed it) and on four others.
    let replayed = "replayed.later@mail.test";
    n.leak(replayed, "old-pass3");
    n.ev(10 * 3600, replayed, "192.0.2.80", true, "old-pass3");
    for i in 0..5 {
        let other = format!("dump{i}@mail.test");
        n.leak(&other, &format!("stale-{i}"));
        n.ev(
            20 * 3600 + i * 7,
            &other,
            "100.99.1.1",
            false,
            &format!("stale-{i}"),
        );
    }
    n.ev(20 * 3600 + 40, replayed, "100.99.1.1", false, "old-pass3");
    // The owner's mail client polls from the office with the saved (leaked) password every
    // twenty minutes until the owner changes it; the phone then fails with the old one.
    let poller = "mail.poller@mail.test";
    n.leak(poller, "old-pass4");
    for i in 0..15 {
        n.ev(
            6 * 3600 + i * 1_200,
            poller,
            "192.0.2.150",
            true,
            "old-pass4",
        );
    }
    n.ev(17 * 3600, poller, "198.18.9.9", false, "old-pass4");
    n.ev(17 * 3600 + 40, poller, "198.18.9.9", false, "old-pass4");
    let (c, e) = n.detect_rows_with(LOCKOUT);
    assert_eq!(first_col(&c), vec![victim]);
    assert_rule(&c, "takeover-lockout");
    assert_eq!(first_col(&e), vec![changer, poller, replayed]);
    // With the cap above the client's fifteen logins, the client's login is convicted.
    let (c, _) = n.detect_with(&format!("{LOCKOUT}lockout_max_pair_logins = 15\n"));
    assert_eq!(c, vec![victim, poller]);
    // The rule is off by default (session 23): the victim is listed as exposed.
    let (c, e) = n.detect();
    assert!(c.is_empty(), "{c:?}");
    assert!(e.contains(&victim.to_string()), "{e:?}");
}

/// An owner forgets their password twice in a day at home: eight wrong guesses and a login in
/// the morning, eight more and a login in the evening (sixteen distinct failed passwords from
/// one address, over the brute-force threshold). A guesser's failures end in its login; the
/// owner's logins sit between two short runs hours apart: not convicted. A slow guesser, one
/// password every fifteen minutes, twenty of them and then the login, is.
#[test]
fn an_owner_who_forgets_twice_is_no_brute_force() {
    let mut n = Night::default();
    let mut rng = Rng(43);
    background(&mut n, 50, &mut rng);
    owner_forgets_twice(&mut n, "forgets.twice@mail.test");
    let victim = "slow.guessed@mail.test";
    slow_guesser(&mut n, victim);
    let (c, _) = n.detect_rows();
    assert_eq!(first_col(&c), vec![victim]);
    assert_rule(&c, "brute-force");
}

/// The owner logs in with their leaked (current) password from a friend's home; later the
/// service is down for a few minutes: their home launcher fails with that password, then the
/// same password works again. A password that works after it failed was not changed: nobody
/// is convicted and the owner stays exposed. (The old rule took the outage for a lockout.) So
/// too when a password manager first filled in a stale password there (the pair failed with
/// two passwords, so its failure with the current one is known only to lie before its last
/// event, the success).
#[test]
fn takeover_lockout_wants_the_password_to_stop_working() {
    let owner = "outage.owner@mail.test";
    let night = |retry_works: bool, stale_first: bool| {
        let mut n = Night::default();
        background(&mut n, 50, &mut Rng(64));
        n.leak(owner, "current-pass");
        n.ev(9 * 3600, owner, "192.0.2.90", true, "current-pass");
        if stale_first {
            n.ev(12 * 3600 - 30, owner, "198.18.30.3", false, "stale-pass");
        }
        n.ev(12 * 3600, owner, "198.18.30.3", false, "current-pass");
        n.ev(12 * 3600 + 20, owner, "198.18.30.3", false, "current-pass");
        if retry_works {
            n.ev(12 * 3600 + 60, owner, "198.18.30.3", true, "current-pass");
        }
        n
    };
    for stale_first in [false, true] {
        let (c, e) = night(true, stale_first).detect_with(LOCKOUT);
        assert!(c.is_empty(), "{c:?}");
        assert_eq!(e, vec![owner]);
        // Without the retry that worked, the failure reads as the owner locked out.
        let (c, _) = night(false, stale_first).detect_rows_with(LOCKOUT);
        assert_eq!(first_col(&c), vec![owner]);
        assert_rule(&c, "takeover-lockout");
    }
}

/// A sprayer tries one common password on forty accounts through a VPN exit; a subscriber of
/// the VPN logs in there with their own password (in no leak) between its attempts. A
/// sprayer's hits come with the sprayed password: the subscriber is not its guess. With the
/// spray-share bar off (`guess_max_spray_share` above 1) the old reading convicts them.
#[test]
fn guessing_leaves_a_sprayers_exit_to_its_users() {
    let mut n = Night::default();
    background(&mut n, 50, &mut Rng(65));
    let exit = "192.0.2.160";
    for i in 0..40 {
        n.ev(
            3_600 + i * 60,
            &format!("sprayed{i}@mail.test"),
            exit,
            false,
            "Winter2025!",
        );
    }
    n.ev(4_500, "vpn.user@mail.test", exit, true, "their-own-pass");
    let (c, _) = n.detect();
    assert!(c.is_empty(), "{c:?}");
    let (c, _) = n.detect_with("[rules]\nguess_max_spray_share = 2.0\n");
    assert_eq!(c, vec!["vpn.user@mail.test"]);
}

/// A second factor refuses a checker holding the right password: the owner logs in with their
/// leaked (current) password at home, and hours later a residential proxy tries that pair once
/// and fails. One failure is what the refused attacker leaves; the owner's own devices, locked
/// out by a changed password, keep trying the one they knew. Not convicted by default (the
/// owner stays exposed); with `lockout_min_old_pw_failures = 1` it reads as a lockout.
#[test]
fn takeover_lockout_wants_the_old_password_tried_again() {
    let owner = "mfa.owner@mail.test";
    let mut n = Night::default();
    background(&mut n, 50, &mut Rng(66));
    n.leak(owner, "current-pass");
    n.ev(9 * 3600, owner, "192.0.2.91", true, "current-pass");
    n.ev(12 * 3600, owner, "198.18.40.4", false, "current-pass");
    let (c, e) = n.detect_with(LOCKOUT);
    assert!(c.is_empty(), "{c:?}");
    assert_eq!(e, vec![owner]);
    let (c, _) = n.detect_with(&format!("{LOCKOUT}lockout_min_old_pw_failures = 1\n"));
    assert_eq!(c, vec![owner]);
}

/// A forced password rotation: the owner's phone syncs all day with its leaked (current)
/// password from home and from its carrier, once from a network of its own; the owner types
/// the old password at the office, changes it there, and the phone then fails with the old one. The login from the
/// phone's third network reads as a lockout unless the agent is read: it is the very client
/// that logged in with the leaked pair at home. With the owner-device test off
/// (`lockout_own_agent_min_addresses = 0`) the old reading convicts it.
#[test]
fn takeover_lockout_leaves_the_owners_own_phone_alone() {
    let owner = "rotating.owner@mail.test";
    let phone = "Apple-iPhone15C2/2201.101";
    let mut n = Night::default();
    background(&mut n, 50, &mut Rng(67));
    n.leak(owner, "old-pass");
    n.ev_ua(3_600, owner, "192.0.2.31", true, "old-pass", phone);
    n.ev_ua(7_200, owner, "2001:db8:77::1", true, "old-pass", phone);
    n.ev_ua(10 * 3600, owner, "203.0.113.77", true, "old-pass", phone);
    let desk = "Mozilla/5.0 (Windows NT 10.0)";
    n.ev_ua(14 * 3600, owner, "198.51.100.9", false, "old-pass", desk);
    n.ev_ua(
        14 * 3600 + 60,
        owner,
        "198.51.100.9",
        true,
        "new-pass",
        desk,
    );
    n.ev_ua(15 * 3600, owner, "192.0.2.31", false, "old-pass", phone);
    n.ev_ua(16 * 3600, owner, "192.0.2.31", false, "old-pass", phone);
    let (c, e) = n.detect_with(LOCKOUT);
    assert!(c.is_empty(), "{c:?}");
    assert_eq!(e, vec![owner]);
    let (c, _) = n.detect_with(&format!("{LOCKOUT}lockout_own_agent_min_addresses = 0\n"));
    assert_eq!(c, vec![owner]);
}

/// An account aggregator logs into its users' accounts from one address in eight scheduled
/// runs, and in each run retries two stale saved passwords that are in a leak (failed
/// "replays"). An exposed user's leaked pair logs in there within a run, seconds from two of
/// them. The aggregator's own logins meet its replays in every run: they come with the runs,
/// not by chance, and the user is not convicted. With the schedule test off
/// (`stuffing_busy_min_clean_near = 0`) `stuffing-near` convicts them.
#[test]
fn stuffing_near_leaves_a_scheduled_service_to_its_users() {
    let exposed = "exposed.user@mail.test";
    let agg = "198.51.100.44";
    let mut n = Night::default();
    background(&mut n, 50, &mut Rng(68));
    n.leak(exposed, "their-pass");
    for run in 0..8i64 {
        let start = 2 * 3600 + run * 3 * 3600;
        for s in 0..2 {
            let stale = format!("stale{run}-{s}@mail.test");
            n.leak(&stale, "saved-old-pass");
            n.ev(start + s, &stale, agg, false, "saved-old-pass");
        }
        for u in 0..30 {
            n.ev(
                start + 2 + u,
                &format!("linked{u}@mail.test"),
                agg,
                true,
                &format!("linked-pass-{u}"),
            );
        }
        if run == 4 {
            n.ev(start + 20, exposed, agg, true, "their-pass");
        }
    }
    let (c, e) = n.detect();
    assert!(c.is_empty(), "{c:?}");
    assert!(e.contains(&exposed.to_string()), "{e:?}");
    let (c, _) = n.detect_with("[rules]\nstuffing_busy_min_clean_near = 0\n");
    assert_eq!(c, vec![exposed]);
}

/// Hit and run that finds two pairs in one burst: a proxy bot fails with a leaked pair, logs
/// into one account with a pair in no leak (its private list), fails with a pair from another
/// dump and, nearly seven minutes after its replay, logs into a fourth account with its leaked
/// pair, at an address used for nothing else. The leaked-pair login is convicted
/// (`hit_and_run_max_logins` 2); with the key at 1, with the private login two hours later
/// (no burst), or with the replayed account tried twice (people retry), it is exposed.
#[test]
fn hit_and_run_finds_two_pairs_in_one_burst() {
    // (configuration, the private login's time, the replay repeated, convicted)
    let cases = [
        ("", 30_030, false, true),
        (
            "[rules]\nhit_and_run_max_logins = 1\n",
            30_030,
            false,
            false,
        ),
        ("", 37_200, false, false),
        ("", 30_030, true, false),
    ];
    for (cfg, private_at, retried, convicted) in cases {
        let mut n = Night::default();
        let mut rng = Rng(37);
        background(&mut n, 50, &mut rng);
        let ip = "100.90.3.9";
        n.leak("x1@mail.test", "old-pass");
        n.ev(30_000, "x1@mail.test", ip, false, "old-pass");
        if retried {
            n.ev(30_010, "x1@mail.test", ip, false, "old-pass");
        }
        n.ev(private_at, "priv@mail.test", ip, true, "private-pass");
        n.ev(30_060, "x2@mail.test", ip, false, "other-dump");
        n.leak("hit@mail.test", "leaked-pass");
        n.ev(30_400, "hit@mail.test", ip, true, "leaked-pass");
        let (c, e) = n.detect_with(cfg);
        let case = format!("{cfg:?} private at {private_at}, retried {retried}: {c:?} {e:?}");
        let hit = "hit@mail.test".to_string();
        assert_eq!(c.contains(&hit), convicted, "{case}");
        assert_eq!(e.contains(&hit), !convicted, "{case}");
    }
}
