/* Theme behaviour, loaded with `defer`. The page is complete without it; this adds:
   the colour-mode toggle, pictures that follow it (videos follow it in video.js, with
   their autoplay and lazy posters), the reading-progress bar, keyboard access to boxes
   that scroll sideways, and the figures the reader moves (loaded when they near the view).
   The saved mode itself is applied earlier, by the inline script in <head>. */
(function () {
  "use strict";

  var root = document.documentElement;
  var STORAGE_KEY = "theme";
  // Other scripts of the theme are found beside this one, wherever the site is served.
  var scriptUrl = document.currentScript ? document.currentScript.src : "";

  /* ---- Text laid out in steps ------------------------------------------------------ */
  // The article's 5,000 elements (KaTeX's, mostly) cost a throttled phone a 300 ms first
  // layout. So main.css is told (data-layout-steps) to skip text blocks (content-visibility)
  // until they carry data-laid-out. Those the first screen shows get it at once, one by one
  // (Chromium would paint a skipped block at its placeholder size, then grow it); the rest
  // after the first paint, from the top, in steps that force and time each block's layout
  // and stop at a budget: with the frame's own drawing a step stays under 50 ms (a long
  // task, one that delays input) on a slow phone (bench/main_thread.py).
  // A link followed within the page lays out the rest at once: the jump lands on its heading.
  // Written by hand: no library schedules layout like this.
  var STEP_BUDGET_MS = 12;
  var waiting = Array.prototype.slice.call(document.querySelectorAll(".article__content > *"));
  var afterLayout = []; // what needs the final sizes (scrolling boxes), run once all stand

  function layOut(count) {
    waiting.splice(0, count).forEach(function (block) { block.setAttribute("data-laid-out", ""); });
    if (waiting.length) return;
    root.setAttribute("data-laid-out", "");
    afterLayout.splice(0).forEach(function (callback) { callback(); });
  }

  // After the frame is drawn, not before it: the work lands in a task of its own.
  function afterNextFrame(callback) {
    window.requestAnimationFrame(function () { setTimeout(callback, 0); });
  }

  function layOutNext() {
    var started = performance.now();
    while (waiting.length && performance.now() - started < STEP_BUDGET_MS) {
      var block = waiting[0];
      layOut(1);
      block.getBoundingClientRect(); // its layout, now, within the budget
    }
    if (waiting.length) afterNextFrame(layOutNext);
  }

  if (waiting.length) {
    root.setAttribute("data-layout-steps", "");
    var firstScreenEnd = window.scrollY + 1.5 * window.innerHeight;
    while (waiting.length && waiting[0].getBoundingClientRect().top + window.scrollY < firstScreenEnd) {
      layOut(1);
    }
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href*='#']");
      if (link && waiting.length) layOut(waiting.length);
    }, true);
    afterNextFrame(layOutNext);
  }

  function savedMode() {
    try {
      var value = localStorage.getItem(STORAGE_KEY);
      return value === "light" || value === "dark" ? value : null;
    } catch (e) {
      return null; // storage blocked: the toggle still works for this page
    }
  }

  function currentMode() {
    return root.getAttribute("data-theme") === "light" ? "light" : "dark";
  }

  /* ---- Colour mode ---------------------------------------------------------------- */

  var toggle = document.querySelector(".theme-toggle");

  function showMode() {
    if (toggle) toggle.setAttribute("aria-pressed", String(currentMode() === "dark"));
  }

  function applyMode(mode) {
    root.setAttribute("data-theme", mode);
    showMode();
    followMode(mode);
  }

  if (toggle) {
    toggle.hidden = false;
    showMode();
    toggle.addEventListener("click", function () {
      var next = currentMode() === "dark" ? "light" : "dark";
      applyMode(next);
      try {
        localStorage.setItem(STORAGE_KEY, next);
      } catch (e) {
        /* not persisted; nothing else to do */
      }
    });
  }

  // With no saved choice the page keeps following the system setting.
  var lightQuery = window.matchMedia("(prefers-color-scheme: light)");
  lightQuery.addEventListener("change", function (event) {
    if (!savedMode()) applyMode(event.matches ? "light" : "dark");
  });
  // A choice made in another tab applies here too.
  window.addEventListener("storage", function (event) {
    if (event.key === STORAGE_KEY) applyMode(savedMode() || (lightQuery.matches ? "light" : "dark"));
  });

  /* ---- Pictures that follow the mode ------------------------------------------------- */
  // Scenes are rendered once per theme. Each <source> of a <picture> names its theme
  // (data-theme); the browser alone follows the reader's system scheme through their
  // `media`, and this makes them follow the toggle: a source matches when its theme is
  // the mode. Videos follow it in video.js (loaded where there are any), told by the
  // "themechange" event.

  function chooseSources(element, mode) {
    var sources = Array.prototype.slice.call(element.querySelectorAll("source[data-theme]"));
    if (!sources.some(function (s) { return s.getAttribute("data-theme") === mode; })) return;
    sources.forEach(function (source) {
      source.media = source.getAttribute("data-theme") === mode ? "all" : "not all";
    });
  }

  function followMode(mode) {
    Array.prototype.forEach.call(document.querySelectorAll("picture"), function (picture) {
      chooseSources(picture, mode);
    });
    document.dispatchEvent(new CustomEvent("themechange", { detail: mode }));
  }

  followMode(currentMode());

  var canObserve = "IntersectionObserver" in window;

  /* ---- Figures the reader moves (!explore) ------------------------------------------ */
  // Their code (plain ES modules) and data are no part of the first view: each figure's
  // module is imported when the figure comes within a screen of the view. Until then
  // its box, sized by the CSS, waits empty; without JavaScript its still stands in.

  var explorables = Array.prototype.slice.call(document.querySelectorAll("figure.explore[data-src]"));

  function startFigure(figure) {
    import(new URL("explore/figure.js", scriptUrl).href)
      .then(function (module) { return module.mount(figure); })
      .catch(function (error) {
        figure.setAttribute("data-state", "failed");
        console.error("explorable figure:", error);
      });
  }

  if (explorables.length && scriptUrl) {
    if (canObserve) {
      var figureObserver = new IntersectionObserver(
        function (entries) {
          entries.forEach(function (entry) {
            if (entry.isIntersecting) {
              figureObserver.unobserve(entry.target);
              startFigure(entry.target);
            }
          });
        },
        { rootMargin: "100% 0px" }
      );
      explorables.forEach(function (figure) { figureObserver.observe(figure); });
    } else {
      explorables.forEach(startFigure);
    }
  }

  /* ---- Reading progress ------------------------------------------------------------ */

  var bar = document.querySelector(".reading-progress span");
  var content = document.querySelector(".article__content");
  if (bar && content) {
    var pending = false, lastY = window.scrollY;
    var update = function () {
      pending = false;
      var box = content.getBoundingClientRect();
      var scrollable = box.height - window.innerHeight;
      var done = scrollable > 0 ? Math.min(1, Math.max(0, -box.top / scrollable)) : 1;
      bar.style.transform = "scaleX(" + done + ")";
      // On a phone the mode toggle lies over the text: it steps aside while the reader
      // reads on, and is back as they scroll up or reach the end (main.css, data-aside).
      if (toggle && Math.abs(window.scrollY - lastY) > 8) {
        toggle.toggleAttribute("data-aside", window.scrollY > lastY && done < 1);
        lastY = window.scrollY;
      }
    };
    var schedule = function () { if (!pending) { pending = true; window.requestAnimationFrame(update); } };
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    update();
  }

  /* ---- Site search ---------------------------------------------------------------- */
  // Nothing of it loads with the page: the first press of the button imports search.js.

  var searchButton = document.querySelector(".site-search-toggle");
  var searchPanel = document.getElementById("site-search");
  if (searchButton && searchPanel && scriptUrl) {
    var search = null;
    var say = function (message) { // in the panel, opened and closed as the search would be
      searchPanel.textContent = message;
      searchPanel.hidden = !searchPanel.hidden;
      searchButton.setAttribute("aria-expanded", searchPanel.hidden ? "false" : "true");
    };
    searchButton.addEventListener("click", function () {
      // A page opened as a file can fetch neither the module nor the index.
      if (location.protocol === "file:") return say("搜尋要經由網站伺服器開啟（例如 make serve），直接開啟檔案時無法使用。");
      search = search || import(new URL("search.js", scriptUrl).href);
      search.then(function (module) { module.toggleSearch(searchButton, searchPanel); }, function () {
        search = null; // the next press tries again
        say("搜尋載入失敗：請檢查網路連線後再按一次。");
      });
    });
  }

  /* ---- Sideways-scrolling boxes reachable by keyboard -------------------------------- */

  function markScrollers() {
    var boxes = document.querySelectorAll(".katex-display, .highlight pre, .article__content table");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    });
  }
  if (waiting.length) afterLayout.push(markScrollers);
  else markScrollers();
  window.addEventListener("resize", function () {
    window.requestAnimationFrame(markScrollers);
  });
})();
