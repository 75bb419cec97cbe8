// The workspace on the timeline page, for logged-in users: marks the facts new or changed
// since the last visit, shows and edits notes and tags in the side panel, and keeps the tag
// filter and "Save this view" in step with the address. User text only ever reaches the
// page through textContent.
(function () {
  "use strict";

  const dataNode = document.getElementById("workspace-data");
  if (!dataNode) return;
  const state = JSON.parse(dataNode.textContent);
  const panel = document.getElementById("detail-panel");
  const saveForm = document.getElementById("workspace-save-view");
  const tagForm = document.getElementById("workspace-tag-filter");
  const csrf = saveForm.elements.csrfmiddlewaretoken.value;
  const MARKS = { new: "New since your last visit", changed: "Changed since your last visit" };

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function button(text, label, onClick) {
    const node = element("button", text, "ws-button");
    node.type = "button";
    if (label) node.setAttribute("aria-label", label);
    node.addEventListener("click", onClick);
    return node;
  }

  async function post(url, fields) {
    const response = await fetch(url, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { "X-CSRFToken": csrf, Accept: "application/json" },
      credentials: "same-origin",
    });
    const answer = await response.json().catch(function () {
      return { detail: "The server did not answer (" + response.status + ")." };
    });
    if (!response.ok) throw new Error(answer.detail || "Not saved.");
    return answer;
  }

  // Table rows: "new"/"changed" marks and tags ------------------------------------------------

  function decorateRows() {
    document.querySelectorAll(".ws-row-badges").forEach(function (node) { node.remove(); });
    const keys = new Set(Object.keys(state.marks).concat(Object.keys(state.tags)));
    keys.forEach(function (key) {
      const row = document.getElementById(key);
      if (!row || row.tagName !== "TR") return;
      const box = element("span", "", "ws-row-badges");
      const mark = state.marks[key];
      if (mark) {
        row.classList.add("ws-" + mark);
        const badge = element("span", mark, "ws-mark ws-mark-" + mark);
        badge.title = MARKS[mark];
        box.append(badge);
      }
      (state.tags[key] || []).forEach(function (name) { box.append(element("span", name, "ws-tag")); });
      if (box.childNodes.length) row.firstElementChild.append(box);
    });
  }

  const live = document.getElementById("timeline-live");
  if (live && live.parentNode) {
    // The timeline swaps its tables in when filters change: decorate the new ones.
    new MutationObserver(decorateRows).observe(live.parentNode, { childList: true });
  }

  // Side panel: tags and notes of the record shown -------------------------------------------

  function shownRecord() {
    if (panel.dataset.record) return panel.dataset.record;
    const jump = panel.querySelector("a.jump");
    return jump ? jump.getAttribute("href").slice(1) : "";
  }

  function renderPanel() {
    if (panel.hidden || panel.querySelector(".ws-panel")) return;
    const key = shownRecord();
    if (!key || !panel.querySelector(".detail-title")) return;
    const section = element("section", "", "ws-panel");
    section.setAttribute("aria-label", "Your tags and notes");
    fill(section, key);
    panel.append(section);
  }

  function fill(section, key) {
    section.replaceChildren();
    if (state.marks[key]) section.append(element("p", MARKS[state.marks[key]], "ws-mark-line"));
    const problem = element("p", "", "error ws-error");
    problem.setAttribute("role", "alert");
    section.append(tagsPart(section, key, problem), notesPart(section, key, problem), problem);
  }

  function fail(problem) {
    return function (error) { problem.textContent = error.message; };
  }

  function tagsPart(section, key, problem) {
    const part = element("div", "", "ws-tags-part");
    part.append(element("h3", "Tags"));
    const list = element("ul", "", "ws-tags");
    (state.tags[key] || []).forEach(function (name) {
      const item = element("li");
      item.append(element("span", name, "ws-tag"), button("×", "Remove the tag " + name, function () {
        post(state.urls.tag, { record: key, tag: name, action: "remove" }).then(function (answer) {
          state.tags[key] = answer.tags;
          fill(section, key);
          decorateRows();
        }, fail(problem));
      }));
      list.append(item);
    });
    if (list.childNodes.length) part.append(list);
    const form = element("form", "", "ws-inline");
    const input = element("input");
    input.name = "tag";
    input.maxLength = 100;
    input.required = true;
    input.setAttribute("list", "workspace-tag-names");
    input.setAttribute("aria-label", "New tag");
    input.placeholder = "e.g. contract length";
    const add = element("button", "Add tag");
    add.type = "submit";
    form.append(input, add);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      post(state.urls.tag, { record: key, tag: input.value }).then(function (answer) {
        state.tags[key] = answer.tags;
        fill(section, key);
        decorateRows();
        section.querySelector('input[name="tag"]').focus();
      }, fail(problem));
    });
    part.append(form);
    return part;
  }

  function groupSelect(selected) {
    const select = element("select");
    select.name = "group";
    select.setAttribute("aria-label", "Shared with");
    select.append(new Option("Only me", ""));
    state.groups.forEach(function (group) {
      select.append(new Option("Shared with " + group.name, String(group.id), false, group.id === selected));
    });
    return select;
  }

  function noteForm(text, group, label, onSubmit) {
    const form = element("form", "", "ws-note-form");
    const area = element("textarea");
    area.name = "text";
    area.rows = 3;
    area.required = true;
    area.value = text;
    area.setAttribute("aria-label", "Note");
    const save = element("button", label);
    save.type = "submit";
    form.append(area, groupSelect(group), save);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      onSubmit({ text: area.value, group: form.elements.group.value });
    });
    return form;
  }

  function notesPart(section, key, problem) {
    const part = element("div", "", "ws-notes-part");
    part.append(element("h3", "Notes"));
    const notes = state.notes[key] || [];
    const list = element("ul", "", "ws-notes");
    notes.forEach(function (note) {
      const item = element("li", "", "ws-note");
      item.append(element("p", note.text, "ws-note-text"));
      const where = note.shared_with ? "shared with " + note.shared_with : "private";
      item.append(element("p", note.author + " · " + where, "ws-note-meta"));
      if (note.mine) {
        item.append(button("Edit", "Edit this note", function () {
          item.replaceChildren(noteForm(note.text, note.group, "Save note", function (fields) {
            post(note.edit, fields).then(function (answer) {
              notes[notes.indexOf(note)] = answer;
              fill(section, key);
            }, fail(problem));
          }));
        }), button("Delete", "Delete this note", function () {
          post(note.delete, {}).then(function () {
            state.notes[key] = notes.filter(function (other) { return other !== note; });
            fill(section, key);
          }, fail(problem));
        }));
      }
      list.append(item);
    });
    if (notes.length) part.append(list);
    part.append(noteForm("", null, "Add note", function (fields) {
      post(state.urls.note, { record: key, text: fields.text, group: fields.group }).then(function (answer) {
        state.notes[key] = notes.concat([answer]);
        fill(section, key);
      }, fail(problem));
    }));
    return part;
  }

  new MutationObserver(renderPanel).observe(panel, { childList: true, attributes: true, attributeFilter: ["hidden"] });

  // The address: filters change it without reloading the page ------------------------------

  saveForm.addEventListener("submit", function () {
    saveForm.elements.url.value = window.location.pathname + window.location.search;
  });

  tagForm.addEventListener("submit", function (event) {
    event.preventDefault();
    const query = new URLSearchParams(window.location.search);
    query.delete("tag");
    const name = tagForm.elements.tag.value.trim();
    if (name) query.append("tag", name);
    const text = query.toString();
    window.location.assign(window.location.pathname + (text ? "?" + text : ""));
  });

  decorateRows();
  renderPanel();
})();
