"""Links: in-page ones land on a heading; external ones are https to allowed hosts."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from tests.content.article import (
    ALLOWED_HOSTS,
    headings,
    links,
)


def test_in_page_links_point_at_existing_headings() -> None:
    internal = [m["target"][1:] for m in links() if m["target"].startswith("#")]
    assert len(internal) >= 2, "the article links to its own sections"
    for target in internal:
        assert target in headings(), f"#{target} matches no heading"
        assert not re.search(r"\s", target), f"#{target}: a link target cannot hold spaces"


def test_headings_are_unique() -> None:
    assert len(headings()) == len(set(headings()))


def test_external_links_are_https_to_allowed_hosts_and_well_formed() -> None:
    external = [m["target"] for m in links() if not m["target"].startswith("#")]
    assert external, "the article points readers to further material"
    for url in external:
        parts = urlsplit(url)
        assert parts.scheme == "https", url
        assert parts.hostname in ALLOWED_HOSTS, url
        assert re.fullmatch(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", url), f"not encoded: {url}"
        assert not re.search(r"%(?![0-9A-Fa-f]{2})", url), url
