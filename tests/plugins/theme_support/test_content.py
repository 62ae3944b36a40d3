"""Heading anchors, table of contents, prose text (content.py)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from plugins.theme_support.content import join_paragraphs, plain_text, prepare_content

ARTICLE = """
<p>開頭的段落，公式 <span class="katex"><span class="katex-mathml"><math><semantics>
<mrow><mi>y</mi></mrow><annotation encoding="application/x-tex">y = Wx</annotation>
</semantics></math></span><span class="katex-html" aria-hidden="true">y=Wx</span></span>。</p>
<h2 id="第一節：開始">第一節：開始</h2>
<p>第二段。</p>
<figure class="quote"><blockquote><p>引文。</p></blockquote><figcaption>— 某人</figcaption></figure>
<h3>小節 A</h3>
<h3>小節 A</h3>
<div class="highlight"><pre><span></span>print("code")</pre></div>
<h2 id="第二節">第二節</h2>
<figure class="video"><video width="854" height="480" poster="/m/a.jpg" preload="none"
 playsinline muted loop data-autoplay><source src="/m/a.mp4" type="video/mp4"></video>
<figcaption>一段動畫</figcaption></figure>
"""


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_h2_h3_get_anchor_links_and_keep_their_ids() -> None:
    soup = soup_of(prepare_content(ARTICLE).html)
    heading = soup.find("h2", id="第一節：開始")
    anchor = heading.find("a", class_="heading-anchor")
    assert anchor["href"] == "#第一節：開始"
    assert anchor["aria-label"] == "本節連結：第一節：開始"
    assert anchor.get_text() == "§"
    assert len(soup.select("h2 > a.heading-anchor, h3 > a.heading-anchor")) == 4


def test_markdown_toc_permalinks_are_replaced_not_doubled() -> None:
    html = '<h2 id="a">標題<a class="headerlink" href="#a" title="連結到本節">#</a></h2>'
    prepared = prepare_content(html)
    heading = soup_of(prepared.html).h2
    assert [a["class"] for a in heading.find_all("a")] == [["heading-anchor"]]
    assert prepared.toc[0].text == "標題"


def test_missing_ids_are_made_unique_from_the_text() -> None:
    ids = [h["id"] for h in soup_of(prepare_content(ARTICLE).html).find_all("h3")]
    assert ids == ["小節-A", "小節-A-2"]


def test_toc_nests_h3_under_h2() -> None:
    toc = prepare_content(ARTICLE).toc
    assert [(e.id, e.text) for e in toc] == [("第一節：開始", "第一節：開始"), ("第二節", "第二節")]
    assert [c.id for c in toc[0].children] == ["小節-A", "小節-A-2"]
    assert toc[1].children == []


def test_h3_before_any_h2_is_a_top_entry() -> None:
    toc = prepare_content("<h3 id='a'>A</h3><h2 id='b'>B</h2>").toc
    assert [e.id for e in toc] == ["a", "b"]


def test_preparing_twice_does_not_double_the_anchors() -> None:
    once = prepare_content(ARTICLE).html
    twice = prepare_content(once)
    assert twice.html.count("heading-anchor") == once.count("heading-anchor")
    assert twice.toc[0].text == "第一節：開始"


def test_directive_html_is_left_as_the_plugin_made_it() -> None:
    # Posters, fallbacks and sources are the !mp4 directive's own (its unit builds them).
    prepared = prepare_content(ARTICLE).html
    video = soup_of(prepared).find("figure", class_="video")
    assert video == soup_of(ARTICLE).find("figure", class_="video")


def test_reading_text_skips_code_and_math() -> None:
    prepared = prepare_content(ARTICLE)
    assert "print" not in prepared.text and "Wx" not in prepared.text
    assert "開頭的段落" in prepared.text and "引文" in prepared.text
    assert prepared.has_math


def test_lead_text_is_body_paragraphs_with_math_as_tex() -> None:
    lead = prepare_content(ARTICLE).lead_text
    assert lead == "開頭的段落，公式 y = Wx。第二段。"


def test_join_paragraphs_spaces_only_after_latin() -> None:
    assert join_paragraphs(["中文。", "English.", "再來"]) == "中文。English. 再來"


def test_plain_text_collapses_whitespace() -> None:
    assert plain_text("<p>a\n  b</p><script>x()</script>") == "a b"


def test_a_videos_words_are_no_prose_to_time() -> None:
    # A closed transcript and a hidden storyboard would double the reading time.
    words = ('<figure class="video"><video></video><div class="storyboard"><figure>'
             '<figcaption>0:00　標題：描述一</figcaption></figure></div></figure>'
             '<details class="transcript"><summary>文字說明</summary><ol><li><p>描述二</p></li>'
             '</ol></details><p>正文。</p>')
    prepared = prepare_content(words)
    assert prepared.text == "正文。" and prepared.lead_text == "正文。"
