// Fits a drawn chart to its width: lane names shortened to the room there is, and each direct
// label (round labels, series names at the ends of their lines) shown in its longest variant
// that overlaps no other text, or hidden (hover still shows it). Runs again after every zoom,
// pan or resize. Label variants come from the figure (trace.meta.labels) as plain text and
// reach the page only through textContent.
window.ChartFit = (function () {
  "use strict";

  const GAP = 2;
  const canvas = document.createElement("canvas").getContext("2d");

  function textWidth(text, font) {
    canvas.font = font;
    return canvas.measureText(text).width;
  }

  function plain(html) {
    const box = document.createElement("textarea");
    box.innerHTML = html.replace(/<[^>]*>/g, "");
    return box.value;
  }

  function escapeText(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function shorten(text, width, font) {
    if (textWidth(text, font) <= width) return text;
    let keep = text.length;
    while (keep > 1 && textWidth(text.slice(0, keep) + "…", font) > width) keep -= 1;
    return text.slice(0, keep).trimEnd() + "…";
  }

  // Before drawing: a copy of the layout at the chart's width, the page's own heading naming
  // the chart, and lane names cut to the room there is.
  function prepare(layout, width, options) {
    const copy = JSON.parse(JSON.stringify(layout));
    copy.width = width;
    if (options && options.dropTitle) {
      copy.title = { text: "" };
      copy.margin = Object.assign({}, copy.margin, { t: 28 });
    }
    fitTicks(copy);
    const room = Math.max(width - 40, 80);
    (copy.annotations || []).forEach(function (note) {
      if (note.name !== "lane" && note.name !== "row") return;
      const bold = /^<b>/.test(note.text);
      const size = (note.font && note.font.size) || 12;
      const font = (bold ? "bold " : "") + size + "px system-ui, sans-serif";
      const text = shorten(plain(note.text), room, font);
      note.text = bold ? "<b>" + escapeText(text) + "</b>" : escapeText(text);
    });
    return copy;
  }

  // Short panels get fewer value ticks, about one per 25 pixels, so tick labels never touch.
  function fitTicks(layout) {
    const margin = layout.margin || {};
    const plotHeight = (layout.height || 450) - (margin.t || 0) - (margin.b || 0);
    Object.keys(layout).forEach(function (key) {
      const axis = layout[key];
      if (!/^yaxis\d*$/.test(key) || !axis.domain || axis.showticklabels === false) return;
      const pixels = (axis.domain[1] - axis.domain[0]) * plotHeight;
      axis.nticks = Math.max(2, Math.floor(pixels / 25));
    });
  }

  function overlaps(a, b) {
    return a.left < b.right + GAP && b.left < a.right + GAP &&
      a.top < b.bottom + GAP && b.top < a.bottom + GAP;
  }

  function labelNodes(chart) {
    const labels = [];
    chart.querySelectorAll(".scatterlayer .trace").forEach(function (group) {
      if (group.closest(".rangeslider-container")) return;
      const calc = group.__data__;
      const trace = calc && calc[0] && calc[0].trace;
      if (!trace || !trace.meta || !trace.meta.labels) return;
      group.querySelectorAll(".textpoint text").forEach(function (node) {
        const point = node.parentNode.__data__ || {};
        const variants = trace.meta.labels[point.tx] || [node.textContent];
        labels.push({ node: node, variants: variants, priority: trace.meta.priority || 0 });
      });
    });
    return labels;
  }

  function plotBounds(chart) {
    const boxes = [...chart.querySelectorAll(".draglayer .nsewdrag")].map(function (node) {
      return node.getBoundingClientRect();
    });
    const whole = chart.getBoundingClientRect();
    if (!boxes.length) return whole;
    return {
      left: Math.min(...boxes.map(function (box) { return box.left; })) - GAP,
      right: Math.max(...boxes.map(function (box) { return box.right; })) + GAP,
      top: whole.top,
      bottom: whole.bottom,
    };
  }

  function inside(box, bounds) {
    return box.left >= bounds.left && box.right <= bounds.right &&
      box.top >= bounds.top && box.bottom <= bounds.bottom;
  }

  // After drawing: every label in its longest variant that fits, most important first.
  function declutter(chart) {
    const labels = labelNodes(chart);
    const mine = new Set(labels.map(function (label) { return label.node; }));
    const taken = [...chart.querySelectorAll("svg text")]
      .filter(function (node) {
        return !mine.has(node) && !node.closest(".hoverlayer") &&
          !node.closest(".rangeslider-container") && node.textContent.trim();
      })
      .map(function (node) { return node.getBoundingClientRect(); })
      .filter(function (box) { return box.width > 0 && box.height > 0; });
    const bounds = plotBounds(chart);
    labels.sort(function (a, b) { return b.priority - a.priority; });
    labels.forEach(function (label) {
      const node = label.node;
      node.style.display = "";
      for (const variant of label.variants) {
        if (!variant) continue;
        if (node.textContent !== variant) node.textContent = variant;
        const box = node.getBoundingClientRect();
        if (inside(box, bounds) && !taken.some(function (other) { return overlaps(box, other); })) {
          taken.push(box);
          return;
        }
      }
      node.style.display = "none";
    });
    chart.dataset.fittedWidth = String(Math.round(chart._fullLayout.width));
  }

  let pending = 0;
  function attach(chart, redraw) {
    const run = function () {
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(function () { declutter(chart); });
    };
    chart.on("plotly_afterplot", run);
    chart.on("plotly_relayout", run);
    let timer = null;
    let lastWidth = chart.clientWidth;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (chart.clientWidth !== lastWidth) {
          lastWidth = chart.clientWidth;
          redraw();
        }
      }, 150);
    });
    declutter(chart);
  }

  return { prepare: prepare, declutter: declutter, attach: attach };
})();
