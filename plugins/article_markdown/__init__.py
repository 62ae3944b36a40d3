"""Pelican plugin: the article format (metadata header, directives, math, anchors).

Laid out like the pelican-plugins organisation's plugins: ``register()``
connects to Pelican's signals, settings share the ``ARTICLE_MARKDOWN_`` prefix
(defaults in ``settings.py``), and the Markdown extensions are injected into
``MARKDOWN`` on ``initialized`` so that ``pelicanconf.py`` stays declarative.

``format`` (the article format's declarations) imports neither Pelican nor
Python-Markdown, so the build, the render driver and the gate read articles
through it without loading the plugin: ``register`` imports it only when
Pelican asks.
"""


def register() -> None:
    """Connect the plugin to Pelican's signals (Pelican calls this for PLUGINS)."""
    from .plugin import register as connect
    from .shipped_files import register as ship_only_used_files

    connect()
    # Its own module and hook: which files of content/ are published is not the format's
    # business, and the format's wiring (plugin.py) stays as it is.
    ship_only_used_files()


__all__ = ["register"]
