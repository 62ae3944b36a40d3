/* A video's words (the transcript the !mp4 directive writes under each scene's video).
   Loaded (defer) only on pages that have one; the page is complete without it: the
   transcript is a list of the video's beats, each time a link into the video file.
   This adds: pressing a beat's time seeks the video on the page to it; while the video
   plays, the beat on screen is marked (aria-current="step"); and the setting a reader
   may choose, stills instead of videos (the storyboards), everywhere, remembered.
   Written by hand: a few dozen lines of DOM wiring that no library is made for. */
(function () {
  "use strict";

  var root = document.documentElement;
  var STILLS_KEY = "stills"; // read before the first paint by the inline script in <head>

  function videoOf(transcript) {
    var figure = transcript.previousElementSibling;
    return figure && figure.matches("figure.video") ? figure.querySelector("video") : null;
  }

  function follow(transcript) {
    var video = videoOf(transcript);
    if (!video) return;
    var beats = Array.prototype.slice.call(transcript.querySelectorAll("li[data-start]"));

    function markCurrent() {
      var now = video.currentTime;
      beats.forEach(function (beat) {
        var current = now >= Number(beat.getAttribute("data-start")) &&
          now < Number(beat.getAttribute("data-end"));
        if (current) beat.setAttribute("aria-current", "step");
        else beat.removeAttribute("aria-current");
      });
    }

    transcript.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-start]");
      if (!link) return;
      event.preventDefault();
      if (root.hasAttribute("data-prefer-stills")) { // the beat's still stands in the video's place
        var stills = video.closest("figure").querySelectorAll(".storyboard figure");
        var still = stills[beats.indexOf(link.closest("li"))];
        if (still) still.scrollIntoView({ block: "nearest", behavior: "smooth" });
        return;
      }
      // A video not loaded yet (preload="none") starts loading at the beat asked for.
      if (video.readyState === 0) video.preload = "auto";
      video.currentTime = Number(link.getAttribute("data-start"));
      markCurrent();
      video.scrollIntoView({ block: "nearest", behavior: "smooth" });
      if (video.paused && !video.hasAttribute("data-user-paused") &&
          !matchMedia("(prefers-reduced-motion: reduce)").matches) {
        video.play().catch(function () { video.controls = true; });
      }
    });
    video.addEventListener("timeupdate", markCurrent);
    video.addEventListener("seeked", markCurrent);
  }

  function preferStills(on) {
    if (on) root.setAttribute("data-prefer-stills", "");
    else root.removeAttribute("data-prefer-stills");
    try { localStorage.setItem(STILLS_KEY, on ? "1" : "0"); } catch (e) { /* private mode */ }
    Array.prototype.forEach.call(document.querySelectorAll("input.transcript__stills-choice"),
      function (box) { box.checked = on; });
    if (on) {
      Array.prototype.forEach.call(document.querySelectorAll("figure.video video"),
        function (video) { video.pause(); });
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("details.transcript"), follow);
  Array.prototype.forEach.call(document.querySelectorAll("input.transcript__stills-choice"),
    function (box) {
      box.checked = root.hasAttribute("data-prefer-stills");
      box.addEventListener("change", function () { preferStills(box.checked); });
    });
})();
