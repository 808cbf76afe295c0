#!/usr/bin/env python3
"""gen10: labelled synthetic sign-in log of a cloud-office identity provider.

Models one UTC day (2026-11-18) of the sign-in log of an identity provider that
serves four mid-sized companies' cloud office tenants (web sign-in, mobile mail
apps, legacy IMAP/POP/SMTP AUTH/ActiveSync).  Honest traffic is deliberately
hard (NAT offices, carrier NAT, stale devices after password changes, service
accounts failing all day, leaked-but-honest passwords, travellers, VPNs); the
attacks are password spraying, credential stuffing (concentrated, residential
proxies, IPv6 /64 rotation), brute force, MFA fatigue, returns to taken
accounts and new-country takeovers.

Written only from the credsieve interface contract (SPEC.md); Python 3
standard library only.  See README.md beside this file.

    python3 gen10.py --seed S --accounts N --profile P --out DIR [--key KEY]
    python3 gen10.py --selftest
"""
import argparse
import bisect
import datetime
import hashlib
import hmac
import ipaddress
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

VERSION = "gen10/1.0"
DEMO_KEY = "credsieve-demo-key"
DAY0_MS = 1794960000000          # 2026-11-18T00:00:00Z
DAY_MS = 86400000
H = 3600000
M = 60000
S = 1000
NEG_INF = -10 ** 15
POS_INF = 10 ** 15

LEGACY_APPS = ("eas", "imap", "pop", "smtp", "ropc")
INTERACTIVE_APPS = ("web", "mobile")
FRONTEND = {"web": 0, "mobile": 1, "eas": 2, "imap": 2, "pop": 2, "smtp": 2, "ropc": 2}

ERR = {
    0: "success",
    50126: "invalid username or password",
    50034: "user does not exist",
    50057: "account disabled",
    50053: "account locked",
    50055: "password expired",
    50074: "strong authentication required",
    500121: "MFA denied or not completed",
    53003: "blocked by conditional access (legacy auth)",
    50173: "refresh token revoked (password changed)",
}


# --------------------------------------------------------------------------
# SPEC section 2 fingerprints
# --------------------------------------------------------------------------

def norm(user):
    return user.strip().lower()


class Fingerprinter:
    def __init__(self, key):
        self.key = key.encode("utf-8")
        self._cred = {}
        self._pw = {}

    def cred(self, user, password):
        k = (norm(user), password)
        v = self._cred.get(k)
        if v is None:
            msg = b"c1\x00" + k[0].encode("utf-8") + b"\x00" + password.encode("utf-8")
            v = hmac.new(self.key, msg, hashlib.sha256).hexdigest()[:16]
            self._cred[k] = v
        return v

    def pw(self, password):
        v = self._pw.get(password)
        if v is None:
            sha = hashlib.sha1(password.encode("utf-8")).hexdigest().upper()
            v = hmac.new(self.key, b"p1\x00" + sha.encode("ascii"), hashlib.sha256).hexdigest()[:16]
            self._pw[password] = v
        return v


