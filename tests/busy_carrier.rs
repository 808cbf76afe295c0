//! A carrier address whose bots replay leaked pairs fifty times a minute for an hour, behind
//! which fifty subscribers whose current passwords are in a leak log in (and two hundred whose
//! are not): at that rate about a hundred replays fall within a minute of any login, so nearness
//! to replays says nothing and nobody is convicted; the subscribers are exposed. (Until
//! session 19 the chance bound of `stuffing-near` stopped counting at 64 replays and convicted
//! all fifty.) The same address with a hundred times fewer replays still convicts the bot's own
//! login, made seconds into a burst of its replays.

mod common;

use common::Night;

/// The night: `replays` failed replays spread evenly over an hour at the carrier address, the
/// subscribers' logins spread over the same hour, and, when `bot_login`, the bot's own login
/// with a leaked pair in the middle of a burst of ten replays.
fn night(replays: i64, bot_login: bool) -> Night {
    let mut n = Night::default();
    let ip = "100.64.7.7";
    for i in 0..replays {
        let u = format!("list{i}@mail.test");
        n.leak(&u, "dumped");
        n.ev(3_600 + i * 3_600 / replays, &u, ip, false, "dumped");
    }
    for i in 0..250 {
        let (u, pw) = (format!("sub{i}@mail.test"), format!("current-{i}"));
        if i < 50 {
            n.leak(&u, &pw);
        }
        n.ev(3_630 + i * 14, &u, ip, true, &pw);
    }
    if bot_login {
        for j in 0..10 {
            let u = format!("burst{j}@mail.test");
            n.leak(&u, "dumped");
            n.ev(5_000 + j, &u, ip, false, "dumped");
        }
        n.leak("taken@mail.test", "reused");
        n.ev(5_005, "taken@mail.test", ip, true, "reused");
    }
    n
}

#[test]
fn replays_everywhere_convict_no_subscriber() {
    let (rows, _) = night(3_000, false).detect_rows();
    assert!(
        rows.is_empty(),
        "{} convicted: {:?}",
        rows.len(),
        rows.first()
    );
    let (c, e) = night(3_000, false).detect();
    assert!(c.is_empty());
    assert_eq!(e.len(), 50, "{e:?}");
}

#[test]
fn a_burst_on_a_quiet_carrier_address_still_convicts() {
    let (c, e) = night(30, true).detect();
    assert_eq!(c, ["taken@mail.test"], "{c:?}");
    assert_eq!(e.len(), 50, "{e:?}");
}
