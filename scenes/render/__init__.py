"""The render driver: render exactly the scenes the article needs, in parallel.

The parts, in the order data flows through them:

- ``catalog``: the scenes of ``scenes/``, read from the source (no Manim import);
- ``cache``: each scene keyed on everything it runs, renders kept by key;
- ``driver``: ``render_scenes``, which renders the missing keys on every core
  (``pool``), or on a Dask cluster (``cluster``), with a render cache shared
  by every machine behind the local one (``shared_cache``);
- ``worker`` (with ``play_sharing``, ``glyphs`` and ``manim_adapter``): one
  scene rendered in a worker process, the only code that imports Manim;
- ``stills``: a render's still in the forms pages use;
- ``manifest``: the typed record of what was rendered, read by the site build.

The names most callers want are importable from here; they load on first use,
so ``import scenes.render.manifest`` alone stays light.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["render_scenes", "RenderResult", "RenderFailure", "RenderSettingError", "PROFILES",
           "DEFAULT_PROFILE", "add_render_options", "default_jobs", "PROJECT_ROOT"]

_HOMES = {"render_scenes": "driver", "RenderResult": "driver", "RenderFailure": "driver",
          "RenderSettingError": "driver", "add_render_options": "driver",
          "default_jobs": "driver", "PROFILES": "profiles", "DEFAULT_PROFILE": "profiles",
          "PROJECT_ROOT": "manifest"}


def __getattr__(name: str) -> Any:
    # PEP 562: import the part that defines ``name`` only when it is asked for.
    if name in _HOMES:
        return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
