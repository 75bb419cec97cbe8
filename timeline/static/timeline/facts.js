// Facts panel: choose an "as of" day, fetch facts.json, re-render the sentences with their
// sources, keep `as_of` in the permalink, and tell the page through an `asofchange` event.
(function () {
  "use strict";

  const panel = document.getElementById("facts-panel");
  if (!panel) return;
  const form = document.getElementById("facts-form");
  const input = document.getElementById("facts-as-of");
  const list = document.getElementById("facts-sentences");
  const error = document.getElementById("facts-error");
  const display = document.getElementById("facts-as-of-display");
  const jsonLink = document.getElementById("facts-json-link");
  const baseUrl = panel.dataset.factsUrl;
  const DAY = /^\d{4}(-\d{2}(-\d{2})?)?$/;
  let pending = null;

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function isWebAddress(url) {
    try {
      const parsed = new URL(url, window.location.href);
      return parsed.protocol === "https:" || parsed.protocol === "http:";
    } catch (e) {
      return false;
    }
  }

  function sourceItem(source) {
    const item = element("li");
    const label = source.label || source.title || "source " + source.id;
    let name;
    if (source.url && isWebAddress(source.url)) {
      name = element("a", label);
      name.href = source.url;
      name.rel = "noopener noreferrer";
    } else {
      name = element("span", label);
    }
    if (source.title || source.url) name.title = source.title || source.url;
    item.append(name);
    if (source.title && source.title !== label) item.append(": " + source.title);
    return item;
  }

  function sentenceItem(sentence) {
    const item = element("li");
    item.dataset.key = sentence.key || "";
    item.append(element("span", sentence.text, "facts-text"));
    const sources = sentence.sources || [];
    const total = sentence.source_count;
    if (sources.length) {
      const details = element("details", undefined, "facts-sources");
      details.append(element("summary", total.toLocaleString("en") + (total === 1 ? " source" : " sources")));
      const inner = element("ul");
      sources.forEach(function (source) { inner.append(sourceItem(source)); });
      if (sentence.sources_unlisted > 0) {
        const more = sentence.sources_unlisted.toLocaleString("en");
        inner.append(element("li", "and " + more + " more, listed with each record in the tables and the API", "muted"));
      }
      details.append(inner);
      item.append(details);
    }
    return item;
  }

  // Sentences, with a heading before each run of position sentences about one agenda issue.
  function sentenceItems(sentences) {
    const items = [];
    let issue = null;
    sentences.forEach(function (sentence) {
      const current = sentence.issue || null;
      if (current && current !== issue) {
        const heading = element("li", undefined, "facts-issue");
        heading.append(element("h3", current));
        items.push(heading);
      }
      issue = current;
      items.push(sentenceItem(sentence));
    });
    return items;
  }

  function render(facts) {
    list.replaceChildren.apply(list, sentenceItems(facts.sentences || []));
    display.textContent = facts.as_of_display || facts.as_of;
    input.value = facts.as_of;
    if (jsonLink) jsonLink.href = baseUrl + "?as_of=" + encodeURIComponent(facts.as_of);
    error.hidden = true;
    error.textContent = "";
    panel.dataset.state = "rendered";
  }

  function showError(message) {
    error.textContent = message;
    error.hidden = false;
  }

  // Fetch and show the facts for a day ("" = today); resolves to the day shown, or null.
  async function fetchFacts(asOf) {
    if (pending) pending.abort();
    const controller = new AbortController();
    pending = controller;
    const url = new URL(baseUrl, window.location.href);
    if (asOf) url.searchParams.set("as_of", asOf);
    panel.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller.signal,
      });
      const body = await response.json().catch(function () { return {}; });
      if (!response.ok) {
        showError(body.error || "The facts could not be loaded (HTTP " + response.status + ").");
        return null;
      }
      render(body);
      return body.as_of;
    } catch (exc) {
      if (exc.name !== "AbortError") showError("The facts could not be loaded: " + exc.message);
      return null;
    } finally {
      if (pending === controller) {
        pending = null;
        panel.removeAttribute("aria-busy");
      }
    }
  }

  function timelineAsOfInput() {
    const filters = document.getElementById("timeline-filters");
    return filters && filters.elements.as_of ? filters.elements.as_of : null;
  }

  // A day chosen in the panel: new facts, the permalink, the chart's marker.
  async function choose(asOf) {
    if (!DAY.test(asOf)) {
      showError("as_of: choose a date (YYYY, YYYY-MM or YYYY-MM-DD).");
      return;
    }
    const shown = await fetchFacts(asOf);
    if (!shown) return;
    const timelineInput = timelineAsOfInput();
    if (timelineInput && typeof timelineInput.form.requestSubmit === "function") {
      // The timeline's own form redraws the chart with its as_of marker and pushes the URL.
      timelineInput.value = shown;
      timelineInput.form.requestSubmit();
    } else {
      const page = new URL(window.location.href);
      page.searchParams.set("as_of", shown);
      window.history.replaceState(window.history.state, "", page);
    }
    document.dispatchEvent(new CustomEvent("asofchange", { detail: { asOf: shown, source: "facts" } }));
  }

  input.addEventListener("change", function () {
    if (input.value) choose(input.value);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    choose(input.value);
  });

  // Follow an as_of chosen elsewhere on the page: the timeline filters or the browser history.
  function follow(asOf) {
    if (asOf !== input.value || panel.dataset.state !== "rendered") fetchFacts(asOf);
  }
  document.addEventListener("submit", function (event) {
    if (event.target.id !== "timeline-filters") return;
    const value = (event.target.elements.as_of && event.target.elements.as_of.value) || "";
    follow(value);
  });
  document.addEventListener("asofchange", function (event) {
    if (event.detail && event.detail.source !== "facts" && event.detail.asOf) follow(event.detail.asOf);
  });
  window.addEventListener("popstate", function () {
    follow(new URLSearchParams(window.location.search).get("as_of") || "");
  });

  if (panel.dataset.state !== "rendered") fetchFacts(input.value);
})();
