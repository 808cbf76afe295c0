#!/usr/bin/env python3
"""gen7: labelled synthetic day of logins at a university identity provider.

Service modelled: "Northgate University" central IdP (web SSO, VPN, IMAP/ActiveSync mail,
SMTP relay, webmail, eduroam RADIUS), one teaching-term Monday, with account names that are
student / staff IDs (s2601234@northgate.edu, mjk212@northgate.edu).  See README.md.

Python 3 standard library only, deterministic: same arguments -> same bytes.

    python3 gen7.py --seed 1 --accounts 5000 --profile mixed --out /tmp/gen7/mixed-1
    python3 gen7.py --selftest
"""
import argparse
import bisect
import calendar
import collections
import hashlib
import hmac
import ipaddress
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zlib

DEMO_KEY = b"credsieve-demo-key"
DOMAIN = "northgate.edu"
MIN = 60_000
HOUR = 3_600_000
DAY = 86_400_000
# Local midnight of Monday 2026-09-28 at UTC+01:00 (British Summer Time).
DAY0 = calendar.timegm((2026, 9, 27, 23, 0, 0)) * 1000
LOCAL_OFF = HOUR
HONEST, ATTACKER = "honest", "attacker"

# --------------------------------------------------------------------------- fingerprints

def norm(user):
    return user.strip().lower()


def fp_cred(key, user, password):
    msg = b"c1\x00" + norm(user).encode("utf-8") + b"\x00" + password.encode("utf-8")
    return hmac.new(key, msg, hashlib.sha256).hexdigest()[:16]


def fp_pw(key, password):
    h = hashlib.sha1(password.encode("utf-8")).hexdigest().upper()
    return hmac.new(key, b"p1\x00" + h.encode("ascii"), hashlib.sha256).hexdigest()[:16]


TEST_VECTORS = [
    (b"credsieve-demo-key", "alice@example.com", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    (b"credsieve-demo-key", "  Alice@Example.COM ", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    (b"credsieve-demo-key", "bob", "correct horse battery staple", "b3c4edfb71b95783", "379b91546fb38da0"),
    (b"credsieve-demo-key", "Ünïcode@例え.jp", "pässwörd:with:colons", "b00485ee34fad31d", "acadac23153ab923"),
    (b"s3cr3t-pepper", "alice@example.com", "hunter2", "57cab7f6c60a4041", "a82468d22c5531ab"),
    (b"s3cr3t-pepper", "bob", "correct horse battery staple", "f4be313772448b6f", "6e7632ab9a186ca4"),
]

# --------------------------------------------------------------------------- randomness

def seeded(*parts):
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return random.Random(int.from_bytes(h[:8], "big"))


class Diurnal:
    """Hour-of-day weights (local time) -> ms offsets within the day."""

    def __init__(self, weights):
        self.cum = list(itertools.accumulate(weights))
        self.tot = self.cum[-1]

    def sample(self, r, lo=0, hi=DAY):
        lo, hi = int(lo), int(hi)
        if hi <= lo:
            return lo
        for _ in range(64):
            h = bisect.bisect_right(self.cum, r.random() * self.tot)
            t = h * HOUR + r.randrange(HOUR)
            if lo <= t < hi:
                return t
        return r.randrange(lo, hi)


W_STUDENT = [3.0, 2.2, 1.3, 0.7, 0.4, 0.4, 0.7, 1.8, 3.8, 5.8, 6.8, 7.0,
             7.0, 6.8, 6.8, 6.4, 6.0, 5.6, 5.4, 5.8, 6.4, 6.6, 5.8, 4.6]
W_STAFF = [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.8, 3.2, 7.2, 9.0, 8.8, 8.0,
           6.8, 7.8, 8.2, 7.4, 6.0, 4.0, 2.4, 1.8, 1.9, 1.6, 1.0, 0.6]
D_STUDENT, D_STAFF = Diurnal(W_STUDENT), Diurnal(W_STAFF)
D_OFFICE = Diurnal([0] * 8 + [4, 8, 8, 7, 5, 7, 8, 7, 4] + [0] * 7)


def shifted(weights, shift):
    return Diurnal([weights[(h + shift) % 24] for h in range(24)])

# --------------------------------------------------------------------------- vocabulary

FIRST = ("james mary john patricia robert jennifer michael linda william elizabeth david barbara "
         "richard susan joseph jessica thomas sarah charles karen oliver amelia harry isla jack ava "
         "george mia noah emily leo grace arthur sophia muhammad freya oscar lily aisha priya wei "
         "yusuf chen ana lucas sofia mateo elena ivan olga kwame amara niamh callum rhys ffion").split()
LAST = ("smith jones taylor brown williams wilson johnson davies robinson wright thompson evans walker "
        "white roberts green hall wood jackson clarke patel khan lewis james phillips mason mitchell "
        "rose davis rodriguez cox alexander garcia chen wang li singh kumar nguyen kowalski novak "
        "murphy kelly obrien fischer muller rossi silva santos okafor mensah hughes price").split()
WORDS = ("liverpool arsenal chelsea everton united spurs leeds celtic rangers monkey dragon sunshine "
         "princess charlie football summer rainbow oliver jessica purple cookie harry poppy daisy "
         "buster hello freedom qwerty ashley michael thomas jordan tigger banana coffee pepper ginger "
         "shadow maggie bailey hannah lucky angel soccer london manchester bristol cardiff dublin "
         "yorkshire superman batman pokemon minecraft starwars hogwarts gandalf chocolate strawberry "
         "butterfly flower winter autumn spring orange yellow silver golden tiger panda rabbit teddy "
         "bella molly alfie milo luna ruby rosie jasper bonnie nemo simba sparky biscuit peanut "
         "marmite crumpet rugby cricket tennis netball guitar piano violin physics chemistry").split()
TOP_COMMON = ("123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 "
              "baseball abc123 football monkey letmein 696969 shadow master 666666 qwertyuiop 123321 "
              "mustang 1234567890 michael 654321 superman 1qaz2wsx 7777777 121212 000000 qazwsx "
              "123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter buster soccer harley "
              "batman andrew tigger sunshine iloveyou 2000 charlie robert thomas hockey ranger daniel "
              "starwars klaster 112233 george computer michelle jessica pepper 1111 zxcvbn 555555 "
              "11111111 131313 freedom 777777 pass maggie 159753 aaaaaa ginger princess joshua cheese "
              "amanda summer love ashley nicole chelsea biteme matthew access yankees 987654321 dallas "
              "austin thunder taylor matrix liverpool arsenal password1 Password1 Password123 "
              "Password123! Welcome1 Welcome123 P@ssw0rd Passw0rd Passw0rd! Qwerty123 Qwerty123! "
              "Abcd1234 Aa123456 Liverpool1 Chelsea123 Arsenal123 Football1 Monkey123! Sunshine1 "
              "Letmein1! Princess1 Charlie1! Hello123 Iloveyou1 Manchester1 Summer2024! Summer2025! "
              "Summer2026! Spring2026! Winter2025! Autumn2025! Autumn2026! Welcome2026! Password1! "
              "Password2026 Changeme1 Changeme123! Admin123 Football123 Liverpool123 Arsenal1!").split()
# policy-compliant common passwords that honest "weak" users actually hold
WEAK_POLICY = [p for p in TOP_COMMON if len(p) >= 8 and re.search(r"[A-Z]", p) and re.search(r"\d", p)]
SYMS = "!.#?*@$"
MANAGER_ALPHA = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#%&*+-=?@^_"
SPRAY_FAST = ["Autumn2026!", "Northgate2026!", "Welcome2026!", "Password1!"]
SPRAY_SLOW = ["Northgate123!", "Winter2025!", "September2026!"]
KEY_NEAR = {}
for _row in ("qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890"):
    for _i, _c in enumerate(_row):
        KEY_NEAR[_c] = (_row[_i - 1] if _i else "") + (_row[_i + 1] if _i + 1 < len(_row) else "")


def gen_pw(r):
    k = r.random()
    if k < 0.28:
        p = r.choice(WORDS).capitalize() + str(r.randrange(1, 100))
    elif k < 0.44:
        p = r.choice(WORDS).capitalize() + str(r.randrange(1975, 2027)) + r.choice(SYMS)
    elif k < 0.54:
        p = r.choice(FIRST).capitalize() + "%02d%02d" % (r.randrange(1, 29), r.randrange(1, 13))
    elif k < 0.64:
        p = r.choice(WORDS).capitalize() + r.choice(WORDS).capitalize() + str(r.randrange(10))
    elif k < 0.76:
        p = "-".join(r.choice(WORDS) for _ in range(3)) + str(r.randrange(10))
    elif k < 0.92:
        p = "".join(r.choice(MANAGER_ALPHA) for _ in range(r.randrange(14, 21)))
        if r.random() < 0.15:  # some manager passwords contain ':'; combos split at the first ':'
            i = r.randrange(1, len(p))
            p = p[:i] + ":" + p[i:]
    else:
        w = r.choice(WORDS).capitalize()
        p = w.replace("a", "@").replace("o", "0").replace("e", "3").replace("i", "1") + str(r.randrange(10, 100))
    while len(p) < 8:
        p += str(r.randrange(10))
    return p


def prev_pw(r, pw):
    """The password a user had before `pw` (often the same stem with another number)."""
    m = re.search(r"(\d+)(\D*)$", pw)
    if m and r.random() < 0.55:
        n = int(m.group(1))
        nn = n - 1 if n > 0 else n + 1
        return pw[:m.start(1)] + str(nn).zfill(len(m.group(1))) + m.group(2)
    return gen_pw(r)


def typo(r, pw):
    for _ in range(8):
        k = r.randrange(6)
        i = r.randrange(len(pw))
        if k == 0 and len(pw) > 1:
            q = pw[:i] + pw[i + 1:]
        elif k == 1:
            q = pw[:i] + pw[i] + pw[i:]
        elif k == 2 and len(pw) > 1:
            i = min(i, len(pw) - 2)
            q = pw[:i] + pw[i + 1] + pw[i] + pw[i + 2:]
        elif k == 3:
            near = KEY_NEAR.get(pw[i].lower(), "")
            q = pw[:i] + (r.choice(near) if near else r.choice("aeiou")) + pw[i + 1:]
        elif k == 4:
            q = pw + r.choice("1!.;'")
        else:
            q = pw[:-1]
        if q != pw and q:
            return q
    return pw + "x"


def confuse(r, pw):
    """Misreading a printed temporary password (O/0, l/1/I, S/5)."""
    pairs = [("O", "0"), ("0", "O"), ("l", "1"), ("1", "l"), ("I", "l"), ("S", "5"), ("5", "S"), ("B", "8")]
    cands = [(a, b) for a, b in pairs if a in pw]
    if cands:
        a, b = r.choice(cands)
        return pw.replace(a, b, 1)
    return typo(r, pw)

# --------------------------------------------------------------------------- user agents

def ua_desktop(r):
    cv = r.choice([138, 139, 140, 140, 141])
    fv = r.choice([141, 142, 143])
    k = r.random()
    if k < 0.34:
        return "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36" % cv
    if k < 0.48:
        return ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 "
                "Safari/537.36 Edg/%d.0.%d.%d" % (cv, cv, r.randrange(3000, 3500), r.randrange(40, 120)))
    if k < 0.54:
        return "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%d.0) Gecko/20100101 Firefox/%d.0" % (fv, fv)
    if k < 0.68:
        return "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36" % cv
    if k < 0.84:
        return ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                "Version/%s Safari/605.1.15" % r.choice(["18.6", "26.0", "26.0.1"]))
    if k < 0.87:
        return "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:%d.0) Gecko/20100101 Firefox/%d.0" % (fv, fv)
    if k < 0.91:
        return "Mozilla/5.0 (X11; Linux x86_64; rv:%d.0) Gecko/20100101 Firefox/%d.0" % (fv, fv)
    if k < 0.94:
        return "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36" % cv
    return "Mozilla/5.0 (X11; CrOS x86_64 16328.65.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36" % cv


