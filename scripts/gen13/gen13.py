#!/usr/bin/env python3
"""gen13: synthetic login logs of a government / public-services citizen portal
(tax, health insurance, benefits) for evaluating a credential-stuffing detector.

Formats follow /work/shared/SPEC.md (events: section 1, fingerprints: section 2,
leak files: section 3, truth.csv: section 4).  Python 3.11 standard library only.
Deterministic: every random choice comes from a seeded random.Random (seeded with a
string, which Python hashes with SHA-512, independent of PYTHONHASHSEED); output
never depends on hash() or set iteration order.

Usage:
    python3 gen13.py --seed S --accounts N --profile P --out DIR [--key KEY]
    python3 gen13.py --selftest
"""

import argparse
import bisect
import csv
import hashlib
import heapq
import hmac
import ipaddress
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from datetime import datetime, timedelta, timezone

DEMO_KEY = "credsieve-demo-key"
DAY = datetime(2026, 4, 30, tzinfo=timezone.utc)  # tax-filing deadline day
DAY0_MS = int(DAY.timestamp()) * 1000
SEC, MIN, HOUR = 1000, 60_000, 3_600_000
DAYLEN = 24 * HOUR
SPIKE = (19 * HOUR, 22 * HOUR)  # 21:00-24:00 local (UTC+2): the last evening before the deadline
LOCAL_OFFSET = timedelta(hours=2)
SERVERS = ("web-1", "web-2", "app-gw", "partner-gw")  # concatenated in this order
APP = "BuergerPortal-App"

# ---------------------------------------------------------------------------
# SPEC 2: credential fingerprints


def norm(user):
    """SPEC 2 norm(user): Unicode lowercase, surrounding white space removed."""
    return user.strip().lower()


class Fingerprinter:
    def __init__(self, key):
        self.key = key.encode("utf-8") if isinstance(key, str) else key
        self._pw = {}

    def cred(self, user, pw):
        msg = b"c1\x00" + norm(user).encode("utf-8") + b"\x00" + pw.encode("utf-8")
        return hmac.new(self.key, msg, hashlib.sha256).digest()[:8].hex()

    def pw(self, pw):
        r = self._pw.get(pw)
        if r is None:
            sha = hashlib.sha1(pw.encode("utf-8")).hexdigest().upper()
            r = hmac.new(self.key, b"p1\x00" + sha.encode("ascii"), hashlib.sha256).digest()[:8].hex()
            self._pw[pw] = r
        return r


SPEC_VECTORS = [
    ("credsieve-demo-key", "alice@example.com", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    ("credsieve-demo-key", "  Alice@Example.COM ", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    ("credsieve-demo-key", "bob", "correct horse battery staple", "b3c4edfb71b95783", "379b91546fb38da0"),
    ("credsieve-demo-key", "Ünïcode@例え.jp", "pässwörd:with:colons", "b00485ee34fad31d", "acadac23153ab923"),
    ("s3cr3t-pepper", "alice@example.com", "hunter2", "57cab7f6c60a4041", "a82468d22c5531ab"),
    ("s3cr3t-pepper", "bob", "correct horse battery staple", "f4be313772448b6f", "6e7632ab9a186ca4"),
]

# ---------------------------------------------------------------------------
# Profiles.  Rates are per registered account unless noted.  See README.md.

BASE = dict(
    active=0.55,            # share of registered accounts with at least one own session today
    more_sessions=0.55,     # P(another session) after each session (geometric)
    spike=10.0,             # traffic multiplier 19-22 UTC (deadline evening)
    timeout_spike=0.07,     # P(correct login logged as failure: timeout) inside the spike
    timeout_base=0.004,     # same outside the spike
    forgetful=0.07,         # P(first session of the day: forgot password), x1.8 for elderly
    elderly_oldpw=0.18,     # P(elderly user types an old password first)
    typo=0.05, caps=0.015, user_typo=0.01,
    wifi=0.05,              # P(session from public Wi-Fi)
    corp=0.20,              # share of working-age citizens whose employer proxy they use at work
    offices={"callcentre": 1, "library": 3, "citizenoffice": 3},
    office_weight={"callcentre": 0.45, "library": 0.25, "citizenoffice": 0.30},
    assisted=0.08,          # share of active citizens with an assisted session (elderly x3 weight)
    advisers_per_1k=3.0, adviser_clients=(12, 40), adviser_active=0.6, adviser_spike=0.35,
    leak_current=0.016,     # citizens whose current (user, password) is in combos.txt
    leak_old=0.30,          # citizens with an old password in combos.txt
    noncitizens=5.0,        # non-citizen identities in combos.txt per registered account
    weak=0.10, seasonal=0.010,
    # (campaign, ip mode, share of combos.txt lines used, window hours UTC)
    stuffing=[("stuffing-resi", "resi", 0.24, (0.5, 23.5)),
              ("stuffing-hosting", "hosting4", 0.16, (2.0, 5.0)),
              ("stuffing-v6", "hosting6", 0.08, (13.0, 16.5)),
              ("stuffing-wifi", "wifi", 0.01, (8.0, 17.0))],
    spray=dict(passwords=3, targets=0.45, noncitizen=0.3, ips=30),
    phish=0.003, phish_stale=0.15,
    brute=4, brute_tries=(120, 300),
    refund=0.45, refund_phish=0.8, refund_pwchange=0.3,
)


def _profile(**kw):
    p = json.loads(json.dumps(BASE))
    p.update(kw)
    return p


PROFILES = {
    "mixed": _profile(),
    "deadline": _profile(
        active=0.70, more_sessions=0.62, timeout_spike=0.22, timeout_base=0.006,
        advisers_per_1k=7.0, adviser_clients=(20, 60), adviser_active=0.9, adviser_spike=0.65,
        leak_current=0.020,
        stuffing=[("stuffing-resi", "resi", 0.20, (0.5, 23.5)),
                  ("stuffing-hosting", "hosting4", 0.12, (2.0, 4.5)),
                  ("stuffing-v6", "hosting6", 0.06, (14.0, 16.0))],
        spray=dict(passwords=2, targets=0.40, noncitizen=0.3, ips=20),
        phish=0.002, brute=3, refund=0.35),
    "fraud": _profile(
        active=0.50, spike=3.0, timeout_spike=0.04, leak_current=0.009,
        stuffing=[("stuffing-resi", "resi", 0.55, (0.0, 24.0)),
                  ("stuffing-hosting", "hosting4", 0.22, (1.0, 6.0)),
                  ("stuffing-v6", "hosting6", 0.14, (9.0, 14.0)),
                  ("stuffing-mobile", "mobile", 0.06, (6.0, 22.0))],
        spray=dict(passwords=4, targets=0.6, noncitizen=0.3, ips=60),
        phish=0.006, brute=6, refund=0.8, refund_phish=0.9, refund_pwchange=0.45),
    "assisted": _profile(
        active=0.55, spike=3.0, timeout_spike=0.05,
        offices={"callcentre": 2, "library": 4, "citizenoffice": 4}, assisted=0.32,
        advisers_per_1k=5.0, adviser_clients=(15, 50), adviser_active=0.7,
        leak_current=0.014,
        stuffing=[("stuffing-resi", "resi", 0.24, (0.5, 23.5)),
                  ("stuffing-hosting", "hosting4", 0.10, (2.0, 5.0)),
                  ("stuffing-wifi", "wifi", 0.015, (7.0, 17.5))],
        spray=dict(passwords=3, targets=0.4, noncitizen=0.3, ips=25, via_wifi=0.03),
        phish=0.003, refund=0.5),
}

# ---------------------------------------------------------------------------
# Names, passwords, user agents

FIRST = ["Anna", "Lena", "Lukas", "Jonas", "Maria", "Thomas", "Michael", "Andreas", "Stefan", "Sabine",
         "Petra", "Monika", "Ursula", "Klaus", "Jürgen", "Wolfgang", "Helga", "Renate", "Günther", "Karin",
         "Brigitte", "Dieter", "Hans", "Peter", "Frank", "Sandra", "Nicole", "Julia", "Laura", "Sarah",
         "Katharina", "Christian", "Daniel", "Tobias", "Florian", "Sebastian", "Markus", "Martin", "Alexander",
         "Jan", "Tim", "Leon", "Paul", "Felix", "Max", "Emma", "Mia", "Hannah", "Sophie", "Lea", "Marie",
         "Ayşe", "Mehmet", "Fatma", "Ali", "Emre", "Elif", "Özlem", "Can", "Murat", "Piotr", "Katarzyna",
         "Agnieszka", "Tomasz", "Łukasz", "Olga", "Irina", "Sergej", "Natalia", "Giuseppe", "Francesca",
         "Marco", "Ana", "José", "Dimitrios", "Eleni", "Ahmad", "Mariam", "Omar", "Björn", "Sören", "René",
         "Gisela", "Erika", "Ingrid", "Gerhard", "Horst", "Manfred", "Werner", "Heinz", "Rolf", "Elke", "Uwe"]
LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
        "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz",
        "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz",
        "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter",
        "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn",
        "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler", "Roth", "Beck", "Lorenz",
        "Baumann", "Franke", "Albrecht", "Schuster", "Simon", "Ludwig", "Böhm", "Winter", "Kraus", "Martin",
        "Schumacher", "Krämer", "Vogt", "Stein", "Jäger", "Otto", "Sommer", "Groß", "Seidel", "Heinrich",
        "Brandt", "Haas", "Yilmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Kowalski", "Nowak",
        "Wiśniewski", "Wójcik", "Ivanov", "Petrov", "Rossi", "Russo", "Papadopoulos", "Haddad", "Nguyen"]
INTL_FIRST = ["john", "mike", "david", "chris", "james", "sarah", "jessica", "emily", "wang", "li", "chen",
              "ivan", "dmitry", "olga", "juan", "carlos", "lucas", "pierre", "marie", "ahmed", "raj", "priya",
              "kevin", "jason", "ashley", "nina", "tom", "alex", "sam", "yuki", "kenji", "mohamed", "ana"]
INTL_LAST = ["smith", "johnson", "brown", "jones", "miller", "davis", "garcia", "martinez", "lee", "kim",
             "wang", "zhang", "liu", "ivanov", "smirnov", "silva", "santos", "dubois", "martin", "kumar",
             "sharma", "tanaka", "sato", "ali", "hassan", "wilson", "taylor", "clark", "lewis", "walker"]
HANDLES = ["dark", "angel", "shadow", "gamer", "killer", "lucky", "happy", "crazy", "sweet", "cool", "star",
           "wolf", "dragon", "ninja", "sunny", "blue", "black", "red", "silent", "king", "queen", "bunny"]
DOMAINS_DE = ["web.de", "gmx.de", "gmx.net", "t-online.de", "gmail.com", "outlook.de", "hotmail.de",
              "yahoo.de", "posteo.de", "icloud.com", "freenet.de", "mail.de", "online.de", "aol.com"]
DOMAINS_DE_W = [18, 16, 8, 12, 20, 5, 4, 3, 2, 5, 3, 2, 1, 1]
DOMAINS_INTL = ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "mail.ru", "yandex.ru", "qq.com",
                "163.com", "hotmail.co.uk", "orange.fr", "libero.it", "wp.pl", "o2.pl", "aol.com", "live.com"]

