//! Every threshold and window of a run, with documented defaults (`credsieve config
//! --print-defaults`). A TOML file given with `--config` overrides any subset.

use serde::{Deserialize, Serialize};
use std::path::Path;

use crate::error::{Error, Result};

/// The whole configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// How addresses group into networks.
    pub networks: Networks,
    /// Verdict thresholds.
    pub rules: Rules,
}

/// How addresses group into networks (a source is an address or a network).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Networks {
    /// Prefix length of an IPv4 network.
    pub v4_prefix: u8,
    /// Prefix length of an IPv6 network (a /64 is usually one customer).
    pub v6_prefix: u8,
    /// Judge networks of two or more addresses as sources too (catches address rotation).
    pub enabled: bool,
}

impl Default for Networks {
    fn default() -> Self {
        Networks {
            v4_prefix: 24,
            v6_prefix: 64,
            enabled: true,
        }
    }
}

/// Verdict thresholds. Each rule names behaviour that honest users do not produce.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    /// A source is an attacker's own when at least this share of the accounts it tried only
    /// failed from it (honest addresses, shared or not, mostly succeed).
    pub dedicated_fail_share: f64,
    /// ...and at most this many accounts logged into with a non-leaked pair per account that
    /// only failed (an address with honest logins is shared, not the attacker's own).
    pub dedicated_max_honest_ratio: f64,
    /// Credential stuffing: a leaked-pair login counts when a *failed replay* (a leaked pair
    /// failing on another account, with no login there from that address) from the same
    /// address lies within `stuffing_window_secs` of it, and the login's pair (address,
    /// account) has at most `stuffing_max_pair_attempts` attempts...
    pub stuffing_window_secs: u32,
    /// See `stuffing_window_secs`.
    pub stuffing_max_pair_attempts: u32,
    /// On a busy shared address (at least `busy_min_honest_accounts` accounts logged into with
    /// non-leaked pairs) the window shrinks to `stuffing_busy_window_secs`, and the failed
    /// replays in it must be enough that the address's leaked-pair logins would meet that many
    /// by chance (replays spread at random over the night) with at most `stuffing_max_chance`.
    pub stuffing_busy_window_secs: u32,
    /// See `stuffing_busy_window_secs`.
    pub busy_min_honest_accounts: u32,
    /// See `stuffing_busy_window_secs`.
    pub stuffing_max_chance: f64,
    /// ...or, at any time of the night, when its address is the attacker's own with at least
    /// this many failed replays.
    pub stuffing_min_replays: u32,
    /// Stuffing: the login lies within this many seconds of one of the source's failed
    /// replays (0: anywhere in the night).
    pub stuffing_reach_secs: u32,
    /// A busy address's `stuffing-near` logins are left to its users when its own logins with
    /// pairs in no leak came within `stuffing_busy_window_secs` of one of its failed replays at
    /// least this many times, and more often than the chance bound's model allows (at most
    /// `stuffing_max_chance`): a scheduled service (an account aggregator, a partner's
    /// integration) retries its stale saved passwords in the runs that log its users in, while
    /// a bot's burst meets a carrier address's residents only by chance (0: never).
    pub stuffing_busy_min_clean_near: u32,
    /// A network (several addresses) is judged as one actor only when at least this many of
    /// its addresses have accounts that only failed, and they are at least half of them.
    pub net_min_failing_ips: u32,
    /// Password spraying: one password failing on at least this many accounts from one source.
    pub spray_min_accounts: u32,
    /// Spraying: not when the login's password opened at least `spray_min_accounts` accounts
    /// from the source and at least this many per account it failed on there: one password
    /// opening about as many accounts as it failed on is shared by design (a QA robot's test
    /// accounts), not guessed (0: never).
    pub spray_max_opened_ratio: f64,
    /// Spraying (by an address): the login within this many seconds of the span of the
    /// source's failures with its password on other accounts (first to last), or in step with
    /// them (`spray_max_step_gaps`). A sprayer's hit is one of its attempts; a shared address's
    /// subscriber whose own password is the sprayed one logs in at other hours (0: never
    /// checked).
    pub spray_span_slack_secs: u32,
    /// Spraying: outside `spray_span_slack_secs` of the span, the login at most this many of
    /// the source's median gaps between those failures from the nearest of them (a slow
    /// sprayer's next attempt).
    pub spray_max_step_gaps: u32,
    /// Distributed spraying: one password failing on at least this many accounts over the night,
    /// and on another account from the login's own source.
    pub global_spray_min_accounts: u32,
    /// Guessing: a dedicated source with failures on at least this many accounts; every login
    /// from it counts.
    pub guess_min_accounts: u32,
    /// Guessing convicts a login only within this many seconds of the span of the source's
    /// guessing (first to last attempt on its fail-only accounts).
    pub guess_span_slack_secs: u32,
    /// Guessing: not judged on an IPv4 address whose /24 shows more than this many accounts
    /// that logged in tonight from two or more of its addresses (a dynamic pool: a carrier NAT
    /// reassigning subscribers, where a proxy's bot and subscribers share addresses).
    pub guess_max_hopping_accounts: u32,
    /// Guessing: not judged on an IPv4 address that failed fewer than this many times per
    /// hour of its night (first to last attempt) when another address of its /24 also failed
    /// on `guess_min_accounts` accounts: a proxy pool's thin slice of one bot's traffic, on
    /// addresses whose subscribers log in all day (0: never).
    pub guess_pool_max_fails_per_hour: u32,
    /// Guessing: not judged on a source whose fail-only accounts failed fewer than this many
    /// times an hour over the span of its guessing (first to last attempt on them): a trickle
    /// of bots passing a shared exit, not a guesser at work (0: never).
    pub guess_min_fails_per_hour: u32,
    /// Guessing: its accounts with a login at most this many per account that only failed
    /// (leaked pairs or not). A guesser succeeds on a few accounts in a hundred; an address
    /// where one in ten logs in is shared with the people whose accounts those are.
    pub guess_max_login_ratio: f64,
    /// Guessing: a source over `guess_max_login_ratio` is judged all the same when every
    /// account it logged into did so within `guess_span_slack_secs` of the span of its
    /// guessing, and that span (widened by the slack on both sides) is so short a share of the
    /// night that logins at random times would all fall in it with probability at most this: a
    /// guesser's hits come in its burst, a shared exit's users log in at their own hours (0:
    /// never).
    pub guess_burst_max_chance: f64,
    /// Guessing: the login at most this many of the source's median gaps between attempts on
    /// its fail-only accounts from the nearest of them: in step with its guessing, not in a
    /// pause between a bot's bursts where the address's residents log in (0: never checked).
    pub guess_max_step_gaps: u32,
    /// Guessing: not judged on a source whose most-tried failed password failed on more than
    /// this share of its fail-only accounts: a sprayer, whose hits come with the sprayed
    /// password (`spraying`); a login there with another password is somebody else's at a
    /// shared exit (a VPN exit the sprayer passes).
    pub guess_max_spray_share: f64,
    /// Guessing: not judged on a source where another account is a resident (logged in there
    /// twice or more, `guess_resident_secs` or more apart, never with a leaked pair) when the span of its guessing (first
    /// to last attempt on its fail-only accounts) covers more than this share of the night: bots
    /// passing a shared exit all day beside the people who live behind it, whose logins fall
    /// in that span whenever they come (1: never; session 34).
    pub guess_resident_max_span_share: f64,
    /// Guessing: an account logging in at a source twice or more this many seconds apart is a
    /// resident there (see `guess_resident_max_span_share`).
    pub guess_resident_secs: u32,
    /// Takeover reuse: an address that logged into at least this many accounts with leaked
    /// pairs...
    pub reuse_min_accounts: u32,
    /// ...where leaked-pair logins make at least this share of the accounts it logged into, at most
    /// `reuse_max_attempts_per_account` attempts per account on average (probes log in all day),
    /// convicts its leaked-pair logins.
    pub reuse_min_share: f64,
    /// See `reuse_min_share`.
    pub reuse_max_attempts_per_account: f64,
    /// ...and only when that many leaked-pair logins among the accounts it logged into would
    /// happen by chance with at most this probability, if each of its users were as likely to
    /// log in with a leaked pair as tonight's logins are on average (binomial tail): a carrier
    /// NAT where many users' passwords are leaked is not an attacker.
    pub reuse_max_chance: f64,
    /// ...and at most this many such addresses expected by chance over the whole night: the
    /// per-address bound is also at most this divided by the number of addresses that logged
    /// into `reuse_min_accounts` or more accounts tonight (each one is a chance to meet the
    /// bound; a service with 10^5 of them would otherwise convict hundreds of carrier NATs a
    /// night). 0 turns the night's bound off.
    pub reuse_max_expected: f64,
    /// Takeover reuse is not judged on an address where more than this many accounts logged
    /// in after a failure with a pair in no leak (residents correcting a typed password).
    pub reuse_max_typed_accounts: u32,
    /// Linked takeovers: an address that logged into at least this many accounts convicted by
    /// other sources (with the `reuse_min_share` and `reuse_max_attempts_per_account` shape)
    /// convicts its other leaked-pair logins. 0 turns the rule off.
    pub linked_min_accounts: u32,
    /// A login of such an address with a pair that is not in the leaks counts only when it is
    /// its pair's one attempt and within this many seconds of one of the address's logins into
    /// the convicted accounts (the attacker's returns).
    pub linked_visit_secs: u32,
    /// An address whose logins are the attacker's returns: at least this many accounts
    /// convicted by other sources and at most `linked_dominant_max_strays` accounts logged in
    /// there that no rule convicted. Its logins with a pair in no leak between its first and
    /// last login into a convicted account count however far from those and however often
    /// repeated (an honest user's address is not other people's taken accounts). 0 turns
    /// this off.
    pub linked_dominant_min_links: u32,
    /// See `linked_dominant_min_links`.
    pub linked_dominant_max_strays: u32,
    /// At such an address, when the logins into convicted accounts (the links and the accounts
    /// convicted there) spread over at least this many seconds, the address is the attacker's
    /// own host (it kept returning for that long), and a login with a pair in no leak counts
    /// at any hour of the night, not only between the first and last of them. 0 turns this
    /// off.
    pub linked_dominant_stay_secs: u32,
    /// Linked takeover: at an address where more accounts logged in with pairs in no leak
    /// than its links made so (residents with their own passwords), a leaked-pair login counts
    /// only within `linked_visit_secs` of the links' span (an exposed resident logs in at any
    /// hour). False: only where the links need such pairs to reach `linked_min_accounts`.
    pub linked_residents_need_visit: bool,
    /// Linked takeover from a single convicted account (with `linked_single_visit`): allowed
    /// when everything the address did all night lies within this many seconds. When the
    /// address's logins into convicted accounts lie within this many seconds (one visit), only
    /// logins within as many seconds of them are linked. 0 turns both off.
    pub linked_batch_secs: u32,
    /// Linked takeover from a single convicted account (the one-visit case of
    /// `linked_batch_secs`). Off by default: a household device that logs into two family
    /// accounts within a minute, one of them taken elsewhere, has the same shape as the
    /// attacker's batch coming back (gen3: 3 true / 21 false; indep: 52 / 0).
    pub linked_single_visit: bool,
    /// Linked takeover: not judged on an IPv4 address whose /24 holds more than this many other
    /// addresses that two or more accounts logged in from tonight (a carrier pool: the
    /// attacker's proxies and honest subscribers share its addresses, and an honest login beside
    /// the attacker's is chance).
    pub linked_max_shared_neighbours: u32,
    /// Linked takeover: not judged on an address where more than this many accounts only
    /// failed tonight: an exit that bots of many campaigns pass (a VPN, a proxy) carries the
    /// attacker's return to the accounts it took and its own honest users alike.
    pub linked_max_fail_only_accounts: u32,
    /// Batch takeover: an address whose whole night lies within this many seconds and that
    /// logged into `batch_min_accounts` or more accounts, each its pair's one attempt, at least
    /// one with a leaked pair, convicts those logins (away from each account's owner network).
    /// 0 turns the rule off.
    pub batch_window_secs: u32,
    /// Batch takeover: the fewest accounts the visit logged into (at least 2).
    pub batch_min_accounts: u32,
    /// Batch takeover, wider tier: a visit within this many seconds counts when it logged into
    /// `batch_wide_min_accounts` or more accounts (same conditions otherwise). 0 turns the
    /// tier off.
    pub batch_wide_window_secs: u32,
    /// Batch takeover, wider tier: the fewest accounts (at least 2).
    pub batch_wide_min_accounts: u32,
    /// Batch takeover: not judged on an IPv4 address whose /24 holds more than this many other
    /// addresses that two or more accounts logged in from tonight (a carrier pool or an office
    /// block, whose subscribers share addresses and meet on them by chance).
    pub batch_max_shared_neighbours: u32,
    /// Batch takeover from an IPv6 address: the fewest accounts (its /64 is one home or one
    /// phone, whose household logs into two accounts within minutes as often as a list does).
    pub batch_v6_min_accounts: u32,
    /// Batch takeover: the leaked-pair logins a visit into exactly two accounts needs. A
    /// household's shared device logs into two accounts within minutes, and with tonight's
    /// share `e` of leaked-pair logins one of the two is leaked about `2e` of the time, both
    /// about `e^2`: an attacker returning to two accounts taken from a leak has both.
    pub batch_two_min_leaked: u32,
    /// `ips.csv` lists an address that never logged in and failed at least this many times (or
    /// on two or more accounts) as `failing`. Listing convicts nothing.
    pub failing_min_fails: u32,
    /// Brute force: at least this many failures on one account from one source, then a login.
    pub brute_min_fails: u32,
    /// Brute force spread over many sources: the login's source guessed at least this many
    /// distinct passwords on the account (below the usual two thirds of `brute_min_fails`)...
    pub brute_run_min_own_fails: u32,
    /// ... and the login ended the run: every other source aimed at the account stopped failing
    /// on it by the login, the last within this many seconds before it. 0 turns this off.
    pub brute_run_end_secs: u32,
    /// Brute force when no password fingerprint is logged (one saved old password retried all
    /// day cannot be told from many guesses): the failures must also be dense, every login
    /// of the source coming within this many seconds per failure of the first failure (300:
    /// a guesser under fail2ban's limit of 5 failures in 10 minutes still counts; a device
    /// polling every 5-15 minutes with an old password does not. Session 35; 600 before, and
    /// only the first login had to lie within the run).
    pub brute_unlogged_secs_per_fail: u32,
    /// Failures that logged no password count for brute force only on a night where at most
    /// this share of the logins logged a pair fingerprint (an sshd log: none). Where the
    /// service fingerprints its logins but one channel cannot see the password (Wi-Fi RADIUS,
    /// a legacy protocol), a stale device retrying there for an hour is one password, not
    /// many.
    pub brute_unlogged_max_logged_share: f64,
    /// Brute force when no password fingerprint is logged: the source's last attempt on the
    /// account comes at most this many seconds after its last login there. A guesser stops
    /// once it is in (its attempts still in flight land a moment later); a device retrying a
    /// stale saved password keeps failing for hours beside its owner's working logins from the
    /// same address (0: not required; session 34).
    pub brute_unlogged_end_secs: u32,
    /// Brute force when no password fingerprint is logged: the source's last attempt on the
    /// account (a failure or a login) comes at most this many seconds after its first login
    /// there. A guesser's session in the account it opened lasts minutes; a device retrying a
    /// stale saved password fails on between its owner's logins from the same address until
    /// it is fixed and logs in itself, often hours later (0: not required; session 38).
    pub brute_unlogged_session_secs: u32,
    /// Brute force when no password fingerprint is logged: refused when the account failed at
    /// other sources at least this many times within `brute_unlogged_roam_secs` before the
    /// source's first failure on it: a device retrying a stale password fails wherever it
    /// goes, while a guesser's run begins at its own source (0: not refused so; session 38).
    pub brute_unlogged_roam_fails: u32,
    /// See `brute_unlogged_roam_fails`.
    pub brute_unlogged_roam_secs: u32,
    /// `guessing` at a source whose failures logged no password (where a sprayer passing an
    /// exit cannot be told from a guesser) is refused when at least this many accounts first
    /// logged in there out of step with the guessing (people live there: a VPN exit, a carrier
    /// address) and its logins in step are no more than logins at random hours would make
    /// (see `guess_idle_max_chance`; 0: never refused so; session 38).
    pub guess_min_idle_logins: u32,
    /// See `guess_min_idle_logins`: the logins in step are no more than chance makes when
    /// logins at random hours would put as many in step with at least this probability (a
    /// binomial tail over the share of the night in step).
    pub guess_idle_max_chance: f64,
    /// Brute force when passwords are logged: every login of the source must come within this
    /// many seconds per failure of its first failure (an owner who forgets their password twice
    /// in a day, hours apart, fails in two short runs with a login after each). 0 turns the
    /// check off.
    pub brute_logged_secs_per_fail: u32,
    /// Hit and run: a leaked-pair login, its pair's one attempt, from an address that did
    /// nothing else all night but fail on other accounts (with other passwords) within this
    /// many seconds of it. 0 turns the rule off.
    pub hit_and_run_window_secs: u32,
    /// The hit-and-run rules also judge an address that logged into up to this many accounts
    /// (1: only the login's) when it tried every account once, failed on at least as many
    /// other accounts as it logged into, and did all of it within `hit_and_run_window_secs`
    /// of the login: a bot's burst that found two pairs that work.
    pub hit_and_run_max_logins: u32,
    /// Hit and run of a slow bot: a leaked-pair login in the same shape (at any distance), a
    /// failed replay of a leaked pair among the address's failures within this many seconds of
    /// it, and no login into the account that night from another address of the login's owner
    /// network. 0 turns this tier off.
    pub hit_and_run_replay_window_secs: u32,
    /// Hit and run of a slow bot on several accounts: a leaked-pair login in the same shape, the
    /// address's whole night within this many seconds of it, its failures on at least
    /// `hit_and_run_slow_min_failed` other accounts, one of them within
    /// `hit_and_run_slow_gap_secs` before the login (the bot fails down its list and gets in;
    /// an owner's login beside a passing bot is as often before the bot as after it), and no
    /// login into the account that night from another address of the login's owner network.
    /// 0 turns this tier off.
    pub hit_and_run_slow_window_secs: u32,
    /// See `hit_and_run_slow_window_secs`.
    pub hit_and_run_slow_min_failed: u32,
    /// See `hit_and_run_slow_window_secs`.
    pub hit_and_run_slow_gap_secs: u32,
    /// Hit and run with a pair that is not in the leaks: the same shape within this many seconds,
    /// at least one of the address's failures a failed replay of a leaked pair, and no login into
    /// the account that night from another address of the login's owner network. 0 turns the
    /// rule off.
    pub hit_and_run_unleaked_window_secs: u32,
    /// Hit and run with a pair that is not in the leaks and no failed replay at the address:
    /// the same shape within this many seconds, none of the failed user names a typo of the
    /// login's (`user_typo_max_edits`), and no login into the account that night from another
    /// address of the login's owner network. 0 turns this tier off.
    pub hit_and_run_unleaked_bare_window_secs: u32,
    /// Hit and run with a pair that is not in the leaks, by a bot working down its list: the
    /// address's whole night within this many seconds of the login, its failures on at least
    /// `hit_and_run_unleaked_list_min_failed` other accounts (with or without a failed replay),
    /// one of them within `hit_and_run_unleaked_list_gap_secs` of the login (the bot's pace),
    /// none of the failed user names a typo of the login's, and no login into the account that
    /// night from another address of the login's owner network. 0 turns this tier off.
    pub hit_and_run_unleaked_list_window_secs: u32,
    /// See `hit_and_run_unleaked_list_window_secs`.
    pub hit_and_run_unleaked_list_min_failed: u32,
    /// See `hit_and_run_unleaked_list_window_secs`.
    pub hit_and_run_unleaked_list_gap_secs: u32,
    /// Hit and run with a pair that is not in the leaks, told by the bot's client: the
    /// address's whole night within this many seconds of the login, all of it failures on other
    /// accounts, one of them a failed replay of a leaked pair, none of the failed user names a
    /// typo of the login's, no login into the account that night from another address of the
    /// login's owner network, and the login's user agent (read in the user-agent check's second
    /// reading) failed there on another account, no other agent failing there
    /// (`hit-and-run-unleaked-agent`). 0 turns it off.
    pub hit_and_run_unleaked_agent_window_secs: u32,
    /// Hit and run with a leaked pair, told by the bot's client: the same as
    /// `hit_and_run_unleaked_agent_window_secs` for a leaked-pair login, the address's whole
    /// night within this many seconds of it (a slow bot, its failures up to an hour away)
    /// (`hit-and-run-slow-agent`). 0 turns it off.
    pub hit_and_run_slow_agent_window_secs: u32,
    /// `hit-and-run-unleaked-agent`, `hit-and-run-slow-agent` and `list-run` run only on a night whose
    /// logins with pairs in no leak came from at least this many distinct user agents: an agent
    /// tells a bot's client from an owner's device only where owners show many clients (a log
    /// whose agent field is a constant, or one app's few versions, tells nothing).
    pub hit_and_run_one_agent_min_agents: u32,
    /// Hit and run by a spraying bot: a login with a password that failed on at least
    /// `global_spray_min_accounts` accounts tonight, its pair's one attempt, from an address that
    /// did nothing else all night but fail on other accounts within this many seconds of it,
    /// one of them with the login's password; and no login into the account that night from
    /// another address of the login's owner network. 0 turns the rule off.
    pub spray_hit_and_run_window_secs: u32,
    /// A failure with the login's own password on a user name at most this many edits from the
    /// login's, or with the same local part at another mail domain, is the owner mistyping
    /// their user name, not a sprayer's list.
    pub user_typo_max_edits: u32,
    /// `takeover-lockout`: a leaked pair logged in from an address outside the account's
    /// owner networks, and later that night the same password failed on the account from a
    /// device of the owner's (see `lockout_device_max_accounts`): it was changed after the
    /// login. Off by default (session 23): an owner who changes a leaked password while
    /// another of their devices still tries the old one makes the same night, and on the
    /// independent generators written after the rule it convicted one honest account for every
    /// two taken ones. true turns it on.
    pub lockout_enabled: bool,
    /// An address that failed with the changed password is the owner's device when it tried
    /// at most this many accounts all night, or failed with no leaked pair on any other
    /// account (a NAT the owner shares, not a bot replaying a list).
    pub lockout_device_max_accounts: u32,
    /// `takeover-lockout` convicts a login only when its pair logged in at most this many times
    /// from its address all night: a client that logged in again and again with the password
    /// before it changed (a mail or sync client polling) is the owner's own device; an attacker
    /// who changes the password gets in a few times.
    pub lockout_max_pair_logins: u32,
    /// `takeover-lockout`: the login's password must have failed at least this many times
    /// after it, from addresses outside its owner network: the owner's devices and the owner
    /// keep trying the password they knew, while an attacker holding the right password that
    /// a second factor refuses tries it once (1: any failure).
    pub lockout_min_old_pw_failures: u32,
    /// `takeover-lockout` leaves the login to its owner when its user agent is the one the
    /// account first logged in with, with a leaked pair, at this many other addresses or more
    /// tonight: the owner's own phone, moving between networks, that later fails with the
    /// password its owner changed (0: never).
    pub lockout_own_agent_min_addresses: u32,
    /// The owner network of an IPv4 login (prefix length): another login into the account from
    /// it that night is the owner moving around a carrier pool or an ISP block.
    pub owner_net_v4_prefix: u8,
    /// The owner network of an IPv6 login (prefix length).
    pub owner_net_v6_prefix: u8,
    /// The crowd check of `hit-and-run-unleaked`, `hit-and-run-unleaked-agent` and
    /// `bot-agent-unleaked`: a login counts as beside a failing address of its owner network
    /// when it lies within this many seconds of the address's failures (0 turns the check
    /// off).
    pub crowd_window_secs: u32,
    /// Those rules' candidates in an owner network are refused when chance alone gives this
    /// many times as many honest logins beside the network's failing addresses as there are
    /// candidates (for each failing address, the share of the network's addresses logged into
    /// within `crowd_window_secs` of it, summed): a crowd of subscribers in a carrier pool that
    /// a bot passes through (0 turns the check off).
    pub crowd_chance_ratio: f64,
    /// The crowd check for the rules that convict a leaked-pair login beside a bot's failures
    /// (`stuffing-near`, `hit-and-run`): an honest login there is an exposed user's, so chance
    /// alone gives the expectation above times the night's share of logins made with leaked
    /// pairs; a network where that is this many times the rule's candidates there or more (each
    /// rule's counted apart) is a crowd (0 turns it off).
    pub crowd_leaked_chance_ratio: f64,
    /// The user-agent check: at an address where other accounts logged in too, a conviction
    /// standing on failures there (`stuffing`, `stuffing-near`, `guessing`, the hit-and-run and
    /// spraying rules) is refused when the login's user agent is none of the agents that failed
    /// there on other accounts that night: a subscriber's own device, not the bot's. It reads
    /// the logs a second time for the convicted addresses. false turns it off.
    pub agent_check: bool,
    /// The check applies only on a night whose bots show they keep their user agent: of the
    /// convictions at addresses where no other account logged in (with a failure there on
    /// another account and a user agent on the login), at least this share logged in with an
    /// agent that also failed there ...
    pub agent_min_agreeing_share: f64,
    /// ... over at least this many such convictions.
    pub agent_min_convictions: u32,
    /// The check also refuses a `hit-and-run-unleaked` conviction at an address where no other
    /// account logged in (a pair in no leak next to a failure or two: a subscriber's own login
    /// beside a bot passing a carrier address) when its agent is none of the failures', on a
    /// night where at least this share of those convictions agree (bots there nearly always
    /// keep their agent; 1: never).
    pub agent_lone_min_agreeing_share: f64,
    /// The check also refuses those lone-address convictions on a night where at most this
    /// many of its (at least `agent_min_convictions`) convictions at addresses where no other
    /// account logged in disagree, and at least `agent_lone_outlier_min_share` agree: a few
    /// outliers show the premise as well on a night of eight as of eighty, where a share of
    /// 0.9 needs ten to let one disagree (0: off).
    pub agent_lone_max_disagreeing: u32,
    /// The share of the lone-address convictions that must agree for the outliers of
    /// `agent_lone_max_disagreeing` to be refused: two of five disagreeing is no premise.
    pub agent_lone_outlier_min_share: f64,
    /// Where the night did not show its premise (too few lone convictions, as on a night
    /// without fingerprints, whose hit-and-run rules cannot fire) and did not show its bots
    /// changing agents, the check still refuses a conviction at a shared address whose
    /// failures show the premise themselves: at least `agent_steady_min_fails` failures there
    /// that carry a user agent, from at most one agent per this many of them (a bot keeping a handful of agents
    /// over a hundred failures), none of them the login's. 0 turns this off (session 35).
    pub agent_steady_fails_per_agent: u32,
    /// The failures an address needs for `agent_steady_fails_per_agent` to read it.
    pub agent_steady_min_fails: u32,
    /// ... and the most agents it may show: a handful, not a pool a bot draws from (gen5's
    /// relays: 117 strings over 794 failures, a bot that copies each victim's own agent).
    pub agent_steady_max_agents: u32,
    /// The owner-agent check, whatever the night's bots do with their agents: a conviction
    /// standing on failures at the login's address (the rules of `agent_check`), whose login
    /// was its pair's first with a leaked pair, is dropped when the login's user agent failed
    /// there with no leaked pair, replayed leaked pairs at no more than
    /// `own_agent_max_replay_addresses` addresses all night (a bot drawing agents from a list
    /// replays with each), and is the agent the account first logged in with, with a leaked
    /// pair, at `own_agent_min_addresses` other addresses or more: the owner's own phone, whose
    /// current password is in a leak, at an exit a bot replays from. Read from the night's
    /// agent tally (no second reading). false turns it off.
    pub own_agent_check: bool,
    /// See `own_agent_check` (1: the owner's own old password, typed at home, counts once).
    pub own_agent_max_replay_addresses: u32,
    /// `own_agent_check`: the account must have logged in with that agent (its first
    /// leaked-pair login there) at this many other addresses tonight or more.
    pub own_agent_min_addresses: u32,
    /// `own_agent_check`: the login's address must have seen this many accounts log in
    /// tonight or more (1: any; 2, the default until session 22, asked for the owner beside
    /// another account's login at a shared exit).
    pub own_agent_min_succ_accounts: u32,
    /// `own_agent_check`, the owner moving inside their provider's network: the login's user
    /// agent is the one the account first logged in with, with a leaked pair, at this many
    /// other addresses of the login's owner network (`owner_net_v4_prefix`,
    /// `owner_net_v6_prefix`) or more, earlier that night, whatever the agent did elsewhere
    /// (a phone moving between the addresses of its carrier's pool; 0: off).
    pub own_agent_net_min_addresses: u32,
    /// `takeover-batch` convicts a login only when its account was logged into from another
    /// address that night (the attacker's return to an account it took tonight); an account
    /// logged into at the visit's address alone is its household's. false: any account.
    pub batch_seen_elsewhere: bool,
    /// `takeover-batch`: not a login whose account also logged in tonight, together with
    /// another account of the same visit, at another address (on IPv6 its /64) that no
    /// conviction came from and where no account only failed: accounts that come home together
    /// are one household's (a dual-stack home's other side, a family tablet on its trip, one
    /// person's two accounts).
    pub batch_household_check: bool,
    /// A `takeover-batch` visit into three or more accounts with fewer than
    /// `batch_two_min_leaked` leaked pairs is convicted only when another source broke into one
    /// of its accounts that night (the attacker's return): one leaked pair among a few logins
    /// in minutes is as often a household's shared device. false: one leaked pair is enough.
    pub batch_lone_leak_needs_link: bool,
    /// `hit-and-run-agent`: a login, the pair's only attempt, at an address where other
    /// accounts log in too, within this many seconds of which the login's own user agent
    /// failed there on at least `agent_burst_min_accounts` other accounts (none of which it also
    /// logged into there: a resident mistyping on a shared device) and logged into none but
    /// accounts convicted tonight (the bot's own successes),
    /// one of them a failed replay of a leaked pair, none of their names a typo of the login's
    /// (`user_typo_max_edits`), and no login into the account that night from another address
    /// of the login's owner network. It reads the logs a second time for the candidates. 0
    /// turns the rule off.
    pub agent_burst_secs: u32,
    /// See `agent_burst_secs`.
    pub agent_burst_min_accounts: u32,
    /// `hit-and-run-agent-leaked`: the same reading for a leaked-pair login whose agent failed
    /// on one other account or more within `agent_burst_secs` of it (a failed replay among them
    /// or not), every failure of that agent at the address all night within that window, none
    /// with the login's password. false turns it off.
    pub agent_burst_leaked: bool,
    /// `bot-agent`: a user agent is a bot's when it failed with leaked pairs at this many
    /// addresses or more tonight (0 turns the rule off) ...
    pub bot_agent_min_addresses: u32,
    /// ... and logged in with a pair in no leak at most once per this many of those addresses
    /// (honest users log in with their own passwords all the time). A leaked-pair login with
    /// it, its pair's one attempt, is convicted.
    pub bot_agent_addresses_per_clean_login: u32,
    /// `bot-agent-unleaked`: a login with a pair in no leak, its pair's one attempt, with a
    /// bot's user agent (as above) that also failed on another account at the login's address
    /// (the attacker's pair from a dump the service does not know). It reads the logs a second
    /// time for the candidates' agents. false turns it off.
    pub bot_agent_unleaked: bool,
    /// `bot-agent`: not when the account logged in earlier tonight at another address with a
    /// leaked pair and the same user agent (the owner's own device, whose leaked password a
    /// bot carrying the same client string happened to replay nowhere). false turns the guard
    /// off.
    pub bot_agent_own_device: bool,
    /// `bot-agent-unleaked` is refused where chance alone would give an honest login this
    /// many of them: the accounts that logged in at the address with a pair in no leak, times
    /// the agent's share of the night's logins with a pair in no leak. An app's own client
    /// string, which a bot copies, is on many honest logins at a busy carrier address (0 turns
    /// the check off).
    pub bot_agent_unleaked_max_chance: f64,
    /// Both bot rules, in the second reading: an agent is no bot's alone when more than this
    /// many accounts logged in with it at one address twice or more, at least
    /// `bot_agent_resident_secs` apart, where it never failed with a leaked pair (owners at home
    /// with an old but real browser a botnet copies); its convictions are refused. Without a
    /// second reading (standard input) the rules convict unchecked.
    pub bot_agent_max_residents: u32,
    /// Both bot rules, in the second reading: they convict nothing on a night whose bots are
    /// seen changing their agents: at least `agent_min_convictions` of the user-agent check's
    /// lone convictions (`summary.json`'s `agent_check.unshared`), fewer than this share of
    /// them made with an agent that also failed at their address. An agent failing at many
    /// addresses is then a string the bots drew, and its logins are the people who run it (0:
    /// never; session 34).
    pub bot_agent_min_agreeing_share: f64,
    /// Where the user-agent check did not judge the night (no agents in the logs, bots
    /// changing agents, fewer than `agent_min_convictions` lone convictions, or a single
    /// reading): `stuffing` and `stuffing-near` do not convict, at an address other accounts
    /// logged in at, a login with no failure there on another account within this many seconds
    /// of it, of an account that logged in from another address of its owner network that
    /// night: its owner beside a bot's replays, not the bot (0: never; session 34).
    pub agentless_owner_secs: u32,
    /// See `bot_agent_max_residents`.
    pub bot_agent_resident_secs: u32,
    /// `list-run`: a run of one-attempt failures on at least this many accounts from one
    /// address (each the pair's only attempt), whose logins inside the run made with the one
    /// user agent that failed there all night are a list bot's hits (0: off). It reads the
    /// logs a second time for the logins' agents.
    pub list_run_min_accounts: u32,
    /// `list-run`: at most this many seconds between consecutive failures of a run.
    pub list_run_gap_secs: u32,
    /// `list-run`: at least this many failures an hour over the run (a minute at least).
    pub list_run_min_per_hour: u32,
    /// `list-run`: at most this share of the accounts tried across the run tried more than
    /// once (people who fail try again).
    pub list_run_max_repeat_share: f64,
    /// `list-run`'s dense runs: a run of one-attempt pairs, failures and logins alike, on
    /// `list_run_min_accounts` accounts with at least this many failures and no more logins
    /// than failures (a list that works more often than a leak's: phished, an infostealer's);
    /// 0: off.
    pub list_run_dense_min_fails: u32,
    /// `list-run` is not judged at an address where more than this many accounts failed and
    /// later logged in there (people retrying: a list bot tries each account once; where the
    /// bot's client string is the one people there use too, a library's or a kiosk's, its
    /// one agent tells nothing). Session 35.
    pub list_run_max_retried_accounts: u32,
    /// `list-run`'s dense runs: only at an address whose one-attempt accounts (each tried once
    /// all night) are at least this share of its accounts (an aggregator or a sync service
    /// logs the same users in again and again).
    pub list_run_dense_min_single_share: f64,
    /// `list-run`'s dense runs: at most this many seconds between consecutive attempts.
    pub list_run_dense_gap_secs: u32,
    /// `list-run`'s dense runs: at least this many accounts an hour over the run (a minute at
    /// least).
    pub list_run_dense_min_per_hour: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            dedicated_fail_share: 0.5,
            dedicated_max_honest_ratio: 0.05,
            stuffing_window_secs: 300,
            stuffing_max_pair_attempts: 1,
            stuffing_busy_window_secs: 60,
            busy_min_honest_accounts: 5,
            stuffing_max_chance: 0.005,
            stuffing_min_replays: 10,
            stuffing_reach_secs: 3600,
            stuffing_busy_min_clean_near: 5,
            net_min_failing_ips: 3,
            spray_min_accounts: 5,
            spray_span_slack_secs: 1800,
            spray_max_step_gaps: 5,
            global_spray_min_accounts: 20,
            guess_min_accounts: 10,
            guess_span_slack_secs: 1800,
            guess_max_hopping_accounts: 0,
            guess_pool_max_fails_per_hour: 10,
            guess_min_fails_per_hour: 5,
            guess_max_login_ratio: 0.05,
            guess_burst_max_chance: 0.001,
            guess_max_step_gaps: 5,
            guess_max_spray_share: 0.2,
            guess_resident_max_span_share: 0.5,
            guess_resident_secs: 1800,
            spray_max_opened_ratio: 0.5,
            brute_min_fails: 15,
            brute_run_min_own_fails: 2,
            brute_run_end_secs: 900,
            brute_unlogged_secs_per_fail: 300,
            brute_unlogged_max_logged_share: 0.5,
            brute_unlogged_end_secs: 60,
            brute_unlogged_session_secs: 900,
            brute_unlogged_roam_fails: 5,
            brute_unlogged_roam_secs: 7200,
            guess_min_idle_logins: 1,
            guess_idle_max_chance: 0.01,
            brute_logged_secs_per_fail: 1200,
            hit_and_run_window_secs: 600,
            hit_and_run_max_logins: 2,
            hit_and_run_replay_window_secs: 900,
            hit_and_run_slow_window_secs: 3600,
            hit_and_run_slow_min_failed: 2,
            hit_and_run_slow_gap_secs: 1200,
            hit_and_run_unleaked_window_secs: 60,
            hit_and_run_unleaked_bare_window_secs: 30,
            hit_and_run_unleaked_list_window_secs: 180,
            hit_and_run_unleaked_list_min_failed: 2,
            hit_and_run_unleaked_list_gap_secs: 90,
            hit_and_run_unleaked_agent_window_secs: 900,
            hit_and_run_slow_agent_window_secs: 3600,
            hit_and_run_one_agent_min_agents: 10,
            spray_hit_and_run_window_secs: 300,
            user_typo_max_edits: 2,
            lockout_enabled: false,
            lockout_device_max_accounts: 3,
            lockout_max_pair_logins: 12,
            lockout_min_old_pw_failures: 2,
            lockout_own_agent_min_addresses: 1,
            owner_net_v4_prefix: 16,
            owner_net_v6_prefix: 32,
            crowd_window_secs: 60,
            crowd_chance_ratio: 16.0,
            crowd_leaked_chance_ratio: 2.0,
            agent_check: true,
            agent_min_agreeing_share: 0.6,
            agent_min_convictions: 5,
            agent_lone_min_agreeing_share: 0.9,
            agent_lone_max_disagreeing: 2,
            agent_lone_outlier_min_share: 0.8,
            agent_steady_fails_per_agent: 4,
            agent_steady_min_fails: 10,
            agent_steady_max_agents: 16,
            own_agent_check: true,
            own_agent_min_succ_accounts: 1,
            own_agent_max_replay_addresses: 1,
            own_agent_min_addresses: 2,
            own_agent_net_min_addresses: 1,
            batch_seen_elsewhere: true,
            batch_household_check: true,
            batch_lone_leak_needs_link: true,
            agent_burst_secs: 180,
            agent_burst_min_accounts: 2,
            agent_burst_leaked: true,
            bot_agent_min_addresses: 10,
            bot_agent_addresses_per_clean_login: 50,
            bot_agent_unleaked: true,
            bot_agent_own_device: true,
            bot_agent_unleaked_max_chance: 0.05,
            list_run_min_accounts: 10,
            list_run_gap_secs: 900,
            list_run_min_per_hour: 10,
            list_run_max_repeat_share: 0.15,
            list_run_dense_min_fails: 5,
            list_run_dense_min_single_share: 0.7,
            list_run_max_retried_accounts: 1,
            list_run_dense_gap_secs: 3600,
            list_run_dense_min_per_hour: 4,
            bot_agent_max_residents: 2,
            bot_agent_min_agreeing_share: 0.5,
            agentless_owner_secs: 60,
            bot_agent_resident_secs: 1800,
            reuse_min_accounts: 4,
            linked_min_accounts: 2,
            linked_visit_secs: 1800,
            linked_dominant_min_links: 3,
            linked_dominant_max_strays: 1,
            linked_dominant_stay_secs: 1800,
            linked_residents_need_visit: true,
            linked_batch_secs: 120,
            linked_single_visit: false,
            linked_max_shared_neighbours: 1,
            linked_max_fail_only_accounts: 4,
            batch_window_secs: 120,
            batch_min_accounts: 2,
            batch_wide_window_secs: 300,
            batch_wide_min_accounts: 3,
            batch_max_shared_neighbours: 1,
            batch_v6_min_accounts: 3,
            batch_two_min_leaked: 2,
            failing_min_fails: 5,
            reuse_min_share: 0.5,
            reuse_max_attempts_per_account: 3.0,
            reuse_max_chance: 0.002,
            reuse_max_expected: 0.1,
            reuse_max_typed_accounts: 1,
        }
    }
}

