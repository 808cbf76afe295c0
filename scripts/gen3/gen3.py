#!/usr/bin/env python3
"""gen3: an independent red-team generator of one night of authentication logs
for evaluating a credential-stuffing detector (see README.md beside this file).

Python 3.11, standard library only, deterministic: the same arguments give the
same bytes.  Usage:

    python3 gen3.py --seed S --accounts N --out DIR [--profile P]
    python3 gen3.py --check DIR
    python3 gen3.py --selftest

The generator is a small discrete-event simulation: honest people and
attackers are *planned* as attempts with an intended password (or a rule to
derive it, e.g. "what the person believes the password is" or "a typo of
it"); a single time-ordered pass then decides every outcome against the
account's password at that instant, so that password resets, attacker
password changes, locked-out victims and attacker revisits stay consistent.
"""
from __future__ import annotations

import argparse
import bisect
import csv
import datetime
import hashlib
import heapq
import hmac
import io
import ipaddress
import json
import math
import os
import random
import re
import sys
import unicodedata

VERSION = "gen3/1"
DEMO_KEY = b"credsieve-demo-key"
SEC, MIN, HOUR = 1000, 60_000, 3_600_000
DAY = 24 * HOUR
_UTC = datetime.timezone.utc
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=_UTC)
T0 = int((datetime.datetime(2026, 11, 20, tzinfo=_UTC) - _EPOCH).total_seconds()) * 1000
PROFILES = ("mixed", "hard-honest", "proxy-heavy", "slow")


# --------------------------------------------------------------------------
# fingerprints (SPEC section 2)
# --------------------------------------------------------------------------

def norm(user: str) -> str:
    return user.strip().lower()


def fp_pw(key: bytes, password: str) -> str:
    h = hashlib.sha1(password.encode("utf-8")).hexdigest().upper()
    return hmac.new(key, b"p1\0" + h.encode("ascii"), hashlib.sha256).hexdigest()[:16]


def fp_cred(key: bytes, user: str, password: str) -> str:
    msg = b"c1\0" + norm(user).encode("utf-8") + b"\0" + password.encode("utf-8")
    return hmac.new(key, msg, hashlib.sha256).hexdigest()[:16]


class FP:
    def __init__(self, key: bytes = DEMO_KEY):
        self.key = key
        self._pw: dict[str, str] = {}

    def pw(self, password: str) -> str:
        v = self._pw.get(password)
        if v is None:
            v = fp_pw(self.key, password)
            self._pw[password] = v
        return v

    def cred(self, user: str, password: str) -> str:
        return fp_cred(self.key, user, password)


