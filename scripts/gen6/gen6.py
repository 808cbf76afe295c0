#!/usr/bin/env python3
"""gen6: an independent, labelled synthetic night of logins for judging credsieve.

Standard library only, deterministic (same arguments -> same bytes on the same Python
minor version).  See README.md beside this file for every campaign, honest behaviour,
parameter and label.

    python3 gen6.py --seed S --accounts N --profile P --out DIR
    python3 gen6.py --selftest
"""

import argparse
import bisect
import csv
import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

VERSION = "gen6/1.0"
DEMO_KEY = "credsieve-demo-key"
WINDOW_START = dt.datetime(2026, 11, 20, tzinfo=dt.timezone.utc)   # a Friday
T0_US = int(WINDOW_START.timestamp()) * 1_000_000
SEC = 1_000_000
MIN = 60 * SEC
HOUR = 60 * MIN
DAY = 24 * HOUR
NEG_INF = -(10 ** 15)
SERVICE = "tessera"                         # the invented service being protected
SVC_DOMAIN = "tessera.app"

# ----------------------------------------------------------------------------------------
# SPEC section 2: fingerprints
# ----------------------------------------------------------------------------------------

def norm_user(u):
    return u.strip().lower()


class Fingerprints:
    def __init__(self, key):
        self.key = key.encode("utf-8") if isinstance(key, str) else key
        self._c = {}
        self._p = {}

    def cred(self, norm, pw):
        k = (norm, pw)
        v = self._c.get(k)
        if v is None:
            msg = b"c1\x00" + norm.encode("utf-8") + b"\x00" + pw.encode("utf-8")
            v = hmac.new(self.key, msg, hashlib.sha256).hexdigest()[:16]
            self._c[k] = v
        return v

    def pw(self, pw):
        v = self._p.get(pw)
        if v is None:
            sha = hashlib.sha1(pw.encode("utf-8")).hexdigest().upper().encode("ascii")
            v = hmac.new(self.key, b"p1\x00" + sha, hashlib.sha256).hexdigest()[:16]
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

# ----------------------------------------------------------------------------------------
# Vocabulary: countries, names, domains, passwords, user agents
# ----------------------------------------------------------------------------------------

# code, honest weight, UTC offsets (Nov), RIR, name culture, residential IPv6 share,
# iPhone share, weight in residential-proxy networks
COUNTRIES = [
    ("US", 28, [-5, -5, -6, -7, -8, -8], "arin", "en", .55, .55, 18),
    ("CA", 3, [-5, -5, -8], "arin", "en", .40, .50, 3),
    ("GB", 9, [0], "ripe", "en", .45, .50, 4),
    ("DE", 11, [1], "ripe", "de", .65, .35, 4),
    ("FR", 6, [1], "ripe", "fr", .75, .30, 3),
    ("ES", 4, [1], "ripe", "es", .30, .25, 2),
    ("IT", 3, [1], "ripe", "it", .20, .30, 2),
    ("NL", 3, [1], "ripe", "nl", .50, .40, 2),
    ("PL", 4, [1], "ripe", "pl", .30, .20, 3),
    ("BR", 6, [-3], "lacnic", "pt", .50, .15, 10),
    ("MX", 3, [-6], "lacnic", "es", .50, .20, 5),
    ("IN", 7, [5.5], "apnic", "in", .80, .05, 9),
    ("JP", 4, [9], "apnic", "jp", .50, .60, 2),
    ("AU", 3, [11], "apnic", "en", .40, .55, 1),
    ("RU", 2, [3], "ripe", "ru", .20, .20, 5),
    ("TR", 1, [3], "ripe", "tr", .10, .20, 4),
    ("CN", 1, [8], "apnic", "cn", .60, .25, 2),
    ("ID", 1, [7], "apnic", "id", .30, .10, 7),
    ("VN", .5, [7], "apnic", "vn", .50, .20, 6),
    ("ZA", .5, [2], "afrinic", "en", .20, .20, 2),
    ("TH", 0, [7], "apnic", "id", .50, .20, 4),
    ("PH", 0, [8], "apnic", "en", .30, .20, 4),
    ("UA", 0, [2], "ripe", "ru", .20, .20, 4),
    ("AR", 0, [-3], "lacnic", "es", .30, .20, 3),
    ("CO", 0, [-5], "lacnic", "es", .30, .20, 3),
    ("PK", 0, [5], "apnic", "in", .20, .10, 3),
    ("EG", 0, [2], "afrinic", "en", .10, .10, 3),
    ("KR", 0, [9], "apnic", "cn", .20, .30, 2),
]
CINFO = {c[0]: c for c in COUNTRIES}

# public-looking first octets (avoids 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12,
# 192.x, 198.x, 203.0.113/24, multicast and reserved space)
PUBLIC_V4_FIRST = [2, 5, 24, 31, 37, 41, 46, 49, 58, 59, 60, 61, 62, 66, 67, 68, 69, 70, 71,
                   72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90,
                   91, 92, 93, 94, 95, 96, 97, 98, 99, 101, 103, 104, 105, 106, 107, 108, 109,
                   110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124,
                   125, 138, 139, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150, 151, 152,
                   153, 154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164, 165, 166, 167,
                   168, 170, 171, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183, 184,
                   185, 186, 187, 188, 189, 190, 191, 193, 194, 195, 196, 197, 199, 200, 201,
                   202, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 216, 217, 218, 219,
                   220, 221, 222, 223]
REGION_V6 = {
    "arin": list(range(0x2600, 0x2608)),
    "ripe": list(range(0x2a00, 0x2a10)),
    "apnic": list(range(0x2400, 0x2410)),
    "lacnic": list(range(0x2800, 0x2806)),
    "afrinic": [0x2c0f],
}

W = str.split
NAMES = {
    "en": (W("james john robert michael william david richard joseph thomas christopher daniel "
             "matthew anthony mark steven andrew joshua kevin brian ryan mary patricia jennifer "
             "linda elizabeth barbara susan jessica sarah karen nancy lisa emily ashley michelle "
             "amanda melissa stephanie rebecca laura emma olivia sophia chloe jack harry oliver"),
           W("smith johnson williams brown jones miller davis wilson anderson taylor thomas moore "
             "martin jackson thompson white harris clark lewis robinson walker young allen king "
             "wright scott green baker adams nelson hill campbell mitchell roberts carter phillips "
             "evans turner parker collins edwards stewart morris murphy cook rogers")),
    "de": (W("lukas leon finn jonas paul felix maximilian jan tim niklas tobias florian stefan "
             "thomas andreas michael markus jürgen günter anna lena lea laura julia hannah sophie "
             "marie katharina sabine petra monika claudia susanne björn jörg"),
           W("müller schmidt schneider fischer weber meyer wagner becker schulz hoffmann schäfer "
             "koch bauer richter klein wolf schröder neumann schwarz zimmermann braun krüger "
             "hofmann hartmann lange werner krause lehmann köhler")),
    "fr": (W("jean pierre michel philippe alain nicolas julien thomas antoine louis hugo lucas "
             "marie nathalie isabelle sylvie camille manon léa chloé emma inès"),
           W("martin bernard dubois thomas robert richard petit durand leroy moreau simon laurent "
             "lefebvre michel garcia david bertrand roux vincent fournier morel girard andré "
             "lefèvre mercier dupont lambert bonnet")),
    "es": (W("jose antonio manuel francisco juan david javier carlos miguel alejandro maria carmen "
             "ana isabel laura lucia sofia paula elena marta diego pablo sergio"),
           W("garcia rodriguez gonzalez fernandez lopez martinez sanchez perez gomez martin jimenez "
             "ruiz hernandez diaz moreno alvarez romero navarro torres dominguez ramos vazquez")),
    "it": (W("marco giuseppe giovanni antonio mario luca francesco alessandro andrea matteo lorenzo "
             "giulia francesca chiara sara valentina alessia martina anna"),
           W("rossi russo ferrari esposito bianchi romano colombo ricci marino greco bruno gallo "
             "conti deluca mancini costa giordano rizzo lombardi moretti")),
    "nl": (W("daan sem lucas levi milan jesse thomas bram lars ruben emma julia sophie tess anna "
             "sara lisa fleur eva"),
           W("dejong jansen devries vandenberg vandijk bakker janssen visser smit meijer deboer "
             "mulder degroot bos vos peters hendriks")),
    "pl": (W("piotr krzysztof andrzej tomasz pawel michal marcin jakub adam lukasz anna maria "
             "katarzyna malgorzata agnieszka barbara ewa magdalena joanna zofia"),
           W("nowak kowalski wisniewski wojcik kowalczyk kaminski lewandowski zielinski szymanski "
             "wozniak dabrowski kozlowski jankowski mazur kwiatkowski krawczyk")),
    "pt": (W("joao pedro lucas gabriel rafael gustavo felipe matheus bruno thiago maria ana juliana "
             "mariana fernanda camila beatriz larissa amanda leticia"),
           W("silva santos oliveira souza rodrigues ferreira alves pereira lima gomes costa ribeiro "
             "martins carvalho almeida lopes soares fernandes vieira barbosa")),
    "in": (W("rahul amit rohit vikas sanjay suresh rajesh arjun aditya vivek priya pooja neha "
             "anjali kavita sunita divya deepika sneha ananya"),
           W("sharma verma gupta singh kumar patel shah reddy rao iyer nair mehta joshi mishra "
             "agarwal chopra malhotra das bose pillai")),
    "jp": (W("hiroshi takashi kenji yuki daiki shota haruto sota ren yuto yui hina sakura aoi "
             "yuna akari mio misaki ayaka haruka"),
           W("sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato yoshida "
             "yamada sasaki yamaguchi matsumoto inoue kimura hayashi shimizu")),
    "ru": (W("ivan dmitry sergey alexey andrey mikhail nikolai vladimir pavel maxim anna olga "
             "elena natalia tatiana irina svetlana maria ekaterina yulia"),
           W("ivanov smirnov kuznetsov popov vasiliev petrov sokolov mikhailov novikov fedorov "
             "morozov volkov alekseev lebedev semenov egorov pavlov kozlov")),
    "tr": (W("mehmet mustafa ahmet ali huseyin hasan ibrahim murat emre burak ayse fatma emine "
             "hatice zeynep elif merve ozlem"),
           W("yilmaz kaya demir sahin celik yildiz yildirim ozturk aydin ozdemir arslan dogan "
             "kilic aslan cetin kara koc kurt")),
    "cn": (W("wei fang na min jing li qiang lei jun yang yong yan jie tao ming chao xiu hua"),
           W("wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo")),
    "id": (W("budi agus andi dewi siti sri rina putri eko hadi wahyu indah ayu fitri rizky dimas"),
           W("santoso wijaya saputra kusuma pratama hidayat nugroho setiawan lestari rahayu "
             "susanto gunawan")),
    "vn": (W("anh minh huy tuan duc hung linh trang huong lan mai thao ngoc phuong"),
           W("nguyen tran le pham hoang phan vu dang bui do ho ngo duong ly")),
}
CYR_FIRST = W("иван дмитрий сергей алексей андрей михаил ольга елена наталья татьяна ирина")
CYR_LAST = W("иванов смирнов кузнецов попов петров соколов волков морозов лебедев козлов")
TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e",
                          "ï": "i", "î": "i", "ç": "c", "à": "a"})

GENERIC_DOMAINS = [("gmail.com", 34), ("outlook.com", 7), ("hotmail.com", 8), ("yahoo.com", 6),
                   ("icloud.com", 6), ("proton.me", 1.5), ("aol.com", 1), ("live.com", 2)]
LOCAL_DOMAINS = {
    "DE": [("gmx.de", 9), ("web.de", 8), ("t-online.de", 4), ("gmx.net", 3)],
    "FR": [("orange.fr", 8), ("free.fr", 5), ("laposte.net", 3), ("sfr.fr", 3)],
    "GB": [("btinternet.com", 4), ("sky.com", 2), ("yahoo.co.uk", 4)],
    "RU": [("mail.ru", 15), ("yandex.ru", 15), ("rambler.ru", 3)],
    "UA": [("ukr.net", 15), ("i.ua", 5)],
    "CN": [("qq.com", 25), ("163.com", 15), ("126.com", 5)],
    "KR": [("naver.com", 20), ("daum.net", 8)],
    "JP": [("yahoo.co.jp", 12), ("docomo.ne.jp", 4), ("ezweb.ne.jp", 3)],
    "BR": [("uol.com.br", 5), ("bol.com.br", 4), ("terra.com.br", 2)],
    "IN": [("rediffmail.com", 4), ("yahoo.co.in", 5)],
    "IT": [("libero.it", 10), ("virgilio.it", 4), ("alice.it", 3)],
    "PL": [("wp.pl", 10), ("o2.pl", 6), ("onet.pl", 6), ("interia.pl", 5)],
    "ES": [("telefonica.net", 3), ("yahoo.es", 4)],
    "NL": [("ziggo.nl", 5), ("kpnmail.nl", 4), ("hetnet.nl", 2)],
    "TR": [("yandex.com.tr", 4), ("mynet.com", 3)],
    "MX": [("prodigy.net.mx", 4), ("yahoo.com.mx", 5)],
    "AU": [("bigpond.com", 6), ("optusnet.com.au", 3)],
    "CA": [("rogers.com", 3), ("sympatico.ca", 2), ("shaw.ca", 2)],
    "ID": [("yahoo.co.id", 8)], "VN": [("yahoo.com.vn", 6)], "ZA": [("mweb.co.za", 4)],
}
CORPS = [("northwind-logistics.com", "US", -5), ("helix-biotech.de", "DE", 1),
         ("orion-assurance.co.uk", "GB", 0), ("kestrel-systems.com", "US", -8),
         ("baltic-freight.pl", "PL", 1), ("marlin-retail.fr", "FR", 1)]
UNIS = [("student.uni-hohenfeld.de", "DE", 1), ("mail.riverbend.edu", "US", -6),
        ("alumni.kingsmere.ac.uk", "GB", 0)]

