// An !explore figure, brought to life. theme.js imports this module only when a figure
// nears the view, and calls mount() for each figure then; the figure's data file (written
// at build time from scenes/data: points, labels, the stored network, the scenes'
// palettes) is fetched here, and the module of its kind after it.
//
// The figure's box was laid out by the page (the plugin's HTML, the theme's CSS) before
// any of this ran: the stage and the panel are filled in place, nothing around them moves.

const KINDS = { matrix: "./matrix.js", layer: "./layer.js", network: "./network.js" };

/** Bring `figure` (a figure.explore element) to life; resolves once it is drawn. */
export async function mount(figure) {
  if (figure.exploreFigure || figure.dataset.state === "loading") return figure.exploreFigure;
  figure.dataset.state = "loading";
  try {
    const response = await fetch(figure.dataset.src);
    if (!response.ok) throw new Error(`${figure.dataset.src}: HTTP ${response.status}`);
    const data = await response.json();
    const path = KINDS[data.kind];
    if (!path) throw new Error(`no figure draws kind '${data.kind}'`);
    const start = figure.dataset.start ? JSON.parse(figure.dataset.start) : {};
    const kind = await import(path);
    figure.exploreFigure = kind.create(figure, data, start);
    figure.dataset.state = "ready";
    return figure.exploreFigure;
  } catch (error) {
    figure.dataset.state = "failed";
    throw error;
  }
}
