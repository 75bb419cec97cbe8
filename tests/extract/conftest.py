"""The seed report and the demo negotiation as the extractor sees it."""

import datetime as dt
from pathlib import Path

import pytest

SEED = Path("/work/shared/seed/000_58a6e49010ab5199.txt")
SEED_COPY = (
    Path(__file__).resolve().parents[2]
    / "bench"
    / "extraction-set"
    / "texts"
    / "seed-yonhap-2020-04-02.txt"
)
STORY_DATE = dt.date(2020, 4, 2)


@pytest.fixture(scope="session")
def seed_text():
    """The seed report (Yonhap, 2 April 2020), as kept in the development set."""
    return SEED_COPY.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def demo_context(demo_document):
    from tracker.extract.context import context_from_document

    return context_from_document(demo_document["negotiations"][0])


@pytest.fixture(scope="session")
def seed_result(seed_text, demo_context):
    from tracker.extract import extract_report

    return extract_report(seed_text, demo_context, published=STORY_DATE)
