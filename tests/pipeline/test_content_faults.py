"""Faults an author causes in content/ outside a directive: encodings, empty files, covers,
broken pictures, symbolic links and stray files. Each is a real build of the fixture site;
a refused build prints `path[:line]: reason`, exits 1 with no traceback, and leaves the last
good output/ byte for byte as it was."""

from __future__ import annotations

import codecs
import io
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from PIL import Image

from tests.paths import ROOT

from .conftest import FIXTURE, run_build, tree_digest

BODY = "第一段，有 **粗體** 與 $x^2$。\n\n## 一節\n\n第二段。\n\n!image\n- pixel.png\n- 圖說\n"


@pytest.fixture(scope="module")
def last_good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """output/ as the fixture site's good build left it."""
    root = tmp_path_factory.mktemp("good")
    shutil.copytree(FIXTURE, root / "content")
    result = run_build(root / "content", root / "output")
    assert result.returncode == 0, result.stderr
    return root / "output"


def project(tmp_path: Path, last_good_build: Path) -> tuple[Path, Path]:
    """A fresh content/ (the fixture) and a copy of the last good output/ beside it."""
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(FIXTURE, content)
    shutil.copytree(last_good_build, output)
    return content, output


def assert_refused(result: subprocess.CompletedProcess[str], message: str, output: Path,
                   before: str) -> None:
    assert result.returncode == 1, result.stderr
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert tree_digest(output) == before  # the last good build, byte for byte
    assert not [p for p in output.parent.iterdir() if p.name.startswith("output.")]  # no staging


