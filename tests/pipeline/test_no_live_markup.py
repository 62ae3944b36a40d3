"""Nothing an author writes runs as script on the site: header fields are escaped on every
page and feed, raw HTML and a notebook's HTML are sanitized (nh3), and a script URL or an
event handler written in Markdown, an empty tag slug, a bad slug or lang, an SVG output that
could run script and a JavaScript-only output stop the build with `path:line: reason`.
Checked on real Pelican builds (publish settings: feeds included)."""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from PIL import Image

from .conftest import FIXTURE, ROOT

ATTACK_HEADER = (
    "- title: <script>alert('title')</script>標題 \"><img src=x onerror=alert('t2')>\n"
    "- date: 2030-01-02\n- slug: attack\n"
    "- tags: <script>alert('tag')</script>標籤, \"><img src=x onerror=alert('tag2')>x\n"
    "- summary: 摘要<script>alert('summary')</script> <img src=x onerror=alert('s2')>\n"
    "- description: \"><script>alert('description')</script>\n"
    "- category: <b onmouseover=alert('category')>分類</b>\n"
    "- author: <i>作者</i><script>alert('author')</script>\n")
# Raw HTML in every spelling of a script URL, event handlers, and elements that run script.
RAW_HTML = """
段落 <kbd>Ctrl</kbd>，<span onclick="alert('inline')" class="keep">字</span>，
<a href='JaVaScRiPt:alert(1)'>大小寫</a>，<img src=x onerror=alert(2)>。

<script>alert('block')</script>

<div class="box" onmouseover="alert(3)" style="position:fixed">
<p><a href="&#106;avascript:alert(4)">實體</a> <a href="  javascript:alert(5)">空白</a>
<a href="java&#9;script:alert(6)">定位字元</a> <a href="jav&#x0A;ascript:alert(7)">換行</a>
<a href="https://example.org/ok">好連結</a></p>
<iframe src="javascript:alert(8)"></iframe>
<iframe src=" JAVASCRIPT:alert(9)" srcdoc="<script>alert(10)</script>"></iframe>
<svg><script>alert(11)</script><a xlink:href="javascript:alert(12)"><text>t</text></a></svg>
<object data="javascript:alert(13)"></object><form action="javascript:alert(14)"></form>
</div>

<table><tr><td>表格留下</td></tr></table>
"""
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
# The theme's own inline script (base.html): the saved colour mode and choice of stills.
THEME_SCRIPT = re.compile(r"^\(function\(d\)\{var t,s;try\{t=localStorage")


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def notebook() -> str:
    book = new_notebook(cells=[
        new_markdown_cell("- title: 筆記本輸出\n- date: 2030-01-01\n- slug: outputs"),
        new_markdown_cell("筆記本的輸出。"),
        new_code_cell("df", outputs=[new_output("display_data", data={"text/html": (
            '<table class="dataframe" onclick="alert(20)"><tr><td>資料表</td></tr></table>'
            "<script>alert(21)</script><img src=x onerror=alert(22)>")})]),
        # Unbalanced HTML: it must not close the boxes around it.
        new_code_cell("broken()", outputs=[new_output("display_data", data={
            "text/html": "</div></div></div><p>之後</p><div>"})]),
        new_code_cell("Javascript('x')", outputs=[new_output("display_data", data={
            "application/javascript": "alert(23)", "text/plain": "<Javascript object>"})]),
        # A PNG as Jupyter stores it: base64 wrapped in lines, with a newline at the end.
        new_code_cell("png", outputs=[new_output("display_data", data={"image/png": "\n".join(
            textwrap.wrap(base64.b64encode(png_bytes()).decode(), 76)) + "\n"})]),
        new_code_cell("plot", outputs=[new_output("display_data", data={"image/svg+xml": (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/'
            'xlink" width="4" height="4"><style>*{stroke:black}</style><defs><path id="p" '
            'd="M0 0L4 4"/></defs><use xlink:href="#p"/></svg>')})]),
    ])
    return nbformat.writes(book)


def build(content: Path, output: Path, settings: str = "pelicanconf.py"
          ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.build", "--content", str(content), "--output",
         str(output), "--quality", "test", "--settings", str(ROOT / settings)],
        cwd=content.parent, capture_output=True, text=True, timeout=180,
        env={**os.environ, "COLUMNS": "250", "SITEURL": "https://example.org/site"})


