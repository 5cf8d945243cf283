"""A build's work folders in the temporary folder: a killed build's are removed."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from macros.build.safe_output import work_folder


def test_folders_of_processes_that_no_longer_run_are_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    left = tmp_path / f"triage-pages-{ended.pid}-abc"  # a build killed with SIGKILL
    left.mkdir()
    (left / "index.md").write_text("x", encoding="utf-8")
    running = tmp_path / f"triage-pages-{os.getpid()}-def"  # a build still running
    running.mkdir()
    other = tmp_path / f"policy-downloads-{ended.pid}-ghi"  # another step's: not this one's
    other.mkdir()
    made = work_folder("triage-pages-")
    assert made.is_dir() and made.parent == tmp_path
    assert made.name.startswith(f"triage-pages-{os.getpid()}-")
    assert not left.exists() and running.is_dir() and other.is_dir()
