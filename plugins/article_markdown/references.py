"""Which scene outputs a content folder asks for, read without building anything.

The build asks this before Pelican runs, so that the scene renderer can make
exactly the media the pages need (and nothing when they are all fresh).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .directives import find_directives
from .header import bullet_header_to_meta
from .media import SCENE_MEDIA_DIR

__all__ = ["MediaReference", "media_references", "cover_candidates"]


@dataclass(frozen=True)
class MediaReference:
    """A path written in an article, relative to the content folder."""

    source: Path
    line: int
    path: PurePosixPath

    @property
    def names_scene_output(self) -> bool:
        return self.path.parent == SCENE_MEDIA_DIR


def cover_candidates(value: str) -> list[PurePosixPath]:
    """Where the ``image`` header field may point: a bare name means a scene still."""
    written = PurePosixPath(value.strip())
    if len(written.parts) == 1:
        return [SCENE_MEDIA_DIR / written, PurePosixPath("images") / written]
    return [PurePosixPath("images") / written, written]


def media_references(content_dir: Path) -> list[MediaReference]:
    """Every media path in the Markdown files of ``content_dir``, in a stable order."""
    references: list[MediaReference] = []
    for source in sorted(content_dir.rglob("*.md")):
        lines = source.read_text(encoding="utf-8-sig").split("\n")
        references.extend(_header_cover(source, lines))
        for block in find_directives(lines):
            base = "images" if block.name == "image" else ""
            for number, value in block.items:
                if value == "dark" or value.startswith("options:") or " " in value:
                    continue
                if "." not in value.rsplit("/", 1)[-1]:
                    continue
                path = PurePosixPath(base, value) if base else PurePosixPath(value)
                references.append(MediaReference(source, number, path))
    return references


def _header_cover(source: Path, lines: list[str]) -> list[MediaReference]:
    header = bullet_header_to_meta("\n".join(lines)).split("\n")
    for number, line in enumerate(header, start=1):
        if not line.strip():
            break
        key, _, value = line.partition(":")
        if key.strip().lower() == "image" and value.strip():
            return [MediaReference(source, number, p) for p in cover_candidates(value)]
    return []
