"""The chart as one self-contained HTML file: plotly.js and the label fitting inlined.

The file opens offline, on any screen: like the pages, it draws the chart at the width it
has and fits lane names and direct labels to it (`static/timeline/chartfit.js`), again after
every zoom and resize. The figure comes in already escaped; the title and description are
escaped here.
"""

from functools import cache
from html import escape
from pathlib import Path

import plotly.io

CHARTFIT = Path(__file__).resolve().parent / "static" / "timeline" / "chartfit.js"
CHART_ID = "standalone-chart"
CONFIG = {"displaylogo": False, "responsive": False}  # ChartFit redraws on resize

# Run once plotly has drawn: redraw at the div's width with fitted labels, then keep fitting.
_FIT = """
(function () {
  var chart = document.getElementById("{plot_id}");
  var figure = { data: chart.data, layout: JSON.parse(JSON.stringify(chart.layout)) };
  var config = %s;
  function draw() {
    return Plotly.react(chart, figure.data, ChartFit.prepare(figure.layout, chart.clientWidth),
      config);
  }
  draw().then(function () {
    ChartFit.attach(chart, draw);
    chart.dataset.ready = "true";
  });
})();
"""


@cache
def _post_script():
    import json

    return CHARTFIT.read_text(encoding="utf-8") + _FIT % json.dumps(CONFIG)


def standalone_document(figure, *, title, description):
    """The HTML document of `figure`, titled and described for readers of the saved file."""
    html = plotly.io.to_html(
        figure,
        include_plotlyjs=True,
        full_html=True,
        validate=False,
        config=CONFIG,
        post_script=_post_script(),
        div_id=CHART_ID,
        default_height="auto",
    )
    background = figure.get("layout", {}).get("paper_bgcolor", "#fff")
    head = (
        f"<title>{escape(title)}</title>"
        f'<meta name="description" content="{escape(description)}">'
        # The page around the chart in the chart's own colour, not a white frame in dark.
        f"<style>body {{ background: {escape(background)}; }}</style>"
    )
    charset = '<meta charset="utf-8" />'
    return html.replace(charset, charset + head, 1) if charset in html else html
