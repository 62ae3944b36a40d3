"""Pelican's options through `make html DEBUG=1` / `PELICANOPTS`, and the build's JSON report."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.build_options import make_parser, pelican_overrides, report_entry
from tests.paths import ROOT as PROJECT_ROOT

ROOT = PROJECT_ROOT
FIXTURE = ROOT / "tests" / "fixtures" / "site"


def build(content: Path, output: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.build", "--content", str(content),
         "--output", str(output), "--quality", "test", "--jobs", "1", *options],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "COLUMNS": "200"},
    )


def make_html_command(*variables: str) -> str:
    """What ``make -n html`` runs (DEBUG, RELATIVE, PELICANOPTS only from ``variables``)."""
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DEBUG", "RELATIVE", "PELICANOPTS", "MAKEFLAGS"}}
    result = subprocess.run(["make", "-n", "html", *variables], cwd=ROOT, capture_output=True,
                            text=True, check=True, env=clean)
    [line] = [line for line in result.stdout.splitlines() if "-m pipeline.build" in line]
    return " ".join(line.split())


def test_make_html_passes_debug_relative_and_pelicanopts() -> None:
    assert make_html_command().endswith('pelicanconf.py"')
    assert make_html_command("DEBUG=1").endswith('pelicanconf.py" -D')
    assert make_html_command("RELATIVE=1", "PELICANOPTS=-e SITENAME='\"x\"'").endswith(
        """pelicanconf.py" -e SITENAME='"x"' --relative-urls""")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(FIXTURE, copy)
    return copy


def test_debug_shows_pelicans_debug_log_and_options_become_settings(
        content: Path, tmp_path: Path) -> None:
    output, report = tmp_path / "output", tmp_path / "report.json"
    result = build(content, output, "-D", "--relative-urls", "-e", 'SITENAME="選項測試"',
                   "DEFAULT_PAGINATION=false", "--report", str(report))
    assert result.returncode == 0, result.stderr
    assert "DEBUG    Loading plugin `plugins.article_markdown`" in result.stderr
    page = (output / "fixture-article.html").read_text(encoding="utf-8")
    assert "選項測試" in page
    assert 'href="./theme/css/main.css' in page  # relative URLs
    assert json.loads(report.read_text(encoding="utf-8")) == {"ok": True, "errors": []}


def test_without_debug_the_build_shows_no_log(content: Path, tmp_path: Path) -> None:
    result = build(content, tmp_path / "output")
    assert result.returncode == 0, result.stderr
    assert "DEBUG" not in result.stderr and "INFO" not in result.stderr


def test_the_report_lists_each_error_with_its_place(content: Path, tmp_path: Path) -> None:
    article = content / "articles" / "fixture.md"
    text = article.read_text(encoding="utf-8") + "\n!mp4\n"
    article.write_text(text, encoding="utf-8")
    report = tmp_path / "report.json"
    result = build(content, tmp_path / "output", "--report", str(report))
    assert result.returncode == 1
    written = json.loads(report.read_text(encoding="utf-8"))
    [error] = written["errors"]
    assert written["ok"] is False
    assert error["path"].endswith("content/articles/fixture.md")
    assert error["line"] == text.rstrip("\n").count("\n") + 1
    assert error["message"].startswith("!mp4 needs a path")
    assert f"error: {error['text']}" in result.stderr  # the same words as on the terminal


def test_report_entry_without_a_place() -> None:
    assert report_entry("ValueError: no theme") == {
        "text": "ValueError: no theme", "path": None, "line": None,
        "message": "ValueError: no theme"}
    assert report_entry("scenes/plane.py:12: scene Plane failed: boom")["line"] == 12


def test_pelicans_options_as_settings(tmp_path: Path) -> None:
    def overrides(*options: str) -> dict:
        return pelican_overrides(make_parser().parse_args(list(options)))

    assert overrides() == {}
    assert overrides("--ignore-cache") == {"LOAD_CONTENT_CACHE": False}
    assert overrides("-D") == {"DEBUG": True}
    assert overrides("-t", str(tmp_path)) == {"THEME": str(tmp_path)}
    assert overrides("-e", "A=1", "B=[1, 2]", "-e", 'C="c"', "D=null") == {
        "A": 1, "B": [1, 2], "C": "c", "D": None}
    assert make_parser().parse_args(["-v"]).log_level == logging.INFO
    assert make_parser().parse_args(["-d"]).delete_output_directory  # always so anyway


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["-l"], "-l (a pelican option) is not honoured by this build: use `make serve`"),
        (["--autoreload"], "--autoreload (a pelican option) is not honoured by this build: "
                           "use `make regenerate` or `make devserver`"),
        (["-p", "8080"], "-p (a pelican option) is not honoured by this build: "
                         "use `make serve PORT=...`"),
        (["-o", "elsewhere"], "use OUTPUTDIR=..."),
        (["--fatal", "warnings"], "every error already stops the build"),
        (["-q"], "-q (a pelican option) is not honoured"),
        (["-e", "SITENAME=unquoted"], "'SITENAME=unquoted': the value must be JSON"),
        (["-e", "SITENAME"], "'SITENAME': extra settings are KEY=VALUE pairs"),
        (["-e", "OUTPUT_PATH=\"/tmp/x\""], "OUTPUT_PATH is set by the build: use OUTPUTDIR="),
    ],
    ids=["listen", "autoreload", "port", "output", "fatal", "quiet", "not-json", "no-value",
         "owned-setting"],
)
def test_options_it_cannot_honour_stop_with_what_to_use(
        options: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        make_parser().parse_args(options)
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err
