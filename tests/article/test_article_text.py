"""Checks on the article's Markdown source, without building the site.

The article is written for readers in Taiwan and its numbers must come from the trained
networks, so these tests read the source text directly: length, Taiwan usage, Chinese
typography (full-width punctuation, spacing between CJK and Latin), that no accuracy or point
count is typed by hand, that every scene is used and captioned, and that every link resolves
either to a heading of the article or to an allow-listed https host.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest

from plugins.article_markdown.format import (
    HEADER_KEYS,
    PLACEHOLDER,
    ArticleSource,
    Directive,
    find_blocks,
    read_article,
)
from scenes.render.catalog import Catalog, read_catalog

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "content" / "articles" / "neural-networks-through-linear-algebra.md"
NETWORKS_JSON = ROOT / "scenes" / "data" / "networks.json"

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK}]")

MIN_CJK_CHARACTERS = 6000
# An upper bound as well, so the article stays "no longer than needed".
MAX_CJK_CHARACTERS = 12000

FLAGSHIP = "TwoLayersReLUInBetweenSolveHardTwoCurves"

# The article gives every header key the site knows a value.
REQUIRED_METADATA = tuple(key.name for key in HEADER_KEYS)
COVER_IMAGE = "CoverSymbolicTwoByThreeMatrixAndNN.jpg"

# Simplified characters and mainland terms, each with the word readers in Taiwan expect.
MAINLAND_TERMS = {
    "网络": "網路",
    "網絡": "網路",
    "数据": "資料",
    "數據": "資料",
    "神经网络": "神經網路",
    "神經網絡": "神經網路",
    "程序": "程式",
    "视频": "影片",
    "視頻": "影片",
    "质量": "品質",
    "質量": "品質",
    "代码": "程式碼",
    "代碼": "程式碼",
    "信息": "資訊",
    "默认": "預設",
    "默認": "預設",
    "优化": "最佳化",
    "優化": "最佳化",
    "屏幕": "螢幕",
    "軟件": "軟體",
    "硬件": "硬體",
    "内存": "記憶體",
    "內存": "記憶體",
    "鼠标": "滑鼠",
    "鼠標": "滑鼠",
    "模塊": "模組",
    "運行": "執行",
    "調用": "呼叫",
    "矢量": "向量",
}
# Characters that exist only in simplified Chinese: any of them means a stray paste.
SIMPLIFIED_ONLY = "网络数据这们个为学习练层线图与对观读写问题经设计说让进过还时"

ALLOWED_HOSTS = frozenset(
    {
        "zh.wikipedia.org",
        "en.wikipedia.org",
        "www.3blue1brown.com",
        "www.tensorflow.org",
        "playground.tensorflow.org",
        "keras.io",
        "pytorch.org",
        "docs.pytorch.org",
        "arxiv.org",
    }
)

# Words a caption uses to point the reader at something to watch for.
WATCH_WORDS = ("留意", "注意", "看")

LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\((?P<target>[^)]*)\)")
HEADING = re.compile(r"^(?P<hashes>#{2,3}) (?P<text>.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Media:
    """An !image or !mp4 of the article, with the scene it shows."""

    directive: Directive

    @property
    def kind(self) -> str:
        return self.directive.name

    @property
    def path(self) -> str:
        return self.directive.values["path"].text

    @property
    def caption(self) -> str | None:
        return self.directive.text("caption")

    @property
    def options(self) -> frozenset[str]:
        return self.directive.options

    @property
    def dark(self) -> bool:
        return self.directive.flag("dark")

    @property
    def scene(self) -> str:
        found = catalog().find(PurePosixPath(self.path).stem)
        return found.name if found else PurePosixPath(self.path).stem


@cache
def catalog() -> Catalog:
    return read_catalog(ROOT / "scenes")


@cache
def source() -> str:
    return ARTICLE.read_text(encoding="utf-8")


@cache
def article() -> ArticleSource:
    return read_article(ARTICLE)


def metadata() -> dict[str, str]:
    return {key: written.text for key, written in article().header.fields.items()}


def body() -> str:
    """The text after the header (after the first blank line)."""
    return source().partition("\n\n")[2]


def directives() -> tuple[Directive, ...]:
    return article().directives


def media() -> list[Media]:
    return [Media(directive) for directive in directives() if directive.name != "quote"]


def cover_scene() -> str:
    return catalog().find(PurePosixPath(metadata()["image"]).stem).name


def without_code(text: str) -> str:
    """Text with fenced code blocks removed and inline code replaced by a Latin token."""
    text = re.sub(r"^```.*?^```[ \t]*$", "", text, flags=re.MULTILINE | re.DOTALL)
    return re.sub(r"`[^`\n]+`", "CODE", text)


def without_math(text: str) -> str:
    """Text with display math removed and inline math replaced by a Latin token."""
    text = re.sub(r"\\begin\{align\*?\}.*?\\end\{align\*?\}", "", text, flags=re.DOTALL)
    text = re.sub(r"\$\$.*?\$\$", "", text, flags=re.DOTALL)
    return re.sub(r"\$[^$\n]+\$", "MATH", text)


def prose(placeholder: str = "0") -> str:
    """The body as a reader sees its words: no code, math, link targets or Markdown markers.

    Placeholders become ``placeholder``: a digit (the default) so spacing rules treat them as
    the numbers they will be, or an empty string to look only at what was typed.
    """
    text = without_math(without_code(body()))
    text = PLACEHOLDER.sub(placeholder, text)
    text = LINK.sub(lambda m: m["text"], text)
    text = re.sub(r"^#{2,3} ", "", text, flags=re.MULTILINE)
    return text.replace("**", "")


def line_of(text: str, position: int) -> str:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start : end if end != -1 else len(text)]


def offending_lines(pattern: re.Pattern[str], text: str) -> list[str]:
    return [f"{m.group()!r} in: {line_of(text, m.start())}" for m in pattern.finditer(text)]


# --------------------------------------------------------------------------- header


def test_header_has_every_required_key() -> None:
    missing = [key for key in REQUIRED_METADATA if not metadata().get(key)]
    assert not missing, f"metadata header lacks {missing}"


def test_header_slug_matches_file_name_and_cover_is_the_two_by_three_still() -> None:
    assert metadata()["slug"] == ARTICLE.stem
    assert metadata()["image"] == COVER_IMAGE


def test_header_date_and_tags_are_well_formed() -> None:
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?", metadata()["date"])
    tags = [tag.strip() for tag in metadata()["tags"].split(",")]
    assert len(tags) >= 2 and all(tags), tags


# --------------------------------------------------------------------------- length & usage


def test_article_has_at_least_6000_cjk_characters_and_is_not_padded() -> None:
    count = len(CJK_CHAR.findall(source()))
    assert count >= MIN_CJK_CHARACTERS, f"only {count} CJK characters"
    assert count <= MAX_CJK_CHARACTERS, f"{count} CJK characters: longer than needed"


@pytest.mark.parametrize(("term", "taiwan"), sorted(MAINLAND_TERMS.items()))
def test_no_mainland_term(term: str, taiwan: str) -> None:
    assert term not in source(), f"use {taiwan!r} instead of {term!r}"


def test_algorithm_is_written_the_taiwan_way() -> None:
    assert not re.search(r"(?<!演)算法", source()), "use 演算法, not 算法"


def test_no_simplified_only_characters() -> None:
    found = sorted({char for char in source() if char in SIMPLIFIED_ONLY})
    assert not found, f"simplified characters: {found}"


def test_key_terms_use_taiwan_wording() -> None:
    for term in ("神經網路", "資料", "程式碼", "矩陣", "向量"):
        assert term in source(), term


# --------------------------------------------------------------------------- typography


def checked_text() -> str:
    """Prose plus the header values a reader sees (tags are a comma list, so left out)."""
    shown = [value for key, value in metadata().items() if key in ("title", "summary")]
    shown.append(metadata()["description"])
    return "\n".join(shown) + "\n" + prose()


def test_no_ascii_punctuation_next_to_cjk() -> None:
    between = re.compile(f"[{CJK}][,.][{CJK}]")
    after = re.compile(f"[{CJK}][,.;:!?()]")
    before = re.compile(f"[(][{CJK}]")
    problems = [
        *offending_lines(between, checked_text()),
        *offending_lines(after, checked_text()),
        *offending_lines(before, checked_text()),
    ]
    assert not problems, "use full-width punctuation:\n" + "\n".join(problems)


def test_space_between_cjk_and_latin_or_digits() -> None:
    touching = re.compile(f"[{CJK}][A-Za-z0-9]|[A-Za-z0-9][{CJK}]")
    problems = offending_lines(touching, checked_text())
    assert not problems, "put a space between CJK and Latin:\n" + "\n".join(problems)


def test_space_around_placeholders_and_inline_math_in_the_source() -> None:
    # prose() already turns placeholders and math into Latin tokens; this checks the raw form
    # too, in case a token swallowed the space.
    raw = without_code(body())
    glued = re.compile(f"[{CJK}](?:\\{{\\{{|\\$)|(?:\\}}\\}}|(?<!\\$)\\$)[{CJK}]")
    problems = offending_lines(glued, raw)
    assert not problems, "\n".join(problems)


def test_typography_checks_catch_bad_text() -> None:
    # The checks above must be able to fail: run their patterns on known-bad samples.
    assert re.search(f"[{CJK}][,.][{CJK}]", "神經網路,線性代數")
    assert re.search(f"[{CJK}][A-Za-z0-9]|[A-Za-z0-9][{CJK}]", "用ReLU折")
    assert TYPED_NUMBER_PATTERNS[0].search("正確率 81%")


# --------------------------------------------------------------------------- numbers

TYPED_NUMBER_PATTERNS = (
    re.compile(r"\d+(?:\.\d+)?\s*[%％]"),
    re.compile(r"\d+\s*個(?:資料)?點"),
    re.compile(r"百分之"),
    re.compile(r"(?:正確率|準確率)\s*(?:是|為|只有|達到)?\s*\d"),
    re.compile(r"猜對了?\s*\d"),
    # A decimal in prose is a weight, bias or threshold; those come from networks.json.
    re.compile(r"(?<![\w.])\d+\.\d+"),
)


@pytest.mark.parametrize("pattern", TYPED_NUMBER_PATTERNS, ids=lambda p: p.pattern)
def test_no_typed_accuracy_count_or_weight(pattern: re.Pattern[str]) -> None:
    text = prose(placeholder="")
    problems = offending_lines(pattern, text)
    assert not problems, "use a {{ path:format }} placeholder:\n" + "\n".join(problems)


@cache
def networks() -> dict[str, object]:
    return json.loads(NETWORKS_JSON.read_text(encoding="utf-8"))


def resolve(path: str) -> object:
    value: object = networks()
    for part in path.split("."):
        if isinstance(value, list):
            value = value[int(part)]
        else:
            assert isinstance(value, dict), path
            value = value[part]
    return value


def placeholders() -> list[re.Match[str]]:
    return list(PLACEHOLDER.finditer(source()))


def test_article_uses_placeholders_for_every_network() -> None:
    used = {match["path"].split(".")[0] for match in placeholders()}
    assert used >= {"hand_set", "easy_one_layer", "hard_one_layer", "hard_two_linear", "hard_relu"}


@pytest.mark.parametrize("match", placeholders(), ids=lambda m: m.group().strip("{} "))
def test_placeholder_resolves_and_formats(match: re.Match[str]) -> None:
    try:
        value = resolve(match["path"])
    except (KeyError, IndexError, ValueError) as error:
        pytest.fail(f"{match.group()} is not a path into networks.json: {error!r}")
    assert isinstance(value, int | float) and not isinstance(value, bool), match.group()
    format(value, match["spec"] or "")


def test_placeholders_stay_out_of_math() -> None:
    # Math is rendered by KaTeX; keep substituted numbers in prose where their format is ours.
    text = without_code(body())
    maths = re.findall(r"\$\$.*?\$\$|\$[^$\n]+\$|\\begin\{align\}.*?\\end\{align\}", text, re.S)
    assert not [m for m in maths if "{{" in m]


def test_prose_agrees_with_the_stored_numbers() -> None:
    # The article explains *why* the weights look as they do; these are the facts it relies on.
    easy_w = resolve("easy_one_layer.layers.0.W.0")
    assert isinstance(easy_w, list)
    assert abs(easy_w[0]) < 0.05 < abs(easy_w[1]), "text says: only the height matters"
    assert resolve("easy_one_layer.accuracy") == 1.0, "text says: not a single mistake"
    assert resolve("hard_two_linear.correct") == resolve("hard_one_layer.correct")
    assert resolve("hard_relu.accuracy") == 1.0
    first = resolve("hard_relu.layers.0.W")
    assert isinstance(first, list)
    assert first[0][0] > 0 > first[1][0], "text says: one unit leans right, the other left"
    assert abs(first[0][1] - first[1][1]) < 0.2, "text says: same weight on the height"
    assert resolve("hand_set.layers.0.W.0") == [1.0, 1.0]
    assert resolve("hand_set.layers.0.b.0") == -2.0
    assert resolve("hard_relu.parameters") == 4 + 2 + 2 + 1


# --------------------------------------------------------------------------- directives


def test_every_scene_is_shown() -> None:
    # Every scene of scenes/ earns its place: shown by a directive, or the cover.
    shown = {item.scene for item in media()} | {cover_scene()}
    missing = sorted(set(catalog().scenes) - shown)
    assert not missing, f"scenes never shown: {missing}"


def test_header_lines_are_bullets() -> None:
    header = source().partition("\n\n")[0].splitlines()
    assert all(re.fullmatch(r"- \w+: .+", line) for line in header), header


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


# --------------------------------------------------------------------------- math & code


def test_code_blocks_name_their_language() -> None:
    fences = re.findall(r"^```(.*)$", body(), flags=re.MULTILINE)
    assert fences, "the article shows code"
    openings = fences[0::2]
    assert all(re.fullmatch(r"[a-z]+", lang) for lang in openings), openings


def test_article_uses_inline_and_display_math() -> None:
    text = without_code(body())
    assert re.search(r"\$\$.+?\$\$", text, re.S)
    assert "\\begin{align}" in text and "\\end{align}" in text
    assert re.search(r"(?<!\$)\$[^$\n]+\$(?!\$)", text)


def test_inline_dollars_are_balanced_in_every_paragraph() -> None:
    text = re.sub(r"\$\$.*?\$\$", "", without_code(body()), flags=re.S)
    for paragraph in text.split("\n\n"):
        assert paragraph.count("$") % 2 == 0, paragraph


def test_mnist_parameter_count_is_right() -> None:
    assert 784 * 128 + 128 + 128 * 10 + 10 == 101_770
    assert "101{,}770" in body() and "101,770" in body()


# --------------------------------------------------------------------------- links


def headings() -> list[str]:
    return [match["text"] for match in HEADING.finditer(without_code(body()))]


def links() -> list[re.Match[str]]:
    return list(LINK.finditer(without_math(without_code(body()))))


def test_in_page_links_point_at_existing_headings() -> None:
    internal = [m["target"][1:] for m in links() if m["target"].startswith("#")]
    assert len(internal) >= 2, "the article links to its own sections"
    for target in internal:
        assert target in headings(), f"#{target} matches no heading"
        assert not re.search(r"\s", target), f"#{target}: a link target cannot hold spaces"


def test_headings_are_unique() -> None:
    assert len(headings()) == len(set(headings()))


def test_external_links_are_https_to_allowed_hosts_and_well_formed() -> None:
    external = [m["target"] for m in links() if not m["target"].startswith("#")]
    assert external, "the article points readers to further material"
    for url in external:
        parts = urlsplit(url)
        assert parts.scheme == "https", url
        assert parts.hostname in ALLOWED_HOSTS, url
        assert re.fullmatch(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", url), f"not encoded: {url}"
        assert not re.search(r"%(?![0-9A-Fa-f]{2})", url), url
