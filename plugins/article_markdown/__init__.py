"""Pelican plugin: the article format (metadata header, directives, math, anchors).

Laid out like the pelican-plugins organisation's plugins: ``register()``
connects to Pelican's signals, settings share the ``ARTICLE_MARKDOWN_`` prefix
(defaults in ``settings.py``), and the Markdown extensions are injected into
``MARKDOWN`` on ``initialized`` so that ``pelicanconf.py`` stays declarative.
"""

from .plugin import register

__all__ = ["register"]
