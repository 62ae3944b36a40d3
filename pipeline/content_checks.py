"""What the build checks in ``content/`` before anything is read or shipped from it.

Two faults an author causes without writing a wrong line of Markdown:

- **A symbolic link that leaves ``content/``** (a file, or a folder linked to
  ``/etc``): Pelican follows links while it gathers static files, so whatever
  the link reaches would be copied into ``output/`` and deployed. Every such
  link is refused, used or not, and never followed; so are links that point at
  nothing and folder links that loop back on themselves. Links that stay inside
  ``content/`` are fine.
- **A picture that cannot be read** (a truncated download, a file renamed
  ``.png`` that is not one): Pillow would fail deep inside Pelican with no
  line to point at, so each picture the articles name is opened here first.

Each problem is a ``SourceError``: ``path: reason``, or ``path:line: reason``
for a picture named on that line.
"""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from plugins.article_markdown.errors import SourceError, shown_path
from plugins.article_markdown.format import IMAGE_SUFFIXES, read_articles

__all__ = ["links_leaving_content", "unreadable_pictures"]


def links_leaving_content(content: Path) -> list[SourceError]:
    """Every symbolic link under ``content`` that leads out of it, nowhere, or round in a loop."""
    root = content.resolve()
    problems = []
    # followlinks=False: a linked folder is judged by where it points, never walked.
    for folder, folders, files in os.walk(root, followlinks=False):
        for name in sorted([*folders, *files]):
            link = Path(folder) / name
            if not link.is_symlink():
                continue
            target = Path(os.path.realpath(link))
            written = os.readlink(link)
            if not target.is_relative_to(root):
                reason = (f"a symbolic link to {written}, outside the content folder: "
                          "refused, never followed (copy the file into content/ instead)")
            elif not target.exists():
                reason = f"a symbolic link to {written}, which does not exist"
            elif target.is_dir() and link.parent.resolve().is_relative_to(target):
                reason = f"a symbolic link to {written}, a folder that holds it: a loop"
            else:
                continue
            problems.append(SourceError(0, reason, shown_path(str(link))))
    return problems


def unreadable_pictures(content: Path) -> list[SourceError]:
    """Each picture file the articles name (directives, covers) that Pillow cannot open."""
    articles, _ = read_articles(content)  # their own mistakes are reported elsewhere
    problems = []
    seen: set[Path] = set()
    for article in articles:
        try:
            references = article.media()
        except SourceError:
            continue  # a cover path that leaves content/: reported with the article's mistakes
        for reference in references:
            picture = content / reference.path
            suffix = picture.suffix.lower()
            if picture in seen or suffix not in IMAGE_SUFFIXES - {".svg"} \
                    or not picture.is_file():
                continue
            seen.add(picture)
            reason = _unreadable(picture)
            if reason:
                problems.append(SourceError(
                    reference.line, f"{reference.path} is not a readable picture ({reason})",
                    shown_path(str(article.path))))
    return problems


def _unreadable(picture: Path) -> str | None:
    """Why Pillow cannot read ``picture``, or None when it can."""
    try:
        with Image.open(picture) as image:
            image.verify()  # the whole file's structure and checksums, without decoding pixels
    except UnidentifiedImageError:
        return "not a picture format Pillow knows"
    except (OSError, SyntaxError, ValueError) as error:  # Pillow's errors for broken files
        return str(error) or type(error).__name__
    return None
