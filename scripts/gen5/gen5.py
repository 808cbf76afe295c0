#!/usr/bin/env python3
"""gen5 - independent synthetic login-log generator for credential-stuffing detector evaluation.

Standard library only.  See README.md.
"""
import argparse
import bisect
import hashlib
import heapq
import hmac
import ipaddress
import json
import math
import os
import random
import shutil
import sys
import tempfile

KEY = b"credsieve-demo-key"
DAY = 86400000  # ms
DATE = "2026-11-20"  # a Friday
H = 3600000
M = 60000
S = 1000

# ----------------------------------------------------------------------------- fingerprints
_PWC = {}


def fp_pw(pw):
    r = _PWC.get(pw)
    if r is None:
        sha = hashlib.sha1(pw.encode()).hexdigest().upper()
        r = hmac.new(KEY, b"p1\x00" + sha.encode(), hashlib.sha256).hexdigest()[:16]
        _PWC[pw] = r
    return r


def fp_cred(normuser, pw):
    return hmac.new(KEY, b"c1\x00" + normuser.encode() + b"\x00" + pw.encode(), hashlib.sha256).hexdigest()[:16]


def norm(u):
    return u.strip().lower()


def ts_str(ms):
    ms = min(max(int(ms), 0), DAY - 1)
    s, mm = divmod(ms, 1000)
    h, s = divmod(s, 3600)
    m, s = divmod(s, 60)
    return "%sT%02d:%02d:%02d.%03dZ" % (DATE, h, m, s, mm)


def mkrng(seed, *parts):
    h = hashlib.sha256(("%s|" % (seed,) + "|".join(str(p) for p in parts)).encode()).digest()
    return random.Random(int.from_bytes(h[:8], "big"))


def wchoice(rng, items):
    """items: list of (value, weight)"""
    tot = 0.0
    for _, w in items:
        tot += w
    x = rng.random() * tot
    for v, w in items:
        x -= w
        if x < 0:
            return v
    return items[-1][0]


# ----------------------------------------------------------------------------- vocab
FIRST = ("james mary john patricia robert jennifer michael linda william elizabeth david barbara richard susan joseph "
         "jessica thomas sarah charles karen chris nancy daniel lisa matthew betty anthony margaret mark sandra donald "
         "ashley steven kimberly paul emily andrew donna joshua michelle kevin carol brian amanda george melissa edward "
         "deborah ronald stephanie timothy rebecca jason laura jeffrey sharon ryan cynthia jacob kathleen gary amy "
         "nicholas shirley eric angela jonathan helen stephen anna larry brenda justin pamela scott nicole brandon emma "
         "benjamin samantha samuel katherine frank christine gregory rachel alexander catherine patrick janet jack ruth "
         "tyler heather aaron diane jose victoria adam julie henry joyce nathan lukas lena jonas hannah felix lea "
         "maximilian sophie leon marie mia wei li hiroshi yuki minjun jiwoo carlos lucia diego sofia javier valentina "
         "pedro camila miguel isabella pierre camille luca giulia ahmed fatima ivan olga raj priya arjun ananya "
         "mohammed aisha kenji sakura tom anne jan eva piotr katarzyna lars ingrid mateo martina noah olivia liam ava").split()
LAST = ("smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson "
        "anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis "
        "robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera "
        "campbell mitchell carter roberts mueller schmidt schneider fischer weber meyer wagner becker schulz hoffmann "
        "dubois moreau laurent rossi russo ferrari esposito bianchi kowalski nowak wisniewski novak ivanov petrov "
        "kim park choi wang zhang liu chen yang tanaka suzuki sato watanabe singh kumar sharma patel silva santos "
        "oliveira souza pereira costa jansen devries bakker larsen hansen nielsen johansson andersson murphy kelly "
        "obrien walsh byrne").split()
WORDS = ("sunshine dragon monkey shadow master tiger buster soccer hockey killer summer winter spring autumn flower "
         "princess football baseball charlie jordan hunter ranger thunder silver golden angel cookie pepper ginger "
         "maggie bailey rocky lucky coffee chocolate butterfly rainbow cowboy purple orange banana apple cherry "
         "diamond phoenix falcon eagle wolf bear lion panther jaguar mustang ferrari porsche yankees lakers cowboys "
         "steelers packers liverpool chelsea arsenal barcelona madrid juventus bayern galaxy matrix ninja pirate "
         "wizard merlin gandalf frodo batman superman spiderman pokemon pikachu naruto zelda mario sonic hello "
         "freedom liberty justice trinity heaven blessed jesus family london paris berlin boston chicago dallas "
         "texas florida london tokyo sydney toronto denver oregon ocean river forest mountain sunset snowball "
         "kitty puppy doggy bunny teddy honey sugar candy peanut muffin biscuit oliver max bella luna daisy molly "
         "charlie buddy duke rusty shelby harley scooter tucker bandit casper zeus thor loki odin athena "
         "starwars skywalker vader yoda hobbit potter hermione sherlock watson").split()
PLACES = ("northwind bluepeak ironbridge silverline greenfield redwood clearwater brightpath stonegate oakridge "
          "lakeside summit pioneer harbor keystone evergreen atlas vertex quantum nimbus orbital meridian "
          "crescent granite copper falcon cedar maple willow aspen").split()
KINDS = "logistics systems partners group labs health capital foods energy media legal design works consulting".split()

COMMON_TOP = ("123456 password 123456789 12345678 12345 qwerty 1234567 111111 1234567890 123123 abc123 1234 "
              "password1 iloveyou 1q2w3e4r 000000 qwerty123 zaq12wsx dragon sunshine princess letmein 654321 monkey "
              "1qaz2wsx 123321 qwertyuiop superman asdfghjkl 121212 football baseball welcome shadow master michael "
              "jessica ashley charlie 666666 7777777 888888 123qwe Password1 Welcome1 Passw0rd P@ssw0rd Password123 "
              "Welcome123 Qwerty123 admin admin123 trustno1 hello123 freedom whatever ninja mustang access batman "
              "starwars login solo loveme flower hottie lovely killer pokemon jordan23 liverpool chelsea arsenal "
              "soccer hockey basketball matrix computer internet samsung google secret summer winter Summer2026! "
              "Welcome1! Password1! Autumn2026! Winter2025! Spring2026! November2026! Welcome2026! Qwerty123! "
              "Passw0rd! Company123! Changeme1 changeme test123 guest 987654321 159753 147258369 1111 0000 5555 "
              "aaaaaa abcdef asdf zxcvbnm qazwsx 1q2w3e 1qaz2wsx3edc passw0rd iloveu mypassword hello angel family "
              "daniel andrew thomas hunter ranger buster tigger jennifer robert jordan harley maggie ginger pepper "
              "cookie chocolate butterfly blink182 michelle nicole 112233 123654 555555 999999 131313 696969 "
              "qwe123 asd123 zxc123 q1w2e3r4 a123456 123456a 1234qwer qwer1234 password12 password123 pass123 "
              "Password! Password2026 Summer2025 Winter2026! October2026! Fall2026! Football1 Baseball1 Monkey123 "
              "Dragon123 Iloveyou1 Sunshine1 Princess1 Charlie1 Michael1 Jordan1 Liverpool1 Chelsea1").split()
SPRAYABLE = ["Welcome1!", "Password1", "Summer2026!", "Autumn2026!", "November2026!", "Welcome2026!", "Passw0rd!",
             "Qwerty123!", "Company123!", "Spring2026!", "Password1!", "Winter2025!", "Welcome1", "Password123"]
SYMS = "!!!!!.@#$*?_-"


def build_common():
    seen = set()
    out = []

    def add(p):
        if p not in seen and ":" not in p:
            seen.add(p)
            out.append(p)

    for p in COMMON_TOP:
        add(p)
    sfx = ["", "1", "123", "12", "!", "2", "1!", "1234", "01", "69", "7", "11", "22", "13", "99", "2026", "2025",
           "2024", "88", "00", "123!", "10", "23", "21", "2000", "1990", "1985", "1995", "2010", "#1", "@123", "007"]
    cases = [lambda w: w, lambda w: w.capitalize(), lambda w: w.upper()]
    # interleave by rank: (word rank + suffix rank + case rank) diagonal order
    items = []
    for wi, w in enumerate(WORDS + FIRST[:60]):
        for si, s in enumerate(sfx):
            for ci in range(3):
                items.append((wi * 1.0 + si * 3.0 + ci * 25.0, wi, si, ci))
    items.sort()
    for _, wi, si, ci in items:
        w = (WORDS + FIRST[:60])[wi]
        add(cases[ci](w) + sfx[si])
        if len(out) >= 3200:
            break
    return out


COMMON = build_common()
COMMON_RANK = {p: i for i, p in enumerate(COMMON)}

# ----------------------------------------------------------------------------- user agents
SERVICE_APP = "Tessera"


def ua_desktop(rng):
    k = wchoice(rng, [("cw", 40), ("cm", 11), ("ew", 13), ("sm", 10), ("fw", 7), ("fm", 2), ("cl", 2), ("fl", 1),
                      ("cros", 1)])
    cv = wchoice(rng, [(143, 28), (142, 34), (141, 12), (140, 6), (139, 4), (138, 3), (136, 2), (131, 2),
                       (124, 1), (120, 1), (109, 1)])
    fv = wchoice(rng, [(145, 40), (144, 30), (140, 10), (128, 15), (115, 5)])
    if k == "cw":
        return "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36" % cv
    if k == "cm":
        return "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36" % cv
    if k == "ew":
        return "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36 Edg/%d.0.0.0" % (cv, cv)
    if k == "sm":
        sv = wchoice(rng, [("26.1", 45), ("26.0.1", 15), ("18.6", 25), ("17.6", 10), ("16.6", 5)])
        return "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%s Safari/605.1.15" % sv
    if k == "fw":
        return "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%d.0) Gecko/20100101 Firefox/%d.0" % (fv, fv)
    if k == "fm":
        return "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:%d.0) Gecko/20100101 Firefox/%d.0" % (fv, fv)
    if k == "cl":
        return "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36" % cv
    if k == "fl":
        return "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:%d.0) Gecko/20100101 Firefox/%d.0" % (fv, fv)
    return "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36" % cv


