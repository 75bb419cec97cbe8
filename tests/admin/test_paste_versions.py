"""A later version of a story already cited: only what changed is offered, beside what it
contradicts."""

import pytest

from tests.admin.test_paste import paste, paste_url, review_data
from tests.extract.conftest import SEED_COPY
from tracker.models import Negotiation, Position, Source

pytestmark = pytest.mark.django_db
FIRST = "https://en.yna.co.kr/view/AEN20200403000100325"
LEAD = "https://en.yna.co.kr/view/AEN20200403000151325"


@pytest.fixture
def sma(demo):
    return Negotiation.objects.get(slug="sma-11")


def test_paste_a_later_version_offers_only_what_changed(editor_client, sma):
    first = paste(editor_client, sma, url=FIRST)
    editor_client.post(paste_url(sma), {**review_data(first), "save": "1"})
    earlier = Source.objects.get(url=FIRST)
    assert (earlier.story, earlier.version) == ("AEN202004030001", 1)
    changed = SEED_COPY.read_text().replace("$870 million", "$920 million")

    response = paste(editor_client, sma, url=LEAD, text=changed)

    html = response.content.decode()
    assert "A later version of" in html
    figures = [form["amount"].value() for form in response.context["sections"][1]["forms"]]
    assert figures == ["920000000"]
    (figure,) = response.context["sections"][1]["forms"]
    baseline = Position.objects.get(negotiation=sma, amount=870_000_000)
    assert str(baseline) in figure.contradicted_labels
    assert "Contradicts what the earlier version gave" in html
