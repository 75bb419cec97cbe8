"""The seed report and the demo negotiation as the extractor sees it."""

import datetime as dt
from pathlib import Path

import pytest

SEED = Path("/work/shared/seed/000_58a6e49010ab5199.txt")
ROOT = Path(__file__).resolve().parents[2]
# The seed report is Yonhap's text: it stays in the shared folder beside the checkout (CI lays
# a copy of shared/ beside its clone), not in the repository.
SEED_COPY = next(
    (path for path in (ROOT.parent / "shared" / "seed" / SEED.name, SEED) if path.exists()),
    SEED,
)
STORY_DATE = dt.date(2020, 4, 2)


@pytest.fixture(scope="session")
def seed_text():
    """The seed report (Yonhap, 2 April 2020) from the shared folder."""
    if not SEED_COPY.exists():
        pytest.fail(f"the seed report is missing: {SEED_COPY} (shared/ beside the checkout)")
    return SEED_COPY.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def demo_context(demo_document):
    from tracker.extract.context import context_from_document

    return context_from_document(demo_document["negotiations"][0])


@pytest.fixture(scope="session")
def seed_result(seed_text, demo_context):
    from tracker.extract import extract_report

    return extract_report(seed_text, demo_context, published=STORY_DATE)
