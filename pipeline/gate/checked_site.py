"""The site under check: its files, how its URLs map onto them, and the problems found.

Every part of the gate reads the built site through one ``CheckedSite`` and
reports to it, so each problem has the same ``path:line: message`` form
whichever part found it, and every part resolves a URL the same way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

from pipeline.gate.pages import Page, scan_page

__all__ = ["CheckedSite", "Problem", "ResolvedURL", "SKIPPED_SCHEMES"]

#: URLs that name no file to look for.
SKIPPED_SCHEMES = frozenset({"mailto", "tel", "data", "javascript", "blob", "about"})
# A stand-in origin for a site built without SITEURL (relative URLs only).
_NO_SITEURL = "https://site.invalid"


@dataclass(frozen=True, order=True)
class Problem:
    """One reason not to deploy: where (relative to the site) and what."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else \
            f"{self.path}: {self.message}"


class ResolvedURL(NamedTuple):
    """Where a URL leads, seen from the site.

    ``where`` is "internal" (with ``path``, relative to the site), "external"
    (another host) or "outside" (this host, but not under SITEURL's path); both
    of the latter come without a path.
    """

    where: str
    path: str | None
    fragment: str


@dataclass
class CheckedSite:
    """The site being checked and how its URLs map onto its files."""

    root: Path
    siteurl: str
    problems: list[Problem] = field(default_factory=list)
    #: Every HTML page, by its path relative to the site, as ``scan_page`` read it.
    pages: dict[str, Page] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return self.siteurl or _NO_SITEURL

    def url_of(self, relative: str) -> str:
        """The URL a site path is served at: the base its relative URLs resolve against."""
        return f"{self.origin}/{relative}"

    def relative(self, path: Path) -> str:
        """A file of the site as the path problems name it (``feeds/all.atom.xml``)."""
        return path.relative_to(self.root).as_posix()

    def read_pages(self) -> None:
        """Scan every HTML page of the site once, into ``pages``."""
        for path in self.files(".html"):
            self.pages[self.relative(path)] = scan_page(
                path.read_text(encoding="utf-8", errors="replace"))

    def report(self, path: str, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def files(self, *suffixes: str) -> list[Path]:
        """The site's files whose names end with one of ``suffixes``, sorted."""
        return sorted(Path(directory, name)
                      for directory, _, names in os.walk(self.root)
                      for name in names if name.endswith(suffixes))

    def resolve(self, url: str, base: str) -> ResolvedURL | None:
        """Where ``url``, written in the file served at ``base``, leads.

        None for URLs that name no file (``mailto:``, ``data:`` and the like).
        """
        absolute = urljoin(base, url)
        parts = urlsplit(absolute)
        if parts.scheme in SKIPPED_SCHEMES:
            return None
        own = urlsplit(self.origin)
        if parts.netloc.lower() != own.netloc.lower():
            return ResolvedURL("external", None, parts.fragment)
        prefix = own.path.rstrip("/") + "/"
        path = parts.path if parts.path else "/"
        if not (path + ("/" if not path.endswith("/") else "")).startswith(prefix):
            return ResolvedURL("outside", None, parts.fragment)
        return ResolvedURL("internal", unquote(path[len(prefix):]), parts.fragment)

    def file_for(self, relative: str) -> Path | None:
        """The file a site path is served from (``dir/`` means ``dir/index.html``).

        None when there is none, or when the path climbs out of the site (``../``).
        """
        candidate = self.root / relative if relative else self.root
        if candidate.is_dir():
            candidate = candidate / "index.html"
        try:
            candidate.resolve().relative_to(self.root.resolve())
        except ValueError:
            return None
        return candidate if candidate.is_file() else None