TEST_VECTORS = [
    (b"credsieve-demo-key", "alice@example.com", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    (b"credsieve-demo-key", "  Alice@Example.COM ", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    (b"credsieve-demo-key", "bob", "correct horse battery staple", "b3c4edfb71b95783", "379b91546fb38da0"),
    (b"credsieve-demo-key", "\u00dcn\u00efcode@\u4f8b\u3048.jp", "p\u00e4ssw\u00f6rd:with:colons",
     "b00485ee34fad31d", "acadac23153ab923"),
    (b"s3cr3t-pepper", "alice@example.com", "hunter2", "57cab7f6c60a4041", "a82468d22c5531ab"),
    (b"s3cr3t-pepper", "bob", "correct horse battery staple", "f4be313772448b6f", "6e7632ab9a186ca4"),
]


def selftest() -> int:
    bad = 0
    for key, user, pw, cred, pwf in TEST_VECTORS:
        c, p = fp_cred(key, user, pw), fp_pw(key, pw)
        st = "ok" if (c, p) == (cred, pwf) else "FAIL"
        if st != "ok":
            bad += 1
        print(f"{st}: key={key.decode()!r} user={user!r} cred={c} (want {cred}) pw={p} (want {pwf})")
    # determinism smoke test on a tiny world
    a = generate(7, 300, "mixed")
    b = generate(7, 300, "mixed")
    same = a["files"] == b["files"]
    print(("ok" if same else "FAIL") + ": two runs with the same arguments give the same bytes")
    c = generate(8, 300, "mixed")
    diff = a["files"]["events.jsonl"] != c["files"]["events.jsonl"]
    print(("ok" if diff else "FAIL") + ": another seed gives other events")
    problems = check_bundle(a["files"], regen=a)
    print(("ok" if not problems else "FAIL") + f": consistency check of a 300-account night ({len(problems)} problems)")
    for p in problems[:10]:
        print("  ", p)
    bad += (not same) + (not diff) + bool(problems)
    print("selftest " + ("passed" if bad == 0 else f"FAILED ({bad})"))
    return 0 if bad == 0 else 1


# --------------------------------------------------------------------------
# vocabulary
# --------------------------------------------------------------------------

FIRST = list(dict.fromkeys((
    "james mary john patricia robert jennifer michael linda william elizabeth david barbara richard susan "
    "joseph jessica thomas sarah charles karen daniel nancy matthew lisa anthony betty mark sandra paul ashley "
    "steven kimberly andrew emily joshua donna kevin michelle brian carol george amanda timothy melissa ronald "
    "deborah jason stephanie edward rebecca jeffrey laura ryan sharon jacob cynthia gary kathleen nicholas amy "
    "eric angela jonathan shirley stephen anna larry brenda justin pamela scott emma brandon nicole benjamin "
    "helen samuel samantha lukas lea jonas mia leon hannah finn lena felix sophie maximilian marie elias emilia "
    "noah lina luca sofia mateo valentina santiago isabella diego camila pablo lucia javier martina alejandro "
    "paula carlos maria juan carmen miguel ana jose elena piotr krzysztof katarzyna tomasz magdalena pierre "
    "camille louis chloe hugo manon lucas ines raphael jade arjun priya rahul ananya vikram sneha rohan aisha "
    "haruto yui sota hina ren aoi joao beatriz gabriel larissa rafael fernanda olga igor dmitri natalia").split()))
UNICODE_FIRST = ["josé", "zoë", "chloé", "léa", "łukasz", "andré", "inês", "joão", "jürgen", "françois",
                 "ñusta", "søren", "björn", "małgorzata", "renée"]
LAST = list(dict.fromkeys((
    "smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson "
    "anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis "
    "robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera "
    "campbell mitchell carter roberts muller schmidt schneider fischer weber meyer wagner becker schulz hoffmann "
    "nowak kowalski wisniewski wojcik dubois durand leroy moreau simon laurent lefebvre michel fernandez gomez "
    "diaz alvarez romero silva santos oliveira souza costa pereira sharma patel singh kumar gupta sato suzuki "
    "takahashi tanaka watanabe ito rossi russo ferrari esposito bianchi romano ivanov petrov").split()))
UNICODE_LAST = ["müller", "gonzález", "pérez", "wiśniewski", "çelik", "šimek", "fernández", "jørgensen"]
PETS = ("max bella charlie luna lucy cooper daisy milo bailey coco rocky teddy simba nala oscar lola molly "
        "buddy toby bruno kira nemo sammy ginger pepper").split()
WORDS = ("sunshine dragon monkey football baseball shadow master princess summer winter flower soccer hockey "
         "killer starwars batman superman rainbow cookie chocolate butterfly purple orange banana tiger eagle "
         "falcon phoenix thunder silver golden diamond pirate ninja matrix hunter ranger forest ocean river "
         "mountain coffee pizza guitar music angel liverpool arsenal chelsea barcelona juventus yankees").split()
NICK = ("gamer wolf fox shadow ninja pixel storm cyber dark star moon sky blue red happy lucky crazy silent "
        "ghost rider king queen boss ace").split()
COMMON_TOP = (
    "123456 123456789 12345678 password qwerty123 qwerty 1234567 111111 12345 123123 1234567890 1234 abc123 "
    "password1 iloveyou 000000 1q2w3e4r qwertyuiop 123321 654321 dragon monkey letmein 666666 987654321 "
    "123qwe Password1 Password123 Password1! passw0rd P@ssw0rd welcome Welcome1 Welcome123 admin admin123 "
    "sunshine princess football baseball master shadow superman trustno1 starwars 7777777 121212 asdfgh "
    "asdfghjkl zxcvbnm 1q2w3e 1qaz2wsx qazwsx michael jordan23 hello123 freedom whatever charlie donald "
    "aa123456 loveme 112233 11111111 159753 qwe123 987654 555555 ashley bailey 696969 mustang access flower "
    "hottie batman hannah jessica zaq12wsx 147258369 999999 777777 888888 password123 Qwerty123! Aa123456 "
    "Qwerty1 abcd1234 q1w2e3r4 Passw0rd! Summer2024 Winter2025 Spring2026 Autumn2025 Welcome2025 Changeme1 "
    "changeme test123 Test1234 Test1234! iloveyou1 lovely 123abc").split()
SEASONS = ["Spring", "Summer", "Fall", "Autumn", "Winter"]
CORP_SEASONAL = ["Fall2026!", "Autumn2026!", "November2026!", "Welcome2026!", "Winter2026!", "Autumn2026",
                 "Fall2026", "Password2026!", "Welcome@2026"]
MARKETS = [
    # code, utc offset (h), weight, mail domains
    ("de", 1.0, 0.15, ["gmx.de", "web.de", "t-online.de", "gmail.com", "outlook.de", "posteo.de"]),
    ("uk", 0.0, 0.13, ["gmail.com", "btinternet.com", "hotmail.co.uk", "yahoo.co.uk", "outlook.com", "sky.com"]),
    ("fr", 1.0, 0.09, ["orange.fr", "free.fr", "gmail.com", "laposte.net", "hotmail.fr", "sfr.fr"]),
    ("es", 1.0, 0.07, ["gmail.com", "hotmail.es", "yahoo.es", "telefonica.net", "outlook.es"]),
    ("pl", 1.0, 0.06, ["wp.pl", "onet.pl", "o2.pl", "gmail.com", "interia.pl"]),
    ("us-e", -5.0, 0.18, ["gmail.com", "yahoo.com", "aol.com", "comcast.net", "outlook.com", "icloud.com", "verizon.net"]),
    ("us-w", -8.0, 0.10, ["gmail.com", "yahoo.com", "icloud.com", "hotmail.com", "sbcglobal.net"]),
    ("br", -3.0, 0.08, ["gmail.com", "hotmail.com", "uol.com.br", "bol.com.br", "yahoo.com.br"]),
    ("in", 5.5, 0.07, ["gmail.com", "rediffmail.com", "yahoo.co.in", "outlook.com"]),
    ("jp", 9.0, 0.07, ["gmail.com", "yahoo.co.jp", "docomo.ne.jp", "icloud.com", "ezweb.ne.jp"]),
]
SERVICE_DOMAIN = "nimbus-stream.com"
EXT_DOMAINS = ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "mail.ru", "yandex.ru", "aol.com",
               "gmx.net", "qq.com", "163.com", "naver.com", "libero.it", "hotmail.fr", "live.com", "icloud.com",
               "rambler.ru", "seznam.cz", "abv.bg", "ukr.net", "yahoo.fr", "web.de", "orange.fr"]

# local-hour weights (index = local hour)
W_HOME = [1.2, 0.6, 0.35, 0.25, 0.25, 0.45, 1.3, 2.8, 3.6, 3.2, 3.0, 3.0, 3.6, 3.2, 3.0, 3.0, 3.5, 4.4,
          5.6, 6.6, 7.0, 6.3, 4.6, 2.6]
W_WORK = [0.05, 0.03, 0.02, 0.02, 0.03, 0.1, 0.4, 1.6, 4.5, 6.0, 5.8, 5.0, 3.6, 4.8, 5.6, 5.0, 4.0, 2.2,
          0.9, 0.5, 0.4, 0.3, 0.2, 0.1]
W_EVENING = [1.5, 0.6, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 0.6, 0.6, 0.7, 0.8, 1.0, 0.9, 0.9, 1.0, 1.4, 2.2,
             4.0, 6.5, 8.0, 7.5, 5.5, 3.0]
W_STUDENT = [2.5, 1.5, 0.8, 0.4, 0.2, 0.2, 0.4, 1.5, 2.5, 3.0, 3.2, 3.2, 3.6, 3.4, 3.2, 3.2, 3.4, 3.6,
             4.0, 4.6, 5.0, 5.2, 4.8, 3.6]


def sample_local(rng: random.Random, weights, tz: float) -> int:
    h = rng.choices(range(24), weights)[0]
    local = h * HOUR + rng.randrange(HOUR)
    return int((local - tz * HOUR) % DAY)


def local_hour(t: int, tz: float) -> float:
    return ((t + tz * HOUR) % DAY) / HOUR


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    L, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


def fold(s: str) -> str:
    s = s.replace("ł", "l").replace("ø", "o").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


# --------------------------------------------------------------------------
# passwords and typos
# --------------------------------------------------------------------------

KEY_NEIGH = {}
_rows = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"]
for _r, _row in enumerate(_rows):
    for _i, _ch in enumerate(_row):
        n = []
        for _rr in (_r - 1, _r, _r + 1):
            if 0 <= _rr < len(_rows):
                for _j in (_i - 1, _i, _i + 1):
                    if 0 <= _j < len(_rows[_rr]) and _rows[_rr][_j] != _ch:
                        n.append(_rows[_rr][_j])
        KEY_NEIGH[_ch] = "".join(n)


def typo(rng: random.Random, pw: str) -> str:
    """A realistic near miss of pw (never equal to it)."""
    for _ in range(20):
        k = rng.random()
        i = rng.randrange(len(pw)) if pw else 0
        if k < 0.32 and pw:                               # adjacent key
            c = pw[i]
            nb = KEY_NEIGH.get(c.lower())
            if not nb:
                continue
            r = rng.choice(nb)
            out = pw[:i] + (r.upper() if c.isupper() else r) + pw[i + 1:]
        elif k < 0.48 and len(pw) > 1:                    # transposition
            i = min(i, len(pw) - 2)
            out = pw[:i] + pw[i + 1] + pw[i] + pw[i + 2:]
        elif k < 0.62 and len(pw) > 4:                    # dropped character
            out = pw[:i] + pw[i + 1:]
        elif k < 0.72:                                    # doubled character
            out = pw[:i] + pw[i:i + 1] + pw[i:]
        elif k < 0.82:                                    # caps lock
            out = pw.swapcase()
        elif k < 0.90 and pw:                             # first letter case (phone keyboard)
            out = pw[0].swapcase() + pw[1:]
        elif k < 0.95 and len(pw) > 3 and not pw[-1].isalnum():
            out = pw[:-1]                                 # forgot the trailing symbol
        else:
            out = pw + rng.choice("1!.")
        if out != pw and out:
            return out
    return pw + "x"


def user_typo(rng: random.Random, user: str) -> str:
    local, at, dom = user.partition("@")
    k = rng.random()
    if at and k < 0.35:
        swaps = {"gmail.com": ["gmial.com", "gmail.co", "gmai.com", "gmail.con", "gnail.com"],
                 "hotmail.com": ["hotmial.com", "hotmail.co", "hotmai.com"],
                 "yahoo.com": ["yaho.com", "yahoo.co", "yhaoo.com"],
                 "outlook.com": ["outlok.com", "outlook.co"]}
        alts = swaps.get(dom.lower())
        if alts:
            return local + "@" + rng.choice(alts)
        return local + "@" + dom[:-1] if len(dom) > 4 else local + "@" + dom + "m"
    if len(local) > 3:
        i = rng.randrange(len(local) - 1)
        if k < 0.6:
            local = local[:i] + local[i + 1] + local[i] + local[i + 2:]
        elif k < 0.8:
            local = local[:i] + local[i + 1:]
        else:
            local = local.replace(".", "", 1) if "." in local else local + "1"
    else:
        local = local + "1"
    return local + at + dom


def strong_pw(rng: random.Random) -> str:
    alpha = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    sym = "!#$%&*+-=?@^_"
    n = rng.randint(12, 20)
    s = [rng.choice(alpha) for _ in range(n)]
    for _ in range(rng.randint(1, 3)):
        s[rng.randrange(n)] = rng.choice(sym)
    return "".join(s)


def personal_variants(first: str, last: str, year: int) -> list[str]:
    f, l = fold(first), fold(last)
    F = f.capitalize()
    yy = f"{year % 100:02d}"
    return [f + str(year), F + str(year), F + yy, f + yy, f + "123", F + "123", F + "123!", f + l,
            f + l + yy, F + str(year) + "!", F + yy + "!", f + "1", F + "1", f + "12345", l + str(year),
            l.capitalize() + str(year), l + "123", f + "_" + l, F + l.capitalize(), f + "2026", F + "2026!",
            f + "1234", F + "@" + str(year), f[::-1] + yy, f + "." + l + yy]


# --------------------------------------------------------------------------
# addresses
# --------------------------------------------------------------------------

class Addr:
    """Allocates non-overlapping public blocks so that 'unrelated' really is unrelated."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used16: dict[int, str] = {}
        self.used_ip: dict[str, int] = {}
        self.used_v6: dict[int, str] = {}

    def block16(self, kind: str) -> int:
        rng = self.rng
        while True:
            a = rng.randint(1, 223)
            if a in (0, 10, 100, 127, 169, 172, 192, 198, 203) or a >= 224:
                continue
            key = (a << 8) | rng.randrange(256)
            if key in self.used16:
                continue
            if not ipaddress.IPv4Address(key << 16 | 0x0101).is_global:
                continue
            self.used16[key] = kind
            return key

    def host(self, b16: int, third: int | None = None, unique: bool = True) -> str:
        rng = self.rng
        for _ in range(1000):
            c = rng.randrange(256) if third is None else third
            ip = f"{b16 >> 8}.{b16 & 255}.{c}.{rng.randint(1, 254)}"
            if unique and ip in self.used_ip:
                continue
            self.used_ip[ip] = 1
            return ip
        raise RuntimeError("address block exhausted")

    def prefix32(self, kind: str, tops=(0x2a00, 0x2a01, 0x2a02, 0x2a03, 0x2a04, 0x2a05, 0x2600, 0x2601, 0x2602,
                                        0x2603, 0x2604, 0x2605, 0x2400, 0x2401, 0x2800, 0x2804)) -> int:
        while True:
            p = (self.rng.choice(tops) << 16) | self.rng.randrange(1 << 16)
            if p not in self.used_v6:
                self.used_v6[p] = kind
                return p

    @staticmethod
    def v6(p64: int, iid: int) -> str:
        return str(ipaddress.IPv6Address((p64 << 64) | iid))

    def rand64(self, p32: int) -> int:
        return (p32 << 32) | self.rng.randrange(1 << 32)


class Timeline:
    """Piecewise-constant value over the night (address leases, privacy addresses)."""
    __slots__ = ("starts", "vals")

    def __init__(self, rng: random.Random, mean_ms: float, picker, min_ms: int = 2 * MIN):
        t = -rng.randrange(int(mean_ms) + 1)
        self.starts = [0]
        self.vals = [picker()]
        while True:
            t += max(min_ms, int(rng.expovariate(1.0 / mean_ms)))
            if t >= DAY:
                break
            if t > 0:
                self.starts.append(t)
                self.vals.append(picker())

    def at(self, t: int):
        return self.vals[bisect.bisect_right(self.starts, t) - 1]


# --------------------------------------------------------------------------
# user agents
# --------------------------------------------------------------------------

def ua_browser(rng: random.Random) -> str:
    k = rng.choices(range(7), [34, 12, 11, 8, 12, 3, 2])[0]
    cv = rng.choice([124, 126, 128, 129, 130, 130, 131, 131, 131])
    fv = rng.choice([115, 128, 131, 132, 132, 133])
    if k == 0:
        return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Safari/537.36"
    if k == 1:
        return f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Safari/537.36"
    if k == 2:
        sv = rng.choice(["17.6", "18.0", "18.1", "18.1"])
        return f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{sv} Safari/605.1.15"
    if k == 3:
        return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{fv}.0) Gecko/20100101 Firefox/{fv}.0"
    if k == 4:
        return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Safari/537.36 Edg/{cv}.0.0.0"
    if k == 5:
        return f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Safari/537.36"
    return f"Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:{fv}.0) Gecko/20100101 Firefox/{fv}.0"


def ua_mobile(rng: random.Random) -> str:
    k = rng.choices(range(5), [30, 26, 20, 14, 10])[0]
    av = rng.choice(["6.14.2", "6.15.0", "6.15.1", "6.15.1", "6.13.0", "5.9.3"])
    if k == 0:
        ios = rng.choice(["17.6.1", "18.0.1", "18.1", "18.1.1"])
        dev = rng.choice(["iPhone14,5", "iPhone15,2", "iPhone16,1", "iPhone13,2", "iPhone17,3"])
        return f"NimbusStream/{av} ({dev}; iOS {ios}; Scale/3.00)"
    if k == 1:
        a = rng.choice(["12", "13", "14", "14", "15"])
        m = rng.choice(["SM-S918B", "SM-A546B", "Pixel 7", "Pixel 8 Pro", "M2101K6G", "CPH2451", "SM-G991B"])
        return f"NimbusStream/{av} (Android {a}; {m})"
    if k == 2:
        ios = rng.choice(["17_6_1", "18_0_1", "18_1"])
        return (f"Mozilla/5.0 (iPhone; CPU iPhone OS {ios} like Mac OS X) AppleWebKit/605.1.15 "
                f"(KHTML, like Gecko) Version/{ios.split('_')[0]}.0 Mobile/15E148 Safari/604.1")
    if k == 3:
        m = rng.choice(["SM-A546B", "Pixel 7a", "moto g54 5G", "2201117TY"])
        cv = rng.choice([129, 130, 131])
        return (f"Mozilla/5.0 (Linux; Android 14; {m}) AppleWebKit/537.36 (KHTML, like Gecko) "
                f"Chrome/{cv}.0.0.0 Mobile Safari/537.36")
    return f"okhttp/4.{rng.choice([9, 10, 12])}.0"


def ua_tablet(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return ("Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                "Version/17.6 Mobile/15E148 Safari/604.1")
    return f"NimbusStream/6.15.0 (Android 13; SM-X200)"


TOR_UA = "Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0"
ATTACK_UAS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/112.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/115.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.5 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/103.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
]
TOOL_UAS = ["python-requests/2.31.0", "Go-http-client/1.1", "Mozilla/5.0", "curl/8.5.0", "axios/1.6.2"]


def attack_ua_picker(rng: random.Random, style: str):
    if style == "fixed":
        u = rng.choice(ATTACK_UAS)
        return lambda: u
    if style == "tool":
        u = rng.choice(TOOL_UAS)
        return lambda: u
    if style == "app":              # mimic the mobile app (old build)
        u = f"NimbusStream/6.{rng.choice([9, 11, 12])}.0 (iPhone13,2; iOS 16.5; Scale/3.00)"
        return lambda: u
    if style == "real":             # modern real-looking rotation
        pool = [ua_browser(rng) for _ in range(8)] + [ua_mobile(rng) for _ in range(6)]
        return lambda: rng.choice(pool)
    return lambda: rng.choice(ATTACK_UAS)


# --------------------------------------------------------------------------
# parameters per profile (magnitudes drawn from ranges by the seed)
# --------------------------------------------------------------------------

def make_params(profile: str, n: int, rng: random.Random) -> dict:
    U = rng.uniform
    p = dict(
        active=U(0.55, 0.72), sess_mean=U(3.0, 4.8), typo=U(0.03, 0.07), user_typo=U(0.006, 0.014),
        case_var=U(0.04, 0.12), old_first=U(0.06, 0.16), mobile=U(0.62, 0.82), v6_isp=U(0.35, 0.6),
        v6_carrier=U(0.3, 0.6), subs_per_addr=U(4, 9), pool_lease_min=U(25, 150), carriers_per_market=2,
        hh_weights=[0.34, 0.30, 0.18, 0.13, 0.05], tablet=U(0.15, 0.35),
        work=U(0.07, 0.12), uni=U(0.03, 0.06), n_comp=rng.randint(2, 4), vpn=U(0.02, 0.045),
        tor=U(0.003, 0.008), travel=U(0.02, 0.04), venue=U(0.04, 0.08), oneoff=U(0.01, 0.03),
        stale=U(0.006, 0.013), forgot=U(0.008, 0.016), reset=U(0.4, 0.7), multi=U(0.05, 0.09),
        child=U(0.01, 0.025), shared=U(0.004, 0.009), wrong_email=U(0.003, 0.008),
        reuse=U(0.06, 0.11), reuse_known=U(0.45, 0.75), old_leak=U(0.1, 0.2), old_known=U(0.5, 0.8),
        other_leak=U(0.1, 0.2), dormant=U(0.02, 0.04), common=U(0.015, 0.03), ext_ratio=U(7, 11), extra_known=U(1.5, 3.5),
        probes=rng.randint(2, 4), qa_runs=rng.randint(4, 10), qa_pw_leaked=rng.random() < 0.5,
        # attacks
        n_host=rng.randint(2, 4), host_att=U(3500, 9000), host_pacing=["fast", "slow", "pause"],
        n_proxy=rng.randint(1, 2), proxy_att=U(6000, 15000), proxy_home=U(0.03, 0.08),
        proxy_cgnat=U(0.08, 0.2), proxy_v6=U(0.04, 0.12), proxy_pacing=["burst", "spread"],
        spray_single=1, spray_dist=rng.randint(0, 1), spray_targets=U(0.08, 0.25),
        n_brute=rng.randint(3, 7), v6rot=1, v6_att=U(900, 3000), hits=U(12, 40), anon=rng.randint(0, 1),
        p_change=U(0.08, 0.25), victim_reset=U(0.35, 0.65),
    )
    if profile == "hard-honest":
        p.update(active=U(0.65, 0.8), sess_mean=U(4.0, 6.0), typo=U(0.05, 0.09), old_first=U(0.15, 0.3),
                 mobile=U(0.8, 0.92), subs_per_addr=U(9, 20), pool_lease_min=U(10, 60),
                 hh_weights=[0.15, 0.28, 0.25, 0.2, 0.12], tablet=U(0.3, 0.5), work=U(0.12, 0.2),
                 uni=U(0.06, 0.1), n_comp=rng.randint(3, 5), vpn=U(0.04, 0.07), tor=U(0.006, 0.012),
                 travel=U(0.04, 0.07), venue=U(0.08, 0.14), stale=U(0.015, 0.03), forgot=U(0.015, 0.03),
                 multi=U(0.08, 0.14), shared=U(0.01, 0.02), reuse=U(0.06, 0.1), reuse_known=U(0.7, 0.9),
                 old_leak=U(0.18, 0.3), old_known=U(0.75, 0.95), dormant=U(0.05, 0.09), common=U(0.025, 0.045),
                 probes=rng.randint(3, 6), qa_runs=rng.randint(8, 14), qa_pw_leaked=True,
                 n_host=rng.randint(1, 3), host_att=U(3000, 8000), n_proxy=rng.randint(1, 2),
                 proxy_att=U(5000, 12000), proxy_home=U(0.08, 0.15), proxy_cgnat=U(0.15, 0.3))
    elif profile == "proxy-heavy":
        p.update(n_host=rng.randint(0, 1), host_att=U(2000, 5000), n_proxy=rng.randint(2, 4),
                 proxy_att=U(9000, 18000), proxy_home=U(0.1, 0.2), proxy_cgnat=U(0.3, 0.45),
                 proxy_v6=U(0.08, 0.18), spray_single=0, spray_dist=rng.randint(1, 2), v6rot=rng.randint(0, 1),
                 hits=U(25, 60), subs_per_addr=U(5, 12))
    elif profile == "slow":
        p.update(host_pacing=["slow", "slowpause", "slow"], proxy_pacing=["spread"], n_host=rng.randint(3, 5),
                 host_att=U(2500, 6000), proxy_att=U(7000, 15000), v6_att=U(500, 1500))
    return p


# --------------------------------------------------------------------------
# world model
# --------------------------------------------------------------------------

class Device:
    __slots__ = ("ua", "kind", "v6ok", "iid_tl")

    def __init__(self, ua, kind, v6ok):
        self.ua, self.kind, self.v6ok, self.iid_tl = ua, kind, v6ok, None


class Account:
    __slots__ = ("user", "norm", "kind", "pw", "old_pws", "owners", "tags", "cur_pw", "honest_pw",
                 "attacker_set", "reacting", "pw_style", "first", "last", "year", "market")

    def __init__(self, user, kind):
        self.user, self.norm, self.kind = user, norm(user), kind
        self.pw, self.old_pws, self.owners, self.tags = "", [], [], []
        self.cur_pw = self.honest_pw = ""
        self.attacker_set = False
        self.reacting = False
        self.pw_style = ""
        self.first = self.last = ""
        self.year = 1990
        self.market = None


class Person:
    __slots__ = ("pid", "market", "tz", "first", "last", "year", "hh", "carrier", "mob_tl", "company", "uni",
                 "vpn", "tor", "travel", "venue", "oneoff", "phone", "desk", "accounts", "rate", "case",
                 "typo_p", "role_tags", "out")

    def __init__(self, pid, market):
        self.pid, self.market, self.tz = pid, market, market["tz"]
        self.hh = self.carrier = self.mob_tl = self.company = self.uni = self.vpn = None
        self.tor = False
        self.travel = self.venue = None
        self.oneoff = 0.0
        self.accounts = []
        self.rate = 0.0
        self.case = "as"
        self.typo_p = 0.0
        self.role_tags = []
        self.out = (8.0, 18.0)


class Household:
    __slots__ = ("market", "isp", "v4_tl", "v4", "v64", "tablet", "members")


class World:
    def __init__(self, seed: int, n: int, profile: str):
        self.seed, self.n, self.profile = seed, n, profile
        self.base = f"gen3|{seed}|{n}|{profile}"
        self.rng = self.sub("world")
        self.P = make_params(profile, n, self.sub("params"))
        self.s = n / 5000.0
        self.addr = Addr(self.sub("addr"))
        self.by_norm: dict[str, Account] = {}
        self.accounts: list[Account] = []
        self.persons: list[Person] = []
        self.taken_names: dict[str, int] = {}

    def sub(self, name: str) -> random.Random:
        return random.Random(self.base + "|" + name)

    def sc(self, x: float, lo: int = 1) -> int:
        return max(lo, int(round(x * self.s)))

    # ---------------- infrastructure
    def build_infra(self):
        rng, A, P = self.sub("infra"), self.addr, self.P
        self.markets = []
        for code, tz, w, doms in MARKETS:
            m = {"code": code, "tz": tz, "w": w, "doms": doms, "isps": [], "carriers": []}
            for _ in range(rng.randint(2, 3)):
                isp = {"blocks": [A.block16("isp") for _ in range(rng.randint(2, 5))],
                       "v6": A.prefix32("isp") if rng.random() < P["v6_isp"] else None,
                       "renumber": rng.uniform(0.0, 0.08)}
                m["isps"].append(isp)
            for ci in range(P["carriers_per_market"]):
                b = [A.block16("carrier") for _ in range(rng.randint(1, 2))]
                nets = [(rng.choice(b), rng.randrange(256)) for _ in range(rng.randint(2, 6))]
                m["carriers"].append({"pool": [], "nets": nets, "subs": 0,
                                      "v6": A.prefix32("carrier") if rng.random() < P["v6_carrier"] else None,
                                      "lease": P["pool_lease_min"] * rng.uniform(0.5, 1.6) * MIN,
                                      "weight": 0.7 if ci == 0 else 0.3})
            self.markets.append(m)
        self.hosting = [A.block16("hosting") for _ in range(rng.randint(14, 22))]
        self.hosting_v6 = [A.prefix32("hosting", tops=(0x2a01, 0x2a03, 0x2a05, 0x2604, 0x2605, 0x2001))
                           for _ in range(5)]
        # VPN providers: exits in hosting space (the same clouds attackers rent)
        self.vpns = []
        for _ in range(rng.randint(2, 4)):
            exits = []
            for _ in range(rng.randint(2, 5)):
                b16, third = rng.choice(self.hosting), rng.randrange(256)
                exits += [A.host(b16, third) for _ in range(rng.randint(3, 12))]
            self.vpns.append(exits)
        self.tor_exits = [A.host(rng.choice(self.hosting)) for _ in range(rng.randint(40, 90))]
        # companies and universities
        self.companies = []
        for i in range(P["n_comp"]):
            m = rng.choices(self.markets, [x["w"] for x in self.markets])[0]
            b16, third = rng.choice(rng.choice(m["isps"])["blocks"]), rng.randrange(256)
            base = rng.randrange(0, 240, 16)
            nprox = rng.randint(1, 4)
            addrs = [f"{b16 >> 8}.{b16 & 255}.{third}.{base + 1 + k}" for k in range(nprox)]
            for x in addrs:
                A.used_ip[x] = 1
            dom = rng.choice(["acme-logistics", "northwind", "contoso-health", "globex", "initech", "umbrella-re",
                              "vandelay", "hooli-eu", "stark-ind", "wayne-fin"]) + rng.choice([".com", ".de", ".co.uk", ".fr"])
            self.companies.append({"market": m, "addrs": addrs, "dom": dom, "name": dom.split(".")[0].split("-")[0],
                                   "seasonal": rng.uniform(0.03, 0.12)})
        self.unis = []
        for i in range(max(1, min(3, self.sc(rng.uniform(1, 2))))):
            m = rng.choices(self.markets, [x["w"] for x in self.markets])[0]
            b16 = A.block16("university")
            third = rng.randrange(256)
            self.unis.append({"market": m, "pool": [f"{b16 >> 8}.{b16 & 255}.{third}.{k}" for k in
                                                    range(rng.randrange(8, 200, 8), 256)][: rng.randint(8, 48)],
                              "dom": rng.choice(["student.uni-example.edu", "stud.tu-nord.de", "etu.univ-sud.fr",
                                                 "alumnos.uc3-ex.es"])})
        # venues (cafes, libraries, schools), hotels, airports
        self.venues = []
        for _ in range(self.sc(rng.uniform(8, 18))):
            m = rng.choices(self.markets, [x["w"] for x in self.markets])[0]
            kind = rng.choice(["cafe", "library", "school", "cafe", "coworking"])
            hours = {"cafe": (7, 22), "library": (9, 20), "school": (8, 16), "coworking": (8, 21)}[kind]
            self.venues.append({"market": m, "kind": kind, "open": hours,
                                "ip": A.host(rng.choice(rng.choice(m["isps"])["blocks"]))})
        self.hotels = []
        for _ in range(self.sc(rng.uniform(4, 10))):
            m = rng.choice(self.markets)
            b16 = rng.choice(rng.choice(m["isps"])["blocks"])
            third = rng.randrange(256)
            self.hotels.append({"market": m, "kind": "hotel",
                                "ips": [A.host(b16, third) for _ in range(rng.randint(1, 3))]})
        for _ in range(rng.randint(2, 4)):
            m = rng.choice(self.markets)
            b16 = A.block16("airport")
            third = rng.randrange(256)
            self.hotels.append({"market": m, "kind": "airport",
                                "ips": [A.host(b16, third) for _ in range(rng.randint(2, 6))]})

    # ---------------- accounts and people
    def new_name(self, rng, market, kind, first=None, last=None, year=None, dom=None):
        for attempt in range(200):
            uni = rng.random() < 0.02
            f = first or (rng.choice(UNICODE_FIRST) if uni else rng.choice(FIRST))
            l = last or (rng.choice(UNICODE_LAST) if uni and rng.random() < 0.5 else rng.choice(LAST))
            y = year or rng.randint(1952, 2008)
            ff, fl = fold(f), fold(l)
            style = rng.random()
            if kind == "work":
                local = rng.choice([f"{ff}.{fl}", f"{ff[0]}{fl}", f"{ff}.{fl}", f"{ff}{fl[0]}"])
            elif style < 0.32:
                local = f"{ff}.{fl}"
            elif style < 0.5:
                local = f"{ff}{fl}{y % 100:02d}"
            elif style < 0.62:
                local = f"{ff}_{fl}{rng.randint(1, 999)}"
            elif style < 0.72:
                local = f"{ff[0]}{fl}{rng.randint(1, 99)}"
            elif style < 0.80:
                local = f"{ff}{y}"
            elif style < 0.88:
                local = f"{rng.choice(NICK)}{rng.choice(['_', '', '.'])}{rng.choice(PETS + NICK)}{rng.randint(1, 9999)}"
            elif style < 0.93 and uni:
                local = f"{f}.{l}"  # unicode local part (kept as typed)
            else:
                local = f"{ff}.{fl}{rng.randint(1, 99)}"
            if attempt >= 20:                          # namesakes: add digits, as real sign-ups do
                local += str(rng.randint(2, 999))
            if rng.random() < 0.04 and kind == "personal":
                user = local  # bare user name, not an e-mail
            else:
                user = local + "@" + (dom or rng.choice(market["doms"] if market else EXT_DOMAINS))
            if rng.random() < 0.08:                    # registered with capitals
                user = user[0].upper() + user[1:]
            if rng.random() < 0.03:
                user = ".".join(x.capitalize() for x in user.split("@")[0].split(".")) + (
                    "@" + user.split("@")[1] if "@" in user else "")
            nu = norm(user)
            if nu in self.taken_names or ":" in user or not nu:
                continue
            self.taken_names[nu] = 1
            return user, f, l, y
        raise RuntimeError("name space exhausted")

    def pick_password(self, rng, acct: Account, corp=None) -> tuple[str, str]:
        P = self.P
        r = rng.random()
        if corp and rng.random() < corp["seasonal"]:
            return rng.choice(CORP_SEASONAL + [corp["name"].capitalize() + "2026!"]), "seasonal"
        if r < P["common"]:
            i = min(len(COMMON_TOP) - 1, int(rng.paretovariate(0.9)) - 1)   # Zipf-like: 123456 first
            return COMMON_TOP[i if rng.random() < 0.6 else rng.randrange(len(COMMON_TOP))], "common"
        r = rng.random()
        if r < 0.34:
            pv = personal_variants(acct.first, acct.last, acct.year)
            return rng.choice(pv[:16]), "personal"
        if r < 0.42:
            return rng.choice(PETS).capitalize() + rng.choice(["", "!", "."]) + str(rng.randint(1, 2024)), "pet"
        if r < 0.68:
            w = rng.choice(WORDS)
            if rng.random() < 0.5:
                w = w.capitalize()
            return w + str(rng.randint(0, 9999)) + rng.choice(["", "", "!", "?", "#"]), "word"
        if r < 0.93:
            return strong_pw(rng), "random"
        if r < 0.97:
            return "-".join(rng.choice(WORDS) for _ in range(rng.randint(3, 4))), "passphrase"
        return (rng.choice(["mot:de:passe", "pässwört", "contraseña", "ключ", "Grüße", "día:", "açaí"])
                + str(rng.randint(10, 99))), "unicode"

    def derive_old(self, rng, acct: Account) -> str:
        """The password used before the current one (often a close relative)."""
        cur = acct.pw
        for _ in range(10):
            r = rng.random()
            if r < 0.35 and acct.pw_style in ("personal", "word", "pet", "seasonal", "common"):
                m = re.search(r"(\d+)(\D*)$", cur)
                if m and len(m.group(1)) <= 4:
                    n = max(0, int(m.group(1)) - rng.randint(1, 3))
                    old = cur[:m.start(1)] + str(n) + m.group(2)
                else:
                    old = cur.rstrip("!?#.") if cur[-1] in "!?#." else cur + "1"
            elif r < 0.65:
                old = rng.choice(personal_variants(acct.first, acct.last, acct.year))
            elif r < 0.85:
                old = rng.choice(WORDS) + str(rng.randint(0, 999))
            else:
                old = rng.choice(COMMON_TOP[:60])
            if old != cur and old not in acct.old_pws:
                return old
        return cur + "_old"

    def build_people(self):
        rng, P, n = self.sub("people"), self.P, self.n
        mw = [m["w"] for m in self.markets]
        n_test = max(4, min(60, int(8 + n * 0.002)))
        n_qa = max(6, min(120, int(12 + n * 0.004)))
        n_shared = max(1, int(n * P["shared"]))
        n_work = int(n * P["work"])
        n_child = int(n * P["child"])
        n_personal = n - n_test - n_qa - n_shared - n_work - n_child
        acc = self.accounts

        def add(user, kind, first="", last="", year=1990, market=None):
            a = Account(user, kind)
            a.first, a.last, a.year, a.market = first, last, year, market
            self.by_norm[a.norm] = a
            acc.append(a)
            return a

        # personal accounts, one person each
        for i in range(n_personal):
            m = rng.choices(self.markets, mw)[0]
            user, f, l, y = self.new_name(rng, m, "personal")
            a = add(user, "personal", f, l, y, m)
            p = Person(len(self.persons), m)
            p.first, p.last, p.year = f, l, y
            p.accounts.append(a)
            a.owners.append(p)
            self.persons.append(p)
        persons = list(self.persons)
        # work accounts (some owners also have a personal account: multi-account people)
        self.comp_members = {i: [] for i in range(len(self.companies))}
        for i in range(n_work):
            ci = rng.randrange(len(self.companies))
            comp = self.companies[ci]
            m = comp["market"]
            same = [q for q in rng.sample(persons, min(40, len(persons))) if q.market is m and q.company is None]
            if same and rng.random() < min(0.9, P["multi"] * 7):
                p = same[0]
            else:
                p = Person(len(self.persons), m)
                user, f, l, y = self.new_name(rng, m, "personal")
                p.first, p.last, p.year = f, l, y
                self.persons.append(p)
            user, _, _, _ = self.new_name(rng, m, "work", p.first, p.last, p.year, comp["dom"])
            a = add(user, "work", p.first, p.last, p.year, m)
            p.accounts.append(a)
            a.owners.append(p)
            p.company = comp
            self.comp_members[ci].append(p)
        # children's accounts managed by a parent
        for i in range(n_child):
            p = rng.choice(persons)
            user, f, l, y = self.new_name(rng, p.market, "personal", last=p.last, year=rng.randint(2009, 2016))
            a = add(user, "child", f, p.last, y, p.market)
            p.accounts.append(a)
            a.owners.append(p)
            p.role_tags.append("parent-of-child-account")
        # streaming-style shared accounts: 2-4 households in different cities
        self.shared = []
        for i in range(n_shared):
            owners = []
            for q in rng.sample(persons, min(len(persons), 12)):
                if all(o.market is not q.market or rng.random() < 0.3 for o in owners):
                    owners.append(q)
                if len(owners) >= rng.randint(2, 4):
                    break
            o0 = owners[0]
            user, f, l, y = self.new_name(rng, o0.market, "personal", o0.first, o0.last, o0.year)
            a = add(user, "shared", o0.first, o0.last, o0.year, o0.market)
            for q in owners:
                q.accounts.append(a)
                a.owners.append(q)
            self.shared.append(a)
        # monitoring and QA test accounts
        self.test_accts = [add(f"synthetic-{rng.choice(['eu', 'us', 'ap'])}-{i:02d}@probe.{SERVICE_DOMAIN}", "test")
                           for i in range(n_test)]
        self.qa_accts = [add(f"qa.auto.{i:04d}@{SERVICE_DOMAIN}", "qa") for i in range(n_qa)]
        # passwords
        prng = self.sub("passwords")
        comp_of = {}
        for p in self.persons:
            for a in p.accounts:
                if a.kind == "work":
                    comp_of[a.norm] = p.company
        for a in acc:
            if a.kind in ("test", "qa"):
                continue
            a.pw, a.pw_style = self.pick_password(prng, a, comp_of.get(a.norm))
            # some people reuse one password across their own accounts
            if a.kind != "personal" and a.owners and prng.random() < 0.35:
                a.pw, a.pw_style = a.owners[0].accounts[0].pw, a.owners[0].accounts[0].pw_style
            if prng.random() < 0.55:
                a.old_pws.append(self.derive_old(prng, a))
                if prng.random() < 0.3:
                    a.old_pws.insert(0, self.derive_old(prng, a))
        self.qa_pw = rng.choice(["Welcome123!", "Passw0rd!", "Test1234!"]) if P["qa_pw_leaked"] else \
            "Qa-" + strong_pw(rng)[:10]
        for a in self.qa_accts:
            a.pw, a.pw_style = self.qa_pw, "qa-shared"
        for i, a in enumerate(self.test_accts):
            a.pw, a.pw_style = ("Test1234!" if i % 7 == 3 else "Mon-" + strong_pw(prng)[:12]), "test"
        for a in acc:
            a.cur_pw = a.honest_pw = a.pw
        # households
        for m in self.markets:
            members = [p for p in self.persons if p.market is m]
            rng.shuffle(members)
            i = 0
            while i < len(members):
                size = rng.choices([1, 2, 3, 4, 5], P["hh_weights"])[0]
                hh = Household()
                hh.market, hh.isp = m, rng.choice(m["isps"])
                hh.members = members[i:i + size]
                i += size
                blk = rng.choice(hh.isp["blocks"])
                first_ip = self.addr.host(blk)
                if rng.random() < hh.isp["renumber"]:
                    t_switch = rng.randrange(DAY)
                    second = self.addr.host(blk)
                    hh.v4_tl = (t_switch, first_ip, second)
                else:
                    hh.v4_tl = (DAY, first_ip, first_ip)
                hh.v4 = first_ip
                hh.v64 = self.addr.rand64(hh.isp["v6"]) if hh.isp["v6"] and rng.random() < 0.85 else None
                hh.tablet = Device(ua_tablet(rng), "tablet", True) if rng.random() < P["tablet"] * (size > 1) else None
                for p in hh.members:
                    p.hh = hh
        self.households = []
        seen = {}
        for p in self.persons:
            if id(p.hh) not in seen:
                seen[id(p.hh)] = 1
                self.households.append(p.hh)
        # carrier-grade NAT pools: a few /24s per carrier, sized so that each public address is
        # shared by several of *this service's* subscribers over the night (the carrier has many more)
        for p in self.persons:
            if rng.random() < P["mobile"]:
                p.carrier = rng.choices(p.market["carriers"], [c["weight"] for c in p.market["carriers"]])[0]
                p.carrier["subs"] += 1
        for m in self.markets:
            for c in m["carriers"]:
                size = max(12, int(c["subs"] / (P["subs_per_addr"] * rng.uniform(0.7, 1.4))))
                pool = {}
                while len(pool) < size:
                    b16, third = rng.choice(c["nets"])
                    pool[self.addr.host(b16, third)] = 1
                c["pool"] = list(pool)
        # per-person traits
        for p in self.persons:
            m = p.market
            p.phone = Device(ua_mobile(rng), "phone", rng.random() < 0.8)
            p.desk = Device(ua_browser(rng), "desktop", rng.random() < 0.9)
            if p.hh.v64:
                for d in (p.phone, p.desk):
                    d.iid_tl = Timeline(rng, rng.uniform(1.5, 8) * HOUR, lambda: rng.getrandbits(64) | (1 << 57))
            if p.carrier:
                c = p.carrier
                v6 = c["v6"] if p.phone.v6ok else None
                p.mob_tl = Timeline(rng, c["lease"], lambda: (
                    rng.choice(c["pool"]), Addr.v6(self.addr.rand64(v6), rng.getrandbits(64)) if v6 else None))
            if p.company is None and rng.random() < 0.08:
                same = [c for c in self.companies if c["market"] is m]
                if same:
                    p.company = rng.choice(same)   # works there, only a personal account here
            if p.company is None and rng.random() < P["uni"] * 3:
                same = [u for u in self.unis if u["market"] is m]
                if same or rng.random() < 0.2:
                    p.uni = (same or self.unis)[0] if same else rng.choice(self.unis)
            r = rng.random()
            if r < P["vpn"]:
                p.vpn = rng.choice(self.vpns)
            elif r < P["vpn"] + P["tor"]:
                p.tor = True
            if rng.random() < P["travel"]:
                h = rng.choice([x for x in self.hotels if x["kind"] == "hotel"])
                ap = [x for x in self.hotels if x["kind"] == "airport"]
                p.travel = (h, rng.choice(ap) if ap and rng.random() < 0.5 else None)
            if rng.random() < P["venue"]:
                same = [v for v in self.venues if v["market"] is m] or self.venues
                p.venue = rng.choice(same)
            p.oneoff = P["oneoff"] if rng.random() < 0.5 else 0.0
            p.rate = P["sess_mean"] * rng.lognormvariate(0, 0.5) if rng.random() < P["active"] else 0.0
            p.case = rng.choices(["as", "lower", "cap", "space"],
                                 [1 - P["case_var"], P["case_var"] * 0.3, P["case_var"] * 0.6, P["case_var"] * 0.1])[0]
            p.typo_p = P["typo"] * rng.lognormvariate(0, 0.6)
            p.out = (rng.uniform(6.5, 9.5), rng.uniform(16.0, 20.5))   # leaves home / comes back (local)

    # ---------------- leaks
    def build_leaks(self):
        rng, P = self.sub("leaks"), self.P
        n_dumps = rng.randint(5, 8)
        n_known = rng.randint(2, max(2, n_dumps - 3))
        known = [i < n_known for i in range(n_dumps)]
        rng.shuffle(known)
        kd = [i for i in range(n_dumps) if known[i]]
        ud = [i for i in range(n_dumps) if not known[i]]
        dumps = [[] for _ in range(n_dumps)]   # entries: (user_string, pw, norm, kind)

        def dump_user(u):
            r = rng.random()
            if r < 0.7:
                return norm(u)
            if r < 0.92:
                return u
            if r < 0.97:
                return u.upper()
            return u + " "

        self.reuse_known, self.reuse_unknown, self.old_known = {}, {}, {}
        real = [a for a in self.accounts if a.kind in ("personal", "work", "shared", "child")]
        dormant = []
        for a in real:
            weak = a.pw_style in ("personal", "word", "pet", "common", "seasonal")
            pr = P["reuse"] * (1.6 if weak else 0.25)
            if rng.random() < pr:
                k = rng.random() < P["reuse_known"]
                d = rng.choice(kd if k else ud)
                dumps[d].append((dump_user(a.user), a.pw, a.norm, "cur"))
                (self.reuse_known if k else self.reuse_unknown)[a.norm] = 1
                a.tags.append("leaked-current" if k else "leaked-current-unknown-dump")
                if rng.random() < 0.25:        # circulates in a second dump too
                    dumps[rng.randrange(n_dumps)].append((dump_user(a.user), a.pw, a.norm, "cur"))
            if a.old_pws and rng.random() < P["old_leak"] / 0.55:
                k = rng.random() < P["old_known"]
                d = rng.choice(kd if k else ud)
                dumps[d].append((dump_user(a.user), a.old_pws[-1], a.norm, "old"))
                if k:
                    self.old_known[a.norm] = 1
                a.tags.append("leaked-old" if k else "leaked-old-unknown-dump")
            if rng.random() < P["other_leak"]:
                other = self.pick_password(rng, a)[0]
                if other != a.pw and other not in a.old_pws:
                    dumps[rng.randrange(n_dumps)].append((dump_user(a.user), other, a.norm, "other"))
            if rng.random() < P["dormant"]:
                # an old breach the service knows about but that nobody replays tonight
                pw = a.pw if rng.random() < 0.6 or not a.old_pws else a.old_pws[-1]
                dormant.append((dump_user(a.user), pw, a.norm, "dormant"))
                if pw == a.pw:
                    self.reuse_known[a.norm] = 1
                    a.tags.append("leaked-current")
                else:
                    self.old_known[a.norm] = 1
                    a.tags.append("leaked-old")
        # external people (not customers of this service)
        n_ext = int(self.n * P["ext_ratio"])
        for i in range(n_ext):
            user, f, l, y = self.new_name(rng, None, "ext")
            r = rng.random()
            if r < 0.05:
                pw = rng.choice(COMMON_TOP)
            elif r < 0.45:
                pw = rng.choice(personal_variants(f, l, y))
            elif r < 0.8:
                pw = rng.choice(WORDS) + str(rng.randint(0, 9999))
            else:
                pw = strong_pw(rng)
            dumps[rng.randrange(n_dumps)].append((user, pw, norm(user), "ext"))
        for d in dumps:
            rng.shuffle(d)
        self.dumps, self.dump_known = dumps, known
        # the service's leak corpus: known dumps + other known dumps nobody replays tonight
        lines = []
        for i in range(n_dumps):
            if known[i]:
                lines += [f"{u}:{p}" for u, p, _, _ in dumps[i]]
        lines += [f"{u}:{p}" for u, p, _, _ in dormant]
        for i in range(int(self.n * P["extra_known"])):
            user, f, l, y = self.new_name(rng, None, "ext")
            pw = rng.choice(personal_variants(f, l, y)) if rng.random() < 0.5 else rng.choice(WORDS) + str(rng.randint(0, 999))
            lines.append(f"{user}:{pw}")
        self.combos_lines = lines
        self.combo_creds = {}
        fp = FP()
        for ln in lines:
            u, _, p = ln.partition(":")
            self.combo_creds[fp.cred(u, p)] = 1
        # password list: the classic top list plus seasonal/name patterns (partly)
        pl = list(COMMON_TOP)
        for s in SEASONS:
            for y in range(2018, 2027):
                for suf in ("", "!", "1", "@"):
                    if rng.random() < 0.7:
                        pl.append(f"{s}{y}{suf}")
        for f in FIRST[:120]:
            for suf in ("123", "1", "2000", "1234"):
                if rng.random() < 0.5:
                    pl.append(f + suf)
        for w in WORDS:
            for suf in ("1", "123", "12", "69", "01"):
                if rng.random() < 0.6:
                    pl.append(w + suf)
        pl.append(self.qa_pw if self.P["qa_pw_leaked"] else "Welcome123!")
        self.passwords_list = list(dict.fromkeys(pl))
        self.pw_known = {fp.pw(x): 1 for x in self.passwords_list}
        for a in self.accounts:
            if a.pw in self.pw_known_plain():
                a.tags.append("common-password")

    def pw_known_plain(self):
        if not hasattr(self, "_pwk"):
            self._pwk = dict.fromkeys(self.passwords_list, 1)
        return self._pwk


# --------------------------------------------------------------------------
# simulation core
# --------------------------------------------------------------------------

class Att:
    """One planned login attempt."""
    __slots__ = ("user", "ip", "ua", "actor", "camp", "tag", "mode", "pw", "intent", "cobj", "person")

    def __init__(self, user, ip, ua, actor, camp, tag, mode, pw=None, intent=None, cobj=None, person=None):
        self.user, self.ip, self.ua, self.actor, self.camp, self.tag = user, ip, ua, actor, camp, tag
        self.mode, self.pw, self.intent, self.cobj, self.person = mode, pw, intent, cobj, person


class Sim:
    def __init__(self, world: World):
        self.w = world
        self.rng = world.sub("sim")
        self.heap = []
        self.seq = 0
        self.records = []     # (t, seq, user, ip, ua, ok, pw, actor, camp, tag)
        self.changes = []     # (t, seq, norm, pw, by)

    def push(self, t, kind, obj) -> bool:
        t = int(t)
        if t < 0 or t >= DAY:
            return False
        heapq.heappush(self.heap, (t, self.seq, kind, obj))
        self.seq += 1
        return True

    def login(self, t, att: Att) -> bool:
        return self.push(t, 0, att)

    def setpw(self, t, acct: Account, pw: str, by: str, expect: str | None = None, cobj=None):
        return self.push(t, 1, (acct, pw, by, expect, cobj))

    def call(self, t, fn):
        return self.push(t, 2, fn)

    def run(self):
        w, rng = self.w, self.rng
        while self.heap:
            t, seq, kind, obj = heapq.heappop(self.heap)
            if kind == 0:
                a = obj
                if a.mode == "fixed":
                    pw = a.pw
                elif a.mode == "known":           # what this attacker currently believes
                    pw = a.cobj.known_pw.get(a.intent.norm, a.pw)
                elif a.mode == "correct":
                    pw = a.intent.honest_pw
                else:  # typo
                    pw = typo(rng, a.intent.honest_pw)
                acct = w.by_norm.get(norm(a.user))
                ok = acct is not None and pw == acct.cur_pw
                self.records.append((t, seq, a.user, a.ip, a.ua, ok, pw, a.actor, a.camp, a.tag))
                if a.actor == "attacker" and ok and a.cobj is not None:
                    a.cobj.on_success(self, t, acct, a)
                elif (a.actor == "honest" and not ok and a.mode == "correct" and acct is a.intent
                      and acct.attacker_set and not acct.reacting):
                    self.victim_reaction(t, a, acct)
            elif kind == 1:
                acct, pw, by, expect, cobj = obj
                if expect is not None and acct.cur_pw != expect:
                    continue                      # someone else changed it first
                acct.cur_pw = pw
                if by == "attacker":
                    acct.attacker_set = True
                    if cobj is not None:
                        cobj.known_pw[acct.norm] = pw
                else:
                    acct.honest_pw = pw
                    acct.attacker_set = False
                    acct.reacting = False
                if pw not in acct.old_pws:
                    pass
                self.changes.append((t, seq, acct.norm, pw, by))
            else:
                obj(self, t)

    def victim_reaction(self, t, a: Att, acct: Account):
        """The owner's usual password no longer works: retry, then (maybe) reset."""
        rng, P = self.rng, self.w.P
        acct.reacting = True
        tt = t
        for _ in range(rng.randint(1, 4)):
            tt += rng.randint(4, 45) * SEC
            self.login(tt, Att(a.user, a.ip, a.ua, "honest", "honest/victim-lockout", "victim-lockout",
                               rng.choice(["correct", "correct", "typo"]), intent=acct, person=a.person))
        if rng.random() < P["victim_reset"]:
            tr = tt + rng.randint(3, 80) * MIN
            new = new_password(rng, acct)
            self.setpw(tr, acct, new, "honest")
            self.login(tr + rng.randint(15, 150) * SEC,
                       Att(a.user, a.ip, a.ua, "honest", "honest/victim-reset", "victim-reset", "correct",
                           intent=acct, person=a.person))


def new_password(rng: random.Random, acct: Account) -> str:
    for _ in range(20):
        r = rng.random()
        base = acct.honest_pw
        if r < 0.35:
            pw = base + rng.choice(["!", "1", "2", "#", "26"])
        elif r < 0.6:
            pw = base[0].swapcase() + base[1:] + str(rng.randint(1, 9))
        else:
            pw = strong_pw(rng)
        if pw != acct.cur_pw and pw != acct.honest_pw and pw not in acct.old_pws and pw != acct.pw:
            return pw
    return strong_pw(rng) + "9"


# --------------------------------------------------------------------------
# honest behaviour
# --------------------------------------------------------------------------

class Honest:
    def __init__(self, world: World, sim: Sim):
        self.w, self.sim = world, sim
        self.rng = world.sub("honest")
        self.P = world.P

    def typed(self, p: Person, acct: Account) -> str:
        u = acct.user
        if p is None:
            return u
        if p.case == "lower":
            return u.lower()
        if p.case == "cap":
            return u[:1].upper() + u[1:]
        if p.case == "space" and self.rng.random() < 0.5:
            return u + " "
        return u

    def place(self, p: Person, t: int, prefer: str | None = None):
        """(ip, ua, place-tag) for person p at time t."""
        rng, w = self.rng, self.w
        lh = local_hour(t, p.tz)
        r = rng.random()
        if p.tor and r < 0.85:
            return rng.choice(w.tor_exits), TOR_UA, "tor"
        if p.vpn and r < 0.75:
            return rng.choice(p.vpn), (p.desk.ua if rng.random() < 0.5 else p.phone.ua), "vpn"
        if p.travel:
            hotel, airport = p.travel
            if airport and 6 <= lh < 11 and r < 0.6:
                return rng.choice(airport["ips"]), p.phone.ua, "airport"
            if (lh >= 18 or lh < 8) and r < 0.75:
                return rng.choice(hotel["ips"]), (p.phone.ua if rng.random() < 0.6 else p.desk.ua), "hotel"
            if p.mob_tl:
                return self.mobile(p, t)
            return rng.choice(hotel["ips"]), p.phone.ua, "hotel"
        if p.company and 8 <= lh < 18 and (prefer == "work" or r < 0.7):
            return rng.choice(p.company["addrs"]), p.desk.ua, "corporate"
        if p.uni and 9 <= lh < 20 and r < 0.6:
            return rng.choice(p.uni["pool"]), (p.desk.ua if rng.random() < 0.5 else p.phone.ua), "university"
        if p.venue:
            o, c = p.venue["open"]
            if o <= lh < c and rng.random() < 0.35:
                return p.venue["ip"], (p.phone.ua if rng.random() < 0.6 else p.desk.ua), "venue-" + p.venue["kind"]
        if p.oneoff and rng.random() < p.oneoff:
            blk = rng.choice(rng.choice(rng.choice(w.markets)["isps"])["blocks"])
            return w.addr.host(blk), p.phone.ua, "oneoff-wifi"
        away = p.out[0] <= lh < p.out[1]
        if p.mob_tl and rng.random() < (0.8 if away else 0.12):
            return self.mobile(p, t)
        return self.home(p, t)

    def phone_net(self, p: Person, t: int):
        """Where a phone's background traffic comes from: carrier when out, home Wi-Fi otherwise."""
        lh = local_hour(t, p.tz)
        if p.mob_tl and p.out[0] <= lh < p.out[1]:
            return self.mobile(p, t)[0]
        return self.home(p, t, p.phone)[0]

    def mobile(self, p: Person, t: int):
        v4, v6 = p.mob_tl.at(t)
        if v6 and self.rng.random() < 0.75:
            return v6, p.phone.ua, "mobile-v6"
        return v4, p.phone.ua, "cgnat"

    def home(self, p: Person, t: int, dev: Device | None = None):
        rng, hh = self.rng, p.hh
        if dev is None:
            dev = p.phone if rng.random() < 0.5 else p.desk
        if hh.v64 and dev.v6ok and dev.iid_tl is not None and rng.random() < 0.7:
            return Addr.v6(hh.v64, dev.iid_tl.at(t)), dev.ua, "home-v6"
        ts, a, b = hh.v4_tl
        return (a if t < ts else b), dev.ua, "household"

    def attempt_seq(self, t, p: Person, acct: Account, ip, ua, tag, behave=True) -> int:
        """One person logging into one account; returns the time of the final attempt."""
        rng, sim, P = self.rng, self.sim, self.P
        user = self.typed(p, acct)
        camp = "honest/" + tag
        if behave and rng.random() < P["user_typo"]:
            sim.login(t, Att(user_typo(rng, user), ip, ua, "honest", camp, "user-typo", "correct", intent=acct, person=p))
            t += rng.randint(5, 40) * SEC
        if behave and acct.old_pws and rng.random() < P["old_first"]:
            sim.login(t, Att(user, ip, ua, "honest", camp, "old-password-first", "fixed", pw=acct.old_pws[-1],
                             intent=acct, person=p))
            t += rng.randint(4, 30) * SEC
        if behave and rng.random() < p.typo_p:
            for _ in range(1 if rng.random() < 0.8 else 2):
                sim.login(t, Att(user, ip, ua, "honest", camp, "typo", "typo", intent=acct, person=p))
                t += rng.randint(3, 25) * SEC
        sim.login(t, Att(user, ip, ua, "honest", camp, tag, "correct", intent=acct, person=p))
        return t

    def plan(self):
        w, rng, P = self.w, self.rng, self.P
        for p in w.persons:
            n = poisson(rng, p.rate)
            if n == 0:
                continue
            curve = W_WORK if (p.company and rng.random() < 0.5) else (W_STUDENT if p.uni else W_HOME)
            times = sorted(sample_local(rng, curve, p.tz) for _ in range(n))
            own = [a for a in p.accounts if a.kind in ("personal", "work")]
            extra = [a for a in p.accounts if a.kind in ("child", "shared")]
            for t in times:
                lh = local_hour(t, p.tz)
                work_hours = 8 <= lh < 18
                if own:
                    work = [a for a in own if a.kind == "work"]
                    pers = [a for a in own if a.kind == "personal"]
                    if work and (work_hours or not pers) and rng.random() < 0.75:
                        first = work[0]
                    else:
                        first = (pers or work)[0]
                    seq = [first]
                    others = [a for a in own if a is not first]
                    if others and rng.random() < 0.45:
                        seq.append(others[0])           # personal + work from one device within seconds
                else:
                    seq = [rng.choice(extra)]
                if extra and rng.random() < 0.3:
                    seq.append(rng.choice(extra))       # parent checks the child's account too
                ip, ua, tag = self.place(p, t, prefer="work" if seq[0].kind == "work" else None)
                for i, a in enumerate(seq):
                    tg = tag
                    if i:
                        tg = "multi-account"
                    elif a.kind == "shared":
                        tg = "shared-account"
                    t = self.attempt_seq(t, p, a, ip, ua, tg) + rng.randint(2, 25) * SEC
        self.single_logins()
        self.households()
        self.shared_accounts()
        self.stale_apps()
        self.forgetful()
        self.wrong_email()
        self.probes()
        self.qa()

    def single_logins(self):
        """Otherwise quiet people who log in exactly once, from an address seen nowhere else."""
        w, rng = self.w, self.rng
        quiet = [p for p in w.persons if p.rate == 0.0 and p.accounts[0].kind in ("personal", "work")]
        for p in rng.sample(quiet, min(len(quiet), int(len(w.persons) * self.P["oneoff"]))):
            t = sample_local(rng, W_HOME, p.tz)
            m = rng.choice(w.markets)
            ip = w.addr.host(rng.choice(rng.choice(m["isps"])["blocks"]))
            self.attempt_seq(t, p, p.accounts[0], ip, p.phone.ua if rng.random() < 0.7 else p.desk.ua, "single-login-oneoff")

    def households(self):
        """Shared tablet: one member logs out, another logs in within a minute."""
        rng = self.rng
        for hh in self.w.households:
            if hh.tablet is None or len(hh.members) < 2:
                continue
            for _ in range(poisson(rng, 1.6)):
                t = sample_local(rng, W_EVENING, hh.market["tz"])
                order = rng.sample(hh.members, min(len(hh.members), rng.randint(2, 3)))
                for p in order:
                    accts = [a for a in p.accounts if a.kind in ("personal", "child", "shared")]
                    if not accts:
                        continue
                    ip, ua, tag = self.home(p, t, hh.tablet)
                    t = self.attempt_seq(t, p, rng.choice(accts), ip, ua, "shared-tablet") + rng.randint(15, 90) * SEC

    def shared_accounts(self):
        rng = self.rng
        for a in self.w.shared:
            for p in a.owners:
                for _ in range(poisson(rng, 1.3)):
                    t = sample_local(rng, W_EVENING, p.tz)
                    ip, ua, tag = self.home(p, t, p.hh.tablet if p.hh.tablet and rng.random() < 0.5 else None)
                    self.attempt_seq(t, p, a, ip, ua, "shared-account")

    def stale_apps(self):
        """A phone app / mail client keeps retrying a saved, outdated password."""
        w, rng, sim, P = self.w, self.rng, self.sim, self.P
        cands = [p for p in w.persons if any(a.old_pws for a in p.accounts)]
        k = min(len(cands), int(len(w.persons) * P["stale"]))
        # people whose old password leaked are the ones told to change it: about half of them
        leaked = [p for p in cands if next(a for a in p.accounts if a.old_pws).norm in w.old_known]
        other = [p for p in cands if next(a for a in p.accounts if a.old_pws).norm not in w.old_known]
        pick = rng.sample(leaked, min(len(leaked), k // 2))
        pick += rng.sample(other, min(len(other), k - len(pick)))
        for p in pick:
            acct = next(a for a in p.accounts if a.old_pws)
            old = acct.old_pws[-1]
            style = rng.choice(["fixed", "fixed", "backoff", "burst"])
            period = rng.choice([5, 10, 15, 15, 30, 60]) * MIN
            t = sample_local(rng, W_HOME, p.tz)
            end = min(DAY, t + int(rng.uniform(2, 16) * HOUR))
            fix_at = t + int(rng.uniform(1, 10) * HOUR) if rng.random() < 0.35 else DAY
            tag = "stale-app-leaked" if acct.norm in w.old_known else "stale-app"
            user = self.typed(p, acct)
            back = period
            while t < end:
                ip = self.phone_net(p, t)
                if t >= fix_at:
                    sim.login(t, Att(user, ip, p.phone.ua, "honest", "honest/" + tag, "stale-app-fixed", "correct",
                                     intent=acct, person=p))
                    break
                for j in range(1 if style != "burst" else rng.randint(2, 3)):
                    sim.login(t + j * rng.randint(1, 4) * SEC,
                              Att(user, ip, p.phone.ua, "honest", "honest/" + tag, tag, "fixed", pw=old,
                                  intent=acct, person=p))
                if style == "backoff":
                    back = min(back * 2, 4 * HOUR)
                    t += back + rng.randint(0, 30) * SEC
                else:
                    t += period + rng.randint(-20, 20) * SEC
            # the person meanwhile logs in fine from the browser
            tt = sample_local(rng, W_HOME, p.tz)
            ip, ua, tg = self.place(p, tt)
            self.attempt_seq(tt, p, acct, ip, p.desk.ua, tg, behave=False)

    def forgetful(self):
        """Tries 3-8 guesses over minutes, then gives up or resets the password."""
        w, rng, sim, P = self.w, self.rng, self.sim, self.P
        pool = [p for p in w.persons if p.accounts and p.accounts[0].kind in ("personal", "work")]
        for p in rng.sample(pool, min(len(pool), int(len(w.persons) * P["forgot"]))):
            acct = p.accounts[-1] if p.company and rng.random() < 0.5 else p.accounts[0]
            t = sample_local(rng, W_WORK if acct.kind == "work" else W_HOME, p.tz)
            ip, ua, tag = self.place(p, t, "work" if acct.kind == "work" else None)
            user = self.typed(p, acct)
            guesses = list(acct.old_pws) + [typo(rng, acct.pw) for _ in range(2)] + \
                rng.sample(personal_variants(acct.first or "x", acct.last or "y", acct.year), 4)
            guesses = [g for g in guesses if g != acct.pw] or ["x" + acct.pw]
            n = rng.randint(3, 8)
            for i in range(n):
                sim.login(t, Att(user, ip, ua, "honest", "honest/forgot", "forgot", "fixed",
                                 pw=guesses[min(i, len(guesses) - 1)] if rng.random() < 0.8 else rng.choice(guesses),
                                 intent=acct, person=p))
                t += rng.randint(8, 90) * SEC if rng.random() < 0.8 else rng.randint(3, 12) * MIN
            if rng.random() < P["reset"]:
                t += rng.randint(2, 30) * MIN                 # reading the reset e-mail
                sim.setpw(t, acct, new_password(rng, acct), "honest")
                ip2, ua2, _ = self.place(p, t) if rng.random() < 0.3 else (ip, ua, tag)
                sim.login(t + rng.randint(20, 180) * SEC,
                          Att(user, ip2, ua2, "honest", "honest/reset", "password-reset", "correct", intent=acct, person=p))
            elif rng.random() < 0.3:
                t += rng.randint(1, 6) * HOUR                # remembers it later
                ip, ua, tag = self.place(p, t)
                self.attempt_seq(t, p, acct, ip, ua, tag, behave=False)

    def wrong_email(self):
        """Not sure which e-mail they signed up with: a non-existent account first."""
        w, rng, sim, P = self.w, self.rng, self.sim, self.P
        pool = [p for p in w.persons if p.accounts and p.accounts[0].kind == "personal" and "@" in p.accounts[0].user]
        for p in rng.sample(pool, min(len(pool), int(len(w.persons) * P["wrong_email"]))):
            acct = p.accounts[0]
            local = acct.user.split("@")[0]
            t = sample_local(rng, W_HOME, p.tz)
            ip, ua, tag = self.place(p, t)
            for _ in range(rng.randint(1, 3)):
                alt = local + "@" + rng.choice([d for d in p.market["doms"] + EXT_DOMAINS if d not in acct.user])
                sim.login(t, Att(alt, ip, ua, "honest", "honest/wrong-email", "wrong-email", "correct", intent=acct, person=p))
                t += rng.randint(10, 60) * SEC
            self.attempt_seq(t, p, acct, ip, ua, "wrong-email", behave=False)

    def probes(self):
        """Synthetic monitoring: a few cloud addresses log into test accounts all day."""
        w, rng, sim, P = self.w, self.rng, self.sim, self.P
        accts = w.test_accts
        for i in range(P["probes"]):
            ip = w.addr.host(rng.choice(w.hosting))
            ua = rng.choice(["Datadog/Synthetics", "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
                             "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.33 Safari/537.36",
                             "Checkly/2.0 (https://www.checklyhq.com)", "Catchpoint/1.0"])
            mine = rng.sample(accts, min(len(accts), rng.randint(1, 4)))
            negative = rng.random() < 0.6        # a check that must fail (wrong password)
            period = rng.choice([2, 3, 5, 5, 10, 15]) * MIN
            t = rng.randrange(period)
            while t < DAY:
                for j, a in enumerate(mine):
                    sim.login(t + j * rng.randint(200, 2500),
                              Att(a.user, ip, ua, "honest", "honest/probe", "monitoring-probe", "correct", intent=a))
                if negative:
                    a = mine[0]
                    sim.login(t + len(mine) * 2500, Att(a.user, ip, ua, "honest", "honest/probe", "monitoring-negative",
                                                        "fixed", pw="definitely-wrong-" + str(i), intent=a))
                t += period + rng.randint(-1500, 1500)
                if rng.random() < 0.003:         # probe outage / redeploy
                    t += rng.randint(10, 90) * MIN

    def qa(self):
        """CI runs of an end-to-end suite: bursts of logins into many QA accounts with one password."""
        w, rng, sim, P = self.w, self.rng, self.sim, self.P
        comp = rng.choice(w.companies)
        egress = [w.addr.host(rng.choice(w.hosting)) for _ in range(rng.randint(1, 2))]
        ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.33 Safari/537.36"
        for _ in range(P["qa_runs"]):
            t = sample_local(rng, W_WORK, comp["market"]["tz"])
            ip = rng.choice(egress)
            for _ in range(rng.randint(30, 140)):
                a = rng.choice(w.qa_accts)
                r = rng.random()
                if r < 0.06:
                    sim.login(t, Att(a.user, ip, ua, "honest", "honest/qa", "qa-negative", "fixed", pw="wrong-" + a.pw, intent=a))
                elif r < 0.09:
                    sim.login(t, Att(f"qa.nonexistent.{rng.randint(1, 99999):05d}@{SERVICE_DOMAIN}", ip, ua, "honest",
                                     "honest/qa", "qa-negative", "correct", intent=a))
                else:
                    sim.login(t, Att(a.user, ip, ua, "honest", "honest/qa", "qa-automation", "correct", intent=a))
                t += rng.randint(800, 9000)


# --------------------------------------------------------------------------
# attackers
# --------------------------------------------------------------------------

class Campaign:
    def __init__(self, world: World, name: str, kind: str):
        self.w, self.name, self.kind = world, name, kind
        self.rng = world.sub("camp|" + name)
        self.taken: list = []        # (t, acct)
        self.taken_set: dict = {}
        self.known_pw: dict = {}
        self.p_change = world.P["p_change"] * self.rng.uniform(0.5, 1.5)
        self.revisit = self.rng.random() < 0.8
        self._rv: dict = {}

    def on_success(self, sim: Sim, t: int, acct: Account, att: Att):
        if acct.norm in self.taken_set:
            return
        self.taken_set[acct.norm] = 1
        self.taken.append((t, acct))
        self.known_pw[acct.norm] = att.pw
        if self.rng.random() < self.p_change:
            sim.setpw(t + self.rng.randint(30, 2400) * SEC, acct, "Zx" + strong_pw(self.rng), "attacker",
                      expect=att.pw, cobj=self)

    def attempt(self, sim, t, user, ip, ua, pw, tag=None):
        sim.login(t, Att(user, ip, ua, "attacker", self.name, tag or self.kind, "fixed", pw=pw, cobj=self))

    # ---- follow-ups: later logins into taken accounts from other addresses
    def schedule_followups(self, sim: Sim, start: int):
        if not self.revisit:
            return
        rng = self.rng
        t = start + rng.randint(40, 180) * MIN
        while t < DAY:
            sim.call(t, self.followup)
            t += rng.randint(60, 300) * MIN

    def followup(self, sim: Sim, t: int):
        rng, w = self.rng, self.w
        ready = [(tt, a) for tt, a in self.taken if tt < t - 10 * MIN and a.norm not in self.revisited_set()]
        if not ready:
            return
        batch = rng.random() < 0.6
        chosen = ready[: rng.randint(3, 12)] if batch else ready[: rng.randint(1, 6)]
        ua = attack_ua_picker(rng, rng.choice(["real", "fixed", "app"]))
        ip = fresh_addr(w, rng)
        for tt, a in chosen:
            self._rv[a.norm] = self._rv.get(a.norm, 0) + 1
            if not batch:
                ip = fresh_addr(w, rng)
                t += rng.randint(2, 40) * MIN
            else:
                t += rng.randint(3, 60) * SEC
            pw = self.known_pw.get(a.norm)
            sim.login(t, Att(a.user if rng.random() < 0.5 else a.norm, ip, ua(), "attacker", self.name, "followup",
                             "known", pw=pw, intent=a, cobj=self))
            if rng.random() < 0.15:   # second visit much later, yet another address
                sim.login(t + rng.randint(1, 6) * HOUR,
                          Att(a.norm, fresh_addr(w, rng), ua(), "attacker", self.name, "followup", "known", pw=pw,
                              intent=a, cobj=self))

    def revisited_set(self):
        return self._rv


def fresh_addr(w: World, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.4:
        m = rng.choice(w.markets)
        return w.addr.host(rng.choice(rng.choice(m["isps"])["blocks"]))
    if r < 0.55:
        return rng.choice(rng.choice(rng.choice(w.markets)["carriers"])["pool"])
    if r < 0.7:
        return rng.choice(rng.choice(w.vpns))
    if r < 0.8:
        return rng.choice(w.tor_exits)
    return w.addr.host(rng.choice(w.hosting))


class ProxyPool:
    """Residential proxy / botnet exits, partly real homes and carrier-NAT addresses of honest users."""

    def __init__(self, w: World, rng: random.Random, home_share, cgnat_share, v6_share):
        self.w, self.rng = w, rng
        self.home, self.cg, self.v6 = home_share, cgnat_share, v6_share
        self.homes = [hh.v4 for hh in w.households]
        self.homes_v6 = [hh for hh in w.households if hh.v64]
        self.pools = [c["pool"] for m in w.markets for c in m["carriers"]]
        self.isps = [isp for m in w.markets for isp in m["isps"]]
        self.mk_w = [m["w"] for m in w.markets]

    def next(self) -> tuple[str, str]:
        rng, w = self.rng, self.w
        r = rng.random()
        if r < self.home and self.homes:
            if self.homes_v6 and rng.random() < 0.3:
                hh = rng.choice(self.homes_v6)
                return Addr.v6(hh.v64, rng.getrandbits(64)), "proxy-home-v6"
            return rng.choice(self.homes), "proxy-home"
        r -= self.home
        if r < self.cg:
            return rng.choice(rng.choice(self.pools)), "proxy-cgnat"
        r -= self.cg
        if r < self.v6:
            isp = rng.choice([i for i in self.isps if i["v6"]] or self.isps)
            if isp["v6"]:
                return Addr.v6(w.addr.rand64(isp["v6"]), rng.getrandbits(64)), "proxy-v6"
        m = rng.choices(w.markets, self.mk_w)[0]
        isp = rng.choice(m["isps"])
        return w.addr.host(rng.choice(isp["blocks"])), "proxy-resi"


class Attacks:
    def __init__(self, w: World, sim: Sim):
        self.w, self.sim, self.P = w, sim, w.P
        self.rng = w.sub("attacks")
        self.campaigns: list[Campaign] = []

    def combo_list(self, rng, n_attempts, known_bias=0.5):
        """A replay list built from a few dumps; some known to the service, some not."""
        w = self.w
        idx = list(range(len(w.dumps)))
        rng.shuffle(idx)
        k = [i for i in idx if w.dump_known[i]]
        u = [i for i in idx if not w.dump_known[i]]
        chosen = []
        for i in (k[:1] + u[:1] + idx[:rng.randint(0, 2)]):
            if i not in chosen:
                chosen.append(i)
        keep_cur = rng.uniform(0.1, 1.0)          # an old, much-recycled list has few valid pairs left
        out = []
        for i in chosen:
            d = [e for e in w.dumps[i] if e[3] != "cur" or rng.random() < keep_cur]
            off = rng.randrange(len(d)) if d else 0
            out.append(d[off:] + d[:off])
        merged = []
        ptrs = [0] * len(out)
        while len(merged) < n_attempts and any(ptrs[j] < len(out[j]) for j in range(len(out))):
            j = rng.randrange(len(out))
            if ptrs[j] < len(out[j]):
                merged.append(out[j][ptrs[j]])
                ptrs[j] += 1
        return merged

    def plan(self):
        P, rng, s = self.P, self.rng, self.w.s
        for i in range(P["n_host"]):
            self.stuff_host(f"stuff-host-{i + 1}", int(P["host_att"] * s * rng.uniform(0.6, 1.4)),
                            P["host_pacing"][i % len(P["host_pacing"])] if i < 3 else rng.choice(P["host_pacing"]))
        for i in range(P["n_proxy"]):
            self.stuff_proxy(f"stuff-proxy-{i + 1}", int(P["proxy_att"] * s * rng.uniform(0.6, 1.4)),
                             rng.choice(P["proxy_pacing"]))
        for i in range(P["spray_single"]):
            self.spray(f"spray-single-{i + 1}", distributed=False)
        for i in range(P["spray_dist"]):
            self.spray(f"spray-dist-{i + 1}", distributed=True)
        self.brute("brute", P["n_brute"])
        for i in range(P["v6rot"]):
            self.v6_rotate(f"v6-rotate-{i + 1}", int(P["v6_att"] * s * rng.uniform(0.7, 1.3)))
        self.hits("ato-hits", max(3, int(P["hits"] * s)))
        for i in range(P["anon"]):
            self.anon(f"stuff-anon-{i + 1}", int(rng.uniform(300, 1500) * s))

    def new(self, name, kind):
        c = Campaign(self.w, name, kind)
        self.campaigns.append(c)
        return c

    def stuff_host(self, name, n, pacing):
        """Concentrated replay from rented servers."""
        w, sim = self.w, self.sim
        c = self.new(name, "stuff-host")
        rng = c.rng
        combos = self.combo_list(rng, n)
        if pacing in ("slow", "slowpause"):
            n_addr = rng.randint(15, 60)
        else:
            n_addr = rng.choice([1, 1, 2, 3, 4, 6, 10])
        if rng.random() < 0.6:
            b16, third = rng.choice(w.hosting), rng.randrange(256)
            addrs = [w.addr.host(b16, third) for _ in range(n_addr)]
        else:
            addrs = [w.addr.host(rng.choice(w.hosting)) for _ in range(n_addr)]
        ua = attack_ua_picker(rng, rng.choice(["fixed", "rotate", "real", "tool", "app"]))
        start = rng.randrange(0, DAY * 2 // 3)
        if pacing == "fast":
            gap = rng.uniform(0.3, 3.0) * SEC
        elif pacing in ("slow", "slowpause"):
            gap = rng.uniform(60, 360) * SEC
        else:
            gap = rng.uniform(1.0, 8.0) * SEC
        pauses = []
        if pacing in ("pause", "slowpause"):
            t = start
            for _ in range(rng.randint(2, 5)):
                t += rng.randint(15, 120) * MIN
                pauses.append((t, t + rng.randint(20, 150) * MIN))
                t = pauses[-1][1]
        workers = [start + rng.randrange(int(gap) + 1) for _ in addrs]
        for i, (u, pw, _, _) in enumerate(combos):
            j = i % len(addrs)
            t = workers[j] + int(rng.expovariate(1.0 / gap))
            for ps, pe in pauses:
                if ps <= t < pe:
                    t = pe + rng.randrange(int(gap) + 1)
            workers[j] = t
            if t >= DAY:
                continue
            c.attempt(sim, t, u, addrs[j], ua(), pw)
            if rng.random() < 0.01:                 # client retry after a timeout
                c.attempt(sim, t + rng.randint(1000, 15000), u, addrs[j], ua(), pw)
        c.schedule_followups(sim, start)

    def stuff_proxy(self, name, n, pacing):
        """Distributed replay through residential proxies / a botnet: 1-4 attempts per address."""
        w, sim, P = self.w, self.sim, self.P
        c = self.new(name, "stuff-proxy")
        rng = c.rng
        combos = self.combo_list(rng, n)
        pool = ProxyPool(w, rng, P["proxy_home"], P["proxy_cgnat"], P["proxy_v6"])
        ua = attack_ua_picker(rng, rng.choice(["rotate", "real", "app"]))
        start = rng.randrange(0, DAY // 2)
        dur = rng.uniform(3, 14) * HOUR
        i = 0
        while i < len(combos):
            ip, _ = pool.next()
            k = rng.choices([1, 2, 3, 4], [45, 27, 17, 11])[0]
            t = start + int(rng.random() * dur)
            u_a = ua()
            for j in range(k):
                if i >= len(combos):
                    break
                u, pw, _, _ = combos[i]
                i += 1
                if t < DAY:
                    c.attempt(sim, t, u, ip, u_a if rng.random() < 0.8 else ua(), pw)
                t += rng.randint(300, 6000) if pacing == "burst" else rng.randint(2, 25) * MIN
        c.schedule_followups(sim, start)

    def spray(self, name, distributed):
        """A few common passwords across many accounts, in slow rounds."""
        w, sim, P = self.w, self.sim, self.P
        c = self.new(name, "spray-dist" if distributed else "spray")
        rng = c.rng
        real = [a for a in w.accounts if a.kind in ("personal", "work", "shared", "child")]
        # target list: corporate directories (work accounts) and harvested addresses
        work = [a for a in real if a.kind == "work"]
        n_t = int(len(real) * P["spray_targets"] * rng.uniform(0.6, 1.4))
        targets = [a.user if rng.random() < 0.5 else a.norm for a in rng.sample(real, min(n_t, len(real)))]
        if work and rng.random() < 0.7:
            targets += [a.norm for a in work if rng.random() < 0.8]
        for _ in range(int(n_t * rng.uniform(0.1, 0.4))):       # guessed/harvested, not customers
            targets.append(w.new_name(rng, rng.choice(w.markets), "ext")[0])
        targets = list(dict.fromkeys(targets))
        rng.shuffle(targets)
        pool = ["123456", "Password1", "password", "Welcome1", "Qwerty123!", "Password123", "123456789",
                "Winter2026!", "Fall2026!", "Autumn2026!", "November2026!", "Welcome2026!", "Password2026!",
                "Welcome123!", "Passw0rd!", "12345678", "qwerty123", "Aa123456"]
        n_pw = rng.randint(2, 5)
        pws = rng.sample(pool[:7], min(n_pw, 2)) + rng.sample(pool[7:], max(0, n_pw - 2))
        if distributed:
            pp = ProxyPool(w, rng, P["proxy_home"], P["proxy_cgnat"], P["proxy_v6"])
        elif w.profile == "slow":
            b16, third = rng.choice(w.hosting), rng.randrange(256)
            src = [w.addr.host(b16, third) for _ in range(rng.randint(10, 30))]
        else:
            src = [w.addr.host(rng.choice(w.hosting))] if rng.random() < 0.6 else \
                rng.sample(rng.choice(w.vpns), 2)
        ua = attack_ua_picker(rng, rng.choice(["fixed", "real", "tool"]))
        t = rng.randrange(0, DAY // 3)
        start = t
        gap = rng.uniform(1.5, 12) * SEC
        if w.profile == "slow" and not distributed:
            gap = rng.uniform(60, 240) * SEC / len(src)      # each source only every few minutes
        done: dict = {}
        for pw in pws:
            cur_ip, left = None, 0
            for u in targets:
                if norm(u) in done:
                    continue
                if distributed:
                    if left <= 0:
                        cur_ip, _ = pp.next()
                        left = rng.randint(1, 2)
                    left -= 1
                    ip = cur_ip
                else:
                    ip = rng.choice(src)
                c.attempt(sim, t, u, ip, ua(), pw)
                a = w.by_norm.get(norm(u))
                if a is not None and a.pw == pw:
                    done[norm(u)] = 1                 # a hit is dropped from later rounds
                t += int(rng.expovariate(1.0 / gap))
            t += rng.randint(30, 120) * MIN
            if t >= DAY:
                break
        c.schedule_followups(sim, start)

    def brute(self, name, n_targets):
        """Dictionary + personal variants against a few chosen accounts; some rotate addresses."""
        w, sim = self.w, self.sim
        c = self.new(name, "brute")
        rng = c.rng
        real = [a for a in w.accounts if a.kind in ("personal", "work") and a.first]
        weak = [a for a in real if a.pw in personal_variants(a.first, a.last, a.year) or a.pw in COMMON_TOP[:80]]
        targets = rng.sample(weak, min(len(weak), max(1, n_targets // 2))) + rng.sample(real, n_targets - n_targets // 2)
        for k, a in enumerate(dict.fromkeys(targets)):
            mode = rng.choice(["single", "rotate-24", "rotate-proxy", "v6-64", "single"])
            words = COMMON_TOP[:rng.randint(30, 110)] + personal_variants(a.first, a.last, a.year)
            for y in range(a.year - 3, a.year + 4):
                words += [fold(a.first) + str(y), fold(a.first).capitalize() + str(y) + "!"]
            words = list(dict.fromkeys(words))
            rng.shuffle(words)
            words = words[: rng.randint(60, len(words))]
            slow = w.profile == "slow" or rng.random() < 0.3
            gap = rng.uniform(60, 300) * SEC if slow else rng.uniform(1.5, 20) * SEC
            t = rng.randrange(0, DAY * 3 // 4)
            if mode == "single":
                ip0 = w.addr.host(rng.choice(w.hosting))
                src = lambda: ip0
            elif mode == "rotate-24":
                b16, third = rng.choice(w.hosting), rng.randrange(256)
                ips = [w.addr.host(b16, third) for _ in range(rng.randint(8, 40))]
                src = lambda: rng.choice(ips)
            elif mode == "rotate-proxy":
                pp = ProxyPool(w, rng, 0.02, 0.2, 0.05)
                src = lambda: pp.next()[0]
            else:
                p64 = w.addr.rand64(rng.choice(w.hosting_v6))
                src = lambda: Addr.v6(p64, rng.getrandbits(64))
            ua = attack_ua_picker(rng, rng.choice(["fixed", "rotate", "tool"]))
            user = a.norm if rng.random() < 0.7 else a.user
            for pw in words:
                if t >= DAY:
                    break
                c.attempt(sim, t, user, src(), ua(), pw)
                if pw == a.pw:
                    break                            # the tool stops on a hit
                t += int(rng.expovariate(1.0 / gap))
            c.schedule_followups(sim, t)

    def v6_rotate(self, name, n):
        """Replay from one /64: a new address inside it for every attempt."""
        w, sim = self.w, self.sim
        c = self.new(name, "v6-rotate")
        rng = c.rng
        combos = self.combo_list(rng, n)
        p64 = w.addr.rand64(rng.choice(w.hosting_v6))
        ua = attack_ua_picker(rng, rng.choice(["fixed", "rotate", "real"]))
        t = rng.randrange(0, DAY // 3 if w.profile == "slow" else DAY * 2 // 3)
        start = t
        gap = (rng.uniform(40, 200) if w.profile == "slow" else rng.uniform(0.5, 6)) * SEC
        for u, pw, _, _ in combos:
            if t >= DAY:
                break
            c.attempt(sim, t, u, Addr.v6(p64, rng.getrandbits(64)), ua(), pw)
            t += int(rng.expovariate(1.0 / gap))
        c.schedule_followups(sim, start)

    def hits(self, name, n):
        """A bought list of 'validated hits' logged into directly: one attempt each, fresh residential address."""
        w, sim, P = self.w, self.sim, self.P
        c = self.new(name, "ato-hits")
        rng = c.rng
        cur = [e for d in w.dumps for e in d if e[3] == "cur"]
        old = [e for d in w.dumps for e in d if e[3] == "old"]
        picks = rng.sample(cur, min(len(cur), n)) + rng.sample(old, min(len(old), max(1, n // 5)))
        rng.shuffle(picks)
        pool = ProxyPool(w, rng, P["proxy_home"], max(0.25, P["proxy_cgnat"]), P["proxy_v6"])
        ua = attack_ua_picker(rng, "app" if rng.random() < 0.5 else "real")
        t = rng.randrange(0, DAY // 2)
        for u, pw, _, _ in picks:
            c.attempt(sim, t, u, pool.next()[0], ua(), pw)
            t += rng.randint(1, 20) * MIN
        c.schedule_followups(sim, t)

    def anon(self, name, n):
        """Small replay through Tor exits / VPN exits also used by honest privacy-minded users."""
        w, sim = self.w, self.sim
        c = self.new(name, "stuff-anon")
        rng = c.rng
        combos = self.combo_list(rng, n)
        exits = w.tor_exits if rng.random() < 0.5 else rng.choice(w.vpns)
        ua = attack_ua_picker(rng, "fixed")
        t = rng.randrange(0, DAY // 2)
        start = t
        gap = rng.uniform(60, 300) * SEC if w.profile == "slow" else rng.uniform(3, 40) * SEC
        ip = rng.choice(exits)
        for i, (u, pw, _, _) in enumerate(combos):
            if i % rng.randint(5, 30) == 0:
                ip = rng.choice(exits)
            c.attempt(sim, t, u, ip, ua(), pw)
            t += int(rng.expovariate(1.0 / gap))
            if t >= DAY:
                break
        c.schedule_followups(sim, start)


# --------------------------------------------------------------------------
# rendering
# --------------------------------------------------------------------------

def fmt_ts(t: int, style: str):
    ms = T0 + t
    if style == "epoch":
        return ms
    off = 0
    if style.startswith("off"):
        off = int(style[3:])  # minutes
    d = _EPOCH + datetime.timedelta(milliseconds=ms + off * MIN)
    base = d.strftime("%Y-%m-%dT%H:%M:%S")
    frac = d.microsecond // 1000
    if style == "z3":
        return f"{base}.{frac:03d}Z"
    if style == "z6":
        return f"{base}.{frac:03d}000Z"
    if style == "z0":
        return f"{base}Z"
    sign = "+" if off >= 0 else "-"
    return f"{base}.{frac:03d}{sign}{abs(off) // 60:02d}:{abs(off) % 60:02d}"


SERVER_STYLES = [("z3", True, ("ts", "user", "ip", "ok", "cred", "pw", "ua")),
                 ("z3", False, ("ts", "ip", "user", "ok", "cred", "pw", "ua", "srv")),
                 ("off60", True, ("ts", "user", "ip", "ok", "cred", "pw", "ua", "srv")),
                 ("epoch", True, ("user", "ts", "ip", "ok", "pw", "cred", "ua")),
                 ("off-300", False, ("ts", "user", "ip", "ok", "cred", "pw", "ua", "srv", "req")),
                 ("z6", True, ("srv", "ts", "user", "ip", "ok", "cred", "pw", "ua")),
                 ("z0", False, ("ts", "user", "ip", "ok", "cred", "pw", "ua"))]


def render(world: World, sim: Sim, campaigns) -> dict:
    rng = world.sub("render")
    fp = FP()
    n_srv = rng.randint(3, 5)
    styles = [SERVER_STYLES[0]] + rng.sample(SERVER_STYLES[1:], n_srv - 1)
    weights = [rng.uniform(2.5, 4.0)] + [rng.uniform(0.5, 1.5) for _ in range(n_srv - 1)]
    names = [f"auth-{i + 1}" for i in range(n_srv)]
    streams = [[] for _ in range(n_srv)]
    recs = sim.records
    for r in recs:
        streams[rng.choices(range(n_srv), weights)[0]].append(r)
    out_lines, meta = [], []
    rid = 0
    rendered = []
    for si, st in enumerate(streams):
        st.sort(key=lambda r: (r[0], r[1]))
        style, ascii_, order = styles[si]
        lines = []
        for r in st:
            t, seq, user, ip, ua, ok, pw, actor, camp, tag = r
            rid += 1
            vals = {"ts": fmt_ts(t, style), "user": user, "ip": ip, "ok": ok, "cred": fp.cred(user, pw),
                    "pw": fp.pw(pw), "ua": ua, "srv": names[si], "req": f"{rng.getrandbits(48):012x}"}
            obj = {k: vals[k] for k in order}
            lines.append((json.dumps(obj, ensure_ascii=ascii_, separators=(",", ":") if si % 2 else (", ", ": ")), r))
        rendered.append(lines)
    # rough merge: chunks of each server's stream, servers picked by remaining volume
    ptr = [0] * n_srv
    while True:
        rem = [len(rendered[i]) - ptr[i] for i in range(n_srv)]
        if sum(rem) == 0:
            break
        i = rng.choices(range(n_srv), rem)[0]
        k = rng.randint(20, 400)
        for ln, r in rendered[i][ptr[i]:ptr[i] + k]:
            out_lines.append(ln)
            meta.append(r)
        ptr[i] += k
        ptr[i] = min(ptr[i], len(rendered[i]))
    return {"lines": out_lines, "meta": meta}


def build_outputs(world: World, sim: Sim, attacks: Attacks) -> dict:
    r = render(world, sim, attacks.campaigns)
    lines, meta = r["lines"], r["meta"]
    fp = FP()
    events = ("\n".join(lines) + "\n").encode("utf-8")
    el = io.StringIO()
    el.write("line,actor,campaign\n")
    users: dict[str, dict] = {}
    compromised: dict[str, int] = {}
    attacked: dict[str, int] = {}
    exposed: dict[str, int] = {}
    for i, rec in enumerate(meta, 1):
        t, seq, user, ip, ua, ok, pw, actor, camp, tag = rec
        el.write(f"{i},{actor},{camp}\n")
        n = norm(user)
        tags = users.setdefault(n, {})
        if actor == "attacker":
            attacked[n] = 1
            tags[camp.rsplit("-", 1)[0] if camp[-1].isdigit() else camp] = 1
            if tag == "followup":
                tags["followup"] = 1
            if ok:
                compromised[n] = 1
        else:
            tags[tag] = 1
            if ok and fp.cred(user, pw) in world.combo_creds:
                exposed[n] = 1
    for n in users:
        a = world.by_norm.get(n)
        if a is None:
            users[n]["nonexistent"] = 1
        else:
            for tg in a.tags:
                users[n][tg] = 1
            if a.kind in ("test", "qa", "shared", "child", "work"):
                users[n]["account-" + a.kind] = 1
            if a.attacker_set:
                users[n]["attacker-changed-password"] = 1
            for p in a.owners[:1]:
                if p.hh and len(p.hh.members) > 1:
                    users[n]["household-member"] = 1
    for t, seq, n, pw, by in sim.changes:
        if n in users:
            users[n]["pw-changed-by-" + by] = 1
    lab = io.StringIO()
    w = csv.writer(lab, lineterminator="\n")
    w.writerow(["user", "label", "scenario"])
    for n in sorted(users):
        if n in compromised:
            label = "compromised"
        elif n in attacked:
            label = "targeted"
        elif n in exposed:
            label = "exposed"
        else:
            label = "benign"
        w.writerow([n, label, ";".join(sorted(users[n]))])
    truth = "user\n" + "".join(u + "\n" for u in sorted(compromised))
    combos = "".join(x + "\n" for x in world.combos_lines)
    pwl = "".join(x + "\n" for x in world.passwords_list)
    files = {
        "events.jsonl": events,
        "combos.txt": combos.encode("utf-8"),
        "passwords.txt": pwl.encode("utf-8"),
        "truth.csv": truth.encode("utf-8"),
        "labels.csv": lab.getvalue().encode("utf-8"),
        "event_labels.csv": el.getvalue().encode("utf-8"),
    }
    n_att = sum(1 for m in meta if m[7] == "attacker")
    counts = {"events": len(meta), "attacker_events": n_att, "honest_events": len(meta) - n_att,
              "attacker_successes": sum(1 for m in meta if m[7] == "attacker" and m[5]),
              "compromised": len(compromised), "targeted_not_compromised": len(attacked) - len(compromised),
              "exposed": sum(1 for n in exposed if n not in attacked), "users_seen": len(users),
              "distinct_ips": len({m[3] for m in meta}), "combos": len(world.combos_lines),
              "passwords": len(world.passwords_list)}
    per = {}
    for m in meta:
        if m[7] == "attacker":
            d = per.setdefault(m[8], [0, 0])
            d[0] += 1
            d[1] += m[5]
    counts["campaigns"] = {k: {"attempts": v[0], "successes": v[1]} for k, v in sorted(per.items())}
    metaj = {"generator": VERSION, "seed": world.seed, "accounts": world.n, "profile": world.profile,
             "night_start": fmt_ts(0, "z3"), "key": DEMO_KEY.decode(), "counts": counts,
             "params": {k: (round(v, 6) if isinstance(v, float) else v) for k, v in world.P.items()},
             "sha256": {k: hashlib.sha256(v).hexdigest() for k, v in files.items()}}
    files["meta.json"] = (json.dumps(metaj, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    return {"files": files, "meta": meta, "changes": sim.changes, "counts": counts}


def generate(seed: int, n: int, profile: str) -> dict:
    if profile not in PROFILES:
        raise SystemExit(f"unknown profile {profile!r}; one of {', '.join(PROFILES)}")
    w = World(seed, n, profile)
    w.build_infra()
    w.build_people()
    w.build_leaks()
    sim = Sim(w)
    Honest(w, sim).plan()
    att = Attacks(w, sim)
    att.plan()
    sim.run()
    res = build_outputs(w, sim, att)
    res["world"] = w
    return res


# --------------------------------------------------------------------------
# checking
# --------------------------------------------------------------------------

RFC3339 = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
HEX16 = re.compile(r"^[0-9a-f]{16}$")


def parse_ts(v) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if not isinstance(v, str):
        return None
    m = RFC3339.match(v)
    if not m:
        return None
    y, mo, d, h, mi, s = (int(m.group(i)) for i in range(1, 7))
    frac = m.group(7) or ""
    ms = int((frac[1:] + "000")[:3]) if frac else 0
    try:
        dtv = datetime.datetime(y, mo, d, h, mi, s, tzinfo=_UTC)
    except ValueError:
        return None
    tz = m.group(8)
    off = 0
    if tz not in ("Z", "z"):
        off = (int(tz[1:3]) * 60 + int(tz[4:6])) * (1 if tz[0] == "+" else -1)
    return int((dtv - _EPOCH).total_seconds()) * 1000 + ms - off * MIN


def check_bundle(files: dict, regen: dict | None = None) -> list[str]:
    problems = []
    ev = files["events.jsonl"].decode("utf-8").split("\n")
    if ev and ev[-1] == "":
        ev.pop()
    el = files["event_labels.csv"].decode("utf-8").splitlines()[1:]
    if len(el) != len(ev):
        problems.append(f"event_labels.csv has {len(el)} rows for {len(ev)} events")
    succ_att, users = {}, {}
    prev, disorder = None, 0
    for i, line in enumerate(ev, 1):
        try:
            o = json.loads(line)
        except ValueError as e:
            problems.append(f"events.jsonl:{i}: not JSON ({e})")
            continue
        if not isinstance(o, dict):
            problems.append(f"events.jsonl:{i}: not an object")
            continue
        t = parse_ts(o.get("ts"))
        if t is None:
            problems.append(f"events.jsonl:{i}: bad ts {o.get('ts')!r}")
        elif not (T0 <= t < T0 + DAY):
            problems.append(f"events.jsonl:{i}: ts outside the night")
        else:
            if prev is not None and t < prev:
                disorder += 1
            prev = t
        u = o.get("user")
        if not isinstance(u, str) or not u.strip():
            problems.append(f"events.jsonl:{i}: bad user")
            continue
        try:
            ipaddress.ip_address(o.get("ip"))
        except ValueError:
            problems.append(f"events.jsonl:{i}: bad ip {o.get('ip')!r}")
        if not isinstance(o.get("ok"), bool):
            problems.append(f"events.jsonl:{i}: ok not a boolean")
        for k in ("cred", "pw"):
            if k in o and not (isinstance(o[k], str) and HEX16.match(o[k])):
                problems.append(f"events.jsonl:{i}: bad {k}")
        if i <= len(el):
            _, actor, camp = el[i - 1].split(",", 2)
            if actor not in ("honest", "attacker"):
                problems.append(f"event_labels.csv:{i + 1}: bad actor")
            if actor == "attacker" and o.get("ok") is True:
                succ_att[norm(u)] = 1
        users[norm(u)] = 1
        if len(problems) > 50:
            problems.append("... stopping")
            return problems
    if disorder == 0:
        problems.append("events.jsonl is globally sorted by time (expected interleaved servers)")
    truth = files["truth.csv"].decode("utf-8").splitlines()
    if not truth or truth[0] != "user":
        problems.append("truth.csv: bad header")
    tl = truth[1:]
    if tl != sorted(tl) or len(set(tl)) != len(tl):
        problems.append("truth.csv: not sorted/unique")
    for u in tl:
        if u not in succ_att:
            problems.append(f"truth.csv: {u} has no successful attacker event")
    for u in succ_att:
        if u not in set(tl):
            problems.append(f"{u}: attacker success but not in truth.csv")
    labels = list(csv.reader(io.StringIO(files["labels.csv"].decode("utf-8"))))
    if labels[0] != ["user", "label", "scenario"]:
        problems.append("labels.csv: bad header")
    lab = {r[0]: r[1] for r in labels[1:]}
    if sorted(lab) != sorted(users):
        problems.append("labels.csv: users differ from those in events.jsonl")
    for u in tl:
        if lab.get(u) != "compromised":
            problems.append(f"labels.csv: {u} should be compromised")
    for u, l in lab.items():
        if l == "compromised" and u not in succ_att:
            problems.append(f"labels.csv: {u} compromised without attacker success")
    for name in ("combos.txt",):
        for j, ln in enumerate(files[name].decode("utf-8").splitlines(), 1):
            if ":" not in ln:
                problems.append(f"{name}:{j}: no colon")
                break
    if regen is not None:
        # fingerprints against the plaintext the generator used, and outcome replay
        meta = regen["meta"]
        if len(meta) != len(ev):
            problems.append("regenerated event count differs")
        else:
            byseq = []
            for i, (line, rec) in enumerate(zip(ev, meta), 1):
                o = json.loads(line)
                t, seq, user, ip, ua, ok, pw, actor, camp, tag = rec
                if o["user"] != user or o["ip"] != ip or o["ok"] != ok:
                    problems.append(f"events.jsonl:{i}: differs from regenerated event")
                if o.get("cred") != fp_cred(DEMO_KEY, user, pw) or o.get("pw") != fp_pw(DEMO_KEY, pw):
                    problems.append(f"events.jsonl:{i}: fingerprint mismatch")
                pt = parse_ts(o["ts"])
                if pt is not None and abs(pt - (T0 + t)) >= 1000:
                    problems.append(f"events.jsonl:{i}: ts differs from regenerated time")
                byseq.append((t, seq, 0, norm(user), pw, ok, i))
                if len(problems) > 50:
                    return problems
            # replay: ok must equal (account exists and pw == its password at that moment)
            w = regen["world"]
            cur = {a.norm: a.pw for a in w.accounts}
            for t, seq, n, pw, by in regen["changes"]:
                byseq.append((t, seq, 1, n, pw, None, 0))
            byseq.sort()
            for t, seq, k, n, pw, ok, i in byseq:
                if k == 1:
                    cur[n] = pw
                elif ok != (n in cur and cur[n] == pw):
                    problems.append(f"events.jsonl:{i}: outcome inconsistent with the password timeline")
                    if len(problems) > 50:
                        return problems
        for k, v in regen["files"].items():
            if k in files and files[k] != v:
                problems.append(f"{k}: differs from a regeneration with the same arguments")
    return problems


def check_dir(d: str) -> int:
    files = {}
    for k in ("events.jsonl", "combos.txt", "passwords.txt", "truth.csv", "labels.csv", "event_labels.csv", "meta.json"):
        p = os.path.join(d, k)
        if not os.path.exists(p):
            print(f"missing {p}")
            return 1
        with open(p, "rb") as f:
            files[k] = f.read()
    meta = json.loads(files["meta.json"])
    print(f"regenerating seed={meta['seed']} accounts={meta['accounts']} profile={meta['profile']} ...", file=sys.stderr)
    regen = generate(int(meta["seed"]), int(meta["accounts"]), meta["profile"])
    problems = check_bundle(files, regen)
    c = regen["counts"]
    print(json.dumps({k: v for k, v in c.items() if k != "campaigns"}, indent=1))
    print("campaign                attempts  successes  rate")
    for k, v in c["campaigns"].items():
        print(f"  {k:22s}{v['attempts']:9d}{v['successes']:10d}  {100.0 * v['successes'] / max(1, v['attempts']):.2f}%")
    labs = {}
    for r in list(csv.reader(io.StringIO(files["labels.csv"].decode())))[1:]:
        labs[r[1]] = labs.get(r[1], 0) + 1
    print("labels:", json.dumps(labs, sort_keys=True))
    # context for precision work: how much honest traffic shares addresses with attacks
    ev = files["events.jsonl"].decode().splitlines()
    act = [x.split(",")[1] for x in files["event_labels.csv"].decode().splitlines()[1:]]
    ip_a, ip_h = {}, {}
    for line, a in zip(ev, act):
        ip = json.loads(line)["ip"]
        (ip_a if a == "attacker" else ip_h)[ip] = 1
    shared = sum(1 for x in ip_a if x in ip_h)
    print(f"addresses: attacker {len(ip_a)}, honest {len(ip_h)}, both {shared}")
    if problems:
        print(f"CHECK FAILED: {len(problems)} problems")
        for p in problems[:40]:
            print("  " + p)
        return 1
    print("check ok")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--accounts", type=int, default=5000)
    ap.add_argument("--out")
    ap.add_argument("--profile", default="mixed", choices=PROFILES)
    ap.add_argument("--check", metavar="DIR")
    ap.add_argument("--selftest", action="store_true")
    a = ap.parse_args(argv)
    if a.selftest:
        return selftest()
    if a.check:
        return check_dir(a.check)
    if not a.out:
        ap.error("--out DIR is required (or --check DIR / --selftest)")
    if a.accounts < 200:
        ap.error("--accounts must be at least 200")
    res = generate(a.seed, a.accounts, a.profile)
    os.makedirs(a.out, exist_ok=True)
    for k, v in res["files"].items():
        tmp = os.path.join(a.out, k + ".tmp")
        with open(tmp, "wb") as f:
            f.write(v)
        os.replace(tmp, os.path.join(a.out, k))
    c = res["counts"]
    print(f"{a.out}: {c['events']} events ({c['attacker_events']} attacker, {c['honest_events']} honest), "
          f"{c['compromised']} compromised, {c['targeted_not_compromised']} targeted, {c['exposed']} exposed, "
          f"{c['distinct_ips']} addresses", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
