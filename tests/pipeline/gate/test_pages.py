"""The page scanner: each URL a page uses, with the line it is on and what the page does with it."""

from __future__ import annotations

import pytest

from pipeline.gate.pages import KINDS, Reference, css_urls, css_urls_with_offsets, scan_page


def found(*lines: str) -> list[tuple[str, str, int]]:
    """(kind, url, line) of every reference of the page made of ``lines`` (line 1 first)."""
    return [(r.kind, r.url, r.line) for r in scan_page("\n".join(lines)).references]


def test_an_image_and_every_candidate_of_its_srcset() -> None:
    assert found("<p>text</p>",
                 '<img src="s.jpg" srcset="s-1x.jpg 1x, s-2x.jpg 2x,s-3x.jpg 3x" alt="">') == [
        ("media", "s.jpg", 2), ("media", "s-1x.jpg", 2), ("media", "s-2x.jpg", 2),
        ("media", "s-3x.jpg", 2)]


def test_a_tag_over_several_lines_is_reported_where_it_starts() -> None:
    assert found("", '<img src="s.jpg"', '     srcset="s-2x.jpg 2x" alt="">') == [
        ("media", "s.jpg", 2), ("media", "s-2x.jpg", 2)]


def test_a_video_its_poster_its_deferred_poster_and_its_sources() -> None:
    assert found('<video poster="p.jpg" src="v.webm">',
                 '  <source src="v.mp4" type="video/mp4">',
                 '  <track src="v.vtt">',
                 "</video>",
                 '<video data-poster="lazy.jpg"></video>') == [
        ("media", "v.webm", 1), ("poster", "p.jpg", 1), ("media", "v.mp4", 2),
        ("media", "v.vtt", 3), ("poster", "lazy.jpg", 5)]


@pytest.mark.parametrize(("tag", "kind"), [
    ('<link rel="stylesheet" href="x">', "style"),
    ('<link rel="preload" as="font" href="x" crossorigin>', "font"),
    ('<link rel="preload" as="style" href="x">', "style"),
    ('<link rel="preload" as="script" href="x">', "script"),
    ('<link rel="preload" as="image" href="x">', "media"),
    ('<link rel="PRELOAD" AS="FONT" href="x">', "font"),
    ('<link rel="modulepreload" href="x">', "script"),
    ('<link rel="prefetch" href="x">', "media"),
    ('<link rel="preconnect" href="x">', "hint"),
    ('<link rel="dns-prefetch" href="x">', "hint"),
    ('<link rel="icon" href="x">', "media"),
    ('<link rel="apple-touch-icon" href="x">', "media"),
    ('<link rel="manifest" href="x">', "media"),
    ('<link rel="alternate" type="application/atom+xml" href="x">', "link"),
    ('<link rel="canonical" href="x">', "link"),
    ('<script src="x"></script>', "script"),
    ('<a href="x">a</a>', "link"),
    ('<area href="x">', "link"),
    ('<iframe src="x"></iframe>', "link"),
    ('<meta property="og:image" content="x">', "media"),
    ('<meta property="og:video" content="x">', "media"),
    ('<meta name="twitter:image" content="x">', "media"),
])
def test_what_each_tag_does_with_its_url(tag: str, kind: str) -> None:
    assert kind in KINDS
    assert found(tag) == [(kind, "x", 1)]


def test_tags_without_a_url_add_nothing() -> None:
    assert found("<script>let a = 1;</script>", '<a href="">empty</a>', '<a href=" ">blank</a>',
                 '<meta name="description" content="x">', "<link rel=stylesheet>",
                 "<img alt=''>") == []


def test_urls_in_a_style_block_are_on_their_own_lines() -> None:
    assert found("<head>",
                 "<style>",
                 "body { color: red; }",
                 '.a { background: url("a.png"); }',
                 "",
                 "@import 'b.css';",
                 "@font-face { src: url( fonts/c.woff2 ) format('woff2'); }",
                 "</style>",
                 "</head>") == [
        ("style", "a.png", 4), ("style", "b.css", 6), ("style", "fonts/c.woff2", 7)]


def test_urls_in_a_style_attribute_take_the_line_of_their_tag() -> None:
    assert found("<p>a</p>", "<p>b</p>",
                 """<div style="background: url('bg.png'), url(bg2.png)">x</div>""") == [
        ("style", "bg.png", 3), ("style", "bg2.png", 3)]


def test_a_url_outside_a_style_block_is_only_text() -> None:
    assert found("<p>write url(a.png) in CSS</p>", "<style></style><p>url(b.png)</p>") == []


def test_character_references_are_decoded_and_whitespace_trimmed() -> None:
    assert found('<a href="  page.html?a=1&amp;b=2#%E7%AF%80 ">x</a>') == [
        ("link", "page.html?a=1&b=2#%E7%AF%80", 1)]


def test_the_ids_an_anchor_may_point_to() -> None:
    page = scan_page('<h2 id="第一節：開始">x</h2><a name="old-anchor">y</a>'
                     '<p name="not-an-anchor" id="">z</p><section id="s"></section>')
    assert page.ids == {"第一節：開始", "old-anchor", "s"}


@pytest.mark.parametrize(("kind", "target", "word"), [
    ("media", "images/a.mp4", "video"),
    ("media", "images/a.WEBM", "video"),
    ("media", "images/a.png", "image"),
    ("poster", "images/a.jpg", "poster"),
    ("link", "tags.html", "link target"),
    ("script", "theme/js/theme.js", "script"),
    ("style", "theme/css/main.css", "stylesheet"),
    ("font", "theme/fonts/a.woff2", "font"),
    ("hint", "", "file"),
])
def test_how_problems_name_what_a_reference_points_to(kind: str, target: str, word: str) -> None:
    assert Reference(kind, target, 1).describe(target) == word


def test_css_urls_and_their_offsets() -> None:
    css = 'a{b:url(x.png)}\n@import "y.css";\nc{d:url( "z.svg" )}'
    assert list(css_urls_with_offsets(css)) == [
        (4, "x.png"), (16, "y.css"), (css.index("url( "), "z.svg")]
    assert css_urls(css) == ["x.png", "y.css", "z.svg"]