# An invented ranking of common passwords (most common first).  Not fetched from anywhere.
COMMON_PASSWORDS = W("""
123456 password 123456789 12345678 qwerty 12345 111111 1234567 123123 password1 1234567890
000000 abc123 iloveyou qwerty123 1q2w3e4r 654321 123321 1qaz2wsx 666666 qwertyuiop 987654321
7777777 112233 121212 555555 dragon monkey football baseball letmein sunshine princess shadow
superman michael welcome master admin hello123 freedom whatever trustno1 starwars passw0rd
Password1 Password123 P@ssw0rd Qwerty123! Welcome1 Welcome123 Aa123456 zaq12wsx asdfghjkl 1q2w3e
q1w2e3r4 159753 147258369 qazwsx liverpool arsenal chelsea barcelona hallo123 passwort azerty
soleil doudou marseille 123qwe cricket naruto pokemon minecraft samsung iphone jordan23 charlie
jessica ashley daniel andrew thomas hunter2 batman pepper ginger buster killer soccer hockey
summer winter flower love123 lovely mustang access 696969 11111111 88888888 1111 0000 asdf1234
zxcvbnm abcd1234 test123 Test1234! test1234 changeme secret guest computer internet matrix
Password! Passw0rd! Welcome1! Summer2025! Winter2025! Spring2026! Summer2026! Autumn2026!
Winter2026! November2026 Qwerty1! Password2026 Password2025 Admin123 admin123 pass123 1234qwer
q1w2e3r4t5 a123456 123456a woaini1314 5201314 qwe123 zxc123 aaaaaa abcdef 123abc iloveu loveyou
147258 159357 789456 123654 456789 1password mypassword superstar rockstar angel babygirl
butterfly chocolate cookie purple orange banana cheese michelle nicole jennifer joshua matthew
amanda maggie tigger bailey schalke04 bvb09 fcbayern borussia hamburg berlin123 paris123
london123 moscow brasil123 india@123 sachin cricket123 krishna ganesh sairam 1234abcd bonjour
motdepasse vasco123 flamengo corinthians palmeiras senha123 sakura pikachu doraemon qwerty1
qwerty12 asdasd zxcvbn 1qazxsw2 1234asdf 11223344 aa123456 123456789a 123456q qwe123qwe
q123456 Aa123456! Qwerty12 Qwerty123 Password12 Password1! P@ssword1 P@ssw0rd1 Welcome2026!
Company123 Changeme1 Letmein1 Monkey123 Dragon123 Football1 Baseball1 Sunshine1 Iloveyou1
Princess1 Charlie1 Michael1 Jessica1 Ashley1 123456789! 12345678! Zxcvbnm1 iloveyou2 jesus
jesus1 blessed blessing grace123 faith123 hope123 ferrari porsche mercedes bmw123 audi123
pакета пароль йцукен привет qwertz ichliebedich schatz123 schätzchen fußball1 ciao123 amore
juventus forzainter napoli1 gatito tequiero teamo123 contraseña 12qwaszx lovelove mylove
abc12345 password123 iloveyou1 qwertyui 987654 a1b2c3 passpass 123qweasd 1qaz2wsx3edc
""")
COMMON_PASSWORDS = [p for p in dict.fromkeys(COMMON_PASSWORDS) if p != "pакета"]

# Zipf-like popularity: the top entry is ~1.5% of all users (~7% of the "common" class)
COMMON_CUM = []
for _r in range(len(COMMON_PASSWORDS)):
    COMMON_CUM.append((COMMON_CUM[-1] if COMMON_CUM else 0.0) + 1.0 / (_r + 1) ** 0.78)

WORDS = W("sunflower dolphin tiger falcon rainbow silver dragon coffee pizza guitar ocean forest "
          "thunder shadow phoenix mercury jupiter galaxy cherry mango hunter ranger wizard pirate "
          "rocket panther eagle wolf bear lion princess angel sunshine butterfly blueberry "
          "chocolate cookie muffin pumpkin snowball diamond crystal storm river mountain")
PETS = W("bella max luna charlie lucy buddy milo daisy coco rocky simba nala oscar teddy molly "
         "bailey lola ruby toby leo loki zeus kira")
TEAMS = W("liverpool chelsea arsenal barca realmadrid juventus bayern dortmund flamengo yankees "
          "lakers cowboys packers celtic rangers ajax psg galatasaray fenerbahce")
PHRASE_WORDS = W("correct horse battery staple purple monkey dishwasher river stone green apple "
                 "window garden yellow candle winter orbit copper violin harbor pencil meadow "
                 "lantern velvet cactus marble tunnel anchor pepper quartz falcon saddle biscuit")
CYR_WORDS = W("привет солнце любовь москва наташа котик")
SEASONS = ["Spring", "Summer", "Autumn", "Fall", "Winter"]
STRONG_CHARS = ("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
                "!@#$%^&*-_=+:;.,?~")

SPRAY_CORP = ["Autumn2026!", "Winter2026!", "November2026!", "Fall2026!", "Welcome2026!",
              "Company123", "Welcome1!", "Password1!"]
SPRAY_CONSUMER = ["123456", "Password1", "qwerty123", "iloveyou", "password123", "Aa123456",
                  "1q2w3e4r", "12345678"]

# --- user agents --------------------------------------------------------------------------
APP_NAME = "Tessera"
APP_CURRENT = ["8.14.2", "8.14.1", "8.13.0", "8.12.3", "8.11.0", "8.9.4", "7.22.1"]
APP_CURRENT_W = [30, 18, 15, 12, 8, 5, 3]
IOS_VERSIONS = ["26.1", "26.0.1", "18.7.2", "18.6.2", "17.7.1"]
ANDROID_MODELS = ["SM-S921B", "SM-A556B", "Pixel 8", "Pixel 9 Pro", "2201117TY", "CPH2581",
                  "moto g54 5G", "SM-G991B", "M2101K6G", "V2250"]


def ua_desktop(rng, modern=True):
    cv = rng.randint(139, 143) if modern else rng.randint(100, 138)
    fv = rng.randint(143, 146) if modern else rng.randint(102, 142)
    r = rng.random()
    if r < .42:
        return ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                f"Chrome/{cv}.0.0.0 Safari/537.36")
    if r < .55:
        return ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                f"Chrome/{cv}.0.0.0 Safari/537.36 Edg/{cv}.0.0.0")
    if r < .70:
        return ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
                f"Gecko) Chrome/{cv}.0.0.0 Safari/537.36")
    if r < .82:
        sv = rng.choice(["26.1", "26.0", "18.6", "18.5"] if modern else ["17.6", "16.6", "15.6.1"])
        return ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
                f"Gecko) Version/{sv} Safari/605.1.15")
    if r < .94:
        return (f"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{fv}.0) Gecko/20100101 "
                f"Firefox/{fv}.0")
    return f"Mozilla/5.0 (X11; Linux x86_64; rv:{fv}.0) Gecko/20100101 Firefox/{fv}.0"


def ua_phone_browser(rng, ios, modern=True):
    if ios:
        osv = rng.choice(["18_6", "18_7", "17_7"]) if modern else rng.choice(["16_7", "15_8"])
        sv = rng.choice(["26.1", "26.0", "18.6"]) if modern else rng.choice(["16.6", "15.6"])
        return (f"Mozilla/5.0 (iPhone; CPU iPhone OS {osv} like Mac OS X) AppleWebKit/605.1.15 "
                f"(KHTML, like Gecko) Version/{sv} Mobile/15E148 Safari/604.1")
    cv = rng.randint(139, 143) if modern else rng.randint(100, 130)
    if rng.random() < .2:
        return ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
                f"SamsungBrowser/{rng.randint(27, 29)}.0 Chrome/{cv - 6}.0.0.0 Mobile Safari/537.36")
    return ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
            f"Chrome/{cv}.0.0.0 Mobile Safari/537.36")


def ua_app(rng, ios, version=None):
    v = version or rng.choices(APP_CURRENT, APP_CURRENT_W)[0]
    build = 40000 + sum(int(x) * m for x, m in zip(v.split("."), (1000, 10, 1)))
    if ios:
        return (f"{APP_NAME}/{v} (app.tessera.ios; build:{build}; iOS {rng.choice(IOS_VERSIONS)}) "
                "Alamofire/5.10.2")
    return (f"{APP_NAME}/{v} (Android {rng.choice(['16', '15', '14', '13'])}; "
            f"{rng.choice(ANDROID_MODELS)}; build {build}) okhttp/4.12.0")


def ua_mail(rng, phone, ios):
    if phone:
        if ios:
            return rng.choice(["iOS/26.1 (23B85) dataaccessd/1.0", "iOS/18.7.2 (22H124) dataaccessd/1.0",
                               "iOS/18.6.2 (22G100) dataaccessd/1.0"])
        return rng.choice(["Android-Mail/2025.10.26.826461827.Release", "K-9 Mail/6.804",
                           "Outlook-Android/2.0", "BlueMail/1.9.8.26"])
    return rng.choice(["Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.18227; Pro)",
                       "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)",
                       "Thunderbird/140.4.0", "Thunderbird/128.14.0esr",
                       "Apple Mail (macOS 26.1) accountsd/113", "eM Client/10.3.2509.0", None])


OB_UAS = [  # typical hard-coded UAs of OpenBullet/SilverBullet configs (stale Chrome builds)
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/83.0.4103.116 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.124 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.110 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:89.0) Gecko/20100101 Firefox/89.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 14_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.1.1 Mobile/15E148 Safari/604.1",
]
SENTRY_UAS = [  # the very old random-UA lists that SentryMBA-era configs still ship
    "Mozilla/5.0 (Windows; U; Windows NT 6.1; en-US; rv:1.9.2.13) Gecko/20101203 Firefox/3.6.13",
    "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)",
    "Opera/9.80 (Windows NT 6.1; U; en) Presto/2.10.289 Version/12.02",
    "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2228.0 Safari/537.36",
    "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2; Trident/6.0)",
]
TOOL_UAS = ["python-requests/2.32.3", "python-requests/2.31.0", "Go-http-client/2.0",
            "Go-http-client/1.1", "curl/8.5.0", "okhttp/3.12.12", "axios/1.7.9", "aiohttp/3.9.5"]
MONITOR_UAS = [
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/141.0.0.0 Safari/537.36 DatadogSynthetics",
    "Datadog/Synthetics",
]
QA_UAS = ["k6/0.57.0 (https://k6.io/)", "Apache-HttpClient/4.5.14 (Java/21.0.5)"]
E2E_UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "HeadlessChrome/142.0.7444.59 Safari/537.36 Playwright/1.56")

# local-hour activity curve for people (index = local hour)
DIURNAL = [0.8, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 2.0, 3.2, 3.5, 3.2, 3.0, 3.4, 3.2, 3.0, 2.9,
           3.0, 3.2, 3.6, 4.0, 4.2, 3.8, 2.8, 1.6]
DIURNAL_STUDENT = [2.0, 1.5, 0.9, 0.4, 0.2, 0.2, 0.3, 0.8, 1.6, 2.4, 2.8, 2.9, 3.0, 3.0, 3.0, 3.0,
                   3.0, 3.2, 3.4, 3.6, 3.9, 4.2, 4.0, 3.0]
DIURNAL_WORK = [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.6, 2.5, 5.0, 4.5, 3.5, 3.0, 3.5, 3.5, 3.0, 2.5,
                2.0, 1.2, 0.9, 0.8, 0.8, 0.6, 0.4, 0.3]

# ----------------------------------------------------------------------------------------
# Profiles
# ----------------------------------------------------------------------------------------

BASE = dict(
    # population and networks
    p_employee=.12, n_corps=3, p_student=.07, n_unis=1,
    cgnat_pool=(8, 24), corp_egress=(1, 3), uni_pool=(6, 16),
    p_mobile_only=.15, p_no_phone=.10, p_relay=.25, p_vpn=.03, p_pm=.30,
    activity=[(0, 46), (1, 32), (2, 11), (3, 6), (5, 3.5), (9, 1.5)],
    # honest behaviours
    p_mailpoll=.035, p_stale=.006, p_forgot=.008, p_oldfirst=.012, p_oldfirst_emp=.08,
    p_typo=.05, p_misfill=.04, p_family=.02, p_traveller=.015, p_usertypo=.01, p_autocap=.08,
    probe_mult=1.0, probe_locations=(3, 5), probe_intervals=[120, 300, 300, 600],
    probe_incidents=1, qa_e2e=False, qa_mult=1.0,
    # leaks
    combos_per_account=6.0, p_leak_cur=.03, p_leak_old=.07, p_leak_other=.06,
    p_infostealer=.004, p_private_other=.01,
    # attacks (list set per profile)
    p_return=.6, p_ato=.15,
    ipv4_mapped_imap=False,
)

ATTACKS_MIXED = [
    dict(kind="concentrated", name="stuff_concentrated", size=.8, rate=(.8, 2.5), hit_share=.015,
         private_share=.10, svc="web", via="vps", ua="fixed_ob"),
    dict(kind="botnet", name="stuff_botnet", size=1.1, hours=(4, 9), hit_share=.015,
         private_share=.15, per_ip=4, api_share=.3, diurnal=False,
         mix=dict(res=.58, mob=.25, home=.10, v6=.05, uni=.02)),
    dict(kind="v6rot", name="stuff_ipv6_rotation", size=.3, gap=(.8, 3.0), hit_share=.015,
         private_share=.10),
    dict(kind="lowslow", name="stuff_low_slow", size=.04, hit_share=.10, gap=(150, 600),
         mix=dict(res=.6, mob=.3, home=.1)),
    dict(kind="spray", name="spray_sso_legacy", target="corp", frac=.5, passwords=3, svc="sso",
         ips=(2, 4), round_min=(15, 50), gap_h=(1.5, 4)),
    dict(kind="spray", name="spray_web_proxy", target="consumer", frac=.02, passwords=2,
         svc="web", ips=None, round_min=(60, 150), gap_h=(2, 5),
         mix=dict(res=.7, mob=.2, home=.1)),
    dict(kind="brute", name="bruteforce", targets=2, gap=(.3, 2.0), via="vps", max_tries=1500),
    dict(kind="infostealer", name="infostealer_oneshot", n=.001),
]

