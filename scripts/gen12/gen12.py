#!/usr/bin/env python3
"""gen12: synthetic 24 h login logs of a video-streaming subscription service ("Vidora").

Independent labelled data for evaluating a credential-stuffing detector against the
interface contract in /work/shared/SPEC.md (events: SPEC 1, fingerprints: SPEC 2, leak
sources: SPEC 3, truth.csv: SPEC 4).  Standard library only; all randomness comes from
random.Random instances seeded from --seed; nothing depends on hash() or set order.

    python3 gen12.py --seed 1 --accounts 5000 --profile mixed --out /tmp/gen12-mixed
    python3 gen12.py --selftest

See README.md next to this file for the model, rates and profiles.
"""

import argparse
import bisect
import csv
import datetime
import hashlib
import heapq
import hmac
import io
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

DEMO_KEY = 'credsieve-demo-key'
DAY0 = datetime.datetime(2026, 11, 20, tzinfo=datetime.timezone.utc)
DAY0_MS = int(DAY0.timestamp()) * 1000
SEC, MIN, HOUR, DAY = 1000, 60 * 1000, 3600 * 1000, 86400 * 1000

# --------------------------------------------------------------------------------------
# SPEC 2: credential fingerprints
# --------------------------------------------------------------------------------------


def norm_user(u):
    """SPEC 2 norm(): Unicode lowercase, surrounding white space removed."""
    return u.strip().lower()


class Fingerprinter:
    def __init__(self, key):
        self.key = key
        self._cred = {}
        self._pw = {}

    def cred(self, user, password):
        n = norm_user(user)
        k = (n, password)
        v = self._cred.get(k)
        if v is None:
            msg = b'c1\x00' + n.encode('utf-8') + b'\x00' + password.encode('utf-8')
            v = hmac.new(self.key, msg, hashlib.sha256).hexdigest()[:16]
            self._cred[k] = v
        return v

    def pw(self, password):
        v = self._pw.get(password)
        if v is None:
            h = hashlib.sha1(password.encode('utf-8')).hexdigest().upper()
            v = hmac.new(self.key, b'p1\x00' + h.encode('ascii'), hashlib.sha256).hexdigest()[:16]
            self._pw[password] = v
        return v


SPEC_VECTORS = [
    ('credsieve-demo-key', 'alice@example.com', 'hunter2', 'b91a880d37beded5', '3e324ff24a43a84f'),
    ('credsieve-demo-key', '  Alice@Example.COM ', 'hunter2', 'b91a880d37beded5', '3e324ff24a43a84f'),
    ('credsieve-demo-key', 'bob', 'correct horse battery staple', 'b3c4edfb71b95783', '379b91546fb38da0'),
    ('credsieve-demo-key', '\u00dcn\u00efcode@\u4f8b\u3048.jp', 'p\u00e4ssw\u00f6rd:with:colons',
     'b00485ee34fad31d', 'acadac23153ab923'),
    ('s3cr3t-pepper', 'alice@example.com', 'hunter2', '57cab7f6c60a4041', 'a82468d22c5531ab'),
    ('s3cr3t-pepper', 'bob', 'correct horse battery staple', 'f4be313772448b6f', '6e7632ab9a186ca4'),
]

# --------------------------------------------------------------------------------------
# Static world data (all invented but plausible; address ranges are illustrative)
# --------------------------------------------------------------------------------------

# code, UTC offset in November (h), weight, cities, e-mail domains,
# residential ISPs [(name, [/16 ...], home IPv6 /32)], mobile carriers [(name, [/16 ...], IPv6 /32)]
COUNTRIES = [
    ('DE', 1, 26, ['Berlin', 'Hamburg', 'Muenchen', 'Koeln', 'Frankfurt', 'Leipzig', 'Stuttgart', 'Dresden'],
     ['gmx.de', 'web.de', 't-online.de', 'gmail.com', 'outlook.de', 'yahoo.de', 'freenet.de'],
     [('dtag', ['79.192', '84.150', '91.37', '93.211', '217.88'], '2003:00e4'),
      ('vodafone-cable', ['95.90', '178.24', '188.192'], '2a02:0908'),
      ('telefonica-dsl', ['77.180', '89.12'], '2a02:3032')],
     [('telekom-mobile', ['80.187', '109.42'], '2a01:0598'),
      ('vodafone-mobile', ['46.114', '109.40'], '2a02:3037'),
      ('o2-mobile', ['176.2', '82.113'], '2a02:3038')]),
    ('GB', 0, 18, ['London', 'Manchester', 'Birmingham', 'Leeds', 'Glasgow', 'Bristol', 'Cardiff'],
     ['gmail.com', 'hotmail.co.uk', 'btinternet.com', 'outlook.com', 'yahoo.co.uk', 'sky.com'],
     [('bt', ['86.128', '81.156', '109.150'], '2a00:23c4'),
      ('virgin', ['82.37', '86.25', '92.232'], '2a02:c7c0'),
      ('sky', ['2.96', '90.216'], '2a02:0c7f')],
     [('ee-mobile', ['31.94', '92.40'], '2a00:1028'),
      ('vodafone-uk', ['31.124', '82.132'], '2a01:4c8'),
      ('three-uk', ['188.29', '94.197'], '2a05:4900')]),
    ('FR', 1, 14, ['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Lille', 'Nantes', 'Bordeaux'],
     ['orange.fr', 'free.fr', 'gmail.com', 'laposte.net', 'sfr.fr', 'hotmail.fr'],
     [('orange', ['90.3', '86.217', '92.184'], '2a01:0cb0'),
      ('free', ['78.192', '82.64', '88.160'], '2a01:0e0a'),
      ('sfr', ['109.8', '77.136'], '2a02:8440')],
     [('orange-mobile', ['92.184', '80.215'], '2a01:0cd0'),
      ('bouygues-mobile', ['176.128', '37.171'], '2001:0861'),
      ('free-mobile', ['37.164', '37.165'], '2a04:cec0')]),
    ('NL', 1, 7, ['Amsterdam', 'Rotterdam', 'Utrecht', 'Den Haag', 'Eindhoven'],
     ['ziggo.nl', 'kpnmail.nl', 'gmail.com', 'hotmail.nl', 'outlook.com'],
     [('ziggo', ['84.24', '86.88'], '2001:1c00'), ('kpn', ['77.160', '145.53'], '2a02:a440')],
     [('kpn-mobile', ['62.140', '77.61'], '2a02:a450'), ('vodafone-nl', ['31.160', '188.88'], '2a02:a46c')]),
    ('ES', 1, 9, ['Madrid', 'Barcelona', 'Valencia', 'Sevilla', 'Bilbao', 'Malaga'],
     ['gmail.com', 'hotmail.es', 'yahoo.es', 'telefonica.net', 'outlook.es'],
     [('movistar', ['83.32', '88.0', '95.120'], '2a0c:5a80'), ('orange-es', ['83.52', '90.160'], '2a01:0c50')],
     [('movistar-mobile', ['213.143', '46.222'], '2a0c:5a81'), ('vodafone-es', ['85.58', '37.133'], '2a02:9000')]),
    ('IT', 1, 9, ['Roma', 'Milano', 'Napoli', 'Torino', 'Bologna', 'Firenze'],
     ['libero.it', 'gmail.com', 'virgilio.it', 'alice.it', 'hotmail.it'],
     [('tim', ['79.12', '87.3', '93.45'], '2001:0b07'), ('fastweb', ['2.224', '93.32'], '2001:0b01')],
     [('tim-mobile', ['151.38', '5.90'], '2a01:0b40'), ('windtre', ['151.57', '37.160'], '2a01:0b80')]),
    ('PL', 1, 7, ['Warszawa', 'Krakow', 'Wroclaw', 'Gdansk', 'Poznan', 'Lodz'],
     ['wp.pl', 'o2.pl', 'onet.pl', 'gmail.com', 'interia.pl'],
     [('orange-pl', ['83.6', '89.68', '31.60'], '2a01:110f'), ('upc-pl', ['89.64', '78.11'], '2a02:a31a')],
     [('play-mobile', ['37.47', '5.173'], '2a00:f41'), ('plus-mobile', ['37.249', '31.0'], '2a02:a312')]),
    ('SE', 1, 4, ['Stockholm', 'Goteborg', 'Malmo', 'Uppsala'],
     ['gmail.com', 'telia.com', 'hotmail.se', 'outlook.com'],
     [('telia', ['78.69', '81.224'], '2001:2040'), ('bahnhof', ['85.24', '213.89'], '2a00:0801')],
     [('telia-mobile', ['90.224', '78.78'], '2001:2043'), ('tele2-mobile', ['46.194', '90.129'], '2a00:1298')]),
    ('AT', 1, 3, ['Wien', 'Graz', 'Linz', 'Salzburg'],
     ['gmx.at', 'aon.at', 'gmail.com', 'chello.at'],
     [('a1', ['80.108', '91.114'], '2a02:1748'), ('magenta-at', ['84.112', '62.178'], '2a02:8388')],
     [('a1-mobile', ['77.116', '188.20'], '2a02:1749'), ('drei-at', ['178.114', '91.115'], '2a02:8389')]),
    ('BE', 1, 3, ['Bruxelles', 'Antwerpen', 'Gent', 'Liege'],
     ['skynet.be', 'telenet.be', 'gmail.com', 'hotmail.be'],
     [('proximus', ['81.244', '91.180'], '2a02:a03f'), ('telenet', ['84.192', '94.224'], '2a02:1812')],
     [('proximus-mobile', ['46.178', '178.51'], '2a02:a040'), ('orange-be', ['81.82', '37.62'], '2a02:2788')]),
]

# Residential ranges outside the service area: buyers' homes and residential proxy exits.
FOREIGN = [('US', ['73.12', '98.207', '24.4', '71.190', '68.44']), ('BR', ['177.38', '189.6', '191.32']),
           ('ID', ['36.72', '114.124']), ('VN', ['113.161', '14.177']), ('IN', ['49.36', '117.200']),
           ('TR', ['78.160', '88.230']), ('MX', ['187.188', '189.203']), ('RO', ['86.120', '79.112']),
           ('UA', ['93.72', '178.150']), ('MA', ['105.154', '41.141'])]

ATTACK_HOSTING_V4 = ['45.134.26', '194.180.48', '185.196.8', '91.92.243', '141.98.10', '5.181.80',
                     '193.32.162', '80.94.95']
ATTACK_HOSTING_V6 = ['2a0e:fd87:0a12', '2a03:b0c0:0003', '2001:41d0:0302', '2a0b:4140:8d51']
VPN_V4 = ['185.159.157', '146.70.118', '89.187.163', '37.19.200', '149.88.26']
PARTNER_V4 = ['3.122.17', '18.157.104', '52.28.55', '35.157.40']
PARTNER_V6 = '2a05:d014:0c4f'
UNIVERSITY_V4 = ['141.20', '129.187', '134.2', '130.83', '193.62', '147.142', '131.111', '155.198',
                 '132.230', '128.176', '137.248', '134.91']
BUSINESS_V4 = ['62.157', '195.145', '212.227', '213.61', '80.66', '194.25', '217.6', '91.208']

