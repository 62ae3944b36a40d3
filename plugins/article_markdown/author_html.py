"""What an author writes as HTML in Markdown is sanitized; script URLs Markdown writes are refused.

Two ways script could reach a page through an article's Markdown, two answers:

- **Raw HTML** (a ``<div>`` block, an inline ``<span>``; a notebook's HTML
  output arrives the same way) is kept, but sanitized by ``sanitize`` (nh3):
  ``<script>`` and event handlers disappear, the rest of the markup stays.
  Python-Markdown keeps raw HTML aside in its stash; the entries that its
  raw-HTML block preprocessor and inline pattern made are noted and cleaned once
  the tree is built. Entries a directive's caption turned into text (the
  directives escape raw HTML there) are left as they are.
- **Markdown's own links and attributes** (``[x](javascript:...)``, an image's
  source, ``{: onclick=...}`` from ``attr_list``) are the author's typing, not
  pasted markup: a script URL or an event handler there stops the build with
  ``path:line``, like every other mistake.

Only the author's input is touched: the HTML the directives build (figures,
``<noscript>`` stills, videos) and highlighted code pass as they are.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER

from .errors import SourceError
from .sanitize import dangerous_url, sanitize_html, sanitize_tag

__all__ = ["AuthorHtmlExtension"]

# Attributes whose value a browser follows or loads as a URL.
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "cite",
                   "background", "xlink:href", "ping", "longdesc", "manifest", "codebase"}
_NEVER = {"srcdoc"}  # a whole document in an attribute


class AuthorHtmlExtension(Extension):
    """Sanitize raw HTML; refuse script URLs and handlers in what Markdown builds."""

    def __init__(self, **kwargs) -> None:  # noqa: ANN003 - Python-Markdown's config
        super().__init__(**kwargs)
        self.block_entries: set[int] = set()
        self.inline_entries: set[int] = set()
        self.source = ""

    def reset(self) -> None:
        # Cleared in place: the noting processors hold these very sets.
        self.block_entries.clear()
        self.inline_entries.clear()
        self.source = ""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        md.registerExtension(self)
        md.preprocessors.register(_SourceKeeper(md, self), "author_html_source", 33)
        if "html_block" in md.preprocessors:  # md_in_html (in `extra`) has its own: wrapped too
            raw_blocks = md.preprocessors["html_block"]
            md.preprocessors.register(_NotingPreprocessor(md, raw_blocks, self.block_entries),
                                      "html_block", 20)
        md.inlinePatterns.register(_NotingInlineHtml(HTML_RE, md, self.inline_entries),
                                   "html", 90)
        # After 'inline' (20) stashed the inline tags and the directives escaped their
        # captions' (19).
        md.treeprocessors.register(_Sanitizer(md, self), "author_html_sanitize", 18)
        # After everything that sets attributes: attr_list (8), toc (5), unescape (0).
        md.treeprocessors.register(_AttributeCheck(md, self), "author_html_check", -10)


class _SourceKeeper(Preprocessor):
    """Keep the lines as written (for the line of a refused URL); start a page afresh."""

    def __init__(self, md: Markdown, extension: AuthorHtmlExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        self.extension.reset()
        self.extension.source = "\n".join(lines)
        return lines


class _NotingPreprocessor(Preprocessor):
    """Run Python-Markdown's raw-HTML block preprocessor; note the stash entries it made."""

    def __init__(self, md: Markdown, inner: Preprocessor, noted: set[int]) -> None:
        super().__init__(md)
        self.inner, self.noted = inner, noted

    def run(self, lines: list[str]) -> list[str]:
        before = self.md.htmlStash.html_counter
        result = self.inner.run(lines)
        self.noted.update(range(before, self.md.htmlStash.html_counter))
        return result


class _NotingInlineHtml(HtmlInlineProcessor):
    """Python-Markdown's inline raw HTML (one tag at a time), noting each stash entry."""

    def __init__(self, pattern: str, md: Markdown, noted: set[int]) -> None:
        super().__init__(pattern, md)
        self.noted = noted

    def handleMatch(self, m: re.Match[str], data: str):  # noqa: ANN201, N802 - base's API
        result = super().handleMatch(m, data)
        self.noted.add(self.md.htmlStash.html_counter - 1)
        return result


class _Sanitizer(Treeprocessor):
    """Clean every noted raw-HTML entry that still holds markup."""

    def __init__(self, md: Markdown, extension: AuthorHtmlExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        stash = self.md.htmlStash.rawHtmlBlocks
        emptied = set()
        for index in sorted(self.extension.block_entries):
            if isinstance(stash[index], str) and "<" in stash[index]:
                stash[index] = sanitize_html(stash[index])
                if not stash[index].strip():
                    emptied.add(HTML_PLACEHOLDER % index)
        for index in sorted(self.extension.inline_entries):
            # A caption's tags were escaped into text by the directives: no "<" left.
            if isinstance(stash[index], str) and stash[index].lstrip().startswith("<"):
                stash[index] = sanitize_tag(stash[index])
        # A block that was nothing but a script leaves no empty paragraph behind.
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "p" and len(child) == 0 and (child.text or "") in emptied:
                    parent.remove(child)


class _AttributeCheck(Treeprocessor):
    """Refuse a script URL or an event handler in any element Markdown built."""

    def __init__(self, md: Markdown, extension: AuthorHtmlExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for name, value in element.items():
                lowered = name.lower()
                if lowered.startswith("on") or lowered in _NEVER:
                    raise SourceError(self._line_of(name, value), (
                        f"attribute {name}=\"{value}\" would run script on the page: "
                        "an article holds no scripts"))
                if lowered in _URL_ATTRIBUTES and dangerous_url(_as_in_page(value)):
                    raise SourceError(self._line_of(name, value), (
                        f"script URL '{value}' in {name}: links may be http, https, mailto, "
                        "tel or a path in the site"))

    def _line_of(self, name: str, value: str) -> int:
        source = self.extension.source
        for needle in (value, value.strip(), name):
            index = source.find(needle) if needle else -1
            if index >= 0:
                return source.count("\n", 0, index) + 1
        return 1


def _as_in_page(value: str) -> str:
    """An attribute value as Python-Markdown writes it into the page (its serializer's rule:
    "&" escaped unless it starts an entity, so ``&#106;`` reaches the browser as an entity)."""
    value = re.sub(r"&(?!#?\w+;)", "&amp;", value)
    return value.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
