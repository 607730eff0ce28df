// Klynge's own behaviour, loaded by every page (no inline scripts: the CSP forbids them).
"use strict";

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
  const script = document.currentScript;
  let loaded = false;
  const load = (root) => {
    if (loaded || !root.querySelector || !root.querySelector("textarea.js-rich-text")) return;
    loaded = true;
    for (const src of [script.dataset.catalog, script.dataset.editor]) {
      const element = document.createElement("script");
      element.src = src;
      element.async = false; // the catalogue first, then the editor
      document.head.append(element);
    }
  };
  load(document);
  document.addEventListener("htmx:load", (event) => load(event.target));
})();
