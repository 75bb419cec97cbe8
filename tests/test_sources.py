"""Story and version read from a news agency's address (tracker/sources.py)."""

import pytest

from tracker.sources import yonhap_story


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # The first version and the (LEAD) of one story, as the demo cites them.
        ("https://en.yna.co.kr/view/AEN20200319002800325", ("AEN202003190028", 1)),
        ("https://en.yna.co.kr/view/AEN20200319002851325", ("AEN202003190028", 2)),
        ("https://en.yna.co.kr/view/AEN20191218001552325", ("AEN201912180015", 3)),
        (
            "https://en.yna.co.kr/view/AEN20200319008000325?section=national/defense",
            ("AEN202003190080", 1),
        ),
        ("https://m-en.yna.co.kr/view/AEN20200508000300325", ("AEN202005080003", 1)),
        ("HTTP://EN.YNA.CO.KR/view/AEN20200319002800325", ("AEN202003190028", 1)),
        ("https://www.yna.co.kr/view/AKR20200319002800071", ("AKR202003190028", 1)),
        # A version code outside 00 and 51-59: the story, no version.
        ("https://en.yna.co.kr/view/AEN20200319002817325", ("AEN202003190028", None)),
    ],
)
def test_yonhap_story_reads_story_and_version(url, expected):
    assert yonhap_story(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "",
        None,
        "https://www.koreaherald.com/view.php?ud=20191117000235",
        "https://en.yna.co.kr/",
        "https://en.yna.co.kr/view/AEN2020031900280032",  # a digit short
        "https://en.yna.co.kr/view/AEN20200319002800325/extra",
        "https://yna.co.kr.example.org/view/AEN20200319002800325",
        "https://notyna.co.kr/view/AEN20200319002800325",
        "ftp://en.yna.co.kr/view/AEN20200319002800325",
        "https://[::1/view/AEN20200319002800325",
    ],
)
def test_yonhap_story_other_addresses_give_none(url):
    assert yonhap_story(url) is None
