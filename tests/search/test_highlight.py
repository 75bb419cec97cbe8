"""Highlighted answers become escaped HTML with <mark> around the matches only."""

from tracker.search.documents import MARKS, clean, source_label
from tracker.search.highlight import marked_html, plain

OPEN, CLOSE = MARKS


def test_marked_html_escapes_text_and_marks_matches():
    text = f'<script>alert("x")</script> {OPEN}furlough{CLOSE} & {OPEN}<b>{CLOSE}'
    html = marked_html(text)
    assert html == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>furlough</mark> &amp; "
        "<mark>&lt;b&gt;</mark>"
    )


def test_marked_html_survives_unbalanced_marks():
    assert marked_html(f"a {CLOSE}b {OPEN}c") == "a b <mark>c</mark>"


def test_plain_drops_the_marks():
    assert plain(f"{OPEN}cost{CLOSE}-{OPEN}sharing{CLOSE}") == "cost-sharing"


def test_clean_takes_marks_out_of_recorded_text():
    assert clean(f"a{OPEN}b", "", None, f"c{CLOSE}") == "ab\nc"


def test_source_label_reads_the_headline_words_of_an_untitled_address():
    url = (
        "https://www.upi.com/Top_News/World-News/2020/04/01/"
        "US-military-begins-furlough-of-South-Korean-employees/5951585714981/"
    )
    assert source_label("", url, "") == "US military begins furlough of South Korean employees"
    assert source_label("A title", url, "UPI") == "A title\nUPI"
    assert source_label("", "https://example.org/view.php?id=3", "") == ""
