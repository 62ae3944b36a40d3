"""How a scene's files are named, in its cache entry and in a site.

- a still's narrower copy adds its width to the stem: ``S-480w.jpg``;
- a video's storyboard still of beat N (1-based): ``S-beat-03.png`` in the entry,
  and ``images/manim/S-beat-03.jpg`` (``.webp``, ``-480w``) in the site;
- a video's renditions (``rendition_files``): ``S.mp4`` (H.264 at the render's size,
  the name the author wrote), ``S.av1.mp4``, ``S-1280w.mp4``, ``S-1280w.av1.mp4``.

Pure Python; ``manifest`` reads names through these.
"""

from __future__ import annotations

import re

__all__ = ["CODEC_SUFFIXES", "DEFAULT_CODEC", "VIDEO_SUFFIX", "beat_still_name",
           "rendition_site_name", "sized_name", "split_beat", "split_codec", "split_size"]

VIDEO_SUFFIX = ".mp4"
#: What a codec adds to a rendition's file stem; H.264's files keep the author's name.
CODEC_SUFFIXES = {"h264": "", "av1": ".av1"}
#: The codec of the file the author's path names: the one every browser plays.
DEFAULT_CODEC = "h264"
_SIZED = re.compile(r"^(?P<stem>.+)-(?P<width>\d+)w$")
_BEAT = re.compile(r"^(?P<stem>.+)-beat-(?P<index>\d{2,})$")


def beat_still_name(scene: str, index: int) -> str:
    """The entry's lossless still of beat ``index`` (1-based) of ``scene``: ``S-beat-03.png``."""
    return f"{scene}-beat-{index:02d}.png"


def split_beat(stem: str) -> tuple[str, int | None]:
    """``S-beat-03`` -> (``S``, 3); a stem of no beat -> (stem, None)."""
    beat = _BEAT.match(stem)
    return (beat["stem"], int(beat["index"])) if beat else (stem, None)


def sized_name(name: str, width: int) -> str:
    """``S.jpg`` at ``width`` pixels: ``S-480w.jpg`` (a file or a site path's name)."""
    stem, _, suffix = name.rpartition(".")
    return f"{stem}-{width}w.{suffix}"


def split_size(stem: str) -> tuple[str, int | None]:
    """``S-480w`` -> (``S``, 480); a stem without a width -> (stem, None)."""
    sized = _SIZED.match(stem)
    return (sized["stem"], int(sized["width"])) if sized else (stem, None)


def rendition_site_name(stem: str, codec: str, width: int | None) -> str:
    """The file name of ``stem``'s rendition: ``S.mp4``, ``S.av1.mp4``, ``S-1280w.av1.mp4``.

    ``width`` is None for the render's own size.
    """
    return f"{stem}{f'-{width}w' if width else ''}{CODEC_SUFFIXES[codec]}{VIDEO_SUFFIX}"


def split_codec(stem: str) -> tuple[str, str]:
    """``S.av1`` -> (``S``, ``av1``); a stem without a codec's suffix is H.264's."""
    for codec, suffix in CODEC_SUFFIXES.items():
        if suffix and stem.endswith(suffix):
            return stem.removesuffix(suffix), codec
    return stem, DEFAULT_CODEC
