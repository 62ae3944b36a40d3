"""Pelican settings for the theme's fixture site (tests/theme/fixture_content).

Mirrors what pelicanconf.py must set for the theme, without the article's own
Markdown plugin: the fixture writes the directives' HTML out by hand, so the theme is
tested against the contract (notes/CONTRACTS.md) rather than against the plugin.
"""

from pathlib import Path

_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parents[1]  # the project (this file is read by Pelican, by path)

AUTHOR = "測試作者"
SITENAME = "線性代數與神經網路"
SITESUBTITLE = "用動畫理解神經網路的線性代數"
SITEURL = ""
RELATIVE_URLS = False
PATH = str(_HERE / "fixture_content")
TIMEZONE = "Asia/Taipei"
DEFAULT_LANG = "zh-Hant-TW"

THEME = str(_ROOT / "theme")
PLUGIN_PATHS = [str(_ROOT / "plugins")]
PLUGINS = ["theme_support"]

ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["pages"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "media"]
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "404"]
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = False
DEFAULT_PAGINATION = 10

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
