"""The one-layer figure on the easy curves: w1, w2, b and the threshold on the number line,
and the accuracy Python computes for the same weights.
"""

from __future__ import annotations

import pytest
from explore_reader import Reader, accuracy_text, python_predictions, readouts, spoken

from scenes.data.networks import load_networks

pytestmark = pytest.mark.xdist_group("render")  # its renders are the article tests'


def test_layer_shows_the_stored_accuracy_and_pythons_predictions(reader: Reader) -> None:
    figure = reader.figure("easy_one_layer")
    stored = load_networks()["easy_one_layer"]
    predictions = reader.call(figure, "f.predictions()")
    assert predictions == python_predictions("easy_one_layer", reader.call(figure, "f.state()"))
    shown = readouts(reader, figure)
    assert shown["accuracy"] == \
        f"正確率 {stored['accuracy']:.0%}（{stored['correct']} / {stored['total']}）"
    assert shown["W"] == ["0.00", f"{stored['layers'][0]['W'][0][1]:.2f}"]
    assert shown["t"] == [f"{stored['threshold']:.2f}".replace("-", "\u2212")]
    assert shown["accuracy"] in spoken(figure)


def test_layer_threshold_by_pointer_moves_the_line_and_the_accuracy(reader: Reader) -> None:
    figure = reader.figure("easy_one_layer")
    before = reader.call(figure, "f.boundary()")
    picture = figure.locator(".explore__stage").screenshot()
    reader.drag(figure.get_by_role("slider", name="門檻值 t"), 70, 0)
    state = reader.call(figure, "f.state()")
    assert state["threshold"] > 1
    after = reader.call(figure, "f.boundary()")
    # The boundary is nearly level: it moved up the plane, the same amount at both ends.
    assert after[0][1] < before[0][1] - 10 and after[1][1] < before[1][1] - 10
    assert figure.locator(".explore__stage").screenshot() != picture
    predictions = python_predictions("easy_one_layer", state)
    assert reader.call(figure, "f.predictions()") == predictions
    text = readouts(reader, figure)["accuracy"]
    assert text == accuracy_text("easy_one_layer", predictions) and "100%" not in text


def test_layer_by_keyboard_and_back_to_the_trained_weights(reader: Reader) -> None:
    figure = reader.figure("easy_one_layer")
    handle = figure.get_by_role("slider", name="ĵ 的落點 w₂")
    handle.focus()
    for _ in range(2):
        reader.page.keyboard.press("Shift+ArrowLeft")
    reader.page.keyboard.press("ArrowLeft")
    reader.settle()
    state = reader.call(figure, "f.state()")
    assert state["W"][0][1] == 0.02 and handle.get_attribute("aria-valuetext") == "0.02"
    predictions = python_predictions("easy_one_layer", state)
    assert reader.call(figure, "f.predictions()") == predictions
    text = accuracy_text("easy_one_layer", predictions)
    assert readouts(reader, figure)["accuracy"] == text
    # The live region speaks the new accuracy once the reader stops.
    reader.page.wait_for_function("([f, text]) => f.querySelector('[aria-live]').textContent"
                                  " === text", arg=[figure.element_handle(), text])
    figure.get_by_role("button", name="還原訓練結果").click()
    reader.settle()
    stored = load_networks()["easy_one_layer"]
    assert reader.call(figure, "f.state()") == {
        "W": stored["layers"][0]["W"], "b": stored["layers"][0]["b"],
        "threshold": stored["threshold"]}
    assert readouts(reader, figure)["accuracy"].startswith("正確率 100%")
