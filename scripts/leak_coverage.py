#!/usr/bin/env python3
"""Leaked-pair coverage of a detect run: every taken-over account that the attacker logged into
with a leaked pair must be in compromised.csv or exposed.csv (issue 2's acceptance).

    OUT=out scripts/leak_coverage.py DIR [DIR...]   # DIR: events.jsonl, combos.txt,
                                                     # truth.csv, event_labels.csv, $OUT/*.csv

Fingerprints combos.txt as SPEC 2 does (key from CREDSIEVE_KEY, else the demo key), reads the
attacker's events from event_labels.csv (any actor but `honest`, as both generators write it),
and prints every such account missing from both lists, then the totals.
"""
import csv
import hashlib
import hmac
import json
import os
import sys

KEY = os.environ.get("CREDSIEVE_KEY", "credsieve-demo-key").encode()


def norm(user):
    return user.strip().lower()


def cred(user, password):
    msg = b"c1\x00" + norm(user).encode() + b"\x00" + password.encode()
    return hmac.new(KEY, msg, hashlib.sha256).hexdigest()[:16]


def leaked_pairs(d):
    """The pair fingerprints of DIR/combos.txt."""
    leaks = set()
    with open(os.path.join(d, "combos.txt"), encoding="utf-8", errors="replace") as f:
        for line in f:
            user, sep, password = line.rstrip("\n").partition(":")
            if sep:
                leaks.add(cred(user, password))
    return leaks


def main(dirs):
    out = os.environ.get("OUT", "out")
    total = missing = 0
    for d in dirs:
        leaks = leaked_pairs(d)
        truth = {norm(r["user"]) for r in csv.DictReader(open(os.path.join(d, "truth.csv")))}
        attacker = {
            int(r["line"])
            for r in csv.DictReader(open(os.path.join(d, "event_labels.csv")))
            if r["actor"] != "honest"
        }
        listed = set()
        for name in ("compromised.csv", "exposed.csv"):
            listed |= {norm(r["user"]) for r in csv.DictReader(open(os.path.join(d, out, name)))}
        taken = set()
        with open(os.path.join(d, "events.jsonl"), encoding="utf-8") as f:
            for i, line in enumerate(f, 1):
                if i in attacker:
                    e = json.loads(line)
                    u = norm(e["user"])
                    if e.get("ok") and u in truth and e.get("cred") in leaks:
                        taken.add(u)
        gone = sorted(taken - listed)
        if gone:
            print(f"{d}: {len(gone)} missing: {' '.join(gone)}")
        total += len(taken)
        missing += len(gone)
    print(f"leaked-pair takeovers {total}, in neither list {missing}")
    return 1 if missing else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
