"""Pelican settings for publishing (`make publish`): pelicanconf.py plus what a public site needs.

Absolute URLs from ``SITEURL`` (the environment, or ``make publish SITEURL=...``),
Atom and RSS feeds, ``sitemap.xml`` (pelican-sitemap), ``robots.txt`` pointing at
it, and, with ``PRECOMPRESS=1``, ``.gz`` and ``.br`` copies of the text files
(pelican-precompress) for servers that send them as they are.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: E402,F403
from pelicanconf import PLUGINS, ROOT  # noqa: E402

SITEURL = (os.environ.get("SITEURL") or "https://example.github.io/nn-linear-algebra").rstrip("/")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"

# A publish starts from an empty folder: nothing of an older build survives.
DELETE_OUTPUT_DIRECTORY = True

PLUGINS = [*PLUGINS, "pelican.plugins.sitemap"]
SITEMAP = {
    "format": "xml",
    "exclude": [r"^robots\.txt$"],
    "priorities": {"articles": 0.8, "indexes": 0.5, "pages": 0.5},
    "changefreqs": {"articles": "monthly", "indexes": "weekly", "pages": "monthly"},
}
# robots.txt names the sitemap by its absolute URL, so it is a template, not a static file.
TEMPLATE_PAGES = {str(ROOT / "pipeline" / "templates" / "robots.txt"): "robots.txt"}

# Off unless asked for: not every host serves precompressed files.
if os.environ.get("PRECOMPRESS", "") not in ("", "0"):
    PLUGINS.append("pelican.plugins.precompress")
    PRECOMPRESS_GZIP = True
    PRECOMPRESS_BROTLI = True
    PRECOMPRESS_ZOPFLI = False
    PRECOMPRESS_ZSTANDARD = False