impl Config {
    /// Reads a TOML file; fields left out keep their defaults. An error names its line and
    /// column in one line.
    pub fn from_toml(text: &str) -> Result<Config> {
        Self::parse(text, None)
    }

    /// Reads and parses a TOML file; an error names the file, line and column in one line
    /// (`FILE:LINE:COLUMN: why`).
    pub fn from_toml_file(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::parse(&text, Some(path))
    }

    fn parse(text: &str, origin: Option<&Path>) -> Result<Config> {
        let c: Config = toml::from_str(text).map_err(|e| {
            let (pos, why) = toml_error(text, &e);
            Error::Config(located(origin, pos, &why))
        })?;
        c.validate().map_err(|e| match e {
            Error::Config(why) => Error::Config(located(origin, None, &why)),
            e => e,
        })?;
        Ok(c)
    }

    /// Checks ranges.
    pub fn validate(&self) -> Result<()> {
        let r = &self.rules;
        for (name, v) in [
            ("dedicated_fail_share", r.dedicated_fail_share),
            ("dedicated_max_honest_ratio", r.dedicated_max_honest_ratio),
            ("reuse_min_share", r.reuse_min_share),
            ("stuffing_max_chance", r.stuffing_max_chance),
            ("guess_burst_max_chance", r.guess_burst_max_chance),
            ("guess_idle_max_chance", r.guess_idle_max_chance),
            (
                "bot_agent_min_agreeing_share",
                r.bot_agent_min_agreeing_share,
            ),
            (
                "guess_resident_max_span_share",
                r.guess_resident_max_span_share,
            ),
            ("agent_min_agreeing_share", r.agent_min_agreeing_share),
            (
                "agent_lone_min_agreeing_share",
                r.agent_lone_min_agreeing_share,
            ),
            (
                "agent_lone_outlier_min_share",
                r.agent_lone_outlier_min_share,
            ),
            (
                "brute_unlogged_max_logged_share",
                r.brute_unlogged_max_logged_share,
            ),
            ("list_run_max_repeat_share", r.list_run_max_repeat_share),
            (
                "list_run_dense_min_single_share",
                r.list_run_dense_min_single_share,
            ),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(Error::Config(format!("rules.{name} must be within 0..=1")));
            }
        }
        for (name, v) in [
            ("spray_max_opened_ratio", r.spray_max_opened_ratio),
            ("reuse_max_expected", r.reuse_max_expected),
            ("guess_max_login_ratio", r.guess_max_login_ratio),
            ("guess_max_spray_share", r.guess_max_spray_share),
            ("crowd_chance_ratio", r.crowd_chance_ratio),
            ("crowd_leaked_chance_ratio", r.crowd_leaked_chance_ratio),
            (
                "bot_agent_unleaked_max_chance",
                r.bot_agent_unleaked_max_chance,
            ),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(Error::Config(format!("rules.{name} must be a number >= 0")));
            }
        }
        if self.networks.v4_prefix > 32 || self.networks.v6_prefix > 128 {
            return Err(Error::Config(
                "networks.v4_prefix <= 32 and networks.v6_prefix <= 128".into(),
            ));
        }
        if r.owner_net_v4_prefix > 32 || r.owner_net_v6_prefix > 128 {
            return Err(Error::Config(
                "rules.owner_net_v4_prefix <= 32 and rules.owner_net_v6_prefix <= 128".into(),
            ));
        }
        if r.spray_min_accounts < 2 || r.brute_min_fails < 1 || r.guess_min_accounts < 1 {
            return Err(Error::Config(
                "rules.spray_min_accounts >= 2, rules.brute_min_fails >= 1, rules.guess_min_accounts >= 1".into(),
            ));
        }
        Ok(())
    }

    /// The defaults as commented TOML.
    pub fn defaults_toml() -> String {
        let body = toml::to_string_pretty(&Config::default()).unwrap_or_default();
        format!(
            "# credsieve configuration: every threshold and its default.\n\
             # Give a file with any subset of these to `credsieve detect --config FILE`.\n\
             # The meaning of each field is documented in docs/RULES.md.\n\n{body}"
        )
    }
}

