"""The self-contained HTML file: plotly.js and the label fitting inlined, text escaped."""

from timeline.standalone import CHART_ID, standalone_document

FIGURE = {"data": [{"type": "scatter", "x": [1], "y": [1]}], "layout": {"height": 300}}


def test_standalone_document_inlines_the_label_fitting_and_marks_the_chart():
    html = standalone_document(FIGURE, title="Talks", description="Two rounds.")

    assert "window.ChartFit" in html
    assert "ChartFit.attach(chart, draw)" in html
    assert f'id="{CHART_ID}"' in html
    assert "<script src=" not in html
    assert '"responsive": false' in html


def test_standalone_document_escapes_title_and_description():
    html = standalone_document(
        FIGURE, title="</title><script>alert(1)</script>", description='"><script>x</script>'
    )

    assert "<script>alert(1)" not in html and "<script>x" not in html
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in html
    assert 'content="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html
