"""The source card of a pasted report: address, publisher, date, story and version, and the
recorded source it is (same address, or same title, publisher and date) or is a later version of.

A Yonhap address gives the story, the version and the day the story was filed in Seoul; a
story datelined elsewhere ("WASHINGTON, April 2 (Yonhap)") may be filed on the next Korean day,
so a dateline day within two days of the filing day is taken as the story's date.
"""

import datetime as dt
import re

from ..partialdate import PartialDate
from ..sources import yonhap_story
from .dates import MONTHS

YONHAP_DAY = re.compile(r"A[A-Z]{2}(\d{4})(\d{2})(\d{2})\d{4}")
DATE_FROM_DATELINE = "date read from the dateline"


def filed_on(url):
    """The day a Yonhap story was filed, read from its address, or None."""
    story = yonhap_story(url)
    if story is None:
        return None
    found = YONHAP_DAY.match(story[0])
    try:
        return dt.date(*(int(part) for part in found.groups())) if found else None
    except ValueError:
        return None


def dateline_day(dateline_date, near):
    """The dateline's "April 2" as a date close to `near`, or None."""
    found = re.match(r"([A-Za-z]+)\.? (\d{1,2})$", dateline_date or "")
    if not found or near is None:
        return None
    month = MONTHS.get(found[1].lower())
    if month is None:
        return None
    for year in (near.year, near.year - 1, near.year + 1):
        try:
            day = dt.date(year, month, int(found[2]))
        except ValueError:
            continue
        if abs((day - near).days) <= 2:
            return day
    return None


def read_source(clean, *, url="", published=None, publisher=""):
    """The source fields (interchange names) plus story, version and flags."""
    flags = []
    story = yonhap_story(url) if url else None
    filed = filed_on(url) if url else None
    day = published or filed
    near_dateline = dateline_day(clean.dateline_date, day)
    if published is None and near_dateline is not None:
        day = near_dateline
        if filed and near_dateline != filed:
            flags.append(DATE_FROM_DATELINE)
    if story and not publisher:
        publisher = "Yonhap News Agency"
    return {
        "url": url or "",
        "title": clean.title,
        "publisher": publisher or clean.agency,
        "author": clean.author,
        "published": PartialDate.parse(day).iso if day else None,
        "story": story[0] if story else "",
        "version": story[1] if story else None,
        "flags": flags,
        "duplicate_of": None,
        "supersedes": None,
    }


def match_source(source, sources):
    """(the same recorded source, the earlier version of the same story), ids or None."""
    same = None
    for row in sources:
        if source["url"] and row.url == source["url"]:
            same = row
            break
        if (
            source["title"] and row.title == source["title"]
            and row.publisher == source["publisher"]
            and (row.published.iso if row.published else None) == source["published"]
            and (not row.url or not source["url"])
        ):  # fmt: skip
            same = row
    earlier = None
    if source["story"] and source["version"]:
        versions = [
            row for row in sources
            if row.story == source["story"] and row.version and row.version < source["version"]
        ]  # fmt: skip
        earlier = max(versions, key=lambda row: row.version) if versions else None
    return (same.id if same else None), (earlier.id if earlier else None)
