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
