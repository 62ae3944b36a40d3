"""The render driver: render exactly the scenes the article needs, in parallel.

The parts, in the order data flows through them (import each name from the
module that defines it):

- ``catalog``: the scenes of ``scenes/``, read from the source (no Manim import);
- ``cache``: each scene keyed on everything it runs, renders kept by key and
  trusted only when every file checks out against the entry's ``record``;
- ``driver``: ``render_scenes``, which renders the missing keys on every core
  (``pool``), or on a Dask cluster (``cluster``), with a render cache shared
  by every machine behind the local one (``shared_tier``, ``shared_cache``),
  under the author's ``settings`` (workers, time limit, ...);
- ``worker`` (with ``play_sharing``, ``glyphs`` and ``manim_adapter``): one
  scene rendered in a worker process, the only code that imports Manim;
  ``lifetime``: a worker ends with the build that started it;
- ``stills``: a render's still in the forms pages use;
- ``record``: one render, typed (``render.json`` and a worker's outcome);
- ``manifest``: the typed record of what was rendered, read by the site build;
- ``command``: ``python -m scenes.render``.

Nothing here imports ``plugins/`` or ``pipeline/``: what the articles ask for
is found by ``pipeline`` and passed in as file names.
"""
