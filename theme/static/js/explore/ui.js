// The parts of a figure's panel: readouts of the numbers, the accuracy, buttons, and the
// text only screen readers hear. Every part has a fixed height in the CSS (the panel's
// height was reserved before this ran), so filling or changing them moves nothing.

import { formatNumber, formatPercent } from "./maths.js";

let figureCount = 0;

/** A new id, unique on the page, starting with `stem`. */
export function uniqueId(stem) {
  figureCount += 1;
  return `${stem}-${figureCount}`;
}

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The keyboard hint the handles point to (aria-describedby), read but not shown. */
export function hint(parent, text) {
  const node = element("p", "visually-hidden", text);
  node.id = uniqueId("explore-hint");
  parent.append(node);
  return node.id;
}

/** A button; with `icon`, the label gives way to the icon on the narrowest screens (it
 *  stays the button's name for screen readers). */
export function button(parent, label, onClick, icon) {
  const node = element("button", "explore__button");
  if (icon) {
    const mark = element("span", "explore__icon", icon);
    mark.setAttribute("aria-hidden", "true");
    node.append(mark, element("span", "explore__label", label));
  } else {
    node.textContent = label;
  }
  node.type = "button";
  node.addEventListener("click", onClick);
  parent.append(node);
  return node;
}

/**
 * A matrix written out: `name = [ ... ]`, its entries in a grid, each column marked by
 * a bar in the scene's colour of what it is (`columnMarks`: "i", "j" or "bias", see
 * paintMarks; colour is never the only cue, the label says which is which). Returns
 * `update(rows)`.
 */
export function matrixReadout(parent, name, rowCount, columnCount, columnMarks, label) {
  const wrapper = element("div", "explore__matrix");
  wrapper.setAttribute("role", "group");
  wrapper.setAttribute("aria-label", label);
  const title = element("span", "explore__matrix-name");
  title.innerHTML = name; // a fixed string of this module, with <sub>
  wrapper.append(title, element("span", "explore__equals", "="));
  const grid = element("span", "explore__entries");
  grid.style.setProperty("--columns", String(columnCount));
  const cells = [];
  for (let row = 0; row < rowCount; row += 1) {
    const cellsOfRow = [];
    for (let column = 0; column < columnCount; column += 1) {
      const mark = columnMarks[column];
      const cell = element("span", "explore__entry" + (mark ? ` explore__entry--${mark}` : ""));
      grid.append(cell);
      cellsOfRow.push(cell);
    }
    cells.push(cellsOfRow);
  }
  wrapper.append(grid);
  parent.append(wrapper);
  return (rows) => {
    rows.forEach((values, row) =>
      values.forEach((value, column) => {
        const text = formatNumber(value);
        const cell = cells[row][column];
        if (cell.textContent !== text) cell.textContent = text;
      })
    );
  };
}

/** The scene colours the panel's marks and the handles use, as custom properties of the
 *  figure: set again when the page's theme changes. */
export function paintMarks(figure, colors) {
  const marks = {
    i: colors.i_hat, j: colors.j_hat, bias: colors.bias, threshold: colors.threshold,
    background: colors.background,
  };
  for (const [name, color] of Object.entries(marks)) {
    const property = `--explore-${name}`;
    if (figure.style.getPropertyValue(property) !== color) figure.style.setProperty(property, color);
  }
}

/**
 * The accuracy line, "正確率 100%（200 / 200）", as the videos write it; and a polite live
 * region that repeats it for screen readers once the reader stops moving (not on every
 * frame of a drag, which would bury them in announcements).
 */
export function accuracyLine(parent) {
  const line = element("p", "explore__accuracy");
  const live = element("p", "visually-hidden");
  live.setAttribute("aria-live", "polite");
  parent.append(line, live);
  let timer = 0;
  let shown = "";
  return {
    line,
    live,
    update(correct, total, { announce = false } = {}) {
      const text = `正確率 ${formatPercent(correct / total)}（${correct} / ${total}）`;
      if (text !== shown) {
        shown = text;
        line.textContent = text;
        line.dataset.correct = String(correct);
      }
      window.clearTimeout(timer);
      if (announce) {
        timer = window.setTimeout(() => {
          if (live.textContent !== text) live.textContent = text;
        }, 400);
      }
    },
  };
}
