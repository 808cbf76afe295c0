#!/usr/bin/env python3
"""A stress night for the chance bounds: one carrier NAT address, N subscribers who each log in
once with their own password (a fifth of those passwords are in the leak), and N failed replays
of leaked pairs by bots spread over the day, all with user agents drawn from 50 shared models.
Every subscriber is honest: a correct run convicts nobody and lists the leaked fifth as exposed.

    scripts/carrier_nat.py [N] [OUTDIR]        # default N = 300000, OUTDIR = carrier-nat
    credsieve detect OUTDIR/events.jsonl --leak-combos OUTDIR/combos.txt --out OUTDIR/out --threads 1

With N = 300,000 (600,000 events, 108 MB) session 18's binary convicted all 60,000 leaked
subscribers (`stuffing-near`'s Poisson bound stopped counting at 64 replays near a login, and
about 417 fall within a minute of any login here); session 19's convicts none (docs/history/RULES-log.md,
"The chance bounds at scale"). Deterministic: the same N gives the same bytes.
"""
import datetime
import hashlib
import hmac
import json
import os
import random
import sys

KEY = b"credsieve-demo-key"
T0 = 1795132800  # 2026-11-20T00:00:00Z


def cred(user, password):
    msg = b"c1\x00" + user.encode() + b"\x00" + password.encode()
    return hmac.new(KEY, msg, hashlib.sha256).hexdigest()[:16]


def pw(password):
    sha1 = hashlib.sha1(password.encode()).hexdigest().upper().encode()
    return hmac.new(KEY, b"p1\x00" + sha1, hashlib.sha256).hexdigest()[:16]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
    out = sys.argv[2] if len(sys.argv) > 2 else "carrier-nat"
    os.makedirs(out, exist_ok=True)
    rng = random.Random(5)
    agents = [f"Mozilla/5.0 Model{i}" for i in range(50)]
    events = []
    with open(os.path.join(out, "combos.txt"), "w") as combos:
        for i in range(n):
            user, password = f"sub{i}@mail.test", f"own{i}"
            if i % 5 == 0:
                combos.write(f"{user}:{password}\n")
            events.append((T0 + rng.randrange(86_400_000) / 1000, user, True, password, rng.choice(agents)))
        for i in range(n):
            user, password = f"vic{i}@mail.test", f"dump{i}"
            combos.write(f"{user}:{password}\n")
            events.append((T0 + rng.randrange(86_400_000) / 1000, user, False, password, rng.choice(agents)))
    events.sort()
    with open(os.path.join(out, "events.jsonl"), "w") as f:
        for t, user, ok, password, ua in events:
            ts = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
            line = {"ts": ts.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z", "user": user, "ip": "100.64.1.1",
                    "ok": ok, "cred": cred(user, password), "pw": pw(password), "ua": ua}
            f.write(json.dumps(line) + "\n")


if __name__ == "__main__":
    main()
