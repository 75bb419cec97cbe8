"""Reading what the searcher typed: words, phrases, hyphens, limits."""

import pytest

from tracker.search.query import MAX_LENGTH, MAX_TERMS, SearchQuery, SearchQueryError


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("furlough", (("furlough",),)),
        ("  Furlough   Cooper ", (("furlough",), ("cooper",))),
        ('"cost sharing"', (("cost", "sharing"),)),
        ("cost-sharing", (("cost", "sharing"),)),
        ('"cost sharing" furlough', (("cost", "sharing"), ("furlough",))),
        ('furlough furlough "furlough"', (("furlough",),)),
        ('"unclosed phrase', (("unclosed", "phrase"),)),
        ("U.S. demand", (("u", "s"), ("demand",))),
        ("방위비 분담금", (("방위비",), ("분담금",))),
        ("a OR b NOT c NEAR(d) *", (("a",), ("or",), ("b",), ("not",), ("c",), ("near", "d"))),
    ],
)
def test_query_parse_reads_words_and_phrases(text, terms):
    assert SearchQuery.parse(text).terms == terms


@pytest.mark.parametrize("text", ["", "   ", '""', "*** --- ()", None])
def test_query_parse_refuses_text_without_words(text):
    with pytest.raises(SearchQueryError, match="type a word"):
        SearchQuery.parse(text)


def test_query_parse_refuses_overlong_text():
    with pytest.raises(SearchQueryError, match=f"at most {MAX_LENGTH} characters"):
        SearchQuery.parse("a" * (MAX_LENGTH + 1))


def test_query_parse_refuses_too_many_terms():
    words = " ".join(f"w{n}" for n in range(MAX_TERMS + 1))
    with pytest.raises(SearchQueryError, match=f"at most {MAX_TERMS} words"):
        SearchQuery.parse(words)


def test_query_quoted_quotes_every_term_so_no_word_is_an_operator():
    query = SearchQuery.parse('cost-sharing or "Special Measures"')
    assert query.quoted() == '"cost sharing" "or" "special measures"'
    assert query.text() == '"cost sharing" or "special measures"'
