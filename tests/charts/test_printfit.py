import json
from pathlib import Path

import pytest

from timeline.charts import build_figure
from timeline.charts.printfit import fit_for_print
from timeline.data import timeline_data
from timeline.params import TimelineParams

pytestmark = pytest.mark.django_db
DENSE = Path(__file__).resolve().parent.parent / "data" / "dense.json"


@pytest.fixture
def dense(db):
    from tracker.interchange import import_document
    from tracker.models import Negotiation

    import_document(json.loads(DENSE.read_text(encoding="utf-8")))
    return Negotiation.objects.get(slug="dense-synthetic")


def round_labels(figure):
    return next(t for t in figure["data"] if t["name"] == "Round labels")["text"]


def test_print_fit_narrow_image_shows_fewer_round_labels(dense):
    figure = build_figure(timeline_data(dense), TimelineParams())
    wide = round_labels(fit_for_print(figure, 2400, 900))
    narrow = round_labels(fit_for_print(figure, 500, 900))
    assert sum(bool(text) for text in narrow) < sum(bool(text) for text in wide)
    assert "" in narrow  # some rounds are left to the hover label


def test_print_fit_leaves_the_figure_it_was_given_alone(dense):
    figure = build_figure(timeline_data(dense), TimelineParams())
    before = json.dumps(figure, sort_keys=True)
    fit_for_print(figure, 500, 900)
    assert json.dumps(figure, sort_keys=True) == before


def test_figure_baseline_two_years_early_does_not_stretch_the_axis(dense):
    layout = build_figure(timeline_data(dense), TimelineParams())["layout"]
    assert layout["xaxis"]["range"][0] > "2020-12"
    assert layout["meta"]["undated"] == "1 position without a date, listed in the table"


def test_print_fit_of_an_empty_chart(db):
    from tests import factories

    negotiation = factories.NegotiationFactory()
    figure = fit_for_print(build_figure(timeline_data(negotiation), TimelineParams()), 600, 400)
    assert figure["data"] == []
