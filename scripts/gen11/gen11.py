#!/usr/bin/env python3
"""gen11: labelled synthetic login data for judging a credential-stuffing detector.

Models one day (Black Friday, 2026-11-27, local time UTC+01:00) of customer logins at a
large online shop (web, mobile app, in-store loyalty kiosks) with a flash sale at 20:00.
Written only from SPEC.md; Python 3 standard library only; deterministic for given args.

    python3 gen11.py --seed S --accounts N --profile P --out DIR [--key KEY]
    python3 gen11.py --selftest

See README.md next to this file for the design.
"""
import argparse
import bisect
import datetime
import hashlib
import hmac
import ipaddress
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

DEMO_KEY = "credsieve-demo-key"
TZ = datetime.timezone(datetime.timedelta(hours=1))
BASE_MS = int(datetime.datetime(2026, 11, 27, tzinfo=TZ).timestamp() * 1000)
S = 1000
M = 60 * S
H = 60 * M
DAY = 24 * H
FLASH = 20 * H

# --------------------------------------------------------------------------------------------
# SPEC section 2: fingerprints


def norm(user):
    return user.strip().lower()


class Fingerprints:
    def __init__(self, key):
        self.key = key.encode("utf-8")
        self._cred = {}
        self._pw = {}

    def cred(self, user, password):
        k = (norm(user), password)
        v = self._cred.get(k)
        if v is None:
            msg = b"c1\x00" + k[0].encode("utf-8") + b"\x00" + password.encode("utf-8")
            v = hmac.new(self.key, msg, hashlib.sha256).hexdigest()[:16]
            self._cred[k] = v
        return v

    def pw(self, password):
        v = self._pw.get(password)
        if v is None:
            sha = hashlib.sha1(password.encode("utf-8")).hexdigest().upper()
            v = hmac.new(self.key, b"p1\x00" + sha.encode("ascii"), hashlib.sha256).hexdigest()[:16]
            self._pw[password] = v
        return v


TEST_VECTORS = [
    ("credsieve-demo-key", "alice@example.com", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    ("credsieve-demo-key", "  Alice@Example.COM ", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    ("credsieve-demo-key", "bob", "correct horse battery staple", "b3c4edfb71b95783", "379b91546fb38da0"),
    ("credsieve-demo-key", "\u00dcn\u00efcode@\u4f8b\u3048.jp", "p\u00e4ssw\u00f6rd:with:colons",
     "b00485ee34fad31d", "acadac23153ab923"),
    ("s3cr3t-pepper", "alice@example.com", "hunter2", "57cab7f6c60a4041", "a82468d22c5531ab"),
    ("s3cr3t-pepper", "bob", "correct horse battery staple", "f4be313772448b6f", "6e7632ab9a186ca4"),
]

# --------------------------------------------------------------------------------------------
# profiles

BASE = dict(
    active=0.72,          # share of customers with at least one honest login today
    sess_mean=5.0,        # mean honest sessions per active customer (sale day: app re-logins)
    flash=0.35,           # share of active customers joining the 20:00 flash sale
    outage_p=0.35,        # probability a login fails server-side during the overload
    outage_min=20,        # overload length in minutes from 20:00
    leak=0.30,            # share of customers whose e-mail is in the combo list (old breach)
    reuse=0.16,           # of those: the leaked pair is still the current password
    noise=8.0,            # combo lines for e-mails that are not customers, per customer
    comp_rate=0.016,      # share of active customers taken over via the combo list
    mob_blocks=(4, 8, 2),  # /24 blocks in each mobile carrier's CGNAT egress pool
    mob_v6=0.5,           # share of phones getting IPv6 from their carrier
    relay=0.12, corp=0.06, kiosk=0.08, household=0.30, shared=0.05,
    partner=0.05, partner_stale=0.15, old_first=0.06, stale_pm=0.04, forgot=0.03,
    magic=0.05, common=0.05,
    typo=0.03, kiosk_typo=0.12, wrong_email=0.007,
    scalper=25,
    v4mapped=0.0,         # share of one log shard's IPv4 addresses written as ::ffff:a.b.c.d
    nodes=3,
    dc=0.30, resi=0.22, checker=0.06, v6=0.04,     # share of non-current combo lines each tries
    split=(("dc", 0.45), ("resi", 0.35), ("checker", 0.10), ("v6", 0.10)),
    resi_mix=(("bb", 0.55), ("mob", 0.25), ("relay", 0.08), ("home", 0.07), ("v6", 0.05)),
    spray_targets=0.20, spray_pw=6, brute=3, private=0.25, private_wrong=3,
    drain=0.5, drain_change=0.25,
)

PROFILES = {
    "mixed": dict(),
    # the sale dominates: most customers pile in at 20:00, the site fails half the logins for
    # 35 minutes, and the checker bots hide inside the spike with the app's own user agent
    "flashcrowd": dict(
        flash=0.75, outage_p=0.5, outage_min=35, sess_mean=2.2, scalper=60,
        dc=0.06, resi=0.08, checker=0.30, v6=0.02,
        split=(("dc", 0.1), ("resi", 0.2), ("checker", 0.6), ("v6", 0.1)),
        spray_targets=0.1, brute=1, private=0.2,
    ),
    # nearly everything honest and hostile comes through shared addresses: tiny CGNAT pools,
    # private relay, kiosks, proxies; no hosting-range stuffing at all; one log shard writes
    # IPv4 as IPv4-mapped IPv6
    "sharednat": dict(
        mob_blocks=(1, 2, 1), mob_v6=0.3, relay=0.30, corp=0.12, kiosk=0.15, household=0.45,
        shared=0.10, partner=0.08, scalper=15, v4mapped=0.6,
        dc=0.0, resi=0.40, checker=0.05, v6=0.06,
        split=(("resi", 0.75), ("checker", 0.1), ("v6", 0.15)),
        resi_mix=(("bb", 0.25), ("mob", 0.40), ("relay", 0.20), ("home", 0.10), ("v6", 0.05)),
        spray_targets=0.35,
    ),
    # honest customers everywhere in the leaks: many reuse their leaked password, type leaked
    # old ones, have stale password managers, reset, use magic links; most takeovers come
    # from a private list that is not in combos.txt, so leak evidence is missing for them
    "staleleaks": dict(
        leak=0.55, reuse=0.30, old_first=0.15, stale_pm=0.10, forgot=0.08, magic=0.10,
        common=0.10, partner_stale=0.30, comp_rate=0.008,
        dc=0.10, resi=0.12, checker=0.03, v6=0.03,
        private=1.5, private_wrong=2, drain=0.7, drain_change=0.4, spray_targets=0.30,
    ),
}

# --------------------------------------------------------------------------------------------
# vocabularies

FIRST = ("anna lena marie julia laura sarah lisa katrin sabine petra nina lea emma mia sophie "
         "hannah clara ines eva maria jana alina tina heike ulrike zoe lukas max paul jonas "
         "leon felix tim jan tom david daniel michael thomas andreas stefan markus peter "
         "martin frank florian tobias sebastian alexander christian oliver kevin niklas simon "
         "ben elias noah finn moritz philipp erik ole").split()
LAST = ("mueller schmidt schneider fischer weber meyer wagner becker schulz hoffmann koch "
        "richter klein wolf schroeder neumann schwarz braun zimmermann krueger hofmann hartmann "
        "lange schmitt werner krause meier lehmann huber kaiser fuchs peters lang scholz "
        "moeller weiss jung hahn vogel friedrich keller guenther frank berger winkler roth "
        "beck lorenz baumann franke albrecht ludwig simon boehm winter kraus martin schumacher "
        "kuehn vogt otto jaeger stein gross smith jones brown taylor wilson").split()
DOMAINS = (("gmail.com", 22), ("web.de", 14), ("gmx.de", 14), ("outlook.com", 8), ("yahoo.com", 5),
           ("t-online.de", 8), ("icloud.com", 7), ("hotmail.com", 5), ("posteo.de", 2),
           ("gmx.net", 4), ("freenet.de", 2), ("mail.de", 2), ("aol.com", 1), ("proton.me", 2))
UNI_FIRST = ("j\u00fcrgen", "zo\u00eb", "bj\u00f6rn", "ren\u00e9", "s\u00f6ren", "g\u00fcl", "ma\u00eblle")
UNI_DOMAINS = ("m\u00fcller-mail.de", "b\u00fcro-kl\u00e4ger.de")
WORDS = ("sommer winter sonne hase schatz bella luna sunshine dragon monkey football baseball "
         "master shadow killer soccer hunter ranger buster thomas summer flower tiger lucky "
         "charlie hello freedom whatever qazwsx trustno1 starwars pokemon mustang liverpool "
         "schalke bayern borussia hamburg berlin muenchen kaffee blume katze hund maus engel "
         "prinzessin fussball computer passwort geheim").split()
CLASSIC = ("123456 password 123456789 12345678 12345 qwerty 1234567 111111 123123 abc123 "
           "password1 1234 qwertz iloveyou 000000 1234567890 dragon monkey letmein baseball "
           "football master sunshine welcome shadow ashley superman 654321 7777777 passwort "
           "hallo123 schatz ficken hallo 123qwe qwerty123 Passwort1 Password1 Welcome1 "
           "Qwerty123 Summer2026 Blackfriday2026! Winter2025 Sommer2026 ichliebedich "
           "lol123 asdfgh yxcvbnm 1q2w3e4r 1q2w3e zaq12wsx Hallo1234 Schatz123 "
           "Password123 Passw0rd! admin123 test123 Test1234 Berlin2026").split()
SPRAY_PW = ("123456", "Password1", "Blackfriday2026!", "Qwerty123", "Summer2026", "Welcome1",
            "Passwort1", "ichliebedich", "Hallo1234", "Schatz123")

UA_BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
    "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
)
UA_SAFARI = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
)
UA_ANDROID_WEB = (
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36",
)
APP_VERSIONS = ("9.4.1", "9.4.1", "9.4.1", "9.4.0", "9.3.2")
APP_IOS = "ShopApp/{v} (iPhone; iOS {o}; Scale/3.00)"
APP_ANDROID = "ShopApp/{v} (Android {o}; {d})"
ANDROID_DEV = ("SM-S918B", "SM-A546B", "Pixel 7", "Pixel 8", "moto g54", "2201117TG")
UA_KIOSK = "ShopKiosk/3.2.7 (store {s:03d}; Android 11; Lenovo TB-X606F)"
UA_PARTNER = "CashbackBuddy-Sync/2.4 (+https://cashbackbuddy.example/bot)"
UA_PROBE = "shop-synthetic-monitor/1.3 (+ops)"
UA_SCALPER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/129.0.0.0 Safari/537.36"

