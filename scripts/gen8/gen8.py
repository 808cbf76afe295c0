#!/usr/bin/env python3
"""gen8: labelled synthetic login day of a European retail bank's online banking.

Independent generator for judging a credential-stuffing detector (credsieve SPEC
sections 1-4).  Python 3 standard library only.  See README.md next to this file.

    python3 gen8.py --seed S --accounts N --profile P --out DIR [--key KEY]
    python3 gen8.py --selftest
"""
import argparse
import bisect
import csv
import hashlib
import hmac
import io
import ipaddress
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

DEMO_KEY = "credsieve-demo-key"
DAY_MS = 86_400_000
DAY0_MS = 1795132800000          # 2026-11-20T00:00:00Z (a Friday)
LOCK_AFTER = 5                   # password failures within ...
LOCK_WINDOW_MS = 30 * 60_000     # ... a sliding 30-minute window ...
LOCK_MS = 30 * 60_000            # ... lock the password login for 30 minutes (success clears the count)
BANK = "NordhafenBank"

# --------------------------------------------------------------------------- fingerprints


def norm_user(u):
    return u.strip().lower()


class FP:
    """SPEC section 2 fingerprints, memoised (dict lookups only, never iterated)."""

    def __init__(self, key):
        self.key = key.encode("utf-8") if isinstance(key, str) else key
        self._c = {}
        self._p = {}

    def cred(self, user, pw):
        k = (user, pw)
        v = self._c.get(k)
        if v is None:
            msg = b"c1\x00" + norm_user(user).encode("utf-8") + b"\x00" + pw.encode("utf-8")
            v = hmac.new(self.key, msg, hashlib.sha256).hexdigest()[:16]
            self._c[k] = v
        return v

    def pw(self, pw):
        v = self._p.get(pw)
        if v is None:
            sha = hashlib.sha1(pw.encode("utf-8")).hexdigest().upper()
            v = hmac.new(self.key, b"p1\x00" + sha.encode("ascii"), hashlib.sha256).hexdigest()[:16]
            self._p[pw] = v
        return v