FIRST = {
    'DE': ['anna', 'lena', 'julia', 'laura', 'sarah', 'lisa', 'jan', 'lukas', 'felix', 'jonas', 'tim', 'max',
           'sophie', 'paul', 'leon', 'niklas', 'marie', 'katharina', 'thomas', 'stefan', 'andreas', 'sabine',
           'petra', 'michael', 'claudia', 'markus', 'tobias', 'nina', 'christian', 'heike'],
    'GB': ['oliver', 'jack', 'harry', 'george', 'charlie', 'amelia', 'olivia', 'emily', 'isla', 'jessica',
           'james', 'william', 'sophie', 'chloe', 'daniel', 'thomas', 'lucy', 'hannah', 'sam', 'ben', 'rhys',
           'megan', 'callum', 'ellie'],
    'FR': ['lucas', 'hugo', 'louis', 'jules', 'gabriel', 'emma', 'louise', 'chloe', 'lea', 'manon', 'camille',
           'nicolas', 'julien', 'pierre', 'marie', 'claire', 'antoine', 'mathilde', 'sebastien', 'nathalie'],
    'NL': ['daan', 'sem', 'lucas', 'milan', 'levi', 'emma', 'julia', 'mila', 'tess', 'sophie', 'anouk', 'bram',
           'lotte', 'ruben', 'thijs', 'sanne', 'joost'],
    'ES': ['hugo', 'martin', 'lucas', 'mateo', 'daniel', 'lucia', 'sofia', 'maria', 'paula', 'julia', 'pablo',
           'alejandro', 'carmen', 'javier', 'laura', 'sergio', 'marta'],
    'IT': ['leonardo', 'francesco', 'alessandro', 'lorenzo', 'mattia', 'sofia', 'giulia', 'aurora', 'alice',
           'ginevra', 'marco', 'andrea', 'chiara', 'luca', 'giorgia', 'davide', 'federica'],
    'PL': ['jakub', 'kacper', 'antoni', 'szymon', 'jan', 'zuzanna', 'julia', 'lena', 'maja', 'hanna', 'piotr',
           'tomasz', 'anna', 'katarzyna', 'michal', 'agnieszka', 'marcin'],
    'SE': ['william', 'liam', 'noah', 'hugo', 'lucas', 'alice', 'maja', 'elsa', 'astrid', 'wilma', 'erik',
           'johan', 'anna', 'karin', 'lars', 'oskar'],
}
LAST = {
    'DE': ['mueller', 'schmidt', 'schneider', 'fischer', 'weber', 'meyer', 'wagner', 'becker', 'schulz',
           'hoffmann', 'koch', 'richter', 'klein', 'wolf', 'neumann', 'schwarz', 'zimmermann', 'braun', 'krueger',
           'hartmann', 'lange', 'werner'],
    'GB': ['smith', 'jones', 'taylor', 'brown', 'williams', 'wilson', 'johnson', 'davies', 'robinson', 'wright',
           'thompson', 'evans', 'walker', 'white', 'roberts', 'green', 'hall', 'wood', 'jackson', 'clarke'],
    'FR': ['martin', 'bernard', 'dubois', 'thomas', 'robert', 'richard', 'petit', 'durand', 'leroy', 'moreau',
           'simon', 'laurent', 'lefebvre', 'michel', 'garcia', 'david', 'bertrand', 'roux'],
    'NL': ['dejong', 'jansen', 'devries', 'vandenberg', 'bakker', 'janssen', 'visser', 'smit', 'meijer',
           'degroot', 'mulder', 'bos', 'vos', 'peters'],
    'ES': ['garcia', 'rodriguez', 'gonzalez', 'fernandez', 'lopez', 'martinez', 'sanchez', 'perez', 'gomez',
           'martin', 'jimenez', 'ruiz', 'hernandez', 'diaz', 'moreno'],
    'IT': ['rossi', 'russo', 'ferrari', 'esposito', 'bianchi', 'romano', 'colombo', 'ricci', 'marino', 'greco',
           'bruno', 'gallo', 'conti', 'deluca', 'costa'],
    'PL': ['nowak', 'kowalski', 'wisniewski', 'wojcik', 'kowalczyk', 'kaminski', 'lewandowski', 'zielinski',
           'szymanski', 'wozniak', 'dabrowski', 'kozlowski'],
    'SE': ['andersson', 'johansson', 'karlsson', 'nilsson', 'eriksson', 'larsson', 'olsson', 'persson',
           'svensson', 'gustafsson'],
}
FIRST['AT'], LAST['AT'] = FIRST['DE'], LAST['DE']
FIRST['BE'], LAST['BE'] = FIRST['FR'] + FIRST['NL'], LAST['FR'] + LAST['NL']
# a few non-ASCII local parts (tests SPEC 2 Unicode normalisation)
UNI_FIRST = {'DE': ['j\u00fcrgen', 'j\u00f6rg', 'bj\u00f6rn', 'g\u00fcnther', 'd\u00f6rte'],
             'FR': ['fran\u00e7ois', 'h\u00e9l\u00e8ne', 'zo\u00e9', 'ga\u00eblle', 'j\u00e9r\u00f4me'],
             'PL': ['\u0142ukasz', 'pawe\u0142', '\u017caneta', 'ma\u0142gorzata'],
             'ES': ['jos\u00e9', 'in\u00e9s', '\u00e1ngel', 'ra\u00fal'],
             'SE': ['bj\u00f6rn', '\u00e5sa', 'g\u00f6ran']}
UNI_LAST = {'DE': ['m\u00fcller', 'schr\u00f6der', 'k\u00f6hler', 'b\u00e4cker'],
            'FR': ['lef\u00e8vre', 'h\u00e9bert', 'fran\u00e7ois'],
            'PL': ['w\u00f3jcik', 'kami\u0144ski', 'zieli\u0144ski'],
            'ES': ['g\u00f3mez', 'n\u00fa\u00f1ez', 'jim\u00e9nez'],
            'SE': ['str\u00f6m', '\u00e5berg', 'sj\u00f6berg']}
OTHER_DOMAINS = ['gmail.com', 'yahoo.com', 'hotmail.com', 'aol.com', 'mail.ru', 'outlook.com', 'icloud.com',
                 'protonmail.com', 'yandex.ru', 'live.com', 'gmx.net', 'bol.com.br', 'rediffmail.com']

PETS = ['bella', 'luna', 'charlie', 'max', 'milo', 'coco', 'rocky', 'nala', 'simba', 'leo', 'lucky', 'balou',
        'felix', 'mia', 'kiki', 'oscar', 'teddy', 'sammy', 'minka', 'bruno']
TEAMS = ['bayern', 'schalke04', 'bvb09', 'liverpool', 'arsenal', 'chelsea', 'manutd', 'psg', 'olympique',
         'ajax', 'realmadrid', 'barca', 'juventus', 'milan', 'inter', 'legia', 'lech', 'aik', 'rapid']
WORDS = ['sunshine', 'dragon', 'summer', 'winter', 'flower', 'music', 'forever', 'family', 'holiday', 'coffee',
         'garden', 'mountain', 'ocean', 'silver', 'golden', 'purple', 'orange', 'banana', 'cherry', 'tiger',
         'falcon', 'rocket', 'thunder', 'shadow', 'phoenix', 'castle', 'river', 'forest', 'island', 'planet',
         'pirate', 'wizard', 'zebra', 'panda', 'koala', 'pepper', 'cookie', 'candy', 'magic', 'dream']
BASE_COMMON = ['password', 'qwerty', 'letmein', 'dragon', 'monkey', 'football', 'baseball', 'sunshine',
               'princess', 'iloveyou', 'welcome', 'shadow', 'master', 'superman', 'batman', 'trustno1',
               'starwars', 'pokemon', 'hello', 'freedom', 'whatever', 'michael', 'charlie', 'jordan',
               'liverpool', 'chelsea', 'arsenal', 'barcelona', 'juventus', 'bayern', 'schalke', 'hallo',
               'passwort', 'soleil', 'bonjour', 'amore', 'ciao', 'kochanie', 'azerty', 'qwertz', 'matrix',
               'hunter', 'ranger', 'summer', 'winter', 'autumn', 'spring', 'flower', 'cookie', 'chocolate',
               'butterfly', 'tigger', 'ginger', 'pepper', 'buster', 'daisy', 'bailey', 'lucky', 'maggie',
               'bella', 'coco', 'snoopy', 'mickey', 'minnie', 'disney', 'netflix', 'movies', 'cinema',
               'popcorn', 'series', 'stream', 'streaming', 'binge', 'hollywood', 'marvel', 'avengers',
               'friends', 'simpsons', 'starwars', 'nintendo', 'playstation', 'xbox', 'computer', 'internet',
               'secret', 'love', 'family', 'mama', 'papa', 'berlin', 'paris', 'london', 'madrid', 'roma',
               'forever', 'angel', 'killer', 'hockey', 'soccer', 'tennis', 'ninja', 'jesus', 'blessed',
               'samsung', 'apple', 'google', 'login', 'admin', 'changeme', 'mustang', 'harley', 'ferrari',
               'yankees', 'cowboys', 'eagles', 'purple', 'orange', 'banana', 'cheese', 'pizza', 'music',
               'dancer', 'lovely', 'sweety', 'honey', 'babygirl', 'rockstar', 'spiderman', 'ironman',
               'thomas', 'daniel', 'andrea', 'marco', 'nicole', 'jessica', 'ashley', 'robert', 'matthew',
               'patrick', 'martin', 'anna', 'julia', 'lena', 'sophie', 'maria', 'laura']
TOP_COMMON = ['123456', '123456789', '12345678', 'password', '12345', 'qwerty', '123123', '111111',
              '1234567', '1234567890', '000000', 'abc123', 'password1', 'iloveyou', '1q2w3e4r', 'qwerty123',
              'qwertz', 'azerty', '123321', '654321', '666666', '121212', 'zaq12wsx', '1qaz2wsx', 'q1w2e3r4',
              'asdfgh', 'zxcvbnm', 'qazwsx', '7777777', '987654321', 'hallo123', 'passwort', 'soleil',
              'welcome1', 'Password1', 'Password123', 'P@ssw0rd', 'Qwerty123!', 'aa123456', 'a123456',
              'letmein1', '123qwe', 'Aa123456', '1234qwer', 'iloveyou1', 'password123', 'Passw0rd!']
# streaming-themed passwords the sprayers use (also in passwords.txt, also used by a few customers)
SPRAY_PWS = ['Streaming2026!', 'Movienight1', 'Popcorn123!', 'Bingewatch1']

HOUR_W = [3, 2, 1.2, 0.8, 0.6, 0.6, 1.2, 2.2, 2.8, 3, 3.2, 3.6, 4.2, 4.4, 4.4, 4.8, 5.6, 7, 9.5, 12.5, 14,
          13.5, 10.5, 6.5]
HOUR_CUM = []
_c = 0.0
for _w in HOUR_W:
    _c += _w
    HOUR_CUM.append(_c)

