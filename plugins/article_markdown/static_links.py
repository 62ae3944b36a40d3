"""``{static}`` links that Pelican leaves as written: in ``srcset``, and a tag's second link.

Pelican resolves ``{static}/path`` when it writes a page, relative to that page,
with one regular expression that matches from a tag's ``<`` to one attribute it
knows (``src``, ``href``, ``poster``, ``data``, …). So it never looks inside
``srcset`` (getpelican/pelican#2025 was closed unmerged), which a
``<picture>``'s ``<source>`` and a responsive ``<img>`` need, and in a tag with
two such links (a video's dark and light posters) it resolves only one.

So once a page or a feed is written, the links left are resolved here as
Pelican resolves its own: the page's ``SITEURL`` (relative to the page when
``RELATIVE_URLS``, absolute otherwise), then the file's path in the site. Only
attribute values are touched, never text. The pelican-plugins org's
image-process plugin edits written pages the same way.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

__all__ = ["resolve_static_links", "page_written", "feed_written"]

_STATIC = "{static}/"
# An attribute's value, quoted as in a page or escaped as in a feed's HTML content.
_ATTRIBUTE = re.compile(r'(?P<head>\s[\w:-]+=(?P<quote>"|\'|&quot;))(?P<value>.*?)(?P=quote)')


def resolve_static_links(text: str, siteurl: str) -> str:
    """Each ``{static}/path`` left in an attribute value made ``siteurl/path``."""

    def resolve(match: re.Match[str]) -> str:
        value = match.group("value").replace(_STATIC, f"{siteurl}/")
        return f"{match.group('head')}{value}{match.group('quote')}"

    return _ATTRIBUTE.sub(resolve, text) if _STATIC in text else text


def _rewrite(path: str, siteurl: str) -> None:
    file = Path(path)
    text = file.read_text(encoding="utf-8")
    resolved = resolve_static_links(text, siteurl)
    if resolved != text:
        file.write_text(resolved, encoding="utf-8")


def page_written(path: str, context: dict[str, Any]) -> None:
    """Pelican's ``content_written``: ``context["SITEURL"]`` is the page's own."""
    _rewrite(path, context.get("SITEURL", ""))


def feed_written(path: str, context: dict[str, Any], feed: Any) -> None:
    """Pelican's ``feed_written``: feeds link absolutely, from ``SITEURL``."""
    del feed
    _rewrite(path, context.get("SITEURL", ""))
