"""Faults an author causes outside rendering, each run against a built site.

Every case starts from the fixture site, built: a content/ folder, its output/ and, for
deploys, a bare git remote it was published to. The case causes its fault (a file that is
not UTF-8, a symbolic link to a secret, a `<script>` in a title, a request for
`/../secret`, a remote that refuses the push, ...), runs the command an author would run,
then undoes the fault and times the same command until it succeeds again. The table says,
per fault: what happened, whether output/ stayed byte-identical (a hash of the whole tree:
paths, modes, bytes), and the seconds to recover. Render-side faults (interrupts, locks,
timeouts, cache corruption) are `bench/faults.py`'s.

    .venv/bin/python bench/author_faults.py [--only NAME ...]

Needs what `make test` sets up (Pagefind, and Java with npm's vnu-jar for the publish rows).
"""

from __future__ import annotations

import argparse
import codecs
import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.livereload import BuildOutcome, LiveReload  # noqa: E402
from pipeline.serve import make_server  # noqa: E402
from tests.pipeline.fault_project import Published, tree_digest  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "site"
HEAD = "- title: 故障\n- date: 2020-01-02\n- slug: fault\n"


@dataclass
class Project(Published):
    """A scratch copy of the fixture site: content/, its built output/, a remote site.git."""

    def run(self, module: str, *arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", module, "--content", str(self.content), "--output",
             str(self.output), "--quality", "test", *arguments], cwd=ROOT,
            capture_output=True, text=True, timeout=600, env={**os.environ, "COLUMNS": "400"})

    def build(self) -> subprocess.CompletedProcess[str]:
        return self.run("pipeline.build")

    def publish(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        return self.run("pipeline.publish", "--siteurl", "https://example.org/site", *arguments)

    def article(self, name: str) -> Path:
        return self.content / "articles" / name


@dataclass(frozen=True)
class FaultCase:
    """A fault: its name, how it is caused (returns the command's outcome), what the row
    checks, and how it is undone (then the same command must succeed again)."""

    name: str
    cause: Callable[[Project], str]
    check: str
    undo: Callable[[Project], None]
    again: Callable[[Project], bool]


def first_error(result: subprocess.CompletedProcess[str]) -> str:
    """What the author read: the first error line (without its temp folder), or success."""
    for line in result.stderr.splitlines():
        if line.startswith(("error:", "deploy failed", "publish stopped")):
            line = re.sub(r"/tmp/author-faults-[^/]+/[^/]+/", "", line.removeprefix("error: "))
            return line if len(line) <= 100 else line[:99] + "…"
    return f"exit {result.returncode}" + (", Traceback!" if "Traceback" in result.stderr else "")


def write(name: str, data: bytes | str) -> Callable[[Project], str]:
    """Cause: an article file with ``data``, then `make html`."""
    def cause(project: Project) -> str:
        target = project.article(name)
        target.write_bytes(data if isinstance(data, bytes) else data.encode())
        result = project.build()
        if result.returncode:
            return first_error(result)
        pages = "".join(page.read_text(encoding="utf-8")
                        for page in project.output.rglob("*.html"))
        live = re.search(r"<script>alert|<img [^>]*onerror", pages)
        return "built; LIVE SCRIPT IN A PAGE" if live else "built; no live script in any page"
    return cause


def remove(name: str) -> Callable[[Project], None]:
    return lambda project: project.article(name).unlink(missing_ok=True)


def builds(project: Project) -> bool:
    return project.build().returncode == 0


def symlink_out(project: Project) -> str:
    secrets = project.root / "secrets"
    secrets.mkdir(exist_ok=True)
    (secrets / "shadow").write_text("root:secret")
    (project.content / "images" / "etc").symlink_to(secrets)
    return first_error(project.build())


def served_requests(project: Project) -> str:
    """Traversal, bad ranges, 200 parallel requests with 20 live-reload streams open."""
    os.environ["SERVE_QUIET"] = "1"  # no access log: 200 lines of it say nothing here
    (project.root / "secret.txt").write_text("secret")
    (project.output / "leak.txt").symlink_to(project.root / "secret.txt")
    live = LiveReload()
    live.publish(BuildOutcome())
    server = make_server(project.output, "127.0.0.1", 0, live)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]

    def get(path: str, headers: dict[str, str] | None = None) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.putrequest("GET", path, skip_accept_encoding=True)
        for key, value in (headers or {}).items():
            connection.putheader(key, value)
        connection.endheaders()
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.status

    try:
        import socket

        streams = []
        for _ in range(20):
            stream = socket.create_connection(("127.0.0.1", port))
            stream.sendall(b"GET /__livereload?since=x HTTP/1.1\r\nHost: x\r\n\r\n")
            streams.append(stream)
        traversal = [get(path) for path in ("/../secret.txt", "/%2e%2e/secret.txt",
                                             "/..%2fsecret.txt", "/leak.txt")]
        ranges = [get("/images/clip.mp4", {"Range": value})
                  for value in ("bytes=abc", "bytes=9-2", "bytes=0-1,4-5")]
        with ThreadPoolExecutor(200) as pool:
            parallel = list(pool.map(lambda _: get("/fixture-article.html"), range(200)))
        for stream in streams:
            stream.close()
        (project.output / "leak.txt").unlink()
        return (f"traversal {sorted(set(traversal))}, bad Range {sorted(set(ranges))}, "
                f"{parallel.count(200)}/200 parallel OK with 20 streams")
    finally:
        live.close()
        server.shutdown()
        server.server_close()


def rejecting_remote(project: Project) -> str:
    hook = project.remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'remote says no' >&2\nexit 1\n")
    hook.chmod(0o755)
    edit(project)
    return first_error(project.publish("--deploy", "github", "--remote", str(project.remote)))


