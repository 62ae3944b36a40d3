"""In-page links must land on a heading; external links must be well-formed http(s) URLs."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from plugins.article_markdown.anchors import check_in_page_links
from plugins.article_markdown.errors import SourceError

SOURCE = "## 第一節：開始\n\n見[這裡](#第一節：開始)與[那裡](#不在)。\n"


def test_a_link_to_a_heading_id_passes() -> None:
    encoded = quote("第一節：開始")  # a browser's spelling of the same anchor
    html = f'<h2 id="第一節：開始">第一節：開始</h2><p><a href="#{encoded}">x</a></p>'
    check_in_page_links(html, SOURCE)


def test_a_dangling_anchor_names_the_line_it_is_written_on() -> None:
    html = '<h2 id="第一節：開始">t</h2><a href="#第一節：開始">a</a><a href="#不在">b</a>'
    with pytest.raises(SourceError) as raised:
        check_in_page_links(html, SOURCE)
    assert raised.value.line == 3
    assert raised.value.message == "in-page link '#不在' matches no heading of this page"


@pytest.mark.parametrize("href", ["https//en.wikipedia.org/x", "htps://e.org", "http://nodot"])
def test_malformed_external_links(href: str) -> None:
    with pytest.raises(SourceError, match="malformed external link"):
        check_in_page_links(f'<a href="{href}">x</a>', f"見 [x]({href})")


@pytest.mark.parametrize("href", ["https://zh.wikipedia.org/wiki/矩陣", "mailto:a@b.org",
                                  "images/x.png", "{static}/images/x.png"])
def test_good_and_relative_links_pass(href: str) -> None:
    check_in_page_links(f'<a href="{href}">x</a>', "")
