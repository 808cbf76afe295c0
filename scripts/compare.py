#!/usr/bin/env python3
"""Compare two runs of credsieve over many labelled sets, account by account: what a rule
change gains and loses, per generator family and rule. Standard library only.

    scripts/compare.py run BIN NAME LIST [CONFIG]   # detect every set of LIST into SET/out-NAME
                                                    # (and score it: SET/out-NAME/eval.json)
    scripts/compare.py diff A B LIST [-v]           # pooled true / false / missed of runs A and B,
                                                    # and the accounts gained and lost, by family and rule
    scripts/compare.py rules NAME LIST              # true and false convictions per rule, and the
                                                    # families of the false ones

LIST holds one set directory a line (a set holds events.jsonl, combos.txt, passwords.txt and
truth.csv, as `scripts/draw.py gen` and `credsieve gen` make them). `run` uses two processes,
one thread each. `-v` prints every account that moved, with its set, rule and address.
"""
import collections
import csv
import os
import sys
from concurrent.futures import ThreadPoolExecutor

from draw import detect


def sets(lst):
    with open(lst) as f:
        return [line.strip() for line in f if line.strip()]


def run(binary, name, lst, config=None):
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda s: detect(s, name, binary, config), sets(lst)))


def truth(s):
    with open(os.path.join(s, "truth.csv"), newline="") as f:
        return {r["user"].strip().lower() for r in csv.DictReader(f)}


def flagged(s, name):
    with open(os.path.join(s, f"out-{name}", "compromised.csv"), newline="") as f:
        return {r["user"]: r for r in csv.DictReader(f)}


def family(s):
    return os.path.basename(s).split("-")[0]


def diff(a, b, lst, verbose):
    totals = {a: [0, 0, 0], b: [0, 0, 0]}
    moved = collections.Counter()
    for s in sets(lst):
        t = truth(s)
        fa, fb = flagged(s, a), flagged(s, b)
        for name, got in ((a, fa), (b, fb)):
            tp = len(t & set(got))
            totals[name] = [x + y for x, y in zip(totals[name], (tp, len(got) - tp, len(t) - tp))]
        for user in set(fa) ^ set(fb):
            side = "gained" if user in fb else "lost"
            row = fb.get(user) or fa[user]
            kind = "true" if user in t else "false"
            moved[(side, kind, family(s), row["rule"])] += 1
            if verbose:
                print(side, kind, s, user, row["rule"], row["ip"])
    for name in (a, b):
        tp, fp, fn = totals[name]
        print(f"{name}: {tp} / {fp} / {fn}  precision {tp / max(1, tp + fp):.4f}"
              f"  recall {tp / max(1, tp + fn):.4f}")
    for key, n in sorted(moved.items()):
        print(*key, n)


def rules(name, lst):
    good, bad, where = collections.Counter(), collections.Counter(), collections.Counter()
    for s in sets(lst):
        t = truth(s)
        for user, row in flagged(s, name).items():
            if user in t:
                good[row["rule"]] += 1
            else:
                bad[row["rule"]] += 1
                where[(family(s), row["rule"])] += 1
    for rule in sorted(set(good) | set(bad), key=lambda r: (-bad[r], r)):
        print(f"{rule:30s} true {good[rule]:6d}  false {bad[rule]:4d}")
    print()
    for (fam, rule), n in where.most_common(25):
        print(n, fam, rule)


def main(argv):
    if argv[:1] == ["run"] and len(argv) in (4, 5):
        run(*argv[1:])
    elif argv[:1] == ["diff"] and len(argv) in (4, 5):
        diff(argv[1], argv[2], argv[3], "-v" in argv[4:])
    elif argv[:1] == ["rules"] and len(argv) == 3:
        rules(argv[1], argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
