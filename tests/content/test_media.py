"""The directives: every scene shown and captioned, each directive in each of its forms."""

from __future__ import annotations

import re

from plugins.article_markdown.format import find_blocks
from tests.content.article import (
    FLAGSHIP,
    WATCH_WORDS,
    body,
    catalog,
    cover_scene,
    directives,
    explorables,
    media,
    source,
)


def test_every_scene_is_shown() -> None:
    # Every scene of scenes/ earns its place: shown by a directive, or the cover.
    shown = {item.scene for item in media()} | {cover_scene()}
    assert {figure.scene for figure in explorables()} <= shown
    missing = sorted(set(catalog().scenes) - shown)
    assert not missing, f"scenes never shown: {missing}"


def test_media_paths_follow_the_directive_contract() -> None:
    for item in media():
        if item.kind == "image":
            assert re.fullmatch(r"manim/[\w-]+\.jpg", item.path), item
        else:
            assert re.fullmatch(r"images/manim/\w+\.mp4", item.path), item


def test_flagship_animation_opens_the_article_with_controls_and_without_autoplay() -> None:
    first = media()[0]
    assert first.scene == FLAGSHIP and first.kind == "mp4"
    assert {"no-autoplay", "controls"} <= first.options
    # Every animation follows the reader's theme: no advice to switch to dark mode.
    assert "深色模式" not in body() and "暗色模式" not in body()
    assert [m.scene for m in media()].count(FLAGSHIP) == 2


def test_every_scene_has_a_caption_that_says_what_to_watch_for() -> None:
    captioned = {m.scene for m in media() if m.caption}
    assert captioned == {m.scene for m in media()}
    for item in media():
        if item.caption:
            assert any(word in item.caption for word in WATCH_WORDS), item


def test_directives_are_used_in_each_of_their_forms() -> None:
    quotes = [d for d in directives() if d.name == "quote"]
    assert any(not q.text("attribution") for q in quotes), "a !quote without attribution"
    assert any(q.text("attribution") for q in quotes), "a !quote with attribution"
    images = [m for m in media() if m.kind == "image"]
    assert any(m.caption for m in images) and any(not m.caption for m in images)
    # Scenes are drawn in both themes; only art that is dark-on-light needs the flag.
    assert not any(m.dark for m in images if m.path.startswith("manim/"))
    videos = [m for m in media() if m.kind == "mp4"]
    assert any(m.options for m in videos) and any(not m.options for m in videos)


def test_every_directive_is_followed_by_a_blank_line() -> None:
    lines = source().split("\n")
    for block in find_blocks(lines):
        assert block.items, f"!{block.name} at line {block.line} has no items"
        assert block.end == len(lines) or lines[block.end] == "", f"line {block.line}"


def test_closing_quotation_is_attributed() -> None:
    last = [d for d in directives() if d.name == "quote"][-1]
    attribution = last.text("attribution")
    assert attribution and "Hamming" in attribution
    assert body().rstrip().endswith(attribution)


def test_three_figures_the_reader_moves() -> None:
    # The matrix, one layer on the easy curves, the 2-2-1 ReLU network on the hard ones.
    figures = [figure.figure for figure in explorables()]
    assert figures == ["easy_one_layer", "matrix", "hard_relu"]


def test_each_figure_stands_beside_the_video_it_extends() -> None:
    # No other picture or video between a figure and its video; its still is that video's.
    shown = [d for d in directives() if d.name in ("image", "mp4", "explore")]
    for index, directive in enumerate(shown):
        if directive.name != "explore":
            continue
        figure = next(f for f in explorables() if f.directive is directive)
        assert re.fullmatch(r"manim/\w+\.jpg", figure.still), figure.still
        before = shown[index - 1]
        assert before.name == "mp4", f"!explore {figure.figure} does not follow a video"
        video = next(m for m in media() if m.directive is before)
        assert video.scene == figure.scene, (figure.figure, video.scene)


def test_every_figure_caption_says_what_to_try_and_what_to_watch() -> None:
    for figure in explorables():
        caption = figure.caption or ""
        assert any(word in caption for word in ("拖曳", "按")), figure.figure
        assert any(word in caption for word in WATCH_WORDS), figure.figure


def test_explore_is_used_with_and_without_start_values() -> None:
    assert any(f.directive.numbers for f in explorables())
    assert any(not f.directive.numbers for f in explorables())
