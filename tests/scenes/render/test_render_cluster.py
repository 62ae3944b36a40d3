"""Renders past one machine: real Dask (LocalCluster, worker processes) and a shared cache.

Toy scenes at the test profile. A "clone" is another copy of the toy scene
package with its own, empty, local cache: what a teammate or a CI run has.
"""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from rich.console import Console

from scenes.render.cache import RenderCache
from scenes.render.catalog import read_catalog
from scenes.render.driver import _job, render_scenes
from scenes.render.manifest import Manifest
from scenes.render.profiles import PROFILES
from scenes.render.settings import RenderSettingError
from tests.paths import FIXTURES, ROOT
from tests.scenes.render.toy_failure import assert_only_the_broken_scene_failed

pytestmark = pytest.mark.xdist_group("render")

# Holds its render at the second play while the file "hold" is beside it, so that a
# test can act (kill a worker) while it renders; renders in a moment otherwise.
STALLING_SCENE = '''
import time
from pathlib import Path

from manim import Circle, Create, Scene, Square

HOLD = Path(__file__).with_name("hold")


class ToyStalls(Scene):
    def construct(self) -> None:
        self.play(Create(Square()), run_time=0.4)
        deadline = time.monotonic() + 90
        while HOLD.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        self.play(Create(Circle()), run_time=0.4)
'''


