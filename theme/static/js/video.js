/* Scene videos, loaded with `defer` (after theme.js) on pages that show one. The page is
   complete without it; this adds: the rendition each video plays, chosen for the reader's
   colour mode, codec and screen (and chosen again when the mode is toggled, keeping a
   playing video's place, codec and size), lazy posters, and autoplay while in view with a
   pause button. Written by hand: a few dozen lines of DOM wiring no library is made for. */
(function () {
  "use strict";

  var root = document.documentElement;
  var videos = Array.prototype.slice.call(document.querySelectorAll("video"));

  function currentMode() {
    return root.getAttribute("data-theme") === "light" ? "light" : "dark";
  }

  /* ---- The rendition for the mode --------------------------------------------------- */
  // Scenes are rendered once per theme and encoded in several renditions (AV1 and H.264,
  // the render's size and a smaller one for narrow screens: data-size holds its query).
  // Each <source> names its theme (data-theme) and rendition (data-rendition); the
  // browser alone picks by the system scheme, the codecs it decodes (`type`) and the
  // screen (`media`). This makes the choice follow the toggle too, as the browser would
  // make it: the first source of the mode whose type it can play and whose size query
  // holds; a video already playing keeps its rendition (the same codec and size) in the
  // other theme, so the swap neither changes the download nor fails to decode.
  // A video that has begun keeps its place: the new render is loaded under a still of
  // the current frame, sought to the same time, and shown (playing if it was).

  function playable(video, source) {
    var size = source.getAttribute("data-size");
    return (!source.type || video.canPlayType(source.type) !== "") &&
      (!size || window.matchMedia(size).matches);
  }

  function chooseSource(video, mode) {
    var sources = Array.prototype.slice.call(video.querySelectorAll("source[data-theme]"));
    var ofMode = sources.filter(function (s) { return s.getAttribute("data-theme") === mode; });
    if (!ofMode.length) return null; // not rendered in this mode: leave the browser's choice
    sources.forEach(function (source) {
      source.media = source.getAttribute("data-theme") !== mode ? "not all" :
        source.getAttribute("data-size") || "all";
    });
    var current = sources.filter(function (s) { return s.src === video.currentSrc; })[0];
    var rendition = current && video.readyState > 0 && current.getAttribute("data-rendition");
    var same = ofMode.filter(function (s) { return rendition && s.getAttribute("data-rendition") === rendition; });
    return same[0] || ofMode.filter(function (s) { return playable(video, s); })[0] || ofMode[ofMode.length - 1];
  }

  // The poster for `mode`, in the width that fits the video: posters take no srcset,
  // so the page lists the copies (data-poster-srcset) and this picks one.
  function posterFor(video, mode) {
    var own = video.hasAttribute("data-" + mode + "-poster");
    var url = video.getAttribute(own ? "data-" + mode + "-poster" : "data-poster");
    var srcset = video.getAttribute(own ? "data-" + mode + "-poster-srcset" : "data-poster-srcset");
    return fittingCandidate(srcset, video) || url;
  }

  function fittingCandidate(srcset, element) {
    if (!srcset) return null;
    var needed = (element.clientWidth || 0) * (window.devicePixelRatio || 1);
    var candidates = srcset.split(",").map(function (part) {
      var bits = part.trim().split(/\s+/);
      return { url: bits[0], width: parseInt(bits[1], 10) || 0 };
    }).sort(function (a, b) { return a.width - b.width; });
    var fitting = candidates.filter(function (c) { return c.width >= needed; });
    return (fitting[0] || candidates[candidates.length - 1] || {}).url || null;
  }

  function loadPoster(video) {
    var poster = posterFor(video, currentMode());
    if (poster && video.getAttribute("poster") !== poster) video.setAttribute("poster", poster);
    video.setAttribute("data-poster-shown", "");
  }

  function coverFrame(video) {
    // A still of the frame on screen, laid exactly over the video while the other
    // render loads: no blank frame, and nothing around it moves.
    if (video.readyState < 2) return null;
    var cover = document.createElement("canvas");
    cover.width = video.videoWidth;
    cover.height = video.videoHeight;
    try { cover.getContext("2d").drawImage(video, 0, 0, cover.width, cover.height); } catch (e) { return null; }
    cover.className = "video-cover";
    cover.setAttribute("aria-hidden", "true");
    Object.assign(cover.style, { left: video.offsetLeft + "px", top: video.offsetTop + "px",
      width: video.offsetWidth + "px", height: video.offsetHeight + "px" });
    video.insertAdjacentElement("afterend", cover);
    return cover;
  }

  function switchVideo(video, mode) {
    var chosen = chooseSource(video, mode);
    if (!chosen || video.currentSrc === chosen.src || video.src === chosen.src) return;
    var started = video.readyState > 0 || video.currentTime > 0 || !video.paused;
    // The render is named by `src` (which outranks the <source>s), never by load():
    // Chromium fetches on load() even under preload="none", and a reader who never
    // plays a video must download none.
    if (!started) { video.src = chosen.src; return; }
    var time = video.currentTime;
    var playing = !video.paused && !video.ended;
    var cover = coverFrame(video);
    var finish = function () {
      if (cover) cover.remove();
      video.removeAttribute("data-switching");
    };
    video.setAttribute("data-switching", "");
    video.preload = "auto";
    video.addEventListener("loadedmetadata", function () {
      video.currentTime = Math.min(time, video.duration || time);
    }, { once: true });
    video.addEventListener("seeked", function () {
      if (playing) video.play().then(finish, finish);
      else finish();
    }, { once: true });
    video.src = chosen.src;
  }

  function followMode(mode) {
    videos.forEach(function (video) {
      switchVideo(video, mode);
      if (video.hasAttribute("data-poster-shown")) loadPoster(video);
    });
  }

  // Before any video loads: its sources follow the saved mode, not only the system's;
  // then every change of mode theme.js announces.
  videos.forEach(function (video) {
    var poster = video.getAttribute("poster");
    if (poster && !video.hasAttribute("data-poster")) video.setAttribute("data-poster", poster);
  });
  followMode(currentMode());
  document.addEventListener("themechange", function (event) { followMode(event.detail); });

  /* ---- Playing ------------------------------------------------------------------------ */

  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var canObserve = "IntersectionObserver" in window;

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
                // A reader who prefers stills (transcript.js) sees the storyboard instead.
                if (!video.hasAttribute("data-user-paused") && !root.hasAttribute("data-prefer-stills")) {
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
})();
