#!/usr/bin/env python3
"""gen9: independent, labelled synthetic login data for judging credsieve.

Models one UTC day (2026-11-20) of account logins on "Nimbus", an online game
platform (PC launcher, consoles, mobile companion app, web store), with a hard
honest population and several labelled attack campaigns.  See README.md.

Python 3 standard library only.  Output is a pure function of the arguments
(seed, accounts, profile, key): all randomness comes from random.Random seeded
with strings (hashed with SHA-512 by CPython, so PYTHONHASHSEED is irrelevant)
and nothing iterates a set or dict of strings for ordering without sorting.

    python3 gen9.py --seed S --accounts N --profile P --out DIR [--key KEY]
    python3 gen9.py --selftest
"""

import argparse
import datetime
import hashlib
import hmac
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import zlib

VERSION = "gen9/1.0"
DEMO_KEY = "credsieve-demo-key"
DAY0 = 1795132800000  # 2026-11-20T00:00:00Z in epoch ms
SEC = 1000
MIN = 60 * SEC
HOUR = 60 * MIN
DAY = 24 * HOUR
DAY_END = DAY0 + DAY

# --------------------------------------------------------------------------
# SPEC section 2: fingerprints
# --------------------------------------------------------------------------


def norm(user):
    return user.strip().lower()


class Fingerprinter:
    def __init__(self, key):
        self.key = key.encode("utf-8")
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