class _LiveMarkup(HTMLParser):
    """What in a page could run script: script elements (beside the theme's own), event
    handlers, and URLs with a script scheme, read as a browser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            # Browsers drop tabs and newlines from URLs and trim spaces and controls.
            url = re.sub(r"[\t\n\r]", "", value or "").strip(_C0_AND_SPACE).lower()
            if name.startswith("on") or name == "srcdoc":
                self.found.append(f"<{tag} {name}={value!r}>")
            elif url.startswith(("javascript:", "vbscript:", "data:text")):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            source = dict(attrs).get("src") or ""
            if source and not source.endswith(("theme/js/theme.js", "theme/js/transcript.js",
                                               "theme/js/video.js", "pagefind-ui.js")):
                self.found.append(f"<script src={source!r}>")
            self._in_script = not source
        if tag in ("iframe", "object", "embed", "form"):
            self.found.append(f"<{tag}>")

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip() and not THEME_SCRIPT.match(data.strip()):
            self.found.append(f"<script>{data[:40]}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False


def live_markup(html: str) -> list[str]:
    parser = _LiveMarkup()
    parser.feed(html)
    return parser.found


@pytest.fixture(scope="module")
def attacked_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site plus an article full of attacks and a notebook, built to publish."""
    root = tmp_path_factory.mktemp("attacked")
    content = root / "content"
    shutil.copytree(FIXTURE, content)
    (content / "articles" / "attack.md").write_text(ATTACK_HEADER + "\n正文。\n" + RAW_HTML,
                                                     encoding="utf-8")
    (content / "articles" / "outputs.ipynb").write_text(notebook(), encoding="utf-8")
    result = build(content, root / "output", "publishconf.py")
    assert result.returncode == 0, result.stderr
    return root / "output"


