"""Every author mistake stops `make html` with `path:line: message`, no traceback,
a non-zero status and the previous output untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plugins.article_markdown.format import DIRECTIVES
from tests.paths import ROOT as PROJECT_ROOT
from tests.pipeline.conftest import run_build

ROOT = PROJECT_ROOT
FIXTURE = ROOT / "tests" / "fixtures" / "site"

GOOD_HEADER = "- title: 壞掉的文章\n- date: 2020-01-01\n- slug: broken\n\n"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (GOOD_HEADER + "段落\n\n!gif\n- a.gif\n", 7, "unknown directive '!gif'"),
        (GOOD_HEADER + "!mp4\n", 5, "!mp4 needs a path"),
        (GOOD_HEADER + "!mp4\n- options: no-loop, loud\n- images/clip.mp4\n", 6,
         f"unknown !mp4 option 'loud' (known: {', '.join(DIRECTIVES['mp4'].option_names)})"),
        (GOOD_HEADER + "!image\n- nothing-here.png\n", 6,
         "no such file: nothing-here.png (looked for content/images/nothing-here.png)"),
        (GOOD_HEADER + "!mp4\n- ../secret.mp4\n", 6, "path escapes the content folder"),
        (GOOD_HEADER + "!mp4\n- /etc/clip.mp4\n", 6, "path must be relative to content/"),
        (GOOD_HEADER + "!mp4\n- images/manim/NoSuchScene.mp4\n", 6,
         "images/manim/NoSuchScene.mp4: no file of that name, and 'NoSuchScene' names no "
         "Manim scene in scenes/"),
        ("- date: 2020-01-01\n- slug: broken\n\n正文\n", 1,
         "the metadata header has no title"),
        (GOOD_HEADER + "看[這裡](#不存在的標題)。\n\n## 標題\n", 5,
         "in-page link '#不存在的標題' matches no heading"),
        (GOOD_HEADER + "準確率 {{ hard_relu.nope }}\n", 5, "no stored figure 'hard_relu.nope'"),
        (GOOD_HEADER + "一\n\n見 [維基](https//en.wikipedia.org/wiki/Matrix)\n", 7,
         "malformed external link 'https//en.wikipedia.org/wiki/Matrix'"),
        (GOOD_HEADER + "見 [維基](htps://en.wikipedia.org)\n", 5,
         "malformed external link 'htps://en.wikipedia.org'"),
        (GOOD_HEADER + "\n\n算式 $\\frac{1}{$ 壞了\n", 7, "math error in $\\frac{1}{$"),
        (GOOD_HEADER + "!mp4\n- theme: sepia\n- images/clip.mp4\n", 6,
         "unknown theme 'sepia' (known: dark, light)"),
        (GOOD_HEADER + "!explore\n- relu_net\n- pixel.png\n", 6,
         "unknown !explore figure 'relu_net' (known: matrix, hand_set, easy_one_layer, "
         "hard_one_layer, hard_two_linear, hard_relu)"),
        (GOOD_HEADER + "!explore\n- hard_relu\n- start: W1=[[1, 0], [0, 7]]\n- pixel.png\n",
         7, "start value W1[1][1] = 7 is outside -3..3, what the figure shows"),
        (GOOD_HEADER + "!explore\n- matrix\n- start: W=[1, 0]\n- pixel.png\n", 7,
         "start value W must be a 2x2 matrix, e.g. W=[[1, 0], [0, 1]] (got [1, 0])"),
        (GOOD_HEADER + "!explore\n- easy_one_layer\n- start: W1=[[1, 0]]\n- pixel.png\n", 7,
         "!explore easy_one_layer takes no start value 'W1' (it takes: W, b, threshold)"),
        (GOOD_HEADER + "!explore\n- matrix\n- images/manim/NoSuchScene.jpg\n", 7,
         "no such file: images/manim/NoSuchScene.jpg"),
    ],
    ids=["unknown-directive", "no-path", "unknown-option", "missing-file", "escapes-up",
         "absolute", "unknown-scene", "no-title", "dangling-link", "unknown-figure",
         "link-without-colon", "link-bad-scheme",
         "bad-math", "unknown-theme", "explore-unknown-figure", "explore-start-out-of-range",
         "explore-start-shape", "explore-start-name", "explore-missing-still"],
)
def test_error_message(tmp_path: Path, body: str, line: int, message: str) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    (content / "articles" / "broken.md").write_text(body, encoding="utf-8")
    output = tmp_path / "output"
    output.mkdir()
    (output / "previous.html").write_text("the last good build", encoding="utf-8")

    result = run_build(content, output)

    assert result.returncode == 1, result.stderr
    assert f"content/articles/broken.md:{line}: {message}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    # Nothing half-written: the old output as it was, no staging folder left behind.
    assert sorted(p.name for p in output.iterdir()) == ["previous.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "output"]


def test_a_good_build_replaces_the_output(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    output = tmp_path / "output"
    output.mkdir()
    (output / "stale.html").write_text("old", encoding="utf-8")

    result = run_build(content, output)

    assert result.returncode == 0, result.stderr
    assert (output / "fixture-article.html").is_file()
    assert not (output / "stale.html").exists()
    assert (output / "vendor" / "katex" / "katex.min.css").is_file()
    assert (output / "images" / "clip.mp4").is_file()


def test_pelican_style_header_and_chinese_tags(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    (content / "articles" / "plain.md").write_text(
        "Title: 普通的標頭\nDate: 2020-02-02\nSlug: plain\nTags: 神經網路, 矩陣\n"
        "Custom: 任何欄位\n\n正文。\n", encoding="utf-8")
    output = tmp_path / "output"

    result = run_build(content, output)

    assert result.returncode == 0, result.stderr
    page = (output / "plain.html").read_text(encoding="utf-8")
    assert "普通的標頭" in page and "神經網路" in page and "矩陣" in page
