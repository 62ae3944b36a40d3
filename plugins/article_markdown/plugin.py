"""Signal handlers: inject the extensions, swap the reader, ship media and KaTeX.

The plugin keeps no state of its own between signals: each build's settings
carry its Markdown extensions (render-math's way of injecting them), and the
media resolver that collected the scene files is found among them again when
the static files are gathered.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Static

from . import static_links
from .directives.extension import DirectiveExtension
from .figures import FiguresExtension, load_figures
from .format import heading_id
from .math import KatexExtension, copy_katex_assets
from .media import MediaResolver
from .reader import ArticleMarkdownReader
from .settings import setting

__all__ = ["register", "markdown_settings"]

_OURS = (DirectiveExtension, KatexExtension, FiguresExtension)


def markdown_settings(settings: dict[str, Any], resolver: MediaResolver,
                      figures: dict[str, Any] | None = None) -> dict[str, Any]:
    """Pelican's ``MARKDOWN`` setting with the article format's extensions added."""
    markdown = copy.deepcopy({key: value for key, value in settings.get("MARKDOWN", {}).items()
                              if key != "extensions"})
    configs = markdown.setdefault("extension_configs", {})
    configs.setdefault("markdown.extensions.codehilite", {"css_class": "highlight"})
    configs.setdefault("markdown.extensions.extra", {})
    # The header is read by the format (reader.py); ``meta`` stays registered only because
    # Pelican's reader deregisters it by name, and finds the header's lines blank.
    configs.setdefault("markdown.extensions.meta", {})
    configs["markdown.extensions.toc"] = {
        "slugify": heading_id,
        "permalink": setting(settings, "ARTICLE_MARKDOWN_PERMALINK"),
        "permalink_title": "連結到本節",
        **configs.get("markdown.extensions.toc", {}),
    }
    configs["pymdownx.arithmatex"] = {"generic": True, "smart_dollar": True}
    extensions = [e for e in settings.get("MARKDOWN", {}).get("extensions", [])
                  if not isinstance(e, _OURS)]
    extensions.append(FiguresExtension(figures or {}))
    extensions.append(DirectiveExtension(
        resolver, Path(setting(settings, "ARTICLE_MARKDOWN_EXPLORE_DATA")),
        lazy_posters=setting(settings, "ARTICLE_MARKDOWN_LAZY_POSTERS"), figures=figures))
    extensions.append(KatexExtension(Path(setting(settings, "ARTICLE_MARKDOWN_KATEX_DIR"))))
    markdown["extensions"] = extensions
    markdown.setdefault("output_format", "html5")
    return markdown


def resolver_of(settings: dict[str, Any]) -> MediaResolver | None:
    """The media resolver of the build these settings belong to."""
    for extension in settings.get("MARKDOWN", {}).get("extensions", []):
        if isinstance(extension, DirectiveExtension):
            return extension.resolver
    return None


def initialized(pelican: Any) -> None:
    settings = pelican.settings
    manifest = setting(settings, "ARTICLE_MARKDOWN_RENDER_MANIFEST")
    resolver = MediaResolver(Path(settings["PATH"]), Path(manifest) if manifest else None)
    figures = setting(settings, "ARTICLE_MARKDOWN_FIGURES")
    settings["MARKDOWN"] = markdown_settings(settings, resolver,
                                             load_figures(Path(figures) if figures else None))


def readers_init(readers: Any) -> None:
    for extension in ArticleMarkdownReader.file_extensions:
        readers.reader_classes[extension] = ArticleMarkdownReader


def static_generator_finalized(generator: Any) -> None:
    """Add the rendered scene files that pages use to Pelican's static files.

    They live in the render cache, not in ``content/``; registered like this,
    ``{static}`` links to them resolve and Pelican copies (or links) them.
    """
    resolver = resolver_of(generator.settings)
    if resolver is None:
        return
    # Pelican has already made an entry for each `{static}` link it saw, pointing
    # into content/ where these files are not; ours replace those.
    ours = set(resolver.external_media)
    generator.staticfiles = [s for s in generator.staticfiles if s.save_as not in ours]
    for media in sorted(resolver.external_media.values(), key=lambda m: m.site_path):
        static = Static(content=None, metadata={"save_as": media.site_path,
                                                "url": media.site_path},
                        settings=generator.settings, source_path=str(media.source),
                        context=generator.context)
        generator.staticfiles.append(static)
        generator.context["static_content"][media.site_path] = static
    generator.context["staticfiles"] = generator.staticfiles


def finalized(pelican: Any) -> None:
    katex_dir = Path(setting(pelican.settings, "ARTICLE_MARKDOWN_KATEX_DIR"))
    if (katex_dir / "dist").is_dir():
        target = Path(pelican.output_path) / setting(pelican.settings,
                                                     "ARTICLE_MARKDOWN_KATEX_OUTPUT")
        copy_katex_assets(katex_dir, target)


def register() -> None:
    signals.initialized.connect(initialized)
    signals.readers_init.connect(readers_init)
    signals.static_generator_finalized.connect(static_generator_finalized)
    signals.finalized.connect(finalized)
    signals.content_written.connect(static_links.page_written)
    signals.feed_written.connect(static_links.feed_written)
