"""``{static}`` links in ``srcset``, which Pelican leaves as written.

Pelican resolves ``{static}/path`` in the attributes it knows (``src``,
``href``, ``poster``, …) when it writes a page, relative to that page; it does
not look inside ``srcset`` (getpelican/pelican#2025 was closed unmerged), which
a ``<picture>``'s ``<source>`` and a responsive ``<img>`` need. So once a page
or a feed is written, the same resolution is done here for ``srcset``: the
page's own ``SITEURL`` (relative to the page when ``RELATIVE_URLS``, absolute
otherwise) and the file's path in the site, as Pelican writes its own links.
The pelican-plugins org's image-process plugin edits written pages the same way.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

__all__ = ["resolve_srcset", "page_written", "feed_written"]

_STATIC = "{static}/"
# A srcset attribute, quoted as in a page or escaped as in a feed's HTML content.
_SRCSET = re.compile(r'(?P<head>\ssrcset=(?P<quote>"|\'|&quot;))(?P<value>.*?)(?P=quote)')


def resolve_srcset(text: str, siteurl: str) -> str:
    """Each ``{static}/path`` inside a ``srcset`` value made ``siteurl/path``."""

    def resolve(match: re.Match[str]) -> str:
        value = match.group("value").replace(_STATIC, f"{siteurl}/")
        return f"{match.group('head')}{value}{match.group('quote')}"

    return _SRCSET.sub(resolve, text) if _STATIC in text else text


def _rewrite(path: str, siteurl: str) -> None:
    file = Path(path)
    text = file.read_text(encoding="utf-8")
    resolved = resolve_srcset(text, siteurl)
    if resolved != text:
        file.write_text(resolved, encoding="utf-8")


def page_written(path: str, context: dict[str, Any]) -> None:
    """Pelican's ``content_written``: ``context["SITEURL"]`` is the page's own."""
    _rewrite(path, context.get("SITEURL", ""))


def feed_written(path: str, context: dict[str, Any], feed: Any) -> None:
    """Pelican's ``feed_written``: feeds link absolutely, from ``SITEURL``."""
    del feed
    _rewrite(path, context.get("SITEURL", ""))
