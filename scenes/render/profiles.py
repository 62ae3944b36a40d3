"""Quality profiles: how big and how smooth a render is, and what readers download of it.

A profile says two things. How a scene is rendered (its size, frame rate, and
whether its beats must have words): that is part of the render key. And the
renditions pages ship of each video (``Rendition``: codec, encoder settings,
size, frame rate), encoded from the render's lossless master: those are keyed
on their own (``renditions.rendition_key``), so a changed rendition setting
encodes again without rendering again.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_PROFILE", "PROFILES", "Profile", "Rendition"]


@dataclass(frozen=True)
class Rendition:
    """One encoding of a video that pages offer readers, made from the render's master.

    ``codec`` is what the browser chooses by (``h264`` or ``av1``); ``encoder``
    and ``options`` are FFmpeg's (``-preset``, ``-crf``, ...); ``width`` and
    ``fps`` are the rendition's own when smaller than the master's (None: the
    master's). The height follows the master's shape.
    """

    codec: str
    encoder: str
    options: tuple[tuple[str, str], ...]
    width: int | None = None
    fps: int | None = None

    @property
    def name(self) -> str:
        """``h264``, ``av1``, ``h264-1280w``, ``av1-1280w``: unique within a profile."""
        return self.codec + (f"-{self.width}w" if self.width else "")

    @property
    def full_size(self) -> bool:
        return self.width is None

    def as_dict(self) -> dict[str, object]:
        return {"codec": self.codec, "encoder": self.encoder,
                "options": [list(pair) for pair in self.options],
                "width": self.width, "fps": self.fps}


def _x264(preset: str, crf: int, **size: int) -> Rendition:
    return Rendition("h264", "libx264", (("preset", preset), ("crf", str(crf))), **size)


def _svt_av1(preset: int, crf: int, **size: int) -> Rendition:
    return Rendition("av1", "libsvtav1", (("preset", str(preset)), ("crf", str(crf))), **size)


@dataclass(frozen=True)
class Profile:
    """Pixel size and frame rate of one quality level, and the renditions it ships."""

    name: str
    width: int
    height: int
    fps: int
    # A story beat without a title or description fails the render (it warns below this):
    # a published video's words are what readers who cannot watch it get.
    words_required: bool = False
    #: What pages offer, most preferred codec first within each size; the full-size
    #: H.264 one is the page's own path (``S.mp4``), the fallback every browser plays.
    renditions: tuple[Rendition, ...] = ()
    #: The least SSIM (against the master) a rendition may have to be published.
    ssim_floor: float = 0.995

    def __post_init__(self) -> None:
        names = [rendition.name for rendition in self.renditions]
        if "h264" not in names or len(set(names)) != len(names):
            raise ValueError(f"profile {self.name}: renditions need one full-size H.264 "
                             f"and unique names, got {names}")

    def as_dict(self) -> dict[str, object]:
        """What a render depends on (its key): not the renditions, which are keyed apart."""
        return {"name": self.name, "width": self.width, "height": self.height, "fps": self.fps,
                "words_required": self.words_required}


# The settings below were chosen by measurement (README, "Renditions"; bench/video_bytes.py).
# Publish: AV1 (SVT-AV1) first for the browsers that decode it, H.264 for the rest, each
# at 1080p60 and at 1280x720, 30 fps, for screens narrower than the article's column.
# x264 `medium`, CRF 23 is what the site shipped before AV1. SVT-AV1 preset 12 at 1080p60
# is the slowest preset the publish time allows; the 720p30 one affords preset 10.
_PUBLISH_RENDITIONS = (
    _svt_av1(12, 42), _x264("medium", 23),
    _svt_av1(10, 42, width=1280, fps=30), _x264("medium", 23, width=1280, fps=30),
)
# Tiny: both codecs and both sizes, so that the tests see what publish ships. At
# 256x144 a scene's 200 dots are edges everywhere: AV1 keeps its SSIM only at a low
# CRF, and the floor is lower (it tests that the gate works, not that the picture does).
_TEST_RENDITIONS = (
    _svt_av1(12, 30), _x264("ultrafast", 23),
    _svt_av1(12, 30, width=128), _x264("ultrafast", 23, width=128),
)

PROFILES: dict[str, Profile] = {
    profile.name: profile
    for profile in (
        # Tiny and choppy: only proves a scene renders, for the test suite.
        Profile("test", 256, 144, 5, renditions=_TEST_RENDITIONS, ssim_floor=0.95),
        # What `make html` renders while writing. Drafts are watched on the author's
        # machine and never downloaded by a reader: H.264 alone, x264's fastest preset
        # (files about three times larger, encoded several times faster).
        Profile("draft", 854, 480, 15, renditions=(_x264("ultrafast", 23),),
                ssim_floor=0.98),
        Profile("publish", 1920, 1080, 60, words_required=True,
                renditions=_PUBLISH_RENDITIONS),
    )
}
DEFAULT_PROFILE = "draft"
