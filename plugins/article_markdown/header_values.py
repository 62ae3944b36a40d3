"""Header values that become file names and URLs, checked once Pelican has read them.

The theme escapes every header value it prints (Jinja's autoescape), but some
values leave the page: Pelican makes file names and URLs of them.

- A tag, category or author whose slug is empty (``<>``, ``!!!``) would be
  published as ``tag/.html``, one page for every such tag.
- ``slug`` is the article's file name as written: ``"><script>`` or
  ``../x`` would name a file no link can reach safely.
- ``lang`` goes into the file name of a translation (``{slug}-{lang}.html``)
  and into ``<html lang>``: it must be a language tag.

Each is a ``SourceError`` at the header line of its key.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import SourceError
from .format import header_line_of

__all__ = ["check_header_values"]

# BCP 47 in its common shape: a language, then subtags (zh-Hant-TW, en, pt-BR).
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")
# Letters (any script), digits, "_", "-" and "."; never a path or markup.
_SLUG = re.compile(r"\w[\w.-]*")
_NAMED_PAGES = {"tags": "tag", "category": "category", "author": "author",
                "authors": "author"}


def check_header_values(metadata: dict[str, Any], text: str) -> None:
    """Raise ``SourceError`` at the first header value that would make a bad file or URL."""
    for key, kind in _NAMED_PAGES.items():
        values = metadata.get(key)
        for value in values if isinstance(values, list) else [values] if values else []:
            if not getattr(value, "slug", "x"):
                raise SourceError(header_line_of(text, key), (
                    f"{kind} '{value}' has no letter or digit to name its page by (its URL "
                    f"would be {kind}/.html): write it with words"))
    slug = metadata.get("slug")
    if slug is not None and not _SLUG.fullmatch(str(slug)):
        raise SourceError(header_line_of(text, "slug"), (
            f"slug '{slug}' is not a file name: use letters, digits, '-', '_' and '.' only"))
    lang = metadata.get("lang")
    if lang is not None and not _LANGUAGE_TAG.fullmatch(str(lang)):
        raise SourceError(header_line_of(text, "lang"), (
            f"lang '{lang}' is not a language tag (for example zh-Hant-TW or en)"))
