"""``{static}`` links Pelican leaves (srcset, a tag's second link) resolved as it would."""

from __future__ import annotations

from pathlib import Path

from plugins.article_markdown.static_links import page_written, resolve_static_links


def test_srcset_and_a_second_link_in_a_tag_are_resolved() -> None:
    html = ('<video poster="./images/a.jpg" data-light-poster="{static}/images/light/a.jpg">'
            '<picture><source srcset="{static}/images/light/b.jpg 480w, {static}/images/b.jpg"'
            ' media="(prefers-color-scheme: light)"></picture>')
    assert resolve_static_links(html, ".") == (
        '<video poster="./images/a.jpg" data-light-poster="./images/light/a.jpg">'
        '<picture><source srcset="./images/light/b.jpg 480w, ./images/b.jpg"'
        ' media="(prefers-color-scheme: light)"></picture>')


def test_text_is_never_touched_and_feeds_are_escaped_html() -> None:
    prose = "<p>Pelican writes {static}/images/x.png in links.</p>"
    assert resolve_static_links(prose, "https://e.org") == prose
    feed = '<content>&lt;img srcset=&quot;{static}/images/x.jpg&quot;&gt;</content>'
    assert resolve_static_links(feed, "https://e.org") == (
        '<content>&lt;img srcset=&quot;https://e.org/images/x.jpg&quot;&gt;</content>')


def test_a_written_page_is_rewritten_with_its_own_siteurl(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text('<img srcset="{static}/x.jpg">', encoding="utf-8")
    page_written(str(page), {"SITEURL": ".."})
    assert page.read_text(encoding="utf-8") == '<img srcset="../x.jpg">'
