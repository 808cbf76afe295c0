#!/usr/bin/env python3
"""gen16: labelled synthetic login logs for an airline frequent-flyer programme (one day).

Standard library only. See README.md. Deterministic for identical arguments.
"""
import argparse
import calendar
import csv
import hashlib
import heapq
import hmac
import io
import ipaddress
import json
import os
import subprocess
import sys
import tempfile
import time

import random

DEMO_KEY = "credsieve-demo-key"
DAY = 86400 * 1000  # ms
MIN = 60 * 1000
HOUR = 3600 * 1000
SEC = 1000

SERVERS = ["web-a", "web-b", "app", "partner"]


def norm(u):
    return u.strip().lower()


def bsort(strings):
    return sorted(strings, key=lambda s: s.encode("utf-8"))


class FP:
    """Credential fingerprints, SPEC section 2."""

    def __init__(self, key):
        self.key = key if isinstance(key, bytes) else key.encode("utf-8")
        self._pw = {}

    def cred(self, user, password):
        msg = b"c1\x00" + norm(user).encode("utf-8") + b"\x00" + password.encode("utf-8")
        return hmac.new(self.key, msg, hashlib.sha256).hexdigest()[:16]

    def pw(self, password):
        r = self._pw.get(password)
        if r is None:
            s = hashlib.sha1(password.encode("utf-8")).hexdigest().upper()
            r = hmac.new(self.key, b"p1\x00" + s.encode("ascii"), hashlib.sha256).hexdigest()[:16]
            self._pw[password] = r
        return r


# --------------------------------------------------------------------------------------------
# profiles
# --------------------------------------------------------------------------------------------
BASE = dict(
    date="2026-11-20",
    # persona weights
    personas=dict(home=34, mobile=14, flyer=9, abroad=4, family=4, forgetful=3, vpn=2,
                  passwordless=4, inactive=26),
    hub_skew=1.0,          # >1: travellers concentrate on big hubs
    flight_pax=(6, 30),     # loyalty members logging in per flight (of hundreds of passengers)
    p_vuln=0.020,           # current password in the leak
    p_stale=0.16,           # an old password in the leak
    p_popular=0.012,        # current password among the sprayable top passwords
    p_typo=0.035,
    p_oldfirst=0.05,        # per session: types an old password first (x4 if it is in the leak)
    desks_per_5k=6, desk_clients=(15, 60),
    tracker_share=0.03, tracker_stale=0.15,
    # attacks (volumes are multiples of N unless noted)
    stuff_hosting=0.9, stuff_resproxy=1.1, stuff_slow=0.12, stuff_ipv6=0.3,
    spray_targets=0.22, spray_pwds=3, brute_targets=4, brute_hit=True,
    infostealer=0.0025, phish=0.0016,
    drain_p=0.5, drain_chpw=0.3, drain_chmail=0.12,
)

PROFILES = {
    "mixed": dict(),
    "travelpeak": dict(
        date="2026-12-22",
        personas=dict(home=20, mobile=10, flyer=30, abroad=10, family=4, forgetful=3, vpn=2,
                      passwordless=3, inactive=20),
        hub_skew=2.5, flight_pax=(25, 80), p_oldfirst=0.08,
        stuff_hosting=0.6, stuff_resproxy=1.2, stuff_slow=0.15, stuff_ipv6=0.15,
        spray_targets=0.25, drain_p=0.4),
    "drain": dict(
        date="2026-03-14",
        p_vuln=0.021,
        stuff_hosting=0.7, stuff_resproxy=0.9, stuff_slow=0.2, stuff_ipv6=0.2,
        spray_targets=0.15, brute_targets=5,
        infostealer=0.006, phish=0.004,
        drain_p=0.95, drain_chpw=0.45, drain_chmail=0.22),
    "quiet": dict(
        date="2026-02-10",
        personas=dict(home=34, mobile=15, flyer=8, abroad=4, family=7, forgetful=7, vpn=4,
                      passwordless=4, inactive=17),
        p_vuln=0.03, p_typo=0.06, p_oldfirst=0.09,
        desks_per_5k=12, tracker_share=0.06, tracker_stale=0.25,
        stuff_hosting=0.0, stuff_resproxy=0.8, stuff_slow=0.15, stuff_ipv6=0.0,
        spray_targets=0.12, spray_pwds=2, brute_targets=1, brute_hit=False,
        infostealer=0.002, phish=0.0008, drain_p=0.35),
}


def profile_params(name):
    p = dict(BASE)
    p.update(PROFILES[name])
    return p


# --------------------------------------------------------------------------------------------
# static vocabularies
# --------------------------------------------------------------------------------------------
FIRST = ("james mary john patricia robert jennifer michael linda david sarah thomas anna lukas "
         "sophie jan emma pierre camille luca giulia marco chiara carlos maria jose ana joao lucia "
         "pedro diego sofia hans jürgen søren zoë andré hélène renée noah olivia liam mia kenji yuki "
         "hiroshi sakura wei li min jun jiwoo seoyeon arjun priya rahul ananya somchai ahmed fatima "
         "omar leila ivan olga piotr katarzyna erik ingrid mateo valentina").split()
LAST = ("smith johnson williams brown jones garcia miller davis martinez lopez müller schmidt "
        "schneider fischer weber dubois martin bernard rossi russo ferrari silva santos oliveira "
        "kowalski nowak jensen hansen larsen tanaka suzuki sato kim lee park wang zhang chen liu "
        "patel sharma singh nguyen tran kaya yilmaz oconnor murphy novak horvat ibáñez peña "
        "andersson nilsson costa moreau lefèvre").split()
DOMAINS = {
    "EU": [("gmail.com", 30), ("outlook.com", 8), ("hotmail.com", 6), ("yahoo.com", 4), ("icloud.com", 5),
           ("gmx.de", 6), ("web.de", 5), ("t-online.de", 3), ("orange.fr", 4), ("free.fr", 3),
           ("libero.it", 3), ("btinternet.com", 3), ("proton.me", 2)],
    "AM": [("gmail.com", 35), ("yahoo.com", 9), ("hotmail.com", 7), ("outlook.com", 7), ("icloud.com", 8),
           ("aol.com", 3), ("comcast.net", 3), ("uol.com.br", 2), ("prodigy.net.mx", 1)],
    "AS": [("gmail.com", 25), ("qq.com", 8), ("163.com", 5), ("naver.com", 6), ("yahoo.co.jp", 6),
           ("docomo.ne.jp", 3), ("hotmail.com", 5), ("outlook.com", 4), ("icloud.com", 5)],
}
WORDS = ("sunshine dragon monkey shadow master summer winter autumn spring flower london paris "
         "berlin madrid tokyo dallas miami chicago boston sydney football soccer hockey tennis "
         "liverpool chelsea arsenal barcelona juventus yankees lakers cowboys tiger lion eagle falcon "
         "panther wolf bear dolphin coffee chocolate cookie pepper ginger honey cherry banana orange "
         "purple silver golden diamond crystal rocket galaxy planet travel holiday vacation beach "
         "island ocean mountain sky cloud thunder angel princess prince king queen jordan michael "
         "jessica ashley daniel charlie buddy max bella lucky molly maggie daisy pilot flyer miles "
         "boarding airport captain jetset wander voyage passport aurora").split()
TOP = ("123456 123456789 12345678 password qwerty123 qwerty 12345 111111 1234567890 1234567 "
       "password1 123123 abc123 000000 iloveyou 1q2w3e4r qwertyuiop 123321 654321 666666 987654321 "
       "1qaz2wsx dragon monkey 123qwe 7777777 Password1 Password123 welcome admin sunshine princess "
       "football baseball letmein shadow master superman michael 121212 charlie aa123456 Qwerty123 "
       "azerty 1q2w3e zxcvbnm asdfghjkl passw0rd trustno1 hello123 freedom whatever starwars pokemon "
       "jennifer 112233 159753 11111111 88888888 123654 Summer2024 Welcome1 Welcome123 Password! "
       "Passw0rd! P@ssw0rd P@ssword1 Qwerty1! Aa123456 Liverpool1 Chelsea1 Arsenal1 Barcelona lovely "
       "flower hottie loveme Travel2024 Holiday2025 London123 Paris2024 Winter2025! Summer2025").split()
SUFFIXES = ["", "1", "12", "123", "1234", "!", "01", "7", "2020", "2021", "2022", "2023", "2024",
            "2025", "2026", "99", "88", "69", "@123", "#1", "123!", "1!", "00", "11", "13", "22"]

