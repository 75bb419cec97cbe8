// Responsive embeds of the negotiation tracker: include this script on a page that has
// <iframe data-tracker-embed src=".../embed/<slug>/"> and each such frame follows the height of
// the chart inside it. Only messages from those frames, of the expected shape, are obeyed.
(function () {
  "use strict";

  const MESSAGE_TYPE = "negotiation-tracker:embed-height";
  const MIN_HEIGHT = 100;
  const MAX_HEIGHT = 10000;

  function originOf(url) {
    try {
      return new URL(url, document.baseURI).origin;
    } catch (error) {
      return null;
    }
  }

  function isHeightMessage(data) {
    return (
      data !== null &&
      typeof data === "object" &&
      Object.keys(data).length === 2 &&
      data.type === MESSAGE_TYPE &&
      typeof data.height === "number" &&
      Number.isFinite(data.height) &&
      data.height >= MIN_HEIGHT &&
      data.height <= MAX_HEIGHT
    );
  }

  window.addEventListener("message", function (event) {
    if (!isHeightMessage(event.data)) return;
    document.querySelectorAll("iframe[data-tracker-embed]").forEach(function (frame) {
      // The sender must be this very frame's window...
      if (frame.contentWindow !== event.source) return;
      // ...at the frame's own origin, or "null" when the sandbox gave it an opaque origin.
      if (event.origin !== "null" && event.origin !== originOf(frame.src)) return;
      frame.style.height = Math.round(event.data.height) + "px";
    });
  });
})();
