"""The Pelican side of theme_support: settings, filters, neighbours."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from plugins.theme_support.theme_support import (
    DEFAULTS,
    cjk_summary,
    initialized,
    link_neighbours,
)


def test_initialized_adds_defaults_and_filters_without_overriding() -> None:
    own_filter = object()
    pelican = SimpleNamespace(
        settings={"THEME_SUPPORT_SUMMARY_CHARS": 80, "JINJA_FILTERS": {"zh_date": own_filter}}
    )
    initialized(pelican)
    settings = pelican.settings
    assert settings["THEME_SUPPORT_SUMMARY_CHARS"] == 80
    assert (
        settings["THEME_SUPPORT_CJK_CHARS_PER_MINUTE"]
        == DEFAULTS["THEME_SUPPORT_CJK_CHARS_PER_MINUTE"]
    )
    assert settings["JINJA_FILTERS"]["zh_date"] is own_filter
    assert {"cjk_summary", "lang_tag"} <= set(settings["JINJA_FILTERS"])


def test_cjk_summary_filter_cuts_html_at_a_sentence() -> None:
    html = "<p>第一句。</p><pre>code</pre><p>第二句很長很長很長很長很長很長很長。</p>"
    assert cjk_summary(html, 8) == "第一句。"
    assert cjk_summary(None) == ""


def test_neighbours_are_by_date_older_is_prev() -> None:
    def article(day: int) -> SimpleNamespace:
        return SimpleNamespace(date=dt.datetime(2019, 9, day), name=day)

    first, second, third = article(1), article(10), article(21)
    link_neighbours(SimpleNamespace(articles=[third, first, second]))
    assert (first.prev_article, first.next_article) == (None, second)
    assert (second.prev_article, second.next_article) == (first, third)
    assert (third.prev_article, third.next_article) == (second, None)
