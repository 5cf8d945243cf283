"""Shared by the benchmarks: a freshly built site, served like the tests serve it."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def site_dir(given: str | None) -> Iterator[Path]:
    """The folder of a built site: `given`, or a fresh strict build in a temp folder."""
    if given:
        yield Path(given)
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                        "--site-dir", str(out)], cwd=ROOT, env=env, check=True)
        yield out
