"""Media and precompressed copies on a small hand-written site, with a manifest written here.

Whether a render is of the scene's current source (the render key) needs the scene
catalog: test_gate.py checks that on the fixture site. Here the manifest is given
without ``scenes_dir``, so only "is this the manifest's file" is asked.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import brotli
import pytest

from pipeline.gate.checked_site import CheckedSite
from pipeline.gate.media import MediaUse, check_media_sources, media_shown
from pipeline.gate.precompressed import check_precompressed
from scenes.render.manifest import Manifest, RenderedScene, entry_files
from scenes.render.rendition_files import RenditionFile

SITEURL = "https://example.org/nn"

PAGE = "\n".join([
    "<p>an article</p>",
    '<img src="images/pixel.png" alt="">',
    '<video data-poster="images/manim/Toy.jpg"><source src="images/manim/Toy.mp4"></video>',
    '<img src="images/manim/Toy.png" alt=""><img src="theme/img/logo.svg" alt="">',
    '<meta property="og:image" content="images/manim/Toy-1200x630.jpg">',
])


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(site, content, manifest): PAGE's files, each a copy of its source; the scene Toy
    is published in both themes, as make publish does."""
    content, site = tmp_path / "content", tmp_path / "site"
    for folder in (content / "images", site / "images" / "manim" / "light", site / "theme" / "img"):
        folder.mkdir(parents=True)
    (content / "images" / "pixel.png").write_bytes(b"a picture")
    (site / "images" / "pixel.png").write_bytes(b"a picture")
    (site / "theme" / "img" / "logo.svg").write_text("<svg/>")
    files = entry_files("Toy")
    renders = {}
    for theme, published in (("dark", site / "images" / "manim"),
                             ("light", site / "images" / "manim" / "light")):
        entry = tmp_path / "cache" / "Toy" / theme
        entry.mkdir(parents=True)
        for name in ("Toy.mp4", *(files[role] for role in ("poster", "still", "social_card"))):
            (entry / name).write_bytes(f"{name} bytes in {theme}".encode())
            if not (theme == "light" and name == files["social_card"]):  # cards have no theme
                os.link(entry / name, published / name)
        # The page's video is the H.264 rendition (its bytes are all this check reads).
        video = RenditionFile("h264", "h264", "avc1.42c00b", True, 256, 144, 5, 5, 1.0, 1.0,
                              "key", entry / "Toy.mp4")
        renders[theme] = RenderedScene("Toy", "key", "video", 256, 144, entry, theme=theme,
                                       renditions=(video,))
    manifest = Manifest("test", renders={"Toy": renders}).write(
        tmp_path / "cache" / "manifest.json")
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    return site, content, manifest


def problems(site: Path, **options: Path | None) -> list[str]:
    checked = CheckedSite(site.resolve(), SITEURL)
    checked.read_pages()
    options = {"content": None, "manifest": None, "scenes_dir": None, **options}
    check_media_sources(checked, **options)
    check_precompressed(checked)
    return [str(problem) for problem in sorted(checked.problems)]


def test_media_that_are_their_sources_pass(project: tuple[Path, Path, Path]) -> None:
    site, content, manifest = project
    assert problems(site, content=content, manifest=manifest) == []


def test_what_the_pages_show_and_where_first(project: tuple[Path, Path, Path]) -> None:
    site, _, _ = project
    (site / "later.html").write_text('<img src="images/pixel.png"><img src="nowhere.png">')
    checked = CheckedSite(site.resolve(), SITEURL)
    checked.read_pages()
    assert media_shown(checked) == {
        "images/pixel.png": MediaUse("index.html", 2, "image"),
        "images/manim/Toy.jpg": MediaUse("index.html", 3, "poster"),
        "images/manim/Toy.mp4": MediaUse("index.html", 3, "video"),
        "images/manim/Toy.png": MediaUse("index.html", 4, "image"),
        "theme/img/logo.svg": MediaUse("index.html", 4, "image"),
        "images/manim/Toy-1200x630.jpg": MediaUse("index.html", 5, "image"),
    }