SVC = 'Vidora'
TV_PLATFORMS = [  # name, weight, ua template ({v} = app version), models, ipv6-capable
    ('tizen', 30, 'Vidora-TV/{v} (Tizen 6.5; Samsung {m})', ['QE55Q80B', 'UE50AU7172', 'QE65S95C', 'UE43CU7172'], False),
    ('webos', 22, 'Vidora-TV/{v} (webOS 23; LG {m})', ['OLED55C3', '55UQ75006', 'OLED65G2', '43UR78006'], False),
    ('androidtv', 17, 'Vidora-TV/{v} (Android TV 12; {m})', ['Sony BRAVIA XR-55A80L', 'Philips 55PUS8808', 'TCL 55C745'], True),
    ('firetv', 15, 'Vidora-TV/{v} (Fire OS 7.6; {m})', ['AFTKA', 'AFTSSS', 'AFTKM'], True),
    ('appletv', 8, 'Vidora-TV/{v} (tvOS 17.1; {m})', ['AppleTV14,1', 'AppleTV11,1'], True),
    ('vidaa', 8, 'Vidora-TV/{v} (VIDAA 7.0; Hisense {m})', ['55E7KQ', '65U8KQ', '50A6K'], False),
]
TV_VER, TV_VER_NEW = '7.4.2', '7.5.0'
CONSOLE_UAS = ['Vidora-Console/3.2.1 (PlayStation 5; 8.40)', 'Vidora-Console/3.2.1 (PlayStation 4; 11.50)',
               'Vidora-Console/3.2.0 (Xbox Series X; 10.0.25398)', 'Vidora-Console/3.2.0 (Xbox One; 10.0.25398)']
ANDROID_MODELS = ['SM-S911B', 'SM-A546B', 'SM-G991B', 'Pixel 7', 'Pixel 8', '2201117TG', 'M2101K6G', 'CPH2451',
                  'SM-A135F', 'moto g54 5G', 'VOG-L29', 'SM-S918B', 'Pixel 6a', '23049PCD8G', 'RMX3630']
IOS_MODELS = ['iPhone15,3', 'iPhone14,2', 'iPhone13,2', 'iPhone12,1', 'iPhone16,1', 'iPhone14,7']
CHROME_V = ['129.0.0.0', '130.0.0.0', '131.0.0.0']
BROWSER_UAS = [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{c} Safari/537.36',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{c} Safari/537.36 Edg/{c}',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{c} Safari/537.36',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{c} Safari/537.36',
]
PARTNER_UA = 'OrionHub-Cloud/4.2.1 (account-link; vendor=Orion TV)'

NODES = ['web-a', 'tv-a', 'mob-a', 'web-b', 'tv-b', 'mob-b']
HONEST, ATTACKER = 'honest', 'attacker'

# --------------------------------------------------------------------------------------
# Profiles (rates per account per day unless stated)
# --------------------------------------------------------------------------------------

BASE = dict(
    active=0.70,        # accounts with own (non-partner) activity today
    share=0.10,         # accounts shared across 2-4 homes
    dorm=0.04,          # accounts living in a dorm behind a NAT
    dorm_size=(40, 160), dorm_nat=(1, 2),
    hotel=0.02,         # active accounts whose owner is in a hotel tonight
    hotel_size=(15, 50),
    partner=0.30,       # accounts linked to the TV maker's cloud (logs in 2-3x/day for every linked account)
    stale=0.03,         # accounts with a device holding a stale saved password (changed yesterday)
    forgot=0.012,       # active accounts: forgotten password -> guesses -> reset
    typo=0.06,          # per interactive login
    oldpw=0.15,         # per interactive login of an account with an old password
    mobile=0.45,        # phone logins over the mobile network (rest: home Wi-Fi)
    cgnat_div=5,        # carrier CGNAT pool = subscribers / cgnat_div addresses
    farm=('DE', 'GB', 'FR', 'IT'),   # carriers the 4G proxy farm's SIM modems are on
    storm_platforms=1, storm_cov=0.55,
    old_leak=0.18,      # customers with an old (since changed) password in combos.txt
    cur_leak=0.04,      # customers whose current pair is in combos.txt
    noncust=5.0,        # non-customer combo pairs per account
    spray_pw=0.003,     # customers using one of the sprayed passwords
    phished=0.004,      # customers whose current pair is in the private combo list only
    checker4g=0.5, checkerresi=0.25, stuffing=0.5, spray=0.25, natproxy=0.08, dormchecker=0.0,
    private_wrong=2.0,  # wrong pairs per good pair in the private list
    sold=0.6,           # checker hits resold and used by a buyer the same day
    pwchange=0.5,       # private-crew takeovers whose password gets changed
    persist=2,          # accounts the "own device" attacker streams on
)
PROFILES = {
    'mixed': dict(BASE),
    'sharing': dict(BASE, share=0.35, partner=0.40, stale=0.05, storm_platforms=2, storm_cov=0.85,
                    cur_leak=0.045, checker4g=0.25, checkerresi=0.10, stuffing=0.30, spray=0.15, natproxy=0.03,
                    persist=1),
    'resale': dict(BASE, mobile=0.6, cgnat_div=4, farm=('DE', 'GB', 'FR', 'IT', 'ES', 'NL', 'PL'), checker4g=1.6, checkerresi=0.8, stuffing=0.12, spray=0.10,
                   natproxy=0.05, phished=0.002, sold=0.8, persist=1),
    'dorms': dict(BASE, dorm=0.16, dorm_size=(60, 300), dorm_nat=(1, 3), hotel=0.06, hotel_size=(30, 90),
                  natproxy=0.6, dormchecker=0.08, checker4g=0.2, checkerresi=0.1, stuffing=0.3, spray=0.15),
}

# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------


def v6base(s):
    v = 0
    parts = s.split(':')
    for p in parts:
        v = (v << 16) | int(p, 16)
    return v << (128 - 16 * len(parts))


def fmt6(n):
    return ipaddress.IPv6Address(n).compressed


def rand_v4_16(r, s16):
    return '%s.%d.%d' % (s16, r.randrange(256), r.randint(1, 254))


def poisson(r, lam):
    if lam <= 0:
        return 0
    lim = math.exp(-lam)
    k, p = 0, r.random()
    while p > lim:
        k += 1
        p *= r.random()
    return k


def diurnal(r, tz):
    """A UTC time (ms) whose local hour follows the streaming activity curve."""
    h = bisect.bisect_left(HOUR_CUM, r.random() * HOUR_CUM[-1])
    local = h * HOUR + r.randrange(HOUR)
    return (local - tz * HOUR) % DAY


def wchoice(r, items, weights):
    return r.choices(items, weights=weights)[0]


def hexid(r, n=16):
    return '%0*x' % (n, r.getrandbits(4 * n))


def typo(r, pw):
    for _ in range(8):
        op = r.randrange(5)
        i = r.randrange(len(pw))
        if op == 0 and len(pw) > 1 and i < len(pw) - 1:
            s = pw[:i] + pw[i + 1] + pw[i] + pw[i + 2:]
        elif op == 1 and len(pw) > 4:
            s = pw[:i] + pw[i + 1:]
        elif op == 2:
            s = pw[:i] + pw[i] + pw[i:]
        elif op == 3:
            s = pw.swapcase()
        else:
            s = pw[:i] + r.choice('abcdefghijklmnopqrstuvwxyz0123456789') + pw[i + 1:]
        if s != pw:
            return s
    return pw + '1'


def variant(r, pw):
    """The same person's other password: change the digits, or add some."""
    j = len(pw)
    while j > 0 and pw[j - 1].isdigit():
        j -= 1
    stem, digits = pw[:j], pw[j:]
    for _ in range(8):
        if digits and r.random() < 0.7:
            if len(digits) == 4:
                s = stem + str(r.randint(1975, 2026))
            else:
                s = stem + str(r.randint(0, 10 ** len(digits) - 1)).zfill(len(digits))
        else:
            s = pw + r.choice(['1', '!', '12', '2024', '2025', '#', '.'])
        if s != pw:
            return s
    return pw + '2'


# --------------------------------------------------------------------------------------
# world objects
# --------------------------------------------------------------------------------------


class Home:
    __slots__ = ('country', 'tz', 'city', 'kind', 'ips', 'v6', 'nat', 'lag', 'isp')

    def ip4(self, t, r):
        if self.nat:
            return r.choice(self.nat)
        ip = self.ips[0][1]
        for tf, x in self.ips:
            if tf <= t:
                ip = x
        return ip


class Dev:
    __slots__ = ('id', 'cls', 'plat', 'ua', 'ua_new', 't_upd', 'app', 'net', 'lag', 'saved', 'stale', 'carrier',
                 'mv6', 'iid', 'typed', 'fam', 'intents', 'v6ok', 'last_ip', 'last_t', 'last_kind')

    def __init__(self):
        self.t_upd = None
        self.ua_new = None
        self.stale = False
        self.carrier = None
        self.mv6 = None
        self.iid = 0
        self.intents = []
        self.v6ok = False
        self.lag = 0
        self.last_ip = None
        self.last_t = 0
        self.last_kind = None


class Carrier:
    __slots__ = ('name', 'pool', 'v6', 'subs', 's16')


class Acct:
    __slots__ = ('user', 'country', 'pw0', 'ht', 'hp', 'hb', 'homes', 'devices', 'active', 'traits', 'old_pws',
                 'leaked_old', 'cur_leaked', 'phished', 'reset_pending', 'private_old')

    def __init__(self, user, country, pw0):
        self.user, self.country, self.pw0 = user, country, pw0
        self.ht, self.hp, self.hb = [-10 * DAY], [pw0], ['owner']
        self.homes, self.devices = [], []
        self.active = False
        self.traits = []
        self.old_pws = []
        self.leaked_old = None
        self.cur_leaked = False
        self.phished = False
        self.reset_pending = False
        self.private_old = None

    def cur(self, t):
        return self.hp[bisect.bisect_right(self.ht, t) - 1]

    def holder(self, t):
        return self.hb[bisect.bisect_right(self.ht, t) - 1]

    def set_pw(self, t, pw, by):
        i = bisect.bisect_right(self.ht, t)
        self.ht.insert(i, t)
        self.hp.insert(i, pw)
        self.hb.insert(i, by)

    def owner_pw(self, t, lag):
        for i in range(len(self.ht) - 1, -1, -1):
            if self.hb[i] == 'owner' and self.ht[i] + lag <= t:
                return self.hp[i]
        return self.pw0

    def trait(self, s):
        if s not in self.traits:
            self.traits.append(s)


# --------------------------------------------------------------------------------------
# the generator
# --------------------------------------------------------------------------------------


