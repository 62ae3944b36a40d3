"""Notebook articles and articles wherever authors put them, built for real."""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from PIL import Image

from plugins.article_markdown.notebook import notebook_source
from tests.paths import ROOT as PROJECT_ROOT

ROOT = PROJECT_ROOT
FIXTURE = ROOT / "tests" / "fixtures" / "site"

HEADER = "- title: 筆記本文章\n- date: 2020-03-03\n- slug: {slug}\n- tags: Jupyter"
PROSE = ("正確率 {{ hard_relu.accuracy:.0% }}，行內數學 $x^2$。\n\n"
         "!mp4\n- options: controls\n- images/clip.mp4\n- 一段影片")


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (12, 8), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def notebook(slug: str) -> nbformat.NotebookNode:
    """A notebook with a header cell, prose with a directive, code, text and a picture."""
    code = new_code_cell("import numpy as np\nprint(np.eye(2))", outputs=[
        new_output("stream", name="stdout", text="[[1. 0.]\n [0. 1.]]\n"),
        new_output("execute_result", data={"text/plain": "42"}, execution_count=1),
        new_output("display_data", data={"image/png": base64.b64encode(png_bytes()).decode(),
                                         "text/plain": "<Figure>"}),
    ])
    cells = [new_markdown_cell(HEADER.format(slug=slug)), new_markdown_cell(PROSE), code]
    book = new_notebook(cells=cells)
    book.metadata["language_info"] = {"name": "python"}
    return book


def build(content: Path, output: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.build", "--content", str(content),
         "--output", str(output), "--quality", "test"],
        cwd=content.parent, capture_output=True, text=True, timeout=180,
        env={**os.environ, "COLUMNS": "200"},
    )


def article_body(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return re.search(r'<div class="article__content e-content"[^>]*>(.*?)</div>\s*<footer',
                     html, re.S).group(1)


def test_a_notebook_and_the_same_markdown_build_to_the_same_body(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    # The notebook sits in the content folder's root, where Pelican looks by default.
    nbformat.write(notebook("twin"), content / "twin.ipynb")
    written = notebook_source(content / "twin.ipynb")
    [(picture, data)] = written.pictures.items()
    # The Markdown twin: the same text, the picture as a file of content/.
    markdown_content = tmp_path / "markdown-content"
    shutil.copytree(FIXTURE, markdown_content)
    (markdown_content / "twin.md").write_text(written.text, encoding="utf-8")
    (markdown_content / picture).parent.mkdir(parents=True)
    (markdown_content / picture).write_bytes(data)

    for folder in (content, markdown_content):
        result = build(folder, folder.with_name(folder.name + "-out"))
        assert result.returncode == 0, result.stderr
    from_notebook = article_body(tmp_path / "content-out" / "twin.html")
    from_markdown = article_body(tmp_path / "markdown-content-out" / "twin.html")
    assert from_notebook == from_markdown

    # What a reader sees: highlighted source, outputs as text, the picture, numbers, math.
    assert '<span class="kn">import</span>' in from_notebook
    assert from_notebook.count('<div class="output highlight">') == 2
    assert "[[1. 0.]" in from_notebook and "42" in from_notebook
    assert f'src="./images/notebooks/twin/{picture.name}"' in from_notebook
    assert (tmp_path / "content-out" / picture).read_bytes() == data
    assert "100%" in from_notebook and 'class="katex"' in from_notebook
    assert "{{" not in from_notebook


def test_a_mistake_in_a_notebook_names_its_cell_and_line(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    book = notebook("broken")
    book.cells[1].source = "第一行\n\n!mp4\n- options: loud\n- images/clip.mp4"
    nbformat.write(book, content / "broken.ipynb")
    result = build(content, tmp_path / "output")
    assert result.returncode == 1
    assert ("content/broken.ipynb: cell 2, line 4: unknown !mp4 option 'loud'"
            in result.stderr), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "output").exists()


def test_a_later_mistake_found_by_markdown_also_names_its_cell(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    book = notebook("late")
    book.cells[1].source = "一\n\n數字 {{ hard_relu.nope }}"
    nbformat.write(book, content / "late.ipynb")
    result = build(content, tmp_path / "output")
    assert result.returncode == 1
    assert "content/late.ipynb: cell 2, line 3: no stored figure 'hard_relu.nope'" \
        in result.stderr, result.stderr


def test_a_notebook_must_open_with_its_header_cell(tmp_path: Path) -> None:
    book = notebook("x")
    book.cells.insert(0, new_code_cell("1 + 1"))
    path = tmp_path / "x.ipynb"
    nbformat.write(book, path)
    from plugins.article_markdown.errors import SourceError

    with pytest.raises(SourceError, match="starts with a Markdown cell"):
        notebook_source(path)


def test_files_pelican_would_not_read_stop_the_build(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    (content / "root.md").write_text("- title: 根目錄的文章\n- date: 2020-01-01\n\n正文\n",
                                     encoding="utf-8")
    settings = tmp_path / "narrow.py"
    settings.write_text("from pelicanconf import *  # noqa\nimport sys\n"
                        "ARTICLE_PATHS = ['articles']\n", encoding="utf-8")
    # With Pelican's default (and ours), an article in the root is an article.
    result = build(content, tmp_path / "output")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "output" / "root.html").is_file() or \
        list((tmp_path / "output").glob("*.html"))
    assert "根目錄的文章" in "".join(p.read_text() for p in (tmp_path / "output").glob("*.html"))

    # Settings that leave it out make the build say so, naming the file.
    narrowed = subprocess.run(
        [sys.executable, "-m", "pipeline.build", "--content", str(content), "--output",
         str(tmp_path / "output2"), "--quality", "test", "--settings", str(settings)],
        cwd=tmp_path, capture_output=True, text=True, timeout=180,
        env={**os.environ, "COLUMNS": "250", "PYTHONPATH": str(ROOT)})
    assert narrowed.returncode == 1
    assert "content/root.md: Pelican would not read this file: it is outside ARTICLE_PATHS" \
        in narrowed.stderr, narrowed.stderr


def test_an_empty_content_folder_is_not_a_silent_empty_site(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    result = build(content, tmp_path / "output")
    assert result.returncode == 1
    assert "content: no article here: write one as a .md or .ipynb file" in result.stderr