def ua_phone(r):
    cv = r.choice([139, 140, 141])
    k = r.random()
    if k < 0.42:
        return ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                "Version/%s Mobile/15E148 Safari/604.1" % r.choice(["18.6", "26.0", "26.0.1"]))
    if k < 0.50:
        return ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                "CriOS/%d.0.%d.%d Mobile/15E148 Safari/604.1" % (cv, r.randrange(7200, 7400), r.randrange(50, 130)))
    if k < 0.90:
        return "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Mobile Safari/537.36" % cv
    return ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/28.0 "
            "Chrome/130.0.0.0 Mobile Safari/537.36")


def ua_eas(r):
    """ActiveSync-style mail client agents; None = plain IMAP (no user agent)."""
    k = r.random()
    if k < 0.45:
        return None
    if k < 0.65:
        return "Apple-iPhone%dC%d/%d.%d" % (r.choice([15, 16, 17]), r.randrange(1, 5), r.choice([2205, 2306, 2307]), r.randrange(10, 90))
    if k < 0.80:
        return "Outlook-iOS/2.0"
    if k < 0.93:
        return "Outlook-Android/2.0"
    return "Android-Mail/2025.08.31.%d.release" % r.randrange(700000000, 800000000)


VPN_UAS = ["AnyConnect Windows 5.1.9.113", "AnyConnect Darwin_i386 5.1.9.113", "AnyConnect Linux_64 5.1.8.105",
           "AnyConnect Windows 5.1.8.105"]
HEADLESS_UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.7339.80 "
               "Safari/537.36")
SAAS_MON_UA = "Mozilla/5.0 (compatible; SynthMonitor/3.4; +https://status.example-synthetics.net/bot)"
A1_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0.0.0 Safari/537.36"
OP1_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.5993.118 Safari/537.36"
OP2_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
HYDRA_UA = "Mozilla/5.0 (Hydra)"
SPRAY_UAS = ["python-requests/2.31.0", "Go-http-client/1.1"]

# --------------------------------------------------------------------------- address space

RES4 = [(86, 128, 64), (81, 96, 16), (92, 232, 8), (2, 24, 8), (109, 144, 16), (5, 64, 8), (90, 192, 32),
        (31, 48, 16), (82, 0, 32), (176, 248, 8), (94, 0, 16), (151, 224, 8)]
RES6 = ["2a00:23c4", "2a02:c7c", "2a01:4b00", "2a0a:ef40", "2a02:8010"]
CARRIER4 = [("82.132", 216, 32), ("148.252", 128, 32), ("31.94", 0, 64)]
CARRIER6 = ["2a01:4c8", "2a00:1fa0", "2a02:c78"]
HOSTING4 = [(45, 55), (64, 227), (104, 248), (139, 59), (159, 89), (167, 99), (178, 62), (188, 166),
            (91, 92), (194, 26), (5, 188), (185, 220), (212, 192)]
HOSTING6 = ["2a03:b0c0", "2604:a880", "2a01:4f8", "2001:19f0"]
FOREIGN_A = [177, 179, 186, 187, 189, 191, 200, 201, 14, 113, 115, 116, 117, 41, 105, 197, 78, 95, 176,
             36, 39, 42, 49, 58, 59, 60, 61, 110, 111, 112, 114, 118, 119, 120, 121, 122, 123, 124, 125,
             180, 182, 183, 202, 203, 210, 211, 218, 219, 220, 221, 222, 223, 24, 67, 71, 73, 76, 98, 99]
CAMPUS6 = "2001:630:4a"
EDUROAM_NAT = ["193.61.224.10", "193.61.224.11", "193.61.224.12", "193.61.224.13"]
HALLS_NAT = ["193.61.225.1", "193.61.225.2"]
KIOSK_NAT = "193.61.226.5"
VPN_EGRESS = ["193.61.255.10", "193.61.255.11"]
WEBMAIL_IP = "193.61.250.25"
RADIUS_IPS = ["193.61.250.41", "193.61.250.42"]
MON_INTERNAL = ["193.61.250.90", "193.61.250.91"]


def v6(prefix4groups, r):
    s = prefix4groups + ":" + ":".join("%x" % r.randrange(0x10000) for _ in range(4))
    return ipaddress.IPv6Address(s).compressed


def p64(head2, r):
    return "%s:%x:%x" % (head2, r.randrange(0x10000), r.randrange(0x10000))


def res4(r):
    a, b0, nb = r.choice(RES4)
    return "%d.%d.%d.%d" % (a, b0 + r.randrange(nb), r.randrange(256), r.randrange(1, 255))


def hosting4(r):
    a, b = r.choice(HOSTING4)
    return "%d.%d.%d.%d" % (a, b, r.randrange(256), r.randrange(1, 255))


def foreign4(r):
    return "%d.%d.%d.%d" % (r.choice(FOREIGN_A), r.randrange(256), r.randrange(256), r.randrange(1, 255))

# --------------------------------------------------------------------------- profiles

BASE = dict(
    active_student=0.74, active_staff=0.86, active_aff=0.35,
    campus_student=0.55, campus_staff=0.68, halls=0.28,
    imap_student=0.14, imap_staff=0.50, webmail=0.07, vpn_staff=0.35,
    p_typo=0.04, p_caps=0.008, p_wrong_user=0.005, dualstack=0.45, phone_v6=0.55, campus_v6=0.5,
    stale=0.012, expiry=0.008, old_first=0.03, forgot=0.005, fresher_first=0.25, sharing=0.006,
    travel=0.02, consumer_vpn=0.02, kiosk=0.05,
    breach_student=0.06, breach_staff=0.03, reuse_exposed=0.006, weak_common=0.03,
    # attack campaign multipliers (0 = off)
    stuff_vps=1.0, stuff_slow=0.0, stuff_resi=1.0, botnet=1.0, spray=1.0, spray_slow=0.0,
    brute=1.0, brute_naive=0.0, v6rot=1.0, webmail_stuff=1.0, phish=1.0,
    revisit=0.75, resi_overlap=1.0, brute_success=0.6,
)
PROFILES = {
    "mixed": dict(stuff_slow=0.5, spray_slow=0.5, brute_naive=1.0),
    # password-expiry / first teaching week: heavy honest failure noise, spraying and brute force
    "expiry-week": dict(stale=0.04, expiry=0.05, old_first=0.06, forgot=0.015, fresher_first=0.6, p_typo=0.05,
                        kiosk=0.1, stuff_vps=0.5, stuff_resi=0.3, botnet=0.0, spray=1.5, spray_slow=1.0,
                        brute=1.0, brute_naive=1.0, v6rot=0.5, webmail_stuff=0.0, phish=1.0,
                        brute_success=0.8),
    # botnets and residential/mobile proxies over heavily shared honest addresses
    "proxy-storm": dict(imap_student=0.25, phone_v6=0.65, consumer_vpn=0.05, halls=0.35,
                        stuff_vps=0.3, stuff_resi=4.0, botnet=3.0, v6rot=2.0, spray=0.5, brute=0.0,
                        webmail_stuff=0.0, phish=0.0, resi_overlap=3.0),
    # quiet campaigns, returning attackers, phishing; many honest users with leaked passwords
    "low-and-slow": dict(reuse_exposed=0.02, old_first=0.06, sharing=0.015, travel=0.04, consumer_vpn=0.04,
                         breach_student=0.09, stuff_vps=0.0, stuff_slow=1.0, stuff_resi=0.4, botnet=0.0,
                         spray=0.0, spray_slow=1.0, brute=0.0, v6rot=0.5, webmail_stuff=2.0, phish=2.0,
                         revisit=0.95),
}


def params(profile):
    p = dict(BASE)
    p.update(PROFILES[profile])
    return p

# --------------------------------------------------------------------------- model

class Acct:
    def __init__(self, uid, kind):
        self.uid = uid            # normalised
        self.kind = kind          # student staff affiliate test mfp lab
        self.pw = None            # current password (end of day)
        self.old = []             # previous passwords, most recent first
        self.sched = None         # [(t_from, password, expired)] if it changes today
        self.flags = []           # account-level scenario tags
        self.active = False
        self.special = None       # expiry / forgot / fresher / stale
        self.claimed = False      # reserved by an attack plan
        self.targeted = False
        self.breach_pw = None

    def cur(self, t):
        if self.sched is None:
            return self.pw, False
        res = self.sched[0]
        for e in self.sched:
            if e[0] <= t:
                res = e
        return res[1], res[2]


