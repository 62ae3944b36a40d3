"""The publish gate: check a built site before anything of it is deployed.

``check_site`` reads a finished output folder and returns every problem it
finds, each as ``path:line: message`` (the path relative to the site); an empty
list means the site may go out. It runs each part of the gate in turn:

- ``pages``: read every page once: its ids, and every URL it uses, with its line;
- ``links``: every internal link, stylesheet, script and ``url()`` of a
  stylesheet resolves to a file of the site, every in-page anchor (``#id``) to
  an element of the page it points into, and no page or stylesheet loads
  scripts, styles or fonts from another host;
- ``feeds``: feeds and the sitemap parse, and the URLs in them are absolute, on
  ``SITEURL`` and resolve; ``robots.txt`` names a sitemap that exists;
- ``media``: every video, poster and image a page refers to is the current
  version of its source: a scene's file has the very bytes of the file the
  render manifest lists for the current render key, a file of ``content/`` is
  identical to that file;
- ``videos``: every video of the site decodes to its end (ffprobe), at the
  size, frame count and length of its render;
- ``renditions``: every scene video ships in each rendition of its profile
  (AV1 and H.264, each size) and theme, none below the profile's SSIM floor;
- ``tracks``: every WebVTT track reads (``webvtt-py``) and every scene's video
  has its chapters and descriptions, reaching the video's end;
- ``precompressed``: ``.gz``/``.br`` copies decompress to their file as it is now;
- ``html_validation``: every page is valid HTML, its CSS included (the Nu HTML
  checker, npm's ``vnu-jar``, on Java); a checker that cannot run is a problem.

``checked_site`` holds what they share: the site, how its URLs map onto its
files, and ``Problem``. Run on its own:
``python -m pipeline.gate output --siteurl https://… --quality draft``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from pipeline.gate.checked_site import CheckedSite, Problem
from pipeline.gate.feeds import check_feeds, check_robots
from pipeline.gate.html_validation import HtmlValidation
from pipeline.gate.links import check_page_links, check_stylesheets
from pipeline.gate.media import check_media_sources
from pipeline.gate.precompressed import check_precompressed
from pipeline.gate.renditions import check_renditions
from pipeline.gate.tracks import check_tracks
from pipeline.gate.videos import check_videos

__all__ = ["Problem", "check_site", "report"]


def check_site(site: Path, *, siteurl: str = "", content: Path | None = None,
               manifest: Path | None = None, scenes_dir: Path | None = None,
               required: Sequence[str] = (), validate_html: bool = True) -> list[Problem]:
    """Every problem of the built site at ``site``; an empty list means it may be deployed.

    ``siteurl`` is the site's own origin and path (``SITEURL``); ``content`` the
    folder its media were copied from; ``manifest`` the scene renderer's manifest
    for the profile the site was built at (``scenes_dir``, when given, is read to
    confirm each manifest entry is the render of the scene's current source);
    ``required`` the site paths that must exist (feeds, ``sitemap.xml``, …).
    """
    checked = CheckedSite(site.resolve(), siteurl.rstrip("/"))

    # The Nu checker needs seconds on Java: it runs in its own process while the
    # other checks do, and is waited for last.
    validation = HtmlValidation.start(checked.root, checked.files(".html")) \
        if validate_html else None

    # 1. The files the publish settings ask for.
    for relative in required:
        if not (checked.root / relative).is_file():
            checked.report(relative, 0, "missing (the publish settings ask for it)")

    # 2. Read every page once; the checks below share what it names and uses.
    checked.read_pages()

    # 3. Links, anchors and hosts: of the pages, then of the stylesheets.
    check_page_links(checked)
    check_stylesheets(checked)

    # 4. Feeds, the sitemap and robots.txt.
    check_feeds(checked)
    check_robots(checked)

    # 5. Media fresh for their sources; every video decodes to its end, in every
    # rendition; precompressed copies fresh for their files.
    check_media_sources(checked, content=content, manifest=manifest, scenes_dir=scenes_dir)
    check_videos(checked, manifest)
    check_renditions(checked, manifest, current_keys=scenes_dir is not None)
    check_tracks(checked, manifest)
    check_precompressed(checked)

    # 6. Valid HTML.
    if validation is not None:
        checked.problems.extend(validation.problems())
    return sorted(set(checked.problems))


def report(problems: Iterable[Problem], label: str) -> list[str]:
    """The problems as lines ``label/path:line: message``, in a stable order."""
    return [f"{label}/{problem}" if label else str(problem) for problem in problems]