TRANSLIT = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ł": "l", "ı": "i"}

TOP_PW = ["123456", "123456789", "12345678", "passwort", "password", "hallo123", "qwertz", "12345",
          "111111", "1234567", "qwerty", "123123", "000000", "abc123", "hallo", "schatz", "1234",
          "passwort1", "password1", "iloveyou", "lol123", "fussball", "dragon", "master", "monkey",
          "letmein", "sunshine", "princess", "qwertzu", "asdfgh", "killer", "schalke04", "bvb09",
          "dortmund", "bayern", "hamburg", "berlin", "sommer", "sonne", "blume", "mausi", "hase", "baby",
          "engel", "sternchen", "daniel", "michael", "thomas", "andreas", "stefan", "nicole", "sabine",
          "test123", "admin", "admin123", "geheim", "geheim123", "deutschland", "computer", "internet",
          "starwars", "pokemon", "matrix", "a123456", "1q2w3e4r", "1q2w3e", "q1w2e3r4", "asdf1234",
          "zaq12wsx", "!qaz2wsx", "Passwort1!", "Password1!", "Hallo123!", "Sommer2024", "Winter2024",
          "welcome", "welcome1", "changeme", "start123", "Start123!", "123qwe", "qweasd", "112233",
          "121212", "654321", "666666", "7777777", "987654321", "159753", "147258369", "aaaaaa",
          "abcdef", "abcd1234", "schnecke", "hexe", "tiger", "katze", "hund", "pferd", "liebe",
          "ichliebedich", "familie", "ferrari", "mercedes", "porsche", "nintendo", "playstation",
          "minecraft", "fortnite", "Sommer2025", "Winter2025", "Fruehling2025", "Herbst2024", "qwer1234",
          "Aa123456", "Qwertz123", "password123", "passwort123", "hallo1", "hallo12", "schatz123",
          "123456a", "1qaz2wsx", "superman", "batman", "football", "baseball", "shadow", "michelle"]
PW_WORDS = ["sonne", "mond", "stern", "blume", "rose", "tulpe", "sommer", "winter", "herbst", "katze",
            "hund", "maus", "hase", "baer", "tiger", "loewe", "adler", "falke", "eule", "biene", "schatz",
            "engel", "liebe", "herz", "glueck", "freiheit", "familie", "garten", "haus", "auto", "fussball",
            "bayern", "schalke", "werder", "hertha", "borussia", "eintracht", "kaiser", "koenig", "prinz",
            "prinzessin", "zauber", "regen", "wolke", "meer", "strand", "urlaub", "mallorca", "berlin",
            "hamburg", "muenchen", "koeln", "frankfurt", "anna", "lena", "lukas", "thomas", "michael",
            "sabine", "petra", "klaus", "juergen", "monika", "emma", "mia", "ben", "paul", "luna", "bella",
            "balu", "charly", "sammy", "rocky", "jacky", "snoopy", "pumuckl", "schnuffel", "kuschel",
            "hallo", "geheim", "passwort", "password", "welcome", "master", "dragon", "monkey", "shadow",
            "soccer", "summer", "flower", "love", "angel", "sunshine", "princess", "football", "jordan"]
PERSONAL_WORDS = ["Sonnenschein", "Schmetterling", "Gartenzwerg", "Kaffeetasse", "Eichhoernchen", "Fahrrad",
                  "Regenbogen", "Wanderlust", "Bergsee", "Nordsee", "Ostsee", "Tannenbaum", "Kuschelbaer",
                  "Zauberer", "Pusteblume", "Lieblingsmensch", "Feuerwehr", "Handball", "Angeln", "Motorrad",
                  "Mondschein", "Erdbeere", "Apfelbaum", "Glueckskind", "Sternschnuppe", "Kroete", "Biene",
                  "Eule", "Falke", "Wolke", "Strand", "Bella", "Luna", "Balu", "Charly", "Sammy", "Rocky",
                  "Emma", "Paul", "Ben", "Mia", "Schalke", "Werder", "Borussia", "Eintracht", "Gladbach",
                  "Bremen", "Rostock", "Dresden", "Leipzig", "Kiel", "Sylt", "Harz", "Allgaeu", "Tirol",
                  "Toskana", "Kreta", "Amsel", "Drossel", "Kater", "Mieze", "Hasi", "Spatz", "Schatzi",
                  "Oma", "Opa", "Enkel", "Garten", "Rosen", "Dahlie", "Lavendel", "Kirsche", "Pflaume"]
UNICODE_PW = ["Bärchen", "Schnüffel", "Mäuschen", "Glück", "Häschen", "Käfer", "Blümchen", "Frühling",
              "Grüße", "Süße", "Öhrchen", "Küken"]
SPRAY_PW = ["Tax2026!", "Spring2026", "Spring2026!", "Steuer2026!", "Steuer2026", "Fruehling2026",
            "Fruehling2026!", "April2026!", "Ostern2026", "Ostern2026!", "Winter2025!", "Tax2026"]

CHROME_V = list(range(140, 148))
FF_V = list(range(143, 151))


def ua_desktop(rng):
    r = rng.random()
    v = rng.choice(CHROME_V)
    if r < 0.45:
        return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"
    if r < 0.62:
        return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0"
    if r < 0.78:
        f = rng.choice(FF_V)
        os_ = rng.choice(["Windows NT 10.0; Win64; x64", "X11; Linux x86_64", "Macintosh; Intel Mac OS X 14.7"])
        return f"Mozilla/5.0 ({os_}; rv:{f}.0) Gecko/20100101 Firefox/{f}.0"
    if r < 0.93:
        return f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.{rng.randint(0, 4)} Safari/605.1.15"
    return f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"


def ua_mobile(rng, app=False):
    ios = rng.random() < 0.38
    if app:
        ver = rng.choice(["5.4.2", "5.4.2", "5.4.2", "5.4.1", "5.3.0"])
        if ios:
            return f"{APP}/{ver} (iOS {rng.choice(['18.7', '26.3', '26.4'])}; iPhone{rng.randint(13, 17)},{rng.randint(1, 3)})"
        return f"{APP}/{ver} (Android {rng.randint(12, 16)}; {rng.choice(['SM-A546B', 'SM-S921B', 'Pixel 8', 'M2101K6G', 'SM-A155F', 'moto g54'])})"
    if ios:
        x = rng.randint(0, 4)
        return f"Mozilla/5.0 (iPhone; CPU iPhone OS 26_{x} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.{x} Mobile/15E148 Safari/604.1"
    return f"Mozilla/5.0 (Linux; Android {rng.randint(12, 16)}; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{rng.choice(CHROME_V)}.0.0.0 Mobile Safari/537.36"


ATTACK_UAS_NAIVE = ["python-requests/2.32.3", "python-requests/2.31.0", "Go-http-client/1.1",
                    "okhttp/4.12.0", "curl/8.5.0"]


def ua_attack_old(rng):
    v = rng.randint(99, 126)
    return rng.choice([
        f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
        f"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v - 10}.0) Gecko/20100101 Firefox/{v - 10}.0",
        f"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36",
    ])


# ---------------------------------------------------------------------------
# Address space (stylised; real-looking public ranges)

HOME4 = ["84.128.0.0/10", "79.192.0.0/10", "91.32.0.0/11", "93.192.0.0/11", "95.112.0.0/12", "178.0.0.0/12",
         "188.96.0.0/12", "37.80.0.0/12", "46.80.0.0/12", "77.176.0.0/12", "87.160.0.0/11", "217.224.0.0/11"]
