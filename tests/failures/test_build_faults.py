"""Faults of the machine, not the project: killed builds, a full disk, an
output folder that cannot be replaced, a read-only project, two swaps at
once, and a deploy that copied too much. Each is one line, never a
traceback, and the last good site stays."""

from __future__ import annotations

import errno
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from macros.build import safe_output
from tests.browser_harness import NGINX_SITE_CONF
from tests.sitebuild import ROOT

BUILD_SITE = ROOT / "scripts" / "build_site.py"


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def good_site(path: Path, marker: str = "last good") -> Path:
    path.mkdir(parents=True)
    (path / "index.html").write_text(marker, encoding="utf-8")
    return path


# ── Orphans ───────────────────────────────────────────────────────────────

def test_a_build_removes_the_staging_folders_of_killed_builds(tmp_path):
    site = good_site(tmp_path / "site")
    dead = dead_pid()
    orphans = [tmp_path / f".site.new-{dead}-abc", tmp_path / f".site.old-{dead}-def"]
    running = tmp_path / f".site.new-{os.getpid()}-ghi"  # a build still running
    for folder in [*orphans, running]:
        folder.mkdir()
        (folder / "index.html").write_text("partial", encoding="utf-8")
    result = subprocess.run([sys.executable, str(BUILD_SITE), "--site-dir", str(site),
                             "--config-file", str(tmp_path / "missing.yml")],
                            capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode != 0
    assert not any(folder.exists() for folder in orphans)
    assert running.exists()
    assert (site / "index.html").read_text(encoding="utf-8") == "last good"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.new-")] == [running.name]


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _wait_for(predicate, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_a_killed_build_leaves_no_orphan_process(tmp_path, signum):
    site = good_site(tmp_path / "site")
    build = subprocess.Popen([sys.executable, str(BUILD_SITE), "--site-dir", str(site)],
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait_for(lambda: _children(build.pid)), "the build never started MkDocs"
        child = _children(build.pid)[0]
        assert _wait_for(lambda: any(p.name.startswith(".site.new-") for p in tmp_path.iterdir()))
        os.kill(build.pid, signum)
        build.wait(timeout=20)
        assert _wait_for(lambda: not Path(f"/proc/{child}").exists()
                         or "Z" in Path(f"/proc/{child}/stat").read_text().split()[2], 15), \
            "the MkDocs child outlived its killed parent"
    finally:
        if build.poll() is None:
            build.kill()
    if signum == signal.SIGTERM:  # it cleaned up after itself
        assert not any(p.name.startswith(".site.new-") for p in tmp_path.iterdir())
    else:  # SIGKILL: the next build's clean-up removes it
        safe_output.remove_orphans(site)
        assert not any(p.name.startswith(".site.new-") for p in tmp_path.iterdir())
    assert (site / "index.html").read_text(encoding="utf-8") == "last good"


# ── Machine problems: one line each ───────────────────────────────────────

FULL_DISK = '''import errno, sys
print("INFO    -  Building documentation")
raise OSError(errno.ENOSPC, "No space left on device", "/srv/site/.site.new-1/index.html")
'''


def test_a_full_disk_is_one_line(capsys):
    code = safe_output.run_build([sys.executable, "-c", FULL_DISK], dict(os.environ))
    err = capsys.readouterr().err
    assert code != 0
    assert "Traceback" not in err
    assert err.splitlines()[-1] == "the build stopped: the disk is full"
    assert "INFO    -  Building documentation" in err


def test_a_programming_error_keeps_its_traceback(capsys):
    safe_output.run_build([sys.executable, "-c", "raise KeyError('bug')"], dict(os.environ))
    assert "Traceback" in capsys.readouterr().err


def test_an_output_folder_that_cannot_be_replaced_is_one_line(tmp_path, monkeypatch):
    site = good_site(tmp_path / "site")
    staging = good_site(tmp_path / ".site.new-1-x", "new")
    real_rename = Path.rename

    def immutable(self, target):
        if self == site:
            raise OSError(errno.EPERM, "Operation not permitted", str(self))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", immutable)
    with pytest.raises(safe_output.OutputError) as caught:
        safe_output.swap_in(staging, site)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"cannot put the new site in place at {site}; the last good site "
                              "was left as it was: not permitted (is it immutable")
    assert (site / "index.html").read_text(encoding="utf-8") == "last good"


def test_a_read_only_project_is_one_line(tmp_path, monkeypatch):
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path))

    monkeypatch.setattr(safe_output.tempfile, "mkdtemp", read_only)
    with pytest.raises(safe_output.OutputError) as caught:
        safe_output.make_staging(tmp_path / "site")
    assert str(caught.value) == (f"cannot create a build folder beside {tmp_path / 'site'}: "
                                 f"the file system is read-only: {tmp_path}")


