// The embed page: draws the chart, follows the reader's light or dark preference for
// theme=auto, and tells the host page its height for the responsive embed code.
(function () {
  "use strict";

  const chart = document.getElementById("embed-chart");
  const figure = JSON.parse(document.getElementById("figure").textContent);
  const themes = JSON.parse(document.getElementById("themes").textContent);
  const darkQuery = TrackerTheme.darkQuery;
  // ChartFit redraws at the new width on resize, fitting the labels again.
  const config = { responsive: false, displaylogo: false, scrollZoom: false };
  // Must match embed-resize.js.
  const MESSAGE_TYPE = "negotiation-tracker:embed-height";

  function draw() {
    TrackerTheme.apply(figure.layout, TrackerTheme.name(figure), themes);
    const layout = ChartFit.prepare(figure.layout, chart.clientWidth, { dropTitle: true });
    layout.uirevision = "embed"; // a redraw (resize, theme) keeps the reader's zoom
    return Plotly.react(chart, figure.data, layout, config);
  }

  // The height is no secret, and a sandboxed frame cannot know its host's origin: "*".
  let lastHeight = 0;
  function reportHeight() {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (window.parent === window || height === lastHeight) return;
    lastHeight = height;
    window.parent.postMessage({ type: MESSAGE_TYPE, height: height }, "*");
  }

  darkQuery.addEventListener("change", function () {
    if (((figure.layout.meta || {}).theme || "auto") === "auto") draw();
  });

  // In a frame of fixed height (the plain embed code), a chart taller than the room left by
  // the title and credit line gives up the difference, down to a readable minimum.
  const MIN_CHART_HEIGHT = 260;
  function fitFrame() {
    const details = document.querySelector("details.embed-data");
    if (window.parent === window || (details && details.open)) return null;
    const excess = document.documentElement.scrollHeight - window.innerHeight;
    const height = figure.layout.height;
    if (excess <= 0 || height <= MIN_CHART_HEIGHT) return null;
    figure.layout.height = Math.max(MIN_CHART_HEIGHT, height - excess);
    chart.style.minHeight = figure.layout.height + "px";
    return draw();
  }

  draw().then(fitFrame).then(function () {
    ChartFit.attach(chart, draw);
    chart.dataset.ready = "true";
    reportHeight();
  });
  if (window.ResizeObserver) new ResizeObserver(reportHeight).observe(document.body);
  document.querySelectorAll("details").forEach(function (details) {
    details.addEventListener("toggle", reportHeight);
  });
})();
