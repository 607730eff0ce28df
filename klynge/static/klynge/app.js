// Klynge's own behaviour, loaded by every page (no inline scripts: the CSP forbids them).
"use strict";

// The addresses of the scripts loaded on demand are on this script's tag (data-*).
const APP_SCRIPT = document.currentScript;

// Load a script once, in order with the others loaded this way.
const loadScript = (() => {
  const loading = {};
  return (src) =>
    (loading[src] =
      loading[src] ||
      new Promise((resolve) => {
        const element = document.createElement("script");
        element.src = src;
        element.async = false;
        element.onload = resolve;
        document.head.append(element);
      }));
})();

// A personal link (a meeting's evaluation, a hearing party's) carries its token after the #,
// which browsers never send (so no access log, proxy or Referer holds it): the page posts it
// in the body of its form (class js-personal-link, hidden field "token") and drops it from
// the address bar and history. Only a token's shape opens the form: a plain anchor such as
// #svar, reloaded, is no guess at a link.
(function () {
  const form = document.querySelector("form.js-personal-link");
  const token = window.location.hash.slice(1);
  if (!form || !/^[A-Za-z0-9_-]{20,200}$/.test(token)) return;
  form.elements.token.value = token;
  window.history.replaceState(null, "", window.location.pathname);
  form.submit();
})();

// The header menu collapses behind a menu button on a phone. Without JavaScript the button
// stays hidden and the menu is always shown.
(function () {
  const header = document.querySelector(".site-header");
  const button = header && header.querySelector(".site-header__menu-button");
  if (!button) return;
  const menu = document.getElementById(button.getAttribute("aria-controls"));
  const setOpen = (open) => {
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("is-open", open);
  };
  header.classList.add("site-header--collapsible");
  button.hidden = false;
  button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
  header.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.classList.contains("is-open")) {
      setOpen(false);
      button.focus();
    }
  });
})();

// The rich-text editor (a large bundle) is loaded only where a form needs it, also when
// htmx swaps such a form in; its labels come from the JavaScript translation catalogue.
(function () {
  const load = (root) => {
    if (!root.querySelector || !root.querySelector("textarea.js-rich-text")) return;
    loadScript(APP_SCRIPT.dataset.catalog); // the catalogue first, then the editor
    loadScript(APP_SCRIPT.dataset.editor);
  };
  load(document);
  document.addEventListener("htmx:load", (event) => load(event.target));
})();

// Agenda items are ordered by dragging their handle (SortableJS) or, on the focused handle,
// with the arrow keys; the up and down buttons stay for those without JavaScript. Every
// move is one POST to the item's move URL, which answers with the renumbered agenda.
(function () {
  let refocus = null; // the moved item's handle keeps the focus across the swap
  const move = (item, values) => {
    refocus = item.id;
    window.htmx.ajax("POST", item.dataset.moveUrl, {
      source: item,
      target: "#agenda",
      swap: "outerHTML",
      values: values,
    });
  };
  const enable = (list) => {
    if (list.dataset.sortableOn) return;
    list.dataset.sortableOn = "on";
    list.querySelectorAll(".agenda-item__handle").forEach((handle) => {
      handle.hidden = false;
      handle.addEventListener("keydown", (event) => {
        const item = handle.closest("[data-move-url]");
        if (event.key === "ArrowUp" || event.key === "ArrowDown") {
          event.preventDefault();
          move(item, { direction: event.key === "ArrowUp" ? "up" : "down" });
        }
      });
    });
    window.Sortable.create(list, {
      handle: ".agenda-item__handle",
      draggable: "li[data-move-url]",
      forceFallback: true, // mouse and touch alike, and testable
      animation: 150,
      onEnd: (event) => {
        // SortableJS leaves empty style attributes behind; htmx would copy them onto the
        // new agenda, which the CSP refuses.
        list.querySelectorAll("[style]").forEach((element) => element.removeAttribute("style"));
        if (event.oldIndex !== event.newIndex) {
          move(event.item, { position: String(event.newIndex + 1) });
        }
      },
    });
  };
  const find = (root) => {
    if (!root.querySelectorAll) return;
    const lists = root.matches && root.matches("[data-sortable]")
      ? [root]
      : Array.from(root.querySelectorAll("[data-sortable]"));
    if (!lists.length) return;
    loadScript(APP_SCRIPT.dataset.sortable).then(() => {
      lists.forEach(enable);
      const handle = refocus && document.querySelector(`#${refocus} .agenda-item__handle`);
      if (handle) handle.focus();
      refocus = null;
    });
  };
  find(document);
  document.addEventListener("htmx:load", (event) => find(event.target));
})();

// Long lists of people and organisations become searchable (Tom Select): every multiple
// select, and single selects with many options. The select stays in the form underneath.
(function () {
  const english = document.documentElement.lang === "en";
  const candidates = (root) =>
    root.querySelectorAll
      ? Array.from(root.querySelectorAll("select")).filter(
          (select) =>
            !select.tomselect &&
            !select.closest("[data-plain-selects]") &&
            (select.multiple || select.options.length > 20),
        )
      : [];
  const enhance = (select) => {
    const control = new window.TomSelect(select, {
      plugins: select.multiple ? { remove_button: { title: english ? "Remove" : "Fjern" } } : {},
      maxOptions: null,
      hidePlaceholder: true,
      render: {
        no_results: () =>
          `<div class="no-results">${english ? "No matches" : "Ingen fundet"}</div>`,
      },
    });
    // The select stays underneath for the form (out of the tab order); Tom Select's
    // combobox, which its label now names, is what assistive technology should meet.
    select.setAttribute("aria-hidden", "true");
    return control;
  };
  const find = (root) => {
    const selects = candidates(root);
    if (!selects.length) return;
    loadScript(APP_SCRIPT.dataset.searchable).then(() => selects.forEach(enhance));
  };
  find(document);
  document.addEventListener("htmx:load", (event) => find(event.target));
})();

// A form that undoes or deletes asks first (data-confirm holds the question); without
// JavaScript it posts as it is.
document.addEventListener("submit", (event) => {
  const question = event.target.dataset && event.target.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});
