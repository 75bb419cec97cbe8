"""Story and version of a news report read from its address (Yonhap so far).

Wire services update a story several times a day; each version has its own address.
Yonhap's article ids look like `AEN20200319002851325`, read here as

    AEN  20200319  0028    51       325
    |    |         |       |        '- three closing digits (325 on every English article seen)
    |    |         |       '- the version: 00 the first, 51 the (LEAD), 52 the (2nd LD), ...
    |    |         '- the story's serial number that day
    |    '- the day the story was filed (Korea time)
    '- the service: AEN English, AKR Korean

Yonhap does not publish this scheme: it is inferred from addresses whose pages were read.
`AEN20200319002800325` is the first version and `AEN20200319002851325` the (LEAD) of one
story (the 7th SMA round in Los Angeles); the other Yonhap addresses the demo cites end in
`00` (first versions) or `52`. That `5N` is the Nth lead, hence version N+1, is an
extrapolation from `51`; an ending outside `00` and `51`-`59` gives the story without a
version. Editors can always correct both by hand.
"""

import re
from urllib.parse import urlsplit

YONHAP_HOSTS = re.compile(r"^(?:[a-z0-9-]+\.)*yna\.co\.kr$")
YONHAP_ID = re.compile(r"^(?P<story>A[A-Z]{2}\d{8}\d{4})(?P<version>\d{2})\d{3}$")


def yonhap_story(url):
    """(story, version) from a Yonhap article address, e.g. ("AEN202003190028", 2) for
    https://en.yna.co.kr/view/AEN20200319002851325; version None when its code is unknown;
    None for any other address."""
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() not in ("http", "https") or not YONHAP_HOSTS.match(host):
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    if len(segments) != 2 or segments[0] != "view":
        return None
    found = YONHAP_ID.match(segments[1])
    if found is None:
        return None
    code = int(found["version"])
    version = 1 if code == 0 else code - 49 if 51 <= code <= 59 else None
    return found["story"], version
