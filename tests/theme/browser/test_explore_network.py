"""The 2-2-1 ReLU network figure: its steps, W1 and b1 moved at the fold, and motion
only for readers who want it.
"""

from __future__ import annotations

import pytest
from explore_reader import Reader, accuracy_text, python_predictions, readouts
from playwright.sync_api import Browser

from scenes.data.datasets import dataset
from scenes.data.networks import load_networks, predict

pytestmark = pytest.mark.xdist_group("render")  # its renders are the article tests'


def test_network_steps_by_pointer_and_keyboard(reader: Reader) -> None:
    figure = reader.figure("hard_relu")
    steps = figure.locator(".explore__steps button")
    assert steps.all_inner_texts() == ["輸入", "W₁", "b₁", "ReLU", "W₂", "b₂"]
    assert steps.nth(0).get_attribute("aria-current") == "step"
    # No handle on the input: only the steps that W1 and b1 make can be dragged.
    assert figure.get_by_role("slider").count() == 0
    steps.nth(3).click()
    reader.settle()
    assert reader.call(figure, "f.step()") == 3
    assert steps.nth(3).get_attribute("aria-current") == "step"
    assert figure.get_by_role("slider").count() == 3
    steps.nth(3).focus()
    reader.page.keyboard.press("Tab")
    reader.page.keyboard.press("Enter")
    reader.settle()
    assert reader.call(figure, "f.step()") == 4 and figure.get_by_role("slider").count() == 0


def test_network_shows_the_stored_accuracy_and_pythons_predictions(reader: Reader) -> None:
    figure = reader.figure("hard_relu")
    stored = load_networks()["hard_relu"]
    assert reader.call(figure, "f.state()") == {"W1": stored["layers"][0]["W"],
                                                "b1": stored["layers"][0]["b"]}
    assert reader.call(figure, "f.predictions()") == \
        predict(stored, dataset("hard").points).tolist()
    assert readouts(reader, figure)["accuracy"] == \
        f"正確率 {stored['accuracy']:.0%}（{stored['correct']} / {stored['total']}）"


def test_moving_b1_at_the_fold_changes_the_accuracy(reader: Reader) -> None:
    figure = reader.figure("hard_relu")
    figure.get_by_role("button", name="第 4 步：套用 ReLU").click()
    reader.settle()
    origin = figure.get_by_role("slider", name="原點的落點：b₁")
    reader.drag(origin, -60, 60)
    state = reader.call(figure, "f.state()")
    assert state["b1"][0] < 0 and state["b1"][1] < 0
    predictions = python_predictions("hard_relu", state)
    assert reader.call(figure, "f.predictions()") == predictions
    text = readouts(reader, figure)["accuracy"]
    assert text == accuracy_text("hard_relu", predictions) and "100%" not in text
    # W1 by keyboard: î's tip, one step right.
    i_hat = figure.get_by_role("slider", name="î 的落點：W₁ 的第一行")
    i_hat.focus()
    reader.page.keyboard.press("ArrowRight")
    reader.settle()
    w1 = reader.call(figure, "f.state().W1")
    assert w1[0][0] == round(load_networks()["hard_relu"]["layers"][0]["W"][0][0] + 0.1, 2)
    assert readouts(reader, figure)["W1"][0] == f"{w1[0][0]:.2f}"
    assert reader.call(figure, "f.predictions()") == \
        python_predictions("hard_relu", reader.call(figure, "f.state()"))
    figure.get_by_role("button", name="還原訓練結果").click()
    reader.settle()
    assert readouts(reader, figure)["accuracy"].startswith("正確率 100%")


def test_steps_walk_unless_the_reader_asks_for_less_motion(browser: Browser,
                                                           explore_site: str) -> None:
    reader = Reader(browser, explore_site, reduced_motion="no-preference")
    try:
        figure = reader.figure("hard_relu")
        # Every frame's step, from the press until the step is reached: some on its way.
        # (Sampled frame by frame, not once after a fixed wait: a busy machine's frames
        # come late, and one sample could fall before the walk starts or after it ends.)
        figure.evaluate("""figure => { const f = figure.exploreFigure; window.seenSteps = [];
            const sample = () => { window.seenSteps.push(f.step());
                if (f.step() !== 1) requestAnimationFrame(sample); };
            requestAnimationFrame(sample); }""")
        figure.get_by_role("button", name="第 2 步：乘上 W₁").click()
        reader.page.wait_for_function("f => f.exploreFigure.step() === 1",
                                      arg=figure.element_handle())
        reader.page.wait_for_function("() => window.seenSteps.at(-1) === 1")
        assert any(0 < step < 1 for step in reader.page.evaluate("window.seenSteps"))
    finally:
        reader.close()
