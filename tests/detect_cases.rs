//! The binary on small hand-made nights: one per attack and one per must-not-flag case.
//! Each asserts the exact compromised and exposed lists.

mod common;

use common::{
    Night, Rng, account_col, background, early_household_of_b5, first_col, return_visit_after_b2,
    sprayer, stuffer, stuffer_takes_b2_and_b5,
};

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// The stuffer's b2 and b5 are convicted; `user` is convicted beside them when `linked` (and
/// nobody is exposed), else it is the one exposed account. `case` names the case in failures.
fn assert_b2_b5_and(c: &[String], e: &[String], user: &str, linked: bool, case: &str) {
    if linked {
        assert_eq!(c, s(&["b2@mail.test", "b5@mail.test", user]), "{case}");
        assert!(e.is_empty(), "{case}: {e:?}");
    } else {
        assert_eq!(c, s(&["b2@mail.test", "b5@mail.test"]), "{case}");
        assert_eq!(e, s(&[user]), "{case}");
    }
}

#[test]
fn concentrated_stuffing() {
    let mut n = Night::default();
    let mut rng = Rng(1);
    background(&mut n, 100, &mut rng);
    // One address replays 60 leaked pairs in 30 minutes; 3 still work.
    for i in 0..60 {
        let u = format!("victim{i:02}@mail.test");
        n.leak(&u, &format!("leaked-{i}"));
        let works = i % 20 == 7;
        n.ev(
            3600 + i * 30,
            &u,
            "203.0.113.5",
            works,
            &format!("leaked-{i}"),
        );
        // The owners log in from home with their current password.
        let own = if works {
            format!("leaked-{i}")
        } else {
            format!("new-{i}")
        };
        n.ev(
            50_000 + i * 60,
            &u,
            &format!("192.0.2.{}", 1 + i),
            true,
            &own,
        );
    }
    let (c, e) = n.detect();
    assert_eq!(
        c,
        s(&[
            "victim07@mail.test",
            "victim27@mail.test",
            "victim47@mail.test"
        ])
    );
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn distributed_stuffing_through_proxies() {
    let mut n = Night::default();
    let mut rng = Rng(2);
    let honest = background(&mut n, 200, &mut rng);
    let mut expect = Vec::new();
    // 400 bot addresses, two attempts each a few seconds apart, on two accounts.
    for b in 0..400 {
        // Some bots ride on honest users' home addresses (residential proxies).
        let ip = if b % 40 == 0 {
            format!("198.51.0.{}", 1 + b / 40)
        } else {
            format!("100.{}.{}.{}", 64 + b % 50, b / 50, 7 + b % 11)
        };
        let t = 20_000 + b as i64 * 20;
        let (u1, u2) = (format!("t{b}a@mail.test"), format!("t{b}b@mail.test"));
        n.leak(&u1, "old1");
        n.leak(&u2, "pw2");
        n.ev(t, &u1, &ip, false, "old1");
        let works = b % 25 == 3;
        n.ev(t + 4, &u2, &ip, works, "pw2");
        if works {
            expect.push(u2.clone());
        }
    }
    let _ = honest;
    let (c, e) = n.detect();
    assert_eq!(c, sorted(expect));
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn password_spraying() {
    let mut n = Night::default();
    let mut rng = Rng(3);
    let users = background(&mut n, 120, &mut rng);
    n.passwords.push("Winter2026!".into());
    // Two users really have the sprayed password.
    n.ev(100, "weak1@example.com", "192.0.2.10", true, "Winter2026!");
    n.ev(200, "weak2@example.com", "192.0.2.11", true, "Winter2026!");
    for (i, u) in users.iter().take(80).enumerate() {
        n.ev(
            40_000 + i as i64 * 15,
            u,
            "203.0.113.77",
            false,
            "Winter2026!",
        );
    }
    n.ev(
        41_500,
        "weak1@example.com",
        "203.0.113.77",
        true,
        "Winter2026!",
    );
    n.ev(
        41_600,
        "weak2@example.com",
        "203.0.113.77",
        true,
        "Winter2026!",
    );
    let (c, e) = n.detect();
    assert_eq!(c, s(&["weak1@example.com", "weak2@example.com"]));
    assert!(e.is_empty());
}

/// A QA robot logs into its eight test accounts every half hour all day with their shared
/// password, and tries it on ten test accounts not set up yet, which fail: one password that
/// opens about as many accounts as it fails on is shared by design, and nobody is convicted.
/// The same password opening two accounts for ten failures, or eight for thirty, is a spray.
#[test]
fn a_shared_test_password_is_not_a_spray() {
    // (accounts the password opens, accounts it fails on, convicted)
    for (open, fail, convicted) in [(8, 10, false), (2, 10, true), (8, 30, true)] {
        let mut n = Night::default();
        let mut rng = Rng(26);
        background(&mut n, 60, &mut rng);
        let ip = "198.51.100.200";
        for i in 0..fail {
            n.ev(
                1_000 + 37 * i,
                &format!("qa.new.{i}@mail.test"),
                ip,
                false,
                "Test-Pass-1",
            );
        }
        for round in 0..48 {
            for i in 0..open {
                let t = 2_000 + 1_800 * round + 11 * i;
                n.ev(t, &format!("qa.{i}@mail.test"), ip, true, "Test-Pass-1");
            }
        }
        let (c, _) = n.detect();
        let case = format!("{open} opened, {fail} failed");
        if convicted {
            assert_eq!(c.len(), open as usize, "{case}: {c:?}");
        } else {
            assert!(c.is_empty(), "{case}: {c:?}");
        }
    }
}

#[test]
fn brute_force_on_one_account() {
    let mut n = Night::default();
    let mut rng = Rng(4);
    background(&mut n, 50, &mut rng);
    for i in 0..40 {
        n.ev(
            30_000 + i * 2,
            "admin@corp.test",
            "203.0.113.9",
            false,
            &format!("guess{i}"),
        );
    }
    n.ev(30_100, "admin@corp.test", "203.0.113.9", true, "dragon");
    n.ev(10_000, "admin@corp.test", "192.0.2.50", true, "dragon");
    let (c, e) = n.detect();
    assert_eq!(c, s(&["admin@corp.test"]));
    assert!(e.is_empty());
}

/// A campus Wi-Fi's RADIUS server logs no password fingerprint (it never sees the password),
/// while every other login of the night logs one. A laptop retrying its saved old password
/// there 30 times in an hour, then logging in once its owner fixes it, is one password: not
/// brute force. On a night that logs no fingerprints at all (an sshd log), the same 30
/// failures and the login are all there is to judge by, and convict.
#[test]
fn unlogged_failures_count_as_passwords_only_on_a_night_without_fingerprints() {
    for fingerprinted in [true, false] {
        let mut n = Night::default();
        let mut rng = Rng(5);
        background(&mut n, 50, &mut rng);
        let mut wifi = Vec::new();
        for i in 0..30 {
            wifi.push(format!(
                r#"{{"ts":{},"user":"laptop@campus.test","ip":"192.0.2.44","ok":false}}"#,
                common::T0 + (30_000 + i * 120) * 1000
            ));
        }
        wifi.push(format!(
            r#"{{"ts":{},"user":"laptop@campus.test","ip":"192.0.2.44","ok":true}}"#,
            common::T0 + 33_700 * 1000
        ));
        if !fingerprinted {
            n.strip_fingerprints();
        }
        n.lines.extend(wifi);
        let (c, _) = n.detect();
        if fingerprinted {
            assert!(c.is_empty(), "{c:?}");
        } else {
            assert_eq!(c, s(&["laptop@campus.test"]));
        }
    }
}

/// One account, 30 failures then a login, each attempt from a fresh address of one IPv6 /64.
/// Thirty passwords is a guesser rotating its address: brute force. One saved old password
/// retried thirty times is a phone's stale app on privacy addresses, then its owner fixing
/// it: nobody is convicted (the /64's distinct passwords count once, not once per address).
#[test]
fn brute_force_rotating_inside_a_64_counts_distinct_passwords() {
    for (distinct, convicted) in [(true, true), (false, false)] {
        let mut n = Night::default();
        let mut rng = Rng(25);
        background(&mut n, 50, &mut rng);
        for i in 0..30 {
            let pass = if distinct {
                format!("guess{i}")
            } else {
                "old-saved-pass".into()
            };
            let ip = format!("2001:db8:77:5:{:x}::{:x}", i * 3 + 1, i + 9);
            n.ev(20_000 + 300 * i, "phone@mail.test", &ip, false, &pass);
        }
        n.ev(
            29_100,
            "phone@mail.test",
            "2001:db8:77:5:ff::1",
            true,
            "new-pass",
        );
        let (c, _) = n.detect();
        if convicted {
            assert_eq!(c, s(&["phone@mail.test"]), "distinct passwords {distinct}");
        } else {
            assert!(c.is_empty(), "distinct passwords {distinct}: {c:?}");
        }
    }
}

#[test]
fn rotation_inside_one_ipv6_64() {
    let mut n = Night::default();
    let mut rng = Rng(5);
    background(&mut n, 50, &mut rng);
    // Every attempt from a new address of 2001:db8:bad:1::/64: no address repeats.
    for i in 0..50 {
        let u = format!("v6victim{i}@mail.test");
        n.leak(&u, "hunter2");
        let ok = i == 10 || i == 33;
        n.ev(
            5_000 + i * 40,
            &u,
            &format!("2001:db8:bad:1:{:x}::{:x}", i * 7 + 1, i + 3),
            ok,
            "hunter2",
        );
    }
    let (c, e) = n.detect();
    assert_eq!(c, s(&["v6victim10@mail.test", "v6victim33@mail.test"]));
    assert!(e.is_empty());
}

#[test]
fn attacker_later_logins_into_taken_accounts() {
    let mut n = Night::default();
    let mut rng = Rng(6);
    background(&mut n, 50, &mut rng);
    // Accounts taken before tonight: the attacker logs into them again from its own address,
    // once each, with the leaked pairs that still work.
    for i in 0..6 {
        let u = format!("taken{i}@mail.test");
        n.leak(&u, &format!("p{i}"));
        n.ev(70_000 + i * 100, &u, "198.18.4.4", true, &format!("p{i}"));
        n.ev(
            9_000 + i * 100,
            &u,
            &format!("192.0.2.{}", 100 + i),
            true,
            &format!("p{i}"),
        );
    }
    // One account is stuffed tonight and logged into again later from elsewhere: the verdict
    // carries the first (stuffing) login.
    for i in 0..30 {
        let u = format!("stuffed{i}@mail.test");
        n.leak(&u, "x1");
        n.ev(2_000 + i * 10, &u, "203.0.113.66", i == 4, "x1");
    }
    n.ev(75_000, "stuffed4@mail.test", "198.18.4.4", true, "x1");
    let (rows, e) = n.detect_rows();
    let c: Vec<String> = rows.iter().map(|r| r[0].to_string()).collect();
    let mut want: Vec<String> = (0..6).map(|i| format!("taken{i}@mail.test")).collect();
    want.push("stuffed4@mail.test".into());
    assert_eq!(c, sorted(want));
    assert!(e.is_empty(), "{e:?}");
    let stuffed = rows.iter().find(|r| &r[0] == "stuffed4@mail.test").unwrap();
    assert_eq!(
        (&stuffed[1], &stuffed[2]),
        ("2026-11-20T00:34:00.000Z", "203.0.113.66")
    );
}

#[test]
fn nat_with_hundreds_of_honest_users_is_not_flagged() {
    let mut n = Night::default();
    let mut rng = Rng(7);
    let mut exposed = Vec::new();
    for i in 0..300 {
        let u = format!("natuser{i}@isp.test");
        let leaked_current = i % 20 == 0;
        let old_leaked = i % 30 == 1;
        let pass = format!("cur-{i}");
        if leaked_current {
            n.leak(&u, &pass);
            exposed.push(u.clone());
        }
        if old_leaked {
            n.leak(&u, &format!("old-{i}"));
        }
        for _ in 0..1 + rng.below(3) {
            let t = rng.below(80_000) as i64;
            if old_leaked {
                n.ev(t, &u, "100.64.0.1", false, &format!("old-{i}"));
            }
            if rng.below(10) == 0 {
                n.ev(t + 1, &u, "100.64.0.1", false, &format!("cur-{i}x"));
            }
            n.ev(t + 3, &u, "100.64.0.1", true, &pass);
        }
    }
    let (c, e) = n.detect();
    assert!(c.is_empty(), "{c:?}");
    assert_eq!(e, sorted(exposed));
}

#[test]
fn nat_shared_with_a_bot_convicts_only_the_bot_login() {
    let mut n = Night::default();
    let mut rng = Rng(8);
    let mut exposed = Vec::new();
    for i in 0..200 {
        let u = format!("natuser{i}@isp.test");
        if i % 25 == 0 {
            n.leak(&u, &format!("cur-{i}"));
            exposed.push(u.clone());
        }
        for _ in 0..2 {
            let t = rng.below(80_000) as i64;
            if (30_000..32_000).contains(&t) {
                continue;
            }
            n.ev(t, &u, "100.64.9.9", true, &format!("cur-{i}"));
        }
    }
    // The bot's burst: three failed replays and one login, within a minute.
    for (j, ok) in [false, false, true, false].into_iter().enumerate() {
        let u = format!("botvictim{j}@mail.test");
        n.leak(&u, "combo-pass");
        n.ev(31_000 + j as i64 * 9, &u, "100.64.9.9", ok, "combo-pass");
    }
    let (c, e) = n.detect();
    assert_eq!(c, s(&["botvictim2@mail.test"]));
    assert_eq!(e, sorted(exposed));
}

#[test]
fn monitoring_probes_are_not_flagged() {
    let mut n = Night::default();
    let mut rng = Rng(9);
    background(&mut n, 50, &mut rng);
    let mut exposed = Vec::new();
    for k in 0..20 {
        let u = format!("probe{k}@monitoring.test");
        // Some test accounts use weak passwords that are in a leak.
        if k < 5 {
            n.leak(&u, "test1234");
            exposed.push(u.clone());
        }
        let pass = if k < 5 {
            "test1234".to_string()
        } else {
            format!("probe-secret-{k}")
        };
        for t in (0..86_000).step_by(300) {
            n.ev(t + k, &u, "198.18.0.10", true, &pass);
        }
    }
    let (c, e) = n.detect();
    assert!(c.is_empty(), "{c:?}");
    assert_eq!(e, sorted(exposed));
}

#[test]
fn typos_and_forgotten_passwords_are_not_flagged() {
    let mut n = Night::default();
    let mut rng = Rng(10);
    for i in 0..150 {
        let u = format!("human{i}@example.com");
        let ip = format!("192.0.2.{}", i % 250);
        let t = rng.below(80_000) as i64;
        let fails = rng.below(5);
        for f in 0..fails {
            n.ev(t + f as i64 * 20, &u, &ip, false, &format!("typo{f}-{i}"));
        }
        if i % 10 != 0 {
            n.ev(t + 200, &u, &ip, true, &format!("right-{i}"));
        } else {
            // Forgot it: more failures, then gives up (password reset by e-mail).
            for f in 0..6 {
                n.ev(t + 300 + f * 30, &u, &ip, false, &format!("maybe{f}-{i}"));
            }
        }
    }
    let (c, e) = n.detect();
    assert!(c.is_empty(), "{c:?}");
    assert!(e.is_empty());
}

/// An exposed row carries its address's figures: a subscriber at a NAT a bot passed shows the
/// bot's failed replays there (and the reason names them); a user at their own address shows
/// nothing but their own login.
#[test]
fn exposed_rows_carry_their_address_figures() {
    let mut n = Night::default();
    for i in 0..20 {
        let u = format!("natuser{i}@isp.test");
        n.ev(
            1_000 + i * 3_000,
            &u,
            "100.64.9.9",
            true,
            &format!("cur-{i}"),
        );
    }
    n.leak("natuser7@isp.test", "cur-7");
    for j in 0..3 {
        let u = format!("botvictim{j}@mail.test");
        n.leak(&u, "combo-pass");
        n.ev(31_000 + j * 9, &u, "100.64.9.9", false, "combo-pass");
    }
    n.leak("reuser@example.com", "hunter2");
    n.ev(1_000, "reuser@example.com", "192.0.2.1", true, "hunter2");
    let (c, e) = n.detect_rows();
    assert!(c.is_empty(), "{c:?}");
    assert_eq!(
        first_col(&e),
        s(&["natuser7@isp.test", "reuser@example.com"])
    );
    let col = |r: &csv::StringRecord, name: &str| r.get(account_col(name)).map(String::from);
    let (nat, home) = (&e[0], &e[1]);
    assert_eq!(col(nat, "src_accounts").as_deref(), Some("23"));
    assert_eq!(col(nat, "src_fail_only").as_deref(), Some("3"));
    assert_eq!(col(nat, "src_replays").as_deref(), Some("3"));
    assert_eq!(col(nat, "leaked_logins").as_deref(), Some("1"));
    assert_eq!(
        col(nat, "reason").as_deref(),
        Some(
            "logged in with a leaked pair; no rule convicted it (its address failed on 3 other \
             accounts, 3 of them with leaked pairs, 0 within 300 s of the login)"
        )
    );
    assert_eq!(col(home, "src_accounts").as_deref(), Some("1"));
    assert_eq!(col(home, "src_fail_only").as_deref(), Some("0"));
    assert_eq!(
        col(home, "reason").as_deref(),
        Some("logged in with a leaked pair; no sign of anyone else using it")
    );
}

#[test]
fn user_whose_current_password_is_leaked_is_exposed_not_compromised() {
    let mut n = Night::default();
    n.leak("reuser@example.com", "hunter2");
    n.ev(1_000, "reuser@example.com", "192.0.2.1", true, "hunter2");
    n.ev(50_000, "ReUser@Example.com ", "192.0.2.1", true, "hunter2");
    let (c, e) = n.detect();
    assert!(c.is_empty());
    assert_eq!(e, s(&["reuser@example.com"]));
}

#[test]
fn attacker_returning_from_a_shared_address_convicts_only_its_visit() {
    let mut n = Night::default();
    let mut rng = Rng(11);
    background(&mut n, 50, &mut rng);
    // A stuffer takes two accounts tonight from its own address.
    stuffer(&mut n, "s", "203.0.113.80", &[3, 7]);
    // Later it comes back through a residential proxy that is someone's home: it logs into the
    // two taken accounts and, in the same visit, an account from its private list (a pair that
    // is in no leak).
    n.ev(40_000, "s3@mail.test", "198.51.100.9", true, "combo");
    n.ev(40_060, "s7@mail.test", "198.51.100.9", true, "combo");
    n.ev(
        40_120,
        "private@mail.test",
        "198.51.100.9",
        true,
        "private-pass",
    );
    n.ev(
        3_000,
        "private@mail.test",
        "192.0.2.77",
        true,
        "private-pass",
    );
    // The home's resident logs in hours later with their own password.
    n.ev(
        70_000,
        "resident@home.test",
        "198.51.100.9",
        true,
        "resident-pass",
    );
    n.ev(
        10_000,
        "resident@home.test",
        "198.51.100.9",
        true,
        "resident-pass",
    );
    let (c, e) = n.detect();
    assert_eq!(c, s(&["private@mail.test", "s3@mail.test", "s7@mail.test"]));
    assert!(e.is_empty(), "{e:?}");
}

/// A follow-up batch from a fresh address: within a minute it logs into one account a stuffer
/// took tonight and one more with a leaked pair, and does nothing else all night. The same two
/// logins at an owner's home, hours apart (the convicted account's owner and a housemate whose
/// password is leaked), convict nobody; nor do the same two logins within a minute at a home
/// seen for nothing else, when they came before the stuffer took the account (its owner and a
/// housemate, not the attacker coming back).
#[test]
fn follow_up_batch_with_one_taken_account() {
    let mut n = Night::default();
    let mut rng = Rng(12);
    background(&mut n, 50, &mut rng);
    stuffer_takes_b2_and_b5(&mut n);
    return_visit_after_b2(&mut n);
    n.leak("housemate@mail.test", "house-pass");
    n.ev(20_000, "b5@mail.test", "192.0.2.200", true, "combo");
    n.ev(
        60_000,
        "housemate@mail.test",
        "192.0.2.200",
        true,
        "house-pass",
    );
    early_household_of_b5(&mut n);
    let (c, e) = n.detect();
    assert_eq!(c, s(&["b2@mail.test", "b5@mail.test", "second@mail.test"]));
    assert_eq!(e, s(&["early.housemate@mail.test", "housemate@mail.test"]));
}

/// A spray bot passes through a carrier NAT and tries one common password on six accounts;
/// hours later a subscriber whose own password is that common one logs in there, among thirty
/// others. The sprayed accounts do not outnumber the address's honest logins: nobody is
/// convicted. The same six failures from the bot's own address, and a login with the password
/// there, convict that login.
#[test]
fn spray_bot_passing_a_nat_does_not_convict_its_residents() {
    let mut n = Night::default();
    let mut rng = Rng(13);
    background(&mut n, 50, &mut rng);
    let nat = "100.64.20.1";
    for i in 0..30 {
        let u = format!("sub{i}@mail.test");
        n.ev(20_000 + i * 500, &u, nat, true, &format!("own-{i}"));
    }
    n.ev(40_000, "common.user@mail.test", nat, true, "Summer2024!");
    for i in 0..6 {
        let u = format!("sprayed{i}@mail.test");
        n.ev(10_000 + i * 5, &u, nat, false, "Summer2024!");
        n.ev(10_000 + i * 5, &u, "203.0.113.140", false, "Summer2024!");
    }
    n.ev(
        10_040,
        "victim.s@mail.test",
        "203.0.113.140",
        true,
        "Summer2024!",
    );
    let (c, _) = n.detect();
    assert_eq!(c, s(&["victim.s@mail.test"]));
}

/// A sprayer's hit is one of its attempts. At a carrier address with ten residents a bot
/// sprays a common password on sixty accounts for half an hour and gets into one of them
/// meanwhile: convicted. In the evening a resident whose own password is that common one logs
/// in there: not convicted (convicted with `spray_span_slack_secs` 0, the check off). A slow
/// sprayer, one attempt an hour from its own address, gets in an hour and a half after its
/// last failure, in step with it: convicted.
#[test]
fn a_sprayers_hit_comes_while_it_sprays() {
    let mut n = Night::default();
    let mut rng = Rng(15);
    background(&mut n, 50, &mut rng);
    let nat = "100.64.30.1";
    for i in 0..10 {
        let u = format!("res{i}@mail.test");
        n.ev(15_000 + i * 3_000, &u, nat, true, &format!("own-{i}"));
    }
    for i in 0..60 {
        let u = format!("sprayed{i}@mail.test");
        n.ev(20_000 + i * 30, &u, nat, false, "Summer2024!");
    }
    n.ev(21_000, "victim.h@mail.test", nat, true, "Summer2024!");
    n.ev(60_000, "owner.e@mail.test", nat, true, "Summer2024!");
    for i in 0..6 {
        let u = format!("slow{i}@mail.test");
        n.ev(
            10_000 + i * 3_600,
            &u,
            "203.0.113.150",
            false,
            "Autumn2024!",
        );
    }
    n.ev(
        33_400,
        "slow.hit@mail.test",
        "203.0.113.150",
        true,
        "Autumn2024!",
    );
    let (c, _) = n.detect();
    assert_eq!(c, s(&["slow.hit@mail.test", "victim.h@mail.test"]));
    let (c, _) = n.detect_with("[rules]\nspray_span_slack_secs = 0\n");
    assert_eq!(
        c,
        s(&[
            "owner.e@mail.test",
            "slow.hit@mail.test",
            "victim.h@mail.test"
        ])
    );
}

/// The attacker's follow-up address logs into an account a stuffer took (leaked pair), one a
/// sprayer took (a common password, in no leak), and, within the same visit, one more with a
/// leaked pair: two links, the third login is convicted. At a shared address the owners of two
/// taken accounts log in in the evening; a resident whose password is leaked logged in there
/// hours before, outside that visit: exposed, not convicted.
#[test]
fn follow_up_links_count_accounts_taken_without_a_leak() {
    let mut n = Night::default();
    let mut rng = Rng(14);
    background(&mut n, 50, &mut rng);
    stuffer_takes_b2_and_b5(&mut n);
    sprayer(&mut n, &[3]);
    n.ev(70_000, "b2@mail.test", "198.18.7.7", true, "combo");
    n.ev(70_600, "sp3@mail.test", "198.18.7.7", true, "Summer2024!");
    n.leak("third@mail.test", "third-pass");
    n.ev(71_000, "third@mail.test", "198.18.7.7", true, "third-pass");
    let shared = "192.0.2.210";
    n.leak("resident@mail.test", "resident-pass");
    n.ev(40_000, "resident@mail.test", shared, true, "resident-pass");
    n.ev(80_000, "b5@mail.test", shared, true, "combo");
    n.ev(80_300, "sp3@mail.test", shared, true, "Summer2024!");
    let (c, e) = n.detect();
    assert_eq!(
        c,
        s(&[
            "b2@mail.test",
            "b5@mail.test",
            "sp3@mail.test",
            "third@mail.test"
        ])
    );
    assert_eq!(e, s(&["resident@mail.test"]));
}

/// The attacker returns to two accounts a stuffer took through a VPN exit, and an exposed user
/// of the exit logs in there with their leaked pair within the hour. With nothing else at the
/// exit, that login is the attacker's third (convicted). When bots of other campaigns also
/// fail on six accounts there all evening, the exit is shared by many actors and the user's
/// login is theirs as likely as the attacker's: exposed, not convicted.
#[test]
fn follow_up_links_nothing_at_an_exit_bots_pass() {
    for bots in [0, 6] {
        let mut n = Night::default();
        let mut rng = Rng(27);
        background(&mut n, 50, &mut rng);
        stuffer_takes_b2_and_b5(&mut n);
        let exit = "198.51.100.44";
        for i in 0..bots {
            n.ev(
                60_000 + 700 * i,
                &format!("bot{i}@mail.test"),
                exit,
                false,
                &format!("x-{i}"),
            );
        }
        n.ev(62_000, "b2@mail.test", exit, true, "combo");
        n.ev(62_900, "b5@mail.test", exit, true, "combo");
        n.leak("vpn.user@mail.test", "vpn-pass");
        n.ev(64_000, "vpn.user@mail.test", exit, true, "vpn-pass");
        let (c, e) = n.detect();
        let case = format!("{bots} bots");
        assert_b2_b5_and(&c, &e, "vpn.user@mail.test", bots == 0, &case);
    }
}

/// The owners of two accounts a stuffer took log in at a carrier address in the evening, each
/// after mistyping their password once, and a subscriber whose password is leaked logs in there
/// minutes later: an attacker holds the pairs it returns with and does not mistype them, so
/// nothing links and the subscriber stays exposed.
#[test]
fn owners_who_mistype_link_nothing() {
    let mut n = Night::default();
    let mut rng = Rng(15);
    background(&mut n, 50, &mut rng);
    stuffer_takes_b2_and_b5(&mut n);
    let shared = "192.0.2.220";
    n.ev(80_000, "b2@mail.test", shared, false, "comb");
    n.ev(80_010, "b2@mail.test", shared, true, "combo");
    n.ev(80_600, "b5@mail.test", shared, false, "Combo");
    n.ev(80_615, "b5@mail.test", shared, true, "combo");
    n.leak("subscriber@mail.test", "sub-pass");
    n.ev(81_000, "subscriber@mail.test", shared, true, "sub-pass");
    let (c, e) = n.detect();
    assert_eq!(c, s(&["b2@mail.test", "b5@mail.test"]));
    assert_eq!(e, s(&["subscriber@mail.test"]));
}

/// A phone app retries its owner's old password, which is in a leak, three times in a minute at
/// a carrier address, and four minutes later a subscriber whose own password is leaked logs in
/// there (residents log in there all afternoon): a bot replays a pair once, so the retried
/// password is no replay and the subscriber stays exposed. The same old password tried once each
/// on three accounts, a bot's replays, convicts the login next to them.
#[test]
fn a_retried_old_password_is_not_a_replay() {
    let mut n = Night::default();
    let mut rng = Rng(16);
    background(&mut n, 50, &mut rng);
    for (ip, users, login) in [
        (
            "100.72.0.9",
            ["app.owner@mail.test"; 3],
            "subscriber@mail.test",
        ),
        (
            "100.72.1.9",
            ["r1@mail.test", "r2@mail.test", "r3@mail.test"],
            "victim@mail.test",
        ),
    ] {
        for (i, u) in users.iter().enumerate() {
            n.leak(u, "old-pass");
            n.ev(30_000 + 30 * i as i64, u, ip, false, "old-pass");
        }
        n.leak(login, &format!("{login}-pass"));
        n.ev(30_300, login, ip, true, &format!("{login}-pass"));
        for i in 0..4 {
            let u = format!("res{i}.{ip}@mail.test");
            n.ev(50_000 + 3_000 * i, &u, ip, true, &format!("{u}-pass"));
        }
    }
    let (c, e) = n.detect();
    assert_eq!(c, s(&["victim@mail.test"]));
    assert_eq!(e, s(&["subscriber@mail.test"]));
}

/// The attacker passes once through each of two residential proxies: within a minute it logs
/// into two accounts a stuffer took and, at the second, seconds later into a third with a leaked
/// pair, convicted by the links. At the first, the home's resident, whose password is leaked
/// too, logged in three hours before the visit: a proxy visited once is somebody's home, so the
/// resident stays exposed.
#[test]
fn a_proxy_visited_once_links_only_its_visit() {
    let mut n = Night::default();
    let mut rng = Rng(17);
    background(&mut n, 50, &mut rng);
    stuffer_takes_b2_and_b5(&mut n);
    n.leak("resident@mail.test", "resident-pass");
    n.leak("third@mail.test", "third-pass");
    for (t, home, extra) in [
        (60_000, "192.0.2.230", "resident@mail.test"),
        (70_960, "192.0.2.231", "third@mail.test"),
    ] {
        n.ev(t, extra, home, true, &extra.replace("@mail.test", "-pass"));
        n.ev(70_800, "b2@mail.test", home, true, "combo");
        n.ev(70_840, "b5@mail.test", home, true, "combo");
    }
    let (c, e) = n.detect();
    assert_eq!(c, s(&["b2@mail.test", "b5@mail.test", "third@mail.test"]));
    assert_eq!(e, s(&["resident@mail.test"]));
}

/// Six residents of a carrier address log in with their own passwords through the day; a bot
/// passing through fails twice with leaked pairs and logs into a victim seconds later; an
/// exposed subscriber logs in four minutes after the bot. A shared address is judged by the
/// busy tier: only the bot's login, inside its burst, is convicted; the subscriber is exposed.
#[test]
fn a_shared_address_convicts_only_inside_the_burst() {
    let mut n = Night::default();
    let mut rng = Rng(18);
    background(&mut n, 50, &mut rng);
    let ip = "100.80.3.9";
    for i in 0..6 {
        let u = format!("resident{i}@mail.test");
        n.ev(10_000 + 12_000 * i, &u, ip, true, &format!("{u}-pass"));
    }
    for (i, u) in ["r1@mail.test", "r2@mail.test"].iter().enumerate() {
        n.leak(u, "old-pass");
        n.ev(40_000 + 10 * i as i64, u, ip, false, "old-pass");
    }
    n.leak("victim@mail.test", "victim-pass");
    n.ev(40_020, "victim@mail.test", ip, true, "victim-pass");
    n.leak("subscriber@mail.test", "sub-pass");
    n.ev(40_260, "subscriber@mail.test", ip, true, "sub-pass");
    let (c, e) = n.detect();
    assert_eq!(c, s(&["victim@mail.test"]));
    assert_eq!(e, s(&["subscriber@mail.test"]));
}

/// An attacker's proxy logs into two accounts a stuffer took, and a subscriber whose own
/// password is leaked logs in there a minute later; a resident logs in hours after (so the
/// address's night is no short batch). At an address of its own the minute is the attacker
/// working its list: the third login is linked. On a carrier pool, whose /24 shows three other
/// addresses where two subscribers each logged in, the attacker and the subscriber met by
/// chance: the subscriber stays exposed (each fails without the pool guard).
#[test]
fn a_carrier_pool_links_nobody_to_the_attackers_visit() {
    for pool in [false, true] {
        let mut n = Night::default();
        let mut rng = Rng(19);
        background(&mut n, 50, &mut rng);
        stuffer_takes_b2_and_b5(&mut n);
        if pool {
            for a in 1..=3 {
                for u in 0..2 {
                    let user = format!("sub{a}{u}@mail.test");
                    let pass = format!("{user}-pass");
                    n.ev(
                        20_000 + 1000 * a + 100 * u,
                        &user,
                        &format!("100.64.7.{a}"),
                        true,
                        &pass,
                    );
                }
            }
        }
        let ip = "100.64.7.9";
        n.ev(50_000, "b2@mail.test", ip, true, "combo");
        n.ev(50_030, "b5@mail.test", ip, true, "combo");
        n.leak("subscriber@mail.test", "sub-pass");
        n.ev(50_090, "subscriber@mail.test", ip, true, "sub-pass");
        n.ev(70_000, "resident@mail.test", ip, true, "resident-pass");
        let (c, e) = n.detect();
        let case = format!("pool {pool}");
        assert_b2_b5_and(&c, &e, "subscriber@mail.test", !pool, &case);
    }
}

/// An exit the attacker's sessions pass all day: it returns to b2 in the morning and to b5 in
/// the evening, with the pairs it took. A login there with a pair in no leak five minutes after
/// the evening return is the attacker's private list; one at midday, hours from either return
/// (though inside the day they span), is the exit's honest user: not linked.
#[test]
fn a_login_in_no_leak_is_linked_only_beside_a_return() {
    let mut n = Night::default();
    let mut rng = Rng(23);
    background(&mut n, 50, &mut rng);
    stuffer_takes_b2_and_b5(&mut n);
    let ip = "198.18.40.4";
    n.ev(30_000, "b2@mail.test", ip, true, "combo");
    n.ev(45_000, "midday@mail.test", ip, true, "midday-pass");
    n.ev(60_000, "b5@mail.test", ip, true, "combo");
    n.ev(60_300, "beside@mail.test", ip, true, "beside-pass");
    let (c, e) = n.detect();
    assert_eq!(c, s(&["b2@mail.test", "b5@mail.test", "beside@mail.test"]));
    assert!(e.is_empty(), "{e:?}");
}

/// An exit the attacker's sessions pass returns to b2 and b5 with the pairs it took, four
/// hours apart; a subscriber whose own password is leaked logs in there too. Where a resident
/// also logs in with a password in no leak, the subscriber's login counts only within
/// `linked_visit_secs` of the returns: hours after them it is an exposed resident's. With no
/// resident, or with the guard off, it is linked.
#[test]
fn a_leaked_login_hours_from_the_returns_is_a_residents_where_residents_log_in() {
    let off = "[rules]\nlinked_residents_need_visit = false\n";
    // (the subscriber's login, a resident, configuration, the subscriber convicted)
    let cases = [
        (70_000, true, "", false),
        (70_000, true, off, true),
        (70_000, false, "", true),
        (45_600, true, "", true),
    ];
    for (t, resident, cfg, convicted) in cases {
        let mut n = Night::default();
        let mut rng = Rng(25);
        background(&mut n, 50, &mut rng);
        stuffer_takes_b2_and_b5(&mut n);
        let ip = "198.18.40.6";
        n.ev(30_000, "b2@mail.test", ip, true, "combo");
        n.ev(45_000, "b5@mail.test", ip, true, "combo");
        if resident {
            n.ev(60_000, "resident@mail.test", ip, true, "resident-pass");
        }
        n.leak("subscriber@mail.test", "sub-pass");
        n.ev(t, "subscriber@mail.test", ip, true, "sub-pass");
        let (c, e) = n.detect_with(cfg);
        let case = format!("at {t}, resident {resident} {cfg:?}");
        assert_b2_b5_and(&c, &e, "subscriber@mail.test", convicted, &case);
    }
}

/// A host of the attacker's own returns all day to three accounts a stuffer took, and twice
/// logs into a fourth with a pair in no leak, hours from any return: nobody but the attacker
/// logs in there, so the fourth is its too (`linked_dominant_min_links`). With one honest
/// resident beside it, or with two returns instead of three, the address may be an exit its
/// honest users share: the login is not linked. A login before the first return (or after the
/// last) counts only when the returns spread over half an hour or more
/// (`linked_dominant_stay_secs`): the attacker stayed, the host is its own; three returns
/// within ten minutes are one pass through a proxy, whose user logs in at other hours. Each
/// case fails without its guard; the first and second are run with the rule off and with two
/// strays allowed, the stay with its guard off.
#[test]
fn a_host_of_the_attackers_own_links_its_every_login() {
    let off = "[rules]\nlinked_dominant_min_links = 0\n";
    let strays_2 = "[rules]\nlinked_dominant_max_strays = 2\n";
    let no_stay = "[rules]\nlinked_dominant_stay_secs = 0\n";
    // (accounts returned to, seconds between returns, the fourth login's times, a resident,
    // configuration, the fourth convicted)
    type Case<'a> = (&'a [i64], i64, &'a [i64], bool, &'a str, bool);
    let cases: [Case; 10] = [
        (&[2, 5, 8], 20_000, &[50_000, 58_000], false, "", true),
        (&[2, 5, 8], 20_000, &[50_000, 58_000], false, off, false),
        (&[2, 5, 8], 20_000, &[50_000, 58_000], true, "", false),
        (&[2, 5, 8], 20_000, &[50_000, 58_000], true, strays_2, true),
        (&[2, 5, 8], 20_000, &[20_000], false, "", true),
        (&[2, 5, 8], 20_000, &[20_000], false, no_stay, false),
        (&[2, 5, 8], 300, &[30_400], false, "", true),
        (&[2, 5, 8], 300, &[50_000], false, "", false),
        (&[2, 5, 8], 300, &[20_000], false, "", false),
        (&[2, 5], 20_000, &[50_000, 58_000], false, "", false),
    ];
    for (taken, gap, times, resident, cfg, convicted) in cases {
        let mut n = Night::default();
        let mut rng = Rng(24);
        background(&mut n, 50, &mut rng);
        stuffer(&mut n, "b", "203.0.113.90", taken);
        let ip = "198.18.40.5";
        for (i, t) in taken.iter().enumerate() {
            n.ev(
                30_000 + gap * i as i64,
                &format!("b{t}@mail.test"),
                ip,
                true,
                "combo",
            );
        }
        for t in times {
            n.ev(*t, "private@mail.test", ip, true, "private-pass");
        }
        if resident {
            n.ev(60_000, "resident@mail.test", ip, true, "resident-pass");
        }
        let (c, e) = n.detect_with(cfg);
        let mut want: Vec<String> = taken.iter().map(|t| format!("b{t}@mail.test")).collect();
        if convicted {
            want.push("private@mail.test".into());
        }
        if convicted && resident {
            want.push("resident@mail.test".into());
        }
        let case = format!("{taken:?} every {gap} s, {times:?} resident {resident} {cfg:?}");
        assert_eq!(sorted(c), sorted(want), "{case}");
        assert!(e.is_empty(), "{case}: {e:?}");
    }
}

/// The attacker's hosts link through each other: host X returns to b2 and b5 (the stuffer
/// took them) and logs into `third` with its leaked pair, which links `third`; host Y returns
/// to b5 and to `third` and logs into `fourth` with its leaked pair. Y's links are b5 and
/// `third`, the second convicted by this rule at X, so `fourth` is linked too; with `third`
/// not counted (one pass of the rule, as before session 40) Y has one link and `fourth` is
/// only exposed.
#[test]
fn a_linked_takeover_links_the_attackers_next_host() {
    let mut n = Night::default();
    background(&mut n, 50, &mut Rng(41));
    stuffer_takes_b2_and_b5(&mut n);
    n.leak("third@mail.test", "third-pass");
    n.leak("fourth@mail.test", "fourth-pass");
    let x = "198.18.41.7";
    n.ev(30_000, "b2@mail.test", x, true, "combo");
    n.ev(33_000, "b5@mail.test", x, true, "combo");
    n.ev(33_300, "third@mail.test", x, true, "third-pass");
    let y = "198.18.52.8";
    n.ev(50_000, "b5@mail.test", y, true, "combo");
    n.ev(52_000, "third@mail.test", y, true, "third-pass");
    n.ev(52_200, "fourth@mail.test", y, true, "fourth-pass");
    let (c, e) = n.detect();
    let want = ["b2", "b5", "fourth", "third"].map(|u| format!("{u}@mail.test"));
    assert_eq!(c, want, "exposed {e:?}");
    assert!(e.is_empty(), "{e:?}");
}

/// A bot's burst at a carrier address takes `taken` with a pair in no leak
/// (`hit-and-run-agent`, a rule that reads agents, known only after the second reading); the
/// attacker's host then returns to b2 (the stuffer took it) and to `taken`, and logs into
/// `fourth` with its leaked pair beside them. `taken` is the host's second link, so `fourth`
/// is linked: the linked pass runs again once the agents' rules have convicted.
#[test]
fn an_agent_rules_conviction_links_the_attackers_host() {
    let mut n = Night::default();
    background(&mut n, 40, &mut Rng(17));
    common::agent_burst(
        &mut n,
        "taken@mail.test",
        "100.66.3.3",
        "Mozilla/5.0 (Macintosh) Safari/18.1",
    );
    stuffer_takes_b2_and_b5(&mut n);
    n.leak("fourth@mail.test", "fourth-pass");
    let host = "198.18.61.4";
    n.ev(40_000, "b2@mail.test", host, true, "combo");
    n.ev(41_000, "taken@mail.test", host, true, "private-list");
    n.ev(41_300, "fourth@mail.test", host, true, "fourth-pass");
    let (c, e) = n.detect_rows();
    let rule = |u: &str| {
        c.iter()
            .find(|r| &r[0] == u)
            .map(|r| r[account_col("rule")].to_string())
    };
    assert_eq!(
        rule("taken@mail.test").as_deref(),
        Some("hit-and-run-agent")
    );
    assert_eq!(rule("fourth@mail.test").as_deref(), Some("takeover-linked"));
    assert_eq!(first_col(&c).len(), 4, "{:?}", first_col(&c));
    assert!(e.is_empty(), "{:?}", first_col(&e));
}

/// The attacker's host returns over more than an hour to three taken accounts, two of them
/// taken by a sprayer (their passwords in no leak), and logs into a fourth with its leaked
/// pair eight hours before: nobody else logs in there, so the links are the attacker's returns
/// and the fourth login is its too (`linked_dominant_stay_secs`). With the key at 0, links
/// made with pairs in no leak may be owners sharing the address: the login must lie within
/// `linked_visit_secs` of them, and is exposed.
#[test]
fn a_host_of_the_attackers_own_links_a_leaked_login_at_any_hour() {
    for stay in [true, false] {
        let mut n = Night::default();
        let mut rng = Rng(31);
        background(&mut n, 50, &mut rng);
        stuffer_takes_b2_and_b5(&mut n);
        sprayer(&mut n, &[3, 6]);
        let host = "198.18.7.9";
        n.ev(70_000, "b2@mail.test", host, true, "combo");
        n.ev(72_000, "sp3@mail.test", host, true, "Summer2024!");
        n.ev(74_000, "sp6@mail.test", host, true, "Summer2024!");
        n.leak("fourth@mail.test", "fourth-pass");
        n.ev(40_000, "fourth@mail.test", host, true, "fourth-pass");
        let cfg = if stay {
            ""
        } else {
            "[rules]\nlinked_dominant_stay_secs = 0\n"
        };
        let (c, e) = n.detect_with(cfg);
        let mut want = vec![
            "b2@mail.test",
            "b5@mail.test",
            "sp3@mail.test",
            "sp6@mail.test",
        ];
        if stay {
            want.push("fourth@mail.test");
        }
        assert_eq!(sorted(c), sorted(s(&want)), "stay {stay}");
        let exposed: &[&str] = if stay { &[] } else { &["fourth@mail.test"] };
        assert_eq!(e, s(exposed), "stay {stay}");
    }
}

/// Two accounts logged into within a minute from a fresh address that does nothing else all
/// night, both with leaked pairs: the attacker working its list. With one of the two leaked it
/// is as likely a household's shared device (one honest login in a few is leaked-pair; two at
/// once are rare), and so with one of three (unless another source broke into one of them:
/// `batch_visit_into_several_accounts_is_convicted`). The same visit with one password on both
/// accounts is one person's two accounts (people reuse their password; victims do not share
/// one). On IPv6, where a /64 is one home or one phone, two accounts are its household's and
/// three a list, unless the /64 is busy at other hours (a home). In every case each account's
/// owner logged in earlier that night at home, in another network (a visit into accounts
/// logged into nowhere else is a household's: `batch_visit_into_several_accounts_is_convicted`).
#[test]
fn a_short_visit_is_a_household_when_it_shares_a_password_or_a_lan() {
    // (address, accounts, leaked among them, one password for all, another address of the /64
    // at other hours, convicted)
    let cases = [
        ("198.18.20.7", 2, 2, false, None, true),
        ("198.18.20.7", 2, 1, false, None, false),
        ("198.18.20.7", 2, 2, true, None, false),
        ("198.18.20.7", 3, 1, false, None, false),
        ("198.18.20.7", 3, 2, false, None, true),
        ("2001:db8:7:1::5", 2, 2, false, None, false),
        ("2001:db8:7:1::5", 3, 2, false, None, true),
        (
            "2001:db8:7:1::5",
            3,
            2,
            false,
            Some("2001:db8:7:1::9"),
            false,
        ),
    ];
    for (ip, k, leaked, one_pw, lan, convicted) in cases {
        let mut n = Night::default();
        let mut rng = Rng(20);
        background(&mut n, 50, &mut rng);
        let users: Vec<String> = (0..k).map(|i| format!("v{i}@mail.test")).collect();
        for (i, u) in users.iter().enumerate() {
            let pass = if one_pw {
                "shared-pass".into()
            } else {
                format!("{u}-pass")
            };
            if i < leaked {
                n.leak(u, &pass);
            }
            let home = format!("203.0.{}.250", 100 + i);
            n.ev(10_000 + 15 * i as i64, u, &home, true, &pass);
            n.ev(50_000 + 20 * i as i64, u, ip, true, &pass);
        }
        if let Some(other) = lan {
            n.ev(20_000, "v0@mail.test", other, true, "v0@mail.test-pass");
        }
        let (c, e) = n.detect();
        let case =
            format!("{ip} {k} accounts, {leaked} leaked, one password {one_pw}, lan {lan:?}");
        if convicted {
            assert_eq!(c, users, "{case}");
            assert!(e.is_empty(), "{case}: {e:?}");
        } else {
            assert!(c.is_empty(), "{case}: {c:?}");
            assert_eq!(e, users[..leaked].to_vec(), "{case}");
        }
    }
}

/// A bot of a residential proxy fails on 25 accounts over two hours at a carrier address, and
/// a subscriber logs in there meanwhile with a pair in no leak. At an address of its own the
/// bot's source convicts the login (`guessing`). In a dynamic pool, where a subscriber logged
/// in tonight from two of the /24's addresses, the login is as likely a subscriber's: nobody
/// is convicted. An account logged into from two addresses of the /24 that are both the
/// attacker's own (each failing on many accounts) hops in no pool: the login is convicted.
#[test]
fn guessing_does_not_convict_by_address_in_a_dynamic_pool() {
    // (an honest subscriber hops in the /24, the attacker's two addresses share an account)
    for (pool, attacker_hops) in [(false, false), (true, false), (false, true)] {
        let mut n = Night::default();
        let mut rng = Rng(21);
        background(&mut n, 50, &mut rng);
        let ip = "100.70.5.9";
        for i in 0..25 {
            let u = format!("g{i}@mail.test");
            n.ev(30_000 + 300 * i, &u, ip, false, &format!("guess-{i}"));
        }
        n.ev(33_010, "sub@mail.test", ip, true, "sub-pass");
        if pool {
            n.ev(10_000, "hopper@mail.test", "100.70.5.1", true, "hop-pass");
            n.ev(40_000, "hopper@mail.test", "100.70.5.2", true, "hop-pass");
        }
        if attacker_hops {
            // The attacker's second address: its own guessing, and the account it took
            // logged into from both.
            for i in 0..25 {
                let u = format!("h{i}@mail.test");
                n.ev(
                    30_100 + 300 * i,
                    &u,
                    "100.70.5.12",
                    false,
                    &format!("guess-{i}"),
                );
            }
            n.ev(33_500, "sub@mail.test", "100.70.5.12", true, "sub-pass");
        }
        let (c, _) = n.detect();
        if pool {
            assert!(c.is_empty(), "{c:?}");
        } else {
            assert_eq!(c, s(&["sub@mail.test"]), "attacker hops: {attacker_hops}");
        }
    }
}

/// A bot fails on 25 accounts at each of two addresses of one /24, and a subscriber logs in at
/// one of them meanwhile with a pair in no leak. Spread over four hours (six failures an hour
/// at each address), that is a proxy pool's thin slice of a bot's traffic on carrier
/// addresses that subscribers use all day: nobody is convicted. The same failures at one
/// address, or packed into two hours at each (a hosting range's bots), convict the login.
#[test]
fn guessing_does_not_convict_by_address_in_a_proxy_pool() {
    // (failures' spacing in seconds, second address of the /24 guessing too, convicted)
    for (gap, neighbour, convicted) in [(600, true, false), (600, false, true), (300, true, true)] {
        let mut n = Night::default();
        let mut rng = Rng(24);
        background(&mut n, 50, &mut rng);
        let ips: &[&str] = if neighbour {
            &["100.71.6.9", "100.71.6.40"]
        } else {
            &["100.71.6.9"]
        };
        for (j, ip) in ips.iter().enumerate() {
            for i in 0..25 {
                let u = format!("g{j}-{i}@mail.test");
                n.ev(
                    30_000 + gap * i + 7 * j as i64,
                    &u,
                    ip,
                    false,
                    &format!("guess-{i}"),
                );
            }
        }
        n.ev(
            30_000 + gap * 5 + 40,
            "sub@mail.test",
            "100.71.6.9",
            true,
            "sub-pass",
        );
        let (c, _) = n.detect();
        let case = format!("gap {gap} s, neighbour {neighbour}");
        if convicted {
            assert_eq!(c, s(&["sub@mail.test"]), "{case}");
        } else {
            assert!(c.is_empty(), "{case}: {c:?}");
        }
    }
}

/// Bots passing a VPN exit fail on 25 accounts there, one every 25 minutes all day (about
/// two an hour), or every 15 minutes (four an hour, as the fourth generator's VPN exits do),
/// and a user of the exit logs in meanwhile with a pair in no leak: a trickle that honest
/// users of a shared exit see, not a guesser at work; nobody is convicted. The same 25
/// failures within four hours (six an hour) are a guesser's, and convict the login.
#[test]
fn guessing_does_not_convict_by_a_trickle_of_failures() {
    for (gap, convicted) in [(1_500, false), (900, false), (600, true)] {
        let mut n = Night::default();
        let mut rng = Rng(25);
        background(&mut n, 50, &mut rng);
        for i in 0..25 {
            let u = format!("t{i}@mail.test");
            n.ev(
                3_000 + gap * i,
                &u,
                "198.51.100.77",
                false,
                &format!("pw-{i}"),
            );
        }
        n.ev(
            3_000 + gap * 12 + 40,
            "user@mail.test",
            "198.51.100.77",
            true,
            "own-pass",
        );
        let (c, _) = n.detect();
        if convicted {
            assert_eq!(c, s(&["user@mail.test"]), "gap {gap} s");
        } else {
            assert!(c.is_empty(), "gap {gap} s: {c:?}");
        }
    }
}

/// Bots of a residential proxy replay twelve leaked pairs at a carrier address in the small
/// hours. A subscriber whose own password is leaked logs in there half an hour later: inside
/// the stuffer's reach, convicted. Five hours later, hours from every replay: as likely the
/// subscriber, exposed.
#[test]
fn stuffing_convicts_within_its_reach_of_the_replays() {
    for (later, convicted) in [(1_800, true), (18_000, false)] {
        let mut n = Night::default();
        let mut rng = Rng(22);
        background(&mut n, 50, &mut rng);
        let ip = "100.72.8.3";
        for i in 0..12 {
            let u = format!("r{i}@mail.test");
            n.leak(&u, "old-pass");
            n.ev(10_000 + 20 * i, &u, ip, false, "old-pass");
        }
        n.leak("subscriber@mail.test", "sub-pass");
        n.ev(10_240 + later, "subscriber@mail.test", ip, true, "sub-pass");
        let (c, e) = n.detect();
        if convicted {
            assert_eq!(c, s(&["subscriber@mail.test"]), "{later} s");
        } else {
            assert!(c.is_empty(), "{later} s: {c:?}");
            assert_eq!(e, s(&["subscriber@mail.test"]), "{later} s");
        }
    }
}

/// A phone's IPv6 address logs into an account a stuffer took tonight and, seconds later, into
/// a second account with its leaked pair, and is never seen again. On IPv4 that visit is the
/// attacker's return (`follow_up_batch_with_one_taken_account`); on IPv6, where the /64 is one
/// phone or one home, it is as likely the owner of both (a work and a personal account) or a
/// household: the second account stays exposed.
#[test]
fn a_two_account_ipv6_visit_links_nothing() {
    let mut n = Night::default();
    let mut rng = Rng(23);
    background(&mut n, 50, &mut rng);
    stuffer_takes_b2_and_b5(&mut n);
    n.leak("second@mail.test", "second-pass");
    n.ev(50_000, "b2@mail.test", "2001:db8:55:7::31", true, "combo");
    n.ev(
        50_020,
        "second@mail.test",
        "2001:db8:55:7::31",
        true,
        "second-pass",
    );
    let (c, e) = n.detect();
    assert_eq!(c, s(&["b2@mail.test", "b5@mail.test"]));
    assert_eq!(e, s(&["second@mail.test"]));
}

/// After a stuffer takes b5, its owner and a housemate whose password is leaked log in within
/// a minute at a home seen for nothing else (the housemate also logs in at work, in the home's
/// /16, so no takeover-batch): the attacker's batch coming back has this shape, and so does a
/// family's shared tablet. By default one convicted account links nothing; with
/// `linked_single_visit` the housemate is convicted (`takeover-linked`).
#[test]
fn one_taken_account_at_a_home_links_nothing_by_default() {
    let mut n = Night::default();
    background(&mut n, 50, &mut Rng(14));
    stuffer_takes_b2_and_b5(&mut n);
    n.leak("late.housemate@mail.test", "late-pass");
    n.ev(50_000, "b5@mail.test", "192.0.2.202", true, "combo");
    n.ev(
        50_030,
        "late.housemate@mail.test",
        "192.0.2.202",
        true,
        "late-pass",
    );
    n.ev(
        70_000,
        "late.housemate@mail.test",
        "192.0.77.2",
        true,
        "late-pass",
    );
    let (c, e) = n.detect();
    assert_eq!(c, s(&["b2@mail.test", "b5@mail.test"]));
    assert_eq!(e, s(&["late.housemate@mail.test"]));
    let (c, e) = n.detect_with("[rules]\nlinked_single_visit = true\n");
    assert_eq!(
        c,
        s(&["b2@mail.test", "b5@mail.test", "late.housemate@mail.test"])
    );
    assert!(e.is_empty(), "{e:?}");
}
