// The rich-text editor for the sagsfremstilling (Tiptap), bundled by esbuild into
// klynge/static/klynge/build/editor.js (`npm run build`). Progressive: without JavaScript
// the textarea stays and takes plain text, which the server turns into paragraphs and lists.
import { Editor } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { TableKit } from "@tiptap/extension-table";

// Django's JavaScript catalogue (loaded first by app.js) translates; names as Django's, so
// `klynge makemessages -d djangojs` finds the strings.
const gettext = (text) => (window.gettext ? window.gettext(text) : text);
const gettext_noop = (text) => text;

// What Word puts on the clipboard: keep the structure, drop its styling, make its list
// paragraphs ("MsoListParagraph" with a bullet or number typed in front) real lists.
export function cleanWordHtml(html) {
  if (!/class="?Mso|urn:schemas-microsoft-com/.test(html)) return html;
  const doc = new DOMParser().parseFromString(html, "text/html");
  doc.querySelectorAll("style, meta, link, xml, o\\:p").forEach((node) => node.remove());
  let list = null;
  for (const p of Array.from(doc.body.querySelectorAll("p"))) {
    const isItem = /MsoListParagraph/.test(p.className || "");
    if (!isItem) {
      list = null;
      continue;
    }
    const text = p.textContent.replace(/\u00a0/g, " ");
    const numbered = /^\s*\d+[.)]/.test(text);
    const kind = numbered ? "OL" : "UL";
    if (!list || list.tagName !== kind || list.nextElementSibling !== p) {
      list = doc.createElement(kind);
      p.before(list);
    }
    // The marker Word typed ("·", "o", "§", "1.") is in spans Word marks as mso-list:Ignore.
    p.querySelectorAll("span[style*='mso-list']").forEach((span) => span.remove());
    const li = doc.createElement("li");
    li.innerHTML = p.innerHTML.replace(/^(\s|&nbsp;)*([·•o§\-–]|\d+[.)])(\s|&nbsp;)+/, "");
    list.append(li);
    p.remove();
  }
  doc.body.querySelectorAll("[style], [class], [lang]").forEach((node) => {
    node.removeAttribute("style");
    node.removeAttribute("class");
    node.removeAttribute("lang");
  });
  return doc.body.innerHTML;
}

const BUTTONS = [
  ["bold", gettext_noop("Fed"), (c) => c.toggleBold(), (e) => e.isActive("bold")],
  ["italic", gettext_noop("Kursiv"), (c) => c.toggleItalic(), (e) => e.isActive("italic")],
  ["h3", gettext_noop("Overskrift"), (c) => c.toggleHeading({ level: 3 }), (e) => e.isActive("heading", { level: 3 })],
  ["h4", gettext_noop("Underoverskrift"), (c) => c.toggleHeading({ level: 4 }), (e) => e.isActive("heading", { level: 4 })],
  ["ul", gettext_noop("Punktopstilling"), (c) => c.toggleBulletList(), (e) => e.isActive("bulletList")],
  ["ol", gettext_noop("Nummereret liste"), (c) => c.toggleOrderedList(), (e) => e.isActive("orderedList")],
  ["link", gettext_noop("Link"), null, (e) => e.isActive("link")],
  ["table", gettext_noop("Indsæt tabel"), (c) => c.insertTable({ rows: 3, cols: 3, withHeaderRow: true }), null],
  ["row", gettext_noop("Tilføj række"), (c) => c.addRowAfter(), null, (e) => e.isActive("table")],
  ["col", gettext_noop("Tilføj kolonne"), (c) => c.addColumnAfter(), null, (e) => e.isActive("table")],
  ["deltable", gettext_noop("Slet tabel"), (c) => c.deleteTable(), null, (e) => e.isActive("table")],
];

function attach(textarea) {
  if (textarea.dataset.editor) return;
  textarea.dataset.editor = "on";
  const wrapper = document.createElement("div");
  wrapper.className = "rich-editor";
  const toolbar = document.createElement("div");
  toolbar.className = "rich-editor__toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", gettext("Formatering"));
  toolbar.setAttribute("aria-controls", textarea.id + "-editor");
  const area = document.createElement("div");
  wrapper.append(toolbar, area);
  textarea.after(wrapper);
  textarea.hidden = true;

  const label = document.querySelector(`label[for="${textarea.id}"]`);
  const editor = new Editor({
    element: area,
    extensions: [
      StarterKit.configure({
        heading: { levels: [3, 4] },
        code: false,
        codeBlock: false,
        horizontalRule: false,
        strike: false,
        link: { openOnClick: false, protocols: ["http", gettext_noop("https"), "mailto"] },
      }),
      TableKit.configure({ table: { resizable: false } }),
    ],
    content: textarea.value,
    // The CSP forbids injected <style>; its few rules are in app.css.
    injectCSS: false,
    editorProps: {
      attributes: {
        id: textarea.id + "-editor",
        class: "rich-editor__content form-input",
        role: "textbox",
        "aria-multiline": "true",
        ...(label ? { "aria-labelledby": label.id || (label.id = textarea.id + "-label") } : {}),
        ...(textarea.getAttribute("aria-describedby")
          ? { "aria-describedby": textarea.getAttribute("aria-describedby") }
          : {}),
      },
      transformPastedHTML: cleanWordHtml,
    },
    onUpdate: ({ editor }) => {
      textarea.value = editor.isEmpty ? "" : editor.getHTML();
    },
  });

  const buttons = BUTTONS.map(([name, title, run, active, enabled]) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button-secondary button-small rich-editor__button";
    button.dataset.command = name;
    button.textContent = gettext(title);
    if (active) button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", () => {
      if (name === "link") {
        const previous = editor.getAttributes("link").href || "https://";
        const href = window.prompt(gettext("Adresse (tom: fjern linket)"), previous);
        if (href === null) return;
        const chain = editor.chain().focus().extendMarkRange("link");
        (href ? chain.setLink({ href }) : chain.unsetLink()).run();
      } else {
        run(editor.chain().focus()).run();
      }
    });
    toolbar.append(button);
    return { button, active, enabled };
  });
  const refresh = () => {
    for (const { button, active, enabled } of buttons) {
      if (active) button.setAttribute("aria-pressed", String(active(editor)));
      if (enabled) button.hidden = !enabled(editor);
    }
  };
  editor.on("selectionUpdate", refresh);
  editor.on("transaction", refresh);
  refresh();
}

function attachAll(root) {
  root.querySelectorAll("textarea.js-rich-text").forEach(attach);
}

// Loaded on demand by app.js, usually after the page has loaded.
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => attachAll(document));
} else {
  attachAll(document);
}
// Forms that htmx swaps in (adding or editing an agenda item on the meeting page).
document.addEventListener("htmx:load", (event) => attachAll(event.target));