TEST_VECTORS = [
    ("credsieve-demo-key", "alice@example.com", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    ("credsieve-demo-key", "  Alice@Example.COM ", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    ("credsieve-demo-key", "bob", "correct horse battery staple", "b3c4edfb71b95783", "379b91546fb38da0"),
    ("credsieve-demo-key", "Ünïcode@例え.jp", "pässwörd:with:colons", "b00485ee34fad31d", "acadac23153ab923"),
    ("s3cr3t-pepper", "alice@example.com", "hunter2", "57cab7f6c60a4041", "a82468d22c5531ab"),
    ("s3cr3t-pepper", "bob", "correct horse battery staple", "f4be313772448b6f", "6e7632ab9a186ca4"),
]

# --------------------------------------------------------------------------
# Address plan (synthetic but plausible public ranges; see README)
# --------------------------------------------------------------------------

# code, utc offset (h), weight, residential [(asn, o1, o2lo, o2hi)],
# mobile CGNAT carriers [(asn, o1, o2)], IPv6 ISPs [(asn, prefix32, rotates_daily)], mail domains
COUNTRIES = [
    ("US", -6, 20, [(7922, 73, 0, 63), (7018, 107, 192, 223), (20115, 71, 80, 95)],
     [(21928, 172, 56), (6167, 174, 205)], [(7922, "2601:1c0", False), (7018, "2600:1700", False)],
     ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com"]),
    ("BR", -3, 9, [(28573, 177, 0, 63), (18881, 189, 0, 63)], [(26599, 179, 240)],
     [(28573, "2804:14c", True)], ["gmail.com", "hotmail.com", "uol.com.br", "bol.com.br"]),
    ("DE", 1, 11, [(3320, 84, 128, 191), (3209, 88, 64, 79)], [(6805, 82, 113), (3320, 80, 187)],
     [(3320, "2003:e5", True), (3209, "2a02:8108", False)], ["gmx.de", "web.de", "gmail.com", "t-online.de"]),
    ("PL", 1, 6, [(5617, 83, 0, 31), (6830, 89, 64, 79)], [(12912, 188, 146)],
     [(5617, "2a01:110f", True)], ["wp.pl", "o2.pl", "gmail.com", "interia.pl"]),
    ("GB", 0, 7, [(2856, 86, 128, 191), (5089, 82, 0, 63)], [(12576, 92, 40)],
     [(2856, "2a00:23c7", False)], ["gmail.com", "hotmail.co.uk", "outlook.com", "btinternet.com"]),
    ("FR", 1, 5, [(3215, 90, 0, 63), (12322, 82, 64, 127)], [(51207, 37, 160)],
     [(12322, "2a01:e0a", False)], ["gmail.com", "orange.fr", "free.fr", "hotmail.fr"]),
    ("KR", 9, 10, [(4766, 121, 128, 191), (9318, 211, 32, 63)], [(17858, 39, 7), (9644, 223, 38)],
     [(4766, "2001:2d8", False)], ["naver.com", "daum.net", "gmail.com"]),
    ("JP", 9, 5, [(2516, 126, 0, 63)], [(2516, 49, 96)], [(2516, "240b:10", True)],
     ["gmail.com", "yahoo.co.jp", "docomo.ne.jp"]),
    ("PH", 8, 4, [(9299, 112, 198, 210)], [(132199, 110, 54)], [], ["gmail.com", "yahoo.com"]),
    ("VN", 7, 4, [(7552, 14, 160, 191)], [(7552, 27, 64)], [], ["gmail.com", "yahoo.com.vn"]),
    ("TR", 3, 4, [(9121, 78, 160, 191)], [(16135, 176, 216)], [], ["gmail.com", "hotmail.com"]),
    ("RU", 3, 5, [(12389, 95, 24, 31), (8402, 5, 16, 19)], [(31213, 188, 170)], [],
     ["mail.ru", "yandex.ru", "gmail.com"]),
    ("ID", 7, 3, [(7713, 36, 64, 95)], [(23693, 114, 124)], [], ["gmail.com", "yahoo.co.id"]),
]
CTRY = {c[0]: c for c in COUNTRIES}
CAFE_COUNTRIES = ["KR", "VN", "PH", "BR", "TR", "ID", "RU"]

# name, asn, o1, o2, country
HOSTING = [
    ("aws-fra", 16509, 3, 120, "DE"), ("aws-use", 16509, 52, 23, "US"), ("gcp-eu", 396982, 34, 90, "BE"),
    ("azure-nl", 8075, 20, 105, "NL"), ("do-nyc", 14061, 159, 65, "US"), ("do-fra", 14061, 167, 99, "DE"),
    ("hetzner", 24940, 95, 216, "DE"), ("hetzner2", 24940, 88, 198, "DE"), ("ovh", 16276, 51, 38, "FR"),
    ("ovh2", 16276, 54, 37, "FR"), ("m247", 9009, 185, 156, "RO"), ("datacamp", 60068, 89, 187, "GB"),
    ("datacamp2", 212238, 156, 146, "US"), ("stark", 44477, 45, 134, "NL"), ("choopa", 20473, 45, 77, "US"),
]
HOST = {h[0]: h for h in HOSTING}
HOSTING_V6 = [(24940, "2a01:4f8", "DE"), (14061, "2a03:b0c0", "NL"), (16276, "2001:41d0", "FR"),
              (20473, "2001:19f0", "US")]
VPN_POOLS = ["m247", "datacamp", "datacamp2", "ovh2", "choopa"]
VPN_EXIT_COUNTRIES = ["US", "GB", "DE", "JP", "KR", "BR", "TR", "AR", "IN", "SG", "NL", "CA"]
CAMPUS = [(2152, 137, 110, "US"), (680, 141, 30, "DE"), (8501, 150, 254, "PL"), (786, 131, 111, "GB"),
          (9488, 147, 46, "KR"), (2200, 193, 52, "FR")]

# --------------------------------------------------------------------------
# Clients
# --------------------------------------------------------------------------

LAUNCHER_VERS = ["7.4.3", "7.4.3", "7.4.3", "7.4.2", "7.3.9"]
WIN = ["Windows NT 10.0; Win64; x64", "Windows NT 10.0; Win64; x64", "Windows NT 6.1; Win64; x64"]
BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36",
]
PHONES = ["iPhone; iOS 18.1", "iPhone; iOS 17.6", "Android 14; SM-S918B", "Android 13; Pixel 7",
          "Android 12; Redmi Note 11", "Android 14; SM-A546B"]
CONSOLES = ["PlayStation 5/24.06-10.00.00", "PlayStation 4/11.52", "Xbox Series X;10.0.26100",
            "Nintendo Switch/19.0.1"]
BOT_UAS = ["python-requests/2.31.0", "okhttp/4.12.0", "Go-http-client/1.1", "axios/1.7.7", "curl/8.5.0"]
COMPANION_UA = "StatForge/2.3 (+https://statforge.example/bot)"
PROBE_UA = "nimbus-synthetic-probe/1.0"


def client_ua(rng, device, launcher_vers=LAUNCHER_VERS):
    if device == "pc":
        return "NimbusLauncher/%s (%s)" % (rng.choice(launcher_vers), rng.choice(WIN))
    if device == "mobile":
        return "NimbusCompanion/3.12.%d (%s)" % (rng.choice([0, 0, 1, 2]), rng.choice(PHONES))
    if device == "web":
        return rng.choice(BROWSERS)
    if device == "console":
        return None if rng.random() < 0.4 else rng.choice(CONSOLES)
    raise ValueError(device)


# --------------------------------------------------------------------------
# Names and passwords
# --------------------------------------------------------------------------

FIRST = ["james", "mary", "john", "anna", "lukas", "sofia", "mateus", "julia", "piotr", "kasia", "minjun",
         "jiwoo", "haruto", "yui", "nguyen", "linh", "juan", "maria", "emre", "elif", "dmitri", "olga", "budi",
         "siti", "tom", "emma", "max", "lea", "jan", "zofia", "lucas", "gabriel", "ana", "kevin", "ryan",
         "chris", "alex", "sam", "leo", "mia", "noah", "ella", "finn", "ida", "omar", "nina", "igor", "ivan",
         "paul", "lena", "hugo", "chloe", "mehmet", "ayse", "rizky", "dewi", "thanh", "mai", "joao", "pedro"]
LAST = ["smith", "jones", "silva", "santos", "muller", "schmidt", "kowalski", "nowak", "kim", "lee", "park",
        "tanaka", "sato", "tran", "pham", "garcia", "lopez", "yilmaz", "kaya", "ivanov", "petrov", "wijaya",
        "brown", "wilson", "taylor", "moreau", "martin", "bernard", "costa", "rossi", "choi", "nguyen",
        "becker", "wojcik", "demir", "sokolov", "reyes", "santoso", "dubois", "oliveira"]
ADJ = ["dark", "silent", "crazy", "epic", "swift", "shadow", "frost", "toxic", "lucky", "mad", "iron", "night",
       "pixel", "rapid", "storm", "neon", "ghost", "royal", "savage", "cosmic", "noob", "pro", "lazy", "angry",
       "salty", "sneaky", "golden", "hyper", "ultra", "wild", "tiny", "big", "red", "blue", "void", "chill"]
NOUN = ["knight", "wolf", "sniper", "dragon", "ninja", "gamer", "fox", "tiger", "reaper", "hunter", "viking",
        "panda", "falcon", "wizard", "samurai", "titan", "phoenix", "raven", "bear", "shark", "cat", "potato",
        "slayer", "rider", "lord", "king", "queen", "beast", "bot", "sensei", "mage", "rogue", "tank", "healer"]
UNI = ["Jürgen", "Zoë", "Łukasz", "Čeněk", "Ñandú", "Øystein", "Ärger", "Şahin", "Дмитрий", "Ольга", "민준",
       "지우", "さくら", "ゆうき", "Ωmega", "Ðorđe", "Ayşe", "Ünal", "Émilie", "Kašpar"]
COMMON_SEED = [
    "123456", "password", "123456789", "12345678", "12345", "qwerty", "1234567", "111111", "1234567890",
    "123123", "abc123", "password1", "iloveyou", "1q2w3e4r", "000000", "qwerty123", "zaq12wsx", "dragon",
    "sunshine", "princess", "letmein", "654321", "monkey", "1qaz2wsx", "123321", "qwertyuiop", "superman",
    "asdfghjkl", "football", "baseball", "shadow", "master", "michael", "jordan23", "minecraft", "fortnite",
    "pokemon", "naruto", "starwars", "trustno1", "killer", "hello123", "freedom", "whatever", "qazwsx",
    "batman", "charlie", "passw0rd", "welcome", "ninja", "azerty", "solo", "loveme", "mustang", "access",
    "flower", "lovely", "666666", "121212", "senha123", "qwe123", "zxcvbnm", "gamer123", "pokemon123",
    "roblox", "valorant", "league", "dota2", "csgo1234", "counter", "xbox360", "playstation", "nintendo",
    "zelda", "mario123", "sonic", "halo3", "warcraft", "diablo", "overwatch", "apex", "pubg", "gta5",
    "skyrim", "1qaz2wsx3edc", "asd123", "matrix", "hunter2", "hunter", "soccer", "hockey", "ranger",
    "thomas", "daniel", "andrew", "jessica", "ashley", "bailey", "michelle", "tigger", "liverpool",
    "chelsea", "arsenal", "barcelona", "realmadrid", "qwerty1", "aa123456", "q1w2e3r4", "1234qwer",
    "samsung", "computer", "internet", "secret", "cookie", "pepper", "ginger", "summer", "winter",
]
PW_WORDS = ["dragon", "monkey", "shadow", "master", "killer", "gamer", "ninja", "hunter", "soccer", "pokemon",
            "naruto", "tiger", "love", "angel", "pass", "star", "lucky", "sniper", "legend", "ghost", "king",
            "queen", "princess", "football", "summer", "winter", "matrix", "minecraft", "roblox", "fortnite",
            "steam", "zelda", "mario", "sonic", "batman", "spider", "wolf", "phoenix", "blade", "thunder"]
PW_SUFFIX = ["1", "12", "123", "1234", "!", "01", "007", "69", "99", "2000", "2005", "2008", "2010", "2012",
             "1990", "1995", "11", "22", "777", "666", "!!", "@123", "#1", "2024", "2023"]


def cap(s):
    return s[:1].upper() + s[1:]


def build_password_list(rng, size):
    out, seen = [], set()
    for p in COMMON_SEED:
        if p not in seen:
            seen.add(p)
            out.append(p)
    cands = []
    for w in PW_WORDS:
        for s in PW_SUFFIX:
            cands.append(w + s)
            cands.append(cap(w) + s)
    for y in range(1970, 2013):
        cands.append(str(y))
    for n in range(100, 1000, 7):
        cands.append("a%d" % n)
    rng.shuffle(cands)
    for p in cands:
        if len(out) >= size:
            break
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def pattern_password(rng, hint):
    r = rng.random()
    if r < 0.3:
        pw = cap(rng.choice(PW_WORDS + NOUN)) + str(rng.randint(1985, 2015))
    elif r < 0.5:
        pw = hint.replace(" ", "").replace(".", "")[:10] + str(rng.randint(1, 9999))
    elif r < 0.7:
        pw = rng.choice(FIRST) + rng.choice(["!", "#", "_", ""]) + str(rng.randint(10, 99999))
    elif r < 0.85:
        pw = rng.choice(ADJ) + cap(rng.choice(NOUN)) + rng.choice(["", "!", "1", "123", "?"])
    else:
        pw = "%s%s%d%s" % (cap(rng.choice(PW_WORDS)), rng.choice(["_", ".", "-", ""]), rng.randint(0, 999),
                           rng.choice(["", "!", "$", "*"]))
    if rng.random() < 0.012:
        pw = pw + ":" + str(rng.randint(1, 99))  # colons occur in real passwords
    return pw


def strong_password(rng):
    alpha = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#$%&*+-=?@^_"
    return "".join(rng.choice(alpha) for _ in range(rng.randint(12, 18)))


def typo(rng, pw):
    r = rng.random()
    if r < 0.25 and any(c.isalpha() for c in pw):
        return pw.swapcase()  # caps lock
    if len(pw) > 1 and r < 0.5:
        i = rng.randrange(len(pw))
        return pw[:i] + pw[i + 1:]
    if len(pw) > 1 and r < 0.7:
        i = rng.randrange(len(pw) - 1)
        return pw[:i] + pw[i + 1] + pw[i] + pw[i + 2:]
    i = rng.randrange(len(pw) + 1)
    return pw[:i] + rng.choice("qwertyuiop1234567890") + pw[i:]


# --------------------------------------------------------------------------
# Profiles
# --------------------------------------------------------------------------

BASE = dict(
    active=0.60, sess_weights=[30, 30, 20, 12, 8], ttl=(30, 180), vpn=0.04, cafe_rate=0.14, campus_rate=0.07,
    smurf=0.05, shared=0.045, travel=0.01, v6=0.28, always_on=0.15, companion=0.025, twofa=0.25,
    country_w=None, lan=("DE", 40), venue=None, stations=0, ts_offset=0, order="chunked",
    launcher_vers=LAUNCHER_VERS,
    leak_frac=0.10, leak_current=0.35, nonplat=12.0, private_frac=0.004, resale_only=0.0015,
    chk_dc=0.22, chk_resi=0.12, v6rot=0.04, resi_window=(2, 21), spray_pw=3, spray_targets=0.35,
    spray_resi=0.5, brute=3, venue_chk=0, loot=0.5, loot_resi=0.6, resale=0.2, farm=12,
    patch=None, outage=None,
)

PROFILES = {
    "mixed": dict(),
    # season launch: almost everybody plays, forced re-auth at patch time, a short auth outage with
    # client retry storms, many VPN users for the new region, attackers hide in the noise.
    "launch": dict(active=0.85, sess_weights=[15, 25, 25, 20, 15], ttl=(20, 90), vpn=0.10, always_on=0.18,
                   launcher_vers=["7.5.0", "7.5.0", "7.5.0", "7.4.3"], patch=15 * 60, outage=(15 * 60 + 4, 6),
                   chk_dc=0.12, chk_resi=0.10, v6rot=0.03, order="sorted"),
    # checker bots almost only through residential/mobile proxies and rotating IPv6.
    "proxies": dict(chk_dc=0.01, chk_resi=0.30, v6rot=0.08, resi_window=(0, 24), spray_resi=1.0,
                    loot_resi=1.0, leak_current=0.30, private_frac=0.005),
    # esports event in Seoul: a venue with hundreds of players on one address, PC bangs, station
    # accounts; brute force on pro players; one attacker runs a checker from the venue itself.
    "lanparty": dict(country_w={"KR": 45, "JP": 8, "US": 10, "DE": 5, "PH": 6, "VN": 6, "BR": 4},
                     cafe_rate=0.30, campus_rate=0.10, lan=None, venue=("KR", 0.07), stations=40,
                     ts_offset=9, order="sorted", brute=6, venue_chk=250, chk_dc=0.20, chk_resi=0.08),
}


# --------------------------------------------------------------------------
# Model objects
# --------------------------------------------------------------------------

class Account:
    __slots__ = ("idx", "user", "norm", "kind", "pw0", "old_pws", "twofa", "valuable", "country", "owner",
                 "leak", "leak_pw", "leak_user", "changes", "tags", "companion", "exposed_seen", "private")

    def __init__(self, idx, user, kind, pw0, country):
        self.idx, self.user, self.norm, self.kind = idx, user, norm(user), kind
        self.pw0, self.old_pws, self.country = pw0, [], country
        self.twofa = self.valuable = self.companion = self.exposed_seen = False
        self.owner = None
        self.leak = None  # None | "current" | "old" | "other"
        self.leak_pw = self.leak_user = None
        self.private = None
        self.changes = []  # (t, pw, by) sorted by t
        self.tags = set()

    def pw_at(self, t):
        cur = self.pw0
        for ct, p, _ in self.changes:
            if ct <= t:
                cur = p
        return cur

    def owner_pw(self, t):
        cur = self.pw0
        for ct, p, by in self.changes:
            if ct <= t and by == "owner":
                cur = p
        return cur

    def attacker_pw(self, t, stolen):
        cur = stolen
        for ct, p, by in self.changes:
            if ct <= t and by == "attacker":
                cur = p
        return cur

    def add_change(self, t, pw, by):
        self.changes.append((t, pw, by))
        self.changes.sort(key=lambda c: c[0])


class Person:
    def __init__(self, pid):
        self.pid = pid
        self.accounts = []
        self.country = None
        self.home = []  # [(from_t, (ip, country, asn))]
        self.v6 = None  # (asn, prefix32, [(from_t, h3, h4)])
        self.devices = []
        self.ttl = 120
        self.always_on = False
        self.cafe = None
        self.campus = None
        self.vpn = None
        self.travel = None
        self.cafe_only = False
        self.borrowed = False  # co-user of someone else's account


# --------------------------------------------------------------------------
# Generator
# --------------------------------------------------------------------------

class World:
    def __init__(self, seed, n_accounts, profile, key):
        if profile not in PROFILES:
            raise ValueError("unknown profile %r" % profile)
        self.seed, self.n, self.profile_name = seed, n_accounts, profile
        self.P = dict(BASE)
        self.P.update(PROFILES[profile])
        self.key = key
        self.fp = Fingerprinter(key)
        self.events = []  # [t, seq, typed, ip, ok, pw, ua, country, asn, actor, camp, acct]
        self.seq = 0
        self.accounts = []
        self.by_norm = {}
        self.persons = []
        self.cum_diurnal = None

    def rng(self, name):
        return random.Random("gen9|%d|%d|%s|%s" % (self.seed, self.n, self.profile_name, name))

    # ---------------- addresses ----------------
    def build_plan(self):
        r = self.rng("plan")
        self.mobile_pools = {}
        for c in COUNTRIES:
            pools = []
            for asn, o1, o2 in c[4]:
                addrs = sorted(set("%d.%d.%d.%d" % (o1, o2, r.randrange(256), r.randint(1, 254))
                                   for _ in range(48)))
                pools.append((asn, addrs))
            self.mobile_pools[c[0]] = pools
        self.vpn_exits = []
        for i in range(80):
            h = HOST[VPN_POOLS[i % len(VPN_POOLS)]]
            self.vpn_exits.append(("%d.%d.%d.%d" % (h[2], h[3], r.randrange(256), r.randint(2, 250)),
                                   r.choice(VPN_EXIT_COUNTRIES), h[1]))
        aws_e, aws_u = HOST["aws-fra"], HOST["aws-use"]
        self.companion_ips = [("%d.%d.%d.%d" % (aws_e[2], aws_e[3], 41, 17), "DE", aws_e[1]),
                              ("%d.%d.%d.%d" % (aws_e[2], aws_e[3], 41, 18), "DE", aws_e[1]),
                              ("%d.%d.%d.%d" % (aws_u[2], aws_u[3], 77, 140), "US", aws_u[1])]
        g = HOST["gcp-eu"]
        self.probe_ips = [("%d.%d.%d.%d" % (g[2], g[3], 12, 9), "BE", g[1]),
                          ("%d.%d.%d.%d" % (aws_u[2], aws_u[3], 200, 31), "US", aws_u[1])]
        self.campus_ips = []
        for asn, o1, o2, cc in CAMPUS:
            self.campus_ips.append([("%d.%d.%d.%d" % (o1, o2, r.randrange(256), r.randint(1, 254)), cc, asn)
                                    for _ in range(r.choice([1, 1, 2]))])
        ncafe = max(3, self.n // 450)
        if self.P["cafe_rate"] > 0.2:
            ncafe *= 2
        self.cafes = []
        for i in range(ncafe):
            cc = CAFE_COUNTRIES[i % len(CAFE_COUNTRIES)] if self.P["country_w"] is None or i % 2 else "KR"
            self.cafes.append(self.resi_ip(r, cc))
        self.lan_ip = self.resi_ip(r, self.P["lan"][0]) if self.P["lan"] else None
        self.venue_ip = self.resi_ip(r, self.P["venue"][0]) if self.P["venue"] else None
        self.household_ips = []

    def resi_ip(self, r, cc):
        asn, o1, lo, hi = r.choice(CTRY[cc][3])
        return ("%d.%d.%d.%d" % (o1, r.randint(lo, hi), r.randrange(256), r.randint(1, 254)), cc, asn)

    def mobile_ip(self, r, cc):
        asn, addrs = r.choice(self.mobile_pools[cc])
        return (r.choice(addrs), cc, asn)

    def hosting_ip(self, r, name=None):
        h = HOST[name] if name else r.choice(HOSTING)
        return ("%d.%d.%d.%d" % (h[2], h[3], r.randrange(256), r.randint(1, 254)), h[4], h[1])

    @staticmethod
    def v6_addr(r, prefix, h3, h4, subnet=0):
        iid = ":".join("%x" % r.randrange(65536) for _ in range(4))
        return "%s:%x:%x:%s" % (prefix, h3, (h4 << 8) | subnet, iid)

    def home_at(self, person, t):
        cur = person.home[0][1]
        for ft, loc in person.home:
            if ft <= t:
                cur = loc
        return cur

    def home_v6_at(self, r, person, t):
        asn, prefix, hist = person.v6
        h3, h4 = hist[0][1], hist[0][2]
        for ft, a, b in hist:
            if ft <= t:
                h3, h4 = a, b
        return (self.v6_addr(r, prefix, h3, h4, r.choice([0, 0, 1])), person.country, asn)

    def pick_country(self, r):
        cw = self.P["country_w"]
        if cw:
            codes = sorted(cw)
            return r.choices(codes, [cw[c] for c in codes])[0]
        return r.choices([c[0] for c in COUNTRIES], [c[2] for c in COUNTRIES])[0]

    # ---------------- time ----------------
    DIURNAL = [2.0, 1.3, 0.8, 0.5, 0.4, 0.4, 0.6, 1.0, 1.5, 1.8, 2.1, 2.5, 3.0, 3.2, 3.4, 3.8, 4.4, 5.3, 6.3,
               7.2, 7.6, 7.0, 5.5, 3.6]

    def local_time(self, r, tz):
        if self.cum_diurnal is None:
            acc, self.cum_diurnal = 0.0, []
            for w in self.DIURNAL:
                acc += w
                self.cum_diurnal.append(acc)
        h = r.choices(range(24), cum_weights=self.cum_diurnal)[0]
        return DAY0 + ((h - tz) * HOUR + r.randrange(HOUR)) % DAY

    # ---------------- events ----------------
    def emit(self, t, typed, loc, ok, pw, ua, actor, camp, acct):
        t = int(t)
        if t < DAY0 or t >= DAY_END:
            return False
        self.events.append([t, self.seq, typed, loc[0], ok, pw, ua, loc[1], loc[2], actor, camp, acct])
        self.seq += 1
        return True

    def in_outage(self, t):
        o = self.P["outage"]
        return o is not None and DAY0 + o[0] * MIN <= t < DAY0 + (o[0] + o[1]) * MIN

    def honest_try(self, r, t, typed, loc, pw, ua, camp, acct):
        """One honest attempt, with client retries while the auth service is down.
        Returns (t_after, ok)."""
        n = 0
        while True:
            if self.in_outage(t):
                self.emit(t, typed, loc, False, pw, ua, "honest", camp if n == 0 else "outage-retry", acct)
                n += 1
                if n > 7:
                    return t, False
                t += [5, 15, 30, 45, 60, 90, 120][n - 1] * SEC + r.randrange(3 * SEC)
                continue
            ok = acct is not None and pw == acct.pw_at(t)
            self.emit(t, typed, loc, ok, pw, ua, "honest", camp if n == 0 else "outage-retry", acct)
            if ok and acct is not None and acct.leak == "current" and pw == acct.leak_pw:
                acct.exposed_seen = True
            return t, ok

    # ---------------- population ----------------
    def make_user(self, r, cc, kind, taken):
        c = CTRY[cc]
        for _ in range(1000):
            if kind == "email":
                s = r.random()
                if s < 0.45:
                    local = "%s.%s%s" % (r.choice(FIRST), r.choice(LAST), r.choice(["", str(r.randint(1, 99)),
                                                                                     str(r.randint(1970, 2012))]))
                elif s < 0.75:
                    local = "%s%s%d" % (r.choice(FIRST), r.choice(LAST), r.randint(1, 9999))
                else:
                    local = "%s%s%d" % (r.choice(ADJ), r.choice(NOUN), r.randint(1, 9999))
                u = local + "@" + r.choice(c[6])
                if r.random() < 0.12:
                    u = cap(u)
            else:
                s = r.random()
                if s < 0.40:
                    u = "%s%s%d" % (cap(r.choice(ADJ)), cap(r.choice(NOUN)), r.randint(1, 999))
                elif s < 0.55:
                    u = "xX%s%sXx" % (cap(r.choice(ADJ)), cap(r.choice(NOUN)))
                    if r.random() < 0.7:
                        u = u[:-2] + str(r.randint(1, 99)) + "Xx"
                elif s < 0.75:
                    u = "%s_%s%d" % (r.choice(FIRST), r.choice(LAST), r.randint(1, 999))
                elif s < 0.93:
                    u = "%s%d" % (cap(r.choice(NOUN)), r.randint(1985, 2015) * 10 + r.randint(0, 9))
                else:
                    u = "%s%d" % (r.choice(UNI), r.randint(1, 9999))
            n = norm(u)
            if n and n not in taken:
                taken.add(n)
                return u
        raise RuntimeError("name space exhausted")

    def build_population(self):
        r = self.rng("population")
        P = self.P
        self.pwlist = build_password_list(self.rng("pwlist"), 3000)
        self.pwset = set(self.pwlist)
        L = len(self.pwlist)
        acc, self.zipf_cum = 0.0, []
        for i in range(L):
            acc += 1.0 / (i + 1)
            self.zipf_cum.append(acc)
        self.taken = set()
        idx = 0
        while idx < self.n:
            p = Person(len(self.persons))
            p.country = self.pick_country(r)
            k = 1
            if r.random() < P["smurf"]:
                k = r.choice([2, 2, 2, 3, 3, 4, 5])
            k = min(k, self.n - idx)
            for j in range(k):
                kind = "email" if r.random() < 0.45 else "handle"
                u = self.make_user(r, p.country, kind, self.taken)
                rr = r.random()
                if rr < 0.06:
                    pw = self.pwlist[r.choices(range(L), cum_weights=self.zipf_cum)[0]]
                    tag = "common-pw"
                elif rr < 0.56:
                    pw = pattern_password(r, u.split("@")[0])
                    tag = None
                else:
                    pw = strong_password(r)
                    tag = None
                if j > 0 and r.random() < 0.5:
                    pw = p.accounts[0].pw0  # smurfs reuse passwords
                a = Account(idx, u, kind, pw, p.country)
                if tag or pw in self.pwset:
                    a.tags.add("common-pw")
                a.old_pws = [pattern_password(r, u.split("@")[0]) for _ in range(r.choice([1, 1, 2]))]
                a.valuable = r.random() < 0.012
                a.twofa = r.random() < (0.5 if a.valuable else P["twofa"])
                a.owner = p
                if k > 1:
                    a.tags.add("smurf")
                p.accounts.append(a)
                self.accounts.append(a)
                self.by_norm[a.norm] = a
                idx += 1
            self.setup_person(r, p)
            self.persons.append(p)
        # account sharing with friends / siblings in other households
        for a in list(self.accounts):
            if r.random() < P["shared"]:
                a.tags.add("shared")
                for _ in range(r.choice([1, 1, 2, 3])):
                    q = Person(len(self.persons))
                    q.borrowed = True
                    q.country = a.country if r.random() < 0.8 else self.pick_country(r)
                    q.accounts = [a]
                    self.setup_person(r, q)
                    self.persons.append(q)
        # companion-service opt-ins
        for a in self.accounts:
            if r.random() < P["companion"]:
                a.companion = True
                a.tags.add("companion")
        for a in self.accounts:
            if a.twofa:
                a.tags.add("2fa")
            if a.valuable:
                a.tags.add("valuable")

    def setup_person(self, r, p):
        P = self.P
        cc = p.country
        loc = self.resi_ip(r, cc)
        p.home = [(DAY0, loc)]
        self.household_ips.append(loc)
        if r.random() < 0.05:  # DHCP renumbering during the day
            loc2 = self.resi_ip(r, cc)
            p.home.append((DAY0 + r.randrange(DAY), loc2))
            self.household_ips.append(loc2)
        v6s = CTRY[cc][5]
        if v6s and r.random() < P["v6"]:
            asn, prefix, rot = r.choice(v6s)
            hist = [(DAY0, r.randrange(65536), r.randrange(256))]
            if rot:
                hist.append((DAY0 + r.randrange(DAY), r.randrange(65536), r.randrange(256)))
            p.v6 = (asn, prefix, hist)
        devs = []
        if r.random() < 0.75:
            devs.append("pc")
        if r.random() < 0.35:
            devs.append("console")
        if r.random() < 0.6:
            devs.append("mobile")
        if r.random() < 0.3:
            devs.append("web")
        if not devs:
            devs = ["pc"]
        p.devices = devs
        p.ttl = r.randint(*P["ttl"])
        p.always_on = r.random() < P["always_on"]
        if cc in CAFE_COUNTRIES and r.random() < P["cafe_rate"] * 2.5:
            cands = [i for i, c in enumerate(self.cafes) if c[1] == cc] or list(range(len(self.cafes)))
            p.cafe = r.choice(cands)
            p.cafe_only = r.random() < 0.35
            if "pc" not in p.devices:
                p.devices.append("pc")
        campus = [i for i, c in enumerate(CAMPUS) if c[3] == cc]
        if campus and r.random() < P["campus_rate"]:
            p.campus = r.choice(campus)
        if r.random() < P["vpn"]:
            p.vpn = [r.choice(self.vpn_exits) for _ in range(r.choice([1, 1, 2]))]
        if r.random() < P["travel"]:
            p.travel = self.resi_ip(r, r.choice([c[0] for c in COUNTRIES if c[0] != cc]))

    # ---------------- leak sources ----------------
    def build_leaks(self):
        r = self.rng("leaks")
        P = self.P
        # brute-force targets: valuable accounts; sometimes one has a guessable password
        vals = [a for a in self.accounts if a.valuable]
        r.shuffle(vals)
        self.brute_targets = vals[:P["brute"]]
        if self.brute_targets and r.random() < 0.6:
            a = self.brute_targets[0]
            a.pw0 = self.pwlist[r.randint(40, 500)]
            a.twofa = False
            a.tags.discard("2fa")
            a.tags.add("common-pw")
        combos = []
        for a in self.accounts:
            w = 1.4 if a.kind == "email" else 0.6
            if r.random() >= P["leak_frac"] * w:
                continue
            x = r.random()
            if x < P["leak_current"]:
                a.leak, a.leak_pw = "current", a.pw0
            elif x < 0.8:
                a.leak, a.leak_pw = "old", a.old_pws[0]
            else:
                a.leak, a.leak_pw = "other", pattern_password(r, a.user.split("@")[0])
            a.tags.add("leak-" + a.leak)
            u = a.user
            y = r.random()
            if y < 0.2:
                u = u.lower()
            elif y < 0.24:
                u = u.upper()
            a.leak_user = u
            combos.append((u, a.leak_pw))
            if r.random() < 0.1:  # second breach with another password for the same person
                combos.append((u.lower(), pattern_password(r, a.user.split("@")[0])))
        nonplat = int(self.n * P["nonplat"])
        for _ in range(nonplat):
            cc = self.pick_country(r)
            u = self.make_user(r, cc, "email" if r.random() < 0.7 else "handle", self.taken)
            pw = (self.pwlist[r.choices(range(len(self.pwlist)), cum_weights=self.zipf_cum)[0]]
                  if r.random() < 0.25 else pattern_password(r, u.split("@")[0]))
            combos.append((u, pw))
        r.shuffle(combos)
        self.combos = combos
        self.combo_pairs = set((norm(u), p) for u, p in combos)
        # private lists (phishing kits, info-stealer logs): pairs NOT in combos.txt
        priv = []
        for a in self.accounts:
            if r.random() < P["private_frac"] and (a.norm, a.pw0) not in self.combo_pairs:
                a.private = a.pw0
                a.tags.add("private-leak")
                priv.append((a.user, a.pw0))
        for _ in range(int(self.n * 0.4)):
            u = self.make_user(r, self.pick_country(r), "email", self.taken)
            priv.append((u, pattern_password(r, u.split("@")[0])))
        r.shuffle(priv)
        self.private = priv
        # accounts stolen before today (only their resale shows up today)
        self.resale_only = []
        for a in self.accounts:
            if (r.random() < P["resale_only"] and not a.twofa and a.private is None
                    and (a.norm, a.pw0) not in self.combo_pairs):
                a.private = a.pw0
                a.tags.add("private-leak")
                self.resale_only.append(a)

    # ---------------- honest traffic ----------------
    def typed_user(self, r, a, device):
        u = a.user
        x = r.random()
        if a.kind == "email":
            if device == "mobile" and x < 0.25:
                u = cap(u)
            elif x < 0.30:
                u = u.lower()
            elif x < 0.31:
                u = u.upper()
        else:
            if x < 0.15:
                u = u.lower()
        if r.random() < 0.03:
            u = u + " "
        elif r.random() < 0.005:
            u = " " + u
        return u

    def user_typo(self, r, u):
        s = u.strip()
        for _ in range(10):
            i = r.randrange(len(s))
            v = s[:i] + s[i + 1:] if r.random() < 0.5 else s[:i] + r.choice("aeiou1") + s[i:]
            if v and norm(v) not in self.by_norm:
                return v
        return s + "x"

    def fresh_login(self, r, a, t, loc, ua, device, camp, pw=None, pre_wrong=None):
        """A person types credentials.  Returns (t_end, pw_used or None)."""
        typed = self.typed_user(r, a, device)
        if pw is None:
            pw = a.owner_pw(t)
        if r.random() < 0.01:
            t, _ = self.honest_try(r, t, self.user_typo(r, typed), loc, pw, ua, "usertypo", None)
            t += r.randint(4, 25) * SEC
        if pre_wrong is not None:
            t, _ = self.honest_try(r, t, typed, loc, pre_wrong, ua, "smurf", a)
            t += r.randint(5, 30) * SEC
        if a.leak == "old" and r.random() < 0.3:
            t, _ = self.honest_try(r, t, typed, loc, a.leak_pw, ua, "oldpw", a)
            t += r.randint(5, 40) * SEC
        elif r.random() < 0.06:
            t, _ = self.honest_try(r, t, typed, loc, typo(r, pw), ua, "typo", a)
            t += r.randint(4, 30) * SEC
            if r.random() < 0.25:
                t, _ = self.honest_try(r, t, typed, loc, typo(r, pw), ua, "typo", a)
                t += r.randint(4, 30) * SEC
        t, ok = self.honest_try(r, t, typed, loc, pw, ua, camp, a)
        if ok:
            return t, pw
        # wrong: someone changed the password (attacker takeover, owner reset on another device...)
        for _ in range(r.randint(1, 3)):
            t += r.randint(8, 60) * SEC
            cand = r.choice([pw, typo(r, pw)] + a.old_pws)
            t, ok = self.honest_try(r, t, typed, loc, cand, ua, "typo", a)
            if ok:
                return t, cand
        return t, None

    def launcher_session(self, r, a, t0, t_end, loc_fn, ua, pw, ttl):
        """Auto re-login with the stored credential after token expiry."""
        t = t0
        patch = DAY0 + self.P["patch"] * MIN if self.P["patch"] is not None else None
        typed = a.user
        while True:
            nt = t + int(ttl * MIN * r.uniform(0.92, 1.08))
            if patch is not None and t < patch < nt and patch < t_end:
                nt = patch + r.randrange(10 * MIN)
            t = nt
            if t >= t_end or t >= DAY_END:
                return
            loc = loc_fn(t)
            t, ok = self.honest_try(r, t, typed, loc, pw, ua, "relogin", a)
            if not ok:
                for d in (30, 120):
                    t += d * SEC
                    t, ok = self.honest_try(r, t, typed, loc, pw, ua, "relogin", a)
                    if ok:
                        break
                if not ok:
                    return

    def session_loc(self, r, p, device, t):
        """Returns (loc_fn(t), context tag)."""
        if p.travel is not None:
            if device == "mobile" and r.random() < 0.5:
                loc = self.mobile_ip(r, p.country)  # roaming egresses via home carrier
            else:
                loc = p.travel
            return (lambda _t, loc=loc: loc), "travel"
        if p.cafe is not None and device == "pc" and (p.cafe_only or r.random() < 0.45):
            loc = self.cafes[p.cafe]
            return (lambda _t, loc=loc: loc), "cafe"
        if p.campus is not None and r.random() < 0.5:
            loc = r.choice(self.campus_ips[p.campus])
            return (lambda _t, loc=loc: loc), "campus"
        if p.vpn is not None and device in ("pc", "web") and r.random() < 0.5:
            loc = r.choice(p.vpn)
            return (lambda _t, loc=loc: loc), "vpn"
        if device == "mobile" and r.random() < 0.6:
            loc = self.mobile_ip(r, p.country)
            return (lambda _t, loc=loc: loc), "mobile"
        if p.v6 is not None and device != "web" and r.random() < 0.7:
            rr = random.Random(r.getrandbits(64))
            return (lambda _t: self.home_v6_at(rr, p, _t)), "home"
        return (lambda _t: self.home_at(p, _t)), "home"

    def honest_traffic(self):
        P = self.P
        r = self.rng("honest")
        # forgotten passwords, planned up front so attacks see the reset
        self.forgot = {}
        for a in self.accounts:
            if r.random() < 0.012:
                t = self.local_time(r, CTRY[a.country][1])
                reset = r.random() < 0.6
                self.forgot[a.idx] = (t, reset)
                a.tags.add("forgot")
                if reset:
                    a.add_change(t + r.randint(3, 15) * MIN, strong_password(r) if r.random() < 0.5
                                 else pattern_password(r, a.user.split("@")[0]), "owner")
        self.honest_rng = r

    def honest_sessions(self):
        P = self.P
        r = self.honest_rng
        lan_set = set()
        if self.P["lan"]:
            cands = [p for p in self.persons if not p.borrowed and "pc" in p.devices and p.travel is None]
            cands.sort(key=lambda p: (p.country != self.P["lan"][0], p.pid))
            k = self.P["lan"][1]
            pool = cands[:max(k * 3, k)]
            r.shuffle(pool)
            lan_set = set(p.pid for p in pool[:k])
            self.lan_start = DAY0 + (18 - CTRY[self.P["lan"][0]][1]) * HOUR
        if self.P["venue"]:
            cands = [p for p in self.persons if not p.borrowed and p.travel is None]
            cands.sort(key=lambda p: (p.country != self.P["venue"][0], p.pid))
            k = int(len(cands) * self.P["venue"][1])
            pool = cands[:k * 2]
            r.shuffle(pool)
            lan_set = set(p.pid for p in pool[:k])
            self.lan_start = DAY0 + (10 - 9) * HOUR  # doors open 10:00 KST
        for p in self.persons:
            active = r.random() < (0.6 if p.borrowed else P["active"])
            forgot_accts = [a for a in p.accounts if a.idx in self.forgot and not p.borrowed]
            if not active and not forgot_accts and p.pid not in lan_set:
                continue
            tz = CTRY[p.country][1]
            sessions = []
            if active:
                ns = r.choices([1, 2, 3, 4, 5], P["sess_weights"])[0]
                if p.borrowed:
                    ns = min(ns, 2)
                for _ in range(ns):
                    sessions.append((self.local_time(r, tz), r.choice(p.devices), None))
            if p.pid in lan_set:
                span = 45 * MIN if self.P["lan"] else 3 * HOUR
                sessions.append((self.lan_start + r.randrange(span), "pc", "lan"))
            for a in forgot_accts:
                self.forgot_flow(r, p, a)
            sessions.sort(key=lambda s: s[0])
            for t, device, ctx in sessions:
                self.one_session(r, p, t, device, ctx)

    def forgot_flow(self, r, p, a):
        t, reset = self.forgot[a.idx]
        device = r.choice(p.devices)
        loc_fn, _ = self.session_loc(r, p, device, t)
        ua = client_ua(r, device, self.P["launcher_vers"])
        typed = self.typed_user(r, a, device)
        cands = list(a.old_pws) + [typo(r, a.pw0)] + self.pwlist[:r.randint(1, 30)][-2:]
        for _ in range(r.randint(3, 8)):
            t, _ = self.honest_try(r, t, typed, loc_fn(t), r.choice(cands), ua, "forgot", a)
            t += r.randint(10, 70) * SEC
        if reset:
            ct = [c[0] for c in a.changes if c[2] == "owner"][0]
            t = max(t, ct) + r.randint(30, 300) * SEC
            self.honest_try(r, t, typed, loc_fn(t), a.owner_pw(t), ua, "forgot", a)

    def one_session(self, r, p, t, device, ctx):
        P = self.P
        if ctx == "lan":
            loc = self.venue_ip if self.P["venue"] else self.lan_ip
            loc_fn = (lambda _t, loc=loc: loc)
            ctx = "lan"
        else:
            loc_fn, ctx = self.session_loc(r, p, device, t)
        ua = client_ua(r, device, P["launcher_vers"])
        if p.borrowed:
            ctx = "shared"
        accts = [p.accounts[0]]
        if len(p.accounts) > 1:
            # smurfs: often hop between accounts from the same machine within minutes
            if r.random() < 0.6 and device in ("pc", "web"):
                others = p.accounts[1:]
                r.shuffle(others)
                accts = [p.accounts[0]] + others[:r.randint(1, len(others))]
                if r.random() < 0.3:
                    accts = accts[1:] + accts[:1]
            elif r.random() < 0.5:
                accts = [r.choice(p.accounts)]
        last = None
        for i, a in enumerate(accts):
            camp = ctx if len(accts) == 1 else "smurf"
            pre = None
            if i > 0 and r.random() < 0.15 and accts[0].pw0 != a.pw0:
                pre = accts[0].owner_pw(t)
            if ctx == "lan":
                a.tags.add("lan")
            elif ctx in ("cafe", "campus", "vpn", "travel"):
                a.tags.add(ctx)
            t, pw = self.fresh_login(r, a, t, loc_fn(t), ua, device, camp, pre_wrong=pre)
            if pw is not None:
                last = (a, pw, t)
            t += r.randint(40, 20 * 60) * SEC
        if last is None:
            return
        a, pw, t0 = last
        if device == "pc":
            if p.always_on and ctx in ("home",):
                t_end = DAY_END
            elif ctx == "lan":
                t_end = t0 + int(r.uniform(3, 10) * HOUR)
            else:
                t_end = t0 + int(min(r.lognormvariate(4.6, 0.7), 600) * MIN)
            self.launcher_session(r, a, t0, t_end, loc_fn, ua, pw, p.ttl)
        elif device == "mobile" and r.random() < 0.5:
            # companion app kept open: refresh every hour
            self.launcher_session(r, a, t0, t0 + int(r.uniform(1, 4) * HOUR), loc_fn, ua, pw, 60)

    def station_traffic(self):
        """Esports venue station accounts, shared by many players through the day."""
        r = self.rng("stations")
        self.stations = []
        for i in range(self.P["stations"]):
            u = "ArenaSeoul-Station%02d" % (i + 1)
            a = Account(len(self.accounts), u, "handle", "Arena!%04d" % r.randrange(10000), "KR")
            a.tags.add("station")
            self.accounts.append(a)
            self.by_norm[a.norm] = a
            self.stations.append(a)
            t = self.lan_start + r.randrange(40 * MIN)
            ua = client_ua(r, "pc", self.P["launcher_vers"])
            while t < self.lan_start + 12 * HOUR:
                pw = a.pw0 if r.random() > 0.05 else typo(r, a.pw0)
                t, ok = self.honest_try(r, t, u if r.random() < 0.8 else u.lower(), self.venue_ip, pw, ua,
                                        "lan", a)
                if not ok:
                    t += r.randint(5, 20) * SEC
                    t, ok = self.honest_try(r, t, u, self.venue_ip, a.pw0, ua, "lan", a)
                t += r.randint(20, 90) * MIN

    def companion_traffic(self):
        r = self.rng("companion")
        for a in self.accounts:
            if not a.companion:
                continue
            stored = a.pw0 if r.random() > 0.06 else a.old_pws[0]  # stale link
            ip = r.randrange(len(self.companion_ips))
            t = DAY0 + r.randrange(60 * MIN)
            fails = 0
            while t < DAY_END and fails < 3:
                if r.random() < 0.02:
                    ip = (ip + 1) % len(self.companion_ips)  # failover
                _, ok = self.honest_try(r, t, a.user, self.companion_ips[ip], stored, COMPANION_UA, "companion", a)
                fails = 0 if ok else fails + 1
                t += (60 + r.randint(-4, 4)) * MIN + r.randrange(MIN)

    def probe_traffic(self):
        r = self.rng("probe")
        for i, name in enumerate(["synthmon-eu@nimbus.example", "synthmon-us@nimbus.example"]):
            a = Account(len(self.accounts), name, "email", "Pr0be-%08x" % r.getrandbits(32), "BE")
            a.tags.add("probe")
            self.accounts.append(a)
            self.by_norm[a.norm] = a
            loc = self.probe_ips[i]
            t = DAY0 + r.randrange(MIN)
            k = 0
            while t < DAY_END:
                if k % 15 == 7:
                    self.honest_try(r, t + 20 * SEC, a.user, loc, "deliberately-wrong", PROBE_UA, "probe", a)
                self.honest_try(r, t, a.user, loc, a.pw0, PROBE_UA, "probe", a)
                t += MIN + r.randint(-500, 500)
                k += 1

    # ---------------- attacks ----------------
    def resi_proxy(self, r):
        x = r.random()
        if x < 0.10 and self.household_ips:
            return r.choice(self.household_ips)  # proxyware on a real player's household
        cc = r.choices(["US", "BR", "VN", "ID", "RU", "TR", "PH", "DE", "PL", "GB", "FR", "KR", "JP"],
                       [18, 14, 10, 8, 8, 7, 7, 6, 4, 5, 4, 3, 2])[0]
        if x < 0.25:
            return self.mobile_ip(r, cc)
        if x < 0.30 and CTRY[cc][5]:
            asn, prefix, _ = r.choice(CTRY[cc][5])
            return (self.v6_addr(r, prefix, r.randrange(65536), r.randrange(256)), cc, asn)
        return self.resi_ip(r, cc)

    def attempt(self, t, typed, loc, pw, ua, camp, stolen=None):
        """Record an attacker attempt; ok is evaluated at the end.  Returns record."""
        a = self.by_norm.get(norm(typed))
        rec = [int(t), typed, loc, pw, ua, camp, a, stolen]
        if DAY0 <= rec[0] < DAY_END:
            self.attacks.append(rec)
        return rec

    def attack_ok(self, rec):
        t, typed, loc, pw, ua, camp, a, stolen = rec
        if a is None or self.in_outage(t) or a.twofa:
            return False
        return pw == a.pw_at(t)

    def checkers(self):
        P = self.P
        self.attacks = []
        r = self.rng("chk-dc")
        sel = [c for c in self.combos if r.random() < P["chk_dc"]]
        if sel:
            nb = r.randint(4, 8)
            blocks = [r.choice(["hetzner", "ovh", "do-fra", "stark", "choopa", "m247"]) for _ in range(3)]
            bots = []
            for i in range(nb):
                h = HOST[blocks[i % 3]]
                c3 = 10 + 37 * (i % 3)
                loc = ("%d.%d.%d.%d" % (h[2], h[3], c3, 10 + i), h[4], h[1])
                ua = r.choice(BOT_UAS + [client_ua(r, "pc", ["7.3.9", "7.2.1"]), None])
                bots.append((loc, ua, r.random() < 0.3))
            chunk = (len(sel) + nb - 1) // nb
            for i, (loc, ua, lower) in enumerate(bots):
                t = DAY0 + r.uniform(0, 18) * HOUR
                rate = r.uniform(0.5, 2.5)
                for u, pw in sel[i * chunk:(i + 1) * chunk]:
                    t += r.expovariate(rate) * SEC
                    self.attempt(t, u.lower() if lower else u, loc, pw, ua, "chk-dc")
        # distributed through residential / mobile proxies
        r = self.rng("chk-resi")
        sel = [c for c in self.combos if r.random() < P["chk_resi"]]
        cut = int(len(self.private) * 0.7)
        sel += self.private[:cut]
        r.shuffle(sel)
        i = 0
        w0, w1 = P["resi_window"]
        uas = [client_ua(r, d) for d in ("pc", "pc", "pc", "web", "mobile")]
        while i < len(sel):
            n = r.choices([1, 2, 3, 4], [45, 30, 15, 10])[0]
            loc = self.resi_proxy(r)
            t = DAY0 + r.uniform(w0, w1) * HOUR
            ua = r.choice(uas)
            for u, pw in sel[i:i + n]:
                self.attempt(t, u, loc, pw, ua, "chk-resi")
                t += r.uniform(3, 120) * SEC
            i += n
        # IPv6 rotation: one /64 with random interface ids, one /48 with a new /64 per attempt
        r = self.rng("v6rot")
        sel = [c for c in self.combos if r.random() < P["v6rot"]] + self.private[cut:]
        r.shuffle(sel)
        half = len(sel) // 2
        for op, part in enumerate((sel[:half], sel[half:])):
            asn, prefix, cc = r.choice(HOSTING_V6)
            h3, h4 = r.randrange(65536), r.randrange(256)
            t = DAY0 + r.uniform(1, 16) * HOUR
            ua = r.choice(BOT_UAS[:2] + [client_ua(r, "pc")])
            for u, pw in part:
                t += r.expovariate(0.6) * SEC
                if op == 0:
                    ip = self.v6_addr(r, prefix, h3, h4, 0)
                else:
                    ip = "%s:%x:%x:%s" % (prefix, h3, r.randrange(65536),
                                          ":".join("%x" % r.randrange(65536) for _ in range(4)))
                self.attempt(t, u, (ip, cc, asn), pw, ua, "v6rot")

    def spray(self):
        P = self.P
        r = self.rng("spray")
        pws = self.pwlist[:P["spray_pw"]]
        targets = [a.user for a in self.accounts if a.kind == "handle" and a.owner is not None
                   and r.random() < P["spray_targets"]]
        targets += [self.make_user(r, "US", "handle", self.taken) for _ in range(len(targets) // 10)]
        r.shuffle(targets)
        ips = []
        for i in range(40):
            ips.append(self.resi_proxy(r) if r.random() < P["spray_resi"] else self.hosting_ip(r))
        ua = client_ua(r, "web")
        for k, pw in enumerate(pws):
            start = DAY0 + (1 + 7 * k + r.uniform(0, 2)) * HOUR
            for u in targets:
                t = start + r.uniform(0, 2.5) * HOUR
                self.attempt(t, u, r.choice(ips), pw, ua, "spray")

    def brute(self):
        r = self.rng("brute")
        for a in self.brute_targets:
            ips = [self.hosting_ip(r) for _ in range(r.randint(2, 6))] + \
                  [r.choice(self.vpn_exits) for _ in range(r.randint(1, 4))]
            n = r.randint(300, 1200)
            base = a.user.split("@")[0]
            cands = list(self.pwlist[:n])
            cands += [base.lower() + s for s in ["1", "123", "2024", "!", "01"]]
            t = DAY0 + r.uniform(0, 14) * HOUR
            ua = r.choice([None, "python-requests/2.31.0", client_ua(r, "pc")])
            for pw in cands:
                t += r.uniform(2, 25) * SEC
                rec = self.attempt(t, a.user, r.choice(ips), pw, ua, "brute")
                if self.attack_ok(rec):
                    break

    def venue_checker(self):
        if not self.P["venue_chk"] or self.venue_ip is None:
            return
        r = self.rng("venue-chk")
        sel = r.sample(self.combos, min(self.P["venue_chk"], len(self.combos)))
        t = self.lan_start + r.uniform(2, 8) * HOUR
        ua = client_ua(r, "pc")
        for u, pw in sel:
            t += r.uniform(2, 15) * SEC
            self.attempt(t, u, self.venue_ip, pw, ua, "venue-chk")

    def first_successes(self):
        first = {}
        for rec in sorted(self.attacks, key=lambda x: (x[0], x[6].idx if x[6] else -1)):
            if rec[6] is not None and rec[6].idx not in first and self.attack_ok(rec):
                first[rec[6].idx] = rec
        return first

    def follow_ups(self):
        P = self.P
        r = self.rng("follow")
        first = self.first_successes()
        victims = sorted(first.values(), key=lambda x: x[6].idx)
        resold = []
        for rec in victims:
            tc, a, stolen = rec[0], rec[6], rec[3]
            loot = r.random() < P["loot"]
            takeover = loot and r.random() < 0.12
            loot_times = sorted(tc + int(r.uniform(1, 10) * HOUR) for _ in range(r.randint(1, 3)))
            if takeover and loot_times[0] < DAY_END:
                a.add_change(loot_times[0] + 2 * MIN, strong_password(r), "attacker")
                a.tags.add("takeover")
            elif r.random() < 0.3:
                a.add_change(tc + int(r.uniform(0.3, 8) * HOUR), strong_password(r), "owner")
                a.tags.add("owner-reset")
            if loot:
                for lt in loot_times:
                    if r.random() < P["loot_resi"]:
                        loc = self.resi_ip(r, a.country) if r.random() < 0.7 else self.mobile_ip(r, a.country)
                    else:
                        loc = self.hosting_ip(r)
                    ua = client_ua(r, "pc")
                    self.attempt(lt, a.user, loc, a.attacker_pw(lt, stolen), ua, "loot")
            if r.random() < P["resale"]:
                resold.append((a, stolen, tc))
        for a in self.resale_only:
            resold.append((a, a.private, DAY0))
        farm_pool = []
        for a, stolen, tc in resold:
            if len(farm_pool) < P["farm"] and r.random() < 0.4:
                farm_pool.append((a, stolen, tc))
                continue
            cc = r.choice([c for c in ["VN", "BR", "RU", "TR", "PH", "ID", "PL"] if c != a.country])
            loc = self.resi_ip(r, cc) if r.random() < 0.6 else self.mobile_ip(r, cc)
            t = max(tc, DAY0) + int(r.uniform(2, 14) * HOUR)
            self.buyer_session(r, a, stolen, t, int(r.uniform(2, 6) * HOUR), loc, "resale")
        if farm_pool:
            cc = r.choice(["PH", "VN", "ID"])
            loc = self.resi_ip(r, cc)
            for a, stolen, tc in farm_pool:
                t = max(tc + HOUR, DAY0 + int(r.uniform(6, 14) * HOUR))
                for _ in range(r.randint(1, 2)):
                    self.buyer_session(r, a, stolen, t, int(r.uniform(1, 4) * HOUR), loc, "boost-farm")
                    t += int(r.uniform(4, 6) * HOUR)

    def buyer_session(self, r, a, stolen, t, dur, loc, camp):
        ua = client_ua(r, "pc")
        end = t + dur
        pw = a.attacker_pw(t, stolen)
        rec = self.attempt(t, a.user, loc, pw, ua, camp, stolen)
        if not self.attack_ok(rec):
            self.attempt(t + 20 * SEC, a.user, loc, pw, ua, camp, stolen)
            return
        while True:
            t += int(r.uniform(55, 65) * MIN)
            if t >= end:
                return
            self.attempt(t, a.user, loc, a.attacker_pw(t, stolen), ua, camp, stolen)

    # ---------------- driver ----------------
    def generate(self):
        self.build_plan()
        self.build_population()
        self.build_leaks()
        self.honest_traffic()  # plans forgotten-password resets
        self.lan_start = DAY0 + 9 * HOUR
        self.checkers()
        self.spray()
        self.brute()
        if self.P["venue"]:
            self.lan_start = DAY0 + HOUR
        self.venue_checker()
        self.follow_ups()
        self.honest_sessions()
        if self.P["stations"]:
            self.station_traffic()
        self.companion_traffic()
        self.probe_traffic()
        for rec in self.attacks:
            t, typed, loc, pw, ua, camp, a, _ = rec
            ok = self.attack_ok(rec)
            self.emit(t, typed, loc, ok, pw, ua, "attacker", camp, a)
            if a is not None:
                a.tags.add(camp)

    def fmt_ts(self, t):
        off = self.P["ts_offset"]
        lt = t + off * HOUR
        s, ms = divmod(lt, 1000)
        d = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=s)
        suffix = "Z" if off == 0 else "%+03d:00" % off
        return "%s.%03d%s" % (d.strftime("%Y-%m-%dT%H:%M:%S"), ms, suffix)

    def write(self, out):
        os.makedirs(out, exist_ok=True)
        evs = self.events
        if self.P["order"] == "chunked":
            # merged per-server hourly log files: hour, then server, then time
            evs.sort(key=lambda e: ((e[0] - DAY0) // HOUR, zlib.crc32(e[3].encode()) % 3, e[0], e[1]))
        else:
            evs.sort(key=lambda e: (e[0], e[1]))
        fp = self.fp
        compromised, attacked = set(), set()
        camp_counts = {}
        n_att = 0
        with open(os.path.join(out, "events.jsonl"), "w", encoding="utf-8", newline="\n") as fe, \
                open(os.path.join(out, "event_labels.csv"), "w", encoding="utf-8", newline="\n") as fl:
            fl.write("line,actor,campaign\n")
            for i, e in enumerate(evs, 1):
                t, _, typed, ip, ok, pw, ua, cc, asn, actor, camp, a = e
                o = {"ts": self.fmt_ts(t), "user": typed, "ip": ip, "ok": ok,
                     "cred": fp.cred(typed, pw), "pw": fp.pw(pw)}
                if ua is not None:
                    o["ua"] = ua
                o["country"] = cc
                o["asn"] = asn
                fe.write(json.dumps(o, ensure_ascii=False, separators=(",", ":")) + "\n")
                fl.write("%d,%s,%s\n" % (i, actor, camp))
                key = (actor, camp)
                camp_counts[key] = camp_counts.get(key, 0) + 1
                if actor == "attacker":
                    n_att += 1
                    if a is not None:
                        attacked.add(a.norm)
                        if ok:
                            compromised.add(a.norm)
        truth = sorted(compromised)
        by_camp = {}
        seen_c = set()
        for e in sorted(evs, key=lambda e: (e[0], e[1])):
            if e[9] == "attacker" and e[4] and e[11] is not None and e[11].norm not in seen_c:
                seen_c.add(e[11].norm)
                by_camp[e[10]] = by_camp.get(e[10], 0) + 1
        with open(os.path.join(out, "truth.csv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("user\n")
            for u in truth:
                f.write(u + "\n")
        with_events = set(e[11].norm for e in evs if e[11] is not None)
        honest_active = set(e[11].norm for e in evs if e[11] is not None and e[9] == "honest")
        counts = {"compromised": 0, "targeted": 0, "exposed": 0, "benign": 0}
        rows = []
        for a in self.accounts:
            if a.norm in compromised:
                lab = "compromised"
            elif a.norm in attacked:
                lab = "targeted"
            elif a.exposed_seen:
                lab = "exposed"
            else:
                lab = "benign"
            counts[lab] += 1
            rows.append((a.norm, lab, "+".join(sorted(a.tags)) or "plain"))
        rows.sort()
        with open(os.path.join(out, "labels.csv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("user,label,scenario\n")
            for u, lab, sc in rows:
                f.write("%s,%s,%s\n" % (csv_field(u), lab, sc))
        with open(os.path.join(out, "combos.txt"), "w", encoding="utf-8", newline="\n") as f:
            r = self.rng("junk")
            for j, (u, p) in enumerate(self.combos):
                f.write("%s:%s\n" % (u, p))
                if j % 5000 == 4999:
                    f.write("\n" if r.random() < 0.5 else "-- dumped by x0r --\n")  # blank / malformed
        with open(os.path.join(out, "passwords.txt"), "w", encoding="utf-8", newline="\n") as f:
            for p in self.pwlist:
                f.write(p + "\n")
        meta = {
            "generator": VERSION, "seed": self.seed, "accounts_requested": self.n, "profile": self.profile_name,
            "key": "demo" if self.key == DEMO_KEY else "custom",
            "day": "2026-11-20", "lines": len(evs), "honest_lines": len(evs) - n_att, "attacker_lines": n_att,
            "lines_by_campaign": {"%s:%s" % k: v for k, v in sorted(camp_counts.items())},
            "accounts": len(self.accounts), "accounts_with_events": len(with_events),
            "accounts_with_honest_events": len(honest_active),
            "labels": counts, "compromised": len(truth),
            "compromised_by_first_campaign": dict(sorted(by_camp.items())),
            "compromised_share_of_accounts_with_events": round(len(truth) / max(1, len(with_events)), 4),
            "distinct_ips": len(set(e[3] for e in evs)),
            "combos_lines": len(self.combos), "private_pairs": len(self.private),
            "passwords_lines": len(self.pwlist), "order": self.P["order"],
            "ts_offset_hours": self.P["ts_offset"],
        }
        with open(os.path.join(out, "meta.json"), "w", encoding="utf-8", newline="\n") as f:
            json.dump(meta, f, indent=2, sort_keys=True, ensure_ascii=False)
            f.write("\n")
        return meta


def csv_field(s):
    if any(c in s for c in ',"\n\r'):
        return '"' + s.replace('"', '""') + '"'
    return s


def run(seed, accounts, profile, out, key):
    w = World(seed, accounts, profile, key)
    w.generate()
    return w.write(out)


# --------------------------------------------------------------------------
# Self test
# --------------------------------------------------------------------------

def check_consistency(d):
    import csv
    errs = []
    with open(os.path.join(d, "events.jsonl"), encoding="utf-8") as f:
        events = [json.loads(l) for l in f]
    with open(os.path.join(d, "event_labels.csv"), encoding="utf-8") as f:
        el = list(csv.DictReader(f))
    if len(el) != len(events):
        errs.append("event_labels has %d rows for %d events" % (len(el), len(events)))
    for i, row in enumerate(el, 1):
        if int(row["line"]) != i or row["actor"] not in ("honest", "attacker") or not row["campaign"]:
            errs.append("bad event label row %d" % i)
            break
    with open(os.path.join(d, "labels.csv"), encoding="utf-8") as f:
        labels = {r["user"]: r["label"] for r in csv.DictReader(f)}
    with open(os.path.join(d, "truth.csv"), encoding="utf-8") as f:
        truth = [l.rstrip("\n") for l in f][1:]
    if truth != sorted(set(truth)):
        errs.append("truth.csv not sorted/unique")
    comp = sorted(set(norm(e["user"]) for e, l in zip(events, el) if l["actor"] == "attacker" and e["ok"]))
    if comp != truth:
        errs.append("truth differs from attacker ok lines (%d vs %d)" % (len(truth), len(comp)))
    if sorted(u for u, l in labels.items() if l == "compromised") != truth:
        errs.append("labels.csv compromised set differs from truth")
    att = set(norm(e["user"]) for e, l in zip(events, el) if l["actor"] == "attacker")
    for u, l in labels.items():
        if u in att and l not in ("compromised", "targeted"):
            errs.append("attacked account %r labelled %s" % (u, l))
            break
        if l in ("compromised", "targeted") and u not in att:
            errs.append("account %r labelled %s without attacker lines" % (u, l))
            break
    for e in events:
        if e["ok"] and norm(e["user"]) not in labels:
            errs.append("successful login for unknown account %r" % e["user"])
            break
        for k in ("ts", "user", "ip", "ok", "cred", "pw"):
            if k not in e:
                errs.append("event missing %s" % k)
                break
    # exposed accounts: an honest success carries a leaked pair fingerprint
    key = DEMO_KEY
    fp = Fingerprinter(key)
    leaked = set()
    with open(os.path.join(d, "combos.txt"), encoding="utf-8") as f:
        for l in f:
            l = l.rstrip("\n")
            if ":" in l:
                u, p = l.split(":", 1)
                leaked.add(fp.cred(u, p))
    seen = set(norm(e["user"]) for e, l in zip(events, el)
               if l["actor"] == "honest" and e["ok"] and e["cred"] in leaked)
    for u, l in labels.items():
        if l == "exposed" and u not in seen:
            errs.append("exposed account %r without an honest leaked-pair success" % u)
            break
    meta = json.load(open(os.path.join(d, "meta.json"), encoding="utf-8"))
    if meta["lines"] != len(events) or meta["compromised"] != len(truth):
        errs.append("meta.json counts disagree")
    return errs, len(events), len(truth)


def selftest():
    ok = True
    for key, user, pw, c, p in TEST_VECTORS:
        f = Fingerprinter(key)
        if f.cred(user, pw) != c or f.pw(pw) != p:
            print("FAIL vector %r %r %r: %s %s" % (key, user, pw, f.cred(user, pw), f.pw(pw)))
            ok = False
    print("test vectors: %s" % ("ok" if ok else "FAILED"))
    tmp = tempfile.mkdtemp(prefix="gen9-selftest-")
    try:
        for prof in sorted(PROFILES):
            a = os.path.join(tmp, prof + "-a")
            b = os.path.join(tmp, prof + "-b")
            run(11, 600, prof, a, DEMO_KEY)
            env = dict(os.environ)
            env["PYTHONHASHSEED"] = "12345"
            subprocess.run([sys.executable, os.path.abspath(__file__), "--seed", "11", "--accounts", "600",
                            "--profile", prof, "--out", b], check=True, env=env, stdout=subprocess.DEVNULL)
            same = True
            for fn in sorted(os.listdir(a)):
                with open(os.path.join(a, fn), "rb") as fa, open(os.path.join(b, fn), "rb") as fb:
                    if fa.read() != fb.read():
                        print("FAIL determinism: %s/%s differs" % (prof, fn))
                        same = ok = False
            errs, nl, nc = check_consistency(a)
            for e in errs:
                print("FAIL consistency %s: %s" % (prof, e))
                ok = False
            print("profile %-8s determinism %s, consistency %s (%d lines, %d compromised)"
                  % (prof, "ok" if same else "FAILED", "ok" if not errs else "FAILED", nl, nc))
    finally:
        shutil.rmtree(tmp)
    print("selftest: %s" % ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


def main(argv=None):
    ap = argparse.ArgumentParser(description="gen9: labelled synthetic game-platform login data")
    ap.add_argument("--seed", type=int, default=1)
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
    meta = run(args.seed, args.accounts, args.profile, args.out, args.key)
    print("%s: %d lines (%d attacker), %d compromised of %d accounts with events"
          % (args.out, meta["lines"], meta["attacker_lines"], meta["compromised"], meta["accounts_with_events"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
