"""Pelican signal handlers: computed values and Jinja filters for the theme.

Settings (all optional; defaults in ``DEFAULTS``):

- ``THEME_SUPPORT_CJK_CHARS_PER_MINUTE``: Chinese reading speed, characters a minute.
- ``THEME_SUPPORT_WORDS_PER_MINUTE``: reading speed for Latin words mixed in.
- ``THEME_SUPPORT_SUMMARY_CHARS``: longest card summary / meta description, characters.
- ``THEME_SUPPORT_TOC_LEVELS``: heading levels that get "§" links and enter the TOC.

Each article and page gets: ``toc`` (list of :class:`TocEntry`), ``reading_minutes``,
``summary_text`` (plain text), ``has_math``; each article also ``prev_article`` (older)
and ``next_article`` (newer). Filters ``zh_date``, ``cjk_summary`` and ``lang_tag`` are added to
``JINJA_FILTERS`` so pelicanconf.py need not list them.

The theme's templates are rendered with Jinja's autoescape on (set here, so the theme
is safe whatever the settings say): a title, tag, summary or any header field holding
``<script>`` or ``"><img onerror=...>`` is printed as text on every page, list, tag page,
neighbour link, ``<title>`` and meta tag. The pages' bodies are the only values marked
``|safe``: the article plugin builds them and sanitizes the HTML an author wrote.
"""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup
from pelican import signals
from pelican.contents import Article, Page

from .cjk import cut_summary, lang_tag, reading_minutes, zh_date
from .content import TocEntry, plain_text, prepare_content

__all__ = ["DEFAULTS", "TocEntry", "register"]

DEFAULTS: dict[str, Any] = {
    "THEME_SUPPORT_CJK_CHARS_PER_MINUTE": 400,
    "THEME_SUPPORT_WORDS_PER_MINUTE": 200,
    "THEME_SUPPORT_SUMMARY_CHARS": 120,
    "THEME_SUPPORT_TOC_LEVELS": (2, 3),
}


def _setting(settings: dict[str, Any], name: str) -> Any:
    return settings.get(name, DEFAULTS[name])


def cjk_summary(html: str, max_chars: int = 120) -> str:
    """Jinja filter: plain text of ``html`` cut for a card or a meta description."""
    return cut_summary(plain_text(html or ""), max_chars)


def initialized(pelican: Any) -> None:
    """Put defaults and the filters into the settings before generators read them."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)
    # A new dict: Pelican's default one is shared by every settings object it reads.
    pelican.settings["JINJA_ENVIRONMENT"] = {**pelican.settings.get("JINJA_ENVIRONMENT", {}),
                                             "autoescape": True}
    filters = pelican.settings.setdefault("JINJA_FILTERS", {})
    filters.setdefault("zh_date", zh_date)
    filters.setdefault("cjk_summary", cjk_summary)
    filters.setdefault("lang_tag", lang_tag)


def content_object_init(instance: Any) -> None:
    """Prepare one article or page: anchors, TOC, reading time, summary."""
    if not isinstance(instance, Article | Page) or not getattr(instance, "_content", None):
        return
    settings = instance.settings
    prepared = prepare_content(
        instance._content, toc_levels=_setting(settings, "THEME_SUPPORT_TOC_LEVELS"))
    instance._content = prepared.html
    instance.toc = prepared.toc
    instance.has_math = prepared.has_math
    instance.reading_minutes = reading_minutes(
        prepared.text,
        _setting(settings, "THEME_SUPPORT_CJK_CHARS_PER_MINUTE"),
        _setting(settings, "THEME_SUPPORT_WORDS_PER_MINUTE"),
    )
    explicit = instance.metadata.get("summary") or instance.metadata.get("description")
    source = (
        BeautifulSoup(explicit, "html.parser").get_text(" ") if explicit else prepared.lead_text
    )
    instance.summary_text = cut_summary(source, _setting(settings, "THEME_SUPPORT_SUMMARY_CHARS"))


def link_neighbours(generator: Any) -> None:
    """Give each published article its older (prev) and newer (next) neighbour.

    Written here rather than taken from pelican-neighbors: that plugin has had no release
    since 2021 and adds per-category and per-subcategory links this site does not use.
    """
    by_date = sorted(generator.articles, key=lambda article: article.date)
    for index, article in enumerate(by_date):
        article.prev_article = by_date[index - 1] if index > 0 else None
        article.next_article = by_date[index + 1] if index + 1 < len(by_date) else None


def register() -> None:
    """Connect the handlers (Pelican calls this for each entry of PLUGINS)."""
    signals.initialized.connect(initialized)
    signals.content_object_init.connect(content_object_init)
    signals.article_generator_finalized.connect(link_neighbours)