def ua_phone(rng):
    k = wchoice(rng, [("ios", 30), ("iosapp", 24), ("and", 24), ("andapp", 18), ("sam", 4)])
    iv = wchoice(rng, [("26_1", 35), ("26_0_1", 15), ("18_6_2", 25), ("18_5", 10), ("17_7", 10), ("16_7_10", 5)])
    cv = wchoice(rng, [(143, 30), (142, 35), (141, 15), (139, 10), (134, 5), (120, 5)])
    av = wchoice(rng, [("7.4.2", 50), ("7.4.1", 20), ("7.3.0", 15), ("7.1.5", 10), ("6.9.8", 5)])
    if k == "ios":
        sv = iv.split("_")
        return ("Mozilla/5.0 (iPhone; CPU iPhone OS %s like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                "Version/%s Mobile/15E148 Safari/604.1" % (iv, ".".join(sv[:2])))
    if k == "iosapp":
        dev = rng.choice(["iPhone14,5", "iPhone15,2", "iPhone15,3", "iPhone16,1", "iPhone17,1", "iPhone13,2", "iPad13,18"])
        return "%s/%s (%s; iOS %s; Scale/3.00)" % (SERVICE_APP, av, dev, iv.replace("_", "."))
    if k == "and":
        return "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Mobile Safari/537.36" % cv
    if k == "andapp":
        dev = rng.choice(["SM-S928B", "SM-A546B", "Pixel 8", "Pixel 7a", "M2101K6G", "CPH2451", "SM-G991U", "moto g(50)"])
        return "%s/%s (Android %d; %s) okhttp/4.12.0" % (SERVICE_APP, av, rng.choice([12, 13, 14, 15, 16]), dev)
    return ("Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
            "SamsungBrowser/28.0 Chrome/130.0.0.0 Mobile Safari/537.36")


def ua_tv(rng):
    return rng.choice([
        "Mozilla/5.0 (SMART-TV; Linux; Tizen 7.0) AppleWebKit/537.36 (KHTML, like Gecko) 94.0.4606.31/7.0 TV Safari/537.36",
        "Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.88 Safari/537.36 WebAppManager",
        "%s-TV/3.2.0 (AndroidTV 12; BRAVIA 4K)" % SERVICE_APP,
        "AppleCoreMedia/1.0.0.22J580 (Apple TV; U; CPU OS 18_6 like Mac OS X; en_us)",
        "Mozilla/5.0 (Linux; Android 9; AFTMM Build/PS7633) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"])


def ua_any(rng):
    return ua_desktop(rng) if rng.random() < 0.55 else ua_phone(rng)


UA_POPULAR = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36"
UA_OLDCHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
UA_TOOLS = ["python-requests/2.32.3", "Go-http-client/2.0", "okhttp/4.12.0", "curl/8.5.0",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36"]

# ----------------------------------------------------------------------------- networks
REGIONS = [("us-e", -5, 22), ("us-w", -8, 12), ("eu-w", 1, 24), ("uk", 0, 9), ("eu-e", 2, 10), ("asia", 8, 13),
           ("latam", -3, 10)]
RTZ = {r: tz for r, tz, _ in REGIONS}
RESI_O = {"us-e": [24, 67, 68, 71, 73, 75, 76, 96, 98, 108], "us-w": [24, 50, 66, 69, 70, 97, 99, 174],
          "eu-w": [77, 78, 79, 80, 83, 84, 85, 87, 88, 89, 91, 93, 94], "uk": [2, 5, 81, 86, 90, 109],
          "eu-e": [31, 37, 46, 95, 176, 178], "asia": [1, 27, 36, 49, 58, 59, 60, 61, 101, 110, 111, 112, 114, 118, 121, 124, 180, 183],
          "latam": [177, 179, 181, 186, 187, 189, 190, 191, 200, 201]}
MOB_O = {"us-e": [172, 174, 107, 166], "us-w": [172, 208, 166], "eu-w": [62, 80, 109, 188], "uk": [82, 92, 148],
         "eu-e": [37, 46, 176], "asia": [39, 42, 106, 117, 223], "latam": [179, 187, 200]}
V6R = {"us-e": [0x2600, 0x2601, 0x2603], "us-w": [0x2600, 0x2601, 0x2602], "eu-w": [0x2a02, 0x2a01, 0x2003],
       "uk": [0x2a00, 0x2a02], "eu-e": [0x2a02, 0x2a03], "asia": [0x240e, 0x2408, 0x2400], "latam": [0x2804, 0x2800]}
HOST_O = [3, 13, 18, 34, 35, 44, 52, 54, 45, 51, 64, 104, 138, 139, 142, 143, 146, 147, 149, 151, 157, 159, 161,
          162, 164, 165, 167, 185, 188, 193, 194, 195, 198, 209, 212, 213, 216, 217]
HOST_V6 = [0x2a014f80, 0x200141d0, 0x2604a880, 0x26001f18, 0x2a05d014, 0x2001bc80]
EDU_O = [128, 129, 130, 131, 132, 134, 137, 140, 141, 155]


def v4_ok(a, b):
    if a in (0, 10, 127) or a >= 224:
        return False
    if a == 172 and 16 <= b <= 31:
        return False
    if a == 192 and b == 168:
        return False
    if a == 100 and 64 <= b <= 127:
        return False
    if a == 169 and b == 254:
        return False
    return True


def v6str(x):
    return str(ipaddress.IPv6Address(x))


class Net:
    def __init__(self, rng, n):
        self.rng = rng
        self.isps = {}
        self.carriers = {}
        for r, tz, w in REGIONS:
            isps = []
            for i in range(rng.randint(3, 6)):
                blocks = []
                for _ in range(rng.randint(2, 5)):
                    blocks.append(self._block(rng, RESI_O[r]))
                v6 = (rng.choice(V6R[r]) << 16 | rng.randrange(0x0000, 0xffff)) if rng.random() < 0.75 else None
                isps.append(dict(name="%s-isp%d" % (r, i), blocks=blocks, v6=v6, w=rng.uniform(0.3, 3)))
            self.isps[r] = isps
            cars = []
            for i in range(rng.randint(2, 4)):
                size = rng.choice([16, 32, 64, 96, 128, 256])
                a, b = self._block(rng, MOB_O[r])
                pool = []
                for _ in range(size):
                    pool.append("%d.%d.%d.%d" % (a, (b + rng.randrange(0, 4)) & 255, rng.randrange(256), rng.randrange(1, 255)))
                v6 = rng.choice(V6R[r]) << 16 | rng.randrange(0, 0xffff)
                cars.append(dict(name="%s-mob%d" % (r, i), pool=pool, v6=v6, w=rng.uniform(0.5, 3)))
            self.carriers[r] = cars
        # public wifi (cafes, airports, hotels) per region
        self.wifi = {r: [self.resi_random(rng, r) for _ in range(8 + n // 250)] for r, _, _ in REGIONS}
        self.airport = {r: [self.resi_random(rng, r) for _ in range(3)] for r, _, _ in REGIONS}
        # commercial VPN exits (hosting), shared by honest VPN users and some attackers
        self.vpn = [(self.host_ip(rng), rng.choice(REGIONS)[0]) for _ in range(40)]
        self.tor = [self.host_ip(rng) for _ in range(30)]
        # Apple iCloud private relay style egress (many users share)
        self.prelay = {}
        for r, _, _ in REGIONS:
            pool = []
            for _ in range(25):
                if rng.random() < 0.5:
                    pool.append("%d.%d.%d.%d" % (rng.choice([104, 172, 146]), rng.choice([28, 224, 225, 75]),
                                                 rng.randrange(256), rng.randrange(1, 255)))
                else:
                    pool.append(v6str((0x2a02_26f7 << 96) | (rng.getrandbits(32) << 64) | rng.getrandbits(64)))
            self.prelay[r] = pool
        # cloud security proxy egress shared by many companies
        self.cloudproxy = [self.host_ip(rng) for _ in range(12)]

    def _block(self, rng, octs):
        while True:
            a = rng.choice(octs)
            b = rng.randrange(256)
            if v4_ok(a, b):
                return (a, b)

    def host_ip(self, rng):
        a, b = self._block(rng, HOST_O)
        return "%d.%d.%d.%d" % (a, b, rng.randrange(256), rng.randrange(1, 255))

    def host_v6_64(self, rng):
        return (rng.choice(HOST_V6) << 96) | (rng.getrandbits(32) << 64)

    def pick_isp(self, rng, r):
        return wchoice(rng, [(i, i["w"]) for i in self.isps[r]])

    def pick_carrier(self, rng, r):
        return wchoice(rng, [(c, c["w"]) for c in self.carriers[r]])

    def isp_v4(self, rng, isp):
        a, b = rng.choice(isp["blocks"])
        return "%d.%d.%d.%d" % (a, b, rng.randrange(256), rng.randrange(1, 255))

    def resi_random(self, rng, r):
        return self.isp_v4(rng, self.pick_isp(rng, r))

    def mobile_ip(self, rng, car, v6p=0.45):
        if car["v6"] is not None and rng.random() < v6p:
            return v6str((car["v6"] << 96) | (rng.getrandbits(32) << 64) | rng.getrandbits(64))
        return rng.choice(car["pool"])


# ----------------------------------------------------------------------------- model objects
class HH:
    __slots__ = ("region", "isp", "v4", "v4b", "v4t", "v6", "rot", "off", "iids", "accts", "family_device",
                 "device_ua", "carrier")


class Acct:
    __slots__ = ("name", "region", "tz", "hh", "carrier", "company", "pw", "old", "other", "desk", "phone",
                 "tags", "kind", "activity", "pwstyle", "student", "vpn", "tor", "prelay", "traveller", "twocont",
                 "pwmgr_group", "share_hh", "typo_p", "exists", "staff")

    def __init__(self):
        self.tags = []
        self.exists = True
        self.company = None
        self.student = None
        self.vpn = self.tor = self.prelay = self.traveller = self.twocont = False
        self.pwmgr_group = None
        self.share_hh = []
        self.staff = False


PROFILES = {
    "mixed": dict(hard=1.0, share=1.0, agg=1.0, relays=1, rotation=1, onboarding=0, family=1.0, atk_scale=1.0,
                  attacks=["stuff-dc", "stuff-dc", "stuff-resi", "stuff-v6", "stash", "spray-fast", "spray-slow",
                           "brute"]),
    "sharing": dict(hard=2.0, share=4.0, agg=3.0, relays=3, rotation=1, onboarding=1, family=2.5, atk_scale=0.6,
                    attacks=["stuff-dc", "stuff-resi", "stash", "spray-slow", "brute"]),
    "proxy": dict(hard=1.0, share=1.0, agg=1.0, relays=1, rotation=0, onboarding=0, family=1.0, atk_scale=1.0,
                  attacks=["stuff-resi", "stuff-resi", "stuff-mobile", "spray-slow", "spray-slow", "stash", "stash",
                           "brute-dist", "stuff-dc"]),
    "quiet": dict(hard=2.0, share=2.0, agg=2.0, relays=2, rotation=1, onboarding=1, family=2.0, atk_scale=0.2,
                  attacks=["stash", "spray-slow", "brute"]),
}

DIURNAL = [1.0, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 3.5, 3.6, 3.2, 3.0, 3.2, 3.0, 2.8, 2.8, 2.9, 3.0, 3.2, 3.5, 3.8,
           3.6, 2.8, 1.8]
MAIL_DOMS = [("gmail.com", 35), ("yahoo.com", 9), ("hotmail.com", 7), ("outlook.com", 8), ("icloud.com", 6),
             ("aol.com", 2), ("gmx.de", 3), ("web.de", 2), ("yahoo.co.uk", 1), ("orange.fr", 1), ("libero.it", 1),
             ("mail.ru", 1), ("yandex.ru", 1), ("qq.com", 1), ("naver.com", 1), ("comcast.net", 2),
             ("proton.me", 1), ("btinternet.com", 1), ("uol.com.br", 1), ("t-online.de", 1), ("live.com", 2)]


class World:
    def __init__(self, seed, n, profile):
        self.seed = seed
        self.n = n
        self.profile = profile
        self.P = PROFILES[profile]
        self.rng = mkrng(seed, "world", profile, n)
        self.net = Net(mkrng(seed, "net", n), n)
        self.att = []       # attempts: list [t, name, typed, ip, ua, spec, actor, camp, fu, pw, ok]
        self.acts = {}      # name -> list of (t, kind, payload)
        self.accts = {}
        self.order = []
        self.names = set()
        self.camp_meta = {}
        self.held = []
        self.extra_tags = {}

    # ---------------------------------------------------------------- helpers
    def tag(self, a, t):
        if t not in a.tags:
            a.tags.append(t)

    def xtag(self, name, t):
        l = self.extra_tags.setdefault(name, [])
        if t not in l:
            l.append(t)

    def add(self, t, name, typed, ip, ua, spec, actor, camp, fu=None):
        if t < 0 or t >= DAY:
            return None
        a = [int(t), name, typed, ip, ua, spec, actor, camp, fu, None, None]
        self.att.append(a)
        return a

    def action(self, name, t, kind, payload):
        self.acts.setdefault(name, []).append((int(t), kind, payload))

    def local_time(self, rng, tz, lo=0, hi=24):
        h = wchoice(rng, [(h, DIURNAL[h]) for h in range(lo, hi)])
        ms = h * H + rng.randrange(H)
        return (ms - tz * H) % DAY

    def uname(self, rng, first, last, dom):
        pat = rng.random()
        num = str(rng.choice([rng.randint(1, 99), rng.randint(1960, 2008), rng.randint(100, 9999)]))
        if pat < 0.3:
            u = "%s.%s" % (first, last)
        elif pat < 0.45:
            u = first + last
        elif pat < 0.55:
            u = first[0] + last
        elif pat < 0.62:
            u = "%s_%s" % (first, last)
        elif pat < 0.77:
            u = first + last + num
        elif pat < 0.88:
            u = first + num
        else:
            u = rng.choice(WORDS) + rng.choice(["", "_", "."]) + num
        return u + "@" + dom if dom else u

    def new_name(self, rng, first=None, last=None, dom=None):
        for _ in range(50):
            f = first or rng.choice(FIRST)
            l = last or rng.choice(LAST)
            d = dom if dom is not None else (wchoice(rng, MAIL_DOMS) if rng.random() > 0.05 else "")
            u = self.uname(rng, f, l, d)
            if u not in self.names:
                self.names.add(u)
                return u
            first = last = None
        u = "user%d@%s" % (rng.randrange(10 ** 7), dom or "gmail.com")
        self.names.add(u)
        return u

    def human_pw(self, rng, base=None):
        w = base or rng.choice(WORDS + FIRST)
        style = rng.random()
        if style < 0.35:
            return w.capitalize() + str(rng.randint(1, 9999)) + rng.choice(SYMS)
        if style < 0.55:
            return w + str(rng.randint(1960, 2015))
        if style < 0.7:
            return w.capitalize() + rng.choice(SYMS) + str(rng.randint(10, 99))
        if style < 0.85:
            return rng.choice(WORDS).capitalize() + rng.choice(WORDS).capitalize() + str(rng.randint(1, 99))
        return w + rng.choice(WORDS) + str(rng.randint(100, 999)) + rng.choice(SYMS)

    def strong_pw(self, rng):
        al = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!@#$%^&*-_"
        return "".join(rng.choice(al) for _ in range(rng.choice([14, 16, 20])))

    def variant(self, rng, pw):
        """An older / related version of a human password."""
        digits = "".join(c for c in pw if c.isdigit())
        if digits and rng.random() < 0.6:
            i = pw.rfind(digits[-1])
            d = int(pw[i])
            return pw[:i] + str((d - 1) % 10) + pw[i + 1:]
        if pw and pw[-1] in SYMS and rng.random() < 0.5:
            return pw[:-1]
        return pw + rng.choice(["1", "!", "2"])

    def typo(self, rng, pw):
        if not pw:
            return "x"
        k = rng.random()
        i = rng.randrange(len(pw))
        if k < 0.3 and len(pw) > 1:
            return pw[:i] + pw[i + 1:]
        if k < 0.5 and len(pw) > 1:
            j = min(i + 1, len(pw) - 1)
            l = list(pw)
            l[i], l[j] = l[j], l[i]
            r = "".join(l)
            return r if r != pw else pw + pw[-1]
        if k < 0.65:
            return pw.swapcase()
        if k < 0.8:
            return pw[:i] + pw[i] + pw[i:]
        nb = "qwertyuiopasdfghjklzxcvbnm1234567890"
        c = rng.choice(nb)
        r = pw[:i] + c + pw[i + 1:]
        return r if r != pw else pw + "1"

    def typed_user(self, rng, a, mobile=False):
        u = a.name
        x = rng.random()
        if mobile and x < 0.09:
            return u[:1].upper() + u[1:]
        if x < 0.012:
            return u + " "
        if x < 0.016:
            return " " + u
        if x < 0.019:
            return u.upper()
        if x < 0.024 and "@" in u:
            l, d = u.split("@", 1)
            return l.capitalize() + "@" + d.capitalize()
        return u

    # ---------------------------------------------------------------- households and accounts
    def new_hh(self, rng, region):
        hh = HH()
        hh.region = region
        hh.isp = self.net.pick_isp(rng, region)
        hh.v4 = self.net.isp_v4(rng, hh.isp)
        hh.v4b = self.net.isp_v4(rng, hh.isp) if rng.random() < 0.08 else None
        hh.v4t = rng.randrange(DAY)
        hh.v6 = ((hh.isp["v6"] << 96) | (rng.getrandbits(32) << 64)) if (hh.isp["v6"] and rng.random() < 0.6) else None
        hh.rot = rng.choice([2, 4, 6, 12, 24]) * H  # privacy address rotation
        hh.off = rng.randrange(DAY)
        hh.iids = [rng.getrandbits(64) for _ in range(14)]
        hh.accts = []
        hh.family_device = False
        hh.device_ua = None
        hh.carrier = self.net.pick_carrier(rng, region)
        return hh

    def hh_ip(self, rng, hh, t, v6pref=0.75):
        if hh.v6 is not None and rng.random() < v6pref:
            k = (t + hh.off) // hh.rot
            return v6str(hh.v6 | hh.iids[k % len(hh.iids)])
        if hh.v4b and t >= hh.v4t:
            return hh.v4b
        return hh.v4

    def build(self):
        rng = self.rng
        P = self.P
        n = self.n
        hard = P["hard"]
        # companies
        ncomp = max(3, n // 180)
        self.companies = []
        for i in range(ncomp):
            dom = "%s-%s.com" % (rng.choice(PLACES), rng.choice(KINDS))
            region = wchoice(rng, [(r, w) for r, _, w in REGIONS])
            if rng.random() < 0.4:
                egress = rng.sample(self.net.cloudproxy, rng.randint(2, 4))
            else:
                egress = [self.net.host_ip(rng) if rng.random() < 0.3 else self.net.resi_random(rng, region)
                          for _ in range(rng.randint(1, 3))]
            self.companies.append(dict(dom=dom, region=region, egress=egress, staff=[], relay=None,
                                       rotation=False, vpnconc=self.net.host_ip(rng)))
        # relays (SSO bridge / mail relay) and rotation day
        for c in rng.sample(self.companies, min(len(self.companies), P["relays"])):
            c["relay"] = (self.net.host_ip(rng), rng.choice(["Java/17.0.9", "Apache-HttpClient/4.5.14 (Java/11.0.21)",
                                                            "Microsoft Exchange/15.2 (AuthRelay)",
                                                            "Dovecot/2.3.21 auth-relay"]))
        rot_n = P["rotation"]
        for c in rng.sample(self.companies, min(len(self.companies), rot_n * 2 if self.profile != "mixed" else 1)):
            c["rotation"] = True
        self.universities = []
        for i in range(3):
            a, b = self.net._block(rng, EDU_O)
            self.universities.append(dict(dom="%s.edu" % rng.choice(PLACES), region=rng.choice(["us-e", "us-w", "uk", "eu-w"]),
                                          nat=["%d.%d.%d.%d" % (a, b, rng.randrange(256), rng.randrange(1, 255)) for _ in range(rng.randint(2, 4))]))
        # monitoring accounts
        nmon = 2 + n // 2500
        self.monitors = []
        for i in range(nmon):
            a = self._mk_acct(rng, "synthetic-probe-%02d@%s" % (i + 1, "ops.tessera-status.net"), "us-e")
            a.kind = "monitor"
            a.pw = self.strong_pw(rng)
            self.monitors.append(a)
        # onboarding accounts
        self.onboard = []
        if P["onboarding"]:
            c = rng.choice(self.companies)
            for i in range(max(8, int(n * 0.006))):
                a = self._mk_acct(rng, self.new_name(rng, dom=c["dom"]), c["region"])
                a.kind = "onboard"
                a.company = c
                a.pw = "Welcome2026!"
                a.old = "Welcome2026!"
                a.other = self.human_pw(rng)
                self.onboard.append(a)
            self.onboard_co = c
        made = len(self.order)
        while len(self.order) < n:
            region = wchoice(rng, [(r, w) for r, _, w in REGIONS])
            hh = self.new_hh(rng, region)
            x = rng.random()
            if x < 0.07 * P["family"]:
                # family household: 2-4 accounts
                last = rng.choice(LAST)
                k = rng.randint(2, 4)
                fam_pw = None
                same = rng.random() < 0.45
                hh.family_device = rng.random() < 0.7
                hh.device_ua = ua_desktop(rng) if rng.random() < 0.5 else (ua_phone(rng) if rng.random() < 0.6 else ua_tv(rng))
                for j in range(k):
                    a = self._mk_person(rng, region, hh, last=last)
                    if same:
                        if fam_pw is None:
                            fam_pw = a.pw
                        else:
                            a.pw = fam_pw
                        self.tag(a, "attr/family-same-password")
                    if hh.family_device:
                        self.tag(a, "honest/family-device")
                    if len(self.order) >= n:
                        break
            elif x < 0.07 * P["family"] + 0.01 * hard:
                # one person, several accounts, password manager
                first, last = rng.choice(FIRST), rng.choice(LAST)
                grp = []
                for j in range(rng.randint(2, 4)):
                    a = self._mk_person(rng, region, hh, first=first, last=last)
                    a.pw = self.strong_pw(rng)
                    a.old = self.strong_pw(rng)
                    a.pwstyle = "pwmgr"
                    a.typo_p = 0.0
                    a.pwmgr_group = grp
                    grp.append(a)
                    self.tag(a, "honest/pwmgr")
                    if len(self.order) >= n:
                        break
            else:
                self._mk_person(rng, region, hh)
        # shared (streaming style) accounts
        cand = [a for a in self.order if a.kind == "person" and a.pwmgr_group is None]
        for a in rng.sample(cand, min(len(cand), int(n * 0.01 * P["share"]))):
            for j in range(rng.randint(1, 4)):
                r2 = a.region if rng.random() < 0.6 else wchoice(rng, [(r, w) for r, _, w in REGIONS])
                h2 = self.new_hh(rng, r2)
                h2.device_ua = ua_tv(rng) if rng.random() < 0.5 else ua_any(rng)
                a.share_hh.append(h2)
            self.tag(a, "honest/shared-account")
        # aggregators
        self.aggs = []
        nagg = max(1, int(round(2 * P["agg"])))
        for i in range(nagg):
            ips = [self.net.host_ip(rng) for _ in range(rng.randint(1, 4))]
            ua = rng.choice(["Tallybook-Sync/4.2 (+https://tallybook.example/bot)", "python-requests/2.31.0",
                             "okhttp/4.9.3", "Go-http-client/1.1", "Mozilla/5.0 (compatible; LinkBridge/2.0)",
                             UA_OLDCHROME])
            users = rng.sample(cand, min(len(cand), int(n * rng.uniform(0.006, 0.02))))
            self.aggs.append(dict(name="agg%d" % (i + 1), ips=ips, ua=ua, users=users))
        # attribute flags for hard cases
        for a in self.order:
            if a.kind != "person":
                continue
            x = rng.random
            a.vpn = x() < 0.07
            a.tor = x() < 0.003 * hard
            a.traveller = x() < 0.015 * hard
            a.twocont = x() < 0.004 * hard
            a.prelay = a.phone is not None and a.phone.startswith("Mozilla/5.0 (iPhone") and x() < 0.3

    def _mk_acct(self, rng, name, region):
        a = Acct()
        a.name = name
        self.names.add(name)
        a.region = region
        a.tz = RTZ[region]
        a.kind = "person"
        a.hh = None
        a.carrier = None
        a.desk = ua_desktop(rng)
        a.phone = ua_phone(rng)
        a.pwstyle = "human"
        a.typo_p = 0.04
        a.activity = 1.0
        a.pw = self.human_pw(rng)
        a.old = self.variant(rng, a.pw)
        a.other = self.human_pw(rng)
        self.accts[name] = a
        self.order.append(a)
        return a

    def _mk_person(self, rng, region, hh, first=None, last=None):
        x = rng.random()
        company = None
        student = None
        dom = None
        if x < 0.22:
            company = rng.choice(self.companies)
            dom = company["dom"]
            first = first or rng.choice(FIRST)
            last = last or rng.choice(LAST)
            region = company["region"] if rng.random() < 0.8 else region
        elif x < 0.22 + 0.04 * self.P["hard"]:
            student = rng.choice(self.universities)
            region = student["region"]
            if rng.random() < 0.5:
                dom = student["dom"]
        name = self.new_name(rng, first, last, dom)
        a = self._mk_acct(rng, name, region)
        if hh.region != region:
            hh = self.new_hh(rng, region)
        a.hh = hh
        hh.accts.append(a)
        a.carrier = hh.carrier if rng.random() < 0.7 else self.net.pick_carrier(rng, region)
        a.company = company
        a.student = student
        if company:
            company["staff"].append(a)
            a.staff = True
        a.desk = ua_desktop(rng) if rng.random() < 0.8 else None
        a.phone = ua_phone(rng) if (rng.random() < 0.9 or a.desk is None) else None
        a.activity = rng.choice([0.3, 0.6, 1.0, 1.0, 1.5, 2.5, 4.0])
        a.typo_p = rng.choice([0.01, 0.03, 0.05, 0.08, 0.15])
        r = rng.random()
        if r < 0.05:
            # weak password
            if rng.random() < 0.35:
                a.pw = rng.choice(SPRAYABLE)
            else:
                a.pw = COMMON[min(len(COMMON) - 1, int(rng.paretovariate(0.6)) - 1)]
            a.old = COMMON[rng.randrange(300)]
            a.pwstyle = "weak"
            self.tag(a, "attr/weak-password")
        elif r < 0.17:
            a.pw = self.strong_pw(rng)
            a.old = self.strong_pw(rng)
            a.pwstyle = "pwmgr"
            a.typo_p = 0.0
            self.tag(a, "attr/pwmgr")
        if a.old == a.pw:
            a.old = a.pw + "1"
        return a

    # ---------------------------------------------------------------- combos
    def build_combos(self):
        rng = mkrng(self.seed, "combos", self.profile, self.n)
        ndump = rng.randint(4, 7)
        dumps = [[] for _ in range(ndump)]
        self.combo_pairs = set()
        self.leaked_current = []
        self.leaked_old = []
        self.leaked_other = []

        def put(u, pw):
            d = rng.randrange(ndump)
            uu = u
            x = rng.random()
            if x < 0.06:
                uu = u[:1].upper() + u[1:]
            elif x < 0.08:
                uu = u.upper()
            elif x < 0.09:
                uu = u + " "
            dumps[d].append((uu, pw))
            self.combo_pairs.add((norm(uu), pw))
            if rng.random() < 0.15:
                dumps[rng.randrange(ndump)].append((u, pw))

        for a in self.order:
            if a.kind != "person":
                continue
            p_cur = 0.04
            if a.pwstyle == "weak":
                p_cur = 0.3
            if a.pwstyle == "pwmgr":
                p_cur = 0.005
            if a.share_hh:
                p_cur = 0.3
            if rng.random() < p_cur:
                put(a.name, a.pw)
                self.tag(a, "attr/leaked-current")
                self.leaked_current.append(a)
            if rng.random() < (0.06 if a.pwstyle != "pwmgr" else 0.02):
                put(a.name, a.old)
                self.tag(a, "attr/leaked-old")
                self.leaked_old.append(a)
            if rng.random() < 0.14:
                put(a.name, a.other)
                self.tag(a, "attr/leaked-other-site")
                self.leaked_other.append(a)
        for a in self.onboard:
            if rng.random() < 0.1:
                put(a.name, a.other)
        # users of other sites
        nother = int(self.n * 9)
        other_names = []
        for i in range(nother):
            f, l = rng.choice(FIRST), rng.choice(LAST)
            u = self.uname(rng, f, l, wchoice(rng, MAIL_DOMS) if rng.random() > 0.07 else "")
            if u in self.accts:
                u = u.replace("@", str(rng.randint(2, 9)) + "@", 1) if "@" in u else u + "x"
            if u in self.accts:
                continue
            other_names.append(u)
            k = 1 if rng.random() < 0.8 else rng.randint(2, 3)
            base = rng.choice(COMMON[:2000]) if rng.random() < 0.35 else self.human_pw(rng)
            for j in range(k):
                put(u, base if j == 0 else self.variant(rng, base))
        self.other_names = other_names
        lines = []
        for d in dumps:
            rng.shuffle(d)
            lines.extend(d)
        self.combos = lines

    # ---------------------------------------------------------------- honest traffic
    def ctx_ip(self, rng, a, ctx, t):
        net = self.net
        if ctx == "home":
            return self.hh_ip(rng, a.hh, t)
        if ctx == "mobile":
            return net.mobile_ip(rng, a.carrier)
        if ctx == "corp":
            return rng.choice(a.company["egress"])
        if ctx == "vpn-corp":
            return a.company["vpnconc"]
        if ctx == "wifi":
            return rng.choice(net.wifi[a.region])
        if ctx == "vpn":
            return rng.choice(net.vpn)[0]
        if ctx == "campus":
            return rng.choice(a.student["nat"])
        if ctx == "tor":
            return rng.choice(net.tor)
        if ctx == "private-relay":
            return rng.choice(net.prelay[a.region])
        return self.hh_ip(rng, a.hh, t)

    def session(self, rng, a, t, ctx, ua=None, ip=None, camp=None, mobile=None):
        if ua is None:
            if ctx == "mobile" or ctx == "private-relay":
                ua = a.phone or a.desk
            elif ctx == "home":
                ua = (a.phone or a.desk) if rng.random() < 0.45 else (a.desk or a.phone)
            else:
                ua = a.desk or a.phone
        if ip is None:
            ip = self.ctx_ip(rng, a, ctx, t)
        if mobile is None:
            mobile = ua is a.phone
        camp = camp or "honest/" + (("home6" if ":" in ip else "home") if ctx == "home" else ctx)
        self.tag(a, camp)
        typed = self.typed_user(rng, a, mobile)
        if rng.random() < a.typo_p:
            self.add(t, a.name, typed, ip, ua, (2, None), "honest", "honest/typo")
            self.tag(a, "honest/typo")
            t += rng.randint(4, 40) * S
            if rng.random() < 0.25:
                self.add(t, a.name, typed, ip, ua, (2, None), "honest", "honest/typo")
                t += rng.randint(4, 40) * S
        self.add(t, a.name, typed, ip, ua, (1, None), "honest", camp)
        return t

    def gen_honest(self):
        rng = mkrng(self.seed, "honest", self.profile, self.n)
        P = self.P
        hard = P["hard"]
        for a in self.order:
            if a.kind != "person":
                continue
            if a.pwmgr_group is not None and a is not a.pwmgr_group[0]:
                continue
            p_active = min(0.95, 0.45 + 0.12 * a.activity)
            if rng.random() > p_active and not (a.traveller or a.twocont):
                continue
            nsess = max(1, int(rng.expovariate(1.0 / (0.9 * a.activity)) + 0.5))
            for s in range(nsess):
                t = self.local_time(rng, a.tz)
                lh = ((t // H) + a.tz) % 24
                if a.student is not None and rng.random() < 0.6:
                    ctx = "campus"
                elif a.company is not None and 8 <= lh < 18 and rng.random() < 0.75:
                    ctx = "corp"
                    if a.company["relay"] and rng.random() < 0.7:
                        self.relay_login(rng, a, t)
                        continue
                elif a.company is not None and rng.random() < 0.15:
                    ctx = "vpn-corp"
                else:
                    x = rng.random()
                    if a.phone is None:
                        ctx = "home" if x < 0.85 else "wifi"
                    else:
                        ctx = "home" if x < 0.5 else ("mobile" if x < 0.92 else "wifi")
                if a.vpn and ctx in ("home", "wifi") and rng.random() < 0.6:
                    ctx = "vpn"
                if a.tor and rng.random() < 0.7:
                    ctx = "tor"
                if a.prelay and ctx in ("mobile", "home", "wifi") and rng.random() < 0.7:
                    ctx = "private-relay"
                if a.pwmgr_group is not None:
                    self.pwmgr_session(rng, a, t, ctx)
                else:
                    self.session(rng, a, t, ctx)
            if a.traveller:
                self.traveller(rng, a)
            if a.twocont:
                self.two_continents(rng, a)
        # family devices
        done = set()
        for a in self.order:
            hh = a.hh
            if hh is None or not hh.family_device or id(hh) in done:
                continue
            done.add(id(hh))
            for k in range(rng.randint(1, 3)):
                t = self.local_time(rng, hh.region and RTZ[hh.region], 16, 23)
                ip = self.hh_ip(rng, hh, t, 0.5)
                for b in rng.sample(hh.accts, rng.randint(1, len(hh.accts))):
                    if rng.random() < 0.08:
                        # kid types sibling's password / wrong password
                        other = rng.choice(hh.accts)
                        self.add(t, b.name, b.name, ip, hh.device_ua, (0, other.pw if other is not b else self.typo(rng, b.pw)), "honest", "honest/family-device")
                        t += rng.randint(5, 30) * S
                    self.add(t, b.name, self.typed_user(rng, b), ip, hh.device_ua, (1, None), "honest", "honest/family-device")
                    t += rng.randint(20, 300) * S
        # shared accounts
        for a in self.order:
            for h2 in a.share_hh:
                for k in range(rng.randint(1, 4)):
                    t = self.local_time(rng, RTZ[h2.region], 17, 24)
                    ip = self.hh_ip(rng, h2, t, 0.5) if rng.random() < 0.8 else self.net.mobile_ip(rng, h2.carrier)
                    ua = h2.device_ua if rng.random() < 0.7 else ua_phone(rng)
                    if rng.random() < 0.1:
                        self.add(t, a.name, a.name, ip, ua, (2, None), "honest", "honest/shared-account")
                        t += rng.randint(10, 60) * S
                    self.add(t, a.name, self.typed_user(rng, a), ip, ua, (1, None), "honest", "honest/shared-account")
        self.hard_cases(rng)

    def relay_login(self, rng, a, t):
        ip, ua = a.company["relay"]
        self.tag(a, "honest/relay")
        if rng.random() < a.typo_p:
            self.add(t, a.name, a.name, ip, ua, (2, None), "honest", "honest/relay")
            t += rng.randint(5, 60) * S
        self.add(t, a.name, self.typed_user(rng, a), ip, ua, (1, None), "honest", "honest/relay")

    def pwmgr_session(self, rng, a, t, ctx):
        grp = a.pwmgr_group
        ip = self.ctx_ip(rng, a, ctx, t)
        ua = a.desk or a.phone
        for b in rng.sample(grp, rng.randint(1, len(grp))):
            if rng.random() < 0.1 and len(grp) > 1:
                wrong = rng.choice([g for g in grp if g is not b])
                self.add(t, b.name, b.name, ip, ua, (0, wrong.pw), "honest", "honest/pwmgr")
                t += rng.randint(3, 20) * S
            self.add(t, b.name, b.name, ip, ua, (1, None), "honest", "honest/pwmgr")
            self.tag(b, "honest/pwmgr")
            t += rng.randint(2, 90) * S

    def traveller(self, rng, a):
        self.tag(a, "honest/travel")
        t = self.local_time(rng, a.tz, 5, 10)
        self.session(rng, a, t, "home")
        t += rng.randint(60, 180) * M
        self.session(rng, a, t, "wifi", ip=rng.choice(self.net.airport[a.region]), camp="honest/travel")
        dest = rng.choice([r for r, _, _ in REGIONS if r != a.region])
        t += rng.randint(6, 13) * H
        for k in range(rng.randint(1, 3)):
            ip = rng.choice(self.net.wifi[dest]) if rng.random() < 0.6 else self.net.mobile_ip(rng, self.net.pick_carrier(rng, dest))
            self.session(rng, a, t, "wifi", ip=ip, camp="honest/travel", ua=a.phone or a.desk)
            t += rng.randint(20, 240) * M

    def two_continents(self, rng, a):
        self.tag(a, "honest/two-continents")
        t = self.local_time(rng, a.tz, 7, 22)
        far = [v for v in self.net.vpn if v[1][:2] != a.region[:2]]
        for k in range(rng.randint(3, 7)):
            if k % 2 == 0:
                self.session(rng, a, t, "home", camp="honest/two-continents")
            else:
                self.session(rng, a, t, "vpn", ip=rng.choice(far)[0], camp="honest/two-continents")
            t += rng.randint(2, 50) * M

    def hard_cases(self, rng):
        P = self.P
        hard = P["hard"]
        persons = [a for a in self.order if a.kind == "person" and a.pwmgr_group is None]
        N = len(persons)
        # stale app retrying an old password all day
        for a in rng.sample(persons, min(N, int(self.n * 0.008 * hard))):
            self.tag(a, "honest/stale-app")
            ua = a.phone or ua_phone(rng)
            if "Mozilla" in ua:
                ua = rng.choice(["%s/6.9.8 (Android 11; SM-T500) okhttp/3.14.9" % SERVICE_APP,
                                 "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Thunderbird/115.16.0",
                                 "%s/6.8.0 (iPad7,5; iOS 15.8; Scale/2.00)" % SERVICE_APP, ua_tv(rng)])
            t = rng.randrange(0, 6 * H)
            end = DAY if rng.random() < 0.6 else rng.randrange(t + 3 * H, DAY)
            iv = rng.choice([10, 15, 30, 30, 60, 90]) * M
            while t < end:
                self.add(t, a.name, a.name, self.hh_ip(rng, a.hh, t, 0.5), ua, (0, a.old), "honest", "honest/stale-app")
                t += int(iv * rng.uniform(0.8, 1.3))
            if end < DAY:
                self.add(end + rng.randint(10, 300) * S, a.name, a.name, self.hh_ip(rng, a.hh, end, 0.5), ua, (1, None), "honest", "honest/stale-app")
        # forgotten passwords
        for a in rng.sample(persons, min(N, int(self.n * 0.015 * hard))):
            self.tag(a, "honest/forgot")
            ctx = rng.choice(["home", "home", "mobile"])
            t = self.local_time(rng, a.tz, 7, 23)
            ip = self.ctx_ip(rng, a, ctx, t)
            ua = a.phone if (ctx == "mobile" and a.phone) else (a.desk or a.phone)
            guesses = [a.old, a.other, self.typo(rng, a.pw), self.variant(rng, a.pw), rng.choice(COMMON[:50]),
                       self.variant(rng, a.old)]
            for g in guesses[:rng.randint(2, 6)]:
                self.add(t, a.name, self.typed_user(rng, a), ip, ua, (0, g), "honest", "honest/forgot")
                t += rng.randint(8, 90) * S
            if rng.random() < 0.7:
                t += rng.randint(2, 20) * M
                newpw = self.human_pw(rng) if a.pwstyle != "pwmgr" else self.strong_pw(rng)
                self.action(a.name, t - 30 * S, "reset", newpw)
                self.add(t, a.name, a.name, ip, ua, (1, None), "honest", "honest/forgot")
            else:
                self.tag(a, "honest/gave-up")
        # old (leaked) password first, then right one
        pool = [a for a in persons if "attr/leaked-old" in a.tags] + rng.sample(persons, min(N, int(self.n * 0.01)))
        for a in pool:
            if rng.random() > 0.5 * hard:
                continue
            self.tag(a, "honest/old-first")
            t = self.local_time(rng, a.tz)
            ctx = rng.choice(["home", "mobile"])
            ip = self.ctx_ip(rng, a, ctx, t)
            ua = a.phone if (ctx == "mobile" and a.phone) else (a.desk or a.phone)
            self.add(t, a.name, self.typed_user(rng, a), ip, ua, (0, a.old), "honest", "honest/old-first")
            t += rng.randint(5, 60) * S
            if rng.random() < 0.3:
                self.add(t, a.name, a.name, ip, ua, (0, a.other), "honest", "honest/old-first")
                t += rng.randint(5, 60) * S
            self.add(t, a.name, a.name, ip, ua, (1, None), "honest", "honest/old-first")
        # leaked current password users: make sure they log in (normal behaviour)
        for a in self.leaked_current:
            if rng.random() < 0.6:
                self.session(rng, a, self.local_time(rng, a.tz), "home" if rng.random() < 0.6 else "mobile")
        # username typos (non-existent account)
        for a in rng.sample(persons, min(N, int(self.n * 0.006 * hard))):
            u = a.name
            if "@" in u and rng.random() < 0.5:
                l, d = u.split("@", 1)
                bad = l + "@" + rng.choice(["gmial.com", "gmail.co", "hotmial.com", "yahoo.co", "outlok.com", "icloud.co"])
            else:
                i = rng.randrange(1, max(2, u.find("@") if "@" in u else len(u)))
                bad = u[:i] + u[i + 1:]
            if norm(bad) in self.accts:
                continue
            self.tag(a, "honest/username-typo")
            t = self.local_time(rng, a.tz)
            ip = self.ctx_ip(rng, a, "home", t)
            ua = a.desk or a.phone
            self.add(t, norm(bad), bad, ip, ua, (0, a.pw), "honest", "honest/username-typo")
            self.xtag(norm(bad), "honest/username-typo")
            self.add(t + rng.randint(10, 60) * S, a.name, a.name, ip, ua, (1, None), "honest", "honest/username-typo")
        # monitoring probes
        for i, a in enumerate(self.monitors):
            self.tag(a, "honest/monitor")
            ips = [self.net.host_ip(rng) for _ in range(3)]
            ua = rng.choice(["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/141.0.0.0 Safari/537.36 DatadogSynthetics",
                             "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
                             "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36",
                             "Checkly/1.0 (https://www.checklyhq.com)"])
            iv = rng.choice([1, 2, 5, 5, 10]) * M
            negative = i == 0
            t = rng.randrange(iv)
            k = 0
            while t < DAY:
                if negative and k % 2 == 1:
                    self.add(t, a.name, a.name, ips[k % 3], ua, (0, "wrong-" + a.pw[:6]), "honest", "honest/monitor")
                else:
                    self.add(t, a.name, a.name, ips[k % 3], ua, (1, None), "honest", "honest/monitor")
                t += iv + rng.randint(-3000, 3000)
                k += 1
        # aggregators
        for ag in self.aggs:
            for a in ag["users"]:
                self.tag(a, "honest/aggregator")
                stale = rng.random() < 0.12
                stored = a.old if stale else a.pw
                iv = rng.choice([60, 120, 120, 240, 360]) * M
                t = rng.randrange(iv)
                fails = 0
                while t < DAY:
                    self.add(t, a.name, a.name, rng.choice(ag["ips"]), ag["ua"], (0, stored), "honest", "honest/aggregator")
                    if stale:
                        fails += 1
                        if fails >= 3 and rng.random() < 0.4:
                            break
                    t += int(iv * rng.uniform(0.9, 1.1))
        # SSO bridge / mail relay: staff authentications relayed from one address during the work day
        for c in self.companies:
            if not c["relay"]:
                continue
            for a in c["staff"]:
                if rng.random() < 0.2:
                    continue
                for k in range(rng.randint(1, 5)):
                    self.relay_login(rng, a, self.local_time(rng, a.tz, 7, 19))
        # company password rotation day
        for c in self.companies:
            if not c["rotation"]:
                continue
            for a in c["staff"]:
                if rng.random() < 0.25:
                    continue
                self.tag(a, "honest/rotation")
                # rotated yesterday/this morning: last month's password still in devices and fingers
                a.old = self.variant(rng, a.pw) if rng.random() < 0.5 else a.pw[:-1] + chr(ord(a.pw[-1]) ^ 1)
                if a.old == a.pw:
                    a.old = a.pw + "0"
                t = self.local_time(rng, a.tz, 7, 11)
                if c["relay"] and rng.random() < 0.5:
                    ip, ua = c["relay"]
                else:
                    ip, ua = rng.choice(c["egress"]), a.desk or a.phone
                for k in range(rng.randint(1, 4)):
                    self.add(t, a.name, self.typed_user(rng, a), ip, ua, (0, a.old), "honest", "honest/rotation")
                    t += rng.randint(3, 120) * S
                if rng.random() < 0.9:
                    self.add(t, a.name, a.name, ip, ua, (1, None), "honest", "honest/rotation")
                if a.phone and rng.random() < 0.3:
                    # phone mail app keeps old one for hours
                    t2 = t
                    for k in range(rng.randint(3, 12)):
                        t2 += rng.randint(10, 45) * M
                        self.add(t2, a.name, a.name, self.net.mobile_ip(rng, a.carrier), a.phone, (0, a.old), "honest", "honest/rotation")
        # onboarding: new hires, same initial password, from office
        if self.onboard:
            c = self.onboard_co
            t0 = self.local_time(rng, RTZ[c["region"]], 8, 10)
            ua0 = ua_desktop(rng)
            for a in self.onboard:
                self.tag(a, "honest/onboarding")
                t = t0 + rng.randint(0, 90) * M
                ip = rng.choice(c["egress"])
                ua = ua0 if rng.random() < 0.7 else ua_desktop(rng)
                if rng.random() < 0.1:
                    self.add(t, a.name, a.name, ip, ua, (0, "welcome2026!"), "honest", "honest/onboarding")
                    t += rng.randint(10, 60) * S
                self.add(t, a.name, a.name, ip, ua, (1, None), "honest", "honest/onboarding")
                newpw = self.human_pw(rng)
                self.action(a.name, t + rng.randint(30, 120) * S, "reset", newpw)
                a.hh = self.new_hh(rng, c["region"])
                a.carrier = a.hh.carrier
                if rng.random() < 0.5:
                    self.session(rng, a, t + rng.randint(2, 8) * H, "mobile", camp="honest/onboarding")

    # ---------------------------------------------------------------- attacker helpers
    def resi_ip(self, rng, region=None, mobile_p=0.2, honest_p=0.12, v6p=0.08):
        net = self.net
        if region is None:
            region = wchoice(rng, [(r, w) for r, _, w in REGIONS])
        x = rng.random()
        if x < honest_p:
            # proxyware / infected device inside a real customer home
            a = rng.choice(self.order)
            if a.hh is not None:
                return self.hh_ip(rng, a.hh, rng.randrange(DAY), 0.2)
        x = rng.random()
        if x < mobile_p:
            return net.mobile_ip(rng, net.pick_carrier(rng, region), 0.2)
        isp = net.pick_isp(rng, region)
        if isp["v6"] and rng.random() < v6p:
            return v6str((isp["v6"] << 96) | (rng.getrandbits(32) << 64) | rng.getrandbits(64))
        return net.isp_v4(rng, isp)

    def attack_list(self, rng, k, known_frac):
        nk = min(len(self.combos), int(k * known_frac))
        lines = rng.sample(self.combos, nk)
        persons = [a for a in self.order if a.kind == "person"]
        for i in range(k - nk):
            x = rng.random()
            if x < 0.06:
                a = rng.choice(persons)
                pw = a.pw if rng.random() < 0.2 else (a.old if rng.random() < 0.3 else self.human_pw(rng))
                lines.append((a.name if rng.random() < 0.9 else a.name.capitalize(), pw))
            else:
                u = self.uname(rng, rng.choice(FIRST), rng.choice(LAST), wchoice(rng, MAIL_DOMS))
                lines.append((u, rng.choice(COMMON[:1500]) if rng.random() < 0.3 else self.human_pw(rng)))
        rng.shuffle(lines)
        return lines

    def atk_add(self, t, typed, ip, ua, pw, camp, fu):
        nm = norm(typed)
        if nm not in self.accts:
            self.xtag(nm, camp)
        return self.add(t, nm, typed, ip, ua, (0, pw), "attacker", camp, fu)

    def campaign(self, kind, idx, rng):
        sc = self.P["atk_scale"]
        n = self.n
        camp = "%s-%d" % (kind, idx)
        meta = dict(kind=kind)
        self.camp_meta[camp] = meta
        if kind == "stuff-dc":
            k = int(n * rng.uniform(0.4, 1.0) * sc) + 20
            ips = [self.net.host_ip(rng) for _ in range(rng.randint(2, 6))]
            if rng.random() < 0.5:
                ips[0] = rng.choice(self.net.vpn)[0]
            mode = rng.choice(["fixed-popular", "fixed-old", "rotate"])
            fixed = UA_POPULAR if mode == "fixed-popular" else UA_OLDCHROME
            rate = rng.uniform(0.8, 4.0)  # attempts per second
            t = rng.randrange(0, 20 * H)
            fu = dict(p_change=0.25, p_ret=0.6, ret="mixed", camp=camp)
            for u, pw in self.attack_list(rng, k, rng.uniform(0.75, 0.95)):
                t += int(rng.expovariate(rate) * S) + 1
                if rng.random() < 0.002:
                    t += rng.randint(5, 60) * M  # proxy list reload / pause
                ua = fixed if mode != "rotate" else ua_any(rng)
                self.atk_add(t, u, rng.choice(ips), ua, pw, camp, fu)
            meta.update(ips=len(ips), ua=mode, attempts=k)
        elif kind in ("stuff-resi", "stuff-mobile"):
            k = int(n * rng.uniform(0.3, 0.8) * sc) + 20
            mob = 0.75 if kind == "stuff-mobile" else rng.uniform(0.1, 0.3)
            start = rng.randrange(0, 14 * H)
            dur = rng.randint(3, 10) * H
            region = None if rng.random() < 0.6 else wchoice(rng, [(r, w) for r, _, w in REGIONS])
            lines = self.attack_list(rng, k, rng.uniform(0.7, 0.9))
            fu = dict(p_change=0.2, p_ret=0.5, ret="resi", camp=camp)
            i = 0
            uamode = rng.choice(["rotate", "rotate", "fixed-popular"])
            while i < len(lines):
                ip = self.resi_ip(rng, region, mob)
                ua = ua_any(rng) if uamode == "rotate" else UA_POPULAR
                t = start + rng.randrange(dur)
                cnt = (1 + int(rng.expovariate(0.8))) if rng.random() < 0.8 else rng.randint(1, 4)
                for j in range(min(len(lines) - i, cnt)):
                    u, pw = lines[i]
                    i += 1
                    self.atk_add(t, u, ip, ua, pw, camp, fu)
                    t += rng.randint(2, 90) * S
            meta.update(attempts=k, mobile_share=round(mob, 2), ua=uamode)
        elif kind == "stuff-v6":
            k = int(n * rng.uniform(0.2, 0.5) * sc) + 20
            pref = self.net.host_v6_64(rng)
            rate = rng.uniform(0.3, 2.0)
            t = rng.randrange(0, 20 * H)
            ua = rng.choice([UA_POPULAR, "python-requests/2.31.0", ua_desktop(rng)])
            seq = rng.random() < 0.3
            fu = dict(p_change=0.2, p_ret=0.5, ret="mixed", camp=camp)
            for i, (u, pw) in enumerate(self.attack_list(rng, k, 0.85)):
                t += int(rng.expovariate(rate) * S) + 1
                iid = (i + 2) if seq else rng.getrandbits(64)
                self.atk_add(t, u, v6str(pref | iid), ua, pw, camp, fu)
            meta.update(attempts=k)
        elif kind == "stash":
            # private stash (phishing / infostealer logs): not in combos, human pace, victim UA, geo-matched proxies
            cands = [a for a in self.order if a.kind == "person" and not any(x.startswith("attr/leaked") for x in a.tags)]
            k = max(4, int(n * rng.uniform(0.004, 0.01) * max(sc, 0.4)))
            targets = rng.sample(cands, min(len(cands), k))
            t = rng.randrange(0, 12 * H)
            fu = dict(p_change=0.05, p_ret=0.5, ret="victim", camp=camp)
            for a in targets:
                x = rng.random()
                if x < 0.55:
                    pw = a.pw
                elif x < 0.8:
                    pw = a.old
                else:
                    pw = self.human_pw(rng)
                if (a.name, pw) in self.combo_pairs:
                    pw = self.human_pw(rng)
                ua = (a.desk or a.phone) if rng.random() < 0.7 else ua_any(rng)
                if rng.random() < 0.35 and a.hh is not None:
                    ip = self.net.isp_v4(rng, a.hh.isp)
                else:
                    ip = self.resi_ip(rng, a.region, 0.25, 0.05)
                typed = a.name if rng.random() < 0.95 else a.name.capitalize()
                self.atk_add(t, typed, ip, ua, pw, camp, fu)
                if pw != a.pw and rng.random() < 0.3:
                    pw2 = self.variant(rng, pw)
                    if (a.name, pw2) not in self.combo_pairs:
                        self.atk_add(t + rng.randint(20, 120) * S, typed, ip, ua, pw2, camp, fu)
                t += rng.randint(2, 20) * M
                if rng.random() < 0.1:
                    t += rng.randint(30, 180) * M
                if t >= DAY:
                    t = rng.randrange(0, 6 * H)
            meta.update(targets=len(targets))
        elif kind in ("spray-fast", "spray-slow"):
            pws = rng.sample(SPRAYABLE[:10] + ["123456", "Password1"], rng.randint(1, 2) if kind == "spray-slow" else rng.randint(3, 5))
            persons = [a for a in self.order if a.kind in ("person", "onboard")]
            # enumerate: a company directory + guessed names + scraped users
            tg = []
            comp = rng.choice(self.companies)
            tg += [a.name for a in comp["staff"]]
            if self.onboard and rng.random() < 0.5:
                tg += [a.name for a in self.onboard]
            frac = rng.uniform(0.1, 0.3) * (1.0 if kind == "spray-fast" else 0.6) * max(sc, 0.3)
            tg += [a.name for a in rng.sample(persons, int(len(persons) * frac))]
            for i in range(int(len(tg) * 0.3)):
                tg.append(self.uname(rng, rng.choice(FIRST), rng.choice(LAST), comp["dom"] if rng.random() < 0.5 else "gmail.com"))
            tg = sorted(set(tg))
            rng.shuffle(tg)
            fu = dict(p_change=0.3, p_ret=0.4, ret="mixed", camp=camp)
            if kind == "spray-fast":
                ips = [self.net.host_ip(rng) if rng.random() < 0.6 else rng.choice(self.net.vpn)[0] for _ in range(rng.randint(1, 3))]
                ua = rng.choice(["python-requests/2.32.3", UA_POPULAR, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36"])
                t = rng.randrange(0, 18 * H)
                rate = rng.uniform(1.0, 6.0)
                for pw in pws:
                    for u in tg:
                        t += int(rng.expovariate(rate) * S) + 1
                        self.atk_add(t, u, rng.choice(ips), ua, pw, camp, fu)
                    t += rng.randint(20, 120) * M  # wait out lockout windows
                meta.update(ips=len(ips))
            else:
                total = len(tg) * len(pws)
                span = DAY
                t0 = rng.randrange(0, 2 * H)
                i = 0
                for pw in pws:
                    for u in tg:
                        t = t0 + int((i + rng.random()) * (span - t0) / max(1, total))
                        i += 1
                        x = rng.random()
                        ip = rng.choice(self.net.tor) if x < 0.1 else (rng.choice(self.net.vpn)[0] if x < 0.2 else self.resi_ip(rng, None, 0.25))
                        self.atk_add(t, u, ip, ua_any(rng), pw, camp, fu)
            meta.update(passwords=len(pws), targets=len(tg))
        elif kind in ("brute", "brute-dist"):
            weak = [a for a in self.order if a.kind == "person" and a.pw in COMMON_RANK and 20 < COMMON_RANK[a.pw] < 1500]
            others = [a for a in self.order if a.kind == "person"]
            targets = rng.sample(weak, min(len(weak), 1)) + rng.sample(others, rng.randint(1, 2))
            fu = dict(p_change=0.5, p_ret=0.3, ret="mixed", camp=camp)
            for a in targets:
                lim = rng.randint(200, 1500)
                cand = [p for p in COMMON[:lim]]
                first = a.name.split("@")[0].split(".")[0]
                cand = [first + "123", first.capitalize() + "1", first + "2026"] + cand
                ips = [self.net.host_ip(rng) for _ in range(rng.randint(1, 3))]
                ua = rng.choice(UA_TOOLS + [UA_OLDCHROME])
                t = rng.randrange(0, 20 * H)
                rate = rng.uniform(0.05, 1.0) if kind == "brute" else rng.uniform(0.01, 0.1)
                for pw in cand:
                    t += int(rng.expovariate(rate) * S) + 1
                    ip = rng.choice(ips) if kind == "brute" else self.resi_ip(rng, None, 0.3)
                    if kind == "brute-dist":
                        ua = ua_any(rng)
                    self.atk_add(t, a.name, ip, ua, pw, camp, fu)
                    if pw == a.pw or t >= DAY:
                        break
            meta.update(targets=len(targets))

    def gen_attacks(self):
        rng = mkrng(self.seed, "attacks", self.profile, self.n)
        cnt = {}
        for kind in self.P["attacks"]:
            cnt[kind] = cnt.get(kind, 0) + 1
            self.campaign(kind, cnt[kind], mkrng(self.seed, "camp", self.profile, self.n, kind, cnt[kind]))

    # ---------------------------------------------------------------- resolution
    def followup(self, rng, a, t, att, fu, push):
        camp = fu["camp"]
        ip0, ua0 = att[3], att[4]
        self.held.append((a.name, t, camp))
        if rng.random() < fu["p_change"]:
            tc = t + rng.randint(20, 300) * S
            push((tc, "atkchg", self.strong_pw(rng) if rng.random() < 0.6 else self.human_pw(rng), camp))
            push([tc + rng.randint(30, 600) * S, a.name, a.name, ip0, ua0, (3, None), "attacker", camp + ":takeover", None, None, None])
        nret = 0
        if rng.random() < fu["p_ret"]:
            nret = rng.randint(1, 3)
        tr = t
        for i in range(nret):
            tr += rng.randint(30, 600) * M
            mode = fu["ret"]
            x = rng.random()
            if mode == "victim" or (mode == "mixed" and x < 0.3):
                ip = self.resi_ip(rng, a.region, 0.3, 0.05)
                ua = a.desk or a.phone
            elif mode == "resi" or x < 0.6:
                ip = self.resi_ip(rng, None, 0.3)
                ua = ua_any(rng)
            else:
                ip = rng.choice(self.net.vpn)[0] if rng.random() < 0.6 else self.net.host_ip(rng)
                ua = ua_any(rng) if rng.random() < 0.5 else ua0
            push([tr, a.name, a.name, ip, ua, (3, None), "attacker", camp + ":return", None, None, None])

    def resolve(self):
        by = {}
        for x in self.att:
            by.setdefault(x[1], []).append(x)
        self.timeline = {}
        for a in self.order:
            rng = mkrng(self.seed, "resolve", self.profile, a.name)
            heap = []
            seq = [0]

            def push(item):
                seq[0] += 1
                if isinstance(item, list):
                    if item[0] >= DAY:
                        return
                    self.att.append(item)
                    heapq.heappush(heap, (item[0], seq[0], item))
                else:
                    if item[0] >= DAY:
                        return
                    heapq.heappush(heap, (item[0], seq[0], item))

            for x in by.get(a.name, ()):
                seq[0] += 1
                heap.append((x[0], seq[0], x))
            for (t, kind, payload) in self.acts.get(a.name, ()):
                seq[0] += 1
                heap.append((t, seq[0], (t, kind, payload, None)))
            heapq.heapify(heap)
            actual = a.pw
            belief = a.pw
            atk = None
            locked = False
            responded = False
            succ = set()
            tl = [(0, actual)]
            while heap:
                t, _, it = heapq.heappop(heap)
                if isinstance(it, tuple):
                    kind, payload = it[1], it[2]
                    if kind == "reset":
                        actual = belief = payload
                        locked = False
                        tl.append((t, actual))
                    elif kind == "atkchg":
                        if atk is not None and atk == actual:
                            actual = atk = payload
                            locked = True
                            responded = False
                            tl.append((t, actual))
                            self.tag(a, "attr/takeover")
                    continue
                sk, sp = it[5]
                if sk == 0:
                    pw = sp
                elif sk == 1:
                    pw = belief
                elif sk == 2:
                    pw = self.typo(rng, belief)
                else:
                    pw = atk if atk is not None else a.old
                ok = pw == actual
                it[9] = pw
                it[10] = ok
                if it[6] == "attacker":
                    if ok:
                        atk = pw
                        c = it[7].split(":")[0]
                        if it[8] is not None and c not in succ:
                            succ.add(c)
                            self.followup(rng, a, t, it, it[8], push)
                else:
                    if not ok and sk == 1 and locked and not responded:
                        responded = True
                        self.tag(a, "honest/lockout")
                        tt = t
                        for k in range(rng.randint(1, 3)):
                            tt += rng.randint(10, 90) * S
                            push([tt, a.name, it[2], it[3], it[4], (1, None), "honest", "honest/lockout", None, None, None])
                        if rng.random() < 0.75:
                            tt += rng.randint(3, 40) * M
                            newpw = self.human_pw(rng) if a.pwstyle != "pwmgr" else self.strong_pw(rng)
                            push((tt, "reset", newpw, None))
                            push([tt + rng.randint(20, 200) * S, a.name, a.name, it[3], it[4], (1, None), "honest", "honest/lockout", None, None, None])
            self.timeline[a.name] = tl
        # non-existent users
        for x in self.att:
            if x[10] is None:
                x[9] = x[5][1] if x[5][1] is not None else "x"
                x[10] = False

    def consolidate(self):
        rng = mkrng(self.seed, "consolidate", self.profile, self.n)
        held = sorted(self.held, key=lambda h: (h[1], h[0]))
        if len(held) < 3:
            return
        ngrp = max(1, len(held) // 25)
        for g in range(ngrp):
            grp = rng.sample(held, min(len(held), rng.randint(3, 8)))
            names = sorted(set(h[0] for h in grp))
            tmax = max(h[1] for h in grp)
            if tmax > DAY - 20 * M:
                continue
            t = rng.randrange(tmax + 5 * M, DAY)
            camp = "consolidate-%d" % (g + 1)
            self.camp_meta.setdefault(camp, dict(kind="consolidate"))
            ip = rng.choice([rng.choice(self.net.vpn)[0], self.net.host_ip(rng), self.resi_ip(rng)])
            ua = ua_any(rng)
            for nm in names:
                tl = self.timeline[nm]
                i = bisect.bisect_right([x[0] for x in tl], t) - 1
                actual = tl[i][1]
                # attacker uses the last password it knew/set
                known = self.atk_known.get(nm)
                if known is None:
                    continue
                self.add(t, nm, nm, ip, ua, (0, known), "attacker", camp)
                self.att[-1][9] = known
                self.att[-1][10] = known == actual
                t += rng.randint(15, 240) * S
                if t >= DAY:
                    break

    def atk_knowledge(self):
        # last password known to attackers per account (success or self-set)
        k = {}
        for x in sorted(self.att, key=lambda r: r[0]):
            if x[6] == "attacker" and x[10]:
                k[x[1]] = x[9]
        self.atk_known = k

    # ---------------------------------------------------------------- output
    def run(self):
        self.build()
        self.build_combos()
        self.gen_honest()
        self.gen_attacks()
        self.resolve()
        self.atk_knowledge()
        self.consolidate()

    def write(self, out):
        os.makedirs(out, exist_ok=True)
        rng = mkrng(self.seed, "write", self.profile, self.n)
        lag = [0, 250, 600, 1800]
        rows = []
        for i, x in enumerate(self.att):
            srv = rng.randrange(4)
            key = x[0] + lag[srv] + rng.randrange(300)
            rows.append((key, i, x))
        rows.sort(key=lambda r: (r[0], r[1]))
        truth = set()
        users = {}
        counts = {}
        succ = {}
        with open(os.path.join(out, "events.jsonl"), "w", encoding="utf-8", newline="\n") as fe, \
                open(os.path.join(out, "event_labels.csv"), "w", encoding="utf-8", newline="\n") as fl:
            fl.write("line,actor,campaign\n")
            for ln, (_, _, x) in enumerate(rows, 1):
                t, nm, typed, ip, ua, spec, actor, camp, fu, pw, ok = x
                cn = norm(typed)
                ev = {"ts": ts_str(t), "user": typed, "ip": ip, "ok": bool(ok), "cred": fp_cred(cn, pw),
                      "pw": fp_pw(pw), "ua": ua}
                fe.write(json.dumps(ev, ensure_ascii=False, separators=(",", ":")) + "\n")
                fl.write("%d,%s,%s\n" % (ln, actor, camp))
                counts[camp] = counts.get(camp, 0) + 1
                u = users.setdefault(cn, [False, set()])
                u[1].add(camp)
                if actor == "attacker":
                    u[0] = True
                    if ok:
                        truth.add(cn)
                        succ[camp] = succ.get(camp, 0) + 1
        with open(os.path.join(out, "truth.csv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("user\n")
            for u in sorted(truth):
                f.write(u + "\n")
        nlab = {"compromised": 0, "targeted": 0, "benign": 0}
        with open(os.path.join(out, "labels.csv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("user,label,scenario\n")
            for u in sorted(users):
                atk, camps = users[u]
                tags = set(camps)
                a = self.accts.get(u)
                if a is not None:
                    tags.update(a.tags)
                else:
                    tags.add("attr/no-such-account")
                tags.update(self.extra_tags.get(u, ()))
                lab = "compromised" if u in truth else ("targeted" if atk else "benign")
                nlab[lab] += 1
                uu = u
                if any(c in uu for c in ',"\n'):
                    uu = '"' + uu.replace('"', '""') + '"'
                f.write("%s,%s,%s\n" % (uu, lab, ";".join(sorted(tags))))
        with open(os.path.join(out, "combos.txt"), "w", encoding="utf-8", newline="\n") as f:
            for u, pw in self.combos:
                f.write("%s:%s\n" % (u, pw))
        with open(os.path.join(out, "passwords.txt"), "w", encoding="utf-8", newline="\n") as f:
            for p in COMMON:
                f.write(p + "\n")
        meta = {"generator": "gen5", "seed": self.seed, "profile": self.profile, "accounts": self.n,
                "day": DATE, "events": len(rows),
                "attacker_events": sum(v for k, v in counts.items() if not k.startswith("honest/")),
                "honest_events": sum(v for k, v in counts.items() if k.startswith("honest/")),
                "truth": len(truth), "labels": nlab, "combos_lines": len(self.combos),
                "counts_per_campaign": dict(sorted(counts.items())),
                "successes_per_campaign": dict(sorted(succ.items())),
                "campaigns": {k: v for k, v in sorted(self.camp_meta.items())}}
        with open(os.path.join(out, "meta.json"), "w", encoding="utf-8", newline="\n") as f:
            json.dump(meta, f, indent=1, sort_keys=True)
            f.write("\n")
        return meta


def generate(seed, n, profile, out):
    w = World(seed, n, profile)
    w.run()
    return w.write(out)


# ----------------------------------------------------------------------------- selftest
def selftest():
    ok = True

    def check(c, msg):
        nonlocal ok
        if not c:
            ok = False
            print("FAIL:", msg)

    check(fp_cred("alice@example.com", "hunter2") == "b91a880d37beded5", "cred test vector")
    check(fp_pw("hunter2") == "3e324ff24a43a84f", "pw test vector")
    tmp = tempfile.mkdtemp(prefix="gen5-selftest-")
    try:
        for prof in sorted(PROFILES):
            d1 = os.path.join(tmp, prof + "-a")
            d2 = os.path.join(tmp, prof + "-b")
            generate(7, 400, prof, d1)
            # second run in a fresh interpreter with a different string-hash seed
            import subprocess
            env = dict(os.environ, PYTHONHASHSEED=str(1234 + len(prof)))
            subprocess.run([sys.executable, os.path.abspath(__file__), "--seed", "7", "--accounts", "400",
                            "--profile", prof, "--out", d2], check=True, env=env, stdout=subprocess.DEVNULL)
            for fn in ("events.jsonl", "combos.txt", "passwords.txt", "truth.csv", "labels.csv", "event_labels.csv", "meta.json"):
                with open(os.path.join(d1, fn), "rb") as f1, open(os.path.join(d2, fn), "rb") as f2:
                    check(f1.read() == f2.read(), "%s: %s not deterministic" % (prof, fn))
            evs = [json.loads(l) for l in open(os.path.join(d1, "events.jsonl"), encoding="utf-8")]
            el = open(os.path.join(d1, "event_labels.csv"), encoding="utf-8").read().splitlines()
            check(el[0] == "line,actor,campaign", "event_labels header")
            check(len(el) - 1 == len(evs), "%s: event_labels rows" % prof)
            truth = open(os.path.join(d1, "truth.csv"), encoding="utf-8").read().splitlines()
            check(truth[0] == "user", "truth header")
            truth = set(truth[1:])
            atk_ok = set()
            users = set()
            for e, l in zip(evs, el[1:]):
                _, actor, camp = l.split(",", 2)
                u = e["user"].strip().lower()
                users.add(u)
                for k in ("ts", "user", "ip", "ok", "cred", "pw", "ua"):
                    check(k in e, "field %s" % k)
                check(len(e["ts"]) == 24 and e["ts"].endswith("Z"), "ts format")
                ipaddress.ip_address(e["ip"])
                if actor == "attacker" and e["ok"]:
                    atk_ok.add(u)
            check(truth == atk_ok, "%s: truth == users with attacker success (%d vs %d)" % (prof, len(truth), len(atk_ok)))
            labs = {}
            import csv
            with open(os.path.join(d1, "labels.csv"), encoding="utf-8", newline="") as f:
                rd = csv.reader(f)
                check(next(rd) == ["user", "label", "scenario"], "labels header")
                for r in rd:
                    labs[r[0]] = r[1]
            check(set(labs) == users, "%s: labels cover all users" % prof)
            check(all((labs[u] == "compromised") == (u in truth) for u in labs), "%s: compromised == truth" % prof)
            # cred fingerprint consistency: successful honest events' cred must match re-login fingerprints
            meta = json.load(open(os.path.join(d1, "meta.json")))
            check(meta["events"] == len(evs), "meta events")
            print("selftest %-8s events=%d truth=%d targeted=%d benign=%d" % (
                prof, len(evs), len(truth), meta["labels"]["targeted"], meta["labels"]["benign"]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("SELFTEST", "OK" if ok else "FAILED")
    return ok


def main():
    ap = argparse.ArgumentParser(description="gen5 synthetic login-log generator")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--accounts", type=int, default=5000)
    ap.add_argument("--profile", default="mixed", choices=sorted(PROFILES))
    ap.add_argument("--out", default=None)
    ap.add_argument("--selftest", action="store_true")
    a = ap.parse_args()
    if a.selftest:
        sys.exit(0 if selftest() else 1)
    if not a.out:
        ap.error("--out is required")
    m = generate(a.seed, a.accounts, a.profile, a.out)
    print(json.dumps({"events": m["events"], "truth": m["truth"], "labels": m["labels"]}))


if __name__ == "__main__":
    main()
