// The embed page: draws the chart, follows the reader's light or dark preference for
// theme=auto, and tells the host page its height for the responsive embed code.
(function () {
  "use strict";

  const chart = document.getElementById("embed-chart");
  const figure = JSON.parse(document.getElementById("figure").textContent);
  const themes = JSON.parse(document.getElementById("themes").textContent);
  const darkQuery = window.matchMedia("(prefers-color-scheme: dark)");
  const config = { responsive: true, displaylogo: false, scrollZoom: false };
  // Must match embed-resize.js.
  const MESSAGE_TYPE = "negotiation-tracker:embed-height";

  function themeName() {
    const wanted = (figure.layout.meta && figure.layout.meta.theme) || "auto";
    if (wanted === "auto") return darkQuery.matches ? "dark" : "light";
    return wanted;
  }

  // The same colouring as charts.apply_theme, decided in the browser for theme=auto.
  function applyTheme(layout, name) {
    const theme = themes[name];
    layout.paper_bgcolor = theme.paper;
    layout.plot_bgcolor = theme.plot;
    layout.font = Object.assign({}, layout.font, { color: theme.text });
    Object.keys(layout).forEach(function (key) {
      if (/^[xy]axis\d*$/.test(key)) {
        const axis = layout[key];
        axis.gridcolor = theme.grid;
        axis.linecolor = theme.line;
        axis.zerolinecolor = theme.line;
        if (axis.rangeslider) axis.rangeslider.bgcolor = theme.slider;
      }
    });
    document.documentElement.dataset.resolvedTheme = name;
  }

  function draw() {
    applyTheme(figure.layout, themeName());
    return Plotly.react(chart, figure.data, figure.layout, config);
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

  draw().then(function () {
    chart.dataset.ready = "true";
    reportHeight();
  });
  if (window.ResizeObserver) new ResizeObserver(reportHeight).observe(document.body);
  document.querySelectorAll("details").forEach(function (details) {
    details.addEventListener("toggle", reportHeight);
  });
})();
