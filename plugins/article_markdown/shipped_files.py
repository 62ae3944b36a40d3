"""Ship only the files of ``content/`` that a page uses.

Pelican copies every file under ``STATIC_PATHS`` (``content/images``, ...)
into the site, used or not: a draft's leftovers, a photo's original, a file
dropped there by mistake would all be published. Once the static files are
gathered (``static_generator_finalized``), a file of ``content/`` stays only if

- a page or article links it with ``{static}`` or ``{attach}`` (Pelican's own
  list: the directives write their paths so), or
- a page's HTML names it by a relative URL (``src``, ``href``, ``poster``,
  ``srcset``, ``data-src``: raw HTML and plain Markdown links), or
- it is an article's cover (``image``) or its link-preview card, or
- ``EXTRA_PATH_METADATA`` names it (``robots.txt``, a favicon: asked for by name).

Files from elsewhere (scene renders, a notebook's pictures, figure data) are
left alone: the plugin adds them because a page asked for them.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from pelican import signals

__all__ = ["keep_used_files", "register", "used_site_paths"]

logger = logging.getLogger(__name__)

_URL_ATTRIBUTE = re.compile(
    r"""\s(?:src|href|poster|data-src|srcset)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_CONTENT_KINDS = ("articles", "drafts", "hidden_articles", "pages", "hidden_pages",
                  "draft_pages")


def used_site_paths(html: str, page_url: str) -> set[str]:
    """Site paths (``images/a.png``) that ``html``, published at ``page_url``, links relatively."""
    found = set()
    for match in _URL_ATTRIBUTE.finditer(html):
        value = match.group(1) if match.group(1) is not None else match.group(2)
        # A srcset lists "url width" pairs; every other attribute holds one URL.
        for candidate in (part.split()[0] for part in value.split(",") if part.split()):
            if candidate.startswith(("{", "#")) or urlsplit(candidate).scheme \
                    or candidate.startswith("//"):
                continue
            path = urlsplit(urljoin("/" + page_url, candidate)).path
            found.add(unquote(path).lstrip("/"))
    return found


def keep_used_files(generator: Any) -> None:
    """Drop from Pelican's static files each file of ``content/`` that no page uses."""
    content = Path(generator.settings["PATH"]).resolve()
    linked = set(generator.context.get("static_links", ()))
    used = set(generator.settings.get("EXTRA_PATH_METADATA", {}))
    for kind in _CONTENT_KINDS:
        for item in generator.context.get(kind, ()) or ():
            used |= used_site_paths(getattr(item, "_content", "") or "", item.url)
            for key in ("image", "social_image"):
                value = item.metadata.get(key) if hasattr(item, "metadata") else None
                if isinstance(value, str):
                    used.add(value.lstrip("/"))
    kept = []
    for static in generator.staticfiles:
        source = Path(static.source_path).resolve()
        if not source.is_relative_to(content):
            kept.append(static)  # a render or a notebook's picture, added for a page
            continue
        relative = source.relative_to(content).as_posix()
        if relative in linked or relative in used or static.save_as in used:
            kept.append(static)
        else:
            logger.debug("not shipped (no page uses it): %s", relative)
    generator.staticfiles = kept
    generator.context["staticfiles"] = kept


def register() -> None:
    """Connect to Pelican (from the plugin's ``register``)."""
    signals.static_generator_finalized.connect(keep_used_files)
