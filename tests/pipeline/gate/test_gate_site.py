"""The gate on a built site: each kind of problem, found and named as `path:line: message`.

The site is the fixture site as `make publish` built it (test profile); each test breaks a
copy. HTML validation (Java) is exercised end to end in test_publish.py; here it is off, so
these run in a moment.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from pipeline.gate import Problem, check_site
from scenes.render.cache import render_key
from scenes.render.catalog import read_catalog
from scenes.render.manifest import Manifest, SceneSource, manifest_path
from scenes.render.profiles import PROFILES
from tests.pipeline.conftest import ROOT, SITEURL, Published
from tests.render_fixtures import render_with_renditions

pytestmark = pytest.mark.xdist_group("publish")


@pytest.fixture
def site(published: Published, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(published.output, copy)
    return copy


def gate(site: Path, **options) -> list[str]:
    options.setdefault("siteurl", SITEURL)
    return [str(problem) for problem in check_site(site, validate_html=False, **options)]


def add_to_page(page: Path, html: str) -> int:
    """Put ``html`` on a line of its own before </body>; return that line's number."""
    text = page.read_text(encoding="utf-8")
    head, _, tail = text.rpartition("</body>")
    page.write_text(f"{head}\n{html}\n</body>{tail}", encoding="utf-8")
    return head.count("\n") + 2


def test_the_published_site_passes(site: Path, published: Published) -> None:
    assert gate(site, content=published.content, required=[
        "feeds/all.atom.xml", "feeds/all.rss.xml", "sitemap.xml", "robots.txt"]) == []


@pytest.mark.parametrize(("html", "message"), [
    ('<script src="https://cdn.example.com/lib.js"></script>',
     "loads a script from another host: https://cdn.example.com/lib.js"),
    ('<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Noto+Sans+TC">',
     "loads a style from another host: https://fonts.googleapis.com/css2?family=Noto+Sans+TC"),
    ('<link rel="preload" as="font" href="//fonts.gstatic.com/n.woff2" crossorigin>',
     "loads a font from another host: //fonts.gstatic.com/n.woff2"),
    ('<link rel="preconnect" href="https://fonts.gstatic.com">',
     "connects to another host: https://fonts.gstatic.com"),
    ("<style>@import url(https://fonts.googleapis.com/css);</style>",
     "loads a style from another host: https://fonts.googleapis.com/css"),
    ('<a href="#nowhere">x</a>', "anchor #nowhere matches no id in index.html: #nowhere"),
    ('<a href="fixture-article.html#%E6%B2%92%E6%9C%89">x</a>',
     "anchor #沒有 matches no id in fixture-article.html"),
    ('<a href="tags/">x</a>', "link target not found: tags/"),
    (f'<a href="{SITEURL}/nope.html">x</a>', f"link target not found: {SITEURL}/nope.html"),
    ('<a href="https://example.org/elsewhere/">x</a>',
     "links outside the site's path https://example.org/nn-article/"),
    ('<img src="images/none.png" alt="">', "image not found: images/none.png"),
    ('<video data-poster="images/none.jpg"><source src="images/none.mp4"></video>',
     "poster not found: images/none.jpg"),
    ('<video><source src="images/none.mp4"></video>', "video not found: images/none.mp4"),
])
def test_page_problems_are_named_with_file_and_line(site: Path, html: str, message: str) -> None:
    line = add_to_page(site / "index.html", html)
    problems = gate(site)
    assert any(p.startswith(f"index.html:{line}: {message}") for p in problems), problems


def test_links_that_are_fine(site: Path) -> None:
    add_to_page(site / "index.html", "\n".join([
        '<a href="https://en.wikipedia.org/wiki/Matrix">an external page</a>',
        '<a href="mailto:someone@example.org">mail</a>', '<a href="#">top</a>',
        '<a href="./">this folder</a>', '<a href="fixture-article.html#第一節：開始">a section</a>',
        f'<a href="{SITEURL}/">home</a>', '<img src="data:image/gif;base64,R0lGOD" alt="">']))
    assert gate(site) == []


def test_what_stylesheets_load(site: Path) -> None:
    css = site / "theme" / "css" / "main.css"
    css.write_text(css.read_text(encoding="utf-8")
                   + '\n@font-face { src: url("https://fonts.gstatic.com/x.woff2"); }'
                   + "\n.a { background: url(../img/none.png); }\n", encoding="utf-8")
    lines = css.read_text(encoding="utf-8").count("\n")
    assert gate(site) == [
        f"theme/css/main.css:{lines - 1}: stylesheet loads from another host: "
        "https://fonts.gstatic.com/x.woff2",
        f"theme/css/main.css:{lines}: file the stylesheet uses not found: ../img/none.png",
    ]


def test_feeds_and_sitemap_must_parse_and_stay_on_siteurl(site: Path) -> None:
    rss = site / "feeds" / "all.rss.xml"
    rss.write_text(rss.read_text(encoding="utf-8")[:200], encoding="utf-8")
    sitemap = site / "sitemap.xml"
    sitemap.write_text(sitemap.read_text(encoding="utf-8").replace(
        f"{SITEURL}/tags.html", "https://elsewhere.org/tags.html").replace(
        f"{SITEURL}/archives.html", f"{SITEURL}/gone.html"), encoding="utf-8")
    problems = gate(site)
    assert any(p.startswith("feeds/all.rss.xml:") and ": not well-formed XML: " in p
               for p in problems), problems
    assert "sitemap.xml: URL is not on SITEURL https://example.org/nn-article: " \
        "https://elsewhere.org/tags.html" in problems
    assert f"sitemap.xml: URL points to no file of the site: {SITEURL}/gone.html" in problems


