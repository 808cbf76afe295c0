#!/usr/bin/env python3
"""gen4: an independent synthetic login-log generator for credential-stuffing detection.

One simulated 24-hour day of a consumer service's login log, with honest users (including the
hard cases: CGNAT, IPv6 privacy addresses, corporate proxies, universities, public wifi, VPNs,
travellers, families, leaked-but-current passwords, typos, stale apps, QA automation) and attack
campaigns (concentrated and distributed stuffing, spraying, brute force, account checkers,
post-takeover sessions, blending attackers).

Only the interface contract (event format, fingerprints, leak formats) is shared with the
detector; the world model here is this file's own.

Python 3 standard library only.  See README.md next to this file.
"""

import argparse
import bisect
import datetime
import hashlib
import hmac
import heapq
import ipaddress
import itertools
import json
import os
import random
import shutil
import sys
import tempfile
import time

VERSION = "gen4/1"
DEMO_KEY = b"credsieve-demo-key"
SEC = 1000
MIN = 60 * SEC
HOUR = 60 * MIN
DAY = 24 * HOUR
DEFAULT_DATE = "2026-11-20"


# --------------------------------------------------------------------------------------------
# fingerprints (SPEC section 2)
# --------------------------------------------------------------------------------------------

def norm(user):
    return user.strip().lower()


class Fingerprinter:
    def __init__(self, key=DEMO_KEY):
        self.key = key
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


