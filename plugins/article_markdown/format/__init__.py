"""The article format, declared once: header keys, block directives, placeholders, heading ids.

Everything that reads an article goes through this module: the Pelican plugin
(which builds HTML from what is parsed here), the build's pre-pass that finds
the scenes a page needs, ``python -m scenes.render``, the publish gate and the
tests. It imports neither Python-Markdown nor Pillow: it is pure text in,
typed values out, and every mistake a ``SourceError`` with its line.

A directive is a block whose first line is exactly ``!name``, followed by a
bullet list whose items are its values, in a declared order::

    !mp4
    - options: no-loop, controls
    - images/manim/TwoLayersReLUInBetweenSolveHardTwoCurves.mp4
    - 看 ReLU 如何把平面折起來

    !explore
    - hard_relu
    - start: W1=[[1, 0], [0, 1]], b1=[0, 0]
    - manim/TwoLayersReLUInBetweenSolveHardTwoCurves.jpg
    - 拖曳 î 和 ĵ 的尖端，看平面怎麼被折

Each directive declares what it may hold as data (``directives/``, one module
each, in the spirit of ``pymdownx.blocks``): its items, in order, each with a kind
(text, a path, a URL, a flag word, a list of options, a name from a list,
numbers given as ``key=value``) and whether it may be left out. Parsing,
validation and every error message here come from those declarations, so a new
option is one line in the directive's module, beside the code that builds its
HTML.

Run ``python -m plugins.article_markdown.format`` for the reference an author reads.

The parts: ``declarations`` (the header keys, placeholders, heading ids, and the
directives' declarations gathered), ``blocks`` (directives found, in blockquotes
and list items too, and read), ``header`` (read once for every reader),
``articles`` (whole files, notebooks included) and ``reference``.
"""

from .articles import (
    ArticleSource,
    MediaReference,
    article_files,
    article_text,
    read_article,
    read_articles,
    requested_scene_files,
)
from .blocks import (
    Block,
    Directive,
    Written,
    content_relative,
    cover_candidates,
    find_blocks,
    is_directive_line,
    parse_directive,
)
from .declarations import (
    ARTICLE_SUFFIXES,
    DIRECTIVE_NAMES,
    DIRECTIVES,
    EXPLORE_FIGURES,
    HEADER_KEYS,
    IMAGE_SUFFIXES,
    PLACEHOLDER,
    VIDEO_SUFFIXES,
    Choice,
    DirectiveSpec,
    HeaderKey,
    Item,
    ItemKind,
    Option,
    Value,
    heading_id,
    suffix_of,
)
from .header import (
    Header,
    bullet_header_to_meta,
    header_line_of,
    is_bullet_header_line,
    read_header,
)
from .reference import reference_text

__all__ = [
    "ARTICLE_SUFFIXES", "DIRECTIVES", "DIRECTIVE_NAMES", "EXPLORE_FIGURES", "HEADER_KEYS",
    "IMAGE_SUFFIXES", "PLACEHOLDER", "VIDEO_SUFFIXES", "ArticleSource", "Block", "Choice",
    "Directive", "DirectiveSpec", "Header", "HeaderKey", "Item", "ItemKind", "MediaReference",
    "Option", "Value", "Written",
    "article_files", "article_text", "bullet_header_to_meta", "content_relative",
    "cover_candidates", "find_blocks", "header_line_of", "heading_id", "is_bullet_header_line",
    "is_directive_line",
    "parse_directive", "read_article", "read_articles", "read_header", "reference_text",
    "requested_scene_files", "suffix_of",
]