def test_a_content_file_changed_since_the_build(project: tuple[Path, Path, Path]) -> None:
    site, content, manifest = project
    (content / "images" / "pixel.png").write_bytes(b"a newer picture")
    assert problems(site, content=content, manifest=manifest) == [
        "index.html:2: image images/pixel.png differs from its source content/images/pixel.png "
        "(stale copy)"]


def test_scene_files_the_manifest_does_not_list(project: tuple[Path, Path, Path]) -> None:
    site, content, manifest = project
    (site / "images" / "manim" / "Toy.mp4").unlink()
    (site / "images" / "manim" / "Toy.mp4").write_bytes(b"changed by hand")
    (site / "images" / "manim" / "Gone.webp").write_bytes(b"left from another build")
    assert problems(site, content=content, manifest=manifest) == [
        "images/manim/Gone.webp: scene file images/manim/Gone.webp has no render in the "
        "manifest at the 'test' profile",
        f"index.html:3: video images/manim/Toy.mp4 is not the render the manifest lists "
        f"({manifest.parent / 'Toy' / 'dark' / 'Toy.mp4'}); stale or changed by hand",
    ]


def test_a_file_of_content_in_the_scene_folder_is_compared_with_content(
        project: tuple[Path, Path, Path]) -> None:
    site, content, manifest = project
    (content / "images" / "manim").mkdir()
    (content / "images" / "manim" / "Toy.png").write_bytes(b"drawn by hand")
    assert problems(site, content=content, manifest=manifest) == [
        "index.html:4: image images/manim/Toy.png differs from its source "
        "content/images/manim/Toy.png (stale copy)"]


def test_scene_files_without_a_manifest(project: tuple[Path, Path, Path]) -> None:
    site, content, _ = project
    found = problems(site, content=content)
    assert len(found) == 7  # video, poster, still and card; the light video, poster and still
    assert "index.html:3: video images/manim/Toy.mp4 is a scene output but the build has no " \
        "render manifest" in found


def test_an_unreadable_manifest(project: tuple[Path, Path, Path]) -> None:
    site, content, manifest = project
    manifest.write_text("{ not json")
    found = problems(site, content=content, manifest=manifest)
    assert found[0].startswith(f"{manifest}: render manifest unreadable: Expecting property "
                                "name enclosed in double quotes")
    assert all("the build has no render manifest" in p for p in found[1:])


def test_precompressed_copies(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for name in ("index.html", "main.css", "a.js"):
        (site / name).write_text(f"the {name} of now")
    (site / "index.html.gz").write_bytes(gzip.compress(b"the index.html of now"))
    (site / "index.html.br").write_bytes(brotli.compress(b"the index.html of now"))
    (site / "main.css.br").write_bytes(brotli.compress(b"an older main.css"))
    (site / "a.js.gz").write_bytes(b"not gzip at all")
    (site / "gone.html.br").write_bytes(brotli.compress(b"x"))
    assert problems(site) == [
        "a.js.gz: does not decompress: Not a gzipped file (b'no')",
        "gone.html.br: precompressed copy of a missing file gone.html",
        "main.css.br: stale: does not decompress to main.css",
    ]


def test_a_scene_shown_without_its_light_render(project: tuple[Path, Path, Path]) -> None:
    site, content, manifest = project
    (site / "images" / "manim" / "light" / "Toy.mp4").unlink()
    assert problems(site, content=content, manifest=manifest) == [
        "index.html:3: video images/manim/Toy.mp4 has no light render in the site "
        "(images/manim/light/Toy.mp4); publish renders every theme"]


def test_a_stale_light_render(project: tuple[Path, Path, Path]) -> None:
    site, content, manifest = project
    light = site / "images" / "manim" / "light" / "Toy.jpg"
    light.unlink()
    light.write_bytes(b"an older light poster")
    [problem] = problems(site, content=content, manifest=manifest)
    assert problem.startswith("images/manim/light/Toy.jpg: scene file images/manim/light/Toy.jpg"
                              " is not the render the manifest lists")
