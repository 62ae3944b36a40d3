"""``make publish``: build with the publish settings, check, then (optionally) deploy.

One linear path, each step run only when the one before it succeeded:

0. Check that the gate's HTML checker can run (Java and npm's ``vnu-jar``, as
   ``make publish`` installs them): a publish build renders every scene at
   1920x1080, which is no time to learn at the end that nothing can check it.
1. Build (``pipeline.build``) with ``publishconf.py`` at the publish quality
   (every scene the content uses at 1920x1080 60 fps, through the render
   cache) into a candidate folder beside the output.
2. Gate (``pipeline.gate``) the candidate: media fresh, links and anchors
   resolve, valid HTML, feeds and sitemap parse, no third-party hosts. Any
   problem: print every one, remove the candidate, exit 1; ``output/`` and the
   remote stay as they were.
3. Deploy the candidate, if asked: ``--deploy github`` (ghp-import onto a
   branch of a git remote) or ``--deploy rsync`` (to ``RSYNC_TARGET``). A
   deploy that fails (a remote that cannot be reached or refuses the push, a
   target that cannot be written) prints one line, exits 1, removes the
   candidate and leaves ``output/`` as it was.
4. Put the candidate in place of ``output/``.

Defaults come from the environment, so ``make publish VAR=value`` and a CI
job's variables both work: SITEURL, DEPLOY, PUBLISH_REMOTE, PUBLISH_BRANCH,
PUBLISH_CNAME, RSYNC_TARGET, PRECOMPRESS, JOBS.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console

from pipeline.build import PRECOMPRESS_PLUGIN, build, interrupted_line
from pipeline.build_output import (
    BuildLocked,
    Interrupted,
    clear_leftovers,
    output_lock,
    replace_dir,
    stop_on_signals,
)
from pipeline.deploy import DeployError, deploy_git, deploy_rsync
from pipeline.gate import check_site, report
from pipeline.gate.html_validation import checker_unavailable
from scenes.render.manifest import PROJECT_ROOT, manifest_path
from scenes.render.profiles import PROFILES
from scenes.render.settings import default_jobs

__all__ = ["publish", "main", "PUBLISH_PROFILE"]

PUBLISH_PROFILE = "publish"
DEPLOY_TARGETS = ("none", "github", "rsync")


def publish_settings(settings_file: Path, siteurl: str | None,
                     precompress: bool) -> tuple[dict, dict]:
    """The publish settings as Pelican will read them, and the overrides that make them so."""
    from pelican.settings import read_settings

    overrides: dict = {}
    if siteurl is not None:
        siteurl = siteurl.rstrip("/")
        overrides.update(SITEURL=siteurl, FEED_DOMAIN=siteurl)
    settings = read_settings(str(settings_file), override=overrides)
    if precompress and PRECOMPRESS_PLUGIN not in settings["PLUGINS"]:
        overrides.update(PLUGINS=[*settings["PLUGINS"], PRECOMPRESS_PLUGIN],
                         PRECOMPRESS_GZIP=True, PRECOMPRESS_BROTLI=True,
                         PRECOMPRESS_ZOPFLI=False, PRECOMPRESS_ZSTANDARD=False)
        settings = read_settings(str(settings_file), override=overrides)
    return settings, overrides


def required_files(settings: dict) -> list[str]:
    """What the settings promise beside the pages: feeds, sitemap, template pages."""
    required = [settings[name] for name in ("FEED_ALL_ATOM", "FEED_ALL_RSS") if settings.get(name)]
    required += [str(path) for path in settings.get("TEMPLATE_PAGES", {}).values()]
    if any(str(plugin).endswith("sitemap") for plugin in settings.get("PLUGINS", [])):
        required.append(f"sitemap.{settings.get('SITEMAP', {}).get('format', 'xml')}")
    return required


def publish(content: Path, output: Path, settings_file: Path, quality: str, jobs: int,
            console: Console, *, siteurl: str | None = None, precompress: bool = False,
            deploy: str = "none", remote: str = "origin", branch: str = "gh-pages",
            cname: str | None = None, rsync_target: str | None = None) -> int:
    """Build, gate, swap in and deploy; return the exit status.

    Holds ``output``'s lock throughout (another build or publish writing it is an
    error naming it); interrupted, it leaves ``output`` as it was and no candidate.
    """
    content, output = content.resolve(), output.resolve()
    try:
        with output_lock(output):
            clear_leftovers(output)
            candidate = output.with_name(f"{output.name}.publish-{os.getpid()}")
            try:
                return _publish(content, output, candidate, settings_file, quality, jobs,
                                console, siteurl=siteurl, precompress=precompress,
                                deploy=deploy, remote=remote, branch=branch, cname=cname,
                                rsync_target=rsync_target)
            finally:
                shutil.rmtree(candidate, ignore_errors=True)
                candidate.with_name(f".{candidate.name}.lock").unlink(missing_ok=True)
    except BuildLocked as locked:
        console.print(f"[red]publish stopped[/]: {locked}", highlight=False, soft_wrap=True)
        return 1


def _publish(content: Path, output: Path, candidate: Path, settings_file: Path, quality: str,
             jobs: int, console: Console, *, siteurl: str | None, precompress: bool,
             deploy: str, remote: str, branch: str, cname: str | None,
             rsync_target: str | None) -> int:
    """``publish``, once it holds the output's lock."""
    started = time.monotonic()

    # 0. The gate must be able to run before anything is built for it.
    unavailable = checker_unavailable()
    if unavailable is not None:
        console.print(f"[red]publish stopped[/]: {unavailable}; nothing built or deployed",
                      highlight=False, soft_wrap=True)
        return 1
    settings, overrides = publish_settings(settings_file, siteurl, precompress)
    siteurl = settings["SITEURL"]

    # 1. Build into a candidate folder; output/ is not touched yet.
    shutil.rmtree(candidate, ignore_errors=True)
    status = build(content, candidate, settings_file, quality, jobs, console, overrides)
    if status != 0:
        shutil.rmtree(candidate, ignore_errors=True)
        console.print("[red]publish stopped[/]: the build failed; nothing deployed")
        return status

    # 2. The gate: every problem, or nothing.
    manifest = manifest_path(quality)
    problems = check_site(candidate, siteurl=siteurl, content=content, manifest=manifest,
                          scenes_dir=PROJECT_ROOT / "scenes", required=required_files(settings))
    if problems:
        shutil.rmtree(candidate, ignore_errors=True)
        for line in report(problems, output.name):
            console.print(f"[red]error:[/] {line}", highlight=False, soft_wrap=True)
        console.print(f"[red]publish stopped[/]: the gate found {len(problems)} problem(s); "
                      f"nothing deployed, {output} unchanged")
        return 1
    console.print(f"gate passed: {output.name}/ for {siteurl or '(relative URLs)'}")

    # 3. Deploy what was checked, from the candidate: a deploy that fails leaves
    # output/ as the last publish left it (and the remote as it was).
    try:
        if deploy == "github":
            commit = deploy_git(candidate, remote, branch, repository=PROJECT_ROOT,
                                message=_commit_message(siteurl, quality), cname=cname)
            console.print(f"deployed {commit[:12]} to {remote} {branch}")
        elif deploy == "rsync":
            deploy_rsync(candidate, rsync_target or "")
            console.print(f"deployed to {rsync_target}")
    except DeployError as error:
        shutil.rmtree(candidate, ignore_errors=True)
        console.print(f"[red]deploy failed[/]: {error}; {output} unchanged", highlight=False,
                      soft_wrap=True)
        return 1

    # 4. The checked (and deployed) site becomes output/.
    replace_dir(candidate, output)
    console.print(f"published in {time.monotonic() - started:.1f} s"
                  + ("" if deploy != "none" else " (not deployed: DEPLOY=github or rsync)"))
    return 0