PROFILES = {
    "mixed": dict(attacks=ATTACKS_MIXED),
    "shared_nat": dict(
        p_employee=.25, n_corps=3, p_student=.12, n_unis=2, cgnat_pool=(2, 6), corp_egress=(1, 2),
        uni_pool=(2, 6), p_relay=.5, p_vpn=.06, p_stale=.008, p_mailpoll=.04,
        attacks=[
            dict(kind="concentrated", name="stuff_concentrated_vpn", size=.6, rate=(.5, 1.5),
                 hit_share=.015, private_share=.1, svc="web", via="vpn", ua="random_ob"),
            dict(kind="botnet", name="stuff_mobile_proxy", size=1.0, hours=(5, 10), hit_share=.015,
                 private_share=.15, per_ip=4, api_share=.5, diurnal=False,
                 mix=dict(res=.10, mob=.55, home=.25, v6=.02, uni=.08)),
            dict(kind="v6rot", name="stuff_ipv6_rotation", size=.15, gap=(1, 4), hit_share=.015,
                 private_share=.1),
            dict(kind="lowslow", name="stuff_low_slow", size=.05, hit_share=.10, gap=(120, 500),
                 mix=dict(res=.2, mob=.6, home=.2)),
            dict(kind="spray", name="spray_sso_legacy", target="corp", frac=.4, passwords=3,
                 svc="sso", ips=(2, 3), round_min=(20, 60), gap_h=(2, 4)),
            dict(kind="spray", name="spray_mobile_proxy", target="consumer", frac=.02,
                 passwords=2, svc="api", ips=None, round_min=(60, 180), gap_h=(2, 5),
                 mix=dict(res=.1, mob=.7, home=.2)),
            dict(kind="brute", name="bruteforce", targets=2, gap=(1, 5), via="mobile",
                 max_tries=800),
            dict(kind="infostealer", name="infostealer_oneshot", n=.0015),
        ]),
    "low_slow": dict(
        p_return=.75, p_infostealer=.006,
        attacks=[
            dict(kind="concentrated", name="stuff_slow_single", size=.25, rate=(.015, .03),
                 hit_share=.015, private_share=.1, svc="api", via="vps", ua="app_spoof"),
            dict(kind="botnet", name="stuff_botnet_1perip", size=.8, hours=(22, 23.5),
                 hit_share=.015, private_share=.15, per_ip=1, api_share=.4, diurnal=True,
                 mix=dict(res=.6, mob=.25, home=.10, v6=.05)),
            dict(kind="v6rot", name="stuff_ipv6_rotation_slow", size=.1, gap=(20, 90),
                 hit_share=.015, private_share=.1),
            dict(kind="lowslow", name="stuff_low_slow", size=.15, hit_share=.10, gap=(60, 300),
                 mix=dict(res=.55, mob=.35, home=.10)),
            dict(kind="spray", name="spray_sso_slow", target="corp", frac=.5, passwords=2,
                 svc="sso", ips=(3, 6), round_min=(180, 360), gap_h=(6, 8)),
            dict(kind="spray", name="spray_web_slow", target="consumer", frac=.015, passwords=2,
                 svc="web", ips=None, round_min=(300, 500), gap_h=(3, 6),
                 mix=dict(res=.7, mob=.2, home=.1)),
            dict(kind="brute", name="bruteforce_slow", targets=2, gap=(30, 150), via="proxy",
                 max_tries=400),
            dict(kind="infostealer", name="infostealer_oneshot", n=.003),
        ]),
    "noisy": dict(
        p_mailpoll=.075, p_stale=.02, p_forgot=.03, p_oldfirst=.04, p_oldfirst_emp=.15,
        p_typo=.10, p_misfill=.08, p_family=.05, p_traveller=.03, p_usertypo=.03,
        probe_mult=2.0, probe_incidents=3, qa_e2e=True, qa_mult=1.5, p_vpn=.05,
        ipv4_mapped_imap=True,
        attacks=[dict(a, size=a["size"] * .6) if "size" in a else a for a in ATTACKS_MIXED]),
}


def profile_params(name):
    p = dict(BASE)
    p.update(PROFILES[name])
    return p


# ----------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------

class R(random.Random):
    def chance(self, p):
        return self.random() < p

    def wpick(self, pairs):
        return self.choices([a for a, _ in pairs], [w for _, w in pairs])[0]

    def expo(self, mean):
        return self.expovariate(1.0 / mean)


def v6str(h1, h2, h3, h4, iid):
    return str(ipaddress.IPv6Address((h1 << 112) | (h2 << 96) | (h3 << 80) | (h4 << 64) | iid))


def tweak_candidates(pw):
    out = []
    m = re.search(r"(\d+)(\D*)$", pw)
    if m:
        num = m.group(1)
        out.append(pw[:m.start(1)] + str(int(num) + 1).zfill(len(num)) + m.group(2))
    else:
        out.append(pw + "1")
    out.append(pw + "!" if not pw.endswith("!") else pw + "!")
    if pw[:1].isalpha():
        out.append((pw[0].upper() if pw[0].islower() else pw[0].lower()) + pw[1:])
    return [c for c in dict.fromkeys(out) if c != pw]


def typo_of(rng, pw):
    for _ in range(5):
        t = _typo_of(rng, pw)
        if t != pw:
            return t
    return pw + rng.choice("1qa")


def _typo_of(rng, pw):
    r = rng.random()
    if r < .25 and any(c.isalpha() for c in pw):
        return pw.swapcase()                       # caps lock
    if r < .45 and len(pw) > 1:
        return pw[:-1]                             # missed last key
    if r < .60:
        i = rng.randrange(len(pw))
        return pw[:i] + pw[i] + pw[i:]             # double key
    if r < .75 and pw[:1].isalpha():
        return (pw[0].upper() if pw[0].islower() else pw[0].lower()) + pw[1:]   # autocap
    i = rng.randrange(len(pw))
    near = "qwertyuiopasdfghjklzxcvbnm1234567890"
    return pw[:i] + rng.choice(near) + pw[i + 1:]


def local_hour(t, off):
    return ((t / HOUR) + off) % 24.0


def sample_local_time(rng, off, curve):
    h = rng.choices(range(24), curve)[0]
    local = (h + rng.random()) * HOUR
    return int((local - off * HOUR) % DAY)


# ----------------------------------------------------------------------------------------
# the world
# ----------------------------------------------------------------------------------------

class Persona:
    __slots__ = ("pid", "acct", "country", "off", "home", "carrier", "corp", "uni", "devices",
                 "relay", "vpn", "autocap", "trailing", "pm", "ios", "travel", "role",
                 "nsessions", "curve", "stale_member")


class Account:
    __slots__ = ("user", "disp", "kind", "country", "off", "pwclass", "pw0", "old", "personas",
                 "corp", "uni", "plans", "leaks", "tags", "common_rank")