SPEC_VECTORS = [
    (b"credsieve-demo-key", "alice@example.com", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    (b"credsieve-demo-key", "  Alice@Example.COM ", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    (b"credsieve-demo-key", "bob", "correct horse battery staple", "b3c4edfb71b95783", "379b91546fb38da0"),
    (b"credsieve-demo-key", "\u00dcn\u00efcode@\u4f8b\u3048.jp", "p\u00e4ssw\u00f6rd:with:colons",
     "b00485ee34fad31d", "acadac23153ab923"),
    (b"s3cr3t-pepper", "alice@example.com", "hunter2", "57cab7f6c60a4041", "a82468d22c5531ab"),
    (b"s3cr3t-pepper", "bob", "correct horse battery staple", "f4be313772448b6f", "6e7632ab9a186ca4"),
]


# --------------------------------------------------------------------------------------------
# vocabularies
# --------------------------------------------------------------------------------------------

FIRST = ("james john robert michael william david richard joseph thomas charles mary patricia "
         "jennifer linda elizabeth barbara susan jessica sarah karen emma olivia ava sophia mia noah "
         "liam lucas leon ben paul anna laura julia lena marie sophie hannah max felix jonas lukas "
         "tim jan finn elias luca chiara giulia marco francesco alessandro sofia pierre louis hugo "
         "chloe camille manon jules nathan maria carmen pablo javier lucia diego sara ahmed fatima "
         "ali omar mohamed yusuf wei li chen yuki hiro kenji sakura aiko raj priya arjun anil sunita "
         "olga ivan dmitri natalia piotr kasia tomasz jakub eva jana petra lars erik anders ingrid "
         "astrid sven nils emil oscar kevin brian jason ryan eric steven andrew daniel matthew "
         "ashley amanda nicole megan rachel lauren kayla grace ella zoe ruby isla freya jack harry "
         "george charlie alfie archie").split()
ACCENTED = ["jos\u00e9", "zo\u00eb", "bj\u00f6rn", "s\u00f8ren", "\u0142ukasz", "ren\u00e9",
            "chlo\u00e9", "j\u00fcrgen", "andr\u00e9s", "in\u00e9s", "fran\u00e7ois",
            "h\u00e9l\u00e8ne", "m\u00f3nica", "g\u00f6ran", "\u00e7elik", "m\u00fcller"]
LAST = ("smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez "
        "gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris "
        "sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill "
        "flores green adams nelson baker hall rivera campbell mitchell carter roberts mueller "
        "schmidt schneider fischer weber meyer wagner becker schulz hoffmann koch richter klein wolf "
        "rossi russo ferrari esposito bianchi romano colombo bernard dubois durand leroy moreau "
        "simon laurent lefebvre michel kowalski nowak wisniewski novak svoboda jensen nielsen hansen "
        "andersson johansson karlsson nilsson ivanov petrov smirnov kim park choi wang zhang liu "
        "tanaka suzuki sato patel shah kumar singh murphy kelly byrne walsh obrien").split()
DOMAINS = [("gmail.com", 34), ("yahoo.com", 9), ("outlook.com", 8), ("hotmail.com", 8),
           ("icloud.com", 6), ("gmx.de", 4), ("web.de", 3), ("orange.fr", 3), ("free.fr", 2),
           ("aol.com", 2), ("proton.me", 2), ("comcast.net", 2), ("btinternet.com", 2),
           ("live.com", 2), ("mail.com", 1), ("yandex.ru", 1), ("libero.it", 1), ("t-online.de", 2),
           ("hotmail.co.uk", 2), ("wp.pl", 1), ("seznam.cz", 1), ("naver.com", 1), ("qq.com", 1)]
HANDLE_WORDS = ("dark wolf shadow ninja dragon tiger sky star moon sun fire ice storm blue red green "
                "black silver gold king queen pixel gamer cool happy lucky crazy little big mr miss "
                "real night ghost frost zen retro turbo hyper cyber alpha omega").split()
PW_WORDS = ("love monkey dragon soccer football baseball hockey ranger buster tigger summer winter "
            "spring autumn ginger pepper cookie chocolate chelsea arsenal liverpool barcelona london "
            "paris berlin master shadow sunshine princess flower butterfly purple orange banana "
            "cheese pizza coffee secret freedom mustang harley yankees dolphin maverick thunder "
            "phoenix matrix hunter killer silver golden diamond angel jesus heaven family friends "
            "forever music guitar rockstar snoopy batman superman spiderman pokemon minecraft "
            "starwars jordan charlie bailey maggie buddy rocky lucky daisy molly max bella luna coco "
            "oliver teddy simba nala hello welcome computer internet samsung apple google soleil "
            "schatz hallo passwort bonjour amore ciao sommer fussball").split()
BASE_COMMON = ("123456 password 123456789 12345678 12345 qwerty 1234567 111111 1234567890 123123 "
               "abc123 1234 password1 iloveyou 1q2w3e4r 000000 qwerty123 zaq12wsx dragon sunshine "
               "princess letmein 654321 monkey 1qaz2wsx 123321 qwertyuiop superman asdfghjkl "
               "football baseball welcome shadow master 666666 michael trustno1 jordan23 harley "
               "hunter2 ashley 121212 bailey passw0rd charlie 696969 mustang access 7777777 "
               "aa123456 987654321 login admin admin123 starwars 123qwe killer 112233 solo hello "
               "freedom whatever qazwsx ninja azerty loveme batman lovely flower hottie jesus 555555 "
               "Password1 Password123 P@ssw0rd Welcome1 Welcome123 Qwerty123 Password1! Abc123 "
               "a123456 123abc 159753 11111111 qwe123 1q2w3e 1q2w3e4r5t 123654 789456 147258369 "
               "iloveyou1 princess1 monkey1 football1 babygirl 1234qwer asd123 q1w2e3r4 "
               "zxcvbnm asdfgh 12341234 88888888 999999 00000000 password12 password123 "
               "Passwort1 hallo123 bonjour soleil azerty123 qwertz 123456a 654321a samsung google "
               "computer internet michelle jennifer daniel thomas robert andrew joshua jessica "
               "matthew amanda hannah secret changeme Changeme1 Summer2024 Winter2024 Autumn2025 "
               "Spring2025 Summer2025! Winter2025! Autumn2026! Welcome2026 Welcome2026!").split()
SITE_WORDS = ["acme", "acme1", "acmeid"]

HUMAN_W = [0.55, 0.35, 0.22, 0.15, 0.15, 0.25, 0.6, 1.2, 1.8, 2.0, 1.9, 1.8,
           2.0, 1.9, 1.7, 1.7, 1.8, 2.0, 2.3, 2.6, 2.7, 2.4, 1.8, 1.1]
WORK_W = [0, 0, 0, 0, 0, 0, 0.05, 0.3, 1.5, 2.0, 2.0, 1.8, 1.2, 1.6, 1.8, 1.6, 1.2, 0.6, 0.2,
          0.05, 0, 0, 0, 0]
HUMAN_CUM = list(itertools.accumulate(HUMAN_W))
WORK_CUM = list(itertools.accumulate(WORK_W))

# service regions (name, utc offset minutes, share of users) and regions where only botnets live
REGIONS = [("eu", 60, 0.52), ("us-east", -300, 0.24), ("us-west", -480, 0.10), ("apac", 540, 0.14)]
FAR_REGIONS = [("sea", 420), ("latam", -180), ("ee", 180), ("in", 330)]
V6_HI = {"eu": [0x2003] + list(range(0x2a00, 0x2a10)), "us-east": list(range(0x2600, 0x2608)),
         "us-west": list(range(0x2600, 0x2608)), "apac": list(range(0x2400, 0x2410)),
         "sea": [0x2405, 0x2406, 0x2407], "latam": [0x2800, 0x2801, 0x2803],
         "ee": [0x2a02, 0x2a03, 0x2a05], "in": [0x2401, 0x2402, 0x2409],
         "host": [0x2a01, 0x2604, 0x2001, 0x2a05, 0x2620]}
SAFE_A = [2, 5, 23, 24, 31, 37, 41, 45, 46, 49, 50, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68,
          69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90,
          91, 92, 93, 94, 95, 96, 97, 98, 99, 101, 103, 104, 105, 106, 107, 108, 109, 110, 111,
          112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 130, 131, 134,
          136, 137, 138, 139, 141, 142, 143, 145, 146, 147, 149, 151, 152, 154, 155, 156, 157,
          158, 159, 162, 163, 164, 165, 166, 167, 168, 170, 171, 173, 174, 175, 176, 177, 178,
          179, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190, 191, 193, 194, 195, 196,
          197, 199, 200, 201, 202, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 216, 217,
          218, 219, 220, 221, 222, 223]

APP_NEW = ["7.4.2", "7.4.1", "7.3.0"]
APP_OLD = ["6.9.0", "6.2.1", "5.8.3"]
ANDROID_MODELS = ["SM-S911B", "Pixel 7", "SM-A546B", "M2101K6G", "CPH2451", "Pixel 6a", "SM-G991B"]


def ua_desktop(rng, old=False):
    os_ = rng.choices(["Windows NT 10.0; Win64; x64", "Macintosh; Intel Mac OS X 10_15_7",
                       "X11; Linux x86_64"], [70, 24, 6])[0]
    b = rng.choices(["chrome", "firefox", "safari", "edge"], [62, 14, 12, 12])[0]
    if b == "safari" and not os_.startswith("Mac"):
        b = "chrome"
    cv = rng.randint(88, 112) if old else rng.choice([118, 119, 120, 121])
    if b in ("chrome", "edge"):
        s = ("Mozilla/5.0 (%s) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 "
             "Safari/537.36" % (os_, cv))
        if b == "edge":
            s += " Edg/%d.0.%d.%d" % (cv, rng.randint(1000, 2300), rng.randint(40, 120))
        return s
    if b == "firefox":
        fv = rng.randint(78, 102) if old else rng.choice([118, 119, 120])
        return "Mozilla/5.0 (%s; rv:%d.0) Gecko/20100101 Firefox/%d.0" % (os_, fv, fv)
    return ("Mozilla/5.0 (%s) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.%d "
            "Safari/605.1.15" % (os_, rng.randint(0, 2)))


def ua_phone(rng, app_share=0.4, old_app=False):
    r = rng.random()
    if r < app_share or old_app:
        ver = rng.choice(APP_OLD if old_app else APP_NEW)
        if rng.random() < 0.5:
            return "AcmeID/%s (iPhone; iOS %s)" % (ver, rng.choice(
                ["15.7", "16.6", "17.1.2"] if old_app else ["17.1.2", "17.2", "16.7.2"]))
        return "AcmeID/%s (Android %d; %s)" % (ver, rng.choice([11, 12] if old_app else [13, 14]),
                                             rng.choice(ANDROID_MODELS))
    if rng.random() < 0.5:
        iv = rng.choice(["17_1", "17_1_2", "16_6", "17_2"])
        return ("Mozilla/5.0 (iPhone; CPU iPhone OS %s like Mac OS X) AppleWebKit/605.1.15 "
                "(KHTML, like Gecko) Version/%s.0 Mobile/15E148 Safari/604.1"
                % (iv, iv.split("_")[0]))
    return ("Mozilla/5.0 (Linux; Android %d; %s) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/%d.0.0.0 Mobile Safari/537.36"
            % (rng.choice([12, 13, 14]), rng.choice(ANDROID_MODELS), rng.choice([119, 120])))


def ua_human(rng):
    return ua_desktop(rng) if rng.random() < 0.5 else ua_phone(rng)


def v4s(a, b, c, d):
    return "%d.%d.%d.%d" % (a, b, c, d)


def v6s(x):
    return str(ipaddress.IPv6Address(x))


def pick_cum(rng, cum):
    return bisect.bisect_right(cum, rng.random() * cum[-1])


def human_time(rng, tz_min, cum=HUMAN_CUM):
    h = min(23, pick_cum(rng, cum))
    local = h * HOUR + rng.randrange(HOUR)
    return (local - tz_min * MIN) % DAY


def local_hour(t, tz_min):
    return ((t + tz_min * MIN) % DAY) // HOUR


def u(rng, a, b):
    return a + (b - a) * rng.random()


# --------------------------------------------------------------------------------------------
# profiles
# --------------------------------------------------------------------------------------------
# honest: multiplier of hard honest behaviour; attack: multiplier of attack sizes;
# campaigns: (kind, min count, max count)

PROFILES = {
    "mixed": dict(honest=1.0, attack=1.0, dormant=(0.4, 0.55), private=0.5, campaigns=[
        ("stuff-dc", 1, 2), ("stuff-botnet", 1, 1), ("spray", 0, 1), ("spray-slow", 1, 1),
        ("brute", 1, 2), ("brute-v6", 0, 1), ("checker", 1, 1), ("blend", 0, 1)]),
    "botnet": dict(honest=1.0, attack=1.4, dormant=(0.4, 0.55), private=0.6, campaigns=[
        ("stuff-botnet", 2, 3), ("stuff-dc", 0, 1), ("checker", 0, 1), ("brute", 0, 1)]),
    "blend": dict(honest=1.2, attack=1.0, dormant=(0.4, 0.55), private=0.6, campaigns=[
        ("blend", 2, 3), ("spray-slow", 1, 1), ("checker", 1, 2), ("brute-slow", 0, 1)]),
    "busy-honest": dict(honest=2.2, attack=0.3, dormant=(0.3, 0.45), private=0.3, campaigns=[
        ("stuff-dc", 1, 1), ("spray-slow", 0, 1), ("brute", 0, 1), ("checker", 0, 1)]),
}


# --------------------------------------------------------------------------------------------
# world objects
# --------------------------------------------------------------------------------------------

class Acct:
    __slots__ = ("user", "current", "known", "old", "recent", "kind", "owners", "taken",
                 "qa", "old_tried", "start_pw", "persona")

    def __init__(self, user, pw, kind):
        self.user = user
        self.current = pw
        self.known = pw
        self.start_pw = pw
        self.old = None
        self.recent = False
        self.kind = kind
        self.owners = []
        self.taken = set()
        self.qa = False
        self.old_tried = False
        self.persona = set()


class Obj:
    def __init__(self, **kw):
        self.__dict__.update(kw)


class World:
    def __init__(self, seed, n_accounts, profile, date=DEFAULT_DATE):
        self.seed = seed
        self.N = n_accounts
        self.profile = profile
        self.P = PROFILES[profile]
        self.rng = random.Random(seed)
        self.s = n_accounts / 5000.0
        d = datetime.datetime.strptime(date, "%Y-%m-%d").replace(tzinfo=datetime.timezone.utc)
        self.date = date
        self.t0 = int(d.timestamp()) * 1000
        self.fp = Fingerprinter()
        self.accounts = {}          # norm user -> Acct
        self.event_tags = {}        # norm user -> set of tags
        self.events = []            # (t, seq, typed, ip, ok, pw, ua, actor, campaign)
        self.heap = []
        self.seq = 0
        self.camp_stats = {}
        self.used_v4 = set()
        self.used16 = set()
        self.used_v6 = set()

    # ---------------------------------------------------------------- knobs
    def knob(self, base, hard=True, lo=0.7, hi=1.3, cap=None):
        v = base * u(self.rng, lo, hi) * (self.P["honest"] if hard else 1.0)
        if cap is not None:
            v = min(v, cap)
        return v

    def setup_knobs(self):
        r = self.rng
        h = self.P["honest"]
        self.K = Obj(
            dormant=u(r, *self.P["dormant"]),
            p_multi=self.knob(0.09, cap=0.25),
            p_shared=self.knob(0.05, cap=0.2),
            p_corp=self.knob(0.12, cap=0.35),
            p_univ=self.knob(0.05, cap=0.15),
            p_vpn=self.knob(0.04, cap=0.15),
            p_travel=self.knob(0.02, cap=0.08),
            p_cafe=self.knob(0.10, cap=0.3),
            p_pwmgr=u(r, 0.15, 0.3),
            p_weak=u(r, 0.10, 0.18),
            typo=u(r, 0.04, 0.08) * (0.7 + 0.3 * h),
            p_forget=self.knob(0.015, cap=0.06),
            p_stale=self.knob(0.004, cap=0.02),
            p_user_typo=self.knob(0.01, cap=0.04),
            p_case=self.knob(0.08, cap=0.25),
            p_v6_home=u(r, 0.25, 0.45),
            p_old=u(r, 0.3, 0.45),
            p_recent=u(r, 0.04, 0.10),
            p_leak=u(r, 0.10, 0.30),
            q_cur=u(r, 0.10, 0.30),
            other_ratio=u(r, 20.0, 50.0),
            p_hhchange=u(r, 0.02, 0.06),
        )

    # ---------------------------------------------------------------- passwords
    def build_passwords(self):
        r = self.rng
        cands = []
        seen = set()

        def add(p, w):
            if p and p not in seen:
                seen.add(p)
                cands.append((w, p))
        for i, p in enumerate(BASE_COMMON):
            add(p, 1000.0 / (i + 1) ** 0.7 * u(r, 0.8, 1.2))
        sufs = [("", 1.0), ("1", 0.9), ("12", 0.5), ("123", 0.8), ("1234", 0.4), ("!", 0.4),
                ("1!", 0.3), ("123!", 0.2), ("01", 0.25), ("69", 0.15), ("007", 0.1),
                ("99", 0.2), ("88", 0.15), ("2000", 0.15), ("2020", 0.2), ("2021", 0.2),
                ("2022", 0.2), ("2023", 0.25), ("2024", 0.3), ("2025", 0.3), ("2026", 0.2)]
        bases = [(w, 1.0 / (i + 3) ** 0.5) for i, w in enumerate(PW_WORDS)]
        bases += [(w, 0.4 / (i + 5) ** 0.5) for i, w in enumerate(FIRST[:120])]
        for w, bw in bases:
            for sfx, sw in sufs:
                for cap, cw in ((False, 1.0), (True, 0.35)):
                    p = (w.capitalize() if cap else w) + sfx
                    if len(p) >= 6:
                        add(p, 60 * bw * sw * cw * u(r, 0.5, 1.5))
        for season in ("Spring", "Summer", "Autumn", "Fall", "Winter"):
            for y in range(2018, 2027):
                add("%s%d" % (season, y), 8 * u(r, 0.5, 1.5))
                add("%s%d!" % (season, y), 6 * u(r, 0.5, 1.5))
        for walk in ("qwerty", "asdfgh", "zxcvbn", "1qaz2wsx", "qweasd", "qazwsx", "poiuyt"):
            for sfx in ("", "1", "123", "!"):
                add(walk + sfx, 5 * u(r, 0.5, 1.5))
        for n in range(6, 11):
            add("".join(str(i % 10) for i in range(1, n + 1)), 20.0)
            for dgt in "0123456789":
                add(dgt * n, 3.0 * u(r, 0.5, 1.5))
        cands.sort(key=lambda x: -x[0])
        size = min(len(cands), int(u(r, 2600, 4200)))
        self.common = [p for _, p in cands[:size]]
        self.common_set = set(self.common)
        cw = [1.0 / (i + 4) ** 1.05 for i in range(min(2000, size))]
        self.common_cum = list(itertools.accumulate(cw))

    def weak_pw(self, r):
        return self.common[min(len(self.common) - 1, pick_cum(r, self.common_cum))]

    def pattern_pw(self, r, name=None):
        w = name if (name and r.random() < 0.35) else r.choice(PW_WORDS + FIRST[:60])
        w = w.capitalize() if r.random() < 0.45 else w
        k = r.random()
        if k < 0.35:
            d = str(r.randint(1960, 2012))
        elif k < 0.6:
            d = str(r.randint(0, 99)).zfill(2)
        elif k < 0.85:
            d = str(r.randint(100, 9999))
        else:
            d = str(r.randint(1, 12)).zfill(2) + str(r.randint(1, 28)).zfill(2)
        s = r.choice(["", "", "", "!", ".", "#", "?", "*", "$"])
        p = w + d + s
        if r.random() < 0.1:
            p = p.replace("a", "@").replace("o", "0").replace("e", "3")
        return p

    def random_pw(self, r):
        alpha = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#%&*+-=?@^_"
        return "".join(r.choice(alpha) for _ in range(r.randint(14, 22)))

    def passphrase(self, r):
        sep = r.choice(["-", " ", ".", ""])
        return sep.join(r.choice(PW_WORDS) for _ in range(r.randint(3, 4))) + (
            str(r.randint(1, 99)) if r.random() < 0.4 else "")

    def new_pw(self, r, kind, name=None):
        if kind == "weak":
            return self.weak_pw(r)
        if kind == "random":
            return self.random_pw(r)
        if kind == "phrase":
            return self.passphrase(r)
        p = self.pattern_pw(r, name)
        if r.random() < 0.01:
            p = r.choice(["p\u00e4sswort", "ma\u00f1ana", "s\u00f8lskin", "caf\u00e9"]) + p[-3:]
        if r.random() < 0.005:
            p = p + ":" + str(r.randint(1, 9))
        return p

    def variant(self, r, pw):
        """the small edit people make when 'changing' a password or reusing it elsewhere"""
        k = r.random()
        digits = "".join(ch for ch in pw if ch.isdigit())
        if k < 0.4 and digits:
            base = pw.rstrip("!.#?*$")
            tail = pw[len(base):]
            stem = base.rstrip("0123456789")
            if stem and stem != base:
                out = stem + str(int(base[len(stem):][-6:]) + r.randint(1, 3)) + tail
                if out != pw:
                    return out
        if k < 0.7:
            return pw + r.choice(["1", "!", "2", "#", "01"])
        if k < 0.85:
            return pw.capitalize() if pw != pw.capitalize() else pw.lower() + "1"
        return pw + r.choice(SITE_WORDS)

    def mutate(self, r, pw):
        """a typing mistake"""
        for _ in range(5):
            k = r.random()
            if k < 0.3 and len(pw) > 2:
                i = r.randrange(len(pw) - 1)
                out = pw[:i] + pw[i + 1] + pw[i] + pw[i + 2:]
            elif k < 0.55:
                i = r.randrange(len(pw))
                out = pw[:i] + pw[i + 1:]
            elif k < 0.7:
                out = pw.swapcase()
            elif k < 0.85:
                i = r.randrange(len(pw))
                out = pw[:i] + pw[i] + pw[i:]
            else:
                i = r.randrange(len(pw))
                out = pw[:i] + r.choice("asdfghjklqwertyuiop1234567890") + pw[i + 1:]
            if out and out != pw:
                return out
        return pw + "x"

    # ---------------------------------------------------------------- network
    def block16(self):
        r = self.rng
        while True:
            ab = (r.choice(SAFE_A), r.randrange(256))
            if ab not in self.used16:
                self.used16.add(ab)
                return ab

    def v6_32(self, region):
        r = self.rng
        while True:
            hi = r.choice(V6_HI[region])
            lo = r.randrange(0x10000)
            if hi == 0x2001 and lo == 0x0db8:
                continue
            p = (hi << 16) | lo
            if p not in self.used_v6:
                self.used_v6.add(p)
                return p

    def addr_in(self, blocks, unique=True):
        r = self.rng
        for _ in range(20):
            a, b = r.choice(blocks)
            ip = v4s(a, b, r.randrange(256), r.randrange(1, 255))
            if not unique or ip not in self.used_v4:
                self.used_v4.add(ip)
                return ip
        return ip

    def build_network(self):
        r = self.rng
        s = self.s
        self.isps = {}
        for name, tz, _ in REGIONS:
            lst = []
            for i in range(r.randint(3, 7)):
                lst.append(Obj(name="%s-isp%d" % (name, i), region=name,
                               blocks=[self.block16() for _ in range(r.randint(2, 5))],
                               v6=self.v6_32(name) if r.random() < 0.7 else None,
                               v6_rotates=r.random() < 0.3, w=u(r, 0.3, 1.0)))
            self.isps[name] = lst
        for name, tz in FAR_REGIONS:
            self.isps[name] = [Obj(name="%s-isp%d" % (name, i), region=name,
                                   blocks=[self.block16() for _ in range(r.randint(2, 4))],
                                   v6=self.v6_32(name) if r.random() < 0.5 else None,
                                   v6_rotates=False, w=1.0) for i in range(r.randint(2, 4))]
        self.carriers = {}
        for name, tz, _ in REGIONS:
            lst = []
            for i in range(r.randint(2, 4)):
                blocks = [self.block16() for _ in range(r.randint(1, 2))]
                size = max(3, int(round(u(r, 5, 30) * s ** 0.7)))
                pool = []
                for _ in range(size):
                    pool.append(self.addr_in(blocks))
                lst.append(Obj(name="%s-mob%d" % (name, i), region=name, blocks=blocks, pool=pool,
                               v6=self.v6_32(name) if r.random() < 0.65 else None,
                               w=u(r, 0.3, 1.0)))
            self.carriers[name] = lst
        self.hosting = []
        for i in range(r.randint(5, 9)):
            self.hosting.append(Obj(name="host%d" % i,
                                    blocks=[self.block16() for _ in range(r.randint(1, 3))],
                                    v6=self.v6_32("host")))
        self.vpns = []
        for i in range(r.randint(2, 4)):
            exits = []
            for _ in range(r.randint(8, 30)):
                h = r.choice(self.hosting)
                exits.append(self.addr_in(h.blocks))
            self.vpns.append(Obj(name="vpn%d" % i, exits=exits))
        self.corps = []
        for i in range(r.randint(3, 8)):
            reg = self.pick_region()
            blk = self.block16()
            c = r.randrange(256)
            egress = [v4s(blk[0], blk[1], c, r.randrange(2, 250)) for _ in range(r.randint(1, 4))]
            self.corps.append(Obj(name="corp%d" % i, region=reg, egress=egress,
                                  w=r.paretovariate(1.2)))
        self.univs = []
        for i in range(r.randint(1, 3)):
            reg = self.pick_region()
            blk = self.block16()
            c = r.randrange(256)
            pool = sorted(set(v4s(blk[0], blk[1], c, r.randrange(2, 250))
                              for _ in range(r.randint(4, 16))))
            v6 = None
            if r.random() < 0.5:
                v6 = [((self.v6_32(reg) << 96) | (r.getrandbits(16) << 80) | (k << 64))
                      for k in range(r.randint(2, 6))]
            self.univs.append(Obj(name="univ%d" % i, region=reg, pool=pool, v6=v6))
        self.venues = {}
        for name, tz, _ in REGIONS:
            lst = []
            nv = max(4, int(u(r, 6, 20) * s ** 0.6))
            for i in range(nv):
                kind = r.choices(["hotel", "airport", "cafe"], [4, 1, 6])[0]
                isp = r.choice(self.isps[name])
                lst.append(Obj(kind=kind, region=name, ip=self.addr_in(isp.blocks)))
            # at least one of each kind
            for kind in ("hotel", "airport", "cafe"):
                if not any(v.kind == kind for v in lst):
                    isp = r.choice(self.isps[name])
                    lst.append(Obj(kind=kind, region=name, ip=self.addr_in(isp.blocks)))
            self.venues[name] = lst

    def pick_region(self, r=None):
        r = r or self.rng
        return r.choices([x[0] for x in REGIONS], [x[2] for x in REGIONS])[0]

    def region_tz(self, name):
        for n, tz, *_ in REGIONS + [(a, b) for a, b in FAR_REGIONS]:
            if n == name:
                return tz
        return 0

    def pick_isp(self, region):
        lst = self.isps[region]
        return self.rng.choices(lst, [x.w for x in lst])[0]

    def pick_carrier(self, region):
        lst = self.carriers[region]
        return self.rng.choices(lst, [x.w for x in lst])[0]

    # ---------------------------------------------------------------- people
    def make_username(self, r, taken):
        for _ in range(50):
            if r.random() < 0.85:
                f = r.choice(ACCENTED) if r.random() < 0.01 else r.choice(FIRST)
                la = r.choice(LAST)
                form = r.random()
                if form < 0.3:
                    local = "%s.%s" % (f, la)
                elif form < 0.45:
                    local = f + la
                elif form < 0.55:
                    local = "%s.%s" % (f[0], la)
                elif form < 0.62:
                    local = "%s_%s" % (f, la)
                elif form < 0.8:
                    local = "%s%d" % (f, r.randint(1, 2005))
                else:
                    local = "%s.%s%d" % (f, la, r.randint(1, 99))
                if r.random() < 0.2:
                    local += str(r.randint(1, 99))
                dom = r.choices([d for d, _ in DOMAINS], [w for _, w in DOMAINS])[0]
                uname = "%s@%s" % (local, dom)
            else:
                if r.random() < 0.05:
                    base = r.choice(ACCENTED)
                else:
                    base = r.choice(HANDLE_WORDS) + r.choice(["", "_", "."]) + r.choice(
                        HANDLE_WORDS + FIRST)
                uname = base + (str(r.randint(1, 9999)) if r.random() < 0.7 else "")
            uname = norm(uname)
            if uname not in taken and ":" not in uname:
                taken.add(uname)
                return uname
        raise RuntimeError("could not make a unique username")

    def typed_variant(self, user, style):
        if style == "plain":
            return user
        if style == "cap":
            if "@" in user:
                local, dom = user.split("@", 1)
                t = ".".join(p[:1].upper() + p[1:] for p in local.split(".")) + "@" + dom
            else:
                t = user[:1].upper() + user[1:]
        elif style == "trail":
            t = user + " "
        elif style == "lead":
            t = " " + user
        elif style == "upper":
            t = user.upper()
        else:
            t = user
        return t if norm(t) == user else user

    def build_people(self):
        r = self.rng
        K = self.K
        taken = set()
        self.taken_names = taken
        self.persons = []
        self.households = []
        accts = []
        while len(accts) < self.N:
            region = self.pick_region()
            tz = dict((n, z) for n, z, _ in REGIONS)[region]
            isp = self.pick_isp(region)
            hh = Obj(id=len(self.households), region=region, isp=isp, members=[])
            v4 = self.addr_in(isp.blocks)
            hh.v4_times = [0]
            hh.v4 = [v4]
            if r.random() < K.p_hhchange:
                hh.v4_times.append(r.randrange(DAY))
                hh.v4.append(self.addr_in(isp.blocks))
            hh.v6 = None
            if isp.v6 and r.random() < K.p_v6_home / 0.7:
                site = (isp.v6 << 96) | (r.getrandbits(24) << 72)
                hh.v6_times = [0]
                hh.v6 = [site | (r.choice([0, 0, 0, 1, 2]) << 64)]
                if isp.v6_rotates:
                    hh.v6_times.append(r.randrange(DAY))
                    hh.v6.append(((isp.v6 << 96) | (r.getrandbits(24) << 72)))
            self.households.append(hh)
            size = r.choices([1, 2, 3, 4, 5], [38, 32, 14, 12, 4])[0]
            for _ in range(size):
                if len(accts) >= self.N:
                    break
                p = self.make_person(hh, region, tz)
                nacc = r.choices([1, 2, 3], [1 - K.p_multi, K.p_multi * 0.8, K.p_multi * 0.2])[0]
                nacc = min(nacc, self.N - len(accts))
                kind = r.choices(["weak", "pattern", "random", "phrase"],
                                 [K.p_weak, 0.62, K.p_pwmgr if p.pwmgr else 0.04, 0.05])[0]
                if p.pwmgr:
                    kind = "random"
                reuse = r.random() < 0.6
                first_pw = None
                for j in range(nacc):
                    user = self.make_username(r, taken)
                    if first_pw is not None and reuse:
                        pw = first_pw
                    else:
                        pw = self.new_pw(r, kind, name=user.split(".")[0].split("@")[0])
                    first_pw = first_pw or pw
                    a = Acct(user, pw, kind)
                    a.owners.append(p.id)
                    if r.random() < K.p_old:
                        a.old = self.variant(r, pw) if r.random() < 0.4 else self.new_pw(r, kind)
                        if a.old == pw:
                            a.old = None
                        else:
                            a.recent = r.random() < K.p_recent / K.p_old
                    if pw in self.common_set:
                        a.persona.add("common-pw")
                    if p.pwmgr:
                        a.persona.add("pw-manager")
                    if nacc > 1:
                        a.persona.add("multi-account")
                    p.accounts.append(a)
                    self.accounts[user] = a
                    accts.append(a)
                hh.members.append(p)
            # family members sharing an account
            if len(hh.members) > 1 and r.random() < K.p_shared * 3:
                a = r.choice(hh.members[0].accounts)
                other = r.choice(hh.members[1:])
                a.owners.append(other.id)
                a.persona.add("shared-account")
        self.consumer = accts
        for hh in self.households:
            if len(hh.members) > 1:
                for p in hh.members:
                    for a in p.accounts:
                        a.persona.add("family-home")

    def make_person(self, hh, region, tz):
        r = self.rng
        K = self.K
        p = Obj(id=len(self.persons), region=region, tz=tz, hh=hh, accounts=[])
        self.persons.append(p)
        p.pwmgr = r.random() < K.p_pwmgr
        p.typo_rate = 0.0 if p.pwmgr else K.typo * u(r, 0.3, 2.0)
        st = r.random()
        pc = K.p_case
        p.style = ("cap" if st < pc * 0.5 else "trail" if st < pc * 0.8 else
                   "upper" if st < pc * 0.9 else "lead" if st < pc else "plain")
        p.carrier = self.pick_carrier(region) if r.random() < 0.85 else None
        p.phone_v6 = bool(p.carrier and p.carrier.v6 and r.random() < 0.75)
        # mobile attach periods
        b = [0]
        while b[-1] < DAY:
            b.append(b[-1] + r.randint(20 * MIN, 4 * HOUR))
        p.cg_bounds = b
        p.cg_idx = [r.randrange(len(p.carrier.pool)) for _ in b] if p.carrier else None
        if p.phone_v6:
            b6 = [0]
            while b6[-1] < DAY:
                b6.append(b6[-1] + r.randint(1 * HOUR, 10 * HOUR))
            p.v6_bounds = b6
            p.v6_nets = [(p.carrier.v6 << 96) | (r.getrandbits(32) << 64) for _ in b6]
        p.phone_ua = ua_phone(r)
        p.desk_ua = ua_desktop(r)
        p.employer = None
        x = r.random()
        if x < K.p_corp:
            c = r.choices(self.corps, [c.w for c in self.corps])[0]
            p.employer = ("corp", c)
            p.egress = r.randrange(len(c.egress))
            p.work_ua = ua_desktop(r)
        elif x < K.p_corp + K.p_univ:
            p.employer = ("univ", r.choice(self.univs))
            p.work_ua = ua_desktop(r) if r.random() < 0.5 else p.phone_ua
        p.vpn = r.choice(self.vpns) if r.random() < K.p_vpn else None
        p.vpn_share = u(r, 0.3, 1.0)
        p.cafe = r.choice([v for v in self.venues[region] if v.kind == "cafe"]) \
            if r.random() < K.p_cafe else None
        p.travel = None
        if r.random() < K.p_travel:
            dest = r.choice([n for n, _, _ in REGIONS if n != region] + [region])
            dep = (r.randint(5, 14) * HOUR - tz * MIN + r.randrange(HOUR)) % DAY
            air_end = dep + r.randint(1 * HOUR, 3 * HOUR)
            arrive = air_end + r.randint(1 * HOUR, 11 * HOUR)
            p.travel = Obj(dep=dep, air_end=air_end, arrive=arrive,
                           airport=r.choice([v for v in self.venues[region] if v.kind == "airport"]),
                           hotel=r.choice([v for v in self.venues[dest] if v.kind == "hotel"]),
                           dest_tz=self.region_tz(dest))
        return p

    # ---------------------------------------------------------------- contexts (honest ips)
    def home_ip(self, p, t, r, v6_ok=True):
        hh = p.hh
        if hh.v6 is not None and v6_ok and r.random() < 0.65:
            net = hh.v6[bisect.bisect_right(hh.v6_times, t) - 1]
            return v6s(net | r.getrandbits(64)), "home-v6"
        return hh.v4[bisect.bisect_right(hh.v4_times, t) - 1], "home-v4"

    def mobile_ip(self, p, t, r):
        if p.phone_v6 and r.random() < 0.85:
            net = p.v6_nets[bisect.bisect_right(p.v6_bounds, t) - 1]
            return v6s(net | r.getrandbits(64)), "mobile-v6"
        i = p.cg_idx[bisect.bisect_right(p.cg_bounds, t) - 1]
        return p.carrier.pool[i], "cgnat"

    def context(self, p, t, r):
        """returns (t, context name, ip, ua)"""
        if p.travel:
            tr = p.travel
            if tr.air_end <= t < tr.arrive:
                t = min(DAY - 1, tr.arrive + r.randrange(40 * MIN))
            if tr.dep <= t < tr.air_end:
                if r.random() < 0.6:
                    return t, "wifi-airport", tr.airport.ip, p.phone_ua
                if p.carrier:
                    ip, c = self.mobile_ip(p, t, r)
                    return t, c, ip, p.phone_ua
                return t, "wifi-airport", tr.airport.ip, p.phone_ua
            if t >= tr.arrive:
                x = r.random()
                if p.vpn and x < 0.2:
                    return t, "vpn", r.choice(p.vpn.exits), p.desk_ua
                if x < 0.65 or not p.carrier:
                    return t, "wifi-hotel", tr.hotel.ip, r.choice([p.phone_ua, p.desk_ua])
                ip, c = self.mobile_ip(p, t, r)    # roaming is home-routed
                return t, "roaming-" + c, ip, p.phone_ua
        lh = local_hour(t, p.tz)
        opts = [("home", 1.0 if (lh >= 17 or lh < 9) else 0.45)]
        if p.carrier:
            opts.append(("mobile", 0.7))
        if p.employer and 8 <= lh < 18:
            opts.append(("work", 1.6))
        if p.cafe and 7 <= lh < 21:
            opts.append(("cafe", 0.15))
        ctx = r.choices([o for o, _ in opts], [w for _, w in opts])[0]
        if p.vpn and ctx != "work" and r.random() < p.vpn_share:
            return t, "vpn", r.choice(p.vpn.exits), r.choice([p.desk_ua, p.phone_ua])
        if ctx == "home":
            ua = p.desk_ua if r.random() < 0.5 else p.phone_ua
            ip, c = self.home_ip(p, t, r)
            return t, c, ip, ua
        if ctx == "mobile":
            ip, c = self.mobile_ip(p, t, r)
            return t, c, ip, p.phone_ua
        if ctx == "cafe":
            return t, "wifi-cafe", p.cafe.ip, p.phone_ua
        kind, org = p.employer
        if kind == "corp":
            e = p.egress if r.random() < 0.8 else r.randrange(len(org.egress))
            return t, "corp-proxy", org.egress[e], p.work_ua
        if org.v6 and r.random() < 0.4:
            return t, "university", v6s(r.choice(org.v6) | r.getrandbits(64)), p.work_ua
        return t, "university", r.choice(org.pool), p.work_ua

    # ---------------------------------------------------------------- leaks
    def build_leaks(self):
        r = self.rng
        K = self.K
        n_known = r.randint(3, 6)
        n_priv = r.randint(1, 2)
        self.dumps = []
        for i in range(n_known + n_priv):
            self.dumps.append(Obj(id=i, known=i < n_known, w=r.paretovariate(1.0), pairs=[]))
        dw = [d.w for d in self.dumps]
        svc_pairs = 0
        self.leak_status = {}

        def dump_typed(user):
            x = r.random()
            style = "plain" if x < 0.92 else "cap" if x < 0.97 else "upper"
            return self.typed_variant(user, style)

        for a in self.consumer:
            if r.random() >= K.p_leak:
                continue
            k = r.choices([1, 2, 3], [70, 22, 8])[0]
            ds = set()
            while len(ds) < min(k, len(self.dumps)):
                ds.add(r.choices(range(len(self.dumps)), dw)[0])
            for di in sorted(ds):
                x = r.random()
                if x < K.q_cur:
                    pw, cat = a.start_pw, "current"
                elif x < K.q_cur + 0.3 and a.old:
                    pw, cat = a.old, "stale"
                elif x < 0.7:
                    pw, cat = self.variant(r, a.start_pw), "other"
                else:
                    pw, cat = self.new_pw(r, r.choice(["weak", "pattern", "pattern"])), "other"
                if pw == a.start_pw:
                    cat = "current"
                self.dumps[di].pairs.append((dump_typed(a.user), pw, True))
                known = self.dumps[di].known
                a.persona.add("leaked-%s%s" % (cat, "" if known else "-private"))
                svc_pairs += 1
        n_other = int(svc_pairs * K.other_ratio)
        made = 0
        while made < n_other:
            user = self.make_username(r, self.taken_names)
            kind = r.choices(["weak", "pattern", "random", "phrase"], [20, 62, 15, 3])[0]
            pw = self.new_pw(r, kind, name=user.split(".")[0].split("@")[0])
            for j in range(r.choices([1, 2], [80, 20])[0]):
                di = r.choices(range(len(self.dumps)), dw)[0]
                p2 = pw if j == 0 or r.random() < 0.6 else self.variant(r, pw)
                self.dumps[di].pairs.append((dump_typed(user), p2, False))
                made += 1
        for d in self.dumps:
            extra = [d.pairs[r.randrange(len(d.pairs))] for _ in range(int(len(d.pairs) * 0.015))] \
                if d.pairs else []
            d.pairs.extend(extra)
            r.shuffle(d.pairs)
        lines = []
        for d in self.dumps:
            if d.known:
                lines.extend("%s:%s" % (t, p) for t, p, _ in d.pairs)
        r.shuffle(lines)
        self.combo_lines = lines
        self.known_pairs = set()
        for ln in lines:
            us, pw = ln.split(":", 1)
            self.known_pairs.add((norm(us), pw))

    # ---------------------------------------------------------------- simulation core
    def start(self, gen, actor, default_camp):
        try:
            act = next(gen)
        except StopIteration:
            return
        self._push(act, gen, actor, default_camp)

    def _push(self, act, gen, actor, camp):
        heapq.heappush(self.heap, (act[1], self.seq, act, gen, actor, camp))
        self.seq += 1

    def tag(self, user_norm, *tags):
        s = self.event_tags.get(user_norm)
        if s is None:
            s = self.event_tags[user_norm] = set()
        s.update(tags)

    def run(self):
        while self.heap:
            t, _, act, gen, actor, camp = heapq.heappop(self.heap)
            if t >= DAY or t < 0:
                gen.close()
                continue
            res = self.apply(act, actor, camp)
            try:
                nxt = gen.send(res)
            except StopIteration:
                continue
            self._push(nxt, gen, actor, camp)

    def apply(self, act, actor, camp):
        kind = act[0]
        if kind == "setpw":
            _, t, user, newpw, by = act
            a = self.accounts[user]
            a.current = newpw
            if by == "owner":
                a.known = newpw
            return None
        # ("try", t, typed, pw, ip, ua, campaign or None, skip_if_taken)
        _, t, typed, pw, ip, ua, c, skip = act
        c = c or camp
        n = norm(typed)
        a = self.accounts.get(n)
        base = c.split("/")[0] if actor == "honest" else c.replace("-takeover", "")
        if skip and a is not None and base in a.taken:
            return None
        ok = a is not None and pw == a.current
        self.events.append((t, len(self.events), typed, ip, ok, pw, ua, actor, c))
        st = self.camp_stats.setdefault(c, [0, 0, set(), set()])
        st[0] += 1
        st[2].add(n)
        st[3].add(ip)
        if actor == "attacker":
            tags = [base]
            if c.endswith("-takeover"):
                tags.append("takeover-session")
            if (n, pw) not in self.known_pairs:
                tags.append("unlisted-pair")
            if a is None:
                tags.append("no-such-account")
            self.tag(n, *tags)
            if ok:
                st[1] += 1
                a.taken.add(base)
                if (n, pw) not in self.known_pairs:
                    self.tag(n, "success-unlisted-pair")
        elif ok:
            st[1] += 1
        return ok

    # ---------------------------------------------------------------- honest processes
    def g_session(self, a, p, t, r, forget=False, ctx=None):
        if ctx is None:
            t, cname, ip, ua = self.context(p, t, r)
        else:
            cname, ip, ua = ctx
        camp = "honest/" + cname
        typed = self.typed_variant(a.user, p.style)
        tags = [cname.replace("roaming-", "roaming;")] if "roaming" in cname else [cname]
        if p.travel:
            tags.append("traveller")
        if typed != a.user:
            tags.append("username-case-or-space")
        if len(a.owners) > 1 and p.id != a.owners[0]:
            tags.append("shared-account-other-user")

        def gap():
            return r.randint(3 * SEC, 20 * SEC) + int(r.expovariate(1 / 8000))
        if r.random() < self.K.p_user_typo:
            bad = self.user_typo(a.user, r)
            if bad:
                self.tag(norm(bad), "no-such-account", "user-typo")
                tags.append("user-typo")
                yield ("try", t, bad, a.known, ip, ua, camp, False)
                t += gap()
        tries = []
        if a.old and a.recent and not a.old_tried and r.random() < 0.6:
            tries.append(a.old)
            a.old_tried = True
            tags.append("old-pw-first")
        if len(p.accounts) > 1 and r.random() < 0.12:
            other = r.choice([x for x in p.accounts if x is not a])
            if other.known != a.known:
                tries.append(other.known)
                tags.append("other-account-pw")
        if r.random() < p.typo_rate:
            tries.append(self.mutate(r, a.known))
            tags.append("typo")
            if r.random() < 0.25:
                tries.append(self.mutate(r, a.known))
        if forget:
            tags.append("forgot")
            cands = [x for x in (a.old, self.variant(r, a.known), self.mutate(r, a.known),
                                 self.weak_pw(r), self.new_pw(r, "pattern"))
                     if x and x != a.current]
            r.shuffle(cands)
            tries.extend(cands[: r.randint(min(2, len(cands)), len(cands))])
        self.tag(a.user, *tags)
        for pw in tries:
            ok = yield ("try", t, typed, pw, ip, ua, camp, False)
            t += gap()
            if ok:
                return
        if not forget:
            ok = yield ("try", t, typed, a.known, ip, ua, camp, False)
            if ok:
                if r.random() < 0.05:   # app double-submit / second tab
                    t += r.randint(1 * SEC, 30 * SEC)
                    yield ("try", t, typed, a.known, ip, ua, camp, False)
                return
            # the password no longer works although typed right: someone changed it
            self.tag(a.user, "locked-out")
            for _ in range(r.randint(1, 3)):
                t += gap()
                pw = a.known if r.random() < 0.6 else self.mutate(r, a.known)
                ok = yield ("try", t, typed, pw, ip, ua, camp, False)
                if ok:
                    return
            if r.random() > 0.85:
                self.tag(a.user, "gave-up")
                return
        elif r.random() < 0.25:
            self.tag(a.user, "gave-up")
            return
        # password reset by e-mail
        prev = a.known
        t += r.randint(1 * MIN, 15 * MIN)
        new = self.new_pw(r, a.kind if a.kind != "weak" else "pattern")
        self.tag(a.user, "password-reset")
        yield ("setpw", t, a.user, new, "owner")
        t += r.randint(5 * SEC, 90 * SEC)
        yield ("try", t, typed, new, ip, ua, camp, False)
        if r.random() < 0.25 and p.carrier:
            # the phone app still has the old password and keeps retrying
            self.tag(a.user, "stale-app")
            self.start(self.g_stale(a, p, prev, t + r.randint(1 * MIN, 30 * MIN),
                                    min(DAY, t + r.randint(1 * HOUR, 14 * HOUR)), r),
                       "honest", "honest/stale-app")

    def user_typo(self, user, r):
        for _ in range(5):
            if "@" in user and r.random() < 0.6:
                local, dom = user.split("@", 1)
                d2 = r.choice(["gmial.com", "gmail.co", "gamil.com", "hotmail.con", "yahoo.co",
                               "outlok.com", "icloud.co", dom.replace(".", "", 1)])
                cand = local + "@" + d2
            else:
                cand = self.mutate(r, user).lower()
            cand = norm(cand)
            if cand and cand not in self.accounts and ":" not in cand:
                return cand
        return None

    def g_stale(self, a, p, pw, t, t_end, r):
        interval = r.choice([5, 10, 15, 20, 30, 60]) * MIN
        ua = ua_phone(r, old_app=True)
        double = r.random() < 0.3
        typed = a.user
        while t < t_end:
            ip, _ = self.mobile_ip(p, t, r) if (p.carrier and r.random() < 0.5) \
                else self.home_ip(p, t, r, v6_ok=False)
            ok = yield ("try", t, typed, pw, ip, ua, "honest/stale-app", False)
            if ok:
                return
            if double:
                t += r.randint(1 * SEC, 4 * SEC)
                yield ("try", t, typed, pw, ip, ua, "honest/stale-app", False)
            t += int(interval * u(r, 0.8, 1.25))

    def plan_honest(self):
        r = self.rng
        K = self.K
        for p in self.persons:
            for a in p.accounts:
                if a.owners[0] != p.id:
                    continue
                if r.random() < K.dormant:
                    n = 0
                else:
                    n = r.choices([1, 2, 3, 4, 5, 6, 8, 10, 14, 20, 30],
                                  [45, 24, 12, 6, 4, 3, 2, 1.5, 1.2, 0.8, 0.5])[0]
                if n >= 6:
                    a.persona.add("heavy-user")
                forget_i = r.randrange(n) if (n and r.random() < K.p_forget) else -1
                prim = p.accounts[0]
                for i in range(n):
                    who = p
                    if len(a.owners) > 1 and r.random() < 0.4:
                        who = self.persons[r.choice(a.owners[1:])]
                    if p.employer and r.random() < 0.3:
                        t = human_time(r, who.tz, WORK_CUM)
                    else:
                        t = human_time(r, who.tz)
                    if a is not prim and r.random() < 0.5:
                        # logging into the second account right after the first one
                        t2, cname, ip, ua = self.context(p, t, r)
                        self.start(self.g_session(prim, p, t2, r), "honest", "honest")
                        self.start(self.g_session(a, p, t2 + r.randint(20 * SEC, 5 * MIN), r,
                                                  ctx=(cname, ip, ua)), "honest", "honest")
                        continue
                    self.start(self.g_session(a, who, t, r, forget=(i == forget_i)),
                               "honest", "honest")
            # a stale device retrying an old password all day
            for a in p.accounts:
                if a.old and r.random() < K.p_stale / K.p_old:
                    t_start = r.randrange(0, DAY // 2)
                    t_end = DAY if r.random() < 0.6 else t_start + r.randint(2 * HOUR, 12 * HOUR)
                    self.tag(a.user, "stale-app")
                    self.start(self.g_stale(a, p, a.old, t_start, t_end, r),
                               "honest", "honest/stale-app")

    def plan_qa(self):
        r = self.rng
        h = self.P["honest"]
        prov = r.choice(self.hosting)
        probes = [self.addr_in(prov.blocks) for _ in range(r.randint(2, 4))]
        n_mon = max(2, int(u(r, 4, 16) * h * max(0.3, self.s) ** 0.5))
        ua_mon = r.choice(["AcmeSynthetics/2.3 (+https://status.acme.example)",
                           "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                           " HeadlessChrome/120.0.0.0 Safari/537.36"])
        self.qa_users = []
        for i in range(n_mon):
            user = "qa-monitor-%02d@acme-qa.example" % i if r.random() < 0.7 else \
                "synthetic.check%d@acme-qa.example" % i
            a = Acct(user, "Mon!tor-%04d" % r.randint(0, 9999), "random")
            a.qa = True
            a.persona.add("qa-monitor")
            self.accounts[user] = a
            self.qa_users.append(user)
            period = r.choice([5, 10, 15, 20]) * MIN
            neg = r.random() < 0.3
            self.start(self.g_monitor(a, probes, period, neg, ua_mon, r), "honest",
                       "honest/qa-monitor")
        # load-test / CI suites: many test accounts, one address, one shared password
        ci = [self.addr_in(r.choice(self.hosting).blocks) for _ in range(r.randint(1, 2))]
        n_load = max(10, int(u(r, 40, 200) * max(0.3, self.s) ** 0.5))
        shared_pw = r.choice(["LoadTest#2025", "Test1234!", "Passw0rd!qa", "ci-secret-42"])
        load_users = []
        for i in range(n_load):
            user = "loadtest+%04d@acme-qa.example" % i
            a = Acct(user, shared_pw, "weak")
            a.qa = True
            a.persona.add("qa-loadtest")
            self.accounts[user] = a
            load_users.append(user)
        runs = max(1, int(round(u(r, 1, 3) * h)))
        for k in range(runs):
            t = (r.randint(9, 17) * HOUR + r.randrange(HOUR) - 60 * MIN) % DAY
            self.start(self.g_loadtest(load_users, r.choice(ci), t, r), "honest", "honest/qa-suite")

    def g_monitor(self, a, probes, period, neg, ua, r):
        t = r.randrange(period)
        i = 0
        while t < DAY:
            ip = r.choice(probes)
            if neg and i % 6 == 0:
                yield ("try", t, a.user, "wrong-password-check", ip, ua, None, False)
                t += r.randint(1 * SEC, 3 * SEC)
            yield ("try", t, a.user, a.current, ip, ua, None, False)
            t += period + r.randint(-20 * SEC, 20 * SEC)
            i += 1

    def g_loadtest(self, users, ip, t, r):
        ua = "python-requests/2.31.0" if r.random() < 0.5 else "k6/0.47.0 (https://k6.io/)"
        sub = users[: r.randint(len(users) // 2, len(users))]
        for user in sub:
            pw = self.accounts[user].current
            if r.random() < 0.02:
                pw = pw + "-stale"
            yield ("try", t, user, pw, ip, ua, None, False)
            t += r.randint(100, 2500)

    # ---------------------------------------------------------------- attacker infrastructure
    def fresh_residential(self, region=None):
        r = self.rng
        region = region or self.pick_region()
        return self.addr_in(self.pick_isp(region).blocks, unique=False)

    def infected_home(self, t):
        hh = self.rng.choice(self.households)
        return hh.v4[bisect.bisect_right(hh.v4_times, t) - 1]

    def cgnat_addr(self, region=None):
        region = region or self.pick_region()
        return self.rng.choice(self.pick_carrier(region).pool)

    def res_v6(self, region=None):
        r = self.rng
        region = region or self.pick_region()
        cands = [i for i in self.isps[region] if i.v6] + \
                [c for c in self.carriers.get(region, []) if c.v6]
        if not cands:
            return self.fresh_residential(region)
        isp = r.choice(cands)
        return v6s((isp.v6 << 96) | (r.getrandbits(32) << 64) | r.getrandbits(64))

    def vpn_exit(self):
        return self.rng.choice(self.rng.choice(self.vpns).exits)

    def hosting_addr(self, prov=None):
        prov = prov or self.rng.choice(self.hosting)
        return self.addr_in(prov.blocks, unique=False)

    def proxy_ip(self, t, mix):
        """mix: list of (source, weight)"""
        r = self.rng
        src = r.choices([m for m, _ in mix], [w for _, w in mix])[0]
        if src == "res":
            return self.fresh_residential()
        if src == "home":
            return self.infected_home(t)
        if src == "cgnat":
            return self.cgnat_addr()
        if src == "v6":
            return self.res_v6()
        if src == "vpn":
            return self.vpn_exit()
        if src == "host":
            return self.hosting_addr()
        if src == "far":
            reg = r.choice(FAR_REGIONS)[0]
            if r.random() < 0.15:
                return self.res_v6(reg) if any(i.v6 for i in self.isps[reg]) else \
                    self.addr_in(r.choice(self.isps[reg]).blocks, unique=False)
            return self.addr_in(r.choice(self.isps[reg]).blocks, unique=False)
        raise ValueError(src)

    def holdings(self):
        r = self.rng
        known = [d for d in self.dumps if d.known]
        priv = [d for d in self.dumps if not d.known]
        held = [d for d in known if r.random() < 0.6] or [r.choice(known)]
        held += [d for d in priv if r.random() < self.P["private"]]
        return held

    def attack_list(self, held, L, svc_share=None, cover=(0.15, 0.5)):
        r = self.rng
        pairs = []
        seen = set()
        for d in held:
            for typed, pw, svc in d.pairs:
                k = (norm(typed), pw)
                if k not in seen:
                    seen.add(k)
                    pairs.append((typed, pw, svc))
        # one night's run covers only part of what the attacker holds
        L = min(L, int(len(pairs) * u(r, *cover)))
        if svc_share is None:
            out = r.sample(pairs, min(L, len(pairs)))
        else:
            svc = [x for x in pairs if x[2]]
            oth = [x for x in pairs if not x[2]]
            ns = min(len(svc), int(L * svc_share))
            out = r.sample(svc, ns) + r.sample(oth, min(len(oth), L - ns))
            r.shuffle(out)
        return [(t, p) for t, p, _ in out]

    def ua_policy(self, kind):
        r = self.rng
        if kind == "tool":
            x = r.random()
            if x < 0.2:
                fixed = r.choice(["python-requests/2.31.0", "okhttp/4.12.0", "Go-http-client/2.0",
                                  "curl/8.4.0"])
                return lambda: fixed
            if x < 0.5:
                fixed = ua_desktop(r, old=True)
                return lambda: fixed
            pool = [ua_desktop(r, old=r.random() < 0.5) for _ in range(r.randint(3, 12))]
            return lambda: r.choice(pool)
        if kind == "browser":
            return lambda: ua_desktop(r, old=r.random() < 0.2)
        return lambda: ua_human(r)

    # ---------------------------------------------------------------- attack processes
    def g_schedule(self, sched, camp, follow):
        """sched: sorted list of (t, typed, pw, ip, ua)."""
        for t, typed, pw, ip, ua in sched:
            ok = yield ("try", t, typed, pw, ip, ua, camp, True)
            if ok:
                self.on_success(camp, typed, pw, t, ip, ua, follow)

    def on_success(self, camp, typed, pw, t, ip, ua, follow):
        r = self.rng
        n = norm(typed)
        if r.random() < follow.get("relogin", 0.0):
            self.start(self.g_one(t + r.randint(2 * SEC, 20 * SEC), typed, pw, ip, ua, camp),
                       "attacker", camp)
        if r.random() < follow.get("p", 0.6):
            self.start(self.g_takeover(n, typed, pw, t, camp, follow), "attacker",
                       camp + "-takeover")

    def g_one(self, t, typed, pw, ip, ua, camp):
        yield ("try", t, typed, pw, ip, ua, camp, False)

    def g_takeover(self, n, typed, pw, t, camp, follow):
        r = self.rng
        sessions = r.randint(1, 3)
        mix = follow.get("mix", [("res", 3), ("cgnat", 1), ("vpn", 3), ("host", 2)])
        ua = ua_human(r)
        t += r.randint(3 * MIN, 9 * HOUR)
        fails = 0
        for i in range(sessions):
            ip = self.proxy_ip(t, mix)
            ok = yield ("try", t, typed, pw, ip, ua, camp + "-takeover", False)
            if not ok:
                fails += 1
                if fails >= 2:
                    return
            elif i == 0 and r.random() < follow.get("change", 0.25):
                t += r.randint(30 * SEC, 8 * MIN)
                new = self.random_pw(r)
                self.tag(n, "attacker-changed-pw")
                yield ("setpw", t, n, new, "attacker")
                pw = new
            t += r.randint(10 * MIN, 6 * HOUR)

    def camp_stuff_dc(self, name, a):
        r = self.rng
        L = int(self.s * a * u(r, 1500, 6000))
        pairs = self.attack_list(self.holdings(), L)
        uaf = self.ua_policy("tool")
        prov = r.choice(self.hosting)
        waves = r.choices([1, 2, 3], [50, 35, 15])[0]
        per = len(pairs) // waves + 1
        sched = []
        starts = sorted(r.randrange(0, DAY - 5 * HOUR) for _ in range(waves))
        for w in range(waves):
            chunk = pairs[w * per:(w + 1) * per]
            if not chunk:
                continue
            a16 = r.choice(prov.blocks)
            c = r.randrange(256)
            ips = sorted(set(v4s(a16[0], a16[1], (c + r.randrange(3)) % 256, r.randrange(2, 250))
                             for _ in range(r.randint(2, 12))))
            dur = r.randint(20 * MIN, 4 * HOUR)
            for i, (typed, pw) in enumerate(chunk):
                t = starts[w] + int(i * dur / len(chunk)) + r.randrange(1500)
                sched.append((t, typed, pw, r.choice(ips), uaf()))
        sched.sort(key=lambda x: x[0])
        follow = dict(p=u(r, 0.4, 0.8), relogin=0.3 if r.random() < 0.5 else 0.0,
                      change=u(r, 0.1, 0.35))
        return sched, follow

    def camp_botnet(self, name, a):
        r = self.rng
        L = int(self.s * a * u(r, 5000, 15000))
        pairs = self.attack_list(self.holdings(), L, cover=(0.3, 0.8))
        start = r.randrange(0, 10 * HOUR)
        dur = r.randint(3 * HOUR, 14 * HOUR)
        mix = [("res", u(r, 40, 60)), ("home", u(r, 5, 15)), ("cgnat", u(r, 10, 25)),
               ("v6", u(r, 3, 12)), ("far", u(r, 5, 30)), ("vpn", u(r, 0, 5))]
        sched = []
        i = 0
        while i < len(pairs):
            k = r.choices([1, 2, 3, 4], [45, 30, 15, 10])[0]
            t = start + r.randrange(dur)
            ip = self.proxy_ip(t, mix)
            ua = ua_desktop(r, old=r.random() < 0.3) if r.random() < 0.85 else ua_phone(r, 0)
            for typed, pw in pairs[i:i + k]:
                sched.append((t, typed, pw, ip, ua))
                t += r.randint(1 * SEC, 90 * SEC)
            i += k
        sched.sort(key=lambda x: x[0])
        return sched, dict(p=u(r, 0.4, 0.8), change=u(r, 0.1, 0.3))

    def spray_targets(self, U):
        r = self.rng
        users = {}
        for d in self.holdings():
            for typed, _, _ in d.pairs:
                users.setdefault(norm(typed), typed)
        lst = list(users.values())
        out = r.sample(lst, min(len(lst), int(U * u(r, 0.5, 0.8))))
        # usernames harvested elsewhere (enumeration, scraping): some are real accounts
        extra = r.sample(self.consumer, min(len(self.consumer), U - len(out)))
        out += [x.user for x in extra]
        r.shuffle(out)
        return out

    def spray_passwords(self, k):
        r = self.rng
        top = self.common[:8] + ["Winter2026!", "Autumn2026!", "Welcome2026!", "Acme2026!"]
        rest = self.common[8:40]
        out = r.sample(top, min(k, len(top)))
        return out if r.random() < 0.7 else out[:-1] + [r.choice(rest)]

    def camp_spray(self, name, a):
        r = self.rng
        U = int(self.s * a * u(r, 800, 2500))
        k = r.randint(2, 6)
        k = max(1, min(k, int(12000 * self.s * a / max(1, U))))
        users = self.spray_targets(U)
        pws = self.spray_passwords(k)
        ips = [self.hosting_addr() for _ in range(r.randint(1, 3))]
        uaf = self.ua_policy("tool")
        start = r.randrange(0, DAY - 4 * HOUR)
        dur = r.randint(30 * MIN, 3 * HOUR)
        total = len(users) * len(pws)
        sched = []
        i = 0
        for pw in pws:
            for user in users:
                t = start + int(i * dur / total) + r.randrange(800)
                sched.append((t, user, pw, r.choice(ips), uaf()))
                i += 1
        sched.sort(key=lambda x: x[0])
        return sched, dict(p=u(r, 0.5, 0.9), change=u(r, 0.1, 0.3))

    def camp_spray_slow(self, name, a):
        r = self.rng
        U = int(self.s * a * u(r, 400, 1500))
        k = r.randint(1, 2)
        users = self.spray_targets(U)
        pws = self.spray_passwords(k)
        total = len(users) * len(pws)
        many = r.random() < 0.6
        single_ip = self.hosting_addr() if r.random() < 0.5 else self.fresh_residential()
        mix = [("res", 5), ("cgnat", 2), ("home", 1), ("vpn", 2), ("v6", 1)]
        uaf = self.ua_policy("browser")
        fixed_ua = uaf()
        sched = []
        i = 0
        ip, left = None, 0
        for pw in pws:
            for user in users:
                t = int(i * DAY / total) + r.randrange(int(DAY / total) + 1)
                if many:
                    if left <= 0:
                        ip, left = self.proxy_ip(t, mix), r.randint(1, 3)
                    left -= 1
                    sched.append((t, user, pw, ip, uaf()))
                else:
                    sched.append((t, user, pw, single_ip, fixed_ua))
                i += 1
        sched.sort(key=lambda x: x[0])
        return sched, dict(p=u(r, 0.5, 0.9), change=u(r, 0.1, 0.3))

    def brute_guesses(self, user, n):
        r = self.rng
        local = user.split("@")[0]
        name = "".join(ch for ch in local.split(".")[0] if ch.isalpha()) or "user"
        personal = [name + s for s in ("1", "123", "2024", "2025", "!", "12", "1234")] + \
                   [name.capitalize() + s for s in ("1", "123", "2024!", "2025!")]
        g = list(self.common[:n])
        for i, x in enumerate(personal):
            g.insert(min(len(g), r.randint(0, 60)), x)
        return g[:n]

    def brute_targets(self, k):
        r = self.rng
        weak = [a for a in self.consumer if a.kind == "weak" or a.current in self.common_set]
        out = []
        for _ in range(k):
            if weak and r.random() < 0.5:
                out.append(r.choice(weak))
            else:
                out.append(r.choice(self.consumer))
        return out

    def camp_brute(self, name, a, mode):
        r = self.rng
        k = 1 if mode == "v6" else r.randint(1, 3)
        sched = []
        for tgt in self.brute_targets(k):
            n = r.randint(100, 800) if mode != "v6" else r.randint(200, 1500)
            guesses = self.brute_guesses(tgt.user, n)
            start = r.randrange(0, DAY - 2 * HOUR)
            typed = tgt.user
            if mode == "fast":
                ip = self.hosting_addr()
                ua = ua_desktop(r, old=True)
                t = start
                for g in guesses:
                    sched.append((t, typed, g, ip, ua))
                    t += r.randint(150, 1500)
            elif mode == "v6":
                prov = r.choice(self.hosting)
                net = (prov.v6 << 96) | (r.getrandbits(32) << 64)
                ua = ua_desktop(r)
                t = start
                for g in guesses:
                    sched.append((t, typed, g, v6s(net | r.getrandbits(64)), ua))
                    t += r.randint(300, 2500)
            else:   # slow, from a few residential proxies, spread over the whole day
                ips = [self.proxy_ip(0, [("res", 3), ("cgnat", 1), ("vpn", 1)])
                       for _ in range(r.randint(3, 10))]
                ua = ua_desktop(r)
                n = min(n, r.randint(60, 250))
                step = DAY // (n + 1)
                t = r.randrange(step)
                for g in guesses[:n]:
                    sched.append((t, typed, g, r.choice(ips), ua))
                    t += int(step * u(r, 0.5, 1.5))
        sched.sort(key=lambda x: x[0])
        return sched, dict(p=0.9, change=u(r, 0.2, 0.5))

    def camp_checker(self, name, a):
        """validating a stash of credentials obtained earlier (phishing, older stuffing)"""
        r = self.rng
        M = max(2, int(self.s * a * u(r, 8, 30)))
        sched = []
        mix = [("res", 4), ("cgnat", 2), ("home", 1), ("vpn", 2)]
        for acct in r.sample(self.consumer, min(M, len(self.consumer))):
            pw = acct.start_pw if r.random() < 0.65 else (acct.old or self.variant(r, acct.start_pw))
            t = human_time(r, self.region_tz(self.pick_region()))
            sched.append((t, acct.user, pw, self.proxy_ip(t, mix), ua_human(r)))
        sched.sort(key=lambda x: x[0])
        return sched, dict(p=u(r, 0.5, 0.9), change=u(r, 0.2, 0.4),
                           mix=[("res", 3), ("cgnat", 2), ("vpn", 3)])

    def camp_blend(self, name, a):
        """low and slow from residential/carrier/VPN space, human timing and user agents"""
        r = self.rng
        L = int(self.s * a * u(r, 1500, 4000))
        pairs = self.attack_list(self.holdings(), L, svc_share=u(r, 0.03, 0.10))
        by_user = {}
        for typed, pw in pairs:
            by_user.setdefault(norm(typed), []).append((typed, pw))
        mix = [("cgnat", u(r, 25, 45)), ("res", u(r, 15, 30)), ("home", u(r, 5, 15)),
               ("vpn", u(r, 15, 30)), ("v6", u(r, 5, 15))]
        sched = []
        ip, left = None, 0
        for key in sorted(by_user, key=lambda x: r.random()):
            grp = by_user[key][:3]
            t = human_time(r, self.region_tz(self.pick_region()))
            if left <= 0:
                ip, left = self.proxy_ip(t, mix), r.choices([1, 2, 3], [60, 30, 10])[0]
            left -= 1
            ua = ua_human(r)
            for typed, pw in grp:
                sched.append((t, typed, pw, ip, ua))
                t += r.randint(4 * SEC, 40 * SEC)
        sched.sort(key=lambda x: x[0])
        return sched, dict(p=u(r, 0.3, 0.7), change=u(r, 0.05, 0.2),
                           mix=[("res", 3), ("cgnat", 3), ("vpn", 2), ("v6", 1)])

    def plan_attacks(self):
        r = self.rng
        a = self.P["attack"]
        self.campaigns = []
        counters = {}
        for kind, lo, hi in self.P["campaigns"]:
            for _ in range(r.randint(lo, hi)):
                counters[kind] = counters.get(kind, 0) + 1
                name = "%s-%d" % (kind, counters[kind])
                aa = a * u(r, 0.6, 1.4)
                if kind == "stuff-dc":
                    sched, follow = self.camp_stuff_dc(name, aa)
                elif kind == "stuff-botnet":
                    sched, follow = self.camp_botnet(name, aa)
                elif kind == "spray":
                    sched, follow = self.camp_spray(name, aa)
                elif kind == "spray-slow":
                    sched, follow = self.camp_spray_slow(name, aa)
                elif kind == "brute":
                    sched, follow = self.camp_brute(name, aa, "fast")
                elif kind == "brute-v6":
                    sched, follow = self.camp_brute(name, aa, "v6")
                elif kind == "brute-slow":
                    sched, follow = self.camp_brute(name, aa, "slow")
                elif kind == "checker":
                    sched, follow = self.camp_checker(name, aa)
                elif kind == "blend":
                    sched, follow = self.camp_blend(name, aa)
                else:
                    raise ValueError(kind)
                self.campaigns.append((name, kind, len(sched)))
                self.start(self.g_schedule(sched, name, follow), "attacker", name)

    # ---------------------------------------------------------------- top level
    def generate(self):
        self.setup_knobs()
        self.build_passwords()
        self.build_network()
        self.build_people()
        self.build_leaks()
        for a in self.consumer:
            if (a.user, a.start_pw) in self.known_pairs:
                a.persona.add("current-pair-in-combos")
        self.plan_honest()
        self.plan_qa()
        self.plan_attacks()
        self.run()

    def fmt_ts(self, t):
        ms = self.t0 + t
        d = datetime.datetime.fromtimestamp(ms // 1000, tz=datetime.timezone.utc)
        return d.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (ms % 1000)

    def write(self, out):
        os.makedirs(out, exist_ok=True)
        r = random.Random(self.rng.getrandbits(64))
        ev = sorted(self.events, key=lambda e: (e[0], e[1]))
        n = len(ev)
        swaps = int(n * 0.02)
        for _ in range(swaps):
            if n < 2:
                break
            i = r.randrange(n - 1)
            j = min(n - 1, i + r.randint(1, 12))
            ev[i], ev[j] = ev[j], ev[i]
        fp = self.fp
        truth = set()
        appear = {}
        ok_by_actor = {"honest": 0, "attacker": 0}
        with open(os.path.join(out, "events.jsonl"), "w", encoding="utf-8", newline="\n") as fe, \
                open(os.path.join(out, "event_labels.csv"), "w", encoding="utf-8",
                     newline="\n") as fl:
            fl.write("line,actor,campaign\n")
            for ln, (t, _, typed, ip, ok, pw, ua, actor, camp) in enumerate(ev, 1):
                rec = {"ts": self.fmt_ts(t), "user": typed, "ip": ip, "ok": ok,
                       "cred": fp.cred(typed, pw), "pw": fp.pw(pw), "ua": ua}
                fe.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
                fl.write("%d,%s,%s\n" % (ln, actor, camp))
                nu = norm(typed)
                appear.setdefault(nu, set()).add(actor)
                if ok:
                    ok_by_actor[actor] += 1
                    if actor == "attacker":
                        truth.add(nu)
        with open(os.path.join(out, "truth.csv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("user\n")
            for x in sorted(truth, key=lambda s: s.encode("utf-8")):
                f.write(x + "\n")
        counts = {"compromised": 0, "targeted": 0, "benign": 0}
        with open(os.path.join(out, "labels.csv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("user,label,scenario\n")
            for x in sorted(appear, key=lambda s: s.encode("utf-8")):
                if x in truth:
                    lab = "compromised"
                elif "attacker" in appear[x]:
                    lab = "targeted"
                else:
                    lab = "benign"
                counts[lab] += 1
                tags = set(self.event_tags.get(x, ()))
                a = self.accounts.get(x)
                if a is not None:
                    tags |= a.persona
                    if "attacker" not in appear[x]:
                        tags = {t for t in tags if not t.startswith("no-such")}
                else:
                    tags.add("no-such-account")
                if not tags:
                    tags.add("plain")
                f.write("%s,%s,%s\n" % (csv_field(x), lab, csv_field(";".join(sorted(tags)))))
        with open(os.path.join(out, "combos.txt"), "w", encoding="utf-8", newline="\n") as f:
            for ln in self.combo_lines:
                f.write(ln + "\n")
        with open(os.path.join(out, "passwords.txt"), "w", encoding="utf-8", newline="\n") as f:
            for p in self.common:
                f.write(p + "\n")
        camps = {}
        for c, (ne, nok, users, ips) in sorted(self.camp_stats.items()):
            camps[c] = {"events": ne, "successes": nok, "users": len(users), "ips": len(ips)}
        n_att = sum(1 for e in ev if e[7] == "attacker")
        consumer_active = sum(1 for a in self.consumer if a.user in appear)
        meta = {
            "generator": VERSION, "seed": self.seed, "profile": self.profile,
            "accounts": self.N, "date": self.date,
            "window": [self.fmt_ts(0), self.fmt_ts(DAY - 1)],
            "key": "credsieve-demo-key",
            "counts": {
                "events": n, "honest_events": n - n_att, "attacker_events": n_att,
                "honest_successes": ok_by_actor["honest"],
                "attacker_successes": ok_by_actor["attacker"],
                "truth": len(truth), "labels": counts, "users_in_events": len(appear),
                "consumer_accounts_in_events": consumer_active,
                "qa_accounts": sum(1 for a in self.accounts.values() if a.qa),
                "persons": len(self.persons), "households": len(self.households),
                "combos_lines": len(self.combo_lines), "passwords": len(self.common),
                "accounts_with_pair_in_combos": sum(
                    1 for a in self.consumer if any(t.startswith("leaked-") and
                                                    not t.endswith("-private")
                                                    for t in a.persona)),
                "accounts_current_pair_in_combos": sum(
                    1 for a in self.consumer if "current-pair-in-combos" in a.persona),
                "locally_shuffled_swaps": swaps,
            },
            "campaigns": [{"name": nm, "kind": k, "scheduled": ns} for nm, k, ns in
                          self.campaigns],
            "per_campaign": camps,
            "knobs": {k: round(v, 4) if isinstance(v, float) else v
                      for k, v in sorted(self.K.__dict__.items())},
        }
        with open(os.path.join(out, "meta.json"), "w", encoding="utf-8", newline="\n") as f:
            json.dump(meta, f, indent=2, ensure_ascii=False)
            f.write("\n")
        return meta


def csv_field(s):
    if any(ch in s for ch in ',"\n\r') or s != s.strip():
        return '"' + s.replace('"', '""') + '"'
    return s


def generate(seed, accounts, profile, out, date=DEFAULT_DATE):
    w = World(seed, accounts, profile, date)
    w.generate()
    return w.write(out)


# --------------------------------------------------------------------------------------------
# self test
# --------------------------------------------------------------------------------------------

def read_csv(path):
    import csv
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def check_dir(d):
    import re
    for key, user, pw, c, p in SPEC_VECTORS:
        f = Fingerprinter(key)
        assert f.cred(user, pw) == c, ("cred vector", user)
        assert f.pw(pw) == p, ("pw vector", user)
    ts_re = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
    hex_re = re.compile(r"^[0-9a-f]{16}$")
    fp = Fingerprinter()
    with open(os.path.join(d, "events.jsonl"), encoding="utf-8") as f:
        events = [json.loads(x) for x in f]
    labels = read_csv(os.path.join(d, "event_labels.csv"))
    assert labels[0] == ["line", "actor", "campaign"]
    labels = labels[1:]
    assert len(labels) == len(events), "event_labels rows != events"
    for i, (row, e) in enumerate(zip(labels, events), 1):
        assert int(row[0]) == i
        assert row[1] in ("honest", "attacker")
        assert set(e) == {"ts", "user", "ip", "ok", "cred", "pw", "ua"}
        assert ts_re.match(e["ts"]), e["ts"]
        assert isinstance(e["ok"], bool)
        assert hex_re.match(e["cred"]) and hex_re.match(e["pw"])
        assert e["user"].strip()
        ipaddress.ip_address(e["ip"])
    truth = [x[0] for x in read_csv(os.path.join(d, "truth.csv"))]
    assert truth[0] == "user"
    truth = truth[1:]
    assert len(truth) == len(set(truth))
    att_ok = set(norm(e["user"]) for e, row in zip(events, labels) if row[1] == "attacker" and e["ok"])
    assert set(truth) == att_ok, "truth != accounts with attacker success"
    for t in truth:
        assert t == norm(t)
    lab = read_csv(os.path.join(d, "labels.csv"))
    assert lab[0] == ["user", "label", "scenario"]
    lab = lab[1:]
    users_in_events = set(norm(e["user"]) for e in events)
    assert set(x[0] for x in lab) == users_in_events, "labels users != users in events"
    assert len(lab) == len(users_in_events)
    comp = set(x[0] for x in lab if x[1] == "compromised")
    assert comp == set(truth)
    attacked = set(norm(e["user"]) for e, row in zip(events, labels) if row[1] == "attacker")
    for x in lab:
        assert x[1] in ("compromised", "targeted", "benign")
        assert (x[1] == "targeted") == (x[0] in attacked and x[0] not in comp)
        assert x[2]
    combos = open(os.path.join(d, "combos.txt"), encoding="utf-8").read().split("\n")
    assert combos[-1] == ""
    combos = combos[:-1]
    known = set()
    for ln in combos:
        assert ":" in ln and ln.split(":", 1)[0].strip() and ln.split(":", 1)[1], ln
        us, pw = ln.split(":", 1)
        known.add(fp.cred(us, pw))
    pwl = open(os.path.join(d, "passwords.txt"), encoding="utf-8").read().split("\n")[:-1]
    assert len(pwl) == len(set(pwl)) and all(pwl)
    meta = json.load(open(os.path.join(d, "meta.json"), encoding="utf-8"))
    assert meta["counts"]["events"] == len(events)
    assert meta["counts"]["truth"] == len(truth)
    # some honest successes use a pair that is in the combo list
    hon_leaked = sum(1 for e, row in zip(events, labels)
                     if row[1] == "honest" and e["ok"] and e["cred"] in known)
    return dict(events=len(events), truth=len(truth), honest_leaked_ok=hon_leaked,
                attacker=sum(1 for r in labels if r[1] == "attacker"))


def selftest():
    tmp = tempfile.mkdtemp(prefix="gen4-selftest-")
    try:
        for key, user, pw, c, p in SPEC_VECTORS:
            f = Fingerprinter(key)
            assert f.cred(user, pw) == c and f.pw(pw) == p, "SPEC test vector failed"
        print("fingerprint test vectors: ok")
        for prof in PROFILES:
            d = os.path.join(tmp, prof)
            generate(7, 400, prof, d)
            st = check_dir(d)
            print("%-12s ok  events=%d attacker=%d truth=%d honest_ok_with_listed_pair=%d"
                  % (prof, st["events"], st["attacker"], st["truth"], st["honest_leaked_ok"]))
        d2 = os.path.join(tmp, "again")
        generate(7, 400, "mixed", d2)
        for fn in ("events.jsonl", "event_labels.csv", "labels.csv", "truth.csv", "combos.txt",
                   "passwords.txt", "meta.json"):
            a = open(os.path.join(tmp, "mixed", fn), "rb").read()
            b = open(os.path.join(d2, fn), "rb").read()
            assert a == b, "not deterministic: " + fn
        print("determinism: ok")
        print("selftest passed")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description="gen4 synthetic login-log generator")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--accounts", type=int, default=5000)
    ap.add_argument("--profile", choices=sorted(PROFILES), default="mixed")
    ap.add_argument("--out")
    ap.add_argument("--date", default=DEFAULT_DATE, help="UTC day to simulate (YYYY-MM-DD)")
    ap.add_argument("--selftest", action="store_true")
    ap.add_argument("--check", action="store_true", help="verify the written directory")
    args = ap.parse_args(argv)
    if args.selftest:
        selftest()
        return 0
    if not args.out:
        ap.error("--out is required")
    if args.accounts < 50:
        ap.error("--accounts must be at least 50")
    t = time.time()
    meta = generate(args.seed, args.accounts, args.profile, args.out, args.date)
    c = meta["counts"]
    print("gen4 %s seed=%d accounts=%d: %d events (%d attacker), truth=%d, %.1fs -> %s"
          % (args.profile, args.seed, args.accounts, c["events"], c["attacker_events"],
             c["truth"], time.time() - t, args.out), file=sys.stderr)
    if args.check:
        check_dir(args.out)
        print("check: ok", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
