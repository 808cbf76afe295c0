#!/usr/bin/env python3
"""Recall ceiling of a labeled night: how many taken-over accounts left any trace of the
attacker that a rule could read.

An account is *hidden* when every attacker event on it is a successful login from a source
where the attacker did nothing else all night (no failure on it either): such a login looks
exactly like its owner's, so no behavioural rule can convict it without convicting owners. A
source is an IPv4 address or an IPv6 /64 (one subscriber's LAN, which credsieve judges as one
actor). The ceiling is (truth - hidden) / truth: an upper bound on recall.

    scripts/ceiling.py DIR [DIR...]         # DIR holds events.jsonl, event_labels.csv, truth.csv
    OUT=out scripts/ceiling.py DIR...       # also the recall of DIR/$OUT/compromised.csv

Reads the event labels of `credsieve gen` (line,actor,scenario) and of
scripts/indepgen/indepgen.py (line,actor,campaign). Users are normalised as in SPEC 2.
"""
import csv
import ipaddress
import json
import os
import sys
from collections import defaultdict


def norm(user):
    return user.strip().lower()


def source(ip):
    """An IPv4 address, or the /64 of an IPv6 address."""
    if ":" not in ip:
        return ip
    return ipaddress.ip_network(ip + "/64", strict=False).network_address.exploded


def main(dirs):
    out = os.environ.get("OUT")
    tot = [0, 0, 0]
    for d in dirs:
        truth = {norm(r["user"]) for r in csv.DictReader(open(os.path.join(d, "truth.csv")))}
        actors = {int(r["line"]): r["actor"] for r in csv.DictReader(open(os.path.join(d, "event_labels.csv")))}
        attack_at = defaultdict(int)  # attacker events per source
        on_acct = defaultdict(list)  # attacker events per account: (ok, ip)
        with open(os.path.join(d, "events.jsonl"), encoding="utf-8") as f:
            for i, line in enumerate(f, 1):
                if actors.get(i) != "attacker":
                    continue
                e = json.loads(line)
                src = source(e["ip"])
                attack_at[src] += 1
                on_acct[norm(e["user"])].append((bool(e["ok"]), src))
        hidden = sum(
            1
            for u in truth
            if on_acct[u] and all(ok and attack_at[ip] == 1 for ok, ip in on_acct[u])
        )
        n = len(truth)
        row = f"{os.path.basename(d.rstrip('/'))}: truth {n}, hidden {hidden}, ceiling {(n - hidden) / max(n, 1):.3f}"
        if out:
            comp = {norm(r["user"]) for r in csv.DictReader(open(os.path.join(d, out, "compromised.csv")))}
            found = len(comp & truth)
            row += f", recall {found / max(n, 1):.3f}"
            tot[2] += found
        tot[0] += n
        tot[1] += hidden
        print(row)
    if len(dirs) > 1:
        row = f"pooled: truth {tot[0]}, hidden {tot[1]}, ceiling {(tot[0] - tot[1]) / max(tot[0], 1):.3f}"
        if out:
            row += f", recall {tot[2] / max(tot[0], 1):.3f}"
        print(row)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