class World:
    def __init__(self, seed, n_accounts, profile, key=DEMO_KEY):
        self.seed = seed
        self.N = max(200, int(n_accounts))
        self.profile = profile
        self.P = profile_params(profile)
        self.fp = Fingerprints(key)
        self.rng = self.sub("main")
        self.events = []       # (t, seq, svc, typed, ip, pw, ua, actor, campaign, net)
        self.seq = 0
        self.tl = {}           # norm -> [times, pws]   true password timeline
        self.btl = {}          # norm -> [times, pws]   what the honest side believes
        self.accounts = []
        self.by_user = {}
        self.taken = set()     # every normalised name in use (service + leak filler)
        self.households = []
        self.acct_tags = {}    # norm -> dict(tag -> True)

    # -- plumbing -------------------------------------------------------------------------
    def sub(self, name):
        return R(f"gen6|{self.seed}|{self.profile}|{self.N}|{name}")

    def h(self, *parts):
        s = "\x1f".join(map(str, (self.seed,) + parts)).encode("utf-8")
        return int.from_bytes(hashlib.blake2b(s, digest_size=8).digest(), "big")

    def emit(self, t, svc, typed, ip, pw, ua, actor, campaign, net=None):
        t = int(t)
        if t < 0 or t >= DAY:
            return False
        self.seq += 1
        self.events.append((t, self.seq, svc, typed, ip, pw, ua, actor, campaign, net))
        return True

    def tag(self, norm, tag):
        self.acct_tags.setdefault(norm, {})[tag] = True

    def set_pw(self, norm, t, pw, belief=True, truth=True):
        for store, do in ((self.tl, truth), (self.btl, belief)):
            if not do:
                continue
            times, pws = store.setdefault(norm, ([], []))
            i = bisect.bisect_right(times, t)
            times.insert(i, t)
            pws.insert(i, pw)

    @staticmethod
    def _at(store, norm, t):
        tl = store.get(norm)
        if tl is None:
            return None
        i = bisect.bisect_right(tl[0], t) - 1
        return tl[1][i] if i >= 0 else None

    def pw_at(self, norm, t):
        return self._at(self.tl, norm, t)

    def belief_at(self, norm, t):
        return self._at(self.btl, norm, t)

    # -- addresses ------------------------------------------------------------------------
    def build_networks(self):
        rng = self.sub("net")
        P = self.P
        used16, used32 = set(), set()

        def v4_16():
            while True:
                k = (rng.choice(PUBLIC_V4_FIRST), rng.randrange(256))
                if k not in used16:
                    used16.add(k)
                    return k

        def v6_32(region):
            while True:
                k = (rng.choice(REGION_V6[region]), rng.randrange(0x10000))
                if k not in used32:
                    used32.add(k)
                    return k
        self._v4_16, self._v6_32 = v4_16, v6_32

        self.isps, self.carriers = {}, {}
        for code, _, _, region, _, v6share, _, _ in COUNTRIES:
            isps = []
            for i in range(rng.randint(2, 3)):
                isps.append(dict(country=code, v4=[v4_16() for _ in range(rng.randint(2, 5))],
                                 v6=v6_32(region) if rng.random() < v6share * 1.3 else None,
                                 w=rng.uniform(.5, 2.0)))
            self.isps[code] = isps
            cars = []
            for i in range(rng.randint(2, 3)):
                a, b = v4_16()
                n = rng.randint(*P["cgnat_pool"])
                c_blocks = [rng.randrange(256) for _ in range(rng.randint(1, 3))]
                pool = sorted({f"{a}.{b}.{rng.choice(c_blocks)}.{rng.randint(1, 254)}"
                               for _ in range(n)})
                cars.append(dict(country=code, pool=pool,
                                 v6=v6_32(region) if rng.random() < .7 else None,
                                 w=rng.uniform(.5, 2.0)))
            self.carriers[code] = cars

        self.hosting = []
        for code in ["US", "DE", "NL", "FR", "GB", "US", "JP", "DE"]:
            self.hosting.append(dict(country=code, v4=[v4_16() for _ in range(2)],
                                     v6=v6_32(CINFO[code][3])))

        self.corps = []
        for i in range(min(P["n_corps"], len(CORPS))):
            dom, cc, off = CORPS[i]
            a, b = v4_16()
            c = rng.randrange(256)
            base = rng.randint(2, 200)
            eg = [f"{a}.{b}.{c}.{base + k}" for k in range(rng.randint(*P["corp_egress"]))]
            v6 = []
            if rng.random() < .4:
                h1, h2 = v6_32(CINFO[cc][3])
                h3 = rng.randrange(0x10000)
                v6 = [v6str(h1, h2, h3, 0, 0x10 + k) for k in range(rng.randint(1, 2))]
            self.corps.append(dict(domain=dom, country=cc, off=off, egress=eg, v6egress=v6,
                                   employees=[]))
        self.unis = []
        for i in range(min(P["n_unis"], len(UNIS))):
            dom, cc, off = UNIS[i]
            a, b = v4_16()
            c = rng.randrange(256)
            start = rng.randint(1, 180)
            pool = [f"{a}.{b}.{c}.{start + k}" for k in range(rng.randint(*P["uni_pool"]))]
            h1, h2 = v6_32(CINFO[cc][3])
            v6 = (h1, h2, rng.randrange(0x10000)) if rng.random() < .6 else None
            self.unis.append(dict(domain=dom, country=cc, off=off, pool=pool, v6=v6))

        self.vpn_exits = []
        for _prov in range(2):
            for i in range(rng.randint(25, 45)):
                hp = rng.choice(self.hosting)
                a, b = rng.choice(hp["v4"])
                ip6 = v6str(*hp["v6"], rng.randrange(0x10000), rng.randrange(0x10000),
                            rng.randint(1, 255)) if rng.random() < .4 else None
                region = CINFO[rng.choice(["US", "GB", "DE", "NL", "FR", "JP", "CA", "US"])][3]
                self.vpn_exits.append(dict(region=region, v4=f"{a}.{b}.{rng.randrange(256)}."
                                           f"{rng.randint(1, 254)}", v6=ip6))
        self.relay = {}
        for region in ["arin", "ripe", "apnic", "lacnic", "afrinic"]:
            a, b = v4_16()
            cs = [rng.randrange(256) for _ in range(3)]
            v4 = sorted({f"{a}.{b}.{rng.choice(cs)}.{rng.randint(1, 254)}"
                         for _ in range(rng.randint(30, 60))})
            h1, h2 = v6_32("arin")
            h3 = rng.randrange(0x10000)
            v6 = [v6str(h1, h2, h3, rng.randrange(0x10000), rng.randint(1, 0xffff))
                  for _ in range(rng.randint(20, 40))]
            self.relay[region] = dict(v4=v4, v6=v6)

    def isp_addr(self, rng, isp, v6=False):
        if v6 and isp["v6"]:
            return v6str(*isp["v6"], rng.randrange(0x10000), rng.randrange(0x10000),
                         rng.getrandbits(64))
        a, b = rng.choice(isp["v4"])
        return f"{a}.{b}.{rng.randrange(256)}.{rng.randint(1, 254)}"

    def new_household(self, rng, country):
        isps = self.isps[country]
        isp = rng.choices(isps, [i["w"] for i in isps])[0]
        a, b = rng.choice(isp["v4"])
        hh = dict(isp=isp, v4=f"{a}.{b}.{rng.randrange(256)}.{rng.randint(1, 254)}",
                  v6=None, renumber=None)
        if isp["v6"]:
            hh["v6"] = (isp["v6"][0], isp["v6"][1], rng.randrange(0x10000), rng.randrange(256) << 8)
        if rng.random() < .04:    # DHCP lease renumbered during the night
            hh["renumber"] = (rng.randrange(DAY), f"{a}.{b}.{rng.randrange(256)}.{rng.randint(1, 254)}")
        self.households.append(hh)
        return hh

    def vps(self, rng, country=None):
        hs = [h for h in self.hosting if country is None or h["country"] == country] or self.hosting
        hp = rng.choice(hs)
        a, b = rng.choice(hp["v4"])
        return dict(v4=f"{a}.{b}.{rng.randrange(256)}.{rng.randint(2, 254)}",
                    v6p=(hp["v6"][0], hp["v6"][1], rng.randrange(0x10000), rng.randrange(0x10000)),
                    country=hp["country"])

    def proxy_ip(self, rng, mix, country=None):
        """An exit of a residential/mobile proxy network (or a proxyware household)."""
        kind = rng.wpick(list(mix.items()))
        if country is None:
            country = rng.choices([c[0] for c in COUNTRIES], [c[7] for c in COUNTRIES])[0]
        if kind == "home" and self.households:
            hh = rng.choice(self.households)
            return hh["v4"], "proxy_home"
        if kind == "mob":
            cars = self.carriers[country]
            car = rng.choices(cars, [c["w"] for c in cars])[0]
            if car["v6"] and rng.random() < .2:
                return v6str(*car["v6"], rng.randrange(0x10000), rng.randrange(0x10000),
                             rng.getrandbits(64)), "proxy_mobile"
            return rng.choice(car["pool"]), "proxy_mobile"
        if kind == "uni" and self.unis:
            return rng.choice(rng.choice(self.unis)["pool"]), "proxy_campus"
        isp = rng.choice(self.isps[country])
        return self.isp_addr(rng, isp, v6=(kind == "v6")), "proxy_res"

    # -- where is a persona's device at time t? --------------------------------------------
    def locate(self, ps, dev, t, rng):
        """Returns (ip, net_tag)."""
        off = ps.off
        tr = ps.travel
        if tr and tr["start"] <= t < tr["end"]:
            off = tr["off"]
            if dev["kind"] in ("phone_app", "phone_browser", "mail_phone") and rng.random() < .35:
                pass   # roaming: mobile data egresses through the home carrier
            else:
                return tr["ip"], "net_hotel"
        lh = local_hour(t, off)
        k = dev["kind"]
        phone = k in ("phone_app", "phone_browser", "mail_phone")
        if ps.vpn and k not in ("mail_phone", "mail_desktop") and rng.random() < .7:
            ex = self.vpn_exits[self.h(ps.pid, "vpn", int(t // (3 * HOUR))) % len(self.vpn_exits)]
            if ex["v6"] and rng.random() < .3:
                return ex["v6"], "net_vpn"
            return ex["v4"], "net_vpn"
        if ps.relay and k == "phone_browser":
            pool = self.relay[CINFO[ps.country][3]]
            if rng.random() < .5:
                return rng.choice(pool["v6"]), "net_private_relay"
            return rng.choice(pool["v4"]), "net_private_relay"
        place = "home"
        if phone:
            if lh < 7 or lh >= 19:
                place = "home"
            elif lh < 9 or lh >= 17:
                place = "cell"
            else:
                r = (self.h(ps.pid, "day", int(t // HOUR)) % 100) / 100.0
                if ps.corp is not None:
                    place = "corp" if r < .55 else "cell"
                elif ps.uni is not None:
                    place = "uni" if r < .5 else "cell"
                else:
                    place = "home" if r < .35 else "cell"
        else:
            if ps.corp is not None and 8 <= lh < 18:
                place = "corp"
            elif ps.uni is not None and 9 <= lh < 17 and (self.h(ps.pid, "c", int(t // HOUR)) % 10) < 4:
                place = "uni"
            else:
                place = "home"
        if place == "home" and ps.home is None:
            place = "cell" if ps.carrier is not None else "hotspot"
        if place == "cell" and ps.carrier is None:
            place = "home" if ps.home is not None else "hotspot"
        if place == "home":
            hh = ps.home
            if hh["v6"] and dev.get("v6") and rng.random() < .7:
                h1, h2, h3, h4 = hh["v6"]
                h4 |= self.h(ps.pid, dev["kind"], "sub") % 256
                iid = self.h(ps.pid, dev["kind"], "tmp", int((t + self.h(ps.pid, "ph") % DAY) // DAY))
                return v6str(h1, h2, h3, h4, iid), None
            if hh["renumber"] and t >= hh["renumber"][0]:
                return hh["renumber"][1], None
            return hh["v4"], None
        if place == "cell":
            car = ps.carrier
            seglen = (20 + self.h(ps.pid, "seglen") % 100) * MIN
            seg = int((t + self.h(ps.pid, "segph") % seglen) // seglen)
            if car["v6"] and dev.get("v6") and rng.random() < .75:
                hx = self.h(ps.pid, "m6", seg)
                return v6str(car["v6"][0], car["v6"][1], hx & 0xffff, (hx >> 16) & 0xffff,
                             self.h(ps.pid, "m6i", seg)), None
            return car["pool"][self.h(ps.pid, "cg", seg) % len(car["pool"])], "net_cgnat"
        if place == "corp":
            c = self.corps[ps.corp]
            if c["v6egress"] and dev.get("v6") and rng.random() < .5:
                return c["v6egress"][self.h(ps.pid, int(t // HOUR)) % len(c["v6egress"])], "net_corp_nat"
            return c["egress"][self.h(ps.pid, "eg", int(t // (20 * MIN))) % len(c["egress"])], "net_corp_nat"
        if place == "uni":
            u = self.unis[ps.uni]
            if u["v6"] and dev.get("v6") and rng.random() < .6:
                return v6str(*u["v6"], self.h(ps.pid, "u6") & 0xffff,
                             self.h(ps.pid, "u6i", int(t // DAY))), None
            return u["pool"][self.h(ps.pid, "up", int(t // (30 * MIN))) % len(u["pool"])], "net_campus_nat"
        # no home, no carrier: cafe / public wifi
        isp = self.isps[ps.country][self.h(ps.pid, "cafe") % len(self.isps[ps.country])]
        return self.isp_addr(rng, isp), None

    # -- usernames and passwords ------------------------------------------------------------
    def make_username(self, rng, country, domain=None, plain=None):
        culture = CINFO[country][4]
        firsts, lasts = NAMES[culture]
        f, l = rng.choice(firsts), rng.choice(lasts)
        if culture == "de" and rng.random() < .85:
            f, l = f.translate(TRANSLIT), l.translate(TRANSLIT)
        elif culture in ("fr",) and rng.random() < .8:
            f, l = f.translate(TRANSLIT), l.translate(TRANSLIT)
        if plain is None:
            plain = rng.random() < .18 and domain is None
        if plain:
            if culture == "ru" and rng.random() < .2:
                return rng.choice(CYR_FIRST) + rng.choice(["_", ".", ""]) + rng.choice(CYR_LAST) + \
                    (str(rng.randint(1, 99)) if rng.random() < .5 else "")
            r = rng.random()
            if r < .3:
                return rng.choice(WORDS + PETS) + rng.choice(["", "_", "x"]) + str(rng.randint(1, 9999))
            if r < .55:
                return f + l[:1] + str(rng.randint(1, 99))
            if r < .75:
                return f + "_" + l
            if r < .9:
                return rng.choice(["xX", "the", "mr", "real", "its"]) + rng.choice(WORDS).capitalize() + \
                    rng.choice(["Xx", "", "99", "_"])
            return f + str(rng.randint(1960, 2008))
        if domain is None:
            pairs = GENERIC_DOMAINS + LOCAL_DOMAINS.get(country, [])
            domain = rng.wpick(pairs)
        r = rng.random()
        if r < .30:
            local = f"{f}.{l}"
        elif r < .45:
            local = f + l
        elif r < .57:
            local = f"{f[0]}{l}"
        elif r < .67:
            local = f"{f}_{l}"
        elif r < .80:
            local = f"{f}.{l}{rng.randint(1, 99)}"
        elif r < .90:
            local = f"{f}{rng.choice([rng.randint(60, 99), rng.randint(1960, 2008)])}"
        else:
            local = f"{l}.{f}"
        return f"{local}@{domain}"

    def gen_password(self, rng, cls, first=None, country=None):
        if cls == "common":
            return rng.choices(COMMON_PASSWORDS, cum_weights=COMMON_CUM)[0]
        if cls == "season":
            s = rng.wpick([("Autumn", 30), ("Fall", 12), ("Winter", 20), ("Summer", 15),
                           ("Spring", 8), ("November", 8), ("October", 7)])
            y = 2026 if rng.random() < .8 else 2025
            return f"{s}{y}" + rng.wpick([("!", 60), ("", 15), ("#", 10), ("?", 5), ("!!", 10)])
        if cls == "pattern":
            if country in ("RU", "UA") and rng.random() < .25:
                return rng.choice(CYR_WORDS) + str(rng.randint(1, 2010))
            base = rng.choice([first or rng.choice(WORDS), rng.choice(WORDS), rng.choice(PETS),
                               rng.choice(TEAMS)])
            if country == "DE" and rng.random() < .1:
                base = rng.choice(["schöne", "bärchen", "müsli", "süße"])
            r = rng.random()
            if r < .30:
                return base + str(rng.choice([rng.randint(1, 99), rng.randint(1960, 2012)]))
            if r < .50:
                return base.capitalize() + str(rng.randint(1, 9999)) + rng.choice(["!", ".", "@", "#", ""])
            if r < .62:
                return base + rng.choice(["123", "1234", "12", "1"])
            if r < .80:
                return base.capitalize() + str(rng.randint(1985, 2024)) + "!"
            return base + rng.choice(["_", ".", ""]) + rng.choice(WORDS) + str(rng.randint(0, 9))
        if cls == "phrase":
            k = rng.randint(3, 4)
            sep = rng.choice(["-", " ", "", ".", "_"])
            ws = [rng.choice(PHRASE_WORDS) for _ in range(k)]
            if sep == "":
                ws = [w.capitalize() for w in ws]
            return sep.join(ws) + (str(rng.randint(0, 99)) if rng.random() < .4 else "")
        # strong (password manager)
        n = rng.randint(14, 24)
        return "".join(rng.choice(STRONG_CHARS) for _ in range(n))

    # -- accounts ---------------------------------------------------------------------------
    def build_accounts(self):
        rng = self.sub("accounts")
        P = self.P
        n_probe = max(4, min(40, round(self.N / 500 * P["probe_mult"])))
        n_qa = max(20, min(600, round(self.N / 25 * P["qa_mult"])))
        self.n_probe, self.n_qa = n_probe, n_qa
        n_reg = self.N - n_probe - 1 - n_qa - (5 if P["qa_e2e"] else 0)
        weights = [c[1] for c in COUNTRIES]
        codes = [c[0] for c in COUNTRIES]
        for i in range(n_reg):
            a = Account()
            a.kind = "regular"
            a.country = rng.choices(codes, weights)[0]
            a.off = rng.choice(CINFO[a.country][2])
            a.corp = a.uni = None
            if rng.random() < P["p_employee"] and self.corps:
                a.corp = rng.choices(range(len(self.corps)), [3, 2, 2, 1, 1, 1][:len(self.corps)])[0]
                c = self.corps[a.corp]
                if rng.random() < .7:
                    a.country, a.off = c["country"], c["off"]
            elif rng.random() < P["p_student"] and self.unis:
                a.uni = rng.randrange(len(self.unis))
                u = self.unis[a.uni]
                a.country, a.off = u["country"], u["off"]
            dom = None
            if a.corp is not None and rng.random() < .75:
                dom = self.corps[a.corp]["domain"]
            elif a.uni is not None and rng.random() < .4:
                dom = self.unis[a.uni]["domain"]
            for _ in range(50):
                u = self.make_username(rng, a.country, dom)
                if norm_user(u) not in self.taken:
                    break
                u = u.replace("@", str(rng.randint(1, 999)) + "@", 1) if "@" in u else u + str(rng.randint(1, 999))
                if norm_user(u) not in self.taken:
                    break
            a.user = norm_user(u)
            self.taken.add(a.user)
            # registered spelling: mostly lower case; some mixed-case plain names
            a.disp = a.user
            if "@" not in a.user and rng.random() < .15:
                a.disp = a.user[:1].upper() + a.user[1:]
            first = re.split(r"[._@0-9]", a.user)[0] or None
            r = rng.random()
            if a.corp is not None and r < .18:
                cls = "season"
            elif r < .20:
                cls = "common"
            elif r < .60:
                cls = "pattern"
            elif r < .70:
                cls = "phrase"
            else:
                cls = "strong"
            if a.uni is not None and cls == "strong" and rng.random() < .5:
                cls = "pattern"
            a.pwclass = cls
            a.pw0 = self.gen_password(rng, cls, first, a.country)
            a.common_rank = COMMON_PASSWORDS.index(a.pw0) if a.pw0 in COMMON_PASSWORDS else None
            a.old = []
            for _ in range(rng.choices([0, 1, 2, 3], [35, 35, 20, 10])[0]):
                prev = a.old[-1] if a.old else a.pw0
                if cls == "season":
                    m = re.match(r"([A-Za-z]+)(\d{4})(.*)", prev)
                    si = (SEASONS.index(m.group(1)) if m and m.group(1) in SEASONS else 3)
                    yr = int(m.group(2)) if m else 2026
                    si -= 1
                    if si < 0:
                        si, yr = len(SEASONS) - 1, yr - 1
                    o = f"{SEASONS[si]}{yr}" + (m.group(3) if m else "!")
                elif rng.random() < .35 and re.search(r"\d", prev):
                    m = re.search(r"(\d+)(\D*)$", prev)
                    o = (prev[:m.start(1)] + str(max(0, int(m.group(1)) - 1)).zfill(len(m.group(1))) +
                         m.group(2)) if m else prev + "0"
                else:
                    o = self.gen_password(rng, "pattern" if cls in ("common", "season") else cls,
                                          first, a.country)
                if o != a.pw0 and o not in a.old:
                    a.old.append(o)
            a.plans = {}
            a.leaks = {}
            a.tags = {}
            a.personas = []
            self.add_account(a)
            if a.corp is not None:
                self.corps[a.corp]["employees"].append(a)

        # monitoring and QA accounts (real, provisioned accounts of the service)
        self.probe_accounts = []
        for i in range(n_probe):
            a = self.special_account(f"synthetic-login-{i + 1:02d}@monitoring.{SVC_DOMAIN}",
                                     "probe", "SynthMon-" + "".join(rng.choice(STRONG_CHARS[:57]) for _ in range(12)))
            self.probe_accounts.append(a)
        self.probe_negative = self.special_account(f"synthetic-badpass@monitoring.{SVC_DOMAIN}",
                                                   "probe", "SynthMon-" + "".join(rng.choice(STRONG_CHARS[:57]) for _ in range(12)))
        self.qa_pw = "Test1234!" if rng.random() < .5 else "Qa-Load-2026"
        self.qa_accounts = [self.special_account(f"qa.load.{i + 1:04d}@qa.{SVC_DOMAIN}", "qa", self.qa_pw)
                            for i in range(n_qa)]
        self.e2e_accounts = []
        if P["qa_e2e"]:
            self.e2e_accounts = [self.special_account(f"e2e-user-{i + 1}@qa.{SVC_DOMAIN}", "qa",
                                                      "E2e!" + "".join(rng.choice(STRONG_CHARS[:57]) for _ in range(10)))
                                 for i in range(5)]

    def special_account(self, user, kind, pw):
        a = Account()
        a.user = a.disp = user
        a.kind = kind
        a.country, a.off = "US", 0
        a.pwclass, a.pw0, a.old, a.common_rank = "service", pw, [], None
        a.corp = a.uni = None
        a.plans, a.leaks, a.tags, a.personas = {}, {}, {}, []
        self.taken.add(user)
        self.add_account(a)
        return a

    def add_account(self, a):
        self.accounts.append(a)
        self.by_user[a.user] = a
        self.set_pw(a.user, NEG_INF, a.pw0)

    def build_personas(self):
        rng = self.sub("personas")
        P = self.P
        acts = P["activity"]
        pid = 0
        for a in self.accounts:
            if a.kind != "regular":
                continue
            members = 1
            if rng.random() < P["p_family"]:
                members = rng.randint(2, 4)
                a.tags["family_shared"] = True
            for m in range(members):
                ps = Persona()
                pid += 1
                ps.pid = pid
                ps.acct = a
                ps.role = "owner" if m == 0 else "family"
                ps.country, ps.off = a.country, a.off
                ps.corp = a.corp if m == 0 else None
                ps.uni = a.uni if m == 0 else None
                mobile_only = rng.random() < P["p_mobile_only"]
                has_phone = mobile_only or rng.random() > P["p_no_phone"]
                ps.home = None if mobile_only else (a.personas[0].home if (m > 0 and rng.random() < .4) else
                                                    self.new_household(rng, ps.country))
                cars = self.carriers[ps.country]
                ps.carrier = rng.choices(cars, [c["w"] for c in cars])[0] if has_phone else None
                ps.ios = rng.random() < CINFO[ps.country][6]
                ps.pm = a.pwclass == "strong" or rng.random() < P["p_pm"] * .3
                ps.autocap = rng.random() < P["p_autocap"]
                ps.trailing = rng.random() < .006
                ps.vpn = rng.random() < P["p_vpn"]
                ps.relay = ps.ios and rng.random() < P["p_relay"]
                ps.travel = None
                ps.stale_member = m > 0 and rng.random() < .3
                devs = []
                if not mobile_only:
                    devs.append(dict(kind="desktop_browser", ua=ua_desktop(rng, rng.random() < .85),
                                     svc="sso" if (ps.corp is not None and rng.random() < .6 and a.user.endswith(self.corps[ps.corp]["domain"])) else "web",
                                     v6=rng.random() < .9))
                if has_phone:
                    if rng.random() < .65:
                        devs.append(dict(kind="phone_app", ua=ua_app(rng, ps.ios), svc="api", v6=True))
                    if rng.random() < .6 or len(devs) == 0:
                        devs.append(dict(kind="phone_browser", ua=ua_phone_browser(rng, ps.ios, rng.random() < .9),
                                         svc="web", v6=True))
                if not devs:
                    devs.append(dict(kind="desktop_browser", ua=ua_desktop(rng), svc="web", v6=True))
                ps.devices = devs
                ps.curve = DIURNAL_STUDENT if ps.uni is not None else DIURNAL
                base = rng.wpick(acts)
                if base and m > 0:
                    base = max(1, base // 2)
                ps.nsessions = base
                a.personas.append(ps)

    # -- honest plans decided before the attacks (they change password timelines) ---------
    def plan_honest(self):
        rng = self.sub("plans")
        P = self.P
        regs = [a for a in self.accounts if a.kind == "regular"]
        for a in regs:
            owner = a.personas[0]
            # healthy mail polling (IMAP/ActiveSync basic auth)
            if rng.random() < P["p_mailpoll"]:
                phone = owner.carrier is not None and (rng.random() < .55 or not any(d["kind"] == "desktop_browser" for d in owner.devices))
                owner.devices.append(dict(kind="mail_phone" if phone else "mail_desktop",
                                          ua=ua_mail(rng, phone, owner.ios), svc="imap", v6=True,
                                          poll=rng.choice([300, 600, 600, 900, 900, 1800]),
                                          night_off=rng.random() < (.3 if phone else 1.0),
                                          lag=rng.expo(1.5 * HOUR)))
                a.plans["mail_poll"] = True
            # stale cached password after a password change
            if rng.random() < P["p_stale"]:
                if rng.random() < .6:
                    tc = -int(rng.uniform(.5, 36) * HOUR)
                else:
                    tc = int(rng.uniform(.5, 20) * HOUR)
                newpw = rng.choice(tweak_candidates(a.pw0)) if rng.random() < .35 else \
                    self.gen_password(rng, "pattern" if a.pwclass in ("common", "season") else a.pwclass)
                a.old.insert(0, a.pw0)
                oldpw = a.pw0
                if tc < 0:
                    # the change happened before the window: the old value is history
                    a.pw0 = newpw
                    self.tl[a.user] = ([NEG_INF, tc], [oldpw, newpw])
                    self.btl[a.user] = ([NEG_INF, tc], [oldpw, newpw])
                else:
                    self.set_pw(a.user, tc, newpw)
                fix = tc + rng.expo(8 * HOUR) if rng.random() < .7 else 10 * DAY
                phone = owner.carrier is not None
                kind = rng.choice(["mail_phone", "phone_app"]) if phone else "mail_desktop"
                interval = rng.choice([60, 120, 300, 300, 600, 900, 900, 1800]) if kind != "phone_app" \
                    else rng.choice([60, 120, 300, 600])
                owner.devices.append(dict(kind=kind, svc="api" if kind == "phone_app" else "imap",
                                          ua=ua_app(rng, owner.ios) if kind == "phone_app" else ua_mail(rng, phone, owner.ios),
                                          v6=True, poll=interval, night_off=False, stale_from=tc,
                                          stale_pw=oldpw, fix=fix, burst=rng.choice([1, 1, 2, 3]),
                                          lag=0))
                a.plans["stale"] = dict(tc=tc, old=oldpw, leaked=rng.random() < .5)
            # forgot password: 2-4 wrong (old) passwords, maybe a reset
            if rng.random() < P["p_forgot"] and owner.nsessions >= 0:
                t = sample_local_time(rng, a.off, owner.curve)
                k = rng.randint(2, 4)
                cands = list(a.old) + tweak_candidates(a.pw0) + [self.gen_password(rng, "pattern")]
                tries = cands[:k] if len(cands) >= k else cands
                reset = rng.random() < .4
                a.plans["forgot"] = dict(t=t, tries=tries, reset=reset)
                if reset:
                    tr = t + (len(tries) + 1) * 30 * SEC + int(rng.uniform(2, 10) * MIN)
                    newpw = self.gen_password(rng, "pattern" if a.pwclass in ("common", "season") else a.pwclass)
                    a.plans["forgot"]["reset_t"] = tr
                    a.plans["forgot"]["new"] = newpw
                    self.set_pw(a.user, tr, newpw)
            # traveller
            if rng.random() < P["p_traveller"] and owner.nsessions > 0:
                dest = rng.choice([c[0] for c in COUNTRIES if c[0] != a.country and c[1] > 0])
                isp = rng.choice(self.isps[dest])
                start = rng.randrange(0, DAY - 4 * HOUR)
                owner.travel = dict(start=start, end=start + int(rng.uniform(4, 20) * HOUR),
                                    off=rng.choice(CINFO[dest][2]), ip=self.isp_addr(rng, isp),
                                    country=dest)
                owner.nsessions = max(owner.nsessions, 2)

    # -- leaks --------------------------------------------------------------------------------
    def build_leaks(self):
        rng = self.sub("leaks")
        P = self.P
        self.combo_svc = []      # (typed_user, pw, kind, norm) for service accounts in combos
        self.private_svc = []    # pairs only attackers have
        lines = []
        for a in self.accounts:
            if a.kind != "regular":
                continue

            def typed():
                r = rng.random()
                if r < .8:
                    return a.user
                if r < .95 and "@" in a.user:
                    loc, dom = a.user.split("@", 1)
                    return loc[:1].upper() + loc[1:] + "@" + dom.capitalize()
                return a.user.upper() if r < .97 else a.disp
            st = a.plans.get("stale")
            cur_pws = [a.pw0]
            if st and st["tc"] >= 0:
                cur_pws = [st["old"]]   # at the window start the old one is still current
            if rng.random() < P["p_leak_cur"] * (1.6 if a.pwclass in ("common", "pattern") else .5):
                u = typed()
                lines.append(f"{u}:{cur_pws[0]}")
                self.combo_svc.append((u, cur_pws[0], "cur", a.user))
                a.leaks["leak_pair_current"] = True
            olds = [o for o in a.old if o not in cur_pws]
            if st and st["leaked"]:
                u = typed()
                lines.append(f"{u}:{st['old']}")
                self.combo_svc.append((u, st["old"], "cur" if st["tc"] >= 0 else "old", a.user))
                a.leaks["leak_pair_current" if st["tc"] >= 0 else "leak_pair_old"] = True
            elif olds and rng.random() < P["p_leak_old"] * 1.6:
                o = olds[0] if rng.random() < .7 else rng.choice(olds)   # usually the latest one
                u = typed()
                lines.append(f"{u}:{o}")
                self.combo_svc.append((u, o, "old", a.user))
                a.leaks["leak_pair_old"] = True
            if rng.random() < P["p_leak_other"]:
                o = self.gen_password(rng, rng.choice(["common", "pattern", "pattern", "strong"]))
                if o != a.pw0 and o not in a.old:
                    u = typed()
                    lines.append(f"{u}:{o}")
                    self.combo_svc.append((u, o, "other", a.user))
                    a.leaks["leak_pair_other"] = True
            if rng.random() < P["p_infostealer"]:
                self.private_svc.append((a.user, cur_pws[0], "infostealer", a.user))
                a.leaks["private_infostealer"] = True
            elif rng.random() < P["p_private_other"]:
                o = self.gen_password(rng, "pattern")
                if o != a.pw0:
                    self.private_svc.append((a.user, o, "private_other", a.user))
        # monitoring probes: an old probe password pasted into a public gist years ago
        for a in self.probe_accounts[:2]:
            if rng.random() < .5:
                lines.append(f"{a.user}:SynthMon-2023")
        # filler: everybody else in the dumps (not accounts of this service)
        n_fill = int(self.N * P["combos_per_account"])
        fill_codes = [c[0] for c in COUNTRIES]
        fill_w = [c[1] + c[7] * .5 for c in COUNTRIES]
        self.combo_fill = []
        cls_pairs = [("common", 30), ("pattern", 45), ("phrase", 5), ("strong", 8), ("season", 2)]
        for _ in range(n_fill):
            cc = rng.choices(fill_codes, fill_w)[0]
            for _ in range(5):
                u = self.make_username(rng, cc, plain=rng.random() < .12)
                if norm_user(u) not in self.taken:
                    break
            else:
                continue
            if rng.random() < .03:
                u = u[:1].upper() + u[1:]
            pw = self.gen_password(rng, rng.wpick(cls_pairs), re.split(r"[._@0-9]", u)[0], cc)
            lines.append(f"{u}:{pw}")
            self.combo_fill.append((u, pw))
            if rng.random() < .08:   # same person in two dumps
                pw2 = rng.choice(tweak_candidates(pw)) if rng.random() < .5 else self.gen_password(rng, "pattern")
                lines.append(f"{u}:{pw2}")
                self.combo_fill.append((u, pw2))
        # exact duplicate lines and the usual junk of circulated dumps
        for _ in range(len(lines) // 100):
            lines.append(rng.choice(lines))
        junk = []
        for _ in range(max(2, len(lines) // 5000)):
            r = rng.random()
            if r < .4:
                junk.append("")
            elif r < .7:
                junk.append(rng.choice(self.combo_fill)[0])          # no separator
            else:
                junk.append("=" * rng.randint(10, 40))
        lines.extend(junk)
        rng.shuffle(lines)
        self.combo_lines = lines
        self.combo_pairs = set()
        for ln in lines:
            if ":" in ln:
                u, p = ln.split(":", 1)
                self.combo_pairs.add((norm_user(u), p))
        # password list: invented common list first, then patterns and passwords seen in dumps
        pwl = list(COMMON_PASSWORDS)
        for s in SEASONS:
            for y in range(2019, 2027):
                pwl += [f"{s}{y}", f"{s}{y}!"]
        for y in range(2020, 2027):
            pwl += [f"Password{y}!", f"Welcome{y}!", f"Welcome{y}"]
        for t in TEAMS + PETS:
            pwl += [t + "123", t + "1", t.capitalize() + "1!"]
        seen = [p for _, p in self.combo_fill] + [p for _, p, _, _ in self.combo_svc]
        rng.shuffle(seen)
        pwl += seen[:int(self.N * .8)]
        self.pw_list = [p for p in dict.fromkeys(pwl) if p and "\n" not in p]
        self.pw_set = set(self.pw_list)

    # -- attacks --------------------------------------------------------------------------
    def stuff_list(self, rng, size, hit_share, private_share, tweaks=False):
        n_hit = max(1, round(size * hit_share))
        n_priv = round(size * private_share)
        out = []
        if self.combo_svc:
            for u, p, kind, _nm in rng.sample(self.combo_svc, min(n_hit, len(self.combo_svc))):
                out.append((u, p))
                if tweaks and kind in ("old", "other") and rng.random() < .6:
                    for c in tweak_candidates(p)[:2]:
                        out.append((u, c))
        for _ in range(n_priv):
            if self.private_svc and rng.random() < .05:
                u, p, _, _ = rng.choice(self.private_svc)
                out.append((u, p))
            else:
                cc = rng.choice([c[0] for c in COUNTRIES])
                u = self.make_username(rng, cc)
                out.append((u, self.gen_password(rng, rng.choice(["common", "pattern", "pattern"]))))
        rest = max(0, size - len(out))
        out.extend(rng.sample(self.combo_fill, min(rest, len(self.combo_fill))))
        rng.shuffle(out)
        return out

    def attacker_browser_ua(self, rng, api=False):
        if api:
            return ua_app(rng, rng.random() < .4)
        r = rng.random()
        if r < .55:
            return ua_desktop(rng, modern=rng.random() < .6)
        return ua_phone_browser(rng, rng.random() < .4, modern=rng.random() < .6)

    def atk_concentrated(self, s):
        rng = self.sub(s["name"])
        lst = self.stuff_list(rng, max(30, int(self.N * s["size"])), s["hit_share"], s["private_share"])
        if s["via"] == "vpn":
            ex = rng.choice([e for e in self.vpn_exits])
            self.shared_vpn_exit = ex
            ips = [ex["v4"], rng.choice(self.vpn_exits)["v4"]]
        else:
            v = self.vps(rng)
            a, b, c, d = v["v4"].split(".")
            ips = [v["v4"], f"{a}.{b}.{c}.{(int(d) % 250) + 3}"]
        rate = rng.uniform(*s["rate"])
        dur = len(lst) / rate * 1.15
        start = rng.uniform(0, max(0.0, DAY / SEC - dur - 600)) * SEC
        switch = int(len(lst) * rng.uniform(.55, .9))
        svc = s["svc"]
        fixed = rng.choice(OB_UAS)
        spoof = ua_app(rng, False, version="7.9.0")
        t = start
        for i, (u, pw) in enumerate(lst):
            t += rng.expo(SEC / rate)
            if rng.random() < .002:
                t += rng.uniform(60, 900) * SEC       # proxy/ban pause
            ip = ips[0] if i < switch else ips[1]
            if s["ua"] == "fixed_ob":
                ua = fixed
            elif s["ua"] == "app_spoof":
                ua = spoof
            else:
                ua = rng.choice(OB_UAS + SENTRY_UAS)
            if not self.emit(t, svc, u, ip, pw, ua, "attacker", s["name"]):
                break
            if self.pw_at(norm_user(u), t) == pw and rng.random() < .3:
                self.emit(t + rng.uniform(2, 8) * SEC, svc, u, ip, pw, ua, "attacker", s["name"])

    def atk_botnet(self, s):
        rng = self.sub(s["name"])
        lst = self.stuff_list(rng, max(30, int(self.N * s["size"])), s["hit_share"], s["private_share"])
        hours = rng.uniform(*s["hours"])
        start = rng.uniform(0, 24 - hours) * HOUR
        i = 0
        while i < len(lst):
            ip, _ = self.proxy_ip(rng, s["mix"])
            k = 1 if s["per_ip"] == 1 else min(s["per_ip"], 1 + int(rng.expo(0.9)))
            if s["diurnal"]:
                # mimic the target population's day: sample a US/EU-ish local day curve
                base = sample_local_time(rng, rng.choice([-5, 0, 1]), DIURNAL)
                base = start + (base / DAY) * hours * HOUR
            else:
                base = start + rng.random() * hours * HOUR
            api = rng.random() < s["api_share"]
            ua = self.attacker_browser_ua(rng, api)
            t = base
            for _ in range(k):
                if i >= len(lst):
                    break
                u, pw = lst[i]
                i += 1
                self.emit(t, "api" if api else "web", u, ip, pw, ua, "attacker", s["name"])
                if rng.random() < .04:      # proxy error -> the checker retries elsewhere
                    ip2, _ = self.proxy_ip(rng, s["mix"])
                    self.emit(t + rng.uniform(2, 30) * SEC, "api" if api else "web", u, ip2, pw, ua,
                              "attacker", s["name"])
                t += rng.uniform(1, 120) * SEC

    def atk_v6rot(self, s):
        rng = self.sub(s["name"])
        lst = self.stuff_list(rng, max(30, int(self.N * s["size"])), s["hit_share"], s["private_share"])
        v = self.vps(rng)
        h1, h2, h3, h4 = v["v6p"]
        seq = rng.random() < .25
        base_iid = rng.getrandbits(48)
        mean_gap = rng.uniform(*s["gap"])
        dur = len(lst) * mean_gap * 1.1
        start = rng.uniform(0, max(0.0, DAY / SEC - dur)) * SEC
        t = start
        ua_pool = TOOL_UAS[:4] + OB_UAS[:2]
        ua = rng.choice(ua_pool)
        for i, (u, pw) in enumerate(lst):
            t += rng.expo(mean_gap * SEC)
            iid = (base_iid + i + 1) if seq else rng.getrandbits(64)
            if not self.emit(t, "web", u, v6str(h1, h2, h3, h4, iid), pw, ua, "attacker", s["name"]):
                break

    def atk_lowslow(self, s):
        rng = self.sub(s["name"])
        lst = self.stuff_list(rng, max(20, int(self.N * s["size"])), s["hit_share"], 0.05, tweaks=True)
        off = rng.choice([-5, 0, 1])          # the working day it hides in (US-East or Europe)
        t = rng.uniform(0, 3) * HOUR
        for u, pw in lst:
            a = self.by_user.get(norm_user(u))
            cc = a.country if a else None
            t += rng.uniform(*s["gap"]) * SEC
            # only during waking hours of the population it targets
            while not (7 <= local_hour(t, off) < 23.5) and t < DAY:
                t += 10 * MIN
            if t >= DAY:
                break
            ip, _ = self.proxy_ip(rng, s["mix"], cc)
            api = rng.random() < .5
            ua = ua_app(rng, rng.random() < .5) if api else ua_desktop(rng) if rng.random() < .6 else \
                ua_phone_browser(rng, rng.random() < .5)
            self.emit(t, "api" if api else "web", u, ip, pw, ua, "attacker", s["name"])

    def atk_spray(self, s):
        rng = self.sub(s["name"])
        regs = [a for a in self.accounts if a.kind == "regular"]
        if s["target"] == "corp" and self.corps:
            corp = max(self.corps, key=lambda c: len(c["employees"]))
            emps = [a for a in corp["employees"] if a.user.endswith("@" + corp["domain"])]
            targets = [a.user for a in rng.sample(emps, max(1, int(len(emps) * s["frac"])))] if emps else []
            fake = []
            for _ in range(max(3, len(targets) // 10)):
                f, l = rng.choice(NAMES["en"][0]), rng.choice(NAMES["en"][1])
                n = rng.choice([f"{f}.{l}", f"{f[0]}{l}", "admin", "it-support", "hr", "scanner",
                                "backup", "test"]) + "@" + corp["domain"]
                if n not in self.by_user:
                    fake.append(n)
            targets += fake
            pws = rng.sample(SPRAY_CORP, s["passwords"])
        else:
            n = max(10, int(self.N * s["frac"]))
            targets = [a.user for a in rng.sample(regs, min(n, len(regs)))]
            targets += [self.make_username(rng, rng.choice(["US", "GB", "DE"])) for _ in range(n // 10)]
            pws = rng.sample(SPRAY_CONSUMER[:4], min(s["passwords"], 4))
        ips = None
        if s["ips"]:
            ips = [self.vps(rng)["v4"] for _ in range(rng.randint(*s["ips"]))]
        svc = s["svc"]
        round_start = rng.uniform(0, 4) * HOUR
        for pw in pws:
            order = list(targets)
            rng.shuffle(order)
            span = rng.uniform(*s["round_min"]) * MIN
            for k, u in enumerate(order):
                t = round_start + span * k / max(1, len(order)) + rng.uniform(0, 5) * SEC
                if ips:
                    ip = ips[k % len(ips)]
                    ua = "BAV2ROPC" if svc == "sso" else None
                else:
                    ip, _ = self.proxy_ip(rng, s["mix"])
                    ua = self.attacker_browser_ua(rng, svc == "api")
                self.emit(t, svc, u, ip, pw, ua, "attacker", s["name"])
            round_start += span + rng.uniform(*s["gap_h"]) * HOUR

    def atk_brute(self, s):
        rng = self.sub(s["name"])
        regs = [a for a in self.accounts if a.kind == "regular" and not a.plans.get("stale")]
        weak = [a for a in regs if a.common_rank is not None and a.common_rank < 150]
        strong = [a for a in regs if a.pwclass in ("strong", "phrase", "pattern")]
        chosen = []
        if weak:
            chosen.append(rng.choice(weak))
        while len(chosen) < s["targets"] and strong:
            c = rng.choice(strong)
            if c not in chosen:
                chosen.append(c)
        t0 = rng.uniform(0, 12) * HOUR
        for a in chosen:
            first = re.split(r"[._@0-9]", a.user)[0]
            dictionary = list(COMMON_PASSWORDS)
            dictionary[10:10] = [first + "123", first + "1", first + "2024", first + "2025", first.capitalize() + "1!"]
            for w in WORDS + PETS + TEAMS:
                dictionary += [w + "1", w + "123", w.capitalize() + "1!"]
            dictionary = list(dict.fromkeys(dictionary))[:s["max_tries"]]
            if s["via"] == "vps":
                ipf = lambda: self._brute_ip
                self._brute_ip = self.vps(rng)["v4"]
            elif s["via"] == "mobile":
                car = rng.choice(self.carriers[a.country])
                ipf = lambda car=car: rng.choice(car["pool"][:2])
            else:
                ipf = lambda cc=a.country: self.proxy_ip(rng, dict(res=.7, mob=.3), cc)[0]
            svc = rng.choice(["web", "api", "imap"]) if s["via"] != "proxy" else "web"
            ua = rng.choice(TOOL_UAS) if svc != "imap" else None
            t = t0
            for pw in dictionary:
                t += rng.uniform(*s["gap"]) * SEC
                if not self.emit(t, svc, a.disp, ipf(), pw, ua, "attacker", s["name"]):
                    break
                if self.pw_at(a.user, t) == pw:
                    break
            t0 = t + rng.uniform(.5, 3) * HOUR

    def atk_infostealer(self, s):
        rng = self.sub(s["name"])
        n = max(1, round(self.N * s["n"]))
        cands = [a for a in self.accounts if a.kind == "regular" and a.leaks.get("private_infostealer")]
        others = [a for a in self.accounts if a.kind == "regular" and a not in cands]
        rng.shuffle(cands)
        chosen = cands[:n] + rng.sample(others, max(0, n - len(cands)))
        for a in chosen:
            t = sample_local_time(rng, a.off, DIURNAL)
            pw = self.pw_at(a.user, t)     # stolen from the victim's browser: current value
            owner = a.personas[0]
            r = rng.random()
            if r < .35 and owner.carrier:
                ip = rng.choice(owner.carrier["pool"])        # mobile proxy on the same carrier
            else:
                ip, _ = self.proxy_ip(rng, dict(res=.8, mob=.2), a.country)
            dev = next((d for d in owner.devices if d["kind"] == "desktop_browser"), owner.devices[0])
            ua = dev["ua"] if dev["kind"] != "mail_phone" else ua_desktop(rng)
            self.emit(t, "web", a.disp, ip, pw, ua, "attacker", s["name"])

    def attacker_followups(self):
        """Returns to taken accounts (verify hit, then come back later), ATO password changes."""
        rng = self.sub("returns")
        P = self.P
        first = {}
        for e in sorted((e for e in self.events if e[7] == "attacker"), key=lambda e: (e[0], e[1])):
            nm = norm_user(e[3])
            if nm in first or nm not in self.by_user:
                continue
            if self.pw_at(nm, e[0]) == e[5]:
                first[nm] = e
        self.ato = {}
        for nm in sorted(first):
            e = first[nm]
            a = self.by_user[nm]
            if a.kind != "regular" or rng.random() >= P["p_return"]:
                continue
            t = e[0]
            pw = e[5]
            for j in range(rng.choices([1, 2, 3], [55, 30, 15])[0]):
                t += int(rng.uniform(20, 360 if j == 0 else 480) * MIN)
                if t >= DAY:
                    break
                r = rng.random()
                if r < .55:
                    ip, _ = self.proxy_ip(rng, dict(res=.75, mob=.25), a.country)
                elif r < .7:
                    ip = e[4]
                elif r < .85:
                    ex = rng.choice(self.vpn_exits)
                    ip = ex["v4"]
                else:
                    ip = self.vps(rng)["v4"]
                api = rng.random() < .3
                ua = ua_app(rng, rng.random() < .5) if api else ua_desktop(rng)
                typed = a.disp if rng.random() < .7 else e[3]
                self.emit(t, "api" if api else "web", typed, ip, pw, ua, "attacker", "return_takeover")
                if j == 0 and nm not in self.ato and rng.random() < P["p_ato"] and self.pw_at(nm, t) == pw:
                    tc = t + int(rng.uniform(1, 5) * MIN)
                    newpw = "".join(rng.choice(STRONG_CHARS[:57]) for _ in range(rng.randint(10, 14)))
                    self.set_pw(nm, tc, newpw, belief=False)
                    self.ato[nm] = tc
                    pw = newpw
                    # the owner notices hours later, fails, resets
                    r2 = tc + int(rng.expo(3 * HOUR))
                    if r2 < DAY - 20 * MIN:
                        reset = r2 + int(rng.uniform(3, 10) * MIN)
                        ownpw = self.gen_password(rng, "pattern" if a.pwclass != "strong" else "strong")
                        self.set_pw(nm, reset, ownpw)
                        a.plans["lockout"] = dict(t=r2, reset=reset)

    # -- honest traffic ---------------------------------------------------------------------
    def typed_name(self, ps, dev, rng):
        u = ps.acct.disp
        if ps.autocap and dev["kind"] in ("phone_app", "phone_browser") and u[:1].islower():
            u = u[:1].upper() + u[1:]
        if ps.trailing and dev["kind"] != "mail_phone":
            u = u + " "
        return u

    def username_typo(self, rng, user):
        if "@" in user:
            loc, dom = user.split("@", 1)
            r = rng.random()
            if r < .5:
                dom = rng.choice({"gmail.com": ["gmial.com", "gmail.co", "gmai.com", "gnail.com"],
                                  "hotmail.com": ["hotmial.com", "hotmail.co"],
                                  "outlook.com": ["outlok.com", "outlook.co"],
                                  "yahoo.com": ["yaho.com", "yahooo.com"]}.get(dom, [dom + "m", dom[:-1]]))
            else:
                if len(loc) > 2:
                    i = rng.randrange(len(loc) - 1)
                    loc = loc[:i] + loc[i + 1] + loc[i] + loc[i + 2:]
                else:
                    loc = loc + loc[-1]
            out = loc + "@" + dom
        else:
            out = user + rng.choice(["1", "_", "s"])
        return out if norm_user(out) not in self.by_user else None

    def honest_sessions(self):
        rng = self.sub("honest")
        for a in self.accounts:
            if a.kind != "regular":
                continue
            for ps in a.personas:
                inter = [d for d in ps.devices if d["kind"] in ("desktop_browser", "phone_app", "phone_browser")]
                if not inter:
                    continue
                times = sorted(sample_local_time(rng, ps.off, ps.curve) for _ in range(ps.nsessions))
                if ps.corp is not None:
                    times = sorted(times + [sample_local_time(rng, ps.off, DIURNAL_WORK)
                                            for _ in range(rng.choice([0, 1, 1, 2]))])
                if ps.travel:
                    tr = ps.travel
                    times = sorted(times + [rng.randrange(tr["start"], tr["end"])
                                            for _ in range(rng.randint(1, 2))])
                for t in times:
                    lh = local_hour(t, ps.off)
                    ws = [(d, (1.0 if 7 <= lh < 23 else .25) if d["kind"] == "desktop_browser" else 1.0) for d in inter]
                    dev = rng.wpick(ws)
                    self.session(rng, ps, dev, t)
            # planned episodes
            owner = a.personas[0]
            inter = [d for d in owner.devices if d["kind"] in ("desktop_browser", "phone_app", "phone_browser")] or owner.devices
            fg = a.plans.get("forgot")
            if fg:
                dev = rng.choice(inter)
                t = fg["t"]
                ip, net = self.locate(owner, dev, t, rng)
                for pw in fg["tries"]:
                    self.emit(t, dev["svc"], self.typed_name(owner, dev, rng), ip, pw, dev["ua"], "honest", "forgot_password", net)
                    t += rng.uniform(8, 45) * SEC
                if fg["reset"]:
                    t = fg["reset_t"] + rng.uniform(30, 120) * SEC
                    self.emit(t, dev["svc"], self.typed_name(owner, dev, rng), ip, fg["new"], dev["ua"], "honest", "forgot_password", net)
                else:
                    self.emit(t, dev["svc"], self.typed_name(owner, dev, rng), ip, self.belief_at(a.user, t), dev["ua"], "honest", "forgot_password", net)
            lo = a.plans.get("lockout")
            if lo:
                dev = rng.choice(inter)
                t = lo["t"]
                ip, net = self.locate(owner, dev, t, rng)
                oldpw = self.belief_at(a.user, t)
                for _ in range(rng.randint(2, 4)):
                    self.emit(t, dev["svc"], self.typed_name(owner, dev, rng), ip, oldpw, dev["ua"], "honest", "ato_owner_lockout", net)
                    t += rng.uniform(10, 60) * SEC
                t = lo["reset"] + rng.uniform(30, 120) * SEC
                self.emit(t, dev["svc"], self.typed_name(owner, dev, rng), ip, self.belief_at(a.user, t), dev["ua"], "honest", "ato_owner_lockout", net)
            # pollers (healthy or stale)
            for ps in a.personas:
                for dev in ps.devices:
                    if "poll" in dev:
                        self.poller(rng, ps, dev)

    def session(self, rng, ps, dev, t):
        P = self.P
        a = ps.acct
        ip, net = self.locate(ps, dev, t, rng)
        svc, ua = dev["svc"], dev["ua"]
        typed = self.typed_name(ps, dev, rng)
        pw = self.belief_at(a.user, t)
        camp = "normal_login"
        if ps.role == "family":
            camp = "family_shared"
        elif ps.travel and ps.travel["start"] <= t < ps.travel["end"]:
            camp = "traveller"
        if ps.stale_member and rng.random() < .5 and a.old:
            for _ in range(rng.randint(1, 3)):
                self.emit(t, svc, typed, ip, a.old[0], ua, "honest", "family_shared", net)
                t += rng.uniform(10, 90) * SEC
            ps.stale_member = False
            t += rng.uniform(5, 60) * MIN       # asks the family, tries again later
            ip, net = self.locate(ps, dev, t, rng)
        if rng.random() < P["p_usertypo"]:
            wrong = self.username_typo(rng, a.user)
            if wrong:
                self.emit(t, svc, wrong, ip, pw, ua, "honest", "username_typo", net)
                t += rng.uniform(5, 25) * SEC
        if ps.pm and rng.random() < P["p_misfill"]:
            other = "".join(rng.choice(STRONG_CHARS) for _ in range(rng.randint(14, 20)))
            self.emit(t, svc, typed, ip, other, ua, "honest", "pw_manager_misfill", net)
            t += rng.uniform(3, 12) * SEC
        elif not ps.pm and rng.random() < P["p_typo"]:
            for _ in range(1 if rng.random() < .8 else 2):
                self.emit(t, svc, typed, ip, typo_of(rng, pw), ua, "honest", "typo", net)
                t += rng.uniform(4, 20) * SEC
        p_old = P["p_oldfirst_emp"] if ps.corp is not None else P["p_oldfirst"]
        if a.old and rng.random() < p_old:
            self.emit(t, svc, typed, ip, a.old[0], ua, "honest", "old_pw_first", net)
            t += rng.uniform(5, 25) * SEC
        self.emit(t, svc, typed, ip, pw, ua, "honest", camp, net)
        if self.pw_at(a.user, t) != pw and a.user in self.ato:
            self.emit(t + rng.uniform(10, 40) * SEC, svc, typed, ip, pw, ua, "honest", "ato_owner_lockout", net)

    def poller(self, rng, ps, dev):
        a = ps.acct
        interval = dev["poll"] * SEC
        t = rng.uniform(0, interval)
        stale = "stale_from" in dev
        camp = "stale_device_retry" if stale else "mail_poll"
        hist_t, hist_p = self.btl[a.user]
        fixed_once = False
        while t < DAY:
            lh = local_hour(t, ps.off)
            on = True
            if dev.get("night_off") and (lh < 7 or lh >= 23):
                on = False
            if dev["kind"] == "mail_desktop" and not (7 <= lh < 23):
                on = False
            if dev["kind"] == "mail_desktop" and ps.corp is None and 9 <= lh < 17 and \
                    self.h(ps.pid, "lap", int(t // HOUR)) % 3 == 0:
                on = False
            if on:
                if stale and dev["stale_from"] <= t < dev["fix"]:
                    pw = dev["stale_pw"]
                    c = camp
                else:
                    # knows the value of the last change at least `lag` old
                    pw = hist_p[0]
                    for ct, cp in zip(hist_t, hist_p):
                        if ct + dev["lag"] <= t or ct == NEG_INF:
                            pw = cp
                    c = "mail_poll"
                    if stale and t >= dev["fix"]:
                        # the user typed the new password into the device
                        pw = self.belief_at(a.user, t)
                        c = "stale_device_retry" if not fixed_once else "mail_poll"
                        if fixed_once and dev["kind"] == "phone_app":
                            break            # the app holds a token from now on
                        fixed_once = True
                ip, net = self.locate(ps, dev, t, rng)
                typed = a.disp
                n = dev.get("burst", 1) if (stale and pw == dev.get("stale_pw")) else 1
                tt = t
                for _ in range(n):
                    self.emit(tt, dev["svc"], typed, ip, pw, dev["ua"], "honest", c, net)
                    tt += rng.uniform(1, 8) * SEC
            step = interval
            if stale and t >= dev["fix"]:
                step = max(interval, 600 * SEC)
            t += step * rng.uniform(.9, 1.1)

    def monitoring(self):
        rng = self.sub("monitoring")
        P = self.P
        locs = []
        for cc in rng.sample(["US", "US", "DE", "GB", "JP", "NL", "FR"], rng.randint(*P["probe_locations"])):
            v = self.vps(rng, cc)
            ip = v6str(*v["v6p"], rng.randint(1, 0xff)) if rng.random() < .3 else v["v4"]
            locs.append(ip)
        incidents = []
        for _ in range(P["probe_incidents"]):
            ti = int(rng.uniform(1, 22) * HOUR)
            dur = int(rng.uniform(10, 45) * MIN)
            incidents.append((ti, dur))
            # secrets rotation: every probe account gets a new password, the checks lag
            for a in self.probe_accounts:
                newpw = "SynthMon-" + "".join(rng.choice(STRONG_CHARS[:57]) for _ in range(12))
                self.set_pw(a.user, ti, newpw, belief=False)
                self.set_pw(a.user, ti + dur, newpw, truth=False)
        for a in self.probe_accounts:
            interval = rng.choice(P["probe_intervals"]) * SEC
            browser = rng.random() < .5
            ua = MONITOR_UAS[0] if browser else MONITOR_UAS[1]
            svc = "web" if browser else "api"
            for ip in locs:
                t = rng.uniform(0, interval)
                while t < DAY:
                    self.emit(t + rng.uniform(0, 3) * SEC, svc, a.user, ip, self.belief_at(a.user, t), ua,
                              "honest", "monitoring_probe")
                    t += interval
        # negative check: a deliberately wrong password, and an unknown user, every 5 minutes
        for ip in locs[:2]:
            t = rng.uniform(0, 300) * SEC
            while t < DAY:
                self.emit(t, "web", self.probe_negative.user, ip, "definitely-not-the-password", MONITOR_UAS[0],
                          "honest", "monitoring_probe")
                self.emit(t + 2 * SEC, "web", f"synthetic-nouser@monitoring.{SVC_DOMAIN}", ip,
                          "definitely-not-the-password", MONITOR_UAS[0], "honest", "monitoring_probe")
                t += 300 * SEC
        self.probe_incidents = incidents

    def qa(self):
        rng = self.sub("qa")
        gens = [self.vps(rng, "DE")["v4"] for _ in range(rng.randint(2, 6))]
        start = int(rng.uniform(12, 15) * HOUR)       # 13:00-16:00 CET
        dur = int(rng.uniform(30, 60) * MIN)
        ua = rng.choice(QA_UAS)
        vus = [a.user for a in self.qa_accounts]
        vus += [f"qa.load.{len(self.qa_accounts) + j + 1:04d}@qa.{SVC_DOMAIN}"
                for j in range(max(1, len(vus) // 30))]     # not provisioned in this env
        for k, u in enumerate(vus):
            ip = gens[k % len(gens)]
            t = start + rng.uniform(0, 120) * SEC
            for _ in range(rng.randint(4, 12)):
                pw = self.qa_pw if rng.random() > .04 else "wrong-password-123"
                self.emit(t, "api", u, ip, pw, ua, "honest", "qa_load_test")
                t += rng.uniform(dur / 14, dur / 5)
                if t > start + dur:
                    break
        if self.e2e_accounts:
            ci = self.vps(rng, "US")["v4"]
            t = 6 * HOUR + rng.uniform(0, 30) * MIN
            while t < 22 * HOUR:
                for a in self.e2e_accounts:
                    self.emit(t, "web", a.user, ci, a.pw0, E2E_UA, "honest", "qa_e2e")
                    t += rng.uniform(5, 40) * SEC
                self.emit(t, "web", self.e2e_accounts[0].user, ci, "wrong-on-purpose", E2E_UA, "honest", "qa_e2e")
                t += 60 * MIN

    # -- drive ----------------------------------------------------------------------------
    def run(self):
        self.build_networks()
        self.build_accounts()
        self.build_personas()
        self.plan_honest()
        self.build_leaks()
        self.shared_vpn_exit = None
        for s in self.P["attacks"]:
            getattr(self, "atk_" + s["kind"])(s)
        self.attacker_followups()
        self.monitoring()
        self.honest_sessions()
        self.qa()
        self.finish()

    def finish(self):
        self.events.sort(key=lambda e: (e[0], e[1]))
        oks = []
        for e in self.events:
            nm = norm_user(e[3])
            oks.append(e[5] is not None and self.pw_at(nm, e[0]) == e[5])
        self.oks = oks


# ----------------------------------------------------------------------------------------
# output
# ----------------------------------------------------------------------------------------

_DATE_CACHE = {}


def _civil(us, off_min):
    s, frac = divmod(us, SEC)
    s += off_min * 60
    day, rem = divmod(s, 86400)
    d = _DATE_CACHE.get(day)
    if d is None:
        d = (dt.date(1970, 1, 1) + dt.timedelta(days=day)).isoformat()
        _DATE_CACHE[day] = d
    hh, rem = divmod(rem, 3600)
    mm, ss = divmod(rem, 60)
    return f"{d}T{hh:02d}:{mm:02d}:{ss:02d}", frac


def fmt_ts(svc, t):
    us = T0_US + t
    if svc == "api":
        return str(us // 1000)
    if svc == "web":
        base, frac = _civil(us, 0)
        return f'"{base}.{frac // 1000:03d}Z"'
    if svc == "imap":          # Frankfurt gateway, local time, whole seconds
        base, _ = _civil(us, 60)
        return f'"{base}+01:00"'
    base, frac = _civil(us, -300)  # sso: US-East IdP, microseconds
    return f'"{base}.{frac:06d}-05:00"'


def write_outputs(w, out):
    os.makedirs(out, exist_ok=True)
    js = lambda s: json.dumps(s, ensure_ascii=False)
    fp = w.fp
    mapped = w.P["ipv4_mapped_imap"]
    per_camp = {}
    truth = set()
    touched = {}
    tmp = {}

    def wopen(name):
        p = os.path.join(out, name + ".tmp")
        tmp[name] = p
        return open(p, "w", encoding="utf-8", newline="\n")

    with wopen("events.jsonl") as fe, wopen("event_labels.csv") as fl:
        fl.write("line,actor,campaign\n")
        for i, (e, ok) in enumerate(zip(w.events, w.oks), 1):
            t, _, svc, typed, ip, pw, ua, actor, camp, net = e
            nm = norm_user(typed)
            cred = fp.cred(nm, pw)
            pwf = fp.pw(pw)
            okj = "true" if ok else "false"
            if mapped and svc == "imap" and ":" not in ip:
                ip = "::ffff:" + ip
            ts = fmt_ts(svc, t)
            if svc == "web":
                line = (f'{{"ts":{ts},"user":{js(typed)},"ip":"{ip}","ok":{okj},"cred":"{cred}",'
                        f'"pw":"{pwf}"' + (f',"ua":{js(ua)}' if ua else "") + ',"svc":"web"}')
            elif svc == "api":
                line = (f'{{"ts":{ts},"svc":"api","user":{js(typed)},"ip":"{ip}","ok":{okj},'
                        f'"pw":"{pwf}","cred":"{cred}"' + (f',"ua":{js(ua)}' if ua else "") + "}")
            elif svc == "imap":
                line = (f'{{"svc":"imap","ts":{ts},"user":{js(typed)},"ip":"{ip}","ok":{okj},'
                        f'"cred":"{cred}","pw":"{pwf}"' + (f',"ua":{js(ua)}' if ua else "") + "}")
            else:
                line = (f'{{"ts":{ts},"user":{js(typed)},"ip":"{ip}","ok":{okj}'
                        + (f',"ua":{js(ua)}' if ua else "") + f',"cred":"{cred}","pw":"{pwf}","svc":"sso"}}')
            fe.write(line + "\n")
            fl.write(f"{i},{actor},{camp}\n")
            c = per_camp.setdefault(camp, dict(actor=actor, events=0, ok=0, users=set(), ok_users=set(), ips=set()))
            c["events"] += 1
            c["users"].add(nm)
            c["ips"].add(ip)
            if ok:
                c["ok"] += 1
                c["ok_users"].add(nm)
                if actor == "attacker":
                    truth.add(nm)
            tg = touched.setdefault(nm, {})
            tg[camp] = True
            if net:
                tg[net] = True
            if actor == "attacker":
                tg["_attacked"] = True

    with wopen("combos.txt") as f:
        for ln in w.combo_lines:
            f.write(ln + "\n")
    with wopen("passwords.txt") as f:
        for p in w.pw_list:
            f.write(p + "\n")
    bkey = lambda s: s.encode("utf-8")
    with wopen("truth.csv") as f:
        f.write("user\n")
        for u in sorted(truth, key=bkey):
            f.write(_csv(u) + "\n")
    # compromises that no detector can separate from the owner, by construction
    unit = lambda ip: (str(ipaddress.ip_network(ip + "/64", strict=False)) if ":" in ip and not ip.startswith("::ffff:") else ip)
    atk_per_unit = {}
    atk_by_user = {}
    for e, ok in zip(w.events, w.oks):
        if e[7] != "attacker":
            continue
        ip = e[4]
        atk_per_unit[unit(ip)] = atk_per_unit.get(unit(ip), 0) + 1
        atk_by_user.setdefault(norm_user(e[3]), []).append((ok, unit(ip), (norm_user(e[3]), e[5])))
    hardness = {}
    for u in truth:
        evs_u = atk_by_user[u]
        per_unit_u = {}
        for ok, un, pair in evs_u:
            per_unit_u[un] = per_unit_u.get(un, 0) + 1
        lonely = all(ok for ok, _, _ in evs_u) and all(atk_per_unit[un] == per_unit_u[un] for un in per_unit_u)
        if lonely:
            leaked = any(pair in w.combo_pairs for _, _, pair in evs_u)
            hardness[u] = "hard_single_shot_leaked_pair" if leaked else "indistinguishable"
    # labels
    label_counts = {}
    svc_counts = {}
    rows = []
    users = set(w.by_user) | set(touched)
    for u in sorted(users, key=bkey):
        tags = {}
        a = w.by_user.get(u)
        tg = touched.get(u, {})
        for k in tg:
            if not k.startswith("_"):
                tags[k] = True
        exposed = False
        if a is not None:
            for k in a.leaks:
                tags[k] = True
            for k in a.tags:
                tags[k] = True
            if a.kind == "probe":
                tags["test_account_probe"] = True
            if a.kind == "qa":
                tags["test_account_qa"] = True
            # only passwords the account held during the window count
            times, pws = w.tl[u]
            held = set()
            for j, p in enumerate(pws):
                nxt = times[j + 1] if j + 1 < len(times) else DAY + 1
                if nxt > 0 and times[j] < DAY:
                    held.add(p)
            exposed = any((u, p) in w.combo_pairs for p in held)
            if a.pw0 in w.pw_set:
                tags["password_in_list"] = True
        else:
            tags["nonexistent_account"] = True
        if u in truth:
            label = "compromised"
        elif tg.get("_attacked"):
            label = "targeted"
        elif exposed:
            label = "exposed"
        else:
            label = "benign"
        if u in hardness:
            tags[hardness[u]] = True
        if not tags:
            tags["dormant"] = True
        label_counts[label] = label_counts.get(label, 0) + 1
        if a is not None:
            svc_counts[label] = svc_counts.get(label, 0) + 1
        rows.append(f"{_csv(u)},{label},{_csv(';'.join(sorted(tags)))}")
    with wopen("labels.csv") as f:
        f.write("user,label,scenario\n")
        for r in rows:
            f.write(r + "\n")
    # meta
    camps = {}
    first_hit = {}
    for e, ok in zip(w.events, w.oks):
        if ok and e[7] == "attacker":
            nm = norm_user(e[3])
            first_hit.setdefault(nm, e[8])
    for name in sorted(per_camp):
        c = per_camp[name]
        d = dict(actor=c["actor"], events=c["events"], successes=c["ok"],
                 success_rate=round(c["ok"] / c["events"], 5) if c["events"] else 0,
                 accounts=len(c["users"]), accounts_with_success=len(c["ok_users"]),
                 distinct_ips=len(c["ips"]))
        if c["actor"] == "attacker":
            d["accounts_first_compromised"] = sum(1 for v in first_hit.values() if v == name)
        camps[name] = d
    att = [c for c in per_camp.values() if c["actor"] == "attacker"]
    att_ev = sum(c["events"] for c in att)
    att_ok = sum(c["ok"] for c in att)
    meta = dict(
        generator=VERSION, seed=w.seed, profile=w.profile, accounts=w.N,
        window=dict(start="2026-11-20T00:00:00Z", end="2026-11-21T00:00:00Z"),
        key="default demo key" if w.fp.key == DEMO_KEY.encode() else "custom key (not recorded)",
        events=len(w.events), honest_events=len(w.events) - att_ev, attacker_events=att_ev,
        attacker_successes=att_ok,
        attacker_success_rate=round(att_ok / att_ev, 5) if att_ev else 0,
        compromised_accounts=len(truth), labels=dict(sorted(label_counts.items())),
        service_account_labels=svc_counts,
        compromised_indistinguishable=sum(1 for v in hardness.values() if v == "indistinguishable"),
        compromised_hard_single_shot_leaked_pair=sum(1 for v in hardness.values() if v != "indistinguishable"),
        combos_lines=len(w.combo_lines), passwords_lines=len(w.pw_list),
        probe_incidents=[dict(start_s=i // SEC, minutes=d // MIN) for i, d in w.probe_incidents],
        campaigns=camps,
        parameters={k: v for k, v in sorted(w.P.items()) if k != "attacks"},
        attacks=w.P["attacks"],
    )
    with wopen("meta.json") as f:
        f.write(json.dumps(meta, indent=1, sort_keys=True, ensure_ascii=False, default=list) + "\n")
    for name, p in tmp.items():
        os.replace(p, os.path.join(out, name))
    return meta


def _csv(s):
    if any(c in s for c in ',"\n\r') or s != s.strip():
        return '"' + s.replace('"', '""') + '"'
    return s


def generate(seed, accounts, profile, out, key=DEMO_KEY):
    w = World(seed, accounts, profile, key)
    w.run()
    return write_outputs(w, out)


# ----------------------------------------------------------------------------------------
# self-test
# ----------------------------------------------------------------------------------------

def parse_ts(v):
    if isinstance(v, int):
        return v * 1000
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$", v)
    y, mo, d, h, mi, s, frac, tz = m.groups()
    base = dt.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s), tzinfo=dt.timezone.utc)
    us = int(base.timestamp()) * SEC + (int((frac or "0").ljust(6, "0")[:6]))
    if tz != "Z":
        sign = 1 if tz[0] == "+" else -1
        us -= sign * (int(tz[1:3]) * 60 + int(tz[4:6])) * MIN
    return us


def check_dir(d, fpk=DEMO_KEY):
    problems = []
    with open(os.path.join(d, "events.jsonl"), encoding="utf-8") as f:
        evs = [json.loads(l) for l in f]
    with open(os.path.join(d, "event_labels.csv"), encoding="utf-8") as f:
        rd = list(csv.reader(f))
    if rd[0] != ["line", "actor", "campaign"]:
        problems.append("event_labels header")
    labs = rd[1:]
    if len(labs) != len(evs):
        problems.append(f"event_labels rows {len(labs)} != events {len(evs)}")
    succ = set()
    prev = None
    maxback = 0
    hexre = re.compile(r"^[0-9a-f]{16}$")
    for i, (e, l) in enumerate(zip(evs, labs), 1):
        if int(l[0]) != i or l[1] not in ("honest", "attacker"):
            problems.append(f"label row {i} bad")
            break
        for k in ("ts", "user", "ip", "ok", "cred", "pw"):
            if k not in e:
                problems.append(f"line {i} lacks {k}")
        if not (hexre.match(e["cred"]) and hexre.match(e["pw"])):
            problems.append(f"line {i} bad fingerprint")
        ipaddress.ip_address(e["ip"])
        t = parse_ts(e["ts"])
        if prev is not None and t < prev:
            maxback = max(maxback, prev - t)
        prev = t if prev is None else max(prev, t)
        if l[1] == "attacker" and e["ok"] is True:
            succ.add(norm_user(e["user"]))
    if maxback > SEC:
        problems.append(f"time order: a line goes back {maxback} us")
    with open(os.path.join(d, "truth.csv"), encoding="utf-8") as f:
        tr = list(csv.reader(f))
    truth = {r[0] for r in tr[1:]}
    if tr[0] != ["user"]:
        problems.append("truth header")
    if truth != succ:
        problems.append(f"truth != successful attacker logins ({len(truth)} vs {len(succ)})")
    with open(os.path.join(d, "labels.csv"), encoding="utf-8") as f:
        lr = list(csv.reader(f))
    comp = {r[0] for r in lr[1:] if r[1] == "compromised"}
    if comp != truth:
        problems.append("labels compromised != truth")
    # leak-file formats and fingerprint spot-check against combos
    fp = Fingerprints(fpk)
    with open(os.path.join(d, "combos.txt"), encoding="utf-8") as f:
        pairs = set()
        for ln in f:
            ln = ln.rstrip("\n")
            if ":" in ln:
                u, p = ln.split(":", 1)
                pairs.add(fp.cred(norm_user(u), p))
    hits = sum(1 for e in evs if e["cred"] in pairs)
    if hits == 0:
        problems.append("no event fingerprint matches a combos.txt pair recomputed from plaintext")
    return problems, dict(events=len(evs), truth=len(truth), cred_hits_in_combos=hits)


def selftest():
    ok = True
    for key, user, pw, c, p in SPEC_VECTORS:
        f = Fingerprints(key)
        gc, gp = f.cred(norm_user(user), pw), f.pw(pw)
        good = gc == c and gp == p
        ok &= good
        print(f"vector {key!r} {user!r}: cred {gc} pw {gp} {'ok' if good else 'MISMATCH'}")
    me = os.path.abspath(__file__)
    tmpd = tempfile.mkdtemp(prefix="gen6-selftest-")
    try:
        for prof in PROFILES:
            dirs = []
            for hs in ("0", "4242"):
                d = os.path.join(tmpd, f"{prof}-{hs}")
                env = dict(os.environ, PYTHONHASHSEED=hs)
                subprocess.run([sys.executable, me, "--seed", "7", "--accounts", "700", "--profile", prof,
                                "--out", d, "--quiet"], check=True, env=env)
                dirs.append(d)
            same = True
            for fn in sorted(os.listdir(dirs[0])):
                with open(os.path.join(dirs[0], fn), "rb") as a, open(os.path.join(dirs[1], fn), "rb") as b:
                    if a.read() != b.read():
                        same = False
                        print(f"  {prof}: {fn} differs between runs")
            probs, stats = check_dir(dirs[0])
            ok &= same and not probs
            print(f"profile {prof}: deterministic={'yes' if same else 'NO'} checks="
                  f"{'ok' if not probs else probs} {stats}")
    finally:
        shutil.rmtree(tmpd, ignore_errors=True)
    print("SELFTEST", "PASSED" if ok else "FAILED")
    return 0 if ok else 1


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--accounts", type=int, default=5000)
    ap.add_argument("--profile", choices=sorted(PROFILES), default="mixed")
    ap.add_argument("--out")
    ap.add_argument("--key", default=DEMO_KEY,
                    help="fingerprint key (default: the SPEC demo key; the environment is not read, "
                         "so the same arguments always give the same bytes)")
    ap.add_argument("--selftest", action="store_true")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    if a.selftest:
        return selftest()
    if not a.out:
        ap.error("--out is required")
    key = a.key
    t0 = time.time()
    meta = generate(a.seed, a.accounts, a.profile, a.out, key)
    if not a.quiet:
        print(f"{a.profile} seed={a.seed} accounts={meta['accounts']}: {meta['events']} events "
              f"({meta['attacker_events']} attacker, {meta['attacker_successes']} ok), "
              f"{meta['compromised_accounts']} compromised, labels {meta['labels']}, "
              f"{time.time() - t0:.1f}s -> {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
