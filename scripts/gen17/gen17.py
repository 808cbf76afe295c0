#!/usr/bin/env python3
"""gen17: labelled synthetic login logs of a retail crypto exchange and wallet, one UTC day.

Independent generator for judging credential-stuffing detectors (see README.md).
Standard library only.  Deterministic for the same arguments, whatever PYTHONHASHSEED is.

    python3 gen17.py --seed S --accounts N --profile P --out DIR [--key KEY]
    python3 gen17.py --selftest
"""
import argparse
import csv
import datetime
import hashlib
import heapq
import hmac
import ipaddress
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zlib

DEMO_KEY = "credsieve-demo-key"
DAY = datetime.datetime(2026, 3, 12, tzinfo=datetime.timezone.utc)
DAY0 = int(DAY.timestamp()) * 1000
SEC = 1000
MIN = 60 * SEC
HOUR = 60 * MIN
DAY_MS = 24 * HOUR
SERVERS = ("web-a", "web-b", "mobile", "api")   # concatenation order of events.jsonl


# ---------------------------------------------------------------- fingerprints (SPEC 2)
def norm(user):
    return user.strip().lower()


class Fingerprinter:
    def __init__(self, key):
        self.key = key.encode("utf-8")
        self._c = {}
        self._p = {}

    def cred(self, user, password):
        k = (user, password)
        v = self._c.get(k)
        if v is None:
            msg = b"c1\x00" + norm(user).encode("utf-8") + b"\x00" + password.encode("utf-8")
            v = hmac.new(self.key, msg, hashlib.sha256).hexdigest()[:16]
            self._c[k] = v
        return v

    def pw(self, password):
        v = self._p.get(password)
        if v is None:
            sha = hashlib.sha1(password.encode("utf-8")).hexdigest().upper()
            v = hmac.new(self.key, b"p1\x00" + sha.encode("ascii"), hashlib.sha256).hexdigest()[:16]
            self._p[password] = v
        return v