SPEC_VECTORS = [
    ("credsieve-demo-key", "alice@example.com", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    ("credsieve-demo-key", "  Alice@Example.COM ", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    ("credsieve-demo-key", "bob", "correct horse battery staple", "b3c4edfb71b95783", "379b91546fb38da0"),
    ("credsieve-demo-key", "Ünïcode@例え.jp", "pässwörd:with:colons", "b00485ee34fad31d", "acadac23153ab923"),
    ("s3cr3t-pepper", "alice@example.com", "hunter2", "57cab7f6c60a4041", "a82468d22c5531ab"),
    ("s3cr3t-pepper", "bob", "correct horse battery staple", "f4be313772448b6f", "6e7632ab9a186ca4"),
]

# --------------------------------------------------------------------------- profiles

BASE = dict(
    p_active=0.58, sess_mean=5.0,
    f_email=0.74, f_reuse=0.035, f_old=0.06, f_tweak=0.30, f_other=0.10,
    f_common=0.02, f_spraypw=0.0016, noncust_mult=6.0,
    f_agg=0.22, aggs=["FinLink", "Budgetly", "KontoBlick"], agg_stale=0.04, agg_ondemand=0.25,
    p_typo=0.035, p_caps=0.008, p_forgot=0.012, p_oldfirst=0.22, p_notified=0.08,
    p_usertypo=0.004, f_hh=0.35, f_v6=0.5,
    f_tor=0.003, f_vpn=0.015, f_travel=0.02, f_corp=0.12, n_corp=10,
    cgnat=(48, 32, 24), v4mapped=False, f_mob6=0.55,
    hosting=dict(attempts=4.0, hits=0.0030, ips=4),
    resi=dict(addrs=0.75, per=(1, 2, 3, 4), perw=(45, 30, 15, 10), hits=0.0024,
              tweak=0.0008, phish=0.0006, honest_share=0.06),
    v6rot=dict(attempts=0.35, hits=0.0008),
    spray=dict(targets=0.40, npw=3, ips=30, rounds=3),
    brute=dict(fast=2, slow=1),
    fraud=dict(list=0.05, hits=0.0016, reuse=0.0004, ips=3, mimic=["FinLink"]),
    followup=dict(frac=0.55, ato=0.25),
)


def _prof(**over):
    p = json.loads(json.dumps(BASE))
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(p.get(k), dict):
            p[k].update(v)
        else:
            p[k] = v
    return p


PROFILES = {
    "mixed": _prof(desc="ordinary Friday: every honest behaviour at normal rates and every attack at moderate size"),
    "aggregator": _prof(
        desc="aggregator-heavy day: 55% of customers linked to 5 screen-scraping aggregators running every 3-4 h, "
             "two fraud rings imitating aggregators, small stuffing",
        f_agg=0.55, aggs=["FinLink", "Budgetly", "KontoBlick", "PSD2Bridge", "Sparfux"], agg_stale=0.07,
        agg_ondemand=0.35, p_active=0.5,
        hosting=dict(attempts=3.0, hits=0.0020, ips=3),
        resi=dict(addrs=0.3, hits=0.0010, tweak=0.0004, phish=0.0002),
        v6rot=dict(attempts=0.0, hits=0.0),
        spray=dict(targets=0.25, npw=2, rounds=2),
        fraud=dict(list=0.16, hits=0.0060, reuse=0.0012, ips=4, mimic=["FinLink", "KontoBlick"]),
    ),
    "lowslow": _prof(
        desc="slow distributed stuffing: ~15k residential-proxy/botnet addresses, 1-2 attempts each all day, "
             "heavy overlap with honest CGNAT and household addresses, plus IPv6 /64 rotation and follow-ups",
        hosting=dict(attempts=0.0, hits=0.0, ips=0),
        resi=dict(addrs=3.2, per=(1, 2, 3), perw=(62, 30, 8), hits=0.0110, tweak=0.0025, phish=0.0015,
                  honest_share=0.12),
        v6rot=dict(attempts=0.5, hits=0.0020),
        spray=dict(targets=0.2, npw=2, rounds=2),
        fraud=dict(list=0.0, hits=0.0, reuse=0.0),
        followup=dict(frac=0.7, ato=0.3),
    ),
    "noisy": _prof(
        desc="noisy honest day: breach-notification mail sent (many resets, many users typing old leaked passwords), "
             "more typos/forgotten passwords, travel, Tor/VPN, corporate proxies, IPv4-mapped addresses on one "
             "web server; attacks limited to a hosting stuffing run, spraying and brute force",
        p_active=0.7, sess_mean=5.5, f_reuse=0.05, f_old=0.09, p_typo=0.06, p_caps=0.015, p_forgot=0.03,
        p_oldfirst=0.4, p_notified=0.35, p_usertypo=0.01, f_tor=0.008, f_vpn=0.04, f_travel=0.05,
        f_corp=0.22, n_corp=6, cgnat=(24, 16, 12), f_mob6=0.35, v4mapped=True, f_common=0.04, f_spraypw=0.0022,
        hosting=dict(attempts=2.5, hits=0.0065, ips=5),
        resi=dict(addrs=0.2, hits=0.0020, tweak=0.0, phish=0.0),
        v6rot=dict(attempts=0.0, hits=0.0),
        spray=dict(targets=0.6, npw=4, ips=40, rounds=4),
        brute=dict(fast=4, slow=2),
        fraud=dict(list=0.0, hits=0.0, reuse=0.0),
        followup=dict(frac=0.4, ato=0.2),
    ),
}

# --------------------------------------------------------------------------- vocabularies

FIRST = ["anna", "lena", "lukas", "max", "paul", "sophie", "marie", "felix", "jonas", "laura", "julia", "leon",
         "tim", "lisa", "sarah", "jan", "tom", "nina", "eva", "ben", "emma", "mia", "noah", "elias", "hannah",
         "thomas", "michael", "andreas", "stefan", "christian", "sabine", "petra", "claudia", "monika", "ursula",
         "wolfgang", "klaus", "juergen", "joerg", "bjoern", "guenter", "sven", "kai", "dirk", "anke", "silke",
         "sanne", "daan", "bram", "femke", "lotte", "ruben", "pieter", "mehmet", "ayse", "fatma", "can", "olga",
         "piotr", "katarzyna", "luca", "giulia", "marco", "pierre", "camille", "ines", "jose", "ana"]
UMLAUT = {"juergen": "jürgen", "joerg": "jörg", "bjoern": "björn", "guenter": "günter",
          "mueller": "müller", "schroeder": "schröder", "boehm": "böhm", "koehler": "köhler"}
LAST = ["mueller", "schmidt", "schneider", "fischer", "weber", "meyer", "wagner", "becker", "schulz", "hoffmann",
        "schaefer", "koch", "bauer", "richter", "klein", "wolf", "schroeder", "neumann", "schwarz", "zimmermann",
        "braun", "krueger", "hofmann", "hartmann", "lange", "schmitt", "werner", "krause", "meier", "lehmann",
        "boehm", "koehler", "jansen", "dejong", "devries", "bakker", "visser", "smit", "mulder", "peters",
        "hansen", "nielsen", "yilmaz", "kaya", "demir", "nowak", "kowalski", "rossi", "russo", "martin",
        "bernard", "silva", "santos", "gruber", "huber", "steiner", "moser", "frank", "berger", "vogel"]
DOMAINS = [("gmx.de", 16), ("web.de", 16), ("gmail.com", 20), ("t-online.de", 9), ("outlook.com", 5),
           ("hotmail.de", 4), ("yahoo.de", 3), ("icloud.com", 5), ("freenet.de", 3), ("posteo.de", 2),
           ("gmx.at", 2), ("bluewin.ch", 1), ("ziggo.nl", 2), ("kpnmail.nl", 1), ("aol.com", 1), ("mail.de", 2)]
WORDS = ["sommer", "winter", "herbst", "fruehling", "hamburg", "berlin", "muenchen", "bremen", "koeln", "bayern",
         "schalke", "borussia", "werder", "hansa", "schatz", "mausi", "hase", "sonne", "blume", "katze", "hund",
         "pferd", "fussball", "passwort", "willkommen", "amsterdam", "ajax", "wien", "zuerich", "sterne",
         "dragon", "monkey", "sunshine", "princess", "football", "master", "shadow", "hallo", "schule", "familie",
         "urlaub", "mallorca", "nordsee", "ostsee", "kaffee", "schokolade", "engel", "tiger", "baerchen", "liebe"]
TOP = ["123456", "password", "123456789", "12345678", "12345", "qwerty", "111111", "1234567", "hallo",
       "hallo123", "passwort", "Passwort1", "qwertz", "123123", "000000", "iloveyou", "letmein", "abc123",
       "1234567890", "123321", "654321", "666666", "121212", "1q2w3e4r", "asdfgh", "ficken", "schatz",
       "lol123", "test", "test123", "Test1234", "Test1234!", "geheim", "admin", "welcome", "dennis", "michael",
       "thomas", "daniel", "sommer", "master", "superman", "killer", "qwertz123", "asdf1234", "passwort1",
       "Passwort123", "Passwort1!", "Willkommen1", "Hallo1234!", "Sommer2026!", "Winter2025!", "Herbst2026!",
       "Oktober2026", "November2026!", "Fruehling2026", "Start123!", "Bank1234", "Sparkasse1"]
SPRAY_CANDIDATES = ["Winter2025!", "Sommer2026!", "Passwort1!", "Herbst2026!", "Willkommen1", "Hallo1234!",
                    "Oktober2026", "November2026!"]


def common_passwords():
    out, seen = [], set()

    def add(p):
        if p not in seen:
            seen.add(p)
            out.append(p)
    for p in TOP:
        add(p)
    for w in WORDS:
        W = w.capitalize()
        for p in (w, W, w + "1", w + "123", W + "1", W + "123", w + "1234", W + "!", W + "1!"):
            add(p)
    for w in WORDS:
        W = w.capitalize()
        for y in range(2015, 2027):
            add(W + str(y))
            add(W + str(y) + "!")
            add(w + str(y % 100))
    return out


COMMON = common_passwords()

# --- user agents


def chrome_win(v):
    return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"


WEB_UA = [
    (30, lambda r: chrome_win(r.choice([128, 129, 130, 130, 131, 131, 131]))),
    (8, lambda r: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36 Edg/%d.0.0.0" % ((lambda v: (v, v))(r.choice([129, 130, 131])))),
    (9, lambda r: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%s.0) Gecko/20100101 Firefox/%s.0" % ((lambda v: (v, v))(r.choice(["115", "128", "131", "132", "132"])))),
    (10, lambda r: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%s Safari/605.1.15" % r.choice(["17.6", "18.0", "18.1", "18.1"])),
    (6, lambda r: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36" % r.choice([130, 131])),
    (14, lambda r: "Mozilla/5.0 (iPhone; CPU iPhone OS %s like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%s Mobile/15E148 Safari/604.1" % r.choice([("17_6_1", "17.6"), ("18_0_1", "18.0"), ("18_1", "18.1"), ("18_1_1", "18.1")])),
    (14, lambda r: "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Mobile Safari/537.36" % r.choice([129, 130, 131])),
    (3, lambda r: "Mozilla/5.0 (X11; Linux x86_64; rv:%s.0) Gecko/20100101 Firefox/%s.0" % ((lambda v: (v, v))(r.choice(["128", "132"])))),
    (2, lambda r: "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36"),
    (1, lambda r: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36"),
]
WEB_UA_W = [w for w, _ in WEB_UA]
TOR_UA = "Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0"
APP_VERSIONS = [("5.12.0", 52), ("5.12.1", 12), ("5.11.3", 20), ("5.10.2", 6), ("5.9.7", 7), ("5.13.0-beta2", 1),
                ("5.8.4", 2)]
IOS = ["17.5.1", "17.6.1", "18.0.1", "18.1", "18.1.1", "16.7.10"]
ANDROID = [("14", "SM-S918B"), ("14", "Pixel 8"), ("13", "SM-A536B"), ("12", "moto g(30)"), ("14", "SM-A546B"),
           ("11", "Redmi Note 9 Pro"), ("13", "CPH2251"), ("14", "Pixel 7a"), ("10", "SM-G973F"), ("15", "Pixel 9")]


def web_ua(r):
    return r.choices(WEB_UA, WEB_UA_W)[0][1](r)


def app_ua(r, ver=None, ios=None):
    ver = ver or r.choices([v for v, _ in APP_VERSIONS], [w for _, w in APP_VERSIONS])[0]
    if ver.startswith("5.9") or ver.startswith("5.8"):
        if r.random() < 0.5:
            return ver, None                      # legacy HTTP stack sends no User-Agent
        return ver, "okhttp/3.12.13" if r.random() < 0.6 else "Dalvik/2.1.0 (Linux; U; Android 9; SM-G960F Build/PPR1.180610.011)"
    if ios if ios is not None else r.random() < 0.45:
        return ver, f"{BANK}/{ver} (iPhone; iOS {r.choice(IOS)}; Scale/3.00)"
    a, m = r.choice(ANDROID)
    return ver, f"{BANK}/{ver} (Android {a}; {m})"


# --------------------------------------------------------------------------- address plan

RES_V4 = [("isp-a", "84.150.0.0/15", 22), ("isp-a", "93.200.0.0/16", 8), ("isp-b", "95.90.0.0/15", 16),
          ("isp-c", "188.100.0.0/15", 14), ("isp-d", "31.16.0.0/14", 14), ("isp-e", "77.160.0.0/14", 10),
          ("isp-f", "62.46.0.0/16", 6), ("isp-g", "178.24.0.0/14", 10)]
RES_V6 = {"isp-a": "2003:e0::/27", "isp-b": "2a02:8100::/26", "isp-c": "2a02:8070::/28", "isp-d": "2a02:908::/29",
          "isp-e": "2a02:a440::/29", "isp-g": "2a02:810c::/30"}
CARRIERS = [("mob-1", "80.187.96.0/21", "2a01:598::/32", 0.45), ("mob-2", "109.40.240.0/22", "2a02:3032::/32", 0.35),
            ("mob-3", "176.0.112.0/22", None, 0.20)]
CORP_NETS = ["193.22.10.0/24", "212.1.40.0/24", "141.12.16.0/22", "195.145.80.0/24", "217.6.144.0/24",
             "194.8.196.0/24", "62.153.200.0/24", "213.95.30.0/24", "80.150.6.0/24", "91.198.174.0/24",
             "145.253.240.0/24", "217.110.96.0/24"]
HOTEL_NETS = ["83.56.0.0/14", "151.38.0.0/15", "86.128.0.0/12", "73.32.0.0/12", "171.96.0.0/13", "88.160.0.0/12",
              "2.80.0.0/14", "79.116.0.0/14", "94.200.0.0/14", "103.5.0.0/16"]
TOR_NETS = ["185.220.100.0/22", "192.42.116.0/24", "109.70.100.0/24", "185.129.61.0/24", "2a0b:f4c2::/40"]
VPN_NETS = ["185.212.168.0/24", "146.70.112.0/21", "37.120.192.0/19", "2a0d:5600:2::/48", "89.187.160.0/21"]
HOSTING_NETS = ["45.133.1.0/24", "194.26.29.0/24", "5.188.62.0/24", "185.100.87.0/24", "91.92.240.0/22",
                "80.94.95.0/24", "193.32.162.0/24"]
FOREIGN_RES = ["177.0.0.0/10", "117.192.0.0/10", "113.160.0.0/11", "73.0.0.0/11", "46.100.0.0/14", "41.96.0.0/12",
               "189.0.0.0/11", "36.64.0.0/11", "181.0.0.0/12", "95.24.0.0/13", "186.192.0.0/11"]
AGGREGATORS = {
    "FinLink": dict(ips=["3.120.40.10", "3.120.40.11", "3.120.40.12", "3.120.40.13"], runs=[1.5, 7.5, 13.5, 19.5],
                    ua=chrome_win(118), rate=(0.15, 0.45)),
    "Budgetly": dict(ips=["18.196.5.20", "18.196.5.21", "2a05:d014:9f1:2a00::20"], runs=[0.25, 3.25, 6.25, 9.25, 12.25, 15.25, 18.25, 21.25],
                     ua="Budgetly-Sync/4.2.1 (+https://budgetly.example/bot)", rate=(0.3, 0.9)),
    "KontoBlick": dict(ips=["35.198.64.7", "35.198.64.8", "35.198.64.9"], runs=[4.0, 16.0], ua=None, rate=(0.2, 0.6)),
    "PSD2Bridge": dict(ips=["52.28.170.4", "52.28.170.5", "52.28.171.4"], runs=[2.0, 6.0, 10.0, 14.0, 18.0, 22.0],
                       ua="Java/17.0.8", rate=(0.1, 0.3)),
    "Sparfux": dict(ips=["159.69.44.12", "2a01:4f8:c17:99e1::2"], runs=[5.0, 11.0, 17.0, 23.0],
                    ua="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.109 Safari/537.36",
                    rate=(0.4, 1.2)),
}
FRAUD_IPS = {"FinLink": "3.120.113.0/24", "KontoBlick": "35.198.77.0/24"}
PROBE_IPS = ["194.25.170.10", "52.57.4.100", "159.69.0.50", "2a01:4f8:c0c:1a2b::50"]

# honest diurnal weights, local hour (CET = UTC+1)
LOCAL_W = [2, 1, .6, .4, .5, 1.2, 3, 5.5, 6.5, 6, 5.5, 5.5, 6.5, 6, 5, 5, 5.5, 6, 6.5, 7, 7.5, 6.5, 4.5, 3]
UTC_W = [LOCAL_W[(h + 1) % 24] for h in range(24)]
_cum, _s = [], 0.0
for _w in UTC_W:
    _s += _w
    _cum.append(_s)


def honest_time(r):
    h = bisect.bisect_right(_cum, r.random() * _s)
    return min(h, 23) * 3_600_000 + r.randrange(3_600_000)


def rand_in(r, net):
    n = ipaddress.ip_network(net)
    if n.version == 4:
        off = r.randrange(1, n.num_addresses - 1)
    else:
        off = r.getrandbits(n.max_prefixlen - n.prefixlen)
    return str(n.network_address + off)


def v6_prefix64(r, net):
    n = ipaddress.ip_network(net)
    return int(n.network_address) + (r.getrandbits(64 - n.prefixlen) << 64)


def v6_addr(prefix64, iid):
    return str(ipaddress.IPv6Address(prefix64 | iid))


# --------------------------------------------------------------------------- passwords


def gen_password(r):
    s = r.random()
    if s < 0.40:
        w = r.choice(WORDS + FIRST + LAST)
        if r.random() < 0.05 and w in UMLAUT:
            w = UMLAUT[w]
        w = w.capitalize() if r.random() < 0.6 else w
        return w + str(r.choice([r.randint(1, 99), r.randint(1955, 2020), r.randint(100, 9999)])) + \
            (r.choice("!#.$?*") if r.random() < 0.45 else "")
    if s < 0.65:
        a = r.choice(WORDS + FIRST).capitalize()
        return a + r.choice("#!_.-") + r.choice(LAST).capitalize() + str(r.randint(1, 999))
    if s < 0.88:
        cs = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#%&*:;-_=+?"
        return "".join(r.choice(cs) for _ in range(r.choice([12, 14, 16, 20])))
    words = [r.choice(WORDS).capitalize() for _ in range(r.choice([3, 4]))]
    return r.choice(["-", " ", "."]).join(words) + str(r.randint(1, 99))


def tweak(pw):
    """What people do when forced to change a password: bump the year / last digit."""
    for y in range(2026, 2009, -1):
        if str(y) in pw:
            return pw.replace(str(y), str(y + 1), 1)
    if pw and pw[-1].isdigit():
        return pw[:-1] + str((int(pw[-1]) + 1) % 10)
    if pw and pw[-1] in "!#.$?*":
        return pw[:-1] + "1" + pw[-1]
    return pw + "1"


def typo(r, pw):
    if len(pw) < 2:
        return pw + "x"
    i = r.randrange(len(pw))
    op = r.randrange(4)
    if op == 0:
        out = pw[:i] + pw[i + 1:]
    elif op == 1:
        out = pw[:i] + r.choice("asdfjklqweruio0123") + pw[i:]
    elif op == 2 and i < len(pw) - 1:
        out = pw[:i] + pw[i + 1] + pw[i] + pw[i + 2:]
    else:
        out = pw[:i] + r.choice("qwertzuiopasdfghjkl") + pw[i + 1:]
    return out if out != pw else pw + "1"


def user_typo(r, u):
    i = r.randrange(1, max(2, len(u) - 1))
    return u[:i] + u[i + 1:]


# --------------------------------------------------------------------------- the generator


class Gen:
    def __init__(self, seed, n, profile, key):
        self.seed, self.n, self.pname, self.key = seed, n, profile, key
        self.P = PROFILES[profile]
        self.scale = n / 5000.0
        self.att = []          # [t, typed_user, ip, pw|None, ua|None, ch, actor, campaign, seq]
        self.changes = []      # [t, login, new_pw, who, seq]
        self.seq = 0
        self.traits = {}       # login -> list of trait strings

    def R(self, name):
        return random.Random(f"gen8|{self.seed}|{self.pname}|{self.n}|{name}")

    def add(self, t, user, ip, pw, ua, ch, actor, camp):
        self.seq += 1
        a = [int(t), user, ip, pw, ua, ch, actor, camp, self.seq]
        self.att.append(a)
        return a

    def change(self, t, login, pw, who):
        self.seq += 1
        self.changes.append([int(t), login, pw, who, self.seq])

    def trait(self, login, tr):
        lst = self.traits.setdefault(login, [])
        if tr not in lst:
            lst.append(tr)

    def cnt(self, x):
        """scale a per-5000-accounts fraction of N to an integer count"""
        return int(round(x * self.n))

    # ----------------------------------------------------------------- population
    def population(self):
        r = self.R("pop")
        P = self.P
        taken, nums = set(), set()
        self.accts = []
        for i in range(self.n):
            a = dict(i=i)
            if r.random() < P["f_email"]:
                while True:
                    f, l = r.choice(FIRST), r.choice(LAST)
                    if r.random() < 0.15:
                        f, l = UMLAUT.get(f, f), UMLAUT.get(l, l)
                    d = r.choices([x for x, _ in DOMAINS], [w for _, w in DOMAINS])[0]
                    st = r.randrange(7)
                    loc = [f"{f}.{l}", f"{f[0]}{l}", f"{f}{l}{r.randint(1, 99)}", f"{f}.{l}{r.randint(60, 99)}",
                           f"{l}.{f}", f"{f}_{r.randint(1960, 2006)}", f"{f}{r.randint(1, 999)}"][st]
                    e = f"{loc}@{d}"
                    if e not in taken:
                        taken.add(e)
                        break
                a["login"], a["kind"] = e, "email"
            else:
                while True:
                    c = str(r.randint(1_000_000_000, 8_999_999_999))
                    if c not in nums:
                        nums.add(c)
                        break
                a["login"], a["kind"] = c, "custno"
            a["pw"] = gen_password(r)
            a["old"] = None
            self.accts.append(a)
        self.by_login = {a["login"]: a for a in self.accts}
        self.taken_emails = taken
        # password situation
        email = [a for a in self.accts if a["kind"] == "email"]
        fe = max(len(email) / max(1, self.n), 1e-9)
        self.reuse, self.oldl, self.tweaked, self.otherl = [], [], [], []
        spray_pw = r.sample(SPRAY_CANDIDATES, P["spray"]["npw"])
        self.spray_pw = spray_pw
        common_pool = [p for p in COMMON if p not in SPRAY_CANDIDATES]
        n_spraypw = self.cnt(P["f_spraypw"])
        sp_set = set(r.sample(range(self.n), n_spraypw)) if n_spraypw else set()
        for a in self.accts:
            lg = a["login"]
            if a["i"] in sp_set:
                a["pw"] = r.choice(spray_pw)
                self.trait(lg, "common-pw")
                continue
            if r.random() < P["f_common"]:
                a["pw"] = r.choice(common_pool[:400])
                self.trait(lg, "common-pw")
            if a["kind"] != "email":
                continue
            x = r.random()
            if x < P["f_reuse"] / fe:
                self.reuse.append(a)
                self.trait(lg, "leaked-current")
            elif x < (P["f_reuse"] + P["f_old"]) / fe:
                old = gen_password(r) if r.random() < 0.7 else r.choice(common_pool)
                a["old"] = old
                if r.random() < P["f_tweak"]:
                    a["pw"] = tweak(old)
                    self.tweaked.append(a)
                    self.trait(lg, "leaked-old-tweaked")
                else:
                    self.trait(lg, "leaked-old")
                self.oldl.append(a)
            if r.random() < P["f_other"] / fe:
                a["other"] = gen_password(r)
                self.otherl.append(a)
                self.trait(lg, "leaked-other-site")
        # brute-force targets: customer numbers (known from an earlier phishing wave)
        pl = [a for a in self.accts if a["kind"] == "custno" and a["old"] is None and "common-pw" not in self.traits.get(a["login"], [])]
        bt = r.sample(pl, min(len(pl), P["brute"]["fast"] + P["brute"]["slow"]))
        self.brute_fast = bt[:P["brute"]["fast"]]
        self.brute_slow = bt[P["brute"]["fast"]:]
        for a in bt:
            a["brute"] = True
        for a in self.brute_slow:
            a["pw"] = COMMON[r.randint(12, 70)]         # weak password that is on the attacker's word list
            self.trait(a["login"], "common-pw")
        # probes (bank's own synthetic monitoring accounts)
        self.probes = []
        for k, pw in enumerate(["Mon!tor-Probe-2026", "Test1234!", "Synth#Check-77", "ApiProbe-4f7Q9z"]):
            lg = "99000000%02d" % (k + 1)
            a = dict(i=self.n + k, login=lg, kind="probe", pw=pw, old=None)
            self.probes.append(a)
            self.accts.append(a)
            self.by_login[lg] = a
            self.trait(lg, "monitoring-probe")

    # ----------------------------------------------------------------- leak sources
    def leaks(self):
        r = self.R("leaks")
        P = self.P
        combos = []       # [typed_user, pw, cat, login]

        def variant(u):
            x = r.random()
            if x < 0.10:
                return u.capitalize()
            if x < 0.14:
                return u.upper()
            if x < 0.17:
                loc, d = u.split("@", 1)
                return loc + "@" + d.upper()
            return u
        for a in self.reuse:
            combos.append([variant(a["login"]), a["pw"], "reuse", a["login"]])
        for a in self.oldl:
            combos.append([variant(a["login"]), a["old"], "old", a["login"]])
        for a in self.otherl:
            combos.append([variant(a["login"]), a["other"], "other", a["login"]])
        nn = self.cnt(P["noncust_mult"])
        self.noncust = []
        seen = set(self.taken_emails)
        while len(self.noncust) < nn:
            f, l = r.choice(FIRST), r.choice(LAST)
            d = r.choices([x for x, _ in DOMAINS] + ["yahoo.com", "mail.ru", "hotmail.com", "orange.fr", "libero.it"],
                          [w for _, w in DOMAINS] + [6, 4, 8, 3, 3])[0]
            loc = r.choice([f"{f}.{l}{r.randint(1, 999)}", f"{f}{l}{r.randint(1, 9999)}", f"{l}{f[0]}{r.randint(1, 99)}",
                            f"{f[0]}.{l}{r.randint(1, 99)}", f"{f}{r.randint(1000, 99999)}"])
            e = f"{loc}@{d}"
            if e in seen:
                continue
            seen.add(e)
            pw = gen_password(r) if r.random() < 0.8 else r.choice(COMMON)
            self.noncust.append(e)
            combos.append([variant(e), pw, "noncust", None])
        r.shuffle(combos)
        self.combos = combos
        self.combo_pairs = set((norm_user(c[0]), c[1]) for c in combos)
        # file text with a little junk, as real dumps have
        lines = [f"{c[0]}:{c[1]}" for c in combos]
        junk = ["", "----- dump part 2 -----", "# source: shop-xyz 2024", "", "broken-line-without-separator",
                r.choice(self.noncust)]
        for j in junk:
            lines.insert(r.randrange(len(lines) + 1), j)
        self.combo_text = "\n".join(lines) + "\n"
        pwl = list(COMMON)
        self.passwords_text = "\n".join(pwl) + "\n"
        self.fill = {"noncust": [c for c in combos if c[2] == "noncust"],
                     "cust": [c for c in combos if c[2] in ("old", "other")]}
        # hit pools (partitioned between campaigns so attack success is controlled)
        self.reuse_pool = [c for c in combos if c[2] == "reuse"]
        r.shuffle(self.reuse_pool)
        self.tweak_pool = [a for a in self.tweaked]
        r.shuffle(self.tweak_pool)
        cand = [a for a in self.accts if a["kind"] in ("email", "custno") and not a.get("brute")
                and not any(t.startswith("leaked-") for t in self.traits.get(a["login"], []))]
        self.phish_pool = r.sample(cand, min(len(cand), self.cnt(0.01) + 20))
        self.combo_by_login = {}
        for c in combos:
            if c[3]:
                self.combo_by_login.setdefault(c[3], []).append(c)

    def take(self, pool, k):
        k = min(k, len(pool))
        out = pool[:k]
        del pool[:k]
        return out

    # ----------------------------------------------------------------- honest side
    def infrastructure(self):
        r = self.R("infra")
        P = self.P
        sc = max(self.scale, 0.2)
        self.cgnat = {}
        for (name, v4, v6, _), size in zip(CARRIERS, P["cgnat"]):
            net = ipaddress.ip_network(v4)
            k = max(12, int(size * sc))
            offs = r.sample(range(1, net.num_addresses - 1), min(k, net.num_addresses - 2))
            self.cgnat[name] = [str(net.network_address + o) for o in offs]
        self.corps = []
        for k in range(P["n_corp"]):
            net = CORP_NETS[k % len(CORP_NETS)]
            self.corps.append([rand_in(r, net) for _ in range(r.choice([1, 1, 2, 3, 4]))])
        self.hotels = [rand_in(r, r.choice(HOTEL_NETS)) for _ in range(max(8, int(40 * sc)))]
        self.tor = [rand_in(r, n) for n in TOR_NETS for _ in range(14)]
        self.vpn = [rand_in(r, n) for n in VPN_NETS for _ in range(10)]

    def households(self):
        r = self.R("hh")
        P = self.P
        cust = [a for a in self.accts if a["kind"] in ("email", "custno")]
        order = list(range(len(cust)))
        r.shuffle(order)
        self.hhs = []
        i = 0
        while i < len(order):
            size = 1 if r.random() > P["f_hh"] else r.choice([2, 2, 2, 3, 3, 4])
            isp = r.choices([x[0] for x in RES_V4], [x[2] for x in RES_V4])[0]
            nets = [x[1] for x in RES_V4 if x[0] == isp]
            hh = dict(v4=[rand_in(r, r.choice(nets))], rec=None, v6=None)
            if r.random() < 0.25:                      # forced daily reconnect: new IPv4 (and IPv6 prefix)
                hh["rec"] = r.randrange(1 * 3_600_000, 5 * 3_600_000)
                hh["v4"].append(rand_in(r, r.choice(nets)))
            if isp in RES_V6 and r.random() < P["f_v6"] / 0.8:
                hh["v6"] = [v6_prefix64(r, RES_V6[isp]), v6_prefix64(r, RES_V6[isp])]
            members = [cust[j] for j in order[i:i + size]]
            for a in members:
                a["hh"] = hh
                if size > 1:
                    self.trait(a["login"], "household")
            self.hhs.append(hh)
            i += size
        for a in cust:
            a["carrier"] = r.choices([c[0] for c in CARRIERS], [c[3] for c in CARRIERS])[0]
            a["app"] = r.random() < 0.72
            a["bio"] = a["app"] and r.random() < 0.6
            a["webua"] = [web_ua(r) for _ in range(r.choice([1, 1, 2]))]
            ios = r.random() < 0.45
            a["ver"], a["appua"] = app_ua(r, ios=ios)
            a["upd"] = None
            if r.random() < 0.06 and a["ver"] != "5.12.1":
                a["upd"] = (r.randrange(DAY_MS), app_ua(r, "5.12.1", ios=ios)[1])
            a["style"] = r.choices(["as", "cap", "space", "upper"], [88, 8, 3, 1])[0] if a["kind"] == "email" else \
                r.choices(["as", "space"], [96, 4])[0]
            a["corp"] = r.randrange(len(self.corps)) if (self.corps and r.random() < P["f_corp"]) else None
            a["tor"] = r.random() < P["f_tor"]
            a["vpn"] = (not a["tor"]) and r.random() < P["f_vpn"]
            a["hotel"] = r.choice(self.hotels) if r.random() < P["f_travel"] else None
            a["iid"] = [r.getrandbits(64) for _ in range(4)]
            mob = [c for c in CARRIERS if c[0] == a["carrier"]][0]
            a["mob6"] = None
            if mob[2] and r.random() < P["f_mob6"]:
                cuts = sorted(r.sample(range(DAY_MS), 3))
                a["mob6"] = (cuts, [v6_prefix64(r, mob[2]) | r.getrandbits(64) for _ in range(4)])
            for flag, tr in (("corp", "corporate-proxy"), ("tor", "tor"), ("vpn", "vpn"), ("hotel", "travelling")):
                if a[flag] is not None and a[flag] is not False:
                    self.trait(a["login"], tr)

    def typed(self, a, r):
        u = a["login"]
        st = a["style"]
        if st == "cap" and r.random() < 0.7:
            return u[:1].upper() + u[1:]
        if st == "space" and r.random() < 0.5:
            return u + " " if r.random() < 0.7 else " " + u
        if st == "upper" and r.random() < 0.5:
            return u.upper()
        return u

    def where(self, a, t, r, ch):
        """(ip, place) of an honest session"""
        P = self.P
        hh = a["hh"]
        lh = (t // 3_600_000 + 1) % 24
        if a["tor"] and r.random() < 0.8:
            return r.choice(self.tor), "tor"
        if a["vpn"] and r.random() < 0.7:
            return r.choice(self.vpn), "vpn"
        if a["hotel"] and r.random() < 0.75:
            return (a["hotel"], "hotel") if r.random() < 0.7 else (r.choice(self.cgnat[a["carrier"]]), "roaming")
        if a["corp"] is not None and 8 <= lh <= 17 and r.random() < (0.65 if ch == "web" else 0.25):
            return r.choice(self.corps[a["corp"]]), "corp"
        home = ch == "web" and r.random() < 0.85 or ch == "app" and (lh >= 18 or lh <= 7) and r.random() < 0.6
        if home:
            late = hh["rec"] is not None and t >= hh["rec"]
            if hh["v6"] and r.random() < 0.75:
                dev = 0 if ch == "web" else 1
                rot = 2 if t >= 43_200_000 else 0          # privacy addresses rotate around noon
                return v6_addr(hh["v6"][1 if late else 0], a["iid"][dev + rot]), "home6"
            return hh["v4"][1 if late else 0], "home"
        if a["mob6"] and r.random() < 0.85:
            cuts, addrs = a["mob6"]
            return str(ipaddress.IPv6Address(addrs[bisect.bisect_right(cuts, t)])), "mobile6"
        return r.choice(self.cgnat[a["carrier"]]), "cgnat"

    def honest(self):
        r = self.R("honest")
        P = self.P
        self.pw_hist = {}          # login -> [(t, pw)] owner's password timeline (honest changes only)
        for a in self.accts:
            if a["kind"] not in ("email", "custno"):
                continue
            self.pw_hist[a["login"]] = [(0, a["pw"])]
            if r.random() >= P["p_active"]:
                continue
            self.trait(a["login"], "active")
            k = 1 + min(14, int(r.expovariate(1.0 / (P["sess_mean"] - 1))))
            times = sorted(honest_time(r) for _ in range(k))
            cur = a["pw"]
            forgot_done = False
            notified = "leaked-current" in self.traits.get(a["login"], []) and r.random() < P["p_notified"]
            for si, t in enumerate(times):
                ch = "app" if (a["app"] and r.random() < 0.8) else "web"
                ip, place = self.where(a, t, r, ch)
                if ch == "app":
                    ua = a["appua"] if not (a["upd"] and t >= a["upd"][0]) else a["upd"][1]
                else:
                    ua = TOR_UA if place == "tor" else r.choice(a["webua"])
                if place == "cgnat":
                    self.trait(a["login"], "cgnat")
                if place in ("mobile6", "home6"):
                    self.trait(a["login"], "ipv6")
                camp = "honest-" + place
                if ch == "app" and a["bio"] and r.random() < 0.75:
                    self.add(t, self.typed(a, r), ip, None, ua, ch, "honest", camp + "/token")
                    continue
                seqs = []           # list of (dt_seconds, pw, user)
                x = r.random()
                o = P["p_oldfirst"] if a["old"] else 0.0
                t1 = o + P["p_forgot"]
                t2 = t1 + P["p_typo"]
                t3 = t2 + P["p_caps"]
                t4 = t3 + P["p_usertypo"]
                out = "ok"
                if notified and si == 0:
                    seqs = [(0, cur, None)]
                    new = gen_password(r)
                    self.change(t + r.randint(40, 300) * 1000, a["login"], new, "owner-notified")
                    self.trait(a["login"], "reset-after-breach-notice")
                    cur = new
                    out = "notified-reset"
                elif x < o:
                    seqs = [(0, a["old"], None), (r.randint(5, 40), cur, None)]
                    out = "oldpw-first"
                    if r.random() < 0.2:
                        seqs.insert(1, (r.randint(3, 15), a["old"], None))
                    self.trait(a["login"], "typed-old-leaked-pw")
                elif not forgot_done and o <= x < t1:
                    forgot_done = True
                    guesses = [a["old"]] if a["old"] else []
                    while len(guesses) < r.choice([2, 3, 4]):
                        guesses.append(r.choice([typo(r, cur), gen_password(r), tweak(cur), cur.lower()]))
                    dt = 0
                    for g in guesses:
                        seqs.append((dt, g if g != cur else g + "?", None))
                        dt += r.randint(5, 60)
                    out = "forgot-giveup"
                    if r.random() < 0.65:
                        new = gen_password(r)
                        self.change(t + (dt + r.randint(90, 400)) * 1000, a["login"], new, "owner-reset")
                        seqs.append((dt + r.randint(420, 700), new, None))
                        cur = new
                        out = "forgot-reset"
                        self.trait(a["login"], "password-reset")
                    self.trait(a["login"], "forgot-pw")
                elif t1 <= x < t2:
                    seqs = [(0, typo(r, cur), None), (r.randint(4, 25), cur, None)]
                    if r.random() < 0.15:
                        seqs.insert(1, (r.randint(4, 20), typo(r, cur), None))
                    out = "typo"
                    self.trait(a["login"], "typo")
                elif t2 <= x < t3:
                    seqs = [(0, cur.swapcase(), None), (r.randint(5, 20), cur.swapcase(), None), (r.randint(25, 60), cur, None)]
                    out = "capslock"
                    self.trait(a["login"], "capslock")
                elif t3 <= x < t4:
                    seqs = [(0, cur, user_typo(r, a["login"])), (r.randint(8, 30), cur, None)]
                    out = "user-typo"
                else:
                    seqs = [(0, cur, None)]
                for dt, pw, u in seqs:
                    self.add(t + dt * 1000 + r.randrange(1000), u or self.typed(a, r), ip, pw, ua, ch, "honest",
                             camp + "/" + out)

    def pw_at(self, login, t):
        h = self.pw_hist.get(login)
        if not h:
            a = self.by_login.get(login)
            return a["pw"] if a else None
        cur = h[0][1]
        for ct, p in h:
            if ct <= t:
                cur = p
        return cur

    def aggregators(self):
        r = self.R("agg")
        P = self.P
        names = P["aggs"]
        linked = {n: [] for n in names}
        for a in self.accts:
            if a["kind"] not in ("email", "custno") or r.random() >= P["f_agg"]:
                continue
            n = r.choices(names, [5, 3, 2, 2, 2][:len(names)])[0]
            stored = a["pw"]
            if r.random() < P["agg_stale"]:
                stored = a["old"] if a["old"] else gen_password(r)
                self.trait(a["login"], "aggregator-stale-pw")
            linked[n].append((a, stored, a["login"] if r.random() < 0.9 else a["login"].capitalize()))
            self.trait(a["login"], "aggregator:" + n)
        for n in names:
            cfg = AGGREGATORS[n]
            lst = linked[n]
            fails = {}
            runs = list(cfg["runs"])
            for h in runs:
                t = int(h * 3_600_000) + r.randrange(-300_000, 300_000)
                t = max(t, 0)
                order = list(range(len(lst)))
                r.shuffle(order)
                for k, j in enumerate(order):
                    a, stored, typed = lst[j]
                    if fails.get(a["login"], 0) >= 3:
                        continue                      # aggregator gave up: "please re-authenticate"
                    t += int(r.uniform(*cfg["rate"]) * 1000)
                    ip = cfg["ips"][k % len(cfg["ips"])]
                    self.add(t, typed, ip, stored, cfg["ua"], "web", "honest", "aggregator-" + n)
                    if stored != self.pw_at(a["login"], t):
                        fails[a["login"]] = fails.get(a["login"], 0) + 1
                    else:
                        fails[a["login"]] = 0
            # on-demand refreshes when the customer opens the finance app
            for a, stored, typed in lst:
                if r.random() < P["agg_ondemand"]:
                    for _ in range(r.choice([1, 1, 2, 3])):
                        t = honest_time(r)
                        self.add(t, typed, r.choice(cfg["ips"]), stored, cfg["ua"], "web", "honest",
                                 "aggregator-" + n + "/on-demand")

    def probes_gen(self):
        r = self.R("probe")
        uas = ["NHB-SyntheticMonitor/2.3 (+internal)", "curl/8.5.0", None, f"{BANK}/5.12.1 (Android 14; synthetic)"]
        for k, a in enumerate(self.probes):
            for li, ip in enumerate(PROBE_IPS[:3] if k != 3 else PROBE_IPS[2:]):
                t = r.randrange(300_000) + li * 17_000
                while t < DAY_MS:
                    tt = t + r.randrange(-4000, 4000)
                    if k == 2 and (t // 300_000) % 6 == 0:
                        self.add(tt, a["login"], ip, "wrong-password-check", uas[k], "web", "honest", "monitoring-probe/negative")
                        tt += 2500
                    self.add(tt, a["login"], ip, a["pw"], uas[k], "app" if k == 3 else "web", "honest", "monitoring-probe")
                    t += 300_000

    # ----------------------------------------------------------------- attacks
    def resi_address(self, r, honest_share):
        x = r.random()
        if x < honest_share:
            hh = r.choice(self.hhs)
            return r.choice(hh["v4"])                         # infected device in a customer household
        if x < honest_share + 0.12:
            return r.choice(self.cgnat[r.choice(list(sorted(self.cgnat)))])   # mobile proxy exit on CGNAT
        if x < honest_share + 0.45:
            return rand_in(r, r.choices([n for _, n, _ in RES_V4], [w for _, _, w in RES_V4])[0])
        if x < honest_share + 0.50:
            c = r.choice([c for c in CARRIERS if c[2]])
            return v6_addr(v6_prefix64(r, c[2]), r.getrandbits(64))
        if x < honest_share + 0.53:
            return r.choice(self.vpn)
        return rand_in(r, r.choice(FOREIGN_RES))

    def fill_pairs(self, r, k, cust_share):
        out = []
        for _ in range(k):
            pool = self.fill["cust"] if r.random() < cust_share and self.fill["cust"] else self.fill["noncust"]
            out.append(tuple(pool[r.randrange(len(pool))][:2]))
        return out

    def stuff_hosting(self):
        c = self.P["hosting"]
        if not c["attempts"] or not c["ips"]:
            return
        r = self.R("hosting")
        ips = [rand_in(r, r.choice(HOSTING_NETS)) for _ in range(c["ips"])]
        hits = [tuple(x[:2]) for x in self.take(self.reuse_pool, self.cnt(c["hits"]))]
        pairs = self.fill_pairs(r, self.cnt(c["attempts"]) - len(hits), 0.2) + hits
        r.shuffle(pairs)
        t = int(r.uniform(0.8, 3.0) * 3_600_000)
        ua = chrome_win(119)
        pause_at = len(pairs) // 2
        for k, (u, pw) in enumerate(pairs):
            if k == pause_at:
                t += r.randrange(3, 6) * 3_600_000          # second wave later in the day, same boxes
            t += int(r.expovariate(1 / 280.0))
            self.add(t, u, ips[k % len(ips)] if r.random() < 0.8 else r.choice(ips),
                     pw, ua if r.random() < 0.85 else None, "web", "attacker", "stuff-hosting")

    def stuff_resi(self):
        c = self.P["resi"]
        if not c["addrs"]:
            return
        r = self.R("resi")
        n_addr = self.cnt(c["addrs"])
        hits = [("pair",) + tuple(x[:2]) for x in self.take(self.reuse_pool, self.cnt(c["hits"]))]
        hits += [("tweak", a) for a in self.take(self.tweak_pool, self.cnt(c["tweak"]))]
        hits += [("phish", a) for a in self.take(self.phish_pool, self.cnt(c["phish"]))]
        per = [r.choices(c["per"], c["perw"])[0] for _ in range(n_addr)]
        slots = [(ai, j) for ai in range(n_addr) for j in range(per[ai])]
        hit_slot = {}
        for h, s in zip(hits, r.sample(range(len(slots)), min(len(hits), len(slots)))):
            hit_slot[s] = h
        app_ver_ua = f"{BANK}/5.8.2 (Android 11; SM-G991B)"
        cur_addr, t = None, 0
        for si, (ai, j) in enumerate(slots):
            if j == 0:
                ip = self.resi_address(r, c["honest_share"])
                mode = r.choices(["web", "app", "none"], [78, 17, 5])[0]
                ua = web_ua(r) if mode == "web" else (app_ver_ua if mode == "app" else None)
                ch = "app" if mode == "app" else "web"
                t = honest_time(r) if r.random() < 0.7 else r.randrange(DAY_MS)
            else:
                t += r.randint(20, 900) * 1000
            h = hit_slot.get(si)
            if h is None:
                u, pw = self.fill_pairs(r, 1, 0.45)[0]
                if r.random() < 0.04:
                    cand = self.oldl[r.randrange(len(self.oldl))] if self.oldl else None
                    if cand and tweak(cand["old"]) != cand["pw"]:
                        self.add(t, cand["login"], ip, cand["old"], ua, ch, "attacker", "stuff-resi")
                        t += r.randint(3, 20) * 1000
                        self.add(t, cand["login"], ip, tweak(cand["old"]), ua, ch, "attacker", "stuff-resi/tweak")
                        continue
                self.add(t, u, ip, pw, ua, ch, "attacker", "stuff-resi")
            elif h[0] == "pair":
                self.add(t, h[1], ip, h[2], ua, ch, "attacker", "stuff-resi")
            elif h[0] == "tweak":
                a = h[1]
                self.add(t, a["login"], ip, a["old"], ua, ch, "attacker", "stuff-resi")
                t += r.randint(3, 20) * 1000
                self.add(t, a["login"], ip, tweak(a["old"]), ua, ch, "attacker", "stuff-resi/tweak")
            else:
                a = h[1]
                self.add(t, a["login"], ip, a["pw"], ua, ch, "attacker", "stuff-resi/private-list")

    def v6rot(self):
        c = self.P["v6rot"]
        if not c["attempts"]:
            return
        r = self.R("v6rot")
        pfx = v6_prefix64(r, "2a0e:1d80::/32")
        hits = [tuple(x[:2]) for x in self.take(self.reuse_pool, self.cnt(c["hits"]))]
        pairs = self.fill_pairs(r, self.cnt(c["attempts"]) - len(hits), 0.3) + hits
        r.shuffle(pairs)
        t = r.randrange(9 * 3_600_000, 15 * 3_600_000)
        ua = web_ua(r)
        for u, pw in pairs:
            t += r.randint(2000, 9000)
            self.add(t, u, v6_addr(pfx, r.getrandbits(64)), pw, ua, "web", "attacker", "v6-rotation")

    def spray(self):
        c = self.P["spray"]
        if not c["targets"]:
            return
        r = self.R("spray")
        sp = [a for a in self.accts if a["kind"] in ("email", "custno") and a["pw"] in self.spray_pw]
        known = [a for a in sp if r.random() < 0.8]
        nt = self.cnt(c["targets"])
        tg = [a["login"] if r.random() < 0.85 else a["login"].capitalize() for a in known]
        cust = [a for a in self.accts if a["kind"] in ("email", "custno")]
        while len(tg) < nt:
            if r.random() < 0.65:
                tg.append(cust[r.randrange(len(cust))]["login"])
            else:
                tg.append(self.noncust[r.randrange(len(self.noncust))] if r.random() < 0.6
                          else str(r.randint(1_000_000_000, 8_999_999_999)))
        ips = [r.choice(self.vpn) if r.random() < 0.6 else rand_in(r, r.choice(HOSTING_NETS)) for _ in range(c["ips"])]
        uas = [web_ua(r) for _ in range(5)]
        starts = sorted(r.sample(range(0, 22), c["rounds"]))
        for ri, pw in enumerate((self.spray_pw * 3)[:c["rounds"]]):
            t = starts[ri] * 3_600_000 + r.randrange(3_600_000)
            order = list(tg)
            r.shuffle(order)
            for u in order:
                t += int(r.expovariate(1 / 2500.0))
                self.add(t, u, r.choice(ips), pw, r.choice(uas), "web", "attacker", "spray")

    def brute(self):
        c = self.P["brute"]
        r = self.R("brute")
        wl = COMMON[:250]
        for a in self.brute_fast:
            ip = rand_in(r, r.choice(HOSTING_NETS))
            t = r.randrange(DAY_MS - 3_600_000)
            for pw in wl[:r.randint(80, 250)]:
                t += r.randint(800, 3000)
                self.add(t, a["login"], ip, pw, None, "web", "attacker", "brute-fast")
        for a in self.brute_slow:                     # knows the lockout: 4 tries, then waits it out
            t = r.randrange(3 * 3_600_000)
            for k, pw in enumerate(wl[:120]):
                t += r.randint(40, 200) * 1000 if k % 4 else r.randint(31, 45) * 60_000
                self.add(t, a["login"], r.choice(self.tor), pw, TOR_UA, "web", "attacker", "brute-slow")

    def fraud(self):
        c = self.P["fraud"]
        if not c["list"]:
            return
        r = self.R("fraud")
        for mi, mimic in enumerate(c["mimic"]):
            share = 1.0 / len(c["mimic"])
            cfg = AGGREGATORS[mimic]
            ips = [rand_in(r, FRAUD_IPS[mimic]) for _ in range(c["ips"])]
            items = []                                   # (typed, pw, login)
            for a in self.take(self.phish_pool, self.cnt(c["hits"] * share)):
                items.append((a["login"], a["pw"], a["login"]))
            for x in self.take(self.reuse_pool, self.cnt(c["reuse"] * share)):
                items.append((x[0], x[1], x[3]))
            n_fill = self.cnt(c["list"] * share) - len(items)
            for _ in range(max(0, n_fill)):
                if r.random() < 0.5 and self.phish_pool:
                    a = self.phish_pool[r.randrange(len(self.phish_pool))]
                    items.append((a["login"], typo(r, a["pw"]) if r.random() < 0.5 else gen_password(r), a["login"]))
                else:
                    x = self.fill["cust"][r.randrange(len(self.fill["cust"]))]
                    items.append((x[0], x[1], x[3]))
            active = list(range(len(items)))
            hours = [h + 0.4 + 0.3 * mi for h in range(1, 24, 3)]
            for ri, h in enumerate(hours):
                t = int(h * 3_600_000) + r.randrange(-240_000, 240_000)
                r.shuffle(active)
                keep = []
                for k, j in enumerate(active):
                    typed, pw, login = items[j]
                    t += int(r.uniform(*cfg["rate"]) * 1000)
                    self.add(t, typed, ips[k % len(ips)], pw, cfg["ua"], "web", "attacker", "fraud-ring-" + mimic)
                    if self.pw_at(login, t) == pw:
                        keep.append(j)
                active = sorted(keep)

    # ----------------------------------------------------------------- simulation
    def simulate(self):
        """Replay every attempt and password change in time order; decides `ok`."""
        ev = [(a[0], 1, a[8], a) for a in self.att] + [(c[0], 0, c[4], c) for c in self.changes]
        ev.sort(key=lambda e: (e[0], e[1], e[2]))
        st = {}
        for t, kind, _, x in ev:
            if kind == 0:
                s = st.setdefault(x[1], [self.by_login[x[1]]["pw"], [], -1])
                s[0] = x[2]
                continue
            login = norm_user(x[1])
            acc = self.by_login.get(login)
            if acc is None:
                x.append(False)
                continue
            s = st.setdefault(login, [acc["pw"], [], -1])
            if x[3] is None:                 # device-token (biometric) login, no password involved
                x.append(True)
                continue
            if t < s[2]:
                x.append(False)
                continue
            if x[3] == s[0]:
                s[1] = []
                x.append(True)
            else:
                s[1] = [f for f in s[1] if f > t - LOCK_WINDOW_MS] + [t]
                if len(s[1]) >= LOCK_AFTER:
                    s[1] = []
                    s[2] = t + LOCK_MS
                x.append(False)

    def reset_ok(self):
        for a in self.att:
            del a[9:]

    def postprocess(self):
        """After a first replay: stop brute force after success, add follow-ups and account takeovers."""
        r = self.R("follow")
        c = self.P["followup"]
        # brute force stops after its first success
        done = {}
        keep = []
        for a in sorted(self.att, key=lambda a: (a[0], a[8])):
            if a[6] == "attacker" and a[7].startswith("brute"):
                k = (a[7], norm_user(a[1]))
                if k in done:
                    continue
                if a[9]:
                    done[k] = True
            keep.append(a)
        keep.sort(key=lambda a: a[8])
        self.att = keep
        first = {}
        for a in sorted(self.att, key=lambda a: (a[0], a[8])):
            if a[6] == "attacker" and a[9] and norm_user(a[1]) not in first:
                first[norm_user(a[1])] = a
        self.reset_ok()
        camps_for_fu = ("stuff-hosting", "stuff-resi", "v6-rotation", "spray", "fraud-ring")
        for login in sorted(first):
            a0 = first[login]
            if not a0[7].startswith(camps_for_fu) or r.random() >= c["frac"]:
                continue
            t0 = a0[0]
            pw = a0[3]
            if r.random() < c["ato"] and t0 < DAY_MS - 2 * 3_600_000:
                tc = t0 + r.randint(2, 15) * 60_000
                pw = "".join(r.choice("abcdefghkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(14)) + "!"
                self.change(tc, login, pw, "attacker-takeover")
                self.trait(login, "takeover-pw-changed")
                self.owner_locked_out(login, tc, r)
            for _ in range(r.choice([1, 1, 2, 3])):
                t = t0 + r.randint(20, 600) * 60_000
                if t >= DAY_MS:
                    continue
                ch = "app" if r.random() < 0.3 else "web"
                ua = f"{BANK}/5.12.0 (iPhone; iOS 18.1; Scale/3.00)" if ch == "app" else web_ua(r)
                self.add(t, login, self.resi_address(r, 0.02), pw, ua, ch, "attacker", "followup")

    def owner_locked_out(self, login, tc, r):
        """Owner's sessions after an attacker changed the password: fail, then reset, then new password."""
        a = self.by_login[login]
        own = [x for x in self.att if x[6] == "honest" and norm_user(x[1]) == login and x[0] > tc
               and not x[7].startswith(("aggregator", "monitoring"))]
        if not own:
            return
        own.sort(key=lambda x: (x[0], x[8]))
        first = own[0]
        believed = first[3] if first[3] is not None else self.pw_at(login, first[0])
        if first[3] is None:
            first[3] = believed                      # device token revoked by the password change
            first[7] = first[7].replace("/token", "/token-revoked")
        new = gen_password(r)
        t = first[0]
        self.add(t + r.randint(10, 40) * 1000, first[1], first[2], believed, first[4], first[5], "honest",
                 "honest-victim/locked-out")
        tr = t + r.randint(300, 900) * 1000
        self.change(tr, login, new, "owner-reset-after-takeover")
        self.add(tr + r.randint(60, 300) * 1000, first[1], first[2], new, first[4], first[5], "honest",
                 "honest-victim/after-reset")
        for x in own[1:]:
            if x[0] > tr and x[3] is not None:
                x[3] = new

    # ----------------------------------------------------------------- run
    def run(self):
        self.population()
        self.leaks()
        self.infrastructure()
        self.households()
        self.honest()
        self.pw_hist = {}
        for a in self.accts:
            self.pw_hist[a["login"]] = [(0, a["pw"])]
        for c in sorted(self.changes, key=lambda c: (c[0], c[4])):
            self.pw_hist.setdefault(c[1], [(0, self.by_login[c[1]]["pw"])]).append((c[0], c[2]))
        self.aggregators()
        self.probes_gen()
        self.brute()
        self.stuff_hosting()
        self.stuff_resi()
        self.v6rot()
        self.spray()
        self.fraud()
        self.att = [a for a in self.att if 0 <= a[0] < DAY_MS]
        self.simulate()
        self.postprocess()
        self.att = [a for a in self.att if 0 <= a[0] < DAY_MS]
        self.simulate()

    # ----------------------------------------------------------------- output
    def write(self, out):
        os.makedirs(out, exist_ok=True)
        fp = FP(self.key)
        r = self.R("servers")
        ordered = sorted(self.att, key=lambda a: (a[0], a[8]))
        for a in ordered:                               # server assignment
            a.append("app-gw" if a[5] == "app" else ("web-1" if r.random() < 0.6 else "web-2"))
        srv_order = {"web-1": 0, "app-gw": 1, "web-2": 2}
        # hourly log chunks, concatenated server by server: interleaved, not globally sorted
        ordered.sort(key=lambda a: (a[0] // 3_600_000, srv_order[a[10]], a[0], a[8]))
        ev_lines, lab_lines = [], ["line,actor,campaign"]
        for n, a in enumerate(ordered, 1):
            t, user, ip, pw, ua, ch, actor, camp, seq, ok, srv = a
            ms = DAY0_MS + t
            if srv == "app-gw":
                ts = ms
            elif srv == "web-1":
                ts = fmt_ts(ms, 0)
            else:
                ts = fmt_ts(ms, 60)
                if self.P["v4mapped"] and ":" not in ip:
                    ip = "::ffff:" + ip
            o = {"ts": ts, "user": user, "ip": ip, "ok": ok}
            if pw is not None:
                o["cred"] = fp.cred(user, pw)
                o["pw"] = fp.pw(pw)
            if ua is not None:
                o["ua"] = ua
            o["ch"] = ch
            o["srv"] = srv
            ev_lines.append(json.dumps(o, ensure_ascii=False, separators=(",", ":")))
            lab_lines.append(f"{n},{actor},{camp}")
        with open(os.path.join(out, "events.jsonl"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(ev_lines) + "\n")
        with open(os.path.join(out, "event_labels.csv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lab_lines) + "\n")
        with open(os.path.join(out, "combos.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write(self.combo_text)
        with open(os.path.join(out, "passwords.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write(self.passwords_text)
        # labels
        comp, exposed, targeted, seen, camps = {}, {}, {}, {}, {}
        for a in ordered:
            u = norm_user(a[1])
            seen[u] = True
            if a[6] == "attacker":
                targeted[u] = True
                lst = camps.setdefault(u, [])
                base = a[7].split("/")[0]
                if base not in lst:
                    lst.append(base)
                if a[9]:
                    comp[u] = True
            elif a[9] and a[3] is not None and (u, a[3]) in self.combo_pairs:
                exposed[u] = True
        users = sorted(set(self.by_login) | set(seen))
        counts = {"compromised": 0, "exposed": 0, "targeted": 0, "benign": 0}
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["user", "label", "scenario"])
        active = 0
        active_cust = 0
        for u in users:
            acc = self.by_login.get(u)
            if u in seen and acc is not None:
                active += 1
            if u in comp:
                lab = "compromised"
            elif u in exposed:
                lab = "exposed"
            elif u in targeted:
                lab = "targeted"
            else:
                lab = "benign"
            counts[lab] += 1
            tr = list(self.traits.get(u, [])) if acc is not None else ["not-a-customer"]
            if u not in seen:
                tr.append("no-events")
            tr += ["attack:" + c for c in camps.get(u, [])]
            w.writerow([u, lab, "+".join(sorted(tr)) or "plain"])
        with open(os.path.join(out, "labels.csv"), "w", encoding="utf-8", newline="\n") as f:
            f.write(buf.getvalue())
        with open(os.path.join(out, "truth.csv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("user\n" + "".join(u + "\n" for u in sorted(comp)))
        per_camp = {}
        for a in ordered:
            k = a[7].split("/")[0] if a[6] == "attacker" else ("aggregators" if a[7].startswith("aggregator") else
                                                              a[7].split("/")[0])
            d = per_camp.setdefault(k, {"lines": 0, "ok": 0, "actor": a[6]})
            d["lines"] += 1
            d["ok"] += 1 if a[9] else 0
        hits_by = {}
        for a in ordered:
            if a[6] == "attacker" and a[9]:
                hits_by.setdefault(a[7].split("/")[0], {})[norm_user(a[1])] = True
        meta = dict(
            generator="gen8", seed=self.seed, profile=self.pname, profile_desc=self.P["desc"],
            accounts=self.n, monitoring_accounts=len(self.probes), key_is_demo=(self.key == DEMO_KEY),
            day=fmt_ts(DAY0_MS, 0)[:10], lines=len(ordered),
            honest_lines=sum(1 for a in ordered if a[6] == "honest"),
            attacker_lines=sum(1 for a in ordered if a[6] == "attacker"),
            ok_lines=sum(1 for a in ordered if a[9]),
            lines_without_ua=sum(1 for a in ordered if a[4] is None),
            lines_without_fingerprints=sum(1 for a in ordered if a[3] is None),
            distinct_ips=len(set(a[2] for a in ordered)),
            distinct_users=len(seen), active_bank_accounts=active,
            compromised=len(comp), compromised_pct_of_active=round(100.0 * len(comp) / max(1, active), 2),
            labels=counts, combos_lines=len(self.combos), passwords_lines=len(COMMON),
            spray_passwords_in_use=len(self.spray_pw),
            campaigns={k: dict(v, compromised_accounts=len(hits_by.get(k, {}))) for k, v in sorted(per_camp.items())},
            lockout=dict(after_failures=LOCK_AFTER, window_minutes=LOCK_WINDOW_MS // 60000, minutes=LOCK_MS // 60000),
        )
        with open(os.path.join(out, "meta.json"), "w", encoding="utf-8", newline="\n") as f:
            f.write(json.dumps(meta, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
        return meta


def fmt_ts(ms, off_min):
    s, frac = divmod(ms + off_min * 60_000, 1000)
    g = time.gmtime(s)
    z = "Z" if off_min == 0 else "%s%02d:%02d" % ("+" if off_min > 0 else "-", abs(off_min) // 60, abs(off_min) % 60)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03d%s" % (g.tm_year, g.tm_mon, g.tm_mday, g.tm_hour, g.tm_min, g.tm_sec, frac, z)


# --------------------------------------------------------------------------- selftest


def check_consistency(d):
    """truth == accounts with an attacker ok=true line; labels agree; one label row per event line."""
    with open(os.path.join(d, "events.jsonl"), encoding="utf-8") as f:
        ev = [json.loads(l) for l in f]
    with open(os.path.join(d, "event_labels.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(ev), "event_labels.csv row count != events.jsonl lines"
    comp = set()
    for i, (e, l) in enumerate(zip(ev, rows), 1):
        assert int(l["line"]) == i and l["actor"] in ("honest", "attacker") and l["campaign"], l
        assert isinstance(e["ok"], bool) and e["user"] and e["ip"]
        ipaddress.ip_address(e["ip"])
        if "cred" in e:
            assert len(e["cred"]) == 16 and len(e["pw"]) == 16
        if l["actor"] == "attacker" and e["ok"]:
            comp.add(norm_user(e["user"]))
    with open(os.path.join(d, "truth.csv"), encoding="utf-8") as f:
        truth = f.read().split("\n")
    assert truth[0] == "user" and truth[-1] == ""
    truth = truth[1:-1]
    assert truth == sorted(comp), "truth.csv != attacker ok=true accounts"
    assert [t.encode() for t in truth] == sorted(t.encode() for t in truth)
    with open(os.path.join(d, "labels.csv"), encoding="utf-8") as f:
        labs = list(csv.DictReader(f))
    lc = sorted(x["user"] for x in labs if x["label"] == "compromised")
    assert lc == truth, "labels.csv compromised != truth"
    assert all(x["label"] in ("compromised", "targeted", "exposed", "benign") for x in labs)
    seen = set(norm_user(e["user"]) for e in ev)
    assert seen <= set(x["user"] for x in labs), "an event user has no label"
    return len(ev), len(truth)


def selftest():
    ok = True
    for key, user, pw, c, p in SPEC_VECTORS:
        fp = FP(key)
        if fp.cred(user, pw) != c or fp.pw(pw) != p:
            print(f"FAIL vector {key!r} {user!r}: {fp.cred(user, pw)} {fp.pw(pw)}")
            ok = False
    print("spec vectors:", "ok" if ok else "FAIL")
    tmp = tempfile.mkdtemp(prefix="gen8-selftest-")
    try:
        me = os.path.abspath(__file__)
        for prof in sorted(PROFILES):
            outs = []
            for hs in ("0", "12345"):
                d = os.path.join(tmp, f"{prof}-{hs}")
                env = dict(os.environ, PYTHONHASHSEED=hs)
                subprocess.run([sys.executable, me, "--seed", "7", "--accounts", "700", "--profile", prof, "--out", d],
                               check=True, env=env, stdout=subprocess.DEVNULL)
                outs.append(d)
            same = True
            for fn in ("events.jsonl", "combos.txt", "passwords.txt", "truth.csv", "labels.csv", "event_labels.csv",
                       "meta.json"):
                with open(os.path.join(outs[0], fn), "rb") as f1, open(os.path.join(outs[1], fn), "rb") as f2:
                    if f1.read() != f2.read():
                        print(f"FAIL determinism {prof} {fn}")
                        same = False
            ok &= same
            try:
                n, c = check_consistency(outs[0])
                print(f"profile {prof}: deterministic={same} consistent=True lines={n} compromised={c}")
            except AssertionError as e:
                print(f"FAIL consistency {prof}: {e}")
                ok = False
        # a different key changes fingerprints but not labels
        d = os.path.join(tmp, "key")
        subprocess.run([sys.executable, me, "--seed", "7", "--accounts", "700", "--profile", "mixed", "--out", d,
                        "--key", "s3cr3t-pepper"], check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(d, "truth.csv"), "rb") as f1, open(os.path.join(tmp, "mixed-0", "truth.csv"), "rb") as f2:
            if f1.read() != f2.read():
                print("FAIL --key changed the truth")
                ok = False
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("selftest:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


def main(argv=None):
    ap = argparse.ArgumentParser(description="gen8: labelled synthetic online-banking login day")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--accounts", type=int, default=5000)
    ap.add_argument("--profile", default="mixed", choices=sorted(PROFILES))
    ap.add_argument("--out")
    ap.add_argument("--key", default=DEMO_KEY)
    ap.add_argument("--selftest", action="store_true")
    a = ap.parse_args(argv)
    if a.selftest:
        return selftest()
    if not a.out:
        ap.error("--out is required")
    if a.accounts < 200:
        ap.error("--accounts must be at least 200")
    t0 = time.time()
    g = Gen(a.seed, a.accounts, a.profile, a.key)
    g.run()
    meta = g.write(a.out)
    print(f"gen8 {a.profile} seed={a.seed} accounts={a.accounts}: {meta['lines']} lines, "
          f"{meta['compromised']} compromised ({meta['compromised_pct_of_active']}% of {meta['active_bank_accounts']} active), "
          f"{time.time() - t0:.1f}s -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