def test_no_page_or_feed_holds_live_markup(attacked_site: Path) -> None:
    pages = sorted(attacked_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        assert live_markup(page.read_text(encoding="utf-8")) == [], page.name
    # Feeds carry HTML as escaped text (Atom's type="html", RSS's description), which feed
    # readers show as HTML; other elements are plain text, escaped for XML.
    html_elements = 0
    for feed in sorted((attacked_site / "feeds").glob("*.xml")):
        for element in ElementTree.parse(feed).iter():
            if element.get("type") == "html" or element.tag == "description":
                html_elements += 1
                assert live_markup(element.text or "") == [], f"{feed.name}: {element.tag}"
    assert html_elements > 4


def test_header_fields_are_escaped_where_they_appear(attacked_site: Path) -> None:
    title = "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;標題"
    article = (attacked_site / "attack.html").read_text(encoding="utf-8")
    assert f'<h1 class="article__title p-name">{title}' in article
    assert re.search(r"<title>alert\(&#39;title&#39;\)標題 &#34;&gt;｜", article), \
        re.search(r"<title>.*</title>", article).group(0)
    assert '<meta property="og:title" content="alert(&#39;title&#39;)標題 &#34;&gt;">' \
        in article
    tag = "&lt;script&gt;alert(&#39;tag&#39;)&lt;/script&gt;標籤"
    assert f">{tag}</a>" in article
    assert f'<meta property="article:tag" content="{tag}">' in article
    # Lists, tag and category pages, the neighbour's link to it: the same escaped title.
    # outputs.html: the older neighbour, linking to it as "next".
    for listing in ("index.html", "archives.html", "tags.html", "outputs.html"):
        text = (attacked_site / listing).read_text(encoding="utf-8")
        assert title in text or tag in text, listing
    tag_pages = [p for p in (attacked_site / "tag").glob("*.html") if tag in p.read_text()]
    assert tag_pages and title in tag_pages[0].read_text(encoding="utf-8")
    assert "&lt;b onmouseover=alert(&#39;category&#39;)&gt;分類&lt;/b&gt;" in \
        (attacked_site / "categories.html").read_text(encoding="utf-8")
    atom = (attacked_site / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "<title>alert('title')標題 \"&gt;</title>" in atom


def test_raw_html_is_sanitized_and_kept(attacked_site: Path) -> None:
    body = (attacked_site / "attack.html").read_text(encoding="utf-8")
    assert '<kbd>Ctrl</kbd>' in body and '<span class="keep">字</span>' in body
    assert '<a href="https://example.org/ok">好連結</a>' in body
    assert "<td>表格留下</td>" in body and '<div class="box">' in body
    assert "alert(" not in body.split('data-pagefind-body>')[1].split("</footer>")[0]


def test_notebook_outputs_never_run(attacked_site: Path) -> None:
    page = (attacked_site / "outputs.html").read_text(encoding="utf-8")
    assert '<div class="output output--html">' in page
    assert '<table class="dataframe"><tbody><tr><td>資料表</td></tr></tbody></table>' in page
    assert "alert(2" not in page and "&lt;Javascript object&gt;" in page
    assert '<div class="output output--html">\n<p>之後</p><div></div>\n</div>' in page
    [svg] = (attacked_site / "images" / "notebooks" / "outputs").glob("*.svg")
    [png] = (attacked_site / "images" / "notebooks" / "outputs").glob("*.png")
    assert png.read_bytes() == png_bytes()
    assert b"<use xlink:href=\"#p\"/>" in svg.read_bytes()


HEAD = "- title: 壞\n- date: 2020-01-01\n- slug: broken\n"
REFUSED = {
    "markdown-link": (HEAD + "\n一\n\n看 [這裡](javascript:alert(1))。\n", 7,
                      "script URL 'javascript:alert(1)' in href"),
    "mixed-case": (HEAD + "\n看 [這裡](JaVaScRiPt:alert(1))。\n", 5, "script URL"),
    "entity": (HEAD + "\n看 [這裡](&#106;avascript:alert(1))。\n", 5,
               "script URL '&#106;avascript:alert(1)' in href"),
    "tab-entity": (HEAD + "\n看 [這裡](jav&#x09;ascript:alert(1))。\n", 5, "script URL"),
    "data-url": (HEAD + "\n看 [這裡](data:text/html;base64,PHNjcmlwdD4=)。\n", 5, "script URL"),
    "image-source": (HEAD + "\n![圖](javascript:alert(1))\n", 5,
                     "script URL 'javascript:alert(1)' in src"),
    "caption-link": (HEAD + "\n一\n\n!image\n- pixel.png\n- 圖說 [連結](javascript:alert(1))\n",
                     9, "script URL"),
    "attr-list-handler": (HEAD + "\n## 標題 {: onclick=\"alert(1)\" }\n", 5,
                          "attribute onclick=\"alert(1)\" would run script on the page"),
    "summary-link": (HEAD + "- summary: 見 [x](javascript:alert(1))\n\n正文\n", 4,
                     "script URL 'javascript:alert(1)' in href"),
    "empty-tag-slug": (HEAD + "- tags: 好, \"><img src=x onerror=alert(1)>\n\n正文\n", 4,
                       "tag '\"><img src=x onerror=alert(1)>' has no letter or digit to name "
                       "its page by (its URL would be tag/.html)"),
    "empty-category-slug": (HEAD + "- category: ???\n\n正文\n", 4,
                            "category '???' has no letter or digit"),
    "bad-slug": (HEAD.replace("slug: broken", "slug: \"><script>x") + "\n正文\n", 3,
                 "slug '\"><script>x' is not a file name"),
    "path-slug": (HEAD.replace("slug: broken", "slug: ../../x") + "\n正文\n", 3,
                  "slug '../../x' is not a file name"),
    "bad-lang": (HEAD + "- lang: en\"><script>alert(1)</script>\n\n正文\n", 4,
                 "lang 'en\"><script>alert(1)</script>' is not a language tag"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_script_in_markdown_or_a_bad_name_is_refused(case: str, tmp_path: Path) -> None:
    body, line, message = REFUSED[case]
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    (content / "articles" / "broken.md").write_text(body, encoding="utf-8")
    result = build(content, tmp_path / "output")
    assert result.returncode == 1, result.stderr
    assert f"content/articles/broken.md:{line}: {message}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "output").exists()


def code_output(data: dict[str, str]) -> str:
    return nbformat.writes(new_notebook(cells=[
        new_markdown_cell(HEAD), new_markdown_cell("正文"),
        new_code_cell("x = 1"), new_code_cell("show()", outputs=[
            new_output("display_data", data={"text/plain": "1"}),
            new_output("display_data", data=data)])]))


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">{}</svg>'
NOTEBOOK_REFUSED = {
    "svg-script": ({"image/svg+xml": SVG.format("<script>alert(1)</script>")},
                   "output 2 is an SVG picture that could run script (it holds a <script> "
                   "element): save the figure as PNG, or clear the output"),
    "svg-handler": ({"image/svg+xml": SVG.format('<rect onload="alert(1)"/>')},
                    "it holds an event handler, onload="),
    "svg-foreign": ({"image/svg+xml": SVG.format("<foreignObject><p>x</p></foreignObject>")},
                    "it holds a <foreignobject> element"),
    "svg-link": ({"image/svg+xml": SVG.format('<a href="javascript:alert(1)"><text>t</text>'
                                              '</a>')}, "it links to or loads 'javascript:"),
    "png-not-base64": ({"image/png": "not base64 at all!"},
                       "output 2 is not a readable image/png picture"),
    "png-not-a-picture": ({"image/png": "bm90IGEgcGljdHVyZQ=="},
                          "output 2 is not a readable image/png picture (cannot identify"),
    "javascript-only": ({"application/javascript": "alert(1)"},
                        "output 2 is JavaScript (application/javascript), which a page never "
                        "runs"),
}


@pytest.mark.parametrize("case", list(NOTEBOOK_REFUSED))
def test_a_notebook_output_that_would_run_script_is_refused(case: str, tmp_path: Path) -> None:
    data, message = NOTEBOOK_REFUSED[case]
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    (content / "articles" / "book.ipynb").write_text(code_output(data), encoding="utf-8")
    result = build(content, tmp_path / "output")
    assert result.returncode == 1, result.stderr
    assert "content/articles/book.ipynb: cell 4: output 2 is " in result.stderr, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
