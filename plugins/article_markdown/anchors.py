"""A check that every in-page link lands, and that external links are well formed.

``[看這裡](#第一節：開始)`` must reach ``## 第一節：開始``: heading ids keep the
heading's text (``format.heading_id``, given to Python-Markdown's ``toc`` as
its ``slugify``), and this check runs on the page once it is HTML.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote, urlsplit

from .errors import SourceError

__all__ = ["check_in_page_links"]

_ID = re.compile(r'\sid="([^"]+)"')
_HASH_LINK = re.compile(r'<a\s[^>]*href="#([^"]*)"')
_LINK = re.compile(r'<a\s[^>]*href="([^"#{][^"]*)"')


def _looks_external(href: str) -> bool:
    """A scheme, a protocol-relative URL, or what is clearly a host name."""
    return bool(re.match(r"^[a-zA-Z][\w+.-]*:|^//|^https?/|^www\.", href))


def check_in_page_links(rendered_html: str, source: str) -> None:
    """Raise SourceError at the first ``#anchor`` link that names no id of the page,
    or at the first external link that is not a well-formed http(s) URL."""
    for href in map(unescape, _LINK.findall(rendered_html)):
        if not _looks_external(href):
            continue
        parsed = urlsplit(href)
        if parsed.scheme == "mailto":
            continue
        if parsed.scheme not in {"http", "https"} or "." not in parsed.netloc \
                or any(c.isspace() for c in href):
            raise SourceError(_line_of_link(source, href),
                              f"malformed external link '{href}'")
    ids = {unquote(value) for value in _ID.findall(rendered_html)}
    for target in _HASH_LINK.findall(rendered_html):
        anchor = unquote(target)
        if anchor and anchor not in ids:
            raise SourceError(_line_of_link(source, target, anchor),
                              f"in-page link '#{anchor}' matches no heading of this page")


def _line_of_link(source: str, *spellings: str) -> int:
    for spelling in spellings:
        index = source.find("(#" + spelling)
        if index < 0:
            index = source.find("(" + spelling)
        if index >= 0:
            return source.count("\n", 0, index) + 1
    return 1
