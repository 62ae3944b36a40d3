"""Links on a small hand-written site: how URLs map onto files, and what the link checks report."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.gate.checked_site import CheckedSite, ResolvedURL
from pipeline.gate.links import check_page_links, check_stylesheets

SITEURL = "https://example.org/nn"


def make_site(root: Path, files: dict[str, str], siteurl: str = SITEURL) -> CheckedSite:
    """A site of ``files`` (site path: text), its pages scanned as check_site does."""
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    site = CheckedSite(root.resolve(), siteurl)
    site.read_pages()
    return site


def problems(site: CheckedSite) -> list[str]:
    return [str(problem) for problem in sorted(site.problems)]


@pytest.mark.parametrize(("url", "resolved"), [
    ("a.html", ResolvedURL("internal", "sub/a.html", "")),
    ("../a.html#x", ResolvedURL("internal", "a.html", "x")),
    ("#here", ResolvedURL("internal", "sub/page.html", "here")),
    ("%E4%B8%AD.html", ResolvedURL("internal", "sub/中.html", "")),
    (f"{SITEURL}", ResolvedURL("internal", "", "")),
    ("https://EXAMPLE.org/nn/b/", ResolvedURL("internal", "b/", "")),
    ("/elsewhere/", ResolvedURL("outside", None, "")),
    ("https://example.org/nnx/a.html", ResolvedURL("outside", None, "")),
    ("//cdn.example.com/x.js", ResolvedURL("external", None, "")),
    ("https://en.wikipedia.org/wiki/Matrix#Definition",
     ResolvedURL("external", None, "Definition")),
    ("mailto:someone@example.org", None),
    ("data:image/gif;base64,R0lGOD", None),
    ("javascript:void(0)", None),
])
def test_where_a_url_written_in_a_page_leads(url: str, resolved: ResolvedURL | None) -> None:
    site = CheckedSite(Path("/site"), SITEURL)
    assert site.resolve(url, site.url_of("sub/page.html")) == resolved


def test_without_siteurl_every_path_of_the_host_is_the_site() -> None:
    site = CheckedSite(Path("/site"), "")
    assert site.resolve("/a.html", site.url_of("sub/page.html")) == \
        ResolvedURL("internal", "a.html", "")
    assert site.resolve("https://example.org/", site.url_of("page.html")).where == "external"


def test_the_file_a_site_path_is_served_from(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"index.html": "", "tags/index.html": "", "a.css": ""})
    (tmp_path / "secret.html").write_text("")
    assert site.file_for("") == site.root / "index.html"
    assert site.file_for("tags/") == site.root / "tags" / "index.html"
    assert site.file_for("tags") == site.root / "tags" / "index.html"
    assert site.file_for("a.css") == site.root / "a.css"
    assert site.file_for("nope.html") is None
    assert site.file_for("../secret.html") is None  # never a file outside the site


def test_every_problem_a_page_can_have(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "article.html": '<h2 id="第一節">x</h2>',
        "index.html": "\n".join([
            '<a href="article.html#第一節">fine</a> <a href="#top">top</a> <a href="#">#</a>',
            '<a href="article.html#%E6%B2%92%E6%9C%89">x</a>',
            '<a href="#nowhere">x</a>',
            '<img src="images/none.png" alt="">',
            '<video data-poster="none.jpg"><source src="none.mp4"></video>',
            '<script src="https://cdn.example.com/lib.js"></script>',
            '<link rel="preconnect" href="https://fonts.gstatic.com">',
            '<link rel="preload" as="font" href="//fonts.gstatic.com/n.woff2" crossorigin>',
            '<a href="/other-site/">x</a>',
            '<a href="https://en.wikipedia.org/">an external page is fine</a>',
            '<img src="https://upload.wikimedia.org/a.png" alt="so is an external image">',
        ])})
    check_page_links(site)
    assert problems(site) == [
        "index.html:2: anchor #沒有 matches no id in article.html: "
        "article.html#%E6%B2%92%E6%9C%89",
        "index.html:3: anchor #nowhere matches no id in index.html: #nowhere",
        "index.html:4: image not found: images/none.png",
        "index.html:5: poster not found: none.jpg",
        "index.html:5: video not found: none.mp4",
        "index.html:6: loads a script from another host: https://cdn.example.com/lib.js",
        "index.html:7: connects to another host: https://fonts.gstatic.com",
        "index.html:8: loads a font from another host: //fonts.gstatic.com/n.woff2",
        "index.html:9: links outside the site's path https://example.org/nn/: /other-site/",
    ]


def test_an_anchor_into_a_file_that_is_not_a_page_is_not_checked(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"index.html": '<a href="feed.xml#x">x</a>', "feed.xml": "<x/>"})
    check_page_links(site)
    assert problems(site) == []


def test_what_a_stylesheet_uses(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "theme/img/a.png": "",
        "theme/css/main.css": "\n".join([
            ".a { background: url(../img/a.png); }",
            ".b { background: url('../img/none.png'); }",
            '@import "https://fonts.googleapis.com/css";',
            '.c { background: url("data:image/png;base64,AAAA"); }',
        ])})
    check_stylesheets(site)
    assert problems(site) == [
        "theme/css/main.css:2: file the stylesheet uses not found: ../img/none.png",
        "theme/css/main.css:3: stylesheet loads from another host: "
        "https://fonts.googleapis.com/css",
    ]