AIRPORTS = [  # code, region, utc offset (hours), weight
    ("LHR", "EU", 0, 10), ("CDG", "EU", 1, 9), ("FRA", "EU", 1, 9), ("AMS", "EU", 1, 8),
    ("MAD", "EU", 1, 6), ("FCO", "EU", 1, 5), ("MUC", "EU", 1, 6), ("IST", "EU", 3, 6),
    ("ZRH", "EU", 1, 4), ("CPH", "EU", 1, 3), ("DUB", "EU", 0, 4), ("LIS", "EU", 0, 3),
    ("ATL", "AM", -5, 9), ("JFK", "AM", -5, 9), ("LAX", "AM", -8, 8), ("ORD", "AM", -6, 8),
    ("DFW", "AM", -6, 7), ("MIA", "AM", -5, 5), ("SFO", "AM", -8, 6), ("YYZ", "AM", -5, 5),
    ("GRU", "AM", -3, 5), ("MEX", "AM", -6, 5), ("BOG", "AM", -5, 3),
    ("DXB", "AS", 4, 8), ("SIN", "AS", 8, 7), ("HND", "AS", 9, 7), ("NRT", "AS", 9, 5),
    ("ICN", "AS", 9, 6), ("HKG", "AS", 8, 6), ("BKK", "AS", 7, 5), ("DEL", "AS", 5.5, 5),
    ("SYD", "AS", 11, 4),
]
TZS = {"EU": [0, 1, 1, 1, 1, 2, 3], "AM": [-8, -7, -6, -5, -5, -5, -3], "AS": [5.5, 7, 8, 8, 9, 9, 10]}
REGION_W = [("EU", 45), ("AM", 35), ("AS", 20)]

RES_FIRST = {
    "EU": [2, 31, 37, 46, 62, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 92, 93, 94,
           109, 176, 188, 212, 213, 217],
    "AM": [24, 47, 50, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 96, 97, 98, 99, 107, 108, 174, 177,
           179, 181, 186, 187, 189, 190, 191, 200, 201],
    "AS": [1, 14, 27, 36, 39, 42, 58, 59, 60, 61, 101, 110, 111, 112, 113, 114, 115, 117, 118, 119,
           120, 121, 122, 123, 124, 125, 126, 175, 180, 182, 183, 210, 211, 218, 219, 220, 221, 222],
}
HOSTING16 = [(45, 76), (45, 77), (104, 131), (134, 209), (138, 68), (139, 59), (142, 93), (159, 65),
             (159, 89), (161, 35), (164, 90), (165, 22), (167, 71), (167, 99), (178, 62), (188, 166),
             (206, 189), (5, 161), (95, 216), (116, 202), (49, 12), (43, 133), (18, 184), (3, 120),
             (35, 190), (34, 82), (13, 48), (52, 14), (54, 38), (91, 92), (185, 220), (193, 42)]
VPN16 = [(37, 120), (146, 70), (185, 159), (89, 187), (193, 176), (212, 102), (156, 146), (149, 88)]
SAT16 = [(64, 49), (66, 82), (161, 69), (206, 83), (209, 211)]
RES6 = {"EU": [0x2a028108, 0x200300e5, 0x2a010c23, 0x2a0023c6],
        "AM": [0x26010140, 0x26001700, 0x26038000],
        "AS": [0x240b0010, 0x24004050, 0x24056580]}
MOB6 = {"EU": [0x2a010598, 0x2a023030], "AM": [0x26000380, 0x2607fb90], "AS": [0x24002200, 0x240a0061]}
HOST6 = [0x2a0104f8, 0x2604a880, 0x200119f0, 0x2a03b0c0, 0x2a05d014]

HOUR_W = [1, .6, .4, .3, .3, .5, 1.2, 2.5, 3.5, 3.8, 3.5, 3.2, 3.4, 3.2, 3.0, 3.0, 3.2, 3.5, 4.0,
          4.5, 4.8, 4.2, 3.0, 1.8]
BOT_UA = ["python-requests/2.31.0", "python-requests/2.28.2", "curl/8.4.0", "curl/7.88.1",
          "Go-http-client/1.1", "Go-http-client/2.0", "python-httpx/0.27.0", "aiohttp/3.9.1",
          "okhttp/4.9.0", "Java/17.0.8",
          "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36"]
APP = "AuroraMiles"


def v6str(n):
    return str(ipaddress.IPv6Address(n))