TEST_VECTORS = [
    ("credsieve-demo-key", "alice@example.com", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    ("credsieve-demo-key", "  Alice@Example.COM ", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    ("credsieve-demo-key", "bob", "correct horse battery staple", "b3c4edfb71b95783", "379b91546fb38da0"),
    ("credsieve-demo-key", "Ünïcode@例え.jp", "pässwörd:with:colons", "b00485ee34fad31d", "acadac23153ab923"),
    ("s3cr3t-pepper", "alice@example.com", "hunter2", "57cab7f6c60a4041", "a82468d22c5531ab"),
    ("s3cr3t-pepper", "bob", "correct horse battery staple", "f4be313772448b6f", "6e7632ab9a186ca4"),
]

# ---------------------------------------------------------------- world tables
# code, weight, utc offset (h), broadband v4 first octets, v6 /32-ish prefixes (2 hextets),
# mobile carriers: list of (first, second) octet blocks used for CGNAT public pools
COUNTRIES = [
    ("US", 18, -5, [73, 24, 98, 71, 76, 67], ["2601:1c2", "2600:1700", "2603:8000"], [[(172, 56), (172, 58)], [(174, 205)], [(166, 205), (107, 77)]]),
    ("CA", 3, -5, [142, 99, 70], ["2607:fea8"], [[(184, 151)], [(142, 198)]]),
    ("MX", 2, -6, [187, 201], ["2806:10a6"], [[(189, 203)]]),
    ("BR", 6, -3, [177, 179, 189], ["2804:14c"], [[(177, 79)], [(187, 26)]]),
    ("AR", 2, -3, [181, 190], ["2800:810"], [[(186, 143)]]),
    ("GB", 6, 0, [86, 81, 92], ["2a00:23c4", "2a02:c7c"], [[(92, 40)], [(31, 94)], [(82, 132)]]),
    ("DE", 6, 1, [79, 91, 93, 87], ["2003:e2", "2a02:8108"], [[(80, 187)], [(109, 40)]]),
    ("FR", 4, 1, [90, 82], ["2a01:cb00", "2a01:e0a"], [[(37, 170)], [(92, 184)]]),
    ("NL", 2, 1, [84, 77], ["2001:1c00"], [[(31, 187)]]),
    ("ES", 2, 1, [83, 88], ["2a0c:5a80"], [[(37, 133)]]),
    ("IT", 2, 1, [93, 79], ["2001:b07"], [[(5, 90)]]),
    ("PL", 2, 1, [83, 89], ["2a01:110f"], [[(37, 47)]]),
    ("NG", 3, 1, [102, 105, 197], [], [[(102, 89)], [(105, 112)]]),
    ("ZA", 2, 2, [41, 102], [], [[(41, 13)]]),
    ("UA", 2, 2, [93, 46], [], [[(176, 36)]]),
    ("TR", 4, 3, [78, 88, 95], ["2a02:ff0"], [[(31, 142)], [(176, 88)]]),
    ("AE", 1, 4, [94, 86], [], [[(5, 31)]]),
    ("IN", 8, 5.5, [106, 117, 49, 122], ["2401:4900", "2409:4040"], [[(49, 36)], [(157, 32)], [(223, 185)]]),
    ("VN", 3, 7, [113, 14], ["2405:4802"], [[(27, 72)]]),
    ("ID", 3, 7, [36, 114], ["2001:448a"], [[(114, 124)], [(182, 1)]]),
    ("SG", 2, 8, [116, 118], ["2406:3003"], [[(119, 56)]]),
    ("PH", 2, 8, [112, 122], [], [[(112, 198)], [(175, 176)]]),
    ("KR", 4, 9, [211, 121, 175], ["2001:2d8"], [[(223, 38)], [(39, 7)]]),
    ("JP", 4, 9, [126, 60, 153], ["240b:10", "2400:4050"], [[(49, 96)], [(133, 106)]]),
    ("AU", 2, 10, [101, 110, 124], ["2001:8003"], [[(1, 128)], [(49, 181)]]),
]
CWEIGHTS = [c[1] for c in COUNTRIES]

# cloud / hosting providers: (name, weight for customer bots, v4 /16 blocks, v6 prefix)
PROVIDERS = [
    ("aws", 30, [(3, 80), (3, 121), (18, 184), (34, 224), (52, 14), (54, 92)], "2600:1f18"),
    ("gcp", 12, [(34, 82), (35, 198), (34, 141)], "2600:1900"),
    ("azure", 8, [(20, 42), (40, 112), (52, 170)], "2603:1030"),
    ("digitalocean", 14, [(159, 89), (164, 90), (167, 99), (138, 68)], "2604:a880"),
    ("hetzner", 16, [(5, 9), (88, 198), (95, 216), (116, 202), (65, 108)], "2a01:4f8"),
    ("ovh", 8, [(51, 75), (54, 36), (147, 135), (51, 89)], "2001:41d0"),
    ("linode", 5, [(45, 79), (172, 105), (139, 162)], "2600:3c00"),
    ("vultr", 5, [(45, 76), (149, 28), (207, 148)], "2001:19f0"),
    ("contabo", 2, [(161, 97), (207, 180), (173, 212)], "2a02:c207"),
]
PROV_BY_NAME = {p[0]: p for p in PROVIDERS}

VPN_BLOCKS = [(185, 159, 156), (185, 159, 157), (146, 70, 12), (146, 70, 117), (146, 70, 198), (89, 187, 171),
              (89, 187, 185), (37, 19, 200), (37, 19, 221), (193, 148, 18), (212, 102, 35), (212, 102, 44),
              (138, 199, 15), (156, 146, 59), (195, 181, 163), (103, 108, 231)]
TOR_SOURCES = [("185.220.101.", 1, 254), ("185.220.100.", 240, 255), ("109.70.100.", 1, 80), ("192.42.116.", 10, 30),
               ("199.249.230.", 64, 190), ("2001:67c:e60:c0c:192:42:116:", 11, 30), ("204.8.96.", 100, 190)]

HOURW = [0.5, 0.3, 0.2, 0.15, 0.15, 0.3, 0.8, 1.5, 2.0, 2.0, 2.0, 2.0, 2.2, 2.0, 2.0, 2.0, 2.1, 2.2, 2.5, 2.8, 2.8, 2.5, 1.8, 1.0]

FIRST = ["james", "john", "robert", "michael", "william", "david", "richard", "joseph", "thomas", "charles", "mary",
         "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica", "sarah", "karen", "lucas",
         "gabriel", "mateus", "ana", "julia", "oliver", "harry", "jack", "amelia", "olivia", "lukas", "leon",
         "finn", "hannah", "lena", "emma", "louis", "hugo", "chloe", "ines", "daan", "sem", "sofia", "pablo",
         "lucia", "marco", "giulia", "jakub", "zuzanna", "chinedu", "ngozi", "emeka", "thabo", "sipho", "olena",
         "dmytro", "mehmet", "ayse", "emre", "omar", "fatima", "aarav", "priya", "rahul", "ananya", "vikram",
         "minh", "linh", "budi", "siti", "wei", "jun", "jose", "maria", "minjun", "jiwoo", "seoyeon", "haruto",
         "yui", "sota", "liam", "noah", "ethan", "mia", "ava", "zoe", "ali", "sara", "ivan", "nikita",
         "jürgen", "josé", "zoë", "françois", "søren", "müge", "andré", "renée", "chloé", "joão"]
LAST = ["smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez", "martinez",
        "silva", "santos", "oliveira", "souza", "taylor", "wilson", "evans", "muller", "schmidt", "schneider",
        "fischer", "weber", "martin", "bernard", "dubois", "devries", "jansen", "lopez", "sanchez", "rossi",
        "russo", "kowalski", "nowak", "okafor", "adeyemi", "nkosi", "dlamini", "shevchenko", "kovalenko",
        "yilmaz", "kaya", "demir", "khan", "sharma", "patel", "singh", "gupta", "nguyen", "tran", "santoso",
        "tan", "lim", "wong", "reyes", "cruz", "kim", "lee", "park", "sato", "suzuki", "takahashi", "chen",
        "wang", "ivanov", "hernandez", "gonzalez", "perez", "cohen", "haddad", "müller", "núñez", "sørensen"]
DOMAINS = [("gmail.com", 40), ("outlook.com", 8), ("hotmail.com", 8), ("yahoo.com", 7), ("icloud.com", 6),
           ("proton.me", 4), ("protonmail.com", 2), ("gmx.de", 2), ("web.de", 2), ("orange.fr", 1),
           ("libero.it", 1), ("yandex.ru", 1), ("mail.ru", 1), ("naver.com", 2), ("qq.com", 1),
           ("hotmail.co.uk", 1), ("yahoo.co.jp", 1), ("rediffmail.com", 1), ("uol.com.br", 1), ("tutanota.com", 1)]
DOM_NAMES = [d[0] for d in DOMAINS]
DOM_W = [d[1] for d in DOMAINS]

TOP_PASSWORDS = [
    "123456", "123456789", "12345678", "password", "qwerty123", "qwerty1", "111111", "12345", "secret", "123123",
    "1234567890", "1234567", "000000", "qwerty", "abc123", "password1", "iloveyou", "11111111", "dragon",
    "monkey", "123321", "654321", "qwertyuiop", "123qwe", "1q2w3e4r", "Password1", "666666", "superman",
    "121212", "princess", "sunshine", "football", "baseball", "welcome", "Welcome1", "Password123", "P@ssw0rd",
    "Passw0rd!", "admin123", "letmein", "trustno1", "bitcoin", "bitcoin123", "Bitcoin2024!", "crypto123",
    "ethereum", "Qwerty123!", "Password1!", "Welcome123!", "Summer2024!", "Winter2024!", "Spring2025",
    "iloveyou1", "charlie", "michael", "shadow", "master", "jennifer", "jordan23", "hunter2", "killer",
    "pokemon", "starwars", "whatever", "freedom", "1qaz2wsx", "zaq12wsx", "asdfghjkl", "mustang", "access",
    "flower", "hello123", "987654321", "Aa123456", "aa123456", "a123456", "q1w2e3r4", "lovely", "michelle",
    "daniel", "computer", "ginger", "hannah", "hello", "maggie", "jessica", "1234qwer", "Qwerty1!",
    "Moon2024!", "tothemoon", "hodl4ever", "satoshi", "lambo2025", "Exchange1!", "Matrix123", "Ashley1",
    "Soccer1", "11223344", "147258369", "159753", "qazwsx", "1q2w3e", "zxcvbnm", "asdf1234", "qwe123",
    "1q2w3e4r5t", "112233", "789456123", "a1b2c3d4", "passw0rd", "Qwerty12", "zxcvbnm1", "abcd1234"]
PW_WORDS = [
    "password", "qwerty", "dragon", "monkey", "letmein", "football", "baseball", "welcome", "master", "shadow",
    "sunshine", "princess", "charlie", "michael", "jordan", "superman", "batman", "iloveyou", "summer",
    "winter", "spring", "autumn", "bitcoin", "crypto", "ethereum", "satoshi", "hodl", "moon", "lambo", "doge",
    "solana", "cardano", "ripple", "trading", "money", "dollar", "million", "freedom", "secret", "hello",
    "love", "angel", "tiger", "lion", "eagle", "falcon", "soccer", "hockey", "ginger", "pepper", "cookie",
    "chocolate", "banana", "orange", "apple", "coffee", "matrix", "hunter", "killer", "ninja", "pirate",
    "rocket", "thunder", "diamond", "gold", "silver", "purple", "blue", "london", "paris", "berlin", "tokyo",
    "madrid", "liverpool", "arsenal", "chelsea", "barcelona", "juventus", "galatasaray", "flamengo",
    "corinthians", "mumbai", "delhi", "manila", "jakarta", "seoul", "lagos", "daniel", "jessica", "ashley",
    "andrew", "joshua", "matthew", "anthony", "thomas", "robert", "david", "maria", "anna", "sophie", "alex",
    "mohamed", "ahmed", "fatima", "carlos", "juan", "pedro", "lucas", "gabriel", "mateus", "rahul", "priya",
    "amit", "nguyen", "hiroshi", "yuki", "sakura", "pokemon", "naruto", "starwars", "minecraft", "fortnite",
    "playstation", "nintendo", "guitar", "music", "family", "mother", "forever", "blessed", "jesus",
    "heaven", "lovely", "flower", "butterfly", "computer", "internet", "samsung", "iphone", "america",
    "mexico", "brazil", "india", "nigeria", "turkey"]
PW_SUFFIX = ["", "1", "123", "12", "!", "2024", "1234", "2023", "01", "2025", "1!", "123!", "69", "7", "99",
             "@123", "11", "22", "13", "007", "2000", "1990", "#1", "10", "88", "2022", "321", "777"]
STRONG_ALPHA = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
STRONG_SYM = "!@#$%^&*-_+=?"


def build_password_list():
    cands = []
    for wi, w in enumerate(PW_WORDS):
        for si, s in enumerate(PW_SUFFIX):
            cands.append(((wi + 3) * (si + 2), w + s))
            cands.append(((wi + 3) * (si + 2) * 1.7, w.capitalize() + s))
    cands.sort()
    out, seen = [], set()
    for p in TOP_PASSWORDS + [c[1] for c in cands]:
        if p not in seen:
            seen.add(p)
            out.append(p)
        if len(out) >= 3200:
            break
    return out


def policy_ok(p):
    return len(p) >= 8 and any(c.isalpha() for c in p) and any(c.isdigit() for c in p)


# ---------------------------------------------------------------- user agents
def browser_ua(rng, mobile_web=False):
    v = rng.choice([120, 121, 121, 122, 122, 122, 123])
    if mobile_web:
        k = rng.random()
        if k < 0.55:
            m = rng.choice([2, 3, 3, 4, 4])
            return ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_%d like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    "Version/17.%d Mobile/15E148 Safari/604.1" % (m, m))
        if k < 0.85:
            return ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 "
                    "Mobile Safari/537.36" % v)
        return ("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
                "SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36")
    k = rng.random()
    if k < 0.45:
        return ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                "Chrome/%d.0.0.0 Safari/537.36" % v)
    if k < 0.62:
        return ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
                "Chrome/%d.0.0.0 Safari/537.36" % v)
    if k < 0.74:
        m = rng.choice([2, 3, 3, 4])
        return ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                "Version/17.%d Safari/605.1.15" % m)
    if k < 0.84:
        return ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                "Chrome/%d.0.0.0 Safari/537.36 Edg/%d.0.%d.%d" % (v, v, rng.choice([2210, 2365, 2420]), rng.randrange(40, 99)))
    if k < 0.94:
        fv = rng.choice([122, 123, 123, 124])
        return "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%d.0) Gecko/20100101 Firefox/%d.0" % (fv, fv)
    fv = rng.choice([122, 123, 124])
    return "Mozilla/5.0 (X11; Linux x86_64; rv:%d.0) Gecko/20100101 Firefox/%d.0" % (fv, fv)


def app_ua(rng):
    ver = "5.%d.%d" % (rng.choice([11, 12, 12, 13, 13, 13]), rng.randrange(0, 4))
    if rng.random() < 0.5:
        dev = rng.choice(["iPhone14,5", "iPhone15,2", "iPhone15,3", "iPhone16,1", "iPhone16,2", "iPhone13,2"])
        return "CoinHarbor/%s (%s; iOS 17.%d; Scale/3.00)" % (ver, dev, rng.choice([2, 3, 4, 4]))
    dev = rng.choice(["SM-A546B", "SM-S918B", "Pixel 8", "Pixel 7a", "M2101K6G", "CPH2451", "SM-A145F", "RMX3710"])
    return "CoinHarbor/%s (Android %d; %s)" % (ver, rng.choice([12, 13, 14, 14]), dev)


