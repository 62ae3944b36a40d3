/* Site search: Pagefind's UI over the index `make html` builds into pagefind/. theme.js
   imports this module on the first press of the search button, so nothing of search
   loads with the page; Pagefind's script and stylesheet come from this site only. The
   index holds root-relative URLs, so baseUrl is the site's own path. */

const TRANSLATIONS = {
  placeholder: "搜尋文章", clear_search: "清除", load_more: "載入更多結果",
  search_label: "搜尋本站", zero_results: "找不到「[SEARCH_TERM]」",
  many_results: "「[SEARCH_TERM]」有 [COUNT] 個結果",
  one_result: "「[SEARCH_TERM]」有 [COUNT] 個結果",
  searching: "正在搜尋「[SEARCH_TERM]」……",
};

let started = null; // the UI's promise, made on the first press

function show(button, panel, open) {
  button.setAttribute("aria-expanded", open ? "true" : "false");
  panel.hidden = !open;
  const input = panel.querySelector("input");
  if (open && input) input.focus();
}

function startPagefind(button, panel) {
  const siteRoot = button.getAttribute("data-site-root") || "/";
  panel.textContent = ""; // a message from a press whose module failed to load
  const css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = siteRoot + "pagefind/pagefind-ui.css";
  document.head.appendChild(css);
  return new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = siteRoot + "pagefind/pagefind-ui.js";
    script.onload = () => {
      new window.PagefindUI({
        element: panel, showImages: false, translations: TRANSLATIONS,
        baseUrl: new URL(siteRoot, location.href).pathname,
      });
      resolve();
    };
    script.onerror = () => {
      panel.textContent = "搜尋索引載入失敗：請重新執行 make html。";
      resolve();
    };
    document.head.appendChild(script);
  });
}

/** Open the search panel if it is closed, close it if it is open. */
export function toggleSearch(button, panel) {
  if (!started) {
    started = startPagefind(button, panel);
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !panel.hidden) {
        show(button, panel, false);
        button.focus();
      }
    });
    show(button, panel, true);
    started.then(() => show(button, panel, !panel.hidden));
    return;
  }
  show(button, panel, panel.hidden);
}
