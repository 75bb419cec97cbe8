// Light and dark chart colours for the timeline and embed pages, decided in the browser
// when the figure's theme is "auto" (the same colouring as charts.theme.apply_theme).
window.TrackerTheme = (function () {
  "use strict";

  const darkQuery = window.matchMedia("(prefers-color-scheme: dark)");

  function name(figure) {
    const wanted = (figure.layout.meta && figure.layout.meta.theme) || "auto";
    if (wanted === "auto") return darkQuery.matches ? "dark" : "light";
    return wanted;
  }

  function apply(layout, themeName, themes) {
    const theme = themes[themeName];
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
    // Parties' names at their rows keep a halo of the background (charts.theme.halo).
    const halo = [1, 2, 3].map(function () { return "0 0 2px " + theme.paper; }).join(", ");
    (layout.annotations || []).forEach(function (note) {
      if (note.name === "row") note.font = Object.assign({}, note.font, { shadow: halo });
    });
    document.documentElement.dataset.resolvedTheme = themeName;
  }

  return { darkQuery: darkQuery, name: name, apply: apply };
})();
