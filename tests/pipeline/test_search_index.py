"""`make html` indexes the site for its search box (Pagefind) before swapping it in."""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

import pytest
from rich.console import Console

import pipeline.build
from pipeline.build import PRECOMPRESS_PLUGIN, build, index_for_search, precompress_like_pelican
from tests.paths import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "site"


def build_fixture(output: Path) -> tuple[int, str]:
    console = Console(file=io.StringIO(), width=300)
    status = build(FIXTURE, output, ROOT / "pelicanconf.py", "test", 1, console)
    return status, console.file.getvalue()


def test_the_build_indexes_the_article_in_chinese(tmp_path: Path) -> None:
    status, log = build_fixture(tmp_path / "output")
    assert status == 0, log
    entry = json.loads((tmp_path / "output" / "pagefind" / "pagefind-entry.json").read_text())
    # One language, from <html lang>: zh-Hant-TW, which Pagefind segments as Chinese; one
    # page: the article (data-pagefind-body), not the index, archives or tag pages.
    assert {name: language["page_count"] for name, language in entry["languages"].items()} == {
        "zh-hant-tw": 1}
    assert (tmp_path / "output" / "pagefind" / "pagefind-ui.js").is_file()


def test_without_pagefind_the_build_says_how_to_install_it(tmp_path: Path) -> None:
    missing = tmp_path / "node_modules" / "pagefind" / "lib" / "runner" / "bin.cjs"
    assert index_for_search(tmp_path, missing) == [
        f"search index: Pagefind cannot run: {missing} is missing (`make html` installs it: "
        "npm ci; Debian: apt-get install nodejs npm)"]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_a_failed_index_fails_the_build_and_keeps_the_old_output(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the last good build", encoding="utf-8")
    broken = tmp_path / "pagefind.cjs"
    broken.write_text('process.stderr.write("Error: cannot index\\n"); process.exit(3);\n',
                      encoding="utf-8")
    monkeypatch.setattr(pipeline.build, "PAGEFIND", broken)
    status, log = build_fixture(output)
    assert status == 1
    assert "error: search index: Pagefind failed (exit 3): Error: cannot index" in log
    assert (output / "index.html").read_text(encoding="utf-8") == "the last good build"
    assert not list(tmp_path.glob("output.staging-*"))


# The plugin compresses in a multiprocessing pool (fork); this pytest worker runs threads
# of its own (execnet's), which a build's process does not (checked: no such warning).
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_the_index_is_precompressed_when_the_pages_are(tmp_path: Path) -> None:
    """Pagefind runs after Pelican, so its scripts get the pages' .gz/.br copies from the
    build itself (PRECOMPRESS=1), with the plugin's own settings; otherwise none."""
    brotli = pytest.importorskip("brotli")
    index = tmp_path / "pagefind"
    index.mkdir()
    script = "export const search = () => '搜尋';\n" * 40
    (index / "pagefind-ui.js").write_text(script, encoding="utf-8")
    (index / "fragment.pf_fragment").write_bytes(gzip.compress(b"already compressed"))

    precompress_like_pelican(index, {"PLUGINS": ["pelican.plugins.sitemap"]})
    assert sorted(path.name for path in index.iterdir()) == [
        "fragment.pf_fragment", "pagefind-ui.js"]

    precompress_like_pelican(index, {"PLUGINS": [PRECOMPRESS_PLUGIN], "PRECOMPRESS_GZIP": True,
                                     "PRECOMPRESS_BROTLI": True, "PRECOMPRESS_ZOPFLI": False,
                                     "PRECOMPRESS_ZSTANDARD": False})
    assert sorted(path.name for path in index.iterdir()) == [
        "fragment.pf_fragment", "pagefind-ui.js", "pagefind-ui.js.br", "pagefind-ui.js.gz"]
    assert gzip.decompress((index / "pagefind-ui.js.gz").read_bytes()) == script.encode()
    assert brotli.decompress((index / "pagefind-ui.js.br").read_bytes()) == script.encode()