def clone(root: Path) -> Path:
    """A copy of the toy scenes with nothing rendered, importable as ``toyscenes``."""
    shutil.copytree(FIXTURES / "toyscenes", root / "toyscenes")
    (root / "toyscenes" / "stalls.py").write_text(STALLING_SCENE, encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    root = clone(tmp_path / "first")
    sys.path.insert(0, str(root))
    yield root
    sys.path.remove(str(root))


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """A scheduler with two single-threaded worker processes, started as the README says
    (``MALLOC_PERTURB_`` set), for builds that name it by its address."""
    from distributed import Client, LocalCluster

    from scenes.render.cluster import _worker_environment

    scratch = tmp_path_factory.mktemp("dask-workers")
    with _worker_environment(), \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                         dashboard_address=":0", local_directory=str(scratch),
                         silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        yield SimpleNamespace(address=cluster.scheduler_address, client=client, scratch=scratch)


def build(root: Path, names: list[str], **settings: object) -> tuple[object, str]:
    """Render ``names`` from the clone at ``root`` into its own cache; the result and log."""
    log = io.StringIO()
    result = render_scenes(names, "test", 2, themes=("dark",), scenes_dir=root / "toyscenes",
                           cache_root=root / "cache", console=Console(file=log, width=200),
                           **settings)
    return result, log.getvalue()


def entries(store: Path, scene: str) -> list[Path]:
    """The records of ``scene`` in the shared cache (one per key)."""
    return sorted(store.glob(f"test/{scene}/*/*/entry.json"))


def media(result: object, scene: str) -> bytes:
    return Manifest.read(result.manifest).render(scene).master.read_bytes()


def test_a_cluster_fills_the_shared_cache_and_a_second_clone_renders_nothing(
        project: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    result, log = build(project, ["ToyMoves.mp4", "ToySquare.mp4"], cluster="local",
                        shared_cache=str(store))
    assert sorted(result.rendered) == ["ToyMoves", "ToySquare"] and not result.failures
    assert "rendering 2 scene(s) on 2 core(s)" in log and "ToySquare rendered" in log
    assert len(entries(store, "ToyMoves")) == len(entries(store, "ToySquare")) == 1
    # The manifest points into this machine's cache, as after a local render.
    rendered = Manifest.read(result.manifest).render("ToyMoves")
    assert rendered.folder.is_relative_to(project / "cache") and rendered.frames == 18
    assert not any((project / "cache" / "test" / ".work").iterdir())

    # Another clone, its cache empty, the same shared cache: everything fetched.
    second = clone(tmp_path / "second")
    fetched, log = build(second, ["ToyMoves.mp4", "ToySquare.mp4"], shared_cache=str(store))
    assert fetched.rendered == [] and sorted(fetched.fetched) == ["ToyMoves", "ToySquare"]
    assert "fetched 2 render(s) from the shared cache" in log
    assert Manifest.read(fetched.manifest).render("ToyMoves").folder.is_relative_to(second)
    assert media(fetched, "ToyMoves") == media(result, "ToyMoves")
    # Then it is in that clone's own cache: the next build there reads nothing shared.
    again, _ = build(second, ["ToyMoves.mp4", "ToySquare.mp4"], shared_cache=str(store))
    assert again.fetched == [] and sorted(again.cached) == ["ToyMoves", "ToySquare"]

    # A Dask worker's video is byte for byte the local pool's.
    local, _ = build(clone(tmp_path / "third"), ["ToyMoves.mp4"])
    assert local.rendered == ["ToyMoves"] and media(local, "ToyMoves") == media(result, "ToyMoves")


def test_a_failing_scene_on_a_cluster_names_file_line_and_message(project: Path) -> None:
    """``local`` without a shared cache: the workers write into this machine's cache."""
    result, _ = build(project, ["ToyBroken.mp4", "ToySquare.mp4"], cluster="local")
    assert_only_the_broken_scene_failed(result, project)


def test_a_killed_worker_mid_render_leaves_nothing_trusted(
        project: Path, tmp_path: Path, scheduler: SimpleNamespace) -> None:
    """The worker rendering a scene is killed: no entry appears for it; Dask runs the task
    again on a live worker, and that render is the one shared."""
    store, hold = tmp_path / "store", project / "toyscenes" / "hold"
    hold.touch()
    seen: dict[str, object] = {}

    def kill_the_rendering_worker() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            rendering = list(scheduler.scratch.rglob("scene-renders/ToyStalls-*/manim"))
            if rendering:
                break
            time.sleep(0.1)
        else:
            return
        folders = scheduler.client.run(lambda dask_worker: (dask_worker.local_directory,
                                                            os.getpid()))
        [pid] = [pid for folder, pid in folders.values()
                 if rendering[0].is_relative_to(folder)]
        os.kill(pid, signal.SIGKILL)
        time.sleep(1.0)  # what the killed worker had written is all there is
        seen["killed"] = pid
        seen["records"] = entries(store, "ToyStalls")
        hold.unlink()  # the render Dask starts again goes through

    killer = threading.Thread(target=kill_the_rendering_worker)
    killer.start()
    result, _ = build(project, ["ToyStalls.mp4"], cluster=scheduler.address,
                      shared_cache=str(store))
    killer.join()
    assert "killed" in seen and seen["records"] == []
    assert result.rendered == ["ToyStalls"] and not result.failures
    [record] = entries(store, "ToyStalls")
    files = json.loads(record.read_text())["files"]
    assert set(files) >= {"ToyStalls.master.mp4", "render.json"}

    # A fresh clone trusts that entry: fetched, and the same bytes.
    second = clone(tmp_path / "second")
    fetched, _ = build(second, ["ToyStalls.mp4"], shared_cache=str(store))
    assert fetched.fetched == ["ToyStalls"] and media(fetched, "ToyStalls") == media(
        result, "ToyStalls")


def test_a_scene_that_never_ends_on_a_cluster_is_stopped(project: Path, tmp_path: Path) -> None:
    """The time limit holds on Dask too: the task cancelled, its worker restarted, the
    other scene rendered and kept."""
    (project / "toyscenes" / "forever.py").write_text(
        "from manim import Scene\n\n\nclass ToyForever(Scene):\n"
        "    def construct(self) -> None:\n        while True:\n            pass\n")
    # In a process of its own, so that a build that never ends is stopped (with its
    # cluster) and fails the test instead of holding the suite.
    code = ("from pathlib import Path; from scenes.render.driver import render_scenes; "
            "r = render_scenes(['ToyForever.mp4', 'ToySquare.mp4'], 'test', 2, "
            f"themes=('dark',), scenes_dir=Path('{project}/toyscenes'), "
            f"cache_root=Path('{project}/cache'), cluster='local', time_limit=15); "
            "print(r.rendered, [str(failure) for failure in r.failures])")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, env={**os.environ, "PYTHONPATH": str(project)})
    assert run.stdout.strip().splitlines()[-1] == (
        "['ToySquare'] ['toyscenes/forever.py:4: ToyForever did not finish in 15 s']")
    assert not (project / "cache" / "test" / "ToyForever").exists()


def test_a_worker_whose_clone_gives_another_key_refuses_to_render(
        project: Path, scheduler: SimpleNamespace, tmp_path: Path) -> None:
    """A worker on another commit would share a wrong render under the build's key."""
    from scenes.render.cluster import render_on_worker  # Dask: only in the tests that use it

    catalog = read_catalog(project / "toyscenes")
    job = _job(catalog, catalog.scenes["ToySquare"], "video", "dark", PROFILES["test"],
               RenderCache(tmp_path / "cache", PROFILES["test"]), "not-this-key")
    outcome = scheduler.client.submit(
        render_on_worker, job, "not-this-key", PROFILES["test"], str(tmp_path / "store"),
        str(tmp_path), "no-topic", 0, pure=False).result()
    assert not outcome.ok
    assert "gives scene ToySquare another key than the build's" in outcome.message
    assert not (tmp_path / "store").exists()


def test_a_shared_entry_cut_short_is_rendered_again_and_mended(project: Path,
                                                              tmp_path: Path) -> None:
    """No cluster: the local pool's renders are kept in the shared cache too; an entry
    whose video was cut short (a killed upload) is not trusted by the next clone."""
    store = tmp_path / "store"
    first, _ = build(project, ["ToySquare.mp4"], shared_cache=str(store))
    assert first.rendered == ["ToySquare"]
    [record] = entries(store, "ToySquare")
    version = json.loads(record.read_text())["version"]
    video = record.parent / version / "ToySquare.master.mp4"
    whole = video.read_bytes()
    video.write_bytes(whole[: len(whole) // 2])

    second, _ = build(clone(tmp_path / "second"), ["ToySquare.mp4"], shared_cache=str(store))
    assert second.rendered == ["ToySquare"] and second.fetched == []
    # Uploaded again, whole (the same video bytes; its render.json has its own time,
    # so the entry's files are another version, which the record now names).
    [record] = entries(store, "ToySquare")
    version = json.loads(record.read_text())["version"]
    assert (record.parent / version / "ToySquare.master.mp4").read_bytes() == whole
    third, _ = build(clone(tmp_path / "third"), ["ToySquare.mp4"], shared_cache=str(store))
    assert third.fetched == ["ToySquare"]


def test_a_cluster_on_other_machines_needs_a_shared_cache(project: Path) -> None:
    with pytest.raises(RenderSettingError, match="RENDER_CLUSTER=tcp://scheduler:8786 needs "
                                                 "RENDER_CACHE"):
        build(project, ["ToySquare.mp4"], cluster="tcp://scheduler:8786")


def test_a_shared_cache_fsspec_cannot_open_stops_the_build(project: Path) -> None:
    """s3:// needs s3fs, which the project does not install (the README says so)."""
    with pytest.raises(RenderSettingError, match="RENDER_CACHE=s3://renders/article cannot be "
                                                 "opened: Install s3fs to access S3"):
        build(project, ["ToySquare.mp4"], shared_cache="s3://renders/article")


def test_a_scheduler_that_cannot_be_reached_stops_the_build(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import scenes.render.cluster

    monkeypatch.setattr(scenes.render.cluster, "_CONNECT_SECONDS", 1)
    with pytest.raises(RenderSettingError, match="cannot reach the Dask scheduler at "
                                                 "tcp://127.0.0.1:9"):
        build(project, ["ToySquare.mp4"], cluster="tcp://127.0.0.1:9",
              shared_cache=str(tmp_path / "store"))
    assert not any((project / "cache" / "test" / ".work").iterdir())


def test_a_build_without_the_settings_imports_neither_dask_nor_fsspec(project: Path) -> None:
    code = ("import sys; from pathlib import Path; from scenes.render.driver import render_scenes; "
            "import pipeline.build; "
            f"r = render_scenes(['ToySquare.mp4'], 'test', 1, themes=('dark',), "
            f"scenes_dir=Path('{project}/toyscenes'), cache_root=Path('{project}/cache')); "
            "print(r.rendered, sorted(m for m in ('dask', 'distributed', 'fsspec') "
            "if m in sys.modules))")
    environment = {**os.environ, "PYTHONPATH": str(project)}
    environment.pop("RENDER_CLUSTER", None)
    environment.pop("RENDER_CACHE", None)
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, env=environment).stdout
    assert output.strip() == "['ToySquare'] []"


def make_dry_run(target: str, *variables: str) -> str:
    """What ``make -n target`` runs, on one line, with only ``variables`` set."""
    clean = {name: value for name, value in os.environ.items()
             if name not in {"RENDER_CLUSTER", "RENDER_CACHE", "MAKEFLAGS"}}
    run = subprocess.run(["make", "-n", target, *variables], cwd=ROOT, capture_output=True,
                         text=True, check=True, env=clean)
    return " ".join(run.stdout.replace("\\\n", " ").split())


def test_make_passes_the_settings_to_html_scenes_and_publish() -> None:
    settings = ("RENDER_CLUSTER=tcp://scheduler:8786", "RENDER_CACHE=s3://bucket/renders")
    for target in ("html", "scenes"):
        assert ('--render-cluster "tcp://scheduler:8786" --render-cache "s3://bucket/renders"'
                in make_dry_run(target, *settings))
        assert "--render-c" not in make_dry_run(target)
    assert ('RENDER_CLUSTER="tcp://scheduler:8786" RENDER_CACHE="s3://bucket/renders" '
            in make_dry_run("publish", *settings))


def test_the_build_reads_the_settings_from_the_environment(tmp_path: Path) -> None:
    """``make publish`` reaches the build through the environment: a setting that cannot
    work stops it with what to set, before anything renders."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "site", content)
    run = subprocess.run(
        [sys.executable, "-m", "pipeline.build", "--content", str(content), "--output",
         str(tmp_path / "output"), "--quality", "test"], cwd=ROOT, capture_output=True,
        text=True, timeout=120, env={**os.environ, "COLUMNS": "250",
                                     "RENDER_CLUSTER": "tcp://scheduler:8786"})
    assert run.returncode == 1
    assert "error: RENDER_CLUSTER=tcp://scheduler:8786 needs RENDER_CACHE" in run.stderr
    assert not (tmp_path / "output").exists()


def test_python_m_scenes_render_takes_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    from scenes.render.command import main

    assert main(["ToySquare", "--render-cluster", "tcp://scheduler:8786"]) == 1
    assert "RENDER_CLUSTER=tcp://scheduler:8786 needs RENDER_CACHE" in capsys.readouterr().err
