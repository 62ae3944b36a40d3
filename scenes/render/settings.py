"""The render settings an author gives: workers, cluster, shared cache, time limit.

Each is an option of ``python -m scenes.render`` and of the build
(``add_render_options``), by default from the environment (``JOBS``,
``RENDER_CLUSTER``, ``RENDER_CACHE``, ``SCENE_TIME_LIMIT``), so ``make html
VAR=value`` and a CI job's variables both work. Unset or empty: render on this
machine's cores into its own cache, each scene stopped only when it runs far
past its last render (``scene_time_limit``).
"""

from __future__ import annotations

import argparse
import os

from .profiles import Profile

__all__ = ["LOCAL_CLUSTER", "RenderSettingError", "TIME_LIMIT_FACTOR", "add_render_options",
           "default_jobs", "scene_time_limit"]

#: ``cluster`` value for a Dask LocalCluster on this machine (``cluster.LOCAL``; repeated
#: here so that reading it imports no Dask).
LOCAL_CLUSTER = "local"
#: A scene rendered before may take this many times its last time.
TIME_LIMIT_FACTOR = 5
# Per profile: the least limit, and the limit of a scene never rendered at it (seconds).
# A publish render of a long scene on one core takes minutes; a test render seconds.
_PROFILE_LIMITS = {"test": (60.0, 600.0), "draft": (120.0, 1800.0),
                   "publish": (600.0, 10800.0)}


class RenderSettingError(ValueError):
    """The render settings cannot work: a cluster without the shared cache it needs, or
    a scheduler that cannot be reached. The message says what to set."""


def default_jobs() -> int:
    """One worker per core this process may use."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


def scene_time_limit(last_seconds: float | None, profile: Profile) -> float:
    """How long a scene may render before it is stopped, when no limit is set.

    ``TIME_LIMIT_FACTOR`` times its last render at this profile (a slower or
    busier machine, fewer cores lent), never under the profile's floor; a
    scene never rendered at this profile gets the profile's first-render limit.
    """
    floor, first = _PROFILE_LIMITS.get(profile.name, _PROFILE_LIMITS["publish"])
    if last_seconds is None:
        return first
    return float(max(floor, round(TIME_LIMIT_FACTOR * last_seconds)))


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (0: no limit)")
    return seconds


def add_render_options(parser: argparse.ArgumentParser) -> None:
    """``--render-cluster``, ``--render-cache`` and ``--scene-time-limit``, by default from
    ``RENDER_CLUSTER``, ``RENDER_CACHE`` and ``SCENE_TIME_LIMIT`` (unset or empty: render
    here, cache here only, limits scaled from the last renders)."""
    parser.add_argument("--render-cluster", metavar="ADDRESS",
                        default=os.environ.get("RENDER_CLUSTER") or None,
                        help="render the scenes on a Dask cluster: a scheduler's address "
                             "(tcp://host:8786; needs --render-cache) or 'local' "
                             "(a LocalCluster here, one worker per job) [RENDER_CLUSTER]")
    parser.add_argument("--render-cache", metavar="URL",
                        default=os.environ.get("RENDER_CACHE") or None,
                        help="a render cache shared by every machine: a folder or an fsspec "
                             "URL (s3://bucket/renders, gs://...); renders found there are "
                             "fetched, renders made here are kept there [RENDER_CACHE]")
    limit = os.environ.get("SCENE_TIME_LIMIT") or None
    parser.add_argument("--scene-time-limit", metavar="SECONDS", type=_seconds,
                        default=_seconds(limit) if limit else None,
                        help=f"stop a scene that renders longer than this (0: never); default: "
                             f"{TIME_LIMIT_FACTOR} times its last render at the profile, at "
                             "least 1 min (test), 2 min (draft), 10 min (publish); never "
                             "rendered: 10 min, 30 min, 3 h [SCENE_TIME_LIMIT]")