BOT_UAS = ["python-requests/2.31.0", "python-requests/2.28.2", "ccxt/4.2.15 (+https://github.com/ccxt/ccxt) Python/3.11.6",
           "ccxt/4.1.98 (+https://github.com/ccxt/ccxt) Node.js/20.10.0", "aiohttp/3.9.1 Python/3.11", "Go-http-client/1.1",
           "Go-http-client/2.0", "axios/1.6.7", "okhttp/4.12.0", "Hummingbot/1.24.0", "freqtrade/2024.2",
           "PortfolioPal/2.3 (self-hosted)", "coinfolio-daemon/0.9.4", "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)"]
TOR_UA = "Mozilla/5.0 (Windows NT 10.0; rv:115.0) Gecko/20100101 Firefox/115.0"
AGG_SERVICES = [("LedgerLens-Sync/3.4 (+https://ledgerlens.example/bot)", "aws", 4, 0.7),
                ("TaxTally-Connector/1.9", "gcp", 3, 0.3)]
QA_UA = "coinharbor-qa-robot/7.2 (internal e2e; HeadlessChrome/122.0.6261.94)"
OLD_CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/91.0.4472.124 Safari/537.36")


# ---------------------------------------------------------------- profiles
BASE = dict(
    casual_active=0.45, trader=0.07, bot=0.025, bot_stale=0.15, agg=0.10, agg_stale=0.08, vpn=0.07,
    vpn_switch=0.35, vpn_exits_base=30, vpn_exits_per=150, tor=0.01, passkey=0.08, household=0.15,
    mobile=0.6, forgot=0.012, volchange=0.01, typo=0.035, old_first=0.15, wrong_user=0.006,
    common_pw=0.015, reuse=0.018, leaked_old=0.14, noncust=3.5,
    crash_p=0.2, crash_peak=0.35, crash_dur=60, crash_start=None,
    stuff_fast=0.40, stuff_fast_in_crash=False, stuff_slow=0.18, stuff_torvpn=0.12, resi=0.6, resi_shared=0.06,
    checkers=2, checker_per=2500, checker_pairs=(50, 130), checker_cust=0.35,
    stealer=0.003, stealer_stale=0.15, simswap=0.001, spray_targets=0.22, spray_pw=3, whales=3, weak_whales=1,
    api_cloud=0.001,
)
PROFILES = {
    "mixed": {},
    "crash": dict(crash_p=0.7, crash_peak=0.55, crash_dur=90, stuff_fast=0.45, reuse=0.024, stuff_fast_in_crash=True,
                  stuff_slow=0.10, resi=0.35, stealer=0.002, checkers=1, trader=0.10),
    "stealer": dict(stealer=0.008, stealer_stale=0.2, checkers=5, checker_per=1000, checker_cust=0.45,
                    stuff_fast=0.15, stuff_slow=0.08, resi=0.3, stuff_torvpn=0.06, reuse=0.014, simswap=0.002),
    "privacy": dict(vpn=0.25, tor=0.06, vpn_exits_base=12, vpn_exits_per=500, stuff_torvpn=0.55,
                    resi_shared=0.2, stuff_fast=0.15, stuff_slow=0.10, resi=0.5, vpn_switch=0.5),
}


# ---------------------------------------------------------------- helpers
def v4(a, b, c, d):
    return "%d.%d.%d.%d" % (a, b, c, d)


def rand_p64(rng, pfx):
    return "%s:%x:%x" % (pfx, rng.randrange(0x10000), rng.randrange(0x10000))


def v6_in(rng, p64):
    return "%s:%x:%x:%x:%x" % (p64, rng.randrange(0x10000), rng.randrange(0x10000), rng.randrange(0x10000), rng.randrange(1, 0x10000))


def hashed_iid(p64, *parts):
    h = hashlib.sha256("|".join(str(x) for x in parts).encode()).hexdigest()
    return "%s:%s:%s:%s:%s" % (p64, h[0:4].lstrip("0") or "0", h[4:8].lstrip("0") or "0",
                               h[8:12].lstrip("0") or "0", h[12:16].lstrip("0") or "1")


def typo(rng, pw):
    for _ in range(10):
        k = rng.random()
        if len(pw) < 2:
            t = pw + "1"
        elif k < 0.3:
            i = rng.randrange(len(pw) - 1)
            t = pw[:i] + pw[i + 1] + pw[i] + pw[i + 2:]
        elif k < 0.55:
            i = rng.randrange(len(pw))
            t = pw[:i] + pw[i + 1:]
        elif k < 0.75:
            t = pw.swapcase()
        else:
            i = rng.randrange(len(pw) + 1)
            t = pw[:i] + rng.choice("asdfjkl;1290") + pw[i:]
        if t != pw:
            return t
    return pw + "x"


class Acct:
    __slots__ = ("uid", "ci", "pw", "owner_pw", "olds", "leaked_old", "leaked_cur", "seg", "tags", "devices",
                 "home", "carrier", "vpn", "tor", "bot", "agg", "agg_pw", "passkey", "whale", "variant", "test",
                 "work", "combo_form")

    def __init__(self, uid):
        self.uid = uid
        self.olds = []
        self.leaked_old = []
        self.leaked_cur = False
        self.tags = []
        self.devices = []
        self.vpn = None
        self.tor = False
        self.bot = None
        self.agg = -1
        self.agg_pw = None
        self.passkey = False
        self.whale = False
        self.variant = None
        self.test = False
        self.work = None
        self.combo_form = None


class Bot:
    __slots__ = ("prov", "ip", "ip6", "interval", "ua", "pw", "backoff", "start")


class Home:
    __slots__ = ("hid", "ci", "v4", "p64")


