// The timeline page: draws the figure, opens a side panel on click, and keeps the URL a
// permalink of the view (filters through pushState, zoom through replaceState).
// User text only ever reaches the page through textContent.
(function () {
  "use strict";

  const chart = document.getElementById("timeline-chart");
  const panel = document.getElementById("detail-panel");
  const form = document.getElementById("timeline-filters");
  const themes = JSON.parse(document.getElementById("themes").textContent);
  const darkQuery = TrackerTheme.darkQuery;
  // ChartFit redraws at the new width on resize, fitting the labels again.
  const config = { responsive: false, displaylogo: false, scrollZoom: false };
  let records = readJSON(document, "records");
  // On a phone the filters start folded away, leaving the screen to the chart.
  const fold = document.getElementById("filters-fold");
  if (fold && window.matchMedia("(max-width: 700px)").matches) fold.open = false;
  let figure = readJSON(document, "figure");

  function readJSON(doc, id) {
    const node = doc.getElementById(id);
    return node ? JSON.parse(node.textContent) : {};
  }

  // A redraw of the same view (resize, theme) keeps the reader's zoom: plotly keeps what the
  // reader changed while uirevision stays the same. A new view (filters) draws its own range.
  let view = 1;

  function draw() {
    TrackerTheme.apply(figure.layout, TrackerTheme.name(figure), themes);
    const layout = ChartFit.prepare(figure.layout, chart.clientWidth, { dropTitle: true });
    layout.uirevision = view;
    return Plotly.react(chart, figure.data, layout, config);
  }

  // Side panel ----------------------------------------------------------------------------

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function safeHref(url) {
    return /^https?:\/\//i.test(url || "") ? url : "";
  }

  function showDetail(key) {
    const record = records[key];
    if (!record) return;
    panel.dataset.record = key;
    panel.replaceChildren();
    const close = element("button", "Close", "close-button");
    close.type = "button";
    close.setAttribute("aria-label", "Close details");
    close.addEventListener("click", hideDetail);
    panel.append(close, element("p", record.when, "detail-when"));
    panel.append(element("h2", record.title, "detail-title"));
    if (record.quote) {
      panel.append(element("blockquote", record.quote, record.kind === "quote" ? "quote" : "paraphrase"));
    }
    if (record.extra) panel.append(element("p", record.extra));
    if (record.note) panel.append(element("p", record.note, "note"));
    panel.append(element("h3", record.sources.length === 1 ? "Source" : "Sources"));
    if (!record.sources.length) panel.append(element("p", "No source recorded.", "muted"));
    const list = element("ul", "", "sources");
    record.sources.forEach(function (source) {
      const item = element("li");
      const href = safeHref(source.url);
      if (href) {
        const link = element("a", source.label);
        link.href = href;
        link.rel = "noopener noreferrer nofollow";
        item.append(link);
      } else {
        item.append(document.createTextNode(source.label));
      }
      if (source.publisher) item.append(" ", element("span", "(" + source.publisher + ")", "publisher"));
      list.append(item);
    });
    panel.append(list);
    const row = document.getElementById(key);
    if (row) {
      const jump = element("a", "Show in the table", "jump");
      jump.href = "#" + key;
      panel.append(jump);
    }
    panel.hidden = false;
    panel.focus();
  }

  function hideDetail() {
    panel.hidden = true;
    panel.replaceChildren();
  }

  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      hideDetail();
      chart.focus();
    }
  });

  // URL, filters and history ----------------------------------------------------------------

  function formQuery() {
    const query = new URLSearchParams();
    const data = new FormData(form);
    const lanes = data.getAll("lanes");
    const allLanes = form.querySelectorAll('input[name="lanes"]').length;
    if (lanes.length && lanes.length < allLanes) query.set("lanes", lanes.join(","));
    data.getAll("party").forEach(function (party) { query.append("party", party); });
    ["start", "end", "as_of"].forEach(function (name) {
      const value = (data.get(name) || "").trim();
      if (value) query.set(name, value);
    });
    if (data.get("theme") && data.get("theme") !== "auto") query.set("theme", data.get("theme"));
    const search = new URLSearchParams(window.location.search).get("q"); // search.js owns ?q=
    if (search) query.set("q", search);
    // workspace.js owns ?tag= (outside this form): keep it.
    new URLSearchParams(window.location.search).getAll("tag").forEach(function (tag) { query.append("tag", tag); });
    return query;
  }

  function syncForm(query) {
    const lanes = (query.getAll("lanes").join(",") || "").split(",").filter(Boolean);
    form.querySelectorAll('input[name="lanes"]').forEach(function (box) {
      box.checked = !lanes.length || lanes.includes(box.value);
    });
    const parties = query.getAll("party");
    form.querySelectorAll('input[name="party"]').forEach(function (box) {
      box.checked = parties.includes(box.value);
    });
    ["start", "end", "as_of"].forEach(function (name) {
      form.elements[name].value = query.get(name) || "";
    });
    form.elements.theme.value = query.get("theme") || "auto";
  }

  function urlFor(query) {
    const text = query.toString();
    return window.location.pathname + (text ? "?" + text : "");
  }

  // Fetch the page for a query and take its figure, side-panel records and tables.
  async function load(url) {
    chart.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url, { headers: { Accept: "text/html" } });
      const text = await response.text();
      if (!response.ok) throw new Error(text);
      const doc = new DOMParser().parseFromString(text, "text/html");
      const live = doc.getElementById("timeline-live");
      figure = readJSON(doc, "figure");
      records = readJSON(doc, "records");
      view += 1;
      document.getElementById("timeline-live").replaceWith(document.importNode(live, true));
      const theme = figure.layout.meta ? figure.layout.meta.theme : "auto";
      document.documentElement.dataset.theme = theme;
      hideDetail();
      await draw();
    } catch (error) {
      showError(error.message);
    } finally {
      chart.removeAttribute("aria-busy");
    }
  }

  function showError(message) {
    panel.replaceChildren(element("h2", "This view could not be drawn"), element("p", message));
    panel.hidden = false;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const url = urlFor(formQuery());
    if (url !== window.location.pathname + window.location.search) {
      window.history.pushState({ url: url }, "", url);
    }
    load(url);
  });

  // Lane, party and theme toggles apply at once; typed dates wait for Apply or Enter.
  form.addEventListener("change", function (event) {
    const control = event.target;
    if (control.type === "checkbox" || control.tagName === "SELECT") form.requestSubmit();
  });

  window.addEventListener("popstate", function () {
    syncForm(new URLSearchParams(window.location.search));
    load(window.location.pathname + window.location.search);
  });

  // Zoom and pan update the permalink's date window without a new history entry.
  function onRelayout(change) {
    const query = new URLSearchParams(window.location.search);
    if (change["xaxis.autorange"]) {
      query.delete("start");
      query.delete("end");
    } else {
      const range = change["xaxis.range"] || [change["xaxis.range[0]"], change["xaxis.range[1]"]];
      if (!range[0] || !range[1]) return;
      query.set("start", String(range[0]).slice(0, 10));
      query.set("end", String(range[1]).slice(0, 10));
    }
    syncForm(query);
    window.history.replaceState({ url: urlFor(query) }, "", urlFor(query));
    if (figure.layout.meta && figure.layout.meta.lod) loadDetailSoon(query);
  }

  // Level of detail: a lane drawn as counts per week (or in detail for a zoomed window)
  // is fetched again for the new range, in full detail once few enough records are in it.
  let detailTimer = null;
  let detailRequest = null;
  let detailQuery = new URLSearchParams(window.location.search).toString();

  function loadDetailSoon(query) {
    const text = query.toString();
    if (text === detailQuery) return;
    clearTimeout(detailTimer);
    detailTimer = setTimeout(function () { loadDetail(text); }, 250);
  }

  async function loadDetail(text) {
    if (detailRequest) detailRequest.abort();
    detailRequest = new AbortController();
    detailQuery = text;
    const url = window.location.pathname + "figure.json" + (text ? "?" + text : "");
    try {
      const response = await fetch(url, { signal: detailRequest.signal });
      if (!response.ok) throw new Error(await response.text());
      figure = await response.json();
      await draw();
    } catch (error) {
      if (error.name !== "AbortError") showError(error.message);
    }
  }

  // Records fetched with a zoomed figure are not in the page yet: load the view, then show.
  function showDetailOrLoad(key) {
    if (records[key]) return showDetail(key);
    load(window.location.pathname + window.location.search).then(function () {
      showDetail(key);
    });
  }

  darkQuery.addEventListener("change", function () {
    if (((figure.layout.meta || {}).theme || "auto") === "auto") draw();
  });

  draw().then(function () {
    chart.on("plotly_click", function (event) {
      const point = event.points && event.points[0];
      if (point && point.customdata) showDetailOrLoad(point.customdata[0] + "-" + point.customdata[1]);
    });
    chart.on("plotly_relayout", onRelayout);
    ChartFit.attach(chart, draw);
    chart.dataset.ready = "true";
  });
})();