HOME6 = ["2003:e1::/32", "2003:ee::/32", "2a02:8108::/32", "2a02:810d::/32", "2001:16b8::/32",
         "2a01:c22::/32", "2a02:908::/32"]
MOBILE = [("80.187.64.0/18", "2a01:598::/32"), ("176.2.0.0/15", "2a02:3030::/32"),
          ("77.10.0.0/16", "2a02:3100::/32")]
HOSTING4 = ["5.45.96.0/20", "45.134.212.0/22", "185.225.68.0/22", "194.26.192.0/22", "103.148.56.0/22",
            "146.70.0.0/16", "91.92.240.0/20", "193.142.146.0/23", "80.94.92.0/22"]
HOSTING6 = ["2a01:4f8::/32", "2a03:b0c0::/32", "2604:a880::/32", "2a0e:97c0::/29"]
BUSINESS4 = ["194.25.0.0/16", "212.68.0.0/16", "62.156.0.0/16", "217.86.0.0/16", "213.61.0.0/16",
             "195.243.0.0/16", "82.135.0.0/17"]
BUSINESS6 = ["2a00:1398::/32", "2001:4dd0::/32"]
PUBLIC4 = ["193.174.0.0/16", "194.95.0.0/16", "141.12.0.0/16"]  # municipal / library networks


class Pfx:
    def __init__(self, cidr):
        n = ipaddress.ip_network(cidr)
        self.base = int(n.network_address)
        self.bits = n.max_prefixlen - n.prefixlen
        self.v6 = n.version == 6

    def v4(self, rng):
        while True:
            a = self.base | rng.getrandbits(self.bits)
            if (a & 0xFF) not in (0, 255):
                return str(ipaddress.IPv4Address(a))

    def net64(self, rng):
        return self.base | (rng.getrandbits(self.bits - 64) << 64)

    def net48(self, rng):
        return self.base | (rng.getrandbits(self.bits - 80) << 80)


def v6(net64, iid):
    return str(ipaddress.IPv6Address(net64 | (iid & 0xFFFFFFFFFFFFFFFF)))


def privacy_iid(rng):
    return rng.getrandbits(64) | (1 << 57)  # random, non-trivial interface id


# ---------------------------------------------------------------------------
# Helpers

KEY_NEIGH = {}
for _row in ("1234567890", "qwertzuiop", "asdfghjkl", "yxcvbnm"):
    for _i, _ch in enumerate(_row):
        KEY_NEIGH[_ch] = _row[max(0, _i - 1):_i] + _row[_i + 1:_i + 2]


def translit(s):
    s = "".join(TRANSLIT.get(ch, ch) for ch in s.lower())
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if ord(ch) < 128)


def pw_typo(pw, rng):
    for _ in range(12):
        i = rng.randrange(len(pw))
        op = rng.randrange(4)
        if op == 0 and len(pw) > 4:
            new = pw[:i] + pw[i + 1:]
        elif op == 1:
            new = pw[:i] + pw[i] + pw[i:]
        elif op == 2 and i + 1 < len(pw):
            new = pw[:i] + pw[i + 1] + pw[i] + pw[i + 2:]
        else:
            nb = KEY_NEIGH.get(pw[i].lower())
            if not nb:
                continue
            new = pw[:i] + rng.choice(nb) + pw[i + 1:]
        if new and new != pw and new.strip() == new:
            return new
    return pw + "1"


def swapcase_ok(pw):
    s = pw.swapcase()
    return s if s != pw else None


def typed_form(user, rng, p_plain=0.90):
    r = rng.random()
    if r < p_plain:
        return user
    if r < p_plain + 0.05:
        cand = user[:1].upper() + user[1:]  # phone autocapitalisation
    elif r < p_plain + 0.07:
        cand = user + " "  # autocomplete adds a space
    elif r < p_plain + 0.085:
        cand = " " + user
    else:
        cand = user.title()
    return cand if norm(cand) == user else user


