"""The article's source, read once for every test of tests/content: through the format module
(header, directives), with the helpers that strip code and math to leave the prose.

The article is written for readers in Taiwan and its numbers must come from the trained
networks, so its tests read the source text directly, without building the site.
"""


from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import PurePosixPath

from plugins.article_markdown.format import (
    HEADER_KEYS,
    PLACEHOLDER,
    ArticleSource,
    Directive,
    read_article,
)
from scenes.render.catalog import Catalog, read_catalog
from tests.paths import ROOT as PROJECT_ROOT

ROOT = PROJECT_ROOT
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
    """The article's pictures and videos (``!image``, ``!mp4``)."""
    return [Media(directive) for directive in directives() if directive.name in ("image", "mp4")]


@dataclass(frozen=True)
class Explorable:
    """An !explore figure of the article, with the scene whose still stands in for it."""

    directive: Directive

    @property
    def figure(self) -> str:
        return str(self.directive.text("figure"))

    @property
    def still(self) -> str:
        return self.directive.values["still"].text

    @property
    def caption(self) -> str | None:
        return self.directive.text("caption")

    @property
    def scene(self) -> str:
        found = catalog().find(PurePosixPath(self.still).stem)
        return found.name if found else PurePosixPath(self.still).stem


def explorables() -> list[Explorable]:
    return [Explorable(directive) for directive in directives() if directive.name == "explore"]


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


def checked_text() -> str:
    """Prose plus the header values a reader sees (tags are a comma list, so left out)."""
    shown = [value for key, value in metadata().items() if key in ("title", "summary")]
    shown.append(metadata()["description"])
    return "\n".join(shown) + "\n" + prose()


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


def headings() -> list[str]:
    return [match["text"] for match in HEADING.finditer(without_code(body()))]


def links() -> list[re.Match[str]]:
    return list(LINK.finditer(without_math(without_code(body()))))


TYPED_NUMBER_PATTERNS = (
    re.compile(r"\d+(?:\.\d+)?\s*[%％]"),
    re.compile(r"\d+\s*個(?:資料)?點"),
    re.compile(r"百分之"),
    re.compile(r"(?:正確率|準確率)\s*(?:是|為|只有|達到)?\s*\d"),
    re.compile(r"猜對了?\s*\d"),
    # A decimal in prose is a weight, bias or threshold; those come from networks.json.
    re.compile(r"(?<![\w.])\d+\.\d+"),
)