def _commit_message(siteurl: str, quality: str) -> str:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, check=False).stdout.strip()
    source = f" from {head}" if head else ""
    return f"Publish {siteurl or 'site'}{source} ({quality} quality)"


def _flag(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0", "false", "no")


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    environ = os.environ
    parser = argparse.ArgumentParser(prog="python -m pipeline.publish", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--content", type=Path, default=PROJECT_ROOT / "content")
    parser.add_argument("--output", type=Path, default=PROJECT_ROOT / "output")
    parser.add_argument("--settings", type=Path, default=PROJECT_ROOT / "publishconf.py")
    parser.add_argument("--quality", choices=sorted(PROFILES), default=PUBLISH_PROFILE,
                        help="render profile (default: publish; test only for the test suite)")
    parser.add_argument("--jobs", type=int, default=int(environ.get("JOBS") or 0) or None)
    parser.add_argument("--siteurl", default=environ.get("SITEURL") or None,
                        help="absolute URL of the site (default: publishconf.py's)")
    parser.add_argument("--precompress", action="store_true", default=_flag("PRECOMPRESS"),
                        help="also write .gz and .br copies of the text files")
    parser.add_argument("--deploy", choices=DEPLOY_TARGETS,
                        default=environ.get("DEPLOY") or "none")
    parser.add_argument("--remote", default=environ.get("PUBLISH_REMOTE") or "origin",
                        help="git remote name or URL (github)")
    parser.add_argument("--branch", default=environ.get("PUBLISH_BRANCH") or "gh-pages")
    parser.add_argument("--cname", default=environ.get("PUBLISH_CNAME") or None,
                        help="custom domain: written to CNAME on the branch")
    parser.add_argument("--rsync-target", default=environ.get("RSYNC_TARGET") or None,
                        help="host:/path or folder (rsync)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    console = Console(stderr=True)
    try:
        with stop_on_signals():
            return publish(arguments.content, arguments.output, arguments.settings.resolve(),
                           arguments.quality, arguments.jobs or default_jobs(), console,
                           siteurl=arguments.siteurl, precompress=arguments.precompress,
                           deploy=arguments.deploy, remote=arguments.remote,
                           branch=arguments.branch, cname=arguments.cname,
                           rsync_target=arguments.rsync_target)
    except (KeyboardInterrupt, Interrupted) as stop:
        console.print(interrupted_line(stop, arguments.output.resolve()) + "; nothing deployed",
                      highlight=False, soft_wrap=True)
        return 130 if isinstance(stop, KeyboardInterrupt) else 143


if __name__ == "__main__":
    sys.exit(main())
