"""Feeds, the sitemap and robots.txt, hand-written: what the feed checks accept and report."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.gate.checked_site import CheckedSite
from pipeline.gate.feeds import check_feeds, check_robots

SITEURL = "https://example.org/nn"

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>直觀理解神經網路</title>
  <link href="{SITEURL}/" rel="alternate"/>
  <link href="{SITEURL}/feeds/all.atom.xml" rel="self"/>
  <id>{SITEURL}/</id>
  <entry>
    <title>一篇文章</title>
    <link href="{SITEURL}/article.html" rel="alternate"/>
    <summary type="html">&lt;a href="{SITEURL}/article.html#a"&gt;見此&lt;/a&gt;</summary>
    <content type="html">{{content}}</content>
  </entry>
</feed>
"""

SITEMAP = f"""<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>{SITEURL}/</loc></url>
  <url><loc> {SITEURL}/article.html </loc></url>
  {{more}}
</urlset>
"""


def make_site(root: Path, files: dict[str, str], siteurl: str = SITEURL) -> CheckedSite:
    files = {"index.html": "", "article.html": "", "images/clip.mp4": "", **files}
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return CheckedSite(root.resolve(), siteurl)


def problems(site: CheckedSite) -> list[str]:
    check_feeds(site)
    check_robots(site)
    return [str(problem) for problem in sorted(site.problems)]


def escaped(html: str) -> str:
    return html.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_a_good_feed_sitemap_and_robots_pass(tmp_path: Path) -> None:
    content = escaped(f'<p><a href="https://en.wikipedia.org/">cited</a> <a href="#a">in page</a>'
                      f' <a href="mailto:a@example.org">mail</a></p>'
                      f'<video src="{SITEURL}/images/clip.mp4"></video>')
    site = make_site(tmp_path, {
        "feeds/all.atom.xml": ATOM.format(content=content),
        "sitemap.xml": SITEMAP.format(more=""),
        "robots.txt": f"User-agent: *\nAllow: /\nSitemap: {SITEURL}/sitemap.xml\n"})
    assert problems(site) == []


def test_urls_in_an_atom_entry(tmp_path: Path) -> None:
    content = escaped('<p><img src="images/clip.png"></p>\n'
                      f'<video src="{SITEURL}/images/gone.mp4"></video>'
                      '<a href="https://example.org/other/">same host, not the site</a>')
    site = make_site(tmp_path, {"feeds/all.atom.xml": ATOM.format(content=content)})
    assert problems(site) == [
        "feeds/all.atom.xml: URL in an entry is not absolute: images/clip.png",
        f"feeds/all.atom.xml: URL in an entry points to no file of the site: "
        f"{SITEURL}/images/gone.mp4",
        "feeds/all.atom.xml: URL in an entry points to no file of the site: "
        "https://example.org/other/",
    ]


def test_an_atom_link_off_the_site(tmp_path: Path) -> None:
    atom = ATOM.format(content="").replace(f'<link href="{SITEURL}/" rel="alternate"/>',
                                           '<link href="https://elsewhere.org/" rel="alternate"/>'
                                           '<link rel="related"/>')
    site = make_site(tmp_path, {"feeds/all.atom.xml": atom})
    assert problems(site) == [
        "feeds/all.atom.xml: URL is not on SITEURL https://example.org/nn: https://elsewhere.org/",
        "feeds/all.atom.xml: empty URL",
    ]


def test_an_rss_feed(tmp_path: Path) -> None:
    rss = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
  <title>t</title><link>{SITEURL}/</link><description>d</description>
  <item><title>a</title><link>article.html</link>
    <description>{escaped('<img src="/nn/images/clip.mp4">')}</description></item>
</channel></rss>
"""
    site = make_site(tmp_path, {"feeds/all.rss.xml": rss})
    assert problems(site) == [
        "feeds/all.rss.xml: URL in an entry is not absolute: /nn/images/clip.mp4",
        "feeds/all.rss.xml: URL is not absolute: article.html",
    ]


def test_a_sitemap_url_off_the_site_or_to_no_file(tmp_path: Path) -> None:
    sitemap = SITEMAP.format(more=f"<url><loc>https://elsewhere.org/tags.html</loc></url>"
                                  f"<url><loc>{SITEURL}/gone.html</loc></url><url><loc/></url>")
    site = make_site(tmp_path, {"sitemap.xml": sitemap})
    assert problems(site) == [
        "sitemap.xml: URL is not on SITEURL https://example.org/nn: "
        "https://elsewhere.org/tags.html",
        f"sitemap.xml: URL points to no file of the site: {SITEURL}/gone.html",
        "sitemap.xml: empty URL",
    ]


def test_without_siteurl_urls_of_any_host_are_accepted(tmp_path: Path) -> None:
    sitemap = SITEMAP.format(more="<url><loc>https://elsewhere.org/tags.html</loc></url>")
    site = make_site(tmp_path, {"sitemap.xml": sitemap}, siteurl="")
    assert problems(site) == []


@pytest.mark.parametrize("name", ["sitemap.xml", "feeds/all.atom.xml", "feeds/all.rss.xml"])
def test_xml_that_does_not_parse_is_named_with_its_line(tmp_path: Path, name: str) -> None:
    site = make_site(tmp_path, {name: '<?xml version="1.0"?>\n<urlset>\n<url>\n</urlset>\n'})
    [problem] = problems(site)
    assert problem.startswith(f"{name}:4: not well-formed XML: mismatched tag: line 4")


def test_other_xml_is_only_parsed(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"theme/img/icon.xml": "<svg><a href='nowhere.html'/></svg>"})
    assert problems(site) == []


def test_robots_txt_sitemap_lines(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"robots.txt": "\n".join([
        "User-agent: *",
        "Disallow: /drafts/",
        f"Sitemap: {SITEURL}/sitemap.xml",
        "sitemap: sitemap.xml",
        "Sitemap:",
    ])})
    assert problems(site) == [
        f"robots.txt:3: sitemap URL points to no file of the site: {SITEURL}/sitemap.xml",
        "robots.txt:4: sitemap URL is not absolute: sitemap.xml",
        "robots.txt:5: empty sitemap URL",
    ]
