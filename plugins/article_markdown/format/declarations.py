"""What may be written: the header keys, the placeholder, heading ids; each directive's
items and options are declared by the directive itself (``directives/``) and
gathered here.

Parsing, validation, error messages and the author's reference are all derived
from these declarations (in the spirit of ``pymdownx.blocks``' ``OPTIONS``): a
new option is one line in its directive's module plus the code that builds its
HTML, beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..directives import DIRECTIVE_NAMES, DIRECTIVES
from ..directives.explore import FIGURES as EXPLORE_FIGURES
from ..spec import (
    IMAGE_SUFFIXES,
    VIDEO_SUFFIXES,
    Choice,
    DirectiveSpec,
    Item,
    ItemKind,
    Option,
    Value,
    suffix_of,
)

__all__ = [
    "ARTICLE_SUFFIXES", "DIRECTIVES", "DIRECTIVE_NAMES", "EXPLORE_FIGURES", "HEADER_KEYS",
    "IMAGE_SUFFIXES", "PLACEHOLDER", "VIDEO_SUFFIXES", "Choice", "DirectiveSpec", "HeaderKey",
    "Item", "ItemKind", "Option", "Value", "heading_id", "suffix_of",
]

#: Article sources under the content folder: Markdown, and Jupyter notebooks written out
#: as Markdown (``notebook.py``).
ARTICLE_SUFFIXES = (".md", ".ipynb")

#: ``{{ hard_relu.accuracy:.0% }}``: a dotted path into the stored results and a format spec.
PLACEHOLDER = re.compile(r"\{\{\s*(?P<path>[A-Za-z_][\w.]*)\s*(?::\s*(?P<spec>[^}]*?))?\s*\}\}")


@dataclass(frozen=True)
class HeaderKey:
    """One key of the ``- key: value`` header that the site gives a meaning to."""

    name: str
    description: str
    required: bool = False


HEADER_KEYS: tuple[HeaderKey, ...] = (
    HeaderKey("title", "the article's title", required=True),
    HeaderKey("date", "YYYY-MM-DD[ HH:MM], in the site's time zone"),
    HeaderKey("slug", "the page's file name, e.g. neural-networks"),
    HeaderKey("tags", "comma separated"),
    HeaderKey("summary", "one or two sentences for cards and link previews"),
    HeaderKey("description", "the page's meta description"),
    HeaderKey("image", "the cover: a scene still (Scene.jpg) or a file under images/"),
)


def heading_id(text: str, separator: str = "-") -> str:
    """A heading's id: its own text, runs of white space made ``separator``.

    ``[看這裡](#第一節：開始)`` must reach ``## 第一節：開始``; Python-Markdown's
    slugifiers drop the full-width colon or the whole Chinese title, while
    HTML5 ids may hold any character but white space. Python-Markdown's ``toc``
    takes this as its ``slugify`` and the theme uses it for headings without one.
    """
    return re.sub(r"\s+", separator, text.strip())