class Ctx:
    def __init__(self, seed, n, profile, key):
        self.seed, self.n, self.profile, self.key = seed, n, profile, key
        self.P = params(profile)
        self.s = n / 5000.0
        self.accts = []
        self.by_uid = {}
        self.ev = []              # [t, app, typed, ip, pw, fp, ua, actor, camp, ok, err, nu]
        self.combos = []          # (typed user, password)
        self.combo_set = set()
        self.stale_entries = []   # (typed, pw, acct) leaked old passwords of directory accounts
        self.nonexist = []        # (typed, pw) leaked pairs for accounts the IdP does not have
        self.hits = []            # (acct, t, campaign, operator, ip)
        self.camp_targets = collections.defaultdict(set)
        self.households = []
        self.extra_common = []
        r = seeded(seed, "pools")
        self.vpn_pool = (["185.213.154.%d" % r.randrange(2, 250) for _ in range(10)]
                         + ["146.70.117.%d" % r.randrange(2, 250) for _ in range(8)]
                         + ["89.36.76.%d" % r.randrange(2, 250) for _ in range(6)])
        self.cgnat = []
        for pre, b0, nb in CARRIER4:
            self.cgnat.append(["%s.%d.%d" % (pre, b0 + r.randrange(nb), r.randrange(1, 255)) for _ in range(24)])
        self.saas_mon = ["34.%d.%d.%d" % (r.randrange(64, 128), r.randrange(256), r.randrange(1, 255)) for _ in range(3)] + \
                        [v6(p64("2600:1f18", r), r) for _ in range(3)]

    def rng(self, *parts):
        return seeded(self.seed, self.profile, *parts)

    def emit(self, t, app, typed, ip, pw, ua, actor, camp, fp=True):
        t = int(t)
        if t < 0 or t >= DAY:
            return None
        nu = norm(typed)
        a = self.by_uid.get(nu)
        if a is None:
            ok, err = False, "no_such_user"
        else:
            cur, exp = a.cur(t)
            if pw == cur:
                ok, err = (False, "expired") if exp else (True, None)
            else:
                ok, err = False, "bad_password"
            if actor == ATTACKER:
                a.targeted = True
        self.ev.append([t, app, typed, ip, pw, fp, ua, actor, camp, ok, err, nu])
        return ok

    def add_combo(self, typed, pw):
        self.combos.append((typed, pw))
        self.combo_set.add((norm(typed), pw))

# --------------------------------------------------------------------------- directory

def typed_variant(r, uid, p_var=0.12):
    if r.random() >= p_var:
        return uid
    local, dom = uid.split("@")
    k = r.randrange(5)
    if k == 0:
        return local.capitalize() + "@" + dom          # phone auto-capitalisation
    if k == 1:
        return uid + " "                                # pasted with trailing blank
    if k == 2:
        return local.upper() + "@" + dom
    if k == 3:
        return local + "@" + dom.capitalize()
    return " " + uid


