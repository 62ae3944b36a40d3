"""The fixture site, built for real, equals the committed expected tree.

When a change to the theme or the plugin is meant, run `make expected` and
review the diff of tests/pipeline/expected in the commit.
"""

from __future__ import annotations

from pathlib import Path

from tests.pipeline.whole_site import build_fixture_site, read_expected, snapshot


def test_fixture_site_matches_expected_output(tmp_path: Path) -> None:
    output = tmp_path / "output"
    build_fixture_site(output)
    built, expected = snapshot(output), read_expected()
    assert sorted(built) == sorted(expected), "files differ; `make expected` if intended"
    for name in expected:
        assert built[name] == expected[name], f"{name} differs; `make expected` if intended"
