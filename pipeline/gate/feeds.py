"""Feeds, the sitemap and robots.txt: they parse, and their URLs are absolute, on SITEURL and there.

Feed readers and search engines read these files away from the site, so a
relative URL in them means nothing and a URL on another host sends readers
elsewhere. Each ``.xml``, ``.atom`` and ``.rss`` file must be well-formed XML.
A feed's links and a sitemap's ``<loc>`` URLs must be absolute URLs of files
of this site (on SITEURL, when the build has one). A URL in an entry's HTML
must be absolute and, when it is on this site, lead to a file (an entry may
cite another site). ``robots.txt``'s ``Sitemap:`` lines are held to the same
rule as a sitemap's URLs.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.gate.checked_site import SKIPPED_SCHEMES, CheckedSite
from pipeline.gate.pages import scan_page

__all__ = ["check_feeds", "check_robots"]

_ATOM = "{http://www.w3.org/2005/Atom}"


def check_feeds(site: CheckedSite) -> None:
    """Every feed and sitemap of the site parses and gives only good URLs."""
    for path in site.files(".xml", ".atom", ".rss"):
        _check_xml(site, path)


def check_robots(site: CheckedSite) -> None:
    """The sitemaps ``robots.txt`` names are files of the site, at absolute URLs."""
    robots = site.root / "robots.txt"
    if not robots.is_file():
        return
    for number, line in enumerate(robots.read_text(encoding="utf-8").splitlines(), start=1):
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap":
            problem = _absolute_url_problem(site, value.strip(), "sitemap URL")
            if problem is not None:
                site.report("robots.txt", number, problem)


def _check_xml(site: CheckedSite, path: Path) -> None:
    relative = site.relative(path)
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as error:
        site.report(relative, error.position[0], f"not well-formed XML: {error}")
        return
    found = _urls_and_entries(root)
    if found is None:
        return  # XML of some other kind: nothing to say about its URLs
    urls, entries = found
    for url in urls:
        _report(site, relative, _absolute_url_problem(site, url.strip(), "URL"))
    for html in entries:
        for reference in scan_page(html).references:
            if urlsplit(reference.url).scheme in SKIPPED_SCHEMES or \
                    reference.url.startswith("#"):
                continue
            _report(site, relative, _absolute_url_problem(site, reference.url, "URL in an entry",
                                                          may_leave=True))


def _urls_and_entries(root: ElementTree.Element) -> tuple[list[str], list[str]] | None:
    """A feed's or sitemap's own URLs, and the HTML of its entries; None for other XML."""
    name = root.tag.rsplit("}", 1)[-1]
    if name == "feed":
        urls = [(link.get("href") or "") for link in root.iter(f"{_ATOM}link")]
        entries = [element.text or "" for tag in ("content", "summary")
                   for element in root.iter(f"{_ATOM}{tag}")]
    elif name == "rss":
        urls = [element.text or "" for element in root.iter("link")]
        entries = [element.text or "" for element in root.iter("description")]
    elif name in ("urlset", "sitemapindex"):
        urls = [element.text or "" for element in root.iter()
                if element.tag.rsplit("}", 1)[-1] == "loc"]
        entries = []
    else:
        return None
    return urls, entries


def _report(site: CheckedSite, relative: str, problem: str | None) -> None:
    # A parsed tree has no line numbers: these problems name the file alone.
    if problem is not None:
        site.report(relative, 0, problem)


def _absolute_url_problem(site: CheckedSite, url: str, what: str,
                          may_leave: bool = False) -> str | None:
    """What is wrong with a URL a feed, sitemap or robots.txt gives, or None.

    It must be absolute, on this site, and lead to a file. ``may_leave``: a link
    to another site is fine (an entry's text may cite one).
    """
    if not url:
        return f"empty {what}"
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return f"{what} is not absolute: {url}"
    resolved = site.resolve(url, site.origin + "/")
    if resolved is None or resolved.where == "external":
        if site.siteurl and not may_leave:
            return f"{what} is not on SITEURL {site.siteurl}: {url}"
        return None
    if resolved.where == "outside" or resolved.path is None or \
            site.file_for(resolved.path) is None:
        return f"{what} points to no file of the site: {url}"
    return None
