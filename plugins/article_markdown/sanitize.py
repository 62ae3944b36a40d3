"""HTML an author (or a notebook's output) brings, made safe with nh3 (Ammonia).

Markdown lets an author write raw HTML, and a notebook may carry HTML its code
printed (a DataFrame's table, a plot library's ``<script>``). Neither is ever
published as live markup: it goes through nh3, the Python binding of the
Rust sanitizer Ammonia, with an allowlist of what an article's prose may hold
(text formatting, lists, tables, figures, pictures, video and audio, links).
Everything else is removed: ``<script>``, ``<style>``, ``<iframe>``,
``<object>``, ``<svg>``, forms, event handlers (``onerror=``), ``style``, HTML
comments, and any URL whose scheme is not http, https, mailto or tel: Ammonia
parses URLs as browsers do, so ``JaVaScRiPt:``, `` javascript:``,
``&#106;avascript:`` and ``java<TAB>script:`` are all caught. Relative URLs
(``images/a.png``, ``{static}/...``, ``#section``) are kept.

``dangerous_url`` asks the same parser whether a URL Markdown itself wrote
(``[x](...)``) would run script, so the plugin can refuse it with its line.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import nh3

__all__ = ["ALLOWED_TAGS", "dangerous_url", "sanitize_html", "sanitize_tag",
           "svg_script_reason"]

ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS | {
    "video", "audio", "source", "track", "picture", "section", "main"})
_ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"class", "id", "title", "lang", "dir", "hidden", "translate"},
    "img": nh3.ALLOWED_ATTRIBUTES["img"] | {"loading", "decoding", "srcset", "sizes"},
    "video": {"src", "poster", "width", "height", "controls", "muted", "loop", "playsinline",
              "preload", "autoplay"},
    "audio": {"src", "controls", "muted", "loop", "preload"},
    "source": {"src", "type", "media", "srcset", "sizes", "width", "height"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "ol": {"start", "reversed", "type"},
    "time": {"datetime"},
    "details": {"open"},
}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Schemes whose URL runs code (or a whole document) when followed.
_SCRIPT_SCHEMES = {"javascript", "vbscript", "data", "livescript"}
_END_TAG = re.compile(r"</\s*([A-Za-z][\w-]*)\s*>")
_START_TAG = re.compile(r"<([A-Za-z][\w-]*)")


def sanitize_html(fragment: str) -> str:
    """``fragment`` with only the allowed elements, attributes and URLs left."""
    return nh3.clean(fragment, tags=set(ALLOWED_TAGS), attributes=_ATTRIBUTES,
                     url_schemes=_URL_SCHEMES, generic_attribute_prefixes={"data-", "aria-"},
                     # The author's links as written: no rel="noopener noreferrer" added.
                     link_rel=None, strip_comments=True)


def sanitize_tag(tag: str) -> str:
    """One tag written inline in prose (Markdown hands them over one at a time).

    An end tag stays if its element is allowed. A start tag is sanitized alone;
    Ammonia then closes the element it opened, which is cut off again: the
    author's own end tag follows later in the text.
    """
    end = _END_TAG.fullmatch(tag.strip())
    if end:
        return f"</{end.group(1).lower()}>" if end.group(1).lower() in ALLOWED_TAGS else ""
    start = _START_TAG.match(tag)
    cleaned = sanitize_html(tag)
    if start:
        cleaned = cleaned.removesuffix(f"</{start.group(1).lower()}>")
    return cleaned


def dangerous_url(serialized: str) -> bool:
    """Whether an attribute value, as it stands in the page's HTML, is a script URL.

    The value is given to Ammonia twice in a link: kept when script schemes are
    allowed and dropped when no scheme is, it has one of them. A relative URL is
    kept both times; http or a mistyped scheme is dropped both times (the link
    check reports those as malformed).
    """
    def kept(schemes: set[str]) -> bool:
        probe = nh3.clean(f'<a href="{serialized}">x</a>', tags={"a"},
                          attributes={"a": {"href"}}, url_schemes=schemes, link_rel=None)
        return "href=" in probe

    return kept(_SCRIPT_SCHEMES) and not kept(set())


# SVG elements that run script or embed another document.
_SVG_ACTIVE = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
_EMBEDDED_PICTURE = re.compile(r"data:image/(png|jpeg|gif|webp)[;,]")
_CSS_LOAD = re.compile(r"@import|url\(\s*['\"]?(?!#)", re.I)


def svg_script_reason(raw: bytes) -> str | None:
    """Why an SVG file could run script or load something when opened, or None.

    Written here because no well-kept Python sanitizer keeps SVG (Ammonia drops
    it whole); this only refuses, never rewrites, so a mistake errs on the side
    of refusing. Matplotlib's SVGs (paths, text, styles, embedded rasters, links
    to their own ``#ids``) pass.
    """
    try:
        # expat: internal entities are expanded as a browser would, external ones never fetched.
        root = ElementTree.fromstring(raw)
    except ElementTree.ParseError as error:
        return f"not well-formed SVG: {error}"
    for element in root.iter():
        name = _local(element.tag)
        if name in _SVG_ACTIVE:
            return f"it holds a <{name}> element"
        if name == "style" and _CSS_LOAD.search(element.text or ""):
            return "its stylesheet loads another file"
        for attribute, value in element.attrib.items():
            key = _local(attribute)
            if key.startswith("on"):
                return f"it holds an event handler, {key}="
            if key == "href" and not (value.startswith("#") or _EMBEDDED_PICTURE.match(value)):
                return f"it links to or loads '{value[:80]}'"
            if key == "attributename" and _local(value) == "href":
                return "it animates a link"
            if key == "style" and _CSS_LOAD.search(value):
                return "a style in it loads another file"
    return None


def _local(name: str) -> str:
    """An XML name without its namespace, lower case (``{http://...}onLoad`` -> ``onload``)."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()
