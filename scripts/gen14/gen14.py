#!/usr/bin/env python3
"""gen14: one day of authentication logs at a large consumer webmail provider.

Synthetic data for testing a credential-stuffing detector against /work/shared/SPEC.md.
Python 3 standard library only.  See README.md.

    python3 gen14.py --seed S --accounts N --profile PROFILE --out DIR [--key KEY]
    python3 gen14.py --selftest
"""

import argparse
import bisect
import csv
import datetime as dt
import hashlib
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

VERSION = "gen14-1.0"
DEMO_KEY = "credsieve-demo-key"
DAY = dt.datetime(2026, 3, 17, tzinfo=dt.timezone.utc)      # a Tuesday
DAY_EPOCH_MS = int(DAY.timestamp()) * 1000
SEC = 1000
MIN = 60 * SEC
HOUR = 60 * MIN
DAY_MS = 24 * HOUR

DOMAIN = "quillmail.net"
DOMAIN_LEGACY = "quillmail.de"
PROFILES = ("mixed", "clients", "botnet", "quiet")

# --------------------------------------------------------------------------------------------
# Static world data.  Address ranges look real but are not meant to name real operators.
# --------------------------------------------------------------------------------------------

# cc, weight, utc offset (hours, on 2026-03-17)
COUNTRIES = [("DE", 62, 1), ("AT", 8, 1), ("CH", 6, 1), ("PL", 3, 1), ("FR", 3, 1), ("NL", 2, 1),
             ("IT", 2, 1), ("ES", 2, 1), ("GB", 3, 0), ("TR", 3, 3), ("US", 4, -4), ("BR", 1, -3),
             ("IN", 1, 5.5)]
TZ = {c: z for c, _, z in COUNTRIES}
TZ.update({"TH": 7, "PT": 0, "GR": 2, "EG": 2, "MX": -6, "AR": -3, "VN": 7, "ID": 7, "RU": 3,
           "CN": 8, "PK": 5, "UA": 2, "CO": -5, "IR": 3.5, "NG": 1, "HU": 1, "CZ": 1})
AMERICAS = {"US", "BR", "MX", "AR", "CO"}

# home ISPs: cc -> [(name, [v4 nets], v6 /32 or None, share of v6 households)]
HOME_ISPS = {
    "DE": [("de-dsl-1", ["79.192.0.0/12", "91.32.0.0/13", "217.224.0.0/13"], "2003:ec::/32", 0.45),
           ("de-cable-1", ["95.88.0.0/14", "188.96.0.0/13", "94.134.0.0/15"], "2a02:8070::/32", 0.5),
           ("de-dsl-2", ["92.72.0.0/13", "178.24.0.0/14", "2.200.0.0/13"], "2a02:3032::/32", 0.2),
           ("de-fiber-1", ["37.4.0.0/14", "89.244.0.0/15"], "2a00:6020::/32", 0.6)],
    "AT": [("at-isp-1", ["84.112.0.0/13", "178.112.0.0/13"], "2a02:8388::/32", 0.3)],
    "CH": [("ch-isp-1", ["85.0.0.0/13", "178.192.0.0/14"], "2a02:1205::/32", 0.4)],
    "PL": [("pl-isp-1", ["83.0.0.0/13", "31.60.0.0/14"], None, 0.0)],
    "FR": [("fr-isp-1", ["90.0.0.0/13", "86.192.0.0/12"], "2a01:cb00::/32", 0.5)],
    "NL": [("nl-isp-1", ["84.80.0.0/13"], "2a02:a440::/32", 0.3)],
    "IT": [("it-isp-1", ["79.16.0.0/13", "93.32.0.0/13"], None, 0.0)],
    "ES": [("es-isp-1", ["83.32.0.0/13", "88.0.0.0/13"], None, 0.0)],
    "GB": [("gb-isp-1", ["86.128.0.0/12", "81.96.0.0/13"], "2a00:23c4::/32", 0.3)],
    "TR": [("tr-isp-1", ["78.160.0.0/12", "88.224.0.0/12"], None, 0.0)],
    "US": [("us-cable-1", ["73.0.0.0/11", "98.192.0.0/12", "24.0.0.0/13"], "2601:640::/32", 0.5)],
    "BR": [("br-isp-1", ["177.32.0.0/12", "189.0.0.0/12"], None, 0.0)],
    "IN": [("in-isp-1", ["117.192.0.0/11", "49.32.0.0/12"], None, 0.0)],
}
# mobile carriers (CGNAT pools for IPv4): cc -> [(name, [v4 nets], v6 /32 or None, v6 share, weight)]
CARRIERS = {
    "DE": [("de-mob-1", ["80.187.64.0/18", "80.187.128.0/17"], "2a01:598::/32", 0.55, 40),
           ("de-mob-2", ["109.40.0.0/16", "109.42.0.0/16"], "2a02:3036::/32", 0.35, 35),
           ("de-mob-3", ["176.0.0.0/16", "176.3.0.0/16"], None, 0.0, 25)],
    "AT": [("at-mob-1", ["213.162.64.0/18", "77.116.0.0/16"], "2a02:6b8e::/32", 0.3, 1)],
    "CH": [("ch-mob-1", ["178.197.192.0/18"], "2a02:aa1f::/32", 0.4, 1)],
    "PL": [("pl-mob-1", ["37.47.0.0/16"], None, 0.0, 1)],
    "FR": [("fr-mob-1", ["92.184.96.0/19"], "2a01:cb1c::/32", 0.5, 1)],
    "NL": [("nl-mob-1", ["31.20.0.0/16"], None, 0.0, 1)],
    "IT": [("it-mob-1", ["151.38.0.0/16"], None, 0.0, 1)],
    "ES": [("es-mob-1", ["176.83.0.0/16"], None, 0.0, 1)],
    "GB": [("gb-mob-1", ["92.40.0.0/16"], "2a01:4c8::/32", 0.4, 1)],
    "TR": [("tr-mob-1", ["31.141.0.0/16"], None, 0.0, 1)],
    "US": [("us-mob-1", ["172.56.0.0/16", "172.58.0.0/16"], "2607:fb90::/32", 0.8, 1)],
    "BR": [("br-mob-1", ["191.40.0.0/16"], None, 0.0, 1)],
    "IN": [("in-mob-1", ["157.32.0.0/16", "106.200.0.0/16"], "2409:4040::/32", 0.7, 1)],
}
# travel destinations: hotel / foreign mobile ranges
TRAVEL = {"ES": ["213.97.0.0/16", "80.58.0.0/16"], "IT": ["151.0.0.0/16", "2.224.0.0/16"],
          "US": ["66.249.0.0/17", "204.14.0.0/16"], "TH": ["171.96.0.0/13"],
          "PT": ["89.152.0.0/14"], "GR": ["94.66.0.0/15"], "EG": ["41.232.0.0/15"],
          "GB": ["51.140.0.0/16", "86.160.0.0/13"], "FR": ["90.80.0.0/13"]}
HOSTING4 = ["45.142.212.0/22", "185.220.100.0/22", "5.188.62.0/23", "193.142.146.0/24",
            "91.241.19.0/24", "194.26.29.0/24", "141.98.10.0/24", "80.94.95.0/24",
            "45.155.205.0/24", "103.152.220.0/22", "167.99.0.0/16", "159.203.0.0/16",
            "64.227.0.0/16", "178.128.0.0/16", "195.201.0.0/16", "23.94.0.0/15"]
HOSTING6 = ["2a03:b0c0::/32", "2a01:4f8::/32", "2604:a880::/32", "2a0e:97c0::/32"]
CLOUD4 = ["34.88.0.0/14", "35.204.0.0/14", "52.28.0.0/15", "3.64.0.0/13"]
PROVIDER_PROBE = "193.7.120.0/25"
CORP_RANGES = ["194.8.0.0/14", "212.80.0.0/13", "62.153.0.0/16", "213.61.0.0/16",
               "195.243.0.0/16", "217.110.0.0/16"]
UNI_RANGES = ["141.20.0.0/16", "129.187.0.0/16", "134.2.0.0/16", "130.83.0.0/16"]
WIFI_RANGES = ["185.31.24.0/22", "46.114.0.0/15", "62.214.0.0/16", "213.30.0.0/16"]
BOT_RANGES = {"BR": ["177.0.0.0/10", "187.0.0.0/10", "200.128.0.0/10"],
              "IN": ["59.88.0.0/13", "106.192.0.0/11"], "VN": ["113.160.0.0/11", "14.160.0.0/11"],
              "ID": ["36.64.0.0/11", "114.120.0.0/13"], "RU": ["95.24.0.0/13", "178.64.0.0/12"],
              "CN": ["112.0.0.0/10", "58.16.0.0/12"], "US": ["72.0.0.0/12", "76.96.0.0/11"],
              "EG": ["41.32.0.0/12", "156.192.0.0/11"], "PK": ["39.32.0.0/11"],
              "TH": ["171.96.0.0/12", "1.0.128.0/17"], "MX": ["187.128.0.0/11", "189.128.0.0/11"],
              "AR": ["181.0.0.0/11", "190.0.0.0/12"], "UA": ["93.72.0.0/13", "178.150.0.0/15"],
              "CO": ["181.48.0.0/13", "186.80.0.0/12"], "IR": ["5.112.0.0/12"],
              "TR": ["78.160.0.0/12"], "NG": ["102.88.0.0/14"]}
BOT_WEIGHTS = {"BR": 14, "IN": 13, "VN": 10, "ID": 8, "RU": 6, "CN": 7, "US": 9, "EG": 5, "PK": 4,
               "TH": 4, "MX": 5, "AR": 3, "UA": 4, "CO": 3, "IR": 3, "TR": 4, "NG": 3}

UA_DESKTOP = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.2365.92",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Safari/605.1.15",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36",
]
UA_DESKTOP_W = [24, 8, 14, 9, 3, 9, 6, 2, 2, 3]
UA_MOBILE_IOS = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 16_7_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (iPad; CPU OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
]
UA_MOBILE_AND = [
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.105 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.90 Mobile Safari/537.36",
]
APP_VERSIONS = ["7.14.2", "7.14.2", "7.14.1", "7.13.0", "7.9.3"]
IMAP_PHONE_IOS = ["iPhone Mail (21D61)", "iPhone Mail (21D61)", "iPhone Mail (20H240)", "iPad Mail (21D61)",
                  "Outlook-iOS/4.2407.0"]
IMAP_PHONE_AND = ["Samsung Email/6.1.91.5", "Android-Mail/2024.02.18 (Gmail)", "K-9 Mail/6.802",
                  "FairEmail/1.2157", "Outlook-Android/4.2406.0", None]
IMAP_DESKTOP = ["Thunderbird/115.8.1", "Thunderbird/115.7.0", "Microsoft Outlook 16.0.17328.20162",
                "Microsoft Outlook 16.0.5431.1000", "Apple Mail/3774.400.31", "eM Client/9.2.2093.0",
                "Evolution 3.50.3", None]
IMAP_DESKTOP_W = [20, 8, 25, 10, 14, 4, 2, 6]
IMAP_OLD = ["iPad Mail (17H35)", "Microsoft Outlook 14.0.7268.5000", "Thunderbird/78.14.0",
            "Samsung Email/4.2.32.2", None]
ATTACK_WEB_UA = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.110 Safari/537.36",
    "python-requests/2.31.0", "Go-http-client/1.1", "okhttp/4.9.3",
    "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/58.0.3029.110 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36"]
ATTACK_IMAP_UA = [None, None, None, "Thunderbird/102.0", "Microsoft Outlook 16.0.4266.1001"]

FIRST = ["anna", "lena", "lisa", "laura", "julia", "sarah", "lea", "marie", "sophie", "hannah",
         "katharina", "johanna", "sabine", "petra", "monika", "claudia", "andrea", "susanne",
         "birgit", "karin", "ursula", "renate", "heike", "nicole", "stefanie", "jessica",
         "melanie", "christina", "sandra", "michael", "thomas", "andreas", "stefan", "christian",
         "markus", "daniel", "alexander", "martin", "peter", "frank", "klaus", "wolfgang",
         "jürgen", "uwe", "jan", "tobias", "florian", "sebastian", "lukas", "felix", "jonas",
         "leon", "paul", "maximilian", "tim", "niklas", "david", "philipp", "moritz", "mehmet",
         "ahmet", "fatma", "ayşe", "emre", "piotr", "marek", "agnieszka", "pierre", "julien",
         "camille", "chloé", "marco", "giulia", "luca", "sofia", "carlos", "lucía", "joão",
         "james", "emma", "oliver", "olivia", "jack", "noah", "raj", "priya", "arjun", "zoë",
         "rené", "björn", "sören", "jörg", "günter", "gisela", "helga", "dieter", "horst",
         "manfred", "ingrid", "erika", "bernd", "ralf", "sven", "dirk", "katrin", "silke"]
LAST = ["müller", "schmidt", "schneider", "fischer", "weber", "meyer", "wagner", "becker",
        "schulz", "hoffmann", "schäfer", "koch", "bauer", "richter", "klein", "wolf", "schröder",
        "neumann", "schwarz", "zimmermann", "braun", "krüger", "hofmann", "hartmann", "lange",
        "schmitt", "werner", "schmitz", "krause", "meier", "lehmann", "schmid", "schulze",
        "maier", "köhler", "herrmann", "könig", "walter", "mayer", "huber", "kaiser", "fuchs",
        "peters", "lang", "scholz", "möller", "weiß", "jung", "hahn", "vogel", "yılmaz", "kaya",
        "demir", "öztürk", "kowalski", "nowak", "wiśniewski", "martin", "bernard", "dubois",
        "rossi", "russo", "garcía", "fernández", "silva", "santos", "smith", "jones", "taylor",
        "brown", "patel", "sharma", "jansen", "devries", "gruber", "steiner", "moser", "keller",
        "frei", "brunner", "baumann", "graf", "friedrich", "roth", "beck", "lorenz", "ludwig"]
