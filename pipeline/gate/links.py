"""Links: every URL a page or stylesheet uses leads to a file of the site, and none to a CDN.

- Every internal link, image, video, poster, script, stylesheet and font a page
  names is a file of the site; an in-page anchor (``#id``) is an id of the page
  it points into.
- Every ``url()`` and ``@import`` of a stylesheet is a file of the site.
- No page or stylesheet loads a script, stylesheet or font from another host,
  or connects to one ahead of time (``preconnect``): reading the article asks
  no third party. Any other URL may leave the site, but not for this host
  outside SITEURL's path, where none of the site's files are.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from pipeline.gate.checked_site import CheckedSite
from pipeline.gate.pages import Page, css_urls_with_offsets

__all__ = ["check_page_links", "check_stylesheets"]

# What a page makes the browser fetch from a host, unasked: none may be another host.
_LOADED_BY_THE_BROWSER = ("script", "style", "font", "hint")


def check_page_links(site: CheckedSite) -> None:
    """Each page's references resolve, its anchors exist, and it loads nothing from elsewhere."""
    for relative, page in site.pages.items():
        _check_page(site, relative, page)


def check_stylesheets(site: CheckedSite) -> None:
    """Each ``.css`` file's ``url()`` and ``@import`` resolve to a file of the site."""
    for path in site.files(".css"):
        _check_stylesheet(site, path)


def _check_page(site: CheckedSite, relative: str, page: Page) -> None:
    base = site.url_of(relative)
    for reference in page.references:
        resolved = site.resolve(reference.url, base)
        if resolved is None:
            continue
        where, target, fragment = resolved
        if where != "internal":
            if reference.kind in _LOADED_BY_THE_BROWSER:
                what = {"hint": "connects to"}.get(reference.kind, f"loads a {reference.kind} from")
                site.report(relative, reference.line, f"{what} another host: {reference.url}")
            elif where == "outside":
                site.report(relative, reference.line,
                            f"links outside the site's path {site.origin}/: {reference.url}")
            continue
        assert target is not None
        found = site.file_for(target)
        if found is None:
            site.report(relative, reference.line,
                        f"{reference.describe(target)} not found: {reference.url}")
            continue
        # "#top" is the browser's own anchor for the top of any page.
        if fragment and fragment != "top":
            found_relative = site.relative(found)
            target_page = site.pages.get(found_relative)
            anchor = unquote(fragment)
            if target_page is not None and anchor not in target_page.ids:
                site.report(relative, reference.line,
                            f"anchor #{anchor} matches no id in {found_relative}: {reference.url}")


def _check_stylesheet(site: CheckedSite, path: Path) -> None:
    relative = site.relative(path)
    css = path.read_text(encoding="utf-8", errors="replace")
    base = site.url_of(relative)
    for offset, url in css_urls_with_offsets(css):
        resolved = site.resolve(url, base)
        if resolved is None:
            continue
        line = css.count("\n", 0, offset) + 1
        where, target, _ = resolved
        if where != "internal":
            site.report(relative, line, f"stylesheet loads from another host: {url}")
        elif target is None or site.file_for(target) is None:
            site.report(relative, line, f"file the stylesheet uses not found: {url}")
