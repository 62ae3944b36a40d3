"""Deploy faults: a remote that refuses the push or cannot be reached, an rsync target that
cannot be written. Each gives one line saying why, exit 1, and changes nothing: not the
remote, not output/ (byte for byte), not the project's own git state (deploys are built in a
scratch repository). Real git remotes (bare repositories in a temp folder, a refused port)
and real rsync."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.deploy import DeployError, deploy_git, deploy_rsync

from .conftest import ROOT, SITEURL, Published, branch_head, run_publish, tree_digest

pytestmark = pytest.mark.xdist_group("publish")

needs_rsync = pytest.mark.skipif(shutil.which("rsync") is None, reason="rsync is not installed")


def local_deploy_state() -> str:
    """The project repository's gh-pages refs and tracked files: a deploy never touches them."""
    refs = subprocess.run(["git", "for-each-ref", "refs/heads/gh-pages", "refs/remotes"],
                          cwd=ROOT, capture_output=True, text=True, check=True).stdout
    tracked = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return refs + tracked


def edit_article(project: Published) -> None:
    """A change, so that a build differs from output/ and a swap would show."""
    article = project.content / "articles" / "fixture.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n改了。\n", encoding="utf-8")


def assert_one_line_and_nothing_changed(result: subprocess.CompletedProcess[str],
                                        project: Published, output_before: str,
                                        state_before: str) -> str:
    assert result.returncode == 1, result.stderr
    [line] = [line for line in result.stderr.splitlines() if "deploy failed" in line]
    assert line.endswith(f"{project.output} unchanged"), line
    assert "Traceback" not in result.stderr + result.stdout
    assert tree_digest(project.output) == output_before
    assert local_deploy_state() == state_before
    assert sorted(p.name for p in project.root.iterdir()) == ["content", "output", "site.git"]
    return line


def test_a_rejecting_remote(copy_of: Published) -> None:
    before, output_before, state_before = (branch_head(copy_of.remote),
                                           tree_digest(copy_of.output), local_deploy_state())
    hook = copy_of.remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'remote says no' >&2\necho 'second line' >&2\nexit 1\n")
    hook.chmod(0o755)
    edit_article(copy_of)

    result = run_publish(copy_of.root, "--siteurl", SITEURL, "--deploy", "github",
                         "--remote", str(copy_of.remote))

    line = assert_one_line_and_nothing_changed(result, copy_of, output_before, state_before)
    assert "the remote is unchanged" in line and "remote says no; remote: second line" in line
    assert "pre-receive hook declined" in line
    assert branch_head(copy_of.remote) == before


def test_a_remote_that_does_not_exist(copy_of: Published) -> None:
    output_before, state_before = tree_digest(copy_of.output), local_deploy_state()
    edit_article(copy_of)
    missing = copy_of.root / "no-such.git"

    result = run_publish(copy_of.root, "--deploy", "github", "--remote", str(missing))

    line = assert_one_line_and_nothing_changed(result, copy_of, output_before, state_before)
    assert f"no git remote named '{missing}'" in line


@needs_rsync
def test_an_rsync_target_that_cannot_be_written(copy_of: Published, tmp_path: Path) -> None:
    output_before, state_before = tree_digest(copy_of.output), local_deploy_state()
    edit_article(copy_of)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")

    result = run_publish(copy_of.root, "--siteurl", SITEURL, "--deploy", "rsync",
                         "--rsync-target", str(blocker / "www"))

    line = assert_one_line_and_nothing_changed(result, copy_of, output_before, state_before)
    assert f"rsync to {blocker / 'www'} failed (exit " in line
    assert blocker.read_text() == "not a folder"


@pytest.mark.parametrize("remote", [
    "http://127.0.0.1:9/site.git",          # nothing listens: refused at once
    "ssh://git@127.0.0.1:9/site.git",       # the same over ssh, never a prompt
    "file:///nonexistent/site.git",
    "{tmp}/plain-folder",                   # a folder, not a repository
])
def test_unreachable_git_remotes(published: Published, tmp_path: Path, remote: str) -> None:
    (tmp_path / "plain-folder").mkdir()
    state_before = local_deploy_state()
    with pytest.raises(DeployError) as raised:
        deploy_git(published.output, remote.format(tmp=tmp_path), "gh-pages", repository=ROOT,
                   message="never")
    assert "\n" not in str(raised.value)
    assert str(raised.value).startswith("cannot reach "), raised.value
    assert local_deploy_state() == state_before


@needs_rsync
@pytest.mark.parametrize("target", [
    "{tmp}/missing/deeper/www",             # parents that do not exist
    "{tmp}/a-file/www",                     # a file where a folder must be
    "nobody@127.0.0.1:/srv/www",            # a host with no ssh server (or no key for it)
])
def test_rsync_targets_that_cannot_be_written(published: Published, tmp_path: Path,
                                              target: str) -> None:
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(DeployError) as raised:
        deploy_rsync(published.output, target.format(tmp=tmp_path))
    assert "\n" not in str(raised.value)
    assert "failed (exit " in str(raised.value)


def test_a_remote_asking_for_a_password_fails_instead_of_waiting(published: Published) -> None:
    """An HTTP remote answering 401: git must not prompt (a publish in CI would hang)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class AskForPassword(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="site"')
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), AskForPassword)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        # Git asked its askpass program (which answers nothing), never a terminal.
        with pytest.raises(DeployError, match="cannot reach .*: fatal: Authentication "
                                              "failed") as raised:
            deploy_git(published.output, f"http://127.0.0.1:{server.server_address[1]}/s.git",
                       "gh-pages", repository=ROOT, message="never")
        assert "\n" not in str(raised.value)
    finally:
        server.shutdown()
        server.server_close()