WORDS = ["sonne", "mond", "stern", "blume", "katze", "hund", "maus", "schatz", "liebe", "herz",
         "engel", "tiger", "adler", "baum", "wald", "meer", "strand", "insel", "berge", "winter",
         "sommer", "fruehling", "herbst", "kaffee", "schokolade", "pizza", "fussball", "bayern",
         "dortmund", "schalke", "borussia", "werder", "eintracht", "hamburg", "berlin", "muenchen",
         "koeln", "wien", "zuerich", "paris", "london", "urlaub", "familie", "mama", "papa",
         "oma", "opa", "kinder", "garten", "auto", "golf", "passat", "porsche", "musik",
         "gitarre", "dragon", "monkey", "shadow", "master", "killer", "hunter", "ranger",
         "soccer", "hockey", "pokemon", "naruto", "minecraft", "starwars", "matrix", "summer",
         "sunshine", "princess", "flower", "cookie", "butterfly", "purple", "orange", "banana",
         "pepper", "angel", "freedom", "charlie", "snoopy", "teddy", "bello", "rocky", "luna",
         "bella", "max", "emma", "sammy", "lucky", "nemo", "simba", "falke", "delfin", "pferd"]
PETS = ["bello", "luna", "rocky", "balu", "nala", "simba", "kira", "lucky", "sammy", "emma",
        "mia", "charly", "benji", "felix", "minka", "mausi", "filou", "paula", "leo", "struppi"]
PHRASE = ["blue", "river", "apple", "horse", "green", "table", "window", "garden", "coffee",
          "paper", "stone", "bridge", "silver", "rain", "cloud", "lamp", "orange", "guitar",
          "haus", "boot", "fluss", "wolke", "tisch", "vogel", "kerze", "brot", "schnee"]
NONASCII_PW = ["Grüße", "Köln", "Mädchen", "Schnüffel", "Bärchen", "Glück", "Straße", "Müsli",
               "Frühling", "mañana", "café", "Zoë", "Łódź", "çiçek", "Öl", "Äpfel", "Süß"]
SEASONAL = ["Spring2026!", "Fruehling2026!", "Maerz2026!", "Winter2025!", "Winter2026!",
            "Sommer2025!", "Herbst2025!", "Spring2026", "Maerz2026", "Welcome2026!",
            "Passwort2026!", "Hallo2026!"]

HAND_TOP = [
    "123456", "password", "123456789", "12345678", "12345", "qwerty", "111111", "1234567",
    "123123", "abc123", "password1", "1234", "iloveyou", "1q2w3e4r", "000000", "qwerty123",
    "hallo123", "passwort", "zaq12wsx", "dragon", "sunshine", "princess", "letmein", "654321",
    "monkey", "1qaz2wsx", "123321", "qwertyuiop", "superman", "asdfghjkl", "schatz", "hallo",
    "qwertz", "1234567890", "987654321", "passw0rd", "Password1", "Password123", "admin",
    "admin123", "lol123", "killer", "master", "welcome", "football", "baseball", "shadow",
    "michael", "jennifer", "trustno1", "starwars", "whatever", "freedom", "hello", "charlie",
    "aa123456", "123qwe", "azerty", "bonjour", "soleil", "doudou", "loulou", "123456a",
    "a123456", "root", "test", "test123", "guest", "changeme", "secret", "p@ssw0rd",
    "Passwort1", "Qwertz123", "asdf1234", "112233", "121212", "7777777", "666666", "555555",
    "159753", "147258369", "123654", "michelle", "jessica", "daniel", "thomas", "andrea",
    "stefan", "sabine", "fussball", "bayern", "schalke04", "borussia", "werder", "hamburg",
    "berlin", "mustang", "liverpool", "chelsea", "arsenal", "pokemon", "naruto", "minecraft",
    "samsung", "iphone", "google", "facebook", "computer", "internet", "blink182", "matrix",
    "harley", "ginger", "hunter", "hunter2", "buster", "soccer", "hockey", "ranger", "jordan",
    "jordan23", "tigger", "batman", "andrew", "joshua", "maggie", "ashley", "nicole", "summer",
    "winter", "flower", "cookie", "chocolate", "butterfly", "purple", "orange", "banana",
    "pepper", "lovely", "angel", "qazwsx", "zxcvbnm", "asdfgh", "1qazxsw2", "q1w2e3r4",
    "Qwerty123!", "Welcome1", "Welcome1!", "Passwort1!", "Qwertz123!", "Hallo123",
    "Sommer2025!", "Winter2025!", "Sommer2024", "Winter2024!", "schatzi", "mausi", "ficken",
]


# --------------------------------------------------------------------------------------------
# Fingerprints (SPEC section 2)
# --------------------------------------------------------------------------------------------

def norm(user):
    return user.strip().lower()


SAFE_EXTRA = set("äöüßéèêëáàâãåçñóòôõøúùûíìîïýÿłśźżćńąęőűğşıœæ")


def rust_safe(s):
    """True when Python's strip().lower() agrees with Rust's trim().to_lowercase() for s.

    Conservative: ASCII printable, ASCII space and a set of Latin letters whose lowercase
    mapping is one-to-one.  'İ' (dotted capital I) and Greek sigma never occur."""
    for ch in s:
        o = ord(ch)
        if 0x20 <= o < 0x7f:
            continue
        if ch in SAFE_EXTRA or ch.lower() in SAFE_EXTRA and ch.lower() != ch and len(ch.lower()) == 1:
            continue
        return False
    return True


class Fingerprinter:
    def __init__(self, key):
        self.key = key.encode("utf-8")
        self.cc = {}
        self.pc = {}

    def cred(self, user, password):
        k = (norm(user), password)
        v = self.cc.get(k)
        if v is None:
            msg = b"c1\x00" + k[0].encode("utf-8") + b"\x00" + password.encode("utf-8")
            v = hmac.new(self.key, msg, hashlib.sha256).hexdigest()[:16]
            self.cc[k] = v
        return v

    def pw(self, password):
        v = self.pc.get(password)
        if v is None:
            sha = hashlib.sha1(password.encode("utf-8")).hexdigest().upper()
            v = hmac.new(self.key, b"p1\x00" + sha.encode("ascii"), hashlib.sha256).hexdigest()[:16]
            self.pc[password] = v
        return v