class World:
    """Address spaces and user agents."""

    def __init__(self, rng):
        self.rng = rng
        host = set(HOSTING16) | set(VPN16) | set(SAT16)
        self.res16 = {}
        used = set(host)
        for reg, firsts in sorted(RES_FIRST.items()):
            lst = []
            for f in firsts:
                for _ in range(2):
                    b = rng.randrange(256)
                    if (f, b) not in used:
                        used.add((f, b))
                        lst.append((f, b))
            self.res16[reg] = lst
        self.biz16 = {}
        for reg, firsts in sorted(RES_FIRST.items()):
            lst = []
            while len(lst) < 10:
                f, b = rng.choice(firsts), rng.randrange(256)
                if (f, b) not in used:
                    used.add((f, b))
                    lst.append((f, b))
            self.biz16[reg] = lst
        # mobile carriers: CGNAT gateway pools
        self.carriers = {}
        for reg in ("AM", "AS", "EU"):
            cs = []
            for k in range(4):
                f, b = rng.choice(self.res16[reg])
                c3 = rng.randrange(256)
                pool = ["%d.%d.%d.%d" % (f, b, c3, rng.randrange(1, 255)) for _ in range(rng.randint(12, 40))]
                pool = sorted(set(pool))
                cs.append(dict(name="%s-mob%d" % (reg, k), pool=pool, v6=rng.choice(MOB6[reg]),
                               v6share=rng.choice([0.0, 0.3, 0.6])))
            self.carriers[reg] = cs
        # airports
        self.airports = []
        for code, reg, tz, w in AIRPORTS:
            f, b = rng.choice(self.biz16[reg])
            c3 = rng.randrange(256)
            n = 4 if w >= 8 else (rng.randint(2, 3) if w >= 5 else rng.randint(1, 2))
            ips = ["%d.%d.%d.%d" % (f, b, c3, 2 + 3 * k + rng.randrange(3)) for k in range(n)]
            hotels = []
            for h in range(rng.randint(3, 6)):
                hf, hb = rng.choice(self.biz16[reg] + self.res16[reg][:6])
                hc = rng.randrange(256)
                hotels.append(["%d.%d.%d.%d" % (hf, hb, hc, rng.randrange(1, 255))
                               for _ in range(rng.randint(1, 2))])
            self.airports.append(dict(code=code, region=reg, tz=tz, w=w, ips=ips, hotels=hotels))
        self.vpn = ["%d.%d.%d.%d" % (f, b, rng.randrange(256), rng.randrange(1, 255))
                    for (f, b) in VPN16 for _ in range(5)]
        self.homes4 = []  # honest home addresses (filled by the generator)
        self._build_uas()

    def res4(self, rng, reg):
        f, b = rng.choice(self.res16[reg])
        return "%d.%d.%d.%d" % (f, b, rng.randrange(256), rng.randrange(1, 255))

    def res6_prefix(self, rng, reg):
        return (rng.choice(RES6[reg]) << 96) | (rng.getrandbits(32) << 64)

    def hosting4(self, rng):
        f, b = rng.choice(HOSTING16)
        return "%d.%d.%d.%d" % (f, b, rng.randrange(256), rng.randrange(1, 255))

    def _build_uas(self):
        rng = self.rng
        b = []
        for v in range(118, 132):
            b.append(("desktop", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36" % v))
            b.append(("desktop", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36" % v))
            b.append(("desktop", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36 Edg/%d.0.0.0" % (v, v)))
            b.append(("desktop", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%d.0) Gecko/20100101 Firefox/%d.0" % (v + 2, v + 2)))
            b.append(("mweb", "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Mobile Safari/537.36" % v))
        for v in ("16.6", "17.1", "17.4", "17.5", "17.6", "18.0", "18.1"):
            b.append(("desktop", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%s Safari/605.1.15" % v))
            b.append(("mweb", "Mozilla/5.0 (iPhone; CPU iPhone OS %s like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%s Mobile/15E148 Safari/604.1" % (v.replace(".", "_"), v)))
        self.browser = b
        apps = []
        for ver in ("5.12.0", "5.12.1", "5.13.0", "5.14.0", "5.14.2"):
            for dev, os_ in (("iPhone14,2", "iOS 17.5.1"), ("iPhone15,3", "iOS 18.0"), ("iPhone13,1", "iOS 16.7.8"),
                             ("iPhone16,1", "iOS 18.1"), ("iPad13,4", "iPadOS 17.6")):
                apps.append("%s/%s (%s; %s; Scale/3.00)" % (APP, ver, dev, os_))
            for dev, os_ in (("SM-S918B", "Android 14"), ("Pixel 8", "Android 14"), ("SM-A536B", "Android 13"),
                             ("M2101K6G", "Android 12"), ("CPH2451", "Android 13")):
                apps.append("%s/%s (%s; %s) okhttp/4.12.0" % (APP, ver, os_, dev))
        self.app = apps

    def device(self, rng, kind=None):
        if kind is None:
            kind = rng.choices(["desktop", "phone"], [40, 60])[0]
        if kind == "desktop":
            ua = rng.choice([u for k, u in self.browser if k == "desktop"])
            return ("desktop", ua, "web")
        if rng.random() < 0.72:
            return ("phone", rng.choice(self.app), "app")
        return ("phone", rng.choice([u for k, u in self.browser if k == "mweb"]), "web")


class Acct:
    __slots__ = ("i", "email", "owner_email", "region", "tz", "persona", "home4", "home6", "iid",
                 "carrier", "devices", "pw", "owner_pw", "old", "tier", "vuln", "stale", "members",
                 "tags", "hijacked", "tracker_pw", "desk_pw", "phish", "hub", "exists_in_day")

    def __init__(self, i):
        self.i = i
        self.tags = set()
        self.hijacked = False
        self.members = []
        self.old = []
        self.phish = None
        self.tracker_pw = None
        self.desk_pw = None


# --------------------------------------------------------------------------------------------
# generator
# --------------------------------------------------------------------------------------------
class Gen:
    def __init__(self, seed, n, profile, key=DEMO_KEY):
        self.seed, self.n, self.profile = seed, n, profile
        self.P = profile_params(profile)
        self.fp = FP(key)
        base = "gen16|%s|%d|%s" % (seed, n, profile)
        self.rng = random.Random(base + "|setup")
        self.srng = random.Random(base + "|sim")
        self.arng = random.Random(base + "|attack")
        y, m, d = (int(x) for x in self.P["date"].split("-"))
        self.epoch0 = calendar.timegm((y, m, d, 0, 0, 0, 0, 0, 0)) * 1000
        self.world = World(random.Random(base + "|world"))
        self.heap = []
        self.seq = 0
        self.now = 0
        self.events = []
        self.cum_hour = []
        acc = 0.0
        for w in HOUR_W:
            acc += w
            self.cum_hour.append(acc)
        self.drained = set()
        self.first_takeover = {}  # acct index -> campaign

    # ---------------- helpers
    def local_time(self, rng, tz, lo=0, hi=24):
        while True:
            h = rng.choices(range(24), cum_weights=self.cum_hour)[0]
            if lo <= h < hi:
                break
        local = h * 3600 + rng.random() * 3600
        return int(((local - tz * 3600) % 86400) * 1000)

    def typo(self, rng, pw):
        if len(pw) < 2:
            return pw + "1"
        k = rng.randrange(4)
        i = rng.randrange(len(pw) - 1)
        if k == 0:
            r = pw[:i] + pw[i + 1] + pw[i] + pw[i + 2:]
        elif k == 1:
            r = pw[:i] + pw[i + 1:]
        elif k == 2:
            r = pw.swapcase()
        else:
            r = pw[:i] + rng.choice("qwertyasdf0123") + pw[i:]
        return r if r != pw else pw + "."

    def typed(self, rng, email):
        r = rng.random()
        if r < 0.86:
            return email
        if r < 0.94:
            return email[:1].upper() + email[1:]
        if r < 0.98:
            return email + " "
        return " " + email.upper()

    # ---------------- passwords
    def make_passwords(self):
        rng = random.Random("gen16|passwords|%s" % self.seed)
        out = list(dict.fromkeys(TOP))
        seen = set(out)
        cands = []
        for w in WORDS:
            for s in SUFFIXES:
                for ww in (w, w.capitalize()):
                    cands.append(ww + s)
        for k in range(1000, 10000, 7):
            cands.append(str(k * 111 % 1000000).zfill(6))
        rng.shuffle(cands)
        for c in cands:
            if c not in seen:
                seen.add(c)
                out.append(c)
            if len(out) >= 3000:
                break
        self.passwords = out
        self.spray_pool = [p for p in out[:40] if len(p) >= 8][:12]

    def personal_pw(self, rng):
        r = rng.random()
        if r < 0.12:
            p = rng.choice(self.passwords[30:3000])
        elif r < 0.52:
            w = rng.choice(WORDS + LAST)
            w = w.capitalize() if rng.random() < 0.6 else w
            p = w + str(rng.randrange(1, 10 ** rng.randint(2, 4))) + rng.choice(["", "", "!", "#", "$", "?"])
        elif r < 0.76:
            ws = [rng.choice(WORDS) for _ in range(rng.randint(2, 3))]
            p = rng.choice(["-", "", ".", "_"]).join(ws) + rng.choice(["", str(rng.randrange(100))])
        else:
            al = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!@#%&*"
            p = "".join(rng.choice(al) for _ in range(rng.randint(12, 18)))
        while len(p) < 8:
            p += str(rng.randrange(10))
        return p

    def old_variant(self, rng, pw):
        r = rng.random()
        if r < 0.4:
            digits = "".join(c for c in pw if c.isdigit())
            base = pw.rstrip("0123456789!#$?.")
            if digits and base:
                return base + str(rng.randrange(1, 3000))
            return pw + str(rng.randrange(10))
        if r < 0.6:
            return pw[:-1] if len(pw) > 8 else pw + "1"
        return self.personal_pw(rng)

    # ---------------- population
    def make_email(self, rng, reg, used):
        while True:
            f, l = rng.choice(FIRST), rng.choice(LAST)
            pat = rng.randrange(6)
            if pat == 0:
                loc = "%s.%s" % (f, l)
            elif pat == 1:
                loc = "%s%s%d" % (f, l, rng.randrange(1, 100))
            elif pat == 2:
                loc = "%s%s" % (f[0], l)
            elif pat == 3:
                loc = "%s_%s%d" % (f, l, rng.randrange(60, 100))
            elif pat == 4:
                loc = "%s.%s%d" % (f, l[0], rng.randrange(1950, 2008))
            else:
                loc = "%s%d" % (f, rng.randrange(100, 10000))
            dom = rng.choices([d for d, _ in DOMAINS[reg]], [w for _, w in DOMAINS[reg]])[0]
            e = "%s@%s" % (loc, dom)
            if e not in used:
                used.add(e)
                return e

    def make_population(self):
        rng, W, P = self.rng, self.world, self.P
        self.used_emails = set()
        self.accts = []
        pn = sorted(P["personas"].items())
        hubs = {}
        for ap in W.airports:
            hubs.setdefault(ap["region"], []).append(ap)
        self.hubs = hubs
        for i in range(self.n):
            a = Acct(i)
            a.region = rng.choices([r for r, _ in REGION_W], [w for _, w in REGION_W])[0]
            a.tz = rng.choice(TZS[a.region])
            a.email = a.owner_email = self.make_email(rng, a.region, self.used_emails)
            a.persona = rng.choices([k for k, _ in pn], [w for _, w in pn])[0]
            a.tier = rng.choices(["basic", "silver", "gold", "platinum"], [70, 18, 9, 3])[0]
            r = rng.random()
            a.home4 = W.res4(rng, a.region)
            W.homes4.append(a.home4)
            a.home6 = W.res6_prefix(rng, a.region) if r < 0.35 else None
            a.iid = rng.getrandbits(64)
            a.carrier = rng.choice(W.carriers[a.region])
            nd = rng.choices([1, 2, 3], [35, 50, 15])[0]
            a.devices = [W.device(rng) for _ in range(nd)]
            if rng.random() < P["p_popular"]:
                a.pw = rng.choices(self.spray_pool, [1.0 / (k + 1) for k in range(len(self.spray_pool))])[0]
            else:
                a.pw = self.personal_pw(rng)
            a.owner_pw = a.pw
            if rng.random() < 0.55:
                a.old = [self.old_variant(rng, a.pw)]
                if rng.random() < 0.3:
                    a.old.append(self.personal_pw(rng))
                a.old = [o for o in a.old if o != a.pw]
            a.vuln = rng.random() < P["p_vuln"]
            a.stale = bool(a.old) and rng.random() < P["p_stale"] / 0.55
            ws = [(ap, ap["w"] ** P["hub_skew"]) for ap in hubs[a.region]]
            a.hub = rng.choices([x for x, _ in ws], [w for _, w in ws])[0]
            a.tags.add(a.persona)
            self.accts.append(a)
        # brute-force targets: platinum accounts, one with a dictionary password
        plats = [a for a in self.accts if a.tier == "platinum" and not a.vuln]
        self.brute_targets = plats[:P["brute_targets"]] if plats else []
        if self.brute_targets and P["brute_hit"]:
            t = self.brute_targets[0]
            t.pw = t.owner_pw = self.passwords[rng.randrange(60, 320)]
        # monitor account
        m = Acct(self.n)
        m.region, m.tz = "EU", 0
        m.email = m.owner_email = "synthetic-login-check@aurora-air.example"
        m.persona = "monitor"
        m.tier = "basic"
        m.pw = m.owner_pw = "Mon1tor-%d-Canary" % rng.randrange(10 ** 6)
        m.vuln = m.stale = False
        m.devices = []
        m.home4, m.home6, m.iid, m.carrier, m.hub = None, None, 0, None, None
        m.tags.add("monitor")
        self.monitor = m
        self.accts.append(m)
        self.login_map = {a.email: a for a in self.accts}

    def make_leak(self):
        rng, P = self.rng, self.P
        lines = []
        for a in self.accts[:self.n]:
            if a.vuln:
                lines.append((a.email, a.pw))
            if a.stale:
                lines.append((a.email, a.old[0]))
                if rng.random() < 0.2 and len(a.old) > 1:
                    lines.append((a.email, a.old[1]))
        n_non = int(self.n * 3.2)
        for _ in range(n_non):
            reg = rng.choices([r for r, _ in REGION_W], [w for _, w in REGION_W])[0]
            e = self.make_email(rng, reg, self.used_emails)
            pw = rng.choice(self.passwords[:800]) if rng.random() < 0.3 else self.personal_pw(rng)
            lines.append((e, pw))
            if rng.random() < 0.08:
                lines.append((e, self.old_variant(rng, pw)))
        # a few with colons in the password and some duplicates
        for _ in range(max(3, self.n // 500)):
            e = self.make_email(rng, "EU", self.used_emails)
            lines.append((e, "pass:%d:word" % rng.randrange(1000)))
        for _ in range(self.n // 100):
            lines.append(rng.choice(lines))
        rng.shuffle(lines)
        pairs = []
        for u, p in lines:
            if rng.random() < 0.07:
                u = u[:1].upper() + u[1:] if rng.random() < 0.6 else u.upper()
            pairs.append((u, p))
        self.combo_pairs = pairs
        self.leakset = set((norm(u), p) for u, p in pairs)
        text = []
        for k, (u, p) in enumerate(pairs):
            text.append("%s:%s" % (u, p))
            if k % 997 == 0:
                text.append("")
            if k % 4001 == 17:
                text.append("malformed-line-without-separator")
        self.combos_text = "\n".join(text) + "\n"

    # ---------------- simulation core
    def spawn(self, gen, actor):
        self._advance(gen, actor, None, True)

    def _advance(self, gen, actor, value, first=False):
        try:
            act = next(gen) if first else gen.send(value)
        except StopIteration:
            return
        t = act[1]
        if t < self.now:
            t = self.now
            act = (act[0], t) + tuple(act[2:])
        if t >= DAY:
            gen.close()
            return
        self.seq += 1
        heapq.heappush(self.heap, (t, self.seq, act, gen, actor))

    def run(self):
        while self.heap:
            t, seq, act, gen, actor = heapq.heappop(self.heap)
            self.now = t
            res = self.execute(act, actor)
            self._advance(gen, actor, res)

    def execute(self, act, actor):
        kind = act[0]
        if kind == "try":
            _, t, user, ip, ua, pw, server, camp = act
            a = self.login_map.get(norm(user))
            if pw is None:
                ok = a is not None
            else:
                ok = a is not None and a.pw == pw
            if server == "web":
                server = "web-a" if self.srng.random() < 0.55 else "web-b"
            leaked = pw is not None and (norm(user), pw) in self.leakset
            self.events.append((t, len(self.events), server, user, ip, ok, pw, ua, actor, camp, leaked,
                                a.i if a is not None else -1))
            if ok and actor == "attacker" and a.i not in self.first_takeover:
                self.first_takeover[a.i] = camp
            return ok
        if kind == "reset":  # owner resets password (e-mail link) or recovers via support
            _, t, a, newpw = act
            if a.hijacked:
                self.login_map.pop(a.email, None)
                a.email = a.owner_email
                self.login_map[a.email] = a
                a.hijacked = False
            a.pw = a.owner_pw = newpw
            return True
        if kind == "chpw":  # attacker changes password
            _, t, a, newpw = act
            a.pw = newpw
            return True
        if kind == "chmail":  # attacker changes the login e-mail
            _, t, a, newmail = act
            if a.email != a.owner_email or newmail in self.login_map:
                return False
            self.login_map.pop(a.email, None)
            a.email = newmail
            a.hijacked = True
            self.login_map[newmail] = a
            return True
        raise ValueError(kind)

    # ---------------- honest behaviour
    def h_login(self, a, t, ip, ua, server, camp, pre=(), know=True, typed=None):
        """One honest login: optional wrong passwords first, the believed password (with a typo
        now and then), and a reset when nothing works. Returns (ok, last time)."""
        rng, P = self.srng, self.P
        user = typed if typed is not None else self.typed(rng, a.owner_email)
        for w in pre:
            ok = yield ("try", t, user, ip, ua, w, server, camp)
            if ok:
                return True, t
            t += int(rng.uniform(4, 30) * SEC)
        tries = 2 if know else 0
        for k in range(tries):
            pw = a.owner_pw
            if k == 0 and rng.random() < P["p_typo"]:
                pw = self.typo(rng, pw)
            ok = yield ("try", t, user, ip, ua, pw, server, camp)
            if ok:
                return True, t
            t += int(rng.uniform(5, 40) * SEC)
        if rng.random() < 0.12:
            return False, t  # gives up for today
        if a.hijacked:
            t += int(rng.uniform(30, 240) * MIN)
        else:
            t += int(rng.uniform(1, 10) * MIN)
        newpw = self.personal_pw(rng)
        yield ("reset", t, a, newpw)
        a.tags.add("reset")
        t += int(rng.uniform(20, 120) * SEC)
        ok = yield ("try", t, a.owner_email if rng.random() < 0.9 else user, ip, ua, a.owner_pw, server, camp)
        return ok, t

    def pre_for(self, rng, a):
        if a.old and rng.random() < self.P["p_oldfirst"] * (4 if a.stale else 1):
            a.tags.add("old-pw-first")
            return [a.old[0]]
        return []

    def home_ip(self, rng, a):
        if a.home6 is not None and rng.random() < 0.7:
            if rng.random() < 0.3:
                a.iid = rng.getrandbits(64)
            return v6str(a.home6 | a.iid)
        return a.home4

    def mobile_ip(self, rng, carrier):
        if rng.random() < carrier["v6share"]:
            return v6str((carrier["v6"] << 96) | (rng.getrandbits(32) << 64) | rng.getrandbits(64))
        return rng.choice(carrier["pool"])

    def home_ctx(self, rng, a, dev=None):
        dev = dev or rng.choice(a.devices)
        if dev[0] == "desktop" or rng.random() < 0.55:
            return self.home_ip(rng, a), dev, "home"
        return self.mobile_ip(rng, a.carrier), dev, "mobile"

    def persona_gen(self, a):
        rng, W, P = self.srng, self.world, self.P
        p = a.persona
        nsess = rng.choices([1, 2, 3, 4], [45, 32, 15, 8])[0]
        times = sorted(self.local_time(rng, a.tz) for _ in range(nsess))
        last = 0
        phish_i = rng.randrange(nsess) if a.phish else -1
        for si, t in enumerate(times):
            t = max(t, last + 2 * MIN)
            if p == "passwordless" and rng.random() < 0.85:
                dev = ("phone", rng.choice(W.app), "app")
                ip = self.home_ip(rng, a) if rng.random() < 0.5 else self.mobile_ip(rng, a.carrier)
                yield ("try", t, a.owner_email, ip, dev[1], None, "app", "passkey")
                last = t
                continue
            if p == "mobile":
                dev = self.phone(rng, a)
                ip, camp = self.mobile_ip(rng, a.carrier), "mobile"
            elif p == "vpn" and rng.random() < 0.6:
                dev = rng.choice(a.devices)
                ip, camp = rng.choice(W.vpn), "vpn-user"
            else:
                ip, dev, camp = self.home_ctx(rng, a)
            know = True
            pre = self.pre_for(rng, a)
            if p == "forgetful" and si == 0:
                pre = [self.old_variant(rng, a.pw) for _ in range(rng.randint(1, 3))]
                if a.old:
                    pre[0] = a.old[0]
                know = False
                camp = "forgot-password"
            ok, last = yield from self.h_login(a, t, ip, dev[1], dev[2], camp, pre=pre, know=know)
            if ok and si == phish_i:
                self.spawn(self.aitm_gen(a, last, dev[1], ip), "attacker")

    def family_gen(self, a):
        rng, W = self.srng, self.world
        nm = rng.randint(2, 4)
        homes = [a.home4] + [W.res4(rng, a.region) for _ in range(rng.randint(1, 2))]
        sess = []
        for m in range(nm):
            home = homes[m % len(homes)]
            dev = W.device(rng)
            for _ in range(rng.randint(1, 2)):
                sess.append((self.local_time(rng, a.tz), m, home, dev))
        sess.sort(key=lambda x: (x[0], x[1]))
        last = 0
        for t, m, home, dev in sess:
            t = max(t, last + MIN)
            ip = home if (dev[0] == "desktop" or rng.random() < 0.6) else self.mobile_ip(rng, a.carrier)
            pre = []
            if m > 0 and a.old and rng.random() < 0.15:
                pre = [a.old[0]]
            elif m == 0:
                pre = self.pre_for(rng, a)
            ok, last = yield from self.h_login(a, t, ip, dev[1], dev[2], "family", pre=pre)

    def phone(self, rng, a):
        ph = [d for d in a.devices if d[0] == "phone"]
        return ph[0] if ph else self.world.device(rng, "phone")

    def flyer_gen(self, a, flight):
        rng, W = self.srng, self.world
        dep, arr = flight["dep"], flight["arr"]
        steps = []
        if rng.random() < 0.45:
            steps.append((dep - int(rng.uniform(120, 300) * MIN), "home"))
        if rng.random() < 0.75:
            steps.append((dep - int(rng.uniform(25, 140) * MIN), "airport"))
        if flight["wifi"] and rng.random() < 0.7:
            if rng.random() < 0.75:
                tt = dep + int((14 + rng.expovariate(1 / 9.0)) * MIN)
            else:
                tt = dep + int(rng.uniform(0.2, 0.95) * (arr - dep))
            steps.append((min(tt, arr - 10 * MIN), "flight"))
        if rng.random() < 0.35:
            steps.append((arr + int(rng.uniform(5, 45) * MIN), "arrival"))
        if flight["dst"]["region"] != a.region and rng.random() < 0.5 or rng.random() < 0.2:
            steps.append((arr + int(rng.uniform(60, 360) * MIN), "hotel"))
        last = 0
        for t, kind in steps:
            if t < 0:
                continue
            t = max(t, last + MIN)
            dev = self.phone(rng, a)
            if kind == "home":
                ip, dev, camp = self.home_ctx(rng, a)
            elif kind == "airport":
                if rng.random() < 0.75:
                    ip, camp = self.airport_ip(rng, flight["src"]), "airport-wifi"
                else:
                    ip, camp = self.mobile_ip(rng, a.carrier), "mobile"
                    if flight["src"]["region"] != a.region:
                        camp = "roaming"
            elif kind == "flight":
                ip, camp = flight["gw"], "inflight-wifi"
                if rng.random() < 0.3:
                    dev = rng.choice(a.devices)
            elif kind == "arrival":
                if rng.random() < 0.5:
                    ip, camp = self.airport_ip(rng, flight["dst"]), "airport-wifi"
                else:  # roaming: exits via home carrier gateway
                    ip = self.mobile_ip(rng, a.carrier)
                    camp = "roaming" if flight["dst"]["region"] != a.region else "mobile"
            else:
                ip, camp = rng.choice(flight["hotel"]), "hotel-wifi"
                if rng.random() < 0.4:
                    dev = rng.choice(a.devices)
            ok, last = yield from self.h_login(a, t, ip, dev[1], dev[2], camp, pre=self.pre_for(rng, a))

    def airport_ip(self, rng, ap):
        ips = ap["ips"]
        return rng.choices(ips, [6] + [2] * (len(ips) - 1))[0]

    def abroad_gen(self, a):
        rng, W = self.srng, self.world
        dst = rng.choice([ap for ap in W.airports if ap["code"] != a.hub["code"]])
        hotel = rng.choice(dst["hotels"])
        n = rng.randint(1, 3)
        times = sorted(self.local_time(rng, dst["tz"]) for _ in range(n))
        last = 0
        for t in times:
            t = max(t, last + MIN)
            if rng.random() < 0.6:
                ip, camp = rng.choice(hotel), "hotel-wifi"
                dev = rng.choice(a.devices)
            else:
                ip, camp = self.mobile_ip(rng, a.carrier), "roaming"
                dev = self.phone(rng, a)
            ok, last = yield from self.h_login(a, t, ip, dev[1], dev[2], camp, pre=self.pre_for(rng, a))

    def make_flights(self, flyers):
        rng, W, P = self.rng, self.world, self.P
        flights = []
        # group flyers by home region; each flight departs from a hub in that region
        by_reg = {}
        for a in flyers:
            by_reg.setdefault(a.region, []).append(a)
        for reg in sorted(by_reg):
            lst = by_reg[reg]
            k = 0
            while k < len(lst):
                size = rng.randint(*P["flight_pax"])
                grp = lst[k:k + size]
                k += size
                src = rng.choices(self.hubs[reg], [ap["w"] ** P["hub_skew"] for ap in self.hubs[reg]])[0]
                if rng.random() < 0.55:
                    dsts = [ap for ap in self.hubs[reg] if ap is not src]
                    dur = rng.uniform(1.2, 4.5)
                else:
                    dsts = [ap for ap in W.airports if ap["region"] != reg]
                    dur = rng.uniform(6, 14)
                dst = rng.choice(dsts)
                local_dep = rng.uniform(6, 22)
                dep = int(((local_dep - src["tz"]) % 24) * HOUR)
                if dep > 21 * HOUR:
                    dep -= int(rng.uniform(3, 12) * HOUR)
                arr = dep + int(dur * HOUR)
                f, b = rng.choice(SAT16)
                fl = dict(src=src, dst=dst, dep=dep, arr=arr, wifi=rng.random() < 0.75,
                          gw="%d.%d.%d.%d" % (f, b, rng.randrange(256), rng.randrange(1, 255)),
                          hotel=rng.choice(dst["hotels"]))
                flights.append(fl)
                for a in grp:
                    a.tags.add("flight-%s-%s" % (src["code"], dst["code"]))
                    self.spawn(self.flyer_gen(a, fl), "honest")
        self.flights = flights

    def desk_gen(self, office_ips, uas, clients, tz, name):
        rng = self.srng
        start = int(((8.5 + rng.uniform(-0.5, 1) - tz) % 24) * HOUR)
        t = start
        visits = []
        for c in clients:
            for _ in range(rng.choices([1, 2, 3], [60, 30, 10])[0]):
                visits.append(c)
        rng.shuffle(visits)
        ua = rng.choice(uas)
        for c in visits:
            t += int(rng.uniform(1, 9) * MIN)
            if (t - start) > 10 * HOUR:
                break
            if rng.random() < 0.2:
                ua = rng.choice(uas)
            ip = rng.choice(office_ips)
            pw = c.desk_pw
            if rng.random() < 0.04:
                pw = self.typo(rng, pw)
            user = c.owner_email if rng.random() < 0.9 else c.owner_email.upper()
            ok = yield ("try", t, user, ip, ua, pw, "web", "travel-desk")
            if not ok:
                t += int(rng.uniform(10, 40) * SEC)
                ok = yield ("try", t, user, ip, ua, c.desk_pw, "web", "travel-desk")

    def tracker_gen(self, a, ips, ua):
        rng = self.srng
        polls = rng.randint(3, 6)
        period = DAY // polls
        t = rng.randrange(period)
        for _ in range(polls):
            yield ("try", t, a.owner_email, rng.choice(ips), ua, a.tracker_pw, "partner", "price-tracker")
            t += period + int(rng.uniform(-6, 6) * MIN)

    def monitor_gen(self, ips):
        rng = self.srng
        t = rng.randrange(60 * SEC)
        k = 0
        while t < DAY:
            yield ("try", t, self.monitor.email, ips[k % len(ips)],
                   "AuroraSynthetics/2.1 (login-probe; +https://status.aurora-air.example)",
                   self.monitor.pw, "web", "uptime-monitor")
            k += 1
            t += 300 * SEC + int(rng.uniform(-4, 4) * SEC)

    def typo_user_gen(self, a):
        rng = self.srng
        t = self.local_time(rng, a.tz)
        loc, dom = a.owner_email.split("@", 1)
        i = rng.randrange(len(loc))
        bad = loc[:i] + loc[i + 1:] + "@" + dom if len(loc) > 3 else "x" + a.owner_email
        if bad in self.login_map:
            return
        dev = rng.choice(a.devices)
        ip = self.home_ip(rng, a)
        yield ("try", t, bad, ip, dev[1], a.owner_pw, dev[2], "username-typo")
        t += int(rng.uniform(8, 40) * SEC)
        ok, t = yield from self.h_login(a, t, ip, dev[1], dev[2], "username-typo")

    def honest(self):
        rng, W, P = self.rng, self.world, self.P
        customers = self.accts[:self.n]
        flyers = []
        for a in customers:
            if a.persona == "inactive":
                continue
            if a.persona == "flyer":
                flyers.append(a)
            elif a.persona == "abroad":
                self.spawn(self.abroad_gen(a), "honest")
            elif a.persona == "family":
                self.spawn(self.family_gen(a), "honest")
            else:
                self.spawn(self.persona_gen(a), "honest")
            if rng.random() < 0.004:
                self.spawn(self.typo_user_gen(a), "honest")
        self.make_flights(flyers)
        # travel desks / agencies
        nd = max(1, round(P["desks_per_5k"] * self.n / 5000))
        pool = [a for a in customers if a.tier in ("gold", "platinum", "silver") or rng.random() < 0.1]
        for d in range(nd):
            reg = rng.choice(["EU", "AM", "AS"])
            f, b = rng.choice(W.biz16[reg])
            c3 = rng.randrange(256)
            office = ["%d.%d.%d.%d" % (f, b, c3, rng.randrange(1, 255)) for _ in range(rng.choice([1, 1, 2]))]
            uas = [W.device(rng, "desktop")[1] for _ in range(rng.randint(2, 5))]
            k = min(len(pool), rng.randint(*P["desk_clients"]))
            clients = rng.sample(pool, k)
            for c in clients:
                c.desk_pw = c.pw if rng.random() > 0.05 else (c.old[0] if c.old else self.typo(rng, c.pw))
                c.tags.add("desk-client")
            self.spawn(self.desk_gen(office, uas, clients, TZS[reg][2], "desk%d" % d), "honest")
        # price-tracking partner
        ips = [W.hosting4(rng) for _ in range(rng.randint(2, 3))]
        ua = "MileTrackr-Sync/3.4 (+https://miletrackr.example/bot)"
        for a in customers:
            if rng.random() < P["tracker_share"]:
                a.tracker_pw = a.pw
                if rng.random() < P["tracker_stale"]:
                    a.tracker_pw = a.old[0] if a.old else self.old_variant(rng, a.pw)
                a.tags.add("price-tracker")
                self.spawn(self.tracker_gen(a, ips, ua), "honest")
        self.tracker_ips = ips
        mips = [W.hosting4(rng) for _ in range(3)]
        self.spawn(self.monitor_gen(mips), "honest")

    # ---------------- attacks
    def proxy_exit(self, rng, reg=None):
        W = self.world
        reg = reg or rng.choices([r for r, _ in REGION_W], [w for _, w in REGION_W])[0]
        r = rng.random()
        if r < 0.10:
            return rng.choice(W.homes4)
        if r < 0.22:
            return rng.choice(rng.choice(W.carriers[reg])["pool"])
        if r < 0.26:
            ap = rng.choice(W.airports)
            return rng.choice(ap["ips"] + rng.choice(ap["hotels"]))
        if r < 0.36:
            return v6str(W.res6_prefix(rng, reg) | rng.getrandbits(64))
        return W.res4(rng, reg)

    def browser_ua(self, rng):
        if rng.random() < 0.25:
            return rng.choice(self.world.app)
        return rng.choice(self.world.browser)[1]

    def ua_server(self, ua):
        return "app" if ua.startswith(APP) else "web"

    def scripted(self, plan, camp, drain=True):
        for (t, user, ip, ua, pw, server) in plan:
            ok = yield ("try", t, user, ip, ua, pw, server, camp)
            if ok and drain:
                self.maybe_drain(user, pw, t)

    def maybe_drain(self, user, pw, t, p=None):
        rng = self.arng
        a = self.login_map.get(norm(user))
        if a is None or a.i in self.drained:
            return
        p = self.P["drain_p"] if p is None else p
        if rng.random() < p:
            self.drained.add(a.i)
            self.spawn(self.drain_gen(a, user, pw, t), "attacker")

    def drain_gen(self, a, user, pw, t0):
        rng, W, P = self.arng, self.world, self.P
        t = t0 + int(min(rng.lognormvariate(4.0, 1.1), 600) * MIN)
        visits = rng.randint(1, 4)
        for v in range(visits):
            kind = rng.choices(["resproxy", "vpn", "hosting"], [55, 25, 20])[0]
            if kind == "resproxy":
                ip = self.proxy_exit(rng, a.region)
            elif kind == "vpn":
                ip = rng.choice(W.vpn)
            else:
                ip = W.hosting4(rng)
            ua = rng.choice(a.devices)[1] if (a.devices and rng.random() < 0.3) else self.browser_ua(rng)
            ok = yield ("try", t, user, ip, ua, pw, self.ua_server(ua), "drain")
            if not ok:
                t += int(rng.uniform(5, 60) * SEC)
                ok = yield ("try", t, user, ip, ua, pw, self.ua_server(ua), "drain")
                if not ok:
                    return
            a.tags.add("drained")
            t += int(rng.uniform(2, 15) * MIN)
            r = rng.random()
            if r < P["drain_chpw"]:
                pw = self.personal_pw(rng)
                yield ("chpw", t, a, pw)
                a.tags.add("pw-changed-by-attacker")
            elif r < P["drain_chpw"] + P["drain_chmail"]:
                newmail = self.make_email(rng, rng.choice(["EU", "AM", "AS"]), self.used_emails)
                done = yield ("chmail", t, a, newmail)
                if done:
                    a.tags.add("email-changed-by-attacker")
                    user = newmail
                    if rng.random() < 0.65:
                        return
            t += int(rng.uniform(10, 300) * MIN)

    def aitm_gen(self, a, t, ua, victim_ip):
        rng, W = self.arng, self.world
        t += int(rng.choice([rng.uniform(2, 30), rng.uniform(30, 400)]) * SEC)
        ip = W.hosting4(rng) if rng.random() < 0.6 else rng.choice(W.vpn)
        ua2 = ua if rng.random() < 0.7 else BOT_UA[-1]
        user = a.owner_email
        ok = yield ("try", t, user, ip, ua2, a.owner_pw, self.ua_server(ua2), "phish-aitm")
        if ok:
            self.maybe_drain(user, a.owner_pw, t, p=min(1.0, self.P["drain_p"] + 0.2))

    def attacks(self):
        rng, W, P, N = self.arng, self.world, self.P, self.n
        pairs = self.combo_pairs
        self.campaign_info = {}

        def sample_pairs(k):
            k = min(k, len(pairs))
            return [pairs[i] for i in sorted(rng.sample(range(len(pairs)), k))]

        # 1. fast stuffing from hosting ranges
        total = int(P["stuff_hosting"] * N)
        if total:
            bursts = rng.randint(1, 3)
            for bi in range(bursts):
                chunk = sample_pairs(total // bursts)
                t0 = int(rng.uniform(0, 21) * HOUR)
                nips = rng.randint(3, 10)
                ips = [W.hosting4(rng) for _ in range(nips)]
                uas = [rng.choice(BOT_UA) for _ in ips]
                per = [[] for _ in ips]
                for j, pr in enumerate(chunk):
                    per[j % nips].append(pr)
                plan = []
                for ip, ua, lst in zip(ips, uas, per):
                    t = t0 + int(rng.uniform(0, 5) * MIN)
                    gap = rng.uniform(0.25, 2.0)
                    for u, p in lst:
                        t += int(gap * SEC * rng.uniform(0.5, 1.5))
                        plan.append((t, u, ip, ua if rng.random() > 0.08 else None, p,
                                     "app" if ua.startswith("okhttp") else "web"))
                plan.sort(key=lambda x: x[0])
                self.spawn(self.scripted(plan, "stuff-hosting"), "attacker")

        # 2. distributed stuffing through residential proxies
        total = int(P["stuff_resproxy"] * N)
        if total:
            chunk = sample_pairs(total)
            t0 = int(rng.uniform(0, 12) * HOUR)
            width = int(rng.uniform(4, 11) * HOUR)
            fixed_ua = rng.choice(self.world.browser)[1]
            plan = []
            j = 0
            while j < len(chunk):
                k = rng.choices([1, 2, 3, 4], [40, 30, 20, 10])[0]
                ip = self.proxy_exit(rng)
                ua = fixed_ua if rng.random() < 0.4 else self.browser_ua(rng)
                t = t0 + rng.randrange(width)
                for u, p in chunk[j:j + k]:
                    plan.append((t, u, ip, ua, p, self.ua_server(ua)))
                    t += int(rng.uniform(1, 25) * SEC)
                j += k
            plan.sort(key=lambda x: x[0])
            self.spawn(self.scripted(plan, "stuff-resproxy"), "attacker")

        # 3. low-and-slow stuffing: human pacing, copied browser agents, all day
        total = int(P["stuff_slow"] * N)
        if total:
            chunk = sample_pairs(total)
            plan = []
            j = 0
            while j < len(chunk):
                k = rng.choices([1, 2], [70, 30])[0]
                ip = self.proxy_exit(rng)
                dev = rng.choice(self.accts[rng.randrange(N)].devices)
                t = rng.randrange(DAY - HOUR)
                for u, p in chunk[j:j + k]:
                    plan.append((t, u, ip, dev[1], p, dev[2]))
                    t += int(rng.uniform(15, 120) * SEC)
                j += k
            plan.sort(key=lambda x: x[0])
            self.spawn(self.scripted(plan, "stuff-slow"), "attacker")

        # 4. IPv6 hosting: a fresh address per attempt inside one /64 or /48
        total = int(P["stuff_ipv6"] * N)
        if total:
            for ai, plen in enumerate((64, 48)):
                chunk = sample_pairs(total // 2)
                p32 = rng.choice(HOST6)
                if plen == 64:
                    pref = (p32 << 96) | (rng.getrandbits(32) << 64)
                    hostbits = 64
                else:
                    pref = (p32 << 96) | (rng.getrandbits(16) << 80)
                    hostbits = 80
                ua = rng.choice(BOT_UA[:8])
                t = int(rng.uniform(0, 22) * HOUR)
                plan = []
                for u, p in chunk:
                    t += int(rng.uniform(0.4, 3.0) * SEC)
                    plan.append((t, u, v6str(pref | rng.getrandbits(hostbits)), ua, p, "web"))
                self.spawn(self.scripted(plan, "stuff-ipv6"), "attacker")

        # 5. password spraying: few popular passwords, one attempt per exit, all day
        k = int(P["spray_targets"] * N)
        if k:
            customers = self.accts[:N]
            targets = [a.owner_email for a in rng.sample(customers, min(k, N))]
            targets += [self.make_email(rng, "EU", self.used_emails) for _ in range(k // 10)]
            pwds = self.spray_pool[:P["spray_pwds"]]
            plan = []
            rw = DAY // len(pwds)
            for r, pw in enumerate(pwds):
                for u in targets:
                    t = r * rw + rng.randrange(rw)
                    ua = self.browser_ua(rng)
                    plan.append((t, u, self.proxy_exit(rng), ua, pw, self.ua_server(ua)))
            plan.sort(key=lambda x: x[0])
            self.spawn(self.scripted(plan, "spray"), "attacker")

        # 6. brute force on a few high-value accounts
        for a in self.brute_targets:
            a.tags.add("high-value")
            ips = [W.hosting4(rng) if rng.random() < 0.5 else rng.choice(W.vpn) for _ in range(rng.randint(1, 3))]
            ua = rng.choice(BOT_UA + [self.browser_ua(rng)])
            t = int(rng.uniform(0, 20) * HOUR)
            limit = rng.randint(350, 900)
            plan = []
            for i, pw in enumerate(self.passwords[:limit]):
                t += int(rng.uniform(1.5, 7) * SEC)
                plan.append((t, a.owner_email, ips[(i // 50) % len(ips)], ua, pw, "web"))
            self.spawn(self.brute_gen(plan), "attacker")

        # 7. infostealer logs: correct pairs not in the leak, victim's own UA, proxy near the victim
        n_is = max(1, round(P["infostealer"] * N))
        cand = [a for a in self.accts[:N] if not a.vuln and (norm(a.email), a.pw) not in self.leakset]
        for a in rng.sample(cand, min(n_is, len(cand))):
            a.tags.add("infostealer-victim")
            self.spawn(self.stealer_gen(a), "attacker")


    def pick_phish(self):
        # phishing (adversary in the middle): flag victims; their session spawns the relay
        rng = self.arng
        n_ph = max(1, round(self.P["phish"] * self.n))
        cand = [a for a in self.accts[:self.n] if a.persona in ("home", "mobile", "vpn")]
        for a in rng.sample(cand, min(n_ph, len(cand))):
            a.phish = True
            a.tags.add("phish-victim")

    def brute_gen(self, plan):
        for (t, user, ip, ua, pw, server) in plan:
            ok = yield ("try", t, user, ip, ua, pw, server, "brute")
            if ok:
                self.maybe_drain(user, pw, t, p=0.9)
                return

    def stealer_gen(self, a):
        rng, W = self.arng, self.world
        t = rng.randrange(DAY - 2 * HOUR)
        r = rng.random()
        if r < 0.5 and a.home4:
            f, b = a.home4.split(".")[:2]
            ip = "%s.%s.%d.%d" % (f, b, rng.randrange(256), rng.randrange(1, 255))
        elif r < 0.8:
            ip = rng.choice(a.carrier["pool"])
        else:
            ip = W.res4(rng, a.region)
        dev = rng.choice(a.devices)
        pw = a.pw if rng.random() < 0.9 else self.old_variant(rng, a.pw)
        ok = yield ("try", t, a.email, ip, dev[1], pw, dev[2], "infostealer")
        if ok:
            self.maybe_drain(a.email, pw, t)

    # ---------------- output
    def fmt_ts(self, server, t):
        ms = self.epoch0 + t
        if server == "app":
            return ms
        s, frac = divmod(ms, 1000)
        if server == "web-a":
            return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(s)) + ".%03dZ" % frac
        if server == "web-b":
            return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(s + 3600)) + ".%03d+01:00" % frac
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(s - 5 * 3600)) + "-05:00"

    def build(self):
        self.make_passwords()
        self.make_population()
        self.make_leak()
        self.pick_phish()
        self.honest()
        self.attacks()
        self.run()

    def write(self, out):
        os.makedirs(out, exist_ok=True)
        fp = self.fp
        evs = sorted(self.events, key=lambda e: (SERVERS.index(e[2]), e[0], e[1]))
        lines, labels = [], ["line,actor,campaign"]
        users = {}
        stats = {}
        truth = set()
        exposed = set()
        for ln, e in enumerate(evs, 1):
            t, _, server, user, ip, ok, pw, ua, actor, camp, leaked, ai = e
            ts = self.fmt_ts(server, t)
            if server == "web-a":
                d = {"ts": ts, "user": user, "ip": ip, "ok": ok}
                if pw is not None:
                    d["cred"] = fp.cred(user, pw)
                    d["pw"] = fp.pw(pw)
                if ua is not None:
                    d["ua"] = ua
                s = json.dumps(d, ensure_ascii=False, separators=(",", ":"))
            elif server == "web-b":
                d = {"ip": ip, "ts": ts, "user": user}
                if ua is not None:
                    d["ua"] = ua
                d["ok"] = ok
                if pw is not None:
                    d["pw"] = fp.pw(pw)
                    d["cred"] = fp.cred(user, pw)
                s = json.dumps(d, ensure_ascii=True)
            else:
                d = {"ts": ts, "user": user, "ip": ip, "ok": ok}
                if pw is not None:
                    d["cred"] = fp.cred(user, pw)
                    d["pw"] = fp.pw(pw)
                if ua is not None:
                    d["ua"] = ua
                if server == "partner":
                    d["client"] = "partner:miletrackr"
                s = json.dumps(d, ensure_ascii=False, separators=(",", ":"))
            lines.append(s)
            labels.append("%d,%s,%s" % (ln, actor, camp))
            nu = norm(user)
            u = users.setdefault(nu, {"tags": set(), "acct": ai})
            u["tags"].add(camp)
            if ai >= 0:
                u["acct"] = ai
            if actor == "attacker" and ok:
                truth.add(nu)
            if actor == "honest" and ok and leaked:
                exposed.add(nu)
            st = stats.setdefault(camp, {"actor": actor, "lines": 0, "ok": 0, "users": set(), "ips": set()})
            st["lines"] += 1
            st["ok"] += ok
            st["users"].add(nu)
            st["ips"].add(ip)
        attacked = set(norm(e[3]) for e in evs if e[8] == "attacker")
        lab = ["user,label,scenario"]
        counts = {"compromised": 0, "exposed": 0, "targeted": 0, "benign": 0}
        for nu in bsort(users):
            u = users[nu]
            if nu in truth:
                label = "compromised"
            elif nu in exposed:
                label = "exposed"
            elif nu in attacked:
                label = "targeted"
            else:
                label = "benign"
            counts[label] += 1
            tags = set(u["tags"])
            if u["acct"] >= 0:
                tags |= self.accts[u["acct"]].tags
                if nu != self.accts[u["acct"]].owner_email:
                    tags.add("attacker-set-email")
            else:
                tags.add("nonexistent")
            tags = sorted(x for x in tags if not x.startswith("flight-")) + \
                sorted(x for x in tags if x.startswith("flight-"))[:1]
            lab.append("%s,%s,%s" % (nu, label, "+".join(tags)))
        truth_l = bsort(truth)
        with open(os.path.join(out, "events.jsonl"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")
        with open(os.path.join(out, "event_labels.csv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(labels) + "\n")
        with open(os.path.join(out, "labels.csv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lab) + "\n")
        with open(os.path.join(out, "truth.csv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(["user"] + truth_l) + "\n")
        with open(os.path.join(out, "combos.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write(self.combos_text)
        with open(os.path.join(out, "passwords.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(self.passwords) + "\n")
        active = set(e[11] for e in evs if e[8] == "honest" and e[11] >= 0 and e[11] < self.n)
        taken = set(e[11] for e in evs if e[8] == "attacker" and e[5])
        first = {}
        for ai, camp in sorted(self.first_takeover.items()):
            first[camp] = first.get(camp, 0) + 1
        per_server = {}
        for e in evs:
            per_server[e[2]] = per_server.get(e[2], 0) + 1
        meta = {
            "generator": "gen16",
            "seed": str(self.seed), "profile": self.profile, "accounts": self.n,
            "day": self.P["date"], "key": "demo" if self.fp.key == DEMO_KEY.encode() else "custom",
            "lines": len(lines), "lines_per_server": per_server,
            "server_order_in_events": SERVERS,
            "timestamp_formats": {"web-a": "RFC3339 Z ms", "web-b": "RFC3339 +01:00 ms",
                                  "app": "epoch ms", "partner": "RFC3339 -05:00 s"},
            "combos_pairs": len(self.combo_pairs), "passwords": len(self.passwords),
            "active_accounts": len(active), "compromised_accounts": len(taken),
            "truth_users": len(truth_l),
            "takeover_rate_of_active": round(len(taken) / max(1, len(active)), 4),
            "labels": counts,
            "takeovers_by_first_campaign": dict(sorted(first.items())),
            "flights": len(self.flights),
            "campaigns": {c: {"actor": s["actor"], "lines": s["lines"], "ok": s["ok"],
                              "users": len(s["users"]), "ips": len(s["ips"])}
                          for c, s in sorted(stats.items())},
        }
        with open(os.path.join(out, "meta.json"), "w", encoding="utf-8", newline="\n") as f:
            f.write(json.dumps(meta, indent=2, sort_keys=True) + "\n")
        return meta


def generate(seed, n, profile, out, key=DEMO_KEY):
    g = Gen(seed, n, profile, key)
    g.build()
    return g.write(out)


# --------------------------------------------------------------------------------------------
# self test
# --------------------------------------------------------------------------------------------
VECTORS = [
    ("credsieve-demo-key", "alice@example.com", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    ("credsieve-demo-key", "  Alice@Example.COM ", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    ("credsieve-demo-key", "bob", "correct horse battery staple", "b3c4edfb71b95783", "379b91546fb38da0"),
    ("credsieve-demo-key", "Ünïcode@例え.jp", "pässwörd:with:colons", "b00485ee34fad31d", "acadac23153ab923"),
    ("s3cr3t-pepper", "alice@example.com", "hunter2", "57cab7f6c60a4041", "a82468d22c5531ab"),
    ("s3cr3t-pepper", "bob", "correct horse battery staple", "f4be313772448b6f", "6e7632ab9a186ca4"),
]
FILES = ["events.jsonl", "combos.txt", "passwords.txt", "truth.csv", "labels.csv", "event_labels.csv",
         "meta.json"]


def check_set(d):
    """Consistency of one generated set; returns a list of problems."""
    probs = []
    hexd = set("0123456789abcdef")
    with open(os.path.join(d, "events.jsonl"), encoding="utf-8") as f:
        ev = [json.loads(l) for l in f.read().splitlines()]
    with open(os.path.join(d, "event_labels.csv"), encoding="utf-8") as f:
        el = list(csv.reader(f))
    if el[0] != ["line", "actor", "campaign"] or len(el) - 1 != len(ev):
        probs.append("event_labels does not cover every line")
    truth_calc, users = set(), set()
    for i, (e, lab) in enumerate(zip(ev, el[1:]), 1):
        if int(lab[0]) != i or lab[1] not in ("honest", "attacker") or not lab[2]:
            probs.append("bad label line %d" % i)
            break
        try:
            ipaddress.ip_address(e["ip"])
        except ValueError:
            probs.append("bad ip line %d" % i)
            break
        if not isinstance(e["ok"], bool) or not e["user"].strip():
            probs.append("bad ok/user line %d" % i)
            break
        for k in ("cred", "pw"):
            if k in e and (len(e[k]) != 16 or set(e[k]) - hexd):
                probs.append("bad %s line %d" % (k, i))
        ts = e["ts"]
        if not isinstance(ts, int) and not (isinstance(ts, str) and ts[10] == "T"):
            probs.append("bad ts line %d" % i)
        users.add(norm(e["user"]))
        if lab[1] == "attacker" and e["ok"]:
            truth_calc.add(norm(e["user"]))
    with open(os.path.join(d, "truth.csv"), encoding="utf-8") as f:
        tr = f.read().splitlines()
    if tr[0] != "user" or tr[1:] != bsort(truth_calc):
        probs.append("truth.csv differs from attacker ok=true accounts")
    with open(os.path.join(d, "labels.csv"), encoding="utf-8") as f:
        lb = list(csv.reader(f))
    lu = {r[0]: r[1] for r in lb[1:]}
    if set(lu) != users:
        probs.append("labels.csv does not cover exactly the event users")
    if set(u for u, l in lu.items() if l == "compromised") != truth_calc:
        probs.append("labels compromised != truth")
    return probs


def selftest():
    ok = True
    for key, user, pw, c, p in VECTORS:
        f = FP(key)
        if f.cred(user, pw) != c or f.pw(pw) != p:
            print("FAIL vector", key, repr(user), f.cred(user, pw), f.pw(pw))
            ok = False
    print("test vectors: %s" % ("ok" if ok else "FAILED"))
    here = os.path.abspath(__file__)
    with tempfile.TemporaryDirectory() as tmp:
        for prof in sorted(PROFILES):
            a, b = os.path.join(tmp, prof + "-a"), os.path.join(tmp, prof + "-b")
            t0 = time.time()
            meta = generate("selftest", 1200, prof, a)
            dt = time.time() - t0
            env = dict(os.environ, PYTHONHASHSEED="12345")
            subprocess.run([sys.executable, here, "--seed", "selftest", "--accounts", "1200",
                            "--profile", prof, "--out", b], check=True, env=env,
                           stdout=subprocess.DEVNULL)
            same = all(open(os.path.join(a, fn), "rb").read() == open(os.path.join(b, fn), "rb").read()
                       for fn in FILES)
            probs = check_set(a)
            status = "ok" if same and not probs else "FAILED"
            if not same:
                probs.append("not deterministic across runs / PYTHONHASHSEED")
            ok = ok and status == "ok"
            print("profile %-10s %s  lines=%d takeovers=%d active=%d rate=%.3f (%.2fs) %s" % (
                prof, status, meta["lines"], meta["compromised_accounts"], meta["active_accounts"],
                meta["takeover_rate_of_active"], dt, "; ".join(probs)))
    print("selftest: %s" % ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


def main(argv=None):
    ap = argparse.ArgumentParser(description="gen16: airline loyalty login-log generator")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--accounts", type=int, default=5000)
    ap.add_argument("--profile", default="mixed", choices=sorted(PROFILES))
    ap.add_argument("--out")
    ap.add_argument("--key", default=DEMO_KEY)
    ap.add_argument("--selftest", action="store_true")
    args = ap.parse_args(argv)
    if args.selftest:
        return selftest()
    if not args.out:
        ap.error("--out is required")
    if args.accounts < 50:
        ap.error("--accounts must be at least 50")
    meta = generate(args.seed, args.accounts, args.profile, args.out, args.key)
    print(json.dumps({k: meta[k] for k in ("profile", "accounts", "lines", "active_accounts",
                                           "compromised_accounts", "takeover_rate_of_active")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
