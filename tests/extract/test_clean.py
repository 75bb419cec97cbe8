import pytest

from tracker.extract.clean import clean_report, html_to_text


def test_clean_reads_headline_byline_and_dateline(seed_text):
    report = clean_report(seed_text)
    assert report.title == "S. Korea-U.S. defense cost talks continue, never ended: senior official"
    assert report.author == "Lee Haye-ah"
    assert (report.dateline_place, report.dateline_date) == ("WASHINGTON", "April 2")
    assert report.agency == "Yonhap News Agency"
    assert report.paragraphs[0].startswith("Defense-cost sharing negotiations")


def test_clean_drops_end_mark_and_related_headlines(seed_text):
    report = clean_report(seed_text)
    text = "\n".join(report.paragraphs)
    assert "(END)" not in text
    assert "Golden Boot" not in text
    assert "hague@yna.co.kr" not in text
    assert report.paragraphs[-1].startswith('"What I can tell you')


def test_clean_drops_photo_captions():
    report = clean_report(
        "Talks resume\nSEOUL, March 1 (Yonhap) -- The talks resumed on Monday.\n"
        "Chief negotiator Jeong Eun-bo speaks to reporters in this photo taken Monday. (Yonhap)\n"
        "Photo : KBS News\nBoth sides said the talks were useful."
    )
    assert report.paragraphs == [
        "The talks resumed on Monday.",
        "Both sides said the talks were useful.",
    ]


def test_clean_reduces_html_to_text_without_scripts_or_captions():
    text = html_to_text(
        "<html><head><title>x</title></head><body><script>alert(1)</script>"
        "<h1>Talks resume</h1><figure><img src=a.jpg><figcaption>A photo</figcaption></figure>"
        "<p>The talks resumed &amp; went well.</p><p>Next <b>week</b> more.</p></body></html>"
    )
    assert text.split() == "Talks resume The talks resumed & went well. Next week more.".split()
    assert "alert" not in text and "A photo" not in text


def test_clean_keeps_plain_text_as_it_is():
    assert html_to_text("Seoul <3 Washington") == "Seoul <3 Washington"


def test_clean_reads_an_ap_dateline():
    report = clean_report(
        "Title here\nWASHINGTON (AP) — The United States said on Monday it would wait."
    )
    assert report.paragraphs == ["The United States said on Monday it would wait."]
    assert report.agency == "Associated Press"


def test_clean_single_quotes_of_british_style_become_quotation_marks():
    report = clean_report(
        "Title\nA spokesman said: 'Our message is to intensify the talks.' It's Frost's view."
    )
    assert report.paragraphs == [
        "A spokesman said: \"Our message is to intensify the talks.\" It's Frost's view."
    ]


@pytest.mark.parametrize(
    "glued, paragraph",
    [
        ("for both sides.In a briefing, he spoke.", "for both sides. In a briefing, he spoke."),
        ('of the "Korean Peninsula."He added', 'of the "Korean Peninsula." He added'),
        (
            "the defense talks.A Foreign Ministry official",
            "the defense talks. A Foreign Ministry official",
        ),
    ],
)
def test_clean_puts_back_the_space_of_sentences_run_together(glued, paragraph):
    assert clean_report(glued).paragraphs == [paragraph]


def test_clean_keeps_abbreviations_and_addresses_whole():
    text = "The U.S. side and the U.S.-Korea alliance, as voanews.com reported."
    assert clean_report(text).paragraphs == [text]


@pytest.mark.parametrize("label", ["Also Read", "See also:", "You may also want to watch:"])
def test_clean_drops_web_page_labels(label):
    report = clean_report(f"The talks went on.\n{label}\nThe talks ended on Friday.")
    assert report.paragraphs == ["The talks went on.", "The talks ended on Friday."]


def test_clean_keeps_a_sentence_opening_with_a_label_word():
    text = "Recommended changes to the deal were sent to Seoul."
    assert clean_report(f"The talks went on.\n{text}").paragraphs[-1] == text


def test_clean_reads_a_dateline_after_subheadings():
    report = clean_report(
        "Japan and US begin talks\n\nTrump seeks a bigger share from Tokyo\n\n"
        "TOKYO -- The governments began new talks on Thursday.\n\n"
        "SEOUL -- is not read as a dateline in the story's second paragraph."
    )
    assert report.dateline_place == "TOKYO"
    assert report.paragraphs[-2] == "The governments began new talks on Thursday."
    assert report.paragraphs[-1].startswith("SEOUL -- ")


def test_clean_no_dateline_after_a_story_paragraph():
    report = clean_report(
        "Headline here\n\nThe governments began new talks on Thursday.\n\n"
        "TOKYO -- Officials met again."
    )
    assert report.dateline_place == ""


def test_clean_drops_a_bracketed_label_opening_a_paragraph():
    report = clean_report(
        "Talks begin\n\n[Asia Economy New York=Correspondent Kim Min-su] The State Department "
        "said the talks began."
    )
    assert report.paragraphs == ["The State Department said the talks began."]