TEST_VECTORS = [
    ("credsieve-demo-key", "alice@example.com", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    ("credsieve-demo-key", "  Alice@Example.COM ", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    ("credsieve-demo-key", "bob", "correct horse battery staple", "b3c4edfb71b95783", "379b91546fb38da0"),
    ("credsieve-demo-key", "Ünïcode@例え.jp", "pässwörd:with:colons", "b00485ee34fad31d", "acadac23153ab923"),
    ("s3cr3t-pepper", "alice@example.com", "hunter2", "57cab7f6c60a4041", "a82468d22c5531ab"),
    ("s3cr3t-pepper", "bob", "correct horse battery staple", "f4be313772448b6f", "6e7632ab9a186ca4"),
]


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------

def wchoice(rng, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


class V4Pool:
    def __init__(self, nets):
        self.nets = []
        for n in nets:
            net = ipaddress.IPv4Network(n)
            self.nets.append((int(net.network_address), net.num_addresses))
        self.w = [s for _, s in self.nets]

    def draw(self, rng):
        base, size = rng.choices(self.nets, weights=self.w, k=1)[0]
        while True:
            x = base + rng.randrange(size)
            if 0 < (x & 0xFF) < 255:
                return str(ipaddress.IPv4Address(x))


def v6_prefix64(rng, p32):
    net = ipaddress.IPv6Network(p32)
    base = int(net.network_address)
    return base | (rng.getrandbits(128 - net.prefixlen - 64) << 64)


def v6_addr(prefix64, iid):
    return ipaddress.IPv6Address(prefix64 | iid).compressed


def rand_iid(rng):
    # privacy (RFC 8981) style: random, universal/local bit cleared
    return rng.getrandbits(64) & ~(1 << 57)


def local_to_utc(t_local, tz):
    return int(t_local - tz * HOUR) % DAY_MS


PERSONAL_CURVE = [1.0, 0.6, 0.35, 0.25, 0.25, 0.5, 1.5, 3.2, 4.3, 4.5, 4.4, 4.2, 4.3, 4.1, 4.0,
                  4.0, 4.1, 4.4, 4.9, 5.3, 5.4, 4.8, 3.6, 2.1]
HOURS = list(range(24))


def sample_local(rng, curve=PERSONAL_CURVE):
    h = rng.choices(HOURS, weights=curve, k=1)[0]
    return h * HOUR + rng.randrange(HOUR)


def local_hour(t_utc, tz):
    return ((t_utc + tz * HOUR) % DAY_MS) / HOUR


# --------------------------------------------------------------------------------------------
# Common-password list (frequency ordered, generated from patterns)
# --------------------------------------------------------------------------------------------

def make_common_passwords(n=4000):
    out = []
    seen = set()
    for p in HAND_TOP:
        if p not in seen:
            seen.add(p)
            out.append(p)
    cand = {}

    def add(s, score):
        if s in seen or not s:
            return
        if cand.get(s, -1.0) < score:
            cand[s] = score

    suffixes = [("", 1.0), ("1", 0.8), ("123", 0.7), ("12", 0.4), ("1234", 0.3), ("!", 0.3),
                ("1!", 0.25), ("123!", 0.15), ("2025", 0.25), ("2024", 0.2), ("2023", 0.18),
                ("2026", 0.12), ("01", 0.15), ("11", 0.1), ("99", 0.1), ("88", 0.08),
                ("69", 0.08), ("007", 0.05), ("22", 0.07), ("13", 0.07)]
    for i, w in enumerate(WORDS):
        ww = 1.0 / (i + 8)
        for suf, sw in suffixes:
            add(w + suf, ww * sw)
            add(w.capitalize() + suf, ww * sw * 0.35)
    for i, f in enumerate(FIRST):
        f2 = translit(f)
        fw = 0.6 / (i + 12)
        for suf, sw in suffixes[:10]:
            add(f2 + suf, fw * sw)
            add(f2.capitalize() + suf, fw * sw * 0.3)
        for y in range(1955, 2013):
            yw = math.exp(-((y - 1984) / 14.0) ** 2)
            add(f"{f2}{y}", fw * 0.25 * yw)
            add(f"{f2}{y % 100:02d}", fw * 0.15 * yw)
    for i, p in enumerate(PETS):
        add(p + "1", 0.02 / (i + 3))
        add(p + "123", 0.015 / (i + 3))
    walks = ["qwer1234", "asdf", "yxcvbnm", "1qay2wsx", "qayxsw", "1q2w3e", "1q2w3e4r5t",
             "zaq1xsw2", "qwe123", "abcd1234", "a1b2c3", "112358", "102030", "147258",
             "741852963", "ich", "schatz1", "hallo1", "hallo12", "passwort1", "passwort123"]
    for i, w in enumerate(walks):
        add(w, 0.04 / (i + 2))
    for d in range(1, 32):
        for m in range(1, 13):
            for y in (1970, 1975, 1980, 1985, 1988, 1990, 1995, 2000):
                add(f"{d:02d}{m:02d}{y}", 0.0009 * math.exp(-((y - 1986) / 12.0) ** 2))
    for k in range(4, 11):
        for dgt in "0123456789":
            add(dgt * k, 0.01 / k)
    ranked = sorted(cand.items(), key=lambda kv: (-kv[1], kv[0]))
    for s, _ in ranked:
        if len(out) >= n:
            break
        out.append(s)
        seen.add(s)
    return out


TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e",
                          "ç": "c", "ñ": "n", "ã": "a", "ı": "i", "ş": "s", "ğ": "g",
                          "ś": "s", "ł": "l", "í": "i", "á": "a", "ë": "e", "ó": "o"})


def translit(s):
    return s.translate(TRANSLIT)


# --------------------------------------------------------------------------------------------
# Profiles
# --------------------------------------------------------------------------------------------

BASE = dict(
    web_active=0.34, app_user=0.42, app_signin=0.45, phone_mail=0.085, desktop=0.07,
    oauth_desktop=0.25, oauth_phone=0.15, stale_pre=0.012, proactive=0.004, forgot=0.05,
    old_first=0.05, typo=0.05, caps=0.015, user_typo=0.01, timeout=0.0025,
    fetcher=0.015, fetcher_stale=0.12, backup=0.008, migration=80, family=0.02, travel=0.02,
    corp=0.15, uni=0.08, pool_users=70, wifi=0.03, shared_pc=0.012,
    leaked_current=0.025, leaked_old=0.35, other_site=0.12, nonexist_per_acct=2.0,
    other_domain_per_acct=2.0,
    # attacks
    conc=[dict(proto="imap", frac=0.25, ips=3, pool="hosting"),
          dict(proto="web", frac=0.08, ips=1, pool="cloud")],
    dist=[dict(frac=0.20, other=0.10, protos=(("web", 6), ("imap", 3), ("smtp", 1)),
               hours=(6, 16), resi=0.45)],
    v6=[dict(frac=0.07, proto="imap")],
    spray=[dict(npw=3, frac=0.25, ips=30)],
    brute=dict(targets=3, lo=150, hi=450),
    phish=0.003,
    follow=dict(sync=0.5, ret=0.4, change=0.25),
)
PROFILE_OVERRIDES = {
    "mixed": {},
    "clients": dict(phone_mail=0.12, desktop=0.095, stale_pre=0.032, proactive=0.01,
                    fetcher=0.035, fetcher_stale=0.2, backup=0.02, migration=300, corp=0.2,
                    uni=0.12, pool_users=120, family=0.04,
                    conc=[dict(proto="imap", frac=0.15, ips=2, pool="cloud")],
                    dist=[dict(frac=0.05, other=0.0, protos=(("web", 1),), hours=(8, 14),
                               resi=0.7)],
                    v6=[], spray=[dict(npw=2, frac=0.15, ips=20)],
                    brute=dict(targets=1, lo=100, hi=300), phish=0.002),
    "botnet": dict(conc=[dict(proto="imap", frac=0.15, ips=2, pool="hosting")],
                   dist=[dict(frac=0.70, other=0.40, protos=(("web", 5), ("imap", 4), ("smtp", 2)),
                              hours=(10, 22), resi=0.35),
                         dict(frac=0.45, other=0.15, protos=(("imap", 3), ("smtp", 2), ("pop3", 1)),
                              hours=(4, 12), resi=0.75)],
                   v6=[dict(frac=0.10, proto="web"), dict(frac=0.06, proto="imap")],
                   spray=[dict(npw=4, frac=0.35, ips=60)], phish=0.005,
                   follow=dict(sync=0.6, ret=0.6, change=0.35)),
    "quiet": dict(conc=[], dist=[dict(frac=0.02, other=0.0, protos=(("web", 1),), hours=(3, 6),
                                      resi=0.6)],
                  v6=[], spray=[dict(npw=1, frac=0.08, ips=8)],
                  brute=dict(targets=1, lo=80, hi=200), phish=0.0015, migration=40),
}


def profile_params(name):
    p = dict(BASE)
    p.update(PROFILE_OVERRIDES[name])
    return p


# --------------------------------------------------------------------------------------------
# World
# --------------------------------------------------------------------------------------------

class Timeline:
    """Password history of one account during the day."""

    def __init__(self, pw0):
        self.pw0 = pw0
        self.ch = []          # sorted (t, n, pw, by)

    def add(self, t, pw, by):
        bisect.insort(self.ch, (t, len(self.ch), pw, by))

    def pw_at(self, t):
        p = self.pw0
        for tt, _, pw, _ in self.ch:
            if tt > t:
                break
            p = pw
        return p

    def owner_pw_at(self, t):
        p = self.pw0
        for tt, _, pw, by in self.ch:
            if tt > t:
                break
            if by != "attacker":
                p = pw
        return p

    def all_pws(self):
        return [self.pw0] + [c[2] for c in self.ch]


class Client:
    """A stored credential that logs in by itself: mail app, desktop client, service."""

    def __init__(self, kind, pw, ua=None, oauth=False):
        self.kind = kind
        self.cfg = [(-1, pw)]
        self.ua = ua
        self.oauth = oauth
        self.fix_never = False

    def pw_at(self, t):
        p = None
        for tt, pw in self.cfg:
            if tt > t:
                break
            p = pw
        return p

    def update(self, t, pw):
        bisect.insort(self.cfg, (t, pw))


class Acct:
    pass


class World:
    def __init__(self, seed, n, profile):
        self.seed = seed
        self.n = n
        self.profile = profile
        self.P = profile_params(profile)
        self.common = make_common_passwords()
        self.common_w = [1.0 / (r + 6) for r in range(2000)]
        self.events = []        # [t, proto, typed, ip, cc, ok, pw, ua, actor, campaign, method, seq]
        self.seq = 0
        self.traits = {}        # norm user -> set
        self.accounts = []
        self.bynorm = {}

    def rng(self, name):
        return random.Random(f"gen14|{self.seed}|{self.profile}|{self.n}|{name}")

    def trait(self, user, t):
        self.traits.setdefault(norm(user), set()).add(t)

    # -- events ---------------------------------------------------------------------------
    def emit(self, t, proto, typed, ip, cc, ok, pw, ua, actor, campaign, method=None):
        if not (0 <= t < DAY_MS):
            return None
        ev = [t, proto, typed, ip, cc, ok, pw, ua, actor, campaign, method, self.seq]
        self.seq += 1
        self.events.append(ev)
        return ev

    def honest_ok(self, typed, pw, t):
        a = self.bynorm.get(norm(typed))
        return a is not None and pw is not None and pw == a.tl.pw_at(t)


# ---- passwords ------------------------------------------------------------------------------

def common_pw(w, rng, top=2000):
    return rng.choices(w.common[:top], weights=w.common_w[:top], k=1)[0]


def personal_pw(rng, first, last, birth):
    r = rng.random()
    cap = (lambda s: s.capitalize()) if rng.random() < 0.6 else (lambda s: s)
    if r < 0.28:
        base = rng.choice([translit(first), translit(last), rng.choice(PETS), rng.choice(WORDS)])
        suf = rng.choice([str(birth), f"{birth % 100:02d}", str(rng.randint(1, 999)),
                          f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{birth % 100:02d}"])
        return cap(base) + suf + rng.choice(["", "", "!", ".", "#", "?"])
    if r < 0.48:
        return cap(rng.choice(WORDS)) + cap(rng.choice(WORDS)) + str(rng.randint(0, 99)) + \
            rng.choice(["", "!", "$"])
    if r < 0.63:
        alpha = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#%&*+-=?@_"
        return "".join(rng.choice(alpha) for _ in range(rng.randint(14, 20)))
    if r < 0.72:
        sep = rng.choice([" ", " ", "-", "."])
        return sep.join(rng.choice(PHRASE) for _ in range(rng.randint(3, 4)))
    if r < 0.82:
        w = rng.choice(WORDS)
        leet = w.replace("a", "4").replace("e", "3").replace("o", "0").replace("i", "1")
        return leet.capitalize() + rng.choice(["!", "#", "$", "1"]) + str(rng.randint(1, 99))
    if r < 0.89:
        return rng.choice(NONASCII_PW) + str(rng.randint(1, 2025)) + rng.choice(["", "!"])
    if r < 0.92:
        return cap(rng.choice(WORDS)) + ":" + cap(rng.choice(PHRASE)) + str(rng.randint(1, 99))
    return "Ich" + cap(rng.choice(["liebe", "mag", "hasse"])) + cap(rng.choice(WORDS)) + \
        str(rng.randint(1990, 2025))


def fresh_pw(rng):
    """A new password chosen at a reset: strong, never in any leak or common list."""
    alpha = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(rng.choice(alpha) for _ in range(12)) + rng.choice("!#%&*?") + \
        str(rng.randint(10, 99))


def typo_of(rng, pw):
    for _ in range(8):
        t = _typo_once(rng, pw)
        if t != pw:
            return t
    return pw + "x"


def _typo_once(rng, pw):
    if len(pw) < 2:
        return pw + "1"
    i = rng.randrange(len(pw))
    r = rng.random()
    if r < 0.4:
        return pw[:i] + pw[i + 1:]
    if r < 0.7 and i + 1 < len(pw):
        return pw[:i] + pw[i + 1] + pw[i] + pw[i + 2:]
    if r < 0.85:
        return pw + rng.choice("1!.")
    c = rng.choice("qwertzuiopasdfghjklyxcvbnm")
    out = pw[:i] + c + pw[i + 1:]
    return out if out != pw else pw + "x"


def swapcase_safe(pw):
    s = pw.swapcase()
    return s if s != pw and len(s) == len(pw) else pw + "1"


# ---- user names -----------------------------------------------------------------------------

def make_username(rng, first, last, birth, used):
    keep = rng.random() < 0.02       # SMTPUTF8 address with non-ASCII local part
    f = first if keep else translit(first)
    l = last if keep else translit(last)
    for _ in range(50):
        r = rng.random()
        if r < 0.35:
            loc = f"{f}.{l}"
        elif r < 0.5:
            loc = f"{f}{l}"
        elif r < 0.62:
            loc = f"{f[0]}.{l}"
        elif r < 0.75:
            loc = f"{f}.{l}{rng.choice([birth % 100, birth, rng.randint(1, 99)])}"
        elif r < 0.85:
            loc = f"{f}{rng.choice([birth, birth % 100, rng.randint(1, 999)])}"
        elif r < 0.92:
            loc = f"{f}_{l}"
        else:
            loc = f"{rng.choice(WORDS)}{rng.choice(['', '.', '_'])}{f}{rng.randint(1, 99)}"
        loc = loc.replace(" ", "")
        dom = DOMAIN if rng.random() < 0.85 else DOMAIN_LEGACY
        u = f"{loc}@{dom}"
        if u not in used and rust_safe(u) and ":" not in u:
            used.add(u)
            return u
        if _ > 20:
            loc = f"{f}.{l}{rng.randint(100, 9999)}"
    raise RuntimeError("cannot make user name")


def typed_variant(rng, user, phone=False):
    """How a human types the account name into a login form."""
    r = rng.random()
    v = user
    if phone and r < 0.18:
        v = user[0].upper() + user[1:]
    elif r < 0.03:
        v = user.split("@")[0].title() + "@" + user.split("@")[1]
    if rng.random() < (0.04 if phone else 0.01):
        v = v + " "
    if rng.random() < 0.005:
        v = " " + v
    if norm(v) != user or not rust_safe(v):
        return user
    return v


def caps_variant(user):
    v = user.upper()
    return v if norm(v) == user and rust_safe(v) else user


def user_typo(rng, user):
    loc, dom = user.split("@", 1)
    r = rng.random()
    if r < 0.35 and len(loc) > 3:
        i = rng.randrange(len(loc))
        loc = loc[:i] + loc[i + 1:]
    elif r < 0.6:
        dom = rng.choice(["quilmail.net", "quillmail.com", "quillmail.ne", "qillmail.net",
                          DOMAIN_LEGACY if dom == DOMAIN else DOMAIN])
    elif r < 0.8:
        loc = loc + rng.choice(["1", ".", "s"])
    else:
        loc = loc.replace(".", "", 1) if "." in loc else loc + "x"
    return f"{loc}@{dom}"


# ---- network ---------------------------------------------------------------------------------

class Net:
    def __init__(self, w):
        rng = w.rng("net")
        n = w.n
        P = w.P
        self.isp = {}
        for cc, lst in HOME_ISPS.items():
            self.isp[cc] = [dict(name=nm, pool=V4Pool(v4), v6=v6, v6share=sh) for nm, v4, v6, sh in lst]
        self.carrier = {}
        for cc, lst in CARRIERS.items():
            self.carrier[cc] = [dict(name=nm, nets=V4Pool(v4), v6=v6, v6share=sh, w=wt, pool=[],
                                     users=0, cc=cc) for nm, v4, v6, sh, wt in lst]
        self.travel = {cc: V4Pool(v) for cc, v in TRAVEL.items()}
        self.hotels = {cc: [self.travel[cc].draw(rng) for _ in range(max(3, n // 600))]
                       for cc in TRAVEL}
        self.hosting = V4Pool(HOSTING4)
        self.cloud = V4Pool(CLOUD4)
        self.bots = {cc: V4Pool(v) for cc, v in BOT_RANGES.items()}
        wifi = V4Pool(WIFI_RANGES)
        self.wifi = [wifi.draw(rng) for _ in range(max(20, n // 120))]
        self.shared_pc = [wifi.draw(rng) for _ in range(max(6, n // 500))]   # libraries, cafés
        ncorp = max(3, n // 700)
        cp = V4Pool(CORP_RANGES)
        self.corp = []
        for i in range(ncorp):
            base = cp.draw(rng).rsplit(".", 1)[0]
            ips = [f"{base}.{rng.randint(2, 250)}" for _ in range(1 if i == 0 else rng.choice([1, 1, 2, 3]))]
            self.corp.append(dict(name=f"corp-{i}", ips=sorted(set(ips)), cc="DE"))
        nuni = max(1, n // 4000)
        up = V4Pool(UNI_RANGES)
        self.uni = []
        for i in range(nuni):
            base = up.draw(rng).rsplit(".", 2)[0]
            ips = [f"{base}.{rng.randint(0, 3)}.{rng.randint(2, 250)}" for _ in range(rng.choice([1, 2, 2]))]
            self.uni.append(dict(name=f"uni-{i}", ips=sorted(set(ips)), cc="DE"))
        self.honest_ips = []    # household addresses, for residential proxies that reuse them

    def finish_carriers(self, rng, pool_users):
        for cc in sorted(self.carrier):
            for c in self.carrier[cc]:
                k = max(4, math.ceil(c["users"] / pool_users)) if c["users"] else 2
                seen = []
                while len(seen) < k:
                    ip = c["nets"].draw(rng)
                    if ip not in seen:
                        seen.append(ip)
                c["pool"] = seen

    def mobile_ip(self, rng, carrier, v6):
        if v6 and carrier["v6"]:
            return v6_addr(v6_prefix64(rng, carrier["v6"]), rand_iid(rng))
        return rng.choice(carrier["pool"])

    def bot_ip(self, rng):
        cc = rng.choices(list(BOT_WEIGHTS), weights=list(BOT_WEIGHTS.values()), k=1)[0]
        return self.bots[cc].draw(rng), cc


def pick_carrier(net, rng, cc):
    lst = net.carrier[cc]
    return rng.choices(lst, weights=[c["w"] for c in lst], k=1)[0]


# ---- building the population ------------------------------------------------------------------

def build_accounts(w):
    rng = w.rng("accounts")
    P = w.P
    net = w.net
    used = set()
    ccs = [c for c, _, _ in COUNTRIES]
    cws = [x for _, x, _ in COUNTRIES]
    households = []
    i = 0
    while i < w.n:
        size = min(w.n - i, wchoice(rng, [1, 2, 3, 4], [55, 25, 12, 8]))
        cc = wchoice(rng, ccs, cws)
        isp = rng.choice(net.isp[cc])
        h = dict(cc=cc, isp=isp, v6=None, ip4=[], switch=None)
        if isp["v6"] and rng.random() < isp["v6share"]:
            h["v6"] = v6_prefix64(rng, isp["v6"])
            if rng.random() < 0.25:      # ISP renumbers the delegated prefix at night
                h["v6b"] = v6_prefix64(rng, isp["v6"])
                h["switch"] = rng.randint(1, 5) * HOUR + rng.randrange(HOUR)
        else:
            h["ip4"] = [isp["pool"].draw(rng)]
            if rng.random() < 0.22:      # forced reconnect / router reboot
                h["ip4"].append(isp["pool"].draw(rng))
                h["switch"] = rng.randrange(DAY_MS)
            net.honest_ips.extend(h["ip4"])
        households.append(h)
        for _ in range(size):
            a = Acct()
            a.i = i
            a.hh = h
            a.cc = cc
            a.tz = TZ[cc]
            a.age = wchoice(rng, ["young", "mid", "old"], [30, 45, 25])
            a.first = rng.choice(FIRST)
            a.last = rng.choice(LAST) if (size == 1 or rng.random() < 0.2 or i == 0
                                          or w.accounts[-1].hh is not h) else w.accounts[-1].last
            a.birth = {"young": rng.randint(1994, 2008), "mid": rng.randint(1964, 1993),
                       "old": rng.randint(1938, 1963)}[a.age]
            a.user = make_username(rng, a.first, a.last, a.birth, used)
            a.traits = set()
            w.accounts.append(a)
            i += 1
    w.households = households
    for a in w.accounts:
        w.bynorm[a.user] = a

    for a in w.accounts:
        # passwords
        r = rng.random()
        if r < 0.07:
            a.pw0 = common_pw(w, rng)
            a.traits.add("common-pw")
        elif r < 0.082:
            a.pw0 = rng.choice(SEASONAL)
            a.traits.add("seasonal-pw")
        else:
            a.pw0 = personal_pw(rng, a.first, a.last, a.birth)
        nold = wchoice(rng, [0, 1, 2, 3], [30, 35, 22, 13])
        a.old = []
        for k in range(nold):
            p = common_pw(w, rng, 400) if rng.random() < 0.3 else personal_pw(rng, a.first, a.last, a.birth)
            if p != a.pw0 and p not in a.old:
                a.old.append(p)
        a.tl = Timeline(a.pw0)
        # network / devices
        mob_p = {"young": 0.92, "mid": 0.78, "old": 0.5}[a.age]
        a.carrier = pick_carrier(net, rng, a.cc) if rng.random() < mob_p else None
        a.mob6 = False
        if a.carrier:
            a.carrier["users"] += 1
            a.mob6 = rng.random() < a.carrier["v6share"]
        a.ios = rng.random() < 0.45
        a.ua_desk = wchoice(rng, UA_DESKTOP, UA_DESKTOP_W)
        a.ua_mob = rng.choice(UA_MOBILE_IOS if a.ios else UA_MOBILE_AND)
        a.app_ua = (f"QuillMail/{rng.choice(APP_VERSIONS)} (iPhone; iOS 17.3.1; Scale/3.00)" if a.ios
                    else f"QuillMail/{rng.choice(APP_VERSIONS)} (Linux; Android 14; SM-A546B)")
        a.work = None
        if a.age == "young" and rng.random() < P["uni"] / 0.3:
            a.work = ("uni", net.uni[rng.randrange(len(net.uni))])
            a.traits.add("uni-nat")
        elif a.age != "old" and rng.random() < P["corp"] / 0.75:
            # company sizes are skewed: the first employer is a large one behind one proxy
            a.work = ("corp", rng.choices(net.corp, weights=[1.0 / (k + 1) for k in range(len(net.corp))])[0])
            a.traits.add("corp-proxy")
        if a.carrier and not a.mob6:
            a.traits.add("cgnat")
        if a.hh["v6"] is not None:
            a.traits.add("home-ipv6")
        a.travel = None
        if rng.random() < P["travel"]:
            dest = rng.choice(sorted(k for k in TRAVEL if k != a.cc))
            a.travel = dict(cc=dest, hotel=rng.choice(net.hotels[dest]),
                            start=rng.randrange(DAY_MS) if rng.random() < 0.3 else 0,
                            local_sim=rng.random() < 0.25)
            a.traits.add("traveller")
        a.clients = []
        a.family = []
    net.finish_carriers(rng, P["pool_users"])


# ---- leaks -----------------------------------------------------------------------------------

def build_leaks(w):
    rng = w.rng("leaks")
    P = w.P
    lines = []            # (user as in dump, password)
    used = set(a.user for a in w.accounts)
    for a in w.accounts:
        a.leaked = []
        cur_p = P["leaked_current"] * (3 if "common-pw" in a.traits else 1)
        if rng.random() < cur_p:
            a.leaked.append(a.pw0)
            a.traits.add("leaked-current")
        for k, p in enumerate(a.old):
            if rng.random() < P["leaked_old"] + (0.1 if k == 0 else 0):
                a.leaked.append(p)
                a.traits.add("leaked-old")
        if rng.random() < P["other_site"]:
            p = personal_pw(rng, a.first, a.last, a.birth) if rng.random() < 0.7 else common_pw(w, rng)
            if p != a.pw0 and p not in a.old:
                a.leaked.append(p)
                a.traits.add("leaked-other-site")
        for p in a.leaked:
            u = a.user
            if rng.random() < 0.08:
                u = a.user[0].upper() + a.user[1:] if rng.random() < 0.6 else a.user.upper()
                if norm(u) != a.user or not rust_safe(u):
                    u = a.user
            lines.append((u, p))
    # addresses at our domains that do not exist (deleted, typos, scraped)
    n_non = int(w.n * P["nonexist_per_acct"])
    w.nonexist = []
    for _ in range(n_non):
        f, l = rng.choice(FIRST), rng.choice(LAST)
        u = make_username(rng, f, l, rng.randint(1950, 2008), used)
        w.nonexist.append(u)
        k = wchoice(rng, [1, 2, 3], [70, 22, 8])
        for _ in range(k):
            p = common_pw(w, rng) if rng.random() < 0.3 else personal_pw(rng, f, l, rng.randint(1950, 2008))
            lines.append((u, p))
    # other domains
    doms = [d for d, _ in [("gmail.com", 20), ("gmx.de", 14), ("web.de", 14), ("yahoo.com", 8),
                           ("hotmail.com", 8), ("outlook.com", 6), ("t-online.de", 8),
                           ("icloud.com", 4), ("orange.fr", 3), ("aol.com", 3), ("freenet.de", 3),
                           ("mail.ru", 2), ("yandex.ru", 2)]]
    dws = [20, 14, 14, 8, 8, 6, 8, 4, 3, 3, 3, 2, 2]
    n_oth = int(w.n * P["other_domain_per_acct"])
    for _ in range(n_oth):
        f, l = rng.choice(FIRST), rng.choice(LAST)
        loc = make_username(rng, f, l, rng.randint(1950, 2008), used).split("@")[0]
        u = f"{loc}@{wchoice(rng, doms, dws)}"
        if u in used or not rust_safe(u):
            continue
        used.add(u)
        p = common_pw(w, rng) if rng.random() < 0.3 else personal_pw(rng, f, l, rng.randint(1950, 2008))
        lines.append((u, p))
    # account sharing leaked pair with a look-alike (probe account config leaked on a paste site)
    rng.shuffle(lines)
    # duplicates, as circulating dumps merge
    dups = [lines[rng.randrange(len(lines))] for _ in range(len(lines) // 50)]
    for d in dups:
        lines.insert(rng.randrange(len(lines)), d)
    w.combo_pairs = lines
    w.combo_set = set((norm(u), p) for u, p in lines)
    w.combo_by_user = {}
    for u, p in lines:
        w.combo_by_user.setdefault(norm(u), []).append(p)


def write_combos(w, path):
    rng = w.rng("combos-file")
    out = []
    out.append("# combo collection 2025-11 / part 3 / mail-only / deduped?")
    for k, (u, p) in enumerate(w.combo_pairs):
        assert ":" not in u and u == u.strip() and rust_safe(u) and "\n" not in p and p
        out.append(f"{u}:{p}")
        if k % 9973 == 17:
            out.append("")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    return len(out)


# --------------------------------------------------------------------------------------------
# Honest planning: sessions, forgotten-password resets, stored-credential clients
# --------------------------------------------------------------------------------------------

def client_update_delay(rng, kind):
    r = rng.random()
    if kind == "phone":
        if r < 0.6:
            return rng.randint(1, 30) * MIN
        if r < 0.85:
            return rng.randint(60, 480) * MIN
        return None
    if kind == "desktop":
        if r < 0.5:
            return rng.randint(5, 60) * MIN
        if r < 0.8:
            return rng.randint(120, 720) * MIN
        return None
    if kind in ("fetcher", "backup"):
        if r < 0.3:
            return rng.randint(30, 600) * MIN
        return None
    if kind == "old-device":
        return None
    return rng.randint(5, 120) * MIN


def plan_honest(w):
    rng = w.rng("plan")
    P = w.P
    for a in w.accounts:
        a.sessions = []
        # family sharing one account
        if rng.random() < P["family"]:
            a.traits.add("family-shared")
            for k in range(rng.randint(1, 2)):
                same = rng.random() < 0.5
                hh = a.hh if same else rng.choice(w.households)
                mem = dict(hh=hh, ios=rng.random() < 0.5, carrier=a.carrier if same else
                           pick_carrier(w.net, rng, hh["cc"]), ua_desk=wchoice(rng, UA_DESKTOP, UA_DESKTOP_W),
                           old_first=rng.random() < 0.35 and bool(a.old), idx=k + 1)
                mem["ua_mob"] = rng.choice(UA_MOBILE_IOS if mem["ios"] else UA_MOBILE_AND)
                a.family.append(mem)
                for _ in range(rng.randint(1, 2)):
                    a.sessions.append(dict(t=local_to_utc(sample_local(rng), TZ[hh["cc"]]),
                                           kind="web", person=mem))
                if rng.random() < 0.5:
                    c = Client("phone", a.pw0, rng.choice(IMAP_PHONE_IOS if mem["ios"] else IMAP_PHONE_AND))
                    c.person = mem
                    a.clients.append(c)
        # web / app sessions of the owner
        if rng.random() < P["web_active"]:
            for _ in range(wchoice(rng, [1, 2, 3, 4], [55, 27, 12, 6])):
                a.sessions.append(dict(t=local_to_utc(sample_local(rng), a.tz), kind="web", person=None))
        if a.carrier and rng.random() < P["app_user"]:
            a.traits.add("app")
            if rng.random() < P["app_signin"]:
                for _ in range(wchoice(rng, [1, 2], [75, 25])):
                    a.sessions.append(dict(t=local_to_utc(sample_local(rng), a.tz), kind="app", person=None))
        # clients with stored passwords
        if a.carrier and rng.random() < P["phone_mail"] / 0.75:
            oauth = rng.random() < P["oauth_phone"]
            ua = rng.choice(IMAP_PHONE_IOS if a.ios else IMAP_PHONE_AND)
            c = Client("phone", a.pw0, ua, oauth)
            c.person = None
            a.clients.append(c)
            a.traits.add("phone-imap")
        if rng.random() < P["desktop"]:
            c = Client("desktop", a.pw0, wchoice(rng, IMAP_DESKTOP, IMAP_DESKTOP_W),
                       rng.random() < P["oauth_desktop"])
            c.at_work = bool(a.work and a.work[0] == "corp" and rng.random() < 0.6)
            c.proto = "pop3" if rng.random() < 0.15 else "imap"     # old POP3 set-ups
            c.person = None
            a.clients.append(c)
            a.traits.add("desktop-client")
        if a.old and rng.random() < P["stale_pre"] * (1.6 if a.leaked else 0.8):
            # a device that still has the previous password: old tablet, second laptop, ...
            sp = a.old[-1] if rng.random() < 0.7 else rng.choice(a.old)
            kind = rng.choice(["phone", "phone", "desktop", "old-device"])
            ua = rng.choice(IMAP_OLD) if kind == "old-device" else \
                (rng.choice(IMAP_PHONE_IOS if a.ios else IMAP_PHONE_AND) if kind == "phone"
                 else wchoice(rng, IMAP_DESKTOP, IMAP_DESKTOP_W))
            c = Client(kind, sp, ua)
            c.stale = True
            c.person = None
            c.at_work = False
            c.interval = rng.choice([5, 10, 10, 15, 15, 15, 30, 60]) * MIN
            if rng.random() < 0.2:
                c.update(rng.randrange(DAY_MS), a.pw0)      # the user notices and fixes it
            a.clients.append(c)
            a.traits.add("stale-client")
            if sp in a.leaked:
                a.traits.add("stale-client-leaked-pw")
        if rng.random() < P["fetcher"]:
            stale = bool(a.old) and rng.random() < P["fetcher_stale"]
            c = Client("fetcher", a.old[-1] if stale else a.pw0)
            c.stale = stale
            c.interval = rng.choice([20, 30, 60, 60, 120]) * MIN
            a.clients.append(c)
            a.traits.add("fetch-service")
            if stale:
                a.traits.add("fetch-service-stale")
        if rng.random() < P["backup"]:
            stale = bool(a.old) and rng.random() < 0.06
            c = Client("backup", a.old[-1] if stale else a.pw0, "MailVault-Backup/4.1")
            c.stale = stale
            a.clients.append(c)
            a.traits.add("backup-service")
        # forgotten password (owner, first web session)
        owner_web = [s for s in a.sessions if s["kind"] in ("web", "app") and s["person"] is None]
        owner_web.sort(key=lambda s: s["t"])
        if owner_web:
            s0 = owner_web[0]
            fp = P["forgot"] * (1.8 if a.age == "old" else 1.0)
            if rng.random() < fp:
                wrong = []
                for _ in range(rng.randint(1, 4)):
                    r = rng.random()
                    if a.old and r < 0.5:
                        wrong.append(rng.choice(a.old))
                    elif r < 0.75:
                        wrong.append(typo_of(rng, a.pw0))
                    elif r < 0.9:
                        wrong.append(common_pw(w, rng, 100))
                    else:
                        wrong.append(personal_pw(rng, a.first, a.last, a.birth))
                wrong = [p for p in wrong if p != a.pw0] or [typo_of(rng, a.pw0)]
                times = []
                t = s0["t"]
                for _ in wrong:
                    times.append(t)
                    t += rng.randint(6, 60) * SEC
                outcome = wchoice(rng, ["reset", "remember", "giveup"], [60, 25, 15])
                plan = dict(wrong=wrong, times=times, outcome=outcome, t_end=t)
                if outcome == "reset":
                    plan["t_reset"] = t + rng.randint(2, 9) * MIN
                    plan["new"] = fresh_pw(rng)
                    if plan["t_reset"] < DAY_MS:
                        a.tl.add(plan["t_reset"], plan["new"], "honest-reset")
                s0["forgot"] = plan
                a.traits.add("forgot-password")
        # password changed today on purpose (new phone, security checkup, breach notice)
        if rng.random() < P["proactive"] * (3 if a.leaked else 1) and a.clients:
            t = local_to_utc(sample_local(rng), a.tz)
            newp = fresh_pw(rng)
            a.tl.add(t, newp, "honest-change")
            a.sessions.append(dict(t=t - rng.randint(1, 5) * MIN, kind="web", person=None,
                                   change=(t, newp)))
            a.traits.add("changed-pw-today")
        for s in a.sessions:
            if "forgot" not in s:
                r = rng.random()
                s["mode"] = ("typo" if r < P["typo"] else
                             "caps" if r < P["typo"] + P["caps"] else
                             "usertypo" if r < P["typo"] + P["caps"] + P["user_typo"] else
                             "oldfirst" if r < P["typo"] + P["caps"] + P["user_typo"] +
                             P["old_first"] * (2.5 if a.age == "old" else 1) else "plain")
                if s["mode"] == "oldfirst" and not a.old:
                    s["mode"] = "plain"


# --------------------------------------------------------------------------------------------
# Locations
# --------------------------------------------------------------------------------------------

def home_ip(w, rng, hh, t, iid=None):
    if hh["v6"] is not None:
        pre = hh["v6"] if hh["switch"] is None or t < hh["switch"] else hh["v6b"]
        return v6_addr(pre, iid if iid is not None else rand_iid(rng)), hh["cc"]
    ips = hh["ip4"]
    if len(ips) > 1 and t >= hh["switch"]:
        return ips[1], hh["cc"]
    return ips[0], hh["cc"]


def where(w, rng, a, t, device, person=None, iid=None):
    """(ip, cc, loc) for an honest login at UTC time t. device: 'desk' or 'mob'."""
    net = w.net
    if person is not None:
        hh = person["hh"]
        if device == "mob" and person["carrier"] and rng.random() < 0.4:
            return net.mobile_ip(rng, person["carrier"], False), hh["cc"], "mobile"
        ip, cc = home_ip(w, rng, hh, t, iid)
        return ip, cc, "home"
    h = local_hour(t, a.tz)
    if a.travel and t >= a.travel["start"]:
        tr = a.travel
        r = rng.random()
        if device == "desk" or r < 0.55:
            return tr["hotel"], tr["cc"], "hotel"
        if tr["local_sim"]:
            return net.travel[tr["cc"]].draw(rng), tr["cc"], "foreign-mobile"
        if a.carrier:   # roaming: traffic leaves through the home carrier
            return net.mobile_ip(rng, a.carrier, a.mob6), a.cc, "roaming"
        return tr["hotel"], tr["cc"], "hotel"
    r = rng.random()
    if a.work and (8 <= h < 17.5 or a.work[0] == "uni" and 8 <= h < 21):
        kind, org = a.work
        if device == "desk" or r < (0.75 if kind == "uni" else 0.4):
            # one main NAT / proxy address carries most of an organisation's traffic
            ip = org["ips"][0] if len(org["ips"]) == 1 or rng.random() < 0.8 else rng.choice(org["ips"][1:])
            return ip, org["cc"], kind
        r = rng.random()
    if device == "mob" and a.carrier and (r < 0.45 or 7 <= h < 9 or 17 <= h < 19 and r < 0.7):
        return net.mobile_ip(rng, a.carrier, a.mob6), a.cc, "mobile"
    if rng.random() < w.P["wifi"]:
        return rng.choice(net.wifi), "DE", "wifi"
    ip, cc = home_ip(w, rng, a.hh, t, iid)
    return ip, cc, "home"


# --------------------------------------------------------------------------------------------
# Honest simulation
# --------------------------------------------------------------------------------------------

def server_timeout(w, rng):
    return rng.random() < w.P["timeout"]


def run_session(w, a, s, rng):
    """A human at a web form or the mobile app."""
    P = w.P
    t = s["t"]
    person = s["person"]
    proto = "app" if s["kind"] == "app" else "web"
    if proto == "app":
        device = "mob"
    elif person is not None:
        device = "mob" if rng.random() < 0.4 else "desk"
    else:
        device = "mob" if rng.random() < 0.38 else "desk"
    ip, cc, loc = where(w, rng, a, t, device, person)
    if loc == "home" or loc == "wifi":
        if rng.random() < w.P["shared_pc"] * 6 and loc == "wifi" or \
                (device == "desk" and rng.random() < w.P["shared_pc"]):
            ip, cc, loc = rng.choice(w.net.shared_pc), "DE", "shared-pc"
            a.traits.add("shared-computer")
    if proto == "app":
        ua = a.app_ua
    elif person is not None:
        ua = person["ua_mob"] if device == "mob" else person["ua_desk"]
    else:
        ua = a.ua_mob if device == "mob" else a.ua_desk
    who = "owner" if person is None else "family"
    grp = f"honest-{proto}"
    typed = typed_variant(rng, a.user, phone=(device == "mob"))
    attempts = []      # (dt, typed, pw, behaviour, forced_ok)
    owner_pw = a.tl.owner_pw_at(t)
    gap = lambda: rng.randint(5, 45) * SEC

    if loc == "shared-pc" and rng.random() < 0.3:
        # the browser still holds the previous user's name
        other = rng.choice(w.accounts)
        if other is not a and owner_pw not in other.tl.all_pws():
            attempts.append([other.user, owner_pw, "autofill-wrong-user", False])
            w.trait(other.user, "shared-computer-victim-name")

    if "forgot" in s:
        plan = s["forgot"]
        for k, p in enumerate(plan["wrong"]):
            w.emit(plan["times"][k], proto, typed, ip, cc, False, p, ua, "honest", f"{grp}/forgot")
        if plan["outcome"] == "giveup":
            return
        if plan["outcome"] == "reset":
            t2 = plan["t_reset"] + rng.randint(20, 240) * SEC
            new = plan["new"]
            on_reset(w, a, plan["t_reset"], new, rng)
            ok = new == a.tl.pw_at(t2)
            w.emit(t2, proto, typed, ip, cc, ok, new, ua, "honest", f"{grp}/after-reset")
            if not ok:
                lockout(w, a, t2 + gap(), proto, typed, ip, cc, ua, rng, new)
            return
        t = plan["t_end"] + rng.randint(20, 120) * SEC
        attempts.append([typed, owner_pw, "remembered", None])
    else:
        mode = s.get("mode", "plain") if person is None else (
            "oldfirst" if person["old_first"] and rng.random() < 0.5 else
            ("typo" if rng.random() < P["typo"] else "plain"))
        if mode == "typo":
            attempts.append([typed, typo_of(rng, owner_pw), "typo", False])
            if rng.random() < 0.25:
                attempts.append([typed, typo_of(rng, owner_pw), "typo", False])
        elif mode == "caps":
            cu = caps_variant(a.user) if rng.random() < 0.5 else typed
            attempts.append([cu, swapcase_safe(owner_pw), "caps-lock", False])
            if rng.random() < 0.4:
                attempts.append([cu, swapcase_safe(owner_pw), "caps-lock", False])
        elif mode == "usertypo":
            bad = user_typo(rng, a.user)
            if rust_safe(bad) and norm(bad) not in w.bynorm:
                attempts.append([bad, owner_pw, "user-typo", False])
                w.trait(bad, "typo-of-real-user")
        elif mode == "oldfirst":
            olds = [p for p in a.old if p != owner_pw]
            if olds:
                attempts.append([typed, olds[-1] if rng.random() < 0.7 else rng.choice(olds),
                                 "old-password-first", False])
                a.traits.add("types-old-password")
        attempts.append([typed, owner_pw, "ok", None])
    tt = t
    last_ok = False
    for k, (u, p, beh, forced) in enumerate(attempts):
        if k:
            tt += gap()
        if forced is False:
            ok = False
        else:
            ok = w.honest_ok(u, p, tt)
        camp = f"{grp}/{beh}" if beh != "ok" else f"{grp}/{who}"
        if ok and server_timeout(w, rng):
            w.emit(tt, proto, u, ip, cc, False, p, ua, "honest", f"{grp}/timeout")
            tt += rng.randint(3, 30) * SEC
        w.emit(tt, proto, u, ip, cc, ok, p, ua, "honest", camp)
        last_ok = ok
    if not last_ok and attempts and attempts[-1][3] is None:
        # the right password does not work any more: someone changed it
        lockout(w, a, tt + gap(), proto, typed, ip, cc, ua, rng, owner_pw)
        return
    if "change" in s:
        t_c, newp = s["change"]
        on_reset(w, a, t_c, newp, rng)


def lockout(w, a, t, proto, typed, ip, cc, ua, rng, tried):
    a.traits.add("locked-out")
    grp = f"honest-{proto}"
    for _ in range(rng.randint(1, 3)):
        w.emit(t, proto, typed, ip, cc, w.honest_ok(typed, tried, t), tried, ua, "honest",
               f"{grp}/locked-out")
        t += rng.randint(10, 90) * SEC
    if a.old and rng.random() < 0.4:
        p = rng.choice(a.old)
        w.emit(t, proto, typed, ip, cc, w.honest_ok(typed, p, t), p, ua, "honest", f"{grp}/locked-out")
        t += rng.randint(10, 90) * SEC
    if rng.random() < 0.65:
        t_r = t + rng.randint(3, 25) * MIN
        new = fresh_pw(rng)
        if t_r < DAY_MS:
            a.tl.add(t_r, new, "honest-recovery")
            on_reset(w, a, t_r, new, rng)
            a.traits.add("recovered-account")
            t2 = t_r + rng.randint(20, 180) * SEC
            w.emit(t2, proto, typed, ip, cc, w.honest_ok(typed, new, t2), new, ua, "honest",
                   f"{grp}/after-recovery")


def on_reset(w, a, t, new, rng):
    for c in a.clients:
        if c.oauth:
            continue
        d = client_update_delay(rng, c.kind)
        if d is not None:
            c.update(t + d, new)
        elif c.kind != "old-device":
            a.traits.add("client-left-stale")


def poll_times_local(rng, start_h, end_h, mean_gap, min_gap):
    out = []
    t = start_h * HOUR + rng.randrange(int(min(mean_gap, HOUR)))
    end = end_h * HOUR
    while t < end:
        out.append(t)
        t += max(min_gap, int(rng.expovariate(1.0 / mean_gap)))
    return out


def client_logins(w, a, c, rng, t, proto, ip, cc, camp, n=1):
    pw = None if c.oauth else c.pw_at(t)
    method = "XOAUTH2" if c.oauth else ("USER" if proto == "pop3" else getattr(c, "method", "PLAIN"))
    for k in range(n):
        tk = t + k * rng.randint(80, 1500)
        typed = c.typed
        ok = True if c.oauth else w.honest_ok(typed, pw, tk)
        if ok and server_timeout(w, rng):
            w.emit(tk, proto, typed, ip, cc, False, pw, c.ua, "honest", camp.split("/")[0] + "/timeout", method)
            continue
        w.emit(tk, proto, typed, ip, cc, ok, pw, c.ua, "honest", camp, method)


def run_clients(w, a, rng):
    for c in a.clients:
        c.typed = a.user if rng.random() < 0.9 else typed_variant(rng, a.user, phone=True)
        c.method = "PLAIN" if rng.random() < 0.6 else "LOGIN"
        if c.kind == "phone":
            run_phone(w, a, c, rng)
        elif c.kind in ("desktop", "old-device"):
            run_desktop(w, a, c, rng)
        elif c.kind == "fetcher":
            run_fetcher(w, a, c, rng)
        elif c.kind == "backup":
            run_backup(w, a, c, rng)


def stale_label(w, a, c, t):
    pw = c.pw_at(t)
    if pw is None or c.oauth:
        return "ok"
    cur = a.tl.pw_at(t)
    if pw == cur:
        return "ok"
    if cur != a.tl.owner_pw_at(t):
        return "attacker-changed"
    return "stale"


def client_camp(ok_name, stale, st):
    if st == "ok":
        return ok_name if not stale else "honest-client/stale-fixed"
    if st == "attacker-changed":
        return "honest-client/locked-by-attacker"
    return "honest-client/stale-retry" if stale else "honest-client/stale-after-change"


def run_phone(w, a, c, rng):
    person = c.person
    tz = TZ[person["hh"]["cc"]] if person else a.tz
    stale = getattr(c, "stale", False)
    if stale:
        times = []
        t = rng.randrange(c.interval)
        while t < DAY_MS:
            times.append(t)
            night = (t / HOUR) % 24 < 6
            t += int(c.interval * (3 if night else 1) * rng.uniform(0.9, 1.1))
        times_utc = [local_to_utc(x, tz) for x in times]
    else:
        times_utc = [local_to_utc(x, tz) for x in
                     poll_times_local(rng, rng.uniform(6.5, 8), rng.uniform(22, 24), 65 * MIN, 2 * MIN)]
    iid = rand_iid(rng)
    for t in sorted(times_utc):
        if stale and (a.travel is None):
            pass
        ip, cc, loc = where(w, rng, a, t, "mob", person, iid)
        st = stale_label(w, a, c, t)
        camp = client_camp("honest-client/phone", stale, st)
        n = 2 if rng.random() < 0.2 else 1
        proto = "imap"
        client_logins(w, a, c, rng, t, proto, ip, cc, camp, n)
        if not stale and st == "ok" and rng.random() < 0.07:
            client_logins(w, a, c, rng, t + rng.randint(5, 60) * SEC, "smtp", ip, cc,
                          "honest-client/phone-send")


def run_desktop(w, a, c, rng):
    stale = getattr(c, "stale", False)
    at_work = getattr(c, "at_work", False)
    if at_work:
        s, e = rng.uniform(7.5, 9.5), rng.uniform(16, 18.5)
    else:
        s, e = rng.uniform(7, 19), rng.uniform(20, 24)
        if rng.random() < 0.25:
            s, e = 0, 24          # left on all day
    if stale:
        times = []
        t = s * HOUR + rng.randrange(c.interval)
        while t < e * HOUR:
            times.append(t)
            t += int(c.interval * rng.uniform(0.95, 1.05))
    else:
        times = poll_times_local(rng, s, e, 75 * MIN, 3 * MIN)
    iid = rand_iid(rng)
    for tl_ in times:
        t = local_to_utc(tl_, a.tz)
        if at_work and a.work:
            ip, cc = a.work[1]["ips"][0], "DE"
        elif a.travel and t >= a.travel["start"]:
            ip, cc = a.travel["hotel"], a.travel["cc"]
        else:
            ip, cc = home_ip(w, rng, a.hh, t, iid)
        st = stale_label(w, a, c, t)
        camp = client_camp("honest-client/desktop", stale, st)
        proto = getattr(c, "proto", "imap")
        n = wchoice(rng, [1, 2, 3], [55, 30, 15]) if proto == "imap" else 1
        client_logins(w, a, c, rng, t, proto, ip, cc, camp, n)
        if rng.random() < (0.25 if not stale else 0.1):
            client_logins(w, a, c, rng, t + rng.randint(5, 600) * SEC, "smtp", ip, cc,
                          camp if st != "ok" else "honest-client/desktop-send")


def run_fetcher(w, a, c, rng):
    svc = w.fetch_svc
    t = rng.randrange(c.interval)
    fails = 0
    while t < DAY_MS:
        ip = rng.choice(svc["ips"])
        st = stale_label(w, a, c, t)
        camp = "honest-fetch/poll" if st == "ok" else (
            "honest-fetch/locked-by-attacker" if st == "attacker-changed" else "honest-fetch/stale")
        before = len(w.events)
        client_logins(w, a, c, rng, t, "pop3", ip, "DE", camp, 1)
        ok = w.events[-1][5] if len(w.events) > before else True
        fails = 0 if ok else fails + 1
        if fails >= 3:
            t += rng.randint(60, 240) * MIN       # the service backs off
        else:
            t += int(c.interval * rng.uniform(0.8, 1.2))


def run_backup(w, a, c, rng):
    svc = w.backup_svc
    t = rng.randint(1 * HOUR, 4 * HOUR)
    ip = rng.choice(svc["ips"])
    st = stale_label(w, a, c, t)
    camp = "honest-backup/nightly" if st == "ok" else "honest-backup/stale"
    client_logins(w, a, c, rng, t, "imap", ip, "DE", camp, rng.randint(1, 4))
    if st != "ok" and rng.random() < 0.5:
        client_logins(w, a, c, rng, t + rng.randint(20, 60) * MIN, "imap", ip, "DE", camp, 1)


def run_migration(w, rng):
    P = w.P
    n = min(P["migration"], len(w.accounts) // 4)
    if n <= 0:
        return
    ips = [w.net.cloud.draw(rng) for _ in range(3)]
    w.migration_ips = ips
    start = rng.randint(8, 11) * HOUR
    ua = "imapsync/2.264"
    picks = rng.sample(w.accounts, n)
    for a in picks:
        a.traits.add("migration-service")
        t = start + rng.randrange(5 * HOUR)
        pw = a.tl.owner_pw_at(t)
        if rng.random() < 0.04:
            bad = typo_of(rng, pw)
            w.emit(t, "imap", a.user, rng.choice(ips), "DE", False, bad, ua, "honest",
                   "honest-migration/typo")
            t += rng.randint(2, 30) * MIN
            pw = a.tl.owner_pw_at(t)
        ip = rng.choice(ips)
        for k in range(rng.randint(2, 6)):
            tk = t + k * rng.randint(1, 600) * SEC
            w.emit(tk, "imap", a.user, ip, "DE", w.honest_ok(a.user, pw, tk), pw, ua, "honest",
                   "honest-migration/sync")
        if rng.random() < 0.5:
            tk = t + rng.randint(3, 8) * HOUR
            pw2 = a.tl.owner_pw_at(tk)
            w.emit(tk, "imap", a.user, rng.choice(ips), "DE", w.honest_ok(a.user, pw, tk), pw, ua,
                   "honest", "honest-migration/delta" if pw2 == pw else "honest-migration/stale")


def build_probes(w, rng):
    """Synthetic monitoring: test accounts logged into around the clock."""
    net = w.net
    probes = []
    pp = V4Pool([PROVIDER_PROBE])
    internal = sorted(set(pp.draw(rng) for _ in range(3)))
    external = [net.cloud.draw(rng) for _ in range(2)]
    w.probe_accounts = []
    for i, ip in enumerate(internal):
        for k in range(rng.randint(8, 16)):
            u = f"probe-{['fra', 'ams', 'ber'][i % 3]}-{k:02d}@{DOMAIN}"
            w.probe_accounts.append((u, ip, "internal"))
    for i, ip in enumerate(external):
        for k in range(2):
            u = f"extmon{i}{k}.quill@{DOMAIN}"
            w.probe_accounts.append((u, ip, "external"))
    accs = {}
    for u, ip, kind in w.probe_accounts:
        a = Acct()
        a.user = u
        a.pw0 = "Mon!" + "".join(rng.choice("abcdefghkmnpqrstuvwxyz23456789") for _ in range(14))
        a.tl = Timeline(a.pw0)
        a.traits = {"probe"}
        a.old = []
        a.leaked = []
        w.bynorm[u] = a
        accs[u] = a
    # ops rotate one probe password at 10:xx; one external monitor keeps the old one for a while
    ext = [u for u, _, k in w.probe_accounts if k == "external"]
    rot = ext[0]
    t_rot = 10 * HOUR + rng.randrange(HOUR)
    new = "Mon!" + "".join(rng.choice("abcdefghkmnpqrstuvwxyz23456789") for _ in range(14))
    accs[rot].tl.add(t_rot, new, "honest-change")
    t_fix = t_rot + rng.randint(60, 200) * MIN
    accs[rot].traits.add("probe-stale")
    w.probe_accs = accs
    for u, ip, kind in w.probe_accounts:
        a = accs[u]
        if kind == "internal":
            period = 15 * MIN
            protos = ["imap", "smtp", "web"]
            ua = {"imap": "quill-probe/1.8", "smtp": None, "web": "quill-synthetic-probe/1.8 (+ops)"}
        else:
            period = 5 * MIN
            protos = ["imap"]
            ua = {"imap": None}
        n_same = sum(1 for x in w.probe_accounts if x[1] == ip)
        idx = [x[0] for x in w.probe_accounts if x[1] == ip].index(u)
        step = period * n_same if kind == "internal" else period
        off = idx * period if kind == "internal" else rng.randrange(period)
        t = off + rng.randrange(30 * SEC)
        while t < DAY_MS:
            for j, pr in enumerate(protos):
                tk = t + j * rng.randint(1, 4) * SEC
                pw = a.pw0 if (u == rot and tk < t_fix) else a.tl.pw_at(tk)
                ok = pw == a.tl.pw_at(tk)
                camp = "honest-probe/check" if ok else "honest-probe/stale"
                if ok and server_timeout(w, rng) :
                    ok = False
                    camp = "honest-probe/timeout"
                w.emit(tk, pr, u, ip, "DE", ok, pw, ua[pr], "honest", camp,
                       None if pr == "web" else "PLAIN")
            t += step + rng.randint(-20, 20) * SEC


def run_honest(w):
    rng = w.rng("honest")
    for a in w.accounts:
        r = random.Random(f"{rng.random()}")
        for s in sorted(a.sessions, key=lambda s: (s["t"], s["kind"])):
            run_session(w, a, s, r)
        run_clients(w, a, r)
    run_migration(w, w.rng("migration"))
    build_probes(w, w.rng("probes"))


# --------------------------------------------------------------------------------------------
# Attacks
# --------------------------------------------------------------------------------------------

class Attempt:
    __slots__ = ("t", "proto", "typed", "ip", "cc", "pw", "ua", "camp", "stop", "method", "n")

    def __init__(self, t, proto, typed, ip, cc, pw, ua, camp, stop=True, method=None):
        self.t, self.proto, self.typed, self.ip, self.cc = t, proto, typed, ip, cc
        self.pw, self.ua, self.camp, self.stop, self.method = pw, ua, camp, stop, method


def our_domain(u):
    d = norm(u).rsplit("@", 1)[-1]
    return d in (DOMAIN, DOMAIN_LEGACY)


def attack_method(proto, rng):
    r = rng.random()
    return {"imap": "LOGIN" if r < 0.7 else "PLAIN", "pop3": "USER",
            "smtp": "LOGIN" if r < 0.5 else "PLAIN"}.get(proto)


def plan_attacks(w):
    rng = w.rng("attacks")
    P = w.P
    net = w.net
    att = []
    ours = [(u, p) for u, p in w.combo_pairs if our_domain(u)]
    others = [(u, p) for u, p in w.combo_pairs if not our_domain(u)]
    w.attack_ips = {}

    # concentrated stuffing from a few hosting / cloud addresses
    for ci, spec in enumerate(P["conc"]):
        camp = f"stuff-dc{ci + 1}"
        pool = net.hosting if spec["pool"] == "hosting" else net.cloud
        ips = [pool.draw(rng) for _ in range(spec["ips"])]
        if spec["pool"] == "cloud":
            # same cloud /16 as the mail-fetch service
            b = rng.choice(w.fetch_svc["ips"]).rsplit(".", 2)[0]
            ips[0] = f"{b}.{rng.randint(0, 255)}.{rng.randint(2, 250)}"
        sub = [x for x in ours if rng.random() < spec["frac"]]
        rng.shuffle(sub)
        start = rng.randrange(0, 16 * HOUR)
        per = [start + rng.randrange(10 * MIN) for _ in ips]
        proto = spec["proto"]
        ua = rng.choice(ATTACK_WEB_UA) if proto == "web" else rng.choice(ATTACK_IMAP_UA)
        for k, (u, p) in enumerate(sub):
            j = k % len(ips)
            per[j] += int(rng.uniform(0.8, 4.0) * SEC * len(ips) / 2)
            if rng.random() < 0.002:
                per[j] += rng.randint(5, 40) * MIN       # proxy list reload, pause
            pr = proto if proto == "web" or rng.random() < 0.8 else "pop3"
            att.append(Attempt(per[j], pr, u, ips[j], "XX", p, ua, f"{camp}/attempt",
                               method=attack_method(pr, rng)))
        w.attack_ips[camp] = ips

    # distributed stuffing: botnets and residential proxies
    for di, spec in enumerate(P["dist"]):
        camp = f"stuff-dist{di + 1}"
        sub = [x for x in ours if rng.random() < spec["frac"]] + \
              [x for x in others if rng.random() < spec["other"]]
        rng.shuffle(sub)
        h0, h1 = spec["hours"]
        dur = rng.uniform(h0, h1) * HOUR
        start = rng.randrange(0, int(max(1, DAY_MS - dur)))
        protos = [x for x, _ in spec["protos"]]
        pws_ = [x for _, x in spec["protos"]]
        k = 0
        nsrc = 0
        while k < len(sub):
            n = wchoice(rng, [1, 2, 3, 4], [50, 25, 15, 10])
            r = rng.random()
            if r < spec["resi"]:
                r2 = rng.random()
                if r2 < 0.05 and net.honest_ips:
                    ip, cc = rng.choice(net.honest_ips), "DE"        # an infected home router
                    kind = "resi-shared"
                elif r2 < 0.17:
                    cc = wchoice(rng, ["DE", "AT", "CH"], [8, 1, 1])
                    car = pick_carrier(net, rng, cc)
                    ip = rng.choice(car["pool"]) if car["pool"] else net.bot_ip(rng)[0]
                    kind = "resi-mobile"
                else:
                    cc = wchoice(rng, [c for c, _, _ in COUNTRIES], [x for _, x, _ in COUNTRIES])
                    isp = rng.choice(net.isp[cc])
                    if isp["v6"] and rng.random() < 0.2:
                        ip = v6_addr(v6_prefix64(rng, isp["v6"]), rand_iid(rng))
                    else:
                        ip = isp["pool"].draw(rng)
                    kind = "resi"
            else:
                ip, cc = net.bot_ip(rng)
                kind = "bot"
            proto = wchoice(rng, protos, pws_)
            ua = (wchoice(rng, UA_DESKTOP, UA_DESKTOP_W) if rng.random() < 0.7 else
                  rng.choice(UA_MOBILE_IOS + UA_MOBILE_AND)) if proto == "web" else None
            t = start + rng.randrange(int(dur))
            for u, p in sub[k:k + n]:
                att.append(Attempt(t, proto, u, ip, cc, p, ua, f"{camp}/{kind}",
                                   method=attack_method(proto, rng)))
                t += rng.randint(3, 400) * SEC
            k += n
            nsrc += 1

    # one IPv6 /64 with a new address for every attempt
    for vi, spec in enumerate(P["v6"]):
        camp = f"stuff-v6rot{vi + 1}"
        pre = v6_prefix64(rng, rng.choice(HOSTING6))
        sub = [x for x in ours if rng.random() < spec["frac"]]
        rng.shuffle(sub)
        t = rng.randrange(0, 18 * HOUR)
        ua = rng.choice(ATTACK_WEB_UA) if spec["proto"] == "web" else None
        for u, p in sub:
            t += rng.randint(2, 12) * SEC
            ip = v6_addr(pre, rng.getrandbits(64) if rng.random() < 0.7 else rng.getrandbits(16))
            att.append(Attempt(t, spec["proto"], u, ip, "XX", p, ua, f"{camp}/attempt",
                               method=attack_method(spec["proto"], rng)))
        w.attack_ips[camp] = [ipaddress.IPv6Address(pre).compressed + "/64"]

    # password spraying
    harvested = [a.user for a in w.accounts]
    for si, spec in enumerate(P["spray"]):
        camp = f"spray{si + 1}"
        pws = rng.sample(["Spring2026!", "Maerz2026!", "Winter2025!", "Passwort1!", "Welcome1!",
                          "Qwertz123!", "Sommer2025!", "Hallo123", "123456", "Fruehling2026!"],
                         spec["npw"])
        targets = [u for u in harvested if rng.random() < spec["frac"]] + \
                  [u for u in w.nonexist if rng.random() < spec["frac"] * 0.3]
        ips = []
        for _ in range(spec["ips"]):
            if rng.random() < 0.5:
                ips.append((net.hosting.draw(rng), "XX"))
            else:
                ips.append(net.bot_ip(rng))
        t_round = rng.randrange(0, 6 * HOUR)
        for p in pws:
            order = targets[:]
            rng.shuffle(order)
            dur = rng.uniform(4, 7) * HOUR
            proto = wchoice(rng, ["web", "imap", "smtp"], [4, 4, 2])
            for u in order:
                t = t_round + rng.randrange(int(dur))
                ip, cc = rng.choice(ips)
                ua = rng.choice(ATTACK_WEB_UA[:1] + UA_DESKTOP[:3]) if proto == "web" else None
                att.append(Attempt(t, proto, u, ip, cc, p, ua, f"{camp}/attempt",
                                   method=attack_method(proto, rng)))
            t_round += int(dur + rng.uniform(0.5, 2) * HOUR)
        w.spray_pws = getattr(w, "spray_pws", []) + pws

    # brute force on a few accounts
    bspec = P["brute"]
    if bspec["targets"]:
        camp = "bruteforce"
        topset = set(w.common[:bspec["lo"]])
        cands = [a for a in w.accounts if a.pw0 in topset]
        targets = []
        if cands and rng.random() < 0.6:
            targets.append(rng.choice(cands).user)
        while len(targets) < bspec["targets"]:
            targets.append(rng.choice(w.accounts).user)
        targets.append(rng.choice([f"admin@{DOMAIN}", f"info@{DOMAIN}", f"postmaster@{DOMAIN_LEGACY}"]))
        for u in targets:
            ips = [net.hosting.draw(rng) for _ in range(rng.choice([1, 1, 2]))]
            n = rng.randint(bspec["lo"], bspec["hi"])
            proto = wchoice(rng, ["smtp", "pop3", "imap", "web"], [4, 2, 2, 1])
            t = rng.randrange(0, 20 * HOUR)
            a = w.bynorm.get(norm(u))
            guesses = list(w.common[:n])
            if a is not None:
                extra = [f"{translit(a.first)}{a.birth}", f"{translit(a.first).capitalize()}{a.birth}",
                         f"{translit(a.last)}123", f"{translit(a.first)}123"]
                for e in extra:
                    guesses.insert(rng.randrange(len(guesses)), e)
            for g in guesses:
                t += int(rng.uniform(1.5, 8) * SEC)
                att.append(Attempt(t, proto, u, rng.choice(ips), "XX", g,
                                   rng.choice(ATTACK_WEB_UA) if proto == "web" else None,
                                   f"{camp}/attempt", method=attack_method(proto, rng)))
            w.trait(u, "bruteforce-target")

    # a private, phished credential list (never in combos.txt)
    n_ph = max(1, round(w.n * P["phish"]))
    cands = [a for a in w.accounts if a.pw0 not in w.combo_by_user.get(a.user, [])]
    victims = rng.sample(cands, min(n_ph, len(cands)))
    w.phish_pairs = []
    for a in victims:
        a.traits.add("phished")
        p = a.pw0 if rng.random() < 0.85 else (typo_of(rng, a.pw0) if rng.random() < 0.5 or not a.old
                                                else a.old[-1])
        if (a.user, p) in w.combo_set:
            p = typo_of(rng, a.pw0) + "7"
        w.phish_pairs.append((a.user, p))
        t = rng.randrange(0, DAY_MS - HOUR)
        if rng.random() < 0.6 and a.carrier:
            ip = w.net.mobile_ip(rng, pick_carrier(net, rng, a.cc), False)
            cc = a.cc
            kind = "mobile-proxy"
        else:
            isp = rng.choice(net.isp[a.cc])
            ip = isp["pool"].draw(rng)
            cc = a.cc
            kind = "resi-proxy"
        proto = wchoice(rng, ["web", "app", "imap"], [6, 1, 3])
        ua = rng.choice(UA_MOBILE_IOS + UA_MOBILE_AND) if proto == "web" else \
            (a.app_ua if proto == "app" else None)
        att.append(Attempt(t, proto, a.user, ip, cc, p, ua, f"phish/{kind}",
                           method=attack_method(proto, rng)))
    return att


def run_attacks(w, att):
    """Evaluate initial attacks in time order; plan what happens after a takeover."""
    rng = w.rng("attack-eval")
    P = w.P
    att.sort(key=lambda x: (x.t, x.camp, x.typed, x.pw))
    done = set()
    w.takeovers = []
    kept = []
    for x in att:
        if not (0 <= x.t < DAY_MS):
            continue
        grp = x.camp.split("/")[0]
        key = (grp, norm(x.typed))
        if key in done:
            continue
        a = w.bynorm.get(norm(x.typed))
        ok = a is not None and x.pw == a.tl.pw_at(x.t)
        kept.append((x, ok))
        w.trait(x.typed, "attacked")
        if ok:
            done.add(key)
            w.takeovers.append((a, x))
            plan_followups(w, a, x, rng)
    w.initial_attacks = kept


def plan_followups(w, a, x, rng):
    F = w.P["follow"]
    net = w.net
    grp = x.camp.split("/")[0]
    fu = []
    pw = x.pw
    change_t = None
    fr = random.Random(f"{rng.random()}")
    change = fr.random() < F["change"] * (1.6 if grp == "phish" else 1)
    if change and x.proto in ("web", "app") and fr.random() < 0.5:
        change_t = x.t + fr.randint(1, 8) * MIN
    if fr.random() < F["sync"]:
        # bulk download of the mailbox from a datacenter
        t = x.t + fr.randint(10, 180) * MIN
        ip = net.hosting.draw(fr) if fr.random() < 0.7 else (
            w.attack_ips.get(grp, [net.hosting.draw(fr)])[0] if grp.startswith("stuff-dc") else net.cloud.draw(fr))
        ua = fr.choice([None, "imapsync/2.229", "Thunderbird/102.0", "MailBird/2.9"])
        for k in range(fr.randint(1, 6)):
            fu.append(Attempt(t + k * fr.randint(1, 90) * SEC, "imap", x.typed, ip, "XX", None, ua,
                              "ato-sync/imap", method="LOGIN"))
    if fr.random() < F["ret"] or (change and change_t is None):
        t = x.t + fr.randint(40, 360) * MIN
        for k in range(fr.randint(1, 3)):
            r = fr.random()
            if r < 0.5:
                isp = fr.choice(net.isp[a.cc])
                ip, cc = isp["pool"].draw(fr), a.cc
            elif r < 0.8 and a.cc in net.carrier:
                ip, cc = fr.choice(pick_carrier(net, fr, a.cc)["pool"]), a.cc
            else:
                ip, cc = net.bot_ip(fr)
            proto = "web" if fr.random() < 0.75 else "app"
            ua = fr.choice(UA_MOBILE_IOS + UA_MOBILE_AND + UA_DESKTOP[:3])
            fu.append(Attempt(t, proto, x.typed, ip, cc, None, ua, "ato-return/" + proto))
            if change and change_t is None:
                change_t = t + fr.randint(1, 6) * MIN
                fu[-1].camp = "ato-return/pw-change"
            t += fr.randint(30, 300) * MIN
    new = None
    if change_t is not None and change_t < DAY_MS:
        new = "".join(fr.choice("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
                      for _ in range(11)) + "!"
        a.tl.add(change_t, new, "attacker")
        a.traits.add("pw-changed-by-attacker")
        a.att_change = change_t
    for f in fu:
        f.pw = new if (new is not None and f.t > change_t) else pw
    w.followups = getattr(w, "followups", []) + fu


def add_notice_sessions(w):
    rng = w.rng("notice")
    for a in w.accounts:
        t_c = getattr(a, "att_change", None)
        if t_c is None:
            continue
        # the owner notices (a phone prompt, a failed send) and tries the web login
        if rng.random() < 0.7:
            t = t_c + rng.randint(10, 240) * MIN
            if t < DAY_MS:
                a.sessions.append(dict(t=t, kind="web", person=None, mode="plain"))


def emit_attacks(w):
    for x, ok in w.initial_attacks:
        w.emit(x.t, x.proto, x.typed, x.ip, x.cc, ok, x.pw, x.ua, "attacker", x.camp, x.method)
    for x in sorted(getattr(w, "followups", []), key=lambda x: (x.t, x.typed)):
        a = w.bynorm.get(norm(x.typed))
        ok = a is not None and x.pw == a.tl.pw_at(x.t)
        w.emit(x.t, x.proto, x.typed, x.ip, x.cc, ok, x.pw, x.ua, "attacker", x.camp, x.method)


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------

SERVERS = ["web-eu", "web-us", "app-api", "imap-pop", "smtp-submit"]


def server_of(proto, cc):
    if proto == "web":
        return "web-us" if cc in AMERICAS else "web-eu"
    if proto == "app":
        return "app-api"
    if proto in ("imap", "pop3"):
        return "imap-pop"
    return "smtp-submit"


def fmt_ts(server, t, seq):
    if server == "app-api":
        return DAY_EPOCH_MS + t
    if server == "web-eu":
        d = DAY + dt.timedelta(milliseconds=t)
        return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t % 1000:03d}Z"
    if server == "web-us":
        d = DAY + dt.timedelta(milliseconds=t - 4 * HOUR)
        return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t % 1000:03d}-04:00"
    if server == "imap-pop":
        d = DAY + dt.timedelta(milliseconds=t + HOUR)
        us = (t % 1000) * 1000 + (seq * 7919) % 1000
        return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{us:06d}+01:00"
    d = DAY + dt.timedelta(milliseconds=t)
    return d.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def parse_ts(v):
    """Back to UTC milliseconds since the start of DAY (for the self-test)."""
    if isinstance(v, int):
        return v - DAY_EPOCH_MS
    s = v.replace("Z", "+00:00")
    d = dt.datetime.fromisoformat(s)
    return int(round((d - DAY).total_seconds() * 1000))


def event_line(server, ev, fp):
    t, proto, typed, ip, cc, ok, pw, ua, actor, camp, method, seq = ev
    ts = fmt_ts(server, t, seq)
    if server in ("web-eu", "web-us"):
        o = {"ts": ts, "user": typed, "ip": ip, "ok": ok}
        if pw is not None:
            o["cred"] = fp.cred(typed, pw)
            o["pw"] = fp.pw(pw)
        if ua:
            o["ua"] = ua
        o["proto"] = "web"
        return json.dumps(o, ensure_ascii=False, separators=(",", ":"))
    if server == "app-api":
        o = {"ts": ts, "user": typed, "ip": ip, "ok": ok}
        if pw is not None:
            o["cred"] = fp.cred(typed, pw)
            o["pw"] = fp.pw(pw)
        o["ua"] = ua or "QuillMail/7.14.2"
        o["proto"] = "app"
        return json.dumps(o, ensure_ascii=False, separators=(",", ":"))
    if server == "imap-pop":
        o = {"ts": ts, "proto": proto, "user": typed, "ip": ip, "ok": ok,
             "method": method or ("USER" if proto == "pop3" else "PLAIN")}
        if pw is not None:
            o["cred"] = fp.cred(typed, pw)
            o["pw"] = fp.pw(pw)
        if ua:
            o["ua"] = ua
        return json.dumps(o, ensure_ascii=False, separators=(", ", ": "))
    o = {"ts": ts, "user": typed, "ip": ip, "ok": ok}
    if pw is not None:
        o["cred"] = fp.cred(typed, pw)
        o["pw"] = fp.pw(pw)
    o["proto"] = "smtp"
    o["method"] = method or "LOGIN"
    return json.dumps(o, ensure_ascii=False, separators=(",", ":"))


def ordered_events(w):
    by = {s: [] for s in SERVERS}
    for ev in w.events:
        by[server_of(ev[1], ev[4])].append(ev)
    out = []
    for s in SERVERS:
        lst = by[s]
        lst.sort(key=lambda e: (e[0], e[11]))
        out.extend((s, e) for e in lst)
    return out


def generate(seed, n, profile, key=DEMO_KEY):
    w = World(seed, n, profile)
    w.net = Net(w)
    build_accounts(w)
    build_leaks(w)
    plan_honest(w)
    # service addresses are fixed before the attackers pick theirs (same clouds)
    sr = w.rng("services")
    w.fetch_svc = dict(ips=sorted(set(w.net.cloud.draw(sr) for _ in range(sr.randint(2, 4)))))
    w.backup_svc = dict(ips=[w.net.cloud.draw(sr) for _ in range(2)])
    att = plan_attacks(w)
    run_attacks(w, att)
    add_notice_sessions(w)
    run_honest(w)
    emit_attacks(w)
    w.key = key
    return w


def write_outputs(w, out, key):
    os.makedirs(out, exist_ok=True)
    fp = Fingerprinter(key)
    rows = ordered_events(w)
    lines = []
    elab = ["line,actor,campaign"]
    per_server = {s: 0 for s in SERVERS}
    camp_stats = {}
    ips = set()
    users = set()
    compromised = set()
    honest_ok_pairs = set()
    attacked = set()
    honest_users = set()
    for i, (srv, ev) in enumerate(rows, 1):
        lines.append(event_line(srv, ev, fp))
        t, proto, typed, ip, cc, ok, pw, ua, actor, camp, method, seq = ev
        elab.append(f"{i},{actor},{camp}")
        per_server[srv] += 1
        cs = camp_stats.setdefault(camp, [0, 0])
        cs[0] += 1
        cs[1] += 1 if ok else 0
        ips.add(ip)
        nu = norm(typed)
        users.add(nu)
        if actor == "attacker":
            attacked.add(nu)
            if ok:
                compromised.add(nu)
        else:
            honest_users.add(nu)
            if ok and pw is not None and (nu, pw) in w.combo_set:
                honest_ok_pairs.add(nu)
    with open(os.path.join(out, "events.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(out, "event_labels.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(elab) + "\n")
    ncombo = write_combos(w, os.path.join(out, "combos.txt"))
    with open(os.path.join(out, "passwords.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(w.common) + "\n")
    bkey = lambda s: s.encode("utf-8")
    for u in compromised:
        assert rust_safe(u) and norm(u) == u, u
    with open(os.path.join(out, "truth.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("user\n")
        for u in sorted(compromised, key=bkey):
            f.write(u + "\n")
    labels = {}
    counts = {"compromised": 0, "exposed": 0, "targeted": 0, "benign": 0}
    lab_rows = ["user,label,scenario"]
    for u in sorted(users, key=bkey):
        if u in compromised:
            lab = "compromised"
        elif u in honest_ok_pairs:
            lab = "exposed"
        elif u in attacked:
            lab = "targeted"
        else:
            lab = "benign"
        counts[lab] += 1
        labels[u] = lab
        a = w.bynorm.get(u)
        tr = set(w.traits.get(u, set()))
        if a is not None:
            tr |= a.traits
        else:
            tr.add("no-such-account")
            if not our_domain(u):
                tr.add("other-domain")
        tr.discard("attacked")
        if u in attacked:
            tr.add("attacked")
        sc = "+".join(sorted(tr)) or "plain"
        assert "," not in u and '"' not in u
        lab_rows.append(f"{u},{lab},{sc}")
    with open(os.path.join(out, "labels.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lab_rows) + "\n")
    groups = {}
    for c, (nl, nok) in camp_stats.items():
        g = c.split("/")[0]
        gs = groups.setdefault(g, [0, 0])
        gs[0] += nl
        gs[1] += nok
    honest_lines = sum(v[0] for c, v in camp_stats.items() if c.startswith("honest"))
    active = sum(1 for a in w.accounts if a.user in honest_users)
    meta = {
        "generator": VERSION,
        "seed": w.seed, "accounts": w.n, "profile": w.profile,
        "day": DAY.strftime("%Y-%m-%d"),
        "lines": len(lines), "honest_lines": honest_lines, "attacker_lines": len(lines) - honest_lines,
        "lines_per_server": per_server,
        "distinct_users": len(users), "distinct_ips": len(ips),
        "active_accounts": active,
        "probe_accounts": len(w.probe_accounts),
        "labels": counts,
        "compromised": len(compromised),
        "combos_lines": ncombo, "passwords_lines": len(w.common),
        "phished_pairs": len(w.phish_pairs),
        "campaign_groups": {g: {"lines": v[0], "ok": v[1]} for g, v in sorted(groups.items())},
        "campaigns": {c: {"lines": v[0], "ok": v[1]} for c, v in sorted(camp_stats.items())},
    }
    with open(os.path.join(out, "meta.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(meta, f, indent=2, sort_keys=False)
        f.write("\n")
    return meta


# --------------------------------------------------------------------------------------------
# Self-test
# --------------------------------------------------------------------------------------------

def rederive(out, key):
    """Truth, labels and meta counts from the written files alone."""
    fp = Fingerprinter(key)
    leaked = set()
    with open(os.path.join(out, "combos.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or ":" not in line:
                continue
            u, p = line.split(":", 1)
            leaked.add(fp.cred(u, p))
    with open(os.path.join(out, "event_labels.csv"), encoding="utf-8") as f:
        rd = list(csv.reader(f))
    assert rd[0] == ["line", "actor", "campaign"]
    el = rd[1:]
    users, attacked, comp, exposed = set(), set(), set(), set()
    n = 0
    with open(os.path.join(out, "events.jsonl"), encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            o = json.loads(line)
            n += 1
            assert int(el[i - 1][0]) == i
            actor = el[i - 1][1]
            t = parse_ts(o["ts"])
            assert 0 <= t < DAY_MS, (i, o["ts"])
            ipaddress.ip_address(o["ip"])
            assert isinstance(o["ok"], bool)
            for k in ("cred", "pw"):
                if k in o:
                    assert len(o[k]) == 16 and all(c in "0123456789abcdef" for c in o[k])
            u = norm(o["user"])
            assert o["user"] and rust_safe(o["user"])
            users.add(u)
            if actor == "attacker":
                attacked.add(u)
                if o["ok"]:
                    comp.add(u)
            elif o["ok"] and o.get("cred") in leaked:
                exposed.add(u)
    assert n == len(el)
    bkey = lambda s: s.encode("utf-8")
    truth = ["user"] + sorted(comp, key=bkey)
    with open(os.path.join(out, "truth.csv"), encoding="utf-8") as f:
        assert f.read().split("\n")[:-1] == truth, "truth.csv mismatch"
    with open(os.path.join(out, "labels.csv"), encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    got = {r[0]: r[1] for r in rows}
    assert [r[0] for r in rows] == sorted(users, key=bkey)
    for u in users:
        exp = ("compromised" if u in comp else "exposed" if u in exposed else
               "targeted" if u in attacked else "benign")
        assert got[u] == exp, (u, got[u], exp)
    with open(os.path.join(out, "meta.json"), encoding="utf-8") as f:
        meta = json.load(f)
    assert meta["lines"] == n and meta["compromised"] == len(comp)
    assert meta["distinct_users"] == len(users)
    return dict(lines=n, compromised=len(comp), exposed=len(exposed - comp))


def check_consistency(w):
    """Every login outcome agrees with the password history (except logged timeouts)."""
    bad = 0
    for ev in w.events:
        t, proto, typed, ip, cc, ok, pw, ua, actor, camp, method, seq = ev
        a = w.bynorm.get(norm(typed))
        if pw is None:
            continue
        exp = a is not None and pw == a.tl.pw_at(t)
        if camp.endswith("/timeout"):
            exp = False
        if exp != ok:
            bad += 1
    return bad


def files_digest(out):
    h = {}
    for name in sorted(os.listdir(out)):
        with open(os.path.join(out, name), "rb") as f:
            h[name] = hashlib.sha256(f.read()).hexdigest()
    return h


def selftest():
    t0 = time.time()
    for key, user, pw, cred, pwf in TEST_VECTORS:
        f = Fingerprinter(key)
        assert f.cred(user, pw) == cred, (user, f.cred(user, pw), cred)
        assert f.pw(pw) == pwf, (pw, f.pw(pw), pwf)
    print("ok  SPEC section 2 test vectors (6)")
    assert not rust_safe("İstanbul") and rust_safe("jürgen.weiß@quillmail.net")
    tmp = tempfile.mkdtemp(prefix="gen14-selftest-")
    try:
        me = os.path.abspath(__file__)
        for prof in PROFILES:
            digests = []
            for hs in ("0", "4242", "random"):
                d = os.path.join(tmp, f"{prof}-{hs}")
                env = dict(os.environ, PYTHONHASHSEED=hs)
                subprocess.run([sys.executable, me, "--seed", "7", "--accounts", "400",
                                "--profile", prof, "--out", d], check=True, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                digests.append(files_digest(d))
            assert digests[0] == digests[1] == digests[2], f"{prof}: output depends on PYTHONHASHSEED"
            r = rederive(os.path.join(tmp, f"{prof}-0"), DEMO_KEY)
            print(f"ok  {prof}: identical under PYTHONHASHSEED 0/4242/random; re-derived "
                  f"{r['lines']} lines, {r['compromised']} compromised, {r['exposed']} exposed")
        for prof in PROFILES:
            w = generate(3, 1200, prof)
            bad = check_consistency(w)
            assert bad == 0, f"{prof}: {bad} events disagree with the password history"
            for u, p in w.phish_pairs:
                assert (norm(u), p) not in w.combo_set, "phished pair leaked"
            d1 = os.path.join(tmp, f"k1-{prof}")
            d2 = os.path.join(tmp, f"k2-{prof}")
            write_outputs(w, d1, DEMO_KEY)
            write_outputs(w, d2, "s3cr3t-pepper")
            r1 = rederive(d1, DEMO_KEY)
            r2 = rederive(d2, "s3cr3t-pepper")
            assert r1 == r2
            for name in ("truth.csv", "labels.csv", "event_labels.csv", "combos.txt", "meta.json"):
                with open(os.path.join(d1, name), "rb") as f1, open(os.path.join(d2, name), "rb") as f2:
                    assert f1.read() == f2.read(), f"{name} depends on the key"
            n_comp = r1["compromised"]
            print(f"ok  {prof}: outcomes consistent with password history, phished pairs not "
                  f"leaked, labels independent of the key (N=1200: {n_comp} compromised)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"selftest passed in {time.time() - t0:.1f} s")


def main(argv=None):
    ap = argparse.ArgumentParser(description="webmail auth-log generator (gen14)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--accounts", type=int, default=5000)
    ap.add_argument("--profile", choices=PROFILES, default="mixed")
    ap.add_argument("--out")
    ap.add_argument("--key", default=DEMO_KEY)
    ap.add_argument("--selftest", action="store_true")
    args = ap.parse_args(argv)
    if args.selftest:
        selftest()
        return 0
    if not args.out:
        ap.error("--out is required")
    if args.accounts < 50:
        ap.error("--accounts must be at least 50")
    t0 = time.time()
    w = generate(args.seed, args.accounts, args.profile, args.key)
    meta = write_outputs(w, args.out, args.key)
    print(f"{args.profile}: {meta['lines']} lines ({meta['honest_lines']} honest, "
          f"{meta['attacker_lines']} attacker), {meta['compromised']} compromised, "
          f"{meta['labels']['exposed']} exposed, {time.time() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
