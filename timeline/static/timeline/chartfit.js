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
    if (!(options && options.dropTitle)) wrapTitle(copy, width);
    wrapCredit(copy, width);
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

  // Text read whole (a title, a source credit with its address) in lines that fit `width`:
  // broken after spaces, commas and slashes. Lines of plain text, escaped by the caller.
  function wrapLines(text, width, font) {
    const lines = [""];
    text.split(/(?<=[\s,/])/).forEach(function (piece) {
      const line = lines[lines.length - 1];
      if (line && textWidth((line + piece).trim(), font) > width) lines.push(piece);
      else lines[lines.length - 1] = line + piece;
    });
    return lines.map(function (line) { return line.trim(); }).filter(Boolean);
  }

  // A title kept on the chart (the saved HTML file) wraps instead of running off the edge,
  // the top margin growing by its extra lines.
  function wrapTitle(layout, width) {
    const title = layout.title;
    if (!title || !title.text) return;
    const size = (title.font && title.font.size) || 17;
    const lines = wrapLines(plain(title.text), width - 24, size + "px system-ui, sans-serif");
    if (lines.length < 2) return;
    title.text = lines.map(escapeText).join("<br>");
    // Hung from the top, not centred in the margin: the lines grow down towards the plot.
    Object.assign(title, { yref: "container", y: 1, yanchor: "top", pad: { t: 16 } });
    layout.margin = Object.assign({}, layout.margin);
    layout.margin.t = (layout.margin.t || 0) + (lines.length - 1) * Math.ceil(size * 1.3);
  }

  // The source credit under an exported chart: on a narrow screen, in lines that fit.
  function wrapCredit(layout, width) {
    (layout.annotations || []).forEach(function (note) {
      if (note.name !== "source_credit") return;
      const size = (note.font && note.font.size) || 11;
      // The credit starts at the plot's left edge, after the value axis's labels.
      const lines = wrapLines(plain(note.text), width - 90, size + "px system-ui, sans-serif");
      if (lines.length < 2) return;
      note.text = lines.map(escapeText).join("<br>");
      note.align = "left";
      layout.margin = Object.assign({}, layout.margin);
      layout.margin.b = (layout.margin.b || 0) + (lines.length - 1) * Math.ceil(size * 1.3);
    });
  }

  // Lane names whose room was guessed before drawing (the value axis's labels take their
  // share of the width only then): cut with an ellipsis at the chart's right edge.
  function cutAtEdge(chart) {
    const edge = chart.getBoundingClientRect().right - GAP;
    const notes = (chart.layout && chart.layout.annotations) || [];
    notes.forEach(function (note, index) {
      if (note.name !== "lane" && note.name !== "row") return;
      const node = chart.querySelector('.annotation[data-index="' + index + '"] .annotation-text');
      if (!node || node.getBoundingClientRect().right <= edge) return;
      // A bold name is one tspan inside the text: shorten inside it, keeping the weight.
      const run = node.children.length === 1 ? node.children[0] : node;
      const text = run.textContent;
      const left = node.getBoundingClientRect().left;
      let low = 1;
      let high = text.length - 1;
      while (low < high) {
        const keep = Math.ceil((low + high) / 2);
        run.textContent = text.slice(0, keep).trimEnd() + "…";
        if (node.getBoundingClientRect().right <= edge) low = keep;
        else high = keep - 1;
      }
      run.textContent = text.slice(0, low).trimEnd() + "…";
      // Plotly centres the text in the box it measured for the whole name: keep its start.
      const moved = node.getBoundingClientRect().left - left;
      node.setAttribute("x", (parseFloat(node.getAttribute("x")) || 0) - moved);
    });
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
    cutAtEdge(chart);
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
