/* Theme behaviour, loaded with `defer`. The page is complete without it; this adds:
   the colour-mode toggle, autoplay-in-view for animations, lazy video posters,
   the reading-progress bar, and keyboard access to boxes that scroll sideways.
   The saved mode itself is applied earlier, by the inline script in <head>. */
(function () {
  "use strict";

  var root = document.documentElement;
  var STORAGE_KEY = "theme";

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

  /* ---- Videos ----------------------------------------------------------------------- */

  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var canObserve = "IntersectionObserver" in window;
  var videos = Array.prototype.slice.call(document.querySelectorAll("video"));

  function loadPoster(video) {
    var poster = video.getAttribute("data-poster");
    if (poster) {
      video.setAttribute("poster", poster);
      video.removeAttribute("data-poster");
    }
  }

  // Posters are fetched a screen ahead of the reader, not all at page load.
  var posterObserver = canObserve
    ? new IntersectionObserver(
        function (entries) {
          entries.forEach(function (entry) {
            if (entry.isIntersecting) {
              loadPoster(entry.target);
              posterObserver.unobserve(entry.target);
            }
          });
        },
        { rootMargin: "100% 0px" }
      )
    : null;

  function addPauseButton(video) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "video-toggle";
    function show() {
      var paused = video.paused;
      button.setAttribute("aria-label", paused ? "播放動畫" : "暫停動畫");
      button.setAttribute("data-state", paused ? "paused" : "playing");
    }
    button.addEventListener("click", function () {
      if (video.paused) {
        video.removeAttribute("data-user-paused");
        video.play().catch(function () {});
      } else {
        // Remembered so scrolling back does not restart what the reader stopped.
        video.setAttribute("data-user-paused", "");
        video.pause();
      }
    });
    video.addEventListener("play", show);
    video.addEventListener("pause", show);
    show();
    video.insertAdjacentElement("afterend", button);
  }

  var playObserver =
    canObserve && !reduceMotion
      ? new IntersectionObserver(
          function (entries) {
            entries.forEach(function (entry) {
              var video = entry.target;
              if (entry.intersectionRatio >= 0.5) {
                if (!video.hasAttribute("data-user-paused")) {
                  loadPoster(video);
                  video.play().catch(function () {
                    video.controls = true; // the browser refused: let the reader start it
                  });
                }
              } else if (!video.paused) {
                video.pause();
              }
            });
          },
          { threshold: [0, 0.5] }
        )
      : null;

  videos.forEach(function (video) {
    if (posterObserver) posterObserver.observe(video);
    else loadPoster(video);
    if (video.hasAttribute("data-autoplay") && playObserver) {
      playObserver.observe(video);
      addPauseButton(video);
    } else {
      video.controls = true;
    }
  });

  /* ---- Reading progress ------------------------------------------------------------ */

  var bar = document.querySelector(".reading-progress span");
  var content = document.querySelector(".article__content");
  if (bar && content) {
    var pending = false;
    var update = function () {
      pending = false;
      var box = content.getBoundingClientRect();
      var scrollable = box.height - window.innerHeight;
      var done = scrollable > 0 ? Math.min(1, Math.max(0, -box.top / scrollable)) : 1;
      bar.style.transform = "scaleX(" + done + ")";
    };
    var schedule = function () {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(update);
      }
    };
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    update();
  }

  /* ---- Sideways-scrolling boxes reachable by keyboard -------------------------------- */

  function markScrollers() {
    var boxes = document.querySelectorAll(".katex-display, .highlight pre, .article__content table");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    });
  }
  markScrollers();
  window.addEventListener("resize", function () {
    window.requestAnimationFrame(markScrollers);
  });
})();
