"""The render cache: one folder per scene, profile and key; atomic by renaming.

Layout under the cache root (``.cache/scenes`` by default)::

    <profile>/<Scene>/<theme>/<key>/      a finished render: Scene.mp4, Scene.png, …
    <profile>/.work/<Scene>-<theme>-<pid>/  a render in progress (never read)
    <profile>/manifest.json               what the site build reads

A render is written into ``.work`` and renamed into place only when complete,
so an interrupted or failed render leaves nothing that looks finished; the next
run finds no entry for the key and renders again. An entry is used only once
every file checks out against its sealed record (``record.verify_entry``): one
cut short, deleted, edited or half-copied is damaged, taken out and rendered
again (``sealed_entries``, the way renditions are kept too). The record names
files relative to its entry, and the manifest names entries relative to itself,
so a checkout moved or copied keeps its cache.
Profiles live side by side and never evict each other; within a profile, a
scene keeps only its newest entry in each theme.
"""

from __future__ import annotations

import ast
import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path

from scenes.drawing.themes import DEFAULT_THEME

from .catalog import Catalog, SceneInfo
from .manifest import Manifest, entry_files, manifest_path
from .profiles import Profile
from .record import RenderRecord, verify_entry
from .sealed_entries import SealedEntries

__all__ = ["NOT_RENDER_CODE", "RENDER_CODE", "RenderCache", "render_code_digest", "render_key",
           "worker_modules"]

# The render package's own code that makes a render: the modules of this
# package that the worker imports, directly or through one another (read from
# their import statements, those inside functions included), so a module the
# worker comes to use is part of the key without anyone listing it. Their
# digest is part of every key, so any edit to how a render is made re-renders,
# with no version to bump by hand. It is hashed as code (the syntax tree
# without comments, docstrings or layout): a comment or a docstring edited
# there re-renders nothing.
#
# Left out, each for a reason given here (a test checks each is still imported
# by the worker), because what they decide about a render reaches the key by
# value, or because they decide nothing about its bytes:
NOT_RENDER_CODE = {
    "manifest": "the names of an entry's files are in the key (entry_files); the rest "
                "of it is the record the site build reads",
    "record": "render.json's layout is versioned: a record of another layout is a "
              "damaged entry, rendered again",
    "lifetime": "when a worker process ends, not what it writes",
}
# The rest of the package is not imported by the worker:
# - profiles.py: a render's size, frame rate and encoder preset are in the key
#   (``Profile.as_dict``, every field);
# - catalog.py: the files a scene depends on (each hashed) and its ``poster_at``;
# - driver.py: it builds a worker's job from the profile and the catalog (both
#   in the key);
# - pool.py, cluster.py: they start workers in ``worker.WORKER_ENVIRONMENT``
#   (hashed) and run ``worker.render_scene``; the pool, the cores it lends, Dask
#   and the progress display change no byte (plays shared between cores, and a
#   Dask worker, give the same video: tested promises);
# - shared_cache.py: where renders are kept for other machines, checked byte for byte;
# - cache.py, sealed_entries.py: this key itself and where renders are kept;
# - __init__.py, __main__.py, command.py: the package's description and the command line.
_PACKAGE = Path(__file__).parent
RENDER_WORKER = "worker"


def worker_modules(package: Path = _PACKAGE) -> tuple[str, ...]:
    """The modules of the render package the worker imports, itself included, by name."""
    found: set[str] = set()
    pending = [RENDER_WORKER]
    while pending:
        name = pending.pop()
        if name in found or not (package / f"{name}.py").is_file():
            continue
        found.add(name)
        tree = ast.parse((package / f"{name}.py").read_bytes())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                pending.extend([node.module.split(".")[0]] if node.module
                               else [alias.name for alias in node.names])
            elif isinstance(node, ast.ImportFrom) and node.module == __package__:
                pending.extend(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom | ast.Import):
                modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else [
                    alias.name for alias in node.names]
                pending.extend(module.removeprefix(f"{__package__}.").split(".")[0]
                               for module in modules if module.startswith(f"{__package__}."))
    return tuple(sorted(found))


RENDER_CODE = tuple(_PACKAGE / f"{module}.py" for module in worker_modules()
                    if module not in NOT_RENDER_CODE)


def render_key(catalog: Catalog, scene: SceneInfo, profile: Profile, kind: str,
               theme: str = DEFAULT_THEME) -> str:
    """A hash of everything a render depends on.

    The scene's module, every project module it imports and their data files
    (the palettes among them), the theme it is drawn in, the Manim version, the
    quality profile, the kind of output, the poster time, the names of the
    entry's files and the render code (``RENDER_CODE``).
    """
    digest = hashlib.sha256()
    for part in (scene.name, kind, theme, json.dumps(profile.as_dict(), sort_keys=True),
                 metadata.version("manim"), render_code_digest(), str(scene.poster_at),
                 json.dumps(entry_files(scene.name), sort_keys=True)):
        digest.update(part.encode() + b"\0")
    for path in catalog.dependencies(scene):
        digest.update(path.relative_to(catalog.root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:20]


def render_code_digest(files: tuple[Path, ...] = RENDER_CODE) -> str:
    """A hash of the code in ``files``: their syntax trees, without docstrings."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + _code_digest(path))
    return digest.hexdigest()


_code_digests: dict[tuple[Path, int, int], bytes] = {}  # (path, mtime, size) -> digest


def _code_digest(path: Path) -> bytes:
    state = path.stat()
    known = (path, state.st_mtime_ns, state.st_size)
    if known not in _code_digests:
        tree = ast.parse(path.read_bytes(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                 ast.AsyncFunctionDef)) and ast.get_docstring(node, False):
                node.body = node.body[1:] or [ast.Pass()]
        _code_digests[known] = hashlib.sha256(ast.dump(tree).encode()).digest()
    return _code_digests[known]


class RenderCache(SealedEntries[RenderRecord]):
    """Finished renders of one profile, each an entry of (scene, theme) and its key."""

    def __init__(self, root: Path, profile: Profile) -> None:
        super().__init__(root / profile.name,
                         lambda entry, where, key: verify_entry(entry, where[0], key))
        self.profile = profile

    @contextlib.contextmanager
    def locked(self, on_wait: Callable[[], None]) -> Iterator[None]:
        """Hold the profile's lock: two builds at once never render the same scene twice.

        The second build waits (``on_wait`` tells the author why), then finds the
        first one's renders in the cache.
        """
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / ".lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                on_wait()
                fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def timings(self) -> dict[str, float]:
        """How long each scene took to render last time at this profile (any key)."""
        path = self.directory / "timings.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}

    def record_timings(self, seconds: dict[str, float]) -> None:
        timings = {**self.timings(), **{k: round(v, 2) for k, v in seconds.items()}}
        partial = self.directory / f".timings-{os.getpid()}.json"
        partial.write_text(json.dumps(timings, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(partial, self.directory / "timings.json")

    @property
    def manifest_path(self) -> Path:
        return manifest_path(self.profile.name, self.directory.parent)

    def read_manifest(self) -> Manifest:
        """What the last builds at this profile recorded (empty when none did)."""
        return Manifest.read(self.manifest_path)

