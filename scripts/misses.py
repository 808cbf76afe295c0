#!/usr/bin/env python3
"""Where recall goes: the takeovers a run missed, by the campaign of the attacker's first
successful login and the shape of its source (an address, or an IPv6 /64 as one actor). Standard
library only.

    OUT=out-NAME scripts/misses.py DIR [DIR...]

DIR holds events.jsonl, event_labels.csv (line,actor,campaign) and truth.csv, as every
generator in scripts/ and `credsieve gen` write them, and $OUT/compromised.csv. Per family
(the set name's first dash-separated word) and campaign it prints takeovers and misses; then
the misses by shape of the first login's source:

- hidden: every attacker event on the account was a login from a source where the attacker
  did nothing else all night (scripts/ceiling.py): no rule can tell it from the owner;
- dedicated k=N: only the attacker used the source, on N accounts;
- shared k=N: honest users logged in or failed there too;

each with `leaked` or `unleaked` for whether the pair was in combos.txt (SPEC 2 fingerprints,
key from CREDSIEVE_KEY, else the demo key). Log lines are taken in time order: generators
that concatenate several servers' logs write them unsorted.
"""
import csv
import json
import os
import sys
from collections import Counter, defaultdict
from datetime import datetime

from ceiling import source
from leak_coverage import leaked_pairs, norm


def seconds(ts):
    if isinstance(ts, (int, float)):
        return ts / 1000
    return datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp()


def one_set(d, out, by_campaign, by_shape):
    fam = os.path.basename(d.rstrip("/")).split("-")[0]
    leaked = leaked_pairs(d)
    with open(os.path.join(d, "truth.csv"), encoding="utf-8") as f:
        truth = {norm(r["user"]) for r in csv.DictReader(f)}
    with open(os.path.join(d, out, "compromised.csv"), encoding="utf-8") as f:
        found = {norm(r["user"]) for r in csv.DictReader(f)}
    with open(os.path.join(d, "event_labels.csv"), encoding="utf-8") as f:
        labels = {int(r["line"]): (r["actor"], r.get("campaign") or r.get("scenario", ""))
                  for r in csv.DictReader(f)}
    attacker_at, honest_at = Counter(), Counter()
    accounts_at = defaultdict(set)
    on_account = defaultdict(list)
    with open(os.path.join(d, "events.jsonl"), encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            try:
                e = json.loads(line)
            except ValueError:
                continue
            actor, campaign = labels.get(i, ("honest", ""))
            ip, user = source(e["ip"]), norm(e["user"])
            if actor == "honest":
                honest_at[ip] += 1
                continue
            attacker_at[ip] += 1
            accounts_at[ip].add(user)
            on_account[user].append((seconds(e["ts"]), bool(e["ok"]), ip, campaign,
                                     e.get("cred") in leaked))
    for user in truth:
        events = sorted(on_account[user])
        logins = [e for e in events if e[1]]
        if not logins:
            continue
        _, _, ip, campaign, was_leaked = logins[0]
        missed = user not in found
        by_campaign[(fam, campaign)][0] += 1
        by_campaign[(fam, campaign)][1] += missed
        if not missed:
            continue
        if all(ok and attacker_at[a] == 1 for _, ok, a, _, _ in events):
            shape = "hidden"
        else:
            k = min(len(accounts_at[ip]), 7)
            shape = f"{'shared' if honest_at[ip] else 'dedicated'} k={k}{'+' if k == 7 else ''}"
        by_shape[f"{shape} {'leaked' if was_leaked else 'unleaked'}"][fam] += 1


def main(dirs):
    if not dirs:
        sys.exit(__doc__)
    out = os.environ.get("OUT", "out")
    by_campaign = defaultdict(lambda: [0, 0])
    by_shape = defaultdict(Counter)
    for d in dirs:
        one_set(d, out, by_campaign, by_shape)
    print("| family | campaign of the first login | takeovers | missed |\n|---|---|---|---|")
    for (fam, campaign), (n, m) in sorted(by_campaign.items(), key=lambda x: (x[0][0], -x[1][1])):
        print(f"| {fam} | {campaign} | {n} | {m} |")
    print("\n| misses by shape | count | families |\n|---|---|---|")
    for shape, fams in sorted(by_shape.items(), key=lambda x: -sum(x[1].values())):
        parts = ", ".join(f"{f} {n}" for f, n in fams.most_common())
        print(f"| {shape} | {sum(fams.values())} | {parts} |")


if __name__ == "__main__":
    main(sys.argv[1:])