# ---------------------------------------------------------------- generator
class Gen:
    def __init__(self, seed, n, profile, key):
        self.seed, self.n, self.profile = str(seed), int(n), profile
        self.P = dict(BASE)
        self.P.update(PROFILES[profile])
        self.fp = Fingerprinter(key)
        base = "gen17|%s|%d|%s|" % (self.seed, self.n, profile)
        self.rw = random.Random(base + "world")     # world building
        self.rh = random.Random(base + "honest")    # honest behaviour during simulation
        self.ra = random.Random(base + "attack")    # attack planning/behaviour
        self.ro = random.Random(base + "overload")  # service overload
        self.rs = random.Random(base + "server")    # load balancer
        self.q = []
        self.qn = 0
        self.events = []
        self.by_uid = {}
        self.accts = []
        self.camp_meta = {}

    # ------------------------------------------------------------ event queue
    def at(self, t, fn):
        heapq.heappush(self.q, (int(t), self.qn, fn))
        self.qn += 1

    def run(self):
        q = self.q
        while q:
            t, _, fn = heapq.heappop(q)
            fn(t)

    def overload_reject(self, t):
        P = self.P
        c0 = self.crash0
        dur = P["crash_dur"] * MIN
        p = 0.002
        if c0 <= t < c0 + dur:
            p += P["crash_peak"] * math.exp(-(t - c0) / (dur / 2.5))
        elif c0 + dur <= t < c0 + dur + 30 * MIN:
            p += 0.03
        return self.ro.random() < p

    def attempt(self, t, typed, ip, pw, ua, actor, camp, channel, cb=None, passkey=False):
        t = int(t)
        if t < 0 or t >= DAY_MS:
            return

        def go(tt):
            a = self.by_uid.get(norm(typed))
            p = pw() if callable(pw) else pw
            if a is None:
                ok, why = False, "nouser"
            elif passkey:
                ok, why = True, "ok"
            elif p != a.pw:
                ok, why = False, "badpw"
            elif self.overload_reject(tt):
                ok, why = False, "overload"
            else:
                ok, why = True, "ok"
            if channel == "web":
                server = "web-a" if self.rs.random() < 0.55 else "web-b"
            else:
                server = channel
            self.events.append((tt, server, typed, ip, ok, None if passkey else p, ua, actor, camp))
            if cb:
                cb(tt, ok, why)
        self.at(t, go)

    # ------------------------------------------------------------ world
    def local_time(self, rng, ci):
        h = rng.choices(range(24), HOURW)[0]
        return int((h * HOUR + rng.randrange(HOUR) - COUNTRIES[ci][2] * HOUR) % DAY_MS)

    def make_email(self, rng, used):
        while True:
            f, l = rng.choice(FIRST), rng.choice(LAST)
            k = rng.random()
            if k < 0.35:
                local = "%s.%s" % (f, l)
            elif k < 0.55:
                local = "%s%s%d" % (f, l, rng.randrange(1, 100))
            elif k < 0.7:
                local = "%s%s" % (f[0], l)
            elif k < 0.8:
                local = "%s_%s%d" % (f, l, rng.randrange(1960, 2006))
            elif k < 0.9:
                local = "%s.%s%d" % (f, rng.choice(["crypto", "btc", "eth", "trader", "hodl", "sats"]), rng.randrange(1, 1000))
            else:
                local = "%s%d" % (l, rng.randrange(100, 10000))
            e = "%s@%s" % (local, rng.choices(DOM_NAMES, DOM_W)[0])
            if e not in used:
                used.add(e)
                return e

    def variant_of(self, rng, uid):
        local, dom = uid.split("@", 1)
        k = rng.random()
        if k < 0.45:
            v = ".".join(s.capitalize() for s in local.split(".")) + "@" + dom
        elif k < 0.6:
            v = uid.upper()
        elif k < 0.8:
            v = local.capitalize() + "@" + dom.capitalize()
        else:
            v = uid + " "
        return v if norm(v) == uid and v != uid else None

    def gen_pw(self, rng):
        k = rng.random()
        if k < self.P["common_pw"]:
            n = min(400, len(self.policy))
            return rng.choices(self.policy[:n], [1.0 / (i + 1) for i in range(n)])[0]
        if k < 0.38:
            w = rng.choice(PW_WORDS)
            w = w.capitalize() if rng.random() < 0.6 else w
            return w + rng.choice(["", "_", ".", "#"]) + str(rng.randrange(1, 10000)) + rng.choice(["", "!", "$", "?", "!!"])
        if k < 0.44:
            return "%s%s%s%d" % (rng.choice(PW_WORDS).capitalize(), rng.choice(["-", " ", ":", "ü", "é"]),
                                 rng.choice(PW_WORDS), rng.randrange(10, 100))
        if k < 0.52:
            return "-".join(rng.choice(PW_WORDS) for _ in range(4))
        L = rng.randrange(14, 22)
        return "".join(rng.choice(STRONG_ALPHA + STRONG_SYM if rng.random() < 0.15 else STRONG_ALPHA) for _ in range(L))

    def build_world(self):
        rng, P, N = self.rw, self.P, self.n
        self.pwlist = build_password_list()
        self.policy = [p for p in self.pwlist if policy_ok(p)]
        used = set()
        # network pools
        self.vpn_exits = []
        nvpn = P["vpn_exits_base"] + N // P["vpn_exits_per"]
        seen = set()
        while len(self.vpn_exits) < nvpn:
            if rng.random() < 0.12:
                ip = "2a02:6ea0:c%x%02x:%x::%x" % (rng.randrange(1, 16), rng.randrange(256), rng.randrange(1, 40), rng.randrange(1, 255))
            else:
                a, b, c = rng.choice(VPN_BLOCKS)
                ip = v4(a, b, c, rng.randrange(2, 254))
            if ip not in seen:
                seen.add(ip)
                self.vpn_exits.append(ip)
        self.tor_exits = []
        ntor = 12 + N // 400
        while len(self.tor_exits) < ntor:
            pre, lo, hi = rng.choice(TOR_SOURCES)
            ip = pre + ("%d" % rng.randrange(lo, hi + 1))
            if ip not in seen:
                seen.add(ip)
                self.tor_exits.append(ip)
        cc = [0] * len(COUNTRIES)
        self.acct_country = [rng.choices(range(len(COUNTRIES)), CWEIGHTS)[0] for _ in range(N)]
        for ci in self.acct_country:
            cc[ci] += 1
        self.carrier_pools = {}
        for ci, c in enumerate(COUNTRIES):
            for k, blocks in enumerate(c[5]):
                size = 4 + int(cc[ci] * 0.6 / len(c[5]) / 25)
                pool = []
                for _ in range(size):
                    a, b = rng.choice(blocks)
                    pool.append(v4(a, b, rng.randrange(256), rng.randrange(1, 255)))
                self.carrier_pools[(ci, k)] = pool
        self.homes_by_c = {}
        self.home_ips = []
        hid = 0
        # customers
        for i in range(N):
            uid = self.make_email(rng, used)
            a = Acct(uid)
            a.ci = ci = self.acct_country[i]
            C = COUNTRIES[ci]
            a.pw = self.gen_pw(rng)
            a.owner_pw = a.pw
            for _ in range(rng.choice([1, 1, 2, 3])):
                o = self.gen_pw(rng)
                if o != a.pw and o not in a.olds:
                    a.olds.append(o)
            a.seg = "trader" if rng.random() < P["trader"] else "casual"
            a.tags.append(a.seg)
            if rng.random() < 0.12:
                a.variant = self.variant_of(rng, uid)
            # household / home
            homes = self.homes_by_c.setdefault(ci, [])
            if homes and rng.random() < P["household"]:
                a.home = rng.choice(homes[-20:])
                a.tags.append("household")
            else:
                h = Home()
                h.hid, h.ci = hid, ci
                hid += 1
                h.v4 = v4(rng.choice(C[3]), rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))
                h.p64 = rand_p64(rng, rng.choice(C[4])) if C[4] and rng.random() < 0.45 else None
                homes.append(h)
                self.home_ips.append(h.v4)
                a.home = h
            if a.home.p64:
                a.tags.append("ipv6")
            a.carrier = rng.randrange(len(C[5]))
            desk = browser_ua(rng)
            a.devices.append(("web", desk, "home"))
            if rng.random() < 0.2:
                a.work = v4(rng.choice(C[3]), rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))
                a.devices.append(("web", desk, "work"))
            if rng.random() < P["mobile"]:
                a.devices.append(("mobile", app_ua(rng), "mob"))
                a.tags.append("mobile")
                if rng.random() < 0.3:
                    a.devices.append(("mobile", a.devices[-1][1], "mob"))
            elif rng.random() < 0.3:
                a.devices.append(("web", browser_ua(rng, True), "mob"))
            if rng.random() < P["vpn"]:
                e1 = self.vpn_exits[min(int(rng.paretovariate(1.1)) - 1, len(self.vpn_exits) - 1)] \
                    if rng.random() < 0.5 else rng.choice(self.vpn_exits)
                a.vpn = [(0, e1)]
                if rng.random() < P["vpn_switch"]:
                    a.vpn.append((rng.randrange(4 * HOUR, 20 * HOUR), rng.choice(self.vpn_exits)))
                a.devices = [(ch, ua, "vpn" if (net != "mob" or rng.random() < 0.5) else net) for ch, ua, net in a.devices]
                a.tags.append("vpn")
            if rng.random() < P["tor"]:
                a.tor = True
                a.devices = [("web", TOR_UA, "tor")] + [d for d in a.devices if d[0] == "mobile"]
                a.tags.append("tor")
            if rng.random() < P["passkey"]:
                a.passkey = True
                a.tags.append("passkey")
            if rng.random() < P["bot"] * (3 if a.seg == "trader" else 0.8):
                b = Bot()
                prov = rng.choices(PROVIDERS, [p[1] for p in PROVIDERS])[0]
                b.prov = prov[0]
                blk = rng.choice(prov[2])
                b.ip = v4(blk[0], blk[1], rng.randrange(256), rng.randrange(1, 255))
                b.ip6 = v6_in(rng, rand_p64(rng, prov[3])) if rng.random() < 0.2 else None
                b.interval = rng.randrange(5, 31) * MIN
                b.ua = rng.choice(BOT_UAS)
                b.backoff = rng.random() < 0.3
                b.start = 0 if rng.random() < 0.85 else rng.randrange(DAY_MS // 2)
                b.pw = a.pw
                if a.olds and rng.random() < P["bot_stale"]:
                    b.pw = a.olds[-1]
                    a.tags.append("stale_bot")
                a.bot = b
                a.tags.append("bot_owner")
            if rng.random() < P["agg"]:
                a.agg = 0 if rng.random() < AGG_SERVICES[0][3] else 1
                a.agg_pw = a.pw
                if a.olds and rng.random() < P["agg_stale"]:
                    a.agg_pw = a.olds[-1]
                    a.tags.append("stale_agg")
                a.tags.append("aggregator")
            self.accts.append(a)
            self.by_uid[uid] = a
        # whales: a few accounts known to hold large balances
        nwh = max(2, P["whales"] * N // 5000) if N >= 50 else 1
        idx = rng.sample(range(N), min(nwh, N))
        for j, i in enumerate(idx):
            a = self.accts[i]
            a.whale = True
            a.tags.append("whale")
            if j < P["weak_whales"]:
                a.pw = a.owner_pw = self.policy[rng.randrange(60, 300)]
                if a.bot and "stale_bot" not in a.tags:
                    a.bot.pw = a.pw
                if a.agg >= 0 and "stale_agg" not in a.tags:
                    a.agg_pw = a.pw
                a.tags.append("weak_pw")
        # QA test accounts
        self.qa = []
        for i in range(8 + N // 500):
            a = Acct("qa-e2e-%02d@coinharbor-qa.internal" % i)
            a.ci = 5
            a.pw = a.owner_pw = "Qa!%s" % "".join(rng.choice(STRONG_ALPHA) for _ in range(18))
            a.test = True
            a.seg = "qa"
            a.tags = ["qa_test_account"]
            self.qa.append(a)
            self.by_uid[a.uid] = a
        self.browser_pop = [d[1] for a in self.accts for d in a.devices if d[0] == "web"]
        self.app_pop = [d[1] for a in self.accts for d in a.devices if d[0] == "mobile"] or [app_ua(rng)]

    def build_leak(self):
        rng, P, N = self.rw, self.P, self.n
        pairs = []
        for a in self.accts:
            form = a.uid
            if rng.random() < 0.15:
                form = self.variant_of(rng, a.uid) or a.uid
                if form.endswith(" "):
                    form = a.uid
            a.combo_form = form
            if a.olds and rng.random() < P["leaked_old"]:
                k = rng.choice([1, 1, 1, 2])
                a.leaked_old = a.olds[-k:]
                for o in a.leaked_old:
                    pairs.append((form, o))
                a.tags.append("leaked_old")
            if rng.random() < P["reuse"] or ("weak_pw" in a.tags and rng.random() < 0.3):
                a.leaked_cur = True
                pairs.append((form, a.pw))
                a.tags.append("reuse")
        used = set(self.by_uid)
        for _ in range(int(P["noncust"] * N)):
            u = self.make_email(rng, used)
            if rng.random() < 0.1:
                u = u.capitalize()
            n = 1 if rng.random() < 0.85 else 2
            for _ in range(n):
                pw = rng.choice(self.pwlist[:1500]) if rng.random() < 0.25 else self.gen_pw(rng)
                pairs.append((u, pw))
        dup = [pairs[rng.randrange(len(pairs))] for _ in range(len(pairs) // 30)]
        self.combos = pairs + dup
        rng.shuffle(self.combos)
        self.combo_set = set((norm(u), p) for u, p in self.combos)
        self.combo_pairs = list(pairs)
        self.cust_combo_pairs = [(u, p) for u, p in pairs if norm(u) in self.by_uid]

    # ------------------------------------------------------------ networks
    def net_ip(self, a, net, t, rng, dev=0):
        if net == "home":
            h = a.home
            if h.p64 and rng.random() < 0.65:
                return hashed_iid(h.p64, self.seed, h.hid, dev, t // (6 * HOUR))
            return h.v4
        if net == "work":
            return a.work
        if net == "mob":
            if rng.random() < 0.35:
                return self.net_ip(a, "home", t, rng, dev)
            return rng.choice(self.carrier_pools[(a.ci, a.carrier)])
        if net == "vpn":
            ip = a.vpn[0][1]
            for st, e in a.vpn:
                if t >= st:
                    ip = e
            return ip
        if net == "tor":
            return rng.choice(self.tor_exits)
        raise ValueError(net)

    def resi_ip(self, rng, ci=None, shared=0.0):
        if shared and rng.random() < shared:
            if rng.random() < 0.7:
                return rng.choice(self.home_ips)
            return rng.choice(self.carrier_pools[sorted(self.carrier_pools)[rng.randrange(len(self.carrier_pools))]])
        if ci is None:
            ci = rng.choices(range(len(COUNTRIES)), CWEIGHTS)[0]
        C = COUNTRIES[ci]
        r = rng.random()
        if r < 0.12:
            return rng.choice(self.carrier_pools[(ci, rng.randrange(len(C[5])))])
        if r < 0.22 and C[4]:
            return v6_in(rng, rand_p64(rng, rng.choice(C[4])))
        return v4(rng.choice(C[3]), rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))

    def host_ip(self, rng, prov=None):
        p = PROV_BY_NAME[prov] if prov else rng.choice(PROVIDERS)
        a, b = rng.choice(p[2])
        return v4(a, b, rng.randrange(256), rng.randrange(1, 255))

    # ------------------------------------------------------------ honest behaviour
    def session(self, t, a, camp, dev=None, pre=None, final="login"):
        rng = self.rh
        if dev is None:
            dev = rng.randrange(len(a.devices))
        channel, ua, net = a.devices[dev]
        ip = self.net_ip(a, net, t, rng, dev)
        typed = a.variant if (a.variant and (channel == "mobile" or rng.random() < 0.5)) else a.uid
        if pre is None:
            pre = []
            if a.passkey and channel != "api" and rng.random() < 0.6:
                self.attempt(t, typed, ip, None, ua, "honest", camp, channel, passkey=True)
                return
            if rng.random() < self.P["wrong_user"]:
                wu = typo(rng, a.uid.split("@")[0]) + "@" + a.uid.split("@")[1]
                if norm(wu) not in self.by_uid:
                    self.attempt(t, wu, ip, lambda: a.owner_pw, ua, "honest", "wrong_user", channel)
                    t += rng.randrange(8, 60) * SEC
            if a.leaked_old and rng.random() < self.P["old_first"]:
                pre.append(a.leaked_old[-1])
            elif rng.random() < self.P["typo"]:
                pre.append("\x00TYPO")
        self.chain(t, a, typed, ip, ua, channel, camp, pre, final, 0, 0)

    def chain(self, t, a, typed, ip, ua, channel, camp, pre, final, n_over, n_bad):
        rng = self.rh
        if n_over + n_bad > 12:
            return
        if pre:
            p0 = pre[0]
            pwv = (lambda: typo(rng, a.owner_pw)) if p0 == "\x00TYPO" else p0

            def cb(t2, ok, why):
                if not ok:
                    self.chain(t2 + rng.randrange(4, 40) * SEC, a, typed, ip, ua, channel, camp, pre[1:], final, n_over, n_bad)
            self.attempt(t, typed, ip, pwv, ua, "honest", camp, channel, cb)
            return
        if final == "reset":
            self.reset_flow(t, a, typed, ip, ua, channel, camp)
            return

        def cb(t2, ok, why):
            if ok:
                return
            if why == "overload":
                if n_over < 6:
                    self.chain(t2 + rng.randrange(3, 90) * SEC, a, typed, ip, ua, channel, camp, [], final, n_over + 1, n_bad)
            elif why == "badpw":
                if n_bad < 1 + (rng.random() < 0.5):
                    self.chain(t2 + rng.randrange(5, 40) * SEC, a, typed, ip, ua, channel, camp, [], final, n_over, n_bad + 1)
                else:
                    self.reset_flow(t2, a, typed, ip, ua, channel, camp)
        self.attempt(t, typed, ip, lambda: a.owner_pw, ua, "honest", camp, channel, cb)

    def reset_flow(self, t, a, typed, ip, ua, channel, camp):
        rng = self.rh
        tr = t + rng.randrange(2, 15) * MIN
        new = self.gen_pw(rng)
        while new == a.pw:
            new = self.gen_pw(rng)

        def do(tt):
            a.pw = a.owner_pw = new
            self.owner_fixes_clients(tt, a)
        self.at(tr, do)
        self.chain(tr + rng.randrange(30, 180) * SEC, a, typed, ip, ua, channel, "pw_reset", [], "login", 0, 1)

    def owner_fixes_clients(self, t, a):
        rng = self.rh
        if a.bot and rng.random() < 0.5:
            def fix(tt, b=a.bot):
                b.pw = a.owner_pw
            self.at(t + rng.randrange(20, 360) * MIN, fix)
        if a.agg >= 0 and rng.random() < 0.3:
            def fixa(tt):
                a.agg_pw = a.owner_pw
            self.at(t + rng.randrange(30, 600) * MIN, fixa)

    def schedule_honest(self):
        P, rng = self.P, self.rw
        c0 = self.crash0
        cdur = P["crash_dur"] * MIN
        for a in self.accts:
            ci = a.ci
            if a.seg == "trader":
                wake = rng.randrange(6, 10) * HOUR + rng.randrange(HOUR)
                sleep = rng.randrange(22, 26) * HOUR
                t = wake
                while t < sleep:
                    self.at_session((t - COUNTRIES[ci][2] * HOUR) % DAY_MS, a, "trader")
                    t += int(rng.uniform(35, 150) * MIN)
            else:
                if rng.random() < P["casual_active"] or a.bot or a.whale:
                    for _ in range(rng.choices([1, 2, 3, 4], [60, 28, 9, 3])[0]):
                        self.at_session(self.local_time(rng, ci), a, "casual")
            if rng.random() < P["crash_p"]:
                for _ in range(1 if rng.random() < 0.75 else 2):
                    t = c0 + min(int(rng.expovariate(1.0 / (cdur / 4))), cdur - 1)
                    self.at_session(t, a, "crash_rush")
            if rng.random() < P["forgot"]:
                t = self.local_time(rng, ci)
                guesses = [o for o in a.olds[-2:]] + ["\x00TYPO"] * rng.randrange(0, 3)
                rng.shuffle(guesses)
                self.at_session(t, a, "forgot_pw", pre=guesses or ["\x00TYPO"], final="reset")
            if rng.random() < P["volchange"]:
                t = self.local_time(rng, ci)
                new = self.gen_pw(rng)

                def ch(tt, a=a, new=new):
                    if a.pw == a.owner_pw:        # only if the owner still controls it
                        a.pw = a.owner_pw = new
                        self.owner_fixes_clients(tt, a)
                self.at(t, ch)
                a.tags.append("pw_change")
            if a.bot:
                self.at(a.bot.start + rng.randrange(a.bot.interval), lambda tt, a=a: self.bot_tick(tt, a))
        # aggregators
        for si, (ua, prov, nip, _) in enumerate(AGG_SERVICES):
            p = PROV_BY_NAME[prov]
            blk = p[2][si % len(p[2])]
            c = rng.randrange(256)
            ips = [v4(blk[0], blk[1], c, rng.randrange(2, 254)) for _ in range(nip)]
            users = [a for a in self.accts if a.agg == si]
            period = 4 if si == 0 else 6
            for h in range(0, 24, period):
                t = (h * HOUR + (70 if si == 0 else 210) * MIN + rng.randrange(-5, 6) * MIN) % DAY_MS
                order = list(users)
                rng.shuffle(order)
                for k, a in enumerate(order):
                    t += int(rng.uniform(0.2, 1.8) * SEC)
                    self.attempt(t, a.uid, ips[k % nip], lambda a=a: a.agg_pw, ua, "honest", "aggregator", "api")
        # QA robot
        qa_ips = ["10.40.3.17", "10.40.3.18", "fd00:40:3::21", self.host_ip(rng, "gcp")]
        t = 7 * MIN
        run = 0
        while t < DAY_MS:
            ip = qa_ips[run % len(qa_ips)]
            tt = t + rng.randrange(60) * SEC
            for a in rng.sample(self.qa, min(len(self.qa), rng.randrange(3, 7))):
                self.attempt(tt, a.uid, ip, a.pw, QA_UA, "honest", "qa_robot", "web")
                tt += rng.randrange(2, 9) * SEC
            neg = self.qa[0]
            self.attempt(tt, neg.uid, ip, "definitely-wrong-password", QA_UA, "honest", "qa_robot", "web")
            if run % 4 == 0:
                self.attempt(tt + 3 * SEC, "qa-e2e-nouser@coinharbor-qa.internal", ip, "x", QA_UA, "honest", "qa_robot", "web")
            run += 1
            t += 30 * MIN

    def at_session(self, t, a, camp, pre=None, final="login"):
        self.at(t, lambda tt: self.session(tt, a, camp, pre=pre, final=final))

    def bot_tick(self, t, a):
        b = a.bot
        rng = self.rh
        ip = b.ip6 if (b.ip6 and rng.random() < 0.5) else b.ip

        def cb(t2, ok, why):
            gap = b.interval
            if not ok and why == "badpw" and b.backoff:
                b.interval = min(b.interval * 2, 2 * HOUR)
            elif ok and b.backoff:
                b.interval = max(5 * MIN, min(b.interval, 30 * MIN))
            nt = t2 + int(gap * rng.uniform(0.85, 1.15))
            if nt < DAY_MS:
                self.at(nt, lambda tt: self.bot_tick(tt, a))
        self.attempt(t, a.uid, ip, lambda: b.pw, b.ua, "honest", "own_bot", "api", cb)

    # ------------------------------------------------------------ attacks
    def atk(self, t, typed, ip, pw, ua, channel, camp, on_ok=None, on_fail=None):
        def cb(t2, ok, why):
            if ok:
                if on_ok:
                    on_ok(t2)
            elif on_fail:
                on_fail(t2, why)
        self.attempt(t, typed, ip, pw, ua, "attacker", camp, channel, cb)

    def follow_up(self, t, typed, pw, ip, ua, channel, camp, p_return, p_change, alt_ip):
        rng = self.ra
        if rng.random() >= p_return:
            return
        know = [pw]
        nret = rng.choice([1, 1, 2, 3])
        ip2 = ip if rng.random() < 0.45 else alt_ip()
        change = rng.random() < p_change
        a = self.by_uid[norm(typed)]

        def ret(tk, k):
            def ok_cb(t3):
                if k == 0 and change:
                    new = "".join(rng.choice(STRONG_ALPHA) for _ in range(16))

                    def do(tt):
                        if a.pw == know[0]:
                            a.pw = new
                            know[0] = new
                    self.at(t3 + rng.randrange(30, 300) * SEC, do)
                if k + 1 < nret:
                    ret(t3 + rng.randrange(3, 90) * MIN, k + 1)
            self.atk(tk, typed, ip2, lambda: know[0], ua, channel, camp + "_return", ok_cb)
        ret(t + rng.randrange(2, 45) * MIN, 0)

    def copied_ua(self, rng):
        return rng.choice(self.browser_pop)

    def sample_pairs(self, rng, k, cust_share=None):
        if cust_share is None:
            return [self.combo_pairs[rng.randrange(len(self.combo_pairs))] for _ in range(k)] if k else []
        out = []
        for _ in range(k):
            src = self.cust_combo_pairs if (self.cust_combo_pairs and rng.random() < cust_share) else self.combo_pairs
            out.append(src[rng.randrange(len(src))])
        return out

    def schedule_attacks(self):
        P, rng, N = self.P, self.ra, self.n

        def uniq(pairs):
            seen, out = set(), []
            for p in pairs:
                if p not in seen:
                    seen.add(p)
                    out.append(p)
            return out

        # 1. fast credential stuffing from a hosting range
        k = int(P["stuff_fast"] * N)
        if k:
            prov = rng.choice(["ovh", "hetzner", "digitalocean", "contabo", "vultr"])
            pp = PROV_BY_NAME[prov]
            blk = rng.choice(pp[2])
            c1, c2 = rng.randrange(256), rng.randrange(256)
            ips = [v4(blk[0], blk[1], rng.choice([c1, c2]), rng.randrange(2, 254)) for _ in range(rng.randrange(8, 17))]
            mode = rng.randrange(3)
            uas = [OLD_CHROME] if mode == 0 else ([self.copied_ua(rng) for _ in range(4)] if mode == 1 else [None, "python-requests/2.25.1"])
            channel = "api" if mode == 2 else "web"
            start = (self.crash0 + 5 * MIN) if P["stuff_fast_in_crash"] else rng.randrange(1 * HOUR, 20 * HOUR)
            dur = rng.randrange(40, 120) * MIN
            t = start
            for u, p in uniq(self.sample_pairs(rng, k)):
                t += int(rng.expovariate(k / dur))
                ip = rng.choice(ips)
                ua = rng.choice(uas)
                self.atk(t, u, ip, p, ua, channel, "stuff_hosting",
                         on_ok=lambda t2, u=u, p=p, ip=ip, ua=ua, ch=channel, ips=ips: self.follow_up(
                             t2, u, p, ip, ua, ch, "stuff_hosting", 0.35, 0.25, lambda: rng.choice(ips)))
        # 2. slow stuffing spread over the day, many hosting IPs, copied browser UAs
        k = int(P["stuff_slow"] * N)
        if k:
            ips = [(self.host_ip(rng, rng.choice(["aws", "azure", "linode", "vultr", "ovh"])), self.copied_ua(rng))
                   for _ in range(rng.randrange(40, 80))]
            for u, p in uniq(self.sample_pairs(rng, k)):
                t = rng.randrange(DAY_MS)
                ip, ua = rng.choice(ips)
                self.atk(t, u, ip, p, ua, "web", "stuff_hosting_slow",
                         on_ok=lambda t2, u=u, p=p, ip=ip, ua=ua, ips=ips: self.follow_up(
                             t2, u, p, ip, ua, "web", "stuff_hosting_slow", 0.4, 0.2, lambda: rng.choice(ips)[0]))
        # 3. stuffing through Tor and commercial VPN exits that customers also use
        k = int(P["stuff_torvpn"] * N)
        if k:
            used_vpn = sorted(set(e for a in self.accts if a.vpn for _, e in a.vpn))
            exits = self.tor_exits + (used_vpn or self.vpn_exits)[:40] + self.vpn_exits[:10]
            nb = rng.randrange(3, 7)
            per = k // nb
            for b in range(nb):
                t = rng.randrange(DAY_MS - 3 * HOUR)
                ua = self.copied_ua(rng) if rng.random() < 0.6 else TOR_UA
                for u, p in uniq(self.sample_pairs(rng, per)):
                    t += int(rng.expovariate(1.0 / (8 * SEC)))
                    ip = rng.choice(exits)
                    self.atk(t, u, ip, p, ua, "web", "stuff_torvpn",
                             on_ok=lambda t2, u=u, p=p, ip=ip, ua=ua, exits=exits: self.follow_up(
                                 t2, u, p, ip, ua, "web", "stuff_torvpn", 0.4, 0.2, lambda: rng.choice(exits)))
        # 4. distributed stuffing through a residential proxy network
        k = int(P["resi"] * N)
        if k:
            start = rng.randrange(0, 10 * HOUR)
            dur = rng.randrange(8, 14) * HOUR
            pairs = uniq(self.sample_pairs(rng, k))
            i = 0
            while i < len(pairs):
                n = rng.choices([1, 2, 3], [55, 30, 15])[0]
                ip = self.resi_ip(rng, shared=P["resi_shared"])
                ua = self.copied_ua(rng) if rng.random() < 0.85 else browser_ua(rng, True)
                t = start + rng.randrange(dur)
                for u, p in pairs[i:i + n]:
                    self.atk(t, u, ip, p, ua, "web", "stuff_resi_proxy",
                             on_ok=lambda t2, u=u, p=p, ua=ua: self.follow_up(
                                 t2, u, p, self.resi_ip(rng), ua, "web", "stuff_resi_proxy", 0.45, 0.3, lambda: self.resi_ip(rng)))
                    t += rng.randrange(1, 25) * SEC
                i += n
        # 5. account checkers: human pace, verify once and leave
        nchk = P["checkers"] + N // P["checker_per"]
        for c in range(nchk):
            lo, hi = P["checker_pairs"]
            pairs = uniq(self.sample_pairs(rng, rng.randrange(lo, hi), P["checker_cust"]))
            t = rng.randrange(DAY_MS - 6 * HOUR)
            ua = self.copied_ua(rng)
            use_vpn = rng.random() < 0.4
            ip = rng.choice(self.vpn_exits) if use_vpn else self.resi_ip(rng)
            for j, (u, p) in enumerate(pairs):
                if j and j % rng.randrange(8, 25) == 0:
                    ip = rng.choice(self.vpn_exits) if use_vpn else self.resi_ip(rng)
                    t += rng.randrange(5, 90) * MIN
                t += int(min(rng.lognormvariate(math.log(80), 0.6), 900) * SEC)
                self.atk(t, u, ip, p, ua, "web", "checker")
        # 6. infostealer logs replayed with the victim's own UA via residential proxy in their country
        nst = max(1, int(P["stealer"] * N))
        cands = [a for a in self.accts if not a.leaked_cur and not a.whale]
        for a in rng.sample(cands, min(nst, len(cands))):
            webd = [d for d in a.devices if d[0] == "web"] or a.devices
            ch, ua, _ = rng.choice(webd)
            pw = a.olds[-1] if (a.olds and rng.random() < P["stealer_stale"]) else a.pw
            ip = self.resi_ip(rng, a.ci)
            t = rng.randrange(DAY_MS)
            typed = a.variant or a.uid
            a.tags.append("stealer_victim")

            def fail2(t2, why, a=a, typed=typed, ip=ip, ua=ua, ch=ch):
                if why == "badpw" and len(a.olds) > 1 and rng.random() < 0.5:
                    self.atk(t2 + rng.randrange(20, 120) * SEC, typed, ip, a.olds[0], ua, ch, "infostealer")
            self.atk(t, typed, ip, pw, ua, ch, "infostealer",
                     on_ok=lambda t2, typed=typed, pw=pw, ip=ip, ua=ua, ch=ch, ci=a.ci: self.follow_up(
                         t2, typed, pw, ip, ua, ch, "infostealer", 0.6, 0.3, lambda: self.resi_ip(rng, ci)),
                     on_fail=fail2)
        # 7. SIM-swap / phishing takeovers from a mobile carrier address
        nsw = max(1, int(P["simswap"] * N))
        cands = [a for a in self.accts if any(d[0] == "mobile" for d in a.devices)]
        for a in rng.sample(cands, min(nsw, len(cands))):
            ua = rng.choice(self.app_pop)
            pool = self.carrier_pools[(a.ci, rng.randrange(len(COUNTRIES[a.ci][5])))]
            ip = rng.choice(pool)
            t = rng.randrange(DAY_MS)
            a.tags.append("simswap_victim")
            pw = a.pw
            if rng.random() < 0.3:
                self.atk(t - rng.randrange(20, 90) * SEC, a.uid, ip, typo(rng, pw), ua, "mobile", "simswap")
            self.atk(t, a.uid, ip, pw, ua, "mobile", "simswap",
                     on_ok=lambda t2, a=a, pw=pw, ip=ip, ua=ua, pool=pool: self.follow_up(
                         t2, a.uid, pw, ip, ua, "mobile", "simswap", 0.95, 0.7,
                         lambda: rng.choice(pool) if rng.random() < 0.6 else self.host_ip(rng)))
        # 8. password spraying: a few popular passwords, slow, one attempt per exit
        sp = self.policy[:P["spray_pw"]]
        pool_users = sorted(set(norm(u) for u, _ in self.combo_pairs))
        ncust = int(P["spray_targets"] * N)
        targets = [a.uid for a in rng.sample(self.accts, min(ncust, N))] + rng.sample(pool_users, min(len(pool_users), ncust // 2))
        rng.shuffle(targets)
        hit = set()
        win = DAY_MS // max(1, len(sp))
        for wi, p in enumerate(sp):
            for u in targets:
                t = wi * win + rng.randrange(win)
                ip = self.resi_ip(rng, shared=P["resi_shared"] / 2)
                ua = self.copied_ua(rng)

                def sp_ok(t2, u=u, p=p, ip=ip, ua=ua):
                    if u in hit:
                        return
                    hit.add(u)
                    self.follow_up(t2, u, p, ip, ua, "web", "spray", 0.5, 0.3, lambda: self.resi_ip(rng))
                self.atk(t, u, ip, p, ua, "web", "spray", on_ok=sp_ok)
        # 9. IPv6 brute force against whales, fresh address per attempt in one /64
        for a in [x for x in self.accts if x.whale]:
            prov = PROV_BY_NAME[rng.choice(["hetzner", "ovh", "vultr"])]
            p64 = rand_p64(rng, prov[3])
            budget = rng.randrange(350, 900)
            ua = rng.choice([OLD_CHROME, "python-requests/2.31.0", None])
            t0 = rng.randrange(DAY_MS - 4 * HOUR)
            state = {"done": False}

            def step(t, i, a=a, p64=p64, budget=budget, ua=ua, state=state, me=None):
                if i >= budget or i >= len(self.policy) or state["done"]:
                    return
                ip = v6_in(rng, p64)
                p = self.policy[i]

                def ok_cb(t2):
                    state["done"] = True
                    self.follow_up(t2, a.uid, p, ip, ua, "api", "bruteforce_v6", 1.0, 0.6, lambda: v6_in(rng, p64))

                def fail_cb(t2, why):
                    self.at(t2 + rng.randrange(2000, 12000), lambda tt: me(tt, i + 1, me=me))
                self.atk(t, a.uid, ip, p, ua, "api", "bruteforce_v6", on_ok=ok_cb, on_fail=fail_cb)
            self.at(t0, lambda tt, step=step: step(tt, 0, me=step))
        # 10. API-style automated logins from the victim bot's own cloud provider
        nap = max(1, int(P["api_cloud"] * N))
        owners = [a for a in self.accts if a.bot and "stale_bot" not in a.tags]
        owners.sort(key=lambda a: (not a.leaked_cur, a.uid))
        lead = [a for a in owners if a.leaked_cur]
        rest = [a for a in owners if not a.leaked_cur]
        rng.shuffle(lead)
        rng.shuffle(rest)
        for a in (lead + rest)[:nap]:
            ip = self.host_ip(rng, a.bot.prov)
            ua = rng.choice(BOT_UAS)
            pw = a.pw
            t = rng.randrange(DAY_MS - 6 * HOUR)
            end = t + rng.randrange(2, 8) * HOUR
            iv = rng.randrange(8, 26) * MIN
            a.tags.append("api_cloud_victim")
            know = [pw]
            changed = rng.random() < 0.2
            first = True
            while t < end:
                def ok_cb(t2, a=a, know=know, first=first, changed=changed):
                    if first and changed:
                        new = "".join(rng.choice(STRONG_ALPHA) for _ in range(18))

                        def do(tt):
                            if a.pw == know[0]:
                                a.pw = new
                                know[0] = new
                        self.at(t2 + 40 * MIN, do)
                self.atk(t, a.uid, ip, lambda know=know: know[0], ua, "api", "api_cloud", on_ok=ok_cb)
                first = False
                t += int(iv * rng.uniform(0.97, 1.03))

    # ------------------------------------------------------------ output
    def generate(self):
        self.build_world()
        self.build_leak()
        P = self.P
        if P["crash_start"] is not None:
            self.crash0 = P["crash_start"]
        else:
            self.crash0 = self.rw.randrange(12 * 60, 20 * 60) * MIN
        self.schedule_honest()
        self.schedule_attacks()
        self.run()

    def ts(self, server, t, i):
        ms = DAY0 + t
        if server == "mobile":
            return ms
        dt = datetime.datetime.fromtimestamp(ms / 1000.0, datetime.timezone.utc)
        dt = dt.replace(microsecond=(ms % 1000) * 1000)
        if server == "web-a":
            return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000)
        if server == "web-b":
            d2 = dt.astimezone(datetime.timezone(datetime.timedelta(hours=1)))
            return d2.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d+01:00" % (ms % 1000)
        d2 = dt.astimezone(datetime.timezone(datetime.timedelta(hours=-5)))
        return d2.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d%03d-05:00" % (ms % 1000, (i * 7919) % 1000)

    def write(self, out):
        os.makedirs(out, exist_ok=True)
        fp = self.fp
        by_server = {s: [] for s in SERVERS}
        for ev in self.events:
            by_server[ev[1]].append(ev)
        lines, labels = [], []
        for s in SERVERS:
            for i, (t, server, typed, ip, ok, pw, ua, actor, camp) in enumerate(by_server[s]):
                if s == "api":
                    d = {"ts": self.ts(s, t, i), "ip": ip, "user": typed, "ok": ok}
                    if pw is not None:
                        d["pw"] = fp.pw(pw)
                        d["cred"] = fp.cred(typed, pw)
                else:
                    d = {"ts": self.ts(s, t, i), "user": typed, "ip": ip, "ok": ok}
                    if pw is not None:
                        d["cred"] = fp.cred(typed, pw)
                        d["pw"] = fp.pw(pw)
                    else:
                        d["method"] = "passkey"
                if ua is not None:
                    d["ua"] = ua
                lines.append(json.dumps(d, ensure_ascii=False, separators=(",", ":")))
                labels.append((actor, camp, norm(typed), ok, pw, t, ip))
        with open(os.path.join(out, "events.jsonl"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")
        with open(os.path.join(out, "event_labels.csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["line", "actor", "campaign"])
            for i, (actor, camp, *_r) in enumerate(labels, 1):
                w.writerow([i, actor, camp])
        # leak
        with open(os.path.join(out, "combos.txt"), "w", encoding="utf-8", newline="\n") as f:
            rng = random.Random("gen17|%s|%d|%s|leakfmt" % (self.seed, self.n, self.profile))
            for k, (u, p) in enumerate(self.combos):
                f.write("%s:%s\n" % (u, p))
                if k % 4000 == 1999:
                    f.write("\n")
                if k % 9000 == 4321:
                    f.write("%s;%s\n" % (rng.choice(self.combos)[0], "malformed-no-colon"))
        with open(os.path.join(out, "passwords.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(self.pwlist) + "\n")
        # truth and labels
        comp, targeted, exposed, camps_of, active = set(), set(), set(), {}, set()
        stats = {}
        for actor, camp, u, ok, pw, t, ip in labels:
            st = stats.setdefault(camp, {"actor": actor, "events": 0, "ok": 0, "users": set(), "ok_users": set(), "ips": set()})
            st["events"] += 1
            st["users"].add(u)
            st["ips"].add(ip)
            if ok:
                st["ok"] += 1
                st["ok_users"].add(u)
            if actor == "attacker":
                targeted.add(u)
                camps_of.setdefault(u, set()).add(camp)
                if ok:
                    comp.add(u)
            else:
                if u in self.by_uid:
                    active.add(u)
                if ok and pw is not None and (u, pw) in self.combo_set:
                    exposed.add(u)
        truth = sorted(comp, key=lambda s: s.encode("utf-8"))
        with open(os.path.join(out, "truth.csv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("user\n")
            for u in truth:
                f.write(u + "\n")
        allu = sorted(set(l[2] for l in labels), key=lambda s: s.encode("utf-8"))
        lab_counts = {"compromised": 0, "exposed": 0, "targeted": 0, "benign": 0}
        with open(os.path.join(out, "labels.csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["user", "label", "scenario"])
            for u in allu:
                a = self.by_uid.get(u)
                if u in comp:
                    lab = "compromised"
                elif u in exposed:
                    lab = "exposed"
                elif u in targeted:
                    lab = "targeted"
                else:
                    lab = "benign"
                lab_counts[lab] += 1
                tags = list(a.tags) if a else (["nonexistent"] if u in targeted else ["typo_user" if u.find("qa-") < 0 else "qa_nonexistent"])
                if u in camps_of:
                    tags += ["atk:" + c for c in sorted(camps_of[u])]
                w.writerow([u, lab, ";".join(tags)])
        active_n = len(active)
        meta = {
            "generator": "gen17", "seed": self.seed, "accounts": self.n, "profile": self.profile,
            "day": DAY.strftime("%Y-%m-%d"), "crash_window_utc": [self.ts("web-a", self.crash0, 0),
                                                                self.ts("web-a", self.crash0 + self.P["crash_dur"] * MIN, 0)],
            "lines": len(lines), "server_order": list(SERVERS),
            "server_lines": {s: len(by_server[s]) for s in SERVERS},
            "combos_lines": len(self.combos), "passwords": len(self.pwlist),
            "truth": len(truth), "active_accounts": active_n,
            "takeover_rate_of_active": round(len(truth) / active_n, 4) if active_n else 0.0,
            "labels": lab_counts,
            "campaigns": {c: {"actor": s["actor"], "events": s["events"], "ok": s["ok"], "users": len(s["users"]),
                              "users_ok": len(s["ok_users"]), "distinct_ips": len(s["ips"])}
                          for c, s in sorted(stats.items())},
            "params": {k: v for k, v in sorted(self.P.items())},
        }
        with open(os.path.join(out, "meta.json"), "w", encoding="utf-8", newline="\n") as f:
            json.dump(meta, f, indent=2, sort_keys=True, ensure_ascii=False)
            f.write("\n")
        return meta


# ---------------------------------------------------------------- self test
def parse_ts(v):
    if isinstance(v, int):
        return v
    return int(datetime.datetime.fromisoformat(v.replace("Z", "+00:00")).timestamp() * 1000)


def check_dir(d):
    problems = []
    labels = list(csv.reader(open(os.path.join(d, "event_labels.csv"), encoding="utf-8")))[1:]
    comp = set()
    users = set()
    n = 0
    with open(os.path.join(d, "events.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            e = json.loads(line)
            ipaddress.ip_address(e["ip"])
            parse_ts(e["ts"])
            assert isinstance(e["ok"], bool) and e["user"].strip()
            for k in ("cred", "pw"):
                if k in e:
                    assert len(e[k]) == 16 and all(c in "0123456789abcdef" for c in e[k]), e
            if n > len(labels):
                problems.append("line %d has no label" % n)
                break
            ln, actor, camp = labels[n - 1]
            if int(ln) != n or actor not in ("honest", "attacker") or not camp:
                problems.append("bad label row %d" % n)
            u = norm(e["user"])
            users.add(u)
            if actor == "attacker" and e["ok"]:
                comp.add(u)
    if n != len(labels):
        problems.append("events %d vs labels %d" % (n, len(labels)))
    truth = [l.rstrip("\n") for l in open(os.path.join(d, "truth.csv"), encoding="utf-8")]
    if truth[0] != "user" or truth[1:] != sorted(comp, key=lambda s: s.encode("utf-8")):
        problems.append("truth.csv differs from attacker ok=true accounts")
    lab = list(csv.reader(open(os.path.join(d, "labels.csv"), encoding="utf-8")))[1:]
    if set(r[0] for r in lab) != users or len(lab) != len(users):
        problems.append("labels.csv does not cover exactly the users in events")
    if set(r[0] for r in lab if r[1] == "compromised") != comp:
        problems.append("labels compromised != truth")
    return problems, n, len(comp)


def selftest():
    ok = True
    for key, user, pw, c, p in TEST_VECTORS:
        f = Fingerprinter(key)
        if f.cred(user, pw) != c or f.pw(pw) != p:
            print("FAIL vector", key, repr(user), f.cred(user, pw), f.pw(pw))
            ok = False
    print("test vectors:", "ok" if ok else "FAIL")
    tmp = tempfile.mkdtemp(prefix="gen17-selftest-")
    try:
        for prof in sorted(PROFILES):
            dirs = []
            for hs in ("0", "12345"):
                d = os.path.join(tmp, "%s-%s" % (prof, hs))
                env = dict(os.environ, PYTHONHASHSEED=hs)
                r = subprocess.run([sys.executable, os.path.abspath(__file__), "--seed", "st7", "--accounts", "800",
                                    "--profile", prof, "--out", d], env=env, capture_output=True, text=True)
                if r.returncode != 0:
                    print("FAIL run", prof, r.stderr)
                    ok = False
                dirs.append(d)
            same = True
            for fn in sorted(os.listdir(dirs[0])):
                if open(os.path.join(dirs[0], fn), "rb").read() != open(os.path.join(dirs[1], fn), "rb").read():
                    same = False
                    print("FAIL determinism", prof, fn)
            probs, n, nc = check_dir(dirs[0])
            for pr in probs:
                print("FAIL", prof, pr)
            ok = ok and same and not probs
            print("profile %-8s deterministic=%s consistent=%s lines=%d truth=%d" % (prof, same, not probs, n, nc))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("SELFTEST", "PASSED" if ok else "FAILED")
    return 0 if ok else 1


def main(argv=None):
    ap = argparse.ArgumentParser(description="gen17 synthetic crypto-exchange login logs")
    ap.add_argument("--seed", default="1")
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
    if a.accounts < 20:
        ap.error("--accounts must be at least 20")
    t0 = time.time()
    g = Gen(a.seed, a.accounts, a.profile, a.key)
    g.generate()
    m = g.write(a.out)
    sys.stderr.write("gen17: %d lines, %d compromised of %d active (%.2f%%), %.1fs -> %s\n" % (
        m["lines"], m["truth"], m["active_accounts"], 100 * m["takeover_rate_of_active"], time.time() - t0, a.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
