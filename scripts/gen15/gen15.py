#!/usr/bin/env python3
"""gen15: one day of login logs of a worldwide, mostly-mobile social network ("Chirp").

Synthetic test data for a credential-stuffing detector, written only from the interface
contract (SPEC sections 1-4). Python 3 standard library only. See README.md.

    python3 gen15.py --seed S --accounts N --profile PROFILE --out DIR [--key KEY]
    python3 gen15.py --selftest
"""
import argparse
import datetime
import hashlib
import heapq
import hmac
import ipaddress
import json
import os
import random
import subprocess
import sys
import tempfile
import time

DEFAULT_KEY = "credsieve-demo-key"
DAY = 86400.0
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
DAY0 = datetime.datetime(2026, 11, 20, tzinfo=datetime.timezone.utc)   # a Friday
DAY0_US = int((DAY0 - EPOCH).total_seconds()) * 1000000
SERVERS = ["web", "app-am", "app-emea", "app-apac", "api"]
SERVER_IDX = {s: i for i, s in enumerate(SERVERS)}

# ============================================================== fingerprints (SPEC 2)


def norm(u):
    return u.strip().lower()


class FP:
    def __init__(self, key):
        self.key = key.encode("utf-8") if isinstance(key, str) else key
        self._pw = {}
        self._cred = {}

    def cred(self, user, pw):
        k = (norm(user), pw)
        r = self._cred.get(k)
        if r is None:
            m = b"c1\x00" + k[0].encode("utf-8") + b"\x00" + pw.encode("utf-8")
            r = hmac.new(self.key, m, hashlib.sha256).hexdigest()[:16]
            self._cred[k] = r
        return r

    def pw(self, pw):
        r = self._pw.get(pw)
        if r is None:
            s = hashlib.sha1(pw.encode("utf-8")).hexdigest().upper()
            r = hmac.new(self.key, b"p1\x00" + s.encode("ascii"), hashlib.sha256).hexdigest()[:16]
            self._pw[pw] = r
        return r


TEST_VECTORS = [
    ("credsieve-demo-key", "alice@example.com", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    ("credsieve-demo-key", "  Alice@Example.COM ", "hunter2", "b91a880d37beded5", "3e324ff24a43a84f"),
    ("credsieve-demo-key", "bob", "correct horse battery staple", "b3c4edfb71b95783", "379b91546fb38da0"),
    ("credsieve-demo-key", "Ünïcode@例え.jp", "pässwörd:with:colons", "b00485ee34fad31d", "acadac23153ab923"),
    ("s3cr3t-pepper", "alice@example.com", "hunter2", "57cab7f6c60a4041", "a82468d22c5531ab"),
    ("s3cr3t-pepper", "bob", "correct horse battery staple", "f4be313772448b6f", "6e7632ab9a186ca4"),
]

# Python's str.strip().lower() and Rust's trim().to_lowercase() agree on this subset.
_BAD_CHARS = set("ßİıſΣςϐϑϕϖϰϱϵẞ\u212a\u2126\u212b")


def _safe_char(c):
    o = ord(c)
    if o < 0x80:
        return 0x20 < o < 0x7F
    if c in _BAD_CHARS:
        return False
    if (0xC0 <= o <= 0x24F or 0x400 <= o <= 0x4FF or 0x1E00 <= o <= 0x1EFF
            or 0x3040 <= o <= 0x30FF or 0x4E00 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7A3):
        return len(c.lower()) == 1
    return False


def norm_safe(typed):
    core = typed.strip(" ")
    if not core or core != typed.strip():
        return False
    return all(_safe_char(c) for c in core)


# ============================================================== world data

REGIONS = {
    "na-east": dict(tz=-5.0, w=13, gw="am", v6=0.55, ios=0.55, cafe=0.0, v6base="na", cc=["1"],
                    dom=["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com", "comcast.net"],
                    first=["james", "mary", "michael", "jennifer", "david", "ashley", "chris", "jessica", "tyler",
                           "brittany", "marcus", "keisha", "kevin", "amanda", "ryan", "nicole", "jamal", "megan"],
                    last=["smith", "johnson", "williams", "brown", "jones", "miller", "davis", "wilson", "moore",
                          "taylor", "jackson", "white", "harris", "clark", "robinson", "walker"],
                    words=["yankees", "eagles", "brooklyn", "jordan", "cowboys", "hockey", "patriots", "jersey"],
                    uni=[("zoë", "adams"), ("andré", "lópez"), ("chloé", "martin")]),
    "na-west": dict(tz=-8.0, w=6, gw="am", v6=0.55, ios=0.6, cafe=0.0, v6base="na", cc=["1"],
                    dom=["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "sbcglobal.net", "hotmail.com"],
                    first=["jose", "emily", "daniel", "sarah", "kyle", "lauren", "brandon", "hannah", "austin",
                           "sofia", "kenji", "priya", "diego", "madison"],
                    last=["garcia", "martinez", "lee", "nguyen", "kim", "anderson", "thomas", "hernandez", "lopez",
                          "young", "chen", "wong"],
                    words=["lakers", "surfing", "warriors", "california", "dodgers", "sunset", "seahawks"],
                    uni=[("josé", "peña"), ("renée", "dubois")]),
    "latam": dict(tz=-3.0, w=10, gw="am", v6=0.35, ios=0.2, cafe=0.05, v6base="lat", cc=["55", "54", "57"],
                  dom=["gmail.com", "hotmail.com", "yahoo.com.br", "uol.com.br", "bol.com.br", "outlook.com",
                       "terra.com.br", "yahoo.com.ar"],
                  first=["maria", "pedro", "ana", "lucas", "julia", "gabriel", "beatriz", "matheus", "larissa",
                         "rafael", "camila", "santiago", "valentina", "thiago"],
                  last=["silva", "santos", "oliveira", "souza", "lima", "pereira", "costa", "ferreira", "almeida",
                        "rodriguez", "gomez", "fernandez"],
                  words=["flamengo", "corinthians", "futebol", "brasil", "amor", "palmeiras", "gremio", "boca"],
                  uni=[("joão", "gonçalves"), ("begoña", "ibáñez"), ("sebastián", "muñoz"), ("conceição", "araújo")]),
    "europe-w": dict(tz=1.0, w=13, gw="emea", v6=0.45, ios=0.45, cafe=0.0, v6base="eu",
                     cc=["49", "33", "34", "39", "31", "44"],
                     dom=["gmail.com", "gmx.de", "web.de", "orange.fr", "libero.it", "hotmail.fr", "t-online.de",
                          "outlook.com", "free.fr", "ziggo.nl", "btinternet.com", "hotmail.co.uk"],
                     first=["lukas", "sophie", "leon", "lea", "marco", "giulia", "hugo", "emma", "jan", "anna",
                            "alvaro", "lucia", "sven", "oliver", "amelia", "luca"],
                     last=["mueller", "schmidt", "martin", "bernard", "rossi", "bianchi", "garcia", "fernandez",
                           "dubois", "devries", "weber", "schneider", "jones", "evans"],
                     words=["bayern", "schalke", "marseille", "juventus", "barcelona", "schatz", "bonjour", "ciao",
                            "arsenal", "liverpool"],
                     uni=[("jürgen", "müller"), ("léa", "lefèvre"), ("björn", "großmann"), ("zoë", "øberg"),
                          ("łukasz", "wójcik"), ("chloé", "béranger")]),
    "europe-e": dict(tz=3.0, w=5, gw="emea", v6=0.2, ios=0.3, cafe=0.0, v6base="eu", cc=["7", "380", "48"],
                     dom=["mail.ru", "yandex.ru", "gmail.com", "ukr.net", "rambler.ru", "bk.ru", "wp.pl"],
                     first=["dmitry", "olga", "sergey", "natasha", "ivan", "elena", "alexei", "irina", "pavel",
                            "anastasia", "oksana", "andriy"],
                     last=["ivanov", "petrova", "smirnov", "kuznetsova", "popov", "sokolova", "volkov", "morozova",
                           "kovalenko", "nowak"],
                     words=["spartak", "zenit", "kotik", "solnce", "lubov", "dinamo", "shakhtar"],
                     uni=[("олег", "смирнов"), ("мария", "иванова"), ("дмитрий", "попов"), ("анна", "волкова"),
                          ("тарас", "шевченко")]),
    "africa": dict(tz=2.0, w=6, gw="emea", v6=0.15, ios=0.12, cafe=0.06, v6base="af", cc=["234", "254", "27", "233"],
                   dom=["gmail.com", "yahoo.com", "ymail.com", "outlook.com", "yahoo.co.uk"],
                   first=["chinedu", "amara", "tunde", "ngozi", "kwame", "wanjiru", "thabo", "fatima", "emeka",
                          "zainab", "kofi", "achieng"],
                   last=["okafor", "adeyemi", "mensah", "mwangi", "dlamini", "nwosu", "otieno", "bello", "okeke",
                         "boateng"],
                   words=["naija", "arsenal", "chelsea", "jesus", "blessing", "godisgood", "manutd", "lagos"],
                   uni=[]),
    "mideast": dict(tz=3.0, w=5, gw="emea", v6=0.3, ios=0.4, cafe=0.05, v6base="eu", cc=["971", "966", "90", "20"],
                    dom=["gmail.com", "hotmail.com", "yahoo.com", "outlook.com", "windowslive.com"],
                    first=["ahmed", "fatma", "mohammed", "aisha", "omar", "layla", "yusuf", "mehmet", "elif", "ali",
                           "nour", "khaled"],
                    last=["alrashid", "hassan", "yilmaz", "kaya", "khan", "saleh", "demir", "haddad", "ibrahim",
                          "celik"],
                    words=["galatasaray", "fenerbahce", "habibi", "dubai", "falcon", "cairo", "ahly"],
                    uni=[("şule", "öztürk"), ("gökhan", "çelik"), ("ayşe", "yıldız")]),
    "india": dict(tz=5.5, w=15, gw="apac", v6=0.7, ios=0.08, cafe=0.06, v6base="ap", cc=["91"],
                  dom=["gmail.com", "yahoo.co.in", "rediffmail.com", "outlook.com", "hotmail.com", "yahoo.in"],
                  first=["rahul", "priya", "amit", "sneha", "arjun", "pooja", "vikram", "ananya", "rohit", "neha",
                         "sanjay", "divya", "karthik", "lakshmi", "aditya", "ishita"],
                  last=["sharma", "patel", "singh", "kumar", "gupta", "reddy", "iyer", "das", "nair", "mehta",
                        "joshi", "rao"],
                  words=["cricket", "mumbai", "india", "sachin", "dhoni", "krishna", "ganesh", "bollywood", "kohli"],
                  uni=[]),
    "sea": dict(tz=7.0, w=11, gw="apac", v6=0.35, ios=0.2, cafe=0.07, v6base="ap", cc=["62", "63", "84", "66"],
                dom=["gmail.com", "yahoo.com", "ymail.com", "outlook.com", "yahoo.com.ph"],
                first=["budi", "siti", "minh", "putri", "andi", "dewi", "juan", "maria", "somchai", "anh", "rizal",
                       "nurul"],
                last=["santoso", "wijaya", "reyes", "cruz", "tran", "pham", "saputra", "delacruz", "le", "bautista"],
                words=["sayang", "mahal", "bangkok", "manila", "jakarta", "saigon", "cinta"],
                uni=[("thảo", "nguyễn"), ("đức", "trần"), ("hương", "phạm")]),
    "eastasia": dict(tz=9.0, w=8, gw="apac", v6=0.5, ios=0.6, cafe=0.0, v6base="ap", cc=["81", "82"],
                     dom=["gmail.com", "yahoo.co.jp", "naver.com", "docomo.ne.jp", "icloud.com", "daum.net"],
                     first=["haruto", "yui", "sota", "hina", "minjun", "jiwoo", "ren", "sakura", "yuna", "seojun",
                            "takumi", "mei"],
                     last=["sato", "suzuki", "takahashi", "tanaka", "kim", "lee", "park", "choi", "watanabe", "ito"],
                     words=["sakura", "tokyo", "pikachu", "naruto", "kpop", "onepiece", "totoro", "seoul"],
                     uni=[("さくら", None), ("はると", None), ("ゆい", None), ("みさき", None), ("東京", None)]),
    "oceania": dict(tz=11.0, w=3, gw="apac", v6=0.35, ios=0.55, cafe=0.0, v6base="ap", cc=["61", "64"],
                    dom=["gmail.com", "bigpond.com", "outlook.com", "optusnet.com.au", "icloud.com", "xtra.co.nz"],
                    first=["jack", "olivia", "noah", "charlotte", "liam", "isla", "william", "mia", "cooper",
                           "ruby"],
                    last=["wilson", "thompson", "walker", "white", "martin", "king", "wright", "campbell"],
                    words=["footy", "aussie", "kangaroo", "melbourne", "sydney", "allblacks", "bondi"],
                    uni=[]),
}
REGION_NAMES = list(REGIONS)
REGION_W = [REGIONS[r]["w"] for r in REGION_NAMES]
V6BASE = {"na": list(range(0x2600, 0x2610)), "lat": [0x2800, 0x2801, 0x2803, 0x2804, 0x2806],
          "eu": list(range(0x2a00, 0x2a10)), "af": list(range(0x2c00, 0x2c10)), "ap": list(range(0x2400, 0x2410))}
# Diurnal curve: relative session rate per local hour (a social network peaks in the evening).
DIURNAL = [2.4, 1.4, 0.8, 0.5, 0.4, 0.6, 1.3, 2.6, 3.3, 3.0, 2.8, 3.0, 3.6, 3.4, 3.0, 2.9, 3.1, 3.4, 3.9, 4.5,
           5.0, 5.1, 4.6, 3.5]

COMMON_WORDS = ["love", "angel", "baby", "princess", "lover", "jordan", "daniel", "soccer", "dragon", "monkey",
                "shadow", "master", "summer", "sunshine", "flower", "tigger", "pokemon", "naruto", "football",
                "liverpool", "chelsea", "arsenal", "cookie", "family", "jesus", "blessed", "hello", "welcome",
                "charlie", "buster", "pepper", "ginger", "maggie", "hunter", "killer", "ninja", "mickey",
                "superman", "batman", "spiderman", "samsung", "iphone", "computer", "michael", "jessica", "ashley",
                "nicole", "matthew", "andrew", "joshua", "thomas", "robert", "william", "anna", "maria", "sophie",
                "alex", "sarah", "lucky", "happy", "smile", "honey", "sweet", "money", "star", "apple", "orange",
                "banana", "cheese", "chicken", "purple", "yellow", "silver", "golden", "diamond", "forever",
                "mylove", "freedom", "whatever", "secret", "music", "dance", "rocky", "tiger", "lion", "eagle",
                "butterfly", "rainbow", "chocolate", "peanut", "bubbles", "sparkle", "snoopy", "winnie", "kitty",
                "puppy", "daddy", "mommy", "jasmine", "cricket", "india", "brasil", "mexico", "london", "paris"]
PW_SUFFIXES = ["1", "123", "12", "!", "2024", "2025", "01", "11", "2026", "13", "22", "69", "1!", "99", "007",
               "123!", "2023", "10", "21", "7", "77", "88", "00", "2000", "1234", "2020", "@123", "#1"]
TOP_PASSWORDS = """123456 password 123456789 12345678 12345 qwerty 1234567 111111 1234567890 123123 abc123 1234
password1 iloveyou 1q2w3e4r 000000 qwerty123 zaq12wsx dragon sunshine princess letmein 654321 monkey 27653
1qaz2wsx 123321 qwertyuiop superman asdfghjkl football baseball welcome 666666 admin master hello freedom whatever
qazwsx trustno1 112233 987654321 michael shadow ashley jessica charlie 123qwe 1q2w3e 7777777 121212 555555 lovely
888888 123654 flower passw0rd donald jordan23 harley hunter 696969 batman andrew tigger soccer killer pepper joshua
buster 1111 ginger summer loveme 159753 nicole daniel starwars computer michelle maggie chocolate matrix 11111111
anthony access 987654 liverpool aa123456 jennifer 131313 hannah iloveyou1 chelsea 123abc samsung google azerty
1qazxsw2 zxcvbnm asdf1234 qwe123 a123456 123456a mustang hockey ranger 123456789a 00000000 pokemon naruto
princess1 babygirl angel football1 monkey1 lovelove 1234qwer Password Password1 Password1! Welcome1 Welcome1!
Qwerty123 Qwerty123! P@ssw0rd p@ssw0rd letmein1 test123 secret 12341234 11223344 q1w2e3r4 qwer1234 abcd1234
1234abcd senha123 contraseña passwort motdepasse password123 iloveu cricket india123 sakura 147258369 159357
789456123 741852963 1234554321 qwerty12345 asdfgh zxcvbn qweasdzxc 1q2w3e4r5t qwertyu 12qwaszx 987654321a
abcdef 123456789q 11111 222222 999999 123456q q123456 asd123 zxc123 iloveyou2 princesa teamo 123mudar
mudar123 gfhjkm parola ciao123 hallo123 schatz azertyuiop soleil loulou doudou marseille 5201314 woaini1314
a1b2c3 qwerty1 1234567a""".split()
SPRAY_POOL = ["Password1!", "Winter2026!", "Chirp2026!", "123456789", "Qwerty123!", "November2026", "Welcome1!",
              "Autumn2026", "Fall2026!", "Password123"]
SEASONAL = ["Winter2026!", "Autumn2026", "Fall2026!", "November2026", "Chirp2026!", "Chirp123", "Summer2026!",
            "Spring2026", "Password1!", "Welcome1!", "Qwerty123!", "Password123"]
UNI_PW_WORDS = ["pässwort", "contraseña", "пароль", "sécurité", "mậtkhẩu", "パスワード", "şifre", "hasło",
                "любовь", "açúcar", "schöneswetter", "niño"]
GENERIC_WORDS = ["river", "coffee", "pizza", "guitar", "summer", "winter", "ocean", "mango", "panda", "rocket",
                 "pixel", "bubble", "cactus", "falcon", "marble", "velvet", "thunder", "meadow", "pepper", "cobalt",
                 "maple", "saturn", "nova", "lemon", "koala", "tango", "violet", "shadow", "canyon", "ember",
                 "harbor", "orbit", "zebra", "willow", "comet", "sparrow", "walnut", "cherry", "blue", "storm"]
BRAND_A = ["lumiere", "urban", "golden", "blue", "little", "green", "happy", "wild", "north", "sunny", "velvet",
           "maple", "coastal", "fresh", "bright", "silver", "modern", "cozy", "bold", "pure"]
BRAND_B = ["cafe", "threads", "bakery", "fitness", "studio", "garden", "kitchen", "beauty", "books", "yoga",
           "coffee", "design", "pets", "travel", "motors", "dental", "salon", "brewing", "records", "media"]
BRAND_C = ["", "_official", "hq", "shop", "_co", ".store", "_ng", "_in", "_br", "_uk", "official", "world"]
CELEB_NAMES = ["realnovaquinn", "djkatsu_official", "marcusvale", "ayaan.sings", "lunaricci", "theoblaze_",
               "kemi.adeyemi.official", "minji.star", "carlosrey10", "sashafitness"]

IOS_DEV = ["iPhone14,2", "iPhone14,5", "iPhone15,2", "iPhone15,4", "iPhone16,1", "iPhone16,2", "iPhone13,2",
           "iPhone12,1", "iPhone17,1", "iPhone14,7"]
IOS_VER = ["18.1", "18.0.1", "17.6.1", "17.5", "16.7.10", "18.1.1", "17.7"]
AND_DEV = ["SM-S918B", "SM-A546E", "SM-A155F", "Pixel 8", "Pixel 7a", "RMX3771", "CPH2581", "2201117TG",
           "moto g54 5G", "V2303", "SM-M146B", "TECNO KI5k", "Infinix X6831", "SM-A057F", "23108RN04Y"]
AND_VER = ["14", "13", "12", "15", "11"]
APP_VERS = [("412.3.0", 50), ("412.2.1", 18), ("411.0.2", 12), ("410.5.0", 8), ("405.1.0", 5), ("398.7.1", 3)]
BUGGY_VER = "409.2.0"
BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36 OPR/114.0.0.0",
    "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36",
]
MOBILE_BROWSERS = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; U; Android 12; en-US; RMX3630 Build/SP1A.210812.016) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/123.0.6312.80 UCBrowser/13.7.0.1322 Mobile Safari/537.36",
]
NAIVE_UAS = ["python-requests/2.31.0", "Go-http-client/2.0", "okhttp/4.12.0", "curl/8.5.0", "Mozilla/5.0",
             "axios/1.6.7", "Python-urllib/3.10", "Java/17.0.9", None]

