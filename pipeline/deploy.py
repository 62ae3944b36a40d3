"""Send a checked site out: to a git branch (ghp-import) or to a folder or host (rsync).

Both are called only with a site the gate passed (see ``pipeline.publish``).

``deploy_git`` builds the commit in a scratch repository, never in the
project's own: it fetches the remote branch's tip (only that commit), lets
ghp-import write the site on top of it (with ``.nojekyll``, and ``CNAME`` when a
domain is given), and pushes without force. A push that fails, because the
remote cannot be reached or someone pushed in between, changes nothing there:
git updates a remote branch all at once or not at all. The project's own
repository is only read (its remote's URL, the committer's name): its local
``gh-pages`` branch, index and working tree are never touched, whatever happens.

Every failure is a ``DeployError`` with a one-line message (the tool's own
lines joined), and nothing waits for a person: git never prompts for a
password (``GIT_TERMINAL_PROMPT=0``, an askpass that answers nothing) and ssh
runs in batch mode with a connect timeout.

``deploy_rsync`` copies with ``--delay-updates``, so changed files are put in
place together at the end, and ``--delete``, so the target holds the site and
nothing else.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["DeployError", "deploy_git", "deploy_rsync", "one_line", "remote_url"]

# The commit's identity when neither the environment nor git config gives one.
DEFAULT_COMMITTER = ("Site publisher", "publish@localhost")


class DeployError(RuntimeError):
    """Deployment did not happen; the message (one line) says why, the remote is as it was."""


def one_line(text: str) -> str:
    """A tool's message (git's and rsync's span several lines) as one line: lines joined by "; "."""
    return "; ".join(line.strip() for line in text.splitlines() if line.strip())


# Git must fail, not wait: no password prompt on a terminal, no ssh host-key question,
# no endless connect to a host that drops packets.
_NON_INTERACTIVE = {"GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "true", "SSH_ASKPASS": "true"}
_SSH = "ssh -o BatchMode=yes -o ConnectTimeout=20"


def _environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "GIT_SSH_COMMAND": os.environ.get("GIT_SSH_COMMAND") or _SSH,
            **_NON_INTERACTIVE, **(extra or {})}


def _git(*args: str, cwd: Path, check: bool = True,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                            env=_environment(env), check=False)
    if check and result.returncode != 0:
        raise DeployError(f"git {' '.join(args)}: "
                          f"{one_line(result.stderr) or one_line(result.stdout)}")
    return result


def remote_url(remote: str, repository: Path) -> str:
    """The URL of ``remote`` as the project's repository names it, or ``remote`` itself.

    ``PUBLISH_REMOTE`` may be a remote's name (``origin``) or a URL or path.
    """
    if _git("rev-parse", cwd=repository, check=False).returncode == 0:
        named = _git("remote", "get-url", remote, cwd=repository, check=False)
        if named.returncode == 0 and named.stdout.strip():
            return named.stdout.strip()
    if Path(remote).exists():
        return str(Path(remote).resolve())
    if "://" in remote or ":" in remote.split("/", 1)[0]:
        return remote
    raise DeployError(f"no git remote named '{remote}' in {repository}, and it is no URL "
                      "or path either (set PUBLISH_REMOTE)")


def _committer(repository: Path) -> dict[str, str]:
    """GIT_COMMITTER_* for ghp-import: the environment's, else the project's git config."""
    values = {}
    for key, config, default in (("GIT_COMMITTER_NAME", "user.name", DEFAULT_COMMITTER[0]),
                                 ("GIT_COMMITTER_EMAIL", "user.email", DEFAULT_COMMITTER[1])):
        configured = _git("config", config, cwd=repository, check=False).stdout.strip()
        values[key] = os.environ.get(key) or configured or default
    return values


def deploy_git(site: Path, remote: str, branch: str, *, repository: Path, message: str,
               cname: str | None = None) -> str:
    """Commit ``site`` onto ``branch`` of ``remote`` and push it; return the commit's id."""
    url = remote_url(remote, repository)
    listed = _git("ls-remote", "--heads", url, f"refs/heads/{branch}", cwd=repository,
                  check=False)
    if listed.returncode != 0:
        raise DeployError(f"cannot reach {url}: {one_line(listed.stderr)}")
    with tempfile.TemporaryDirectory(prefix="publish-") as scratch_name:
        scratch = Path(scratch_name)
        _git("init", "--quiet", cwd=scratch)
        _git("remote", "add", "publish", url, cwd=scratch)
        if listed.stdout.strip():
            # Only the tip: the new commit follows it, so the push needs no force.
            _git("fetch", "--quiet", "--depth=1", "publish",
                 f"refs/heads/{branch}:refs/remotes/publish/{branch}", cwd=scratch)
        command = [sys.executable, "-m", "ghp_import", "--no-jekyll", "--remote", "publish",
                   "--branch", branch, "--message", message]
        if cname:
            command += ["--cname", cname]
        imported = subprocess.run([*command, str(site.resolve())], cwd=scratch,
                                  capture_output=True, text=True, check=False,
                                  env=_environment(_committer(repository)))
        head = _git("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}", cwd=scratch,
                    check=False).stdout.strip()
        # ghp-import reports a failed commit on stdout and still exits 0.
        if imported.returncode != 0 or "Failed" in imported.stdout or not head:
            raise DeployError("ghp-import could not commit the site: "
                              f"{one_line(imported.stderr + imported.stdout)}")
        pushed = _git("push", "--quiet", "publish", f"refs/heads/{branch}:refs/heads/{branch}",
                      cwd=scratch, check=False)
        if pushed.returncode != 0:
            raise DeployError(f"push to {url} {branch} failed; the remote is unchanged: "
                              f"{one_line(pushed.stderr)}")
        return head


def deploy_rsync(site: Path, target: str) -> None:
    """Copy ``site`` to ``target`` (``host:path`` or a folder) so it holds exactly the site."""
    if not target:
        raise DeployError("no rsync target: set RSYNC_TARGET (host:/path or a folder)")
    if shutil.which("rsync") is None:
        raise DeployError("rsync is not installed (Debian: apt-get install rsync)")
    command = ["rsync", "--recursive", "--links", "--times", "--checksum", "--compress",
               "--delete", "--delay-updates", "--human-readable", "--stats",
               # A host that cannot be reached fails in seconds, without a prompt.
               "--rsh", _SSH, f"{site.resolve()}/", target]
    result = subprocess.run(command, capture_output=True, text=True, check=False,
                            env=_environment())
    if result.returncode != 0:
        raise DeployError(f"rsync to {target} failed (exit {result.returncode}): "
                          f"{one_line(result.stderr)}")
