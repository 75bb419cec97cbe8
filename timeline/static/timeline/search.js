// Search on a timeline page. `?focus=<lane>-<id>` (a link from the search results) zooms the
// chart to that record and opens its side panel; `?q=` dims what does not match on the chart
// and in the tables and counts the matches ("12 of 63 facts match"). Works beside
// timeline.js through plotly's own API (gd.data, Plotly.relayout, Plotly.restyle, gd.emit)
// and the page's #records; the header search box needs no script. User text only ever
// reaches the page through textContent and URLSearchParams.
(function () {
  "use strict";

  const chart = document.getElementById("timeline-chart");
  const form = document.getElementById("timeline-search");
  if (!chart || !form || !window.Plotly) return;
  const input = form.elements.q;
  const count = document.getElementById("timeline-search-count");
  const DIM = 0.15;
  const ZOOM_DAYS = 45;
  const DAY_MS = 86400000;
  let matches = null; // the matching keys, or null when nothing is searched
  let version = 0; // raised whenever the matches change, so each trace is dimmed once for them
  let latest = 0; // the latest search asked for: a later search wins over a late answer
  const applied = new WeakMap(); // trace -> version dimmed for
  const original = new WeakMap(); // trace -> its own marker opacity

  function whenReady(callback) {
    if (chart.dataset.ready === "true") return callback();
    const observer = new MutationObserver(function () {
      if (chart.dataset.ready === "true") {
        observer.disconnect();
        callback();
      }
    });
    observer.observe(chart, { attributes: true, attributeFilter: ["data-ready"] });
  }

  function keyOf(custom) {
    return Array.isArray(custom) && typeof custom[0] === "string" ? custom[0] + "-" + custom[1] : null;
  }

  function pageKeys() {
    const node = document.getElementById("records");
    return node ? Object.keys(JSON.parse(node.textContent)) : [];
  }

  // Focus --------------------------------------------------------------------------------------

  function position(key) {
    for (const trace of chart.data || []) {
      if (!Array.isArray(trace.customdata)) continue;
      const index = trace.customdata.findIndex(function (custom) { return keyOf(custom) === key; });
      if (index < 0) continue;
      const x = trace.base ? trace.base[index] : trace.x && trace.x[index];
      if (x) return new Date(x);
    }
    return null;
  }

  function isoDay(time) {
    return new Date(time).toISOString().slice(0, 10);
  }

  async function focus(key) {
    const lane = key.slice(0, key.lastIndexOf("-"));
    const id = Number(key.slice(key.lastIndexOf("-") + 1));
    const when = position(key);
    if (when && !isNaN(when)) {
      const range = [isoDay(when - ZOOM_DAYS * DAY_MS), isoDay(when.getTime() + ZOOM_DAYS * DAY_MS)];
      await Plotly.relayout(chart, { "xaxis.range": range });
    }
    chart.emit("plotly_click", { points: [{ customdata: [lane, id] }] });
  }

  // Dimming ------------------------------------------------------------------------------------

  function baseOpacity(trace, index) {
    const own = original.get(trace);
    if (Array.isArray(own)) return own[index] === undefined ? 1 : own[index];
    return own === undefined || own === null ? 1 : own;
  }

  function dimChart() {
    const indices = [];
    const opacities = [];
    (chart.data || []).forEach(function (trace, index) {
      if (!Array.isArray(trace.customdata) || !trace.customdata.some(keyOf)) return;
      if (applied.get(trace) === version) return;
      if (!original.has(trace)) original.set(trace, trace.marker ? trace.marker.opacity : undefined);
      applied.set(trace, version);
      indices.push(index);
      if (matches === null) {
        const own = original.get(trace);
        opacities.push(own === undefined ? null : own);
      } else {
        opacities.push(trace.customdata.map(function (custom, i) {
          const key = keyOf(custom);
          return !key || matches.has(key) ? baseOpacity(trace, i) : baseOpacity(trace, i) * DIM;
        }));
      }
    });
    if (indices.length) return Plotly.restyle(chart, { "marker.opacity": opacities }, indices);
  }

  function dimTables() {
    document.querySelectorAll("#timeline-live tr[id]").forEach(function (row) {
      row.classList.toggle("search-dim", matches !== null && !matches.has(row.id));
    });
  }

  function showCount(text) {
    if (matches === null) {
      count.textContent = "";
      return;
    }
    const keys = pageKeys();
    const found = keys.filter(function (key) { return matches.has(key); }).length;
    const noun = keys.length === 1 ? "fact" : "facts";
    count.textContent = found + " of " + keys.length + " " + noun + " match \u201c" + text + "\u201d";
  }

  function refresh() {
    dimTables();
    showCount(input.value.trim());
    return dimChart();
  }

  async function apply(text) {
    input.value = text;
    const mine = ++latest;
    if (!text) {
      matches = null;
      version += 1;
      return refresh();
    }
    const url = form.dataset.api + "?" + new URLSearchParams({ q: text });
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      const body = await response.json();
      if (mine !== latest) return;
      if (!response.ok) throw new Error(body.detail || "The search failed.");
      matches = new Set(body.keys);
      version += 1;
      await refresh();
    } catch (error) {
      if (mine !== latest) return;
      matches = null;
      version += 1;
      await refresh();
      count.textContent = error.message;
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const text = input.value.trim();
    const query = new URLSearchParams(window.location.search);
    if (text) query.set("q", text);
    else query.delete("q");
    query.delete("focus");
    const search = query.toString();
    window.history.pushState({ url: search }, "", window.location.pathname + (search ? "?" + search : ""));
    apply(text);
  });

  window.addEventListener("popstate", function () {
    apply(new URLSearchParams(window.location.search).get("q") || "");
  });

  whenReady(async function () {
    // A new figure (filters, zoom, level of detail) or new tables: dim them as well.
    chart.on("plotly_afterplot", function () {
      if (matches !== null || (chart.data || []).some(function (t) { return applied.has(t); })) refresh();
    });
    const query = new URLSearchParams(window.location.search);
    if (query.get("q")) await apply(query.get("q"));
    if (query.get("focus")) await focus(query.get("focus"));
    chart.dataset.searchReady = "true";
  });
})();
