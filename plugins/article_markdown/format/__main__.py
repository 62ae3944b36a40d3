"""``python -m plugins.article_markdown.format``: print the format's reference."""

import sys

from .reference import reference_text

sys.stdout.write(reference_text() + "\n")