def edit(project: Project) -> None:
    article = project.article("fixture.md")
    article.write_text(article.read_text(encoding="utf-8") + "\n改了。\n", encoding="utf-8")


def publishes(project: Project) -> bool:
    return project.publish("--deploy", "github",
                           "--remote", str(project.remote)).returncode == 0


def svg_output() -> str:
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    return nbformat.writes(new_notebook(cells=[
        new_markdown_cell(HEAD), new_markdown_cell("正文"),
        new_code_cell("plot()", outputs=[new_output("display_data",
                                                    data={"image/svg+xml": svg})])]))


CASES = [
    FaultCase("invalid UTF-8 (Big5)", write("fault.md", HEAD.encode() + "\n神經\n".encode("big5")),
              "path:line: not UTF-8 (byte, column)", remove("fault.md"), builds),
    FaultCase("BOM + CRLF", write("fault.md", codecs.BOM_UTF8 + (HEAD + "\n正文\n").replace(
        "\n", "\r\n").encode()), "builds like plain UTF-8", remove("fault.md"), builds),
    FaultCase("empty file", write("fault.md", b""), "path:1: the file is empty",
              remove("fault.md"), builds),
    FaultCase("header-only article", write("fault.md", HEAD), "path:line: header and nothing else",
              remove("fault.md"), builds),
    FaultCase("cover path leaves content/",
              write("fault.md", HEAD + "- image: ../../x.png\n\n文\n"),
              "path:line: cover image ... escapes", remove("fault.md"), builds),
    FaultCase("unreadable picture", write("fault.md", HEAD + "\n文\n\n!image\n- fault.png\n"),
              "path:line: not a readable picture", remove("fault.md"), builds),
    FaultCase("symlink to a secret folder", symlink_out, "path: refused, never followed",
              lambda p: (p.content / "images" / "etc").unlink(), builds),
    FaultCase("<script> in title and tag", write("fault.md", HEAD.replace(
        "故障", "<script>alert(1)</script>") + "- tags: <script>x</script>\n\n文\n"),
              "built; escaped on every page", remove("fault.md"), builds),
    FaultCase("tag with an empty slug", write("fault.md", HEAD + "- tags: \"><img src=x>\n\n文\n"),
              "path:line: tag ... no letter or digit", remove("fault.md"), builds),
    FaultCase("javascript: link in Markdown", write(
        "fault.md", HEAD + "\n[x](jav&#x09;ascript:alert(1))\n"), "path:line: script URL",
              remove("fault.md"), builds),
    FaultCase("raw <script> and onerror", write(
        "fault.md", HEAD + "\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n"),
              "built; sanitized (nh3)", remove("fault.md"), builds),
    FaultCase("notebook SVG with a script", write("fault.ipynb", svg_output()),
              "path: cell N: SVG could run script", remove("fault.ipynb"), builds),
    FaultCase("dev server abuse", served_requests, "404s, 416s, all answered",
              lambda p: None, lambda p: True),
    FaultCase("deploy: rejecting remote", rejecting_remote, "one line; remote and output/ kept",
              lambda p: (p.remote / "hooks" / "pre-receive").unlink(), publishes),
    FaultCase("deploy: missing remote", lambda p: (edit(p), first_error(p.publish(
        "--deploy", "github", "--remote", str(p.root / "none.git"))))[1],
              "one line; output/ kept", lambda p: None, publishes),
    FaultCase("deploy: rsync target not writable", lambda p: (edit(p), first_error(p.publish(
        "--deploy", "rsync", "--rsync-target", str(p.article("fixture.md") / "www"))))[1],
              "one line; output/ kept", lambda p: None, publishes),
]


def fresh_project(base: Path) -> Project:
    """The fixture site, published once to a bare remote (the good state every case starts from)."""
    project = Project(base / "project")
    shutil.copytree(FIXTURE, project.content)
    (project.content / "images" / "fault.png").write_bytes(b"not a picture")
    subprocess.run(["git", "init", "--quiet", "--bare", str(project.remote)], check=True)
    result = project.publish("--deploy", "github", "--remote", str(project.remote))
    if result.returncode != 0:
        raise SystemExit(f"the fixture site would not publish:\n{result.stderr}")
    return project


def run_case(case: FaultCase, template: Project, base: Path) -> tuple[str, str, str, str]:
    project = Project(base / case.name.replace(" ", "-").replace("/", "-"))
    shutil.copytree(template.root, project.root, symlinks=True)
    before = tree_digest(project.output)
    happened = case.cause(project)
    identical = "yes" if tree_digest(project.output) == before else "no"
    if happened.startswith("built"):
        identical = "(a good build)"  # accepted, made safe: output/ is the new site
    case.undo(project)
    started = time.monotonic()
    recovered = case.again(project)
    seconds = f"{time.monotonic() - started:.1f}" if recovered else "did not recover"
    return case.name, happened, identical, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", default=None, help="cases whose name has this")
    arguments = parser.parse_args(argv)
    cases = [case for case in CASES
             if not arguments.only or any(word in case.name for word in arguments.only)]
    with tempfile.TemporaryDirectory(prefix="author-faults-") as folder:
        base = Path(folder)
        template = fresh_project(base)
        rows = [("fault", "what happened", "output/ byte-identical", "s to recover")]
        for case in cases:
            rows.append(run_case(case, template, base))
            print(f"  {case.name}: {rows[-1][1]}", file=sys.stderr, flush=True)
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for index, row in enumerate(rows):
        print(" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            print("-+-".join("-" * width for width in widths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
