"""The fixture site built with the theme: head tags, pages, cards, article furniture."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fixture_site import build_fixture_site

PAGES = [
    "index.html",
    "explainer/index.html",
    "first/index.html",
    "archives.html",
    "tags.html",
    "tag/xian-xing-dai-shu.html",
    "about/index.html",
    "404.html",
]


PUBLISHED_URL = "https://example.org/blog"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_site(tmp_path_factory.mktemp("published"), siteurl=PUBLISHED_URL)


def parse(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_the_frame(site: Path, name: str) -> None:
    soup = parse(site, name)
    assert soup.html["lang"] == "zh-Hant-TW"
    assert soup.find("meta", attrs={"name": "color-scheme"})["content"] == "dark light"
    assert soup.find("meta", attrs={"name": "description"})["content"].strip()
    assert soup.find("link", rel="icon")["href"] == "/theme/favicon.svg"
    toggle = soup.find("button", class_="theme-toggle")
    assert toggle.has_attr("aria-pressed") and toggle.has_attr("hidden")
    assert toggle.find(class_="visually-hidden").get_text() == "深色模式"


@pytest.mark.parametrize("name", PAGES)
def test_scripts_are_deferred_files_and_the_tiny_inline_one(site: Path, name: str) -> None:
    scripts = parse(site, name).find_all("script")
    external = [s for s in scripts if s.has_attr("src")]
    inline = [s for s in scripts if not s.has_attr("src")]
    # A page that shows a video also loads what plays it (video.js), after theme.js.
    videos = ["/theme/js/video.js"] if parse(site, name).find("video") else []
    assert [s["src"] for s in external] == ["/theme/js/theme.js", *videos]
    assert all(script.has_attr("defer") for script in external)
    # The colour mode's, tiny, runs in <head> before any element of <body> exists.
    [mode] = inline
    assert len(mode.get_text()) < 300 and mode.find_parent("head") is not None


@pytest.mark.parametrize("name", PAGES)
def test_nothing_is_fetched_from_another_host(site: Path, name: str) -> None:
    soup = parse(site, name)
    fetched = [t.get("src") for t in soup.find_all(["script", "img", "video", "source"])]
    fetched += [t.get("poster") or t.get("data-poster") for t in soup.find_all("video")]
    fetched += [t["href"] for t in soup.find_all("link") if t.get("rel") != ["canonical"]]
    for url in filter(None, fetched):
        assert not re.match(r"^(https?:)?//", url), url


def head_meta(soup: BeautifulSoup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def test_article_head_describes_it_for_sharing(published: Path) -> None:
    soup = parse(published, "explainer/index.html")
    cover = f"{PUBLISHED_URL}/images/cover.jpg"
    assert head_meta(soup, "og:type") == "article"
    assert head_meta(soup, "og:title") == "用線性代數看神經網路"
    assert head_meta(soup, "og:url") == f"{PUBLISHED_URL}/explainer/"
    assert head_meta(soup, "og:image") == cover
    assert head_meta(soup, "twitter:card") == "summary_large_image"
    assert head_meta(soup, "twitter:image") == cover
    assert head_meta(soup, "description").startswith("神經網路的每一層")
    assert head_meta(soup, "article:published_time").startswith("2019-09-21")
    assert soup.find("link", rel="canonical")["href"] == f"{PUBLISHED_URL}/explainer/"


@pytest.mark.parametrize(("name", "canonical"), [("index.html", "/"), ("tags.html", "/tags.html")])
def test_site_pages_have_absolute_canonical_urls(
    published: Path, name: str, canonical: str
) -> None:
    soup = parse(published, name)
    assert soup.find("link", rel="canonical")["href"] == PUBLISHED_URL + canonical
    assert head_meta(soup, "og:url") == PUBLISHED_URL + canonical


def test_no_relative_canonical_or_social_urls_in_development(site: Path) -> None:
    soup = parse(site, "explainer/index.html")
    assert soup.find("link", rel="canonical") is None
    assert head_meta(soup, "og:url") is None and head_meta(soup, "og:image") is None
    assert head_meta(soup, "og:title") == "用線性代數看神經網路"


def test_article_meta_line(site: Path) -> None:
    meta = parse(site, "explainer/index.html").find("p", class_="meta")
    assert meta.time.get_text() == "2019 年 9 月 21 日"
    assert meta.time["datetime"].startswith("2019-09-21")
    assert re.search(r"閱讀時間約 \d+ 分鐘", meta.get_text())
    assert [a.get_text() for a in meta.find_all("a", rel="tag")] == ["線性代數", "神經網路"]


def test_math_and_code_stylesheets_only_where_needed(site: Path) -> None:
    def sheets(name: str) -> list[str]:
        return [link["href"] for link in parse(site, name).find_all("link", rel="stylesheet")]

    assert sheets("explainer/index.html") == [
        "/theme/css/main.css",
        "/vendor/katex/katex.min.css",
        "/theme/css/pygments.css",
    ]
    assert sheets("first/index.html") == ["/theme/css/main.css"]
    # Pages follow the same rule (one partial serves both templates).
    assert sheets("about/index.html") == ["/theme/css/main.css", "/vendor/katex/katex.min.css"]


def test_toc_twice_details_closed(site: Path) -> None:
    soup = parse(site, "explainer/index.html")
    details = soup.find("details", class_="toc")
    assert not details.has_attr("open")
    assert details.summary.get_text() == "目錄"
    wide = soup.find("nav", class_="toc--wide")
    links = [a["href"] for a in wide.find_all("a")]
    assert links[:2] == ["#第一節：資料", "#資料的形狀"]
    assert links == [a["href"] for a in details.find_all("a")]


def test_neighbour_links(site: Path) -> None:
    newer = parse(site, "explainer/index.html").find("nav", class_="neighbours")
    assert newer.find("a", rel="prev")["href"] == "/first/"
    assert newer.find("a", rel="next") is None
    older = parse(site, "first/index.html").find("nav", class_="neighbours")
    assert older.find("a", rel="next")["href"] == "/explainer/"


def test_index_cards(site: Path) -> None:
    cards = parse(site, "index.html").find_all("article", class_="card")
    assert [c.h2.get_text(strip=True) for c in cards] == [
        "用線性代數看神經網路",
        "第一篇：向量是什麼",
    ]
    cover = cards[0].find("img", class_="card__cover")
    assert cover["src"] == "/images/cover.jpg" and cover["width"] and cover["height"]
    assert cards[1].find("img") is None  # no `image` metadata, no cover
    summary = cards[1].find("p", class_="card__summary").get_text()
    assert summary.startswith("向量可以看成平面上的一個箭頭")


def test_archives_tags_and_404(site: Path) -> None:
    archives = parse(site, "archives.html")
    assert archives.find("h2").get_text() == "2019 年"
    assert archives.find("time").get_text() == "2019 年 9 月 21 日"
    tags = parse(site, "tags.html").find_all("a", class_="tag")
    assert {t.get_text() for t in tags} == {"線性代數", "神經網路"}
    tag_page = parse(site, "tag/xian-xing-dai-shu.html")
    assert len(tag_page.find_all("article", class_="card")) == 2
    not_found = parse(site, "404.html")
    assert not_found.h1.get_text() == "找不到這一頁"
    assert not_found.find("meta", attrs={"name": "robots"})["content"] == "noindex"