HOURLY = (1.0, 0.6, 0.35, 0.25, 0.25, 0.4, 1.0, 2.2, 3.2, 3.6, 3.9, 4.1, 4.8, 4.4, 3.9, 3.9,
          4.1, 4.6, 5.4, 6.3, 5.2, 5.6, 4.3, 2.4)

# --------------------------------------------------------------------------------------------
# addresses


def a4(n):
    return str(ipaddress.IPv4Address(n))


def a6(n):
    return ipaddress.IPv6Address(n).compressed


def p6(text):
    return int(ipaddress.IPv6Address(text))


class Addr:
    """The address plan. Everything is synthetic but shaped like real allocations."""

    def __init__(self, rng, P):
        self.rng = rng
        # mobile carriers: CGNAT egress pools (v4) and /32 v6 allocations
        self.carriers = []
        for (name, first2, v6), blocks in zip((("mobA", (62, 140), "2a01:598::"),
                                              ("mobB", (109, 40), "2a02:3030::"),
                                              ("mobC", (176, 0), "2a00:20::")), P["mob_blocks"]):
            pool = [a4((first2[0] << 24) | (first2[1] << 16) | (b << 8) | h)
                    for b in range(blocks) for h in range(1, 255)]
            self.carriers.append((name, pool, p6(v6)))
        # broadband ISPs: v4 ranges and v6 /19-ish ranges
        self.isp4 = ((84 << 24 | 128 << 16, 1 << 22), (91 << 24, 1 << 20), (77 << 24, 1 << 20))
        self.isp6 = (p6("2003::"), p6("2a02:8108::"))
        # iCloud-Private-Relay-like egress: shared by many users, v4 and v6
        self.relay4 = sorted(set(a4(172 << 24 | 225 << 16 | rng.randrange(0, 16) << 8 | rng.randrange(1, 255))
                                 for _ in range(140)))
        self.relay6 = sorted(set(a6(p6("2a02:26f7::") | rng.randrange(1 << 24) << 80 | rng.randrange(1, 1 << 16))
                                 for _ in range(60)))
        # stores: one public address per store, all kiosks behind it
        self.stores = [a4(80 << 24 | 150 << 16 | (32 + i // 8) << 8 | ((i % 8) * 32 + 5)) for i in range(40)]
        self.corp = [[a4(193 << 24 | 16 << 16 | (40 + c) << 8 | 10 + k) for k in range(1 + c % 2)]
                     for c in range(6)]
        self.partner = ["35.198.40.10", "35.198.40.11", "35.198.40.12"]
        self.probe = "34.107.5.9"
        self.scalper = ["159.69.118.23", "159.69.118.24"]
        self.hosting = ((45 << 24 | 134 << 16 | 212 << 8), (185 << 24 | 244 << 16 | 25 << 8),
                        (194 << 24 | 26 << 16 | 29 << 8), (91 << 24 | 92 << 16 | 240 << 8))
        self.atk6 = p6("2a0e:97c0:3e1::")
        self.honest_homes = []

    def carrier_v4(self, c):
        return self.rng.choice(self.carriers[c][1])

    def carrier_v6(self, c):
        r = self.rng
        return a6(self.carriers[c][2] | r.randrange(1 << 32) << 64 | r.randrange(1, 1 << 64))

    def home4(self):
        base, size = self.rng.choice(self.isp4)
        return a4(base + self.rng.randrange(1, size - 1))

    def home6(self):
        r = self.rng
        return r.choice(self.isp6) | r.randrange(1 << 24) << 72   # a household /56

    def v6_in(self, prefix56):
        r = self.rng
        return a6(prefix56 | r.randrange(4) << 64 | r.randrange(1, 1 << 64))

    def relay(self, subset):
        return self.rng.choice(subset)

    def hosting_ip(self, k=None):
        r = self.rng
        base = self.hosting[r.randrange(len(self.hosting)) if k is None else k]
        return a4(base | r.randrange(2, 254))

    def resi(self, mix):
        """An address in a residential proxy network."""
        r = self.rng
        x = r.random()
        for kind, w in mix:
            x -= w
            if x <= 0:
                break
        if kind == "mob":
            c = r.randrange(len(self.carriers))
            return self.carrier_v4(c) if r.random() < 0.8 else self.carrier_v6(c)
        if kind == "relay":
            return r.choice(self.relay4) if r.random() < 0.7 else r.choice(self.relay6)
        if kind == "home" and self.honest_homes:
            return r.choice(self.honest_homes)
        if kind == "v6":
            return self.v6_in(self.home6())
        return self.home4()


# --------------------------------------------------------------------------------------------
# the world


class Device:
    __slots__ = ("kind", "ua", "carrier", "v6", "apple", "web", "stale")


class Account:
    __slots__ = ("i", "email", "pw0", "old", "tags", "devices", "home4", "home6", "corp", "store",
                 "relay_sub", "style", "partner_pw", "forgot_at", "known")


def pick_w(rng, items):
    tot = sum(w for _, w in items)
    x = rng.random() * tot
    for v, w in items:
        x -= w
        if x <= 0:
            return v
    return items[-1][0]


def diurnal(rng):
    h = pick_w(rng, list(enumerate(HOURLY)))
    return h * H + rng.randrange(H)


class Gen:
    def __init__(self, seed, n, profile, key):
        self.seed, self.n, self.profile = seed, n, profile
        self.P = dict(BASE)
        self.P.update(PROFILES[profile])
        self.fp = Fingerprints(key)
        self.key_is_demo = key == DEMO_KEY
        self.events = []       # [t, typed, ip, pw or None, fail, actor, campaign, ua, method]
        self.timeline = {}     # norm user -> ([times], [passwords]); absent = no such account
        self.tags = {}         # norm user -> set of scenario tags
        self.outage_draws = 0

    def R(self, name):
        return random.Random("gen11|%d|%s|%s" % (self.seed, self.profile, name))

    # ---- password timeline
    def set_pw(self, user, t, pw):
        ts, ps = self.timeline[user]
        i = bisect.bisect_right(ts, t)
        ts.insert(i, t)
        ps.insert(i, pw)

    def pw_at(self, user, t):
        tl = self.timeline.get(user)
        if tl is None:
            return None
        ts, ps = tl
        return ps[bisect.bisect_right(ts, t) - 1]

    def fail_p(self, t):
        P = self.P
        d = t - FLASH
        if 0 <= d < P["outage_min"] * M:
            return P["outage_p"]
        if -2 * M <= d < 0 or P["outage_min"] * M <= d < (P["outage_min"] + 5) * M:
            return P["outage_p"] / 4
        return 0.003

    def attempt(self, rng, t, typed, ip, pw, actor, camp, ua, method="password"):
        """Record one attempt; returns ok as the server decides at time t."""
        fail = rng.random() < self.fail_p(t)
        e = [t, typed, ip, pw, fail, actor, camp, ua, method]
        u = norm(typed)
        if u not in self.tags:
            self.tags[u] = set()
        if actor == "attacker":
            self.tags[u].add(camp)
        ok = self.ok_of(e)
        e.append(ok)
        self.events.append(e)
        return ok

    # ---- vocab
    def make_email(self, rng, taken):
        while True:
            f = rng.choice(FIRST) if rng.random() > 0.01 else rng.choice(UNI_FIRST)
            l = rng.choice(LAST)
            pat = rng.randrange(7)
            if pat == 0:
                loc = "%s.%s" % (f, l)
            elif pat == 1:
                loc = "%s%s%d" % (f, l, rng.randrange(1, 100))
            elif pat == 2:
                loc = "%s.%s%d" % (f[0], l, rng.randrange(1960, 2010))
            elif pat == 3:
                loc = "%s_%s" % (f, l[:4])
            elif pat == 4:
                loc = "%s%d" % (f, rng.randrange(1, 10000))
            elif pat == 5:
                loc = "%s.%s.%d" % (f, l, rng.randrange(1, 100))
            else:
                loc = "%s%s" % (l, rng.randrange(100, 1000))
            dom = pick_w(rng, DOMAINS) if rng.random() > 0.005 else rng.choice(UNI_DOMAINS)
            e = "%s@%s" % (loc, dom)
            if e not in taken:
                taken.add(e)
                return e

    def make_pw(self, rng, kind=None):
        k = kind or pick_w(rng, (("word", 55), ("pm", 30), ("phrase", 15)))
        if k == "pm":
            al = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#$%&*+-:?@_"
            return "".join(rng.choice(al) for _ in range(rng.randrange(14, 21)))
        if k == "phrase":
            return "-".join(rng.choice(WORDS) for _ in range(3)) + str(rng.randrange(10, 100))
        w = rng.choice(WORDS)
        if rng.random() < 0.6:
            w = w.capitalize()
        return w + str(rng.choice((rng.randrange(1, 100), rng.randrange(1960, 2012)))) + rng.choice(("", "", "!", "#", "?", "."))

    def variant(self, rng, pw):
        """An older password of the same person: same root, other digits/suffix."""
        root = pw.rstrip("0123456789!#?.")
        if not root or len(root) > 14:
            return self.make_pw(rng, "word")
        return root + str(rng.randrange(1, 100)) + rng.choice(("", "!", ""))

    def typo(self, rng, pw):
        if len(pw) < 2:
            return pw + "1"
        k = rng.randrange(4)
        i = rng.randrange(len(pw) - 1)
        if k == 0:
            out = pw[:i] + pw[i + 1] + pw[i] + pw[i + 2:]
        elif k == 1:
            out = pw[:i] + pw[i + 1:]
        elif k == 2:
            out = pw.swapcase()
        else:
            out = pw[:i] + rng.choice("asdfjkl;1") + pw[i:]
        return out if out != pw else pw + "x"

    def typed_user(self, rng, email, style, kiosk=False):
        x = rng.random()
        if kiosk:
            if x < 0.25:
                return email[0].upper() + email[1:]
            if x < 0.35:
                return email + " "
            if x < 0.40:
                return email.upper()
            return email
        if style == "cap" and x < 0.8:
            return email[0].upper() + email[1:]
        if style == "space" and x < 0.5:
            return rng.choice((" ", "")) + email + rng.choice((" ", "  ", "\t"))
        if style == "upper" and x < 0.6:
            return email.upper()
        return email

    def mistype_email(self, rng, email):
        loc, dom = email.split("@", 1)
        x = rng.randrange(3)
        if x == 0:
            dom = {"gmail.com": "gmial.com", "web.de": "web.com", "gmx.de": "gmx.com"}.get(dom, dom + ".de")
        elif x == 1 and len(loc) > 3:
            i = rng.randrange(len(loc) - 1)
            loc = loc[:i] + loc[i + 1] + loc[i] + loc[i + 2:]
        else:
            loc = loc + rng.choice("0123456789")
        e = loc + "@" + dom
        return e if e != email else "x" + e

    # ---- build customers and leaks
    def build(self):
        P, n = self.P, self.n
        rng = self.R("world")
        self.addr = Addr(self.R("addr"), P)
        taken = set()
        self.accts = []
        for i in range(n):
            a = Account()
            a.i = i
            a.email = self.make_email(rng, taken)
            a.tags = set()
            a.pw0 = self.make_pw(rng)
            if rng.random() < P["common"]:
                a.pw0 = rng.choice(CLASSIC[:20] + list(SPRAY_PW)) if rng.random() < 0.6 else self.common[rng.randrange(40, 400)]
                a.tags.add("common_password")
            a.old = [self.variant(rng, a.pw0) if rng.random() < 0.6 else self.make_pw(rng) for _ in range(rng.randrange(1, 3))]
            a.style = pick_w(rng, (("lower", 80), ("cap", 12), ("space", 5), ("upper", 3)))
            a.home4 = a.home6 = a.corp = a.store = a.relay_sub = a.partner_pw = a.forgot_at = None
            self.accts.append(a)
        # connectivity
        for a in self.accts:
            if rng.random() < 0.82:
                a.home4 = self.addr.home4()
                if rng.random() < 0.45:
                    a.home6 = self.addr.home6()
            else:
                a.tags.add("mobile_only")
            if rng.random() < P["relay"]:
                a.tags.add("private_relay")
                a.relay_sub = rng.sample(self.addr.relay4 + self.addr.relay6, 12)
            if rng.random() < P["corp"]:
                a.tags.add("corporate_proxy")
                a.corp = rng.randrange(len(self.addr.corp))
            if rng.random() < P["kiosk"]:
                a.tags.add("kiosk")
                a.store = rng.randrange(len(self.addr.stores))
            a.devices = []
            nd = 1 + (rng.random() < 0.6) + (rng.random() < 0.2)
            if rng.random() < P["shared"]:
                a.tags.add("shared_account")
                nd = max(nd, 2)
            for k in range(nd):
                d = Device()
                d.kind = "phone" if k == 0 or ("shared_account" in a.tags and k == 1) else rng.choice(("laptop", "tablet", "laptop"))
                d.apple = rng.random() < (0.95 if "private_relay" in a.tags else 0.35)
                d.carrier = rng.randrange(3)
                d.v6 = rng.random() < P["mob_v6"]
                d.stale = False
                if d.kind == "phone":
                    d.web = rng.random() < (0.6 if "private_relay" in a.tags else 0.3)
                    if d.web:
                        d.ua = rng.choice(UA_SAFARI[1:]) if d.apple else rng.choice(UA_ANDROID_WEB)
                    elif d.apple:
                        d.ua = APP_IOS.format(v=rng.choice(APP_VERSIONS), o=rng.choice(("18.1", "18.0.1", "17.6.1")))
                    else:
                        d.ua = APP_ANDROID.format(v=rng.choice(APP_VERSIONS), o=rng.choice(("14", "13", "12")), d=rng.choice(ANDROID_DEV))
                else:
                    d.web = True
                    d.ua = UA_SAFARI[0] if d.apple else rng.choice(UA_BROWSER)
                a.devices.append(d)
            if rng.random() < P["stale_pm"]:
                a.tags.add("stale_password_manager")
                a.devices[-1].stale = True
            if rng.random() < P["old_first"]:
                a.tags.add("old_password_first")
        # households: neighbours in index order share the home connection
        homes = [a for a in self.accts if a.home4]
        i = 0
        while i < len(homes):
            if rng.random() < P["household"]:
                k = rng.randrange(2, 5)
                grp = homes[i:i + k]
                for b in grp[1:]:
                    b.home4, b.home6 = grp[0].home4, grp[0].home6
                if len(grp) > 1:
                    for b in grp:
                        b.tags.add("household")
                i += k
            else:
                i += 1
        self.addr.honest_homes = sorted(set(a.home4 for a in homes))
        for a in self.accts:
            self.timeline[a.email] = ([-DAY], [a.pw0])
            a.known = a.pw0
            self.tags[a.email] = a.tags

        # the leak: an old breach of another site plus unrelated dumps
        lrng = self.R("leak")
        combos = []            # (user as in dump, password, kind, account or None)
        self.reuse = []
        for a in self.accts:
            if lrng.random() < P["leak"]:
                x = lrng.random()
                if x < P["reuse"]:
                    pw, kind = a.pw0, "current"
                    self.reuse.append(a)
                    a.tags.add("leaked_current")
                elif x < P["reuse"] + (1 - P["reuse"]) * 0.75:
                    pw, kind = a.old[0], "old"
                    a.tags.add("leaked_old")
                else:
                    pw, kind = self.make_pw(lrng), "other"
                    a.tags.add("leaked_other")
                u = a.email if lrng.random() < 0.9 else (a.email[0].upper() + a.email[1:])
                combos.append((u, pw, kind, a))
        for _ in range(int(P["noise"] * n)):
            e = self.make_email(lrng, taken)
            pw = self.make_pw(lrng) if lrng.random() < 0.85 else lrng.choice(self.common[:300])
            combos.append((e, pw, "noise", None))
        self.combos = combos

    def build_common(self):
        rng = self.R("common")
        out, seen = [], set()
        for p in list(CLASSIC) + list(SPRAY_PW):
            if p not in seen:
                seen.add(p)
                out.append(p)
        while len(out) < 2500:
            w = rng.choice(WORDS)
            p = rng.choice((w, w.capitalize())) + rng.choice(("1", "12", "123", "1234", "!", str(rng.randrange(1960, 2026)), str(rng.randrange(100))))
            if p not in seen:
                seen.add(p)
                out.append(p)
        self.common = out

    # ---- honest side
    def addr_for(self, rng, a, d, t):
        A = self.addr
        hr = (t % DAY) // H
        if a.relay_sub and d.apple and d.web and rng.random() < 0.92:
            return A.relay(a.relay_sub)
        if a.corp is not None and d.kind == "laptop" and 8 <= hr < 17 and rng.random() < 0.85:
            return rng.choice(A.corp[a.corp])
        if a.corp is not None and d.kind == "phone" and 8 <= hr < 17 and rng.random() < 0.4:
            return rng.choice(A.corp[a.corp])      # phone on office wifi
        athome = a.home4 and (hr < 8 or hr >= 18 or rng.random() < 0.3)
        if d.kind != "phone" and a.home4:
            athome = True
        if athome and (d.kind != "phone" or rng.random() < 0.6):
            if a.home6 and rng.random() < 0.6:
                return A.v6_in(a.home6)
            return a.home4
        return A.carrier_v6(d.carrier) if d.v6 else A.carrier_v4(d.carrier)

    def honest_session(self, rng, a, t, ip, ua, camp, kiosk=False, flash=False, dev=None,
                       forced_forgot=False):
        """One person trying to get into account a. Returns end time."""
        u = a.email
        typed = self.typed_user(rng, u, a.style, kiosk)
        gap = (lambda: rng.randrange(4 * S, 40 * S)) if not kiosk else (lambda: rng.randrange(8 * S, 60 * S))
        if rng.random() < (0.03 if kiosk else self.P["wrong_email"]):
            bad = self.mistype_email(rng, u)
            self.attempt(rng, t, bad, ip, a.known, "honest", camp, ua)
            self.tags.setdefault(norm(bad), set()).add("nonexistent_typo")
            t += gap()
        # magic link users
        if "magic_link" in a.tags and not kiosk and rng.random() < 0.7:
            for _ in range(4):
                if self.attempt(rng, t, typed, ip, None, "honest", camp, ua, "magic_link"):
                    break
                t += gap()
            return t
        tries = []
        if dev is not None and dev.stale:
            tries.append(a.old[0])
        if "old_password_first" in a.tags and rng.random() < 0.5:
            tries.append(rng.choice(a.old))
        if forced_forgot:
            tries += [rng.choice(a.old), self.variant(rng, a.known), self.typo(rng, a.known)][:rng.randrange(2, 4)]
        elif rng.random() < (self.P["kiosk_typo"] if kiosk else self.P["typo"]):
            tries.append(self.typo(rng, a.known))
            if kiosk and rng.random() < 0.3:
                tries.append(self.typo(rng, a.known))
        if not forced_forgot:
            tries.append(a.known)
        max_retry = 10 if flash else 3
        for pw in tries:
            for r in range(max_retry):
                ok = self.attempt(rng, t, typed, ip, pw, "honest", camp, ua)
                t += gap() if not flash else rng.randrange(2 * S, 20 * S)
                if ok:
                    return t
                if pw != a.known or self.events[-1][4] is False:
                    break          # a real rejection, not an outage: next password
            else:
                if flash:
                    return t       # gave up on the overloaded site
        # could not get in: the typed password is wrong (forgot, or someone changed it)
        if rng.random() < 0.85 or forced_forgot:
            t += rng.randrange(1 * M, 6 * M)       # reset mail round trip
            new = self.variant(rng, a.known) if rng.random() < 0.5 else self.make_pw(rng)
            self.set_pw(u, t - 10 * S, new)
            a.known = new
            a.tags.add("password_reset")
            if rng.random() < 0.3:
                self.attempt(rng, t, typed, ip, None, "honest", camp, ua, "magic_link")
            else:
                self.attempt(rng, t, typed, ip, new, "honest", camp, ua)
            t += gap()
        return t

    def honest(self):
        P, A = self.P, self.addr
        rng = self.R("honest")
        for a in self.accts:
            if rng.random() < P["magic"]:
                a.tags.add("magic_link")
            if rng.random() < P["forgot"]:
                a.tags.add("forgot_password")
            if rng.random() < P["partner"]:
                a.tags.add("partner_optin")
                a.partner_pw = a.old[0] if rng.random() < P["partner_stale"] else a.pw0
        for a in self.accts:
            if rng.random() >= P["active"] and "kiosk" not in a.tags:
                continue
            sess = []
            k = 1
            while rng.random() < 1 - 1 / P["sess_mean"] and k < 12:
                k += 1
            for _ in range(k):
                sess.append((diurnal(rng), "normal"))
            if rng.random() < P["flash"]:
                d = rng.expovariate(1 / (4 * M)) if rng.random() < 0.85 else rng.uniform(-5 * M, 0)
                sess.append((FLASH + int(min(d, 55 * M)), "flash_sale"))
                a.tags.add("flash_sale")
            if a.store is not None:
                for _ in range(1 + (rng.random() < 0.3)):
                    sess.append((9 * H + rng.randrange(11 * H), "kiosk"))
            if "forgot_password" in a.tags:
                sess.append((diurnal(rng), "forgot"))
            # the second person of a shared account logs in from their own phone
            if "shared_account" in a.tags:
                for t, kind in list(sess):
                    if kind == "normal" and rng.random() < 0.35:
                        sess.append((t + rng.randrange(30 * S, 40 * M), "shared2"))
            sess.sort()
            end = -DAY
            for t, kind in sess:
                t = max(t, end + rng.randrange(5 * S, 60 * S))   # one person: sessions do not overlap
                if t >= DAY - 30 * M:
                    break
                d = rng.choice(a.devices)
                if kind == "shared2":
                    d = a.devices[1]
                    end = self.honest_session(rng, a, t, self.addr_for(rng, a, d, t), d.ua, "shared_account", dev=d)
                    continue
                if kind == "kiosk":
                    end = self.honest_session(rng, a, t, A.stores[a.store], UA_KIOSK.format(s=a.store), "kiosk", kiosk=True)
                    continue
                ip = self.addr_for(rng, a, d, t)
                camp = kind
                if kind == "normal":
                    camp = "shared_account" if "shared_account" in a.tags else "login"
                if kind == "forgot" or a.known != self.pw_at(a.email, t):
                    camp = "forgot_or_reset"
                end = self.honest_session(rng, a, t, ip, d.ua, camp, flash=(kind == "flash_sale"), dev=d,
                                          forced_forgot=(kind == "forgot"))
        # walk-in kiosk customers without an account (or who typed somebody else's address)
        for _ in range(int(self.n * 0.01)):
            e = self.make_email(rng, set())
            s = rng.randrange(len(A.stores))
            t = 9 * H + rng.randrange(11 * H)
            if e in self.timeline:
                continue
            for _ in range(rng.randrange(1, 3)):
                self.attempt(rng, t, e, A.stores[s], self.make_pw(rng), "honest", "kiosk", UA_KIOSK.format(s=s))
                t += rng.randrange(10 * S, 60 * S)
            self.tags.setdefault(norm(e), set()).add("nonexistent_walkin")

    def partner_and_probe(self):
        rng = self.R("partner")
        A = self.addr
        for a in self.accts:
            if a.partner_pw is None:
                continue
            off = rng.randrange(4 * H)
            for k in range(6):
                t = off + k * 4 * H + rng.randrange(2 * M)
                self.attempt(rng, t, a.email, rng.choice(A.partner), a.partner_pw, "honest",
                             "partner_sync", UA_PARTNER)
        # synthetic monitor: one login a minute all day
        probe = "synthetic-monitor@shop.example"
        self.timeline[probe] = ([-DAY], ["Mon!tor-2026-rotates-monthly"])
        self.tags[probe] = {"monitoring_probe"}
        for k in range(24 * 60):
            t = k * M + rng.randrange(500, 3000)
            self.attempt(rng, t, probe, A.probe, "Mon!tor-2026-rotates-monthly", "honest", "monitoring_probe", UA_PROBE)
        # a scalper with many accounts of his own: honest owner, not a takeover (see README)
        taken = set(self.timeline)
        base = "%s.%s" % (rng.choice(FIRST), rng.choice(LAST))
        for k in range(self.P["scalper"]):
            e = "%s+drop%d@gmail.com" % (base, k) if k % 3 else self.make_email(rng, taken)
            pw = self.make_pw(rng, "pm")
            self.timeline[e] = ([-DAY], [pw])
            self.tags[e] = {"scalper_own_accounts"}
            for t0 in (12 * H + rng.randrange(10 * M), FLASH - 3 * M + rng.randrange(3 * M)):
                t = t0
                for _ in range(6):
                    ok = self.attempt(rng, t, e, rng.choice(A.scalper), pw, "honest", "scalper_own_accounts", UA_SCALPER)
                    t += rng.randrange(1 * S, 4 * S)
                    if ok:
                        break

    # ---- attackers
    def attack(self):
        P, A = self.P, self.addr
        rng = self.R("attack")
        est_active = P["active"] * self.n
        # which leaked-current pairs the attackers reach (controls the takeover rate)
        reuse = list(self.reuse)
        rng.shuffle(reuse)
        k = min(len(reuse), int(round(P["comp_rate"] * est_active)))
        hits = reuse[:k]
        lists = {c: [] for c, _ in P["split"]}
        for a in hits:
            c = pick_w(rng, P["split"])
            u = [x for x in self.combos if x[3] is a][0]
            lists[c].append((u[0], u[1]))
        rest = [(x[0], x[1]) for x in self.combos if x[2] != "current"]
        for c in sorted(lists):
            f = P[c]
            lists[c] += [x for x in rest if rng.random() < f]
            rng.shuffle(lists[c])
        self.comp_time = {}

        def rec(t, user, ip, pw, camp, ua, method="password"):
            ok = self.attempt(rng, t, user, ip, pw, "attacker", camp, ua, method)
            if ok and norm(user) not in self.comp_time:
                self.comp_time[norm(user)] = (t, pw, camp)
            return ok

        # 1. concentrated stuffing from hosting ranges, at night
        L = lists.get("dc", [])
        if L:
            ips = sorted(set(A.hosting_ip(rng.randrange(2)) for _ in range(28)))
            t0, dur = 2 * H + 40 * M, int(2.5 * H)
            for i, (u, pw) in enumerate(L):
                t = t0 + i * dur // len(L) + rng.randrange(800)
                ua = "python-requests/2.31.0" if i % 5 < 2 else UA_BROWSER[0]
                rec(t, u, ips[i % len(ips)], pw, "stuffing_hosting", ua)
        # 2. distributed stuffing through residential proxies, 1-4 attempts per exit
        L = lists.get("resi", [])
        i = 0
        while i < len(L):
            ip = A.resi(P["resi_mix"])
            m = min(len(L) - i, 4, 1 + int(rng.expovariate(1 / 1.0)))
            t = 8 * H + rng.randrange(15 * H + 30 * M)
            ua = rng.choice(UA_BROWSER + UA_SAFARI + UA_ANDROID_WEB) if rng.random() < 0.85 else None
            for j in range(m):
                rec(t, L[i + j][0], ip, L[i + j][1], "stuffing_residential", ua)
                t += rng.randrange(3 * S, 90 * S)
            i += m
        # 3. checker bot hiding in the flash-sale spike with the app's user agent
        L = lists.get("checker", [])
        for i, (u, pw) in enumerate(L):
            t = FLASH + int(min(rng.expovariate(1 / (6 * M)), 50 * M)) - rng.randrange(2 * M)
            c = rng.randrange(3)
            ip = A.carrier_v4(c) if rng.random() < 0.6 else A.carrier_v6(c)
            ua = APP_IOS.format(v="9.4.1", o="18.1") if i % 2 else APP_ANDROID.format(v="9.4.1", o="14", d="SM-S918B")
            for r in range(3):
                ok = rec(t, u, ip, pw, "flash_checker", ua)
                if ok or not self.events[-1][4]:
                    break
                t += rng.randrange(2 * S, 10 * S)
        # 4. IPv6 /64 rotation from one hosting /48
        L = lists.get("v6", [])
        i = 0
        while i < len(L):
            net = A.atk6 | rng.randrange(1 << 16) << 64
            m = min(len(L) - i, rng.randrange(1, 4))
            t = 13 * H + rng.randrange(3 * H)
            for j in range(m):
                rec(t, L[i + j][0], a6(net | rng.randrange(1, 1 << 64)), L[i + j][1], "ipv6_rotation", "okhttp/4.9.3")
                t += rng.randrange(S, 20 * S)
            i += m
        # 5. password spraying: a few popular passwords over many known e-mails, low and slow
        users = [a.email for a in self.accts if rng.random() < P["spray_targets"]]
        users += [x[0] for x in self.combos if x[3] is None and rng.random() < P["spray_targets"] / 4]
        rng.shuffle(users)
        spray = list(SPRAY_PW[:P["spray_pw"]])
        for rnd, pw in enumerate(spray):
            for u in users:
                if rng.random() < 0.35 and rnd > 1:
                    continue
                t = rnd * (DAY // len(spray)) + rng.randrange(DAY // len(spray))
                ua = None if rng.random() < 0.5 else "curl/8.4.0"
                rec(t, u, A.resi(P["resi_mix"]), pw, "password_spray", ua)
        # 6. brute force against a few accounts from one hosting address each
        weak = [a for a in self.accts if a.pw0 in self.common[20:600]]
        rng.shuffle(weak)
        others = rng.sample(self.accts, P["brute"])
        targets = weak[:1] + others[:max(0, P["brute"] - 1)]
        for bi, a in enumerate(targets):
            ip = A.hosting_ip(2 + bi % 2)
            t = 6 * H + rng.randrange(4 * H)
            words = list(self.common[:700])
            for pw in words:
                if t >= DAY - M:
                    break
                if rec(t, a.email, ip, pw, "brute_force", None):
                    break
                t += rng.randrange(20 * S, 70 * S)
        # 7. private list (phished / infostealer pairs, not in combos.txt)
        in_combo = set(id(x[3]) for x in self.combos if x[3] is not None)
        cand = [a for a in self.accts if id(a) not in in_combo]
        rng.shuffle(cand)
        kp = int(round(P["private"] * len(hits))) + 2
        plist = [(a.email, a.pw0) for a in cand[:kp]]
        plist += [(a.email, self.variant(rng, a.pw0)) for a in cand[kp:kp + kp * P["private_wrong"]]]
        rng.shuffle(plist)
        for u, pw in plist:
            t = 10 * H + rng.randrange(12 * H)
            ip = A.resi(P["resi_mix"])
            rec(t, u, ip, pw, "private_list", rng.choice(UA_BROWSER + UA_SAFARI))
        # 8. return visits to drain loyalty points / stored cards, from other addresses
        for u in sorted(self.comp_time):
            t0, pw, camp = self.comp_time[u]
            if u not in self.timeline or rng.random() >= P["drain"]:
                continue
            t = t0
            visits = rng.randrange(1, 4)
            for v in range(visits):
                t += rng.randrange(40 * M, 6 * H)
                if t >= DAY - 10 * M:
                    break
                ip = A.resi(P["resi_mix"]) if rng.random() < 0.6 else A.carrier_v6(rng.randrange(3))
                ok = self.attempt(rng, t, u, ip, pw, "attacker", "drain_return",
                                  APP_IOS.format(v="9.4.1", o="18.1"))
                if ok and v == visits - 1 and rng.random() < P["drain_change"]:
                    new = self.make_pw(rng, "pm")
                    self.set_pw(u, t + 2 * M, new)
                    self.tags[u].add("attacker_changed_password")

    # ---- output
    def run(self):
        self.build_common()
        self.build()
        # planned resets must be known before the attackers act: handled inside honest();
        # attacks first so that victims locked out by a changed password behave accordingly
        self.attack()
        self.honest()
        self.partner_and_probe()
        return self

    def ok_of(self, e):
        t, typed, ip, pw, fail = e[:5]
        if fail:
            return False
        u = norm(typed)
        if e[8] == "magic_link":
            return u in self.timeline
        return pw is not None and pw == self.pw_at(u, t)


def fmt_ts(t, style):
    ms = BASE_MS + t
    if style == 2:
        return ms
    if style == 0:
        d = datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc)
        return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000)
    d = datetime.datetime.fromtimestamp(ms / 1000, TZ)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d+01:00" % (ms % 1000)


def write_all(g, out):
    os.makedirs(out, exist_ok=True)
    P, fp = g.P, g.fp
    rng = g.R("output")
    # final server verdicts (password changes made later in generation are applied here too)
    flipped = {}
    for e in g.events:
        ok = g.ok_of(e)
        if ok != e[9]:
            k = "%s/%s" % (e[5], e[6])
            flipped[k] = flipped.get(k, 0) + 1
        e[9] = ok
    # sharding: each auth node writes its own log in time order; the file is their concatenation
    nodes = [[] for _ in range(P["nodes"])]
    for idx, e in enumerate(g.events):
        nodes[rng.randrange(P["nodes"])].append((e[0], idx, e))
    lines, elabels = [], []
    for k, nd in enumerate(nodes):
        nd.sort(key=lambda x: (x[0], x[1]))
        for t, idx, e in nd:
            _, typed, ip, pw, fail, actor, camp, ua, method, ok = e
            if k == 2 and ":" not in ip and P["v4mapped"] and rng.random() < P["v4mapped"]:
                ip = "::ffff:" + ip
            o = {"ts": fmt_ts(t, k % 3), "user": typed, "ip": ip, "ok": ok}
            if pw is not None:
                o["cred"] = fp.cred(typed, pw)
                o["pw"] = fp.pw(pw)
            if ua is not None:
                o["ua"] = ua
            o["method"] = method
            o["node"] = "auth-%d" % (k + 1)
            lines.append(json.dumps(o, ensure_ascii=False, separators=(",", ":")))
            elabels.append((actor, camp, norm(typed), ok, pw, t))
    with open(os.path.join(out, "events.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(out, "event_labels.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("line,actor,campaign\n")
        for i, (actor, camp, *_r) in enumerate(elabels, 1):
            f.write("%d,%s,%s\n" % (i, actor, camp))
    # leak sources
    crng = g.R("combofile")
    clines = ["%s:%s" % (u, pw) for u, pw, _k, _a in g.combos]
    clines += ["%s:%s" % (u, pw) for u, pw, _k, _a in crng.sample(g.combos, len(g.combos) // 50)]  # duplicates
    for _ in range(max(3, len(g.combos) // 5000)):
        clines.append(crng.choice(("", "garbage-line-without-separator", "   ", "#" + "=" * 20)))
    crng.shuffle(clines)
    with open(os.path.join(out, "combos.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(clines) + "\n")
    with open(os.path.join(out, "passwords.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(g.common) + "\n")
    # truth and labels
    comp, targeted, exposed_ok = {}, set(), set()
    leaked_pairs = set((norm(u), pw) for u, pw, _k, _a in g.combos)
    honest_users = set()
    for actor, camp, u, ok, pw, t in elabels:
        if actor == "attacker":
            targeted.add(u)
            if ok and u in g.timeline:
                comp.setdefault(u, set()).add(camp)
        else:
            honest_users.add(u)
            if ok and (u, pw) in leaked_pairs:
                exposed_ok.add(u)
    allusers = sorted(set(g.tags) | set(g.timeline))
    truth = sorted(comp)
    with open(os.path.join(out, "truth.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("user\n" + "".join(u + "\n" for u in truth))
    counts = {"compromised": 0, "targeted": 0, "exposed": 0, "benign": 0}
    with open(os.path.join(out, "labels.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("user,label,scenario\n")
        for u in allusers:
            if u in comp:
                lab = "compromised"
            elif u in targeted:
                lab = "targeted"
            elif u in exposed_ok:
                lab = "exposed"
            else:
                lab = "benign"
            counts[lab] += 1
            tags = sorted(g.tags.get(u, set()))
            if u not in g.timeline:
                tags.append("no_such_account")
            f.write("%s,%s,%s\n" % (csvq(u), lab, "+".join(tags) or "plain"))
    registered = set(g.timeline)
    active = sorted(u for u in honest_users if u in registered)
    per_camp = {}
    for actor, camp, u, ok, pw, t in elabels:
        c = per_camp.setdefault("%s/%s" % (actor, camp), [0, 0])
        c[0] += 1
        c[1] += bool(ok)
    meta = {
        "generator": "gen11", "seed": g.seed, "profile": g.profile, "accounts_arg": g.n,
        "key_is_demo_key": g.key_is_demo, "day_local": "2026-11-27", "utc_offset": "+01:00",
        "flash_sale_local": "20:00", "params": {k: (list(v) if isinstance(v, tuple) else v) for k, v in sorted(P.items())},
        "lines": len(lines), "honest_lines": sum(1 for x in elabels if x[0] == "honest"),
        "attacker_lines": sum(1 for x in elabels if x[0] == "attacker"),
        "registered_accounts": len(registered), "users_in_labels": len(allusers),
        "active_accounts": len(active), "compromised": len(truth),
        "compromised_share_of_active": round(len(truth) / max(1, len(active)), 4),
        "labels": counts, "distinct_ips": len(set(e[2] for e in g.events)),
        "verdicts_changed_by_later_password_changes": {k: flipped[k] for k in sorted(flipped)},
        "combo_lines": len(clines), "password_lines": len(g.common),
        "per_campaign_lines_ok": {k: per_camp[k] for k in sorted(per_camp)},
        "accounts_per_scenario_tag": tagcount(g),
        "compromised_by_campaign": {c: sum(1 for u in truth if c in comp[u]) for c in sorted(set().union(*comp.values()))} if comp else {},
    }
    with open(os.path.join(out, "meta.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(meta, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")
    return meta


def tagcount(g):
    c = {}
    for u in g.timeline:
        for t in g.tags.get(u, ()):
            c[t] = c.get(t, 0) + 1
    return {k: c[k] for k in sorted(c)}


def csvq(s):
    if any(c in s for c in ',"\n\r') or s != s.strip():
        return '"' + s.replace('"', '""') + '"'
    return s


# --------------------------------------------------------------------------------------------
# self test


def check_consistency(out, key):
    """truth.csv == accounts with an attacker line ok=true; labels match event labels."""
    fp = Fingerprints(key)
    evs = [json.loads(l) for l in open(os.path.join(out, "events.jsonl"), encoding="utf-8")]
    el = open(os.path.join(out, "event_labels.csv"), encoding="utf-8").read().splitlines()
    assert el[0] == "line,actor,campaign"
    el = [r.split(",") for r in el[1:]]
    assert len(el) == len(evs), "event_labels length"
    comp = set()
    for i, (e, r) in enumerate(zip(evs, el), 1):
        assert int(r[0]) == i and r[1] in ("honest", "attacker") and r[2]
        assert isinstance(e["ok"], bool) and e["user"] and e["ip"]
        ipaddress.ip_address(e["ip"])
        for f in ("cred", "pw"):
            if f in e:
                assert len(e[f]) == 16 and all(c in "0123456789abcdef" for c in e[f])
        if r[1] == "attacker" and e["ok"]:
            comp.add(norm(e["user"]))
    truth = open(os.path.join(out, "truth.csv"), encoding="utf-8").read().splitlines()
    assert truth[0] == "user"
    assert truth[1:] == sorted(truth[1:]), "truth sorted"
    assert set(truth[1:]) == comp, "truth == attacker ok users"
    labs = {}
    import csv
    with open(os.path.join(out, "labels.csv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            labs[row["user"]] = row["label"]
    assert set(u for u, l in labs.items() if l == "compromised") == comp, "labels vs truth"
    att = set(norm(e["user"]) for e, r in zip(evs, el) if r[1] == "attacker")
    for u in att:
        assert labs[u] in ("compromised", "targeted"), u
    for e in evs:
        assert norm(e["user"]) in labs
    # exposed: honest ok login with a pair from combos.txt
    leaked = set()
    for line in open(os.path.join(out, "combos.txt"), encoding="utf-8"):
        line = line.rstrip("\n")
        if ":" in line:
            u, p = line.split(":", 1)
            leaked.add(fp.cred(u, p))
    for u, l in labs.items():
        if l == "exposed":
            assert u not in att
    exp = set(norm(e["user"]) for e, r in zip(evs, el) if r[1] == "honest" and e["ok"] and e.get("cred") in leaked)
    assert exp - att - comp == set(u for u, l in labs.items() if l == "exposed"), "exposed"
    return len(evs), len(comp)


def selftest():
    for key, user, pw, c, p in TEST_VECTORS:
        f = Fingerprints(key)
        assert f.cred(user, pw) == c, (key, user, f.cred(user, pw), c)
        assert f.pw(pw) == p, (key, pw, f.pw(pw), p)
    print("test vectors: ok (%d)" % len(TEST_VECTORS))
    tmp = tempfile.mkdtemp(prefix="gen11-selftest-")
    try:
        me = os.path.abspath(__file__)
        for prof in sorted(PROFILES):
            dirs = []
            for run, hs in enumerate(("0", "12345")):
                d = os.path.join(tmp, "%s-%d" % (prof, run))
                env = dict(os.environ, PYTHONHASHSEED=hs)
                subprocess.run([sys.executable, me, "--seed", "7", "--accounts", "400", "--profile", prof,
                                "--out", d], check=True, env=env, stdout=subprocess.DEVNULL)
                dirs.append(d)
            for name in sorted(os.listdir(dirs[0])):
                a = open(os.path.join(dirs[0], name), "rb").read()
                b = open(os.path.join(dirs[1], name), "rb").read()
                assert a == b, "not deterministic: %s/%s" % (prof, name)
            n, c = check_consistency(dirs[0], DEMO_KEY)
            print("%-10s deterministic and consistent: %d lines, %d compromised" % (prof, n, c))
        d = os.path.join(tmp, "key")
        subprocess.run([sys.executable, me, "--seed", "3", "--accounts", "300", "--out", d, "--key", "s3cr3t-pepper"],
                       check=True, stdout=subprocess.DEVNULL)
        check_consistency(d, "s3cr3t-pepper")
        print("--key: ok")
    finally:
        shutil.rmtree(tmp)
    print("selftest passed")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--accounts", type=int, default=5000)
    ap.add_argument("--profile", default="mixed", choices=sorted(PROFILES))
    ap.add_argument("--out")
    ap.add_argument("--key", default=DEMO_KEY)
    ap.add_argument("--selftest", action="store_true")
    a = ap.parse_args()
    if a.selftest:
        selftest()
        return
    if not a.out:
        ap.error("--out is required")
    if a.accounts < 50:
        ap.error("--accounts must be at least 50")
    g = Gen(a.seed, a.accounts, a.profile, a.key).run()
    meta = write_all(g, a.out)
    print("%s: %d lines (%d attacker), %d accounts active, %d compromised" % (
        a.out, meta["lines"], meta["attacker_lines"], meta["active_accounts"], meta["compromised"]))


if __name__ == "__main__":
    main()