TEST_VECTORS = [
    ("credsieve-demo-key", "alice@example.com", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    ("credsieve-demo-key", "  Alice@Example.COM ", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    ("credsieve-demo-key", "bob", "correct horse battery staple", "b3c4edfb71b95783", "379b91546fb38da0"),
    ("credsieve-demo-key", "\u00dcn\u00efcode@\u4f8b\u3048.jp", "p\u00e4ssw\u00f6rd:with:colons",
     "b00485ee34fad31d", "acadac23153ab923"),
    ("s3cr3t-pepper", "alice@example.com", "hunter2", "57cab7f6c60a4041", "a82468d22c5531ab"),
    ("s3cr3t-pepper", "bob", "correct horse battery staple", "f4be313772448b6f", "6e7632ab9a186ca4"),
]


# --------------------------------------------------------------------------
# time helpers
# --------------------------------------------------------------------------

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def fmt_ts(t_rel, style, tz_hours):
    """t_rel: ms since DAY0.  style: 'z' (RFC 3339 UTC), 'off' (local offset), 'ms' (epoch ms)."""
    t = DAY0_MS + t_rel
    if style == "ms":
        return t
    secs, ms = divmod(t, 1000)
    if style == "z":
        d = _EPOCH + datetime.timedelta(seconds=secs)
        return d.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % ms
    d = _EPOCH + datetime.timedelta(seconds=secs + tz_hours * 3600)
    sign = "+" if tz_hours >= 0 else "-"
    return d.strftime("%Y-%m-%dT%H:%M:%S") + ".%03d%s%02d:00" % (ms, sign, abs(tz_hours))


def local_hour(t_rel, tz):
    return ((t_rel // H) + tz) % 24


# activity intensity by local hour
WORK = [0.02] * 6 + [0.15, 0.5] + [1.0] * 10 + [0.5, 0.3, 0.2, 0.15, 0.08, 0.04]
OFFICE_HOURS = [0.0] * 7 + [0.3] + [1.0] * 10 + [0.3] + [0.0] * 5
NIGHT = [1.0] * 5 + [0.4] + [0.05] * 16 + [0.3, 0.8]


def sample_time(rng, tz, curve, lo=0, hi=DAY_MS):
    for _ in range(200):
        t = rng.randrange(lo, hi)
        if rng.random() < curve[local_hour(t, tz)]:
            return t
    return rng.randrange(lo, hi)


def poisson(rng, lam):
    L = pow(2.718281828459045, -lam)
    k, p = 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


# --------------------------------------------------------------------------
# address plan (fixed, independent of the seed)
# --------------------------------------------------------------------------

class Addr:
    __slots__ = ("ip", "asn", "cc", "net")

    def __init__(self, ip, asn, cc, net):
        self.ip, self.asn, self.cc, self.net = ip, asn, cc, net


class Net:
    def __init__(self, name, kind, asn, cc, v4=(), v6=()):
        self.name, self.kind, self.asn, self.cc = name, kind, asn, cc
        self.v4 = [ipaddress.ip_network(p) for p in v4]
        self.v6 = [ipaddress.ip_network(p) for p in v6]
        self.pool = None  # fixed address list (carrier NAT, VPN exits)

    def rand4(self, rng):
        while True:
            n = self.v4[rng.randrange(len(self.v4))]
            a = int(n.network_address) + rng.randrange(1, n.num_addresses - 1)
            if a & 0xFF not in (0, 255):
                return Addr(str(ipaddress.IPv4Address(a)), self.asn, self.cc, self.name)

    def pick(self, rng):
        if self.pool:
            return self.pool[rng.randrange(len(self.pool))]
        return self.rand4(rng)

    def rand64(self, rng):
        n = self.v6[rng.randrange(len(self.v6))]
        count = n.num_addresses >> 64
        return int(n.network_address) + (rng.randrange(count) << 64)

    def v6addr(self, prefix64, iid):
        return Addr(str(ipaddress.IPv6Address(prefix64 | iid)), self.asn, self.cc, self.name)


def fixed(ip, net):
    return Addr(ip, net.asn, net.cc, net.name)


NETS = {}


def _net(*a, **k):
    n = Net(*a, **k)
    NETS[n.name] = n
    return n


# home broadband (honest homes, residential proxies)
for _name, _asn, _cc, _v4, _v6 in [
    ("gb-home-a", 64611, "GB", ["86.160.0.0/16", "81.98.0.0/16"], ["2a00:23c4::/32"]),
    ("gb-home-b", 64612, "GB", ["82.35.0.0/16"], ["2a02:c7c::/32"]),
    ("de-home-a", 64621, "DE", ["91.40.0.0/16", "84.150.0.0/16"], ["2003:e4::/32"]),
    ("de-home-b", 64622, "DE", ["88.70.0.0/16"], ["2a02:8108::/32"]),
    ("us-home-a", 64631, "US", ["73.100.0.0/16", "98.210.0.0/16"], ["2601:184::/32"]),
    ("us-home-b", 64632, "US", ["108.30.0.0/16"], ["2600:4040::/32"]),
    ("au-home-a", 64641, "AU", ["120.150.0.0/16"], ["2001:8003::/32"]),
    ("au-home-b", 64642, "AU", ["58.108.0.0/16"], ["2403:5800::/32"]),
    ("fr-home", 64651, "FR", ["90.20.0.0/16"], ["2a01:cb00::/32"]),
    ("es-home", 64652, "ES", ["83.45.0.0/16"], []),
    ("nl-home", 64653, "NL", ["84.80.0.0/16"], ["2001:1c00::/32"]),
    ("it-home", 64654, "IT", ["79.30.0.0/16"], []),
    ("pl-home", 64655, "PL", ["83.25.0.0/16"], []),
    ("br-home", 64656, "BR", ["177.80.0.0/16", "179.100.0.0/16"], ["2804:14c::/32"]),
    ("in-home", 64657, "IN", ["49.36.0.0/16"], ["2409:4060::/32"]),
    ("vn-home", 64658, "VN", ["113.160.0.0/16"], []),
    ("id-home", 64659, "ID", ["36.70.0.0/16"], []),
    ("ng-home", 64660, "NG", ["105.112.0.0/16"], []),
    ("tr-home", 64661, "TR", ["78.160.0.0/16"], []),
    ("ro-home", 64662, "RO", ["86.120.0.0/16"], []),
    ("jp-home", 64663, "JP", ["126.20.0.0/16"], ["240b:10::/32"]),
    ("mx-home", 64664, "MX", ["187.190.0.0/16"], []),
]:
    _net(_name, "isp", _asn, _cc, _v4, _v6)

# mobile carriers: carrier-grade NAT, a small public pool shared by all subscribers
for _name, _asn, _cc, _v4, _v6, _pool in [
    ("gb-mob-a", 64711, "GB", ["92.40.10.0/24"], ["2a01:4c8::/32"], 80),
    ("gb-mob-b", 64712, "GB", ["213.205.240.0/24"], [], 64),
    ("de-mob-a", 64721, "DE", ["80.187.100.0/24"], ["2a01:598::/32"], 80),
    ("de-mob-b", 64722, "DE", ["176.6.0.0/24"], [], 64),
    ("us-mob-a", 64731, "US", ["172.56.20.0/24", "172.56.21.0/24"], ["2607:fb90::/32"], 120),
    ("us-mob-b", 64732, "US", ["174.240.8.0/24"], ["2600:1000::/32"], 80),
    ("au-mob-a", 64741, "AU", ["1.128.0.0/24"], ["2001:8004::/32"], 64),
    ("au-mob-b", 64742, "AU", ["101.115.0.0/24"], [], 48),
    ("fr-mob", 64751, "FR", ["37.170.0.0/24"], [], 64),
    ("br-mob", 64756, "BR", ["191.40.0.0/24"], [], 64),
    ("in-mob", 64757, "IN", ["106.200.0.0/24"], [], 64),
    ("id-mob", 64759, "ID", ["114.120.0.0/24"], [], 64),
]:
    _n = _net(_name, "carrier", _asn, _cc, _v4, _v6)
    _r = random.Random("gen10-addrplan-" + _name)
    _hosts = []
    for _p in _n.v4:
        _hosts += [str(h) for h in _p.hosts() if int(h) & 0xFF not in (0, 255)]
    _n.pool = [Addr(h, _asn, _cc, _name) for h in sorted(_r.sample(_hosts, _pool), key=lambda s: ipaddress.ip_address(s))]

# offices (business lines of the national incumbents)
OFF_GB = _net("gb-biz", "office", 64610, "GB", ["81.144.201.0/24", "86.13.77.0/24"])
OFF_DE = _net("de-biz", "office", 64620, "DE", ["62.156.40.0/24", "80.147.12.0/24"], ["2a00:1f80:4400::/48"])
OFF_US = _net("us-biz", "office", 64630, "US", ["64.119.32.0/24", "70.122.88.0/24"])
OFF_AU = _net("au-biz", "office", 64640, "AU", ["1.152.96.0/24"])

# hotels (guest Wi-Fi NAT)
HOTEL_NET = {}
for _name, _asn, _cc, _ip in [
    ("hotel-london", 64810, "GB", "185.53.12.77"),
    ("hotel-frankfurt", 64811, "DE", "217.86.140.9"),
    ("hotel-nyc", 64812, "US", "208.68.44.130"),
    ("hotel-paris", 64813, "FR", "195.154.66.21"),
    ("hotel-singapore", 64814, "SG", "118.189.30.4"),
    ("hotel-dubai", 64815, "AE", "94.200.17.250"),
    ("hotel-madrid", 64816, "ES", "212.170.90.33"),
    ("hotel-sydney", 64817, "AU", "203.219.5.61"),
]:
    HOTEL_NET[_name] = _net(_name, "hotel", _asn, _cc, [_ip + "/32"])
HOTELS = [fixed(n.v4[0].network_address.compressed, n) for n in HOTEL_NET.values()]

# big public cloud (SaaS connectors, monitoring, corporate VPN, and some attackers)
CLOUD_EU = _net("cloud-eu", "cloud", 64900, "IE", ["52.50.0.0/16", "34.240.0.0/16"])
CLOUD_US = _net("cloud-us", "cloud", 64900, "US", ["3.120.0.0/16", "54.200.0.0/16"])
CLOUD_AU = _net("cloud-au", "cloud", 64900, "AU", ["13.236.0.0/16"])
# consumer VPN provider (honest privacy-minded users and attackers share exits)
VPN_NETS = []
for _cc, _p in [("NL", "146.70.12.0/24"), ("GB", "146.70.40.0/24"), ("US", "146.70.88.0/24"), ("DE", "146.70.101.0/24")]:
    _n = _net("cvpn-" + _cc.lower(), "vpn", 64800, _cc, [_p])
    _r = random.Random("gen10-addrplan-cvpn-" + _cc)
    _n.pool = [Addr(str(h), 64800, _cc, _n.name) for h in sorted(_r.sample(list(_n.v4[0].hosts()), 12))]
    VPN_NETS.append(_n)
VPN_EXITS = [a for n in VPN_NETS for a in n.pool]
# VPS / hosting (attack infrastructure; one honest colo box lives in hetz)
VPS = [
    _net("vps-drop-us", "hosting", 64910, "US", ["159.65.0.0/16", "167.99.0.0/16"], ["2604:a880:400::/48"]),
    _net("vps-drop-sg", "hosting", 64910, "SG", ["128.199.0.0/16"], ["2400:6180:0:d1::/64"]),
    _net("vps-ovh-fr", "hosting", 64911, "FR", ["51.75.0.0/16", "54.38.0.0/16"], ["2001:41d0:303::/48"]),
    _net("vps-hetz-de", "hosting", 64912, "DE", ["95.216.0.0/16", "65.108.0.0/16"], ["2a01:4f9:c010::/48"]),
    _net("vps-choopa-us", "hosting", 64913, "US", ["45.77.0.0/16", "149.28.0.0/16"], ["2001:19f0:6c01::/48"]),
    _net("vps-bp-ru", "hosting", 64914, "RU", ["193.233.0.0/16", "45.137.0.0/16"]),
    _net("vps-colo-nl", "hosting", 64915, "NL", ["194.26.29.0/24", "185.196.8.0/22"]),
    _net("vps-ng", "hosting", 64916, "NG", ["102.89.0.0/16"]),
    _net("vps-vn", "hosting", 64917, "VN", ["103.57.0.0/16"]),
]
VPS_BY = {n.name: n for n in VPS}

# fixed honest infrastructure addresses
SAAS = {
    "crm": [fixed("52.50.117.14", CLOUD_EU), fixed("52.50.117.15", CLOUD_EU)],
    "ticket": [fixed("3.120.66.201", CLOUD_US), fixed("34.240.9.88", CLOUD_EU)],
    "backup": [fixed("54.200.31.7", CLOUD_US)],
    "monitor": [fixed("3.120.240.10", CLOUD_US), fixed("52.50.240.10", CLOUD_EU), fixed("13.236.240.10", CLOUD_AU)],
    "migration": [fixed("34.240.201.55", CLOUD_EU)],
    "pentest": [fixed("194.26.29.140", VPS_BY["vps-colo-nl"])],
    "erp": [fixed("95.216.41.19", VPS_BY["vps-hetz-de"])],
}

TENANTS = [
    dict(id="harbourline", domain="harbourline.co.uk", company="Harbourline", cc="GB", tz=0, share=0.38,
         mfa=0.70, legacy=True, names="gb", pattern="first.last",
         offices=[("London HQ", ["81.144.201.10", "81.144.201.11"], OFF_GB),
                  ("Felixstowe depot", ["86.13.77.5"], OFF_GB)],
         vpn=fixed("52.50.14.20", CLOUD_EU), homes=["gb-home-a", "gb-home-b"], carriers=["gb-mob-a", "gb-mob-b"]),
    dict(id="kestrel", domain="kestrel-technik.de", company="Kestrel", cc="DE", tz=1, share=0.30,
         mfa=0.85, legacy=True, names="de", pattern="first.last",
         offices=[("Stuttgart", ["62.156.40.2"], OFF_DE), ("Muenchen", ["80.147.12.34", "80.147.12.35"], OFF_DE)],
         office_v6=0, vpn=fixed("95.216.200.3", VPS_BY["vps-hetz-de"]),
         homes=["de-home-a", "de-home-b"], carriers=["de-mob-a", "de-mob-b"]),
    dict(id="bluefinch", domain="bluefinchhealth.com", company="Bluefinch", cc="US", tz=-5, share=0.22,
         mfa=0.95, legacy=False, names="us", pattern="flast",
         offices=[("Boston", ["64.119.32.18"], OFF_US), ("Austin", ["70.122.88.3"], OFF_US)],
         vpn=fixed("3.120.8.77", CLOUD_US), homes=["us-home-a", "us-home-b"], carriers=["us-mob-a", "us-mob-b"]),
    dict(id="lumen", domain="lumendental.com.au", company="Lumen", cc="AU", tz=11, share=0.10,
         mfa=0.45, legacy=True, names="au", pattern="first.last",
         offices=[("Sydney", ["1.152.96.20"], OFF_AU)],
         vpn=fixed("13.236.77.5", CLOUD_AU), homes=["au-home-a", "au-home-b"], carriers=["au-mob-a", "au-mob-b"]),
]

# --------------------------------------------------------------------------
# names, user agents, passwords
# --------------------------------------------------------------------------

FIRST = {
    "gb": "oliver george harry jack noah charlie jacob alfie freddie oscar thomas james william daniel samuel "
          "olivia amelia isla ava emily sophie grace lily chloe ella poppy evie jessica ruby lucy hannah "
          "sarah laura rebecca claire emma katie rachel mark paul david simon andrew stephen michael".split(),
    "de": ("lukas leon finn jonas paul felix maximilian elias ben noah tim jan niklas sebastian stefan "
           "j\u00fcrgen j\u00f6rg bj\u00f6rn s\u00f6ren thomas michael andreas "
           "anna lea lena hannah laura julia sarah katharina marie sophie lisa johanna "
           "s\u00fcmeyye ren\u00e9e andr\u00e9 z\u00f6e sabine petra claudia").split(),
    "us": "james robert john michael david william richard joseph thomas chris daniel matthew anthony "
          "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa ashley "
          "emily megan hannah tyler brandon kevin jason ryan justin maria jose luis ana".split(),
    "au": "jack oliver william noah thomas lachlan cooper riley liam ethan james lucas mason harrison "
          "charlotte olivia mia ava chloe isla ruby matilda sienna zoe emily grace lily evie sophie".split(),
}
LAST = {
    "gb": "smith jones taylor brown williams wilson johnson davies robinson wright thompson evans walker "
          "white roberts green hall wood jackson clarke patel khan lewis james phillips mason mitchell "
          "rose davis rodriguez cox alexander morgan hughes edwards hill moore clark harrison scott young".split(),
    "de": ("m\u00fcller schmidt schneider fischer weber meyer wagner becker schulz hoffmann sch\u00e4fer koch "
           "bauer richter klein wolf schr\u00f6der neumann schwarz zimmermann braun kr\u00fcger hofmann "
           "hartmann lange schmitt werner krause meier lehmann k\u00f6hler walter g\u00fcnther "
           "y\u0131lmaz kaya \u00f6zt\u00fcrk").split(),
    "us": "smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez "
          "wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark "
          "ramirez lewis robinson walker young allen king wright scott torres nguyen hill flores".split(),
    "au": "smith jones williams brown wilson taylor johnson white martin anderson thompson nguyen thomas "
          "walker harris lee ryan robinson kelly king davis wright evans roberts green hall wood jackson".split(),
}
TRANSLIT = {"\u00e4": "ae", "\u00f6": "oe", "\u00fc": "ue", "\u00df": "ss", "\u00e9": "e", "\u0131": "i"}


def translit(s):
    return "".join(TRANSLIT.get(c, c) for c in s)


BROWSER_UAS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 Edg/129.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36",
]
BROWSER_W = [30, 22, 6, 12, 8, 8, 2, 6, 4, 2]
MODERN_UAS = ["Outlook-iOS/2.0", "Outlook-Android/2.0", "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)"]
EAS_UAS = ["Apple-iPhone15C2/2201.101", "Apple-iPhone16C1/2201.101", "iOS/18.1 (22B83) dataaccessd/1.0",
           "Android-SAMSUNG-SM-S921B/101.40000", "Android-Mail/2024.10.20"]
OLD_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.124 Safari/537.36"

CLASSIC = """123456 123456789 12345678 password qwerty123 qwerty 111111 12345 secret 123123 1234567890
1234567 000000 abc123 password1 iloveyou 1q2w3e4r 654321 qwertyuiop 123321 666666 7777777 dragon monkey
letmein football baseball sunshine princess welcome shadow superman michael master hello charlie
aa123456 donald password123 qwerty1 Password1 Password1! Passw0rd P@ssw0rd P@ssword1 Welcome1 Welcome1!
Welcome123 Welcome@123 Changeme1 Changeme123 Letmein1 Qwerty123! Admin123 admin Passwort1 Passwort123
Hallo123 Sommer2024 Sommer2025! Summer123 Test1234 Trustno1 Football1 Liverpool1 Arsenal1 Chelsea1
Manchester1 Soccer1 Hockey1 Dallas1 Yankees1 Bailey1 Buster1 Ginger1 Maggie1 Pepper1 Tigger1 Jordan23
Zaq12wsx 1qaz2wsx 1qazXSW@ Qwer1234 Asdf1234 Zxcv1234 Company1 Company123 Office365 Office2024! Microsoft1""".split()
SEASONS = ["Spring", "Summer", "Autumn", "Fall", "Winter", "Sommer", "Herbst", "Fruehling"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WORDS = """tiger lily river falcon maple harbour anchor violet copper silver orange cherry pepper biscuit
monkey dolphin panda rocket shadow thunder summer winter autumn spring coffee muffin garden castle forest
meadow ocean island sunset sunrise rainbow diamond crystal phoenix dragon wizard pirate ranger hunter
banana mango lemon kiwi peach sparrow robin eagle hawk badger otter beaver fox wolf bear lion zebra
london berlin sydney boston paris madrid munich brisbane austin chelsea arsenal liverpool rangers celtic
mercedes porsche audi ferrari toyota honda yamaha guitar piano violin jazz blues disco tango salsa
buddy max bella luna charlie cooper daisy rocky molly teddy oscar milo ruby rosie poppy""".split()


def common_passwords():
    """Deterministic 'top passwords' list (passwords.txt); no company names in it."""
    out = list(CLASSIC)
    for s in SEASONS:
        for y in range(2019, 2027):
            for suf in ("", "!", "1", "#", "@", "!!"):
                out.append("%s%d%s" % (s, y, suf))
    for m in MONTHS:
        for y in range(2022, 2027):
            for suf in ("", "!", "#"):
                out.append("%s%d%s" % (m, y, suf))
    for b in ("Welcome", "Password", "Passw0rd", "Changeme", "Letmein", "Qwerty", "Hello", "Monday", "Friday", "Hallo", "Passwort"):
        for suf in ("1", "12", "123", "1!", "123!", "2024", "2025", "2026", "2024!", "2025!", "2026!", "@123", "01"):
            out.append(b + suf)
    for w in WORDS:
        for suf in ("1", "123", "12", "2024", "01", "!", "1!", "69", "99"):
            out.append(w + suf)
            out.append(w.capitalize() + suf)
    r = random.Random("gen10-common")
    while len(out) < 4000:
        out.append(r.choice(WORDS) + str(r.randrange(1, 10000)))
    seen, res = set(), []
    for p in out:
        if p not in seen:
            seen.add(p)
            res.append(p)
    return res


COMMON = common_passwords()
COMMON_SET = frozenset(COMMON)
SPRAY_GENERIC = ["Winter2025!", "Welcome1!", "Password1!", "November2026!", "Autumn2026!", "Welcome123",
                 "Summer2026!", "Spring2026!"]
PENTEST_PWS = ["Herbst2026!", "Fruehling2026!"]   # in passwords.txt, never assigned to anyone


def company_pw(tenant, variant=0):
    return ["%s2026!" % tenant["company"], "%s123!" % tenant["company"], "%s2025" % tenant["company"]][variant]


def human_pw(rng):
    while True:
        k = rng.random()
        w = rng.choice(WORDS)
        if k < 0.35:
            p = w.capitalize() + str(rng.randrange(10, 9999)) + rng.choice(["", "!", "?", "#", "$", "."])
        elif k < 0.55:
            p = w.capitalize() + rng.choice(WORDS).capitalize() + str(rng.randrange(1, 99))
        elif k < 0.70:
            p = w + rng.choice(["_", "-", "."]) + rng.choice(WORDS) + str(rng.randrange(1960, 2025))
        elif k < 0.85:
            p = rng.choice(WORDS).capitalize() + str(rng.choice([2018, 2019, 2020, 2021, 2022, 2023])) + rng.choice(["!", "#", ""])
        else:
            p = w[:1].upper() + w[1:].replace("a", "@").replace("o", "0") + str(rng.randrange(100, 999))
        if p not in COMMON_SET and len(p) >= 8:
            return p


def strong_pw(rng):
    if rng.random() < 0.5:
        return "-".join(rng.choice(WORDS) for _ in range(4))
    cs = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!@#$%&*?"
    return "".join(rng.choice(cs) for _ in range(rng.randrange(14, 21)))


def evolve(pw, rng):
    """How people 'change' a password: bump the year / trailing number or add a symbol."""
    i = len(pw)
    while i > 0 and pw[i - 1] in "!#?$.":
        i -= 1
    tail = pw[i:]
    j = i
    while j > 0 and pw[j - 1].isdigit():
        j -= 1
    if j < i:
        num = pw[j:i]
        n = int(num)
        if 1990 <= n <= 2025:
            return pw[:j] + "2026" + tail
        return pw[:j] + str(n + 1) + tail
    return pw + rng.choice(["1", "!", "2026"])


def mangle(pw):
    """Attacker mangling rules applied to a leaked password (ordered, deterministic)."""
    out = []
    i = len(pw)
    while i > 0 and pw[i - 1] in "!#?$.":
        i -= 1
    j = i
    while j > 0 and pw[j - 1].isdigit():
        j -= 1
    if j < i:
        n = int(pw[j:i])
        if 1990 <= n <= 2025:
            out.append(pw[:j] + "2026" + pw[i:])
        else:
            out.append(pw[:j] + str(n + 1) + pw[i:])
    out.append(pw + "!")
    out.append(pw + "1")
    if pw[:1].islower():
        out.append(pw[:1].upper() + pw[1:])
    return [p for p in out if p != pw]


def typo(pw, rng):
    for _ in range(20):
        k = rng.random()
        if k < 0.3 and len(pw) > 1:
            i = rng.randrange(len(pw))
            p = pw[:i] + pw[i + 1:]
        elif k < 0.5:
            p = pw.swapcase()
        elif k < 0.7 and len(pw) > 2:
            i = rng.randrange(len(pw) - 1)
            p = pw[:i] + pw[i + 1] + pw[i] + pw[i + 2:]
        else:
            i = rng.randrange(len(pw))
            p = pw[:i] + rng.choice("qwertyuiopasdfghjkl1234567890") + pw[i + 1:]
        if p != pw and p:
            return p
    return pw + "x"


def personal_pws(a):
    return ["%s%d!" % (a.first.capitalize(), y) for y in (2023, 2024, 2025, 2026)] + \
           [company_pw(a.tenant, v) for v in (0, 1, 2)]


def weighted(rng, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


# --------------------------------------------------------------------------
# profiles
# --------------------------------------------------------------------------

BASE = dict(
    # honest side
    disabled=0.025, dormant=0.06, traveller=0.04, cvpn=0.015, typo_user=0.10, typo_rate=0.03,
    mfa_refuse=0.02, mfa_struggle=0.004, expiry=0.012, forced_rotation=None, forgot=0.006,
    oldfirst=0.20, leaked=0.25, leaked_current=0.15, evolved=0.15, private=0.012, common_pw=0.05,
    spray_vuln=0.005, svc_stale=3, migration=False, pentest=False, wrong_username=0.01,
    former_per_acct=1.0, noise_per_acct=8,
    # attacks
    spray=dict(rounds=4, ips=40, coverage=0.75, span=(1, 23), round_hours=2.5),
    stuff_conc=dict(ips=5, frac=0.25, rate_s=(2, 12), web=0.3),
    stuff_resi=dict(frac=0.45, private=0.5, web=0.5, shared_carrier=0.2, shared_home=0.03,
                    span=(0, 24), mangled=0.15, attempts=(1, 3)),
    ipv6=dict(frac=0.10, n64=2, hours=3),
    brute=dict(execs=2, attempts=(150, 400), pace_s=(20, 90), weak=0.4),
    fatigue=dict(n=4, pushes=(8, 30), approve=0.5),
    newcountry=dict(n=2),
    ret=dict(p=0.7, sessions=(2, 8)),
)


def profile(name):
    p = json.loads(json.dumps(BASE))
    if name == "mixed":
        pass
    elif name == "lookalike":
        # precision stress: honest noise turned up, attacks few and quiet
        p.update(traveller=0.08, cvpn=0.04, typo_user=0.18, typo_rate=0.06, mfa_refuse=0.04, mfa_struggle=0.01,
                 expiry=0.02, forced_rotation=dict(tenant="kestrel", frac=0.35), forgot=0.015, oldfirst=0.45,
                 leaked=0.30, leaked_current=0.25, common_pw=0.08, svc_stale=8, migration=True, pentest=True,
                 wrong_username=0.03)
        p["spray"] = None
        p["stuff_conc"] = None
        p["stuff_resi"].update(frac=0.30, web=0.6, shared_carrier=0.4, shared_home=0.08, span=(6, 22))
        p["ipv6"] = None
        p["brute"] = None
        p["fatigue"].update(n=3)
        p["newcountry"].update(n=4)
    elif name == "lowslow":
        # recall stress: everything spread thin, behind shared addresses, little leak overlap
        p.update(private=0.02, leaked_current=0.14)
        p["spray"].update(rounds=2, ips=150, coverage=0.6, span=(0, 24), round_hours=11)
        p["stuff_conc"] = None
        p["stuff_resi"].update(frac=0.5, private=1.0, web=0.6, shared_carrier=0.45, shared_home=0.10,
                               attempts=(1, 1), mangled=0.3)
        p["ipv6"].update(frac=0.15, n64=24, hours=20)
        p["brute"] = None
        p["fatigue"].update(n=2, pushes=(3, 6))
        p["newcountry"].update(n=5)
        p["ret"].update(p=0.95)
    elif name == "blitz":
        # volume/burst stress: loud campaigns, many passwords, fast
        p.update(leaked_current=0.10, spray_vuln=0.004)
        p["spray"].update(rounds=8, ips=12, coverage=0.9, span=(2, 20), round_hours=0.6)
        p["stuff_conc"].update(ips=10, frac=0.85, rate_s=(0.2, 1.5), web=0.5)
        p["stuff_resi"].update(frac=0.3, attempts=(2, 6), span=(3, 5))
        p["ipv6"].update(frac=0.4, n64=1, hours=1)
        p["brute"].update(execs=4, attempts=(500, 1200), pace_s=(1, 6), weak=0.5)
        p["fatigue"].update(n=6, pushes=(20, 60))
        p["newcountry"].update(n=2)
    else:
        raise ValueError("unknown profile %r" % name)
    return p


PROFILE_NAMES = ["mixed", "lookalike", "lowslow", "blitz"]


# --------------------------------------------------------------------------
# the world
# --------------------------------------------------------------------------

class Device:
    __slots__ = ("kind", "app", "ua", "typed", "upd", "iid")

    def __init__(self, kind, app, ua, typed):
        self.kind, self.app, self.ua, self.typed = kind, app, ua, typed
        self.upd = {}     # change index -> time the device learns the new password
        self.iid = {}


class Acct:
    def __init__(self, tenant, norm_user, typed, kind):
        self.tenant, self.norm, self.typed, self.kind = tenant, norm_user, typed, kind
        self.pw_times = [NEG_INF]
        self.pw_vals = [None]
        self.changes = []   # (tc, old_pw)
        self.locks = []     # (start, end)
        self.expired = []   # (start, end)
        self.mfa = False
        self.legacy_exempt = False
        self.disabled = False
        self.dormant = False
        self.exec = False
        self.tags = []
        self.devices = []
        self.leaked = []    # passwords of this user in combos.txt

    def set_pw(self, t, pw):
        if t <= self.pw_times[-1]:
            raise AssertionError("password timeline out of order")
        old = self.pw_vals[-1]
        self.pw_times.append(t)
        self.pw_vals.append(pw)
        self.changes.append((t, old))
        return len(self.changes) - 1

    def pw_at(self, t):
        return self.pw_vals[bisect.bisect_right(self.pw_times, t) - 1]

    def dev_pw(self, dev, t):
        belief = t
        for i, (tc, _old) in enumerate(self.changes):
            if tc <= t < dev.upd.get(i, POS_INF):
                belief = min(belief, tc - 1)
        return self.pw_at(belief)

    def tag(self, s):
        if s not in self.tags:
            self.tags.append(s)


class World:
    def __init__(self, seed, n, pname, key):
        self.seed, self.n, self.pname = seed, n, pname
        self.P = profile(pname)
        self.fp = Fingerprinter(key)
        self.ev = []
        self.seq = 0
        self.accts = []
        self.by_norm = {}
        self.owned = {}            # norm -> (t, pw, campaign) first attacker success
        self.attack_tags = {}      # norm -> [campaign]
        self.combos = []           # (typed user, pw)
        self.private = []          # attacker-only pairs (not written)
        self.former = []           # nonexistent tenant users in the dump
        self.honest_ips = []       # honest home IPv4 addresses (for proxy overlap)
        self.stats = {}

    def R(self, *parts):
        return random.Random("|".join(["gen10", str(self.seed), self.pname, str(self.n)] + [str(p) for p in parts]))

    # ---------------------------------------------------------------- check
    def check(self, acct, t, pw, app, mfa):
        if acct is None:
            return False, 50034
        if acct.disabled:
            return False, 50057
        for s, e in acct.locks:
            if s <= t < e:
                return False, 50053
        if pw != acct.pw_at(t):
            return False, 50126
        for s, e in acct.expired:
            if s <= t < e:
                return False, 50055
        if app in LEGACY_APPS and not (acct.tenant["legacy"] or acct.legacy_exempt):
            return False, 53003
        if app in INTERACTIVE_APPS and acct.mfa:
            if mfa == "approve":
                return True, 0
            if mfa == "deny":
                return False, 500121
            return False, 50074
        return True, 0

    def emit(self, t, typed, addr, app, ua, pw, actor, camp, mfa=None, token=None):
        t = int(t)
        if t < 0 or t >= DAY_MS:
            return None
        nu = norm(typed)
        acct = self.by_norm.get(nu)
        if token is not None:
            ok, err = token
            cred = pwf = None
        else:
            ok, err = self.check(acct, t, pw, app, mfa)
            cred = self.fp.cred(typed, pw)
            pwf = self.fp.pw(pw)
        tz = acct.tenant["tz"] if acct is not None else 0
        self.ev.append((t, self.seq, app, typed, addr, ok, err, cred, pwf, ua, actor, camp, nu, tz))
        self.seq += 1
        if actor == "attacker":
            lst = self.attack_tags.setdefault(nu, [])
            if camp not in lst:
                lst.append(camp)
            if ok and nu not in self.owned:
                self.owned[nu] = (t, pw, camp)
        return ok

    # ---------------------------------------------------------- population
    def build(self):
        rng = self.R("population")
        P = self.P
        shares = [t["share"] for t in TENANTS]
        counts = [max(20, int(round(self.n * s))) for s in shares]
        counts[0] += self.n - sum(counts)
        for tenant, nt in zip(TENANTS, counts):
            tenant["accts"] = []
            self._build_tenant(rng, tenant, nt)
        # leak + private lists
        self._build_leaks(rng)

    def _add(self, tenant, local, kind, typed_local=None):
        user = local + "@" + tenant["domain"]
        nu = norm(user)
        if nu in self.by_norm:
            return None
        typed = (typed_local or local) + "@" + tenant["domain"]
        a = Acct(tenant, nu, typed, kind)
        self.accts.append(a)
        self.by_norm[nu] = a
        tenant["accts"].append(a)
        return a

    def _build_tenant(self, rng, tenant, nt):
        P = self.P
        dom = tenant["domain"]
        # service accounts and shared mailboxes
        svc = []
        for i, (site, ips, net) in enumerate(tenant["offices"]):
            a = self._add(tenant, "scan-%s" % translit(site.split()[0].lower()), "svc-scanner")
            a.site = i
            svc.append(a)
        for local, kind in [("crm-sync", "svc-crm"), ("backup-svc", "svc-backup"), ("synthetic-monitor", "svc-probe")]:
            svc.append(self._add(tenant, local, kind))
        if tenant["id"] in ("harbourline", "kestrel"):
            svc.append(self._add(tenant, "erp-mailer", "svc-erp"))
        shared_names = ["info", "sales", "support", "invoices", "accounts", "hr", "orders", "careers", "reception",
                        "marketing", "purchasing", "payroll", "helpdesk", "bookings", "projects", "legal"]
        n_shared = max(3, min(len(shared_names), int(nt * 0.02)))
        for i in range(n_shared):
            a = self._add(tenant, shared_names[i], "shared")
            a.polled = i % 2 == 0
            svc.append(a)
        for a in svc:
            a.legacy_exempt = True
            a.mfa = False
            a.set_pw_initial = None
            a.pw_vals[0] = strong_pw(rng) if a.kind != "shared" else human_pw(rng)
            a.tag(a.kind)
        # employees
        locale = tenant["names"]
        n_emp = nt - len(svc)
        made = 0
        guard = 0
        while made < n_emp and guard < n_emp * 20:
            guard += 1
            f = rng.choice(FIRST[locale])
            l = rng.choice(LAST[locale])
            uni = locale == "de" and rng.random() < 0.25 and (translit(f) != f or translit(l) != l)
            ff, ll = (f, l) if uni else (translit(f), translit(l))
            if tenant["pattern"] == "flast":
                local = ff[0] + ll
            else:
                local = ff + "." + ll
            if local + "@" + dom in self.by_norm:
                local = local + str(rng.randrange(2, 99))
            typed_local = local
            if rng.random() < 0.12:   # how the user habitually types it (capitalised)
                typed_local = ".".join(x[:1].upper() + x[1:] for x in local.split("."))
            a = self._add(tenant, local, "employee", typed_local)
            if a is None:
                continue
            made += 1
            a.first, a.last = ff, ll
            a.tag("employee")
            self._init_employee(rng, a)
        # executives: first four employees
        emps = [a for a in tenant["accts"] if a.kind == "employee"]
        for a in emps[:4]:
            a.exec = True
            a.tag("exec")
            # some executives have a guessable personal password (decided before any event)
            if P["brute"] and tenant["legacy"] and not a.disabled and rng.random() < P["brute"]["weak"] * 0.6:
                a.pw_vals[0] = rng.choice(personal_pws(a))
                a.tag("weak-password")

    def _init_employee(self, rng, a):
        P = self.P
        t = a.tenant
        a.mfa = rng.random() < t["mfa"]
        a.disabled = rng.random() < P["disabled"]
        a.dormant = (not a.disabled) and rng.random() < P["dormant"]
        if a.disabled:
            a.tag("disabled-leaver")
        if a.dormant:
            a.tag("dormant")
        # password
        k = rng.random()
        if k < P["spray_vuln"]:
            pw = company_pw(t) if rng.random() < 0.5 else rng.choice(SPRAY_GENERIC[:4])
            a.tag("weak-password")
        elif k < P["spray_vuln"] + P["common_pw"]:
            while True:
                pw = rng.choice(COMMON)
                if pw not in SPRAY_GENERIC and pw not in PENTEST_PWS:
                    break
            a.tag("common-password")
        elif k < 0.88:
            pw = human_pw(rng)
        else:
            pw = strong_pw(rng)
        a.old_pw = human_pw(rng) if rng.random() < 0.85 else rng.choice(COMMON[:300])
        while a.old_pw == pw or a.old_pw in PENTEST_PWS or a.old_pw in SPRAY_GENERIC:
            a.old_pw = human_pw(rng)
        a.pw_vals[0] = pw
        # where and how they work today
        r = rng.random()
        a.mode = "office" if r < 0.45 else ("hybrid" if r < 0.75 else "remote")
        a.in_office = a.mode == "office" or (a.mode == "hybrid" and rng.random() < 0.5)
        a.traveller = rng.random() < P["traveller"]
        if a.traveller:
            a.in_office = False
            a.hotel = rng.choice(HOTELS)
            a.tag("traveller")
        a.site = rng.randrange(len(t["offices"]))
        a.cvpn = rng.random() < P["cvpn"]
        if a.cvpn:
            a.tag("consumer-vpn")
        a.corpvpn = a.mode == "remote" and rng.random() < 0.4
        home = NETS[rng.choice(t["homes"])]
        a.home_net = home
        a.home4 = home.rand4(rng)
        self.honest_ips.append(a.home4)
        a.home4b = home.rand4(rng) if rng.random() < 0.05 else None
        a.home4b_at = rng.randrange(DAY_MS)
        a.home64 = home.rand64(rng) if home.v6 and rng.random() < 0.45 else None
        a.carrier = NETS[rng.choice(t["carriers"])]
        a.phone_v6 = bool(a.carrier.v6) and rng.random() < 0.6
        a.attach_h = rng.randrange(3, 9)
        a.vlan = rng.randrange(4)
        a.laptop_ua = weighted(rng, BROWSER_UAS[:7], BROWSER_W[:7])
        a.typo_prone = rng.random() < P["typo_user"]
        a.mfa_struggle = a.mfa and rng.random() < P["mfa_struggle"]
        if a.mfa_struggle:
            a.tag("mfa-struggle")
        # devices
        if rng.random() < 0.7:
            if t["legacy"]:
                kind = weighted(rng, ["modern", "eas", "imap"], [72, 22, 6])
            else:
                kind = "modern"
            typed = a.typed if rng.random() < 0.9 else a.typed[:1].upper() + a.typed[1:]
            if kind == "modern":
                d = Device("phone", "mobile", rng.choice(MODERN_UAS[:2]), typed)
            elif kind == "eas":
                d = Device("phone", "eas", rng.choice(EAS_UAS), typed)
            else:
                d = Device("phone", "imap", None, typed)
            a.devices.append(d)
            a.tag("phone-" + kind)
        if t["legacy"] and rng.random() < 0.04:
            a.devices.append(Device("desktop", "imap", None, a.typed))
            a.tag("desktop-imap")

    def _build_leaks(self, rng):
        P = self.P
        emps = [a for a in self.accts if a.kind == "employee"]
        for a in emps:
            if rng.random() < P["leaked"]:
                pws = []
                if rng.random() < 0.8:
                    pws.append(a.old_pw)
                if rng.random() < 0.4:
                    pws.append(human_pw(rng))
                cur = a.pw_vals[0]
                if rng.random() < P["leaked_current"]:
                    pws.append(cur)
                    a.tag("leaked-current")
                elif a.old_pw in pws and rng.random() < P["evolved"] and not a.disabled:
                    # the current password is an 'evolution' of the leaked one (attacker mangling finds it)
                    a.pw_vals[0] = evolve(a.old_pw, rng)
                    a.tag("leaked-evolved")
                if not pws:
                    pws.append(human_pw(rng))
                if a.old_pw in pws:
                    a.tag("leaked-old")
                    a.oldfirst = rng.random() < P["oldfirst"]
                    if a.oldfirst:
                        a.tag("old-pw-first")
                for pw in pws:
                    u = a.typed if rng.random() < 0.7 else rng.choice([a.norm, a.norm.upper(), a.typed.capitalize()])
                    self.combos.append((u, pw))
                    a.leaked.append(pw)
            if not hasattr(a, "oldfirst"):
                a.oldfirst = False
        # private (attacker-only) pairs: infostealer logs / phishing, current passwords, not in combos
        for a in emps:
            if a.disabled or "leaked-current" in a.tags:
                continue
            if rng.random() < P["private"]:
                self.private.append((a.typed, a.pw_vals[0]))
                a.in_private = True
        # former employees and guessed addresses in the dump (nonexistent accounts)
        n_former = int(len(self.accts) * P["former_per_acct"])
        for i in range(n_former):
            t = weighted(rng, TENANTS, [x["share"] for x in TENANTS])
            f, l = translit(rng.choice(FIRST[t["names"]])), translit(rng.choice(LAST[t["names"]]))
            local = (f[0] + l) if t["pattern"] == "flast" else (f + "." + l)
            if rng.random() < 0.3:
                local += str(rng.randrange(1, 99))
            u = local + "@" + t["domain"]
            if norm(u) in self.by_norm:
                continue
            for _ in range(1 + (rng.random() < 0.4)):
                pw = human_pw(rng) if rng.random() < 0.8 else rng.choice(COMMON[:500])
                self.combos.append((u, pw))
                self.former.append((u, pw))
        # unrelated noise of the same dump
        doms = ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "hotmail.co.uk", "web.de", "gmx.de",
                "aol.com", "icloud.com", "bigpond.com", "btinternet.com", "t-online.de", "mail.ru", "yahoo.co.uk"]
        for i in range(int(len(self.accts) * P["noise_per_acct"])):
            k = rng.random()
            f = translit(rng.choice(FIRST[rng.choice(["gb", "de", "us", "au"])]))
            l = translit(rng.choice(LAST[rng.choice(["gb", "de", "us", "au"])]))
            u = rng.choice([f + "." + l, f + l, f[0] + l, f + str(rng.randrange(1, 9999)), l + f[:1] + str(rng.randrange(10, 99))])
            u = u + "@" + rng.choice(doms)
            pw = rng.choice(COMMON) if k < 0.25 else human_pw(rng)
            if rng.random() < 0.01:
                pw = pw + ":" + rng.choice(WORDS)   # colon inside the password
            self.combos.append((u, pw))
        rng.shuffle(self.combos)

    # -------------------------------------------------------- timelines
    def plan_changes(self):
        """Phase 1: password changes, lockouts, expiry — before any event is generated."""
        P = self.P
        for a in self.accts:
            rng = self.R("plan", a.norm)
            tz = a.tenant["tz"]
            a.change_kind = None
            if a.kind == "employee" and not a.disabled and not a.dormant:
                fr = P["forced_rotation"]
                if fr and a.tenant["id"] == fr["tenant"] and rng.random() < fr["frac"]:
                    a.change_kind = "forced-rotation"
                elif rng.random() < P["expiry"]:
                    a.change_kind = "expiry"
                elif rng.random() < P["forgot"]:
                    a.change_kind = "forgot"
                if a.change_kind in ("forced-rotation", "expiry"):
                    if a.change_kind == "forced-rotation":
                        tc = sample_time(rng, tz, OFFICE_HOURS)
                    else:
                        tc = sample_time(rng, tz, WORK)
                    newpw = evolve(a.pw_at(tc), rng) if rng.random() < 0.5 else human_pw(rng)
                    a.expired.append((tc - 120 * S, tc))
                    a.tc_plan = tc
                    idx = a.set_pw(tc, newpw)
                    self._device_updates(rng, a, idx, tc)
                    a.tag(a.change_kind)
                elif a.change_kind == "forgot":
                    tf = sample_time(rng, tz, OFFICE_HOURS)
                    a.tf_plan = tf
                    a.forgot_reset = rng.random() < 0.7
                    a.tag("forgot-helpdesk" if a.forgot_reset else "forgot-remembered")
                    if a.forgot_reset:
                        # five wrong guesses then lockout 30 min; helpdesk resets 20-120 min later
                        t5 = tf + 5 * 25 * S
                        a.locks.append((t5, t5 + 30 * M))
                        tr = t5 + rng.randrange(20, 121) * M
                        a.tr_plan = tr
                        idx = a.set_pw(tr, human_pw(rng))
                        self._device_updates(rng, a, idx, tr)
            elif a.kind in ("svc-crm", "svc-backup", "svc-scanner", "shared", "svc-erp"):
                pass
        # stale service connectors: password rotated yesterday, connector not updated
        rng = self.R("stale")
        cands = [a for a in self.accts if a.kind in ("svc-crm", "svc-backup", "svc-scanner", "svc-erp")
                 or (a.kind == "shared" and a.polled)]
        for a in rng.sample(cands, min(len(cands), self.P["svc_stale"])):
            old = a.pw_vals[0]
            if rng.random() < 0.5:
                old = rng.choice(COMMON[300:1200])  # the old one was weak
            a.pw_vals[0] = old
            newpw = strong_pw(rng)
            idx = a.set_pw(-DAY_MS // 2, newpw)
            fix = sample_time(rng, a.tenant["tz"], OFFICE_HOURS) if rng.random() < 0.5 else POS_INF
            a.stale_fix = (idx, fix)
            a.tag("stale-connector")

    def _device_updates(self, rng, a, idx, tc):
        for d in a.devices:
            if d.app == "mobile":
                d.upd[idx] = tc + int(rng.expovariate(1 / (2.0 * H)))
            else:
                d.upd[idx] = tc + int(rng.expovariate(1 / (4.0 * H))) if rng.random() < 0.75 else POS_INF
        if a.devices:
            a.tag("stale-device")

    # -------------------------------------------------------- addresses
    def office_addr(self, a, rng, dev="laptop"):
        site, ips, net = a.tenant["offices"][a.site]
        if "office_v6" in a.tenant and a.site == a.tenant["office_v6"] and rng.random() < 0.5:
            pfx = int(net.v6[0].network_address) + (a.vlan << 64)
            iid = a.__dict__.setdefault("office_iid", {}).get(dev)
            if iid is None:
                iid = rng.getrandbits(64) | 1
                a.office_iid[dev] = iid
            return net.v6addr(pfx, iid)
        return fixed(rng.choice(ips), net)

    def home_addr(self, a, rng, t, dev="laptop"):
        if a.home64 is not None and rng.random() < 0.7:
            slot = (dev, t // (8 * H))
            iid = a.__dict__.setdefault("home_iid", {}).get(slot)
            if iid is None:
                iid = rng.getrandbits(64) | 1
                a.home_iid[slot] = iid
            return a.home_net.v6addr(a.home64, iid)
        if a.home4b is not None and t >= a.home4b_at:
            return a.home4b
        return a.home4

    def carrier_addr(self, a, rng, t):
        if a.phone_v6:
            ep = t // (a.attach_h * H)
            c = a.__dict__.setdefault("carrier64", {})
            if ep not in c:
                c[ep] = (a.carrier.rand64(rng), rng.getrandbits(64) | 1)
            pfx, iid = c[ep]
            return a.carrier.v6addr(pfx, iid)
        return a.carrier.pick(rng)

    def web_addr(self, a, rng, t):
        h = local_hour(t, a.tenant["tz"])
        if a.traveller:
            return a.hotel if rng.random() < 0.8 else (rng.choice(VPN_EXITS) if a.cvpn else self.carrier_addr(a, rng, t))
        if a.in_office and 8 <= h < 18:
            return self.office_addr(a, rng)
        if a.cvpn and rng.random() < 0.7:
            return rng.choice(VPN_EXITS)
        if a.corpvpn and rng.random() < 0.6:
            return a.tenant["vpn"]
        return self.home_addr(a, rng, t)

    def phone_addr(self, a, rng, t):
        h = local_hour(t, a.tenant["tz"])
        if a.traveller:
            return a.hotel if rng.random() < 0.5 else self.carrier_addr(a, rng, t)
        if a.in_office and 8 <= h < 18:
            return self.office_addr(a, rng, "phone") if rng.random() < 0.4 else self.carrier_addr(a, rng, t)
        if h in (7, 18):
            return self.carrier_addr(a, rng, t)
        return self.home_addr(a, rng, t, "phone") if rng.random() < 0.75 else self.carrier_addr(a, rng, t)

    # -------------------------------------------------------- honest side
    def honest(self):
        for a in self.accts:
            if a.disabled or a.dormant:
                continue
            rng = self.R("honest", a.norm)
            if a.kind == "employee":
                self.honest_employee(a, rng)
            elif a.kind == "shared":
                self.honest_shared(a, rng)
            else:
                self.honest_service(a, rng)
        self.honest_extras()

    def typed_form(self, a, rng):
        r = rng.random()
        if r < 0.93:
            return a.typed
        if r < 0.97:
            return a.typed[:1].upper() + a.typed[1:]
        if r < 0.99:
            return a.typed + " "
        return a.norm.upper()

    def web_signin(self, a, rng, t, addr, first, ua=None, app="web", camp="web"):
        ua = ua or a.laptop_ua
        typed = self.typed_form(a, rng)
        cur = a.pw_at(t)
        if first and a.oldfirst and a.old_pw != cur:
            self.emit(t, typed, addr, app, ua, a.old_pw, "honest", "old-pw-first", mfa="approve")
            t += rng.randrange(5, 40) * S
        if rng.random() < self.P["typo_rate"] * (4 if a.typo_prone else 1):
            self.emit(t, typed, addr, app, ua, typo(cur, rng), "honest", "typo", mfa="approve")
            t += rng.randrange(3, 25) * S
            if rng.random() < 0.2:
                self.emit(t, typed, addr, app, ua, typo(cur, rng), "honest", "typo", mfa="approve")
                t += rng.randrange(3, 25) * S
        cur = a.pw_at(t)
        if a.mfa and a.mfa_struggle:
            for _ in range(rng.randrange(2, 6)):
                self.emit(t, typed, addr, app, ua, cur, "honest", "mfa-refusal", mfa=rng.choice(["deny", None]))
                t += rng.randrange(30, 240) * S
        elif a.mfa and rng.random() < self.P["mfa_refuse"]:
            self.emit(t, typed, addr, app, ua, cur, "honest", "mfa-refusal", mfa=rng.choice(["deny", None]))
            t += rng.randrange(20, 180) * S
            if rng.random() < 0.2:
                return
        self.emit(t, typed, addr, app, ua, a.pw_at(t), "honest", camp, mfa="approve")

    def honest_employee(self, a, rng):
        tz = a.tenant["tz"]
        # web sign-ins
        k = 1 + poisson(rng, 1.3)
        times = sorted(sample_time(rng, tz, WORK) for _ in range(k))
        for i, t in enumerate(times):
            self.web_signin(a, rng, t, self.web_addr(a, rng, t), i == 0)
        # wrong username form (no domain, old domain) before the real one
        if rng.random() < self.P["wrong_username"]:
            t = times[0] - rng.randrange(10, 60) * S
            bad = a.norm.split("@")[0] if rng.random() < 0.6 else a.norm.split("@")[0] + "@" + a.tenant["domain"].split(".")[0] + ".com"
            self.emit(t, bad, self.web_addr(a, rng, t), "web", a.laptop_ua, a.pw_at(t), "honest", "wrong-username")
            a.tag("wrong-username")
        # password-change stories
        if a.change_kind in ("expiry", "forced-rotation"):
            tc = a.tc_plan
            addr = self.web_addr(a, rng, tc)
            self.emit(tc - 5 * S, a.typed, addr, "web", a.laptop_ua, a.pw_at(tc - 1), "honest", a.change_kind, mfa="approve")
            self.emit(tc + rng.randrange(30, 90) * S, a.typed, addr, "web", a.laptop_ua, a.pw_at(tc), "honest", a.change_kind, mfa="approve")
        elif a.change_kind == "forgot":
            tf = a.tf_plan
            addr = self.web_addr(a, rng, tf)
            cur = a.pw_at(tf)
            guesses = [a.old_pw, typo(cur, rng), evolve(a.old_pw, rng), human_pw(rng), typo(a.old_pw, rng),
                       a.old_pw, typo(cur, rng), human_pw(rng)]
            guesses = [g for g in guesses if g != cur]
            if a.forgot_reset:
                for i in range(rng.randrange(6, 9)):
                    self.emit(tf + i * 25 * S, a.typed, addr, "web", a.laptop_ua, guesses[i % len(guesses)], "honest", "forgot", mfa="approve")
                tr = a.tr_plan
                self.emit(tr + rng.randrange(60, 300) * S, a.typed, self.web_addr(a, rng, tr), "web", a.laptop_ua,
                          a.pw_at(tr), "honest", "helpdesk-reset", mfa="approve")
            else:
                n = rng.randrange(2, 5)
                for i in range(n):
                    self.emit(tf + i * 30 * S, a.typed, addr, "web", a.laptop_ua, guesses[i % len(guesses)], "honest", "forgot", mfa="approve")
                self.emit(tf + n * 30 * S + rng.randrange(10, 300) * S, a.typed, addr, "web", a.laptop_ua, cur, "honest", "forgot", mfa="approve")
        # devices
        for d in a.devices:
            if d.kind == "phone":
                self.phone_stream(a, d, rng)
            else:
                self.desktop_imap(a, d, rng)

    def phone_stream(self, a, d, rng):
        period = rng.randrange(50, 71) * M
        t = rng.randrange(period)
        reauth_done = set()
        while t < DAY_MS:
            addr = self.phone_addr(a, rng, t)
            if d.app == "mobile":
                revoked = None
                for i, (tc, _o) in enumerate(a.changes):
                    if tc >= 0 and tc <= t < d.upd.get(i, POS_INF):
                        revoked = i
                if revoked is not None:
                    self.emit(t, d.typed, addr, "mobile", d.ua, None, "honest", "stale-device", token=(False, 50173))
                else:
                    for i, (tc, _o) in enumerate(a.changes):
                        ru = d.upd.get(i, POS_INF)
                        if tc >= 0 and i not in reauth_done and ru <= t:
                            reauth_done.add(i)
                            self.emit(ru, d.typed, self.phone_addr(a, rng, ru), "mobile", d.ua, a.pw_at(ru),
                                      "honest", "mobile-reauth", mfa="approve")
                    self.emit(t, d.typed, addr, "mobile", d.ua, None, "honest", "mobile-refresh", token=(True, 0))
            else:
                pw = a.dev_pw(d, t)
                camp = "stale-device" if pw != a.pw_at(t) else ("eas-sync" if d.app == "eas" else "imap-client")
                self.emit(t, d.typed, addr, d.app, d.ua, pw, "honest", camp)
                if camp == "stale-device":
                    # clients retry a failed login once or twice quickly
                    for r in range(rng.randrange(0, 3)):
                        self.emit(t + (r + 1) * rng.randrange(5, 60) * S, d.typed, addr, d.app, d.ua, pw, "honest", camp)
            t += period + rng.randrange(-4, 5) * M

    def desktop_imap(self, a, d, rng):
        tz = a.tenant["tz"]
        t = 0
        while t < DAY_MS:
            t += rng.randrange(15, 31) * M + rng.randrange(-30 * S, 30 * S)
            h = local_hour(t, tz)
            if not (8 <= h < 18) or t >= DAY_MS:
                continue
            addr = self.office_addr(a, rng) if a.in_office else (a.hotel if a.traveller else self.home_addr(a, rng, t))
            pw = a.dev_pw(d, t)
            self.emit(t, d.typed, addr, "imap", None, pw, "honest", "stale-device" if pw != a.pw_at(t) else "imap-client")

    def svc_pw(self, a, t):
        if hasattr(a, "stale_fix"):
            idx, fix = a.stale_fix
            if t < fix:
                return a.changes[idx][1]
        return a.pw_at(t)

    def honest_shared(self, a, rng):
        tz = a.tenant["tz"]
        if a.polled:
            # ticketing SaaS polls the mailbox over IMAP every 3 minutes from its two addresses
            t = rng.randrange(3 * M)
            while t < DAY_MS:
                pw = self.svc_pw(a, t)
                camp = "stale-connector" if pw != a.pw_at(t) else "ticket-poller"
                self.emit(t, a.typed, rng.choice(SAAS["ticket"]), "imap", None, pw, "honest", camp)
                t += 3 * M + rng.randrange(-15, 16) * S
        # humans sharing the mailbox credential sign in on the web from the office / home
        users = [x for x in a.tenant["accts"] if x.kind == "employee" and not x.disabled and not x.dormant]
        for _ in range(rng.randrange(2, 9)):
            t = sample_time(rng, tz, WORK)
            if not users:
                break
            u = rng.choice(users)
            addr = self.web_addr(u, rng, t)
            pw = a.pw_at(t)
            if rng.random() < 0.08:
                self.emit(t, a.typed, addr, "web", u.laptop_ua, typo(pw, rng), "honest", "shared-mailbox")
                t += 15 * S
            self.emit(t, a.typed, addr, "web", u.laptop_ua, pw, "honest", "shared-mailbox")

    def honest_service(self, a, rng):
        tz = a.tenant["tz"]
        k = a.kind
        if k == "svc-scanner":
            site, ips, net = a.tenant["offices"][a.site]
            for _ in range(rng.randrange(10, 61)):
                t = sample_time(rng, tz, OFFICE_HOURS)
                pw = self.svc_pw(a, t)
                self.emit(t, a.typed, fixed(rng.choice(ips), net), "smtp", None, pw, "honest",
                          "stale-connector" if pw != a.pw_at(t) else "scan-to-mail")
            return
        if k == "svc-crm":
            step, ips, app, ua, camp = 5 * M, SAAS["crm"], "ropc", "SyncBridge-CRM/4.2", "crm-sync"
        elif k == "svc-backup":
            step, ips, app, ua, camp = 15 * M, SAAS["backup"], "ropc", "VaultBackup/7.1", "backup-job"
        elif k == "svc-erp":
            step, ips, app, ua, camp = 4 * M, SAAS["erp"], "smtp", None, "erp-mailer"
        elif k == "svc-probe":
            self.probe(a, rng)
            return
        else:
            return
        t = rng.randrange(step)
        while t < DAY_MS:
            if k == "svc-erp" and not (6 <= local_hour(t, tz) < 20):
                t += step
                continue
            pw = self.svc_pw(a, t)
            self.emit(t, a.typed, rng.choice(ips), app, ua, pw, "honest",
                      "stale-connector" if pw != a.pw_at(t) else camp)
            if pw != a.pw_at(t) and rng.random() < 0.5:
                self.emit(t + 10 * S, a.typed, rng.choice(ips), app, ua, pw, "honest", "stale-connector")
            t += step + rng.randrange(-20, 21) * S

    def probe(self, a, rng):
        wrong = "probe-negative-check-%s" % a.tenant["id"]
        for j, ip in enumerate(SAAS["monitor"]):
            t = rng.randrange(5 * M)
            n = 0
            while t < DAY_MS:
                self.emit(t, a.typed, ip, "web", "SiteWatch-Synthetics/1.9", a.pw_at(t), "honest", "probe")
                if n % 6 == j:
                    self.emit(t + 2 * S, a.typed, ip, "web", "SiteWatch-Synthetics/1.9", wrong, "honest", "probe-negative")
                n += 1
                t += 5 * M + rng.randrange(-3, 4) * S

    def honest_extras(self):
        P = self.P
        if P["migration"]:
            rng = self.R("migration")
            t = [x for x in TENANTS if x["id"] == "harbourline"][0]
            accts = [a for a in t["accts"] if a.kind == "employee" and not a.disabled]
            batch = rng.sample(accts, min(len(accts), 220))
            ip = SAAS["migration"][0]
            start = 13 * H
            csv_time = -3 * DAY_MS   # passwords were collected three days ago
            for i, a in enumerate(batch):
                pw = a.pw_at(csv_time)
                if rng.random() < 0.05:
                    pw = a.old_pw
                for rnd in range(2):
                    tt = start + rnd * 2 * H + i * rng.randrange(10, 25) * S
                    self.emit(tt, a.norm, ip, "imap", None, pw, "honest", "mailbox-migration")
                a.tag("mailbox-migration")
        if P["pentest"]:
            # authorised password audit by the security team's contractor; never succeeds here
            rng = self.R("pentest")
            t = [x for x in TENANTS if x["id"] == "kestrel"][0]
            accts = [a for a in t["accts"] if a.kind == "employee"]
            batch = rng.sample(accts, min(len(accts), 300))
            ip = SAAS["pentest"][0]
            for r, pw in enumerate(PENTEST_PWS):
                for i, a in enumerate(batch):
                    tt = 9 * H + r * 3 * H + i * rng.randrange(8, 20) * S
                    self.emit(tt, a.norm, ip, "smtp", None, pw, "honest", "pentest-audit")
                    a.tag("pentest-audit")

    # -------------------------------------------------------- attacks
    def tenant_pairs(self):
        doms = [t["domain"] for t in TENANTS]
        return [(u, p) for (u, p) in self.combos if norm(u).rsplit("@", 1)[-1] in doms]

    def attacks(self):
        P = self.P
        if P["spray"]:
            self.spray(P["spray"])
        if P["stuff_conc"]:
            self.stuff_conc(P["stuff_conc"])
        if P["stuff_resi"]:
            self.stuff_resi(P["stuff_resi"])
        if P["ipv6"]:
            self.ipv6_rot(P["ipv6"])
        if P["brute"]:
            self.brute(P["brute"])
        if P["fatigue"]:
            self.fatigue(P["fatigue"])
        if P["newcountry"]:
            self.newcountry(P["newcountry"])
        if P["ret"]:
            self.returns(P["ret"])

    def vps_addrs(self, rng, n, nets=None):
        nets = nets or [x for x in VPS if x.name != "vps-colo-nl"]
        out, seen = [], set()
        while len(out) < n:
            a = rng.choice(nets).rand4(rng)
            if a.ip not in seen:
                seen.add(a.ip)
                out.append(a)
        return out

    def spray(self, cfg):
        rng = self.R("spray")
        camp = "spray-legacy"
        targets = []
        for t in TENANTS:
            for a in t["accts"]:
                if a.kind in ("employee", "shared") and rng.random() < cfg["coverage"]:
                    targets.append((a.norm, t))
            # guessed addresses from a scraped staff list
            for i in range(int(len(t["accts"]) * 0.08)):
                f, l = translit(rng.choice(FIRST[t["names"]])), translit(rng.choice(LAST[t["names"]]))
                u = (f + "." + l if t["pattern"] != "flast" else f[0] + l) + "@" + t["domain"]
                targets.append((u, t))
        ips = self.vps_addrs(rng, cfg["ips"])
        lo, hi = cfg["span"]
        rounds = cfg["rounds"]
        gap = (hi - lo) * H // rounds
        pwlist = [None] + SPRAY_GENERIC
        done = set()
        for r in range(rounds):
            pw_r = pwlist[r % len(pwlist)]
            rng.shuffle(targets)
            start = lo * H + r * gap
            dur = int(cfg["round_hours"] * H)
            live = [x for x in targets if x[0] not in done]
            for i, (u, t) in enumerate(live):
                tt = start + i * dur // max(1, len(live)) + rng.randrange(0, 20 * S)
                pw = pw_r or company_pw(t)
                app = weighted(rng, ["imap", "smtp", "pop", "eas", "ropc"], [40, 25, 10, 10, 15])
                ua = {"eas": "Apple-iPhone15C2/2201.101", "ropc": "BAV2ROPC"}.get(app)
                ok = self.emit(tt, u, ips[(i + 7 * r) % len(ips)], app, ua, pw, "attacker", camp)
                if ok:
                    done.add(u)

    def stuff_conc(self, cfg):
        rng = self.R("stuff-conc")
        pairs = self.tenant_pairs()
        pairs = rng.sample(pairs, int(len(pairs) * cfg["frac"]))
        pairs += rng.sample(self.private, len(self.private) // 4)
        ips = self.vps_addrs(rng, cfg["ips"] - 1) + [CLOUD_US.rand4(rng)]
        chunk = (len(pairs) + len(ips) - 1) // len(ips)
        for k, ip in enumerate(ips):
            part = pairs[k * chunk:(k + 1) * chunk]
            t = rng.randrange(0, 20 * H)
            web = rng.random() < cfg["web"]
            ua = rng.choice(["python-requests/2.31.0", OLD_CHROME]) if web else None
            lo, hi = cfg["rate_s"]
            for u, pw in part:
                self.emit(t, u, ip, "web" if web else "imap", ua, pw, "attacker", "stuffing-vps")
                t += int(rng.uniform(lo, hi) * S)

    def resi_addr(self, rng, cfg):
        r = rng.random()
        if r < cfg["shared_carrier"]:
            c = NETS[rng.choice(["gb-mob-a", "gb-mob-b", "de-mob-a", "de-mob-b", "us-mob-a", "us-mob-b", "au-mob-a",
                                 "fr-mob", "br-mob", "in-mob", "id-mob"])]
            return c.pick(rng)
        if r < cfg["shared_carrier"] + cfg["shared_home"]:
            return rng.choice(self.honest_ips)
        n = NETS[weighted(rng, [x for x in NETS if NETS[x].kind == "isp"],
                          [3 if NETS[x].cc in ("US", "GB", "DE", "AU") else 2 for x in NETS if NETS[x].kind == "isp"])]
        return n.rand4(rng)

    def stuff_resi(self, cfg):
        rng = self.R("stuff-resi")
        pairs = self.tenant_pairs()
        pairs = rng.sample(pairs, int(len(pairs) * cfg["frac"]))
        priv = rng.sample(self.private, int(len(self.private) * cfg["private"]))
        extra = []
        for u, pw in pairs:
            if rng.random() < cfg["mangled"]:
                extra += [(u, m) for m in mangle(pw)[:2]]
        attempts = pairs + priv + extra
        rng.shuffle(attempts)
        lo, hi = cfg["span"]
        i = 0
        n_ip = 0
        while i < len(attempts):
            ip = self.resi_addr(rng, cfg)
            n_ip += 1
            k = rng.randint(*cfg["attempts"])
            t = rng.randrange(lo * H, hi * H)
            for u, pw in attempts[i:i + k]:
                web = rng.random() < cfg["web"]
                self.emit(t, u, ip, "web" if web else rng.choice(["imap", "eas", "smtp"]),
                          rng.choice(BROWSER_UAS) if web else None, pw, "attacker", "stuffing-resi")
                t += rng.randrange(2, 90) * S
            i += k
        self.stats["resi_ips"] = n_ip

    def ipv6_rot(self, cfg):
        rng = self.R("ipv6")
        pairs = self.tenant_pairs()
        pairs = rng.sample(pairs, int(len(pairs) * cfg["frac"]))
        nets = [x for x in VPS if x.v6]
        pfx = []
        for _ in range(cfg["n64"]):
            n = rng.choice(nets)
            pfx.append((n, n.rand64(rng)))
        start = rng.randrange(0, max(1, 24 - cfg["hours"])) * H
        for u, pw in pairs:
            n, p = rng.choice(pfx)
            t = start + rng.randrange(int(cfg["hours"] * H))
            app = rng.choice(["web", "ropc", "imap"])
            self.emit(t, u, n.v6addr(p, rng.getrandbits(64) | 1), app,
                      rng.choice(BROWSER_UAS) if app == "web" else ("BAV2ROPC" if app == "ropc" else None),
                      pw, "attacker", "ipv6-rotation")

    def brute(self, cfg):
        rng = self.R("brute")
        execs = [a for a in self.accts if a.exec and not a.disabled and a.tenant["legacy"]]
        execs = rng.sample(execs, min(len(execs), cfg["execs"]))
        for a in execs:
            n = rng.randint(*cfg["attempts"])
            guesses = rng.sample(COMMON, min(len(COMMON), n))
            personal = personal_pws(a)
            for p in personal:
                guesses.insert(rng.randrange(len(guesses) + 1), p)
            ips = self.vps_addrs(rng, rng.randint(1, 2))
            t = rng.randrange(0, 12 * H)
            for g in guesses:
                ok = self.emit(t, a.norm, rng.choice(ips), rng.choice(["smtp", "imap"]), None, g, "attacker", "bruteforce-exec")
                if ok:
                    break
                t += int(rng.uniform(*cfg["pace_s"]) * S)

    def fatigue(self, cfg):
        rng = self.R("fatigue")
        cands = [(u, pw) for (u, pw) in self.private if self.by_norm[norm(u)].mfa]
        for u, pw in rng.sample(cands, min(len(cands), cfg["n"])):
            a = self.by_norm[norm(u)]
            t = sample_time(rng, a.tenant["tz"], NIGHT)
            ip = self.resi_addr(rng, dict(shared_carrier=0.0, shared_home=0.0)) if rng.random() < 0.5 else self.vps_addrs(rng, 1)[0]
            ua = rng.choice(BROWSER_UAS)
            approve = rng.random() < cfg["approve"]
            n = rng.randint(*cfg["pushes"])
            for i in range(n):
                mfa = "approve" if (approve and i == n - 1) else rng.choice(["deny", None, None])
                self.emit(t, u, ip, "web", ua, pw, "attacker", "mfa-fatigue", mfa=mfa)
                t += rng.randrange(40, 300) * S

    def newcountry(self, cfg):
        rng = self.R("newcountry")
        cands = [(u, pw) for (u, pw) in self.private
                 if (not self.by_norm[norm(u)].mfa) or self.by_norm[norm(u)].tenant["legacy"]]
        for u, pw in rng.sample(cands, min(len(cands), cfg["n"])):
            a = self.by_norm[norm(u)]
            net = rng.choice([VPS_BY["vps-ng"], VPS_BY["vps-vn"], NETS["br-home"], NETS["id-home"], NETS["ng-home"], NETS["in-home"]])
            ip = net.rand4(rng)
            t = rng.randrange(1 * H, 20 * H)
            app = "web" if not a.mfa else "imap"
            ua = rng.choice(BROWSER_UAS) if app == "web" else None
            camp = "takeover-" + net.cc.lower()
            for _ in range(rng.randint(1, 5)):
                self.emit(t, u, ip, app, ua, pw, "attacker", camp)
                t += rng.randrange(2, 40) * M

    def returns(self, cfg):
        rng = self.R("returns")
        for nu in sorted(self.owned):
            tc, pw, camp = self.owned[nu]
            if rng.random() >= cfg["p"]:
                continue
            a = self.by_norm[nu]
            t = tc + rng.randrange(1 * H, 8 * H)
            if rng.random() < 0.5:
                ip = self.vps_addrs(rng, 1)[0]
            else:
                ip = rng.choice([NETS[x] for x in ("br-home", "vn-home", "id-home", "ng-home", "tr-home", "ro-home", "in-home")]).rand4(rng)
            app = "imap" if rng.random() < 0.8 else "web"
            ua = None if app == "imap" else rng.choice(BROWSER_UAS)
            for _ in range(rng.randint(*cfg["sessions"])):
                self.emit(t, a.typed, ip, app, ua, pw, "attacker", "return-" + camp)
                t += rng.randrange(20, 61) * M

    # -------------------------------------------------------- output
    def run(self):
        self.build()
        self.plan_changes()
        self.honest()
        self.attacks()

    def write(self, out):
        os.makedirs(out, exist_ok=True)
        evs = sorted(self.ev, key=lambda e: (e[0] // H, (FRONTEND[e[2]] + e[0] // H) % 3, e[0], e[1]))
        n_att = 0
        camp_lines = {}
        att_users, comp = {}, {}
        honest_ok_creds = {}
        with open(os.path.join(out, "events.jsonl"), "w", encoding="utf-8", newline="\n") as fe, \
                open(os.path.join(out, "event_labels.csv"), "w", encoding="utf-8", newline="\n") as fl:
            fl.write("line,actor,campaign\n")
            for ln, e in enumerate(evs, 1):
                t, _s, app, typed, addr, ok, err, cred, pwf, ua, actor, camp, nu, tz = e
                fe_idx = FRONTEND[app]
                style = "z" if fe_idx == 0 else ("off" if fe_idx == 1 else "ms")
                o = {"ts": fmt_ts(t, style, tz), "user": typed, "ip": addr.ip, "ok": ok}
                if cred is not None:
                    o["cred"] = cred
                    o["pw"] = pwf
                if ua is not None:
                    o["ua"] = ua
                o["app"] = app
                o["err"] = err
                o["country"] = addr.cc
                o["asn"] = addr.asn
                fe.write(json.dumps(o, ensure_ascii=False, separators=(",", ":")) + "\n")
                fl.write("%d,%s,%s\n" % (ln, actor, camp))
                camp_lines[(actor, camp)] = camp_lines.get((actor, camp), 0) + 1
                if actor == "attacker":
                    n_att += 1
                    att_users[nu] = True
                    if ok:
                        comp[nu] = True
                elif ok and cred is not None:
                    honest_ok_creds.setdefault(nu, []).append(cred)
        with open(os.path.join(out, "combos.txt"), "w", encoding="utf-8", newline="\n") as f:
            for i, (u, p) in enumerate(self.combos):
                f.write("%s:%s\n" % (u, p))
                if i % 9973 == 500:
                    f.write("\n")
            f.write("corrupted-line-without-separator\n")
        with open(os.path.join(out, "passwords.txt"), "w", encoding="utf-8", newline="\n") as f:
            for p in COMMON:
                f.write(p + "\n")
        truth = sorted(comp, key=lambda s: s.encode("utf-8"))
        with open(os.path.join(out, "truth.csv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("user\n")
            for u in truth:
                f.write(u + "\n")
        combo_creds = set(self.fp.cred(u, p) for (u, p) in self.combos)
        users = {}
        for a in self.accts:
            users[a.norm] = a
        for nu in att_users:
            users.setdefault(nu, None)
        for e in self.ev:
            users.setdefault(e[12], None)
        att_creds = {}
        for e in self.ev:
            if e[10] == "attacker" and e[7] is not None:
                att_creds.setdefault(e[12], set()).add(e[7])
        label_count = {}
        active = set(e[12] for e in self.ev if e[10] == "honest")
        with open(os.path.join(out, "labels.csv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("user,label,scenario\n")
            for nu in sorted(users, key=lambda s: s.encode("utf-8")):
                a = users[nu]
                tags = list(a.tags) if a is not None else ["nonexistent"]
                if a is not None and a.kind == "employee" and not tags:
                    tags = ["employee"]
                leaked_ok = [c for c in honest_ok_creds.get(nu, ()) if c in combo_creds]
                if nu in comp:
                    lab = "compromised"
                elif leaked_ok and not any(c in att_creds.get(nu, ()) for c in leaked_ok):
                    lab = "exposed"
                elif nu in att_users:
                    lab = "targeted"
                else:
                    lab = "benign"
                tags += ["atk:" + c for c in self.attack_tags.get(nu, [])]
                scen = "+".join(sorted(set(tags)))
                f.write("%s,%s,%s\n" % (csv_field(nu), lab, csv_field(scen)))
                label_count[lab] = label_count.get(lab, 0) + 1
        n_active = sum(1 for a in self.accts if a.norm in active)
        meta = {
            "generator": VERSION, "seed": self.seed, "profile": self.pname, "accounts": self.n,
            "key_id": hashlib.sha256(b"gen10-key-id\x00" + self.fp.key).hexdigest()[:16],
            "day": "2026-11-18", "lines": len(evs), "honest_lines": len(evs) - n_att, "attacker_lines": n_att,
            "directory_accounts": len(self.accts), "active_accounts": n_active,
            "compromised": len(truth), "compromised_pct_of_active": round(100.0 * len(truth) / max(1, n_active), 3),
            "labels": dict(sorted(label_count.items())),
            "combos_lines": len(self.combos), "passwords_lines": len(COMMON), "private_pairs": len(self.private),
            "distinct_ips": len(set(e[4].ip for e in self.ev)),
            "campaign_lines": {"%s/%s" % k: v for k, v in sorted(camp_lines.items())},
            "residential_proxy_ips": self.stats.get("resi_ips", 0),
            "compromised_by_first_campaign": dict(sorted(
                ((c, sum(1 for v in self.owned.values() if v[2] == c)) for c in set(v[2] for v in self.owned.values())))),
        }
        with open(os.path.join(out, "meta.json"), "w", encoding="utf-8", newline="\n") as f:
            f.write(json.dumps(meta, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
        return meta


def csv_field(s):
    if any(c in s for c in ",\"\n\r"):
        return '"' + s.replace('"', '""') + '"'
    return s


def generate(seed, n, pname, key, out):
    w = World(seed, n, pname, key)
    w.run()
    return w.write(out)


# --------------------------------------------------------------------------
# self test
# --------------------------------------------------------------------------

def read_csv_rows(path):
    import csv
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def verify_dir(d, key=DEMO_KEY):
    """Consistency of truth.csv / labels.csv / event_labels.csv with events.jsonl."""
    errs = []
    fp = Fingerprinter(key)
    lines = open(os.path.join(d, "events.jsonl"), encoding="utf-8").read().splitlines()
    lab = read_csv_rows(os.path.join(d, "event_labels.csv"))
    if lab[0] != ["line", "actor", "campaign"] or len(lab) - 1 != len(lines):
        errs.append("event_labels.csv does not cover events.jsonl line for line")
    att, comp, honest_ok, att_creds = set(), set(), {}, {}
    hexd = set("0123456789abcdef")
    for i, (l, row) in enumerate(zip(lines, lab[1:]), 1):
        o = json.loads(l)
        if int(row[0]) != i or row[1] not in ("honest", "attacker") or not row[2]:
            errs.append("bad label row %d" % i)
            break
        if not isinstance(o["ok"], bool) or not o["user"] or not o["ip"]:
            errs.append("bad event line %d" % i)
            break
        ipaddress.ip_address(o["ip"])
        for f in ("cred", "pw"):
            if f in o and (len(o[f]) != 16 or not set(o[f]) <= hexd):
                errs.append("bad %s on line %d" % (f, i))
        if o["ok"] != (o["err"] == 0):
            errs.append("ok/err mismatch line %d" % i)
        nu = norm(o["user"])
        if row[1] == "attacker":
            att.add(nu)
            if "cred" in o:
                att_creds.setdefault(nu, set()).add(o["cred"])
            if o["ok"]:
                comp.add(nu)
                if "cred" not in o:
                    errs.append("attacker success without fingerprint line %d" % i)
        elif o["ok"] and "cred" in o:
            honest_ok.setdefault(nu, set()).add(o["cred"])
    truth = [r[0] for r in read_csv_rows(os.path.join(d, "truth.csv"))]
    if truth[0] != "user":
        errs.append("truth.csv header")
    truth = truth[1:]
    if truth != sorted(truth, key=lambda s: s.encode("utf-8")) or len(set(truth)) != len(truth):
        errs.append("truth.csv not sorted/unique")
    if set(truth) != comp:
        errs.append("truth.csv != accounts with attacker ok=true lines (%d vs %d)" % (len(truth), len(comp)))
    combo_creds = set()
    with open(os.path.join(d, "combos.txt"), encoding="utf-8") as f:
        for l in f:
            l = l.rstrip("\n")
            if ":" in l:
                u, p = l.split(":", 1)
                combo_creds.add(fp.cred(u, p))
    labels = read_csv_rows(os.path.join(d, "labels.csv"))
    seen = set()
    for r in labels[1:]:
        u, lb = r[0], r[1]
        seen.add(u)
        leaked_ok = honest_ok.get(u, set()) & combo_creds
        want = "compromised" if u in comp else \
            "exposed" if leaked_ok and not (leaked_ok & att_creds.get(u, set())) else \
            "targeted" if u in att else "benign"
        if lb != want:
            errs.append("label of %s is %s, expected %s" % (u, lb, want))
            break
    if not (att <= seen):
        errs.append("labels.csv misses attacked accounts")
    return errs


def selftest():
    ok = True
    for key, user, pw, c, p in TEST_VECTORS:
        f = Fingerprinter(key)
        if f.cred(user, pw) != c or f.pw(pw) != p:
            print("FAIL vector %r %r: %s %s" % (user, pw, f.cred(user, pw), f.pw(pw)))
            ok = False
    print("test vectors: %s" % ("ok" if ok else "FAILED"))
    tmp = tempfile.mkdtemp(prefix="gen10-selftest-")
    try:
        files = ["events.jsonl", "combos.txt", "passwords.txt", "truth.csv", "labels.csv", "event_labels.csv", "meta.json"]
        for pname in PROFILE_NAMES:
            a, b = os.path.join(tmp, pname + "-a"), os.path.join(tmp, pname + "-b")
            generate(7, 600, pname, DEMO_KEY, a)
            generate(7, 600, pname, DEMO_KEY, b)
            same = all(open(os.path.join(a, f), "rb").read() == open(os.path.join(b, f), "rb").read() for f in files)
            errs = verify_dir(a)
            print("profile %-9s determinism(in-process): %s  consistency: %s" % (
                pname, "ok" if same else "FAILED", "ok" if not errs else "; ".join(errs[:3])))
            ok = ok and same and not errs
        # across processes with different hash seeds
        outs = []
        for hs in ("0", "4242"):
            o = os.path.join(tmp, "hs" + hs)
            env = dict(os.environ, PYTHONHASHSEED=hs)
            subprocess.run([sys.executable, os.path.abspath(__file__), "--seed", "7", "--accounts", "600",
                            "--profile", "mixed", "--out", o], env=env, check=True, stdout=subprocess.DEVNULL)
            outs.append(o)
        same = all(open(os.path.join(outs[0], f), "rb").read() == open(os.path.join(outs[1], f), "rb").read() ==
                   open(os.path.join(tmp, "mixed-a", f), "rb").read() for f in files)
        print("determinism across PYTHONHASHSEED: %s" % ("ok" if same else "FAILED"))
        ok = ok and same
        # another key changes fingerprints only
        k = os.path.join(tmp, "key")
        generate(7, 600, "mixed", "s3cr3t-pepper", k)
        errs = verify_dir(k, "s3cr3t-pepper")
        diff = open(os.path.join(k, "events.jsonl"), "rb").read() != open(os.path.join(tmp, "mixed-a", "events.jsonl"), "rb").read()
        same_truth = open(os.path.join(k, "truth.csv"), "rb").read() == open(os.path.join(tmp, "mixed-a", "truth.csv"), "rb").read()
        print("--key: %s" % ("ok" if (not errs and diff and same_truth) else "FAILED " + "; ".join(errs[:3])))
        ok = ok and not errs and diff and same_truth
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    n_pass = 1 if ok else 0
    print("%d passed, %d failed" % (n_pass, 1 - n_pass))
    return 0 if ok else 1


def main(argv=None):
    ap = argparse.ArgumentParser(description="gen10: labelled synthetic cloud-office IdP sign-in log")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--accounts", type=int, default=5000)
    ap.add_argument("--profile", default="mixed", choices=PROFILE_NAMES)
    ap.add_argument("--out")
    ap.add_argument("--key", default=DEMO_KEY, help="fingerprint key (default: the demo key)")
    ap.add_argument("--selftest", action="store_true")
    a = ap.parse_args(argv)
    if a.selftest:
        return selftest()
    if not a.out:
        ap.error("--out is required")
    if a.accounts < 200:
        ap.error("--accounts must be at least 200")
    meta = generate(a.seed, a.accounts, a.profile, a.key, a.out)
    print("%s: %d lines (%d attacker), %d compromised of %d active accounts (%.2f%%)" % (
        a.out, meta["lines"], meta["attacker_lines"], meta["compromised"], meta["active_accounts"],
        meta["compromised_pct_of_active"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