def article_body(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return re.search(r'data-pagefind-body>(.*?)</div>\s*<footer', html, re.S).group(1)


def header(slug: str) -> str:
    return f"- title: 編碼\n- date: 2020-01-01\n- slug: {slug}"


def notebook_json(slug: str) -> str:
    book = new_notebook(cells=[
        new_markdown_cell(header(slug)), new_markdown_cell(BODY),
        new_code_cell("print(1)\nprint(2)", outputs=[new_output("stream", name="stdout",
                                                                 text="1\n2\n")])])
    return nbformat.writes(book)


def windows(text: str) -> bytes:
    """``text`` as a Windows editor saves it: a UTF-8 BOM and CRLF line endings."""
    return codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8")


def test_bom_and_crlf_build_like_plain_utf8(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    folder = content / "articles"
    (folder / "plain.md").write_text(f"{header('plain')}\n\n{BODY}", encoding="utf-8")
    (folder / "windows.md").write_bytes(windows(f"{header('windows')}\n\n{BODY}"))
    (folder / "plain-nb.ipynb").write_text(notebook_json("plain-nb"), encoding="utf-8")
    # CRLF both between the JSON's lines and inside its cells' strings.
    crlf_cells = notebook_json("windows-nb").replace("\\n", "\\r\\n")
    (folder / "windows-nb.ipynb").write_bytes(windows(crlf_cells))
    # A lone CR ends a line too (old Mac editors), as Python's universal newlines read it.
    (folder / "mac.md").write_bytes(f"{header('mac')}\n\n{BODY}".replace("\n", "\r").encode())

    result = run_build(content, tmp_path / "output")

    assert result.returncode == 0, result.stderr
    pages = {slug: article_body(tmp_path / "output" / f"{slug}.html")
             for slug in ("plain", "windows", "mac", "plain-nb", "windows-nb")}
    assert pages["windows"] == pages["plain"] == pages["mac"]
    assert pages["windows-nb"] == pages["plain-nb"]
    assert "\r" not in pages["windows"] + pages["windows-nb"]
    assert "<h2" in pages["windows"] and "\ufeff" not in pages["windows"]


def png(size: tuple[int, int] = (4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 20, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


HEAD = "- title: 壞\n- date: 2020-01-01\n- slug: broken\n"
CASES = {
    # name: (file name, bytes, message)
    "not-utf8": ("broken.md", (HEAD + "\n正文第一行\n中文 ").encode() + b"\xff\xfe\n",
                 "content/articles/broken.md:6: not UTF-8 (byte 0xff at column 4)"),
    "big5": ("broken.md", HEAD.encode() + "\n神經網路\n".encode("big5"),
             "content/articles/broken.md:5: not UTF-8 (byte 0xaf at column 1)"),
    "notebook-not-utf8": ("broken.ipynb", notebook_json("nb").replace("print(2)", "print(X)")
                          .encode().replace(b"print(X)", b"print(\xe9)"),
                          "content/articles/broken.ipynb:"),
    # A notebook cell's own line endings: its mistake is still found at its line.
    "notebook-cr-lines": ("broken.ipynb", nbformat.writes(new_notebook(cells=[
        new_markdown_cell(HEAD), new_markdown_cell(
            "一\r\r!mp4\r- options: loud\r- images/clip.mp4")])).encode(),
        "content/articles/broken.ipynb: cell 2, line 4: unknown !mp4 option 'loud'"),
    "empty": ("broken.md", b"", "content/articles/broken.md:1: the file is empty"),
    "blank": ("broken.md", b" \n\n\t\n", "content/articles/broken.md:1: the file is empty"),
    "empty-notebook": ("broken.ipynb", b"", "content/articles/broken.ipynb:1: the file is empty"),
    "header-only": ("broken.md", HEAD.encode(), "content/articles/broken.md:4: the article has a "
                    "header and nothing else: write its text after a blank line"),
    "header-only-notebook": (
        "broken.ipynb", nbformat.writes(new_notebook(cells=[new_markdown_cell(HEAD)])).encode(),
        "content/articles/broken.ipynb: cell 1, line 3: the article has a header and nothing "
        "else"),
    "cover-missing": ("broken.md", (HEAD + "- image: nothing.png\n\n正文\n").encode(),
                      "content/articles/broken.md:4: cover image 'nothing.png': "),
    "cover-escapes": ("broken.md", (HEAD + "- image: ../../etc/passwd\n\n正文\n").encode(),
                      "content/articles/broken.md:4: cover image '../../etc/passwd': path "
                      "escapes the content folder"),
    "cover-unreadable": ("broken.md", (HEAD + "- image: broken.png\n\n正文\n").encode(),
                         "content/articles/broken.md:4: images/broken.png is not a readable "
                         "picture (not a picture format Pillow knows)"),
    "picture-truncated": ("broken.md", (HEAD + "\n正文\n\n!image\n- cut.png\n").encode(),
                          "content/articles/broken.md:8: images/cut.png is not a readable "
                          "picture"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_file_that_cannot_be_an_article_is_refused(case: str, tmp_path: Path,
                                                     last_good_build: Path) -> None:
    name, data, message = CASES[case]
    content, output = project(tmp_path, last_good_build)
    (content / "articles" / name).write_bytes(data)
    (content / "images" / "broken.png").write_bytes(b"this is no picture")
    (content / "images" / "cut.png").write_bytes(png((64, 64))[:60])
    before = tree_digest(output)

    assert_refused(run_build(content, output), message, output, before)


def test_symbolic_links_out_of_content_are_refused_never_followed(
        tmp_path: Path, last_good_build: Path) -> None:
    content, output = project(tmp_path, last_good_build)
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "shadow").write_text("root:secret", encoding="utf-8")
    images = content / "images"
    (images / "etc").symlink_to(secrets)                    # a folder, used by no page
    (images / "key.png").symlink_to(secrets / "shadow")     # a file
    (images / "gone.png").symlink_to(images / "nothing")    # points at nothing
    (images / "loop").symlink_to(images)                    # a folder holding itself
    before = tree_digest(output)

    result = run_build(content, output)

    assert_refused(result, "content/images/etc: a symbolic link to ", output, before)
    for name in ("etc", "key.png"):
        assert (f"content/images/{name}: a symbolic link to {secrets}"
                ) in result.stderr, result.stderr
    assert "outside the content folder: refused, never followed" in result.stderr
    assert "content/images/gone.png: a symbolic link to " in result.stderr
    assert "which does not exist" in result.stderr
    assert "content/images/loop: a symbolic link to " in result.stderr
    assert "a folder that holds it: a loop" in result.stderr
    assert "root:secret" not in result.stderr + result.stdout


def test_only_files_a_page_uses_are_shipped(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    images = content / "images"
    (images / "notes.txt").write_text("a draft's leftovers", encoding="utf-8")
    (images / "unused.png").write_bytes(png())
    (images / "cover.png").write_bytes(png((40, 30)))
    (images / "raw").mkdir()
    (images / "raw" / "inline.png").write_bytes(png())
    (images / "linked.png").symlink_to(images / "pixel.png")  # a link inside content/: fine
    (content / "articles" / "uses.md").write_text(
        "- title: 用到的檔案\n- date: 2020-01-02\n- slug: uses\n- image: cover.png\n\n"
        '正文。\n\n<p><img src="images/raw/inline.png" alt="原始 HTML"></p>\n\n'
        "!image\n- linked.png\n", encoding="utf-8")

    result = run_build(content, tmp_path / "output")

    assert result.returncode == 0, result.stderr
    shipped = sorted(p.relative_to(tmp_path / "output" / "images").as_posix()
                     for p in (tmp_path / "output" / "images").rglob("*") if p.is_file())
    assert shipped == ["clip.mp4", "cover-1200x630.jpg", "cover.png", "linked.png", "pixel.png",
                       "raw/inline.png"]
    assert (tmp_path / "output" / "images" / "linked.png").read_bytes() == \
        (images / "pixel.png").read_bytes()


def test_the_project_content_has_no_link_out(tmp_path: Path) -> None:
    from pipeline.content_checks import links_leaving_content

    assert links_leaving_content(ROOT / "content") == []