def make_directory(ctx):
    r = ctx.rng("directory")
    n = ctx.n
    used = set()

    def add(uid, kind):
        a = Acct(uid, kind)
        ctx.accts.append(a)
        ctx.by_uid[uid] = a
        used.add(uid)
        return a

    n_test = min(24, max(4, n // 200))
    n_lab = max(2, min(8, n // 700))
    for i in range(n_test):
        add("svc-synth-%02d@%s" % (i + 1, DOMAIN), "test")
    add("svc-mfp@%s" % DOMAIN, "mfp")
    labs = ["cryoem", "genomics", "nmr", "hpc-ops", "field-ecology", "media-lab", "robotics", "archive"]
    for i in range(n_lab):
        add("lab-%s@%s" % (labs[i], DOMAIN), "lab")
    people = max(10, n - n_test - 1 - n_lab)
    n_staff = round(people * 0.22)
    n_aff = round(people * 0.05)
    n_stu = people - n_staff - n_aff
    years = [19, 20, 21, 22, 23, 24, 25, 26]
    yw = [0.3, 0.6, 1.0, 1.0, 1.0, 1.0, 1.0, 1.05]
    while sum(1 for a in ctx.accts if a.kind == "student") < n_stu:
        uid = "s%02d%05d@%s" % (r.choices(years, yw)[0], r.randrange(100000), DOMAIN)
        if uid not in used:
            add(uid, "student")
    letters = "abcdefghijklmnoprstw"
    k = 0
    while k < n_staff:
        uid = "%s%03d@%s" % ("".join(r.choice(letters) for _ in range(r.choice([2, 3, 3]))), r.randrange(1, 1000), DOMAIN)
        if uid not in used:
            add(uid, "staff")
            k += 1
    k = 0
    while k < n_aff:
        uid = "x%06d@%s" % (r.randrange(1000000), DOMAIN)
        if uid not in used:
            add(uid, "affiliate")
            k += 1
    for a in ctx.accts:
        a.pw = gen_pw(r)
        if a.kind in ("student", "staff", "affiliate") and r.random() < ctx.P["weak_common"]:
            a.pw = r.choice(WEAK_POLICY)
            a.flags.append("weak-common-password")
        prev = a.pw
        for _ in range(r.choice([1, 2, 2, 3])):
            q = prev_pw(r, prev)
            if q != a.pw and q not in a.old:
                a.old.append(q)
                prev = q
        if not a.old:
            a.old.append(gen_pw(r) + "7")
    ctx.used_ids = used

# --------------------------------------------------------------------------- honest planning

def assign_honest(ctx):
    P, r = ctx.P, ctx.rng("assign")
    people = [a for a in ctx.accts if a.kind in ("student", "staff", "affiliate")]
    # households (flat shares for students, 1-2 person homes for staff)
    stu_out = []
    for a in people:
        act = {"student": P["active_student"], "staff": P["active_staff"], "affiliate": P["active_aff"]}[a.kind]
        a.active = r.random() < act
        a.halls = a.kind == "student" and r.random() < P["halls"]
        a.campus_day = r.random() < (P["campus_student"] if a.kind == "student" else P["campus_staff"] if a.kind == "staff" else 0.3)
        if a.kind == "staff":
            a.arrive = r.randrange(7 * HOUR + 30 * MIN, 10 * HOUR)
            a.leave = r.randrange(16 * HOUR, 18 * HOUR + 30 * MIN)
        else:
            a.arrive = r.randrange(8 * HOUR + 30 * MIN, 12 * HOUR)
            a.leave = min(DAY - HOUR, a.arrive + r.randrange(3 * HOUR, 8 * HOUR))
        a.carrier = r.randrange(3)
        a.phone_v6 = r.random() < P["phone_v6"]
        a.campus_v6 = r.random() < P["campus_v6"]
        a.vlan = r.randrange(0x10, 0x60)
        a.laptop_ua = ua_desktop(r)
        a.phone_ua = ua_phone(r)
        a.mail_ua = ua_eas(r)
        a.typed_laptop = typed_variant(r, a.uid, 0.08)
        a.typed_phone = typed_variant(r, a.uid, 0.18)
        a.imap = r.random() < (P["imap_staff"] if a.kind == "staff" else P["imap_student"])
        a.webmail = r.random() < P["webmail"]
        a.vpn = a.kind == "staff" and r.random() < P["vpn_staff"]
        a.desk_ip = "193.61.%d.%d" % (r.randrange(40, 48), r.randrange(2, 255)) if a.kind == "staff" else None
        a.consumer_vpn = r.random() < P["consumer_vpn"]
        a.kiosk = a.kind == "student" and r.random() < P["kiosk"]
        a.sharing = a.kind == "student" and r.random() < P["sharing"]
        a.travel = a.kind == "staff" and r.random() < P["travel"]
        a.old_first = False
        a.t_fix = None
        a.home4 = a.home6 = None
        if a.kind == "student" and not a.halls:
            stu_out.append(a)
        elif not a.halls:
            hh = (res4(r), p64(r.choice(RES6), r) if r.random() < P["dualstack"] else None)
            ctx.households.append(hh)
            a.home4, a.home6 = hh
        if a.consumer_vpn:
            a.flags.append("consumer-vpn")
        if a.travel:
            a.flags.append("travelling")
            a.campus_day = False
            a.hotel = foreign4(r)
            a.tz_shift = r.choice([-5, -4, 6, 7, 8])
    i = 0
    while i < len(stu_out):
        size = r.choices([1, 2, 3, 4, 5], [3, 3, 3, 3, 1.5])[0]
        hh = (res4(r), p64(r.choice(RES6), r) if r.random() < P["dualstack"] else None)
        ctx.households.append(hh)
        for a in stu_out[i:i + size]:
            a.home4, a.home6 = hh
        i += size
    # mutually exclusive special days (they change the password schedule)
    act = [a for a in people if a.active and not a.travel]
    r.shuffle(act)
    fresh = [a for a in act if a.kind == "student" and a.uid.startswith("s26")]
    for a in fresh[:round(len(fresh) * P["fresher_first"])]:
        a.special = "fresher"
    pool = [a for a in act if a.special is None]
    cuts = [("stale", P["stale"]), ("expiry", P["expiry"]), ("forgot", P["forgot"])]
    pos = 0
    for name, frac in cuts:
        k = round(len(people) * frac)
        for a in pool[pos:pos + k]:
            a.special = name
        pos += k
    for a in people:
        if a.special in ("expiry", "forgot", "fresher"):
            while len(a.old) < 2:
                a.old.append(gen_pw(r) + "5")
        if a.special == "stale":
            a.imap = True
        if a.special == "forgot":
            a.imap = False
    for a in people:
        if a.active and len(a.old) and r.random() < P["old_first"]:
            a.old_first = True

# --------------------------------------------------------------------------- leaks

def alias_of(r):
    return "%s.%s" % (r.choice(FIRST), r.choice(LAST))


def build_breach(ctx):
    P, r = ctx.P, ctx.rng("breach")
    people = [a for a in ctx.accts if a.kind in ("student", "staff", "affiliate")]
    for a in people:
        frac = P["breach_staff"] if a.kind == "staff" else P["breach_student"]
        if r.random() < frac:
            pw = a.old[-1] if len(a.old) >= 2 else a.old[0]
            typed = typed_variant(r, a.uid, 0.15)
            a.breach_pw = pw
            a.flags.append("leaked-old-password")
            if a.active and a.special is None and r.random() < 0.25:
                a.old_first = True   # still types the old (leaked) password first now and then
            ctx.stale_entries.append((typed, pw, a))
            ctx.add_combo(typed, pw)
            if r.random() < 0.2 and len(a.old) >= 2:   # second dump with another old password
                pw2 = a.old[0]
                if pw2 != pw and a.special not in ("expiry", "forgot", "fresher"):
                    ctx.stale_entries.append((a.uid, pw2, a))
                    ctx.add_combo(a.uid, pw2)
    # university-domain pairs the IdP does not know: alumni, former staff, e-mail aliases
    seen = ctx.used_ids
    n_alum = round(ctx.n * 0.5)
    k = 0
    while k < n_alum:
        x = r.random()
        if x < 0.6:
            u = "s%02d%05d@%s" % (r.randrange(8, 19), r.randrange(100000), DOMAIN)
        elif x < 0.85:
            u = "%s@%s" % (alias_of(r), DOMAIN)
        elif x < 0.93:
            u = "%s%03d@%s" % ("".join(r.choice("abcdefghijklmnoprstw") for _ in range(3)), r.randrange(1000), DOMAIN)
        else:
            u = "%s@student.%s" % (alias_of(r), DOMAIN)
        if u in seen:
            continue
        seen.add(u)
        pw = gen_pw(r) if r.random() < 0.7 else r.choice(TOP_COMMON)
        typed = typed_variant(r, u, 0.15)
        ctx.nonexist.append((typed, pw))
        ctx.add_combo(typed, pw)
        k += 1
    # the bulk of any dump: other domains, never in this log
    doms = ["gmail.com", "hotmail.co.uk", "yahoo.co.uk", "outlook.com", "btinternet.com", "icloud.com",
            "live.co.uk", "aol.com", "southfield.ac.uk", "mail.ru", "web.de", "qq.com", "yandex.ru"]
    for i in range(round(ctx.n * 5)):
        x = r.random()
        if x < 0.5:
            local = alias_of(r) + (str(r.randrange(100)) if r.random() < 0.5 else "")
        elif x < 0.8:
            local = r.choice(WORDS) + r.choice(FIRST) + str(r.randrange(1000))
        else:
            local = "%s_%s%d" % (r.choice(FIRST), r.choice(LAST)[:3], r.randrange(1960, 2010))
        pw = gen_pw(r) if r.random() < 0.75 else r.choice(TOP_COMMON)
        if r.random() < 0.003:
            local, pw = "jörg.müller%d" % i, "pässwort:%d" % r.randrange(100)
        ctx.combos.append(("%s@%s" % (local, r.choice(doms)), pw))


def claim(ctx, r, n, kinds=("student", "staff", "affiliate"), want_active=0.8):
    """Reserve n untouched accounts as victims of an attack plan."""
    cands = [a for a in ctx.accts if a.kind in kinds and not a.claimed and a.special is None
             and a.breach_pw is None and not a.old_first and not a.travel]
    act = [a for a in cands if a.active]
    ina = [a for a in cands if not a.active]
    out = []
    for _ in range(n):
        src = act if (r.random() < want_active and act) or not ina else ina
        if not src:
            break
        a = src.pop(r.randrange(len(src)))
        a.claimed = True
        out.append(a)
    return out


def stuff_list(ctx, r, camp, n, n_hits, exist_share=0.18, priv=0.15):
    hits = claim(ctx, r, n_hits)
    items = []
    for a in hits:
        typed = typed_variant(r, a.uid, 0.15)
        if r.random() < 0.2:
            a.flags.append("private-dump-reuse")
        else:
            ctx.add_combo(typed, a.pw)
            a.flags.append("leaked-current-password")
        items.append((typed, a.pw, a))
    n_exist = max(0, min(len(ctx.stale_entries), round(n * exist_share) - len(hits)))
    for typed, pw, a in r.sample(ctx.stale_entries, n_exist):
        if r.random() < priv:
            pw = gen_pw(r)
            if pw == a.pw:
                pw += "!"
        items.append((typed, pw, a))
    rest = max(0, n - len(items))
    pick = r.sample(ctx.nonexist, min(rest, len(ctx.nonexist)))
    while len(pick) < rest:
        pick.append(r.choice(ctx.nonexist))
    for typed, pw in pick:
        if r.random() < priv:
            pw = gen_pw(r)
        items.append((typed, pw, None))
    r.shuffle(items)
    return items


def add_exposed(ctx):
    P, r = ctx.P, ctx.rng("exposed")
    cands = [a for a in ctx.accts if a.kind in ("student", "staff", "affiliate") and a.active and not a.claimed
             and not a.targeted and a.special is None]
    k = round(len([a for a in ctx.accts if a.kind in ("student", "staff", "affiliate")]) * P["reuse_exposed"])
    for a in r.sample(cands, min(k, len(cands))):
        ctx.add_combo(typed_variant(r, a.uid, 0.15), a.pw)
        a.flags.append("leaked-current-password")


def write_leaks(ctx, out):
    r = ctx.rng("leakfiles")
    lines = ["%s:%s" % (u, p) for u, p in ctx.combos]
    r.shuffle(lines)
    # a dump as it circulates: a few blank and malformed lines
    for i in range(max(1, len(lines) // 5000)):
        lines.insert(r.randrange(len(lines)), "")
        lines.insert(r.randrange(len(lines)), "%s.%s%d@gmail.com" % (r.choice(FIRST), r.choice(LAST), i))
    with open(os.path.join(out, "combos.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    pwl = {}
    for p in TOP_COMMON + SPRAY_SLOW[1:2]:
        pwl[p] = 1
    for w in WORDS:
        for p in (w, w + "1", w + "123", w.capitalize() + "1", w.capitalize() + "123", w + "12",
                  w.capitalize() + str(r.randrange(1, 100)), w + str(r.randrange(1980, 2027))):
            pwl[p] = 1
    for i in range(round(1500 + ctx.n * 0.3)):
        pwl[gen_pw(r) if r.random() < 0.5 else r.choice(WORDS) + str(r.randrange(10000))] = 1
    for u, p in ctx.combos:
        if r.random() < 0.35:
            pwl[p] = 1
    for p in ctx.extra_common:
        pwl[p] = 1
    pwl.pop("Northgate2026!", None)   # organisation-specific spray passwords are in no public list
    pwl.pop("Northgate123!", None)
    pl = list(pwl)
    r.shuffle(pl)
    with open(os.path.join(out, "passwords.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(pl) + "\n")
    ctx.n_combo_lines, ctx.n_pw_lines = len(lines), len(pl)

# --------------------------------------------------------------------------- honest behaviour

class Person:
    """Per-account generator of honest traffic."""

    def __init__(self, ctx, a):
        self.ctx, self.a, self.P = ctx, a, ctx.P
        self.r = ctx.rng("honest", a.uid)
        base = W_STUDENT if a.kind == "student" else W_STAFF
        self.D = shifted(base, a.tz_shift) if a.travel else (D_STUDENT if a.kind == "student" else D_STAFF)
        self.vpn_on = False

    def where(self, t, dev):
        a, r = self.a, self.r
        if a.travel:
            return "hotel"
        if a.campus_day and a.arrive <= t < a.leave:
            return "campus"
        if dev == "phone" and (a.arrive - 50 * MIN <= t < a.arrive or a.leave <= t < a.leave + 50 * MIN):
            return "out"
        if dev == "phone" and r.random() < 0.25:
            return "out"
        return "home"

    def ip(self, t, dev, where):
        a, r = self.a, self.r
        if where == "hotel":
            return a.hotel if dev != "phone" or r.random() < 0.6 else r.choice(self.ctx.cgnat[a.carrier])
        if where == "campus":
            if a.kind == "staff" and dev == "laptop":
                if a.campus_v6 and r.random() < 0.5:
                    return v6("%s:%x" % (CAMPUS6, 0x100 + a.vlan), seeded(a.uid, "desk6"))
                return a.desk_ip
            if a.campus_v6 and dev == "phone":
                return v6("%s:%x" % (CAMPUS6, 0x800 + a.vlan), seeded(a.uid, dev, t // (6 * HOUR)))
            return EDUROAM_NAT[(zlib.crc32(a.uid.encode()) + t // (2 * HOUR)) % 4]
        if where == "out":
            if a.phone_v6:
                return v6(p64(CARRIER6[a.carrier], seeded(a.uid, "attach", t // (90 * MIN))), r)
            return r.choice(self.ctx.cgnat[a.carrier])
        # home
        if a.halls:
            if a.campus_v6 and r.random() < 0.4:
                return v6("%s:%x" % (CAMPUS6, 0xa00 + a.vlan), seeded(a.uid, dev, "halls"))
            return r.choice(HALLS_NAT)
        if a.consumer_vpn and dev == "laptop" and r.random() < 0.8:
            return r.choice(self.ctx.vpn_pool)
        if a.home6 and r.random() < 0.6:
            # privacy extensions: a new interface ID every few hours inside the household /64
            return v6(a.home6, seeded(a.uid, dev, t // (4 * HOUR)))
        return a.home4

    def login(self, t, app, typed, ip, ua, camp="routine", p_typo=None, fp=True):
        """One interactive login with the usual human failures in front of it."""
        a, r, ctx = self.a, self.r, self.ctx
        p_typo = self.P["p_typo"] if p_typo is None else p_typo
        pre = []
        if r.random() < self.P["p_wrong_user"]:
            local, dom = a.uid.split("@")
            i = r.randrange(1, len(local))
            pre.append(("user", local[:i] + local[i + 1:] + "@" + dom, None))
        if a.old_first and r.random() < 0.35:
            pre.append(("old-password-first", typed, a.breach_pw if a.breach_pw and r.random() < 0.7 else r.choice(a.old)))
        if r.random() < p_typo:
            cur = a.cur(t)[0]
            pre.append(("typo", typed, typo(r, cur)))
            if r.random() < 0.25:
                pre.append(("typo", typed, typo(r, cur)))
        if r.random() < self.P["p_caps"]:
            pre.append(("caps-lock", typed, a.cur(t)[0].swapcase()))
        for why, u, pw in pre:
            if why == "user":
                ctx.emit(t, app, u, ip, a.cur(t)[0], ua, HONEST, "wrong-username", fp)
            else:
                ctx.emit(t, app, u, ip, pw, ua, HONEST, why, fp)
            t += r.randrange(4000, 45000)
        ctx.emit(t, app, typed, ip, a.cur(t)[0], ua, HONEST, camp, fp)
        return t

    def sso_sessions(self, lo=0):
        a, r, P = self.a, self.r, self.P
        n = 1 + (self._poisson(1.3) if a.kind == "student" else self._poisson(2.0) + 1)
        if a.kind == "affiliate":
            n = 1 + self._poisson(0.4)
        times = sorted(self.D.sample(r, lo) for _ in range(n))
        camp = "travel" if a.travel else "routine"
        for t in times:
            dev = "laptop" if r.random() < 0.68 else "phone"
            wh = self.where(t, dev)
            ip = self.ip(t, dev, wh)
            ua = a.laptop_ua if dev == "laptop" else a.phone_ua
            typed = a.typed_laptop if dev == "laptop" else a.typed_phone
            if a.vpn and wh == "home" and dev == "laptop":
                if not self.vpn_on:
                    self.login(t - r.randrange(60000, 300000), "vpn", typed, a.home4 or ip, r.choice(VPN_UAS), "vpn")
                    self.vpn_on = True
                ip = r.choice(VPN_EGRESS)
            self.login(t, "sso", typed, ip, ua, camp)
        if a.kiosk:
            t = D_STUDENT.sample(r, max(lo, 9 * HOUR), 21 * HOUR)
            self.login(t, "sso", a.uid, KIOSK_NAT, ua_desktop(seeded("kiosk", t // (3 * HOUR))), "kiosk", p_typo=0.09)
        if a.webmail:
            for _ in range(1 + self._poisson(0.8)):
                self.login(self.D.sample(r, lo), "webmail", a.typed_laptop, WEBMAIL_IP, None, "webmail")
        if a.sharing:
            # a parent / partner in another household uses the account (grades, library, fees)
            ip, ua = res4(r), ua_desktop(r)
            for _ in range(r.choice([1, 1, 2])):
                self.login(D_STAFF.sample(r, max(lo, 7 * HOUR)), "sso", a.uid, ip, ua, "family-sharing", p_typo=0.25)
            self.a.flags.append("family-sharing")

    def mail(self, lo=0, stale_until=None, stale_pw=None, stale_gap=None):
        """Phone mail client: re-authenticates on every reconnect; a stale one retries on failure."""
        a, r, ctx = self.a, self.r, self.ctx
        wake = max(lo, r.randrange(6 * HOUR + 30 * MIN, 8 * HOUR + 30 * MIN))
        sleep = min(DAY - 1, r.randrange(22 * HOUR, DAY + HOUR))
        if a.travel:
            wake, sleep = r.randrange(0, 30 * MIN), DAY - 1
        t = wake
        app = "eas" if a.mail_ua else "imap"
        while t < sleep:
            wh = self.where(t, "phone")
            ip = self.ip(t, "phone", wh)
            if stale_until is not None and t < stale_until:
                ctx.emit(t, app, a.typed_phone, ip, stale_pw, a.mail_ua, HONEST, "stale-device")
                t += int(stale_gap * r.uniform(0.8, 1.2))
                if t >= stale_until:
                    t = stale_until + r.randrange(30000, 600000)
                continue
            ctx.emit(t, app, a.typed_phone, ip, a.cur(t)[0], a.mail_ua, HONEST, "mail-sync")
            t += max(8 * MIN, int(r.expovariate(1.0 / (55 * MIN))))

    def eduroam(self, stale_pw=None, stale_until=None):
        a, r, ctx = self.a, self.r, self.ctx
        if not a.campus_day:
            return
        times = [a.arrive + r.randrange(0, 10 * MIN)] + [r.randrange(a.arrive, a.leave) for _ in range(self._poisson(1.2))]
        for t in sorted(times):
            if stale_pw and stale_until is not None and t < stale_until:
                # the phone's supplicant still has the old password: it retries every 1-3 min until the
                # OS gives up on the network (5-30 tries); the next reconnect starts again
                tt = t
                for _ in range(r.randrange(5, 31)):
                    if tt >= min(stale_until, a.leave):
                        break
                    ctx.emit(tt, "eduroam", a.uid, r.choice(RADIUS_IPS), stale_pw, None, HONEST, "stale-device", fp=False)
                    tt += r.randrange(60000, 180000)
                continue
            pw = a.cur(t)[0]
            ctx.emit(t, "eduroam", a.uid, r.choice(RADIUS_IPS), pw, None, HONEST, "eduroam", fp=False)

    def _poisson(self, lam):
        r, L, k, p = self.r, pow(2.718281828459045, -lam), 0, 1.0
        while True:
            p *= r.random()
            if p <= L:
                return k
            k += 1

    def run(self):
        a, r, ctx = self.a, self.r, self.ctx
        if not a.active:
            return
        sp = a.special
        if sp is None:
            self.sso_sessions()
            if a.imap:
                self.mail()
            self.eduroam()
        elif sp == "stale":
            # changed the password 1-5 days ago; the phone still has the previous one
            a.flags.append("stale-device")
            t0 = r.randrange(6 * HOUR, 9 * HOUR)
            fix = t0 + r.randrange(30 * MIN, 10 * HOUR) if r.random() < 0.75 else DAY + 1
            gap = r.choice([2, 5, 10, 10, 15, 15, 20, 30]) * MIN
            self.sso_sessions()
            self.mail(stale_until=fix, stale_pw=a.old[0], stale_gap=gap)
            self.eduroam(stale_pw=a.old[0] if r.random() < 0.5 else None, stale_until=fix)
        elif sp == "expiry":
            # the password expires today: first login is refused, user changes it, devices lag behind
            a.flags.append("password-expired")
            prev, new = a.old[0], a.pw
            tc = self.D.sample(r, 7 * HOUR, 20 * HOUR)
            a.sched = [(0, prev, True), (tc + 1, new, False)]
            dev_ua = a.laptop_ua
            ip = self.ip(tc, "laptop", self.where(tc, "laptop"))
            ctx.emit(tc, "sso", a.typed_laptop, ip, prev, dev_ua, HONEST, "password-expiry")
            self.login(tc + r.randrange(60000, 240000), "sso", a.typed_laptop, ip, dev_ua, "password-expiry")
            self.sso_sessions(lo=tc + 5 * MIN)
            if a.imap:
                fix = tc + r.randrange(20 * MIN, 10 * HOUR)
                self.mail(stale_until=fix, stale_pw=prev, stale_gap=r.choice([5, 10, 15]) * MIN)
            self.eduroam(stale_pw=prev, stale_until=tc + r.randrange(10 * MIN, 4 * HOUR))
        elif sp == "forgot":
            # forgets the password, guesses, may lock the account, service desk resets it
            a.flags.append("forgot-password")
            forgotten, new = a.old[0], a.pw
            tf = self.D.sample(r, 7 * HOUR, 22 * HOUR)
            wh = self.where(tf, "laptop")
            ip = self.ip(tf, "laptop", wh)
            guesses = [typo(r, forgotten)] + a.old[1:] + [prev_pw(r, forgotten), typo(r, forgotten), r.choice(WORDS).capitalize() + "1"]
            t = tf
            for _ in range(r.randrange(3, 12)):
                ctx.emit(t, "sso", a.typed_laptop, ip, r.choice(guesses), a.laptop_ua, HONEST, "forgot-reset")
                t += r.randrange(8000, 90000)
            day_t = max(t + 10 * MIN, 8 * HOUR + 30 * MIN)
            if day_t < 17 * HOUR and r.random() < 0.85:
                tr = day_t + r.randrange(0, 2 * HOUR)
                a.sched = [(0, forgotten, False), (tr, new, False)]
                self.login(tr + r.randrange(60000, 600000), "sso", a.typed_laptop, ip, a.laptop_ua, "forgot-reset")
                self.sso_sessions(lo=tr + 15 * MIN)
            else:
                a.sched = [(0, forgotten, False)]
                a.flags.append("locked-out-gave-up")
            self.eduroam()
        elif sp == "fresher":
            # first login of a new student with the printed temporary password, then forced change
            a.flags.append("fresher-first-login")
            temp = "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789OIl1") for _ in range(10))
            new = a.pw
            a.old.insert(0, temp)
            t1 = D_STUDENT.sample(r, 8 * HOUR, 22 * HOUR)
            wh = self.where(t1, "laptop")
            ip = self.ip(t1, "laptop", wh)
            a.sched = [(0, temp, False), (t1 + 30 * 60000, new, False)]
            t = t1
            for _ in range(r.choice([0, 1, 1, 2, 3, 4])):
                ctx.emit(t, "sso", a.typed_laptop, ip, confuse(r, temp), a.laptop_ua, HONEST, "fresher-first-login")
                t += r.randrange(10000, 90000)
            if t >= t1 + 30 * 60000:
                a.sched = [(0, temp, False), (t + 60000, new, False)]
            ctx.emit(t, "sso", a.typed_laptop, ip, temp, a.laptop_ua, HONEST, "fresher-first-login")
            tn = a.sched[1][0] + r.randrange(5000, 60000)
            self.login(tn, "sso", a.typed_laptop, ip, a.laptop_ua, "fresher-first-login")
            self.sso_sessions(lo=tn + 10 * MIN)
            if a.imap:
                self.mail(lo=tn + 10 * MIN)


def gen_special_accounts(ctx):
    P = ctx.P
    # ---- synthetic monitoring: probes log into many test accounts all day
    r = ctx.rng("monitoring")
    tests = [a for a in ctx.accts if a.kind == "test"]
    n_ext = max(1, len(tests) // 6)
    ext, internal = tests[:n_ext], tests[n_ext:]
    groups = [internal[0::2], internal[1::2]]
    apps = ["sso", "imap", "vpn", "webmail"]
    t_rot = r.randrange(2 * HOUR, 4 * HOUR)
    fix = t_rot + r.randrange(30 * MIN, 80 * MIN)
    for a in groups[0]:
        newpw = "".join(r.choice(MANAGER_ALPHA) for _ in range(24))
        a.old.insert(0, a.pw)
        a.sched = [(0, a.pw, False), (t_rot, newpw, False)]
        a.pw = newpw
        a.flags.append("vault-rotation")
    for gi, grp in enumerate(groups):
        if not grp:
            continue
        ip = MON_INTERNAL[gi]
        t = r.randrange(0, 5 * MIN)
        k = 0
        while t < DAY:
            for j in range(3):
                a = grp[k % len(grp)]
                app = apps[(k // len(grp) + k) % len(apps)]
                ua = HEADLESS_UA if app in ("sso",) else (VPN_UAS[2] if app == "vpn" else None)
                tt = t + j * r.randrange(2000, 9000)
                if gi == 0 and t_rot <= tt < fix:
                    pw = a.old[0]                          # probe config still has the rotated-out secret
                else:
                    pw = a.cur(tt)[0]
                ctx.emit(tt, app, a.uid, ip, pw, ua, HONEST, "monitoring")
                k += 1
            t += 5 * MIN + r.randrange(-15000, 15000)
    t = r.randrange(0, 3 * MIN)
    k = 0
    while t < DAY:
        a = ext[k % len(ext)]
        ctx.emit(t, "sso", a.uid, ctx.saas_mon[k % len(ctx.saas_mon)], a.cur(t)[0], SAAS_MON_UA, HONEST, "monitoring")
        k += 1
        t += 3 * MIN + r.randrange(-5000, 5000)
    # ---- multi-function printers: scan-to-email over SMTP AUTH with one service account
    r = ctx.rng("printers")
    mfp = [a for a in ctx.accts if a.kind == "mfp"]
    if mfp:
        a = mfp[0]
        printers = ["193.61.%d.%d" % (r.randrange(60, 64), r.randrange(2, 255)) for _ in range(max(5, round(25 * ctx.s)))]
        for _ in range(round(len(printers) * 8)):
            t = D_OFFICE.sample(r)
            ctx.emit(t, "smtp", a.uid, r.choice(printers), a.pw, None, HONEST, "printer-relay")
        bad = printers[0]
        t = 7 * HOUR + r.randrange(HOUR)
        while t < 19 * HOUR:   # misconfigured printer still has last year's password
            ctx.emit(t, "smtp", a.uid, bad, a.old[0], None, HONEST, "printer-relay")
            t += r.randrange(12 * MIN, 45 * MIN)
        a.flags.append("service-account")
    # ---- shared lab accounts: one account used by a whole research group
    r = ctx.rng("labs")
    members = [a for a in ctx.accts if a.kind in ("student", "staff") and a.active and a.home4]
    for a in [x for x in ctx.accts if x.kind == "lab"]:
        grp = r.sample(members, min(len(members), r.randrange(4, 11)))
        for _ in range(r.randrange(8, 26)):
            m = r.choice(grp)
            t = D_STAFF.sample(r)
            on = m.campus_day and m.arrive <= t < m.leave
            ip = (m.desk_ip or EDUROAM_NAT[0]) if on else m.home4
            pw = a.pw
            if r.random() < 0.07:
                ctx.emit(t, "sso", a.uid, ip, typo(r, pw), m.laptop_ua, HONEST, "typo")
                t += r.randrange(5000, 30000)
            ctx.emit(t, "sso", a.uid, ip, pw, m.laptop_ua, HONEST, "lab-shared")
        a.flags.append("shared-account")

# --------------------------------------------------------------------------- attacks

def n_scaled(ctx, base, mult, lo=1):
    return max(lo, round(base * ctx.s * mult)) if mult > 0 else 0


def on_hit(ctx, a, t, camp, op, ip, app_ok_ip=None):
    ctx.hits.append((a, t, camp, op, ip))


def camp_stuff_vps(ctx, slow=False):
    P = ctx.P
    name = "stuff-slow" if slow else "stuff-vps"
    mult = P["stuff_slow"] if slow else P["stuff_vps"]
    if mult <= 0:
        return
    r = ctx.rng(name)
    n = n_scaled(ctx, 300 if slow else 500, mult, 40)
    hits = max(1, round(n * r.uniform(0.006, 0.015)))
    items = stuff_list(ctx, r, name, n, hits)
    items.sort(key=lambda e: norm(e[0]))   # dumps circulate sorted; the checker walks them in order
    ips = [hosting4(r)]
    if not slow and r.random() < 0.5:
        ips.append(hosting4(r))            # moved to a second VPS after a while
    switch = round(len(items) * r.uniform(0.4, 0.8))
    if slow:
        t = r.randrange(0, 2 * HOUR)
        gap = (DAY - t - HOUR) / max(1, len(items))
    else:
        t = r.randrange(30 * MIN, 3 * HOUR + 30 * MIN)
        gap = r.uniform(6000, 14000)
    for i, (u, pw, a) in enumerate(items):
        ip = ips[0] if i < switch or len(ips) == 1 else ips[1]
        ok = ctx.emit(t, "sso", u, ip, pw, A1_UA, ATTACKER, name)
        if ok:
            ctx.emit(t + r.randrange(2000, 7000), "imap", u, ip, pw, None, ATTACKER, name)  # checker's capture step
            on_hit(ctx, a, t, name, "op1", ip)
        t += int(r.expovariate(1.0 / gap)) + 1500 if not slow else int(gap * r.uniform(0.3, 1.7))


def resi_ip(ctx, r, overlap):
    x = r.random()
    o = min(0.5, 0.06 * overlap)
    if x < o * 0.55:
        return r.choice(ctx.households)[0]               # an honest household's own router (proxyware)
    if x < o:
        return r.choice(r.choice(ctx.cgnat))              # "mobile proxies" behind carrier CGNAT
    if x < o + 0.01 * overlap:
        return r.choice(HALLS_NAT)                        # proxy SDK on a phone in halls
    if x < o + 0.01 * overlap + 0.10:
        return v6(p64(r.choice(RES6), r), r)
    if x < o + 0.01 * overlap + 0.18:
        return foreign4(r)
    return res4(r)


def camp_stuff_resi(ctx):
    P = ctx.P
    mult = P["stuff_resi"]
    if mult <= 0:
        return
    name = "stuff-resi-proxy"
    r = ctx.rng(name)
    n = n_scaled(ctx, 700, mult, 60)
    items = stuff_list(ctx, r, name, n, max(1, round(n * r.uniform(0.004, 0.012))))
    uas = [ua_desktop(r) for _ in range(40)]
    i = 0
    while i < len(items):
        size = r.choices([1, 2, 3, 4], [0.55, 0.25, 0.12, 0.08])[0]
        ip = resi_ip(ctx, r, P["resi_overlap"])
        ua = r.choice(uas)
        t = r.randrange(0, DAY - HOUR)
        for u, pw, a in items[i:i + size]:
            ok = ctx.emit(t, "sso", u, ip, pw, ua, ATTACKER, name)
            if ok:
                on_hit(ctx, a, t, name, "op2", ip)
            t += r.randrange(20000, 10 * MIN)
        i += size


def camp_botnet(ctx):
    mult = ctx.P["botnet"]
    if mult <= 0:
        return
    name = "botnet-imap"
    r = ctx.rng(name)
    n = n_scaled(ctx, 300, mult, 40)
    items = stuff_list(ctx, r, name, n, max(1, round(n * r.uniform(0.003, 0.008))))
    waves = [r.randrange(0, DAY - 2 * HOUR) for _ in range(r.randrange(3, 6))]
    i = 0
    while i < len(items):
        size = r.choices([1, 2, 3], [0.5, 0.3, 0.2])[0]
        ip = foreign4(r) if r.random() < 0.85 else res4(r)
        w = r.choice(waves)
        t = w + r.randrange(0, r.randrange(40 * MIN, 90 * MIN))
        for u, pw, a in items[i:i + size]:
            ok = ctx.emit(t, "imap", u, ip, pw, None, ATTACKER, name)
            if ok:
                on_hit(ctx, a, t, name, "op2", ip)
            t += r.randrange(1000, 30000)
        i += size


def camp_v6rot(ctx):
    mult = ctx.P["v6rot"]
    if mult <= 0:
        return
    name = "v6-rotate"
    r = ctx.rng(name)
    instances = max(1, round(mult)) if mult >= 1 else 1
    for k in range(instances):
        n = n_scaled(ctx, 250, mult / instances, 30)
        items = stuff_list(ctx, r, name, n, max(1, round(n * r.uniform(0.005, 0.012))))
        prefix = p64(r.choice(HOSTING6), r)
        uas = [ua_desktop(r) for _ in range(4)]
        t = r.randrange(0, DAY - 3 * HOUR)
        slow = ctx.profile == "low-and-slow"
        i = 0
        while i < len(items):
            size = r.choice([1, 1, 2, 3])
            ip = v6(prefix, r)
            for u, pw, a in items[i:i + size]:
                ok = ctx.emit(t, "sso", u, ip, pw, r.choice(uas), ATTACKER, name)
                if ok:
                    on_hit(ctx, a, t, name, "op1", ip)
                t += r.randrange(60000, 300000) if slow else r.randrange(2000, 8000)
            i += size


def camp_webmail(ctx):
    mult = ctx.P["webmail_stuff"]
    if mult <= 0:
        return
    name = "stuff-webmail"
    r = ctx.rng(name)
    n = n_scaled(ctx, 100, mult, 20)
    items = stuff_list(ctx, r, name, n, max(1, round(n * r.uniform(0.006, 0.015))))
    t = r.randrange(0, 10 * HOUR)
    for u, pw, a in items:
        ok = ctx.emit(t, "webmail", u, WEBMAIL_IP, pw, None, ATTACKER, name)
        if ok:
            on_hit(ctx, a, t, name, "webmail", WEBMAIL_IP)
        t += int(r.expovariate(1.0 / (4 * MIN))) + 5000


def camp_spray(ctx, slow=False):
    P = ctx.P
    name = "spray-slow" if slow else "spray-legacy"
    mult = P["spray_slow"] if slow else P["spray"]
    if mult <= 0:
        return
    r = ctx.rng(name)
    pwds = list(SPRAY_SLOW if slow else SPRAY_FAST)
    rounds = 2 if slow else (3 if mult < 1.5 else 4)
    pwds = pwds[:rounds]
    S = n_scaled(ctx, 120 if slow else 100, mult, 20)
    n_vict = max(1, round(S * rounds * r.uniform(0.004, 0.01)))
    victims = claim(ctx, r, n_vict, kinds=("staff", "student", "affiliate"), want_active=0.7)
    for v in victims:
        v.old.insert(0, v.pw)
        v.pw = r.choice(pwds)
        v.flags.append("spray-password")
    if not slow:
        # weak honest users with a sprayed password who are not on this sprayer's list
        for a in claim(ctx, r, max(1, round(ctx.s)), want_active=1.0):
            a.old.insert(0, a.pw)
            a.pw = r.choice(pwds)
            a.flags.append("spray-password")
            ctx.extra_common.append(a.pw)
    staff = [a for a in ctx.accts if a.kind == "staff" and a not in victims]
    others = [a for a in ctx.accts if a.kind in ("student", "affiliate") and a not in victims]
    n_inv = round(S * 0.08)
    n_staff = min(len(staff), round((S - len(victims) - n_inv) * 0.6))
    n_oth = min(len(others), S - len(victims) - n_inv - n_staff)
    targets = [v.uid for v in victims] + [a.uid for a in r.sample(staff, n_staff)] + \
              [a.uid for a in r.sample(others, max(0, n_oth))]
    targets += ["%s%03d@%s" % ("".join(r.choice("abcdefghijklmnoprstw") for _ in range(3)), r.randrange(1000), DOMAIN)
                for _ in range(n_inv)]
    found = set()
    if slow:
        starts = [r.randrange(0, 2 * HOUR) + k * 11 * HOUR for k in range(rounds)]
        ips_fixed = None
    else:
        ips_fixed = r.sample(ctx.vpn_pool, 8) + [hosting4(r), hosting4(r)]
        starts = [r.randrange(0, 3 * HOUR)]
        for k in range(1, rounds):
            starts.append(starts[-1] + r.randrange(5 * HOUR, 7 * HOUR))
    for k, pw in enumerate(pwds):
        if k >= len(starts) or starts[k] >= DAY:
            break
        order = [u for u in targets if u not in found]
        r.shuffle(order)
        t = starts[k]
        span = (9 * HOUR) if slow else r.randrange(40 * MIN, 90 * MIN)
        gap = span / max(1, len(order))
        for j, u in enumerate(order):
            if slow:
                ip = resi_ip(ctx, r, 1.0)
                ok = ctx.emit(t, "sso", u, ip, pw, ua_desktop(r), ATTACKER, name)
            else:
                ip = ips_fixed[j % len(ips_fixed)]
                ok = ctx.emit(t, "imap", u, ip, pw, None, ATTACKER, name)
            if ok:
                found.add(u)
                on_hit(ctx, ctx.by_uid[norm(u)], t, name, "op1", ip)
            t += int(gap * r.uniform(0.5, 1.5))


def camp_brute(ctx):
    P = ctx.P
    r = ctx.rng("brute")
    if P["brute"] > 0:
        name = "brute-one"
        v = claim(ctx, r, 1, kinds=("staff",), want_active=0.9)
        if v:
            v = v[0]
            success = r.random() < P["brute_success"]
            hours = r.uniform(5, 9)
            windows = int(hours * 60 / 17)
            n = windows * 9
            base = [p for p in TOP_COMMON] + [w.capitalize() + str(y) + s for w in WORDS for y in (2024, 2025, 2026) for s in ("", "!")]
            r.shuffle(base)
            words = [p for p in base if p != v.pw][:n]
            if success:
                k = r.randrange(n // 4, n)
                v.old.insert(0, v.pw)
                v.pw = r.choice(WORDS).capitalize() + str(r.choice([2024, 2025, 2026])) + r.choice(["", "!"])
                words = [p for p in words if p != v.pw][:k] + [v.pw]
                v.flags.append("dictionary-password")
            ip = hosting4(r)
            t = r.randrange(0, 4 * HOUR)
            i = 0
            while i < len(words) and t < DAY:
                tj = t
                for j in range(9):          # stays under the 10-in-15-minutes lockout
                    if i >= len(words):
                        break
                    tj += r.randrange(4000, 20000)
                    ok = ctx.emit(tj, "imap", v.uid, ip, words[i], None, ATTACKER, name)
                    i += 1
                    if ok:
                        on_hit(ctx, v, t, name, "op1", ip)
                        i = len(words)
                        break
                t += 17 * MIN + r.randrange(0, 60000)
    if P["brute_naive"] > 0:
        name = "brute-naive"
        v = claim(ctx, r, 1, kinds=("student",), want_active=0.9)
        if v:
            v = v[0]
            ip = v6(p64(r.choice(HOSTING6), r), r)
            t = r.randrange(9 * HOUR, 20 * HOUR)
            end = t + r.randrange(30 * MIN, 75 * MIN)
            pool = [p for p in TOP_COMMON + [w + str(d) for w in WORDS for d in range(10)] if p != v.pw]
            r.shuffle(pool)
            i = 0
            while t < end and i < len(pool):
                ctx.emit(t, "sso", v.uid, ip, pool[i], HYDRA_UA, ATTACKER, name)
                i += 1
                t += r.randrange(1500, 4500)


def camp_phish(ctx):
    mult = ctx.P["phish"]
    if mult <= 0:
        return
    name = "phish-replay"
    r = ctx.rng(name)
    victims = claim(ctx, r, n_scaled(ctx, 2, mult), want_active=1.0)
    for v in victims:
        v.flags.append("phished")
        # adversary-in-the-middle kit: the victim's own browser string, the kit's server address
        t = (D_STAFF if v.kind == "staff" else D_STUDENT).sample(r, 7 * HOUR, 20 * HOUR)
        ip = hosting4(r) if r.random() < 0.6 else res4(r)
        ctx.emit(t, "sso", v.typed_laptop, ip, v.pw, v.laptop_ua, ATTACKER, name)
        on_hit(ctx, v, t, name, "op3", ip)


def camp_revisit(ctx):
    P = ctx.P
    r = ctx.rng("revisit")
    op3_ip = hosting4(r)
    for a, t_hit, camp, op, ip in list(ctx.hits):
        if r.random() >= P["revisit"]:
            continue
        t = t_hit
        for _ in range(r.choice([1, 1, 2, 3])):
            t += r.randrange(40 * MIN, 10 * HOUR)
            if t >= DAY:
                break
            pw = a.cur(t)[0]
            app = "sso" if r.random() < 0.6 else "imap"
            if op == "op1":       # buyer of the hits: commercial VPN exit, one laptop for all victims
                src, ua = r.choice(ctx.vpn_pool), OP1_UA
            elif op == "op2":     # residential proxy near the victim, one browser profile
                src, ua = (res4(r) if r.random() < 0.7 else r.choice(r.choice(ctx.cgnat))), OP2_UA
            elif op == "webmail":
                src, ua, app = WEBMAIL_IP, None, "webmail"
            else:                 # phishing crew reads the mailbox over IMAP
                src, ua, app = op3_ip, None, "imap"
            if app == "imap":
                ua = None
            ctx.emit(t, app, a.uid, src, pw, ua, ATTACKER, "revisit")

# --------------------------------------------------------------------------- lockout & output

def apply_lockout(ctx):
    """AD-style lockout: 10 bad passwords within 15 min lock the account for 15 min.
    A bad password equal to one of the two previous passwords does not count (AD N-2 rule)."""
    per = collections.defaultdict(list)
    for i, e in enumerate(ctx.ev):
        if e[11] in ctx.by_uid:
            per[e[11]].append(i)
    for nu in sorted(per):
        a = ctx.by_uid[nu]
        hist = set(a.old[:2])
        idxs = sorted(per[nu], key=lambda i: (ctx.ev[i][0], i))
        fails = collections.deque()
        locked_until = -1
        for i in idxs:
            e = ctx.ev[i]
            t = e[0]
            if t < locked_until:
                e[9], e[10] = False, "locked"
                continue
            if e[10] == "bad_password" and e[4] not in hist:
                fails.append(t)
                while fails and fails[0] <= t - 15 * MIN:
                    fails.popleft()
                if len(fails) >= 10:
                    locked_until = t + 15 * MIN
                    fails.clear()
                    a.was_locked = True


SERVERS = {"sso": None, "vpn": "vpn-1", "imap": "mail-1", "eas": "mail-1", "smtp": "mail-1",
           "webmail": "mail-1", "eduroam": "radius-1"}
SERVER_ORDER = ["sso-1", "sso-2", "vpn-1", "mail-1", "radius-1"]


def fmt_ts(t, srv):
    ms = DAY0 + t
    s, f = divmod(ms, 1000)
    if srv in ("sso-1", "sso-2"):
        tm = time.gmtime(s)
        return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (tm[0], tm[1], tm[2], tm[3], tm[4], tm[5], f)
    if srv == "vpn-1":
        tm = time.gmtime(s + LOCAL_OFF // 1000)
        return "%04d-%02d-%02dT%02d:%02d:%02d.%03d+01:00" % (tm[0], tm[1], tm[2], tm[3], tm[4], tm[5], f)
    if srv == "radius-1":
        tm = time.gmtime(s)
        return "%04d-%02d-%02dT%02d:%02d:%02dZ" % tm[:6]
    return ms   # mail cluster logs epoch milliseconds


def write_all(ctx, out):
    os.makedirs(out, exist_ok=True)
    key = ctx.key
    rows = []
    for seq, e in enumerate(ctx.ev):
        srv = SERVERS[e[1]] or ("sso-1" if zlib.crc32(e[3].encode()) & 1 else "sso-2")
        rows.append((e[0] // MIN, SERVER_ORDER.index(srv), e[0], seq, srv, e))
    rows.sort(key=lambda x: x[:4])   # each server ships its log per minute; minutes interleave
    cc, pc = {}, {}
    ev_lines, lab_lines = [], ["line,actor,campaign"]
    for ln, (_, _, t, _, srv, e) in enumerate(rows, 1):
        o = {"ts": fmt_ts(t, srv), "user": e[2], "ip": e[3], "ok": e[9]}
        if e[5]:
            k = (e[11], e[4])
            c = cc.get(k)
            if c is None:
                c = cc[k] = fp_cred(key, e[2], e[4])
            p = pc.get(e[4])
            if p is None:
                p = pc[e[4]] = fp_pw(key, e[4])
            o["cred"], o["pw"] = c, p
        if e[6]:
            o["ua"] = e[6]
        o["app"] = e[1]
        o["srv"] = srv
        if e[10]:
            o["err"] = e[10]
        ev_lines.append(json.dumps(o, ensure_ascii=False, separators=(",", ":")))
        lab_lines.append("%d,%s,%s" % (ln, e[7], e[8]))
    with open(os.path.join(out, "events.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(ev_lines) + "\n")
    with open(os.path.join(out, "event_labels.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lab_lines) + "\n")
    # ---- account labels
    touched = collections.defaultdict(set)
    att = collections.defaultdict(set)
    comp = set()
    honest_leaked_ok = set()
    for e in ctx.ev:
        nu = e[11]
        if e[7] == ATTACKER:
            att[nu].add(e[8])
            if e[9]:
                comp.add(nu)
        else:
            touched[nu].add(e[8])
            if e[9] and e[5] and (nu, e[4]) in ctx.combo_set:
                honest_leaked_ok.add(nu)
    users = [a.uid for a in ctx.accts] + sorted(set(att) | set(touched) - set(ctx.by_uid))
    users = sorted(set(users), key=lambda u: u.encode("utf-8"))
    lab = ["user,label,scenario"]
    counts = collections.Counter()
    for u in users:
        a = ctx.by_uid.get(u)
        if u in comp:
            label = "compromised"
        elif att.get(u):
            label = "targeted"
        elif u in honest_leaked_ok:
            label = "exposed"
        else:
            label = "benign"
        counts[label] += 1
        sc = sorted(att.get(u, ())) + sorted(touched.get(u, ()))
        if a is not None:
            sc += sorted(set(a.flags) - set(sc))
            if getattr(a, "was_locked", False):
                sc.append("locked-out")
        else:
            sc.append("no-such-user")
        if not sc:
            sc = ["idle"]
        lab.append("%s,%s,%s" % (csv_field(u), label, ";".join(sc)))
    with open(os.path.join(out, "labels.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lab) + "\n")
    with open(os.path.join(out, "truth.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("user\n" + "".join(csv_field(u) + "\n" for u in sorted(comp, key=lambda u: u.encode("utf-8"))))
    write_leaks(ctx, out)
    # ---- meta
    camps = collections.OrderedDict()
    per = collections.defaultdict(lambda: dict(events=0, ok=0, accounts=set(), ips=set(), compromised=set()))
    for e in ctx.ev:
        d = per[(e[7], e[8])]
        d["events"] += 1
        d["ok"] += 1 if e[9] else 0
        d["accounts"].add(e[11])
        d["ips"].add(e[3])
        if e[9] and e[7] == ATTACKER:
            d["compromised"].add(e[11])
    for (actor, c) in sorted(per):
        d = per[(actor, c)]
        x = {"actor": actor, "events": d["events"], "ok": d["ok"], "accounts": len(d["accounts"]),
             "addresses": len(d["ips"])}
        if actor == ATTACKER:
            x["compromised"] = len(d["compromised"])
            x["success_rate"] = round(d["ok"] / d["events"], 4) if d["events"] else 0.0
        camps[c if actor == ATTACKER else "honest:" + c] = x
    # compromises that leave nothing but one clean login: every successful attacker login used a pair
    # that is in no leak file, came from an address that never failed a login that day
    # (an IPv6 address stands for its /64) and whose password was not tried against other accounts
    def net(ip):
        return ipaddress.IPv6Network(ip + "/64", strict=False).network_address.compressed if ":" in ip else ip
    failing_nets = {net(e[3]) for e in ctx.ev if not e[9]}
    pw_fail_users = collections.defaultdict(set)
    for e in ctx.ev:
        if not e[9] and e[7] == ATTACKER:
            pw_fail_users[e[4]].add(e[11])
    hard = {}
    for u in sorted(comp):
        succ = [e for e in ctx.ev if e[11] == u and e[7] == ATTACKER and e[9]]
        if all((u, e[4]) not in ctx.combo_set and net(e[3]) not in failing_nets
               and not (pw_fail_users.get(e[4], set()) - {u}) for e in succ):
            hard[u] = sorted({e[8] for e in succ})
    meta = collections.OrderedDict([
        ("generator", "gen7"), ("service", "Northgate University identity provider (SSO, VPN, mail, eduroam)"),
        ("seed", ctx.seed), ("profile", ctx.profile), ("accounts", ctx.n),
        ("day_local", "2026-09-28 (UTC+01:00)"), ("key", "default demo key" if key == DEMO_KEY else "custom"),
        ("events", len(ctx.ev)),
        ("attacker_events", sum(1 for e in ctx.ev if e[7] == ATTACKER)),
        ("honest_events", sum(1 for e in ctx.ev if e[7] == HONEST)),
        ("distinct_users_in_log", len({e[11] for e in ctx.ev})),
        ("distinct_addresses", len({e[3] for e in ctx.ev})),
        ("labels", dict(sorted(counts.items()))),
        ("truth", len(comp)),
        ("truth_without_leak_or_failure_signal", hard),
        ("combo_lines", ctx.n_combo_lines), ("password_lines", ctx.n_pw_lines),
        ("campaigns", camps),
        ("params", dict(sorted(ctx.P.items()))),
    ])
    with open(os.path.join(out, "meta.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(meta, f, indent=1, ensure_ascii=False)
        f.write("\n")
    return meta


def csv_field(s):
    if any(c in s for c in ',"\n\r') or s != s.strip():
        return '"' + s.replace('"', '""') + '"'
    return s


def generate(seed, n, profile, out, key=DEMO_KEY):
    ctx = Ctx(seed, n, profile, key)
    make_directory(ctx)
    assign_honest(ctx)
    build_breach(ctx)
    # attacks are planned first (they pick victims and may set their passwords), honest traffic after
    camp_spray(ctx)
    camp_spray(ctx, slow=True)
    camp_brute(ctx)
    camp_phish(ctx)
    camp_stuff_vps(ctx)
    camp_stuff_vps(ctx, slow=True)
    camp_stuff_resi(ctx)
    camp_botnet(ctx)
    camp_v6rot(ctx)
    camp_webmail(ctx)
    add_exposed(ctx)
    for a in ctx.accts:
        if a.kind in ("student", "staff", "affiliate"):
            Person(ctx, a).run()
    gen_special_accounts(ctx)
    camp_revisit(ctx)
    apply_lockout(ctx)
    return write_all(ctx, out)

# --------------------------------------------------------------------------- self test

def read_truth_from_output(out):
    with open(os.path.join(out, "events.jsonl"), encoding="utf-8") as f:
        evs = [json.loads(l) for l in f]
    with open(os.path.join(out, "event_labels.csv"), encoding="utf-8") as f:
        labs = f.read().splitlines()[1:]
    assert len(evs) == len(labs), "events/event_labels length mismatch"
    got = set()
    for i, (e, l) in enumerate(zip(evs, labs), 1):
        ln, actor, camp = l.split(",", 2)
        assert int(ln) == i
        assert actor in (HONEST, ATTACKER)
        assert isinstance(e["ok"], bool) and e["user"].strip()
        ipaddress.ip_address(e["ip"])
        if "cred" in e:
            assert re.fullmatch(r"[0-9a-f]{16}", e["cred"]) and re.fullmatch(r"[0-9a-f]{16}", e["pw"])
        if actor == ATTACKER and e["ok"]:
            got.add(norm(e["user"]))
    with open(os.path.join(out, "truth.csv"), encoding="utf-8") as f:
        tl = f.read().splitlines()
    assert tl[0] == "user"
    return got, set(tl[1:]), evs


def selftest():
    ok = True
    for key, user, pw, c, p in TEST_VECTORS:
        gc, gp = fp_cred(key, user, pw), fp_pw(key, pw)
        if (gc, gp) != (c, p):
            print("FAIL vector %r %r: %s %s" % (user, pw, gc, gp))
            ok = False
    print("test vectors: %s" % ("ok" if ok else "FAIL"))
    tmp = tempfile.mkdtemp(prefix="gen7-selftest-")
    try:
        for prof in sorted(PROFILES):
            d1, d2 = os.path.join(tmp, prof + "-a"), os.path.join(tmp, prof + "-b")
            t0 = time.time()
            generate(11, 1500, prof, d1)
            # second run in a fresh interpreter with another hash seed: catches set/dict-order leaks
            env = dict(os.environ, PYTHONHASHSEED=str(1 + len(prof)))
            subprocess.run([sys.executable, os.path.abspath(__file__), "--seed", "11", "--accounts", "1500",
                            "--profile", prof, "--out", d2], env=env, check=True, stderr=subprocess.DEVNULL)
            same = True
            for fn in sorted(os.listdir(d1)):
                with open(os.path.join(d1, fn), "rb") as f1, open(os.path.join(d2, fn), "rb") as f2:
                    if f1.read() != f2.read():
                        print("FAIL determinism %s %s" % (prof, fn))
                        same = ok = False
            got, truth, evs = read_truth_from_output(d1)
            tr_ok = got == truth
            with open(os.path.join(d1, "labels.csv"), encoding="utf-8") as f:
                comp = {l.split(",")[0] for l in f.read().splitlines()[1:] if l.split(",")[1] == "compromised"}
            lab_ok = comp == truth
            ts_ok = all(isinstance(e["ts"], int) or re.fullmatch(
                r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?(Z|[+-]\d\d:\d\d)", e["ts"]) for e in evs)
            ok = ok and tr_ok and lab_ok and ts_ok
            print("%-13s determinism=%s truth==attacker-successes=%s labels==truth=%s ts=%s (%d events, %d truth, %.1fs)"
                  % (prof, "ok" if same else "FAIL", tr_ok, lab_ok, ts_ok, len(evs), len(truth), time.time() - t0))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("selftest: %s" % ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--accounts", type=int, default=5000)
    ap.add_argument("--profile", default="mixed", choices=sorted(PROFILES))
    ap.add_argument("--out", help="output directory")
    ap.add_argument("--key", help="fingerprint key (default: the SPEC demo key credsieve-demo-key)")
    ap.add_argument("--selftest", action="store_true", help="determinism, SPEC test vectors, truth consistency")
    a = ap.parse_args(argv)
    if a.selftest:
        return selftest()
    if not a.out:
        ap.error("--out is required")
    if a.accounts < 200:
        ap.error("--accounts must be at least 200")
    key = a.key.encode("utf-8") if a.key is not None else DEMO_KEY
    t0 = time.time()
    meta = generate(a.seed, a.accounts, a.profile, a.out, key)
    print("gen7: %s seed=%d accounts=%d -> %s: %d events (%d attacker), %d compromised, labels %s, %.1fs"
          % (a.profile, a.seed, a.accounts, a.out, meta["events"], meta["attacker_events"], meta["truth"],
             meta["labels"], time.time() - t0), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
