"""Heading ids that keep Chinese, and a check that every in-page link lands.

``[看這裡](#第一節：開始)`` must reach ``## 第一節：開始``. Python-Markdown's
``toc`` slugifiers drop the full-width colon (``slugify_unicode``) or the whole
title (``slugify``), so we pass ``toc`` this one-line slugifier instead: HTML5
ids may hold any character but white space.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from .errors import SourceError

__all__ = ["keep_text_slugify", "check_in_page_links"]

_ID = re.compile(r'\sid="([^"]+)"')
_HASH_LINK = re.compile(r'<a\s[^>]*href="#([^"]*)"')


def keep_text_slugify(value: str, separator: str) -> str:
    """The heading text itself, with runs of white space made ``separator``."""
    return re.sub(r"\s+", separator, value.strip())


def check_in_page_links(rendered_html: str, source: str) -> None:
    """Raise SourceError at the first ``#anchor`` link that names no id of the page."""
    ids = {unquote(value) for value in _ID.findall(rendered_html)}
    for target in _HASH_LINK.findall(rendered_html):
        anchor = unquote(target)
        if anchor and anchor not in ids:
            raise SourceError(_line_of_link(source, target, anchor),
                              f"in-page link '#{anchor}' matches no heading of this page")


def _line_of_link(source: str, *spellings: str) -> int:
    for spelling in spellings:
        index = source.find("(#" + spelling)
        if index >= 0:
            return source.count("\n", 0, index) + 1
    return 1
