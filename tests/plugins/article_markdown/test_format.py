"""The article format's declarations: blocks, directives, header, placeholders, heading ids."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

from plugins.article_markdown.directives import UNITS, unit_for
from plugins.article_markdown.directives.unit import DirectiveUnit
from plugins.article_markdown.errors import SourceError
from plugins.article_markdown.format import (
    DIRECTIVES,
    PLACEHOLDER,
    ItemKind,
    bullet_header_to_meta,
    find_blocks,
    header_line_of,
    heading_id,
    parse_directive,
    read_article,
    read_header,
    reference_text,
    requested_scene_files,
)
from tests.paths import ROOT as PROJECT_ROOT

ROOT = PROJECT_ROOT
# What an unknown option's message lists: the declared ones, in their order.
MP4_OPTIONS = ", ".join(DIRECTIVES["mp4"].option_names)


def parse(text: str):
    [block] = find_blocks(text.split("\n"))
    return parse_directive(block)


def test_every_directive_is_one_unit_declaring_itself() -> None:
    # The format reads what the units declare: nothing is declared anywhere else.
    assert [unit.spec.name for unit in UNITS] == list(DIRECTIVES)
    for unit in UNITS:
        assert DIRECTIVES[unit.spec.name] is unit.spec
        assert unit_for(unit.spec.name) is unit
        assert type(unit).html is not DirectiveUnit.html, unit.spec.name


def test_every_option_and_item_is_in_the_reference() -> None:
    text = reference_text()
    for spec in DIRECTIVES.values():
        assert f"!{spec.name}:" in text
        for item in spec.items:
            assert item.description in text
            for option in item.options:
                assert option.name in text


def test_the_reference_is_printed_without_loading_pelican_or_markdown() -> None:
    code = ("import sys, runpy; runpy.run_module('plugins.article_markdown.format', "
            "run_name='__main__'); print([m for m in ('pelican', 'markdown', 'PIL', 'manim') "
            "if m in sys.modules])")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert "!mp4:" in run.stdout and run.stdout.rstrip().endswith("[]")


# --- blocks ----------------------------------------------------------------------


def test_blocks_skip_fenced_code_and_join_continuation_lines() -> None:
    lines = ["```", "!mp4", "- a.mp4", "```", "", "!quote", "- 第一行", "  第二行", "after"]
    [block] = find_blocks(lines)
    assert (block.name, block.line, block.items, block.end) == ("quote", 6,
                                                                 [(7, "第一行 第二行")], 8)


def test_blocks_in_blockquotes_and_list_items_keep_their_prefix() -> None:
    lines = ["> !quote", "> - 被引用", "", "1. 步驟", "", "    !image", "    - a.png",
             "    - 說明", "", "    繼續"]
    quoted, listed = find_blocks(lines)
    assert (quoted.name, quoted.line, quoted.prefix, quoted.items, quoted.end) == (
        "quote", 1, "> ", [(2, "被引用")], 2)
    assert (listed.name, listed.line, listed.prefix, listed.end) == ("image", 6, "    ", 8)
    assert listed.items == [(7, "a.png"), (8, "說明")]
    # The header's bullets are no list: an indented line after it is code.
    assert find_blocks(["- title: T", "", "    !quote", "    - 程式碼"]) == []


def test_an_unknown_bang_line_is_a_block_only_when_items_follow() -> None:
    assert [b.name for b in find_blocks(["!gif", "- a.gif"])] == ["gif"]
    assert find_blocks(["!important", "text"]) == []
    assert [b.name for b in find_blocks(["!mp4", ""])] == ["mp4"]  # known: an empty block


# --- directives ------------------------------------------------------------------


def test_optional_items_are_taken_when_they_look_like_themselves() -> None:
    video = parse("!mp4\n- options: no-loop, controls\n- images/a.mp4\n- images/p.jpg\n- 說明")
    assert video.options == {"no-loop", "controls"}
    assert video.paths == {"path": PurePosixPath("images/a.mp4"),
                           "poster": PurePosixPath("images/p.jpg")}
    assert video.text("caption") == "說明"
    plain = parse("!mp4\n- images/a.mp4\n- a caption with.jpg in it")
    assert plain.options == frozenset() and "poster" not in plain.paths
    assert plain.text("caption") == "a caption with.jpg in it"


def test_a_theme_can_be_pinned() -> None:
    assert parse("!mp4\n- options: controls\n- theme: light\n- a.mp4").text("theme") == "light"
    assert parse("!image\n- a.png").text("theme") is None


def test_image_paths_are_under_images_and_the_dark_flag_is_read() -> None:
    image = parse("!image\n- dark\n- manim/S.jpg\n- 圖\n- https://e.org/x\n- 來源")
    assert image.flag("dark") and image.paths["path"] == PurePosixPath("images/manim/S.jpg")
    assert (image.text("source_url"), image.text("source_name")) == ("https://e.org/x", "來源")


@pytest.mark.parametrize(("source", "line", "message"), [
    ("!gif\n- a.gif", 1, "unknown directive '!gif' (known: !explore, !image, !mp4, !quote)"),
    ("!quote", 1, "!quote needs a quotation, e.g. '- "),
    ("!image\n- dark", 1, "!image needs a path, e.g. '- manim/Scene.jpg'"),
    ("!mp4\n- options: loud\n- a.mp4", 2,
     f"unknown !mp4 option 'loud' (known: {MP4_OPTIONS})"),
    ("!mp4\n- images/a.gif", 2, "!mp4 cannot show 'images/a.gif' (expected .mp4)"),
    ("!image\n- a.png\n- c\n- ftp://x", 4, "the source URL is not an http(s) URL: ftp://x"),
    ("!quote\n- a\n- b\n- c", 4, "!quote takes at most: quotation, attribution"),
    ("!image\n- ../../x.png", 2, "path escapes the content folder: ../../x.png"),
    ("!mp4\n- /etc/a.mp4", 2, "path must be relative to content/: /etc/a.mp4"),
    ("!image\n- theme: sepia\n- a.png", 2, "unknown theme 'sepia' (known: dark, light)"),
    ("!explore\n- manim/S.jpg", 2, "unknown !explore figure 'manim/S.jpg' (known: matrix, "
     "hand_set, easy_one_layer, hard_one_layer, hard_two_linear, hard_relu)"),
    ("!explore\n- relu\n- manim/S.jpg", 2, "unknown !explore figure 'relu' (known: matrix,"),
    ("!explore\n- matrix", 1, "!explore needs a still, e.g. '- manim/Scene.jpg'"),
    ("!explore\n- matrix\n- manim/S.mp4", 3, "!explore cannot show 'manim/S.mp4' (expected "),
    ("!explore\n- matrix\n- start:\n- manim/S.jpg", 3,
     "!explore start: needs name=value pairs, e.g. 'start: W=[[1, 0], [0, 1]]'"),
    ("!explore\n- matrix\n- start: W\n- manim/S.jpg", 3,
     "!explore start: 'W' is not name=value, e.g. 'start: W=[[1, 0], [0, 1]]'"),
    ("!explore\n- matrix\n- start: b=[1, 2]\n- manim/S.jpg", 3,
     "!explore matrix takes no start value 'b' (it takes: W)"),
    ("!explore\n- hard_relu\n- start: W=[[1, 0], [0, 1]]\n- manim/S.jpg", 3,
     "!explore hard_relu takes no start value 'W' (it takes: W1, b1)"),
    ("!explore\n- matrix\n- start: W=[[1, 0]]\n- manim/S.jpg", 3,
     "start value W must be a 2x2 matrix, e.g. W=[[1, 0], [0, 1]] (got [[1, 0]])"),
    ("!explore\n- matrix\n- start: W=[[1, 0], [0, x]]\n- manim/S.jpg", 3,
     "start value W must be a 2x2 matrix, e.g. W=[[1, 0], [0, 1]] (got [[1, 0], [0, x]])"),
    ("!explore\n- matrix\n- start: W=[[1, 0], [0, 1], [2, 2]]\n- manim/S.jpg", 3,
     "start value W must be a 2x2 matrix"),
    ("!explore\n- easy_one_layer\n- start: threshold=[1]\n- manim/S.jpg", 3,
     "start value threshold must be a number, e.g. threshold=0.5 (got [1])"),
    ("!explore\n- easy_one_layer\n- start: threshold=True\n- manim/S.jpg", 3,
     "start value threshold must be a number"),
    ("!explore\n- easy_one_layer\n- start: b=[1e999]\n- manim/S.jpg", 3,
     "start value b must be a vector of 1, e.g. b=[0] (got [1e999])"),
    ("!explore\n- easy_one_layer\n- start: b=[−1]\n- manim/S.jpg", 3,
     "start value b must be a vector of 1"),
    ("!explore\n- matrix\n- start: W=[[1, 0], [0, 9]]\n- manim/S.jpg", 3,
     "start value W[1][1] = 9 is outside -2.5..2.5, what the figure shows"),
    ("!explore\n- easy_one_layer\n- start: threshold=-6.5\n- manim/S.jpg", 3,
     "start value threshold = -6.5 is outside -6..6"),
    ("!explore\n- hard_relu\n- start: b1=[0, 0], b1=[1, 1]\n- manim/S.jpg", 3,
     "start value 'b1' is given twice"),
    ("!explore\n- matrix\n- start: W=[[1, 0], [0, 1]\n- manim/S.jpg", 3,
     "!explore start: unbalanced '[' in W=[[1, 0], [0, 1]"),
    ("!explore\n- matrix\n- start: W=[[1, 0]], [0, 1]]\n- manim/S.jpg", 3,
     "!explore start: unbalanced ']' in W=[[1, 0]], [0, 1]]"),
    ("!explore\n- matrix\n- manim/S.jpg\n- 說明\n- 多的", 5,
     "!explore takes at most: figure, start, still, caption"),
])
def test_mistakes_name_their_line(source: str, line: int, message: str) -> None:
    with pytest.raises(SourceError) as raised:
        parse(source)
    assert raised.value.line == line
    assert raised.value.message.startswith(message)


def test_explore_reads_its_figure_start_values_still_and_caption() -> None:
    figure = parse("!explore\n- hard_relu\n- start: W1=[[1, -0.5], [0, 1]], b1=[-0, 2.5]\n"
                   "- manim/S.jpg\n- 拖曳看看")
    assert figure.text("figure") == "hard_relu"
    assert figure.numbers == {"W1": [[1.0, -0.5], [0.0, 1.0]], "b1": [0.0, 2.5]}
    assert str(figure.numbers["b1"][0]) == "0.0"  # -0 written is 0 meant
    assert figure.paths == {"still": PurePosixPath("images/manim/S.jpg")}
    assert figure.text("caption") == "拖曳看看"
    plain = parse("!explore\n- matrix\n- manim/S.jpg")
    assert plain.numbers == {} and plain.text("caption") is None
    numbers = parse("!explore\n- easy_one_layer\n- start: threshold=1, W=[[0.5, 2]]\n"
                    "- manim/S.jpg").numbers
    assert numbers == {"threshold": 1.0, "W": [[0.5, 2.0]]}


def test_every_explore_figure_and_value_is_in_the_reference() -> None:
    text = reference_text()
    for choice in DIRECTIVES["explore"].item("figure").choices:
        assert f"{choice.name}: {choice.description}" in text
        for value in choice.values:
            assert f"{value.name}={value.example}" in text and value.description in text


def test_item_kinds_are_declared_as_data() -> None:
    kinds = {item.kind for spec in DIRECTIVES.values() for item in spec.items}
    assert kinds == set(ItemKind)
    names = DIRECTIVES["mp4"].option_names  # in the order an error lists them
    assert names and len(set(names)) == len(names)


# --- header ----------------------------------------------------------------------


def test_bullet_header_becomes_meta_lines_line_for_line() -> None:
    text = "- title: 標題\n- tags: a, b\n\n- a list item: not header\n"
    assert bullet_header_to_meta(text) == "title: 標題\ntags: a, b\n\n- a list item: not header\n"
    mixed = "- title: 標題\nnot a field\n\nbody"
    assert bullet_header_to_meta(mixed) == mixed


def test_header_values_and_lines_in_either_style() -> None:
    for text in ("- date: 2020-01-01\n- Title: 標題\n\n正文",
                 "date: 2020-01-01\nTitle: 標題\n\n正文"):
        header = read_header(text)
        assert header.get("title") == "標題" and header.line_of("title") == 2
        assert header_line_of(text, "missing") == 1


def test_the_header_is_read_as_markdowns_meta_reads_it() -> None:
    # Once, for every reader: the plugin hands these values to Pelican as they are.
    header = read_header("---\nTitle: 標題\nTags: a\n    b\nNot a field\n\n正文")
    assert header.values == {"title": ["標題"], "tags": ["a", "b"]}
    assert header.lines == 4  # "---" and three lines; "Not a field" is the body's
    assert read_header("- title: 標題\n- tags: a\n\n正文").lines == 3
    assert read_header("正文，沒有標頭").lines == 0


@pytest.mark.parametrize(("text", "line"), [("- date: 2020-01-01\n\n正文", 1),
                                            ("- title: \n- date: 2020-01-01\n\n正文", 1),
                                            ("正文，沒有標頭", 1)])
def test_a_missing_title_stops_reading_before_any_render(tmp_path: Path, text: str,
                                                          line: int) -> None:
    article = tmp_path / "a.md"
    article.write_text(text + "\n\n!mp4\n- images/manim/Scene.mp4\n", encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        read_article(article)
    assert str(raised.value) == (f"{article}:{line}: the metadata header has no title "
                                 "(add '- title: ...')")
    assert requested_scene_files(tmp_path)[0] == []


# --- placeholders and heading ids -------------------------------------------------


def test_placeholder_path_and_spec() -> None:
    match = PLACEHOLDER.search("準確率 {{ hard_relu.accuracy : .0% }} 。")
    assert (match["path"], match["spec"]) == ("hard_relu.accuracy", ".0%")
    assert PLACEHOLDER.search("{{ x }}")["spec"] is None


def test_heading_ids_keep_the_text() -> None:
    assert heading_id("第一節：開始") == "第一節：開始"
    assert heading_id("  ReLU  與 矩陣 ", "_") == "ReLU_與_矩陣"


# --- whole articles --------------------------------------------------------------


def test_requested_scene_files_and_located_errors(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "images" / "manim").mkdir(parents=True)
    (content / "images" / "manim" / "Own.mp4").write_bytes(b"")  # a file, not a scene
    (content / "a.md").write_text(
        "- title: A\n- image: Cover.jpg\n\n!mp4\n- images/manim/S.mp4\n\n"
        "!mp4\n- images/manim/Own.mp4\n\n!image\n- manim/alias.jpg\n", encoding="utf-8")
    names, errors = requested_scene_files(content)
    assert (names, errors) == (["Cover.jpg", "S.mp4", "alias.jpg"], [])

    (content / "b.md").write_text("- title: B\n\n!mp4\n- options: loud\n- x.mp4\n",
                                  encoding="utf-8")
    names, errors = requested_scene_files(content)
    assert [str(error) for error in errors] == [
        f"{content / 'b.md'}:4: unknown !mp4 option 'loud' (known: {MP4_OPTIONS})"]
    with pytest.raises(SourceError):
        read_article(content / "b.md")
