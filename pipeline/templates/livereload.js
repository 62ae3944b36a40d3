/* make devserver's live reload. The dev server adds this script to the pages it serves;
   no built page ever contains it. It listens to /__livereload (pipeline/livereload.py):
   "reload" reloads the page; "errors" lists the failed build's path:line: message lines
   over the page, whose content is still the last good build. */
(function () {
  "use strict";
  var script = document.currentScript;
  var build = (script && script.getAttribute("data-build")) || "";
  var events = new EventSource("/__livereload?since=" + encodeURIComponent(build));
  var host = null;

  // The panel's own look, readable on the dark and the light theme.
  var STYLE = [
    ":host { all: initial; }",
    ".panel { position: fixed; z-index: 2147483647; left: 1rem; right: 1rem; bottom: 1rem;",
    "  max-width: 60rem; max-height: 60vh; margin: 0 auto; overflow: auto; box-sizing: border-box;",
    "  padding: 0.75rem 1rem; border: 1px solid var(--line); border-left: 6px solid var(--accent);",
    "  border-radius: 8px; background: var(--bg); color: var(--fg);",
    "  box-shadow: 0 8px 32px rgba(0, 0, 0, 0.35); font: 15px/1.5 system-ui, sans-serif; }",
    ".panel[data-scheme=dark] { --bg: #1d1b1e; --fg: #f3f0f0; --muted: #c8c2c2;",
    "  --accent: #ff7b72; --line: #4a4447; color-scheme: dark; }",
    ".panel[data-scheme=light] { --bg: #fffdfb; --fg: #1d1b1e; --muted: #4d4646;",
    "  --accent: #b42318; --line: #e2d9d6; color-scheme: light; }",
    "header { display: flex; align-items: flex-start; gap: 1rem; }",
    "h2 { flex: 1; margin: 0; font-size: 1rem; color: var(--accent); }",
    "button { flex: none; min-width: 2rem; min-height: 2rem; border: 1px solid var(--line);",
    "  border-radius: 6px; background: transparent; color: var(--fg); font: inherit;",
    "  font-size: 1.25rem; line-height: 1; cursor: pointer; }",
    "button:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }",
    "ol { margin: 0.5rem 0; padding-left: 1.5rem;",
    "  font: 13px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace;",
    "  white-space: pre-wrap; overflow-wrap: anywhere; }",
    ".where { font-weight: 700; }",
    ".hint { margin: 0; color: var(--muted); font-size: 0.875rem; }"
  ].join("\n");

  events.addEventListener("reload", function () {
    events.close();
    location.reload();
  });
  events.addEventListener("errors", function (event) {
    show(JSON.parse(event.data).errors);
  });

  // The theme's choice (<html data-theme>), else the system's.
  function scheme() {
    var theme = document.documentElement.getAttribute("data-theme");
    if (theme === "light" || theme === "dark") return theme;
    return matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark";
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text) node.textContent = text; // text, never markup: messages quote the source
    return node;
  }

  function dismiss() {
    if (host) host.remove();
    host = null;
    document.removeEventListener("keydown", onKey);
  }

  function onKey(event) {
    if (event.key === "Escape") dismiss();
  }

  function show(errors) {
    dismiss();
    host = element("div");
    host.setAttribute("data-livereload", "errors");
    // A shadow root: the theme's styles do not reach the panel, nor its styles the page.
    var root = host.attachShadow({ mode: "open" });
    var style = element("style");
    style.textContent = STYLE;
    var panel = element("section", "panel");
    panel.setAttribute("role", "alert");
    panel.setAttribute("data-scheme", scheme());
    var header = element("header");
    header.appendChild(element("h2", "", "Build failed: this page is the last good build"));
    var close = element("button", "", "\u00d7");
    close.type = "button";
    close.setAttribute("aria-label", "Dismiss");
    close.title = "Dismiss (Esc)";
    close.addEventListener("click", dismiss);
    header.appendChild(close);
    var list = element("ol");
    errors.forEach(function (error) {
      var item = element("li");
      if (error.path) {
        item.appendChild(element("span", "where", error.path + ":" + error.line));
        item.appendChild(document.createTextNode(": " + error.message));
      } else {
        item.textContent = error.text;
      }
      list.appendChild(item);
    });
    panel.appendChild(header);
    panel.appendChild(list);
    panel.appendChild(element("p", "hint", "Fix and save: the page reloads after the next good build."));
    root.appendChild(style);
    root.appendChild(panel);
    document.body.appendChild(host);
    document.addEventListener("keydown", onKey);
  }
})();