def test_a_feed_entry_with_a_relative_link(site: Path) -> None:
    atom = site / "feeds" / "all.atom.xml"
    atom.write_text(atom.read_text(encoding="utf-8").replace(
        f"{SITEURL}/images/clip.mp4", "images/clip.mp4"), encoding="utf-8")
    assert "feeds/all.atom.xml: URL in an entry is not absolute: images/clip.mp4" in gate(site)


def test_required_files_robots_and_gzip(site: Path) -> None:
    (site / "sitemap.xml").unlink()
    (site / "index.html.gz").write_bytes(gzip.compress(b"an older index"))
    (site / "gone.html.gz").write_bytes(gzip.compress(b"x"))
    assert gate(site, required=["sitemap.xml", "feeds/all.atom.xml"]) == [
        "gone.html.gz: precompressed copy of a missing file gone.html",
        "index.html.gz: stale: does not decompress to index.html",
        f"robots.txt:4: sitemap URL points to no file of the site: {SITEURL}/sitemap.xml",
        "sitemap.xml: missing (the publish settings ask for it)",
    ]


def test_a_content_image_changed_since_the_build(site: Path, published: Published,
                                                 tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(published.content, content)
    (content / "images" / "pixel.png").write_bytes(b"a newer picture")
    [problem] = gate(site, content=content)
    assert problem.startswith("fixture-article.html:")
    assert problem.endswith("image images/pixel.png differs from its source "
                            "content/images/pixel.png (stale copy)")


# --- Scene media: the file in the site must be the manifest's current render. ---

SCENE_PAGE = ('<video data-poster="images/manim/toy-circle.jpg">'
              '<source src="images/manim/ToyCircle.mp4">'
              # A scene's video carries its words (the gate's tracks check).
              '<track kind="chapters" src="tracks/ToyCircle.chapters.vtt" srclang="zh-Hant">'
              '<track kind="descriptions" src="tracks/ToyCircle.descriptions.vtt" '
              'srclang="zh-Hant"></video>')
SCENE_TRACK = "WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.000\n一個圓被畫出來\n"


@pytest.fixture
def scene_site(site: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """A site showing ToyCircle (alias toy-circle) in every rendition and theme, its render
    cache and manifest (the renders made without Manim; the renditions really encoded)."""
    scenes = tmp_path / "toyscenes"
    shutil.copytree(ROOT / "tests" / "fixtures" / "toyscenes", scenes)
    catalog = read_catalog(scenes)
    profile = PROFILES["test"]
    renders = {}
    for theme, media in (("dark", site / "images" / "manim"),
                         ("light", site / "images" / "manim" / "light")):
        key = render_key(catalog, catalog.scenes["ToyCircle"], profile, "video", theme)
        renders[theme] = render_with_renditions(tmp_path / "cache", "ToyCircle", theme, key)
        media.mkdir(parents=True)
        for rendition in renders[theme].renditions:
            shutil.copyfile(rendition.file, media / rendition.site_name("ToyCircle"))
        shutil.copyfile(renders[theme].media(".jpg"), media / "toy-circle.jpg")
    manifest = Manifest(
        "test", scenes={"ToyCircle": SceneSource("toyscenes/shapes.py", 8)},
        aliases={"toy-circle": "ToyCircle"}, renders={"ToyCircle": renders},
    ).write(manifest_path("test", tmp_path / "cache"))
    (site / "tracks").mkdir()
    for kind in ("chapters", "descriptions"):
        (site / "tracks" / f"ToyCircle.{kind}.vtt").write_text(SCENE_TRACK, encoding="utf-8")
    add_to_page(site / "index.html", SCENE_PAGE)
    return site, manifest, scenes


def test_fresh_scene_media_pass(scene_site: tuple[Path, Path, Path]) -> None:
    site, manifest, scenes = scene_site
    assert gate(site, manifest=manifest, scenes_dir=scenes) == []


def test_a_scene_video_that_is_not_the_cached_render(scene_site: tuple[Path, Path, Path]
                                                     ) -> None:
    site, manifest, scenes = scene_site
    video = site / "images" / "manim" / "ToyCircle.mp4"
    video.unlink()
    video.write_bytes(b"an older render")
    problems = gate(site, manifest=manifest, scenes_dir=scenes)
    assert len(problems) == 2
    assert problems[0] == ("images/manim/ToyCircle.mp4: is not a video ffprobe can read "
                           "(Invalid data found when processing input)")
    assert "video images/manim/ToyCircle.mp4 is not the render the manifest lists" in problems[1]


def test_a_scene_whose_source_changed_since_its_render(scene_site: tuple[Path, Path, Path]
                                                       ) -> None:
    site, manifest, scenes = scene_site
    palette = scenes / "palette.py"  # imported by the scene's module
    palette.write_text(palette.read_text() + "\n# an edit\n")
    problems = gate(site, manifest=manifest, scenes_dir=scenes)
    assert len(problems) == 10  # the video's four renditions and its poster, in both themes
    assert all("was rendered from an older toyscenes/shapes.py or its imports" in p
               for p in problems)


def test_a_scene_file_without_a_render(scene_site: tuple[Path, Path, Path]) -> None:
    site, manifest, scenes = scene_site
    (site / "images" / "manim" / "ToySquare.mp4").write_bytes(b"left from another build")
    assert gate(site, manifest=manifest, scenes_dir=scenes) == [
        "images/manim/ToySquare.mp4: is not a video ffprobe can read (Invalid data found when "
        "processing input)",
        "images/manim/ToySquare.mp4: scene file images/manim/ToySquare.mp4 has no render "
        "in the manifest at the 'test' profile"]


def test_problem_format() -> None:
    assert str(Problem("a/b.html", 3, "broken")) == "a/b.html:3: broken"
    assert str(Problem("sitemap.xml", 0, "missing")) == "sitemap.xml: missing"
