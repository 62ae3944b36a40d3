"""`make publish` end to end: build, gate, deploy to a bare git repository standing in for
the real remote. Scenes are never rendered at publish quality here: the fixture site uses
content media only, and every run selects the test profile."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from pipeline.publish import PUBLISH_PROFILE, parse_arguments

from .conftest import SITEURL, Published, branch_head, git, run_publish

pytestmark = pytest.mark.xdist_group("publish")


def test_the_branch_holds_the_site_feeds_sitemap_and_nojekyll(published: Published) -> None:
    files = git(published.remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()

    for expected in (".nojekyll", "CNAME", "index.html", "fixture-article.html",
                     "feeds/all.atom.xml", "feeds/all.rss.xml", "sitemap.xml", "robots.txt",
                     "images/clip.mp4", "images/pixel.png", "vendor/katex/katex.min.css",
                     # The search index, through the gate (hosts, links, stylesheets) too.
                     "pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css",
                     "pagefind/pagefind-entry.json"):
        assert expected in files
    assert git(published.remote, "show", "gh-pages:CNAME") == "nn.example.org"
    # What was deployed is what output/ holds, file for file.
    built = sorted(p.relative_to(published.output).as_posix()
                   for p in published.output.rglob("*") if p.is_file())
    assert sorted(set(files) - {".nojekyll", "CNAME"}) == built


def test_urls_are_absolute_on_the_configured_siteurl(published: Published) -> None:
    page = git(published.remote, "show", "gh-pages:fixture-article.html")
    assert f'<link rel="canonical" href="{SITEURL}/fixture-article.html">' in page
    assert f'src="{SITEURL}/images/clip.mp4"' in page
    assert f'href="{SITEURL}/vendor/katex/katex.min.css"' in page
    assert 'href="/' not in page and 'src="/' not in page

    sitemap = ElementTree.fromstring(git(published.remote, "show", "gh-pages:sitemap.xml"))
    locations = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"{SITEURL}/fixture-article.html" in locations
    assert all(url.startswith(f"{SITEURL}/") for url in locations)
    assert "robots.txt" not in " ".join(locations)

    atom = ElementTree.fromstring(git(published.remote, "show", "gh-pages:feeds/all.atom.xml"))
    links = [e.get("href") for e in atom.iter("{http://www.w3.org/2005/Atom}link")]
    assert f"{SITEURL}/fixture-article.html" in links
    rss = ElementTree.fromstring(git(published.remote, "show", "gh-pages:feeds/all.rss.xml"))
    assert f"{SITEURL}/fixture-article.html" in [e.text for e in rss.iter("link")]
    assert f"Sitemap: {SITEURL}/sitemap.xml" in git(published.remote, "show",
                                                     "gh-pages:robots.txt")


def test_a_second_publish_adds_a_commit_on_top(copy_of: Published) -> None:
    before = branch_head(copy_of.remote)
    article = copy_of.content / "articles" / "fixture.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n新的一段。\n", encoding="utf-8")
    (copy_of.output / "left-over.html").write_text("from an older build")

    result = run_publish(copy_of.root, "--siteurl", SITEURL, "--deploy", "github",
                         "--remote", str(copy_of.remote))

    assert result.returncode == 0, result.stderr
    assert not (copy_of.output / "left-over.html").exists()  # output/ starts empty
    assert "left-over.html" not in git(copy_of.remote, "ls-tree", "--name-only", "gh-pages")
    assert git(copy_of.remote, "rev-parse", "gh-pages~1") == before  # a fast-forward
    assert "新的一段" in git(copy_of.remote, "show", "gh-pages:fixture-article.html")
    assert "CNAME" not in git(copy_of.remote, "ls-tree", "--name-only", "gh-pages")


BROKEN = """
看[舊文](old-article.html)，以及[不存在的一節](fixture-article.html#沒有這一節)。

<video src="images/gone.mp4" muted></video>

<ul><div>不該在這裡</div></ul>
"""


def test_a_broken_site_names_every_problem_and_deploys_nothing(copy_of: Published) -> None:
    before = branch_head(copy_of.remote)
    output_before = (copy_of.output / "fixture-article.html").read_bytes()
    article = copy_of.content / "articles" / "fixture.md"
    article.write_text(article.read_text(encoding="utf-8") + BROKEN, encoding="utf-8")

    result = run_publish(copy_of.root, "--siteurl", SITEURL, "--deploy", "github",
                         "--remote", str(copy_of.remote))

    assert result.returncode == 1
    errors = result.stderr
    assert "output/fixture-article.html:" in errors
    assert "link target not found: old-article.html" in errors
    assert "anchor #沒有這一節 matches no id in fixture-article.html" in errors
    assert "video not found: images/gone.mp4" in errors
    assert 'invalid HTML: Element "div" not allowed as child of element "ul"' in errors
    assert "nothing deployed" in errors and "Traceback" not in errors
    # The remote's branch, output/ and the folder around it are as they were.
    assert branch_head(copy_of.remote) == before
    assert (copy_of.output / "fixture-article.html").read_bytes() == output_before
    assert sorted(p.name for p in copy_of.root.iterdir()) == ["content", "output", "site.git"]


def test_a_build_error_stops_before_the_gate_and_deploys_nothing(copy_of: Published) -> None:
    before = branch_head(copy_of.remote)
    (copy_of.content / "articles" / "fixture.md").write_text(
        "- title: 壞\n- date: 2020-01-01\n\n!mp4\n- images/none.mp4\n", encoding="utf-8")

    result = run_publish(copy_of.root, "--deploy", "github", "--remote", str(copy_of.remote))

    assert result.returncode == 1
    assert "no such file: images/none.mp4" in result.stderr
    assert "the build failed; nothing deployed" in result.stderr
    assert branch_head(copy_of.remote) == before


@pytest.mark.skipif(subprocess.run(["sh", "-c", "command -v rsync"],
                                   capture_output=True).returncode != 0,
                    reason="rsync is not installed")
def test_rsync_with_precompressed_copies(copy_of: Published, tmp_path: Path) -> None:
    target = tmp_path / "www"
    target.mkdir()
    (target / "stale.html").write_text("from an older site")

    result = run_publish(copy_of.root, "--siteurl", SITEURL, "--precompress",
                         "--deploy", "rsync", "--rsync-target", str(target))

    assert result.returncode == 0, result.stderr
    assert (target / "fixture-article.html").read_bytes() == \
        (copy_of.output / "fixture-article.html").read_bytes()
    assert (target / "fixture-article.html.gz").is_file()
    assert (target / "fixture-article.html.br").is_file()
    assert (target / "feeds" / "all.atom.xml.gz").is_file()
    # The search index, written after Pelican's plugin ran, gets its copies from the build.
    assert (target / "pagefind" / "pagefind-ui.js.gz").is_file()
    assert (target / "pagefind" / "pagefind-ui.js.br").is_file()
    assert not (target / "images" / "clip.mp4.gz").exists()
    assert not (target / "stale.html").exists()


def test_precompression_is_off_unless_asked(published: Published) -> None:
    assert not list(published.output.rglob("*.gz")) and not list(published.output.rglob("*.br"))


def test_publish_quality_is_the_default_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEPLOY", raising=False)
    assert PUBLISH_PROFILE == "publish"
    assert parse_arguments([]).quality == "publish"
    assert parse_arguments(["--quality", "test"]).quality == "test"
    assert parse_arguments([]).deploy == "none"


def test_without_java_publish_stops_before_building(copy_of: Published) -> None:
    """The gate could not check the site: nothing is built (no long render for nothing)."""
    before = branch_head(copy_of.remote)
    page = (copy_of.output / "index.html").read_text(encoding="utf-8")
    no_java = copy_of.root / "no-java"
    no_java.mkdir()
    result = run_publish(copy_of.root, "--deploy", "github", "--remote", str(copy_of.remote),
                         env={"PATH": str(no_java)})
    assert result.returncode == 1
    assert ("publish stopped: the HTML checker cannot run: Java is not installed (`make publish` "
            "installs it; Debian: apt-get install default-jre-headless); nothing built or "
            "deployed") in result.stderr
    assert "\nbuilt " not in result.stderr and "scene(s) rendered" not in result.stderr
    assert (copy_of.output / "index.html").read_text(encoding="utf-8") == page
    assert branch_head(copy_of.remote) == before