/// A TOML error as its position (1-based line and column) and one line of text: the first
/// line of the message, with the list of every expected field replaced by where to find them.
pub(crate) fn toml_error(text: &str, e: &toml::de::Error) -> (Option<(usize, usize)>, String) {
    let msg = e.message().lines().next().unwrap_or_default().trim();
    let msg = match msg.split_once(", expected one of") {
        Some((head, _)) => format!("{head} (see `credsieve config --print-defaults`)"),
        None => msg.to_string(),
    };
    let pos = e.span().map(|span| {
        let before = text.get(..span.start).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    });
    (pos, msg)
}

/// `FILE:LINE:COLUMN: why`, leaving out what is not known (`line L, column C: why` without a file).
pub(crate) fn located(origin: Option<&Path>, pos: Option<(usize, usize)>, why: &str) -> String {
    match (origin, pos) {
        (Some(p), Some((l, c))) => format!("{}:{l}:{c}: {why}", p.display()),
        (Some(p), None) => format!("{}: {why}", p.display()),
        (None, Some((l, c))) => format!("line {l}, column {c}: {why}"),
        (None, None) => why.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_roundtrip() {
        let c = Config::from_toml(&Config::defaults_toml()).unwrap();
        assert_eq!(c, Config::default());
    }

    #[test]
    fn partial_and_bad() {
        let c = Config::from_toml("[rules]\nbrute_min_fails = 3\n").unwrap();
        assert_eq!(c.rules.brute_min_fails, 3);
        assert_eq!(c.rules.spray_min_accounts, 5);
        assert!(Config::from_toml("[rules]\nnope = 1\n").is_err());
        assert!(Config::from_toml("[rules]\ndedicated_fail_share = 2.0\n").is_err());
        assert!(Config::from_toml("[rules]\nspray_max_opened_ratio = -1.0\n").is_err());
        assert!(Config::from_toml("[rules]\nspray_max_opened_ratio = nan\n").is_err());
        assert!(Config::from_toml("[rules]\nspray_max_opened_ratio = 2.0\n").is_ok());
        assert!(Config::from_toml("[rules]\nreuse_max_expected = -0.1\n").is_err());
        assert!(Config::from_toml("[rules]\nreuse_max_expected = inf\n").is_err());
        assert!(Config::from_toml("[rules]\nreuse_max_expected = 0\n").is_ok());
        assert!(Config::from_toml("[rules]\nguess_max_login_ratio = -1.0\n").is_err());
        assert!(Config::from_toml("[rules]\nguess_max_login_ratio = nan\n").is_err());
    }

    #[test]
    fn errors_are_one_line_with_position() {
        let msg = |t: &str| Config::from_toml(t).unwrap_err().to_string();
        assert_eq!(
            msg("[rules]\nbrute_min_fails = 3\n  foo = 1\n"),
            "configuration: line 3, column 3: unknown field `foo` (see `credsieve config --print-defaults`)"
        );
        let m = msg("[rules]\nbrute_min_fails = \"x\"\n");
        assert!(m.starts_with("configuration: line 2, column 19: "), "{m}");
        assert!(!m.contains('\n'), "{m}");
        let m = msg("[rules\n");
        assert!(m.starts_with("configuration: line 1, column "), "{m}");
        assert!(!m.contains('\n'), "{m}");
    }
}
