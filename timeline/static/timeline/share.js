// The "Share / embed" panel of the timeline page: writes the iframe code for the view the URL
// describes (filters, zoom, as_of, theme), copies it, keeps a live preview and download links.
(function () {
  "use strict";

  const panel = document.getElementById("share-panel");
  if (!panel) return;
  const code = document.getElementById("share-code");
  const heightInput = document.getElementById("share-height");
  const responsive = document.getElementById("share-responsive");
  const status = document.getElementById("share-status");
  const preview = document.getElementById("share-preview");
  const pageChrome = Number(panel.dataset.pageChrome) || 0;
  // Must match timeline/embeds.py: scripts, new tabs and downloads, never top navigation.
  const SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox allow-downloads";
  const MIN_HEIGHT = 200;
  const MAX_HEIGHT = 4000;

  function escapeHTML(text) {
    return String(text)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#x27;");
  }

  function chartHeight() {
    const value = Math.round(Number(heightInput.value));
    if (!Number.isFinite(value)) return MIN_HEIGHT;
    return Math.min(Math.max(value, MIN_HEIGHT), MAX_HEIGHT);
  }

  // The view's own query, as the timeline page keeps it in the address bar.
  function viewQuery() {
    const query = new URLSearchParams(window.location.search);
    query.delete("height");
    query.delete("page");
    return query;
  }

  function embedURL() {
    const query = viewQuery();
    query.set("height", String(chartHeight()));
    return panel.dataset.embedBase + "?" + query.toString();
  }

  function iframeCode(url) {
    const frameHeight = chartHeight() + pageChrome;
    let html =
      '<iframe src="' + escapeHTML(url) + '" title="' + escapeHTML(panel.dataset.title) +
      '" height="' + frameHeight + '" style="border:0;width:100%" loading="lazy" sandbox="' +
      SANDBOX + '"' + (responsive.checked ? " data-tracker-embed" : "") + "></iframe>";
    if (responsive.checked) {
      html += '\n<script src="' + escapeHTML(panel.dataset.resizeScript) + '" async></script>';
    }
    return html;
  }

  function refreshDownloads() {
    const query = viewQuery().toString();
    panel.querySelectorAll("a[data-share-download]").forEach(function (link) {
      const url = new URL(link.href, window.location.href);
      url.search = query;
      link.href = url.pathname + url.search;
    });
  }

  let previewTimer = null;
  function refresh() {
    const url = embedURL();
    code.value = iframeCode(url);
    refreshDownloads();
    if (!panel.open) return;
    // Reload the preview only once typing in the height box has paused.
    window.clearTimeout(previewTimer);
    previewTimer = window.setTimeout(function () {
      if (preview.getAttribute("src") !== url) {
        preview.height = String(chartHeight() + pageChrome);
        preview.setAttribute("src", url);
      }
    }, 300);
  }

  function say(message) {
    status.textContent = message;
  }

  async function copy() {
    refresh();
    try {
      await navigator.clipboard.writeText(code.value);
      say("Copied the embed code.");
    } catch (error) {
      // Clipboard API refused (permissions, http): leave the code selected for Ctrl+C.
      code.focus();
      code.select();
      say("Press Ctrl+C (or Cmd+C) to copy the selected code.");
    }
  }

  panel.addEventListener("toggle", refresh);
  heightInput.addEventListener("input", refresh);
  responsive.addEventListener("change", refresh);
  code.addEventListener("focus", function () {
    refresh();
    code.select();
  });
  document.getElementById("share-copy").addEventListener("click", copy);
  window.addEventListener("popstate", refresh);
  // The timeline page swaps #timeline-live when its filters change the view.
  const live = document.getElementById("timeline-live");
  if (live && live.parentNode && window.MutationObserver) {
    new MutationObserver(refresh).observe(live.parentNode, { childList: true });
  }
  refresh();
})();
