"""Pelican settings for the article site (development build: `make html`)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent

AUTHOR = "神經網路與線性代數"
SITENAME = "直觀理解神經網路"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Taipei"
DEFAULT_LANG = "zh-Hant-TW"
DEFAULT_DATE_FORMAT = "%Y 年 %-m 月 %-d 日"

THEME = str(ROOT / "theme")

PLUGINS = ["plugins.article_markdown", "plugins.theme_support"]

# Articles anywhere under content/ (Pelican's default), pages under content/pages/.
ARTICLE_PATHS = [""]
PAGE_PATHS = ["pages"]
# Where static files are looked for; only those a page uses are published
# (plugins/article_markdown/shipped_files.py).
STATIC_PATHS = ["images", "extra"]
ARTICLE_URL = "{slug}.html"
ARTICLE_SAVE_AS = "{slug}.html"
# Media are copied from the render cache, never hard-linked: a link would share its
# bytes with the cache entry, and an edit there would change a built (or deployed) site.
STATIC_CREATE_LINKS = False
RELATIVE_URLS = True
DEFAULT_PAGINATION = 10
SUMMARY_MAX_LENGTH = 120

# No feeds while writing; publishconf.py turns them on.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# The numbers the article quotes come from the same file the scenes read.
ARTICLE_MARKDOWN_FIGURES = ROOT / "scenes" / "data" / "networks.json"
# The render manifest is set by the build (`pipeline.build`) for its quality profile.

# --- Theme settings (theme/ and plugins/theme_support) ---
SITESUBTITLE = "用線性代數與動畫，直觀理解神經網路在做什麼"
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "404"]
# The theme gives every heading its own "§" link.
ARTICLE_MARKDOWN_PERMALINK = False
