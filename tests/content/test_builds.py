"""The real article and the seed draft (unchanged) build at the test profile."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from PIL import Image
from rich.console import Console

from pipeline.build import build
from pipeline.gate import check_site
from scenes.render.manifest import PROJECT_ROOT, manifest_path
from scenes.render.profiles import PROFILES

pytestmark = pytest.mark.xdist_group("render")

SEED = PROJECT_ROOT / "tests" / "fixtures" / "seed"
SHARED_SEED = PROJECT_ROOT.parent / "shared" / "seeds" / "000_a255afb4fd41fc99.txt"


def build_site(content: Path, output: Path) -> str:
    console = Console(file=io.StringIO(), width=200)
    status = build(content, output, PROJECT_ROOT / "pelicanconf.py", "test", 2, console)
    log = console.file.getvalue()
    assert status == 0, log
    return log


def test_seed_fixture_is_the_seed_unchanged() -> None:
    if not SHARED_SEED.is_file():
        pytest.skip("no shared/ folder beside this checkout")
    assert (SEED / "articles" / "seed.md").read_bytes() == SHARED_SEED.read_bytes()


def test_seed_draft_builds_unchanged(tmp_path: Path) -> None:
    output = tmp_path / "output"
    build_site(SEED, output)
    page = (output / "understand-neural-net-and-linear-algebra-using-manim.html").read_text()
    # The seed names the dark render; the light one comes with it, for light pages, each
    # in every rendition (the H.264 one at the render's size is the path the seed wrote).
    sources = re.findall(r"<source [^>]*>", page)
    [light] = [tag for tag in sources if
               'src="./images/manim/light/TwoLayersReLUInBetweenSolveHardTwoCurves.mp4"' in tag]
    assert 'data-theme="light" media="(prefers-color-scheme: light)"' in light
    [dark] = [tag for tag in sources
              if 'src="./images/manim/TwoLayersReLUInBetweenSolveHardTwoCurves.mp4"' in tag]
    assert 'data-theme="dark"' in dark and "media=" not in dark
    assert len([tag for tag in sources if "/TwoLayersReLUInBetweenSolveHardTwoCurves" in tag
                and '.mp4"' in tag]) == 2 * len(PROFILES["test"].renditions)
    assert 'src="./images/manim/mnist-simple.jpg"' in page
    assert 'alt="輸入是 28*28 = 768 維的圖片像素' in page
    assert "<strong>暗色模式</strong>" in page
    assert (output / "images" / "manim" / "mnist-simple.jpg").stat().st_size > 0
    assert (output / "images" / "manim" / "TwoLayersReLUInBetweenSolveHardTwoCurves.jpg").is_file()


def test_article_builds_with_every_number_from_the_stored_results(tmp_path: Path) -> None:
    output = tmp_path / "output"
    build_site(PROJECT_ROOT / "content", output)
    [page] = [p for p in output.glob("*.html") if "neural" in p.name or "linear" in p.name]
    html = page.read_text(encoding="utf-8")
    networks = json.loads((PROJECT_ROOT / "scenes/data/networks.json").read_text())
    assert f"{networks['hard_relu']['accuracy']:.0%}" in html
    assert str(networks["hand_set"]["correct"]) in html
    assert "{{" not in re.sub(r"<pre.*?</pre>", "", html, flags=re.S)
    for video in re.findall(r'<source src="([^"]+)"', html):
        assert (page.parent / video).is_file(), video
    # The cover still, and the 1200x630 card cut from it for link previews.
    card = output / "images/manim/CoverSymbolicTwoByThreeMatrixAndNN-1200x630.jpg"
    with Image.open(card) as image:
        assert image.size == (1200, 630)


def test_the_article_passes_the_publish_gate(tmp_path: Path) -> None:
    """The article as published: every scene in both themes, valid HTML (the current Nu
    checker), links, anchors, media fresh for their renders."""
    output = tmp_path / "output"
    build_site(PROJECT_ROOT / "content", output)
    problems = check_site(output, content=PROJECT_ROOT / "content",
                          manifest=manifest_path("test"), scenes_dir=PROJECT_ROOT / "scenes")
    assert [str(problem) for problem in problems] == []