# ============================================================== profiles

BASE = dict(
    active=0.60, sess_p=0.45, desk=0.35, desk_share=0.25, mob6_mult=1.0, cgnat_per_ip=300,
    leak_old=0.35, leak_cur=0.05, nonusers=5.0,
    forgot=0.035, oldfirst=0.05, typo=0.04, caps=0.012, usertypo=0.008, stale_dev=0.012, proactive=0.01,
    buggy=0.03, vpn=0.04, travel=0.02, cafe=0.05, corp=0.12, campus=(0.07, 0.04), bigcorp=0.08,
    agencies=1.2, brands=0.03, sched_brands=0.5, sched_persons=0.015,
    stuff=dict(hosting=0.10, botnet=0.12, resi=0.08, slow=0.03, v6=0.03, mobile=0.0, checker=0.03),
    hosting_waves=2, resi_cgnat=0.2, resi_honest=0.03, v6_mobile=False,
    spray_pw=3, spray_cov=0.35, brute=3, celeb_weak=0.75, phish=0.003, abuse=0.35, pwchange=0.3,
)
PROFILES = {
    "mixed": dict(),
    "leakday": dict(active=0.68, leak_old=0.45, leak_cur=0.12, nonusers=6.0, oldfirst=0.10, stale_dev=0.025,
                    proactive=0.10, forgot=0.045,
                    stuff=dict(hosting=0.20, botnet=0.20, resi=0.12, slow=0.05, v6=0.04, mobile=0.04, checker=0.07),
                    hosting_waves=4, abuse=0.4),
    "mobile": dict(desk=0.10, desk_share=0.15, mob6_mult=1.5, corp=0.05, cafe=0.02, bigcorp=0.01,
                   stuff=dict(hosting=0.03, botnet=0.04, resi=0.08, slow=0.03, v6=0.03, mobile=0.22, checker=0.03),
                   hosting_waves=1, resi_cgnat=0.6, v6_mobile=True),
    "quiet": dict(active=0.80, sess_p=0.35,
                  stuff=dict(hosting=0.02, botnet=0.0, resi=0.02, slow=0.01, v6=0.0, mobile=0.0, checker=0.01),
                  hosting_waves=1, spray_pw=1, spray_cov=0.12, brute=1, celeb_weak=0.3, phish=0.001, abuse=0.3),
}


def profile_params(name):
    p = dict(BASE)
    p.update(PROFILES[name])
    return p


# ============================================================== small helpers


def pick(rng, items, weights):
    return rng.choices(items, weights)[0]


