"""Quality profiles: how big and how smooth a render is."""

from __future__ import annotations

from dataclasses import asdict, dataclass

__all__ = ["Profile", "PROFILES", "DEFAULT_PROFILE"]


@dataclass(frozen=True)
class Profile:
    """Pixel size, frame rate and encoding effort of one quality level."""

    name: str
    width: int
    height: int
    fps: int
    # x264's speed/size trade-off. Drafts are watched on the author's machine
    # and never downloaded by a reader: the fastest preset (files about three
    # times larger, renders about 15% faster). Published videos are downloaded
    # by every reader.
    encoder_preset: str = "medium"
    # A story beat without a title or description fails the render (it warns below this):
    # a published video's words are what readers who cannot watch it get.
    words_required: bool = False

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


PROFILES: dict[str, Profile] = {
    profile.name: profile
    for profile in (
        # Tiny and choppy: only proves a scene renders, for the test suite.
        Profile("test", 256, 144, 5, encoder_preset="ultrafast"),
        # What `make html` renders while writing.
        Profile("draft", 854, 480, 15, encoder_preset="ultrafast"),
        Profile("publish", 1920, 1080, 60, words_required=True),
    )
}
DEFAULT_PROFILE = "draft"