class Gen:
    def __init__(self, seed, n, profile, key):
        self.seed, self.N, self.profile = seed, n, profile
        self.P = PROFILES[profile]
        self.key = key
        self.fp = Fingerprinter(key.encode('utf-8'))

        def R(name):
            return random.Random('gen12/%d/%s/%s' % (seed, profile, name))
        self.rw, self.rl, self.rh, self.ra, self.rn, self.re = (R('world'), R('leaks'), R('honest'),
                                                                R('attack'), R('net'), R('emit'))
        self.events = []
        self.emails = {}          # norm -> True (membership only)
        self.used_ips = {}        # membership only
        self.accts = []
        self.by_norm = {}
        self.camp_traits = {}     # norm -> list of attack traits

    # ------------------------------------------------------------------ emission
    def emit(self, t, user, ip, ok, pw, ua, app, dev, actor, camp, fam):
        if t < 0 or t >= DAY:
            return False
        node = fam + ('-a' if self.re.random() < 0.5 else '-b')
        self.events.append((t, len(self.events), node, user, ip, ok, pw, ua, app, dev, actor, camp))
        return True

    # ------------------------------------------------------------------ names & passwords
    def new_email(self, r, cc, foreign=False):
        for _ in range(100):
            c = cc if cc in FIRST else 'DE'
            if c in UNI_FIRST and r.random() < 0.012:
                f = r.choice(UNI_FIRST[c])
                l = r.choice(UNI_LAST[c])
            else:
                f = r.choice(FIRST[c])
                l = r.choice(LAST[c])
            dom = r.choice(OTHER_DOMAINS) if foreign or r.random() < 0.08 else r.choice(self.cdom[c])
            k = r.randrange(9)
            yy = r.randint(55, 105) % 100
            if k == 0:
                loc = '%s.%s' % (f, l)
            elif k == 1:
                loc = '%s.%s%d' % (f, l, r.randint(1, 99))
            elif k == 2:
                loc = '%s%s%02d' % (f, l, yy)
            elif k == 3:
                loc = '%s%s' % (f[0], l)
            elif k == 4:
                loc = '%s_%s%d' % (f, l[:3], r.randint(1, 999))
            elif k == 5:
                loc = '%s%d' % (f, r.randint(1950, 2008))
            elif k == 6:
                loc = '%s.%s.%d' % (l, f, r.randint(1, 9999))
            elif k == 7:
                loc = '%s-%s' % (f, l)
            else:
                loc = '%s%s%d' % (f[:3], l, r.randint(1, 9999))
            e = loc + '@' + dom
            if e not in self.emails:
                self.emails[e] = True
                return e
        raise RuntimeError('email space exhausted')

    def common_pw(self, r):
        return self.common[int(len(self.common) * (r.random() ** 3.2))]

    def personal_pw(self, r, cc):
        c = cc if cc in FIRST else 'DE'
        k = r.randrange(4)
        stem = [r.choice(FIRST[c]), r.choice(PETS), r.choice(TEAMS), r.choice(WORDS)][k]
        if r.random() < 0.45:
            stem = stem.capitalize()
        suf = r.choice([str(r.randint(1960, 2020)), '%02d' % r.randint(0, 99), str(r.randint(1, 9)),
                        str(r.randint(100, 9999)), ''])
        sym = r.choice(['', '', '', '!', '.', '#', '?', '*'])
        pw = stem + suf + sym
        if r.random() < 0.03:
            pw = r.choice(['Sch\u00f6neZeit', 'Gr\u00fcnerTee', 'ma\u00f1ana', 'c\u0153ur', '\u017c\u00f3\u0142w']) + suf
        if len(pw) < 6:
            pw += str(r.randint(10, 99))
        return pw

    def strong_pw(self, r):
        k = r.randrange(3)
        if k == 0:
            cs = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#$%&*+-=?@_:'
            return ''.join(r.choice(cs) for _ in range(r.randint(12, 20)))
        if k == 1:
            ws = [r.choice(WORDS + PETS) for _ in range(r.randint(3, 4))]
            return r.choice(['-', ' ', '.', '']).join(ws) + str(r.randint(0, 99))
        cs = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
        return ''.join(r.choice(cs) for _ in range(r.randint(16, 24)))

    def gen_pw(self, r, cc):
        x = r.random()
        if x < 0.22:
            return self.common_pw(r)
        if x < 0.65:
            return self.personal_pw(r, cc)
        return self.strong_pw(r)

    def new_pw_for(self, r, a):
        """A password the owner picks at a reset."""
        old = a.cur(DAY)
        for _ in range(10):
            x = r.random()
            p = variant(r, a.owner_pw(DAY, 0)) if x < 0.45 else (self.strong_pw(r) if x < 0.75 else
                                                                  self.personal_pw(r, a.country))
            if p != old and p != a.pw0 and p not in a.old_pws:
                return p
        return self.strong_pw(r)

    def build_common(self):
        r = self.rl
        out, seen = [], {}

        def add(p):
            if len(p) >= 6 and p not in seen:
                seen[p] = True
                out.append(p)
        for p in TOP_COMMON:
            add(p)
        for p in SPRAY_PWS:
            add(p)
        sufs = ['', '1', '123', '12', '!', '1!', '1234', '01', '2024', '2025', '2026', '123!', '69', '007',
                '@123', '#1', '11', '99', '22', '13']
        for s in sufs:
            for w in BASE_COMMON:
                add(w + s)
                if r.random() < 0.55:
                    add(w.capitalize() + s)
        tail = []
        for w in BASE_COMMON + WORDS + PETS + TEAMS:
            for _ in range(6):
                tail.append(w + str(r.randint(1960, 2012)))
            tail.append(w.replace('a', '@').replace('o', '0').replace('e', '3') + r.choice(['', '1', '!']))
        r.shuffle(tail)
        for p in tail:
            add(p)
        for i in range(200):
            add(str(r.randint(10 ** 5, 10 ** 8)))
        self.common = out[:3000]

    # ------------------------------------------------------------------ networks
    def uniq_ip(self, fn):
        for _ in range(50):
            ip = fn()
            if ip not in self.used_ips:
                self.used_ips[ip] = True
                return ip
        return ip

    def build_networks(self):
        r = self.rw
        P = self.P
        self.cinfo = {}
        self.cdom = {}
        self.carriers = {}
        for c in COUNTRIES:
            self.cinfo[c[0]] = c
            self.cdom[c[0]] = c[4]
        # subscribers per country, for CGNAT pool sizing
        wsum = sum(c[2] for c in COUNTRIES)
        for c in COUNTRIES:
            subs = max(1, int(self.N * c[2] / wsum))
            lst = []
            for name, s16s, v6 in c[6]:
                ca = Carrier()
                ca.name, ca.v6, ca.s16 = name, v6base(v6), s16s
                ca.subs = max(1, subs // len(c[6]))
                size = max(16, ca.subs // P['cgnat_div'])
                ca.pool = [self.uniq_ip(lambda: rand_v4_16(r, r.choice(s16s))) for _ in range(size)]
                lst.append(ca)
            self.carriers[c[0]] = lst
        self.partner_ips = ['%s.%d' % (s, r.randint(10, 250)) for s in PARTNER_V4]
        pv6 = v6base(PARTNER_V6)
        self.partner_ips += [fmt6(pv6 | (r.getrandbits(16) << 64) | r.getrandbits(32)) for _ in range(2)]
        for ip in self.partner_ips:
            self.used_ips[ip] = True

    def new_home(self, r, cc, kind='home'):
        c = self.cinfo[cc]
        h = Home()
        h.country, h.tz, h.city, h.kind, h.lag, h.nat = cc, c[1], r.choice(c[3]), kind, 0, None
        isp = r.choice(c[5])
        h.isp = isp[0]
        ip0 = self.uniq_ip(lambda: rand_v4_16(r, r.choice(isp[1])))
        h.ips = [(-DAY, ip0)]
        if r.random() < 0.04:   # DHCP/PPPoE re-dial during the day
            h.ips.append((r.randrange(DAY), self.uniq_ip(lambda: rand_v4_16(r, r.choice(isp[1])))))
        h.v6 = (v6base(isp[2]) | (r.getrandbits(24) << 72)) if r.random() < 0.35 else None
        return h

    # ------------------------------------------------------------------ devices
    def new_dev(self, r, a, home, cls):
        d = Dev()
        d.id = hexid(r)
        d.cls = cls
        d.net = home
        d.lag = home.lag
        d.saved = a.pw0
        d.iid = r.getrandbits(64)
        d.plat = cls
        if cls == 'tv':
            pl = wchoice(r, TV_PLATFORMS, [p[1] for p in TV_PLATFORMS])
            d.plat = pl[0]
            m = r.choice(pl[3])
            d.ua = pl[2].format(v=TV_VER, m=m)
            d.ua_new = pl[2].format(v=TV_VER_NEW, m=m)
            d.v6ok = pl[4]
            d.app, d.fam = 'tv', 'tv'
        elif cls == 'console':
            d.ua = r.choice(CONSOLE_UAS)
            d.app, d.fam = 'console', 'tv'
        elif cls in ('phone', 'tablet'):
            if r.random() < 0.58:
                d.ua = '%s/8.12.1 (Android %d; %s)' % (SVC, r.choice([12, 13, 14, 14]),
                                                        r.choice(ANDROID_MODELS) if cls == 'phone' else 'SM-X200')
            else:
                d.ua = '%s/8.12.0 (%s 17.1.2; %s)' % (SVC, 'iOS' if cls == 'phone' else 'iPadOS',
                                                       r.choice(IOS_MODELS) if cls == 'phone' else 'iPad13,18')
            d.app, d.fam = 'mobile', 'mob'
            d.carrier = r.choice(self.carriers[home.country if home.country in self.carriers else a.country])
            d.mv6 = (d.carrier.v6 | (r.getrandbits(32) << 64)) if r.random() < 0.5 else None
        elif cls == 'web':
            d.ua = r.choice(BROWSER_UAS).format(c=r.choice(CHROME_V))
            d.app, d.fam = 'web', 'web'
        elif cls == 'partner':
            d.ua, d.app, d.fam = PARTNER_UA, 'partner', 'tv'
        elif cls == 'hotel-tv':
            d.ua = 'Vidora-TV/%s (Android TV 11; Hospitality HTV-55)' % TV_VER
            d.app, d.fam = 'tv', 'tv'
        # the user name as stored/typed on this device
        u = a.user
        x = r.random()
        if cls in ('phone', 'tablet', 'web', 'hotel-tv'):
            if x < 0.10:
                u = u[:1].upper() + u[1:]
            elif x < 0.13:
                u = u + ' '
            elif x < 0.15:
                loc, _, dom = u.partition('@')
                u = loc + '@' + dom.upper()
        elif cls in ('tv', 'console') and x < 0.04:
            u = u[:1].upper() + u[1:]
        if norm_user(u) != a.user:
            u = a.user
        d.typed = u
        a.devices.append(d)
        return d

    def home_devices(self, r, a, h):
        if h.kind == 'dorm':
            cls = ['phone']
            if r.random() < 0.8:
                cls.append('web')
            if r.random() < 0.35:
                cls.append('tv')
            if r.random() < 0.2:
                cls.append('console')
            if r.random() < 0.25:
                cls.append('tablet')
        else:
            cls = []
            ntv = wchoice(r, [0, 1, 2, 3], [12, 50, 28, 10])
            cls += ['tv'] * ntv
            cls += ['phone'] * wchoice(r, [0, 1, 2, 3], [10, 40, 35, 15])
            if r.random() < 0.45:
                cls.append('web')
            if r.random() < 0.25:
                cls.append('console')
            if r.random() < 0.3:
                cls.append('tablet')
            if not cls:
                cls = ['tv']
        for c in cls:
            self.new_dev(r, a, h, c)

    # ------------------------------------------------------------------ world
    def build_world(self):
        r = self.rw
        P = self.P
        N = self.N
        self.build_networks()
        self.build_common()
        ccs = [c[0] for c in COUNTRIES]
        cw = [c[2] for c in COUNTRIES]
        # dorms and hotels
        n_dorm = int(round(N * P['dorm']))
        self.dorms = []
        left = n_dorm
        while left > 0:
            cc = wchoice(r, ccs, cw)
            h = self.new_home(r, cc, 'dorm')
            s16 = r.choice(UNIVERSITY_V4)
            h.nat = [self.uniq_ip(lambda: rand_v4_16(r, s16)) for _ in range(r.randint(*P['dorm_nat']))]
            h.v6 = None
            size = min(left, r.randint(*P['dorm_size']))
            self.dorms.append([h, size])
            left -= size
        dorm_slots = []
        for i, (h, size) in enumerate(self.dorms):
            dorm_slots += [i] * size
        r.shuffle(dorm_slots)
        self.hotels = []
        n_hotel_guests = int(round(N * P['active'] * P['hotel']))
        left = n_hotel_guests
        while left > 0:
            cc = wchoice(r, ccs, cw)
            h = Home()
            h.country, h.tz, h.city, h.kind, h.lag, h.nat, h.v6 = cc, self.cinfo[cc][1], '', 'hotel', 0, None, None
            h.isp = 'business'
            s16 = r.choice(BUSINESS_V4)
            h.ips = [(-DAY, self.uniq_ip(lambda: rand_v4_16(r, s16)))]
            size = min(left, r.randint(*P['hotel_size']))
            self.hotels.append([h, size])
            left -= size
        hotel_slots = []
        for i, (h, size) in enumerate(self.hotels):
            hotel_slots += [i] * size
        r.shuffle(hotel_slots)

        for i in range(N):
            dorm = dorm_slots.pop() if dorm_slots else None
            cc = self.dorms[dorm][0].country if dorm is not None else wchoice(r, ccs, cw)
            user = self.new_email(r, cc)
            x = r.random()
            if x < P['spray_pw']:
                pw0 = r.choice(SPRAY_PWS)
            else:
                pw0 = self.gen_pw(r, cc)
            a = Acct(user, cc, pw0)
            self.accts.append(a)
            self.by_norm[user] = a
            a.active = r.random() < P['active'] or dorm is not None
            if x < P['spray_pw']:
                a.trait('spray-pw')
            # leak status
            if r.random() < P['old_leak']:
                old = variant(r, pw0) if r.random() < 0.5 else self.gen_pw(r, cc)
                if old != pw0:
                    a.leaked_old = old
                    a.old_pws.append(old)
                    a.trait('leaked-old')
            y = r.random()
            if y < P['cur_leak']:
                a.cur_leaked = True
                a.trait('leaked-current')
            elif y < P['cur_leak'] + P['phished']:
                a.phished = True
                a.trait('phished')
            # homes
            if dorm is not None:
                home = self.dorms[dorm][0]
                a.trait('dorm')
            else:
                home = self.new_home(r, cc)
            a.homes.append(home)
            self.home_devices(r, a, home)
            if dorm is None and r.random() < P['share']:
                for _ in range(wchoice(r, [1, 2, 3], [55, 32, 13])):
                    c2 = cc if r.random() < 0.85 else wchoice(r, ccs, cw)
                    h2 = self.new_home(r, c2)
                    h2.lag = r.randint(1 * HOUR, 8 * HOUR)    # they learn of password changes later
                    a.homes.append(h2)
                    self.home_devices(r, a, h2)
                a.trait('shared')
            if r.random() < P['partner']:
                pd = self.new_dev(r, a, home, 'partner')
                a.trait('partner')
            if a.active and hotel_slots and dorm is None and r.random() < P['hotel'] * 1.6:
                hh = self.hotels[hotel_slots.pop()][0]
                a.trait('hotel')
                phones = [d for d in a.devices if d.cls == 'phone' and d.net is home]
                if phones:
                    phones[0].net = hh       # travelling with the phone
                    phones[0].intents.append((diurnal(r, hh.tz), 'inter', 'login'))
                tvd = self.new_dev(r, a, hh, 'hotel-tv')
                tvd.lag = 0
                tvd.intents.append((r.randint(17 * HOUR, 22 * HOUR) - hh.tz * HOUR, 'inter', 'login'))
            if len(a.homes) == 1 and dorm is None:
                a.trait('household')

        # stale devices: password changed yesterday, some auto device still has the previous one
        for a in self.accts:
            autos = [d for d in a.devices if d.cls in ('tv', 'console', 'partner')]
            if not autos or r.random() >= P['stale']:
                continue
            prev = a.leaked_old if (a.leaked_old and r.random() < 0.6) else variant(r, a.pw0)
            if prev == a.pw0:
                continue
            if prev not in a.old_pws:
                a.old_pws.append(prev)
            for d in r.sample(autos, min(len(autos), wchoice(r, [1, 2], [75, 25]))):
                d.saved = prev
                if d.cls != 'partner' and not a.active:
                    a.active = True     # the stale TV gets switched on today

        # planned intents
        for a in self.accts:
            for d in a.devices:
                self.plan_device(r, a, d)
        self.plan_storm(r)
        self.plan_forgot(r)

    def plan_device(self, r, a, d):
        c = d.cls
        tz = d.net.tz
        if c == 'partner':
            period = r.choice([8 * HOUR, 12 * HOUR])
            t = r.randrange(period)
            while t < DAY:
                d.intents.append((t + r.randint(-5 * MIN, 5 * MIN), 'auto', 'relogin'))
                t += period
            return
        if not a.active or c == 'hotel-tv':
            return
        if d.net.kind == 'hotel':       # travelling phone: a few more logins at the hotel
            n_auto, n_int = poisson(r, 0.8), poisson(r, 0.3)
        elif c == 'tv':
            n_auto, n_int = 1 + poisson(r, 2.3), 0
        elif c == 'console':
            n_auto, n_int = poisson(r, 1.2), 0
        elif c == 'phone':
            n_auto, n_int = poisson(r, 1.7), poisson(r, 0.7)
        elif c == 'tablet':
            n_auto, n_int = poisson(r, 0.8), poisson(r, 0.3)
        else:
            n_auto, n_int = 0, poisson(r, 1.1)
        for _ in range(n_auto):
            d.intents.append((diurnal(r, tz), 'auto', 'relogin'))
        for _ in range(n_int):
            d.intents.append((diurnal(r, tz), 'inter', 'login'))
        if c in ('tv', 'console') and d.saved != a.pw0 and not any(k == 'auto' for _, k, _ in d.intents):
            d.intents.append((diurnal(r, tz), 'auto', 'relogin'))    # the stale TV is switched on

    def plan_storm(self, r):
        """An app update for one (two) TV platform(s) rolls out in the evening prime time; every
        updated TV re-authenticates with its saved password within about an hour."""
        P = self.P
        order = ['tizen', 'webos', 'androidtv']
        plats = order[:P['storm_platforms']]
        self.storm_start = 18 * HOUR + r.randrange(30 * MIN)
        for a in self.accts:
            for d in a.devices:
                if d.cls != 'tv' or d.plat not in plats:
                    continue
                cov = P['storm_cov'] if a.active else P['storm_cov'] * 0.6   # TVs in standby update too
                if r.random() >= cov:
                    continue
                tu = self.storm_start + int(70 * MIN * (r.random() ** 1.6))
                d.t_upd = tu
                d.intents.append((tu + r.randint(5 * SEC, 90 * SEC), 'auto', 'update'))
                a.trait('tv-update')

    def plan_forgot(self, r):
        P = self.P
        self.forgot = {}
        for a in self.accts:
            if not a.active or r.random() >= P['forgot']:
                continue
            inter = [d for d in a.devices if d.cls in ('phone', 'web', 'tablet') and d.net.kind != 'hotel']
            if not inter:
                continue
            d = r.choice(inter)
            t = diurnal(r, d.net.tz)
            guesses = []
            dt = 0
            cands = a.old_pws + [typo(r, a.pw0), variant(r, a.pw0), self.common_pw(r)]
            for _ in range(r.randint(2, 5)):
                g = r.choice(cands)
                if g == a.pw0:
                    g = typo(r, g)
                guesses.append((dt, g))
                dt += r.randint(8 * SEC, 70 * SEC)
            t_reset = t + dt + r.randint(1 * MIN, 6 * MIN)
            new = self.new_pw_for(r, a)
            a.set_pw(t_reset, new, 'owner')
            d.intents.append((t, 'forgot', (guesses, t_reset, t_reset + r.randint(40 * SEC, 8 * MIN))))
            a.trait('forgot')

    # ------------------------------------------------------------------ leaks
    def build_leaks(self):
        r = self.rl
        N = self.N
        lines = []
        ccs = [c[0] for c in COUNTRIES]
        cw = [c[2] for c in COUNTRIES]
        for _ in range(int(N * self.P['noncust'])):
            foreign = r.random() < 0.3
            e = self.new_email(r, wchoice(r, ccs, cw), foreign)
            x = r.random()
            pw = self.common_pw(r) if x < 0.35 else (self.personal_pw(r, 'DE') if x < 0.75 else self.strong_pw(r))
            lines.append((e, pw))
        for a in self.accts:
            if a.leaked_old:
                lines.append((a.user, a.leaked_old))
            if a.cur_leaked:
                lines.append((a.user, a.pw0))
        # case variants as dumps carry them, duplicates
        out = []
        for u, p in lines:
            if r.random() < 0.05:
                v = u[:1].upper() + u[1:] if r.random() < 0.7 else u.upper()
                if norm_user(v) == norm_user(u):
                    u = v
            out.append((u, p))
            if r.random() < 0.03:
                out.append((u, p))
        r.shuffle(out)
        self.combo_lines = out
        pairs, seen = [], {}
        for u, p in out:
            k = (norm_user(u), p)
            if k not in seen:
                seen[k] = True
                pairs.append((u, p))
        self.combo_pairs = pairs
        self.combo_set = seen          # (norm user, password) -> True
        # a private list: current pairs of "phished" customers + stale / wrong pairs, none in combos.txt
        priv = []
        for a in self.accts:
            if a.phished and (a.user, a.pw0) not in seen:
                priv.append((a.user, a.pw0))
        nwrong = int(len(priv) * self.P['private_wrong'])
        for _ in range(nwrong):
            if r.random() < 0.6:
                a = self.accts[r.randrange(N)]
                p = variant(r, a.pw0)
                if (a.user, p) not in seen and p != a.pw0:
                    a.private_old = p
                    priv.append((a.user, p))
            else:
                e = self.new_email(r, wchoice(r, ccs, cw))
                priv.append((e, self.personal_pw(r, 'DE')))
        r.shuffle(priv)
        self.private_pairs = priv

    def write_leaks(self, out):
        r = self.rl
        buf = io.StringIO()
        n_bad = max(1, self.N // 2500)
        bad_at = sorted(r.sample(range(len(self.combo_lines)), n_bad))
        bi = 0
        for i, (u, p) in enumerate(self.combo_lines):
            if bi < len(bad_at) and bad_at[bi] == i:   # dumps are dirty: a blank and a malformed line
                buf.write('\n')
                buf.write(u.split('@')[0] + ' ' + p.replace(':', '') + '\n')
                bi += 1
            buf.write(u + ':' + p + '\n')
        with open(os.path.join(out, 'combos.txt'), 'w', encoding='utf-8', newline='\n') as f:
            f.write(buf.getvalue())
        with open(os.path.join(out, 'passwords.txt'), 'w', encoding='utf-8', newline='\n') as f:
            f.write(''.join(p + '\n' for p in self.common))
        return len(self.combo_lines) + 2 * n_bad, len(self.common)

    # ------------------------------------------------------------------ honest simulation
    def dev_ip(self, a, d, t):
        r = self.rn
        net = d.net
        if d.cls == 'partner':
            return r.choice(self.partner_ips), 'cloud'
        if d.last_ip is not None and abs(t - d.last_t) < 20 * MIN:    # same session, same address
            d.last_t = t
            return d.last_ip, d.last_kind
        ip, kind = self.dev_ip_new(d, t)
        d.last_ip, d.last_t, d.last_kind = ip, t, kind
        return ip, kind

    def dev_ip_new(self, d, t):
        r = self.rn
        net = d.net
        if net.kind == 'hotel':
            return net.ips[0][1], 'hotel'
        if d.cls in ('phone', 'tablet'):
            pm = self.P['mobile'] if d.cls == 'phone' else 0.12
            if net.kind == 'dorm':
                pm *= 0.5
            if r.random() < pm:
                if d.mv6 is not None:
                    if r.random() < 0.15:      # re-attach: a new /64 for the device
                        d.mv6 = d.carrier.v6 | (r.getrandbits(32) << 64)
                    return fmt6(d.mv6 | r.getrandbits(64)), 'mv6'
                return r.choice(d.carrier.pool), 'cgnat'
        if net.kind == 'dorm':
            return r.choice(net.nat), 'dorm'
        if net.v6 is not None and ((d.cls in ('phone', 'tablet', 'web') and r.random() < 0.65) or d.v6ok):
            return fmt6(net.v6 | d.iid), 'home6'
        return net.ip4(t, r), 'home'

    def hemit(self, a, d, t, pw, ok, beh):
        ip, kind = self.dev_ip(a, d, t)
        if kind in ('dorm', 'hotel'):
            ctx = kind
        else:
            ctx = 'hotel' if d.cls == 'hotel-tv' else d.cls
        ua = d.ua_new if (d.t_upd is not None and t >= d.t_upd) else d.ua
        user = a.user if d.cls == 'partner' else d.typed
        if self.emit(t, user, ip, ok, pw, ua, d.app, d.id, HONEST, 'honest-%s/%s' % (ctx, beh), d.fam):
            if kind == 'cgnat':
                a.trait('mobile-cgnat')
            elif kind == 'mv6':
                a.trait('mobile-v6')

    def sim_honest(self):
        for a in self.accts:
            heap = []
            seq = [0]

            def push(t, kind, d, arg=None):
                heapq.heappush(heap, (t, seq[0], kind, d, arg))
                seq[0] += 1
            for d in a.devices:
                for t, kind, arg in d.intents:
                    push(t, kind, d, arg)
            while heap:
                t, _, kind, d, arg = heapq.heappop(heap)
                if t >= DAY or t < 0:
                    continue
                getattr(self, 'h_' + kind)(a, d, t, arg, push)

    def h_auto(self, a, d, t, beh, push):
        pw = d.saved
        ok = pw == a.cur(t)
        self.hemit(a, d, t, pw, ok, beh if ok else 'stale')
        if ok:
            d.stale = False
        else:
            self.start_stale(a, d, t, push)

    def start_stale(self, a, d, t, push):
        r = self.rh
        if d.stale:
            return
        d.stale = True
        a.trait('stale-device')
        tt = t
        if d.cls == 'partner':
            for _ in range(r.randint(3, 16)):
                tt += r.randint(50 * MIN, 70 * MIN)
                push(tt, 'retry', d)
            if r.random() < 0.35:
                push(t + r.randint(2 * HOUR, 12 * HOUR), 'fix', d)
        else:
            for k in range(r.randint(4, 24)):
                tt += r.randint(8 * SEC, 45 * SEC) if k < 2 else r.randint(2 * MIN, 20 * MIN)
                push(tt, 'retry', d)
            if r.random() < 0.65:
                push(t + 4 * MIN + int(r.expovariate(1.0 / (80 * MIN))), 'fix', d)

    def h_retry(self, a, d, t, arg, push):
        if not d.stale:
            return
        ok = d.saved == a.cur(t)
        self.hemit(a, d, t, d.saved, ok, 'relogin' if ok else 'stale')
        if ok:
            d.stale = False

    def h_fix(self, a, d, t, arg, push):
        r = self.rh
        if not d.stale:
            return
        owner = a.owner_pw(t, d.lag)
        if d.cls != 'partner' and r.random() < 0.2:     # typing on a TV remote
            self.hemit(a, d, t, typo(r, owner), False, 'typo')
            a.trait('typo')
            t += r.randint(20 * SEC, 70 * SEC)
        ok = owner == a.cur(t)
        self.hemit(a, d, t, owner, ok, 'fix')
        if ok:
            d.saved, d.stale = owner, False
        elif a.holder(t) == 'attacker':
            self.lockout(a, d, t, push)
        elif r.random() < 0.6:
            push(t + r.randint(HOUR, 4 * HOUR), 'fix', d)

    def h_inter(self, a, d, t, beh, push):
        r = self.rh
        P = self.P
        owner = a.owner_pw(t, d.lag)
        if a.old_pws and r.random() < P['oldpw']:
            old = r.choice(a.old_pws)
            if old != a.cur(t):
                self.hemit(a, d, t, old, False, 'oldpw')
                a.trait('oldpw-typed')
                t += r.randint(5 * SEC, 30 * SEC)
        pt = P['typo'] * (3 if d.cls == 'hotel-tv' else 1)
        while r.random() < pt:
            self.hemit(a, d, t, typo(r, owner), False, 'typo')
            a.trait('typo')
            t += r.randint(3 * SEC, 20 * SEC)
            pt = 0.2
        ok = owner == a.cur(t)
        self.hemit(a, d, t, owner, ok, 'login' if ok else 'wrongpw')
        if ok:
            if d.cls in ('phone', 'tablet'):
                d.saved, d.stale = owner, False
            return
        for _ in range(r.randint(0, 2)):
            t += r.randint(5 * SEC, 40 * SEC)
            self.hemit(a, d, t, owner, False, 'wrongpw')
        if a.holder(t) == 'attacker':
            self.lockout(a, d, t, push)

    def lockout(self, a, d, t, push):
        r = self.rh
        a.trait('locked-out')
        if a.reset_pending:
            return
        if r.random() < 0.8:
            a.reset_pending = True
            push(t + r.randint(5 * MIN, 90 * MIN), 'reset', d)

    def h_reset(self, a, d, t, arg, push):
        r = self.rh
        new = self.new_pw_for(r, a)
        a.set_pw(t, new, 'owner')
        a.reset_pending = False
        a.trait('reset')
        ld = d
        if d.cls == 'partner':
            inter = [x for x in a.devices if x.cls in ('phone', 'web', 'tablet')]
            ld = inter[0] if inter else d
            push(t + r.randint(10 * MIN, 90 * MIN), 'fix', d)      # re-link the partner account
        t2 = t + r.randint(40 * SEC, 6 * MIN)
        ok = new == a.cur(t2)
        self.hemit(a, ld, t2, new, ok, 'reset-login')
        if ok and ld.cls in ('phone', 'tablet', 'tv', 'console', 'hotel-tv'):
            ld.saved, ld.stale = new, False

    def h_forgot(self, a, d, t, arg, push):
        guesses, t_reset, t_login = arg
        for dt, g in guesses:
            self.hemit(a, d, t + dt, g, False, 'forgot')
        a.trait('reset')
        pw = a.cur(t_login)
        ok = a.holder(t_login) == 'owner'
        self.hemit(a, d, t_login, pw if ok else a.owner_pw(t_login, 0), ok, 'reset-login')
        if ok and d.cls in ('phone', 'tablet'):
            d.saved, d.stale = pw, False

    # ------------------------------------------------------------------ attacks
    def attack_ip_pools(self):
        r = self.ra
        self.res_domestic = []
        for c in COUNTRIES:
            for isp in c[5]:
                self.res_domestic.append(isp[1])
        self.all_homes = []
        seen = {}
        for a in self.accts:
            for h in a.homes:
                if h.kind == 'home' and id(h) not in seen:
                    seen[id(h)] = True
                    self.all_homes.append(h)

    def resi_ip(self, r, foreign_p=0.4, honest_p=0.03):
        x = r.random()
        if x < honest_p and self.all_homes:      # proxyware running inside a customer's home
            return r.choice(self.all_homes).ips[0][1]
        if x < foreign_p:
            return rand_v4_16(r, r.choice(r.choice(FOREIGN)[1]))
        return rand_v4_16(r, r.choice(r.choice(self.res_domestic)))

    def sample_pairs(self, r, n):
        n = min(n, len(self.combo_pairs))
        return r.sample(self.combo_pairs, n)

    def spread(self, r, n, start, dur):
        return sorted(start + r.randrange(max(1, dur)) for _ in range(n))

    def rotate(self, r, times, pairs, camp, ipfn, uafn, app, fam, per=(1, 3), dev_per_attempt=True):
        out = []
        left, ip, ua, dev = 0, None, None, None
        for t, (u, p) in zip(times, pairs):
            if left <= 0:
                ip, ua, dev = ipfn(), uafn(), hexid(r)
                left = r.randint(*per)
            left -= 1
            if dev_per_attempt:
                dev = hexid(r)
            out.append([t, camp, u, p, ip, ua, app, dev, fam])
        return out

    def plan_attacks(self):
        r = self.ra
        P = self.P
        N = self.N
        self.attack_ip_pools()
        atts = []
        android_ua = lambda: '%s/8.9.0 (Android %d; %s)' % (SVC, r.choice([11, 12, 13]), r.choice(ANDROID_MODELS))

        # 1. checker through rotating 4G proxies (SIM modems on three domestic carriers)
        n = int(P['checker4g'] * N)
        if n:
            farm = []
            for cc in P['farm']:
                farm += self.carriers[cc][0].pool + self.carriers[cc][1].pool
            pairs = self.sample_pairs(r, n)
            times = []
            k = r.randint(2, 3)
            for s in range(k):
                m = len(pairs) // k + (1 if s < len(pairs) % k else 0)
                dur = r.randint(3 * HOUR, 7 * HOUR)
                times += self.spread(r, m, r.randrange(DAY - dur - 6 * HOUR), dur)
            times.sort()
            atts += self.rotate(r, times, pairs, 'checker-4g', lambda: r.choice(farm), android_ua, 'mobile', 'mob')

        # 2. checker through residential proxies (browser API)
        n = int(P['checkerresi'] * N)
        if n:
            pairs = self.sample_pairs(r, n)
            dur = r.randint(6 * HOUR, 12 * HOUR)
            times = self.spread(r, len(pairs), r.randrange(DAY - dur - 4 * HOUR), dur)
            atts += self.rotate(r, times, pairs, 'checker-resi', lambda: self.resi_ip(r),
                                lambda: r.choice(BROWSER_UAS).format(c=r.choice(CHROME_V)), 'web', 'web')

        # 3. concentrated stuffing from hosting addresses (IPv4, IPv6 fixed, IPv6 rotating in one /64)
        n = int(P['stuffing'] * N)
        if n:
            srcs = [('%s.%d' % (s, r.randint(2, 250)), None) for s in r.sample(ATTACK_HOSTING_V4, 3)]
            b6 = r.sample(ATTACK_HOSTING_V6, 2)
            srcs.append((fmt6(v6base(b6[0]) | r.getrandbits(64)), None))
            srcs.append((None, v6base(b6[1]) | (r.getrandbits(16) << 64)))
            uas = ['python-requests/2.31.0', 'okhttp/4.9.3',
                   BROWSER_UAS[0].format(c='120.0.0.0'), 'Mozilla/5.0', BROWSER_UAS[3]]
            weights = [r.uniform(0.5, 2.0) for _ in srcs]
            ws = sum(weights)
            pairs = self.sample_pairs(r, n)
            pos = 0
            for i, (ip, p64) in enumerate(srcs):
                m = int(len(pairs) * weights[i] / ws) if i < len(srcs) - 1 else len(pairs) - pos
                chunk = pairs[pos:pos + m]
                pos += m
                t = r.randrange(DAY - 3 * HOUR)
                gap = r.uniform(0.6, 3.0) * SEC
                for u, p in chunk:
                    t += int(r.expovariate(1.0 / gap)) + 50
                    aip = ip if ip else fmt6(p64 | r.getrandbits(64))
                    atts.append([t, 'stuffing-dc', u, p, aip, uas[i], 'web', hexid(r), 'web'])

        # 4. slow password spraying of streaming-themed passwords
        n = int(P['spray'] * N)
        if n:
            pws = SPRAY_PWS[:3]
            ntar = max(1, n // len(pws))
            users, seen = [], {}
            for a in self.accts:
                if a.pw0 in SPRAY_PWS and r.random() < 0.75:
                    users.append(a.user)
            cu = r.sample(self.combo_pairs, min(len(self.combo_pairs), ntar))
            for u, _ in cu:
                users.append(u)
            for _ in range(ntar // 4):
                users.append(self.accts[r.randrange(N)].user)
            ul = []
            for u in users:
                if norm_user(u) not in seen:
                    seen[norm_user(u)] = True
                    ul.append(u)
            ul = ul[:ntar + 20]
            spray_ips = [self.resi_ip(r, 0.5, 0.0) for _ in range(25)] + \
                        ['%s.%d' % (s, r.randint(2, 250)) for s in VPN_V4]
            ua = BROWSER_UAS[0].format(c='131.0.0.0')
            span = DAY // len(pws)
            for k, pw in enumerate(pws):
                order = ul[:]
                r.shuffle(order)
                times = self.spread(r, len(order), k * span, span - 10 * MIN)
                rows = self.rotate(r, times, [(u, pw) for u in order], 'spray', lambda: r.choice(spray_ips),
                                   lambda: ua, 'web', 'web', per=(4, 15))
                atts += rows

        # 5. private combo list crew (geo-matched residential proxies), changes some passwords
        if self.private_pairs:
            ips = [self.resi_ip(r, 0.0, 0.0) for _ in range(4)]
            ua = BROWSER_UAS[1].format(c='130.0.0.0')
            start = r.randint(8 * HOUR, 14 * HOUR)
            times = self.spread(r, len(self.private_pairs), start, r.randint(2 * HOUR, 5 * HOUR))
            self.private_ips = ips
            atts += self.rotate(r, times, self.private_pairs, 'private-combo', lambda: r.choice(ips),
                                lambda: ua, 'web', 'web', per=(3, 12), dev_per_attempt=False)

        # 6. checker whose proxy exits are NAT gateways (dorms, hotels) and CGNAT addresses
        n = int(P['natproxy'] * N)
        nats = [ip for h, _ in self.dorms for ip in h.nat] + [h.ips[0][1] for h, _ in self.hotels]
        if n and nats:
            cg = self.carriers['DE'][2].pool + self.carriers['GB'][2].pool
            pairs = self.sample_pairs(r, n)
            dur = r.randint(8 * HOUR, 16 * HOUR)
            times = self.spread(r, len(pairs), r.randrange(DAY - dur), dur)
            ipfn = lambda: r.choice(nats) if r.random() < 0.6 else r.choice(cg)
            atts += self.rotate(r, times, pairs, 'natproxy', ipfn,
                                lambda: r.choice(BROWSER_UAS).format(c=r.choice(CHROME_V)), 'web', 'web')

        # 7. a student running a slow checker from the dorm NAT itself
        n = int(P['dormchecker'] * N)
        if n and self.dorms:
            h = max(self.dorms, key=lambda x: x[1])[0]
            ip = h.nat[0]
            pairs = self.sample_pairs(r, n)
            dur = r.randint(5 * HOUR, 9 * HOUR)
            times = self.spread(r, len(pairs), 20 * HOUR - dur // 2, dur)
            ua = BROWSER_UAS[0].format(c='131.0.0.0')
            atts += self.rotate(r, times, pairs, 'dorm-checker', lambda: ip, lambda: ua, 'web', 'web',
                                per=(10 ** 6, 10 ** 6))
        return atts

    def run_attacks(self):
        r = self.ra
        atts = self.plan_attacks()
        atts.sort(key=lambda x: x[0])
        self.hits = []
        hitkeys = {}
        for t, camp, u, p, ip, ua, app, dev, fam in atts:
            n = norm_user(u)
            if (camp, n) in hitkeys:      # the tool stops on a hit
                continue
            a = self.by_norm.get(n)
            ok = a is not None and a.cur(t) == p
            if not self.emit(t, u, ip, ok, p, ua, app, dev, ATTACKER, '%s/%s' % (camp, 'hit' if ok else 'try'), fam):
                continue
            self.camp_trait(n, camp)
            if ok:
                hitkeys[(camp, n)] = True
                self.hits.append((t, camp, a, u, p, ip))
                if camp == 'private-combo' and r.random() < self.P['pwchange']:
                    tc = t + r.randint(2 * MIN, 10 * MIN)
                    newpw = self.strong_pw(r)
                    a.set_pw(tc, newpw, 'attacker')
                    self.camp_trait(n, 'pw-changed')
                    a.trait('pw-changed-by-attacker')
                    for _ in range(r.randint(1, 3)):
                        self.followups.append([tc + r.randint(20 * MIN, 8 * HOUR), 'private-combo/relogin', a, u,
                                               newpw, r.choice(self.private_ips),
                                               BROWSER_UAS[1].format(c='130.0.0.0'), 'web', dev, 'web', None])

    def plan_followups(self):
        r = self.ra
        P = self.P
        # buyers of checked accounts log in from their own homes, hours later
        for t, camp, a, u, p, ip in self.hits:
            if camp not in ('checker-4g', 'checker-resi', 'natproxy', 'dorm-checker'):
                continue
            if r.random() >= P['sold']:
                continue
            t1 = t + r.randint(1 * HOUR, 12 * HOUR)
            bip = self.resi_ip(r, 0.45, 0.0)
            kind = r.random()
            if kind < 0.5:
                pl = wchoice(r, TV_PLATFORMS, [x[1] for x in TV_PLATFORMS])
                ua, app, fam = pl[2].format(v=TV_VER, m=r.choice(pl[3])), 'tv', 'tv'
            elif kind < 0.8:
                ua, app, fam = r.choice(BROWSER_UAS).format(c=r.choice(CHROME_V)), 'web', 'web'
            else:
                ua, app, fam = '%s/8.12.1 (Android 13; %s)' % (SVC, r.choice(ANDROID_MODELS)), 'mobile', 'mob'
            dev = hexid(r)
            grp = ('buy', id(a), bip)
            for k in range(wchoice(r, [1, 2, 3, 4], [40, 30, 20, 10])):
                self.followups.append([t1, camp + '/buyer', a, a.user if r.random() < 0.7 else u, p, bip, ua, app,
                                       dev, fam, grp])
                t1 += r.randint(10 * MIN, 3 * HOUR)
        # one attacker adds their own device to taken accounts and streams all evening
        cands = [h for h in self.hits if h[1] == 'stuffing-dc' and h[2].holder(DAY - 1) == 'owner']
        if not cands:
            cands = [h for h in self.hits if h[2].holder(DAY - 1) == 'owner']
        if cands and P['persist']:
            pip = self.resi_ip(r, 1.0, 0.0)
            ua = 'Vidora-TV/%s (Fire OS 7.6; AFTSSS)' % TV_VER
            for t, camp, a, u, p, ip in r.sample(cands, min(len(cands), P['persist'])):
                dev = hexid(r)
                tt = max(t + 20 * MIN, 17 * HOUR + r.randrange(HOUR))
                grp = ('persist', id(a))
                while tt < DAY:
                    self.followups.append([tt, 'persist/stream', a, u, p, pip, ua, 'tv', dev, 'tv', grp])
                    tt += r.randint(20 * MIN, 50 * MIN)

    def run_followups(self):
        fails = {}
        self.followups.sort(key=lambda x: x[0])
        for t, camp, a, u, p, ip, ua, app, dev, fam, grp in self.followups:
            if grp is not None and fails.get(grp, 0) >= 2:
                continue            # they give up after two failures
            ok = a.cur(t) == p
            if self.emit(t, u, ip, ok, p, ua, app, dev, ATTACKER, camp, fam):
                self.camp_trait(a.user, camp.split('/')[0] if not camp.endswith('/buyer') else 'buyer')
                if not ok and grp is not None:
                    fails[grp] = fails.get(grp, 0) + 1

    def camp_trait(self, n, camp):
        lst = self.camp_traits.setdefault(n, [])
        if camp not in lst:
            lst.append(camp)

    # ------------------------------------------------------------------ driver
    def generate(self):
        self.build_world()
        self.build_leaks()
        self.followups = []
        self.run_attacks()          # first stage: sees planned owner resets, applies attacker changes
        self.sim_honest()           # owners react to lock-outs (their resets enter the timeline)
        self.plan_followups()
        self.run_followups()        # buyers / relogins / streaming evaluated on the final timeline

    def fmt_ts(self, node, t):
        ms = DAY0_MS + t
        if node.startswith('tv'):
            return ms
        if node == 'mob-a' or node == 'mob-b':
            dt = DAY0 + datetime.timedelta(milliseconds=t + HOUR)
            return '%s.%03d+01:00' % (dt.strftime('%Y-%m-%dT%H:%M:%S'), t % 1000)
        dt = DAY0 + datetime.timedelta(milliseconds=t)
        return '%s.%03d%s' % (dt.strftime('%Y-%m-%dT%H:%M:%S'), t % 1000, 'Z' if node == 'web-a' else '+00:00')

    def write(self, out):
        os.makedirs(out, exist_ok=True)
        fp = self.fp
        combos_lines, pw_lines = self.write_leaks(out)
        bynode = {n: [] for n in NODES}
        for e in self.events:
            bynode[e[2]].append(e)
        ordered = []
        for n in NODES:
            ordered += sorted(bynode[n], key=lambda e: (e[0], e[1]))
        ev_buf, lab_buf = io.StringIO(), io.StringIO()
        lab_buf.write('line,actor,campaign\n')
        att_ok, att_any, honest_exposed, honest_users = {}, {}, {}, {}
        users, ips = {}, {}
        camps = {}
        for i, e in enumerate(ordered, 1):
            t, _, node, user, ip, ok, pw, ua, app, dev, actor, camp = e
            obj = {'ts': self.fmt_ts(node, t), 'user': user, 'ip': ip, 'ok': ok,
                   'cred': fp.cred(user, pw), 'pw': fp.pw(pw), 'ua': ua, 'app': app, 'dev': dev}
            ev_buf.write(json.dumps(obj, ensure_ascii=False, separators=(',', ':')) + '\n')
            lab_buf.write('%d,%s,%s\n' % (i, actor, camp))
            n = norm_user(user)
            users[n] = True
            ips[ip] = True
            c = camps.setdefault(camp, [0, 0])
            c[0] += 1
            c[1] += 1 if ok else 0
            if actor == ATTACKER:
                att_any[n] = True
                if ok:
                    att_ok[n] = True
            else:
                honest_users[n] = True
                if ok and (n, pw) in self.combo_set:
                    honest_exposed[n] = True
        with open(os.path.join(out, 'events.jsonl'), 'w', encoding='utf-8', newline='\n') as f:
            f.write(ev_buf.getvalue())
        with open(os.path.join(out, 'event_labels.csv'), 'w', encoding='utf-8', newline='\n') as f:
            f.write(lab_buf.getvalue())
        comp = sorted(att_ok)
        with open(os.path.join(out, 'truth.csv'), 'w', encoding='utf-8', newline='\n') as f:
            f.write('user\n' + ''.join(u + '\n' for u in comp))
        counts = {'compromised': 0, 'exposed': 0, 'targeted': 0, 'benign': 0}
        lb = io.StringIO()
        w = csv.writer(lb, lineterminator='\n')
        w.writerow(['user', 'label', 'scenario'])
        for n in sorted(users):
            if n in att_ok:
                lab = 'compromised'
            elif n in honest_exposed:
                lab = 'exposed'
            elif n in att_any:
                lab = 'targeted'
            else:
                lab = 'benign'
            counts[lab] += 1
            a = self.by_norm.get(n)
            tr = list(a.traits) if a else ['noncustomer']
            if a and n not in honest_users:
                tr.append('inactive')
            tr += self.camp_traits.get(n, [])
            w.writerow([n, lab, '+'.join(sorted(set(tr)))])
        with open(os.path.join(out, 'labels.csv'), 'w', encoding='utf-8', newline='\n') as f:
            f.write(lb.getvalue())
        groups = {}
        for k, (l, s) in camps.items():
            g = groups.setdefault(k.split('/')[0], [0, 0])
            g[0] += l
            g[1] += s
        active = len(honest_users)
        honest_lines = sum(v[0] for k, v in camps.items() if k.startswith('honest-'))
        meta = {
            'generator': 'gen12', 'seed': self.seed, 'accounts': self.N, 'profile': self.profile,
            'day_utc': DAY0.strftime('%Y-%m-%d'), 'key_is_demo': self.key == DEMO_KEY,
            'lines': len(ordered), 'honest_lines': honest_lines, 'attacker_lines': len(ordered) - honest_lines,
            'distinct_users': len(users), 'distinct_ips': len(ips),
            'active_customers': active, 'compromised': counts['compromised'],
            'compromised_pct_of_active': round(100.0 * counts['compromised'] / max(1, active), 2),
            'exposed': counts['exposed'], 'targeted': counts['targeted'], 'benign': counts['benign'],
            'combos_lines': combos_lines, 'passwords_lines': pw_lines,
            'campaigns': {k: {'lines': v[0], 'successes': v[1]} for k, v in sorted(camps.items())},
            'campaign_groups': {k: {'lines': v[0], 'successes': v[1]} for k, v in sorted(groups.items())},
        }
        with open(os.path.join(out, 'meta.json'), 'w', encoding='utf-8', newline='\n') as f:
            f.write(json.dumps(meta, indent=2, sort_keys=True) + '\n')
        return meta


# --------------------------------------------------------------------------------------
# self test
# --------------------------------------------------------------------------------------


def parse_ts(v):
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    return int(datetime.datetime.fromisoformat(v.replace('Z', '+00:00')).timestamp() * 1000)


def check_dir(out, key):
    """Re-derive truth and labels from the written files only (fingerprints, not plaintext)."""
    fp = Fingerprinter(key.encode('utf-8'))
    errs = []
    combo_creds = {}
    with open(os.path.join(out, 'combos.txt'), encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if ':' in line:
                u, p = line.split(':', 1)
                combo_creds[fp.cred(u, p)] = True
    with open(os.path.join(out, 'events.jsonl'), encoding='utf-8') as f:
        evs = [json.loads(x) for x in f]
    with open(os.path.join(out, 'event_labels.csv'), encoding='utf-8') as f:
        labs = list(csv.DictReader(f))
    if len(evs) != len(labs):
        errs.append('events/event_labels length mismatch')
    comp, att, expo, users = {}, {}, {}, {}
    for i, (e, l) in enumerate(zip(evs, labs), 1):
        if int(l['line']) != i:
            errs.append('line number %s at %d' % (l['line'], i))
            break
        for k in ('ts', 'user', 'ip', 'ok', 'cred', 'pw'):
            if k not in e:
                errs.append('line %d: missing %s' % (i, k))
        t = parse_ts(e['ts'])
        if not (DAY0_MS <= t < DAY0_MS + DAY):
            errs.append('line %d: ts outside the day' % i)
        ipaddress.ip_address(e['ip'])
        if len(e['cred']) != 16 or len(e['pw']) != 16 or e['cred'].lower() != e['cred']:
            errs.append('line %d: bad fingerprint' % i)
        if not isinstance(e['ok'], bool) or not e['user'].strip():
            errs.append('line %d: bad ok/user' % i)
        n = norm_user(e['user'])
        users[n] = True
        if l['actor'] == ATTACKER:
            att[n] = True
            if e['ok']:
                comp[n] = True
        elif l['actor'] == HONEST:
            if e['ok'] and e['cred'] in combo_creds:
                expo[n] = True
        else:
            errs.append('line %d: bad actor' % i)
    with open(os.path.join(out, 'truth.csv'), encoding='utf-8') as f:
        tl = f.read().split('\n')
    if tl[0] != 'user' or tl[-1] != '':
        errs.append('truth.csv header/termination')
    truth = tl[1:-1]
    if truth != sorted(comp):
        errs.append('truth.csv != users with an attacker success (sorted, normalised)')
    with open(os.path.join(out, 'labels.csv'), encoding='utf-8') as f:
        rows = list(csv.DictReader(f))
    if [r_['user'] for r_ in rows] != sorted(users):
        errs.append('labels.csv users != users in events')
    for r_ in rows:
        n = r_['user']
        want = 'compromised' if n in comp else 'exposed' if n in expo else 'targeted' if n in att else 'benign'
        if r_['label'] != want:
            errs.append('label of %s: %s, expected %s' % (n, r_['label'], want))
            break
        tr = r_['scenario'].split('+')
        if tr != sorted(tr) or not r_['scenario']:
            errs.append('scenario of %s not sorted' % n)
            break
    with open(os.path.join(out, 'meta.json'), encoding='utf-8') as f:
        meta = json.load(f)
    if meta['lines'] != len(evs) or meta['compromised'] != len(comp):
        errs.append('meta counts')
    return errs, meta


def selftest():
    ok = True
    for key, user, pw, c, p in SPEC_VECTORS:
        f = Fingerprinter(key.encode('utf-8'))
        if f.cred(user, pw) != c or f.pw(pw) != p:
            print('FAIL vector %r %r: %s %s' % (user, pw, f.cred(user, pw), f.pw(pw)))
            ok = False
    print('SPEC 2 test vectors: %s' % ('ok' if ok else 'FAIL'))
    tmp = tempfile.mkdtemp(prefix='gen12-selftest-')
    try:
        me = os.path.abspath(__file__)
        for prof in sorted(PROFILES):
            dirs = []
            for hs in ('0', '12345'):
                d = os.path.join(tmp, '%s-%s' % (prof, hs))
                env = dict(os.environ, PYTHONHASHSEED=hs)
                subprocess.run([sys.executable, me, '--seed', '7', '--accounts', '700', '--profile', prof,
                                '--out', d], check=True, env=env, stdout=subprocess.DEVNULL)
                dirs.append(d)
            same = True
            for fn in sorted(os.listdir(dirs[0])):
                with open(os.path.join(dirs[0], fn), 'rb') as f1, open(os.path.join(dirs[1], fn), 'rb') as f2:
                    if f1.read() != f2.read():
                        same = False
                        print('FAIL determinism %s: %s differs' % (prof, fn))
            if sorted(os.listdir(dirs[0])) != sorted(os.listdir(dirs[1])):
                same = False
            errs, meta = check_dir(dirs[0], DEMO_KEY)
            for e in errs[:5]:
                print('FAIL consistency %s: %s' % (prof, e))
            ok = ok and same and not errs
            print('profile %-8s determinism %s, consistency %s (%d lines, %d compromised)'
                  % (prof, 'ok' if same else 'FAIL', 'ok' if not errs else 'FAIL', meta['lines'],
                     meta['compromised']))
        # a custom key changes fingerprints and still checks out
        d = os.path.join(tmp, 'key')
        subprocess.run([sys.executable, me, '--seed', '3', '--accounts', '300', '--profile', 'mixed', '--out', d,
                        '--key', 's3cr3t-pepper'], check=True, stdout=subprocess.DEVNULL)
        errs, _ = check_dir(d, 's3cr3t-pepper')
        ok = ok and not errs
        print('custom key consistency: %s' % ('ok' if not errs else 'FAIL ' + '; '.join(errs[:3])))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print('SELFTEST %s' % ('PASSED' if ok else 'FAILED'))
    return 0 if ok else 1


def main(argv=None):
    ap = argparse.ArgumentParser(description='Synthetic streaming-service login logs (SPEC 1-4) with labels.')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--accounts', type=int, default=5000)
    ap.add_argument('--profile', choices=sorted(PROFILES), default='mixed')
    ap.add_argument('--out')
    ap.add_argument('--key', default=DEMO_KEY, help='fingerprint key (default: the SPEC demo key)')
    ap.add_argument('--selftest', action='store_true')
    args = ap.parse_args(argv)
    if args.selftest:
        return selftest()
    if not args.out:
        ap.error('--out DIR is required')
    if args.accounts < 50:
        ap.error('--accounts must be at least 50')
    t0 = time.time()
    g = Gen(args.seed, args.accounts, args.profile, args.key)
    g.generate()
    meta = g.write(args.out)
    print('gen12: %s seed %d, %d accounts: %d lines (%d honest, %d attacker), %d compromised (%.2f%% of %d active), '
          '%d exposed, %.1fs -> %s' % (args.profile, args.seed, args.accounts, meta['lines'], meta['honest_lines'],
                                       meta['attacker_lines'], meta['compromised'],
                                       meta['compromised_pct_of_active'], meta['active_customers'],
                                       meta['exposed'], time.time() - t0, args.out))
    return 0


if __name__ == '__main__':
    sys.exit(main())
