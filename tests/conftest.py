"""Shared fixtures: the demo document, users in each group, a live server for browser tests."""

import json
from pathlib import Path

import pytest

DEMO_PATH = Path(__file__).resolve().parent.parent / "tracker" / "demo" / "sma-11.json"


@pytest.fixture(scope="session")
def demo_document():
    """The shipped demo interchange document, parsed."""
    return json.loads(DEMO_PATH.read_text(encoding="utf-8"))
