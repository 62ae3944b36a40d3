"""How each directive renders, in Python-Markdown's own ``assertMarkdownRenders`` style."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from markdown.test_tools import TestCase

from plugins.article_markdown.directives.extension import DirectiveExtension
from plugins.article_markdown.errors import SourceError
from plugins.article_markdown.media import MediaResolver

from .conftest import make_content

SIZES = "(min-width: 42em) 38em, calc(100vw - 2rem)"


def sources(stem: str, theme: str = "dark", themed: bool = True) -> str:
    """The <source>s of a scene video in every rendition (the fixture's ThemedScene), as
    the directive lists them: small screens' first, AV1 before H.264 in each size."""
    html = ""
    for name, codec, codecs, width in (("av1-32w", "av1", "av01.0.00M.08", 32),
                                       ("h264-32w", "h264", "avc1.42c00a", 32),
                                       ("av1", "av1", "av01.0.00M.08", None),
                                       ("h264", "h264", "avc1.42c00b", None)):
        queries = [query for query in ("(prefers-color-scheme: light)" if theme == "light"
                                       and themed else "", "" if width is None
                                       else "(max-width: 41.99em)") if query]
        media = f'media="{" and ".join(queries)}" ' if queries else ""
        size = 'data-size="(max-width: 41.99em)" ' if width else ""
        mark = f'data-theme="{theme}" ' if themed else ""
        suffix = f"{f'-{width}w' if width else ''}{'.av1' if codec == 'av1' else ''}.mp4"
        html += (f'<source data-rendition="{name}" {size}{mark}{media}src="{stem}{suffix}" '
                 f'type="video/mp4; codecs=&quot;{codecs}&quot;">')
    return html
LIGHT = 'data-theme="light" media="(prefers-color-scheme: light)" sizes="' + SIZES + '" '
# What a reader without JavaScript gets for a video with no poster: a link to the file.
CLIP_LINK = ('<noscript><a class="video-fallback" href="{static}/images/clip.mp4">播放動畫'
             '</a></noscript>\n')


class DirectiveTestCase(TestCase):
    """Each test renders with a resolver over a real fixture content folder."""

    def setUp(self) -> None:
        self._folder = tempfile.TemporaryDirectory()
        root = Path(self._folder.name)
        content = make_content(root)
        self.resolver = MediaResolver(content, root / "manifest.json")
        self.data_folder = root / "explore-data"
        self.default_kwargs = {"extensions": [DirectiveExtension(self.resolver,
                                                                 self.data_folder)],
                               "output_format": "html5"}

    def tearDown(self) -> None:
        self._folder.cleanup()


class TestQuote(DirectiveTestCase):
    def test_quotation_only(self) -> None:
        self.assertMarkdownRenders(
            "!quote\n- 這是引言。",
            '<figure class="quote">\n<blockquote>\n<p>這是引言。</p>\n</blockquote>\n</figure>',
        )

    def test_attribution_and_inline_markdown_kept(self) -> None:
        self.assertMarkdownRenders(
            "!quote\n- 神經網路**很**直觀\n- 某人",
            '<figure class="quote">\n<blockquote>\n<p>神經網路<strong>很</strong>直觀</p>\n'
            "</blockquote>\n<figcaption>— 某人</figcaption>\n</figure>",
        )

    def test_raw_html_is_escaped(self) -> None:
        self.assertMarkdownRenders(
            "!quote\n- <b onclick=x()>hi</b>",
            '<figure class="quote">\n<blockquote>\n<p>&lt;b onclick=x()&gt;hi&lt;/b&gt;</p>\n'
            "</blockquote>\n</figure>",
        )

    def test_continuation_line_joins_the_item(self) -> None:
        self.assertMarkdownRenders(
            "!quote\n- 第一行\n  第二行",
            '<figure class="quote">\n<blockquote>\n<p>第一行 第二行</p>\n</blockquote>\n</figure>',
        )


class TestImage(DirectiveTestCase):
    def test_path_only(self) -> None:
        self.assertMarkdownRenders(
            "!image\n- pixel.png",
            '<figure class="image"><img alt="" decoding="async" height="6" loading="lazy" '
            'src="{static}/images/pixel.png" width="8"></figure>',
        )

    def test_dark_flag_caption_and_source(self) -> None:
        self.assertMarkdownRenders(
            "!image\n- dark\n- pixel.png\n- 一張*小*圖\n- https://example.org/p\n- 範例",
            '<figure class="image"><img alt="一張小圖" class="dark-art" decoding="async" '
            'height="6" loading="lazy" src="{static}/images/pixel.png" width="8">'
            "<figcaption>一張<em>小</em>圖"
            '<span class="source">來源：<a href="https://example.org/p">範例</a></span>'
            "</figcaption>\n</figure>",
        )

    def test_caption_html_is_escaped(self) -> None:
        self.assertMarkdownRenders(
            "!image\n- pixel.png\n- a <script>alert(1)</script>",
            '<figure class="image"><img alt="a &lt;script&gt;alert(1)&lt;/script&gt;" '
            'decoding="async" height="6" loading="lazy" src="{static}/images/pixel.png" '
            'width="8"><figcaption>a &lt;script&gt;alert(1)&lt;/script&gt;</figcaption>\n'
            "</figure>",
        )

    def test_scene_still_by_alias(self) -> None:
        self.assertMarkdownRenders(
            "!image\n- manim/demo-still.jpg",
            '<figure class="image"><picture><source sizes="' + SIZES + '" '
            'srcset="{static}/images/manim/demo-still.webp 64w" type="image/webp">'
            '<img alt="" decoding="async" height="36" loading="lazy" sizes="' + SIZES + '" '
            'src="{static}/images/manim/demo-still.jpg" '
            'srcset="{static}/images/manim/demo-still.jpg 64w" width="64"></picture></figure>',
        )
        media = self.resolver.external_media["images/manim/demo-still.jpg"]
        assert media.source.suffix == ".jpg" and media.source.is_file()

    def test_a_pinned_theme_shows_that_render_alone(self) -> None:
        self.assertMarkdownRenders(
            "!mp4\n- theme: light\n- images/manim/ThemedScene.mp4",
            '<figure class="video">\n<video data-autoplay="" '
            'data-poster="{static}/images/manim/light/ThemedScene.jpg" '
            'data-poster-srcset="{static}/images/manim/light/ThemedScene.webp 64w" height="36" '
            'loop muted playsinline preload="none" width="64">'
            + sources("{static}/images/manim/light/ThemedScene", themed=False) + '</video>\n'
            '<noscript><a class="video-fallback" '
            'href="{static}/images/manim/light/ThemedScene.mp4"><picture>'
            '<source sizes="' + SIZES + '" srcset="{static}/images/manim/light/ThemedScene.webp '
            '64w" type="image/webp"><img alt="播放動畫" decoding="async" height="36" '
            'loading="lazy" src="{static}/images/manim/light/ThemedScene.jpg" width="64">'
            '</picture></a></noscript>\n</figure>',
        )
        self.assertMarkdownRenders(
            "!image\n- theme: dark\n- manim/ThemedScene.jpg",
            '<figure class="image"><picture><source sizes="' + SIZES + '" '
            'srcset="{static}/images/manim/ThemedScene.webp 64w" type="image/webp">'
            '<img alt="" decoding="async" height="36" loading="lazy" sizes="' + SIZES + '" '
            'src="{static}/images/manim/ThemedScene.jpg" '
            'srcset="{static}/images/manim/ThemedScene.jpg 64w" width="64"></picture></figure>',
        )

    def test_a_scene_still_in_two_themes_is_a_picture(self) -> None:
        # Per theme, WebP then JPEG copies (srcset); the default theme's JPEG on the <img>.
        light = LIGHT
        self.assertMarkdownRenders(
            "!image\n- manim/ThemedScene.jpg\n- 說明",
            '<figure class="image"><picture>'
            '<source ' + light + 'srcset="{static}/images/manim/light/ThemedScene.webp 64w" '
            'type="image/webp">'
            '<source ' + light + 'srcset="{static}/images/manim/light/ThemedScene.jpg 64w">'
            '<source data-theme="dark" sizes="' + SIZES + '" '
            'srcset="{static}/images/manim/ThemedScene.webp 64w" type="image/webp">'
            '<img alt="說明" decoding="async" height="36" loading="lazy" sizes="' + SIZES + '" '
            'src="{static}/images/manim/ThemedScene.jpg" '
            'srcset="{static}/images/manim/ThemedScene.jpg 64w" width="64"></picture>'
            "<figcaption>說明</figcaption>\n</figure>",
        )

    def test_inline_image_and_other_bangs_left_alone(self) -> None:
        self.assertMarkdownRenders(
            "![圖](x.png) !important\n\n!quote 不是指令",
            '<p><img alt="圖" src="x.png"> !important</p>\n<p>!quote 不是指令</p>',
        )


class TestVideo(DirectiveTestCase):
    def test_defaults_autoplay_loop_muted_inline(self) -> None:
        self.assertMarkdownRenders(
            "!mp4\n- images/clip.mp4",
            '<figure class="video">\n<video data-autoplay="" height="36" loop muted playsinline '
            'preload="none" width="64"><source src="{static}/images/clip.mp4" '
            'type="video/mp4"></video>\n' + CLIP_LINK + '</figure>',
        )

    def test_options_poster_and_caption(self) -> None:
        # The poster waits for the theme's script; without scripts it stands in, captioned.
        self.assertMarkdownRenders(
            "!mp4\n- options: no-loop, no-autoplay, controls\n- images/clip.mp4\n"
            "- images/pixel.png\n- 看**這裡**",
            '<figure class="video">\n<video controls data-poster="{static}/images/pixel.png" '
            'height="36" muted playsinline preload="none" width="64">'
            '<source src="{static}/images/clip.mp4" type="video/mp4"></video>\n'
            '<noscript><a class="video-fallback" href="{static}/images/clip.mp4">'
            '<img alt="播放動畫：看這裡" decoding="async" height="36" loading="lazy" '
            'src="{static}/images/pixel.png" width="64"></a></noscript>\n'
            "<figcaption>看<strong>這裡</strong></figcaption>\n</figure>",
        )

    def test_lazy_posters_can_be_turned_off(self) -> None:
        self.assertMarkdownRenders(
            "!mp4\n- images/clip.mp4\n- images/pixel.png",
            '<figure class="video">\n<video data-autoplay="" height="36" loop muted playsinline '
            'poster="{static}/images/pixel.png" preload="none" width="64">'
            '<source src="{static}/images/clip.mp4" type="video/mp4"></video>\n'
            '<noscript><a class="video-fallback" href="{static}/images/clip.mp4">'
            '<img alt="播放動畫" decoding="async" height="36" loading="lazy" '
            'src="{static}/images/pixel.png" width="64"></a></noscript>\n</figure>',
            extensions=[DirectiveExtension(self.resolver, self.data_folder, lazy_posters=False)],
        )

    def test_options_do_not_leak_into_later_blocks(self) -> None:
        self.assertMarkdownRenders(
            "!mp4\n- options: no-loop, no-autoplay, controls\n- images/clip.mp4\n\n"
            "!mp4\n- images/clip.mp4",
            '<figure class="video">\n<video controls height="36" muted playsinline '
            'preload="none" width="64"><source src="{static}/images/clip.mp4" '
            'type="video/mp4"></video>\n' + CLIP_LINK + '</figure>\n'
            '<figure class="video">\n<video data-autoplay="" height="36" loop muted playsinline '
            'preload="none" width="64"><source src="{static}/images/clip.mp4" '
            'type="video/mp4"></video>\n' + CLIP_LINK + '</figure>',
        )

    def test_scene_video_gets_its_still_as_poster_and_keeps_case(self) -> None:
        self.assertMarkdownRenders(
            "!mp4\n- images/manim/DemoScene.mp4",
            '<figure class="video">\n<video data-autoplay="" '
            'data-poster="{static}/images/manim/DemoScene.jpg" '
            'data-poster-srcset="{static}/images/manim/DemoScene.webp 64w" height="36" loop muted '
            'playsinline preload="none" width="64">'
            '<source data-rendition="h264" src="{static}/images/manim/DemoScene.mp4" '
            'type="video/mp4; codecs=&quot;avc1.42c00b&quot;"></video>\n'
            '<noscript><a class="video-fallback" href="{static}/images/manim/DemoScene.mp4">'
            '<picture><source sizes="' + SIZES + '" '
            'srcset="{static}/images/manim/DemoScene.webp 64w" type="image/webp">'
            '<img alt="播放動畫" decoding="async" height="36" loading="lazy" '
            'src="{static}/images/manim/DemoScene.jpg" width="64"></picture></a></noscript>\n'
            "</figure>",
        )

    def test_a_scene_in_two_themes_gets_a_source_and_a_poster_for_each(self) -> None:
        # Without scripts too: the poster of the reader's scheme, each theme's in its widths.
        self.assertMarkdownRenders(
            "!mp4\n- images/manim/ThemedScene.mp4",
            '<figure class="video">\n<video data-autoplay="" '
            'data-light-poster="{static}/images/manim/light/ThemedScene.jpg" '
            'data-light-poster-srcset="{static}/images/manim/light/ThemedScene.webp 64w" '
            'data-poster="{static}/images/manim/ThemedScene.jpg" '
            'data-poster-srcset="{static}/images/manim/ThemedScene.webp 64w" height="36" loop '
            'muted playsinline preload="none" '
            'width="64">' + sources("{static}/images/manim/light/ThemedScene", "light")
            + sources("{static}/images/manim/ThemedScene", "dark") + '</video>\n'
            '<noscript><a class="video-fallback" href="{static}/images/manim/ThemedScene.mp4">'
            '<picture><source media="(prefers-color-scheme: light)" sizes="' + SIZES + '" '
            'srcset="{static}/images/manim/light/ThemedScene.webp 64w" type="image/webp">'
            '<source media="(prefers-color-scheme: light)" sizes="' + SIZES + '" '
            'srcset="{static}/images/manim/light/ThemedScene.jpg 64w">'
            '<source sizes="' + SIZES + '" srcset="{static}/images/manim/ThemedScene.webp 64w" '
            'type="image/webp"><img alt="播放動畫" decoding="async" height="36" loading="lazy" '
            'src="{static}/images/manim/ThemedScene.jpg" width="64"></picture></a></noscript>\n'
            '</figure>',
        )
        light = self.resolver.external_media["images/manim/light/ThemedScene.mp4"]
        assert light.source.parent.parent.name == "light" and light.source.is_file()

    def test_directive_directly_after_a_paragraph(self) -> None:
        self.assertMarkdownRenders(
            "一段文字\n!mp4\n- images/clip.mp4\n接著的文字",
            '<p>一段文字</p>\n<figure class="video">\n<video data-autoplay="" height="36" loop '
            'muted playsinline preload="none" width="64"><source src="{static}/images/clip.mp4"'
            ' type="video/mp4"></video>\n' + CLIP_LINK + '</figure>\n<p>接著的文字</p>',
        )

    def test_directive_inside_fenced_code_is_code(self) -> None:
        from markdown.extensions.fenced_code import FencedCodeExtension

        self.assertMarkdownRenders(
            "```\n!mp4\n- nowhere.mp4\n```",
            "<pre><code>!mp4\n- nowhere.mp4\n</code></pre>",
            extensions=[DirectiveExtension(self.resolver), FencedCodeExtension()],
        )


class TestNesting(DirectiveTestCase):
    """A directive in a blockquote or a list item is built there, from its own lines."""

    def test_a_quote_in_a_blockquote_then_a_video(self) -> None:
        # Once, the quote took the next directive's HTML and the video became a paragraph.
        self.assertMarkdownRenders(
            "> 引言前\n>\n> !quote\n> - 被引用\n> - 某人\n\n!mp4\n- images/clip.mp4",
            '<blockquote>\n<p>引言前</p>\n<figure class="quote">\n<blockquote>\n<p>被引用</p>\n'
            '</blockquote>\n<figcaption>— 某人</figcaption>\n</figure>\n</blockquote>\n'
            '<figure class="video">\n<video data-autoplay="" height="36" loop muted playsinline '
            'preload="none" width="64"><source src="{static}/images/clip.mp4" '
            'type="video/mp4"></video>\n' + CLIP_LINK + '</figure>',
        )

    def test_an_image_in_a_list_item(self) -> None:
        self.assertMarkdownRenders(
            "1. 第一步\n\n    !image\n    - pixel.png\n    - 小圖\n\n2. 第二步",
            '<ol>\n<li>\n<p>第一步</p>\n<figure class="image"><img alt="小圖" decoding="async" '
            'height="6" loading="lazy" src="{static}/images/pixel.png" width="8">'
            '<figcaption>小圖</figcaption>\n</figure>\n</li>\n<li>\n<p>第二步</p>\n</li>\n</ol>',
        )

    def test_a_directive_in_a_list_inside_a_blockquote(self) -> None:
        self.assertMarkdownRenders(
            "> - 項目\n>\n>     !quote\n>     - 被引用",
            '<blockquote>\n<ul>\n<li>\n<p>項目</p>\n<figure class="quote">\n<blockquote>\n'
            '<p>被引用</p>\n</blockquote>\n</figure>\n</li>\n</ul>\n</blockquote>',
        )

    def test_indented_after_a_blank_line_outside_a_list_is_code(self) -> None:
        self.assertMarkdownRenders(
            "段落\n\n    !quote\n    - 程式碼",
            "<p>段落</p>\n<pre><code>!quote\n- 程式碼\n</code></pre>",
        )


class TestExplore(DirectiveTestCase):
    def test_a_network_with_start_values_and_a_themed_still(self) -> None:
        self.assertMarkdownRenders(
            "!explore\n- hard_relu\n- start: W1=[[1, 0], [0, 1]]\n- manim/ThemedScene.jpg\n"
            "- 拖曳**看**",
            '<figure class="explore explore--network" data-figure="hard_relu" '
            'data-src="{static}/explore/hard_relu.json" '
            'data-start="{&quot;W1&quot;:[[1.0,0.0],[0.0,1.0]]}">\n'
            '<div class="explore__live">\n<div class="explore__stage"></div>\n'
            '<div class="explore__panel"></div>\n</div>\n'
            # The still as an !image shows it: per theme, WebP then JPEG copies.
            '<noscript><picture>'
            '<source ' + LIGHT + 'srcset="{static}/images/manim/light/ThemedScene.webp 64w" '
            'type="image/webp">'
            '<source ' + LIGHT + 'srcset="{static}/images/manim/light/ThemedScene.jpg 64w">'
            '<source data-theme="dark" sizes="' + SIZES + '" '
            'srcset="{static}/images/manim/ThemedScene.webp 64w" type="image/webp">'
            '<img alt="拖曳看" class="explore__still" decoding="async" height="36" '
            'loading="lazy" sizes="' + SIZES + '" src="{static}/images/manim/ThemedScene.jpg" '
            'srcset="{static}/images/manim/ThemedScene.jpg 64w" width="64"></picture>'
            '</noscript>\n'
            "<figcaption>拖曳<strong>看</strong></figcaption>\n</figure>",
        )
        data = self.resolver.external_media["explore/hard_relu.json"]
        assert data.source.parent == self.data_folder
        assert json.loads(data.source.read_text(encoding="utf-8"))["figure"] == "hard_relu"

    def test_each_figure_kind_and_no_start(self) -> None:
        for name, kind in (("matrix", "matrix"), ("easy_one_layer", "layer"),
                           ("hand_set", "layer"), ("hard_two_linear", "network")):
            self.assertMarkdownRenders(
                f"!explore\n- {name}\n- pixel.png",
                f'<figure class="explore explore--{kind}" data-figure="{name}" '
                f'data-src="{{static}}/explore/{name}.json">\n'
                '<div class="explore__live">\n<div class="explore__stage"></div>\n'
                '<div class="explore__panel"></div>\n</div>\n'
                '<noscript><img alt="" class="explore__still" decoding="async" height="6" '
                'loading="lazy" src="{static}/images/pixel.png" width="8"></noscript>\n'
                "</figure>",
            )
            assert f"explore/{name}.json" in self.resolver.external_media


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ("text\n\n!gif\n- a.gif", 3, "unknown directive '!gif'"),
        ("!mp4\n", 1, "!mp4 needs a path"),
        ("!image\n- dark", 1, "!image needs a path"),
        ("!mp4\n- options: no-loop, loud\n- images/clip.mp4", 2, "unknown !mp4 option 'loud'"),
        ("\n!mp4\n- images/missing.mp4", 3, "no such file: images/missing.mp4"),
        ("!image\n- ../../etc/passwd.png", 2, "path escapes the content folder"),
        ("!image\n- /etc/x.png", 2, "path must be relative to content/"),
        ("!mp4\n- images/manim/DemoScen.mp4", 2, "names no Manim scene in scenes/ (did you mean"
         " DemoScene?)"),
        ("!mp4\n- images/manim/StillScene.mp4", 2, "has not been rendered"),
        ("!image\n- pixel.png\n- c\n- ftp://x", 4, "the source URL is not an http(s) URL: ftp://x"),
        ("\n!explore\n- matrix\n- nothing.jpg", 4, "no such file: nothing.jpg"),
        ("!explore\n- matrix\n- start: W=[[5, 0], [0, 1]]\n- pixel.png", 3,
         "start value W[0][0] = 5 is outside -2.5..2.5"),
        # Nested where the format cannot follow, or written where Markdown reads text.
        ("- 項目\n\n    > !quote\n    > - 被引用", 3, "!quote cannot stand here"),
        ("- !mp4\n- images/clip.mp4", 1, "!mp4 cannot share a line with a list item's bullet"),
        ("一段文字\n    !quote\n    - 被引用", 2, "!quote cannot stand here"),
        ("- 項目\n\n        !quote\n        - 被引用", 3, "!quote cannot stand here"),
        ("> !mp4\n> - images/missing.mp4", 2, "no such file: images/missing.mp4"),
    ],
)
def test_errors_name_the_line(tmp_path: Path, source: str, line: int, message: str) -> None:
    import markdown

    content = make_content(tmp_path)
    resolver = MediaResolver(content, tmp_path / "manifest.json")
    md = markdown.Markdown(extensions=[DirectiveExtension(resolver, tmp_path / "data")])
    with pytest.raises(SourceError) as raised:
        md.convert(source)
    assert raised.value.line == line
    assert message in raised.value.message
