"""No number typed by hand: every accuracy, count and weight comes from the networks."""

from __future__ import annotations

import re

import pytest

from tests.content.article import (
    TYPED_NUMBER_PATTERNS,
    body,
    offending_lines,
    placeholders,
    prose,
    resolve,
    without_code,
)


@pytest.mark.parametrize("pattern", TYPED_NUMBER_PATTERNS, ids=lambda p: p.pattern)
def test_no_typed_accuracy_count_or_weight(pattern: re.Pattern[str]) -> None:
    text = prose(placeholder="")
    problems = offending_lines(pattern, text)
    assert not problems, "use a {{ path:format }} placeholder:\n" + "\n".join(problems)


def test_article_uses_placeholders_for_every_network() -> None:
    used = {match["path"].split(".")[0] for match in placeholders()}
    assert used >= {"hand_set", "easy_one_layer", "hard_one_layer", "hard_two_linear", "hard_relu"}


@pytest.mark.parametrize("match", placeholders(), ids=lambda m: m.group().strip("{} "))
def test_placeholder_resolves_and_formats(match: re.Match[str]) -> None:
    try:
        value = resolve(match["path"])
    except (KeyError, IndexError, ValueError) as error:
        pytest.fail(f"{match.group()} is not a path into networks.json: {error!r}")
    assert isinstance(value, int | float) and not isinstance(value, bool), match.group()
    format(value, match["spec"] or "")


def test_placeholders_stay_out_of_math() -> None:
    # Math is rendered by KaTeX; keep substituted numbers in prose where their format is ours.
    text = without_code(body())
    maths = re.findall(r"\$\$.*?\$\$|\$[^$\n]+\$|\\begin\{align\}.*?\\end\{align\}", text, re.S)
    assert not [m for m in maths if "{{" in m]


def test_prose_agrees_with_the_stored_numbers() -> None:
    # The article explains *why* the weights look as they do; these are the facts it relies on.
    easy_w = resolve("easy_one_layer.layers.0.W.0")
    assert isinstance(easy_w, list)
    assert abs(easy_w[0]) < 0.05 < abs(easy_w[1]), "text says: only the height matters"
    assert resolve("easy_one_layer.accuracy") == 1.0, "text says: not a single mistake"
    assert resolve("hard_two_linear.correct") == resolve("hard_one_layer.correct")
    assert resolve("hard_relu.accuracy") == 1.0
    first = resolve("hard_relu.layers.0.W")
    assert isinstance(first, list)
    assert first[0][0] > 0 > first[1][0], "text says: one unit leans right, the other left"
    assert abs(first[0][1] - first[1][1]) < 0.2, "text says: same weight on the height"
    assert resolve("hand_set.layers.0.W.0") == [1.0, 1.0]
    assert resolve("hand_set.layers.0.b.0") == -2.0
    assert resolve("hard_relu.parameters") == 4 + 2 + 2 + 1
