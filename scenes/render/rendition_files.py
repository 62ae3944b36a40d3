"""A render's renditions as the manifest lists them, and their names in a site.

Each video render keeps a lossless master; pages offer renditions of it (see
``profiles.Rendition``), each a file of its own in the site, beside the path
the author wrote:

- ``images/manim/S.mp4``: H.264 at the render's size (the author's path, the
  no-JavaScript link, what every browser can play);
- ``images/manim/S.av1.mp4``: AV1 at the render's size;
- ``images/manim/S-1280w.mp4``, ``S-1280w.av1.mp4``: the same, 1280 pixels wide
  (``-<width>w``, as the stills' narrower copies are named).

Another theme's are in its folder, as for every scene file (``light/S.av1.mp4``);
the names are made in ``file_names``. Pure Python: the manifest, the plugin and the
gate read this.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path

from .file_names import rendition_site_name

__all__ = ["RenditionFile"]


@dataclass(frozen=True)
class RenditionFile:
    """One rendition of a render, encoded and checked: its file and what it is.

    The manifest's view of a cached ``rendition_record.RenditionRecord``: the facts
    pages and the gate need, by the record's own names (``renditions._as_file``), and
    the file as a path; not the record itself, which is the cache's sealed truth.

    ``codecs`` is the RFC 6381 string of the real encode (``avc1.64002a``,
    ``av01.0.09M.08``), read from the file itself; ``ssim`` was measured against
    the master (brought to the rendition's size and frame rate first) when it
    was encoded; ``seconds`` is how long the encode and the measure took.
    """

    name: str
    codec: str
    codecs: str
    full_size: bool
    width: int
    height: int
    fps: int
    frames: int
    duration: float
    ssim: float
    key: str
    file: Path
    seconds: float = 0.0

    @property
    def mime_type(self) -> str:
        """The ``type`` of its ``<source>``: the browser skips a codec it cannot play."""
        return f'video/mp4; codecs="{self.codecs}"'

    def site_name(self, stem: str) -> str:
        """Its name in a site, for a page path of stem ``stem``."""
        return rendition_site_name(stem, self.codec, None if self.full_size else self.width)

    def to_json(self, base: Path) -> dict[str, object]:
        data = asdict(self)
        data["file"] = Path(os.path.relpath(self.file, base)).as_posix()
        return data

    @classmethod
    def from_json(cls, data: dict[str, object], base: Path) -> RenditionFile:
        fields = dict(data)
        fields["file"] = Path(os.path.normpath(base / str(fields["file"])))
        return cls(**fields)  # type: ignore[arg-type]
