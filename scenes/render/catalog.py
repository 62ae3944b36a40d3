"""The scenes of ``scenes/``, found by reading the source, never by importing Manim.

A scene is a class, in a module at the top level of ``scenes/``, that derives
(directly or through other classes of the package) from one of Manim's scene
classes. Two class attributes are read from the source when written as
literals: ``poster_at`` (seconds; the poster frame of the video) and
``article_aliases`` (other file stems that name the scene).

The catalog also knows which project files a module imports, so the render
cache can key a scene on everything it runs.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SceneInfo", "Catalog", "read_catalog", "MANIM_SCENE_BASES"]

MANIM_SCENE_BASES = frozenset({
    "Scene", "MovingCameraScene", "LinearTransformationScene", "VectorScene",
    "ZoomedScene", "ThreeDScene", "SpecialThreeDScene",
    # The project's themed base (scenes/bases/themed.py), for scene packages outside
    # scenes/ that import it (in scenes/ itself it is found like any base).
    "ThemedScene",
})
_DATA_SUFFIXES = frozenset({".json", ".npz", ".npy", ".csv"})


@dataclass(frozen=True)
class SceneInfo:
    """Where a scene is defined and what its source says about its media."""

    name: str
    module: str  # dotted, e.g. "scenes.linear_layer"
    path: Path
    line: int
    poster_at: float | None = None
    aliases: tuple[str, ...] = ()
    # Lines of the class body: a rough guess at its render cost before any timing exists.
    body_lines: int = 0


@dataclass
class Catalog:
    """All scenes of a package and the project files each module depends on."""

    root: Path  # the folder that holds the package (the project root)
    scenes: dict[str, SceneInfo] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    _imports: dict[Path, set[Path]] = field(default_factory=dict)

    def find(self, stem: str) -> SceneInfo | None:
        """The scene a file stem names (its class name or one of its aliases)."""
        name = stem if stem in self.scenes else self.aliases.get(stem)
        return self.scenes.get(name) if name else None

    def dependencies(self, scene: SceneInfo) -> list[Path]:
        """The scene's module, the project modules it imports (transitively) and their data."""
        seen: set[Path] = set()
        pending = [scene.path]
        while pending:
            path = pending.pop()
            if path in seen:
                continue
            seen.add(path)
            pending.extend(self._imports.get(path, ()))
        data = {p for module in seen for p in module.parent.iterdir()
                if p.suffix in _DATA_SUFFIXES and p.is_file()}
        return sorted(seen | data)


def read_catalog(package_dir: Path) -> Catalog:
    """Parse every module of the package at ``package_dir`` (e.g. ``scenes/``)."""
    package_dir = package_dir.resolve()
    catalog = Catalog(root=package_dir.parent)
    classes: dict[str, tuple[ast.ClassDef, Path]] = {}
    for path in sorted(package_dir.rglob("*.py")):
        if "render" in path.relative_to(package_dir).parts[:1]:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        catalog._imports[path] = _project_imports(tree, path, catalog.root)
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                classes.setdefault(node.name, (node, path))
    scene_classes = _scene_class_names(classes)
    for name in sorted(scene_classes):
        node, path = classes[name]
        if path.parent != package_dir or name.startswith("_"):
            continue  # bases kept in helper packages are not scenes of the article
        attributes = _literal_attributes(node)
        module = ".".join(path.relative_to(catalog.root).with_suffix("").parts)
        # A poster time is inherited like any class attribute; aliases are not.
        poster_at = _inherited(name, "poster_at", classes)
        info = SceneInfo(name, module, path, node.lineno,
                         float(poster_at) if isinstance(poster_at, int | float) else None,
                         tuple(attributes.get("article_aliases", ())),
                         (node.end_lineno or node.lineno) - node.lineno)
        catalog.scenes[name] = info
        for alias in info.aliases:
            catalog.aliases[alias] = name
    return catalog


def _scene_class_names(classes: dict[str, tuple[ast.ClassDef, Path]]) -> set[str]:
    """Classes deriving from a Manim scene, following bases defined in the package."""
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, (node, _) in classes.items():
            if name in found:
                continue
            bases = {_base_name(base) for base in node.bases}
            if bases & MANIM_SCENE_BASES or bases & found:
                found.add(name)
                changed = True
    return found


def _inherited(name: str, attribute: str, classes: dict[str, tuple[ast.ClassDef, Path]]
               ) -> object:
    """A literal class attribute, looked up through bases defined in the package."""
    pending, seen = [name], set()
    while pending:
        current = pending.pop(0)
        if current in seen or current not in classes:
            continue
        seen.add(current)
        node = classes[current][0]
        values = _literal_attributes(node)
        if attribute in values:
            return values[attribute]
        pending.extend(_base_name(base) for base in node.bases)
    return None


def _base_name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _literal_attributes(node: ast.ClassDef) -> dict[str, object]:
    values: dict[str, object] = {}
    for statement in node.body:
        targets: list[ast.expr] = []
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        for target in targets:
            if isinstance(target, ast.Name):
                try:
                    values[target.id] = ast.literal_eval(value)
                except ValueError:
                    continue
    return values


def _project_imports(tree: ast.Module, path: Path, root: Path) -> set[Path]:
    """Files of the project (under ``root``) that a module imports."""
    names: set[str] = set()
    package = ".".join(path.relative_to(root).parent.parts)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    files: set[Path] = set()
    for name in names:
        candidate = root.joinpath(*name.split("."))
        for file in (candidate.with_suffix(".py"), candidate / "__init__.py"):
            if file.is_file():
                files.add(file.resolve())
        # Importing a.b.c runs a/__init__.py and a/b/__init__.py as well.
        parts = name.split(".")
        for depth in range(1, len(parts)):
            init = root.joinpath(*parts[:depth], "__init__.py")
            if init.is_file():
                files.add(init.resolve())
    return files