def w_choice(rng, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


# ---------------------------------------------------------------------------
# The world


class Citizen:
    __slots__ = ("idx", "user", "first", "last", "age", "byear", "pw", "old", "weak_rank", "seasonal",
                 "hh", "mobile", "carrier", "mob6", "app", "corp", "ua_desk", "ua_mob", "leak_old",
                 "leak_cur", "traits", "phished")

    def __init__(self, idx):
        self.idx = idx
        self.traits = {"citizen"}
        self.old = []
        self.weak_rank = None
        self.seasonal = False
        self.corp = None
        self.leak_old = False
        self.leak_cur = False
        self.phished = False


class Household:
    __slots__ = ("v6", "isp4", "ip4", "ip4b", "reconnect", "net64")


class Item:
    """Something that happens to one account at time t (honest session, attack attempt, refund return)."""
    __slots__ = ("t", "kind", "ctx", "ip", "ua", "server", "typed", "pw", "campaign", "seq", "flags", "office")

    def __init__(self, t, kind, **kw):
        self.t = t
        self.kind = kind
        self.ctx = self.ip = self.ua = self.server = self.typed = self.pw = None
        self.campaign = self.seq = self.office = None
        self.flags = {}
        for k, v in kw.items():
            setattr(self, k, v)


class State:
    __slots__ = ("current", "known", "adviser_pw", "atk_pw", "compromised", "refund", "done", "honest")

    def __init__(self, pw):
        self.current = pw
        self.known = pw
        self.adviser_pw = None
        self.atk_pw = None
        self.compromised = False
        self.refund = False
        self.done = set()
        self.honest = False


class Generator:
    def __init__(self, seed, n, profile, key=DEMO_KEY):
        if profile not in PROFILES:
            raise ValueError(f"unknown profile {profile!r}")
        if n < 50:
            raise ValueError("--accounts must be at least 50")
        self.seed, self.n, self.profile_name, self.key = seed, n, profile, key
        self.p = PROFILES[profile]
        self.fp = Fingerprinter(key)
        self.events = []  # (t, order, server, typed, ip, ok, pw, ua, actor, campaign, normuser)
        self.order = 0
        self.other_traits = {}  # non-citizen user -> set of traits
        hw = [0.4, 0.25, 0.15, 0.1, 0.1, 0.2, 0.6, 1.5, 3, 4, 4.5, 4.5, 4, 4, 4.2, 4.2, 4, 4, 4.5, 5, 5, 4.5, 3, 1.5]
        w = [hw[(h + 2) % 24] for h in range(24)]
        for h in range(SPIKE[0] // HOUR, SPIKE[1] // HOUR):
            w[h] *= self.p["spike"]
        self.hour_cum = []
        acc = 0.0
        for x in w:
            acc += x
            self.hour_cum.append(acc)

    def rng(self, name):
        return random.Random(f"gen13|{self.seed}|{self.profile_name}|{self.n}|{name}")

    # -- time ---------------------------------------------------------------
    def pick_time(self, rng):
        h = bisect.bisect_right(self.hour_cum, rng.random() * self.hour_cum[-1])
        return min(h, 23) * HOUR + rng.randrange(HOUR)

    def p_timeout(self, t):
        return self.p["timeout_spike"] if SPIKE[0] <= t < SPIKE[1] else self.p["timeout_base"]

    # -- emission -----------------------------------------------------------
    def emit(self, t, typed, ip, ok, pw, ua, server, actor, campaign, nuser):
        if t < 0 or t >= DAYLEN:
            return False
        self.events.append((t, self.order, server, typed, ip, ok, pw, ua, actor, campaign, nuser))
        self.order += 1
        return True

    def server_for(self, ua, rng, partner=False):
        if ua.startswith(APP):
            return "app-gw"
        if partner:
            return "partner-gw"
        return "web-1" if rng.random() < 0.5 else "web-2"

    # -- build --------------------------------------------------------------
    def build(self):
        self.build_common_passwords()
        self.build_networks()
        self.build_citizens()
        self.build_leaks()
        self.plan_advisers()
        self.plan_attacks()
        self.simulate()
        return self

    def build_common_passwords(self):
        rng = self.rng("common")
        out, seen = [], set()

        def add(p):
            if p not in seen and len(p) >= 4 and ":" not in p:
                seen.add(p)
                out.append(p)

        for p in TOP_PW:
            add(p)
        sufs = ["1", "12", "123", "1234", "!", "01", "07", "99", "69", "88", "11", "13", "22", "2000", "1!", "123!"]
        sufs += [str(y) for y in range(1955, 2027)]
        cands = []
        for wd in PW_WORDS:
            for s in sufs:
                cands.append(wd + s)
                cands.append(wd.capitalize() + s)
        rng.shuffle(cands)
        # popularity: short suffixes first, roughly
        cands.sort(key=lambda c: (sum(ch.isdigit() for ch in c) > 3) + rng.random() * 1.6)
        for c in cands:
            if len(out) >= 3200:
                break
            add(c)
        walks = ["qwertzuiop", "asdfghjkl", "yxcvbnm", "1qay2wsx", "qayxsw", "poiuztrewq", "mnbvcxy"]
        for wk in walks:
            add(wk)
        for sp in ("Sommer2025!", "Winter2025!", "Spring2026", "Fruehling2026"):
            add(sp)  # some seasonal passwords are common enough to be in public lists
        while len(out) < 3500:
            add(rng.choice(PW_WORDS) + str(rng.randint(0, 9999)))
        self.common = out
        self.common_rank = {p: i for i, p in enumerate(out)}

    def personal_password(self, rng, first="", byear=1970):
        r = rng.random()
        if r < 0.15:  # password manager
            cs = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789#!%&*+-_?"
            return "".join(rng.choice(cs) for _ in range(rng.randint(12, 18)))
        if r < 0.17:  # passphrase with spaces
            return " ".join(rng.sample([w.lower() for w in PERSONAL_WORDS], 3)) + " " + str(rng.randint(1, 99))
        if r < 0.18:  # contains colons
            return f"{rng.choice(PERSONAL_WORDS)}:{rng.randint(10, 99)}:{rng.choice(['x', 'ab', 'Z!'])}"
        if r < 0.21:  # non-ASCII
            return rng.choice(UNICODE_PW) + str(rng.randint(1, 2025)) + rng.choice(["", "!", "#"])
        if r < 0.36 and first:
            return translit(first).capitalize() + str(byear) + rng.choice(["", "!", "."])
        w = rng.choice(PERSONAL_WORDS)
        if rng.random() < 0.3:
            w += rng.choice(["&", "-", "", ""]) + rng.choice(PERSONAL_WORDS)
        num = rng.choice([str(rng.randint(1, 99)), str(rng.randint(1950, 2026)), f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}"])
        return w + num + rng.choice(["", "", "!", "?", "#", "$", "."])

    def old_variant(self, pw, rng, first, byear):
        r = rng.random()
        if r < 0.4:
            digs = "".join(ch for ch in pw[::-1] if ch.isdigit())[::-1]
            if digs and pw.rstrip("!?#$.").endswith(digs):
                core = pw.rstrip("!?#$.")
                tail = pw[len(core):]
                num = int(digs)
                new = core[: len(core) - len(digs)] + str(max(0, num - rng.randint(1, 3))) + tail
                if new != pw:
                    return new
        if r < 0.6 and self.common:
            return self.common[rng.randrange(600)]
        return self.personal_password(rng, first, byear)

    def build_networks(self):
        rng = self.rng("net")
        n, p = self.n, self.p
        self.home4 = [Pfx(c) for c in HOME4]
        self.home6 = [Pfx(c) for c in HOME6]
        self.hosting4 = [Pfx(c) for c in HOSTING4]
        self.hosting6 = [Pfx(c) for c in HOSTING6]
        self.taken = set()
        biz = [Pfx(c) for c in BUSINESS4]
        pub = [Pfx(c) for c in PUBLIC4]

        def static(pfxs):
            while True:
                ip = rng.choice(pfxs).v4(rng)
                if ip not in self.taken:
                    self.taken.add(ip)
                    return ip

        self.static = static
        self.biz = biz
        self.carriers = []
        pool = max(6, n // 250)
        for c4, c6 in MOBILE:
            pf4 = Pfx(c4)
            ips = []
            while len(ips) < pool:
                ip = pf4.v4(rng)
                if ip not in self.taken:
                    self.taken.add(ip)
                    ips.append(ip)
            self.carriers.append((ips, Pfx(c6)))
        self.wifi = [static(biz) for _ in range(max(6, n // 400))]
        self.corps = []
        for _ in range(max(4, n // 700)):
            k = w_choice(rng, [1, 2, 4], [5, 3, 2])
            ua_v = rng.choice(CHROME_V[:4])
            ua = f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{ua_v}.0.0.0 Safari/537.36 Edg/{ua_v}.0.0.0"
            self.corps.append(([static(biz) for _ in range(k)], ua))
        self.offices = []  # (type, name, ip, ua)
        for typ in ("callcentre", "library", "citizenoffice"):
            for i in range(p["offices"][typ]):
                ip = static(biz if typ == "callcentre" else pub)
                v = rng.choice(CHROME_V[:3])
                ua = f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"
                self.offices.append((typ, f"{typ}-{i + 1}", ip, ua))
        self.library_ips = [o[2] for o in self.offices if o[0] == "library"]

    def resi_ip(self, rng, p6=0.3):
        if rng.random() < p6:
            return v6(rng.choice(self.home6).net64(rng), privacy_iid(rng))
        return rng.choice(self.home4).v4(rng)

    def mobile_ip(self, rng, carrier=None, p6=0.3):
        ips, pf6 = self.carriers[carrier if carrier is not None else rng.randrange(len(self.carriers))]
        if rng.random() < p6:
            return v6(pf6.net64(rng), privacy_iid(rng))
        return rng.choice(ips)

    def make_user(self, rng, first, last, byear, taken, portal_p=0.2):
        f, l = translit(first), translit(last)
        for attempt in range(50):
            if rng.random() < portal_p:
                if rng.random() < 0.25 and (f != first.lower() or l != last.lower()):
                    u = f"{first.lower()}.{last.lower()}"  # Unicode portal user name
                else:
                    u = f"{l}{f[0]}{byear % 100:02d}"
            else:
                pat = rng.randrange(8)
                yy = f"{byear % 100:02d}"
                local = [f"{f}.{l}", f"{f[0]}.{l}", f"{f}{l}", f"{l}.{f}", f"{f}.{l}{yy}", f"{f}{byear}",
                         f"{f[0]}{l}{rng.randint(1, 99)}", f"{l}{f[0]}"][pat]
                u = local + "@" + w_choice(rng, DOMAINS_DE, DOMAINS_DE_W)
            if attempt > 3:
                u = u.replace("@", str(rng.randint(1, 999)) + "@", 1) if "@" in u else u + str(rng.randint(1, 999))
            u = norm(u)
            if u and u not in taken:
                taken.add(u)
                return u
        raise RuntimeError("could not make a unique user name")

    def build_citizens(self):
        rng = self.rng("citizens")
        p = self.p
        taken = set()
        self.citizens = []
        self.by_user = {}
        households = []
        i = 0
        while i < self.n:
            size = min(self.n - i, w_choice(rng, [1, 2, 3], [55, 35, 10]))
            hh = Household()
            hh.v6 = rng.random() < 0.4
            hh.isp4 = rng.choice(self.home4)
            hh.ip4 = hh.isp4.v4(rng)
            hh.ip4b = hh.isp4.v4(rng)
            hh.reconnect = rng.randrange(DAYLEN) if rng.random() < 0.25 else None
            hh.net64 = rng.choice(self.home6).net64(rng)
            last = rng.choice(LAST)
            for _ in range(size):
                c = Citizen(i)
                c.hh = hh
                c.first = rng.choice(FIRST)
                c.last = last if rng.random() < 0.7 else rng.choice(LAST)
                c.age = w_choice(rng, ["young", "mid", "elderly"], [30, 45, 25])
                c.byear = {"young": rng.randint(1991, 2007), "mid": rng.randint(1961, 1990),
                           "elderly": rng.randint(1935, 1960)}[c.age]
                c.user = self.make_user(rng, c.first, c.last, c.byear, taken)
                r = rng.random()
                if r < p["seasonal"]:
                    c.pw = rng.choice(SPRAY_PW)
                    c.seasonal = True
                    c.traits.add("seasonal-pw")
                elif r < p["seasonal"] + p["weak"]:
                    rank = min(int(rng.paretovariate(0.9)) * 3 + rng.randrange(3) - 3, 1400)
                    c.pw = self.common[rank]
                    c.weak_rank = rank
                    c.traits.add("weak-pw")
                else:
                    c.pw = self.personal_password(rng, c.first, c.byear)
                for _ in range(w_choice(rng, [0, 1, 2, 3], [15, 45, 30, 10])):
                    o = self.old_variant(c.pw, rng, c.first, c.byear)
                    if o != c.pw and o not in c.old:
                        c.old.append(o)
                pm = {"young": 0.65, "mid": 0.45, "elderly": 0.22}[c.age]
                c.mobile = rng.random() < pm
                c.carrier = rng.randrange(len(self.carriers))
                c.mob6 = rng.random() < 0.35
                c.app = rng.random() < 0.5
                c.ua_desk = ua_desktop(rng)
                c.ua_mob = ua_mobile(rng, app=c.app)
                if c.age != "elderly" and rng.random() < p["corp"]:
                    c.corp = rng.randrange(len(self.corps))
                self.citizens.append(c)
                self.by_user[c.user] = c
                i += 1
            households.append(hh)
        self.user_taken = taken

    def build_leaks(self):
        rng = self.rng("leaks")
        p = self.p
        lines = []  # (typed user, password)
        for c in self.citizens:
            if c.old and rng.random() < p["leak_old"] * (1.3 if c.age == "elderly" else 1.0):
                c.leak_old = True
                c.traits.add("leak-old")
                for o in rng.sample(c.old, min(len(c.old), rng.choice([1, 1, 2]))):
                    lines.append((typed_form(c.user, rng, 0.93), o))
            if rng.random() < p["leak_current"]:
                c.leak_cur = True
                c.traits.add("leak-current")
                lines.append((typed_form(c.user, rng, 0.93), c.pw))
        self.noncitizens = []
        k = int(self.n * p["noncitizens"])
        for _ in range(k):
            if rng.random() < 0.6:
                first, last = rng.choice(FIRST), rng.choice(LAST)
                by = rng.randint(1940, 2006)
                u = self.make_user(rng, first, last, by, self.user_taken, portal_p=0.05)
                pwf = lambda: self.personal_password(rng, first, by)
            else:
                for _a in range(50):
                    r = rng.random()
                    if r < 0.5:
                        loc = f"{rng.choice(INTL_FIRST)}.{rng.choice(INTL_LAST)}{rng.choice(['', str(rng.randint(1, 99)), str(rng.randint(1960, 2005))])}"
                    elif r < 0.8:
                        loc = f"{rng.choice(HANDLES)}{rng.choice(['_', '', '.'])}{rng.choice(HANDLES)}{rng.randint(1, 999)}"
                    else:
                        loc = f"{rng.choice(INTL_FIRST)}{rng.randint(1000, 99999)}"
                    u = norm(loc + "@" + rng.choice(DOMAINS_INTL))
                    if u not in self.user_taken:
                        self.user_taken.add(u)
                        break
                pwf = lambda: (self.common[min(int(rng.paretovariate(0.8)) - 1, 3499)] if rng.random() < 0.45
                               else self.personal_password(rng))
            self.noncitizens.append(u)
            for _ in range(w_choice(rng, [1, 2, 3], [60, 30, 10])):
                lines.append((typed_form(u, rng, 0.95), pwf()))
        # dumps contain duplicates
        for _ in range(len(lines) // 50):
            lines.append(rng.choice(lines))
        rng.shuffle(lines)
        self.combo_lines = lines
        self.combo_creds = set()
        self.combo_pairs = set()
        for u, pw in lines:
            self.combo_pairs.add((norm(u), pw))
        # file text: dumps also carry blank lines and a couple of junk lines
        text = [f"{u}:{pw}" for u, pw in lines]
        for junk in ("", "", "======== combo 2024-11 part 3/7 ========", ""):
            text.insert(rng.randrange(len(text) + 1), junk)
        self.combo_text = text
        # passwords.txt: the common list, in popularity order
        self.password_text = list(self.common)

    # -- planning -----------------------------------------------------------
    def add_item(self, c, item):
        item.flags["order"] = self.order_plan
        self.order_plan += 1
        self.items.setdefault(c.idx, []).append(item)

    def plan_advisers(self):
        rng = self.rng("advisers")
        p = self.p
        self.items = {}
        self.order_plan = 0
        self.adviser_pw = {}
        n_adv = max(2, round(self.n * p["advisers_per_1k"] / 1000))
        pool = list(range(len(self.citizens)))
        rng.shuffle(pool)
        self.advisers = []
        for a in range(n_adv):
            if rng.random() < 0.8:
                ip = self.static(self.biz)
            else:
                net = Pfx(rng.choice(BUSINESS6)).net48(rng)
                ip = v6(net, rng.randrange(2, 200))
            if rng.random() < 0.55:
                ua = f"StB-Desk/{rng.choice(['24.3', '24.3', '24.2', '25.1'])} (Windows NT 10.0; Win64; x64) ELSTER-Transfer/{rng.choice(['41.2', '41.3'])}"
            else:
                ua = ua_desktop(rng)
            k = rng.randint(*p["adviser_clients"])
            clients, pool = pool[:k], pool[k:]
            self.advisers.append((ip, ua, clients))
            todo = [ci for ci in clients if rng.random() < p["adviser_active"]]
            # batches: one to three sittings, before-deadline batches in the spike
            nb = w_choice(rng, [1, 2, 3], [4, 4, 2])
            for b in range(nb):
                part = todo[b::nb]
                if not part:
                    continue
                if rng.random() < p["adviser_spike"]:
                    t = SPIKE[0] + rng.randrange(2 * HOUR)
                else:
                    t = rng.randint(5 * HOUR, 16 * HOUR)  # 07:00-18:00 local
                for ci in part:
                    c = self.citizens[ci]
                    c.traits.add("adviser-client")
                    self.add_item(c, Item(t, "adviser", ctx="adviser", ip=ip, ua=ua, server="partner-gw"))
                    t += rng.randint(40, 420) * SEC
            for ci in clients:
                c = self.citizens[ci]
                # what the adviser has on file: mostly the current password, sometimes stale
                if rng.random() < 0.10:
                    self.adviser_pw[ci] = c.old[0] if c.old else pw_typo(c.pw, rng)
                else:
                    self.adviser_pw[ci] = c.pw

    def attack(self, user_typed, pw, t, ip, ua, campaign, seq=None, server=None, rng=None):
        nu = norm(user_typed)
        if server is None:
            server = self.server_for(ua, rng)
        c = self.by_user.get(nu)
        if c is None:
            tr = self.other_traits.setdefault(nu, {"non-citizen"})
            tr.add(CAMPAIGN_TRAIT[campaign])
            self.emit(t, user_typed, ip, False, pw, ua, server, "attacker", campaign + "/miss", nu)
        else:
            self.add_item(c, Item(t, "attack", ip=ip, ua=ua, server=server, typed=user_typed, pw=pw,
                                  campaign=campaign, seq=seq))

    def plan_attacks(self):
        p = self.p
        for name, mode, share, (h0, h1) in p["stuffing"]:
            self.plan_stuffing(name, mode, share, h0, h1)
        self.plan_spray()
        self.plan_phishing()
        self.plan_brute()

    def plan_stuffing(self, name, mode, share, h0, h1):
        rng = self.rng(name)
        idx = rng.sample(range(len(self.combo_lines)), int(len(self.combo_lines) * share))
        k = len(idx)
        if k == 0:
            return
        t0, t1 = int(h0 * HOUR), int(h1 * HOUR) - 1
        times = sorted(rng.randint(t0, t1) for _ in range(k))
        naive = rng.random() < 0.5
        fixed_ua = rng.choice(ATTACK_UAS_NAIVE) if naive else ua_attack_old(rng)
        ua_pool = [ua_desktop(rng) for _ in range(12)] + [ua_attack_old(rng) for _ in range(6)]
        if mode == "hosting4":
            nets = rng.sample(self.hosting4, rng.randint(2, 3))
            n_ips = max(3, min(24, k // 350))
            ips = []
            for _ in range(n_ips):
                base = rng.choice(nets).v4(rng).rsplit(".", 1)[0]
                ips.append(f"{base}.{rng.randint(2, 250)}")
            weights = [rng.uniform(0.3, 3.0) for _ in ips]
        elif mode == "hosting6":
            pf = rng.choice(self.hosting6)
            net48 = pf.net48(rng)
            subnets = [net48 | (rng.getrandbits(16) << 64) for _ in range(rng.randint(3, 8))]
            ua6 = ua_desktop(rng)
        chunk_left, cur_ip, cur_ua = 0, None, None
        for j, li in enumerate(idx):
            u, pw = self.combo_lines[li]
            t = times[j]
            if mode == "resi" or mode == "mobile":
                if chunk_left == 0:
                    chunk_left = w_choice(rng, [1, 2, 3], [50, 30, 20])
                    cur_ip = self.resi_ip(rng) if mode == "resi" else self.mobile_ip(rng, p6=0.25)
                    cur_ua = rng.choice(ua_pool) if mode == "resi" else ua_mobile(rng, app=rng.random() < 0.3)
                chunk_left -= 1
                ip, ua = cur_ip, cur_ua
            elif mode == "hosting4":
                ip = w_choice(rng, ips, weights)
                ua = fixed_ua
            elif mode == "hosting6":
                ip = v6(rng.choice(subnets), rng.getrandbits(64))
                ua = ua6
            else:  # wifi / library addresses
                if chunk_left == 0:
                    chunk_left = rng.randint(3, 25)
                    pool = self.wifi + self.library_ips
                    cur_ip = rng.choice(pool)
                    cur_ua = rng.choice(ua_pool)
                chunk_left -= 1
                ip, ua = cur_ip, cur_ua
            self.attack(u, pw, t, ip, ua, name, rng=rng)

    def plan_spray(self):
        sp = self.p["spray"]
        rng = self.rng("spray")
        pwds = rng.sample(SPRAY_PW, sp["passwords"])
        targets = [c.user for c in self.citizens if rng.random() < sp["targets"]]
        extra = rng.sample(self.noncitizens, min(len(self.noncitizens), int(len(targets) * sp["noncitizen"])))
        targets += extra
        rng.shuffle(targets)
        ips = []
        for _ in range(sp["ips"]):
            r = rng.random()
            if r < 0.55:
                ips.append(self.resi_ip(rng, p6=0.25))
            elif r < 0.8:
                ips.append(rng.choice(self.hosting4).v4(rng))
            else:
                ips.append(v6(rng.choice(self.hosting6).net64(rng), rng.getrandbits(64)))
        wifi_pool = self.wifi + self.library_ips
        ua_pool = [ua_desktop(rng) for _ in range(8)]
        span = (DAYLEN - HOUR) // len(pwds)
        for r, pw in enumerate(pwds):
            start = r * span + rng.randrange(HOUR)
            dur = int(span * 0.85)
            for i, u in enumerate(targets):
                t = start + (i * dur) // len(targets) + rng.randrange(20 * SEC)
                if rng.random() < sp.get("via_wifi", 0.0):
                    ip = rng.choice(wifi_pool)
                else:
                    ip = rng.choice(ips)
                self.attack(u, pw, t, ip, rng.choice(ua_pool), "spray", rng=rng)

    def plan_phishing(self):
        rng = self.rng("phish")
        k = max(1, round(self.n * self.p["phish"]))
        cands = [c for c in self.citizens if not c.leak_cur]
        victims = rng.sample(cands, min(k, len(cands)))
        crew_ua = [ua_mobile(rng, app=False) for _ in range(5)] + [f"{APP}/5.3.0 (Android 13; SM-A536B)"]
        for c in victims:
            pw = c.pw if rng.random() >= self.p["phish_stale"] else pw_typo(c.pw, rng)
            if (c.user, pw) in self.combo_pairs:
                pw = pw_typo(pw, rng) + "!"
            c.phished = True
            t = rng.randint(5 * HOUR, 23 * HOUR)
            ip = self.mobile_ip(rng, p6=0.3)
            self.attack(typed_form(c.user, rng, 0.97), pw, t, ip, rng.choice(crew_ua), "phishing-mobile", rng=rng)

    def plan_brute(self):
        rng = self.rng("brute")
        nb = self.p["brute"]
        lo, hi = self.p["brute_tries"]
        weak = [c for c in self.citizens if c.weak_rank is not None and c.weak_rank < lo]
        others = [c for c in self.citizens if c.weak_rank is None]
        targets = rng.sample(weak, min(len(weak), (nb + 1) // 2))
        targets += rng.sample(others, min(len(others), nb - len(targets)))
        users = [c.user for c in targets] + ["admin", "test@test.de"]
        for j, u in enumerate(users):
            tries = rng.randint(lo, hi)
            nets = rng.choice(self.hosting4)
            ips = [nets.v4(rng) for _ in range(rng.randint(1, 2))]
            ua = rng.choice(ATTACK_UAS_NAIVE)
            t = rng.randint(0, 20 * HOUR)
            for i in range(tries):
                self.attack(u, self.common[i], t, ips[i % len(ips)], ua, "bruteforce", seq=("bf", j), rng=rng)
                t += rng.randint(1500, 6000)

    # -- honest session planning (per citizen) ----------------------------------
    def plan_own_sessions(self, c, rng):
        p = self.p
        if rng.random() >= p["active"]:
            return
        times = []
        n = 1
        while n < 6 and rng.random() < p["more_sessions"]:
            n += 1
        for _ in range(n):
            times.append(self.pick_time(rng))
        times.sort()
        for k, t in enumerate(times):
            if k and t - times[k - 1] < 10 * MIN:
                continue
            hour = t // HOUR
            if c.corp is not None and 6 <= hour <= 15 and rng.random() < 0.5:
                ips, ua = self.corps[c.corp]
                ctx, ip = "corp", rng.choice(ips)
            elif rng.random() < p["wifi"]:
                ctx, ip = "wifi", rng.choice(self.wifi)
                ua = c.ua_mob if rng.random() < 0.6 else c.ua_desk
            elif c.mobile and rng.random() < 0.75:
                if c.mob6:
                    ctx, ip = "mobile6", self.mobile_ip(rng, c.carrier, p6=1.0)
                else:
                    ctx, ip = "mobile-cgnat", self.mobile_ip(rng, c.carrier, p6=0.0)
                ua = c.ua_mob
            else:
                hh = c.hh
                ua = c.ua_mob if (c.mobile and rng.random() < 0.5) else c.ua_desk
                if hh.v6 and rng.random() < 0.85:
                    ctx, ip = "home6", v6(hh.net64, privacy_iid(rng))
                else:
                    ctx = "home"
                    ip = hh.ip4b if (hh.reconnect is not None and t >= hh.reconnect) else hh.ip4
            flags = {}
            if k == 0:
                fp = p["forgetful"] * (1.8 if c.age == "elderly" else 1.0)
                flags["forgot"] = rng.random() < fp
                flags["oldpw"] = c.age == "elderly" and bool(c.old) and rng.random() < p["elderly_oldpw"]
            flags["typo"] = rng.random() < p["typo"]
            flags["caps"] = rng.random() < p["caps"]
            flags["user_typo"] = rng.random() < p["user_typo"]
            self.add_item(c, Item(t, "own", ctx=ctx, ip=ip, ua=ua, server=self.server_for(ua, rng),
                                  typed=typed_form(c.user, rng), flags=flags))
        # assisted session (call centre, library, citizen office)
        wa = p["assisted"] * (3.0 if c.age == "elderly" else 0.6)
        if rng.random() < wa:
            types = list(p["office_weight"])
            typ = w_choice(rng, types, [p["office_weight"][x] for x in types])
            offs = [o for o in self.offices if o[0] == typ]
            _, oname, ip, ua = rng.choice(offs)
            if typ == "callcentre":
                t = rng.randint(5 * HOUR, 18 * HOUR)
            elif typ == "library":
                t = rng.randint(7 * HOUR, 16 * HOUR)
            else:
                t = rng.randint(5 * HOUR + 30 * MIN, 14 * HOUR)
            self.add_item(c, Item(t, "assisted", ctx=typ, ip=ip, ua=ua,
                                  server="partner-gw" if typ != "library" else self.server_for(ua, rng),
                                  typed=typed_form(c.user, rng, 0.8), office=oname,
                                  flags={"variant": w_choice(rng, ["ok", "oldpw", "typo", "forgot"], [80, 12, 4, 4])}))

    # -- simulation -------------------------------------------------------------
    def simulate(self):
        for c in self.citizens:
            rng = self.rng(f"acct{c.idx}")
            self.plan_own_sessions(c, rng)
            items = self.items.get(c.idx, [])
            heap = [(it.t, it.flags["order"], it) for it in items]
            heapq.heapify(heap)
            st = State(c.pw)
            st.adviser_pw = self.adviser_pw.get(c.idx)
            extra = 10 ** 9
            while heap:
                t, _, it = heapq.heappop(heap)
                new = None
                if it.kind == "own":
                    self.run_own(c, st, rng, it)
                elif it.kind == "assisted":
                    self.run_assisted(c, st, rng, it)
                elif it.kind == "adviser":
                    new = self.run_adviser(c, st, rng, it)
                elif it.kind == "attack":
                    new = self.run_attack(c, st, rng, it)
                elif it.kind == "refund":
                    self.run_refund(c, st, rng, it)
                for ni in new or ():
                    extra += 1
                    heapq.heappush(heap, (ni.t, extra, ni))
            if not st.honest:
                c.traits.add("inactive")

    # honest login attempt with timeout / retry handling
    def login(self, c, st, rng, t, typed, pw, it, kind):
        grp = "honest-" + it.ctx
        timeouts = 0
        while True:
            correct = pw == st.current
            if correct and rng.random() < self.p_timeout(t):
                if self.emit(t, typed, it.ip, False, pw, it.ua, it.server, "honest", grp + "/timeout", c.user):
                    st.honest = True
                c.traits.add("timeout")
                timeouts += 1
                if timeouts > 3 or (timeouts >= 2 and rng.random() < 0.3):
                    return t, False
                t += rng.randint(6, 90) * SEC
                kind = "retry"
                continue
            if self.emit(t, typed, it.ip, correct, pw, it.ua, it.server, "honest", f"{grp}/{kind}", c.user):
                st.honest = True
            return t, correct

    def reset_password(self, c, st, rng):
        new = self.personal_password(rng, c.first, c.byear)
        while new == st.current or new in c.old:
            new = self.personal_password(rng, c.first, c.byear)
        if st.current not in c.old:
            c.old.append(st.current)
        st.current = st.known = new
        c.traits.add("reset")
        return new

    def wrong_candidates(self, c, st, rng, k):
        out = []
        for _ in range(k * 3):
            r = rng.random()
            if r < 0.45 and c.old:
                w = rng.choice(c.old)
            elif r < 0.75:
                w = pw_typo(st.known, rng)
            elif r < 0.9:
                w = self.common[rng.randrange(300)]
            else:
                w = self.personal_password(rng, c.first, c.byear)
            if w != st.current and w not in out:
                out.append(w)
            if len(out) >= k:
                break
        return out

    def locked_out(self, c, st, rng, it, t, typed, reset_p, kind="locked-out"):
        c.traits.add("locked-out")
        for _ in range(rng.choice([2, 2, 3])):
            t, _ok = self.login(c, st, rng, t, typed, st.known, it, kind)
            t += rng.randint(15, 90) * SEC
        if rng.random() < reset_p:
            t += rng.randint(3, 25) * MIN
            new = self.reset_password(c, st, rng)
            self.login(c, st, rng, t, typed, new, it, "reset-login")

    def run_own(self, c, st, rng, it):
        t, typed, f = it.t, it.typed, it.flags
        c.traits.add({"home": "home-v4", "home6": "home-v6-privacy", "mobile-cgnat": "mobile-cgnat",
                      "mobile6": "mobile-v6", "wifi": "public-wifi", "corp": "corp-proxy"}[it.ctx])
        if f.get("user_typo"):
            bad = self.user_typo(c.user, rng)
            if bad:
                self.emit(t, bad, it.ip, False, st.known, it.ua, it.server, "honest",
                          f"honest-{it.ctx}/username-typo", norm(bad))
                self.other_traits.setdefault(norm(bad), {"non-citizen"}).add("mistyped-username")
                c.traits.add("username-typo")
                t += rng.randint(10, 60) * SEC
        if st.known != st.current:
            self.locked_out(c, st, rng, it, t, typed, 0.65)
            return
        if f.get("forgot"):
            c.traits.add("forgetful")
            for w in self.wrong_candidates(c, st, rng, w_choice(rng, [1, 2, 3, 4], [25, 35, 25, 15])):
                self.login(c, st, rng, t, typed, w, it, "forgot")
                t += rng.randint(10, 70) * SEC
            r = rng.random()
            if r < 0.6:
                t += rng.randint(2, 20) * MIN
                new = self.reset_password(c, st, rng)
                self.login(c, st, rng, t, typed, new, it, "reset-login")
            elif r < 0.85:
                self.login(c, st, rng, t, typed, st.known, it, "login")
            return
        if f.get("oldpw"):
            c.traits.add("old-pw-first")
            w = rng.choice(c.old)
            if w != st.current:
                self.login(c, st, rng, t, typed, w, it, "old-pw")
                t += rng.randint(15, 80) * SEC
        if f.get("typo"):
            c.traits.add("typo")
            self.login(c, st, rng, t, typed, pw_typo(st.known, rng), it, "typo")
            t += rng.randint(5, 40) * SEC
        if f.get("caps"):
            w = swapcase_ok(st.known)
            if w and w != st.current:
                c.traits.add("capslock")
                tu = typed.upper() if norm(typed.upper()) == c.user else typed
                self.login(c, st, rng, t, tu, w, it, "capslock")
                t += rng.randint(5, 40) * SEC
        self.login(c, st, rng, t, typed, st.known, it, "login")

    def run_assisted(self, c, st, rng, it):
        t, typed, v = it.t, it.typed, it.flags["variant"]
        c.traits.add("assisted-" + it.ctx)
        if st.known != st.current:
            self.locked_out(c, st, rng, it, t, typed, 0.5, kind="assisted-locked-out")
            return
        if v == "oldpw" and c.old:
            self.login(c, st, rng, t, typed, rng.choice(c.old), it, "assisted-oldpw")
            t += rng.randint(30, 180) * SEC
        elif v == "typo":
            self.login(c, st, rng, t, typed, pw_typo(st.known, rng), it, "assisted-typo")
            t += rng.randint(10, 60) * SEC
        elif v == "forgot":
            for w in self.wrong_candidates(c, st, rng, rng.randint(1, 3)):
                self.login(c, st, rng, t, typed, w, it, "assisted-forgot")
                t += rng.randint(20, 90) * SEC
            if rng.random() < 0.6:
                t += rng.randint(3, 15) * MIN
                new = self.reset_password(c, st, rng)
                self.login(c, st, rng, t, typed, new, it, "reset-login")
            return
        self.login(c, st, rng, t, typed, st.known, it, "assisted")

    def run_adviser(self, c, st, rng, it):
        pw = st.adviser_pw or st.current
        kind = "batch" if pw == st.current else "stale-pw"
        t, ok = self.login(c, st, rng, it.t, c.user, pw, it, kind)
        if not ok and pw != st.current and not it.flags.get("retried") and rng.random() < 0.4:
            # the adviser phones the client and tries again later with the current password
            st.adviser_pw = st.known
            return [Item(t + rng.randint(10, 90) * MIN, "adviser", ctx="adviser", ip=it.ip, ua=it.ua,
                         server=it.server, flags={"retried": True})]
        return None

    def run_attack(self, c, st, rng, it):
        if it.seq is not None and it.seq in st.done:
            return None
        t = it.t
        c.traits.add(CAMPAIGN_TRAIT[it.campaign])
        for attempt in range(2):
            correct = it.pw == st.current
            if correct and rng.random() < self.p_timeout(t):
                self.emit(t, it.typed, it.ip, False, it.pw, it.ua, it.server, "attacker", it.campaign + "/timeout", c.user)
                if attempt == 0 and rng.random() < 0.6:
                    t += rng.randint(2, 30) * SEC
                    continue
                return None
            ok_emitted = self.emit(t, it.typed, it.ip, correct, it.pw, it.ua, it.server, "attacker",
                                   it.campaign + ("/hit" if correct else "/miss"), c.user)
            if correct and ok_emitted:
                return self.on_hit(c, st, rng, t, it)
            return None
        return None

    def on_hit(self, c, st, rng, t, it):
        st.compromised = True
        if it.seq is not None:
            st.done.add(it.seq)
        st.atk_pw = it.pw
        p_ref = self.p["refund_phish"] if it.campaign == "phishing-mobile" else self.p["refund"]
        if st.refund or rng.random() >= p_ref:
            return None
        st.refund = True
        c.traits.add("refund-fraud")
        out = []
        tr = t + rng.randint(40, 360) * MIN
        ua = ua_desktop(rng) if rng.random() < 0.6 else ua_mobile(rng)
        change = rng.random() < self.p["refund_pwchange"]
        for k in range(w_choice(rng, [1, 2, 3], [40, 40, 20])):
            ip = self.resi_ip(rng, p6=0.3) if rng.random() < 0.5 else self.mobile_ip(rng, p6=0.3)
            out.append(Item(tr, "refund", ip=ip, ua=ua, server=self.server_for(ua, rng), typed=c.user,
                            flags={"change": change and k == 0}))
            tr += rng.randint(10, 120) * MIN
        return out

    def run_refund(self, c, st, rng, it):
        pw = st.atk_pw
        correct = pw == st.current
        kind = "return"
        if correct and it.flags["change"]:
            kind = "pw-change"
        if correct and rng.random() < self.p_timeout(it.t):
            self.emit(it.t, it.typed, it.ip, False, pw, it.ua, it.server, "attacker", "refund-fraud/timeout", c.user)
            return
        ok = self.emit(it.t, it.typed, it.ip, correct, pw, it.ua, it.server, "attacker",
                       "refund-fraud/" + (kind if correct else "fail"), c.user)
        if ok and correct and it.flags["change"]:
            new = "".join(rng.choice("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#") for _ in range(12))
            st.current = new
            st.atk_pw = new
            c.traits.add("pw-changed-by-attacker")

    def user_typo(self, user, rng):
        local, at, dom = user.partition("@")
        for _ in range(10):
            if len(local) < 3:
                return None
            i = rng.randrange(len(local))
            if rng.random() < 0.5:
                nl = local[:i] + local[i + 1:]
            else:
                nl = local[:i] + local[i] * 2 + local[i + 1:]
            bad = nl + at + dom
            if norm(bad) not in self.by_user and norm(bad) == bad and bad:
                return bad
        return None

    # -- output ---------------------------------------------------------------
    def write(self, out):
        os.makedirs(out, exist_ok=True)
        fp = self.fp
        by_server = {s: [] for s in SERVERS}
        for ev in self.events:
            by_server[ev[2]].append(ev)
        ordered = []
        for s in SERVERS:
            ordered.extend(sorted(by_server[s], key=lambda e: (e[0], e[1])))
        combo_creds = {fp.cred(u, pw) for (u, pw) in self.combo_pairs}
        lines, lab_lines = [], ["line,actor,campaign"]
        users_seen = {}
        ips = set()
        attacker_ok = set()
        honest_leaked_ok = set()
        attacked = set()
        camp = {}
        honest_lines = attacker_lines = 0
        for i, (t, order, server, typed, ip, ok, pw, ua, actor, campaign, nu) in enumerate(ordered, 1):
            ts = format_ts(server, t, order)
            cred = fp.cred(typed, pw)
            obj = {"ts": ts, "user": typed, "ip": ip, "ok": ok, "cred": cred, "pw": fp.pw(pw), "ua": ua}
            lines.append(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
            lab_lines.append(f"{i},{actor},{campaign}")
            users_seen[nu] = True
            ips.add(ip)
            cs = camp.setdefault(campaign, [0, 0])
            cs[0] += 1
            cs[1] += 1 if ok else 0
            if actor == "attacker":
                attacker_lines += 1
                attacked.add(nu)
                if ok:
                    attacker_ok.add(nu)
            else:
                honest_lines += 1
                if ok and cred in combo_creds:
                    honest_leaked_ok.add(nu)
        with open(os.path.join(out, "events.jsonl"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")
        with open(os.path.join(out, "event_labels.csv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lab_lines) + "\n")
        with open(os.path.join(out, "combos.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(self.combo_text) + "\n")
        with open(os.path.join(out, "passwords.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(self.password_text) + "\n")
        truth = sorted(attacker_ok)
        with open(os.path.join(out, "truth.csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["user"])
            for u in truth:
                w.writerow([u])
        labels = {}
        counts = {"compromised": 0, "exposed": 0, "targeted": 0, "benign": 0}
        for u in sorted(users_seen):
            if u in attacker_ok:
                lab = "compromised"
            elif u in honest_leaked_ok:
                lab = "exposed"
            elif u in attacked:
                lab = "targeted"
            else:
                lab = "benign"
            counts[lab] += 1
            c = self.by_user.get(u)
            traits = c.traits if c is not None else self.other_traits.get(u, {"non-citizen"})
            labels[u] = (lab, "+".join(sorted(traits)))
        with open(os.path.join(out, "labels.csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["user", "label", "scenario"])
            for u in sorted(labels):
                w.writerow([u, labels[u][0], labels[u][1]])
        active = sum(1 for c in self.citizens if "inactive" not in c.traits and c.user in users_seen)
        groups = {}
        for k, (nl, nok) in camp.items():
            g = groups.setdefault(k.split("/")[0], [0, 0])
            g[0] += nl
            g[1] += nok
        meta = {
            "generator": "gen13",
            "spec": "credsieve SPEC.md sections 1-4",
            "day": DAY.strftime("%Y-%m-%d"),
            "seed": self.seed, "profile": self.profile_name, "accounts": self.n,
            "key_is_demo": self.key == DEMO_KEY,
            "lines": len(lines), "honest_lines": honest_lines, "attacker_lines": attacker_lines,
            "distinct_users": len(users_seen), "distinct_ips": len(ips),
            "active_accounts": active,
            "compromised": len(truth),
            "compromised_pct_of_active": round(100.0 * len(truth) / max(1, active), 2),
            "labels": counts,
            "combos_lines": len(self.combo_text), "passwords_lines": len(self.password_text),
            "servers": {s: len(by_server[s]) for s in SERVERS},
            "campaign_groups": {k: {"lines": v[0], "successes": v[1]} for k, v in sorted(groups.items())},
            "campaigns": {k: {"lines": v[0], "successes": v[1]} for k, v in sorted(camp.items())},
        }
        with open(os.path.join(out, "meta.json"), "w", encoding="utf-8", newline="\n") as f:
            json.dump(meta, f, indent=2, sort_keys=False, ensure_ascii=False)
            f.write("\n")
        return meta


CAMPAIGN_TRAIT = {"stuffing-resi": "stuffed", "stuffing-hosting": "stuffed", "stuffing-v6": "stuffed",
                  "stuffing-wifi": "stuffed", "stuffing-mobile": "stuffed", "spray": "sprayed",
                  "phishing-mobile": "phished", "bruteforce": "bruteforced"}


def format_ts(server, t, order):
    ms = DAY0_MS + t
    if server == "app-gw":
        return ms  # integer epoch milliseconds
    dt = datetime.fromtimestamp(ms // 1000, tz=timezone.utc)
    frac = ms % 1000
    if server == "web-1":
        return dt.strftime("%Y-%m-%dT%H:%M:%S") + f".{frac:03d}Z"
    if server == "web-2":
        return (dt + LOCAL_OFFSET).strftime("%Y-%m-%dT%H:%M:%S") + f".{frac:03d}+02:00"
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + f".{frac:03d}{(order * 7919) % 1000:03d}+00:00"


def generate(seed, n, profile, out, key=DEMO_KEY):
    g = Generator(seed, n, profile, key).build()
    return g.write(out)


# ---------------------------------------------------------------------------
# Self-test


def parse_ts(v):
    if isinstance(v, int):
        return v
    dt = datetime.fromisoformat(v.replace("Z", "+00:00"))
    return int(dt.timestamp() * 1000)


def check_outputs(out, key=DEMO_KEY):
    """Re-derive truth and labels from the written files only; return a list of problems."""
    fp = Fingerprinter(key)
    probs = []
    with open(os.path.join(out, "events.jsonl"), encoding="utf-8") as f:
        evs = [json.loads(x) for x in f.read().splitlines()]
    with open(os.path.join(out, "event_labels.csv"), encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if rows[0] != ["line", "actor", "campaign"] or len(rows) - 1 != len(evs):
        probs.append("event_labels.csv header or length mismatch")
    combo_creds = set()
    with open(os.path.join(out, "combos.txt"), encoding="utf-8") as f:
        for ln in f.read().splitlines():
            if ":" in ln:
                u, pw = ln.split(":", 1)
                if u.strip():
                    combo_creds.add(fp.cred(u, pw))
    hexd = set("0123456789abcdef")
    atk_ok, attacked, exposed, users = set(), set(), set(), set()
    for i, e in enumerate(evs):
        line, actor, campaign = rows[i + 1]
        if int(line) != i + 1 or actor not in ("honest", "attacker"):
            probs.append(f"bad label row {i + 1}")
        for k in ("ts", "user", "ip", "ok", "cred", "pw"):
            if k not in e:
                probs.append(f"line {i + 1}: missing {k}")
        if not (len(e["cred"]) == 16 and set(e["cred"]) <= hexd and len(e["pw"]) == 16 and set(e["pw"]) <= hexd):
            probs.append(f"line {i + 1}: bad fingerprint")
        t = parse_ts(e["ts"])
        if not (DAY0_MS <= t < DAY0_MS + DAYLEN):
            probs.append(f"line {i + 1}: ts outside the day")
        ipaddress.ip_address(e["ip"])
        if not isinstance(e["ok"], bool) or not e["user"].strip():
            probs.append(f"line {i + 1}: bad ok/user")
        u = norm(e["user"])
        users.add(u)
        if actor == "attacker":
            attacked.add(u)
            if e["ok"]:
                atk_ok.add(u)
            if campaign.startswith("phishing") and e["cred"] in combo_creds:
                probs.append(f"line {i + 1}: phishing pair is in combos.txt")
        elif e["ok"] and e["cred"] in combo_creds:
            exposed.add(u)
    with open(os.path.join(out, "truth.csv"), encoding="utf-8") as f:
        tr = list(csv.reader(f))
    if tr[0] != ["user"]:
        probs.append("truth.csv header")
    truth = [r[0] for r in tr[1:]]
    if truth != sorted(atk_ok, key=lambda s: s.encode("utf-8")):
        probs.append("truth.csv != accounts with an attacker success (sorted bytewise)")
    if any(norm(u) != u for u in truth):
        probs.append("truth.csv not normalised")
    with open(os.path.join(out, "labels.csv"), encoding="utf-8") as f:
        lr = list(csv.reader(f))
    if lr[0] != ["user", "label", "scenario"]:
        probs.append("labels.csv header")
    lab = {r[0]: r[1] for r in lr[1:]}
    if set(lab) != users:
        probs.append("labels.csv users != users in events")
    for u, l in lab.items():
        want = ("compromised" if u in atk_ok else "exposed" if u in exposed
                else "targeted" if u in attacked else "benign")
        if l != want:
            probs.append(f"label of {u}: {l} != {want}")
            break
    with open(os.path.join(out, "meta.json"), encoding="utf-8") as f:
        meta = json.load(f)
    if meta["lines"] != len(evs) or meta["compromised"] != len(truth):
        probs.append("meta counts")
    return probs


def selftest():
    ok = True
    for key, user, pw, cred, pwf in SPEC_VECTORS:
        f = Fingerprinter(key)
        got = (f.cred(user, pw), f.pw(pw))
        if got != (cred, pwf):
            print(f"FAIL vector {key!r} {user!r}: {got} != {(cred, pwf)}")
            ok = False
    print(f"SPEC 2 test vectors: {'ok' if ok else 'FAILED'} ({len(SPEC_VECTORS)})")
    tmp = tempfile.mkdtemp(prefix="gen13-selftest-")
    try:
        me = os.path.abspath(__file__)
        for prof in PROFILES:
            digests = []
            for hs in ("0", "4242", "random"):
                d = os.path.join(tmp, f"{prof}-{hs}")
                env = dict(os.environ, PYTHONHASHSEED=hs)
                r = subprocess.run([sys.executable, me, "--seed", "7", "--accounts", "400", "--profile", prof,
                                    "--out", d], env=env, capture_output=True, text=True)
                if r.returncode != 0:
                    print(f"FAIL {prof}: generator exited {r.returncode}: {r.stderr.strip()[-500:]}")
                    ok = False
                    break
                h = hashlib.sha256()
                for name in sorted(os.listdir(d)):
                    with open(os.path.join(d, name), "rb") as f:
                        h.update(name.encode() + b"\0" + f.read() + b"\0")
                digests.append(h.hexdigest())
            same = len(set(digests)) == 1 and len(digests) == 3
            probs = check_outputs(os.path.join(tmp, f"{prof}-0"))
            # a different key gives different fingerprints but the same world
            d2 = os.path.join(tmp, f"{prof}-key")
            generate(7, 400, prof, d2, key="s3cr3t-pepper")
            probs += check_outputs(d2, key="s3cr3t-pepper")
            with open(os.path.join(tmp, f"{prof}-0", "labels.csv"), "rb") as a, open(os.path.join(d2, "labels.csv"), "rb") as b:
                if a.read() != b.read():
                    probs.append("labels depend on the key")
            print(f"{prof}: determinism across PYTHONHASHSEED {'ok' if same else 'FAILED'}; "
                  f"truth/labels consistency {'ok' if not probs else 'FAILED: ' + '; '.join(probs[:5])}")
            ok = ok and same and not probs
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("selftest:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int)
    ap.add_argument("--accounts", type=int)
    ap.add_argument("--profile", choices=sorted(PROFILES))
    ap.add_argument("--out")
    ap.add_argument("--key", default=DEMO_KEY, help="fingerprint key (default: the SPEC demo key)")
    ap.add_argument("--selftest", action="store_true")
    a = ap.parse_args(argv)
    if a.selftest:
        return selftest()
    if a.seed is None or a.accounts is None or a.profile is None or a.out is None:
        ap.error("--seed, --accounts, --profile and --out are required (or --selftest)")
    if a.accounts < 50:
        ap.error("--accounts must be at least 50")
    t0 = time.monotonic()
    meta = generate(a.seed, a.accounts, a.profile, a.out, a.key)
    print(f"gen13: {meta['lines']} lines ({meta['attacker_lines']} attacker), {meta['distinct_users']} users, "
          f"{meta['distinct_ips']} ips, {meta['compromised']} compromised "
          f"({meta['compromised_pct_of_active']}% of {meta['active_accounts']} active) "
          f"in {time.monotonic() - t0:.1f}s -> {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
