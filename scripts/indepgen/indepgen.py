#!/usr/bin/env python3
"""indepgen: an independent generator of labeled synthetic login logs.

Written for red-team testing of a credential-stuffing detector against data its authors did not
make.  Based only on the interface contract (SPEC.md: event fields, fingerprints, leak sources,
truth.csv) and on public descriptions of credential stuffing, password spraying, brute force and
honest login behaviour.  Standard library only; same seed, scale and profile -> same bytes.

Usage:
  python3 indepgen.py --seed S --scale N --out DIR [--profile mixed|botnet-heavy|low-and-slow|noisy-honest]
  python3 indepgen.py --selftest
  python3 indepgen.py --check DIR          (re-reads a generated directory and checks consistency)

Writes to DIR: events.jsonl, combos.txt, passwords.txt, truth.csv, labels.csv,
event_labels.csv (line -> actor/campaign, for analysis only; not detector input), stats.json.
"""
import argparse
import csv
import datetime
import hashlib
import hmac
import ipaddress
import json
import math
import os
import random
import re
import sys

DEMO_KEY = b"credsieve-demo-key"
DAY = 86_400_000                      # one night = 24 h, in ms
NIGHT_START = datetime.datetime(2026, 11, 20, 0, 0, 0, tzinfo=datetime.timezone.utc)
BASE_S = int(NIGHT_START.timestamp())
PROFILES = ("mixed", "botnet-heavy", "low-and-slow", "noisy-honest")

# --------------------------------------------------------------------------------------------
# fingerprints (SPEC section 2)
# --------------------------------------------------------------------------------------------


def norm(user):
    return user.strip().lower()


def cred_fp(user, password, key=DEMO_KEY):
    msg = b"c1\x00" + norm(user).encode("utf-8") + b"\x00" + password.encode("utf-8")
    return hmac.new(key, msg, hashlib.sha256).hexdigest()[:16]


def pw_fp(password, key=DEMO_KEY):
    h = hashlib.sha1(password.encode("utf-8")).hexdigest().upper()
    return hmac.new(key, b"p1\x00" + h.encode("ascii"), hashlib.sha256).hexdigest()[:16]