def v4s(n):
    return "%d.%d.%d.%d" % ((n >> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255)


def v6s(p64, iid):
    return str(ipaddress.IPv6Address((p64 << 64) | iid))


def java_v6(ip):
    n = int(ipaddress.IPv6Address(ip))
    return ":".join("%x" % ((n >> (16 * (7 - i))) & 0xFFFF) for i in range(8))


def near_miss(rng, pw):
    for _ in range(20):
        r = rng.random()
        if len(pw) < 2:
            c = pw + rng.choice("1a!")
        elif r < 0.3:
            i = rng.randrange(len(pw))
            c = pw[:i] + pw[i + 1:]
        elif r < 0.5:
            i = rng.randrange(len(pw))
            c = pw[:i] + pw[i] + pw[i:]
        elif r < 0.7:
            i = rng.randrange(len(pw) - 1)
            c = pw[:i] + pw[i + 1] + pw[i] + pw[i + 2:]
        elif r < 0.85:
            i = rng.randrange(len(pw))
            c = pw[:i] + rng.choice("qwertyuiopasdfghjklzxcvbnm1234567890") + pw[i + 1:]
        else:
            c = pw[:-1] if pw[-1] in "!1." else pw + "!"
        if c != pw and c:
            return c
    return pw + "x"


def build_password_list():
    out, seen = [], set()

    def add(p):
        if p not in seen:
            seen.add(p)
            out.append(p)
    for p in TOP_PASSWORDS:
        add(p)
    scored = []
    for si, suf in enumerate(PW_SUFFIXES):
        for wi, w in enumerate(COMMON_WORDS):
            s = (wi + 6) * (si + 3)
            scored.append((s, w + suf))
            scored.append((s * 2.7, w.capitalize() + suf))
            if si < 6:
                scored.append((s * 6.0, w.upper() + suf))
    for y in range(1970, 2012):
        scored.append((300 + abs(1995 - y) * 40, str(y)))
        scored.append((900 + abs(1995 - y) * 60, "love" + str(y)))
    for i, w in enumerate(COMMON_WORDS):
        scored.append((500 + i * 30, w + w))
        scored.append((700 + i * 35, "my" + w))
        scored.append((800 + i * 40, w.replace("a", "@").replace("o", "0") + "1"))
    scored.sort(key=lambda x: (x[0], x[1]))
    for _, p in scored:
        add(p)
        if len(out) >= 3600:
            break
    return out


# ============================================================== world objects


class Account:
    __slots__ = ("login", "norm", "kind", "region", "cur", "known", "old", "leaked_old", "leaked_cur", "hh",
                 "carrier", "mob6", "v6p", "app_ua", "browser_ua", "desktop", "corp", "campus", "cafe", "vpn",
                 "travel", "autocap", "traits", "agency_pw", "sched_pw", "qa_pw", "atk_pw", "abuse_planned",
                 "abuse_dead", "brute_done", "active", "dorm")

    def __init__(self, login, kind, region):
        self.login = login
        self.norm = norm(login)
        self.kind = kind
        self.region = region
        self.old = []
        self.leaked_old = []
        self.leaked_cur = False
        self.hh = None
        self.carrier = None
        self.mob6 = False
        self.v6p = None
        self.app_ua = None
        self.browser_ua = None
        self.desktop = False
        self.corp = None
        self.campus = None
        self.cafe = None
        self.vpn = None
        self.travel = None
        self.autocap = False
        self.traits = set()
        self.agency_pw = None
        self.sched_pw = None
        self.qa_pw = None
        self.atk_pw = None
        self.abuse_planned = False
        self.abuse_dead = False
        self.brute_done = False
        self.active = False
        self.dorm = False


class Household:
    __slots__ = ("isp", "region", "v4a", "v4b", "change", "v6p", "tablet_ua", "members")


class Gen:
    def __init__(self, seed, n, profile, key):
        self.seed, self.N, self.profile = seed, n, profile
        self.P = profile_params(profile)
        self.fp = FP(key)
        self.seq = 0
        self.events = []
        self.items = {}
        self.used16 = set()
        self.used32 = set()
        self.used_v4 = set()
        self.norms = set()
        self.pwlist = build_password_list()
        self.pw_w = [1.0 / (i + 8) ** 0.9 for i in range(1500)]

    def rng(self, name):
        return random.Random("gen15|%s|%s|%d|%s" % (self.seed, self.profile, self.N, name))

    # ------------------------------------------------------------------ address space
    def new16(self, rng):
        while True:
            a = rng.randint(2, 223)
            if a in (10, 100, 127, 169, 172, 192, 198, 203):
                continue
            b = rng.randint(0, 255)
            if (a, b) not in self.used16:
                self.used16.add((a, b))
                return (a << 24) | (b << 16)

    def new32(self, rng, base):
        while True:
            h1 = rng.choice(V6BASE[base])
            h2 = rng.randint(0x0100, 0xFFFF)
            if (h1, h2) not in self.used32:
                self.used32.add((h1, h2))
                return (h1 << 16) | h2

    def addr_in(self, rng, blocks):
        while True:
            n = rng.choice(blocks) | (rng.randint(0, 255) << 8) | rng.randint(1, 254)
            if n not in self.used_v4:
                self.used_v4.add(n)
                return n

    # ------------------------------------------------------------------ build the world
    def build_networks(self):
        rng = self.rng("net")
        N = self.N
        self.isps = {}       # region -> list of (blocks, v6 /32 or None)
        self.carriers = {}   # region -> list of dict
        self.biz = {}        # region -> blocks for offices, cafes, hotels
        for r in REGION_NAMES:
            R = REGIONS[r]
            self.isps[r] = []
            for _ in range(3):
                blocks = [self.new16(rng) for _ in range(2)]
                v6 = self.new32(rng, R["v6base"]) if rng.random() < 0.8 else None
                self.isps[r].append(dict(blocks=blocks, v6=v6))
            self.carriers[r] = []
            for ci in range(2):
                self.carriers[r].append(dict(name="%s-mob%d" % (r, ci), region=r, block=self.new16(rng),
                                             v6=self.new32(rng, R["v6base"]), pool=[], users=0,
                                             share=(0.7, 0.3)[ci]))
            self.biz[r] = [self.new16(rng)]
        # hosting providers (clouds, VPS) -- used by attackers, monitors, schedulers, VPN exits
        hregs = ["na-east", "na-west", "europe-w", "europe-w", "sea", "eastasia", "india", "europe-e"]
        self.hosting = []
        for i, r in enumerate(hregs):
            self.hosting.append(dict(region=r, blocks=[self.new16(rng), self.new16(rng)],
                                     v6=self.new32(rng, REGIONS[r]["v6base"])))
        # commercial VPN providers: exits in hosting space, spread over regions
        self.vpns = []
        for i in range(3):
            exits = []
            for _ in range(rng.randint(8, 16)):
                h = rng.choice(self.hosting)
                exits.append((v4s(self.addr_in(rng, h["blocks"])), h["region"]))
            self.vpns.append(exits)
        # hotels / airports for travellers
        self.hotels = {r: [v4s(self.addr_in(rng, self.biz[r])) for _ in range(max(2, N // 1500))]
                       for r in REGION_NAMES}
        # internet cafes: 1 address, 1-3 shared PCs (fixed browser UAs)
        self.cafes = {}
        for r in REGION_NAMES:
            if REGIONS[r]["cafe"] > 0:
                self.cafes[r] = [(v4s(self.addr_in(rng, self.biz[r])),
                                  [rng.choice(BROWSERS[6:]) for _ in range(rng.randint(1, 3))])
                                 for _ in range(max(1, N // 1500))]
        # corporate proxies: one big corp, several small; campuses
        self.corps = []
        big_r = "na-east"
        self.corps.append(dict(name="bigcorp", region=big_r,
                               ips=[v4s(self.addr_in(rng, self.biz[big_r])) for _ in range(2)],
                               size=max(10, int(self.P["bigcorp"] * N)), members=[]))
        for i in range(max(2, N // 400)):
            r = pick(rng, REGION_NAMES, REGION_W)
            self.corps.append(dict(name="corp%d" % i, region=r,
                                   ips=[v4s(self.addr_in(rng, self.biz[r])) for _ in range(rng.randint(1, 2))],
                                   size=rng.randint(6, 40), members=[]))
        self.hq = v4s(self.addr_in(rng, self.biz["na-west"]))     # the network's own office (QA jobs)
        self.campuses = []
        for (r, frac) in zip(["india", "na-east"], self.P["campus"]):
            self.campuses.append(dict(region=r, ips=[v4s(self.addr_in(rng, self.biz[r])) for _ in range(2)],
                                      size=max(8, int(frac * N)), members=[]))

    def make_app_ua(self, rng, region, buggy=False, tablet=False):
        ver = BUGGY_VER if buggy else pick(rng, [v for v, _ in APP_VERS], [w for _, w in APP_VERS])
        ios = rng.random() < REGIONS[region]["ios"]
        if buggy:
            ios = False
        if tablet:
            if ios:
                return "Chirp/%s (iPad13,18; iPadOS %s)" % (ver, rng.choice(IOS_VER))
            return "Chirp/%s (Android %s; SM-X200)" % (ver, rng.choice(AND_VER))
        if ios:
            return "Chirp/%s (%s; iOS %s)" % (ver, rng.choice(IOS_DEV), rng.choice(IOS_VER))
        return "Chirp/%s (Android %s; %s)" % (ver, rng.choice(AND_VER), rng.choice(AND_DEV))

    def make_login(self, rng, region, kind="person"):
        R = REGIONS[region]
        for _ in range(200):
            if kind == "brand":
                s = rng.choice(BRAND_A) + rng.choice(["", "_", ""]) + rng.choice(BRAND_B) + rng.choice(BRAND_C)
                if rng.random() < 0.3:
                    s += str(rng.randint(1, 99))
            else:
                first, last = rng.choice(R["first"]), rng.choice(R["last"])
                uni = R["uni"] and rng.random() < 0.06
                k = rng.random()
                nn = str(rng.randint(1, 99))
                yy = str(rng.randint(1965, 2009))
                if uni:
                    f, l = rng.choice(R["uni"])
                    if l is None:
                        s = f + rng.choice(["_", "", "."]) + rng.choice([nn, yy, "chan", "xx"])
                    else:
                        s = rng.choice([f + "." + l, f + l + nn, f + "_" + l]) + "@" + rng.choice(R["dom"])
                elif k < 0.55:
                    local = rng.choice([first + "." + last, first + last + nn, first[0] + last, first + "_" + nn,
                                        first + "." + last + yy[2:], first + yy, last + "." + first])
                    dom = pick(rng, R["dom"], [6] + [1.5] * (len(R["dom"]) - 1))
                    s = local + "@" + dom
                elif k < 0.85:
                    w = rng.choice(R["words"] + GENERIC_WORDS)
                    s = rng.choice([first + "_" + last, first + nn, "the" + first, first + "." + w, w + "_" + first,
                                    first + last[:3] + nn, w + yy[2:], first + "x" + last, "its" + first + nn])
                else:
                    cc = rng.choice(R["cc"])
                    s = "+" + cc + rng.choice("6789") + "".join(rng.choice("0123456789") for _ in range(9 if len(cc) < 3 else 8))
            s = s.replace(" ", "")
            if norm(s) == s and norm_safe(s) and s not in self.norms:
                self.norms.add(s)
                return s
        raise RuntimeError("could not make a unique login")

    def common_pw(self, rng):
        return pick(rng, self.pwlist[:1500], self.pw_w)

    def personal_pw(self, rng, region, style=None):
        R = REGIONS[region]
        if style is None:
            style = pick(rng, ["common", "seasonal", "wordnum", "nameyear", "manager", "phrase", "unicode", "colon",
                               "mixed"], [9, 1.2, 38, 15, 16, 6, 3, 1, 10.8])
        if style == "common":
            return self.common_pw(rng)
        if style == "seasonal":
            return rng.choice(SEASONAL)
        if style == "wordnum":
            w = rng.choice(R["words"] + COMMON_WORDS[:60] + GENERIC_WORDS)
            if rng.random() < 0.4:
                w = w.capitalize()
            d = rng.choice([str(rng.randint(0, 99)), str(rng.randint(1960, 2026)), str(rng.randint(100, 9999))])
            return w + d + (rng.choice("!@#$.*") if rng.random() < 0.3 else "")
        if style == "nameyear":
            n = rng.choice(R["first"])
            if rng.random() < 0.5:
                n = n.capitalize()
            return n + rng.choice([str(rng.randint(1960, 2020)), "%02d%02d" % (rng.randint(1, 28), rng.randint(1, 12)),
                                   str(rng.randint(1, 31))]) + ("!" if rng.random() < 0.2 else "")
        if style == "manager":
            al = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#%&*+-?@"
            return "".join(rng.choice(al) for _ in range(rng.randint(14, 22)))
        if style == "phrase":
            ws = [rng.choice(GENERIC_WORDS) for _ in range(rng.randint(3, 4))]
            return rng.choice([" ", "-", "", "."]).join(ws) + (str(rng.randint(1, 9)) if rng.random() < 0.4 else "")
        if style == "unicode":
            return rng.choice(UNI_PW_WORDS) + str(rng.randint(1, 2026))
        if style == "colon":
            return "%s:%s:%d" % (rng.choice(GENERIC_WORDS), rng.choice(COMMON_WORDS), rng.randint(1, 99))
        s = rng.choice(GENERIC_WORDS + R["words"])
        return s[:1].upper() + s[1:] + rng.choice(["_", ".", "#", "$"]) + str(rng.randint(10, 999))

    def new_password(self, rng, a):
        for _ in range(50):
            p = self.personal_pw(rng, a.region, pick(rng, ["wordnum", "manager", "phrase", "nameyear", "mixed"],
                                                     [35, 30, 10, 10, 15]))
            if p != a.cur and p not in a.old:
                if a.cur is not None:
                    a.old.append(a.cur)
                return p
        return "Reset-%08x" % rng.getrandbits(32)

    def old_variant(self, rng, a):
        cur = a.cur
        digits = "".join(c for c in cur if c.isdigit())
        if digits and rng.random() < 0.5:
            i = cur.rfind(digits[-1])
            return cur[:i] + str((int(cur[i]) + rng.randint(1, 8)) % 10) + cur[i + 1:]
        return self.personal_pw(rng, a.region)

    def build_accounts(self):
        rng = self.rng("accounts")
        P, N = self.P, self.N
        n_tests = 6 + N // 1000
        n_qa = 12 + N // 250
        n_celeb = 3 + N // 5000
        n_brand = max(8, int(P["brands"] * N))
        n_person = max(20, N - n_tests - n_qa - n_celeb - n_brand)
        self.accounts = []
        self.persons, self.brands, self.celebs, self.tests, self.qas = [], [], [], [], []
        self.households = []
        # persons and brands, in households (a brand is run by one person-like owner)
        todo = [("person", n_person), ("brand", n_brand)]
        for kind, count in todo:
            made = 0
            while made < count:
                region = pick(rng, REGION_NAMES, REGION_W)
                size = 1 if kind == "brand" else min(count - made, pick(rng, [1, 2, 3, 4], [45, 25, 20, 10]))
                hh = Household()
                hh.region = region
                hh.isp = rng.choice(self.isps[region])
                hh.v4a = v4s(self.addr_in(rng, hh.isp["blocks"]))
                hh.v4b = v4s(self.addr_in(rng, hh.isp["blocks"])) if rng.random() < 0.2 else None
                hh.change = rng.uniform(0, DAY)
                hh.v6p = ((hh.isp["v6"] << 32) | (rng.getrandbits(24) << 8)) if (hh.isp["v6"] and rng.random() < 0.45) else None
                hh.tablet_ua = None
                hh.members = []
                self.households.append(hh)
                for _ in range(size):
                    a = Account(self.make_login(rng, region, kind), kind, region)
                    self.setup_person(rng, a, hh)
                    hh.members.append(a)
                    (self.persons if kind == "person" else self.brands).append(a)
                    made += 1
        # celebrities: verified, high value; brute-force targets
        weak_i = rng.randrange(min(n_celeb, max(1, P["brute"]))) if rng.random() < P["celeb_weak"] else -1
        for i in range(n_celeb):
            region = pick(rng, REGION_NAMES, REGION_W)
            login = CELEB_NAMES[i % len(CELEB_NAMES)] + ("" if i < len(CELEB_NAMES) else str(i))
            self.norms.add(login)
            a = Account(login, "celeb", region)
            hh = Household()
            hh.region, hh.isp = region, rng.choice(self.isps[region])
            hh.v4a, hh.v4b, hh.change, hh.v6p, hh.tablet_ua = v4s(self.addr_in(rng, hh.isp["blocks"])), None, DAY, None, None
            hh.members = [a]
            self.setup_person(rng, a, hh)
            a.cur = self.pwlist[rng.randint(30, 140)] if i == weak_i else self.personal_pw(rng, region, "manager")
            a.known = a.cur
            a.traits.add("celebrity")
            if i == weak_i:
                a.traits.add("weak-password")
            self.celebs.append(a)
        for i in range(n_tests):
            a = Account("synthetic-check-%02d@chirp-ops.net" % (i + 1), "test", "na-west")
            a.cur = a.known = "Syn-%012x" % rng.getrandbits(48)
            a.traits.add("test-account")
            self.tests.append(a)
        for i in range(n_qa):
            a = Account("qa.runner+%03d@chirp-ops.net" % (i + 1), "test", "na-west")
            a.cur = a.known = "QA-%010x" % rng.getrandbits(40)
            a.qa_pw = a.cur
            a.traits.add("test-account")
            self.qas.append(a)
        self.qas[rng.randrange(len(self.qas))].qa_pw = "QA-stale-config-2025"
        for a in self.tests + self.qas:
            self.norms.add(a.norm)
        self.accounts = self.persons + self.brands + self.celebs + self.tests + self.qas
        self.by_norm = {a.norm: a for a in self.accounts}
        # memberships: campuses, corps
        for c in self.campuses:
            cands = [a for a in self.persons if a.region == c["region"] and a.campus is None and a.corp is None]
            rng.shuffle(cands)
            for a in cands[:c["size"]]:
                a.campus = c
                a.dorm = rng.random() < 0.5
                c["members"].append(a)
        for c in self.corps:
            regs = ("na-east", "na-west", "europe-w") if c["name"] == "bigcorp" else (c["region"],)
            cands = [a for a in self.persons if a.campus is None and a.corp is None and
                     (a.region in regs or rng.random() < 0.02)]
            rng.shuffle(cands)
            take = c["size"] if c["name"] == "bigcorp" else min(c["size"], int(len(cands) * P["corp"]) + 1)
            for a in cands[:take]:
                a.corp = c
                c["members"].append(a)
        # CGNAT pools, sized so that each public address serves ~cgnat_per_ip subscribers
        rngp = self.rng("pools")
        for r in REGION_NAMES:
            for c in self.carriers[r]:
                size = max(1, int(round(c["users"] / float(P["cgnat_per_ip"]))))
                base = c["block"] | (rngp.randint(0, 255) << 8)
                ds = rngp.sample(range(1, 255), size)
                c["pool"] = [v4s(base | d) for d in ds]

    def setup_person(self, rng, a, hh):
        P = self.P
        R = REGIONS[a.region]
        a.hh = hh
        a.carrier = pick(rng, self.carriers[a.region], [c["share"] for c in self.carriers[a.region]])
        a.mob6 = rng.random() < min(0.95, R["v6"] * P["mob6_mult"])
        if not a.mob6:
            a.carrier["users"] += 1
        a.v6p = (a.carrier["v6"] << 32) | rng.getrandbits(32)
        a.app_ua = self.make_app_ua(rng, a.region)
        a.desktop = rng.random() < P["desk"]
        a.browser_ua = rng.choice(BROWSERS)
        a.autocap = rng.random() < 0.08
        a.cur = self.personal_pw(rng, a.region)
        a.known = a.cur
        for _ in range(pick(rng, [0, 1, 2, 3], [30, 35, 25, 10])):
            o = self.old_variant(rng, a)
            if o != a.cur and o not in a.old:
                a.old.append(o)
        if a.kind == "person":
            if R["cafe"] > 0 and rng.random() < P["cafe"]:
                a.cafe = rng.choice(self.cafes[a.region])
            if rng.random() < P["vpn"]:
                a.vpn = rng.randrange(len(self.vpns))
            if rng.random() < P["travel"]:
                a.travel = rng.choice([r for r in REGION_NAMES if r != a.region])
        if any(ord(ch) > 127 for ch in a.login):
            a.traits.add("unicode")

    # ------------------------------------------------------------------ leaks
    def build_leaks(self):
        rng = self.rng("leaks")
        P = self.P
        combos = []

        def leak_user(a):
            u = a.login
            r = rng.random()
            if u.startswith("+") and r < 0.3:
                return u[1:]            # dumps often drop the '+': then it is not this account's login
            if "@" in u and r < 0.10:
                v = ".".join(p.capitalize() for p in u.split("."))
                return v if norm(v) == a.norm and norm_safe(v) else u
            if r > 0.985:
                v = u.upper()
                return v if norm(v) == a.norm and norm_safe(v) else u
            return u
        for a in self.persons + self.brands + self.celebs:
            f = 0.35 if a.kind == "brand" else (0.6 if a.login.startswith("+") else 1.0)
            if a.kind == "celeb":
                f = 0.3
            if rng.random() < P["leak_old"] * f:
                if not a.old:
                    a.old.append(self.old_variant(rng, a) if rng.random() < 0.5 else self.personal_pw(rng, a.region))
                    if a.old[-1] == a.cur:
                        a.old.pop()
                for o in rng.sample(a.old, min(len(a.old), pick(rng, [1, 2], [70, 30]))):
                    combos.append((leak_user(a), o))
                    a.leaked_old.append(o)
            if a.kind != "celeb" and rng.random() < P["leak_cur"] * f:
                combos.append((leak_user(a), a.cur))
                a.leaked_cur = True
        # identities that are not (or no longer) accounts on this network
        self.nonusers = []
        n_non = int(P["nonusers"] * self.N)
        for i in range(n_non):
            region = pick(rng, REGION_NAMES, REGION_W)
            u = self.make_login(rng, region)
            self.nonusers.append(u)
            for _ in range(pick(rng, [1, 2, 3], [55, 30, 15])):
                combos.append((u, self.personal_pw(rng, region)))
        rng.shuffle(combos)
        for _ in range(int(len(combos) * 0.02)):
            combos.insert(rng.randrange(len(combos)), combos[rng.randrange(len(combos))])
        self.combos = combos
        self.combo_pairs = set((norm(u), p) for u, p in combos)
        for a in self.accounts:
            if a.leaked_old:
                a.traits.add("leaked-old")
            if a.leaked_cur:
                a.traits.add("leaked-current")

    # ------------------------------------------------------------------ contexts
    # ctx = (ip, ua, chan, region, tag)
    def home_ip(self, rng, hh, t):
        if hh.v6p is not None and rng.random() < 0.7:
            return v6s(hh.v6p | rng.randrange(256), rng.getrandbits(64) | 1), "home"
        return (hh.v4b if (hh.v4b and t >= hh.change) else hh.v4a), "home"

    def mobile_ip(self, rng, a):
        if a.mob6:
            if rng.random() < 0.4:       # re-attach: new /64 from the carrier
                a.v6p = (a.carrier["v6"] << 32) | rng.getrandbits(32)
            return v6s(a.v6p, rng.getrandbits(64) | 1), "honest-mobile6"
        return rng.choice(a.carrier["pool"]), "honest-cgnat"

    def person_ctx(self, rng, a, t, device=None):
        R = REGIONS[a.region]
        lh = (t / 3600.0 + R["tz"]) % 24
        if device is None:
            device = "desktop" if (a.desktop and rng.random() < self.P["desk_share"]) else "phone"
        if device == "phone":
            ua, chan = a.app_ua, "app"
            if rng.random() < 0.07:
                ua, chan = rng.choice(MOBILE_BROWSERS), "web"
        else:
            ua, chan = a.browser_ua, "web"
        region = a.region
        work = 9 <= lh < 18
        evening = lh >= 18 or lh < 8
        if a.travel:
            r = rng.random()
            if r < 0.5:
                return (rng.choice(self.hotels[a.travel]), ua, chan, a.travel, "honest-travel")
            if device == "phone":
                ip, _ = self.mobile_ip(rng, a)       # home-routed roaming
                return (ip, ua, chan, a.region, "honest-travel")
            return (rng.choice(self.hotels[a.travel]), ua, chan, a.travel, "honest-travel")
        if a.vpn is not None and rng.random() < 0.6:
            ip, reg = rng.choice(self.vpns[a.vpn])
            return (ip, ua, chan, reg, "honest-vpn")
        if a.campus and (8 <= lh < 20 or a.dorm) and rng.random() < 0.75:
            ip = a.campus["ips"][0] if rng.random() < 0.85 else a.campus["ips"][1]
            return (ip, ua, chan, region, "honest-campus")
        if a.corp and work and rng.random() < (0.85 if device == "desktop" else 0.7):
            ip = a.corp["ips"][0] if rng.random() < 0.8 else rng.choice(a.corp["ips"])
            return (ip, ua, chan, a.corp["region"], "honest-corp")
        if a.cafe and rng.random() < 0.45:
            ip, pcs = a.cafe
            return (ip, rng.choice(pcs), "web", region, "honest-cafe")
        if device == "desktop" or (evening and rng.random() < 0.6) or rng.random() < 0.15:
            ip, _ = self.home_ip(rng, a.hh, t)
            return (ip, ua, chan, region, "honest-home")
        ip, tag = self.mobile_ip(rng, a)
        return (ip, ua, chan, region, tag)

    def typed(self, rng, a, chan):
        u = a.login
        if a.autocap and chan == "app" and rng.random() < 0.7:
            u = u[:1].upper() + u[1:]
        r = rng.random()
        if r < 0.012:
            u = u + " "
        elif r < 0.016:
            u = " " + u
        if norm(u) != a.norm or not norm_safe(u):
            return a.login
        return u

    def session_time(self, rng, region):
        h = pick(rng, range(24), DIURNAL)
        return ((h + rng.random()) * 3600.0 - REGIONS[region]["tz"] * 3600.0) % DAY

    # ------------------------------------------------------------------ planning
    def add_item(self, normu, t, kind, data):
        self.seq += 1
        self.items.setdefault(normu, []).append((t, self.seq, kind, data))

    def add_h(self, a, t, ctx, src, beh="login", user=None, **kw):
        d = dict(ctx=ctx, src=src, beh=beh, user=user if user is not None else a.login)
        d.update(kw)
        self.add_item(a.norm, t, "H", d)

    def plan_honest(self):
        rng = self.rng("honest")
        P = self.P
        for a in self.persons + self.brands:
            act = P["active"] * (0.6 if a.kind == "brand" else 1.0)
            if a.campus:
                act = min(0.95, act * 1.25)
            a.active = rng.random() < act
        for a in self.persons + self.brands:
            if not a.active:
                continue
            n = 1
            while n < 9 and rng.random() > P["sess_p"]:
                n += 1
            times = sorted(self.session_time(rng, a.region) for _ in range(n))
            forgot = rng.random() < P["forgot"]
            oldfirst = bool(a.old) and rng.random() < P["oldfirst"] * (2.0 if a.leaked_old else 1.0)
            proactive = rng.random() < P["proactive"] * (2.5 if (a.leaked_cur or a.leaked_old) else 1.0)
            for i, t in enumerate(times):
                ctx = self.person_ctx(rng, a, t)
                beh = "login"
                r = rng.random()
                if i == 0 and forgot:
                    beh = "forgot"
                elif i == 0 and oldfirst:
                    beh = "oldfirst"
                elif r < P["typo"]:
                    beh = "typo"
                elif r < P["typo"] + P["caps"]:
                    beh = "caps"
                elif r < P["typo"] + P["caps"] + P["usertypo"]:
                    beh = "usertypo"
                if proactive and i == min(1, n - 1) and beh == "login":
                    beh = "proactive-change"
                    proactive = False
                self.add_h(a, t, ctx, "owner", beh, self.typed(rng, a, ctx[2]))
            # app build that loses its token and re-authenticates all afternoon
            if rng.random() < P["buggy"]:
                a.app_ua = self.make_app_ua(rng, a.region, buggy=True)
                a.traits.add("buggy-app")
                t = rng.uniform(0, DAY * 0.6)
                for _ in range(rng.randint(8, 25)):
                    t += rng.uniform(20, 90) * 60
                    ctx = self.person_ctx(rng, a, t, "phone")
                    if ctx[2] == "web":
                        ctx = (ctx[0], a.app_ua, "app", ctx[3], ctx[4])
                    self.add_h(a, t, ctx, "owner", "reauth", self.typed(rng, a, "app"))
            # an old tablet / second phone that still has a previous password saved
            if a.old and rng.random() < P["stale_dev"]:
                pw = rng.choice(a.leaked_old) if (a.leaked_old and rng.random() < 0.5) else rng.choice(a.old)
                ua = self.make_app_ua(rng, a.region, tablet=rng.random() < 0.6)
                for _ in range(rng.randint(2, 6)):
                    t = rng.uniform(0, DAY)
                    if rng.random() < 0.7:
                        ip, _ = self.home_ip(rng, a.hh, t)
                    else:
                        ip, _ = self.mobile_ip(rng, a)
                    self.add_h(a, t, (ip, ua, "app", a.region, "honest-stale-device"), "device", "stale", pw=pw)
        # shared family tablet switching between the members' accounts in the evening
        for hh in self.households:
            mem = [m for m in hh.members if m.kind == "person"]
            if len(mem) >= 2 and rng.random() < 0.12:
                hh.tablet_ua = self.make_app_ua(rng, hh.region, tablet=True)
                for _ in range(rng.randint(1, 2)):
                    lh = rng.uniform(17, 23)
                    t = (lh - REGIONS[hh.region]["tz"]) * 3600.0 % DAY
                    ip, _ = self.home_ip(rng, hh, t)
                    for m in rng.sample(mem, rng.randint(2, len(mem))):
                        m.active = True
                        t += rng.uniform(30, 900)
                        beh = "typo" if rng.random() < 0.05 else "switch"
                        self.add_h(m, t, (ip, hh.tablet_ua, "app", hh.region, "honest-family"), "owner", beh)
        self.plan_agencies(rng)
        self.plan_scheduler(rng)
        self.plan_monitors(rng)
        self.plan_celebs(rng)

    def plan_agencies(self, rng):
        n = max(1, int(round(self.P["agencies"] * self.N / 1000.0)))
        self.agencies = []
        for i in range(n):
            r = pick(rng, REGION_NAMES, REGION_W)
            if rng.random() < 0.2:
                p64 = (self.new32(rng, REGIONS[r]["v6base"]) << 32) | rng.getrandbits(32)
                ip = v6s(p64, rng.randint(2, 4000))
            else:
                ip = v4s(self.addr_in(rng, self.biz[r]))
            ua = "SocialDeskPro/5.2.1 (Windows NT 10.0; Win64; x64)" if rng.random() < 0.5 else rng.choice(BROWSERS[:6])
            chan = "api" if ua.startswith("SocialDesk") else "web"
            clients = rng.sample(self.brands + self.celebs, min(len(self.brands), rng.randint(15, 50)))
            self.agencies.append(dict(ip=ip, region=r, clients=clients))
            for c in clients:
                c.traits.add("agency-client")
                if c.agency_pw is None:
                    c.agency_pw = c.cur if (rng.random() > 0.05 or not c.old) else rng.choice(c.old)
            todays = [c for c in clients if rng.random() < 0.6 or c.kind == "celeb"]
            nb = rng.randint(1, 3)
            for b in range(nb):
                lh = rng.uniform(9, 17.5)
                t = (lh - REGIONS[r]["tz"]) * 3600.0 % DAY
                batch = todays if b == 0 else rng.sample(todays, max(1, len(todays) // 3))
                for c in batch:
                    t += rng.uniform(20, 150)
                    c.active = True
                    self.add_h(c, t, (ip, ua, chan, r, "honest-agency"), "agency", "login")

    def plan_scheduler(self, rng):
        h = self.hosting[0]
        ips = [v4s(self.addr_in(rng, h["blocks"])) for _ in range(3)]
        ua = "Postloom-Connector/3.1 (+https://postloom.example/bot)"
        conn = [b for b in self.brands if rng.random() < self.P["sched_brands"]]
        conn += [p for p in self.persons if rng.random() < self.P["sched_persons"]]
        for a in conn:
            a.traits.add("scheduler")
            a.sched_pw = a.cur if (rng.random() > 0.03 or not a.old) else rng.choice(a.old)
            for _ in range(rng.randint(1, 4)):
                t = rng.uniform(0, DAY)
                self.add_h(a, t, (rng.choice(ips), ua, "api", h["region"], "honest-scheduler"), "scheduler", "refresh")

    def plan_monitors(self, rng):
        probes = []
        for i, r in enumerate(["na-east", "europe-w", "sea", "na-west", "india", "eastasia"][:3 + self.N // 2500]):
            h = min(self.hosting, key=lambda x: (x["region"] != r, self.hosting.index(x)))
            probes.append((v4s(self.addr_in(rng, h["blocks"])), r))
        k = 0
        for pi, (ip, r) in enumerate(probes):
            ua = "ChirpSynth/3.2 (+synthetic-check; loc=%s)" % r
            t = rng.uniform(0, 600)
            n = 0
            while t < DAY:
                a = self.tests[k % len(self.tests)]
                k += 1
                n += 1
                neg = n % 12 == 0
                self.add_h(a, t, (ip, ua, "api", r, "honest-monitor"), "monitor",
                           "negative-test" if neg else "probe", neg=neg)
                a.active = True
                t += 600 + rng.uniform(-20, 20)
        # hourly QA regression job from the company office
        hq = self.hq
        ua = "chirp-qa-runner/1.8 python-requests/2.31.0"
        for hour in range(24):
            t = hour * 3600.0 + 300 + rng.uniform(0, 30)
            for a in self.qas:
                t += rng.uniform(1, 4)
                a.active = True
                self.add_h(a, t, (hq, ua, "api", "na-west", "honest-qa"), "qa", "regression")

    def plan_celebs(self, rng):
        for a in self.celebs:
            a.active = True
            team = []
            for _ in range(rng.randint(2, 4)):
                r = a.region if rng.random() < 0.6 else pick(rng, REGION_NAMES, REGION_W)
                c = pick(rng, self.carriers[r], [x["share"] for x in self.carriers[r]])
                team.append((r, c, self.make_app_ua(rng, r)))
            for _ in range(rng.randint(6, 15)):
                r, c, ua = rng.choice(team)
                t = self.session_time(rng, r)
                if rng.random() < 0.5:
                    ip = v6s((c["v6"] << 32) | rng.getrandbits(32), rng.getrandbits(64) | 1)
                else:
                    ip = rng.choice(c["pool"])
                beh = "typo" if rng.random() < 0.05 else "login"
                self.add_h(a, t, (ip, ua, "app", r, "honest-celeb-team"), "owner", beh)

    # ------------------------------------------------------------------ attacker sources
    def resi_ip(self, rng, region=None, v6share=0.1):
        """A residential address (botnet node or residential-proxy exit): home ISP space."""
        r = region or pick(rng, REGION_NAMES, REGION_W)
        isp = rng.choice(self.isps[r])
        if isp["v6"] and rng.random() < v6share:
            return v6s((isp["v6"] << 32) | (rng.getrandbits(24) << 8) | rng.randrange(256), rng.getrandbits(64) | 1), r
        n = rng.choice(isp["blocks"]) | (rng.randint(0, 255) << 8) | rng.randint(1, 254)
        return v4s(n), r

    def proxy_ip(self, rng, region=None):
        """Residential proxy exit: sometimes a real household's address or a carrier CGNAT address."""
        x = rng.random()
        if x < self.P["resi_honest"]:
            hh = rng.choice(self.households)
            return hh.v4a, hh.region
        if x < self.P["resi_honest"] + self.P["resi_cgnat"]:
            return self.mobile_proxy_ip(rng, region, v6=False)
        return self.resi_ip(rng, region)

    def mobile_proxy_ip(self, rng, region=None, v6=None):
        r = region or pick(rng, REGION_NAMES, REGION_W)
        c = rng.choice(self.carriers[r])
        if v6 is None:
            v6 = rng.random() < 0.5
        if v6:
            return v6s((c["v6"] << 32) | rng.getrandbits(32), rng.getrandbits(64) | 1), r
        return rng.choice(c["pool"]), r

    def hosting_ip(self, rng, h=None):
        h = h or rng.choice(self.hosting)
        return v4s(h["blocks"][0] | (rng.randint(0, 255) << 8) | rng.randint(1, 254)), h["region"]

    def spoof_uas(self, rng, k):
        out = []
        for _ in range(k):
            if rng.random() < 0.8:
                out.append("Chirp/412.3.0 (%s; iOS 18.1)" % rng.choice(IOS_DEV[:4]) if rng.random() < 0.5 else
                           "Chirp/412.3.0 (Android 14; %s)" % rng.choice(AND_DEV[:3]))
            else:
                out.append("Chirp/398.0.0 (iPhone12,1; iOS 15.4)")
        return out

    def attack(self, t, camp, user, pw, ip, ua, chan, region, abuse=0.0, brute=False):
        d = dict(camp=camp, user=user, pw=pw, ctx=(ip, ua, chan, region, camp), abuse=abuse, brute=brute)
        self.add_item(norm(user), t, "A", d)

    def window(self, rng, lo_h, hi_h):
        dur = rng.uniform(lo_h, hi_h) * 3600.0
        return rng.uniform(0, DAY - dur), dur

    def plan_attacks(self):
        rng = self.rng("attacks")
        P, F = self.P, self.P["stuff"]
        C = self.combos
        L = len(C)
        ab = P["abuse"]

        def chan_of(ua):
            if ua is None or not ua.startswith(("Chirp/", "Mozilla/5.0 (")):
                return "api"
            return "app" if ua.startswith("Chirp/") else "web"
        # concentrated stuffing from a few hosting addresses
        k = int(F["hosting"] * L)
        if k:
            idx = rng.sample(range(L), k)
            waves = P["hosting_waves"]
            for w in range(waves):
                chunk = idx[w * k // waves:(w + 1) * k // waves]
                h = rng.choice(self.hosting)
                base = h["blocks"][1] | (rng.randint(0, 255) << 8)
                d0 = rng.randint(1, 240)
                ips = [v4s(base | (d0 + j)) for j in range(rng.randint(2, 6))]
                if rng.random() < 0.6:
                    uas = [rng.choice(NAIVE_UAS)]
                else:
                    uas = self.spoof_uas(rng, 2)
                start, dur = self.window(rng, 0.6, 3.0)
                for i, ci in enumerate(chunk):
                    t = start + dur * (i + rng.random()) / len(chunk)
                    u, p = C[ci]
                    ua = rng.choice(uas)
                    self.attack(t, "stuff-hosting/wave%d" % (w + 1), u, p, rng.choice(ips), ua, chan_of(ua), h["region"], ab)
        # distributed stuffing: botnet nodes, 1-4 attempts each
        k = int(F["botnet"] * L)
        if k:
            idx = rng.sample(range(L), k)
            start, dur = self.window(rng, 2.0, 6.0)
            uapool = self.spoof_uas(rng, 4) + BROWSERS + MOBILE_BROWSERS
            i = 0
            while i < k:
                n = pick(rng, [1, 2, 3, 4], [35, 30, 20, 15])
                ip, r = self.resi_ip(rng, v6share=0.12)
                ua = rng.choice(uapool)
                t = start + rng.random() * dur
                for _ in range(n):
                    if i >= k:
                        break
                    u, p = C[idx[i]]
                    i += 1
                    self.attack(t, "stuff-botnet/main", u, p, ip, ua, chan_of(ua), r, ab)
                    t += rng.uniform(15, 400)
        # residential proxies (some exits are honest households or carrier CGNAT addresses)
        k = int(F["resi"] * L)
        if k:
            idx = rng.sample(range(L), k)
            start, dur = self.window(rng, 3.0, 8.0)
            uapool = self.spoof_uas(rng, 6)
            i = 0
            while i < k:
                n = pick(rng, [1, 2, 3], [50, 32, 18])
                ip, r = self.proxy_ip(rng)
                ua = rng.choice(uapool)
                t = start + rng.random() * dur
                for _ in range(n):
                    if i >= k:
                        break
                    u, p = C[idx[i]]
                    i += 1
                    self.attack(t, "stuff-resi/main", u, p, ip, ua, "app", r, ab)
                    t += rng.uniform(5, 120)
        # slow campaign spread over the whole day
        k = int(F["slow"] * L)
        if k:
            idx = rng.sample(range(L), k)
            uapool = self.spoof_uas(rng, 3) + BROWSERS[:4]
            i = 0
            while i < k:
                ip, r = self.proxy_ip(rng)
                ua = rng.choice(uapool)
                for _ in range(pick(rng, [1, 2], [70, 30])):
                    if i >= k:
                        break
                    t = DAY * (i + rng.random()) / k
                    u, p = C[idx[i]]
                    i += 1
                    self.attack(t, "stuff-slow/main", u, p, ip, ua, chan_of(ua), r, ab)
        # address rotation inside one IPv6 /64 (hosting; in the mobile profile a phone farm's /64)
        k = int(F["v6"] * L)
        if k:
            idx = rng.sample(range(L), k)
            if P["v6_mobile"]:
                r = pick(rng, REGION_NAMES, REGION_W)
                c = rng.choice(self.carriers[r])
                p64 = (c["v6"] << 32) | rng.getrandbits(32)
                uas = self.spoof_uas(rng, 2)
            else:
                h = rng.choice(self.hosting)
                r = h["region"]
                p64 = (h["v6"] << 32) | (rng.getrandbits(16) << 16) | rng.getrandbits(16)
                uas = [rng.choice(["Go-http-client/2.0", "python-requests/2.31.0", "okhttp/4.12.0"])]
            start, dur = self.window(rng, 1.0, 3.0)
            for i, ci in enumerate(idx):
                t = start + dur * (i + rng.random()) / k
                u, p = C[ci]
                ua = rng.choice(uas)
                self.attack(t, "stuff-v6rot/main", u, p, v6s(p64, rng.getrandbits(64) | 1), ua, chan_of(ua), r, ab)
        # mobile proxies: carrier CGNAT addresses and mobile /64s, shared with honest subscribers
        k = int(F["mobile"] * L)
        if k:
            idx = rng.sample(range(L), k)
            start, dur = self.window(rng, 6.0, 14.0)
            uapool = self.spoof_uas(rng, 6)
            i = 0
            while i < k:
                n = pick(rng, [1, 2, 3, 4, 5], [30, 25, 20, 15, 10])
                r = pick(rng, REGION_NAMES, REGION_W)
                v6 = rng.random() < 0.5
                ip, r = self.mobile_proxy_ip(rng, r, v6)
                ua = rng.choice(uapool)
                t = start + rng.random() * dur
                for _ in range(n):
                    if i >= k:
                        break
                    u, p = C[idx[i]]
                    i += 1
                    if v6 and rng.random() < 0.5:  # IID rotation inside the phone's /64
                        net = int(ipaddress.IPv6Address(ip)) >> 64
                        ip = v6s(net, rng.getrandbits(64) | 1)
                    self.attack(t, "stuff-mobile/main", u, p, ip, ua, "app", r, ab)
                    t += rng.uniform(10, 200)
        # account checkers: verify one pair and leave
        k = int(F["checker"] * L)
        if k:
            idx = rng.sample(range(L), k)
            h = rng.choice(self.hosting)
            hips = [self.hosting_ip(rng, h)[0] for _ in range(rng.randint(4, 8))]
            uaspoof = self.spoof_uas(rng, 2)
            for i, ci in enumerate(idx):
                t = rng.uniform(0, DAY)
                u, p = C[ci]
                if rng.random() < 0.5:
                    self.attack(t, "checker/svc-a", u, p, rng.choice(hips), "okhttp/4.12.0", "api", h["region"], 0.0)
                else:
                    ip, r = self.proxy_ip(rng)
                    self.attack(t, "checker/svc-b", u, p, ip, rng.choice(uaspoof), "app", r, 0.0)
        # password spraying: a few common passwords across many accounts
        if P["spray_pw"]:
            pws = rng.sample(SPRAY_POOL, P["spray_pw"])
            targets = [a.login for a in self.persons + self.brands + self.celebs]
            srcs = []
            for _ in range(rng.randint(20, 60)):
                if rng.random() < 0.5:
                    srcs.append(rng.choice(rng.choice(self.vpns)))
                else:
                    srcs.append(self.hosting_ip(rng))
            fake = [self.make_login(rng, pick(rng, REGION_NAMES, REGION_W)) for _ in range(max(5, len(targets) // 25))]
            uas = rng.sample(BROWSERS, 3)
            for ri, pw in enumerate(pws):
                tg = rng.sample(targets, int(P["spray_cov"] * len(targets))) + rng.sample(fake, len(fake) // 2)
                rng.shuffle(tg)
                start, dur = self.window(rng, 3.0, 8.0)
                for i, u in enumerate(tg):
                    t = start + dur * (i + rng.random()) / len(tg)
                    ip, r = rng.choice(srcs)
                    self.attack(t, "spray/round%d" % (ri + 1), u, pw, ip, rng.choice(uas), "web", r, 0.5)
        # brute force on a few high-value accounts
        targets = [c.login for c in self.celebs][:P["brute"]]
        if P["brute"] > len(self.celebs):
            targets.append("admin")
            self.norms.add("admin")
        for ti, u in enumerate(targets):
            n = rng.randint(150, 500)
            start = rng.uniform(0, DAY - 3 * 3600)
            t = start
            if rng.random() < 0.7:
                srcs = [self.hosting_ip(rng) for _ in range(rng.randint(1, 2))]
                per = n
            else:
                srcs = [rng.choice(rng.choice(self.vpns)) for _ in range(12)]
                per = rng.randint(10, 30)
            ua = rng.choice(["python-requests/2.31.0", BROWSERS[0], "Mozilla/5.0"])
            for j in range(n):
                ip, r = srcs[(j // per) % len(srcs)]
                self.attack(t, "brute/target%d" % (ti + 1), u, self.pwlist[j], ip, ua, chan_of(ua), r, 0.9, brute=True)
                t += rng.uniform(2, 12)
        # private phished list: never in combos.txt
        cands = [a for a in self.persons if not a.leaked_cur]
        n = max(2, int(round(P["phish"] * len(self.persons))))
        for a in rng.sample(cands, min(n, len(cands))):
            a.traits.add("phished")
            pw = a.cur
            if rng.random() < 0.15:
                pw = near_miss(rng, a.cur)
            if (a.norm, pw) in self.combo_pairs:
                pw = a.cur + "!"
            t = rng.uniform(0, DAY)
            x = rng.random()
            if x < 0.7:
                ip, r = self.mobile_proxy_ip(rng, a.region)
            else:
                ip, r = rng.choice(rng.choice(self.vpns))
            self.attack(t, "phish/login", a.login, pw, ip, self.spoof_uas(rng, 1)[0], "app", r, 0.7)
            self.phish_pairs.append((a.norm, pw))

    # ------------------------------------------------------------------ simulation
    def emit(self, t, user, ctx, pw, ok, actor, camp):
        if t < 0 or t >= DAY:
            return
        ip, ua, chan, region, _ = ctx
        if chan == "app":
            server = "app-" + REGIONS[region]["gw"]
        else:
            server = chan
        self.seq += 1
        self.events.append((SERVER_IDX[server], t, self.seq, user, ip, ok, pw, ua, actor, camp))

    def wrong_guess(self, rng, a):
        for _ in range(10):
            r = rng.random()
            if a.leaked_old and r < 0.45:
                g = rng.choice(a.leaked_old)
            elif a.old and r < 0.7:
                g = rng.choice(a.old)
            elif r < 0.9:
                g = near_miss(rng, a.cur)
            else:
                g = self.common_pw(rng)
            if g != a.cur:
                return g
        return a.cur + "?"

    def honest(self, rng, a, t, d, heap):
        ctx, src, beh = d["ctx"], d["src"], d["beh"]
        tag = ctx[4]
        user = d["user"]

        def out(tt, pw, b, u=None):
            u = user if u is None else u
            ok = norm(u) == a.norm and pw == a.cur
            self.emit(tt, u, ctx, pw, ok, "honest", "%s/%s" % (tag, b))
            return ok
        if src == "device":
            out(t, d["pw"], "stale")
            if rng.random() < 0.3:
                out(t + rng.uniform(1, 10), d["pw"], "stale")
            return
        if src == "monitor":
            out(t, "wrong-password-probe" if d["neg"] else a.cur, beh)
            return
        if src == "qa":
            out(t, a.qa_pw, beh if a.qa_pw == a.cur else "stale-config")
            return
        if src == "scheduler":
            out(t, a.sched_pw, beh if a.sched_pw == a.cur else "stale")
            return
        if src == "agency":
            if d.get("phoned"):
                a.agency_pw = a.known
            ok = out(t, a.agency_pw, ("retry" if d.get("phoned") else beh) if a.agency_pw == a.cur else "stale")
            if not ok and not d.get("phoned") and rng.random() < 0.4:
                d2 = dict(d)
                d2["phoned"] = True
                self.seq += 1
                heapq.heappush(heap, (t + rng.uniform(20, 180) * 60, self.seq, "H", d2))
            return
        # the owner (or a family device using the owner's saved password)
        if a.known != a.cur:
            a.traits.add("locked-out")
            tt = t
            out(tt, a.known, "locked-out")
            for _ in range(rng.choice([1, 1, 2])):
                tt += rng.uniform(5, 45)
                out(tt, a.known if rng.random() < 0.6 else self.wrong_guess(rng, a), "locked-out")
            if rng.random() < 0.65:
                new = self.new_password(rng, a)
                a.cur = a.known = new
                out(tt + rng.uniform(90, 900), new, "reset-after-takeover")
            return
        tt = t
        if beh == "forgot":
            outcome = pick(rng, ["reset", "remember", "giveup"], [55, 25, 20])
            b = "forgot-" + outcome
            for _ in range(pick(rng, [1, 2, 3, 4], [35, 30, 20, 15])):
                out(tt, self.wrong_guess(rng, a), b)
                tt += rng.uniform(5, 40)
            if outcome == "reset":
                new = self.new_password(rng, a)
                a.cur = a.known = new
                out(tt + rng.uniform(60, 600), new, b)
            elif outcome == "remember":
                out(tt, a.cur, b)
            return
        if beh == "oldfirst":
            cand = a.leaked_old if (a.leaked_old and rng.random() < 0.7) else a.old
            g = rng.choice(cand) if cand else near_miss(rng, a.cur)
            if g == a.cur:
                g = near_miss(rng, a.cur)
            out(tt, g, beh)
            out(tt + rng.uniform(5, 40), a.cur, beh)
            return
        if beh == "typo":
            for _ in range(1 if rng.random() < 0.8 else 2):
                out(tt, near_miss(rng, a.cur), beh)
                tt += rng.uniform(4, 25)
            out(tt, a.cur, beh)
            return
        if beh == "caps":
            g = a.cur.swapcase()
            if g == a.cur:
                g = near_miss(rng, a.cur)
            u = user
            if ctx[2] == "web" and rng.random() < 0.5:
                v = a.login.upper()
                if norm(v) == a.norm and norm_safe(v):
                    u = v
            out(tt, g, beh, u)
            out(tt + rng.uniform(6, 40), a.cur, beh)
            return
        if beh == "usertypo":
            for _ in range(10):
                v = near_miss(rng, a.login)
                if norm(v) not in self.norms and norm_safe(v) and ":" not in v:
                    out(tt, a.cur, beh, v)
                    tt += rng.uniform(8, 40)
                    break
            out(tt, a.cur, beh)
            return
        ok = out(tt, a.known, beh)
        if ok and beh == "proactive-change":
            new = self.new_password(rng, a)
            a.cur = a.known = new
            if a.agency_pw is not None and rng.random() < 0.5:
                a.agency_pw = new

    def abuse_ctx(self, rng, a):
        x = rng.random()
        if x < 0.5:
            ip, r = self.proxy_ip(rng, a.region)
        elif x < 0.8:
            ip, r = self.mobile_proxy_ip(rng, a.region)
        else:
            ip, r = rng.choice(rng.choice(self.vpns))
        return (ip, self.spoof_uas(rng, 1)[0], "app", r, "abuse")

    def attacker(self, rng, a, t, d, heap):
        if d["brute"] and a is not None and a.brute_done:
            return
        ok = a is not None and d["pw"] == a.cur
        self.emit(t, d["user"], d["ctx"], d["pw"], ok, "attacker", d["camp"])
        if not ok or t >= DAY:
            return
        if d["brute"]:
            a.brute_done = True
        if a.kind == "test" or a.abuse_planned or rng.random() >= d["abuse"]:
            return
        a.abuse_planned = True
        a.atk_pw = d["pw"]
        tt = t
        for i in range(pick(rng, [1, 2, 3], [45, 35, 20])):
            tt += rng.uniform(40, 360) * 60 if i == 0 else rng.uniform(20, 180) * 60
            change = i == 0 and rng.random() < self.P["pwchange"] * (1.6 if d["brute"] else 1.0)
            self.seq += 1
            heapq.heappush(heap, (tt, self.seq, "R", dict(user=d["user"], change=change)))

    def abuse(self, rng, a, t, d, heap):
        if a.abuse_dead:
            return
        ctx = self.abuse_ctx(rng, a)
        ok = a.atk_pw == a.cur
        if not ok:
            self.emit(t, d["user"], ctx, a.atk_pw, False, "attacker", "abuse/fail")
            if rng.random() < 0.3:
                self.emit(t + rng.uniform(3, 30), d["user"], ctx, a.atk_pw, False, "attacker", "abuse/fail")
            a.abuse_dead = True
            return
        self.emit(t, d["user"], ctx, a.atk_pw, True, "attacker", "abuse/pw-change" if d["change"] else "abuse/post")
        if d["change"] and t < DAY:
            new = "".join(rng.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(12))
            a.old.append(a.cur)
            a.cur = new
            a.atk_pw = new
            a.traits.add("pw-changed-by-attacker")
            if a.hh is not None and rng.random() < 0.6:      # "your password was changed" e-mail
                tt = t + rng.uniform(10, 180) * 60
                ctx2 = self.person_ctx(rng, a, tt % DAY, "phone")
                self.seq += 1
                heapq.heappush(heap, (tt, self.seq, "H", dict(ctx=ctx2, src="owner", beh="login", user=a.login)))

    def simulate(self):
        rng = self.rng("sim")
        for nu in sorted(self.items):
            a = self.by_norm.get(nu)
            heap = self.items[nu]
            heapq.heapify(heap)
            while heap:
                t, _, kind, d = heapq.heappop(heap)
                if kind == "H":
                    self.honest(rng, a, t, d, heap)
                elif kind == "A":
                    self.attacker(rng, a, t, d, heap)
                else:
                    self.abuse(rng, a, t, d, heap)

    # ------------------------------------------------------------------ output
    def fmt_ts(self, server, t):
        us = DAY0_US + int(t * 1e6)
        if server == "app-am":
            return us // 1000
        dt = EPOCH + datetime.timedelta(microseconds=us)
        if server == "app-emea":
            return dt.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (dt.microsecond // 1000)
        if server == "app-apac":
            dt += datetime.timedelta(hours=8)
            return dt.strftime("%Y-%m-%dT%H:%M:%S") + ".%03d+08:00" % (dt.microsecond // 1000)
        if server == "web":
            dt -= datetime.timedelta(hours=5)
            return dt.strftime("%Y-%m-%dT%H:%M:%S") + "-05:00"
        return dt.strftime("%Y-%m-%dT%H:%M:%S") + ".%06d+00:00" % dt.microsecond

    def write(self, outdir):
        os.makedirs(outdir, exist_ok=True)
        rng = self.rng("output")
        fp = self.fp
        evs = sorted(self.events, key=lambda e: (e[0], e[1], e[2]))
        lines, elab = [], []
        users = {}
        per_server, per_camp = {}, {}
        ips = set()
        honest_n = 0
        for i, (si, t, _, user, ip, ok, pw, ua, actor, camp) in enumerate(evs):
            server = SERVERS[si]
            ts = self.fmt_ts(server, t)
            cred, pwf = fp.cred(user, pw), fp.pw(pw)
            if server == "web":
                o = {"ts": ts, "ip": ip, "user": user, "ok": ok}
                if ua is not None:
                    o["ua"] = ua
                o["cred"], o["pw"] = cred, pwf
                line = json.dumps(o, ensure_ascii=False)
            elif server == "api":
                if ":" in ip:
                    ip_out = java_v6(ip)
                else:
                    ip_out = ip
                o = {"ts": ts, "user": user, "ip": ip_out, "ok": ok, "pw": pwf, "cred": cred}
                if ua is not None:
                    o["ua"] = ua
                o["req"] = "%016x" % rng.getrandbits(64)
                line = json.dumps(o, ensure_ascii=True, separators=(",", ":"))
            else:
                o = {"ts": ts, "user": user, "ip": ip, "ok": ok, "cred": cred, "pw": pwf}
                if ua is not None:
                    o["ua"] = ua
                o["lat"] = rng.randint(40, 900)
                line = json.dumps(o, ensure_ascii=False, separators=(",", ":"))
            lines.append(line)
            elab.append("%d,%s,%s" % (i + 1, actor, camp))
            nu = norm(user)
            st = users.get(nu)
            if st is None:
                st = users[nu] = [False, False, False, set(), False]
            if actor == "attacker":
                st[2] = True
                st[3].add(camp.split("/")[0])
                if ok:
                    st[0] = True
            else:
                honest_n += 1
                st[4] = True
                if ok and (nu, pw) in self.combo_pairs:
                    st[1] = True
                ctxname, b = camp.split("/")
                st[3].add(ctxname[len("honest-"):])
                if b not in ("login", "probe", "regression", "refresh", "switch"):
                    st[3].add(b)
            ips.add(ip)
            per_server[server] = per_server.get(server, 0) + 1
            pc = per_camp.setdefault(camp, [0, 0])
            pc[0] += 1
            pc[1] += 1 if ok else 0
        with open(os.path.join(outdir, "events.jsonl"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")
        with open(os.path.join(outdir, "event_labels.csv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("line,actor,campaign\n" + "\n".join(elab) + "\n")
        # leak files
        with open(os.path.join(outdir, "combos.txt"), "w", encoding="utf-8", newline="\n") as f:
            cl = ["%s:%s" % (u, p) for u, p in self.combos]
            cl.insert(0, "")
            cl.insert(len(cl) // 3, "==== collection part 2 ====")
            cl.insert(2 * len(cl) // 3, "")
            f.write("\n".join(cl) + "\n")
        with open(os.path.join(outdir, "passwords.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(self.pwlist) + "\n")
        # truth and labels
        order = sorted(users, key=lambda u: u.encode("utf-8"))
        for u in order:
            if any(c in u for c in ',"\n'):
                raise RuntimeError("user name needs CSV quoting: %r" % u)
        comp = [u for u in order if users[u][0]]
        with open(os.path.join(outdir, "truth.csv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("user\n" + "".join(u + "\n" for u in comp))
        counts = {"compromised": 0, "exposed": 0, "targeted": 0, "benign": 0}
        rows = []
        for u in order:
            st = users[u]
            lab = "compromised" if st[0] else "exposed" if st[1] else "targeted" if st[2] else "benign"
            counts[lab] += 1
            tr = set(st[3])
            a = self.by_norm.get(u)
            if a is None:
                tr.add("no-account")
            else:
                tr |= a.traits
            tr.discard("")
            rows.append("%s,%s,%s" % (u, lab, "+".join(sorted(tr)) or "plain"))
        with open(os.path.join(outdir, "labels.csv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("user,label,scenario\n" + "".join(r + "\n" for r in rows))
        groups = {}
        for c, (n, k) in per_camp.items():
            g = groups.setdefault(c.split("/")[0], [0, 0])
            g[0] += n
            g[1] += k
        active = sum(1 for a in self.accounts if a.norm in users)
        honest_active = sum(1 for a in self.accounts if a.norm in users and users[a.norm][4])
        meta = {
            "generator": "gen15", "seed": self.seed, "profile": self.profile, "accounts_arg": self.N,
            "day": DAY0.strftime("%Y-%m-%d"),
            "lines": len(lines), "honest_lines": honest_n, "attacker_lines": len(lines) - honest_n,
            "users": len(users), "ips": len(ips),
            "accounts": {"total": len(self.accounts), "persons": len(self.persons), "brands": len(self.brands),
                         "celebrities": len(self.celebs), "test": len(self.tests) + len(self.qas),
                         "in_events": active, "with_honest_events": honest_active},
            "labels": counts, "compromised": counts["compromised"],
            "combos_lines": len(self.combos), "combos_nonusers": len(self.nonusers),
            "accounts_leaked_current": sum(1 for a in self.accounts if a.leaked_cur),
            "accounts_leaked_old": sum(1 for a in self.accounts if a.leaked_old),
            "passwords_lines": len(self.pwlist),
            "phished_pairs": len(self.phish_pairs),
            "servers": {s: per_server.get(s, 0) for s in SERVERS},
            "campaigns": {c: {"lines": v[0], "ok": v[1]} for c, v in sorted(per_camp.items())},
            "groups": {g: {"lines": v[0], "ok": v[1]} for g, v in sorted(groups.items())},
        }
        with open(os.path.join(outdir, "meta.json"), "w", encoding="utf-8", newline="\n") as f:
            json.dump(meta, f, indent=1, sort_keys=True, ensure_ascii=False)
            f.write("\n")
        return meta

    def run(self, outdir):
        self.phish_pairs = []
        self.build_networks()
        self.build_accounts()
        self.build_leaks()
        self.plan_honest()
        self.plan_attacks()
        self.simulate()
        return self.write(outdir)


# ============================================================== self-test


def parse_ts(v):
    if isinstance(v, int):
        return v
    s = v.replace("Z", "+00:00")
    return int(datetime.datetime.fromisoformat(s).timestamp() * 1000)


def rederive(d, key):
    """Re-derive truth, labels and meta counts from the written files only."""
    fp = FP(key)
    errs = []
    combo_creds = set()
    with open(os.path.join(d, "combos.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if ":" not in line:
                continue
            u, p = line.split(":", 1)
            combo_creds.add(fp.cred(u, p))
    with open(os.path.join(d, "event_labels.csv"), encoding="utf-8") as f:
        el = f.read().splitlines()
    if el[0] != "line,actor,campaign":
        errs.append("event_labels header")
    el = el[1:]
    st = {}
    hon = 0
    per_server_sorted = True
    last_by_server = {}
    camps = {}
    ips = set()
    with open(os.path.join(d, "events.jsonl"), encoding="utf-8") as f:
        for i, line in enumerate(f):
            o = json.loads(line)
            ln, actor, camp = el[i].split(",")
            if int(ln) != i + 1:
                errs.append("event_labels line numbering at %d" % (i + 1))
            for k in ("ts", "user", "ip", "ok", "cred", "pw"):
                if k not in o:
                    errs.append("line %d lacks %s" % (i + 1, k))
            if not isinstance(o["ok"], bool) or len(o["cred"]) != 16 or len(o["pw"]) != 16:
                errs.append("line %d: bad ok/cred/pw" % (i + 1))
            if not norm_safe(o["user"]):
                errs.append("line %d: unsafe user %r" % (i + 1, o["user"]))
            ipaddress.ip_address(o["ip"])
            ips.add(str(ipaddress.ip_address(o["ip"])))
            ts = parse_ts(o["ts"])
            if not (DAY0_US // 1000 <= ts < DAY0_US // 1000 + 86400000):
                errs.append("line %d: ts outside the day" % (i + 1))
            srv = ("api" if "req" in o else "app-am" if isinstance(o["ts"], int) else
                   "web" if o["ts"].endswith("-05:00") else "app-emea" if o["ts"].endswith("Z") else "app-apac")
            if last_by_server.get(srv, 0) > ts + (999 if srv == "web" else 0):
                per_server_sorted = False
            last_by_server[srv] = max(last_by_server.get(srv, 0), ts)
            u = norm(o["user"])
            s = st.setdefault(u, [False, False, False])
            c = camps.setdefault(camp, [0, 0])
            c[0] += 1
            c[1] += 1 if o["ok"] else 0
            if actor == "attacker":
                s[2] = True
                if o["ok"]:
                    s[0] = True
            elif actor == "honest":
                hon += 1
                if o["ok"] and o["cred"] in combo_creds:
                    s[1] = True
            else:
                errs.append("bad actor %r" % actor)
            if camp.startswith("phish/") and o["cred"] in combo_creds:
                errs.append("line %d: phished pair is in combos.txt" % (i + 1))
    if i + 1 != len(el):
        errs.append("event_labels length")
    if not per_server_sorted:
        errs.append("a server's log is not time-sorted")
    order = sorted(st, key=lambda u: u.encode("utf-8"))
    truth = "user\n" + "".join(u + "\n" for u in order if st[u][0])
    with open(os.path.join(d, "truth.csv"), encoding="utf-8") as f:
        if f.read() != truth:
            errs.append("truth.csv differs from the re-derivation")
    counts = {"compromised": 0, "exposed": 0, "targeted": 0, "benign": 0}
    with open(os.path.join(d, "labels.csv"), encoding="utf-8") as f:
        rows = f.read().splitlines()
    if rows[0] != "user,label,scenario" or len(rows) - 1 != len(order):
        errs.append("labels.csv header/length")
    for u, row in zip(order, rows[1:]):
        s = st[u]
        lab = "compromised" if s[0] else "exposed" if s[1] else "targeted" if s[2] else "benign"
        counts[lab] += 1
        ru, rl, _ = row.split(",")
        if ru != u or rl != lab:
            errs.append("labels.csv row %r expected %s,%s" % (row, u, lab))
            break
    with open(os.path.join(d, "meta.json"), encoding="utf-8") as f:
        meta = json.load(f)
    if meta["labels"] != counts:
        errs.append("meta labels %r != %r" % (meta["labels"], counts))
    if meta["lines"] != len(el) or meta["honest_lines"] != hon or meta["users"] != len(st):
        errs.append("meta line/user counts")
    if meta["ips"] != len(ips):
        errs.append("meta ips %d != %d" % (meta["ips"], len(ips)))
    if {c: {"lines": v[0], "ok": v[1]} for c, v in camps.items()} != meta["campaigns"]:
        errs.append("meta campaigns")
    return errs, meta


def file_digests(d):
    out = {}
    for name in sorted(os.listdir(d)):
        with open(os.path.join(d, name), "rb") as f:
            out[name] = hashlib.sha256(f.read()).hexdigest()
    return out


def selftest():
    ok_all = True

    def report(name, ok, detail=""):
        nonlocal ok_all
        ok_all &= ok
        print("%s  %s%s" % ("PASS" if ok else "FAIL", name, (": " + detail) if detail else ""))
    for key, user, pw, c, p in TEST_VECTORS:
        f = FP(key)
        report("vector %r %r" % (user, pw), f.cred(user, pw) == c and f.pw(pw) == p,
               "%s %s" % (f.cred(user, pw), f.pw(pw)))
    me = os.path.abspath(__file__)
    base = tempfile.mkdtemp(prefix="gen15-selftest-", dir="/tmp/gen15-scratch" if os.path.isdir("/tmp/gen15-scratch") else None)
    for prof in PROFILES:
        digs = []
        for hs in ("0", "4242", "random"):
            d = os.path.join(base, "%s-%s" % (prof, hs))
            env = dict(os.environ, PYTHONHASHSEED=hs)
            r = subprocess.run([sys.executable, me, "--seed", "7", "--accounts", "400", "--profile", prof,
                                "--out", d], env=env, capture_output=True, text=True)
            if r.returncode != 0:
                report("run %s PYTHONHASHSEED=%s" % (prof, hs), False, r.stderr[-400:])
                digs.append(None)
                continue
            digs.append(file_digests(d))
        report("determinism %s (PYTHONHASHSEED 0/4242/random)" % prof, digs[0] is not None and digs[0] == digs[1] == digs[2])
        errs, meta = rederive(os.path.join(base, "%s-0" % prof), DEFAULT_KEY)
        report("re-derivation %s (%d lines, %d compromised)" % (prof, meta["lines"], meta["compromised"]),
               not errs, "; ".join(errs[:5]))
    # the key changes fingerprints only
    d = os.path.join(base, "mixed-key")
    r = subprocess.run([sys.executable, me, "--seed", "7", "--accounts", "400", "--profile", "mixed", "--out", d,
                        "--key", "s3cr3t-pepper"], capture_output=True, text=True)
    a, b = file_digests(d), file_digests(os.path.join(base, "mixed-0"))
    same = all(a[n] == b[n] for n in ("truth.csv", "labels.csv", "event_labels.csv", "combos.txt", "meta.json"))
    report("labels independent of --key", r.returncode == 0 and same and a["events.jsonl"] != b["events.jsonl"])
    errs, _ = rederive(d, "s3cr3t-pepper")
    report("re-derivation under another key", not errs, "; ".join(errs[:5]))
    # a different seed gives a different world
    d2 = os.path.join(base, "mixed-seed8")
    subprocess.run([sys.executable, me, "--seed", "8", "--accounts", "400", "--profile", "mixed", "--out", d2],
                   capture_output=True, text=True)
    report("seed changes the world", file_digests(d2)["events.jsonl"] != b["events.jsonl"])
    print("selftest output kept in %s" % base)
    print("ALL PASS" if ok_all else "SOME CHECKS FAILED")
    return 0 if ok_all else 1


def main():
    ap = argparse.ArgumentParser(description="gen15: social-network login logs for credsieve")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--accounts", type=int, default=5000)
    ap.add_argument("--profile", choices=sorted(PROFILES), default="mixed")
    ap.add_argument("--out")
    ap.add_argument("--key", default=DEFAULT_KEY, help="fingerprint key (UTF-8); default the SPEC demo key")
    ap.add_argument("--selftest", action="store_true")
    args = ap.parse_args()
    if args.selftest:
        return selftest()
    if not args.out:
        ap.error("--out is required")
    if args.accounts < 100:
        ap.error("--accounts must be at least 100")
    t0 = time.time()
    meta = Gen(args.seed, args.accounts, args.profile, args.key).run(args.out)
    sys.stderr.write("gen15: %s seed=%d accounts=%d: %d lines (%d honest, %d attacker), %d users, %d compromised, "
                     "%.1f s\n" % (args.profile, args.seed, args.accounts, meta["lines"], meta["honest_lines"],
                                   meta["attacker_lines"], meta["users"], meta["compromised"], time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
