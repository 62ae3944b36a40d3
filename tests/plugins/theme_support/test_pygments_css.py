"""The committed code-highlighting CSS is what Pygments generates now."""

from __future__ import annotations

from plugins.theme_support.pygments_css import CSS_PATH, build_css


def test_committed_css_matches_pygments_output() -> None:
    assert CSS_PATH.read_text(encoding="utf-8") == build_css(), (
        "regenerate with `python -m plugins.theme_support.pygments_css`"
    )


def test_each_style_is_scoped_to_its_mode_only() -> None:
    rules = [line for line in build_css().splitlines() if line and not line.startswith("/*")]
    light = [r for r in rules if r.startswith(':root[data-theme="light"] .highlight')]
    dark = [r for r in rules if r.startswith(':root:not([data-theme="light"]) .highlight')]
    assert light and dark and len(light) + len(dark) == len(rules)
