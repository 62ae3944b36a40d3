"""The metadata header: every key the site knows, well formed, the cover a scene still."""

from __future__ import annotations

import re

from tests.content.article import (
    ARTICLE,
    COVER_IMAGE,
    REQUIRED_METADATA,
    metadata,
    source,
)


def test_header_has_every_required_key() -> None:
    missing = [key for key in REQUIRED_METADATA if not metadata().get(key)]
    assert not missing, f"metadata header lacks {missing}"


def test_header_slug_matches_file_name_and_cover_is_the_two_by_three_still() -> None:
    assert metadata()["slug"] == ARTICLE.stem
    assert metadata()["image"] == COVER_IMAGE


def test_header_date_and_tags_are_well_formed() -> None:
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?", metadata()["date"])
    tags = [tag.strip() for tag in metadata()["tags"].split(",")]
    assert len(tags) >= 2 and all(tags), tags


def test_header_lines_are_bullets() -> None:
    header = source().partition("\n\n")[0].splitlines()
    assert all(re.fullmatch(r"- \w+: .+", line) for line in header), header