VECTORS = [
    (b"credsieve-demo-key", "alice@example.com", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    (b"credsieve-demo-key", "  Alice@Example.COM ", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    (b"credsieve-demo-key", "bob", "correct horse battery staple", "b3c4edfb71b95783", "379b91546fb38da0"),
    (b"credsieve-demo-key", "Ünïcode@例え.jp", "pässwörd:with:colons", "b00485ee34fad31d", "acadac23153ab923"),
    (b"s3cr3t-pepper", "alice@example.com", "hunter2", "57cab7f6c60a4041", "a82468d22c5531ab"),
    (b"s3cr3t-pepper", "bob", "correct horse battery staple", "f4be313772448b6f", "6e7632ab9a186ca4"),
]


def selftest():
    bad = 0
    for key, user, pw, c, p in VECTORS:
        gc, gp = cred_fp(user, pw, key), pw_fp(pw, key)
        ok = gc == c and gp == p
        bad += not ok
        print(f"{'ok  ' if ok else 'FAIL'} key={key.decode()!r} user={user!r} pw={pw!r} cred={gc} pw={gp}")
    print("selftest:", "PASS" if not bad else f"{bad} FAILED")
    return 0 if not bad else 1


def sub_rng(seed, name):
    d = hashlib.sha256(f"indepgen/{seed}/{name}".encode()).digest()
    return random.Random(int.from_bytes(d[:8], "big"))


def fmt_ts(ms):
    s, m = divmod(ms, 1000)
    return datetime.datetime.fromtimestamp(BASE_S + s, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S") + f".{m:03d}Z"


# --------------------------------------------------------------------------------------------
# vocabularies
# --------------------------------------------------------------------------------------------
FIRST = """james mary john patricia robert jennifer michael linda william elizabeth david barbara richard susan
joseph jessica thomas sarah charles karen chris nancy daniel lisa matthew betty anthony sandra mark ashley
paul kimberly steven emily andrew donna joshua michelle kevin carol brian amanda george melissa timothy
deborah ryan stephanie jacob rebecca gary laura nicholas sharon eric cynthia jonathan kathleen stephen amy
larry angela justin shirley scott anna brandon brenda ben pamela sam emma gregory nicole frank helen
alex samantha raymond katherine jack christine dennis debra jerry rachel tyler carolyn aaron janet jose
maria henry catherine adam heather nathan diane peter julie zach joyce kyle victoria noah kelly ethan
christina jeremy lauren walter joan christian evelyn keith olivia roger judith terry megan austin cheryl
sean martha gerald andrea carl hannah harold jacqueline dylan frances arthur ann lawrence gloria jordan
teresa jesse kathryn bryan sara billy janice bruce jean gabriel alice joe madison logan doris albert
abigail willie julia alan judy juan grace wayne denise elijah amber randy marilyn roy beverly vincent
danielle ralph theresa eugene sophia russell marie bobby diana mason brittany philip natalie louis isabella
lukas leon finn paul felix jonas elias luis max moritz anna lena lea hanna mia laura sophie marie emilie
lucas hugo louis gabriel arthur jules adam raphael camille chloe ines manon sarah jade louise alice
marco luca giulia francesca alessandro matteo sofia chiara piet jan sanne anouk ahmed fatima mohamed
yusuf aisha omar wei li ming hiroshi yuki kenji sakura raj priya arjun ananya carlos lucia diego
valentina mateo isabel pablo elena""".split()
LAST = """smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez
wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez
lewis robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker
hall rivera campbell mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards collins
reyes stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly
howard ramos kim cox ward richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes
price alvarez castillo sanders patel myers long ross foster jimenez schmidt schneider fischer weber meyer
wagner becker schulz hoffmann koch richter klein wolf neumann schwarz zimmermann braun hofmann hartmann
dubois durand leroy moreau simon laurent michel bernard petit rossi russo ferrari esposito bianchi
romano colombo ricci devries jansen bakker visser smit meijer kowalski nowak novak horvat silva santos
oliveira souza costa pereira wang zhang chen liu yang tanaka suzuki sato watanabe sharma singh kumar
gupta khan ali hassan andersson johansson karlsson nilsson hansen olsen larsen jensen""".split()
NA_FIRST = ["jürgen", "zoë", "josé", "łukasz", "søren", "françois", "björn", "andré", "chloé", "renée",
            "åsa", "ömer", "joão", "maría", "iñaki", "ágnes", "mikuláš", "noémie", "jérôme", "günther"]
NA_LAST = ["müller", "weiß", "garcía", "wójcik", "jørgensen", "lefèvre", "öztürk", "núñez", "dvořák",
           "sørensen", "bäcker", "gonçalves", "höfler", "ramírez", "lindqvist", "ångström"]
DOMAINS = [("gmail.com", 34), ("yahoo.com", 9), ("outlook.com", 7), ("hotmail.com", 9), ("icloud.com", 5),
           ("aol.com", 2), ("gmx.de", 4), ("web.de", 3), ("orange.fr", 2), ("free.fr", 1), ("libero.it", 1),
           ("proton.me", 2), ("comcast.net", 2), ("btinternet.com", 1), ("yandex.ru", 1), ("t-online.de", 2),
           ("live.com", 2), ("mail.ru", 1), ("me.com", 1), ("sbcglobal.net", 1), ("ziggo.nl", 1)]
NA_DOMAINS = ["gmx.de", "web.de", "orange.fr", "gmail.com", "seznam.cz", "telia.se", "sapo.pt", "correo.es"]
COMPANY_DOMAINS = ["northwind-traders.com", "fabrikam-group.com", "contoso-logistics.com", "tailspin-air.com",
                   "wingtip-toys.com", "adventure-works.net", "litware-inc.com", "proseware.io"]
WORDS = """sunshine football monkey dragon shadow master princess charlie soccer hockey buster tigger pepper
ginger summer winter london paris chelsea liverpool arsenal barcelona madrid bailey maggie daisy rocky coco
luna max bella oliver teddy jasmine purple orange banana cookie coffee guitar music freedom angel family
forever blessed loveyou honey butterfly rainbow flower cheese pizza chocolate starwars batman superman
pokemon minecraft yankees lakers cowboys steelers natasha andrea michael jennifer jordan thomas daniel
robert nicole jessica ashley amanda joshua matthew anthony hannah sophie lucas emma nova zeus apollo
phoenix falcon eagle tiger lion wolf bear ocean river mountain forest silver golden diamond crystal rocket
thunder storm matrix ninja samurai viking pirate wizard merlin gandalf hobbit sparky snoopy scooby
garfield kitty puppy honda toyota porsche ferrari mustang harley yamaha spring autumn december october
august bonjour hallo ciao hola schatz liebe amore cielo soleil fussball""".split()
CLASSIC = ["123456", "password", "123456789", "12345678", "12345", "qwerty", "1234567", "111111",
           "1234567890", "123123", "abc123", "password1", "1234", "iloveyou", "1q2w3e4r", "000000",
           "qwerty123", "zaq12wsx", "dragon", "sunshine", "princess", "letmein", "654321", "monkey",
           "1qaz2wsx", "123321", "qwertyuiop", "superman", "asdfghjkl", "football", "baseball", "welcome",
           "admin", "master", "shadow", "michael", "ashley", "666666", "121212", "trustno1", "starwars",
           "123qwe", "passw0rd", "hello", "charlie", "aa123456", "donald", "freedom", "whatever", "qazwsx",
           "987654321", "access", "flower", "hottie", "loveme", "zxcvbnm", "mustang", "jordan23", "batman",
           "secret", "solo", "summer", "pokemon", "lovely", "7777777", "888888", "naruto", "michelle",
           "daniel", "jennifer", "computer", "soccer", "hockey", "killer", "george", "andrew", "charlie1",
           "superman1", "jessica", "pepper", "1111", "zxcvbn", "555555", "11111111", "131313", "ginger",
           "hunter", "buster", "soccer1", "harley", "ranger", "tigger", "robert", "thomas", "matrix",
           "nicole", "jordan", "maggie", "cookie", "chocolate", "cheese", "biteme", "qwer1234", "Aa123456",
           "P@ssw0rd", "Password", "Password1", "Password123", "Qwerty123", "abcd1234", "1q2w3e",
           "987654", "112233", "159753", "asdf1234", "q1w2e3r4", "dragon1", "monkey1", "liverpool1"]
POLICY = ["Welcome1", "Welcome1!", "Welcome123", "Password1!", "P@ssw0rd1", "Passw0rd!", "Autumn2026",
          "Autumn2026!", "Fall2026!", "Winter2026", "Winter2026!", "November2026", "November2026!",
          "Summer2026!", "Spring2026", "Changeme1", "Changeme123!", "Company123", "Qwerty123!", "Letmein1!",
          "Monday123", "Welcome2026", "Welcome2026!", "Acme2026!", "Summer2025!", "Winter2025!"]
SPRAYABLE = ["Welcome1", "Welcome1!", "Password1", "Password1!", "Autumn2026!", "Autumn2026", "Fall2026!",
             "Winter2026!", "November2026", "123456", "Qwerty123!", "Welcome2026!", "Changeme1", "P@ssw0rd"]

# user agents: one common pool used by honest users AND (most of the time) by bots
UA_COMMON = [
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36", 30, "d"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", 12, "d"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36", 7, "d"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0", 9, "d"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36", 10, "d"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", 6, "d"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0", 5, "d"),
    ("Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0", 1, "d"),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36", 1, "d"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", 15, "m"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1", 6, "m"),
    ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36", 15, "m"),
    ("Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36", 3, "m"),
    ("AcmeApp/7.4.2 (iPhone; iOS 18.1; Scale/3.00)", 8, "a"),
    ("AcmeApp/7.4.1 (iPhone; iOS 17.6.1; Scale/3.00)", 3, "a"),
    ("AcmeApp/7.4.2 (Android 14; SM-S911B)", 4, "a"),
    ("okhttp/4.12.0", 5, "a"),
]
UA_TOOL = ["python-requests/2.32.3", "okhttp/3.14.9", "curl/8.5.0", "Go-http-client/2.0",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0.0.0 Safari/537.36",
           "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.88 Safari/537.36"]
UA_PROBE = ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/130.0.0.0 Safari/537.36",
            "Datadog/Synthetics", "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)"]

REGIONS = [("eu-central", 1, 38), ("uk", 0, 10), ("us-east", -5, 22), ("us-central", -6, 7),
           ("us-west", -8, 12), ("br", -3, 4), ("asia", 8, 7)]
RES_FIRST = [2, 5, 24, 31, 37, 46, 62, 67, 68, 71, 73, 75, 76, 77, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88,
             89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 108, 109, 151, 173, 174, 176, 178, 184, 188, 212, 213, 217]
FOREIGN_FIRST = [1, 14, 27, 36, 39, 42, 49, 58, 59, 101, 103, 110, 112, 113, 115, 116, 117, 118, 119, 120,
                 121, 122, 123, 125, 171, 177, 179, 180, 181, 182, 183, 186, 187, 189, 190, 191, 200, 201,
                 202, 210, 211, 220, 221, 222]
HOST16 = ["45.33", "45.55", "45.76", "45.77", "64.225", "66.42", "95.179", "103.253", "104.131", "104.236",
          "134.209", "138.68", "139.59", "142.93", "143.198", "146.190", "157.245", "159.65", "159.89",
          "161.35", "164.90", "165.22", "167.71", "167.99", "178.62", "185.220", "188.166", "192.241",
          "193.42", "194.87", "198.199", "206.189", "209.97", "51.15", "51.75", "51.91", "54.36", "3.120",
          "18.195", "34.82", "35.198", "20.51", "52.168", "13.58", "149.28", "207.148", "5.161", "91.92",
          "37.120", "213.183"]
RES6 = ["2a02:8108", "2a02:810d", "2003:e7", "2003:c1", "2600:1700", "2601:640", "2601:18c", "2a00:23c5",
        "2a01:cb00", "2604:2d80", "2a02:a44", "2001:56a", "2a02:1810", "2806:10a"]
MOB6 = ["2607:fb90", "2a02:3030", "2a01:599", "2a02:3100"]
HOST6 = ["2a01:4f8", "2a01:4f9", "2604:a880", "2001:19f0", "2a03:b0c0", "2a05:d014", "2600:1f18", "2a0a:4cc0"]

# --------------------------------------------------------------------------------------------
# profiles: magnitudes are ranges, drawn per seed
# --------------------------------------------------------------------------------------------
BASE = dict(
    reused_leaked=(0.04, 0.06), reused_private=(0.015, 0.025), old_leaked=(0.07, 0.10),
    othersite_leaked=(0.08, 0.12), common_pw=(0.025, 0.035), combo_nonexistent=(2.5, 3.5),
    activity=[30, 20, 17, 13, 9, 6], heavy=0.05, p_mobile=0.35, typo=(0.04, 0.06), forgot=(0.008, 0.012),
    stale=(0.012, 0.02), cgnat_pool=(48, 160), n_carriers=(3, 5), corp_frac=(0.06, 0.10), corp_n=1,
    corp_egress=(1, 2), vpn=(0.025, 0.035), ipv6_home=(0.2, 0.3), family=0.1, travel=0.01,
    # attacks
    conc_sources=(2, 5), conc_attempts=(0.4, 0.8), conc_rate=(0.005, 0.03), conc_speed=(0.2, 2.0),
    dist_attempts=(0.5, 1.0), dist_per_addr=[40, 30, 20, 10], dist_rate=(0.005, 0.03), dist_window=(4, 12),
    share_home=0.05, share_cgnat=0.10,
    spray_pw=(3, 5), spray_targets=(0.08, 0.16), spray_gap=(2, 10), spray_round_gap=(45, 120),
    spray_single_addrs=(1, 1),
    sprayd_addrs=(0.02, 0.06), sprayd_targets=(0.05, 0.10), sprayd_pw=(1, 2),
    bf_targets=(3, 6), bf_success=(1, 3), bf_guesses=(30, 400), bf_gap=(1, 20), bf_rotate=0.4, bf_rot_addrs=(3, 5),
    v6_attempts=(0.04, 0.10), v6_rate=(0.01, 0.03), v6_gap=(3, 30),
    fu_p=0.6, fu_per_addr=(2, 5), fu_delay=(0.25, 10), fu_pwchange=0.1, fu_resproxy=0.45,
    min_gap=0, dist_min_gap=0,
)
PROFILE_OVERRIDES = {
    "mixed": {},
    "botnet-heavy": dict(
        conc_sources=(1, 1), conc_attempts=(0.05, 0.15), dist_attempts=(1.2, 2.0), dist_per_addr=[65, 35],
        dist_rate=(0.005, 0.02), dist_window=(8, 20), share_home=0.08, share_cgnat=0.20,
        spray_targets=(0.03, 0.06), spray_pw=(2, 3), sprayd_addrs=(0.06, 0.12), sprayd_targets=(0.10, 0.20),
        sprayd_pw=(2, 3), bf_rotate=1.0, bf_rot_addrs=(10, 40), v6_attempts=(0.02, 0.04),
        fu_per_addr=(1, 2), fu_resproxy=0.85),
    "low-and-slow": dict(
        conc_sources=(10, 25), conc_attempts=(0.3, 0.5), min_gap=201, dist_attempts=(0.4, 0.7),
        dist_per_addr=[40, 35, 25], dist_window=(12, 22), dist_min_gap=660, spray_targets=(0.05, 0.10),
        spray_single_addrs=(8, 20), spray_round_gap=(120, 240), sprayd_addrs=(0.03, 0.06),
        bf_guesses=(30, 150), bf_gap=(240, 600), bf_rotate=1.0, bf_rot_addrs=(3, 6),
        v6_attempts=(0.03, 0.06), v6_gap=(60, 240), fu_p=0.5, fu_per_addr=(1, 3), fu_delay=(1, 14)),
    "noisy-honest": dict(
        reused_leaked=(0.10, 0.14), old_leaked=(0.10, 0.14), common_pw=(0.035, 0.045),
        activity=[20, 18, 17, 15, 11, 8], heavy=0.11, p_mobile=0.5, typo=(0.10, 0.14), forgot=(0.025, 0.035),
        stale=(0.035, 0.045), cgnat_pool=(8, 24), n_carriers=(2, 3), corp_frac=(0.08, 0.12), corp_n=2,
        corp_egress=(1, 2), vpn=(0.06, 0.08), travel=0.02,
        conc_attempts=(0.2, 0.4), dist_attempts=(0.25, 0.5), spray_targets=(0.04, 0.08),
        sprayd_addrs=(0.01, 0.03), v6_attempts=(0.02, 0.05)),
}


# ranges drawn per event / per group rather than once per seed
PER_EVENT = {"conc_speed", "bf_guesses", "bf_rot_addrs", "fu_per_addr", "fu_delay"}


def draw_params(profile, seed, N):
    rng = sub_rng(seed, "params/" + profile)
    spec = dict(BASE)
    spec.update(PROFILE_OVERRIDES[profile])
    P = {}
    for k in sorted(spec):
        v = spec[k]
        if isinstance(v, tuple) and k not in PER_EVENT:
            a, b = v
            P[k] = rng.randint(a, b) if isinstance(a, int) and isinstance(b, int) else rng.uniform(a, b)
        else:
            P[k] = v
    P["corp_n"] = spec["corp_n"] + N // 20000
    return P


# --------------------------------------------------------------------------------------------
# generator
# --------------------------------------------------------------------------------------------
class Acct:
    __slots__ = ("i", "user", "norm", "pw", "old", "cat", "tz", "region", "isp", "home", "home6", "carrier",
                 "corp", "vpn", "desk", "phone", "n", "capital", "leak_user", "tags", "kind", "iid")


def ip4(n):
    return str(ipaddress.IPv4Address(n))


def ip6(n):
    return ipaddress.IPv6Address(n).compressed


class Gen:
    def __init__(self, seed, N, profile):
        self.seed, self.N, self.profile = seed, N, profile
        self.P = draw_params(profile, seed, N)
        self.ev = []            # [t, typed_user, ip, acct_idx, password, ua, actor, campaign]
        self.by_norm = {}
        self.accts = []
        self.used16 = set(HOST16)
        self.pwchange = {}      # idx -> (t, new password)
        self.ua_w = [w for _, w, _ in UA_COMMON]
        self.ua_s = [s for s, _, _ in UA_COMMON]

    def R(self, name):
        return sub_rng(self.seed, f"{self.profile}/{self.N}/{name}")

    # ---------- addresses ----------
    def new16(self, rng, firsts):
        while True:
            a, b = rng.choice(firsts), rng.randint(1, 254)
            key = f"{a}.{b}"
            if key in self.used16:
                continue
            if not ipaddress.ip_network(f"{a}.{b}.0.0/16").is_global:
                continue
            self.used16.add(key)
            return (a << 24) | (b << 16)

    @staticmethod
    def host_in16(rng, base):
        return ip4(base | (rng.randint(0, 255) << 8) | rng.randint(1, 254))

    def hosting_addr(self, rng):
        a, b = rng.choice(HOST16).split(".")
        return self.host_in16(rng, (int(a) << 24) | (int(b) << 16))

    def residential_proxy_addr(self, rng):
        """an address of a residential-proxy / botnet exit (often a real subscriber line)"""
        P = self.P
        r = rng.random()
        if r < P["share_home"]:
            a = self.accts[rng.randrange(self.N)]
            return a.home
        if r < P["share_home"] + P["share_cgnat"]:
            return rng.choice(rng.choice(self.carriers)["pool"])
        if r < P["share_home"] + P["share_cgnat"] + 0.04:       # a few v6 subscriber lines
            isp = rng.choice(self.isps)
            if isp["v6"] is not None:
                return ip6(isp["v6"] | (rng.getrandbits(32) << 64) | rng.getrandbits(64))
        if rng.random() < 0.55:
            isp = rng.choice(self.isps)
            return self.host_in16(rng, rng.choice(isp["v4"]))
        return self.host_in16(rng, rng.choice(self.foreign16))

    # ---------- world ----------
    def make_user(self, rng, nonascii=False, company=None):
        if nonascii:
            f, l = rng.choice(NA_FIRST), rng.choice(NA_LAST + LAST)
            if rng.random() < 0.5:
                f, l = rng.choice(FIRST), rng.choice(NA_LAST)
        else:
            f, l = rng.choice(FIRST), rng.choice(LAST)
        dom = company or (rng.choice(NA_DOMAINS) if nonascii else
                          rng.choices([d for d, _ in DOMAINS], [w for _, w in DOMAINS])[0])
        r = rng.random()
        if company:
            local = f"{f}.{l}" if r < 0.7 else f"{f[0]}{l}"
        elif r < 0.30:
            local = f"{f}.{l}"
        elif r < 0.45:
            local = f"{f[0]}{l}{rng.randint(1, 99)}"
        elif r < 0.60:
            local = f"{f}{l}{rng.randint(60, 99) if rng.random() < 0.6 else rng.randint(1, 2010)}"
        elif r < 0.70:
            local = f"{f}_{l}"
        elif r < 0.85:
            local = f"{f}{rng.randint(1, 9999)}"
        else:
            local = f"{l}.{f[0]}{rng.randint(1, 99)}"
            if rng.random() < 0.35:     # plain handle, not an e-mail address
                return f"{f}{l[:3]}{rng.randint(1, 999)}"
        return f"{local}@{dom}"

    def make_password(self, rng):
        r = rng.random()
        w = rng.choice(WORDS)
        if r < 0.22:        # password manager
            alph = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#$%&*+-=?@^_"
            return "".join(rng.choice(alph) for _ in range(rng.randint(12, 20)))
        if r < 0.40:
            return f"{w}{rng.randint(0, 99):02d}"
        if r < 0.55:
            return f"{w.capitalize()}{rng.randint(1960, 2012)}"
        if r < 0.67:
            return f"{w.capitalize()}{rng.randint(1, 2026)}{rng.choice('!.#$*?')}"
        if r < 0.75:
            return f"{w}{rng.choice(WORDS)}"
        if r < 0.82:
            tr = str.maketrans({"a": "4", "e": "3", "o": "0", "i": "1", "s": "$"})
            return f"{w.capitalize().translate(tr)}{rng.choice('!@#')}{rng.randint(1, 99)}"
        if r < 0.86:
            return "-".join(rng.choice(WORDS) for _ in range(rng.randint(3, 4)))
        if r < 0.87:
            return rng.choice([f"{w}:{rng.randint(1, 99)}", f"Grüße{rng.randint(1, 99)}",
                               f"{w}ü{rng.randint(10, 99)}", f"pass:{w}{rng.randint(1, 9)}"])
        return f"{rng.choice(FIRST)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"

    def variant(self, rng, user):
        """how a user name may be spelled in a dump: mostly as is, sometimes in other case"""
        v = self._variant(rng, user)
        return v if norm(v) == norm(user) else user.lower()

    def _variant(self, rng, user):
        r = rng.random()
        if r < 0.80:
            return user.lower()
        if r < 0.93:
            loc, _, dom = user.partition("@")
            return ".".join(p.capitalize() for p in loc.split(".")) + ("@" + dom if dom else "")
        if r < 0.98:
            return user
        return user.upper()

    def mutate(self, rng, pw):
        for _ in range(10):
            op = rng.randrange(7)
            if op == 0 and pw:
                q = pw[0].swapcase() + pw[1:]
            elif op == 1 and len(pw) > 1:
                q = pw[:-1]
            elif op == 2 and pw:
                k = rng.randrange(len(pw))
                q = pw[:k] + pw[k] + pw[k:]
            elif op == 3 and len(pw) > 2:
                k = rng.randrange(len(pw) - 1)
                q = pw[:k] + pw[k + 1] + pw[k] + pw[k + 2:]
            elif op == 4:
                q = pw.swapcase()
            elif op == 5:
                q = pw + rng.choice("1!.")
            else:
                k = rng.randrange(len(pw)) if pw else 0
                q = pw[:k] + rng.choice("qwertyuiopasdfghjkl1234567890") + pw[k + 1:]
            if q != pw:
                return q
        return pw + "x"

    def build_world(self):
        P, N = self.P, self.N
        rng = self.R("world")
        # networks
        self.isps, self.carriers, self.region_isps, self.region_carriers = [], [], {}, {}
        for rname, tz, _ in REGIONS:
            self.region_isps[rname], self.region_carriers[rname] = [], []
            for _ in range(rng.randint(2, 4)):
                isp = {"v4": [self.new16(rng, RES_FIRST) for _ in range(rng.randint(1, 3))],
                       "v6": None}
                if rng.random() < 0.6:
                    isp["v6"] = int(ipaddress.IPv6Network(rng.choice(RES6) + "::/32").network_address)
                self.isps.append(isp)
                self.region_isps[rname].append(isp)
        nc = P["n_carriers"]
        for rname, tz, _ in REGIONS:
            for _ in range(max(1, round(nc * (0.5 if rname in ("br", "asia", "us-central") else 1)))):
                base = self.new16(rng, RES_FIRST) | (rng.randrange(0, 64) << 10)
                psize = max(4, round(P["cgnat_pool"] * (0.4 if rname in ("br", "asia", "us-central") else 1)))
                hosts = [h for h in range(1, 1023) if h % 256 not in (0, 255)]
                pool = [ip4(base + h) for h in sorted(rng.sample(hosts, min(psize, 1000)))]
                c = {"pool": pool, "v6": None}
                if rng.random() < 0.4:
                    c["v6"] = int(ipaddress.IPv6Network(rng.choice(MOB6) + "::/32").network_address)
                self.carriers.append(c)
                self.region_carriers[rname].append(c)
        self.foreign16 = [self.new16(rng, FOREIGN_FIRST) for _ in range(60)]
        self.vpn_exits = [self.hosting_addr(rng) for _ in range(max(6, N // 600))]
        # companies (corporate proxy / SSO egress)
        self.corps = []
        corp_sizes = [min(1500, max(150, round(N * P["corp_frac"] / P["corp_n"] * rng.uniform(0.7, 1.3))))
                      for _ in range(P["corp_n"])]
        corp_sizes += [rng.randint(5, 40) for _ in range(max(1, N // 500))]
        for k, size in enumerate(corp_sizes):
            b = self.new16(rng, RES_FIRST) | (rng.randint(0, 255) << 8)
            egress = [ip4(b + rng.randint(1, 254)) for _ in range(P["corp_egress"] if size >= 100 else 1)]
            region = rng.choices([r for r, _, _ in REGIONS], [w for _, _, w in REGIONS])[0]
            self.corps.append({"size": size, "egress": egress, "region": region,
                               "domain": COMPANY_DOMAINS[k % len(COMPANY_DOMAINS)] if size >= 100 and rng.random() < 0.5 else None})
        # accounts
        corp_slots = []
        for k, c in enumerate(self.corps):
            corp_slots += [k] * c["size"]
        corp_slots = corp_slots[:int(N * 0.3)]
        corp_slots += [-1] * (N - len(corp_slots))
        rng.shuffle(corp_slots)
        rnames = [r for r, _, _ in REGIONS]
        rw = [w for _, _, w in REGIONS]
        tzof = {r: tz for r, tz, _ in REGIONS}
        for i in range(N):
            a = Acct()
            a.i, a.tags, a.kind = i, [], "user"
            a.corp = corp_slots[i] if corp_slots[i] >= 0 else None
            if a.corp is not None:
                a.region = self.corps[a.corp]["region"]
            else:
                a.region = rng.choices(rnames, rw)[0]
            a.tz = tzof[a.region]
            cdom = self.corps[a.corp]["domain"] if a.corp is not None else None
            while True:
                u = self.make_user(rng, nonascii=rng.random() < 0.02, company=cdom if rng.random() < 0.7 else None)
                if rng.random() < 0.05:
                    loc, _, dom = u.partition("@")
                    u = ".".join(p.capitalize() for p in loc.split(".")) + ("@" + dom if dom else "")
                if norm(u) not in self.by_norm and ":" not in u:
                    break
            a.user, a.norm = u, norm(u)
            self.by_norm[a.norm] = i
            a.pw = self.make_password(rng)
            a.old = [self.make_password(rng) for _ in range(rng.choices([0, 1, 2], [40, 40, 20])[0])]
            a.cat, a.leak_user, a.iid = "unique", None, {}
            # network
            if i > 0 and rng.random() < P["family"] and self.accts[-1].region == a.region:
                prev = self.accts[-1]
                a.isp, a.home, a.home6 = prev.isp, prev.home, prev.home6
            else:
                a.isp = rng.choice(self.region_isps[a.region])
                a.home = self.host_in16(rng, rng.choice(a.isp["v4"]))
                a.home6 = None
                if a.isp["v6"] is not None and rng.random() < P["ipv6_home"] / 0.6:
                    a.home6 = a.isp["v6"] | (rng.getrandbits(32) << 64)
            a.carrier = rng.choice(self.region_carriers[a.region]) if rng.random() < 0.85 else None
            a.vpn = rng.random() < P["vpn"]
            a.desk = rng.choices([s for s, _, k in UA_COMMON if k == "d"], [w for _, w, k in UA_COMMON if k == "d"])[0] \
                if rng.random() < 0.85 else None
            a.phone = rng.choices([s for s, _, k in UA_COMMON if k != "d"], [w for _, w, k in UA_COMMON if k != "d"])[0] \
                if rng.random() < 0.9 or a.desk is None else None
            a.capital = False
            act = rng.random()
            if act < P["heavy"]:
                a.n = rng.randint(6, 15)
            else:
                a.n = rng.choices(range(6), P["activity"])[0]
            self.accts.append(a)
        # password categories (disjoint), chosen with a separate stream
        r2 = self.R("categories")
        order = list(range(N))
        r2.shuffle(order)
        k = 0

        def take(frac):
            nonlocal k
            m = round(N * frac)
            out = order[k:k + m]
            k += m
            return out
        self.spray_pws = r2.sample(SPRAYABLE, 6)      # the seasonal / policy passwords in fashion
        for i in take(P["reused_leaked"]):
            a = self.accts[i]
            a.cat = "leaked"
            a.leak_user = self.variant(r2, a.user)
            a.tags.append("reused-leaked")
        for i in take(P["reused_private"]):
            self.accts[i].cat = "private"
            self.accts[i].tags.append("reused-private")
        for i in take(P["common_pw"]):
            a = self.accts[i]
            a.cat = "common"
            x = r2.random()
            if x < 0.45:
                a.pw = CLASSIC[min(len(CLASSIC) - 1, int(r2.paretovariate(1.1)) - 1)]
            elif x < 0.75:
                a.pw = r2.choice(self.spray_pws)
            else:
                a.pw = r2.choice(POLICY + SPRAYABLE)
            a.tags.append("common-pw")
        self.bf_plan = []
        nbf = P["bf_targets"]
        nsucc = min(P["bf_success"], nbf)
        bf_idx = order[k:k + nbf]
        k += nbf
        guesses = self.dictionary()
        for j, i in enumerate(bf_idx):
            a = self.accts[i]
            if j < nsucc:
                lim = 120 if self.profile == "low-and-slow" else 300
                while True:
                    pos = r2.randint(15, lim)
                    if guesses[pos] not in SPRAYABLE:
                        break
                a.pw, a.cat = guesses[pos], "dict"
                a.tags.append("dict-pw")
            self.bf_plan.append((i, j < nsucc))
        # some accounts keep an old password that appears in a dump, or a password from another site
        rest = order[k:] + [i for i in order[:k] if self.accts[i].cat != "dict"]
        rest.sort()
        r2.shuffle(rest)
        self.old_leaked, self.other_leaked = [], []
        for i in rest[:round(N * P["old_leaked"])]:
            a = self.accts[i]
            if not a.old:
                a.old = [self.make_password(r2)]
            self.old_leaked.append(i)
            a.tags.append("old-pw-leaked")
        r2.shuffle(rest)
        for i in rest[:round(N * P["othersite_leaked"])]:
            self.other_leaked.append((i, self.make_password(r2)))
            self.accts[i].tags.append("othersite-leaked")
        for i in range(N):
            a = self.accts[i]
            if a.old and a.old[0] == a.pw:
                a.old[0] = a.pw + "1"

    def dictionary(self):
        """the attacker's / defender's common-password list, in popularity order"""
        if hasattr(self, "_dict"):
            return self._dict
        out, seen = [], set()
        for p in CLASSIC + POLICY + SPRAYABLE:
            if p not in seen:
                seen.add(p)
                out.append(p)
        for suf in ["1", "123", "12", "!", "2026", "2025", "1!", "01", "2024"]:
            for w in WORDS:
                for q in (w + suf, w.capitalize() + suf):
                    if q not in seen:
                        seen.add(q)
                        out.append(q)
        self._dict = out
        return out

    # ---------- leak files ----------
    def build_leaks(self):
        rng = self.R("leaks")
        P, N = self.P, self.N
        lines = []
        self.known_wrong = []        # (typed, pw) from combos.txt that do not open any account
        for a in self.accts:
            if a.cat == "leaked":
                lines.append((a.leak_user, a.pw))
        for i in self.old_leaked:
            a = self.accts[i]
            p = (self.variant(rng, a.user), a.old[0])
            lines.append(p)
            self.known_wrong.append(p)
        for i, opw in self.other_leaked:
            p = (self.variant(rng, self.accts[i].user), opw)
            lines.append(p)
            self.known_wrong.append(p)
        for _ in range(round(N * P["combo_nonexistent"])):
            u = self.make_user(rng, nonascii=rng.random() < 0.01)
            if norm(u) in self.by_norm or ":" in u:
                continue
            pw = rng.choice(CLASSIC + POLICY) if rng.random() < 0.06 else self.make_password(rng)
            p = (self.variant(rng, u), pw)
            lines.append(p)
            self.known_wrong.append(p)
        for _ in range(len(lines) // 50):
            lines.append(rng.choice(lines))
        out = [f"{u}:{p}" for u, p in lines]
        for _ in range(max(2, len(out) // 8000)):
            out.append(rng.choice(["", "", "-------------------------", "combo list 2026 fresh valid",
                                   f"{self.make_user(rng)}"]))
        rng.shuffle(out)
        self.combo_lines = out
        self.combo_creds = set()
        for line in out:
            if ":" in line:
                u, _, p = line.partition(":")
                if u.strip():
                    self.combo_creds.add(cred_fp(u, p))
        # plaintext password list: common passwords and a slice of what the dumps contain
        pl = list(self.dictionary())
        seen = set(pl)
        for u, p in rng.sample(lines, len(lines) // 4):
            if p not in seen:
                seen.add(p)
                pl.append(p)
        self.password_lines = pl

    # ---------- events ----------
    def add(self, t, typed, ip, pw, ua, actor, camp):
        idx = self.by_norm.get(norm(typed), -1)
        self.ev.append([int(t), typed, ip, idx, pw, ua, actor, camp])

    def pw_at(self, idx, t):
        c = self.pwchange.get(idx)
        if c is not None and t >= c[0]:
            return c[1]
        return self.accts[idx].pw

    def bot_ua_style(self, rng):
        r = rng.random()
        if r < 0.45:
            fixed = rng.choices(self.ua_s, self.ua_w)[0]
            return lambda: fixed
        if r < 0.90:
            return lambda: rng.choices(self.ua_s, self.ua_w)[0]
        tool = rng.choice(UA_TOOL)
        return lambda: tool

    def take_victims(self, rng, s, known_frac):
        out = []
        for _ in range(s):
            if self.used_victims and rng.random() < 0.05:
                i = rng.choice(self.used_victims)
            else:
                pool = self.vpool_leaked if rng.random() < known_frac else self.vpool_private
                if not pool:
                    pool = self.vpool_leaked or self.vpool_private
                if not pool:
                    break
                i = pool.pop()
                self.used_victims.append(i)
            a = self.accts[i]
            out.append((a.leak_user if a.cat == "leaked" else self.variant(rng, a.user), a.pw))
        return out

    def private_wrong(self, rng):
        if rng.random() < 0.7:
            while True:
                u = self.make_user(rng)
                if norm(u) not in self.by_norm:
                    return (self.variant(rng, u), self.make_password(rng))
        a = self.accts[rng.randrange(self.N)]
        return (self.variant(rng, a.user), self.make_password(rng))

    def stuffing_list(self, rng, n, rate):
        known_frac = rng.uniform(0.5, 0.8)
        s = round(n * rate)
        if s == 0 and n >= 40:
            s = 1
        lst = self.take_victims(rng, s, known_frac)
        while len(lst) < n:
            lst.append(rng.choice(self.known_wrong) if rng.random() < known_frac else self.private_wrong(rng))
        rng.shuffle(lst)
        return lst

    def gen_attacks(self):
        P, N = self.P, self.N
        rng = self.R("attacks")
        self.vpool_leaked = [a.i for a in self.accts if a.cat == "leaked"]
        self.vpool_private = [a.i for a in self.accts if a.cat == "private"]
        rng.shuffle(self.vpool_leaked)
        rng.shuffle(self.vpool_private)
        self.used_victims = []
        low = self.profile == "low-and-slow"
        self.campaigns = {}

        # (a) concentrated stuffing from a few hosting addresses
        n = round(N * P["conc_attempts"])
        nsrc = P["conc_sources"]
        if low:
            nsrc = max(nsrc, math.ceil(n / 120))
        lst = self.stuffing_list(rng, n, P["conc_rate"])
        per = math.ceil(len(lst) / nsrc)
        for s in range(nsrc):
            part = lst[s * per:(s + 1) * per]
            if not part:
                continue
            ip = self.hosting_addr(rng)
            ua = self.bot_ua_style(rng)
            camp = f"stuff-conc-{s}"
            self.campaigns[camp] = "stuffing-concentrated"
            times = []
            if low:
                t = 0.0
                for _ in part:
                    t += (201 + rng.expovariate(1 / 300)) * 1000
                    times.append(t)
            else:
                speed = rng.uniform(*P["conc_speed"])            # attempts / s
                t = 0.0
                for j in range(len(part)):
                    t += rng.expovariate(speed) * 1000
                    if j % 250 == 249 and rng.random() < 0.3:        # pause (proxy swap, list reload)
                        t += rng.uniform(60, 1200) * 1000
                    times.append(t)
            span = times[-1]
            if span > DAY * 0.95:
                times = [x * DAY * 0.9 / span for x in times]
                span = times[-1]
            start = rng.uniform(0, DAY - span - 1000)
            for (u, p), x in zip(part, times):
                self.add(start + x, u, ip, p, ua(), "attacker", camp)

        # (b) distributed stuffing through a residential proxy pool / botnet
        n = round(N * P["dist_attempts"])
        lst = self.stuffing_list(rng, n, P["dist_rate"])
        nw = len(P["dist_per_addr"])
        wlen = P["dist_window"] * 3600_000
        w0 = rng.uniform(0, DAY - wlen)
        camp = "stuff-dist"
        self.campaigns[camp] = "stuffing-distributed"
        j = 0
        while j < len(lst):
            k = rng.choices(range(1, nw + 1), P["dist_per_addr"])[0]
            ip = self.residential_proxy_addr(rng)
            ua = rng.choices(self.ua_s, self.ua_w)[0] if rng.random() < 0.93 else rng.choice(UA_TOOL)
            t = w0 + rng.uniform(0, wlen)
            for u, p in lst[j:j + k]:
                self.add(min(t, DAY - 1), u, ip, p, ua, "attacker", camp)
                t += (P["dist_min_gap"] + rng.expovariate(1 / 600)) * 1000 if low else rng.expovariate(1 / 25) * 1000
            j += k

        # (c) password spraying, single source (or a small set when rate-limited)
        npw = P["spray_pw"]
        pws = rng.sample(self.spray_pws, min(npw, len(self.spray_pws)))
        tgt = rng.sample(range(N), round(N * P["spray_targets"]))
        vuln = [a.i for a in self.accts if a.pw in pws]
        if vuln and not any(self.accts[i].pw in pws for i in tgt):
            tgt[0] = rng.choice(vuln)
        targets = [self.accts[i].norm for i in tgt]
        targets += [norm(self.make_user(rng)) for _ in range(round(len(targets) * 0.15))]
        rng.shuffle(targets)
        addrs = [self.hosting_addr(rng) if rng.random() < 0.7 else self.residential_proxy_addr(rng)
                 for _ in range(P["spray_single_addrs"])]
        ua = self.bot_ua_style(rng)
        camp = "spray-single"
        self.campaigns[camp] = "spray-single"
        t = rng.uniform(0, 5 * 3600_000)
        for p in pws:
            if low:
                R = len(addrs)
                for j, u in enumerate(targets):
                    if j % R == 0 and j:
                        t += rng.uniform(210, 420) * 1000
                    tt = t + (j % R) * 200 / R * 1000 + rng.uniform(0, 900)
                    if tt < DAY:
                        self.add(tt, u, addrs[j % R], p, ua(), "attacker", camp)
            else:
                for u in targets:
                    t += rng.expovariate(1 / P["spray_gap"]) * 1000
                    if t < DAY:
                        self.add(t, u, addrs[0], p, ua(), "attacker", camp)
            t += P["spray_round_gap"] * 60_000 * rng.uniform(0.8, 1.2)

        # (c') distributed spraying
        pws2 = rng.sample(self.spray_pws, min(P["sprayd_pw"], len(self.spray_pws)))
        tgt = rng.sample(range(N), round(N * P["sprayd_targets"]))
        pairs = [(self.accts[i].norm, p) for i in tgt for p in pws2]
        rng.shuffle(pairs)
        naddr = max(10, round(N * P["sprayd_addrs"]))
        per = max(1, math.ceil(len(pairs) / naddr))
        wlen = rng.uniform(6, 16) * 3600_000
        w0 = rng.uniform(0, DAY - wlen)
        camp = "spray-dist"
        self.campaigns[camp] = "spray-distributed"
        j = 0
        while j < len(pairs):
            k = min(3, max(1, round(rng.uniform(0.5, per + 0.5))))
            ip = self.residential_proxy_addr(rng) if rng.random() < 0.7 else self.hosting_addr(rng)
            ua = rng.choices(self.ua_s, self.ua_w)[0]
            t = w0 + rng.uniform(0, wlen)
            for u, p in pairs[j:j + k]:
                self.add(min(t, DAY - 1), u, ip, p, ua, "attacker", camp)
                t += (660 + rng.expovariate(1 / 900)) * 1000 if low else rng.uniform(5, 120) * 1000
            j += k

        # (d) brute force on a few accounts
        guesses = self.dictionary()
        bf_list = list(self.bf_plan)
        if rng.random() < 0.5:
            bf_list.append((-1, False))       # a non-existent admin-style name as well
        for j, (i, succ) in enumerate(bf_list):
            if i >= 0:
                a = self.accts[i]
                user = a.user if rng.random() < 0.5 else a.norm
                loc = a.norm.split("@")[0]
            else:
                user = rng.choice(["admin", "administrator", "root", "test", "support@acme.example"])
                loc = user.split("@")[0]
            personal = [f"{loc}123", f"{loc}1", f"{loc.capitalize()}2026!", f"{loc}2026", f"{loc}!"]
            gl = personal + guesses
            if succ:
                stop = gl.index(self.accts[i].pw) + 1
            else:
                stop = min(rng.randint(*P["bf_guesses"]), len(gl))
            if rng.random() < P["bf_rotate"]:
                nr = rng.randint(*P["bf_rot_addrs"])
                if self.profile == "botnet-heavy":
                    addrs = [self.residential_proxy_addr(rng) for _ in range(nr)]
                else:
                    addrs = [self.hosting_addr(rng) if rng.random() < 0.6 else self.residential_proxy_addr(rng)
                             for _ in range(nr)]
            else:
                addrs = [self.hosting_addr(rng) if rng.random() < 0.6 else self.residential_proxy_addr(rng)]
            ua = self.bot_ua_style(rng)
            mean_gap = P["bf_gap"] * 1000
            span = stop * mean_gap
            if span > DAY * 0.9:
                mean_gap = DAY * 0.9 / stop
                span = DAY * 0.9
            t = rng.uniform(0, DAY - span * 1.2 - 1000)
            camp = f"bruteforce-{j}"
            self.campaigns[camp] = "bruteforce"
            for g in range(stop):
                t += (0.5 + rng.random()) * mean_gap
                if t >= DAY:
                    break
                self.add(t, user, addrs[g % len(addrs)], gl[g], ua(), "attacker", camp)

        # (e) address rotation inside one IPv6 /64
        n = max(100, round(N * P["v6_attempts"]))
        lst = self.stuffing_list(rng, n, P["v6_rate"])
        pfx = int(ipaddress.IPv6Network(rng.choice(HOST6) + "::/32").network_address) | (rng.getrandbits(32) << 64)
        ua = self.bot_ua_style(rng)
        camp = "v6-rotation"
        self.campaigns[camp] = "ipv6-rotation"
        mean_gap = P["v6_gap"] * 1000
        if n * mean_gap > DAY * 0.9:
            mean_gap = DAY * 0.9 / n
        t = rng.uniform(0, max(1, DAY - n * mean_gap * 1.1))
        for u, p in lst:
            t += rng.expovariate(1 / mean_gap)
            if t >= DAY:
                break
            self.add(t, u, ip6(pfx | rng.getrandbits(64)), p, ua(), "attacker", camp)

    def gen_followups(self):
        """after a takeover, the attacker returns later from other infrastructure"""
        P = self.P
        rng = self.R("followups")
        first = {}
        for e in sorted((e for e in self.ev if e[6] == "attacker" and e[3] >= 0), key=lambda e: (e[0], e[7])):
            if e[3] not in first and e[4] == self.accts[e[3]].pw:
                first[e[3]] = e
        victims = [i for i in sorted(first) if rng.random() < P["fu_p"]]
        # the attacker works through the hits in batches, in the order they were found
        victims.sort(key=lambda i: (first[i][0] + rng.uniform(0, 1800_000), i))
        camp = "followup"
        self.campaigns[camp] = "followup"
        lo, hi = P["fu_delay"]
        j = 0
        while j < len(victims):
            k = rng.randint(*P["fu_per_addr"])
            grp = victims[j:j + k]
            j += k
            if rng.random() < P["fu_resproxy"]:
                ip = self.residential_proxy_addr(rng)
            else:
                ip = self.hosting_addr(rng)
            ua = rng.choices(self.ua_s, self.ua_w)[0] if rng.random() < 0.85 else rng.choice(UA_TOOL)
            t0 = max(first[i][0] for i in grp)
            room = (DAY - 600_000 - t0) / 3600_000          # hours left in the night
            if room < lo:
                continue
            t = t0 + rng.uniform(lo, min(hi, room)) * 3600_000
            for i in grp:
                if t >= DAY - 5000:
                    break
                e = first[i]
                self.add(t, e[1], ip, e[4], ua, "attacker", camp)
                if rng.random() < P["fu_pwchange"]:
                    newpw = self.make_password(rng)
                    tc = t + rng.uniform(30, 300) * 1000
                    self.pwchange[i] = (tc, newpw)
                    self.accts[i].tags.append("attacker-changed-pw")
                    t2 = tc + rng.uniform(0.5, 6) * 3600_000
                    if rng.random() < 0.5 and t2 < DAY:
                        self.add(t2, e[1], self.hosting_addr(rng), newpw, ua, "attacker", camp)
                t += rng.uniform(3, 90) * 1000

    # ---------- honest behaviour ----------
    DIURNAL = [1, .6, .4, .3, .3, .5, 1.5, 3, 4.5, 5, 4.5, 4.2, 4.5, 4.3, 4, 3.8, 3.8, 4, 4.5, 5, 5.5, 5.2, 3.8, 2.2]
    OFFICE = [0, 0, 0, 0, 0, 0, .2, 1, 4, 5, 4, 3, 2.5, 3.5, 3.5, 3, 2.5, 1.5, .5, .2, .1, 0, 0, 0]

    def local_time(self, rng, a, weights):
        h = rng.choices(range(24), weights)[0]
        ms = (h - a.tz) * 3600_000 + rng.randrange(3600_000)
        return ms % DAY

    def v6_home_addr(self, rng, a, dev, t):
        rot = a.iid.setdefault("rot", rng.uniform(0, DAY))
        key = (dev, t >= rot)
        if key not in a.iid:
            a.iid[key] = rng.getrandbits(64)
        return ip6(a.home6 | a.iid[key])

    def session_place(self, rng, a, t, office_session):
        """returns (ip, ua, tag)"""
        P = self.P
        if office_session:
            c = self.corps[a.corp]
            return rng.choice(c["egress"]), a.desk or a.phone, "office-proxy"
        r = rng.random()
        if a.carrier is not None and a.phone and r < P["p_mobile"]:
            c = a.carrier
            if c["v6"] is not None and rng.random() < 0.5:
                return ip6(c["v6"] | (rng.getrandbits(32) << 64) | rng.getrandbits(64)), a.phone, "mobile-v6"
            return rng.choice(c["pool"]), a.phone, "cgnat"
        dev = a.desk if (a.desk and (not a.phone or rng.random() < 0.6)) else a.phone
        if a.vpn and rng.random() < 0.6:
            return rng.choice(self.vpn_exits), dev, "vpn"
        if a.home6 is not None and rng.random() < 0.65:
            return self.v6_home_addr(rng, a, dev, t), dev, "ipv6-home"
        return a.home, dev, "home"

    def typed(self, rng, a):
        u = a.user
        if rng.random() < 0.004:
            u = rng.choice([" ", "", "\t"]) + u + rng.choice([" ", " ", ""])
        return u

    def gen_honest(self):
        P = self.P
        rng = self.R("honest")
        camp = "honest"
        for a in self.accts:
            tags = set()
            n = a.n
            forgot = rng.random() < P["forgot"] and n > 0
            stale = rng.random() < P["stale"] and a.phone is not None
            travel_s = rng.randrange(n) if n and rng.random() < P["travel"] else -1
            forgot_s = rng.randrange(n) if forgot else -1
            for s in range(n):
                office = a.corp is not None and rng.random() < 0.7
                t = self.local_time(rng, a, self.OFFICE if office else self.DIURNAL)
                ip, ua, tag = self.session_place(rng, a, t, office)
                if s == travel_s:
                    ip = self.host_in16(rng, rng.choice(self.foreign16 + [i for isp in self.isps for i in isp["v4"]]))
                    tag = "travel"
                tags.add(tag)
                if a.i in self.pwchange and t >= self.pwchange[a.i][0]:
                    # the attacker changed the password: the owner is locked out
                    for _ in range(rng.randint(2, 4)):
                        self.add(t, self.typed(rng, a), ip, a.pw, ua, "honest", camp)
                        t += rng.uniform(4, 40) * 1000
                    tags.add("locked-out")
                    continue
                if s == forgot_s:
                    cands = list(a.old) + [self.mutate(rng, a.pw), rng.choice(CLASSIC[:30] + POLICY),
                                           self.make_password(rng)]
                    for _ in range(rng.randint(2, 6)):
                        self.add(t, self.typed(rng, a), ip, rng.choice(cands), ua, "honest", camp)
                        t += rng.uniform(10, 90) * 1000
                    tags.add("forgot")
                    if rng.random() < 0.4:
                        continue        # gives up (or resets later, out of view)
                elif rng.random() < P["typo"]:
                    if rng.random() < 0.1:
                        loc, at, dom = a.user.partition("@")
                        if len(loc) > 2:
                            k = rng.randrange(len(loc))
                            self.add(t, loc[:k] + loc[k + 1:] + at + dom, ip, a.pw, ua, "honest", camp)
                            t += rng.uniform(4, 25) * 1000
                    bad = self.mutate(rng, a.pw)
                    for _ in range(rng.choices([1, 2, 3], [65, 25, 10])[0]):
                        if rng.random() < 0.3:
                            bad = self.mutate(rng, a.pw)
                        self.add(t, self.typed(rng, a), ip, bad, ua, "honest", camp)
                        t += rng.uniform(4, 25) * 1000
                    tags.add("typo")
                if t < DAY:
                    self.add(t, self.typed(rng, a), ip, a.pw, ua, "honest", camp)
                    # some password managers / apps double-submit
                    if rng.random() < 0.01:
                        self.add(t + rng.uniform(200, 1500), self.typed(rng, a), ip, a.pw, ua, "honest", camp)
            if stale:
                # a phone app keeps retrying a stale, saved password
                oldpw = a.old[0] if a.old else self.mutate(rng, a.pw)
                t = rng.uniform(0, DAY * 0.7)
                for _ in range(rng.randint(3, 10)):
                    if a.carrier is not None and rng.random() < 0.7:
                        ip = rng.choice(a.carrier["pool"])
                    else:
                        ip = a.home
                    self.add(t, a.user, ip, oldpw, a.phone, "honest", camp)
                    t += rng.uniform(5, 60) * 60_000
                    if t >= DAY:
                        break
                if rng.random() < 0.5 and t < DAY:
                    self.add(t, a.user, ip, a.pw, a.phone, "honest", camp)
                tags.add("stale-app")
            if a.vpn:
                tags.add("vpn-user")
            a.tags.extend(sorted(tags))

    def gen_probes_and_scripts(self):
        rng = self.R("probes")
        camp = "probe"
        self.probe_accts = []
        for k in range(rng.randint(2, 4)):
            u = f"synthetic-probe-{k + 1:02d}@acme-monitoring.example" if k % 2 == 0 else f"healthcheck{k + 1}@acme.example"
            a = Acct()
            a.i, a.user, a.norm, a.pw, a.kind = len(self.accts), u, norm(u), self.make_password(rng), "probe"
            a.tags, a.cat, a.old, a.iid = ["probe"], "unique", [], {}
            self.accts.append(a)
            self.by_norm[a.norm] = a.i
            self.probe_accts.append(a.i)
            locs = [self.hosting_addr(rng) for _ in range(rng.randint(1, 3))]
            ua = rng.choice(UA_PROBE)
            step = rng.uniform(60, 300) * 1000
            t = rng.uniform(0, step)
            negative = k == 0
            while t < DAY:
                ip = locs[int(t // step) % len(locs)]
                self.add(t, u, ip, a.pw, ua, "probe", camp)
                if negative and int(t // 3600_000) != int((t - step) // 3600_000):
                    self.add(t + 2000, u, ip, "wrong-password-check", ua, "probe", camp)
                t += step * rng.uniform(0.97, 1.03)
        # users who run their own scripts (cron job logging in from a VPS)
        for i in self.R("scripts").sample(range(self.N), max(1, self.N // 4000)):
            a = self.accts[i]
            ip = self.hosting_addr(rng)
            step = rng.uniform(15, 60) * 60_000
            t = rng.uniform(0, step)
            while t < DAY:
                self.add(t, a.user, ip, a.pw, "python-requests/2.31.0", "honest", "script")
                t += step
            a.tags.append("script")

    # ---------- evaluation, labels, output ----------
    def evaluate(self):
        for e in self.ev:
            idx = e[3]
            e.append(idx >= 0 and e[4] == self.pw_at(idx, e[0]))

    def run(self):
        self.build_world()
        self.build_leaks()
        self.gen_attacks()
        self.gen_followups()
        self.gen_honest()
        self.gen_probes_and_scripts()
        self.ev.sort(key=lambda e: (e[0], e[1], e[2], e[4]))
        self.evaluate()

    def write(self, out):
        os.makedirs(out, exist_ok=True)
        rng = self.R("servers")
        nserv = rng.randint(3, 5)
        offsets = [0] + [rng.randint(-1500, 1500) for _ in range(nserv - 1)]
        per_server = [[] for _ in range(nserv)]
        comp, targeted, exposed = {}, set(), set()
        tags_by = {}
        cfp, pfp = {}, {}
        for e in self.ev:
            t, typed, ip, idx, pw, ua, actor, camp, ok = e
            nu = norm(typed)
            key = (nu, pw)
            c = cfp.get(key)
            if c is None:
                c = cfp[key] = cred_fp(typed, pw)
            p = pfp.get(pw)
            if p is None:
                p = pfp[pw] = pw_fp(pw)
            s = rng.randrange(nserv)
            ts = t + offsets[s]
            line = json.dumps({"ts": fmt_ts(ts), "user": typed, "ip": ip, "ok": ok, "cred": c, "pw": p, "ua": ua},
                              ensure_ascii=False, separators=(",", ":"))
            per_server[s].append((ts, line, actor, camp))
            if idx >= 0:
                if actor == "attacker":
                    tags_by.setdefault(idx, set()).add(self.campaigns.get(camp, camp))
                    if ok:
                        comp.setdefault(idx, (t, ip, camp))
                    else:
                        targeted.add(idx)
                elif ok and c in self.combo_creds:
                    exposed.add(idx)
        # merged log order: each server's log is in its own time order and is shipped in batches
        # (every 1-60 min); batches of the servers arrive interleaved, and one server's batches for
        # a few hours arrive late, at the end.
        chunk_ms = rng.choice([60_000, 300_000, 600_000, 3_600_000])
        nch = DAY // chunk_ms
        chunks = []
        late_s, late_h = rng.randrange(nserv), rng.randrange(2, 20)
        late = []
        for s in range(nserv):
            for ts, line, actor, camp in per_server[s]:
                h = max(-1, min(nch, ts // chunk_ms))
                if s == late_s and late_h * 3600_000 <= ts < (late_h + 3) * 3600_000:
                    late.append((h, s, ts, line, actor, camp))
                else:
                    chunks.append((h, s, ts, line, actor, camp))
        order = {}
        for h in range(-1, nch + 1):
            perm = list(range(nserv))
            rng.shuffle(perm)
            for pos, s in enumerate(perm):
                order[(h, s)] = pos
        chunks.sort(key=lambda x: (x[0], order[(x[0], x[1])], x[2]))
        late.sort(key=lambda x: x[2])
        rows = chunks + late
        with open(os.path.join(out, "events.jsonl"), "w", encoding="utf-8", newline="\n") as f:
            for r in rows:
                f.write(r[3] + "\n")
        with open(os.path.join(out, "event_labels.csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["line", "actor", "campaign"])
            for n, r in enumerate(rows, 1):
                w.writerow([n, r[4], r[5]])
        with open(os.path.join(out, "combos.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(self.combo_lines) + "\n")
        with open(os.path.join(out, "passwords.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(self.password_lines) + "\n")
        bkey = lambda a: a.norm.encode("utf-8")
        with open(os.path.join(out, "truth.csv"), "w", encoding="utf-8", newline="") as f:
            f.write("user\n")
            for a in sorted((self.accts[i] for i in comp), key=bkey):
                f.write(a.norm + "\n")
        counts = {"compromised": 0, "exposed": 0, "targeted": 0, "benign": 0}
        with open(os.path.join(out, "labels.csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["user", "label", "scenario"])
            for a in sorted(self.accts, key=bkey):
                i = a.i
                lab = "compromised" if i in comp else "exposed" if i in exposed else \
                    "targeted" if i in targeted else "benign"
                counts[lab] += 1
                sc = set(a.tags) | tags_by.get(i, set())
                if i in exposed:
                    sc.add("exposed")
                if i in targeted and i not in comp:
                    sc.add("targeted")
                w.writerow([a.norm, lab, ";".join(sorted(sc)) or "inactive"])
        att = [e for e in self.ev if e[6] == "attacker"]
        by_kind = {}
        for e in att:
            k = self.campaigns.get(e[7], e[7])
            d = by_kind.setdefault(k, {"attempts": 0, "success": 0, "addresses": set()})
            d["attempts"] += 1
            d["success"] += e[8]
            d["addresses"].add(e[2])
        kinds_first = {}
        for i, (t, ip, camp) in comp.items():
            k = self.campaigns.get(camp, camp)
            kinds_first[k] = kinds_first.get(k, 0) + 1
        stats = {
            "profile": self.profile, "seed": self.seed, "scale": self.N,
            "events": len(self.ev), "honest_events": sum(e[6] == "honest" for e in self.ev),
            "probe_events": sum(e[6] == "probe" for e in self.ev), "attacker_events": len(att),
            "distinct_ips": len({e[2] for e in self.ev}), "accounts": len(self.accts),
            "labels": counts, "truth": len(comp),
            "combos_lines": len(self.combo_lines), "passwords_lines": len(self.password_lines),
            "servers": nserv, "clock_offsets_ms": offsets,
            "attacks": {k: {"attempts": v["attempts"], "success": v["success"], "addresses": len(v["addresses"])}
                        for k, v in sorted(by_kind.items())},
            "compromised_by_first_success": dict(sorted(kinds_first.items())),
            "attacker_pw_changes": len(self.pwchange),
            "params": {k: (round(v, 4) if isinstance(v, float) else v) for k, v in sorted(self.P.items())},
        }
        with open(os.path.join(out, "stats.json"), "w", encoding="utf-8") as f:
            json.dump(stats, f, indent=1, sort_keys=True)
            f.write("\n")
        return stats


# --------------------------------------------------------------------------------------------
# independent re-check of a generated directory (reads only the files)
# --------------------------------------------------------------------------------------------
TS_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
HEX16 = re.compile(r"^[0-9a-f]{16}$")


def parse_ts(s):
    d = datetime.datetime.strptime(s[:-1], "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=datetime.timezone.utc)
    return int(round(d.timestamp() * 1000))


def check(d):
    errs = []
    combos = set()
    with open(os.path.join(d, "combos.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if ":" in line:
                u, _, p = line.partition(":")
                if u.strip():
                    combos.add(cred_fp(u, p))
    pwset = set()
    with open(os.path.join(d, "passwords.txt"), encoding="utf-8") as f:
        for line in f:
            if line.rstrip("\n"):
                pwset.add(pw_fp(line.rstrip("\n")))
    with open(os.path.join(d, "event_labels.csv"), encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        lab = [(row[1], row[2]) for row in r]
    ev = []
    with open(os.path.join(d, "events.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            o = json.loads(line)
            if not TS_RE.match(o["ts"]):
                errs.append(f"line {n}: ts {o['ts']}")
            if not (HEX16.match(o["cred"]) and HEX16.match(o["pw"])) or not o["user"].strip():
                errs.append(f"line {n}: fields")
            ipaddress.ip_address(o["ip"])
            ev.append((parse_ts(o["ts"]), norm(o["user"]), o["ip"], o["ok"], o["cred"], o["pw"], o.get("ua", "")))
    if len(ev) != len(lab):
        errs.append("event_labels length mismatch")
    truth = []
    with open(os.path.join(d, "truth.csv"), encoding="utf-8") as f:
        r = csv.reader(f)
        if next(r) != ["user"]:
            errs.append("truth header")
        truth = [row[0] for row in r]
    labels = {}
    with open(os.path.join(d, "labels.csv"), encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        for u, l, s in r:
            labels[u] = (l, s)
    tset = set(truth)
    if truth != sorted(truth, key=lambda s: s.encode()):
        errs.append("truth not sorted bytewise")
    att_ok, att_any, hon_ok_leak, ok_any = {}, set(), set(), set()
    for (t, u, ip, ok, c, p, ua), (actor, camp) in zip(ev, lab):
        if ok:
            ok_any.add(u)
        if actor == "attacker":
            att_any.add(u)
            if ok:
                att_ok.setdefault(u, (t, ip, camp))
        elif ok and c in combos:
            hon_ok_leak.add(u)
    if set(att_ok) != tset:
        errs.append(f"truth != accounts with an attacker success ({len(tset)} vs {len(att_ok)})")
    cnt = {}
    for u, (l, s) in labels.items():
        cnt[l] = cnt.get(l, 0) + 1
        if l == "compromised" and u not in tset:
            errs.append(f"{u}: compromised label but not in truth")
        if l == "exposed" and (u in tset or u not in hon_ok_leak):
            errs.append(f"{u}: exposed label inconsistent")
        if l == "targeted" and (u not in att_any or u in tset):
            errs.append(f"{u}: targeted label inconsistent")
        if l == "benign" and (u in att_any or u in hon_ok_leak):
            errs.append(f"{u}: benign label inconsistent")
    for u in tset:
        if labels.get(u, ("",))[0] != "compromised":
            errs.append(f"{u}: in truth but not labelled compromised")
    inv = sum(1 for a, b in zip(ev, ev[1:]) if b[0] < a[0])
    # per attacker address: the most failures inside any 10-minute window
    by_ip = {}
    for (t, u, ip, ok, c, p, ua), (actor, camp) in zip(ev, lab):
        if actor == "attacker" and not ok:
            by_ip.setdefault(ip, []).append(t)
    max10 = 0
    for ts in by_ip.values():
        ts.sort()
        j = 0
        for i in range(len(ts)):
            while ts[i] - ts[j] >= 600_000:
                j += 1
            max10 = max(max10, i - j + 1)
    # exposed honest logins use a pair that is in combos.txt; truth successes split by leak membership
    t_leak = {u for (t, u, ip, ok, c, p, ua), (a, _) in zip(ev, lab) if a == "attacker" and ok and c in combos}
    t_pwl = {u for (t, u, ip, ok, c, p, ua), (a, _) in zip(ev, lab) if a == "attacker" and ok and p in pwset}
    succ_in_leak = sum(1 for (t, u, ip, ok, c, p, ua), (a, _) in zip(ev, lab) if a == "attacker" and ok and c in combos)
    succ_total = sum(1 for (t, u, ip, ok, c, p, ua), (a, _) in zip(ev, lab) if a == "attacker" and ok)
    ua_att = {}
    for (t, u, ip, ok, c, p, ua), (a, _) in zip(ev, lab):
        ua_att.setdefault(ua, [0, 0])[a == "attacker"] += 1
    only_att = sum(v[1] for k, v in ua_att.items() if v[0] == 0)
    res = {"dir": d, "events": len(ev), "truth": len(tset), "labels": cnt, "timestamp_inversions": inv,
           "attacker_success_events": succ_total, "attacker_success_with_leaked_pair": succ_in_leak,
           "truth_with_leaked_pair": len(t_leak), "truth_with_password_in_list": len(t_pwl),
           "truth_only_behavioural": len(tset - t_leak - t_pwl),
           "max_attacker_failures_per_ip_10min": max10,
           "attacker_events_with_attacker_only_ua": only_att,
           "errors": len(errs)}
    print(json.dumps(res, ensure_ascii=False))
    for e in errs[:20]:
        print("  ERROR", e)
    return 0 if not errs else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=int, default=5000)
    ap.add_argument("--out")
    ap.add_argument("--profile", default="mixed", choices=PROFILES)
    ap.add_argument("--selftest", action="store_true")
    ap.add_argument("--check", metavar="DIR")
    a = ap.parse_args()
    if a.selftest:
        return selftest()
    if a.check:
        return check(a.check)
    if not a.out:
        ap.error("--out is required")
    if a.scale < 200:
        ap.error("--scale must be at least 200")
    g = Gen(a.seed, a.scale, a.profile)
    g.run()
    s = g.write(a.out)
    print(json.dumps({k: s[k] for k in ("profile", "seed", "scale", "events", "truth", "labels")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