def test_build_site_reports_a_read_only_output_folder_in_one_line(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders; covered in process above")
    parent = tmp_path / "out"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        result = subprocess.run([sys.executable, str(BUILD_SITE), "--site-dir", str(parent / "site")],
                                cwd=ROOT, capture_output=True, text=True, check=False, timeout=60)
    finally:
        parent.chmod(0o755)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"Build failed: cannot create a build folder beside {parent / 'site'}: permission denied: "
        f"{parent}; {parent / 'site'} was left as it was."]


# ── Two swaps at once ─────────────────────────────────────────────────────

def _swap_many(site: str, worker: int, rounds: int) -> None:
    site_dir = Path(site)
    for index in range(rounds):
        staging = site_dir.parent / f".site.new-{os.getpid()}-{index}"
        staging.mkdir()
        (staging / "index.html").write_text(f"{worker}:{index}", encoding="utf-8")
        (staging / "complete").write_text("yes", encoding="utf-8")
        safe_output.swap_in(staging, site_dir)


def test_concurrent_swaps_never_interleave(tmp_path):
    site = good_site(tmp_path / "site")
    (site / "complete").write_text("yes", encoding="utf-8")
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_swap_many, args=(str(site), n, 40)) for n in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [worker.exitcode for worker in workers] == [0, 0, 0]
    assert (site / "complete").read_text(encoding="utf-8") == "yes"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "site"]
    assert leftovers == []


# ── nginx: a deploy that copied too much ──────────────────────────────────

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed here")
def test_nginx_never_serves_dotfiles_or_source_files(tmp_path):
    import urllib.error
    import urllib.request

    # nginx's workers run as another user: pytest's own folders are private.
    root = Path(tempfile.mkdtemp(prefix="nginx-root-"))
    root.chmod(0o755)
    (root / ".git").mkdir(parents=True)
    (root / ".git" / "config").write_text("[core]", encoding="utf-8")
    (root / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (root / "404.html").write_text("<p>not found</p>", encoding="utf-8")
    planted = {".env": "X=1", "organisation.yml": "a: 1", "docs/contacts.md": "# C",
               "macros/site.py": "x = 1", "pyproject.toml": "[project]", "site.yml.bak": "a",
               "assets/notes.md": "# n", ".htpasswd": "u:p"}
    for name, text in planted.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    port = _free_port()
    conf = (NGINX_SITE_CONF.read_text(encoding="utf-8")
            .replace("listen 8080;", f"listen 127.0.0.1:{port};")
            .replace("root /usr/share/nginx/html;", f"root {root};"))
    (tmp_path / "site.conf").write_text(conf, encoding="utf-8")
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\ndaemon off;\nevents {{}}\nhttp {{\n"
        "  include /etc/nginx/mime.types;\n  access_log off;\n"
        f"  client_body_temp_path {tmp_path};\n  include {tmp_path / 'site.conf'};\n}}\n",
        encoding="utf-8")
    server = subprocess.Popen(["nginx", "-e", "stderr", "-p", str(tmp_path), "-c", str(main)],
                              stderr=subprocess.PIPE)
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy
    try:
        def status(path: str) -> int:
            try:
                with direct.open(f"http://127.0.0.1:{port}/{path}", timeout=5) as answer:
                    return answer.status
            except urllib.error.HTTPError as exc:
                return exc.code

        def up() -> bool:
            try:
                return status("") == 200
            except OSError:
                return False

        if not _wait_for(up, 10):
            server.terminate()
            pytest.fail(f"nginx did not start: {server.communicate(timeout=10)[1].decode()[:500]}")
        answers = {name: status(name) for name in [".git/config", *planted]}
        assert answers == {name: 404 for name in answers}, answers
        assert status("index.html") == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)
