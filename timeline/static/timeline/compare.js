// The comparison page: draws the figure in the reader's light or dark theme.
(function () {
  "use strict";

  const chart = document.getElementById("compare-chart");
  const figure = JSON.parse(document.getElementById("figure").textContent);
  const themes = JSON.parse(document.getElementById("themes").textContent);
  const darkQuery = window.matchMedia("(prefers-color-scheme: dark)");

  function draw() {
    const wanted = (figure.layout.meta && figure.layout.meta.theme) || "auto";
    const theme = themes[wanted === "auto" ? (darkQuery.matches ? "dark" : "light") : wanted];
    const layout = figure.layout;
    layout.paper_bgcolor = theme.paper;
    layout.plot_bgcolor = theme.plot;
    layout.font = Object.assign({}, layout.font, { color: theme.text });
    ["xaxis", "yaxis"].forEach(function (key) {
      Object.assign(layout[key], { gridcolor: theme.grid, linecolor: theme.line, zerolinecolor: theme.line });
      if (layout[key].rangeslider) layout[key].rangeslider.bgcolor = theme.slider;
    });
    const fitted = ChartFit.prepare(layout, chart.clientWidth, { dropTitle: true });
    return Plotly.react(chart, figure.data, fitted, { displaylogo: false });
  }

  // A click on a round or event opens that negotiation's timeline.
  draw().then(function () {
    chart.on("plotly_click", function (event) {
      const point = event.points && event.points[0];
      if (point && point.customdata) {
        const page = chart.dataset.timelineUrl.replace("negotiation-slug", encodeURIComponent(point.customdata[2]));
        window.location.href = page + "#" + point.customdata[0] + "-" + point.customdata[1];
      }
    });
    ChartFit.attach(chart, draw);
    chart.dataset.ready = "true";
  });
  darkQuery.addEventListener("change", draw);
})();
